//! The house's floors: every module of the library imports only modules on
//! floors below its own, so there are no import loops and nothing reaches
//! up. A new module must be given a floor here (see ARCHITECTURE.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's top-level modules, top floor first. A module may use
/// those on later lines, never those on its own line or earlier ones.
const FLOORS: &[&[&str]] = &[
    &["cli", "tui"],
    &["ui"],
    &["app"],
    &["config"],
    &["keymap", "layout", "theme"],
    &["wrapped"],
    &["output"],
    &["filter", "parts", "refresh", "store"],
    &["library"],
    &["cache", "offline", "subscriptions"],
    &["formats", "own_files", "web"],
    &["parse"],
    &["action", "article", "line", "memory", "parallel"],
    &["text"],
];

fn floor_of(room: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&room))
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to: `src/filter/engine.rs`
/// and `src/filter.rs` are both `filter`.
fn room(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The modules `text` names as `crate::<module>`, comments aside (a doc
/// link may point anywhere).
fn crate_references(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                !after.starts_with('{'),
                "`use crate::{{…}}` hides which modules are used: {line}"
            );
            found.insert(name);
            rest = after;
        }
    }
    found
}

#[test]
fn every_module_imports_only_from_floors_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let room = room(&src, &file);
        // The binaries stand above the library and may use all of it.
        if matches!(room.as_str(), "main" | "lib" | "bin") {
            continue;
        }
        let Some(own) = floor_of(&room) else {
            wrong.push(format!("{room} has no floor in FLOORS"));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable");
        for used in crate_references(&text) {
            if used == room {
                continue;
            }
            match floor_of(&used) {
                Some(floor) if floor > own => {}
                _ => wrong.push(format!(
                    "{} uses crate::{used}, which is not on a floor below {room}",
                    file.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reference_reader_sees_through_comments_and_paths() {
    let text = "use crate::filter::engine::Results;\n//! [`Library`]: crate::library::Library\nlet x = crate::text::clean(b); // crate::app\n";
    let found: Vec<String> = crate_references(text).into_iter().collect();
    assert_eq!(found, ["filter", "text"]);
}
