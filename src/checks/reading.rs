//! Reading level: Flesch–Kincaid grade of each entry's prose against its audience's target,
//! with Flesch Reading Ease and SMOG alongside, and the two longest sentences to start on.

use super::field_span;
use super::readability::{analyze, longest_sentences};
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::Audience;
use crate::graph::Site;
use crate::markdown;

/// Below this many words the formulas say little; such pages are not graded.
const MIN_WORDS: usize = 40;

/// The reading-level finding about entry `e`, if its prose is above its audience's target.
pub(super) fn entry(site: &Site, e: &Entry) -> Option<Diagnostic> {
    let grades = &site.config.checks.reading_grade;
    {
        let (audience, target) = match e.meta.audience {
            Audience::Patient => ("patient", grades.patient),
            Audience::Trainee => ("trainee", grades.trainee),
            Audience::Clinician => ("clinician", grades.clinician),
        };
        let prose = &e.scan.prose;
        let figures = analyze(prose);
        if figures.words < MIN_WORDS || figures.flesch_kincaid_grade <= target {
            return None;
        }
        let longest = longest_sentences(prose, 2);
        // At the longest sentence, where the parser found its first word, to the end of
        // that line.
        let span = longest
            .first()
            .and_then(|(at, _)| markdown::prose_origin(e.body(), *at))
            .map_or_else(
                || field_span(e, "title"),
                // (A span ends at the end of its line.)
                |at| Span::at(&e.path, &e.text, e.body_start + at, e.text.len()),
            );
        let quoted: Vec<String> = longest
            .iter()
            .map(|(_, s)| format!("\"{s}\" ({} words)", s.split_whitespace().count()))
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
                "use shorter sentences and everyday words; start with the longest: {}",
                quoted.join("; ")
            )),
        )
    }
}
