//! Claims: wording a patient page should not use without a source ("cures",
//! "guaranteed", "detox", "removes toxins"), and "diagnose" on a technique page.

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use super::field_span;
use crate::content::Entry;
use crate::content::frontmatter::Audience;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;

/// The claim word lists compiled: one automaton per list (claims, technique claims),
/// matching case-insensitively in one pass over a page (aho-corasick: the word list is
/// configurable and a site has thousands of pages). Compiled once per site.
pub(super) struct Claims {
    claims: AhoCorasick,
    technique_claims: AhoCorasick,
}

impl Claims {
    pub(super) fn new(site: &Site) -> Option<Claims> {
        let checks = &site.config.checks;
        let build = |words: &[String]| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .ok()
        };
        Some(Claims {
            claims: build(&checks.claims)?,
            technique_claims: build(&checks.technique_claims)?,
        })
    }

    /// The claim findings about entry `e` alone.
    pub(super) fn of(&self, site: &Site, e: &Entry) -> Vec<Diagnostic> {
        findings(site, e, &self.claims, &self.technique_claims)
    }
}

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let Some(claims) = Claims::new(site) else {
        return Vec::new();
    };
    site.entries
        .par_iter()
        .flat_map_iter(|e| claims.of(site, e))
        .collect()
}

fn findings(
    site: &Site,
    e: &Entry,
    claims: &AhoCorasick,
    technique_claims: &AhoCorasick,
) -> Vec<Diagnostic> {
    {
        let technique = site.config.is_kind(e.kind, "technique");
        let patient = e.meta.audience == Audience::Patient;
        // A page with sources may say what its sources say; "diagnose" on a technique
        // is never a technique's to claim.
        let mut lists: Vec<(&AhoCorasick, &'static str)> = Vec::new();
        if patient && e.meta.sources.is_empty() {
            lists.push((claims, "reword it as what the clinic can stand behind (\"may help\", \"many people find\"), or add the source under `sources:`"));
        }
        if technique {
            lists.push((technique_claims, "a massage therapist cannot diagnose: reword it (\"may help with\", \"see your doctor to find the cause\")"));
        }
        // One finding per claim word and page, at its first place, with a count of the
        // others: a page that repeats a word a thousand times needs one fix, not a
        // thousand warnings (each would carry a copy of its line).
        let mut found: Vec<(String, Diagnostic, usize)> = Vec::new();
        for (automaton, help) in lists {
            for (text, body_start) in [
                (e.title.as_str(), None),
                (e.summary.as_str(), None),
                (e.body(), Some(e.body_start)),
            ] {
                for m in automaton.find_iter(text) {
                    if !is_whole_word(text, m.start(), m.len()) {
                        continue;
                    }
                    let word = text[m.range()].to_lowercase();
                    if let Some((_, _, count)) = found.iter_mut().find(|(w, _, _)| *w == word) {
                        *count += 1;
                        continue;
                    }
                    let span = match body_start {
                        Some(start) => Span::at(&e.path, &e.text, start + m.start(), m.len()),
                        None => field_span(e, "title"),
                    };
                    let finding = Diagnostic::warning(
                        span,
                        format!(
                            "claim \"{word}\" in: \"{}\"",
                            sentence_around(text, m.start())
                        ),
                    )
                    .with_code("claim")
                    .with_help(help);
                    found.push((word, finding, 1));
                }
            }
        }
        found
            .into_iter()
            .map(|(_, mut finding, count)| {
                if count > 1 {
                    finding
                        .message
                        .push_str(&format!(" (and {} more on this page)", count - 1));
                }
                finding
            })
            .collect::<Vec<_>>()
    }
}

fn is_whole_word(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The sentence of `text` around byte `at`, on one line, trimmed.
fn sentence_around(text: &str, at: usize) -> String {
    let start = text[..at].rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(['.', '!', '?', '\n'])
        .map_or(text.len(), |i| at + i + 1);
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_sentences() {
        let text = "It is secure. Massage cures aches! Curse it.";
        let at = text.find("cures").unwrap();
        assert!(is_whole_word(text, at, 5));
        assert!(!is_whole_word("secures", 2, 5));
        assert_eq!(sentence_around(text, at), "Massage cures aches!");
    }
}
