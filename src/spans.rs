//! Spans for many places in one text, made cheaply and kept small.
//!
//! [`Span::at`] counts the lines before its offset and copies the line it falls on: right
//! for one diagnostic, but a file with thousands of links on one long line (a table pasted
//! from Word, or a hostile file) would cost time and memory by the square. [`Spans`] indexes
//! the line starts once, remembers the column of the last place it was asked for, and does
//! not copy lines longer than [`LONG_LINE`]: such a diagnostic names `file:line:column`
//! without the source snippet. For every shorter line it gives exactly what [`Span::at`]
//! gives. Pure.

use std::cell::Cell;
use std::path::Path;

use crate::diagnostic::Span;

/// Lines longer than this many bytes are not copied into spans.
pub const LONG_LINE: usize = 1000;

/// Makes [`Span`]s in `text`, the whole content of `path`.
pub struct Spans<'a> {
    path: &'a Path,
    text: &'a str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// The last offset asked for and its column: the next place on the same line counts
    /// characters from there, so places met in order cost their distance, not the line's.
    last: Cell<(usize, usize)>,
}

impl<'a> Spans<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Spans<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Spans {
            path,
            text,
            line_starts,
            last: Cell::new((0, 1)),
        }
    }

    /// The span of `len` bytes at byte `offset`: the same as [`Span::at`] for lines of at
    /// most [`LONG_LINE`] bytes; on longer lines `line_text` is empty and the width counts
    /// at most [`LONG_LINE`] bytes. Offsets past the end or inside a character are clamped.
    pub fn at(&self, offset: usize, len: usize) -> Span {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line start at or before `offset` (line_starts[0] == 0 is always there).
        let index = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.line_starts[index];
        let line_end = self
            .line_starts
            .get(index + 1)
            .map_or(text.len(), |&next| next - 1);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let (last_offset, last_column) = self.last.get();
        let column = if last_offset >= line_start && last_offset <= offset {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        let mut end = (offset + len)
            .min(line_start + line_text.len())
            .min(offset + LONG_LINE)
            .max(offset);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let width = text[offset..end].chars().count().max(1);
        Span {
            path: self.path.to_path_buf(),
            line: index + 1,
            column,
            width,
            line_text: if line_text.len() > LONG_LINE {
                String::new()
            } else {
                line_text.to_string()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_span_at_on_ordinary_lines() {
        let text = "---\r\ntitle: Épaule\r\n\ntechiques: [x]\r\nlast";
        let path = Path::new("a.md");
        let spans = Spans::new(path, text);
        // In order, out of order, and past the end.
        for (offset, len) in [
            (0, 3),
            (5, 5),
            (12, 4),
            (13, 2),
            (21, 9),
            (6, 1),
            (text.len(), 4),
            (999, 1),
            (text.len() - 2, 10),
        ] {
            assert_eq!(
                spans.at(offset, len),
                Span::at(path, text, offset, len),
                "{offset}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_span_at_in_any_order(
            text in "[a\\r\\né€😀 -]{0,120}",
            places in proptest::collection::vec((0usize..130, 0usize..20), 1..20),
        ) {
            let path = Path::new("a.md");
            let spans = Spans::new(path, &text);
            for (offset, len) in places {
                proptest::prop_assert_eq!(spans.at(offset, len), Span::at(path, &text, offset, len));
            }
        }
    }

    #[test]
    fn long_lines_are_not_copied() {
        let text = format!("a\n{}\nb", "é".repeat(LONG_LINE));
        let spans = Spans::new(Path::new("a.md"), &text);
        let span = spans.at(2 + 2 * 10, 4);
        assert_eq!((span.line, span.column, span.width), (2, 11, 2));
        assert!(span.line_text.is_empty());
        let span = spans.at(text.len() - 1, 1);
        assert_eq!((span.line, span.column), (3, 1));
        assert_eq!(span.line_text, "b");
    }
}
