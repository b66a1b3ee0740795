//! Markdown: the one place that sets pulldown-cmark's options and walks its events.
//!
//! [`scan`] finds what the resolve stage must check — every link and image destination
//! (with the byte range where it is written: in the link, or in the `[id]: dest`
//! definition of a reference link, read from where the parser found the link, never by
//! searching its text; see [`destination`]) and every heading with its anchor id. [`render`]
//! turns the body into HTML, given one resolution per scanned link, in the same order:
//! both walk the same parser with the same options, so the n-th link of one is the n-th
//! link of the other. [`render_embedded`] renders a body inside another page (a handout's
//! chapter, a card) with prefixed ids and lower headings. Pure functions of their inputs.
//!
//! Ids: every id a body makes is unique on its page by construction. A heading's id is
//! letters, digits, `-` and `_`, composed (NFC), and never holds `--` (see [`anchor_id`] and
//! [`valid_custom_id`]); footnotes are `fn--LABEL`; an embedded body's ids all start with its
//! prefix, which ends in `--`. So the page's own headings, its footnotes, embedded bodies
//! and the theme's ids (which hold `--`, see `render`) can never meet.
//!
//! Raw HTML: with `raw_html` false no HTML written in Markdown reaches a page: HTML blocks
//! and inline HTML are shown as text, and a heading's `{…}` keeps only its id and classes
//! ([`attribute_verdict`]; what it leaves out is a [`MarkupProblem`] for a warning). Every
//! other attribute value pulldown-cmark writes (link and image titles, image alt text,
//! code-block languages) is escaped by it and cannot open a tag or an attribute.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Tag, TagEnd};

mod attributes;
mod destination;
mod footnotes;
mod html;
mod images;
mod prose;

use attributes::heading_attributes;
pub use attributes::{attribute_verdict, markup_problems, valid_custom_id};
pub use footnotes::{Citable, Note, notes_html};
pub use html::{Embed, render, render_embedded, render_with_notes};
pub use images::{DECORATIVE, is_decorative};
use prose::ProseCollector;
pub use prose::{prose, prose_origin, prose_origins};

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
    /// `[text](dest)`, `<https://…>` autolinks and reference links (`[text][id]`).
    Markdown,
    /// `<reception@example.org>`: an e-mail autolink, whose destination is the address
    /// without `mailto:`.
    Email,
    /// `![alt](dest)`.
    Image,
}

/// One link or image destination in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub style: LinkStyle,
    /// Byte range within the body of where the destination is written, as the parser
    /// read it ([`destination`]): in the link (`[text](dest)`, `[[dest|text]]`, `<dest>`)
    /// or, for a reference link (`[text][id]`), in the definition it takes its
    /// destination from (`[id]: dest`). An empty destination is placed at its `()`; one
    /// that cannot be read back as the parser read it (never seen) at the whole link or
    /// definition.
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Where it starts in the body (as the parser found it).
    pub start: usize,
    pub level: u8,
    pub text: String,
    /// Unique among the body's headings, and never holding `--`.
    pub id: String,
    /// The classes and other attributes of its `{…}` block, as written: [`render`] writes
    /// those that [`attribute_verdict`] keeps.
    pub attrs: Vec<HeadingAttr>,
}

/// One class (`.name`) or attribute (`name=value`, `name`) of a heading's `{…}` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadingAttrKind {
    Class(String),
    Pair { name: String, value: Option<String> },
}

/// A [`HeadingAttrKind`] with the byte range of its text in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingAttr {
    pub kind: HeadingAttrKind,
    pub start: usize,
    pub len: usize,
}

/// Something in a body that carebook left out or changed, at its byte range in the body:
/// the load stage reports it as a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupProblem {
    pub start: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// One image of a body, as the parser found it (an image inside another's description is
/// part of that description, not an image of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Its destination: its index in [`Scan::links`].
    pub link: usize,
    /// Its description, as its `alt` is written (before [`is_decorative`] is applied).
    pub alt: String,
    /// Byte range within the body of its description, from where its first event starts
    /// to where its last ends; of the whole image (`![](x.png)`) when it has none.
    pub alt_start: usize,
    pub alt_len: usize,
    /// Byte range within the body of the whole image, `![…](…)`.
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub links: Vec<LinkRef>,
    /// The images, in order.
    pub images: Vec<ImageRef>,
    pub headings: Vec<Heading>,
    /// The body's [`prose`], collected in the same pass.
    pub prose: String,
    /// The footnotes and outside links, the places of a page's citations.
    pub citations: Box<Citations>,
    /// Heading ids that could not be used as written (see [`scan`]); the attributes that
    /// [`attribute_verdict`] leaves out are found by [`markup_problems`].
    pub problems: Vec<MarkupProblem>,
}

/// What a body cites, as [`scan`] found it.
#[derive(Debug, Clone, Default)]
pub struct Citations {
    /// Every footnote reference `[^label]`, defined or not, in order.
    pub footnote_refs: Vec<FootnoteRef>,
    /// Every footnote definition `[^label]: …`, in order.
    pub footnote_defs: Vec<FootnoteDef>,
    /// Where in [`Scan::prose`] each link to an outside address (`http:`, `https:`) starts:
    /// a sentence that holds one cites its source.
    pub outside_links: Vec<usize>,
}

/// A footnote reference as the parser found it ([`footnotes::Events`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    pub label: String,
    /// Byte range of `[^label]` in the body.
    pub range: std::ops::Range<usize>,
    /// Where in [`Scan::prose`] it stands (after the words before it).
    pub prose_at: usize,
    /// The body defines its label (as the parser matches labels: case aside).
    pub defined: bool,
}

/// A footnote definition: its label and the byte range of its `[^label]:` in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDef {
    pub label: String,
    pub range: std::ops::Range<usize>,
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
    /// The address a printed page shows after the link (`data-print-url`), if any.
    pub print_url: Option<String>,
    /// The language of the page it goes to, when it is not the page's own (an entry not
    /// translated yet): written as `hreflang`.
    pub hreflang: Option<String>,
    /// For an image: its width and height, written on its `<img>` so that the page does
    /// not move when it arrives.
    pub size: Option<ImageSize>,
    /// For an image of a picture published in several widths (a PNG, JPEG or WebP of the
    /// site): its `<img>` gets a `srcset` of them, and a WebP `<source>` (see
    /// [`crate::picture::published_widths`]).
    pub resized: bool,
}

pub use crate::picture::ImageSize;

/// A heading while [`scan`] walks it: its level, its custom id (with its place), its
/// other attributes and its text so far.
struct PendingHeading {
    start: usize,
    level: u8,
    custom: Option<(String, usize, usize)>,
    attrs: Vec<HeadingAttr>,
    text: String,
}

/// Finds every link, image and heading of `body`. Heading ids are given custom ids
/// (`{#name}`) first, then the anchors of the other headings, each made unique; a custom
/// id that is not valid ([`valid_custom_id`]) or already taken is a [`MarkupProblem`].
pub fn scan(body: &str) -> Scan {
    let mut scan = Scan::default();
    let mut heading: Option<PendingHeading> = None;
    let mut pending = Vec::new();
    let mut prose = ProseCollector::for_body(body.len());
    // The links and images whose end has not come yet (an image may sit in a link's
    // text, a link in an image's), innermost last: their places are known at their end.
    let mut open: Vec<ScannedLink> = Vec::new();
    // The image whose description is being read (its index in `scan.images`), with the
    // image's whole range and how deep in it the parser is.
    let mut describing: Option<(usize, std::ops::Range<usize>, usize)> = None;
    let mut events = footnotes::Events::new(body);
    while let Some((event, range)) = events.next() {
        match &event {
            Event::FootnoteReference(label) => scan.citations.footnote_refs.push(FootnoteRef {
                label: label.to_string(),
                range: range.clone(),
                prose_at: prose.len(),
                defined: false,
            }),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // `[^label]:` ends at its colon.
                let colon = body[range.clone()].find("]:").map_or(0, |i| i + 2);
                scan.citations.footnote_defs.push(FootnoteDef {
                    label: label.to_string(),
                    range: range.start..range.start + colon,
                });
            }
            Event::Start(Tag::Link { dest_url, .. })
                if ["http://", "https://"].iter().any(|s| {
                    dest_url
                        .get(..s.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(s))
                }) =>
            {
                scan.citations.outside_links.push(prose.len());
            }
            _ => {}
        }
        prose.event(&event);
        describe(&mut scan, &mut describing, &event, &range);
        if matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
            && let Some(link) = open.pop()
        {
            let written = destination::Written {
                range: link.range,
                link_type: link.link_type,
                image: link.style == LinkStyle::Image,
                text_end: link.text_end,
                definition: link.definition,
                dest: &scan.links[link.index].dest,
            };
            let (start, len) = destination::place(body, &written);
            scan.links[link.index].start = start;
            scan.links[link.index].len = len;
        }
        // Every event inside a link's text moves the known end of that text. Only the
        // innermost link is told: an inner link's end event, which spans it all, tells
        // the one around it (so deep nesting costs nothing per event).
        if let Some(link) = open.last_mut() {
            link.text_end = Some(link.text_end.map_or(range.end, |e| e.max(range.end)));
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let style = match link_type {
                    LinkType::WikiLink { has_pothole } => LinkStyle::Wiki {
                        has_text: has_pothole,
                    },
                    LinkType::Email => LinkStyle::Email,
                    _ => LinkStyle::Markdown,
                };
                let definition = definition_range(&events, link_type, &id);
                open.push(ScannedLink::new(
                    &mut scan, range, link_type, definition, &dest_url, style,
                ));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => {
                let definition = definition_range(&events, link_type, &id);
                if describing.is_none() {
                    scan.images.push(ImageRef {
                        link: scan.links.len(),
                        alt: String::new(),
                        alt_start: range.end,
                        alt_len: 0,
                        start: range.start,
                        len: range.len(),
                    });
                    describing = Some((scan.images.len() - 1, range.clone(), 0));
                }
                open.push(ScannedLink::new(
                    &mut scan,
                    range,
                    link_type,
                    definition,
                    &dest_url,
                    LinkStyle::Image,
                ));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let start = range.start;
                let (custom, attrs) =
                    heading_attributes(body, range, id, &classes, &attrs, &mut scan.problems);
                heading = Some(PendingHeading {
                    start,
                    level: level_number(level),
                    custom,
                    attrs,
                    text: String::new(),
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => pending.extend(heading.take()),
            _ => {}
        }
    }
    let mut ids = IdAllocator::default();
    let custom: Vec<Option<String>> = pending
        .iter()
        .map(|h| {
            let (id, start, len) = h.custom.as_ref()?;
            let given = ids.allocate(id.clone());
            if &given != id {
                scan.problems.push(MarkupProblem {
                    start: *start,
                    len: *len,
                    message: format!("another heading of this page already has the id `{id}`, so this one gets `{given}`"),
                    help: format!("give each heading its own id, or remove `#{id}`"),
                });
            }
            Some(given)
        })
        .collect();
    scan.headings = pending
        .into_iter()
        .zip(custom)
        .map(|(h, custom)| Heading {
            start: h.start,
            id: custom.unwrap_or_else(|| ids.allocate(anchor_id(&h.text))),
            level: h.level,
            text: h.text,
            attrs: h.attrs,
        })
        .collect();
    scan.prose = prose.finish();
    let defined: std::collections::HashSet<String> = scan
        .citations
        .footnote_defs
        .iter()
        .map(|d| d.label.to_lowercase())
        .collect();
    for r in &mut scan.citations.footnote_refs {
        r.defined = defined.contains(&r.label.to_lowercase());
    }
    scan
}

/// Adds what `event` (at `range`) gives the description of the image being read, if any
/// ([`images::alt_piece`]), and ends it at the image's end: an image without a description
/// is placed at the whole image.
fn describe(
    scan: &mut Scan,
    describing: &mut Option<(usize, std::ops::Range<usize>, usize)>,
    event: &Event<'_>,
    range: &std::ops::Range<usize>,
) {
    let Some((index, whole, depth)) = describing.as_mut() else {
        return;
    };
    let image = &mut scan.images[*index];
    match event {
        Event::Start(Tag::Image { .. }) => *depth += 1,
        Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
        Event::End(TagEnd::Image) => {
            if image.alt.is_empty() {
                image.alt_start = whole.start;
                image.alt_len = whole.len();
            }
            *describing = None;
        }
        other => {
            if let Some(piece) = images::alt_piece(other) {
                if image.alt.is_empty() {
                    image.alt_start = range.start;
                }
                image.alt.push_str(&piece);
                image.alt_len = range.end.saturating_sub(image.alt_start);
            }
        }
    }
}

/// For a reference link or image (`[text][id]`, `[text][]`, `[id]`), the byte range of
/// the definition it takes its destination from (`[id]: dest "title"`), as the parser
/// recorded it; `None` for other links.
fn definition_range(
    events: &footnotes::Events<'_>,
    link_type: LinkType,
    id: &str,
) -> Option<std::ops::Range<usize>> {
    match link_type {
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => events
            .reference_definitions()
            .get(id)
            .map(|d| d.span.clone()),
        _ => None,
    }
}

/// A link or image of [`scan`] whose end event has not come yet.
struct ScannedLink {
    /// Its [`LinkRef`] in `scan.links`, placed (`start`, `len`) when its end comes.
    index: usize,
    style: LinkStyle,
    range: std::ops::Range<usize>,
    link_type: LinkType,
    definition: Option<std::ops::Range<usize>>,
    /// Where the last event of its text seen so far ends.
    text_end: Option<usize>,
}

impl ScannedLink {
    /// Adds the link at `range` to `scan`, placed at the whole link (or `definition`)
    /// until [`destination::place`] finds where its destination is written.
    fn new(
        scan: &mut Scan,
        range: std::ops::Range<usize>,
        link_type: LinkType,
        definition: Option<std::ops::Range<usize>>,
        dest: &str,
        style: LinkStyle,
    ) -> ScannedLink {
        let whole = definition.clone().unwrap_or(range.clone());
        scan.links.push(LinkRef {
            dest: dest.to_string(),
            style,
            start: whole.start,
            len: whole.len(),
        });
        ScannedLink {
            index: scan.links.len() - 1,
            style,
            range,
            link_type,
            definition,
            text_end: None,
        }
    }
}

pub(super) fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The anchor id of a heading: its text made a slug as a file name is
/// ([`crate::names::slugify`]): lower case, every run of characters that are not letters
/// or digits made one `-`, none at either end ("When to get help?" -> `when-to-get-help`),
/// accented letters composed (NFC), so a heading and a link to it agree however either
/// stores its accents. `section` when nothing is left.
pub fn anchor_id(text: &str) -> String {
    let id = crate::names::slugify(text);
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Makes heading ids unique within a page: the second "Symptoms" becomes `symptoms-1`.
#[derive(Default)]
pub(super) struct IdAllocator {
    used: std::collections::HashSet<String>,
    /// The next suffix to try for each base, so a page with thousands of equal headings
    /// stays linear instead of retrying `-1`, `-2`, … every time.
    next: std::collections::HashMap<String, usize>,
}

impl IdAllocator {
    pub(super) fn allocate(&mut self, base: String) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each link's destination in `scan` of `body`, with the text at the place it gives.
    fn places<'a>(scan: &'a Scan, body: &'a str) -> Vec<(&'a str, &'a str)> {
        scan.links
            .iter()
            .map(|l| (l.dest.as_str(), &body[l.start..l.start + l.len]))
            .collect()
    }

    #[test]
    fn scan_finds_links_with_their_places() {
        let body = "See [[whiplash]] and [[techniques/deep-tissue|deep work]].\n\n[x](../a.md#top) ![i](img.png)\n";
        let scan = scan(body);
        assert_eq!(
            places(&scan, body),
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

    /// Where each link's destination is written, as (dest, start, len), for many forms:
    /// the destination also written before it (in the text, in an image of the text),
    /// after it (in the title), with escapes and entities, on the next line, in quotes,
    /// lists and tables.
    #[test]
    fn destinations_are_placed_where_they_are_written() {
        for (body, expected) in [
            ("[a.md](a.md \"a.md\")", vec![("a.md", 7, 4)]),
            ("[x](x)", vec![("x", 4, 1)]),
            ("[x](x 'x') [x](x (x))", vec![("x", 4, 1), ("x", 15, 1)]),
            ("[`b.md`](b.md)", vec![("b.md", 9, 4)]),
            ("[*b.md* b.md ](b.md)", vec![("b.md", 15, 4)]),
            ("[b.md\\]](b.md)", vec![("b.md", 9, 4)]),
            ("[](b.md)", vec![("b.md", 3, 4)]),
            ("![b.png](b.png \"b.png\")", vec![("b.png", 9, 5)]),
            ("![](b.png)", vec![("b.png", 4, 5)]),
            (
                "[![b.png](b.png)](b.png)",
                vec![("b.png", 18, 5), ("b.png", 10, 5)],
            ),
            ("[<b.md>](<b.md>)", vec![("b.md", 10, 4)]),
            ("[a](<a b.md> \"a b.md\")", vec![("a b.md", 5, 6)]),
            ("[a](a\\(b\\).md)", vec![("a(b).md", 4, 9)]),
            ("[a](a(b)c.md)", vec![("a(b)c.md", 4, 8)]),
            ("[a&amp;b](a&amp;b.md)", vec![("a&b.md", 10, 10)]),
            ("[a](\t  a.md  )", vec![("a.md", 7, 4)]),
            ("[a.md](\n  a.md\n  \"a.md\")", vec![("a.md", 10, 4)]),
            ("[a.md](\r\na.md)", vec![("a.md", 9, 4)]),
            ("> [a.md](\n> a.md)", vec![("a.md", 12, 4)]),
            ("> > [a](\n> > \\>a)", vec![(">a", 13, 3)]),
            ("> [a](\n>a.md)", vec![("a.md", 8, 4)]),
            ("- [a.md](\n  a.md)", vec![("a.md", 12, 4)]),
            ("[a.md]()", vec![("", 6, 2)]),
            ("[a.md](<>)", vec![("", 6, 4)]),
            ("é [é.md](é.md)", vec![("é.md", 11, 5)]),
            ("| a |\n|---|\n| [a\\|b](a\\|b) |", vec![("a|b", 21, 4)]),
            ("[[a]] [[a|a]]", vec![("a", 2, 1), ("a", 8, 1)]),
            ("![[a.png]]", vec![("a.png", 3, 5)]),
            ("[[b|b]]", vec![("b", 2, 1)]),
            (
                "<https://a.org> <a@b.org>",
                vec![("https://a.org", 1, 13), ("a@b.org", 17, 7)],
            ),
            (
                "[a.md][r] [r]\n\n[r]: a.md \"a.md\"",
                vec![("a.md", 20, 4), ("a.md", 20, 4)],
            ),
            ("[a][r]\n\n> [r]:\n> <a.md>", vec![("a.md", 18, 4)]),
            ("[a][r\\]]\n\n[r\\]]: a.md", vec![("a.md", 17, 4)]),
        ] {
            let scanned = scan(body);
            let found: Vec<(&str, usize, usize)> = scanned
                .links
                .iter()
                .map(|l| (l.dest.as_str(), l.start, l.len))
                .collect();
            let expected: Vec<(&str, usize, usize)> = expected;
            assert_eq!(found, expected, "{body:?}");
        }
    }

    #[test]
    fn prose_is_traced_to_where_it_is_written() {
        let body = "## Rest well\n\nRest well. *Rest* well,\n  rest   well today.\n\n- A &amp; B rest\n\n> Quoted\\* rest well\n\n    rest code\n\nlast";
        let prose = prose(body);
        assert_eq!(
            prose,
            "Rest well. Rest well, rest well today.\n\nA & B rest.\n\nQuoted* rest well.\n\nlast."
        );
        // Each word of the prose, at its n-th place there: where it is written.
        for (word, nth, expected) in [
            ("Rest", 0, Some(14)),
            ("well.", 0, Some(19)),
            ("Rest", 1, Some(26)),
            ("well,", 0, Some(32)),
            ("rest", 0, Some(40)),
            ("today.", 0, Some(52)),
            // Inside a word: there in the word as written.
            ("ell", 2, Some(48)),
            ("A", 0, Some(62)),
            // An entity is read as another text than is written: its start.
            ("&", 0, Some(64)),
            ("B", 0, Some(70)),
            ("rest.", 0, Some(72)),
            ("Quoted*", 0, Some(80)),
            ("rest", 2, Some(89)),
            ("last.", 0, Some(115)),
        ] {
            let at = prose.match_indices(word).nth(nth).unwrap().0;
            assert_eq!(prose_origin(body, at), expected, "{word} {nth}");
        }
        assert_eq!(prose_origin(body, prose.len()), None);
        assert_eq!(prose_origin(body, prose.find("\n\n").unwrap()), None);
        // All at once, in any order, from one parse: the same places.
        let mut ats: Vec<usize> = (0..=prose.len()).rev().collect();
        ats.push(3);
        let one_by_one: Vec<Option<usize>> = ats.iter().map(|&at| prose_origin(body, at)).collect();
        assert_eq!(prose_origins(body, &ats), one_by_one);
    }

    #[test]
    fn reference_links_are_placed_at_their_definition() {
        let body = "Use [one][guide], [two][Guide], [guide][] and [guide].\n\n> [guide]: ../a.md \"T\"\n\n![fig]\n\n[fig]:\n  img.png\n";
        let scan = scan(body);
        assert_eq!(
            places(&scan, body),
            [
                ("../a.md", "../a.md"),
                ("../a.md", "../a.md"),
                ("../a.md", "../a.md"),
                ("../a.md", "../a.md"),
                ("img.png", "img.png")
            ]
        );
        // In the definition, not in the text of the uses before it.
        assert_eq!(scan.links[0].start, body.find(": ../a.md").unwrap() + 2);
        assert_eq!(scan.links[4].start, body.rfind("img.png").unwrap());
    }

    #[test]
    fn email_autolinks_are_mailto_links_once() {
        let body = "Write to <reception@example.org>.\n";
        let scan = scan(body);
        assert_eq!(scan.links[0].style, LinkStyle::Email);
        assert_eq!(scan.links[0].dest, "reception@example.org");
        let resolved = Some(ResolvedLink {
            href: Some("mailto:reception@example.org".into()),
            title: None,
            print_url: None,
            hreflang: None,
            size: None,
            resized: false,
        });
        assert_eq!(
            render(body, &[resolved], &[], true),
            "<p>Write to <a href=\"mailto:reception@example.org\">reception@example.org</a>.</p>\n"
        );
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
            print_url: None,
            hreflang: None,
            size: None,
            resized: false,
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
        // A reference is no text, defined or not (`[^x]` without a definition too).
        for (event, _) in footnotes::Events::new(body) {
            match event {
                Event::Start(
                    Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::CodeBlock(_)
                    | Tag::Image { .. }
                    | Tag::HtmlBlock
                    | Tag::FootnoteDefinition(_),
                ) => skipping += 1,
                Event::End(
                    TagEnd::Heading(_)
                    | TagEnd::Table
                    | TagEnd::CodeBlock
                    | TagEnd::Image
                    | TagEnd::HtmlBlock
                    | TagEnd::FootnoteDefinition,
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
            "Text[^1] and[^none] more\n\n[^1]: Note here\n\n## Head\n\n    code\n\n![img *alt*](p.png) after",
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
            print_url: None,
            hreflang: None,
            size: None,
            resized: false,
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
        assert!(html.contains("href=\"#chapter-x--fn--1\""), "{html}");
        assert!(html.contains("id=\"chapter-x--fn--1\""), "{html}");
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

    /// The ids and the attributes a heading is written with, as HTML.
    fn heading_html(body: &str, raw_html: bool) -> String {
        let s = scan(body);
        render(body, &[], &s.headings, raw_html)
    }

    #[test]
    fn raw_html_off_keeps_only_a_headings_id_and_plain_classes() {
        for (body, raw_html, expected) in [
            (
                "## Call us {onclick=alert(1)}",
                false,
                "<h2 id=\"call-us\">Call us</h2>\n",
            ),
            (
                "## Call us {onclick=alert(1)}",
                true,
                "<h2 id=\"call-us\" onclick=\"alert(1)\">Call us</h2>\n",
            ),
            (
                "## A {#top .x style=color:red .y:z}",
                false,
                "<h2 id=\"top\" class=\"x\">A</h2>\n",
            ),
            ("## A {autofocus onfocus=x}", false, "<h2 id=\"a\">A</h2>\n"),
            ("## A {id=evil class=evil}", true, "<h2 id=\"a\">A</h2>\n"),
            (
                "## A {data-x=\"1\" a'b=2}",
                true,
                "<h2 id=\"a\" data-x=\"&quot;1&quot;\">A</h2>\n",
            ),
            (
                "A {.c onclick=x}\n===",
                false,
                "<h1 id=\"a\" class=\"c\">A</h1>\n",
            ),
        ] {
            assert_eq!(
                heading_html(body, raw_html),
                expected,
                "{body} (raw_html: {raw_html})"
            );
        }
    }

    #[test]
    fn what_a_heading_loses_is_reported_at_its_place() {
        let body = "Intro.\n\n## Call us {#bad--id .ok onclick=alert(1)}\n\n> Quote\n> text {#a #b}\n> ---\n";
        let s = scan(body);
        let problems = markup_problems(&s, false);
        let places: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (&body[p.start..p.start + p.len], p.message.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    "#bad--id",
                    "the heading id `bad--id` cannot be used: an id is letters, digits, `-` and `_`, with no `--` and no `-` at its start or end"
                ),
                (
                    "onclick=alert(1)",
                    "the heading attribute `onclick` was left out: with `raw_html: false` a heading may only have an id (`{#name}`) and classes (`{.name}`)"
                ),
                (
                    "#a",
                    "this heading has more than one id; only the last one, `#b`, is used"
                ),
            ]
        );
        assert_eq!(s.headings[0].id, "call-us");
        assert_eq!(s.headings[1].id, "b");
        // With raw HTML on, the handler is kept and not reported.
        assert_eq!(markup_problems(&s, true).len(), 2);
    }

    #[test]
    fn custom_ids_come_first_and_stay_unique() {
        let body = "## Symptoms\n\n## Signs {#symptoms}\n\n## Other {#symptoms}\n";
        let s = scan(body);
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["symptoms-2", "symptoms", "symptoms-1"]);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert_eq!(
            &body[s.problems[0].start..][..s.problems[0].len],
            "#symptoms"
        );
        assert!(s.problems[0].start > body.find("Other").unwrap());
        for id in ["main", "a_b", "épaule", "x1"] {
            assert!(valid_custom_id(id), "{id}");
        }
        for id in ["a--b", "-a", "a-", "a b", "a\"b", "a.b", ""] {
            assert!(!valid_custom_id(id), "{id}");
        }
    }

    #[test]
    fn footnote_ids_are_namespaced_matched_by_label_and_never_repeated() {
        let body = "## Note\n\nA[^note] B[^Note] C[^a b].\n\n[^note]: One.\n\n[^NOTE]: Again.\n\n[^a b]: Two.\n";
        let html = render(body, &[], &scan(body).headings, true);
        assert!(html.contains("<h2 id=\"note\">Note</h2>"), "{html}");
        assert_eq!(html.matches("href=\"#fn--note\"").count(), 2, "{html}");
        assert_eq!(html.matches("id=\"fn--note\"").count(), 1, "{html}");
        assert!(html.contains("id=\"fn--note-1\""), "{html}");
        assert!(
            html.contains("href=\"#fn--a-b\"") && html.contains("id=\"fn--a-b\""),
            "{html}"
        );
    }

    #[test]
    fn a_link_to_a_page_in_another_language_says_which() {
        let body = "[[y]] and [y](y.md)";
        let s = scan(body);
        let link = |print_url: Option<&str>| {
            Some(ResolvedLink {
                href: Some("../y/".into()),
                title: Some("Gentle stroking".into()),
                print_url: print_url.map(str::to_string),
                hreflang: Some("en-GB".into()),
                size: None,
                resized: false,
            })
        };
        let html = render(
            body,
            &[link(None), link(Some("https://x.org/y/"))],
            &s.headings,
            true,
        );
        assert_eq!(
            html,
            "<p><a href=\"../y/\" hreflang=\"en-GB\">Gentle stroking</a> and <a href=\"../y/\" hreflang=\"en-GB\" data-print-url=\"https://x.org/y/\">y</a></p>\n"
        );
    }

    #[test]
    fn links_with_a_print_url_carry_it() {
        let body = "[a](x.md \"T \\\"q\\\"\") and [[y]] and ![i](z.png)";
        let s = scan(body);
        let link = |href: &str, url: Option<&str>| {
            Some(ResolvedLink {
                href: Some(href.into()),
                title: Some("Y".into()),
                print_url: url.map(str::to_string),
                hreflang: None,
                size: None,
                resized: false,
            })
        };
        let html = render(
            body,
            &[
                link("../x/index.html", Some("https://e.org/x/?a=1&b=\"")),
                link("#y", None),
                link("z.png", Some("https://e.org/z.png")),
            ],
            &s.headings,
            false,
        );
        assert_eq!(
            html,
            "<p><a href=\"../x/index.html\" title=\"T &quot;q&quot;\" data-print-url=\"https://e.org/x/?a=1&amp;b=&quot;\">a</a> and <a href=\"#y\">Y</a> and <img src=\"z.png\" alt=\"i\" /></p>\n"
        );
    }
}
