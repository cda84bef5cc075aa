//! DOC: documentation and onboarding.

pub mod operations_docs;
pub mod readme;
