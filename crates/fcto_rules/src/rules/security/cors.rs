//! SEC-13: CORS open to every website.

use super::pattern_groups::{hit_lines, product_hits, report_hits};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::PatternHit;
use fcto_model::{RuleDocs, Severity};
use std::collections::{BTreeMap, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Looks for cross-origin (CORS) settings that let every website call the API: the \
           `Access-Control-Allow-Origin` header set to `*` or copied from the request's \
           `Origin`; Express `cors()` with no options, `origin: '*'`, `origin: true` or a \
           callback that always accepts; Django `CORS_ALLOW_ALL_ORIGINS = True`; FastAPI \
           `allow_origins=[\"*\"]`; Flask-CORS `CORS(app)` without `origins`; Spring \
           `@CrossOrigin` without `origins` and `allowedOrigins(\"*\")`; ASP.NET Core \
           `AllowAnyOrigin()` and `SetIsOriginAllowed(_ => true)`; Go `AllowAllOrigins`, \
           `cors.Default()`; rack-cors `origins '*'`; Laravel `'allowed_origins' => ['*']`; \
           tower-http/actix permissive layers; Vapor `.all`. High when the origin is sent back \
           (reflected), or when `*` sits in a file that also allows credentials (cookies): then \
           any site can act as the logged-in user. Medium for a plain `*`. The catalogue rates \
           a plain `*` low for a public, read-only API; fcto cannot tell whether an API is \
           public, so it reports medium and leaves that judgement to you. Reflection from the \
           `Origin` header is reported even when an allow-list check sits on an earlier line \
           fcto does not read: check it. Tests, examples and docs are left out.",
    why: "A loose CORS setting lets any website your users visit call your API in their name \
          and read the answers: their data, their tokens.",
    how_to_fix: "List the origins that may call the API (your own front ends) instead of `*` or \
                 echoing the `Origin` header, and allow credentials only for those. A public, \
                 read-only API without cookies may keep `*`: say so in a comment.",
    options: "None.",
};

const RULE: &str = "SEC013";

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let hits = product_hits(a, RULE);
    let with_credentials: HashSet<&str> = hits
        .iter()
        .filter(|(_, p)| p.id.ends_with("-credentials"))
        .map(|(h, _)| h.path.as_str())
        .collect();
    // (path, reflected) → hits
    let mut groups: BTreeMap<(&str, bool), Vec<&PatternHit>> = BTreeMap::new();
    for (h, p) in &hits {
        let reflected = p.id.ends_with("-reflect");
        if reflected || p.id.ends_with("-any") {
            groups.entry((&h.path, reflected)).or_default().push(h);
        }
    }
    for ((path, reflected), found) in groups {
        let credentials = with_credentials.contains(path);
        let at = format!("`{path}` ({})", hit_lines(&found));
        let (severity, message) = match (reflected, credentials) {
            (true, true) => (
                Severity::High,
                format!(
                    "CORS sends every requesting origin back as allowed, with credentials, in \
                     {at}: any website can call the API as the logged-in user"
                ),
            ),
            (true, false) => (
                Severity::High,
                format!(
                    "CORS sends every requesting origin back as allowed in {at}: any website \
                     can call the API and read the answers (check no allow-list guards it)"
                ),
            ),
            (false, true) => (
                Severity::High,
                format!(
                    "CORS allows every origin (`*`) in {at}, and the same file allows \
                     credentials: check no website can call the API as the logged-in user"
                ),
            ),
            (false, false) => (
                Severity::Medium,
                format!(
                    "CORS allows every origin (`*`) in {at}: fine for a public read-only API, \
                     not for one behind a login (fcto cannot tell which)"
                ),
            ),
        };
        let prefix = if reflected { "reflect" } else { "any" };
        report_hits(e, severity, message, path, prefix, &found);
    }
}
