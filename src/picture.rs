//! Pictures' sizes as their files give them, read by parsers: an SVG's from its `<svg>`
//! element as an XML parser (`roxmltree`, with DTDs refused) reads it, never by searching
//! the text. The one place that reads an SVG's size: the pictures pages show
//! ([`crate::content::images`]) and the clinic's logo ([`crate::config`]) both ask here.
//! Also the one plan of a raster picture's published copies ([`published_widths`],
//! [`copy_path`]): the render stage names them in `srcset` and the write stage
//! ([`crate::pictures`]) makes them, both from the same functions. Pure.

use std::path::Path;

use crate::diagnostic::Span;

/// A picture's width and height in pixels, as its file gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// An SVG's size: its `width` and `height` when both are plain numbers (or in `px`), else
/// the width and height of its `viewBox`, rounded (at least 1); `None` when it gives
/// neither. `Err` when it is not well-formed XML or its top element is not `<svg>`.
pub fn svg_size(text: &str, shown: &Path) -> Result<Option<ImageSize>, (String, Option<Span>)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let span = Span::at_line_column(shown, text, pos.row as usize, pos.col as usize, 1);
        (xml_error_words(&e), Some(span))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err((
            format!(
                "its first element is `<{}>`, not `<svg>`",
                root.tag_name().name()
            ),
            None,
        ));
    }
    let number = |s: &str| -> Option<f64> {
        let s = s.trim();
        s.strip_suffix("px")
            .unwrap_or(s)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0 && n.is_finite())
    };
    let size = |w: f64, h: f64| ImageSize {
        width: (w.round().min(f64::from(u32::MAX)) as u32).max(1),
        height: (h.round().min(f64::from(u32::MAX)) as u32).max(1),
    };
    if let (Some(w), Some(h)) = (
        root.attribute("width").and_then(number),
        root.attribute("height").and_then(number),
    ) {
        return Ok(Some(size(w, h)));
    }
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or_default()
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse::<f64>().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            Ok(Some(size(w, h)))
        }
        _ => Ok(None),
    }
}

/// roxmltree's error in a clinic's words, without its position (given apart).
fn xml_error_words(e: &roxmltree::Error) -> String {
    match e {
        roxmltree::Error::DtdDetected => {
            "it has a DTD (`<!DOCTYPE … [`), which carebook does not read".to_string()
        }
        roxmltree::Error::UnexpectedEndOfStream => {
            "it ends before its last element is closed".to_string()
        }
        roxmltree::Error::NoRootNode => "it has no elements: it is not an SVG drawing".to_string(),
        other => {
            // roxmltree writes "… at 1:1": the position is shown apart.
            let text = other.to_string();
            let text = text.rsplit_once(" at ").map_or(text.as_str(), |(t, _)| t);
            format!("it is not well-formed XML ({})", text.to_lowercase())
        }
    }
}

/// The widths a raster picture is published in, at most: each at or under the picture's
/// own width is made, and the picture's own width when it is under the largest.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The sizes a raster picture of `size` (as shown, after its EXIF orientation) is
/// published in, narrowest first: every one of [`WIDTHS`] narrower than the picture,
/// then the picture's own width when it is under the largest (it is never enlarged),
/// each with its height in proportion (at least 1). The last is the largest, published
/// at the picture's own path.
pub fn published_widths(size: ImageSize) -> Vec<ImageSize> {
    let largest = WIDTHS[WIDTHS.len() - 1];
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < size.width).collect();
    widths.retain(|&w| w < largest);
    widths.push(size.width.min(largest));
    widths
        .into_iter()
        .map(|width| ImageSize {
            width,
            height: scaled_height(size, width),
        })
        .collect()
}

/// The height of `size` made `width` wide, rounded, at least 1.
fn scaled_height(size: ImageSize, width: u32) -> u32 {
    let h = (u64::from(size.height) * u64::from(width) * 2 + u64::from(size.width))
        / (u64::from(size.width) * 2);
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// Where one published copy of the raster picture published at `path` (a path or an
/// address, `conditions/sciatica-nerve.png`) goes: the largest copy in the picture's own
/// format at `path` itself; every other `width` at `NAME-WIDTH.ENDING` beside it; the
/// WebP copies (`webp`) at `NAME-WIDTH.webp` for every width (the largest too), but for
/// a WebP picture, whose own copies are its WebP ones.
pub fn copy_path(path: &str, width: u32, largest: bool, webp: bool) -> String {
    let (stem, ending) = match path.rsplit_once('.') {
        Some((stem, ending)) if !stem.is_empty() && !ending.contains('/') => (stem, ending),
        _ => (path, ""),
    };
    let own_webp = ending.eq_ignore_ascii_case("webp");
    if largest && (!webp || own_webp) {
        return path.to_string();
    }
    let ending = if webp { "webp" } else { ending };
    format!("{stem}-{width}.{ending}")
}

/// One copy of a raster picture that is published: its path, size, and whether it is
/// the WebP one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCopy {
    pub path: String,
    pub size: ImageSize,
    pub webp: bool,
}

/// Every copy of the raster picture published at `path`, of `size` (upright), in order:
/// in each width ([`published_widths`]) its own format's copy (not for a WebP picture,
/// whose own copies are its WebP ones) then its WebP one, at [`copy_path`]. The largest
/// own-format copy is at `path` itself.
pub fn planned_copies(path: &str, size: ImageSize, own_webp: bool) -> Vec<PlannedCopy> {
    let widths = published_widths(size);
    let mut copies = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        let largest = i + 1 == widths.len();
        for webp in [false, true] {
            if own_webp && !webp {
                continue;
            }
            copies.push(PlannedCopy {
                path: copy_path(path, w.width, largest, webp),
                size: *w,
                webp,
            });
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> ImageSize {
        ImageSize { width, height }
    }

    #[test]
    fn pictures_are_published_in_widths_never_wider_than_their_own() {
        let widths = |w, h| -> Vec<(u32, u32)> {
            published_widths(size(w, h))
                .iter()
                .map(|s| (s.width, s.height))
                .collect()
        };
        assert_eq!(widths(3000, 2000), [(480, 320), (960, 640), (1600, 1067)]);
        assert_eq!(widths(1600, 900), [(480, 270), (960, 540), (1600, 900)]);
        assert_eq!(widths(1200, 800), [(480, 320), (960, 640), (1200, 800)]);
        assert_eq!(widths(480, 10), [(480, 10)]);
        assert_eq!(widths(48, 32), [(48, 32)]);
        assert_eq!(widths(4000, 1), [(480, 1), (960, 1), (1600, 1)]);
    }

    #[test]
    fn copies_are_named_beside_the_picture() {
        let p = "conditions/sciatica-nerve.png";
        assert_eq!(copy_path(p, 1600, true, false), p);
        assert_eq!(
            copy_path(p, 480, false, false),
            "conditions/sciatica-nerve-480.png"
        );
        assert_eq!(
            copy_path(p, 1600, true, true),
            "conditions/sciatica-nerve-1600.webp"
        );
        assert_eq!(copy_path("a/b.webp", 900, true, true), "a/b.webp");
        assert_eq!(copy_path("a/b.webp", 480, false, true), "a/b-480.webp");
        assert_eq!(
            copy_path("../x.y/z.JPG", 480, false, false),
            "../x.y/z-480.JPG"
        );
    }
}
