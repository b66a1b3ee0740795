//! Issue 13, the output folder and the commands around it: one build of a site at a time
//! (a lock that a killed build never leaves held), static files that would replace a
//! page, `--out` as a symbolic link, `build --pdf` stopped by a signal, `--root` that is no
//! site folder, `carebook new` writing a draft, and the words of `check`'s messages
//! (days, the summary line, claim words in their other forms).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::{
    Site, TODAY, carebook, comes_true, finish, run_in, snapshot, start_in, wait_until,
};

const FIXTURE: &str = "output-site";

const WAITING: &str = "waiting for another build of this site to finish…\n";

/// Adds `n` entries with some text each, so that a build takes a while; each links to
/// the next, and the home page to the first (so none is an orphan).
fn add_entries(site: &Site, n: usize) {
    // Ten short paragraphs (a longer one would be a `long-paragraph` finding).
    let body = format!("{}\n\n", "Gentle movement helps the joint. ".repeat(6)).repeat(10);
    for i in 0..n {
        let next = if i + 1 < n {
            format!("Next: [[benefit-{:04}]].", i + 1)
        } else {
            String::new()
        };
        site.write(
            &format!("content/benefits/benefit-{i:04}.md"),
            &format!(
                "---\ntitle: Benefit {i}\nsummary: Benefit number {i}.\nreviewed: 2026-07-01\nreviewed_by: Senior therapist\n---\n{body}\n\n{next}\n"
            ),
        );
    }
    site.write(
        "content/_index.md",
        "Start with [[whiplash]] or [[benefit-0000]].\n",
    );
}

/// Waits until `path` exists.
#[track_caller]
fn wait_for(path: &Path) {
    wait_until(&format!("{} to appear", path.display()), || path.exists());
}

// ---- one build at a time -------------------------------------------------------------------

#[test]
fn two_builds_at_once_both_finish_and_leave_the_whole_site() {
    let site = Site::copy(FIXTURE);
    add_entries(&site, 300);
    // What one build alone writes.
    site.run(&["build", "--today", TODAY, "--out", "alone"])
        .assert_ok();
    let alone = snapshot(&site.path().join("alone"));
    assert!(alone.len() > 300);
    // Twice: into a new folder, then over the site the first pair left.
    for round in ["first", "second"] {
        let a = start_in(site.path(), &["build", "--today", TODAY]);
        let b = start_in(site.path(), &["build", "--today", TODAY]);
        let (a, b) = (finish(a), finish(b));
        for run in [&a, &b] {
            run.assert_ok();
            assert!(
                run.stderr.is_empty() || run.stderr == WAITING,
                "{round}: {}",
                run.stderr
            );
        }
        assert!(
            alone == snapshot(&site.out()),
            "{round}: the site differs from one build's"
        );
    }
    // And the folder is still one carebook builds into.
    site.build().assert_ok();
    assert!(alone == snapshot(&site.out()));
}

#[test]
fn a_second_build_waits_for_the_one_running() {
    let site = Site::copy(FIXTURE);
    // Hold the lock the way a running build does.
    let lock = std::fs::File::create(site.path().join(".public.carebook-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = start_in(site.path(), &["build", "--today", TODAY]);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, WAITING);
    // A whole build of the same site, into another folder (which has a lock of its own),
    // runs to its end meanwhile: the waiting build has had all the time it needs.
    site.run(&["build", "--today", TODAY, "--out", "alone"])
        .assert_ok();
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    assert!(!site.out().exists(), "the waiting build wrote the site");
    drop(lock);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert_eq!(rest, "");
    assert!(site.out().join("conditions/whiplash/index.html").is_file());
}

#[test]
fn a_lock_left_by_a_killed_build_does_not_block() {
    let site = Site::copy(FIXTURE);
    add_entries(&site, 600);
    let mut child = start_in(site.path(), &["build", "--today", TODAY]);
    wait_for(&site.path().join(".public.carebook-new/.carebook-output"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(site.path().join(".public.carebook-lock").is_file());
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert!(
        site.out()
            .join("benefits/benefit-0599/index.html")
            .is_file()
    );
    // A lock file written by hand (or copied with the site) holds no lock either.
    std::fs::write(site.path().join(".public.carebook-lock"), "x").unwrap();
    site.build().assert_ok();
}

#[test]
fn an_interrupted_first_build_does_not_claim_a_last_good_site() {
    let site = Site::copy(FIXTURE);
    add_entries(&site, 600);
    let child = start_in(site.path(), &["build", "--today", TODAY]);
    wait_for(&site.path().join(".public.carebook-new"));
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let run = finish(child);
    run.assert_code(130);
    assert_eq!(run.stderr, "\ninterrupted: the new site was not written\n");
    assert!(!site.out().exists());
}

// ---- static files that would replace a page ---------------------------------------------------

const COLLISION_HELP: &str =
    "help: rename the file or move it to another folder, so that every published path has one file";

/// The error of a static file at `file` that clashes: `message`.
fn collision(file: &str, message: &str) -> String {
    format!("error: {message}\n --> {file}:1:1\n  |\n{COLLISION_HELP}\n\n")
}

/// A build's whole stderr when its one error is the clash of the static file `file`, on a
/// first build (no site yet).
fn only_collision(file: &str, message: &str) -> String {
    format!(
        "{}error: 1 error in 1 file; nothing was written\n",
        collision(file, message)
    )
}

/// The same, when an earlier build left a site in the output folder.
fn only_collision_after_a_build(file: &str, message: &str) -> String {
    format!(
        "{}error: 1 error in 1 file; nothing was written (the last good site is untouched)\n",
        collision(file, message)
    )
}

#[test]
fn static_files_with_the_path_of_a_page_are_errors_naming_both() {
    let site = Site::copy(FIXTURE);
    site.write("static/tags", "a file where the topic pages go");
    site.write(
        "static/index.html/photo.png",
        "a folder where the home page goes",
    );
    site.write("static/conditions/whiplash/index.html", "<p>mine</p>");
    site.write("static/Safety/Not-a-diagnosis/index.html", "<p>mine</p>");
    site.write("static/sitemap.xml", "<urlset/>");
    site.write("static/search-index/extra.js", "");
    site.write("static/vendor", "a file where the theme has a folder");
    site.write(
        "static/conditions/whiplash/neck.png",
        "fine: beside a page, not over it",
    );
    let expected = [
        collision(
            "static/Safety/Not-a-diagnosis/index.html",
            "this file would be published as `Safety/Not-a-diagnosis/index.html`, which is the same as `safety/not-a-diagnosis/index.html` on Windows and macOS (they do not tell upper from lower case), where carebook writes the page of content/safety/not-a-diagnosis.md",
        ),
        collision(
            "static/conditions/whiplash/index.html",
            "this file would be published as `conditions/whiplash/index.html`, which is where carebook writes the page of content/conditions/whiplash.md",
        ),
        collision(
            "static/index.html/photo.png",
            "this file would be published inside a folder `index.html/`, but carebook writes the home page as the file `index.html`",
        ),
        collision(
            "static/search-index/extra.js",
            "this file would be published in `search-index/`, the folder where carebook writes the search index",
        ),
        collision(
            "static/sitemap.xml",
            "this file would be published as `sitemap.xml`, which is where carebook writes sitemap.xml (written because site.yaml has a base_url)",
        ),
        collision(
            "static/tags",
            "this file would be published as `tags`, but carebook writes the list of topics inside a folder of that name (`tags/index.html`)",
        ),
        collision(
            "static/vendor",
            "this file and themes/default/static/vendor/minisearch/LICENSE.txt cannot both be published: one is `vendor`, the other is inside a folder of that name (`vendor/minisearch/LICENSE.txt`)",
        ),
    ]
    .concat();
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        format!("{expected}error: 7 errors in 7 files; nothing was written\n")
    );
    assert!(!site.out().exists());
    // `check` reports the same, and so does `serve` (which builds into memory).
    let check = site.run(&["check", "--today", TODAY]);
    check.assert_code(1);
    assert_eq!(check.stderr, expected);
    assert_eq!(
        check.stdout,
        "Check failed: 5 entries checked, 7 errors in 7 files\n"
    );
    let served = serve_first_build(site.path());
    assert_eq!(
        served,
        format!(
            "{expected}error: 7 errors in 7 files; the preview shows them until they are fixed, then the site\n"
        )
    );
}

/// What `carebook serve` prints on stderr up to the end of its first build.
fn serve_first_build(dir: &Path) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carebook"))
        .args(["serve", "--port", "0", "--today", TODAY])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut text = String::new();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        text.push_str(&line);
        text.push('\n');
        if line.starts_with("error: ") && line.contains(" errors in ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    text
}

/// Names are compared in lower case, and lower case can change a name's length in bytes
/// (`ẞ` is 3 bytes, `ß` 2): the message names the folder as the file has it, never a
/// piece of it cut by a byte count.
#[test]
fn a_clash_found_in_lower_case_names_the_folder_as_written() {
    let site = Site::copy(FIXTURE);
    let text = std::fs::read_to_string(site.path().join("content/conditions/whiplash.md")).unwrap();
    site.write(
        "content/conditions/whiplash.md",
        &text.replace("tags: [neck]", "tags: [neck, fuß]"),
    );
    site.write(
        "static/tags/FUẞ/index.html/photo.png",
        "over the topic page",
    );
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        only_collision(
            "static/tags/FUẞ/index.html/photo.png",
            "this file would be published inside a folder `tags/FUẞ/index.html/`, but carebook writes the page of the topic `fuß` as the file `tags/fuß/index.html`",
        )
    );
}

#[test]
fn a_theme_static_file_over_a_page_and_a_static_file_over_a_pdf_are_errors() {
    let site = Site::copy(FIXTURE);
    site.write(
        "site.yaml",
        "title: Output test clinic\nlanguage: en-GB\ntheme: clinic\n",
    );
    site.write("themes/clinic/static/tags/neck/index.html", "<p>theirs</p>");
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        only_collision(
            "themes/clinic/static/tags/neck/index.html",
            "this file would be published as `tags/neck/index.html`, which is where carebook writes the page of the topic `neck`",
        )
    );
    // Without a base_url there is no sitemap: a site's own sitemap.xml is published.
    std::fs::remove_dir_all(site.path().join("themes/clinic/static")).unwrap();
    site.write("static/sitemap.xml", "<urlset/>");
    site.build().assert_ok();
    assert_eq!(site.read_out("sitemap.xml"), "<urlset/>");
    // A PDF of its own where `build --pdf` prints the handout: an error with --pdf only
    // (found before Chromium is started: this one is never run).
    site.write("static/handouts/first-visit.pdf", "%PDF-1.4 mine");
    let fake = site.path().join("no-chromium.sh");
    std::fs::write(&fake, "#!/bin/sh\nexit 1\n").unwrap();
    let run = site.build_pdf_with(&fake);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        only_collision_after_a_build(
            "static/handouts/first-visit.pdf",
            "this file would be published as `handouts/first-visit.pdf`, which is where carebook writes the PDF of content/handouts/first-visit.md",
        )
    );
    site.build().assert_ok();
    assert_eq!(site.read_out("handouts/first-visit.pdf"), "%PDF-1.4 mine");
}

// ---- --out as a symbolic link ---------------------------------------------------------------

#[test]
fn an_output_that_is_a_link_is_followed_and_stays_a_link() {
    let site = Site::copy(FIXTURE);
    let www = site.path().join("www");
    std::fs::create_dir(&www).unwrap();
    let link = site.path().join("public");
    std::os::unix::fs::symlink(&www, &link).unwrap();
    for _ in 0..3 {
        site.build().assert_ok();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_link(&link).unwrap(), www);
        assert!(www.join("conditions/whiplash/index.html").is_file());
    }
    // Its work folders and lock sit beside the folder it points to.
    assert!(site.path().join(".www.carebook-previous").is_dir());
    assert!(site.path().join(".www.carebook-lock").is_file());
    assert!(!site.path().join(".public.carebook-previous").exists());
    // A link to nothing (a disk that is not there) is refused; nothing is made.
    let gone = site.path().join("gone");
    std::os::unix::fs::symlink(site.path().join("usb-stick/site"), &gone).unwrap();
    let run = site.run(&["build", "--today", TODAY, "--out", "gone"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to write the site into gone: it is a symbolic link to {}, which does not exist; create that folder (or connect the disk it is on), or give another folder with --out\n",
            site.path().join("usb-stick/site").display()
        )
    );
    assert!(!site.path().join("usb-stick").exists());
    // A link to a folder of someone else's files is refused like the folder.
    std::fs::create_dir(site.path().join("mine")).unwrap();
    std::fs::write(site.path().join("mine/notes.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(site.path().join("mine"), site.path().join("to-mine")).unwrap();
    let run = site.run(&["build", "--today", TODAY, "--out", "to-mine"]);
    run.assert_code(2);
    assert!(
        run.stderr.starts_with("error: refusing to write the site into to-mine: it holds files that carebook did not create"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("mine/notes.txt")).unwrap(),
        "keep me"
    );
}

// ---- build --pdf stopped by a signal ---------------------------------------------------------

/// Is process `pid` gone (or only a zombie waiting for its parent)?
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

#[test]
fn a_signal_during_build_pdf_stops_chromium_and_removes_the_print_folder() {
    for signal in ["TERM", "INT"] {
        let site = Site::copy(FIXTURE);
        site.build().assert_ok();
        let before = snapshot(&site.out());
        let tmp = tempfile::tempdir().unwrap();
        let pids = tmp.path().join("pids");
        // A Chromium that starts a helper process and never finishes printing.
        let fake = site.program(
            "slow-chromium.sh",
            &format!(
                "#!/bin/sh\nsleep 300 &\necho \"$$ $!\" > {pids}.part\nmv {pids}.part {pids}\nwait\n",
                pids = pids.display()
            ),
        );
        let temp = tmp.path().join("temp");
        std::fs::create_dir(&temp).unwrap();
        let child = carebook(
            site.path(),
            &["build", "--today", TODAY, "--pdf", "--chromium"],
        )
        .arg(&fake)
        .env("TMPDIR", &temp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        wait_for(&pids);
        let printing = std::fs::read_to_string(&pids).unwrap();
        let printing: Vec<&str> = printing.split_whitespace().collect();
        assert_eq!(printing.len(), 2, "{printing:?}");
        assert!(std::fs::read_dir(&temp).unwrap().next().is_some());
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let run = finish(child);
        run.assert_code(130);
        assert_eq!(
            run.stderr,
            "\ninterrupted: the new site was not written; the last good site is untouched\n",
            "SIG{signal}"
        );
        let left: Vec<PathBuf> = std::fs::read_dir(&temp)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        comes_true(|| printing.iter().all(|pid| gone(pid)));
        let alive: Vec<&&str> = printing.iter().filter(|pid| !gone(pid)).collect();
        for pid in &alive {
            let _ = Command::new("kill").args(["-KILL", pid]).status();
        }
        assert!(
            alive.is_empty(),
            "SIG{signal}: the fake Chromium's processes {alive:?} are still running"
        );
        assert_eq!(
            left,
            Vec::<PathBuf>::new(),
            "SIG{signal}: the print folder is left"
        );
        assert!(
            before == snapshot(&site.out()),
            "SIG{signal}: the site changed"
        );
    }
}

// ---- --root that is no site folder -------------------------------------------------------------

#[test]
fn every_command_says_there_is_no_site_folder_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a site").unwrap();
    let not_a_folder = "error: there is no site folder at notes.txt: it is a file, not a folder; run carebook in a site folder (the one that holds site.yaml and content/), give one with --root DIR, or make a new one with `carebook init DIR`\n";
    let missing = "error: there is no site folder at nowhere: no such folder; run carebook in a site folder (the one that holds site.yaml and content/), give one with --root DIR, or make a new one with `carebook init DIR`\n";
    for (root, expected) in [("notes.txt", not_a_folder), ("nowhere", missing)] {
        for args in [
            &["build", "--root", root][..],
            &["check", "--root", root],
            &["new", "condition", "Frozen shoulder", "--root", root],
            &["serve", "--root", root, "--port", "0"],
            &[
                "build",
                "--root",
                root,
                "--pdf",
                "--chromium",
                "/no/chromium",
            ],
        ] {
            let run = run_in(dir.path(), args);
            run.assert_code(2);
            assert_eq!(run.stderr, expected, "{args:?}");
        }
    }
    assert_eq!(snapshot(dir.path()).len(), 1, "nothing is written");
}

#[test]
fn running_inside_content_names_the_site_folder_above() {
    let site = Site::copy(FIXTURE);
    let content = site.path().join("content");
    let inside = format!(
        "error: there is no site folder at {}: it has no site.yaml; it is inside the site folder ..: run carebook there (`cd ..`), or add `--root ..`\n",
        content.display()
    );
    for args in [
        &["build"][..],
        &["check"],
        &["new", "condition", "Frozen shoulder"],
        &["serve", "--port", "0"],
    ] {
        let run = run_in(&content, args);
        run.assert_code(2);
        assert_eq!(run.stderr, inside, "{args:?}");
    }
    // Deeper, and from outside with --root.
    let run = run_in(&content.join("conditions"), &["check"]);
    run.assert_code(2);
    assert!(run.stderr.ends_with(": it has no site.yaml; it is inside the site folder ../..: run carebook there (`cd ../..`), or add `--root ../..`\n"), "{}", run.stderr);
    let run = site.run(&["build", "--root", "content/conditions"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: there is no site folder at content/conditions: it has no site.yaml; it is inside the site folder you are in: leave out `--root`, or write `--root .`\n"
    );
    assert!(!site.out().exists() && !content.join("public").exists());
}

// ---- carebook new ---------------------------------------------------------------------------

#[test]
fn new_writes_a_draft_without_a_review_date() {
    let site = Site::copy(FIXTURE);
    let run = site.run(&["new", "condition", "Frozen shoulder"]);
    run.assert_ok();
    let text =
        std::fs::read_to_string(site.path().join("content/conditions/frozen-shoulder.md")).unwrap();
    assert_eq!(
        text,
        "---
title: Frozen shoulder
summary: \"\"                # one plain sentence: shown in lists, search results and to search engines
aliases: []
tags: []
techniques: []   # slugs of techniques
benefits: []   # slugs of benefits
safety: []   # slugs of safety
sources: []
draft: true                  # left out of the site; set to false once the page is reviewed
# reviewed: YYYY-MM-DD       # the day a clinician checked this page
# reviewed_by: Clinic lead therapist   # their role
---
"
    );
    // Once written, the draft is left out of the published site.
    site.write(
        "content/conditions/frozen-shoulder.md",
        &text.replace("summary: \"\"", "summary: A stiff, painful shoulder."),
    );
    site.build().assert_ok();
    assert!(!site.out().join("conditions/frozen-shoulder").exists());
    // `--today` is gone: `new` writes no date.
    site.run(&["new", "condition", "Tennis elbow", "--today", TODAY])
        .assert_code(2);
}

#[test]
fn new_for_an_undeclared_kind_shows_how_to_declare_it() {
    let site = Site::copy(FIXTURE);
    let run = site.run(&["new", "exercise", "Shoulder rolls"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: there is no kind `exercise` in this site (its kinds are condition, technique, benefit, safety, handout and page)
help: to add it, declare it in site.yaml, then run this command again:

    kinds:
      exercise:
        folder: exercises           # its files go in content/exercises/
        title: Exercises            # the heading of its A–Z page
"
    );
    assert!(!site.path().join("content/exercises").exists());
    // The snippet works as shown.
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{settings}kinds:\n  exercise:\n    folder: exercises\n    title: Exercises\n"),
    );
    site.run(&["new", "exercise", "Shoulder rolls"]).assert_ok();
    assert!(
        site.path()
            .join("content/exercises/shoulder-rolls.md")
            .is_file()
    );
    // `carebook new --help` shows it too.
    let help = site.run(&["new", "--help"]);
    help.assert_ok();
    assert!(
        help.stdout
            .contains("  kinds:\n    exercise:\n      folder: exercises"),
        "{}",
        help.stdout
    );
}

// ---- the words of check's messages ---------------------------------------------------------

/// A benefit page reviewed on `reviewed`, with `body`.
fn benefit(reviewed: &str, body: &str) -> String {
    format!(
        "---\ntitle: Better sleep\nsummary: Sleeping longer.\nreviewed: {reviewed}\nreviewed_by: Senior therapist\n---\n{body}\n"
    )
}

#[test]
fn review_dates_due_today_tomorrow_and_yesterday_read_as_words() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/_index.md",
        "Start with [[whiplash]] and [[better-sleep]].\n",
    );
    for (reviewed, message) in [
        ("2025-11-27", "review due today (27 November 2026)"),
        ("2025-11-28", "review due on 28 November 2026, in 1 day"),
        (
            "2025-11-26",
            "review overdue: it was due on 26 November 2026, 1 day ago",
        ),
    ] {
        site.write(
            "content/benefits/better-sleep.md",
            &benefit(reviewed, "You may sleep better."),
        );
        let run = site.run(&["check", "--today", TODAY]);
        run.assert_ok();
        assert!(
            run.stderr.starts_with(&format!(
                "warning: {message}\n --> content/benefits/better-sleep.md:4:1\n"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(
            run.stdout,
            "Check passed: 6 entries checked, 1 warning in 1 file\n"
        );
    }
}

#[test]
fn the_check_summary_says_how_many_entries_were_checked() {
    let site = Site::copy(FIXTURE);
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "Check passed: 5 entries checked, no errors or warnings\n"
    );
    site.write(
        "content/benefits/range-of-motion.md",
        "---\ntitle: Range\n---\nNo summary.\n",
    );
    // The entry that cannot be loaded is not counted as checked.
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "Check failed: 4 entries checked, 1 error in 1 file\n"
    );
}

#[test]
fn claim_words_are_found_in_their_other_forms() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/_index.md",
        "Start with [[whiplash]] and [[better-sleep]].\n",
    );
    site.write(
        "content/benefits/better-sleep.md",
        &benefit(
            "2026-10-01",
            // ("detoxifies" is a `never` claim now: tests/cli/evidence.rs.)
            "Massage guarantees the body rest.\n\nIt cured my neck, and it is curing my back.\n\nThis treatment is for curious people.",
        ),
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let help = "help: cite the source in this sentence: a footnote after it (`…for many people.[^nhs]`, with `[^nhs]: NHS: Massage (2024)` at the end of the page, or `- nhs: …` under `sources:`) or a link to it; or reword it as what the clinic can stand behind (\"may help\", \"many people find\")";
    assert_eq!(
        run.stderr,
        format!(
            "warning: claim \"guarantees\" in: \"Massage guarantees the body rest.\"
 --> content/benefits/better-sleep.md:7:9
  |
7 | Massage guarantees the body rest.
  |         ^^^^^^^^^^
  |
{help}

warning: claim \"cured\" in: \"It cured my neck, and it is curing my back.\" (and 1 more on this page)
 --> content/benefits/better-sleep.md:9:4
  |
9 | It cured my neck, and it is curing my back.
  |    ^^^^^
  |
{help}

"
        )
    );
    assert_eq!(
        run.stdout,
        "Check passed: 6 entries checked, 2 warnings in 1 file\n"
    );
}
