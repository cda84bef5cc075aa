//! DEL: delivery: CI/CD, lockfiles, dependency updates.

pub mod dependency_updates;
pub mod lockfile;
pub mod no_ci;
pub mod release_cadence;
