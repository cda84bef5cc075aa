//! The tree walk.
use super::Inventory;
use crate::repo::Repository;

#[derive(Debug, Clone, Default)]
pub struct InventoryOptions {}

pub fn read_inventory(_repo: &Repository, _options: &InventoryOptions) -> Result<Inventory, crate::RepoError> {
    unimplemented!("being written")
}
