//! Review dates: overdue, due soon, or missing on a page patients read.

use jiff::civil::Date;

use super::field_span;
use crate::content::Entry;
use crate::dates::human_date;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::Audience;
use crate::graph::{EntryId, Site};

/// One entry's next review, for `check --due`.
#[derive(Debug, Clone, serde::Serialize)]
// Fields in alphabetical order: the order `check --format json --due` has always written.
pub struct Due {
    /// Days from today until due; negative when overdue.
    pub days: i64,
    pub due: String,
    #[serde(skip)]
    pub entry: EntryId,
    pub file: String,
    pub reviewed: String,
    pub reviewer: String,
    pub title: String,
}

/// Every reviewed entry's next review, soonest (most overdue) first.
pub fn due_list(site: &Site, today: Date) -> Vec<Due> {
    let mut list: Vec<Due> = (0..site.entries.len())
        .filter_map(|id| due_of(site, id, today))
        .collect();
    list.sort_by(|a, b| (a.days, &a.file).cmp(&(b.days, &b.file)));
    list
}

/// Entry `id`'s next review, when it has been reviewed.
fn due_of(site: &Site, id: EntryId, today: Date) -> Option<Due> {
    let e = &site.entries[id];
    let reviewed = e.meta.reviewed?;
    let due = e.meta.next_review(site.config.review_every_months)?;
    Some(Due {
        entry: id,
        file: e.path.display().to_string(),
        title: e.title.clone(),
        reviewed: reviewed.to_string(),
        due: due.to_string(),
        days: days_between(today, due),
        reviewer: e.meta.reviewed_by.clone().unwrap_or_default(),
    })
}

/// When a day `days` from today is, in words: "today", "in 1 day", "in 3 days", "1 day
/// ago", "3 days ago".
fn days_from_today(days: i64) -> String {
    let n = usize::try_from(days.unsigned_abs()).unwrap_or(usize::MAX);
    match days {
        0 => "today".to_string(),
        1.. => format!("in {}", crate::diagnostic::plural(n, "day")),
        _ => format!("{} ago", crate::diagnostic::plural(n, "day")),
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// Entry `id`'s review findings: overdue, due soon, missing or in the future.
pub(super) fn entry(site: &Site, id: EntryId, today: Date) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = due_of(site, id, today)
        .and_then(|due| due_finding(site, &due, today))
        .into_iter()
        .collect();
    findings.extend(missing(site, &site.entries[id]));
    findings
}

/// The finding about a review coming due (or overdue, or dated in the future), if any.
fn due_finding(site: &Site, due: &Due, today: Date) -> Option<Diagnostic> {
    let soon = i64::from(site.config.checks.due_within_days);
    let e = &site.entries[due.entry];
    let span = field_span(e, "reviewed");
    let who = if due.reviewer.is_empty() {
        String::new()
    } else {
        format!(" ({})", due.reviewer)
    };
    let due_date = e
        .meta
        .next_review(site.config.review_every_months)
        .map(human_date)
        .unwrap_or_default();
    if e.meta.reviewed.is_some_and(|r| r > today) {
        Some(
            Diagnostic::warning(span, "the review date is in the future")
                .with_code("review-in-future")
                .with_help("write the date the page was actually reviewed (YYYY-MM-DD)"),
        )
    } else if due.days < 0 {
        Some(
            Diagnostic::warning(
                span,
                format!(
                    "review overdue: it was due on {due_date}, {}",
                    days_from_today(due.days)
                ),
            )
            .with_code("review-overdue")
            .with_help(format!(
                "have the page checked{who}, then set `reviewed:` to the date of that review"
            )),
        )
    } else if due.days <= soon {
        Some(
            Diagnostic::warning(
                span,
                if due.days == 0 {
                    format!("review due today ({due_date})")
                } else {
                    format!("review due on {due_date}, {}", days_from_today(due.days))
                },
            )
            .with_code("review-due-soon")
            .with_help(format!(
                "plan the review{who}; then set `reviewed:` to the date of that review"
            )),
        )
    } else {
        None
    }
}

/// The finding about a patient page with no review date, if it is one.
fn missing(site: &Site, e: &Entry) -> Option<Diagnostic> {
    let handout = e.kind == site.config.builtin(crate::config::BuiltinKind::Handout);
    // A plain page (About, Prices) is not health information: reviewed only if it says so.
    let plain = site.config.kinds[e.kind].is_plain_pages();
    let unreviewed = e.meta.reviewed.is_none() && e.meta.audience == Audience::Patient;
    (unreviewed && !handout && !plain).then(|| {
        Diagnostic::warning(field_span(e, "title"), "this patient page has no review date")
            .with_code("review-missing")
            .with_help("after a clinician checks the page, add `reviewed: YYYY-MM-DD` and `reviewed_by: <role>`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_dates() {
        let d = |y, m, dd| jiff::civil::date(y, m, dd);
        assert_eq!(days_between(d(2026, 11, 27), d(2026, 12, 27)), 30);
        assert_eq!(days_between(d(2026, 11, 27), d(2026, 11, 26)), -1);
        assert_eq!(days_between(d(2024, 2, 28), d(2024, 3, 1)), 2);
    }

    #[test]
    fn days_in_words() {
        assert_eq!(days_from_today(0), "today");
        assert_eq!(days_from_today(1), "in 1 day");
        assert_eq!(days_from_today(13), "in 13 days");
        assert_eq!(days_from_today(-1), "1 day ago");
        assert_eq!(days_from_today(-179), "179 days ago");
    }
}
