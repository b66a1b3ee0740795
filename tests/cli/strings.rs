//! The interface in the page's language (issue 17): the theme's strings files, `strings:`
//! in site.yaml, dates and numbers by ICU4X, `<html lang dir>`, `language:` checked as a
//! language tag, and a Spanish handout printed to PDF.

use std::path::Path;
use std::process::Command;

use crate::support::{Site, TODAY, html_pages, ready, works};

/// English words of the interface that must not be on a page in another language (the
/// theme's texts, case kept, so that `role="search"` and class names do not count).
const ENGLISH: [&str; 25] = [
    "When to get help",
    "Also called",
    ">Search<",
    "Search results",
    "Page last reviewed",
    "Next review due",
    "Contents",
    "Skip to main content",
    "Browse",
    "Topics",
    ">Safety<",
    "Sources",
    "Good to know",
    "from A to Z",
    "\"Page \"",
    ">Reviewed",
    "\"Reviewed ",
    "Sorry, we cannot",
    "Read this page online",
    "Scan the code",
    "on the website",
    "Prepared by",
    "This information does not replace",
    "For example",
    "Recently reviewed",
];

fn spanish_site() -> Site {
    let site = Site::copy("strings-es");
    site.build().assert_ok();
    site
}

#[test]
fn a_spanish_site_has_no_english_word_of_the_interface() {
    let site = spanish_site();
    let pages = html_pages(&site.out());
    assert!(pages.len() >= 10, "{}", pages.len());
    for (path, html) in &pages {
        assert!(
            html.contains("<html lang=\"es\" dir=\"ltr\">"),
            "{path}: lang and dir"
        );
        for english in ENGLISH {
            assert!(!html.contains(english), "{path} shows `{english}`");
        }
        // Every page's search box and its printed footer.
        assert!(
            html.contains("<label for=\"page--search-q\">Buscar</label>"),
            "{path}"
        );
        assert!(
            html.contains(
                "@bottom-center { content: \"Página \" counter(page) \" de \" counter(pages); }"
            ),
            "{path}"
        );
    }
    let whiplash = site.read_out("conditions/latigazo-cervical/index.html");
    for snippet in [
        "<h2 id=\"page--urgent\">Cuándo pedir ayuda</h2>",
        "<p class=\"aliases\">También llamado: esguince cervical</p>",
        "<span>Página revisada por última vez el <time datetime=\"2026-03-01\">1 de marzo de 2026</time> por Fisioterapeuta responsable · Próxima revisión: <time datetime=\"2027-03-01\">1 de marzo de 2027</time></span>",
        "<a href=\"../../conditions/index.html\">Afecciones</a>",
        "<h2 id=\"page--related-1\">Técnicas</h2>",
        "<p class=\"print-only\">Lea esta página en internet: https://clinica.example/info/conditions/latigazo-cervical/</p>",
        "<p class=\"disclaimer\">Esta información no sustituye el consejo de su médico ni de otro profesional sanitario cualificado.</p>",
        "\"inLanguage\":\"es\"",
        "@bottom-right { content: \"Revisado el 1 de marzo de 2026\"; }",
    ] {
        assert!(whiplash.contains(snippet), "no `{snippet}` in:\n{whiplash}");
    }
    // A caution carried from the technique, and the inverse relation's heading.
    assert!(
        whiplash.contains("Precaución · antes de <a href=\"../../techniques/masaje-profundo/index.html\">masaje profundo</a>"),
        "{whiplash}"
    );
    let technique = site.read_out("techniques/masaje-profundo/index.html");
    assert!(technique.contains(">Se usa para</h2>"), "{technique}");
    let conditions = site.read_out("conditions/index.html");
    assert!(conditions.contains("<h1>Afecciones</h1>"), "{conditions}");
    assert!(
        conditions.contains("<p class=\"lead\">1 página, de la A a la Z.</p>"),
        "{conditions}"
    );
    let home = site.read_out("index.html");
    assert!(
        home.contains("<span class=\"muted\">revisado el <time datetime=\"2026-03-01\">1 de marzo de 2026</time></span>"),
        "{home}"
    );
    let not_found = site.read_out("404.html");
    assert!(
        not_found.contains("<h1>Lo sentimos, no encontramos esa página</h1>"),
        "{not_found}"
    );
    // The search box's words, for search.js, by number where the language needs it.
    assert!(
        whiplash.contains("&quot;search_count&quot;:{&quot;one&quot;:&quot;{count} resultado.&quot;,&quot;other&quot;:&quot;{count} resultados.&quot;}"),
        "{whiplash}"
    );
    // The headings of the search results' groups: the kinds' titles, in Spanish.
    assert!(
        whiplash.contains("&quot;kinds&quot;:[&quot;Afecciones&quot;,&quot;Técnicas&quot;,&quot;Beneficios&quot;,&quot;Avisos de seguridad&quot;,&quot;Folletos&quot;,&quot;Páginas&quot;]"),
        "{whiplash}"
    );
    let handout = site.read_out("handouts/primera-visita/index.html");
    for snippet in [
        "<h2 id=\"page--contents\">Índice</h2>",
        "<div><dt>Para</dt><dd>Pacientes</dd></div>",
        "<div><dt>Fecha</dt><dd><time datetime=\"2026-03-01\">1 de marzo de 2026</time></dd></div>",
        "Revisado el <time datetime=\"2026-03-01\">1 de marzo de 2026</time> por Fisioterapeuta responsable",
        "Masaje profundo en el sitio web",
    ] {
        assert!(handout.contains(snippet), "no `{snippet}` in:\n{handout}");
    }
}

#[test]
fn strings_in_site_yaml_change_any_text() {
    let site = Site::copy("strings-es");
    site.write(
        "site.yaml",
        "title: Clínica Ribera\nlanguage: es\nstrings:\n  es:\n    search: Encontrar\n    kind_condition: Problemas de salud\n    pages_a_to_z: {one: \"Una sola página.\", other: \"{count} páginas.\"}\n",
    );
    site.build().assert_ok();
    let page = site.read_out("conditions/latigazo-cervical/index.html");
    assert!(
        page.contains("<label for=\"page--search-q\">Encontrar</label>"),
        "{page}"
    );
    assert!(page.contains(">Problemas de salud</a>"), "{page}");
    let conditions = site.read_out("conditions/index.html");
    assert!(
        conditions.contains("<h1>Problemas de salud</h1>"),
        "{conditions}"
    );
    assert!(
        conditions.contains("<p class=\"lead\">Una sola página.</p>"),
        "{conditions}"
    );
    // The theme's other texts stay.
    assert!(page.contains("Cuándo pedir ayuda"), "{page}");
}

#[test]
fn an_unknown_text_and_an_unknown_part_are_errors_at_their_place() {
    let site = Site::copy("strings-es");
    site.write(
        "site.yaml",
        "title: Clínica Ribera\nlanguage: es\nstrings:\n  es:\n    serch: Encontrar\n    page_of: \"Página {pagina}\"\n",
    );
    site.assert_build_refused(
        "error: `serch` is not a text of the theme
 --> site.yaml:5:5
  |
5 |     serch: Encontrar
  |     ^^^^^
  |
help: did you mean `search`?

error: `{pagina}` is not a part of the text `page_of`
 --> site.yaml:6:14
  |
6 |     page_of: \"Página {pagina}\"
  |              ^^^^^^^^^^^^^^^^^
  |
help: the parts carebook fills in here are {page}, {pages}

error: 2 errors in 1 file; nothing was written
",
    );
}

#[test]
fn a_language_without_texts_falls_back_with_one_warning_listing_them() {
    let site = Site::copy("strings-es");
    site.write("site.yaml", "title: Clínica Ribera\nlanguage: cy\n");
    let run = site.build();
    run.assert_ok();
    // Every key of the English file, in order, in one warning.
    let en = std::fs::read_to_string(crate::support::repo().join("themes/default/strings/en.yaml"))
        .unwrap();
    let mut keys: Vec<&str> = en
        .lines()
        .filter(|l| !l.starts_with(['#', ' ']) && l.contains(':'))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    keys.sort_unstable();
    let listed: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let expected = format!(
        "warning: the theme has no text in `cy` for {} interface texts, so they are shown in English: {}
 --> site.yaml:2:11
  |
2 | language: cy
  |           ^^
  |
help: write them under `strings:` in site.yaml (`strings:` / `  cy:` / `    address: …`), or in the theme's strings/cy.yaml

",
        keys.len(),
        listed.join(", ")
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert!(run.stdout.contains("(1 warning)"), "{}", run.stdout);
    let page = site.read_out("conditions/latigazo-cervical/index.html");
    assert!(page.contains("<html lang=\"cy\" dir=\"ltr\">"), "{page}");
    assert!(page.contains(">When to get help</h2>"), "{page}");

    // Only some texts missing: the theme's Spanish for the rest, the missing ones named.
    let site = Site::copy("strings-es");
    site.write(
        "site.yaml",
        "title: Clínica Ribera\nlanguage: es\ntheme: clinica\n",
    );
    site.write(
        "themes/clinica/strings/es.yaml",
        "# Only what this theme says otherwise.\nsearch: Buscar en el sitio\n",
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr.matches("warning:").count(), 0, "{}", run.stderr);
    let page = site.read_out("conditions/latigazo-cervical/index.html");
    assert!(page.contains(">Buscar en el sitio</label>"), "{page}");
}

#[test]
fn a_language_must_be_a_language_code() {
    let site = Site::copy("strings-es");
    site.write("site.yaml", "title: Clínica Ribera\nlanguage: English\n");
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
    // Written in any case, it is written in its own.
    site.write("site.yaml", "title: Clínica Ribera\nlanguage: ES-mx\n");
    site.build().assert_ok();
    let page = site.read_out("index.html");
    assert!(page.contains("<html lang=\"es-MX\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("1 de marzo de 2026"), "{page}");
}

#[test]
fn an_arabic_site_is_right_to_left_in_arabic() {
    let site = Site::copy("strings-ar");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for (path, html) in html_pages(&site.out()) {
        assert!(
            html.contains("<html lang=\"ar\" dir=\"rtl\">"),
            "{path}: lang and dir"
        );
        for english in ENGLISH {
            assert!(!html.contains(english), "{path} shows `{english}`");
        }
    }
    let page = site.read_out("conditions/ألم-الرقبة/index.html");
    assert!(
        page.contains("<h2 id=\"page--urgent\">متى تطلب المساعدة</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<time datetime=\"2026-03-01\">1 مارس 2026</time>"),
        "{page}"
    );
}

/// The fixture site `fixture` built with `--pdf`, and the text of its PDF `pdf` (below the
/// output) as `pdftotext ARGS` reads it; `None` when Chromium or pdftotext is missing, after
/// saying so as `what` (a failure when `CI` is set).
fn handout_pdf_text(what: &str, fixture: &str, pdf: &str, args: &[&str]) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").ok();
    let missing = match &chromium {
        Some(c) if !Path::new(c).is_file() => Some(format!("CHROMIUM={c} is not a file")),
        Some(_) => None,
        None => (!["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|name| which::which(name).is_ok()))
        .then(|| "Chromium is not installed; `apt-get install chromium`".to_string()),
    }
    .or_else(|| {
        (!works("pdftotext", "-v"))
            .then(|| "pdftotext is not installed; `apt-get install poppler-utils`".to_string())
    });
    if !ready(what, missing) {
        return None;
    }
    let site = Site::copy(fixture);
    let mut build = vec!["build", "--today", TODAY, "--pdf"];
    if let Some(c) = &chromium {
        build.extend(["--chromium", c.as_str()]);
    }
    site.run(&build).assert_ok();
    let out = Command::new("pdftotext")
        .args(args)
        .arg(site.out().join(pdf))
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext {pdf}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A Spanish handout printed to PDF: its cover, contents and footer in Spanish, read back
/// with poppler's `pdftotext`.
#[test]
fn a_spanish_handout_prints_its_cover_contents_and_footer_in_spanish() {
    let Some(text) = handout_pdf_text(
        "Spanish handout PDF (build --pdf, pdftotext)",
        "strings-es",
        "handouts/primera-visita.pdf",
        &["-layout"],
    ) else {
        return;
    };
    let pages: Vec<String> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(pages.len() >= 2, "{text}");
    // The cover.
    for words in [
        "Su primera visita",
        "Para Pacientes",
        "Preparado por Fisioterapeuta responsable",
        "Fecha 1 de marzo de 2026",
        "De Clínica Ribera",
    ] {
        assert!(
            pages[0].contains(words),
            "cover: no `{words}`:\n{}",
            pages[0]
        );
    }
    // The contents and every later page's footer.
    assert!(pages[1].contains("Índice"), "{}", pages[1]);
    let count = pages.len();
    for (i, page) in pages.iter().enumerate().skip(1) {
        let footer = format!("Página {} de {count}", i + 1);
        assert!(
            page.contains(&footer),
            "page {}: no `{footer}`:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Revisado el 1 de marzo de 2026"),
            "page {}:\n{page}",
            i + 1
        );
    }
    for english in ["Contents", "Page ", "Reviewed", "Prepared by"] {
        assert!(
            !text.contains(english),
            "the PDF shows `{english}`:\n{text}"
        );
    }
}

/// An Arabic handout printed to PDF: its cover, contents and footer in Arabic, read back
/// with poppler's `pdftotext`. pdftotext gives Arabic in reading order with direction marks
/// around each run, and may move a space next to a digit or a vowel mark, so the pages are
/// compared without marks or spaces.
#[test]
fn an_arabic_handout_prints_its_cover_contents_and_footer_in_arabic() {
    let Some(text) = handout_pdf_text(
        "Arabic handout PDF (build --pdf, pdftotext)",
        "languages-rtl",
        "ar/handouts/first-visit.pdf",
        &[],
    ) else {
        return;
    };
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}')
            })
            .collect()
    };
    let pages: Vec<String> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(bare)
        .collect();
    assert_eq!(pages.len(), 2, "{text}");
    // The cover: the translated title, "For: patients" and "From" the clinic.
    for words in ["زيارتك الأولى", "المرضى", "من Riverside Clinic"] {
        assert!(
            pages[0].contains(&bare(words)),
            "cover: no `{words}`:\n{}",
            pages[0]
        );
    }
    // The contents, with the translated chapters, and the footer of the page after the
    // cover.
    for words in ["المحتويات", "إصابة الرقبة المفاجئة", "الصفحة 2 من 2"]
    {
        assert!(
            pages[1].contains(&bare(words)),
            "page 2: no `{words}`:\n{}",
            pages[1]
        );
    }
    for english in ["Contents", "Page ", "Reviewed", "Prepared by", "For:"] {
        assert!(
            !text.contains(english),
            "the PDF shows `{english}`:\n{text}"
        );
    }
}
