//! Translations that may no longer say what their source says: a source reviewed again
//! after the version a translation was made from (`translation-outdated`), or a
//! translation that does not say which version that was (`translation-missing-date`).
//! Also each entry's translation status in each language, for `check --translations`.
//!
//! Site-wide: a translation's findings depend on its source's review date as well as on
//! its own file. Needs: a resolved site (each translation knows its source).

use serde::Serialize;

use super::field_span;
use crate::dates::human_date;
use crate::diagnostic::Diagnostic;
use crate::graph::{EntryId, Site};

/// The findings about every translation.
pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (id, e) in site.entries.iter().enumerate() {
        if !site.is_translation(id) {
            continue;
        }
        let source = &site.entries[site.source[id]];
        let language = &site.config.languages[e.language].name;
        let source_file = source.path.display();
        match (e.meta.translated_from, source.meta.reviewed) {
            (None, reviewed) => {
                let example = reviewed.map_or_else(|| "2026-10-01".to_string(), |d| d.to_string());
                findings.push(
                    Diagnostic::warning(
                        field_span(e, "translated_from"),
                        format!("this translation into {language} does not say which version of {source_file} it was translated from"),
                    )
                    .with_code("translation-missing-date")
                    .with_help(format!(
                        "add `translated_from: {example}`: the `reviewed` date of the page that was translated, so that carebook can tell you when that page changes"
                    )),
                );
            }
            (Some(from), Some(reviewed)) if reviewed > from => findings.push(
                Diagnostic::warning(
                    field_span(e, "translated_from"),
                    format!(
                        "this translation into {language} may be out of date: it was made from the version of {} reviewed on {}, and {source_file} was reviewed again on {}",
                        source.title,
                        human_date(from),
                        human_date(reviewed)
                    ),
                )
                .with_code("translation-outdated")
                .with_help(format!(
                    "have what changed since {from} translated and the translation reviewed, then set `translated_from: {reviewed}`"
                )),
            ),
            _ => {}
        }
        findings.extend(chapters_in_another_language(site, id));
    }
    findings
}

/// A translated handout prints each chapter in its language where the chapter is
/// translated, and in the chapter's own language where it is not: one warning per such
/// chapter, at the handout, naming it.
fn chapters_in_another_language(site: &Site, id: EntryId) -> Vec<Diagnostic> {
    let e = &site.entries[id];
    if e.kind != site.config.builtin(crate::config::BuiltinKind::Handout) {
        return Vec::new();
    }
    let language = &site.config.languages[e.language];
    site.outgoing[site.source[id]]
        .iter()
        .flat_map(|o| o.targets.iter().copied())
        .filter(|&chapter| site.entries[site.in_language(chapter, e.language)].language != e.language)
        .map(|chapter| {
            let c = &site.entries[chapter];
            let own = &site.config.languages[c.language].name;
            Diagnostic::warning(
                field_span(e, "title"),
                format!(
                    "the chapter \"{}\" ({}) has no translation into {}: this handout prints it in {own}",
                    c.title,
                    c.path.display(),
                    language.name
                ),
            )
            .with_code("translation-missing")
            .with_help(format!(
                "translate it beside its source, as {}, or take it out of the handout",
                crate::content::translation::translated_file(&c.path, &language.tag)
            ))
        })
        .collect()
}

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    UpToDate,
    /// The source was reviewed after the version translated, or the translation does not
    /// say which version it was.
    Outdated,
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::UpToDate => "up to date",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        }
    }
}

/// One entry and its translation status in each of the site's other languages.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationRow {
    pub file: String,
    pub title: String,
    /// By language tag, in the order of `languages:`.
    pub languages: Vec<(String, Status)>,
    #[serde(skip)]
    pub entry: EntryId,
}

/// Every entry of the default language with its status in each other language, in the
/// site's order; empty for a site in one language.
pub fn status_table(site: &Site) -> Vec<TranslationRow> {
    if site.config.languages.len() < 2 {
        return Vec::new();
    }
    (0..site.entries.len())
        .filter(|&id| !site.is_translation(id))
        .map(|id| {
            let e = &site.entries[id];
            let languages = (1..site.config.languages.len())
                .map(|language| {
                    let tag = site.config.languages[language].tag.clone();
                    let translated = site.in_language(id, language);
                    if translated == id {
                        return (tag, Status::Missing);
                    }
                    let from = site.entries[translated].meta.translated_from;
                    let status = match (from, e.meta.reviewed) {
                        (None, _) => Status::Outdated,
                        (Some(from), Some(reviewed)) if reviewed > from => Status::Outdated,
                        _ => Status::UpToDate,
                    };
                    (tag, status)
                })
                .collect();
            TranslationRow {
                file: e.path.display().to_string(),
                title: e.title.clone(),
                languages,
                entry: id,
            }
        })
        .collect()
}
