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
pub mod names;
pub mod output;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod url;

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

/// "1 day", "3 days": a count and its noun, in the singular when the count is one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Is `root` a site folder (a folder holding `site.yaml`)? Every command asks first, so
/// each says the same when it is not: a usage error (exit code 2), saying why, and which
/// folder to use when `root` is inside a site folder (run in `content/`, say).
pub fn check_site_folder(root: &Path) -> Result<(), BuildError> {
    let why = match std::fs::metadata(root) {
        Err(_) => "no such folder",
        Ok(meta) if !meta.is_dir() => "it is a file, not a folder",
        Ok(_) if !root.join("site.yaml").exists() => "it has no site.yaml",
        Ok(_) => return Ok(()),
    };
    // The current folder by its name: "at ." says nothing.
    let shown = if root.as_os_str().is_empty() || root == Path::new(".") {
        std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf())
    } else {
        root.to_path_buf()
    };
    let hint = match site_folder_above(root) {
        // The site folder is where carebook was run: only `--root` needs changing.
        Some(above) if above.as_os_str().is_empty() || above == Path::new(".") => {
            "it is inside the site folder you are in: leave out `--root`, or write `--root .`"
                .to_string()
        }
        Some(above) => format!(
            "it is inside the site folder {above}: run carebook there (`cd {above}`), or add `--root {above}`",
            above = above.display()
        ),
        None => "run carebook in a site folder (the one that holds site.yaml and content/), give one with --root DIR, or make a new one with `carebook init DIR`".to_string(),
    };
    Err(BuildError::Usage(format!(
        "there is no site folder at {}: {why}; {hint}",
        shown.display()
    )))
}

/// The nearest folder above `root` that holds a `site.yaml`, written as the user would
/// type it from here (`..` when run in `content/`, `site` for `--root site/content`), or
/// in full when `root` climbs with `..` itself.
fn site_folder_above(root: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let absolute = root
        .canonicalize()
        .or_else(|_| std::path::absolute(root))
        .ok()?;
    let (up, above) = absolute
        .ancestors()
        .enumerate()
        .skip(1)
        .find(|(_, dir)| dir.join("site.yaml").is_file())?;
    if root.components().any(|c| c == Component::ParentDir) {
        return Some(above.to_path_buf());
    }
    // Drop `up` names from the path as given; past its start, climb with `..`.
    let mut shown: PathBuf = root
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let mut left = up;
    while left > 0 && matches!(shown.components().next_back(), Some(Component::Normal(_))) {
        shown.pop();
        left -= 1;
    }
    for _ in 0..left {
        shown.push("..");
    }
    Some(if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    })
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
    let (site, stamps) = load_resolved(root, drafts, reuse)?;
    if site.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(site.diagnostics));
    }
    Ok((site, stamps))
}

/// Loads and resolves the site, which may have errors among its diagnostics (`Err` when
/// it cannot be loaded at all).
fn load_resolved(
    root: &Path,
    drafts: bool,
    reuse: content::Reuse<'_>,
) -> Result<(graph::Site, content::Stamps), BuildError> {
    check_site_folder(root)?;
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
    let mut site = timed("resolve", || graph::resolve(loaded));
    // Here, not when writing: `build`, `check` and `serve` all report a static file that
    // would replace a page (or be replaced by one).
    let collisions = static_collisions(root, &site, &[]);
    site.diagnostics.extend(collisions);
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
    let theme = render::Theme::load(root, &site.config).map_err(|mut d| {
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
/// site into `sink`. Returns the diagnostics (the prepared ones, and template errors).
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
    site_files(root, prepared, &jobs, true, sink)?;
    Ok(diagnostics)
}

/// Writes the files of a site besides its pages (`jobs`): the sitemap, the search index
/// (with `search`; `serve` makes it when asked) and the static files. A static file never
/// has the path of another file written: the load stage refused the site if one did
/// (see [`static_collisions`]).
pub fn site_files(
    root: &Path,
    prepared: &Prepared,
    jobs: &[render::PageJob],
    search: bool,
    sink: &dyn Sink,
) -> Result<(), BuildError> {
    let site = &prepared.site;
    let statics = static_files(root, site)?;
    if let Some(files) = render::sitemap(site, jobs) {
        for (path, text) in files {
            sink.put(path, text.as_bytes())?;
        }
    }
    // The search index (search-index/*.js) that the theme's search.js loads.
    if search {
        for (path, text) in timed("search", || search::index_files(site)) {
            debug_assert!(path.starts_with(search::FOLDER));
            sink.put(&path, text.as_bytes())?;
        }
    }
    for (path, bytes) in &statics {
        sink.put(path, bytes)?;
    }
    Ok(())
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

/// What a build tells as it goes, for the terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Another build of the same output folder is running: this one waits for it.
    Waiting,
    /// Files written so far, of all the files to write.
    Written(usize, usize),
}

/// Builds the site at `options.root` into `options.out`, atomically, one build of an
/// output folder at a time (a second waits for the first). `progress` is told when the
/// build waits, and (files written, files in all) as the pages are written.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, BuildError> {
    let started = Instant::now();
    let root = &options.root;
    check_site_folder(root)?;
    let out = output::resolve_out(&options.out)?;
    output::check_output_dir(root, &out).map_err(|e| e.named(&options.out))?;
    let prepared = prepare(root, options.drafts, options.today)?;
    if options.pdf.is_some() {
        let pdfs: Vec<(String, String)> = prepared
            .site
            .config
            .kind_named("handout")
            .into_iter()
            .flat_map(|kind| prepared.site.ids_of_kind(kind))
            .map(|id| {
                let what = format!("the PDF of {}", prepared.site.entries[id].path.display());
                (pdf::pdf_path(&prepared.site, id), what)
            })
            .collect();
        let collisions = static_collisions(root, &prepared.site, &pdfs);
        if !collisions.is_empty() {
            let mut all = prepared.diagnostics;
            all.extend(collisions);
            return Err(BuildError::Content(all));
        }
    }
    let (lock, waited) = output::OutputLock::acquire(&out, || progress(Progress::Waiting))?;
    if waited {
        // The other build may have left the folder otherwise than it was.
        output::check_output_dir(root, &out).map_err(|e| e.named(&options.out))?;
    }
    let staging = timed("stage", || output::Staging::begin(&out, lock))?;
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
    let written = |done, total| progress(Progress::Written(done, total));
    let counting = Counting {
        inner: &tee,
        done: std::sync::atomic::AtomicUsize::new(0),
        total: render::page_jobs(&prepared.site).len(),
        progress: &written,
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

/// Ends the process for Ctrl-C or a termination signal (the handler `main` sets): stops
/// the Chromium printing a handout and removes its print folder, then removes the work
/// folder of a build in progress (see [`output::interrupt`]) and exits with code 130.
pub fn interrupt() -> ! {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    pdf::stop_printing();
    output::interrupt()
}

static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called by a command before it reports how a build ended: while [`interrupt`] runs on
/// the signal's thread, a build it cut short may come back as a failure (its Chromium was
/// killed). That failure is the interruption, not a problem to report: this waits for
/// [`interrupt`] to end the process with its own message and exit code.
pub fn wait_if_interrupted() {
    while INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::park_timeout(std::time::Duration::from_secs(1));
    }
}

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
/// that is how a site changes a theme's file). Paths are as published (NFC), each file's
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
    (files, problems)
}

/// The static files of the output with their bytes (see [`static_sources`]).
fn static_files(root: &Path, site: &graph::Site) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (name, source) in static_sources(root, site).0 {
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
        Err(BuildError::Content(problems))
    }
}

/// Every file carebook writes besides the static files, with what it is (for messages):
/// the pages, and the sitemap and robots.txt when there is a `base_url`.
fn generated_files(site: &graph::Site) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = render::page_jobs(site)
        .iter()
        .map(|job| {
            let what = match job {
                render::PageJob::Home => "the home page".to_string(),
                render::PageJob::Kind(k) => {
                    format!("the A–Z page of {}", site.config.kinds[*k].title)
                }
                render::PageJob::Entry(id) => {
                    format!("the page of {}", site.entries[*id].path.display())
                }
                render::PageJob::Tags => "the list of topics".to_string(),
                render::PageJob::Tag(t) => {
                    format!("the page of the topic `{}`", site.tags[*t].name)
                }
            };
            (render::job_path(site, job), what)
        })
        .collect();
    if render::sitemap(site, &[]).is_some() {
        for name in ["sitemap.xml", "robots.txt"] {
            files.push((
                name.to_string(),
                format!("{name} (written because site.yaml has a base_url)"),
            ));
        }
    }
    files
}

/// Every static file that would replace a file carebook writes (`extra`, and the pages,
/// sitemap and search index), or be replaced by one, or that clashes with another static
/// file (a file where another needs a folder, or a theme's file with the name of another
/// written another way): an error at the static file, naming both.
fn static_collisions(
    root: &Path,
    site: &graph::Site,
    extra: &[(String, String)],
) -> Vec<Diagnostic> {
    let (sources, mut found) = static_sources(root, site);
    let statics: Vec<(&String, &StaticSource)> = sources.iter().collect();
    let names: Vec<&str> = statics.iter().map(|(n, _)| n.as_str()).collect();
    let mut generated = generated_files(site);
    generated.extend(extra.iter().cloned());
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

/// What `carebook check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Build errors and warnings, and the content checks' findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Every reviewed entry's next review, soonest first.
    pub due: Vec<checks::Due>,
    /// How many entries were checked (`None` when the content could not be loaded).
    pub entries: Option<usize>,
}

/// Everything `build` checks, plus the content checks, rendering every page in memory and
/// writing nothing. `Err` only for problems that stop the checks before the content
/// checks can run (no site, settings or templates broken).
pub fn check(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
) -> Result<CheckReport, BuildError> {
    let site = match load_resolved(root, drafts, &|_, _| None) {
        Ok((site, _)) if site.diagnostics.iter().any(Diagnostic::is_error) => {
            return Ok(CheckReport {
                entries: Some(site.entries.len()),
                diagnostics: site.diagnostics,
                due: Vec::new(),
            });
        }
        Ok((site, _)) => site,
        Err(BuildError::Content(diagnostics)) => {
            return Ok(CheckReport {
                diagnostics,
                due: Vec::new(),
                entries: None,
            });
        }
        Err(other) => return Err(other),
    };
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(checks::run(&site, today));
    match render::Theme::load(root, &site.config) {
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
    Ok(CheckReport {
        diagnostics,
        due,
        entries: Some(site.entries.len()),
    })
}
