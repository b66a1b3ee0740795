//! `carebook check`, `new` and `init`: content checks in human and JSON form, and the
//! commands that write content without ever overwriting it.

use crate::support::{Site, TODAY, run_in};

#[test]
fn check_reports_every_content_finding() {
    let site = Site::copy("checks");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Check passed: 5 entries checked, 15 warnings in 4 files\n"
    );
    assert_eq!(
        run.stderr,
        r#"warning: no other page links to this entry
 --> content/benefits/better-sleep.md:2:1
  |
2 | title: Better sleep
  | ^^^^^^^^^^^^^^^^^^^
  |
help: readers only find it in the A–Z list: link to it from a related page (`[[slug]]`) or list it in a related entry's front matter

warning: review overdue: it was due on 1 June 2026, 179 days ago
 --> content/conditions/whiplash.md:6:1
  |
6 | reviewed: 2025-06-01
  | ^^^^^^^^^^^^^^^^^^^^
  |
help: have the page checked (Clinic lead therapist), then set `reviewed:` to the date of that review

warning: claim "cures" in: "Gentle massage cures the stiffness for many people."
  --> content/conditions/whiplash.md:12:16
   |
12 | Gentle massage cures the stiffness for many people. Rest when you need to. Walk a little
   |                ^^^^^
   |
help: cite the source in this sentence: a footnote after it (`…for many people.[^nhs]`, with `[^nhs]: NHS: Massage (2024)` at the end of the page, or `- nhs: …` under `sources:`) or a link to it; or reword it as what the clinic can stand behind ("may help", "many people find")

warning: reading grade 35.7 is above the patient target of 8 (Flesch reading ease -123.3, SMOG 26.0)
  --> content/techniques/cupping.md:10:1
   |
10 | Notwithstanding considerable heterogeneity in methodological approaches, contemporary
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: use shorter sentences and everyday words; start with the hardest: line 10: "Notwithstanding considerable heterogeneity in methodological approaches, contemporary investigations …" (grade 40.8); line 14: "Practitioners should nevertheless exercise appropriate professional judgement regarding contraindications, …" (grade 35.3); line 16: "Comprehensive documentation of informed consent procedures remains an indispensable organisational …" (grade 28.8)

warning: this sentence has 28 words, more than the patient limit of 25: "Notwithstanding considerable heterogeneity in methodological approaches, contemporary investigations …"
  --> content/techniques/cupping.md:10:1
   |
10 | Notwithstanding considerable heterogeneity in methodological approaches, contemporary
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: split it into two or three sentences, one idea each

warning: "demonstrate" has a plainer word: show
  --> content/techniques/cupping.md:12:1
   |
12 | demonstrate statistically significant improvements in subjective musculoskeletal
   | ^^^^^^^^^^^
   |
help: write "show" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml

warning: "musculoskeletal" has a plainer word: muscles and bones
  --> content/techniques/cupping.md:12:66
   |
12 | demonstrate statistically significant improvements in subjective musculoskeletal
   |                                                                  ^^^^^^^^^^^^^^^
   |
help: write "muscles and bones" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml

warning: "individuals" has a plainer word: people
  --> content/techniques/cupping.md:13:34
   |
13 | discomfort, particularly amongst individuals experiencing chronic cervical
   |                                  ^^^^^^^^^^^
   |
help: write "people" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml

warning: "cervical" has a plainer word: neck
  --> content/techniques/cupping.md:13:67
   |
13 | discomfort, particularly amongst individuals experiencing chronic cervical
   |                                                                   ^^^^^^^^
   |
help: write "neck" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml

warning: this sentence reads at grade 35.3, hard for a patient page (target 8): "Practitioners should nevertheless exercise appropriate professional judgement regarding contraindications, …"
  --> content/techniques/cupping.md:14:14
   |
14 | dysfunction. Practitioners should nevertheless exercise appropriate professional
   |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: use everyday words and fewer long ones; say one thing per sentence

warning: "contraindications" has a plainer word: not safe for you
  --> content/techniques/cupping.md:15:21
   |
15 | judgement regarding contraindications, including anticoagulant medication, dermatological
   |                     ^^^^^^^^^^^^^^^^^
   |
help: write "not safe for you" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml

warning: this sentence reads at grade 28.8, hard for a patient page (target 8): "Comprehensive documentation of informed consent procedures remains an indispensable organisational …"
  --> content/techniques/cupping.md:16:72
   |
16 | fragility and cardiovascular instability, before initiating treatment. Comprehensive
   |                                                                        ^^^^^^^^^^^^^
   |
help: use everyday words and fewer long ones; say one thing per sentence

warning: this technique lists no safety note
 --> content/techniques/hot-stones.md:2:1
  |
2 | title: Hot stones
  | ^^^^^^^^^^^^^^^^^
  |
help: add `safety: [when-not-to-have-a-massage]` or another note that says when it is not suitable

warning: review due on 10 December 2026, in 13 days
 --> content/techniques/hot-stones.md:4:1
  |
4 | reviewed: 2025-12-10
  | ^^^^^^^^^^^^^^^^^^^^
  |
help: plan the review (Senior therapist); then set `reviewed:` to the date of that review

warning: claim "diagnose" in: "The therapist may diagnose the cause of your pain during the session."
 --> content/techniques/hot-stones.md:7:19
  |
7 | The therapist may diagnose the cause of your pain during the session.
  |                   ^^^^^^^^
  |
help: a massage therapist cannot diagnose: reword it ("may help with", "see your doctor to find the cause")

"#
    );
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn strict_fails_on_warnings() {
    let site = Site::copy("checks");
    let run = site.run(&["check", "--today", TODAY, "--strict"]);
    run.assert_code(1);
    assert!(
        run.stdout.starts_with(
            "Check failed: 5 entries checked, 15 warnings in 4 files (--strict: warnings fail)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn check_json_has_stable_fields() {
    let site = Site::copy("checks");
    let run = site.run(&["check", "--today", TODAY, "--format", "json", "--due"]);
    run.assert_ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["today"], TODAY);
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 15);
    assert_eq!(doc["passed"], true);
    let codes: Vec<(&str, &str, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("orphan", "content/benefits/better-sleep.md", 2),
            ("review-overdue", "content/conditions/whiplash.md", 6),
            ("claim", "content/conditions/whiplash.md", 12),
            ("reading-level", "content/techniques/cupping.md", 10),
            ("hard-sentence", "content/techniques/cupping.md", 10),
            ("plain-words", "content/techniques/cupping.md", 12),
            ("plain-words", "content/techniques/cupping.md", 12),
            ("plain-words", "content/techniques/cupping.md", 13),
            ("plain-words", "content/techniques/cupping.md", 13),
            ("hard-sentence", "content/techniques/cupping.md", 14),
            ("plain-words", "content/techniques/cupping.md", 15),
            ("hard-sentence", "content/techniques/cupping.md", 16),
            ("no-safety-note", "content/techniques/hot-stones.md", 2),
            ("review-due-soon", "content/techniques/hot-stones.md", 4),
            ("claim", "content/techniques/hot-stones.md", 7),
        ]
    );
    let first = &doc["findings"][2];
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["column"], 16);
    assert_eq!(
        first["message"],
        "claim \"cures\" in: \"Gentle massage cures the stiffness for many people.\""
    );
    let due = &doc["due"][0];
    assert_eq!(due["file"], "content/conditions/whiplash.md");
    assert_eq!(due["days"], -179);
    assert_eq!(due["reviewer"], "Clinic lead therapist");
    assert_eq!(doc["due"][1]["title"], "Hot stones");
}

#[test]
fn check_due_lists_soonest_first() {
    let site = Site::copy("checks");
    let run = site.run(&["check", "--today", TODAY, "--due"]);
    let lines: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "Reviews, soonest first:",
            "  2026-06-01  overdue by 179 days Whiplash (content/conditions/whiplash.md) — Clinic lead therapist",
            "  2026-12-10  in 13 days         Hot stones (content/techniques/hot-stones.md) — Senior therapist",
        ]
    );
}

#[test]
fn check_reports_build_errors_too() {
    let site = Site::copy("errors/unknown-key");
    let run = site.run(&["check", "--today", TODAY, "--format", "json"]);
    run.assert_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["findings"][0]["code"], "build");
    assert_eq!(doc["findings"][0]["severity"], "error");
    assert_eq!(doc["findings"][0]["line"], 4);
}

#[test]
fn build_prints_the_same_warnings_and_still_builds() {
    let site = Site::copy("checks");
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(run.stdout.ends_with(" s (15 warnings)\n"), "{}", run.stdout);
    assert!(run.stderr.contains("warning: review overdue: it was due on 1 June 2026, 179 days ago\n --> content/conditions/whiplash.md:6:1\n"));
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn the_example_site_passes_strict_check() {
    let site = Site::example();
    let run = site.run(&["check", "--strict", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Check passed: 25 entries and 7 translations checked, no errors or warnings (--strict: warnings fail)\n"
    );
    assert_eq!(
        run.stderr,
        "note: 7 pages in Español (es) were given a reading level by the Fernández Huerta reading ease, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only: ask someone who reads Español well to look at their sentences and words\n"
    );
}

#[test]
fn new_writes_a_filled_in_entry_and_never_overwrites() {
    let site = Site::copy("custom-kind");
    let run = site.run(&["new", "exercise", "Shoulder rolls"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Wrote content/exercises/shoulder-rolls.md as a draft: add its summary and text, and set `draft: false` once a clinician has reviewed it\n"
    );
    let text =
        std::fs::read_to_string(site.path().join("content/exercises/shoulder-rolls.md")).unwrap();
    assert!(text.starts_with("---\ntitle: Shoulder rolls\n"), "{text}");
    assert!(
        text.contains("\nsafety: []   # slugs of safety\n"),
        "{text}"
    );
    // A draft, with no review date: nobody has reviewed it yet (issue 13).
    assert!(text.contains("\ndraft: true "), "{text}");
    assert!(!text.contains("\nreviewed:"), "{text}");
    // The new entry is valid front matter: the build only asks for its summary.
    let build = site.build();
    build.assert_code(1);
    assert!(
        build.stderr.starts_with(
            "error: `summary` is empty\n --> content/exercises/shoulder-rolls.md:3:10\n"
        ),
        "{}",
        build.stderr
    );
    let again = site.run(&["new", "exercise", "Shoulder rolls"]);
    again.assert_code(2);
    assert_eq!(
        again.stderr,
        "error: content/exercises/shoulder-rolls.md exists already; carebook does not overwrite it: edit that file, or choose another title\n"
    );
    let unknown = site.run(&["new", "exersize", "X"]);
    unknown.assert_code(2);
    assert_eq!(
        unknown.stderr,
        "error: there is no kind `exersize`; did you mean `exercise`?\n"
    );
}

#[test]
fn new_safety_note_has_a_severity() {
    let site = Site::copy("basic");
    site.run(&["new", "safety", "Pregnancy"]).assert_ok();
    let text = std::fs::read_to_string(site.path().join("content/safety/pregnancy.md")).unwrap();
    assert!(text.contains("\nseverity: info "), "{text}");
}

#[test]
fn init_writes_a_site_that_builds_and_refuses_a_full_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "--example", "clinic"]);
    run.assert_ok();
    let clinic = dir.path().join("clinic");
    assert!(clinic.join("content/conditions/whiplash.md").is_file());
    let settings = std::fs::read_to_string(clinic.join("site.yaml")).unwrap();
    for setting in [
        "title:",
        "language:",
        "base_url:",
        "theme:",
        "review_every_months:",
        "raw_html:",
        "due_within_days:",
        "reading_grade:",
        "claims:",
        "kinds:",
    ] {
        assert!(settings.contains(setting), "site.yaml documents {setting}");
    }
    run_in(&clinic, &["build", "--today", TODAY]).assert_ok();
    let again = run_in(dir.path(), &["init", "clinic"]);
    again.assert_code(2);
    assert_eq!(
        again.stderr,
        "error: clinic is not empty; carebook init only writes into a new or empty folder\n"
    );
}

#[test]
fn a_repeated_claim_is_one_finding_with_a_count() {
    let site = Site::copy("checks");
    site.write(
        "content/benefits/better-sleep.md",
        "---\ntitle: Better sleep\nsummary: Some people sleep better after a massage.\nreviewed: 2026-10-01\nreviewed_by: Senior therapist\n---\nIt cures it. It cures that. It Cures all.\n",
    );
    let run = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let claims: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "claim" && f["file"] == "content/benefits/better-sleep.md")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        ["claim \"cures\" in: \"It cures it.\" (and 2 more on this page)"]
    );
}
