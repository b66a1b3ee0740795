//! The theme's interface texts ("Search", "When to get help", "Page {page} of {pages}"):
//! which keys there are, and `strings:` in site.yaml, which changes any of them for any
//! language.
//!
//! Guarantees: the keys are those of the default theme's English file,
//! `themes/default/strings/en.yaml` ([`english`]), plus `kind_NAME` for each kind a site
//! adds; every text read here — from `strings:` ([`checked`]) or from a theme's file
//! ([`read_file`]) — has a known key (else an error at the key, with a did-you-mean), is
//! text (or, for a text that depends on a number, forms by CLDR plural category with
//! `other` among them), and uses only the parts (`{date}`) its English text has (else an
//! error at the value). The languages of `strings:` are language tags
//! ([`super::language`]). Runs inside [`super::parse_in`], after the kinds are known; the
//! render stage merges the texts per language (`crate::render`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use super::Settings;
use super::language::{LanguageTag, checked_language_tag};
use crate::dates::PLURAL_FORMS;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::frontmatter::Places;
use crate::spans::Spans;
use crate::yaml_tree::{self, Node, NodeKind};

/// The default theme's English texts, the source of truth for the keys.
pub const ENGLISH: &str = include_str!("../../themes/default/strings/en.yaml");

/// One interface text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// The same words whatever is filled in.
    Plain(String),
    /// Words that depend on a number (`{count}`), by CLDR plural category: `one`, `other`.
    Counted(BTreeMap<String, String>),
}

impl Text {
    /// The words for a number of plural form `form` (`one`, `few`): that form's, else
    /// `other`'s. A plain text is the same for every number.
    pub fn form(&self, form: &str) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Counted(forms) => forms
                .get(form)
                .or_else(|| forms.get("other"))
                .map_or("", String::as_str),
        }
    }

    /// The parts it names: `date` for "Reviewed {date}".
    fn parts(&self) -> BTreeSet<&str> {
        let texts: Vec<&str> = match self {
            Text::Plain(text) => vec![text],
            Text::Counted(forms) => forms.values().map(String::as_str).collect(),
        };
        texts.into_iter().flat_map(parts_of).collect()
    }
}

/// The names between `{` and `}` in `text`.
pub fn parts_of(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Texts by key.
pub type Texts = BTreeMap<String, Text>;

/// The English texts of the default theme: every key there is.
pub fn english() -> &'static Texts {
    static ENGLISH_TEXTS: OnceLock<Texts> = OnceLock::new();
    ENGLISH_TEXTS.get_or_init(|| {
        let root = yaml_tree::parse(ENGLISH).unwrap_or_else(|| unreachable!("en.yaml parses"));
        let spans = Spans::new(Path::new("themes/default/strings/en.yaml"), ENGLISH);
        let places = Places {
            spans: &spans,
            base: 0,
        };
        let mut texts = Texts::new();
        for (key, value) in root.entries() {
            if let (Some(key), Ok(text)) = (key.scalar(), words_of(key_name(key), value, &places)) {
                texts.insert(key.to_string(), text);
            }
        }
        texts
    })
}

fn key_name(key: &Node) -> &str {
    key.scalar().unwrap_or_default()
}

/// `strings:` of site.yaml: for each language, the texts the site changes.
#[derive(Debug, Clone, Default)]
pub struct SiteStrings {
    pub by_language: BTreeMap<LanguageTag, Texts>,
}

/// The keys of a site whose own kinds are `own_kinds`: the English file's and
/// `kind_NAME` for each.
fn known_keys<'k>(own_kinds: &'k [String]) -> Vec<std::borrow::Cow<'k, str>> {
    english()
        .keys()
        .map(|k| std::borrow::Cow::Borrowed(k.as_str()))
        .chain(
            own_kinds
                .iter()
                .map(|name| std::borrow::Cow::Owned(format!("kind_{name}"))),
        )
        .collect()
}

/// The texts of the mapping `node` (one language's), each checked as the module says;
/// `own_kinds`: the names of the kinds the site adds. Problems are errors at their place.
fn read_texts(node: &Node, places: &Places<'_>, own_kinds: &[String]) -> (Texts, Vec<Diagnostic>) {
    let known = known_keys(own_kinds);
    let mut texts = Texts::new();
    let mut problems = Vec::new();
    if !matches!(node.kind, NodeKind::Map(_)) && !node.is_null() {
        problems.push(
            Diagnostic::error(
                places.of(node),
                "the texts of a language must be keys with their words",
            )
            .with_help("write each text on its own line under the language, e.g. `search: Buscar`"),
        );
        return (texts, problems);
    }
    for (key, value) in node.entries() {
        let name = key_name(key);
        if !known.iter().any(|k| k == name) {
            let mut d = Diagnostic::error(
                places.of(key),
                format!("`{name}` is not a text of the theme"),
            );
            d = match did_you_mean(name, known.iter().map(|k| k.as_ref())) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "the texts and their keys are listed in the theme's strings/en.yaml (the default theme's: themes/default/strings/en.yaml in carebook's source)",
                ),
            };
            problems.push(d);
            continue;
        }
        match text_of(name, value, places) {
            Ok(text) => {
                texts.insert(name.to_string(), text);
            }
            Err(d) => problems.push(d),
        }
    }
    (texts, problems)
}

/// The text of key `name` written as `value`, using only the parts its English text has.
fn text_of(name: &str, value: &Node, places: &Places<'_>) -> Result<Text, Diagnostic> {
    let text = words_of(name, value, places)?;
    // The parts the English text has (none for a kind of the site's own).
    if let Some(english) = ENGLISH_PARTS.get_or_init(english_parts).get(name) {
        let unknown: Vec<&str> = text
            .parts()
            .into_iter()
            .filter(|p| !english.contains(*p))
            .collect();
        if let Some(part) = unknown.first() {
            let help = if english.is_empty() {
                "this text has no parts: write it without `{…}`".to_string()
            } else {
                let names: Vec<String> = english.iter().map(|p| format!("{{{p}}}")).collect();
                format!("the parts carebook fills in here are {}", names.join(", "))
            };
            return Err(Diagnostic::error(
                places.of(value),
                format!("`{{{part}}}` is not a part of the text `{name}`"),
            )
            .with_help(help));
        }
    }
    Ok(text)
}

/// The words of key `name` written as `value`: text, or forms by number.
fn words_of(name: &str, value: &Node, places: &Places<'_>) -> Result<Text, Diagnostic> {
    let empty = || {
        Diagnostic::error(places.of(value), format!("the text `{name}` is empty")).with_help(
            format!("write its words after `{name}:`, or remove the line to keep the theme's"),
        )
    };
    let text = match &value.kind {
        _ if value.is_null() => return Err(empty()),
        NodeKind::Scalar { value: words, .. } if words.trim().is_empty() => return Err(empty()),
        NodeKind::Scalar { value: words, .. } => Text::Plain(words.clone()),
        NodeKind::Map(forms) => {
            let mut counted = BTreeMap::new();
            for (form, words) in forms {
                let form_name = key_name(form);
                if !PLURAL_FORMS.contains(&form_name) {
                    return Err(Diagnostic::error(
                        places.of(form),
                        format!("`{form_name}` is not a plural form"),
                    )
                    .with_help(format!(
                        "the forms by number are {} (as the language has them), and always `other`",
                        PLURAL_FORMS.join(", ")
                    )));
                }
                match words.scalar() {
                    Some(w) if !w.trim().is_empty() && !words.is_null() => {
                        counted.insert(form_name.to_string(), w.to_string());
                    }
                    _ => return Err(empty()),
                }
            }
            if !counted.contains_key("other") {
                return Err(Diagnostic::error(
                    places.of(value),
                    format!("the text `{name}` has no `other` form"),
                )
                .with_help("give `other:`, the form for any number the other forms do not cover"));
            }
            Text::Counted(counted)
        }
        _ => {
            return Err(Diagnostic::error(
                places.of(value),
                format!("the text `{name}` must be words"),
            )
            .with_help(format!(
                "write it as `{name}: …`, in quotes if it holds a `:` or a `#`"
            )));
        }
    };
    Ok(text)
}

static ENGLISH_PARTS: OnceLock<BTreeMap<String, BTreeSet<String>>> = OnceLock::new();

fn english_parts() -> BTreeMap<String, BTreeSet<String>> {
    english()
        .iter()
        .map(|(k, t)| {
            (
                k.clone(),
                t.parts().into_iter().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// A theme's strings file `display` (its text `text`), for a site whose own kinds are
/// `own_kinds`.
pub fn read_file(
    text: &str,
    display: &Path,
    own_kinds: &[String],
) -> Result<Texts, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let spans = Spans::new(display, text);
    let places = Places {
        spans: &spans,
        base: 0,
    };
    if text.trim().is_empty() {
        return Ok(Texts::new());
    }
    let Some(root) = yaml_tree::parse(text) else {
        let (at, problem) = yaml_tree::syntax_error(text).map_or((0, String::new()), |e| {
            (e.problem_mark.index, format!(": {}", e.problem))
        });
        return Err(vec![
            Diagnostic::error(
                spans.at(at, 0),
                format!("this strings file is not valid YAML{problem}"),
            )
            .with_help(
                "write one text a line, `key: words`, in quotes when the words hold a `:` or a `#`",
            ),
        ]);
    };
    if let Some(duplicate) = yaml_tree::duplicate_key(&root) {
        return Err(vec![crate::frontmatter::duplicate_error(
            &duplicate, &places, "strings",
        )]);
    }
    match read_texts(&root, &places, own_kinds) {
        (texts, problems) if problems.is_empty() => Ok(texts),
        (_, problems) => Err(problems),
    }
}

/// `strings:` of site.yaml, whose own kinds are `own_kinds`.
pub(super) fn checked(
    settings: &Settings<'_>,
    own_kinds: &[String],
) -> Result<SiteStrings, Vec<Diagnostic>> {
    let mut strings = SiteStrings::default();
    let Some(node) = settings.root.get("strings").filter(|n| !n.is_null()) else {
        return Ok(strings);
    };
    if !matches!(node.kind, NodeKind::Map(_)) {
        return Err(vec![
            Diagnostic::error(settings.places.of(node), "`strings` must list languages, each with its texts")
                .with_help("write a language code, then its texts below it: `strings:` / `  es:` / `    search: Buscar`"),
        ]);
    }
    let mut problems = Vec::new();
    for (language, texts) in node.entries() {
        let tag = match checked_language_tag(key_name(language), settings.places.of(language)) {
            Ok(tag) => tag,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let (texts, found) = read_texts(texts, settings.places, own_kinds);
        problems.extend(found);
        strings.by_language.entry(tag).or_default().extend(texts);
    }
    if problems.is_empty() {
        Ok(strings)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_file_has_every_key_as_words() {
        let texts = english();
        assert!(texts.len() > 80, "{}", texts.len());
        assert_eq!(texts["search"], Text::Plain("Search".into()));
        assert_eq!(
            texts["pages_a_to_z"].form("one"),
            "{count} page, from A to Z."
        );
        // Every line of the file with a key is read (none dropped by a mistake in it).
        let keyed = ENGLISH
            .lines()
            .filter(|l| !l.starts_with(['#', ' ']) && l.contains(':'))
            .count();
        assert_eq!(texts.len(), keyed);
    }

    #[test]
    fn parts_are_the_names_in_braces() {
        let parts: Vec<&str> = parts_of("Page {page} of {pages}").collect();
        assert_eq!(parts, ["page", "pages"]);
    }

    fn read(text: &str) -> Result<Texts, Vec<Diagnostic>> {
        read_file(text, Path::new("strings/xx.yaml"), &["exercise".into()])
    }

    #[test]
    fn a_file_is_checked_at_each_place() {
        assert!(read("search: Buscar\nkind_exercise: Ejercicios\n").is_ok());
        let err = read("serch: Buscar\n").unwrap_err();
        assert_eq!((err[0].span.line, err[0].span.column), (1, 1));
        assert_eq!(err[0].help.as_deref(), Some("did you mean `search`?"));
        let err = read("search: Buscar\npage_of: \"Página {pagina}\"\n").unwrap_err();
        assert_eq!(
            err[0].message,
            "`{pagina}` is not a part of the text `page_of`"
        );
        assert_eq!(err[0].span.line, 2);
        let err = read("pages_a_to_z: {one: x, few: y}\n").unwrap_err();
        assert_eq!(
            err[0].message,
            "the text `pages_a_to_z` has no `other` form"
        );
        let err = read("pages_a_to_z: {single: x, other: y}\n").unwrap_err();
        assert_eq!(err[0].message, "`single` is not a plural form");
        let err = read("search:\n").unwrap_err();
        assert_eq!(err[0].message, "the text `search` is empty");
    }
}
