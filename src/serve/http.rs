//! The HTTP/1.1 side of `carebook serve`: connections, request heads (parsed by
//! `httparse`) and replies, for a preview on one computer or a small network.
//!
//! Guarantees: every connection has a thread of its own, so no connection ever waits for
//! another (a browser keeps up to six open, idle between page loads, and an event stream
//! open for as long as a page is); a connection idle for [`IDLE`] is closed, so idle ones
//! do not pile up; every reply has a `Content-Length` (an event stream, the one reply
//! without, ends with its connection); a request whose head cannot be read is answered
//! 400 and its connection closed. Request bodies are never used (the preview answers GET
//! and HEAD): a short one is skipped, and after one of unknown length the connection is
//! closed.
//!
//! This replaces tiny_http 0.12, whose connection pool could leave a new connection
//! waiting, unread, for as long as other keep-alive connections stayed open: its pool
//! counted a thread as idle until that thread woke, so a burst of connections (a browser
//! opening a page with its images) queued more work than it had free threads, and the
//! threads it had were held by connections the browser kept open.

use std::io::{BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// How long a connection may stay idle (or take to send a request head) before it is
/// closed. Browsers open a new connection when they find one closed.
pub(super) const IDLE: Duration = Duration::from_secs(60);

/// The most a request head may hold; a longer one is answered 431.
const MAX_HEAD: usize = 256 * 1024;

/// The longest request body skipped to keep a connection open (the preview reads none).
const MAX_BODY: usize = 1024 * 1024;

/// The parts of a request the preview looks at.
pub(super) struct Request {
    pub(super) method: String,
    /// The request target as sent (`/conditions/?q=1`).
    pub(super) target: String,
    /// HTTP/1.0 (which has no `Host` header).
    pub(super) http10: bool,
    /// Every `Host` header, as sent (`None` for one that is not UTF-8).
    pub(super) hosts: Vec<Option<String>>,
}

/// Where the reply to one request goes.
pub(super) struct Responder<'a> {
    stream: &'a mut TcpStream,
    /// Headers every reply has.
    always: &'static [(&'static str, &'static str)],
    head_only: bool,
    /// Whether the connection stays open for another request after this reply.
    keep_alive: bool,
}

impl Responder<'_> {
    /// Sends a whole reply: `headers` and those every reply has, `Date`,
    /// `Content-Length` and, when the connection ends, `Connection: close`; then `body`
    /// unless the request was HEAD.
    pub(super) fn send(&mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = self.head(status, headers);
        // RFC 9110, 8.6: no Content-Length on a 204.
        if status != 204 {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        if !self.keep_alive {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let body = if self.head_only || status == 204 {
            &[][..]
        } else {
            body
        };
        let mut out = BufWriter::new(&mut *self.stream);
        let sent = out
            .write_all(head.as_bytes())
            .and_then(|()| out.write_all(body))
            .and_then(|()| out.flush());
        if sent.is_err() {
            self.keep_alive = false;
        }
    }

    /// Starts a 200 reply whose body is written as it comes (an event stream) and ends
    /// with the connection: sends the head, then returns the connection to write the body
    /// to; `None` when the request was HEAD or the browser has gone.
    pub(super) fn stream(&mut self, headers: &[(&str, &str)]) -> Option<&mut TcpStream> {
        self.keep_alive = false;
        let mut head = self.head(200, headers);
        head.push_str("Connection: close\r\n\r\n");
        let sent = self.stream.write_all(head.as_bytes());
        (sent.is_ok() && !self.head_only).then_some(&mut *self.stream)
    }

    /// The status line, `Date`, `headers` and those every reply has, each line ending in
    /// CRLF.
    fn head(&self, status: u16, headers: &[(&str, &str)]) -> String {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        let date = jiff::Timestamp::now().strftime("%a, %d %b %Y %H:%M:%S GMT");
        head.push_str(&format!("Date: {date}\r\n"));
        for (name, value) in headers.iter().chain(self.always) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Unknown",
    }
}

/// Answers connections on `listener` until the process ends, each on a thread of its
/// own; `answer` is called for every request, and every reply has the headers `always`.
pub(super) fn run<F>(
    listener: TcpListener,
    always: &'static [(&'static str, &'static str)],
    answer: F,
) where
    F: Fn(&Request, &mut Responder<'_>) + Send + Sync + 'static,
{
    let answer = std::sync::Arc::new(answer);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: give connections a moment to end.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let answer = std::sync::Arc::clone(&answer);
        std::thread::spawn(move || connection(stream, always, &*answer));
    }
}

/// One connection: its requests in turn, until the browser closes it, asks to, or is idle
/// for [`IDLE`].
fn connection(
    mut stream: TcpStream,
    always: &'static [(&'static str, &'static str)],
    answer: &dyn Fn(&Request, &mut Responder<'_>),
) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let (request, keep_alive, body) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut parsed = httparse::Request::new(&mut headers);
            let (status, text) = match parsed.parse(&buffer) {
                Ok(httparse::Status::Complete(length)) => {
                    let (request, keep_alive, body) = request_of(&parsed);
                    buffer.drain(..length);
                    break (request, keep_alive, body);
                }
                Ok(httparse::Status::Partial) if buffer.len() > MAX_HEAD => {
                    (431, "Request head too large\n")
                }
                Ok(httparse::Status::Partial) => {
                    let mut chunk = [0; 8192];
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                    continue;
                }
                Err(httparse::Error::TooManyHeaders) => (431, "Too many request headers\n"),
                Err(_) => (400, "Bad request\n"),
            };
            // The head cannot be read: there is no telling where the next request starts.
            let mut responder = Responder {
                stream: &mut stream,
                always,
                head_only: false,
                keep_alive: false,
            };
            let plain = [("Content-Type", "text/plain; charset=utf-8")];
            responder.send(status, &plain, text.as_bytes());
            return hang_up(stream);
        };
        let mut responder = Responder {
            head_only: request.method == "HEAD",
            stream: &mut stream,
            always,
            keep_alive,
        };
        answer(&request, &mut responder);
        // A body, unread, is skipped to reach the next request.
        let next = match body {
            Some(length) if responder.keep_alive => skip(&mut stream, &mut buffer, length),
            _ => false,
        };
        if !next {
            return hang_up(stream);
        }
    }
}

/// Drops the next `length` bytes of the connection (a request body); false when they do
/// not come.
fn skip(stream: &mut TcpStream, buffer: &mut Vec<u8>, length: usize) -> bool {
    let buffered = length.min(buffer.len());
    buffer.drain(..buffered);
    let rest = (length - buffered) as u64;
    std::io::copy(&mut Read::by_ref(stream).take(rest), &mut std::io::sink())
        .is_ok_and(|copied| copied == rest)
}

/// Ends a connection after its last reply. What the browser still sends (a body that was
/// not read) is read and dropped for a moment first: a connection closed with bytes
/// unread is reset, and a reset can lose the reply before the browser has read it.
fn hang_up(stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut stream.take(MAX_BODY as u64), &mut std::io::sink());
}

/// The request; whether its connection may carry another after it; and the length of
/// its body, when that is known and short enough to skip.
fn request_of(parsed: &httparse::Request<'_, '_>) -> (Request, bool, Option<usize>) {
    let http10 = parsed.version == Some(0);
    let header = |name: &'static str| {
        parsed
            .headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| std::str::from_utf8(h.value).ok().map(str::trim))
    };
    let connection: Vec<String> = header("Connection")
        .flatten()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_ascii_lowercase())
        .collect();
    let lengths: Vec<Option<&str>> = header("Content-Length").collect();
    let body = match lengths.as_slice() {
        _ if header("Transfer-Encoding").next().is_some() => None,
        [] => Some(0),
        [Some(length)] => length.parse::<usize>().ok().filter(|n| *n <= MAX_BODY),
        _ => None,
    };
    let keep_alive = body.is_some()
        && if http10 {
            connection.iter().any(|v| v == "keep-alive")
        } else {
            !connection.iter().any(|v| v == "close")
        };
    let request = Request {
        method: parsed.method.unwrap_or("").to_string(),
        target: parsed.path.unwrap_or("").to_string(),
        http10,
        hosts: header("Host").map(|v| v.map(str::to_string)).collect(),
    };
    (request, keep_alive, body)
}
