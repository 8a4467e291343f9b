//! `cargo xtask serve`: build the site (`dist/site/`: the wasm, the minified page), then
//! serve it on 127.0.0.1. `--dir www` serves the sources as they are instead (readable in
//! the devtools; `www/pkg/` must have been built).

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::{wasm_build, Result};

/// Parses `serve` arguments, builds unless `--no-build`, and serves until interrupted.
pub fn run(args: &[String]) -> Result {
    let mut port: u16 = 8000;
    let mut build = true;
    let mut dir = crate::dist::site_dir();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?;
            }
            "--no-build" => build = false,
            "--dir" => dir = PathBuf::from(args.next().ok_or("--dir needs a folder")?),
            other => return Err(format!("serve: unknown argument {other}")),
        }
    }
    if build {
        crate::dist::build_site()?;
    } else if !dir.join("pkg").join(wasm_build::WASM_XZ).exists() {
        return Err(format!(
            "{}/pkg is not built; run `cargo xtask serve` without --no-build",
            dir.display()
        ));
    }
    let server = StaticServer::start(&dir, port)?;
    println!("goroseer: serving {} at {}", dir.display(), server.url);
    println!("press Ctrl-C to stop");
    server.wait();
    Ok(())
}

/// A static file server on 127.0.0.1: one thread per connection, HTTP/1.1 keep-alive (a
/// page's ~30 files come over the browser's few connections without reconnecting).
///
/// It replaced tiny_http 0.12, which on a page's first load under Chromium left some of the
/// parallel module requests pending forever (reproduced: two of main.js's imports never
/// answered, so the `load` event never came). Serving files to a local browser needs
/// nothing more than this, and every byte of it is ours to reason about. Keeping
/// connections alive cannot starve anything here: each has its own thread, not a place in
/// a pool, and an idle one is closed after [`IDLE_TIMEOUT`].
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    accept: thread::JoinHandle<()>,
}

impl StaticServer {
    /// Binds `127.0.0.1:port` (0 picks a free port) and serves `root` in the background.
    pub fn start(root: &Path, port: u16) -> Result<StaticServer> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("server has no address: {e}"))?
            .port();
        let root = Arc::new(root.to_path_buf());
        let accept = thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let root = Arc::clone(&root);
                thread::spawn(move || {
                    if let Err(e) = serve_connection(&root, stream) {
                        // A browser closing a speculative connection is not worth a word.
                        if !matches!(
                            e.kind(),
                            ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::BrokenPipe
                        ) {
                            eprintln!("xtask serve: {e}");
                        }
                    }
                });
            }
        });
        Ok(StaticServer {
            url: format!("http://127.0.0.1:{port}/"),
            accept,
        })
    }

    /// Blocks for as long as the server runs.
    pub fn wait(self) {
        let _ = self.accept.join();
    }
}

/// How long a kept-alive connection may sit idle before its thread closes it. A page load
/// reuses its connections within milliseconds; browsers also open speculative connections
/// they may never use, and those must not hold a thread for long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Answers requests on `stream` one after another (HTTP/1.1 keep-alive) until the client
/// closes it, asks to close it, stays idle for [`IDLE_TIMEOUT`], or sends a request this
/// server does not read to its end (anything but GET and HEAD may carry a body).
fn serve_connection(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let Some(request) = read_request(&mut reader)? else {
            return Ok(());
        };
        let keep_alive = request.keep_alive && matches!(request.method.as_str(), "GET" | "HEAD");
        answer(root, &request, keep_alive, &mut stream)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// What this server needs of a request: its method, path, and whether the connection stays
/// open after the answer.
struct Request {
    method: String,
    path: String,
    keep_alive: bool,
}

/// Reads the request line and headers; `None` when the client closed the connection first.
fn read_request(reader: &mut impl BufRead) -> std::io::Result<Option<Request>> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(None);
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    // HTTP/1.1 keeps the connection by default; HTTP/1.0 closes it unless asked not to.
    let mut keep_alive = parts.next() == Some("HTTP/1.1");
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("connection") {
                let value = value.trim();
                if value.eq_ignore_ascii_case("close") {
                    keep_alive = false;
                } else if value.eq_ignore_ascii_case("keep-alive") {
                    keep_alive = true;
                }
            }
        }
    }
    Ok(Some(Request {
        method,
        path,
        keep_alive,
    }))
}

/// Writes the answer to `request`: the file under `root`, a 404 or a 405.
fn answer(
    root: &Path,
    request: &Request,
    keep_alive: bool,
    stream: &mut TcpStream,
) -> std::io::Result<()> {
    let (status, content_type, body) = match request.method.as_str() {
        "GET" | "HEAD" => {
            match resolve(root, &request.path).and_then(|f| Some((std::fs::read(&f).ok()?, f))) {
                Some((bytes, file)) => ("200 OK", content_type(&file), bytes),
                None => (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    b"not found".to_vec(),
                ),
            }
        }
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed".to_vec(),
        ),
    };
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: {connection}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if request.method != "HEAD" {
        reply.extend_from_slice(&body);
    }
    // One write: a small answer goes out in one segment rather than headers, then body.
    stream.write_all(&reply)?;
    stream.flush()
}

/// Maps a URL path to a file under `root`; `None` for anything outside it or missing.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = url_path.replace("%20", " ");
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            // `..`, absolute paths and prefixes could escape the served folder.
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

/// Browsers refuse `WebAssembly.instantiateStreaming` and module scripts served with the
/// wrong type, so every file type the site uses is listed.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "gz" => "application/gzip",
        "xz" => "application/x-xz",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo_root;

    #[test]
    fn resolves_files_inside_the_root_only() {
        let root = repo_root().join("www");
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/src/main.js"),
            Some(root.join("src/main.js"))
        );
        assert_eq!(resolve(&root, "/../Cargo.toml"), None);
        assert_eq!(resolve(&root, "/src/../../Cargo.toml"), None);
        assert_eq!(resolve(&root, "/no-such-file.js"), None);
    }

    /// `127.0.0.1:PORT` of a started server, for raw TCP clients.
    fn host_port(server: &StaticServer) -> String {
        server
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned()
    }

    /// A page load asks for many files at once; every one must be answered.
    #[test]
    fn answers_many_parallel_requests_and_closes_each_connection() {
        use std::io::Read;
        let server = StaticServer::start(&repo_root().join("www"), 0).expect("server starts");
        let addr = host_port(&server);
        // A speculative connection that never sends anything must not block the others.
        let _idle = TcpStream::connect(&addr).expect("connects");
        let clients: Vec<_> = (0..24)
            .map(|i| {
                let addr = addr.clone();
                thread::spawn(move || {
                    let path = if i % 2 == 0 {
                        "/src/style.css"
                    } else {
                        "/missing.js"
                    };
                    let mut s = TcpStream::connect(&addr).expect("connects");
                    write!(
                        s,
                        "GET {path}?v={i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    )
                    .unwrap();
                    let mut reply = String::new();
                    s.read_to_string(&mut reply).expect("reply, then close");
                    (i, reply)
                })
            })
            .collect();
        for client in clients {
            let (i, reply) = client.join().expect("client");
            let want = if i % 2 == 0 {
                "HTTP/1.1 200 OK"
            } else {
                "HTTP/1.1 404 Not Found"
            };
            assert!(reply.starts_with(want), "{i}: {reply:.60}");
            assert!(reply.contains("Connection: close"), "{i}");
        }
    }

    /// Reads one answer (headers and `Content-Length` bytes of body) from a kept connection.
    fn read_answer(reader: &mut impl BufRead) -> (String, Vec<u8>) {
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).expect("reads") > 0,
                "closed early"
            );
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse().expect("a length");
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        std::io::Read::read_exact(reader, &mut body).expect("the whole body");
        (head, body)
    }

    /// A browser sends a page's files one after another over a few kept connections, and
    /// parallel page loads (24 connections at once) must all be answered, each completely.
    #[test]
    fn keeps_connections_alive_until_asked_to_close() {
        let server = StaticServer::start(&repo_root().join("www"), 0).expect("server starts");
        let addr = host_port(&server);
        let css = std::fs::read(repo_root().join("www/src/style.css")).unwrap();
        let clients: Vec<_> = (0..24)
            .map(|_| {
                let addr = addr.clone();
                thread::spawn(move || {
                    let mut s = TcpStream::connect(&addr).expect("connects");
                    let mut reader = BufReader::new(s.try_clone().unwrap());
                    let mut answers = Vec::new();
                    for (path, last) in [
                        ("/src/style.css", false),
                        ("/missing.js", false),
                        ("/src/style.css", true),
                    ] {
                        let connection = if last { "close" } else { "keep-alive" };
                        write!(
                            s,
                            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: {connection}\r\n\r\n"
                        )
                        .unwrap();
                        answers.push(read_answer(&mut reader));
                    }
                    let mut rest = Vec::new();
                    std::io::Read::read_to_end(&mut reader, &mut rest).expect("closed");
                    (answers, rest)
                })
            })
            .collect();
        for client in clients {
            let (answers, rest) = client.join().expect("client");
            let [(head0, body0), (head1, _), (head2, body2)] = &answers[..] else {
                panic!("three answers");
            };
            assert!(head0.starts_with("HTTP/1.1 200 OK"), "{head0}");
            assert!(head0.contains("Connection: keep-alive"), "{head0}");
            assert_eq!(body0, &css);
            assert!(head1.starts_with("HTTP/1.1 404 Not Found"), "{head1}");
            assert!(head2.contains("Connection: close"), "{head2}");
            assert_eq!(body2, &css);
            assert!(rest.is_empty(), "nothing after the last answer");
        }
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(content_type(Path::new("pkg/x_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("src/main.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
