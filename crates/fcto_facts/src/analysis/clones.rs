//! Duplicated code: token-based clone detection over the parsed files. Identifiers and
//! literals are normalised to their kind (so renamed copies match: "type-2" clones), comments
//! and layout are ignored. A clone is a run of at least `min_tokens` equal tokens spanning at
//! least `min_lines` lines (checks.md QUA-08).
//!
//! Candidates come from winnowing (Schleimer, Wilkerson and Aiken, 2003): hashes of every
//! `K`-token run, and in each window of `W` consecutive hashes the smallest is kept. Any match
//! of at least `K + W - 1` tokens shares a kept hash, so with `K + W - 1 = min_tokens` no clone
//! of that length is missed while only about 2 / (W + 1) of the positions are stored.

use crate::syntax::Token;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Copies of one hash paired among themselves beyond the first (a group of n makes n (n - 1) / 2
/// pairs): larger groups are boilerplate repeated everywhere and keep the pairs with the first.
const MAX_GROUP_PAIRING: usize = 8;

/// Thresholds of the clone detector.
#[derive(Debug, Clone)]
pub struct CloneOptions {
    pub min_tokens: usize,
    pub min_lines: u32,
    /// Fewer distinct token kinds than this is a data table (`[N, N], [N, N]`), not logic.
    pub min_distinct_kinds: usize,
}

impl Default for CloneOptions {
    fn default() -> Self {
        CloneOptions {
            min_tokens: 50,
            min_lines: 10,
            min_distinct_kinds: 8,
        }
    }
}

/// One copy: a file and its line range (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
}

/// Two copies of the same code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClonePair {
    pub first: Fragment,
    pub second: Fragment,
    pub tokens: usize,
}

/// Per file: lines holding code, and how many of them are in a clone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileDuplication {
    pub code_lines: u32,
    pub duplicated_lines: u32,
}

impl FileDuplication {
    pub fn density(&self) -> f64 {
        if self.code_lines == 0 {
            0.0
        } else {
            f64::from(self.duplicated_lines) / f64::from(self.code_lines)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Duplication {
    /// Longest first.
    pub pairs: Vec<ClonePair>,
    /// Every file considered, keyed by path.
    pub files: BTreeMap<String, FileDuplication>,
}

impl Duplication {
    /// Duplicated lines over code lines, for all files.
    pub fn density(&self) -> f64 {
        let (dup, code) = self.files.values().fold((0u64, 0u64), |(d, c), f| {
            (
                d + u64::from(f.duplicated_lines),
                c + u64::from(f.code_lines),
            )
        });
        if code == 0 {
            0.0
        } else {
            dup as f64 / code as f64
        }
    }

    pub fn duplicated_lines(&self) -> u64 {
        self.files
            .values()
            .map(|f| u64::from(f.duplicated_lines))
            .sum()
    }
}

/// Finds clones among `files` (path, tokens). Each file's tokens are compared with every
/// file's, its own included.
pub fn find_clones(files: &[(&str, &[Token])], options: &CloneOptions) -> Duplication {
    let min_tokens = options.min_tokens.max(2);
    let k = (min_tokens / 2).max(1);
    let w = min_tokens + 1 - k;
    let tokens: Vec<&[Token]> = files.iter().map(|(_, t)| *t).collect();

    // Kept hashes per file, in parallel; then one map from hash to its positions.
    let kept: Vec<Vec<(u64, u32)>> = tokens.par_iter().map(|t| winnow(t, k, w)).collect();
    let mut buckets: HashMap<u64, Vec<(u32, u32)>> = HashMap::new();
    for (file, hashes) in kept.iter().enumerate() {
        for &(hash, pos) in hashes {
            buckets.entry(hash).or_default().push((file as u32, pos));
        }
    }
    drop(kept);

    let mut found: Vec<(u32, u32, u32, u32, u32)> = Vec::new(); // (fa, pa, fb, pb, len)
    // Tokens inside a copy found so far, per file.
    let mut in_clone: Vec<Vec<bool>> = tokens.iter().map(|t| vec![false; t.len()]).collect();
    // Per file pair, the copies found: repetitive code (a run of similar statements) matches
    // itself on several neighbouring diagonals, and those overlapping matches are one copy.
    let mut by_pair: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    let mut covered: HashMap<(u32, u32, i64), Vec<(u32, u32)>> = HashMap::new();
    let mut keys: Vec<&u64> = buckets.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let positions = &buckets[key];
        if positions.len() < 2 {
            continue;
        }
        // Every copy is paired with the first, so a group of n copies gives n - 1 pairs. When
        // the first copy's pairs overlap copies already found, the others are paired among
        // themselves too (small groups only) and kept when they cover code no pair covers yet.
        let star = positions[1..].iter().map(|&b| (positions[0], b, false));
        let rest = (1..positions.len().min(MAX_GROUP_PAIRING)).flat_map(|i| {
            positions[i + 1..positions.len().min(MAX_GROUP_PAIRING)]
                .iter()
                .map(move |&b| (positions[i], b, true))
        });
        for ((fa, pa), (fb, pb), only_new) in star.chain(rest) {
            let diagonal = i64::from(pa) - i64::from(pb);
            let seen = covered.get(&(fa, fb, diagonal));
            if seen.is_some_and(|ranges| ranges.iter().any(|&(s, e)| pa >= s && pa < e)) {
                continue;
            }
            let (ta, tb) = (tokens[fa as usize], tokens[fb as usize]);
            let (mut start_a, mut start_b) = (pa as usize, pb as usize);
            if ta.get(start_a).map(|t| t.kind) != tb.get(start_b).map(|t| t.kind) {
                continue;
            }
            while start_a > 0 && start_b > 0 && ta[start_a - 1].kind == tb[start_b - 1].kind {
                start_a -= 1;
                start_b -= 1;
            }
            let mut len = 0;
            while start_a + len < ta.len()
                && start_b + len < tb.len()
                && ta[start_a + len].kind == tb[start_b + len].kind
            {
                len += 1;
            }
            covered
                .entry((fa, fb, diagonal))
                .or_default()
                .push((start_a as u32, (start_a + len) as u32));
            // A file matching itself shifted: only the part before the copies overlap.
            if fa == fb {
                let gap = start_a.abs_diff(start_b);
                if gap == 0 {
                    continue;
                }
                len = len.min(gap);
            }
            if len < min_tokens {
                continue;
            }
            let first = &ta[start_a..start_a + len];
            let lines = first[len - 1].line.saturating_sub(first[0].line) + 1;
            if lines < options.min_lines {
                continue;
            }
            let kinds: HashSet<u32> = first.iter().map(|t| t.kind).collect();
            if kinds.len() < options.min_distinct_kinds {
                continue;
            }
            let overlaps = |&i: &usize| {
                let (_, qa, _, qb, ql) = found[i];
                let (sa, sb, l) = (start_a as u32, start_b as u32, len as u32);
                sa < qa + ql && qa < sa + l && sb < qb + ql && qb < sb + l
            };
            let pair = by_pair.entry((fa, fb)).or_default();
            if pair.iter().any(overlaps) {
                continue;
            }
            let (ra, rb) = (start_a..start_a + len, start_b..start_b + len);
            if only_new
                && in_clone[fa as usize][ra.clone()].iter().all(|&c| c)
                && in_clone[fb as usize][rb.clone()].iter().all(|&c| c)
            {
                continue;
            }
            in_clone[fa as usize][ra].fill(true);
            in_clone[fb as usize][rb].fill(true);
            pair.push(found.len());
            found.push((fa, start_a as u32, fb, start_b as u32, len as u32));
        }
    }

    // Duplicated lines: distinct lines of tokens inside any copy.
    let mut result = Duplication::default();
    for (i, (path, _)) in files.iter().enumerate() {
        let mut code = HashSet::new();
        let mut dup = HashSet::new();
        for (t, &flag) in tokens[i].iter().zip(&in_clone[i]) {
            code.insert(t.line);
            if flag {
                dup.insert(t.line);
            }
        }
        result.files.insert(
            (*path).to_string(),
            FileDuplication {
                code_lines: code.len() as u32,
                duplicated_lines: dup.len() as u32,
            },
        );
    }
    let fragment = |f: u32, p: u32, len: u32| {
        let t = tokens[f as usize];
        Fragment {
            path: files[f as usize].0.to_string(),
            start_line: t[p as usize].line,
            end_line: t[(p + len - 1) as usize].line,
        }
    };
    result.pairs = found
        .iter()
        .map(|&(fa, pa, fb, pb, len)| ClonePair {
            first: fragment(fa, pa, len),
            second: fragment(fb, pb, len),
            tokens: len as usize,
        })
        .collect();
    result.pairs.sort_by(|a, b| {
        b.tokens.cmp(&a.tokens).then_with(|| {
            (&a.first.path, a.first.start_line).cmp(&(&b.first.path, b.first.start_line))
        })
    });
    result
}

fn mix(kind: u32) -> u64 {
    // splitmix64: spreads the token kinds over the hash space.
    let mut z = u64::from(kind).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The winnowed hashes of `tokens`: (hash of the `k` tokens from pos, pos).
fn winnow(tokens: &[Token], k: usize, w: usize) -> Vec<(u64, u32)> {
    const BASE: u64 = 0x100_0000_01B3;
    if tokens.len() < k {
        return Vec::new();
    }
    let top = (1..k).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut hashes = Vec::with_capacity(tokens.len() - k + 1);
    let mut h = 0u64;
    for (i, t) in tokens.iter().enumerate() {
        if i >= k {
            h = h.wrapping_sub(mix(tokens[i - k].kind).wrapping_mul(top));
        }
        h = h.wrapping_mul(BASE).wrapping_add(mix(t.kind));
        if i + 1 >= k {
            hashes.push(h);
        }
    }
    // The minimum of each window of `w` hashes (rightmost on ties), kept once per change.
    let mut kept = Vec::new();
    let mut window: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut last: Option<usize> = None;
    for i in 0..hashes.len() {
        while window.back().is_some_and(|&j| hashes[j] >= hashes[i]) {
            window.pop_back();
        }
        window.push_back(i);
        if window.front().is_some_and(|&j| j + w <= i) {
            window.pop_front();
        }
        if i + 1 >= w.min(hashes.len()) {
            let m = *window.front().expect("the window holds i");
            if last != Some(m) {
                kept.push((hashes[m], m as u32));
                last = Some(m);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::syntax::FileSyntax;

    fn parse(language: &str, text: &str) -> FileSyntax {
        crate::syntax::analyse(language, text).expect("supported")
    }

    fn find(files: &[(&str, &FileSyntax)], options: &CloneOptions) -> Duplication {
        let tokens: Vec<(&str, &[Token])> = files
            .iter()
            .map(|(p, s)| (*p, s.tokens.as_slice()))
            .collect();
        find_clones(&tokens, options)
    }

    const BODY: &str = "
    let mut total = 0;
    for item in items.iter() {
        if item.price > 100 {
            total += item.price * 2;
        } else {
            total += item.price;
        }
    }
    if total > 1000 {
        println!(\"big order {}\", total);
    }
    let discount = if customer.vip { total / 10 } else { 0 };
    total - discount
";

    #[test]
    fn a_renamed_copy_is_a_clone_and_short_code_is_not() {
        let a = parse(
            "Rust",
            &format!("fn a(items: &[Item], customer: &C) -> u64 {{{BODY}}}\n"),
        );
        let renamed = BODY.replace("total", "sum").replace("item", "line");
        let b = parse(
            "Rust",
            &format!("// a copy\n\nfn b(items: &[Item], customer: &C) -> u64 {{{renamed}}}\n"),
        );
        let c = parse("Rust", "fn c() -> u8 { 1 }\n");
        let dup = find(
            &[("a.rs", &a), ("b.rs", &b), ("c.rs", &c)],
            &CloneOptions::default(),
        );
        assert_eq!(dup.pairs.len(), 1, "{:?}", dup.pairs);
        let pair = &dup.pairs[0];
        assert_eq!(pair.first.path, "a.rs");
        assert_eq!(pair.second.path, "b.rs");
        assert_eq!((pair.second.start_line, pair.second.end_line), (3, 17));
        assert!(dup.files["a.rs"].duplicated_lines >= 14);
        assert_eq!(dup.files["c.rs"].duplicated_lines, 0);
        assert!(dup.density() > 0.8);
    }

    #[test]
    fn below_the_thresholds_nothing_is_reported() {
        let a = parse(
            "Rust",
            &format!("fn a(items: &[Item], customer: &C) -> u64 {{{BODY}}}\n"),
        );
        let b = parse(
            "Rust",
            &format!("fn b(items: &[Item], customer: &C) -> u64 {{{BODY}}}\n"),
        );
        let strict = CloneOptions {
            min_tokens: 500,
            ..CloneOptions::default()
        };
        assert!(
            find(&[("a.rs", &a), ("b.rs", &b)], &strict)
                .pairs
                .is_empty()
        );
        let many_lines = CloneOptions {
            min_lines: 40,
            ..CloneOptions::default()
        };
        assert!(
            find(&[("a.rs", &a), ("b.rs", &b)], &many_lines)
                .pairs
                .is_empty()
        );
    }

    #[test]
    fn data_tables_and_overlapping_self_matches_are_not_clones() {
        let rows: String = (0..200).fold(String::new(), |mut out, i| {
            out.push_str(&format!("    [{i}, {}],\n", i * 7));
            out
        });
        let table = parse("JavaScript", &format!("const table = [\n{rows}];\n"));
        let dup = find(&[("t.js", &table)], &CloneOptions::default());
        assert!(dup.pairs.is_empty(), "{:?}", dup.pairs.first());
    }

    #[test]
    fn a_copy_inside_the_same_file_counts() {
        let text = format!(
            "fn a(items: &[Item], customer: &C) -> u64 {{{BODY}}}\n\nfn b(items: &[Item], customer: &C) -> u64 {{{BODY}}}\n"
        );
        let file = parse("Rust", &text);
        let dup = find(&[("x.rs", &file)], &CloneOptions::default());
        assert_eq!(dup.pairs.len(), 1);
        assert_eq!(dup.pairs[0].first.path, "x.rs");
        assert!(dup.pairs[0].second.start_line > dup.pairs[0].first.end_line);
    }

    #[test]
    fn a_third_copy_is_found_when_the_first_two_copies_overlap_it() {
        // One file: Yt X Y J Y X Y (Yt: the last tokens of Y; J: other code). The long copy
        // "Yt X Y" / "Y X Y" starts inside the middle Y, so pairing each copy of Y with the
        // first one overlaps it; the middle Y is still a copy of the others.
        let run = |base: u32, n: u32| (base..base + n).collect::<Vec<u32>>();
        let y = run(100, 60);
        let x = run(200, 60);
        let kinds: Vec<u32> = [&y[55..], &x, &y, &run(300, 12), &y, &x, &y].concat();
        let tokens: Vec<Token> = kinds
            .iter()
            .enumerate()
            .map(|(i, &kind)| Token {
                kind,
                line: i as u32 + 1,
            })
            .collect();
        let dup = find_clones(&[("x.go", &tokens)], &CloneOptions::default());
        let middle_y = 5 + 60 + 60 + 12 + 1..=5 + 60 + 60 + 12 + 60;
        assert!(
            dup.pairs.iter().any(|p| [&p.first, &p.second]
                .iter()
                .any(|f| f.start_line == *middle_y.start() && f.end_line == *middle_y.end())),
            "{:?}",
            dup.pairs
        );
        // Every line but the other code is in a copy.
        assert_eq!(dup.files["x.go"].duplicated_lines, 5 + 60 * 5);
    }
}
