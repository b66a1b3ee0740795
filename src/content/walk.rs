//! Finding the content files: which files under `content/` are entries, of which kind.
//!
//! Guarantees: the list is sorted (so everything after it is deterministic); pages are
//! Markdown files, `.md` or `.markdown` in any case; hidden files and editor leftovers
//! (`.DS_Store`, `.#x.md`, `x.md~`, `x.swp`) and the files pages use ([`ASSET_EXTENSIONS`])
//! are skipped silently, the pictures among them listed ([`Walked::images`]); any other file in a kind's folder is skipped with a warning
//! naming it (files directly in `content/`, a clinic's own notes, are left alone);
//! copies a sync service made of a file changed in two places are skipped with a warning;
//! a folder that is not a kind, a Markdown file directly in `content/` other than
//! `_index.md`, and symbolic links that leave the site or loop are reported. Files of a
//! `static/` folder ([`static_files`]) are listed by the composed (NFC) path they are
//! published at, with the path they are stored at; two that would be one published file
//! are reported. Reads directories only, never file contents. Needs the [`Config`] for
//! the kinds' folders.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{Config, KindId};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};

/// A file to load: where it is, how to show its path, and its kind (`None`: the home page).
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub display: PathBuf,
    pub kind: Option<KindId>,
}

/// Is this a file an editor or the operating system left behind, not one a writer made?
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Is `name` a page: a Markdown file, `.md` or `.markdown` in any case (`x.MD`)? The one
/// test of it: the walk, links to files (`../conditions/x.markdown`) and `serve`'s
/// watcher all ask here.
pub fn is_markdown(name: &str) -> bool {
    markdown_stem(name).is_some()
}

/// The file name `name` without its Markdown ending (`Whiplash.MD` -> `Whiplash`), when
/// it is a page ([`is_markdown`]); the slug is made from it.
pub fn markdown_stem(name: &str) -> Option<&str> {
    let ending = extension(name)?;
    if !(ending.eq_ignore_ascii_case("md") || ending.eq_ignore_ascii_case("markdown")) {
        return None;
    }
    Path::new(name).file_stem()?.to_str()
}

/// Is `name`, a file directly in `content/`, the home page's text (`_index.md`, or
/// `_index.markdown`, in any case of its ending), or a translation of it
/// (`_index.es.md`)?
pub fn is_home_page(name: &str) -> bool {
    markdown_stem(name).is_some_and(|stem| {
        stem == "_index"
            || super::translation::split_language(stem).is_some_and(|(n, _)| n == "_index")
    })
}

/// Files a page may use that may sit beside it in its kind's folder without a word:
/// pictures, PDFs, sound and video (and their captions). Compared ignoring case.
pub const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "mp3", "m4a", "ogg", "wav", "mp4",
    "webm", "vtt",
];

/// Is `name` a picture or another file a page may use ([`ASSET_EXTENSIONS`])?
pub fn is_asset(name: &str) -> bool {
    extension(name).is_some_and(|e| ASSET_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

fn extension(name: &str) -> Option<&str> {
    Path::new(name).extension().and_then(|e| e.to_str())
}

/// The warning for a file in `content/` that is neither a page nor a file pages use: it
/// would otherwise be left out without a word (a page saved as `.txt` or `.docx`).
fn not_a_page(display: &Path) -> Diagnostic {
    Diagnostic::warning(
        Span::file(display),
        "skipped this file: it is not a page (a `.md` file) or a picture or document that pages use",
    )
    .with_help(format!(
        "if it is a page, rename it to end in `.md`; otherwise move it out of content/ (files pages use may stay beside them: {})",
        ASSET_EXTENSIONS.join(", ")
    ))
}

/// What [`find`] found.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to load, sorted.
    pub found: Vec<Found>,
    pub diagnostics: Vec<Diagnostic>,
    /// Entries in a folder that is not a kind but is a likely misspelling of one
    /// (`content/conditons/x.md`), by the kind meant and slug: the folder's error says
    /// all there is to say, so links to them are not reported again.
    pub misplaced: Vec<(KindId, String)>,
    /// The pictures beside pages in the kinds' folders ([`super::images::is_image`]),
    /// sorted: each published where its kind's pages are.
    pub images: Vec<super::images::Beside>,
}

/// Is this a copy a sync service made of a file changed in two places at once? Dropbox:
/// `x (Sam's conflicted copy 2026-11-01).md`; Syncthing: `x.sync-conflict-20261101-…md`;
/// Nextcloud and ownCloud: `x (conflicted copy 2026-11-01 …).md`, `x_conflict-…md`.
pub fn is_sync_conflict(name: &str) -> bool {
    let lower = name.to_lowercase();
    let owncloud = lower.match_indices("_conflict-").any(|(i, m)| {
        lower[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    lower.contains("conflicted copy") || lower.contains(".sync-conflict-") || owncloud
}

/// Walks `root/content`. `Err` only when the folder itself cannot be read.
pub fn find(root: &Path, config: &Config) -> Result<Walked, std::io::Error> {
    let content = root.join("content");
    let canonical_root = root.canonicalize()?;
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let mut misplaced = Vec::new();
    let mut images = Vec::new();
    let top = std::fs::read_dir(&content)?;
    let mut top: Vec<_> = top.filter_map(Result::ok).collect();
    top.sort_by_key(|e| e.file_name());
    for item in top {
        let name = item.file_name().to_string_lossy().into_owned();
        if is_ignored_name(&name) {
            continue;
        }
        let path = item.path();
        let display = Path::new("content").join(&name);
        let Some(file_type) = checked_type(&path, &display, &canonical_root, &mut diagnostics)
        else {
            continue;
        };
        if file_type.is_dir() {
            match config.kind_by_folder(&name) {
                Some(kind) => walk_kind(
                    &path,
                    &display,
                    // Plain pages are published at the site's root, so are their pictures.
                    (
                        kind,
                        (!config.kinds[kind].is_plain_pages())
                            .then_some(config.kinds[kind].folder.as_str()),
                    ),
                    &canonical_root,
                    (&mut found, &mut images),
                    &mut diagnostics,
                ),
                None => {
                    let folders: Vec<&str> =
                        config.kinds.iter().map(|k| k.folder.as_str()).collect();
                    let meant = did_you_mean(&name, folders.iter().copied());
                    if let Some(kind) = meant.and_then(|s| config.kind_by_folder(s)) {
                        let mut files = Vec::new();
                        walk_kind(
                            &path,
                            &display,
                            (kind, None),
                            &canonical_root,
                            (&mut files, &mut Vec::new()),
                            &mut Vec::new(),
                        );
                        misplaced.extend(files.iter().filter_map(|f| {
                            let stem = f.path.file_stem()?.to_string_lossy();
                            Some((kind, crate::content::slugify(&stem)))
                        }));
                    }
                    let help = match meant {
                        Some(s) => format!(
                            "did you mean `{s}`? Otherwise declare the kind in site.yaml under `kinds:`"
                        ),
                        None => format!(
                            "content folders name kinds ({}); declare a new kind in site.yaml under `kinds:`",
                            folders.join(", ")
                        ),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            Span::file(&display),
                            format!("the folder `{name}` is not a kind of entry"),
                        )
                        .with_help(help),
                    );
                }
            }
        } else if is_home_page(&name) {
            found.push(Found {
                path,
                display,
                kind: None,
            });
        } else if is_markdown(&name) {
            diagnostics.push(
                Diagnostic::error(Span::file(&display), "an entry must be inside its kind's folder")
                    .with_help(format!(
                        "move it into one of {}, or into content/{}/ if it is a plain page such as About us or Contact; only `_index.md` (the home page text) belongs directly in content/",
                        config.kinds.iter().filter(|k| !k.is_plain_pages()).map(|k| format!("content/{}/", k.folder)).collect::<Vec<_>>().join(", "),
                        config.kinds[config.builtin(crate::config::BuiltinKind::Page)].folder,
                    )),
            );
        }
    }
    Ok(Walked {
        found,
        diagnostics,
        misplaced,
        images,
    })
}

/// The pages below `dir`, the folder of `kind` (whose pages are published in the site's
/// folder `kind_out`, `None` for the root), into `found`, and the pictures beside them
/// into `images`.
fn walk_kind(
    dir: &Path,
    display_dir: &Path,
    (kind, kind_out): (KindId, Option<&str>),
    canonical_root: &Path,
    (found, images): (&mut Vec<Found>, &mut Vec<super::images::Beside>),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
    for item in walker {
        let item = match item {
            Ok(item) => item,
            Err(err) => {
                let shown = err
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map_or(display_dir.to_path_buf(), |p| display_dir.join(p));
                // The span names the folder; walkdir's own text would name it again.
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                diagnostics.push(
                    Diagnostic::error(
                        Span::file(&shown),
                        format!("cannot read this folder: {reason}"),
                    )
                    .with_help("check that the folder exists and that you may read it"),
                );
                continue;
            }
        };
        let relative = item.path().strip_prefix(dir).unwrap_or(item.path());
        let display = display_dir.join(relative);
        let Some(file_type) = checked_type(item.path(), &display, canonical_root, diagnostics)
        else {
            continue;
        };
        let name = item.file_name().to_string_lossy();
        if file_type.is_file() && super::images::is_image(&name) {
            images.push(super::images::Beside {
                published: super::images::published_path(
                    kind_out,
                    &super::images::slashed(relative),
                ),
                display,
                disk: item.path().to_path_buf(),
            });
            continue;
        }
        if file_type.is_file() && !is_markdown(&name) && !is_asset(&name) {
            diagnostics.push(not_a_page(&display));
            continue;
        }
        if file_type.is_file() && is_markdown(&name) {
            if is_sync_conflict(&name) {
                diagnostics.push(
                    Diagnostic::warning(
                        Span::file(&display),
                        "skipped a copy that a sync service made when two people changed the same file",
                    )
                    .with_help("copy what should stay into the original file, then delete this copy"),
                );
                continue;
            }
            found.push(Found {
                path: item.path().to_path_buf(),
                display,
                kind: Some(kind),
            });
        }
    }
}

/// The type of the file at `path`, following a symbolic link only when it stays inside
/// the site; links that leave the site, loop or dangle are warned about and skipped.
fn checked_type(
    path: &Path,
    display: &Path,
    canonical_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<std::fs::FileType> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return Some(meta.file_type());
    }
    match path.canonicalize() {
        Ok(target) if target.starts_with(canonical_root) => {
            let meta = std::fs::metadata(&target).ok()?;
            if meta.is_dir() {
                diagnostics.push(
                    Diagnostic::warning(Span::file(display), "skipped a link to a folder")
                        .with_help(
                            "carebook does not follow folder links; move the folder here instead",
                        ),
                );
                return None;
            }
            Some(meta.file_type())
        }
        Ok(_) => {
            diagnostics.push(
                Diagnostic::warning(
                    Span::file(display),
                    "skipped a link that points outside the site folder",
                )
                .with_help("copy the file into the site folder if it belongs to the site"),
            );
            None
        }
        Err(err) => {
            diagnostics.push(
                Diagnostic::warning(
                    Span::file(display),
                    format!("skipped a broken or looping link: {err}"),
                )
                .with_help("remove the link or point it at a file inside the site"),
            );
            None
        }
    }
}

/// Is this file of a `static/` folder one that an editor, the operating system or version
/// control left there (`.DS_Store`, `._x.png`, `x.png~`, `.git/`), never to be published?
/// Other hidden names are published as they are, since hosts read them: `.well-known/`,
/// `.htaccess`, `.nojekyll`.
pub fn is_left_behind_in_static(name: &str) -> bool {
    const HIDDEN_LEFTOVERS: &[&str] = &[
        ".ds_store",
        ".git",
        ".gitignore",
        ".gitkeep",
        ".hg",
        ".svn",
        ".spotlight-v100",
        ".trashes",
        ".fseventsd",
        ".localized",
        ".directory",
    ];
    if !name.starts_with('.') {
        return is_ignored_name(name);
    }
    let lower = name.to_lowercase();
    HIDDEN_LEFTOVERS.contains(&lower.as_str())
        || name.starts_with("._")
        || name.starts_with(".#")
        || name.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".tmp")
}

/// The files of a `static/` folder by the path they are published at (below the site
/// root, `/`-separated, in NFC: see [`crate::names`]), each with its path below the
/// folder as stored on disk, which may differ (macOS stores `é` as `e` and an accent).
pub type StaticFiles = std::collections::BTreeMap<String, PathBuf>;

/// Every file below `dir` (the site's `static/`, or a theme's), shown in messages as
/// below `display_dir`; what editors and the system leave behind left out
/// ([`is_left_behind_in_static`]). An absent folder has none.
/// Two files whose published paths would be one file (the same name with its accents
/// stored two ways, or names that differ only in case, which are one file on Windows and
/// macOS) are an error at one of them naming the other; the first is kept.
pub fn static_files(dir: &Path, display_dir: &Path) -> (StaticFiles, Vec<Diagnostic>) {
    let mut files = StaticFiles::new();
    let mut diagnostics = Vec::new();
    // Each published path without regard to case, with the path it was first found at.
    let mut first: std::collections::HashMap<String, (String, PathBuf)> = Default::default();
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_left_behind_in_static(&e.file_name().to_string_lossy()));
    for item in walker.filter_map(Result::ok) {
        if !item.file_type().is_file() {
            continue;
        }
        let Ok(stored) = item.path().strip_prefix(dir) else {
            continue;
        };
        let parts: Vec<String> = stored
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let published = crate::names::nfc(&parts.join("/")).into_owned();
        match first.entry(published.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(taken) => {
                let (other, other_stored) = taken.get();
                diagnostics.push(same_static_name(
                    display_dir,
                    (&published, stored),
                    (other, other_stored),
                ));
            }
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert((published.clone(), stored.to_path_buf()));
                files.insert(published, stored.to_path_buf());
            }
        }
    }
    (files, diagnostics)
}

/// The error for two static files (each its published path and its path as stored, below
/// `display_dir`) that would be published as one. It stands at the one whose name is not
/// stored composed, when one is not (the copy that came from a Mac), else at `later`.
fn same_static_name(
    display_dir: &Path,
    later: (&str, &Path),
    earlier: (&str, &Path),
) -> Diagnostic {
    let composed = |(published, stored): (&str, &Path)| Path::new(published) == stored;
    let (at, other) = if composed(later) && !composed(earlier) {
        (earlier, later)
    } else {
        (later, earlier)
    };
    let message = if at.0 == other.0 {
        format!(
            "this file has the same name as {}, but with its accents stored as separate characters (as macOS writes them), so both would be published as `{}`",
            display_dir.join(other.1).display(),
            at.0
        )
    } else {
        format!(
            "this file and {} would be published as `{}` and `{}`, which are one file on Windows and macOS (they do not tell upper from lower case)",
            display_dir.join(other.1).display(),
            at.0,
            other.0
        )
    };
    Diagnostic::error(Span::file(&display_dir.join(at.1)), message).with_help(
        "keep one of the two files and delete the other, or rename one, so that every published path has one file",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_conflicts_and_editor_files() {
        assert!(is_sync_conflict(
            "Whiplash (Sam's conflicted copy 2026-11-01).md"
        ));
        assert!(is_sync_conflict(
            "whiplash.sync-conflict-20261101-101010-ABC.md"
        ));
        assert!(is_sync_conflict("whiplash_conflict-20261101-101010.md"));
        assert!(!is_sync_conflict("managing_conflict-at-work.md"));
        assert!(!is_sync_conflict("whiplash.md"));
        for name in [
            ".DS_Store",
            ".#x.md",
            "x.md~",
            "~$x.md",
            ".x.md.swp",
            "Thumbs.db",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("x.md"));
    }

    #[test]
    fn pages_and_assets() {
        for page in ["x.md", "X.MD", "x.Md", "x.markdown", "x.MARKDOWN"] {
            assert!(is_markdown(page), "{page}");
        }
        for other in ["x.txt", "x.md.txt", "x", "md", "x.mdx", "x.docx"] {
            assert!(!is_markdown(other), "{other}");
        }
        assert_eq!(markdown_stem("Whiplash.MD"), Some("Whiplash"));
        assert_eq!(markdown_stem("deep tissue.markdown"), Some("deep tissue"));
        assert_eq!(markdown_stem("x.md.txt"), None);
        assert_eq!(markdown_stem(".md"), None);
        for home in ["_index.md", "_index.MD", "_index.markdown"] {
            assert!(is_home_page(home), "{home}");
        }
        for other in ["_index.txt", "index.md", "_Index.md", "x_index.md"] {
            assert!(!is_home_page(other), "{other}");
        }
        for asset in [
            "a.png", "A.JPG", "b.jpeg", "c.webp", "d.svg", "e.PDF", "f.gif",
        ] {
            assert!(is_asset(asset), "{asset}");
        }
        assert!(!is_asset("notes.txt"));
        assert!(!is_asset("png"));
    }

    #[test]
    fn static_files_are_published_composed_and_one_name_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        write("E\u{301}paules/gele\u{301}e.png");
        write("neck #1.png");
        write(".DS_Store");
        let (files, problems) = static_files(dir.path(), Path::new("static"));
        assert!(problems.is_empty(), "{problems:?}");
        let published: Vec<(&str, &Path)> = files
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_path()))
            .collect();
        assert_eq!(
            published,
            [
                ("neck #1.png", Path::new("neck #1.png")),
                (
                    "Épaules/gelée.png",
                    Path::new("E\u{301}paules/gele\u{301}e.png")
                ),
            ]
        );
        // The same name stored composed too, and one that differs only in case.
        write("Épaules/gelée.png");
        write("Neck #1.png");
        let (files, problems) = static_files(dir.path(), Path::new("static"));
        assert_eq!(files.len(), 2);
        let messages: Vec<(String, &str)> = problems
            .iter()
            .map(|d| (d.span.path.display().to_string(), d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "static/neck #1.png".to_string(),
                    "this file and static/Neck #1.png would be published as `neck #1.png` and `Neck #1.png`, which are one file on Windows and macOS (they do not tell upper from lower case)"
                ),
                (
                    "static/E\u{301}paules/gele\u{301}e.png".to_string(),
                    "this file has the same name as static/Épaules/gelée.png, but with its accents stored as separate characters (as macOS writes them), so both would be published as `Épaules/gelée.png`"
                ),
            ]
        );
    }
}
