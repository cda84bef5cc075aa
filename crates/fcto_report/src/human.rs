//! Numbers, dates and lists written for people: `12,345`, `62%`, `about 3 years`,
//! `a, b and c`. Formatting only; nothing here decides what to say.

/// `12345` → `12,345`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 file`, `2 files`, `12,345 files`.
pub(crate) fn count(n: u64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{} {plural}", thousands(n))
    }
}

/// A share 0-1 as a whole percentage; a non-zero share below 1% is `under 1%`.
pub(crate) fn percent(share: f64) -> String {
    if !share.is_finite() || share <= 0.0 {
        return "0%".to_string();
    }
    let pct = (share * 100.0).round();
    if pct < 1.0 {
        "under 1%".to_string()
    } else {
        format!("{pct:.0}%")
    }
}

/// A score with one decimal: `67.0`.
pub(crate) fn score(value: f64) -> String {
    format!("{value:.1}")
}

/// A number without a trailing `.0`: `20`, `1.25`, `0.5`.
pub(crate) fn factor(value: f64) -> String {
    let s = format!("{value:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A calendar date read from the front of an RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `YYYY-MM-DD` at the start of `s`; anything after it (time, offset) is ignored.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let head = s.trim().get(..10)?;
        let mut parts = head.split('-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    pub(crate) fn days(self) -> i64 {
        // Howard Hinnant's `days_from_civil`.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `March 2022`.
    pub(crate) fn month_year(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {}", MONTHS[(self.month - 1) as usize], self.year)
    }

    /// `2022-03-01`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A length of time in words: `5 days`, `about 3 weeks`, `about 8 months`, `about a year`,
/// `about 3 years`.
pub(crate) fn duration(days: i64) -> String {
    let days = days.max(0);
    if days < 1 {
        return "less than a day".to_string();
    }
    if days < 14 {
        return count(days as u64, "day", "days");
    }
    if days < 60 {
        return format!("about {} weeks", (days as f64 / 7.0).round());
    }
    let months = (days as f64 / 30.44).round() as i64;
    if months < 11 {
        return format!("about {months} months");
    }
    if months <= 14 {
        return "about a year".to_string();
    }
    if days < 730 {
        return format!("about {months} months");
    }
    format!("about {} years", (days as f64 / 365.25).round())
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// The text with a full stop added when it does not end a sentence already.
pub(crate) fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The text with its first letter in lower case, to continue a sentence; acronyms and names
/// (a second capital letter) are left alone.
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() && b.is_alphabetic() => {
            let mut out: String = a.to_lowercase().collect();
            out.push(b);
            out.extend(chars);
            out
        }
        _ => text.to_string(),
    }
}

/// When `message` begins by restating `title` (ignoring case and a leading "the", "a" or "an"),
/// what it says after that, without the punctuation joining the two: `Some("")` when it says
/// nothing more, `None` when it does not restate the title.
pub(crate) fn after_title<'a>(title: &str, message: &'a str) -> Option<&'a str> {
    fn without_article(s: &str) -> &str {
        let t = s.trim_start();
        for article in ["the ", "a ", "an "] {
            if t.get(..article.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(article))
            {
                return t[article.len()..].trim_start();
            }
        }
        t
    }
    let title = without_article(title).trim();
    let message = without_article(message);
    if title.is_empty() {
        return None;
    }
    let mut rest = message.char_indices();
    for t in title.chars() {
        let (_, m) = rest.next()?;
        if !t.to_lowercase().eq(m.to_lowercase()) {
            return None;
        }
    }
    let tail = rest.next().map_or("", |(i, _)| &message[i..]);
    let trimmed = tail.trim_start();
    if !(trimmed.is_empty() || trimmed.starts_with(|c: char| ":;,.-–—".contains(c))) {
        // The title is only the start of a longer sentence ("No continuous integration (CI)
        // configuration was found") or of a longer word: keep the message whole.
        return None;
    }
    Some(tail.trim_start_matches(|c: char| c.is_whitespace() || ":;,.-–—".contains(c)))
}

/// The text with its first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The last component of the repository path: the name people call it by.
pub(crate) fn repo_name(path: &str) -> Option<String> {
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(str::to_string)
}

/// The first 12 hex digits of a commit id.
pub(crate) fn short_commit(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345), "12,345");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn percent_and_factor() {
        assert_eq!(percent(0.618), "62%");
        assert_eq!(percent(0.001), "under 1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(factor(1.25), "1.25");
        assert_eq!(factor(20.0), "20");
        assert_eq!(factor(0.5), "0.5");
        assert_eq!(factor(1.875), "1.875");
    }

    #[test]
    fn dates_and_durations() {
        let a = Date::parse("2022-03-01T10:00:00+01:00").unwrap();
        let b = Date::parse("2025-02-20").unwrap();
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days(), 11_017);
        assert_eq!(a.month_year(), "March 2022");
        assert_eq!(duration(b.days() - a.days()), "about 3 years");
        assert_eq!(duration(0), "less than a day");
        assert_eq!(duration(1), "1 day");
        assert_eq!(duration(30), "about 4 weeks");
        assert_eq!(duration(200), "about 7 months");
        assert_eq!(duration(370), "about a year");
        assert_eq!(duration(500), "about 16 months");
        assert!(Date::parse("yesterday").is_none());
        assert!(Date::parse("2022-13-01").is_none());
    }

    #[test]
    fn lists_and_sentences() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
        assert_eq!(sentence("done"), "done.");
        assert_eq!(sentence("done?"), "done?");
        assert_eq!(lower_first("No CI found"), "no CI found");
        assert_eq!(lower_first("CI is missing"), "CI is missing");
        assert_eq!(
            repo_name("/home/x/shopfront/"),
            Some("shopfront".to_string())
        );
        assert_eq!(repo_name("."), None);
        assert_eq!(capitalise("only bots"), "Only bots");
    }

    #[test]
    fn a_message_restating_its_title() {
        let title = "README does not explain how to run the product";
        assert_eq!(
            after_title(
                title,
                "The README does not explain how to run the product: only 12 lines"
            ),
            Some("only 12 lines")
        );
        assert_eq!(
            after_title(title, "the readme does not explain how to run the product."),
            Some("")
        );
        assert_eq!(after_title(title, "README.md has 12 lines"), None);
        assert_eq!(after_title("Huge file", "Huge files: 3"), None);
        assert_eq!(after_title("Secret", "A secret — AWS key"), Some("AWS key"));
        assert_eq!(after_title("A secret", "Secret — AWS key"), Some("AWS key"));
        assert_eq!(
            after_title(
                "No continuous integration",
                "No continuous integration (CI) configuration was found"
            ),
            None
        );
    }
}
