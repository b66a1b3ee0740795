//! `carebook serve` against hostile and unlucky clients (issue 13): requests for another
//! host name (DNS rebinding), hostile request paths, source folders replaced under the
//! watcher, and a browser's many connections during and right after the first build. All
//! over raw HTTP (`TcpStream`) to the real server, so every header is seen as sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::serve::{Serving, browser_check, serve, start};
use crate::support::{Site, copy_tree, wait_until};

/// How long any one reply may take before it counts as a stall: a hang detector, far
/// above the few milliseconds a reply takes, not a measure of speed.
const STALL: Duration = Duration::from_secs(10);

/// A reply as it came over the wire.
#[derive(Debug)]
struct Reply {
    /// The status line and the header lines, in order, with the date replaced by `…`.
    head: Vec<String>,
    body: Vec<u8>,
}

impl Reply {
    fn status(&self) -> u16 {
        self.head[0]
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head[1..].iter().find_map(|line| {
            let (field, value) = line.split_once(": ")?;
            field.eq_ignore_ascii_case(name).then_some(value)
        })
    }
}

/// A new connection to the server, with reads that give up after [`STALL`].
fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(STALL)).unwrap();
    stream
}

/// Reads one reply from `reader`: the head, then exactly `Content-Length` bytes (the
/// connection may stay open), or everything until the server closes when there is none.
fn read_reply(reader: &mut impl BufRead) -> std::io::Result<Reply> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end_matches("\r\n").to_string();
        if line.is_empty() {
            break;
        }
        head.push(if line.starts_with("Date: ") {
            "Date: …".to_string()
        } else {
            line
        });
    }
    let mut reply = Reply {
        head,
        body: Vec::new(),
    };
    match reply.header("Content-Length").map(str::parse::<usize>) {
        Some(Ok(length)) => {
            reply.body = vec![0; length];
            reader.read_exact(&mut reply.body)?;
        }
        _ => {
            reader.read_to_end(&mut reply.body)?;
        }
    }
    Ok(reply)
}

/// Sends `request` (bytes as written) on a new connection and reads the reply.
fn ask(port: u16, request: &[u8]) -> Reply {
    let mut stream = connect(port);
    stream.write_all(request).unwrap();
    read_reply(&mut BufReader::new(stream))
        .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(request)))
}

/// GET `path` with `Host: host`.
fn get_as(port: u16, host: &str, path: &str) -> Reply {
    ask(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// GET `path` as a browser on this computer would.
fn get(port: u16, path: &str) -> Reply {
    get_as(port, &format!("localhost:{port}"), path)
}

/// The head of a reply carebook makes, for a body of `length` bytes, on a connection
/// that ends with it (as every request here asks, but for the browser-like ones).
fn head(status: &str, content_type: &str, extra: &[&str], length: usize) -> Vec<String> {
    let mut head = vec![
        format!("HTTP/1.1 {status}"),
        "Date: …".to_string(),
        format!("Content-Type: {content_type}"),
    ];
    head.extend(extra.iter().map(|s| s.to_string()));
    head.extend(
        [
            "Cache-Control: no-store",
            "Cross-Origin-Resource-Policy: same-origin",
            "X-Content-Type-Options: nosniff",
        ]
        .map(String::from),
    );
    head.push(format!("Content-Length: {length}"));
    head.push("Connection: close".to_string());
    head
}

// ---- Host: only localhost and IP addresses ----------------------------------------------

#[test]
fn a_host_name_other_than_localhost_is_refused() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    let refused = get_as(port, "evil.example", "/");
    let message = format!(
        "carebook serve answers only to localhost or an IP address, not to the name \"evil.example\": this keeps other web sites from reading the preview. Open http://localhost:{port}/ on this computer.\n"
    );
    assert_eq!(refused.text(), message);
    assert_eq!(
        refused.head,
        head(
            "403 Forbidden",
            "text/plain; charset=utf-8",
            &[],
            message.len()
        )
    );
    // Any name a page elsewhere could point at this computer, for any file.
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("my-laptop.local:{port}"),
    ] {
        for path in [
            "/",
            "/search-index/core.js",
            "/__carebook/events",
            "/opening-hours.txt",
        ] {
            let reply = get_as(port, &host, path);
            assert_eq!(reply.status(), 403, "{host} {path}");
            assert!(
                reply.text().starts_with("carebook serve answers only to"),
                "{host} {path}: {}",
                reply.text()
            );
        }
    }
}

#[test]
fn localhost_and_ip_addresses_are_answered() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    let page = get(port, "/conditions/neck-pain/");
    assert!(
        page.text().contains("<h1>Neck pain</h1>"),
        "{}",
        page.text()
    );
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = get_as(port, &host, "/conditions/neck-pain/");
        assert_eq!(
            reply.head,
            head("200 OK", "text/html; charset=utf-8", &[], page.body.len()),
            "{host}"
        );
        assert_eq!(reply.body, page.body, "{host}");
    }
}

#[test]
fn every_reply_keeps_other_sites_from_loading_it() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    for (path, content_type) in [
        ("/search-index/core.js", "text/javascript; charset=utf-8"),
        ("/search.js", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/turning.svg", "image/svg+xml"),
        ("/opening-hours.txt", "text/plain; charset=utf-8"),
        ("/__carebook/reload.js", "text/javascript; charset=utf-8"),
        (
            "/__carebook/reload-worker.js",
            "text/javascript; charset=utf-8",
        ),
    ] {
        let reply = get(port, path);
        assert_eq!(
            reply.head,
            head("200 OK", content_type, &[], reply.body.len()),
            "{path}"
        );
    }
    // A missing page is the site's 404 page, with the same headers.
    let missing = get(port, "/no/such/page/");
    assert_eq!(
        missing.head,
        head(
            "404 Not Found",
            "text/html; charset=utf-8",
            &[],
            missing.body.len()
        )
    );
    assert!(
        missing
            .text()
            .contains("<h1>Sorry, we cannot find that page</h1>")
    );
    // The live-reload stream too.
    let mut events = connect(port);
    write!(
        events,
        "GET /__carebook/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut lines = Vec::new();
    while lines.last().is_none_or(|l: &String| l != ": connected") {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        lines.push(if line.starts_with("Date: ") {
            "Date: …".to_string()
        } else {
            line.to_string()
        });
    }
    // It has no length: it ends with its connection, and says so.
    assert_eq!(
        lines,
        [
            "HTTP/1.1 200 OK",
            "Date: …",
            "Content-Type: text/event-stream",
            "Cache-Control: no-store",
            "Cross-Origin-Resource-Policy: same-origin",
            "X-Content-Type-Options: nosniff",
            "Connection: close",
            "",
            ": connected",
        ]
    );
}

#[test]
fn a_method_other_than_get_or_head_is_refused_with_allow() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    let message = "Method not allowed: carebook serve answers GET and HEAD only\n";
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let reply = ask(
            port,
            format!(
                "{method} /conditions/neck-pain/ HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(
            reply.head,
            head(
                "405 Method Not Allowed",
                "text/plain; charset=utf-8",
                &["Allow: GET, HEAD"],
                message.len()
            ),
            "{method}"
        );
        assert_eq!(reply.text(), message, "{method}");
    }
    // A body sent with it is skipped: the connection goes on to the next request.
    let mut stream = connect(port);
    write!(
        stream,
        "POST /search HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 11\r\n\r\nq=neck+painGET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    assert_eq!(read_reply(&mut reader).unwrap().status(), 405);
    assert_eq!(read_reply(&mut reader).unwrap().status(), 200);
    // HEAD is answered, with the length of what GET would send and no body.
    let page = get(port, "/");
    let mut stream = connect(port);
    write!(
        stream,
        "HEAD / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.ends_with(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            page.body.len()
        )),
        "{response}"
    );
}

#[test]
fn a_request_without_exactly_one_host_is_refused() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    let message = "Bad request: send one Host header\n";
    for request in [
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
        format!(
            "GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
    ] {
        let reply = ask(port, request.as_bytes());
        assert_eq!(
            reply.head,
            head(
                "400 Bad Request",
                "text/plain; charset=utf-8",
                &[],
                message.len()
            ),
            "{request}"
        );
        assert_eq!(reply.text(), message);
    }
    // HTTP/1.0 had no Host header (and no browser sends such a request).
    let reply = ask(port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(reply.status(), 200);
}

/// `serve --bind 0.0.0.0` (and `ARGS`): the warning it prints, and the server.
fn serve_on_the_network(site: &Site, args: &[&str]) -> (String, Serving) {
    let mut all = vec!["--bind", "0.0.0.0"];
    all.extend(args);
    let server = start(site, &all);
    let warning = server.next_error();
    server.next_line("Serving the site at http://0.0.0.0:");
    (warning, server)
}

#[test]
fn bind_answers_ip_addresses_and_refuses_names() {
    let site = Site::copy("serve-sources");
    let (warning, server) = serve_on_the_network(&site, &[]);
    // The warning says what is shared: drafts only when they are.
    assert_eq!(
        warning,
        "warning: serving on 0.0.0.0: anyone on your network can read this preview"
    );
    let port = server.port;
    for host in [
        format!("192.0.2.7:{port}"),
        format!("10.1.2.3:{port}"),
        format!("[2001:db8::7]:{port}"),
        format!("localhost:{port}"),
    ] {
        assert_eq!(get_as(port, &host, "/").status(), 200, "{host}");
    }
    let refused = get_as(port, &format!("clinic-laptop.local:{port}"), "/");
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.text(),
        format!(
            "carebook serve answers only to localhost or an IP address, not to the name \"clinic-laptop.local:{port}\": this keeps other web sites from reading the preview. Open http://localhost:{port}/ on this computer, or this computer's IP address from another computer.\n"
        )
    );
}

#[test]
fn bind_with_drafts_says_drafts_are_shared() {
    let site = Site::copy("serve-sources");
    let (warning, _server) = serve_on_the_network(&site, &["--drafts"]);
    assert_eq!(
        warning,
        "warning: serving on 0.0.0.0: anyone on your network can read this preview, drafts included"
    );
}

// ---- request paths ------------------------------------------------------------------------

#[test]
fn hostile_request_paths_are_not_found_and_the_server_goes_on() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let port = server.port;
    let long = format!("/{}", "%41".repeat(50_000));
    for path in [
        "/%aé.md",                        // `%` then a non-ASCII character, sent raw
        "/%a%C3%A9.md",                   // `%` then a non-ASCII character, encoded
        "/%C3",                           // a truncated character
        "/%80",                           // a lone continuation byte
        "/%ED%A0%80",                     // a UTF-16 surrogate
        "/%C0%AE%C0%AE/%C0%AE%C0%AE/etc", // overlong `..`
        "/%C0%AFetc%C0%AFpasswd",         // overlong `/`
        "/%F8%88%80%80%80",               // a five-byte form
        "/%",
        "/x%2",
        "/%zz",
        "/%00",
        "/a%5c..%5cb",
        long.as_str(), // 150 KB of escapes
    ] {
        // Not an address of the site: its 404 page, as for any other.
        let reply = get(port, path);
        assert_eq!(
            reply.head,
            head(
                "404 Not Found",
                "text/html; charset=utf-8",
                &[],
                reply.body.len()
            ),
            "{path}"
        );
        assert!(
            reply
                .text()
                .contains("<h1>Sorry, we cannot find that page</h1>")
        );
        assert_eq!(get(port, "/").status(), 200, "after {path}");
    }
    // Request lines that are not HTTP: bytes that are not UTF-8, a line with no version,
    // a control character, HTTP/2 spoken as text, a head that never ends.
    let endless = format!("GET /{} HTTP/1.1\r\n", "a".repeat(300_000));
    let cases: [(&[u8], &str, &str); 5] = [
        (
            b"GET /\xff\xfe HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "400 Bad Request",
            "Bad request\n",
        ),
        (b"GET /\r\n\r\n", "400 Bad Request", "Bad request\n"),
        (
            b"GET /a\x01b HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "400 Bad Request",
            "Bad request\n",
        ),
        (
            b"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n",
            "400 Bad Request",
            "Bad request\n",
        ),
        (
            endless.as_bytes(),
            "431 Request Header Fields Too Large",
            "Request head too large\n",
        ),
    ];
    for (raw, status, text) in cases {
        let reply = ask(port, raw);
        let shown = String::from_utf8_lossy(&raw[..raw.len().min(40)]).into_owned();
        assert_eq!(
            reply.head,
            head(status, "text/plain; charset=utf-8", &[], text.len()),
            "{shown}"
        );
        assert_eq!(reply.text(), text, "{shown}");
        assert_eq!(get(port, "/").status(), 200, "after {shown}");
    }
}

// ---- source folders replaced -------------------------------------------------------------

/// Waits until `path` is served with `text` in it.
fn wait_for_text(server: &Serving, path: &str, text: &str) {
    wait_until(&format!("{path} to show {text:?}"), || {
        get(server.port, path).text().contains(text)
    });
}

/// Replaces `what` in `file` (below the site) with `with`.
fn edit(site: &Site, file: &str, what: &str, with: &str) {
    let path = site.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(what), "{file} has no {what:?}");
    std::fs::write(&path, text.replace(what, with)).unwrap();
}

/// Replaces the folder `name` of the site by renaming, as sync tools do: an edited copy
/// is made beside it, the folder is moved away and the copy moved in.
fn replace_by_rename(site: &Site, name: &str, file: &str, what: &str, with: &str) {
    let folder = site.path().join(name);
    let copy = site.path().join(format!("{name}.new"));
    copy_tree(&folder, &copy);
    edit(site, &format!("{name}.new/{file}"), what, with);
    std::fs::rename(&folder, site.path().join(format!("{name}.old"))).unwrap();
    std::fs::rename(&copy, &folder).unwrap();
}

#[test]
fn content_replaced_by_a_renamed_copy_is_still_watched() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let page = "/conditions/neck-pain/";
    replace_by_rename(
        &site,
        "content",
        "conditions/neck-pain.md",
        "Keep moving gently.",
        "Keep moving, slowly.",
    );
    wait_for_text(&server, page, "Keep moving, slowly.");
    // The folder now in place is the one watched.
    edit(
        &site,
        "content/conditions/neck-pain.md",
        "Keep moving, slowly.",
        "Keep moving, a little each hour.",
    );
    wait_for_text(&server, page, "Keep moving, a little each hour.");
    // The old folder is not: an edit there changes nothing.
    edit(
        &site,
        "content.old/conditions/neck-pain.md",
        "Keep moving gently.",
        "Stay in bed.",
    );
    edit(
        &site,
        "content/benefits/easier-movement.md",
        "a few sessions",
        "three sessions",
    );
    wait_for_text(&server, "/benefits/easier-movement/", "three sessions");
    assert!(!get(server.port, page).text().contains("Stay in bed."));
}

#[test]
fn content_restored_from_a_backup_is_still_watched() {
    let site = Site::copy("serve-sources");
    let backup = tempfile::tempdir().unwrap();
    copy_tree(&site.path().join("content"), backup.path());
    let server = serve(&site);
    let file = backup.path().join("conditions/neck-pain.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("a few weeks", "two or three weeks")).unwrap();
    // rm -rf content && cp -r backup content
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    copy_tree(backup.path(), &site.path().join("content"));
    wait_for_text(&server, "/conditions/neck-pain/", "two or three weeks");
    edit(
        &site,
        "content/conditions/neck-pain.md",
        "two or three weeks",
        "about a month",
    );
    wait_for_text(&server, "/conditions/neck-pain/", "about a month");
}

#[test]
fn templates_and_static_replaced_are_still_watched() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    replace_by_rename(
        &site,
        "templates",
        "tags.html",
        "Every topic we write about.",
        "Topics, A to Z.",
    );
    wait_for_text(&server, "/tags/", "Topics, A to Z.");
    edit(
        &site,
        "templates/tags.html",
        "Topics, A to Z.",
        "All our topics.",
    );
    wait_for_text(&server, "/tags/", "All our topics.");
    replace_by_rename(
        &site,
        "static",
        "opening-hours.txt",
        "9am to 5pm",
        "8am to 6pm",
    );
    wait_for_text(&server, "/opening-hours.txt", "8am to 6pm");
    edit(
        &site,
        "static/opening-hours.txt",
        "8am to 6pm",
        "8am to 8pm",
    );
    wait_for_text(&server, "/opening-hours.txt", "8am to 8pm");
}

#[test]
fn source_folders_made_after_start_are_watched() {
    let site = Site::copy("serve-sources");
    for folder in ["static", "templates"] {
        std::fs::remove_dir_all(site.path().join(folder)).unwrap();
    }
    edit(
        &site,
        "content/benefits/easier-movement.md",
        "![A head turning to the left and to the right](../../static/turning.svg)",
        "",
    );
    let server = serve(&site);
    assert_eq!(get(server.port, "/opening-hours.txt").status(), 404);
    site.write("static/opening-hours.txt", "Monday to Friday.\n");
    wait_for_text(&server, "/opening-hours.txt", "Monday to Friday.");
    site.write("static/opening-hours.txt", "Monday to Saturday.\n");
    wait_for_text(&server, "/opening-hours.txt", "Monday to Saturday.");
    let tags = std::fs::read_to_string(
        crate::support::fixtures().join("serve-sources/templates/tags.html"),
    )
    .unwrap();
    site.write("templates/tags.html", &tags);
    wait_for_text(&server, "/tags/", "Every topic we write about.");
    edit(
        &site,
        "templates/tags.html",
        "Every topic we write about.",
        "Our topics.",
    );
    wait_for_text(&server, "/tags/", "Our topics.");
}

// ---- no stalls ------------------------------------------------------------------------------

/// What a browser does on opening a page of the preview, each on a thread of its own: six
/// keep-alive connections (the most a browser opens to one server) that load a page and
/// stay open, idle; a live-reload event stream; and, on new connections, the page, its
/// stylesheet and a large image (larger than any one write). Returns
/// each request with how it failed, if it did.
fn load_like_a_browser(port: u16) -> Vec<(String, Result<(), String>)> {
    let host = format!("localhost:{port}");
    let mut threads = Vec::new();
    let mut spawn = |what: String, f: Box<dyn FnOnce() -> Result<(), String> + Send>| {
        threads.push(std::thread::spawn(move || (what, f())));
    };
    let mut kept = Vec::new();
    for i in 0..6 {
        let host = host.clone();
        let (send, keep) = std::sync::mpsc::channel();
        kept.push(keep);
        spawn(
            format!("keep-alive connection {i}"),
            Box::new(move || {
                let mut stream = connect(port);
                write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n")
                    .map_err(|e| e.to_string())?;
                let reply = read_reply(&mut BufReader::new(stream.try_clone().unwrap()))
                    .map_err(|e| e.to_string())?;
                check(&reply)?;
                // Left open and idle, as a browser keeps it for the next request.
                let _ = send.send(stream);
                Ok(())
            }),
        );
    }
    let events_host = host.clone();
    let (send, keep) = std::sync::mpsc::channel();
    kept.push(keep);
    spawn(
        "event stream".into(),
        Box::new(move || {
            let mut stream = connect(port);
            write!(
                stream,
                "GET /__carebook/events HTTP/1.1\r\nHost: {events_host}\r\n\r\n"
            )
            .map_err(|e| e.to_string())?;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while line != ": connected\n" {
                line.clear();
                reader.read_line(&mut line).map_err(|e| e.to_string())?;
            }
            let _ = send.send(stream);
            Ok(())
        }),
    );
    for path in [
        "/benefits/easier-movement/",
        "/style.css",
        "/photo.svg",
        "/turning.svg",
    ] {
        let host = host.clone();
        spawn(
            format!("GET {path} on a new connection"),
            Box::new(move || {
                let mut stream = connect(port);
                write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n")
                    .map_err(|e| e.to_string())?;
                let reply = read_reply(&mut BufReader::new(stream)).map_err(|e| e.to_string())?;
                check(&reply)
            }),
        );
    }
    let results = threads.into_iter().map(|t| t.join().unwrap()).collect();
    drop(kept);
    results
}

/// A reply is whole: 200, with a `Content-Length` (never chunked) that its body fills.
fn check(reply: &Reply) -> Result<(), String> {
    match reply.header("Content-Length") {
        Some(length) if reply.status() == 200 && length == reply.body.len().to_string() => Ok(()),
        _ => Err(format!("{:?}", reply.head)),
    }
}

#[test]
fn page_loads_during_and_right_after_the_first_build_never_stall() {
    let site = Site::copy("serve-sources");
    // Enough pages that the first build takes a while.
    for i in 0..400 {
        site.write(
            &format!("content/benefits/benefit-{i:03}.md"),
            &format!(
                "---\ntitle: Benefit {i}\nsummary: One of many benefits.\nreviewed: 2026-09-01\nreviewed_by: Senior therapist\n---\nLess pain when moving, as in [[benefit-{:03}]].\n",
                (i + 1) % 400
            ),
        );
    }
    let mut photo =
        String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n");
    while photo.len() < 100_000 {
        photo.push_str("<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"#5b2a86\"/>\n");
    }
    photo.push_str("</svg>\n");
    site.write("static/photo.svg", &photo);
    let server = start(&site, &[]);
    // The server listens before it builds: a page asked for meanwhile is answered once
    // the build is done.
    wait_until("the server to listen", || {
        TcpStream::connect(("127.0.0.1", server.port)).is_ok()
    });
    let printed = server.output_so_far();
    assert!(
        !printed.iter().any(|line| line.starts_with("Built")),
        "the first build was over before the server listened: {printed:?}"
    );
    for (when, results) in [
        ("during the first build", load_like_a_browser(server.port)),
        ("right after the first build", {
            server.next_line("Serving the site at");
            load_like_a_browser(server.port)
        }),
    ] {
        for (what, result) in results {
            if let Err(err) = result {
                panic!("{when}: {what}: {err}");
            }
        }
    }
}

#[test]
fn many_open_pages_leave_connections_for_the_next_one_in_a_browser() {
    let site = Site::copy("serve-sources");
    let server = serve(&site);
    let base = format!("http://127.0.0.1:{}/", server.port);
    browser_check(
        "many-pages.mjs",
        &[base.as_ref(), "benefits/easier-movement/".as_ref()],
    );
}
