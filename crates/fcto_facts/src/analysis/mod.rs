//! Derived facts: what follows from the inventory and the history without reading anything
//! more: the team (truck factor, knowledge islands, code left behind) and the hotspots.

pub mod hotspots;
pub mod team;

use crate::inventory::FileEntry;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// tokei languages that hold prose or data rather than program logic. They stay in the
/// inventory but are left out of authorship and hotspot analysis, as Avelino et al. remove
/// documentation before computing the truck factor (metrics.md §2.7).
const NON_PROGRAM_LANGUAGES: &[&str] = &[
    "Markdown",
    "Plain Text",
    "Text",
    "ReStructuredText",
    "AsciiDoc",
    "Org",
    "JSON",
    "Json",
    "JSON5",
    "CSV",
    "SVG",
    "XML",
    "YAML",
    "TOML",
    "INI",
    "Tex",
    "TeX",
    "LaTeX",
    "BibTeX",
    "Jupyter Notebooks",
    "License",
    "Autoconf",
    "Gettext",
];

/// Whether a tokei language holds program logic rather than prose or data.
pub fn is_programming_language(name: &str) -> bool {
    !NON_PROGRAM_LANGUAGES.contains(&name)
}

/// Whether a file is product code that people write: a known programming language, not
/// generated, vendored, minified, binary, large or hidden.
pub fn is_analysed_code(file: &FileEntry) -> bool {
    file.is_product_code()
        && file
            .language
            .as_deref()
            .is_some_and(|l| !NON_PROGRAM_LANGUAGES.contains(&l))
}
