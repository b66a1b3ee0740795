//! The theme a site changes: `carebook theme eject`, a changed copy of a template, the
//! warning for a template no page uses, and the 404 page every site gets (as built, and
//! as `serve` answers a missing address with it).
//!
//! Fixtures: `theme-site` (a small clinic site with a `base_url` in a sub-folder), and
//! `theme-unused`, templates laid over it: a misspelt override, a partial that a template
//! includes, one that nothing includes, and a `sitemap.xml`.

use std::path::Path;

use crate::serve::{get, serve};
use crate::support::{Site, TODAY, assert_stderr_snapshot, attrs, copy_tree, fixtures, repo};

/// The default theme's template `name`, as carebook has it built in.
fn theme_template(name: &str) -> String {
    std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap()
}

const WROTE_ENTRY: &str =
    "Wrote templates/entry.html: a copy of the default theme's, used instead of it from now on.\n";
const NEXT: &str = "Next: change the copies in templates/ with a text editor; `carebook serve` shows each change as you save it. carebook's docs/templates.md says what each template shows and every value it gets. Delete a copy to go back to the theme's.\n";

#[test]
fn an_ejected_template_changed_is_what_the_site_shows() {
    let site = Site::copy("theme-site");
    let run = site.run(&["theme", "eject", "entry"]);
    run.assert_ok();
    assert_eq!(run.stdout, format!("{WROTE_ENTRY}{NEXT}"));
    assert_eq!(run.stderr, "");
    // A copy of the theme's, and nothing else.
    assert_eq!(
        site.read("templates/entry.html"),
        theme_template("entry.html")
    );
    let names: Vec<_> = std::fs::read_dir(site.path().join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["entry.html"]);
    // The clinic changes its copy: every entry's page shows the change, and only those.
    site.replace(
        "templates/entry.html",
        "{% block content %}",
        "{% block content %}\n<p class=\"clinic-note\">Questions? Ask us at the front desk.</p>",
    );
    let build = site.build();
    build.assert_ok();
    assert!(
        build.stdout.ends_with(" (0 warnings)\n"),
        "{}",
        build.stdout
    );
    let note = "<p class=\"clinic-note\">Questions? Ask us at the front desk.</p>";
    for page in [
        "conditions/whiplash/index.html",
        "techniques/gentle-massage/index.html",
        "safety/see-your-doctor/index.html",
    ] {
        assert!(site.read_out(page).contains(note), "{page}");
    }
    assert!(!site.read_out("index.html").contains(note));
    assert!(!site.read_out("conditions/index.html").contains(note));
    // `entry.html` names the same template.
    let again = site.run(&["theme", "eject", "entry.html"]);
    again.assert_ok();
    assert_eq!(
        again.stdout,
        "Skipped templates/entry.html: the file is there already, and carebook never overwrites one (to start again from the theme's, rename or delete yours first).\n"
    );
}

#[test]
fn eject_never_overwrites_a_template_the_site_has() {
    let site = Site::copy("theme-site");
    site.write("templates/base.html", "our own base\n");
    let run = site.run(&["theme", "eject", "base", "entry", "entry.html"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        format!(
            "{WROTE_ENTRY}Skipped templates/base.html: the file is there already, and carebook never overwrites one (to start again from the theme's, rename or delete yours first).\n{NEXT}"
        )
    );
    assert_eq!(site.read("templates/base.html"), "our own base\n");
    // Without names: every template the site may replace, but not the two carebook
    // always writes itself, and again none it has.
    let all = site.run(&["theme", "eject"]);
    all.assert_ok();
    let wrote: Vec<&str> = all
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Wrote templates/"))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        wrote,
        [
            "404.html",
            "handout.html",
            "home.html",
            "kind.html",
            "page.html",
            "part-link.html",
            "part-review.html",
            "part-sources.html",
            "tag.html",
            "tags.html"
        ]
    );
    assert!(all.stdout.contains("Skipped templates/base.html: "));
    assert!(all.stdout.contains("Skipped templates/entry.html: "));
    assert_eq!(site.read("templates/base.html"), "our own base\n");
    for name in ["404.html", "home.html", "tags.html"] {
        assert_eq!(
            site.read(&format!("templates/{name}")),
            theme_template(name)
        );
    }
    assert!(!site.path().join("templates/sitemap.xml").exists());
    assert!(!site.path().join("templates/robots.txt").exists());
}

#[test]
fn an_unknown_template_name_is_a_usage_error_that_writes_nothing() {
    let site = Site::copy("theme-site");
    // The good name before it is not written either: every name is checked first.
    let run = site.run(&["theme", "eject", "entry", "entrie"]);
    run.assert_code(2);
    assert_eq!(run.stdout, "");
    assert_stderr_snapshot(
        "theme",
        "eject-unknown-name",
        "carebook theme eject entry entrie",
        &run.stderr,
    );
    assert!(!site.path().join("templates").exists());
    let far = site.run(&["theme", "eject", "sitemap.xml"]);
    far.assert_code(2);
    assert_stderr_snapshot(
        "theme",
        "eject-built-in-only",
        "carebook theme eject sitemap.xml",
        &far.stderr,
    );
    // Outside a site folder: the same message as every command.
    let nowhere = tempfile::tempdir().unwrap();
    let outside = crate::support::run_in(nowhere.path(), &["theme", "eject"]);
    outside.assert_code(2);
    assert!(
        outside
            .stderr
            .starts_with("error: there is no site folder at "),
        "{}",
        outside.stderr
    );
}

/// `theme-site` with `theme-unused`'s templates laid over it.
fn site_with_unused_templates() -> Site {
    let site = Site::copy("theme-site");
    copy_tree(&fixtures().join("theme-unused"), site.path());
    site
}

#[test]
fn a_template_no_page_uses_is_a_warning_at_its_file() {
    let site = site_with_unused_templates();
    let check = site.run(&["check", "--today", TODAY]);
    check.assert_ok();
    assert_eq!(
        check.stdout,
        "Check passed: 3 entries checked, 3 warnings in 3 files\n"
    );
    // Each warning ends with a blank line; the snapshot is of all but the last one.
    let warnings = check.stderr.strip_suffix('\n').unwrap();
    assert!(warnings.ends_with('\n'), "{}", check.stderr);
    assert_stderr_snapshot(
        "theme",
        "unused-templates",
        "carebook check on theme-site with theme-unused's templates",
        warnings,
    );
    // `build` says the same, and a partial that kind.html includes is used: no warning.
    let build = site.build();
    build.assert_ok();
    assert_eq!(build.stderr, check.stderr);
    assert!(
        build.stdout.ends_with(" (3 warnings)\n"),
        "{}",
        build.stdout
    );
    assert!(
        site.read_out("conditions/index.html").contains(
            "<ul class=\"cards\"><li><a href=\"../conditions/whiplash/index.html\">Whiplash</a></li></ul>"
        )
    );
    // The misspelt override changed nothing; renamed, it is used and its warning goes.
    let own = "<h1>Whiplash</h1><h2 id=\"how-it-feels\">How it feels</h2>";
    assert!(
        !site
            .read_out("conditions/whiplash/index.html")
            .contains(own)
    );
    std::fs::rename(
        site.path().join("templates/entrie.html"),
        site.path().join("templates/entry.html"),
    )
    .unwrap();
    let fixed = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&fixed.stdout).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["templates/old-footer.html", "templates/sitemap.xml"]
    );
    assert_eq!(report["findings"][0]["code"], "build");
    assert_eq!(report["findings"][0]["severity"], "warning");
    site.build().assert_ok();
    assert!(
        site.read_out("conditions/whiplash/index.html")
            .contains(own)
    );
}

#[test]
fn an_ejected_base_is_used_because_every_page_extends_it() {
    let site = Site::copy("theme-site");
    site.run(&["theme", "eject", "base"]).assert_ok();
    site.replace(
        "templates/base.html",
        "<main ",
        "<main data-clinic=\"ours\" ",
    );
    let build = site.build();
    build.assert_ok();
    assert_eq!(build.stderr, "");
    assert!(
        site.read_out("404.html")
            .contains("<main data-clinic=\"ours\" ")
    );
    assert!(
        site.read_out("index.html")
            .contains("<main data-clinic=\"ours\" ")
    );
}

/// The links and assets of the built 404 page, which must all start with `root`.
fn not_found_urls(out: &Path, html: &str, root: &str) -> Vec<String> {
    let urls: Vec<String> = attrs(html, "href")
        .into_iter()
        .chain(attrs(html, "src"))
        .filter(|u| !u.starts_with('#'))
        .collect();
    for url in &urls {
        let below = url
            .strip_prefix(root)
            .unwrap_or_else(|| panic!("404.html: {url} does not start at {root}"));
        assert!(out.join(below).is_file(), "404.html: {url} reaches no file");
    }
    urls
}

#[test]
fn every_site_has_a_404_page_that_works_at_any_address() {
    let site = Site::copy("theme-site");
    site.build().assert_ok();
    let page = site.read_out("404.html");
    assert!(page.contains("<title>Page not found — Harbour Street Physiotherapy</title>"));
    assert!(page.contains("<h1>Sorry, we cannot find that page</h1>"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    // No address of its own: no canonical link.
    assert!(!page.contains("rel=\"canonical\""));
    // The search box, its scripts from the site's root path on the host.
    assert!(page.contains(
        "<form id=\"page--search\" class=\"search\" role=\"search\" data-root=\"/info/\" data-index=\"/info/search-index/\" data-texts=\"{&quot;"
    ));
    assert!(page.contains("<script src=\"/info/search.js\"></script>"));
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/info/style.css\">"));
    // The A–Z links, and home.
    for link in [
        "<li><a href=\"/info/conditions/index.html\">Conditions</a></li>",
        "<li><a href=\"/info/techniques/index.html\">Techniques</a></li>",
        "<li><a href=\"/info/safety/index.html\">Safety notes</a></li>",
        "<li><a href=\"/info/tags/index.html\">Topics</a></li>",
        "<p><a href=\"/info/index.html\">Go to the home page</a></p>",
    ] {
        assert!(page.contains(link), "{link}");
    }
    let urls = not_found_urls(&site.out(), &page, "/info/");
    assert!(urls.len() >= 10, "{urls:?}");
    // Not a page to find: not in the sitemap, which lists every other page.
    let sitemap = site.read_out("sitemap.xml");
    assert!(!sitemap.contains("404"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://clinic.example/info/conditions/whiplash/</loc>"));
    // Without a base_url, from the root of the host.
    site.replace("site.yaml", "base_url: https://clinic.example/info/\n", "");
    site.build().assert_ok();
    let page = site.read_out("404.html");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/style.css\">"));
    not_found_urls(&site.out(), &page, "/");
    assert!(!site.out().join("sitemap.xml").exists());
}

#[test]
fn a_sites_own_404_template_replaces_the_themes() {
    let site = Site::copy("theme-site");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Not here</h1><p>Call us on 020 7946 0000.</p>{% endblock content %}",
    );
    let build = site.build();
    build.assert_ok();
    assert_eq!(build.stderr, "");
    let page = site.read_out("404.html");
    assert!(page.contains("<h1>Not here</h1><p>Call us on 020 7946 0000.</p>"));
    // Its links still start at the site's root path: they come from `page.root`.
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/info/style.css\">"));
}

#[test]
fn serve_answers_a_missing_address_with_the_404_page() {
    let site = Site::copy("theme-site");
    let server = serve(&site);
    for path in [
        "/no-such-page",
        "/conditions/whiplash/typo/",
        "/conditions/whiplsh/",
        "/%ED%A0%80",
    ] {
        let (status, head, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/html; charset=utf-8"),
            "{head}"
        );
        assert!(
            body.contains("<h1>Sorry, we cannot find that page</h1>"),
            "{path}"
        );
        // Live reload, as on every page of the preview.
        assert!(body.contains("<script src=\"/__carebook/reload.js\"></script>\n</body>"));
    }
    // Its links start at the base_url's path, /info/, which the preview answers too.
    let (_, _, body) = get(server.port, "/typo/");
    for url in attrs(&body, "href").into_iter().chain(attrs(&body, "src")) {
        if url.starts_with('#') || url.starts_with("/__carebook/") {
            continue;
        }
        assert!(url.starts_with("/info/"), "{url}");
        assert_eq!(get(server.port, &url).0, 200, "{url}");
    }
    let (status, head, _) = get(server.port, "/info/style.css");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/css; charset=utf-8"),
        "{head}"
    );
    // A page is still a page, at the root and below /info/.
    assert_eq!(get(server.port, "/conditions/whiplash/").0, 200);
    assert_eq!(get(server.port, "/info/conditions/whiplash/").0, 200);
    assert_eq!(get(server.port, "/info/conditions/whiplsh/").0, 404);
}
