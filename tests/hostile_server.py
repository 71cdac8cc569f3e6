"""A loopback HTTP server that plays the hostile side of fetching: redirects anywhere, a feed that
links anywhere, bodies that trickle, never end, unpack to 200 MB or claim 10 GB, headers that
trickle, silence, a redirect loop. It records every request it gets, so a test can say "nothing reached me".
Every text here is written for these tests."""

from __future__ import annotations

import functools
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

PAGE = (
    b"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote</h1>"
    b"<p>The council of Port Calder approved the new harbour wall on Tuesday after a long debate.</p>"
    b"<p>Work is due to start next spring and will take three years, the council said.</p>"
    b"</article></body></html>"
)
STORY = (
    "The council of Brennock voted to close the old ferry pier after engineers found cracks. "
    "The pier will stay shut until repairs are finished next summer, officials said."
)


def _feed(link: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test feed</title>'
        "<link>http://feeds.example/</link><description>Test feed</description>"
        f"<item><title>Ferry pier closed</title><link>{escape(link)}</link>"
        f"<description>{escape(STORY)}</description></item></channel></rss>"
    ).encode()


@functools.cache
def _bomb(encoding: str) -> bytes:
    """200 MB of zeros in about 200 KB, as ``gzip`` or ``deflate``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
    return b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(200)) + packer.flush()


@dataclass
class Hostile:
    base: str
    seen: list[str] = field(default_factory=list)  # request paths, in order


class _Handler(BaseHTTPRequestHandler):
    hostile: Hostile

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hostile.seen.append(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        try:
            self._route(parts.path, query)
        except OSError:
            return  # the client cut us off, which is the point of most routes

    def _route(self, path: str, query: dict[str, str]) -> None:
        ctype = query.get("type", "text/html")  # a feed reader takes only feed types
        if path == "/article":
            self._send(200, PAGE, query.get("type", "text/html; charset=utf-8"))
        elif path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif path == "/feed.xml":
            self._send(200, _feed(query.get("link", self.hostile.base + "/article")), "application/rss+xml")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", query["to"])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/trickle-body":  # a byte at a time: no single read ever times out
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.end_headers()
            while True:
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/trickle-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while True:
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.05)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.end_headers()
            while True:
                self.wfile.write(b"<p>more</p>" * 1000)
        elif path == "/bomb":
            encoding = query.get("encoding", "gzip")
            body = _bomb(encoding)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/oversize":  # says 10 GB, and means it
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            while True:
                self.wfile.write(b"<p>big</p>" * 1000)
        elif path == "/silent":
            time.sleep(30)
        else:
            self._send(404, b"missing", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[Hostile]:
    """A hostile server on ``host`` (a loopback address) and a free port."""
    hostile = Hostile("")
    handler = type("Handler", (_Handler,), {"hostile": hostile})
    httpd = ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    hostile.base = f"http://{host}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield hostile
    finally:
        httpd.shutdown()
        httpd.server_close()
