//! The project's own accepted advisories: the `osv-scanner.toml` beside the lockfile (as
//! osv-scanner reads it), else the one at the repository root.

use crate::Analysis;
use fcto_facts::deps::osv_scanner::Ignores;

/// The `osv-scanner.toml` that applies to a lockfile, with its path; `None` when there is none
/// or it cannot be read (it is then not honoured).
pub(super) fn for_lockfile(a: &Analysis<'_>, lockfile: &str) -> Option<(String, Ignores)> {
    let dir = lockfile.rsplit_once('/').map_or("", |(d, _)| d);
    let beside = if dir.is_empty() {
        "osv-scanner.toml".to_string()
    } else {
        format!("{dir}/osv-scanner.toml")
    };
    [beside, "osv-scanner.toml".to_string()]
        .into_iter()
        .find_map(|path| {
            let text = a.facts.inventory.document_text(&path)?;
            let ignores = Ignores::parse(&text).ok()?;
            Some((path, ignores))
        })
}
