use super::*;

fn rule_index(set: &RuleSet, id: &str) -> usize {
    set.rules.iter().position(|r| r.id == id).expect("rule")
}

#[test]
fn every_rule_finds_its_examples_and_none_of_its_counter_examples() {
    let set = RuleSet::builtin();
    let mut failures = Vec::new();
    for (i, rule) in set.rules.iter().enumerate() {
        for example in &rule.examples {
            let found = set.scan(example.as_bytes());
            if !found.iter().any(|m| m.rule == i) {
                let by: Vec<&str> = found
                    .iter()
                    .map(|m| set.rules[m.rule].id.as_str())
                    .collect();
                failures.push(format!(
                    "{}: not found in {example:?} (found by {by:?})",
                    rule.id
                ));
            }
        }
        for counter in &rule.counter_examples {
            if set.scan(counter.as_bytes()).iter().any(|m| m.rule == i) {
                failures.push(format!("{}: found in counter-example {counter:?}", rule.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_are_many_distinct_and_documented() {
    let set = RuleSet::builtin();
    let mut ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate rule ids");
    let kinds = set
        .rules
        .iter()
        .filter(|r| r.category != Category::Generic)
        .count();
    assert!(kinds >= 60, "{kinds} kinds of credentials");
    for r in &set.rules {
        assert!(r.docs.starts_with("https://"), "{}: docs", r.id);
    }
}

#[test]
fn matches_carry_their_line_and_the_secret() {
    let set = RuleSet::builtin();
    let text = b"first line\nsecond\nkey = \"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\"\n"; // gitleaks:allow
    let found = set.scan(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].line, 3);
    assert_eq!(
        &text[found[0].start..found[0].end],
        found[0].secret.as_bytes()
    );
}

#[test]
fn checksums_are_verified() {
    // random part and its CRC32 in base62
    let body = "Yz3Fh8kL2mQ9wX4vB7nR1tJ6sD0cA5";
    let mut value = u64::from(crc32fast::hash(body.as_bytes()));
    let mut digits = Vec::new();
    for _ in 0..6 {
        digits.push(BASE62[(value % 62) as usize]);
        value /= 62;
    }
    digits.reverse();
    let check = String::from_utf8(digits).unwrap();
    assert!(crc32_base62_valid(format!("ghp_{body}{check}").as_bytes()));
    assert!(!crc32_base62_valid(format!("ghp_{body}000000").as_bytes()));
    assert!(!crc32_base62_valid(b"ghp_short"));
}

#[test]
fn masking_never_shows_more_than_eight_characters() {
    assert_eq!(
        mask("sk_live_51Hx7abcdEFGH9xQz"),
        "sk_l…9xQz (25 characters)"
    );
    assert_eq!(mask("hunter2hunter"), "hu…er (13 characters)");
    assert_eq!(mask("short"), "… (5 characters)");
}

#[test]
fn entropy_of_random_and_repetitive_text() {
    assert!(entropy(b"aaaaaaaa") < 0.01);
    assert!((entropy(b"abcd") - 2.0).abs() < 1e-9);
    assert!(entropy(b"Yz3Fh8kL2mQ9wX4vB7nR1tJ6") > 4.0);
}

#[test]
fn placeholders_are_no_secrets() {
    for p in [
        "AKIAIOSFODNN7EXAMPLE",
        "your_api_key_here",
        "${STRIPE_SECRET_KEY}",
        "process.env.OPENAI_API_KEY",
        "xxxxxxxxxxxxxxxxxxxx",
        "<your-token>",
        "changeme-changeme",
        "zzzzzzzzzzzzzzzzzz",
    ] {
        assert!(is_placeholder(p.as_bytes()), "{p}");
    }
    assert!(!is_placeholder(b"Yz3Fh8kL2mQ9wX4vB7nR1tJ6"));
}

#[test]
fn a_gitleaks_config_adds_rules_and_allowlists() {
    let config = r#"
title = "team rules"
[[rules]]
id = "acme-token"
description = "ACME internal token"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]
[[rules]]
id = "no-keywords"
regex = '''INTERNAL-[0-9]{8}-[A-Z]{6}'''
[allowlist]
stopwords = ["acme_fake"]
"#;
    let set = RuleSet::with_gitleaks_config(".gitleaks.toml", config).unwrap();
    let acme = rule_index(&set, "acme-token");
    let none = rule_index(&set, "no-keywords");
    let found = set.scan(b"token: acme_q8w7e6r5t4y3u2i1o0p9a8s7\nid INTERNAL-20240611-QWERTY\n");
    assert!(found.iter().any(|m| m.rule == acme), "{found:?}");
    assert!(found.iter().any(|m| m.rule == none), "{found:?}");
    assert!(set.rules[acme].custom);
    assert!(
        set.scan(b"acme_fakeq8w7e6r5t4y3u2i1o0p9")
            .iter()
            .all(|m| m.rule != acme)
    );

    let broken =
        RuleSet::with_gitleaks_config("x.toml", "[[rules]]\nid = \"p\"\npath = '''\\.pem$'''\n");
    let message = broken.unwrap_err().to_string();
    assert!(message.contains("no regex"), "{message}");
}

#[test]
fn json_web_tokens_are_recognised_by_their_header() {
    // {"alg":"HS256","typ":"JWT"} . {"role":"service_role"} . signature
    let token =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLWJ5dGVz"; // gitleaks:allow
    assert!(is_jwt(token.as_bytes()));
    assert_eq!(
        jwt_payload(token).as_deref(),
        Some(r#"{"role":"service_role"}"#)
    );
    assert!(!is_jwt(b"eyJub3RhIjoiand0In0.eyJ4IjoxfQ.c2ln")); // header without alg
    assert!(!is_jwt(b"abc.def"));
}

#[test]
fn an_inline_marker_accepts_the_secret_on_its_line() {
    let set = RuleSet::builtin();
    let text = b"a = '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'  # gitleaks:allow\n\
                 b = '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'\n"; // gitleaks:allow
    let found = set.scan(text);
    assert_eq!(
        found
            .iter()
            .map(|m| (m.line, m.allowed))
            .collect::<Vec<_>>(),
        vec![(1, true), (2, false)]
    );
}

#[test]
fn a_user_rule_beats_the_generic_rules_where_they_overlap() {
    let config =
        "[[rules]]\nid = \"acme-token\"\nregex = '''acme_[a-z0-9]{24}'''\nkeywords = [\"acme_\"]\n";
    let set = RuleSet::with_gitleaks_config(".gitleaks.toml", config).unwrap();
    let acme = rule_index(&set, "acme-token");
    let found = set.scan(b"api_token = \"acme_q8w7e6r5t4y3u2i1o0p9a8s7\"\n"); // gitleaks:allow
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, acme);
}
