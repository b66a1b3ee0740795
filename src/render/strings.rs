//! The interface of each language a site's pages are in: its texts (the theme's strings
//! files and `strings:` of site.yaml, merged), its direction, and its dates and numbers
//! ([`crate::dates::LocalWriter`]), as one [`Table`] per language, made once per build.
//!
//! Guarantees: a table has every key of the English file ([`crate::config::strings`]) and
//! `kind_NAME` for every kind. For a language, a text comes from, the last that has it
//! winning: the default theme's file of the language (`strings/es.yaml`, then
//! `strings/es-MX.yaml` for `es-MX`), the site's theme's files the same way, then
//! `strings:` of site.yaml (`es`, then `es-MX`). What none of them has is the default
//! language's text, with ONE warning for that language listing every key it lacks; the
//! default language falls back to the English file the same way. A kind the site adds is
//! titled in the default language by its `kinds:` title. Texts with parts (`{date}`) are
//! filled in here ([`Table::fill`], [`Table::fill_html`], [`Table::count`]): a template
//! gets them ready. Reads the theme's strings files in [`Tables::load`]; pure apart from
//! that.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::language::{LanguageTag, is_right_to_left};
use crate::config::strings::{self, Text, Texts};
use crate::config::{Config, Kind};
use crate::dates::LocalWriter;
use crate::diagnostic::{Diagnostic, Span};

/// The texts, direction and formatters of one language.
#[derive(Debug)]
pub struct Table {
    tag: LanguageTag,
    texts: Texts,
    writer: LocalWriter,
    /// The plain texts as templates see them (`t`), made once.
    view: tera::Value,
    /// The texts of the search box (search.js), as JSON for `data-texts`.
    search_json: String,
}

/// Nouns that keep their capital inside a sentence (German): a title is not lower-cased
/// there ("vor Tiefengewebsmassage").
const CAPITALISED_NOUNS: [&str; 2] = ["de", "lb"];

impl Table {
    /// The table of `tag` with `texts`, for a site whose kinds are `kinds`.
    fn new(tag: LanguageTag, texts: Texts, kinds: &[Kind]) -> Table {
        let view = tera::Value::from_serializable(
            &texts
                .iter()
                .map(|(k, t)| (k.as_str(), t.form("other")))
                .collect::<BTreeMap<&str, &str>>(),
        );
        let mut search: BTreeMap<&str, serde_json::Value> = texts
            .iter()
            .filter(|(k, _)| k.starts_with("search_"))
            .map(|(k, t)| {
                let value = match t {
                    Text::Plain(s) => serde_json::Value::from(s.as_str()),
                    Text::Counted(forms) => serde_json::to_value(forms).unwrap_or_default(),
                };
                (k.as_str(), value)
            })
            .collect();
        // The headings of the results' groups: each kind's title, in the order of the
        // search index's `kinds`.
        let titles: Vec<&str> = kinds
            .iter()
            .map(|kind| {
                texts
                    .get(&format!("kind_{}", kind.name))
                    .map_or(kind.title.as_str(), |t| t.form("other"))
            })
            .collect();
        search.insert("kinds", serde_json::Value::from(titles));
        Table {
            writer: LocalWriter::new(tag.identifier()),
            search_json: serde_json::to_string(&search).unwrap_or_default(),
            tag,
            texts,
            view,
        }
    }

    /// The language's tag, for `<html lang>`.
    pub fn tag(&self) -> &LanguageTag {
        &self.tag
    }

    /// `"rtl"` or `"ltr"`, for `<html dir>`.
    pub fn dir(&self) -> &'static str {
        if is_right_to_left(&self.tag) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// Whether a title is lower-cased inside a sentence ("before deep tissue massage").
    pub fn lowercase_titles(&self) -> bool {
        !CAPITALISED_NOUNS.contains(&self.tag.language())
    }

    /// The text `key` as it is (a counted text: its `other` form).
    pub fn get(&self, key: &str) -> &str {
        self.texts.get(key).map_or("", |t| t.form("other"))
    }

    /// Every plain text, for templates (`t`).
    pub fn view(&self) -> &tera::Value {
        &self.view
    }

    /// The search box's texts, as JSON.
    pub fn search_json(&self) -> &str {
        &self.search_json
    }

    /// The title of `kind`'s A–Z page in this language.
    pub fn kind_title<'t>(&'t self, kind: &'t Kind) -> &'t str {
        self.texts
            .get(&format!("kind_{}", kind.name))
            .map_or(kind.title.as_str(), |t| t.form("other"))
    }

    /// `date` in this language: "1 de marzo de 2026".
    pub fn date(&self, date: jiff::civil::Date) -> String {
        self.writer.date(date)
    }

    /// A whole number in this language.
    pub fn number(&self, n: usize) -> String {
        self.writer.number(n)
    }

    /// The text `key` with each `{name}` of `parts` filled in, as plain text.
    pub fn fill(&self, key: &str, parts: &[(&str, &str)]) -> String {
        fill(self.get(key), parts, |s| s.to_string())
    }

    /// The text `key` as HTML: its own words escaped, each `{name}` of `parts` replaced by
    /// that part's HTML as it is.
    pub fn fill_html(&self, key: &str, parts: &[(&str, &str)]) -> String {
        fill(self.get(key), parts, |s| {
            let mut out = String::new();
            let _ = pulldown_cmark_escape::escape_html(&mut out, s);
            out
        })
    }

    /// "Page X of Y" for a printed page's footer, as a CSS `content:` value:
    /// `"Page " counter(page) " of " counter(pages)`, each run of words a quoted CSS string
    /// ([`super::handout::css_string`], safe inside `<style>`).
    pub fn page_of_css(&self) -> String {
        let text = self.get("page_of");
        let mut out: Vec<String> = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let counter = match &rest[open + 1..close] {
                "page" => "counter(page)",
                "pages" => "counter(pages)",
                _ => "",
            };
            if open > 0 {
                out.push(super::handout::css_string(&rest[..open]));
            }
            if !counter.is_empty() {
                out.push(counter.to_string());
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() || out.is_empty() {
            out.push(super::handout::css_string(rest));
        }
        out.join(" ")
    }

    /// The counted text `key` for `n` (its form for `n`, `{count}` the number written in
    /// this language), with `parts` filled in: "12 pages, from A to Z.".
    pub fn count(&self, key: &str, n: usize, parts: &[(&str, &str)]) -> String {
        let number = self.number(n);
        let form = self.writer.plural(n);
        let text = self.texts.get(key).map_or("", |t| t.form(form));
        let mut all = vec![("count", number.as_str())];
        all.extend_from_slice(parts);
        fill(text, &all, |s| s.to_string())
    }
}

/// `text` with each `{name}` replaced by its part of `parts` (a name without a part stays
/// as written), and the words between them made by `words`.
fn fill(text: &str, parts: &[(&str, &str)], words: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        match parts.iter().find(|(n, _)| *n == name) {
            Some((_, part)) => {
                out.push_str(&words(&rest[..open]));
                out.push_str(part);
            }
            None => out.push_str(&words(&rest[..=close])),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&words(rest));
    out
}

/// A table for each language of a site, made once per build.
#[derive(Debug)]
pub struct Tables {
    default: LanguageTag,
    tables: BTreeMap<LanguageTag, Table>,
}

/// The strings files of a theme: by language tag, (the file's path as shown, its text).
type Files = BTreeMap<LanguageTag, (PathBuf, String)>;

impl Tables {
    /// The tables of the site's default language and of `others` (each with where it is
    /// named, for the warning about its missing texts), from the default theme's strings
    /// files, those of the site's theme in `root` (`themes/NAME/strings/`) and `strings:`.
    /// `Err`: the problems of a theme's strings file; `Ok` holds the warnings.
    pub fn load(
        root: &Path,
        config: &Config,
        others: &[(LanguageTag, Span)],
    ) -> Result<(Tables, Vec<Diagnostic>), Vec<Diagnostic>> {
        let own_kinds: Vec<String> = config
            .kinds
            .iter()
            .filter(|k| k.builtin.is_none())
            .map(|k| k.name.clone())
            .collect();
        let built_in = files_of(super::theme::embedded_files("strings").into_iter().map(
            |(name, bytes)| {
                (
                    PathBuf::from("themes/default/strings").join(&name),
                    name,
                    String::from_utf8_lossy(bytes).into_owned(),
                )
            },
        ));
        let site_theme = if config.theme == "default" {
            Files::new()
        } else {
            let dir = root.join("themes").join(&config.theme).join("strings");
            let mut read = Vec::new();
            let mut problems = Vec::new();
            for item in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = item.path();
                let name = item.file_name().to_string_lossy().into_owned();
                if !name.ends_with(".yaml") {
                    continue;
                }
                let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                match std::fs::read_to_string(&path) {
                    Ok(text) => read.push((display, name, text)),
                    Err(err) => problems.push(
                        Diagnostic::error(
                            Span::file(&display),
                            format!("cannot read this strings file: {err}"),
                        )
                        .with_help("check the file's permissions and that it is saved as UTF-8"),
                    ),
                }
            }
            if !problems.is_empty() {
                return Err(problems);
            }
            files_of(read.into_iter())
        };
        let mut layers: Vec<BTreeMap<LanguageTag, Texts>> = Vec::new();
        let mut problems = Vec::new();
        for files in [&built_in, &site_theme] {
            let mut layer = BTreeMap::new();
            for (tag, (display, text)) in files {
                match strings::read_file(text, display, &own_kinds) {
                    Ok(texts) => {
                        layer.insert(tag.clone(), texts);
                    }
                    Err(found) => problems.extend(found),
                }
            }
            layers.push(layer);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        layers.push(config.strings.by_language.clone());
        let default = LanguageTag::parse(config.language())
            .unwrap_or_else(|| LanguageTag::parse("en").unwrap_or_else(|| unreachable!()));
        let mut warnings = Vec::new();
        // The default language first: the others fall back to it.
        let mut english = strings::english().clone();
        for kind in config.kinds.iter().filter(|k| k.builtin.is_none()) {
            english.insert(
                format!("kind_{}", kind.name),
                Text::Plain(kind.title.clone()),
            );
        }
        let (mut default_texts, missing) = merged(&layers, &default, &english);
        // A kind of the site's own: its `kinds:` title, in the default language.
        for kind in config.kinds.iter().filter(|k| k.builtin.is_none()) {
            default_texts.insert(
                format!("kind_{}", kind.name),
                Text::Plain(kind.title.clone()),
            );
        }
        let missing: Vec<String> = missing
            .into_iter()
            .filter(|k| !own_kinds.iter().any(|n| format!("kind_{n}") == *k))
            .collect();
        if let Some(w) =
            missing_warning(&default, "English", &missing, config.language_span.clone())
        {
            warnings.push(w);
        }
        let mut tables = BTreeMap::new();
        for (tag, span) in others {
            if *tag == default || tables.contains_key(tag) {
                continue;
            }
            let (texts, missing) = merged(&layers, tag, &default_texts);
            if let Some(w) = missing_warning(tag, &default.to_string(), &missing, span.clone()) {
                warnings.push(w);
            }
            tables.insert(tag.clone(), Table::new(tag.clone(), texts, &config.kinds));
        }
        tables.insert(
            default.clone(),
            Table::new(default.clone(), default_texts, &config.kinds),
        );
        Ok((Tables { default, tables }, warnings))
    }

    /// The table of language `tag`; the default language's for one the site does not have.
    pub fn table(&self, tag: &str) -> &Table {
        LanguageTag::parse(tag)
            .and_then(|t| self.tables.get(&t))
            .or_else(|| self.tables.get(&self.default))
            .unwrap_or_else(|| unreachable!("the default language always has a table"))
    }

    /// The default language's table.
    pub fn default_table(&self) -> &Table {
        self.table(&self.default.to_string())
    }
}

/// The site's languages besides its default one (`languages:`), each with where site.yaml
/// names it: the languages its translations are in, for [`Tables::load`].
pub fn other_languages(config: &Config) -> Vec<(LanguageTag, Span)> {
    config.languages[1..]
        .iter()
        .filter_map(|l| Some((LanguageTag::parse(&l.tag)?, l.span.clone())))
        .collect()
}

/// Strings files by language, from (display path, file name, text): `es.yaml` is `es`; a
/// file whose name is not a language tag is not one of them.
fn files_of(files: impl Iterator<Item = (PathBuf, String, String)>) -> Files {
    files
        .filter_map(|(display, name, text)| {
            let tag = LanguageTag::parse(name.strip_suffix(".yaml")?)?;
            Some((tag, (display, text)))
        })
        .collect()
}

/// The texts of `tag` from `layers` (lowest first; in each, the language's own texts then
/// the tag's), each key that none has taken from `fallback`; and the keys so taken.
fn merged(
    layers: &[BTreeMap<LanguageTag, Texts>],
    tag: &LanguageTag,
    fallback: &Texts,
) -> (Texts, Vec<String>) {
    let mut texts = Texts::new();
    let base = tag.base();
    for layer in layers {
        for t in [&base, tag] {
            if let Some(found) = layer.get(t) {
                texts.extend(found.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
    }
    let mut missing = Vec::new();
    for (key, text) in fallback {
        if !texts.contains_key(key) {
            missing.push(key.clone());
            texts.insert(key.clone(), text.clone());
        }
    }
    (texts, missing)
}

/// The one warning about the texts of `tag` shown in `fallback` instead.
fn missing_warning(
    tag: &LanguageTag,
    fallback: &str,
    missing: &[String],
    span: Span,
) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    let listed: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
    Some(
        Diagnostic::warning(
            span,
            format!(
                "the theme has no text in `{tag}` for {}, so {} shown in {fallback}: {}",
                crate::diagnostic::plural(missing.len(), "interface text"),
                if missing.len() == 1 { "it is" } else { "they are" },
                listed.join(", ")
            ),
        )
        .with_code("strings-missing")
        .with_help(format!(
            "write them under `strings:` in site.yaml (`strings:` / `  {tag}:` / `    {}: …`), or in the theme's strings/{tag}.yaml",
            missing[0]
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_filled_and_words_escaped_in_html() {
        assert_eq!(
            fill(
                "Page {page} of {pages}",
                &[("page", "2"), ("pages", "4")],
                str::to_string
            ),
            "Page 2 of 4"
        );
        assert_eq!(
            fill("{a} and {b}", &[("a", "x")], str::to_string),
            "x and {b}"
        );
        let table = Table::new(
            LanguageTag::parse("en").unwrap(),
            Texts::from([("k".to_string(), Text::Plain("A & B {date}".into()))]),
            &[],
        );
        assert_eq!(
            table.fill_html("k", &[("date", "<time>1</time>")]),
            "A &amp; B <time>1</time>"
        );
        let pages = Table::new(
            LanguageTag::parse("es").unwrap(),
            Texts::from([(
                "page_of".to_string(),
                Text::Plain("Página {page} de {pages}".into()),
            )]),
            &[],
        );
        assert_eq!(
            pages.page_of_css(),
            "\"Página \" counter(page) \" de \" counter(pages)"
        );
    }

    #[test]
    fn every_shipped_file_has_every_key_and_only_known_parts() {
        for (name, bytes) in super::super::theme::embedded_files("strings") {
            let text = std::str::from_utf8(bytes).unwrap();
            let texts = strings::read_file(text, Path::new(&name), &[])
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let missing: Vec<&String> = strings::english()
                .keys()
                .filter(|k| !texts.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
        }
    }
}
