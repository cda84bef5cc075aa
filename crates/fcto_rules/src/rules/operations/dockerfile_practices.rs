//! OPS-15: Dockerfile practices: unpinned base images, root at run time, `ADD`, secrets in
//! `ENV`/`ARG`, `curl | sh`, SSH exposed, development settings, `COPY . .` without a
//! `.dockerignore`, `apt-get install` without `--no-install-recommends`.

use crate::rules::security::containers::{PLACEHOLDER_WORDS, names_a_credential};
use crate::{Analysis, Emitter};
use fcto_facts::analysis::test_code::is_test_path;
use fcto_facts::config_files::dockerfile::{
    self, Dockerfile, Instruction, arg_definitions, env_definitions, image_ref, shell_words,
};
use fcto_facts::config_files::is_dockerfile;
use fcto_facts::secrets::mask;
use fcto_model::{Evidence, RuleDocs, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub const DOCS: RuleDocs = RuleDocs {
    what: "Reads every Dockerfile (`Dockerfile*`, `*.dockerfile`, `Containerfile*`) with its \
           stages, continuations and heredocs, and reports, one finding per kind of problem \
           and Dockerfile with every line: base images without a tag or with `:latest` and no \
           `@sha256:` digest (hadolint DL3006/DL3007; `scratch` and earlier stages are fine; \
           `ARG` defaults are substituted); a final image that runs as root, because the last \
           `USER` of the final stage (and the stages it builds on) is `root`/`0` or there is \
           none (CKV_DOCKER_3, DL3002; base images known to switch to a non-root user, such as \
           distroless `:nonroot`, Chainguard, Bitnami and `*-unprivileged`, are fine); `ADD` \
           of a URL without `--checksum`, and `ADD` of local files that are not archives \
           (DL3020); secrets in `ENV`/`ARG` (names with PASSWORD, SECRET, TOKEN, API_KEY, \
           PRIVATE_KEY, ACCESS_KEY, CREDENTIALS; a literal value is a committed secret, a name \
           alone passes the secret as a build argument, which stays in the image's history); \
           `curl`/`wget` piped into a shell; `EXPOSE 22`; development settings in the final \
           image (`NODE_ENV=development`, `FLASK_DEBUG=1`, `DEBUG=True`, `RAILS_ENV=development`, \
           `APP_ENV=development`); `COPY . .` (or `ADD .`) in the final image's stages (a \
           build stage's copy does not ship) when no `.dockerignore` next to the Dockerfile or \
           above it excludes `.env` and `.git`; and `apt-get install` without \
           `--no-install-recommends` (DL3015). One finding per kind of problem and Dockerfile, \
           so each has its own severity and can be fixed or accepted on its own. Severity: \
           high for a literal secret, for an explicit final `USER root` and for root in an \
           image that exposes a port; low for \
           `ADD` of local files, for `apt-get` and for Dockerfiles in test code; medium \
           otherwise.",
    why: "Careless container recipes ship secrets inside images anyone with registry access can \
          read, run the application as an all-powerful user (a bug becomes a container escape \
          risk), and build differently every time a moving tag like `latest` changes.",
    how_to_fix: "Pin base images to a version tag and a digest (`node:20.11-alpine@sha256:…`, \
                 kept current by Dependabot or Renovate); add a non-root `USER` in the final \
                 stage; use `COPY` for local files and `ADD --checksum` or a verified download \
                 for URLs; pass secrets with `RUN --mount=type=secret` and set them at run time, \
                 never in `ENV`/`ARG`; download installers, verify them, then run them; remove \
                 SSH from containers (use `docker exec`); set production values in the final \
                 stage; add a `.dockerignore` listing `.env*`, `.git` and `node_modules`; add \
                 `--no-install-recommends` and remove `/var/lib/apt/lists/*`.",
    options: "None.",
};

/// One kind of problem found in a Dockerfile.
struct Problem {
    key: &'static str,
    severity: Severity,
    /// What is wrong, without the file name: "runs as root".
    summary: String,
    /// (line, note) per place.
    places: Vec<(u32, String)>,
}

pub fn check(a: &Analysis<'_>, e: &mut Emitter<'_>) {
    for path in a
        .facts
        .inventory
        .documents
        .keys()
        .filter(|p| is_dockerfile(p))
    {
        let Some(text) = a.facts.inventory.document_text(path) else {
            continue;
        };
        let file = dockerfile::parse(&text);
        if file.stages.is_empty() {
            continue;
        }
        let ignore = dockerignore(a, path);
        for p in problems(&file, ignore.as_deref()) {
            let severity = if is_test_path(path) {
                p.severity.min(Severity::Low)
            } else {
                p.severity
            };
            let lines: Vec<String> = p.places.iter().map(|(l, _)| l.to_string()).collect();
            let message = format!(
                "`{path}` {} (line{} {})",
                p.summary,
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            );
            let evidence = p
                .places
                .into_iter()
                .map(|(l, note)| Evidence::line(path.clone(), l).with_note(note))
                .collect();
            e.report_with(severity, message, evidence, p.key);
        }
    }
}

/// Every problem of a Dockerfile; `dockerignore` is the text of the `.dockerignore` that
/// applies, if one exists.
fn problems(file: &Dockerfile, dockerignore: Option<&str>) -> Vec<Problem> {
    let chain = final_chain(file);
    let runtime: Vec<&Instruction> = chain
        .iter()
        .flat_map(|&s| file.stage_instructions(&file.stages[s]))
        .collect();
    let mut out = Vec::new();
    out.extend(unpinned_bases(file));
    out.extend(root_user(file, &chain, &runtime));
    out.extend(add_instructions(file));
    out.extend(secrets(file));
    out.extend(pipe_to_shell(file));
    out.extend(ssh_exposed(&runtime));
    out.extend(development_settings(&runtime));
    out.extend(copy_everything(&runtime, dockerignore));
    out.extend(apt_recommends(file));
    out
}

fn problem(
    key: &'static str,
    severity: Severity,
    summary: String,
    places: Vec<(u32, String)>,
) -> Option<Problem> {
    (!places.is_empty()).then_some(Problem {
        key,
        severity,
        summary,
        places,
    })
}

/// The final stage and the earlier stages it is built `FROM`, oldest first.
fn final_chain(file: &Dockerfile) -> Vec<usize> {
    let mut chain = vec![file.stages.len() - 1];
    while let Some(&s) = chain.last() {
        match file.stage_named(&file.stages[s].resolved_image, s) {
            Some(parent) if !chain.contains(&parent) => chain.push(parent),
            _ => break,
        }
    }
    chain.reverse();
    chain
}

fn unpinned_bases(file: &Dockerfile) -> Option<Problem> {
    let mut places = Vec::new();
    for (i, stage) in file.stages.iter().enumerate() {
        let image = &stage.resolved_image;
        if image.eq_ignore_ascii_case("scratch")
            || image.contains('$')
            || image.is_empty()
            || file.stage_named(image, i).is_some()
        {
            continue;
        }
        let r = image_ref(image);
        if r.digest.is_some() {
            continue;
        }
        match r.tag {
            None => places.push((stage.line, format!("`{image}` has no tag"))),
            Some("latest") => places.push((stage.line, format!("`{image}` uses `latest`"))),
            Some(_) => {}
        }
    }
    let summary = if places.len() == 1 {
        format!("builds on a moving base image: {}", places[0].1)
    } else {
        format!(
            "builds on {} moving base images (no tag or `latest`, no digest)",
            places.len()
        )
    };
    problem("unpinned-base-image", Severity::Medium, summary, places)
}

/// Base images that switch to a non-root user themselves.
fn non_root_base(image: &str) -> bool {
    let lower = image.to_ascii_lowercase();
    ["nonroot", "non-root", "rootless", "unprivileged"]
        .iter()
        .any(|w| lower.contains(w))
        || lower.starts_with("cgr.dev/chainguard/")
        || lower.starts_with("bitnami/")
        || lower.starts_with("docker.io/bitnami/")
}

fn root_user(file: &Dockerfile, chain: &[usize], runtime: &[&Instruction]) -> Option<Problem> {
    let exposes = runtime.iter().any(|i| i.keyword == "EXPOSE");
    let last_user = runtime.iter().rev().find(|i| i.keyword == "USER");
    let final_stage = &file.stages[*chain.last()?];
    let base = &file.stages[chain[0]].resolved_image;
    match last_user {
        Some(user) => {
            let name = user.args.split(':').next().unwrap_or_default().trim();
            (name == "root" || name == "0").then(|| Problem {
                key: "runs-as-root",
                severity: Severity::High,
                summary: format!("switches to `USER {}` for the final image", user.args),
                places: vec![(user.line, "the last USER is root".into())],
            })
        }
        None if non_root_base(base) => None,
        None => Some(Problem {
            key: "runs-as-root",
            severity: if exposes {
                Severity::High
            } else {
                Severity::Medium
            },
            summary: format!(
                "runs as root: the final stage sets no `USER`{}",
                if exposes { " and exposes a port" } else { "" }
            ),
            places: vec![(final_stage.line, "final stage without USER".into())],
        }),
    }
}

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

/// The sources of a `COPY`/`ADD` (flags and destination removed), in shell or exec form.
fn sources(args: &str) -> (Vec<String>, Vec<String>) {
    let trimmed = args.trim();
    let mut flags = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut rest = trimmed;
    while rest.starts_with("--") {
        let (flag, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        flags.push(flag.to_string());
        rest = tail.trim_start();
    }
    if rest.starts_with('[') {
        if let Ok(list) = serde_json_words(rest) {
            words = list;
        }
    } else {
        words = shell_words(rest);
    }
    if words.len() > 1 {
        words.pop();
    } else {
        words.clear();
    }
    (flags, words)
}

/// `["a", "b"]` read without a JSON library: quoted words between brackets.
fn serde_json_words(s: &str) -> Result<Vec<String>, ()> {
    let inner = s
        .trim()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or(())?;
    Ok(inner
        .split(',')
        .map(|w| w.trim().trim_matches('"').to_string())
        .filter(|w| !w.is_empty())
        .collect())
}

fn add_instructions(file: &Dockerfile) -> Vec<Problem> {
    let mut urls = Vec::new();
    let mut local = Vec::new();
    for ins in file.instructions.iter().filter(|i| i.keyword == "ADD") {
        if !ins.heredocs.is_empty() {
            continue;
        }
        let (flags, sources) = sources(&ins.args);
        for source in sources {
            let lower = source.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("git@")
            {
                if !flags.iter().any(|f| f.starts_with("--checksum")) {
                    urls.push((ins.line, format!("ADD {source}")));
                }
            } else if !ARCHIVES.iter().any(|e| lower.ends_with(e)) && !source.contains('$') {
                local.push((ins.line, format!("ADD {source}")));
            }
        }
    }
    let mut out = Vec::new();
    out.extend(problem(
        "add-url",
        Severity::Medium,
        "downloads with `ADD <url>` without `--checksum`: the file is not verified".into(),
        urls,
    ));
    out.extend(problem(
        "add-local-files",
        Severity::Low,
        "uses `ADD` for local files; `COPY` does the same without `ADD`'s surprises".into(),
        local,
    ));
    out
}

/// Endings of variable names that hold where a secret is or a switch about it, not the secret
/// itself (lower case).
const NAME_REFERENCES: &[&str] = &[
    "_file",
    "_path",
    "_dir",
    "_url",
    "_uri",
    "_name",
    "_enabled",
    "_header",
    "_ttl",
    "_expiry",
    "_length",
    "_id",
    "_dummy",
    "_type",
    "_endpoint",
];

/// A value that is written where a secret goes but is not one.
fn placeholder_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.len() < 4
        || matches!(lower.as_str(), "true" | "false" | "none" | "null")
        || PLACEHOLDER_WORDS.iter().any(|p| lower.contains(p))
}

fn secrets(file: &Dockerfile) -> Vec<Problem> {
    let mut literal = Vec::new();
    let mut passed = Vec::new();
    for ins in &file.instructions {
        let vars: Vec<(String, Option<String>)> = match ins.keyword.as_str() {
            "ARG" => arg_definitions(&ins.args),
            "ENV" => env_definitions(&ins.args)
                .into_iter()
                .map(|(n, v)| (n, Some(v)))
                .collect(),
            _ => continue,
        };
        for (name, value) in vars {
            if !names_a_credential(&name, NAME_REFERENCES) {
                continue;
            }
            match value.as_deref().map(str::trim) {
                Some(v) if v.contains('$') => {
                    passed.push((
                        ins.line,
                        format!("{} {name} from a build argument", ins.keyword),
                    ));
                }
                Some(v) if !v.is_empty() && !placeholder_value(v) => {
                    literal.push((ins.line, format!("{} {name}={}", ins.keyword, mask(v))));
                }
                Some(v) if !v.is_empty() => {}
                _ if ins.keyword == "ARG" => {
                    passed.push((ins.line, format!("ARG {name}")));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    out.extend(problem(
        "secret-in-env",
        Severity::High,
        format!(
            "sets {} secret{} in `ENV`/`ARG` with the value written in the file",
            literal.len(),
            if literal.len() == 1 { "" } else { "s" }
        ),
        literal,
    ));
    out.extend(problem(
        "secret-build-arg",
        Severity::Medium,
        "passes secrets as build arguments or environment variables, which stay in the image \
         history"
            .into(),
        passed,
    ));
    out
}

static PIPE_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+)?(-\S+\s+)*(/(usr/)?bin/)?(ba|z|da|k|a)?sh\b|\b(ba|z)?sh\s+-c\s+["']?\$\((curl|wget)\b"#,
    )
    .expect("pipe to shell pattern")
});

/// The shell text of a `RUN`: its arguments and heredocs.
fn run_text(ins: &Instruction) -> String {
    let mut text = ins.args.clone();
    for h in &ins.heredocs {
        text.push('\n');
        text.push_str(h);
    }
    text
}

fn pipe_to_shell(file: &Dockerfile) -> Option<Problem> {
    let places = file
        .instructions
        .iter()
        .filter(|i| i.keyword == "RUN" && PIPE_TO_SHELL.is_match(&run_text(i)))
        .map(|i| (i.line, "downloaded script run unverified".to_string()))
        .collect();
    problem(
        "curl-pipe-shell",
        Severity::Medium,
        "pipes a download straight into a shell (`curl … | sh`)".into(),
        places,
    )
}

fn ssh_exposed(runtime: &[&Instruction]) -> Option<Problem> {
    let places = runtime
        .iter()
        .filter(|i| i.keyword == "EXPOSE")
        .filter(|i| {
            i.args
                .split_whitespace()
                .any(|p| p.split('/').next() == Some("22"))
        })
        .map(|i| (i.line, "EXPOSE 22".to_string()))
        .collect();
    problem(
        "ssh-exposed",
        Severity::Medium,
        "exposes SSH (port 22) from the container".into(),
        places,
    )
}

/// (variable, values that mean development), compared without case.
const DEVELOPMENT: &[(&str, &[&str])] = &[
    ("NODE_ENV", &["development", "dev"]),
    ("FLASK_DEBUG", &["1", "true"]),
    ("FLASK_ENV", &["development"]),
    ("DEBUG", &["true", "1"]),
    ("DJANGO_DEBUG", &["true", "1"]),
    ("RAILS_ENV", &["development"]),
    ("RACK_ENV", &["development"]),
    ("APP_ENV", &["development", "dev", "local"]),
    ("APP_DEBUG", &["true", "1"]),
    ("ASPNETCORE_ENVIRONMENT", &["development"]),
];

fn development_settings(runtime: &[&Instruction]) -> Option<Problem> {
    let mut places = Vec::new();
    for ins in runtime.iter().filter(|i| i.keyword == "ENV") {
        for (name, value) in env_definitions(&ins.args) {
            let dev = DEVELOPMENT.iter().any(|(n, values)| {
                name.eq_ignore_ascii_case(n)
                    && values.iter().any(|v| value.trim().eq_ignore_ascii_case(v))
            });
            if dev {
                places.push((ins.line, format!("{name}={value}")));
            }
        }
    }
    let summary = format!(
        "ships development settings in the final image ({})",
        places
            .iter()
            .map(|(_, s)| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    problem("development-settings", Severity::Medium, summary, places)
}

/// Whether a `.dockerignore` pattern excludes a file at the context's root named `name`.
fn excludes(pattern: &str, name: &str) -> bool {
    let p = pattern.trim().trim_start_matches('/');
    let p = p.strip_prefix("**/").unwrap_or(p).trim_end_matches('/');
    glob(p.as_bytes(), name.as_bytes())
}

/// `*` and `?` glob matching (no `/` in the names matched here).
fn glob(p: &[u8], s: &[u8]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => glob(&p[1..], s) || (!s.is_empty() && glob(p, &s[1..])),
        (Some(b'?'), Some(_)) => glob(&p[1..], &s[1..]),
        (Some(a), Some(b)) if a == b => glob(&p[1..], &s[1..]),
        _ => false,
    }
}

/// What a `.dockerignore` leaves in the context among `.env` and `.git`.
fn not_ignored(dockerignore: &str) -> Vec<&'static str> {
    let patterns: Vec<&str> = dockerignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    [".env", ".git"]
        .into_iter()
        .filter(|name| {
            // the last matching pattern decides, as in Docker
            let mut ignored = false;
            for p in &patterns {
                if let Some(neg) = p.strip_prefix('!') {
                    if excludes(neg, name) {
                        ignored = false;
                    }
                } else if excludes(p, name) {
                    ignored = true;
                }
            }
            !ignored
        })
        .collect()
}

/// The `.dockerignore` for a Dockerfile: `<Dockerfile>.dockerignore` beside it, else the
/// nearest `.dockerignore` in its folder or above (the build context is usually one of them).
fn dockerignore(a: &Analysis<'_>, dockerfile: &str) -> Option<String> {
    let docs = &a.facts.inventory;
    let own = format!("{dockerfile}.dockerignore");
    if let Some(t) = docs.document_text(&own) {
        return Some(t.into_owned());
    }
    let mut dir = dockerfile.rsplit_once('/').map(|(d, _)| d.to_string());
    loop {
        let candidate = match &dir {
            Some(d) => format!("{d}/.dockerignore"),
            None => ".dockerignore".to_string(),
        };
        if let Some(t) = docs.document_text(&candidate) {
            return Some(t.into_owned());
        }
        dir = match dir {
            Some(d) => d.rsplit_once('/').map(|(p, _)| p.to_string()),
            None => return None,
        };
    }
}

/// `COPY . .` in the stages the final image is built from; a build stage's copy does not ship
/// (what it builds is copied out with `--from`).
fn copy_everything(runtime: &[&Instruction], dockerignore: Option<&str>) -> Option<Problem> {
    let copies: Vec<&Instruction> = runtime
        .iter()
        .copied()
        .filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD") && i.heredocs.is_empty())
        .filter(|i| {
            let (flags, sources) = sources(&i.args);
            !flags.iter().any(|f| f.starts_with("--from"))
                && sources.iter().any(|s| s == "." || s == "./")
        })
        .collect();
    if copies.is_empty() {
        return None;
    }
    let missing = match dockerignore {
        None => vec![".env", ".git"],
        Some(text) => not_ignored(text),
    };
    if missing.is_empty() {
        return None;
    }
    let why = match dockerignore {
        None => "there is no `.dockerignore`".to_string(),
        Some(_) => format!(
            "the `.dockerignore` does not exclude {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    problem(
        "copy-whole-context",
        Severity::Medium,
        format!("copies the whole build context (`COPY . .`) and {why}"),
        copies
            .iter()
            .map(|i| (i.line, format!("{} {}", i.keyword, i.args)))
            .collect(),
    )
}

fn apt_recommends(file: &Dockerfile) -> Option<Problem> {
    let places = file
        .instructions
        .iter()
        .filter(|i| i.keyword == "RUN")
        .filter(|i| {
            run_text(i).split(['&', ';', '|', '\n']).any(|command| {
                let words: Vec<&str> = command.split_whitespace().collect();
                words.contains(&"apt-get")
                    && words.contains(&"install")
                    && !command.contains("--no-install-recommends")
            })
        })
        .map(|i| (i.line, "apt-get install".to_string()))
        .collect();
    problem(
        "apt-recommends",
        Severity::Low,
        "installs packages with `apt-get install` without `--no-install-recommends`".into(),
        places,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_patterns() {
        assert!(not_ignored(".env\n.git\n").is_empty());
        assert!(not_ignored("**/.env*\n.git/\n").is_empty());
        assert!(not_ignored("*\n!src\n").is_empty());
        assert_eq!(not_ignored("node_modules\n.git\n"), vec![".env"]);
        assert_eq!(not_ignored(".env\n!.env\n.git\n"), vec![".env"]);
    }

    #[test]
    fn pipe_to_shell_forms() {
        for yes in [
            "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
            "wget -qO- https://get.docker.com | sudo sh",
            "curl -sSL https://install.python-poetry.org | /usr/bin/sh -s",
            "sh -c \"$(curl -fsSL https://raw.githubusercontent.com/x/install.sh)\"",
        ] {
            assert!(PIPE_TO_SHELL.is_match(yes), "{yes}");
        }
        for no in [
            "curl -fsSLo /tmp/a.sh https://x && sha256sum -c a.sha && sh /tmp/a.sh",
            "curl https://x | tar xz",
            "wget -q https://x -O - | shasum",
        ] {
            assert!(!PIPE_TO_SHELL.is_match(no), "{no}");
        }
    }
}
