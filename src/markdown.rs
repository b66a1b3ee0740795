//! Markdown: the one place that sets pulldown-cmark's options and walks its events.
//!
//! [`scan`] finds what the resolve stage must check — every link and image destination
//! (with its byte range in the body) and every heading with its anchor id. [`render`]
//! turns the body into HTML, given one resolution per scanned link, in the same order:
//! both walk the same parser with the same options, so the n-th link of one is the n-th
//! link of the other. [`render_embedded`] renders a body inside another page (a handout's
//! chapter, a card) with prefixed ids and lower headings. Pure functions of their inputs.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// The Markdown dialect of carebook: CommonMark with tables, footnotes, strikethrough,
/// task lists, `[[wikilinks]]` and `{#custom-id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// `[[slug]]` or `[[kind/slug|text]]`.
    Wiki { has_text: bool },
    /// `[text](dest)`, autolinks and reference links.
    Markdown,
    /// `![alt](dest)`.
    Image,
}

/// One link or image destination in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub style: LinkStyle,
    /// Byte range of the destination text within the body (the whole link if not found).
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub links: Vec<LinkRef>,
    pub headings: Vec<Heading>,
    /// The body's [`prose`], collected in the same pass.
    pub prose: String,
}

/// What the resolve stage decided for one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// The `href` to write, already relative to the page or external as written. `None`:
    /// the target is not published (a draft), so the link's text is written without a
    /// link (an image keeps its destination as written).
    pub href: Option<String>,
    /// For a wikilink without its own text: the target's title, shown as the link text.
    pub title: Option<String>,
}

/// Finds every link, image and heading of `body`.
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut ids = IdAllocator::default();
    let mut prose = ProseCollector::for_body(body.len());
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        prose.event(&event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let style = match link_type {
                    LinkType::WikiLink { has_pothole } => LinkStyle::Wiki {
                        has_text: has_pothole,
                    },
                    _ => LinkStyle::Markdown,
                };
                scan.links.push(link_ref(body, range, &dest_url, style));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                scan.links
                    .push(link_ref(body, range, &dest_url, LinkStyle::Image));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, text)) = heading.take() {
                    let id = ids.allocate(custom.unwrap_or_else(|| anchor_id(&text)));
                    scan.headings.push(Heading { level, text, id });
                }
            }
            _ => {}
        }
    }
    scan.prose = prose.finish();
    scan
}

fn link_ref(body: &str, range: std::ops::Range<usize>, dest: &str, style: LinkStyle) -> LinkRef {
    let written = &body[range.clone()];
    // The destination as written: inside `[[…]]` before any `|`, or inside `(…)`.
    let (start, len) = match written.rfind(dest) {
        Some(i) if !dest.is_empty() => (range.start + i, dest.len()),
        _ => (range.start, range.len()),
    };
    LinkRef {
        dest: dest.to_string(),
        style,
        start,
        len,
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The anchor id of a heading: lower case, every run of characters that are not letters
/// or digits made one `-`, none at either end ("When to get help?" -> `when-to-get-help`).
pub fn anchor_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}

/// Makes heading ids unique within a page: the second "Symptoms" becomes `symptoms-1`.
#[derive(Default)]
struct IdAllocator {
    used: std::collections::HashSet<String>,
    /// The next suffix to try for each base, so a page with thousands of equal headings
    /// stays linear instead of retrying `-1`, `-2`, … every time.
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Where a body is shown when it is not the page's own body: inside a handout chapter or
/// a card. Ids the body makes (headings, footnotes) get `id_prefix`, so several bodies fit
/// on one page with unique ids; headings move `demote` levels down (`##` with 1 becomes
/// `<h3>`; none goes below `<h6>`), to sit under the heading of their chapter or card.
/// Links are not changed here: the resolve results passed to [`render_embedded`] already
/// point where they should (a `#…` link to a heading of the same body carries the prefix).
#[derive(Debug, Clone, Copy, Default)]
pub struct Embed<'a> {
    pub id_prefix: &'a str,
    pub demote: u8,
}

/// Renders `body` to HTML. `links` holds one entry per link of [`scan`] in order (`None`
/// leaves a link as written); `headings` are [`scan`]'s headings, whose ids are written.
/// With `raw_html` false, HTML in the Markdown is shown as text instead of kept.
pub fn render(
    body: &str,
    links: &[Option<ResolvedLink>],
    headings: &[Heading],
    raw_html: bool,
) -> String {
    render_embedded(body, links, headings, raw_html, Embed::default())
}

/// [`render`] for a body shown inside another page: see [`Embed`]. Ids written in raw HTML
/// are left as they are.
pub fn render_embedded<'a>(
    body: &'a str,
    links: &'a [Option<ResolvedLink>],
    headings: &'a [Heading],
    raw_html: bool,
    embed: Embed<'_>,
) -> String {
    let mut links = links.iter();
    let mut headings = headings.iter();
    let prefixed = |name: CowStr<'_>| -> CowStr<'static> {
        CowStr::from(format!("{}{name}", embed.id_prefix))
    };
    let demoted = |level: HeadingLevel| match embed.demote {
        0 => level,
        n => match (level_number(level) + n).min(6) {
            1 => HeadingLevel::H1,
            2 => HeadingLevel::H2,
            3 => HeadingLevel::H3,
            4 => HeadingLevel::H4,
            5 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        },
    };
    // Set while inside a wikilink whose text is replaced by the target's title.
    let mut replacing_text = false;
    // For each link open here: whether its `<a>` was left out (its target unpublished),
    // so that its end is left out too. A stack, as an image may sit inside a link.
    let mut unlinked: Vec<bool> = Vec::new();
    // Each event becomes at most two (a wikilink's start and the title that replaces its
    // text): a fixed pair, so no event needs an allocation of its own. Resolved hrefs,
    // titles and heading ids are borrowed, not copied.
    let one = |event: Event<'a>| [Some(event), None];
    let events = Parser::new_ext(body, options()).flat_map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let resolved = links.next().and_then(Option::as_ref);
            let (dest_url, wiki_title) = match resolved {
                Some(ResolvedLink {
                    href: Some(href),
                    title: t,
                }) => (Some(CowStr::Borrowed(href.as_str())), t.as_deref()),
                Some(ResolvedLink { href: None, title }) => (None, title.as_deref()),
                None => (Some(dest_url), None),
            };
            unlinked.push(dest_url.is_none());
            let start = dest_url.map(|dest_url| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            });
            if let (LinkType::WikiLink { has_pothole: false }, Some(t)) = (link_type, wiki_title) {
                replacing_text = true;
                [start, Some(Event::Text(CowStr::Borrowed(t)))]
            } else {
                [start, None]
            }
        }
        Event::End(TagEnd::Link) => {
            replacing_text = false;
            if unlinked.pop().unwrap_or(false) {
                [None, None]
            } else {
                one(Event::End(TagEnd::Link))
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match links.next().and_then(|r| r.as_ref()?.href.as_ref()) {
                Some(href) => CowStr::Borrowed(href.as_str()),
                None => dest_url,
            };
            one(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let id = headings.next().map(|h| {
                if embed.id_prefix.is_empty() {
                    CowStr::Borrowed(h.id.as_str())
                } else {
                    CowStr::from(format!("{}{}", embed.id_prefix, h.id))
                }
            });
            one(Event::Start(Tag::Heading {
                level: demoted(level),
                id,
                classes,
                attrs,
            }))
        }
        Event::End(TagEnd::Heading(level)) => one(Event::End(TagEnd::Heading(demoted(level)))),
        Event::FootnoteReference(name) if !embed.id_prefix.is_empty() => {
            one(Event::FootnoteReference(prefixed(name)))
        }
        Event::Start(Tag::FootnoteDefinition(name)) if !embed.id_prefix.is_empty() => {
            one(Event::Start(Tag::FootnoteDefinition(prefixed(name))))
        }
        Event::Text(_) | Event::Code(_) if replacing_text => [None, None],
        Event::Html(html) | Event::InlineHtml(html) if !raw_html => one(Event::Text(html)),
        other => one(other),
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.flatten());
    html
}

/// The prose of a body, for reading-level figures and search: the text of paragraphs,
/// list items and quotes, one block per paragraph, blocks separated by a blank line.
/// Headings, code, tables, raw HTML and link destinations are left out (link text stays).
/// A block that does not end a sentence gets a full stop, so a list item counts as one.
pub fn prose(body: &str) -> String {
    let mut collector = ProseCollector::for_body(body.len());
    for event in Parser::new_ext(body, options()) {
        collector.event(&event);
    }
    collector.finish()
}

/// Builds [`prose`] from a stream of events, so [`scan`] can collect it in the same pass.
/// Writes each block's words straight into `out`, white space collapsed as it comes.
#[derive(Default)]
struct ProseCollector {
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
    fn for_body(len: usize) -> ProseCollector {
        ProseCollector {
            out: String::with_capacity(len),
            ..ProseCollector::default()
        }
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(
                Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::CodeBlock(_)
                | Tag::Image { .. }
                | Tag::HtmlBlock,
            ) => self.skipping += 1,
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Table
                | TagEnd::CodeBlock
                | TagEnd::Image
                | TagEnd::HtmlBlock,
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

    fn finish(mut self) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_links_with_their_places() {
        let body = "See [[whiplash]] and [[techniques/deep-tissue|deep work]].\n\n[x](../a.md#top) ![i](img.png)\n";
        let scan = scan(body);
        let found: Vec<(&str, &str)> = scan
            .links
            .iter()
            .map(|l| (l.dest.as_str(), &body[l.start..l.start + l.len]))
            .collect();
        assert_eq!(
            found,
            [
                ("whiplash", "whiplash"),
                ("techniques/deep-tissue", "techniques/deep-tissue"),
                ("../a.md#top", "../a.md#top"),
                ("img.png", "img.png")
            ]
        );
        assert_eq!(scan.links[0].style, LinkStyle::Wiki { has_text: false });
        assert_eq!(scan.links[1].style, LinkStyle::Wiki { has_text: true });
    }

    #[test]
    fn wikilink_anchor_stays_in_the_destination() {
        let scan = scan("[[whiplash#symptoms]]");
        assert_eq!(scan.links[0].dest, "whiplash#symptoms");
    }

    #[test]
    fn headings_get_unique_ids() {
        let scan = scan(
            "## When to get help?\n\n## Symptoms\n\n## Symptoms\n\n## Custom {#mine}\n\n## ¿Qué es?\n",
        );
        let ids: Vec<&str> = scan.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "when-to-get-help",
                "symptoms",
                "symptoms-1",
                "mine",
                "qué-es"
            ]
        );
    }

    #[test]
    fn render_rewrites_links_and_titles() {
        let body = "## Top\n\nSee [[whiplash]] and [[whiplash|the neck page]].\n";
        let s = scan(body);
        let resolved = Some(ResolvedLink {
            href: Some("../whiplash/index.html".into()),
            title: Some("Whiplash".into()),
        });
        let html = render(body, &[resolved.clone(), resolved], &s.headings, true);
        assert_eq!(
            html,
            "<h2 id=\"top\">Top</h2>\n<p>See <a href=\"../whiplash/index.html\">Whiplash</a> and <a href=\"../whiplash/index.html\">the neck page</a>.</p>\n"
        );
    }

    /// The plain definition of [`prose`]: each block's text gathered, then its words.
    fn prose_reference(body: &str) -> String {
        let mut out = String::new();
        let mut block = String::new();
        let mut skipping = 0usize;
        let flush = |block: &mut String, out: &mut String| {
            let words: Vec<&str> = block.split_whitespace().collect();
            if !words.is_empty() {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(&words.join(" "));
                if !out.ends_with(['.', '!', '?', ':', ';']) {
                    out.push('.');
                }
            }
            block.clear();
        };
        for event in Parser::new_ext(body, options()) {
            match event {
                Event::Start(
                    Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::CodeBlock(_)
                    | Tag::Image { .. }
                    | Tag::HtmlBlock,
                ) => skipping += 1,
                Event::End(
                    TagEnd::Heading(_)
                    | TagEnd::Table
                    | TagEnd::CodeBlock
                    | TagEnd::Image
                    | TagEnd::HtmlBlock,
                ) => skipping = skipping.saturating_sub(1),
                Event::Text(text) if skipping == 0 => block.push_str(&text),
                Event::SoftBreak | Event::HardBreak if skipping == 0 => block.push(' '),
                Event::End(TagEnd::Paragraph | TagEnd::Item)
                | Event::Start(Tag::List(_) | Tag::Item) => flush(&mut block, &mut out),
                _ => {}
            }
        }
        flush(&mut block, &mut out);
        out
    }

    #[test]
    fn streamed_prose_matches_the_definition() {
        for body in [
            "",
            "   \n\n",
            "One\ntwo  three\n\n- a\n- b.\n  c\n\n1. x\n\n   y\n",
            "A &amp; B&nbsp;C\u{2003}D *e*f `g` h\\\nnext [[x|link text]] <b>raw</b>\n",
            "> quote\n> more\n\n- [ ] task\n- nested\n  - deeper\n\n| t | u |\n|---|---|\n| v | w |\n",
            "Text[^1]\n\n[^1]: Note here\n\n## Head\n\n    code\n\n![img *alt*](p.png) after",
            "- \n- \u{a0}\n-  x\u{85}y\n",
        ] {
            assert_eq!(prose(body), prose_reference(body), "{body:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn streamed_prose_matches_the_definition_on_any_text(
            body in "[a-c .!:*_>#|`\\[\\]()\\-\n\u{a0}\u{2003}1]{0,120}",
        ) {
            proptest::prop_assert_eq!(prose(&body), prose_reference(&body));
        }
    }

    #[test]
    fn prose_keeps_paragraphs_and_items_only() {
        let body = "## Heading\n\nFirst line\nsame paragraph. See [[whiplash|the page]].\n\n- one item\n- two items!\n\n| a | 12 |\n|---|----|\n| b | 13 |\n\n```\ncode here\n```\n\n> A quote `x` here\n";
        assert_eq!(
            prose(body),
            "First line same paragraph. See the page.\n\none item.\n\ntwo items!\n\nA quote here."
        );
    }

    #[test]
    fn embedded_bodies_get_prefixed_ids_and_lower_headings() {
        let body = "## Top\n\n### Deeper\n\n###### Deepest\n\nSee [below](#deeper)[^1].\n\n[^1]: A note.\n";
        let s = scan(body);
        let own = Some(ResolvedLink {
            href: Some("#chapter-x--deeper".into()),
            title: None,
        });
        let html = render_embedded(
            body,
            &[own],
            &s.headings,
            true,
            Embed {
                id_prefix: "chapter-x--",
                demote: 1,
            },
        );
        assert!(
            html.contains("<h3 id=\"chapter-x--top\">Top</h3>"),
            "{html}"
        );
        assert!(
            html.contains("<h4 id=\"chapter-x--deeper\">Deeper</h4>"),
            "{html}"
        );
        assert!(
            html.contains("<h6 id=\"chapter-x--deepest\">Deepest</h6>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"#chapter-x--deeper\">below</a>"),
            "{html}"
        );
        assert!(html.contains("href=\"#chapter-x--1\""), "{html}");
        assert!(html.contains("id=\"chapter-x--1\""), "{html}");
        // Without an embedding, nothing changes.
        assert_eq!(
            render_embedded(body, &[], &s.headings, true, Embed::default()),
            render(body, &[], &s.headings, true)
        );
        assert!(render(body, &[], &s.headings, true).contains("<h2 id=\"top\">"));
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let body = "<script>alert(1)</script>\n\nText <b>bold</b>\n";
        assert!(render(body, &[], &[], true).contains("<script>"));
        let escaped = render(body, &[], &[], false);
        assert!(
            !escaped.contains("<script>") && !escaped.contains("<b>"),
            "{escaped}"
        );
    }
}
