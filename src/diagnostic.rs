//! Diagnostics: the one shape every content problem takes, from any stage.
//!
//! A [`Diagnostic`] is plain data made where the problem is found: a severity, a [`Span`]
//! (file, line, column, width, and the text of that line), a message saying what is wrong
//! and a help line saying how to fix it. Stages collect them and never stop at the first;
//! `main` sorts, de-duplicates and renders them once, rustc-style, with annotate-snippets.
//! Nothing here does I/O except [`render_all`] writing to the stream it is given.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// How bad a finding is. Errors fail the build; warnings are printed and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file (relative to the site root, as the user sees it), a 1-based
/// line and column (in characters), how many characters are at fault, and that line's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub width: usize,
    pub line_text: String,
}

impl Span {
    /// The span of `len` bytes at byte `offset` of `text`, the whole content of `path`.
    /// Offsets past the end or inside a character are clamped, never a panic.
    pub fn at(path: &Path, text: &str, offset: usize, len: usize) -> Span {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let line = text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let mut end = (offset + len).min(line_start + line_text.len()).max(offset);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let width = text[offset..end].chars().count().max(1);
        Span {
            path: path.to_path_buf(),
            line,
            column,
            width,
            line_text: line_text.to_string(),
        }
    }

    /// The span of line `line` (1-based), column `column` (1-based, characters), `width`
    /// characters wide, in `text`. Used with parsers that report line and column.
    pub fn at_line_column(
        path: &Path,
        text: &str,
        line: usize,
        column: usize,
        width: usize,
    ) -> Span {
        let line_start = if line <= 1 {
            0
        } else {
            text.match_indices('\n')
                .nth(line - 2)
                .map_or(text.len(), |(i, _)| i + 1)
        };
        let line_text = text[line_start..].split('\n').next().unwrap_or("");
        let offset = line_start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
        let len = line_text[offset - line_start..]
            .char_indices()
            .nth(width)
            .map_or(line_text.len() - (offset - line_start), |(i, _)| i);
        Span::at(path, text, offset, len)
    }

    /// A span for a whole file when no better place is known: line 1, column 1.
    pub fn file(path: &Path) -> Span {
        Span {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            width: 0,
            line_text: String::new(),
        }
    }
}

/// One problem, ready to show a clinic: what, where and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of finding (`review-overdue`, `reading-level`), for
    /// `check --format json`; empty for build errors, which are all "fix before building".
    pub code: &'static str,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: "",
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code: "",
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Diagnostic {
        self.code = code;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, line and column (errors before warnings at the same place)
/// and drops exact repeats, so each problem is reported once.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (
            &a.span.path,
            a.span.line,
            a.span.column,
            a.severity,
            &a.message,
        )
            .cmp(&(
                &b.span.path,
                b.span.line,
                b.span.column,
                b.severity,
                &b.message,
            ))
    });
    diagnostics.dedup();
}

/// Renders every diagnostic rustc-style, then a one-line summary such as
/// "error: 3 errors in 2 files". `color` turns on ANSI styling (for a terminal).
pub fn render_all(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(&renderer, diagnostic));
        out.push_str("\n\n");
    }
    out
}

fn render_one(renderer: &Renderer, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d.span.path.display().to_string();
    let title = level.primary_title(d.message.as_str());
    let first = if d.span.line_text.is_empty() {
        // No source line to show (an empty, unreadable or binary file): name the place.
        title.element(
            Origin::path(path)
                .line(d.span.line)
                .char_column(d.span.column),
        )
    } else {
        let start: usize = d
            .span
            .line_text
            .char_indices()
            .nth(d.span.column - 1)
            .map_or(d.span.line_text.len(), |(i, _)| i);
        let end = d.span.line_text[start..]
            .char_indices()
            .nth(d.span.width)
            .map_or(d.span.line_text.len(), |(i, _)| start + i);
        title.element(
            Snippet::source(d.span.line_text.clone())
                .line_start(d.span.line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(start..end)),
        )
    };
    let mut report = vec![first];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report)
}

/// A finding code with more warnings than this has only its first [`SHOWN_PER_CODE`]
/// shown in full by a build ([`shortened`]); `check` shows every one.
pub const FULL_UP_TO: usize = 5;

/// How many warnings of a finding code a build shows in full when it has more than
/// [`FULL_UP_TO`].
pub const SHOWN_PER_CODE: usize = 3;

/// What a build prints of `diagnostics` (sorted): every error and every warning without a
/// finding code (a skipped file, a draft link: each needs its own look), and of each
/// finding code (`claim`, `reading-level`) with more than [`FULL_UP_TO`] warnings the first
/// [`SHOWN_PER_CODE`], in order; with, for each code cut short, how many were left out, in
/// the order of [`crate::diagnostic`]'s codes as first met. A first import of a clinic's
/// old leaflets can have thousands of findings: a build says how many, and `check` lists
/// them.
pub fn shortened(diagnostics: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<(&'static str, usize)>) {
    let mut per_code: std::collections::HashMap<&str, usize> = Default::default();
    for d in diagnostics {
        if d.severity == Severity::Warning && !d.code.is_empty() {
            *per_code.entry(d.code).or_default() += 1;
        }
    }
    let mut shown = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    let mut left_out: Vec<(&'static str, usize)> = Vec::new();
    for d in diagnostics {
        let total = per_code.get(d.code).copied().unwrap_or(0);
        if d.severity == Severity::Error || d.code.is_empty() || total <= FULL_UP_TO {
            shown.push(d);
            continue;
        }
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if *n <= SHOWN_PER_CODE {
            shown.push(d);
        } else if *n == SHOWN_PER_CODE + 1 {
            left_out.push((d.code, total - SHOWN_PER_CODE));
        }
    }
    (shown, left_out)
}

/// "3 errors in 2 files", "1 warning in 1 file": counts of one severity, with files.
pub fn summary(diagnostics: &[Diagnostic], severity: Severity) -> Option<String> {
    let of: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .collect();
    if of.is_empty() {
        return None;
    }
    let mut files: Vec<&Path> = of.iter().map(|d| d.span.path.as_path()).collect();
    files.sort();
    files.dedup();
    let noun = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "{} {}{} in {} file{}",
        of.len(),
        noun,
        if of.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    Some(s)
}

/// The closest of `candidates` to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "1 day", "3 days": a count and its noun, in the singular when the count is one.
pub fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// `n` with a comma between each group of three digits: `100,000`.
pub fn thousands(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_their_thousands_as_the_notes_do() {
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(999, "warning"), "999 warnings");
        assert_eq!(plural(40115, "warning"), "40,115 warnings");
        assert_eq!(thousands(1_000_000u64), "1,000,000");
    }

    #[test]
    fn a_build_shows_the_first_few_of_each_finding_code() {
        let span = |line: usize| Span {
            line,
            ..Span::file(Path::new("content/conditions/a.md"))
        };
        let warn =
            |line: usize, code: &'static str| Diagnostic::warning(span(line), "w").with_code(code);
        let mut all: Vec<Diagnostic> = (1..=8).map(|l| warn(l, "claim")).collect();
        all.extend((20..=24).map(|l| warn(l, "reading-level")));
        all.push(Diagnostic::warning(span(30), "skipped"));
        all.push(Diagnostic::error(span(31), "broken"));
        let (shown, left_out) = shortened(&all);
        let lines: Vec<(usize, &str)> = shown.iter().map(|d| (d.span.line, d.code)).collect();
        assert_eq!(
            lines,
            [
                (1, "claim"),
                (2, "claim"),
                (3, "claim"),
                (20, "reading-level"),
                (21, "reading-level"),
                (22, "reading-level"),
                (23, "reading-level"),
                (24, "reading-level"),
                (30, ""),
                (31, ""),
            ]
        );
        assert_eq!(left_out, [("claim", 5)]);
    }

    #[test]
    fn span_counts_lines_and_characters() {
        let text = "---\r\ntitle: Épaule\r\ntechiques: [x]\r\n";
        let offset = text.find("techiques").unwrap();
        let span = Span::at(Path::new("a.md"), text, offset, 9);
        assert_eq!((span.line, span.column, span.width), (3, 1, 9));
        assert_eq!(span.line_text, "techiques: [x]");
        let offset = text.find("paule").unwrap();
        let span = Span::at(Path::new("a.md"), text, offset, 5);
        assert_eq!((span.line, span.column), (2, 9));
    }

    #[test]
    fn span_at_line_column_matches_offsets() {
        let text = "a\nbcd é x\n";
        let span = Span::at_line_column(Path::new("a.md"), text, 2, 6, 1);
        assert_eq!((span.line, span.column, span.width), (2, 6, 1));
    }

    #[test]
    fn span_clamps_out_of_range_offsets() {
        let span = Span::at(Path::new("a.md"), "é", 1, 10);
        assert_eq!((span.line, span.column), (1, 1));
        let span = Span::at(Path::new("a.md"), "ab", 99, 10);
        assert_eq!((span.line, span.column), (1, 3));
    }

    #[test]
    fn suggestions_are_close_matches_only() {
        let keys = ["techniques", "benefits", "safety"];
        assert_eq!(did_you_mean("techiques", keys), Some("techniques"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn summary_counts_errors_and_files() {
        let d = |p: &str| Diagnostic::error(Span::file(Path::new(p)), "x");
        let all = vec![d("a.md"), d("a.md"), d("b.md")];
        assert_eq!(
            summary(&all, Severity::Error).as_deref(),
            Some("3 errors in 2 files")
        );
        assert_eq!(summary(&all, Severity::Warning), None);
    }
}
