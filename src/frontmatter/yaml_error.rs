//! YAML and serde errors -> diagnostics in a clinic's words, at the place the parser found
//! the problem (a key written twice, a quote never closed, a value of the wrong type).
//!
//! Guarantees: every line and column is one a parser gives apart from its message, never
//! read out of a message's text: serde_yaml's error location, moved to where an
//! unfinished quote, list or group began as the libyaml parser marked it
//! ([`yaml_tree::syntax_error`]); a character libyaml cannot read at all is placed at the
//! byte it names; a missing setting is reported at the key it belongs under
//! ([`yaml_tree`]). serde's, yaml_serde's and libyaml's wording is recognised and replaced
//! by plain words with a help line (those crates' versions are pinned exactly in
//! Cargo.toml for this, and a test here fails if their words change); a message of
//! another shape keeps its text with a general help line. Pure.

use std::path::Path;

use super::Places;
use super::read::OWN;
use super::words::one_of;
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::yaml_tree;

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
    let location = err.location();
    let (mut line, mut column) = location.as_ref().map_or((1, 1), |l| (l.line(), l.column()));
    let text = err.to_string();
    // A syntax error is libyaml's, and the parser yaml_tree runs over the same text gives
    // its problem and its context apart, each with its mark; serde_yaml's error has only
    // the problem's (its location) and writes both into its text.
    let syntax = yaml_tree::syntax_error(yaml).filter(|s| {
        location
            .as_ref()
            .is_some_and(|l| l.index() == s.problem_mark.index)
            && text.starts_with(&s.problem)
    });
    // The context (", while scanning a quoted scalar") says where the unfinished thing
    // began: the place to fix. Not when libyaml marks it at the problem itself, or marks
    // neither (a mark at the first character of the text is libyaml's "no mark").
    let unmarked = |m: &yaml_tree::Mark| (m.line, m.column) == (1, 1);
    let context_mark = syntax.as_ref().and_then(|s| {
        let (_, mark) = s.context.as_ref()?;
        let problem = &s.problem_mark;
        let apart = (mark.line, mark.column) != (problem.line, problem.column);
        (apart && !unmarked(mark) && !unmarked(problem)).then_some((mark.line, mark.column))
    });
    let mut message = match &syntax {
        Some(s) => match &s.context {
            Some((context, _)) => format!("{}, {context}", s.problem),
            None => s.problem.clone(),
        },
        // serde's message (and carebook's own), after which serde_yaml writes the
        // location it also gives apart.
        None => {
            let mark = location
                .as_ref()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()));
            mark.and_then(|m| text.strip_suffix(&m))
                .unwrap_or(&text)
                .to_string()
        }
    };
    // A character libyaml does not read at all has no mark, only its byte index.
    if let Some(index) = syntax.as_ref().and_then(|s| s.unreadable_at) {
        let span = Span::at(path, yaml, index, 1);
        (line, column) = (span.line, span.column);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn error_for(yaml: &str) -> Diagnostic {
        let err =
            serde_yaml::from_str::<std::collections::BTreeMap<String, String>>(yaml).unwrap_err();
        yaml_error(
            &err,
            yaml,
            Path::new("x.md"),
            "front matter",
            yaml_tree::parse(yaml).as_ref(),
        )
    }

    #[test]
    fn the_words_matched_are_still_the_yaml_crates_words() {
        // carebook recognises these texts of yaml_serde and libyaml (pinned in Cargo.toml
        // for that reason): a new version that words them otherwise fails here.
        for (yaml, words) in [
            ("a: \"open\n", "while scanning a quoted scalar"),
            ("a: \"open\n", "found unexpected end of stream"),
            ("a: [x, y\nb: c\n", "while parsing a flow sequence"),
            ("a: {x: y\n", "while parsing a flow mapping"),
            ("a: b\n\tc: d\n", "tab character"),
            ("\ta: b\n", "found character that cannot start any token"),
            ("a: b: c\n", "mapping values are not allowed"),
            ("a: *x\n", "unknown anchor"),
            ("a: b\n---\nc: d\n", "more than one document"),
        ] {
            let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
            assert!(err.to_string().contains(words), "{yaml:?}: {err}");
        }
        // After serde's message, serde_yaml writes the location it also gives apart.
        let err =
            serde_yaml::from_str::<std::collections::BTreeMap<String, u32>>("a: b\n").unwrap_err();
        let at = err.location().unwrap();
        let suffix = format!(" at line {} column {}", at.line(), at.column());
        assert!(err.to_string().ends_with(&suffix), "{err}");
    }

    #[test]
    fn the_place_of_an_unclosed_quote_is_the_parsers_mark() {
        let yaml = "b: c\na: \"open\nd: e\n";
        let d = error_for(yaml);
        assert_eq!((d.span.line, d.span.column, d.span.width), (2, 4, 1));
        assert_eq!(d.message, "front matter: this quoted text is never closed");
    }

    #[test]
    fn text_that_reads_like_a_place_is_kept_as_written() {
        // Only serde_yaml's own location is taken off its message, never words of the
        // writer's that look like one.
        let err = serde_yaml::from_str::<std::collections::BTreeMap<String, u32>>(
            "a: at line 9 column 9\n",
        )
        .unwrap_err();
        let yaml = "a: at line 9 column 9\n";
        let d = yaml_error(&err, yaml, Path::new("x.md"), "front matter", None);
        assert_eq!((d.span.line, d.span.column), (1, 4));
        assert_eq!(
            d.message,
            "front matter: `a` should be a whole number, like 12, not the text \"at line 9 column 9\""
        );
    }

    #[test]
    fn a_control_character_is_reported_where_it_is() {
        // libyaml marks no line for a character it cannot read, only its byte index.
        let d = error_for("a: b\nc: d\u{1}e\n");
        assert_eq!((d.span.line, d.span.column), (2, 5));
        assert_eq!(
            d.message,
            "front matter: control characters are not allowed"
        );
    }
}
