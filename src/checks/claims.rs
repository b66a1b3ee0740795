//! Claims: wording a patient page should not use without a source ("cures",
//! "guaranteed", "detox", "removes toxins"), and "diagnose" on a technique page.

use super::field_span;
use crate::content::frontmatter::Audience;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;

pub(super) fn check(site: &Site) -> Vec<Diagnostic> {
    let checks = &site.config.checks;
    let mut findings = Vec::new();
    for e in &site.entries {
        let technique = site.config.is_kind(e.kind, "technique");
        let patient = e.meta.audience == Audience::Patient;
        // A page with sources may say what its sources say; "diagnose" on a technique
        // is never a technique's to claim.
        let mut words: Vec<&str> = Vec::new();
        if patient && e.meta.sources.is_empty() {
            words.extend(checks.claims.iter().map(String::as_str));
        }
        if technique {
            words.extend(checks.technique_claims.iter().map(String::as_str));
        }
        if words.is_empty() {
            continue;
        }
        let body = e.body();
        let lower = body.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII; search only when it did not.
        if lower.len() != body.len() {
            continue;
        }
        let mut texts = vec![
            (e.title.to_lowercase(), None),
            (e.summary.to_lowercase(), None),
        ];
        texts.push((lower, Some(e.body_start)));
        for (text, body_offset) in &texts {
            for word in &words {
                let word = word.to_lowercase();
                for (at, _) in text.match_indices(word.as_str()) {
                    if !is_whole_word(text, at, word.len()) {
                        continue;
                    }
                    let (span, sentence) = match body_offset {
                        Some(start) => (
                            Span::at(&e.path, &e.text, start + at, word.len()),
                            sentence_around(body, at),
                        ),
                        None => (field_span(e, "title"), text.clone()),
                    };
                    let help = if technique
                        && checks
                            .technique_claims
                            .iter()
                            .any(|w| w.eq_ignore_ascii_case(&word))
                    {
                        "a massage therapist cannot diagnose: reword it (\"may help with\", \"see your doctor to find the cause\")".to_string()
                    } else {
                        "reword it as what the clinic can stand behind (\"may help\", \"many people find\"), or add the source under `sources:`".to_string()
                    };
                    findings.push(
                        Diagnostic::warning(span, format!("claim \"{word}\" in: \"{sentence}\""))
                            .with_code("claim")
                            .with_help(help),
                    );
                }
            }
        }
    }
    findings
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
