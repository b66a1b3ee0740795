//! Reading level: each entry's prose scored in its language's formula against its
//! audience's target (Flesch–Kincaid grade in English, with Flesch Reading Ease and SMOG
//! alongside; see [`ReadingLanguage`] for the others), and the page's hardest sentences (up
//! to three) with their lines. A page in a language carebook has no formula for is not
//! scored at all ([`measured`]). Needs the resolved site (its prose, scanned at load).

use super::field_span;
use super::readability::{Readability, ReadingLanguage, analyze_in, sentences};
use super::sentences::{Limits, quote};
use crate::config::reading::Direction;
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;
use crate::markdown;

/// How many of a page's hardest sentences the finding lists.
const HARDEST: usize = 3;

/// Below this many words the formulas say little; such pages are not graded.
const MIN_WORDS: usize = 40;

/// Is `score` in `language`'s formula harder than `target`?
fn harder(language: ReadingLanguage, score: f64, target: f64) -> bool {
    match language.direction() {
        Direction::Grade => score > target,
        Direction::Ease => score < target,
    }
}

/// `a` before `b` when it is harder to read, in `language`'s formula.
fn hardest_first(language: ReadingLanguage, a: f64, b: f64) -> std::cmp::Ordering {
    match language.direction() {
        Direction::Grade => b.total_cmp(&a),
        Direction::Ease => a.total_cmp(&b),
    }
}

/// The reading-level finding about entry `e`, if its prose is harder than its audience's
/// target in its language's formula.
pub(super) fn entry(site: &Site, e: &Entry) -> Option<Diagnostic> {
    let reading = site.config.languages[e.language].reading?;
    let language = reading.language;
    let audience = Limits::of(site, e).audience;
    let target = reading.targets.of(e.meta.audience);
    let prose = &e.scan.prose;
    let figures = analyze_in(prose, language);
    if figures.words < MIN_WORDS || !harder(language, figures.score, target) {
        return None;
    }
    // The hardest sentences, each where the parser found its first word. In English by
    // their own grade, as `hard-sentence` grades them (it counts their length too); in
    // another language by their own figure, each sentence scored as a text of its own.
    let mut hardest: Vec<(std::ops::Range<usize>, f64)> = sentences(prose)
        .into_iter()
        .map(|s| {
            let score = if language == ReadingLanguage::English {
                s.grade
            } else {
                analyze_in(&prose[s.range.clone()], language).score
            };
            (s.range, score)
        })
        .collect();
    hardest.sort_by(|a, b| hardest_first(language, a.1, b.1)); // stable: ties in text order
    if language != ReadingLanguage::English {
        // Only the sentences that miss the target themselves, and at least the hardest.
        let missing = hardest
            .iter()
            .filter(|s| harder(language, s.1, target))
            .count();
        hardest.truncate(missing.max(1));
    }
    hardest.truncate(HARDEST);
    let ats: Vec<usize> = hardest.iter().map(|(range, _)| range.start).collect();
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
    let short = short_name(language);
    let quoted: Vec<String> = hardest
        .iter()
        .zip(&spans)
        .map(|((range, score), span)| {
            let line = span
                .as_ref()
                .map_or(String::new(), |sp| format!("line {}: ", sp.line));
            format!(
                "{line}\"{}\" ({short} {score:.1})",
                quote(&prose[range.clone()])
            )
        })
        .collect();
    let (message, help) = if language == ReadingLanguage::English {
        (
            format!(
                "reading grade {:.1} is above the {audience} target of {target} (Flesch reading ease {:.1}, SMOG {:.1})",
                figures.flesch_kincaid_grade, figures.flesch_reading_ease, figures.smog
            ),
            "use shorter sentences and everyday words",
        )
    } else {
        (
            message_in(language, &figures, audience, target),
            "use shorter sentences and everyday words",
        )
    };
    Some(
        Diagnostic::warning(span, message)
            .with_code("reading-level")
            .with_help(format!(
                "{help}; start with the hardest: {}",
                quoted.join("; ")
            )),
    )
}

/// What a sentence's figure is called in the list of the hardest.
fn short_name(language: ReadingLanguage) -> &'static str {
    match language {
        ReadingLanguage::English | ReadingLanguage::German => "grade",
        ReadingLanguage::Italian => "Gulpease",
        _ => "ease",
    }
}

/// The finding's message for a page in `language`, other than English: its figure, which
/// way it misses the target, and the language's Flesch Reading Ease beside its own formula.
fn message_in(
    language: ReadingLanguage,
    figures: &Readability,
    audience: &str,
    target: f64,
) -> String {
    let (side, way) = match language.direction() {
        Direction::Grade => ("above", "lower is easier"),
        Direction::Ease => ("below", "higher is easier"),
    };
    let formula = language.formula();
    let also = match language {
        ReadingLanguage::German => format!(
            "; Flesch reading ease (Amstad) {:.1}",
            figures.flesch_reading_ease
        ),
        ReadingLanguage::Italian => format!(
            "; Flesch reading ease (Vacca) {:.1}",
            figures.flesch_reading_ease
        ),
        _ => String::new(),
    };
    format!(
        "{formula} {:.1} is {side} the {audience} target of {target} ({way}{also})",
        figures.score
    )
}

/// One page's reading figures, for `check --report`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageReading {
    pub audience: &'static str,
    pub file: String,
    /// The page's language tag (`en-GB`, `es`).
    pub language: String,
    /// The figure it is graded by ([`ReadingLanguage::formula`]).
    pub formula: &'static str,
    /// Its prose's figure in that formula.
    pub score: f64,
    /// Flesch–Kincaid grade of its prose (English pages).
    pub grade: Option<f64>,
    /// Its sentences that are `hard-sentence` findings (English pages).
    pub hard_sentences: Option<usize>,
    /// Flesch Reading Ease of its prose, with its language's constants.
    pub reading_ease: f64,
    pub title: String,
    pub words: usize,
}

/// Whether entry `id` is scored by the reading-level check: its language has a formula
/// ([`ReadingLanguage::of`]). Never a grade from another language's formula.
pub(super) fn measured(site: &Site, id: crate::graph::EntryId) -> bool {
    site.config.languages[site.entries[id].language]
        .reading
        .is_some()
}

/// Whether the sentence and word checks (hard sentences, long paragraphs, plain words),
/// whose limits and lists are English, look at entry `id`: only a page in English.
pub(super) fn in_english(site: &Site, id: crate::graph::EntryId) -> bool {
    site.config.languages[site.entries[id].language]
        .reading
        .is_some_and(|r| r.language == ReadingLanguage::English)
}

/// A language of the site other than English: its pages get none of the English sentence
/// and word checks, and a reading level only when it has a `formula` ([`measured`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unmeasured {
    /// The language's name, as the site names it (`Español`).
    pub name: String,
    /// Its tag (`es`).
    pub tag: String,
    /// How many of the site's pages are in it.
    pub pages: usize,
    /// The formula its pages' reading level is scored in, if carebook has one for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<&'static str>,
    /// Whether its pages are checked for claim words (carebook or the site has a list).
    pub claim_words: bool,
}

/// The site's languages other than English, each with how many pages it has, in the order
/// of `site.yaml`; languages with no page are left out.
pub fn unmeasured_languages(site: &Site) -> Vec<Unmeasured> {
    site.config
        .languages
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.reading
                .is_none_or(|r| r.language != ReadingLanguage::English)
        })
        .filter_map(|(lang, l)| {
            let pages = site.entries.iter().filter(|e| e.language == lang).count();
            (pages > 0).then(|| Unmeasured {
                name: l.name.clone(),
                tag: l.tag.clone(),
                pages,
                formula: l.reading.map(|r| r.language.formula()),
                claim_words: super::claims::has_claim_words(site, lang),
            })
        })
        .collect()
}

/// Every measured page's reading figures ([`measured`]): by language, in the order of
/// `site.yaml`, then hardest first (by the language's figure, then most hard sentences),
/// then by file.
pub fn report(site: &Site) -> Vec<PageReading> {
    use rayon::prelude::*;
    let mut pages: Vec<(usize, ReadingLanguage, PageReading)> = (0..site.entries.len())
        .into_par_iter()
        .filter(|&id| measured(site, id))
        .map(|id| {
            let e = &site.entries[id];
            let config = &site.config.languages[e.language];
            let language = config.reading.expect("measured").language;
            let prose = &e.scan.prose;
            let figures = analyze_in(prose, language);
            let limits = Limits::of(site, e);
            let english = language == ReadingLanguage::English;
            let hard_sentences = english.then(|| {
                sentences(prose)
                    .iter()
                    .filter(|s| limits.too_long(s) || limits.too_hard(s))
                    .count()
            });
            let page = PageReading {
                audience: limits.audience,
                file: e.path.display().to_string(),
                language: config.tag.clone(),
                formula: language.formula(),
                score: figures.score,
                grade: english.then_some(figures.flesch_kincaid_grade),
                hard_sentences,
                reading_ease: figures.flesch_reading_ease,
                title: e.title.clone(),
                words: figures.words,
            };
            (e.language, language, page)
        })
        .collect();
    pages.sort_by(|(la, language, a), (lb, _, b)| {
        la.cmp(lb)
            .then(hardest_first(*language, a.score, b.score))
            .then(b.hard_sentences.cmp(&a.hard_sentences))
            .then_with(|| a.file.cmp(&b.file))
    });
    pages.into_iter().map(|(_, _, p)| p).collect()
}
