//! Names as writers type them and as disks store them, made one form to compare and
//! publish: Unicode's composed form (NFC).
//!
//! An accented letter can be stored two ways: composed (`é`, one character, as keyboards
//! type it and as Windows and Linux keep it) or decomposed (`e` and a combining accent, as
//! macOS writes file names). The two look the same and must mean the same: every name
//! carebook reads from a disk or a page (file and folder names, slugs, aliases, tags,
//! heading anchors, link destinations) goes through [`nfc`] or [`slugify`] before it is
//! compared or written, so a page, a file or a heading is reached however its name was
//! stored or typed, and is published under one name. Pure.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// `text` in Unicode's composed form (NFC): `e` + U+0301 becomes `é`. Borrowed when it is
/// already composed (all ASCII text is).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The slug of a plain page's path below its folder, `/`-separated (`Fees/Massage` ->
/// `fees/massage`): each part made a slug; empty when a part has no letters or digits.
pub fn path_slug(path: &str) -> String {
    let parts: Vec<String> = path.split('/').map(slugify).collect();
    if parts.iter().any(String::is_empty) {
        return String::new();
    }
    parts.join("/")
}

/// Turns a file name into a slug: lower case, runs of anything but letters and digits
/// made one `-`, none at either end. Idempotent: `slugify(slugify(s)) == slugify(s)`.
/// Letters outside ASCII are kept (`Épaule` -> `épaule`), in Unicode's composed form
/// (NFC): macOS writes file names decomposed (`e` and a combining accent for `é`), and a
/// name must give the same slug, page and links however it was typed or stored.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    if name.is_ascii() {
        // The same, a byte at a time: the resolve stage slugifies every reference.
        for &b in name.as_bytes() {
            if b.is_ascii_alphanumeric() {
                slug.push(char::from(b.to_ascii_lowercase()));
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        return slug;
    }
    for c in name.nfc() {
        // A combining mark whose letter did not compose with it (`q̇`) stays with it.
        if c.is_alphanumeric() || (is_combining_mark(c) && !slug.is_empty() && !slug.ends_with('-'))
        {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    // Lower-casing can decompose again (`İ` -> `i̇`): compose once more.
    if is_nfc(&slug) {
        slug
    } else {
        slug.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_and_borrows_what_is_composed() {
        assert_eq!(nfc("e\u{301}paule gele\u{301}e.png"), "épaule gelée.png");
        assert!(matches!(nfc("épaule.png"), Cow::Borrowed(_)));
        assert!(matches!(nfc("neck #1.png"), Cow::Borrowed(_)));
        // Two accents on one letter, in either order, compose to one name.
        assert_eq!(nfc("a\u{323}\u{302}"), nfc("a\u{302}\u{323}"));
    }

    #[test]
    fn slugify_is_predictable_and_idempotent() {
        assert_eq!(slugify("Deep Tissue"), "deep-tissue");
        assert_eq!(slugify("  Neck & Shoulder!! "), "neck-shoulder");
        assert_eq!(slugify("Épaule gelée"), "épaule-gelée");
        // Decomposed (as macOS writes file names) and composed give one slug.
        assert_eq!(slugify("E\u{301}paule gele\u{301}e"), "épaule-gelée");
        assert_eq!(slugify("q\u{307}"), "q\u{307}");
        for s in [
            "Deep Tissue",
            "a--b",
            "-x-",
            "Épaule",
            "İstanbul",
            "q\u{307}x",
        ] {
            assert_eq!(slugify(&slugify(s)), slugify(s));
        }
        // The ASCII path agrees with the general one (each ASCII character on its own).
        for b in 0u8..128 {
            let s = format!("A{}b{}", char::from(b), char::from(b));
            let general: String = {
                let mut slug = String::new();
                for c in s.chars() {
                    if c.is_alphanumeric() {
                        slug.extend(c.to_lowercase());
                    } else if !slug.is_empty() && !slug.ends_with('-') {
                        slug.push('-');
                    }
                }
                slug.trim_end_matches('-').to_string()
            };
            assert_eq!(slugify(&s), general, "{s:?}");
        }
    }
}
