"""Being a good guest: one request at a time per host with a pause between them, robots.txt
obeyed, and retries that back off."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

from newsbrief.errors import FetchError
from newsbrief.readers.url import USER_AGENT, HTTPStatusError, fetch

T = TypeVar("T")
ROBOTS_MAX_BYTES = 512 * 1024


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class HostGate:
    """At most one request at a time to each host, and ``delay`` seconds between two of them."""

    delay: float = 1.0
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def call(self, url: str, request: Callable[[], T]) -> T:
        host = host_of(url)
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._last.get(host, -1e9) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return request()
            finally:
                self._last[host] = time.monotonic()


@dataclass
class Robots:
    """robots.txt, fetched once per host (through the gate, like any request) and obeyed.

    A host with no robots.txt, or one that cannot be read, allows everything; one that answers
    401 or 403 for it allows nothing, as the robots exclusion standard says.
    """

    gate: HostGate
    allow_private: bool = False
    timeout: float = 10.0
    _rules: dict[str, urllib.robotparser.RobotFileParser | bool] = field(default_factory=dict)

    def allowed(self, url: str) -> bool:
        host = host_of(url)
        if host not in self._rules:
            self._rules[host] = self._read(host)
        rules = self._rules[host]
        return rules if isinstance(rules, bool) else rules.can_fetch(USER_AGENT, url)

    def _read(self, host: str) -> urllib.robotparser.RobotFileParser | bool:
        try:
            fetched = self.gate.call(
                host,
                lambda: fetch(
                    host + "/robots.txt",
                    allow_private=self.allow_private,
                    max_bytes=ROBOTS_MAX_BYTES,
                    timeout=self.timeout,
                    accept=("text/", "application/octet-stream"),
                ),
            )
        except HTTPStatusError as exc:
            return exc.status not in (401, 403)
        except FetchError:
            return True
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser


def with_retries(
    attempt: Callable[[], T], *, retries: int, backoff: float, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Call ``attempt``; on a transient failure (a timeout, a refused connection, HTTP 429 or
    5xx) wait ``backoff``, then twice that, and so on, ``retries`` times before giving up."""
    for n in range(retries + 1):
        try:
            return attempt()
        except HTTPStatusError as exc:
            if not exc.transient or n == retries:
                raise
            sleep(max(backoff * 2**n, exc.retry_after or 0.0))
        except FetchError as exc:
            if n == retries or not _transient(exc):
                raise
            sleep(backoff * 2**n)
    raise AssertionError("unreachable")


def _transient(exc: FetchError) -> bool:
    """Timeouts and connection failures are worth another try; a refused address or a
    wrong content type is not."""
    text = str(exc).lower()
    return any(word in text for word in ("timeout", "timed out", "connection", "cannot fetch", "took longer"))
