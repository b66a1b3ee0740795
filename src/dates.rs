//! Dates as carebook counts and writes them: when a review falls due (whole months after
//! the review, on the same day of the month, or the last day of a shorter month), and a
//! day as a reader sees it ("1 October 2026"). Pure; the floor under the checks (which
//! report due dates) and the render stage (which shows them).

use jiff::civil::Date;

/// The day `months` whole months after `date` (31 January + 1 month = 28 February): when a
/// page reviewed on `date` falls due. Capped at 100 years; a date past jiff's range stays
/// `date`.
pub fn months_after(date: Date, months: u32) -> Date {
    let span = jiff::Span::new().months(i64::from(months.min(1200)));
    date.checked_add(span).unwrap_or(date)
}

/// "1 October 2026": the day and year without padding, the month's English name.
pub fn human_date(date: Date) -> String {
    date.strftime("%-d %B %-Y").to_string()
}

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
            (999, 7, 4, "4 July 999"),
            (1, 1, 1, "1 January 1"),
            (0, 3, 9, "9 March 0"),
            (-5, 6, 15, "15 June -5"),
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
}
