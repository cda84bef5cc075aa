//! ARC: architecture and stack choices.

pub mod dependency_cycles;
pub mod hidden_coupling;
pub mod stack_inventory;
pub mod stack_sprawl;
