use std::process::ExitCode;

use clap::Parser;
use incidents::cli::{Cli, Command};
use incidents::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => commands::browse(cli.path.as_deref(), cli.skip_invalid),
        Some(Command::Check { path }) => commands::check(path.as_deref()),
        Some(Command::Summary { path, json }) => commands::summary(path.as_deref(), json),
        Some(Command::Search {
            args,
            json,
            sort,
            desc,
            skip_invalid,
        }) => commands::search(&args, json, sort, desc, skip_invalid),
    }
}
