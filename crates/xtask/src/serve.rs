//! `cargo xtask serve`: build the wasm, then serve a static folder on 127.0.0.1.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;

use tiny_http::{Header, Request, Response, Server};

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

/// A static file server on 127.0.0.1 (one thread per request).
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    accept: thread::JoinHandle<()>,
}

impl StaticServer {
    /// Binds `127.0.0.1:port` (0 picks a free port) and serves `root` in the background.
    pub fn start(root: &Path, port: u16) -> Result<StaticServer> {
        let server = Server::http(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("server has no IP address")?;
        let server = Arc::new(server);
        let root = root.to_path_buf();
        let accept = thread::spawn(move || {
            for request in server.incoming_requests() {
                let root = root.clone();
                thread::spawn(move || respond(&root, request));
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

fn respond(root: &Path, request: Request) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let result = match resolve(root, &path) {
        Some(file) => match std::fs::File::open(&file) {
            Ok(handle) => request.respond(
                Response::from_file(handle)
                    .with_header(header("Content-Type", content_type(&file)))
                    .with_header(header("Cache-Control", "no-cache"))
                    .with_header(header("X-Content-Type-Options", "nosniff")),
            ),
            Err(_) => request.respond(not_found()),
        },
        None => request.respond(not_found()),
    };
    if let Err(e) = result {
        eprintln!("xtask serve: {path}: {e}");
    }
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string("not found")
        .with_status_code(404)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
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

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(content_type(Path::new("pkg/x_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("src/main.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
