//! C and C++ code leans on macros that tree-sitter cannot expand: `FMT_CONSTEXPR auto f()`,
//! `void g() JSON_NOEXCEPT {`, `FMT_BEGIN_NAMESPACE` ... `FMT_END_NAMESPACE`, `if
//! FMT_CONSTEXPR20 (x)`. Each is an unknown word where the grammar expects a declaration, and
//! the parse breaks around it. `blank_specifier_macros` blanks such words (same length, line
//! breaks kept) so that a file that did not parse cleanly can be parsed again; the caller keeps
//! the parse with the fewest errors (blanking a word that was no macro can make things worse).
//!
//! A word is taken for a macro when it is written in capitals (`[A-Z_][A-Z0-9_]*`, at least
//! three characters, one letter at least), follows the start of a declaration or a specifier
//! (`;`, `{`, `}`, `)`, `>`, `]`, `:`, a word, a preprocessor line or the start of the file) and
//! is followed by a word, `{`, `}`, `~`, `[`, a preprocessor line or the end of the file; or when
//! it stands between `if` and `(`. A capitalised call `NAME(...)` followed by a word on the same
//! line (`JSON_HEDLEY_DEPRECATED(3.1) void f()`), or standing alone on its line before a line
//! that starts with a word (`JSON_HEDLEY_NON_NULL(2)` above a method), is blanked whole. Comments, strings,
//! character literals and preprocessor lines are left alone.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Word,
    Punct,
    Directive,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokens(b: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                i += 1;
            }
            i = (i + 2).min(b.len());
            continue;
        }
        let at_line_start = std::mem::replace(&mut line_start, false);
        let start = i;
        if c == b'#' && at_line_start {
            // to the end of the line, over backslash continuations
            while i < b.len() && b[i] != b'\n' {
                if b[i] == b'\\' && b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
            }
            out.push(Token {
                kind: Kind::Directive,
                start,
                end: i,
            });
            continue;
        }
        if c == b'R' && b.get(i + 1) == Some(&b'"') {
            // C++ raw string R"delim( ... )delim"
            let open = i + 2;
            if let Some(paren) = b[open..].iter().position(|&x| x == b'(') {
                let delim = &b[open..open + paren];
                let mut closing = Vec::with_capacity(delim.len() + 2);
                closing.push(b')');
                closing.extend_from_slice(delim);
                closing.push(b'"');
                let body = open + paren + 1;
                i = b[body..]
                    .windows(closing.len())
                    .position(|w| w == closing.as_slice())
                    .map_or(b.len(), |p| body + p + closing.len());
                out.push(Token {
                    kind: Kind::Punct,
                    start,
                    end: i,
                });
                continue;
            }
        }
        if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push(Token {
                kind: Kind::Punct,
                start,
                end: i,
            });
            continue;
        }
        if c.is_ascii_digit() {
            // digit separators (1'000) and suffixes stay in the number
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b'\''))
            {
                i += 1;
            }
            out.push(Token {
                kind: Kind::Punct,
                start,
                end: i,
            });
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            out.push(Token {
                kind: Kind::Word,
                start,
                end: i,
            });
            continue;
        }
        i += 1;
        out.push(Token {
            kind: Kind::Punct,
            start,
            end: i,
        });
    }
    out
}

fn is_macro_name(word: &[u8]) -> bool {
    word.len() >= 3
        && (word[0].is_ascii_uppercase() || word[0] == b'_')
        && word.iter().any(u8::is_ascii_uppercase)
        && word
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

/// `text` with the macros that look like specifiers blanked, or `None` when there is none.
/// With `alone`, calls standing alone on their line are blanked too.
pub(crate) fn blank_specifier_macros(text: &str, alone: bool) -> Option<String> {
    let b = text.as_bytes();
    let t = tokens(b);
    let text_of = |k: usize| &b[t[k].start..t[k].end];
    let punct = |k: usize, p: &[u8]| t[k].kind == Kind::Punct && text_of(k) == p;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < t.len() {
        if t[k].kind != Kind::Word || !is_macro_name(text_of(k)) {
            k += 1;
            continue;
        }
        let before_ok = k == 0
            || match t[k - 1].kind {
                Kind::Word | Kind::Directive => true,
                Kind::Punct => [&b";"[..], b"{", b"}", b")", b">", b"]", b":"]
                    .iter()
                    .any(|p| punct(k - 1, p)),
            };
        let after_ok = |n: usize| {
            n >= t.len()
                || match t[n].kind {
                    Kind::Word | Kind::Directive => true,
                    Kind::Punct => [&b"{"[..], b"}", b"~", b"["].iter().any(|p| punct(n, p)),
                }
        };
        if k > 0 && text_of(k - 1) == b"if" && k + 1 < t.len() && punct(k + 1, b"(") {
            spans.push((t[k].start, t[k].end));
        } else if before_ok && k + 1 < t.len() && punct(k + 1, b"(") {
            // NAME(...) followed on the same line by a word
            let mut depth = 0usize;
            let mut n = k + 1;
            while n < t.len() {
                if punct(n, b"(") {
                    depth += 1;
                } else if punct(n, b")") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else if t[n].kind == Kind::Directive || punct(n, b";") || punct(n, b"{") {
                    break;
                }
                n += 1;
            }
            let alone = alone
                && (k == 0 || b[t[k - 1].end..t[k].start].contains(&b'\n'))
                && n + 1 < t.len()
                && b[t[n].end..t[n + 1].start].contains(&b'\n');
            if n + 1 < t.len()
                && punct(n, b")")
                && t[n + 1].kind == Kind::Word
                && (alone || !b[t[n].end..t[n + 1].start].contains(&b'\n'))
            {
                spans.push((t[k].start, t[n].end));
                k = n + 1;
                continue;
            }
        } else if before_ok && after_ok(k + 1) {
            spans.push((t[k].start, t[k].end));
        }
        k += 1;
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = b.to_vec();
    for (s, e) in spans {
        for c in &mut out[s..e] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    // Only ASCII inside the spans was replaced by ASCII, so the text stays UTF-8.
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::blank_specifier_macros;

    #[test]
    fn specifier_macros_are_blanked_and_calls_and_values_kept() {
        let text = "FMT_BEGIN_NAMESPACE\n\
                    template <typename T> FMT_CONSTEXPR auto f(T x) FMT_NOEXCEPT {\n  \
                    if FMT_CONSTEXPR20 (x > MAX_SIZE) return FOO(x);\n  \
                    switch (x) { case RED_ONE: return NULL; }\n  \
                    return \"NOT_A_MACRO here\";\n}\n\
                    JSON_DEPRECATED(3.1) void g();\n\
                    JSON_NON_NULL(1)\nvoid h(const char* s);\n\
                    TEST(Suite, Name)\n{ CHECK(h(\"\")) }\n\
                    FMT_END_NAMESPACE\n";
        let blanked = blank_specifier_macros(text, true).expect("macros to blank");
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
        let expected = "                   \n\
                    template <typename T>               auto f(T x)              {\n  \
                    if                 (x > MAX_SIZE) return FOO(x);\n  \
                    switch (x) { case RED_ONE: return NULL; }\n  \
                    return \"NOT_A_MACRO here\";\n}\n                     \
                    void g();\n                \nvoid h(const char* s);\n\
                    TEST(Suite, Name)\n{ CHECK(h(\"\")) }\n                 \n";
        assert_eq!(blanked, expected);
    }

    #[test]
    fn a_file_without_such_macros_is_left_alone() {
        assert_eq!(
            blank_specifier_macros(
                "#define MAX_SIZE 10\nint f(void) { return MAX_SIZE; }\n",
                true
            ),
            None
        );
    }
}
