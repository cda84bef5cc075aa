//! QUA: technical debt and code quality.

pub mod code_style;
pub mod debt_markers;
pub mod duplication;
pub mod hotspots;
pub mod huge_files;
pub mod tangled_functions;
pub mod tests_kept_up;
pub mod tests_presence;

/// Paths that hold business-critical code (QUA-04's name list): payments, login, accounts.
pub fn is_critical_path(path: &str) -> bool {
    const WORDS: &[&str] = &[
        "pay",
        "billing",
        "invoice",
        "checkout",
        "subscription",
        "stripe",
        "paddle",
        "refund",
        "auth",
        "login",
        "signup",
        "register",
        "password",
        "session",
        "token",
        "permission",
        "admin",
        "webhook",
        "gdpr",
    ];
    let lower = path.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}
