//! ARC: architecture and stack choices.

pub mod stack_inventory;
pub mod stack_sprawl;
