//! Claim words in each page's own language (issue 17): carebook's lists for Spanish,
//! Polish and Arabic find "cura", "wyleczy" and "يشفي" in translations, at their place;
//! `checks.claims` in site.yaml is one list (the site's language) or a list for each of
//! its languages, and a language the site does not have is an error at its key. On
//! `tests/fixtures/claims-languages` (English, with Spanish, Polish and Arabic
//! translations).

use crate::support::{Site, TODAY};

fn site() -> Site {
    Site::copy("claims-languages")
}

/// The `claim` and `never-claim` findings of `check --format json`, as
/// (file, line, column, code, message), in the order given.
fn claims(site: &Site) -> Vec<(String, u64, u64, String, String)> {
    let run = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "claim" || f["code"] == "never-claim")
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn finding(
    file: &str,
    line: u64,
    column: u64,
    code: &str,
    message: &str,
) -> (String, u64, u64, String, String) {
    (file.into(), line, column, code.into(), message.into())
}

/// The findings carebook's lists make on the fixture whatever `claims:` says: the Arabic
/// claim, the Spanish `never` claim and the Spanish technique's "diagnosticar".
fn ar_cures() -> (String, u64, u64, String, String) {
    finding(
        AR,
        9,
        9,
        "claim",
        "claim \"يشفي\" in: \"التدليك يشفي الألم في أسبوع واحد.\"",
    )
}

fn es_toxins() -> (String, u64, u64, String, String) {
    finding(
        ES,
        10,
        9,
        "never-claim",
        "\"elimina las toxinas\" is a claim no source can support on a patient page: \"Además, elimina las toxinas de los músculos.\"",
    )
}

fn es_diagnose() -> (String, u64, u64, String, String) {
    finding(
        STROKING_ES,
        9,
        11,
        "claim",
        "claim \"diagnosticar\" in: \"Así puede diagnosticar la causa de su dolor.\"",
    )
}

const ES: &str = "content/conditions/back-pain.es.md";
const PL: &str = "content/conditions/back-pain.pl.md";
const AR: &str = "content/conditions/back-pain.ar.md";
const STROKING_ES: &str = "content/techniques/gentle-stroking.es.md";

#[test]
fn a_translation_is_checked_for_claims_in_its_own_language() {
    let site = site();
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    for expected in [
        "warning: claim \"cura\" in: \"Un masaje a la semana cura la rigidez.\"\n --> content/conditions/back-pain.es.md:9:23\n  |\n9 | Un masaje a la semana cura la rigidez.\n  |                       ^^^^\n  |\nhelp: cite the source in this sentence: a footnote after it (`…for many people.[^nhs]`, with `[^nhs]: NHS: Massage (2024)` at the end of the page, or `- nhs: …` under `sources:`) or a link to it; or reword it as what the clinic can stand behind (\"may help\", \"many people find\")\n",
        "warning: \"elimina las toxinas\" is a claim no source can support on a patient page: \"Además, elimina las toxinas de los músculos.\"\n  --> content/conditions/back-pain.es.md:10:9\n   |\n10 | Además, elimina las toxinas de los músculos.\n   |         ^^^^^^^^^^^^^^^^^^^\n   |\nhelp: the liver and kidneys clear waste from the body; massage does not remove toxins from the muscles, and no study shows it does. No source makes this right on a patient page: leave it out, and say what the clinic can stand behind (\"many people find massage relaxing\")\n",
        "warning: claim \"diagnosticar\" in: \"Así puede diagnosticar la causa de su dolor.\"\n --> content/techniques/gentle-stroking.es.md:9:11\n  |\n9 | Así puede diagnosticar la causa de su dolor.\n  |           ^^^^^^^^^^^^\n  |\nhelp: a massage therapist cannot diagnose: reword it (\"may help with\", \"see your doctor to find the cause\")\n",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected}\n---\n{}",
            run.stderr
        );
    }
    assert_eq!(
        claims(&site),
        [
            ar_cures(),
            finding(
                ES,
                9,
                23,
                "claim",
                "claim \"cura\" in: \"Un masaje a la semana cura la rigidez.\""
            ),
            es_toxins(),
            finding(
                PL,
                9,
                11,
                "claim",
                "claim \"wyleczy\" in: \"Ten masaż wyleczy ból w ciągu tygodnia.\""
            ),
            es_diagnose(),
        ]
    );
    // A claim found is a warning: `--strict` fails on it.
    site.run(&["check", "--today", TODAY, "--strict"])
        .assert_code(1);
    // Cited, the Spanish claim is no finding, as in English.
    site.replace(
        ES,
        "cura la rigidez.",
        "cura la rigidez.[^nhs]\n\n[^nhs]: NHS: Dolor de espalda (2024)",
    );
    assert!(
        claims(&site)
            .iter()
            .all(|f| f.4 != "claim \"cura\" in: \"Un masaje a la semana cura la rigidez.\"")
    );
}

#[test]
fn site_yaml_gives_claim_words_for_one_language_or_for_each() {
    let site = site();
    // One list: the site's language's (English), in place of carebook's; the translations
    // keep carebook's lists for theirs.
    site.write(
        "site.yaml",
        &(site.read("site.yaml") + "checks:\n  claims: [eases]\n"),
    );
    let found = claims(&site);
    assert!(
        found.contains(&finding(
            "content/conditions/back-pain.md",
            7,
            16,
            "claim",
            "claim \"eases\" in: \"Gentle massage eases back pain for many people.\""
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == ES && f.4.starts_with("claim \"cura\"")),
        "{found:?}"
    );
    // A list for each language: each in place of carebook's for it (an empty one checks
    // none), `never_claims` added to carebook's; a language not listed keeps carebook's.
    site.replace(
        "site.yaml",
        "  claims: [eases]\n",
        "  claims:\n    es: [alivia]\n    PL: []\n  never_claims: {ar: [أسبوع واحد]}\n",
    );
    assert_eq!(
        claims(&site),
        [
            ar_cures(),
            finding(
                AR,
                9,
                23,
                "never-claim",
                "\"أسبوع واحد\" is a claim no source can support on a patient page: \"التدليك يشفي الألم في أسبوع واحد.\""
            ),
            finding(
                ES,
                8,
                39,
                "claim",
                "claim \"alivia\" in: \"A muchas personas el masaje suave les alivia el dolor de espalda.\""
            ),
            es_toxins(),
            es_diagnose(),
        ]
    );
}

#[test]
fn a_claim_list_for_a_language_the_site_does_not_have_is_an_error_at_its_key() {
    let site = site();
    site.write(
        "site.yaml",
        &(site.read("site.yaml") + "checks:\n  claims:\n    es: [cura]\n    fr: [guérir]\n"),
    );
    site.assert_build_refused(
        "error: `checks.claims` has a list for `fr`, which is not a language of this site
  --> site.yaml:10:5
   |
10 |     fr: [guérir]
   |     ^^
   |
help: the site's languages are `en-GB`, `es`, `pl` and `ar`: write the list under one of them, or add `fr` to `languages:`

error: 1 error in 1 file; nothing was written
",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
}

#[test]
fn a_language_without_carebook_s_list_is_checked_with_the_site_s_alone() {
    let site = site();
    site.replace(
        "site.yaml",
        "  ar: {name: العربية}\n",
        "  ar: {name: العربية}\n  it: {name: Italiano}\n",
    );
    site.write(
        "content/conditions/back-pain.it.md",
        "---\ntitle: Mal di schiena\nsummary: Dolore e rigidità nella parte bassa della schiena.\nreviewed: 2026-10-20\nreviewed_by: Terapista responsabile della clinica\ntranslated_from: 2026-10-01\n---\nIl massaggio guarisce il mal di schiena in una settimana.\n",
    );
    let italian = |site: &Site| -> Vec<_> {
        claims(site)
            .into_iter()
            .filter(|f| f.0 == "content/conditions/back-pain.it.md")
            .collect()
    };
    assert_eq!(italian(&site), []);
    site.write(
        "site.yaml",
        &(site.read("site.yaml") + "checks:\n  claims: {it: [guarisce]}\n"),
    );
    assert_eq!(
        italian(&site),
        [finding(
            "content/conditions/back-pain.it.md",
            8,
            14,
            "claim",
            "claim \"guarisce\" in: \"Il massaggio guarisce il mal di schiena in una settimana.\""
        )]
    );
}
