//! Versions ordered by each ecosystem's own rules, for evaluating OSV ranges.
//!
//! OSV `SEMVER` ranges use SemVer 2.0 precedence whatever the ecosystem; `ECOSYSTEM` ranges use
//! the package manager's ordering: npm (node-semver), PEP 440 for PyPI, Cargo's semver,
//! Go module versions (SemVer with a `v`, pseudo-versions as pre-releases), RubyGems'
//! `Gem::Version`, Maven's `ComparableVersion`, PHP's `version_compare` for Packagist, NuGet's
//! four-part SemVer, and SemVer for Hex and Pub.

use super::Ecosystem;
use std::cmp::Ordering;
use std::str::FromStr;

/// A version parsed for one comparator; only versions of the same comparator compare.
#[derive(Debug, Clone)]
pub enum Version {
    SemVer(semver::Version),
    Npm(nodejs_semver::Version),
    Pep440(pep440_rs::Version),
    Gem(gem_version::GemVersion),
    Maven(mvn_version::ComparableVersion),
    Php(PhpVersion),
    NuGet(NuGetVersion),
}

/// How the versions of a range are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// SemVer 2.0 precedence (OSV `SEMVER` ranges).
    SemVer,
    /// The ecosystem's own rules (OSV `ECOSYSTEM` ranges).
    Ecosystem(Ecosystem),
}

impl Version {
    /// Parses `text` for `ordering`; `None` when it is not a version there.
    pub fn parse(ordering: Scheme, text: &str) -> Option<Version> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match ordering {
            Scheme::SemVer => semver_lenient(text).map(Version::SemVer),
            Scheme::Ecosystem(e) => match e {
                // node-semver reads `>=1.0` in a range as `>=1.0.0`, and advisories write
                // such short versions: pad them as npm does.
                Ecosystem::Npm => nodejs_semver::Version::parse(text)
                    .ok()
                    .or_else(|| {
                        let padded = semver_lenient(text)?;
                        nodejs_semver::Version::parse(padded.to_string()).ok()
                    })
                    .map(Version::Npm),
                Ecosystem::PyPI => pep440_rs::Version::from_str(text).ok().map(Version::Pep440),
                Ecosystem::CratesIo | Ecosystem::Go | Ecosystem::Hex | Ecosystem::Pub => {
                    semver_lenient(text).map(Version::SemVer)
                }
                Ecosystem::RubyGems => gem_version::GemVersion::from_str(text)
                    .ok()
                    .map(Version::Gem),
                Ecosystem::Maven => Some(Version::Maven(mvn_version::ComparableVersion::new(text))),
                Ecosystem::Packagist => PhpVersion::parse(text).map(Version::Php),
                Ecosystem::NuGet => NuGetVersion::parse(text).map(Version::NuGet),
            },
        }
    }

    /// The order of two versions parsed for the same comparator; `None` across comparators.
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        Some(match (self, other) {
            (Version::SemVer(a), Version::SemVer(b)) => a.cmp_precedence(b),
            (Version::Npm(a), Version::Npm(b)) => a.cmp(b),
            (Version::Pep440(a), Version::Pep440(b)) => a.cmp(b),
            (Version::Gem(a), Version::Gem(b)) => a.cmp(b),
            (Version::Maven(a), Version::Maven(b)) => a.cmp(b),
            (Version::Php(a), Version::Php(b)) => a.cmp(b),
            (Version::NuGet(a), Version::NuGet(b)) => a.cmp(b),
            _ => return None,
        })
    }
}

/// SemVer, accepting what real lockfiles and advisories hold: a leading `v` or `=`, and fewer
/// than three numbers (`1.2` is `1.2.0`). Go's pseudo-versions are pre-releases and
/// `+incompatible` is build metadata, so both order as Go orders them.
fn semver_lenient(text: &str) -> Option<semver::Version> {
    let text = text.trim_start_matches(['v', 'V', '=']).trim();
    if let Ok(v) = semver::Version::parse(text) {
        return Some(v);
    }
    // Pad missing minor/patch numbers before any pre-release or build suffix.
    let split = text.find(['-', '+']).unwrap_or(text.len());
    let (core, rest) = text.split_at(split);
    let parts = core.split('.').count();
    if parts == 0
        || parts > 3
        || !core
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut padded = core.to_string();
    for _ in parts..3 {
        padded.push_str(".0");
    }
    // Leading zeros are not SemVer but appear in the wild (`1.02`): drop them.
    let padded: Vec<String> = padded
        .split('.')
        .map(|p| {
            let t = p.trim_start_matches('0');
            if t.is_empty() {
                "0".to_string()
            } else {
                t.to_string()
            }
        })
        .collect();
    semver::Version::parse(&format!("{}{rest}", padded.join("."))).ok()
}

/// A Composer/Packagist version, ordered as PHP's `version_compare` orders them (Composer
/// normalises versions and compares them with it): the string is cut into numbers and words at
/// every `.`, `-`, `_`, `+` and at each change between digits and letters; words rank
/// `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < `#` (a number) < `pl` = `p`, and any
/// other word below `dev`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhpVersion {
    parts: Vec<PhpPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PhpPart {
    Number(u64),
    Word(String),
}

impl PhpVersion {
    fn parse(text: &str) -> Option<PhpVersion> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        if text.is_empty() || !text.as_bytes()[0].is_ascii_alphanumeric() {
            return None;
        }
        let mut parts = Vec::new();
        let mut current = String::new();
        let flush = |current: &mut String, parts: &mut Vec<PhpPart>| {
            if current.is_empty() {
                return;
            }
            let part = match current.parse::<u64>() {
                Ok(n) => PhpPart::Number(n),
                Err(_) => PhpPart::Word(current.to_ascii_lowercase()),
            };
            parts.push(part);
            current.clear();
        };
        for c in text.chars() {
            if matches!(c, '.' | '-' | '_' | '+') {
                flush(&mut current, &mut parts);
                continue;
            }
            if let Some(last) = current.chars().last()
                && last.is_ascii_digit() != c.is_ascii_digit()
            {
                flush(&mut current, &mut parts);
            }
            current.push(c);
        }
        flush(&mut current, &mut parts);
        // Composer normalises `1.2` to `1.2.0.0`: compare releases with four numbers.
        let numbers = parts
            .iter()
            .take_while(|p| matches!(p, PhpPart::Number(_)))
            .count();
        if numbers == 0 {
            return None;
        }
        for _ in numbers..4 {
            parts.insert(numbers, PhpPart::Number(0));
        }
        Some(PhpVersion { parts })
    }

    /// `version_compare`'s rank of a part that is not a number.
    fn rank(word: &str) -> i32 {
        match word {
            "dev" => 0,
            "alpha" | "a" => 1,
            "beta" | "b" => 2,
            "rc" => 3,
            "pl" | "p" | "patch" => 5,
            "stable" => 4, // Composer's stability flag: the same as the release itself
            _ => -1,
        }
    }
}

impl Ord for PhpVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let rank = |p: Option<&PhpPart>| -> (i32, u64) {
            match p {
                // A number ranks `#`, between `RC` and `pl`; a missing part ranks as a release.
                Some(PhpPart::Number(n)) => (4, *n),
                Some(PhpPart::Word(w)) => (PhpVersion::rank(w), 0),
                None => (4, 0),
            }
        };
        let len = self.parts.len().max(other.parts.len());
        for i in 0..len {
            let (a, b) = (self.parts.get(i), other.parts.get(i));
            // `1.0.0.0` vs `1.0.0.0.1`: a missing number counts as a release, then stops.
            if a.is_none() && matches!(b, Some(PhpPart::Number(_))) {
                return Ordering::Less;
            }
            if b.is_none() && matches!(a, Some(PhpPart::Number(_))) {
                return Ordering::Greater;
            }
            let order = rank(a).cmp(&rank(b));
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for PhpVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A NuGet version: up to four numbers (missing ones are 0), an optional pre-release label
/// compared as SemVer 2.0 pre-releases but without regard to case, and build metadata that is
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NuGetVersion {
    numbers: [u64; 4],
    pre: Vec<String>,
}

impl NuGetVersion {
    fn parse(text: &str) -> Option<NuGetVersion> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        let text = text.split('+').next().unwrap_or(text);
        let (core, pre) = text
            .split_once('-')
            .map_or((text, None), |(c, p)| (c, Some(p)));
        let mut numbers = [0u64; 4];
        let mut count = 0;
        for (i, part) in core.split('.').enumerate() {
            if i >= 4 {
                return None;
            }
            numbers[i] = part.parse().ok()?;
            count += 1;
        }
        if count == 0 {
            return None;
        }
        let pre = pre
            .map(|p| p.split('.').map(str::to_ascii_lowercase).collect())
            .unwrap_or_default();
        Some(NuGetVersion { numbers, pre })
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| {
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let order = match (a.parse::<u64>(), b.parse::<u64>()) {
                            (Ok(x), Ok(y)) => x.cmp(&y),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            (Err(_), Err(_)) => a.cmp(b),
                        };
                        if order != Ordering::Equal {
                            return order;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            }
        })
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that each version sorts strictly before the next under `ordering`.
    fn ascending(ordering: Scheme, versions: &[&str]) {
        for pair in versions.windows(2) {
            let a =
                Version::parse(ordering, pair[0]).unwrap_or_else(|| panic!("parse {}", pair[0]));
            let b =
                Version::parse(ordering, pair[1]).unwrap_or_else(|| panic!("parse {}", pair[1]));
            assert_eq!(
                a.compare(&b),
                Some(Ordering::Less),
                "{ordering:?}: {} < {}",
                pair[0],
                pair[1]
            );
            assert_eq!(
                b.compare(&a),
                Some(Ordering::Greater),
                "{ordering:?}: {} > {}",
                pair[1],
                pair[0]
            );
        }
    }

    fn equal(ordering: Scheme, a: &str, b: &str) {
        let (x, y) = (
            Version::parse(ordering, a).unwrap(),
            Version::parse(ordering, b).unwrap(),
        );
        assert_eq!(
            x.compare(&y),
            Some(Ordering::Equal),
            "{ordering:?}: {a} = {b}"
        );
    }

    #[test]
    fn semver_precedence_ignores_build_and_pads() {
        let o = Scheme::SemVer;
        ascending(
            o,
            &[
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.2",
                "1.10.0",
                "v2.0.0",
            ],
        );
        equal(o, "1.0.0+build.5", "1.0.0");
        equal(o, "1.2", "1.2.0");
    }

    #[test]
    fn go_pseudo_versions_and_incompatible() {
        let o = Scheme::Ecosystem(Ecosystem::Go);
        ascending(
            o,
            &[
                "0.0.0-20190101000000-abcdefabcdef",
                "0.0.0-20210101000000-abcdefabcdef",
                "0.1.0",
                "1.2.3-pre",
                "1.2.3",
                "2.0.0+incompatible",
                "2.1.0",
            ],
        );
    }

    #[test]
    fn pep440_order() {
        let o = Scheme::Ecosystem(Ecosystem::PyPI);
        ascending(
            o,
            &[
                "1.0.dev1",
                "1.0a1",
                "1.0b2",
                "1.0rc1",
                "1.0",
                "1.0.post1",
                "1.0.1",
                "1!0.5",
            ],
        );
        equal(o, "1.0", "1.0.0");
        assert!(Version::parse(o, "not a version").is_none());
    }

    #[test]
    fn rubygems_order() {
        let o = Scheme::Ecosystem(Ecosystem::RubyGems);
        ascending(
            o,
            &[
                "1.0.0.a",
                "1.0.0.pre",
                "1.0.0.rc1",
                "1.0.0",
                "1.0.0.1",
                "1.0.1",
                "1.10",
            ],
        );
    }

    #[test]
    fn maven_order() {
        let o = Scheme::Ecosystem(Ecosystem::Maven);
        ascending(
            o,
            &[
                "1.0-alpha-1",
                "1.0-beta",
                "1.0-rc1",
                "1.0-SNAPSHOT",
                "1.0",
                "1.0-sp1",
                "1.0.1",
                "2.13.4.2",
            ],
        );
        equal(o, "1.0", "1.0.0");
        equal(o, "1.0.Final", "1.0");
    }

    #[test]
    fn npm_order() {
        let o = Scheme::Ecosystem(Ecosystem::Npm);
        ascending(
            o,
            &[
                "1",
                "1.0.1",
                "3.0.0-beta.8",
                "3.1",
                "4.17.20",
                "4.17.21-beta.1",
                "4.17.21",
                "v4.18.0",
            ],
        );
        // Advisories write `1.0` for npm's `1.0.0`.
        equal(o, "1.0", "1.0.0");
    }

    #[test]
    fn php_version_compare_order() {
        let o = Scheme::Ecosystem(Ecosystem::Packagist);
        ascending(
            o,
            &[
                "1.0.0-dev",
                "1.0.0-alpha1",
                "1.0.0-alpha2",
                "1.0.0-beta1",
                "1.0.0-RC1",
                "1.0.0-RC2",
                "1.0.0",
                "1.0.0-pl1",
                "1.0.1",
                "1.0.10",
                "v2.0",
            ],
        );
        equal(o, "v1.2", "1.2.0.0");
        equal(o, "1.2.3", "1.2.3.0");
        assert!(Version::parse(o, "dev-master").is_none());
    }

    #[test]
    fn nuget_order() {
        let o = Scheme::Ecosystem(Ecosystem::NuGet);
        ascending(
            o,
            &[
                "1.0.0-Alpha",
                "1.0.0-beta.2",
                "1.0.0-beta.10",
                "1.0.0-RC",
                "1.0.0",
                "1.0.0.1",
                "1.0.1",
                "13.0.1",
            ],
        );
        equal(o, "1.0", "1.0.0.0");
        equal(o, "1.0.0-RC", "1.0.0-rc");
        equal(o, "1.0.0+abc", "1.0.0");
    }

    #[test]
    fn different_comparators_do_not_compare() {
        let a = Version::parse(Scheme::SemVer, "1.0.0").unwrap();
        let b = Version::parse(Scheme::Ecosystem(Ecosystem::PyPI), "1.0.0").unwrap();
        assert_eq!(a.compare(&b), None);
    }
}
