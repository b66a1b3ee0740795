//! Rendering defects of issue 13, each pinned on built pages of fixture sites:
//!
//! - `markdown.raw_html: false` lets no HTML through: not a heading's `{onclick=…}`, nor
//!   any other place Markdown writes attributes (titles, alt text, footnote labels, code
//!   languages); what a heading's `{…}` loses is a warning at its place.
//! - Every id on a page is unique, and every in-page link reaches what its author meant:
//!   headings, footnotes, the theme's ids and a handout's chapters can never meet.
//! - Printed pages show the full web address of a link when there is a `base_url`, and
//!   nothing when there is none.
//! - Handout chapters flow on; a chapter or a handout can ask for new pages; the running
//!   footer's review date belongs to the text on its page.
//!
//! Pages are read with html5gum (a WHATWG tokenizer), so attributes are seen as a browser
//! sees them (entities decoded, duplicates reported), not by searching the text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{BASE_URL, Site, human_date_key, percent_decoded, ready, say};

/// One start tag of a page: its name, attributes (entities decoded) and the text that
/// follows it up to the next tag of the same name closing (enough for headings).
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    /// Inside `<body>` (not the `<head>` the theme writes).
    in_body: bool,
}

/// A built page as a list of its elements, and the tokenizer's complaints about it.
#[derive(Debug)]
struct Page {
    path: String,
    elements: Vec<Element>,
    errors: Vec<String>,
}

impl Page {
    fn parse(path: &str, html: &str) -> Page {
        use html5gum::{Token, Tokenizer};
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut errors = Vec::new();
        let mut in_body = false;
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        for Ok(token) in Tokenizer::new(html) {
            match token {
                Token::StartTag(tag) => {
                    let name = text(&tag.name);
                    in_body |= name == "body";
                    let attrs = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| (text(k), text(&v.value)))
                        .collect();
                    elements.push(Element {
                        name,
                        attrs,
                        text: String::new(),
                        in_body,
                    });
                    open.push(elements.len() - 1);
                }
                Token::EndTag(tag) => {
                    let name = text(&tag.name);
                    if let Some(at) = open.iter().rposition(|&i| elements[i].name == name) {
                        open.truncate(at);
                    }
                }
                Token::String(s) => {
                    for &i in &open {
                        elements[i].text.push_str(&text(&s.value));
                    }
                }
                Token::Error(e) => {
                    let e = format!("{:?}", e.value);
                    // Every page has its own doctype; the rest are faults of the page.
                    if e.contains("DuplicateAttribute") {
                        errors.push(e);
                    }
                }
                _ => {}
            }
        }
        for e in &mut elements {
            e.text = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        Page {
            path: path.to_string(),
            elements,
            errors,
        }
    }

    /// Every element's id, with the element, in order (duplicates kept).
    fn ids(&self) -> Vec<(&str, &Element)> {
        self.elements
            .iter()
            .filter_map(|e| e.attrs.get("id").map(|id| (id.as_str(), e)))
            .collect()
    }

    fn by_id(&self, id: &str) -> Option<&Element> {
        self.ids()
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, e)| e)
    }

    /// The `<a>` elements whose text is `text`.
    fn links_named(&self, text: &str) -> Vec<&Element> {
        self.elements
            .iter()
            .filter(|e| e.name == "a" && e.text == text)
            .collect()
    }

    /// The element an in-page `href="#x"` leads to, by the link's text (exactly one link).
    #[track_caller]
    fn target_of(&self, link_text: &str) -> &Element {
        let links = self.links_named(link_text);
        assert_eq!(links.len(), 1, "{}: links named {link_text:?}", self.path);
        let href = &links[0].attrs["href"];
        let id = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{}: {link_text:?} goes to {href}", self.path));
        self.by_id(id)
            .unwrap_or_else(|| panic!("{}: nothing has the id of {href}", self.path))
    }
}

/// Every page (`*.html`) of a built site, by its path below the output folder.
fn pages(out: &Path) -> BTreeMap<String, Page> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let html = std::fs::read_to_string(e.path()).unwrap();
            (rel.clone(), Page::parse(&rel, &html))
        })
        .collect()
}

/// `href` (relative to the page at `from`) as a path below the site root and a fragment.
fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let href = percent_decoded(href);
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href.as_str(), None),
    };
    if path.is_empty() {
        return (from.to_string(), fragment);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        joined.push_str("/index.html");
    }
    (joined, fragment)
}

/// Every id on every page is unique; every link to `#x` (on the page or on another page
/// of the site) and every `aria-labelledby`, `aria-controls`, `aria-describedby` and
/// `for` names an id that is there. Returns the problems found, one line each.
fn id_problems(pages: &BTreeMap<String, Page>) -> Vec<String> {
    let mut problems = Vec::new();
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|(p, page)| (p.as_str(), page.ids().into_iter().map(|(i, _)| i).collect()))
        .collect();
    for (path, page) in pages {
        let mut seen = BTreeSet::new();
        for (id, e) in page.ids() {
            if !seen.insert(id) {
                problems.push(format!(
                    "{path}: the id `{id}` is used twice (again on <{}>)",
                    e.name
                ));
            }
        }
        for error in &page.errors {
            problems.push(format!("{path}: {error}"));
        }
        for e in &page.elements {
            for attr in [
                "aria-labelledby",
                "aria-controls",
                "aria-describedby",
                "for",
            ] {
                for id in e
                    .attrs
                    .get(attr)
                    .into_iter()
                    .flat_map(|v| v.split_whitespace())
                {
                    if !ids[path.as_str()].contains(id) {
                        problems.push(format!("{path}: {attr}=\"{id}\" names no element"));
                    }
                }
            }
            let Some(href) = e.attrs.get("href").filter(|_| e.name == "a") else {
                continue;
            };
            if href.contains(':') || href.starts_with("//") {
                continue;
            }
            let (target, fragment) = resolve(path, href);
            let Some(fragment) = fragment else { continue };
            let Some(there) = ids.get(target.as_str()) else {
                problems.push(format!("{path}: {href} goes to a page that was not built"));
                continue;
            };
            if !there.contains(fragment.as_str()) {
                problems.push(format!("{path}: {href}: {target} has no id `{fragment}`"));
            }
        }
    }
    problems
}

/// `(place, message)` of every diagnostic in `stderr`: `("content/x.md:3:4", "…")`.
fn diagnostics(stderr: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line
            .strip_prefix("warning: ")
            .or_else(|| line.strip_prefix("error: "))
        else {
            continue;
        };
        if let Some(place) = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        {
            found.push((place.to_string(), message.to_string()));
        }
    }
    found
}

// ---- 1. raw_html: false lets no HTML through ---------------------------------------------

const HOSTILE_FIXTURE: &str = "render-raw-html-off";

/// What must never reach a page from Markdown with `raw_html: false`: an event handler,
/// a `style` attribute or element, a script, or a `javascript:` address. The theme's own
/// `<script src=…search.js>` and JSON-LD block, and the print `<style>` in the `<head>`,
/// are not from Markdown and are allowed.
fn html_from_markdown(page: &Page) -> Vec<String> {
    let mut found = Vec::new();
    for e in &page.elements {
        for (name, value) in &e.attrs {
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if name.starts_with("on")
                || name == "style"
                || name == "autofocus"
                || name == "tabindex" && e.name.starts_with('h')
                || squeezed.starts_with("javascript:")
                || squeezed.starts_with("vbscript:")
                || squeezed.starts_with("data:text/html")
            {
                found.push(format!("{}: <{} {name}=\"{value}\">", page.path, e.name));
            }
        }
        let theme_script = e.name == "script"
            && (e.attrs.get("src").is_some_and(|s| s.ends_with("search.js"))
                || e.attrs
                    .get("type")
                    .is_some_and(|t| t == "application/ld+json"));
        let theme_form = e.name == "form" && e.attrs.get("role").is_some_and(|r| r == "search");
        let dangerous = match e.name.as_str() {
            "script" => !theme_script,
            "style" | "link" | "meta" | "base" => e.in_body,
            "form" => !theme_form,
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "textarea"
            | "select" | "button" => true,
            _ => false,
        };
        if dangerous {
            found.push(format!("{}: an element <{}>", page.path, e.name));
        }
    }
    found
}

#[test]
fn raw_html_off_publishes_no_html_from_markdown_and_warns_at_each_attribute() {
    let site = Site::copy(HOSTILE_FIXTURE);
    let run = site.build();
    run.assert_ok();
    let file = "content/conditions/neck-pain.md";
    let handler = |name: &str| {
        format!(
            "the heading attribute `{name}` was left out: with `raw_html: false` a heading may only have an id (`{{#name}}`) and classes (`{{.name}}`)"
        )
    };
    let expected: Vec<(String, String)> = [
        ("content/_index.md:3:19", handler("onmouseover")),
        (&format!("{file}:9:13"), handler("onclick")),
        (&format!("{file}:11:12"), handler("style")),
        (&format!("{file}:13:11"), handler("autofocus")),
        (&format!("{file}:13:21"), handler("onfocus")),
        (
            &format!("{file}:17:15"),
            "the class `a:b` was left out: a class is letters (a to z), digits, `-` and `_`".into(),
        ),
        (
            &format!("{file}:19:15"),
            "`id=sneaky` was left out: a heading's id is written `#sneaky`".into(),
        ),
        (
            &format!("{file}:19:25"),
            "`class=x` was left out: a heading's class is written `.x`".into(),
        ),
        (
            &format!("{file}:21:12"),
            "the heading id `no--dashes` cannot be used: an id is letters, digits, `-` and `_`, with no `--` and no `-` at its start or end".into(),
        ),
        (
            &format!("{file}:23:13"),
            "this heading has more than one id; only the last one, `#second`, is used".into(),
        ),
        (&format!("{file}:25:17"), handler("onclick")),
        (&format!("{file}:28:14"), handler("tabindex")),
        ("content/safety/see-a-doctor.md:8:18", handler("onclick")),
        ("content/techniques/gentle-stroking.md:10:21", handler("onclick")),
    ]
    .into_iter()
    .map(|(p, m)| (p.to_string(), m))
    .collect();
    assert_eq!(diagnostics(&run.stderr), expected, "{}", run.stderr);
    // One in full: the caret under the attribute, and how to fix it.
    assert!(
        run.stderr.contains(
            "warning: the heading attribute `onclick` was left out: with `raw_html: false` a heading may only have an id (`{#name}`) and classes (`{.name}`)
 --> content/conditions/neck-pain.md:9:13
  |
9 | ## Call us {onclick=alert(1)}
  |             ^^^^^^^^^^^^^^^^
  |
help: remove `onclick=alert(1)` from the heading; if everyone who writes this site may add HTML, set `raw_html: true` under `markdown:` in site.yaml
"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.ends_with("(14 warnings)\n"), "{}", run.stdout);

    let pages = pages(&site.out());
    let found: Vec<String> = pages.values().flat_map(html_from_markdown).collect();
    assert_eq!(found, Vec::<String>::new());
    // What is kept: the id and plain classes, checked; a bad id gives way to the anchor.
    let page = &pages["conditions/neck-pain/index.html"];
    let kept = page.by_id("kept-id").expect("the custom id");
    assert_eq!(
        (
            kept.name.as_str(),
            kept.attrs.get("class").map(String::as_str)
        ),
        ("h2", Some("note big_one"))
    );
    assert_eq!(
        page.by_id("bad-class")
            .unwrap()
            .attrs
            .get("class")
            .map(String::as_str),
        Some("ok")
    );
    assert_eq!(page.by_id("bad-id").unwrap().text, "Bad id");
    assert_eq!(page.by_id("second").unwrap().text, "Two ids");
    for (id, text) in [
        ("call-us", "Call us"),
        ("focus", "Focus"),
        ("sneaky-id", "Sneaky id"),
        ("setext-heading", "Setext heading"),
    ] {
        let e = page.by_id(id).unwrap_or_else(|| panic!("no #{id}"));
        assert_eq!((e.text.as_str(), e.attrs.len()), (text, 1), "{e:?}");
    }
    // The chapter of a card and the home page obey the same rule.
    let stroking = &pages["techniques/gentle-stroking/index.html"];
    assert_eq!(
        stroking
            .by_id("chapter-heading")
            .unwrap()
            .attrs
            .get("class")
            .map(String::as_str),
        Some("fine")
    );
    assert!(
        !page
            .elements
            .iter()
            .any(|e| e.name == "b" || e.name == "img" && e.attrs["src"] == "x")
    );
    // HTML written in the text is shown as text, as the README says.
    assert!(
        page.elements
            .iter()
            .any(|e| e.name == "p" && e.text.contains("<b onmouseover=\"alert(6)\">inline</b>"))
    );
}

/// With `raw_html: true` the attributes pass as written (escaped), and only `id=`,
/// `class=`, names that are not plain and ids that are not valid are left out.
#[test]
fn raw_html_on_keeps_heading_attributes_as_the_readme_says() {
    let site = Site::copy(HOSTILE_FIXTURE);
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &settings.replace("raw_html: false", "raw_html: true"),
    );
    site.write(
        "content/techniques/gentle-stroking.md",
        "---\ntitle: Gentle stroking\nsummary: Slow, light strokes over the skin.\nsafety: [see-a-doctor]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n## Levels {data-level=2 a\"b=c title=x\"y}\n",
    );
    let run = site.build();
    run.assert_ok();
    let places: Vec<(String, String)> = diagnostics(&run.stderr)
        .into_iter()
        .filter(|(p, _)| p.starts_with("content/techniques"))
        .collect();
    assert_eq!(
        places,
        [(
            "content/techniques/gentle-stroking.md:8:25".to_string(),
            "the heading attribute `a\"b` was left out: an attribute's name is letters (a to z), digits, `-`, `_`, `.` and `:`".to_string()
        )]
    );
    let pages = pages(&site.out());
    let heading = pages["techniques/gentle-stroking/index.html"]
        .by_id("levels")
        .unwrap()
        .clone();
    assert_eq!(
        heading.attrs,
        BTreeMap::from([
            ("data-level".to_string(), "2".to_string()),
            ("id".to_string(), "levels".to_string()),
            ("title".to_string(), "x\"y".to_string()),
        ])
    );
    let neck = &pages["conditions/neck-pain/index.html"];
    assert_eq!(
        neck.by_id("call-us")
            .unwrap()
            .attrs
            .get("onclick")
            .map(String::as_str),
        Some("alert(1)")
    );
    assert!(!neck.by_id("sneaky-id").unwrap().attrs.contains_key("class"));
}

/// Every place Markdown can write HTML or an attribute, hostile, with `raw_html: false`:
/// one page per input, built at once; none may publish HTML from the Markdown.
#[test]
fn hostile_markdown_table_with_raw_html_off() {
    const INPUTS: &[&str] = &[
        "## Call us {onclick=alert(1)}",
        "## Call us {onClick=alert(1) .x}",
        "## Styled {style=color:red}",
        "## Focus {autofocus onfocus=alert(1)}",
        "## Quoted {#x\"onmouseover=\"alert(1)}",
        "## Entity {#x&quot;onclick&#61;alert(1)}",
        "Setext {onclick=alert(1)}\n===",
        "> ## In a quote {onclick=alert(1)}",
        "- ## In a list {onclick=alert(1)}",
        "| a |\n|---|\n| b |\n\n## After a table {onclick=alert(1)}",
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        "<div style=\"color:red\" onclick=\"alert(1)\">x</div>",
        "<!-- x --><img src=x onerror=alert(1)>",
        "Text <img src=x onerror=alert(1)> text",
        "Text <a href=\"javascript:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<style>body{display:none}</style>",
        "[x](https://example.org/ \"a\\\" onclick=\\\"alert(1)\")",
        "[x](https://example.org/ 'a\" onclick=\"alert(1)')",
        "![a\" onerror=\"alert(1)](../../static/x.png)",
        "![<img src=x onerror=alert(1)>](../../static/x.png \"t\\\" onload=\\\"x\")",
        "A[^a\" onclick=\"alert(1)]\n\n[^a\" onclick=\"alert(1)]: b",
        "A[^<script>]\n\n[^<script>]: b",
        "```\" onclick=\"alert(1)\ncode\n```",
        "```<script>\ncode\n```",
        "---\ntitle: x\n---\n\n## Meta {onclick=alert(1)}",
        "$<img src=x onerror=alert(1)>$ and $$<script>x</script>$$",
        "[[x\" onclick=\"alert(1)|text]]",
        "`<script>alert(1)</script>`",
        "&lt;script&gt; &#60;script&#62;",
    ];
    let site = Site::copy(HOSTILE_FIXTURE);
    for (i, input) in INPUTS.iter().enumerate() {
        site.write(
            &format!("content/conditions/case-{i:02}.md"),
            &format!("---\ntitle: Case {i}\nsummary: A hostile input.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n{input}\n"),
        );
    }
    let run = site.build();
    // A wikilink to a page that does not exist stops the build: drop that case and go on.
    let run = if run.code == Some(1) {
        assert!(run.stderr.contains("case-29.md"), "{}", run.stderr);
        let errors: Vec<_> = diagnostics(&run.stderr)
            .into_iter()
            .filter(|(p, m)| {
                p.contains("case-") && !m.contains("left out") && !m.contains("cannot be used")
            })
            .collect();
        assert!(
            errors.iter().all(|(p, _)| p.contains("case-29.md")),
            "{errors:?}"
        );
        std::fs::remove_file(site.path().join("content/conditions/case-29.md")).unwrap();
        site.build()
    } else {
        run
    };
    run.assert_ok();
    let pages = pages(&site.out());
    let mut found = Vec::new();
    for (i, input) in INPUTS.iter().enumerate() {
        if let Some(page) = pages.get(&format!("conditions/case-{i:02}/index.html")) {
            found.extend(
                html_from_markdown(page)
                    .into_iter()
                    .map(|f| format!("{input:?}: {f}")),
            );
        }
    }
    assert_eq!(found, Vec::<String>::new());
    assert_eq!(id_problems(&pages), Vec::<String>::new());
}

/// `javascript:` and other unsafe addresses are refused before anything is written,
/// however they are spelt.
#[test]
fn script_addresses_are_refused_however_they_are_written() {
    for dest in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
    ] {
        let site = Site::copy(HOSTILE_FIXTURE);
        site.write(
            "content/conditions/case.md",
            &format!("---\ntitle: Case\nsummary: A hostile input.\n---\n{dest}\n"),
        );
        let run = site.build();
        run.assert_code(1);
        // A reference link is reported at its definition, where it is fixed (line 7).
        let line = if dest.contains("\n[r]:") { 7 } else { 5 };
        assert!(
            diagnostics(&run.stderr).iter().any(|(p, m)| p
                .starts_with(&format!("content/conditions/case.md:{line}:"))
                && m.contains("links are not allowed")),
            "{dest}: {}",
            run.stderr
        );
        assert!(!site.out().exists(), "{dest}: nothing is written");
    }
}

// ---- 2. ids: unique on every page, and in-page links land -------------------------------

/// The fixtures whose built pages are checked for ids and in-page links.
const ID_FIXTURES: &[&str] = &[
    "render-ids",
    "render-raw-html-off",
    "basic",
    "handouts",
    "custom-kind",
];

#[test]
fn every_id_is_unique_and_every_in_page_link_lands_on_every_built_page() {
    let mut checked = 0;
    let mut sites: Vec<(String, Site)> = ID_FIXTURES
        .iter()
        .map(|f| (f.to_string(), Site::copy(f)))
        .collect();
    sites.push(("the example".into(), Site::example()));
    for (name, site) in &sites {
        site.build().assert_ok();
        let pages = pages(&site.out());
        assert!(pages.len() > 3, "{name}: {} pages", pages.len());
        checked += pages.len();
        assert_eq!(id_problems(&pages), Vec::<String>::new(), "{name}");
    }
    assert!(checked > 60, "{checked} pages");
}

#[test]
fn in_page_links_reach_what_their_author_meant() {
    let site = Site::copy("render-ids");
    site.build().assert_ok();
    let pages = pages(&site.out());

    // An entry page: headings named like the theme's ids keep their anchors.
    let whiplash = &pages["conditions/whiplash/index.html"];
    let main = whiplash.target_of("the main part");
    assert_eq!((main.name.as_str(), main.text.as_str()), ("h2", "Main"));
    let note = whiplash.target_of("the note");
    assert_eq!((note.name.as_str(), note.text.as_str()), ("h2", "Note"));
    for (id, text) in [
        ("search", "Search"),
        ("safety", "Safety"),
        ("sources", "Sources"),
        ("related-1", "Related 1"),
        ("urgent", "Urgent"),
        ("page-search-q", "Page search q"),
        ("fn-note", "Fn note"),
    ] {
        assert_eq!(
            whiplash.by_id(id).map(|e| e.text.as_str()),
            Some(text),
            "#{id}"
        );
    }
    // The skip link goes to <main>, the theme's sections keep their labels.
    assert_eq!(whiplash.target_of("Skip to main content").name, "main");
    assert_eq!(whiplash.by_id("page--safety").unwrap().text, "Safety");
    // Footnotes: `[^note]` and `[^Note]` are one note, next to a heading "Note"; a label
    // defined twice gives two notes with ids of their own.
    let refs: Vec<&String> = whiplash
        .elements
        .iter()
        .filter(|e| e.name == "a" && e.attrs.get("href").is_some_and(|h| h.starts_with("#fn--")))
        .map(|e| &e.attrs["href"])
        .collect();
    assert_eq!(refs, ["#fn--note", "#fn--note", "#fn--dup"]);
    // Listed under Sources, numbered by the list, with a way back to each citation.
    assert_eq!(
        whiplash.by_id("fn--note").unwrap().text,
        "The first note. ↩ ↩"
    );
    assert_eq!(whiplash.by_id("fn--dup").unwrap().text, "Said once. ↩");
    assert_eq!(whiplash.by_id("fn--dup-1").unwrap().text, "Said twice.");
    assert_eq!(
        whiplash.by_id("fnref--note-2").unwrap().attrs["href"],
        "#fn--note"
    );
    // The urgent card shows the note's body: its ids and footnotes are the note's own.
    let card = whiplash.by_id("note-get-help--main").unwrap();
    assert_eq!(card.text, "Main");
    assert!(whiplash.by_id("note-get-help--fn--note").is_some());

    // A link from another page to a heading named like the theme's ids.
    let stroking = &pages["techniques/gentle-stroking/index.html"];
    let to_note = &stroking.links_named("Whiplash")[1].attrs["href"];
    assert_eq!(to_note, "../../conditions/whiplash/index.html#note");

    // A handout: its introduction's headings keep their anchors; chapters are
    // `chapter--SLUG`, their headings `chapter--SLUG--HEADING`; no id meets another.
    let leaflet = &pages["handouts/leaflet/index.html"];
    let top = leaflet.target_of("the top");
    assert_eq!((top.name.as_str(), top.text.as_str()), ("h2", "Main"));
    let contents = leaflet.target_of("Your first visit");
    assert_eq!(
        (contents.name.as_str(), contents.text.as_str()),
        ("h2", "Contents")
    );
    assert_eq!(
        leaflet.by_id("chapter-whiplash").unwrap().text,
        "Chapter whiplash"
    );
    assert_eq!(leaflet.by_id("chapter--whiplash").unwrap().name, "section");
    let whiplash_links: Vec<&str> = leaflet
        .links_named("Whiplash")
        .iter()
        .map(|e| e.attrs["href"].as_str())
        .collect();
    // The contents, the introduction's two links, then the links of the chapter on
    // gentle stroking: each stays inside the document.
    assert_eq!(
        whiplash_links,
        [
            "#chapter--whiplash",
            "#chapter--whiplash",
            "#chapter--whiplash--note",
            "#chapter--whiplash",
            "#chapter--whiplash--note",
            "#chapter--whiplash--main",
        ]
    );
    let chapter_note = leaflet.by_id("chapter--whiplash--note").unwrap();
    assert_eq!(
        (chapter_note.name.as_str(), chapter_note.text.as_str()),
        ("h3", "Note")
    );
    let stroking: Vec<&str> = leaflet
        .links_named("Gentle stroking")
        .iter()
        .map(|e| e.attrs["href"].as_str())
        .collect();
    assert_eq!(
        stroking,
        [
            "#chapter--gentle-stroking",
            "#chapter--gentle-stroking--main"
        ]
    );
    // Each chapter's footnotes are its own.
    for id in [
        "fn--note",
        "chapter--whiplash--fn--note",
        "chapter--gentle-stroking--fn--note",
        "chapter--get-help--fn--note",
    ] {
        assert!(leaflet.by_id(id).is_some(), "#{id}");
    }
}

// ---- 3. printed link targets --------------------------------------------------------------

/// `(link text, data-print-url)` of every link in the body of the page.
fn print_urls(page: &Page) -> Vec<(String, Option<String>)> {
    page.elements
        .iter()
        .filter(|e| e.name == "a" && e.in_body)
        .map(|e| (e.text.clone(), e.attrs.get("data-print-url").cloned()))
        .collect()
}

#[test]
fn printed_links_show_full_web_addresses_only_with_a_base_url() {
    let site = Site::copy("basic");
    site.write(
        "content/benefits/range-of-motion.md",
        &(std::fs::read_to_string(site.path().join("content/benefits/range-of-motion.md"))
            .unwrap()
            + "\nSee [our page](https://example.org/x) or [[whiplash#symptoms]].\n"),
    );
    site.build().assert_ok();
    let built = pages(&site.out());
    let whiplash = print_urls(&built["conditions/whiplash/index.html"]);
    let expect = |text: &str| -> Option<String> {
        whiplash
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("no link {text:?} in {whiplash:?}"))
            .1
            .clone()
    };
    assert_eq!(
        expect("deep work").as_deref(),
        Some("https://clinic.example/info/techniques/deep-tissue/#what-happens")
    );
    assert_eq!(
        expect("the range page").as_deref(),
        Some("https://clinic.example/info/benefits/range-of-motion/")
    );
    assert_eq!(expect("the top"), None, "a link inside the page");
    // Every address shown is a full one, never a path.
    for page in built.values() {
        for (text, url) in print_urls(page) {
            if let Some(url) = url {
                assert!(
                    url.starts_with("https://")
                        || url.starts_with("mailto:")
                        || url.starts_with("tel:"),
                    "{}: {text}: {url}",
                    page.path
                );
            }
        }
    }
    let css = std::fs::read_to_string(site.out().join("style.css")).unwrap();
    assert!(
        css.contains(
            "main a[data-print-url]::after {\n    content: \" (\" attr(data-print-url) \")\";"
        ),
        "the print rule"
    );
    assert!(!css.contains("attr(href)"), "no rule prints a link's href");

    // Without a base_url: links inside the site show nothing; others their address.
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let settings: String = settings
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("site.yaml", &settings);
    site.build().assert_ok();
    let built = pages(&site.out());
    let range = print_urls(&built["benefits/range-of-motion/index.html"]);
    let body: Vec<&(String, Option<String>)> = range
        .iter()
        .filter(|(t, _)| t == "our page" || t == "Whiplash")
        .take(2)
        .collect();
    assert_eq!(
        body,
        [
            &(
                "our page".to_string(),
                Some("https://example.org/x".to_string())
            ),
            &("Whiplash".to_string(), None)
        ]
    );
    for page in built.values() {
        for (text, url) in print_urls(page) {
            assert!(
                url.as_deref()
                    .is_none_or(|u| u.starts_with("https://example.org")),
                "{}: {text}: {url:?}",
                page.path
            );
        }
    }
}

/// The printed page itself, when Chromium is here: the full address after a link, and no
/// relative path anywhere.
#[test]
fn a_printed_page_shows_full_addresses_in_chromium() {
    let Some(chromium) = tool("/usr/bin/chromium", "Chromium") else {
        return;
    };
    if tool("/usr/bin/pdftotext", "pdftotext").is_none() {
        return;
    }
    let site = Site::copy("basic");
    site.build().assert_ok();
    let text = print_to_text(
        &chromium,
        &site.out().join("conditions/whiplash/index.html"),
    );
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // (pdftotext may join the address where it broke across lines at a hyphen.)
    assert!(
        flat.contains("deep work (https://clinic.example/info/techniques/deep-tissue/#what"),
        "{flat}"
    );
    assert!(
        flat.contains("the range page (https://clinic.example/info/benefits/range-of-motion/)"),
        "{flat}"
    );
    assert!(
        !flat.contains("../") && !flat.contains("index.html"),
        "{flat}"
    );
}

/// `path` if it is there; else says the test is skipped (and fails under `CI`).
#[track_caller]
fn tool(path: &str, name: &str) -> Option<PathBuf> {
    let missing = (!Path::new(path).is_file()).then(|| format!("{name} is not installed ({path})"));
    ready("printing with Chromium", missing).then(|| PathBuf::from(path))
}

/// A page printed by Chromium to PDF, as pdftotext reads it.
fn print_to_text(chromium: &Path, page: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("page.pdf");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.success() && pdf.is_file(),
        "Chromium printed nothing"
    );
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---- 4. handouts: chapters flow on; each page's footer dates its own text ---------------

const FLOW_FIXTURE: &str = "render-handout-flow";
const LEAFLET: &str = "content/handouts/short-leaflet.md";

/// The leaflet of the flow fixture with `page_break: chapters` added.
fn ask_for_new_pages(site: &Site) {
    let text = std::fs::read_to_string(site.path().join(LEAFLET)).unwrap();
    site.write(
        LEAFLET,
        &text.replacen("---\n", "---\npage_break: chapters\n", 1),
    );
}

#[test]
fn handout_chapters_flow_on_unless_the_handout_asks_for_new_pages() {
    let site = Site::copy(FLOW_FIXTURE);
    site.build().assert_ok();
    let css = std::fs::read_to_string(site.out().join("style.css")).unwrap();
    let print = &css[css.find("@media print").unwrap()..];
    for rule in [
        ".handout-breaks .chapter { break-before: page;",
        ".chapter-kind, .chapter > h2, .chapter > .lead { break-after: avoid; }",
        ".chapter > .lead, .chapter .body > :first-child { break-before: avoid; }",
        ".chapter-foot { break-before: avoid; }",
    ] {
        assert!(print.contains(rule), "{rule}");
    }
    let chapter = print
        .lines()
        .find(|l| l.trim_start().starts_with(".chapter {"))
        .unwrap();
    assert!(!chapter.contains("break-before"), "{chapter}");
    let callouts = print
        .lines()
        .find(|l| l.contains("break-inside: avoid") && l.contains(".callout"))
        .unwrap();
    assert!(
        callouts.contains("figure") && callouts.contains(".help-card"),
        "{callouts}"
    );

    let flowing = site.read_out("handouts/short-leaflet/index.html");
    assert!(!flowing.contains("handout-breaks") && !flowing.contains("@page chapter-"));
    assert!(
        flowing.contains("@bottom-right { content: none; }"),
        "a browser cannot date a page of a flowing handout"
    );
    assert!(!flowing.contains(" style=\""), "no inline styles");

    ask_for_new_pages(&site);
    site.build().assert_ok();
    let breaking = site.read_out("handouts/short-leaflet/index.html");
    assert!(breaking.contains("<article class=\"handout handout-breaks\">"));
    assert!(breaking.contains("@bottom-right { content: \"Reviewed 1 November 2026\"; }"));
    assert!(
        breaking
            .contains("@page chapter-2 { @bottom-right { content: \"Reviewed 15 March 2026\"; } }")
    );
    assert!(breaking.contains(".chapter-page-2 { page: chapter-2; }"));
    assert!(
        breaking
            .contains("<section class=\"chapter chapter-page-2\" id=\"chapter--gentle-stroking\"")
    );

    // Anything else is an error at its place.
    let text = std::fs::read_to_string(site.path().join(LEAFLET)).unwrap();
    site.write(
        LEAFLET,
        &text.replace("page_break: chapters", "page_break: always"),
    );
    let run = site.build();
    run.assert_code(1);
    let found = diagnostics(&run.stderr);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert!(
        found[0]
            .0
            .starts_with("content/handouts/short-leaflet.md:2:"),
        "{found:?}"
    );
    assert_eq!(
        found[0].1, "front matter: `page_break` is `none` or `chapters`",
        "{}",
        run.stderr
    );
}

/// One page of a PDF as pdftotext reads it.
struct PrintedPage {
    number: u32,
    lines: Vec<String>,
    /// What the running footer says after "Page X of Y": "Reviewed 1 June 2026".
    footer_date: String,
}

fn printed_pages(pdf: &Path) -> Vec<PrintedPage> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .map(|(i, page)| {
            let lines: Vec<String> = page
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            let number = i as u32 + 1;
            let marker = format!("Page {number} of ");
            let footer_date = lines
                .iter()
                .find(|l| l.contains(&marker))
                .map(|l| {
                    let after = &l[l.find(&marker).unwrap() + marker.len()..];
                    after.split_once(' ').map_or("", |(_, d)| d).to_string()
                })
                .unwrap_or_default();
            PrintedPage {
                number,
                lines,
                footer_date,
            }
        })
        .collect()
}

/// The date after `prefix` at the start of `line`: "Reviewed 1 June 2026 by …" -> "1 June 2026".
fn date_after(line: &str, prefix: &str) -> Option<String> {
    let rest = line.strip_prefix(prefix)?;
    let words: Vec<&str> = rest.split_whitespace().take(3).collect();
    (words.len() == 3 && words[0].parse::<u32>().is_ok()).then(|| words.join(" "))
}

/// Checks a handout's PDF against its own text: every page but the cover has a footer
/// whose review date is the oldest of the texts on the page, where a chapter's text runs
/// from the page the contents give for it to the page of its review line, and the
/// handout's own from the contents to the first chapter and on the last page (the site's
/// footer); and no page ends with a chapter's title. Returns the page count.
fn check_handout_pdf(pdf: &Path) -> u32 {
    let pages = printed_pages(pdf);
    let count = pages.len() as u32;
    // From the contents ("3. Title ..... 4"): each chapter's title and first page.
    let contents: Vec<(String, u32)> = pages[1]
        .lines
        .iter()
        .filter_map(|l| {
            let (number, rest) = l.split_once(". ")?;
            number.parse::<u32>().ok()?;
            let (title, page) = rest.rsplit_once(' ')?;
            Some((title.to_string(), page.parse().ok()?))
        })
        .collect();
    assert!(!contents.is_empty(), "{:?}", pages[1].lines);
    let titles: Vec<&str> = contents.iter().map(|(t, _)| t.as_str()).collect();
    let starts: Vec<u32> = contents.iter().map(|(_, p)| *p).collect();
    // Each chapter's review line, in order: its page and date.
    let feet: Vec<(u32, String)> = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .filter(|l| !l.contains(&format!("Page {} of", p.number)))
                .filter_map(|l| {
                    date_after(l, "Reviewed ").or_else(|| {
                        l.starts_with("Not reviewed by a clinician yet")
                            .then(|| "0 January 0".to_string())
                    })
                })
                .map(move |d| (p.number, d))
        })
        .collect();
    assert_eq!(feet.len(), contents.len(), "review lines: {feet:?}");
    let own = pages
        .iter()
        .flat_map(|p| &p.lines)
        .find_map(|l| date_after(l, "Page last reviewed "))
        .expect("the handout's review line");
    assert!(pages[0].footer_date.is_empty(), "the cover has no footer");
    for page in &pages[1..] {
        let n = page.number;
        let mut dates: Vec<&String> = Vec::new();
        // The introduction runs on to the first chapter's page unless that chapter starts
        // the page (its kind, then its title, as the first lines).
        let chapter_first = page.lines.get(1).is_some_and(|l| *l == titles[0]);
        if n < starts[0] || (n == starts[0] && !chapter_first) || n == 2 || n == count {
            dates.push(&own);
        }
        for (start, (end, date)) in starts.iter().zip(&feet) {
            if (*start..=*end).contains(&n) {
                dates.push(date);
            }
        }
        let oldest = dates.iter().min_by_key(|d| human_date_key(d)).unwrap();
        let expected = if oldest.starts_with("0 ") {
            "Not reviewed yet".to_string()
        } else {
            format!("Reviewed {oldest}")
        };
        assert_eq!(
            page.footer_date,
            expected,
            "{}: page {n}: {:?}",
            pdf.display(),
            page.lines
        );
        // The last line of text before the footer is never a chapter's title.
        let body: Vec<&String> = page
            .lines
            .iter()
            .filter(|l| !l.contains(&format!("Page {n} of")))
            .collect();
        if let Some(last) = body.last() {
            assert!(
                !titles.contains(&last.as_str()),
                "page {n} ends with the title {last:?}"
            );
        }
    }
    count
}

/// Chromium and pdfinfo/pdftotext, or `None` after saying the test is skipped.
fn pdf_tools() -> Option<PathBuf> {
    let chromium = tool("/usr/bin/chromium", "Chromium")?;
    tool("/usr/bin/pdftotext", "pdftotext")?;
    Some(chromium)
}

/// `build --pdf` of the flow fixture: its leaflet's page count (checked by
/// [`check_handout_pdf`]) and the date in each page's footer.
fn pdf_footers(site: &Site, chromium: &Path) -> (u32, Vec<String>) {
    site.build_pdf_with(chromium).assert_ok();
    let pdf = site.out().join("handouts/short-leaflet.pdf");
    let pages = check_handout_pdf(&pdf);
    let footers = printed_pages(&pdf)
        .into_iter()
        .map(|p| p.footer_date)
        .collect();
    (pages, footers)
}

#[test]
fn a_flowing_handout_pdf_dates_each_page_by_its_oldest_text() {
    let Some(chromium) = pdf_tools() else { return };
    let site = Site::copy(FLOW_FIXTURE);
    let (pages, footers) = pdf_footers(&site, &chromium);
    assert_eq!(
        pages, 3,
        "four short chapters share the pages after the cover"
    );
    assert_eq!(
        footers,
        ["", "Reviewed 15 March 2026", "Reviewed 30 June 2026"]
    );

    ask_for_new_pages(&site);
    let (pages, footers) = pdf_footers(&site, &chromium);
    assert_eq!(pages, 6, "the cover, the contents, then a page per chapter");
    assert_eq!(
        footers,
        [
            "",
            "Reviewed 1 November 2026",
            "Reviewed 1 September 2026",
            "Reviewed 15 March 2026",
            "Reviewed 10 October 2026",
            "Reviewed 30 June 2026",
        ]
    );
}

/// The example's handouts: fewer pages than when every chapter took a new page (9 and
/// 12 on A4), and every page's footer dates its own text.
#[test]
fn the_example_handouts_flow_and_date_each_page() {
    let Some(chromium) = pdf_tools() else { return };
    let site = Site::example();
    let settings = site.read("site.yaml");
    site.write("site.yaml", &format!("{settings}\nbase_url: {BASE_URL}\n"));
    site.build_pdf_with(&chromium).assert_ok();
    for (name, before) in [("first-visit", 9), ("trainee-module-1", 12)] {
        let pdf = site.out().join(format!("handouts/{name}.pdf"));
        let pages = check_handout_pdf(&pdf);
        say(&format!(
            "{name}.pdf: {pages} pages (each chapter on a new page: {before})"
        ));
        assert!(pages < before, "{name}: {pages} pages");
    }
}
