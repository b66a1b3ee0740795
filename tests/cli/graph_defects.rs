//! Issue 13, the graph: aliases that name two pages, entries that list themselves, one
//! "did you mean" for every misspelt name, drafts that are taken down without breaking
//! the pages that link to them, and orphans counted from every link a page shows.

use crate::support::{Site, TODAY};

// ---- orphans ---------------------------------------------------------------------------

#[test]
fn an_entry_shown_in_a_computed_inverse_list_is_not_an_orphan() {
    // Whiplash is linked from "Used for" on its technique and "Recommended for" on its
    // exercise; Assisted stretching from "Delivered by" on its benefit. Only Better
    // sleep has no page that links to it.
    let site = Site::copy("graph-orphans");
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(run.stdout, "Check passed: 0 errors, 1 warning in 1 file\n");
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
