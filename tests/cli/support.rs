//! Test harness: copy a fixture into a temporary folder, run the real binary on it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The day the tests take as today.
pub const TODAY: &str = "2026-11-27";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        copy_tree(&repo.join("content"), &dir.path().join("content"));
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
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
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
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_carebook"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
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
