//! Plain words: a word with a plainer alternative on a page for an audience that needs it
//! (`plain-words`: "analgesia" -> "pain relief", "commence" -> "start"), at the word.
//!
//! The list carebook ships is the data file `plain_words/words.txt` (written by the team,
//! one `word -> plainer words` a line); `checks.plain_words` in site.yaml adds words
//! (`add:`), lets a site's readers have some (`allow:`) and chooses the audiences checked
//! (`audiences:`, patient pages by default: a clinician page may say "analgesia"). Words
//! match their other forms as claim words do ([`super::claims`]: "commence" finds
//! "commencing"). The words read are the page's prose — paragraphs, list items, quotes,
//! link text; not headings, code or addresses — at the place where the parser found each
//! ([`markdown::prose_origin`]). One finding per word and page, with a count of the rest.

use super::claims::WordList;
use crate::content::Entry;
use crate::diagnostic::Diagnostic;
use crate::graph::Site;
use crate::markdown;

/// The list carebook ships.
const SHIPPED: &str = include_str!("plain_words/words.txt");

/// The words of a site's list, with what to write instead, compiled once per site.
pub(super) struct PlainWords {
    list: WordList,
    /// What to write instead of entry `i` of the list.
    instead: Vec<String>,
}

/// The shipped list's entries: (word, plainer), in order; notes and blank lines left out.
fn shipped() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::data_lines(SHIPPED)
}

impl PlainWords {
    /// The site's list: carebook's, less `allow:`, and `add:`. `None` when it is empty.
    pub(super) fn new(site: &Site) -> Option<PlainWords> {
        let settings = &site.config.checks.plain_words;
        let allowed = |word: &str| {
            settings
                .allow
                .iter()
                .any(|a| a.trim().eq_ignore_ascii_case(word))
        };
        let mut words = Vec::new();
        let mut instead = Vec::new();
        let added = settings.add.iter().map(|(w, p)| (w.as_str(), p.as_str()));
        let shipped = shipped().map(|(w, p): (&str, &str)| (w, p));
        for (word, plainer) in added.chain(shipped) {
            if !allowed(word) && !word.trim().is_empty() {
                words.push(word.to_string());
                instead.push(plainer.to_string());
            }
        }
        if words.is_empty() {
            return None;
        }
        Some(PlainWords {
            list: WordList::new(site.config.language(), &words)?,
            instead,
        })
    }

    /// The plain-words findings about entry `e`, if its audience is checked.
    pub(super) fn of(&self, site: &Site, e: &Entry) -> Vec<Diagnostic> {
        if !site
            .config
            .checks
            .plain_words
            .audiences
            .contains(&e.meta.audience)
        {
            return Vec::new();
        }
        let prose = &e.scan.prose;
        // Each word's first place in the prose and how often it is there.
        let mut first: Vec<(usize, std::ops::Range<usize>, usize)> = Vec::new();
        for (phrase, range) in self.list.find(prose) {
            match first.iter_mut().find(|(p, _, _)| *p == phrase) {
                Some((_, _, count)) => *count += 1,
                None => first.push((phrase, range, 1)),
            }
        }
        // Placed in the file from one parse of the body.
        let ats: Vec<usize> = first.iter().map(|(_, r, _)| r.start).collect();
        let places = markdown::prose_origins(e.body(), &ats);
        let mut found: Vec<(usize, Diagnostic, usize)> = Vec::new();
        for ((phrase, range, count), at) in first.into_iter().zip(places) {
            let Some(at) = at else {
                continue;
            };
            let written = &prose[range];
            let span = super::word_span(e, at, written);
            let plainer = &self.instead[self.list.entry_of[phrase]];
            let word = written.split_whitespace().collect::<Vec<_>>().join(" ");
            found.push((
                phrase,
                Diagnostic::warning(span, format!("\"{word}\" has a plainer word: {plainer}"))
                    .with_code("plain-words")
                    .with_help(format!(
                        "write \"{plainer}\" (or say what it means); if your readers know the word, add it to `checks.plain_words.allow` in site.yaml"
                    )),
                count,
            ));
        }
        super::counted(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_is_well_formed() {
        let lines = SHIPPED
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        for line in lines {
            let (word, plainer) = line.split_once(" -> ").unwrap_or_else(|| panic!("{line}"));
            assert_eq!(word, word.to_lowercase(), "{line}");
            assert!(!plainer.trim().is_empty(), "{line}");
        }
        assert!(shipped().count() > 40);
        assert!(shipped().any(|(w, p)| w == "analgesia" && p == "pain relief"));
    }
}
