//! Components: the parts of the codebase findings are grouped by. A component is the nearest
//! package directory (a manifest below the root) holding the file, else the file's top-level
//! directory, else `(root)`.

use fcto_facts::Facts;

/// The component of `path`.
pub fn component_of(facts: &Facts, path: &str) -> String {
    let mut best: Option<&str> = None;
    for pkg in &facts.stack.packages {
        if pkg == "." {
            continue;
        }
        if path.starts_with(pkg.as_str())
            && path.as_bytes().get(pkg.len()) == Some(&b'/')
            && best.is_none_or(|b| pkg.len() > b.len())
        {
            best = Some(pkg);
        }
    }
    if let Some(b) = best {
        return b.to_string();
    }
    match path.split_once('/') {
        Some((top, _)) => top.to_string(),
        None => "(root)".to_string(),
    }
}

/// Formats a count with thousands separators: 12,345.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun: `1 test`, `1,204 tests`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

/// `0.423` → `42%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A date from seconds since the epoch, `YYYY-MM-DD`.
pub fn date(time: i64) -> String {
    // Civil-from-days (Howard Hinnant's algorithm) keeps this crate free of a date library.
    let days = time.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(date(1_704_067_200), "2024-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(percent(0.426), "43%");
    }
}
