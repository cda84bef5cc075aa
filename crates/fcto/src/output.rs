//! The only place that writes to stdout and stderr. A closed pipe (`fcto assess | head`) is not
//! an error.

#![allow(clippy::print_stdout, clippy::print_stderr)] // This module is the output.

use std::io::{self, IsTerminal, Write};

/// Writes `text` to stdout; a broken pipe ends quietly.
pub fn stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A line on stderr.
pub fn status(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// An error on stderr: `fcto: error: ...`, the whole chain.
pub fn error(err: &anyhow::Error) {
    let mut msg = format!("fcto: error: {err}");
    for cause in err.chain().skip(1) {
        msg.push_str(&format!(": {cause}"));
    }
    let _ = writeln!(io::stderr().lock(), "{msg}");
}

/// Whether colour may be used on stdout: a terminal and `NO_COLOR` unset or empty.
pub fn colour_on_stdout() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Terminal width for wrapping, from `COLUMNS`, else 100.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Asks a question on stderr and reads one line from stdin.
pub fn ask(question: &str) -> io::Result<String> {
    let mut err = io::stderr().lock();
    write!(err, "{question} ")?;
    err.flush()?;
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    Ok(line.trim().to_string())
}
