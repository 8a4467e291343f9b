//! `cargo xtask serve`: build the wasm, then serve a static folder on 127.0.0.1.

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::{repo_root, wasm_build, Result};

/// Parses `serve` arguments, builds unless `--no-build`, and serves until interrupted.
pub fn run(args: &[String]) -> Result {
    let mut port: u16 = 8000;
    let mut build = true;
    let mut dir = repo_root().join("www");
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
        wasm_build::build()?;
    } else if dir == repo_root().join("www")
        && !wasm_build::pkg_dir().join(wasm_build::WASM).exists()
    {
        return Err("www/pkg is not built; run `cargo xtask serve` without --no-build".to_owned());
    }
    let server = StaticServer::start(&dir, port)?;
    println!("goroscope: serving {} at {}", dir.display(), server.url);
    println!("press Ctrl-C to stop");
    server.wait();
    Ok(())
}

/// A static file server on 127.0.0.1: one thread per connection, one request per
/// connection (`Connection: close`).
///
/// It replaced tiny_http 0.12, which on a page's first load under Chromium left some of the
/// parallel module requests pending forever (reproduced: two of main.js's imports never
/// answered, so the `load` event never came). Serving files to a local browser needs
/// nothing more than this, and every byte of it is ours to reason about.
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

/// Reads one request from `stream`, answers it and closes the connection.
fn serve_connection(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    // Browsers open connections they may never use; don't keep a thread for them forever.
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let path = parts
        .next()
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    let (status, content_type, body) = match method {
        "GET" | "HEAD" => {
            match resolve(root, path).and_then(|f| Some((std::fs::read(&f).ok()?, f))) {
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
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
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
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A page load asks for many files at once; every one must be answered.
    #[test]
    fn answers_many_parallel_requests_and_closes_each_connection() {
        use std::io::Read;
        let server = StaticServer::start(&repo_root().join("www"), 0).expect("server starts");
        let addr = server
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
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
                    write!(s, "GET {path}?v={i} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
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

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(content_type(Path::new("pkg/x_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("src/main.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
