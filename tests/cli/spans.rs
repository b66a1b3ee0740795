//! Issue 13, "spans found by searching the text are wrong when the word also appears
//! earlier": every place is taken from where a parser found the thing, never from a
//! search of the text:
//!
//! - a link's destination as pulldown-cmark read it, not the same words in the link's
//!   text or title, nor the whole link when escapes change how it reads;
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

error: there is no file static/nek.svg
  --> content/conditions/whiplash.md:12:29
   |
12 | See ![../../static/nek.svg](../../static/nek.svg "../../static/nek.svg").
   |                             ^^^^^^^^^^^^^^^^^^^^
   |
help: put the file in the site's static/ folder, or fix the name

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
