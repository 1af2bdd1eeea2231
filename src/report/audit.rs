//! The audit footer of a report page: what made it.
//!
//! A quality reviewer filing a report must be able to say which tool,
//! which scenario text and which shipment produced it, and with which
//! options. [`Audit`] holds that: the tool version, the scenario's file
//! name and the SHA-256 of its text, the shipment id and the inputs that
//! shaped the page (size, logger file and its hash, alternatives). It
//! holds no clock time, so the same inputs draw the same bytes.

use sha2::{Digest, Sha256};

/// What produced a report page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    /// `coldroute 0.1.0`.
    pub tool: String,
    /// The scenario file, when the plan came from one.
    pub scenario: Option<Source>,
    /// The shipment id.
    pub shipment: String,
    /// Further inputs, each as `name value` (`size 1600x900`, `logger
    /// trip.csv sha256:...`), in the order given.
    pub inputs: Vec<String>,
}

/// A named input text and its content hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// File name as given (no directories are added or taken away).
    pub name: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

impl Source {
    /// `name` with the SHA-256 of `bytes`.
    pub fn new(name: impl Into<String>, bytes: &[u8]) -> Source {
        Source {
            name: name.into(),
            sha256: sha256_hex(bytes),
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} sha256:{}", self.name, self.sha256)
    }
}

impl Audit {
    /// The audit of shipment `shipment` drawn by this build, with no
    /// scenario file and no further inputs yet.
    pub fn new(shipment: impl Into<String>) -> Audit {
        Audit {
            tool: format!("coldroute {}", env!("CARGO_PKG_VERSION")),
            scenario: None,
            shipment: shipment.into(),
            inputs: Vec::new(),
        }
    }

    /// The footer's pieces, in order: tool, scenario, shipment, inputs.
    pub fn pieces(&self) -> Vec<String> {
        let mut v = vec![self.tool.clone()];
        match &self.scenario {
            Some(src) => v.push(format!("scenario {src}")),
            None => v.push("scenario: not from a file".to_string()),
        }
        v.push(format!("shipment {}", self.shipment));
        v.extend(self.inputs.iter().cloned());
        v
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_sha256() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn pieces_name_tool_scenario_shipment_and_inputs() {
        let mut a = Audit::new("SV-0328");
        a.scenario = Some(Source::new("pek-sal.toml", b"abc"));
        a.inputs.push("size 1600x900".into());
        let p = a.pieces();
        assert!(p[0].starts_with("coldroute "));
        assert_eq!(
            p[1],
            "scenario pek-sal.toml sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(p[2..], ["shipment SV-0328", "size 1600x900"]);
    }
}
