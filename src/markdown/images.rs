//! Images as a page writes them: their description (alt text) read from the parser's
//! events the one way both [`super::scan`] and [`super::render`] read it, and each
//! `<img>` written with its size, its loading and, alone in its paragraph with a title,
//! as a `<figure>` with that title as its caption.
//!
//! Guarantees: an image's `alt` is the text of everything between its `![` and `]`, as
//! pulldown-cmark gives it (an image inside another's description adds its own text, and
//! is no image of its own), escaped; the description `decorative` (in any case, alone)
//! gives `alt=""`, the way a screen reader is told to pass a picture by; `width` and
//! `height` are written when the resolve stage knows them; `loading="lazy"` is on every
//! image of a page's own body but its first (likely on the first screen), and on none
//! shown inside another page (a handout's chapters, which are printed; a card). Titles and
//! captions are escaped. Pure.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::ImageSize;

/// The description that marks a picture as decoration only: `![decorative](line.svg)`.
pub const DECORATIVE: &str = "decorative";

/// Is `alt`, an image's description, the mark of a decorative picture?
pub fn is_decorative(alt: &str) -> bool {
    alt.trim().eq_ignore_ascii_case(DECORATIVE)
}

/// What `event`, inside an image's description, adds to its alt text (as pulldown-cmark
/// writes an `alt`: text and code as they are, a line break as a space; tags and HTML
/// blocks nothing).
pub(super) fn alt_piece<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => Some(Cow::Borrowed(t)),
        Event::InlineMath(t) => Some(Cow::Owned(format!("${t}$"))),
        Event::DisplayMath(t) => Some(Cow::Owned(format!("$${t}$$"))),
        Event::SoftBreak | Event::HardBreak | Event::Rule => Some(Cow::Borrowed(" ")),
        Event::TaskListMarker(true) => Some(Cow::Borrowed("[x]")),
        Event::TaskListMarker(false) => Some(Cow::Borrowed("[ ]")),
        _ => None,
    }
}

/// How the images of a body are written: whether it is a page's own body (its first image
/// loads at once, the others lazily) or one shown inside another page (every image loads
/// at once), and each image's size, in the order of the images' start events.
pub(super) struct Presenting<'s> {
    pub(super) own_body: bool,
    pub(super) sizes: &'s [Option<ImageSize>],
}

/// `events` (a whole body's, with each image's destination already resolved) with every
/// image that is not inside another's description written as one `<img>`, and the
/// paragraphs that hold only an image with a title written as a `<figure>`.
pub(super) fn present<'a>(events: Vec<Event<'a>>, how: &Presenting<'_>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut starts = 0usize;
    let mut shown = 0usize;
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &events[i]
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let size = how.sizes.get(starts).copied().flatten();
        starts += 1;
        // The description: every event up to the image's own end.
        let mut alt = String::new();
        let mut depth = 0usize;
        let mut end = i + 1;
        while end < events.len() {
            match &events[end] {
                Event::Start(Tag::Image { .. }) => {
                    starts += 1;
                    depth += 1;
                }
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                other => {
                    if let Some(piece) = alt_piece(other) {
                        alt.push_str(&piece);
                    }
                }
            }
            end += 1;
        }
        let figure = !title.is_empty()
            && matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        let lazy = how.own_body && shown > 0;
        shown += 1;
        let alt = if is_decorative(&alt) {
            ""
        } else {
            alt.as_str()
        };
        let img = img_html(dest_url, alt, (!figure).then_some(&**title), size, lazy);
        if figure {
            out.pop();
            let mut html = String::from("<figure>");
            html.push_str(&img);
            html.push_str("<figcaption>");
            // Writing to a String cannot fail.
            let _ = escape_html(&mut html, title);
            html.push_str("</figcaption></figure>\n");
            out.push(Event::Html(CowStr::from(html)));
            // The image's end, then its paragraph's.
            i = end + 2;
        } else {
            out.push(Event::InlineHtml(CowStr::from(img)));
            i = end + 1;
        }
    }
    out
}

/// `<img src="…" alt="…" title="…" width="…" height="…" loading="lazy" />`, escaped as
/// pulldown-cmark escapes an image.
fn img_html(
    src: &str,
    alt: &str,
    title: Option<&str>,
    size: Option<ImageSize>,
    lazy: bool,
) -> String {
    let mut html = String::from("<img src=\"");
    // Writing to a String cannot fail.
    let _ = escape_href(&mut html, src);
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut html, alt);
    html.push('"');
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, title);
        html.push('"');
    }
    if let Some(size) = size {
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            size.width, size.height
        ));
    }
    if lazy {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" />");
    html
}
