//! ARC: architecture and stack choices.

pub mod hidden_coupling;
pub mod stack_inventory;
pub mod stack_sprawl;
