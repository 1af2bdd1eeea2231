//! Where the CLI's output goes, written safely: files through a synced
//! temporary file and a rename, `-` to standard output, special files
//! (FIFOs, devices) and symlinks written through rather than replaced,
//! temporary files removed when the process is interrupted, and standard
//! output checked.
//!
//! The promises (docs/reliability.md):
//! - a file is either its old content or its whole new content, never a
//!   part: the bytes go to `.NAME.PID.tmp` beside it, are synced to disk,
//!   and the temporary file is renamed over the target;
//! - a symlink stays a symlink: the file it points to is replaced;
//! - a FIFO, a device or another special file is opened and written, never
//!   replaced by a regular file (`-o /dev/stdout` works);
//! - SIGINT or SIGTERM while a temporary file exists removes it (exit 130);
//! - a failed write to standard output is an error (exit 2 with a
//!   message); a closed pipe (`| head`) ends quietly with status 141, as
//!   a process killed by SIGPIPE would.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Exit status when standard output is a closed pipe (128 + SIGPIPE).
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// Temporary files being written, removed if the process is interrupted.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written and exits 130 on
/// SIGINT, SIGTERM or SIGHUP. Call once, before writing anything.
pub fn remove_temporaries_on_signals() {
    let _ = ctrlc::set_handler(|| {
        let temps = TEMPS.lock().unwrap_or_else(|e| e.into_inner());
        for t in temps.iter() {
            let _ = std::fs::remove_file(t);
        }
        std::process::exit(130);
    });
}

/// A writer that keeps the first error it met, so that output written
/// with `let _ = writeln!(...)` still cannot fail silently.
pub struct Checked<W: Write> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Checked<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Checked<W> {
        Checked { inner, error: None }
    }

    /// Flushes and gives the first error met, if any.
    pub fn finish(mut self) -> Option<io::Error> {
        if let Err(e) = self.inner.flush() {
            self.error.get_or_insert(e);
        }
        self.error
    }

    fn keep<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            if self.error.is_none() {
                self.error = Some(io::Error::new(e.kind(), e.to_string()));
            }
        }
        r
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.keep(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.keep(r)
    }
}

/// The exit status and message for a failed write to standard output:
/// quiet 141 for a closed pipe, else 2 with a message.
pub fn stdout_failure(e: &io::Error) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        EXIT_BROKEN_PIPE
    } else {
        super::ui::error(format!("cannot write to standard output: {e}"));
        super::EXIT_BAD_INPUT
    }
}

/// Writes `bytes` to `path`: `-` is standard output (`stdout`); a
/// special file is written through; a symlink's target is replaced;
/// anything else is replaced atomically (module documentation).
pub fn write_output(path: &Path, bytes: &[u8], stdout: &mut dyn Write) -> Result<(), String> {
    if path.as_os_str() == "-" {
        return stdout
            .write_all(bytes)
            .map_err(|e| format!("cannot write to standard output: {e}"));
    }
    let shown = path.display();
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::canonicalize(path).map_err(|e| {
                format!(
                    "cannot write `{shown}`: it is a symlink whose target cannot be reached ({e})"
                )
            })?;
            write_output(&target, bytes, stdout)
        }
        Ok(m) if m.is_dir() => Err(format!(
            "cannot write `{shown}`: it is a directory; give a file name"
        )),
        Ok(m) if !m.is_file() => {
            // A FIFO, a device, a socket: write to it as it is.
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| format!("cannot write `{shown}`: {e}"))
        }
        _ => replace_atomically(path, bytes).map_err(|e| format!("cannot write `{shown}`: {e}")),
    }
}

/// Writes `bytes` beside `path`, syncs them and renames them over it.
fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    TEMPS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tmp.clone());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced
        // (best effort: not every file system lets a directory be opened).
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    TEMPS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|t| t != &tmp);
    result
}

/// An output written as it goes (a batch's records): to `NAME.partial`
/// beside the target, synced and renamed over it by [`Streamed::finish`].
/// A run that is killed leaves the `.partial` file, which `--resume`
/// continues ([`Streamed::resume`]). `-` is standard output, and a special
/// file (a FIFO, a device) is written through; neither can be resumed.
pub struct Streamed {
    file: Option<(io::BufWriter<std::fs::File>, PathBuf, PathBuf)>,
}

/// The partial file beside `path`: `PLANS.jsonl.partial`.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

impl Streamed {
    /// Starts writing `path` afresh (an old partial file is replaced).
    ///
    /// # Errors
    /// The target is a directory, or the partial file cannot be created.
    pub fn create(path: &Path) -> Result<Streamed, String> {
        Streamed::open(path, None)
    }

    /// Continues the partial file of `path`, cut to its first `keep`
    /// bytes (the records known to be whole).
    ///
    /// # Errors
    /// As [`Streamed::create`].
    pub fn resume(path: &Path, keep: u64) -> Result<Streamed, String> {
        Streamed::open(path, Some(keep))
    }

    fn open(path: &Path, keep: Option<u64>) -> Result<Streamed, String> {
        if path.as_os_str() == "-" {
            return Ok(Streamed { file: None });
        }
        let shown = path.display();
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
                format!(
                    "cannot write `{shown}`: it is a symlink whose target cannot be reached ({e})"
                )
            })?,
            Ok(m) if m.is_dir() => {
                return Err(format!(
                    "cannot write `{shown}`: it is a directory; give a file name"
                ))
            }
            Ok(m) if !m.is_file() => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| format!("cannot write `{shown}`: {e}"))?;
                return Ok(Streamed {
                    file: Some((
                        io::BufWriter::new(f),
                        path.to_path_buf(),
                        path.to_path_buf(),
                    )),
                });
            }
            _ => path.to_path_buf(),
        };
        let partial = partial_path(&target);
        let opened = match keep {
            None => std::fs::File::create(&partial),
            Some(n) => std::fs::OpenOptions::new()
                .write(true)
                .open(&partial)
                .and_then(|f| {
                    f.set_len(n)?;
                    Ok(f)
                })
                .and_then(|mut f| {
                    io::Seek::seek(&mut f, io::SeekFrom::End(0))?;
                    Ok(f)
                }),
        }
        .map_err(|e| format!("cannot write `{}`: {e}", partial.display()))?;
        Ok(Streamed {
            file: Some((io::BufWriter::new(opened), partial, target)),
        })
    }

    /// Appends `bytes` (to `stdout` for `-`).
    ///
    /// # Errors
    /// The write failed (a full disk), with the file's name.
    pub fn write_all(&mut self, bytes: &[u8], stdout: &mut dyn Write) -> Result<(), String> {
        match &mut self.file {
            None => stdout
                .write_all(bytes)
                .map_err(|e| format!("cannot write to standard output: {e}")),
            Some((w, partial, _)) => w
                .write_all(bytes)
                .and_then(|()| w.flush())
                .map_err(|e| format!("cannot write `{}`: {e}", partial.display())),
        }
    }

    /// Syncs the partial file and renames it over the target.
    ///
    /// # Errors
    /// The sync or the rename failed.
    pub fn finish(self) -> Result<(), String> {
        let Some((w, partial, target)) = self.file else {
            return Ok(());
        };
        let f = w
            .into_inner()
            .map_err(|e| format!("cannot write `{}`: {}", partial.display(), e.error()))?;
        if partial == target {
            return Ok(());
        }
        f.sync_all()
            .and_then(|()| std::fs::rename(&partial, &target))
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_stays() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        std::fs::write(&p, b"old").unwrap();
        write_output(&p, b"new content", &mut io::sink()).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new content");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_output(&link, b"new", &mut io::sink()).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn dash_is_standard_output_and_a_directory_is_refused() {
        let mut out = Vec::new();
        write_output(Path::new("-"), b"to stdout", &mut out).unwrap();
        assert_eq!(out, b"to stdout");
        let dir = tempfile::tempdir().unwrap();
        let e = write_output(dir.path(), b"x", &mut io::sink()).unwrap_err();
        assert!(e.contains("it is a directory"), "{e}");
    }

    #[test]
    fn checked_output_keeps_the_first_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device",
                ))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Checked::new(Full);
        let _ = writeln!(out, "lost");
        let e = out.finish().expect("the error is kept");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(stdout_failure(&e), crate::cli::EXIT_BAD_INPUT);
        let pipe = io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert_eq!(stdout_failure(&pipe), EXIT_BROKEN_PIPE);
    }
}
