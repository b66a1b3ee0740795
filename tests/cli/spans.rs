//! Issue 13, "spans found by searching the text are wrong when the word also appears
//! earlier": every place is taken from where a parser found the thing, never from a
//! search of the text:
//!
//! - a link's destination as pulldown-cmark read it, not the same words in the link's
//!   text or title, nor the whole link when escapes change how it reads;
//! - a finding about a front-matter setting at the setting the YAML parser read, not at a
//!   line inside another value that starts with `reviewed:` or `summary:`; a claim word
//!   in the title or summary at the word;
//! - a reading-level finding at its sentence in the text, not at a heading with the same
//!   words.
//!
//! Every test starts from `tests/fixtures/spans-site`, a small site that builds and checks
//! without a word, changes one file, and asserts the exit code and the exact diagnostics.

use crate::support::{Site, TODAY};

fn site() -> Site {
    Site::copy("spans-site")
}

/// `carebook check` on `site`, expecting exit code 0 and exactly `expected` on stderr.
#[track_caller]
fn assert_check_warns(site: &Site, expected: &str) {
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(run.stderr, expected);
}

const CLAIM_HELP: &str = "help: reword it as what the clinic can stand behind (\"may help\", \"many people find\"), or add the source under `sources:`";

#[test]
fn the_fixture_checks_without_a_word() {
    let site = site();
    assert_check_warns(&site, "");
    site.build().assert_ok();
}

#[test]
fn a_broken_link_is_placed_at_its_destination_not_at_the_same_words_in_its_text_or_title() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        r##"---
title: Whiplash
summary: Neck pain and stiffness after a sudden jolt.
techniques: [gentle-massage]
reviewed: 2026-10-01
reviewed_by: Clinic lead therapist
---
## How it feels

Try [gentle-masage.md](gentle-masage.md) or [[gentle-masage|gentle-masage]].
Read [the note](stop-if-it-hrts.md "stop-if-it-hrts.md").
See ![../../static/nek.svg](../../static/nek.svg "../../static/nek.svg").
Ask for [the form](../../static/intake\_form.pdf "intake_form.pdf").
Go back to [#how-it-fels](
  #how-it-fels "#how-it-fels").
Read [the guide][guide].

[guide]: ../techniques/gentle-masage.md "../techniques/gentle-masage.md"
"##,
    );
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        r##"error: no condition called `gentle-masage`
  --> content/conditions/whiplash.md:10:24
   |
10 | Try [gentle-masage.md](gentle-masage.md) or [[gentle-masage|gentle-masage]].
   |                        ^^^^^^^^^^^^^^^^
   |
help: the slug is the file name without `.md`; check content/conditions/

error: no entry called `gentle-masage`
  --> content/conditions/whiplash.md:10:47
   |
10 | Try [gentle-masage.md](gentle-masage.md) or [[gentle-masage|gentle-masage]].
   |                                               ^^^^^^^^^^^^^
   |
help: did you mean `gentle-massage`?

error: no condition called `stop-if-it-hrts`
  --> content/conditions/whiplash.md:11:17
   |
11 | Read [the note](stop-if-it-hrts.md "stop-if-it-hrts.md").
   |                 ^^^^^^^^^^^^^^^^^^
   |
help: the slug is the file name without `.md`; check content/conditions/

error: there is no picture static/nek.svg
  --> content/conditions/whiplash.md:12:29
   |
12 | See ![../../static/nek.svg](../../static/nek.svg "../../static/nek.svg").
   |                             ^^^^^^^^^^^^^^^^^^^^
   |
help: put the picture in static/, or fix its name

error: there is no file static/intake_form.pdf
  --> content/conditions/whiplash.md:13:20
   |
13 | Ask for [the form](../../static/intake\_form.pdf "intake_form.pdf").
   |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: put the file in the site's static/ folder, or fix the name

error: this page has no heading `#how-it-fels`
  --> content/conditions/whiplash.md:15:3
   |
15 |   #how-it-fels "#how-it-fels").
   |   ^^^^^^^^^^^^
   |
help: did you mean `#how-it-feels`?

error: no technique called `gentle-masage`
  --> content/conditions/whiplash.md:18:10
   |
18 | [guide]: ../techniques/gentle-masage.md "../techniques/gentle-masage.md"
   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `../techniques/gentle-massage.md`?

error: 7 errors in 1 file; nothing was written
"##
    );
    assert!(!site.out().exists(), "a failed build must write nothing");
}

#[test]
fn findings_about_settings_are_at_the_setting_not_at_a_line_of_another_value() {
    // The quoted title runs on over lines that start with `summary:` and `reviewed:`: a
    // search for a line starting with the key finds those.
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        r#"---
title: "Whiplash: what it is, and how
summary: and the date it was last
reviewed: are kept up to date"
summary: Gentle massage cures most neck pain.
reviewed: 2025-01-10
reviewed_by: Clinic lead therapist
techniques: [gentle-massage]
---
Your neck may feel stiff and sore for a few days.
"#,
    );
    assert_check_warns(
        &site,
        &format!(
            r#"warning: claim "cures" in: "Gentle massage cures most neck pain."
 --> content/conditions/whiplash.md:5:25
  |
5 | summary: Gentle massage cures most neck pain.
  |                         ^^^^^
  |
{CLAIM_HELP}

warning: review overdue: it was due on 10 January 2026, 321 days ago
 --> content/conditions/whiplash.md:6:1
  |
6 | reviewed: 2025-01-10
  | ^^^^^^^^^^^^^^^^^^^^
  |
help: have the page checked (Clinic lead therapist), then set `reviewed:` to the date of that review

"#
        ),
    );
}

#[test]
fn findings_about_settings_are_found_however_the_front_matter_is_written() {
    // Quoted keys and a front matter written as one `{…}` line: no line starts with the
    // key, so a search fell back to the file's first line.
    let site = site();
    site.write(
        "content/techniques/gentle-massage.md",
        "---\n\"title\": Gentle massage\n'summary': 'Light strokes, guaranteed to relax you.'\n\"reviewed\": 2025-12-10\nreviewed_by: Senior therapist\n---\nThe therapist works slowly and checks how you feel.\n",
    );
    site.write(
        "content/safety/stop-if-it-hurts.md",
        "---\n{title: Stop if it hurts, summary: Sharp pain means stop., severity: caution, reviewed: 2025-12-01}\n---\nTell the therapist at once if anything hurts.\n",
    );
    assert_check_warns(
        &site,
        &format!(
            r#"warning: no other page links to this entry
 --> content/safety/stop-if-it-hurts.md:2:2
  |
2 | {{title: Stop if it hurts, summary: Sharp pain means stop., severity: caution, reviewed: 2025-12-01}}
  |  ^^^^^^^^^^^^^^^^^^^^^^^
  |
help: readers only find it in the A–Z list: list it under `safety:` on the conditions and techniques it applies to

warning: review due on 1 December 2026, in 4 days
 --> content/safety/stop-if-it-hurts.md:2:79
  |
2 | {{title: Stop if it hurts, summary: Sharp pain means stop., severity: caution, reviewed: 2025-12-01}}
  |                                                                               ^^^^^^^^^^^^^^^^^^^^
  |
help: plan the review; then set `reviewed:` to the date of that review

warning: this technique lists no safety note
 --> content/techniques/gentle-massage.md:2:1
  |
2 | "title": Gentle massage
  | ^^^^^^^^^^^^^^^^^^^^^^^
  |
help: add `safety: [when-not-to-have-a-massage]` or another note that says when it is not suitable

warning: claim "guaranteed" in: "Light strokes, guaranteed to relax you."
 --> content/techniques/gentle-massage.md:3:28
  |
3 | 'summary': 'Light strokes, guaranteed to relax you.'
  |                            ^^^^^^^^^^
  |
{CLAIM_HELP}

warning: review due on 10 December 2026, in 13 days
 --> content/techniques/gentle-massage.md:4:1
  |
4 | "reviewed": 2025-12-10
  | ^^^^^^^^^^^^^^^^^^^^^^
  |
help: plan the review (Senior therapist); then set `reviewed:` to the date of that review

"#
        ),
    );
}

#[test]
fn a_claim_word_in_the_title_is_at_the_word_and_in_a_value_written_over_lines_at_its_key() {
    let site = site();
    site.write(
        "content/conditions/whiplash.md",
        r#"---
title: Whiplash cures
summary: >-
  Neck pain after a jolt, and massage
  that is guaranteed.
techniques: [gentle-massage]
reviewed: 2026-10-01
reviewed_by: Clinic lead therapist
---
Your neck may feel stiff and sore for a few days.
"#,
    );
    assert_check_warns(
        &site,
        &format!(
            r#"warning: claim "cures" in: "Whiplash cures"
 --> content/conditions/whiplash.md:2:17
  |
2 | title: Whiplash cures
  |                 ^^^^^
  |
{CLAIM_HELP}

warning: claim "guaranteed" in: "Neck pain after a jolt, and massage that is guaranteed."
 --> content/conditions/whiplash.md:3:1
  |
3 | summary: >-
  | ^^^^^^^^^^^
  |
{CLAIM_HELP}

"#
        ),
    );
}

#[test]
fn a_reading_level_finding_is_at_its_sentence_not_at_a_heading_with_the_same_words() {
    // The longest sentence starts with the words of the heading above it, and inside
    // emphasis: a search for its first words finds the heading.
    let site = site();
    site.write(
        "content/techniques/gentle-massage.md",
        "---
title: Gentle massage
summary: Light, slow strokes over sore muscles.
safety: [stop-if-it-hurts]
reviewed: 2026-10-01
reviewed_by: Senior therapist
---
## Notwithstanding considerable heterogeneity in methodological approaches

Practitioners should exercise professional judgement regarding contraindications,
including anticoagulant medication, dermatological fragility and cardiovascular
instability. *Notwithstanding* considerable heterogeneity in methodological
approaches, contemporary investigations characterising myofascial decompression
consistently demonstrate statistically significant improvements in subjective
musculoskeletal discomfort, particularly amongst individuals experiencing chronic
cervical dysfunction.
",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let first: Vec<&str> = run
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("warning: reading grade"))
        .take(6)
        .collect();
    assert_eq!(
        first,
        [
            "warning: reading grade 37.3 is above the patient target of 8 (Flesch reading ease -134.8, SMOG 27.0)",
            "  --> content/techniques/gentle-massage.md:12:15",
            "   |",
            "12 | instability. *Notwithstanding* considerable heterogeneity in methodological",
            "   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            "   |",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("start with the hardest: line 12: \"Notwithstanding considerable heterogeneity in methodological approaches, contemporary investigations …\" (grade 40.0); line 10: \"Practitioners should exercise professional judgement regarding contraindications, including …\" (grade 34.3)\n"),
        "{}",
        run.stderr
    );
}
