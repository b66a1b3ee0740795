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
