use std::process::ExitCode;

use clap::Parser;
use incidents::cli::{Cli, Command};
use incidents::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The config's lexicons and extractor apply to every subcommand; its
    // problems are reported by the browser, which reads all of it.
    let config = incidents::config::read_or_default(cli.config.as_deref());
    let articles = cli.articles.options(&config);
    match cli.command {
        None => {
            let settings = commands::settings::load(cli.config.as_deref(), cli.no_mouse);
            commands::browse(
                commands::BrowseArgs {
                    paths: &cli.paths,
                    articles,
                    skip_invalid: cli.skip_invalid,
                    gazetteers: &cli.gazetteers,
                    reviews: cli.reviews.as_deref(),
                    print_selected: cli.print_selected,
                },
                settings,
            )
        }
        Some(Command::Check { paths, gazetteers }) => {
            commands::check(&paths, &gazetteers, &articles)
        }
        Some(Command::Summary {
            paths,
            json,
            gazetteers,
            reviews,
            include_rejected,
        }) => commands::summary(
            &paths,
            json,
            &gazetteers,
            reviews.as_deref(),
            include_rejected,
            &articles,
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
            articles: &articles,
        }),
        Some(Command::Convert {
            input,
            output,
            skip_invalid,
        }) => commands::convert(&input, &output, skip_invalid, &articles),
        Some(Command::Extract {
            inputs,
            output,
            gazetteers,
            skip_invalid,
        }) => commands::extract(&inputs, &output, &gazetteers, skip_invalid, &articles),
        Some(Command::Search {
            args,
            json,
            sort,
            desc,
            skip_invalid,
        }) => commands::search(&args, json, sort, desc, skip_invalid, &articles),
        Some(Command::Compare {
            reference,
            other,
            json,
            gazetteers,
            skip_invalid,
        }) => commands::compare(
            &reference,
            &other,
            json,
            &gazetteers,
            skip_invalid,
            &articles,
        ),
    }
}
