//! The company context from `fcto.toml`: stage, markets, headcount, people who left.

use crate::Stage;
use serde::{Deserialize, Serialize};

/// Where the context came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ContextSource {
    /// No context file: an MVP-stage startup is assumed, and the report says so.
    Assumed,
    /// Read from this file.
    File { path: String },
}

/// What the user told fcto about the company (product.md, "Company stage and context").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyContext {
    pub source: ContextSource,
    pub stage: Stage,
    pub markets: Vec<String>,
    pub handles: Vec<String>,
    pub engineers: Option<u32>,
    pub uses_agency: Option<bool>,
    pub kpis: Vec<String>,
    /// People who have left, by email or name; their code counts as left behind.
    pub departed: Vec<String>,
}

impl Default for CompanyContext {
    fn default() -> Self {
        CompanyContext {
            source: ContextSource::Assumed,
            stage: Stage::Mvp,
            markets: Vec::new(),
            handles: Vec::new(),
            engineers: None,
            uses_agency: None,
            kpis: Vec::new(),
            departed: Vec::new(),
        }
    }
}

impl CompanyContext {
    /// Whether the stage was assumed rather than given.
    pub fn is_assumed(&self) -> bool {
        self.source == ContextSource::Assumed
    }
}
