//! SEC-10: weak password storage: fast hashes applied to passwords, bcrypt and PBKDF2 with too
//! little work, Django's hasher list led by MD5, and passwords compared as stored text.

use super::pattern_groups::{Judged, Place, is_development_path, judge_and_report};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for passwords hashed with a fast general-purpose hash (MD5, SHA-1, SHA-256, \
           SHA-512) in Python (`hashlib`), JavaScript (`crypto.createHash(..).update(password)`), \
           Java (`DigestUtils`, `MessageDigest`), PHP (`md5($password)`, `hash('sha256', ..)`), \
           Ruby (`Digest::SHA1`), Go (`md5.Sum`) and C# (`SHA256.HashData`), when the hashed \
           value is named like a password (`password`, `passwd`, `passphrase`, `pwd`; reset \
           tokens are left out); bcrypt with a cost below 10 (`genSalt(8)`, `gensalt(rounds=6)`, \
           `BCRYPT_LOG_ROUNDS = 4`, `bcrypt.MinCost`, `BCryptPasswordEncoder(4)`, Devise's \
           `config.stretches`); PBKDF2 with fewer iterations than OWASP's minimum (600,000 for \
           HMAC-SHA256, 210,000 for HMAC-SHA512, 1,300,000 for HMAC-SHA1); Django's \
           `PASSWORD_HASHERS` led by an MD5, SHA-1 or crypt hasher (development and test \
           settings left out); and passwords compared as stored text: `user.password == \
           password`, `WHERE password = ?` in SQL, or a user looked up by password through an \
           ORM (`findOne({ email, password })`, `filter_by(password=...)`). Critical for plain \
           text and unsalted fast hashes, high for salted fast hashes and weak parameters. \
           Tests, examples and docs are left out. One finding per file and kind of problem.",
    why: "If your database ever leaks, passwords stored this way can be cracked in hours (or are \
          readable at once) and reused against your customers' other accounts.",
    how_to_fix: "Hash passwords with a password hashing function through a maintained library: \
                 Argon2id (m=19 MiB, t=2, p=1), scrypt (N=2^17), bcrypt with cost 10 or more, or \
                 PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP Password Storage Cheat \
                 Sheet). Verify with the library's constant-time check, never with `==` or in \
                 SQL. Move existing users over by rehashing each password at its next \
                 successful login.",
    options: "None.",
};

const RULE: &str = "SEC010";

/// OWASP's bcrypt minimum cost.
const BCRYPT_MIN_COST: u32 = 10;
/// Go's `bcrypt.MinCost`.
const GO_MIN_COST: u32 = 4;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    judge_and_report(a, e, RULE, |path| Place::of(path) == Place::Product, judge);
}

fn judge<'a>(hit: &'a PatternHit, pattern: &Pattern) -> Option<Judged<'a>> {
    let id = pattern.id.as_str();
    let text = hit.text.to_ascii_lowercase();
    if id.ends_with("fast-hash") || id.ends_with("-password") {
        return fast_hash(hit, &text);
    }
    match id {
        "bcrypt-cost" => bcrypt_cost(hit),
        "pbkdf2-iterations" => pbkdf2_iterations(hit, &text),
        "django-fast-hashers" => {
            if is_development_path(&hit.path) {
                return None;
            }
            let hasher = hit.value.as_deref().unwrap_or("a fast hasher");
            Some(Judged {
                hit,
                severity: Severity::Critical,
                problem: format!("Django's `PASSWORD_HASHERS` led by `{hasher}`"),
                note: ": new and changed passwords are stored with a fast hash; put \
                       `Argon2PasswordHasher` or `PBKDF2PasswordHasher` first"
                    .to_string(),
            })
        }
        _ => plaintext(hit, id, &text),
    }
}

/// A fast hash over a password: critical without a salt in sight, high with one.
fn fast_hash<'a>(hit: &'a PatternHit, text: &str) -> Option<Judged<'a>> {
    // Reset tokens are random and fine to hash fast; a configured secret hashed to compare it
    // in constant time (`secure_compare(Digest::SHA256.hexdigest(password), ...)`, Rails' basic
    // auth idiom) is not storage.
    if [
        "token",
        "reset",
        "secure_compare",
        "compare_digest",
        "timingsafeequal",
        "env.fetch",
        "env[",
        "environ",
        "process.env",
        "getenv",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        return None;
    }
    let algorithm = algorithm_name(hit.value.as_deref().unwrap_or("a fast hash"));
    let salted = text.contains("salt");
    Some(Judged {
        hit,
        severity: if salted {
            Severity::High
        } else {
            Severity::Critical
        },
        problem: format!(
            "Passwords hashed with {algorithm}{}",
            if salted { " (salted)" } else { " (unsalted)" }
        ),
        note: format!(
            ": {algorithm} is built to be fast, so a leaked table is cracked at billions of \
             guesses a second{}; use Argon2id, scrypt or bcrypt",
            if salted {
                ""
            } else {
                ", and without a salt identical passwords share a hash"
            }
        ),
    })
}

/// `md5` → MD5, `SHA-256`/`sha256` → SHA-256.
fn algorithm_name(raw: &str) -> String {
    let upper = raw.to_ascii_uppercase().replace('-', "");
    match upper.strip_prefix("SHA") {
        Some("") => "SHA-1".to_string(),
        Some(bits) => format!("SHA-{bits}"),
        None => upper,
    }
}

fn bcrypt_cost(hit: &PatternHit) -> Option<Judged<'_>> {
    let raw = hit.value.as_deref()?;
    let cost = if raw == "bcrypt.MinCost" {
        GO_MIN_COST
    } else {
        raw.parse::<u32>().ok()?
    };
    (cost < BCRYPT_MIN_COST).then(|| Judged {
        hit,
        severity: Severity::High,
        problem: format!("bcrypt with cost {cost}, below {BCRYPT_MIN_COST}"),
        note: format!(
            ": each step below {BCRYPT_MIN_COST} halves the work an attacker needs per guess; \
             use {BCRYPT_MIN_COST} or more (12 is a common default)"
        ),
    })
}

fn pbkdf2_iterations<'a>(hit: &'a PatternHit, text: &str) -> Option<Judged<'a>> {
    let iterations: u64 = hit.value.as_deref()?.replace('_', "").parse().ok()?;
    // OWASP Password Storage Cheat Sheet, by the HMAC's hash
    let (minimum, hmac) = if text.contains("sha512") || text.contains("sha-512") {
        (210_000, "HMAC-SHA512")
    } else if text.contains("sha1") || text.contains("sha-1") {
        (1_300_000, "HMAC-SHA1")
    } else {
        (600_000, "HMAC-SHA256")
    };
    (iterations < minimum).then(|| Judged {
        hit,
        severity: Severity::High,
        problem: format!(
            "PBKDF2 with {} iterations, below OWASP's {} for {hmac}",
            thousands(iterations),
            thousands(minimum)
        ),
        note: ": raise the count (and rehash at the next login) or move to Argon2id".to_string(),
    })
}

/// 600000 → "600,000".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A password compared or queried as stored text.
fn plaintext<'a>(hit: &'a PatternHit, id: &str, text: &str) -> Option<Judged<'a>> {
    // a form's "repeat your password" check, not storage
    if ["confirm", "repeat", "again", "retype"]
        .iter()
        .any(|w| text.contains(w))
    {
        return None;
    }
    let problem = match id {
        "sql-password-plaintext" => "Passwords matched inside SQL queries",
        "orm-password-plaintext" => "Users looked up by password in the database",
        _ => "Passwords compared with `==` against the stored value",
    };
    Some(Judged {
        hit,
        severity: Severity::Critical,
        problem: problem.to_string(),
        note: ": the stored password is plain text or an unsalted hash, readable or crackable \
               by anyone who gets the database; store a bcrypt/Argon2 hash and check it with \
               the library's verify function"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::{algorithm_name, thousands};

    #[test]
    fn names_and_numbers_read_well() {
        assert_eq!(algorithm_name("md5"), "MD5");
        assert_eq!(algorithm_name("SHA-256"), "SHA-256");
        assert_eq!(algorithm_name("sha1"), "SHA-1");
        assert_eq!(algorithm_name("sha"), "SHA-1");
        assert_eq!(thousands(600_000), "600,000");
        assert_eq!(thousands(1_300_000), "1,300,000");
        assert_eq!(thousands(999), "999");
    }
}
