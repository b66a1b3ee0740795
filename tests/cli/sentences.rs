//! Plain language sentence by sentence: `hard-sentence` and `long-paragraph`, at the line
//! and column of the sentence or paragraph, quoted, with the figure, in `check` (human and
//! JSON) and as warnings in `build`; and `plain-words`, at the word.

use crate::support::{Site, TODAY};

/// An easy patient page of the `basic` fixture, with `extra` at the end of its body.
fn with_text(extra: &str) -> Site {
    let site = Site::copy("basic");
    site.write(
        "content/benefits/range-of-motion.md",
        &format!(
            "---\ntitle: Range of motion\nsummary: Moving more freely.\nreviewed: 2026-10-01\n---\nMassage can help you move more freely. It eases stiff muscles.\n\n{extra}\n"
        ),
    );
    site
}

const HARD: &str = "Notwithstanding the multifactorial aetiopathogenesis, contemporaneous interdisciplinary therapeutic interventions demonstrate considerable efficaciousness.";

#[test]
fn one_very_hard_sentence_on_an_easy_page_is_found_where_it_is() {
    let site = with_text(HARD);
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stderr.contains(&format!(
            "warning: this sentence reads at grade 42.3, hard for a patient page (target 8): \"Notwithstanding the multifactorial aetiopathogenesis, contemporaneous interdisciplinary therapeutic …\"\n --> content/benefits/range-of-motion.md:8:1\n  |\n8 | {HARD}\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: use everyday words and fewer long ones; say one thing per sentence\n")
    );
    // The same in JSON, with its code.
    let json = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let hard: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "hard-sentence")
        .collect();
    assert_eq!(hard.len(), 1, "{doc}");
    assert_eq!(hard[0]["file"], "content/benefits/range-of-motion.md");
    assert_eq!(hard[0]["line"], 8);
    assert_eq!(hard[0]["column"], 1);
    // A build shows it as a warning, and still builds.
    let build = site.run(&["build", "--today", TODAY]);
    build.assert_ok();
    assert!(
        build
            .stderr
            .contains("warning: this sentence reads at grade 42.3")
    );
}

#[test]
fn a_sentence_over_the_audiences_word_limit_is_found_and_the_limit_is_a_setting() {
    let long = "If your neck still hurts after a week of rest and gentle movement, or if the pain spreads into your arms, please ring your doctor and ask for a check-up.";
    let site = with_text(&format!("Some words first. {long}"));
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: this sentence has 30 words, more than the patient limit of 25: \"If your neck still hurts after a week of rest and gentle movement, or if the pain spreads into …\"\n --> content/benefits/range-of-motion.md:8:19\n"
        ),
        "{}",
        run.stderr
    );
    // A trainee page may have it.
    site.replace(
        "content/benefits/range-of-motion.md",
        "reviewed: 2026-10-01\n",
        "reviewed: 2026-10-01\naudience: trainee\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(!run.stderr.contains("this sentence has"), "{}", run.stderr);
    // And site.yaml can ask for shorter.
    site.write(
        "site.yaml",
        "title: Test Clinic\nchecks:\n  sentence_words:\n    trainee: 20\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr
            .contains("warning: this sentence has 30 words, more than the trainee limit of 20"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_long_paragraph_is_found_at_its_first_word() {
    let paragraph = "We look after you. ".repeat(21);
    let site = with_text(&format!("*{}*", paragraph.trim_end()));
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: this paragraph has 84 words, more than a patient reads at once (80)\n --> content/benefits/range-of-motion.md:8:2\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "help: split it into shorter paragraphs, one idea each, or make a list of its steps\n"
    ));
    // A list of short items is not one long paragraph.
    let list = "- We look after you, every time you come.\n".repeat(12);
    let site = with_text(&list);
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        !run.stderr.contains("long-paragraph") && !run.stderr.contains("this paragraph"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_misspelt_word_limit_setting_is_an_error_at_it() {
    let site = Site::copy("basic");
    site.write(
        "site.yaml",
        "title: Test Clinic\nchecks:\n  sentence_words:\n    patients: 20\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(" --> site.yaml:4:5\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `patient`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_word_with_a_plainer_one_is_found_at_the_word_in_any_of_its_forms() {
    let site = with_text(
        "We will commence with gentle work, which gives analgesia.\nWe commenced slowly, *prior to* the stretch.\n\n## Analgesia\n\n`analgesia` in code, and [a link](https://example.org/lumbar).",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let plain: Vec<&str> = run
        .stderr
        .split("\n\n")
        .filter(|f| f.contains("has a plainer word"))
        .collect();
    assert_eq!(
        plain,
        [
            "warning: \"commence\" has a plainer word: start (and 1 more on this page)\n --> content/benefits/range-of-motion.md:8:9\n  |\n8 | We will commence with gentle work, which gives analgesia.\n  |         ^^^^^^^^\n  |\nhelp: write \"start\" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml",
            "warning: \"analgesia\" has a plainer word: pain relief\n --> content/benefits/range-of-motion.md:8:48\n  |\n8 | We will commence with gentle work, which gives analgesia.\n  |                                                ^^^^^^^^^\n  |\nhelp: write \"pain relief\" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml",
            "warning: \"prior to\" has a plainer word: before\n --> content/benefits/range-of-motion.md:9:23\n  |\n9 | We commenced slowly, *prior to* the stretch.\n  |                       ^^^^^^^^\n  |\nhelp: write \"before\" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml",
        ],
        "{}",
        run.stderr
    );
    // A clinician page may use them.
    site.replace(
        "content/benefits/range-of-motion.md",
        "reviewed: 2026-10-01\n",
        "reviewed: 2026-10-01\naudience: clinician\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(!run.stderr.contains("plainer word"), "{}", run.stderr);
}

#[test]
fn a_site_adds_allows_and_chooses_the_audiences_of_plain_words() {
    let site = with_text("Ask your physio. We commence at nine, with analgesia if you need it.");
    site.write(
        "site.yaml",
        "title: Test Clinic\nchecks:\n  plain_words:\n    audiences: [patient, trainee]\n    add:\n      physio: physiotherapist\n    allow: [analgesia]\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(run.stderr.contains("warning: \"physio\" has a plainer word: physiotherapist\n --> content/benefits/range-of-motion.md:8:10\n"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: \"commence\" has a plainer word: start\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("\"analgesia\""), "{}", run.stderr);
    // Trainee pages are checked now too.
    site.replace(
        "content/benefits/range-of-motion.md",
        "reviewed: 2026-10-01\n",
        "reviewed: 2026-10-01\naudience: trainee\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains("\"physio\" has a plainer word"),
        "{}",
        run.stderr
    );
    // An audience that is not one is an error at it.
    site.write(
        "site.yaml",
        "title: Test Clinic\nchecks:\n  plain_words:\n    audiences: [patients]\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(" --> site.yaml:4:17\n"),
        "{}",
        run.stderr
    );
}
