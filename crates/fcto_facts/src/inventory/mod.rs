//! The files of the assessed tree: walked once (work tree honouring `.gitignore`, or the commit's
//! tree read from git), classified by language, counted in code/comment/blank lines as tokei 15
//! counts them, and marked when generated, vendored, minified, binary or too large to parse.

mod classify;
mod lines;
mod markers;
mod walk;

pub(crate) use lines::newlines;
pub use walk::{InventoryOptions, read_inventory};

use crate::syntax::FileSyntax;
use std::collections::BTreeMap;

/// Files larger than this are counted (bytes, lines) but not parsed or kept in memory.
pub const LARGE_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Why a file is left out of code metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// Generated code; the detail says what marked it.
    Generated(String),
    /// Third-party code checked in.
    Vendored(String),
    /// Minified or bundled code.
    Minified(String),
    /// Not text.
    Binary,
    /// Over `LARGE_FILE_BYTES`: lines counted, contents not analysed.
    Large,
}

impl Exclusion {
    pub fn reason(&self) -> &'static str {
        match self {
            Exclusion::Generated(_) => "generated",
            Exclusion::Vendored(_) => "vendored",
            Exclusion::Minified(_) => "minified",
            Exclusion::Binary => "binary",
            Exclusion::Large => "large",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Exclusion::Generated(d) | Exclusion::Vendored(d) | Exclusion::Minified(d) => d.clone(),
            Exclusion::Binary => "contains NUL bytes".to_string(),
            Exclusion::Large => format!("over {} MB", LARGE_FILE_BYTES / 1024 / 1024),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineStats {
    pub code: u64,
    pub comments: u64,
    pub blanks: u64,
}

impl LineStats {
    pub fn lines(&self) -> u64 {
        self.code + self.comments + self.blanks
    }
}

#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Relative to the repository root, `/`-separated. Non-UTF-8 bytes are replaced (lossy) and
    /// the inventory notes it.
    pub path: String,
    pub bytes: u64,
    /// tokei's language name, when tokei recognises the file.
    pub language: Option<String>,
    /// The file's lines in its own language, as tokei reports them in that language's row
    /// (zero when the language is unknown). For a file over `LARGE_FILE_BYTES`, non-blank lines
    /// count as code, without parsing.
    pub stats: LineStats,
    /// Lines of blocks in another language embedded in the file, which tokei reports as that
    /// language's children: Markdown in Rust doc comments, `<script>` in HTML/Vue, code fences
    /// in Markdown. `stats.lines() + embedded.lines()` is the file's line count.
    pub embedded: LineStats,
    pub exclusion: Option<Exclusion>,
    /// Under a hidden directory or named with a leading dot; tokei skips these by default, so
    /// they are kept out of language totals too, but they are read for stack and CI facts.
    pub hidden: bool,
    /// For a symbolic link to a regular file inside the repository: the target's path
    /// (relative, after following every link). Links are not followed when walking; such a
    /// link is listed with the target's size, and its contents are kept in `documents` under
    /// the link's path when the link's name is well known (a root `README.md` pointing to
    /// `docs/README.md`). Its lines are not counted (`language` is `None`), as tokei does not
    /// follow links. Links to directories, outside the repository, dangling or looping are not
    /// listed.
    pub symlink: Option<String>,
}

impl FileEntry {
    /// All lines of the file, embedded blocks included.
    pub fn lines(&self) -> u64 {
        self.stats.lines() + self.embedded.lines()
    }

    /// Whether the file counts as the product's own code: a known language, not excluded, not
    /// hidden.
    pub fn is_product_code(&self) -> bool {
        self.language.is_some() && self.exclusion.is_none() && !self.hidden
    }
}

/// A `TODO`/`FIXME`/`HACK`/`XXX`/`KLUDGE`/`TEMP`/`WORKAROUND` marker in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtMarker {
    pub path: String,
    pub line: u32,
    pub kind: String,
    /// The comment text after the marker, trimmed to 120 characters.
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Sorted by path.
    pub files: Vec<FileEntry>,
    /// Contents of the well-known files the stack and rules read (manifests, lockfiles, README,
    /// `.gitignore`, CI, Docker, Kubernetes, Terraform...), keyed by path. See `is_well_known`.
    pub documents: BTreeMap<String, Vec<u8>>,
    pub markers: Vec<DebtMarker>,
    /// Functions and tokens of the product's code files in the languages `syntax` supports,
    /// keyed by path.
    pub syntax: BTreeMap<String, FileSyntax>,
    /// Credentials in the text files, with `InventoryOptions::secrets`, sorted by path and line.
    pub secrets: Vec<FileSecret>,
    /// Risky code and settings found by `code_patterns`, by path and line.
    pub pattern_hits: Vec<crate::code_patterns::PatternHit>,
    /// Problems met while reading (unreadable files, symlink loops, non-UTF-8 paths), for notes.
    pub problems: Vec<String>,
    /// `worktree` or `commit <id>`.
    pub source: String,
}

/// A credential in a file of the assessed tree.
#[derive(Debug, Clone)]
pub struct FileSecret {
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// Index of the rule in the `RuleSet` scanned with.
    pub rule: usize,
    /// The secret (never print it whole: `secrets::mask`).
    pub secret: String,
    /// A test-mode or publishable credential.
    pub test_mode: bool,
    /// Accepted on its line (`secrets::ALLOW_MARKERS`).
    pub allowed: bool,
}

impl Inventory {
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    pub fn document(&self, path: &str) -> Option<&[u8]> {
        self.documents.get(path).map(Vec::as_slice)
    }

    pub fn document_text(&self, path: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.document(path).map(String::from_utf8_lossy)
    }

    /// Per-language totals over product code, largest first.
    pub fn language_totals(&self) -> Vec<(String, u64, LineStats)> {
        let mut totals: BTreeMap<&str, (u64, LineStats)> = BTreeMap::new();
        for f in self.files.iter().filter(|f| f.is_product_code()) {
            let Some(lang) = f.language.as_deref() else {
                continue;
            };
            let e = totals.entry(lang).or_default();
            e.0 += 1;
            e.1.code += f.stats.code;
            e.1.comments += f.stats.comments;
            e.1.blanks += f.stats.blanks;
        }
        let mut v: Vec<_> = totals
            .into_iter()
            .map(|(l, (n, s))| (l.to_string(), n, s))
            .collect();
        v.sort_by(|a, b| b.2.code.cmp(&a.2.code).then_with(|| a.0.cmp(&b.0)));
        v
    }

    pub fn product_code(&self) -> u64 {
        self.files
            .iter()
            .filter(|f| f.is_product_code())
            .map(|f| f.stats.code)
            .sum()
    }
}

/// Whether a file's contents are kept for the stack and the rules. Matches on the file name
/// (and a few directories); sizes are capped by the walker.
pub fn is_well_known(path: &str) -> bool {
    const NAMES: &[&str] = &[
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "pnpm-workspace.yaml",
        "bun.lock",
        "bun.lockb",
        "lerna.json",
        "nx.json",
        "turbo.json",
        "pyproject.toml",
        "pipfile",
        "pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "setup.py",
        "setup.cfg",
        "gemfile",
        "gemfile.lock",
        "go.mod",
        "go.sum",
        "go.work",
        "cargo.toml",
        "cargo.lock",
        "composer.json",
        "composer.lock",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
        "gradle.lockfile",
        "packages.lock.json",
        "mix.exs",
        "mix.lock",
        "pubspec.yaml",
        "pubspec.lock",
        "package.swift",
        "package.resolved",
        "podfile",
        "podfile.lock",
        "dockerfile",
        "containerfile",
        "vercel.json",
        "netlify.toml",
        "fly.toml",
        "render.yaml",
        "procfile",
        "app.json",
        "app.yaml",
        "railway.json",
        "railway.toml",
        "firebase.json",
        ".gitignore",
        ".gitattributes",
        ".mailmap",
        "codeowners",
        ".gitlab-ci.yml",
        "action.yml",
        "action.yaml",
        "jenkinsfile",
        ".travis.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "appveyor.yml",
        ".drone.yml",
        ".woodpecker.yml",
        "cloudbuild.yaml",
        "buildspec.yml",
        "codemagic.yaml",
        "bitrise.yml",
        "makefile",
        "justfile",
        "dependabot.yml",
        "dependabot.yaml",
        "renovate.json",
        "osv-scanner.toml",
        "renovate.json5",
        ".renovaterc",
        ".renovaterc.json",
        ".gitmodules",
        "serverless.yml",
        "serverless.yaml",
        "skaffold.yaml",
        "chart.yaml",
        "kustomization.yaml",
        "requirements.in",
        ".nvmrc",
        ".node-version",
        ".python-version",
        ".ruby-version",
        "runtime.txt",
        "rust-toolchain",
        "rust-toolchain.toml",
        "global.json",
        "deno.json",
        "deno.jsonc",
        "angular.json",
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "nuxt.config.ts",
        "nuxt.config.js",
        "svelte.config.js",
        "vite.config.ts",
        "vite.config.js",
        "manage.py",
        "wrangler.toml",
        "supabase.json",
        "docker-bake.hcl",
        ".tool-versions",
        ".terraform.lock.hcl",
        "libs.versions.toml",
        "directory.packages.props",
        "cdk.json",
        "heroku.yml",
        "nixpacks.toml",
        "amplify.yml",
        "netlify.yml",
        "app.config.js",
        "app.config.ts",
        "helmfile.yaml",
        "license",
        "license.md",
        "license.txt",
        "licence",
        "licence.md",
        "copying",
        "openapi.yaml",
        "openapi.yml",
        "openapi.json",
        "swagger.yaml",
        "swagger.json",
        "mypy.ini",
        ".mypy.ini",
        "pytest.ini",
        "tox.ini",
        "cypress.json",
        // Security policy and hooks (SEC-22).
        "security.md",
        ".pre-commit-config.yaml",
        ".pre-commit-config.yml",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let in_dir = |dir: &str| path.starts_with(dir) || path.contains(&format!("/{dir}"));
    if NAMES.contains(&lower.as_str()) {
        return true;
    }
    // TypeScript and JavaScript module resolution (`paths`, `baseUrl`, `extends`): the import
    // graph reads them.
    if (lower.starts_with("tsconfig") || lower.starts_with("jsconfig")) && extension == "json" {
        return true;
    }
    // Test runner settings: retries (QUA-13).
    let script = matches!(
        extension,
        "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" | "json"
    );
    if (lower.starts_with("playwright.config")
        || lower.starts_with("cypress.config")
        || lower.starts_with("jest.config")
        || lower.starts_with("vitest.config"))
        && script
        || lower.starts_with(".mocharc")
    {
        return true;
    }
    if lower.starts_with("readme")
        || lower.starts_with("dockerfile")
        || lower.starts_with("containerfile")
        || matches!(extension, "dockerfile" | "containerfile")
    {
        return true;
    }
    if ((lower.starts_with("requirements") || in_dir("requirements/")) && extension == "txt")
        || matches!(
            extension,
            "csproj" | "fsproj" | "vbproj" | "tf" | "tfvars" | "gemspec"
        )
    {
        return true;
    }
    let yaml = matches!(extension, "yml" | "yaml");
    if (lower.starts_with("docker-compose") || lower.starts_with("compose")) && yaml {
        return true;
    }
    if yaml
        && (in_dir(".github/workflows/")
            || in_dir(".circleci/")
            || in_dir(".buildkite/")
            || in_dir(".gitlab/")
            || is_kubernetes_yaml(path, &lower))
    {
        return true;
    }
    // Docker's build-context exclusions (OPS-15), `.dockerignore` or `<Dockerfile>.dockerignore`.
    if lower.ends_with(".dockerignore") || extension == "tofu" {
        return true;
    }
    lower.starts_with(".env")
}

/// YAML files that are likely Kubernetes manifests (SEC-21): those under the folders where
/// manifests, Helm charts and Kustomize overlays are kept, and those named after a workload or
/// object kind. Other YAML (application settings, fixtures, translations) is not kept, as
/// documents are held in memory.
fn is_kubernetes_yaml(path: &str, lower_name: &str) -> bool {
    /// Folder names matched exactly.
    const FOLDERS: &[&str] = &[
        "deploy",
        "deployment",
        "deployments",
        "charts",
        "infra",
        "infrastructure",
        "ops",
        "overlays",
        "base",
        "argocd",
        "kustomize",
        "openshift",
        "gitops",
    ];
    /// Parts of folder or file names (`k8s-prod/`, `kubernetes-manifests/`, `helm-chart/`).
    const PARTS: &[&str] = &["k8s", "kube", "manifest", "helm"];
    const KINDS: &[&str] = &[
        "deployment",
        "service",
        "statefulset",
        "daemonset",
        "cronjob",
        "ingress",
        "configmap",
        "secret",
        "pod",
        "job",
        "networkpolicy",
        "rbac",
        "namespace",
    ];
    let mut folders = path.split('/').collect::<Vec<_>>();
    folders.pop();
    let in_folder = folders.iter().any(|f| {
        let f = f.to_ascii_lowercase();
        PARTS.iter().any(|p| f.contains(p)) || FOLDERS.contains(&f.as_str())
    });
    in_folder || KINDS.iter().chain(PARTS).any(|k| lower_name.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_files() {
        for p in [
            "package.json",
            "apps/web/package.json",
            "README.md",
            ".github/workflows/ci.yml",
            ".github/actions/setup/action.yml",
            "infra/main.tf",
            "docker-compose.prod.yml",
            "services/api/requirements-dev.txt",
            "src/App.csproj",
            "deploy/k8s/api.yaml",
            ".docker/Dockerfile-alpine",
            "docker/api.Dockerfile",
            "Containerfile.dev",
            "apps/web/tsconfig.json",
            "tsconfig.base.json",
            "jsconfig.json",
            "mypy.ini",
            "e2e/playwright.config.ts",
            "cypress.config.js",
            ".mocharc.yml",
            "k8s-prod/api.yaml",
            "infra/kube/ingress.yml",
            "overlays/production/patch.yaml",
            "argocd/app.yaml",
            "services/api/api-deployment.yaml",
            "db-secret.yml",
            ".dockerignore",
            "docker/api.Dockerfile.dockerignore",
            "modules/vpc/main.tofu",
            "kubernetes-manifests/frontend.yaml",
            "release/kubernetes-manifests.yaml",
            "helm-chart/values.yaml",
            ".github/SECURITY.md",
            ".pre-commit-config.yaml",
        ] {
            assert!(is_well_known(p), "{p}");
        }
        for p in [
            "src/main.rs",
            "docs/guide.md",
            "config/settings.yaml",
            "notes.txt",
            "locales/en.yml",
            "test/fixtures/users.yaml",
            "database/seeds.yaml",
        ] {
            assert!(!is_well_known(p), "{p}");
        }
    }
}
