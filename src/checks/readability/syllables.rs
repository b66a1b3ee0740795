//! Syllables of a word as textstat 0.7.13 counts them in each measured language: for
//! English, the CMU Pronouncing Dictionary's count (from the embedded table of the counts
//! that differ from the hyphenation's), else pyphen's hyphenation points plus one; for every
//! other language, pyphen's points with that language's dictionary plus one (textstat has
//! no pronouncing dictionary for them). Points are Knuth–Liang's, with pyphen's defaults:
//! none closer than two letters to either end of the word.
//!
//! The patterns are generated data files beside this one (`hyphenation.txt` for English,
//! `hyph_LANG.txt` for the others; see their headers for the scripts that make them),
//! read the first time a page in that language is scored. Needs words as
//! [`super::text`] makes them.

use std::cell::RefCell;
use std::sync::LazyLock;

// FxHash: these tables are looked up once per word of every page, with short keys that
// come from the site's own text; SipHash's flooding resistance buys nothing here and
// costs a third of the check's time.
use rustc_hash::FxHashMap as HashMap;

use crate::config::reading::ReadingLanguage;

thread_local! {
    /// Syllable counts already worked out on this thread, per language: a site repeats
    /// its vocabulary from page to page, so most words are counted once per build and
    /// thread.
    static SYLLABLE_CACHES: RefCell<[SyllableCache; ReadingLanguage::ALL.len()]> =
        RefCell::new(ReadingLanguage::ALL.map(SyllableCache::new));
}

/// Calls `f` with this thread's syllable counter for `language`.
pub(super) fn with_counter<R>(
    language: ReadingLanguage,
    f: impl FnOnce(&mut SyllableCache) -> R,
) -> R {
    SYLLABLE_CACHES.with(|caches| f(&mut caches.borrow_mut()[index(language)]))
}

/// `language`'s place in [`ReadingLanguage::ALL`], which lists them in their order.
fn index(language: ReadingLanguage) -> usize {
    language as usize
}

/// Above this many cached words the cache starts again (a bound on memory, ~10 MB).
const CACHE_LIMIT: usize = 200_000;

/// [`word_syllables`] remembered. Words of up to 16 bytes (nearly all) are keyed by their
/// bytes packed into a number (a word has no zero byte, so the packing is unique): hashing
/// and comparing it costs a few instructions, where a `String` key costs a `memcmp` call.
pub(super) struct SyllableCache {
    language: ReadingLanguage,
    short: HashMap<u128, u32>,
    long: HashMap<String, usize>,
}

impl SyllableCache {
    fn new(language: ReadingLanguage) -> Self {
        SyllableCache {
            language,
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }

    /// The syllables of `word`, one word as [`super::text`] makes them.
    pub(super) fn syllables(&mut self, word: &str) -> usize {
        let bytes = word.as_bytes();
        if bytes.len() <= 16 {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            let key = u128::from_le_bytes(packed);
            if let Some(&n) = self.short.get(&key) {
                return n as usize;
            }
            let n = word_syllables(self.language, word);
            if self.short.len() >= CACHE_LIMIT {
                self.short.clear();
            }
            // At most 16 letters: far fewer than u32::MAX syllables.
            self.short.insert(key, n as u32);
            return n;
        }
        if let Some(&n) = self.long.get(word) {
            return n;
        }
        let n = word_syllables(self.language, word);
        if self.long.len() >= CACHE_LIMIT {
            self.long.clear();
        }
        self.long.insert(word.to_owned(), n);
        n
    }
}

/// Syllables of one word in `language`.
pub(super) fn word_syllables(language: ReadingLanguage, word: &str) -> usize {
    let lower = word.to_lowercase();
    if language == ReadingLanguage::English
        && let Some(&n) = CMU_TABLE.get(lower.as_str())
    {
        return usize::from(n);
    }
    HYPHENATORS[index(language)].points(&lower) + 1
}

/// [`CMU_SYLLABLES`] decoded: word → syllables.
static CMU_TABLE: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut table = HashMap::default();
    let mut count = 0u8;
    let mut prev = String::new();
    for token in data_tokens(CMU_SYLLABLES) {
        if let Some(n) = token.strip_prefix('#') {
            count = n.parse().expect("generated table: syllable count");
            prev.clear();
            continue;
        }
        let mut chars = token.chars();
        let shared = chars
            .next()
            .and_then(|c| c.to_digit(36))
            .expect("generated table: shared-prefix length") as usize;
        // Table words are ASCII, so the prefix length is a byte length.
        let word = format!("{}{}", &prev[..shared], chars.as_str());
        table.insert(word.clone(), count);
        prev = word;
    }
    table
});

/// Knuth–Liang hyphenation as pyphen does it.
struct Hyphenator {
    /// Every prefix of every pattern's letters → that pattern's values (the value before
    /// each letter and after the last), or `None` for a prefix that is not itself a
    /// pattern: a text that is not a prefix cannot start a pattern, which ends the search
    /// at a place after a few characters instead of the longest pattern's length.
    prefixes: HashMap<String, Option<Vec<u8>>>,
    /// Longest pattern, in characters.
    max_len: usize,
}

/// Each language's hyphenation, in [`ReadingLanguage::ALL`]'s order, read at first use.
static HYPHENATORS: [LazyLock<Hyphenator>; ReadingLanguage::ALL.len()] = [
    LazyLock::new(|| Hyphenator::new(HYPHENATION_PATTERNS)),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_de.txt"))),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_es.txt"))),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_fr.txt"))),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_it.txt"))),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_nl.txt"))),
    LazyLock::new(|| Hyphenator::new(include_str!("hyph_ru.txt"))),
];

impl Hyphenator {
    /// The hyphenator of a generated patterns file.
    fn new(patterns: &'static str) -> Hyphenator {
        let mut prefixes: HashMap<String, Option<Vec<u8>>> = HashMap::default();
        let mut max_len = 0;
        for token in data_tokens(patterns) {
            let mut letters = String::new();
            let mut values = vec![0u8];
            for c in token.chars() {
                match c.to_digit(10) {
                    Some(d) => *values.last_mut().expect("never empty") = d as u8,
                    None => {
                        letters.push(c);
                        values.push(0);
                    }
                }
            }
            max_len = max_len.max(values.len() - 1);
            for (end, _) in letters.char_indices().skip(1) {
                prefixes.entry(letters[..end].to_owned()).or_insert(None);
            }
            prefixes.insert(letters, Some(values));
        }
        Hyphenator { prefixes, max_len }
    }

    /// Number of hyphenation points in `word` (lower-case) at least two characters from
    /// either end: pyphen's `Pyphen(lang="en_US").positions(word)`, whose defaults are
    /// left = right = 2 (not the dictionary's own RIGHTHYPHENMIN 3).
    fn points(&self, word: &str) -> usize {
        let dotted = format!(".{word}.");
        let mut offsets: Vec<usize> = dotted.char_indices().map(|(b, _)| b).collect();
        let n = offsets.len();
        offsets.push(dotted.len());
        let mut values = vec![0u8; n + 1];
        // pyphen starts a match at every character but the closing dot.
        for i in 0..n - 1 {
            for j in i + 1..=(i + self.max_len).min(n) {
                match self.prefixes.get(&dotted[offsets[i]..offsets[j]]) {
                    None => break,
                    Some(None) => {}
                    Some(Some(pattern)) => {
                        for (k, &v) in pattern.iter().enumerate() {
                            values[i + k] = values[i + k].max(v);
                        }
                    }
                }
            }
        }
        // values[k] sits before dotted character k, i.e. before word character k - 1.
        let last = word.chars().count() as isize - 2;
        (1..=n)
            .filter(|&k| values[k] % 2 == 1 && (2..=last).contains(&(k as isize - 1)))
            .count()
    }
}

/// pyphen's `en_US` hyphenation patterns, pruned, in TeX form: letters with the Knuth-Liang
/// value before a letter written as a digit. Generated: see the file's header.
const HYPHENATION_PATTERNS: &str = include_str!("hyphenation.txt");

/// CMU syllable counts that differ from the hyphenation's, grouped by count ("#N" starts
/// the words of N syllables) and prefix-compressed. Generated: see the file's header.
const CMU_SYLLABLES: &str = include_str!("cmu_syllables.txt");

/// The tokens of a generated data file: its lines less the `%` header and comment lines,
/// split on whitespace.
fn data_tokens(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .filter(|line| !line.starts_with('%'))
        .flat_map(str::split_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hyphenation points without the prefix pruning: every substring up to the longest
    /// pattern looked up.
    fn points_reference(h: &Hyphenator, word: &str) -> usize {
        let dotted: Vec<char> = format!(".{word}.").chars().collect();
        let n = dotted.len();
        let mut values = vec![0u8; n + 1];
        for i in 0..n - 1 {
            for j in i + 1..=(i + h.max_len).min(n) {
                let piece: String = dotted[i..j].iter().collect();
                if let Some(Some(pattern)) = h.prefixes.get(&piece) {
                    for (k, &v) in pattern.iter().enumerate() {
                        values[i + k] = values[i + k].max(v);
                    }
                }
            }
        }
        let last = word.chars().count() as isize - 2;
        (1..=n)
            .filter(|&k| values[k] % 2 == 1 && (2..=last).contains(&(k as isize - 1)))
            .count()
    }

    #[test]
    fn languages_are_listed_in_their_order() {
        for (i, l) in ReadingLanguage::ALL.into_iter().enumerate() {
            assert_eq!(index(l), i);
        }
    }

    #[test]
    fn pruned_hyphenation_finds_every_pattern() {
        let mut words: Vec<String> = CMU_TABLE.keys().cloned().collect();
        words.extend(
            "haemoglobin hypoglycaemia physiotherapy thrombocytopenia épaule naïve x ab \
             supercalifragilisticexpialidocious 1234 a_b don't dolor cervicales \
             Nackenschmerzen straße épaules douleur spalla nekpijn шея боль"
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase),
        );
        for h in &HYPHENATORS {
            for word in &words {
                assert_eq!(h.points(word), points_reference(h, word), "{word:?}");
            }
        }
    }

    #[test]
    fn every_language_counts_syllables_as_pyphen_does() {
        // pyphen 0.18.1's positions + 1, as textstat set to each language counts them.
        use ReadingLanguage::*;
        let cases = [
            (Spanish, "cervicales", 4),
            (Spanish, "dolor", 2),
            (German, "nackenschmerzen", 3),
            (French, "douleur", 2),
            (Italian, "spalla", 2),
            (Dutch, "nekpijn", 2),
            (Russian, "позвоночник", 4),
            (English, "hypoglycaemia", 4),
        ];
        for (language, word, n) in cases {
            assert_eq!(word_syllables(language, word), n, "{language:?} {word}");
        }
    }

    #[test]
    fn generated_tables_decode() {
        assert!(CMU_TABLE.len() > 10_000);
        assert!(
            CMU_TABLE
                .keys()
                .all(|w| w.bytes().all(|b| b.is_ascii_lowercase() || b == b'\''))
        );
        // Every entry of each file, as many as its header says: the `%` lines are skipped
        // and nothing else is.
        let stated = |file: &str| -> usize {
            let head = file.lines().next().expect("a header line");
            let (_, after) = head.rsplit_once('(').expect("a count in the header");
            let count = after.split(' ').next().unwrap();
            count.parse().unwrap()
        };
        assert_eq!(CMU_TABLE.len(), stated(CMU_SYLLABLES));
        assert!(CMU_SYLLABLES.starts_with("% "));
        assert!(CMU_SYLLABLES.contains("tests/textstat/gen_tables.py"));
        let files = [
            HYPHENATION_PATTERNS,
            include_str!("hyph_de.txt"),
            include_str!("hyph_es.txt"),
            include_str!("hyph_fr.txt"),
            include_str!("hyph_it.txt"),
            include_str!("hyph_nl.txt"),
            include_str!("hyph_ru.txt"),
        ];
        for (file, h) in files.into_iter().zip(&HYPHENATORS) {
            assert!(file.starts_with("% "));
            assert!(file.contains("tests/textstat/gen_"));
            assert_eq!(h.prefixes.values().flatten().count(), stated(file));
        }
        // "ta-ble" from pyphen's whole-word exception pattern is not needed (CMU has it),
        // but ordinary patterns are: hy-po-gly-caemia.
        assert_eq!(HYPHENATORS[0].points("hypoglycaemia"), 3);
    }
}
