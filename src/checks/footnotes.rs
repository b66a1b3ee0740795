//! Footnotes that lead nowhere: a reference to a label neither the page's footnotes nor its
//! `sources:` keys name (`footnote-missing`: the page would show "[^label]"), and a
//! footnote no sentence cites (`footnote-unused`). Each at the place the parser found it
//! ([`crate::markdown::Citations`], from the load stage's one parse of the body).

use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};

/// Whether one of `e`'s `sources:` has the key `label` (case aside, as footnote labels).
pub(super) fn keyed_source(e: &Entry, label: &str) -> bool {
    e.meta.sources.iter().any(|s| {
        s.key
            .as_deref()
            .is_some_and(|k| k.trim().eq_ignore_ascii_case(label))
    })
}

/// The footnote findings about entry `e`.
pub(super) fn entry(e: &Entry) -> Vec<Diagnostic> {
    let citations = &e.scan.citations;
    let keyed = |label: &str| keyed_source(e, label);
    let at = |range: &std::ops::Range<usize>| {
        Span::at(&e.path, &e.text, e.body_start + range.start, range.len())
    };
    let mut found = Vec::new();
    for r in &citations.footnote_refs {
        if r.defined || keyed(&r.label) {
            continue;
        }
        let label = &r.label;
        found.push(
            Diagnostic::warning(
                at(&r.range),
                format!("footnote `[^{label}]` cites a source this page does not have, so the page shows \"[^{label}]\""),
            )
            .with_code("footnote-missing")
            .with_help(format!(
                "write the source at the end of the page (`[^{label}]: NHS: Massage (2024)`), or give one of the page's `sources:` the key (`- {label}: …`); or correct the label"
            )),
        );
    }
    for d in &citations.footnote_defs {
        let cited = citations
            .footnote_refs
            .iter()
            .any(|r| r.label.to_lowercase() == d.label.to_lowercase());
        if cited {
            continue;
        }
        let label = &d.label;
        found.push(
            Diagnostic::warning(
                at(&d.range),
                format!("footnote `[^{label}]` is cited by no sentence of this page"),
            )
            .with_code("footnote-unused")
            .with_help(format!(
                "put `[^{label}]` after the sentence this source supports (`…for many people.[^{label}]`), or remove the footnote"
            )),
        );
    }
    found
}
