//! `language:` and `languages:` in site.yaml: the language a site is written in, and the
//! languages it is translated into.
//!
//! Guarantees for a [`Config`](super::Config) that loaded: `languages[0]` is the default
//! language (`language:`), followed by every language of `languages:` in the order
//! written; each tag is a language tag ([`super::language::checked_language_tag`]: `es`,
//! `en-GB`, `zh-Hant`), written in its canonical case, and no two are the same (ignoring case); each
//! has a name to show in the language switcher (as written, or carebook's own list's
//! name for it, [`own_name`]) and knows whether it is written right to left. Needs: the YAML tree of site.yaml, for places. Pure.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Settings;
use super::reading::{ReadingLanguage, Targets, TargetsDecl};
use crate::diagnostic::{Diagnostic, Span};

/// Which of a site's languages: an index into `Config::languages`; 0 is the default.
pub type LangId = usize;

/// The default language, [`LangId`] 0.
pub const DEFAULT_LANGUAGE: LangId = 0;

/// One language of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// The language tag, in its usual case (`es`, `en-GB`): `<html lang>`, `hreflang`,
    /// and the folder its pages are published in (`es/`) for a language other than the
    /// default.
    pub tag: String,
    /// Its name in itself, as the language switcher shows it (`Español`).
    pub name: String,
    /// Written right to left: `<html dir="rtl">`.
    pub right_to_left: bool,
    /// Where site.yaml names it (`language:`'s value, or its key in `languages:`).
    pub span: Span,
    /// How the reading checks measure its pages: `None` for a language they have no
    /// formula for ([`ReadingLanguage::of`]).
    pub reading: Option<Reading>,
}

/// A measured language's formula and its targets (carebook's, with the site's
/// `reading_target:`; for English, `checks.reading_grade`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub language: ReadingLanguage,
    pub targets: Targets,
}

/// One language as `languages:` declares it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LanguageDecl {
    /// The language's name in itself; by default, carebook's ([`own_name`]).
    name: Option<String>,
    /// Each audience's reading target in the language's formula ([`super::reading`]).
    reading_target: Option<TargetsDecl>,
}

/// Each language's name in itself, by code ([`own_name`]).
const NAMES: &str = include_str!("languages/names.txt");

/// The name of the language `tag` in itself (`es` -> "Español"), from carebook's list
/// of the languages clinics write in: the name of the tag itself, or else of its
/// language and script, or of its language alone (`en-GB` -> "English"); `None` for a
/// language not in the list.
pub(super) fn own_name(tag: &str) -> Option<&'static str> {
    let names = NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'));
    let mut best: Option<(usize, &str)> = None;
    for (code, name) in names {
        let matches = tag.eq_ignore_ascii_case(code)
            || tag
                .get(..code.len() + 1)
                .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{code}-")));
        if matches && best.is_none_or(|(len, _)| code.len() > len) {
            best = Some((code.len(), name));
        }
    }
    best.map(|(_, name)| name)
}

/// `text` as a language tag in its canonical case (`en-gb` -> `en-GB`), read by ICU4X's
/// parser ([`super::language::LanguageTag`]); `None` when it is not one.
pub fn tag_of(text: &str) -> Option<String> {
    super::language::LanguageTag::parse(text).map(|t| t.to_string())
}

/// Is the language of `tag` (already checked) written right to left? ICU4X's data says
/// ([`super::language::is_right_to_left`]).
fn right_to_left(tag: &str) -> bool {
    super::language::LanguageTag::parse(tag).is_some_and(|t| super::language::is_right_to_left(&t))
}

/// How the pages in `tag` are measured: the language's formula and its default targets,
/// with what `decl` (its `reading_target:`) sets instead.
fn reading(tag: &str, decl: Option<&TargetsDecl>) -> Option<Reading> {
    let language = ReadingLanguage::of(tag)?;
    let targets = language.default_targets();
    Some(Reading {
        language,
        targets: decl.map_or(targets, |d| targets.with(d)),
    })
}

/// Why the language `tag` (named `name`) may not have the `reading_target:` that its
/// declaration `value` writes: English's targets are `checks.reading_grade`, and a
/// language without a formula has nothing to aim at.
fn reading_target_problem(
    tag: &str,
    name: &str,
    decl: Option<&TargetsDecl>,
    value: &crate::yaml_tree::Node,
    settings: &Settings<'_>,
) -> Result<(), Diagnostic> {
    let (Some((key, _)), Some(decl)) = (value.entry("reading_target"), decl) else {
        return Ok(());
    };
    let at = settings.places.of(key);
    match ReadingLanguage::of(tag) {
        Some(ReadingLanguage::English) => Err(Diagnostic::error(
            at,
            format!("`{tag}` is English, whose reading targets are set by `checks.reading_grade`"),
        )
        .with_help("remove `reading_target` here and write, under `checks:`, `reading_grade: {patient: 8, trainee: 12, clinician: 16}` with your grades")),
        Some(language) => {
            // Each figure a number a formula can give: not `.nan`, `.inf` or below zero.
            let figures = [
                ("patient", decl.patient),
                ("trainee", decl.trainee),
                ("clinician", decl.clinician),
            ];
            let node = value.get("reading_target");
            let example = language.default_targets().patient;
            match node.and_then(|n| {
                super::reading::unusable_figure(n, figures, example, settings.places)
            }) {
                Some(d) => Err(d),
                None => Ok(()),
            }
        }
        None => {
            let measured: Vec<String> = ReadingLanguage::ALL
                .iter()
                .map(|l| format!("`{}`", l.code()))
                .collect();
            let name = if name.is_empty() { tag } else { name };
            Err(Diagnostic::error(
                at,
                format!("carebook has no reading formula for {name} (`{tag}`), so its pages get no reading level and a target would do nothing"),
            )
            .with_help(format!(
                "remove `reading_target`; the reading level is measured in {}",
                measured.join(", ")
            )))
        }
    }
}

/// The site's languages: the default one (`language:`, written as `written`, at
/// `default_span`) and those of `languages:`, in the order written.
pub(super) fn checked(
    written: &str,
    default_span: Span,
    declared: &BTreeMap<String, LanguageDecl>,
    settings: &Settings<'_>,
    folders: &[(String, String)],
) -> Result<Vec<Language>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let default_tag = match super::language::checked_language_tag(written, default_span.clone()) {
        Ok(tag) => tag.to_string(),
        Err(d) => {
            diagnostics.push(d);
            written.to_string()
        }
    };
    let mut languages = vec![Language {
        right_to_left: right_to_left(&default_tag),
        name: own_name(&default_tag).unwrap_or(&default_tag).to_string(),
        reading: reading(&default_tag, None),
        tag: default_tag,
        span: default_span,
    }];
    let nodes = settings
        .root
        .get("languages")
        .map_or(&[][..], crate::yaml_tree::Node::entries);
    for (key, value) in nodes {
        let Some((written, decl)) = key.scalar().and_then(|k| declared.get_key_value(k)) else {
            continue;
        };
        let span = settings.places.of(key);
        let tag = match super::language::checked_language_tag(written, span.clone()) {
            Ok(tag) => tag.to_string(),
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        // Its name as written, or else as carebook's list has it.
        let name = decl
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .or_else(|| own_name(&tag))
            .unwrap_or_default();
        if decl.reading_target.is_some()
            && let Err(d) =
                reading_target_problem(&tag, name, decl.reading_target.as_ref(), value, settings)
        {
            diagnostics.push(d);
            continue;
        }
        if tag.eq_ignore_ascii_case(&languages[0].tag) {
            // The default language listed for its name or its reading target.
            if !name.is_empty() {
                languages[0].name = name.to_string();
            }
            languages[0].reading = reading(&tag, decl.reading_target.as_ref());
            continue;
        }
        if let Some((folder, what)) = folders.iter().find(|(f, _)| f.eq_ignore_ascii_case(&tag)) {
            diagnostics.push(
                Diagnostic::error(
                    span,
                    format!("the pages in `{tag}` would go in the folder `{folder}/`, which is {what}"),
                )
                .with_help("rename the kind's folder in site.yaml (`kinds:`), or write the language with its region (`es-ES`)"),
            );
            continue;
        }
        if languages.iter().any(|l| l.tag.eq_ignore_ascii_case(&tag)) {
            diagnostics.push(
                Diagnostic::error(span, format!("`{written}` is listed twice in `languages:`"))
                    .with_help("list each language once; remove one of them"),
            );
            continue;
        }
        if name.is_empty() {
            let at = value
                .entry("name")
                .map_or_else(|| span.clone(), |(k, _)| settings.places.of(k));
            diagnostics.push(
                Diagnostic::error(at, format!("the language `{tag}` has no name"))
                    .with_help(
                        "give its name as its readers write it, for the language switcher: for example `es: {name: Español}`",
                    ),
            );
            continue;
        }
        languages.push(Language {
            right_to_left: right_to_left(&tag),
            name: name.to_string(),
            reading: reading(&tag, decl.reading_target.as_ref()),
            tag,
            span,
        });
    }
    if diagnostics.is_empty() {
        Ok(languages)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_named_in_itself() {
        assert_eq!(own_name("en-GB"), Some("English"));
        assert_eq!(own_name("es"), Some("Español"));
        assert_eq!(own_name("pt-BR"), Some("Português (Brasil)"));
        assert_eq!(own_name("pt-PT"), Some("Português"));
        assert_eq!(own_name("zh-Hant-TW"), Some("繁體中文"));
        assert_eq!(own_name("xx"), None);
        // Every line of the list is a language code and a name.
        for line in NAMES.lines().filter(|l| !l.starts_with('#')) {
            let (code, name) = line.split_once('\t').unwrap();
            assert_eq!(tag_of(code).as_deref(), Some(code), "{line}");
            assert!(!name.trim().is_empty(), "{line}");
        }
    }

    #[test]
    fn right_to_left_by_language_or_script() {
        for (tag, rtl) in [
            ("ar", true),
            ("ur-PK", true),
            ("he", true),
            ("es", false),
            ("az-Arab", true),
        ] {
            assert_eq!(right_to_left(tag), rtl, "{tag}");
        }
        assert_eq!(tag_of("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(tag_of("English"), None);
    }
}
