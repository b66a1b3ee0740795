//! Check stage: content checks over a resolved [`Site`] — what no other site generator
//! looks at: reviews coming due, pages over their readers' heads, claims a clinic cannot
//! stand behind, techniques without a safety note, pages nothing links to, pictures
//! without alt text and pictures no page shows.
//!
//! [`run`] is the one way the checks run. It gives [`Findings`]: warnings, each with a
//! stable `code` (listed in [`CODES`]) and a span in the entry's file, kept per entry for
//! the checks that read one entry alone ([`EntryChecks`]: review date, reading level,
//! hard sentences and long paragraphs, plain words, claims, footnotes, alt text) and apart for those
//! that read how entries link (safety notes, orphans, unused pictures) or the home page. Pure:
//! the date of "today" is passed in, so results do not depend on the clock. Needs: the
//! resolve stage ([`crate::graph::resolve`]) without errors.

mod claims;
mod footnotes;
mod images;
mod plain_words;
pub mod readability;
mod reading;
mod review;
mod sentences;
mod structure;
mod translations;

use jiff::civil::Date;

use crate::content::Entry;
use crate::diagnostic::{Diagnostic, Span};
use crate::graph::Site;

pub use claims::has_claim_words;
pub use reading::{PageReading, Unmeasured, report as reading_report, unmeasured_languages};
pub use review::{Due, due_list};
pub use translations::{Status, TranslationRow, status_table};

/// Every finding code `check` can report, with what it means (documented in the README).
pub const CODES: &[(&str, &str)] = &[
    (
        "review-overdue",
        "the entry's review date plus its interval is before today",
    ),
    (
        "review-due-soon",
        "the entry falls due for review within `checks.due_within_days`",
    ),
    (
        "review-missing",
        "a patient-facing entry has no `reviewed` date",
    ),
    ("review-in-future", "the `reviewed` date is after today"),
    (
        "reading-level",
        "the Flesch–Kincaid grade is above the audience's target",
    ),
    (
        "hard-sentence",
        "a sentence longer than `checks.sentence_words`, or of 10 words or more graded 6 above the audience's target on its own",
    ),
    (
        "long-paragraph",
        "a paragraph or list item longer than `checks.paragraph_words`",
    ),
    (
        "plain-words",
        "a word with a plainer alternative, on a page for an audience in `checks.plain_words.audiences`",
    ),
    (
        "claim",
        "wording a patient page should not use unless its sentence cites a source",
    ),
    (
        "never-claim",
        "a claim no source makes acceptable on a patient page (\"removes toxins\", \"cures cancer\")",
    ),
    (
        "footnote-missing",
        "a footnote reference names no footnote of the page and no key of its `sources:`",
    ),
    (
        "footnote-unused",
        "a footnote that no sentence of the page cites",
    ),
    ("no-safety-note", "a technique lists no safety note"),
    (
        "orphan",
        "no other page shows a link to this entry (computed inverse lists count)",
    ),
    (
        "translation-outdated",
        "the source was reviewed again after the version the translation was made from (`translated_from`)",
    ),
    (
        "translation-missing",
        "a translated handout has a chapter that is not translated, so it prints it in the chapter's language",
    ),
    (
        "translation-missing-date",
        "a translation has no `translated_from` date",
    ),
    (
        "image-alt",
        "an image has no alt text, or one that describes nothing (a file name, \"image of…\")",
    ),
    (
        "image-unused",
        "a picture beside the pages is shown by none, so it is not published",
    ),
    // Found while resolving links (the resolve stage), reported with the checks' codes.
    (
        "draft-link",
        "a link or reference names a draft, so it is left out of the published site",
    ),
    (
        "alias-conflict",
        "an alias is also another entry's alias or slug",
    ),
];

/// What the content checks found: each entry's own findings (by entry id) and the site's.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Entry `id`'s findings (review date, reading level, claims) at index `id`: they
    /// depend on that entry alone, so an edit to one entry's body changes only its own.
    pub per_entry: Vec<Vec<Diagnostic>>,
    /// The findings about the site as a whole (safety notes, orphans), which depend on how
    /// entries link, not on their text.
    pub site_wide: Vec<Diagnostic>,
}

impl Findings {
    /// Every finding, unsorted.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.site_wide.iter().chain(self.per_entry.iter().flatten())
    }
}

/// Runs every content check. `reuse` may give an entry's findings from an earlier run
/// (`serve`: its text and kind are unchanged); the others are checked here, in parallel.
/// This is the one way the checks run: `build`, `check` and `serve` all come here.
pub fn run(
    site: &Site,
    today: Date,
    reuse: &(dyn Fn(crate::graph::EntryId) -> Option<Vec<Diagnostic>> + Sync),
) -> Findings {
    use rayon::prelude::*;
    let checks = EntryChecks::new(site, today);
    let per_entry = (0..site.entries.len())
        .into_par_iter()
        .map(|id| reuse(id).unwrap_or_else(|| checks.of(id)))
        .collect();
    let mut site_wide = structure::check(site);
    site_wide.extend(translations::check(site));
    let translated_homes = site.home_translations.iter().map(|t| &t.home);
    for home in site.home.iter().chain(translated_homes) {
        site_wide.extend(images::alt_text(
            &home.path,
            &home.text,
            home.body_start,
            &home.scan,
        ));
    }
    site_wide.extend(images::unused(site));
    Findings {
        per_entry,
        site_wide,
    }
}

/// The span of an entry's front-matter setting `key:`, from its key to the end of its
/// value (on the key's line), where the YAML parser found it when the entry was loaded
/// (never a search of the text, which would find the word in another value); the opening
/// `---` when it is not written.
fn field_span(entry: &Entry, key: &str) -> Span {
    match setting(entry, key) {
        Some(s) => Span::at(&entry.path, &entry.text, s.start, s.end - s.start),
        None => Span::at(&entry.path, &entry.text, 0, 3),
    }
}

/// The span of bytes `range` of the value of `key:` (the title, the summary): exactly
/// there when the value is written as it reads (one line, no escapes), else the setting
/// as [`field_span`] gives it.
fn value_span(entry: &Entry, key: &str, range: std::ops::Range<usize>) -> Span {
    match setting(entry, key).and_then(|s| s.text) {
        Some(text) => Span::at(&entry.path, &entry.text, text + range.start, range.len()),
        None => field_span(entry, key),
    }
}

/// The entries of a data file of the checks (`plain_words/words.txt`): one
/// `words -> text` a line, in order; notes (`#`) and blank lines left out.
fn data_lines(file: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once("->"))
        .map(|(words, text)| (words.trim(), text.trim()))
}

/// The span of a word or phrase of an entry's prose, found by the parser at byte `at` of
/// its body: exactly the words where they are written as they read (on one line), else
/// from their start to the end of that line.
fn word_span(entry: &Entry, at: usize, written: &str) -> Span {
    let width = if entry.body()[at..].starts_with(written) {
        written.len()
    } else {
        entry.text.len()
    };
    Span::at(&entry.path, &entry.text, entry.body_start + at, width)
}

/// Findings made once per word and page, each with how many times it was found: the
/// message of one found more than once says how many more there are. A page that repeats
/// a word a thousand times needs one fix, not a thousand warnings.
fn counted<K>(found: Vec<(K, Diagnostic, usize)>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .map(|(_, mut finding, count)| {
            if count > 1 {
                finding
                    .message
                    .push_str(&format!(" (and {} more on this page)", count - 1));
            }
            finding
        })
        .collect()
}

fn setting<'e>(entry: &'e Entry, key: &str) -> Option<&'e crate::frontmatter::Setting> {
    entry.meta.settings.iter().find(|s| s.key == key)
}

/// The checks of one entry at a time (its review date, reading level and claims), set up
/// once per site: what [`run`] runs for each entry, and what `serve` runs again for an
/// entry whose body alone was edited.
pub struct EntryChecks<'s> {
    site: &'s Site,
    today: Date,
    claims: claims::Claims,
    plain_words: Option<plain_words::PlainWords>,
}

impl<'s> EntryChecks<'s> {
    pub fn new(site: &'s Site, today: Date) -> Self {
        EntryChecks {
            site,
            today,
            claims: claims::Claims::new(site),
            plain_words: plain_words::PlainWords::new(site),
        }
    }

    /// The findings about entry `id` alone.
    pub fn of(&self, id: crate::graph::EntryId) -> Vec<Diagnostic> {
        let e = &self.site.entries[id];
        let mut findings = review::entry(self.site, id, self.today);
        findings.extend(images::alt_text(&e.path, &e.text, e.body_start, &e.scan));
        findings.extend(footnotes::entry(e));
        // The reading level is scored in the page's language's formula, where carebook has
        // one; the sentence limits and word lists are English, so only English pages get
        // them (see the README), and `check` says which languages were not measured.
        findings.extend(reading::entry(self.site, e));
        // Claims are checked in the page's own language, whatever it is: its lists and
        // stemmer ([`has_claim_words`]). Listed after the reading findings.
        let claims = self.claims.of(self.site, e);
        if !reading::in_english(self.site, id) {
            findings.extend(claims);
            return findings;
        }
        findings.extend(sentences::entry(self.site, e));
        if let Some(plain_words) = &self.plain_words {
            findings.extend(plain_words.of(self.site, e));
        }
        findings.extend(claims);
        findings
    }
}
