//! Renderers: each format reads the same [`Assessment`] and writes a string. A renderer never
//! analyses; everything it shows was decided by [`crate::assess`].

mod json;
mod markdown;
mod sarif;
mod terminal;

use crate::assessment::departed;
use crate::human::{self, Date};
use fcto_model::{Action, Area, Assessment, Contributor, ParseError};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// One output format.
trait Renderer {
    fn render(&self, assessment: &Assessment, options: &RenderOptions) -> String;
}

/// The formats `fcto assess` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Compact text for a terminal, optionally coloured.
    Terminal,
    /// A report that reads well in a pull request.
    Markdown,
    /// The stable machine-readable contract (`docs/json.md`).
    Json,
    /// SARIF 2.1.0, for code scanning dashboards.
    Sarif,
}

impl Format {
    /// Every format, in the order of [`Format::WORDS`].
    pub const ALL: &'static [Format] = &[
        Format::Terminal,
        Format::Markdown,
        Format::Json,
        Format::Sarif,
    ];
    /// The words `FromStr` accepts.
    pub const WORDS: &'static [&'static str] = &["terminal", "markdown", "json", "sarif"];

    /// The format an output file's extension asks for: `.md`/`.markdown`, `.json`, `.sarif`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Sarif => "sarif",
        }
    }

    fn renderer(self) -> &'static dyn Renderer {
        match self {
            Format::Terminal => &terminal::Terminal,
            Format::Markdown => &markdown::Markdown,
            Format::Json => &json::Json,
            Format::Sarif => &sarif::Sarif,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Format, ParseError> {
        let lower = s.trim().to_ascii_lowercase();
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == lower)
            .ok_or_else(|| ParseError {
                what: "format",
                value: s.to_string(),
                expected: Format::WORDS,
            })
    }
}

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours (terminal only). The caller decides: `NO_COLOR`, not a TTY, `--color`.
    pub color: bool,
    /// Columns to wrap terminal text to; values below 40 are read as 40.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// The assessment in a format; the text ends with a newline.
pub fn render(assessment: &Assessment, format: Format, options: &RenderOptions) -> String {
    format.renderer().render(assessment, options)
}

/// Replaces control characters (ANSI escapes, carriage returns, NUL...) that a file name or a
/// message from the analysed repository could carry; newlines and tabs become spaces.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A message shown under its title, without the title when the message starts by restating it:
/// "The README does not explain how to run the product: only 12 lines" under that title is
/// "Only 12 lines". `None` when the message says nothing beyond the title.
pub(crate) fn without_title(title: &str, message: &str) -> Option<String> {
    match human::after_title(title, message) {
        Some("") => None,
        Some(rest) => Some(human::capitalise(rest)),
        None => Some(message.to_string()),
    }
}

/// What an action adds to its title.
pub(crate) fn action_what(action: &Action) -> Option<String> {
    without_title(&action.title, &action.what)
}

/// An area in a "not assessed" list, with why when the assessment shows it.
pub(crate) fn not_assessed(a: &Assessment, area: Area) -> String {
    if area == Area::Team && !a.history.available {
        format!("{} (needs the git history)", area.title())
    } else {
        area.title().to_string()
    }
}

/// `has left` (listed as departed) or `gone quiet` (no commit for 180 days): why a contributor
/// counts as gone.
pub(crate) fn gone_word(a: &Assessment, c: &Contributor) -> &'static str {
    if departed(a, c) {
        "has left"
    } else {
        "gone quiet"
    }
}

/// `has left`, `gone quiet, last commit 2024-08-30`.
pub(crate) fn gone_how(a: &Assessment, c: &Contributor) -> String {
    let word = gone_word(a, c);
    match c.last_commit.as_deref().and_then(Date::parse) {
        Some(d) if !departed(a, c) => format!("{word}, last commit {}", d.iso()),
        _ => word.to_string(),
    }
}

/// The reference date, `2026-11-22`, when `as_of` can be read.
pub(crate) fn as_of(a: &Assessment) -> Option<String> {
    Date::parse(&a.repository.as_of).map(Date::iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_words_and_extensions() {
        assert_eq!("markdown".parse::<Format>().unwrap(), Format::Markdown);
        assert_eq!(" JSON ".parse::<Format>().unwrap(), Format::Json);
        assert_eq!("Terminal".parse::<Format>().unwrap(), Format::Terminal);
        let err = "html".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `html`; expected one of: terminal, markdown, json, sarif"
        );
        assert_eq!("sarif".parse::<Format>().unwrap(), Format::Sarif);
        assert_eq!(
            Format::from_extension(Path::new("fcto.sarif")),
            Some(Format::Sarif)
        );
        assert_eq!(
            Format::from_extension(Path::new("out/report.md")),
            Some(Format::Markdown)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.MARKDOWN")),
            Some(Format::Markdown)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.json")),
            Some(Format::Json)
        );
        assert_eq!(Format::from_extension(Path::new("r.html")), None);
        assert_eq!(Format::from_extension(Path::new("report")), None);
        for f in Format::ALL {
            assert_eq!(f.to_string().parse::<Format>().unwrap(), *f);
        }
    }

    #[test]
    fn clean_removes_escapes() {
        assert_eq!(clean("a\u{1b}[31mb\nc"), "a\u{FFFD}[31mb c");
    }
}
