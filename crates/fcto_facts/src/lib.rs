//! Reads a repository into facts: the files and their line counts, the stack, the git history,
//! and what follows from them (team, hotspots). All I/O on the analysed repository lives here.

pub mod analysis;
pub mod ci;
pub mod code_patterns;
pub mod config_files;
pub mod deps;
pub mod history;
pub mod inventory;
pub mod repo;
pub mod secrets;
pub mod stack;
pub mod syntax;

mod collect;

pub use collect::{CollectOptions, Facts, Secrets, collect, enclosing_repository};
pub use repo::{RepoError, RepoKind, Repository};
