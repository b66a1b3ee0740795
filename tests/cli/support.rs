//! Test harness: copy a fixture into a temporary folder, run the real binary on it; the
//! helpers every test file shares (waiting for a condition, skipping a test whose tool is
//! missing, reading attributes and addresses out of pages, comparing stderr with its
//! snapshot file).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Every HTML page below `out`, as (path with `/`, html).
pub fn html_pages(out: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let path = entry.path().strip_prefix(out).unwrap();
            pages.push((path.to_string_lossy().replace('\\', "/"), html));
        }
    }
    pages
}

/// The day the tests take as today.
pub const TODAY: &str = "2026-11-27";

/// The `base_url` tests give the example site when they need one.
pub const BASE_URL: &str = "https://clinic.example/info/";

/// A real PNG picture of 1 × 1 pixel: what a test writes where a page shows a picture
/// (carebook reads every picture's size from its file, and refuses one that is not one).
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0x0f, 0x00, 0x01,
    0x01, 0x01, 0x00, 0x1c, 0xb0, 0x8c, 0x99, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The repository (where `Cargo.toml`, the example site and `tests/` are).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A fixture site copied into a fresh temporary folder (the original is never touched).
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn copy(fixture: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(fixture), dir.path());
        Site { dir }
    }

    /// The repository's own example site (site.yaml, content/).
    pub fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        copy_tree(&repo().join("content"), &dir.path().join("content"));
        copy_tree(&repo().join("static"), &dir.path().join("static"));
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn read_out(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.path().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The file `relative` with its first `from` replaced by `to` (which must be there).
    #[track_caller]
    pub fn replace(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// An executable shell script `name` in the site folder (a stand-in for a program
    /// carebook runs, such as Chromium), and its path.
    pub fn program(&self, name: &str, script: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path().join(name);
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// `carebook ARGS` run inside the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// `carebook build` with default settings, on a fixed "today" so review findings
    /// do not change with the calendar.
    pub fn build(&self) -> Run {
        self.run(&["build", "--today", TODAY])
    }

    /// `carebook build --pdf` printed by the program `chromium`, on [`TODAY`].
    pub fn build_pdf_with(&self, chromium: &Path) -> Run {
        let chromium = chromium.to_str().unwrap();
        self.run(&["build", "--today", TODAY, "--pdf", "--chromium", chromium])
    }

    /// [`Site::build`], which must fail as a content error does (exit code 1, no output
    /// folder): its stderr.
    #[track_caller]
    pub fn refused_build(&self) -> String {
        let run = self.build();
        run.assert_code(1);
        assert!(!self.out().exists(), "a failed build must write nothing");
        run.stderr
    }

    /// [`Site::refused_build`] prints exactly `expected` on stderr.
    #[track_caller]
    pub fn assert_build_refused(&self, expected: &str) {
        assert_eq!(self.refused_build(), expected);
    }
}

/// `carebook ARGS` in `dir`, without `NO_COLOR` (so that what is tested is what a
/// terminal gets when carebook's output is not one).
pub fn carebook(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carebook"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR");
    command
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(carebook(dir, args).output().unwrap())
}

/// `carebook ARGS` started in `dir` with stdout and stderr piped, not waited for.
pub fn start_in(dir: &Path, args: &[&str]) -> Child {
    carebook(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// What a started `carebook` did, once it has ended.
pub fn finish(child: Child) -> Run {
    Run::from(child.wait_with_output().unwrap())
}

#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        self
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from) {
        let item = item.unwrap();
        let target = to.join(item.path().strip_prefix(from).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// "1 June 2026" (a date as carebook writes it) as a sortable (year, month, day).
#[track_caller]
pub fn human_date_key(text: &str) -> (u32, u32, u32) {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = text.split_whitespace().collect();
    let month = MONTHS
        .iter()
        .position(|m| parts.get(1) == Some(m))
        .unwrap_or_else(|| panic!("not a date: {text:?}")) as u32
        + 1;
    (parts[2].parse().unwrap(), month, parts[0].parse().unwrap())
}

// ---- waiting ----------------------------------------------------------------------------

/// How long [`wait_until`] waits: far longer than anything it waits for takes, even on a
/// loaded two-core machine, so that only a condition that never comes fails.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// Waits until `done()` is true, checking every few milliseconds; fails, naming `what`,
/// after [`DEADLINE`]. (Tests await conditions; they never sleep a fixed time.)
#[track_caller]
pub fn wait_until(what: &str, done: impl FnMut() -> bool) {
    assert!(comes_true(done), "timed out waiting for {what}");
}

/// Waits until `done()` is true or [`DEADLINE`] has passed, checking every few
/// milliseconds; returns whether it came true (for a caller that must clean up first).
pub fn comes_true(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + DEADLINE;
    while !done() {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

// ---- skipping -------------------------------------------------------------------------

/// Is this a CI run (`CI` set, and not empty)? There every tool is installed, and a test
/// may not be skipped.
pub fn ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// A line on the test run's own stderr. libtest captures `println!` and `eprintln!` of
/// passing tests, so a line that must be seen (a skip) is written past the capture.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The one way a test is skipped: `test` (what it checks) cannot run here because of
/// `why` (a tool or a privilege is missing). Prints `skipped: TEST (TEST NAME): WHY` where
/// the run shows it (libtest names each test's thread after the test); under CI, fails
/// instead. The caller returns after it.
#[track_caller]
pub fn skip(test: &str, why: &str) {
    let name = std::thread::current().name().unwrap_or("?").to_owned();
    assert!(
        !ci(),
        "{test} ({name}): {why} (CI is set, so it may not be skipped; .ci/run installs what it needs)"
    );
    say(&format!("skipped: {test} ({name}): {why}"));
}

/// Whether `test` can run: `missing` is what it needs and this machine lacks, if anything
/// (then it is skipped, see [`skip`]).
#[track_caller]
pub fn ready(test: &str, missing: Option<String>) -> bool {
    match missing {
        None => true,
        Some(why) => {
            skip(test, &why);
            false
        }
    }
}

/// The Chromium the browser tests drive: `CHROMIUM`, or Debian's.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What a browser test needs and this machine lacks, if anything: Chromium, Node.js and
/// the npm `packages` in `node_modules` (`npm ci`).
pub fn missing_browser_tools(packages: &[&str]) -> Option<String> {
    let chromium = chromium();
    if !chromium.is_file() {
        return Some(format!(
            "Chromium is not installed ({}); `apt-get install chromium`",
            chromium.display()
        ));
    }
    if !works("node", "--version") {
        return Some("Node.js is not installed".into());
    }
    packages
        .iter()
        .find(|package| !repo().join("node_modules").join(package).is_dir())
        .map(|package| format!("node_modules/{package} is missing; run `npm ci`"))
}

/// Does `program ARG` run and succeed?
pub fn works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

// ---- reading pages ----------------------------------------------------------------------

/// Every `NAME="…"` attribute value in `html`, in order, its `&amp;` unescaped.
pub fn attrs(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// A URL's `%XX` escapes made bytes again, as any browser or server decodes them (and as
/// a browser matches a fragment to an id).
#[track_caller]
pub fn percent_decoded(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("{url}: {e}"))
        .into_owned()
}

// ---- snapshots of stderr ----------------------------------------------------------------

/// Runs a table of diagnostics tests. `check(row)` runs one row (asserting its exit code
/// and whatever else it asserts) and returns what made it (the fixture, the edit, the
/// command: the snapshot's description) and its stderr, which must be, byte for byte,
/// the snapshot `tests/cli/snapshots/GROUP/NAME.snap` of the row's `name`.
///
/// Every row runs, whichever fail; then the test fails naming the rows that did. Every
/// `.snap` file of the group must be a row's (a row removed takes its snapshot along).
///
/// `INSTA_UPDATE=always cargo test --test cli` writes the snapshots that differ or are
/// missing (review them with `git diff`). Without it a difference fails: outside CI
/// insta leaves the new output beside the snapshot as `NAME.snap.new`; under `CI` it
/// writes nothing, so a missing snapshot fails and is never accepted silently.
#[track_caller]
pub fn stderr_table<Row: std::panic::RefUnwindSafe>(
    group: &str,
    rows: &[Row],
    name: impl Fn(&Row) -> &str,
    check: impl Fn(&Row) -> (String, String) + std::panic::RefUnwindSafe,
) {
    let table = std::panic::Location::caller().file();
    let mut failed = Vec::new();
    for row in rows {
        let name = name(row);
        let passed = std::panic::catch_unwind(|| {
            let (made_by, stderr) = check(row);
            assert_stderr_snapshot(group, name, &format!("{table}: {made_by}"), &stderr);
        });
        if passed.is_err() {
            failed.push(name.to_string());
        }
    }
    let names: Vec<&str> = rows.iter().map(&name).collect();
    let folder = repo().join("tests/cli/snapshots").join(group);
    let stale: Vec<String> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter_map(|f| f.strip_suffix(".snap").map(str::to_owned))
                .filter(|n| !names.contains(&n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty(),
        "snapshots of no row in {}: {stale:?}",
        folder.display()
    );
    assert!(
        failed.is_empty(),
        "{} of {} rows of {group} failed (see above): {failed:?}",
        failed.len(),
        rows.len()
    );
}

/// `stderr` is exactly the snapshot `tests/cli/snapshots/GROUP/NAME.snap`.
///
/// insta compares a snapshot with the whitespace at its end trimmed and `\r\n` read as
/// `\n`; those two are asserted here (stderr ends in one line break, and has no `\r`),
/// which makes the comparison exact.
#[track_caller]
pub fn assert_stderr_snapshot(group: &str, name: &str, made_by: &str, stderr: &str) {
    assert!(
        !stderr.contains('\r'),
        "{group}/{name}: stderr has a carriage return: {stderr:?}"
    );
    assert!(
        stderr.ends_with('\n') && !stderr.ends_with("\n\n"),
        "{group}/{name}: stderr does not end in exactly one line break: {stderr:?}"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new("snapshots").join(group));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(made_by);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, stderr));
}
