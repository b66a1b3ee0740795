//! Front matter: split it from the body and parse it with serde_yaml into [`FrontMatter`].
//!
//! Guarantees: every field has its type (dates are real calendar dates, `audience` and
//! `severity` one of their words); keys that are not fixed fields are kept in order as
//! relation candidates with the place they were written, for the loader to check against
//! the kind; a key written twice is reported. Every place (a key, a list item, an empty
//! value, each fixed setting in [`FrontMatter::settings`] for the findings made after
//! loading) is the one the YAML parser found it at ([`yaml_tree`]), never a text search; the
//! typed values are read by serde_yaml from the same text. Text YAML reads as nothing
//! (`~`, `null`, empty) is not set, and a required `title` or `summary` that is empty is a
//! problem at its value. YAML and serde errors come back with the file's own line and
//! column, in plain words (see [`yaml_error`]).
//!
//! Hostile input is bounded: front matter over [`MAX_FRONT_MATTER_BYTES`] is refused before
//! it is parsed, and the values read from it may not add up to more than the front matter
//! itself plus [`ALIAS_ALLOWANCE`] bytes, so YAML aliases (`*name`, which repeat a value
//! each time they are used: the "billion laughs") are refused after a few kilobytes of
//! repetition instead of filling memory. Every step is linear in the front matter's size.
//! Pure: works on the text it is given.

use std::cell::Cell;
use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::content::spans::Spans;
use crate::content::yaml_tree;
use crate::diagnostic::{Diagnostic, Span, did_you_mean};

/// Who an entry is written for; decides the reading-level target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Patient,
    Trainee,
    Clinician,
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use Audience::*;
        word(
            d,
            &[
                ("patient", Patient),
                ("trainee", Trainee),
                ("clinician", Clinician),
            ],
        )
    }
}

/// Where a printed handout starts new pages (`page_break:`): by default its chapters flow
/// on one after another; `chapters` starts every chapter on a new page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageBreak {
    #[default]
    None,
    Chapters,
}

impl<'de> Deserialize<'de> for PageBreak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        word(
            d,
            &[("none", PageBreak::None), ("chapters", PageBreak::Chapters)],
        )
    }
}

/// How serious a safety note is; orders callouts (urgent first) and styles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetySeverity {
    Info,
    Caution,
    Warning,
    Urgent,
}

impl<'de> Deserialize<'de> for SafetySeverity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use SafetySeverity::*;
        word(
            d,
            &[
                ("info", Info),
                ("caution", Caution),
                ("warning", Warning),
                ("urgent", Urgent),
            ],
        )
    }
}

/// One of a few words (`audience: patient`), in any case (`A4`, `a4`). Another word is
/// serde's "unknown variant", which [`yaml_error`] puts as "`audience` is `patient`,
/// `trainee` or `clinician`" with the nearest word as a hint.
pub fn word<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    words: &'static [(&'static str, T)],
) -> Result<T, D::Error> {
    struct V<T: 'static>(&'static [(&'static str, T)]);
    impl<T: Copy> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let names: Vec<String> = self.0.iter().map(|(w, _)| w.to_string()).collect();
            f.write_str(&one_of(&names))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            match self
                .0
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(s.trim()))
            {
                Some((_, value)) => Ok(*value),
                None => {
                    // In the shape of serde's own message for an enum.
                    let names: Vec<String> = self.0.iter().map(|(w, _)| format!("`{w}`")).collect();
                    Err(E::custom(format_args!(
                        "unknown variant `{s}`, expected one of {}",
                        names.join(", ")
                    )))
                }
            }
        }
    }
    d.deserialize_str(V(words))
}

impl SafetySeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            SafetySeverity::Info => "info",
            SafetySeverity::Caution => "caution",
            SafetySeverity::Warning => "warning",
            SafetySeverity::Urgent => "urgent",
        }
    }
}

/// Front matter longer than this is refused: settings are a few lines, and a runaway
/// front matter is nearly always a missing closing `---` or a document pasted into a value.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// How many bytes the values read from a front matter may add up to beyond its own
/// length. Without YAML aliases the values are never longer than the text they are
/// written in; this leaves room for a few aliases used in good faith.
pub const ALIAS_ALLOWANCE: usize = 64 * 1024;

/// A reference written in front matter (`techniques: [deep-tissue]`), with its place:
/// `len` bytes at byte `offset` of the entry's text (make a span with
/// [`crate::content::spans::Spans`] when it must be reported).
#[derive(Debug, Clone)]
pub struct Reference {
    pub text: String,
    pub offset: usize,
    pub len: usize,
}

/// A non-fixed key: a relation if the kind declares it, otherwise an unknown key.
#[derive(Debug, Clone)]
pub struct RelationField {
    pub key: String,
    pub key_span: Span,
    pub references: Vec<Reference>,
}

/// The typed front matter of one entry.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub aliases: Vec<String>,
    /// The same aliases with the places they are written (found as relations' references
    /// are), for reporting an alias that another entry also claims.
    pub alias_places: Vec<Reference>,
    pub tags: Vec<String>,
    pub reviewed: Option<Date>,
    pub reviewed_by: Option<String>,
    pub review_every_months: Option<u32>,
    pub audience: Audience,
    pub severity: Option<SafetySeverity>,
    pub sources: Vec<String>,
    pub draft: bool,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub course: Option<String>,
    pub date: Option<String>,
    pub page_break: PageBreak,
    pub relations: Vec<RelationField>,
    /// The fixed keys written (`title`, `severity`…), each with its place, in order: the
    /// loader checks them against the kind.
    pub fixed_keys: Vec<(String, Span)>,
    /// Where each fixed key and its value are written, in the same order, for findings
    /// about a value (a review date, a claim word in the title) made after loading.
    pub settings: Vec<Setting>,
    /// Problems in values that do not stop the parse (an empty `title`), at their places.
    pub problems: Vec<Diagnostic>,
}

/// Where a fixed key and its value are written, as byte offsets into the file's text,
/// as the YAML parser found them.
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: String,
    /// The start of the key.
    pub start: usize,
    /// The end of the value (of the key, when the value is empty).
    pub end: usize,
    /// Where the value's text starts when it is written just as it reads (one line, no
    /// escapes; plain or in quotes), so byte `i` of the value is byte `text + i` here.
    pub text: Option<usize>,
}

impl Setting {
    /// The setting `key` whose key and value the tree has at `key_node` and `value`, in
    /// the YAML text `yaml` that starts at byte `base` of the file.
    fn of(
        key: &str,
        key_node: &yaml_tree::Node,
        value: &yaml_tree::Node,
        base: usize,
        yaml: &str,
    ) -> Setting {
        let end = if value.end > value.start {
            value.end
        } else {
            key_node.end
        };
        let text = match &value.kind {
            yaml_tree::NodeKind::Scalar {
                value: read, style, ..
            } => {
                let written = yaml.get(value.start..value.end).unwrap_or_default();
                let inner = match style {
                    yaml_tree::Style::Plain => Some((value.start, written)),
                    yaml_tree::Style::Quoted if written.len() >= 2 => written
                        .get(1..written.len() - 1)
                        .map(|inner| (value.start + 1, inner)),
                    _ => None,
                };
                inner.filter(|(_, w)| w == read).map(|(at, _)| base + at)
            }
            _ => None,
        };
        Setting {
            key: key.to_string(),
            start: base + key_node.start,
            end: base + end,
            text,
        }
    }
}

/// Where the parts of a file are, as byte offsets into its text.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    /// Start of the YAML text (after the opening `---` line).
    pub yaml_start: usize,
    /// End of the YAML text (start of the closing `---` line).
    pub yaml_end: usize,
    /// Start of the Markdown body (after the closing line).
    pub body_start: usize,
}

/// Finds the front matter between a first line `---` and the next line `---` (or `...`).
pub fn split(text: &str, path: &Path) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Span::at(path, text, 0, first_line_end.saturating_sub(1)),
            "this file does not start with front matter",
        )
        .with_help(
            "begin the file with a line `---`, then `title: …` and `summary: …`, then a line `---`",
        ));
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml_start: first_line_end,
                yaml_end: offset,
                body_start: end,
            });
        }
        offset = end;
    }
    Err(Diagnostic::error(
        Span::at(path, text, 0, 3),
        "the front matter that starts here is never closed",
    )
    .with_help("add a line with only `---` after the last front-matter setting"))
}

/// Parses the YAML between `split.yaml_start` and `split.yaml_end` of `text`.
/// Positions in diagnostics are positions in `text`, the whole file.
pub fn parse(text: &str, split: Split, path: &Path) -> Result<FrontMatter, Diagnostic> {
    let yaml = &text[split.yaml_start..split.yaml_end];
    if yaml.trim().is_empty() {
        return Err(
            Diagnostic::error(Span::at(path, text, 0, 3), "the front matter is empty")
                .with_help("write at least `title: …` and `summary: …` between the `---` lines"),
        );
    }
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Diagnostic::error(
            Span::at(path, text, 0, 3),
            format!(
                "the front matter that starts here is {}; carebook reads front matter up to {} KB",
                size_text(yaml.len()),
                MAX_FRONT_MATTER_BYTES / 1024
            ),
        )
        .with_help("front matter holds short settings (`title:`, `summary:`, lists of slugs); put long text in the body, after the closing `---` line"));
    }
    // Where each key and value is written; `None` when the YAML does not parse, and then
    // the typed parse below says why and where.
    let tree = yaml_tree::parse(yaml);
    // Keys are all before `yaml_end`, and so are the ends of their lines: the body's
    // lines need no index.
    let spans = Spans::new(path, &text[..split.yaml_end]);
    let places = Places {
        spans: &spans,
        base: split.yaml_start,
    };
    if let Some(duplicate) = tree.as_ref().and_then(yaml_tree::duplicate_key) {
        return Err(duplicate_error(&duplicate, &places, "front matter"));
    }
    // Lines before the YAML: added to the YAML's own line numbers.
    let line_offset = text[..split.yaml_start]
        .bytes()
        .filter(|&b| b == b'\n')
        .count();
    let budget = Budget(Cell::new(yaml.len() + ALIAS_ALLOWANCE));
    let deserializer = serde_yaml::Deserializer::from_str(yaml);
    let raw = RawFrontMatterSeed(&budget)
        .deserialize(deserializer)
        .map_err(|err| {
            let mut d = yaml_error(&err, yaml, path, "front matter", tree.as_ref());
            // Re-anchor the span from the YAML slice to the whole file.
            d.span.line += line_offset;
            d
        })?;
    // The typed parse read the same events in the same order: the i-th key it read is
    // the i-th entry of the tree's mapping.
    let placed = tree.as_ref().map_or(&[][..], yaml_tree::Node::entries);
    let mut fm = FrontMatter::default();
    for (i, (key, value)) in raw.0.into_iter().enumerate() {
        let (key_node, value_node) = match placed.get(i) {
            Some((k, v)) => (Some(k), Some(v)),
            None => (None, None),
        };
        let key_span = key_node.map_or_else(|| places.start(), |k| places.of(k));
        let value_span = || match value_node {
            // An empty value has no width: point at its key.
            Some(v) if v.end > v.start => places.of(v),
            _ => key_span.clone(),
        };
        let is_null = value_node.is_some_and(yaml_tree::Node::is_null);
        // Text that YAML reads as nothing (`~`, `null`, empty) is not set; where the
        // text is required, that is a problem at the value, never the words "~" or "null".
        let optional = |v: String| (!is_null).then_some(v);
        match value {
            RawValue::Title(v) | RawValue::Summary(v) => {
                if is_null || v.trim().is_empty() {
                    fm.problems
                        .push(empty_value(&key, value_node, value_span()));
                } else if key == "title" {
                    fm.title = Some(v);
                } else {
                    fm.summary = Some(v);
                }
            }
            RawValue::Aliases(v) => {
                fm.alias_places = references(v.0.clone(), value_node, &places);
                fm.aliases = listed(&key, v, value_node, &places, &mut fm.problems)
            }
            RawValue::Tags(v) => fm.tags = listed(&key, v, value_node, &places, &mut fm.problems),
            RawValue::Reviewed(v) => fm.reviewed = v.0,
            RawValue::ReviewedBy(v) => fm.reviewed_by = optional(v),
            RawValue::ReviewEvery(v) => fm.review_every_months = Some(v),
            RawValue::Audience(v) => fm.audience = v,
            RawValue::Severity(v) => fm.severity = Some(v),
            RawValue::Sources(v) => {
                fm.sources = listed(&key, v, value_node, &places, &mut fm.problems)
            }
            RawValue::Draft(v) => fm.draft = v,
            RawValue::Subtitle(v) => fm.subtitle = optional(v),
            RawValue::Author(v) => fm.author = optional(v),
            RawValue::Course(v) => fm.course = optional(v),
            RawValue::Date(v) => fm.date = optional(v),
            RawValue::PageBreak(v) => fm.page_break = v,
            RawValue::Other(list) => {
                let references = references(list.0, value_node, &places);
                fm.relations.push(RelationField {
                    key,
                    key_span,
                    references,
                });
                continue;
            }
        }
        if let (Some(k), Some(v)) = (key_node, value_node) {
            fm.settings
                .push(Setting::of(&key, k, v, split.yaml_start, yaml));
        }
        fm.fixed_keys.push((key, key_span));
    }
    Ok(fm)
}

/// Makes spans for the nodes of a YAML text that starts at byte `base` of a file.
pub struct Places<'a> {
    pub spans: &'a Spans<'a>,
    pub base: usize,
}

impl Places<'_> {
    /// Where `node` is written (clamped to its first line).
    pub fn of(&self, node: &yaml_tree::Node) -> Span {
        self.spans
            .at(self.base + node.start, node.end.saturating_sub(node.start))
    }

    /// The start of the YAML: for a place the tree does not have.
    pub fn start(&self) -> Span {
        self.spans.at(self.base, 0)
    }
}

/// The error for a key written twice: at the second, naming the line of the first.
pub fn duplicate_error(
    duplicate: &yaml_tree::Duplicate<'_>,
    places: &Places<'_>,
    label: &str,
) -> Diagnostic {
    let key = duplicate.second.scalar().unwrap_or_default();
    let first = places.of(duplicate.first);
    let message = match duplicate.parents.last() {
        None => format!("`{key}` is written twice in the {label}"),
        Some(parent) => format!("`{key}` is written twice under `{parent}`"),
    };
    Diagnostic::error(places.of(duplicate.second), message).with_help(format!(
        "keep one of the two (the other is on line {}); YAML would otherwise quietly keep only one of them",
        first.line
    ))
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
fn references(
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

/// "5.0 MB", "300 KB", "12 bytes".
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A line and column that libyaml wrote into its message: " at line 3 column 7".
fn marks(message: &str) -> (String, Vec<(usize, usize)>) {
    let mut plain = String::with_capacity(message.len());
    let mut found = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        plain.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let line_digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let parsed = after[line_digits..]
            .strip_prefix(" column ")
            .and_then(|tail| {
                let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
                let line = after[..line_digits].parse().ok()?;
                let column = tail[..digits].parse().ok()?;
                Some((line, column, &tail[digits..]))
            });
        match parsed {
            Some((line, column, tail)) => {
                found.push((line, column));
                rest = tail;
            }
            None => {
                plain.push_str(" at line ");
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    (plain, found)
}

/// Starts a message made by carebook's own deserializers, with its help after a second
/// [`OWN`]: `{OWN}message{OWN}help`. serde_yaml may put the path of keys before it.
pub const OWN: char = '\u{1f}';

/// A message of carebook's own for a `de::Error::custom`, with its help line.
pub fn own_error<E: de::Error>(message: impl fmt::Display, help: impl fmt::Display) -> E {
    E::custom(format!("{OWN}{message}{OWN}{help}"))
}

/// Turns a serde_yaml error into a diagnostic at the error's line and column in `yaml`,
/// its message labelled with `label` ("front matter", "site settings"). serde's and
/// libyaml's messages are put in plain words, and an unclosed quote or bracket is shown
/// where it opens, not at the end of the text. `tree` (the same YAML's, when it parsed)
/// gives a missing setting the place of the key it belongs under.
pub fn yaml_error(
    err: &serde_yaml::Error,
    yaml: &str,
    path: &Path,
    label: &str,
    tree: Option<&yaml_tree::Node>,
) -> Diagnostic {
    // libyaml writes " at line L column C" after the problem and after its context.
    let (mut message, marks) = marks(&err.to_string());
    let (mut line, mut column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    // The context (", while scanning a quoted scalar at line 2 column 8") says where the
    // unfinished thing began: the place to fix.
    let context_mark = message
        .contains(", while ")
        .then(|| marks.last().copied())
        .flatten()
        .filter(|&m| m != (line, column) && marks.len() > 1);
    let line_has_tab = |line: usize| {
        yaml.lines()
            .nth(line.saturating_sub(1))
            .is_some_and(|l| l.contains('\t'))
    };
    // By default the span covers the value from the error's column to the end of its line.
    let mut width = None;
    let mut help = None;
    if message.contains("while scanning a quoted scalar")
        && let Some(mark) = context_mark
    {
        (line, column) = mark;
        width = Some(1);
        message = if message.contains("found unexpected end of stream") {
            "this quoted text is never closed".into()
        } else {
            message.replace(", while scanning a quoted scalar", " in this quoted text")
        };
        help = Some("end the text with the same quote it starts with, or remove the quotes; inside double quotes, write `\\\\` for a backslash".into());
    } else if message.contains("while parsing a flow sequence")
        && let Some(mark) = context_mark
    {
        (line, column) = mark;
        width = Some(1);
        message = "this list is not closed with `]`".into();
        help = Some("write a list on one line as `[one, two]`; put quotes around an item that contains a comma, a colon or a bracket".into());
    } else if message.contains("while parsing a flow mapping")
        && let Some(mark) = context_mark
    {
        (line, column) = mark;
        width = Some(1);
        message = "this `{` is not closed with `}`".into();
        help = Some("put the text in quotes if it contains `{` (`title: \"{ … }\"`)".into());
    } else if message.contains("tab character")
        || (message.contains("found character that cannot start any token") && line_has_tab(line))
    {
        message = "this line is indented with a tab character".into();
        help = Some("YAML does not allow tab characters for indenting: use spaces".into());
    } else if message.contains("expected front matter written as") {
        message = "the front matter must be settings written as `key: value` lines".into();
        help = Some("write each setting on its own line, starting at the line's beginning: `title: Whiplash`, then `summary: …`".into());
    } else if let Some(plain) = plain_words(&message, label, uses_aliases(yaml)) {
        message = plain.message;
        help = Some(plain.help);
        width = plain.width;
        // A missing setting is reported at the key it belongs under; at the top, at 1:1.
        if plain.missing {
            let under = err.location().zip(tree).and_then(|(l, tree)| {
                let owner = owner_key(tree, l.index())?;
                Some(Span::at(path, yaml, owner.start, owner.end - owner.start))
            });
            match under {
                Some(span) => {
                    (line, column) = (span.line, span.column);
                    width = Some(span.width);
                }
                None => (line, column, width) = (1, 1, Some(1)),
            }
        }
    } else if message.contains("unknown anchor") {
        message =
            "this alias (`*name`) stands for an anchor (`&name`) that is not written before it"
                .into();
        help = Some(
            "write the value out plainly, or mark it with `&name` before its first use".into(),
        );
    } else if message.contains("more than one document") {
        message = "a line `---` here starts a second YAML document".to_string();
        help = Some(
            "remove the `---` line: it starts a second YAML document, which carebook does not read"
                .into(),
        );
        if let Some(start) = yaml_tree::second_document(yaml) {
            let span = Span::at(path, yaml, start, 3);
            (line, column, width) = (span.line, span.column, Some(3));
        }
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        help = Some("YAML anchors and aliases (`&name`, `*name`) repeat a value each time they are used; write the values out plainly".into());
    } else if message.contains("mapping values are not allowed")
        || message.contains("did not find expected key")
        || message.contains("could not find expected ':'")
    {
        help = Some("check the indentation: each setting starts at the beginning of its line, list items under a key start with `- `, and a value that contains `: ` needs quotes (`title: \"Neck pain: a guide\"`)".into());
    }
    // libyaml's context ("while parsing a block mapping") means nothing to most writers.
    if let Some(i) = message.find(", while ") {
        message.truncate(i);
    }
    let help = help.unwrap_or_else(|| {
        "check the YAML syntax on this line: `key: value`, quotes closed, lists in `[ ]`, spaces not tabs"
            .into()
    });
    let width = width.unwrap_or_else(|| {
        yaml.lines().nth(line.saturating_sub(1)).map_or(1, |l| {
            l.chars()
                .skip(column.saturating_sub(1))
                .collect::<String>()
                .trim_end()
                .chars()
                .count()
                .max(1)
        })
    });
    Diagnostic::error(
        Span::at_line_column(path, yaml, line, column, width),
        format!("{label}: {message}"),
    )
    .with_help(help)
}

/// The key whose value is the mapping that starts at byte `index`.
fn owner_key(tree: &yaml_tree::Node, index: usize) -> Option<&yaml_tree::Node> {
    let mut node = tree;
    loop {
        let mut next = None;
        for (k, v) in node.entries() {
            if v.start == index && matches!(v.kind, yaml_tree::NodeKind::Map(_)) {
                return Some(k);
            }
            if v.start <= index && index < v.end {
                next = Some(v);
            }
        }
        for item in node.items() {
            if item.start <= index && index < item.end {
                next = Some(item);
            }
        }
        node = next?;
    }
}

/// A serde message in plain words.
struct Plain {
    message: String,
    help: String,
    width: Option<usize>,
    /// A required setting is missing (reported where it belongs).
    missing: bool,
}

/// What serde and carebook's deserializers say, after the path of keys serde_yaml puts
/// before it (`kinds.exercise.folder: invalid type: …`), in a clinic's words. `None` for
/// messages of another shape (libyaml's syntax errors).
fn plain_words(message: &str, label: &str, aliases: bool) -> Option<Plain> {
    const HEADS: [&str; 6] = [
        "invalid type: ",
        "invalid value: ",
        "unknown variant `",
        "unknown field `",
        "missing field `",
        "\u{1f}",
    ];
    let (at, head) = message
        .char_indices()
        .filter(|&(i, _)| i == 0 || message[..i].ends_with(": "))
        .find_map(|(i, _)| {
            HEADS
                .iter()
                .find(|h| message[i..].starts_with(**h))
                .map(|h| (i, *h))
        })?;
    let keys = at.checked_sub(2).map(|end| &message[..end]);
    let rest = &message[at..];
    // The key the value belongs to, from serde_yaml's path: `a.b` -> `b`, `tags[2]` -> an
    // item of `tags`.
    let last = keys.map(|k| k.rsplit('.').next().unwrap_or(k));
    let (key, item) = match last {
        Some(last) if last.ends_with(']') => (last.split('[').next(), true),
        other => (other, false),
    };
    let subject = match (key, item) {
        (Some(key), false) => format!("`{key}`"),
        (Some(key), true) => format!("each item of `{key}`"),
        (None, _) => format!("the {label}"),
    };
    let ticked = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let plain = |message: String, help: String| Plain {
        message,
        help,
        width: None,
        missing: false,
    };
    if head == "\u{1f}" {
        let mut parts = rest[1..].splitn(2, OWN);
        let message = parts.next().unwrap_or_default().to_string();
        return Some(plain(message, parts.next().unwrap_or_default().to_string()));
    }
    if head == "unknown variant `" {
        let (written, expected) = rest[head.len()..].split_once("`, expected ")?;
        let words = ticked(expected);
        let hint = match did_you_mean(written, words.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "write one of these words after `{}:`",
                key.unwrap_or("the key")
            ),
        };
        return Some(plain(format!("{subject} is {}", one_of(&words)), hint));
    }
    if head == "unknown field `" {
        let (field, expected) = rest[head.len()..].split_once('`')?;
        let words = ticked(expected);
        let help = match did_you_mean(field, words.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if words.is_empty() => "remove this line".to_string(),
            None => format!(
                "remove this line, or check its spelling; the settings here are {}",
                one_of(&words).replace(" or ", " and ")
            ),
        };
        let message = match key {
            Some(parent) => format!("unknown setting `{field}` under `{parent}`"),
            None => format!("unknown setting `{field}`"),
        };
        return Some(Plain {
            message,
            help,
            width: Some(field.chars().count()),
            missing: false,
        });
    }
    if head == "missing field `" {
        let field = rest[head.len()..].split('`').next().unwrap_or_default();
        let message = match key {
            Some(parent) => format!("`{parent}` has no `{field}`"),
            None => format!("the {label} have no `{field}`"),
        };
        return Some(Plain {
            message,
            help: format!("add a line `{field}: …` here; it is required"),
            width: None,
            missing: true,
        });
    }
    // "invalid type: sequence, expected a string", "invalid value: integer `-1`, expected u32".
    let (unexpected, expected) = rest[head.len()..].rsplit_once(", expected ")?;
    let (expected, help) = expected_words(expected, key.unwrap_or("the key"));
    let help = if aliases && head == "invalid type: " {
        "a YAML alias (`*name`) here stands for a value of the wrong kind; carebook reads text and lists of text only: write the values out plainly".to_string()
    } else {
        help
    };
    let message = match unexpected_words(unexpected) {
        None => format!("{subject} is empty; it should be {expected}"),
        Some(found) => format!("{subject} should be {expected}, not {found}"),
    };
    Some(plain(message, help))
}

/// `a`, `b` or `c`.
fn one_of(words: &[String]) -> String {
    let ticked: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match ticked.split_last() {
        None => "nothing".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// What serde says was found, in plain words; `None` for an empty value.
fn unexpected_words(found: &str) -> Option<String> {
    let number = |n: &str| format!("the number {}", n.trim_matches('`'));
    Some(match found {
        "unit value" => return None,
        "sequence" => "a list".into(),
        "map" => "a group of `key: value` settings".into(),
        f if f.starts_with("boolean ") => f["boolean ".len()..].to_string(),
        f if f.starts_with("integer ") => number(&f["integer ".len()..]),
        f if f.starts_with("floating point ") => number(&f["floating point ".len()..]),
        f if f.starts_with("string ") => format!("the text {}", &f["string ".len()..]),
        f if f.ends_with(" variant") => "a value with a YAML tag (`!name`)".into(),
        f => f.to_string(),
    })
}

/// What serde says was expected, in plain words, and the help line that goes with it.
fn expected_words(expected: &str, key: &str) -> (String, String) {
    let text_help = "plain text goes after the colon (`title: Whiplash`); lists go in brackets (`tags: [neck, injury]`)";
    let (words, help) = match expected {
        "a string" | "a borrowed string" | "a character" => {
            ("text".to_string(), text_help.to_string())
        }
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => (
            "a whole number, like 12".into(),
            format!("write the number with digits only, for example `{key}: 12`"),
        ),
        "f32" | "f64" => (
            "a number, like 8 or 8.5".into(),
            format!("write the number with digits, and a point for a fraction: `{key}: 8.5`"),
        ),
        "a boolean" => (
            "`true` or `false`".into(),
            format!("write `{key}: true` or `{key}: false`"),
        ),
        "a sequence" | "a list of text items, like [one, two]" => (
            "a list, like [one, two]".into(),
            format!(
                "write the list in brackets (`{key}: [one, two]`) or as lines below it that start with `- `"
            ),
        ),
        e if e == "a map" || e.starts_with("struct ") => (
            "settings written as `key: value` lines".into(),
            format!("write its settings on the lines below `{key}:`, each indented by two spaces"),
        ),
        e if e.starts_with("a date") => (
            e.to_string(),
            "write the date as year-month-day with two-digit month and day, for example 2026-10-01"
                .into(),
        ),
        e => (e.to_string(), text_help.to_string()),
    };
    (words, help)
}

/// Does `yaml` seem to use an alias (`*name` where a value starts)? Only for choosing a
/// help text: the [`Budget`] is what makes aliases safe.
fn uses_aliases(yaml: &str) -> bool {
    yaml.match_indices('*').any(|(i, _)| {
        let before = yaml[..i].trim_end_matches(' ');
        let after = yaml[i + 1..].chars().next();
        (before.is_empty() || before.ends_with(['[', ',', ':', '-', '?', '\n']))
            && after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// What the values of one front matter may still add up to, in bytes (see
/// [`ALIAS_ALLOWANCE`]). Each string read, and each list item, takes from it.
struct Budget(Cell<usize>);

impl Budget {
    fn take<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(own_error(
                "the YAML aliases (`*name`) here repeat values to far more text than is written; carebook does not expand aliases this far",
                "YAML anchors and aliases (`&name`, `*name`) repeat a value each time they are used; write the values out plainly",
            )),
        }
    }
}

/// Text, counted against the [`Budget`].
struct Text<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        self.0.take(s.len() + 1)?;
        Ok(s)
    }
}

/// A list of strings that may also be written as one string (`tags: neck`), or left
/// empty (`tags:`). Every item is counted against the [`Budget`].
#[derive(Debug, Default)]
struct StringList(Vec<String>);

struct StringListSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for StringListSeed<'_> {
    type Value = StringList;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<StringList, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of text items, like [one, two]")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<StringList, E> {
                self.0.take(s.len() + 1)?;
                Ok(StringList(vec![s.to_string()]))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<StringList, E> {
                self.visit_str(if b { "true" } else { "false" })
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element_seed(Text(self.0))? {
                    items.push(item);
                }
                Ok(StringList(items))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

/// A calendar date written `YYYY-MM-DD`; `None` when the value is what YAML reads as
/// nothing (`reviewed:` left empty, `~`): not set.
struct IsoDate(Option<Date>);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The check runs inside the visitor, so serde_yaml marks the error with the
        // value's line and column.
        struct V;
        impl Visitor<'_> for V {
            type Value = IsoDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written as YYYY-MM-DD")
            }
            fn visit_unit<E: de::Error>(self) -> Result<IsoDate, E> {
                Ok(IsoDate(None))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<IsoDate, E> {
                parse_date(s).map(|d| IsoDate(Some(d))).ok_or_else(|| {
                    own_error(
                        format!("`{s}` is not a date; write it as YYYY-MM-DD, for example 2026-10-01"),
                        "write the date as year-month-day with two-digit month and day, for example 2026-10-01, and check that the day exists",
                    )
                })
            }
        }
        // Any, not str: an empty value is then `visit_unit`, and a number (`20261001`)
        // an error that says so.
        d.deserialize_any(V)
    }
}

/// Parses a strict ISO 8601 calendar date (`2026-10-01`).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, m as i8, d as i8).ok()
}

enum RawValue {
    Title(String),
    Summary(String),
    Aliases(StringList),
    Tags(StringList),
    Reviewed(IsoDate),
    ReviewedBy(String),
    ReviewEvery(u32),
    Audience(Audience),
    Severity(SafetySeverity),
    Sources(StringList),
    Draft(bool),
    Subtitle(String),
    Author(String),
    Course(String),
    Date(String),
    PageBreak(PageBreak),
    Other(StringList),
}

/// Keys in the order written, each with its typed value. Deserialized key by key from the
/// YAML stream, so a type error carries the place of the value at fault; every text is
/// counted against the [`Budget`].
struct RawFrontMatter(Vec<(String, RawValue)>);

struct RawFrontMatterSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for RawFrontMatterSeed<'_> {
    type Value = RawFrontMatter;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawFrontMatter, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = RawFrontMatter;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("front matter written as `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let budget = self.0;
                let text = || Text(budget);
                let list = || StringListSeed(budget);
                let mut out = Vec::new();
                while let Some(key) = map.next_key_seed(Text(budget))? {
                    let value = match key.as_str() {
                        "title" => RawValue::Title(map.next_value_seed(text())?),
                        "summary" => RawValue::Summary(map.next_value_seed(text())?),
                        "aliases" => RawValue::Aliases(map.next_value_seed(list())?),
                        "tags" => RawValue::Tags(map.next_value_seed(list())?),
                        "reviewed" => RawValue::Reviewed(map.next_value()?),
                        "reviewed_by" => RawValue::ReviewedBy(map.next_value_seed(text())?),
                        "review_every_months" => RawValue::ReviewEvery(map.next_value()?),
                        "audience" => RawValue::Audience(map.next_value()?),
                        "severity" => RawValue::Severity(map.next_value()?),
                        "sources" => RawValue::Sources(map.next_value_seed(list())?),
                        "draft" => RawValue::Draft(map.next_value()?),
                        "subtitle" => RawValue::Subtitle(map.next_value_seed(text())?),
                        "author" => RawValue::Author(map.next_value_seed(text())?),
                        "course" => RawValue::Course(map.next_value_seed(text())?),
                        "date" => RawValue::Date(map.next_value_seed(text())?),
                        "page_break" => RawValue::PageBreak(map.next_value()?),
                        _ => RawValue::Other(map.next_value_seed(list())?),
                    };
                    out.push((key, value));
                }
                Ok(RawFrontMatter(out))
            }
        }
        d.deserialize_map(V(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let path = Path::new("x.md");
        let split = split(text, path)?;
        parse(text, split, path)
    }

    /// Line, column and width of each reference in `text`.
    fn places(text: &str, references: &[Reference]) -> Vec<(usize, usize, usize)> {
        let spans = crate::content::spans::Spans::new(Path::new("x.md"), text);
        references
            .iter()
            .map(|r| {
                let span = spans.at(r.offset, r.len);
                (span.line, span.column, span.width)
            })
            .collect()
    }

    #[test]
    fn settings_are_where_the_parser_found_them() {
        let text = "---\nsummary: \"Pain\ntitle: not this one\"\ntitle: 'Neck'\nsubtitle: \"a\\tb\"\nauthor: it's\nreviewed:\n---\n";
        let fm = parse_text(text).unwrap();
        let found: Vec<(&str, &str, Option<&str>)> = fm
            .settings
            .iter()
            .map(|s| {
                let value = s.text.map(|t| &text[t..]);
                (s.key.as_str(), &text[s.start..s.end], value)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("summary", "summary: \"Pain\ntitle: not this one\"", None),
                (
                    "title",
                    "title: 'Neck'",
                    Some("Neck'\nsubtitle: \"a\\tb\"\nauthor: it's\nreviewed:\n---\n")
                ),
                // An escape: the text read is not the text written.
                ("subtitle", "subtitle: \"a\\tb\"", None),
                ("author", "author: it's", Some("it's\nreviewed:\n---\n")),
                ("reviewed", "reviewed", Some("\n---\n")),
            ]
        );
    }

    #[test]
    fn parses_every_field() {
        let fm = parse_text(
            "---\ntitle: Whiplash\nsummary: Neck pain.\naliases: [neck sprain]\ntags: neck\nreviewed: 2026-10-01\nreviewed_by: Lead therapist\naudience: trainee\ntechniques:\n  - soft-tissue-release\n  - deep-tissue\n---\nBody\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Whiplash"));
        assert_eq!(fm.tags, ["neck"]);
        assert_eq!(fm.reviewed, Some(jiff::civil::date(2026, 10, 1)));
        assert_eq!(fm.audience, Audience::Trainee);
        let rel = &fm.relations[0];
        assert_eq!(rel.key, "techniques");
        assert_eq!((rel.key_span.line, rel.key_span.column), (9, 1));
        let text = "---\ntitle: Whiplash\nsummary: Neck pain.\naliases: [neck sprain]\ntags: neck\nreviewed: 2026-10-01\nreviewed_by: Lead therapist\naudience: trainee\ntechniques:\n  - soft-tissue-release\n  - deep-tissue\n---\nBody\n";
        assert_eq!(places(text, &rel.references), [(10, 5, 19), (11, 5, 11)]);
    }

    #[test]
    fn aliases_are_located_like_references() {
        let text = "---\ntitle: Neck pain\naliases:\n  - neck\n  - stiff neck\n---\n";
        let fm = parse_text(text).unwrap();
        assert_eq!(fm.aliases, ["neck", "stiff neck"]);
        assert_eq!(places(text, &fm.alias_places), [(4, 5, 4), (5, 5, 10)]);
    }

    #[test]
    fn keys_with_colons_and_accents_are_located() {
        // Found by the fuzzer: a key the locator missed sent the search into the "É".
        let text = "---\ntitle: Épaule\ntime:10am: [a, b]\n---\n";
        let fm = parse_text(text).unwrap();
        let rel = &fm.relations[0];
        assert_eq!(rel.key, "time:10am");
        assert_eq!((rel.key_span.line, rel.key_span.column), (3, 1));
        let offsets: Vec<usize> = rel.references.iter().map(|r| r.offset).collect();
        assert_eq!(
            offsets,
            [text.find("a, b").unwrap(), text.find("b]").unwrap()]
        );
    }

    #[test]
    fn lists_take_numbers_and_may_be_empty() {
        let fm = parse_text("---\ntitle: A\ntags: [2024, yes]\naliases:\n---\n").unwrap();
        assert_eq!(fm.tags, ["2024", "yes"]);
        assert!(fm.aliases.is_empty());
    }

    #[test]
    fn unclosed_quote_and_bracket_point_where_they_open() {
        let err = parse_text("---\ntitle: \"Whiplash\nsummary: B\n---\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 8));
        assert_eq!(
            err.message,
            "front matter: this quoted text is never closed"
        );
        let err = parse_text("---\ntitle: A\ntags: [a, b\nsummary: B\n---\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (3, 7));
        assert_eq!(
            err.message,
            "front matter: this list is not closed with `]`"
        );
    }

    #[test]
    fn aliases_cannot_blow_up() {
        // Nested lists through aliases: refused at once as lists inside a list.
        let mut text = String::from(
            "---\ntitle: A\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{p}"); 10].join(", ")
            ));
        }
        text.push_str("tags: *a9\n---\n");
        let started = std::time::Instant::now();
        assert!(parse_text(&text).is_err());
        // Text repeated through aliases: refused when it outgrows the front matter.
        let text = format!(
            "---\ntitle: A\ns: &s \"{}\"\ntags: [{}]\n---\n",
            "lol".repeat(1000),
            vec!["*s"; 20_000].join(",")
        );
        let err = parse_text(&text).unwrap_err();
        assert!(err.message.contains("YAML aliases"), "{}", err.message);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // A few aliases in good faith are fine.
        let fm = parse_text("---\ntitle: A\ntags: &t [neck, back]\naliases: *t\n---\n").unwrap();
        assert_eq!(fm.aliases, ["neck", "back"]);
    }

    #[test]
    fn huge_front_matter_is_refused_before_parsing() {
        let text = format!(
            "---\ntitle: A\nsummary: \"{}\"\n---\n",
            "x".repeat(MAX_FRONT_MATTER_BYTES)
        );
        let err = parse_text(&text).unwrap_err();
        assert_eq!((err.span.line, err.span.column), (1, 1));
        assert!(
            err.message
                .contains("carebook reads front matter up to 256 KB"),
            "{}",
            err.message
        );
    }

    #[test]
    fn many_keys_and_items_are_located_in_linear_time() {
        // 20,000 unknown keys and a list of 20,000 items: each must get its place quickly.
        let mut text = String::from("---\ntitle: A\nitems: [");
        text.push_str(&vec!["x"; 20_000].join(", "));
        text.push_str("]\n");
        for i in 0..20_000 {
            text.push_str(&format!("k{i}: v\n"));
        }
        text.push_str("---\n");
        let started = std::time::Instant::now();
        let fm = parse_text(&text).unwrap();
        assert_eq!(fm.relations.len(), 20_001);
        assert_eq!(fm.relations[20_000].key_span.line, 20_003);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn bad_date_points_at_the_value() {
        let err = parse_text("---\ntitle: A\nreviewed: 2026-13-01\n---\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (3, 11));
        assert!(
            err.message.contains("`2026-13-01` is not a date"),
            "{}",
            err.message
        );
    }

    #[test]
    fn list_where_text_belongs_points_at_the_value() {
        let err = parse_text("---\ntitle: [a, b]\n---\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 8));
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        let err = parse_text("---\ntitle: A\nsummary: B\ntitle: C\n---\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (4, 1));
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert!(
            parse_text("---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            parse_text("# Just text\n")
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(
            parse_text("---\n---\n")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2028-02-29").is_some());
        assert!(parse_date("26-02-01").is_none());
        assert!(parse_date("2026-1-01").is_none());
    }
}
