//! `goroseer fleet` and `goroseer --json` on a directory and on a `.tar.gz` of the
//! generated relay fleet (`tests/fixtures/fleet`): the leaking replica and its group,
//! with the ground truth's counts.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fleet")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(args)
        .output()
        .expect("goroseer runs");
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// (pod, goroutines, blocked sends, leaking) from the generator's ground truth.
fn truth() -> Vec<(String, u64, u64, bool)> {
    let text = std::fs::read_to_string(fixture().join("truth.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pod"].as_str().unwrap().to_owned(),
                p["goroutines"].as_u64().unwrap(),
                p["blockedSends"].as_u64().unwrap(),
                p["leaking"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn check(fleet: &serde_json::Value) {
    let pods = truth();
    let (sick, _, blocked, _) = pods.iter().find(|p| p.3).unwrap();
    let processes = fleet["processes"].as_array().unwrap();
    assert_eq!(processes.len(), pods.len());
    for (pod, goroutines, _, _) in &pods {
        let p = processes
            .iter()
            .find(|p| p["name"] == pod.as_str())
            .unwrap();
        assert_eq!(p["total"], *goroutines, "{pod}");
        let states: u64 = p["states"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(states, *goroutines, "{pod}");
    }
    let outliers = fleet["outliers"].as_array().unwrap();
    assert_eq!(outliers.len(), 1, "{outliers:?}");
    assert_eq!(outliers[0]["process"], sick.as_str());
    assert_eq!(outliers[0]["count"], *blocked);
    assert!(outliers[0]["function"]
        .as_str()
        .unwrap()
        .ends_with("relay.(*Fanout).send"));
}

#[test]
fn fleet_of_a_directory_names_the_leaking_replica() {
    let dir = fixture();
    let (ok, out, err) = run(&["fleet", "--json", dir.to_str().unwrap()]);
    assert!(ok, "{err}");
    let fleet: serde_json::Value = serde_json::from_str(&out).unwrap();
    check(&fleet);
    let (ok, text, err) = run(&["fleet", dir.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (sick, _, blocked, _) = truth().into_iter().find(|p| p.3).unwrap();
    assert!(
        text.contains(&format!("{sick}: {blocked} goroutines in example.com/fleet/relay.(*Fanout).send [chan send]; the other 5 replicas have")),
        "{text}"
    );
}

#[test]
fn json_of_a_tar_gz_carries_the_fleet() {
    let pods = truth();
    let mut tar = tar::Builder::new(Vec::new());
    for (pod, ..) in &pods {
        let bytes = std::fs::read(fixture().join(pod).join("goroutines.txt")).unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(
            &mut header,
            format!("pods/{pod}/goroutines.txt"),
            &bytes[..],
        )
        .unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar.into_inner().unwrap()).unwrap();
    let path = std::env::temp_dir().join(format!("goroseer-fleet-{}.tar.gz", std::process::id()));
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let (ok, out, err) = run(&["--json", path.to_str().unwrap()]);
    let forced = run(&["--json", "--layout", "snapshots", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["profiles"].as_array().unwrap().len(), pods.len());
    check(&report["fleet"]);
    assert!(forced.0, "{}", forced.2);
    let report: serde_json::Value = serde_json::from_str(&forced.1).unwrap();
    assert!(report.get("fleet").is_none(), "told they are snapshots");
}

#[test]
fn bad_fleet_arguments_are_refused() {
    let (ok, _, err) = run(&["fleet"]);
    assert!(!ok && err.contains("give the dumps"), "{err}");
    let (ok, _, err) = run(&["fleet", "--layout", "sideways", "x"]);
    assert!(!ok && err.contains("--layout"), "{err}");
    let (ok, _, err) = run(&["fleet", "/nonexistent/dumps.zip"]);
    assert!(!ok && err.contains("/nonexistent/dumps.zip"), "{err}");
}
