//! One fixture per kind of content error: each asserts the exit code and the exact
//! diagnostics, so a change to any message or position is seen in review.

use crate::support::Site;

#[track_caller]
fn assert_errors(fixture: &str, expected: &str) {
    let site = Site::copy(fixture);
    let run = site.build();
    run.assert_code(1);
    assert_eq!(run.stderr, expected, "stderr of {fixture}");
    assert!(!site.out().exists(), "a failed build must write nothing");
}

#[test]
fn unknown_key() {
    assert_errors(
        "errors/unknown-key",
        r#"error: unknown front-matter key `techiques`
 --> content/conditions/whiplash.md:4:1
  |
4 | techiques: [deep-tissue]
  | ^^^^^^^^^
  |
help: did you mean `techniques`?

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn missing_title() {
    assert_errors(
        "errors/missing-title",
        r#"error: the front matter has no `title`
 --> content/conditions/whiplash.md:1:1
  |
1 | ---
  | ^^^
  |
help: add a line such as `title: Whiplash` between the `---` lines

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn bad_date() {
    assert_errors(
        "errors/bad-date",
        r#"error: front matter: `2026-02-30` is not a date; write it as YYYY-MM-DD, for example 2026-10-01
 --> content/conditions/whiplash.md:4:11
  |
4 | reviewed: 2026-02-30
  |           ^^^^^^^^^^
  |
help: write the date as year-month-day with two-digit month and day, for example 2026-10-01, and check that the day exists

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn duplicate_slug() {
    assert_errors(
        "errors/duplicate-slug",
        r#"error: this file has the same web address as content/conditions/Whiplash.md (`whiplash`)
 --> content/conditions/whiplash.md:1:1
  |
help: rename one of the two files; names that differ only in capitals or punctuation count as the same

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn missing_relation() {
    assert_errors(
        "errors/missing-relation",
        r#"error: no technique called `deep-tisue`
 --> content/conditions/whiplash.md:4:14
  |
4 | techniques: [deep-tisue]
  |              ^^^^^^^^^^
  |
help: did you mean `deep-tissue`?

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn wrong_kind() {
    assert_errors(
        "errors/wrong-kind",
        r#"error: `not-a-diagnosis` is a safety note, but this list takes techniques
 --> content/conditions/whiplash.md:6:5
  |
6 |   - not-a-diagnosis
  |     ^^^^^^^^^^^^^^^
  |
help: list only techniques here

error: 1 error in 1 file; nothing was written
"#,
    );
}

#[test]
fn broken_links() {
    assert_errors(
        "errors/broken-links",
        r#"error: no entry called `deep-tisue`
 --> content/conditions/whiplash.md:5:7
  |
5 | See [[deep-tisue]], then [[deep-tissue#what-hapens]].
  |       ^^^^^^^^^^
  |
help: did you mean `deep-tissue`?

error: `techniques/deep-tissue` has no heading `#what-hapens`
 --> content/conditions/whiplash.md:5:28
  |
5 | See [[deep-tisue]], then [[deep-tissue#what-hapens]].
  |                            ^^^^^^^^^^^^^^^^^^^^^^^
  |
help: did you mean `#what-happens`?

error: `safety/not-a-diagnosis` has no heading `#nowhere`
 --> content/conditions/whiplash.md:7:17
  |
7 | Also [the note](../safety/not-a-diagnosis.md#nowhere) and [gone](../benefits/gone.md).
  |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: that page has no headings; link to the page without `#…`

error: no benefit called `gone`
 --> content/conditions/whiplash.md:7:66
  |
7 | Also [the note](../safety/not-a-diagnosis.md#nowhere) and [gone](../benefits/gone.md).
  |                                                                  ^^^^^^^^^^^^^^^^^^^
  |
help: the slug is the file name without `.md`; check content/benefits/

error: 4 errors in 1 file; nothing was written
"#,
    );
}

#[test]
fn many() {
    assert_errors(
        "errors/many",
        r#"error: unknown front-matter key `sumary`
 --> content/conditions/arthritis.md:3:1
  |
3 | sumary: Sore joints.
  | ^^^^^^
  |
help: did you mean `summary`?

error: no technique called `gentle`
 --> content/conditions/whiplash.md:4:27
  |
4 | techniques: [deep-tissue, gentle]
  |                           ^^^^^^
  |
help: the slug is the file name without `.md`; check content/techniques/

error: 2 errors in 2 files; nothing was written
"#,
    );
}
