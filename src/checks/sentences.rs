//! Plain language sentence by sentence: a sentence too long or too hard for the page's
//! audience (`hard-sentence`), and a paragraph too long to take in at once
//! (`long-paragraph`), each quoted at its own line and column.
//!
//! A page can be easy on average and still hide the one sentence a worried patient cannot
//! follow, which the page-level `reading-level` finding averages away. A sentence is hard
//! when it has more words than `checks.sentence_words` allows its audience (patient 25), or
//! when it has at least [`MIN_WORDS_FOR_GRADE`] words and its own Flesch–Kincaid grade (the
//! sentence scored as a text of one sentence) is more than [`GRADE_MARGIN`] above the
//! audience's `reading_grade`. Below that many words a grade says little (one long word
//! makes a three-word sentence "grade 25"), so short sentences are judged on length alone.
//! Sentences and words are those of the readability figures ([`super::readability`]), so
//! the sentence quoted is one that textstat counts. Places come from where the Markdown
//! parser found the first word ([`markdown::prose_origin`]), never from a search.

use super::readability::{SentenceFigures, blocks, sentences, word_count};
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::Audience;
use crate::graph::Site;
use crate::markdown;

/// Sentences shorter than this are not graded on their own (see the module doc).
pub(super) const MIN_WORDS_FOR_GRADE: usize = 10;

/// How far above the audience's grade a sentence of its own may be.
pub(super) const GRADE_MARGIN: f64 = 6.0;

/// The quoted text of a finding is cut after this many characters.
const QUOTE_CHARS: usize = 90;

/// The limits of entry `e`'s audience: its name, the most words of a sentence and of a
/// paragraph, and its target grade.
pub(super) struct Limits {
    pub audience: &'static str,
    pub sentence_words: u32,
    pub paragraph_words: u32,
    pub grade: f64,
}

impl Limits {
    pub(super) fn of(site: &Site, e: &Entry) -> Limits {
        let checks = &site.config.checks;
        let (audience, sentence_words, paragraph_words, grade) = match e.meta.audience {
            Audience::Patient => (
                "patient",
                checks.sentence_words.patient,
                checks.paragraph_words.patient,
                checks.reading_grade.patient,
            ),
            Audience::Trainee => (
                "trainee",
                checks.sentence_words.trainee,
                checks.paragraph_words.trainee,
                checks.reading_grade.trainee,
            ),
            Audience::Clinician => (
                "clinician",
                checks.sentence_words.clinician,
                checks.paragraph_words.clinician,
                checks.reading_grade.clinician,
            ),
        };
        Limits {
            audience,
            sentence_words,
            paragraph_words,
            grade,
        }
    }

    /// Is `sentence` too long, or too hard on its own (see the module doc)?
    pub(super) fn too_long(&self, sentence: &SentenceFigures) -> bool {
        sentence.words > self.sentence_words as usize
    }

    pub(super) fn too_hard(&self, sentence: &SentenceFigures) -> bool {
        sentence.words >= MIN_WORDS_FOR_GRADE && sentence.grade > self.grade + GRADE_MARGIN
    }
}

/// The hard sentences and long paragraphs of entry `e`.
pub(super) fn entry(site: &Site, e: &Entry) -> Vec<Diagnostic> {
    let limits = Limits::of(site, e);
    let (audience, max_words, max_paragraph, grade) = (
        limits.audience,
        limits.sentence_words,
        limits.paragraph_words,
        limits.grade,
    );
    let prose = &e.scan.prose;
    // Each finding's place in the prose, code, message and help; placed in the file at
    // the end, from one parse of the body.
    let mut found: Vec<(usize, &'static str, String, &'static str)> = Vec::new();
    for (start, block) in blocks(prose) {
        let words = word_count(block);
        if words > max_paragraph as usize {
            // At its first word (the parser's place of a word is known).
            let first_word = block.find(char::is_alphanumeric).unwrap_or(0);
            found.push((
                start + first_word,
                "long-paragraph",
                format!(
                    "this paragraph has {words} words, more than a {audience} reads at once ({max_paragraph})"
                ),
                "split it into shorter paragraphs, one idea each, or make a list of its steps",
            ));
        }
    }
    for sentence in sentences(prose) {
        let SentenceFigures {
            range,
            words,
            grade: own,
        } = &sentence;
        let too_long = limits.too_long(&sentence);
        let too_hard = limits.too_hard(&sentence);
        if !(too_long || too_hard) {
            continue;
        }
        let quoted = quote(&prose[range.clone()]);
        let (message, help) = if too_long {
            (
                format!(
                    "this sentence has {words} words, more than the {audience} limit of {max_words}: \"{quoted}\""
                ),
                "split it into two or three sentences, one idea each",
            )
        } else {
            (
                format!(
                    "this sentence reads at grade {own:.1}, hard for a {audience} page (target {grade}): \"{quoted}\""
                ),
                "use everyday words and fewer long ones; say one thing per sentence",
            )
        };
        found.push((range.start, "hard-sentence", message, help));
    }
    let ats: Vec<usize> = found.iter().map(|f| f.0).collect();
    let places = markdown::prose_origins(e.body(), &ats);
    found
        .into_iter()
        .zip(places)
        .filter_map(|((_, code, message, help), place)| {
            // From its first word to the end of that line (a span ends at its line's end).
            let span = Span::at(&e.path, &e.text, e.body_start + place?, e.text.len());
            Some(
                Diagnostic::warning(span, message)
                    .with_code(code)
                    .with_help(help),
            )
        })
        .collect()
}

/// `text` with its whitespace made single spaces, cut at a word after [`QUOTE_CHARS`]
/// characters with "…".
pub(super) fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if out.chars().count() >= QUOTE_CHARS {
            out.push_str(" …");
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut_at_a_word() {
        assert_eq!(quote("A  short\nsentence."), "A short sentence.");
        let long = "word ".repeat(40);
        let q = quote(&long);
        assert!(
            q.ends_with(" …") && q.chars().count() < QUOTE_CHARS + 8,
            "{q}"
        );
    }
}
