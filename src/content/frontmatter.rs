//! Front matter: split it from the body and parse it with serde_yaml into [`FrontMatter`].
//!
//! Guarantees: every field has its type (dates are real calendar dates, `audience` and
//! `severity` one of their words); keys that are not fixed fields are kept in order as
//! relation candidates with the place they were written, for the loader to check against
//! the kind; a key written twice is reported. YAML errors come back with the file's own
//! line and column, in plain words where the YAML parser's are cryptic.
//!
//! Hostile input is bounded: front matter over [`MAX_FRONT_MATTER_BYTES`] is refused before
//! it is parsed, and the values read from it may not add up to more than the front matter
//! itself plus [`ALIAS_ALLOWANCE`] bytes, so YAML aliases (`*name`, which repeat a value
//! each time they are used: the "billion laughs") are refused after a few kilobytes of
//! repetition instead of filling memory. Every step is linear in the front matter's size.
//! Pure: works on the text it is given.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Span, did_you_mean};

/// Who an entry is written for; decides the reading-level target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Patient,
    Trainee,
    Clinician,
}

/// How serious a safety note is; orders callouts (urgent first) and styles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetySeverity {
    Info,
    Caution,
    Warning,
    Urgent,
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
    pub relations: Vec<RelationField>,
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

const FIELDS: &[&str] = crate::config::FIXED_KEYS;

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
            let mut d = yaml_error(&err, yaml, path, FIELDS);
            // Re-anchor the span from the YAML slice to the whole file.
            d.span.line += line_offset;
            d
        })?;
    let locator = Locator::new(text, split.yaml_start, split.yaml_end, path);
    let mut fm = FrontMatter::default();
    let mut seen: HashSet<&str> = HashSet::with_capacity(raw.0.len());
    let duplicate = raw.0.iter().find(|(key, _)| !seen.insert(key));
    if let Some((key, _)) = duplicate {
        return Err(Diagnostic::error(
            locator.key_span_nth(key, 1),
            format!("`{key}` is written twice in the front matter"),
        )
        .with_help("keep one of the two lines"));
    }
    for (key, value) in raw.0 {
        match value {
            RawValue::Title(v) => fm.title = Some(v),
            RawValue::Summary(v) => fm.summary = Some(v),
            RawValue::Aliases(v) => {
                fm.alias_places = locator.references(&key, v.0.clone());
                fm.aliases = v.0;
            }
            RawValue::Tags(v) => fm.tags = v.0,
            RawValue::Reviewed(v) => fm.reviewed = Some(v.0),
            RawValue::ReviewedBy(v) => fm.reviewed_by = Some(v),
            RawValue::ReviewEvery(v) => fm.review_every_months = Some(v),
            RawValue::Audience(v) => fm.audience = v,
            RawValue::Severity(v) => fm.severity = Some(v),
            RawValue::Sources(v) => fm.sources = v.0,
            RawValue::Draft(v) => fm.draft = v,
            RawValue::Subtitle(v) => fm.subtitle = Some(v),
            RawValue::Author(v) => fm.author = Some(v),
            RawValue::Course(v) => fm.course = Some(v),
            RawValue::Date(v) => fm.date = Some(v),
            RawValue::Other(list) => {
                let key_span = locator.key_span_nth(&key, 0);
                let references = locator.references(&key, list.0);
                fm.relations.push(RelationField {
                    key,
                    key_span,
                    references,
                });
            }
        }
    }
    Ok(fm)
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

/// Turns a serde_yaml error into a diagnostic at the error's line and column in `yaml`.
/// `known` are the keys valid at this place, for a "did you mean" on an unknown field.
/// libyaml's messages are put in plain words where they are cryptic, and an unclosed
/// quote or bracket is shown where it opens, not at the end of the text.
pub fn yaml_error(err: &serde_yaml::Error, yaml: &str, path: &Path, known: &[&str]) -> Diagnostic {
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
    } else if let Some(field) = message
        .split("unknown field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
    {
        width = Some(field.chars().count());
        help = Some(match did_you_mean(field, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "remove this line, or check the spelling of the setting".to_string(),
        });
    } else if message.contains("tab character")
        || (message.contains("found character that cannot start any token") && line_has_tab(line))
    {
        message = "this line is indented with a tab character".into();
        help = Some("YAML does not allow tab characters for indenting: use spaces".into());
    } else if message.contains("is not a date") {
        help = Some("write the date as year-month-day with two-digit month and day, for example 2026-10-01, and check that the day exists".into());
    } else if message.contains("expected front matter written as") {
        message = "the front matter must be settings written as `key: value` lines".into();
        help = Some("write each setting on its own line, starting at the line's beginning: `title: Whiplash`, then `summary: …`".into());
    } else if message.contains("invalid type") && uses_aliases(yaml) {
        help = Some("a YAML alias (`*name`) here stands for a value of the wrong kind; carebook reads text and lists of text only: write the values out plainly".into());
    } else if message.contains("invalid type") {
        help = Some(
            "plain text goes after the colon (`title: Whiplash`); lists go in brackets (`tags: [neck, injury]`)"
                .into(),
        );
    } else if message.contains("repetition limit")
        || message.contains("recursion limit")
        || message.contains("YAML aliases")
    {
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
        format!("front matter: {message}"),
    )
    .with_help(help)
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

/// Finds where keys and list items are written, to give relation problems a place.
/// Indexes the lines once, so that finding every key costs one pass over the text.
struct Locator<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    spans: crate::content::spans::Spans<'a>,
    /// Byte offsets (in the whole text) of the lines that start with `key:`, by key.
    keys: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, start: usize, end: usize, path: &'a Path) -> Locator<'a> {
        let mut keys: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut offset = start;
        for line in text[start..end].split_inclusive('\n') {
            let trimmed = line.trim_start_matches([' ', '"', '\'']);
            // A key ends at the first `:` followed by a space or the line's end, as in
            // YAML (`time:10am: x` has the key `time:10am`).
            let colon = trimmed.match_indices(':').map(|(i, _)| i).find(|&i| {
                trimmed[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n')
            });
            if let Some(colon) = colon {
                let key = trimmed[..colon].trim_end_matches([' ', '"', '\'']);
                keys.entry(key)
                    .or_default()
                    .push(offset + (line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        Locator {
            text,
            start,
            end,
            // Keys are all before `end`, and so are the ends of their lines: the body's
            // lines need no index.
            spans: crate::content::spans::Spans::new(path, &text[..end]),
            keys,
        }
    }

    fn key_offsets(&self, key: &str) -> &[usize] {
        self.keys.get(key).map_or(&[], Vec::as_slice)
    }

    fn key_span_nth(&self, key: &str, n: usize) -> Span {
        let offsets = self.key_offsets(key);
        let offset = offsets
            .get(n)
            .or(offsets.first())
            .copied()
            .unwrap_or(self.start);
        self.spans.at(offset, key.len())
    }

    /// Each item of the list under `key`, with the place it is written (searched in order
    /// from the key, so a slug written twice gets two places). An item not found as
    /// written (escaped, or repeated by an alias) gets the key's place; after a few such
    /// misses the search stops, so that it never costs more than a pass or two of the text.
    fn references(&self, key: &str, items: Vec<String>) -> Vec<Reference> {
        const MISSES: usize = 8;
        let key_offset = self.key_offsets(key).first().copied().unwrap_or(self.start);
        // The key may not be found as written (quoted, or given through an alias): then
        // the search starts at the front matter's start, which `key.len()` may move into
        // the middle of a character.
        let mut cursor = (key_offset + key.len()).min(self.end);
        while !self.text.is_char_boundary(cursor) {
            cursor += 1;
        }
        let mut misses = 0;
        items
            .into_iter()
            .map(|item| {
                let found = (misses < MISSES && !item.is_empty())
                    .then(|| self.text[cursor.min(self.end)..self.end].find(item.as_str()))
                    .flatten()
                    .map(|i| cursor.min(self.end) + i);
                let (offset, len) = match found {
                    Some(offset) => {
                        cursor = offset + item.len();
                        (offset, item.len())
                    }
                    None => {
                        misses += 1;
                        (key_offset, key.len())
                    }
                };
                Reference {
                    text: item,
                    offset,
                    len,
                }
            })
            .collect()
    }
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
            None => Err(E::custom(
                "the YAML aliases (`*name`) here repeat values to far more text than is written; carebook does not expand aliases this far",
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

/// A calendar date written `YYYY-MM-DD`.
struct IsoDate(Date);

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
            fn visit_str<E: de::Error>(self, s: &str) -> Result<IsoDate, E> {
                parse_date(s).map(IsoDate).ok_or_else(|| {
                    E::custom(format!(
                        "`{s}` is not a date; write it as YYYY-MM-DD, for example 2026-10-01"
                    ))
                })
            }
        }
        d.deserialize_str(V)
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
