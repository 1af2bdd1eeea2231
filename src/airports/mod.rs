//! The built-in airport table (placeholder until generated).
