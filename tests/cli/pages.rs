//! Plain pages (`content/pages/NAME.md`): About, Contact, Prices. Published at the site's
//! root, listed in the header's menu (`menu: N`) and the footer (`footer: true`), linked
//! like entries, searchable and in the sitemap; no review checks unless a page has a
//! review; a page where carebook writes another file is an error naming both.

use crate::support::{Site, TODAY, attrs};

fn built() -> Site {
    let site = Site::copy("pages-site");
    site.build().assert_ok();
    site
}

/// The `<li>` items of the list after `marker` in `html`, as `title -> href`.
fn items_after(html: &str, marker: &str) -> Vec<String> {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let rest = &html[start..];
    let end = rest.find("</ul>").unwrap();
    rest[..end]
        .split("<li")
        .skip(1)
        .map(|li| {
            let href = attrs(li, "href").into_iter().next().unwrap_or_default();
            let title = li
                .split_once('>')
                .and_then(|(_, r)| r.split_once('>'))
                .map(|(_, r)| r.split('<').next().unwrap_or_default())
                .unwrap_or_default();
            let current = if li.contains("aria-current=\"page\"") {
                " (current)"
            } else {
                ""
            };
            format!("{title} -> {href}{current}")
        })
        .collect()
}

#[test]
fn plain_pages_are_published_at_the_site_root() {
    let site = built();
    for page in [
        "about/index.html",
        "contact/index.html",
        "fees/massage/index.html",
        "privacy/index.html",
        "volunteer/index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page}");
    }
    // No A–Z page for them, and not under a `pages/` folder.
    assert!(!site.out().join("pages").exists());
    let about = site.read_out("about/index.html");
    assert!(about.contains("<h1>About us</h1>"), "{about}");
    assert!(about.contains("<title>About us — Test Clinic</title>"));
    assert!(about.contains("<meta name=\"description\" content=\"Who we are and how we work.\">"));
    // No breadcrumb to an A–Z page, no review line when the page has no review.
    assert!(!about.contains("breadcrumb"), "{about}");
    assert!(!about.contains("class=\"review"), "{about}");
    // A page without a summary: its title is its description (the site has none).
    let massage = site.read_out("fees/massage/index.html");
    assert!(massage.contains("<meta name=\"description\" content=\"Massage prices\">"));
    assert!(!massage.contains("class=\"lead\""), "{massage}");
    // A page that has a review shows it.
    let privacy = site.read_out("privacy/index.html");
    assert!(
        privacy.contains("Page last reviewed <time datetime=\"2026-09-01\">1 September 2026</time> by Practice manager"),
        "{privacy}"
    );
    // The home page's lists of entries leave plain pages out.
    let home = site.read_out("index.html");
    assert!(!home.contains("Volunteering"), "{home}");
}

#[test]
fn the_menu_and_the_footer_list_pages_on_every_page() {
    let site = built();
    let whiplash = site.read_out("conditions/whiplash/index.html");
    assert_eq!(
        items_after(&whiplash, "<nav class=\"site-nav\""),
        [
            "About us -> ../../about/index.html",
            "Massage prices -> ../../fees/massage/index.html",
            "Contact and opening hours -> ../../contact/index.html",
            "Conditions -> ../../conditions/index.html",
            "Techniques -> ../../techniques/index.html",
            "Benefits -> ../../benefits/index.html",
            "Safety notes -> ../../safety/index.html",
            "Handouts -> ../../handouts/index.html",
            "Topics -> ../../tags/index.html",
        ]
    );
    assert_eq!(
        items_after(&whiplash, "<nav class=\"footer-nav\""),
        [
            "Contact and opening hours -> ../../contact/index.html",
            "Privacy -> ../../privacy/index.html",
        ]
    );
    // On a page of the menu, its own item is the current page.
    let massage = site.read_out("fees/massage/index.html");
    assert_eq!(
        items_after(&massage, "<nav class=\"site-nav\"")[..3],
        [
            "About us -> ../../about/index.html",
            "Massage prices -> ../../fees/massage/index.html (current)",
            "Contact and opening hours -> ../../contact/index.html",
        ]
    );
    // The list of A–Z pages shown without JavaScript has no plain pages.
    let home = site.read_out("index.html");
    let fallback = items_after(&home, "id=\"page--search-fallback\"");
    assert_eq!(fallback.len(), 6, "{fallback:?}");
    assert!(
        fallback.iter().all(|i| !i.contains("about")),
        "{fallback:?}"
    );
}

#[test]
fn pages_are_linked_like_entries() {
    let site = built();
    let hrefs = |page: &str| {
        let html = site.read_out(page);
        let body = &html[html.find("<div class=\"body\">").unwrap()..];
        let body = &body[..body.find("</div>").unwrap()];
        attrs(body, "href")
    };
    // A Markdown link to the file of a page in a folder, and `[[slug|text]]`.
    assert_eq!(
        hrefs("about/index.html"),
        ["../fees/massage/index.html", "../privacy/index.html"]
    );
    // `[[pages/about]]` names the kind; an alias (`opening hours`) names a page.
    assert_eq!(hrefs("contact/index.html"), ["../about/index.html"]);
    assert_eq!(hrefs("privacy/index.html"), ["../contact/index.html"]);
    // From a page in a folder: an entry, a heading of another page, a page.
    assert_eq!(
        hrefs("fees/massage/index.html"),
        [
            "../../conditions/whiplash/index.html",
            "../../privacy/index.html#what-we-keep",
            "../../contact/index.html"
        ]
    );
    // An entry may link to a page by its path below content/pages/.
    site.replace(
        "content/conditions/arthritis.md",
        "Gentle work may help.",
        "Gentle work may help ([[fees/massage]]).",
    );
    site.build().assert_ok();
    let arthritis = site.read_out("conditions/arthritis/index.html");
    assert!(
        arthritis.contains("<a href=\"../../fees/massage/index.html\">Massage prices</a>"),
        "{arthritis}"
    );
}

#[test]
fn pages_are_in_the_sitemap_and_the_search_index() {
    let site = built();
    let sitemap = site.read_out("sitemap.xml");
    for url in [
        "https://clinic.example/info/about/",
        "https://clinic.example/info/fees/massage/",
        "https://clinic.example/info/privacy/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url} in {sitemap}"
        );
    }
    let index = site.read_out("search-index/core.js");
    assert!(index.contains("\"fees/massage/index.html\""), "{index}");
    assert!(index.contains("\"Massage prices\""), "{index}");
}

#[test]
fn pages_get_no_review_checks_unless_they_have_a_review() {
    let site = Site::copy("pages-site");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    // The one finding about a page: nothing links to it.
    assert_eq!(
        run.stderr,
        "warning: no other page links to this entry\n --> content/pages/volunteer.md:2:1\n  |\n2 | title: Volunteering\n  | ^^^^^^^^^^^^^^^^^^^\n  |\nhelp: readers only find it by searching: add `menu: 1` (the header) or `footer: true` to its front matter, or link to it from another page (`[[slug]]`)\n\n"
    );
    assert_eq!(
        run.stdout,
        "Check passed: 13 entries checked, 1 warning in 1 file\n"
    );
    // A page with a review is checked like an entry.
    let late = Site::copy("pages-site");
    late.replace("content/pages/privacy.md", "2026-09-01", "2024-01-01");
    let run = late.run(&["check", "--today", TODAY]);
    assert!(
        run.stderr
            .contains("warning: review overdue: it was due on 1 January 2025"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_where_carebook_writes_another_file_is_an_error_naming_both() {
    let site = Site::copy("pages-site");
    site.write(
        "content/pages/conditions.md",
        "---\ntitle: Our conditions\nmenu: 4\n---\nText.\n",
    );
    site.write(
        "content/pages/Conditions/Whiplash.md",
        "---\ntitle: W\nfooter: true\n---\nText.\n",
    );
    site.write(
        "content/pages/tags/neck.md",
        "---\ntitle: Neck\nfooter: true\n---\nText.\n",
    );
    site.assert_build_refused(
        "error: this page would be published as `conditions/whiplash/index.html`, but carebook writes the page of content/conditions/whiplash.md at `conditions/whiplash/index.html`\n \
--> content/pages/Conditions/Whiplash.md:1:1\n  |\n\
help: rename the file (or its folder) in content/pages/, so that the page has an address of its own\n\n\
error: this page would be published as `conditions/index.html`, but carebook writes the A–Z page of Conditions at `conditions/index.html`\n \
--> content/pages/conditions.md:1:1\n  |\n\
help: rename the file (or its folder) in content/pages/, so that the page has an address of its own\n\n\
error: this page would be published as `tags/neck/index.html`, inside `tags/`, the folder where carebook writes the tag pages\n \
--> content/pages/tags/neck.md:1:1\n  |\n\
help: rename the file (or its folder) in content/pages/: `tags/` belongs to carebook\n\n\
error: 3 errors in 3 files; nothing was written\n",
    );
}

#[test]
fn what_a_plain_page_may_not_have_is_an_error_at_its_line() {
    let site = Site::copy("pages-site");
    site.write(
        "content/pages/volunteer.md",
        "---\ntitle: Volunteering\ntags: [help]\nseverity: info\ntechniques: [deep-tissue]\n---\nSee [[fees/masage]].\n",
    );
    site.assert_build_refused(
        "error: `tags` is for health entries, not for plain pages\n \
--> content/pages/volunteer.md:3:1\n  |\n3 | tags: [help]\n  | ^^^^\n  |\n\
help: remove this line: topics list health entries, and a plain page is found through the menu, the footer, links and search\n\n\
error: `severity` is only for safety notes, and this is a page\n \
--> content/pages/volunteer.md:4:1\n  |\n4 | severity: info\n  | ^^^^^^^^\n  |\n\
help: remove the line, or move the warning into a safety note and list it under `safety:`\n\n\
error: unknown front-matter key `techniques`\n \
--> content/pages/volunteer.md:5:1\n  |\n5 | techniques: [deep-tissue]\n  | ^^^^^^^^^^\n  |\n\
help: `techniques` is a relation of condition, not of a page; remove this line\n\n\
error: 3 errors in 1 file; nothing was written\n",
    );
    // A title is required; a summary is not.
    site.write("content/pages/volunteer.md", "---\nmenu: 2\n---\nText.\n");
    site.assert_build_refused(
        "error: the front matter has no `title`\n \
--> content/pages/volunteer.md:1:1\n  |\n1 | ---\n  | ^^^\n  |\n\
help: add a line such as `title: Whiplash` between the `---` lines\n\n\
error: 1 error in 1 file; nothing was written\n",
    );
}

#[test]
fn a_misspelt_link_to_a_page_in_a_folder_names_the_nearest() {
    let site = Site::copy("pages-site");
    site.replace(
        "content/pages/about.md",
        "[what we charge](fees/massage.md)",
        "[what we charge](fees/masage.md) and [[fees/masage]]",
    );
    let stderr = site.refused_build();
    assert!(
        stderr.contains("did you mean `fees/massage.md`?"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `fees/massage`?"), "{stderr}");
}

#[test]
fn plain_pages_have_no_relations_in_site_yaml() {
    let site = Site::copy("pages-site");
    site.write(
        "site.yaml",
        "title: Test Clinic\nkinds:\n  page:\n    relations:\n      see: {to: condition}\n  condition:\n    relations:\n      info: {to: page}\n",
    );
    site.assert_build_refused(
        "error: plain pages (`content/pages/`) have no relations\n \
--> site.yaml:5:7\n  |\n5 |       see: {to: condition}\n  |       ^^^\n  |\n\
help: link to a plain page from the text instead, e.g. `[[contact]]`; remove this relation\n\n\
error: plain pages (`content/pages/`) have no relations\n \
--> site.yaml:8:18\n  |\n8 |       info: {to: page}\n  |                  ^^^^\n  |\n\
help: link to a plain page from the text instead, e.g. `[[contact]]`; remove this relation\n\n\
error: 2 errors in 1 file; nothing was written\n",
    );
}

#[test]
fn new_page_writes_a_plain_page_draft() {
    let site = Site::copy("pages-site");
    let run = site.run(&["new", "page", "Opening hours"]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Wrote content/pages/opening-hours.md as a draft: write its text, and set `draft: false` when it is ready to publish\n"
    );
    let text = site.read("content/pages/opening-hours.md");
    assert!(
        text.starts_with("---\ntitle: Opening hours\n# summary: "),
        "{text}"
    );
    assert!(!text.contains("tags:"), "{text}");
    // Its settings, as written, build; taking the # off `menu:` puts it in the menu.
    site.run(&["build", "--drafts", "--today", TODAY])
        .assert_ok();
    site.replace("content/pages/opening-hours.md", "# menu: 1 ", "menu: 4 ");
    site.run(&["build", "--drafts", "--today", TODAY])
        .assert_ok();
    let about = site.read_out("about/index.html");
    assert!(
        about.contains("<a href=\"../opening-hours/index.html\">Opening hours</a>"),
        "{about}"
    );
}

#[test]
fn serve_shows_a_renamed_menu_page_on_every_page() {
    use crate::serve::{get, serve};
    let site = Site::copy("pages-site");
    let server = serve(&site);
    let whiplash = || get(server.port, "/conditions/whiplash/").2;
    assert!(whiplash().contains(">Massage prices</a>"), "{}", whiplash());
    site.replace(
        "content/pages/fees/massage.md",
        "title: Massage prices",
        "title: What we charge",
    );
    // (A new title may change what links mean: a whole build, or a partial one.)
    let line = server.next_line("");
    assert!(
        line.starts_with("Built 24 pages") || line.starts_with("Rebuilt "),
        "{line}"
    );
    assert!(whiplash().contains(">What we charge</a>"), "{}", whiplash());
    // A page that is in neither the menu nor the footer changes only its own page.
    site.replace(
        "content/pages/volunteer.md",
        "We have no places",
        "We have no volunteer places",
    );
    let line = server.next_line("Rebuilt");
    assert!(line.starts_with("Rebuilt 1 of 24 pages"), "{line}");
}
