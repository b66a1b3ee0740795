//! `carebook new` and `carebook init`: the commands that write content for the user.
//!
//! Guarantees: nothing existing is ever overwritten — `new` refuses a file that exists and
//! `init` a folder that holds anything. `init` writes the example site that is built into
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
/// kind's front matter filled in (today as `reviewed`, relation keys empty). Returns the
/// path written, relative to the site root.
pub fn new_entry(
    root: &Path,
    config: &Config,
    kind: &str,
    title: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, ScaffoldError> {
    let Some(k) = config.kind_by_name_or_folder(kind) else {
        let names: Vec<&str> = config.kinds.iter().map(|k| k.name.as_str()).collect();
        let hint = match did_you_mean(kind, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("kinds are: {}", names.join(", ")),
        };
        return Err(ScaffoldError(format!("there is no kind `{kind}`; {hint}")));
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
    if kind.name == "safety" {
        text.push_str("severity: info               # info, caution, warning or urgent\n");
    }
    text.push_str(&format!("reviewed: {today}\n"));
    text.push_str(
        "reviewed_by: \"\"            # the reviewer's role, e.g. Clinic lead therapist\n",
    );
    text.push_str("sources: []\n---\n");
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
