//! QUA: technical debt and code quality.

pub mod code_style;
pub mod debt_markers;
pub mod hotspots;
pub mod huge_files;

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

/// Test code by path or name, per language conventions (QUA-01's list).
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs = [
        "test/",
        "tests/",
        "spec/",
        "__tests__/",
        "e2e/",
        "cypress/",
        "playwright/",
        "testdata/",
    ];
    dirs.iter()
        .any(|d| lower.starts_with(d) || lower.contains(&format!("/{d}")))
        || lower.contains("src/test/")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains("_test.")
        || name.contains("_spec.")
        || (name.starts_with("test_") && name.ends_with(".py"))
        || [".java", ".kt", ".cs"].iter().any(|x| {
            let stem = path.rsplit('/').next().unwrap_or(path);
            stem.ends_with(&format!("Test{x}")) || stem.ends_with(&format!("Tests{x}"))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_paths() {
        for p in [
            "tests/api.rs",
            "src/app.test.ts",
            "pkg/x_test.go",
            "api/test_views.py",
            "spec/models/user_spec.rb",
            "src/test/java/AppTest.java",
            "Foo/BarTests.cs",
        ] {
            assert!(super::is_test_path(p), "{p}");
        }
        for p in ["src/testing.rs", "src/contest.py", "lib/attestation.ts"] {
            assert!(!super::is_test_path(p), "{p}");
        }
    }
}
