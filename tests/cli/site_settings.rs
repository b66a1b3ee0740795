//! The clinic's settings in site.yaml besides its colour: `brand.logo`, `brand.favicon`,
//! `extra_css`, `disclaimer` and `contact`, shown on every page, on handout covers and in
//! the home page's JSON-LD; each wrong value an error at its place. And a site's static
//! file that replaces a theme's file is a warning that points to `extra_css`.
//!
//! The fixture `site-clinic` sets them all: a PNG logo of 120 x 40 pixels, an extra
//! stylesheet, a disclaimer and every contact line, with a `base_url`.

use serde_json::Value;

use crate::support::{Site, TODAY};

/// Every page of a built site, as (path, html).
fn pages(site: &Site) -> Vec<(String, String)> {
    let pages = crate::support::html_pages(&site.out());
    assert!(pages.len() >= 8, "the fixture has pages");
    pages
}

/// The fixture with `from` in its site.yaml replaced by `to`.
fn clinic_with(from: &str, to: &str) -> Site {
    let site = Site::copy("site-clinic");
    site.replace("site.yaml", from, to);
    site
}

/// The stderr of a build that fails with one error.
#[track_caller]
fn one_error(site: &Site) -> String {
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_code(1);
    assert!(!site.out().exists(), "nothing was written");
    run.stderr
}

/// The `<script type="application/ld+json">` blocks of a page, parsed.
fn jsonld(html: &str) -> Vec<Value> {
    const OPEN: &str = r#"<script type="application/ld+json">"#;
    html.match_indices(OPEN)
        .map(|(at, _)| {
            let start = at + OPEN.len();
            let end = start + html[start..].find("</script>").unwrap();
            serde_json::from_str(&html[start..end]).unwrap()
        })
        .collect()
}

const CONTACT_FOOTER: &str = "<address class=\"contact\"><dl>\
<div><dt>Phone</dt><dd><a href=\"tel:+442079460123\">+44 (0)20 7946 0123</a></dd></div>\
<div><dt>Email</dt><dd><a href=\"mailto:hello%2Bfront-desk@example.org\">hello+front-desk@example.org</a></dd></div>\
<div><dt>Address</dt><dd>3 Quay Road, Harbourside HB2 9ZZ</dd></div>\
<div><dt>Opening hours</dt><dd>Monday to Saturday, 9am to 5pm</dd></div></dl></address>\n  \
<p class=\"disclaimer\">Our leaflets do not replace advice from your GP. In an emergency, call 999.</p>";

#[test]
fn every_page_has_the_logo_icon_stylesheet_contact_and_disclaimer() {
    let site = Site::copy("site-clinic");
    site.build().assert_ok();
    let page = site.read_out("conditions/back-pain/index.html");
    assert!(
        page.contains(
            "<p class=\"site-title\"><a href=\"../../index.html\"><img class=\"logo\" src=\"../../logo.png\" alt=\"\" width=\"120\" height=\"40\">Harbour Physio &amp; Sports Clinic</a></p>"
        ),
        "{page}"
    );
    assert!(
        !page.contains("<svg class=\"mark\""),
        "the logo replaces the mark"
    );
    for (path, html) in pages(&site) {
        let root = root_of(&path, &html);
        let icon = format!(
            "<link rel=\"icon\" href=\"{root}logo.png\" type=\"image/png\">\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n<style>\n"
        );
        assert!(html.contains(&icon), "{path}: the PNG logo is the icon");
        // The clinic's stylesheet comes after the theme's and the brand colour's.
        let theme = html.find("style.css\">").unwrap();
        let brand = html.find("</style>\n").unwrap();
        let extra = html
            .find(&format!(
                "<link rel=\"stylesheet\" href=\"{root}clinic.css\">\n"
            ))
            .unwrap_or_else(|| panic!("{path}: no clinic.css"));
        assert!(theme < brand && brand < extra, "{path}");
        assert_eq!(html.matches(CONTACT_FOOTER).count(), 1, "{path}: {html}");
        assert!(
            !html.contains("another qualified health professional"),
            "{path}"
        );
    }
    // Published from static/: the PNG made again from its pixels, as every PNG is (see
    // tests/cli/pictures.rs), so no metadata goes with it.
    assert_eq!(
        image::open(site.out().join("logo.png")).unwrap().to_rgba8(),
        image::open(site.path().join("static/logo.png"))
            .unwrap()
            .to_rgba8()
    );
    assert!(site.out().join("clinic.css").is_file());
}

#[test]
fn the_home_page_tells_search_engines_about_the_clinic() {
    let site = Site::copy("site-clinic");
    site.build().assert_ok();
    let home = site.read_out("index.html");
    let blocks = jsonld(&home);
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        blocks[0],
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "name": "Harbour Physio & Sports Clinic",
            "url": "https://clinic.example/info/",
            "logo": "https://clinic.example/info/logo.png",
            "telephone": "+44 (0)20 7946 0123",
            "email": "hello+front-desk@example.org",
            "address": {"@type": "PostalAddress", "streetAddress": "3 Quay Road, Harbourside HB2 9ZZ"},
            "openingHours": "Monday to Saturday, 9am to 5pm",
        })
    );
    // Only the home page says it; an entry's JSON-LD is its MedicalWebPage.
    for (path, html) in pages(&site) {
        if path != "index.html" {
            assert!(!html.contains("MedicalClinic"), "{path}");
        }
    }
    // Text that could end the script is escaped; without a base_url there is no url.
    let hostile = clinic_with(
        "  address: \"3 Quay Road, Harbourside HB2 9ZZ\"",
        "  address: \"</script><script>alert(1)</script>\"",
    );
    hostile.replace("site.yaml", "base_url: https://clinic.example/info/\n", "");
    hostile.build().assert_ok();
    let home = hostile.read_out("index.html");
    assert!(
        home.contains(r#""streetAddress":"\u003c/script>\u003cscript>alert(1)\u003c/script>""#)
    );
    let ld = &jsonld(&home)[0];
    assert_eq!(
        ld["address"]["streetAddress"],
        "</script><script>alert(1)</script>"
    );
    assert!(ld.get("url").is_none() && ld.get("logo").is_none(), "{ld}");
    assert!(
        home.contains("<dd>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</dd>"),
        "{home}"
    );
}

#[test]
fn handout_covers_show_the_logo_and_contact_and_a_patients_disclaimer() {
    let site = Site::copy("site-clinic");
    site.build().assert_ok();
    let patient = site.read_out("handouts/first-visit/index.html");
    let cover = &patient
        [patient.find("<header class=\"cover\">").unwrap()..patient.find("</header>\n  ").unwrap()];
    assert!(cover.contains("<img class=\"cover-logo print-only\" src=\"../../logo.png\" alt=\"Harbour Physio &amp; Sports Clinic\" width=\"120\" height=\"40\">"), "{cover}");
    assert!(cover.contains("<p class=\"cover-contact print-only\"><span>+44 (0)20 7946 0123</span><span>hello+front-desk@example.org</span><span>3 Quay Road, Harbourside HB2 9ZZ</span><span>Monday to Saturday, 9am to 5pm</span></p>"), "{cover}");
    assert!(cover.contains("<p class=\"cover-note print-only\">Our leaflets do not replace advice from your GP. In an emergency, call 999.</p>"), "{cover}");
    // A trainee's handout has the logo and contact, but no patient's disclaimer on its cover.
    let trainee = site.read_out("handouts/trainee-notes/index.html");
    let cover = &trainee
        [trainee.find("<header class=\"cover\">").unwrap()..trainee.find("</header>\n  ").unwrap()];
    assert!(
        cover.contains("cover-logo") && cover.contains("cover-contact"),
        "{cover}"
    );
    assert!(!cover.contains("cover-note"), "{cover}");
}

#[test]
fn without_the_settings_pages_keep_the_mark_the_sentence_and_the_themes_icon() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    for (path, html) in pages(&site) {
        let root = root_of(&path, &html);
        assert!(
            html.contains(&format!(
                "<link rel=\"icon\" href=\"{root}favicon.svg\" type=\"image/svg+xml\">"
            )),
            "{path}"
        );
        assert!(html.contains("<svg class=\"mark\""), "{path}");
        assert!(html.contains("<p class=\"disclaimer\">This information does not replace advice from your doctor or another qualified health professional.</p>"), "{path}");
        assert!(
            !html.contains("class=\"contact\"") && !html.contains("MedicalClinic"),
            "{path}"
        );
        assert!(!html.contains("<img class=\"logo\""), "{path}");
    }
    let icon = std::fs::read_to_string(site.out().join("favicon.svg")).unwrap();
    assert!(
        icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{icon}"
    );
}

#[test]
fn disclaimer_false_shows_none_and_a_lone_word_is_an_error() {
    let site = clinic_with(
        "disclaimer: \"Our leaflets do not replace advice from your GP. In an emergency, call 999.\"",
        "disclaimer: false",
    );
    site.build().assert_ok();
    for (path, html) in pages(&site) {
        assert!(
            !html.contains("class=\"disclaimer\"") && !html.contains("cover-note"),
            "{path}"
        );
    }
    for (written, message) in [
        (
            "no",
            "`disclaimer: no` would print the word `no` in every page's footer",
        ),
        ("\"\"", "`disclaimer` is empty"),
        (
            "12",
            "`disclaimer` must be a sentence, or `false` to show none",
        ),
    ] {
        let site = clinic_with(
            "disclaimer: \"Our leaflets do not replace advice from your GP. In an emergency, call 999.\"",
            &format!("disclaimer: {written}"),
        );
        let carets = "^".repeat(written.len());
        assert_eq!(
            one_error(&site),
            format!(
                "error: {message}\n --> site.yaml:8:13\n  |\n8 | disclaimer: {written}\n  |             {carets}\n  |\n\
                 help: write the sentence in quotes, e.g. disclaimer: \"This information does not replace advice from your doctor.\", or `disclaimer: false` to show none\n\n\
                 error: 1 error in 1 file; nothing was written\n"
            )
        );
    }
}

#[test]
fn the_icon_is_an_svg_logo_or_the_favicon_named() {
    let svg = clinic_with("  logo: static/logo.png", "  logo: static/mark.svg");
    svg.write(
        "static/mark.svg",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 32\"><rect width=\"64\" height=\"32\"/></svg>\n",
    );
    svg.build().assert_ok();
    let home = svg.read_out("index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"mark.svg\" type=\"image/svg+xml\">"),
        "{home}"
    );
    assert!(
        home.contains("<img class=\"logo\" src=\"mark.svg\" alt=\"\" width=\"64\" height=\"32\">"),
        "{home}"
    );
    // An SVG without a size: the stylesheet gives it its height.
    svg.write(
        "static/mark.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"64\" height=\"32\"/></svg>\n",
    );
    svg.build().assert_ok();
    assert!(
        svg.read_out("index.html")
            .contains("<img class=\"logo\" src=\"mark.svg\" alt=\"\">")
    );
    // `favicon:` names the icon, in any of its types.
    let named = clinic_with(
        "  logo: static/logo.png",
        "  logo: static/logo.png\n  favicon: static/tab.ico",
    );
    named.write_bytes("static/tab.ico", &ico());
    named.build().assert_ok();
    let page = named.read_out("conditions/back-pain/index.html");
    assert!(
        page.contains("<link rel=\"icon\" href=\"../../tab.ico\" type=\"image/x-icon\">"),
        "{page}"
    );
}

/// A 1 x 1 ICO file holding one 32-bit BMP image.
fn ico() -> Vec<u8> {
    let mut bytes = vec![0, 0, 1, 0, 1, 0];
    bytes.extend([1, 1, 0, 0, 1, 0, 32, 0]);
    let image: Vec<u8> = [40u32.to_le_bytes(), 1u32.to_le_bytes(), 2u32.to_le_bytes()]
        .concat()
        .into_iter()
        .chain([1, 0, 32, 0])
        .chain([0; 24])
        .chain([0, 0, 255, 255])
        .chain([0; 4])
        .collect();
    bytes.extend((image.len() as u32).to_le_bytes());
    bytes.extend(22u32.to_le_bytes());
    bytes.extend(image);
    bytes
}

#[test]
fn a_logo_that_is_not_there_is_an_error_naming_the_nearest_file() {
    let site = clinic_with("  logo: static/logo.png", "  logo: static/Logo.png");
    assert_eq!(
        one_error(&site),
        "error: there is no file static/Logo.png for `brand.logo`\n --> site.yaml:6:9\n  |\n6 |   logo: static/Logo.png\n  |         ^^^^^^^^^^^^^^^\n  |\n\
         help: did you mean `static/logo.png`?\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
    // Only pictures are offered: a logo.svg that is not there is not the stylesheet.
    let site = clinic_with("  logo: static/logo.png", "  logo: static/clinic.svg");
    assert_eq!(
        one_error(&site),
        "error: there is no file static/clinic.svg for `brand.logo`\n --> site.yaml:6:9\n  |\n6 |   logo: static/clinic.svg\n  |         ^^^^^^^^^^^^^^^^^\n  |\n\
         help: put the file in the site's static/ folder, or correct its name here\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
}

#[test]
fn a_logo_of_another_type_or_outside_static_is_an_error() {
    for (written, message, help) in [
        (
            "static/logo.gif",
            "the logo must be an SVG, PNG or JPEG picture (a file ending in .svg, .png, .jpg or .jpeg): `static/logo.gif` is not",
            "save the logo as an SVG, PNG or JPEG file (most drawing programs can), put it in static/ and name it here",
        ),
        (
            "logo.png",
            "`brand.logo` must name a file in the site's static/ folder, not `logo.png`",
            "put the file in the folder static/ beside site.yaml and write `logo: static/logo.png`",
        ),
        (
            "static/../site.yaml",
            "`brand.logo` must name a file in the site's static/ folder, not `static/../site.yaml`",
            "put the file in the folder static/ beside site.yaml and write `logo: static/logo.svg`",
        ),
    ] {
        let site = clinic_with("  logo: static/logo.png", &format!("  logo: {written}"));
        site.write("static/logo.gif", "GIF89a");
        let carets = "^".repeat(written.len());
        assert_eq!(
            one_error(&site),
            format!(
                "error: {message}\n --> site.yaml:6:9\n  |\n6 |   logo: {written}\n  |         {carets}\n  |\nhelp: {help}\n\nerror: 1 error in 1 file; nothing was written\n"
            ),
            "{written}"
        );
    }
    // A file whose contents are not of the type its name says.
    let site = Site::copy("site-clinic");
    site.write_bytes(
        "static/logo.png",
        b"\xff\xd8\xff\xe0 not really a JPEG either",
    );
    assert_eq!(
        one_error(&site),
        "error: static/logo.png is not a PNG picture (its contents are a JPEG's)\n --> site.yaml:6:9\n  |\n6 |   logo: static/logo.png\n  |         ^^^^^^^^^^^^^^^\n  |\n\
         help: save the logo again as a PNG file, or give the file the ending of its type\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
}

#[test]
fn a_contact_email_or_phone_that_is_not_one_is_an_error_at_it() {
    for (from, to, line, column, message, help) in [
        (
            "  email: hello+front-desk@example.org",
            "  email: reception at example.org",
            11,
            10,
            "`contact.email` is not an email address: `reception at example.org`",
            "write the address alone, e.g. email: reception@example.org",
        ),
        (
            "  email: hello+front-desk@example.org",
            "  email: reception@example",
            11,
            10,
            "`contact.email` is not an email address: `reception@example`",
            "write the address alone, e.g. email: reception@example.org",
        ),
        (
            "  phone: \"+44 (0)20 7946 0123\"",
            "  phone: reception",
            10,
            10,
            "`contact.phone` has no digits: `reception`",
            "write the number as patients dial it, in quotes, e.g. phone: \"+44 20 7946 0000\" or phone: \"020 7946 0000\"",
        ),
        (
            "  phone: \"+44 (0)20 7946 0123\"",
            "  phone: 0800 CLINIC",
            10,
            10,
            "`contact.phone` may hold only digits, spaces, `+`, `-`, `(`, `)` and `.`: `0800 CLINIC` has `C`",
            "write the number as patients dial it, in quotes, e.g. phone: \"+44 20 7946 0000\" or phone: \"020 7946 0000\"",
        ),
    ] {
        let site = clinic_with(from, to);
        let value = to.split_once(": ").unwrap().1;
        let pad = " ".repeat(column - 1);
        let gutter = " ".repeat(line.to_string().len());
        assert_eq!(
            one_error(&site),
            format!(
                "error: {message}\n{gutter}--> site.yaml:{line}:{column}\n{gutter} |\n{line} | {to}\n{gutter} | {pad}{}\n{gutter} |\nhelp: {help}\n\nerror: 1 error in 1 file; nothing was written\n",
                "^".repeat(value.len())
            )
        );
    }
    // An unknown line under `contact:` is an error like any unknown setting.
    let site = clinic_with("  hours:", "  opening: 9am\n  hours:");
    assert_eq!(
        one_error(&site),
        "error: site settings: unknown setting `opening` under `contact`\n  --> site.yaml:13:3\n   |\n13 |   opening: 9am\n   |   ^^^^^^^\n   |\n\
         help: remove this line, or check its spelling; the settings here are `phone`, `email`, `address` and `hours`\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
}

#[test]
fn extra_css_must_be_a_stylesheet_that_is_there() {
    let site = clinic_with(
        "extra_css: static/clinic.css",
        "extra_css: static/clinc.css",
    );
    assert_eq!(
        one_error(&site),
        "error: there is no file static/clinc.css for `extra_css`\n --> site.yaml:7:12\n  |\n7 | extra_css: static/clinc.css\n  |            ^^^^^^^^^^^^^^^^\n  |\n\
         help: did you mean `static/clinic.css`?\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
    let site = clinic_with("extra_css: static/clinic.css", "extra_css: static/logo.png");
    assert_eq!(
        one_error(&site),
        "error: `extra_css` must be a stylesheet, a file ending in .css: `static/logo.png` is not\n --> site.yaml:7:12\n  |\n7 | extra_css: static/logo.png\n  |            ^^^^^^^^^^^^^^^\n  |\n\
         help: write your CSS rules in a file such as static/clinic.css and name it: `extra_css: static/clinic.css`\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
}

#[test]
fn a_static_file_that_replaces_the_themes_is_a_warning_pointing_to_extra_css() {
    let site = Site::copy("site-clinic");
    site.write("static/style.css", "body { color: red; }\n");
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "warning: this file replaces the stylesheet `style.css` of the default theme (themes/default/static/style.css), so the theme's own styles are lost and pages show only the rules in this file\n \
         --> static/style.css:1:1\n  |\n\
         help: to add your rules after the theme's, rename the file (e.g. static/clinic.css) and set `extra_css: static/clinic.css` in site.yaml\n\n"
    );
    // It is the site's file that is published: the warning says so, it does not stop it.
    assert_eq!(site.read_out("style.css"), "body { color: red; }\n");
    let strict = site.run(&["check", "--strict", "--today", TODAY]);
    strict.assert_code(1);
    // Another theme file: the warning names it.
    let site = Site::copy("site-clinic");
    site.write("static/search.js", "// ours\n");
    let run = site.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr.starts_with(
            "warning: this file replaces the file `search.js` of the default theme (themes/default/static/search.js), which the theme's pages use\n --> static/search.js:1:1\n"
        ),
        "{}",
        run.stderr
    );
}

/// The way from the page at `path` to the site's root, as its links start: relative on
/// every page but the 404 page, whose links start at the site's path on its host (`/`,
/// `/info/`), as its `data-root` says.
fn root_of(path: &str, html: &str) -> String {
    if path != "404.html" {
        return "../".repeat(path.matches('/').count());
    }
    let root = html
        .split("data-root=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(root.starts_with('/'), "{root}");
    root.to_string()
}
