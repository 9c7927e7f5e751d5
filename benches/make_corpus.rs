//! Writes the synthetic libraries the filter bench uses, for the fzf
//! comparison in `scripts/bench-vs-fzf.sh`:
//!
//!     cargo bench --bench make_corpus -- OUT_DIR [COUNT...]
//!
//! For each COUNT (default 100000 and 1000000) it writes
//! `dump-COUNT.txt` (for folio) and `headlines-COUNT.txt` (for fzf).

#[path = "support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // cargo bench appends "--bench"; everything else is ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some((dir, counts)) = args.split_first() else {
        eprintln!("usage: cargo bench --bench make_corpus -- OUT_DIR [COUNT...]");
        return ExitCode::from(2);
    };
    let counts: Vec<usize> = if counts.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        match counts.iter().map(|c| c.parse()).collect() {
            Ok(counts) => counts,
            Err(error) => {
                eprintln!("COUNT must be a whole number: {error}");
                return ExitCode::from(2);
            }
        }
    };
    let dir = PathBuf::from(dir);
    for count in counts {
        let articles = corpus::articles(count);
        for (name, text) in [
            (format!("dump-{count}.txt"), corpus::dump(&articles)),
            (
                format!("headlines-{count}.txt"),
                corpus::headlines(&articles),
            ),
        ] {
            let path = dir.join(name);
            if let Err(error) = std::fs::write(&path, text) {
                eprintln!("cannot write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {}", path.display());
        }
    }
    ExitCode::SUCCESS
}
