"""A real HTTP server on 127.0.0.1 that plays feeds and article pages for the tests: conditional
GET, a redirect, a feed that never answers in time, a malformed feed, a page that is gone, a
robots.txt, slow pages. Every article text here is written for these tests."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOWNS = [
    "Port Calder",
    "Brennock",
    "Ashby Marsh",
    "Coldwater",
    "Felham",
    "Lusk Bay",
    "Marrow",
    "Orrin",
    "Penhallow",
    "Quarry End",
    "Rook Hill",
    "Saltney",
    "Tarn",
    "Umber",
    "Vale Cross",
    "Wickford",
]


def article_text(k: int) -> tuple[str, str]:
    """(headline, body) of test article ``k``: every one different."""
    town = TOWNS[k % len(TOWNS)]
    headline = f"{town} council approves plan number {k} for the harbour"
    body = (
        f"The council of {town} voted on Tuesday to approve plan number {k}, which will rebuild the "
        f"old harbour wall over {k + 2} years. "
        f"Councillors said the work would cost {k + 3} million pounds and begin in the spring. "
        f"Fishermen in {town} welcomed the decision after years of storm damage to their boats. "
        f"The plan also adds {k + 1} new moorings and a public walkway along the quay."
    )
    return headline, body


def page(k: int) -> bytes:
    headline, body = article_text(k)
    sentences = body.split(". ")
    paragraphs = "".join(f"<p>{s.rstrip('.')}.</p>" for s in sentences)
    return (
        f"<html><head><title>{headline}</title>"
        f'<meta property="article:published_time" content="2026-11-{(k % 28) + 1:02d}T09:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{paragraphs}"
        "</article><footer>Harbour News</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, int]], title: str = "Harbour News") -> bytes:
    """An RSS 2.0 feed; each item (path, k) links to ``base + path`` and carries its text."""
    entries = ""
    for path, k in items:
        headline, body = article_text(k)
        entries += (
            f"<item><title>{headline}</title><link>{base}{path}</link>"
            f"<pubDate>Mon, {(k % 28) + 1:02d} Nov 2026 09:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>{body}</p>]]></description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{base}/</link><description>Test feed</description>{entries}</channel></rss>"
    ).encode()


def atom(base: str, items: list[tuple[str, int]]) -> bytes:
    entries = ""
    for path, k in items:
        headline, body = article_text(k)
        entries += (
            f"<entry><title>{headline}</title><link href='{base}{path}'/><id>{base}{path}</id>"
            f"<updated>2026-11-{(k % 28) + 1:02d}T09:00:00Z</updated><content type='html'>"
            f"&lt;p&gt;{body}&lt;/p&gt;</content></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Harbour Atom</title><id>{base}/atom</id><updated>2026-11-30T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def json_feed(base: str, items: list[tuple[str, int]]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Harbour JSON",
            "items": [
                {
                    "id": path,
                    "url": base + path,
                    "title": article_text(k)[0],
                    "content_text": article_text(k)[1],
                }
                for path, k in items
            ],
        }
    ).encode()


@dataclass
class Site:
    """What the server serves, and what it saw."""

    base: str = ""
    seen: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    slow_feed_s: float = 5.0
    slow_page_s: float = 0.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for p, headers, _ in self.seen if p == path]

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        base = self.base
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed.xml":
            etag = '"v1"'
            if headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            body = rss(base, [(f"/pages/{k}", k) for k in range(3)])
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, body
        if path == "/moved.xml":
            return 301, {"Location": "/atom.xml"}, b""
        if path == "/atom.xml":
            return (
                200,
                {"Content-Type": "application/atom+xml"},
                atom(base, [(f"/pages/{k}", k) for k in range(3, 5)]),
            )
        if path == "/feed.json":
            return (
                200,
                {"Content-Type": "application/feed+json"},
                json_feed(base, [(f"/pages/{k}", k) for k in (5, 6)]),
            )
        if path == "/slow.xml":
            time.sleep(self.slow_feed_s)
            return 200, {"Content-Type": "application/rss+xml"}, rss(base, [("/pages/7", 7)])
        if path == "/broken.xml":
            return 200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>cut off"
        if path == "/gone.xml":
            # One page is gone, one is behind robots.txt: both are briefed from the feed's text.
            body = rss(base, [("/pages/missing", 8), ("/private/9", 9), ("/pages/10", 10)], "Gone")
            return 200, {"Content-Type": "application/rss+xml"}, body
        # Feeds feedparser reads with a warning, like the ill-formed encoding samples of its own
        # test suite: a declared encoding the bytes are not in, a content type that is not XML.
        if path == "/wrong-encoding.xml":  # says UTF-8, is Latin-1, has no item
            body = rss(base, [], "Caf\u00e9 des Nouvelles")
            return 200, {"Content-Type": "application/rss+xml"}, body.decode().encode("latin-1")
        if path == "/euc-kr.xml":  # says EUC-KR, is Latin-1 (bytes EUC-KR cannot decode), has items
            body = rss(base, [(f"/pages/{k}", k) for k in (13, 14)], "Caf\u00e9 News").decode()
            body = body.replace('encoding="utf-8"', 'encoding="euc-kr"')
            return 200, {"Content-Type": "application/rss+xml"}, body.encode("latin-1")
        if path == "/text-plain.xml":  # an RSS feed served as text/plain
            return 200, {"Content-Type": "text/plain"}, rss(base, [("/pages/15", 15)])
        if path == "/error.xml":
            return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"busy"
        if path == "/many.xml":
            return (
                200,
                {"Content-Type": "application/rss+xml"},
                rss(base, [(f"/slowpages/{k}", k) for k in range(20, 32)]),
            )
        if path.startswith("/slowpages/"):
            time.sleep(self.slow_page_s)
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page(int(path.rsplit("/", 1)[1]))
        if path.startswith("/pages/") and path.rsplit("/", 1)[1].isdigit():
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page(int(path.rsplit("/", 1)[1]))
        if path.startswith("/private/"):
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page(int(path.rsplit("/", 1)[1]))
        return 404, {"Content-Type": "text/plain"}, b"not here"


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    site = site or Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.seen.append((path, headers, time.monotonic()))
            status, extra, body = site.respond(path, headers)
            try:
                self.send_response(status)
                for key, value in extra.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
