//! `carebook serve` renders a page again when something it read changed, whatever part
//! of it the theme shows: a site's own template that shows more of a linked entry than
//! the default theme does is served fresh after that entry changes.

use crate::serve::{get, serve};
use crate::support::Site;

#[test]
fn a_template_that_shows_more_of_a_linked_entry_is_served_fresh() {
    let site = Site::copy("basic");
    // Deep tissue massage is "Used for" whiplash (a computed backlink): the default
    // theme shows the title of each entry there, this template its summary too.
    site.write(
        "templates/entry.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ entry.title }}</h1>\
         {% for group in entry.backlinks %}{% for item in group.items %}\
         <p class=\"used-for\">{{ item.title }}: {{ item.summary }}</p>\
         {% endfor %}{% endfor %}{% endblock content %}",
    );
    let server = serve(&site);
    let deep = || get(server.port, "/techniques/deep-tissue/").2;
    assert!(
        deep().contains("Whiplash: Neck pain and stiffness after a sudden jolt."),
        "{}",
        deep()
    );
    let whiplash = site.path().join("content/conditions/whiplash.md");
    let edited = std::fs::read_to_string(&whiplash).unwrap().replace(
        "summary: Neck pain and stiffness after a sudden jolt.",
        "summary: Neck pain after a car stops suddenly.",
    );
    std::fs::write(&whiplash, &edited).unwrap();
    let line = server.next_line("Rebuilt");
    assert!(line.starts_with("Rebuilt "), "{line}");
    assert!(
        deep().contains("Whiplash: Neck pain after a car stops suddenly."),
        "{}",
        deep()
    );
    // The same bytes again: nothing it read changed, so nothing is rendered.
    std::fs::write(&whiplash, &edited).unwrap();
    let line = server.next_line("No page changed");
    assert!(line.starts_with("No page changed; checked in "), "{line}");
}
