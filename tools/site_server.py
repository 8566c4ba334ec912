"""Serve a built site on 127.0.0.1 with the response headers of the hosting configuration.

    python -m tools.site_server                     # _build/html on a free port
    python -m tools.site_server --port 8000 DIR

The headers (Content-Security-Policy and the other security headers) come from
``hosting/_headers``, the file the host reads, so what the browser tests and the
screenshots see is what visitors get.  A missing file is answered with the
site's ``404.html`` and status 404, as the host does.  ``prefix`` serves the site below a
sub-path, as Read the Docs serves it below ``/<language>/<version>/``: any other address is
missing.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HEADERS_FILE = ROOT / "hosting" / "_headers"


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a ``_headers`` file: (path pattern, [(name, value), …]) in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        name, sep, value = line.strip().partition(":")
        if not rules or not sep or not name.strip():
            raise ValueError(f"{HEADERS_FILE.name}:{number}: expected 'Name: value' under a path: {raw!r}")
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(path: str, rules: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, str]]:
    """The headers of every rule whose pattern (``*`` matches anything) matches ``path``."""
    found = []
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern.replace("[", "[[]")):
            found.extend(headers)
    return found


def load_rules(headers_file: Path = HEADERS_FILE) -> list[tuple[str, list[tuple[str, str]]]]:
    return parse_headers(headers_file.read_text(encoding="utf-8"))


class Handler(SimpleHTTPRequestHandler):
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    prefix = "/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".xml": "application/xml", ".svg": "image/svg+xml"}

    def translate_path(self, path: str) -> str:
        # Below the prefix the site's files; anything else a name that no file has.
        parts = urlsplit(path)
        if not parts.path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix")
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        for name, value in headers_for(path, self.rules):
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: tests report what matters
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a browser that went elsewhere: not an error
        pass


@contextlib.contextmanager
def serve(site: Path, port: int = 0, headers_file: Path = HEADERS_FILE, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a thread; yields the base URL of the site (ending in /)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("SiteHandler", (Handler,), {"rules": load_rules(headers_file), "prefix": prefix})
    server = Server(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.site_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with serve(args.site, args.port) as url:
        print(f"serving {args.site} on {url} (Ctrl-C stops)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
