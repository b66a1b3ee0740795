//! `carebook serve`: build into memory, serve on 127.0.0.1, rebuild on change, reload the
//! browser.
//!
//! Guarantees: nothing is written to disk; only files the build produced are served (a
//! request path is looked up in the in-memory site, never joined onto a folder, so `..`,
//! encoded `..` and links out of the site cannot reach other files); only requests for
//! `localhost` or an IP address are answered, and every reply forbids other sites to load
//! it ([`host_is_allowed`], `EVERY_REPLY`), so a web page elsewhere cannot read the
//! preview; the live-reload script, the error overlay and the Reading check ([`reading`]) are added to pages only here,
//! never by `build`; while the content has errors the last good pages keep being served,
//! with the errors shown over them and in the terminal. The server listens before the
//! first build and answers what is asked meanwhile once it is done; no connection waits
//! for another (`http`), and all open pages share one live-reload stream
//! (`RELOAD_SCRIPT`). The watch survives its folders being replaced or made later
//! ([`Watch`]). A rebuild renders only the pages an edit touches ([`crate::incremental`]);
//! the search index is made when a page first asks for it after a rebuild.
//! Needs: [`crate::incremental`], which runs the same stages as `build`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

mod http;
mod reading;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::incremental;
use crate::output::OutputError;
use crate::output::Sink;
use crate::pipeline::BuildError;

/// What `carebook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    pub today: jiff::civil::Date,
}

/// Why the server could not start (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on {bind} is in use (is another carebook serve running?); try another with --port {next}", next = port.wrapping_add(1).max(1024))]
    PortInUse { bind: IpAddr, port: u16 },
    #[error("cannot listen on {bind}:{port}: {reason}")]
    Listen {
        bind: IpAddr,
        port: u16,
        reason: String,
    },
    #[error("cannot watch the site folder for changes: {0}")]
    Watch(String),
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// The site as served: pages by path, and the errors of the last rebuild, if it failed.
#[derive(Default)]
struct Served {
    pages: HashMap<String, Arc<[u8]>>,
    /// The search index (`search-index/*.js`) of the last good build: made when a page
    /// first asks for it after a rebuild, as most edits are checked without searching.
    search: Option<Arc<HashMap<String, Arc<[u8]>>>>,
    /// The rendered error overlay (HTML) while the content has errors.
    overlay: Option<String>,
    /// Each entry page's findings for its Reading check, by its path ([`reading`]).
    reading: HashMap<String, String>,
    /// The path of `base_url` below the host's root, without its first `/` (`info/` for
    /// `https://example.org/info/`), empty when the site is at the root: the 404 page
    /// links from there ([`crate::render::base_path`]), so the preview answers there too.
    base_path: String,
}

impl Served {
    /// A page of the site as the preview sends it: with the live-reload script, and the
    /// error overlay while there are errors.
    fn page(&self, status: u16, html: &[u8], path: &str) -> Reply {
        // The Reading check first: the live-reload script stays the last thing.
        let mut page = String::from_utf8_lossy(html).into_owned();
        if let Some(findings) = self.reading.get(path) {
            page = inject_before_body_end(page, &reading::injected(findings));
        }
        let page = inject(&page, self.overlay.as_deref());
        Reply::File {
            status,
            content_type: "text/html; charset=utf-8".into(),
            body: page.into_bytes().into(),
            headers: &[],
        }
    }
}

/// Shared between the HTTP threads and the rebuild loop.
pub struct Server {
    root: PathBuf,
    options: ServeOptions,
    served: RwLock<Served>,
    /// The last good build, to rebuild from (`None` until the first build succeeds).
    state: Mutex<Option<incremental::State>>,
    /// Bumped after every rebuild; live-reload streams wait on it.
    generation: Mutex<u64>,
    changed: Condvar,
}

/// Rendered files, collected in memory.
#[derive(Default)]
struct MemorySink {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), Arc::from(bytes));
        }
        Ok(())
    }
}

/// The outcome of one rebuild, for the terminal.
pub struct Rebuilt {
    pub pages: usize,
    /// Pages rendered by this rebuild (the others did not change).
    pub rendered: usize,
    pub millis: u128,
    pub diagnostics: Vec<Diagnostic>,
    pub ok: bool,
}

impl Server {
    pub fn new(options: ServeOptions) -> Arc<Server> {
        Arc::new(Server {
            root: options.root.clone(),
            options,
            served: RwLock::new(Served::default()),
            state: Mutex::new(None),
            generation: Mutex::new(0),
            changed: Condvar::new(),
        })
    }

    /// Builds the whole site into memory. On content errors the last good pages stay and
    /// the errors are shown over them; environment errors are returned.
    pub fn rebuild(&self) -> Result<Rebuilt, ServeError> {
        self.rebuild_after(&incremental::Change::Everything)
    }

    /// Rebuilds after `change`, rendering again only the pages it touches (see
    /// [`incremental`]). On content errors the last good pages stay and the errors are
    /// shown over them; environment errors are returned.
    pub fn rebuild_after(&self, change: &incremental::Change) -> Result<Rebuilt, ServeError> {
        let started = Instant::now();
        let sink = MemorySink::default();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = match state.as_mut() {
            Some(state) => state.rebuild(change, &sink),
            None => incremental::State::build(
                &self.root,
                self.options.drafts,
                self.options.today,
                &sink,
            )
            .map(|(built, rebuilt)| {
                *state = Some(built);
                rebuilt
            }),
        };
        let base_path = state.as_ref().map(|s| {
            let base = &s.prepared().site.config.base_url;
            crate::render::base_path(base)[1..].to_string()
        });
        let reading = state
            .as_ref()
            .filter(|_| result.is_ok())
            .map(|s| reading::page_findings(s.prepared()));
        drop(state);
        let (ok, rendered, diagnostics) = match result {
            Ok(rebuilt) => {
                let fresh = sink.files.into_inner().unwrap_or_default();
                if let Ok(mut served) = self.served.write() {
                    served.base_path = base_path.unwrap_or_default();
                    if rebuilt.complete {
                        served.pages.clear();
                    }
                    for gone in &rebuilt.removed {
                        served.pages.remove(gone);
                    }
                    served.pages.extend(fresh);
                    served.search = None;
                    served.overlay = None;
                    served.reading = reading.unwrap_or_default();
                }
                (true, rebuilt.rendered, rebuilt.diagnostics)
            }
            Err(BuildError::Content(mut diagnostics)) => {
                diagnostic::sort_and_dedup(&mut diagnostics);
                if let Ok(mut served) = self.served.write() {
                    served.overlay = Some(overlay(&diagnostics));
                }
                (false, 0, diagnostics)
            }
            Err(other) => return Err(other.into()),
        };
        let pages = self
            .served
            .read()
            .map(|s| s.pages.keys().filter(|p| p.ends_with(".html")).count())
            .unwrap_or(0);
        if let Ok(mut generation) = self.generation.lock() {
            *generation += 1;
        }
        self.changed.notify_all();
        Ok(Rebuilt {
            pages,
            rendered,
            millis: started.elapsed().as_millis(),
            diagnostics,
            ok,
        })
    }

    /// The search index of the last good build, made now if it was not yet.
    fn search_index(&self) -> Arc<HashMap<String, Arc<[u8]>>> {
        if let Some(index) = self.served.read().ok().and_then(|s| s.search.clone()) {
            return index;
        }
        // Made under the state's lock: a rebuild cannot change the site meanwhile.
        let state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let index: HashMap<String, Arc<[u8]>> = state
            .as_ref()
            .map(|s| crate::search::index_files(&s.prepared().site))
            .unwrap_or_default()
            .into_iter()
            .map(|(path, text)| (path, Arc::from(text.into_bytes())))
            .collect();
        let index = Arc::new(index);
        if let Ok(mut served) = self.served.write() {
            served.search = Some(Arc::clone(&index));
        }
        index
    }

    /// The response for a GET of `url` (path and query, as sent): the file the site has
    /// there, or else the site's "page not found" page with status 404.
    pub fn respond(&self, url: &str) -> Reply {
        let Some(path) = request_path(url) else {
            return self.not_found();
        };
        match path.as_str() {
            "__carebook/reload.js" => {
                return Reply::ok(
                    "text/javascript; charset=utf-8",
                    RELOAD_SCRIPT.as_bytes().into(),
                );
            }
            "__carebook/reload-worker.js" => {
                return Reply::ok(
                    "text/javascript; charset=utf-8",
                    RELOAD_WORKER.as_bytes().into(),
                );
            }
            "__carebook/reading.js" => {
                return Reply::ok(
                    "text/javascript; charset=utf-8",
                    reading::SCRIPT.as_bytes().into(),
                );
            }
            "__carebook/events" => return Reply::Events,
            _ => {}
        }
        if let Some(reply) = self.file_at(&path) {
            return reply;
        }
        // The 404 page links from the site's path on its host (`/info/style.css`).
        let base_path = self
            .served
            .read()
            .map(|s| s.base_path.clone())
            .unwrap_or_default();
        if let Some(below) = path
            .strip_prefix(base_path.as_str())
            .filter(|_| !base_path.is_empty())
            && let Some(reply) = self.file_at(below)
        {
            return reply;
        }
        self.not_found()
    }

    /// The file the site has at `path` (below its root), if any.
    fn file_at(&self, path: &str) -> Option<Reply> {
        if path.starts_with(crate::search::FOLDER)
            && path[crate::search::FOLDER.len()..].starts_with('/')
            && let Some(bytes) = self.search_index().get(path)
        {
            return Some(Reply::ok(content_type(path), bytes.clone()));
        }
        let served = self.served.read().ok()?;
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        for candidate in candidates {
            if let Some(bytes) = served.pages.get(&candidate) {
                let content_type = content_type(&candidate);
                if content_type.starts_with("text/html") {
                    return Some(served.page(200, bytes, &candidate));
                }
                return Some(Reply::ok(content_type, bytes.clone()));
            }
        }
        if path == "favicon.ico" {
            // Browsers ask for it on their own; a site without one is not an error.
            return Some(Reply::File {
                status: 204,
                content_type: "image/x-icon".into(),
                body: Arc::from(&b""[..]),
                headers: &[],
            });
        }
        None
    }

    /// The reply for an address the site does not have: its 404 page, as a host shows it
    /// (with status 404), or plain text before there is one.
    fn not_found(&self) -> Reply {
        let Ok(served) = self.served.read() else {
            return Reply::not_found();
        };
        if let Some(page) = served.pages.get(crate::render::NOT_FOUND) {
            return served.page(404, page, crate::render::NOT_FOUND);
        }
        if let Some(overlay) = &served.overlay {
            // Nothing good to show yet (the first build failed): the errors alone.
            let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>carebook: errors</title></head><body></body></html>";
            return Reply::ok(
                "text/html; charset=utf-8",
                inject(page, Some(overlay)).into_bytes().into(),
            );
        }
        Reply::not_found()
    }

    /// Blocks until the site has been rebuilt after `seen`, or `timeout` passes; returns
    /// the current generation.
    fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let Ok(guard) = self.generation.lock() else {
            return seen;
        };
        let result = self
            .changed
            .wait_timeout_while(guard, timeout, |generation| *generation <= seen);
        match result {
            Ok((generation, _)) => *generation,
            Err(_) => seen,
        }
    }

    /// Blocks until the first build has finished (successfully or with content errors).
    fn wait_until_built(&self) {
        if let Ok(guard) = self.generation.lock() {
            drop(
                self.changed
                    .wait_while(guard, |generation| *generation == 0),
            );
        }
    }

    fn generation(&self) -> u64 {
        self.generation.lock().map(|g| *g).unwrap_or(0)
    }
}

/// What to send back for a request.
pub enum Reply {
    File {
        status: u16,
        content_type: Cow<'static, str>,
        body: Arc<[u8]>,
        /// Headers this reply needs besides those every reply has (`EVERY_REPLY`).
        headers: &'static [(&'static str, &'static str)],
    },
    /// A live-reload event stream.
    Events,
}

impl Reply {
    fn ok(content_type: impl Into<Cow<'static, str>>, body: Arc<[u8]>) -> Reply {
        Reply::File {
            status: 200,
            content_type: content_type.into(),
            body,
            headers: &[],
        }
    }

    /// A short plain-text reply (an error a person may read in the browser).
    fn text(status: u16, text: String) -> Reply {
        Reply::File {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            body: Arc::from(text.into_bytes()),
            headers: &[],
        }
    }

    fn not_found() -> Reply {
        Reply::text(404, "Not found\n".into())
    }
}

/// May a request whose `Host` header is `host` be answered? Only when it names
/// `localhost` or is an IP address (`127.0.0.1`, `[::1]`, with or without a port). A web
/// page elsewhere can point a name it owns at this computer (DNS rebinding) and then
/// read the preview as its own site; its requests carry that name and are refused. An IP
/// address cannot be rebound, so any is fine (with `--bind`, the machine's own addresses
/// are how other computers reach it).
pub fn host_is_allowed(host: &str) -> bool {
    // The port, if any, is digits after a colon (RFC 3986 `authority`).
    let port_ok = |port: &str| port.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = host.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(port_ok);
        return port_ok && address.parse::<std::net::Ipv6Addr>().is_ok();
    }
    let name = match host.split_once(':') {
        Some((name, port)) if port_ok(port) => name,
        Some(_) => return false,
        None => host,
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// The path below the site root that `url` asks for, percent-decoded and composed (NFC,
/// as every published name is: see [`crate::names`]); `None` when it is
/// not a path (`*`, `http://…`), has a `%` that starts no escape, tries to climb out
/// (`..`), holds a NUL or a backslash, or does not decode to UTF-8 (overlong forms
/// included).
pub fn request_path(url: &str) -> Option<String> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let raw = raw.strip_prefix('/')?;
    // The decoder keeps a `%` that starts no escape as it is; here it is a mangled address.
    let escapes_ok = raw.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return None;
    }
    let path = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if path.contains('\0') || path.contains('\\') {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    // Every file is published under its composed (NFC) name; an address that stores its
    // accents as separate characters (pasted from a Mac) names the same file.
    Some(crate::names::nfc(&path).into_owned())
}

/// The `Content-Type` for a served file, by its extension (in any case): mime_guess's
/// table, but for three extensions where that table lags the registrations (`.mjs` is
/// `text/javascript`, RFC 9239; `.woff` is `font/woff`, RFC 8081; `.xml` is
/// `application/xml`, which RFC 7303 prefers to `text/xml`). Every text type is served as
/// UTF-8, the encoding carebook reads and writes; an unknown extension is
/// `application/octet-stream`.
pub fn content_type(path: &str) -> Cow<'static, str> {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    let essence = match extension.as_str() {
        "mjs" => "text/javascript",
        "woff" => "font/woff",
        "xml" => "application/xml",
        _ => mime_guess::from_ext(&extension)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    };
    if essence.starts_with("text/") {
        Cow::Owned(format!("{essence}; charset=utf-8"))
    } else {
        Cow::Borrowed(essence)
    }
}

/// The live-reload script every served page loads.
///
/// A browser opens at most six connections to one server (HTTP/1.1), and an event stream
/// holds one for as long as its page is open: with a stream per page, six open pages of
/// the preview leave none for the next page, which then waits for ever for its images
/// (the server never sees those requests). So all pages share one stream, held by a
/// shared worker ([`RELOAD_WORKER`]); only where there is none does a page open its own.
/// Either way it is opened once the page has loaded, so it never competes with the page's
/// own images and styles.
const RELOAD_SCRIPT: &str = r#"// carebook serve: reload the page when the site is rebuilt.
(function () {
  function reload() { window.location.reload(); }
  function live() { window.carebookLive = true; }
  function start() {
    if (window.SharedWorker) {
      try {
        var worker = new SharedWorker("/__carebook/reload-worker.js");
        worker.port.onmessage = function (message) {
          if (message.data === "reload") reload(); else live();
        };
        worker.port.start();
        return;
      } catch (err) { /* fall back to a stream of the page's own */ }
    }
    var source = new EventSource("/__carebook/events");
    source.onopen = live;
    source.addEventListener("reload", reload);
    window.addEventListener("pagehide", function () { source.close(); });
  }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
})();
"#;

/// The shared worker of [`RELOAD_SCRIPT`]: one event stream for every open page of the
/// preview; it tells each page when the stream is open, and to reload after a rebuild.
const RELOAD_WORKER: &str = r#"// carebook serve: one event stream for every open page of the preview.
var pages = [];
var open = false;
var source = new EventSource("/__carebook/events");
source.onopen = function () {
  open = true;
  pages.forEach(function (page) { page.postMessage("live"); });
};
source.onerror = function () { open = false; };
source.addEventListener("reload", function () {
  // Every page reloads and connects again: none is kept.
  var reloading = pages;
  pages = [];
  reloading.forEach(function (page) { page.postMessage("reload"); });
});
onconnect = function (event) {
  var page = event.ports[0];
  pages.push(page);
  if (open) page.postMessage("live");
};
"#;

/// Adds the live-reload script (and the error overlay, when there is one) before `</body>`.
fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut extra = String::from("<script src=\"/__carebook/reload.js\"></script>\n");
    if let Some(overlay) = overlay {
        extra.insert_str(0, overlay);
    }
    inject_before_body_end(html.to_string(), &extra)
}

fn inject_before_body_end(mut html: String, extra: &str) -> String {
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, extra),
        None => html.push_str(extra),
    }
    html
}

/// The errors of a failed rebuild, as a panel over the page.
fn overlay(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let mut html = String::from(
        "<div id=\"carebook-errors\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;z-index:2147483647;background:#fff;color:#111;padding:2rem;font:16px/1.5 system-ui,sans-serif\">",
    );
    html.push_str(&format!(
        "<h1 style=\"color:#b00020;font-size:1.5rem\">carebook: {} — the last good version of the site is shown once you fix {}</h1>",
        diagnostic::summary(diagnostics, Severity::Error).unwrap_or_else(|| "errors".into()),
        if errors.len() == 1 { "it" } else { "them" }
    ));
    for d in errors {
        html.push_str(&format!(
            "<section style=\"border-left:6px solid #b00020;padding:.5rem 1rem;margin:1rem 0;background:#fdecec\"><p style=\"margin:0;font-family:monospace\">{}:{}:{}</p><p style=\"margin:.25rem 0;font-weight:700\">{}</p><pre style=\"margin:.25rem 0;white-space:pre-wrap\">{}</pre>{}</section>",
            escape(&d.span.path.display().to_string()),
            d.span.line,
            d.span.column,
            escape(&d.message),
            escape(&d.span.line_text),
            d.help
                .as_ref()
                .map(|h| format!("<p style=\"margin:0\">help: {}</p>", escape(h)))
                .unwrap_or_default()
        ));
    }
    html.push_str("</div>\n");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Starts listening; the server then answers from its threads until the process ends.
/// Requests that come before the first build has finished wait for it.
pub fn listen(server: &Arc<Server>) -> Result<SocketAddr, ServeError> {
    let (bind, port) = (server.options.bind, server.options.port);
    let listener = std::net::TcpListener::bind(SocketAddr::new(bind, port)).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            ServeError::PortInUse { bind, port }
        } else {
            ServeError::Listen {
                bind,
                port,
                reason: err.to_string(),
            }
        }
    })?;
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::new(bind, port));
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        http::run(listener, &EVERY_REPLY, move |request, responder| {
            handle(&server, request, responder, address.port());
        });
    });
    Ok(address)
}

/// Headers on every reply: nothing is cached (a rebuild changes pages under the same
/// address), and no other web site may load a file of the preview as its script, image or
/// style (`Cross-Origin-Resource-Policy`: the search index is a script holding every
/// page's text, drafts included with `--drafts`).
const EVERY_REPLY: [(&str, &str); 3] = [
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("X-Content-Type-Options", "nosniff"),
];

/// Why a request is not answered with the site, if it is not: a `Host` other than
/// `localhost` or an IP address ([`host_is_allowed`]), or a method other than GET or HEAD.
fn refusal(server: &Server, request: &http::Request, port: u16) -> Option<Reply> {
    match request.hosts.as_slice() {
        // A browser always sends one; HTTP/1.1 requires it (RFC 9112, 3.2).
        [] if request.http10 => {}
        [] | [_, _, ..] => {
            return Some(Reply::text(
                400,
                "Bad request: send one Host header\n".into(),
            ));
        }
        [host] if !host.as_deref().is_some_and(host_is_allowed) => {
            let elsewhere = if server.options.bind.is_loopback() {
                ""
            } else {
                ", or this computer's IP address from another computer"
            };
            let host = host.as_deref().unwrap_or("");
            return Some(Reply::text(
                403,
                format!(
                    "carebook serve answers only to localhost or an IP address, not to the name {host:?}: this keeps other web sites from reading the preview. Open http://localhost:{port}/ on this computer{elsewhere}.\n"
                ),
            ));
        }
        [_] => {}
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Some(Reply::File {
            status: 405,
            content_type: "text/plain; charset=utf-8".into(),
            body: Arc::from(&b"Method not allowed: carebook serve answers GET and HEAD only\n"[..]),
            headers: &[("Allow", "GET, HEAD")],
        });
    }
    None
}

fn handle(
    server: &Server,
    request: &http::Request,
    responder: &mut http::Responder<'_>,
    port: u16,
) {
    let reply = refusal(server, request, port).unwrap_or_else(|| {
        server.wait_until_built();
        server.respond(&request.target)
    });
    match reply {
        Reply::File {
            status,
            content_type,
            body,
            headers,
        } => {
            let headers: Vec<(&str, &str)> = [("Content-Type", content_type.as_ref())]
                .into_iter()
                .chain(headers.iter().copied())
                .collect();
            responder.send(status, &headers, &body);
        }
        Reply::Events => {
            if let Some(stream) = responder.stream(&[("Content-Type", "text/event-stream")]) {
                stream_events(server, stream);
            }
        }
    }
}

/// Server-sent events: one `reload` event after every rebuild, a comment every 15 s to
/// keep the connection open. Ends when the browser goes away.
fn stream_events(server: &Server, stream: &mut std::net::TcpStream) {
    let mut seen = server.generation();
    let mut message: &[u8] = b": connected\n\n";
    while stream
        .write_all(message)
        .and_then(|()| stream.flush())
        .is_ok()
    {
        let now = server.wait_for_change(seen, Duration::from_secs(15));
        message = if now > seen {
            seen = now;
            b"event: reload\ndata: rebuilt\n\n"
        } else {
            b": still here\n\n"
        };
    }
}

/// The folders of a site's sources, below its root (besides `site.yaml`).
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The watch on the site's sources, started before the first build so that no edit made
/// after it starts can be missed.
///
/// The site root is watched on its own (not its subfolders) and each source folder
/// recursively. Watching the root recursively would also watch every folder of `public/`
/// (one per page) and `.git/`; watching only the source folders loses a folder that is
/// replaced (a backup restored, `mv content.new content` by a sync tool): an inotify watch
/// belongs to the folder, not to its name, so it follows the old folder away, and a folder
/// made later is not watched at all. notify's inotify backend drops the watches of a folder
/// renamed or removed below a watched folder, so the root's watch tells when a source
/// folder comes or goes, and [`Watch::run`] watches the new folder again before the
/// rebuild reads it (nothing written into it in between is missed: the rebuild reads it).
pub struct Watch {
    server: Arc<Server>,
    root: PathBuf,
    receiver: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    debouncer: Debouncer,
}

/// Starts watching `content/`, `templates/`, `themes/`, `static/` and `site.yaml`.
pub fn watch(server: &Arc<Server>) -> Result<Watch, ServeError> {
    use notify::RecursiveMode;
    let (sender, receiver) = std::sync::mpsc::channel();
    // Editors save in bursts (write, rename, chmod): the debouncer merges them.
    let mut debouncer =
        notify_debouncer_full::new_debouncer(Duration::from_millis(25), None, sender)
            .map_err(|e| ServeError::Watch(e.to_string()))?;
    // Watch and compare canonical paths: the watcher reports absolute ones.
    let root = server
        .root
        .canonicalize()
        .unwrap_or_else(|_| server.root.clone());
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch(e.to_string()))?;
    for folder in SOURCE_FOLDERS {
        watch_folder(&mut debouncer, &root.join(folder))
            .map_err(|e| ServeError::Watch(e.to_string()))?;
    }
    Ok(Watch {
        server: Arc::clone(server),
        root,
        receiver,
        debouncer,
    })
}

/// Watches the source folder `path` afresh: the folder now at that path, if there is one.
fn watch_folder(debouncer: &mut Debouncer, path: &Path) -> notify::Result<()> {
    // The old watch, if notify kept it, is on a folder that may have moved away.
    let _ = debouncer.unwatch(path);
    if path.is_dir() {
        debouncer.watch(path, notify::RecursiveMode::Recursive)?;
    }
    Ok(())
}

impl Watch {
    /// Rebuilds on every change, reporting each rebuild with `report`. Blocks until the
    /// process is stopped.
    pub fn run(mut self, report: impl Fn(&Rebuilt)) {
        while let Ok(events) = self.receiver.recv() {
            let Ok(events) = events else { continue };
            // A change to a source: not a read (the rebuild itself reads every file), not
            // an editor's temporary file, not the output folder.
            let changed: Vec<&Path> = events
                .iter()
                .filter(|event| !matches!(event.kind, notify::EventKind::Access(_)))
                .flat_map(|event| event.paths.iter())
                .filter(|p| is_source(&self.root, p))
                .map(PathBuf::as_path)
                .collect();
            // A source folder made, removed or moved in or out (replaced).
            for folder in SOURCE_FOLDERS {
                let path = self.root.join(folder);
                if changed.contains(&path.as_path())
                    && let Err(err) = watch_folder(&mut self.debouncer, &path)
                {
                    eprintln!(
                        "warning: cannot watch {folder}/ for changes ({err}); restart carebook serve to see edits there"
                    );
                }
            }
            if !changed.is_empty() {
                match self.server.rebuild_after(&change_of(&self.root, &changed)) {
                    Ok(rebuilt) => report(&rebuilt),
                    Err(err) => eprintln!("error: {err}"),
                }
            }
        }
    }
}

/// What the changed `paths` (absolute, below `root`) ask to rebuild: only those content
/// files when they are all Markdown files in `content/`, else everything.
fn change_of(root: &Path, paths: &[&Path]) -> incremental::Change {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let markdown = relative
            .file_name()
            .is_some_and(|n| crate::content::walk::is_markdown(&n.to_string_lossy()));
        if !markdown || !relative.starts_with("content") {
            return incremental::Change::Everything;
        }
        if !files.iter().any(|f| f == relative) {
            files.push(relative.to_path_buf());
        }
    }
    incremental::Change::Content(files)
}

/// Is `path` one of the site's sources (not its output, not an editor's leftover)?
fn is_source(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::content::walk::is_ignored_name(&name) {
        return false;
    }
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    matches!(
        first.as_str(),
        "content" | "templates" | "themes" | "static"
    ) || relative == Path::new("site.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(request_path("/").as_deref(), Some(""));
        assert_eq!(
            request_path("/conditions/whiplash/?x=1").as_deref(),
            Some("conditions/whiplash/")
        );
        assert_eq!(request_path("/%C3%A9paule/").as_deref(), Some("épaule/"));
        assert_eq!(request_path("/e%CC%81paule/").as_deref(), Some("épaule/"));
        assert_eq!(request_path("/../../etc/passwd"), None);
        assert_eq!(request_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(request_path("/a/%2E%2E/b"), None);
        assert_eq!(request_path("/a%5c..%5cb"), None);
        assert_eq!(request_path("/a%00b"), None);
        assert_eq!(request_path("/bad%zz"), None);
        assert_eq!(request_path("/end%2"), None);
        assert_eq!(request_path("/end%"), None);
    }

    #[test]
    fn hostile_request_paths_are_refused_without_panicking() {
        // A `%` followed by a character of more than one byte, wherever it falls.
        assert_eq!(request_path("/%aé.md"), None);
        assert_eq!(request_path("/%é"), None);
        assert_eq!(request_path("/a%éé/"), None);
        assert_eq!(request_path("/%\u{10FFFF}x"), None);
        // Escapes that decode to bytes that are not UTF-8: a lone continuation byte, a
        // truncated sequence, overlong forms of `.` and `/` (which would climb out).
        assert_eq!(request_path("/%80"), None);
        assert_eq!(request_path("/%C3"), None);
        assert_eq!(request_path("/%C0%AE%C0%AE/etc/passwd"), None);
        assert_eq!(request_path("/%C0%AF"), None);
        assert_eq!(request_path("/%E0%80%AE"), None);
        assert_eq!(request_path("/%F8%88%80%80%80"), None);
        // Decoded once only: `%252e%252e` is the name `%2e%2e`, not `..`.
        assert_eq!(request_path("/%252e%252e/").as_deref(), Some("%2e%2e/"));
        // Not a path at all.
        assert_eq!(request_path("*"), None);
        assert_eq!(request_path("http://evil.example/"), None);
        assert_eq!(request_path(""), None);
        // Long paths are only long.
        let long = format!("/{}", "%41".repeat(100_000));
        assert_eq!(request_path(&long).map(|p| p.len()), Some(100_000));
    }

    #[test]
    fn only_localhost_and_ip_addresses_are_answered() {
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:8080",
            "0.0.0.0:1111",
            "[::1]",
            "[::1]:1111",
            "[fe80::1]:1111",
            "[::ffff:127.0.0.1]:1111",
        ] {
            assert!(host_is_allowed(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "localhost.",
            "my-laptop.local:1111",
            "",
            ":1111",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:x",
            "[evil.example]",
            "127.0.0.1:1111:1",
            "127.1",
            "localhost:1111x",
            "user@localhost",
        ] {
            assert!(!host_is_allowed(host), "{host}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("i.json"), "application/json");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("a.jpg"), "image/jpeg");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("h.pdf"), "application/pdf");
        // Where mime_guess's table is behind the registrations, and what it adds.
        assert_eq!(content_type("m.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("f.woff"), "font/woff");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.htm"), "text/html; charset=utf-8");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(content_type("a.JPEG"), "image/jpeg");
        assert_eq!(content_type("a.gif"), "image/gif");
        assert_eq!(content_type("v.mp4"), "video/mp4");
        assert_eq!(content_type("intake.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
        assert_eq!(content_type("a.v1/file"), "application/octet-stream");
        assert_eq!(content_type("x.not-a-type"), "application/octet-stream");
    }

    #[test]
    fn injection_goes_before_the_body_end() {
        let page = inject("<html><body><p>x</p></body></html>", Some("<div>E</div>"));
        assert_eq!(
            page,
            "<html><body><p>x</p><div>E</div><script src=\"/__carebook/reload.js\"></script>\n</body></html>"
        );
    }
}
