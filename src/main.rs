use std::process::ExitCode;

use clap::Parser;
use incidents::cli::{Cli, Command};
use incidents::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => commands::browse(cli.path.as_deref(), cli.skip_invalid, &cli.gazetteers),
        Some(Command::Check { path, gazetteers }) => commands::check(path.as_deref(), &gazetteers),
        Some(Command::Summary {
            path,
            json,
            gazetteers,
        }) => commands::summary(path.as_deref(), json, &gazetteers),
    }
}
