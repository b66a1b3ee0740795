//! Footnotes: every `[^label]` reference as the parser found it, defined or not, and a
//! body's footnotes taken out of its text to be listed at the end of its page.
//!
//! pulldown-cmark (GFM footnotes) makes a reference only of a label the body defines; a
//! reference to any other label it leaves as its own tokens of text: the unmatched `[`,
//! the label and the `]`, each an event at its place. [`Events`] turns exactly that
//! sequence (the brackets as written, not escaped, the label right after `[` and made of
//! `^` and text without white space) into one [`Event::FootnoteReference`] over the whole
//! `[^label]`, so every walk of a body ([`super::scan`], [`super::prose`], the renderer)
//! sees the same references with the parser's places: one that names a `sources:` entry
//! by its key, and one that names nothing (a finding of the checks). A lookahead of a few
//! events per `[` keeps the walk linear.
//!
//! [`separate`] runs on a body's rendered events: references become numbered links
//! (numbered in the order first cited) with an id of their own for the way back, and each
//! definition leaves the text to become a [`Note`], listed by the page's template after
//! the body. A reference to a label neither the body defines nor `sources:` keys is
//! written as it was, `[^label]`.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, OffsetIter, Tag, TagEnd};

/// Events and their places, as the parser gives them, with every `[^label]` a reference.
pub(super) struct Events<'a> {
    inner: OffsetIter<'a>,
    body: &'a str,
    held: VecDeque<(Event<'a>, Range<usize>)>,
}

/// Text events read ahead of a `[` for its label, at most: labels split by the parser
/// (`_`, `*`) are a few events, and a label longer than this is no footnote of a writer.
const LOOKAHEAD: usize = 8;

impl<'a> Events<'a> {
    pub(super) fn new(body: &'a str) -> Self {
        Events {
            inner: pulldown_cmark::Parser::new_ext(body, super::options()).into_offset_iter(),
            body,
            held: VecDeque::new(),
        }
    }

    /// The parser's reference definitions (`[id]: dest`).
    pub(super) fn reference_definitions(&self) -> &pulldown_cmark::RefDefs<'_> {
        self.inner.reference_definitions()
    }

    fn ahead(&mut self, i: usize) -> Option<&(Event<'a>, Range<usize>)> {
        while self.held.len() <= i {
            let next = self.inner.next()?;
            self.held.push_back(next);
        }
        self.held.get(i)
    }

    /// Text written exactly as `want` at `range` (not an escape, not an entity).
    fn is_written(&self, event: &Event<'_>, range: &Range<usize>, want: &str) -> bool {
        matches!(event, Event::Text(t) if t.as_ref() == want)
            && self.body.get(range.clone()) == Some(want)
    }

    /// The label and end of a `[^label]` whose `[` is the first held event.
    fn label_after_bracket(&mut self) -> Option<(String, usize, usize)> {
        let mut end = self.held[0].1.end;
        let mut label = String::new();
        for i in 1..=LOOKAHEAD {
            let body = self.body;
            let (event, range) = self.ahead(i)?.clone();
            if range.start != end {
                return None;
            }
            if self.is_written(&event, &range, "]") {
                let name = label.strip_prefix('^')?;
                let plain = !name.is_empty()
                    && !name
                        .chars()
                        .any(|c| c.is_whitespace() || c == '[' || c == ']');
                return plain.then(|| (name.to_string(), range.end, i));
            }
            let Event::Text(text) = &event else {
                return None;
            };
            if label.is_empty() && !text.starts_with('^') {
                return None;
            }
            // Written as it reads, so the label is the text between the brackets.
            if body.get(range.clone()) != Some(text.as_ref()) {
                return None;
            }
            label.push_str(text);
            end = range.end;
        }
        None
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.held.is_empty() {
            let next = self.inner.next()?;
            self.held.push_back(next);
        }
        let (event, range) = &self.held[0];
        if self.is_written(event, range, "[")
            && let Some((label, end, last)) = self.label_after_bracket()
        {
            let start = self.held[0].1.start;
            self.held.drain(..=last);
            return Some((Event::FootnoteReference(CowStr::from(label)), start..end));
        }
        self.held.pop_front()
    }
}

/// One footnote of a body, for the page's list of sources: its number, its id, its text
/// as HTML and the ids of the places that cite it (the way back), in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub number: usize,
    pub id: String,
    pub body: String,
    pub backrefs: Vec<String>,
    /// The index of the `sources:` entry it is (among those given to [`separate`]).
    #[serde(skip)]
    pub source: Option<usize>,
}

/// A source of the page's `sources:` that a body may cite as `[^key]`: its key (as
/// written) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Citable<'s> {
    pub key: &'s str,
    pub text: &'s str,
}

/// The id of the way back to the `n`-th citation (from 1) of the note with id `id`
/// (`PREFIXfn--LABEL` gives `PREFIXfnref--LABEL-n`: unique, as note ids are).
fn backref_id(id: &str, n: usize) -> String {
    match id.rsplit_once("fn--") {
        Some((prefix, label)) => format!("{prefix}fnref--{label}-{n}"),
        None => format!("fnref--{id}-{n}"),
    }
}

/// Takes the footnote definitions out of `events` (a body's, after its footnote ids are
/// given by `id_of`, which names a label's note) and writes each reference as a numbered
/// link; gives the events left and the notes, in the order of their numbers: the cited
/// ones by first citation, then those cited nowhere. `sources` are the page's keyed
/// sources, cited by a label the body does not define.
pub(super) fn separate<'a>(
    events: Vec<Event<'a>>,
    sources: &[Citable<'_>],
    id_of: &mut dyn FnMut(&str, bool) -> String,
) -> (Vec<Event<'a>>, Vec<Note>) {
    // The labels the body defines (as the parser matches them: case aside).
    let defined: std::collections::HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_lowercase()),
            _ => None,
        })
        .collect();
    let source_of = |label: &str| {
        sources
            .iter()
            .position(|s| s.key.trim().to_lowercase() == label.to_lowercase())
            .map(|i| (i, sources[i].text))
    };
    let mut out = Vec::with_capacity(events.len());
    // Notes by id: (number, html, backrefs); numbers in order of first citation.
    let mut notes: Vec<Note> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut capturing: Option<(String, Vec<Event<'a>>)> = None;
    let mut defined_html: Vec<(String, String)> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                capturing = Some((id_of(&label, true), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((id, inner)) = capturing.take() {
                    defined_html.push((id, note_html(inner)));
                }
            }
            Event::FootnoteReference(label) => {
                let known = defined.contains(&label.to_lowercase());
                let source = (!known).then(|| source_of(&label)).flatten();
                if !known && source.is_none() {
                    let text = Event::Text(CowStr::from(format!("[^{label}]")));
                    match capturing.as_mut() {
                        Some((_, inner)) => inner.push(text),
                        None => out.push(text),
                    }
                    continue;
                }
                let id = id_of(&label, false);
                let index = *index_of.entry(id.clone()).or_insert_with(|| {
                    notes.push(Note {
                        number: notes.len() + 1,
                        id: id.clone(),
                        body: source.map(|(_, t)| escaped(t)).unwrap_or_default(),
                        backrefs: Vec::new(),
                        source: source.map(|(i, _)| i),
                    });
                    notes.len() - 1
                });
                let note = &mut notes[index];
                let back = backref_id(&note.id, note.backrefs.len() + 1);
                let link = format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\" id=\"{back}\">{}</a></sup>",
                    note.id, note.number
                );
                note.backrefs.push(back);
                let link = Event::InlineHtml(CowStr::from(link));
                match capturing.as_mut() {
                    Some((_, inner)) => inner.push(link),
                    None => out.push(link),
                }
            }
            other => match capturing.as_mut() {
                Some((_, inner)) => inner.push(other),
                None => out.push(other),
            },
        }
    }
    for (id, html) in defined_html {
        match index_of.get(&id) {
            Some(&i) => notes[i].body = html,
            None => {
                let number = notes.len() + 1;
                index_of.insert(id.clone(), notes.len());
                notes.push(Note {
                    number,
                    id,
                    body: html,
                    backrefs: Vec::new(),
                    source: None,
                });
            }
        }
    }
    (out, notes)
}

/// A definition's HTML: one paragraph is written without its `<p>`, so the way back
/// follows its text.
fn note_html(mut inner: Vec<Event<'_>>) -> String {
    let paragraphs = inner
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .count();
    if paragraphs == 1
        && matches!(inner.first(), Some(Event::Start(Tag::Paragraph)))
        && matches!(inner.last(), Some(Event::End(TagEnd::Paragraph)))
    {
        inner.pop();
        inner.remove(0);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
    html.trim_end().to_string()
}

fn escaped(text: &str) -> String {
    let mut html = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut html, text);
    html
}

/// `notes` as HTML, for a body shown where no template lists them (a card, the home
/// page's text): a numbered list after the text, each with its ways back, labelled
/// `back` for screen readers ("Back to where this source is cited", in the page's
/// language).
pub fn notes_html(notes: &[Note], back: &str) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ol class=\"footnotes\">");
    for note in notes {
        html.push_str(&format!("<li id=\"{}\">{}", note.id, note.body));
        for back_ref in &note.backrefs {
            html.push_str(&format!(
                " <a class=\"footnote-back\" href=\"#{link}\" aria-label=\"{}\">↩</a>",
                escaped(back),
                link = back_ref,
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(body: &str) -> Vec<(String, &str)> {
        Events::new(body)
            .filter_map(|(e, r)| match e {
                Event::FootnoteReference(l) => Some((l.to_string(), &body[r])),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_reference_is_found_defined_or_not_at_its_place() {
        let body = "It eases pain.[^nhs] It cures[^Missing] all. Not \\[^esc] or `[^code]` or [^two words] or [^a_b].\n\n[^nhs]: NHS: Massage, 2024\n";
        assert_eq!(
            references(body),
            [
                ("nhs".to_string(), "[^nhs]"),
                ("Missing".to_string(), "[^Missing]"),
                ("a_b".to_string(), "[^a_b]"),
            ]
        );
        // The text around them is unchanged.
        let text: String = Events::new(body)
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert!(
            text.starts_with("It eases pain. It cures all. Not [^esc] or "),
            "{text}"
        );
    }

    #[test]
    fn backref_ids_are_unique_per_note() {
        assert_eq!(backref_id("fn--a", 2), "fnref--a-2");
        assert_eq!(backref_id("ch--fn--a-2", 1), "ch--fnref--a-2-1");
    }
}
