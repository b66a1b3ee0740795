//! `checks.claims`, `checks.technique_claims` and `checks.never_claims` in site.yaml: the
//! site's own claim words, either one list (for the site's default language) or a list
//! for each of the site's languages, keyed by its tag (`{en-GB: [...], es: [...]}`).
//!
//! Guarantees for a [`Config`](super::Config) that loaded: every list is a list of text;
//! every language it is keyed by is one of the site's languages (its tag, ignoring case),
//! each once — else an error at the key, naming the site's languages ([`checked`]).
//! carebook's own lists, by language, are the checks' (`src/checks/claims/`); these only
//! replace (`claims`, `technique_claims`) or add to (`never_claims`) them. Runs inside
//! [`super::parse_in`], after the site's languages are known.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::Settings;
use super::languages::{DEFAULT_LANGUAGE, LangId, Language};
use crate::diagnostic::Diagnostic;
use crate::yaml_tree::NodeKind;

/// One claim list of `checks:` as site.yaml writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ClaimWords {
    /// Not written: carebook's lists alone.
    #[default]
    Shipped,
    /// One list: the default language's.
    List(Vec<String>),
    /// A list for each language, by its tag as written (one of the site's, once each).
    ByLanguage(Vec<(String, Vec<String>)>),
}

impl ClaimWords {
    /// The site's own list for language `language` of `languages` (the site's); `None`
    /// when it gives none for it, so carebook's list stands.
    pub fn of(&self, languages: &[Language], language: LangId) -> Option<&[String]> {
        match self {
            ClaimWords::Shipped => None,
            ClaimWords::List(words) => (language == DEFAULT_LANGUAGE).then_some(words.as_slice()),
            ClaimWords::ByLanguage(lists) => {
                let tag = &languages.get(language)?.tag;
                lists
                    .iter()
                    .find(|(written, _)| written.eq_ignore_ascii_case(tag))
                    .map(|(_, words)| words.as_slice())
            }
        }
    }
}

impl<'de> Deserialize<'de> for ClaimWords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ClaimWords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ClaimWords, A::Error> {
                let mut words = Vec::new();
                while let Some(word) = seq.next_element::<String>()? {
                    words.push(word);
                }
                Ok(ClaimWords::List(words))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ClaimWords, A::Error> {
                let mut lists = Vec::new();
                while let Some(language) = map.next_key::<String>()? {
                    lists.push((language, map.next_value::<Vec<String>>()?));
                }
                Ok(ClaimWords::ByLanguage(lists))
            }
        }
        d.deserialize_any(V)
    }
}

/// The names of the three settings, as site.yaml writes them under `checks:`.
const SETTINGS: [&str; 3] = ["claims", "technique_claims", "never_claims"];

/// The languages that the claim lists of `checks:` are keyed by, checked against the
/// site's `languages`: each must be one of them, once.
pub(super) fn checked(settings: &Settings<'_>, languages: &[Language]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(checks) = settings.root.get("checks") else {
        return problems;
    };
    for setting in SETTINGS {
        let Some(node) = checks.get(setting) else {
            continue;
        };
        if !matches!(node.kind, NodeKind::Map(_)) {
            continue;
        }
        let mut seen: Vec<(LangId, usize)> = Vec::new();
        for (key, _) in node.entries() {
            let written = key.scalar().unwrap_or_default();
            let span = settings.places.of(key);
            let Some(language) = languages
                .iter()
                .position(|l| l.tag.eq_ignore_ascii_case(written))
            else {
                problems.push(
                    Diagnostic::error(
                        span,
                        format!(
                            "`checks.{setting}` has a list for `{written}`, which is not a language of this site"
                        ),
                    )
                    .with_help(unknown_language_help(languages, written)),
                );
                continue;
            };
            if let Some((_, line)) = seen.iter().find(|(l, _)| *l == language) {
                problems.push(
                    Diagnostic::error(
                        span,
                        format!(
                            "`checks.{setting}` has two lists for `{}`",
                            languages[language].tag
                        ),
                    )
                    .with_help(format!(
                        "keep one of the two (the other is on line {line}): put all the words for `{}` in one list",
                        languages[language].tag
                    )),
                );
                continue;
            }
            seen.push((language, span.line));
        }
    }
    problems
}

/// What to do with a list for `written`, which is none of the site's `languages`.
fn unknown_language_help(languages: &[Language], written: &str) -> String {
    let tags: Vec<String> = languages.iter().map(|l| format!("`{}`", l.tag)).collect();
    let add = format!("or add `{written}` to `languages:`");
    match tags.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!(
            "the site's languages are {} and {last}: write the list under one of them, {add}",
            rest.join(", ")
        ),
        _ => format!(
            "the site's one language is {} (`language:`): write the list under it, or as a plain list for it, {add}",
            tags.join("")
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::{Config, parse};

    fn loaded(text: &str) -> Config {
        parse(text, Path::new("site.yaml")).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// The errors of a site.yaml that does not load, as (line, column, message).
    fn refused(text: &str) -> Vec<(usize, usize, String)> {
        let err = parse(text, Path::new("site.yaml")).unwrap_err();
        err.into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    const TWO: &str = "title: C\nlanguage: en-GB\nlanguages: {es: {}}\nchecks:\n";

    #[test]
    fn a_list_is_the_default_language_s_and_a_map_is_by_language() {
        let config = loaded(&format!("{TWO}  claims: [cure]\n"));
        let words = &config.checks.claims;
        let cure = ["cure".to_string()];
        assert_eq!(words.of(&config.languages, 0), Some(&cure[..]));
        assert_eq!(words.of(&config.languages, 1), None);
        let config = loaded(&format!(
            "{TWO}  claims: {{ES: [cura]}}\n  never_claims: {{en-gb: []}}\n"
        ));
        let checks = &config.checks;
        let cura = ["cura".to_string()];
        assert_eq!(checks.claims.of(&config.languages, 0), None);
        assert_eq!(checks.claims.of(&config.languages, 1), Some(&cura[..]));
        assert_eq!(checks.never_claims.of(&config.languages, 0), Some(&[][..]));
        assert_eq!(checks.technique_claims, ClaimWords::Shipped);
    }

    #[test]
    fn a_language_the_site_does_not_have_is_an_error_at_its_key() {
        let text = format!(
            "{TWO}  technique_claims:\n    es: [diagnosticar]\n    fr: [diagnostiquer]\n    Es: [x]\n"
        );
        assert_eq!(
            refused(&text),
            [
                (
                    7,
                    5,
                    "`checks.technique_claims` has a list for `fr`, which is not a language of this site".to_string()
                ),
                (
                    8,
                    5,
                    "`checks.technique_claims` has two lists for `es`".to_string()
                ),
            ]
        );
        let err = parse(&text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(
            err[0].help.as_deref(),
            Some(
                "the site's languages are `en-GB` and `es`: write the list under one of them, or add `fr` to `languages:`"
            )
        );
        assert_eq!(
            err[1].help.as_deref(),
            Some(
                "keep one of the two (the other is on line 6): put all the words for `es` in one list"
            )
        );
        let one = refused("title: C\nlanguage: es\nchecks:\n  claims: {en: [cure]}\n");
        assert_eq!((one[0].0, one[0].1), (4, 12));
        let err = parse(
            "title: C\nlanguage: es\nchecks:\n  never_claims: {en: []}\n",
            Path::new("site.yaml"),
        )
        .unwrap_err();
        assert_eq!(
            err[0].help.as_deref(),
            Some(
                "the site's one language is `es` (`language:`): write the list under it, or as a plain list for it, or add `en` to `languages:`"
            )
        );
    }

    #[test]
    fn a_list_that_is_not_words_is_an_error_at_its_place() {
        for text in [
            "title: C\nchecks:\n  claims: {en: cure}\n",
            "title: C\nchecks:\n  claims: cure\n",
        ] {
            assert_eq!(refused(text)[0].0, 3, "{text}");
        }
    }
}
