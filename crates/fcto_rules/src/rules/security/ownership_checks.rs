//! SEC-17: data access without ownership checks (a heuristic, to review).

use super::pattern_groups::{collapsed, hit_lines, product_hits, report_hits};
use crate::{Analysis, Emitter};
use fcto_facts::code_patterns::PatternHit;
use fcto_model::{RuleDocs, Severity};
use std::collections::{BTreeMap, HashSet};

pub const DOCS: RuleDocs = RuleDocs {
    what: "A heuristic, to review. Looks for records loaded, changed or deleted by an id the \
           client sends: `Model.findById(req.params.id)`, Prisma `findUnique({ where: { id: \
           params.id } })`, Rails `Model.find(params[:id])`, Django \
           `get_object_or_404(Model, pk=pk)` and `Model.objects.get(pk=...)`, Flask \
           `Model.query.get(id)`, Laravel `Model::findOrFail($id)`, Spring \
           `repository.findById(id)`, EF Core `FindAsync(id)`. Calls with a plain `id` \
           variable count only in request handlers (paths naming controllers, views, routes, \
           handlers, endpoints, resources, `api` or `pages`). fcto reads lines, not functions: \
           a file is reported only when nothing in it refers to the current user, a tenant or \
           an authorisation policy (`req.user`, `current_user`, `request.user`, `user_id`, \
           `tenant_id`, `org_id`, `authorize`, `policy_scope`, Pundit, CanCan, \
           `permission_classes`, `@PreAuthorize`, `Gate::`, `->user()`, `getServerSession`, \
           tRPC `protectedProcedure`...). So a file with one checked handler and one unchecked \
           one is not reported, and checks done in a middleware, a base class or a scoped \
           query elsewhere are not seen: confidence is medium either way. Tests, examples and \
           docs are left out.",
    why: "A logged-in user may be able to see or change another customer's data just by \
          changing a number in the address bar: the most common serious flaw in web APIs \
          (OWASP API1, broken object level authorisation).",
    how_to_fix: "Load records through the current user or tenant \
                 (`current_user.invoices.find(id)`, `where: { id, ownerId: user.id }`), or \
                 check a policy before using the record (`authorize @invoice`, \
                 `has_object_permission`, `@PreAuthorize`). If the checks live elsewhere (a \
                 middleware, a base class), note it so reviewers know.",
    options: "None.",
};

const RULE: &str = "SEC017";

/// Whether a path looks like a request handler (a controller, a view, a route).
fn is_handler(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split(['/', '.', '_', '-']).any(|part| {
        matches!(
            part,
            "controller"
                | "controllers"
                | "views"
                | "view"
                | "viewsets"
                | "routes"
                | "route"
                | "routers"
                | "router"
                | "api"
                | "handlers"
                | "handler"
                | "endpoints"
                | "resources"
                | "pages"
        )
    }) || lower.contains("controller")
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let hits = product_hits(a, RULE);
    let guarded: HashSet<&str> = hits
        .iter()
        .filter(|(_, p)| p.id == "access-guard")
        .map(|(h, _)| h.path.as_str())
        .collect();
    let mut files: BTreeMap<&str, Vec<&PatternHit>> = BTreeMap::new();
    for (h, p) in &hits {
        if p.id == "access-guard" || guarded.contains(h.path.as_str()) {
            continue;
        }
        // A plain `id` variable is read as client-supplied only in a request handler.
        if p.id.ends_with("-id") && !is_handler(&h.path) {
            continue;
        }
        files.entry(&h.path).or_default().push(h);
    }
    for (path, found) in files {
        let first: String = collapsed(&found[0].text).chars().take(80).collect();
        let more = if found.len() > 1 {
            format!(" and {} more", found.len() - 1)
        } else {
            String::new()
        };
        report_hits(
            e,
            Severity::High,
            format!(
                "To review: `{path}` loads or changes records by an id the client sends \
                 (`{first}`{more}, {}) and nothing in the file refers to the current user, a \
                 tenant or a policy; check that another customer's id is refused (medium \
                 confidence)",
                hit_lines(&found)
            ),
            path,
            "by-id",
            &found,
        );
    }
}
