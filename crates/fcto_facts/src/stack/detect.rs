//! Stack detection.
use super::Stack;
use crate::inventory::Inventory;

pub fn read_stack(_inventory: &Inventory) -> Stack {
    unimplemented!("being written")
}
