//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "fcto",
    version,
    about = "A fractional CTO in one binary: assess a git repository and say what to do first"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess a repository: stack, size, team, hotspots, findings, scores and first actions.
    Assess(AssessArgs),
    /// List every rule: code, name, area, default severity, status.
    Rules(RulesArgs),
    /// Print a rule's documentation: what it checks, why it matters, how to fix, options.
    Explain {
        /// A rule code (TEAM001), catalogue id (TEAM-01) or name (low-truck-factor).
        rule: String,
    },
    /// List every function with its lines, parameters and complexity (table, CSV or JSON).
    Functions(FunctionsArgs),
    /// Write an fcto.toml with the company's stage, markets, headcount and agency use.
    Init(InitArgs),
    /// Manage the vulnerability (OSV) data that `assess` checks the lockfiles' packages against.
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Download OSV's advisories for the ecosystems of a repository's lockfiles (the only
    /// command that uses the network).
    Update(DbUpdateArgs),
}

#[derive(Debug, Args)]
pub struct DbUpdateArgs {
    /// The repository whose lockfiles decide which ecosystems to download.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Download these ecosystems instead (npm, PyPI, crates.io, Go, RubyGems, Packagist, Maven,
    /// NuGet, Hex, Pub; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ecosystem: Vec<String>,
    /// Download every ecosystem fcto reads.
    #[arg(long, conflicts_with = "ecosystem")]
    pub all: bool,
    /// Where to keep the data (default: `$FCTO_DB_DIR`, else `~/.cache/fcto/osv`).
    #[arg(long)]
    pub db_dir: Option<PathBuf>,
    /// Where to download from: a mirror with OSV's layout (`<ecosystem>/all.zip`).
    #[arg(long, default_value = crate::db::OSV_SOURCE)]
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Terminal,
    Markdown,
    Json,
}

/// The formats of a report: those of `FormatArg` and SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Terminal,
    Markdown,
    Json,
    /// SARIF 2.1.0, for code scanning dashboards.
    Sarif,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The repository (or directory) to assess.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format; by default terminal, or taken from the extension of -o.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormatArg>,
    /// Write the report to this file (.md, .json or .sarif decide the format unless --format is
    /// given).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Assess the repository as it was at a commit, tag, branch or date (YYYY-MM-DD).
    #[arg(long)]
    pub rev: Option<String>,
    /// Company context file (default: PATH/fcto.toml when present).
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// Run only these rules: codes, prefixes, areas or names (repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules: codes, prefixes, areas or names.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Do not read the git history (inventory and stack only).
    #[arg(long)]
    pub no_history: bool,
    /// Accepted findings by fingerprint, with reasons (default: PATH/.fcto-baseline.toml when
    /// present).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Write a baseline accepting every finding of this run (and keeping the baseline's
    /// reasons), to edit the reasons in.
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
    /// Extra secret rules and allowlist in gitleaks' config format (never read from the
    /// assessed repository on its own: a repository could allowlist its own secrets away).
    #[arg(long)]
    pub gitleaks_config: Option<PathBuf>,
    /// Vulnerability data: a folder or zip of OSV records (default: what `fcto db update`
    /// downloaded).
    #[arg(long)]
    pub osv_db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the rules as JSON.
    #[arg(long, value_enum, default_value = "terminal")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the file.
    #[arg(short, long, default_value = "fcto.toml")]
    pub output: PathBuf,
    /// Company stage: pre-product, mvp, rebuild, growth, scale, due-diligence.
    #[arg(long)]
    pub stage: Option<String>,
    /// Markets, comma-separated (e.g. EU,US).
    #[arg(long, value_delimiter = ',')]
    pub markets: Option<Vec<String>>,
    /// Number of engineers.
    #[arg(long)]
    pub engineers: Option<u32>,
    /// Whether an agency or freelancers build the product.
    #[arg(long)]
    pub agency: Option<bool>,
    /// Do not ask; use the flags given and defaults for the rest.
    #[arg(long)]
    pub yes: bool,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FunctionSort {
    /// By file and line.
    Path,
    Name,
    Cyclomatic,
    Cognitive,
    /// Code lines.
    Lines,
    Parameters,
    Nesting,
}

#[derive(Debug, Args)]
pub struct FunctionsArgs {
    /// A repository, or a folder or file inside one (paths stay relative to the repository).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Sort order; numbers sort largest first.
    #[arg(long, value_enum, default_value = "path")]
    pub sort: FunctionSort,
    /// Only functions with at least this cyclomatic complexity.
    #[arg(long, default_value_t = 0)]
    pub min_cyclomatic: u32,
    /// Only functions with at least this cognitive complexity.
    #[arg(long, default_value_t = 0)]
    pub min_cognitive: u32,
    /// Only functions with at least this many code lines.
    #[arg(long, default_value_t = 0)]
    pub min_lines: u32,
    /// Only these languages (tokei names such as Rust, TypeScript, "C++"; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub language: Vec<String>,
    /// At most this many functions, after sorting.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Read the files as they were at a commit, tag, branch or date (YYYY-MM-DD).
    #[arg(long)]
    pub rev: Option<String>,
    /// How cyclomatic complexity counts: fcto's definition, or exactly the tokens lizard
    /// counts (to compare with lizard; see docs/code-health.md).
    #[arg(long, value_enum, default_value = "fcto")]
    pub count: CountingArg,
    /// Print the files whose functions were read, one per line, instead of the functions
    /// (for comparisons with other tools on the same files).
    #[arg(long, hide = true)]
    pub parsed_files: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CountingArg {
    Fcto,
    Lizard,
}
