//! Derived facts: what follows from the inventory and the history without reading anything
//! more: the team (truck factor, knowledge islands, code left behind) and the hotspots.

pub mod clones;
pub mod code_health;
pub mod coupling;
pub mod hotspots;
pub mod imports;
pub mod safety_nets;
pub mod team;
pub mod test_code;
pub mod trend;

use crate::history::{FileHistories, History};
use crate::inventory::{FileEntry, Inventory};

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
    "MSBuild",
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

/// The histories of every analysed code file, computed once and shared by the team and hotspot
/// analyses (each walk of the history's changes costs as much as the other).
pub fn analysed_file_histories(history: &History, inventory: &Inventory) -> FileHistories {
    history.file_histories(
        inventory
            .files
            .iter()
            .filter(|f| is_analysed_code(f))
            .map(|f| f.path.as_str()),
    )
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
