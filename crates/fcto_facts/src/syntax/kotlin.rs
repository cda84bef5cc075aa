//! tree-sitter-kotlin-ng 1.1 misreads a top-level declaration with two annotations or more
//! before a visibility modifier, without a parse error:
//!
//! ```kotlin
//! @Preview
//! @Composable
//! private fun CardPreview() { ... }
//! ```
//!
//! becomes an annotated expression `private fun CardPreview() {...}` (an infix call of `fun`
//! with a lambda), and the function is lost. With the modifier blanked the grammar reads the
//! declaration, annotations and all. `blank_visibility_after_annotations` blanks those
//! modifiers (same length): the visibility of a function counts toward nothing fcto measures.

const VISIBILITY: [&[u8]; 4] = [b"private", b"internal", b"public", b"protected"];

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The end of a string literal starting at `i` (`"…"` with `${…}` templates, or `"""…"""`).
fn string_end(b: &[u8], i: usize) -> usize {
    let raw = b[i..].starts_with(b"\"\"\"");
    let mut j = i + if raw { 3 } else { 1 };
    while j < b.len() {
        if raw && b[j..].starts_with(b"\"\"\"") {
            // a raw string may end with more quotes than three: they belong to it
            let mut k = j + 3;
            while k < b.len() && b[k] == b'"' {
                k += 1;
            }
            return k;
        }
        match b[j] {
            b'\\' if !raw => j += 2,
            b'"' if !raw => return j + 1,
            b'\n' if !raw => return j,
            b'$' if b.get(j + 1) == Some(&b'{') => j = code_end(b, j + 2, b'}'),
            _ => j += 1,
        }
    }
    b.len()
}

/// The end of a character literal starting at `i` (`'a'`, `'\n'`, `'\u0041'`).
fn char_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() && b[j] != b'\'' && b[j] != b'\n' {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    (j + 1).min(b.len())
}

/// The end of a comment starting at `i`, if one does (block comments nest in Kotlin).
fn comment_end(b: &[u8], i: usize) -> Option<usize> {
    if b[i..].starts_with(b"//") {
        return Some(
            b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p),
        );
    }
    if !b[i..].starts_with(b"/*") {
        return None;
    }
    let (mut depth, mut j) = (0usize, i);
    while j < b.len() {
        if b[j..].starts_with(b"/*") {
            depth += 1;
            j += 2;
        } else if b[j..].starts_with(b"*/") {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return Some(j);
            }
        } else {
            j += 1;
        }
    }
    Some(b.len())
}

/// Past the `close` that ends code starting at `i` (brackets, strings and comments skipped).
fn code_end(b: &[u8], mut i: usize, close: u8) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        if let Some(end) = comment_end(b, i) {
            i = end;
            continue;
        }
        match b[i] {
            b'"' => {
                i = string_end(b, i);
                continue;
            }
            b'\'' => {
                i = char_end(b, i);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            c @ (b')' | b']' | b'}') => {
                if depth == 0 {
                    return if c == close { i + 1 } else { i };
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// `text` with the visibility modifiers of top-level declarations that follow two
/// annotations or more blanked, or `None` when there is none.
pub(crate) fn blank_visibility_after_annotations(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if !b.contains(&b'@') {
        return None;
    }
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut annotations = 0usize;
    let mut i = 0;
    while i < b.len() {
        if let Some(end) = comment_end(b, i) {
            i = end;
            continue;
        }
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                i = string_end(b, i);
                annotations = 0;
                continue;
            }
            b'\'' => {
                i = char_end(b, i);
                annotations = 0;
                continue;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                annotations = 0;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                annotations = 0;
            }
            b'@' if depth == 0 && b.get(i + 1).is_some_and(|&n| is_word(n)) => {
                // @Name, @a.b.Name, @get:Name, then its arguments
                let mut j = i + 1;
                while j < b.len() && (is_word(b[j]) || b[j] == b'.' || b[j] == b':') {
                    j += 1;
                }
                if b.get(j) == Some(&b'(') {
                    j = code_end(b, j + 1, b')');
                }
                annotations += 1;
                i = j;
                continue;
            }
            c if is_word(c) => {
                let mut j = i;
                while j < b.len() && is_word(b[j]) {
                    j += 1;
                }
                let word = &b[i..j];
                if depth == 0 && annotations >= 2 && VISIBILITY.contains(&word) {
                    spans.push((i, j));
                } else if !matches!(
                    word,
                    b"suspend"
                        | b"inline"
                        | b"operator"
                        | b"infix"
                        | b"tailrec"
                        | b"external"
                        | b"override"
                        | b"open"
                        | b"abstract"
                        | b"final"
                        | b"actual"
                        | b"expect"
                ) {
                    annotations = 0;
                }
                i = j;
                continue;
            }
            _ => annotations = 0,
        }
        i += 1;
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = b.to_vec();
    for (s, e) in spans {
        out[s..e].fill(b' ');
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::blank_visibility_after_annotations as blank;

    #[test]
    fn visibility_after_two_annotations_at_the_top_level_is_blanked() {
        let text = "@Preview\n@Composable\nprivate fun a() {}\n\
                    @A(\"}\") @B internal fun b() = 1\n\
                    @A\nprivate fun c() {}\n\
                    class K {\n  @A\n  @B\n  private fun d() {}\n}\n\
                    @A @B\noverride public fun e() {}\n";
        let expected = "@Preview\n@Composable\n        fun a() {}\n\
                        @A(\"}\") @B          fun b() = 1\n\
                        @A\nprivate fun c() {}\n\
                        class K {\n  @A\n  @B\n  private fun d() {}\n}\n\
                        @A @B\noverride        fun e() {}\n";
        assert_eq!(blank(text).as_deref(), Some(expected));
    }

    #[test]
    fn nothing_to_blank() {
        assert_eq!(
            blank("@A\nprivate fun a() {}\nval s = \"@A @B private\"\n"),
            None
        );
    }
}
