//! Claims: wording a patient page should not use without a source ("cures",
//! "guaranteed", "detox", "removes toxins"), and "diagnose" on a technique page.
//!
//! Each page is checked with the lists of its own language: carebook's, one data file per
//! language (`claims/en.txt`, `claims/es.txt`…, chosen by the primary subtag: `es-MX` reads
//! `es.txt`), or the site's own where `checks:` in site.yaml gives one for that language
//! ([`crate::config::ClaimWords`]). A language with neither has no claim checks
//! ([`has_claim_words`]). Each language's lists are compiled once per site.
//!
//! A claim word matches its other forms: the words of a page and of the lists are
//! compared by their stems (Snowball, in the page's language: "cure", "cures", "cured"
//! and "curing" are one word, "detoxify" and "detoxifies" too), while words that only
//! begin the same way are not ("treat" and "treatment", "cure" and "curious"). A phrase
//! ("removes toxins") matches when its words follow each other with only spaces (or the
//! phrase's own punctuation, "100% safe") between them. In a language without a stemmer
//! (Polish) the words are matched as written, so its list gives each form.

use aho_corasick::{AhoCorasick, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};

use super::readability::sentence_spans;
use super::value_span;
use crate::config::language::primary_subtag;
use crate::config::{ClaimWords, LangId};
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::Audience;
use crate::graph::Site;

/// Each of the site's languages' claim lists compiled (by [`LangId`]; `None`: no lists).
/// Compiled once per site.
pub(super) struct Claims {
    by_language: Vec<Option<LanguageClaims>>,
}

/// One language's claim lists compiled (claims, technique claims, never claims), matched
/// in one pass over a page each (aho-corasick: the lists are configurable and a site has
/// thousands of pages).
struct LanguageClaims {
    claims: WordList,
    technique_claims: WordList,
    /// The `never` claims: the site's, then carebook's.
    never: WordList,
    /// Why entry `i` of the `never` list cannot stand (`None`: the site's own).
    why: Vec<Option<&'static str>>,
}

/// carebook's lists, one data file per language, by primary subtag.
const SHIPPED: &[(&str, &str)] = &[
    ("ar", include_str!("claims/ar.txt")),
    ("de", include_str!("claims/de.txt")),
    ("en", include_str!("claims/en.txt")),
    ("es", include_str!("claims/es.txt")),
    ("fr", include_str!("claims/fr.txt")),
    ("pl", include_str!("claims/pl.txt")),
    ("pt", include_str!("claims/pt.txt")),
];

/// The lists of one data file of [`SHIPPED`].
#[derive(Debug, Default)]
struct Shipped {
    claims: Vec<&'static str>,
    technique_claims: Vec<&'static str>,
    /// (phrase, why).
    never_claims: Vec<(&'static str, &'static str)>,
}

/// carebook's lists for the language `tag` (by its primary subtag), if it has them.
fn shipped(tag: &str) -> Option<Shipped> {
    let primary = primary_subtag(tag);
    let (_, file) = SHIPPED.iter().find(|(code, _)| *code == primary)?;
    Some(read_shipped(file))
}

/// The three lists of a data file: the lines under `[claims]`, `[technique_claims]` and
/// `[never_claims]` (`phrase -> why`), in order; notes (`#`) and blank lines left out.
fn read_shipped(file: &'static str) -> Shipped {
    let mut lists = Shipped::default();
    let mut section = "";
    let lines = file
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    for line in lines {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        match section {
            "claims" => lists.claims.push(line),
            "technique_claims" => lists.technique_claims.push(line),
            "never_claims" => {
                if let Some((phrase, why)) = line.split_once("->") {
                    lists.never_claims.push((phrase.trim(), why.trim()));
                }
            }
            _ => {}
        }
    }
    lists
}

/// One language's claim lists as the site has them, uncompiled.
struct Lists {
    claims: Vec<String>,
    technique_claims: Vec<String>,
    /// (phrase, why): the site's own (`None`), then carebook's.
    never: Vec<(String, Option<&'static str>)>,
}

impl Lists {
    /// The lists of `language`: the site's own where `checks:` gives one for it
    /// (`claims` and `technique_claims` in place of carebook's, `never_claims` before
    /// them), else carebook's for it, if any.
    fn of(site: &Site, language: LangId) -> Lists {
        let config = &site.config;
        let shipped = config
            .languages
            .get(language)
            .and_then(|l| shipped(&l.tag))
            .unwrap_or_default();
        let languages = &config.languages;
        let list = |words: &ClaimWords, carebook: &[&str]| -> Vec<String> {
            let written = match words.of(languages, language) {
                Some(own) => own.to_vec(),
                None => carebook.iter().map(|w| w.to_string()).collect(),
            };
            written
                .into_iter()
                .filter(|w| !w.trim().is_empty())
                .collect()
        };
        let mut never: Vec<(String, Option<&'static str>)> = config
            .checks
            .never_claims
            .of(languages, language)
            .unwrap_or_default()
            .iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| (w.clone(), None))
            .collect();
        never.extend(
            shipped
                .never_claims
                .iter()
                .map(|(phrase, why)| (phrase.to_string(), Some(*why))),
        );
        Lists {
            claims: list(&config.checks.claims, &shipped.claims),
            technique_claims: list(&config.checks.technique_claims, &shipped.technique_claims),
            never,
        }
    }

    fn is_empty(&self) -> bool {
        self.claims.is_empty() && self.technique_claims.is_empty() && self.never.is_empty()
    }
}

/// Whether pages in the site's language `language` are checked for claims: it has claim
/// words, carebook's (for English, Spanish, French, German, Polish, Portuguese and
/// Arabic) or the site's own (`checks.claims` in site.yaml).
pub fn has_claim_words(site: &Site, language: LangId) -> bool {
    !Lists::of(site, language).is_empty()
}

/// The stemmer of a language (by its primary subtag: `en-GB` is English).
fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match primary_subtag(language).as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// A word's stem: lower case, then the stemmer's (the word itself without one).
fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    let lower = word.to_lowercase();
    match stemmer {
        Some(s) => s.stem(&lower).into_owned(),
        None => lower,
    }
}

/// Spaces, line breaks and emphasis marks between two words all count as one space.
fn normal_gap(gap: &str) -> String {
    let kept: String = gap.chars().filter(|c| !matches!(c, '*' | '_')).collect();
    let mut out = String::new();
    for (i, part) in kept.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    if kept.starts_with(char::is_whitespace) {
        out.insert(0, ' ');
    }
    if kept.ends_with(char::is_whitespace) && !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The words of `text` (runs of letters and digits), as byte ranges.
fn words(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            rest.next();
        }
        Some(start..end)
    })
}

/// One entry of a claim list: the stems of its words and what stands between them.
struct Phrase {
    stems: Vec<String>,
    /// Between word `i` and `i + 1`, normalised ([`normal_gap`]).
    gaps: Vec<String>,
}

/// A claim list compiled: every entry as a [`Phrase`], and an automaton that finds where
/// the first word of one may start (the first word's stem less its last letter, which
/// every form of the word begins with: "cur" for "cure", "cures", "curing"). Also the
/// plain-words list's ([`super::plain_words`]).
pub(super) struct WordList {
    stemmer: Option<Stemmer>,
    phrases: Vec<Phrase>,
    /// Phrase `i` is entry `entry_of[i]` of the list it was made from (entries that are
    /// forms of one phrase are one phrase, the first).
    pub(super) entry_of: Vec<usize>,
    /// Pattern `i` starts phrase `starts_of[i]`.
    starts: AhoCorasick,
    starts_of: Vec<usize>,
}

impl WordList {
    pub(super) fn new(language: &str, entries: &[String]) -> Option<WordList> {
        let stemmer = stemmer(language);
        let mut phrases = Vec::new();
        let mut entry_of = Vec::new();
        let mut patterns = Vec::new();
        let mut starts_of = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (entry_index, entry) in entries.iter().enumerate() {
            let ranges: Vec<_> = words(entry).collect();
            let Some(first) = ranges.first() else {
                continue;
            };
            let stems: Vec<String> = ranges
                .iter()
                .map(|r| stem(stemmer.as_ref(), &entry[r.clone()]))
                .collect();
            let gaps = ranges
                .windows(2)
                .map(|w| normal_gap(&entry[w[0].end..w[1].start]))
                .collect();
            // What every form of the first word begins with: its stem less the letter a
            // stemmer may have changed or added ("detoxifi" of "detoxify"), never
            // shorter than three letters (or the stem).
            let surface = entry[first.clone()].to_lowercase();
            let prefix = if stemmer.is_some() {
                let keep = stems[0].chars().count().saturating_sub(1).max(3);
                let stem_prefix: String = stems[0].chars().take(keep).collect();
                // Both must begin the word; a stemmer that changed an earlier letter
                // (an umlaut) falls back to the word's own first letters.
                if surface.starts_with(&stem_prefix) {
                    stem_prefix
                } else {
                    surface.chars().take(keep.min(3)).collect()
                }
            } else {
                surface.clone()
            };
            // "cure", "cures" and "cured" in a list are one claim; a form that begins
            // otherwise ("المعجزة" beside "معجزة") still adds where it may start.
            let phrase = Phrase { stems, gaps };
            let index = match phrases
                .iter()
                .position(|p: &Phrase| p.stems == phrase.stems && p.gaps == phrase.gaps)
            {
                Some(index) => index,
                None => {
                    phrases.push(phrase);
                    entry_of.push(entry_index);
                    phrases.len() - 1
                }
            };
            let mut capital = prefix.chars();
            let capitalised: String = capital
                .next()
                .map(|c| c.to_uppercase().chain(capital).collect())
                .unwrap_or_default();
            for pattern in [prefix, capitalised] {
                if seen.insert((index, pattern.clone())) {
                    patterns.push(pattern);
                    starts_of.push(index);
                }
            }
        }
        let starts = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()?;
        Some(WordList {
            stemmer,
            phrases,
            entry_of,
            starts,
            starts_of,
        })
    }

    /// Every claim in `text`: the phrase (its index) and the byte range of its words.
    pub(super) fn find(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut found = Vec::new();
        let mut after = 0;
        for m in self.starts.find_overlapping_iter(text) {
            let at = m.start();
            if at < after
                || text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let phrase_index = self.starts_of[m.pattern().as_usize()];
            if let Some(end) = self.matches(&self.phrases[phrase_index], text, at) {
                if found
                    .last()
                    .is_some_and(|(p, r): &(usize, std::ops::Range<usize>)| {
                        *p == phrase_index && r.start == at
                    })
                {
                    continue;
                }
                found.push((phrase_index, at..end));
                after = end;
            }
        }
        found
    }

    /// Where `phrase` ends when it begins at byte `at` of `text` (a word start).
    fn matches(&self, phrase: &Phrase, text: &str, at: usize) -> Option<usize> {
        let mut next = words(&text[at..]).map(|r| r.start + at..r.end + at);
        let mut previous_end = at;
        for (i, wanted) in phrase.stems.iter().enumerate() {
            let word = next.next()?;
            if i > 0 && normal_gap(&text[previous_end..word.start]) != phrase.gaps[i - 1] {
                return None;
            }
            if i == 0 && word.start != at {
                return None;
            }
            if stem(self.stemmer.as_ref(), &text[word.clone()]) != *wanted {
                return None;
            }
            previous_end = word.end;
        }
        Some(previous_end)
    }
}

impl Claims {
    pub(super) fn new(site: &Site) -> Claims {
        let by_language = site
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(id, language)| LanguageClaims::new(&language.tag, Lists::of(site, id)))
            .collect();
        Claims { by_language }
    }

    /// The claim findings about entry `e` alone, with its language's lists (none when
    /// its language has none).
    pub(super) fn of(&self, site: &Site, e: &Entry) -> Vec<Diagnostic> {
        match self.by_language.get(e.language) {
            Some(Some(claims)) => claims.of(site, e),
            _ => Vec::new(),
        }
    }
}

impl LanguageClaims {
    /// The lists of the language `tag`, compiled; `None` when it has none.
    fn new(tag: &str, lists: Lists) -> Option<LanguageClaims> {
        if lists.is_empty() {
            return None;
        }
        let (never, why): (Vec<String>, Vec<Option<&'static str>>) =
            lists.never.into_iter().unzip();
        Some(LanguageClaims {
            claims: WordList::new(tag, &lists.claims)?,
            technique_claims: WordList::new(tag, &lists.technique_claims)?,
            never: WordList::new(tag, &never)?,
            why,
        })
    }

    /// The claim findings about entry `e` alone: its title, summary and headings
    /// (excused by `sources:`, as they cannot cite), then its prose sentence by sentence.
    pub(super) fn of(&self, site: &Site, e: &Entry) -> Vec<Diagnostic> {
        let technique = e.kind == site.config.builtin(crate::config::BuiltinKind::Technique);
        let patient = e.meta.audience == Audience::Patient;
        // One finding per claim (a list entry, in any of its forms) and page, at its first
        // place, with a count of the others: a page that repeats a word a thousand times
        // needs one fix, not a thousand warnings (each would carry a copy of its line).
        let mut found = Found::default();
        // The title and summary cite nothing: a claim there is excused by `sources:` alone.
        // The title, summary and headings cite nothing: a claim there is excused by
        // `sources:` alone. A heading's finding is at its line (its text is the parser's,
        // not as written).
        let heading_span =
            |start: usize| Span::at(&e.path, &e.text, e.body_start + start, e.text.len());
        let places = [("title", &e.title, None), ("summary", &e.summary, None)]
            .into_iter()
            .chain(e.scan.headings.iter().map(|h| ("", &h.text, Some(h.start))));
        for (field, text, heading) in places {
            let span_of = |range: std::ops::Range<usize>| match heading {
                Some(start) => heading_span(start),
                None => value_span(e, field, range),
            };
            let mut never_at = Vec::new();
            if patient {
                for (phrase, range) in self.never.find(text) {
                    never_at.push(range.clone());
                    let quoted = sentence_around(text, range.start);
                    let span = span_of(range.clone());
                    found.add((NEVER_LIST, phrase), || {
                        self.never_finding(span, phrase, &text[range], &quoted)
                    });
                }
            }
            if patient && e.meta.sources.is_empty() {
                for (phrase, range) in self.claims.find(text) {
                    if never_at.iter().any(|n| overlaps(n, &range)) {
                        continue;
                    }
                    let quoted = sentence_around(text, range.start);
                    let span = span_of(range.clone());
                    found.add((CLAIMS, phrase), || {
                        claim_finding(span, &text[range], &quoted, TITLE_HELP)
                    });
                }
            }
            if technique {
                for (phrase, range) in self.technique_claims.find(text) {
                    let quoted = sentence_around(text, range.start);
                    let span = span_of(range.clone());
                    found.add((TECHNIQUE, phrase), || {
                        claim_finding(span, &text[range], &quoted, TECHNIQUE_HELP)
                    });
                }
            }
        }
        for (key, finding, count) in self.in_prose(e, patient, technique) {
            found.add_counted(key, || finding, count);
        }
        super::counted(found.0)
    }

    /// The claims of `e`'s prose, sentence by sentence: a claim word unless its sentence
    /// cites a source, a `never` claim whatever it cites, "diagnose" on a technique.
    fn in_prose(&self, e: &Entry, patient: bool, technique: bool) -> Vec<(Key, Diagnostic, usize)> {
        let prose = &e.scan.prose;
        let sentences = sentence_spans(prose);
        let cited = cited_sentences(e, &sentences);
        let sentence_of = |at: usize| {
            let i = sentences
                .partition_point(|s| s.start <= at)
                .checked_sub(1)?;
            (at < sentences[i].end).then_some(i)
        };
        // Each claim: its list and phrase, its words in the prose, its sentence.
        let mut pending: Vec<(Key, std::ops::Range<usize>, Option<usize>)> = Vec::new();
        let mut never_at = Vec::new();
        if patient {
            for (phrase, range) in self.never.find(prose) {
                never_at.push(range.clone());
                pending.push((
                    (NEVER_LIST, phrase),
                    range.clone(),
                    sentence_of(range.start),
                ));
            }
            for (phrase, range) in self.claims.find(prose) {
                let sentence = sentence_of(range.start);
                let is_cited = sentence.is_some_and(|i| cited[i]);
                if is_cited || never_at.iter().any(|n| overlaps(n, &range)) {
                    continue;
                }
                pending.push(((CLAIMS, phrase), range, sentence));
            }
        }
        if technique {
            for (phrase, range) in self.technique_claims.find(prose) {
                let sentence = sentence_of(range.start);
                pending.push(((TECHNIQUE, phrase), range, sentence));
            }
        }
        // Each claim's first place, and how many more; placed from one parse of the body.
        let mut first: Vec<(Key, std::ops::Range<usize>, Option<usize>, usize)> = Vec::new();
        for (key, range, sentence) in pending {
            match first.iter_mut().find(|f| f.0 == key) {
                Some(f) => f.3 += 1,
                None => first.push((key, range, sentence, 1)),
            }
        }
        let ats: Vec<usize> = first.iter().map(|f| f.1.start).collect();
        let places = crate::markdown::prose_origins(e.body(), &ats);
        let mut out = Vec::new();
        for ((key, range, sentence, count), at) in first.into_iter().zip(places) {
            let Some(at) = at else { continue };
            let written = &prose[range.clone()];
            let span = super::word_span(e, at, written);
            let quoted = match sentence {
                Some(i) => super::sentences::quote(&prose[sentences[i].clone()]),
                None => sentence_around(prose, range.start),
            };
            let finding = match key.0 {
                NEVER_LIST => self.never_finding(span, key.1, written, &quoted),
                CLAIMS => claim_finding(span, written, &quoted, BODY_HELP),
                _ => claim_finding(span, written, &quoted, TECHNIQUE_HELP),
            };
            out.push((key, finding, count));
        }
        out
    }

    fn never_finding(&self, span: Span, phrase: usize, written: &str, quoted: &str) -> Diagnostic {
        let word = one_line(written);
        let help = match self.why[self.never.entry_of[phrase]] {
            Some(why) => format!("{why}. No source makes this right on a patient page: leave it out, and say what the clinic can stand behind (\"many people find massage relaxing\")"),
            None => "your site.yaml lists this under `checks.never_claims`: no source makes it right on a patient page; leave it out, and say what the clinic can stand behind".to_string(),
        };
        Diagnostic::warning(
            span,
            format!("\"{word}\" is a claim no source can support on a patient page: \"{quoted}\""),
        )
        .with_code("never-claim")
        .with_help(help)
    }
}

/// Which list a claim is of, and which of its phrases.
type Key = (usize, usize);
const CLAIMS: usize = 0;
const TECHNIQUE: usize = 1;
const NEVER_LIST: usize = 2;

const BODY_HELP: &str = "cite the source in this sentence: a footnote after it (`…for many people.[^nhs]`, with `[^nhs]: NHS: Massage (2024)` at the end of the page, or `- nhs: …` under `sources:`) or a link to it; or reword it as what the clinic can stand behind (\"may help\", \"many people find\")";
const TITLE_HELP: &str = "reword it as what the clinic can stand behind (\"may help\", \"many people find\"), or add the source under `sources:`";
const TECHNIQUE_HELP: &str = "a massage therapist cannot diagnose: reword it (\"may help with\", \"see your doctor to find the cause\")";

/// Findings in the order first found, each with how many times (see [`super::counted`]).
#[derive(Default)]
struct Found(Vec<(Key, Diagnostic, usize)>);

impl Found {
    fn add(&mut self, key: Key, finding: impl FnOnce() -> Diagnostic) {
        self.add_counted(key, finding, 1);
    }

    fn add_counted(&mut self, key: Key, finding: impl FnOnce() -> Diagnostic, n: usize) {
        match self.0.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, count)) => *count += n,
            None => self.0.push((key, finding(), n)),
        }
    }
}

fn claim_finding(span: Span, written: &str, quoted: &str, help: &str) -> Diagnostic {
    let word = one_line(written).to_lowercase();
    Diagnostic::warning(span, format!("claim \"{word}\" in: \"{quoted}\""))
        .with_code("claim")
        .with_help(help)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Which of `sentences` (of `e`'s prose) cite a source: hold, or are followed before the
/// next sentence by, a footnote reference the page resolves (its own footnote, or a
/// `sources:` entry by key) or a link to an outside address.
fn cited_sentences(e: &Entry, sentences: &[std::ops::Range<usize>]) -> Vec<bool> {
    let citations = &e.scan.citations;
    let keyed = |label: &str| super::footnotes::keyed_source(e, label);
    let places = citations
        .footnote_refs
        .iter()
        .filter(|r| r.defined || keyed(&r.label))
        .map(|r| r.prose_at)
        .chain(citations.outside_links.iter().copied());
    let mut cited = vec![false; sentences.len()];
    for at in places {
        // The last sentence that starts at or before it.
        if let Some(i) = sentences.partition_point(|s| s.start <= at).checked_sub(1) {
            cited[i] = true;
        }
    }
    cited
}

/// The sentence of `text` around byte `at`, on one line, trimmed.
fn sentence_around(text: &str, at: usize) -> String {
    let start = text[..at].rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(['.', '!', '?', '\n'])
        .map_or(text.len(), |i| at + i + 1);
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&str]) -> WordList {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        WordList::new("en-GB", &words).unwrap()
    }

    /// The words found in `text`, as written.
    fn found<'t>(list: &WordList, text: &'t str) -> Vec<&'t str> {
        list.find(text).into_iter().map(|(_, r)| &text[r]).collect()
    }

    /// carebook's list of the language `tag`: claims, technique claims, never claims.
    fn shipped_lists(tag: &str) -> [WordList; 3] {
        let lists = shipped(tag).unwrap();
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let never: Vec<&str> = lists.never_claims.iter().map(|(p, _)| *p).collect();
        [&lists.claims, &lists.technique_claims, &never]
            .map(|words| WordList::new(tag, &owned(words)).unwrap())
    }

    #[test]
    fn claim_words_match_their_other_forms_only() {
        let [claims, diagnose, _] = shipped_lists("en");
        let treats = list(&["treats"]);
        // (list, word, is it a claim?)
        let table: &[(&WordList, &str, bool)] = &[
            (&claims, "cure", true),
            (&claims, "cures", true),
            (&claims, "Cured", true),
            (&claims, "curing", true),
            (&claims, "detox", true),
            (&claims, "detoxes", true),
            (&claims, "detoxify", true),
            (&claims, "detoxifies", true),
            (&claims, "detoxified", true),
            (&claims, "guarantees", true),
            (&claims, "guaranteeing", true),
            (&claims, "miracles", true),
            (&claims, "removed toxins", true),
            (&claims, "removing  **toxins**", true),
            (&claims, "flushes out toxins", false),
            (&claims, "100% safe", true),
            (&claims, "100 safe", false),
            (&claims, "curious", false),
            (&claims, "curtains", false),
            (&claims, "secure", false),
            (&claims, "procure", false),
            (&claims, "curate", false),
            (&claims, "toxins", false),
            (&claims, "removes", false),
            (&treats, "treat", true),
            (&treats, "treated", true),
            (&treats, "treating", true),
            (&treats, "Treats", true),
            (&treats, "treatment", false),
            (&treats, "treatments", false),
            (&treats, "treaty", false),
            (&treats, "retreat", false),
            (&diagnose, "diagnosed", true),
            (&diagnose, "diagnosing", true),
            (&diagnose, "diagnosis", false),
            (&diagnose, "not-a-diagnosis", false),
        ];
        for (list, word, claim) in table {
            let text = format!("Massage {word} it.");
            assert_eq!(
                !found(list, &text).is_empty(),
                *claim,
                "{word:?} should {}be a claim",
                if *claim { "" } else { "not " }
            );
        }
    }

    #[test]
    fn claims_are_found_at_their_words() {
        let claims = list(&["cure", "removes toxins"]);
        let text = "It cures aches. Secure. It removed\ntoxins, and CURED me.";
        assert_eq!(found(&claims, text), ["cures", "removed\ntoxins", "CURED"]);
    }

    #[test]
    fn without_a_stemmer_words_match_as_written() {
        let words: Vec<String> = vec!["heilt".into()];
        let list = WordList::new("xx", &words).unwrap();
        assert_eq!(found(&list, "Massage heilt. Es heilte."), ["heilt"]);
    }

    #[test]
    fn every_shipped_list_is_well_formed_and_finds_each_of_its_entries() {
        for (code, file) in SHIPPED {
            let lists = read_shipped(file);
            // Every line is a note, a heading of the three or an entry under one.
            let lines = file
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'));
            let headings = lines
                .clone()
                .filter(|l| l.starts_with('['))
                .collect::<Vec<_>>();
            assert_eq!(
                headings,
                ["[claims]", "[technique_claims]", "[never_claims]"],
                "{code}"
            );
            let entries =
                lists.claims.len() + lists.technique_claims.len() + lists.never_claims.len();
            assert_eq!(
                entries + 3,
                lines.count(),
                "{code}: a line outside the lists"
            );
            assert!(
                lists.claims.len() > 8 && lists.never_claims.len() > 10,
                "{code}"
            );
            for (phrase, why) in &lists.never_claims {
                assert!(why.len() > 20 && why.is_ascii(), "{code}: {phrase}: {why}");
            }
            let [claims, technique, never] = shipped_lists(code);
            let all = [
                (&claims, lists.claims.clone()),
                (&technique, lists.technique_claims.clone()),
                (&never, lists.never_claims.iter().map(|(p, _)| *p).collect()),
            ];
            for (list, entries) in all {
                for entry in entries {
                    assert_eq!(entry, entry.to_lowercase(), "{code}");
                    let text = format!("X {entry} y.");
                    // (A phrase is its words and what stands between them: "آمن 100%"
                    // is found as "آمن 100".)
                    let words = entry.trim_end_matches(|c: char| !c.is_alphanumeric());
                    assert_eq!(found(list, &text), [words], "{code}: {text}");
                    let capital = format!("{}.", capitalised(entry));
                    assert_eq!(found(list, &capital).len(), 1, "{code}: {capital}");
                }
            }
        }
    }

    fn capitalised(text: &str) -> String {
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// Each language's lists find the forms a page writes, and not words that only
    /// begin the same way or share a stem with a word a page may rightly use.
    #[test]
    fn each_language_finds_its_claims_in_their_forms_only() {
        // (language, list: 0 claims, 1 technique, 2 never; text; is it found?)
        let table: &[(&str, usize, &str, bool)] = &[
            ("es", 0, "El masaje cura la ansiedad.", true),
            ("es", 0, "Curamos el dolor.", true),
            ("es", 0, "Resultados garantizados.", true),
            ("es", 0, "Un aceite milagroso.", true),
            ("es", 0, "Es 100 % seguro.", true),
            ("es", 0, "Es 100% seguro.", true),
            ("es", 0, "Es curioso.", false),
            ("es", 0, "Es seguro para casi todos.", false),
            ("es", 0, "Procure descansar.", false),
            ("es", 1, "Podemos diagnosticar la causa.", true),
            ("es", 1, "No sustituye el diagnóstico de su médico.", false),
            ("es", 2, "El masaje elimina las toxinas.", true),
            ("es", 2, "Refuerza las defensas.", true),
            ("fr", 0, "Le massage guérit le stress.", true),
            ("fr", 0, "Résultat garanti.", true),
            ("fr", 0, "C'est 100\u{a0}% sûr.", true),
            ("fr", 1, "Nous diagnostiquons la cause.", true),
            ("fr", 1, "Le thérapeute diagnostique la cause.", true),
            ("fr", 1, "Le massage ne remplace pas un diagnostic.", false),
            ("de", 0, "Massage heilt Rückenschmerzen.", true),
            ("de", 0, "Nur auf heiler Haut massieren.", false),
            ("de", 0, "Nicht über offenen Wunden massieren.", false),
            ("de", 0, "Die Entgiftung beginnt.", true),
            ("de", 1, "Wir diagnostizieren die Ursache.", true),
            ("de", 1, "Eine Massage ersetzt keine Diagnose.", false),
            ("de", 2, "Massage stärkt das Immunsystem.", true),
            ("pt", 0, "A massagem cura a dor.", true),
            ("pt", 0, "Resultados garantidos.", true),
            ("pt", 1, "O terapeuta diagnostica a causa.", true),
            ("pt", 1, "Não substitui o diagnóstico do seu médico.", false),
            ("pt", 2, "Sem efeitos secundários.", true),
            ("pl", 0, "Masaż wyleczy ból pleców.", true),
            ("pl", 0, "Gwarantujemy efekt.", true),
            ("pl", 0, "To jest 100% bezpieczne.", true),
            ("pl", 0, "Leczenie trwa tydzień.", false),
            ("pl", 1, "Terapeuta nie diagnozuje chorób.", true),
            ("pl", 1, "Diagnoza należy do lekarza.", false),
            ("pl", 2, "Masaż wzmacnia odporność.", true),
            ("ar", 0, "التدليك يشفي الألم.", true),
            ("ar", 0, "هذه معجزة حقيقية.", true),
            ("ar", 0, "ننتظر المعجزة.", true),
            ("ar", 1, "لا يشخص المعالج المرض.", true),
            ("ar", 1, "التشخيص عند الطبيب.", false),
            ("ar", 2, "التدليك يزيل السموم من الجسم.", true),
        ];
        for (code, which, text, claim) in table {
            let lists = shipped_lists(code);
            assert_eq!(
                !found(&lists[*which], text).is_empty(),
                *claim,
                "{code}: {text:?} should {}be found",
                if *claim { "" } else { "not " }
            );
        }
    }

    fn site_with(settings: &str) -> Site {
        let config = crate::config::parse(settings, std::path::Path::new("site.yaml")).unwrap();
        crate::graph::resolve(crate::content::load_sources(config, &[], false))
    }

    #[test]
    fn a_language_has_claim_words_when_carebook_or_the_site_gives_it_some() {
        let languages = "title: T\nlanguage: es-MX\nlanguages: {it: {name: Italiano}, pl: {}}\n";
        let site = site_with(languages);
        // Spanish (carebook's list for `es`), Italian (none), Polish.
        assert!(has_claim_words(&site, 0));
        assert!(!has_claim_words(&site, 1));
        assert!(has_claim_words(&site, 2));
        let site = site_with(&format!(
            "{languages}checks:\n  claims: {{it: [guarisce]}}\n"
        ));
        assert!(has_claim_words(&site, 1));
        // Empty lists: none.
        let site = site_with(&format!(
            "{languages}checks:\n  claims: {{it: [\"\"]}}\n  technique_claims: {{it: []}}\n"
        ));
        assert!(!has_claim_words(&site, 1));
    }

    #[test]
    fn a_regional_tag_reads_its_language_s_list() {
        assert_eq!(
            shipped("es-MX").unwrap().claims,
            shipped("es").unwrap().claims
        );
        assert!(shipped("pt-BR").is_some() && shipped("en-GB").is_some());
        assert!(shipped("it").is_none());
    }

    #[test]
    fn the_never_list_finds_its_phrases_in_other_forms() {
        let [_, _, list] = shipped_lists("en-GB");
        assert_eq!(
            found(
                &list,
                "It removed toxins, boosted the immune system and detoxifies."
            ),
            ["removed toxins", "boosted the immune system", "detoxifies"]
        );
    }

    #[test]
    fn sentences_around_a_claim() {
        let text = "It is secure. Massage cures aches! Curse it.";
        let at = text.find("cures").unwrap();
        assert_eq!(sentence_around(text, at), "Massage cures aches!");
    }
}
