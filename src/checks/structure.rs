//! Structure: a technique with no safety note, and entries nothing links to (orphans).

use std::collections::HashSet;

use super::field_span;
use crate::diagnostic::Diagnostic;
use crate::graph::{LinkTarget, Site};

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let safety_kind = site.config.kind_named("safety");
    for (id, e) in site.entries.iter().enumerate() {
        if site.config.is_kind(e.kind, "technique")
            && !site.safety[id].iter().any(|a| a.via.is_empty())
        {
            findings.push(
                Diagnostic::warning(field_span(e, "title"), "this technique lists no safety note")
                    .with_code("no-safety-note")
                    .with_help("add `safety: [when-not-to-have-a-massage]` or another note that says when it is not suitable"),
            );
        }
    }
    // Linked: listed by another entry, or linked from another entry's text or the home page.
    let mut linked: HashSet<usize> = HashSet::new();
    for (source, outgoing) in site.outgoing.iter().enumerate() {
        linked.extend(
            outgoing
                .iter()
                .flat_map(|o| o.targets.iter().copied())
                .filter(|&t| t != source),
        );
    }
    for (source, links) in site.links.iter().enumerate() {
        for target in links.iter().flatten() {
            if let LinkTarget::Entry { id, .. } = target
                && *id != source
            {
                linked.insert(*id);
            }
        }
    }
    for target in site.home_links.iter().flatten() {
        if let LinkTarget::Entry { id, .. } = target {
            linked.insert(*id);
        }
    }
    for (id, e) in site.entries.iter().enumerate() {
        let handout = site.config.is_kind(e.kind, "handout");
        if !handout && !linked.contains(&id) {
            let listed_by = if Some(e.kind) == safety_kind {
                "list it under `safety:` on the conditions and techniques it applies to"
            } else {
                "link to it from a related page (`[[slug]]`) or list it in a related entry's front matter"
            };
            findings.push(
                Diagnostic::warning(field_span(e, "title"), "no other page links to this entry")
                    .with_code("orphan")
                    .with_help(format!("readers only find it in the A–Z list: {listed_by}")),
            );
        }
    }
    findings
}
