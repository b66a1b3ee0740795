//! Handouts as printed documents, on the example site: the handout page (chapters in
//! order, links kept inside it, unique ids), QR codes, and `build --pdf`.
//!
//! `handouts_print_to_pdf_with_contents_page_numbers_and_footers` needs Chromium (on PATH,
//! or `CHROMIUM=path`) and poppler's `pdftotext` and `pdfinfo`; when one is missing it
//! says "skipped: …" and passes, unless `CI` is set, when it fails (`.ci/run` installs
//! them). `SCREENSHOTS=docs/screenshots cargo test --test cli handout` also writes the
//! README's pictures of the first three printed pages of the first-visit leaflet.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{
    BASE_URL, Site, TODAY, attrs, human_date_key, percent_decoded, ready, repo, say, snapshot,
    works,
};

/// The example site with `base_url` (and more settings) added to its site.yaml.
fn example_with(settings: &str) -> Site {
    let site = Site::example();
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let keys: Vec<&str> = settings
        .lines()
        .filter_map(|l| l.split(':').next())
        .collect();
    let kept: String = text
        .lines()
        .filter(|l| !keys.iter().any(|k| l.starts_with(&format!("{k}:"))))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("site.yaml", &format!("{kept}{settings}\n"));
    site
}

/// A handout of the example, from its source: title, subtitle, course, review date, and
/// each listed entry's title and review date, in order.
struct Handout {
    slug: String,
    title: String,
    subtitle: Option<String>,
    course: Option<String>,
    reviewed: String,
    chapters: Vec<Chapter>,
}

struct Chapter {
    slug: String,
    title: String,
    reviewed: String,
}

fn front_matter(path: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = text
        .split("\n---")
        .next()
        .unwrap()
        .trim_start_matches("---");
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// "2026-10-20" -> "20 October 2026", as the pages write dates.
fn human(iso: &str) -> String {
    let date = carebook::frontmatter::parse_date(iso).expect("an ISO date");
    carebook::dates::human_date(date)
}

fn example_handouts() -> Vec<Handout> {
    handouts_in(&repo().join("content"))
}

/// carebook's slug of a file name: lower case, other characters made one `-`.
fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The file of entry `written` (`kind-folder/slug` or a bare slug) below `content`.
fn entry_file(content: &Path, written: &str) -> PathBuf {
    let (folders, slug): (Vec<PathBuf>, &str) = match written.split_once('/') {
        Some((folder, slug)) => (vec![content.join(folder)], slug),
        None => (
            std::fs::read_dir(content)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect(),
            written,
        ),
    };
    folders
        .iter()
        .flat_map(|f| std::fs::read_dir(f).unwrap().map(|e| e.unwrap().path()))
        .find(|p| {
            p.extension().is_some_and(|x| x == "md")
                && slug_of(&p.file_stem().unwrap().to_string_lossy()) == slug
        })
        .unwrap_or_else(|| panic!("no entry `{written}` in {}", content.display()))
}

/// The handouts of the site whose content folder is `content`, by file name.
fn handouts_in(content: &Path) -> Vec<Handout> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(content.join("handouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        // Translations (`first-visit.es.md`) take their chapters from their source.
        .filter(|p| !p.file_stem().unwrap().to_string_lossy().contains('.'))
        .collect();
    files.sort();
    let text = |v: &serde_yaml::Value, key: &str| v[key].as_str().map(str::to_string);
    files
        .iter()
        .map(|path| {
            let fm = front_matter(path);
            let chapters = fm["entries"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|e| {
                    let file = entry_file(content, e.as_str().unwrap());
                    let entry = front_matter(&file);
                    Chapter {
                        slug: slug_of(&file.file_stem().unwrap().to_string_lossy()),
                        title: text(&entry, "title").unwrap(),
                        reviewed: human(&text(&entry, "reviewed").unwrap()),
                    }
                })
                .collect();
            Handout {
                slug: path.file_stem().unwrap().to_string_lossy().into_owned(),
                title: text(&fm, "title").unwrap(),
                subtitle: text(&fm, "subtitle"),
                course: text(&fm, "course"),
                reviewed: human(&text(&fm, "reviewed").unwrap()),
                chapters,
            }
        })
        .collect()
}

// ---- the handout page ---------------------------------------------------------------------

#[test]
fn a_handout_page_is_one_document_whose_links_stay_inside_it() {
    let site = Site::example();
    site.build().assert_ok();
    for handout in example_handouts() {
        let page = format!("handouts/{}/index.html", handout.slug);
        let html = site.read_out(&page);
        // Chapters in the order the front matter lists them, after the contents.
        let sections: Vec<String> = html
            .split("<section class=\"chapter\" id=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect();
        let want: Vec<String> = handout
            .chapters
            .iter()
            .map(|c| format!("chapter--{}", c.slug))
            .collect();
        assert_eq!(sections, want, "{page}");
        let contents = html.find("id=\"page--contents\"").expect("contents");
        assert!(contents < html.find("class=\"chapter\"").unwrap(), "{page}");
        // One outline, unique ids, every #link names an id of the page.
        let ids: Vec<String> = attrs(&html, "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{page}: duplicate ids");
        for href in attrs(&html, "href") {
            if let Some(id) = href.strip_prefix('#') {
                assert!(unique.contains(&id.to_string()), "{page}: #{id} is no id");
            }
        }
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        // No page numbers on the web page: only a PDF knows them.
        assert!(!html.contains("toc-page"), "{page}");
    }
    let first = site.read_out("handouts/first-visit/index.html");
    // The introduction links to chapters inside the page …
    assert!(first.contains(
        r##"<a href="#chapter--when-not-to-have-a-massage">when not to have a massage</a>"##
    ));
    // … and so do chapters, to a heading of another chapter, whose ids carry their
    // chapter's anchor; chapter headings sit one level below the chapter's <h2>.
    assert!(first.contains(r##"href="#chapter--when-not-to-have-a-massage--get-help-now""##));
    assert!(
        first.contains(
            r#"<h3 id="chapter--not-a-diagnosis--why-this-matters">Why this matters</h3>"#
        )
    );
    // A chapter's link back to the handout itself stays on the page.
    assert!(first.contains(r##"<a href="#page--main">first visit guide</a>"##));
    // A link to an entry that is not a chapter goes to its page.
    let trainee = site.read_out("handouts/trainee-module-1/index.html");
    assert!(trainee.contains(r#"<a href="../../conditions/dance-injuries/index.html">"#));
    assert!(trainee.contains(r##"<a href="#chapter--whiplash">Whiplash</a>"##));
    // The theme no longer rewrites HTML with chained `replace` filters.
    let template =
        std::fs::read_to_string(repo().join("themes/default/templates/handout.html")).unwrap();
    assert!(!template.contains("replace("), "handout.html");
}

#[test]
fn an_urgent_card_shows_the_whole_note_and_qr_codes_need_a_base_url() {
    let plain = Site::example();
    plain.build().assert_ok();
    let whiplash = plain.read_out("conditions/whiplash/index.html");
    let card = &whiplash[whiplash.find("help-card").unwrap()..];
    let card = &card[..card.find("</aside>").unwrap()];
    assert!(
        card.contains(
            r#"<h3 id="note-when-not-to-have-a-massage--get-help-now">Get help now</h3>"#
        ),
        "{card}"
    );
    assert!(
        card.contains(r#"href="../../safety/not-a-diagnosis/index.html""#),
        "{card}"
    );
    for (path, bytes) in snapshot(&plain.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("qr-code"),
            "{}: a QR code without base_url",
            path.display()
        );
    }

    let published = example_with(&format!("base_url: {BASE_URL}"));
    published.build().assert_ok();
    let whiplash = published.read_out("conditions/whiplash/index.html");
    assert_eq!(whiplash.matches("<svg class=\"qr-code\"").count(), 1);
    for handout in example_handouts() {
        let html = published.read_out(&format!("handouts/{}/index.html", handout.slug));
        // One on the cover, one per chapter, each beside the address it encodes.
        assert_eq!(
            html.matches("<svg class=\"qr-code\"").count(),
            handout.chapters.len() + 1,
            "{}",
            handout.slug
        );
        assert!(html.contains(&format!("{BASE_URL}handouts/{}/", handout.slug)));
    }
}

#[test]
fn chapters_with_one_slug_letters_outside_ascii_and_footnotes_keep_ids_apart() {
    let site = Site::copy("handouts");
    site.build().assert_ok();
    let html = site.read_out("handouts/shoulder/index.html");
    let ids: Vec<String> = attrs(&html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for href in attrs(&html, "href") {
        if let Some(id) = href.strip_prefix('#') {
            let id = percent_decoded(id);
            assert!(unique.contains(&id), "#{id} is no id");
        }
    }
    // Two chapters with the slug `stiffness`: the second is told apart by its folder.
    for id in [
        "chapter--épaule-gelée",
        "chapter--stiffness",
        "chapter--benefits-stiffness",
        "chapter--red-flags",
        // Headings and footnotes of each chapter carry its anchor.
        "chapter--épaule-gelée--easing-it",
        "chapter--stiffness--easing-it",
        "chapter--épaule-gelée--fn--1",
        "chapter--stiffness--fn--1",
    ] {
        assert!(unique.contains(&id.to_string()), "no id {id}");
    }
    // A link to a heading of the same entry stays in its chapter.
    assert!(html.contains(r##"<a href="#chapter--benefits-stiffness--what-changes">the top</a>"##));
    // A handout with no chapters is a cover and its introduction.
    let empty = site.read_out("handouts/empty/index.html");
    assert!(!empty.contains("page--contents") && empty.contains("Chapters will follow."));

    // A chapter that does not exist is an error at its line, like any reference.
    let source = std::fs::read_to_string(site.path().join("content/handouts/shoulder.md")).unwrap();
    site.write(
        "content/handouts/shoulder.md",
        &source.replace("  - benefits/stiffness", "  - benefits/stifness"),
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.contains("error: no benefit called `stifness`")
            && run.stderr.contains("--> content/handouts/shoulder.md:13:5")
            // With its kind, as written: a bare `stiffness` would name two chapters.
            && run.stderr.contains("help: did you mean `benefits/stiffness`?"),
        "{}",
        run.stderr
    );
}

// ---- build --pdf without a Chromium ---------------------------------------------------------

#[test]
fn pdf_without_a_chromium_is_a_usage_error_naming_the_option() {
    let site = Site::example();
    let run = site.run(&["build", "--pdf", "--chromium", "no/such/chromium"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--chromium"), "{}", run.stderr);
    assert!(!site.out().exists(), "nothing is built without a Chromium");

    // Nothing on PATH either.
    let output = Command::new(env!("CARGO_BIN_EXE_carebook"))
        .args(["build", "--pdf"])
        .current_dir(site.path())
        .env("PATH", site.path().join("no-programs-here"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("none was found") && stderr.contains("--chromium PATH"),
        "{stderr}"
    );
    assert!(!site.out().exists());
}

#[cfg(unix)]
#[test]
fn a_failed_print_leaves_the_last_good_site() {
    let site = Site::example();
    site.build().assert_ok();
    let before = snapshot(&site.out());
    let fake = site.program(
        "broken-chromium",
        "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n",
    );
    let run = site.build_pdf_with(&fake);
    run.assert_code(2);
    assert!(
        // Whichever handout was first (the Spanish one is es/handouts/…).
        run.stderr.contains("could not print ")
            && run.stderr.contains("handouts/")
            && run.stderr.contains("cannot open display"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&site.out()) == before, "the site changed");
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock file stays by design: the next build locks it.
        .filter(|n| n.contains("carebook-") && !n.ends_with(".carebook-lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---- build --pdf with Chromium ---------------------------------------------------------------

/// What the PDF test needs and this machine lacks, if anything.
fn missing_pdf_tools() -> Option<String> {
    if let Ok(chromium) = std::env::var("CHROMIUM") {
        if !Path::new(&chromium).is_file() {
            return Some(format!("CHROMIUM={chromium} is not a file"));
        }
    } else {
        let found = ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|name| which::which(name).is_ok());
        if !found {
            return Some("Chromium is not installed; `apt-get install chromium`".into());
        }
    }
    ["pdftotext", "pdfinfo"]
        .iter()
        .find(|tool| !works(tool, "-v"))
        .map(|tool| format!("{tool} is not installed; `apt-get install poppler-utils`"))
}

fn build_pdf(site: &Site) {
    let handouts = std::fs::read_dir(site.path().join("content/handouts"))
        .unwrap()
        .count();
    let mut args = vec!["build", "--today", TODAY, "--pdf"];
    let chromium = std::env::var("CHROMIUM").ok();
    if let Some(c) = &chromium {
        args.extend(["--chromium", c.as_str()]);
    }
    let run = site.run(&args);
    run.assert_ok();
    assert!(
        run.stdout.contains(&format!(" and {handouts} PDFs in ")),
        "{}",
        run.stdout
    );
}

/// `pdfinfo`'s fields.
fn pdfinfo(pdf: &Path) -> BTreeMap<String, String> {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(out.status.success(), "pdfinfo {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The text of every page of `pdf`, by `pdftotext -layout`, page 1 first.
fn pages_text(pdf: &Path, pages: usize) -> Vec<String> {
    (1..=pages)
        .map(|n| {
            let n = n.to_string();
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &n, "-l", &n])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            assert!(out.status.success(), "pdftotext {}", pdf.display());
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect()
}

/// `text` with every run of white space made one space (a long title wraps).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page number the contents give for `title`: the number after it.
fn contents_page(contents: &str, title: &str) -> u32 {
    let contents = flat(contents);
    let at = contents
        .find(&format!("{title} "))
        .unwrap_or_else(|| panic!("`{title}` is not in the contents:\n{contents}"));
    let after = &contents[at + title.len()..];
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page number after `{title}`: {after}"))
}

/// Checks one printed handout against its source; returns the page count.
/// The date in the running footer of page `n` of `count` (flattened text):
/// "Page 2 of 8 Reviewed 20 October 2026" gives "20 October 2026".
#[track_caller]
fn footer_review(page: &str, n: u32, count: usize) -> String {
    let marker = format!("Page {n} of {count} Reviewed ");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("page {n} has no review date in its footer:\n{page}"));
    page[at + marker.len()..]
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_pdf(site: &Site, handout: &Handout, paper: &str) -> usize {
    let pdf = site.out().join(format!("handouts/{}.pdf", handout.slug));
    let info = pdfinfo(&pdf);
    assert!(
        info["Page size"].contains(&format!("({paper})")),
        "{}: page size {}",
        handout.slug,
        info["Page size"]
    );
    let count: usize = info["Pages"].parse().unwrap();
    let pages: Vec<String> = pages_text(&pdf, count).iter().map(|p| flat(p)).collect();
    let cover = &pages[0];
    assert!(cover.contains(&handout.title), "cover:\n{cover}");
    for text in handout.subtitle.iter().chain(&handout.course) {
        assert!(
            cover.contains(text.as_str()),
            "cover lacks {text}:\n{cover}"
        );
    }
    let settings: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(site.path().join("site.yaml")).unwrap())
            .unwrap();
    let site_title = settings["title"].as_str().unwrap();
    assert!(
        cover.contains(site_title),
        "cover lacks {site_title}:\n{cover}"
    );
    assert!(
        !cover.contains("Page 1 of"),
        "the cover has no footer:\n{cover}"
    );
    // The contents follow the cover; each chapter starts on the page they say, in order,
    // and the last page is the last the footer counts.
    let contents = &pages[1];
    assert_eq!(
        contents.contains("Contents"),
        !handout.chapters.is_empty(),
        "{contents}"
    );
    let mut last = 1;
    for chapter in &handout.chapters {
        let n = contents_page(contents, &chapter.title);
        // In order; chapters flow on, so one may start on the page of the one before.
        assert!(
            n > 1 && n >= last,
            "{}: `{}` on page {n}, before page {last}",
            handout.slug,
            chapter.title
        );
        assert!(n as usize <= count, "{}: page {n} of {count}", handout.slug);
        let page = &pages[n as usize - 1];
        page.find(&chapter.title).unwrap_or_else(|| {
            panic!(
                "{}: `{}` is not on page {n}:\n{page}",
                handout.slug, chapter.title
            )
        });
        // Chapters flow on (issue 13), so a page may hold several: the running footer
        // gives the oldest review of the text on it, never a later one than this
        // chapter's (render_defects.rs checks each page exactly).
        let footer = footer_review(page, n, count);
        assert!(
            human_date_key(&footer) <= human_date_key(&chapter.reviewed),
            "{}: page {n} says `Reviewed {footer}`, after `{}` was reviewed on {}:\n{page}",
            handout.slug,
            chapter.title,
            chapter.reviewed
        );
        last = n;
    }
    // Every title appears, in order, through the document, after the contents (chapters
    // flow on, so the first may start on the contents' page).
    let all = pages[1.min(count)..].join("\n");
    let mut at = handout
        .chapters
        .last()
        .and_then(|c| all.find(&c.title).map(|i| i + c.title.len()))
        .unwrap_or(0);
    for chapter in &handout.chapters {
        let found = all[at..]
            .find(&chapter.title)
            .unwrap_or_else(|| panic!("{}: `{}` out of order", handout.slug, chapter.title));
        at += found + chapter.title.len();
    }
    // Footer on every page but the cover: the handout's title and "Page X of Y".
    for (i, page) in pages.iter().enumerate().skip(1) {
        let footer = format!("Page {} of {count}", i + 1);
        assert!(
            page.contains(&footer),
            "{}: page {} lacks `{footer}`:\n{page}",
            handout.slug,
            i + 1
        );
        assert!(
            page.contains(&handout.title),
            "{}: page {} lacks the title",
            handout.slug,
            i + 1
        );
    }
    if count > 1 {
        let footer = footer_review(&pages[1], 2, count);
        assert!(
            human_date_key(&footer) <= human_date_key(&handout.reviewed),
            "{}: the contents page's footer says `Reviewed {footer}`, after the handout's review",
            handout.slug
        );
    }
    // No link into the folder Chromium printed from.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        !bytes.windows(7).any(|w| w == b"file://"),
        "{}: a file:// link",
        handout.slug
    );
    count
}

#[test]
fn handouts_print_to_pdf_with_contents_page_numbers_and_footers() {
    if !ready("PDF tests (build --pdf, pdftotext)", missing_pdf_tools()) {
        return;
    }
    let handouts = example_handouts();
    assert_eq!(handouts.len(), 2, "the example ships two handouts");

    // A4 by default, with a base_url: QR codes, and links to the web pages.
    let a4 = example_with(&format!("base_url: {BASE_URL}"));
    build_pdf(&a4);
    let mut counts = Vec::new();
    for handout in &handouts {
        counts.push(check_pdf(&a4, handout, "A4"));
    }
    // A link to an entry that is no chapter goes to its web page.
    let pdf = std::fs::read(a4.out().join("handouts/trainee-module-1.pdf")).unwrap();
    let link = format!("({BASE_URL}conditions/dance-injuries/)");
    assert!(
        pdf.windows(link.len()).any(|w| w == link.as_bytes()),
        "trainee-module-1.pdf does not link to {link}"
    );
    // Reproducible: a second build gives the same bytes.
    let again = example_with(&format!("base_url: {BASE_URL}"));
    build_pdf(&again);
    for handout in &handouts {
        let name = format!("handouts/{}.pdf", handout.slug);
        assert!(
            std::fs::read(a4.out().join(&name)).unwrap()
                == std::fs::read(again.out().join(&name)).unwrap(),
            "{name} differs between two builds"
        );
    }
    say(&format!(
        "pdf: {} (A4, {counts:?} pages)",
        handouts
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));

    // Letter for US clinics; no base_url: links relative to the PDF.
    let letter = example_with("paper: letter");
    build_pdf(&letter);
    for handout in &handouts {
        check_pdf(&letter, handout, "letter");
    }
    let pdf = std::fs::read(letter.out().join("handouts/trainee-module-1.pdf")).unwrap();
    let link = b"(../conditions/dance-injuries/index.html)";
    assert!(
        pdf.windows(link.len()).any(|w| w == link),
        "trainee-module-1.pdf: no link relative to the PDF"
    );

    // Chapters with one slug, an id outside ASCII, a handout without chapters; letter
    // paper from the fixture's site.yaml.
    let fixture = Site::copy("handouts");
    build_pdf(&fixture);
    for handout in handouts_in(&fixture.path().join("content")) {
        check_pdf(&fixture, &handout, "letter");
    }

    if let Some(dir) = std::env::var_os("SCREENSHOTS") {
        let dir = repo().join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = a4.out().join("handouts/first-visit.pdf");
        for n in 1..=3 {
            let n = n.to_string();
            let status = Command::new("pdftoppm")
                .args(["-png", "-r", "72", "-f", &n, "-l", &n, "-singlefile"])
                .arg(&pdf)
                .arg(dir.join(format!("handout-{n}")))
                .status()
                .unwrap();
            assert!(status.success(), "pdftoppm");
        }
        say(&format!(
            "wrote {}/handout-1.png … handout-3.png",
            dir.display()
        ));
    }
}
