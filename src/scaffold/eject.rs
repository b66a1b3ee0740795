//! `carebook theme eject [TEMPLATE…]`: copies the default theme's templates into the
//! site's `templates/`, where they replace the theme's, for a clinic to change.
//!
//! Guarantees: nothing existing is ever overwritten (a file already there is skipped and
//! reported, and the theme's copy is not written); every name asked for is checked before
//! anything is written, so a typo writes nothing; a name is the template's file name,
//! with or without `.html` (`entry` or `entry.html`). The templates offered are those a
//! site may replace ([`crate::render::default_templates`]): `sitemap.xml` and
//! `robots.txt` are always written as the built-in theme has them, so they are not.
//! Needs: a site folder (the command checks it first).

use std::path::{Path, PathBuf};

use super::ScaffoldError;
use crate::diagnostic::did_you_mean;

/// What `eject` did, by path relative to the site root.
#[derive(Debug, Default)]
pub struct Ejected {
    /// The templates written.
    pub written: Vec<PathBuf>,
    /// The templates that were there already, left as they were.
    pub skipped: Vec<PathBuf>,
}

/// Copies the default theme's templates called `names` (every one, when `names` is
/// empty) into `root/templates/`, skipping each file that exists.
pub fn eject(root: &Path, names: &[String]) -> Result<Ejected, ScaffoldError> {
    let templates = crate::render::default_templates();
    let known: Vec<&str> = templates.iter().map(|(name, _)| name.as_str()).collect();
    let mut chosen: Vec<&str> = Vec::new();
    for asked in names {
        let name = template_named(asked, &known)?;
        if !chosen.contains(&name) {
            chosen.push(name);
        }
    }
    if names.is_empty() {
        chosen = known.clone();
    }
    let folder = root.join("templates");
    std::fs::create_dir_all(&folder).map_err(|e| {
        ScaffoldError(format!(
            "cannot make the folder templates/ in the site folder: {e}"
        ))
    })?;
    let mut done = Ejected::default();
    for (name, bytes) in templates
        .iter()
        .filter(|(n, _)| chosen.contains(&n.as_str()))
    {
        let relative = Path::new("templates").join(name);
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(folder.join(name));
        match created {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(bytes).map_err(|e| {
                    ScaffoldError(format!("cannot write {}: {e}", relative.display()))
                })?;
                done.written.push(relative);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => done.skipped.push(relative),
            Err(e) => {
                return Err(ScaffoldError(format!(
                    "cannot write {}: {e}",
                    relative.display()
                )));
            }
        }
    }
    Ok(done)
}

/// The template of `known` that `asked` names (`entry` or `entry.html`), or the error
/// that says which there are, with the nearest.
fn template_named<'k>(asked: &str, known: &[&'k str]) -> Result<&'k str, ScaffoldError> {
    let trimmed = asked.trim();
    let with_ending = format!("{trimmed}.html");
    if let Some(name) = known
        .iter()
        .find(|name| **name == trimmed || **name == with_ending)
    {
        return Ok(name);
    }
    let list = known.join(", ");
    let near = did_you_mean(&with_ending, known.iter().copied())
        .or_else(|| did_you_mean(trimmed, known.iter().copied()));
    Err(ScaffoldError(match near {
        Some(near) => format!(
            "the default theme has no template `{asked}`; did you mean `{near}`? Its templates are {list}"
        ),
        None => format!("the default theme has no template `{asked}`; its templates are {list}"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_named_with_or_without_its_ending() {
        let known = ["base.html", "entry.html", "tags.html"];
        assert_eq!(template_named("entry", &known).unwrap(), "entry.html");
        assert_eq!(template_named("entry.html", &known).unwrap(), "entry.html");
        assert_eq!(
            template_named("entrie", &known).unwrap_err().0,
            "the default theme has no template `entrie`; did you mean `entry.html`? Its templates are base.html, entry.html, tags.html"
        );
        assert_eq!(
            template_named("sitemap.xml", &known).unwrap_err().0,
            "the default theme has no template `sitemap.xml`; its templates are base.html, entry.html, tags.html"
        );
    }

    #[test]
    fn a_typo_writes_nothing_and_a_file_there_is_kept() {
        let root = tempfile::tempdir().unwrap();
        let names = ["entry".to_string(), "basse".to_string()];
        assert!(eject(root.path(), &names).is_err());
        assert!(!root.path().join("templates/entry.html").exists());
        std::fs::create_dir(root.path().join("templates")).unwrap();
        std::fs::write(root.path().join("templates/base.html"), "mine").unwrap();
        let done = eject(root.path(), &[]).unwrap();
        assert_eq!(done.skipped, [Path::new("templates/base.html")]);
        assert_eq!(
            done.written.len(),
            crate::render::default_templates().len() - 1
        );
        let base = std::fs::read_to_string(root.path().join("templates/base.html")).unwrap();
        assert_eq!(base, "mine");
    }
}
