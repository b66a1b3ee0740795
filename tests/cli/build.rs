//! Successful builds: pages, relations both ways, safety propagation, relative links,
//! determinism, atomic replacement, and the folders carebook refuses.

use crate::support::{Site, run_in, snapshot};

#[test]
fn basic_site_builds_every_page() {
    let site = Site::copy("basic");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stdout.starts_with("Built 19 pages in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with(" s (0 warnings)\n"), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1);
    let files: Vec<String> = snapshot(&site.out())
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        [
            ".carebook-output",
            "404.html",
            "benefits/index.html",
            "benefits/range-of-motion/index.html",
            "conditions/arthritis/index.html",
            "conditions/index.html",
            "conditions/whiplash/index.html",
            "diagram.svg",
            "favicon.svg",
            "handouts/first-visit/index.html",
            "handouts/index.html",
            "index.html",
            "safety/index.html",
            "safety/not-a-diagnosis/index.html",
            "safety/when-not-to-massage/index.html",
            "search-index/body-0.js",
            "search-index/core.js",
            "search.js",
            "sitemap.xml",
            "style.css",
            "tags/index.html",
            "tags/injury/index.html",
            "tags/joints/index.html",
            "tags/neck/index.html",
            "techniques/deep-tissue/index.html",
            "techniques/gentle-stroking/index.html",
            "techniques/index.html",
            "vendor/minisearch/LICENSE.txt",
            "vendor/minisearch/minisearch.js",
        ]
    );
}

#[test]
fn links_are_relative_and_resolved() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let page = site.read_out("conditions/whiplash/index.html");
    // Wikilink with text and anchor, a Markdown .md link, a same-page anchor. (The
    // fixture has a base_url: a printed page shows the full address of each.)
    assert!(page.contains(
        r##"<a href="../../techniques/deep-tissue/index.html#what-happens" data-print-url="https://clinic.example/info/techniques/deep-tissue/#what-happens">deep work</a>"##
    ));
    assert!(page.contains(
        r#"<a href="../../benefits/range-of-motion/index.html" data-print-url="https://clinic.example/info/benefits/range-of-motion/">the range page</a>"#
    ));
    assert!(page.contains(r##"<a href="#what-it-feels-like">the top</a>"##));
    assert!(page.contains(r#"<h2 id="symptoms">Symptoms</h2>"#));
    // A bare wikilink shows the target's title; an alias links to its entry.
    let arthritis = site.read_out("conditions/arthritis/index.html");
    assert!(
        arthritis.contains(
            r#"Compare with <a href="../../conditions/whiplash/index.html" data-print-url="https://clinic.example/info/conditions/whiplash/">Whiplash</a>."#
        )
    );
    // The home page sits at the root: its links have no `../`.
    let home = site.read_out("index.html");
    assert!(home.contains(r#"Start with <a href="conditions/whiplash/index.html" data-print-url="https://clinic.example/info/conditions/whiplash/">Whiplash</a>"#));
    assert!(home.contains(r#"<link rel="stylesheet" href="style.css">"#));
    // An image in static/ is copied and linked relative to the page.
    let technique = site.read_out("techniques/deep-tissue/index.html");
    assert!(
        technique
            .contains(r#"<img src="../../diagram.svg" alt="Diagram" width="10" height="10" />"#)
    );
    // No absolute URL points into the site, except canonical/og:url and JSON-LD, and on
    // the 404 page, which a host shows at any address (tests/cli/theme.rs).
    for (path, bytes) in snapshot(&site.out()) {
        if path == std::path::Path::new("404.html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for attr in ["href=\"/", "src=\"/"] {
            assert!(
                !text.contains(attr),
                "{} has an absolute link",
                path.display()
            );
        }
    }
}

#[test]
fn relations_show_on_both_pages() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let technique = site.read_out("techniques/gentle-stroking/index.html");
    let used_for = technique
        .find("<h2 id=\"page--backlinks-1\">Used for</h2>")
        .expect("inverse heading");
    let after = &technique[used_for..];
    // Sorted by title: Arthritis before Whiplash.
    let a = after.find(">Arthritis</a>").unwrap();
    let w = after.find(">Whiplash</a>").unwrap();
    assert!(a < w);
    let benefit = site.read_out("benefits/range-of-motion/index.html");
    assert!(benefit.contains(">Helps with</h2>"));
    assert!(benefit.contains(">Delivered by</h2>"));
    // A safety note lists what it applies to, conditions and techniques alike.
    let note = site.read_out("safety/not-a-diagnosis/index.html");
    assert!(note.contains(">Applies to</h2>"));
    assert!(note.contains(">Whiplash</a>") && note.contains(">Deep tissue massage</a>"));
}

#[test]
fn safety_notes_propagate_from_techniques_most_severe_first() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    // Arthritis lists no safety note itself; its technique's urgent note reaches it.
    let arthritis = site.read_out("conditions/arthritis/index.html");
    assert!(arthritis.contains(r#"<h2 id="page--urgent">When to get help</h2>"#));
    assert!(arthritis.contains(">When not to have a massage</a>"));
    // Whiplash: its own warning once (also listed by deep tissue: no repeat), the urgent
    // one from both techniques once, urgent first.
    let whiplash = site.read_out("conditions/whiplash/index.html");
    assert_eq!(whiplash.matches(">Not a diagnosis</a>").count(), 1);
    assert_eq!(
        whiplash.matches(">When not to have a massage</a>").count(),
        1
    );
    let urgent = whiplash.find("callout-urgent").unwrap();
    let warning = whiplash.find("callout-warning").unwrap();
    assert!(urgent < warning);
}

#[test]
fn review_footer_and_jsonld() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let arthritis = site.read_out("conditions/arthritis/index.html");
    // review_every_months: 6 overrides the site's 12.
    assert!(arthritis.contains(r#"Page last reviewed <time datetime="2026-09-01">1 September 2026</time> by Clinic lead therapist · Next review due <time datetime="2027-03-01">1 March 2027</time>"#));
    let whiplash = site.read_out("conditions/whiplash/index.html");
    let start = whiplash
        .find(r#"<script type="application/ld+json">"#)
        .unwrap()
        + 35;
    let end = start + whiplash[start..].find("</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(&whiplash[start..end]).unwrap();
    assert_eq!(json["@type"], "MedicalWebPage");
    assert_eq!(json["lastReviewed"], "2026-10-01");
    assert_eq!(json["about"]["@type"], "MedicalCondition");
    assert_eq!(
        json["about"]["possibleTreatment"][0]["name"],
        "Deep tissue massage"
    );
    assert_eq!(
        json["url"],
        "https://clinic.example/info/conditions/whiplash/"
    );
}

#[test]
fn drafts_and_editor_files_are_left_out() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    assert!(!site.out().join("conditions/draft-page").exists());
    assert!(!site.read_out("conditions/index.html").contains("A draft"));
    site.run(&["build", "--drafts", "--today", crate::support::TODAY])
        .assert_ok();
    assert!(
        site.out()
            .join("conditions/draft-page/index.html")
            .is_file()
    );
}

#[test]
fn a_link_to_a_draft_says_so() {
    let site = Site::copy("basic");
    site.write(
        "content/benefits/range-of-motion.md",
        "---\ntitle: Range of motion\nsummary: Moving further.\n---\nSee [[draft-page]].\n",
    );
    // A warning, not an error: taking a page down must not break the pages that link to
    // it (tests/cli/graph_defects.rs has the whole story).
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("warning: `draft-page` is a draft, so this link is shown as plain text until it is published\n --> content/benefits/range-of-motion.md:5:7\n"), "{}", run.stderr);
}

#[test]
fn custom_kind_from_site_yaml() {
    let site = Site::copy("custom-kind");
    site.build().assert_ok();
    let exercise = site.read_out("exercises/neck-rolls/index.html");
    assert!(exercise.contains(">Recommended for</h2>"));
    assert!(exercise.contains(">Whiplash</a>"));
    assert!(exercise.contains(">Stop if it hurts</a>"));
    let condition = site.read_out("conditions/whiplash/index.html");
    assert!(
        condition.contains(r#"<a href="../../exercises/neck-rolls/index.html">neck rolls</a>"#)
    );
    // The condition gets the exercise's safety note, as it would a technique's.
    assert!(condition.contains("callout-caution"));
    let nav = site.read_out("index.html");
    assert!(nav.contains(r#"<a href="exercises/index.html">Exercises</a>"#));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let first = snapshot(&site.out());
    site.build().assert_ok();
    assert_eq!(first, snapshot(&site.out()));
    let other = tempfile::tempdir().unwrap();
    site.run(&[
        "build",
        "--out",
        other.path().join("again").to_str().unwrap(),
    ])
    .assert_ok();
    assert_eq!(first, snapshot(&other.path().join("again")));
}

#[test]
fn a_failed_build_leaves_the_last_good_site() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let before = snapshot(&site.out());
    site.write(
        "content/conditions/whiplash.md",
        "---\ntitle: Whiplash\n---\nNo summary.\n",
    );
    site.build().assert_code(1);
    assert_eq!(before, snapshot(&site.out()));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock file stays by design: the next build locks it.
        .filter(|n| n.contains("carebook") && !n.ends_with(".carebook-lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rebuilds_write_into_the_build_before_last_and_leave_nothing_stale() {
    let site = Site::copy("basic");
    let previous = site.path().join(".public.carebook-previous");
    site.build().assert_ok();
    assert!(!previous.exists(), "a first build has no build before it");
    site.build().assert_ok();
    assert!(previous.join(".carebook-output").is_file());
    // The third build reuses the first one's folder, which still holds arthritis.
    std::fs::remove_file(site.path().join("content/conditions/arthritis.md")).unwrap();
    site.write("content/_index.md", "Start with [[whiplash]].\n");
    site.build().assert_ok();
    assert!(!site.out().join("conditions/arthritis").exists());
    assert!(previous.join("conditions/arthritis/index.html").is_file());
    let fresh = Site::copy("basic");
    std::fs::remove_file(fresh.path().join("content/conditions/arthritis.md")).unwrap();
    fresh.write("content/_index.md", "Start with [[whiplash]].\n");
    fresh.build().assert_ok();
    assert_eq!(snapshot(&fresh.out()), snapshot(&site.out()));
    // And the fourth, into the second's folder, also matches a first build.
    site.build().assert_ok();
    assert_eq!(snapshot(&fresh.out()), snapshot(&site.out()));
    assert!(!previous.join("conditions/arthritis").exists());
}

#[test]
fn a_rebuild_replaces_pages_that_are_gone() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    std::fs::remove_file(site.path().join("content/conditions/arthritis.md")).unwrap();
    site.write("content/_index.md", "Start with [[whiplash]].\n");
    site.build().assert_ok();
    assert!(!site.out().join("conditions/arthritis").exists());
    assert!(site.out().join("conditions/whiplash/index.html").exists());
}

#[test]
fn refuses_a_folder_with_foreign_files_and_deletes_nothing() {
    let site = Site::copy("basic");
    site.write("mine/notes.txt", "keep me");
    let run = site.run(&["build", "--out", "mine"]);
    run.assert_code(2);
    assert!(run.stderr.starts_with("error: refusing to write the site into mine: it holds files that carebook did not create"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join("mine/notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn refuses_the_site_root_content_and_file_system_root() {
    let site = Site::copy("basic");
    for (out, reason) in [
        (".", "it holds the site itself"),
        ("content", "it is inside the site's content/ folder"),
        ("/", "it is the root of the file system"),
        ("..", "it holds the site itself"),
    ] {
        let run = site.run(&["build", "--out", out]);
        run.assert_code(2);
        assert_eq!(
            run.stderr.lines().next().unwrap(),
            format!(
                "error: refusing to write the site into {out}: {reason}; choose {}",
                if reason.contains("holds the site") {
                    "a folder inside the site such as `public`"
                } else {
                    "an empty folder such as `public`"
                }
            )
            .replace(
                "content/ folder; choose an empty folder",
                "content/ folder; choose a folder"
            ),
            "{out}"
        );
    }
    assert!(site.path().join("content/conditions/whiplash.md").is_file());
}

#[test]
fn a_script_in_a_title_is_escaped() {
    let site = Site::copy("basic");
    site.write(
        "content/benefits/range-of-motion.md",
        "---\ntitle: \"<script>alert(1)</script> Range\"\nsummary: \"Moving <b>further</b> & more\"\ntags: [\"<img src=x onerror=alert(1)>\"]\n---\nText.\n",
    );
    site.build().assert_ok();
    for (path, bytes) in snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{}", path.display());
        assert!(!text.contains("<img src=x"), "{}", path.display());
    }
    let page = site.read_out("benefits/range-of-motion/index.html");
    assert!(
        page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; Range</h1>"),
        "{page}"
    );
}

#[test]
fn builds_from_any_folder_with_root() {
    let site = Site::copy("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap().to_string();
    run_in(elsewhere.path(), &["build", "--root", &root]).assert_ok();
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn the_example_site_builds_cleanly() {
    let site = Site::example();
    let run = site.build();
    run.assert_ok();
    assert!(run.stdout.ends_with("(0 warnings)\n"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    for kind in ["conditions", "techniques", "benefits", "safety", "handouts"] {
        assert!(site.out().join(kind).join("index.html").is_file(), "{kind}");
    }
    assert!(site.out().join("conditions/whiplash/index.html").is_file());
}

#[test]
fn sitemap_and_robots_only_with_a_base_url() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://clinic.example/info/</loc></url>"));
    assert!(sitemap.contains("<url><loc>https://clinic.example/info/conditions/whiplash/</loc><lastmod>2026-10-01</lastmod></url>"));
    // In a sub-folder of its host no crawler would read a robots.txt: none is written.
    assert!(!site.out().join("robots.txt").exists());
    let root = Site::copy("basic");
    root.replace(
        "site.yaml",
        "https://clinic.example/info",
        "https://clinic.example",
    );
    root.build().assert_ok();
    assert_eq!(
        root.read_out("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://clinic.example/sitemap.xml\n"
    );
    assert!(
        root.read_out("sitemap.xml")
            .contains("<url><loc>https://clinic.example/conditions/whiplash/</loc>")
    );
    let plain = Site::copy("custom-kind");
    plain.build().assert_ok();
    assert!(!plain.out().join("sitemap.xml").exists());
    assert!(!plain.out().join("robots.txt").exists());
    assert!(!plain.read_out("index.html").contains("rel=\"canonical\""));
}

#[test]
fn files_hosts_read_are_published_from_static_and_leftovers_are_not() {
    let site = Site::copy("pages-site");
    for (file, text) in [
        ("static/CNAME", "clinic.example\n"),
        (
            "static/.well-known/security.txt",
            "Contact: mailto:it@clinic.example\n",
        ),
        ("static/.htaccess", "ErrorDocument 404 /404.html\n"),
        ("static/.nojekyll", ""),
        ("static/.DS_Store", "x"),
        ("static/._diagram.svg", "x"),
        ("static/diagram.svg~", "x"),
        ("static/.git/config", "x"),
        ("static/.notes.md.swp", "x"),
    ] {
        site.write(file, text);
    }
    site.build().assert_ok();
    for published in [
        "CNAME",
        ".well-known/security.txt",
        ".htaccess",
        ".nojekyll",
    ] {
        assert_eq!(
            site.read_out(published),
            site.read(&format!("static/{published}")),
            "{published}"
        );
    }
    for left in [
        ".DS_Store",
        "._diagram.svg",
        "diagram.svg~",
        ".git",
        ".notes.md.swp",
    ] {
        assert!(!site.out().join(left).exists(), "{left} is not published");
    }
}

#[test]
fn a_build_shows_the_first_few_findings_of_each_kind_and_counts_the_rest() {
    let site = Site::copy("basic");
    // Eight pages, each with a claim and linked from nowhere: 8 `claim`, 8 `orphan`.
    for n in 1..=8 {
        site.write(
            &format!("content/benefits/claim-{n}.md"),
            &format!(
                "---\ntitle: Claim {n}\nsummary: A page.\nreviewed: 2026-10-01\n---\nThis massage cures back pain. See [[whiplash]].\n"
            ),
        );
    }
    let build = site.run(&["build", "--today", crate::support::TODAY]);
    build.assert_ok();
    let about = |stderr: &str, code: &str| {
        let message = match code {
            "claim" => "warning: claim \"cures\"",
            _ => "warning: no other page links to this entry",
        };
        stderr.matches(message).count()
    };
    // The first three of each code in full, in the order they come.
    assert_eq!(about(&build.stderr, "claim"), 3, "{}", build.stderr);
    assert_eq!(about(&build.stderr, "orphan"), 3, "{}", build.stderr);
    for n in 1..=3 {
        assert!(
            build
                .stderr
                .contains(&format!("--> content/benefits/claim-{n}.md:6:14\n"))
        );
    }
    assert!(!build.stderr.contains("claim-4.md"), "{}", build.stderr);
    assert!(
        build.stderr.ends_with(
            "note: 5 more `orphan` warnings are not shown here: `carebook check` lists every finding (`carebook check --format json` as data for a spreadsheet or a script)\n\
             note: 5 more `claim` warnings are not shown here: `carebook check` lists every finding (`carebook check --format json` as data for a spreadsheet or a script)\n"
        ),
        "{}",
        build.stderr
    );
    // The count is of every warning, shown or not.
    let total = build.stderr.matches("warning: ").count() + 10;
    assert!(
        build.stdout.contains(&format!("({total} warnings)")),
        "{}",
        build.stdout
    );
    // `check` shows every one.
    let check = site.run(&["check", "--today", crate::support::TODAY]);
    assert_eq!(about(&check.stderr, "claim"), 8, "{}", check.stderr);
    assert_eq!(about(&check.stderr, "orphan"), 8, "{}", check.stderr);
    assert!(!check.stderr.contains("not shown here"));
}
