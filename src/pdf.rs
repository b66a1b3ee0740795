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
use crate::{BuildError, Prepared, Sink, output, render};

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
/// first of [`NAMES`] found in the folders of `PATH`.
pub fn find_chromium(given: Option<&Path>) -> Result<PathBuf, PdfError> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(PdfError::NotAProgram(path.to_path_buf()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let candidate = dir.join(if cfg!(windows) {
                format!("{name}.exe")
            } else {
                name.to_string()
            });
            if is_program(&candidate) {
                return Ok(candidate);
            }
        }
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

#[cfg(unix)]
fn is_program(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_program(path: &Path) -> bool {
    path.is_file()
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

/// The output path of a handout's PDF: `handouts/first-visit.pdf`.
pub fn pdf_path(site: &crate::graph::Site, id: EntryId) -> String {
    let e = &site.entries[id];
    format!("{}/{}.pdf", site.config.kinds[e.kind].folder, e.slug)
}

/// Prints every handout of `prepared` into `sink` (see the module's documentation);
/// `print_dir` must hold the site's files other than its pages (see [`Tee`]). Returns
/// how many PDFs were written and any warnings.
pub fn print_handouts(
    prepared: &Prepared,
    options: &PdfOptions,
    print_dir: &PrintDir,
    sink: &dyn Sink,
) -> Result<(usize, Vec<Diagnostic>), BuildError> {
    let site = &prepared.site;
    let Some(kind) = site.config.kind_named("handout") else {
        return Ok((0, Vec::new()));
    };
    let handouts: Vec<EntryId> = site.ids_of_kind(kind).collect();
    // Chromium takes a few hundred MB: two at a time keep a small machine responsive.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| PdfError::Io(io::Error::other(err.to_string())))?;
    let printed: Vec<Result<Printed, BuildError>> = pool.install(|| {
        use rayon::prelude::*;
        handouts
            .par_iter()
            .map(|&id| print_handout(prepared, options, print_dir, id))
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
    prepared: &Prepared,
    options: &PdfOptions,
    print_dir: &PrintDir,
    id: EntryId,
) -> Result<Printed, BuildError> {
    let site = &prepared.site;
    let renderer = render::Renderer::new(site, &prepared.theme);
    let page_path = render::entry_path(site, id);
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
            .map_err(|d| BuildError::Content(vec![d]))?;
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

/// `path` as a `file://` URL, each byte outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
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
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| format!("cannot read its PDF: {e}"))?;
    let page_of: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut dests: std::collections::HashMap<Vec<u8>, u32> = std::collections::HashMap::new();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("its PDF has no catalog: {e}"))?;
    let page_in = |dest: &lopdf::Object| -> Option<u32> {
        let (_, dest) = doc.dereference(dest).ok()?;
        let array = match dest {
            lopdf::Object::Dictionary(d) => doc.dereference(d.get(b"D").ok()?).ok()?.1,
            other => other,
        };
        let page = array.as_array().ok()?.first()?.as_reference().ok()?;
        page_of.get(&page).copied()
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
    let decoded: Vec<(Vec<u8>, u32)> = dests
        .iter()
        .filter(|(name, _)| name.contains(&b'%'))
        .map(|(name, &page)| (percent_decode(name), page))
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

/// `%XX` escapes made bytes again; anything else kept as it is.
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                text.get(i + 1).copied().and_then(hex),
                text.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
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

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/épaule/index.html")),
            "file:///tmp/a%20b/%C3%A9paule/index.html"
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(
            percent_decode(b"chapter-%C3%A9paule-%zz%4"),
            "chapter-épaule-%zz%4".as_bytes()
        );
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
