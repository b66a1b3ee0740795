use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::incremental::tests::Served;

/// A view field that `crate::incremental` knows nothing of (`EntryView::linked_bodies`,
/// test builds only: the text of every entry an entry lists, which the default theme never
/// shows) is read through the page's reader like every other, so `serve` renders the page
/// again when a listed entry's body changes, and gives what a full build gives.
#[test]
fn a_new_view_field_is_recorded_and_its_page_rendered_again() {
    let entry = "{% extends \"base.html\" %}{% block content %}<h1>{{ entry.title }}</h1>\
         {% for text in entry.linked_bodies %}<pre>{{ text }}</pre>{% endfor %}{% endblock content %}";
    // The field is there only with this template, so other tests are unchanged.
    let mut served = Served::with_files(
        "basic",
        &[
            ("templates/linked-bodies.html", ""),
            ("templates/entry.html", entry),
        ],
    );
    let whiplash = "conditions/whiplash/index.html";
    assert!(
        served
            .page(whiplash)
            .contains("The therapist works slowly.")
    );
    // Whiplash lists deep tissue massage, whose text its page shows. `edit` checks every
    // page against a full build of the edited site.
    let deep = "content/techniques/deep-tissue.md";
    let text = served.read(deep);
    served.edit(deep, Some(&format!("{text}\nA new sentence.\n")));
    assert!(served.page(whiplash).contains("A new sentence."));
}

/// What a page records is what its view read: a condition's page reads its own entry
/// whole, the entries it lists as links, its safety notes whole (their bodies are shown),
/// and the navigation; not the lists of the home and A–Z pages.
#[test]
fn a_page_records_what_it_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let site = crate::pipeline::fixture("basic").site;
    let config = site.config.clone();
    let theme = Theme::load(&root, &config).unwrap();
    let renderer = Renderer::new(&site, &theme);
    let id = |path: &str| {
        site.entries
            .iter()
            .position(|e| e.path == Path::new(path))
            .unwrap()
    };
    let whiplash = id("content/conditions/whiplash.md");
    let (_, reads) = renderer.render_recorded(&PageJob::Entry(whiplash)).unwrap();
    assert!(reads.contains(&ReadId::Full(whiplash)));
    assert!(reads.contains(&ReadId::Shape));
    assert!(reads.contains(&ReadId::Meta(id("content/techniques/deep-tissue.md"))));
    assert!(reads.contains(&ReadId::Full(id("content/safety/not-a-diagnosis.md"))));
    assert!(reads.contains(&ReadId::Meta(id("content/benefits/range-of-motion.md"))));
    assert!(!reads.contains(&ReadId::Full(id("content/benefits/range-of-motion.md"))));
    assert!(!reads.iter().any(|r| matches!(
        r,
        ReadId::Home | ReadId::Kind(_) | ReadId::Topics | ReadId::Recent(_)
    )));
    // Shared views record their reads on every page that takes them, not only the first.
    let (_, again) = renderer.render_recorded(&PageJob::Entry(whiplash)).unwrap();
    assert_eq!(reads, again);
}

/// Every variable a template gets, as a path: `entry.title`, and `[]` for each item of a
/// list (`entry.related[].items[].href`), from the contexts the templates got.
fn variable_paths(value: &serde_json::Value, path: &str, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, field) in fields {
                let path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                into.insert(path.clone());
                variable_paths(field, &path, into);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                variable_paths(item, &format!("{path}[]"), into);
            }
        }
        _ => {}
    }
}

/// The variables docs/templates.md names: the paths in `…` (`entry.related[].label`), not
/// file names (`entry.html`, `site.yaml`), outside code blocks.
fn documented_paths(doc: &str) -> BTreeSet<String> {
    let mut prose = String::new();
    let mut in_block = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
        } else if !in_block {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    let files = [
        "html", "xml", "txt", "yaml", "md", "css", "js", "svg", "png", "json",
    ];
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|token| {
            let segments: Vec<&str> = token.split('.').collect();
            segments.len() > 1
                && !files.contains(segments.last().unwrap_or(&""))
                && segments.iter().all(|s| {
                    let name = s.strip_suffix("[]").unwrap_or(s);
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                })
        })
        .map(str::to_string)
        .collect()
}

/// docs/templates.md names every variable every template gets, and none that no template
/// gets, and its table gives each template's top-level names. The variables are what the
/// templates got, rendering every page of two sites that between them fill every field
/// (the `basic` fixture, and the example with a `base_url`): a field added to a view is
/// found here without anyone listing it, and fails this test until the document names it.
#[test]
fn docs_templates_md_names_every_variable_each_template_gets() {
    // A handout's chapter holds an entry with every field of `entry`: the document says so
    // once, rather than listing each again.
    const SAME_AS: [(&str, &str); 1] = [("handout.chapters[].entry.", "entry.")];
    let same = |path: &str| {
        SAME_AS
            .iter()
            .fold(path.to_string(), |path, (long, short)| {
                path.strip_prefix(long)
                    .map_or(path.clone(), |rest| format!("{short}{rest}"))
            })
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = jiff::civil::date(2026, 11, 27);
    let mut example = crate::pipeline::prepare(repo, false, today, crate::pipeline::Reuse::NONE)
        .unwrap_or_else(|_| panic!("the example site has errors"));
    example.site.config.base_url = "https://clinic.example/info/".into();
    let mut by_template: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for prepared in [crate::pipeline::fixture("basic"), example] {
        let renderer = Renderer::new(&prepared.site, &prepared.theme);
        theme::CONTEXTS.set(Some(Vec::new()));
        for job in page_jobs(&prepared.site) {
            renderer.render(&job).unwrap();
        }
        for (template, context) in theme::CONTEXTS.take().unwrap() {
            variable_paths(&context, "", by_template.entry(template).or_default());
        }
    }
    let doc = std::fs::read_to_string(repo.join("docs/templates.md")).unwrap();
    // `t.KEY`: the interface's texts, documented by the theme's strings/en.yaml (every
    // key, with its English words), which the document names once.
    let english = crate::config::strings::english();
    let not_a_text = |p: &String| match p.strip_prefix("t.") {
        Some(key) => !english.contains_key(key),
        None => true,
    };
    let documented: BTreeSet<String> = documented_paths(&doc)
        .iter()
        .map(|p| same(p))
        .filter(not_a_text)
        .collect();
    let got: BTreeSet<String> = by_template
        .values()
        .flatten()
        .map(|p| same(p))
        .filter(not_a_text)
        .collect();
    let undocumented: Vec<&String> = got
        .iter()
        .filter(|p| p.contains('.') && !documented.contains(*p))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/templates.md does not name these variables (add a line for each): {undocumented:#?}"
    );
    let unknown: Vec<&String> = documented.iter().filter(|p| !got.contains(*p)).collect();
    assert!(
        unknown.is_empty(),
        "docs/templates.md names variables no template gets: {unknown:#?}"
    );
    for (template, paths) in &by_template {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{template}` |")))
            .unwrap_or_else(|| panic!("docs/templates.md's table has no row for {template}"));
        let listed: BTreeSet<&str> = row
            .trim_end_matches('|')
            .rsplit('|')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|name| name.trim().trim_matches('`'))
            .collect();
        let top: BTreeSet<&str> = paths
            .iter()
            .filter(|p| !p.contains(['.', '[']))
            .map(String::as_str)
            .collect();
        assert_eq!(listed, top, "docs/templates.md: what {template} gets");
    }
}
