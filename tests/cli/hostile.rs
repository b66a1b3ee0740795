//! Hostile and broken content (issue 3): every kind of bad input a clinic's hand-edited,
//! Word-pasted, Dropbox-synced folder can hold meets a clear error naming file:line:column,
//! the right exit code (1 content, 2 usage or environment), no panic, and the last good
//! site untouched. Each case builds the small `hostile/site` fixture once (the "last good
//! site"), adds the hostile input, builds again and compares stderr exactly.
//!
//! Then the output folder's dangers (refused folders, a full disk, a read-only folder,
//! Ctrl-C), HTML escaping, and properties run with proptest: any text as a content file
//! builds or gives errors inside it, slugify is idempotent, builds are byte-identical.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proptest::prelude::*;

use crate::support::{
    Run, Site, TODAY, carebook, fixtures, run_in, skip, snapshot, stderr_table, wait_until,
};

const FIXTURE: &str = "hostile/site";

/// The `hostile/site` fixture, built once: the last good site every case must keep.
struct Built {
    site: Site,
    before: Vec<(PathBuf, Vec<u8>)>,
}

fn built() -> Built {
    let site = Site::copy(FIXTURE);
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "", "the fixture builds without warnings");
    let before = snapshot(&site.out());
    Built { site, before }
}

impl Built {
    fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        self.site.write_bytes(relative, bytes);
    }

    /// The build failed as it should have: exit `code`, stderr exactly `expected`, the
    /// last good site byte for byte, and no work folder left beside it.
    #[track_caller]
    fn assert_refused(&self, run: &Run, code: i32, expected: &str) {
        run.assert_code(code);
        assert_eq!(run.stderr, expected);
        self.assert_untouched();
    }

    #[track_caller]
    fn assert_untouched(&self) {
        assert_eq!(
            self.before,
            snapshot(&self.site.out()),
            "the last good site changed"
        );
        assert_eq!(leftovers(self.site.path()), Vec::<String>::new());
    }
}

/// carebook's work folders (`.public.carebook-new`, `-old`) in `dir`. The build before
/// last, `.public.carebook-previous`, is not one: it is kept for the next build; nor is
/// the lock file `.public.carebook-lock`, kept for the next build to lock.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains(".carebook-")
                && !n.ends_with(".carebook-previous")
                && !n.ends_with(".carebook-lock")
        })
        .collect()
}

const NOTHING_WRITTEN: &str = "nothing was written (the last good site is untouched)";

// ---- one hostile file, one exact diagnostic ---------------------------------------------

/// One hostile content file added to the fixture: `file`, holding `contents()`.
struct ContentError {
    /// The test's name, and its snapshot's: `tests/cli/snapshots/hostile/NAME.snap`.
    name: &'static str,
    file: &'static str,
    contents: fn() -> Vec<u8>,
}

/// Each case's build must fail with exit code 1, print exactly its snapshot, and change
/// nothing (the last good site byte for byte, no work folder left).
const CONTENT_ERRORS: &[ContentError] = &[
    // front matter
    ContentError {
        name: "front_matter_not_closed",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\n\nMassage can help you sleep.\n"
                .to_vec()
        },
    },
    ContentError {
        name: "front_matter_empty",
        file: "content/benefits/better-sleep.md",
        contents: || b"---\n---\nMassage can help you sleep.\n".to_vec(),
    },
    ContentError {
        name: "front_matter_not_a_mapping",
        file: "content/benefits/better-sleep.md",
        contents: || b"---\n- Better sleep\n- Sleeping longer.\n---\nText.\n".to_vec(),
    },
    ContentError {
        name: "front_matter_plain_text_is_not_a_mapping",
        file: "content/benefits/better-sleep.md",
        contents: || b"---\nBetter sleep for everyone\n---\nText.\n".to_vec(),
    },
    ContentError {
        name: "yaml_unclosed_quote",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: \"Better sleep\nsummary: Sleeping longer.\n---\nText.\n".to_vec()
        },
    },
    ContentError {
        name: "yaml_unclosed_bracket",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\ntags: [sleep, rest\n---\nText.\n"
                .to_vec()
        },
    },
    ContentError {
        name: "yaml_bad_indentation",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\n  summary: Sleeping longer.\n---\nText.\n".to_vec()
        },
    },
    ContentError {
        name: "yaml_tabs",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\ntags:\n\t- sleep\n---\nText.\n"
                .to_vec()
        },
    },
    ContentError {
        name: "a_list_where_text_belongs",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: [Sleeping longer, waking less]\n---\nText.\n"
                .to_vec()
        },
    },
    // A British date, as a clinic would write it by hand.
    ContentError {
        name: "a_date_that_is_not_a_date",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\nreviewed: 01/10/2026\n---\nText.\n".to_vec()
        },
    },
    ContentError {
        name: "a_five_megabyte_front_matter",
        file: "content/benefits/better-sleep.md",
        contents: five_megabyte_front_matter,
    },
    ContentError {
        name: "duplicate_keys",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\ntitle: Sleep\n---\nText.\n"
                .to_vec()
        },
    },
    ContentError {
        name: "billion_laughs_with_nested_lists",
        file: "content/benefits/lol.md",
        contents: billion_laughs_with_nested_lists,
    },
    // files
    // Pasted from Word and saved as Windows-1252: 0x96 is its en dash.
    ContentError {
        name: "not_utf8",
        file: "content/benefits/better-sleep.md",
        contents: || {
            b"---\ntitle: Better sleep\nsummary: Sleeping longer.\n---\nSleep 7\x969 hours.\n"
                .to_vec()
        },
    },
    ContentError {
        name: "empty_file",
        file: "content/benefits/better-sleep.md",
        contents: || b"".to_vec(),
    },
    // links
    ContentError {
        name: "wikilink_to_etc_passwd",
        file: "content/conditions/whiplash.md",
        contents: || whiplash_with("Read [[../../etc/passwd]]."),
    },
    ContentError {
        name: "markdown_link_out_of_the_site",
        file: "content/conditions/whiplash.md",
        contents: || {
            whiplash_with("Read [x](../../../secret.md) and [y](..%2F..%2F..%2Fsecret.md).")
        },
    },
    ContentError {
        name: "absolute_paths",
        file: "content/conditions/whiplash.md",
        contents: || {
            whiplash_with(
                "[a](/etc/passwd) [b](C:\\Users\\clinic\\x.md) [c](C:/x.md) ![d](/logo.png)",
            )
        },
    },
    ContentError {
        name: "javascript_urls_are_refused",
        file: "content/conditions/whiplash.md",
        contents: || {
            whiplash_with(
                "[a](javascript:alert(1)) [b](JavaScript:alert(1)) <javascript:alert(1)> [c][r]\n\n[r]: javascript:alert(1)",
            )
        },
    },
    ContentError {
        name: "anchor_on_a_page_without_that_heading",
        file: "content/conditions/whiplash.md",
        contents: || {
            whiplash_with(
                "See [[deep-tissue#risks]], [[range-of-motion#why]] and [here](#symptoms).",
            )
        },
    },
];

#[test]
fn each_hostile_content_file_is_refused_with_its_snapshot_and_changes_nothing() {
    stderr_table(
        "hostile",
        CONTENT_ERRORS,
        |case| case.name,
        |case| {
            let b = built();
            let contents = (case.contents)();
            b.write_bytes(case.file, &contents);
            let run = b.site.build();
            run.assert_code(1);
            b.assert_untouched();
            let shown: String = String::from_utf8_lossy(&contents)
                .chars()
                .take(300)
                .collect();
            (
                format!(
                    "carebook build --today {TODAY} in tests/fixtures/{FIXTURE}, after a good build, with {} ({} bytes) written as {shown:?}",
                    case.file,
                    contents.len()
                ),
                run.stderr,
            )
        },
    );
}

/// A document pasted into the summary: refused before the YAML is parsed.
fn five_megabyte_front_matter() -> Vec<u8> {
    let mut text = String::from("---\ntitle: Better sleep\nsummary: \"");
    while text.len() < 5 * 1024 * 1024 {
        text.push_str("Massage may help you fall asleep sooner and wake less often. ");
    }
    text.push_str("\"\n---\nText.\n");
    text.into_bytes()
}

/// Nine levels of nine aliases: 387,420,489 items if expanded. Refused at once.
fn billion_laughs_with_nested_lists() -> Vec<u8> {
    let mut text = String::from(
        "---\ntitle: Lol\nsummary: Lol.\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let items = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    text.push_str("tags: *i\n---\nText.\n");
    text.into_bytes()
}

// ---- front matter -----------------------------------------------------------------------

#[test]
fn billion_laughs_with_repeated_text() {
    // 3 KB of text repeated 50,000 times through one alias: 150 MB if expanded.
    let text = format!(
        "---\ntitle: Lol\nsummary: Lol.\ns: &s \"{}\"\ntags: [{}]\n---\nText.\n",
        "lol".repeat(1000),
        vec!["*s"; 50_000].join(",")
    );
    let b = built();
    b.write_bytes("content/benefits/lol.md", text.as_bytes());
    let run = b.site.build();
    run.assert_code(1);
    let first = run.stderr.lines().take(2).collect::<Vec<_>>().join("\n");
    assert_eq!(
        first,
        "error: front matter: the YAML aliases (`*name`) here repeat values to far more text than is written; carebook does not expand aliases this far\n --> content/benefits/lol.md:5:7"
    );
    assert!(run.stderr.contains("help: YAML anchors and aliases (`&name`, `*name`) repeat a value each time they are used; write the values out plainly\n"), "{}", run.stderr);
    b.assert_untouched();
}

// ---- files --------------------------------------------------------------------------------

#[test]
fn utf16_is_named() {
    let mut bytes = vec![0xff, 0xfe];
    for unit in "---\ntitle: A\n---\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let b = built();
    b.write_bytes("content/benefits/better-sleep.md", &bytes);
    let run = b.site.build();
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error: this file is not UTF-8 text (it looks like UTF-16): the byte at offset 0 is 0xff\n --> content/benefits/better-sleep.md:1:1\n"),
        "{}",
        run.stderr
    );
    b.assert_untouched();
}

#[test]
fn byte_order_mark_and_crlf_just_work() {
    let b = built();
    let text = "\u{feff}---\r\ntitle: Whiplash\r\nsummary: Neck pain and stiffness after a sudden jolt.\r\ntechniques: [deep-tissue]\r\nbenefits: [range-of-motion]\r\nreviewed: 2026-10-01\r\nreviewed_by: Clinic lead therapist\r\n---\r\n## What it feels like\r\n\r\nYour neck may feel stiff. See [[deep-tissue#what-happens]] and [below](#what-it-feels-like).\r\n";
    b.write_bytes("content/conditions/whiplash.md", text.as_bytes());
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let page = b.site.read_out("conditions/whiplash/index.html");
    assert!(page.contains("<h1>Whiplash</h1>"), "{page}");
    assert!(page.contains(r#"<h2 id="what-it-feels-like">What it feels like</h2>"#));
    assert!(page.contains(r#"href="../../techniques/deep-tissue/index.html#what-happens""#));
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn fifty_megabyte_markdown_file() {
    // Refused by its size before it is read: no memory is spent on it. (A sparse file:
    // the test costs no disk.)
    let b = built();
    let path = b.site.path().join("content/benefits/huge.md");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: this file is 50.0 MB; carebook reads content files up to 10 MB
 --> content/benefits/huge.md:1:1
  |
help: split it into several entries, or remove what was pasted into it by mistake

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn a_large_file_under_the_limit_builds() {
    let b = built();
    let mut text = String::from(
        "---\ntitle: Range of motion\nsummary: Moving a joint further with less pain.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n",
    );
    let mut n = 0;
    while text.len() < 2 * 1024 * 1024 {
        n += 1;
        text.push_str(&format!(
            "## Moving more, part {n}\n\nYou can move more easily. See [[whiplash]].\n\n"
        ));
    }
    b.write_bytes("content/benefits/range-of-motion.md", text.as_bytes());
    b.site.build().assert_ok();
    assert!(b.site.read_out("benefits/range-of-motion/index.html").len() > 2 * 1024 * 1024);
}

#[test]
fn many_identical_headings_build() {
    let b = built();
    let mut text = String::from(
        "---\ntitle: Range of motion\nsummary: Moving a joint further with less pain.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n",
    );
    while text.len() < 1024 * 1024 {
        text.push_str("## Moving more\n\nYou can move more easily.\n\n");
    }
    b.write_bytes("content/benefits/range-of-motion.md", text.as_bytes());
    b.site.build().assert_ok();
}

#[test]
fn many_claims_on_one_line_stay_small() {
    let b = built();
    let mut text = String::from(
        "---\ntitle: Range of motion\nsummary: Moving a joint further with less pain.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n",
    );
    text.push_str(&"This cures pain. ".repeat(20_000));
    b.write_bytes("content/benefits/range-of-motion.md", text.as_bytes());
    b.site.build().assert_ok();
}

#[test]
fn hidden_and_editor_files_are_skipped_silently() {
    let b = built();
    let junk = b"\x00\xff not a content file";
    for name in [
        "content/benefits/.DS_Store",
        "content/.DS_Store",
        "content/benefits/range-of-motion.md~",
        "content/benefits/.range-of-motion.md.swp",
        "content/benefits/~$nge-of-motion.md",
        "content/benefits/Thumbs.db",
        "content/benefits/desktop.ini",
        "content/benefits/.hidden.md",
        "content/.git/objects/x.md",
        "content/conditions/.dropbox.cache/whiplash.md",
    ] {
        b.write_bytes(name, junk);
    }
    // Emacs's lock file is a dangling symbolic link.
    std::os::unix::fs::symlink(
        "clinic@reception.12345:1700000000",
        b.site.path().join("content/benefits/.#range-of-motion.md"),
    )
    .unwrap();
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("Built 10 pages in "),
        "{}",
        run.stdout
    );
}

#[test]
fn symlink_loop_and_links_outside_the_site_are_warned_and_skipped() {
    let b = built();
    let benefits = b.site.path().join("content/benefits");
    std::os::unix::fs::symlink("loop-b.md", benefits.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", benefits.join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", benefits.join("passwd.md")).unwrap();
    std::os::unix::fs::symlink("../../..", benefits.join("up")).unwrap();
    // A folder that links to itself: walked once, not forever.
    std::os::unix::fs::symlink(".", benefits.join("again")).unwrap();
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(
        run.stderr,
        r#"warning: skipped a link to a folder
 --> content/benefits/again:1:1
  |
help: carebook does not follow folder links; move the folder here instead

warning: skipped a broken or looping link: Too many levels of symbolic links (os error 40)
 --> content/benefits/loop-a.md:1:1
  |
help: remove the link or point it at a file inside the site

warning: skipped a broken or looping link: Too many levels of symbolic links (os error 40)
 --> content/benefits/loop-b.md:1:1
  |
help: remove the link or point it at a file inside the site

warning: skipped a link that points outside the site folder
 --> content/benefits/passwd.md:1:1
  |
help: copy the file into the site folder if it belongs to the site

warning: skipped a link that points outside the site folder
 --> content/benefits/up:1:1
  |
help: copy the file into the site folder if it belongs to the site

"#
    );
    assert!(
        run.stdout.starts_with("Built 10 pages in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("(5 warnings)\n"), "{}", run.stdout);
    for (path, bytes) in snapshot(&b.site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("root:x:0:0"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn sync_conflict_copies_are_warned_and_skipped() {
    let b = built();
    let copy = std::fs::read(b.site.path().join("content/conditions/whiplash.md")).unwrap();
    b.write_bytes(
        "content/conditions/whiplash (Sam's conflicted copy 2026-11-01).md",
        &copy,
    );
    b.write_bytes(
        "content/conditions/whiplash.sync-conflict-20261101-101010-ABCDEFG.md",
        &copy,
    );
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(
        run.stderr,
        r#"warning: skipped a copy that a sync service made when two people changed the same file
 --> content/conditions/whiplash (Sam's conflicted copy 2026-11-01).md:1:1
  |
help: copy what should stay into the original file, then delete this copy

warning: skipped a copy that a sync service made when two people changed the same file
 --> content/conditions/whiplash.sync-conflict-20261101-101010-ABCDEFG.md:1:1
  |
help: copy what should stay into the original file, then delete this copy

"#
    );
    assert!(
        run.stdout.starts_with("Built 10 pages in "),
        "{}",
        run.stdout
    );
}

/// Is this process root (who may read any file)?
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().next().map(|id| id == "0"))
        .unwrap_or(false)
}

/// `carebook ARGS` in `dir`, as a user for whom file permissions count: as root, with the
/// capabilities that override them (`dac_override`, `dac_read_search`) dropped by
/// setpriv(1). `None` when that cannot be arranged.
fn run_without_override(dir: &Path, args: &[&str]) -> Option<Run> {
    let mut command = if is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search",
            "--",
            env!("CARGO_BIN_EXE_carebook"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_carebook"))
    };
    let run = Run::from(
        command
            .args(args)
            .current_dir(dir)
            .env_remove("NO_COLOR")
            .output()
            .ok()?,
    );
    // setpriv itself failing (not installed, not permitted) prints its own name.
    (!run.stderr.starts_with("setpriv:")).then_some(run)
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `carebook build` in `site` while `path` has the permissions `during` (then `after`), as
/// a user for whom they count; `None` (after saying the test is skipped) when that cannot
/// be arranged.
fn build_with_permissions(site: &Site, path: &Path, during: u32, after: u32) -> Option<Run> {
    chmod(path, during);
    let run = run_without_override(site.path(), &["build", "--today", TODAY]);
    chmod(path, after);
    if run.is_none() {
        skip(
            "file permissions",
            "cannot drop the root capabilities that override them (setpriv)",
        );
    }
    run
}

#[test]
fn unreadable_file_is_named() {
    let b = built();
    b.write_bytes(
        "content/benefits/better-sleep.md",
        b"---\ntitle: Better sleep\nsummary: Sleeping longer.\n---\nText.\n",
    );
    let path = b.site.path().join("content/benefits/better-sleep.md");
    let Some(run) = build_with_permissions(&b.site, &path, 0o000, 0o644) else {
        return;
    };
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: cannot read this file: Permission denied (os error 13)
 --> content/benefits/better-sleep.md:1:1
  |
help: carebook may not read this file: check its permissions (or that it is not open in another program)

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn unreadable_folder_is_named() {
    let b = built();
    b.write_bytes(
        "content/benefits/private/better-sleep.md",
        b"---\ntitle: Better sleep\nsummary: Sleeping longer.\n---\nText.\n",
    );
    let dir = b.site.path().join("content/benefits/private");
    let Some(run) = build_with_permissions(&b.site, &dir, 0o000, 0o755) else {
        return;
    };
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: cannot read this folder: Permission denied (os error 13)
 --> content/benefits/private:1:1
  |
help: check that the folder exists and that you may read it

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

// ---- links --------------------------------------------------------------------------------

/// The fixture's whiplash page with `line` added to its body (line 12 of the file).
fn whiplash_with(line: &str) -> Vec<u8> {
    format!(
        "---\ntitle: Whiplash\nsummary: Neck pain and stiffness after a sudden jolt.\ntechniques: [deep-tissue]\nbenefits: [range-of-motion]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n## What it feels like\n\nYour neck may feel stiff. See [[deep-tissue#what-happens]].\n{line}\n"
    )
    .into_bytes()
}

#[test]
fn thousands_of_broken_links_on_one_line_stay_small() {
    // 20,000 broken links on one 180 KB line: reported as the first 100 and a count,
    // without copying the line into each error (this took minutes and gigabytes before).
    let line = "[[nope]] ".repeat(20_000);
    let b = built();
    b.write_bytes("content/conditions/whiplash.md", &whiplash_with(&line));
    let run = b.site.build();
    run.assert_code(1);
    assert!(run.stderr.starts_with("error: no entry called `nope`\n --> content/conditions/whiplash.md:12:3\n  |\nhelp: the slug is the file name without `.md`\n\n"), "{}", &run.stderr[..300]);
    assert!(run.stderr.ends_with("error: 19900 more broken or refused links in this file, from here on (only the first 100 are shown one by one)\n --> content/conditions/whiplash.md:12:903\n  |\nhelp: fix the links shown above, then build again to see the rest\n\nerror: 101 errors in 1 file; nothing was written (the last good site is untouched)\n"), "{}", &run.stderr[run.stderr.len() - 400..]);
    b.assert_untouched();
}

// ---- names --------------------------------------------------------------------------------

#[test]
fn slugs_that_differ_only_in_case_and_punctuation() {
    let b = built();
    b.write_bytes(
        "content/techniques/Deep Tissue.md",
        b"---\ntitle: Deep tissue (copy)\nsummary: A copy.\n---\nText.\n",
    );
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: this file has the same web address as content/techniques/Deep Tissue.md (`deep-tissue`)
 --> content/techniques/deep-tissue.md:1:1
  |
help: rename one of the two files; names that differ only in capitals or punctuation count as the same

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn slugs_with_spaces_and_letters_outside_ascii() {
    // README, "Slugs": lower case, every run of characters other than letters and digits
    // made one `-`, letters outside ASCII kept.
    let b = built();
    b.write_bytes(
        "content/benefits/Épaule gelée.md",
        b"---\ntitle: \xc3\x89paule gel\xc3\xa9e\nsummary: A stiff shoulder.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\nText.\n",
    );
    b.write_bytes(
        "content/benefits/  Neck & Shoulder!! .md",
        b"---\ntitle: Neck and shoulder\nsummary: Both at once.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\nText.\n",
    );
    b.write_bytes(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "Also [[épaule-gelée]], [[neck-shoulder]] and [the file](../benefits/%C3%89paule%20gel%C3%A9e.md).",
        ),
    );
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    let page = b.site.read_out("conditions/whiplash/index.html");
    assert!(
        page.contains(
            r#"<a href="../../benefits/%C3%A9paule-gel%C3%A9e/index.html">Épaule gelée</a>"#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="../../benefits/neck-shoulder/index.html">Neck and shoulder</a>"#)
    );
    assert!(
        page.contains(r#"<a href="../../benefits/%C3%A9paule-gel%C3%A9e/index.html">the file</a>"#)
    );
    assert!(
        b.site
            .out()
            .join("benefits/épaule-gelée/index.html")
            .is_file()
    );
    assert!(
        b.site
            .out()
            .join("benefits/neck-shoulder/index.html")
            .is_file()
    );
}

#[test]
fn a_kind_folder_missing_builds() {
    // No benefits at all: the kind simply has no pages.
    let b = built();
    std::fs::remove_dir_all(b.site.path().join("content/benefits")).unwrap();
    for (file, from) in [
        (
            "content/conditions/whiplash.md",
            "benefits: [range-of-motion]\n",
        ),
        (
            "content/techniques/deep-tissue.md",
            "benefits: [range-of-motion]\n",
        ),
    ] {
        let path = b.site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap().replace(from, "");
        std::fs::write(path, text).unwrap();
    }
    let run = b.site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert!(!b.site.out().join("benefits").exists());
}

#[test]
fn a_misspelt_kind_folder_is_reported_once() {
    // The folder's error says it all: the links to its entries are not reported again.
    let b = built();
    std::fs::rename(
        b.site.path().join("content/benefits"),
        b.site.path().join("content/benefts"),
    )
    .unwrap();
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: the folder `benefts` is not a kind of entry
 --> content/benefts:1:1
  |
help: did you mean `benefits`? Otherwise declare the kind in site.yaml under `kinds:`

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

#[test]
fn a_file_directly_in_content() {
    let b = built();
    b.write_bytes(
        "content/whiplash-notes.md",
        b"---\ntitle: Notes\nsummary: Notes.\n---\nText.\n",
    );
    // Other files there (a clinic's own notes) are not content and are left alone.
    b.write_bytes("content/notes.txt", b"reception phone list");
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: an entry must be inside its kind's folder
 --> content/whiplash-notes.md:1:1
  |
help: move it into one of content/conditions/, content/techniques/, content/benefits/, content/safety/, content/handouts/, or into content/pages/ if it is a plain page such as About us or Contact; only `_index.md` (the home page text) belongs directly in content/

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

// ---- templates ----------------------------------------------------------------------------

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let b = built();
    b.write_bytes(
        "templates/entry.html",
        b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entry.title }</h1>\n{% endblock %}\n",
    );
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: template: Found `}}` but expected }}}}.
 --> templates/entry.html:3:20
  |
3 | <h1>{{{{ entry.title }}</h1>
  |                    ^
  |
help: fix the template; https://keats.github.io/tera/ documents its syntax

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("backtrace"));
}

#[test]
fn template_unknown_filter_include_and_parent_are_placed_in_the_template() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entry.title | shout }}</h1>\n{% endblock %}\n",
            r#"error: template: Unknown filter `shout`
 --> templates/entry.html:3:22
  |
3 | <h1>{{ entry.title | shout }}</h1>
  |                      ^^^^^
  |
help: fix the template; https://keats.github.io/tera/ documents its syntax
"#,
        ),
        (
            b"{% extends \"base.html\" %}\n{% block content %}\n{% include \"card.html\" %}\n{% endblock %}\n",
            r#"error: template: Unknown template `card.html`
 --> templates/entry.html:3:12
  |
3 | {% include "card.html" %}
  |            ^^^^^^^^^^^
  |
help: fix the template; https://keats.github.io/tera/ documents its syntax
"#,
        ),
        (
            b"{% extends \"basis.html\" %}\n{% block content %}\n<h1>{{ entry.title }}</h1>\n{% endblock %}\n",
            r#"error: template: `entry.html` extends `basis.html`, which is not a template of the theme or the site
 --> templates/entry.html:1:13
  |
1 | {% extends "basis.html" %}
  |             ^^^^^^^^^^
  |
help: check the name in `{% extends %}`: it must be a file in templates/ or the theme's templates/
"#,
        ),
    ];
    for (template, expected) in cases {
        let b = built();
        b.write_bytes("templates/entry.html", template);
        let run = b.site.build();
        b.assert_refused(
            &run,
            1,
            &format!("{expected}\nerror: 1 error in 1 file; {NOTHING_WRITTEN}\n"),
        );
    }
}

#[test]
fn template_unknown_variable_names_the_template_and_line() {
    let b = built();
    b.write_bytes(
        "templates/entry.html",
        b"{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entry.title }}</h1>\n<p>{{ entry.reviewer }}</p>\n{% endblock %}\n",
    );
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: template: Field `reviewer` is not defined. Available fields: aliases, audience, backlinks, body, href, jsonld, kind, kind_href, kind_title, notes, print, qr, related, review, safety, severity, sources, summary, tags, texts, title, urgent, url
 --> templates/entry.html:4:13
  |
4 | <p>{{{{ entry.reviewer }}}}</p>
  |             ^^^^^^^^
  |
help: fix the template; https://keats.github.io/tera/ documents its syntax

error: 1 error in 1 file; {NOTHING_WRITTEN}
"#
        ),
    );
}

// ---- all errors together ----------------------------------------------------------------

#[test]
fn all_errors_are_reported_together_sorted_and_once() {
    let b = built();
    b.write_bytes(
        "content/techniques/deep-tissue.md",
        b"---\ntitle: Deep tissue massage\nsummary: Firm pressure.\nbenefits: [range-of-motoin]\nsafety: [not-a-diagnosis]\n---\n## What happens\n\nSee [[whiplash#nowhere]] and [[whiplash#nowhere]].\n",
    );
    b.write_bytes("content/benefits/a-empty.md", b"");
    b.write_bytes(
        "content/benefits/z-broken.md",
        b"---\ntitle: \"Broken\nsummary: x\n---\n",
    );
    let run = b.site.build();
    b.assert_refused(
        &run,
        1,
        &format!(
            r#"error: this file is empty
 --> content/benefits/a-empty.md:1:1
  |
help: write front matter with `title:` and `summary:` and some text, or delete the file

error: front matter: this quoted text is never closed
 --> content/benefits/z-broken.md:2:8
  |
2 | title: "Broken
  |        ^
  |
help: end the text with the same quote it starts with, or remove the quotes; inside double quotes, write `\\` for a backslash

error: no benefit called `range-of-motoin`
 --> content/techniques/deep-tissue.md:4:12
  |
4 | benefits: [range-of-motoin]
  |            ^^^^^^^^^^^^^^^
  |
help: did you mean `range-of-motion`?

error: `conditions/whiplash` has no heading `#nowhere`
 --> content/techniques/deep-tissue.md:9:7
  |
9 | See [[whiplash#nowhere]] and [[whiplash#nowhere]].
  |       ^^^^^^^^^^^^^^^^
  |
help: its headings are: #what-it-feels-like

error: `conditions/whiplash` has no heading `#nowhere`
 --> content/techniques/deep-tissue.md:9:32
  |
9 | See [[whiplash#nowhere]] and [[whiplash#nowhere]].
  |                                ^^^^^^^^^^^^^^^^
  |
help: its headings are: #what-it-feels-like

error: 5 errors in 3 files; {NOTHING_WRITTEN}
"#
        ),
    );
}

// ---- output -------------------------------------------------------------------------------

#[test]
fn refused_output_folders_lose_nothing() {
    let b = built();
    b.write_bytes("mine/notes.txt", b"keep me");
    b.write_bytes("static/logo.svg", b"<svg/>");
    std::os::unix::fs::symlink("/", b.site.path().join("to-root")).unwrap();
    let site_before = snapshot(b.site.path());
    let root = b.site.path().to_str().unwrap().to_string();
    for (out, reason) in [
        (
            "/",
            "it is the root of the file system; choose an empty folder such as `public`",
        ),
        (
            "to-root",
            "it is the root of the file system; choose an empty folder such as `public`",
        ),
        (
            ".",
            "it holds the site itself; choose a folder inside the site such as `public`",
        ),
        (
            root.as_str(),
            "it holds the site itself; choose a folder inside the site such as `public`",
        ),
        (
            "..",
            "it holds the site itself; choose a folder inside the site such as `public`",
        ),
        (
            "content",
            "it is inside the site's content/ folder; choose a folder such as `public`",
        ),
        (
            "content/conditions",
            "it is inside the site's content/ folder; choose a folder such as `public`",
        ),
        (
            "static",
            "it is inside the site's static/ folder; choose a folder such as `public`",
        ),
        (
            "mine",
            "it holds files that carebook did not create; carebook replaces its output folder whole, so it only writes into an empty folder or into its own earlier output (use --out to choose another folder)",
        ),
        ("mine/notes.txt", "it is a file, not a folder"),
    ] {
        let run = b.site.run(&["build", "--today", TODAY, "--out", out]);
        run.assert_code(2);
        assert_eq!(
            run.stderr,
            format!("error: refusing to write the site into {out}: {reason}\n"),
            "{out}"
        );
        assert_eq!(site_before, snapshot(b.site.path()), "{out}");
    }
}

#[test]
fn refuses_the_home_folder() {
    let b = built();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("letter.docx"), "Dear patient").unwrap();
    let before = snapshot(home.path());
    let output = Command::new(env!("CARGO_BIN_EXE_carebook"))
        .args(["build", "--today", TODAY, "--out"])
        .arg(home.path())
        .current_dir(b.site.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: refusing to write the site into {}: it is your home folder; choose an empty folder such as `public`\n",
            home.path().display()
        )
    );
    assert_eq!(before, snapshot(home.path()));
}

/// A page body of about `bytes` bytes, so that writing it takes room on the disk.
fn big_entry(bytes: usize) -> String {
    let mut text = String::from(
        "---\ntitle: Range of motion\nsummary: Moving a joint further with less pain.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n",
    );
    let mut n = 0;
    while text.len() < bytes {
        n += 1;
        text.push_str(&format!(
            "Paragraph {n}: moving more easily, day by day.\n\n"
        ));
    }
    text
}

/// A tmpfs of `kilobytes` mounted on a new folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(kilobytes: usize) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kilobytes}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Tmpfs { dir })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn disk_full_mid_build_keeps_the_last_site() {
    // A real full disk: a small tmpfs (needs root; skipped elsewhere).
    let b = built();
    let Some(disk) = Tmpfs::mount(1024) else {
        return skip("a full disk", "cannot mount a tmpfs here (not root?)");
    };
    let out = disk.dir.path().join("public");
    let out_arg = out.to_str().unwrap();
    b.site
        .run(&["build", "--today", TODAY, "--out", out_arg])
        .assert_ok();
    let before = snapshot(&out);
    // A page bigger than what is left on the disk.
    b.write_bytes(
        "content/benefits/range-of-motion.md",
        big_entry(1200 * 1024).as_bytes(),
    );
    let run = b.site.run(&["build", "--today", TODAY, "--out", out_arg]);
    run.assert_code(2);
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot write {}/.public.carebook-new/",
            disk.dir.path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(": No space left on device (os error 28); nothing was changed (the last good site is untouched)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&out));
    assert_eq!(leftovers(disk.dir.path()), Vec::<String>::new());
}

#[test]
fn write_failing_mid_build_keeps_the_last_site() {
    // Writes fail part way (a file-size limit: EFBIG, as a quota or a full disk would);
    // works as any user. SIGXFSZ is ignored so that the write fails instead of killing.
    let b = built();
    b.write_bytes(
        "content/benefits/range-of-motion.md",
        big_entry(600 * 1024).as_bytes(),
    );
    let output = Command::new("sh")
        .args([
            "-c",
            r#"trap "" XFSZ; ulimit -f 1024; exec "$0" "$@""#,
            env!("CARGO_BIN_EXE_carebook"),
            "build",
            "--today",
            TODAY,
        ])
        .current_dir(b.site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: cannot write ./.public.carebook-new/benefits/range-of-motion/index.html: "
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(": File too large (os error 27); nothing was changed (the last good site is untouched)\n"),
        "{stderr}"
    );
    b.assert_untouched();
}

#[test]
fn read_only_output_folder_keeps_the_last_site() {
    let b = built();
    b.write_bytes(
        "content/benefits/range-of-motion.md",
        big_entry(10 * 1024).as_bytes(),
    );
    let Some(run) = build_with_permissions(&b.site, b.site.path(), 0o555, 0o755) else {
        return;
    };
    b.assert_refused(
        &run,
        2,
        "error: cannot write ./.public.carebook-new: Permission denied (os error 13); nothing was changed (the last good site is untouched)\n",
    );
}

/// Adds `n` entries with some text each, so that writing the site takes a while.
fn add_many_entries(b: &Built, n: usize) {
    let body = "Gentle movement helps. ".repeat(200);
    for i in 0..n {
        b.write_bytes(
            &format!("content/benefits/benefit-{i:05}.md"),
            format!(
                "---\ntitle: Benefit {i}\nsummary: Benefit number {i}.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n## Why\n\n{body}\n"
            )
            .as_bytes(),
        );
    }
}

#[test]
fn ctrl_c_and_termination_during_a_build_keep_the_last_site() {
    let b = built();
    add_many_entries(&b, 1500);
    for signal in ["INT", "TERM"] {
        let child = carebook(b.site.path(), &["build", "--today", TODAY])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the new site is being written, then interrupt.
        let work = b.site.path().join(".public.carebook-new");
        wait_until("the build to start writing", || work.exists());
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(130), "SIG{signal}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "\ninterrupted: the new site was not written; the last good site is untouched\n"
        );
        b.assert_untouched();
    }
}

#[test]
fn a_killed_build_is_cleaned_up_by_the_next() {
    // SIGKILL cannot be caught: the work folder stays, and the next build removes it.
    let b = built();
    add_many_entries(&b, 600);
    let mut child = carebook(b.site.path(), &["build", "--today", TODAY])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let work = b.site.path().join(".public.carebook-new");
    wait_until("the build to start writing", || {
        work.join(".carebook-output").exists()
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(b.before, snapshot(&b.site.out()));
    assert!(work.exists());
    b.site.build().assert_ok();
    assert_eq!(leftovers(b.site.path()), Vec::<String>::new());
    assert!(
        b.site
            .out()
            .join("benefits/benefit-00599/index.html")
            .is_file()
    );
    // A work folder left empty (killed right after making it) does not block builds.
    std::fs::create_dir(&work).unwrap();
    b.site.build().assert_ok();
    assert_eq!(leftovers(b.site.path()), Vec::<String>::new());
}

// ---- security of the output ---------------------------------------------------------------

#[test]
fn front_matter_strings_are_escaped_everywhere() {
    let b = built();
    let evil = "<script>alert(1)</script>";
    b.write_bytes(
        "content/benefits/range-of-motion.md",
        format!(
            "---\ntitle: \"{evil} Range\"\nsummary: \"{evil} summary\"\naliases: [\"{evil} alias\"]\ntags: [\"{evil}\", \"<img src=x onerror=alert(1)>\"]\nreviewed: 2026-07-01\nreviewed_by: \"{evil} therapist\"\nsources: [\"{evil} source\"]\n---\nText.\n"
        )
        .as_bytes(),
    );
    b.write_bytes(
        "content/handouts/first-visit.md",
        format!(
            "---\ntitle: \"{evil} handout\"\nsummary: \"{evil}\"\nsubtitle: \"{evil}\"\nauthor: \"{evil}\"\ncourse: \"{evil}\"\ndate: \"{evil}\"\nentries: [range-of-motion, whiplash]\nreviewed: 2026-07-01\nreviewed_by: \"{evil}\"\n---\nText.\n"
        )
        .as_bytes(),
    );
    b.write_bytes(
        "site.yaml",
        format!("title: \"{evil} clinic\"\ndescription: \"{evil}\"\nlanguage: en-GB\n").as_bytes(),
    );
    b.site.build().assert_ok();
    let files = snapshot(&b.site.out());
    assert!(files.len() > 10);
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{}", path.display());
        assert!(!text.contains("<img src=x"), "{}", path.display());
        // Inside JSON-LD the escape is JSON's own.
        assert!(!text.contains("</script> "), "{}", path.display());
    }
}

#[test]
fn raw_html_in_bodies_is_kept_or_escaped_as_site_yaml_says() {
    let b = built();
    let video = r#"<iframe src="https://www.youtube-nocookie.com/embed/x" title="Neck stretches"></iframe>"#;
    b.write_bytes(
        "content/conditions/whiplash.md",
        &whiplash_with(&format!(
            "\n{video}\n\nAnd <script>alert(1)</script> inline."
        )),
    );
    b.site.build().assert_ok();
    let page = b.site.read_out("conditions/whiplash/index.html");
    assert!(page.contains(video), "{page}");
    assert!(page.contains("<script>alert(1)</script>"));

    let site_yaml = std::fs::read_to_string(b.site.path().join("site.yaml")).unwrap();
    b.write_bytes(
        "site.yaml",
        format!("{site_yaml}markdown:\n  raw_html: false\n").as_bytes(),
    );
    b.site.build().assert_ok();
    let page = b.site.read_out("conditions/whiplash/index.html");
    assert!(!page.contains("<iframe"), "{page}");
    assert!(page.contains(r#"&lt;iframe src="https://www.youtube-nocookie.com/embed/x" title="Neck stretches"&gt;&lt;/iframe&gt;"#), "{page}");
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

// ---- properties ---------------------------------------------------------------------------

/// The pipeline in memory, as the fuzz target runs it: `bytes` as the content file
/// `content/conditions/fuzzed.md` of a small site. Returns its diagnostics; renders every
/// page when there is no error, and fails if one does not render.
fn pipeline(bytes: &[u8]) -> Vec<carebook::diagnostic::Diagnostic> {
    use carebook::content::Source;
    use carebook::{config, content, pipeline, render};
    let config = config::parse("title: Test\n", Path::new("site.yaml")).unwrap();
    let mut sources: Vec<Source> = ["techniques/deep-tissue.md", "safety/not-a-diagnosis.md"]
        .iter()
        .map(|f| Source {
            display: Path::new("content").join(f),
            kind: config.kind_by_folder(f.split('/').next().unwrap()),
            bytes: std::fs::read(fixtures().join(FIXTURE).join("content").join(f)).unwrap(),
        })
        .collect();
    sources.push(Source {
        display: PathBuf::from("content/conditions/fuzzed.md"),
        kind: config.kind_by_folder("conditions"),
        bytes: bytes.to_vec(),
    });
    let theme =
        std::sync::Arc::new(render::Theme::load(Path::new("/nonexistent"), &config).unwrap());
    let loaded = content::load_sources(config, &sources, false);
    let (diagnostics, unrendered) =
        pipeline::in_memory(loaded, jiff::civil::date(2026, 11, 27), &theme);
    assert!(
        unrendered.is_empty(),
        "a site without errors must render: {unrendered:?}"
    );
    diagnostics
}

/// Every diagnostic about the fuzzed file names a line and column inside it.
fn assert_places_inside(bytes: &[u8], diagnostics: &[carebook::diagnostic::Diagnostic]) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.span.path != Path::new("content/conditions/fuzzed.md") {
            continue;
        }
        assert!(d.span.line >= 1 && d.span.line <= lines.len(), "{d:?}");
        let chars = lines[d.span.line - 1].chars().count();
        assert!(d.span.column >= 1 && d.span.column <= chars + 1, "{d:?}");
    }
}

/// Text that looks like a content file, with the characters that matter to its parsers.
fn content_like() -> impl Strategy<Value = String> {
    let yaml_line = prop_oneof![
        Just("title: A page\n".to_string()),
        Just("summary: Short.\n".to_string()),
        Just("techniques: [deep-tissue]\n".to_string()),
        Just("safety: [not-a-diagnosis, nope]\n".to_string()),
        Just("reviewed: 2026-02-30\n".to_string()),
        Just("tags: &t [a, b]\naliases: *t\n".to_string()),
        "[a-z_]{1,10}: [\\[\\]{}\"'&*!|>#:, a-z0-9\\t-]{0,20}\n",
    ];
    let body_piece = prop_oneof![
        Just("[[deep-tissue#what-happens]]".to_string()),
        Just("[[nope]]".to_string()),
        Just("[x](../techniques/deep-tissue.md#nope)".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](../../../../etc/passwd)".to_string()),
        Just("<script>x</script>".to_string()),
        Just("\n## Heading {#id}\n".to_string()),
        "[\\[\\]()#*_`<>!|:/\\\\\\r\\n a-zé€😀-]{0,30}",
    ];
    prop_oneof![
        any::<String>(),
        (
            "\u{feff}?---\r?\n",
            prop::collection::vec(yaml_line, 0..6),
            prop_oneof![Just("---\n"), Just("...\n"), Just("")],
            prop::collection::vec(body_piece, 0..12),
        )
            .prop_map(|(open, lines, close, body)| format!(
                "{open}{}{close}{}",
                lines.concat(),
                body.concat()
            )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_a_content_file_builds_or_gives_errors_inside_it(text in content_like()) {
        let diagnostics = pipeline(text.as_bytes());
        assert_places_inside(text.as_bytes(), &diagnostics);
    }

    #[test]
    fn any_bytes_as_a_content_file_builds_or_gives_errors_inside_it(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let diagnostics = pipeline(&bytes);
        assert_places_inside(&bytes, &diagnostics);
    }

    #[test]
    fn slugify_is_idempotent(name in any::<String>()) {
        let once = carebook::content::slugify(&name);
        prop_assert_eq!(carebook::content::slugify(&once), once.clone());
        prop_assert!(!once.starts_with('-') && !once.ends_with('-') && !once.contains("--"));
    }
}

proptest! {
    // Each case runs the real binary three times: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_same_input_builds_byte_identical_output(
        titles in prop::collection::vec("[A-Za-z0-9 <>&\"'é-]{1,20}", 1..5),
        bodies in prop::collection::vec("[\\[\\]()#*_`<>!|:/ a-z0-9\\n-]{0,200}", 1..5),
    ) {
        let site = Site::copy(FIXTURE);
        for (i, (title, body)) in titles.iter().zip(&bodies).enumerate() {
            site.write(
                &format!("content/benefits/b{i}.md"),
                &format!(
                    "---\ntitle: {}\nsummary: {}\ntags: [{}]\n---\n{body}\n[[whiplash]]\n",
                    serde_json::to_string(title).unwrap(),
                    serde_json::to_string(&title.to_lowercase()).unwrap(),
                    serde_json::to_string(title).unwrap(),
                ),
            );
        }
        let other = tempfile::tempdir().unwrap();
        let again = other.path().join("again");
        let first = site.build();
        let second = site.build();
        let third = run_in(site.path(), &["build", "--today", TODAY, "--out", again.to_str().unwrap()]);
        prop_assert_eq!(first.code, second.code);
        prop_assert_eq!(first.code, third.code);
        prop_assert_eq!(&first.stderr, &second.stderr);
        if first.code == Some(0) {
            let out = snapshot(&site.out());
            prop_assert_eq!(&out, &snapshot(&again));
            site.build().assert_ok();
            prop_assert_eq!(out, snapshot(&site.out()));
        }
    }
}

#[test]
fn fuzz_regressions() {
    // Inputs the fuzzer (fuzz/run.sh) found, kept so they stay fixed.
    let dir = fixtures().join("hostile/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let diagnostics = pipeline(&bytes);
        assert_places_inside(&bytes, &diagnostics);
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}

/// Regression: fuzz/artifacts crash-5758a9ed… panicked in the real binary ("start byte index
/// 23 is not a char boundary"): a relation key the locator could not find sent the item
/// search to the front matter's start plus the key's length, inside the "É" of the title.
#[test]
fn fuzz_crash_relation_search_inside_a_character() {
    let site = crate::support::Site::copy("basic");
    let bytes = std::fs::read(
        fixtures().join("hostile/fuzz/crash-5758a9ed5cfa4e945f88fb06ab4cd3094e1c0883"),
    )
    .unwrap();
    std::fs::write(site.path().join("content/conditions/fuzzed.md"), bytes).unwrap();
    let run = site.build();
    run.assert_code(1);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("error: unknown front-matter key `reviewed_bsummary:y`\n --> content/conditions/fuzzed.md:"), "{}", run.stderr);
}
