use std::process::ExitCode;

use clap::Parser;
use incidents::cli::{Cli, Command};
use incidents::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            let settings = commands::settings::load(cli.config.as_deref(), cli.no_mouse);
            commands::browse(
                commands::BrowseArgs {
                    path: cli.path.as_deref(),
                    skip_invalid: cli.skip_invalid,
                    gazetteers: &cli.gazetteers,
                    reviews: cli.reviews.as_deref(),
                    print_selected: cli.print_selected,
                },
                settings,
            )
        }
        Some(Command::Check { path, gazetteers }) => commands::check(path.as_deref(), &gazetteers),
        Some(Command::Summary {
            path,
            json,
            gazetteers,
            reviews,
            include_rejected,
        }) => commands::summary(
            path.as_deref(),
            json,
            &gazetteers,
            reviews.as_deref(),
            include_rejected,
        ),
        Some(Command::Config { path, default }) => {
            commands::config(path, default, cli.config.as_deref())
        }
        Some(Command::Completions { shell }) => commands::completions(shell),
        Some(Command::Export {
            path,
            reviews,
            output,
            format,
            only,
        }) => commands::export(commands::ExportArgs {
            path: path.as_deref(),
            reviews: reviews.as_deref(),
            output: &output,
            format,
            only,
        }),
        Some(Command::Convert {
            input,
            output,
            skip_invalid,
        }) => commands::convert(&input, &output, skip_invalid),
        Some(Command::Search {
            args,
            json,
            sort,
            desc,
            skip_invalid,
        }) => commands::search(&args, json, sort, desc, skip_invalid),
        Some(Command::Compare {
            reference,
            other,
            json,
            gazetteers,
            skip_invalid,
        }) => commands::compare(&reference, &other, json, &gazetteers, skip_invalid),
    }
}
