//! SEC: security basics: credentials in the code and its history.

pub mod secrets;

#[cfg(test)]
mod tests;
