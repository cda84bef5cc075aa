//! Findings ──▶ assessment ──▶ renderers.
//!
//! [`assess`] turns what the rules found into what a CTO would say: a score per area weighted by
//! the company's stage, the findings ranked, the first five things to do and a plain-language
//! summary. [`render`] writes that [`Assessment`] as terminal text, Markdown or JSON; renderers
//! only read the assessment and never analyse anything.
//!
//! How scores and ranks are computed is documented in `docs/scoring.md` and in
//! [`assessment::scoring`].

pub mod assessment;
mod human;
pub mod render;

pub use assessment::{AssessmentInput, assess};
pub use render::{Format, RenderOptions, render};

pub use fcto_model::Assessment;
