//! Translations at load: `whiplash.es.md` beside `whiplash.md` is the Spanish translation
//! of the entry `whiplash`, and `_index.es.md` of the home page.
//!
//! Guarantees: a file name whose stem ends in a language code (`.es`, `.pt-BR`) is a
//! translation into that language, which the site must list in `languages:` (the default
//! language itself is no translation: `whiplash.en.md` on an English site is refused); a
//! translation writes only the fields that are its own (its text and its review,
//! [`crate::frontmatter::Field::in_translations`]), never relations, tags or its kind's
//! settings, which are its source's; only a translation writes `translated_from`; every
//! published translation has a published source of its kind and slug ([`unsourced`]
//! leaves out the others, each with its error or warning). Needs: the settings'
//! languages. Pure.

use std::path::Path;

use crate::config::{Config, DEFAULT_LANGUAGE, LangId};
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::{self, FrontMatter};

/// A stem split into its name and the language code after its last dot, when that is
/// shaped like one (`whiplash.es` -> `whiplash`, `es`; `pt-BR` too); `None` for a stem with
/// no such ending (`whiplash`, `st.johns-wort`).
pub fn split_language(stem: &str) -> Option<(&str, &str)> {
    let (name, code) = stem.rsplit_once('.')?;
    let primary = code.split('-').next().unwrap_or_default();
    let shaped = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && crate::config::tag_of(code).is_some();
    (shaped && !name.is_empty()).then_some((name, code))
}

/// The language of the file at `display` (stem `stem`): the default one for a file with
/// no language code, else the listed language its code names, or the error that the site
/// does not list it.
pub fn file_language<'s>(
    display: &Path,
    stem: &'s str,
    config: &Config,
) -> Result<(&'s str, LangId), Diagnostic> {
    let Some((name, code)) = split_language(stem) else {
        return Ok((stem, DEFAULT_LANGUAGE));
    };
    if let Some(language) = config.translation_language(code) {
        return Ok((name, language));
    }
    let listed: Vec<String> = config.languages[1..]
        .iter()
        .map(|l| format!("{} ({})", l.tag, l.name))
        .collect();
    let default = config.language();
    let (message, help) = if code.eq_ignore_ascii_case(default)
        || code.eq_ignore_ascii_case(default.split('-').next().unwrap_or(default))
    {
        (
            format!("`.{code}` names the site's own language, {default}"),
            format!("the site is written in {default}: rename the file to `{name}.md`"),
        )
    } else if listed.is_empty() {
        (
            format!(
                "this looks like a translation into `{code}`, and the site has no other languages"
            ),
            format!(
                "to publish translations, list the language in site.yaml: `languages: {{{code}: {{name: …}}}}` with its name as its readers write it; if this is not a translation, rename the file without `.{code}`"
            ),
        )
    } else {
        (
            format!("this looks like a translation into `{code}`, which site.yaml does not list"),
            format!(
                "the site's other languages are {}; add `{code}` under `languages:` in site.yaml, or rename the file if it is not a translation",
                listed.join(", ")
            ),
        )
    };
    Err(Diagnostic::error(Span::file(display), message).with_help(help))
}

/// Problems with the fields of a translation (a file in `language`, not the default):
/// each field that is its source's (relations are checked by the caller, with their
/// spans).
pub fn field_problems(meta: &FrontMatter, language: LangId, source: &str) -> Vec<Diagnostic> {
    if language == DEFAULT_LANGUAGE {
        return Vec::new();
    }
    meta.fixed_keys
        .iter()
        .filter(|(key, _)| !frontmatter::field(key).is_some_and(|f| f.in_translations))
        .map(|(key, span)| its_sources(key, span.clone(), source))
        .collect()
}

/// A file that is no translation writes `key`, which only translations take.
pub fn not_a_translation(key: &str, span: Span) -> Diagnostic {
    Diagnostic::error(span, format!("`{key}` is for translations, and this file is not one"))
        .with_help("a translation is named like its source with its language before `.md` (`whiplash.es.md`); remove this line here")
}

/// A translation writes `key`, which is its source's.
pub fn its_sources(key: &str, span: Span, source: &str) -> Diagnostic {
    Diagnostic::error(
        span,
        format!("`{key}` is set once, in the source ({source}): a translation takes it from there"),
    )
    .with_help("remove this line; a translation writes only its own title, summary, aliases, text, sources, `reviewed`, `reviewed_by` and `translated_from`")
}

/// Leaves out of `entries` each translation whose source is not published: an error for
/// one with no source at all, a warning for one whose source is a draft (it is published
/// with its source).
pub fn unsourced(
    config: &Config,
    entries: &mut Vec<super::Entry>,
    drafts: &[super::Entry],
    failed: &[(crate::config::KindId, String)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let key = |e: &super::Entry| (e.kind, e.slug.to_lowercase());
    let sources: std::collections::HashSet<_> = entries
        .iter()
        .filter(|e| e.language == DEFAULT_LANGUAGE)
        .map(key)
        .collect();
    let drafted: std::collections::HashSet<_> = drafts
        .iter()
        .filter(|e| e.language == DEFAULT_LANGUAGE)
        .map(key)
        .collect();
    let failed: std::collections::HashSet<_> = failed
        .iter()
        .map(|(kind, slug)| (*kind, slug.to_lowercase()))
        .collect();
    entries.retain(|e| {
        if e.language == DEFAULT_LANGUAGE || sources.contains(&key(e)) {
            return true;
        }
        // A source that failed to load has its own errors; the translation waits for it.
        if failed.contains(&key(e)) {
            return false;
        }
        let language = &config.languages[e.language];
        let source = source_file(&e.path);
        diagnostics.push(if drafted.contains(&key(e)) {
            Diagnostic::warning(
                Span::file(&e.path),
                format!("this translation into {} is not published: its source, {source}, is a draft", language.name),
            )
            .with_help("it is published with its source, when the source's `draft: true` is removed")
        } else {
            Diagnostic::error(
                Span::file(&e.path),
                format!("this is a translation into {} ({}) of {source}, and there is no such file", language.name, language.tag),
            )
            .with_help("a translation sits beside its source with the same name and its language before `.md`: check the name, or write the source first")
        });
        false
    });
}

/// The file a translation at `display` translates: its name without the language
/// (`content/conditions/whiplash.es.md` -> `content/conditions/whiplash.md`).
pub fn source_file(display: &Path) -> String {
    renamed(display, |stem| {
        split_language(stem)
            .map_or(stem, |(name, _)| name)
            .to_string()
    })
}

/// Where the translation into `tag` of the file at `display` goes:
/// `content/conditions/whiplash.md` -> `content/conditions/whiplash.es.md`.
pub fn translated_file(display: &Path, tag: &str) -> String {
    renamed(display, |stem| format!("{stem}.{tag}"))
}

/// `display` with its file's stem (its name without the Markdown ending) made `rename`'s.
fn renamed(display: &Path, rename: impl FnOnce(&str) -> String) -> String {
    let name = display
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = super::walk::markdown_stem(&name).unwrap_or(&name);
    let extension = &name[stem.len()..];
    display
        .with_file_name(format!("{}{extension}", rename(stem)))
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_code_ends_a_translations_stem() {
        assert_eq!(split_language("whiplash.es"), Some(("whiplash", "es")));
        assert_eq!(
            split_language("neck.pain.pt-BR"),
            Some(("neck.pain", "pt-BR"))
        );
        assert_eq!(split_language("whiplash"), None);
        assert_eq!(split_language("st.johns-wort"), None);
        assert_eq!(split_language("vitamin.b12"), None);
        assert_eq!(split_language(".es"), None);
    }
}
