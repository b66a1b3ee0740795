//! Language tags (`language:` in site.yaml, and every other place that names a language):
//! BCP 47 tags read by ICU4X's parser ([`icu_locale::LanguageIdentifier`]), and which of
//! them are written right to left.
//!
//! Guarantees: a [`LanguageTag`] is a well-formed BCP 47 language tag whose language is a
//! two- or three-letter code (`en`, `es`, `fil`), not `und`, written in its canonical
//! case (`en-GB`, `zh-Hant-TW`); anything else is an error at the place the YAML parser
//! found it, in a clinic's words ([`checked_language_tag`]). Pure.

use std::fmt;

use icu_locale::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Span};

/// A checked language tag: `en`, `en-GB`, `es`, `ar`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageTag(LanguageIdentifier);

impl Ord for LanguageTag {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl PartialOrd for LanguageTag {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl LanguageTag {
    /// The tag for a text carebook knows to be one (a default); `None` for any other.
    pub fn parse(text: &str) -> Option<LanguageTag> {
        let id = LanguageIdentifier::try_from_str(text.trim()).ok()?;
        let language = id.language.as_str();
        (matches!(language.len(), 2 | 3) && language != "und").then_some(LanguageTag(id))
    }

    /// ICU4X's identifier of the language, for its formatters.
    pub fn identifier(&self) -> &LanguageIdentifier {
        &self.0
    }

    /// The language alone, without script or region: `en` for `en-GB`.
    pub fn language(&self) -> &str {
        self.0.language.as_str()
    }

    /// The tag with only its language (`en` for `en-GB`): where a file for the region is
    /// missing, the file of the language serves.
    pub fn base(&self) -> LanguageTag {
        LanguageTag(LanguageIdentifier::from(self.0.language))
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `text`, written at `span`, as a language tag; else an error there that says how to
/// write one. For `language:` and for the names of languages elsewhere in site.yaml.
/// The primary language subtag of `tag`, in lower case (`es-MX` -> `es`, `EN_gb` -> `en`):
/// what carebook's data per language (claim words, stop words, reading formulas) is keyed by.
pub fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

pub fn checked_language_tag(text: &str, span: Span) -> Result<LanguageTag, Diagnostic> {
    LanguageTag::parse(text).ok_or_else(|| {
        Diagnostic::error(
            span,
            format!("`{}` is not a language code", text.trim()),
        )
        .with_help(
            "write a language code such as en, en-GB or es (a BCP 47 tag: the language's two- or three-letter code, then a region if you need one)",
        )
    })
}

/// Is `tag`'s language written right to left (Arabic, Urdu, Hebrew, Persian …)? From
/// ICU4X's data: the script the language is most likely written in (or the one the tag
/// names, `az-Arab`).
pub fn is_right_to_left(tag: &LanguageTag) -> bool {
    icu_locale::LocaleDirectionality::new_extended().is_right_to_left(tag.identifier())
}

/// `"rtl"` or `"ltr"`, for `<html dir>`.
pub fn direction(tag: &LanguageTag) -> &'static str {
    if is_right_to_left(tag) { "rtl" } else { "ltr" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_written_in_canonical_case() {
        for (written, tag) in [
            ("en", "en"),
            ("en-gb", "en-GB"),
            ("EN-GB", "en-GB"),
            ("es", "es"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("fil", "fil"),
        ] {
            assert_eq!(LanguageTag::parse(written).unwrap().to_string(), tag);
        }
        for bad in [
            "English",
            "",
            "e",
            "en GB",
            "und",
            "english-GB",
            "12",
            "en-",
            "fr_",
            "Español",
        ] {
            assert!(LanguageTag::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn right_to_left_from_icu_data() {
        for rtl in ["ar", "ur", "he", "fa", "ar-EG", "ps", "yi"] {
            assert!(is_right_to_left(&LanguageTag::parse(rtl).unwrap()), "{rtl}");
        }
        for ltr in ["en", "es", "de", "pl", "pt-BR", "fr", "ru", "zh"] {
            assert!(
                !is_right_to_left(&LanguageTag::parse(ltr).unwrap()),
                "{ltr}"
            );
        }
    }

    #[test]
    fn the_error_says_how_to_write_a_code() {
        let d = checked_language_tag("English", Span::file(std::path::Path::new("site.yaml")))
            .unwrap_err();
        assert_eq!(d.message, "`English` is not a language code");
    }
}
