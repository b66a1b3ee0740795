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
//! captions are escaped. A picture published in several widths (a PNG, JPEG or WebP of
//! the site) is a `<picture>`: a WebP `<source>` and the `<img>` in its own format, each
//! with a `srcset` of its widths ([`crate::picture::published_widths`], named by
//! [`crate::picture::copy_path`]) and [`SIZES`], its `width` and `height` those of its
//! largest copy; a WebP picture is one `<img>` with its `srcset`. Pure.

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
    pub(super) sizes: &'s [Option<(ImageSize, bool)>],
}

/// How wide a picture is shown, for the browser to choose a width from a `srcset`: the
/// default theme's text column (`--measure`, 46rem, less its padding), or the window
/// less the padding on a narrower screen.
pub(super) const SIZES: &str = "(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)";

/// `events` (a whole body's, with each image's destination already resolved) with every
/// image that is not inside another's description written as one `<img>`, and the
/// paragraphs that hold only an image with a title written as a `<figure>`.
pub(super) fn present<'a>(events: Vec<Event<'a>>, how: &Presenting<'_>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut starts = 0usize;
    let mut shown = 0usize;
    let mut events = events.into_iter().peekable();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let size = how.sizes.get(starts).copied().flatten();
        starts += 1;
        // The description: every event up to the image's own end.
        let mut alt = String::new();
        let mut depth = 0usize;
        for inner in events.by_ref() {
            match &inner {
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
        }
        let figure = !title.is_empty()
            && matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.peek(), Some(Event::End(TagEnd::Paragraph)));
        let lazy = how.own_body && shown > 0;
        shown += 1;
        let alt = if is_decorative(&alt) {
            ""
        } else {
            alt.as_str()
        };
        let img = img_html(&dest_url, alt, (!figure).then_some(&*title), size, lazy);
        if figure {
            // The paragraph's start, and its end, become the figure's.
            out.pop();
            events.next();
            let mut html = String::from("<figure>");
            html.push_str(&img);
            html.push_str("<figcaption>");
            // Writing to a String cannot fail.
            let _ = escape_html(&mut html, &title);
            html.push_str("</figcaption></figure>\n");
            out.push(Event::Html(CowStr::from(html)));
        } else {
            out.push(Event::InlineHtml(CowStr::from(img)));
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
    size: Option<(ImageSize, bool)>,
    lazy: bool,
) -> String {
    let mut html = String::new();
    let copies = match size {
        Some((size, true)) => crate::picture::published_widths(size),
        _ => Vec::new(),
    };
    let own_webp = src
        .rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case("webp"));
    // One width (a picture narrower than the narrowest copy): its one copy, with no
    // widths to choose from (a `w` descriptor would make it as wide as `sizes` when a
    // printed page lets it take its own width).
    let srcset = |html: &mut String, webp: bool| {
        html.push_str(" srcset=\"");
        for (i, copy) in copies.iter().enumerate() {
            if i > 0 {
                html.push_str(", ");
            }
            let path = crate::picture::copy_path(src, copy.width, i + 1 == copies.len(), webp);
            let _ = escape_href(&mut *html, &path);
            if copies.len() > 1 {
                html.push_str(&format!(" {}w", copy.width));
            }
        }
        html.push('"');
        if copies.len() > 1 {
            html.push_str(" sizes=\"");
            html.push_str(SIZES);
            html.push('"');
        }
    };
    if !copies.is_empty() && !own_webp {
        html.push_str("<picture><source type=\"image/webp\"");
        srcset(&mut html, true);
        html.push('>');
    }
    html.push_str("<img src=\"");
    // Writing to a String cannot fail.
    let _ = escape_href(&mut html, src);
    html.push('"');
    if copies.len() > 1 {
        srcset(&mut html, own_webp);
    }
    html.push_str(" alt=\"");
    let _ = escape_html(&mut html, alt);
    html.push('"');
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, title);
        html.push('"');
    }
    if let Some(size) = copies.last().copied().or(size.map(|(s, _)| s)) {
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            size.width, size.height
        ));
    }
    if lazy {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" />");
    if !copies.is_empty() && !own_webp {
        html.push_str("</picture>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::super::{ResolvedLink, render, render_embedded, scan};
    use super::*;

    /// Each image of `body` with the text at the place of its description.
    fn described(body: &str) -> Vec<(String, &str)> {
        scan(body)
            .images
            .iter()
            .map(|i| (i.alt.clone(), &body[i.alt_start..i.alt_start + i.alt_len]))
            .collect()
    }

    #[test]
    fn descriptions_are_read_with_their_places() {
        let body = "![The *lower* back](a.png) ![](b.png)\n\n![One ![inner](c.png) two][r]\n\n![`code` and\nmore](d.png)\n\n[r]: e.png\n";
        assert_eq!(
            described(body),
            [
                ("The lower back".to_string(), "The *lower* back"),
                (String::new(), "![](b.png)"),
                // An image in a description is part of it, not an image of its own.
                ("One inner two".to_string(), "One ![inner](c.png) two"),
                ("code and more".to_string(), "`code` and\nmore"),
            ]
        );
        let s = scan(body);
        let dests: Vec<&str> = s
            .images
            .iter()
            .map(|i| s.links[i.link].dest.as_str())
            .collect();
        assert_eq!(dests, ["a.png", "b.png", "e.png", "d.png"]);
    }

    #[test]
    fn images_are_written_with_sizes_loading_and_captions() {
        let body = "![First](a.png \"A caption & more\")\n\nText ![Decorative](b.svg \"tip\") and ![Second ![x](y.png)](c.png).\n";
        let sized = |w, h| {
            Some(ResolvedLink {
                href: None,
                title: None,
                print_url: None,
                hreflang: None,
                size: Some(ImageSize {
                    width: w,
                    height: h,
                }),
                resized: false,
            })
        };
        let links = [sized(40, 30), sized(600, 8), None, sized(1, 1)];
        assert_eq!(
            render(body, &links, &[], true),
            "<figure><img src=\"a.png\" alt=\"First\" width=\"40\" height=\"30\" /><figcaption>A caption &amp; more</figcaption></figure>\n<p>Text <img src=\"b.svg\" alt=\"\" title=\"tip\" width=\"600\" height=\"8\" loading=\"lazy\" /> and <img src=\"c.png\" alt=\"Second x\" loading=\"lazy\" />.</p>\n"
        );
        // Inside another page (a handout's chapter): every picture loads at once.
        let embedded = render_embedded(
            body,
            &links,
            &[],
            true,
            super::super::Embed {
                id_prefix: "chapter--x--",
                demote: 1,
            },
        );
        assert!(!embedded.contains("loading="), "{embedded}");
    }

    #[test]
    fn a_title_makes_a_figure_only_for_an_image_alone_in_its_paragraph() {
        for (body, figure) in [
            ("![a](x.png \"T\")", true),
            ("> ![a](x.png \"T\")", true),
            ("![a](x.png)", false),
            ("See ![a](x.png \"T\")", false),
            ("[![a](x.png \"T\")](y.md)", false),
            ("- ![a](x.png \"T\")", false),
        ] {
            let html = render(body, &[], &[], true);
            assert_eq!(html.contains("<figure>"), figure, "{body}: {html}");
            assert_eq!(
                html.contains("<p>"),
                !figure && !body.starts_with('-'),
                "{body}: {html}"
            );
        }
        assert!(is_decorative(" DECORATIVE ") && !is_decorative("decorative line"));
    }
}
