//! A user's gazetteer (`--gazetteer`, or `gazetteers` in the config) applies
//! to the browser and to every subcommand alike, so `incidents search` and
//! the browser agree on provinces and evidence flags.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use incidents::cli::ArticleArgs;
use incidents::commands::Context;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gazetteer");

/// One incident in "Raqqa Governorate", its evidence saying "al-Raqqah":
/// warnings with the built-in (Iraq) gazetteer only, none with Syria's.
fn dataset() -> PathBuf {
    Path::new(FIXTURES).join("raqqa.jsonl")
}

fn syria() -> PathBuf {
    Path::new(FIXTURES).join("syria.json")
}

fn run(args: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incidents"))
        .args(args)
        .arg("--config")
        .arg(config)
        .output()
        .expect("the binary runs")
}

fn no_config() -> PathBuf {
    PathBuf::from("/nonexistent/incidents-test/config.toml")
}

/// What the browser opens: the same context and open function `main` gives it.
fn browser_warnings(gazetteers: &[PathBuf], config: &Path) -> usize {
    let settings = incidents::settings::load(Some(config), true);
    let ctx = Context::new(gazetteers, &ArticleArgs::default(), settings).expect("gazetteer reads");
    ctx.open(&[dataset()]).loaded.dataset.warning_count()
}

#[test]
fn search_honours_the_gazetteer_flag_as_the_browser_does() {
    let ds = dataset();
    let ds = ds.to_str().expect("UTF-8 path");
    let gz = syria();
    let gz = gz.to_str().expect("UTF-8 path");
    let config = no_config();

    let without = run(&["search", ds, "has:warning"], &config);
    assert_eq!(without.status.code(), Some(0), "listed with Iraq's only");
    assert_eq!(browser_warnings(&[], &config), 2);

    let with = run(&["search", ds, "has:warning", "--gazetteer", gz], &config);
    assert_eq!(
        with.status.code(),
        Some(1),
        "nothing has a warning with Syria's gazetteer: {}",
        String::from_utf8_lossy(&with.stdout)
    );
    assert_eq!(browser_warnings(&[syria()], &config), 0);
}

#[test]
fn the_configs_gazetteers_apply_to_search_and_convert() {
    let dir = std::env::temp_dir().join(format!("incidents-gazetteer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!("gazetteers = [{:?}]\n", syria().to_str().expect("UTF-8")),
    )
    .expect("write config");
    let ds = dataset();
    let ds = ds.to_str().expect("UTF-8 path");

    let search = run(&["search", ds, "has:warning"], &config);
    assert_eq!(
        search.status.code(),
        Some(1),
        "the config's gazetteer is read"
    );
    assert_eq!(browser_warnings(&[], &config), 0);

    let out = dir.join("out.jsonl");
    let convert = run(
        &["convert", ds, "-o", out.to_str().expect("UTF-8")],
        &config,
    );
    assert!(convert.status.success());
    let said = String::from_utf8_lossy(&convert.stderr);
    assert!(
        said.contains("wrote 1 incident and 1 document") && !said.contains("warning"),
        "{said}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unreadable_gazetteer_is_an_error_for_every_command() {
    let ds = dataset();
    let ds = ds.to_str().expect("UTF-8 path");
    let config = no_config();
    for args in [
        vec!["search", ds, "kirkuk"],
        vec!["export", ds, "-o", "-"],
        vec!["convert", ds, "-o", "-"],
        vec!["check", ds],
    ] {
        let mut all = args.clone();
        all.extend(["--gazetteer", "/nonexistent/gazetteer.json"]);
        let o = run(&all, &config);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("gazetteer /nonexistent/gazetteer.json"),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
