//! OPS: operations: how the product is built, shipped and run.

pub mod dockerfile_practices;

#[cfg(test)]
mod tests;
