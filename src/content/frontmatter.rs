//! Front matter: split it from the body and parse it with serde_yaml into [`FrontMatter`].
//!
//! Guarantees: every field has its type (dates are real calendar dates, `audience` and
//! `severity` one of their words); keys that are not fixed fields are kept in order as
//! relation candidates with the place they were written, for the loader to check against
//! the kind; a key written twice is reported. YAML errors come back with the file's own
//! line and column. Pure: works on the text it is given.

use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
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

/// A reference written in front matter (`techniques: [deep-tissue]`), with its place.
#[derive(Debug, Clone)]
pub struct Reference {
    pub text: String,
    pub span: Span,
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
    let raw: RawFrontMatter = serde_yaml::from_str(yaml).map_err(|err| {
        let mut d = yaml_error(&err, yaml, path, FIELDS);
        // Re-anchor the span from the YAML slice to the whole file.
        let line_offset = text[..split.yaml_start]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        d.span.line += line_offset;
        d
    })?;
    let locator = Locator {
        text,
        start: split.yaml_start,
        end: split.yaml_end,
        path,
    };
    let mut fm = FrontMatter::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut duplicate = None;
    for (key, _) in &raw.0 {
        if seen.contains(&key.as_str()) && duplicate.is_none() {
            duplicate = Some(key.clone());
        }
        seen.push(key);
    }
    if let Some(key) = duplicate {
        return Err(Diagnostic::error(
            locator.key_span_nth(&key, 1),
            format!("`{key}` is written twice in the front matter"),
        )
        .with_help("keep one of the two lines"));
    }
    for (key, value) in raw.0 {
        match value {
            RawValue::Title(v) => fm.title = Some(v),
            RawValue::Summary(v) => fm.summary = Some(v),
            RawValue::Aliases(v) => fm.aliases = v.0,
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

/// Turns a serde_yaml error into a diagnostic at the error's line and column in `yaml`.
/// `known` are the keys valid at this place, for a "did you mean" on an unknown field.
pub fn yaml_error(err: &serde_yaml::Error, yaml: &str, path: &Path, known: &[&str]) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the span says that already.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    // By default the span covers the value from the error's column to the end of its line.
    let mut width = yaml.lines().nth(line.saturating_sub(1)).map_or(1, |l| {
        l.chars()
            .skip(column.saturating_sub(1))
            .collect::<String>()
            .trim_end()
            .chars()
            .count()
            .max(1)
    });
    let mut help = None;
    if let Some(field) = message
        .split("unknown field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
    {
        width = field.chars().count();
        help = Some(match did_you_mean(field, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "remove this line, or check the spelling of the setting".to_string(),
        });
    } else if message.contains("found character that cannot start any token")
        && yaml
            .lines()
            .nth(line.saturating_sub(1))
            .is_some_and(|l| l.contains('\t'))
    {
        help = Some("YAML does not allow tab characters for indenting: use spaces".into());
    } else if message.contains("is not a date") {
        help = Some("write the date as year-month-day with two-digit month and day, for example 2026-10-01, and check that the day exists".into());
    } else if message.contains("invalid type") {
        help = Some(
            "plain text goes after the colon (`title: Whiplash`); lists go in brackets (`tags: [neck, injury]`)"
                .into(),
        );
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        help = Some("the front matter expands too far (YAML anchors and aliases): write the values out plainly".into());
    } else {
        help = help.or(Some(
            "check the YAML syntax on this line: `key: value`, quotes closed, lists in `[ ]`, spaces not tabs"
                .into(),
        ));
    }
    let mut d = Diagnostic::error(
        Span::at_line_column(path, yaml, line, column, width),
        format!("front matter: {message}"),
    );
    d.help = help;
    d
}

/// Finds where keys and list items are written, to give relation problems a place.
struct Locator<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    path: &'a Path,
}

impl Locator<'_> {
    /// Byte offsets (in the whole text) of the lines that start with `key:`.
    fn key_offsets(&self, key: &str) -> Vec<usize> {
        let mut found = Vec::new();
        let mut offset = self.start;
        for line in self.text[self.start..self.end].split_inclusive('\n') {
            let trimmed = line.trim_start_matches([' ', '"', '\'']);
            if let Some(rest) = trimmed.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                if rest.starts_with(':') {
                    found.push(offset + (line.len() - trimmed.len()));
                }
            }
            offset += line.len();
        }
        found
    }

    fn key_span_nth(&self, key: &str, n: usize) -> Span {
        let offsets = self.key_offsets(key);
        let offset = offsets
            .get(n)
            .or(offsets.first())
            .copied()
            .unwrap_or(self.start);
        Span::at(self.path, self.text, offset, key.len())
    }

    /// Each item of the list under `key`, with the place it is written (searched in order
    /// from the key, so a slug written twice gets two places).
    fn references(&self, key: &str, items: Vec<String>) -> Vec<Reference> {
        let key_offset = self.key_offsets(key).first().copied().unwrap_or(self.start);
        let mut cursor = key_offset + key.len();
        items
            .into_iter()
            .map(|item| {
                let found = self.text[cursor.min(self.end)..self.end]
                    .find(item.as_str())
                    .map(|i| cursor + i);
                let span = match found {
                    Some(offset) => {
                        cursor = offset + item.len();
                        Span::at(self.path, self.text, offset, item.len())
                    }
                    None => Span::at(self.path, self.text, key_offset, key.len()),
                };
                Reference { text: item, span }
            })
            .collect()
    }
}

/// A list of strings that may also be written as one string (`tags: neck`).
#[derive(Debug, Default)]
struct StringList(Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a list of text items, like [one, two]")]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(StringList(match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }))
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
/// YAML stream, so a type error carries the place of the value at fault.
struct RawFrontMatter(Vec<(String, RawValue)>);

impl<'de> Deserialize<'de> for RawFrontMatter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFrontMatter;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("front matter written as `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = match key.as_str() {
                        "title" => RawValue::Title(map.next_value()?),
                        "summary" => RawValue::Summary(map.next_value()?),
                        "aliases" => RawValue::Aliases(map.next_value()?),
                        "tags" => RawValue::Tags(map.next_value()?),
                        "reviewed" => RawValue::Reviewed(map.next_value()?),
                        "reviewed_by" => RawValue::ReviewedBy(map.next_value()?),
                        "review_every_months" => RawValue::ReviewEvery(map.next_value()?),
                        "audience" => RawValue::Audience(map.next_value()?),
                        "severity" => RawValue::Severity(map.next_value()?),
                        "sources" => RawValue::Sources(map.next_value()?),
                        "draft" => RawValue::Draft(map.next_value()?),
                        "subtitle" => RawValue::Subtitle(map.next_value()?),
                        "author" => RawValue::Author(map.next_value()?),
                        "course" => RawValue::Course(map.next_value()?),
                        "date" => RawValue::Date(map.next_value()?),
                        _ => RawValue::Other(map.next_value()?),
                    };
                    out.push((key, value));
                }
                Ok(RawFrontMatter(out))
            }
        }
        d.deserialize_map(V)
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
        let spans: Vec<(usize, usize)> = rel
            .references
            .iter()
            .map(|r| (r.span.line, r.span.column))
            .collect();
        assert_eq!(spans, [(10, 5), (11, 5)]);
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
