//! The reading level in each language: a page is scored in its own language's formula, as
//! textstat set to that language scores it (Wiener Sachtextformel in German, Gulpease in
//! Italian, Fernández Huerta in Spanish), against targets a site may change per language;
//! a language carebook has no formula for gets a note, never another language's grade.

use crate::support::{Site, TODAY};

/// The German finding of tests/fixtures/reading-languages, as `check` prints it.
const GERMAN: &str = "warning: Wiener Sachtextformel 24.3 is above the patient target of 8 (lower is easier; Flesch reading ease (Amstad) -64.3)
  --> content/conditions/neck-pain.de.md:12:1
   |
12 | Physiotherapeutische Interventionen, insbesondere manualtherapeutische Mobilisationstechniken
   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: use shorter sentences and everyday words; start with the hardest: line 12: \"Physiotherapeutische Interventionen, insbesondere manualtherapeutische Mobilisationstechniken …\" (grade 27.8); line 8: \"Degenerative Veränderungen der Halswirbelsäule verursachen gelegentlich ausstrahlende Beschwerden, …\" (grade 25.6); line 15: \"Eine ärztliche Abklärung ist unverzüglich erforderlich, wenn Lähmungserscheinungen, Gefühlsstörungen …\" (grade 19.2)";

/// The Italian finding.
const ITALIAN: &str = "warning: Gulpease index 19.3 is below the patient target of 60 (higher is easier; Flesch reading ease (Vacca) -24.2)
 --> content/conditions/neck-pain.it.md:8:1
  |
8 | Le alterazioni degenerative della colonna cervicale determinano frequentemente
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: use shorter sentences and everyday words; start with the hardest: line 8: \"Le alterazioni degenerative della colonna cervicale determinano frequentemente sintomatologie …\" (Gulpease 10.7); line 12: \"Gli interventi fisioterapici, particolarmente le tecniche di mobilizzazione manuale e i trattamenti …\" (Gulpease 20.9); line 16: \"Un accertamento medico immediato è indispensabile qualora compaiano debolezza, alterazioni …\" (Gulpease 31.9)";

/// The notes about what was not checked, one per language.
const NOTES: &str = "note: 1 page in Deutsch (de) was given a reading level by the Wiener Sachtextformel, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only: ask someone who reads Deutsch well to look at its sentences and words
note: 1 page in Italiano (it) was given a reading level by the Gulpease index, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only, nor for claim words, as carebook has none in Italiano (list them under `checks.claims`): ask someone who reads Italiano well to look at its sentences and words
note: carebook has no reading formula for Polski (pl), so 1 page in it got no reading level and no check of hard sentences, long paragraphs and plain words: ask someone who reads Polski well to check that it is easy to read
";

/// The diagnostics of a run's stderr, one block each (the notes are the last block).
fn blocks(stderr: &str) -> Vec<&str> {
    stderr.split("\n\n").collect()
}

#[test]
fn each_language_is_graded_by_its_own_formula_and_one_without_a_formula_gets_a_note() {
    let site = Site::copy("reading-languages");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let found = blocks(&run.stderr);
    assert!(found.contains(&GERMAN), "{}", run.stderr);
    assert!(found.contains(&ITALIAN), "{}", run.stderr);
    assert_eq!(found.last(), Some(&NOTES), "{}", run.stderr);
    // Nothing else about reading: the Polish page, as easy as the English one, is not
    // graded by any formula, and the English page passes.
    let warnings = found.iter().filter(|b| b.starts_with("warning:")).count();
    assert_eq!(
        warnings, 3,
        "German, Italian, and Italian's interface: {}",
        run.stderr
    );
    assert_eq!(
        run.stdout,
        "Check passed: 1 entry and 3 translations checked, 3 warnings in 3 files\n"
    );

    // --report: every measured page, by language in the order of site.yaml, each with its
    // formula and figure; the JSON says which languages were not measured, and how.
    let report = site.run(&["check", "--today", TODAY, "--report", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let pages: Vec<(String, String, String)> = doc["reading"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_string(),
                p["formula"].as_str().unwrap().to_string(),
                format!("{:.1}", p["score"].as_f64().unwrap()),
            )
        })
        .collect();
    let page = |file: &str, formula: &str, score: &str| {
        (
            format!("content/conditions/{file}"),
            formula.to_string(),
            score.to_string(),
        )
    };
    assert_eq!(
        pages,
        [
            page("neck-pain.md", "Flesch–Kincaid grade", "3.7"),
            page("neck-pain.de.md", "Wiener Sachtextformel", "24.3"),
            page("neck-pain.it.md", "Gulpease index", "19.3"),
        ]
    );
    assert_eq!(
        doc["unmeasured"],
        serde_json::json!([
            {"name": "Deutsch", "tag": "de", "pages": 1, "formula": "Wiener Sachtextformel", "claim_words": true},
            {"name": "Italiano", "tag": "it", "pages": 1, "formula": "Gulpease index", "claim_words": false},
            {"name": "Polski", "tag": "pl", "pages": 1, "claim_words": true},
        ])
    );
    let text = site.run(&["check", "--today", TODAY, "--report"]);
    assert!(
        text.stdout.contains(
            "Reading of the pages in `de`, by the Wiener Sachtextformel, hardest first:\n   figure   words  page\n     24.3      43  content/conditions/neck-pain.de.md (Nackenschmerzen, patient)\n"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn a_site_sets_each_languages_reading_target() {
    let site = Site::copy("reading-languages");
    site.replace(
        "site.yaml",
        "  de: {}\n  it: {}\n",
        "  de: {reading_target: {patient: 25}}\n  it: {reading_target: {patient: 15, clinician: 30}}\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert!(!run.stderr.contains("warning: Wiener"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning: Gulpease"), "{}", run.stderr);
    // A stricter target than the page meets is a finding again, with that target.
    site.replace("site.yaml", "{patient: 25}", "{patient: 24}");
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: Wiener Sachtextformel 24.3 is above the patient target of 24 (lower is easier;"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reading_target_for_english_or_for_a_language_without_a_formula_is_refused_at_its_place() {
    let site = Site::copy("reading-languages");
    site.replace(
        "site.yaml",
        "  pl: {}\n",
        "  pl: {reading_target: {patient: 50}}\n  en-GB: {name: English, reading_target: {patient: 9}}\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: carebook has no reading formula for Polski (`pl`), so its pages get no reading level and a target would do nothing
 --> site.yaml:6:8
  |
6 |   pl: {reading_target: {patient: 50}}
  |        ^^^^^^^^^^^^^^
  |
help: remove `reading_target`; the reading level is measured in `en`, `de`, `es`, `fr`, `it`, `nl`, `ru`

error: `en-GB` is English, whose reading targets are set by `checks.reading_grade`
 --> site.yaml:7:26
  |
7 |   en-GB: {name: English, reading_target: {patient: 9}}
  |                          ^^^^^^^^^^^^^^
  |
help: remove `reading_target` here and write, under `checks:`, `reading_grade: {patient: 8, trainee: 12, clinician: 16}` with your grades

"
    );
}

#[test]
fn a_spanish_site_is_graded_by_fernandez_huerta_and_gets_no_english_sentence_checks() {
    let site = Site::copy("strings-es");
    // One sentence of 50 words: far over the English checks' sentence length, but
    // plain Spanish, which the English sentence checks do not judge.
    let page = "content/conditions/latigazo-cervical.md";
    site.write(
        page,
        &(site.read(page)
            + "\nCuando el dolor del cuello no mejora después de varias semanas de reposo relativo, de calor suave y de los ejercicios que le enseñó su fisioterapeuta en la primera visita, conviene pedir una nueva cita con su médico de cabecera para que revise de nuevo la lesión con calma.\n"),
    );
    let run = site.run(&["check", "--today", TODAY, "--strict"]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "note: 6 pages in Español (es) were given a reading level by the Fernández Huerta reading ease, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only: ask someone who reads Español well to look at their sentences and words\n"
    );
    // Hard Spanish is a finding, in Fernández Huerta's figures.
    let page = "content/benefits/movilidad.md";
    site.write(
        page,
        &(site.read(page)
            + "\nLa espondiloartrosis cervical degenerativa, caracterizada por alteraciones osteoarticulares progresivas, frecuentemente condiciona radiculopatías compresivas y limitaciones funcionales considerablemente incapacitantes.\n\nLas manifestaciones sintomatológicas predominantes comprenden cervicalgias mecánicas intermitentes, cefaleas cervicogénicas persistentes e irradiaciones neurológicas periféricas ocasionalmente invalidantes.\n"),
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let found = blocks(&run.stderr);
    assert_eq!(
        found[0].lines().next(),
        Some(
            "warning: Fernández Huerta reading ease -33.1 is below the patient target of 60 (higher is easier)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        found[0].contains(" --> content/benefits/movilidad.md:9:1\n"),
        "{}",
        run.stderr
    );
    assert!(
        found[0].ends_with("(ease -74.9); line 11: \"Las manifestaciones sintomatológicas predominantes comprenden cervicalgias mecánicas intermitentes, …\" (ease -68.1)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reading_target_that_no_formula_can_give_is_refused_at_its_place() {
    let site = Site::copy("reading-languages");
    site.replace(
        "site.yaml",
        "  de: {}\n",
        "  de: {reading_target: {trainee: .nan}}\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: `trainee` should be a figure of the language's formula, 0 or more, like 8
 --> site.yaml:4:34
  |
4 |   de: {reading_target: {trainee: .nan}}
  |                                  ^^^^
  |
help: write the figure with digits, such as `trainee: 8`; the README's table gives each language's scale

"
    );
    // English's grades too.
    site.replace(
        "site.yaml",
        "  de: {reading_target: {trainee: .nan}}\n",
        "  de: {}\n",
    );
    site.write(
        "site.yaml",
        &(site.read("site.yaml") + "checks:\n  reading_grade: {patient: -1}\n"),
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error: `patient` should be a figure of the language's formula, 0 or more, like 8\n --> site.yaml:8:28\n"),
        "{}",
        run.stderr
    );
}
