//! TEAM-05: who built the product, in which groups, and whether they are still here.

use crate::components::{date, percent};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::DAY;
use fcto_model::{Evidence, RuleDocs};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "From the history (aliases merged, bots removed): how many people committed and over \
           which span, how many were active in the last 90 days and 12 months, the share of the \
           last 90 days' commits made by the most active person, joiners and leavers in the last \
           four quarters, and groups by email domain: the company's own domain (the most used \
           organisational domain), other organisations' domains (agencies, freelancers' firms, \
           former employers), personal webmail and anonymous GitHub addresses, with each group's \
           last activity.",
    why: "It shows who actually built the product, whether those people are still around, and \
          how much you depend on outsiders.",
    how_to_fix: "Nothing to fix by itself; use it to decide who must be kept close, who needs a \
                 hand-over, and which outside group's work needs a review.",
    options: "None.",
};

const WEBMAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "rocketmail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "protonmail.ch",
    "pm.me",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "aol.com",
    "yandex.ru",
    "yandex.com",
    "mail.ru",
    "qq.com",
    "163.com",
    "126.com",
    "fastmail.com",
    "fastmail.fm",
    "hey.com",
    "zoho.com",
    "tutanota.com",
    "mail.com",
    "mailbox.org",
    "posteo.de",
    "posteo.net",
    "comcast.net",
    "att.net",
    "verizon.net",
    "btinternet.com",
    "orange.fr",
    "free.fr",
    "t-online.de",
    "libero.it",
    "naver.com",
    "foxmail.com",
    "sina.com",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "bk.ru",
    "inbox.ru",
    "list.ru",
];

/// The group an email belongs to: `webmail`, `anonymous`, `local machine` or its domain.
fn email_group(email: &str) -> String {
    let domain = email
        .rsplit_once('@')
        .map_or("", |(_, d)| d)
        .to_ascii_lowercase();
    if domain.ends_with("users.noreply.github.com") || domain.contains("noreply") {
        "anonymous (noreply)".to_string()
    } else if WEBMAIL.contains(&domain.as_str())
        || domain.starts_with("hotmail.")
        || domain.starts_with("yahoo.")
    {
        "personal webmail".to_string()
    } else if !domain.contains('.')
        || domain.ends_with(".local")
        || domain.ends_with(".lan")
        || domain.ends_with(".(none)")
        || domain.ends_with(".localdomain")
        || domain.ends_with(".internal")
    {
        "local machine address".to_string()
    } else {
        domain
    }
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let (Some(history), Some(team)) = (a.history(), &a.team) else {
        return;
    };
    if team.people.is_empty() {
        return;
    }
    let first = team
        .people
        .iter()
        .map(|p| p.first_commit)
        .min()
        .unwrap_or(a.as_of);
    let last = team
        .people
        .iter()
        .map(|p| p.last_commit)
        .max()
        .unwrap_or(a.as_of);
    let active90 = team.people.iter().filter(|p| p.active_90_days).count();
    let active12 = team.people.iter().filter(|p| p.active_12_months).count();

    let mut recent: BTreeMap<usize, u64> = BTreeMap::new();
    for c in history.commits.iter().filter(|c| {
        !c.is_merge()
            && !history.is_bot_commit(c)
            && a.as_of - c.author_time <= 90 * DAY
            && c.author_time <= a.as_of
    }) {
        *recent.entry(c.author).or_default() += 1;
    }
    let recent_total: u64 = recent.values().sum();
    let top_recent = recent.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)));

    // Groups by email domain.
    let mut groups: BTreeMap<String, (usize, u64, i64)> = BTreeMap::new();
    for p in &team.people {
        let g = groups
            .entry(email_group(&history.person(p.person).email))
            .or_insert((0, 0, 0));
        g.0 += 1;
        g.1 += p.commits;
        g.2 = g.2.max(p.last_commit);
    }
    // The company's own domain: the organisation domain with the most commits, named only when
    // it is clearly the main one (a quarter of the commits, or at least two people).
    let human_commits: u64 = team.people.iter().map(|p| p.commits).sum();
    let company = groups
        .iter()
        .filter(|(g, _)| g.contains('.') && !g.contains(' '))
        .max_by(|x, y| x.1.1.cmp(&y.1.1).then(y.0.cmp(x.0)))
        .filter(|(_, (people, commits, _))| *people >= 2 || *commits * 4 >= human_commits)
        .map(|(g, _)| g.clone());

    let quarter = 91 * DAY;
    let joiners = team
        .people
        .iter()
        .filter(|p| a.as_of - p.first_commit <= 4 * quarter)
        .count();
    let leavers = team
        .people
        .iter()
        .filter(|p| {
            p.gone
                && a.as_of - p.last_commit <= 4 * quarter + 180 * DAY
                && p.last_commit > a.as_of - 4 * quarter - 180 * DAY
        })
        .count();

    let years = (last - first) as f64 / (365.25 * DAY as f64);
    let span = if years >= 1.0 {
        format!("{years:.1} years")
    } else {
        let days = (last - first) / DAY + 1;
        format!("{days} {}", if days == 1 { "day" } else { "days" })
    };
    let mut message = format!(
        "{} {} committed over {span} ({} to {}); {active90} active in the last 90 days, {active12} in the last 12 months",
        team.people.len(),
        if team.people.len() == 1 {
            "person"
        } else {
            "people"
        },
        date(first),
        date(last)
    );
    if let Some((p, n)) = top_recent
        && recent_total > 0
    {
        message.push_str(&format!(
            "; {} made {} of the last 90 days' commits",
            a.person_name(*p),
            percent(*n as f64 / recent_total as f64)
        ));
    }
    message.push_str(&format!(
        "; {joiners} joined and {leavers} went quiet in the last year"
    ));

    let mut evidence = Vec::new();
    let mut ordered: Vec<(&String, &(usize, u64, i64))> = groups.iter().collect();
    ordered.sort_by(|x, y| y.1.1.cmp(&x.1.1).then(x.0.cmp(y.0)));
    for (g, (people, commits, last)) in ordered {
        let label = if Some(g) == company.as_ref() {
            format!("{g} (the organisation domain with the most commits)")
        } else if g.contains('.') && !g.contains(' ') {
            format!("{g} (another organisation's domain)")
        } else {
            g.clone()
        };
        evidence.push(Evidence::default().with_note(format!(
            "{label}: {people} {}, {commits} {}, last active {}",
            if *people == 1 { "person" } else { "people" },
            if *commits == 1 { "commit" } else { "commits" },
            date(*last)
        )));
    }
    e.report(message, evidence, "who-built-this");
}

#[cfg(test)]
mod tests {
    use super::email_group;

    #[test]
    fn groups_emails() {
        assert_eq!(email_group("a@gmail.com"), "personal webmail");
        assert_eq!(
            email_group("1+a@users.noreply.github.com"),
            "anonymous (noreply)"
        );
        assert_eq!(
            email_group("dev@MacBook-Pro.local"),
            "local machine address"
        );
        assert_eq!(email_group("x@Acme.io"), "acme.io");
    }
}
