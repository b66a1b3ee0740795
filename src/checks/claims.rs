//! Claims: wording a patient page should not use without a source ("cures",
//! "guaranteed", "detox", "removes toxins"), and "diagnose" on a technique page.
//!
//! A claim word matches its other forms: the words of a page and of the lists are
//! compared by their stems (Snowball, in the site's language: "cure", "cures", "cured"
//! and "curing" are one word, "detoxify" and "detoxifies" too), while words that only
//! begin the same way are not ("treat" and "treatment", "cure" and "curious"). A phrase
//! ("removes toxins") matches when its words follow each other with only spaces (or the
//! phrase's own punctuation, "100% safe") between them. In a language without a stemmer
//! the words are matched as written.

use aho_corasick::{AhoCorasick, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};

use super::readability::sentence_spans;
use super::value_span;
use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::Audience;
use crate::graph::Site;

/// The claim word lists compiled (claims, technique claims), matched in one pass over a
/// page (aho-corasick: the lists are configurable and a site has thousands of pages).
/// Compiled once per site.
pub(super) struct Claims {
    claims: WordList,
    technique_claims: WordList,
    /// The `never` claims: the site's, then carebook's ([`NEVER`]).
    never: WordList,
    /// Why entry `i` of the `never` list cannot stand (`None`: the site's own).
    why: Vec<Option<&'static str>>,
}

/// The `never` claims carebook ships.
const NEVER: &str = include_str!("claims/never.txt");

/// The stemmer of the site's language (its primary subtag: `en-GB` is English).
fn stemmer(language: &str) -> Option<Stemmer> {
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    let algorithm = match primary.as_str() {
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
            // "cure", "cures" and "cured" in a list are one claim.
            let phrase = Phrase { stems, gaps };
            if phrases
                .iter()
                .any(|p: &Phrase| p.stems == phrase.stems && p.gaps == phrase.gaps)
            {
                continue;
            }
            let index = phrases.len();
            let mut capital = prefix.chars();
            let capitalised: String = capital
                .next()
                .map(|c| c.to_uppercase().chain(capital).collect())
                .unwrap_or_default();
            for pattern in [prefix.clone(), capitalised] {
                patterns.push(pattern);
                starts_of.push(index);
            }
            phrases.push(phrase);
            entry_of.push(entry_index);
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

/// carebook's list of `never` claims ([`NEVER`]): (phrase, why), in order.
fn shipped_never() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::data_lines(NEVER)
}

impl Claims {
    pub(super) fn new(site: &Site) -> Option<Claims> {
        let checks = &site.config.checks;
        let language = site.config.language();
        let mut never = Vec::new();
        let mut why = Vec::new();
        for phrase in &checks.never_claims {
            never.push(phrase.clone());
            why.push(None);
        }
        for (phrase, reason) in shipped_never() {
            never.push(phrase.to_string());
            why.push(Some(reason));
        }
        Some(Claims {
            claims: WordList::new(language, &checks.claims)?,
            technique_claims: WordList::new(language, &checks.technique_claims)?,
            never: WordList::new(language, &never)?,
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

    #[test]
    fn claim_words_match_their_other_forms_only() {
        let defaults = crate::config::Checks::default();
        let claims = WordList::new("en", &defaults.claims).unwrap();
        let treats = list(&["treats"]);
        let diagnose = WordList::new("en", &defaults.technique_claims).unwrap();
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
    fn the_never_list_is_well_formed_and_finds_its_phrases_in_other_forms() {
        let never: Vec<(&str, &str)> = shipped_never().collect();
        assert!(never.len() > 10);
        for (phrase, why) in &never {
            assert_eq!(*phrase, phrase.to_lowercase());
            assert!(why.len() > 20, "{phrase}: {why}");
        }
        let phrases: Vec<String> = never.iter().map(|(p, _)| p.to_string()).collect();
        let list = WordList::new("en-GB", &phrases).unwrap();
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
