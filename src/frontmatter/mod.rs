//! Front matter: split it from the body and parse it with serde_yaml into [`FrontMatter`].
//!
//! Guarantees: every fixed field is one row of [`FIELDS`], and has its type
//! (dates are real calendar dates, `audience` and `severity` one of their words); keys
//! that are not in that table are kept in order as relation candidates with the place
//! they were written, for the loader to check against the kind; a key written twice is
//! reported. Every place (a key, a list item, an empty
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

mod fields;
mod read;
mod words;
mod yaml_error;

use std::cell::Cell;
use std::path::Path;

use serde::de::DeserializeSeed;

use crate::diagnostic::{Diagnostic, Span};
use crate::spans::Spans;
use crate::yaml_tree;
use fields::{Stored, references};
use read::{Budget, RawFrontMatterSeed};

pub use fields::{BuiltinKind, FIELDS, Field, FrontMatter, Source, Takes, field};
pub use read::{OWN, own_error, parse_date};
pub use words::{Audience, PageBreak, SafetySeverity, word};
pub use yaml_error::{duplicate_error, yaml_error};

impl FrontMatter {
    /// When the page falls due for review: `review_every_months` (or the site's
    /// `default_months`) after `reviewed`; `None` when it has not been reviewed.
    pub fn next_review(&self, default_months: u32) -> Option<jiff::civil::Date> {
        let months = self.review_every_months.unwrap_or(default_months);
        Some(crate::dates::months_after(self.reviewed?, months))
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
/// [`crate::spans::Spans`] when it must be reported).
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
        let at = Stored {
            key: &key,
            key_span: &key_span,
            value: value_node,
            places: &places,
        };
        if let Err(list) = fm.store(value, at) {
            let references = references(list.0, value_node, &places);
            fm.relations.push(RelationField {
                key,
                key_span,
                references,
            });
            continue;
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
        let spans = crate::spans::Spans::new(Path::new("x.md"), text);
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
