//! `incidents convert`: a CSV export written as our JSONL, read back the same.

use crate::common::{fixture, load, scratch, text};
use incidents::dataset::load_path;
use serde_json::Value;

fn run_convert(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("convert")
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn convert_writes_jsonl_that_loads_back_the_same() {
    let dir = scratch("csv-convert");
    for name in ["acled.csv", "acled-pre2023.csv", "ucdp-ged.csv", "gtd.csv"] {
        let input = fixture(name);
        let out = dir.join(format!("{name}.jsonl"));
        let run = run_convert(&[input.as_os_str(), "-o".as_ref(), out.as_os_str()]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{name}: {stderr}");
        let csv = load(name);
        assert!(
            stderr.contains(&format!(
                "wrote {} and {}",
                incidents::dataset::plural::of(csv.dataset.incidents.len(), "incident"),
                incidents::dataset::plural::of(csv.dataset.documents.len(), "document")
            )),
            "{stderr}"
        );
        let written = std::fs::read_to_string(&out).expect("written");
        let lines: Vec<Value> = written
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON record a line"))
            .collect();
        assert_eq!(lines[0]["type"], "document");
        assert_eq!(lines.last().expect("records")["type"], "incident");
        // ACLED and UCDP record no injuries: written as null, not left out.
        assert!(lines
            .iter()
            .filter(|l| l["type"] == "incident")
            .all(|l| l.get("wounded").is_some() && l.get("killed").is_some()));
        let jsonl = load_path(&out, &mut |_| {});
        assert!(jsonl.errors.is_empty(), "{name}: {:?}", jsonl.errors);
        let (a, b) = (&csv.dataset, &jsonl.dataset);
        assert_eq!(a.incidents.len(), b.incidents.len());
        for (x, y) in a.incidents.iter().zip(&b.incidents) {
            assert_eq!(x.id, y.id);
            for field in incidents::dataset::INCIDENT_FIELDS {
                assert_eq!(
                    x.display_field(field),
                    y.display_field(field),
                    "{name} {}",
                    x.id
                );
            }
            assert_eq!((x.killed, x.wounded), (y.killed, y.wounded));
            assert_eq!(x.extra, y.extra, "{name} {}", x.id);
            assert_eq!(text(a, &x.id), text(b, &y.id));
        }
        for (x, y) in a.documents.iter().zip(&b.documents) {
            assert_eq!((&x.id, &x.outlet, &x.text), (&y.id, &y.outlet, &y.text));
        }
    }
}

#[test]
fn convert_refuses_to_write_over_errors_unless_asked() {
    let dir = scratch("csv-convert-errors");
    let input = dir.join("gtd.csv");
    std::fs::write(
        &input,
        "eventid,iyear,imonth,iday,provstate,gname,nkill\n,2017,1,2,Basra,Unknown,1\n2,2017,1,3,Basra,Unknown,4\n",
    )
    .expect("write");
    let out = dir.join("out.jsonl");
    let run = run_convert(&[input.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("gtd.csv:2:1: error: the row has no eventid"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
    let run = run_convert(&[
        input.as_os_str(),
        "--skip-invalid".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success());
    let written = std::fs::read_to_string(&out).expect("written");
    assert_eq!(
        written,
        "{\"type\":\"incident\",\"id\":\"2\",\"date\":\"2017-01-03\",\"province\":\"Basra\",\"perpetrator\":\"Unknown\",\"killed\":4,\"wounded\":null}\n"
    );
    // Writing over the input is refused.
    let run = run_convert(&[input.as_os_str(), "-o".as_ref(), input.as_os_str()]);
    assert!(!run.status.success());
    assert!(std::fs::read_to_string(&input)
        .expect("still there")
        .starts_with("eventid,"));
}
