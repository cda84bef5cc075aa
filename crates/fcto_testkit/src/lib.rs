//! Fixture repositories for tests, built with the `git` command line with pinned authors, emails
//! and dates, so every run produces the same commit ids and the same numbers.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod secret_corpus;

/// A git repository in a temporary directory.
pub struct Fixture {
    dir: tempfile::TempDir,
    /// Seconds since the epoch used for the next commit unless `at` is given.
    clock: i64,
}

/// Who makes a commit.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

pub const ALICE: Who<'static> = Who {
    name: "Alice Example",
    email: "alice@example.com",
};
pub const BOB: Who<'static> = Who {
    name: "Bob Example",
    email: "bob@example.com",
};
pub const CAROL: Who<'static> = Who {
    name: "Carol Example",
    email: "carol@example.com",
};
pub const DEPENDABOT: Who<'static> = Who {
    name: "dependabot[bot]",
    email: "49699333+dependabot[bot]@users.noreply.github.com",
};

/// 2024-01-01T00:00:00Z: the default start of a fixture's clock.
pub const START: i64 = 1_704_067_200;
pub const DAY: i64 = 86_400;

impl Fixture {
    /// An empty repository with `main` as the initial branch.
    pub fn new() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("fcto-fixture-")
            .tempdir()
            .expect("tempdir");
        let f = Fixture { dir, clock: START };
        f.git(&["init", "-q", "-b", "main"]);
        f.git(&["config", "core.autocrlf", "false"]);
        f.git(&["config", "commit.gpgsign", "false"]);
        f
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating directories) without committing.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, contents).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
        self
    }

    /// Stages everything and commits as `who` at the fixture clock, then advances it a day.
    pub fn commit(&mut self, who: Who<'_>, message: &str) -> String {
        let t = self.clock;
        self.clock += DAY;
        self.commit_at(who, message, t)
    }

    /// Stages everything and commits as `who` at `time` (seconds since the epoch, UTC).
    pub fn commit_at(&mut self, who: Who<'_>, message: &str, time: i64) -> String {
        self.git(&["add", "-A"]);
        self.git_as(
            who,
            time,
            &[
                "commit",
                "-q",
                "--allow-empty",
                "--no-verify",
                "-m",
                message,
            ],
        );
        self.head()
    }

    /// Runs git with the author and committer pinned to `who` at `time`.
    pub fn git_as(&self, who: Who<'_>, time: i64, args: &[&str]) -> String {
        let date = format!("@{time} +0000");
        run(Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", who.name)
            .env("GIT_AUTHOR_EMAIL", who.email)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", who.name)
            .env("GIT_COMMITTER_EMAIL", who.email)
            .env("GIT_COMMITTER_DATE", &date))
    }

    /// Runs git in the fixture with a clean, pinned environment and returns its stdout.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_as(ALICE, self.clock, args)
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Sets the clock for the next `commit`.
    pub fn set_clock(&mut self, time: i64) -> &mut Self {
        self.clock = time;
        self
    }

    pub fn clock(&self) -> i64 {
        self.clock
    }

    /// A shallow clone of this repository with `depth` commits, in a new temporary directory.
    pub fn shallow_clone(&self, depth: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new()
            .prefix("fcto-shallow-")
            .tempdir()
            .expect("tempdir");
        let target = dir.path().join("clone");
        let url = format!("file://{}", self.path().display());
        run(Command::new("git").args([
            "clone",
            "-q",
            "--depth",
            &depth.to_string(),
            &url,
            target.to_str().expect("utf-8 temp path"),
        ]));
        (dir, target)
    }

    /// A bare clone of this repository.
    pub fn bare_clone(&self) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new()
            .prefix("fcto-bare-")
            .tempdir()
            .expect("tempdir");
        let target = dir.path().join("repo.git");
        run(Command::new("git").args([
            "clone",
            "-q",
            "--bare",
            self.path().to_str().expect("utf-8 temp path"),
            target.to_str().expect("utf-8 temp path"),
        ]));
        (dir, target)
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

/// Runs a command with git's user configuration isolated, panicking with its stderr on failure.
pub fn run(cmd: &mut Command) -> String {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", std::env::temp_dir())
        .env("LC_ALL", "C")
        .env("TZ", "UTC");
    let out = cmd.output().expect("run command");
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_are_reproducible() {
        let make = || {
            let mut f = Fixture::new();
            f.write("a.txt", "hello\n");
            f.commit(ALICE, "first");
            f.write("a.txt", "hello\nworld\n");
            f.commit(BOB, "second")
        };
        assert_eq!(make(), make());
    }
}
