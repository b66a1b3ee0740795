//! Pictures' sizes as their files give them, read by parsers: an SVG's from its `<svg>`
//! element as an XML parser (`roxmltree`, with DTDs refused) reads it, never by searching
//! the text. The one place that reads an SVG's size: the pictures pages show
//! ([`crate::content::images`]) and the clinic's logo ([`crate::config`]) both ask here.
//! Pure.

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
