//! Debt markers (`TODO`, `FIXME`, `HACK`, ...) in comments of the product's code.

use super::DebtMarker;
use regex::bytes::Regex;
use std::sync::LazyLock;
use tokei::LanguageType;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(TODO|FIXME|HACK|XXX|KLUDGE|TEMP|WORKAROUND)(?-u:\b)")
        .expect("marker regex")
});

/// Comment leaders used when tokei knows no comment syntax for the language.
const GENERIC_LEADERS: &[&str] = &["//", "#", "/*", "*", "--", "<!--", ";", "%", "{-"];

/// Longest marker text kept, in characters.
const MAX_TEXT_CHARS: usize = 120;

/// The comment leaders of a language: its line comments, the openers of its block comments,
/// and `*` (a continuation line inside a block comment) when it has block comments.
fn leaders(language: Option<LanguageType>) -> Vec<&'static str> {
    let Some(language) = language else {
        return GENERIC_LEADERS.to_vec();
    };
    let mut leaders: Vec<&'static str> = language.line_comments().to_vec();
    let blocks = language.multi_line_comments();
    leaders.extend(blocks.iter().map(|(open, _)| *open));
    if !blocks.is_empty() {
        leaders.push("*");
    }
    if leaders.is_empty() {
        return GENERIC_LEADERS.to_vec();
    }
    leaders
}

/// Finds the markers in `text`: a marker word with a comment leader before it on its line.
pub(crate) fn find_markers(
    path: &str,
    language: Option<LanguageType>,
    text: &[u8],
) -> Vec<DebtMarker> {
    let mut markers = Vec::new();
    let mut known_leaders = None;
    // Line numbers are counted incrementally between matches.
    let (mut line, mut counted_to) = (1u32, 0usize);
    for m in MARKER.find_iter(text) {
        let line_start = text[..m.start()]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let before = &text[line_start..m.start()];
        let leaders = known_leaders.get_or_insert_with(|| leaders(language));
        if !leaders.iter().any(|l| contains(before, l.as_bytes())) {
            continue;
        }
        line += super::newlines(&text[counted_to..m.start()]) as u32;
        counted_to = m.start();
        let line_end = text[m.end()..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(text.len(), |p| m.end() + p);
        markers.push(DebtMarker {
            path: path.to_string(),
            line,
            kind: String::from_utf8_lossy(m.as_bytes()).into_owned(),
            text: marker_text(&String::from_utf8_lossy(&text[m.end()..line_end])),
        });
    }
    markers
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The comment after the marker: without the `(owner)`/`:`/`-` that follow it, without a
/// closing `*/` or `-->`, trimmed to 120 characters.
fn marker_text(rest: &str) -> String {
    let mut s = rest.trim();
    if s.starts_with('(')
        && let Some(end) = s.find(')')
    {
        s = &s[end + 1..];
    }
    s = s.trim_start_matches(|c: char| c == ':' || c == '-' || c == '!' || c.is_whitespace());
    for closer in ["*/", "-->", "-}"] {
        s = s.trim_end().strip_suffix(closer).unwrap_or(s);
    }
    let s = s.trim();
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => s[..cut].trim_end().to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_need_a_comment_leader() {
        let text = b"fn main() {\n    // TODO: split this\n    let TODO_LIST = 1;\n    call(); /* FIXME(bob) - leaks */\n    let s = \"TODO in a string\";\n}\n";
        let found = find_markers("src/main.rs", Some(LanguageType::Rust), text);
        let got: Vec<_> = found
            .iter()
            .map(|m| (m.line, m.kind.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(got, vec![(2, "TODO", "split this"), (4, "FIXME", "leaks")]);
    }

    #[test]
    fn leaders_follow_the_language() {
        let py = b"x = 1  # HACK around the API\ny = 'x' ; TODO no\n";
        let found = find_markers("a.py", Some(LanguageType::Python), py);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (
                found[0].line,
                found[0].kind.as_str(),
                found[0].text.as_str()
            ),
            (1, "HACK", "around the API")
        );
        let vb = b"Dim x ' XXX fix\n";
        assert_eq!(
            find_markers("a.vb", Some(LanguageType::VisualBasic), vb).len(),
            1
        );
        let md = b"<!-- TEMP: remove -->\nTODO in prose\n";
        let found = find_markers("a.md", Some(LanguageType::Markdown), md);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "remove");
        assert!(
            find_markers(
                "a.rs",
                Some(LanguageType::Rust),
                b"let TODOS = 1; // TODOS\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn long_text_is_cut() {
        let long = format!("# TODO {}\n", "é".repeat(300));
        let found = find_markers("a.sh", Some(LanguageType::Sh), long.as_bytes());
        assert_eq!(found[0].text.chars().count(), 120);
    }
}
