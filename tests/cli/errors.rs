//! One fixture per kind of content error (`tests/fixtures/errors/NAME/`): each build
//! must exit 1, write nothing, and print exactly its snapshot
//! `tests/cli/snapshots/errors/NAME.snap`, so a change to any message or position is seen
//! in review. `INSTA_UPDATE=always cargo test --test cli errors` refreshes the snapshots.

use crate::support::{Site, TODAY, fixtures, stderr_table};

/// Every fixture of `tests/fixtures/errors/`, by folder name (also its snapshot's name).
const FIXTURES: &[&str] = &[
    "unknown-key",
    "missing-title",
    "bad-date",
    "duplicate-slug",
    "missing-relation",
    "wrong-kind",
    "broken-links",
    "many",
];

#[test]
fn every_error_fixture_prints_its_snapshot_and_writes_nothing() {
    stderr_table(
        "errors",
        FIXTURES,
        |name| name,
        |name| {
            let stderr = Site::copy(&format!("errors/{name}")).refused_build();
            (
                format!("carebook build --today {TODAY} in tests/fixtures/errors/{name}"),
                stderr,
            )
        },
    );
}

#[test]
fn the_table_has_every_error_fixture() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<&str> = FIXTURES.to_vec();
    listed.sort_unstable();
    assert_eq!(folders, listed);
}
