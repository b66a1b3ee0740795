//! Handout pages: one printable document that holds its entries as chapters, for the web
//! and for `build --pdf`; and what a printed page needs (CSS strings, QR codes, footers).
//!
//! Guarantees: each chapter's body is rendered with its ids prefixed (`chapter--SLUG--…`)
//! and its headings one level down, and every link to an entry that is a chapter of the
//! same handout (or the handout itself) points inside the page. For `build --pdf` the
//! same page is rendered once more ([`Renderer::render_handout_for_pdf`]) with the
//! contents' page numbers and, when `base_url` is set, absolute links to other pages.
//! Needs: a [`Reader`] of a resolved site. Pure.

use serde::Serialize;

use crate::graph::{EntryId, Site};
use crate::markdown;

use super::Renderer;
use super::links::{Chapters, Place, root_of};
use super::reads::{Reader, Source};
use super::strings::Table;
use super::views::EntryView;

/// What a handout page is rendered for.
#[derive(Clone, Copy)]
pub(super) enum Purpose<'p> {
    /// Its web page.
    Web,
    /// The page to print to its PDF: links to other pages absolute when the site has a
    /// `base_url` (a PDF is read away from the site), and the page each chapter starts
    /// on once known (one per chapter, in order).
    Pdf { pages: Option<&'p [u32]> },
}

#[derive(Serialize)]
struct ChapterView<'s> {
    /// The chapter's id on the handout page: `chapter--SLUG`. Ids inside the chapter's
    /// body are `chapter--SLUG--HEADING`.
    anchor: String,
    /// 1, 2, 3 … in the handout's order.
    number: usize,
    /// The page the chapter starts on in the handout's PDF; set only when printing it.
    page: Option<u32>,
    /// The entry's body for this chapter: ids prefixed with `anchor--`, headings one level
    /// down (under the chapter's `<h2>`), links to other chapters kept inside the page.
    body: tera::Value,
    entry: EntryView<'s>,
}

#[derive(Serialize)]
struct HandoutView<'s> {
    subtitle: Option<String>,
    author: Option<String>,
    course: Option<String>,
    /// As written (`date:` is free text), or "22 October 2026" for a YYYY-MM-DD date.
    date: Option<String>,
    /// The date as YYYY-MM-DD, when `date:` is one.
    date_iso: Option<String>,
    /// "Scan the code or go to ADDRESS for the latest version.", when the site has a
    /// `base_url`.
    scan_text: Option<String>,
    chapters: Vec<ChapterView<'s>>,
    /// True while carebook renders the page to print it to PDF (`build --pdf`).
    pdf: bool,
    /// `page_break: chapters`: every chapter starts a new printed page.
    page_break: bool,
}

/// The chapters of handout `id` in order, each with its anchor on the handout page:
/// `chapter--SLUG`, or `chapter--FOLDER-SLUG` when two chapters share a slug. Slugs never
/// hold `--`, so the ids of a chapter's body (`chapter--SLUG--HEADING`) cannot meet
/// another chapter's, and the `--` keeps them apart from the handout's own headings.
pub fn handout_chapters(site: &Site, id: EntryId) -> Vec<(EntryId, String)> {
    chapter_anchors(&Source::new(site).reader(), id)
}

fn chapter_anchors(reader: &Reader<'_>, id: EntryId) -> Vec<(EntryId, String)> {
    let config = reader.config();
    let mut used = std::collections::HashSet::new();
    // A translated handout holds its source's chapters, each in the handout's language
    // where it is translated.
    let language = reader.meta(id).language();
    reader
        .full(reader.source_of(id))
        .outgoing()
        .iter()
        .flat_map(|o| o.targets.iter().copied())
        .map(|t| {
            let t = reader.in_language(t, language);
            let e = reader.meta(t);
            let folder = crate::content::slugify(&config.kinds[e.kind()].folder);
            let mut anchor = format!("chapter--{}", e.slug());
            if used.contains(&anchor) {
                anchor = format!("chapter--{folder}-{}", e.slug());
            }
            let base = anchor.clone();
            let mut n = 2;
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            (t, anchor)
        })
        .collect()
}

impl<'a> Renderer<'a> {
    /// A handout page at `path`: cover, contents, introduction and one chapter per entry
    /// it lists, for `purpose`.
    pub(super) fn render_handout(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        path: &str,
        purpose: Purpose<'_>,
        t: &Table,
    ) -> Result<String, crate::diagnostic::Diagnostic> {
        let chapters = Chapters {
            handout: id,
            anchors: chapter_anchors(reader, id),
        };
        let (pdf, pages) = match purpose {
            Purpose::Web => (false, None),
            Purpose::Pdf { pages } => (true, pages),
        };
        let place = Place {
            handout: Some(&chapters),
            absolute: pdf,
            ..Place::page_in(path, reader.meta(id).language())
        };
        let chapter_views = chapters
            .anchors
            .iter()
            .enumerate()
            .map(|(i, (chapter, anchor))| {
                let prefix = format!("{anchor}--");
                let entry = self.entry_view(
                    reader,
                    *chapter,
                    &place,
                    markdown::Embed {
                        id_prefix: &prefix,
                        demote: 1,
                    },
                    t,
                );
                ChapterView {
                    anchor: anchor.clone(),
                    number: i + 1,
                    page: pages.and_then(|p| p.get(i).copied()),
                    body: entry.body.clone(),
                    entry,
                }
            })
            .collect();
        let e = reader.meta(id);
        let front = e.front();
        let date_iso = front
            .date
            .as_deref()
            .and_then(crate::frontmatter::parse_date);
        let handout = HandoutView {
            subtitle: front.subtitle.clone(),
            author: front.author.clone(),
            course: front.course.clone(),
            date: match date_iso {
                Some(d) => Some(t.date(d)),
                None => front.date.clone(),
            },
            date_iso: date_iso.map(|d| d.to_string()),
            scan_text: self
                .absolute_url(reader, id)
                .map(|url| t.fill("scan_or_go", &[("url", &url)])),
            chapters: chapter_views,
            pdf,
            page_break: front.page_break == crate::frontmatter::PageBreak::Chapters,
        };
        #[derive(Serialize)]
        struct HandoutPage<'s> {
            entry: EntryView<'s>,
            handout: HandoutView<'s>,
        }
        let view = HandoutPage {
            entry: self.entry_view(reader, id, &place, markdown::Embed::default(), t),
            handout,
        };
        let job = super::PageJob::Entry(id);
        let language = reader.page_language(&job);
        let head = super::Head::new(path, e.title(), e.summary(), language);
        self.render_page(reader, &job, t, "handout.html", head, &view)
    }

    /// The handout `id` as the page to print to its PDF (`build --pdf`): the handout page
    /// with links to other pages absolute (when `base_url` is set) and, once known, the
    /// page each chapter starts on (`pages`, one per chapter of [`handout_chapters`]).
    pub fn render_handout_for_pdf(
        &self,
        id: EntryId,
        pages: Option<&[u32]>,
    ) -> Result<String, crate::diagnostic::Diagnostic> {
        let reader = self.source.reader();
        let job = super::PageJob::Entry(id);
        let path = reader.page_path(&job);
        let t = self.table(&reader, &job);
        self.render_handout(&reader, id, &path, Purpose::Pdf { pages }, t)
    }

    /// The running footers of handout `id`'s PDF, as a page to print with the same style
    /// sheet and paper: one printed page per page of the PDF, empty but for the review date
    /// of `dates[i]` (an entry, or `None` for no date) where the handout page leaves it
    /// out. `build --pdf` lays each of its pages over the handout's page of the same number,
    /// so each page shows the review date of the text on it (see `crate::pdf`).
    pub fn handout_footers(&self, id: EntryId, dates: &[Option<EntryId>]) -> String {
        use std::fmt::Write;
        let reader = self.source.reader();
        let config = reader.config();
        let job = super::PageJob::Entry(id);
        let path = reader.page_path(&job);
        let t = self.table(&reader, &job);
        let mut css = String::new();
        let mut body = String::new();
        for (i, date) in dates.iter().enumerate() {
            let n = i + 1;
            if let Some(e) = date {
                let _ = write!(
                    css,
                    "  @page footer-{n} {{ @bottom-right {{ content: {}; }} }}\n  .footer-{n} {{ page: footer-{n}; }}\n",
                    review_label(t, reader.meta(*e).front().reviewed)
                );
            }
            let _ = write!(body, "<div class=\"footer-page footer-{n}\"></div>");
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Footers</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n<style>\n@media print {{\n  @page {{ size: {paper}; @bottom-left {{ content: none; }} @bottom-center {{ content: none; }} @bottom-right {{ content: none; }} }}\n{css}  html, body {{ background: none; }}\n  .footer-page {{ height: 1px; break-after: page; }}\n  .footer-page:last-child {{ break-after: auto; }}\n}}\n</style>\n</head>\n<body>{body}</body>\n</html>\n",
            lang = t.tag(),
            dir = t.dir(),
            root = root_of(&path),
            paper = config.paper.css_size(),
        )
    }
}

/// A review date for a printed footer, as a CSS string ([`css_string`]), in `t`'s
/// language: `"Reviewed 1 October 2026"`, or `"Not reviewed yet"`.
pub(super) fn review_label(t: &Table, reviewed: Option<jiff::civil::Date>) -> String {
    css_string(&match reviewed {
        Some(d) => t.fill("footer_reviewed", &[("date", &t.date(d))]),
        None => t.get("footer_not_reviewed").to_string(),
    })
}

/// `text` as a quoted CSS string for `content:`; safe inside `<style>` (no `<`, `>`, `&`).
pub(super) fn css_string(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A QR code of `url` as an inline SVG of one path (dark modules, merged along rows) on
/// a white square with the standard quiet zone; `None` if the text is too long for a QR
/// code. Hidden from screen readers: the page shows the address as text beside it.
pub(super) fn qr_svg(url: &str) -> Option<String> {
    use std::fmt::Write;
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut path = String::new();
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_are_quoted_and_cannot_end_a_style_element() {
        assert_eq!(css_string("Whiplash"), "\"Whiplash\"");
        assert_eq!(
            css_string("A \"b\" \\ </style>\n"),
            "\"A \\\"b\\\" \\\\ \\3c /style\\3e \\a \""
        );
    }

    #[test]
    fn qr_codes_are_one_path_with_a_quiet_zone() {
        let svg = qr_svg("https://clinic.example/info/conditions/whiplash/").unwrap();
        let code = qrcode::QrCode::new("https://clinic.example/info/conditions/whiplash/").unwrap();
        let size = code.width() + 8;
        assert!(svg.starts_with("<svg class=\"qr-code\""), "{svg}");
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")),
            "{svg}"
        );
        assert!(svg.contains("aria-hidden=\"true\""));
        // The top-left finder pattern: a run of seven dark modules inside the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
    }
}
