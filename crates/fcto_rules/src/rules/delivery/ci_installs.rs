//! DEL-14: CI installs that do not honour the lockfile (or pin nothing at all).

use crate::rules::security::workflows::{self, commands, words};
use crate::{Analysis, Emitter};
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads the commands of GitHub Actions `run:` scripts (workflows and the repository's \
           own actions), GitLab CI `script:` lines and Dockerfile `RUN` instructions, and reports \
           installs that can pull something other than what the developers tested: `npm \
           install` (instead of `npm ci`) and global or `npx` tools without a version; `yarn \
           install` without `--frozen-lockfile`/`--immutable` and `pnpm install` without \
           `--frozen-lockfile` (low in CI when Yarn 2+ or pnpm already refuse to change the \
           lockfile there, medium in Dockerfiles); `pip install` of packages without `==` and \
           `-r` files with unpinned lines (unless `--require-hashes` or a `-c` constraints \
           file); `pipx install` without a version; `poetry lock`/`update`/`add` in CI; \
           `bundle install` without `--frozen`/`--deployment`/`BUNDLE_FROZEN`; `cargo \
           install` without `--locked` (and `cargo build` without it, low); `go get` and `go \
           install …@latest`; and `curl … | sh`. Installing the project itself (`pip install \
           -e .`) is not reported. One finding per file lists the lines.",
    why: "The build server can quietly install different code than the developers tested, \
          including a compromised package.",
    how_to_fix: "Install from the lockfile: `npm ci`, `yarn install --frozen-lockfile` (Yarn 1) \
                 or `--immutable` (Yarn 2+), `pnpm install --frozen-lockfile`, `pip install \
                 -r requirements.txt` from a file pinned with `==` (better: `pip-compile \
                 --generate-hashes` and `--require-hashes`), `poetry install`/`uv sync \
                 --locked`, `bundle config set frozen true`, `cargo install --locked`. Give \
                 tools an exact version (`npm install -g pnpm@9.12.0`, `npx \
                 prettier@3.3.3`, `go install golang.org/x/tools/cmd/goimports@v0.24.0`). \
                 Download install scripts, check their checksum, then run them.",
    options: "None.",
};

/// What the files around a command say.
#[allow(clippy::struct_excessive_bools)] // independent facts about the repository, not states
struct Context<'a> {
    /// A CI runner (`CI` is set), not a Docker build.
    ci: bool,
    /// Yarn 2+ (a `.yarnrc.yml` or `packageManager: yarn@2+`).
    yarn_berry: bool,
    /// The file sets `BUNDLE_FROZEN`/`BUNDLE_DEPLOYMENT` or `bundle config … frozen`.
    bundle_frozen: bool,
    /// The repository commits a `Cargo.lock`.
    cargo_lock: bool,
    /// The text of every `package.json`, to know the tools they declare.
    package_jsons: Vec<String>,
    analysis: &'a Analysis<'a>,
}

/// One non-reproducible install.
struct Hit {
    line: u32,
    severity: Severity,
    what: String,
}

static BERRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""packageManager"\s*:\s*"yarn@[2-9]"#).expect("valid regex"));

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    let inv = &a.facts.inventory;
    let package_jsons: Vec<String> = inv
        .documents
        .keys()
        .filter(|p| p.rsplit('/').next() == Some("package.json"))
        .filter_map(|p| inv.document_text(p).map(std::borrow::Cow::into_owned))
        .collect();
    let yarn_berry = inv.files.iter().any(|f| f.path.ends_with(".yarnrc.yml"))
        || package_jsons.iter().any(|t| BERRY.is_match(t));
    let cargo_lock = inv.files.iter().any(|f| f.path.ends_with("Cargo.lock"));
    let mut ctx = Context {
        ci: true,
        yarn_berry,
        bundle_frozen: false,
        cargo_lock,
        package_jsons,
        analysis: a,
    };
    for w in workflows::github_workflows(a) {
        let runs = w.model.jobs.iter().flat_map(|j| j.steps.iter());
        let lines = runs
            .filter_map(|s| s.run.as_ref())
            .flat_map(|r| commands(r.lines()));
        report(e, &w.path, lines, ctx.in_file(&w.text));
    }
    for action in workflows::github_actions(a) {
        let lines = action
            .model
            .steps
            .iter()
            .filter_map(|s| s.run.as_ref())
            .flat_map(|r| commands(r.lines()));
        report(e, &action.path, lines, ctx.in_file(&action.text));
    }
    for file in workflows::gitlab_files(a) {
        let scripts = file.model.jobs.iter().flat_map(|j| j.scripts.iter());
        let lines = scripts.flat_map(|s| commands(s.lines()));
        report(e, &file.path, lines, ctx.in_file(&file.text));
    }
    ctx.ci = false;
    for (path, _) in inv
        .documents
        .iter()
        .filter(|(p, _)| fcto_facts::config_files::is_dockerfile(p))
    {
        let Some(text) = inv.document_text(path) else {
            continue;
        };
        report(
            e,
            path,
            dockerfile_runs(&text).into_iter(),
            ctx.in_file(&text),
        );
    }
}

impl Context<'_> {
    /// The context for the commands of one file: whether it freezes Bundler.
    fn in_file(&mut self, text: &str) -> &Self {
        self.bundle_frozen = bundle_frozen(text);
        self
    }
}

fn bundle_frozen(text: &str) -> bool {
    text.contains("BUNDLE_FROZEN")
        || text.contains("BUNDLE_DEPLOYMENT")
        || Regex::new(r"bundle\s+config\b.*\b(frozen|deployment)\b").is_ok_and(|r| r.is_match(text))
}

/// The shell commands of a Dockerfile's `RUN` instructions (continuations joined, heredocs
/// read, exec form flattened), with the line each starts on.
fn dockerfile_runs(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let is_run = trimmed.len() > 4 && trimmed[..4].eq_ignore_ascii_case("run ");
        if !is_run {
            i += 1;
            continue;
        }
        let start = i as u32 + 1;
        let body = trimmed[4..].trim();
        if let Some(marker) = body.strip_prefix("<<").map(|m| m.trim_start_matches('-')) {
            let marker = marker
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches(|c| c == '"' || c == '\'');
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim() != marker {
                j += 1;
            }
            let heredoc = lines[i + 1..j.min(lines.len())]
                .iter()
                .enumerate()
                .map(|(k, l)| (start + 1 + k as u32, *l));
            out.extend(commands(heredoc));
            i = j + 1;
            continue;
        }
        let mut block = vec![(start, body)];
        while block
            .last()
            .is_some_and(|(_, l)| l.trim_end().ends_with('\\'))
            && i + 1 < lines.len()
        {
            i += 1;
            block.push((i as u32 + 1, lines[i]));
        }
        let mut found = commands(block.into_iter());
        for (_, c) in &mut found {
            if c.starts_with('[') {
                // exec form: ["npm", "install"]
                *c = c
                    .trim_matches(|ch| ch == '[' || ch == ']')
                    .split(',')
                    .map(|w| w.trim().trim_matches('"'))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
        }
        out.extend(found);
        i += 1;
    }
    out
}

fn report(
    e: &mut Emitter<'_>,
    path: &str,
    commands: impl Iterator<Item = (u32, String)>,
    ctx: &Context<'_>,
) {
    let mut hits: Vec<Hit> = commands
        .filter_map(|(line, command)| {
            classify(&command, ctx).map(|(severity, what)| Hit {
                line,
                severity,
                what,
            })
        })
        .collect();
    if hits.is_empty() {
        return;
    }
    hits.sort_by_key(|h| h.line);
    hits.dedup_by(|a, b| a.line == b.line && a.what == b.what);
    let severity = hits
        .iter()
        .map(|h| h.severity)
        .max()
        .unwrap_or(Severity::Low);
    let listed: Vec<String> = hits
        .iter()
        .take(4)
        .map(|h| format!("{} (line {})", h.what, h.line))
        .collect();
    let more = hits.len().saturating_sub(4);
    let place = if ctx.ci { "CI" } else { "the image build" };
    let message = format!(
        "`{path}` installs dependencies in {place} without honouring a lockfile or a pinned \
         version: {}{}",
        listed.join("; "),
        if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        }
    );
    let evidence = hits
        .iter()
        .take(12)
        .map(|h| Evidence::line(path, h.line).with_note(h.what.clone()))
        .collect();
    e.report_with(severity, message, evidence, "ci installs");
}

static PIPE_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(curl|wget)\b[^|]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|da)?sh\b|\b(ba)?sh\s+(-c\s+)?.?\$\(\s*(curl|wget)\b|\b(ba)?sh\s+<\(\s*(curl|wget)\b",
    )
    .expect("valid regex")
});

/// What is wrong with one command, if anything: (severity, description).
fn classify(command: &str, ctx: &Context<'_>) -> Option<(Severity, String)> {
    if PIPE_TO_SHELL.is_match(command) {
        return Some((
            Severity::Medium,
            "`curl … | sh` runs whatever the server sends today".into(),
        ));
    }
    let w = words(command);
    let tool = w
        .first()?
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let args: Vec<&str> = w.iter().skip(1).map(String::as_str).collect();
    match tool.as_str() {
        "npm" => npm(&args, ctx),
        "yarn" => yarn(&args, ctx),
        "pnpm" => pnpm(&args, ctx),
        "npx" | "bunx" => runner("npx", &args, ctx),
        "pip" | "pip3" => pip(&args, ctx),
        "python" | "python3" | "py"
            if args.len() > 1 && args[0] == "-m" && args[1].starts_with("pip") =>
        {
            pip(&args[2..], ctx)
        }
        "uv" if args.first() == Some(&"pip") => pip(&args[1..], ctx),
        "pipx" => pipx(&args),
        "poetry" => poetry(&args),
        "bundle" => bundle(&args, ctx),
        "cargo" => cargo(&args, ctx),
        "go" => go(&args),
        _ => None,
    }
}

/// The words that are not flags.
fn positional<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect()
}

/// Whether an npm package spec has an exact version: `pkg@1.2.3`, `@scope/pkg@1.2.3`.
fn npm_pinned(spec: &str) -> bool {
    let version = spec[1..].rsplit_once('@').map(|(_, v)| v);
    version
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()) && v.split('.').count() == 3)
}

/// A local path or tarball rather than a registry package.
fn is_local(spec: &str) -> bool {
    spec.starts_with('.')
        || spec.starts_with('/')
        || spec.starts_with('$')
        || spec.contains("://")
        || spec.starts_with("file:")
        || [".tgz", ".tar.gz", ".whl", ".zip"]
            .iter()
            .any(|e| spec.ends_with(e))
}

fn npm(args: &[&str], _ctx: &Context<'_>) -> Option<(Severity, String)> {
    let sub = *positional(args).first()?;
    if !matches!(sub, "install" | "i" | "in" | "add" | "isntall") {
        return None;
    }
    let packages: Vec<&str> = positional(args)
        .into_iter()
        .skip(1)
        .filter(|p| !is_local(p))
        .collect();
    let global = args.iter().any(|a| matches!(*a, "-g" | "--global"));
    if packages.is_empty() {
        return (!global).then(|| {
            (
                Severity::Medium,
                "`npm install` can resolve new versions and rewrite the lockfile: use `npm ci`"
                    .into(),
            )
        });
    }
    loose_packages(&packages, |list| format!("`npm install` of {list}"))
}

/// The npm packages installed without an exact version, as a finding that reads
/// "<`what` of the list> without an exact version"; none when every one is pinned.
fn loose_packages(
    packages: &[&str],
    what: impl FnOnce(&str) -> String,
) -> Option<(Severity, String)> {
    let loose: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !npm_pinned(p))
        .collect();
    (!loose.is_empty()).then(|| {
        (
            Severity::Medium,
            format!("{} without an exact version", what(&names(&loose))),
        )
    })
}

fn names(items: &[&str]) -> String {
    items
        .iter()
        .take(3)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn yarn(args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    // `--cwd <dir>` takes a value
    let mut rest: Vec<&str> = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if *a == "--cwd" {
            skip = true;
            continue;
        }
        rest.push(a);
    }
    let pos = positional(&rest);
    match pos.as_slice() {
        [] | ["install", ..] => {
            let frozen = args
                .iter()
                .any(|a| matches!(*a, "--frozen-lockfile" | "--immutable"));
            if frozen {
                return None;
            }
            if ctx.yarn_berry && ctx.ci {
                Some((
                    Severity::Low,
                    "`yarn install` without `--immutable` (Yarn 2+ already refuses to change the \
                     lockfile in CI; say so explicitly)"
                        .into(),
                ))
            } else {
                Some((
                    Severity::Medium,
                    "`yarn install` without `--frozen-lockfile` can rewrite the lockfile".into(),
                ))
            }
        }
        ["global", "add", packages @ ..] | ["dlx", packages @ ..] => {
            loose_packages(packages, |list| format!("`yarn` installs {list}"))
        }
        _ => None,
    }
}

fn pnpm(args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    let pos = positional(args);
    match pos.as_slice() {
        ["install" | "i", ..] => {
            if args.contains(&"--frozen-lockfile") {
                return None;
            }
            let unfrozen = args.contains(&"--no-frozen-lockfile");
            if ctx.ci && !unfrozen {
                Some((
                    Severity::Low,
                    "`pnpm install` without `--frozen-lockfile` (pnpm already refuses to change \
                     the lockfile in CI; say so explicitly)"
                        .into(),
                ))
            } else {
                Some((
                    Severity::Medium,
                    "`pnpm install` without `--frozen-lockfile` can rewrite the lockfile".into(),
                ))
            }
        }
        ["dlx", ..] => runner("pnpm dlx", &args[1..], ctx),
        ["add", packages @ ..] if args.iter().any(|a| matches!(*a, "-g" | "--global")) => {
            loose_packages(packages, |list| format!("`pnpm add -g` of {list}"))
        }
        _ => None,
    }
}

/// Binaries whose package has another name.
const BIN_PACKAGES: &[(&str, &str)] = &[
    ("tsc", "typescript"),
    ("ng", "@angular/cli"),
    ("nest", "@nestjs/cli"),
    ("vue-cli-service", "@vue/cli-service"),
    ("playwright", "@playwright/test"),
    ("changeset", "@changesets/cli"),
    ("lerna", "lerna"),
];

/// `npx pkg`: fine with a version or when a package.json declares the tool.
fn runner(name: &str, args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    let mut package = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if a == "-p" || a == "--package" {
            package = args.get(i + 1).copied();
            break;
        }
        if let Some(p) = a.strip_prefix("--package=") {
            package = Some(p);
            break;
        }
        if !a.starts_with('-') {
            package = Some(a);
            break;
        }
        i += 1;
    }
    let package = package?;
    if npm_pinned(package) || is_local(package) || package.contains('$') {
        return None;
    }
    let bare = package
        .rsplit_once('@')
        .filter(|(n, _)| !n.is_empty())
        .map_or(package, |(n, _)| n);
    let declared_as = BIN_PACKAGES
        .iter()
        .find(|(bin, _)| *bin == bare)
        .map_or(bare, |(_, p)| p);
    let declared = ctx
        .package_jsons
        .iter()
        .any(|t| t.contains(&format!("\"{declared_as}\"")) || t.contains(&format!("\"{bare}\"")));
    (!declared).then(|| {
        (
            Severity::Medium,
            format!("`{name} {bare}` runs the newest `{bare}` from npm: give it a version"),
        )
    })
}

/// Flags of `pip install` that take a value.
const PIP_VALUE_FLAGS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--python",
    "--platform",
    "--python-version",
    "--only-binary",
    "--no-binary",
    "--trusted-host",
    "--cache-dir",
    "--src",
    "--upgrade-strategy",
    "--implementation",
    "--abi",
    "-p",
];

/// Tools every Python CI upgrades before anything else.
const PIP_TOOLING: &[&str] = &["pip", "setuptools", "wheel", "uv", "pip-tools"];

fn pip(args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    if args.first() != Some(&"install") {
        return None;
    }
    let args = &args[1..];
    if args
        .iter()
        .any(|a| *a == "--require-hashes" || *a == "-c" || *a == "--constraint")
    {
        return None;
    }
    let mut packages = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if PIP_VALUE_FLAGS.contains(&a) {
            if matches!(a, "-r" | "--requirement") {
                files.extend(args.get(i + 1).copied());
            }
            i += 2;
            continue;
        }
        // `--requirement=file` and `-rfile`
        if let Some(f) = a
            .strip_prefix("--requirement=")
            .or_else(|| a.strip_prefix("-r").filter(|f| !f.is_empty()))
        {
            files.push(f);
            i += 1;
            continue;
        }
        if !a.starts_with('-') {
            packages.push(a);
        }
        i += 1;
    }
    let loose: Vec<&str> = packages
        .into_iter()
        .filter(|p| !is_local(p) && !p.contains("==") && !p.contains('/') && !p.contains('$'))
        .filter(|p| {
            let name = p
                .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
                .next()
                .unwrap_or(p)
                .to_ascii_lowercase();
            !PIP_TOOLING.contains(&name.as_str())
        })
        .collect();
    if !loose.is_empty() {
        return Some((
            Severity::Medium,
            format!("`pip install` of {} without `==` versions", names(&loose)),
        ));
    }
    let unpinned_file = files.into_iter().find(|f| requirements_unpinned(f, ctx))?;
    Some((
        Severity::Medium,
        format!("`pip install -r {unpinned_file}`, a file with unpinned lines"),
    ))
}

/// Whether the requirements file (found by its path, or by its name when the path is
/// relative to a job's folder) has lines without an exact version.
fn requirements_unpinned(file: &str, ctx: &Context<'_>) -> bool {
    let inv = &ctx.analysis.facts.inventory;
    let wanted = file.trim_start_matches("./");
    let text = inv.document_text(wanted).or_else(|| {
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        let mut matches = inv
            .documents
            .keys()
            .filter(|p| p.ends_with(&format!("/{wanted}")) || p.rsplit('/').next() == Some(name));
        let first = matches.next()?;
        // ambiguous names (several `requirements.txt`) are left alone
        matches
            .next()
            .is_none()
            .then(|| inv.document_text(first))
            .flatten()
    });
    let Some(text) = text else {
        return false;
    };
    if text.contains("--hash=") {
        return false;
    }
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('-'))
        .any(|l| !l.contains("==") && !l.contains(" @ ") && !l.contains("://"))
}

fn pipx(args: &[&str]) -> Option<(Severity, String)> {
    let pos = positional(args);
    match pos.as_slice() {
        ["install", packages @ ..] => {
            let loose: Vec<&str> = packages
                .iter()
                .copied()
                .filter(|p| !p.contains("==") && !is_local(p))
                .collect();
            (!loose.is_empty()).then(|| {
                (
                    Severity::Medium,
                    format!("`pipx install` of {} without `==` versions", names(&loose)),
                )
            })
        }
        _ => None,
    }
}

fn poetry(args: &[&str]) -> Option<(Severity, String)> {
    match positional(args).first() {
        Some(&"lock") if !args.contains(&"--check") => Some((
            Severity::Medium,
            "`poetry lock` in CI re-resolves the lockfile instead of using the committed one"
                .into(),
        )),
        Some(&("update" | "add")) => Some((
            Severity::Medium,
            "`poetry update`/`add` in CI changes the lockfile".into(),
        )),
        _ => None,
    }
}

fn bundle(args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    let pos = positional(args);
    let installs = pos.is_empty() || pos.first() == Some(&"install");
    let frozen = ctx.bundle_frozen
        || args
            .iter()
            .any(|a| matches!(*a, "--frozen" | "--deployment"));
    (installs && !frozen).then(|| {
        (
            Severity::Medium,
            "`bundle install` without `--frozen`/`BUNDLE_FROZEN` can update Gemfile.lock".into(),
        )
    })
}

fn cargo(args: &[&str], ctx: &Context<'_>) -> Option<(Severity, String)> {
    let locked = args.iter().any(|a| matches!(*a, "--locked" | "--frozen"));
    if locked {
        return None;
    }
    match positional(args).first() {
        Some(&"install") => {
            let what = positional(args).get(1).copied().unwrap_or("the crate");
            Some((
                Severity::Medium,
                format!("`cargo install {what}` without `--locked` ignores its Cargo.lock"),
            ))
        }
        Some(&"build") if ctx.cargo_lock && args.contains(&"--release") => Some((
            Severity::Low,
            "`cargo build --release` without `--locked` may update Cargo.lock".into(),
        )),
        _ => None,
    }
}

fn go(args: &[&str]) -> Option<(Severity, String)> {
    let pos = positional(args);
    match pos.as_slice() {
        ["get", ..] => Some((
            Severity::Medium,
            "`go get` in CI changes go.mod and go.sum instead of using them".into(),
        )),
        ["install", targets @ ..] => {
            let loose: Vec<&str> = targets
                .iter()
                .copied()
                .filter(|t| !t.starts_with('.') && !t.contains('$'))
                .filter(|t| match t.rsplit_once('@') {
                    Some((_, v)) => v == "latest" || v == "master" || v == "main",
                    // without a version `go install` builds from the module's go.mod
                    None => false,
                })
                .collect();
            (!loose.is_empty()).then(|| {
                (
                    Severity::Medium,
                    format!("`go install` of {} at a moving version", names(&loose)),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{World, run_on};
    use fcto_model::Severity;

    const WORKFLOW: &str = r"name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm install
      - run: |
          npm install -g pnpm@9.12.0
          npx eslint .
          npx cowsay hello
          pip install --upgrade pip
          pip install pytest black==24.1.0
          curl -fsSL https://get.example.sh | sudo bash
          cargo install --locked cargo-deny
          go install golang.org/x/tools/cmd/goimports@latest
";

    #[test]
    fn del014_lists_each_non_reproducible_install_with_its_line() {
        let w = World::new().doc(".github/workflows/ci.yml", WORKFLOW).doc(
            "package.json",
            r#"{"devDependencies": {"eslint": "9.0.0"}}"#,
        );
        let f = run_on("DEL014", w);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Medium);
        let lines: Vec<u32> = f[0].evidence.iter().filter_map(|e| e.line).collect();
        assert_eq!(lines, [8, 12, 14, 15, 17], "{f:?}");
        assert!(
            f[0].message.starts_with(
                "`.github/workflows/ci.yml` installs dependencies in CI without honouring a \
                 lockfile or a pinned version: `npm install` can resolve new versions"
            ),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("`npx cowsay` runs the newest"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("and 1 more"), "{}", f[0].message);
    }

    #[test]
    fn del014_is_silent_on_lockfile_installs() {
        let w = World::new()
            .doc(
                ".github/workflows/ci.yml",
                "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          npm ci\n          yarn install --frozen-lockfile\n          pnpm install --frozen-lockfile\n          pip install -r requirements.txt\n          pip install -e .[dev]\n          poetry install --no-root\n          bundle install --deployment\n          cargo build --release --locked\n          go build ./...\n",
            )
            .doc("requirements.txt", "django==5.0.1\nrequests==2.31.0 # http\n");
        let f = run_on("DEL014", w);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn del014_reads_dockerfiles_gitlab_and_unpinned_requirement_files() {
        let w = World::new()
            .doc(
                "Dockerfile",
                "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN apt-get update && \\\n    npm install && \\\n    npm run build\nRUN [\"pnpm\", \"install\"]\n",
            )
            .doc(
                ".gitlab-ci.yml",
                "test:\n  script:\n    - pip install -r requirements/dev.txt\n    - yarn\n",
            )
            .doc("requirements/dev.txt", "pytest\nrequests>=2\n")
            .doc(".yarnrc.yml", "nodeLinker: node-modules\n");
        let f = run_on("DEL014", w);
        assert_eq!(f.len(), 2, "{f:?}");
        let docker = f
            .iter()
            .find(|x| x.message.contains("`Dockerfile`"))
            .unwrap();
        assert!(
            docker.message.contains("in the image build"),
            "{}",
            docker.message
        );
        let lines: Vec<u32> = docker.evidence.iter().filter_map(|e| e.line).collect();
        // pnpm outside CI is not frozen by default
        assert_eq!(lines, [4, 7]);
        assert_eq!(docker.severity, Severity::Medium);
        let gitlab = f
            .iter()
            .find(|x| x.message.contains(".gitlab-ci.yml"))
            .unwrap();
        let notes: Vec<&str> = gitlab
            .evidence
            .iter()
            .filter_map(|e| e.note.as_deref())
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("requirements/dev.txt"), "{notes:?}");
        // Yarn 2+ in CI is immutable by default: low
        assert!(notes[1].contains("Yarn 2+"), "{notes:?}");
        assert_eq!(gitlab.evidence[1].line, Some(4));
    }
}
