//! Claims that carry their evidence (issue 18): a claim word is a finding unless its own
//! sentence cites a source (a footnote, a keyed `sources:` entry, an outside link), a
//! `never` claim whatever it cites, footnotes that are missing or unused; the Sources list
//! a page and a handout's chapters show; `check --report`. On `tests/fixtures/evidence-site`.

use crate::support::{Site, TODAY};

fn site() -> Site {
    Site::copy("evidence-site")
}

/// The findings of `check --format json` with `code`, as (file, line, column, message).
fn json_findings(site: &Site, code: &str) -> Vec<(String, u64, u64, String)> {
    let run = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const BACK: &str = "content/conditions/back-pain.md";

/// One sentence no patient should have to read.
const HARD: &str = "Notwithstanding the multifactorial aetiopathogenesis, contemporaneous interdisciplinary therapeutic interventions demonstrate considerable efficaciousness";

#[test]
fn a_claim_is_found_unless_its_own_sentence_cites_a_source_even_on_a_page_with_sources() {
    let site = site();
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    // "cures" sits in a sentence of its own, after the one that cites the NHS: the
    // page's `sources:` and its neighbour's footnote do not excuse it.
    assert!(
        run.stderr.contains(
            "warning: claim \"cures\" in: \"Gentle massage cures the stiffness.\"\n  --> content/conditions/back-pain.md:11:63\n   |\n11 | Massage eases back pain for many people.[^nhs] Gentle massage cures the stiffness.\n   |                                                               ^^^^^\n   |\nhelp: cite the source in this sentence: a footnote after it"
        ),
        "{}",
        run.stderr
    );
    // "guarantees" cites an outside page in its own sentence: no finding.
    assert!(!run.stderr.contains("guarantees"), "{}", run.stderr);
    assert_eq!(
        json_findings(&site, "claim"),
        [(
            BACK.to_string(),
            11,
            63,
            "claim \"cures\" in: \"Gentle massage cures the stiffness.\"".to_string()
        )]
    );
    // Cited by a footnote after it, the same claim is no finding; without the link, the
    // other one is.
    site.replace(BACK, "cures the stiffness.", "cures the stiffness.[^study]");
    site.replace(
        BACK,
        ", as the [NHS advice](https://www.nhs.uk/live-well/sleep-and-tiredness/) says",
        "",
    );
    let claims = json_findings(&site, "claim");
    assert_eq!(
        claims,
        [(
            BACK.to_string(),
            13,
            13,
            "claim \"guarantees\" in: \"A warm bath guarantees better sleep.\"".to_string()
        )]
    );
}

#[test]
fn a_source_of_the_page_is_cited_by_its_key_and_a_link_to_the_site_itself_cites_nothing() {
    let site = site();
    // `[^nhs]` names the keyed `sources:` entry (the body defines no `nhs`).
    site.replace(
        BACK,
        "Gentle massage cures the stiffness.",
        "Gentle massage cures the stiffness.[^NHS]",
    );
    assert_eq!(json_findings(&site, "claim"), []);
    // A link inside the site is no source.
    site.replace(
        BACK,
        "[NHS advice](https://www.nhs.uk/live-well/sleep-and-tiredness/)",
        "[gentle massage](../techniques/gentle-massage.md)",
    );
    assert_eq!(
        json_findings(&site, "claim")
            .iter()
            .map(|f| (f.1, f.2))
            .collect::<Vec<_>>(),
        [(13, 13)]
    );
}

#[test]
fn a_never_claim_is_found_whatever_it_cites_with_why() {
    let site = site();
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: \"removes toxins\" is a claim no source can support on a patient page: \"Massage removes toxins from tired muscles.\"\n  --> content/conditions/back-pain.md:15:9\n   |\n15 | Massage removes toxins from tired muscles.[^study]\n   |         ^^^^^^^^^^^^^^\n   |\nhelp: the liver and kidneys clear waste from the body; massage does not remove toxins from the muscles, and no study shows it does. No source makes this right on a patient page: leave it out, and say what the clinic can stand behind (\"many people find massage relaxing\")\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        json_findings(&site, "never-claim"),
        [(
            BACK.to_string(),
            15,
            9,
            "\"removes toxins\" is a claim no source can support on a patient page: \"Massage removes toxins from tired muscles.\"".to_string()
        )]
    );
    // site.yaml adds phrases, in any of their forms, in the title and summary too.
    site.write(
        "site.yaml",
        "title: Evidence Clinic\nlanguage: en-GB\nchecks:\n  never_claims: [melts fat]\n",
    );
    site.replace(
        BACK,
        "summary: Aches and stiffness in the lower back.",
        "summary: Massage that melted fat.",
    );
    let never = json_findings(&site, "never-claim");
    assert_eq!(
        never.iter().map(|f| (f.1, f.2)).collect::<Vec<_>>(),
        [(3, 23), (15, 9)],
        "{never:?}"
    );
    // `--strict` fails on it.
    site.run(&["check", "--today", TODAY, "--strict"])
        .assert_code(1);
}

#[test]
fn footnotes_missing_and_unused_are_found_at_their_labels() {
    let site = site();
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: footnote `[^nowhere]` cites a source this page does not have, so the page shows \"[^nowhere]\"\n  --> content/conditions/back-pain.md:17:16\n   |\n17 | Rest helps too.[^nowhere]\n   |                ^^^^^^^^^^\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: footnote `[^old]` is cited by no sentence of this page\n  --> content/conditions/back-pain.md:21:1\n   |\n21 | [^old]: A source no sentence cites\n   | ^^^^^^^\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        json_findings(&site, "footnote-missing")
            .iter()
            .map(|f| (f.1, f.2))
            .collect::<Vec<_>>(),
        [(17, 16)]
    );
    assert_eq!(
        json_findings(&site, "footnote-unused")
            .iter()
            .map(|f| (f.1, f.2))
            .collect::<Vec<_>>(),
        [(21, 1)]
    );
    // A reference in code, or escaped, is text.
    site.replace(
        BACK,
        "Rest helps too.[^nowhere]",
        "Rest helps too. `[^nowhere]` \\[^nowhere]",
    );
    assert_eq!(json_findings(&site, "footnote-missing"), []);
}

#[test]
fn footnotes_are_listed_under_sources_numbered_with_ways_back() {
    let site = site();
    site.build().assert_ok();
    let page = site.read_out("conditions/back-pain/index.html");
    assert!(
        page.contains("Massage eases back pain for many people.<sup class=\"footnote-reference\"><a href=\"#fn--nhs\" id=\"fnref--nhs-1\">1</a></sup> Gentle"),
        "{page}"
    );
    let sources = &page[page.find("<section class=\"sources\"").unwrap()..];
    let sources = &sources[..sources.find("</section>").unwrap()];
    assert_eq!(
        sources,
        "<section class=\"sources\" aria-labelledby=\"page--sources\">\n    <h2 id=\"page--sources\">Sources</h2>\n    <ol class=\"footnotes\">\n      <li id=\"fn--nhs\">NHS: Back pain (2024) <a class=\"footnote-back\" href=\"#fnref--nhs-1\" aria-label=\"Back to where this source is cited\">↩</a></li>\n      <li id=\"fn--study\">A small study of massage, 2019 <a class=\"footnote-back\" href=\"#fnref--study-1\" aria-label=\"Back to where this source is cited\">↩</a></li>\n      <li id=\"fn--old\">A source no sentence cites</li>\n    </ol>\n    <ul><li>Clinic notes, 2025</li></ul>\n  "
    );
    // The missing one stays as written; the definitions left the text.
    assert!(page.contains("Rest helps too.[^nowhere]</p>"), "{page}");
    assert!(!page.contains("footnote-definition"), "{page}");
}

#[test]
fn a_handout_lists_each_chapters_sources_with_ids_of_its_own() {
    let site = site();
    site.build().assert_ok();
    let handout = site.read_out("handouts/back-care/index.html");
    for id in [
        "chapter--back-pain--fn--nhs",
        "chapter--back-pain--fnref--nhs-1",
        "chapter--gentle-massage--fn--nhs",
        "chapter--gentle-massage--fnref--nhs-1",
    ] {
        assert_eq!(
            handout.matches(&format!("id=\"{id}\"")).count(),
            1,
            "#{id}: {handout}"
        );
    }
    let chapter = &handout[handout.find("id=\"chapter--gentle-massage\"").unwrap()..];
    assert!(
        chapter.contains("<h3 id=\"page--sources-chapter--gentle-massage\">Sources</h3>\n      <ol class=\"footnotes\">\n        <li id=\"chapter--gentle-massage--fn--nhs\">NHS: Massage (2024) <a class=\"footnote-back\" href=\"#chapter--gentle-massage--fnref--nhs-1\""),
        "{chapter}"
    );
}

#[test]
fn a_source_written_with_two_keys_is_an_error_at_it() {
    let site = site();
    site.replace(
        BACK,
        "  - nhs: \"NHS: Back pain (2024)\"\n",
        "  - {nhs: \"NHS\", nice: \"NICE\"}\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "a source is one line: its text, or the key a footnote cites it by and its text"
        ) && run
            .stderr
            .contains(" --> content/conditions/back-pain.md:8:"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_report_lists_every_page_hardest_first() {
    let site = site();
    site.replace(BACK, "Rest helps too.[^nowhere]", &format!("{HARD}."));
    let run = site.run(&["check", "--today", TODAY, "--report"]);
    run.assert_ok();
    let table: Vec<&str> = run.stdout.lines().take(5).collect();
    assert_eq!(table[0], "Reading, hardest first:");
    assert_eq!(table[1], "  grade     ease   words  hard  page");
    assert!(
        table[2].ends_with("     1  content/conditions/back-pain.md (Back pain, patient)"),
        "{}",
        run.stdout
    );
    assert_eq!(table.len(), 5, "{}", run.stdout);
    let json = site.run(&["check", "--today", TODAY, "--report", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rows = doc["reading"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["file"], BACK);
    assert_eq!(rows[0]["hard_sentences"], 1);
    assert_eq!(rows[0]["words"], 40);
    let grades: Vec<f64> = rows.iter().map(|r| r["grade"].as_f64().unwrap()).collect();
    assert!(grades.windows(2).all(|w| w[0] >= w[1]), "{grades:?}");
    // Without --report, no table and no `reading`.
    let plain = site.run(&["check", "--today", TODAY, "--format", "json"]);
    assert!(!plain.stdout.contains("\"reading\""));
}

#[test]
fn serves_reading_check_marks_the_findings_keyboard_reachable_following_an_edit() {
    let site = site();
    // A hard sentence (in a list item without a full stop) and a long paragraph too.
    let long = "We look after you. ".repeat(21);
    site.replace(
        BACK,
        "Rest helps too.[^nowhere]",
        &format!("Rest helps too.\n\n- {}\n\n{}", HARD, long.trim_end()),
    );
    let server = crate::serve::serve(&site);
    let url = format!("http://127.0.0.1:{}/conditions/back-pain/", server.port);
    // The preview sends the page's findings and the script; a built page has neither.
    let (_, _, page) = crate::serve::get(server.port, "/conditions/back-pain/");
    assert!(
        page.contains(
            "<script type=\"application/json\" id=\"carebook-reading\">[{\"code\":\"long-paragraph\""
        ) && page.contains("<script src=\"/__carebook/reading.js\"></script>"),
        "{page}"
    );
    let (status, _, script) = crate::serve::get(server.port, "/__carebook/reading.js");
    assert_eq!(status, 200);
    assert!(script.contains("Reading check"));
    site.build().assert_ok();
    for (path, html) in crate::support::html_pages(&site.out()) {
        assert!(
            !html.contains("carebook-reading") && !html.contains("__carebook"),
            "{path} has the preview's Reading check"
        );
    }
    if !crate::support::ready(
        "Reading check browser test (axe-core)",
        crate::support::missing_browser_tools(&["playwright-core", "axe-core"]),
    ) {
        return;
    }
    let file = site.path().join("content/conditions/back-pain.md");
    crate::serve::browser_check(
        "reading-check.mjs",
        &[
            url.as_ref(),
            file.as_ref(),
            "Gentle massage cures the stiffness.".as_ref(),
            "We commence with gentle massage.".as_ref(),
        ],
    );
}

#[test]
fn a_heading_cannot_cite_so_its_claims_are_found_at_its_line() {
    let site = site();
    site.replace(
        BACK,
        "Rest helps too.",
        "## A detox for your back\n\nRest helps too.",
    );
    assert_eq!(
        json_findings(&site, "never-claim")
            .iter()
            .map(|f| (f.1, f.2, f.3.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                15,
                9,
                "\"removes toxins\" is a claim no source can support on a patient page: \"Massage removes toxins from tired muscles.\""
            ),
            (
                17,
                1,
                "\"detox\" is a claim no source can support on a patient page: \"A detox for your back\""
            ),
        ]
    );
    // A claim word in a heading: excused by `sources:` alone, like the title.
    site.replace(BACK, "## A detox for your back", "## Massage cures it");
    assert_eq!(json_findings(&site, "claim").len(), 1);
    site.replace(
        BACK,
        "sources:\n  - nhs: \"NHS: Back pain (2024)\"\n  - \"Clinic notes, 2025\"\n",
        "",
    );
    let claims: Vec<(u64, u64)> = json_findings(&site, "claim")
        .iter()
        .map(|f| (f.1, f.2))
        .collect();
    assert!(claims.contains(&(14, 1)), "{claims:?}");
}
