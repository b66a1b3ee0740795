//! Search index: [`Site`] -> the script files that the default theme's `search.js` loads.
//!
//! The search runs in the browser with [MiniSearch](https://github.com/lucaong/minisearch)
//! (vendored in `themes/default/static/vendor/minisearch/`); this module does MiniSearch's
//! indexing at build time, so the browser only loads a finished index and never tokenizes
//! a page. Every entry is indexed in six fields, weighted in this order: title, aliases,
//! summary, tags, headings and body text (the entry's prose: paragraphs and list items).
//!
//! There is one index per language ([`index_folder`]): the pages in that language, and for
//! an entry not translated into it, its page in the default language, which the results
//! list after the language's own and mark as in another language.
//!
//! The index is JavaScript, not JSON: a page opened from disk (`file://`) may not `fetch()`
//! a file, but it may load a `<script>`. Each file calls `CarebookSearch.data(name, data)`:
//!
//! - `search-index/core.js` (`"core"`): what every query needs. `version` (2), the field
//!   names and `boost`s, the kinds' titles (`kinds`, to group results), `languages` (the
//!   documents' languages as `[tag, name in itself]`, the index's own first), `fold` (the
//!   index's folding table, `{"ß": "ss", …}`) and `stop` words (see [`Analyzer`]),
//!   `synonyms` from `site.yaml`, `shards` (which body file holds the body terms beginning
//!   with each character), `docs` (per entry: kind, page URL below the site root
//!   (percent-encoded), title, summary, and for a page in another language than the
//!   index's, a fifth number: which of `languages` it is in), per-field `lengths` and their
//!   `average`, and the postings of the first five fields (`terms`).
//! - `search-index/body-N.js` (`"body-N"`): the body postings of the terms beginning with
//!   some characters, loaded when a query has a word beginning with one of them. The body
//!   text is most of a site's words, so a large site's browser loads only a few of these.
//!
//! Postings are arrays of numbers: a document number (the first) or the difference from
//! the previous one (the rest), each followed by `-n` when the term occurs `n` > 1 times.
//! `[0, 3, -2, 1]` is document 0 once, document 3 twice, document 4 once.
//!
//! Terms are made the same way here and in `search.js`, by the index's [`Analyzer`]
//! (module `words`): folded (lower case, accents removed, then the folding table of the
//! index's languages: `Épaule` -> `epaule`, `Straße` -> `strasse`), split into words, the
//! stop words of the index's languages left out. `search.js` folds and filters a query with
//! the `fold` and `stop` of `core.js`, so both sides agree. Output is deterministic: terms
//! are sorted, entries keep the site's order. Needs: a resolved [`Site`].

use std::borrow::Cow;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::LangId;
use crate::graph::{EntryId, Site};

mod words;
pub use words::Analyzer;
use words::for_each_word;

/// The indexed fields, most important first.
pub const FIELDS: [&str; 6] = ["title", "aliases", "summary", "tags", "headings", "body"];
/// Each field's weight in a result's score (MiniSearch's `boost`), in [`FIELDS`] order.
pub const BOOSTS: [f64; 6] = [8.0, 6.0, 3.0, 2.5, 1.6, 1.0];
/// Fields in `core.js`: all but the body.
const CORE: usize = 5;
const BODY: usize = 5;

/// The folder of the index files, below the site root.
pub const FOLDER: &str = crate::config::SEARCH_INDEX_FOLDER;

/// Body postings are cut into files of about this many bytes (whole initial characters).
const SHARD_BYTES: usize = 96 * 1024;

/// A word as a map key: compared a byte at a time, which for words (a few bytes) is
/// several times faster than the call to `memcmp` that comparing `&str`s makes.
#[derive(Clone, Copy, Eq)]
struct Word<'a>(&'a str);

impl PartialEq for Word<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.bytes().zip(other.0.bytes()).all(|(a, b)| a == b)
    }
}

impl std::hash::Hash for Word<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// One entry's distinct terms, each with its field and count (`items`, ordered by the
/// part of the gathering that takes them: `items[starts[p]..starts[p + 1]]` for part `p`,
/// the core fields' last), the few terms too long to pack stored one after another in
/// `text` (so analysing allocates per entry, not per term), and each field's length in
/// terms.
struct Analysed {
    text: String,
    items: Vec<Item>,
    starts: [u32; PARTS as usize + 2],
    lengths: [u32; 6],
}

struct Item {
    /// The term packed into a number ([`Key::Short`]), or 0 for a longer term, which is
    /// `text[start..start + len]`.
    packed: u128,
    start: u32,
    len: u32,
    count: u32,
    field: u8,
    part: u8,
}

impl Analysed {
    fn key(&self, item: &Item) -> Key<'_> {
        if item.packed != 0 {
            Key::Short(item.packed)
        } else {
            Key::Long(&self.text[item.start as usize..(item.start + item.len) as usize])
        }
    }

    fn part(&self, part: u8) -> &[Item] {
        let p = usize::from(part);
        &self.items[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

fn analyse(site: &Site, analyzer: &Analyzer, id: usize) -> Analysed {
    let e = &site.entries[id];
    let headings: Vec<&str> = e.scan.headings.iter().map(|h| h.text.as_str()).collect();
    let texts: [Vec<&str>; 6] = [
        vec![e.title.as_str()],
        e.meta.aliases.iter().map(String::as_str).collect(),
        vec![e.summary.as_str()],
        e.meta.tags.iter().map(String::as_str).collect(),
        headings,
        vec![e.scan.prose.as_str()],
    ];
    let mut out = Analysed {
        text: String::new(),
        items: Vec::new(),
        starts: [0; PARTS as usize + 2],
        lengths: [0; 6],
    };
    for (f, parts) in texts.iter().enumerate() {
        let folded: Vec<Cow<'_, str>> = parts.iter().map(|p| analyzer.fold(p)).collect();
        // Words of up to 16 bytes (nearly all) are counted by their packed key, which
        // hashes and compares in a few instructions and is what the postings are keyed by.
        let mut short: FxHashMap<u128, u32> = FxHashMap::default();
        let mut long: FxHashMap<Word<'_>, u32> = FxHashMap::default();
        short.reserve(if f == BODY { 256 } else { 8 });
        for part in &folded {
            for_each_word(part, |word| match Key::of(word) {
                Key::Short(packed) => *short.entry(packed).or_insert(0) += 1,
                Key::Long(_) => *long.entry(Word(word)).or_insert(0) += 1,
            });
        }
        let short = short
            .into_iter()
            .map(|(packed, count)| (Key::Short(packed), count));
        let long = long
            .into_iter()
            .map(|(Word(term), count)| (Key::Long(term), count));
        // Stop words are counted with the rest and dropped here, once per distinct word.
        for (key, count) in short.chain(long) {
            let unpacked;
            let (term, packed) = match key {
                Key::Short(packed) => {
                    if analyzer.is_stop_packed(packed) {
                        continue;
                    }
                    unpacked = Unpacked::of(packed);
                    (unpacked.as_str(), packed)
                }
                // No stop word is over 16 bytes.
                Key::Long(term) => (term, 0),
            };
            out.lengths[f] += count;
            out.items.push(Item {
                packed,
                start: out.text.len() as u32,
                len: term.len() as u32,
                count,
                field: f as u8,
                part: if f == BODY {
                    (initial(term) as u32 % u32::from(PARTS)) as u8
                } else {
                    PARTS
                },
            });
            if packed == 0 {
                out.text.push_str(term);
            }
        }
    }
    out.items.sort_unstable_by_key(|item| item.part);
    let mut at = 0;
    for p in 0..=PARTS {
        out.starts[usize::from(p)] = at as u32;
        at += out.items[at..].iter().take_while(|i| i.part == p).count();
    }
    out.starts[PARTS as usize + 1] = at as u32;
    out
}

/// A term's postings as they are written: see the module documentation.
#[derive(Default)]
struct Postings {
    /// i32, not i64: a document number is below the number of entries and a count below
    /// the length of a file ([`crate::content::MAX_FILE_BYTES`]), so both fit, in half the
    /// memory.
    numbers: Vec<i32>,
    last: u32,
}

impl Postings {
    /// Adds document `doc` (never lower than the last one added) with the term `tf` times.
    fn push(&mut self, doc: u32, tf: u32) {
        self.numbers
            .push(i32::try_from(doc - self.last).expect("fewer documents than i32::MAX"));
        self.last = doc;
        if tf > 1 {
            self.numbers
                .push(-i32::try_from(tf).expect("a term counted fewer than i32::MAX times"));
        }
    }

    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, &n) in self.numbers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_number(out, i64::from(n));
        }
        out.push(']');
    }
}

/// Writes `n` in decimal (`write!` is slower, and there are millions of these).
fn push_number(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut n = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// `text` as a JSON string, with `<`, `>` and `&` escaped too (`\u003c`…), so no index file
/// holds markup, even from a title such as `<script>…`.
fn json(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serializes");
    if !quoted.contains(['<', '>', '&']) {
        return quoted;
    }
    quoted
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn json_list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| json(s.as_ref())).collect();
    format!("[{}]", items.join(","))
}

/// Body postings are gathered in this many parts at once, one more part gathering the
/// rest: by a body term's initial.
const PARTS: u8 = 8;

/// The first character of a term, which decides its body file.
fn initial(term: &str) -> char {
    term.chars().next().unwrap_or(' ')
}

/// Entries analysed at a time: their analyses (a few kilobytes each) are merged into the
/// postings and dropped before the next ones are analysed, so a large site never holds
/// every entry's analysis at once.
const CHUNK: usize = 1024;

/// Every file of the search index, as (path below the site root, contents), core first:
/// one index per language ([`index_folder`]), of the pages in that language (an entry
/// not translated into it in its own language, so a search finds it too).
pub fn index_files(site: &Site) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for language in 0..site.config.languages.len() {
        let docs: Vec<EntryId> = (0..site.entries.len())
            .filter(|&id| !site.is_translation(id))
            .map(|id| site.in_language(id, language))
            .collect();
        files.extend(language_index(
            site,
            language,
            &docs,
            &index_folder(site, language),
        ));
    }
    files
}

/// The folder of `language`'s search index below the site root: `search-index` for the
/// default language, `es/search-index` for another.
pub fn index_folder(site: &Site, language: LangId) -> String {
    format!("{}{FOLDER}", site.language_folder(language))
}

/// The languages of an index of `language` holding `docs`: its own first, then any other
/// its documents are in (the default language's, standing in for untranslated pages), in
/// the site's order.
fn index_languages(site: &Site, language: LangId, docs: &[EntryId]) -> Vec<LangId> {
    let mut languages = vec![language];
    for l in 0..site.config.languages.len() {
        if l != language && docs.iter().any(|&id| site.entries[id].language == l) {
            languages.push(l);
        }
    }
    languages
}

/// The index of `language`, of the entries `docs`, in that order, in `folder`.
fn language_index(
    site: &Site,
    language: LangId,
    docs: &[EntryId],
    folder: &str,
) -> Vec<(String, String)> {
    let languages = index_languages(site, language, docs);
    let tags: Vec<&str> = languages
        .iter()
        .map(|&l| site.config.languages[l].tag.as_str())
        .collect();
    let analyzer = Analyzer::new(&tags);
    let mut lengths: [Vec<u32>; 6] = Default::default();
    let mut parts: Vec<Part> = (0..=PARTS).map(|_| Part::default()).collect();
    for first in (0..docs.len()).step_by(CHUNK) {
        let last = (first + CHUNK).min(docs.len());
        let analysed: Vec<Analysed> = docs[first..last]
            .par_iter()
            .map(|&id| analyse(site, &analyzer, id))
            .collect();
        for a in &analysed {
            for (f, len) in a.lengths.iter().enumerate() {
                lengths[f].push(*len);
            }
        }
        // Postings, gathered in parallel: the core fields' in one part, the body's in
        // parts by the terms' initial (a term's postings are all in one part, in document
        // order: chunks come in order, and so do the documents of a chunk).
        parts
            .par_iter_mut()
            .enumerate()
            .for_each(|(part, gathered)| {
                let part = part as u8;
                for (i, a) in analysed.iter().enumerate() {
                    let doc = (first + i) as u32;
                    for item in a.part(part) {
                        let key = a.key(item);
                        if part == PARTS {
                            let field = usize::from(item.field);
                            gathered.core.get(key)[field].push(doc, item.count);
                        } else {
                            gathered.body.get(key).push(doc, item.count);
                        }
                    }
                }
            });
    }
    let mut core: Vec<(String, [Postings; CORE])> = Vec::new();
    let mut body: Vec<(String, Postings)> = Vec::new();
    for part in parts {
        core.extend(part.core.into_texts());
        body.extend(part.body.into_texts());
    }
    // Body terms by initial, each initial's postings written once; then initials packed
    // into files of about SHARD_BYTES, in order.
    body.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut initials: Vec<(char, &[(String, Postings)])> = Vec::new();
    let mut rest = &body[..];
    while let Some((first, _)) = rest.first() {
        let c = initial(first);
        let n = rest.iter().take_while(|(t, _)| initial(t) == c).count();
        initials.push((c, &rest[..n]));
        rest = &rest[n..];
    }
    let written: Vec<(char, String)> = initials
        .par_iter()
        .map(|(c, terms)| {
            let mut out = String::new();
            for (term, postings) in *terms {
                out.push('[');
                out.push_str(&json(term));
                out.push(',');
                postings.write(&mut out);
                out.push_str("],\n");
            }
            (*c, out)
        })
        .collect();
    let mut shards: Vec<String> = Vec::new();
    let mut shard_of: Vec<(char, usize)> = Vec::new();
    for (c, text) in written {
        if shards.last().is_none_or(|s| s.len() >= SHARD_BYTES) {
            shards.push(String::new());
        }
        shard_of.push((c, shards.len() - 1));
        shards.last_mut().expect("pushed above").push_str(&text);
    }

    let mut files = vec![(
        format!("{folder}/core.js"),
        core_file(
            &Index {
                site,
                analyzer: &analyzer,
                languages: &languages,
                docs,
            },
            core,
            &lengths,
            &shard_of,
        ),
    )];
    for (n, text) in shards.into_iter().enumerate() {
        let text = text.trim_end_matches(",\n");
        files.push((
            format!("{folder}/body-{n}.js"),
            format!("CarebookSearch.data(\"body-{n}\",[\n{text}\n]);\n"),
        ));
    }
    files
}

/// What one part of the gathering found.
#[derive(Default)]
struct Part {
    core: Terms<[Postings; CORE]>,
    body: Terms<Postings>,
}

/// A map from terms to `V`: terms of up to 16 bytes by their packed [`Key::Short`] (most
/// terms; no allocation per term), longer ones by their own copy.
struct Terms<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for Terms<V> {
    fn default() -> Self {
        Terms {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V: Default> Terms<V> {
    fn get(&mut self, key: Key<'_>) -> &mut V {
        match key {
            Key::Short(packed) => self.short.entry(packed).or_default(),
            Key::Long(term) => {
                if !self.long.contains_key(term) {
                    self.long.insert(term.into(), V::default());
                }
                self.long.get_mut(term).expect("inserted above")
            }
        }
    }

    fn into_texts(self) -> impl Iterator<Item = (String, V)> {
        let short = self
            .short
            .into_iter()
            .map(|(packed, v)| (Key::Short(packed).text(), v));
        short.chain(
            self.long
                .into_iter()
                .map(|(term, v)| (term.into_string(), v)),
        )
    }
}

/// A term as the gathering's maps hold it. Most terms have at most 16 bytes: packed into a
/// number (the bytes, then zeros; a term has no zero byte), they hash and compare without
/// going back to the entries' text, which is scattered across memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Short(u128),
    Long(&'a str),
}

impl<'a> Key<'a> {
    fn of(term: &'a str) -> Key<'a> {
        let bytes = term.as_bytes();
        if bytes.len() <= 16 {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            Key::Short(u128::from_be_bytes(packed))
        } else {
            Key::Long(term)
        }
    }

    fn text(self) -> String {
        match self {
            Key::Long(term) => term.to_string(),
            Key::Short(packed) => Unpacked::of(packed).as_str().to_string(),
        }
    }
}

/// A [`Key::Short`] term back as text, without allocating.
struct Unpacked {
    bytes: [u8; 16],
    len: usize,
}

impl Unpacked {
    fn of(packed: u128) -> Unpacked {
        let bytes = packed.to_be_bytes();
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(16);
        Unpacked { bytes, len }
    }

    fn as_str(&self) -> &str {
        // Packed from a `&str` of at most 16 bytes, so whole characters.
        std::str::from_utf8(&self.bytes[..self.len]).expect("packed from a str")
    }
}

/// What `core.js` describes: an index of `docs`, in `languages` (its own first), made by
/// `analyzer`.
struct Index<'a> {
    site: &'a Site,
    analyzer: &'a Analyzer,
    languages: &'a [LangId],
    docs: &'a [EntryId],
}

fn core_file(
    index: &Index<'_>,
    mut core: Vec<(String, [Postings; CORE])>,
    lengths: &[Vec<u32>; 6],
    shard_of: &[(char, usize)],
) -> String {
    let Index {
        site,
        analyzer,
        languages,
        docs,
    } = *index;
    let mut out = String::with_capacity(64 + docs.len() * 256);
    out.push_str("CarebookSearch.data(\"core\",{\n\"version\":2,\n\"fields\":");
    out.push_str(&json_list(&FIELDS));
    let boosts: Vec<String> = BOOSTS.iter().map(|b| b.to_string()).collect();
    let _ = write!(out, ",\n\"boost\":[{}],\n\"kinds\":", boosts.join(","));
    let kinds: Vec<&str> = site.config.kinds.iter().map(|k| k.title.as_str()).collect();
    out.push_str(&json_list(&kinds));
    // The languages of the documents, [tag, name in itself], the index's own first.
    out.push_str(",\n\"languages\":[");
    for (i, &l) in languages.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let language = &site.config.languages[l];
        let _ = write!(out, "[{},{}]", json(&language.tag), json(&language.name));
    }
    out.push_str("],\n\"fold\":{");
    for (i, (from, to)) in analyzer.table().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{}", json(&from.to_string()), json(to));
    }
    out.push_str("},\n\"stop\":");
    out.push_str(&json_list(analyzer.stop_words()));

    // Synonyms: [[the words a patient types], [what they also find], ...], as terms.
    out.push_str(",\n\"synonyms\":[");
    let mut first = true;
    for (typed, finds) in &site.config.search.synonyms {
        let typed = analyzer.terms(typed);
        let finds: Vec<Vec<String>> = finds
            .iter()
            .map(|f| analyzer.terms(f))
            .filter(|t| !t.is_empty())
            .collect();
        if typed.is_empty() || finds.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str("\n[");
        out.push_str(&json_list(&typed));
        for f in &finds {
            out.push(',');
            out.push_str(&json_list(f));
        }
        out.push(']');
    }
    out.push_str("],\n\"shards\":{");
    for (i, (c, n)) in shard_of.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{n}", json(&c.to_string()));
    }
    out.push_str("},\n\"docs\":[");
    for (n, &id) in docs.iter().enumerate() {
        let e = &site.entries[id];
        if n > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "\n[{},{},{},{}",
            e.kind,
            json(&crate::url::encode(&site.entry_path(id))),
            json(&e.title),
            json(&e.summary)
        );
        // A page in another language than the index's: which of `languages` it is in.
        if let Some(l) = languages
            .iter()
            .position(|&l| l == e.language)
            .filter(|&l| l > 0)
        {
            let _ = write!(out, ",{l}");
        }
        out.push(']');
    }
    out.push_str("],\n\"lengths\":[");
    let mut averages = Vec::new();
    for (f, lens) in lengths.iter().enumerate() {
        if f > 0 {
            out.push(',');
        }
        let numbers: Vec<String> = lens.iter().map(u32::to_string).collect();
        let _ = write!(out, "\n[{}]", numbers.join(","));
        let total: u64 = lens.iter().map(|&l| u64::from(l)).sum();
        let average = if lens.is_empty() {
            0.0
        } else {
            total as f64 / lens.len() as f64
        };
        averages.push(format!("{average}"));
    }
    let _ = write!(
        out,
        "],\n\"average\":[{}],\n\"terms\":[",
        averages.join(",")
    );
    core.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (i, (term, fields)) in core.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n[");
        out.push_str(&json(term));
        for (f, postings) in fields.iter().enumerate() {
            if !postings.numbers.is_empty() {
                let _ = write!(out, ",{f},");
                postings.write(&mut out);
            }
        }
        out.push(']');
    }
    out.push_str("\n]});\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_terms_come_back_whole() {
        for term in [
            "a",
            "neck",
            "sixteen-bytes-xx",
            "épaule",
            "seventeen-bytes-x",
        ] {
            assert_eq!(Key::of(term).text(), term);
        }
        assert!(matches!(Key::of("sixteen-bytes-xx"), Key::Short(_)));
        assert!(matches!(Key::of("seventeen-bytes-x"), Key::Long(_)));
    }

    #[test]
    fn strings_hold_no_markup() {
        assert_eq!(
            json("<b>A & \"B\"</b>"),
            r#""\u003cb\u003eA \u0026 \"B\"\u003c/b\u003e""#
        );
        let parsed: String = serde_json::from_str(&json("<b>A & B</b>")).unwrap();
        assert_eq!(parsed, "<b>A & B</b>");
    }

    #[test]
    fn postings_are_deltas_with_counts() {
        let mut p = Postings::default();
        p.push(0, 1);
        p.push(3, 2);
        p.push(4, 1);
        let mut out = String::new();
        p.write(&mut out);
        assert_eq!(out, "[0,3,-2,1]");
    }
}
