//! The clinic's colour (`brand: colour:` in site.yaml): every page takes the theme's
//! shades from it, and a colour that is not one, or that would leave text too hard to read
//! in light or dark mode, is an error at its line that says what to write instead.

use crate::support::{Site, TODAY, run_in};

/// The basic fixture with `brand:` set to `brand` (YAML, indented under `brand:`).
fn branded(brand: &str) -> Site {
    let site = Site::copy("basic");
    site.write(
        "site.yaml",
        &format!("title: Test Clinic\nlanguage: en-GB\nbrand:\n{brand}"),
    );
    site
}

/// Every page of the built site, as (path, html).
fn pages(site: &Site) -> Vec<(String, String)> {
    let pages = crate::support::html_pages(&site.out());
    assert!(pages.len() > 10, "the fixture has pages");
    pages
}

#[test]
fn every_page_takes_its_shades_from_the_brand_colour() {
    let site = branded("  colour: \"#5b2a86\"\n");
    site.build().assert_ok();
    let expected = "<link rel=\"stylesheet\" href=\"../../style.css\">\n<style>\n@media screen {\n  :root {\n    --accent: #5b2a86; --accent-hover: ";
    let (_, whiplash) = pages(&site)
        .into_iter()
        .find(|(p, _)| p.ends_with("whiplash/index.html"))
        .unwrap();
    assert!(whiplash.contains(expected), "{whiplash}");
    for (path, html) in pages(&site) {
        assert_eq!(
            html.matches("--accent: ").count(),
            2,
            "{path}: light and dark shades, once each"
        );
        assert!(html.contains("--link: var(--accent);"), "{path}");
        assert!(
            html.contains("@media screen and (prefers-color-scheme: dark)"),
            "{path}"
        );
    }
    // Written in capitals, the same colour.
    let short = branded("  colour: \"#5B2A86\"\n");
    short.build().assert_ok();
    assert_eq!(
        short.read_out("conditions/whiplash/index.html"),
        site.read_out("conditions/whiplash/index.html")
    );
}

#[test]
fn without_a_brand_colour_pages_keep_the_themes_colours() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    for (path, html) in pages(&site) {
        assert!(!html.contains("--accent"), "{path}");
        assert!(!html.contains("<style>\n@media screen"), "{path}");
    }
}

#[test]
fn a_colour_too_light_to_read_is_an_error_with_the_nearest_that_passes() {
    let site = branded("  colour: \"#ffcc00\"\n");
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: the brand colour #ffcc00 makes text too hard to read (WCAG AA): links on the white page background in light mode: contrast 1.51:1, needs at least 4.5:1 (and 11 more places)\n \
         --> site.yaml:4:11\n  |\n4 |   colour: \"#ffcc00\"\n  |           ^^^^^^^^^\n  |\n\
         help: the nearest colour that passes in light and dark mode is #725900 (the same hue, darker): colour: \"#725900\"\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
    assert!(!site.out().exists(), "nothing was written");
    // The colour it suggests passes.
    site.replace("site.yaml", "#ffcc00", "#725900");
    site.build().assert_ok();
}

#[test]
fn what_is_not_a_colour_is_an_error_at_its_value() {
    for (written, line, message, help) in [
        (
            "purple",
            "  colour: purple",
            "`brand.colour`: `purple` is not a colour carebook can read",
            "write the colour as # and six hex digits, in quotes: colour: \"#5b2a86\" (a colour picker shows this code, often called the hex or HTML colour)",
        ),
        (
            "\"5b2a86\"",
            "  colour: \"5b2a86\"",
            "`brand.colour`: the colour `5b2a86` needs a # in front",
            "write colour: \"#5b2a86\", in quotes: YAML reads a # without quotes as the start of a note",
        ),
        (
            "\"#12345\"",
            "  colour: \"#12345\"",
            "`brand.colour`: the colour `#12345` has 5 hex digits; a colour has 6 (#rrggbb) or 3 (#rgb)",
            "write the colour as # and six hex digits, in quotes: colour: \"#5b2a86\" (a colour picker shows this code, often called the hex or HTML colour)",
        ),
    ] {
        let site = branded(&format!("  colour: {written}\n"));
        let run = site.run(&["build", "--today", TODAY]);
        run.assert_code(1);
        let carets = "^".repeat(written.chars().count());
        assert_eq!(
            run.stderr,
            format!(
                "error: {message}\n --> site.yaml:4:11\n  |\n4 | {line}\n  |           {carets}\n  |\nhelp: {help}\n\nerror: 1 error in 1 file; nothing was written\n"
            ),
            "{written}"
        );
    }
}

/// `colour: #5b2a86` without quotes is a YAML note, so the value is empty: said at the key.
#[test]
fn a_colour_without_quotes_is_not_silently_dropped() {
    let site = branded("  colour: #5b2a86\n");
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: `brand.colour` is empty\n --> site.yaml:4:3\n  |\n4 |   colour: #5b2a86\n  |   ^^^^^^\n  |\n\
         help: write the colour in quotes, e.g. colour: \"#5b2a86\": without them YAML reads a # as the start of a note\n\n\
         error: 1 error in 1 file; nothing was written\n"
    );
}

/// The blank site's settings show the colour as an example: taking the # off `brand:` and
/// `colour:` gives a branded site with no errors.
#[test]
fn the_blank_sites_colour_example_works_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "clinic"]).assert_ok();
    let site = dir.path().join("clinic");
    let settings = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let settings = settings
        .replace("\n# brand:\n", "\nbrand:\n")
        .replace("\n#   colour: \"#5b2a86\"\n", "\n  colour: \"#5b2a86\"\n");
    std::fs::write(site.join("site.yaml"), settings).unwrap();
    let run = run_in(&site, &["build", "--today", TODAY]);
    run.assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("--accent: #5b2a86;"), "{home}");
}
