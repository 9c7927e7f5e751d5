//! Opening a person's own files (config, bookmarks, reading state) so that
//! one which is not a regular file — a FIFO someone made, a directory, a
//! device — is refused with a sentence instead of blocking folio forever on
//! an `open` or a `read` that never returns.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use crate::text::inert;

/// Opens `path` for reading, following symlinks; `Ok(None)` when there is
/// nothing there. Anything but a regular file is an error, found without
/// blocking.
pub fn open_regular(path: &Path) -> io::Result<Option<File>> {
    refuse_unless_regular(path)?;
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    // It may have been swapped between the look and the open.
    if !file.metadata()?.is_file() {
        return Err(not_regular(path));
    }
    Ok(Some(file))
}

/// Writes `path` whole or not at all: `write` fills a temporary file in
/// `dir` (made, private, if missing), which is then renamed over `path`, so
/// a reader sees the old file or the new one, never half, and two writers
/// each leave a whole one. An existing file's permissions are kept;
/// `durable` flushes the bytes to the disk first, for a file that cannot be
/// made again.
pub fn write_whole(
    dir: &Path,
    path: &Path,
    prefix: &str,
    durable: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let mut temp = tempfile::Builder::new().prefix(prefix).tempfile_in(dir)?;
    write(&mut temp)?;
    if durable {
        temp.as_file().sync_all()?;
    }
    if let Ok(metadata) = fs::metadata(path) {
        temp.as_file().set_permissions(metadata.permissions())?;
    }
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Refuses a path that exists (following symlinks) and is not a regular
/// file.
pub fn refuse_unless_regular(path: &Path) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(not_regular(path)),
        _ => Ok(()),
    }
}

/// The error for a path that is not a regular file. It does not name the
/// path: the messages it ends up in already do (see [`naming`]).
pub fn not_regular(path: &Path) -> io::Error {
    let what = match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => "it is a directory, not a file",
        _ => "it is not a regular file (a FIFO, socket or device)",
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}; folio leaves it alone"),
    )
}

/// `error` prefixed with the path it is about, for messages that do not
/// name it otherwise.
pub fn naming(path: &Path, error: &io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("{}: {error}", inert(&path.display().to_string())),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::ffi::CString;
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    /// Makes a FIFO at `path`, as `mkfifo` does.
    pub fn make_fifo(path: &Path) {
        let name = CString::new(path.as_os_str().as_bytes()).expect("no NUL in a temp path");
        // SAFETY: `name` is a valid NUL-terminated path for the call.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
    }

    #[test]
    fn a_regular_file_opens_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        assert!(open_regular(&path).expect("no error").is_none());
        fs::write(&path, "text").expect("written");
        let mut text = String::new();
        open_regular(&path)
            .expect("opened")
            .expect("there")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "text");
    }

    #[test]
    fn a_fifo_or_a_directory_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo");
        make_fifo(&fifo);
        let error = open_regular(&fifo).expect_err("a FIFO is refused");
        assert!(error.to_string().contains("not a regular file"), "{error}");
        let error = open_regular(dir.path()).expect_err("a directory is refused");
        assert!(error.to_string().contains("it is a directory"), "{error}");
    }
}
