//! DOC: documentation and onboarding.

pub mod readme;
