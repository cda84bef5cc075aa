//! SEC: security basics: credentials in the code and its history.

pub mod credential_files;
pub mod secrets;

#[cfg(test)]
mod tests;
