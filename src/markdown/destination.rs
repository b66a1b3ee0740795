//! Where a link's destination is written, as the parser read it.
//!
//! pulldown-cmark gives a link's destination (escapes and entities resolved) and the byte
//! range of the whole link, of each event of its text, and of each reference definition,
//! but not where in that range the destination is. Searching the link for the destination
//! finds it in the link's text or title (`[a.md](a.md "a.md")`), and never finds one
//! written with escapes or entities. So the place is read the way the parser reads it:
//! from the end of the link's text (the end of its last event, then `](`), or the end of a
//! definition's label (`]:`), CommonMark's grammar gives the destination's extent — the
//! first token after white space and at most one line break, `<…>` or a run without
//! spaces and with balanced parentheses. That token is then read again by pulldown-cmark
//! on its own and must give the same destination, or no place is claimed (the caller
//! falls back to the whole link). Pure; linear in the link's length.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

/// How many places after a line break are tried as the destination's start (a line
/// inside block quotes starts with their `>` marks, which the parser skips): real text
/// has a few; a hostile line of thousands of `>` gets the whole link as its place.
const MAX_CANDIDATES: usize = 16;

/// What is known about a link or image when its end event comes: its range, how it was
/// written, where its text's last event ends, and the range of the reference definition
/// it takes its destination from.
pub(super) struct Written<'a> {
    pub range: Range<usize>,
    pub link_type: LinkType,
    pub image: bool,
    pub text_end: Option<usize>,
    pub definition: Option<Range<usize>>,
    pub dest: &'a str,
}

/// The byte range (start, len) in `body` where the destination of `link` is written:
/// for an empty destination, its `()`; when the text does not read as the parser read
/// it (which should not happen), the whole link, or the whole definition.
pub(super) fn place(body: &str, link: &Written<'_>) -> (usize, usize) {
    let whole = match &link.definition {
        Some(d) => (d.start, d.len()),
        None => (link.range.start, link.range.len()),
    };
    let found = match link.link_type {
        LinkType::Inline => inline(body, link),
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => link
            .definition
            .as_ref()
            .and_then(|d| in_definition(body, d.clone(), link.dest)),
        LinkType::WikiLink { .. } => {
            let opener = if link.image { "![[" } else { "[[" };
            after_opener(body, link, opener)
        }
        // `<https://…>`, `<reception@example.org>`: written as it is read, inside `<>`.
        LinkType::Autolink | LinkType::Email => after_opener(body, link, "<"),
        _ => None,
    };
    found.unwrap_or(whole)
}

/// A link whose destination is written as it is read, right after `opener`: a wikilink
/// (`[[dest|text]]`, the parser takes the text up to `|` or `]]` as it is) or an
/// autolink (`<dest>`).
fn after_opener(body: &str, link: &Written<'_>, opener: &str) -> Option<(usize, usize)> {
    let start = link.range.start + opener.len();
    (body.get(link.range.clone())?.starts_with(opener)
        && body.get(start..link.range.end)?.starts_with(link.dest))
    .then_some((start, link.dest.len()))
}

/// An inline link `[text](dest "title")`: the destination follows the `](` that closes
/// the text, which ends where its last event ends (only white space, or a quote's `>`,
/// may come between).
fn inline(body: &str, link: &Written<'_>) -> Option<(usize, usize)> {
    let bytes = body.as_bytes();
    let range = link.range.clone();
    let opener = if link.image { "![" } else { "[" };
    if !body[range.clone()].starts_with(opener) {
        return None;
    }
    let mut i = link
        .text_end
        .unwrap_or(range.start + opener.len())
        .max(range.start + opener.len());
    while i < range.end && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'>') {
        i += 1;
    }
    if body.get(i..i + 2) != Some("](") {
        return None;
    }
    let open = i + 1;
    if link.dest.is_empty() {
        return Some((open, range.end - open));
    }
    destination(body, open + 1, range.end, link.dest)
}

/// A reference definition `[label]: dest "title"` at `range`: the destination follows
/// the `]:` that closes the label (a label has no unescaped brackets).
fn in_definition(body: &str, range: Range<usize>, dest: &str) -> Option<(usize, usize)> {
    let bytes = body.as_bytes();
    if bytes.get(range.start) != Some(&b'[') || dest.is_empty() {
        return None;
    }
    let mut i = range.start + 1;
    while i < range.end {
        match bytes[i] {
            b'\\' => i += 2,
            b']' => break,
            _ => i += 1,
        }
    }
    if bytes.get(i + 1) != Some(&b':') {
        return None;
    }
    destination(body, i + 2, range.end, dest)
}

/// The destination `dest` written from byte `from` (just after `(` or `]:`), before
/// `end`: after spaces or tabs and at most one line break, and after a line break the
/// marks of the block quotes the line is in. Each start the parser could have taken is
/// read as pulldown-cmark reads a destination; the last one that reads as `dest` is it
/// (a later start inside the same token would read shorter, see [`MAX_CANDIDATES`]).
fn destination(body: &str, from: usize, end: usize, dest: &str) -> Option<(usize, usize)> {
    let bytes = &body.as_bytes()[..end.min(body.len())];
    let mut i = from;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | 0x0b | 0x0c) {
        i += 1;
    }
    let line_break = match bytes.get(i..) {
        Some([b'\r', b'\n', ..]) => 2,
        Some([b'\n' | b'\r', ..]) => 1,
        _ => 0,
    };
    if line_break == 0 {
        return token(body, i, bytes.len())
            .filter(|t| reads_as(t.2, dest))
            .map(|t| (t.0, t.1));
    }
    let mut found = None;
    let mut tried = 0;
    let mut c = i + line_break;
    loop {
        let prefix = bytes.get(c).copied();
        if !matches!(prefix, Some(b' ' | b'\t')) {
            if tried == MAX_CANDIDATES {
                return None;
            }
            tried += 1;
            if let Some((start, len, written)) = token(body, c, bytes.len())
                && reads_as(written, dest)
            {
                found = Some((start, len));
            }
        }
        if !matches!(prefix, Some(b' ' | b'\t' | b'>')) {
            return found;
        }
        c += 1;
    }
}

/// The destination token at byte `at`, before `end`, as CommonMark's grammar delimits it
/// (pulldown-cmark's `scan_link_dest`): `<…>` up to the first unescaped `>` on the line,
/// or a run of bytes above space with balanced unescaped parentheses. Returns where its
/// text is (inside the `<>`), its length, and the token as written; `None` when empty.
fn token(body: &str, at: usize, end: usize) -> Option<(usize, usize, &str)> {
    let bytes = &body.as_bytes()[..end];
    let punctuation = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_punctuation);
    let mut i = at;
    if bytes.get(at) == Some(&b'<') {
        i += 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' | b'\r' | b'<' => return None,
                b'>' => return Some((at + 1, i - at - 1, &body[at..=i])),
                b'\\' if punctuation(i + 1) => i += 2,
                _ => i += 1,
            }
        }
        return None;
    }
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            0..=0x20 => break,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b'\\' if punctuation(i + 1) => i += 1,
            _ => {}
        }
        i += 1;
    }
    // `i` may stop inside a character only at an ASCII byte, so it is a boundary.
    (i > at && depth == 0).then(|| (at, i - at, &body[at..i]))
}

/// Whether pulldown-cmark reads `written`, as a link's destination, as `dest`.
fn reads_as(written: &str, dest: &str) -> bool {
    // The space keeps a final `\` from escaping the `)`.
    let link = format!("[x]({written} )");
    Parser::new_ext(&link, Options::empty()).any(|event| {
        matches!(event, Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. }) if *dest_url == *dest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_delimited_as_commonmark_does() {
        for (text, expected) in [
            ("a.md \"t\"", Some("a.md")),
            ("a(b)c.md)", Some("a(b)c.md")),
            ("a\\)b) x", Some("a\\)b")),
            ("<a b.md> x", Some("a b.md")),
            ("<a\\>b> x", Some("a\\>b")),
            ("<a\nb>", None),
            ("<a", None),
            ("a(b", None),
            (") x", None),
            ("é.md\u{a0}x)", Some("é.md\u{a0}x")),
        ] {
            let found = token(text, 0, text.len()).map(|(s, l, _)| &text[s..s + l]);
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn a_token_reads_as_the_parser_reads_it() {
        assert!(reads_as("a&amp;b\\*.md", "a&b*.md"));
        assert!(reads_as("<a b.md>", "a b.md"));
        assert!(reads_as("a\\", "a\\"));
        assert!(!reads_as("a.md", "b.md"));
    }
}
