//! Links (issue 13): percent escapes never panic, every URL carebook writes is
//! percent-encoded and reaches the file it names, e-mail autolinks are `mailto:` links,
//! and a broken reference-style link is reported at its `[id]: …` definition.
//!
//! Each test starts from the `links-site` fixture (which builds without a word), adds or
//! changes the files of its case, and checks the exit code, the exact stderr and the
//! pages written.

use std::path::Path;

use crate::support::{Site, attrs, percent_decoded};

const FIXTURE: &str = "links-site";

fn site() -> Site {
    Site::copy(FIXTURE)
}

/// The fixture's `whiplash.md` with `body` after its front matter.
fn whiplash_with(body: &str) -> String {
    format!(
        "---\ntitle: Whiplash\nsummary: Neck pain and stiffness after a sudden jolt.\ntechniques: [deep-tissue]\nbenefits: [range-of-motion]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n## What it feels like\n\nYour neck may feel stiff. See [[deep-tissue#what-happens]].\n\n{body}\n"
    )
}

/// A URL written in a page is RFC 3986 text: only unreserved characters, the delimiters
/// `/`, `#`, `?`, `:` … where they mean what they mean, and well-formed `%XX` escapes.
#[track_caller]
fn assert_url_characters(url: &str) {
    assert!(
        url.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%#:?=&@+!$'()*,;".contains(&b)),
        "{url} holds characters a URL must escape"
    );
    for (i, _) in url.match_indices('%') {
        assert!(
            url.get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())),
            "{url} has a `%` that starts no escape"
        );
    }
}

/// The file a relative `href`/`src` written on the page at `page` (below the output)
/// reaches, from disk: its path decoded, without query or fragment.
fn target_of(out: &Path, page: &str, url: &str) -> std::path::PathBuf {
    let path = url.split(['#', '?']).next().unwrap();
    let folder = Path::new(page).parent().unwrap();
    let mut target = out.join(folder);
    for part in percent_decoded(path).split('/') {
        match part {
            ".." => {
                target.pop();
            }
            "." | "" => {}
            name => target.push(name),
        }
    }
    target
}

/// Every relative `href` and `src` of every page in `out` is RFC 3986 text and reaches a
/// file of the site when decoded, as a browser opening the site from disk would. Returns
/// how many files it reached.
#[track_caller]
pub fn assert_every_url_reaches_a_file(out: &Path) -> usize {
    let mut reached = 0;
    for page in walkdir::WalkDir::new(out) {
        let page = page.unwrap();
        if page.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = page
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let html = std::fs::read_to_string(page.path()).unwrap();
        // The 404 page is shown at any address, so its links start at the site's path on
        // its host (the search box's `data-root`: "/" or "/info/"), never relative.
        let site_path = (rel == "404.html").then(|| attrs(&html, "data-root").remove(0));
        for url in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            assert_url_characters(&url);
            if url.starts_with('#') || url.contains(':') {
                continue;
            }
            let target = match &site_path {
                Some(root) => {
                    let below = url.strip_prefix(root.as_str());
                    let below = below.unwrap_or_else(|| panic!("{rel}: {url} is not below {root}"));
                    target_of(out, "index.html", below)
                }
                None => target_of(out, &rel, &url),
            };
            let target = if url.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(target.is_file(), "{rel}: {url} reaches no file");
            reached += 1;
        }
    }
    reached
}

#[test]
fn percent_escapes_before_letters_outside_ascii_are_errors_not_panics() {
    // `%`, a hex digit, then a letter outside ASCII: once a panic (exit code 101) in the
    // decoder, found by fuzz/ (link_destination) in seconds.
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "Broken: [x](%aé.md), [y](%2—x.md) and ![z](../../static/%FF%C3.png).\n\nFine: [[épaule-gelée]] is [this](%C3%A9paule-gel%C3%A9e.md#easing-it).",
        ),
    );
    site.assert_build_refused(
        r#"error: no condition called `aé`
  --> content/conditions/whiplash.md:13:13
   |
13 | Broken: [x](%aé.md), [y](%2—x.md) and ![z](../../static/%FF%C3.png).
   |             ^^^^^^
   |
help: the slug is the file name without `.md`; check content/conditions/

error: no condition called `2-x`
  --> content/conditions/whiplash.md:13:26
   |
13 | Broken: [x](%aé.md), [y](%2—x.md) and ![z](../../static/%FF%C3.png).
   |                          ^^^^^^^
   |
help: the slug is the file name without `.md`; check content/conditions/

error: the `%` escapes in `../../static/%FF%C3.png` stand for no letters, so no file has this name
  --> content/conditions/whiplash.md:13:44
   |
13 | Broken: [x](%aé.md), [y](%2—x.md) and ![z](../../static/%FF%C3.png).
   |                                            ^^^^^^^^^^^^^^^^^^^^^^^
   |
help: write the file name as it is (`../../static/épaule.png`), or copy the link again from your browser's address bar

error: 3 errors in 1 file; nothing was written
"#,
    );
}

/// Files of `static/` whose names hold what a URL must escape: a space, `#`, `?`, `%`,
/// `&`, `:`, `+` and letters outside ASCII. Made by the tests, not kept in git, where
/// some of these names cannot be checked out (on Windows).
const ODD_NAMES: &[&str] = &[
    "neck diagram #1.png",
    "prices?2026.pdf",
    "100% form.pdf",
    "épaule.svg",
    "a:b&c+d.png",
    "forms/intake form.pdf",
];

#[test]
fn every_url_written_is_percent_encoded_and_reaches_its_file() {
    let site = site();
    for name in ODD_NAMES {
        // Pictures are read for their size, so those are real ones.
        match name.rsplit_once('.').map(|(_, e)| e) {
            Some("png") => site.write_bytes(&format!("static/{name}"), crate::support::TINY_PNG),
            Some("svg") => site.write(
                &format!("static/{name}"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
            ),
            _ => site.write(&format!("static/{name}"), "x"),
        }
    }
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "![Neck diagram](../../static/neck%20diagram%20%231.png)\n[Prices](../../static/prices%3F2026.pdf), [the form](<../../static/100%25 form.pdf>),\n![Shoulder](../../static/%C3%A9paule.svg), ![Joints](../../static/a:b&c+d.png),\n[intake form](<../../static/forms/intake form.pdf>) and [back to the top](#what-it-feels-like).",
        ),
    );
    site.write(
        "content/_index.md",
        "Start with [[whiplash]] or [[épaule-gelée]]. Our [prices](../static/prices%3F2026.pdf) and ![joints](../static/a:b&c+d.png).\n",
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");

    let page = site.read_out("conditions/whiplash/index.html");
    for written in [
        r#"<img src="../../neck%20diagram%20%231.png" alt="Neck diagram" width="1" height="1" />"#,
        r#"<a href="../../prices%3F2026.pdf" data-print-url="https://example.org/info/prices%3F2026.pdf">Prices</a>"#,
        r#"<a href="../../100%25%20form.pdf" data-print-url="https://example.org/info/100%25%20form.pdf">the form</a>"#,
        r#"<img src="../../%C3%A9paule.svg" alt="Shoulder" width="1" height="1" loading="lazy" />"#,
        r#"<img src="../../a%3Ab%26c%2Bd.png" alt="Joints" width="1" height="1" loading="lazy" />"#,
        r#"<a href="../../forms/intake%20form.pdf" data-print-url="https://example.org/info/forms/intake%20form.pdf">intake form</a>"#,
        r##"<a href="#what-it-feels-like">back to the top</a>"##,
    ] {
        assert!(page.contains(written), "{written} not in\n{page}");
    }
    // From the site root a name with `:` would read as a scheme (`a:` …): escaped too.
    let home = site.read_out("index.html");
    for written in [
        r#"<a href="prices%3F2026.pdf" data-print-url="https://example.org/info/prices%3F2026.pdf">prices</a>"#,
        r#"<img src="a%3Ab%26c%2Bd.png" alt="joints" width="1" height="1" />"#,
        r#"<a href="conditions/%C3%A9paule-gel%C3%A9e/index.html" data-print-url="https://example.org/info/conditions/%C3%A9paule-gel%C3%A9e/">Épaule gelée</a>"#,
    ] {
        assert!(home.contains(written), "{written} not in\n{home}");
    }
    // Pages whose names hold letters outside ASCII, in the theme's lists and links too.
    let shoulder = site.read_out("conditions/épaule-gelée/index.html");
    for written in [
        r#"<link rel="canonical" href="https://example.org/info/conditions/%C3%A9paule-gel%C3%A9e/">"#,
        r#"<a href="../../tags/%C3%A9paule/index.html">Épaule</a>"#,
    ] {
        assert!(shoulder.contains(written), "{written} not in\n{shoulder}");
    }
    assert!(
        site.read_out("tags/index.html")
            .contains(r#"<a href="%C3%A9paule/index.html">"#)
    );
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains(
        "<url><loc>https://example.org/info/conditions/%C3%A9paule-gel%C3%A9e/</loc><lastmod>2026-10-01</lastmod></url>"
    ));
    assert!(sitemap.contains("<url><loc>https://example.org/info/tags/%C3%A9paule/</loc></url>"));
    let index = site.read_out("search-index/core.js");
    assert!(index.contains(r#""conditions/%C3%A9paule-gel%C3%A9e/index.html""#));

    // Every URL of every page, decoded as any browser or server decodes it, is a file.
    assert!(assert_every_url_reaches_a_file(&site.out()) > 200);
    for loc in sitemap.split("<loc>").skip(1) {
        let url = &loc[..loc.find("</loc>").unwrap()];
        assert_url_characters(url);
        let below = url.strip_prefix("https://example.org/info/").unwrap();
        let target = site.out().join(percent_decoded(below)).join("index.html");
        assert!(target.is_file(), "the sitemap's {url} is no page");
    }
}

#[test]
fn email_autolinks_are_mailto_links_kept_as_written() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "Write to <reception@example.org> or <Front.Desk+bookings@example.org>, or [e-mail us](mailto:reception@example.org).",
        ),
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let page = site.read_out("conditions/whiplash/index.html");
    assert!(page.contains(
        r#"Write to <a href="mailto:reception@example.org">reception@example.org</a> or <a href="mailto:Front.Desk+bookings@example.org">Front.Desk+bookings@example.org</a>, or <a href="mailto:reception@example.org" data-print-url="mailto:reception@example.org">e-mail us</a>."#
    ), "{page}");
    site.run(&["check", "--today", crate::support::TODAY])
        .assert_ok();
}

#[test]
fn broken_reference_links_are_reported_at_their_definition() {
    // The use (`[text][id]`) is right; the definition (`[id]: …`) is what needs fixing,
    // wherever it is: after the uses, in a quote, with its destination on the next line.
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "Read [the guide][guide], [the guide again][Guide] and [guide], see ![the figure][fig],\nand [the benefit][ok].\n\n> [guide]: ../techniques/deep-tisue.md#what-happens \"Guide\"\n\n[fig]:\n  ../../static/diagrm.svg\n[ok]: ../benefits/range-of-motion.md",
        ),
    );
    site.assert_build_refused(
        r#"error: no technique called `deep-tisue`
  --> content/conditions/whiplash.md:16:12
   |
16 | > [guide]: ../techniques/deep-tisue.md#what-happens "Guide"
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `../techniques/deep-tissue.md`?

error: there is no picture static/diagrm.svg
  --> content/conditions/whiplash.md:19:3
   |
19 |   ../../static/diagrm.svg
   |   ^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `../../static/diagram.svg`?

error: 2 errors in 1 file; nothing was written
"#,
    );
}
