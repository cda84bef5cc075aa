//! The `fcto` command line: arguments, configuration, subcommands and exit codes
//! (0 done, 2 the tool could not do its work).

mod accept;
mod args;
mod assess;
mod config;
mod db;
mod functions;
mod init;
mod output;
mod progress;
mod rules_cmd;
mod summaries;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Assess(a) => assess::run(a),
        args::Command::Rules(a) => rules_cmd::list(a),
        args::Command::Explain { rule } => rules_cmd::explain(rule),
        args::Command::Functions(a) => functions::run(a),
        args::Command::Init(a) => init::run(a),
        args::Command::Db(args::DbCommand::Update(a)) => db::update(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err);
            ExitCode::from(2)
        }
    }
}
