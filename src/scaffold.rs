//! `carebook new` and `carebook init`: the commands that write content for the user.
//!
//! Guarantees: nothing existing is ever overwritten — `new` refuses a file that exists and
//! `init` a folder that holds anything. A new entry is a draft with no review date: only
//! a person can say that a page was clinically reviewed. `init` writes the example site that is built into
//! the binary (the repository's `site.yaml`, with every setting documented, and
//! `content/`). Needs: the site's settings, for `new` (its kinds and their relations).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::{Config, Target};
use crate::content::slugify;
use crate::diagnostic::did_you_mean;

static EXAMPLE_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
const EXAMPLE_SETTINGS: &str = include_str!("../site.yaml");

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
    text.push_str("summary: \"\"                # one plain sentence: shown in lists, search results and to search engines\n");
    text.push_str("aliases: []\ntags: []\n");
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

/// Writes a new site folder at `dir` with the example content and documented settings.
/// Returns the number of files written.
pub fn init(dir: &Path) -> Result<usize, ScaffoldError> {
    if let Ok(mut items) = std::fs::read_dir(dir)
        && items.next().is_some()
    {
        return Err(ScaffoldError(format!(
            "{} is not empty; carebook init only writes into a new or empty folder",
            dir.display()
        )));
    }
    let fail =
        |p: &Path, e: std::io::Error| ScaffoldError(format!("cannot write {}: {e}", p.display()));
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    std::fs::write(dir.join("site.yaml"), EXAMPLE_SETTINGS)
        .map_err(|e| fail(&dir.join("site.yaml"), e))?;
    let mut written = 1;
    let mut stack = vec![&EXAMPLE_CONTENT];
    while let Some(d) = stack.pop() {
        for file in d.files() {
            let path = dir.join("content").join(file.path());
            std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(|e| fail(&path, e))?;
            std::fs::write(&path, file.contents()).map_err(|e| fail(&path, e))?;
            written += 1;
        }
        stack.extend(d.dirs());
    }
    Ok(written)
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
}
