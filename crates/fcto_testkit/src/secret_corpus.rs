//! A generated, labelled corpus of secrets and decoys for measuring a secret scanner's recall
//! and precision. Every planted string is labelled with where it is (path and 1-based line of
//! the version that added it), what it is, whether it is a real credential, and whether a later
//! commit removed it or it only lives on a side branch.
//!
//! The secrets are generated from the providers' documented formats (prefixes, lengths,
//! alphabets, GitHub's CRC32 checksum, JWT structure, PEM/DER framing) with a fixed-seed PRNG,
//! so every run writes the same corpus and the same commits. None is a real credential.
//!
//! Judgement calls, stated once: a Google `AIza…` API key is labelled a secret even in a
//! Firebase web config (it is a billable credential unless restricted, and every provider scan
//! treats it so); publishable keys meant for browsers (Stripe `pk_live_`, Mapbox `pk.`, Sentry
//! DSN, Supabase `anon` JWT, Algolia search-only key, `PostHog` `phc_`) are decoys; identifiers
//! (Twilio account SID, AWS account id, OAuth client ids, tenant ids) are decoys; the default
//! password of a local development database (`postgres:postgres@localhost`) is a decoy; a
//! password hash (bcrypt) is a decoy. A Twilio API key SID (`SK…`) is labelled a secret, as an
//! AWS access key id is.

use crate::{ALICE, BOB, CAROL, DAY, Fixture, START, Who};

/// One planted string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Path in the repository.
    pub path: String,
    /// 1-based line where the string starts, in the version of the file that added it.
    pub line: u32,
    /// The planted string: the credential itself (a database URL's password, a PEM block
    /// whole), or the decoy.
    pub value: String,
    /// What it is (`github-pat`, `postgres-url-password`, `sha256-hex`, `placeholder`, …).
    pub kind: String,
    pub is_secret: bool,
    /// Deleted or replaced by a later commit on `main`: only the history holds it.
    pub removed: bool,
    /// The branch it was committed on (`main` or a side branch never merged).
    pub branch: String,
}

impl Label {
    /// Whether the checked-out `main` holds it.
    pub fn in_head(&self) -> bool {
        self.branch == "main" && !self.removed
    }
}

/// The corpus written into a fixture.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub labels: Vec<Label>,
    /// The commits made, oldest first.
    pub commits: Vec<String>,
}

impl Corpus {
    pub fn secrets(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| l.is_secret)
    }
    pub fn decoys(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| !l.is_secret)
    }

    /// The labels as a JSON array (no serde in the testkit).
    pub fn labels_json(&self) -> String {
        let mut out = String::from("[\n");
        for (i, l) in self.labels.iter().enumerate() {
            out.push_str(&format!(
                "  {{\"path\": {}, \"line\": {}, \"value\": {}, \"kind\": {}, \"is_secret\": {}, \"removed\": {}, \"branch\": {}, \"in_head\": {}}}{}\n",
                json_str(&l.path),
                l.line,
                json_str(&l.value),
                json_str(&l.kind),
                l.is_secret,
                l.removed,
                json_str(&l.branch),
                l.in_head(),
                if i + 1 < self.labels.len() { "," } else { "" }
            ));
        }
        out.push(']');
        out.push('\n');
        out
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Randomness and encodings

/// `SplitMix64`: tiny, deterministic, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const DIGITS: &[u8] = b"0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const UPPER_ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const URLSAFE: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32_AWS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BECH32: &[u8] = b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
/// Django's `get_random_secret_key` alphabet.
const DJANGO: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// In `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.range(0, items.len() - 1)]
    }
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(*self.pick(alphabet))).collect()
    }
    pub fn chars_n(&mut self, alphabet: &[u8], lo: usize, hi: usize) -> String {
        let n = self.range(lo, hi);
        self.chars(alphabet, n)
    }
    pub fn digits_n(&mut self, lo: usize, hi: usize) -> String {
        let n = self.range(lo, hi);
        self.digits(n)
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
    pub fn digits(&mut self, n: usize) -> String {
        let mut s = self.chars(b"123456789", 1);
        s.push_str(&self.chars(DIGITS, n - 1));
        s
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.range(0, i);
            items.swap(i, j);
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected), as zlib computes it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A GitHub/npm-style token: `prefix` + 30 random base62 characters + the CRC32 of those 30
/// characters as 6 base62 digits.
pub fn checksummed_token(rng: &mut Rng, prefix: &str) -> String {
    let body = rng.chars(ALNUM, 30);
    let mut value = u64::from(crc32(body.as_bytes()));
    let mut check = [b'0'; 6];
    for slot in check.iter_mut().rev() {
        *slot = ALNUM[(value % 62) as usize];
        value /= 62;
    }
    format!("{prefix}{body}{}", String::from_utf8_lossy(&check))
}

pub fn base64(data: &[u8], url: bool, pad: bool) -> String {
    let alphabet: &[u8] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        B64
    };
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (i, s) in sextets.iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(alphabet[*s as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn jwt(rng: &mut Rng, payload: &str) -> String {
    let header = base64(br#"{"alg":"HS256","typ":"JWT"}"#, true, false);
    let body = base64(payload.as_bytes(), true, false);
    let sig = base64(&rng.bytes(32), true, false);
    format!("{header}.{body}.{sig}")
}

fn uuid(rng: &mut Rng) -> String {
    let h = rng.chars(HEX, 32);
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        rng.pick(&['8', '9', 'a', 'b']),
        &h[17..20],
        &h[20..32]
    )
}

fn pem(label: &str, der: &[u8], width: usize) -> Vec<String> {
    let body = base64(der, false, true);
    let mut lines = vec![format!("-----BEGIN {label}-----")];
    let chars: Vec<char> = body.chars().collect();
    for chunk in chars.chunks(width) {
        lines.push(chunk.iter().collect());
    }
    lines.push(format!("-----END {label}-----"));
    lines
}

fn der(rng: &mut Rng, prefix: &[u8], total: usize) -> Vec<u8> {
    let mut v = prefix.to_vec();
    v.extend(rng.bytes(total - prefix.len()));
    v
}

fn ssh_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend((s.len() as u32).to_be_bytes());
    out.extend(s);
}

/// A private key as PEM lines, of the given kind.
fn private_key(rng: &mut Rng, kind: &str) -> Vec<String> {
    match kind {
        "private-key-rsa" => pem(
            "RSA PRIVATE KEY",
            &der(
                rng,
                &[
                    0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00,
                ],
                1192,
            ),
            64,
        ),
        "private-key-ec" => {
            let mut d = vec![0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20];
            d.extend(rng.bytes(32));
            d.extend([
                0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0xa1, 0x44,
                0x03, 0x42, 0x00, 0x04,
            ]);
            d.extend(rng.bytes(64));
            pem("EC PRIVATE KEY", &d, 64)
        }
        "private-key-openssh" => {
            let mut d = b"openssh-key-v1\0".to_vec();
            ssh_string(&mut d, b"none");
            ssh_string(&mut d, b"none");
            ssh_string(&mut d, b"");
            d.extend(1u32.to_be_bytes());
            let public = rng.bytes(32);
            let mut pubblob = Vec::new();
            ssh_string(&mut pubblob, b"ssh-ed25519");
            ssh_string(&mut pubblob, &public);
            ssh_string(&mut d, &pubblob);
            let mut private = Vec::new();
            let check = rng.bytes(4);
            private.extend(&check);
            private.extend(&check);
            ssh_string(&mut private, b"ssh-ed25519");
            ssh_string(&mut private, &public);
            let mut secret = rng.bytes(32);
            secret.extend(&public);
            ssh_string(&mut private, &secret);
            ssh_string(&mut private, b"deploy@ci-runner");
            let mut pad = 1u8;
            while private.len() % 8 != 0 {
                private.push(pad);
                pad += 1;
            }
            ssh_string(&mut d, &private);
            pem("OPENSSH PRIVATE KEY", &d, 70)
        }
        _ => pem(
            "PRIVATE KEY",
            &der(
                rng,
                &[
                    0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86,
                    0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82, 0x04, 0xa7,
                ],
                1217,
            ),
            64,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// What goes on a line

/// How a file writes `NAME = value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Env,
    Yaml,
    Py,
    Ts,
    Json,
    /// `environment:` as a map
    Compose,
    /// `environment:` as a list
    ComposeList,
    Sh,
    Toml,
    Tf,
}

fn camel(name: &str) -> String {
    let mut out = String::new();
    for (i, part) in name.split('_').enumerate() {
        let lower = part.to_ascii_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut c = lower.chars();
            if let Some(f) = c.next() {
                out.push(f.to_ascii_uppercase());
                out.extend(c);
            }
        }
    }
    out
}

fn render(style: Style, name: &str, value: &str, rng: &mut Rng) -> String {
    let lower = name.to_ascii_lowercase();
    match style {
        Style::Env => {
            if rng.chance(25) {
                format!("{name}=\"{value}\"")
            } else {
                format!("{name}={value}")
            }
        }
        Style::Yaml => {
            if rng.chance(50) {
                format!("  {lower}: \"{value}\"")
            } else {
                format!("  {lower}: {value}")
            }
        }
        Style::Py => {
            if rng.chance(50) {
                format!("{name} = \"{value}\"")
            } else {
                format!("{name} = '{value}'")
            }
        }
        Style::Ts => {
            if rng.chance(50) {
                format!("  {}: \"{value}\",", camel(name))
            } else {
                format!("export const {name} = '{value}';")
            }
        }
        Style::Json => format!("  \"{}\": \"{value}\",", camel(name)),
        Style::Compose => format!("      {name}: {value}"),
        Style::ComposeList => format!("      - {name}={value}"),
        Style::Sh => format!("export {name}=\"{value}\""),
        Style::Toml => format!("{lower} = \"{value}\""),
        Style::Tf => format!("  {lower} = \"{value}\""),
    }
}

/// A planted string to put on a line: the variable name, the text assigned (a URL holding the
/// password, or the value itself) and the label's value.
#[derive(Debug, Clone)]
struct Item {
    kind: &'static str,
    secret: bool,
    name: String,
    assigned: String,
    value: String,
}

fn item(kind: &'static str, secret: bool, name: &str, value: String) -> Item {
    Item {
        kind,
        secret,
        name: name.to_string(),
        assigned: value.clone(),
        value,
    }
}

/// Secret kinds that fit on one assignment line, and how many of each to plant.
const SECRET_KINDS: &[(&str, usize)] = &[
    ("aws-access-key-pair", 7),
    ("github-pat", 6),
    ("github-fine-grained-pat", 5),
    ("github-app-token", 4),
    ("github-oauth-token", 3),
    ("gitlab-pat", 5),
    ("npm-token", 4),
    ("slack-bot-token", 5),
    ("slack-user-token", 4),
    ("slack-webhook-url", 5),
    ("stripe-secret-key", 6),
    ("stripe-restricted-key", 4),
    ("stripe-webhook-secret", 5),
    ("sendgrid-api-key", 5),
    ("twilio-api-key", 3),
    ("twilio-auth-token", 4),
    ("openai-project-key", 6),
    ("anthropic-api-key", 5),
    ("huggingface-token", 4),
    ("google-api-key", 6),
    ("postgres-url-password", 6),
    ("mysql-url-password", 4),
    ("mongodb-url-password", 5),
    ("redis-url-password", 4),
    ("jwt-signing-secret", 6),
    ("django-secret-key", 4),
    ("supabase-service-role-key", 4),
    ("generic-api-key", 8),
    ("generic-password", 6),
    ("digitalocean-token", 4),
    ("shopify-access-token", 4),
    ("datadog-api-key", 4),
    ("datadog-app-key", 3),
    ("sentry-auth-token", 4),
    ("mailchimp-api-key", 3),
    ("telegram-bot-token", 3),
    ("discord-webhook-url", 3),
    ("azure-storage-key", 3),
    ("heroku-api-key", 3),
    ("vault-token", 3),
    ("linear-api-key", 3),
    ("nextauth-secret", 3),
    ("basic-auth-url-password", 4),
];

fn secret_item(rng: &mut Rng, kind: &'static str) -> Vec<Item> {
    let one = |name: &str, v: String| vec![item(kind, true, name, v)];
    match kind {
        "aws-access-key-pair" => {
            let id = format!("AKIA{}", rng.chars(B32_AWS, 16));
            let secret = rng.chars(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                40,
            );
            let (n1, n2) = *rng.pick(&[
                ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
                ("AWS_ACCESS_KEY_ID", "AWS_SECRET_KEY"),
                ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"),
            ]);
            vec![
                item("aws-access-key-id", true, n1, id),
                item("aws-secret-access-key", true, n2, secret),
            ]
        }
        "github-pat" => one(
            rng.pick_str(&["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT"]),
            checksummed_token(rng, "ghp_"),
        ),
        "github-fine-grained-pat" => {
            let v = format!(
                "github_pat_11{}_{}",
                rng.chars(UPPER_ALNUM, 20),
                rng.chars(ALNUM, 59)
            );
            one(
                rng.pick_str(&["GH_TOKEN", "GITHUB_TOKEN", "RELEASE_TOKEN"]),
                v,
            )
        }
        "github-app-token" => one(
            rng.pick_str(&["GITHUB_APP_TOKEN", "INSTALLATION_TOKEN"]),
            checksummed_token(rng, "ghs_"),
        ),
        "github-oauth-token" => one("GITHUB_OAUTH_TOKEN", checksummed_token(rng, "gho_")),
        "gitlab-pat" => one(
            rng.pick_str(&["GITLAB_TOKEN", "GITLAB_PRIVATE_TOKEN", "CI_PUSH_TOKEN"]),
            format!("glpat-{}", rng.chars(URLSAFE, 20)),
        ),
        "npm-token" => one("NPM_TOKEN", checksummed_token(rng, "npm_")),
        "slack-bot-token" => {
            let v = format!(
                "xoxb-{}-{}-{}",
                rng.digits_n(10, 12),
                rng.digits(13),
                rng.chars(ALNUM, 24)
            );
            one("SLACK_BOT_TOKEN", v)
        }
        "slack-user-token" => {
            let v = format!(
                "xoxp-{}-{}-{}-{}",
                rng.digits_n(10, 12),
                rng.digits_n(10, 13),
                rng.digits(13),
                rng.chars(HEX, 32)
            );
            one("SLACK_USER_TOKEN", v)
        }
        "slack-webhook-url" => {
            let v = format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                rng.chars_n(UPPER_ALNUM, 8, 10),
                rng.chars_n(UPPER_ALNUM, 8, 10),
                rng.chars(ALNUM, 24)
            );
            one(rng.pick_str(&["SLACK_WEBHOOK_URL", "ALERTS_WEBHOOK"]), v)
        }
        "stripe-secret-key" => {
            let v = if rng.chance(60) {
                format!("sk_live_51{}", rng.chars(ALNUM, 97))
            } else {
                format!("sk_live_{}", rng.chars(ALNUM, 24))
            };
            one(
                rng.pick_str(&["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY"]),
                v,
            )
        }
        "stripe-restricted-key" => one(
            "STRIPE_RESTRICTED_KEY",
            format!("rk_live_51{}", rng.chars(ALNUM, 97)),
        ),
        "stripe-webhook-secret" => one(
            "STRIPE_WEBHOOK_SECRET",
            format!("whsec_{}", rng.chars(ALNUM, 32)),
        ),
        "sendgrid-api-key" => one(
            rng.pick_str(&["SENDGRID_API_KEY", "SMTP_PASSWORD", "MAIL_API_KEY"]),
            format!("SG.{}.{}", rng.chars(URLSAFE, 22), rng.chars(URLSAFE, 43)),
        ),
        "twilio-api-key" => one("TWILIO_API_KEY", format!("SK{}", rng.chars(HEX, 32))),
        "twilio-auth-token" => {
            let sid = format!("AC{}", rng.chars(HEX, 32));
            vec![
                item("twilio-account-sid", false, "TWILIO_ACCOUNT_SID", sid),
                item(kind, true, "TWILIO_AUTH_TOKEN", rng.chars(HEX, 32)),
            ]
        }
        "openai-project-key" => one(
            "OPENAI_API_KEY",
            format!(
                "sk-proj-{}T3BlbkFJ{}",
                rng.chars(URLSAFE, 74),
                rng.chars(URLSAFE, 74)
            ),
        ),
        "anthropic-api-key" => one(
            "ANTHROPIC_API_KEY",
            format!("sk-ant-api03-{}AA", rng.chars(URLSAFE, 93)),
        ),
        "huggingface-token" => one(
            rng.pick_str(&["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN"]),
            format!("hf_{}", rng.chars(LETTERS, 34)),
        ),
        "google-api-key" => one(
            rng.pick_str(&[
                "GOOGLE_API_KEY",
                "GOOGLE_MAPS_API_KEY",
                "GEMINI_API_KEY",
                "FIREBASE_API_KEY",
            ]),
            format!("AIzaSy{}", rng.chars(URLSAFE, 33)),
        ),
        "postgres-url-password"
        | "mysql-url-password"
        | "mongodb-url-password"
        | "redis-url-password" => {
            let pass = rng.chars_n(ALNUM, 16, 28);
            let user = rng.pick_str(&["app", "orders_svc", "billing", "api_user", "reporting"]);
            let host = rng.pick_str(&[
                "db.prod.internal",
                "10.0.12.7",
                "pg-main.acme-corp.net",
                "rds-prod-1.c9xk2lq.eu-west-1.rds.amazonaws.com",
            ]);
            let url = match kind {
                "postgres-url-password" => format!(
                    "{}://{user}:{pass}@{host}:5432/orders",
                    rng.pick_str(&["postgres", "postgresql"])
                ),
                "mysql-url-password" => format!("mysql://{user}:{pass}@{host}:3306/shop"),
                "mongodb-url-password" => format!(
                    "mongodb+srv://{user}:{pass}@cluster0.{}.mongodb.net/app?retryWrites=true&w=majority",
                    rng.chars(LOWER_ALNUM, 5)
                ),
                _ => format!(
                    "{}://default:{pass}@{}:6379/0",
                    rng.pick_str(&["redis", "rediss"]),
                    rng.pick_str(&["cache.prod.internal", "eu1-sharp-owl-31337.upstash.io"])
                ),
            };
            let name = match kind {
                "redis-url-password" => "REDIS_URL",
                "mongodb-url-password" => "MONGODB_URI",
                _ => "DATABASE_URL",
            };
            vec![Item {
                kind,
                secret: true,
                name: name.to_string(),
                assigned: url,
                value: pass,
            }]
        }
        "jwt-signing-secret" => one(
            rng.pick_str(&["JWT_SECRET", "JWT_SIGNING_KEY", "JWT_SECRET_KEY"]),
            rng.chars_n(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-",
                32,
                64,
            ),
        ),
        "django-secret-key" => one("SECRET_KEY", rng.chars(DJANGO, 50)),
        "supabase-service-role-key" => {
            let iat = 1_690_000_000 + rng.range(0, 30_000_000);
            let payload = format!(
                r#"{{"iss":"supabase","ref":"{}","role":"service_role","iat":{iat},"exp":{}}}"#,
                rng.chars(LOWER, 20),
                iat + 315_360_000
            );
            one("SUPABASE_SERVICE_ROLE_KEY", jwt(rng, &payload))
        }
        "generic-api-key" => one(
            rng.pick_str(&[
                "API_KEY",
                "INTERNAL_API_KEY",
                "PAYMENTS_API_KEY",
                "SEARCH_ADMIN_API_KEY",
                "GEO_API_KEY",
            ]),
            rng.chars_n(ALNUM, 32, 40),
        ),
        "generic-password" => {
            let p = format!(
                "{}{}{}",
                rng.chars_n(ALNUM, 8, 12),
                rng.pick_str(&["!", "#", "-", "_", "*"]),
                rng.chars_n(ALNUM, 6, 10)
            );
            one(
                rng.pick_str(&[
                    "DB_PASSWORD",
                    "SMTP_PASSWORD",
                    "ADMIN_PASSWORD",
                    "RABBITMQ_PASSWORD",
                ]),
                p,
            )
        }
        "digitalocean-token" => one(
            rng.pick_str(&["DIGITALOCEAN_TOKEN", "DO_TOKEN"]),
            format!("dop_v1_{}", rng.chars(HEX, 64)),
        ),
        "shopify-access-token" => one(
            "SHOPIFY_ACCESS_TOKEN",
            format!("shpat_{}", rng.chars(HEX, 32)),
        ),
        "datadog-api-key" => one("DD_API_KEY", rng.chars(HEX, 32)),
        "datadog-app-key" => one("DD_APP_KEY", rng.chars(HEX, 40)),
        "sentry-auth-token" => {
            let v = if rng.chance(60) {
                let payload = format!(
                    r#"{{"iat":{}.{},"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"acme-{}"}}"#,
                    1_700_000_000 + rng.range(0, 40_000_000),
                    rng.digits(6),
                    rng.chars(LOWER, 5)
                );
                format!(
                    "sntrys_{}_{}",
                    base64(payload.as_bytes(), false, true),
                    rng.chars(ALNUM, 43)
                )
            } else {
                format!("sntryu_{}", rng.chars(HEX, 64))
            };
            one("SENTRY_AUTH_TOKEN", v)
        }
        "mailchimp-api-key" => one(
            "MAILCHIMP_API_KEY",
            format!("{}-us{}", rng.chars(HEX, 32), rng.range(1, 21)),
        ),
        "telegram-bot-token" => one(
            "TELEGRAM_BOT_TOKEN",
            format!("{}:AA{}", rng.digits(10), rng.chars(URLSAFE, 33)),
        ),
        "discord-webhook-url" => one(
            "DISCORD_WEBHOOK_URL",
            format!(
                "https://discord.com/api/webhooks/{}/{}",
                rng.digits(19),
                rng.chars(URLSAFE, 68)
            ),
        ),
        "azure-storage-key" => {
            let key = format!("{}==", rng.chars(B64, 86));
            vec![Item {
                kind,
                secret: true,
                name: "AZURE_STORAGE_CONNECTION_STRING".to_string(),
                assigned: format!(
                    "DefaultEndpointsProtocol=https;AccountName=acme{};AccountKey={key};EndpointSuffix=core.windows.net",
                    rng.chars(LOWER_ALNUM, 6)
                ),
                value: key,
            }]
        }
        "heroku-api-key" => one("HEROKU_API_KEY", uuid(rng)),
        "vault-token" => one("VAULT_TOKEN", format!("hvs.{}", rng.chars(URLSAFE, 91))),
        "linear-api-key" => one(
            "LINEAR_API_KEY",
            format!("lin_api_{}", rng.chars(ALNUM, 40)),
        ),
        "nextauth-secret" => one(
            rng.pick_str(&["NEXTAUTH_SECRET", "AUTH_SECRET"]),
            base64(&rng.bytes(32), false, true),
        ),
        "basic-auth-url-password" => {
            let pass = rng.chars_n(ALNUM, 18, 26);
            let url = format!(
                "https://{}:{pass}@{}",
                rng.pick_str(&["deploy", "ci-bot", "svc-reader"]),
                rng.pick_str(&[
                    "pypi.acme-corp.net/simple/",
                    "nexus.acme-corp.net/repository/npm/",
                    "registry.acme-corp.net/v2/"
                ])
            );
            vec![Item {
                kind,
                secret: true,
                name: rng
                    .pick_str(&["PIP_INDEX_URL", "REGISTRY_URL", "ARTIFACTS_URL"])
                    .to_string(),
                assigned: url,
                value: pass,
            }]
        }
        other => panic!("unknown secret kind {other}"),
    }
}

/// Decoy kinds that fit on an assignment line.
const DECOY_KINDS: &[(&str, usize)] = &[
    ("git-sha", 14),
    ("sha256-hex", 10),
    ("md5-hex", 8),
    ("uuid", 14),
    ("stripe-publishable-key", 6),
    ("mapbox-public-token", 5),
    ("sentry-dsn", 6),
    ("supabase-anon-key", 5),
    ("algolia-search-key", 4),
    ("twilio-account-sid", 3),
    ("google-oauth-client-id", 5),
    ("posthog-project-key", 4),
    ("placeholder", 40),
    ("env-reference", 40),
    ("aws-account-id", 4),
    ("long-number", 10),
    ("password-hash", 5),
    ("build-id", 6),
    ("local-dev-password", 5),
    ("public-jwt-example", 2),
    ("secret-named-setting", 12),
];

/// Settings whose names say secret, token or password and whose values are not one.
const SECRET_NAMED_SETTINGS: &[(&str, &str)] = &[
    ("TOKEN_URL", "https://oauth2.googleapis.com/token"),
    ("SECRET_KEY_FILE", "/run/secrets/django_secret_key"),
    ("API_KEY_HEADER", "X-Api-Key-V2"),
    ("PASSWORD_MIN_LENGTH", "12"),
    ("JWT_SECRET_ROTATION_DAYS", "90"),
    ("ACCESS_TOKEN_TTL", "3600s"),
    ("SESSION_TOKEN_COOKIE", "__Host-session-v2"),
    ("PASSWORD_RESET_PATH", "/auth/reset-password/v2"),
    ("API_KEY_PREFIX", "ak_live_"),
    ("CREDENTIALS_PATH", "/etc/acme/credentials-v3.json"),
    ("AWS_SECRET_NAME", "prod/api/stripe-v2"),
    ("TOKEN_AUDIENCE", "api://acme-web-2024"),
];

const PLACEHOLDERS: &[(&str, &str)] = &[
    ("STRIPE_SECRET_KEY", "sk_live_..."),
    ("STRIPE_SECRET_KEY", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
    ("OPENAI_API_KEY", "sk-proj-..."),
    ("OPENAI_API_KEY", "your_openai_api_key_here"),
    ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    ("GITHUB_TOKEN", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("GITHUB_TOKEN", "<your-github-token>"),
    ("API_KEY", "your_api_key_here"),
    ("API_KEY", "<token>"),
    ("API_KEY", "changeme"),
    ("DB_PASSWORD", "changeme"),
    ("DB_PASSWORD", "REPLACE_ME"),
    ("ADMIN_PASSWORD", "********"),
    ("JWT_SECRET", "change-this-to-a-long-random-string"), // gitleaks:allow
    ("JWT_SECRET", "your-256-bit-secret"),
    ("SECRET_KEY", "dummy-secret-key-for-tests"),
    ("SLACK_BOT_TOKEN", "xoxb-your-bot-token"),
    (
        "SENDGRID_API_KEY",
        "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ),
    ("ANTHROPIC_API_KEY", "sk-ant-api03-..."),
    (
        "DATABASE_URL",
        "postgres://user:password@localhost:5432/app", // gitleaks:allow
    ),
    ("DATABASE_URL", "postgresql://USER:PASSWORD@HOST:5432/DB"), // gitleaks:allow
    ("HF_TOKEN", "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("TWILIO_AUTH_TOKEN", "your_auth_token"),
    ("SENTRY_AUTH_TOKEN", "<sentry-auth-token>"),
    ("NPM_TOKEN", "npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
    ("GOOGLE_API_KEY", "AIzaSy-your-key"),
    ("API_TOKEN", "TODO"),
    ("PASSWORD", "password"),
    ("CLIENT_SECRET", "replace-with-client-secret"),
];

const ENV_REFERENCES: &[(&str, &str)] = &[
    ("STRIPE_SECRET_KEY", "${STRIPE_SECRET_KEY}"),
    ("STRIPE_SECRET_KEY", "process.env.STRIPE_SECRET_KEY"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "os.environ[\"AWS_SECRET_ACCESS_KEY\"]",
    ),
    ("GITHUB_TOKEN", "ENV.fetch(\"GITHUB_TOKEN\")"),
    ("OPENAI_API_KEY", "os.getenv(\"OPENAI_API_KEY\")"),
    ("NPM_TOKEN", "${{ secrets.NPM_TOKEN }}"),
    ("DB_PASSWORD", "{{ .Values.db.password }}"),
    ("DB_PASSWORD", "$(cat /run/secrets/db_password)"),
    ("API_KEY", "System.getenv(\"API_KEY\")"),
    ("JWT_SECRET", "${JWT_SECRET:?missing}"),
    ("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db:5432/app"),
    ("REDIS_URL", "redis://:${REDIS_PASSWORD}@redis:6379/0"),
    ("SLACK_WEBHOOK_URL", "${SLACK_WEBHOOK_URL}"),
    ("SENDGRID_API_KEY", "process.env[\"SENDGRID_API_KEY\"]"),
    ("ANTHROPIC_API_KEY", "$ANTHROPIC_API_KEY"),
    ("SECRET_KEY", "env(\"DJANGO_SECRET_KEY\")"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "{{resolve:secretsmanager:prod/aws:SecretString:key}}",
    ),
    ("DD_API_KEY", "%(DD_API_KEY)s"),
    ("TWILIO_AUTH_TOKEN", "import.meta.env.VITE_TWILIO_TOKEN"),
    (
        "SUPABASE_SERVICE_ROLE_KEY",
        "Deno.env.get(\"SUPABASE_SERVICE_ROLE_KEY\")",
    ),
];

fn decoy_item(rng: &mut Rng, kind: &'static str) -> Item {
    let d = |name: &str, v: String| item(kind, false, name, v);
    match kind {
        "git-sha" => d(rng.pick_str(&["GIT_COMMIT", "SOURCE_VERSION", "BUILD_SHA", "RELEASE_REVISION"]), rng.chars(HEX, 40)),
        "sha256-hex" => d(rng.pick_str(&["ARTIFACT_SHA256", "CHECKSUM", "IMAGE_DIGEST", "TARBALL_SHA256"]), rng.chars(HEX, 64)),
        "md5-hex" => d(rng.pick_str(&["ASSET_ETAG", "CONTENT_MD5", "FILE_HASH"]), rng.chars(HEX, 32)),
        "uuid" => d(rng.pick_str(&["TENANT_ID", "AZURE_TENANT_ID", "PROJECT_ID", "REQUEST_ID", "WORKSPACE_ID", "CLIENT_ID"]), uuid(rng)),
        "stripe-publishable-key" => d(rng.pick_str(&["STRIPE_PUBLISHABLE_KEY", "NEXT_PUBLIC_STRIPE_KEY"]), format!("pk_live_51{}", rng.chars(ALNUM, 97))),
        "mapbox-public-token" => {
            let payload = format!(r#"{{"u":"acme-{}","a":"{}"}}"#, rng.chars(LOWER, 5), rng.chars(LOWER_ALNUM, 25));
            d(rng.pick_str(&["MAPBOX_ACCESS_TOKEN", "NEXT_PUBLIC_MAPBOX_TOKEN"]), format!("pk.{}.{}", base64(payload.as_bytes(), true, false), rng.chars(URLSAFE, 22)))
        }
        "sentry-dsn" => d(rng.pick_str(&["SENTRY_DSN", "NEXT_PUBLIC_SENTRY_DSN"]), format!("https://{}@o{}.ingest.sentry.io/{}", rng.chars(HEX, 32), rng.digits(6), rng.digits(7))),
        "supabase-anon-key" => {
            let iat = 1_690_000_000 + rng.range(0, 30_000_000);
            let payload = format!(r#"{{"iss":"supabase","ref":"{}","role":"anon","iat":{iat},"exp":{}}}"#, rng.chars(LOWER, 20), iat + 315_360_000);
            d(rng.pick_str(&["NEXT_PUBLIC_SUPABASE_ANON_KEY", "SUPABASE_ANON_KEY"]), jwt(rng, &payload))
        }
        "algolia-search-key" => d(rng.pick_str(&["ALGOLIA_SEARCH_API_KEY", "NEXT_PUBLIC_ALGOLIA_SEARCH_KEY"]), rng.chars(HEX, 32)),
        "twilio-account-sid" => d("TWILIO_ACCOUNT_SID", format!("AC{}", rng.chars(HEX, 32))),
        "google-oauth-client-id" => d("GOOGLE_CLIENT_ID", format!("{}-{}.apps.googleusercontent.com", rng.digits(12), rng.chars(LOWER_ALNUM, 32))),
        "posthog-project-key" => d("NEXT_PUBLIC_POSTHOG_KEY", format!("phc_{}", rng.chars(ALNUM, 43))),
        "placeholder" => {
            let (n, v) = *rng.pick(PLACEHOLDERS);
            d(n, v.to_string())
        }
        "env-reference" => {
            let (n, v) = *rng.pick(ENV_REFERENCES);
            d(n, v.to_string())
        }
        "aws-account-id" => d("AWS_ACCOUNT_ID", rng.digits(12)),
        "long-number" => d(rng.pick_str(&["ORDER_ID_OFFSET", "DISCORD_CHANNEL_ID", "STARTED_AT_MS", "SUPPORT_PHONE"]), rng.digits_n(13, 19)),
        "password-hash" => d(rng.pick_str(&["ADMIN_PASSWORD_HASH", "PASSWORD_DIGEST"]), format!("$2b$12${}", rng.chars(b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53))),
        "build-id" => d(rng.pick_str(&["BUILD_ID", "ASSET_PREFIX_HASH", "CACHE_BUSTER"]), rng.chars(URLSAFE, 21)),
        "local-dev-password" => {
            // the label is the password, as for the secrets in URLs
            let (url, pass) = *rng.pick(&[
                ("postgres://postgres:postgres@localhost:5432/app_dev", "postgres"),  // gitleaks:allow
                ("mysql://root:root@127.0.0.1:3306/app_dev", "root"),  // gitleaks:allow
                ("redis://:devpassword@localhost:6379/0", "devpassword"),  // gitleaks:allow
            ]);
            Item {
                kind,
                secret: false,
                name: "DATABASE_URL".to_string(),
                assigned: url.to_string(),
                value: pass.to_string(),
            }
        }
        "secret-named-setting" => {
            let (n, v) = *rng.pick(SECRET_NAMED_SETTINGS);
            d(n, v.to_string())
        }
        "public-jwt-example" => d("EXAMPLE_TOKEN", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c".to_string()),  // gitleaks:allow
        other => panic!("unknown decoy kind {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Files

/// A file being written: its lines and the labels on them (0-based line, label fields).
#[derive(Debug, Default)]
struct Doc {
    path: String,
    lines: Vec<String>,
    planted: Vec<(usize, String, String, bool)>,
}

impl Doc {
    fn new(path: &str) -> Doc {
        Doc {
            path: path.to_string(),
            ..Doc::default()
        }
    }
    fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.lines.push(text.into());
        self
    }
    fn plant(&mut self, text: String, value: &str, kind: &str, secret: bool) -> &mut Self {
        debug_assert!(text.contains(value), "{text} does not hold {value}");
        self.planted.push((
            self.lines.len(),
            value.to_string(),
            kind.to_string(),
            secret,
        ));
        self.lines.push(text);
        self
    }
    /// A multi-line block (a PEM key) labelled at its first line with its whole text.
    fn plant_block(&mut self, block: &[String], kind: &str, secret: bool, indent: &str) {
        let value = block.join(&format!("\n{indent}"));
        self.planted
            .push((self.lines.len(), value, kind.to_string(), secret));
        for l in block {
            self.lines.push(format!("{indent}{l}"));
        }
    }
    fn items(&mut self, items: &[Item], style: Style, rng: &mut Rng) {
        for it in items {
            let text = if is_code(it) && matches!(style, Style::Py | Style::Ts) {
                match style {
                    Style::Py => format!("{} = {}", it.name, it.assigned),
                    _ => format!("  {}: {},", camel(&it.name), it.assigned),
                }
            } else {
                render(style, &it.name, &it.assigned, rng)
            };
            self.plant(text, &it.value, it.kind, it.secret);
        }
    }
    fn text(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

/// An environment reference written as code (`process.env.X`, `os.environ["X"]`), not a
/// string.
fn is_code(it: &Item) -> bool {
    it.kind == "env-reference"
        && !it.assigned.contains("${")
        && !it.assigned.starts_with(['$', '{', '%'])
        && !it.assigned.contains("://")
}

/// `NAME = "value"` in TypeScript: code references unquoted.
fn ts_value(it: &Item) -> String {
    if is_code(it) {
        it.assigned.clone()
    } else {
        format!("\"{}\"", it.assigned)
    }
}

/// Writes the corpus and records the labels.
struct Writer<'a> {
    f: &'a mut Fixture,
    labels: Vec<Label>,
    commits: Vec<String>,
    branch: String,
    day: i64,
}

impl Writer<'_> {
    fn write(&mut self, doc: &Doc) {
        // a rewrite of a file: its old labels on this branch are gone unless planted again
        // with the same value on the same line
        for l in &mut self.labels {
            if l.path == doc.path && l.branch == self.branch && !l.removed {
                let kept = doc
                    .planted
                    .iter()
                    .any(|(line, value, _, _)| *line as u32 + 1 == l.line && *value == l.value);
                if !kept {
                    l.removed = true;
                }
            }
        }
        for (line, value, kind, secret) in &doc.planted {
            let line = *line as u32 + 1;
            let exists = self.labels.iter().any(|l| {
                l.path == doc.path
                    && l.branch == self.branch
                    && !l.removed
                    && l.line == line
                    && l.value == *value
            });
            if !exists {
                self.labels.push(Label {
                    path: doc.path.clone(),
                    line,
                    value: value.clone(),
                    kind: kind.clone(),
                    is_secret: *secret,
                    removed: false,
                    branch: self.branch.clone(),
                });
            }
        }
        self.f.write(&doc.path, doc.text());
    }
    fn remove(&mut self, path: &str) {
        for l in &mut self.labels {
            if l.path == path && l.branch == self.branch {
                l.removed = true;
            }
        }
        self.f.remove(path);
    }
    fn commit(&mut self, who: Who<'_>, message: &str) {
        let t = START + self.day * DAY;
        self.day += 1;
        let id = self.f.commit_at(who, message, t);
        self.commits.push(id);
    }
}

/// Draws the planned items of `kinds` (each kind its count), shuffled.
fn plan(rng: &mut Rng, kinds: &[(&'static str, usize)], secret: bool) -> Vec<Vec<Item>> {
    let mut out = Vec::new();
    for &(kind, n) in kinds {
        for _ in 0..n {
            out.push(if secret {
                secret_item(rng, kind)
            } else {
                vec![decoy_item(rng, kind)]
            });
        }
    }
    rng.shuffle(&mut out);
    out
}

fn take(pool: &mut Vec<Vec<Item>>, n: usize) -> Vec<Item> {
    let n = n.min(pool.len());
    pool.drain(..n).flatten().collect()
}

fn lockfile_decoys(rng: &mut Rng) -> (Doc, Doc, Doc) {
    // package-lock.json: integrity strings and git-resolved SHAs
    let mut lock = Doc::new("package-lock.json");
    lock.line("{")
        .line("  \"name\": \"acme-web\",")
        .line("  \"version\": \"1.4.0\",")
        .line("  \"lockfileVersion\": 3,")
        .line("  \"requires\": true,")
        .line("  \"packages\": {");
    let names = [
        "react",
        "react-dom",
        "next",
        "zod",
        "axios",
        "lodash",
        "dayjs",
        "clsx",
        "stripe",
        "@sentry/nextjs",
        "@supabase/supabase-js",
        "openai",
        "pg",
        "ioredis",
        "jsonwebtoken",
        "bcryptjs",
        "uuid",
        "tslib",
        "semver",
        "debug",
        "ms",
        "chalk",
        "commander",
        "yaml",
    ];
    for (i, name) in names.iter().enumerate() {
        let ver = format!(
            "{}.{}.{}",
            rng.range(0, 18),
            rng.range(0, 30),
            rng.range(0, 20)
        );
        lock.line(format!("    \"node_modules/{name}\": {{"));
        lock.line(format!("      \"version\": \"{ver}\","));
        if i % 6 == 5 {
            let sha = rng.chars(HEX, 40);
            lock.plant(
                format!("      \"resolved\": \"git+ssh://git@github.com/acme/{name}.git#{sha}\","),
                &sha,
                "git-sha",
                false,
            );
        } else {
            lock.line(format!(
                "      \"resolved\": \"https://registry.npmjs.org/{name}/-/{}-{ver}.tgz\",",
                name.rsplit('/').next().unwrap_or(name)
            ));
        }
        let integrity = if i % 9 == 8 {
            format!("sha1-{}", base64(&rng.bytes(20), false, true))
        } else {
            format!("sha512-{}", base64(&rng.bytes(64), false, true))
        };
        lock.plant(
            format!("      \"integrity\": \"{integrity}\","),
            &integrity,
            "npm-integrity",
            false,
        );
        lock.line("      \"license\": \"MIT\"");
        lock.line(if i + 1 == names.len() {
            "    }"
        } else {
            "    },"
        });
    }
    lock.line("  }").line("}");

    // yarn.lock
    let mut yarn = Doc::new("web/yarn.lock");
    yarn.line("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.")
        .line("# yarn lockfile v1")
        .line("");
    for name in [
        "classnames",
        "prop-types",
        "scheduler",
        "loose-envify",
        "js-tokens",
        "object-assign",
        "react-is",
        "warning",
    ] {
        let ver = format!(
            "{}.{}.{}",
            rng.range(0, 16),
            rng.range(0, 20),
            rng.range(0, 9)
        );
        let sha = rng.chars(HEX, 40);
        let integrity = format!("sha512-{}", base64(&rng.bytes(64), false, true));
        yarn.line(format!("{name}@^{ver}:"));
        yarn.line(format!("  version \"{ver}\""));
        yarn.plant(
            format!("  resolved \"https://registry.yarnpkg.com/{name}/-/{name}-{ver}.tgz#{sha}\""),
            &sha,
            "git-sha",
            false,
        );
        yarn.plant(
            format!("  integrity {integrity}"),
            &integrity,
            "npm-integrity",
            false,
        );
        yarn.line("");
    }

    // Cargo.lock
    let mut cargo = Doc::new("worker/Cargo.lock");
    cargo
        .line("# This file is automatically @generated by Cargo.")
        .line("# It is not intended for manual editing.")
        .line("version = 4")
        .line("");
    for name in [
        "anyhow",
        "serde",
        "serde_json",
        "tokio",
        "hyper",
        "rand",
        "sha2",
        "base64",
        "regex",
        "memchr",
        "libc",
        "bytes",
        "itoa",
        "ryu",
    ] {
        let sum = rng.chars(HEX, 64);
        cargo.line("[[package]]");
        cargo.line(format!("name = \"{name}\""));
        cargo.line(format!(
            "version = \"1.{}.{}\"",
            rng.range(0, 40),
            rng.range(0, 9)
        ));
        cargo.line("source = \"registry+https://github.com/rust-lang/crates.io-index\"");
        cargo.plant(
            format!("checksum = \"{sum}\""),
            &sum,
            "cargo-checksum",
            false,
        );
        cargo.line("");
    }
    let sha = rng.chars(HEX, 40);
    cargo
        .line("[[package]]")
        .line("name = \"acme-proto\"")
        .line("version = \"0.3.0\"");
    cargo.plant(
        format!(
            "source = \"git+https://github.com/acme/proto?rev={}#{sha}\"",
            &sha[..7]
        ),
        &sha,
        "git-sha",
        false,
    );
    (lock, yarn, cargo)
}

fn public_material(rng: &mut Rng, doc: &mut Doc) {
    // SSH public keys
    for i in 0..4 {
        let (algo, blob) = if i % 2 == 0 {
            let mut b = Vec::new();
            ssh_string(&mut b, b"ssh-ed25519");
            ssh_string(&mut b, &rng.bytes(32));
            ("ssh-ed25519", base64(&b, false, true))
        } else {
            let mut b = Vec::new();
            ssh_string(&mut b, b"ssh-rsa");
            ssh_string(&mut b, &[1, 0, 1]);
            let mut n = vec![0];
            n.extend(rng.bytes(256));
            ssh_string(&mut b, &n);
            ("ssh-rsa", base64(&b, false, true))
        };
        let who = rng.pick_str(&["alice@laptop", "deploy@ci", "bob@workstation", "backup@nas"]);
        let value = format!("{algo} {blob}");
        doc.plant(format!("{value} {who}"), &value, "ssh-public-key", false);
    }
}

fn public_pems(rng: &mut Rng) -> Vec<(Vec<String>, &'static str)> {
    let mut out = Vec::new();
    for _ in 0..3 {
        out.push((
            pem(
                "PUBLIC KEY",
                &der(
                    rng,
                    &[
                        0x30, 0x82, 0x01, 0x22, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                        0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x82, 0x01, 0x0f, 0x00,
                    ],
                    294,
                ),
                64,
            ),
            "pem-public-key",
        ));
    }
    for _ in 0..3 {
        out.push((
            pem(
                "CERTIFICATE",
                &der(
                    rng,
                    &[
                        0x30, 0x82, 0x03, 0x80, 0x30, 0x82, 0x02, 0x68, 0xa0, 0x03, 0x02, 0x01,
                        0x02,
                    ],
                    900,
                ),
                64,
            ),
            "pem-certificate",
        ));
    }
    out
}

fn web_assets(rng: &mut Rng) -> (Doc, Doc) {
    let mut css = Doc::new("web/src/styles/app.css");
    for i in 0..6 {
        let class = format!("css-{}", rng.chars(LOWER_ALNUM, 7));
        css.plant(
            format!(".{class} {{ display: flex; gap: {}px; }}", 4 + i),
            &class,
            "css-class-hash",
            false,
        );
        let data = base64(
            &{
                let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
                let n = rng.range(90, 400);
                png.extend(rng.bytes(n));
                png
            },
            false,
            true,
        );
        let uri = format!("data:image/png;base64,{data}");
        css.plant(
            format!(".icon-{i} {{ background-image: url(\"{uri}\"); }}"),
            &uri,
            "data-uri",
            false,
        );
    }
    let mut html = Doc::new("web/public/index.html");
    html.line("<!doctype html>")
        .line("<html lang=\"en\">")
        .line("<head>");
    for _ in 0..4 {
        let chunk = rng.chars(HEX, 8);
        html.plant(
            format!("  <script defer src=\"/static/js/main.{chunk}.chunk.js\"></script>"),
            &chunk,
            "asset-hash",
            false,
        );
    }
    for _ in 0..3 {
        let sri = format!("sha384-{}", base64(&rng.bytes(48), false, true));
        html.plant(format!("  <link rel=\"stylesheet\" href=\"https://cdn.acme.io/ui.css\" integrity=\"{sri}\" crossorigin=\"anonymous\">"), &sri, "sri-hash", false);
    }
    let gif = format!(
        "data:image/gif;base64,{}",
        base64(
            &{
                let mut g = b"GIF89a".to_vec();
                g.extend(rng.bytes(60));
                g
            },
            false,
            true
        )
    );
    html.line("</head>").line("<body>");
    html.plant(
        format!("  <img alt=\"\" src=\"{gif}\">"),
        &gif,
        "data-uri",
        false,
    );
    for _ in 0..3 {
        let a = rng.chars(LETTERS, 6);
        let b = rng.chars(LETTERS, 6);
        html.plant(
            format!("  <div class=\"sc-{a} {b}\"></div>"),
            &format!("sc-{a} {b}"),
            "css-class-hash",
            false,
        );
    }
    html.line("</body>").line("</html>");
    (css, html)
}

/// Writes the corpus into `f` (an empty fixture) with the seed, and returns the labels.
pub fn build(f: &mut Fixture, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let mut secrets = plan(&mut rng, SECRET_KINDS, true);
    let mut decoys = plan(&mut rng, DECOY_KINDS, false);
    let mut w = Writer {
        f,
        labels: Vec::new(),
        commits: Vec::new(),
        branch: "main".to_string(),
        day: 0,
    };

    // 1. the project's skeleton: lockfiles, assets, docs with decoys only
    let (lock, yarn, cargo) = lockfile_decoys(&mut rng);
    w.write(&lock);
    w.write(&yarn);
    w.write(&cargo);
    let (css, html) = web_assets(&mut rng);
    w.write(&css);
    w.write(&html);
    let mut example = Doc::new(".env.example");
    example.line("# Copy to .env and fill in");
    example.items(&take(&mut decoys, 14), Style::Env, &mut rng);
    w.write(&example);
    let mut changelog = Doc::new("CHANGELOG.md");
    changelog.line("# Changelog").line("");
    for v in 0..8 {
        let sha = rng.chars(HEX, 40);
        changelog.plant(
            format!(
                "- 1.{v}.0: fix the retry loop ([{}](https://github.com/acme/web/commit/{sha}))",
                &sha[..7]
            ),
            &sha,
            "git-sha",
            false,
        );
    }
    w.write(&changelog);
    let mut readme = Doc::new("README.md");
    readme
        .line("# acme-web")
        .line("")
        .line("## Setup")
        .line("")
        .line("```bash");
    readme.items(&take(&mut decoys, 8), Style::Sh, &mut rng);
    readme
        .line("```")
        .line("")
        .line("Call the API:")
        .line("")
        .line("```bash");
    let leaked = take(&mut secrets, 2);
    readme.items(&leaked, Style::Sh, &mut rng);
    readme.line("curl -H \"Authorization: Bearer $API_TOKEN\" https://api.acme.io/v1/orders");
    readme.line("```");
    w.write(&readme);
    w.commit(ALICE, "Initial project");

    // 2. configuration with secrets in many formats
    let mut env = Doc::new(".env");
    env.line("# local overrides");
    let mut chunk = take(&mut secrets, 14);
    chunk.extend(take(&mut decoys, 6));
    rng.shuffle(&mut chunk);
    env.items(&chunk, Style::Env, &mut rng);
    w.write(&env);

    let mut prod = Doc::new("config/production.yml");
    prod.line("production:");
    let mut chunk = take(&mut secrets, 12);
    chunk.extend(take(&mut decoys, 8));
    rng.shuffle(&mut chunk);
    prod.items(&chunk, Style::Yaml, &mut rng);
    w.write(&prod);

    let mut settings = Doc::new("backend/app/settings.py");
    settings
        .line("from pathlib import Path")
        .line("import os")
        .line("")
        .line("BASE_DIR = Path(__file__).resolve().parent.parent")
        .line("DEBUG = False");
    let mut chunk = take(&mut secrets, 10);
    chunk.extend(take(&mut decoys, 8));
    rng.shuffle(&mut chunk);
    settings.items(&chunk, Style::Py, &mut rng);
    w.write(&settings);

    let mut compose = Doc::new("docker-compose.yml");
    compose
        .line("services:")
        .line("  api:")
        .line("    image: acme/api:1.4.0")
        .line("    environment:");
    let mut chunk = take(&mut secrets, 4);
    chunk.extend(take(&mut decoys, 4));
    rng.shuffle(&mut chunk);
    compose.items(&chunk, Style::Compose, &mut rng);
    compose
        .line("  worker:")
        .line("    image: acme/worker:1.4.0")
        .line("    environment:");
    let mut chunk = take(&mut secrets, 4);
    chunk.extend(take(&mut decoys, 4));
    rng.shuffle(&mut chunk);
    compose.items(&chunk, Style::ComposeList, &mut rng);
    compose
        .line("  db:")
        .line("    image: postgres:16")
        .line("    environment:");
    compose.plant(
        "      POSTGRES_PASSWORD: postgres".to_string(),
        "postgres",
        "local-dev-password",
        false,
    );
    w.write(&compose);

    let mut client = Doc::new("web/src/lib/config.ts");
    client
        .line("// runtime configuration")
        .line("export const config = {");
    let mut chunk = take(&mut secrets, 10);
    chunk.extend(take(&mut decoys, 10));
    rng.shuffle(&mut chunk);
    // object properties only (the `export const` form cannot sit inside the object)
    for it in &chunk {
        let text = format!("  {}: {},", camel(&it.name), ts_value(it));
        client.plant(text, &it.value, it.kind, it.secret);
    }
    client.line("};");
    w.write(&client);

    let mut firebase = Doc::new("web/src/lib/firebase.ts");
    let key = format!("AIzaSy{}", rng.chars(URLSAFE, 33));
    firebase
        .line("import { initializeApp } from \"firebase/app\";")
        .line("")
        .line("const firebaseConfig = {");
    firebase.plant(
        format!("  apiKey: \"{key}\","),
        &key,
        "google-api-key",
        true,
    );
    firebase.line("  authDomain: \"acme-web-prod.firebaseapp.com\",");
    firebase.line("  projectId: \"acme-web-prod\",");
    let app_id = format!("1:{}:web:{}", rng.digits(12), rng.chars(HEX, 22));
    firebase.plant(
        format!("  appId: \"{app_id}\","),
        &app_id,
        "firebase-app-id",
        false,
    );
    let mid = format!("G-{}", rng.chars(UPPER_ALNUM, 10));
    firebase.plant(
        format!("  measurementId: \"{mid}\","),
        &mid,
        "analytics-id",
        false,
    );
    firebase
        .line("};")
        .line("")
        .line("export const app = initializeApp(firebaseConfig);");
    w.write(&firebase);
    w.commit(BOB, "Configure services");

    // 3. deployment material: keys, service account, registries; test fixtures
    let mut key_kinds = [
        "private-key-rsa",
        "private-key-ec",
        "private-key-openssh",
        "private-key-pkcs8",
    ];
    rng.shuffle(&mut key_kinds);
    let key_paths = [
        "deploy/keys/id_rsa",
        "deploy/keys/server.key",
        "deploy/keys/ci_deploy_key",
        "certs/tls.key",
    ];
    for (i, kind) in key_kinds.iter().enumerate() {
        let mut d = Doc::new(key_paths[i]);
        d.plant_block(&private_key(&mut rng, kind), kind, true, "");
        w.write(&d);
    }
    // keys inline in YAML and TypeScript
    let mut ingress = Doc::new("deploy/k8s/tls-values.yml");
    ingress
        .line("tls:")
        .line("  enabled: true")
        .line("  certificate: |");
    let pems = public_pems(&mut rng);
    ingress.plant_block(&pems[3].0, pems[3].1, false, "    ");
    ingress.line("  key: |");
    ingress.plant_block(
        &private_key(&mut rng, "private-key-rsa"),
        "private-key-rsa",
        true,
        "    ",
    );
    w.write(&ingress);
    let mut jwtkeys = Doc::new("backend/src/auth/keys.ts");
    jwtkeys.line("export const JWT_PUBLIC_KEY = `");
    jwtkeys.plant_block(&pems[0].0, pems[0].1, false, "");
    jwtkeys
        .line("`;")
        .line("")
        .line("export const JWT_PRIVATE_KEY = `");
    jwtkeys.plant_block(
        &private_key(&mut rng, "private-key-ec"),
        "private-key-ec",
        true,
        "",
    );
    jwtkeys.line("`;");
    w.write(&jwtkeys);
    let mut pubs = Doc::new("deploy/keys/public.pem");
    pubs.plant_block(&pems[1].0, pems[1].1, false, "");
    pubs.line("");
    pubs.plant_block(&pems[4].0, pems[4].1, false, "");
    w.write(&pubs);
    let mut ca = Doc::new("certs/ca-bundle.crt");
    ca.plant_block(&pems[5].0, pems[5].1, false, "");
    ca.plant_block(&pems[2].0, pems[2].1, false, "");
    w.write(&ca);
    let mut authorized = Doc::new("deploy/authorized_keys");
    public_material(&mut rng, &mut authorized);
    w.write(&authorized);

    // a GCP service account key file
    let sa_body = private_key(&mut rng, "private-key-pkcs8");
    let sa_value = format!("{}\\n", sa_body.join("\\n"));
    let mut sa = Doc::new("deploy/gcp-service-account.json");
    sa.line("{")
        .line("  \"type\": \"service_account\",")
        .line("  \"project_id\": \"acme-prod-4821\",");
    let key_id = rng.chars(HEX, 40);
    sa.plant(
        format!("  \"private_key_id\": \"{key_id}\","),
        &key_id,
        "key-id",
        false,
    );
    sa.plant(
        format!("  \"private_key\": \"{sa_value}\","),
        &sa_value,
        "gcp-service-account-key",
        true,
    );
    sa.line("  \"client_email\": \"deployer@acme-prod-4821.iam.gserviceaccount.com\",");
    let client_id = rng.digits(21);
    sa.plant(
        format!("  \"client_id\": \"{client_id}\","),
        &client_id,
        "long-number",
        false,
    );
    sa.line("  \"token_uri\": \"https://oauth2.googleapis.com/token\"")
        .line("}");
    w.write(&sa);

    // registries
    let mut npmrc = Doc::new(".npmrc");
    let npm = checksummed_token(&mut rng, "npm_");
    npmrc.plant(
        format!("//registry.npmjs.org/:_authToken={npm}"),
        &npm,
        "npm-token",
        true,
    );
    npmrc.plant(
        "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}".to_string(),
        "${GITHUB_TOKEN}",
        "env-reference",
        false,
    );
    w.write(&npmrc);
    let mut pypirc = Doc::new(".pypirc");
    let pypi = format!("pypi-AgEIcHlwaS5vcmc{}", rng.chars(URLSAFE, 160));
    pypirc.line("[pypi]").line("username = __token__");
    pypirc.plant(format!("password = {pypi}"), &pypi, "pypi-token", true);
    w.write(&pypirc);
    let mut age = Doc::new("deploy/sops/age.key");
    let age_key = format!("AGE-SECRET-KEY-1{}", rng.chars(BECH32, 58));
    age.line("# created: 2024-01-03T10:00:00Z");
    let age_pub = format!("age1{}", rng.chars(b"qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58));
    age.plant(
        format!("# public key: {age_pub}"),
        &age_pub,
        "age-public-key",
        false,
    );
    age.plant(age_key.clone(), &age_key, "age-secret-key", true);
    w.write(&age);

    // a Kubernetes Secret: the values base64-encoded
    let mut k8s = Doc::new("deploy/k8s/api-secret.yml");
    k8s.line("apiVersion: v1")
        .line("kind: Secret")
        .line("metadata:")
        .line("  name: api-secrets")
        .line("type: Opaque")
        .line("data:");
    for (name, plain) in [
        ("DB_PASSWORD", rng.chars(ALNUM, 20)),
        (
            "STRIPE_SECRET_KEY",
            format!("sk_live_51{}", rng.chars(ALNUM, 97)),
        ),
        ("session-signing-key", rng.chars(ALNUM, 40)),
    ] {
        let encoded = base64(plain.as_bytes(), false, true);
        k8s.plant(
            format!("  {name}: {encoded}"),
            &encoded,
            "k8s-secret-base64",
            true,
        );
    }
    w.write(&k8s);

    // Spring and Maven configuration
    let mut props = Doc::new("backend/src/main/resources/application.properties");
    props
        .line("server.port=8080")
        .line("spring.datasource.url=jdbc:postgresql://db.prod.internal:5432/orders")
        .line("spring.datasource.username=orders");
    let pw = rng.chars_n(ALNUM, 16, 24);
    props.plant(
        format!("spring.datasource.password={pw}"),
        &pw,
        "properties-password",
        true,
    );
    let pw = rng.chars_n(ALNUM, 16, 24);
    props.plant(
        format!("spring.mail.password={pw}"),
        &pw,
        "properties-password",
        true,
    );
    let jwt_secret = rng.chars(ALNUM, 48);
    props.plant(
        format!("app.jwt.secret={jwt_secret}"),
        &jwt_secret,
        "jwt-signing-secret",
        true,
    );
    props.line("spring.jpa.hibernate.ddl-auto=validate");
    w.write(&props);
    let mut m2 = Doc::new("ci/maven-settings.xml");
    m2.line("<settings>")
        .line("  <servers>")
        .line("    <server>")
        .line("      <id>acme-releases</id>")
        .line("      <username>deployer</username>");
    let pw = rng.chars_n(ALNUM, 18, 24);
    m2.plant(
        format!("      <password>{pw}</password>"),
        &pw,
        "xml-password",
        true,
    );
    m2.line("    </server>")
        .line("  </servers>")
        .line("</settings>");
    w.write(&m2);

    // API documentation with a real header pasted in
    let mut api = Doc::new("docs/api.md");
    api.line("# Calling the API").line("").line("```bash");
    let basic = base64(
        format!("ops:{}", rng.chars(ALNUM, 20)).as_bytes(),
        false,
        true,
    );
    api.plant(
        format!("curl -H \"Authorization: Basic {basic}\" https://api.acme.io/v1/health"),
        &basic,
        "basic-auth-header",
        true,
    );
    let bearer = rng.chars(ALNUM, 40);
    api.plant(
        format!("curl -H \"Authorization: Bearer {bearer}\" https://api.acme.io/v1/orders"),
        &bearer,
        "bearer-token",
        true,
    );
    api.line("curl -H \"Authorization: Bearer <token>\" https://api.acme.io/v1/orders");
    api.line("```");
    w.write(&api);

    // test fixtures: mostly decoys, a few real values pasted in
    let mut fixture = Doc::new("backend/tests/fixtures/webhook_event.json");
    fixture.line("{");
    let mut chunk = take(&mut secrets, 3);
    chunk.extend(take(&mut decoys, 12));
    rng.shuffle(&mut chunk);
    fixture.items(&chunk, Style::Json, &mut rng);
    fixture.line("  \"livemode\": false").line("}");
    w.write(&fixture);
    let mut users = Doc::new("backend/tests/fixtures/users.yml");
    users.line("users:");
    for i in 0..5 {
        let hash = format!(
            "$2b$12${}",
            rng.chars(
                b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                53
            )
        );
        let id = uuid(&mut rng);
        users.line(format!("  - name: user{i}"));
        users.plant(format!("    id: {id}"), &id, "uuid", false);
        users.plant(
            format!("    password_hash: \"{hash}\""),
            &hash,
            "password-hash",
            false,
        );
    }
    w.write(&users);
    w.commit(CAROL, "Deployment keys and fixtures");

    // a side branch that was never merged
    w.f.git(&["checkout", "-q", "-b", "feature/billing"]);
    w.branch = "feature/billing".to_string();
    let mut billing = Doc::new("billing/config.toml");
    billing.line("[billing]");
    let mut chunk = take(&mut secrets, 10);
    chunk.extend(take(&mut decoys, 6));
    rng.shuffle(&mut chunk);
    billing.items(&chunk, Style::Toml, &mut rng);
    w.write(&billing);
    let mut tf = Doc::new("infra/main.tf");
    tf.line("provider \"aws\" {")
        .line("  region = \"eu-west-1\"");
    let mut chunk = take(&mut secrets, 6);
    chunk.extend(take(&mut decoys, 5));
    rng.shuffle(&mut chunk);
    tf.items(&chunk, Style::Tf, &mut rng);
    tf.line("}");
    w.write(&tf);
    w.commit(BOB, "WIP billing");
    w.f.git(&["checkout", "-q", "main"]);
    w.branch = "main".to_string();

    // 4. clean-up: the .env file and a deploy key leave the tree; some production values are
    // rotated to environment references on the same lines
    w.remove(".env");
    w.remove("deploy/keys/id_rsa");
    let mut rotated = 0;
    let mut planted = prod.planted.clone();
    for p in &mut planted {
        if p.3 && rotated < 5 {
            let (line, _, kind, _) = p.clone();
            let name = prod.lines[line]
                .trim()
                .split(':')
                .next()
                .unwrap_or("secret")
                .to_string();
            let reference = format!("${{{}}}", name.to_ascii_uppercase());
            prod.lines[line] = format!("  {name}: \"{reference}\"");
            *p = (line, reference, "env-reference".to_string(), false);
            let _ = kind;
            rotated += 1;
        }
    }
    prod.planted = planted;
    w.write(&prod);
    w.commit(ALICE, "Move secrets out of the repository");

    // 5. more code, CI and scripts
    let mut ci = Doc::new(".github/workflows/ci.yml");
    ci.line("name: ci")
        .line("on: [push]")
        .line("jobs:")
        .line("  test:")
        .line("    runs-on: ubuntu-latest")
        .line("    steps:");
    for action in ["actions/checkout", "actions/setup-node", "actions/cache"] {
        let sha = rng.chars(HEX, 40);
        ci.plant(
            format!("      - uses: {action}@{sha} # v4"),
            &sha,
            "git-sha",
            false,
        );
    }
    ci.line("      - run: npm ci").line("        env:");
    ci.plant(
        "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}".to_string(),
        "${{ secrets.NPM_TOKEN }}",
        "env-reference",
        false,
    );
    ci.line("      - run: npm test").line("        env:");
    let mut chunk = take(&mut secrets, 3);
    chunk.extend(take(&mut decoys, 4));
    for it in &chunk {
        let text = format!("          {}: {}", it.name, it.assigned);
        ci.plant(text, &it.value, it.kind, it.secret);
    }
    w.write(&ci);

    let mut deploy = Doc::new("scripts/deploy.sh");
    deploy.line("#!/usr/bin/env bash").line("set -euo pipefail");
    let mut chunk = take(&mut secrets, 8);
    chunk.extend(take(&mut decoys, 8));
    rng.shuffle(&mut chunk);
    deploy.items(&chunk, Style::Sh, &mut rng);
    deploy.line("./bin/release \"$GIT_COMMIT\"");
    w.write(&deploy);

    let mut service = Doc::new("backend/src/services/clients.ts");
    service.line("import Stripe from \"stripe\";").line("");
    let mut chunk = take(&mut secrets, 8);
    chunk.extend(take(&mut decoys, 8));
    rng.shuffle(&mut chunk);
    for it in &chunk {
        let text = format!("export const {} = {};", it.name, ts_value(it));
        service.plant(text, &it.value, it.kind, it.secret);
    }
    w.write(&service);

    let mut worker = Doc::new("worker/settings.py");
    let mut chunk = take(&mut secrets, 8);
    chunk.extend(take(&mut decoys, 8));
    rng.shuffle(&mut chunk);
    worker.items(&chunk, Style::Py, &mut rng);
    w.write(&worker);
    w.commit(BOB, "CI, deploy script, clients");

    // 6. the rest, spread over a few more files and commits; one of them deleted later
    let mut n = 0;
    while !secrets.is_empty() || !decoys.is_empty() {
        let (path, style) = match n % 5 {
            0 => (format!("config/services/{n}.yml"), Style::Yaml),
            1 => (format!("backend/app/integrations_{n}.py"), Style::Py),
            2 => (format!("ops/env/{n}.env"), Style::Env),
            3 => (format!("web/src/integrations/{n}.ts"), Style::Ts),
            _ => (format!("docs/setup_{n}.md"), Style::Sh),
        };
        let mut d = Doc::new(&path);
        if style == Style::Yaml {
            d.line("integrations:");
        }
        if style == Style::Sh {
            d.line("# Setup").line("").line("```bash");
        }
        let mut chunk = take(&mut secrets, 7);
        chunk.extend(take(&mut decoys, 10));
        rng.shuffle(&mut chunk);
        d.items(&chunk, style, &mut rng);
        if style == Style::Sh {
            d.line("```");
        }
        w.write(&d);
        w.commit(
            if n % 2 == 0 { CAROL } else { ALICE },
            &format!("Integration {n}"),
        );
        n += 1;
    }
    if n > 2 {
        w.remove("ops/env/2.env");
        w.commit(ALICE, "Remove the staging env file");
    }

    Corpus {
        labels: w.labels,
        commits: w.commits,
    }
}

/// The default seed used by the tests, the example and the benchmark.
pub const SEED: u64 = 0x5EC2_E7C0_2026;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_reference() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn base64_encodes() {
        assert_eq!(base64(b"foobar", false, true), "Zm9vYmFy");
        assert_eq!(base64(b"fooba", false, true), "Zm9vYmE=");
        assert_eq!(base64(b"foob", true, false), "Zm9vYg");
    }

    #[test]
    fn labels_point_at_their_lines() {
        let mut f = Fixture::new();
        let corpus = build(&mut f, SEED);
        for l in corpus.labels.iter().filter(|l| l.in_head()) {
            let text = std::fs::read_to_string(f.path().join(&l.path)).unwrap();
            let line = text.lines().nth(l.line as usize - 1).unwrap();
            let first = l.value.lines().next().unwrap();
            assert!(
                line.contains(first.trim()),
                "{}:{} {line} / {first}",
                l.path,
                l.line
            );
        }
        assert!(corpus.secrets().count() >= 150);
        assert!(corpus.decoys().count() >= 300);
    }
}
