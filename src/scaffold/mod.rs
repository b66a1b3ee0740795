//! `carebook new`, `carebook init` and `carebook theme eject` ([`eject`]): the commands
//! that write files for the user.
//!
//! Guarantees: nothing existing is ever overwritten — `new` refuses a file that exists,
//! `init` a folder that holds anything but a `.git` folder, and `eject` skips a template
//! the site has; `init` creates every file new
//! and, when one cannot be written, removes what it created. A new entry is a draft with
//! no review date: only a person can say that a page was clinically reviewed.
//!
//! `init` writes a blank site (the files in `src/scaffold/blank/`: commented settings, one
//! draft starter page of each built-in kind, the home page, a `.gitignore`, and a GitHub
//! Pages workflow made for this version of carebook) or, with `--example`, the example
//! site built into the binary (the repository's `site.yaml` and `content/`). The blank
//! site builds and checks with no errors and no warnings: its starter pages are drafts
//! (tests/cli/init.rs holds it to that). Needs: the site's settings, for `new` (its kinds
//! and their relations).

mod eject;

use std::path::{Path, PathBuf};

pub use eject::{Ejected, eject};
use include_dir::{Dir, include_dir};

use crate::config::{Config, Target};
use crate::content::slugify;
use crate::diagnostic::did_you_mean;

static EXAMPLE_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_SETTINGS: &str = include_str!("../../site.yaml");

/// A problem with what the user asked for (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ScaffoldError(pub String);

/// Writes `content/<folder>/<slug>.md` for a new entry of `kind` called `title`, with the
/// kind's front matter filled in: relation keys empty, `draft: true`, and the review
/// lines as comments (no date: nobody has reviewed it yet). Returns the path written,
/// relative to the site root.
pub fn new_entry(
    root: &Path,
    config: &Config,
    kind: &str,
    title: &str,
) -> Result<PathBuf, ScaffoldError> {
    let Some(k) = config.kind_by_name_or_folder(kind) else {
        return Err(unknown_kind(config, kind));
    };
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError(
            "the title needs letters or digits, e.g. carebook new condition \"Frozen shoulder\""
                .into(),
        ));
    }
    let kind = &config.kinds[k];
    let relative = Path::new("content")
        .join(&kind.folder)
        .join(format!("{slug}.md"));
    let path = root.join(&relative);
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", yaml_string(title)));
    if kind.is_plain_pages() {
        text.push_str(PLAIN_PAGE_STARTER);
    } else {
        text.push_str("summary: \"\"                # one plain sentence: shown in lists, search results and to search engines\n");
        text.push_str("aliases: []\ntags: []\n");
    }
    for relation in &kind.relations {
        let hint = match relation.target {
            Target::Kind(t) => format!("slugs of {}", config.kinds[t].folder),
            Target::Any => "kind/slug of each entry, in reading order".to_string(),
        };
        text.push_str(&format!("{}: []   # {hint}\n", relation.key));
    }
    if kind.builtin == Some(crate::config::BuiltinKind::Safety) {
        text.push_str("severity: info               # info, caution, warning or urgent\n");
    }
    text.push_str("sources: []\n");
    text.push_str(
        "draft: true                  # left out of the site; set to false once the page is reviewed\n",
    );
    text.push_str(
        "# reviewed: YYYY-MM-DD       # the day a clinician checked this page\n# reviewed_by: Clinic lead therapist   # their role\n",
    );
    text.push_str("---\n");
    let created = std::fs::create_dir_all(path.parent().unwrap_or(root)).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
    });
    match created {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(text.as_bytes())
                .map_err(|e| ScaffoldError(format!("cannot write {}: {e}", relative.display())))?;
            Ok(relative)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(ScaffoldError(format!(
            "{} exists already; carebook does not overwrite it: edit that file, or choose another title",
            relative.display()
        ))),
        Err(e) => Err(ScaffoldError(format!(
            "cannot write {}: {e}",
            relative.display()
        ))),
    }
}

/// The front matter of a new plain page after its title: what only a plain page has.
const PLAIN_PAGE_STARTER: &str = "\
# summary: One plain sentence.   # optional: shown in search results and to search engines
# menu: 1                        # take the # off to show the page in the header's menu, in order of the number
# footer: true                   # take the # off to link the page in every page's footer
aliases: []
";

/// The error for `carebook new KIND` when the site has no such kind: "did you mean" for a
/// typo of a kind it has, else how to declare it in `site.yaml`.
fn unknown_kind(config: &Config, kind: &str) -> ScaffoldError {
    let names: Vec<&str> = config.kinds.iter().map(|k| k.name.as_str()).collect();
    if let Some(s) = did_you_mean(kind, names.iter().copied()) {
        return ScaffoldError(format!("there is no kind `{kind}`; did you mean `{s}`?"));
    }
    let (last, rest) = names.split_last().unwrap_or((&"", &[]));
    let known = if rest.is_empty() {
        last.to_string()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    // What to declare: the word as a kind's name (lower case; `-` for anything else).
    let name = crate::content::slugify(kind).replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    if name.is_empty() || name.starts_with('-') {
        return ScaffoldError(format!(
            "there is no kind `{kind}`; the kinds of this site are {known}"
        ));
    }
    let folder = format!("{name}s");
    let title = {
        let words = folder.replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    let pad = |text: &str| format!("{text:<28}");
    ScaffoldError(format!(
        "there is no kind `{kind}` in this site (its kinds are {known})\n\
         help: to add it, declare it in site.yaml, then run this command again:\n\n    \
         kinds:\n      {name}:\n        {}# its files go in content/{folder}/\n        {}# the heading of its A–Z page",
        pad(&format!("folder: {folder}")),
        pad(&format!("title: {title}")),
    ))
}

/// A YAML scalar for `text`: plain when that is safe, else double-quoted.
fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || " -'(),.".contains(c))
        && !text.starts_with(['-', '\''])
        && !text.is_empty();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Which site `carebook init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// A blank site: commented settings, one draft starter page of each built-in kind,
    /// the home page (with the About text), a `.gitignore` and the GitHub Pages workflow.
    Blank,
    /// The remedial-massage example built into the binary (`--example`).
    Example,
}

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    /// The number of files written.
    pub files: usize,
    /// Whether the publish workflow names carebook's source repository; when false it
    /// holds [`REPOSITORY_PLACEHOLDER`], which the clinic must replace before publishing.
    pub workflow_needs_repository: bool,
}

/// The address the publish workflow builds carebook from: `repository` in Cargo.toml's
/// `[package]` when it is set, else [`REPOSITORY_PLACEHOLDER`].
pub const SOURCE_REPOSITORY: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    REPOSITORY_PLACEHOLDER
} else {
    env!("CARGO_PKG_REPOSITORY")
};

/// What the workflow says where carebook's source repository is not known (see
/// docs/publishing.md: the one value a clinic fills in).
pub const REPOSITORY_PLACEHOLDER: &str = "https://github.com/YOUR-ACCOUNT/carebook";

/// The blank site's files, by their path in the new folder. Each is its own
/// `include_str!`, so that cargo rebuilds when one changes.
const BLANK_FILES: [(&str, &str); 10] = [
    ("site.yaml", include_str!("blank/site.yaml")),
    ("static/logo.svg", include_str!("blank/static/logo.svg")),
    (".gitignore", include_str!("blank/gitignore")),
    ("content/_index.md", include_str!("blank/content/_index.md")),
    (
        "content/pages/about.md",
        include_str!("blank/content/pages/about.md"),
    ),
    (
        "content/conditions/example-condition.md",
        include_str!("blank/content/conditions/example-condition.md"),
    ),
    (
        "content/techniques/example-technique.md",
        include_str!("blank/content/techniques/example-technique.md"),
    ),
    (
        "content/benefits/example-benefit.md",
        include_str!("blank/content/benefits/example-benefit.md"),
    ),
    (
        "content/safety/example-safety-note.md",
        include_str!("blank/content/safety/example-safety-note.md"),
    ),
    (
        "content/handouts/example-handout.md",
        include_str!("blank/content/handouts/example-handout.md"),
    ),
];

/// Where the blank site's publish workflow goes.
pub const WORKFLOW_PATH: &str = ".github/workflows/publish.yml";
const WORKFLOW_TEMPLATE: &str = include_str!("blank/publish.yml");

/// The GitHub Actions workflow of a blank site: builds carebook [`SOURCE_REPOSITORY`] at
/// the tag of this version, runs `carebook check` and `carebook build`, and publishes
/// `public/` on GitHub Pages.
pub fn publish_workflow() -> String {
    WORKFLOW_TEMPLATE
        .replace("{{CAREBOOK_GIT}}", SOURCE_REPOSITORY)
        .replace("{{CAREBOOK_VERSION}}", env!("CARGO_PKG_VERSION"))
}

/// Every file of a new site of `starter`, by its path in the new folder.
fn starter_files(starter: Starter) -> Vec<(PathBuf, Vec<u8>)> {
    match starter {
        Starter::Blank => {
            let mut files: Vec<(PathBuf, Vec<u8>)> = BLANK_FILES
                .iter()
                .map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec()))
                .collect();
            files.push((
                PathBuf::from(WORKFLOW_PATH),
                publish_workflow().into_bytes(),
            ));
            files
        }
        Starter::Example => {
            let mut files = vec![(
                PathBuf::from("site.yaml"),
                EXAMPLE_SETTINGS.as_bytes().to_vec(),
            )];
            for (folder, tree) in [("content", &EXAMPLE_CONTENT), ("static", &EXAMPLE_STATIC)] {
                let mut stack = vec![tree];
                while let Some(d) = stack.pop() {
                    for file in d.files() {
                        files.push((
                            Path::new(folder).join(file.path()),
                            file.contents().to_vec(),
                        ));
                    }
                    stack.extend(d.dirs());
                }
            }
            files
        }
    }
}

/// Writes a new site folder at `dir`: a blank site or the example (see [`Starter`]).
///
/// `dir` must be new, empty, or hold nothing but a `.git` folder (a repository just
/// cloned); every file is created new, never over an existing one, and if one cannot be
/// written, everything this call created is removed again, so a failed `init` leaves
/// the folder as it found it.
pub fn init(dir: &Path, starter: Starter) -> Result<Initialised, ScaffoldError> {
    let cannot_read =
        |e: std::io::Error| ScaffoldError(format!("cannot read {}: {e}", dir.display()));
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(ScaffoldError(format!(
                "{} is a file, not a folder; carebook init makes a new folder: give the name of one that does not exist yet",
                dir.display()
            )));
        }
        Ok(_) => {
            let mut items = std::fs::read_dir(dir).map_err(cannot_read)?;
            if items.any(|item| item.map_or(true, |item| item.file_name() != ".git")) {
                return Err(ScaffoldError(format!(
                    "{} is not empty; carebook init only writes into a new or empty folder",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(cannot_read(e)),
    }
    let files = starter_files(starter);
    let mut created = Created::default();
    for (relative, bytes) in &files {
        if let Err(err) = created.write(dir, relative, bytes) {
            created.undo();
            return Err(err);
        }
    }
    Ok(Initialised {
        files: files.len(),
        workflow_needs_repository: starter == Starter::Blank
            && SOURCE_REPOSITORY == REPOSITORY_PLACEHOLDER,
    })
}

/// The folders and files one `init` created, so that a failure can remove them again.
#[derive(Default)]
struct Created {
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Created {
    /// Creates `dir/relative` (and the folders above it that do not exist yet) with
    /// `bytes`; refuses a file that exists.
    fn write(&mut self, dir: &Path, relative: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
        use std::io::Write;
        let path = dir.join(relative);
        let fail =
            |e: std::io::Error| ScaffoldError(format!("cannot write {}: {e}", path.display()));
        let parent = path.parent().unwrap_or(dir);
        let mut missing: Vec<&Path> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .collect();
        missing.reverse();
        for folder in missing {
            std::fs::create_dir(folder).map_err(fail)?;
            self.folders.push(folder.to_path_buf());
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(fail)?;
        self.files.push(path.clone());
        file.write_all(bytes).map_err(fail)
    }

    /// Removes what was created, files first, then folders, deepest first.
    fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_safe_yaml() {
        assert_eq!(yaml_string("Frozen shoulder"), "Frozen shoulder");
        assert_eq!(
            yaml_string("Knee: after surgery"),
            "\"Knee: after surgery\""
        );
        assert_eq!(yaml_string("- odd"), "\"- odd\"");
    }

    #[test]
    fn a_failed_write_removes_what_init_created() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("clinic");
        let mut created = Created::default();
        created
            .write(&site, Path::new("content/a/one.md"), b"1")
            .unwrap();
        created.write(&site, Path::new("site.yaml"), b"2").unwrap();
        // The same file again: refused, never overwritten.
        let err = created
            .write(&site, Path::new("site.yaml"), b"3")
            .unwrap_err();
        assert!(err.0.starts_with("cannot write "), "{err}");
        assert_eq!(std::fs::read(site.join("site.yaml")).unwrap(), b"2");
        created.undo();
        assert!(!site.exists(), "the folders init made are gone too");
        assert!(dir.path().exists(), "and nothing that was there before");
    }

    #[test]
    fn every_starter_file_is_written_once() {
        for starter in [Starter::Blank, Starter::Example] {
            let files = starter_files(starter);
            let mut paths: Vec<&PathBuf> = files.iter().map(|(p, _)| p).collect();
            paths.sort();
            paths.dedup();
            assert_eq!(paths.len(), files.len(), "{starter:?}");
        }
    }
}
