//! People: the (name, email) pairs of commits merged into persons, and bots.
//!
//! Identities are merged in this order (P-HIST: `.mailmap` + email/name clustering):
//! 1. `.mailmap` maps a pair to a proper name and email;
//! 2. the same email (case-insensitive) is the same person; without an email, the same name;
//! 3. the same full name of at least two words, compared lower-cased with accents and
//!    punctuation folded and whitespace collapsed ("José Núñez" = "jose  nunez"). One-word names
//!    ("admin", "root", "Alex") never merge across emails, nor do placeholders like "Your Name"
//!    or names of pairs ("Ann Lee & Bo Chen", "Ann and Bo");
//! 4. a GitHub noreply address (`[ID+]login@users.noreply.github.com`) is the person whose email
//!    local part is `login` (another noreply address with that login included), or whose name
//!    is that login (folded, spaces ignored: "Julius Marminge" for `juliusmarminge`). Generic
//!    logins (`admin`, `dev`...) and logins under 3 characters are not used.
//!
//! Bots never merge with humans (but two bot identities may merge). The merging is a union-find
//! over the same-email groups of step 2; a person is listed at its first (newest) appearance.

use super::open::lossy;
use super::{Person, PersonId};
use std::collections::HashMap;

/// One (name, email) pair as written in commits, and what `.mailmap` makes of it.
struct Identity {
    name: String,
    email: String,
    mapped_name: String,
    mapped_email: String,
    name_from_mailmap: bool,
    email_from_mailmap: bool,
    /// Commits (as author or committer) using this pair.
    uses: u32,
}

/// Every identity seen in the walk, in order of first appearance.
#[derive(Default)]
pub(super) struct Identities {
    index: HashMap<Vec<u8>, usize>,
    list: Vec<Identity>,
    key: Vec<u8>,
}

impl Identities {
    /// The index of the identity of `signature`, counting one more use of it.
    pub(super) fn intern(
        &mut self,
        signature: gix::actor::SignatureRef<'_>,
        mailmap: &gix::mailmap::Snapshot,
    ) -> usize {
        let signature = signature.trim();
        self.key.clear();
        self.key.extend_from_slice(signature.name);
        self.key.push(0);
        self.key.extend_from_slice(signature.email);
        if let Some(&i) = self.index.get(self.key.as_slice()) {
            self.list[i].uses += 1;
            return i;
        }
        let name = lossy(signature.name);
        let email = lossy(signature.email);
        let (mapped_name, mapped_email) = match mailmap.try_resolve_ref(signature) {
            Some(resolved) => (resolved.name.map(lossy), resolved.email.map(lossy)),
            None => (None, None),
        };
        self.list.push(Identity {
            name_from_mailmap: mapped_name.is_some(),
            email_from_mailmap: mapped_email.is_some(),
            mapped_name: mapped_name.unwrap_or_else(|| name.clone()),
            mapped_email: mapped_email.unwrap_or_else(|| email.clone()),
            name,
            email,
            uses: 1,
        });
        self.index.insert(self.key.clone(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// Merges the identities into people (see the module documentation), in order of first
    /// appearance, and maps every identity to its person.
    pub(super) fn into_people(self) -> (Vec<Person>, Vec<PersonId>) {
        let list = self.list;

        // Step 2: groups of the same (mapped, lower-cased) email, or the same name without one.
        let mut group_of_key: HashMap<String, usize> = HashMap::new();
        let mut group_of = Vec::with_capacity(list.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (i, identity) in list.iter().enumerate() {
            let email = identity.mapped_email.trim().to_lowercase();
            let key = if email.is_empty() {
                format!("\0{}", identity.mapped_name.trim().to_lowercase())
            } else {
                email
            };
            let group = *group_of_key.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[group].push(i);
            group_of.push(group);
        }
        drop(group_of_key);
        let bot: Vec<bool> = members
            .iter()
            .map(|ids| {
                ids.iter().any(|&i| {
                    let x = &list[i];
                    is_bot(&x.name, &x.email) || is_bot(&x.mapped_name, &x.mapped_email)
                })
            })
            .collect();

        let mut sets = UnionFind::new(members.len());
        // Step 3: the same full name.
        let mut by_name: HashMap<(bool, String), usize> = HashMap::new();
        // Step 4 needs every group's email local parts and folded names.
        let mut by_handle: HashMap<(bool, String), Vec<usize>> = HashMap::new();
        let mut by_squashed_name: HashMap<(bool, String), Vec<usize>> = HashMap::new();
        let mut logins: Vec<(usize, String)> = Vec::new();
        for (group, ids) in members.iter().enumerate() {
            let bot = bot[group];
            for &i in ids {
                let x = &list[i];
                // Only the mapped name: `.mailmap` may have told two people of one name apart.
                let folded = fold_name(&x.mapped_name);
                if is_full_name(&folded) && !names_several_people(&x.mapped_name) {
                    let first = *by_name.entry((bot, folded.clone())).or_insert(group);
                    sets.union(first, group);
                }
                if !folded.is_empty() {
                    push_unique(&mut by_squashed_name, (bot, folded.replace(' ', "")), group);
                }
                for email in [&x.mapped_email, &x.email] {
                    let email = email.trim().to_lowercase();
                    if let Some(login) = github_login(&email) {
                        logins.push((group, login.to_string()));
                    }
                    if let Some(handle) = handle(&email) {
                        push_unique(&mut by_handle, (bot, handle.to_string()), group);
                    }
                }
            }
        }
        // Step 4: GitHub noreply logins.
        for (group, login) in logins {
            if !usable_login(&login) {
                continue;
            }
            let bot = bot[group];
            let squashed = fold_name(&login).replace(' ', "");
            let others = by_handle
                .get(&(bot, login))
                .into_iter()
                .chain(by_squashed_name.get(&(bot, squashed)))
                .flatten();
            for &other in others {
                sets.union(group, other);
            }
        }

        // People in order of first appearance: the root of a set is its first group, and
        // groups are numbered in order of first appearance.
        let mut person_of_root: HashMap<usize, PersonId> = HashMap::new();
        let mut person_members: Vec<Vec<usize>> = Vec::new();
        let mut person_of = Vec::with_capacity(list.len());
        for &group in &group_of {
            let root = sets.find(group);
            let person = *person_of_root.entry(root).or_insert_with(|| {
                person_members.push(Vec::new());
                person_members.len() - 1
            });
            person_of.push(person);
        }
        for (i, &person) in person_of.iter().enumerate() {
            person_members[person].push(i);
        }
        let people = person_members
            .into_iter()
            .map(|ids| {
                let bot = ids.iter().any(|&i| bot[group_of[i]]);
                person(&list, &ids, bot)
            })
            .collect();
        (people, person_of)
    }
}

/// One person from its identities (indices into `list`, in order of first appearance).
fn person(list: &[Identity], ids: &[usize], bot: bool) -> Person {
    // Names and emails with their uses, in order of first appearance.
    let mut names: Vec<(&str, u32)> = Vec::new();
    let mut emails: Vec<(String, u32, bool)> = Vec::new();
    let mut mailmap_name = None;
    let mut aliases = Vec::with_capacity(ids.len());
    for &i in ids {
        let x = &list[i];
        if x.name_from_mailmap && mailmap_name.is_none() {
            mailmap_name = Some(x.mapped_name.clone());
        }
        match names.iter_mut().find(|(n, _)| *n == x.mapped_name) {
            Some((_, uses)) => *uses += x.uses,
            None => names.push((&x.mapped_name, x.uses)),
        }
        let email = x.mapped_email.trim().to_lowercase();
        match emails.iter_mut().find(|(e, _, _)| *e == email) {
            Some((_, uses, mailmap)) => {
                *uses += x.uses;
                *mailmap |= x.email_from_mailmap;
            }
            None => emails.push((email, x.uses, x.email_from_mailmap)),
        }
        aliases.push((x.name.clone(), x.email.clone()));
    }
    let name = mailmap_name.unwrap_or_else(|| most_used(names.iter().copied()).to_string());
    // The `.mailmap` email if there is one, else the most used; an empty email only if there is
    // no other.
    let email = {
        let candidates = |mailmap_only: bool| {
            emails
                .iter()
                .filter(move |(e, _, m)| !e.is_empty() && (*m || !mailmap_only))
                .map(|(e, u, _)| (e.as_str(), *u))
        };
        let from_mailmap = most_used(candidates(true));
        if from_mailmap.is_empty() {
            most_used(candidates(false)).to_string()
        } else {
            from_mailmap.to_string()
        }
    };
    Person {
        name,
        email,
        aliases,
        bot,
    }
}

/// The most used of `items`; the first wins a tie; "" when there is none.
fn most_used<'a>(items: impl Iterator<Item = (&'a str, u32)>) -> &'a str {
    let mut best: Option<(&str, u32)> = None;
    for item in items {
        if best.is_none_or(|b| item.1 > b.1) {
            best = Some(item);
        }
    }
    best.map_or("", |b| b.0)
}

fn push_unique(map: &mut HashMap<(bool, String), Vec<usize>>, key: (bool, String), group: usize) {
    let groups = map.entry(key).or_default();
    if !groups.contains(&group) {
        groups.push(group);
    }
}

/// Disjoint sets of groups; the root of a set is its smallest member.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            self.parent[high] = low;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names, emails and logins

/// Multi-word names that many unrelated people leave in their git configuration.
const PLACEHOLDER_NAMES: &[&str] = &[
    "your name",
    "your full name",
    "full name",
    "first last",
    "firstname lastname",
    "unknown user",
    "no name",
    "not set",
    "git user",
    "local user",
    "default user",
];

/// Email local parts and logins shared by unrelated people or machines.
const GENERIC_HANDLES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "user",
    "info",
    "dev",
    "developer",
    "developers",
    "git",
    "github",
    "gitlab",
    "noreply",
    "no-reply",
    "test",
    "mail",
    "email",
    "hello",
    "contact",
    "support",
    "team",
    "office",
    "ubuntu",
    "ec2-user",
    "deploy",
    "build",
    "jenkins",
    "webmaster",
    "unknown",
    "none",
    "example",
];

/// A name lower-cased, with accents folded to ASCII letters, apostrophes dropped, any other
/// character that is not a letter or digit taken as a space, and spaces collapsed and trimmed.
pub(super) fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    };
    for c in name.chars() {
        // Apostrophes join (O'Brien = OBrien); combining accents (decomposed text) vanish.
        if matches!(c, '\'' | '\u{2019}' | '`' | '\u{0300}'..='\u{036f}') {
            continue;
        }
        for c in c.to_lowercase() {
            match fold_accent(c) {
                Some(ascii) => ascii.chars().for_each(|c| push(c, &mut out)),
                None => push(c, &mut out),
            }
        }
    }
    out
}

/// Lower-case Latin letters with diacritics (Latin-1 and Latin Extended-A) and their ASCII
/// letters.
const ACCENTS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉ", "n"),
    ("òóôõöøōŏő", "o"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ţťŧț", "t"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
    ("þ", "th"),
];

fn fold_accent(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    ACCENTS
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map(|&(_, ascii)| ascii)
}

/// A folded name that can identify a person across emails: two words or more, not a
/// placeholder.
fn is_full_name(folded: &str) -> bool {
    folded.contains(' ') && !PLACEHOLDER_NAMES.contains(&folded)
}

/// A name written for a pair or a group ("Ann Lee & Bo Chen", "Ann + Bo", "Ann and Bo"), which
/// could link the email of one to the other.
fn names_several_people(name: &str) -> bool {
    name.contains(['&', '+', ',', ';', '/', '@'])
        || name
            .split_whitespace()
            .any(|word| word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("und"))
}

/// The login of a GitHub noreply address (`[ID+]login@users.noreply.github.com`), lower-cased
/// email expected.
pub(super) fn github_login(email: &str) -> Option<&str> {
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let login = match local.split_once('+') {
        Some((id, login)) if id.bytes().all(|b| b.is_ascii_digit()) => login,
        _ => local,
    };
    (!login.is_empty()).then_some(login)
}

/// What identifies an email's owner on its own: the login of a GitHub noreply address, else the
/// local part without a `+tag`. Lower-cased email expected.
fn handle(email: &str) -> Option<&str> {
    if let Some(login) = github_login(email) {
        return Some(login);
    }
    let (local, _domain) = email.rsplit_once('@')?;
    let local = local.split_once('+').map_or(local, |(base, _)| base);
    (!local.is_empty()).then_some(local)
}

fn usable_login(login: &str) -> bool {
    login.chars().count() >= 3 && !GENERIC_HANDLES.contains(&login)
}

// ---------------------------------------------------------------------------------------------
// Bots

/// Automation accounts: any of these in a name or an email (case-insensitive) marks a bot.
const BOT_MARKERS: &[&str] = &[
    "dependabot",
    "renovate",
    "github-actions",
    "greenkeeper",
    "snyk-bot",
    "pre-commit-ci",
    "mergify",
    "imgbot",
    "allcontributors",
    "[bot]",
];

/// GitHub's shared automation addresses. They mark a bot only together with a bot-like name:
/// `GitHub <noreply@github.com>` is also the committer of merges made in the web interface.
const GITHUB_AUTOMATION_EMAILS: &[&str] = &["noreply@github.com", "action@github.com"];

/// Words of a name that make it bot-like (the name is split at anything not alphanumeric).
const BOT_NAME_WORDS: &[&str] = &["bot", "robot", "action", "actions", "automation", "ci"];

/// Whether a (name, email) pair belongs to an automation account.
pub(crate) fn is_bot(name: &str, email: &str) -> bool {
    let name = name.to_lowercase();
    let email = email.trim().to_lowercase();
    if BOT_MARKERS
        .iter()
        .any(|m| name.contains(m) || email.contains(m))
    {
        return true;
    }
    GITHUB_AUTOMATION_EMAILS.contains(&email.as_str())
        && name
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| BOT_NAME_WORDS.contains(&word) || word.ends_with("bot"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_accents_punctuation_and_spaces() {
        assert_eq!(fold_name("  José   Núñez "), "jose nunez");
        assert_eq!(fold_name("JOSE NUNEZ"), "jose nunez");
        // Decomposed accents (e + U+0301).
        assert_eq!(fold_name("Jose\u{301} Nun\u{303}ez"), "jose nunez");
        assert_eq!(fold_name("Jean-Luc  Picard"), "jean luc picard");
        assert_eq!(fold_name("O'Brien, Pat"), "obrien pat");
        assert_eq!(fold_name("Łukasz Straße"), "lukasz strasse");
        assert_eq!(fold_name("zach.gollwitzer"), "zach gollwitzer");
        assert_eq!(fold_name("李 小龙"), "李 小龙");
        assert_eq!(fold_name("--"), "");
        assert!(is_full_name("jose nunez"));
        assert!(!is_full_name("admin"));
        assert!(!is_full_name("your name"));
        for pair in [
            "Ann Lee & Bo Chen",
            "Ann Lee + Bo Chen",
            "Ann Lee and Bo Chen",
            "Lee, Chen",
            "@ann @bo",
        ] {
            assert!(names_several_people(pair), "{pair}");
        }
        assert!(!names_several_people("Alexander Anderson"));
    }

    #[test]
    fn github_logins_and_handles() {
        assert_eq!(
            github_login("12345+juliusmarminge@users.noreply.github.com"),
            Some("juliusmarminge")
        );
        assert_eq!(
            github_login("juliusmarminge@users.noreply.github.com"),
            Some("juliusmarminge")
        );
        assert_eq!(github_login("julius@gmail.com"), None);
        assert_eq!(github_login("noreply@github.com"), None);
        assert_eq!(handle("julius+github@gmail.com"), Some("julius"));
        assert_eq!(
            handle("1+juliusmarminge@users.noreply.github.com"),
            Some("juliusmarminge")
        );
        assert_eq!(handle("no-at-sign"), None);
        assert!(!usable_login("admin") && !usable_login("ab") && usable_login("abc"));
    }

    #[test]
    fn bots_are_recognised() {
        for (name, email) in [
            (
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
            ),
            ("Renovate Bot", "bot@renovateapp.com"),
            (
                "github-actions",
                "41898282+github-actions[bot]@users.noreply.github.com",
            ),
            ("greenkeeper[bot]", "greenkeeper@example.com"),
            ("Snyk bot", "snyk-bot@snyk.io"),
            (
                "pre-commit-ci[bot]",
                "66853113+pre-commit-ci[bot]@users.noreply.github.com",
            ),
            (
                "mergify[bot]",
                "37929162+mergify[bot]@users.noreply.github.com",
            ),
            ("ImgBotApp", "ImgBotHelp@gmail.com"),
            (
                "allcontributors[bot]",
                "46447321+allcontributors[bot]@users.noreply.github.com",
            ),
            ("GitHub Action", "action@github.com"),
            ("Release Bot", "noreply@github.com"),
        ] {
            assert!(is_bot(name, email), "{name} <{email}>");
        }
    }

    #[test]
    fn people_are_not_bots() {
        for (name, email) in [
            ("Alice Example", "alice@example.com"),
            ("GitHub", "noreply@github.com"),
            ("Abbot Smith", "abbot@example.com"),
            ("Robert", "12345+robert@users.noreply.github.com"),
            ("Cici", "noreply@github.com"),
        ] {
            assert!(!is_bot(name, email), "{name} <{email}>");
        }
    }
}
