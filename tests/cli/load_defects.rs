//! Issue 13, the load stage and site settings: names in NFD, files that are not `.md`,
//! `base_url`, `site.yaml`'s duplicates, label and theme, places taken from the YAML
//! parser (never from a text search), empty values, messages in plain words, keys a kind
//! does not use, and kind folders that collide with carebook's own.
//!
//! Every test starts from `tests/fixtures/load-site`, a small valid site, changes one
//! thing and asserts the exit code, the exact diagnostics and what was (not) written.

use crate::support::{Site, TODAY, stderr_table};

const NOTHING_WRITTEN: &str = "nothing was written";

fn site() -> Site {
    Site::copy("load-site")
}

/// The fixture's `site.yaml` with `more` added at its end.
fn add_settings(site: &Site, more: &str) {
    let path = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, text + more).unwrap();
}

// ---- 1. names in NFD -------------------------------------------------------------------

#[test]
fn a_decomposed_file_name_gives_the_same_slug_and_links() {
    let site = site();
    // As macOS writes `épaule-gelée.md`: each `é` is `e` and a combining acute accent.
    let nfd = "content/conditions/e\u{301}paule-gele\u{301}e.md";
    site.write(
        nfd,
        "---\ntitle: Épaule gelée\nsummary: A stiff, painful shoulder.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nSee [[whiplash]].\n",
    );
    // Links and references typed on a keyboard are composed (NFC).
    site.write(
        "content/conditions/whiplash.md",
        "---\ntitle: Whiplash\nsummary: Neck pain and stiffness after a sudden jolt.\nsafety: [stop-if-it-hurts]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nSee [[épaule-gelée]] and [the shoulder page](épaule-gelée.md).\n",
    );
    site.write(
        "content/handouts/first-visit.md",
        "---\ntitle: Your first visit\nsummary: What happens at your first massage.\nentries: [whiplash, conditions/épaule-gelée, exercises/neck-rolls]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nWelcome.\n",
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let page = site.read_out("conditions/épaule-gelée/index.html");
    assert!(page.contains("Épaule gelée"));
    let whiplash = site.read_out("conditions/whiplash/index.html");
    // The composed name, percent-encoded or not (a decomposed one is `e%CC%81`).
    assert!(
        whiplash.contains("conditions/%C3%A9paule-gel%C3%A9e/index.html\"")
            || whiplash.contains("conditions/épaule-gelée/index.html\""),
        "{whiplash}"
    );
    // Composed and decomposed files of one name are one web address: a duplicate.
    site.write(
        "content/conditions/épaule-gelée.md",
        "---\ntitle: Épaule gelée\nsummary: A stiff, painful shoulder.\n---\nText.\n",
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.contains("this file has the same web address as"),
        "{}",
        run.stderr
    );
}

// ---- 2. files that are not `.md` -----------------------------------------------------

#[test]
fn markdown_in_any_case_is_read_and_other_files_are_named() {
    let site = site();
    site.write(
        "content/conditions/Neck-Pain.MD",
        "---\ntitle: Neck pain\nsummary: A sore, stiff neck.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nSee [[whiplash]] and [[back-pain]].\n",
    );
    site.write(
        "content/conditions/back-pain.markdown",
        "---\ntitle: Back pain\nsummary: A sore back.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nSee [[neck-pain]].\n",
    );
    // Files pages use stay beside them without a word, in any case; a picture that no
    // page shows is named, as it is not published.
    site.write(
        "content/conditions/neck-diagram.PNG",
        "not really a picture",
    );
    site.write("content/conditions/exercise-sheet.pdf", "%PDF-1.4");
    // A page saved in another format would be lost: it is named.
    site.write("content/conditions/frozen-shoulder.docx", "a Word file");
    site.write("content/exercises/notes", "no extension");
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "warning: skipped this file: it is not a page (a `.md` file) or a picture or document that pages use
 --> content/conditions/frozen-shoulder.docx:1:1
  |
help: if it is a page, rename it to end in `.md`; otherwise move it out of content/ (files pages use may stay beside them: png, jpg, jpeg, gif, webp, avif, svg, pdf, mp3, m4a, ogg, wav, mp4, webm, vtt)

warning: no page shows this picture, so it is not published
 --> content/conditions/neck-diagram.PNG:1:1
  |
help: show it on the page beside it with `![what it shows](neck-diagram.PNG)`, or move it out of content/ if it is not for the website

warning: skipped this file: it is not a page (a `.md` file) or a picture or document that pages use
 --> content/exercises/notes:1:1
  |
help: if it is a page, rename it to end in `.md`; otherwise move it out of content/ (files pages use may stay beside them: png, jpg, jpeg, gif, webp, avif, svg, pdf, mp3, m4a, ogg, wav, mp4, webm, vtt)

"
    );
    assert!(
        site.read_out("conditions/neck-pain/index.html")
            .contains("Neck pain")
    );
    assert!(
        site.read_out("conditions/back-pain/index.html")
            .contains("Back pain")
    );
}

// ---- 3. base_url --------------------------------------------------------------------

#[test]
fn base_url_without_a_scheme_is_an_error_at_its_value() {
    let site = site();
    site.replace(
        "site.yaml",
        "https://www.example.org/info/",
        "www.example.org/info/",
    );
    site.assert_build_refused(
        &format!(
            "error: `base_url` must be a whole web address starting with `https://`: `www.example.org/info/` has no `https://` before it
 --> site.yaml:3:11
  |
3 | base_url: www.example.org/info/
  |           ^^^^^^^^^^^^^^^^^^^^^
  |
help: write the full address of the site's home page, starting with `https://`, e.g. `base_url: https://www.example.org/info/`

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
}

#[test]
fn base_url_of_another_scheme_or_without_a_host() {
    for (written, message) in [
        (
            "ftp://example.org/",
            "`base_url` must be a web address starting with `https://` or `http://`, not `ftp://`",
        ),
        (
            "https:///info/",
            "`base_url` has no usable host name after `://`: `https:///info/`",
        ),
        (
            "https://example.org/?page=1",
            "`base_url` may not have a `?` query or a `#` fragment: page addresses are added after it",
        ),
    ] {
        let site = site();
        site.replace("site.yaml", "https://www.example.org/info/", written);
        let run = site.build();
        run.assert_code(1);
        assert!(
            run.stderr
                .starts_with(&format!("error: {message}\n --> site.yaml:3:11\n")),
            "{written}: {}",
            run.stderr
        );
    }
}

// ---- 4. site.yaml: duplicates, its label, the theme ------------------------------------

#[test]
fn a_kind_declared_twice_is_an_error_at_the_second() {
    let site = site();
    add_settings(&site, "  exercise:\n    title: Exercises\n");
    site.assert_build_refused(
        &format!(
            "error: `exercise` is written twice under `kinds`
 --> site.yaml:9:3
  |
9 |   exercise:
  |   ^^^^^^^^
  |
help: keep one of the two (the other is on line 5); YAML would otherwise quietly keep only one of them

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
}

#[test]
fn a_setting_written_twice_is_an_error_at_the_second_not_at_1_1() {
    let site = site();
    add_settings(&site, "title: Riverside Massage\n");
    site.assert_build_refused(
        &format!(
            "error: `title` is written twice in the site settings
 --> site.yaml:9:1
  |
9 | title: Riverside Massage
  | ^^^^^
  |
help: keep one of the two (the other is on line 2); YAML would otherwise quietly keep only one of them

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
}

#[test]
fn site_settings_errors_are_labelled_site_settings() {
    let site = site();
    add_settings(&site, "review_every_months: twelve\n");
    site.assert_build_refused(
        &format!(
            r#"error: site settings: `review_every_months` should be a whole number, like 12, not the text "twelve"
 --> site.yaml:9:22
  |
9 | review_every_months: twelve
  |                      ^^^^^^
  |
help: write the number with digits only, for example `review_every_months: 12`

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn a_theme_is_a_folder_name_inside_themes_never_a_path() {
    // A folder outside the site, with a template that would be published if followed.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("elsewhere/static")).unwrap();
    std::fs::write(
        outside.path().join("elsewhere/static/secret.txt"),
        "private",
    )
    .unwrap();
    let absolute = outside.path().join("elsewhere");
    for theme in [
        "../../elsewhere".to_string(),
        absolute.display().to_string(),
        "..".into(),
        "clinic/../..".into(),
    ] {
        let site = site();
        std::fs::create_dir_all(site.path().join("themes/clinic/static")).unwrap();
        add_settings(&site, &format!("theme: \"{theme}\"\n"));
        let run = site.build();
        run.assert_code(1);
        assert!(
            run.stderr.starts_with(&format!(
                "error: `theme` must be the name of a folder inside themes/, not `{theme}`\n --> site.yaml:9:8\n"
            )),
            "{theme}: {}",
            run.stderr
        );
        assert!(!site.out().exists(), "{theme}: nothing may be published");
    }
}

#[cfg(unix)]
#[test]
fn a_theme_folder_that_links_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/secret.txt"), "private").unwrap();
    let site = site();
    std::fs::create_dir_all(site.path().join("themes")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("themes/linked")).unwrap();
    add_settings(&site, "theme: linked\n");
    site.assert_build_refused(
        &format!(
            "error: the theme folder themes/linked/ is a link to a folder outside the site
 --> site.yaml:9:8
  |
9 | theme: linked
  |        ^^^^^^
  |
help: copy the theme into themes/ instead of linking to it: carebook publishes only files from inside the site folder

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
}

#[test]
fn a_missing_theme_is_reported_at_its_value_not_at_a_comment() {
    let site = site();
    // "theme:" written in a comment first: a text search would point there.
    site.replace("site.yaml", "# Riverside's settings.", "# theme: see below");
    add_settings(&site, "theme: clinic\n");
    site.assert_build_refused(&format!(
        "error: there is no theme `clinic` (no folder themes/clinic/)
 --> site.yaml:9:8
  |
9 | theme: clinic
  |        ^^^^^^
  |
help: remove the `theme:` line to use the built-in default theme, or add the theme's folder

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

// ---- 5. places from the parser, never from a text search -------------------------------

#[test]
fn a_relation_named_title_is_reported_on_its_own_line() {
    let site = site();
    add_settings(&site, "      title: {to: safety}\n");
    site.assert_build_refused(&format!(
        "error: `title` is a fixed front-matter key and cannot name a relation
 --> site.yaml:9:7
  |
9 |       title: {{to: safety}}
  |       ^^^^^
  |
help: choose another name for this relation

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

#[test]
fn a_built_in_kind_error_is_not_reported_on_a_comment() {
    let site = site();
    site.replace(
        "site.yaml",
        "kinds:\n",
        "kinds:\n  # condition: the built-in kind keeps its folder\n  condition:\n    folder: illnesses\n",
    );
    site.assert_build_refused(&format!(
        "error: `condition` is a built-in kind: its folder and title are fixed
 --> site.yaml:7:5
  |
7 |     folder: illnesses
  |     ^^^^^^
  |
help: a built-in kind may only gain `relations:`; remove `folder:` here

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

#[test]
fn a_relation_to_an_unknown_kind_is_reported_at_its_to() {
    let site = site();
    // `to: safty` also appears earlier, in a comment.
    site.replace("site.yaml", "kinds:\n", "# to: safty was a typo\nkinds:\n");
    site.replace("site.yaml", "{to: safety}", "{to: safty}");
    site.assert_build_refused(&format!(
        "error: relation `safety` points at `safty`, which is not a kind
 --> site.yaml:9:20
  |
9 |       safety: {{to: safty}}
  |                    ^^^^^
  |
help: did you mean `safety`?

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

#[test]
fn severity_on_a_condition_is_reported_at_its_key_not_in_the_title() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        "---\ntitle: Pain severity scale\nsummary: How we ask about the severity of your pain.\nseverity: warning\nsafety: [stop-if-it-hurts]\n---\nText.\n",
    );
    site.assert_build_refused(&format!(
        "error: `severity` is only for safety notes, and this is a condition
 --> content/conditions/whiplash.md:4:1
  |
4 | severity: warning
  | ^^^^^^^^
  |
help: remove the line, or move the warning into a safety note and list it under `safety:`

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

#[test]
fn references_are_reported_at_their_items() {
    let site = site();
    // `stop` is written earlier, in the title and in a comment; an item may be quoted with
    // an escape, so that its text is written nowhere as it reads.
    site.write(
        "content/exercises/neck-rolls.md",
        "---\ntitle: Neck rolls (stop early)\nsummary: Slow circles of the head.\nsafety: # stop-now is below\n  - \"stop-if-it-hurt\\x73\"\n  - \"stop\\x2dnow\"\n  - stop\n---\nText.\n",
    );
    site.assert_build_refused(&format!(
        r#"error: no safety note called `stop-now`
 --> content/exercises/neck-rolls.md:6:5
  |
6 |   - "stop\x2dnow"
  |     ^^^^^^^^^^^^^
  |
help: the slug is the file name without `.md`; check content/safety/

error: no safety note called `stop`
 --> content/exercises/neck-rolls.md:7:5
  |
7 |   - stop
  |     ^^^^
  |
help: did you mean `stop-if-it-hurts`?

error: 2 errors in 1 file; {NOTHING_WRITTEN}
"#
    ));
}

#[test]
fn an_unknown_key_is_reported_where_it_is_written_even_quoted() {
    let site = site();
    site.write(
        "content/exercises/neck-rolls.md",
        "---\ntitle: 'techiques: no'\nsummary: Slow circles of the head.\n\"techiques\": [x]\n---\nText.\n",
    );
    site.assert_build_refused(
        &format!(
            r#"error: unknown front-matter key `techiques`
 --> content/exercises/neck-rolls.md:4:1
  |
4 | "techiques": [x]
  | ^^^^^^^^^^^
  |
help: an exercise may have: title, summary, aliases, tags, reviewed, reviewed_by, review_every_months, audience, sources, draft, safety

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

// ---- 6. empty values --------------------------------------------------------------------

#[test]
fn null_and_empty_text_is_an_error_at_the_value() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        "---\ntitle: ~\nsummary: \"\"\ntags: [neck, ~]\nsafety: [stop-if-it-hurts]\n---\nText.\n",
    );
    site.write(
        "content/exercises/neck-rolls.md",
        "---\ntitle: Neck rolls\nsummary: null\n---\nText.\n",
    );
    site.assert_build_refused(
        &format!(
            r#"error: `title` is empty
 --> content/conditions/whiplash.md:2:8
  |
2 | title: ~
  |        ^
  |
help: YAML reads `~` as nothing: write the title after `title:`, or put it in quotes (`title: "~"`) if you mean the word

error: `summary` is empty
 --> content/conditions/whiplash.md:3:10
  |
3 | summary: ""
  |          ^^
  |
help: write the summary after `summary:`, on the same line

error: an item of `tags` is empty
 --> content/conditions/whiplash.md:4:14
  |
4 | tags: [neck, ~]
  |              ^
  |
help: remove the empty item, or write its text; put `~` or `null` in quotes if you mean the word

error: `summary` is empty
 --> content/exercises/neck-rolls.md:3:10
  |
3 | summary: null
  |          ^^^^
  |
help: YAML reads `null` as nothing: write the summary after `summary:`, or put it in quotes (`summary: "null"`) if you mean the word

error: 4 errors in 2 files; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn quoted_null_and_numbers_are_text() {
    let site = site();
    site.write(
        "content/exercises/neck-rolls.md",
        "---\ntitle: \"null\"\nsummary: 1984\nreviewed: 2026-10-01\nreviewed_by: ~\nsafety: [stop-if-it-hurts]\n---\nText about [[whiplash]].\n",
    );
    // An empty date is not set (YAML reads it as nothing): a warning, not the text "".
    site.write(
        "content/safety/stop-if-it-hurts.md",
        "---\ntitle: Stop if it hurts\nsummary: Sharp pain means stop and rest.\nseverity: caution\nreviewed:\n---\nStop if a stretch hurts. Read about [[whiplash]].\n",
    );
    let run = site.build();
    run.assert_ok();
    let page = site.read_out("exercises/neck-rolls/index.html");
    assert!(
        page.contains("<h1>null</h1>") || page.contains(">null<"),
        "{page}"
    );
    assert!(page.contains("1984"));
    assert!(!page.contains(">~<"));
}

// ---- 7. messages in plain words ----------------------------------------------------------

/// Bad site settings, each in plain words at its place: (snapshot name, what is added at
/// the end of the fixture's `site.yaml`).
const BAD_SETTINGS: &[(&str, &str)] = &[
    (
        "settings-negative-review-interval",
        "review_every_months: -1\n",
    ),
    (
        "settings-raw-html-not-true-or-false",
        "markdown: {raw_html: maybe}\n",
    ),
    ("settings-paper-misspelt", "paper: leter\n"),
    ("settings-paper-unknown", "paper: Legal\n"),
    (
        "settings-reading-grade-not-a-number",
        "checks:\n  reading_grade: {patient: high}\n",
    ),
    (
        "settings-due-within-days-fraction",
        "checks:\n  due_within_days: 1.5\n",
    ),
    ("settings-checks-a-list", "checks: [claims]\n"),
    ("settings-unknown-setting", "langauge: fr\n"),
    (
        "settings-unknown-setting-of-a-kind",
        "  drill:\n    folders: drills\n",
    ),
    (
        "settings-relation-without-to",
        "  drill:\n    relations:\n      safety: {inverse: Checked by}\n",
    ),
    (
        "settings-synonyms-not-a-list",
        "search:\n  synonyms: {car crash: whiplash}\n",
    ),
    ("settings-alias-without-anchor", "language: *lang\n"),
    ("settings-second-document", "---\ndescription: More\n"),
    ("settings-description-a-list", "description: [a, b]\n"),
];

/// A `site.yaml` without a title at all: reported at the top of the file.
const NO_TITLE: &str = "# Our clinic\ndescription: Plain words.\n";

/// Bad front matter, each in plain words at its place: (snapshot name, what is written
/// in the front matter of an exercise after its title line; a `summary:` replaces its
/// own).
const BAD_FRONT_MATTER: &[(&str, &str)] = &[
    ("front-matter-audience-misspelt", "audience: patients\n"),
    ("front-matter-audience-a-list", "audience: [patient]\n"),
    (
        "front-matter-review-interval-in-words",
        "review_every_months: 6 months\n",
    ),
    ("front-matter-draft-not-true-or-false", "draft: maybe\n"),
    ("front-matter-date-in-words", "reviewed: 1 October 2026\n"),
    ("front-matter-date-a-number", "reviewed: 20261001\n"),
    ("front-matter-tags-nested-list", "tags: [neck, [back]]\n"),
    ("front-matter-tags-a-mapping", "tags: {neck: yes}\n"),
    ("front-matter-summary-a-mapping", "summary: {text: x}\n"),
];

/// Every row of both tables: exit code 1, nothing written, and exactly its snapshot
/// `tests/cli/snapshots/load/NAME.snap`.
#[test]
fn bad_settings_and_front_matter_give_plain_messages() {
    let mut rows: Vec<(&str, &str)> = BAD_SETTINGS.to_vec();
    rows.push(("settings-no-title", NO_TITLE));
    rows.extend(BAD_FRONT_MATTER);
    stderr_table(
        "load",
        &rows,
        |(name, _)| name,
        |&(name, text)| {
            let site = site();
            let made = if name == "settings-no-title" {
                site.write("site.yaml", text);
                format!("site.yaml written as {text:?}")
            } else if name.starts_with("settings-") {
                add_settings(&site, text);
                format!("{text:?} added to site.yaml")
            } else {
                site.write(
                    "content/exercises/neck-rolls.md",
                    &format!("---\ntitle: Neck rolls\nsummary: Slow circles.\n{text}---\nText.\n")
                        .replacen("summary: Slow circles.\nsummary:", "summary:", 1),
                );
                format!("{text:?} in the front matter of content/exercises/neck-rolls.md")
            };
            (
                format!("carebook build --today {TODAY} in tests/fixtures/load-site, {made}"),
                site.refused_build(),
            )
        },
    );
}

// ---- 8. keys a kind does not use --------------------------------------------------------

#[test]
fn a_handout_key_on_a_condition_is_an_error_naming_the_kind_that_uses_it() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        "---\ntitle: Whiplash\nsummary: Neck pain after a jolt.\ncourse: Level 2 massage\nsafety: [stop-if-it-hurts]\n---\nText.\n",
    );
    site.assert_build_refused(
        &format!(
            "error: `course` is only for handouts, and this is a condition
 --> content/conditions/whiplash.md:4:1
  |
4 | course: Level 2 massage
  | ^^^^^^
  |
help: remove this line; a condition may have: title, summary, aliases, tags, reviewed, reviewed_by, review_every_months, audience, sources, draft, techniques, benefits, safety

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
}

#[test]
fn the_home_page_takes_only_a_title() {
    let site = site();
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\nsummary: Never shown.\n---\nStart with [[whiplash]].\n",
    );
    site.assert_build_refused(&format!(
        "error: the home page does not use `summary`
 --> content/_index.md:3:1
  |
3 | summary: Never shown.
  | ^^^^^^^
  |
help: the front matter of content/_index.md may only have a `title:`; remove this line

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
    ));
}

// ---- 9. kind folders that collide with carebook's own ------------------------------------

#[test]
fn a_kind_folder_may_not_be_one_carebook_writes() {
    for (folder, message) in [
        (
            "tags",
            "the folder `tags` of kind `exercise` is where carebook writes the tag pages (`tags/`)",
        ),
        (
            "search-index",
            "the folder `search-index` of kind `exercise` is where carebook writes the search index (`search-index/`)",
        ),
        (
            "conditions",
            "the folder `conditions` of kind `exercise` is already the folder of the built-in kind `condition`",
        ),
        (
            "Handouts",
            "the folder `Handouts` of kind `exercise` is already the folder of the built-in kind `handout`",
        ),
        (
            "Vendor",
            "the folder `Vendor` of kind `exercise` is where carebook writes the default theme's scripts (`vendor/`)",
        ),
    ] {
        let site = site();
        site.replace(
            "site.yaml",
            "folder: exercises",
            &format!("folder: {folder}"),
        );
        let run = site.build();
        run.assert_code(1);
        assert!(
            run.stderr
                .starts_with(&format!("error: {message}\n --> site.yaml:6:13\n")),
            "{folder}: {}",
            run.stderr
        );
        assert!(!site.out().exists());
    }
}

#[test]
fn two_kinds_with_one_folder_name_both() {
    let site = site();
    add_settings(&site, "  drill:\n    folder: Exercises\n");
    site.assert_build_refused(
        &format!(
            "error: the folder `Exercises` of kind `drill` is already the folder of kind `exercise` (line 5)
  --> site.yaml:10:13
   |
10 |     folder: Exercises
   |             ^^^^^^^^^
   |
help: give each kind its own folder name of lower-case letters, digits, `-` or `_`

error: 1 error in 1 file; {NOTHING_WRITTEN}
"
        ),
    );
    // A kind whose default folder (its name + "s") is taken: at its name.
    let site = self::site();
    add_settings(&site, "  tag: {}\n");
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error: the folder `tags` of kind `tag` is where carebook writes the tag pages (`tags/`)\n --> site.yaml:9:3\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: give each kind its own folder name of lower-case letters, digits, `-` or `_`, e.g. `folder: tag-pages`\n"),
        "{}",
        run.stderr
    );
}
