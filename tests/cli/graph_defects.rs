//! Issue 13, the graph: aliases that name two pages, entries that list themselves, one
//! "did you mean" for every misspelt name, drafts that are taken down without breaking
//! the pages that link to them, and orphans counted from every link a page shows.

use crate::support::{Site, TODAY};

// ---- aliases ---------------------------------------------------------------------------

#[test]
fn an_alias_of_two_pages_is_an_error_where_a_link_uses_it() {
    let site = Site::copy("graph-aliases");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        r#"warning: the alias `shoulder pain` is also an alias of content/conditions/shoulder-strain.md, so `[[shoulder pain]]` could mean either page
 --> content/conditions/frozen-shoulder.md:4:27
  |
4 | aliases: [stiff shoulder, shoulder pain]
  |                           ^^^^^^^^^^^^^
  |
help: keep the alias on one page only; a link that uses it is an error until then

warning: the alias `Shoulder Pain` is also an alias of content/conditions/frozen-shoulder.md, so `[[Shoulder Pain]]` could mean either page
 --> content/conditions/shoulder-strain.md:4:28
  |
4 | aliases: [pulled shoulder, Shoulder Pain]
  |                            ^^^^^^^^^^^^^
  |
help: keep the alias on one page only; a link that uses it is an error until then

error: `shoulder pain` is an alias of more than one page: content/conditions/frozen-shoulder.md and content/conditions/shoulder-strain.md
  --> content/conditions/shoulder-strain.md:10:3
   |
10 | [[shoulder pain]].
   |   ^^^^^^^^^^^^^
   |
help: name the page you mean by its slug, e.g. `conditions/frozen-shoulder`, and keep the alias on one page only

warning: the alias `frozen shoulder` is the slug of content/conditions/frozen-shoulder.md, so `[[frozen shoulder]]` goes to that page, never to this one
 --> content/techniques/shoulder-mobilisation.md:4:11
  |
4 | aliases: [frozen shoulder, joint mobilisation]
  |           ^^^^^^^^^^^^^^^
  |
help: remove the alias from this page, or change it to a name of its own: a page's slug always comes before another page's alias

error: 1 error in 1 file; nothing was written
"#
    );
    assert!(!site.out().exists());
}

#[test]
fn alias_conflicts_are_warnings_at_each_alias_until_a_link_uses_them() {
    let site = Site::copy("graph-aliases");
    let strain = "content/conditions/shoulder-strain.md";
    let text = std::fs::read_to_string(site.path().join(strain)).unwrap();
    site.write(
        strain,
        &text.replace("[[shoulder pain]]", "[[frozen-shoulder]]"),
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(
        run.stderr,
        r#"warning: the alias `shoulder pain` is also an alias of content/conditions/shoulder-strain.md, so `[[shoulder pain]]` could mean either page
 --> content/conditions/frozen-shoulder.md:4:27
  |
4 | aliases: [stiff shoulder, shoulder pain]
  |                           ^^^^^^^^^^^^^
  |
help: keep the alias on one page only; a link that uses it is an error until then

warning: the alias `Shoulder Pain` is also an alias of content/conditions/frozen-shoulder.md, so `[[Shoulder Pain]]` could mean either page
 --> content/conditions/shoulder-strain.md:4:28
  |
4 | aliases: [pulled shoulder, Shoulder Pain]
  |                            ^^^^^^^^^^^^^
  |
help: keep the alias on one page only; a link that uses it is an error until then

warning: the alias `frozen shoulder` is the slug of content/conditions/frozen-shoulder.md, so `[[frozen shoulder]]` goes to that page, never to this one
 --> content/techniques/shoulder-mobilisation.md:4:11
  |
4 | aliases: [frozen shoulder, joint mobilisation]
  |           ^^^^^^^^^^^^^^^
  |
help: remove the alias from this page, or change it to a name of its own: a page's slug always comes before another page's alias

"#
    );
    // A slug comes before another page's alias: `[[frozen shoulder]]` goes to the condition.
    let technique = site.read_out("techniques/shoulder-mobilisation/index.html");
    assert!(
        technique.contains(
            r#"used for
<a href="../../conditions/frozen-shoulder/index.html">Frozen shoulder</a>"#
        ),
        "{technique}"
    );
    let json = site.run(&["check", "--format", "json", "--today", TODAY]);
    json.assert_ok();
    assert_eq!(
        json.stdout.matches(r#""code": "alias-conflict""#).count(),
        3
    );
}

// ---- entries that list themselves ------------------------------------------------------

#[test]
fn an_entry_or_handout_that_lists_itself_is_an_error_at_that_reference() {
    let site = Site::copy("graph-self");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        r#"error: `whiplash` names this entry itself, and an entry cannot list itself
 --> content/conditions/whiplash.md:5:23
  |
5 | related: [stiff-neck, whiplash, neck sprain]
  |                       ^^^^^^^^
  |
help: remove it from `related:`; list the other pages this one relates to

error: `neck sprain` names this entry itself, and an entry cannot list itself
 --> content/conditions/whiplash.md:5:33
  |
5 | related: [stiff-neck, whiplash, neck sprain]
  |                                 ^^^^^^^^^^^
  |
help: remove it from `related:`; list the other pages this one relates to

error: `handouts/neck-leaflet` names this handout itself, and a handout cannot be its own chapter
 --> content/handouts/neck-leaflet.md:6:21
  |
6 | entries: [whiplash, handouts/neck-leaflet, stiff-neck]
  |                     ^^^^^^^^^^^^^^^^^^^^^
  |
help: remove it from `entries:`; list the entries the handout is made of

error: 3 errors in 2 files; nothing was written
"#
    );
}

// ---- one "did you mean" ----------------------------------------------------------------

#[test]
fn misspelt_chapters_and_references_get_the_suggestion_a_link_gets() {
    let site = Site::copy("graph-typos");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        r#"error: no technique called `gentle-strokng`
 --> content/conditions/stiffness.md:5:14
  |
5 | techniques: [gentle-strokng]
  |              ^^^^^^^^^^^^^^
  |
help: did you mean `gentle-stroking`?

error: no condition called `stifness`
 --> content/handouts/mornings.md:7:5
  |
7 |   - conditions/stifness
  |     ^^^^^^^^^^^^^^^^^^^
  |
help: did you mean `conditions/stiffness`?

error: no entry called `stifness`
 --> content/handouts/mornings.md:8:5
  |
8 |   - stifness
  |     ^^^^^^^^
  |
help: did you mean `conditions/stiffness`?

error: no entry called `morning stifness`
 --> content/handouts/mornings.md:9:5
  |
9 |   - morning stifness
  |     ^^^^^^^^^^^^^^^^
  |
help: did you mean `morning stiffness`?

error: `../conditions/stiffness.md` is not the name of an entry
  --> content/handouts/mornings.md:10:5
   |
10 |   - ../conditions/stiffness.md
   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: name the entry by its kind and slug, not by its file: `conditions/stiffness`

error: no technique called `gentle-stroking.md`
  --> content/handouts/mornings.md:11:5
   |
11 |   - techniques/gentle-stroking.md
   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `techniques/gentle-stroking`?

error: no safety note called `stop-if-it-hurt`
  --> content/handouts/mornings.md:12:5
   |
12 |   - safety/stop-if-it-hurt
   |     ^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `safety/stop-if-it-hurts`?

error: no entry called `stifness`
  --> content/handouts/mornings.md:14:8
   |
14 | Read [[stifness]] first, then [the stroking page](../techniques/gentle-strokin.md).
   |        ^^^^^^^^
   |
help: did you mean `conditions/stiffness`?

error: no technique called `gentle-strokin`
  --> content/handouts/mornings.md:14:51
   |
14 | Read [[stifness]] first, then [the stroking page](../techniques/gentle-strokin.md).
   |                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `../techniques/gentle-stroking.md`?

error: no entry called `morning stifness`
 --> content/techniques/gentle-stroking.md:9:48
  |
9 | Light strokes warm the skin and muscles. See [[morning stifness]].
  |                                                ^^^^^^^^^^^^^^^^
  |
help: did you mean `morning stiffness`?

error: 10 errors in 3 files; nothing was written
"#
    );
}

// ---- drafts ----------------------------------------------------------------------------

/// What `build` and `check` say about graph-drafts: a warning at every place that names a
/// draft, and nothing to change there.
const DRAFT_WARNINGS: &str = r#"warning: `hot-stones` is a draft, so this link is shown as plain text until it is published
 --> content/_index.md:1:25
  |
1 | Welcome. Ask us about [[hot-stones]] or [[whiplash]].
  |                         ^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `hot-stones` is a draft, so it is left out of `techniques` until it is published
 --> content/conditions/whiplash.md:4:27
  |
4 | techniques: [deep-tissue, hot-stones]
  |                           ^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `hot-stones` is a draft, so this link is shown as plain text until it is published
 --> content/conditions/whiplash.md:8:69
  |
8 | Your neck may be sore for a few weeks. Warmth can help: ask about [[hot-stones]],
  |                                                                     ^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `../techniques/hot-stones.md` is a draft, so this link is shown as plain text until it is published
 --> content/conditions/whiplash.md:9:15
  |
9 | [warm stones](../techniques/hot-stones.md) or [[stone therapy|a stone session]].
  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `stone therapy` is a draft, so this link is shown as plain text until it is published
 --> content/conditions/whiplash.md:9:49
  |
9 | [warm stones](../techniques/hot-stones.md) or [[stone therapy|a stone session]].
  |                                                 ^^^^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `techniques/hot-stones` is a draft, so this chapter is left out of the handout until it is published
 --> content/handouts/neck-care.md:6:21
  |
6 | entries: [whiplash, techniques/hot-stones, deep-tissue]
  |                     ^^^^^^^^^^^^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/techniques/hot-stones.md (`carebook build --drafts` shows drafts)

warning: `heat-warning` is a draft, so it is left out of `safety` until it is published
 --> content/techniques/deep-tissue.md:5:27
  |
5 | safety: [not-a-diagnosis, heat-warning]
  |                           ^^^^^^^^^^^^
  |
help: nothing needs changing here: it is published when `draft: true` is removed from content/safety/heat-warning.md (`carebook build --drafts` shows drafts)

"#;

#[test]
fn a_draft_is_taken_down_with_warnings_and_links_to_it_become_text() {
    let site = Site::copy("graph-drafts");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stdout.starts_with("Built 12 pages in ") && run.stdout.ends_with(" (7 warnings)\n"),
        "{}",
        run.stdout
    );
    // A build shows the first three and counts the rest; `check` shows every one.
    assert!(run.stderr.ends_with("note: 4 more `draft-link` warnings are not shown here: `carebook check` lists every finding (`carebook check --format json` as data for a spreadsheet or a script)\n"), "{}", run.stderr);
    let check = site.run(&["check"]);
    assert_eq!(check.stderr, DRAFT_WARNINGS);
    assert!(!site.out().join("techniques/hot-stones").exists());
    assert!(!site.out().join("safety/heat-warning").exists());
    // Links are their text alone (a `[[slug]]` shows the title, as it would published).
    let whiplash = site.read_out("conditions/whiplash/index.html");
    assert!(
        whiplash.contains(
            "<div class=\"body\"><p>Your neck may be sore for a few weeks. Warmth can help: ask about Hot stone massage,\nwarm stones or a stone session.</p>"
        ),
        "{whiplash}"
    );
    let home = site.read_out("index.html");
    assert!(
        home.contains(
            r#"<p>Welcome. Ask us about Hot stone massage or <a href="conditions/whiplash/index.html">Whiplash</a>.</p>"#
        ),
        "{home}"
    );
    // Relations to the drafts are left out, with all that follows from them: the related
    // list, the safety callouts carried from a technique, the inverse lists, the chapters.
    for page in [
        "index.html",
        "conditions/whiplash/index.html",
        "techniques/index.html",
        "techniques/deep-tissue/index.html",
        "benefits/relaxation/index.html",
        "handouts/neck-care/index.html",
    ] {
        let html = site.read_out(page);
        for gone in ["hot-stones", "heat-warning", "Heat and your skin"] {
            assert!(!html.contains(gone), "{page} has {gone}");
        }
    }
    assert!(
        !site
            .read_out("benefits/relaxation/index.html")
            .contains("Hot stone")
    );
    let handout = site.read_out("handouts/neck-care/index.html");
    assert!(
        handout.contains(r#"id="chapter--whiplash""#)
            && handout.contains(r#"id="chapter--deep-tissue""#)
    );
    assert!(
        whiplash.contains(
            r#"<a href="../../techniques/deep-tissue/index.html">Deep tissue massage</a>"#
        )
    );
}

#[test]
fn links_to_drafts_fail_check_strict() {
    let site = Site::copy("graph-drafts");
    let run = site.run(&["check", "--strict", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "Check failed: 5 entries checked, 7 warnings in 4 files (--strict: warnings fail)\n"
    );
    assert_eq!(run.stderr, DRAFT_WARNINGS);
    let json = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(json.stdout.matches(r#""code": "draft-link""#).count(), 7);
}

#[test]
fn build_with_drafts_publishes_them_with_every_link() {
    let site = Site::copy("graph-drafts");
    let run = site.run(&["build", "--drafts", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let whiplash = site.read_out("conditions/whiplash/index.html");
    assert!(
        whiplash.contains(
            "ask about <a href=\"../../techniques/hot-stones/index.html\">Hot stone massage</a>,\n<a href=\"../../techniques/hot-stones/index.html\">warm stones</a> or <a href=\"../../techniques/hot-stones/index.html\">a stone session</a>.</p>"
        ),
        "{whiplash}"
    );
    assert!(
        whiplash.contains(
            "<h3><a href=\"../../safety/heat-warning/index.html\">Heat and your skin</a></h3>"
        ),
        "{whiplash}"
    );
    assert!(
        site.read_out("benefits/relaxation/index.html")
            .contains("Hot stone massage")
    );
    assert!(
        site.read_out("handouts/neck-care/index.html")
            .contains(r#"id="chapter--hot-stones""#)
    );
}

// ---- orphans ---------------------------------------------------------------------------

#[test]
fn an_entry_shown_in_a_computed_inverse_list_is_not_an_orphan() {
    // Whiplash is linked from "Used for" on its technique and "Recommended for" on its
    // exercise; Assisted stretching from "Delivered by" on its benefit. Only Better
    // sleep has no page that links to it.
    let site = Site::copy("graph-orphans");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stdout,
        "Check passed: 7 entries checked, 1 warning in 1 file\n"
    );
    assert_eq!(
        run.stderr,
        r#"warning: no other page links to this entry
 --> content/benefits/better-sleep.md:2:1
  |
2 | title: Better sleep
  | ^^^^^^^^^^^^^^^^^^^
  |
help: readers only find it in the A–Z list: link to it from a related page (`[[slug]]`) or list it in a related entry's front matter

"#
    );
}
