//! The one orchestration of the stages — config -> load -> resolve -> check -> render ->
//! write — for `build`, `check` and `serve` alike (and for the fuzz targets, in memory).
//!
//! [`prepare`] runs every stage up to rendering and is the only place that decides what
//! runs after what: a site whose settings, content or links have errors is not checked,
//! a site whose theme does not load is not rendered, and each of those stops comes back
//! with every diagnostic found so far. [`render_pages`] renders into a [`Sink`] (the
//! staging folder of a build, memory for `serve`, nothing for `check`), so all three
//! render the same way. [`build`] adds the write stage: atomically, one build of an output
//! folder at a time. `serve` (through [`crate::incremental`]) calls [`prepare`] with a
//! [`Reuse`] to skip what an edit did not change.
//!
//! Memory: a build writes the search index before the pages and then lets go of the
//! entries' prose (its last reader), and `build` and `check` move the checks' findings
//! into their result rather than copying them ([`Prepared::take_diagnostics`]). What is
//! written is the same either way.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::checks::{self, Findings};
use crate::content::{self, Entry};
use crate::diagnostic::{Diagnostic, Span};
use crate::output::{self, Sink};
use crate::{config, graph, pdf, pictures, render, search, statics};

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

/// Today's date (UTC), for review checks.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
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

/// Runs `f` as the pipeline stage `name`; with `CAREBOOK_TIMINGS=1` in the environment
/// its wall time goes to stderr (for `bench/`: where a build spends its time), with the
/// process's memory after it and its peak so far, where the system tells them (Linux).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("CAREBOOK_TIMINGS").is_some_and(|v| v != "0")) {
        return f();
    }
    let started = Instant::now();
    let value = f();
    eprintln!(
        "timing: {name:<10} {:>7.3} s{}",
        started.elapsed().as_secs_f64(),
        memory_figures()
    );
    value
}

/// ", memory 123 MB (peak 140 MB)" from /proc/self/status; empty where it cannot be read.
fn memory_figures() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let megabytes = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (megabytes("VmRSS:"), megabytes("VmHWM:")) {
        (Some(now), Some(peak)) => format!(", memory {now} MB (peak {peak} MB)"),
        _ => String::new(),
    }
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

/// What a run may take over from the one before it (`serve` after an edit); [`Reuse::NONE`]
/// for a run from scratch.
pub struct Reuse<'r> {
    /// The entry of an unchanged file (see [`content::load_reusing`]).
    pub entries: content::Reuse<'r>,
    /// The check findings of an entry whose kind and text are unchanged.
    pub findings: &'r (dyn Fn(&Entry) -> Option<Vec<Diagnostic>> + Sync),
    /// The theme, when no template or theme file changed.
    pub theme: Option<Arc<render::Theme>>,
}

impl Reuse<'static> {
    /// Nothing to reuse: every file is read and every entry checked.
    pub const NONE: Reuse<'static> = Reuse {
        entries: &|_, _| None,
        findings: &|_| None,
        theme: None,
    };
}

/// A site loaded, resolved and checked, with its theme: everything but the rendering.
pub struct Prepared {
    pub site: graph::Site,
    pub theme: Arc<render::Theme>,
    pub findings: Findings,
    /// Every content file's size and modification time when it was read.
    pub stamps: content::Stamps,
}

impl Prepared {
    /// Every diagnostic so far: the load and resolve stages', the checks' findings and
    /// the theme's (warnings: a prepared site has no errors). Unsorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.site.diagnostics.clone();
        all.extend(self.findings.all().cloned());
        all.extend(self.theme.warnings().iter().cloned());
        all
    }

    /// [`Prepared::diagnostics`], in the same order, with the checks' findings moved out
    /// rather than copied (`findings` is left empty): for a build or `check` that has no
    /// more use for them. A first import of old leaflets has tens of thousands.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        let findings = std::mem::take(&mut self.findings);
        let mut all = self.site.diagnostics.clone();
        all.extend(findings.site_wide);
        all.extend(findings.per_entry.into_iter().flatten());
        all.extend(self.theme.warnings().iter().cloned());
        all
    }
}

/// Where [`prepare`] stopped, with everything it found.
pub enum Stopped {
    /// Before the site was resolved: no site folder, broken settings, no content folder.
    Unloaded(BuildError),
    /// The site was loaded and resolved but has errors: in its content (the checks did
    /// not run: `checked` is false) or in its theme (they did, and their findings are
    /// among `diagnostics`).
    WithErrors {
        site: Box<graph::Site>,
        diagnostics: Vec<Diagnostic>,
        checked: bool,
    },
}

impl From<pdf::PrintError> for BuildError {
    fn from(err: pdf::PrintError) -> Self {
        match err {
            pdf::PrintError::Template(d) => BuildError::Content(vec![*d]),
            pdf::PrintError::Pdf(err) => BuildError::Pdf(err),
            pdf::PrintError::Output(err) => BuildError::Output(err),
        }
    }
}

impl From<Stopped> for BuildError {
    fn from(stopped: Stopped) -> Self {
        match stopped {
            Stopped::Unloaded(err) => err,
            Stopped::WithErrors { diagnostics, .. } => BuildError::Content(diagnostics),
        }
    }
}

/// Runs the stages up to rendering: settings, load, resolve (with the static files'
/// collisions), the content checks and the theme. A site with errors stops after the stage
/// that found them.
pub fn prepare(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
    reuse: Reuse<'_>,
) -> Result<Prepared, Stopped> {
    let (site, stamps) = load(root, drafts, reuse.entries).map_err(Stopped::Unloaded)?;
    if site.diagnostics.iter().any(Diagnostic::is_error) {
        let diagnostics = site.diagnostics.clone();
        return Err(Stopped::WithErrors {
            site: Box::new(site),
            diagnostics,
            checked: false,
        });
    }
    let findings = timed("checks", || {
        checks::run(&site, today, &|id| (reuse.findings)(&site.entries[id]))
    });
    let theme = match reuse.theme {
        Some(theme) => theme,
        None => match render::Theme::load(root, &site.config) {
            Ok(theme) => Arc::new(theme),
            Err(mut found) => {
                found.extend(site.diagnostics.iter().cloned());
                found.extend(findings.all().cloned());
                return Err(Stopped::WithErrors {
                    site: Box::new(site),
                    diagnostics: found,
                    checked: true,
                });
            }
        },
    };
    Ok(Prepared {
        site,
        theme,
        findings,
        stamps,
    })
}

/// The fixture site `tests/fixtures/NAME`, prepared as a build prepares it (for unit
/// tests), counting review dates from 27 November 2026.
#[cfg(test)]
pub(crate) fn fixture(name: &str) -> Prepared {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    match prepare(&root, false, jiff::civil::date(2026, 11, 27), Reuse::NONE) {
        Ok(prepared) => prepared,
        Err(_) => panic!("the fixture site {name} has errors"),
    }
}

/// Loads the settings and the content and resolves the site, which may have errors among
/// its diagnostics (`Err` when it cannot be loaded at all).
fn load(
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
    let collisions = statics::static_collisions(root, &site, &[]);
    site.diagnostics.extend(collisions);
    site.diagnostics
        .extend(statics::page_collisions(&site, &[]));
    site.diagnostics
        .extend(statics::replaced_theme_files(root, &site));
    Ok((site, stamps))
}

/// The pipeline in memory, as the fuzz targets and property tests run it: resolves
/// `loaded` (a site without a folder: no static files), checks it, and renders every page
/// with `theme` when it has no errors. Returns every diagnostic of the stages (unsorted)
/// and, apart, the template errors of pages that did not render.
pub fn in_memory(
    loaded: content::Loaded,
    today: jiff::civil::Date,
    theme: &Arc<render::Theme>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let site = graph::resolve(loaded);
    if site.diagnostics.iter().any(Diagnostic::is_error) {
        return (site.diagnostics, Vec::new());
    }
    let findings = checks::run(&site, today, &|_| None);
    let prepared = Prepared {
        site,
        theme: Arc::clone(theme),
        findings,
        stamps: content::Stamps::default(),
    };
    let jobs = render::page_jobs(&prepared.site);
    match render_pages(&prepared, &jobs, &output::Discard) {
        Ok(unrendered) => (prepared.diagnostics(), unrendered),
        Err(never) => unreachable!("the discarding sink does not fail: {never}"),
    }
}

/// Renders `jobs` into `sink` in one parallel pass (each page is written as soon as it is
/// rendered, so no more than a page per thread is held). Returns the template errors.
pub fn render_pages(
    prepared: &Prepared,
    jobs: &[render::PageJob],
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, output::OutputError> {
    let pages = render_each(prepared, jobs, sink, false)?;
    Ok(pages.into_iter().filter_map(Result::err).collect())
}

/// [`render_pages`], keeping for each page what the renderer recorded it read (for
/// `serve`'s incremental rebuilds): one result per job, in order.
pub fn render_pages_recorded(
    prepared: &Prepared,
    jobs: &[render::PageJob],
    sink: &dyn Sink,
) -> Result<Vec<Result<Vec<render::reads::ReadId>, Diagnostic>>, output::OutputError> {
    render_each(prepared, jobs, sink, true)
}

/// The one render loop: renders each job and writes it into `sink`, keeping what each
/// page read when `record` (empty otherwise), or its template error.
type Rendered = Result<Vec<render::reads::ReadId>, Diagnostic>;

fn render_each(
    prepared: &Prepared,
    jobs: &[render::PageJob],
    sink: &dyn Sink,
    record: bool,
) -> Result<Vec<Rendered>, output::OutputError> {
    let renderer = render::Renderer::new(&prepared.site, &prepared.theme);
    let pages: Vec<Result<Rendered, output::OutputError>> = jobs
        .par_iter()
        .map(|job| {
            let page = if record {
                renderer.render_recorded(job)
            } else {
                renderer.render(job).map(|html| (html, Vec::new()))
            };
            match page {
                Ok((html, reads)) => {
                    sink.put(&render::job_path(&prepared.site, job), html.as_bytes())?;
                    Ok(Ok(reads))
                }
                Err(d) => Ok(Err(d)),
            }
        })
        .collect();
    pages.into_iter().collect()
}

/// Writes the search index, every page, the sitemap and the static files of a prepared
/// site into `sink`, for a build. The search index comes first: it is the last reader of
/// the entries' prose (the checks, the other, ran in [`prepare`]), which is then let go,
/// so the pages are rendered in that much less memory. Returns every diagnostic: the
/// prepared ones (moved out of `prepared`, see [`Prepared::take_diagnostics`]), then the
/// template errors and the pictures' warnings.
pub fn render_site(
    root: &Path,
    prepared: &mut Prepared,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, BuildError> {
    write_search_index(&prepared.site, sink)?;
    for entry in &mut prepared.site.entries {
        entry.scan.prose = String::new();
    }
    let jobs = render::page_jobs(&prepared.site);
    let unrendered = timed("pages", || render_pages(prepared, &jobs, sink))?;
    if unrendered.iter().any(Diagnostic::is_error) {
        let mut all = prepared.take_diagnostics();
        all.extend(unrendered);
        return Err(BuildError::Content(all));
    }
    let pictures = site_files(root, prepared, &jobs, false, sink)?;
    let mut diagnostics = prepared.take_diagnostics();
    diagnostics.extend(unrendered);
    diagnostics.extend(pictures);
    Ok(diagnostics)
}

/// Writes the search index (search-index/*.js) that the theme's search.js loads.
fn write_search_index(site: &graph::Site, sink: &dyn Sink) -> Result<(), output::OutputError> {
    for (path, text) in timed("search", || search::index_files(site)) {
        debug_assert!(path.contains(search::FOLDER));
        sink.put(&path, text.as_bytes())?;
    }
    Ok(())
}

/// Writes the files of a site besides its pages (`jobs`): the sitemap, the search index
/// (with `search`; `serve` makes it when asked) and the static files. A static file never
/// has the path of another file written: the load stage refused the site if one did
/// (see [`statics::static_collisions`]). The pictures are published in their widths
/// ([`pictures::publish`]): their warnings come back; a picture that cannot be decoded
/// stops the build with every diagnostic.
pub fn site_files(
    root: &Path,
    prepared: &Prepared,
    jobs: &[render::PageJob],
    search: bool,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, BuildError> {
    let site = &prepared.site;
    let statics = statics::static_files(root, site).map_err(BuildError::Content)?;
    let pictures = publish_pictures(root, site, sink)?;
    if pictures.iter().any(Diagnostic::is_error) {
        let mut all = prepared.diagnostics();
        all.extend(pictures);
        return Err(BuildError::Content(all));
    }
    for (path, text) in render::sitemap(site, jobs) {
        sink.put(path, text.as_bytes())?;
    }
    if search {
        write_search_index(site, sink)?;
    }
    for (path, bytes) in &statics {
        sink.put(path, bytes)?;
    }
    Ok(pictures)
}

/// [`pictures::publish`], timed; with `CAREBOOK_TIMINGS=1`, how many copies were encoded
/// and how many came from the cache go to stderr too.
fn publish_pictures(
    root: &Path,
    site: &graph::Site,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, output::OutputError> {
    let published = timed("pictures", || pictures::publish(root, site, sink))?;
    if std::env::var_os("CAREBOOK_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!(
            "timing: pictures: {} copies encoded, {} from the cache",
            published.encoded, published.cached
        );
    }
    Ok(published.diagnostics)
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
    let mut prepared = prepare(root, options.drafts, options.today, Reuse::NONE)?;
    if options.pdf.is_some() {
        let pdfs: Vec<(String, String)> = prepared
            .site
            .handouts()
            .map(|id| {
                let what = format!("the PDF of {}", prepared.site.entries[id].path.display());
                (pdf::pdf_path(&prepared.site, id), what)
            })
            .collect();
        let collisions = statics::static_collisions(root, &prepared.site, &pdfs);
        if !collisions.is_empty() {
            let mut all = prepared.diagnostics();
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
    let mut diagnostics = render_site(root, &mut prepared, &counting)?;
    let mut pdfs = 0;
    if let (Some(pdf_options), Some(print_dir)) = (&options.pdf, &print_dir) {
        // Into the staging folder: a failed print leaves the last good site as it was.
        let (printed, warnings) = pdf::print_handouts(
            &prepared.site,
            &prepared.theme,
            pdf_options,
            print_dir,
            &staging,
        )?;
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

/// How many files `check` checked.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Entries and plain pages of the default language.
    pub entries: usize,
    /// Their translations.
    pub translations: usize,
    /// The languages whose pages the reading checks did not measure.
    pub unmeasured: Vec<checks::Unmeasured>,
}

impl Checked {
    fn of(site: &graph::Site) -> Checked {
        let translations = (0..site.entries.len())
            .filter(|&id| site.is_translation(id))
            .count();
        Checked {
            entries: site.entries.len() - translations,
            translations,
            unmeasured: checks::unmeasured_languages(site),
        }
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
    pub entries: Option<Checked>,
    /// Every page with its translations' status (empty for a site in one language).
    pub translations: Vec<checks::TranslationRow>,
    /// With `--report`: every entry's reading figures, hardest first.
    pub reading: Vec<checks::PageReading>,
}

/// Everything `build` checks, plus the content checks, rendering every page in memory and
/// writing nothing. `Err` only for problems that stop the checks before the content
/// checks can run (no site, settings or templates broken).
pub fn check(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
) -> Result<CheckReport, BuildError> {
    check_with(root, drafts, today, false)
}

/// [`check`], with every entry's reading figures when `reading` (`check --report`).
pub fn check_with(
    root: &Path,
    drafts: bool,
    today: jiff::civil::Date,
    reading: bool,
) -> Result<CheckReport, BuildError> {
    let reading_of = |site: &crate::graph::Site| {
        if reading {
            checks::reading_report(site)
        } else {
            Vec::new()
        }
    };
    match prepare(root, drafts, today, Reuse::NONE) {
        Ok(mut prepared) => {
            let mut diagnostics = prepared.take_diagnostics();
            let jobs = render::page_jobs(&prepared.site);
            diagnostics.extend(render_pages(&prepared, &jobs, &output::Discard)?);
            diagnostics.extend(publish_pictures(root, &prepared.site, &output::Discard)?);
            Ok(CheckReport {
                diagnostics,
                due: checks::due_list(&prepared.site, today),
                entries: Some(Checked::of(&prepared.site)),
                translations: checks::status_table(&prepared.site),
                reading: reading_of(&prepared.site),
            })
        }
        Err(Stopped::WithErrors {
            site,
            diagnostics,
            checked,
        }) => Ok(CheckReport {
            diagnostics,
            due: if checked {
                checks::due_list(&site, today)
            } else {
                Vec::new()
            },
            entries: Some(Checked::of(&site)),
            translations: checks::status_table(&site),
            reading: if checked {
                reading_of(&site)
            } else {
                Vec::new()
            },
        }),
        Err(Stopped::Unloaded(BuildError::Content(diagnostics))) => Ok(CheckReport {
            diagnostics,
            due: Vec::new(),
            entries: None,
            translations: Vec::new(),
            reading: Vec::new(),
        }),
        Err(Stopped::Unloaded(other)) => Err(other),
    }
}

/// The document `carebook check --format json` prints (version 1). Its fields are in the
/// order the document has always had them (alphabetical); a change to the document is a
/// new `version`.
#[derive(serde::Serialize)]
pub struct JsonReport<'r> {
    /// With `--due`: every reviewed entry's next review, soonest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<&'r [checks::Due]>,
    errors: usize,
    findings: Vec<JsonFinding<'r>>,
    /// No errors (and, with `--strict`, no warnings).
    passed: bool,
    /// With `--report`: every entry's reading figures, hardest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    reading: Option<&'r [checks::PageReading]>,
    today: String,
    /// With `--translations`: every page and its status in each other language.
    #[serde(skip_serializing_if = "Option::is_none")]
    translations: Option<Vec<JsonTranslation<'r>>>,
    /// The languages whose pages the reading checks did not measure (left out when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unmeasured: &'r [checks::Unmeasured],
    version: u32,
    warnings: usize,
}

/// One page of `check --translations` in [`JsonReport`].
#[derive(serde::Serialize)]
struct JsonTranslation<'r> {
    file: &'r str,
    /// By language tag: `up-to-date`, `outdated` or `missing`.
    languages: std::collections::BTreeMap<&'r str, checks::Status>,
    title: &'r str,
}

/// One diagnostic in [`JsonReport`].
#[derive(serde::Serialize)]
struct JsonFinding<'r> {
    /// The finding's code; `build` for the problems a build stops on.
    code: &'r str,
    column: usize,
    file: String,
    help: &'r Option<String>,
    line: usize,
    message: &'r str,
    severity: crate::diagnostic::Severity,
}

impl<'r> JsonReport<'r> {
    /// With the translations' table when `wanted` (`--translations`).
    pub fn with_translations(mut self, report: &'r CheckReport, wanted: bool) -> Self {
        if wanted {
            self.translations = Some(
                report
                    .translations
                    .iter()
                    .map(|row| JsonTranslation {
                        file: &row.file,
                        languages: row
                            .languages
                            .iter()
                            .map(|(tag, status)| (tag.as_str(), *status))
                            .collect(),
                        title: &row.title,
                    })
                    .collect(),
            );
        }
        self
    }

    /// The document of `report` (its diagnostics in the order given), as checked on
    /// `today`; `passed` as the command decided it (`--strict` counts warnings), the
    /// review list with `due`.
    pub fn new(
        report: &'r CheckReport,
        today: jiff::civil::Date,
        passed: bool,
        due: bool,
        reading: bool,
    ) -> Self {
        let count = |severity| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        JsonReport {
            due: due.then_some(report.due.as_slice()),
            errors: count(crate::diagnostic::Severity::Error),
            findings: report
                .diagnostics
                .iter()
                .map(|d| JsonFinding {
                    code: if d.code.is_empty() { "build" } else { d.code },
                    column: d.span.column,
                    file: d.span.path.display().to_string(),
                    help: &d.help,
                    line: d.span.line,
                    message: &d.message,
                    severity: d.severity,
                })
                .collect(),
            passed,
            reading: reading.then_some(report.reading.as_slice()),
            today: today.to_string(),
            translations: None,
            unmeasured: report
                .entries
                .as_ref()
                .map_or(&[][..], |c| c.unmeasured.as_slice()),
            version: 1,
            warnings: count(crate::diagnostic::Severity::Warning),
        }
    }
}
