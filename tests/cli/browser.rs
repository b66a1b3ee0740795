//! The default theme on the example site, as browsers, checkers and search engines see it.
//!
//! `the_example_site_passes_the_browser_checks` runs `tests/browser/run.mjs` (Node.js,
//! playwright-core driving Debian's Chromium, axe-core, the Nu Html Checker): see that file
//! for every check. It needs `/usr/bin/chromium`, Java and `node_modules` (`npm ci`); when
//! one is missing it says "skipped: …" and passes, unless `CI` is set, when it fails.
//! `SCREENSHOTS=docs/screenshots cargo test browser` also writes the README's screenshots.
//!
//! The JSON-LD tests need no browser: every block parses, has the schema.org types the
//! page's kind calls for, and links to pages that exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{
    BASE_URL, Site, chromium, missing_browser_tools, ready, repo, say, snapshot, works,
};

/// What the browser suite needs and this machine lacks, if anything.
fn missing_tools() -> Option<String> {
    missing_browser_tools(&["playwright-core", "axe-core", "vnu-jar"]).or_else(|| {
        (!works("java", "-version"))
            .then(|| "Java is not installed; `apt-get install default-jre-headless`".into())
    })
}

/// The example site's `language:` (the pages' `lang`), as `site.yaml` says.
fn example_language() -> String {
    let text = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
    let settings: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    settings["language"].as_str().unwrap_or("en").to_string()
}

/// Runs the browser script `script` (below `tests/browser/`) with `args`, for a fixture
/// site: it must succeed, and what it found is said as `label`. The README's screenshots
/// are the example's, so a fixture's run never writes them (`SCREENSHOTS` is not passed).
fn fixture_script(script: &str, args: &[&str], label: &str) {
    let output = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .env_remove("SCREENSHOTS")
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "tests/browser/{script} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    say(&format!("{label}: {}", stdout.trim_end()));
}

/// A site in English with Arabic translations, written right to left: every page passes
/// axe-core and the Nu Html Checker, with `lang` and `dir` right for its language
/// (`SCREENSHOTS=docs/screenshots` also writes `rtl-*.png`).
#[test]
fn a_right_to_left_translation_passes_the_browser_checks() {
    if !ready(
        "browser tests of right-to-left pages (axe-core, Nu Html Checker)",
        missing_tools(),
    ) {
        return;
    }
    let site = Site::copy("languages-rtl");
    site.build().assert_ok();
    let out = site.out().display().to_string();
    fixture_script(
        "run.mjs",
        &[&out, "--lang", "en-GB", "--translated", "ar"],
        "browser (right to left)",
    );
    let page = site.read_out("ar/conditions/whiplash/index.html");
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{page}"
    );
    // With SCREENSHOTS, the README's picture of a page written right to left.
    if let Some(dir) = std::env::var_os("SCREENSHOTS") {
        let shot = repo().join(dir).join("rtl-condition.png");
        let page = site.out().join("ar/conditions/whiplash/index.html");
        let status = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg("--window-size=1100,900")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap()
            .status;
        assert!(status.success() && shot.is_file(), "{}", shot.display());
        say(&format!("wrote {}", shot.display()));
    }
}

/// The language switcher works from the keyboard alone, there and back, and tells a screen
/// reader which language each link is in and which is the page's own; on a page written
/// right to left too.
#[test]
fn the_language_switcher_works_by_keyboard_alone() {
    if !ready("browser test of the language switcher", missing_tools()) {
        return;
    }
    for (fixture, lang) in [("languages-site", "es"), ("languages-rtl", "ar")] {
        let site = Site::copy(fixture);
        site.build().assert_ok();
        let out = site.out().display().to_string();
        fixture_script(
            "language-switcher.mjs",
            &[&out, "conditions/whiplash/", lang],
            &format!("language switcher ({lang})"),
        );
    }
}

/// The example site's other languages (`languages:`), as `site.yaml` lists them.
fn example_translations() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
    let settings: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    settings["languages"]
        .as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A page's path below the site root without its language's folder (`es/`), and whether
/// it had one.
fn without_language(page: &str) -> &str {
    example_translations()
        .iter()
        .find_map(|l| page.strip_prefix(&format!("{l}/")))
        .unwrap_or(page)
}

/// The example site, built twice: as it is, and with a `base_url` (canonical links,
/// sitemap, absolute JSON-LD addresses).
fn build_example() -> (Site, Site) {
    let plain = Site::example();
    plain.build().assert_ok();
    let published = Site::example();
    let settings = std::fs::read_to_string(published.path().join("site.yaml")).unwrap();
    let settings: String = settings
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    published.write("site.yaml", &format!("{settings}base_url: {BASE_URL}\n"));
    published.build().assert_ok();
    (plain, published)
}

#[test]
fn the_example_site_passes_the_browser_checks() {
    if !ready(
        "browser tests (axe-core, Nu Html Checker, print to PDF)",
        missing_tools(),
    ) {
        return;
    }
    let (plain, published) = build_example();
    let output = Command::new("node")
        .arg(repo().join("tests/browser/run.mjs"))
        .arg(plain.out())
        .args(["--lang", &example_language()])
        .args(["--translated", &example_translations().join(",")])
        .arg("--vnu-also")
        .arg(published.out())
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "tests/browser/run.mjs failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    say(&format!("browser: {}", stdout.trim_end()));
}

// ---- JSON-LD ----------------------------------------------------------------------------

/// Every `<script type="application/ld+json">` block of a page, parsed.
#[track_caller]
fn jsonld_blocks(page: &str, html: &str) -> Vec<Value> {
    const OPEN: &str = r#"<script type="application/ld+json">"#;
    html.match_indices(OPEN)
        .map(|(at, _)| {
            let start = at + OPEN.len();
            let end = start + html[start..].find("</script>").expect("closed script");
            serde_json::from_str(&html[start..end])
                .unwrap_or_else(|e| panic!("{page}: JSON-LD is not JSON: {e}"))
        })
        .collect()
}

/// The output file a JSON-LD `url` names, seen from `page`: relative (no base_url) or
/// absolute under the base_url; a folder means its index.html.
fn target_of(page: &str, url: &str, base: Option<&str>) -> String {
    let path = match base {
        Some(base) => url
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{page}: {url} is not under {base}"))
            .to_string(),
        None => {
            assert!(
                !url.contains("://") && !url.starts_with('/'),
                "{page}: {url} should be relative without a base_url"
            );
            let mut parts: Vec<&str> = page.split('/').collect();
            parts.pop();
            for part in url.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    _ => parts.push(part),
                }
            }
            let mut path = parts.join("/");
            if url.ends_with('/') {
                path.push('/');
            }
            path
        }
    };
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
}

/// The page's `<h1>` text, unescaped.
fn h1(html: &str) -> String {
    let start = html.find("<h1>").map(|i| i + 4).unwrap_or(0);
    let end = start + html[start..].find("</h1>").unwrap_or(0);
    html[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Checks the JSON-LD of every page of a built site; returns how many blocks it saw per
/// `@type` of `about`.
fn check_jsonld(out: &Path, base: Option<&str>) -> BTreeMap<String, usize> {
    let pages: BTreeMap<String, String> = snapshot(out)
        .into_iter()
        .map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b))
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let mut seen = BTreeMap::new();
    let link = |page: &str, node: &Value, folder: &str, what: &str| {
        let url = node["url"]
            .as_str()
            .unwrap_or_else(|| panic!("{page}: {what} has no url"));
        let target = target_of(page, url, base);
        let html = pages
            .get(&target)
            .unwrap_or_else(|| panic!("{page}: {what} links to {url}, which is no page"));
        assert!(
            without_language(&target).starts_with(&format!("{folder}/")),
            "{page}: {what} links to {target}, not to a page in {folder}/"
        );
        assert_eq!(
            node["name"].as_str(),
            Some(h1(html).as_str()),
            "{page}: {what}"
        );
    };
    for (page, html) in &pages {
        // A translation's page is in its language's folder: `es/conditions/x/index.html`.
        let parts: Vec<&str> = without_language(page).split('/').collect();
        let entry_page = parts.len() == 3 && parts[0] != "tags" && parts[2] == "index.html";
        let blocks = jsonld_blocks(page, html);
        if without_language(page) == "index.html" {
            // The home page: the clinic, from site.yaml's `contact:`.
            assert_eq!(blocks.len(), 1, "{page}: want the clinic's JSON-LD");
            assert_eq!(blocks[0]["@type"], "MedicalClinic", "{page}");
            assert_eq!(
                blocks[0]["name"].as_str(),
                Some(h1(html).as_str()),
                "{page}"
            );
            assert_eq!(blocks[0]["url"].as_str(), base, "{page}");
            *seen.entry("MedicalClinic".to_string()).or_insert(0) += 1;
            continue;
        }
        if !entry_page {
            assert!(
                blocks.is_empty(),
                "{page}: JSON-LD on a page that is no entry"
            );
            continue;
        }
        assert_eq!(blocks.len(), 1, "{page}: want one JSON-LD block");
        let ld = &blocks[0];
        assert_eq!(ld["@context"], "https://schema.org", "{page}");
        assert_eq!(ld["@type"], "MedicalWebPage", "{page}");
        assert_eq!(ld["name"].as_str(), Some(h1(html).as_str()), "{page}");
        assert_eq!(target_of(page, ld["url"].as_str().unwrap(), base), *page);
        assert_eq!(ld["audience"]["@type"], "MedicalAudience", "{page}");
        let audience = ld["audience"]["audienceType"].as_str().unwrap_or_default();
        assert!(
            ["Patient", "MedicalAudience", "Clinician"].contains(&audience),
            "{page}: audienceType {audience}"
        );
        if parts[0] != "handouts" {
            assert_eq!(
                audience, "Patient",
                "{page}: the example's pages are for patients"
            );
        }
        // The review the page shows is the review search engines see.
        let reviewed = ld["lastReviewed"]
            .as_str()
            .unwrap_or_else(|| panic!("{page}: no lastReviewed"));
        // The review line, in the page's language: its first date is the review's.
        let review_line = html
            .split("<p class=\"review\">")
            .nth(1)
            .and_then(|r| r.split("</p>").next())
            .unwrap_or_default();
        let first_date = review_line
            .split("<time datetime=\"")
            .nth(1)
            .and_then(|d| d.split('"').next());
        assert!(
            first_date == Some(reviewed),
            "{page}: lastReviewed {reviewed} is not the date in the review footer"
        );
        assert!(
            ld["reviewedBy"]["@type"].is_string() && ld["reviewedBy"]["name"].is_string(),
            "{page}: reviewedBy {}",
            ld["reviewedBy"]
        );
        let about = &ld["about"];
        let kind = about["@type"].as_str().unwrap_or("none").to_string();
        match parts[0] {
            "conditions" => {
                assert_eq!(kind, "MedicalCondition", "{page}");
                assert_eq!(about["name"], ld["name"], "{page}");
                let treatments = about["possibleTreatment"].as_array().unwrap();
                for t in treatments {
                    assert_eq!(t["@type"], "MedicalTherapy", "{page}");
                    link(page, t, "techniques", "possibleTreatment");
                }
                // Every technique the page lists is a possible treatment, and no other.
                let listed = html
                    .split("<h2 id=\"page--related-")
                    .filter(|s| s.split('<').next().unwrap_or("").ends_with(">Techniques"))
                    .map(|s| s.split("</section>").next().unwrap_or(""))
                    .flat_map(|s| s.split("href=\"").skip(1))
                    .filter(|s| s.contains("techniques/"))
                    .count();
                assert_eq!(treatments.len(), listed, "{page}: possibleTreatment");
            }
            "techniques" => {
                assert_eq!(kind, "MedicalTherapy", "{page}");
                assert_eq!(about["name"], ld["name"], "{page}");
                for c in about["contraindication"].as_array().unwrap() {
                    assert_eq!(c["@type"], "MedicalContraindication", "{page}");
                    link(page, c, "safety", "contraindication");
                }
            }
            _ => assert!(about.is_null(), "{page}: about {about}"),
        }
        *seen.entry(kind).or_insert(0) += 1;
    }
    seen
}

#[test]
fn every_entry_page_has_schema_org_jsonld_linking_to_real_pages() {
    let (plain, published) = build_example();
    for (site, base) in [(&plain, None), (&published, Some(BASE_URL))] {
        let seen = check_jsonld(&site.out(), base);
        // The home page of each language tells of the clinic.
        let homes = 1 + example_translations().len();
        assert_eq!(seen.get("MedicalClinic"), Some(&homes), "{seen:?}");
        assert!(
            seen.get("MedicalCondition").is_some_and(|&n| n > 0),
            "{seen:?}"
        );
        assert!(
            seen.get("MedicalTherapy").is_some_and(|&n| n > 0),
            "{seen:?}"
        );
    }
    // A condition with techniques and a technique with safety notes show the links.
    let whiplash = plain.read_out("conditions/whiplash/index.html");
    let ld = &jsonld_blocks("whiplash", &whiplash)[0];
    assert!(
        !ld["about"]["possibleTreatment"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let techniques: Vec<PathBuf> = std::fs::read_dir(plain.out().join("techniques"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    assert!(techniques.iter().any(|p| {
        let html = std::fs::read_to_string(p).unwrap();
        let ld = &jsonld_blocks("technique", &html)[0];
        !ld["about"]["contraindication"]
            .as_array()
            .unwrap()
            .is_empty()
    }));
}

#[test]
fn search_engines_get_descriptions_canonical_links_and_a_sitemap() {
    let (plain, published) = build_example();
    let page = published.read_out("conditions/whiplash/index.html");
    assert!(page.contains(&format!(
        r#"<link rel="canonical" href="{BASE_URL}conditions/whiplash/">"#
    )));
    assert!(page.contains(&format!(
        r#"<meta property="og:url" content="{BASE_URL}conditions/whiplash/">"#
    )));
    assert!(page.contains(r#"<meta property="og:title" content="Whiplash — "#));
    let sitemap = published.read_out("sitemap.xml");
    for (path, _) in snapshot(&published.out()) {
        let path = path.to_string_lossy().replace('\\', "/");
        if let Some(dir) = path.strip_suffix("index.html") {
            assert!(
                sitemap.contains(&format!("<loc>{BASE_URL}{dir}</loc>")),
                "sitemap.xml lacks {path}"
            );
        }
    }
    // Published in a sub-folder (BASE_URL): crawlers read robots.txt only at a host's root.
    assert!(!published.out().join("robots.txt").exists());
    // Every page has a description (its summary), and none a canonical link without a
    // base_url.
    for (path, bytes) in snapshot(&plain.out()) {
        let path = path.to_string_lossy().into_owned();
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let description = html
            .split(r#"<meta name="description" content=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{path}: no meta description"));
        assert!(!description.trim().is_empty(), "{path}: empty description");
        assert!(html.contains(r#"<meta property="og:description" content=""#));
        assert!(!html.contains(r#"rel="canonical""#), "{path}");
    }
    // The description is the summary, shown as the lead paragraph.
    let whiplash = plain.read_out("conditions/whiplash/index.html");
    let lead = whiplash
        .split(r#"<p class="lead">"#)
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap();
    assert!(whiplash.contains(&format!(r#"<meta name="description" content="{lead}">"#)));
    assert!(!plain.out().join("sitemap.xml").exists());
}

/// A page's footnotes listed under "Sources", with links there and back, and a handout's
/// chapters each with their own (`tests/fixtures/evidence-site`): the browser suite finds
/// nothing (axe-core, the Nu Html Checker, every `#fragment` names an id of its page).
#[test]
fn footnotes_and_their_sources_list_pass_the_browser_checks() {
    if !ready(
        "browser tests of footnotes (axe-core, Nu Html Checker)",
        missing_tools(),
    ) {
        return;
    }
    let site = Site::copy("evidence-site");
    site.build().assert_ok();
    let out = site.out().display().to_string();
    fixture_script("run.mjs", &[&out, "--lang", "en-GB"], "browser (footnotes)");
}

// ---- right-sized pictures -----------------------------------------------------------------

/// The pictures fixture (tests/cli/pictures.rs) in Chromium: at 390 and 1280 px wide each
/// picture loads the copy of the width expected (`img.currentSrc`), and has its box before
/// it arrives (tests/browser/pictures.mjs); axe-core and the Nu Html Checker find nothing
/// on its pages (tests/browser/run.mjs).
#[test]
fn built_pictures_are_chosen_by_width_and_keep_their_box() {
    if !ready("browser tests of pictures", missing_tools()) {
        return;
    }
    let site = Site::copy("pictures-site");
    site.build().assert_ok();
    let nerve = "The lower back, with the sciatic nerve running down the leg";
    let stretch = "A patient lying on their back, one knee pulled gently to the chest";
    let room = "Our front room, with two treatment tables";
    let expected = serde_json::json!({
        "390": {nerve: "sciatica-nerve-480.webp", stretch: "stretch-480.webp", room: "front-room-480.webp"},
        "1280": {nerve: "sciatica-nerve-960.webp", stretch: "stretch-800.webp", room: "front-room.webp"},
    });
    let out = site.out().display().to_string();
    let expected = expected.to_string();
    fixture_script(
        "pictures.mjs",
        &[&out, "conditions/sciatica/", &expected],
        "tests/browser/pictures.mjs",
    );
    fixture_script(
        "run.mjs",
        &[&out, "--lang", "en-GB"],
        "tests/browser/run.mjs",
    );
}
