//! Heading attributes (`## Title {#id .class key=value}`): where each is written, which
//! ids can be used, and what `raw_html: false` leaves out of a heading's `{…}` block.
//! Places come from where pulldown-cmark found the heading, never from a search of the
//! body. Used by [`super::scan`].

use pulldown_cmark::CowStr;

use super::{HeadingAttr, HeadingAttrKind, MarkupProblem, Scan, anchor_id};

/// The custom id (with its place) and the other attributes of the heading at `range`,
/// whose `{…}` block pulldown-cmark parsed into `id`, `classes` and `attrs`. Places come
/// from the block at the end of the heading's text, found as pulldown-cmark finds it
/// ([`attribute_block`]); ids that cannot be used are reported in `problems`.
pub(super) fn heading_attributes(
    body: &str,
    range: std::ops::Range<usize>,
    id: Option<CowStr<'_>>,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
    problems: &mut Vec<MarkupProblem>,
) -> (Option<(String, usize, usize)>, Vec<HeadingAttr>) {
    if id.is_none() && classes.is_empty() && attrs.is_empty() {
        return (None, Vec::new());
    }
    let mut ids = Vec::new();
    let mut found = Vec::new();
    if let Some(block) = attribute_block(&body[range.clone()]) {
        let start = range.start + block.start;
        for (at, token) in ascii_words(&body[start..range.start + block.end]) {
            let (start, len) = (start + at, token.len());
            // As pulldown-cmark reads a block: one-character items mean nothing.
            if token.len() < 2 {
                continue;
            }
            let kind = if let Some(id) = token.strip_prefix('#') {
                ids.push((id.to_string(), start, len));
                continue;
            } else if let Some(class) = token.strip_prefix('.') {
                HeadingAttrKind::Class(class.to_string())
            } else {
                let (name, value) = match token.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (token, None),
                };
                HeadingAttrKind::Pair {
                    name: name.to_string(),
                    value,
                }
            };
            found.push(HeadingAttr { kind, start, len });
        }
    }
    // What the parser made is what counts; the places found above are used when they
    // agree with it (they always should), else the heading's start stands for them all.
    let parsed: Vec<HeadingAttrKind> = classes
        .iter()
        .map(|c| HeadingAttrKind::Class(c.to_string()))
        .chain(attrs.iter().map(|(n, v)| HeadingAttrKind::Pair {
            name: n.to_string(),
            value: v.as_ref().map(|v| v.to_string()),
        }))
        .collect();
    let mut sorted: Vec<&HeadingAttr> = found.iter().collect();
    sorted.sort_by_key(|a| !matches!(a.kind, HeadingAttrKind::Class(_)));
    let agrees = sorted.iter().map(|a| &a.kind).eq(parsed.iter())
        && ids.last().map(|(i, _, _)| i.as_str()) == id.as_deref();
    if !agrees {
        let line = body[range.clone()].find('\n').unwrap_or(range.len());
        let place = |kind| HeadingAttr {
            kind,
            start: range.start,
            len: line,
        };
        ids = id
            .iter()
            .map(|i| (i.to_string(), range.start, line))
            .collect();
        found = parsed.into_iter().map(place).collect();
    } else {
        found = sorted.into_iter().cloned().collect();
    }
    let last = ids.pop();
    for (earlier, start, len) in ids {
        problems.push(MarkupProblem {
            start,
            len,
            message: format!(
                "this heading has more than one id; only the last one, `#{}`, is used",
                last.as_ref().map_or("", |l| l.0.as_str())
            ),
            help: format!("remove `#{earlier}`"),
        });
    }
    // Composed (NFC), as every anchor is: `{#e\u{301}paule}` is `#épaule`.
    let last = last.map(|(id, start, len)| (crate::names::nfc(&id).into_owned(), start, len));
    let custom = last.filter(|(id, start, len)| {
        let valid = valid_custom_id(id);
        if !valid {
            let suggestion = anchor_id(id);
            problems.push(MarkupProblem {
                start: *start,
                len: *len,
                message: format!(
                    "the heading id `{id}` cannot be used: an id is letters, digits, `-` and `_`, with no `--` and no `-` at its start or end"
                ),
                help: format!(
                    "write it as `#{suggestion}`, or remove it to use the heading's own anchor"
                ),
            });
        }
        valid
    });
    (custom, found)
}

/// The byte range, inside `heading` (the text of a heading event), of the content of its
/// trailing `{…}` attribute block, found as pulldown-cmark finds it: at the end of an ATX
/// heading's line, or of a setext heading's last line of text, after trailing white space;
/// it holds none of `{}<>\\` or a line break.
fn attribute_block(heading: &str) -> Option<std::ops::Range<usize>> {
    let lines = heading.trim_end_matches(['\n', '\r']);
    // A setext heading ends with its underline: the text ends on the line before it.
    let text = match lines.rfind('\n') {
        Some(underline) => &heading[..underline],
        None => lines,
    };
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || bytes[end - 1] != b'}' {
        return None;
    }
    let close = end - 1;
    let mut open = close;
    while open > 0
        && !matches!(
            bytes[open - 1],
            b'{' | b'}' | b'<' | b'>' | b'\\' | b'\n' | b'\r'
        )
    {
        open -= 1;
    }
    (open > 0 && bytes[open - 1] == b'{').then_some(open..close)
}

/// The words of `text` split at ASCII white space (as `split_ascii_whitespace`), each with
/// its byte offset.
fn ascii_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let start = at + rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        if start == text.len() {
            return None;
        }
        let len = text[start..]
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(text.len() - start);
        at = start + len;
        Some((start, &text[start..start + len]))
    })
}

/// Whether `id`, written as `{#id}`, can be a heading's id: letters, digits, `-` and `_`,
/// no `--` (ids with `--` are carebook's own: footnotes, chapters, the theme) and no `-`
/// at either end (so the `-1` that makes an id unique never makes a `--`).
pub fn valid_custom_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !id.contains("--")
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Whether a heading's class or attribute is written, with `raw_html` as in site.yaml;
/// `Err` says why not. An id and plain classes are always kept; `id=` and `class=` never
/// (they would repeat the attribute). Other attributes (`onclick=…`, `style=…`) are HTML,
/// kept only with `raw_html`, and then only under a plain name; values are escaped.
pub fn attribute_verdict(attr: &HeadingAttr, raw_html: bool) -> Result<(), MarkupProblem> {
    let problem = |message: String, help: String| MarkupProblem {
        start: attr.start,
        len: attr.len,
        message,
        help,
    };
    match &attr.kind {
        HeadingAttrKind::Class(class) => {
            if !class.is_empty()
                && class
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                Ok(())
            } else {
                Err(problem(
                    format!(
                        "the class `{class}` was left out: a class is letters (a to z), digits, `-` and `_`"
                    ),
                    format!("rename it, or remove `.{class}` from the heading"),
                ))
            }
        }
        HeadingAttrKind::Pair { name, value } => {
            let value = value.as_deref().unwrap_or("");
            let written = &attr_text(name, value);
            if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("class") {
                let sign = if name.eq_ignore_ascii_case("id") {
                    '#'
                } else {
                    '.'
                };
                return Err(problem(
                    format!(
                        "`{written}` was left out: a heading's {} is written `{sign}{value}`",
                        name.to_ascii_lowercase()
                    ),
                    format!("write `{sign}{value}` instead of `{written}`"),
                ));
            }
            if !raw_html {
                return Err(problem(
                    format!(
                        "the heading attribute `{name}` was left out: with `raw_html: false` a heading may only have an id (`{{#name}}`) and classes (`{{.name}}`)"
                    ),
                    format!(
                        "remove `{written}` from the heading; if everyone who writes this site may add HTML, set `raw_html: true` under `markdown:` in site.yaml"
                    ),
                ));
            }
            let mut chars = name.chars();
            let plain = chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
            if plain {
                Ok(())
            } else {
                Err(problem(
                    format!(
                        "the heading attribute `{name}` was left out: an attribute's name is letters (a to z), digits, `-`, `_`, `.` and `:`"
                    ),
                    format!("rename it, or remove `{written}` from the heading"),
                ))
            }
        }
    }
}

/// An attribute as written in a `{…}` block.
fn attr_text(name: &str, value: &str) -> String {
    if value.is_empty() {
        name.to_string()
    } else {
        format!("{name}={value}")
    }
}

/// Every [`MarkupProblem`] of a scanned body with `raw_html` as in site.yaml: the ids
/// [`scan`] could not use, then every attribute [`attribute_verdict`] leaves out, in the
/// order of the text.
pub fn markup_problems(scan: &Scan, raw_html: bool) -> Vec<MarkupProblem> {
    let mut problems = scan.problems.clone();
    problems.extend(
        scan.headings
            .iter()
            .flat_map(|h| &h.attrs)
            .filter_map(|a| attribute_verdict(a, raw_html).err()),
    );
    problems.sort_by_key(|p| p.start);
    problems
}
