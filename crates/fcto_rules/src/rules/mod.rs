//! The rules, one folder per area.

pub mod architecture;
pub mod delivery;
pub mod documentation;
pub mod operations;
pub mod quality;
pub mod security;
pub mod team;

#[cfg(test)]
mod tests;
