//! SEC-04: secret keys shipped to the browser or the mobile app.

use super::pattern_groups::{hit_lines, product_hits, report_hits};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::code_patterns::PatternHit;
use fcto_facts::secrets::{self, Confidence};
use fcto_facts::stack::is_auxiliary_path;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::{BTreeMap, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for secrets that end up in what the browser or the phone downloads: \
           environment variables whose prefix makes the bundler ship them to the browser \
           (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, `EXPO_PUBLIC_`, `NUXT_PUBLIC_`, `GATSBY_`, \
           `VUE_APP_`, `PUBLIC_`) and whose name says they are secret (`SECRET`, `PRIVATE_KEY`, \
           `SERVICE_ROLE`, `PASSWORD`, `ADMIN_TOKEN`, `OPENAI_API_KEY`, `STRIPE_SK`...), in \
           code, `.env` files, CI and Docker files; the OpenAI/Anthropic SDKs told to run in the \
           browser (`dangerouslyAllowBrowser: true`); Supabase's admin API (`auth.admin.*`, \
           which needs the service-role key) in client code; and, when the secret scan ran, \
           provider keys SEC-01 finds (high confidence, high severity or more, not test or \
           publishable keys; Google API keys are left out as Firebase and Maps browser keys \
           are public by design) in client code. Client code is: React client components \
           (`\"use client\"`), `public/` folders, `ios/` and `android/`, Flutter's `lib/`, and \
           `.jsx`/`.tsx`/`.vue`/`.svelte` files under `src/`, `components/` or `pages/` (not \
           under `app/` without `\"use client\"`, `api/`, `server/` or `*.server.*`). Plain \
           `.js`/`.ts` files are not judged client code unless they say `\"use client\"`. \
           Tests, examples and docs are left out.",
    why: "Anything shipped to the browser or the phone can be read by any visitor, who can then \
          use your paid AI or payment accounts, or your database's admin access, as you.",
    how_to_fix: "Move the call that needs the key to your server (an API route, a server \
                 action, an edge function) and have the client call that; keep the key in a \
                 variable without the public prefix. Revoke and replace any key that was \
                 shipped: it is in every copy of the app already downloaded.",
    options: "None.",
};

const RULE: &str = "SEC004";

/// Rules of the secret scan whose keys are meant to be public in client code: Google API keys
/// of Firebase and Maps, restricted by the referrer or app.
const PUBLIC_BY_DESIGN: &[&str] = &["gcp-api-key"];

/// Why `path` is client code (shipped to the browser or the phone), if it is.
fn client_side(path: &str, client_components: &HashSet<&str>) -> Option<&'static str> {
    if client_components.contains(path) {
        return Some("a React client component");
    }
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let dirs: Vec<&str> = dirs.split('/').collect();
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let server = name.contains(".server.")
        || dirs
            .iter()
            .any(|d| matches!(*d, "api" | "server" | "functions" | "supabase"));
    if server {
        return None;
    }
    if dirs.contains(&"public") {
        return Some("a public folder, served as is");
    }
    if dirs.contains(&"ios") || dirs.contains(&"android") {
        return Some("the mobile app");
    }
    if extension == "dart" && dirs.contains(&"lib") {
        return Some("the Flutter app");
    }
    let component = matches!(extension, "jsx" | "tsx" | "vue" | "svelte");
    let front_end_dir = dirs
        .iter()
        .any(|d| matches!(*d, "src" | "components" | "pages"));
    // Next.js renders `app/` components on the server unless they say "use client".
    (component && front_end_dir && !dirs.contains(&"app")).then_some("front-end code")
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let hits = product_hits(a, RULE);
    let client_components: HashSet<&str> = hits
        .iter()
        .filter(|(_, p)| p.id == "client-component-directive")
        .map(|(h, _)| h.path.as_str())
        .collect();
    let mut variables: BTreeMap<&str, Vec<&PatternHit>> = BTreeMap::new();
    let mut in_browser: BTreeMap<&str, Vec<&PatternHit>> = BTreeMap::new();
    let mut admin: BTreeMap<&str, Vec<&PatternHit>> = BTreeMap::new();
    for (h, p) in &hits {
        match p.id.as_str() {
            "public-env-secret" => {
                if let Some(name) = h.value.as_deref() {
                    variables.entry(name).or_default().push(h);
                }
            }
            "llm-sdk-in-browser" => in_browser.entry(&h.path).or_default().push(h),
            "supabase-admin-api" if client_side(&h.path, &client_components).is_some() => {
                admin.entry(&h.path).or_default().push(h);
            }
            _ => {}
        }
    }
    for (name, found) in variables {
        report_variable(e, name, &found);
    }
    for (path, found) in in_browser {
        report_hits(
            e,
            Severity::Critical,
            format!(
                "An AI provider's SDK is set to run in the browser (`dangerouslyAllowBrowser: \
                 true`) in `{path}` ({}): the account's API key is shipped to every visitor",
                hit_lines(&found)
            ),
            path,
            "llm-sdk-in-browser",
            &found,
        );
    }
    for (path, found) in admin {
        let why = client_side(path, &client_components).unwrap_or("client code");
        report_hits(
            e,
            Severity::Critical,
            format!(
                "Supabase's admin API (`auth.admin`) is called in {why}, `{path}` ({}): it \
                 needs the service-role key, which then ships with the app and bypasses every \
                 row level security policy",
                hit_lines(&found)
            ),
            path,
            "supabase-admin-api",
            &found,
        );
    }
    scanned_secrets(a, e, &client_components);
}

/// One finding per public variable with a secret name, listing where it is set and read.
fn report_variable(e: &mut Emitter<'_>, name: &str, found: &[&PatternHit]) {
    let mut places: Vec<String> = found
        .iter()
        .map(|h| format!("`{}:{}`", h.path, h.line))
        .collect();
    places.dedup();
    let shown = places.len().min(3);
    let more = if places.len() > shown {
        format!(" and {} more", places.len() - shown)
    } else {
        String::new()
    };
    let prefix = name.split('_').next().unwrap_or(name);
    let prefix = match prefix {
        "NEXT" | "EXPO" | "NUXT" | "REACT" | "VUE" => {
            name.splitn(3, '_').take(2).collect::<Vec<_>>().join("_")
        }
        _ => prefix.to_string(),
    };
    e.report_with(
        Severity::Critical,
        format!(
            "`{name}` looks like a secret but its `{prefix}_` prefix makes the bundler ship it \
             to the browser, where any visitor can read it ({}{more})",
            places[..shown].join(", ")
        ),
        found
            .iter()
            .map(|h| Evidence::line(&h.path, h.line))
            .collect(),
        &format!("public-env-secret|{name}"),
    );
}

/// Provider keys the secret scan found in client code.
fn scanned_secrets(a: &Analysis<'_>, e: &mut Emitter<'_>, client_components: &HashSet<&str>) {
    let Some(scan) = &a.facts.secrets else {
        return;
    };
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for f in &a.facts.inventory.secrets {
        let Some(rule) = scan.rules.rules.get(f.rule) else {
            continue;
        };
        let serious = rule.confidence == Confidence::High
            && rule.severity >= secrets::Severity::High
            && !PUBLIC_BY_DESIGN.contains(&rule.id.as_str());
        if !serious || f.test_mode || f.allowed || is_test_path(&f.path) {
            continue;
        }
        if is_auxiliary_path(&f.path) || !seen.insert((f.path.as_str(), f.secret.as_str())) {
            continue;
        }
        let Some(why) = client_side(&f.path, client_components) else {
            continue;
        };
        let masked = secrets::mask(&f.secret);
        e.report_with(
            Severity::Critical,
            format!(
                "{} `{masked}` is in {why}, `{}` line {}: it ships to every user of the app",
                rule.name, f.path, f.line
            ),
            vec![Evidence::line(&f.path, f.line)],
            &format!("scanned|{}|{masked}", rule.id),
        );
    }
}
