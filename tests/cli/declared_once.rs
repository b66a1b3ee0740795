//! Issue 14, the hand-kept mirrors of the front matter: each field is declared once
//! (`carebook::frontmatter::FIELDS`), and everything that must know the fields
//! is made from that one table. These tests go through every declared field, so a field
//! added to the table is tested without being named here.
//!
//! Every test starts from `tests/fixtures/load-site`, a small valid site, changes one
//! thing and asserts the exit code and the exact diagnostics.

use carebook::frontmatter::{FIELDS, Takes};

use crate::support::Site;

/// One error as carebook prints it, at `line:column` of `path`, `width` characters wide.
fn error(
    path: &str,
    at: (usize, usize, usize),
    line_text: &str,
    message: &str,
    help: &str,
) -> String {
    let (line, column, width) = at;
    let gutter = " ".repeat(line.to_string().len());
    format!(
        "error: {message}\n{gutter}--> {path}:{line}:{column}\n{gutter} |\n{line} | {line_text}\n{gutter} | {}{}\n{gutter} |\nhelp: {help}\n\n",
        " ".repeat(column - 1),
        "^".repeat(width)
    )
}

const ONE_ERROR: &str = "error: 1 error in 1 file; nothing was written\n";

#[test]
fn every_field_is_refused_as_the_name_of_a_relation() {
    for field in FIELDS {
        let site = Site::copy("load-site");
        let path = site.path().join("site.yaml");
        let settings = std::fs::read_to_string(&path).unwrap();
        let line = settings.lines().count() + 3;
        let written = format!("      {}: {{to: benefit}}", field.key);
        std::fs::write(
            &path,
            format!("{settings}  condition:\n    relations:\n{written}\n"),
        )
        .unwrap();
        let run = site.build();
        run.assert_code(1);
        let expected = error(
            "site.yaml",
            (line, 7, field.key.len()),
            &written,
            &format!(
                "`{}` is a fixed front-matter key and cannot name a relation",
                field.key
            ),
            "choose another name for this relation",
        );
        assert_eq!(
            run.stderr,
            format!("{expected}{ONE_ERROR}"),
            "{}",
            field.key
        );
    }
}

#[test]
fn a_field_of_one_kind_on_another_says_whose_it_is() {
    let page = "content/conditions/whiplash.md";
    let only: Vec<_> = FIELDS
        .iter()
        .filter(|f| matches!(f.takes, Takes::Only(_)))
        .collect();
    assert!(!only.is_empty());
    for field in only {
        let site = Site::copy("load-site");
        let text = std::fs::read_to_string(site.path().join(page)).unwrap();
        let written = format!("{}: {}", field.key, field.example);
        site.write(
            page,
            &text.replacen("---\n", &format!("---\n{written}\n"), 1),
        );
        let run = site.build();
        run.assert_code(1);
        let Takes::Only(kind) = field.takes else {
            unreachable!()
        };
        let whose = kind.kind().title.to_lowercase();
        // What a condition may have: every kind's fields and the health entries', then its
        // relations.
        let mut known: Vec<&str> = FIELDS
            .iter()
            .filter(|f| matches!(f.takes, Takes::Every | Takes::Entries))
            .map(|f| f.key)
            .collect();
        known.extend(["techniques", "benefits", "safety"]);
        let help = match field.elsewhere_help {
            Some(help) => help.to_string(),
            None => format!(
                "remove this line; a condition may have: {}",
                known.join(", ")
            ),
        };
        let expected = error(
            page,
            (2, 1, field.key.len()),
            &written,
            &format!(
                "`{}` is only for {whose}, and this is a condition",
                field.key
            ),
            &help,
        );
        assert_eq!(
            run.stderr,
            format!("{expected}{ONE_ERROR}"),
            "{}",
            field.key
        );
    }
}
