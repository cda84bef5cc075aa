//! Team and knowledge: contributors and their activity, the truck factor (Avelino et al.),
//! knowledge islands and code whose main authors have gone quiet.

use super::{DAY, is_analysed_code};
use crate::history::{ChangeKind, FileHistories, History, PersonId};
use crate::inventory::Inventory;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Tunables of the team analysis; defaults follow the catalogue (TEAM-01..03).
#[derive(Debug, Clone)]
pub struct TeamOptions {
    /// The time windows are measured back from this moment (seconds since the epoch).
    pub as_of: i64,
    /// People who have left (emails or names, case-insensitive), from `fcto.toml`.
    pub departed: Vec<String>,
    /// Days without a commit after which a person counts as gone.
    pub quiet_days: i64,
    /// A file is a knowledge island when one active person wrote at least this share.
    pub island_share: f64,
}

impl TeamOptions {
    pub fn new(as_of: i64) -> TeamOptions {
        TeamOptions {
            as_of,
            departed: Vec::new(),
            quiet_days: 180,
            island_share: 0.95,
        }
    }
}

/// One person's activity.
#[allow(clippy::struct_excessive_bools)] // Independent facts about a person, not a state machine.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonActivity {
    pub person: PersonId,
    pub commits: u64,
    pub lines_added: u64,
    pub lines_removed: u64,
    pub first_commit: i64,
    pub last_commit: i64,
    pub active_90_days: bool,
    pub active_12_months: bool,
    /// No commit for `quiet_days`, or listed as departed.
    pub gone: bool,
    /// Listed as departed in the context file.
    pub departed: bool,
    /// Files this person is a DOA author of.
    pub authored_files: u64,
}

/// Authorship of one current file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileAuthorship {
    pub path: String,
    pub code: u64,
    /// Non-merge, non-mass, human commits that changed the file (renames followed).
    pub changes: u64,
    /// Lines added per person over the file's history.
    pub lines_by_person: Vec<(PersonId, u64)>,
    /// DOA authors of the file (metrics.md §2.7).
    pub authors: Vec<PersonId>,
    /// The person who added most lines, and their share of all lines added.
    pub main_author: Option<(PersonId, f64)>,
}

#[derive(Debug, Clone, Default)]
pub struct Team {
    /// Every human, most commits first.
    pub people: Vec<PersonActivity>,
    pub files: Vec<FileAuthorship>,
    /// Greedy truck factor over all authors; `truck_factor_people` in removal order.
    pub truck_factor: u32,
    pub truck_factor_people: Vec<PersonId>,
    /// The same computed with only people who have not gone.
    pub effective_truck_factor: u32,
    pub effective_truck_factor_people: Vec<PersonId>,
}

impl Team {
    pub fn activity(&self, person: PersonId) -> Option<&PersonActivity> {
        self.people.iter().find(|p| p.person == person)
    }

    pub fn is_gone(&self, person: PersonId) -> bool {
        self.activity(person).is_none_or(|p| p.gone)
    }
}

/// Degree of Authorship (Fritz et al., as used by Avelino et al., metrics.md §2.7):
/// `3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)`.
pub fn degree_of_authorship(first_author: bool, deliveries: u64, acceptances: u64) -> f64 {
    3.293 + 1.098 * f64::from(u8::from(first_author)) + 0.164 * deliveries as f64
        - 0.321 * (1.0 + acceptances as f64).ln()
}

/// Avelino et al.'s authorship thresholds: normalised DOA above 0.75 and absolute DOA of at
/// least 3.293.
const NORMALISED_DOA: f64 = 0.75;
const ABSOLUTE_DOA: f64 = 3.293;
/// Authors are removed until this share of files or more has no author left.
const TF_COVERAGE: f64 = 0.5;

/// Computes the team facts.
///
/// Files are the current product code files (see `is_analysed_code`). Per-file statistics use
/// non-merge commits by people (bots left out), excluding mass commits (metrics.md §2.4), with
/// renames followed; the creator of a file is the author of the oldest commit that added it,
/// mass or not, since an initial import is still authorship.
pub fn analyse_team(
    history: &History,
    inventory: &Inventory,
    histories: &FileHistories,
    options: &TeamOptions,
) -> Team {
    let departed: HashSet<String> = options
        .departed
        .iter()
        .map(|d| d.trim().to_lowercase())
        .collect();
    let people = person_activity(history, options, &departed);
    let gone: HashSet<PersonId> = people.iter().filter(|p| p.gone).map(|p| p.person).collect();

    let code_files: Vec<(&str, u64)> = inventory
        .files
        .iter()
        .filter(|f| is_analysed_code(f))
        .map(|f| (f.path.as_str(), f.stats.code))
        .collect();

    let mut files = Vec::with_capacity(code_files.len());
    for (path, code) in &code_files {
        let touches = histories.get(*path).map_or(&[][..], Vec::as_slice);
        files.push(file_authorship(history, path, *code, touches));
    }

    let mut authored: HashMap<PersonId, u64> = HashMap::new();
    for f in &files {
        for a in &f.authors {
            *authored.entry(*a).or_default() += 1;
        }
    }
    let mut people = people;
    for p in &mut people {
        p.authored_files = authored.get(&p.person).copied().unwrap_or(0);
    }

    let authorship: Vec<&[PersonId]> = files.iter().map(|f| f.authors.as_slice()).collect();
    let names = |id: PersonId| history.person(id).name.clone();
    let (truck_factor, truck_factor_people) =
        greedy_truck_factor(&authorship, &HashSet::new(), names);
    let (effective_truck_factor, effective_truck_factor_people) =
        greedy_truck_factor(&authorship, &gone, names);

    Team {
        people,
        files,
        truck_factor,
        truck_factor_people,
        effective_truck_factor,
        effective_truck_factor_people,
    }
}

fn person_activity(
    history: &History,
    options: &TeamOptions,
    departed: &HashSet<String>,
) -> Vec<PersonActivity> {
    let mut by_person: BTreeMap<PersonId, PersonActivity> = BTreeMap::new();
    for commit in &history.commits {
        if history.is_bot_commit(commit) || commit.is_merge() {
            continue;
        }
        let a = by_person
            .entry(commit.author)
            .or_insert_with(|| PersonActivity {
                person: commit.author,
                commits: 0,
                lines_added: 0,
                lines_removed: 0,
                first_commit: commit.author_time,
                last_commit: commit.author_time,
                active_90_days: false,
                active_12_months: false,
                gone: false,
                departed: false,
                authored_files: 0,
            });
        a.commits += 1;
        for c in &commit.changes {
            a.lines_added += u64::from(c.added);
            a.lines_removed += u64::from(c.removed);
        }
        a.first_commit = a.first_commit.min(commit.author_time);
        a.last_commit = a.last_commit.max(commit.author_time);
    }
    let mut people: Vec<PersonActivity> = by_person.into_values().collect();
    for p in &mut people {
        let person = history.person(p.person);
        p.departed = departed.contains(&person.email.to_lowercase())
            || departed.contains(&person.name.to_lowercase())
            || person.aliases.iter().any(|(n, e)| {
                departed.contains(&n.to_lowercase()) || departed.contains(&e.to_lowercase())
            });
        let since = options.as_of - p.last_commit;
        p.active_90_days = since <= 90 * DAY && !p.departed;
        p.active_12_months = since <= 365 * DAY && !p.departed;
        p.gone = p.departed || since > options.quiet_days * DAY;
    }
    people.sort_by(|a, b| b.commits.cmp(&a.commits).then(a.person.cmp(&b.person)));
    people
}

fn file_authorship(
    history: &History,
    path: &str,
    code: u64,
    touches: &[(usize, usize)],
) -> FileAuthorship {
    let mut deliveries: BTreeMap<PersonId, u64> = BTreeMap::new();
    let mut lines: BTreeMap<PersonId, u64> = BTreeMap::new();
    let mut creator: Option<PersonId> = None;
    let mut changes = 0u64;
    // `touches` is newest first; the creator is the author of the oldest add.
    for &(ci, xi) in touches {
        let commit = &history.commits[ci];
        if commit.is_merge() || history.is_bot_commit(commit) {
            continue;
        }
        let change = &commit.changes[xi];
        if change.kind == ChangeKind::Added {
            creator = Some(commit.author);
        }
        if commit.mass {
            continue;
        }
        changes += 1;
        *deliveries.entry(commit.author).or_default() += 1;
        *lines.entry(commit.author).or_default() += u64::from(change.added);
    }
    if creator.is_none() {
        // Shallow history or a file whose creation was a merge: the oldest human author.
        creator = touches
            .iter()
            .rev()
            .map(|&(ci, _)| &history.commits[ci])
            .find(|c| !c.is_merge() && !history.is_bot_commit(c))
            .map(|c| c.author);
    }
    let mut candidates: Vec<PersonId> = deliveries.keys().copied().collect();
    if let Some(c) = creator
        && !candidates.contains(&c)
    {
        candidates.push(c);
    }
    let doa: Vec<(PersonId, f64)> = candidates
        .iter()
        .map(|&p| {
            let dl = deliveries.get(&p).copied().unwrap_or(0);
            let ac = changes - dl;
            (p, degree_of_authorship(creator == Some(p), dl, ac))
        })
        .collect();
    let max = doa.iter().map(|(_, d)| *d).fold(f64::MIN, f64::max);
    let mut authors: Vec<PersonId> = doa
        .iter()
        .filter(|(_, d)| *d >= ABSOLUTE_DOA && max > 0.0 && *d / max > NORMALISED_DOA)
        .map(|(p, _)| *p)
        .collect();
    authors.sort_unstable();

    let total: u64 = lines.values().sum();
    let mut lines_by_person: Vec<(PersonId, u64)> = lines.into_iter().collect();
    lines_by_person.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let main_author = lines_by_person
        .first()
        .filter(|_| total > 0)
        .map(|&(p, n)| (p, n as f64 / total as f64))
        .or_else(|| creator.map(|c| (c, 1.0)));

    FileAuthorship {
        path: path.to_string(),
        code,
        changes,
        lines_by_person,
        authors,
        main_author,
    }
}

/// The greedy truck factor of Avelino et al. (metrics.md §2.7): repeatedly remove the person
/// who authors the most files, until fewer than half of the files have an author left; the
/// truck factor is the number removed. People in `excluded` are treated as already gone (for
/// the effective truck factor). Ties are broken by name so results are stable.
pub fn greedy_truck_factor<S: std::hash::BuildHasher>(
    authorship: &[&[PersonId]],
    excluded: &HashSet<PersonId, S>,
    name: impl Fn(PersonId) -> String,
) -> (u32, Vec<PersonId>) {
    if authorship.is_empty() {
        return (0, Vec::new());
    }
    let mut remaining: HashSet<PersonId> = authorship
        .iter()
        .flat_map(|a| a.iter().copied())
        .filter(|p| !excluded.contains(p))
        .collect();
    let total = authorship.len() as f64;
    let mut removed = Vec::new();
    loop {
        let covered = authorship
            .iter()
            .filter(|authors| authors.iter().any(|p| remaining.contains(p)))
            .count() as f64;
        if covered / total < TF_COVERAGE || remaining.is_empty() {
            break;
        }
        let mut counts: HashMap<PersonId, usize> = HashMap::new();
        for authors in authorship {
            for p in authors.iter().filter(|p| remaining.contains(p)) {
                *counts.entry(*p).or_default() += 1;
            }
        }
        let top = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| name(b.0).cmp(&name(a.0))))
            .map(|(p, _)| p);
        let Some(top) = top else { break };
        remaining.remove(&top);
        removed.push(top);
    }
    (removed.len() as u32, removed)
}

/// A knowledge island: a file where one active person wrote at least `island_share` of the
/// lines added over its history (CodeScene's definition, metrics.md §2.3). A file only ever
/// changed by mass commits belongs to its creator.
pub fn knowledge_islands<'a>(
    team: &'a Team,
    options: &TeamOptions,
) -> impl Iterator<Item = (&'a FileAuthorship, PersonId, f64)> + 'a {
    let share = options.island_share;
    team.files.iter().filter_map(move |f| {
        let (owner, s) = f.main_author?;
        (s >= share && !team.is_gone(owner)).then_some((f, owner, s))
    })
}

/// Share of each file's added lines written by people who have gone, weighted by the file's
/// current code lines: CodeScene's knowledge loss measured on the history (metrics.md §2.3).
pub fn orphaned_share(team: &Team) -> f64 {
    let mut total = 0.0;
    let mut lost = 0.0;
    for f in &team.files {
        let added: u64 = f.lines_by_person.iter().map(|(_, n)| n).sum();
        total += f.code as f64;
        if added == 0 {
            if let Some((owner, _)) = f.main_author
                && team.is_gone(owner)
            {
                lost += f.code as f64;
            }
            continue;
        }
        let gone: u64 = f
            .lines_by_person
            .iter()
            .filter(|(p, _)| team.is_gone(*p))
            .map(|(_, n)| n)
            .sum();
        lost += f.code as f64 * gone as f64 / added as f64;
    }
    if total == 0.0 { 0.0 } else { lost / total }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doa_matches_the_published_formula() {
        // Creator with 3 deliveries and 2 changes by others.
        let d = degree_of_authorship(true, 3, 2);
        let expected = 3.293 + 1.098 + 0.164 * 3.0 - 0.321 * 3f64.ln();
        assert!((d - expected).abs() < 1e-12);
        // A non-creator with one change among many others is below the absolute threshold.
        assert!(degree_of_authorship(false, 1, 10) < ABSOLUTE_DOA);
    }

    #[test]
    fn greedy_truck_factor_removes_top_authors_until_half_is_orphaned() {
        // Person 0 authors 6 of 10 files, person 1 three, person 2 one.
        let a: Vec<Vec<PersonId>> = (0..10)
            .map(|i| match i {
                0..=5 => vec![0],
                6..=8 => vec![1],
                _ => vec![2],
            })
            .collect();
        let refs: Vec<&[PersonId]> = a.iter().map(Vec::as_slice).collect();
        let name = |p: PersonId| p.to_string();
        // Removing 0 leaves 4/10 covered (< 50 %): TF = 1.
        assert_eq!(
            greedy_truck_factor(&refs, &HashSet::new(), name),
            (1, vec![0])
        );
        // With 0 already gone, 4/10 are covered from the start: effective TF = 0.
        assert_eq!(greedy_truck_factor(&refs, &HashSet::from([0]), name).0, 0);
        // Shared authorship: every file authored by both 0 and 1 needs both removed.
        let shared: Vec<Vec<PersonId>> = (0..4).map(|_| vec![0, 1]).collect();
        let refs: Vec<&[PersonId]> = shared.iter().map(Vec::as_slice).collect();
        assert_eq!(greedy_truck_factor(&refs, &HashSet::new(), name).0, 2);
    }
}
