//! The clinic's own settings of `site.yaml` besides its colour: `brand.logo`,
//! `brand.favicon`, `extra_css`, `disclaimer` and `contact`.
//!
//! Guarantees: a logo, favicon or extra stylesheet is a file inside the site's `static/`
//! folder (so it is published with the static files, at the path it has below `static/`,
//! composed), of a type browsers show for that use, and, when the site folder is known, a
//! file that is there and whose contents are of that type (a logo's width and height are
//! read from it when it gives them); the disclaimer is a sentence or switched off
//! (`false`); a contact's email is an address and its phone a number (its `tel:` form made
//! here). Each problem is an error at the value in `site.yaml`, as the YAML parser found
//! it. Runs inside [`super::parse_in`], after the YAML is read.

use std::path::{Component, Path};

use serde::Deserialize;

use super::Settings;
use crate::diagnostic::{Diagnostic, Span, did_you_mean};

/// The footer's sentence when `disclaimer:` is not set.
pub const DEFAULT_DISCLAIMER: &str = "This information does not replace advice from your doctor or another qualified health professional.";

/// `contact:` in site.yaml: each line optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ContactFile {
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    hours: Option<String>,
}

/// How to reach the clinic (`contact:`), each part trimmed; at least one is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The number as written (`+44 20 7946 0000`).
    pub phone: Option<String>,
    /// The number for a `tel:` link: its digits, with the `+` in front when written.
    pub tel: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

/// The kind of picture a logo or favicon is, from its file name's ending (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Svg,
    Png,
    Jpeg,
    Ico,
}

impl ImageKind {
    /// Its media type, for `<link rel="icon" type=…>`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Svg => "image/svg+xml",
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Ico => "image/x-icon",
        }
    }

    fn of(extension: &str) -> Option<ImageKind> {
        match extension.to_ascii_lowercase().as_str() {
            "svg" => Some(ImageKind::Svg),
            "png" => Some(ImageKind::Png),
            "jpg" | "jpeg" => Some(ImageKind::Jpeg),
            "ico" => Some(ImageKind::Ico),
            _ => None,
        }
    }

    /// The type's name: `SVG`.
    fn word(self) -> &'static str {
        match self {
            ImageKind::Svg => "SVG",
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Ico => "ICO",
        }
    }

    /// The endings of its files' names.
    fn endings(self) -> &'static str {
        match self {
            ImageKind::Svg => ".svg",
            ImageKind::Png => ".png",
            ImageKind::Jpeg => ".jpg, .jpeg",
            ImageKind::Ico => ".ico",
        }
    }

    /// The type with its article: `an SVG`.
    fn name(self) -> &'static str {
        match self {
            ImageKind::Svg => "an SVG",
            ImageKind::Png => "a PNG",
            ImageKind::Jpeg => "a JPEG",
            ImageKind::Ico => "an ICO",
        }
    }
}

/// A picture of the site's `static/` folder named in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its path in the published site (below `static/`, composed: NFC), not encoded.
    pub path: String,
    pub kind: ImageKind,
    /// Its width and height in pixels, when the file gives them (an SVG without `width`
    /// and `height` or a `viewBox` does not; unknown without the site folder).
    pub size: Option<(u32, u32)>,
}

/// The settings this module checks, as [`super::Config`] holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clinic {
    pub logo: Option<Picture>,
    /// `brand.favicon` as written; the theme chooses the icon when it is not set (see
    /// [`crate::render`]).
    pub favicon: Option<Picture>,
    /// The published path of `extra_css`'s stylesheet, not encoded.
    pub extra_css: Option<String>,
    /// The footer's sentence; `None` when `disclaimer: false`.
    pub disclaimer: Option<String>,
    pub contact: Option<Contact>,
}

impl Default for Clinic {
    fn default() -> Self {
        Clinic {
            logo: None,
            favicon: None,
            extra_css: None,
            disclaimer: Some(DEFAULT_DISCLAIMER.to_string()),
            contact: None,
        }
    }
}

/// What site.yaml's serde structs read of these settings.
pub(super) struct Written<'f> {
    pub(super) logo: Option<&'f str>,
    pub(super) favicon: Option<&'f str>,
    pub(super) extra_css: Option<&'f str>,
    pub(super) disclaimer: Option<&'f serde_yaml::Value>,
    pub(super) contact: Option<&'f ContactFile>,
}

/// Checks the clinic's settings; `root` is the site folder, when known (then each file is
/// looked for and read). Every problem is one diagnostic.
pub(super) fn checked(
    written: &Written<'_>,
    settings: &Settings<'_>,
    root: Option<&Path>,
) -> Result<Clinic, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let logo_kinds = [ImageKind::Svg, ImageKind::Png, ImageKind::Jpeg];
    let logo = kept(
        &mut problems,
        written.logo.map_or(Ok(None), |value| {
            let span = settings.nested_value_span("brand", "logo");
            picture(value, "brand.logo", "logo", &logo_kinds, span, root).map(Some)
        }),
    );
    let icon_kinds = [ImageKind::Svg, ImageKind::Png, ImageKind::Ico];
    let favicon = kept(
        &mut problems,
        written.favicon.map_or(Ok(None), |value| {
            let span = settings.nested_value_span("brand", "favicon");
            picture(value, "brand.favicon", "favicon", &icon_kinds, span, root).map(Some)
        }),
    );
    let extra_css = kept(&mut problems, written.extra_css.map_or(Ok(None), |value| {
        let span = settings.value_span("extra_css");
        let wrong_type = |value: &str, span| {
            Diagnostic::error(
                span,
                format!("`extra_css` must be a stylesheet, a file ending in .css: `{value}` is not"),
            )
            .with_help("write your CSS rules in a file such as static/clinic.css and name it: `extra_css: static/clinic.css`")
        };
        let wanted = Wanted {
            setting: "extra_css",
            endings: &["css"],
            example: "clinic.css",
            wrong_type: &wrong_type,
        };
        Ok(Some(static_file(value, &wanted, span, root)?.published))
    }));
    let disclaimer = kept(&mut problems, disclaimer(written.disclaimer, settings));
    let contact = kept(
        &mut problems,
        written.contact.map_or(Ok(None), |c| contact(c, settings)),
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Clinic {
        logo,
        favicon,
        extra_css,
        disclaimer,
        contact,
    })
}

/// `result`'s value, or `None` with its problem kept in `problems`.
fn kept<T>(problems: &mut Vec<Diagnostic>, result: Result<Option<T>, Diagnostic>) -> Option<T> {
    result.unwrap_or_else(|d| {
        problems.push(d);
        None
    })
}

/// `disclaimer:` — not set (or empty, `~`): the default sentence; `false`: none; `true`:
/// the default; a sentence: that sentence.
fn disclaimer(
    written: Option<&serde_yaml::Value>,
    settings: &Settings<'_>,
) -> Result<Option<String>, Diagnostic> {
    let span = || settings.value_span("disclaimer");
    let how = "write the sentence in quotes, e.g. disclaimer: \"This information does not replace advice from your doctor.\", or `disclaimer: false` to show none";
    match written {
        None | Some(serde_yaml::Value::Null) | Some(serde_yaml::Value::Bool(true)) => {
            Ok(Some(DEFAULT_DISCLAIMER.to_string()))
        }
        Some(serde_yaml::Value::Bool(false)) => Ok(None),
        Some(serde_yaml::Value::String(text)) => {
            let text = text.trim();
            if text.is_empty() {
                return Err(Diagnostic::error(span(), "`disclaimer` is empty").with_help(how));
            }
            // `disclaimer: no` (or `none`, `off`) means none, but YAML reads it as the word.
            if !text.contains(char::is_whitespace) {
                return Err(Diagnostic::error(
                    span(),
                    format!(
                        "`disclaimer: {text}` would print the word `{text}` in every page's footer"
                    ),
                )
                .with_help(how));
            }
            Ok(Some(text.to_string()))
        }
        Some(_) => Err(Diagnostic::error(
            span(),
            "`disclaimer` must be a sentence, or `false` to show none",
        )
        .with_help(how)),
    }
}

/// `contact:`, each part checked at its value; `None` when no part is set.
fn contact(written: &ContactFile, settings: &Settings<'_>) -> Result<Option<Contact>, Diagnostic> {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let span = |key: &str| settings.nested_value_span("contact", key);
    let phone = text(&written.phone);
    let tel = match &phone {
        Some(phone) => Some(tel(phone).map_err(|message| {
            Diagnostic::error(span("phone"), message)
                .with_help("write the number as patients dial it, in quotes, e.g. phone: \"+44 20 7946 0000\" or phone: \"020 7946 0000\"")
        })?),
        None => None,
    };
    let email = text(&written.email);
    if let Some(email) = &email {
        let options = email_address::Options::default()
            .with_required_tld()
            .without_display_text()
            .without_domain_literal();
        if email_address::EmailAddress::parse_with_options(email, options).is_err() {
            return Err(Diagnostic::error(
                span("email"),
                format!("`contact.email` is not an email address: `{email}`"),
            )
            .with_help("write the address alone, e.g. email: reception@example.org"));
        }
    }
    let contact = Contact {
        phone,
        tel,
        email,
        address: text(&written.address),
        hours: text(&written.hours),
    };
    let none = contact.phone.is_none()
        && contact.email.is_none()
        && contact.address.is_none()
        && contact.hours.is_none();
    Ok((!none).then_some(contact))
}

/// A phone number's `tel:` form: its digits, with a leading `+` kept (and without the
/// `(0)` that UK numbers write after the country code: `+44 (0)20` is dialled `+4420`).
/// `Err`: why it is not a number a patient can dial.
fn tel(phone: &str) -> Result<String, String> {
    if !phone.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("`contact.phone` has no digits: `{phone}`"));
    }
    if let Some(c) = phone
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-().\u{a0}".contains(*c)))
    {
        return Err(format!(
            "`contact.phone` may hold only digits, spaces, `+`, `-`, `(`, `)` and `.`: `{phone}` has `{c}`"
        ));
    }
    let international = phone.starts_with('+');
    let dialled = if international {
        phone.replacen("(0)", "", 1)
    } else {
        phone.to_string()
    };
    let digits: String = dialled.chars().filter(char::is_ascii_digit).collect();
    if phone.chars().skip(1).any(|c| c == '+') {
        return Err(format!(
            "`contact.phone` may have a `+` only in front of the country code: `{phone}`"
        ));
    }
    Ok(if international {
        format!("+{digits}")
    } else {
        digits
    })
}

/// "a, b or c".
fn or_list(words: &[&str]) -> String {
    let words: Vec<&str> = words.iter().flat_map(|w| w.split(", ")).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

/// A file of `static/` named by a setting, its parts checked.
struct StaticFile {
    /// Its path in the published site (below `static/`, composed).
    published: String,
    /// Its file name's ending, as written.
    extension: String,
    /// Its bytes, when the site folder is known.
    bytes: Option<Vec<u8>>,
}

/// What a setting names: a file of `static/` with one of some endings.
struct Wanted<'w> {
    /// The setting, as messages name it (`brand.logo`).
    setting: &'w str,
    /// The endings its file may have, in lower case, without the dot.
    endings: &'w [&'w str],
    /// A file name for help lines (`logo.svg`).
    example: &'w str,
    /// The error for a file of another type (its value as written).
    wrong_type: &'w dyn Fn(&str, Span) -> Diagnostic,
}

/// `value` (of the setting `wanted`) as a file inside the site's `static/` folder: no
/// `..`, no hidden part, one of the endings wanted, and (with `root`) there and readable.
fn static_file(
    value: &str,
    wanted: &Wanted<'_>,
    span: Span,
    root: Option<&Path>,
) -> Result<StaticFile, Diagnostic> {
    let setting = wanted.setting;
    let of_type = |name: &str| {
        name.rsplit_once('.')
            .is_some_and(|(_, e)| wanted.endings.contains(&e.to_ascii_lowercase().as_str()))
    };
    let value = value.trim();
    let parts: Vec<&str> = value.split(['/', '\\']).collect();
    let usable = parts.len() >= 2
        && parts[0] == "static"
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && !p.starts_with('.')
                && matches!(Path::new(p).components().next(), Some(Component::Normal(_)))
        });
    if !usable {
        let name = parts
            .last()
            .filter(|n| of_type(n))
            .unwrap_or(&wanted.example);
        return Err(Diagnostic::error(
            span,
            format!("`{setting}` must name a file in the site's static/ folder, not `{value}`"),
        )
        .with_help(format!(
            "put the file in the folder static/ beside site.yaml and write `{}: static/{name}`",
            setting.rsplit('.').next().unwrap_or(setting)
        )));
    }
    if !parts.last().is_some_and(|n| of_type(n)) {
        return Err((wanted.wrong_type)(value, span));
    }
    let extension = parts
        .last()
        .and_then(|n| n.rsplit_once('.'))
        .map_or("", |(_, e)| e)
        .to_string();
    let published = crate::names::nfc(&parts[1..].join("/")).into_owned();
    let Some(root) = root else {
        return Ok(StaticFile {
            published,
            extension,
            bytes: None,
        });
    };
    // Each part as it is stored (a name copied from a Mac holds its accents apart).
    let mut path = root.to_path_buf();
    for part in &parts {
        path.push(super::stored_name(&path, part));
    }
    match std::fs::read(&path) {
        Ok(bytes) => Ok(StaticFile {
            published,
            extension,
            bytes: Some(bytes),
        }),
        Err(err) if path.is_file() => Err(Diagnostic::error(
            span,
            format!("cannot read {value} for `{setting}`: {err}"),
        )
        .with_help("check the file's permissions")),
        Err(_) => {
            let mut d =
                Diagnostic::error(span, format!("there is no file {value} for `{setting}`"));
            let folder = path.parent().unwrap_or(root);
            let names: Vec<String> = std::fs::read_dir(folder)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter(|item| item.path().is_file())
                .filter_map(|item| item.file_name().into_string().ok())
                .filter(|name| of_type(name))
                .collect();
            let wanted = parts.last().copied().unwrap_or_default();
            let written_folder = parts[..parts.len() - 1].join("/");
            d = match did_you_mean(wanted, names.iter().map(String::as_str)) {
                Some(near) => d.with_help(format!("did you mean `{written_folder}/{near}`?")),
                None => d.with_help(format!(
                    "put the file in the site's {written_folder}/ folder, or correct its name here"
                )),
            };
            Err(d)
        }
    }
}

/// `value` as a picture of one of `kinds` in `static/`, checked to be one when it can be
/// read; `what` names it in messages ("logo").
fn picture(
    value: &str,
    setting: &str,
    what: &str,
    kinds: &[ImageKind],
    span: Span,
    root: Option<&Path>,
) -> Result<Picture, Diagnostic> {
    let example = format!("{what}.{}", if what == "logo" { "svg" } else { "png" });
    let types: Vec<&str> = kinds.iter().map(|k| k.word()).collect();
    let endings: Vec<&str> = kinds.iter().map(|k| k.endings()).collect();
    let wrong_type = |value: &str, span| {
        Diagnostic::error(
            span,
            format!(
                "the {what} must be an {} picture (a file ending in {}): `{value}` is not",
                or_list(&types),
                or_list(&endings),
            ),
        )
        .with_help(format!(
            "save the {what} as an {} file (most drawing programs can), put it in static/ and name it here",
            or_list(&types)
        ))
    };
    let lower: Vec<&str> = endings
        .iter()
        .flat_map(|e| e.split(", "))
        .map(|e| e.trim_start_matches('.'))
        .collect();
    let wanted = Wanted {
        setting,
        endings: &lower,
        example: &example,
        wrong_type: &wrong_type,
    };
    let file = static_file(value, &wanted, span.clone(), root)?;
    let kind = ImageKind::of(&file.extension).unwrap_or(kinds[0]);
    let size = match &file.bytes {
        Some(bytes) => Some(picture_size(bytes, kind).map_err(|found| {
            Diagnostic::error(
                span,
                format!("{} is not {} picture{found}", value.trim(), kind.name()),
            )
            .with_help(format!(
                "save the {what} again as {} file, or give the file the ending of its type",
                kind.name()
            ))
        })?)
        .flatten(),
        None => None,
    };
    Ok(Picture {
        path: file.published,
        kind,
        size,
    })
}

/// The width and height a picture's file gives, checking that its contents are of `kind`.
/// `Err`: what the contents are instead, as the end of a sentence (" (its contents are a
/// PNG's)"), or nothing.
fn picture_size(bytes: &[u8], kind: ImageKind) -> Result<Option<(u32, u32)>, String> {
    if kind == ImageKind::Svg {
        return svg_size(bytes).ok_or_else(String::new);
    }
    let found = imagesize::image_type(bytes).ok();
    let expected = match kind {
        ImageKind::Png => imagesize::ImageType::Png,
        ImageKind::Jpeg => imagesize::ImageType::Jpeg,
        _ => imagesize::ImageType::Ico,
    };
    if found != Some(expected) {
        let other = match found {
            Some(imagesize::ImageType::Png) => " (its contents are a PNG's)",
            Some(imagesize::ImageType::Jpeg) => " (its contents are a JPEG's)",
            Some(imagesize::ImageType::Gif) => " (its contents are a GIF's)",
            Some(imagesize::ImageType::Webp) => " (its contents are a WebP's)",
            _ => "",
        };
        return Err(other.to_string());
    }
    let size = imagesize::blob_size(bytes)
        .map_err(|_| " (the file is damaged or cut short)".to_string())?;
    Ok(u32::try_from(size.width)
        .ok()
        .zip(u32::try_from(size.height).ok())
        .filter(|&(w, h)| w > 0 && h > 0))
}

/// An SVG file's size, as [`crate::picture::svg_size`] reads it: `Some(None)` when it is
/// one without a plain size, `None` when it is no SVG drawing (not text, not well-formed
/// XML, or its top element not `<svg>`).
fn svg_size(bytes: &[u8]) -> Option<Option<(u32, u32)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let size = crate::picture::svg_size(text, std::path::Path::new("logo.svg")).ok()?;
    Some(size.map(|s| (s.width, s.height)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tel_keeps_the_digits_and_a_leading_plus() {
        assert_eq!(tel("+44 20 7946 0000").unwrap(), "+442079460000");
        assert_eq!(tel("(020) 7946-0000").unwrap(), "02079460000");
        assert_eq!(tel("+44 (0)20 7946 0123").unwrap(), "+442079460123");
        assert!(tel("reception").is_err());
        assert!(tel("- -").is_err());
        assert!(tel("020 7946 0000 ext 2").is_err());
        assert!(tel("44+20").is_err());
    }

    #[test]
    fn svg_sizes() {
        let size = |s: &str| svg_size(s.as_bytes());
        let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        assert_eq!(
            size(&format!("<svg {ns} width=\"120\" height=\"40px\"/>")),
            Some(Some((120, 40)))
        );
        assert_eq!(
            size(&format!(
                "<?xml version=\"1.0\"?><svg {ns} viewBox='0 0 64.4 32'/>"
            )),
            Some(Some((64, 32)))
        );
        assert_eq!(size(&format!("<svg {ns} width=\"100%\"/>")), Some(None));
        // Not an SVG drawing: no `<svg>` element, not well-formed, not text.
        assert_eq!(size("<svgx/>"), None);
        assert_eq!(size("<svg width=\"1\">"), None);
        assert_eq!(size("\u{89}PNG"), None);
    }
}
