//! DEL: delivery: CI/CD, lockfiles, dependency updates.

pub mod ci_installs;
pub mod dependency_updates;
pub mod lockfile;
pub mod no_ci;
pub mod release_cadence;
