//! Reading level: Flesch–Kincaid grade of each entry's prose against its audience's target,
//! with Flesch Reading Ease and SMOG alongside, and the page's hardest sentences (up to
//! three, by their own grade, as `hard-sentence` grades them) with their lines.

use super::field_span;
use super::readability::{analyze, sentences};
use super::sentences::{Limits, quote};
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;
use crate::markdown;

/// How many of a page's hardest sentences the finding lists.
const HARDEST: usize = 3;

/// Below this many words the formulas say little; such pages are not graded.
const MIN_WORDS: usize = 40;

/// The reading-level finding about entry `e`, if its prose is above its audience's target.
pub(super) fn entry(site: &Site, e: &Entry) -> Option<Diagnostic> {
    {
        let limits = Limits::of(site, e);
        let (audience, target) = (limits.audience, limits.grade);
        let prose = &e.scan.prose;
        let figures = analyze(prose);
        if figures.words < MIN_WORDS || figures.flesch_kincaid_grade <= target {
            return None;
        }
        // The hardest sentences (by their own grade, which counts their length too), each
        // where the parser found its first word.
        let mut hardest = sentences(prose);
        hardest.sort_by(|a, b| b.grade.total_cmp(&a.grade)); // stable: ties in text order
        hardest.truncate(HARDEST);
        let ats: Vec<usize> = hardest.iter().map(|s| s.range.start).collect();
        let places = markdown::prose_origins(e.body(), &ats);
        // (A span ends at the end of its line.)
        let spans: Vec<Option<Span>> = places
            .iter()
            .map(|at| at.map(|at| Span::at(&e.path, &e.text, e.body_start + at, e.text.len())))
            .collect();
        let span = spans
            .first()
            .cloned()
            .flatten()
            .unwrap_or_else(|| field_span(e, "title"));
        let quoted: Vec<String> = hardest
            .iter()
            .zip(&spans)
            .map(|(s, span)| {
                let line = span
                    .as_ref()
                    .map_or(String::new(), |sp| format!("line {}: ", sp.line));
                format!(
                    "{line}\"{}\" (grade {:.1})",
                    quote(&prose[s.range.clone()]),
                    s.grade
                )
            })
            .collect();
        Some(
            Diagnostic::warning(
                span,
                format!(
                    "reading grade {:.1} is above the {audience} target of {target} (Flesch reading ease {:.1}, SMOG {:.1})",
                    figures.flesch_kincaid_grade, figures.flesch_reading_ease, figures.smog
                ),
            )
            .with_code("reading-level")
            .with_help(format!(
                "use shorter sentences and everyday words; start with the hardest: {}",
                quoted.join("; ")
            )),
        )
    }
}

/// One page's reading figures, for `check --report`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageReading {
    pub audience: &'static str,
    pub file: String,
    /// Flesch–Kincaid grade of its prose.
    pub grade: f64,
    /// Its sentences that are `hard-sentence` findings.
    pub hard_sentences: usize,
    /// Flesch Reading Ease of its prose.
    pub reading_ease: f64,
    pub title: String,
    pub words: usize,
}

/// Whether entry `id` is measured by the reading checks (reading level, hard and long
/// sentences, plain words, claim words): only a page in English is, since every figure and
/// word list is English. Never an English grade of a text in another language.
pub(super) fn measured(site: &Site, id: crate::graph::EntryId) -> bool {
    is_english(&site.config.languages[site.entries[id].language].tag)
}

/// Whether a language tag (`en`, `en-GB`) is English.
fn is_english(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    primary.eq_ignore_ascii_case("en")
}

/// A language of the site whose pages the reading checks do not measure ([`measured`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unmeasured {
    /// The language's name, as the site names it (`Español`).
    pub name: String,
    /// Its tag (`es`).
    pub tag: String,
    /// How many of the site's pages are in it.
    pub pages: usize,
}

/// The site's languages whose pages are not measured, each with how many pages it has, in
/// the order of `site.yaml`; languages with no page are left out.
pub fn unmeasured_languages(site: &Site) -> Vec<Unmeasured> {
    site.config
        .languages
        .iter()
        .enumerate()
        .filter(|(_, l)| !is_english(&l.tag))
        .filter_map(|(lang, l)| {
            let pages = site.entries.iter().filter(|e| e.language == lang).count();
            (pages > 0).then(|| Unmeasured {
                name: l.name.clone(),
                tag: l.tag.clone(),
                pages,
            })
        })
        .collect()
}

/// Every English page's reading figures, hardest first: highest grade, then most hard
/// sentences, then by file. Pages in other languages are not measured ([`measured`]).
pub fn report(site: &Site) -> Vec<PageReading> {
    use rayon::prelude::*;
    let mut pages: Vec<PageReading> = (0..site.entries.len())
        .into_par_iter()
        .filter(|&id| measured(site, id))
        .map(|id| {
            let e = &site.entries[id];
            let prose = &e.scan.prose;
            let figures = analyze(prose);
            let limits = Limits::of(site, e);
            let hard_sentences = sentences(prose)
                .iter()
                .filter(|s| limits.too_long(s) || limits.too_hard(s))
                .count();
            PageReading {
                audience: limits.audience,
                file: e.path.display().to_string(),
                grade: figures.flesch_kincaid_grade,
                hard_sentences,
                reading_ease: figures.flesch_reading_ease,
                title: e.title.clone(),
                words: figures.words,
            }
        })
        .collect();
    pages.sort_by(|a, b| {
        b.grade
            .total_cmp(&a.grade)
            .then(b.hard_sentences.cmp(&a.hard_sentences))
            .then_with(|| a.file.cmp(&b.file))
    });
    pages
}
