//! The history walk.
use super::History;
use crate::repo::Repository;

#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {}

pub fn read_history(_repo: &Repository, _options: &HistoryOptions) -> Result<History, crate::RepoError> {
    unimplemented!("being written")
}
