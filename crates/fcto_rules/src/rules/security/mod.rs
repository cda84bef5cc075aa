//! SEC: security basics: credentials in the code and its history.

pub mod actions_pinning;
mod containers;
pub mod credential_files;
pub mod infrastructure;
pub mod script_injection;
pub mod secrets;
mod terraform;
pub mod token_permissions;
pub mod vulnerable_dependencies;
pub mod workflow_triggers;
pub(crate) mod workflows;

#[cfg(test)]
mod infrastructure_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workflow_tests;
