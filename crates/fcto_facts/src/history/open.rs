//! Opening a repository and resolving `--rev`.
use crate::repo::{RepoError, Repository};
use std::path::Path;

pub(crate) fn open(_path: &Path, _rev: Option<&str>) -> Result<Repository, RepoError> {
    unimplemented!("being written")
}
