//! A folder as input: every file under it that folio reads, recursively,
//! in path order, read on every core. Hidden files and folders are left
//! out; files of a type folio does not read are skipped and counted in one
//! line, not one line each.

use std::fs::File;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{
    Input, Library, LoadError, LoadOptions, LoadReport, LoadWarning, read_head, read_input,
};
use crate::formats::{self, Format};
use crate::parallel::{map_runs, run_len};
use crate::text::inert;

/// Reads every file folio reads under `folder` into `library`.
pub fn load_folder(
    folder: &Path,
    options: LoadOptions,
    library: &mut Library,
    report: &mut LoadReport,
) {
    let name = inert(&folder.display().to_string());
    let (files, skipped) = readable_files(folder, report);
    if skipped > 0 {
        report.warnings.push(LoadWarning::Skipped {
            name: name.clone(),
            count: skipped,
        });
    }
    if files.is_empty() {
        report.errors.push(LoadError::EmptyDirectory { name });
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let loaded = map_runs(&files, run_len(files.len(), threads), |run| {
        run.iter()
            .map(|path| {
                let input = Input::Path(path.clone());
                let mut notes = Vec::new();
                let read = read_input(&input, options, &mut notes);
                (input.name(), read, notes)
            })
            .collect::<Vec<_>>()
    });
    for (name, result, notes) in loaded.into_iter().flatten() {
        report.warnings.extend(notes);
        match result {
            Ok(loaded) => library.add_loaded(name, loaded, report),
            Err(error) => report.errors.push(error),
        }
    }
}

/// The files under `folder` folio reads, in path order, and how many
/// others it skipped. A file is read when its name says a format folio
/// knows, or, with no such name, when its content shows one.
fn readable_files(folder: &Path, report: &mut LoadReport) -> (Vec<PathBuf>, usize) {
    let mut files = Vec::new();
    let mut skipped = 0;
    let walker = WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let place = error.path().map_or_else(
                    || folder.display().to_string(),
                    |path| path.display().to_string(),
                );
                report.errors.push(LoadError::Io {
                    name: inert(&place),
                    reason: inert(&error.to_string()),
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let known = Format::from_extension(path).is_some() || shows_a_format(path);
        if known {
            files.push(path.to_path_buf());
        } else {
            skipped += 1;
        }
    }
    (files, skipped)
}

/// Whether a file with no telling name shows a structured format in its
/// first bytes.
fn shows_a_format(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let name = path.display().to_string();
    read_head(&mut file, &name).is_ok_and(|head| formats::detect(&head, None) != Format::Text)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}
