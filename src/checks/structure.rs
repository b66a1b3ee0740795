//! Structure: a technique with no safety note, and entries nothing links to (orphans).
//!
//! An orphan is an entry (not a handout) that no other page shows a link to in its
//! content. Every link a reader can follow counts, however it was made: the entries a
//! page lists (its related lists, its safety callouts, a handout's chapters with their
//! "on the website" links), the computed inverse lists on the pages it lists ("Used for",
//! "Recommended for": a link there is a link to it, though it was written on the other
//! page), the safety notes shown on a page through an entry it lists with their "before …"
//! links, and the links in the text of an entry or of the home page (a text shown inside
//! another page, as a chapter or a callout, links from there too). The lists that name
//! every entry — the A–Z pages, the topic pages, the home page's lists and the search
//! index — do not count: a reader who finds an entry only there has no way to it from
//! the pages it belongs with. A plain page in the header's menu or the footer is linked
//! from every page.

use std::collections::HashSet;

use super::field_span;
use crate::diagnostic::Diagnostic;
use crate::graph::{EntryId, LinkTarget, Site};

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let safety_kind = site.config.builtin(crate::config::BuiltinKind::Safety);
    for (id, e) in site.entries.iter().enumerate() {
        // A translation's safety notes are its source's, reported there.
        if e.kind == site.config.builtin(crate::config::BuiltinKind::Technique)
            && !site.is_translation(id)
            && !site.safety[id].iter().any(|a| a.via.is_empty())
        {
            findings.push(
                Diagnostic::warning(field_span(e, "title"), "this technique lists no safety note")
                    .with_code("no-safety-note")
                    .with_help("add `safety: [when-not-to-have-a-massage]` or another note that says when it is not suitable"),
            );
        }
    }
    let linked = linked_from_other_pages(site);
    for (id, e) in site.entries.iter().enumerate() {
        let handout = e.kind == site.config.builtin(crate::config::BuiltinKind::Handout);
        let plain = site.config.kinds[e.kind].is_plain_pages();
        // The menu and the footer link a plain page from every page.
        let in_navigation = plain && (e.meta.menu.is_some() || e.meta.footer);
        // A translation is reached from its source, through the language switcher.
        if handout || in_navigation || linked.contains(&id) || site.is_translation(id) {
            continue;
        }
        let help = if plain {
            "readers only find it by searching: add `menu: 1` (the header) or `footer: true` to its front matter, or link to it from another page (`[[slug]]`)".to_string()
        } else {
            let listed_by = if e.kind == safety_kind {
                "list it under `safety:` on the conditions and techniques it applies to"
            } else {
                "link to it from a related page (`[[slug]]`) or list it in a related entry's front matter"
            };
            format!("readers only find it in the A–Z list: {listed_by}")
        };
        findings.push(
            Diagnostic::warning(field_span(e, "title"), "no other page links to this entry")
                .with_code("orphan")
                .with_help(help),
        );
    }
    findings
}

/// The entries that some page other than their own shows a link to (see the module doc).
fn linked_from_other_pages(site: &Site) -> HashSet<EntryId> {
    let mut linked: HashSet<EntryId> = HashSet::new();
    // On page `from`, a link to `to`.
    let mut link = |from: Option<EntryId>, to: EntryId| {
        if from != Some(to) {
            linked.insert(to);
        }
    };
    for page in 0..site.entries.len() {
        for target in site.outgoing[page].iter().flat_map(|o| &o.targets) {
            link(Some(page), *target);
        }
        for source in site.incoming[page].iter().flat_map(|i| &i.sources) {
            link(Some(page), *source);
        }
        for applied in &site.safety[page] {
            link(Some(page), applied.note);
            for via in &applied.via {
                link(Some(page), *via);
            }
        }
        for target in site.links[page].iter().flatten() {
            if let LinkTarget::Entry { id, .. } = target {
                link(Some(page), *id);
            }
        }
    }
    let translated_homes = site.home_translations.iter().flat_map(|t| &t.links);
    for target in site.home_links.iter().chain(translated_homes).flatten() {
        if let LinkTarget::Entry { id, .. } = target {
            link(None, *id);
        }
    }
    linked
}
