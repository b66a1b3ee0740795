//! The static files of the output — the default theme's, the site theme's and the site's
//! own `static/`, a later one replacing an earlier one at the same path, and the pictures
//! beside pages that pages show (which replace nothing) — and every way
//! one of them clashes with a file carebook writes or with another static file.
//!
//! Guarantees: [`static_collisions`] reports, at the static file, every static file that
//! would replace a generated file (pages, sitemap, robots.txt, the search index's folder,
//! the PDFs of `build --pdf`, the pictures' smaller copies) or be replaced by one, that
//! needs a folder where a file is written or the other way round, or that differs from
//! another only in case, and every two pictures whose copies would have one name; so the
//! write stage never has two files for one path; [`page_collisions`] does the same for a plain
//! page published where carebook writes another file. [`replaced_theme_files`] warns, at
//! the file, of every file of the site's own `static/` that replaces a theme's file (a
//! `static/style.css` takes the place of the theme's whole stylesheet), pointing to the
//! setting that adds to the theme instead. Needs: the resolve stage (a [`graph::Site`]).

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Span};
use crate::{content, graph, output, render, search};

/// Where a static file of the output comes from.
enum StaticSource {
    /// The default theme built into carebook.
    Builtin(&'static [u8]),
    /// A file of the site folder: its path relative to the site root (as shown).
    File(PathBuf),
}

impl StaticSource {
    /// The file's path as a writer sees it (the built-in theme's as in the repository).
    fn shown(&self, output_path: &str) -> PathBuf {
        match self {
            StaticSource::Builtin(_) => Path::new("themes/default/static").join(output_path),
            StaticSource::File(path) => path.clone(),
        }
    }
}

/// The static files of the output by path: the default theme's, then the site theme's,
/// then the site's own `static/` (a later file replaces an earlier one at the same path:
/// that is how a site changes a theme's file), then the pictures beside pages that pages
/// show ([`graph::Site::page_images`]; one at a theme's path is an error). Paths are as published (NFC), each file's
/// source as stored. Also the theme's files that would be published as one (the site's
/// own are reported by the load stage).
fn static_sources(
    root: &Path,
    site: &graph::Site,
) -> (
    std::collections::BTreeMap<String, StaticSource>,
    Vec<Diagnostic>,
) {
    let mut files: std::collections::BTreeMap<String, StaticSource> = render::default_static()
        .into_iter()
        .map(|(p, b)| (p, StaticSource::Builtin(b)))
        .collect();
    let theme_static = Path::new("themes").join(&site.config.theme).join("static");
    let (theme_files, problems) =
        content::walk::static_files(&root.join(&theme_static), &theme_static);
    for (dir, names) in [
        (theme_static, &theme_files),
        (PathBuf::from("static"), &site.static_files),
    ] {
        for (name, stored) in names {
            files.insert(name.clone(), StaticSource::File(dir.join(stored)));
        }
    }
    let mut problems = problems;
    // The pictures beside pages that pages show: never in place of another file (those
    // of the site's static/ are refused by the load stage; a theme's are here).
    for published in &site.page_images {
        let image = &site.images.by_published[published];
        let source = StaticSource::File(image.path.clone());
        if let Some(other) = files.insert(published.clone(), source) {
            problems.push(
                Diagnostic::error(
                    Span::file(&image.path),
                    format!(
                        "this picture would be published as `{published}`, in place of the theme's file {}",
                        other.shown(published).display()
                    ),
                )
                .with_help("rename the picture, so that every published path has one file"),
            );
        }
    }
    (files, problems)
}

/// The static files of the output with their bytes (see [`static_sources`]), but the
/// pictures published in several widths (see [`crate::pictures`]).
pub(crate) fn static_files(
    root: &Path,
    site: &graph::Site,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (name, source) in static_sources(root, site).0 {
        // A PNG, JPEG or WebP picture is published by `crate::pictures`, re-encoded.
        if let (Some(image), StaticSource::File(path)) = (site.images.get(&name), &source)
            && image.resized()
            && image.path == *path
        {
            continue;
        }
        match source {
            StaticSource::Builtin(bytes) => files.push((name, bytes.to_vec())),
            StaticSource::File(path) => match std::fs::read(root.join(&path)) {
                Ok(bytes) => files.push((name, bytes)),
                Err(err) => problems.push(
                    Diagnostic::error(Span::file(&path), format!("cannot read this file: {err}"))
                        .with_help("check the file's permissions"),
                ),
            },
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Every file carebook writes besides the static files, with what it is (for messages):
/// the pages, and the sitemap and robots.txt when there is a `base_url`.
fn generated_files(site: &graph::Site) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = render::page_jobs(site)
        .iter()
        .map(|job| {
            let what = match job {
                render::PageJob::Home(_) => "the home page".to_string(),
                render::PageJob::Kind(k, _) => {
                    format!("the A–Z page of {}", site.config.kinds[*k].title)
                }
                render::PageJob::Entry(id) => {
                    format!("the page of {}", site.entries[*id].path.display())
                }
                render::PageJob::Tags(_) => "the list of topics".to_string(),
                render::PageJob::Tag(t, _) => {
                    format!("the page of the topic `{}`", site.tags[*t].name)
                }
                render::PageJob::NotFound => "the page for addresses the site does not have (put your own in templates/404.html)".to_string(),
            };
            (render::job_path(site, job), what)
        })
        .collect();
    for (name, _) in render::sitemap(site, &[]) {
        files.push((
            name.to_string(),
            format!("{name} (written because site.yaml has a base_url)"),
        ));
    }
    files
}

/// Every static file that would replace a file carebook writes (`extra`, and the pages,
/// sitemap and search index), or be replaced by one, or that clashes with another static
/// file (a file where another needs a folder, or a theme's file with the name of another
/// written another way): an error at the static file, naming both.
pub(crate) fn static_collisions(
    root: &Path,
    site: &graph::Site,
    extra: &[(String, String)],
) -> Vec<Diagnostic> {
    let (sources, mut found) = static_sources(root, site);
    let statics: Vec<(&String, &StaticSource)> = sources.iter().collect();
    let names: Vec<&str> = statics.iter().map(|(n, _)| n.as_str()).collect();
    let mut generated = generated_files(site);
    generated.extend(extra.iter().cloned());
    let copies = picture_copies(site);
    found.extend(copies_of_two_pictures(&copies));
    generated.extend(copies.into_iter().map(|c| (c.path, c.what)));
    let written: Vec<&str> = generated.iter().map(|(p, _)| p.as_str()).collect();
    let help =
        "rename the file or move it to another folder, so that every published path has one file";
    for (i, how, j) in output::collisions(&names, &written) {
        let (name, source) = statics[i];
        let (path, what) = (&generated[j].0, &generated[j].1);
        let message = match how {
            output::Clash::SamePath if name == path => {
                format!(
                    "this file would be published as `{path}`, which is where carebook writes {what}"
                )
            }
            output::Clash::SamePath => format!(
                "this file would be published as `{name}`, which is the same as `{path}` on Windows and macOS (they do not tell upper from lower case), where carebook writes {what}"
            ),
            output::Clash::FileOverFolder => format!(
                "this file would be published as `{name}`, but carebook writes {what} inside a folder of that name (`{path}`)"
            ),
            output::Clash::InsideFile => format!(
                "this file would be published inside a folder `{}/`, but carebook writes {what} as the file `{path}`",
                leading_folders(name, path)
            ),
        };
        found.push(Diagnostic::error(Span::file(&source.shown(name)), message).with_help(help));
    }
    // The search index's folder is carebook's alone: which `body-N.js` files it holds
    // changes with the content.
    let reserved = format!("{}/", search::FOLDER);
    for (name, source) in &statics {
        if name.to_lowercase().starts_with(&reserved) || name.eq_ignore_ascii_case(search::FOLDER) {
            found.push(
                Diagnostic::error(
                    Span::file(&source.shown(name)),
                    format!("this file would be published in `{reserved}`, the folder where carebook writes the search index"),
                )
                .with_help(help),
            );
        }
    }
    // Two static files where one needs the other's name as a folder (a site's
    // `static/vendor` and the theme's `vendor/minisearch/minisearch.js`): reported at
    // the one that comes later (the site's own before a theme's).
    for (i, j) in output::folder_clashes(&names) {
        let ((file, file_source), (inner, inner_source)) = (statics[i], statics[j]);
        let (at, other) = if rank(inner_source) > rank(file_source) {
            ((inner, inner_source), (file, file_source))
        } else {
            ((file, file_source), (inner, inner_source))
        };
        found.push(
            Diagnostic::error(
                Span::file(&at.1.shown(at.0)),
                format!(
                    "this file and {} cannot both be published: one is `{file}`, the other is inside a folder of that name (`{inner}`)",
                    other.1.shown(other.0).display()
                ),
            )
            .with_help(help),
        );
    }
    found
}

/// A copy carebook makes of a published raster picture (see [`crate::picture`]), other
/// than the picture's own path.
struct PictureCopy {
    path: String,
    /// "a copy of static/x.png", for messages.
    what: String,
    /// The picture's file as the user sees it.
    picture: std::path::PathBuf,
}

/// The copies of every raster picture the site publishes, in the site's order.
fn picture_copies(site: &graph::Site) -> Vec<PictureCopy> {
    let mut copies = Vec::new();
    for (published, image) in &site.images.by_published {
        if !image.resized() || (image.beside_pages && !site.page_images.contains(published)) {
            continue;
        }
        let Ok(Some(size)) = image.size else {
            continue;
        };
        let own_webp = image.format == crate::content::images::ImageFormat::Webp;
        for copy in crate::picture::planned_copies(published, size, own_webp) {
            if copy.path == *published {
                continue;
            }
            copies.push(PictureCopy {
                what: format!("a {} px copy of {}", copy.size.width, image.path.display()),
                path: copy.path,
                picture: image.path.clone(),
            });
        }
    }
    copies
}

/// Two pictures whose copies would have one name (`spine.png` and `spine.jpg` both make
/// `spine-480.webp`), compared without regard to case: an error at the second picture,
/// naming the first, once per pair.
fn copies_of_two_pictures(copies: &[PictureCopy]) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<String, &PictureCopy> = Default::default();
    let mut reported = std::collections::BTreeSet::new();
    let mut found = Vec::new();
    for copy in copies {
        let key = copy.path.to_lowercase();
        match first.get(&key) {
            Some(other) if other.picture != copy.picture => {
                if reported.insert((other.picture.clone(), copy.picture.clone())) {
                    found.push(
                        Diagnostic::error(
                            Span::file(&copy.picture),
                            format!(
                                "this picture and {} would both be published with a copy at `{}`",
                                other.picture.display(),
                                copy.path
                            ),
                        )
                        .with_help("carebook publishes each picture in several widths, named after it (`NAME-480.webp`): give the two pictures names that differ by more than their ending"),
                    );
                }
            }
            Some(_) => {}
            None => {
                first.insert(key, copy);
            }
        }
    }
    found
}

/// Every plain page (`content/pages/`) published where carebook writes another file (a
/// kind's A–Z page for `pages/conditions.md`, an entry for `pages/conditions/whiplash.md`,
/// the topics for `pages/tags.md`, the search index, `extra`): an error at the page,
/// naming both. A site's static file at a page's path is [`static_collisions`]'.
pub(crate) fn page_collisions(site: &graph::Site, extra: &[(String, String)]) -> Vec<Diagnostic> {
    // The pages come first in `generated_files`, in the order of `page_jobs`.
    let jobs = render::page_jobs(site);
    let mut pages = Vec::new();
    let mut written = Vec::new();
    for (i, file) in generated_files(site).into_iter().enumerate() {
        match jobs.get(i) {
            Some(render::PageJob::Entry(id))
                if site.config.kinds[site.entries[*id].kind].is_plain_pages() =>
            {
                pages.push((*id, file.0));
            }
            _ => written.push(file),
        }
    }
    written.extend(extra.iter().cloned());
    // Folders carebook fills as the site changes (the topics, the search index): a page
    // there would clash the day the folder gains that file.
    let mut found = Vec::new();
    pages.retain(|(id, page_path)| {
        let first = page_path.split('/').next().unwrap_or_default();
        let Some((folder, what)) = crate::config::RESERVED_FOLDERS
            .iter()
            .find(|(folder, _)| folder.eq_ignore_ascii_case(first))
        else {
            return true;
        };
        found.push(
            Diagnostic::error(
                Span::file(&site.entries[*id].path),
                format!(
                    "this page would be published as `{page_path}`, inside `{folder}/`, the folder where carebook writes {what}"
                ),
            )
            .with_help(format!(
                "rename the file (or its folder) in content/pages/: `{folder}/` belongs to carebook"
            )),
        );
        false
    });
    let page_paths: Vec<&str> = pages.iter().map(|(_, p)| p.as_str()).collect();
    let written_paths: Vec<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
    for (i, _, j) in output::collisions(&page_paths, &written_paths) {
        let (id, page_path) = &pages[i];
        let (path, what) = (&written[j].0, &written[j].1);
        found.push(
            Diagnostic::error(
                Span::file(&site.entries[*id].path),
                format!(
                    "this page would be published as `{page_path}`, but carebook writes {what} at `{path}`"
                ),
            )
            .with_help(
                "rename the file (or its folder) in content/pages/, so that the page has an address of its own",
            ),
        );
    }
    found
}

/// Every file of the site's own `static/` published at the path of a theme's file (the
/// default theme's, or the site theme's), which it replaces: a warning at the site's file,
/// saying what is lost and which setting adds to the theme instead.
pub(crate) fn replaced_theme_files(root: &Path, site: &graph::Site) -> Vec<Diagnostic> {
    let theme = &site.config.theme;
    let theme_static = Path::new("themes").join(theme).join("static");
    let (theme_files, _) = content::walk::static_files(&root.join(&theme_static), &theme_static);
    let mut themes: std::collections::BTreeMap<String, (String, PathBuf)> =
        render::default_static()
            .into_iter()
            .map(|(name, _)| {
                let shown = StaticSource::Builtin(&[]).shown(&name);
                (name, ("the default theme".to_string(), shown))
            })
            .collect();
    for (name, stored) in theme_files {
        themes.insert(
            name,
            (format!("the theme `{theme}`"), theme_static.join(stored)),
        );
    }
    let mut found = Vec::new();
    for (name, stored) in &site.static_files {
        let Some((whose, theirs)) = themes.get(name) else {
            continue;
        };
        let ours = Path::new("static").join(stored);
        let (message, help) = match name.rsplit('.').next().map(str::to_ascii_lowercase) {
            Some(css) if css == "css" => (
                format!(
                    "this file replaces the stylesheet `{name}` of {whose} ({}), so the theme's own styles are lost and pages show only the rules in this file",
                    theirs.display()
                ),
                "to add your rules after the theme's, rename the file (e.g. static/clinic.css) and set `extra_css: static/clinic.css` in site.yaml".to_string(),
            ),
            _ if name == render::THEME_FAVICON => (
                format!(
                    "this file replaces {whose}'s icon `{name}` ({})",
                    theirs.display()
                ),
                "to give the site its own icon, rename the file (e.g. static/clinic-icon.svg) and set `favicon: static/clinic-icon.svg` under `brand:` in site.yaml".to_string(),
            ),
            _ => (
                format!(
                    "this file replaces the file `{name}` of {whose} ({}), which the theme's pages use",
                    theirs.display()
                ),
                "rename the file if it is not meant to replace the theme's; to change how the pages look, add a stylesheet with `extra_css:` in site.yaml instead".to_string(),
            ),
        };
        found.push(Diagnostic::warning(Span::file(&ours), message).with_help(help));
    }
    found
}

/// The first folders of `name` as it is written, as many as `path` has parts: the folder
/// that clashes with the file `path`. Counted in parts, not bytes: the two were compared in
/// lower case, and lower case can change a name's length in bytes (`K`, the Kelvin sign).
fn leading_folders(name: &str, path: &str) -> String {
    let parts = path.split('/').count();
    name.split('/').take(parts).collect::<Vec<_>>().join("/")
}

/// Which of two static sources a writer most likely added: the site's own, then a
/// theme's, then the built-in theme's.
fn rank(source: &StaticSource) -> u8 {
    match source {
        StaticSource::Builtin(_) => 0,
        StaticSource::File(path) if path.starts_with("static") => 2,
        StaticSource::File(_) => 1,
    }
}
