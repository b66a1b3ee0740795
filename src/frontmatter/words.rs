//! The values a front-matter (or site.yaml) setting takes as one of a few words:
//! `audience`, `severity`, `page_break` (and site.yaml's `paper`), read in any case.
//!
//! Guarantees: a word is one of its type's words, compared ignoring ASCII case and the
//! spaces around it; any other word is serde's "unknown variant" error listing the words,
//! which [`super::yaml_error`] puts in plain words with the nearest as a hint. Pure.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Who an entry is written for; decides the reading-level target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Patient,
    Trainee,
    Clinician,
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use Audience::*;
        word(
            d,
            &[
                ("patient", Patient),
                ("trainee", Trainee),
                ("clinician", Clinician),
            ],
        )
    }
}

/// Where a printed handout starts new pages (`page_break:`): by default its chapters flow
/// on one after another; `chapters` starts every chapter on a new page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageBreak {
    #[default]
    None,
    Chapters,
}

impl<'de> Deserialize<'de> for PageBreak {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        word(
            d,
            &[("none", PageBreak::None), ("chapters", PageBreak::Chapters)],
        )
    }
}

/// How serious a safety note is; orders callouts (urgent first) and styles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetySeverity {
    Info,
    Caution,
    Warning,
    Urgent,
}

impl<'de> Deserialize<'de> for SafetySeverity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use SafetySeverity::*;
        word(
            d,
            &[
                ("info", Info),
                ("caution", Caution),
                ("warning", Warning),
                ("urgent", Urgent),
            ],
        )
    }
}

/// One of a few words (`audience: patient`), in any case (`A4`, `a4`). Another word is
/// serde's "unknown variant", which [`super::yaml_error()`] puts as "`audience` is `patient`,
/// `trainee` or `clinician`" with the nearest word as a hint.
pub fn word<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    words: &'static [(&'static str, T)],
) -> Result<T, D::Error> {
    struct V<T: 'static>(&'static [(&'static str, T)]);
    impl<T: Copy> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let names: Vec<String> = self.0.iter().map(|(w, _)| w.to_string()).collect();
            f.write_str(&one_of(&names))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            match self
                .0
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(s.trim()))
            {
                Some((_, value)) => Ok(*value),
                None => {
                    // In the shape of serde's own message for an enum.
                    let names: Vec<String> = self.0.iter().map(|(w, _)| format!("`{w}`")).collect();
                    Err(E::custom(format_args!(
                        "unknown variant `{s}`, expected one of {}",
                        names.join(", ")
                    )))
                }
            }
        }
    }
    d.deserialize_str(V(words))
}

impl SafetySeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            SafetySeverity::Info => "info",
            SafetySeverity::Caution => "caution",
            SafetySeverity::Warning => "warning",
            SafetySeverity::Urgent => "urgent",
        }
    }
}

/// `a`, `b` or `c`.
pub(super) fn one_of(words: &[String]) -> String {
    let ticked: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match ticked.split_last() {
        None => "nothing".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
