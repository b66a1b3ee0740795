//! serve's "Reading check": on each previewed entry page, a switch that highlights its
//! hard sentences, plain-words suggestions, long paragraphs and uncited claims, with the
//! finding and its help on hover and focus. Only in `serve`: the page's findings and the
//! script ([`SCRIPT`], `reading.js`) are added to the HTML as it is sent, never to the
//! built site.
//!
//! Each page gets the findings of its entry (the checks' own, as the terminal shows them)
//! as JSON: code, message, help, and the text to find on the page (the word, or the
//! sentence quoted by the finding, or the first words of the paragraph). The script finds
//! that text in the page's body, wraps it in `<mark tabindex="0">` and describes it with
//! a tooltip. A rebuild gives every page its new findings, and live reload shows them
//! (the switch stays on across the reload). Needs: a build's findings
//! ([`crate::pipeline::Prepared`]).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Prepared;

/// The script that marks the findings, served at `/__carebook/reading.js`.
pub(super) const SCRIPT: &str = include_str!("reading.js");

/// The findings the Reading check shows.
const CODES: &[&str] = &[
    "hard-sentence",
    "long-paragraph",
    "plain-words",
    "claim",
    "never-claim",
];

/// One finding as the script reads it.
#[derive(serde::Serialize)]
struct Mark<'d> {
    code: &'d str,
    message: &'d str,
    help: &'d str,
    /// The text to find on the page.
    text: String,
    /// Inside `text`, the words to mark (a claim in its sentence); empty: all of `text`.
    word: String,
    /// Mark the paragraph that starts with `text` (a long paragraph).
    block: bool,
}

/// The word a finding names: its message's first text in double quotes.
fn word_of(message: &str) -> Option<&str> {
    let rest = &message[message.find('"')? + 1..];
    Some(&rest[..rest.find('"')?])
}

/// The sentence a finding quotes: its message's text from `: "` to the last `"`.
fn sentence_of(message: &str) -> Option<&str> {
    let rest = &message[message.find(": \"")? + 3..];
    Some(&rest[..rest.rfind('"')?])
}

/// A quote cut with " …" is matched by what it shows.
fn uncut(text: &str) -> String {
    text.trim_end_matches(" …")
        .trim_end_matches('…')
        .to_string()
}

/// The first words of the paragraph a finding is at, as they read (Markdown marks out).
fn first_words(d: &Diagnostic) -> String {
    let line: String = d
        .span
        .line_text
        .chars()
        .skip(d.span.column.saturating_sub(1))
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect();
    line.split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}

fn mark(d: &Diagnostic) -> Option<Mark<'_>> {
    let code = CODES.iter().find(|c| **c == d.code)?;
    let message = d.message.as_str();
    let (text, word, block) = match *code {
        "hard-sentence" => (uncut(sentence_of(message)?), String::new(), false),
        "long-paragraph" => (first_words(d), String::new(), true),
        "plain-words" => (word_of(message)?.to_string(), String::new(), false),
        // A claim: its word, in the sentence the finding quotes.
        _ => (
            uncut(sentence_of(message)?),
            word_of(message)?.to_string(),
            false,
        ),
    };
    Some(Mark {
        code,
        message: &d.message,
        help: d.help.as_deref().unwrap_or_default(),
        text,
        word,
        block,
    })
}

/// Every entry page's Reading check findings, as the JSON its page is sent with, by the
/// page's path in the site.
pub(super) fn page_findings(prepared: &Prepared) -> HashMap<String, String> {
    let site = &prepared.site;
    (0..site.entries.len())
        .filter_map(|id| {
            let findings = prepared.findings.per_entry.get(id)?;
            let marks: Vec<Mark> = findings.iter().filter_map(mark).collect();
            let json = serde_json::to_string(&marks).ok()?;
            Some((site.entry_path(id), json))
        })
        .collect()
}

/// What the preview adds to a page for its Reading check: its findings (`</` escaped, so
/// no text can close the script) and the script.
pub(super) fn injected(findings: &str) -> String {
    format!(
        "<script type=\"application/json\" id=\"carebook-reading\">{}</script>\n<script src=\"/__carebook/reading.js\"></script>\n",
        findings.replace("</", "<\\/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_to_find_is_taken_from_the_findings_quotes() {
        let claim = "claim \"cures\" in: \"It \"really\" cures.\" (and 1 more on this page)";
        assert_eq!(word_of(claim), Some("cures"));
        assert_eq!(sentence_of(claim), Some("It \"really\" cures."));
        let long =
            "this sentence has 30 words, more than the patient limit of 25: \"If your neck …\"";
        assert_eq!(
            sentence_of(long).map(uncut),
            Some("If your neck".to_string())
        );
        assert_eq!(
            word_of("\"commence\" has a plainer word: start"),
            Some("commence")
        );
    }

    #[test]
    fn no_text_closes_the_script() {
        assert_eq!(
            injected("[{\"text\":\"</script><b>\"}]")
                .matches("</script>")
                .count(),
            2
        );
    }
}
