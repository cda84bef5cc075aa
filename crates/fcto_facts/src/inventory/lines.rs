//! Languages and line counts, computed from bytes in memory exactly as the tokei 15 binary
//! computes them from files on disk, so that the same tree gives the same numbers whether it
//! was read from the work tree or from git objects.

use super::LineStats;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::LazyLock;
use tokei::LanguageType;

/// tokei's defaults, as the `tokei` binary uses them without a config file.
static TOKEI_CONFIG: LazyLock<tokei::Config> = LazyLock::new(tokei::Config::default);

/// How many bytes tokei reads to find a shebang (`READ_LIMIT` in tokei's `from_shebang`).
const SHEBANG_READ_LIMIT: usize = 128;

/// `#!` interpreters tokei 15 recognises, in the order its generated code tries them (the
/// `shebangs` and `env` keys of tokei's `languages.json`). tokei compares the first word of the
/// line with the exact shebangs, and for `#!/usr/bin/env` the second word with the `env`
/// prefixes. A unit test checks this table against tokei on real files.
const SHEBANGS: &[(&str, LanguageType)] = &[
    ("#!/bin/bash", LanguageType::Bash),
    ("#!/usr/bin/crystal", LanguageType::Crystal),
    ("#!/bin/csh", LanguageType::CShell),
    ("#!/bin/fish", LanguageType::Fish),
    ("#!/bin/ksh", LanguageType::Ksh),
    ("#!/usr/bin/perl", LanguageType::Perl),
    ("#!/usr/bin/raku", LanguageType::Raku),
    ("#!/usr/bin/perl6", LanguageType::Raku),
    ("#!/bin/sh", LanguageType::Sh),
    ("#!/bin/zsh", LanguageType::Zsh),
];
const ENV_SHEBANGS: &[(&str, LanguageType)] = &[
    ("bash", LanguageType::Bash),
    ("crystal", LanguageType::Crystal),
    ("csh", LanguageType::CShell),
    ("cython", LanguageType::Cython),
    ("elvish", LanguageType::Elvish),
    ("fish", LanguageType::Fish),
    ("groovy", LanguageType::Groovy),
    ("just", LanguageType::Just),
    ("ksh", LanguageType::Ksh),
    ("python", LanguageType::Python),
    ("python2", LanguageType::Python),
    ("python3", LanguageType::Python),
    ("racket", LanguageType::Racket),
    ("raku", LanguageType::Raku),
    ("perl6", LanguageType::Raku),
    ("ruby", LanguageType::Ruby),
    ("sh", LanguageType::Sh),
];

/// The language tokei gives a file with this path and these first bytes: by file name, path
/// suffix and extension, then, for files without an extension, by shebang.
pub(crate) fn detect_language(path: &str, head: &[u8]) -> Option<LanguageType> {
    let name = path.rsplit('/').next().unwrap_or(path);
    // tokei's `from_path` only looks at the file name and extension, except that it opens the
    // file to read a shebang when there is no extension. We already hold the bytes (and a git
    // blob has no file), so it gets a path that cannot be opened (a NUL byte makes `open` fail
    // on every platform) and the shebang is read below from the bytes.
    let probe = PathBuf::from(format!("\0/{name}"));
    if let Some(language) = LanguageType::from_path(&probe, &TOKEI_CONFIG) {
        return Some(language);
    }
    if probe.extension().is_some() {
        return None;
    }
    language_from_shebang(head)
}

/// tokei's `from_shebang`, on bytes.
fn language_from_shebang(head: &[u8]) -> Option<LanguageType> {
    let head = &head[..head.len().min(SHEBANG_READ_LIMIT)];
    let first_line = head.split(|b| *b == b'\n').next()?;
    let first_line = std::str::from_utf8(first_line).ok()?;
    let mut words = first_line.split_whitespace();
    let first = words.next()?;
    if let Some((_, language)) = SHEBANGS.iter().find(|(s, _)| *s == first) {
        return Some(*language);
    }
    if first == "#!/usr/bin/env" {
        let word = words.next()?;
        return ENV_SHEBANGS
            .iter()
            .find(|(prefix, _)| word.starts_with(prefix))
            .map(|(_, l)| *l);
    }
    None
}

/// The text tokei counts: tokei reads files through a BOM-sniffing decoder, so UTF-16 files are
/// transcoded and a UTF-8 BOM is dropped; anything else is counted as it is.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, [u8]> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => match String::from_utf8_lossy(rest) {
            Cow::Borrowed(_) => Cow::Borrowed(rest),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        },
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(utf16(rest, u16::from_le_bytes).into_bytes()),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(utf16(rest, u16::from_be_bytes).into_bytes()),
        _ => Cow::Borrowed(bytes),
    }
}

/// Whether the bytes start with a UTF-16 byte-order mark (such files are full of NUL bytes
/// and still text).
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|c| {
        if let [a, b] = c {
            unit([*a, *b])
        } else {
            0xFFFD
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// How many `\n` bytes there are.
#[allow(clippy::naive_bytecount)] // Not hot enough to add the bytecount crate for.
pub(crate) fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Line counts of one file: its own language's lines (what tokei reports in that language's
/// row) and the lines of blocks in other languages embedded in it (tokei's children).
pub(crate) fn count(language: LanguageType, text: &[u8]) -> (LineStats, LineStats) {
    let stats = language.parse_from_slice(text, &TOKEI_CONFIG);
    let own = LineStats {
        code: stats.code as u64,
        comments: stats.comments as u64,
        blanks: stats.blanks as u64,
    };
    let mut embedded = LineStats::default();
    for blob in stats.blobs.values() {
        let s = blob.summarise();
        embedded.code += s.code as u64;
        embedded.comments += s.comments as u64;
        embedded.blanks += s.blanks as u64;
    }
    (own, embedded)
}

/// Counts lines without parsing, for files too large to parse: a line with anything but
/// whitespace counts as code.
#[derive(Debug, Default)]
pub(crate) struct PlainLineCounter {
    stats: LineStats,
    /// The current line has a non-whitespace byte.
    nonblank: bool,
    /// Bytes seen since the last newline.
    open: bool,
}

impl PlainLineCounter {
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        for &b in chunk {
            if b == b'\n' {
                self.end_line();
            } else {
                self.open = true;
                if !b.is_ascii_whitespace() {
                    self.nonblank = true;
                }
            }
        }
    }

    fn end_line(&mut self) {
        if self.nonblank {
            self.stats.code += 1;
        } else {
            self.stats.blanks += 1;
        }
        self.nonblank = false;
        self.open = false;
    }

    pub(crate) fn finish(mut self) -> LineStats {
        if self.open {
            self.end_line();
        }
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_name_extension_and_shebang() {
        assert_eq!(
            detect_language("src/main.rs", b""),
            Some(LanguageType::Rust)
        );
        assert_eq!(
            detect_language("a/Dockerfile", b""),
            Some(LanguageType::Dockerfile)
        );
        assert_eq!(
            detect_language("Makefile", b""),
            Some(LanguageType::Makefile)
        );
        assert_eq!(
            detect_language("bin/run", b"#!/usr/bin/env python3\nprint(1)\n"),
            Some(LanguageType::Python)
        );
        assert_eq!(
            detect_language("bin/run", b"#!/bin/bash\necho\n"),
            Some(LanguageType::Bash)
        );
        assert_eq!(detect_language("bin/run", b"echo\n"), None);
        // An unknown extension is not rescued by a shebang, as in tokei.
        assert_eq!(detect_language("bin/run.xyz", b"#!/bin/bash\n"), None);
        assert_eq!(detect_language("notes.unknownext", b""), None);
    }

    /// The shebang table matches what tokei finds by opening real files.
    #[test]
    fn shebangs_match_tokei() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lines = [
            "#!/bin/bash",
            "#!/bin/sh",
            "#!/bin/zsh",
            "#!/bin/fish",
            "#!/bin/ksh",
            "#!/bin/csh",
            "#!/usr/bin/perl -w",
            "#!/usr/bin/perl6",
            "#!/usr/bin/raku",
            "#!/usr/bin/crystal",
            "#!/usr/bin/env python",
            "#!/usr/bin/env python3.12",
            "#!/usr/bin/env ruby",
            "#!/usr/bin/env node",
            "#!/usr/bin/env bash",
            "#!/usr/bin/env sh",
            "#!/usr/bin/env shellx",
            "#!/usr/bin/env groovy",
            "#!/usr/bin/env racket",
            "#!/usr/bin/env elvish",
            "#!/usr/bin/env cython",
            "#!/usr/bin/env just --justfile",
            "#!/usr/bin/env perl6",
            "#!/usr/bin/env fish",
            "#!/usr/bin/env ksh",
            "#!/usr/bin/env csh",
            "#!/usr/bin/env crystal",
            "#!/bin/awk -f",
            "#!/usr/bin/env",
            "#!",
            "",
            "plain text",
        ];
        for (i, line) in lines.iter().enumerate() {
            let path = dir.path().join(format!("script{i}"));
            let body = format!("{line}\necho hi\n");
            std::fs::write(&path, &body).expect("write");
            let expected = LanguageType::from_path(&path, &tokei::Config::default());
            assert_eq!(language_from_shebang(body.as_bytes()), expected, "{line}");
        }
    }

    #[test]
    fn decoding_follows_tokei() {
        assert_eq!(&*decode(b"\xEF\xBB\xBFfn x() {}\n"), b"fn x() {}\n");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\nb\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(is_utf16(&utf16));
        assert_eq!(&*decode(&utf16), b"a\nb\n");
        assert_eq!(&*decode(b"plain"), b"plain");
    }

    #[test]
    fn embedded_blocks_are_kept_apart() {
        // tokei counts Rust doc comments as Markdown embedded in the Rust file.
        let (own, embedded) = count(LanguageType::Rust, b"/// Doc.\nfn x() {}\n\n// c\n");
        assert_eq!(
            own,
            LineStats {
                code: 1,
                comments: 1,
                blanks: 1
            }
        );
        assert_eq!(embedded.lines(), 1);
    }

    #[test]
    fn plain_counter() {
        let mut c = PlainLineCounter::default();
        c.feed(b"a\n\n  \nb");
        c.feed(b"c\n");
        assert_eq!(
            c.finish(),
            LineStats {
                code: 2,
                comments: 0,
                blanks: 2
            }
        );
        let mut c = PlainLineCounter::default();
        c.feed(b"x");
        assert_eq!(
            c.finish(),
            LineStats {
                code: 1,
                comments: 0,
                blanks: 0
            }
        );
    }
}
