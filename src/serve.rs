//! `carebook serve`: build into memory, serve on 127.0.0.1, rebuild on change, reload the
//! browser.
//!
//! Guarantees: nothing is written to disk; only files the build produced are served (a
//! request path is looked up in the in-memory site, never joined onto a folder, so `..`,
//! encoded `..` and links out of the site cannot reach other files); the live-reload script
//! and the error overlay are added to pages only here, never by `build`; while the content
//! has errors the last good pages keep being served, with the errors shown over them and in
//! the terminal. A rebuild renders only the pages an edit touches ([`crate::incremental`]);
//! the search index is made when a page first asks for it after a rebuild.
//! Needs: [`crate::incremental`], which runs the same stages as `build`.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::output::OutputError;
use crate::{BuildError, Sink, incremental};

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
        drop(state);
        let (ok, rendered, diagnostics) = match result {
            Ok(rebuilt) => {
                let fresh = sink.files.into_inner().unwrap_or_default();
                if let Ok(mut served) = self.served.write() {
                    if rebuilt.complete {
                        served.pages.clear();
                    }
                    for gone in &rebuilt.removed {
                        served.pages.remove(gone);
                    }
                    served.pages.extend(fresh);
                    served.search = None;
                    served.overlay = None;
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

    /// The response for a GET of `url` (path and query, as sent).
    pub fn respond(&self, url: &str) -> Reply {
        let Some(path) = request_path(url) else {
            return Reply::not_found();
        };
        match path.as_str() {
            "__carebook/reload.js" => {
                return Reply::ok(
                    "text/javascript; charset=utf-8",
                    RELOAD_SCRIPT.as_bytes().into(),
                );
            }
            "__carebook/events" => return Reply::Events,
            _ => {}
        }
        if path.starts_with(crate::search::FOLDER)
            && path[crate::search::FOLDER.len()..].starts_with('/')
            && let Some(bytes) = self.search_index().get(&path)
        {
            return Reply::ok(content_type(&path), bytes.clone());
        }
        let Ok(served) = self.served.read() else {
            return Reply::not_found();
        };
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.clone(), format!("{path}/index.html")]
        };
        for candidate in candidates {
            if let Some(bytes) = served.pages.get(&candidate) {
                let content_type = content_type(&candidate);
                if content_type.starts_with("text/html") {
                    let html = String::from_utf8_lossy(bytes);
                    let page = inject(&html, served.overlay.as_deref());
                    return Reply::ok(content_type, page.into_bytes().into());
                }
                return Reply::ok(content_type, bytes.clone());
            }
        }
        if path == "favicon.ico" {
            // Browsers ask for it on their own; a site without one is not an error.
            return Reply::File {
                status: 204,
                content_type: "image/x-icon",
                body: Arc::from(&b""[..]),
            };
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

    fn generation(&self) -> u64 {
        self.generation.lock().map(|g| *g).unwrap_or(0)
    }
}

/// What to send back for a request.
pub enum Reply {
    File {
        status: u16,
        content_type: &'static str,
        body: Arc<[u8]>,
    },
    /// A live-reload event stream.
    Events,
}

impl Reply {
    fn ok(content_type: &'static str, body: Arc<[u8]>) -> Reply {
        Reply::File {
            status: 200,
            content_type,
            body,
        }
    }

    fn not_found() -> Reply {
        Reply::File {
            status: 404,
            content_type: "text/plain; charset=utf-8",
            body: Arc::from(&b"Not found\n"[..]),
        }
    }
}

/// The path below the site root that `url` asks for, percent-decoded; `None` when it
/// tries to climb out (`..`), holds a NUL or a backslash, or is not valid UTF-8.
pub fn request_path(url: &str) -> Option<String> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let raw = raw.strip_prefix('/').unwrap_or(raw);
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    if path.contains('\0') || path.contains('\\') {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(path)
}

/// The `Content-Type` for a served file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

const RELOAD_SCRIPT: &str = r#"// carebook serve: reload the page when the site is rebuilt.
(function () {
  var source = new EventSource("/__carebook/events");
  source.addEventListener("reload", function () { window.location.reload(); });
})();
"#;

/// Adds the live-reload script (and the error overlay, when there is one) before `</body>`.
fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut extra = String::from("<script src=\"/__carebook/reload.js\"></script>\n");
    if let Some(overlay) = overlay {
        extra.insert_str(0, overlay);
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{}{}", &html[..at], extra, &html[at..]),
        None => format!("{html}{extra}"),
    }
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
pub fn listen(server: &Arc<Server>) -> Result<SocketAddr, ServeError> {
    let (bind, port) = (server.options.bind, server.options.port);
    let http = tiny_http::Server::http(SocketAddr::new(bind, port)).map_err(|err| {
        let in_use = err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            ServeError::PortInUse { bind, port }
        } else {
            ServeError::Listen {
                bind,
                port,
                reason: err.to_string(),
            }
        }
    })?;
    let address = http
        .server_addr()
        .to_ip()
        .unwrap_or_else(|| SocketAddr::new(bind, port));
    let http = Arc::new(http);
    for _ in 0..4 {
        let http = Arc::clone(&http);
        let server = Arc::clone(server);
        std::thread::spawn(move || {
            for request in http.incoming_requests() {
                let server = Arc::clone(&server);
                // Event streams stay open: give each request its own thread.
                std::thread::spawn(move || handle(&server, request));
            }
        });
    }
    Ok(address)
}

fn handle(server: &Server, request: tiny_http::Request) {
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(
            tiny_http::Response::from_string("Method not allowed\n").with_status_code(405),
        );
        return;
    }
    match server.respond(request.url()) {
        Reply::File {
            status,
            content_type,
            body,
        } => {
            let header =
                tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes())
                    .expect("static header is valid");
            let no_cache = tiny_http::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..])
                .expect("static header is valid");
            let response = tiny_http::Response::from_data(body.to_vec())
                .with_status_code(status)
                .with_header(header)
                .with_header(no_cache);
            let _ = request.respond(response);
        }
        Reply::Events => stream_events(server, request),
    }
}

/// Server-sent events: one `reload` event after every rebuild, a comment every 15 s to
/// keep the connection open. Ends when the browser goes away.
fn stream_events(server: &Server, request: tiny_http::Request) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = server.generation();
    loop {
        let now = server.wait_for_change(seen, Duration::from_secs(15));
        let message: &[u8] = if now > seen {
            seen = now;
            b"event: reload\ndata: rebuilt\n\n"
        } else {
            b": still here\n\n"
        };
        if writer
            .write_all(message)
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The watch on the site's sources, started before the server says it is ready so that
/// no edit made after that can be missed.
pub struct Watch {
    server: Arc<Server>,
    root: PathBuf,
    receiver: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    _debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
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
    for folder in ["content", "templates", "themes", "static"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch(e.to_string()))?;
        }
    }
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch(e.to_string()))?;
    Ok(Watch {
        server: Arc::clone(server),
        root,
        receiver,
        _debouncer: debouncer,
    })
}

impl Watch {
    /// Rebuilds on every change, reporting each rebuild with `report`. Blocks until the
    /// process is stopped.
    pub fn run(self, report: impl Fn(&Rebuilt)) {
        for events in &self.receiver {
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
        let markdown = relative.extension().is_some_and(|e| e == "md");
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
        assert_eq!(request_path("/../../etc/passwd"), None);
        assert_eq!(request_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(request_path("/a/%2E%2E/b"), None);
        assert_eq!(request_path("/a%5c..%5cb"), None);
        assert_eq!(request_path("/a%00b"), None);
        assert_eq!(request_path("/bad%zz"), None);
        assert_eq!(request_path("/end%2"), None);
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
