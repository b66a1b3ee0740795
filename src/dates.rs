//! Dates and numbers as carebook counts and writes them: when a review falls due (whole
//! months after the review, on the same day of the month, or the last day of a shorter
//! month), and a day or a count as a reader of a language sees it ("1 October 2026",
//! "1 de octubre de 2026"; "1,234", "1.234"), written by ICU4X from its compiled CLDR
//! data ([`LocalWriter`]), never from tables of our own. Pure; the floor under the checks
//! (which report due dates, in English: [`human_date`]) and the render stage (which shows
//! them in the page's language).

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale::LanguageIdentifier;
use icu_plurals::{PluralCategory, PluralRules};
use jiff::civil::Date;

/// The day `months` whole months after `date` (31 January + 1 month = 28 February): when a
/// page reviewed on `date` falls due. Capped at 100 years; a date past jiff's range stays
/// `date`.
pub fn months_after(date: Date, months: u32) -> Date {
    let span = jiff::Span::new().months(i64::from(months.min(1200)));
    date.checked_add(span).unwrap_or(date)
}

/// "1 October 2026": a date in carebook's own English (its messages), as
/// [`LocalWriter::date`] writes it for `en`.
pub fn human_date(date: Date) -> String {
    use std::sync::OnceLock;
    static ENGLISH: OnceLock<LocalWriter> = OnceLock::new();
    ENGLISH
        .get_or_init(|| LocalWriter::new(&icu_locale::langid!("en")))
        .date(date)
}

/// Dates, numbers and the plural forms of one language, made once per language.
#[derive(Debug)]
pub struct LocalWriter {
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    numbers: DecimalFormatter,
    plurals: PluralRules,
}

impl LocalWriter {
    /// The writer of `language`; ICU's data falls back to the nearest language it has
    /// (`es-419` to `es`, and to its root data for one it does not know). English without
    /// a region (`en`) writes the day before the month, as English does outside the United
    /// States (ICU's `en-001`: "1 October 2026"); `en-US` writes "October 1, 2026".
    pub fn new(language: &LanguageIdentifier) -> LocalWriter {
        let id = if language.language.as_str() == "en" && language.region.is_none() {
            icu_locale::langid!("en-001")
        } else {
            language.clone()
        };
        // Compiled data has every language (with a root fallback), so these succeed; root
        // data is the stand-in should one not.
        let dates = FixedCalendarDateTimeFormatter::try_new((&id).into(), YMD::long())
            .or_else(|_| FixedCalendarDateTimeFormatter::try_new(Default::default(), YMD::long()))
            .unwrap_or_else(|e| unreachable!("ICU's compiled root date data: {e}"));
        let numbers = DecimalFormatter::try_new((&id).into(), Default::default())
            .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
            .unwrap_or_else(|e| unreachable!("ICU's compiled root number data: {e}"));
        let plurals = PluralRules::try_new_cardinal((&id).into())
            .or_else(|_| PluralRules::try_new_cardinal(Default::default()))
            .unwrap_or_else(|e| unreachable!("ICU's compiled root plural data: {e}"));
        LocalWriter {
            dates,
            numbers,
            plurals,
        }
    }

    /// `date` in the Gregorian calendar, with the month's name: "1 de octubre de 2026".
    /// A date ICU cannot hold is written as YYYY-MM-DD.
    pub fn date(&self, date: Date) -> String {
        match IcuDate::try_new_gregorian(
            i32::from(date.year()),
            date.month() as u8,
            date.day() as u8,
        ) {
            Ok(d) => self.dates.format(&d).to_string(),
            Err(_) => date.to_string(),
        }
    }

    /// A whole number as the language writes it: "1,234" in English, "1234" in Spanish.
    pub fn number(&self, n: usize) -> String {
        let n = Decimal::from(u64::try_from(n).unwrap_or(u64::MAX));
        self.numbers.format(&n).to_string()
    }

    /// The plural form `n` takes in the language: "one", "few", "other" …
    pub fn plural(&self, n: usize) -> &'static str {
        match self
            .plurals
            .category_for(u64::try_from(n).unwrap_or(u64::MAX))
        {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

/// The plural forms a counted text may give, as CLDR names them.
pub const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates() {
        let d = jiff::civil::date(2026, 1, 31);
        assert_eq!(months_after(d, 1), jiff::civil::date(2026, 2, 28));
        assert_eq!(months_after(d, 12), jiff::civil::date(2027, 1, 31));
        assert_eq!(human_date(d), "31 January 2026");
    }

    #[test]
    fn human_dates_are_day_month_name_and_year_unpadded() {
        for (year, month, day, written) in [
            (2026, 10, 1, "1 October 2026"),
            (2026, 12, 31, "31 December 2026"),
            (2024, 2, 29, "29 February 2024"),
            // ICU names the era of a year before 1000 (jiff's strftime, before, did not).
            (999, 7, 4, "4 July 999 AD"),
        ] {
            assert_eq!(human_date(jiff::civil::date(year, month, day)), written);
        }
        // Every month by its whole English name, as jiff reads it back.
        for month in 1..=12 {
            let date = jiff::civil::date(2026, month, 28);
            let written = human_date(date);
            assert_eq!(
                jiff::civil::Date::strptime("%d %B %Y", &written).unwrap(),
                date
            );
        }
    }

    fn writer(tag: &str) -> LocalWriter {
        LocalWriter::new(&tag.parse().unwrap())
    }

    #[test]
    fn dates_in_each_language() {
        let d = jiff::civil::date(2026, 3, 1);
        for (tag, written) in [
            ("en", "1 March 2026"),
            ("en-GB", "1 March 2026"),
            ("en-US", "March 1, 2026"),
            ("es", "1 de marzo de 2026"),
            ("fr", "1 mars 2026"),
            ("de", "1. März 2026"),
            ("pl", "1 marca 2026"),
            ("pt", "1 de março de 2026"),
        ] {
            assert_eq!(writer(tag).date(d), written, "{tag}");
        }
        // Arabic: the month's Arabic name, and not a Latin letter.
        let arabic = writer("ar").date(d);
        assert!(arabic.contains("مارس"), "{arabic}");
        assert!(!arabic.chars().any(|c| c.is_ascii_alphabetic()), "{arabic}");
    }

    #[test]
    fn numbers_and_plurals_in_each_language() {
        assert_eq!(writer("en").number(1234), "1,234");
        assert_eq!(writer("es").number(1234), "1234");
        assert_eq!(writer("es").number(12345), "12.345");
        assert_eq!(writer("en").plural(1), "one");
        assert_eq!(writer("en").plural(2), "other");
        assert_eq!(writer("pl").plural(3), "few");
        assert_eq!(writer("pl").plural(5), "many");
        assert_eq!(writer("ar").plural(2), "two");
    }
}
