//! Offline search: the index `build` writes (search-index/*.js) and the search box of the
//! default theme in a real browser.
//!
//! `search_finds_what_a_patient_types` runs `tests/browser/search.mjs` (Node.js,
//! playwright-core driving Debian's Chromium, axe-core) on the example site, over http and
//! from file://: see that file for every check. It needs `/usr/bin/chromium` and
//! `node_modules` (`npm ci`); when one is missing it says "skipped: …" and passes, unless
//! `CI` is set, when it fails. So do `search_lists_spanish_pages_before_untranslated_ones`
//! (the Spanish pages of `languages-site`) and `search_folds_arabic_as_readers_type_it`
//! (`languages-rtl`). The other tests need no browser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Site, missing_browser_tools, ready, repo, say, skip, snapshot};

/// The data a search-index file in `folder` (`search-index`, `es/search-index`) passes to
/// `CarebookSearch.data(name, data)`.
fn index_data_in(out: &Path, folder: &str, file: &str) -> (String, Value) {
    let text = std::fs::read_to_string(out.join(folder).join(file))
        .unwrap_or_else(|e| panic!("{folder}/{file}: {e}"));
    let rest = text
        .strip_prefix("CarebookSearch.data(\"")
        .unwrap_or_else(|| panic!("{file} does not call CarebookSearch.data"));
    let (name, rest) = rest.split_once("\",").unwrap();
    let json = rest.trim_end().strip_suffix(");").unwrap();
    let data = serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
    (name.to_string(), data)
}

/// A term's documents, from its postings (see src/search.rs).
fn documents(postings: &Value) -> Vec<u64> {
    let mut doc = 0;
    postings
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_i64().unwrap())
        .filter(|&n| n >= 0)
        .map(|n| {
            doc += n as u64;
            doc
        })
        .collect()
}

/// Every term of the index: for each, the fields it is in and their documents.
struct Index {
    core: Value,
    /// term -> field name -> documents
    terms: BTreeMap<String, BTreeMap<String, Vec<u64>>>,
}

fn read_index(out: &Path) -> Index {
    read_index_in(out, "search-index")
}

/// The index in `folder` (`es/search-index`).
fn read_index_in(out: &Path, folder: &str) -> Index {
    let (name, core) = index_data_in(out, folder, "core.js");
    assert_eq!(name, "core");
    let fields: Vec<String> = core["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        fields,
        ["title", "aliases", "summary", "tags", "headings", "body"]
    );
    let mut terms: BTreeMap<String, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    for t in core["terms"].as_array().unwrap() {
        let t = t.as_array().unwrap();
        let term = t[0].as_str().unwrap().to_string();
        for pair in t[1..].chunks(2) {
            let field = &fields[pair[0].as_u64().unwrap() as usize];
            terms
                .entry(term.clone())
                .or_default()
                .insert(field.clone(), documents(&pair[1]));
        }
    }
    let shards = core["shards"].as_object().unwrap();
    let files: BTreeSet<u64> = shards.values().map(|n| n.as_u64().unwrap()).collect();
    for n in files {
        let (name, body) = index_data_in(out, folder, &format!("body-{n}.js"));
        assert_eq!(name, format!("body-{n}"));
        for t in body.as_array().unwrap() {
            let term = t[0].as_str().unwrap().to_string();
            let initial = term.chars().next().unwrap().to_string();
            assert_eq!(
                shards[&initial].as_u64(),
                Some(n),
                "{term} is in body-{n}.js, but core.js says its initial is elsewhere"
            );
            terms
                .entry(term)
                .or_default()
                .insert("body".into(), documents(&t[1]));
        }
    }
    Index { core, terms }
}

#[test]
fn the_index_holds_every_entry_and_is_the_same_on_every_build() {
    let site = Site::example();
    site.build().assert_ok();
    let out = site.out();
    let index = read_index(&out);
    let docs = index.core["docs"].as_array().unwrap();
    // Every entry page and plain page, and nothing else, is a document.
    let plain: Vec<String> = std::fs::read_dir(site.path().join("content/pages"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().replace(".md", ""))
        .collect();
    assert_eq!(plain.len(), 4, "the example's plain pages: {plain:?}");
    let pages: BTreeSet<String> = snapshot(&out)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            // The default language's pages: the Spanish ones are in es/'s own index.
            let entry =
                parts.len() == 3 && !["tags", "es"].contains(&parts[0]) && parts[2] == "index.html";
            let page = parts.len() == 2 && plain.iter().any(|n| n == parts[0]);
            entry || page
        })
        .collect();
    let paths: BTreeSet<String> = docs
        .iter()
        .map(|d| d[1].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, pages);
    for d in docs {
        let kind = d[0].as_u64().unwrap() as usize;
        let title = d[2].as_str().unwrap();
        assert!(index.core["kinds"][kind].is_string(), "{d}");
        let html = site.read_out(d[1].as_str().unwrap());
        assert!(
            html.contains(&format!("<h1>{title}</h1>"))
                || html.contains(&format!("<h1>{}</h1>", title.replace('&', "&amp;"))),
            "{d}"
        );
    }
    for lengths in index.core["lengths"].as_array().unwrap() {
        assert_eq!(lengths.as_array().unwrap().len(), docs.len());
    }
    let title = |doc: u64| docs[doc as usize][2].as_str().unwrap().to_string();
    let whiplash = |field: &str, term: &str| -> Vec<String> {
        index.terms[term][field].iter().map(|&d| title(d)).collect()
    };
    // Each field holds what the entry says there, folded to lower case.
    assert!(whiplash("title", "whiplash").contains(&"Whiplash".to_string()));
    assert!(whiplash("aliases", "sprain").contains(&"Whiplash".to_string()));
    assert!(whiplash("summary", "jolted").contains(&"Whiplash".to_string()));
    assert!(whiplash("tags", "neck").contains(&"Whiplash".to_string()));
    assert!(whiplash("headings", "feels").contains(&"Whiplash".to_string()));
    assert!(whiplash("body", "sport").contains(&"Whiplash".to_string()));
    // Common words are left out.
    assert!(!index.terms.contains_key("the"));
    // site.yaml's synonyms, as terms.
    let synonyms = index.core["synonyms"].to_string();
    assert!(
        synonyms.contains(r#"[["car","crash"],["whiplash"]]"#),
        "{synonyms}"
    );
    // Every page loads the search script from the root, and no file is absolute.
    let home = site.read_out("index.html");
    assert!(home.contains(r#"<script src="search.js"></script>"#));
    assert!(
        site.read_out("conditions/whiplash/index.html")
            .contains(r#"<script src="../../search.js"></script>"#)
    );
    assert!(out.join("search.js").is_file());
    assert!(out.join("vendor/minisearch/minisearch.js").is_file());
    assert!(out.join("vendor/minisearch/LICENSE.txt").is_file());

    // A second build writes the same bytes.
    let first: Vec<_> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search-index"))
        .collect();
    assert!(first.len() >= 2, "{:?}", first.iter().map(|f| &f.0));
    site.build().assert_ok();
    let second: Vec<_> = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search-index"))
        .collect();
    assert!(
        first == second,
        "the search index differs between two builds"
    );
}

#[test]
fn a_static_file_does_not_replace_the_index() {
    // A static file in the index's folder is an error (issue 13; it was a warning and the
    // file was dropped): which files that folder holds changes with the content.
    let site = Site::example();
    site.write("static/search-index/core.js", "// mine\n");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: this file would be published in `search-index/`, the folder where carebook writes the search index\n --> static/search-index/core.js:1:1\n  |\nhelp: rename the file or move it to another folder, so that every published path has one file\n\nerror: 1 error in 1 file; nothing was written\n"
    );
    assert!(!site.out().exists());
}

/// The vendored MiniSearch is the npm package's UMD build (package-lock.json pins the
/// version), less its source-map comment.
#[test]
fn vendored_minisearch_is_the_pinned_package() {
    let vendored = std::fs::read_to_string(
        repo().join("themes/default/static/vendor/minisearch/minisearch.js"),
    )
    .unwrap();
    let lock = std::fs::read_to_string(repo().join("package-lock.json")).unwrap();
    let lock: Value = serde_json::from_str(&lock).unwrap();
    let version = lock["packages"]["node_modules/minisearch"]["version"]
        .as_str()
        .expect("package-lock.json pins minisearch");
    let package = repo().join("node_modules/minisearch");
    let Ok(original) = std::fs::read_to_string(package.join("dist/umd/index.js")) else {
        return skip(
            "vendored MiniSearch check",
            "node_modules/minisearch is missing; run `npm ci`",
        );
    };
    let installed: Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("package.json")).unwrap())
            .unwrap();
    assert_eq!(installed["version"].as_str(), Some(version));
    let original: String = original
        .lines()
        .filter(|l| !l.starts_with("//# sourceMappingURL="))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        vendored == original,
        "themes/default/static/vendor/minisearch/minisearch.js is not minisearch {version}'s dist/umd/index.js"
    );
    let license = std::fs::read_to_string(package.join("LICENSE.txt")).unwrap();
    assert_eq!(
        std::fs::read_to_string(repo().join("themes/default/static/vendor/minisearch/LICENSE.txt"))
            .unwrap(),
        license
    );
}

/// A word of length 8 or more that is only in `field` of one entry (in no other field of
/// any entry, and no longer word starts with it), and that entry's title.
fn only_in(index: &Index, field: &str) -> (String, String) {
    let docs = index.core["docs"].as_array().unwrap();
    index
        .terms
        .iter()
        .filter(|(term, fields)| {
            term.chars().count() >= 8
                && term.chars().all(|c| c.is_ascii_lowercase())
                && fields.len() == 1
                && fields.get(field).is_some_and(|d| d.len() == 1)
                && !index
                    .terms
                    .keys()
                    .any(|other| other != *term && other.starts_with(term.as_str()))
        })
        .map(|(term, fields)| {
            let doc = fields[field][0] as usize;
            (term.clone(), docs[doc][2].as_str().unwrap().to_string())
        })
        .next()
        .unwrap_or_else(|| panic!("the example site has no word only in one entry's {field}"))
}

#[test]
fn search_finds_what_a_patient_types() {
    if !browser_ready("search browser test") {
        return;
    }
    // The example site, with one more synonym whose words are on no page: only the
    // synonym can find its entry.
    let site = Site::example();
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    assert!(
        settings.contains("\n  synonyms:\n"),
        "site.yaml has search.synonyms"
    );
    let settings = settings.replacen(
        "\n  synonyms:\n",
        "\n  synonyms:\n    fender bender: [whiplash]\n",
        1,
    );
    site.write("site.yaml", &settings);
    // A page with accents: the index (Rust) and the query (JavaScript) fold them alike.
    site.write(
        "content/conditions/épaule-gelée.md",
        "---\ntitle: Épaule gelée\nsummary: A stiff, painful shoulder that slowly frees itself.\n\
         reviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n\n\
         Nobody should feel naïve for asking about it.\n",
    );
    site.build().assert_ok();
    let index = read_index(&site.out());
    for word in ["fender", "bender"] {
        assert!(!index.terms.contains_key(word), "{word} is on a page");
    }
    let (alias, aliased) = only_in(&index, "aliases");
    let (word, entry) = only_in(&index, "body");
    let cases: Vec<(String, String)> = [
        ("whiplash", "Whiplash"),
        ("wiplash", "Whiplash"),
        ("whiplas", "Whiplash"),
        ("fibromyalgia", "Fibrositis"),
        ("neck sprain", "Whiplash"),
        (alias.as_str(), aliased.as_str()),
        ("fender bender", "Whiplash"),
        ("car crash", "Whiplash"),
        ("stiff neck after car crash", "Whiplash"),
        (word.as_str(), entry.as_str()),
        ("epaule", "Épaule gelée"),
        ("GELÉE", "Épaule gelée"),
        ("naive", "Épaule gelée"),
    ]
    .iter()
    .map(|(q, t)| (q.to_string(), t.to_string()))
    .collect();
    let args: Vec<&str> = cases
        .iter()
        .flat_map(|(query, title)| ["--case", query.as_str(), title.as_str()])
        .collect();
    run_search_script(&site, &args, "search");
}

/// Each document's title and the language number `core.js` gives it (0: the index's own).
fn titles_and_languages(index: &Index) -> Vec<(String, u64)> {
    index.core["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let d = d.as_array().unwrap();
            assert!(d.len() == 4 || d.len() == 5, "{d:?}");
            let language = d.get(4).map_or(0, |l| l.as_u64().unwrap());
            assert_ne!(d.get(4).and_then(Value::as_u64), Some(0), "{d:?}");
            (d[2].as_str().unwrap().to_string(), language)
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_index_folds_and_leaves_out_the_words_of_its_own_languages() {
    let site = Site::copy("languages-site");
    site.build().assert_ok();
    let out = site.out();
    // The English index: English pages, English stop words, no table.
    let en = read_index(&out);
    assert_eq!(en.core["version"], 2);
    assert_eq!(
        en.core["languages"],
        serde_json::json!([["en-GB", "English"]])
    );
    assert_eq!(en.core["fold"], serde_json::json!({}));
    let stop = strings(&en.core["stop"]);
    assert!(stop.contains(&"the".to_string()) && !stop.contains(&"el".to_string()));
    assert!(titles_and_languages(&en).iter().all(|(_, l)| *l == 0));
    // The Spanish index: the Spanish pages, and the English ones standing in for what is
    // not translated, marked as in the second language; the stop words of both, sorted.
    let es = read_index_in(&out, "es/search-index");
    assert_eq!(
        es.core["languages"],
        serde_json::json!([["es", "Español"], ["en-GB", "English"]])
    );
    let docs = titles_and_languages(&es);
    for (title, language) in [
        ("Latigazo cervical", 0),
        ("Ciática", 0),
        ("Gentle stroking", 1),
        ("Prices", 1),
    ] {
        assert!(
            docs.contains(&(title.to_string(), language)),
            "{title}: {docs:?}"
        );
    }
    let stop = strings(&es.core["stop"]);
    assert!(stop.windows(2).all(|w| w[0] < w[1]), "{stop:?}");
    for word in ["the", "el", "de", "que", "with"] {
        assert!(stop.contains(&word.to_string()), "{word}: {stop:?}");
        assert!(!es.terms.contains_key(word), "{word} is indexed");
    }
    // A negation is a word a patient means: "sin fiebre".
    assert!(!stop.contains(&"sin".to_string()) && !stop.contains(&"no".to_string()));
    assert!(es.terms.contains_key("cuello") && es.terms.contains_key("ciatica"));

    // The Arabic index: folded by the Arabic table, which core.js carries for search.js.
    let site = Site::copy("languages-rtl");
    site.build().assert_ok();
    let ar = read_index_in(&site.out(), "ar/search-index");
    assert_eq!(ar.core["languages"], serde_json::json!([["ar", "العربية"]]));
    let fold = ar.core["fold"].as_object().unwrap();
    for (from, to) in [
        ("\u{640}", ""),
        ("ى", "ي"),
        ("ة", "ه"),
        ("ٱ", "ا"),
        ("٩", "9"),
    ] {
        assert_eq!(fold[from], to, "{from}");
    }
    // إصابة, الرقبة, متى: the hamza taken off, teh marbuta and alef maksura folded.
    for term in ["اصابه", "الرقبه", "متي", "999"] {
        assert!(ar.terms.contains_key(term), "{term}: {:?}", ar.terms.keys());
    }
    for term in ["إصابة", "الرقبة", "متى", "في"] {
        assert!(!ar.terms.contains_key(term), "{term} is indexed");
    }
}

/// Whether the browser tests of search can run here: else `test` is skipped.
fn browser_ready(test: &str) -> bool {
    ready(
        test,
        missing_browser_tools(&["playwright-core", "axe-core"]),
    )
}

/// Runs `tests/browser/search.mjs` on the built `site` with `args`; it must pass.
fn run_search_script(site: &Site, args: &[&str], label: &str) {
    let output = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(site.out())
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "tests/browser/search.mjs failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    // The queries as typed on the home page (of the language) over http, and the summary.
    for line in stdout.lines() {
        let home = line
            .split_whitespace()
            .nth(1)
            .is_some_and(|page| page.matches('/').count() <= 1);
        if line.starts_with("http ") && home || line.starts_with("ok:") {
            say(&format!("{label}: {line}"));
        }
    }
}

#[test]
fn search_lists_spanish_pages_before_untranslated_ones() {
    if !browser_ready("search browser test (Spanish)") {
        return;
    }
    // An English page not translated into Spanish that says "cervical" more often than
    // the Spanish "Latigazo cervical" does: by score alone it would come first.
    let site = Site::copy("languages-site");
    site.write(
        "content/conditions/cervical-spondylosis.md",
        "---\ntitle: Cervical spondylosis\naliases: [cervical arthritis]\n\
         summary: Wear in the cervical spine, the bones of the neck, that comes with age.\n\
         reviewed: 2026-09-01\nreviewed_by: Clinic lead therapist\n---\n\n\
         Cervical spondylosis is common after 50. Gentle movement often helps.\n",
    );
    site.build().assert_ok();
    let es = read_index_in(&site.out(), "es/search-index");
    let docs = titles_and_languages(&es);
    assert!(
        docs.contains(&("Cervical spondylosis".to_string(), 1)),
        "{docs:?}"
    );
    run_search_script(
        &site,
        &[
            "--lang",
            "es",
            "--untranslated",
            "cervical",
            "Latigazo cervical",
            "Cervical spondylosis",
            "en-GB",
            "(English)",
            "--case",
            "esguince de cuello",
            "Latigazo cervical",
            "--case",
            "ciatica",
            "Ciática",
        ],
        "search (Spanish)",
    );
}

#[test]
fn search_folds_arabic_as_readers_type_it() {
    if !browser_ready("search browser test (Arabic)") {
        return;
    }
    let site = Site::copy("languages-rtl");
    site.build().assert_ok();
    let whiplash = "إصابة الرقبة المفاجئة";
    let safety = "متى لا يجوز لك أن تتلقى التدليك";
    run_search_script(
        &site,
        &[
            "--lang",
            "ar",
            // Written with tatweel: the page has none.
            "--case",
            "الرقـــبة",
            whiplash,
            // A plain alef and heh for the page's إ and ة.
            "--case",
            "اصابه",
            whiplash,
            // Yeh for the page's alef maksura, and alef wasla for its alef.
            "--case",
            "متي",
            safety,
            "--case",
            "ٱلتدليك",
            safety,
            // Arabic-Indic digits for the page's 999.
            "--case",
            "٩٩٩",
            safety,
        ],
        "search (Arabic)",
    );
}
