//! Which languages the reading checks measure, with which formula, and each audience's
//! target in that formula: `reading_target:` of a language in `languages:`.
//!
//! A language is measured when the Python package textstat 0.7.13 has formulas of its own
//! for it (its `LANG_CONFIGS`): English, German, Spanish, French, Italian, Dutch and
//! Russian. Any other language gets no reading figure at all, never another language's.
//! Each measured language is graded with one figure: its own formula where textstat has
//! one (Fernández Huerta, Wiener Sachtextformel, Gulpease), else Flesch Reading Ease with
//! the language's constants. English is graded by Flesch–Kincaid grade against
//! `checks.reading_grade`, as before languages existed.
//!
//! Guarantees: [`ReadingLanguage::of`] is the one place that decides whether a language
//! tag is measured. Pure; needs nothing before it.

use serde::Deserialize;

/// A language the reading checks measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadingLanguage {
    English,
    German,
    Spanish,
    French,
    Italian,
    Dutch,
    Russian,
}

/// Which way a formula's figure runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A grade: a higher figure is harder to read, and the target is a most.
    Grade,
    /// An ease: a higher figure is easier to read, and the target is a least.
    Ease,
}

impl ReadingLanguage {
    pub const ALL: [ReadingLanguage; 7] = [
        ReadingLanguage::English,
        ReadingLanguage::German,
        ReadingLanguage::Spanish,
        ReadingLanguage::French,
        ReadingLanguage::Italian,
        ReadingLanguage::Dutch,
        ReadingLanguage::Russian,
    ];

    /// The measured language of the tag `tag` (`es-MX` -> Spanish), by its primary
    /// language subtag; `None` for a language carebook has no formula for.
    pub fn of(tag: &str) -> Option<ReadingLanguage> {
        let primary = super::language::primary_subtag(tag);
        ReadingLanguage::ALL
            .into_iter()
            .find(|l| primary == l.code())
    }

    /// Its ISO 639-1 code, which is also textstat's (`textstat.set_lang("es")`).
    pub fn code(self) -> &'static str {
        match self {
            ReadingLanguage::English => "en",
            ReadingLanguage::German => "de",
            ReadingLanguage::Spanish => "es",
            ReadingLanguage::French => "fr",
            ReadingLanguage::Italian => "it",
            ReadingLanguage::Dutch => "nl",
            ReadingLanguage::Russian => "ru",
        }
    }

    /// The name of the figure it is graded by, as findings and the report write it.
    pub fn formula(self) -> &'static str {
        match self {
            ReadingLanguage::English => "Flesch–Kincaid grade",
            ReadingLanguage::German => "Wiener Sachtextformel",
            ReadingLanguage::Spanish => "Fernández Huerta reading ease",
            ReadingLanguage::French => "Flesch reading ease (Kandel–Moles)",
            ReadingLanguage::Italian => "Gulpease index",
            ReadingLanguage::Dutch => "Flesch reading ease (Douma)",
            ReadingLanguage::Russian => "Flesch reading ease (Oborneva)",
        }
    }

    /// Which way its figure runs.
    pub fn direction(self) -> Direction {
        match self {
            ReadingLanguage::English | ReadingLanguage::German => Direction::Grade,
            _ => Direction::Ease,
        }
    }

    /// Each audience's target when the site sets none.
    ///
    /// Grades (English, and German's Wiener Sachtextformel, a school year from 4 to 15):
    /// patient 8, trainee 12, clinician 16 (Wiener: 15, its hardest). Eases run from 0
    /// (hardest) to 100: 60 and above is plain text that most adults read easily, 50–60
    /// fairly hard, 30–50 hard (Flesch's bands, which Fernández Huerta, Kandel–Moles,
    /// Douma and Oborneva kept); Gulpease's bands are 80 for a reader with primary
    /// schooling, 60 with lower secondary and 40 with upper secondary.
    pub fn default_targets(self) -> Targets {
        let t = |patient, trainee, clinician| Targets {
            patient,
            trainee,
            clinician,
        };
        match self {
            ReadingLanguage::English => t(8.0, 12.0, 16.0),
            ReadingLanguage::German => t(8.0, 12.0, 15.0),
            ReadingLanguage::Italian => t(60.0, 50.0, 40.0),
            _ => t(60.0, 50.0, 30.0),
        }
    }
}

/// A figure for each audience.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    pub patient: f64,
    pub trainee: f64,
    pub clinician: f64,
}

/// `reading_target:` as a language of `languages:` writes it: any audience may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsDecl {
    pub patient: Option<f64>,
    pub trainee: Option<f64>,
    pub clinician: Option<f64>,
}

impl Targets {
    /// These targets with what `decl` sets instead.
    pub fn with(self, decl: &TargetsDecl) -> Targets {
        Targets {
            patient: decl.patient.unwrap_or(self.patient),
            trainee: decl.trainee.unwrap_or(self.trainee),
            clinician: decl.clinician.unwrap_or(self.clinician),
        }
    }

    /// The target of `audience` (`patient`, `trainee`, `clinician`).
    pub fn of(&self, audience: crate::frontmatter::Audience) -> f64 {
        use crate::frontmatter::Audience;
        match audience {
            Audience::Patient => self.patient,
            Audience::Trainee => self.trainee,
            Audience::Clinician => self.clinician,
        }
    }
}

/// The error about the first figure of `figures` (audience, value as read) that no formula
/// can give (`.nan`, `.inf`, below zero), at its place under `node` (`reading_target:`'s or
/// `reading_grade:`'s value); `example` is a figure of the same scale, to show.
pub(super) fn unusable_figure(
    node: &crate::yaml_tree::Node,
    figures: [(&str, Option<f64>); 3],
    example: f64,
    places: &crate::frontmatter::Places<'_>,
) -> Option<crate::diagnostic::Diagnostic> {
    figures.into_iter().find_map(|(audience, figure)| {
        let n = figure?;
        let (_, at) = node.entry(audience)?;
        (!n.is_finite() || n < 0.0).then(|| {
            crate::diagnostic::Diagnostic::error(
                places.of(at),
                format!("`{audience}` should be a figure of the language's formula, 0 or more, like {example}"),
            )
            .with_help(format!("write the figure with digits, such as `{audience}: {example}`; the README's table gives each language's scale"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_measured_by_its_primary_language() {
        assert_eq!(ReadingLanguage::of("es-MX"), Some(ReadingLanguage::Spanish));
        assert_eq!(ReadingLanguage::of("EN-gb"), Some(ReadingLanguage::English));
        assert_eq!(ReadingLanguage::of("pl"), None);
        assert_eq!(ReadingLanguage::of("ar"), None);
        assert_eq!(ReadingLanguage::of("e"), None);
    }
}
