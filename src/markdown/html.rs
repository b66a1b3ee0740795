//! Markdown -> HTML for a page's own body ([`render`]) and for a body shown inside another
//! page ([`render_embedded`]: prefixed ids, lower headings). Needs: [`super::scan`] of the
//! same body, whose links come back resolved in the same order (both walk the same parser
//! with the same options).

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::footnotes::{self, Citable, Events, Note};
use super::{
    Heading, HeadingAttrKind, IdAllocator, ResolvedLink, anchor_id, attribute_verdict, images,
    level_number,
};

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

/// How [`render_embedded`] wrote the start of a link, for writing its end to match.
enum OpenLink {
    /// Left out: the target is not published (a draft), so the text stands alone.
    Unlinked,
    /// As HTML, to carry the address a printed page shows.
    Html,
    /// As Markdown's own link.
    Markdown,
}

/// [`render`] for a body shown inside another page: see [`Embed`]. Ids written in raw HTML
/// are left as they are. Images are written as [`images`] says: a page's own body (no
/// `id_prefix`) loads its first image at once and the others lazily, an embedded body all
/// at once. A link whose resolution has a `print_url` is written with it as
/// `data-print-url`, for the print style sheet to show after the link.
pub fn render_embedded<'a>(
    body: &'a str,
    links: &'a [Option<ResolvedLink>],
    headings: &'a [Heading],
    raw_html: bool,
    embed: Embed<'_>,
) -> String {
    let (mut html, notes) = render_with_notes(body, links, headings, raw_html, embed, &[]);
    html.push_str(&footnotes::notes_html(
        &notes,
        "Back to where this source is cited",
    ));
    html
}

/// [`render_embedded`], with the body's footnotes given apart for the page's template to
/// list ([`footnotes::separate`]); `sources` are the page's sources a body cites by key.
pub fn render_with_notes<'a>(
    body: &'a str,
    links: &'a [Option<ResolvedLink>],
    headings: &'a [Heading],
    raw_html: bool,
    embed: Embed<'_>,
    sources: &[Citable<'_>],
) -> (String, Vec<Note>) {
    let mut links = links.iter();
    let mut headings = headings.iter();
    let mut footnotes = FootnoteIds::new(embed.id_prefix);
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
    // For each open link, how its start was written, so that its end is written the same
    // way. A stack, as an image may sit inside a link.
    let mut open_links: Vec<OpenLink> = Vec::new();
    // Each image's size, in the order of their start events.
    let mut sizes: Vec<Option<(super::ImageSize, bool)>> = Vec::new();
    // Each event becomes at most two (a wikilink's start and the title that replaces its
    // text): a fixed pair, so no event needs an allocation of its own. Resolved hrefs,
    // titles and heading ids are borrowed, not copied.
    let one = |event: Event<'a>| [Some(event), None];
    let events = Events::new(body).flat_map(|(event, _)| match event {
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
                    ..
                }) => (Some(CowStr::Borrowed(href.as_str())), t.as_deref()),
                Some(ResolvedLink {
                    href: None, title, ..
                }) => (None, title.as_deref()),
                None => (Some(dest_url), None),
            };
            // pulldown-cmark writes `mailto:` before an e-mail autolink's address; the
            // resolved href has it already.
            let link_type = match (link_type, resolved) {
                (LinkType::Email, Some(_)) => LinkType::Autolink,
                _ => link_type,
            };
            // An address written as the link's own text is not printed twice.
            let print_url = resolved
                .and_then(|r| r.print_url.as_deref())
                .filter(|_| !matches!(link_type, LinkType::Autolink | LinkType::Email));
            let hreflang = resolved.and_then(|r| r.hreflang.as_deref());
            let (start, open) = match (dest_url, print_url.or(hreflang)) {
                (None, _) => (None, OpenLink::Unlinked),
                (Some(dest_url), Some(_)) => (
                    Some(Event::InlineHtml(
                        link_start_html(&dest_url, &title, print_url, hreflang).into(),
                    )),
                    OpenLink::Html,
                ),
                (Some(dest_url), None) => (
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                    OpenLink::Markdown,
                ),
            };
            open_links.push(open);
            if let (LinkType::WikiLink { has_pothole: false }, Some(t)) = (link_type, wiki_title) {
                replacing_text = true;
                [start, Some(Event::Text(CowStr::Borrowed(t)))]
            } else {
                [start, None]
            }
        }
        Event::End(TagEnd::Link) => {
            replacing_text = false;
            match open_links.pop() {
                Some(OpenLink::Unlinked) => [None, None],
                Some(OpenLink::Html) => one(Event::InlineHtml(CowStr::Borrowed("</a>"))),
                Some(OpenLink::Markdown) | None => one(Event::End(TagEnd::Link)),
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let resolved = links.next().and_then(Option::as_ref);
            sizes.push(resolved.and_then(|r| r.size.map(|s| (s, r.resized))));
            let dest_url = match resolved.and_then(|r| r.href.as_ref()) {
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
        Event::Start(Tag::Heading { level, .. }) => {
            // The scan's heading: its checked id and the attributes that may be written.
            let heading = headings.next();
            let id = heading.map(|h| {
                if embed.id_prefix.is_empty() {
                    CowStr::Borrowed(h.id.as_str())
                } else {
                    CowStr::from(format!("{}{}", embed.id_prefix, h.id))
                }
            });
            let kept = || {
                heading
                    .into_iter()
                    .flat_map(|h| &h.attrs)
                    .filter(|a| attribute_verdict(a, raw_html).is_ok())
                    .map(|a| &a.kind)
            };
            let classes = kept()
                .filter_map(|k| match k {
                    HeadingAttrKind::Class(c) => Some(CowStr::Borrowed(c.as_str())),
                    HeadingAttrKind::Pair { .. } => None,
                })
                .collect();
            let attrs = kept()
                .filter_map(|k| match k {
                    HeadingAttrKind::Pair { name, value } => Some((
                        CowStr::Borrowed(name.as_str()),
                        value.as_deref().map(CowStr::Borrowed),
                    )),
                    HeadingAttrKind::Class(_) => None,
                })
                .collect();
            one(Event::Start(Tag::Heading {
                level: demoted(level),
                id,
                classes,
                attrs,
            }))
        }
        Event::End(TagEnd::Heading(level)) => one(Event::End(TagEnd::Heading(demoted(level)))),
        Event::Text(_) | Event::Code(_) if replacing_text => [None, None],
        Event::Html(html) | Event::InlineHtml(html) if !raw_html => one(Event::Text(html)),
        other => one(other),
    });
    let events: Vec<Event<'a>> = events.flatten().collect();
    // The images, written with their sizes and captions (see [`images`]).
    let events = images::present(
        events,
        &images::Presenting {
            own_body: embed.id_prefix.is_empty(),
            sizes: &sizes,
        },
    );
    let (events, notes) = footnotes::separate(events, sources, &mut |label, definition| {
        if definition {
            footnotes.definition(label)
        } else {
            footnotes.reference(label)
        }
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, notes)
}

/// `<a href="…" title="…" hreflang="…" data-print-url="…">` (each attribute but `href`
/// when it has a value), escaped as pulldown-cmark escapes a link.
fn link_start_html(
    href: &str,
    title: &str,
    print_url: Option<&str>,
    hreflang: Option<&str>,
) -> String {
    use pulldown_cmark_escape::{escape_href, escape_html};
    let mut html = String::from("<a href=\"");
    // Writing to a String cannot fail.
    let _ = escape_href(&mut html, href);
    for (name, value) in [
        ("title", Some(title).filter(|t| !t.is_empty())),
        ("hreflang", hreflang),
        ("data-print-url", print_url),
    ] {
        if let Some(value) = value {
            html.push_str("\" ");
            html.push_str(name);
            html.push_str("=\"");
            let _ = escape_html(&mut html, value);
        }
    }
    html.push_str("\">");
    html
}

/// The ids of a body's footnotes: `PREFIXfn--LABEL` (the label as an [`anchor_id`]), unique
/// on the page. A label names the same footnote however its case is written (as the
/// parser matches them); a second definition of a label gets an id of its own.
struct FootnoteIds<'p> {
    prefix: &'p str,
    by_label: std::collections::HashMap<String, String>,
    defined: std::collections::HashSet<String>,
    ids: IdAllocator,
}

impl<'p> FootnoteIds<'p> {
    fn new(prefix: &'p str) -> Self {
        FootnoteIds {
            prefix,
            by_label: std::collections::HashMap::new(),
            defined: std::collections::HashSet::new(),
            ids: IdAllocator::default(),
        }
    }

    fn fresh(&mut self, label: &str) -> String {
        format!("{}fn--{}", self.prefix, self.ids.allocate(anchor_id(label)))
    }

    fn reference(&mut self, label: &str) -> String {
        let key = label.to_lowercase();
        if let Some(id) = self.by_label.get(&key) {
            return id.clone();
        }
        let id = self.fresh(label);
        self.by_label.insert(key, id.clone());
        id
    }

    fn definition(&mut self, label: &str) -> String {
        if self.defined.insert(label.to_lowercase()) {
            self.reference(label)
        } else {
            self.fresh(label)
        }
    }
}
