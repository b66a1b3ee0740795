//! Pictures a screen reader cannot describe (`image-alt`), and pictures beside pages that
//! no page shows (`image-unused`).
//!
//! Guarantees: every image of a published page's body (and of the home page's) whose
//! description (alt text) is missing, blank, only a word such as "image", a file name
//! (`IMG_2041.jpg`, anything ending in a picture's ending, the picture's own file name
//! without its ending when that is written with `-` or `_`), a camera's name for a photo
//! (`DSC_0001`, `PXL_20240101_093000`) or one that starts by saying it is a picture
//! ("image of", "photo of") is a warning at its description as the Markdown scan placed it
//! (at the whole image when it has none). `![decorative](…)` ([`crate::markdown::DECORATIVE`])
//! is never one. Every picture beside pages that neither a published page nor a draft
//! shows or links to is a warning at its file: it is not published. Pure. Needs: the
//! resolve stage (which pictures pages show).

use std::path::Path;

use crate::content::images::IMAGE_EXTENSIONS;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;
use crate::markdown::{Scan, is_decorative};

/// The `image-alt` findings of a body (`scan` of the text of `path`, whose body starts at
/// `body_start`).
pub(super) fn alt_text(path: &Path, text: &str, body_start: usize, scan: &Scan) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for image in &scan.images {
        if is_decorative(&image.alt) {
            continue;
        }
        let file = scan
            .links
            .get(image.link)
            .map(|l| l.dest.trim())
            .unwrap_or_default();
        let Some((message, help)) = alt_problem(image.alt.trim(), file) else {
            continue;
        };
        let (start, len) = if image.alt.trim().is_empty() {
            (image.start, image.len)
        } else {
            (image.alt_start, image.alt_len)
        };
        findings.push(
            Diagnostic::warning(Span::at(path, text, body_start + start, len), message)
                .with_code("image-alt")
                .with_help(help),
        );
    }
    findings
}

/// How to write alt text, for the help of every `image-alt` finding.
const HOW: &str = "say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`";

/// What is wrong with the alt text `alt` (trimmed) of an image of `file` (its destination
/// as written), as a message and its help; `None` when nothing is.
fn alt_problem(alt: &str, file: &str) -> Option<(String, String)> {
    let lower = alt.to_lowercase();
    if alt.is_empty() {
        return Some((
            "this image has no alt text: a screen reader can only say that a picture is here"
                .to_string(),
            format!("write it inside the brackets: {HOW}"),
        ));
    }
    let stem = file
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map_or("", |(stem, _)| stem);
    let file_name = IMAGE_EXTENSIONS
        .iter()
        .any(|e| lower.ends_with(&format!(".{e}")))
        || (alt.contains(['-', '_']) && !alt.contains(' ') && alt.eq_ignore_ascii_case(stem));
    if file_name || is_camera_name(alt) {
        return Some((
            format!(
                "the alt text `{alt}` is a file name, which tells a screen-reader user nothing about the picture"
            ),
            format!("describe the picture instead: {HOW}"),
        ));
    }
    const WORDS: &[&str] = &["image", "picture", "photo", "photograph", "graphic", "img"];
    if WORDS.contains(&lower.trim_end_matches('.')) {
        return Some((
            format!(
                "the alt text `{alt}` only says that there is a picture, which a screen reader says already"
            ),
            format!("describe what it shows instead: {HOW}"),
        ));
    }
    for opening in [
        "image of",
        "picture of",
        "photo of",
        "photograph of",
        "graphic of",
    ] {
        let starts = [
            opening.to_string(),
            format!("a {opening}"),
            format!("an {opening}"),
        ];
        if let Some(said) = starts.iter().find(|s| {
            lower.starts_with(s.as_str())
                && lower[s.len()..].starts_with(|c: char| c.is_whitespace() || c == ':')
        }) {
            let said = &alt[..said.len()];
            return Some((
                format!(
                    "the alt text starts with \"{said}\", which a screen reader says already (it announces a picture)"
                ),
                format!("leave out \"{said}\" and start with what it shows: {HOW}"),
            ));
        }
    }
    None
}

/// Is `alt` a name a camera or phone gives a photo: letters, perhaps a `_` or `-`, then
/// at least three digits, perhaps more groups of digits (`IMG_2041`, `DSC_0001`,
/// `DSCN0001`, `PXL_20240101_093000123`, `P1010001`)?
fn is_camera_name(alt: &str) -> bool {
    let letters = alt.chars().take_while(char::is_ascii_alphabetic).count();
    if !(1..=6).contains(&letters) {
        return false;
    }
    let rest = alt[letters..].trim_start_matches(['_', '-']);
    let groups: Vec<&str> = rest.split(['_', '-']).collect();
    groups[0].len() >= 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The `image-unused` findings: pictures beside pages that no page shows.
pub(super) fn unused(site: &Site) -> Vec<Diagnostic> {
    site.images
        .by_published
        .iter()
        .filter(|(p, image)| {
            image.beside_pages && !site.page_images.contains(*p) && !site.draft_images.contains(*p)
        })
        .map(|(_, image)| {
            Diagnostic::warning(
                Span::file(&image.path),
                "no page shows this picture, so it is not published",
            )
            .with_code("image-unused")
            .with_help(format!(
                "show it on the page beside it with `![what it shows]({})`, or move it out of content/ if it is not for the website",
                image.path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_texts_that_describe_nothing() {
        for (alt, file) in [
            ("", "x.png"),
            ("IMG_2041.jpg", "x.jpg"),
            ("spine.PNG", "spine.png"),
            ("DSC_0001", "x.jpg"),
            ("DSCN0001", "x.jpg"),
            ("PXL_20240101_093000123", "x.jpg"),
            ("P1010001", "x.jpg"),
            ("sciatica-nerve", "../conditions/sciatica-nerve.png"),
            ("Image", "x.png"),
            ("photo.", "x.png"),
            ("Image of the lower back", "x.png"),
            ("A picture of a stretch", "x.png"),
            ("photo of: the clinic's door", "x.png"),
        ] {
            assert!(alt_problem(alt, file).is_some(), "{alt:?}");
        }
        for (alt, file) in [
            ("The lower back, with the sciatic nerve", "x.png"),
            ("Spine", "spine.png"),
            ("Step 1: lie on your back", "x.png"),
            ("COVID19 test", "x.png"),
            ("Imagery used in relaxation", "x.png"),
            ("Photos of the clinic's rooms are on the wall", "x.png"),
            ("B12", "x.png"),
        ] {
            assert_eq!(alt_problem(alt, file), None, "{alt:?}");
        }
    }
}
