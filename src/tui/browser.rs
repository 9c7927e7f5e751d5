//! Opening a link in the person's browser: `$BROWSER` if set (the first
//! of a `:`-separated list, its words split without a shell, `%s` replaced
//! by the URL), else the platform's opener. The URL is one argument of a
//! process started directly, never a shell's command line, and only an
//! `http(s)` or `mailto` URL is ever passed. The browser's output is kept
//! off folio's screen.

use std::process::{Command, Stdio};

use crate::article::is_openable;

/// Starts the browser on `url`; the error is a sentence for the status bar.
pub fn open(url: &str, browser: Option<&str>) -> Result<(), String> {
    if !is_openable(url) {
        return Err("only http, https and mailto links are opened".to_string());
    }
    let (program, args) = command_for(url, browser);
    let mut child = Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| crate::text::inert(&format!("could not start {program}: {error}")))?;
    // Reaped in the background, so no finished browser is left a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The program and its arguments for `url`.
fn command_for(url: &str, browser: Option<&str>) -> (String, Vec<String>) {
    let chosen = browser.and_then(|list| {
        list.split(':')
            .map(str::trim)
            .find(|entry| !entry.is_empty())
    });
    if let Some(entry) = chosen {
        let mut words = entry.split_whitespace().map(str::to_string);
        if let Some(program) = words.next() {
            let mut args: Vec<String> = words.collect();
            if args.iter().any(|arg| arg.contains("%s")) {
                for arg in &mut args {
                    *arg = arg.replace("%s", url);
                }
            } else {
                args.push(url.to_string());
            }
            return (program, args);
        }
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    (opener.to_string(), vec![url.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_words_are_split_without_a_shell() {
        assert_eq!(
            command_for("https://e.org/a b", Some("firefox --new-tab")),
            (
                "firefox".to_string(),
                vec!["--new-tab".to_string(), "https://e.org/a b".to_string()]
            )
        );
        assert_eq!(
            command_for("https://e.org/", Some(":w3m -T text/html %s:lynx")),
            (
                "w3m".to_string(),
                vec!["-T".into(), "text/html".into(), "https://e.org/".into()]
            )
        );
        assert_eq!(command_for("https://e.org/", None).1, ["https://e.org/"]);
    }

    #[test]
    fn only_web_and_mail_links_are_opened() {
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://e.org/\u{1b}[2J",
            "data:text/html,x",
        ] {
            assert!(open(bad, Some("true")).is_err(), "{bad}");
        }
    }
}
