//! OSV advisories: records read from a directory or zip of OSV JSON files (the layout of OSV's
//! per-ecosystem `all.zip` exports, of a folder of them, or of a clone of an advisory
//! repository), matched against packages with the OSV evaluation algorithm.
//!
//! Only records that can concern the project's packages are parsed: each file's bytes are first
//! searched for the packages' names, so a database of hundreds of thousands of records costs
//! little more than its decompression. Records with an ecosystem fcto does not know are skipped
//! one by one, never failing the whole load.

use super::version::{Scheme, Version};
use super::{Ecosystem, Package};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What kind of problem an advisory describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdvisoryKind {
    /// A security vulnerability.
    Vulnerability,
    /// A package version published to attack its users (OSV `MAL-` records).
    Malicious,
    /// RustSec's informational advisories: the crate is no longer maintained.
    Unmaintained,
    /// RustSec's informational advisories: the crate's API allows undefined behaviour.
    Unsound,
    /// Any other informational notice.
    Notice,
}

/// Severity as the advisory rates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Unrated,
    Low,
    Medium,
    High,
    Critical,
}

/// An advisory that applies to one package version of the project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advisory {
    /// The record's id (`GHSA-…`, `RUSTSEC-…`, `PYSEC-…`, `GO-…`, `MAL-…`).
    pub id: String,
    /// The other ids of the same problem: CVEs, and the ids of records merged into this one.
    pub aliases: Vec<String>,
    pub summary: String,
    pub kind: AdvisoryKind,
    pub level: Level,
    /// The CVSS v3 base score computed from the record's vector, when it has one.
    pub score: Option<f64>,
    /// Where the level came from, in plain words ("GitHub's rating", "CVSS 3.1 vector").
    pub rated_by: Option<String>,
    /// The lowest version that fixes it above the installed one, when the record names one.
    pub fixed_in: Option<String>,
    /// A page about it.
    pub url: String,
    pub published: Option<String>,
}

/// The advisories found for the packages.
#[derive(Debug, Clone, Default)]
pub struct Advisories {
    /// Where the records were read from.
    pub source: String,
    /// How many record files were read.
    pub records_read: usize,
    /// The newest `modified` date among all records: how fresh the data is at least.
    pub newest_modified: Option<String>,
    /// Ecosystems with at least one record in the source.
    pub ecosystems: BTreeSet<Ecosystem>,
    /// Per package (index into the packages given), its advisories, merged by alias.
    pub matches: BTreeMap<usize, Vec<Advisory>>,
    /// Versions or records that could not be evaluated, in plain words.
    pub problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    severity: Vec<SeverityEntry>,
    #[serde(default)]
    affected: Vec<Affected>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
    #[serde(default)]
    references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
struct SeverityEntry {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Debug, Deserialize)]
struct Affected {
    #[serde(default)]
    package: Option<PackageRef>,
    #[serde(default)]
    ranges: Vec<Range>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    severity: Vec<SeverityEntry>,
    #[serde(default)]
    database_specific: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct PackageRef {
    ecosystem: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct Range {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
struct Event {
    introduced: Option<String>,
    fixed: Option<String>,
    last_affected: Option<String>,
    limit: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    #[serde(rename = "type")]
    kind: String,
    url: String,
}

/// Reads the OSV records at `source` (a `.zip`, a `.json`, or a directory searched for both)
/// and matches them against `packages`. `Err` only when the source cannot be read at all.
pub fn load_advisories(source: &Path, packages: &[Package]) -> Result<Advisories, String> {
    let files = source_files(source)?;
    let index = NameIndex::new(packages);
    let results: Vec<Result<Scan, String>> = files
        .par_iter()
        .map(|file| scan_file(file, &index, packages))
        .collect();
    let mut scan = Scan::default();
    for result in results {
        scan.absorb(result?);
    }
    if scan.records_read == 0 {
        return Err(format!(
            "no OSV records (`.json` files, or `.zip` files of them) were found in {}",
            source.display()
        ));
    }
    let mut found: BTreeMap<usize, Vec<Advisory>> = BTreeMap::new();
    for (package, advisory) in scan.matches {
        found.entry(package).or_default().push(advisory);
    }
    let mut problems = scan.problems;
    problems.sort();
    problems.dedup();
    Ok(Advisories {
        source: source.display().to_string(),
        records_read: scan.records_read,
        newest_modified: scan.newest_modified,
        ecosystems: scan.ecosystems,
        matches: found
            .into_iter()
            .map(|(package, list)| (package, merge_aliases(list)))
            .collect(),
        problems,
    })
}

/// The `.json` and `.zip` files of a source.
fn source_files(source: &Path) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(source).map_err(|e| {
        format!(
            "the advisory data at {} cannot be read: {e}",
            source.display()
        )
    })?;
    if meta.is_file() {
        return Ok(vec![source.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut dirs = vec![source.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("the folder {} cannot be read: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if entry.file_name() != ".git" {
                    dirs.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("zip"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// What one file (or zip) held.
#[derive(Default)]
struct Scan {
    records_read: usize,
    ecosystems: BTreeSet<Ecosystem>,
    newest_modified: Option<String>,
    matches: Vec<(usize, Advisory)>,
    problems: Vec<String>,
}

impl Scan {
    /// Adds what another file, or another part of a zip, held.
    fn absorb(&mut self, part: Scan) {
        self.records_read += part.records_read;
        self.ecosystems.extend(part.ecosystems);
        if part.newest_modified > self.newest_modified {
            self.newest_modified = part.newest_modified;
        }
        self.matches.extend(part.matches);
        self.problems.extend(part.problems);
    }
}

fn scan_file(file: &Path, index: &NameIndex, packages: &[Package]) -> Result<Scan, String> {
    let mut scan = Scan::default();
    let is_zip = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !is_zip {
        let bytes =
            std::fs::read(file).map_err(|e| format!("{} cannot be read: {e}", file.display()))?;
        scan_record(&bytes, index, packages, &mut scan);
        return Ok(scan);
    }
    let open = || -> Result<zip::ZipArchive<std::fs::File>, String> {
        let handle = std::fs::File::open(file)
            .map_err(|e| format!("{} cannot be read: {e}", file.display()))?;
        zip::ZipArchive::new(handle)
            .map_err(|e| format!("{} is not a readable zip: {e}", file.display()))
    };
    let count = open()?.len();
    // Entries are decompressed in parallel, each worker with its own handle on the file.
    let chunk = count
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1);
    let scans: Vec<Result<Scan, String>> = (0..count)
        .collect::<Vec<_>>()
        .par_chunks(chunk)
        .map(|entries| {
            let mut archive = open()?;
            let mut part = Scan::default();
            let mut bytes = Vec::new();
            for &i in entries {
                let Ok(mut entry) = archive.by_index(i) else {
                    part.problems
                        .push(format!("an entry of {} could not be read", file.display()));
                    continue;
                };
                let Ok(name) = entry.name().map(|n| n.to_string()) else {
                    continue;
                };
                if !entry.is_file() || !name.ends_with(".json") {
                    continue;
                }
                bytes.clear();
                if entry.read_to_end(&mut bytes).is_err() {
                    part.problems.push(format!(
                        "{name} in {} could not be decompressed",
                        file.display()
                    ));
                    continue;
                }
                scan_record(&bytes, index, packages, &mut part);
            }
            Ok(part)
        })
        .collect();
    for part in scans {
        scan.absorb(part?);
    }
    Ok(scan)
}

/// Reads one record's bytes: counted always, parsed only when one of the packages' names
/// occurs in it.
fn scan_record(bytes: &[u8], index: &NameIndex, packages: &[Package], scan: &mut Scan) {
    scan.records_read += 1;
    if let Some(e) = string_field(bytes, b"\"ecosystem\"")
        .and_then(|v| Ecosystem::from_osv(v.split(':').next().unwrap_or(v)))
    {
        scan.ecosystems.insert(e);
    }
    if let Some(modified) = string_field(bytes, b"\"modified\"")
        && scan.newest_modified.as_deref() < Some(modified)
    {
        scan.newest_modified = Some(modified.to_string());
    }
    if !index.may_mention(bytes) {
        return;
    }
    let Ok(record) = serde_json::from_slice::<Record>(bytes) else {
        return;
    };
    if record.withdrawn.is_some() {
        return;
    }
    for (affected, ecosystem, name) in record.affected.iter().filter_map(|a| {
        let p = a.package.as_ref()?;
        let base = p.ecosystem.split(':').next().unwrap_or(&p.ecosystem);
        Some((a, Ecosystem::from_osv(base)?, p.name.as_str()))
    }) {
        for &i in index.packages(ecosystem, name) {
            let package = &packages[i];
            match affects(affected, ecosystem, &package.version) {
                Evaluation::Affected { fixed_in } => {
                    scan.matches
                        .push((i, advisory(&record, affected, fixed_in)));
                }
                Evaluation::NotAffected => {}
                Evaluation::Unparsable(what) => scan.problems.push(format!(
                    "{} {} could not be compared with {} ({what})",
                    package.name, package.version, record.id
                )),
            }
        }
    }
}

/// The first string value of `key` in a record's raw bytes, read without parsing the record
/// (which ecosystems a source covers, and how fresh it is, over every record).
fn string_field<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a str> {
    let at = memchr::memmem::find(bytes, key)? + key.len();
    let rest = &bytes[at..];
    let colon = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    if rest[colon] != b':' {
        return None;
    }
    let rest = &rest[colon + 1..];
    let open = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    if rest[open] != b'"' {
        return None;
    }
    let len = rest[open + 1..].iter().position(|b| *b == b'"')?;
    std::str::from_utf8(&rest[open + 1..open + 1 + len]).ok()
}

/// The packages by ecosystem and comparable name, and a search for their names in raw bytes.
struct NameIndex {
    by_name: HashMap<(Ecosystem, String), Vec<usize>>,
    search: Option<AhoCorasick>,
}

impl NameIndex {
    fn new(packages: &[Package]) -> NameIndex {
        let mut by_name: HashMap<(Ecosystem, String), Vec<usize>> = HashMap::new();
        let mut patterns = BTreeSet::new();
        for (i, p) in packages.iter().enumerate() {
            by_name
                .entry((p.ecosystem, comparable_name(p.ecosystem, &p.name)))
                .or_default()
                .push(i);
            patterns.insert(search_key(p.ecosystem, &p.name));
        }
        let search = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(patterns.iter())
            .ok();
        NameIndex { by_name, search }
    }

    fn may_mention(&self, bytes: &[u8]) -> bool {
        self.search.as_ref().is_some_and(|s| s.is_match(bytes))
    }

    fn packages(&self, ecosystem: Ecosystem, name: &str) -> &[usize] {
        self.by_name
            .get(&(ecosystem, comparable_name(ecosystem, name)))
            .map_or(&[], Vec::as_slice)
    }
}

/// The name as compared: PEP 503-normalised for PyPI, lower case where the registry ignores
/// case (NuGet, Packagist, PyPI), as written elsewhere.
fn comparable_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::PyPI => super::pypi_name(name),
        Ecosystem::NuGet | Ecosystem::Packagist => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

/// What to look for in a record's raw bytes: the quoted name, or for PyPI (whose records may
/// spell `zope.interface` for `zope-interface`) the longest run between separators.
fn search_key(ecosystem: Ecosystem, name: &str) -> String {
    if ecosystem == Ecosystem::PyPI {
        name.split(['-', '_', '.'])
            .max_by_key(|s| s.len())
            .unwrap_or(name)
            .to_string()
    } else {
        format!("\"{name}\"")
    }
}

enum Evaluation {
    Affected { fixed_in: Option<String> },
    NotAffected,
    Unparsable(String),
}

/// OSV's `IsVulnerable` for one affected entry: the explicit `versions`, then every range
/// (`GIT` ranges cannot be evaluated without the package's repository and are left to the
/// `versions` list, which OSV fills from them).
fn affects(affected: &Affected, ecosystem: Ecosystem, version: &str) -> Evaluation {
    let mut fixed_candidates = Vec::new();
    let mut listed = affected
        .versions
        .iter()
        .any(|v| same_version(ecosystem, v, version));
    let mut unparsable = None;
    for range in &affected.ranges {
        let scheme = match range.kind.as_str() {
            "SEMVER" => Scheme::SemVer,
            "ECOSYSTEM" => Scheme::Ecosystem(ecosystem),
            _ => continue,
        };
        let Some(installed) = Version::parse(scheme, version) else {
            unparsable = Some(format!(
                "`{version}` is not a {} version",
                if scheme == Scheme::SemVer {
                    "SemVer"
                } else {
                    ecosystem.osv_name()
                }
            ));
            continue;
        };
        match in_range(&range.events, scheme, &installed) {
            Ok(InRange::Yes { fixed }) => {
                listed = true;
                fixed_candidates.extend(fixed);
            }
            Ok(InRange::No) => {}
            Err(event) => unparsable = Some(format!("the event version `{event}` cannot be read")),
        }
    }
    if listed {
        // The lowest fix above the installed version.
        let scheme = Scheme::Ecosystem(ecosystem);
        fixed_candidates.sort_by(|a, b| compare_text(scheme, a, b));
        return Evaluation::Affected {
            fixed_in: fixed_candidates.into_iter().next(),
        };
    }
    match unparsable {
        Some(what) if affected.versions.is_empty() => Evaluation::Unparsable(what),
        _ => Evaluation::NotAffected,
    }
}

/// Whether two version strings name the same version in the ecosystem.
fn same_version(ecosystem: Ecosystem, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let scheme = Scheme::Ecosystem(ecosystem);
    match (Version::parse(scheme, a), Version::parse(scheme, b)) {
        (Some(x), Some(y)) => x.compare(&y) == Some(Ordering::Equal),
        _ => false,
    }
}

fn compare_text(scheme: Scheme, a: &str, b: &str) -> Ordering {
    match (Version::parse(scheme, a), Version::parse(scheme, b)) {
        (Some(x), Some(y)) => x.compare(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

/// One event, parsed. `introduced: "0"` sorts before every version.
enum Bound {
    Zero,
    At(Version),
}

impl Bound {
    fn compare(&self, other: &Bound) -> Ordering {
        match (self, other) {
            (Bound::Zero, Bound::Zero) => Ordering::Equal,
            (Bound::Zero, _) => Ordering::Less,
            (_, Bound::Zero) => Ordering::Greater,
            (Bound::At(a), Bound::At(b)) => a.compare(b).unwrap_or(Ordering::Equal),
        }
    }

    /// `installed >= self`.
    fn at_or_below(&self, installed: &Version) -> bool {
        match self {
            Bound::Zero => true,
            Bound::At(v) => installed.compare(v).is_some_and(Ordering::is_ge),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// Where a version stands against one range.
enum InRange {
    /// Inside, with the `fixed` event that ends its interval when there is one.
    Yes {
        fixed: Option<String>,
    },
    No,
}

/// Whether `installed` is inside a range; `Err(version)` for an event version the ordering
/// cannot read.
fn in_range(events: &[Event], scheme: Scheme, installed: &Version) -> Result<InRange, String> {
    let mut parsed: Vec<(Bound, EventKind, &str)> = Vec::with_capacity(events.len());
    for e in events {
        let (kind, text) = if let Some(t) = &e.introduced {
            (EventKind::Introduced, t)
        } else if let Some(t) = &e.fixed {
            (EventKind::Fixed, t)
        } else if let Some(t) = &e.last_affected {
            (EventKind::LastAffected, t)
        } else if let Some(t) = &e.limit {
            (EventKind::Limit, t)
        } else {
            continue;
        };
        let bound = if kind == EventKind::Introduced && text == "0" {
            Bound::Zero
        } else if kind == EventKind::Limit && text.contains('*') {
            continue; // "infinity": the same as no limit
        } else {
            Bound::At(Version::parse(scheme, text).ok_or_else(|| text.clone())?)
        };
        parsed.push((bound, kind, text));
    }
    // BeforeLimits: with limit events, the version must sort below one of them.
    let limits: Vec<&Bound> = parsed
        .iter()
        .filter(|(_, k, _)| *k == EventKind::Limit)
        .map(|(b, _, _)| b)
        .collect();
    if !limits.is_empty() && limits.iter().all(|l| l.at_or_below(installed)) {
        return Ok(InRange::No);
    }
    parsed.sort_by(|a, b| a.0.compare(&b.0).then(a.1.cmp(&b.1)));
    let mut vulnerable = false;
    let mut closing_fix = None;
    for (i, (bound, kind, _)) in parsed.iter().enumerate() {
        match kind {
            EventKind::Introduced if bound.at_or_below(installed) => vulnerable = true,
            EventKind::Fixed if bound.at_or_below(installed) => vulnerable = false,
            EventKind::LastAffected => {
                if let Bound::At(v) = bound
                    && installed.compare(v).is_some_and(Ordering::is_gt)
                {
                    vulnerable = false;
                }
            }
            _ => {}
        }
        if vulnerable && closing_fix.is_none() {
            // The interval's end: the next `fixed` above the installed version.
            closing_fix = parsed[i + 1..]
                .iter()
                .find(|(b, k, _)| *k == EventKind::Fixed && !b.at_or_below(installed))
                .map(|(_, _, t)| (*t).to_string());
        }
        if !vulnerable {
            closing_fix = None;
        }
    }
    Ok(if vulnerable {
        InRange::Yes { fixed: closing_fix }
    } else {
        InRange::No
    })
}

/// The advisory as reported for a package.
fn advisory(record: &Record, affected: &Affected, fixed_in: Option<String>) -> Advisory {
    let informational = affected
        .database_specific
        .as_ref()
        .and_then(|d| d.get("informational"))
        .and_then(serde_json::Value::as_str);
    let kind = if record.id.starts_with("MAL-") {
        AdvisoryKind::Malicious
    } else {
        match informational {
            Some("unmaintained") => AdvisoryKind::Unmaintained,
            Some("unsound") => AdvisoryKind::Unsound,
            Some(_) => AdvisoryKind::Notice,
            None => AdvisoryKind::Vulnerability,
        }
    };
    let (level, score, rated_by) = rate(record, affected, kind);
    let url = record
        .references
        .iter()
        .find(|r| r.kind == "ADVISORY" && !r.url.contains("nvd.nist.gov"))
        .map_or_else(
            || format!("https://osv.dev/vulnerability/{}", record.id),
            |r| r.url.clone(),
        );
    let summary = record
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            record
                .details
                .as_ref()
                .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
                .map(|l| l.chars().take(160).collect())
        })
        .unwrap_or_default();
    Advisory {
        id: record.id.clone(),
        aliases: record.aliases.clone(),
        summary,
        kind,
        level,
        score,
        rated_by,
        fixed_in,
        url,
        published: record.published.clone(),
    }
}

/// The advisory's severity: GitHub's rating when the record carries one (what `npm audit`
/// shows), else the CVSS v3 base score of the record's (or the package's) vector, else unrated.
/// Malicious packages are critical whatever the record says.
fn rate(
    record: &Record,
    affected: &Affected,
    kind: AdvisoryKind,
) -> (Level, Option<f64>, Option<String>) {
    let vectors = record.severity.iter().chain(&affected.severity);
    let score = vectors
        .filter(|s| s.kind == "CVSS_V3")
        .find_map(|s| cvss3_base_score(&s.score));
    if kind == AdvisoryKind::Malicious {
        return (
            Level::Critical,
            score,
            Some("malicious package".to_string()),
        );
    }
    let github = record
        .database_specific
        .as_ref()
        .and_then(|d| d.get("severity"))
        .and_then(serde_json::Value::as_str)
        .and_then(|s| match s.to_ascii_uppercase().as_str() {
            "CRITICAL" => Some(Level::Critical),
            "HIGH" => Some(Level::High),
            "MODERATE" | "MEDIUM" => Some(Level::Medium),
            "LOW" => Some(Level::Low),
            _ => None,
        });
    if let Some(level) = github {
        return (level, score, Some("GitHub's rating".to_string()));
    }
    if let Some(s) = score {
        return (
            level_of_score(s),
            Some(s),
            Some("CVSS v3 base score".to_string()),
        );
    }
    (Level::Unrated, None, None)
}

/// CVSS v3 qualitative rating of a base score.
pub fn level_of_score(score: f64) -> Level {
    if score >= 9.0 {
        Level::Critical
    } else if score >= 7.0 {
        Level::High
    } else if score >= 4.0 {
        Level::Medium
    } else if score > 0.0 {
        Level::Low
    } else {
        Level::Unrated
    }
}

/// The CVSS v3.0/v3.1 base score of a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`),
/// per the FIRST specification's formulas and its 3.1 round-up; `None` for a vector that is
/// not v3 or lacks a base metric.
pub fn cvss3_base_score(vector: &str) -> Option<f64> {
    let mut parts = vector.split('/');
    let version = parts.next()?;
    if !version.starts_with("CVSS:3") {
        return None;
    }
    let metrics: HashMap<&str, &str> = parts.filter_map(|p| p.split_once(':')).collect();
    let scope_changed = match *metrics.get("S")? {
        "U" => false,
        "C" => true,
        _ => return None,
    };
    let av = match *metrics.get("AV")? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        "P" => 0.2,
        _ => return None,
    };
    let ac = match *metrics.get("AC")? {
        "L" => 0.77,
        "H" => 0.44,
        _ => return None,
    };
    let pr = match (*metrics.get("PR")?, scope_changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        ("H", false) => 0.27,
        ("H", true) => 0.5,
        _ => return None,
    };
    let ui = match *metrics.get("UI")? {
        "N" => 0.85,
        "R" => 0.62,
        _ => return None,
    };
    let cia = |key: &str| -> Option<f64> {
        match *metrics.get(key)? {
            "H" => Some(0.56),
            "L" => Some(0.22),
            "N" => Some(0.0),
            _ => None,
        }
    };
    let (c, i, a) = (cia("C")?, cia("I")?, cia("A")?);
    let iss = 1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a);
    let impact = if scope_changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    if impact <= 0.0 {
        return Some(0.0);
    }
    let exploitability = 8.22 * av * ac * pr * ui;
    let raw = if scope_changed {
        (1.08 * (impact + exploitability)).min(10.0)
    } else {
        (impact + exploitability).min(10.0)
    };
    Some(round_up(raw))
}

/// CVSS 3.1's Roundup: the smallest number with one decimal that is at least `x`, computed on
/// integers to avoid floating-point surprises.
fn round_up(x: f64) -> f64 {
    let int = (x * 100_000.0).round() as i64;
    if int % 10_000 == 0 {
        int as f64 / 100_000.0
    } else {
        ((int / 10_000) + 1) as f64 / 10.0
    }
}

/// Merges advisories of one package that share an id or alias (GitHub and PyPA publish the same
/// problem under `GHSA-…` and `PYSEC-…`) and describe the same kind of problem: the first id in
/// a stable order stays, the others become aliases; the highest level and the lowest fix win.
fn merge_aliases(mut list: Vec<Advisory>) -> Vec<Advisory> {
    // Prefer GitHub's records (rated, with summaries), then by id.
    list.sort_by(|a, b| {
        let rank = |x: &Advisory| u8::from(!x.id.starts_with("GHSA-"));
        rank(a).cmp(&rank(b)).then(a.id.cmp(&b.id))
    });
    list.dedup_by(|a, b| a.id == b.id);
    let mut merged: Vec<Advisory> = Vec::new();
    'outer: for advisory in list {
        let ids: BTreeSet<&str> = std::iter::once(advisory.id.as_str())
            .chain(advisory.aliases.iter().map(String::as_str))
            .collect();
        for kept in &mut merged {
            // RustSec files an unmaintained notice and a soundness advisory for the same CVEs:
            // different kinds of problem stay apart.
            if kept.kind != advisory.kind {
                continue;
            }
            let shares = std::iter::once(kept.id.as_str())
                .chain(kept.aliases.iter().map(String::as_str))
                .any(|id| ids.contains(id));
            if shares {
                for id in ids {
                    if id != kept.id && !kept.aliases.iter().any(|a| a == id) {
                        kept.aliases.push(id.to_string());
                    }
                }
                if advisory.level > kept.level {
                    kept.level = advisory.level;
                    kept.score = advisory.score.or(kept.score);
                    kept.rated_by.clone_from(&advisory.rated_by);
                }
                if kept.fixed_in.is_none() {
                    kept.fixed_in.clone_from(&advisory.fixed_in);
                }
                continue 'outer;
            }
        }
        merged.push(advisory);
    }
    for a in &mut merged {
        a.aliases.sort();
    }
    merged.sort_by(|a, b| b.level.cmp(&a.level).then(a.id.cmp(&b.id)));
    merged
}

#[cfg(test)]
mod tests;
