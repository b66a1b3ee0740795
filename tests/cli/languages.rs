//! Translations (`whiplash.es.md` beside `whiplash.md`, `languages:` in site.yaml):
//! published under their language's folder with `lang`, `dir`, `hreflang` alternates and a
//! language switcher; entries not translated shown in their own language, saying so; the
//! home page and A–Z pages in every language; translations checked against their source's
//! review (`translation-outdated`, `translation-missing-date`), listed by
//! `check --translations`; and every way a translation can be wrong refused at its place.

use crate::support::{Site, TODAY};

fn built() -> Site {
    let site = Site::copy("languages-site");
    site.build().assert_ok();
    site
}

#[test]
fn a_translation_is_published_in_its_language_folder_with_its_language_and_alternates() {
    let site = built();
    let es = site.read_out("es/conditions/whiplash/index.html");
    assert!(
        es.starts_with("<!DOCTYPE html>\n<html lang=\"es\" dir=\"ltr\">"),
        "{es}"
    );
    assert!(es.contains("<h1>Latigazo cervical</h1>"), "{es}");
    assert!(es.contains("<title>Latigazo cervical — Riverside Clinic</title>"));
    // Both languages, each with its full address: search engines need them.
    assert!(es.contains(
        "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://clinic.example/conditions/whiplash/\">\n<link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/conditions/whiplash/\">\n"
    ), "{es}");
    // The switcher names each language in itself, marks the page's own, and says in
    // which language each link is.
    assert!(es.contains(
        "<nav class=\"languages\" aria-label=\"Idioma\">\n      <ul><li><a href=\"../../../conditions/whiplash/index.html\" hreflang=\"en-GB\" lang=\"en-GB\">English</a></li><li><a href=\"../../../es/conditions/whiplash/index.html\" hreflang=\"es\" lang=\"es\" aria-current=\"page\">Español</a></li></ul>\n    </nav>"
    ), "{es}");
    // The breadcrumb (in the page's language), the site's name and the navigation stay
    // in Spanish.
    assert!(
        es.contains("<a href=\"../../../es/conditions/index.html\">Afecciones</a></p>"),
        "{es}"
    );
    assert!(
        es.contains("<p class=\"site-title\"><a href=\"../../../es/index.html\">"),
        "{es}"
    );
    // A link in the body goes to the Spanish page where there is one...
    assert!(es.contains("<a href=\"../../../es/conditions/sciatica/index.html\" data-print-url=\"https://clinic.example/es/conditions/sciatica/\">Ciática</a>"), "{es}");
    // ... and to the English one, named in English, where there is none, saying in
    // which language it is; a list also shows that language's name.
    assert!(es.contains("<a href=\"../../../techniques/gentle-stroking/index.html\" hreflang=\"en-GB\" data-print-url=\"https://clinic.example/techniques/gentle-stroking/\">Gentle stroking</a>"), "{es}");
    assert!(es.contains(
        "<li><a href=\"../../../techniques/gentle-stroking/index.html\" hreflang=\"en-GB\" lang=\"en-GB\">Gentle stroking</a> <span class=\"in-language\">(English)</span><p lang=\"en-GB\">Light, slow strokes to relax the skin and muscles.</p></li>"
    ), "{es}");
    // The source's safety note, in Spanish where it is translated.
    assert!(es.contains("<a href=\"../../../es/safety/when-not-to-massage/index.html\" data-print-url=\"https://clinic.example/es/safety/when-not-to-massage/\">Cuándo no recibir un masaje</a>"), "{es}");
    // The English page links its translation the same way, and stays where it was.
    let en = site.read_out("conditions/whiplash/index.html");
    assert!(
        en.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\" dir=\"ltr\">"),
        "{en}"
    );
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/conditions/whiplash/\">"), "{en}");
    assert!(
        en.contains("hreflang=\"en-GB\" lang=\"en-GB\" aria-current=\"page\">English</a>"),
        "{en}"
    );
    // The menu and footer give each page in the page's language where it is translated,
    // and in its own, marked as such, where it is not.
    assert!(es.contains("<li class=\"menu-page\"><a href=\"../../../es/about/index.html\">Quiénes somos</a></li>"), "{es}");
    assert!(es.contains("<li><a href=\"../../../prices/index.html\" hreflang=\"en-GB\" lang=\"en-GB\">Prices</a></li>"), "{es}");
    assert!(
        en.contains("<li><a href=\"../../prices/index.html\">Prices</a></li>"),
        "{en}"
    );
    // A page with no translation has no switcher and no alternates.
    let stroking = site.read_out("techniques/gentle-stroking/index.html");
    assert!(!stroking.contains("hreflang"), "{stroking}");
    assert!(!stroking.contains("class=\"languages\""), "{stroking}");
}

#[test]
fn every_language_has_its_home_and_a_to_z_pages_listing_what_is_not_translated_yet() {
    let site = built();
    for page in [
        "es/index.html",
        "es/conditions/index.html",
        "es/techniques/index.html",
        "es/safety/index.html",
        "es/about/index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page}");
    }
    // Translations are never published as entries of their own in the default language.
    assert!(!site.out().join("conditions/whiplash-es").exists());
    let home = site.read_out("es/index.html");
    assert!(
        home.contains("<h1>Información para pacientes</h1>"),
        "{home}"
    );
    assert!(
        home.contains("<div class=\"intro\"><p>Información para nuestros pacientes.</p>"),
        "{home}"
    );
    let techniques = site.read_out("es/techniques/index.html");
    assert!(techniques.contains("<a href=\"../../techniques/gentle-stroking/index.html\" hreflang=\"en-GB\" lang=\"en-GB\">Gentle stroking</a> <span class=\"in-language\">(English)</span>"), "{techniques}");
    let conditions = site.read_out("es/conditions/index.html");
    assert!(
        conditions.contains(">Ciática</a>") && conditions.contains(">Latigazo cervical</a>"),
        "{conditions}"
    );
    assert!(!conditions.contains("(English)"), "{conditions}");
    // The menu shows the Spanish About page on Spanish pages, the English one on English.
    assert!(
        conditions.contains("<a href=\"../../es/about/index.html\">Quiénes somos</a>"),
        "{conditions}"
    );
    assert!(
        site.read_out("conditions/index.html")
            .contains("<a href=\"../about/index.html\">About us</a>")
    );
    // The English home page is as it was, with its Spanish alternate.
    let en_home = site.read_out("index.html");
    assert!(
        en_home.contains(
            "<link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/\">"
        ),
        "{en_home}"
    );
}

#[test]
fn the_sitemap_lists_every_language_of_each_page() {
    let site = built();
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"), "{sitemap}");
    let whiplash = "<xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://clinic.example/conditions/whiplash/\"/><xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/conditions/whiplash/\"/></url>";
    assert!(sitemap.contains(&format!("<url><loc>https://clinic.example/conditions/whiplash/</loc><lastmod>2026-10-01</lastmod>{whiplash}")), "{sitemap}");
    assert!(sitemap.contains(&format!("<url><loc>https://clinic.example/es/conditions/whiplash/</loc><lastmod>2026-10-15</lastmod>{whiplash}")), "{sitemap}");
    assert!(sitemap.contains("<url><loc>https://clinic.example/techniques/gentle-stroking/</loc><lastmod>2026-08-01</lastmod></url>"), "{sitemap}");
}

#[test]
fn a_translation_older_than_its_sources_review_or_undated_is_a_warning_at_its_place() {
    let site = Site::copy("languages-site");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "warning: this translation into Español may be out of date: it was made from the version of Sciatica reviewed on 1 March 2026, and content/conditions/sciatica.md was reviewed again on 1 September 2026
 --> content/conditions/sciatica.es.md:6:1
  |
6 | translated_from: 2026-03-01
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: have what changed since 2026-03-01 translated and the translation reviewed, then set `translated_from: 2026-09-01`

warning: this translation into Español does not say which version of content/safety/when-not-to-massage.md it was translated from
 --> content/safety/when-not-to-massage.es.md:1:1
  |
1 | ---
  | ^^^
  |
help: add `translated_from: 2026-07-01`: the `reviewed` date of the page that was translated, so that carebook can tell you when that page changes

note: 4 pages in Español (es) were given a reading level by the Fernández Huerta reading ease, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only: ask someone who reads Español well to look at their sentences and words
"
    );
    // An error with --strict, as every finding is.
    site.run(&["check", "--today", TODAY, "--strict"])
        .assert_code(1);
    // Translated again: no finding.
    site.replace(
        "content/conditions/sciatica.es.md",
        "translated_from: 2026-03-01",
        "translated_from: 2026-09-01",
    );
    site.replace(
        "content/safety/when-not-to-massage.es.md",
        "reviewed: 2026-07-10",
        "reviewed: 2026-07-10\ntranslated_from: 2026-07-01",
    );
    let run = site.run(&["check", "--today", TODAY, "--strict"]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "note: 4 pages in Español (es) were given a reading level by the Fernández Huerta reading ease, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only: ask someone who reads Español well to look at their sentences and words\n"
    );
}

#[test]
fn check_translations_lists_every_page_and_its_status_in_each_language() {
    let site = Site::copy("languages-site");
    let run = site.run(&["check", "--today", TODAY, "--translations"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Translations, by page:
  Page                        es          File
  Sciatica                    outdated    content/conditions/sciatica.md
  Whiplash                    up to date  content/conditions/whiplash.md
  Gentle stroking             missing     content/techniques/gentle-stroking.md
  When not to have a massage  outdated    content/safety/when-not-to-massage.md
  About us                    up to date  content/pages/about.md
  Prices                      missing     content/pages/prices.md
Check passed: 6 entries and 4 translations checked, 2 warnings in 2 files
"
    );
    let json = site.run(&[
        "check",
        "--today",
        TODAY,
        "--translations",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["translations"][0],
        serde_json::json!({"file": "content/conditions/sciatica.md", "languages": {"es": "outdated"}, "title": "Sciatica"})
    );
    assert_eq!(doc["translations"][2]["languages"]["es"], "missing");
    assert_eq!(doc["translations"][1]["languages"]["es"], "up-to-date");
    // Without the flag, no table.
    let plain = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    assert!(doc.get("translations").is_none());
}

#[test]
fn a_translation_that_is_wrong_is_refused_at_its_place() {
    let site = Site::copy("languages-site");
    site.write(
        "content/conditions/arthritis.es.md",
        "---\ntitle: Artritis\nsummary: Dolor en las articulaciones.\n---\nTexto.\n",
    );
    site.write(
        "content/conditions/whiplash.fr.md",
        "---\ntitle: Coup du lapin\nsummary: Douleur.\n---\nTexte.\n",
    );
    site.write(
        "content/conditions/whiplash.en.md",
        "---\ntitle: Whiplash\nsummary: Neck pain.\n---\nText.\n",
    );
    site.write(
        "content/techniques/gentle-stroking.es.md",
        "---\ntitle: Pasadas suaves\nsummary: Pasadas lentas.\ntags: [cuello]\nsafety: [when-not-to-massage]\n---\nTexto.\n",
    );
    site.replace(
        "content/safety/when-not-to-massage.es.md",
        "reviewed: 2026-07-10",
        "severity: urgent\nreviewed: 2026-07-10",
    );
    site.replace(
        "content/techniques/gentle-stroking.md",
        "reviewed: 2026-08-01",
        "translated_from: 2026-08-01\nreviewed: 2026-08-01",
    );
    site.assert_build_refused(
        "error: this is a translation into Español (es) of content/conditions/arthritis.md, and there is no such file
 --> content/conditions/arthritis.es.md:1:1
  |
help: a translation sits beside its source with the same name and its language before `.md`: check the name, or write the source first

error: `.en` names the site's own language, en-GB
 --> content/conditions/whiplash.en.md:1:1
  |
help: the site is written in en-GB: rename the file to `whiplash.md`

error: this looks like a translation into `fr`, which site.yaml does not list
 --> content/conditions/whiplash.fr.md:1:1
  |
help: the site's other languages are es (Español); add `fr` under `languages:` in site.yaml, or rename the file if it is not a translation

error: `severity` is set once, in the source (content/safety/when-not-to-massage.md): a translation takes it from there
 --> content/safety/when-not-to-massage.es.md:4:1
  |
4 | severity: urgent
  | ^^^^^^^^
  |
help: remove this line; a translation writes only its own title, summary, aliases, text, sources, `reviewed`, `reviewed_by` and `translated_from`

error: `tags` is set once, in the source (content/techniques/gentle-stroking.md): a translation takes it from there
 --> content/techniques/gentle-stroking.es.md:4:1
  |
4 | tags: [cuello]
  | ^^^^
  |
help: remove this line; a translation writes only its own title, summary, aliases, text, sources, `reviewed`, `reviewed_by` and `translated_from`

error: `safety` is set once, in the source (content/techniques/gentle-stroking.md): a translation takes it from there
 --> content/techniques/gentle-stroking.es.md:5:1
  |
5 | safety: [when-not-to-massage]
  | ^^^^^^
  |
help: remove this line; a translation writes only its own title, summary, aliases, text, sources, `reviewed`, `reviewed_by` and `translated_from`

error: `translated_from` is for translations, and this file is not one
 --> content/techniques/gentle-stroking.md:5:1
  |
5 | translated_from: 2026-08-01
  | ^^^^^^^^^^^^^^^
  |
help: a translation is named like its source with its language before `.md` (`whiplash.es.md`); remove this line here

error: 7 errors in 6 files; nothing was written
",
    );
}

#[test]
fn the_site_languages_are_language_codes_with_names() {
    let site = Site::copy("languages-site");
    site.replace("site.yaml", "language: en-GB", "language: English");
    site.assert_build_refused(
        "error: `English` is not a language code
 --> site.yaml:2:11
  |
2 | language: English
  |           ^^^^^^^
  |
help: write a language code such as en, en-GB or es (a BCP 47 tag: the language's two- or three-letter code, then a region if you need one)

error: 1 error in 1 file; nothing was written
",
    );
    let site = Site::copy("languages-site");
    site.replace(
        "site.yaml",
        "  es: {name: Español}",
        "  es: {name: Español}\n  ES: {name: Castellano}\n  espanol: {name: Español}\n  xx: {}",
    );
    site.assert_build_refused(
        "error: `ES` is listed twice in `languages:`
 --> site.yaml:6:3
  |
6 |   ES: {name: Castellano}
  |   ^^
  |
help: list each language once; remove one of them

error: `espanol` is not a language code
 --> site.yaml:7:3
  |
7 |   espanol: {name: Español}
  |   ^^^^^^^
  |
help: write a language code such as en, en-GB or es (a BCP 47 tag: the language's two- or three-letter code, then a region if you need one)

error: the language `xx` has no name
 --> site.yaml:8:3
  |
8 |   xx: {}
  |   ^^
  |
help: give its name as its readers write it, for the language switcher: for example `es: {name: Español}`

error: 3 errors in 1 file; nothing was written
",
    );
}

#[test]
fn a_language_may_not_take_the_folder_of_a_kind() {
    let site = Site::copy("languages-site");
    site.write(
        "site.yaml",
        &format!(
            "{}kinds:\n  exercise:\n    folder: es\n    title: Ejercicios\n",
            site.read("site.yaml")
        ),
    );
    site.assert_build_refused(
        "error: the pages in `es` would go in the folder `es/`, which is the folder of ejercicios
 --> site.yaml:5:3
  |
5 |   es: {name: Español}
  |   ^^
  |
help: rename the kind's folder in site.yaml (`kinds:`), or write the language with its region (`es-ES`)

error: 1 error in 1 file; nothing was written
",
    );
}

#[test]
fn a_language_written_right_to_left_gets_dir_rtl() {
    let site = Site::copy("languages-site");
    site.replace(
        "site.yaml",
        "  es: {name: Español}",
        "  es: {name: Español}\n  ar: {}",
    );
    site.write(
        "content/conditions/whiplash.ar.md",
        "---\ntitle: إصابة الرقبة المفاجئة\nsummary: ألم وتيبس في الرقبة بعد حركة مفاجئة.\ntranslated_from: 2026-10-01\nreviewed: 2026-10-20\nreviewed_by: المعالج الرئيسي\n---\nقد تشعر بتيبس في رقبتك لبضعة أيام.\n",
    );
    site.build().assert_ok();
    let ar = site.read_out("ar/conditions/whiplash/index.html");
    assert!(
        ar.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{ar}"
    );
    // Named in itself from carebook's list when site.yaml gives no name.
    assert!(
        ar.contains("hreflang=\"ar\" lang=\"ar\" aria-current=\"page\">العربية</a>"),
        "{ar}"
    );
    assert!(
        site.read_out("conditions/whiplash/index.html")
            .contains("<link rel=\"alternate\" hreflang=\"ar\"")
    );
    assert!(
        site.read_out("ar/index.html")
            .starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">")
    );
}

#[test]
fn a_translated_handout_prints_its_chapters_in_its_language_and_names_those_it_cannot() {
    let site = Site::copy("languages-site");
    site.write(
        "content/handouts/first-visit.md",
        "---\ntitle: Your first visit\nsummary: What happens at your first visit.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead\nentries: [whiplash, gentle-stroking]\n---\nWelcome.\n",
    );
    site.write(
        "content/handouts/first-visit.es.md",
        "---\ntitle: Su primera visita\nsummary: Lo que ocurre en su primera visita.\nreviewed: 2026-10-05\nreviewed_by: Terapeuta principal\ntranslated_from: 2026-10-01\n---\nBienvenido.\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.contains(
            "warning: the chapter \"Gentle stroking\" (content/techniques/gentle-stroking.md) has no translation into Español: this handout prints it in English
 --> content/handouts/first-visit.es.md:2:1
  |
2 | title: Su primera visita
  | ^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: translate it beside its source, as content/techniques/gentle-stroking.es.md, or take it out of the handout
"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("has no translation into").count(),
        1,
        "{}",
        run.stderr
    );
    site.build().assert_ok();
    let handout = site.read_out("es/handouts/first-visit/index.html");
    assert!(
        handout.starts_with("<!DOCTYPE html>\n<html lang=\"es\""),
        "{handout}"
    );
    assert!(
        handout.contains("<span class=\"toc-title\">Latigazo cervical</span>"),
        "{handout}"
    );
    assert!(
        handout.contains("<span class=\"toc-title\">Gentle stroking</span>"),
        "{handout}"
    );
    assert!(
        handout.contains("Puede notar el cuello rígido"),
        "{handout}"
    );
}

#[test]
fn each_language_has_its_own_search_index_with_what_is_not_translated_in_english() {
    let site = built();
    let docs = |folder: &str| -> Vec<(String, String)> {
        let core = site.read_out(&format!("{folder}/core.js"));
        let json = core
            .strip_prefix("CarebookSearch.data(\"core\",")
            .and_then(|c| c.strip_suffix(");\n"))
            .unwrap();
        let core: serde_json::Value = serde_json::from_str(json).unwrap();
        core["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d[1].as_str().unwrap().to_string(),
                    d[2].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |path: &str, title: &str| (path.to_string(), title.to_string());
    let es = docs("es/search-index");
    assert!(
        es.contains(&pair(
            "es/conditions/whiplash/index.html",
            "Latigazo cervical"
        )),
        "{es:?}"
    );
    assert!(
        es.contains(&pair(
            "techniques/gentle-stroking/index.html",
            "Gentle stroking"
        )),
        "{es:?}"
    );
    assert!(
        !es.contains(&pair("conditions/whiplash/index.html", "Whiplash")),
        "{es:?}"
    );
    let en = docs("search-index");
    assert!(
        en.contains(&pair("conditions/whiplash/index.html", "Whiplash")),
        "{en:?}"
    );
    assert!(
        en.iter().all(|(path, _)| !path.starts_with("es/")),
        "{en:?}"
    );
    assert_eq!(en.len(), es.len());
    // A Spanish page searches the Spanish index.
    let page = site.read_out("es/conditions/whiplash/index.html");
    assert!(
        page.contains("data-root=\"../../../\" data-index=\"../../../es/search-index/\""),
        "{page}"
    );
}

#[test]
fn a_translation_of_a_draft_waits_for_it_with_a_warning() {
    let site = Site::copy("languages-site");
    site.replace(
        "content/conditions/sciatica.md",
        "reviewed: 2026-09-01",
        "draft: true\nreviewed: 2026-09-01",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.starts_with(
            "warning: this translation into Español is not published: its source, content/conditions/sciatica.md, is a draft
 --> content/conditions/sciatica.es.md:1:1
  |
help: it is published with its source, when the source's `draft: true` is removed
"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("es/conditions/sciatica").exists());
    assert!(!site.out().join("conditions/sciatica").exists());
}

#[test]
fn every_language_has_the_topic_pages_listing_its_translations_and_what_is_not_translated() {
    let site = Site::copy("languages-site");
    site.replace(
        "content/conditions/whiplash.md",
        "techniques: [gentle-stroking]\n",
        "techniques: [gentle-stroking]\ntags: [neck]\n",
    );
    site.replace(
        "content/techniques/gentle-stroking.md",
        "safety: [when-not-to-massage]\n",
        "safety: [when-not-to-massage]\ntags: [neck]\n",
    );
    site.build().assert_ok();
    let page = site.read_out("es/tags/neck/index.html");
    assert!(page.contains("<html lang=\"es\" dir=\"ltr\">"), "{page}");
    assert!(
        page.contains("<h1>Tema: neck</h1>\n<p class=\"lead\">2 páginas sobre este tema.</p>"),
        "{page}"
    );
    // The Spanish page where there is one, the English one marked where there is not, in
    // the order of the titles shown.
    let latigazo = page.find("<li><a href=\"../../../es/conditions/whiplash/index.html\">Latigazo cervical</a><p>Dolor y rigidez en el cuello después de un golpe brusco.</p></li>").expect(&page);
    let gentle = page.find("<li><a href=\"../../../techniques/gentle-stroking/index.html\" hreflang=\"en-GB\" lang=\"en-GB\">Gentle stroking</a> <span class=\"in-language\">(English)</span><p lang=\"en-GB\">Light, slow strokes to relax the skin and muscles.</p></li>").expect(&page);
    assert!(gentle < latigazo, "{page}");
    assert!(
        page.contains(
            "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://clinic.example/tags/neck/\">"
        ),
        "{page}"
    );
    // A Spanish entry links to the Spanish topic; the list of topics is there too.
    let entry = site.read_out("es/conditions/whiplash/index.html");
    assert!(
        entry.contains("<a href=\"../../../es/tags/neck/index.html\">neck</a>"),
        "{entry}"
    );
    let topics = site.read_out("es/tags/index.html");
    assert!(topics.contains("<html lang=\"es\""), "{topics}");
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://clinic.example/es/tags/neck/</loc><xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://clinic.example/tags/neck/\"/><xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/tags/neck/\"/></url>"), "{sitemap}");
}
