//! SEC-16: web protections switched off or missing: cookie flags, CSRF protection and security
//! response headers.

use super::pattern_groups::{plain_line_list, rule_hits, unique_texts};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::code_patterns::{PatternHit, PatternSet};
use fcto_facts::stack::Manifest;
use fcto_model::{Evidence, RuleDocs, Severity};
use std::collections::BTreeMap;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the code and settings for web protections switched off: session and CSRF \
           cookies without `Secure`/`HttpOnly` (Django and Flask `SESSION_COOKIE_SECURE = \
           False`..., Express `cookie: { secure: false }` and `res.cookie(…, { httpOnly: false \
           })`, Laravel `config/session.php`, ASP.NET Core `CookieSecurePolicy.None`, Go \
           `http.Cookie{Secure: false}`), cookies with `SameSite=None` but no `Secure`; CSRF \
           protection disabled (Spring Security `csrf().disable()` unless the same \
           configuration is stateless, Laravel `$except = ['*']`, Rails \
           `allow_forgery_protection = false`, and, as low findings to review, per-view \
           exemptions: Django `@csrf_exempt`, Flask-WTF `@csrf.exempt`, Rails \
           `skip_before_action :verify_authenticity_token` outside the application \
           controller); Rails production settings with `config.force_ssl = false`. It also \
           reports protections that are missing, from what the repository shows: an \
           application manifest declaring Express, Fastify, Koa, NestJS or Next.js without a \
           security-headers package (`helmet`, `@fastify/helmet`, `koa-helmet`, `lusca`, \
           `next-secure-headers`, `@next-safe/middleware`, `@nosecone/next`) while no file sets \
           a `Content-Security-Policy`, `Strict-Transport-Security`, `X-Frame-Options` or \
           `X-Content-Type-Options` header; a Django settings module whose `MIDDLEWARE` list \
           leaves out `SecurityMiddleware` (named nowhere in the code), or settings that never \
           assign `SESSION_COOKIE_SECURE`/`CSRF_COOKIE_SECURE`. Test code, examples, docs and \
           development or test settings files (`local`, `dev`, `development`, `test` in the \
           name) are left out. One finding per file and kind of problem lists the lines.",
    why: "These defaults are cheap protections against common attacks that steal logged-in \
          sessions: a cookie without `Secure` travels over plain HTTP, one without `HttpOnly` \
          can be read by any injected script, and without CSRF protection another website can \
          submit forms as your logged-in users.",
    how_to_fix: "Set `Secure` and `HttpOnly` on session cookies (Django \
                 `SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True`; Express \
                 `cookie: { secure: true, httpOnly: true, sameSite: 'lax' }`), keep CSRF \
                 protection on for anything a browser calls with cookies (exempt only \
                 webhooks that verify a signature), add `helmet()` (Express), \
                 `SecurityMiddleware` (Django) or a `headers()` block with a \
                 Content-Security-Policy (Next.js), and enforce HTTPS (`config.force_ssl = \
                 true`). Run `python manage.py check --deploy` for Django.",
    options: "None.",
};

const RULE: &str = "SEC016";

/// Patterns that are context for the checks (a middleware list, a header set somewhere), not
/// problems.
const CONTEXT: &[&str] = &[
    "sec016-django-cookie-secure-set",
    "sec016-django-middleware-list",
    "sec016-django-security-middleware",
    "sec016-spring-stateless",
    "sec016-security-header-set",
];

/// Framework packages of Node.js web apps, and the packages that set security headers for them.
const NODE_FRAMEWORKS: &[(&str, &str)] = &[
    ("express", "Express"),
    ("fastify", "Fastify"),
    ("koa", "Koa"),
    ("@nestjs/core", "NestJS"),
    ("next", "Next.js"),
];
const HEADER_PACKAGES: &[&str] = &[
    "helmet",
    "@fastify/helmet",
    "fastify-helmet",
    "koa-helmet",
    "lusca",
    "next-secure-headers",
    "@next-safe/middleware",
    "@nosecone/next",
    "nosecone",
];

/// Settings files for development or tests (`settings/local.py`, `environments/test.rb`,
/// `config/dev.py`): insecure values there are expected.
fn is_development_settings(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    stem.split(['_', '-']).any(|w| {
        matches!(
            w,
            "local" | "dev" | "development" | "test" | "testing" | "tests"
        )
    })
}

/// Whether hits in the file count: not tests, examples, docs (folders or prose files such as
/// a changelog) or development settings.
fn counts(path: &str) -> bool {
    super::pattern_groups::is_product_source(path) && !is_development_settings(path)
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let set = PatternSet::builtin();
    let id_of = |h: &PatternHit| set.patterns[h.pattern].id.as_str();
    let hits: Vec<&PatternHit> = rule_hits(a, RULE)
        .filter(|(h, _)| counts(&h.path))
        .map(|(h, _)| h)
        .collect();
    let stateless: Vec<&str> = hits
        .iter()
        .filter(|h| id_of(h) == "sec016-spring-stateless")
        .map(|h| h.path.as_str())
        .collect();
    // (path, pattern) → hits
    let mut groups: BTreeMap<(&str, usize), Vec<&PatternHit>> = BTreeMap::new();
    for h in &hits {
        let keep = match id_of(h) {
            "sec016-spring-csrf-disabled" => !stateless.contains(&h.path.as_str()),
            "sec016-js-samesite-none" | "sec016-set-cookie-samesite-none" => h
                .value
                .as_deref()
                .is_some_and(|v| !v.to_ascii_lowercase().contains("secure")),
            id => !CONTEXT.contains(&id),
        };
        if keep {
            groups.entry((&h.path, h.pattern)).or_default().push(h);
        }
    }
    for ((path, pattern), found) in groups {
        report_settings(e, set, path, pattern, &found);
    }
    missing_headers(a, e, &hits, set);
    django_settings(a, e, &hits, set);
}

/// One finding for the hits of one pattern in one file.
fn report_settings(
    e: &mut Emitter<'_>,
    set: &PatternSet,
    path: &str,
    pattern: usize,
    found: &[&PatternHit],
) {
    let p = &set.patterns[pattern];
    let exemption = p.id == "sec016-csrf-exempt"
        || (p.id == "sec016-rails-forgery-skipped"
            && !path.ends_with("application_controller.rb")
            && found
                .iter()
                .all(|h| !h.text.contains("allow_forgery_protection")));
    let severity = if exemption {
        Severity::Low
    } else {
        Severity::Medium
    };
    let lines: Vec<u32> = found.iter().map(|h| h.line).collect();
    let mut values: Vec<String> = found
        .iter()
        .filter_map(|h| h.value.as_deref())
        .filter(|v| v.len() <= 40)
        .map(|v| format!("`{v}`"))
        .collect();
    values.sort();
    values.dedup();
    let mut message = format!(
        "In `{path}`, {} ({})",
        p.description,
        plain_line_list(&lines)
    );
    if !values.is_empty() {
        message.push_str(&format!(": {}", values.join(", ")));
    }
    if exemption {
        message.push_str(
            "; to review: fine for webhooks that verify a signature, not for forms or \
             cookie-authenticated calls",
        );
    } else if p.id == "sec016-spring-csrf-disabled" {
        message.push_str(
            "; to review: fine only for an API that no browser calls with cookies (no \
             stateless session policy is set in this file)",
        );
    }
    let texts = unique_texts(found);
    let evidence = found.iter().map(|h| Evidence::line(path, h.line)).collect();
    e.report_with(
        severity,
        message,
        evidence,
        &format!("{} {}", p.id, texts.join(" | ")),
    );
}

/// Node.js web apps declared without a security-headers package while no file sets a security
/// header.
fn missing_headers(a: &Analysis<'_>, e: &mut Emitter<'_>, hits: &[&PatternHit], set: &PatternSet) {
    let headers_set = hits
        .iter()
        .any(|h| set.patterns[h.pattern].id == "sec016-security-header-set");
    if headers_set {
        return;
    }
    let npm: Vec<&Manifest> = a
        .facts
        .stack
        .product_manifests()
        .filter(|m| m.ecosystem == "npm")
        .collect();
    let has_header_package = npm.iter().any(|m| {
        m.dependencies
            .iter()
            .any(|d| HEADER_PACKAGES.contains(&d.name.as_str()))
    });
    if has_header_package {
        return;
    }
    for m in npm
        .iter()
        .filter(|m| !m.library && !is_test_path(&m.path) && !is_workspace_root(a, m))
    {
        let Some((d, framework)) = m.dependencies.iter().filter(|d| !d.dev).find_map(|d| {
            NODE_FRAMEWORKS
                .iter()
                .find(|(p, _)| *p == d.name)
                .map(|(_, f)| (d, *f))
        }) else {
            continue;
        };
        let (package, header) = if framework == "Next.js" {
            (
                "a `headers()` block or middleware",
                "Content-Security-Policy",
            )
        } else if framework == "Fastify" {
            ("`@fastify/helmet`", "security")
        } else if framework == "Koa" {
            ("`koa-helmet`", "security")
        } else {
            ("`helmet`", "security")
        };
        let evidence = match d.line {
            Some(l) => Evidence::line(&m.path, l),
            None => Evidence::file(&m.path),
        };
        e.report_with(
            Severity::Medium,
            format!(
                "`{}` declares {framework} but no security-headers package (checked: {}), and \
                 no file of the code sets a {header} header; add {package} (to review if a \
                 proxy or CDN sets the headers)",
                m.path,
                HEADER_PACKAGES
                    .iter()
                    .take(4)
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + "...",
            ),
            vec![evidence],
            &format!("missing headers {framework}"),
        );
    }
}

/// A monorepo's root manifest (npm/Yarn `workspaces`, a `pnpm-workspace.yaml` beside it): its
/// dependencies are tooling shared by the packages, not an application.
fn is_workspace_root(a: &Analysis<'_>, m: &Manifest) -> bool {
    let dir = m.path.rsplit_once('/').map_or("", |(d, _)| d);
    let pnpm = if dir.is_empty() {
        "pnpm-workspace.yaml".to_string()
    } else {
        format!("{dir}/pnpm-workspace.yaml")
    };
    a.facts.inventory.file(&pnpm).is_some()
        || a.facts
            .inventory
            .document_text(&m.path)
            .is_some_and(|t| t.contains("\"workspaces\""))
}

/// Django settings modules that leave out `SecurityMiddleware` or never set the cookie flags.
fn django_settings(a: &Analysis<'_>, e: &mut Emitter<'_>, hits: &[&PatternHit], set: &PatternSet) {
    if !a.facts.stack.has("framework", "Django") {
        return;
    }
    let named = |id: &str| hits.iter().any(|h| set.patterns[h.pattern].id == id);
    let middleware = named("sec016-django-security-middleware");
    let cookies = named("sec016-django-cookie-secure-set");
    if middleware && cookies {
        return;
    }
    for h in hits
        .iter()
        .filter(|h| set.patterns[h.pattern].id == "sec016-django-middleware-list")
    {
        let mut missing = Vec::new();
        if !middleware {
            missing.push("`django.middleware.security.SecurityMiddleware` in `MIDDLEWARE`");
        }
        if !cookies {
            missing.push("`SESSION_COOKIE_SECURE` and `CSRF_COOKIE_SECURE` (assigned nowhere)");
        }
        e.report_with(
            Severity::Medium,
            format!(
                "Django settings `{}` leave out {} (checked every Python file outside tests); \
                 `python manage.py check --deploy` lists the rest",
                h.path,
                missing.join(" and ")
            ),
            vec![Evidence::line(&h.path, h.line)],
            &format!("django settings {}", missing.join(" ")),
        );
    }
}
