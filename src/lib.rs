//! carebook: a folder of Markdown health information -> a cross-linked, accessible,
//! printable static site.
//!
//! The pipeline runs one way, each stage taking the last one's value:
//! [`config`] (site.yaml) -> [`content`] (load) -> [`graph`] (resolve) -> [`render`] ->
//! [`output`] (write). Every stage reports problems as [`diagnostic::Diagnostic`]s and goes
//! on, so one run shows every problem; [`build`] stops before writing anything if any of
//! them is an error.

pub mod checks;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod graph;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use diagnostic::{Diagnostic, Span};

/// What `carebook build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; relative paths are taken from the current folder.
    pub out: PathBuf,
    pub drafts: bool,
    /// The date the review checks count from (normally today).
    pub today: jiff::civil::Date,
    /// Also print every handout to `handouts/NAME.pdf` (`build --pdf`).
    pub pdf: Option<pdf::PdfOptions>,
}

/// Today's date (UTC), for review checks.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    /// Handouts printed to PDF (`build --pdf`).
    pub pdfs: usize,
    pub seconds: f64,
    /// Warnings only: a build with errors does not finish.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a build did not finish.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the content, settings or templates: the user's to fix (exit code 1).
    /// Holds every diagnostic found, warnings included.
    #[error("the site has errors")]
    Content(Vec<Diagnostic>),
    /// The folders cannot be used as asked (exit code 2).
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{0}")]
    Usage(String),
    /// The handouts could not be printed to PDF (exit code 2).
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// Runs `f` as the pipeline stage `name`; with `CAREBOOK_TIMINGS=1` in the environment
/// its wall time goes to stderr (for `bench/`: where a build spends its time).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("CAREBOOK_TIMINGS").is_some_and(|v| v != "0")) {
        return f();
    }
    let started = Instant::now();
    let value = f();
    eprintln!(
        "timing: {name:<10} {:>7.3} s",
        started.elapsed().as_secs_f64()
    );
    value
}

/// Runs the stages up to a resolved site. `Err` holds every diagnostic when any is an error.
pub fn load_site(root: &Path, drafts: bool) -> Result<graph::Site, BuildError> {
    load_site_reusing(root, drafts, &|_, _| None).map(|(site, _)| site)
}

/// [`load_site`], taking unchanged files' entries from `reuse` (see
/// [`content::load_reusing`]); also returns the stamps of the content files as read.
pub fn load_site_reusing(
    root: &Path,
    drafts: bool,
    reuse: content::Reuse<'_>,
) -> Result<(graph::Site, content::Stamps), BuildError> {
    if !root.is_dir() {
        return Err(BuildError::Usage(format!(
            "there is no site folder at {}; run carebook in a site folder or give one with --root",
            root.display()
        )));
    }
    let config = config::load(&root.join("site.yaml"), Path::new("site.yaml"))
        .map_err(BuildError::Content)?;
    if !root.join("content").is_dir() {
        return Err(BuildError::Content(vec![
            Diagnostic::error(
                Span::file(Path::new("content")),
                "the site has no content/ folder",
            )
            .with_help("make a content/ folder beside site.yaml with a folder per kind, e.g. content/conditions/"),
        ]));
    }
    let (loaded, stamps) = timed("load", || {
        content::load_reusing(root, config, drafts, reuse)
    })
    .map_err(|err| {
        BuildError::Content(vec![Diagnostic::error(
            Span::file(Path::new("content")),
            format!("cannot read the content folder: {err}"),
        )])
    })?;
    let site = timed("resolve", || graph::resolve(loaded));
    if site.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(site.diagnostics));
    }
    Ok((site, stamps))
}

/// Where rendered files go: the staging folder of a build, or memory for `serve`.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), output::OutputError>;
}

impl Sink for output::Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), output::OutputError> {
        self.write(path, bytes)
    }
}

/// A site loaded, resolved and checked, with its theme: everything but the writing.
pub struct Prepared {
    pub site: graph::Site,
    pub theme: render::Theme,
    /// Warnings so far (build and content checks).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, resolves and checks the site and loads its theme. `Err` holds every problem
/// when any is an error.
pub fn prepare(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
) -> Result<Prepared, BuildError> {
    let site = load_site(root, drafts)?;
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(timed("checks", || checks::run(&site, today)));
    let theme = render::Theme::load(root, &site.config.theme).map_err(|mut d| {
        d.extend(diagnostics.iter().cloned());
        BuildError::Content(d)
    })?;
    Ok(Prepared {
        site,
        theme,
        diagnostics,
    })
}

/// Renders `jobs` into `sink` in one parallel pass (so no more than a page per thread is
/// held). Returns the template errors, if any.
pub fn render_pages(
    prepared: &Prepared,
    jobs: &[render::PageJob],
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, output::OutputError> {
    let renderer = render::Renderer::new(&prepared.site, &prepared.theme);
    let failures: Vec<Result<Diagnostic, output::OutputError>> = jobs
        .par_iter()
        .filter_map(|job| {
            let path = render::job_path(&prepared.site, job);
            match renderer.render(job) {
                Ok(html) => sink.put(&path, html.as_bytes()).err().map(Err),
                Err(d) => Some(Ok(d)),
            }
        })
        .collect();
    let mut errors = Vec::new();
    for failure in failures {
        errors.push(failure?);
    }
    Ok(errors)
}

/// Writes every page, the sitemap, the search index and the static files of a prepared
/// site into `sink`. Returns the diagnostics (the prepared ones, template errors,
/// static-file warnings).
pub fn render_site(
    root: &Path,
    prepared: &Prepared,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, BuildError> {
    let jobs = render::page_jobs(&prepared.site);
    let mut diagnostics = prepared.diagnostics.clone();
    diagnostics.extend(timed("pages", || render_pages(prepared, &jobs, sink))?);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(diagnostics));
    }
    diagnostics.extend(site_files(root, prepared, &jobs, true, sink)?);
    Ok(diagnostics)
}

/// Writes the files of a site besides its pages (`jobs`): the sitemap, the search index
/// (with `search`; `serve` makes it when asked) and the static files. Returns warnings
/// about static files that have a page's path.
pub fn site_files(
    root: &Path,
    prepared: &Prepared,
    jobs: &[render::PageJob],
    search: bool,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, BuildError> {
    let site = &prepared.site;
    let statics = static_files(root, site)?;
    if let Some(files) = render::sitemap(site, jobs) {
        for (path, text) in files {
            sink.put(path, text.as_bytes())?;
        }
    }
    let mut page_paths: std::collections::HashSet<String> =
        jobs.iter().map(|j| render::job_path(site, j)).collect();
    page_paths.extend(["sitemap.xml".to_string(), "robots.txt".to_string()]);
    // The search index (search-index/*.js) that the theme's search.js loads.
    if search {
        for (path, text) in timed("search", || search::index_files(site)) {
            sink.put(&path, text.as_bytes())?;
            page_paths.insert(path);
        }
    }
    let mut diagnostics = Vec::new();
    for (path, bytes) in &statics {
        if page_paths.contains(path) {
            diagnostics.push(
                Diagnostic::warning(
                    Span::file(&Path::new("static").join(path)),
                    "this file has the same path as a page of the site, so it is not copied",
                )
                .with_help("rename or move the file"),
            );
            continue;
        }
        sink.put(path, bytes)?;
    }
    Ok(diagnostics)
}

/// A sink that counts what passes through it, for a progress display.
struct Counting<'a> {
    inner: &'a dyn Sink,
    done: std::sync::atomic::AtomicUsize,
    total: usize,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl Sink for Counting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), output::OutputError> {
        self.inner.put(path, bytes)?;
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        (self.progress)(done.min(self.total), self.total);
        Ok(())
    }
}

/// Builds the site at `options.root` into `options.out`, atomically. `progress` is told
/// (files written, files in all) as the pages are written.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BuildError> {
    let started = Instant::now();
    let root = &options.root;
    output::check_output_dir(root, &options.out)?;
    let prepared = prepare(root, options.drafts, options.today)?;
    let staging = timed("stage", || output::Staging::begin(&options.out))?;
    // With --pdf, the files Chromium needs to print the handouts are kept aside as well.
    let print_dir = options
        .pdf
        .as_ref()
        .map(|_| pdf::PrintDir::new())
        .transpose()?;
    let tee = pdf::Tee {
        inner: &staging,
        keep: print_dir.as_ref(),
    };
    let counting = Counting {
        inner: &tee,
        done: std::sync::atomic::AtomicUsize::new(0),
        total: render::page_jobs(&prepared.site).len(),
        progress,
    };
    let mut diagnostics = render_site(root, &prepared, &counting)?;
    let mut pdfs = 0;
    if let (Some(pdf_options), Some(print_dir)) = (&options.pdf, &print_dir) {
        // Into the staging folder: a failed print leaves the last good site as it was.
        let (printed, warnings) = pdf::print_handouts(&prepared, pdf_options, print_dir, &staging)?;
        pdfs = printed;
        diagnostics.extend(warnings);
    }
    timed("commit", || staging.commit())?;
    let pages = render::page_jobs(&prepared.site).len();
    timed("drop", || drop(prepared));
    Ok(Built {
        pages,
        pdfs,
        seconds: started.elapsed().as_secs_f64(),
        diagnostics,
    })
}

/// The static files of the output: the default theme's, then the site theme's, then the
/// site's own `static/` (a later file replaces an earlier one at the same path).
fn static_files(root: &Path, site: &graph::Site) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = render::default_static()
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .collect();
    let theme_static = root.join("themes").join(&site.config.theme).join("static");
    let mut problems = Vec::new();
    for (dir, names) in [
        (
            theme_static.clone(),
            content::walk::static_files(&theme_static),
        ),
        (root.join("static"), site.static_files.clone()),
    ] {
        for name in names {
            let path = dir.join(&name);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(err) => problems.push(
                    Diagnostic::error(
                        Span::file(path.strip_prefix(root).unwrap_or(&path)),
                        format!("cannot read this file: {err}"),
                    )
                    .with_help("check the file's permissions"),
                ),
            }
        }
    }
    if problems.is_empty() {
        Ok(files.into_iter().collect())
    } else {
        Err(BuildError::Content(problems))
    }
}

/// What `carebook check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Build errors and warnings, and the content checks' findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Every reviewed entry's next review, soonest first.
    pub due: Vec<checks::Due>,
}

/// Everything `build` checks, plus the content checks, rendering every page in memory and
/// writing nothing. `Err` only for problems that stop the checks before the content
/// checks can run (no site, settings or templates broken).
pub fn check(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
) -> Result<CheckReport, BuildError> {
    let site = match load_site(root, drafts) {
        Ok(site) => site,
        Err(BuildError::Content(diagnostics)) => {
            return Ok(CheckReport {
                diagnostics,
                due: Vec::new(),
            });
        }
        Err(other) => return Err(other),
    };
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(checks::run(&site, today));
    match render::Theme::load(root, &site.config.theme) {
        Ok(theme) => {
            let renderer = render::Renderer::new(&site, &theme);
            let failures: Vec<Diagnostic> = render::page_jobs(&site)
                .par_iter()
                .filter_map(|job| renderer.render(job).err())
                .collect();
            diagnostics.extend(failures);
        }
        Err(found) => diagnostics.extend(found),
    }
    let due = checks::due_list(&site, today);
    Ok(CheckReport { diagnostics, due })
}
