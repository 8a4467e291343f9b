//! A fleet read from the generated relay replicas (`tests/fixtures/fleet`, made by
//! `tests/fixtures/gen/fleet`): from loose files, from a `.zip` and a `.tar.gz` made here,
//! the leaking replica and its group are named with the counts of the ground truth.

use std::io::Write;
use std::path::{Path, PathBuf};

use goroseer::report::fleet::FleetReport;
use goroseer::report::ReportOptions;
use goroseer::{FleetOptions, Layout, Options, Workspace};

struct Pod {
    name: String,
    goroutines: u64,
    blocked: u64,
    leaking: bool,
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fleet")
}

fn truth() -> Vec<Pod> {
    let text = std::fs::read_to_string(fixture().join("truth.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| Pod {
            name: p["pod"].as_str().unwrap().to_owned(),
            goroutines: p["goroutines"].as_u64().unwrap(),
            blocked: p["blockedSends"].as_u64().unwrap(),
            leaking: p["leaking"].as_bool().unwrap(),
        })
        .collect()
}

fn dump(pod: &str) -> Vec<u8> {
    std::fs::read(fixture().join(pod).join("goroutines.txt")).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Every other pod's dump gzipped, under nested folders: `cluster/<pod>/goroutines.txt[.gz]`.
fn entries(pods: &[Pod]) -> Vec<(String, Vec<u8>)> {
    pods.iter()
        .enumerate()
        .map(|(i, p)| {
            let path = format!("cluster/ns/{}/goroutines.txt", p.name);
            if i % 2 == 1 {
                (format!("{path}.gz"), gzip(&dump(&p.name)))
            } else {
                (path, dump(&p.name))
            }
        })
        .collect()
}

fn zip_of(pods: &[Pod]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.add_directory("cluster/", options).unwrap();
    for (name, bytes) in entries(pods) {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn tar_gz_of(pods: &[Pod]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, bytes) in entries(pods) {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, &bytes[..]).unwrap();
    }
    gzip(&tar.into_inner().unwrap())
}

/// The fleet's facts against the ground truth.
fn check(fleet: &FleetReport, pods: &[Pod]) {
    assert_eq!(fleet.layout, Layout::Fleet);
    assert_eq!(fleet.processes.len(), pods.len());
    for pod in pods {
        let process = fleet
            .processes
            .iter()
            .find(|p| p.name == pod.name)
            .unwrap_or_else(|| panic!("{} among {:?}", pod.name, fleet.processes));
        assert_eq!(process.total, pod.goroutines, "{}", pod.name);
    }
    // The heat map holds every goroutine of every process.
    for (p, process) in fleet.processes.iter().enumerate() {
        let counted: u64 = fleet.groups.iter().map(|g| g.counts[p]).sum();
        assert_eq!(counted, process.total, "{}", process.name);
    }
    let sick = pods.iter().find(|p| p.leaking).unwrap();
    let others: Vec<u64> = pods
        .iter()
        .filter(|p| !p.leaking)
        .map(|p| p.blocked)
        .collect();
    assert_eq!(
        fleet.processes[0].name, sick.name,
        "most unlike the others first"
    );
    let [outlier] = fleet.outliers.as_slice() else {
        panic!("one outlier: {:?}", fleet.outliers);
    };
    assert_eq!(outlier.process, sick.name);
    assert!(
        outlier.function.ends_with("relay.(*Fanout).send"),
        "{}",
        outlier.function
    );
    assert_eq!(outlier.state.as_deref(), Some("chan send"));
    assert_eq!(outlier.count, sick.blocked);
    assert_eq!(outlier.others_min, *others.iter().min().unwrap());
    assert_eq!(outlier.others_max, *others.iter().max().unwrap());
    let mut sorted = others.clone();
    sorted.sort_unstable();
    assert_eq!(outlier.typical, sorted[(sorted.len() - 1) / 2]);
    let group = &fleet.groups[outlier.group];
    assert_eq!(group.function, outlier.function);
    let sick_index = fleet
        .processes
        .iter()
        .position(|p| p.name == sick.name)
        .unwrap();
    assert_eq!(group.counts[sick_index], sick.blocked);
    assert_eq!(fleet.findings.len(), 1);
    assert_eq!(
        fleet.findings[0].message,
        format!(
            "{}: {} goroutines in {} [chan send]; the other {} replicas have {}–{}",
            sick.name,
            sick.blocked,
            outlier.function,
            pods.len() - 1,
            outlier.others_min,
            outlier.others_max
        )
    );
}

#[test]
fn loose_files_name_the_leaking_replica() {
    let pods = truth();
    assert!(pods.len() >= 3 && pods.iter().filter(|p| p.leaking).count() == 1);
    let mut workspace = Workspace::new(Options::default());
    for pod in &pods {
        let name = format!("dumps/{}/goroutines.txt", pod.name);
        assert_eq!(workspace.add_file(name, dump(&pod.name)).unwrap().len(), 1);
    }
    let fleet = workspace.fleet(&FleetOptions::default()).unwrap().unwrap();
    check(&fleet, &pods);
    assert_eq!(workspace.parse_count(), pods.len());
    // The report of the drop carries the same fleet.
    let report = workspace.report(&ReportOptions::default());
    check(report.fleet.as_ref().expect("fleet in the report"), &pods);
    assert_eq!(report.profiles.len(), pods.len());
    for process in &report.fleet.as_ref().unwrap().processes {
        let profile = &report.profiles[process.report_profile];
        assert_eq!(profile.goroutines.as_ref().unwrap().total, process.total);
        assert_eq!(
            workspace.locate(process.report_profile),
            Some((process.input, process.profile))
        );
    }
}

#[test]
fn a_zip_and_a_tar_gz_give_the_same_fleet() {
    let pods = truth();
    for (name, bytes) in [
        ("fleet.zip", zip_of(&pods)),
        ("fleet.tar.gz", tar_gz_of(&pods)),
    ] {
        let mut workspace = Workspace::new(Options::default());
        let added = workspace.add_file(name, bytes).unwrap();
        assert_eq!(added, 0..pods.len(), "{name}");
        assert_eq!(workspace.parse_count(), pods.len());
        let fleet = workspace.fleet(&FleetOptions::default()).unwrap().unwrap();
        check(&fleet, &pods);
        assert!(workspace.inputs()[0]
            .name
            .starts_with(&format!("{name}/cluster/ns/")));
    }
}

#[test]
fn snapshots_are_no_fleet_unless_told() {
    let pods = truth();
    let add = |names: &dyn Fn(usize) -> String| {
        let mut workspace = Workspace::new(Options::default());
        for (i, pod) in pods.iter().enumerate() {
            workspace.add_file(names(i), dump(&pod.name)).unwrap();
        }
        workspace
    };
    // Times in the names: one process over time.
    let mut timed = add(&|i| format!("goroutine.t{}s.txt", 10 * (i + 1)));
    assert!(timed.report(&ReportOptions::default()).fleet.is_none());
    let fleet = timed.fleet(&FleetOptions::default()).unwrap().unwrap();
    assert_eq!(fleet.layout, Layout::Snapshots);
    // Told it is a fleet, it is read as one.
    timed.set_fleet_layout(Some(Layout::Fleet));
    let fleet = timed
        .report(&ReportOptions::default())
        .fleet
        .expect("given");
    assert_eq!(fleet.outliers.len(), 1);
    // Numbered names: a sequence.
    let numbered = add(&|i| format!("dump.{i}.txt"));
    assert!(numbered.report(&ReportOptions::default()).fleet.is_none());
    // Pods, told they are snapshots.
    let mut pods_told = add(&|i| format!("{}.txt", pods[i].name));
    assert!(pods_told.report(&ReportOptions::default()).fleet.is_some());
    pods_told.set_fleet_layout(Some(Layout::Snapshots));
    assert!(pods_told.report(&ReportOptions::default()).fleet.is_none());
}

#[test]
fn a_damaged_archive_adds_nothing_and_says_why() {
    let pods = truth();
    let mut bytes = zip_of(&pods);
    bytes.truncate(bytes.len() - 30);
    let mut workspace = Workspace::new(Options::default());
    let err = workspace.add_file("cut.zip", bytes).unwrap_err();
    assert!(err.to_string().starts_with("cut.zip: "), "{err}");
    assert_eq!(workspace.parse_count(), 0);
}

/// Loose files dropped from several folders, all `goroutines.txt` (the page's file picker
/// gives no paths): every dump gets a name of its own, in the report's `layout.dumps`, in
/// the comparison's snapshots and in the fleet's processes, and they agree.
#[test]
fn loose_files_of_one_name_are_told_apart() {
    let pods = truth();
    let mut workspace = Workspace::new(Options::default());
    for pod in &pods {
        workspace
            .add_file("goroutines.txt", dump(&pod.name))
            .unwrap();
    }
    let report = workspace.report(&ReportOptions::default());
    let dumps = &report.layout.as_ref().unwrap().dumps;
    let expected: Vec<String> = (1..=pods.len())
        .map(|k| format!("goroutines.txt ({k})"))
        .collect();
    assert_eq!(dumps, &expected);
    let comparison = workspace
        .compare(&goroseer::CompareOptions::default())
        .unwrap();
    let snapshots = &comparison.goroutines.as_ref().unwrap().snapshots;
    let named: Vec<&str> = snapshots.iter().map(|s| s.dump.as_str()).collect();
    assert_eq!(named, expected);
    assert!(snapshots.iter().all(|s| s.name == "goroutines.txt"));
    // Read as a fleet, each process is named as its dump is.
    workspace.set_fleet_layout(Some(Layout::Fleet));
    let report = workspace.report(&ReportOptions::default());
    let fleet = report.fleet.as_ref().expect("told it is a fleet");
    assert_eq!(fleet.processes.len(), pods.len());
    for process in &fleet.processes {
        assert_eq!(process.name, dumps[process.report_profile]);
        let pod = &pods[process.input];
        assert_eq!(process.total, pod.goroutines, "{}", pod.name);
    }
    assert_eq!(fleet.outliers.len(), 1);
    let sick = pods.iter().position(|p| p.leaking).unwrap();
    assert_eq!(fleet.outliers[0].process, expected[sick]);
}
