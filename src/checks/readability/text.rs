//! Text as textstat 0.7.13 reads it: Python's `re` character classes, and textstat's word
//! and sentence rules (see the parent module's docs). Pure; needs nothing before it.

/// Python's `\w` for `str`: alphanumeric or `_`.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python's `\s` and `str.split()` whitespace: Unicode White_Space plus U+001C..U+001F.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The characters textstat keeps before splitting into words: word characters, white
/// space, and apostrophes of contractions (RE_NONCONTRACTION_APOSTROPHE:
/// `'(?![tsd]|ve|ll|re)`, case-sensitive, removes the others).
pub(super) fn kept_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        let keep = if c == '\'' {
            contraction_follows(&text[i + 1..])
        } else {
            is_word_char(c) || is_space(c)
        };
        keep.then_some(c)
    })
}

/// Does an apostrophe followed by `rest` belong to a contraction ("don't", "we've")?
pub(super) fn contraction_follows(rest: &str) -> bool {
    rest.starts_with(['t', 's', 'd'])
        || rest.starts_with("ve")
        || rest.starts_with("ll")
        || rest.starts_with("re")
}

/// What [`kept_chars`] and the sentence pattern make of an ASCII byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// A word character (`\w`): kept, part of a word.
    Word,
    /// White space: kept, ends a word.
    Space,
    /// `'`: kept only before a contraction's ending.
    Apostrophe,
    /// `.`, `!` or `?`: removed from words, ends a sentence.
    Terminal,
    /// Anything else: removed from words.
    Other,
}

/// [`Class`] of every ASCII byte, as [`is_word_char`] and [`is_space`] decide.
static ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            Class::Word
        } else if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x1c..=0x1f) {
            Class::Space
        } else if c == b'\'' {
            Class::Apostrophe
        } else if matches!(c, b'.' | b'!' | b'?') {
            Class::Terminal
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// Is `b` an ASCII word character (`[A-Za-z0-9_]`)?
#[inline(always)]
pub(super) fn ascii_word(b: u8) -> bool {
    b < 0x80 && ASCII_CLASS[usize::from(b)] == Class::Word
}

/// The byte length and class of the character at byte `i` of `text` (a character
/// boundary). Inlined: it runs for every character of every page, nearly always ASCII.
#[inline(always)]
pub(super) fn char_at(text: &str, i: usize) -> (usize, Class) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (1, ASCII_CLASS[usize::from(b)])
    } else {
        non_ascii_at(text, i)
    }
}

/// [`char_at`] for a character outside ASCII.
#[cold]
#[inline(never)]
pub(super) fn non_ascii_at(text: &str, i: usize) -> (usize, Class) {
    let c = text[i..].chars().next().unwrap_or('\0');
    let class = if is_word_char(c) {
        Class::Word
    } else if is_space(c) {
        Class::Space
    } else {
        Class::Other
    };
    (c.len_utf8(), class)
}

/// Calls `each` with every word of `text` as [`list_words`] makes them, in order, without
/// building the filtered text: a word is borrowed from `text` when no removed character
/// interrupts it, and put together in a buffer otherwise ("follow-up" -> "followup").
pub(super) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut buf = String::new();
    // The current word: `text[start..end]` while it is one piece of `text`, else `buf`.
    let mut start = 0;
    let mut end = 0;
    let mut in_word = false;
    let mut owned = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let (mut len, class) = char_at(text, i);
        let kept = match class {
            Class::Word => {
                // Take the run of ASCII word characters that follows with it.
                while i + len < bytes.len() && ascii_word(bytes[i + len]) {
                    len += 1;
                }
                true
            }
            Class::Apostrophe => contraction_follows(&text[i + 1..]),
            Class::Space => {
                if in_word {
                    each(if owned { &buf } else { &text[start..end] });
                    in_word = false;
                }
                false
            }
            Class::Terminal | Class::Other => false,
        };
        if kept {
            if !in_word {
                (start, end, in_word, owned) = (i, i + len, true, false);
            } else if owned {
                buf.push_str(&text[i..i + len]);
            } else if i == end {
                end += len;
            } else {
                buf.clear();
                buf.push_str(&text[start..end]);
                buf.push_str(&text[i..i + len]);
                owned = true;
            }
        }
        i += len;
    }
    if in_word {
        each(if owned { &buf } else { &text[start..end] });
    }
}

/// textstat's `list_words` with its defaults: punctuation removed, contraction apostrophes
/// kept, split on whitespace. Words keep their case.
pub(super) fn list_words(text: &str) -> Vec<String> {
    let kept: String = kept_chars(text).collect();
    kept.split(is_space)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `list_words(text).len()`, without building the words.
#[cfg(test)]
pub(super) fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in kept_chars(text) {
        let space = is_space(c);
        if !space && !in_word {
            count += 1;
        }
        in_word = !space;
    }
    count
}

/// The matches of textstat's sentence pattern `\b[^.!?]+[.!?]*` (Python `re.findall`),
/// as byte ranges of `text`.
pub(super) fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let terminal = |c: char| matches!(c, '.' | '!' | '?');
    let mut spans = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Whether the character before the next one is a word character (`\b`).
    let mut prev_word = false;
    while let Some(&(start, c)) = chars.peek() {
        let word = is_word_char(c);
        if prev_word == word || terminal(c) {
            prev_word = word;
            chars.next();
            continue;
        }
        // A match: up to the next run of `.`, `!` and `?`, and through it.
        let mut last_word = false;
        while let Some(&(_, c)) = chars.peek() {
            if terminal(c) {
                break;
            }
            last_word = is_word_char(c);
            chars.next();
        }
        let mut terminated = false;
        while chars.next_if(|&(_, c)| terminal(c)).is_some() {
            terminated = true;
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        spans.push(start..end);
        prev_word = !terminated && last_word;
    }
    spans
}

/// textstat's `count_sentences`: 0 for "", else the matches of more than two words, at
/// least 1. One pass, no allocation: the same matches as [`sentence_ranges`] (a match
/// starts at a word boundary that is not `.`, `!` or `?`, runs to the next of those and
/// takes the run of them), with words counted as [`count_words`] counts them.
pub(super) fn count_sentences(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    let bytes = text.as_bytes();
    let mut counted = 0;
    let mut prev_word = false;
    let mut i = 0;
    while i < text.len() {
        let (len, class) = char_at(text, i);
        let word = class == Class::Word;
        if prev_word == word || class == Class::Terminal {
            prev_word = word;
            i += len;
            continue;
        }
        // A match starts here: count its words up to the terminal run, then skip that run.
        let mut words = 0;
        let mut in_word = false;
        let mut terminated = false;
        while i < text.len() {
            let (mut len, class) = char_at(text, i);
            let kept = match class {
                Class::Terminal => {
                    terminated = true;
                    i += len;
                    break;
                }
                Class::Word => {
                    // The run of ASCII word characters that follows is the same word.
                    while i + len < bytes.len() && ascii_word(bytes[i + len]) {
                        len += 1;
                    }
                    true
                }
                Class::Space => true,
                Class::Apostrophe => contraction_follows(&text[i + 1..]),
                Class::Other => false,
            };
            if kept {
                let space = class == Class::Space;
                if !space && !in_word {
                    words += 1;
                }
                in_word = !space;
            }
            prev_word = class == Class::Word;
            i += len;
        }
        if terminated {
            while i < text.len() && matches!(bytes[i], b'.' | b'!' | b'?') {
                i += 1;
            }
            prev_word = false;
        }
        if words > 2 {
            counted += 1;
        }
    }
    counted.max(1)
}
