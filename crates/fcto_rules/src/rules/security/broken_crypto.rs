//! SEC-11: home-made or broken cryptography and tokens: predictable randomness for secrets,
//! ECB, fixed IVs, broken ciphers, JWTs accepted unsigned or with a guessable secret, and
//! signatures compared with `==`.

use super::pattern_groups::{Judged, Place, judge_and_report};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::{Pattern, PatternHit};
use fcto_model::{RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for: predictable random generators assigned to security values (a line that \
           names a token, secret, one-time code, nonce, salt, API key, session id or password \
           and takes it from `Math.random()`, Python's `random`, PHP's `rand`/`mt_rand`/\
           `uniqid`, `java.util.Random`/`RandomStringUtils`, Go's `math/rand` or Ruby's \
           `rand`); ECB mode (`AES/ECB`, `MODE_ECB`, `aes-256-ecb`, Java's bare \
           `Cipher.getInstance(\"AES\")`); fixed IVs (`new IvParameterSpec(new byte[16])`, an \
           IV from a string literal or zero bytes); Node's `crypto.createCipher`; DES, 3DES, \
           RC4, RC2 and Blowfish; JWTs with the `none` algorithm allowed or decoded without \
           checking the signature (PyJWT's `verify=False`/`verify_signature: False`) (critical); \
           jsonwebtoken's `jwt.decode` in files whose path names auth, middleware, guards or \
           sessions (to review: `decode` does not check the signature); JWT secrets and \
           `SECRET_KEY`s written as short literals (under 32 characters or a known placeholder \
           such as `secret`, `changeme`, `your-256-bit-secret`); and signatures or HMACs \
           compared with `==` (medium, to review: a timing leak). Tests, examples and docs are \
           left out. One finding per file and kind of problem.",
    why: "Home-made security code almost always has holes that let attackers forge logins, \
          guess reset links or read protected data.",
    how_to_fix: "Use the platform's secure generator for anything secret (`crypto.randomBytes`/\
                 `randomUUID`, `secrets`, `random_bytes`, `SecureRandom`, `crypto/rand`); \
                 encrypt with an authenticated mode (AES-GCM, ChaCha20-Poly1305) and a random \
                 nonce per message, or better a high-level library (libsodium, Tink); verify \
                 JWTs with `verify`/`decode(key, algorithms=[...])` and a pinned algorithm, with \
                 a random secret of 32 bytes or more from the environment; compare signatures \
                 with `hmac.compare_digest`/`crypto.timingSafeEqual`/`hash_equals`.",
    options: "None.",
};

const RULE: &str = "SEC011";

/// Literals people leave as JWT secrets, lower case.
const PLACEHOLDER_SECRETS: &[&str] = &[
    "secret",
    "changeme",
    "change-me",
    "change_me",
    "your-256-bit-secret",
    "your_jwt_secret",
    "your-secret-key",
    "mysecret",
    "supersecret",
    "jwtsecret",
    "jwt_secret",
    "secretkey",
    "secret_key",
    "keyboard cat",
    "shhhhh",
];
/// A shorter literal secret can be guessed or brute-forced offline from one token.
const MIN_SECRET_LENGTH: usize = 32;

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    judge_and_report(a, e, RULE, |path| Place::of(path) == Place::Product, judge);
}

fn judge<'a>(hit: &'a PatternHit, pattern: &Pattern) -> Option<Judged<'a>> {
    let id = pattern.id.as_str();
    let judged = |severity: Severity, problem: &str, note: &str| Judged {
        hit,
        severity,
        problem: problem.to_string(),
        note: note.to_string(),
    };
    if let Some(generator) = random_generator(id) {
        return Some(judged(
            Severity::High,
            &format!("{generator} used for a token or secret"),
            ": its output can be predicted from a few samples, so tokens and codes made with \
             it can be guessed; use the platform's secure generator",
        ));
    }
    match id {
        "cipher-ecb" => Some(judged(
            Severity::High,
            "Encryption in ECB mode",
            ": identical blocks encrypt identically, so patterns in the data show through; \
             use AES-GCM",
        )),
        "cipher-static-iv" => Some(judged(
            Severity::High,
            "Encryption with a fixed IV",
            ": the same message always encrypts the same way and some modes leak the key \
             stream; make a random IV or nonce per message",
        )),
        "cipher-no-iv" => Some(judged(
            Severity::High,
            "`crypto.createCipher` (no IV, key from one MD5 round)",
            ": deprecated and removed in Node 22; use `createCipheriv` with a random IV and a \
             real key",
        )),
        "cipher-weak" => Some(judged(
            Severity::High,
            "A broken cipher (DES, 3DES, RC4, RC2 or Blowfish)",
            ": these can be broken or have practical attacks; use AES-GCM",
        )),
        "jwt-none" => Some(judged(
            Severity::Critical,
            "JWTs with the `none` algorithm allowed",
            ": anyone can make an unsigned token that is accepted as any user; pin a signing \
             algorithm",
        )),
        "jwt-unverified" => Some(judged(
            Severity::Critical,
            "JWTs decoded without checking the signature",
            ": if these claims decide who the user is, anyone can forge them; pass the key \
             and `algorithms=[...]`",
        )),
        "js-jwt-decode" if is_auth_path(&hit.path) => Some(judged(
            Severity::High,
            "jsonwebtoken's `jwt.decode` in authentication code",
            ": to review: `decode` does not check the signature; if this token decides who \
             the user is, use `jwt.verify`",
        )),
        "jwt-secret-literal" => weak_secret(hit),
        "signature-compare" => Some(judged(
            Severity::Medium,
            "A signature compared with `==`",
            ": to review: a plain comparison stops at the first different byte, which can \
             leak the expected signature; use a constant-time comparison",
        )),
        _ => None,
    }
}

/// The generator a `-random` pattern finds.
fn random_generator(id: &str) -> Option<&'static str> {
    Some(match id {
        "math-random" => "`Math.random()`",
        "py-random" => "Python's `random` module",
        "php-random" => "`rand`/`mt_rand`/`uniqid`",
        "java-random" => "`java.util.Random`",
        "go-math-random" => "Go's `math/rand`",
        "ruby-random" => "Ruby's `rand`",
        _ => return None,
    })
}

/// Files whose path says they authenticate requests.
fn is_auth_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "auth",
        "middleware",
        "guard",
        "passport",
        "session",
        "login",
        "jwt",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// A literal secret that is short or a known placeholder; references (`${JWT_SECRET}`) and
/// empty strings are not secrets.
fn weak_secret(hit: &PatternHit) -> Option<Judged<'_>> {
    let value = hit.value.as_deref()?;
    if value.is_empty() || value.contains("${") || value.contains("{{") || value.starts_with('%') {
        return None;
    }
    let placeholder = PLACEHOLDER_SECRETS.contains(&value.to_ascii_lowercase().as_str());
    if !placeholder && value.chars().count() >= MIN_SECRET_LENGTH {
        return None;
    }
    let what = if placeholder {
        format!("the placeholder `{value}`")
    } else {
        format!("a {}-character literal", value.chars().count())
    };
    Some(Judged {
        hit,
        severity: Severity::High,
        problem: "A hard-coded signing secret".to_string(),
        note: format!(
            ": {what}; anyone who knows or guesses it can sign tokens as any user; use a \
             random secret of {MIN_SECRET_LENGTH} bytes or more from the environment"
        ),
    })
}
