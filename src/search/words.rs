//! How text becomes search terms, per language: the [`Analyzer`] of one index.
//!
//! Every language's text is folded the same way first: lower case, decomposed (NFD),
//! combining marks removed (`Épaule` -> `epaule`; `search.js`:
//! `toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')`). Then each character of the
//! index's folding table becomes what the table says (`fold/LANG.txt`: German `ß` ->
//! `ss`, Polish `ł` -> `l`, Arabic `ى` -> `ي`…): the characters that decomposition leaves
//! alone and that a reader types either way. Folded text is split at every character that
//! is neither alphabetic nor numeric (Rust's `char::is_alphanumeric`;
//! `[\p{Alphabetic}\p{N}]` in JavaScript), and the index's stop words (`stop/LANG.txt`)
//! are left out.
//!
//! An index holds documents in one or two languages (its own, and the default language's
//! pages that stand in for untranslated ones): its analyzer folds with the tables of those
//! languages (where two fold one character differently, the index's own language's row
//! wins) and leaves out the stop words of all of them. A language is found by its tag's
//! primary subtag (`es-MX` -> `es`); a language without a file has no stop words or no
//! table. The index writes its table and stop words into `core.js`, so `search.js` folds
//! and filters a query exactly as the index was made.
//!
//! Guarantees (unit-tested): every data file parses; every stop word and every table row
//! is already folded, so folding is idempotent; a table's characters are not ASCII (text
//! that is all ASCII is folded without looking at the table). Pure.

use std::borrow::Cow;

use rustc_hash::FxHashSet;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Key;
use crate::config::language::primary_subtag;

/// Each language's stop words, by primary language subtag.
const STOP_FILES: &[(&str, &str)] = &[
    ("ar", include_str!("stop/ar.txt")),
    ("de", include_str!("stop/de.txt")),
    ("en", include_str!("stop/en.txt")),
    ("es", include_str!("stop/es.txt")),
    ("fr", include_str!("stop/fr.txt")),
    ("pl", include_str!("stop/pl.txt")),
    ("pt", include_str!("stop/pt.txt")),
];

/// Each language's folding table, by primary language subtag.
const FOLD_FILES: &[(&str, &str)] = &[
    ("ar", include_str!("fold/ar.txt")),
    ("de", include_str!("fold/de.txt")),
    ("fr", include_str!("fold/fr.txt")),
    ("pl", include_str!("fold/pl.txt")),
];

/// The data file of `tag`'s language in `files`, if there is one.
fn file_of(files: &[(&str, &'static str)], tag: &str) -> Option<&'static str> {
    let language = primary_subtag(tag);
    files
        .iter()
        .find(|(code, _)| *code == language)
        .map(|(_, text)| *text)
}

/// The lines of a data file, without comments (from `#`) and blank lines.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
}

/// One character of a folding table: itself, or `U+XXXX`.
fn table_char(field: &str) -> Result<char, String> {
    if let Some(hex) = field.strip_prefix("U+") {
        u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| format!("`{field}` is no character"))
    } else {
        let mut chars = field.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(format!("`{field}` is not one character")),
        }
    }
}

/// A folding table's rows: a character and what it becomes. What it becomes is written
/// as text, or as characters each `U+XXXX`, or not at all (it is taken out).
fn table_rows(text: &str) -> Result<Vec<(char, String)>, String> {
    data_lines(text)
        .map(|line| {
            let mut fields = line.split_whitespace();
            let from = table_char(fields.next().unwrap_or_default())?;
            let to = match fields.next() {
                None => String::new(),
                Some(to) if to.starts_with("U+") => to
                    .split("U+")
                    .skip(1)
                    .map(|h| table_char(&format!("U+{h}")))
                    .collect::<Result<_, _>>()?,
                Some(to) => to.to_string(),
            };
            if fields.next().is_some() {
                return Err(format!(
                    "`{line}`: a row is a character and what it becomes"
                ));
            }
            Ok((from, to))
        })
        .collect()
}

/// How one index makes terms: its folding table and its stop words.
#[derive(Debug, Default)]
pub struct Analyzer {
    /// Sorted by character: what each becomes after the fold every language gets.
    table: Vec<(char, String)>,
    /// The stop words, folded, sorted.
    stop_words: Vec<String>,
    /// The same, packed ([`Key::Short`]); every stop word has at most 16 bytes.
    stop: FxHashSet<u128>,
}

impl Analyzer {
    /// The analyzer of an index of documents in the languages `tags`, the index's own
    /// first (see the module documentation).
    pub fn new(tags: &[&str]) -> Analyzer {
        let mut table: Vec<(char, String)> = Vec::new();
        for tag in tags {
            let rows = file_of(FOLD_FILES, tag).map(table_rows);
            for (from, to) in rows.and_then(Result::ok).unwrap_or_default() {
                // The first language's row wins.
                if !table.iter().any(|(c, _)| *c == from) {
                    table.push((from, to));
                }
            }
        }
        table.sort_unstable_by_key(|(c, _)| *c);
        let mut analyzer = Analyzer {
            table,
            ..Analyzer::default()
        };
        let mut stop_words: Vec<String> = tags
            .iter()
            .filter_map(|tag| file_of(STOP_FILES, tag))
            .flat_map(data_lines)
            .map(|word| analyzer.fold(word).into_owned())
            .collect();
        stop_words.sort_unstable();
        stop_words.dedup();
        analyzer.stop = stop_words
            .iter()
            .filter_map(|w| match Key::of(w) {
                Key::Short(packed) => Some(packed),
                Key::Long(_) => None,
            })
            .collect();
        analyzer.stop_words = stop_words;
        analyzer
    }

    /// The folding table, sorted by character: for `core.js`.
    pub fn table(&self) -> &[(char, String)] {
        &self.table
    }

    /// The stop words, folded and sorted: for `core.js`.
    pub fn stop_words(&self) -> &[String] {
        &self.stop_words
    }

    /// `text` folded: lower case, decomposed, without combining marks, then each character
    /// of the table as the table says: "Épaule" -> "epaule", and with German's table
    /// "Straße" -> "strasse".
    pub fn fold<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if text.is_ascii() {
            // No table has an ASCII character (unit-tested).
            if text.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(text.to_ascii_lowercase())
            } else {
                Cow::Borrowed(text)
            }
        } else {
            let generic = text.to_lowercase();
            let generic = generic.nfd().filter(|&c| !is_combining_mark(c));
            if self.table.is_empty() {
                return Cow::Owned(generic.collect());
            }
            let mut out = String::with_capacity(text.len());
            for c in generic {
                match self.table.binary_search_by_key(&c, |(from, _)| *from) {
                    Ok(i) => out.push_str(&self.table[i].1),
                    Err(_) => out.push(c),
                }
            }
            Cow::Owned(out)
        }
    }

    /// Whether `term` (folded) is one of the stop words.
    pub fn is_stop_word(&self, term: &str) -> bool {
        match Key::of(term) {
            Key::Short(packed) => self.stop.contains(&packed),
            Key::Long(_) => false,
        }
    }

    /// Whether the term packed as `packed` ([`Key::Short`]) is a stop word.
    pub(super) fn is_stop_packed(&self, packed: u128) -> bool {
        self.stop.contains(&packed)
    }

    /// Calls `each` with every search term of `text`, in order, stop words left out.
    pub fn for_each_term(&self, text: &str, mut each: impl FnMut(&str)) {
        let folded = self.fold(text);
        for_each_word(&folded, |word| {
            if !self.is_stop_word(word) {
                each(word);
            }
        });
    }

    /// The search terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term(text, |t| out.push(t.to_string()));
        out
    }
}

/// Calls `each` with every run of alphanumeric characters of `text`, in order.
pub(super) fn for_each_word<'t>(text: &'t str, mut each: impl FnMut(&'t str)) {
    if text.is_ascii() {
        // The same split, a byte at a time: most text is ASCII, and this is most of the
        // time an index takes.
        const ALNUM: [bool; 256] = {
            let mut table = [false; 256];
            let mut b = 0;
            while b < 256 {
                table[b] = (b as u8).is_ascii_alphanumeric();
                b += 1;
            }
            table
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && !ALNUM[usize::from(bytes[i])] {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && ALNUM[usize::from(bytes[i])] {
                i += 1;
            }
            if i > start {
                each(&text[start..i]);
            }
        }
    } else {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                each(word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_dir(folder: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/search")
            .join(folder);
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .map(|p| {
                let code = p.file_stem().unwrap().to_string_lossy().to_string();
                (code, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn every_data_file_is_compiled_in() {
        for (folder, list) in [("stop", STOP_FILES), ("fold", FOLD_FILES)] {
            let files = data_dir(folder);
            let compiled: Vec<(String, String)> = list
                .iter()
                .map(|(c, t)| (c.to_string(), t.to_string()))
                .collect();
            assert_eq!(files, compiled, "src/search/{folder}/ and words.rs differ");
        }
    }

    #[test]
    fn stop_lists_are_sorted_short_folded_words_without_negations() {
        for (code, text) in STOP_FILES {
            let words: Vec<&str> = data_lines(text).collect();
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "stop/{code}.txt is not sorted, or repeats a word"
            );
            let analyzer = Analyzer::new(&[code]);
            for w in &words {
                assert_eq!(w.to_lowercase(), *w, "stop/{code}.txt: {w}");
                let folded = analyzer.fold(w);
                let mut pieces = Vec::new();
                for_each_word(&folded, |p| pieces.push(p.to_string()));
                assert_eq!(
                    pieces,
                    [folded.to_string()],
                    "stop/{code}.txt: {w} is not one word"
                );
                assert!(folded.len() <= 16, "stop/{code}.txt: {w} is over 16 bytes");
                assert!(analyzer.is_stop_word(&folded), "{code}: {w}");
            }
            // A negation changes what a patient means: "pain without swelling".
            for negation in [
                "no", "not", "nor", "without", "ni", "sin", "nunca", "ne", "n", "pas", "sans",
                "non", "nicht", "kein", "keine", "ohne", "nie", "bez", "ani", "nao", "nem", "sem",
                "لا", "لم", "لن", "ليس", "غير", "بدون", "ما",
            ] {
                assert!(!analyzer.is_stop_word(negation), "{code}: {negation}");
            }
        }
    }

    #[test]
    fn tables_are_folded_and_not_ascii() {
        for (code, text) in FOLD_FILES {
            let rows = table_rows(text).unwrap_or_else(|e| panic!("fold/{code}.txt: {e}"));
            assert!(!rows.is_empty(), "fold/{code}.txt");
            let generic = Analyzer::default();
            for (from, to) in &rows {
                assert!(!from.is_ascii(), "fold/{code}.txt: {from}");
                let from = from.to_string();
                assert_eq!(
                    generic.fold(&from),
                    from,
                    "fold/{code}.txt: {from} is folded away"
                );
                assert_eq!(generic.fold(to), *to, "fold/{code}.txt: {to} is not folded");
                assert!(
                    !rows.iter().any(|(c, _)| to.contains(*c)),
                    "fold/{code}.txt: {to}"
                );
            }
        }
    }

    #[test]
    fn each_language_folds_and_stops_its_own_words() {
        let en = Analyzer::new(&["en-GB"]);
        assert!(en.is_stop_word("the") && !en.is_stop_word("neck") && !en.is_stop_word("no"));
        assert!(!en.is_stop_word("de"));
        assert_eq!(
            en.terms("Stiff NECK after a car-crash; it's Épaule gelée, 30 minutes"),
            [
                "stiff", "neck", "after", "car", "crash", "epaule", "gelee", "30", "minutes"
            ]
        );
        assert_eq!(en.terms("naïve Straße"), ["naive", "straße"]);
        assert!(en.terms("the and of").is_empty());

        let es = Analyzer::new(&["es-MX", "en-GB"]);
        assert_eq!(
            es.terms("El dolor de la espalda, sin fiebre"),
            ["dolor", "espalda", "sin", "fiebre"]
        );
        assert!(es.is_stop_word("the") && es.is_stop_word("el") && !es.is_stop_word("no"));

        let de = Analyzer::new(&["de"]);
        assert_eq!(
            de.terms("Die STRASSE und die Straße"),
            ["strasse", "strasse"]
        );
        assert_eq!(de.terms("für"), Vec::<String>::new());
        let pl = Analyzer::new(&["pl"]);
        assert_eq!(pl.terms("Ból łokcia się"), ["bol", "lokcia"]);
        let fr = Analyzer::new(&["fr"]);
        assert_eq!(
            fr.terms("L'Œdème sans douleur"),
            ["oedeme", "sans", "douleur"]
        );

        let ar = Analyzer::new(&["ar"]);
        // Alef forms (decomposed: the hamza and madda are marks), wasla, maksura, teh
        // marbuta, tatweel, harakat, Arabic-Indic digits.
        for (typed, folded) in [
            ("ألم", "الم"),
            ("إصابة", "اصابه"),
            ("آلام", "الام"),
            ("ٱلرقبة", "الرقبه"),
            ("مستشفى", "مستشفي"),
            ("الرقـــبة", "الرقبه"),
            ("الرَّقَبَة", "الرقبه"),
            ("٩٩٩", "999"),
        ] {
            assert_eq!(ar.fold(typed), folded, "{typed}");
        }
        assert!(ar.is_stop_word("في") && ar.is_stop_word("الي") && !ar.is_stop_word("لا"));
        assert_eq!(ar.terms("ألم في الرقبة"), ["الم", "الرقبه"]);
    }

    #[test]
    fn a_language_without_files_gets_the_fold_alone() {
        let cy = Analyzer::new(&["cy"]);
        assert!(cy.stop_words().is_empty() && cy.table().is_empty());
        assert_eq!(cy.terms("Poen yn y Gwddf"), ["poen", "yn", "y", "gwddf"]);
        // The index's own language's row wins; an ASCII text is folded alone.
        let both = Analyzer::new(&["de", "pl"]);
        assert_eq!(both.terms("Straße łokieć"), ["strasse", "lokiec"]);
        assert_eq!(primary_subtag("es-MX"), "es");
        assert_eq!(primary_subtag("EN"), "en");
    }
}
