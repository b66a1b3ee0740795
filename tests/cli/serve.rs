//! `carebook serve`: the real server on a free port, fetched over HTTP; edits are served
//! and announced to the browser; broken content shows an overlay over the last good pages.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::support::{Site, TODAY, missing_browser_tools, ready, repo, wait_until};

/// A running `carebook serve`, stopped when dropped.
pub struct Serving {
    child: Child,
    pub port: u16,
    /// What the server prints, line by line.
    output: std::sync::mpsc::Receiver<String>,
    /// What it prints on stderr (warnings and errors), as it is read.
    errors: Arc<Printed>,
}

impl Serving {
    /// The next line the server prints that starts with `start`.
    pub fn next_line(&self, start: &str) -> String {
        loop {
            let line = self
                .output
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("timed out waiting for a line starting {start:?}"));
            if line.starts_with(start) {
                return line;
            }
        }
    }

    /// The lines printed on stdout so far that were not read yet, without waiting.
    pub fn output_so_far(&self) -> Vec<String> {
        self.output.try_iter().collect()
    }

    /// The stderr lines printed since the last call, every one of them: the server prints
    /// a rebuild's warnings before the line that reports it on stdout, so once that line
    /// is read, waiting until stderr has been read to its end (an empty read that began
    /// after this call) gives all of the rebuild's warnings, and nothing is left to come.
    pub fn errors_so_far(&self) -> Vec<String> {
        let state = self.errors.wait_until("stderr to be read to its end", {
            let start = self.errors.state().emptied;
            // The empty read counted as `start + 1` may have begun before this call.
            move |state| state.emptied >= start + 2
        });
        let mut state = state;
        state.lines.drain(..).collect()
    }

    /// The next line the server prints on stderr.
    pub fn next_error(&self) -> String {
        let mut state = self
            .errors
            .wait_until("a line on stderr", |state| !state.lines.is_empty());
        state
            .lines
            .pop_front()
            .unwrap_or_else(|| panic!("the server ended without a line on stderr"))
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a server printed on stderr, read by a thread of its own as it comes.
#[derive(Default)]
struct Printed {
    state: Mutex<PrintedState>,
    changed: Condvar,
}

#[derive(Default)]
struct PrintedState {
    /// Whole lines not yet taken.
    lines: VecDeque<String>,
    /// The start of a line whose end has not been read yet.
    partial: Vec<u8>,
    /// How many reads found the pipe empty.
    emptied: u64,
    /// The server closed its stderr (it ended).
    closed: bool,
}

impl Printed {
    fn state(&self) -> MutexGuard<'_, PrintedState> {
        self.state.lock().unwrap()
    }

    /// The state once `done` holds for it (or the server has ended), within ten seconds.
    fn wait_until(
        &self,
        what: &str,
        mut done: impl FnMut(&PrintedState) -> bool,
    ) -> MutexGuard<'_, PrintedState> {
        let (state, timeout) = self
            .changed
            .wait_timeout_while(self.state(), Duration::from_secs(10), |state| {
                !done(state) && !state.closed
            })
            .unwrap();
        assert!(!timeout.timed_out(), "timed out waiting for {what}");
        state
    }

    /// Reads `stderr` to its end, never blocking in a read: the pipe is non-blocking, and
    /// a read that finds it empty is counted (see [`Serving::errors_so_far`]).
    fn read(&self, mut stderr: ChildStderr) {
        use std::os::fd::AsRawFd;
        let fd = stderr.as_raw_fd();
        // SAFETY: `fd` is the open pipe `stderr` owns for the whole loop; F_GETFL and
        // F_SETFL only change its file status flags.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            assert!(flags >= 0 && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) == 0);
        }
        let mut buffer = [0u8; 8192];
        loop {
            let read = stderr.read(&mut buffer);
            let empty = matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
            let mut state = self.state();
            match read {
                Ok(0) => state.closed = true,
                Ok(n) => {
                    state.partial.extend_from_slice(&buffer[..n]);
                    while let Some(end) = state.partial.iter().position(|&b| b == b'\n') {
                        let line: Vec<u8> = state.partial.drain(..=end).collect();
                        let line = String::from_utf8_lossy(&line[..end]).into_owned();
                        state.lines.push_back(line);
                    }
                }
                Err(_) if empty => state.emptied += 1,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => state.closed = true,
            }
            let closed = state.closed;
            drop(state);
            self.changed.notify_all();
            if closed {
                return;
            }
            if empty {
                // Wait until there is something to read, or 20 ms (so that a caller
                // waiting for an empty read that began after it has one soon).
                let mut ready = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd for the open pipe, for the length of the call.
                unsafe { libc::poll(&mut ready, 1, 20) };
            }
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `carebook serve ARGS` started on a free port in `site`, not waited for.
pub fn start(site: &Site, args: &[&str]) -> Serving {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_carebook"))
        .args(["serve", "--port", &port.to_string(), "--today", TODAY])
        .args(args)
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Keep reading both so the server never blocks on a full pipe.
    let (send, output) = std::sync::mpsc::channel();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let errors = Arc::new(Printed::default());
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn({
        let errors = Arc::clone(&errors);
        move || errors.read(stderr)
    });
    Serving {
        child,
        port,
        output,
        errors,
    }
}

/// `carebook serve` on `site`, once it says it is serving.
pub fn serve(site: &Site) -> Serving {
    let serving = start(site, &[]);
    serving.next_line("Serving the site at http://127.0.0.1:");
    serving
}

/// GET `path` (sent as written, so `..` reaches the server): (status, headers, body).
pub fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    // A picture's bytes are not text: read as text they would not be kept apart.
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let response = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

#[test]
fn serves_pages_with_their_content_types() {
    let site = Site::copy("basic");
    let server = serve(&site);
    let (status, head, body) = get(server.port, "/conditions/whiplash/");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("<h1>Whiplash</h1>"));
    assert!(body.contains("<script src=\"/__carebook/reload.js\"></script>\n</body>"));
    assert_eq!(get(server.port, "/").0, 200);
    assert_eq!(get(server.port, "/conditions/whiplash/index.html").0, 200);
    let (status, head, _) = get(server.port, "/style.css");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/css; charset=utf-8"),
        "{head}"
    );
    let (_, head, _) = get(server.port, "/diagram.svg");
    assert!(head.contains("Content-Type: image/svg+xml"), "{head}");
    let (_, head, _) = get(server.port, "/sitemap.xml");
    assert!(head.contains("Content-Type: application/xml"), "{head}");
    let (_, head, body) = get(server.port, "/__carebook/reload.js");
    assert!(
        head.contains("Content-Type: text/javascript; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("EventSource"));
    assert_eq!(get(server.port, "/no/such/page/").0, 404);
    // Nothing is written to disk.
    assert!(!site.out().exists());
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let site = Site::copy("basic");
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("static/passwd")).unwrap();
    std::os::unix::fs::symlink("/etc", site.path().join("static/etc")).unwrap();
    let server = serve(&site);
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/conditions/..%2f..%2f..%2fetc/passwd",
        "/passwd",
        "/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
    ] {
        let (status, _, body) = get(server.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
}

#[test]
fn an_edit_is_served_and_announced() {
    let site = Site::copy("basic");
    let server = serve(&site);
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        events,
        "GET /__carebook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events.try_clone().unwrap());
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let page = site.path().join("content/benefits/range-of-motion.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Moving more easily.", "Moving with ease after a session."),
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "event: reload\n" {
            break;
        }
    }
    let (_, _, body) = get(server.port, "/benefits/range-of-motion/");
    assert!(body.contains("Moving with ease after a session."), "{body}");
}

#[test]
fn broken_content_shows_an_overlay_over_the_last_good_pages() {
    let site = Site::copy("basic");
    let server = serve(&site);
    let page = site.path().join("content/benefits/range-of-motion.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, good.replace("summary:", "sumary:")).unwrap();
    wait_until("the overlay", || {
        get(server.port, "/").2.contains("carebook-errors")
    });
    let (status, _, body) = get(server.port, "/benefits/range-of-motion/");
    assert_eq!(status, 200);
    assert!(
        body.contains("<h1>Range of motion</h1>"),
        "the last good page is still served"
    );
    assert!(
        body.contains("content/benefits/range-of-motion.md:3:1"),
        "{body}"
    );
    assert!(body.contains("unknown front-matter key `sumary`"));
    assert!(body.contains("did you mean `summary`?"));
    std::fs::write(&page, &good).unwrap();
    wait_until("the overlay to clear", || {
        !get(server.port, "/").2.contains("carebook-errors")
    });
}

#[test]
fn a_port_in_use_is_named() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Site::copy("basic");
    let run = site.run(&["serve", "--port", &port.to_string(), "--today", TODAY]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: port {port} on 127.0.0.1 is in use (is another carebook serve running?); try another with --port {}\n",
            port + 1
        )
    );
}

#[test]
fn build_output_has_no_reload_script() {
    let site = Site::copy("basic");
    site.build().assert_ok();
    for (path, bytes) in crate::support::snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__carebook"), "{}", path.display());
    }
}

/// Runs the browser check `tests/browser/SCRIPT` with `args`, when Chromium and the npm
/// packages are there; else says that it is skipped (under CI, fails instead).
pub fn browser_check(script: &str, args: &[&std::ffi::OsStr]) {
    if !ready(
        &format!("{script} browser test"),
        missing_browser_tools(&["playwright-core"]),
    ) {
        return;
    }
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_open_page_reloads_by_itself_in_a_browser() {
    let site = Site::copy("basic");
    let server = serve(&site);
    let url = format!("http://127.0.0.1:{}/benefits/range-of-motion/", server.port);
    let file = site.path().join("content/benefits/range-of-motion.md");
    browser_check(
        "live-reload.mjs",
        &[
            url.as_ref(),
            file.as_ref(),
            "Moving more easily.".as_ref(),
            "Moving with ease, seen live.".as_ref(),
        ],
    );
}

#[test]
fn an_edit_renders_only_the_pages_that_show_it() {
    let site = Site::copy("basic");
    let server = serve(&site);
    let whiplash = site.path().join("content/conditions/whiplash.md");
    let text = std::fs::read_to_string(&whiplash).unwrap();
    // A body edit: the page and the handout that has it as a chapter.
    std::fs::write(
        &whiplash,
        text.replace("Pain and stiffness.", "Pain and a sore jaw."),
    )
    .unwrap();
    let line = server.next_line("Rebuilt");
    assert!(line.starts_with("Rebuilt 2 of 19 pages in "), "{line}");
    assert!(
        get(server.port, "/conditions/whiplash/")
            .2
            .contains("a sore jaw")
    );
    assert!(
        get(server.port, "/handouts/first-visit/")
            .2
            .contains("a sore jaw")
    );
    // A title edit: also the pages that link to it, and the search index.
    std::fs::write(
        &whiplash,
        text.replace("title: Whiplash", "title: Neck whiplash"),
    )
    .unwrap();
    let line = server.next_line("Rebuilt");
    assert!(!line.starts_with("Rebuilt 2 of"), "{line}");
    assert!(get(server.port, "/conditions/").2.contains("Neck whiplash"));
    assert!(
        get(server.port, "/techniques/deep-tissue/")
            .2
            .contains("Neck whiplash")
    );
    assert!(
        get(server.port, "/search-index/core.js")
            .2
            .contains("Neck whiplash")
    );
    // The same bytes again: nothing to render.
    std::fs::write(
        &whiplash,
        text.replace("title: Whiplash", "title: Neck whiplash"),
    )
    .unwrap();
    let line = server.next_line("No page changed");
    assert!(line.starts_with("No page changed; checked in "), "{line}");
}

#[test]
fn a_static_file_removed_is_no_longer_served() {
    let site = Site::copy("basic");
    site.write("static/opening-hours.txt", "Monday to Friday\n");
    let server = serve(&site);
    assert_eq!(get(server.port, "/opening-hours.txt").0, 200);
    std::fs::remove_file(site.path().join("static/opening-hours.txt")).unwrap();
    server.next_line("Built");
    assert_eq!(get(server.port, "/opening-hours.txt").0, 404);
}

#[test]
fn a_warning_is_printed_once_not_on_every_rebuild() {
    let site = Site::copy("basic");
    let deep = site.path().join("content/techniques/deep-tissue.md");
    let text = std::fs::read_to_string(&deep).unwrap();
    std::fs::write(&deep, format!("{text}\nWe diagnose the cause.\n")).unwrap();
    let server = serve(&site);
    let first = server.errors_so_far().join("\n");
    assert!(
        first.contains("warning: claim \"diagnose\"") && first.contains("deep-tissue.md"),
        "{first}"
    );
    // Another page's edit: the same warning is not printed again.
    let whiplash = site.path().join("content/conditions/whiplash.md");
    let text = std::fs::read_to_string(&whiplash).unwrap();
    std::fs::write(&whiplash, text.replace("Pain and stiffness.", "Pain.")).unwrap();
    server.next_line("Rebuilt");
    assert_eq!(server.errors_so_far(), Vec::<String>::new());
    // A new warning is printed, alone.
    let gentle = site.path().join("content/techniques/gentle-stroking.md");
    let text = std::fs::read_to_string(&gentle).unwrap();
    std::fs::write(&gentle, format!("{text}\nWe diagnose it too.\n")).unwrap();
    let line = server.next_line("Rebuilt");
    assert!(line.ends_with("(2 warnings)"), "{line}");
    let printed = server.errors_so_far().join("\n");
    assert!(printed.contains("gentle-stroking.md"), "{printed}");
    assert!(!printed.contains("deep-tissue.md"), "{printed}");
}
