//! The prose of a body, for the reading-level figures and search: the text of paragraphs,
//! list items and quotes, block by block, and where each of its characters came from in
//! the body. Pure; walks the same parser and options as [`super::scan`].

use pulldown_cmark::{Event, Tag, TagEnd};

use super::footnotes::Events;

/// The prose of a body, for reading-level figures and search: the text of paragraphs,
/// list items and quotes, one block per paragraph, blocks separated by a blank line.
/// Headings, code, tables, raw HTML, footnote definitions (a page's sources, listed apart)
/// and link destinations are left out (link text stays).
/// A block that does not end a sentence gets a full stop, so a list item counts as one.
pub fn prose(body: &str) -> String {
    let mut collector = ProseCollector::for_body(body.len());
    for (event, _) in Events::new(body) {
        collector.event(&event);
    }
    collector.finish()
}

/// Where byte `at` of [`prose`]`(body)` (the start of a word or inside one) was written
/// in `body`, from the parser's place of the text it came from: exactly, where that text
/// is written as it reads (no escapes or entities), else the start of that text. `None`
/// when `at` is not in a word of the prose. For a finding about a sentence of the prose.
pub fn prose_origin(body: &str, at: usize) -> Option<usize> {
    prose_origins(body, &[at])[0]
}

/// [`prose_origin`] of each of `ats`, in their order, from one parse of `body`: a page
/// with many findings is parsed once, not once per finding.
pub fn prose_origins(body: &str, ats: &[usize]) -> Vec<Option<usize>> {
    let mut found = vec![None; ats.len()];
    let mut order: Vec<usize> = (0..ats.len()).collect();
    order.sort_by_key(|&i| ats[i]);
    let mut next = 0;
    let mut collector = ProseCollector::default();
    for (event, range) in Events::new(body) {
        if next == order.len() {
            break;
        }
        let before = collector.out.len();
        collector.event(&event);
        let after = collector.out.len();
        // Offsets before this text that no text held are in no word.
        while next < order.len() && ats[order[next]] < before {
            next += 1;
        }
        let Event::Text(text) = &event else {
            continue;
        };
        while next < order.len() && ats[order[next]] < after {
            let i = order[next];
            found[i] = origin_in_text(
                body,
                &collector.out,
                before..after,
                text,
                range.clone(),
                ats[i],
            );
            next += 1;
        }
    }
    found
}

/// Where byte `at` of the prose, inside the text event `text` found at `range` of `body`
/// and written as `out[written]`, is in `body` (see [`prose_origin`]).
fn origin_in_text(
    body: &str,
    out: &str,
    written: std::ops::Range<usize>,
    text: &str,
    range: std::ops::Range<usize>,
    at: usize,
) -> Option<usize> {
    // The words of this text start after the space or blank line put before them.
    let words = written.start
        + out[written.clone()]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\n'))
            .count();
    if at < words {
        return None;
    }
    if body.get(range.clone()) != Some(text) {
        return Some(range.start);
    }
    // `at` is in the word after the k-th space; in the text, after its k-th run of white
    // space (the prose has one space for each run).
    let before_at = &out[words..at];
    let k = before_at.bytes().filter(|&b| b == b' ').count();
    let into_word = before_at.len() - before_at.rfind(' ').map_or(0, |i| i + 1);
    let mut i = 0;
    let mut runs = 0;
    let mut in_space = true;
    while i < text.len() {
        let (len, space) = whitespace_at(text, i);
        if space && !in_space {
            runs += 1;
        }
        if !space && runs == k {
            break;
        }
        in_space = space;
        i += len;
    }
    Some(range.start + (i + into_word).min(text.len()))
}

/// Builds [`prose`] from a stream of events, so [`scan`] can collect it in the same pass.
/// Writes each block's words straight into `out`, white space collapsed as it comes.
#[derive(Default)]
pub(super) struct ProseCollector {
    out: String,
    /// The current block has a word in `out`.
    in_block: bool,
    /// White space came after the block's last word: the next word is written after a space.
    space: bool,
    /// Depth of elements whose text is not prose (headings, tables, code, images).
    skipping: usize,
}

impl ProseCollector {
    /// A collector for a body of `len` bytes: its prose is rarely longer.
    pub(super) fn for_body(len: usize) -> ProseCollector {
        ProseCollector {
            out: String::with_capacity(len),
            ..ProseCollector::default()
        }
    }

    pub(super) fn event(&mut self, event: &Event) {
        match event {
            Event::Start(
                Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::CodeBlock(_)
                | Tag::Image { .. }
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_),
            ) => self.skipping += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Table
                | TagEnd::CodeBlock
                | TagEnd::Image
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition,
            ) => self.skipping = self.skipping.saturating_sub(1),
            Event::Text(text) if self.skipping == 0 => self.text(text),
            Event::SoftBreak | Event::HardBreak if self.skipping == 0 => self.space = true,
            Event::End(TagEnd::Paragraph | TagEnd::Item)
            | Event::Start(Tag::List(_) | Tag::Item) => self.flush(),
            _ => {}
        }
    }

    /// Adds text to the block: its words (split at `char::is_whitespace`, as
    /// `split_whitespace` splits), separated by single spaces; a word may continue a word
    /// of the previous text, as it would in the block's text. Words already separated by
    /// one space are copied together.
    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            let (len, space) = whitespace_at(text, i);
            if !space {
                break;
            }
            self.space = true;
            i += len;
        }
        if i == text.len() {
            return;
        }
        self.word("");
        // `text[from..]` is still to be copied: words, each followed by one space.
        let mut from = i;
        loop {
            while i < text.len() {
                let (len, space) = whitespace_at(text, i);
                if space {
                    break;
                }
                i += len;
            }
            if i == text.len() {
                self.out.push_str(&text[from..]);
                return;
            }
            let word_end = i;
            let mut spaces = 0;
            while i < text.len() {
                let (len, space) = whitespace_at(text, i);
                if !space {
                    break;
                }
                spaces += 1;
                i += len;
            }
            if i == text.len() {
                self.out.push_str(&text[from..word_end]);
                self.space = true;
                return;
            }
            if spaces != 1 || bytes[word_end] != b' ' {
                self.out.push_str(&text[from..word_end]);
                self.out.push(' ');
                from = i;
            }
        }
    }

    fn word(&mut self, word: &str) {
        if !self.in_block {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.in_block = true;
        } else if self.space {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(word);
    }

    /// Ends the block: a block without a word leaves nothing; one that does not end a
    /// sentence gets a full stop.
    fn flush(&mut self) {
        if self.in_block && !self.out.ends_with(['.', '!', '?', ':', ';']) {
            self.out.push('.');
        }
        self.in_block = false;
        self.space = false;
    }

    /// The length of the prose so far: where the next word will be written, or (white
    /// space aside) just after the last one.
    pub(super) fn len(&self) -> usize {
        self.out.len()
    }

    pub(super) fn finish(mut self) -> String {
        self.flush();
        self.out.shrink_to_fit();
        self.out
    }
}

/// The byte length of the character at byte `i` of `text` (a boundary), and whether it is
/// white space (`char::is_whitespace`).
#[inline(always)]
fn whitespace_at(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (1, matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
    } else {
        let c = text[i..].chars().next().unwrap_or('\0');
        (c.len_utf8(), c.is_whitespace())
    }
}
