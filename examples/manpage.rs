//! Writes the man page, rendered from the command-line definition:
//! `cargo run --example manpage > incidents.1 && man ./incidents.1`.

use clap::CommandFactory;

fn main() -> std::io::Result<()> {
    let man = clap_mangen::Man::new(incidents::cli::Cli::command());
    man.render(&mut std::io::stdout())
}
