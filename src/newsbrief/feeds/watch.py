"""A pass over the watched feeds: fetch each feed (conditionally), brief its new items, store them.

For each feed: its ETag and Last-Modified from the store make the request conditional (a 304
fetches nothing); each item whose URL the store lacks has its page fetched with the safe
fetcher and briefed, or, when the page cannot be had, the feed's own content for it. Requests go
one at a time per host with a pause between them, robots.txt decides what may be fetched, and a
transient failure is retried with backoff. A feed that fails is reported and tried again later
(each failure in a row doubles the wait), while the others go on. The validators are saved only
once the feed's items are stored, so a pass cut short is simply done again.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from newsbrief.article import Article
from newsbrief.brief import Brief, build_brief
from newsbrief.errors import FetchError, NewsbriefError
from newsbrief.feeds.items import Item, parse_feed
from newsbrief.feeds.politeness import HostGate, Robots, with_retries
from newsbrief.readers import read_bytes
from newsbrief.readers.decode import DEFAULT_MAX_BYTES
from newsbrief.readers.text import parse_text
from newsbrief.readers.url import Fetched, fetch
from newsbrief.store import Store

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/",
    "application/rdf+xml",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_WAIT = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How a watcher behaves; the defaults are polite to the sites it reads."""

    allow_private: bool = False
    delay: float = 1.0  # seconds between two requests to one host
    retries: int = 2  # further tries of a transient failure
    backoff: float = 2.0  # seconds before the first retry, doubling after
    timeout: float = 15.0  # per request
    max_bytes: int = DEFAULT_MAX_BYTES
    max_items: int = 200  # items read from one feed in one pass
    points: int = 3


@dataclass
class FeedReport:
    """How one feed's pass went."""

    url: str
    status: str = "ok"  # ok, not modified, failed, waiting
    new: int = 0
    duplicates: int = 0
    failed_items: int = 0
    error: str | None = None


@dataclass
class PassSummary:
    """A whole pass: one report a feed, and the totals."""

    reports: list[FeedReport] = field(default_factory=list)
    seconds: float = 0.0
    stopped: bool = False

    @property
    def new(self) -> int:
        return sum(r.new for r in self.reports)

    @property
    def duplicates(self) -> int:
        return sum(r.duplicates for r in self.reports)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.reports)

    def line(self) -> str:
        """``5 feeds (1 failed), 12 new, 30 duplicates, 1 item failed in 4.2s``"""
        items = sum(r.failed_items for r in self.reports)
        failed = f" ({self.failed} failed)" if self.failed else ""
        cut = " (stopped)" if self.stopped else ""
        return (
            f"{len(self.reports)} feed{'s' * (len(self.reports) != 1)}{failed}, {self.new} new, "
            f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)}, {items} item"
            f"{'s' * (items != 1)} failed in {self.seconds:.1f}s{cut}"
        )


Brief_ = Callable[[Article], Brief]


class Watcher:
    """Runs passes over feeds into a store."""

    def __init__(
        self, store: Store, options: WatchOptions | None = None, brief: Brief_ | None = None
    ) -> None:
        self.store = store
        self.options = options or WatchOptions()
        self.gate = HostGate(self.options.delay)
        self.robots = Robots(self.gate, self.options.allow_private, self.options.timeout)
        self._brief = brief or (lambda article: build_brief(article, points=self.options.points))

    def run_pass(
        self, feeds: Sequence[str], stop: threading.Event | None = None, *, respect_backoff: bool = False
    ) -> PassSummary:
        """One pass over ``feeds``; with ``respect_backoff``, a feed failing lately waits its turn."""
        started = time.monotonic()
        summary = PassSummary()
        for url in feeds:
            if stop is not None and stop.is_set():
                summary.stopped = True
                break
            summary.reports.append(self._feed(url, stop, respect_backoff))
            if stop is not None and stop.is_set():
                summary.stopped = True
                break
        summary.seconds = time.monotonic() - started
        return summary

    def watch(
        self,
        feeds: Sequence[str],
        interval: float,
        stop: threading.Event,
        on_pass: Callable[[int, PassSummary], None] | None = None,
    ) -> None:
        """Passes every ``interval`` seconds until ``stop`` is set."""
        number = 0
        while not stop.is_set():
            number += 1
            summary = self.run_pass(feeds, stop, respect_backoff=number > 1)
            if on_pass:
                on_pass(number, summary)
            stop.wait(interval)

    # --- one feed ------------------------------------------------------------------------

    def _feed(self, url: str, stop: threading.Event | None, respect_backoff: bool) -> FeedReport:
        report = FeedReport(url)
        state = self.store.feed(url)
        now = datetime.now(UTC)
        if respect_backoff and state.next_attempt is not None and state.next_attempt > now:
            report.status = "waiting"
            return report
        try:
            if not self.robots.allowed(url):
                raise FetchError(f"robots.txt of {url} does not allow newsbrief to read it")
            headers = {
                "Accept": "application/rss+xml, application/atom+xml, application/feed+json, */*;q=0.5"
            }
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
            fetched = self._get(url, headers, FEED_TYPES)
            if fetched.status == 304:
                report.status = "not modified"
                self.store.update_feed(
                    state.id,
                    last_status="not modified",
                    last_checked=now,
                    last_ok=now,
                    failures=0,
                    next_attempt=None,
                )
                return report
            parsed = parse_feed(fetched.body, fetched.content_type)
            for item in parsed.items[: self.options.max_items]:
                if stop is not None and stop.is_set():
                    break
                self._item(item, state.id, report)
            complete = stop is None or not stop.is_set()
            self.store.update_feed(
                state.id,
                title=parsed.title or state.title,
                # Saved only after a complete pass: one cut short fetches the feed again next time.
                etag=fetched.etag if complete else state.etag,
                last_modified=fetched.last_modified if complete else state.last_modified,
                last_status=f"ok: {report.new} new, {report.duplicates} duplicates"
                + (f", {report.failed_items} items failed" if report.failed_items else "")
                + (f" (warning: {parsed.warning[:300]})" if parsed.warning else ""),
                last_checked=now,
                last_ok=now,
                failures=0,
                next_attempt=None,
            )
        except NewsbriefError as exc:
            self._failed(state.id, state.failures, report, str(exc), now)
        except Exception as exc:  # a bug on one feed must not stop the others
            self._failed(
                state.id, state.failures, report, f"internal error: {type(exc).__name__}: {exc}", now
            )
        return report

    def _failed(self, feed_id: int, failures: int, report: FeedReport, error: str, now: datetime) -> None:
        report.status, report.error = "failed", error
        wait = min(timedelta(minutes=1) * 2**failures, MAX_WAIT)
        self.store.update_feed(
            feed_id,
            last_status=f"failed: {error}",
            last_checked=now,
            failures=failures + 1,
            next_attempt=now + wait,
        )

    def _get(self, url: str, headers: dict[str, str] | None, accept: tuple[str, ...]) -> Fetched:
        options = self.options
        return self.gate.call(
            url,
            lambda: with_retries(
                lambda: fetch(
                    url,
                    allow_private=options.allow_private,
                    max_bytes=options.max_bytes,
                    timeout=options.timeout,
                    headers=headers,
                    accept=accept,
                ),
                retries=options.retries,
                backoff=options.backoff,
            ),
        )

    # --- one item ------------------------------------------------------------------------

    def _item(self, item: Item, feed_id: int, report: FeedReport) -> None:
        if self.store.has_url(item.url):
            report.duplicates += 1
            return
        article, source = self._page(item)
        if article is None:
            report.failed_items += 1
            return
        try:
            brief = self._brief(article)
        except NewsbriefError:
            report.failed_items += 1
            return
        added = self.store.add(brief, url=item.url, feed_id=feed_id, source=source)
        if added.status in ("new", "updated"):
            report.new += 1
        else:
            report.duplicates += 1

    def _page(self, item: Item) -> tuple[Article | None, str]:
        """The item's page as an Article, else the feed's own content for it."""
        problem = ""
        try:
            if not self.robots.allowed(item.url):
                raise FetchError("robots.txt does not allow the page")
            fetched = self._get(item.url, None, PAGE_TYPES)
            article = read_bytes(
                fetched.body, kind="html" if "html" in fetched.content_type else "auto", url=fetched.url
            )
            return _with_item(article, item), "feed"
        except NewsbriefError as exc:
            problem = str(exc)
        if not item.content:
            return None, ""
        text = _plain(item.content)
        try:
            article = parse_text(text, title=item.title or None)
        except NewsbriefError:
            return None, ""
        note = f"the page could not be read ({problem}); briefed from the feed's own content"
        return replace(_with_item(article, item), warnings=(*article.warnings, note)), "feed-content"


def _with_item(article: Article, item: Item) -> Article:
    """The article with what the feed says filled in where the page said nothing."""
    return replace(
        article,
        url=article.url or item.url,
        title=article.title or item.title,
        published=article.published or item.published,
    )


class _Text(HTMLParser):
    """The text of an HTML snippet, a paragraph a line."""

    _BREAKS = frozenset("p br div li h1 h2 h3 h4 h5 h6 tr blockquote".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(content: str) -> str:
    if "<" not in content:
        return html.unescape(content)
    parser = _Text()
    parser.feed(content)
    parser.close()
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
