//! `build --pdf`: every handout printed to `handouts/NAME.pdf` by the local Chromium.
//!
//! How: while the site is written, [`Tee`] keeps a copy of every file but the pages (style
//! sheet, images) in a [`PrintDir`]. Each handout page is rendered for print into that
//! folder, at its own path so its relative links to the style sheet and images work, and
//! printed by Chromium in headless mode (`--print-to-pdf`), on the paper `site.yaml` asks
//! for (`@page { size }` in the page). Chromium cannot put page numbers in a table of
//! contents (it has no `target-counter()`), so the first print is read back ([`lopdf`]):
//! the contents link to every chapter, so each chapter is a named destination of the PDF,
//! which says the page it starts on. The page is rendered again with those numbers and
//! printed again, until the numbers hold (normally on the second print).
//!
//! Chapters flow on one after another, so a page may hold the end of one chapter and the
//! start of the next, and Chromium cannot change a running footer in the middle of a
//! flow (no `string-set`, no `:nth()` pages). So the handout's own footer leaves the
//! review date out, and once the pages are final carebook reads where each chapter starts
//! (page, and whether at the top of it), picks for each page the oldest review date of the
//! text on it ([`footer_dates`]), prints a second document of empty pages carrying those
//! dates in the same place and style ([`render::Renderer::handout_footers`]), and lays each
//! of its pages over the handout's page of the same number ([`stamp_pages`]).
//!
//! Each PDF is then made reproducible and portable: its creation dates are removed, and
//! links that Chromium wrote as `file://` addresses of the print folder become the page's
//! address under `base_url`, or a path relative to the PDF. It is written into the build's
//! staging folder before the swap, so a failed print leaves the last good site untouched.
//!
//! Stopping: every Chromium runs in a process group of its own (it starts helper
//! processes), registered with the print folder in [`PRINTING`]. When a print ends in
//! any way — done, failed, timed out, or an error on the way out — its whole group is
//! killed; on Ctrl-C or a termination signal, [`stop_printing`] kills every group, lets no
//! new one start, and removes the print folders, so nothing carebook started or made is
//! left behind.
//!
//! Needs: a site without errors, its theme, and a Chromium (or Chrome) program.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Span};
use crate::graph::EntryId;
use crate::graph::Site;
use crate::output::{self, Sink};
use crate::render::{self, Theme};

/// How to print: the Chromium program to use (see [`find_chromium`]).
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub chromium: PathBuf,
}

/// Why the PDFs could not be made. All are environment problems (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "--pdf needs Chromium (or Google Chrome), and none was found: carebook looked for {names} in the folders of PATH; install Chromium (Debian and Ubuntu: `apt-get install chromium`) or give the program's path with --chromium PATH"
    )]
    NotFound { names: String },
    #[error(
        "--chromium {}: there is no program there; give the path of the Chromium or Chrome program, e.g. --chromium /usr/bin/chromium",
        .0.display()
    )]
    NotAProgram(PathBuf),
    #[error("Chromium ({}) could not print {page} to PDF: {detail}", chromium.display())]
    Print {
        chromium: PathBuf,
        page: String,
        detail: String,
    },
    #[error("cannot print the handouts: {0}")]
    Io(#[from] io::Error),
}

/// The names Chromium and Chrome go by, in the order they are looked for on PATH.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long one print may take before Chromium is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(180);

/// Prints of one handout, at most, while its contents' page numbers settle.
const MAX_PRINTS: usize = 4;

/// The Chromium to print with: `given` (from `--chromium`), which must be a file, or the
/// first program of [`NAMES`] found in the folders of `PATH`, folder by folder (the first
/// folder holding any of them wins, as a shell would choose between them). Whether a file
/// there is a program (a file with an execute bit, or `NAME.exe` and the other `PATHEXT`
/// endings on Windows) is the `which` crate's to say.
pub fn find_chromium(given: Option<&Path>) -> Result<PathBuf, PdfError> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(PdfError::NotAProgram(path.to_path_buf()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(program) = program_in_folders(&path, &cwd) {
        return Ok(program);
    }
    if cfg!(target_os = "macos") {
        for app in [
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        ] {
            if Path::new(app).is_file() {
                return Ok(PathBuf::from(app));
            }
        }
    }
    Err(PdfError::NotFound {
        names: NAMES
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The first program of [`NAMES`] in the folders of `path` (a `PATH` value), folder by
/// folder; relative folders are taken from `cwd`.
fn program_in_folders(path: &std::ffi::OsStr, cwd: &Path) -> Option<PathBuf> {
    std::env::split_paths(path).find_map(|dir| {
        NAMES
            .iter()
            .find_map(|name| which::which_in(name, Some(&dir), cwd).ok())
    })
}

/// What is printing now: the process group of every Chromium running, and every print
/// folder, so that [`stop_printing`] can end them and remove what carebook made.
struct Printing {
    /// Set by [`stop_printing`]: no Chromium may start after it.
    stopped: bool,
    groups: Vec<u32>,
    folders: Vec<PathBuf>,
}

static PRINTING: std::sync::Mutex<Printing> = std::sync::Mutex::new(Printing {
    stopped: false,
    groups: Vec::new(),
    folders: Vec::new(),
});

fn printing() -> std::sync::MutexGuard<'static, Printing> {
    PRINTING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// For Ctrl-C or a termination signal: kills every Chromium printing a handout (with the
/// processes it started), lets none start after it, and removes the print folders. The
/// caller then ends the process.
pub fn stop_printing() {
    let mut now = printing();
    now.stopped = true;
    for group in now.groups.drain(..) {
        kill_group(group);
    }
    let folders: Vec<PathBuf> = now.folders.drain(..).collect();
    drop(now);
    for folder in folders {
        // A killed process may still be closing a file in it: try again, briefly.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&folder).is_ok() || !folder.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Kills the process group `group` (a Chromium and every process it started).
#[cfg(unix)]
fn kill_group(group: u32) {
    if let Ok(group) = libc::pid_t::try_from(group) {
        // SAFETY: killpg only sends a signal; a group that is gone gives ESRCH, ignored.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_group: u32) {}

/// A Chromium printing one page. Dropped — however the print ended — it kills the
/// browser's process group, reaps the browser and takes it off [`PRINTING`].
struct Browser {
    child: std::process::Child,
}

impl Browser {
    /// Starts `command` in a process group of its own, unless printing was stopped.
    fn start(mut command: Command) -> io::Result<Browser> {
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut now = printing();
        if now.stopped {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "printing was stopped",
            ));
        }
        let child = command.spawn()?;
        now.groups.push(child.id());
        Ok(Browser { child })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = self.child.id();
        let mut now = printing();
        now.groups.retain(|&g| g != group);
        drop(now);
        kill_group(group);
        #[cfg(not(unix))]
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private temporary folder holding what Chromium needs to print the handouts: the
/// site's files other than its pages, and each handout page rendered for print. Removed
/// when dropped, and by [`stop_printing`].
pub struct PrintDir {
    dir: tempfile::TempDir,
}

impl PrintDir {
    pub fn new() -> Result<PrintDir, PdfError> {
        let dir = tempfile::Builder::new()
            .prefix("carebook-print-")
            .tempdir()?;
        printing().folders.push(dir.path().to_path_buf());
        Ok(PrintDir { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        Ok(path)
    }
}

impl Drop for PrintDir {
    fn drop(&mut self) {
        let path = self.dir.path();
        printing().folders.retain(|f| f != path);
    }
}

/// A sink that passes every file on to `inner` and keeps a copy of every file that is not
/// a page (`…index.html`) in `keep`, when given.
pub struct Tee<'a> {
    pub inner: &'a dyn Sink,
    pub keep: Option<&'a PrintDir>,
}

impl Sink for Tee<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), output::OutputError> {
        self.inner.put(path, bytes)?;
        if let Some(keep) = self.keep
            && !(path == "index.html" || path.ends_with("/index.html"))
        {
            keep.write(path, bytes)
                .map_err(|source| output::OutputError::io(keep.path().join(path), source))?;
        }
        Ok(())
    }
}

/// The output path of a handout's PDF: `handouts/first-visit.pdf`; a translation's in its
/// language's folder, `es/handouts/first-visit.pdf`.
pub fn pdf_path(site: &crate::graph::Site, id: EntryId) -> String {
    let e = &site.entries[id];
    format!(
        "{}{}/{}.pdf",
        site.language_folder(e.language),
        site.config.kinds[e.kind].folder,
        e.slug
    )
}

/// Why the handouts could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// A handout's page did not render: a template error, the user's to fix.
    #[error("a handout's page did not render")]
    Template(Box<Diagnostic>),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// Prints every handout of `site` into `sink` (see the module's documentation);
/// `print_dir` must hold the site's files other than its pages (see [`Tee`]). Returns
/// how many PDFs were written and any warnings.
pub fn print_handouts(
    site: &Site,
    theme: &Theme,
    options: &PdfOptions,
    print_dir: &PrintDir,
    sink: &dyn Sink,
) -> Result<(usize, Vec<Diagnostic>), PrintError> {
    let handouts: Vec<EntryId> = site.handouts().collect();
    // Chromium takes a few hundred MB: two at a time keep a small machine responsive.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| PdfError::Io(io::Error::other(err.to_string())))?;
    let printed: Vec<Result<Printed, PrintError>> = pool.install(|| {
        use rayon::prelude::*;
        handouts
            .par_iter()
            .map(|&id| print_handout(site, theme, options, print_dir, id))
            .collect()
    });
    let mut warnings = Vec::new();
    for (&id, result) in handouts.iter().zip(printed) {
        let (bytes, warning) = result?;
        warnings.extend(warning);
        sink.put(&pdf_path(site, id), &bytes)?;
    }
    Ok((handouts.len(), warnings))
}

/// One handout's finished PDF, and a warning if its contents' page numbers did not settle.
type Printed = (Vec<u8>, Option<Diagnostic>);

/// Prints one handout: see [`Printed`].
fn print_handout(
    site: &Site,
    theme: &Theme,
    options: &PdfOptions,
    print_dir: &PrintDir,
    id: EntryId,
) -> Result<Printed, PrintError> {
    let renderer = render::Renderer::new(site, theme);
    let page_path = site.entry_path(id);
    let anchors: Vec<String> = render::handout_chapters(site, id)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let mut pages: Option<Vec<u32>> = None;
    let mut warning = None;
    let mut prints = 0;
    let pdf = loop {
        let html = renderer
            .render_handout_for_pdf(id, pages.as_deref())
            .map_err(|d| PrintError::Template(Box::new(d)))?;
        let file = print_dir
            .write(&page_path, html.as_bytes())
            .map_err(PdfError::Io)?;
        let pdf = print_page(&options.chromium, &file, print_dir, &page_path)?;
        prints += 1;
        if anchors.is_empty() {
            break pdf;
        }
        let found = chapter_pages(&pdf, &anchors).map_err(|detail| PdfError::Print {
            chromium: options.chromium.clone(),
            page: page_path.clone(),
            detail,
        })?;
        if pages.as_ref() == Some(&found) {
            break pdf;
        }
        if prints == MAX_PRINTS {
            warning = Some(
                Diagnostic::warning(
                    Span::file(&site.entries[id].path),
                    format!(
                        "the page numbers in the contents of {} may be off: the chapters moved each time they were filled in",
                        pdf_path(site, id)
                    ),
                )
                .with_help("shorten the chapter titles so each fits on one line of the contents"),
            );
            break pdf;
        }
        pages = Some(found);
    };
    let fail = |detail: String| PdfError::Print {
        chromium: options.chromium.clone(),
        page: page_path.clone(),
        detail,
    };
    let places = chapter_places(&pdf, &anchors).map_err(fail)?;
    let page_count = lopdf::Document::load_mem(&pdf)
        .map_err(|e| fail(format!("cannot read its PDF: {e}")))?
        .get_pages()
        .len() as u32;
    let chapters: Vec<EntryId> = render::handout_chapters(site, id)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let reviewed = |e: EntryId| site.entries[e].meta.reviewed;
    let dates = footer_dates(reviewed, id, &chapters, &places, page_count);
    let footers_path = page_path.replace("index.html", "footers.html");
    let footers = print_dir
        .write(
            &footers_path,
            renderer.handout_footers(id, &dates).as_bytes(),
        )
        .map_err(PdfError::Io)?;
    let footers = print_page(&options.chromium, &footers, print_dir, &footers_path)?;
    let pdf = stamp_pages(&pdf, &footers).map_err(fail)?;
    let bytes =
        finish_pdf(&pdf, print_dir, &site.config.base_url, &page_path).map_err(|detail| {
            PdfError::Print {
                chromium: options.chromium.clone(),
                page: page_path.clone(),
                detail,
            }
        })?;
    Ok((bytes, warning))
}

/// `path` as a `file://` URL, each byte outside the unreserved set (and `/`, `:`)
/// percent-encoded.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let root = if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    };
    format!(
        "{root}{}",
        percent_encoding::utf8_percent_encode(&text, crate::url::FILE_PATH)
    )
}

/// Prints the page `file` (at `page` below the print folder) to PDF with Chromium.
fn print_page(
    chromium: &Path,
    file: &Path,
    print_dir: &PrintDir,
    page: &str,
) -> Result<Vec<u8>, PdfError> {
    let fail = |detail: String| PdfError::Print {
        chromium: chromium.to_path_buf(),
        page: page.to_string(),
        detail,
    };
    // A fresh profile for every print: nothing from an earlier run, nothing shared.
    let profile = tempfile::Builder::new()
        .prefix("profile-")
        .tempdir_in(print_dir.path())?;
    let out = profile.path().join("print.pdf");
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("data").display()
        ))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(file))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut browser =
        Browser::start(command).map_err(|err| fail(format!("cannot start it: {err}")))?;
    let child = &mut browser.child;
    // Read stderr on a thread, so a chatty Chromium never blocks on a full pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > PRINT_TIMEOUT {
            // Dropping the browser kills it and what it started.
            return Err(fail(format!(
                "it did not finish within {} seconds and was stopped",
                PRINT_TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Its helpers too, before reading what it said (they hold its stderr open).
    drop(browser);
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    match std::fs::read(&out) {
        Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => {
            // Chromium logs much that does not matter (D-Bus, GPU); its last lines say why.
            let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            let tail = tail[tail.len().saturating_sub(5)..].join("\n  ");
            Err(fail(format!(
                "it ended with {status} and wrote no PDF{}",
                if tail.is_empty() {
                    String::new()
                } else {
                    format!("; it said:\n  {tail}")
                }
            )))
        }
    }
}

/// The page (1-based) each of `anchors` starts on in `pdf`, from its named destinations.
pub fn chapter_pages(pdf: &[u8], anchors: &[String]) -> Result<Vec<u32>, String> {
    Ok(chapter_places(pdf, anchors)?
        .into_iter()
        .map(|p| p.page)
        .collect())
}

/// Where a chapter starts in a PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// 1-based.
    pub page: u32,
    /// It starts at the top of the page's text: nothing before it on that page.
    pub at_top: bool,
}

/// How far below a page's top edge its text starts: the print style sheet's top margin
/// (16 mm) and a little more, in PDF points, under which a chapter is at the top.
const TOP_OF_TEXT: f32 = 19.0 / 25.4 * 72.0;

/// The [`Place`] each of `anchors` starts at in `pdf`, from its named destinations.
pub fn chapter_places(pdf: &[u8], anchors: &[String]) -> Result<Vec<Place>, String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| format!("cannot read its PDF: {e}"))?;
    let page_of: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut dests: std::collections::HashMap<Vec<u8>, Place> = std::collections::HashMap::new();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("its PDF has no catalog: {e}"))?;
    let number = |o: &lopdf::Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
    };
    let page_in = |dest: &lopdf::Object| -> Option<Place> {
        let (_, dest) = doc.dereference(dest).ok()?;
        let array = match dest {
            lopdf::Object::Dictionary(d) => doc.dereference(d.get(b"D").ok()?).ok()?.1,
            other => other,
        };
        let array = array.as_array().ok()?;
        let page = array.first()?.as_reference().ok()?;
        // `[page /XYZ left top zoom]`: the top, against the height of the page.
        let top = array.get(3).and_then(number);
        let height = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(|b| b.as_array())
            .ok()
            .and_then(|b| Some(number(b.get(3)?)? - number(b.get(1)?)?));
        let at_top = matches!((top, height), (Some(t), Some(h)) if t >= h - TOP_OF_TEXT);
        Some(Place {
            page: *page_of.get(&page)?,
            at_top,
        })
    };
    // PDF 1.1: a /Dests dictionary in the catalog (what Chromium writes) …
    if let Ok(obj) = catalog.get(b"Dests")
        && let Ok((_, lopdf::Object::Dictionary(map))) = doc.dereference(obj)
    {
        for (name, dest) in map.iter() {
            if let Some(page) = page_in(dest) {
                dests.insert(name.clone(), page);
            }
        }
    }
    // … and PDF 1.2 on: a name tree under /Names /Dests.
    if let Ok(names) = catalog.get(b"Names")
        && let Ok((_, names)) = doc.dereference(names)
        && let Ok(names) = names.as_dict()
        && let Ok(tree) = names.get(b"Dests")
    {
        let mut stack = vec![tree];
        let mut seen = 0;
        while let Some(node) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                break;
            }
            let Ok((_, node)) = doc.dereference(node) else {
                continue;
            };
            let Ok(node) = node.as_dict() else { continue };
            if let Ok(kids) = node.get(b"Kids").and_then(|k| k.as_array()) {
                stack.extend(kids.iter());
            }
            if let Ok(pairs) = node.get(b"Names").and_then(|n| n.as_array()) {
                for pair in pairs.chunks(2) {
                    if let [name, dest] = pair
                        && let Ok(name) = name.as_str()
                        && let Some(page) = page_in(dest)
                    {
                        dests.insert(name.to_vec(), page);
                    }
                }
            }
        }
    }
    // Chromium names a destination after the link's fragment as a URL writes it: an id
    // with letters outside ASCII (`chapter-épaule`) becomes `chapter-%C3%A9paule`.
    let decoded: Vec<(Vec<u8>, Place)> = dests
        .iter()
        .filter(|(name, _)| name.contains(&b'%'))
        .map(|(name, &page)| (percent_encoding::percent_decode(name).collect(), page))
        .collect();
    for (name, page) in decoded {
        dests.entry(name).or_insert(page);
    }
    anchors
        .iter()
        .map(|a| {
            dests.get(a.as_bytes()).copied().ok_or_else(|| {
                format!("its PDF does not say where `#{a}` starts (is the contents' link to it missing from the template?)")
            })
        })
        .collect()
}

/// The entry whose review date each page of a handout's PDF shows (`None` on the cover):
/// the oldest review (never reviewed counts as oldest) of the texts on the page. The
/// handout's own text (its contents and introduction before the first chapter, and the
/// site's footer on the last page) and each chapter, from the page it starts on to the
/// page the next one starts on, or the page before when the next starts at the top of
/// its page. `places` holds one [`Place`] per entry of `chapters`; `reviewed` gives an
/// entry's review date.
pub fn footer_dates(
    reviewed: impl Fn(EntryId) -> Option<jiff::civil::Date>,
    handout: EntryId,
    chapters: &[EntryId],
    places: &[Place],
    pages: u32,
) -> Vec<Option<EntryId>> {
    let mut on_page: Vec<Vec<EntryId>> = vec![Vec::new(); pages as usize];
    let first = places.first().map_or(pages + 1, |p| p.page);
    let first_at_top = places.first().is_some_and(|p| p.at_top);
    for page in 2..=pages {
        if page < first || (page == first && !first_at_top) || page == pages {
            on_page[page as usize - 1].push(handout);
        }
    }
    for (k, (&chapter, place)) in chapters.iter().zip(places).enumerate() {
        let end = places.get(k + 1).map_or(pages, |next| {
            next.page
                .saturating_sub(u32::from(next.at_top))
                .max(place.page)
        });
        for page in place.page.max(2)..=end.min(pages) {
            on_page[page as usize - 1].push(chapter);
        }
    }
    on_page
        .into_iter()
        .map(|entries| {
            // The first of the oldest: `min_by_key` keeps the first of equal keys.
            entries
                .into_iter()
                .min_by_key(|&e| reviewed(e).unwrap_or(jiff::civil::Date::MIN))
        })
        .collect()
}

/// `pdf` with each page of `over` (printed on the same paper) drawn over the page of the
/// same number, after the page's own content, as a form XObject; the page's own drawing
/// is wrapped in `q … Q` so that nothing it leaves set moves the overlay.
pub fn stamp_pages(pdf: &[u8], over: &[u8]) -> Result<Vec<u8>, String> {
    use lopdf::{Object, Stream, dictionary};
    let read = |bytes: &[u8]| {
        lopdf::Document::load_mem(bytes).map_err(|e| format!("cannot read its PDF: {e}"))
    };
    let mut doc = read(pdf)?;
    let mut over = read(over)?;
    over.renumber_objects_with(doc.max_id + 1);
    doc.max_id = doc.max_id.max(over.max_id);
    // Each overlay page's drawing, resources and size (inherited from its page tree).
    let inherited = |d: &lopdf::Document, page: lopdf::ObjectId, key: &[u8]| -> Object {
        let mut node = d.get_dictionary(page).ok();
        for _ in 0..32 {
            let Some(dict) = node else { break };
            if let Ok(value) = dict.get(key) {
                return value.clone();
            }
            node = dict
                .get(b"Parent")
                .and_then(Object::as_reference)
                .and_then(|p| d.get_dictionary(p))
                .ok();
        }
        Object::Dictionary(lopdf::Dictionary::new())
    };
    let forms: Vec<(Vec<u8>, Object, Object)> = over
        .get_pages()
        .into_values()
        .map(|page| {
            (
                over.get_page_content(page),
                inherited(&over, page, b"Resources"),
                inherited(&over, page, b"MediaBox"),
            )
        })
        .collect();
    doc.objects.append(&mut over.objects);
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    for (page, (content, resources, bbox)) in pages.into_iter().zip(forms) {
        let mut form = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => bbox,
                "Resources" => resources,
            },
            content,
        );
        let _ = form.compress();
        let form = doc.add_object(form);
        doc.add_xobject(page, "CarebookFooter", form)
            .map_err(|e| format!("cannot add the running footer: {e}"))?;
        let open = doc.add_object(Stream::new(lopdf::Dictionary::new(), b"q\n".to_vec()));
        let close = doc.add_object(Stream::new(
            lopdf::Dictionary::new(),
            b"\nQ q /CarebookFooter Do Q\n".to_vec(),
        ));
        let contents: Vec<Object> = doc
            .get_page_contents(page)
            .into_iter()
            .map(Object::Reference)
            .collect();
        let dict = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("cannot add the running footer: {e}"))?;
        let mut all = vec![Object::Reference(open)];
        all.extend(contents);
        all.push(Object::Reference(close));
        dict.set("Contents", all);
    }
    doc.prune_objects();
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write its PDF: {e}"))?;
    Ok(out)
}

/// The PDF to publish: no creation dates (two builds give the same bytes), carebook as its
/// creator, and links into the print folder made links to the site: under `base_url` when
/// set, else relative to the PDF (`handouts/NAME.pdf`). `page` is the printed page's path.
fn finish_pdf(
    pdf: &[u8],
    print_dir: &PrintDir,
    base_url: &str,
    page: &str,
) -> Result<Vec<u8>, String> {
    let mut doc =
        lopdf::Document::load_mem(pdf).map_err(|e| format!("cannot read its PDF: {e}"))?;
    if let Ok(info) = doc.trailer.get(b"Info").and_then(|o| o.as_reference())
        && let Ok(info) = doc.get_dictionary_mut(info)
    {
        info.remove(b"CreationDate");
        info.remove(b"ModDate");
        info.set("Creator", lopdf::Object::string_literal("carebook"));
    }
    let prefix = format!("{}/", file_url(print_dir.path()));
    // The PDF sits beside the page's folder: `handouts/x.pdf` for `handouts/x/index.html`.
    let up = "../".repeat(page.matches('/').count().saturating_sub(1));
    for object in doc.objects.values_mut() {
        let Ok(dict) = object.as_dict_mut() else {
            continue;
        };
        let Ok(action) = dict.get_mut(b"A").and_then(|a| a.as_dict_mut()) else {
            continue;
        };
        let Ok(uri) = action.get_mut(b"URI").and_then(|u| u.as_str_mut()) else {
            continue;
        };
        let Some(rest) = uri.strip_prefix(prefix.as_bytes()) else {
            continue;
        };
        let rest = String::from_utf8_lossy(rest).into_owned();
        let (path, fragment) = match rest.split_once('#') {
            Some((p, f)) => (p.to_string(), format!("#{f}")),
            None => (rest, String::new()),
        };
        *uri = if base_url.is_empty() {
            format!("{up}{path}{fragment}")
        } else {
            format!(
                "{base_url}{}{fragment}",
                path.trim_end_matches("index.html")
            )
        }
        .into_bytes();
    }
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write its PDF: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn chromium_is_the_first_program_of_its_names_folder_by_folder() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let put = |folder: &str, name: &str, mode: u32| {
            let dir = root.path().join(folder);
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(name);
            std::fs::write(&file, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        };
        put("a", "chromium", 0o644); // not a program: no execute bit
        put("b", "google-chrome", 0o755);
        put("c", "chromium", 0o755);
        let path = std::env::join_paths(["a", "b", "c"].map(|f| root.path().join(f))).unwrap();
        assert_eq!(
            program_in_folders(&path, root.path()),
            Some(root.path().join("b/google-chrome"))
        );
        // Relative folders are the working folder's.
        assert_eq!(
            program_in_folders(std::ffi::OsStr::new("a:c"), root.path()),
            Some(root.path().join("c/chromium"))
        );
        assert_eq!(
            program_in_folders(std::ffi::OsStr::new("a"), root.path()),
            None
        );
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/épaule/index.html")),
            "file:///tmp/a%20b/%C3%A9paule/index.html"
        );
    }

    #[test]
    fn each_page_shows_the_oldest_review_of_the_text_on_it() {
        let date = |d: i8| Some(jiff::civil::date(2026, 1, d));
        // 0: the handout, 1 to 4: chapters; 3 was never reviewed.
        let reviewed = |e: EntryId| [date(20), date(10), date(15), None, date(5)][e];
        let at = |page: u32, at_top: bool| Place { page, at_top };
        // Cover; contents and chapter 1 on page 2; chapter 2 from the middle of page 2 to
        // page 3; chapter 3 from the top of page 4; chapter 4 on page 5, the last.
        let pages = footer_dates(
            reviewed,
            0,
            &[1, 2, 3, 4],
            &[at(2, false), at(2, false), at(4, true), at(5, false)],
            5,
        );
        assert_eq!(pages, [None, Some(1), Some(2), Some(3), Some(3)]);
        // All on one page after the cover: the oldest of all.
        let one = footer_dates(reviewed, 0, &[1, 2, 4], &[at(2, false); 3], 2);
        assert_eq!(one, [None, Some(4)]);
        // A chapter at the top of page 3 leaves page 2 to the one before it, and the
        // introduction alone on page 2 shows the handout's date.
        let apart = footer_dates(reviewed, 0, &[2], &[at(3, true)], 3);
        assert_eq!(apart, [None, Some(0), Some(2)]);
        assert_eq!(footer_dates(reviewed, 0, &[], &[], 2), [None, Some(0)]);
    }

    #[test]
    fn a_missing_chromium_names_the_option() {
        let err = find_chromium(Some(Path::new("/no/such/chromium"))).unwrap_err();
        assert!(err.to_string().contains("--chromium"), "{err}");
        let err = PdfError::NotFound {
            names: "`chromium`".into(),
        };
        assert!(err.to_string().contains("--chromium PATH"), "{err}");
    }
}
