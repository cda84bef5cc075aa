//! QUA-12: errors silently swallowed (empty handlers) or thrown away unread.

use super::{Code, Located, counts_by_name, is_critical_path, markers};
use crate::components::count;
use crate::{Analysis, Emitter};
use fcto_facts::syntax::MarkerKind;
use fcto_model::{Evidence, RuleDocs, Severity};

pub const DOCS: RuleDocs = RuleDocs {
    what: "Finds, in the product's code (tests, examples, generated and vendored files aside), \
           error handlers that do nothing: empty or comment-only `catch` blocks (JavaScript, \
           TypeScript, Java, Kotlin, C#, C++, PHP, Swift), `.catch(() => {})` and its kin, \
           Python's `except: pass` (not around an optional import) and bare `except:`, Ruby's \
           empty `rescue` and `rescue nil`, Go's empty `if err != nil {}`, PHP's `@` \
           operator. Errors thrown away unread on purpose (Go's `_ = f()`, Rust's `let _ =` \
           and `.ok();`, C's `(void)f()`) are counted apart and weigh less. Read from the \
           syntax tree; handlers in business-critical files (payments, login, accounts, \
           webhooks) are listed first. Medium when at least `medium_count` handlers without \
           a comment swallow errors, or one does in a business-critical file; low otherwise; \
           information when errors are only thrown away on purpose.",
    why: "Errors that are hidden instead of handled turn into \"the app says success but \
          nothing happened\" reports that take days to trace.",
    how_to_fix: "Log every caught error with its context, or let it propagate; where ignoring \
                 is right, say why in the handler. Start with the business-critical files.",
    options: "`medium_count` (default 3) empty handlers without a comment.",
};

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let mut swallowed = markers(a, Code::Production, &[MarkerKind::SwallowedError]);
    let discarded = markers(a, Code::Production, &[MarkerKind::DiscardedError]);
    if swallowed.is_empty() && discarded.is_empty() {
        return;
    }
    // Business-critical files first, then by path and line.
    swallowed.sort_by_key(|l| (!is_critical_path(l.path), l.path, l.marker.line));
    let critical = swallowed
        .iter()
        .filter(|l| is_critical_path(l.path))
        .count();
    let silent = swallowed.iter().filter(|l| !l.marker.commented).count();
    let severity = if swallowed.is_empty() {
        Severity::Info
    } else if silent as f64 >= e.option("medium_count") || critical > 0 {
        Severity::Medium
    } else {
        Severity::Low
    };
    let mut parts = Vec::new();
    if !swallowed.is_empty() {
        let mut part = format!(
            "{} in production code {} errors ({})",
            count(swallowed.len(), "error handler", "error handlers"),
            if swallowed.len() == 1 {
                "swallows"
            } else {
                "swallow"
            },
            counts_by_name(&swallowed)
        );
        let commented = swallowed.len() - silent;
        if swallowed.len() == 1 && commented == 1 {
            part.push_str("; it says why in a comment");
        } else if commented > 0 {
            part.push_str(&format!(
                "; {commented} of them {} why in a comment",
                if commented == 1 { "says" } else { "say" }
            ));
        }
        if critical > 0 {
            part.push_str(&format!("; {critical} in business-critical files"));
        }
        parts.push(part);
    }
    if !discarded.is_empty() {
        parts.push(format!(
            "{} thrown away unread ({})",
            count(discarded.len(), "result", "results"),
            counts_by_name(&discarded)
        ));
    }
    let note = |l: &Located<'_>| {
        let mut note = l.marker.name.to_string();
        if l.marker.commented {
            note.push_str(", with a comment");
        }
        if is_critical_path(l.path) {
            note.push_str(", business-critical file");
        }
        note
    };
    let evidence: Vec<Evidence> = swallowed
        .iter()
        .take(15)
        .chain(discarded.iter().take(5))
        .map(|l| Evidence::line(l.path, l.marker.line).with_note(note(l)))
        .collect();
    e.report_summary(severity, parts.join("; "), evidence, "swallowed-errors");
}
