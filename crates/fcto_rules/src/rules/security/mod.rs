//! SEC: security basics: credentials in the code and its history.

pub mod actions_pinning;
pub mod baas_rules;
pub mod broken_crypto;
pub mod client_secrets;
pub mod code_sources;
pub mod committed_binaries;
pub(crate) mod containers;
pub mod cors;
pub mod credential_files;
pub mod debug_mode;
pub mod infrastructure;
pub mod injection;
pub mod ownership_checks;
pub mod password_storage;
mod pattern_groups;
pub mod script_injection;
pub mod secrets;
pub mod security_tooling;
mod terraform;
pub mod tls_verification;
pub mod token_permissions;
pub mod vulnerable_dependencies;
pub mod web_protections;
pub mod workflow_triggers;
pub(crate) mod workflows;

#[cfg(test)]
mod appsec_a_tests;
#[cfg(test)]
mod appsec_b_tests;
#[cfg(test)]
mod hygiene_tests;
#[cfg(test)]
mod infrastructure_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workflow_tests;
