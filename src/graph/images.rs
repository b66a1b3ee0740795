//! Images in a body (`![alt](dest)`) -> the picture they show, and which pictures the
//! site publishes.
//!
//! Guarantees: an image's destination names a picture ([`crate::content::images`]) beside
//! a page (`spine.png`, `../techniques/hands.jpg`, relative to the page's file) or in
//! `static/` (`../../static/logo.svg`), or one on another website (`https:`); anything
//! else — a missing file (with the nearest name in its folder), a page, a file that is not
//! a picture, an anchor, another scheme, a path outside the site — is an error at the
//! destination as the Markdown scan placed it. [`used_pictures`] tells which pictures
//! beside pages the published pages show or link to (only those are published), which
//! only drafts show (left out without a word), and reports, once at its file, every
//! picture a page shows whose file is not what its name says.
//! Needs: the [`super::index::Index`] (the site's pictures).

use std::collections::BTreeSet;

use super::links::{bad_escapes, is_absolute, nfc_path, normalize, outside_site, url_scheme};
use super::*;
use crate::content::images::is_image;

/// The picture that the image `dest` (trimmed) written in a file of `folder` shows.
pub(super) fn resolve_image(
    index: &Index,
    dest: &str,
    folder: &Path,
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    let fail =
        |message: String, help: &str| Err(Some(Diagnostic::error(span(), message).with_help(help)));
    let kinds = "pictures are PNG, JPEG, GIF, WebP, AVIF or SVG files, beside the page (`![…](spine.png)`) or in static/ (`![…](../../static/spine.png)`)";
    if dest.is_empty() {
        return fail(
            "this image names no picture".into(),
            "write the picture's file name inside the brackets: `![The lower back](spine.png)`",
        );
    }
    if dest.starts_with('#') {
        return fail(
            format!("an image shows a picture file, not a place on a page (`{dest}`)"),
            kinds,
        );
    }
    if let Some(scheme) = url_scheme(dest) {
        return match scheme.as_str() {
            "http" | "https" => Ok(LinkTarget::External(dest.to_string())),
            _ => fail(
                format!("`{scheme}:` links are not allowed as an image's picture"),
                kinds,
            ),
        };
    }
    if dest.starts_with("//") {
        return Ok(LinkTarget::External(format!("https:{dest}")));
    }
    if is_absolute(dest) {
        return fail(
            "absolute paths do not work when the site is opened from disk or a sub-folder".into(),
            "write the picture's name relative to the page: `spine.png` beside it, `../../static/spine.png` in static/",
        );
    }
    let path_part = dest.split(['?', '#']).next().unwrap_or(dest);
    let Some(decoded) = crate::url::decode(path_part) else {
        return Err(Some(bad_escapes(path_part, span)));
    };
    let Some(joined) = normalize(&folder.join(&*decoded)) else {
        return Err(Some(outside_site(span)));
    };
    let name = joined
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_image(&name) {
        let what = if crate::content::walk::is_markdown(&name) {
            "a page"
        } else {
            "not a picture"
        };
        return fail(
            format!("`{path_part}` is {what}, so an image cannot show it"),
            &format!(
                "{kinds}; to link to a page or a document, write `[text]({path_part})` without the `!`"
            ),
        );
    }
    let mut parts = joined.components();
    let top = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let candidates: Vec<(String, String)> = match top.as_deref() {
        Some("content") => {
            if let Some(published) = index.images.beside_pages.get(&nfc_path(&joined)) {
                return Ok(LinkTarget::Static(published.clone()));
            }
            let dir = nfc_path(joined.parent().unwrap_or(Path::new("")));
            index
                .images
                .beside_pages
                .keys()
                .filter_map(|k| {
                    let (parent, file) = k.rsplit_once('/')?;
                    (parent == dir).then(|| (file.to_string(), k.clone()))
                })
                .collect()
        }
        Some("static") => {
            let below = nfc_path(parts.as_path());
            if index.images.get(&below).is_some_and(|i| !i.beside_pages) {
                return Ok(LinkTarget::Static(below));
            }
            let dir = below.rsplit_once('/').map_or("", |(d, _)| d);
            index
                .images
                .by_published
                .iter()
                .filter(|(p, i)| {
                    !i.beside_pages && p.rsplit_once('/').map_or("", |(d, _)| d) == dir
                })
                .map(|(p, _)| (p.rsplit('/').next().unwrap_or(p).to_string(), p.clone()))
                .collect()
        }
        _ => {
            return fail(
                format!("`{dest}` is not a picture of this site"),
                "put the picture beside the page and write its name (`![…](spine.png)`), or put it in the site's static/ folder (`![…](../../static/spine.png)`)",
            );
        }
    };
    let message = format!("there is no picture {}", nfc_path(&joined));
    let written_name = crate::names::nfc(&name).into_owned();
    match did_you_mean(&written_name, candidates.iter().map(|(f, _)| f.as_str())) {
        Some(near) => {
            // As the broken one was written: its folder part, the nearest file's name.
            let written_dir = path_part.rsplit_once('/').map(|(d, _)| d);
            let suggestion = match written_dir {
                Some(d) => format!("{d}/{near}"),
                None => near.to_string(),
            };
            fail(message, &format!("did you mean `{suggestion}`?"))
        }
        None => {
            let folder = nfc_path(joined.parent().unwrap_or(Path::new("")));
            fail(
                message,
                &format!("put the picture in {folder}/, or fix its name"),
            )
        }
    }
}

/// Which pictures the site publishes and shows, from where every link of the published
/// pages (`links`) and the drafts (`draft_links`) goes.
pub(super) struct UsedPictures {
    /// Pictures beside pages that a published page shows or links to: they are published.
    pub(super) published: BTreeSet<String>,
    /// Pictures beside pages that only drafts show: left out, without a warning.
    pub(super) by_drafts: BTreeSet<String>,
}

/// See [`UsedPictures`]. Every picture a published page shows or links to whose file is
/// not the picture its name says is an error at the file, once, in `diagnostics`.
pub(super) fn used_pictures<'t>(
    index: &Index,
    links: impl Iterator<Item = &'t LinkTarget>,
    draft_links: impl Iterator<Item = LinkTarget>,
    diagnostics: &mut Vec<Diagnostic>,
) -> UsedPictures {
    let mut shown = BTreeSet::new();
    for target in links {
        if let LinkTarget::Static(p) = target
            && index.images.get(p).is_some()
        {
            shown.insert(p.clone());
        }
    }
    for p in &shown {
        let image = &index.images.by_published[p];
        if let Err(problem) = &image.size {
            diagnostics.push(crate::content::images::problem_diagnostic(image, problem));
        }
    }
    let beside = |p: &String| index.images.by_published[p].beside_pages;
    let published: BTreeSet<String> = shown.into_iter().filter(beside).collect();
    let by_drafts = draft_links
        .filter_map(|t| match t {
            LinkTarget::Static(p) if index.images.get(&p).is_some_and(|i| i.beside_pages) => {
                Some(p)
            }
            _ => None,
        })
        .filter(|p| !published.contains(p))
        .collect();
    UsedPictures {
        published,
        by_drafts,
    }
}
