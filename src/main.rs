use std::process::ExitCode;

use clap::Parser;
use incidents::cli::{Cli, Command};
use incidents::commands::{self, Context};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Config { path, default }) => {
            return commands::config(*path, *default, cli.config.as_deref())
        }
        Some(Command::Completions { shell }) => return commands::completions(*shell),
        _ => {}
    }
    // One config, one set of gazetteers and one way of opening, for the
    // browser and every subcommand.
    let settings = incidents::settings::load(cli.config.as_deref(), cli.no_mouse);
    let ctx = match Context::new(&cli.gazetteers, &cli.articles, settings) {
        Ok(ctx) => ctx,
        Err(e) => {
            incidents::commands::out::say(&format!("incidents: {e}"));
            // search and compare keep grep's "trouble" status.
            let trouble = matches!(
                cli.command,
                Some(Command::Search { .. } | Command::Compare { .. } | Command::Duplicates { .. })
            );
            return ExitCode::from(if trouble { 2 } else { 1 });
        }
    };
    let ctx = &ctx;
    match cli.command {
        None => commands::browse(
            commands::BrowseArgs {
                paths: &cli.paths,
                skip_invalid: cli.skip_invalid,
                reviews: cli.reviews.as_deref(),
                print_selected: cli.print_selected,
            },
            ctx,
        ),
        Some(Command::Check {
            paths,
            problems_only,
        }) => commands::check(&paths, problems_only, ctx),
        Some(Command::Summary {
            paths,
            json,
            reviews,
            include_rejected,
            by,
            query,
            csv,
            count_clusters_once,
        }) => commands::summary(
            &paths,
            commands::SummaryArgs {
                json,
                csv,
                count_clusters_once,
                reviews: reviews.as_deref(),
                include_rejected,
                by,
                query: query.as_deref(),
            },
            ctx,
        ),
        Some(Command::Config { .. } | Command::Completions { .. }) => ExitCode::SUCCESS,
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
            ctx,
        }),
        Some(Command::Convert {
            input,
            output,
            skip_invalid,
        }) => commands::convert(&input, &output, skip_invalid, ctx),
        Some(Command::Extract {
            inputs,
            output,
            skip_invalid,
        }) => commands::extract(&inputs, &output, skip_invalid, ctx),
        Some(Command::Search {
            args,
            json,
            sort,
            desc,
            skip_invalid,
            reviews,
        }) => commands::search(
            &commands::SearchArgs {
                args: &args,
                json,
                sort,
                descending: desc,
                skip_invalid,
                reviews: reviews.as_deref(),
            },
            ctx,
        ),
        Some(Command::Compare {
            reference,
            other,
            json,
            skip_invalid,
        }) => commands::compare(&reference, &other, json, skip_invalid, ctx),
        Some(Command::Duplicates {
            path,
            days,
            km,
            threshold,
            taxonomies,
            json,
            skip_invalid,
            reviews,
        }) => commands::duplicates(
            &commands::DuplicatesArgs {
                path: path.as_deref(),
                reviews: reviews.as_deref(),
                options: incidents::dedup::Options {
                    days,
                    km,
                    threshold,
                },
                taxonomies: &taxonomies,
                json,
                skip_invalid,
            },
            ctx,
        ),
    }
}
