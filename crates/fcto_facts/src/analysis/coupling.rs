//! Change coupling: pairs of files that keep changing in the same commits (metrics.md §2.4),
//! measured as Code Maat's logical coupling so its numbers can be checked against Code Maat's.

use super::is_analysed_code;
use crate::history::{FileHistories, History};
use crate::inventory::Inventory;

/// Thresholds and window of the coupling analysis. The thresholds are Code Maat's command-line
/// options with their defaults (`--min-revs 5 --min-shared-revs 5 --min-coupling 30
/// --max-coupling 100 --max-changeset-size 30`, adamtornhill/code-maat:src/code_maat/cmd_line.clj).
#[derive(Debug, Clone)]
pub struct CouplingOptions {
    /// A pair is kept when the *average* revisions of its two files reach this (Code Maat
    /// compares the average, not each file's count).
    pub min_revs: u32,
    /// Commits that changed both files.
    pub min_shared_revs: u32,
    /// Degree of coupling in percent, compared before truncation.
    pub min_coupling: u32,
    /// Compared with the truncated degree.
    pub max_coupling: u32,
    /// Commits changing more files than this are ignored (refactorings, formatting, imports).
    pub max_changeset_size: usize,
    /// Only commits authored at or after this moment (seconds since the epoch) count.
    pub since: Option<i64>,
    /// Only commits authored at or before this moment count.
    pub until: Option<i64>,
    /// Example commit ids kept per pair.
    pub examples: usize,
}

impl Default for CouplingOptions {
    fn default() -> Self {
        CouplingOptions {
            min_revs: 5,
            min_shared_revs: 5,
            min_coupling: 30,
            max_coupling: 100,
            max_changeset_size: 30,
            since: None,
            until: None,
            examples: 3,
        }
    }
}

/// Two files that changed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoupledPair {
    /// The path that sorts first.
    pub path: String,
    pub coupled: String,
    /// `shared / average(revisions, coupled_revisions) × 100`, truncated to an integer percent.
    pub degree: u32,
    /// Commits that changed both files.
    pub shared_revisions: u32,
    /// Commits that changed `path` (renames followed).
    pub revisions: u32,
    /// Commits that changed `coupled`.
    pub coupled_revisions: u32,
    /// Indices into `History::commits` of the shared commits, newest first
    /// (`shared_revisions` of them).
    pub shared_commits: Vec<usize>,
    /// Ids of the newest shared commits (at most `CouplingOptions::examples`), newest first.
    pub examples: Vec<String>,
}

/// Logical coupling as Code Maat computes it (`adamtornhill/code-maat`,
/// `src/code_maat/analysis/logical_coupling.clj` and `coupling_algos.clj` @e745abec):
/// `degree = shared revisions / average(revisions of A, revisions of B) × 100`, the average and
/// the ratio exact, the degree truncated to an integer (Clojure's `int` of a ratio); a pair is
/// kept when the average revisions ≥ `min_revs`, shared ≥ `min_shared_revs`, the exact degree
/// ≥ `min_coupling` and the truncated degree ≤ `max_coupling`. A file's revisions are counted
/// over the same commits as the pairs, so a commit over `max_changeset_size` files counts for
/// neither.
///
/// Which commits count, and where this differs from running Code Maat on `git log --numstat`:
/// - Merges are left out. Their changes against the first parent repeat the branch's own
///   commits, and `git log --numstat` (Code Maat's input) shows no files for a merge either.
/// - Bot commits (dependabot, renovate, …) are left out, as in the team and hotspot analyses:
///   coupling is about the changes people have to make together.
/// - The changeset size is the number of files the commit changed, all of them (documentation,
///   deleted files and other languages included), as in Code Maat's log. Only the file count
///   applies, not the 5,000-line half of `Commit::mass`, since Code Maat has no line limit.
/// - Renames are followed: a file's commits under an earlier name count for its current name
///   (`History::file_histories`), where Code Maat sees two unrelated names.
/// - Only analysed code files present at the assessed commit are paired (`is_analysed_code`),
///   which is Code Maat's result filtered to those files: restricting the entities changes
///   neither their revision counts nor their shared revisions.
/// - The window is the author time, `since..=until`.
///
/// `histories` must be `analysed_file_histories(history, inventory)` (or a superset).
/// Sorted by degree, then shared revisions (both descending), then paths.
pub fn change_coupling(
    history: &History,
    inventory: &Inventory,
    histories: &FileHistories,
    options: &CouplingOptions,
) -> Vec<CoupledPair> {
    let counts = |i: usize| {
        let c = &history.commits[i];
        !c.is_merge()
            && !history.is_bot_commit(c)
            && c.changes.len() <= options.max_changeset_size
            && options.since.is_none_or(|s| c.author_time >= s)
            && options.until.is_none_or(|u| c.author_time <= u)
    };

    // Each analysed file's counted commits, ascending index = newest first, each once (a commit
    // can touch a file under two of its names).
    let mut paths: Vec<&str> = Vec::new();
    let mut revisions: Vec<Vec<usize>> = Vec::new();
    for file in inventory.files.iter().filter(|f| is_analysed_code(f)) {
        let Some(touches) = histories.get(&file.path) else {
            continue;
        };
        let mut commits: Vec<usize> = touches
            .iter()
            .map(|&(ci, _)| ci)
            .filter(|&ci| counts(ci))
            .collect();
        commits.sort_unstable();
        commits.dedup();
        // A file with fewer revisions than `min_shared_revs` cannot be in a reported pair.
        if !commits.is_empty() && commits.len() >= options.min_shared_revs as usize {
            paths.push(&file.path);
            revisions.push(commits);
        }
    }

    // The candidate files of each commit, in file order (so ascending within a commit). At most
    // `max_changeset_size` per commit, which bounds the pairs counted below.
    let mut commit_files: Vec<Vec<u32>> = vec![Vec::new(); history.commits.len()];
    for (file, commits) in revisions.iter().enumerate() {
        let id = u32::try_from(file).expect("fewer than 2^32 files");
        for &ci in commits {
            commit_files[ci].push(id);
        }
    }

    // For one file at a time, count the later files it shares commits with: memory is one
    // counter per file, not one per pair.
    let mut shared = vec![0u32; paths.len()];
    let mut partners: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for (a, commits) in revisions.iter().enumerate() {
        for &ci in commits {
            for &b in commit_files[ci].iter().filter(|&&b| b as usize > a) {
                if shared[b as usize] == 0 {
                    partners.push(b);
                }
                shared[b as usize] += 1;
            }
        }
        for b in partners.drain(..) {
            let b = b as usize;
            let together = std::mem::take(&mut shared[b]);
            let (ra, rb) = (revisions[a].len() as u64, revisions[b].len() as u64);
            let Some(degree) = degree(u64::from(together), ra, rb, options) else {
                continue;
            };
            let shared_commits: Vec<usize> = commits
                .iter()
                .copied()
                .filter(|&ci| revisions[b].binary_search(&ci).is_ok())
                .collect();
            let (first, second) = if paths[a] <= paths[b] { (a, b) } else { (b, a) };
            out.push(CoupledPair {
                path: paths[first].to_string(),
                coupled: paths[second].to_string(),
                degree,
                shared_revisions: together,
                revisions: revisions[first].len() as u32,
                coupled_revisions: revisions[second].len() as u32,
                examples: shared_commits
                    .iter()
                    .take(options.examples)
                    .map(|&ci| history.commits[ci].id.clone())
                    .collect(),
                shared_commits,
            });
        }
    }
    out.sort_by(|x, y| {
        y.degree
            .cmp(&x.degree)
            .then(y.shared_revisions.cmp(&x.shared_revisions))
            .then_with(|| x.path.cmp(&y.path))
            .then_with(|| x.coupled.cmp(&y.coupled))
    });
    out
}

/// The truncated degree of a pair with `shared` commits of `ra` and `rb` revisions when it is
/// within Code Maat's thresholds (`within-threshold?`), in exact integer arithmetic: the
/// average is `(ra + rb) / 2`, so the degree is `200 × shared / (ra + rb)`.
fn degree(shared: u64, ra: u64, rb: u64, options: &CouplingOptions) -> Option<u32> {
    let sum = ra + rb;
    let exact_at_least_min = 200 * shared >= u64::from(options.min_coupling) * sum;
    let degree = u32::try_from(200 * shared / sum).expect("a percentage");
    (sum >= 2 * u64::from(options.min_revs)
        && shared >= u64::from(options.min_shared_revs)
        && exact_at_least_min
        && degree <= options.max_coupling)
        .then_some(degree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_follows_code_maat_rounding_and_thresholds() {
        let o = CouplingOptions::default();
        // 6 / 9 = 66.67 % → 66 (truncated, not rounded).
        assert_eq!(degree(6, 10, 8, &o), Some(66));
        // The average may be fractional: 5 / 5.5 = 90.9 % → 90.
        assert_eq!(degree(5, 5, 6, &o), Some(90));
        // min_revs applies to the average: (4 + 6) / 2 = 5 passes, (4 + 5) / 2 = 4.5 does not.
        assert_eq!(degree(5, 5, 5, &o), Some(100));
        assert_eq!(
            degree(
                4,
                4,
                6,
                &CouplingOptions {
                    min_shared_revs: 4,
                    ..o.clone()
                }
            ),
            Some(80)
        );
        assert_eq!(
            degree(
                4,
                4,
                5,
                &CouplingOptions {
                    min_shared_revs: 4,
                    ..o.clone()
                }
            ),
            None
        );
        // min_coupling compares the exact value: 5 / avg(5, 28) = 30.30 % passes, 5 / avg(5, 29)
        // = 29.41 % does not; exactly 30 % (6 / avg(20, 20)) passes.
        assert_eq!(degree(5, 5, 28, &o), Some(30));
        assert_eq!(degree(5, 5, 29, &o), None);
        assert_eq!(degree(6, 20, 20, &o), Some(30));
        // max_coupling compares the truncated degree: 99.x passes a maximum of 99.
        let max99 = CouplingOptions {
            max_coupling: 99,
            ..o.clone()
        };
        assert_eq!(degree(100, 100, 101, &max99), Some(99));
        assert_eq!(degree(5, 5, 5, &max99), None);
    }
}
