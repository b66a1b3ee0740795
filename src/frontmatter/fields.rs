//! The fixed front-matter fields, each declared once, in [`FIELDS`]' one table (the
//! `fields!` invocation below): its key, its type and how it is read, which kinds take it,
//! whether it is required, and what the home page takes.
//!
//! Everything else is made from that table: the [`FrontMatter`] struct's fields, the typed
//! read of each key ([`RawValue::read`]), where its value is stored, the keys each kind
//! may have ([`crate::config::Kind::fixed_keys`]), the check that a relation does not take
//! a field's name, the kind-only and required checks of the loader, and the keys offered
//! by "did you mean". A key that is not in the table is a relation candidate, and only
//! that: a field cannot be read as a relation because one list forgot it.
//!
//! Guarantees: each value is read as its field's type ([`Read`]); what YAML reads as
//! nothing (`~`, `null`, empty) leaves an optional field unset, and is a problem at its
//! place for a required text or a list item. Pure.

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::MapAccess;

use super::read::{
    Budget, IsoDate, SourceItems, SourceItemsSeed, StringList, StringListSeed, Text,
};
use super::{Audience, PageBreak, Places, Reference, RelationField, SafetySeverity, Setting};
use crate::diagnostic::{Diagnostic, Span};
use crate::yaml_tree;

/// The kinds every site has, by name: what a field that is not every kind's names. Their
/// ids, names, folders, titles and relations are the settings' to declare, once, in
/// [`crate::config::BuiltinKind::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinKind {
    Condition,
    Technique,
    Benefit,
    Safety,
    Handout,
    /// A plain page (`content/pages/`): About, Contact, Prices. Published at the site's
    /// root, with no A–Z page, no relations and no review checks unless it has a review.
    Page,
}

/// Which entries take a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// Every kind's entries, plain pages too.
    Every,
    /// The health entries: every kind but plain pages (`tags`: a plain page is on no
    /// topic's page).
    Entries,
    /// Only the entries of this built-in kind; any other kind is told that the key is not
    /// for it (it would be read and never used).
    Only(BuiltinKind),
    /// Only translations (`whiplash.es.md`), of any kind: not among the keys a kind's
    /// entries may have.
    Translations,
}

/// One fixed front-matter field, as declared in [`FIELDS`].
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key, which is also the name of its [`FrontMatter`] field.
    pub key: &'static str,
    pub takes: Takes,
    /// A value the field takes, as a writer would write it (`2026-10-01`).
    pub example: &'static str,
    /// For a required field: the problem, and its help, when an entry does not write it.
    pub required: Option<(&'static str, &'static str)>,
    /// The help for the key written on a kind that does not take it; by default, the
    /// keys that kind may have.
    pub elsewhere_help: Option<&'static str>,
    /// The home page (`content/_index.md`) takes it too.
    pub on_home_page: bool,
    /// A required field that a plain page may leave out (`summary`).
    pub optional_on_pages: bool,
    /// A translation (`whiplash.es.md`) writes its own: its text and its review. What a
    /// translation does not write is its source's (relations, tags, kind settings).
    pub in_translations: bool,
}

impl Field {
    const fn new(takes: Takes) -> Field {
        Field {
            key: "",
            takes,
            example: "",
            required: None,
            elsewhere_help: None,
            on_home_page: false,
            optional_on_pages: false,
            in_translations: false,
        }
    }

    /// A field every kind takes.
    const fn every() -> Field {
        Field::new(Takes::Every)
    }

    /// A field the health entries take, not plain pages.
    const fn entries() -> Field {
        Field::new(Takes::Entries)
    }

    /// A field only the built-in kind `kind` takes.
    const fn only(kind: BuiltinKind) -> Field {
        Field::new(Takes::Only(kind))
    }

    const fn required(self, problem: &'static str, help: &'static str) -> Field {
        Field {
            required: Some((problem, help)),
            ..self
        }
    }

    const fn elsewhere_help(self, help: &'static str) -> Field {
        Field {
            elsewhere_help: Some(help),
            ..self
        }
    }

    const fn optional_on_pages(self) -> Field {
        Field {
            optional_on_pages: true,
            ..self
        }
    }

    const fn in_translations(self) -> Field {
        Field {
            in_translations: true,
            ..self
        }
    }

    const fn on_home_page(self) -> Field {
        Field {
            on_home_page: true,
            ..self
        }
    }

    const fn named(self, key: &'static str, example: &'static str) -> Field {
        Field {
            key,
            example,
            ..self
        }
    }

    /// Does an entry of a kind that is the built-in `kind` (`None`: a kind site.yaml
    /// adds) take this field?
    pub fn is_for(&self, kind: Option<BuiltinKind>) -> bool {
        match self.takes {
            Takes::Every => true,
            Takes::Entries => kind != Some(BuiltinKind::Page),
            Takes::Only(only) => kind == Some(only),
            Takes::Translations => false,
        }
    }
}

/// The field whose key is `key`, if it is one (`None`: a relation candidate).
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// How a field's value is read from YAML, and what is stored from it.
pub(super) trait Read {
    /// What the typed parse reads, before the value's place is known.
    type Raw;
    /// What [`FrontMatter`] holds.
    type Out;
    /// A value it takes, as written.
    const EXAMPLE: &'static str;
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<Self::Raw, A::Error>;
    fn store(raw: Self::Raw, at: &mut At<'_>) -> Self::Out;
}

/// Where a value is written, and what storing it may add to.
pub(super) struct At<'a> {
    pub key: &'a str,
    pub key_span: &'a Span,
    pub value: Option<&'a yaml_tree::Node>,
    pub places: &'a Places<'a>,
    pub problems: &'a mut Vec<Diagnostic>,
    pub alias_places: &'a mut Vec<Reference>,
}

impl At<'_> {
    /// Does YAML read the value as nothing (`~`, `null`, empty)?
    fn is_null(&self) -> bool {
        self.value.is_some_and(yaml_tree::Node::is_null)
    }

    /// Where the value is written; an empty value has no width: its key.
    fn value_span(&self) -> Span {
        match self.value {
            Some(v) if v.end > v.start => self.places.of(v),
            _ => self.key_span.clone(),
        }
    }
}

/// Text that must be there (`title`, `summary`): empty, or what YAML reads as nothing, is
/// a problem at its value, never the words "~" or "null".
pub(super) struct RequiredText;

impl Read for RequiredText {
    type Raw = String;
    type Out = Option<String>;
    const EXAMPLE: &'static str = "Neck pain";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<String, A::Error> {
        map.next_value_seed(Text(budget))
    }
    fn store(raw: String, at: &mut At<'_>) -> Option<String> {
        if at.is_null() || raw.trim().is_empty() {
            let problem = empty_value(at.key, at.value, at.value_span());
            at.problems.push(problem);
            None
        } else {
            Some(raw)
        }
    }
}

/// Text that may be left out: what YAML reads as nothing is not set.
pub(super) struct OptionalText;

impl Read for OptionalText {
    type Raw = String;
    type Out = Option<String>;
    const EXAMPLE: &'static str = "Clinic lead therapist";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<String, A::Error> {
        RequiredText::read(map, budget)
    }
    fn store(raw: String, at: &mut At<'_>) -> Option<String> {
        (!at.is_null()).then_some(raw)
    }
}

/// A list of text (or one text); each item YAML reads as nothing is a problem at its place.
pub(super) struct TextList;

impl Read for TextList {
    type Raw = StringList;
    type Out = Vec<String>;
    const EXAMPLE: &'static str = "[neck, injury]";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<StringList, A::Error> {
        map.next_value_seed(StringListSeed(budget))
    }
    fn store(raw: StringList, at: &mut At<'_>) -> Vec<String> {
        listed(at.key, raw, at.value, at.places, at.problems)
    }
}

/// One item of `sources:`: its text, and the key a body cites it by (`[^key]`), if it
/// is written `key: text`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub key: Option<String>,
    pub text: String,
}

/// The `sources:` list ([`SourceItems`]): each item a text or `key: text`.
pub(super) struct SourceList;

impl Read for SourceList {
    type Raw = SourceItems;
    type Out = Vec<Source>;
    const EXAMPLE: &'static str = "[\"NHS: Whiplash (2025)\"]";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<SourceItems, A::Error> {
        map.next_value_seed(SourceItemsSeed(budget))
    }
    fn store(raw: SourceItems, at: &mut At<'_>) -> Vec<Source> {
        let texts = StringList(raw.0.iter().map(|(_, t)| t.clone()).collect());
        listed(at.key, texts, at.value, at.places, at.problems);
        raw.0
            .into_iter()
            .map(|(key, text)| Source { key, text })
            .collect()
    }
}

/// A [`TextList`] whose items are also kept with their places, as references are
/// ([`FrontMatter::alias_places`]), for reporting a name another entry also claims.
pub(super) struct AliasList;

impl Read for AliasList {
    type Raw = StringList;
    type Out = Vec<String>;
    const EXAMPLE: &'static str = "[neck sprain]";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<StringList, A::Error> {
        TextList::read(map, budget)
    }
    fn store(raw: StringList, at: &mut At<'_>) -> Vec<String> {
        *at.alias_places = references(raw.0.clone(), at.value, at.places);
        TextList::store(raw, at)
    }
}

/// A calendar date written `YYYY-MM-DD`; not set when left empty.
pub(super) struct CalendarDate;

impl Read for CalendarDate {
    type Raw = IsoDate;
    type Out = Option<Date>;
    const EXAMPLE: &'static str = "2026-10-01";
    fn read<'de, A: MapAccess<'de>>(map: &mut A, _: &Budget) -> Result<IsoDate, A::Error> {
        map.next_value()
    }
    fn store(raw: IsoDate, _: &mut At<'_>) -> Option<Date> {
        raw.0
    }
}

/// A value of a type with a default (`audience`, `draft`), stored as read.
pub(super) struct Value<T>(std::marker::PhantomData<T>);

/// A value that is not set unless written (`severity`, `review_every_months`).
pub(super) struct Set<T>(std::marker::PhantomData<T>);

/// A value a type takes, as written: for [`Read::EXAMPLE`].
pub(super) trait Example {
    const EXAMPLE: &'static str;
}

impl Example for bool {
    const EXAMPLE: &'static str = "true";
}
impl Example for u32 {
    const EXAMPLE: &'static str = "12";
}
impl Example for Audience {
    const EXAMPLE: &'static str = "trainee";
}
impl Example for SafetySeverity {
    const EXAMPLE: &'static str = "urgent";
}
impl Example for PageBreak {
    const EXAMPLE: &'static str = "chapters";
}

impl<T: for<'de> Deserialize<'de> + Example> Read for Value<T> {
    type Raw = T;
    type Out = T;
    const EXAMPLE: &'static str = T::EXAMPLE;
    fn read<'de, A: MapAccess<'de>>(map: &mut A, _: &Budget) -> Result<T, A::Error> {
        map.next_value()
    }
    fn store(raw: T, _: &mut At<'_>) -> T {
        raw
    }
}

impl<T: for<'de> Deserialize<'de> + Example> Read for Set<T> {
    type Raw = T;
    type Out = Option<T>;
    const EXAMPLE: &'static str = T::EXAMPLE;
    fn read<'de, A: MapAccess<'de>>(map: &mut A, budget: &Budget) -> Result<T, A::Error> {
        Value::<T>::read(map, budget)
    }
    fn store(raw: T, _: &mut At<'_>) -> Option<T> {
        Some(raw)
    }
}

/// Declares the fixed fields: each row is `key: stored type = how it is read, which
/// entries take it;`, in the order the loader lists them to a writer.
macro_rules! fields {
    ($( $(#[doc = $doc:literal])* $key:ident: $ty:ty = $read:ty, $field:expr; )*) => {
        /// The typed front matter of one entry.
        #[derive(Debug, Clone, Default)]
        pub struct FrontMatter {
            $( $(#[doc = $doc])* pub $key: $ty, )*
            /// The aliases with the places they are written (found as relations'
            /// references are), for reporting an alias that another entry also claims.
            pub alias_places: Vec<Reference>,
            pub relations: Vec<RelationField>,
            /// The fixed keys written (`title`, `severity`…), each with its place, in
            /// order: the loader checks them against the kind.
            pub fixed_keys: Vec<(String, Span)>,
            /// Where each fixed key and its value are written, in the same order, for
            /// findings about a value (a review date, a claim word in the title) made
            /// after loading.
            pub settings: Vec<Setting>,
            /// Problems in values that do not stop the parse (an empty `title`), at
            /// their places.
            pub problems: Vec<Diagnostic>,
        }

        /// Every fixed field, in the order the loader lists them to a writer.
        pub const FIELDS: &[Field] = &[
            $( $field.named(stringify!($key), <$read as Read>::EXAMPLE), )*
        ];

        /// A value as the typed parse read it: one variant per field, named by its key.
        #[allow(non_camel_case_types)]
        pub(super) enum RawValue {
            $( $key(<$read as Read>::Raw), )*
            /// Any other key: a relation candidate, read as a list of references.
            Other(StringList),
        }

        impl RawValue {
            /// Reads the value of `key` as its field's type.
            pub(super) fn read<'de, A: MapAccess<'de>>(
                key: &str,
                map: &mut A,
                budget: &Budget,
            ) -> Result<RawValue, A::Error> {
                Ok(match key {
                    $( stringify!($key) => RawValue::$key(<$read as Read>::read(map, budget)?), )*
                    _ => RawValue::Other(map.next_value_seed(StringListSeed(budget))?),
                })
            }
        }

        impl FrontMatter {
            /// Takes from `source` every field that a translation does not write (those
            /// not [`Field::in_translations`]: its kind's settings, topics, audience,
            /// review interval), so that a translation of an entry is read as its source
            /// is wherever those fields are read.
            pub fn take_structure_of(&mut self, source: &FrontMatter) {
                $( if !$field.in_translations { self.$key = source.$key.clone(); } )*
            }

            /// Stores a field's value where its field is. `Err`: the value is not a
            /// field's, but a relation candidate's list.
            pub(super) fn store(
                &mut self,
                value: RawValue,
                at: Stored<'_>,
            ) -> Result<(), StringList> {
                let mut at = At {
                    key: at.key,
                    key_span: at.key_span,
                    value: at.value,
                    places: at.places,
                    problems: &mut self.problems,
                    alias_places: &mut self.alias_places,
                };
                match value {
                    $( RawValue::$key(raw) => self.$key = <$read as Read>::store(raw, &mut at), )*
                    RawValue::Other(list) => return Err(list),
                }
                Ok(())
            }
        }
    };
}

/// Where a value being stored is written.
pub(super) struct Stored<'a> {
    pub key: &'a str,
    pub key_span: &'a Span,
    pub value: Option<&'a yaml_tree::Node>,
    pub places: &'a Places<'a>,
}

fields! {
    /// The entry's name: its heading, its links' text, lists.
    title: Option<String> = RequiredText, Field::every().on_home_page().in_translations().required(
        "the front matter has no `title`",
        "add a line such as `title: Whiplash` between the `---` lines",
    );
    /// One plain sentence: lists, search results, search engines.
    summary: Option<String> = RequiredText, Field::every().in_translations().required(
        "the front matter has no `summary`",
        "add one plain sentence, e.g. `summary: Neck pain and stiffness after a sudden jolt.`; it is shown in lists, search results and to search engines",
    ).optional_on_pages();
    /// Other names, which links may use.
    aliases: Vec<String> = AliasList, Field::every().in_translations();
    tags: Vec<String> = TextList, Field::entries().elsewhere_help(
        "remove this line: topics list health entries, and a plain page is found through the menu, the footer, links and search",
    );
    /// The date of the last clinical review.
    reviewed: Option<Date> = CalendarDate, Field::every().in_translations();
    /// Who reviewed it: a role.
    reviewed_by: Option<String> = OptionalText, Field::every().in_translations();
    /// The review interval; by default site.yaml's.
    review_every_months: Option<u32> = Set<u32>, Field::every();
    audience: Audience = Value<Audience>, Field::every();
    /// What the page rests on; a keyed one (`- nhs: …`) is cited in the text as `[^nhs]`.
    sources: Vec<Source> = SourceList, Field::every().in_translations();
    /// Left out of the site unless built with `--drafts`.
    draft: bool = Value<bool>, Field::every().in_translations();
    severity: Option<SafetySeverity> = Set<SafetySeverity>, Field::only(BuiltinKind::Safety)
        .required(
            "a safety note needs a `severity`",
            "add `severity: info`, `caution`, `warning` or `urgent`",
        )
        .elsewhere_help(
            "remove the line, or move the warning into a safety note and list it under `safety:`",
        );
    subtitle: Option<String> = OptionalText, Field::only(BuiltinKind::Handout).in_translations();
    author: Option<String> = OptionalText, Field::only(BuiltinKind::Handout).in_translations();
    course: Option<String> = OptionalText, Field::only(BuiltinKind::Handout).in_translations();
    date: Option<String> = OptionalText, Field::only(BuiltinKind::Handout).in_translations();
    page_break: PageBreak = Value<PageBreak>, Field::only(BuiltinKind::Handout);
    /// A plain page's place in the header's menu, in order of the number; not set: not
    /// in the menu.
    menu: Option<u32> = Set<u32>, Field::only(BuiltinKind::Page);
    /// A plain page linked in every page's footer.
    footer: bool = Value<bool>, Field::only(BuiltinKind::Page);
    /// A translation's: the `reviewed` date of the source it was translated from, so
    /// that a later review of the source shows the translation is out of date.
    translated_from: Option<Date> = CalendarDate, Field::new(Takes::Translations).in_translations();
}

/// The problem with a required text (`title`, `summary`) that is empty or that YAML
/// reads as nothing.
fn empty_value(key: &str, node: Option<&yaml_tree::Node>, span: Span) -> Diagnostic {
    let word = node
        .filter(|n| n.is_null())
        .and_then(yaml_tree::Node::scalar)
        .filter(|w| !w.is_empty());
    let help = match word {
        Some(word) => format!(
            "YAML reads `{word}` as nothing: write the {key} after `{key}:`, or put it in quotes (`{key}: \"{word}\"`) if you mean the word"
        ),
        None => format!("write the {key} after `{key}:`, on the same line"),
    };
    Diagnostic::error(span, format!("`{key}` is empty")).with_help(help)
}

/// The items of a list of text, each item that YAML reads as nothing reported at its place.
fn listed(
    key: &str,
    list: StringList,
    node: Option<&yaml_tree::Node>,
    places: &Places<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if let Some(items) = node.map(yaml_tree::Node::items) {
        for item in items.iter().filter(|i| i.is_null()) {
            let span = if item.end > item.start {
                places.of(item)
            } else {
                places.of(node.unwrap_or(item))
            };
            problems.push(
                Diagnostic::error(span, format!("an item of `{key}` is empty"))
                    .with_help("remove the empty item, or write its text; put `~` or `null` in quotes if you mean the word"),
            );
        }
    }
    list.0
}

/// The references of a relation, each at the place its item is written: the items of a
/// list, or the value itself (one text, or an alias that stands for a whole list).
pub(super) fn references(
    items: Vec<String>,
    node: Option<&yaml_tree::Node>,
    places: &Places<'_>,
) -> Vec<Reference> {
    let listed = node.map_or(&[][..], yaml_tree::Node::items);
    items
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let at = if listed.len() > i {
                Some(&listed[i])
            } else {
                node
            };
            let (offset, len) = match at {
                Some(n) => (places.base + n.start, n.end.saturating_sub(n.start)),
                // No tree (never after a typed parse succeeded): the start of the YAML.
                None => (places.base, 0),
            };
            Reference { text, offset, len }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> Result<super::super::FrontMatter, Diagnostic> {
        let path = Path::new("x.md");
        let split = super::super::split(text, path)?;
        super::super::parse(text, split, path)
    }

    #[test]
    fn every_field_is_read_as_itself_never_as_a_relation() {
        for field in FIELDS {
            // A title and a summary, but for the field itself.
            let others: String = ["title: T\n", "summary: S\n"]
                .iter()
                .filter(|line| !line.starts_with(&format!("{}:", field.key)))
                .copied()
                .collect();
            let with = format!("---\n{others}{}: {}\n---\n", field.key, field.example);
            let fm = parse_text(&with).unwrap_or_else(|d| panic!("{}: {d:?}", field.key));
            assert!(
                fm.relations.is_empty(),
                "{} was read as a relation",
                field.key
            );
            assert!(fm.problems.is_empty(), "{}: {:?}", field.key, fm.problems);
            assert!(
                fm.fixed_keys.iter().any(|(k, _)| k == field.key),
                "{} is not a fixed key",
                field.key
            );
            assert!(fm.settings.iter().any(|s| s.key == field.key));
            // Its value is stored: the values differ from those of the same front matter
            // without it (every example is another value than the default).
            let without = parse_text(&format!("---\n{others}---\n")).unwrap();
            assert_ne!(
                values(&fm),
                values(&without),
                "{}'s value is not stored",
                field.key
            );
        }
    }

    /// The front matter's values, without the places it records for its keys.
    fn values(fm: &super::super::FrontMatter) -> String {
        let mut fm = fm.clone();
        fm.fixed_keys.clear();
        fm.settings.clear();
        fm.alias_places.clear();
        format!("{fm:?}")
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
    }
}
