"""Feeds into the store, against a real HTTP server on loopback (tests/feed_server.py) and a real
feedparser: conditional GET, a redirect, a feed that times out, a malformed feed, a page that is
gone, robots.txt, backoff, politeness; a pass killed with SIGKILL loses nothing committed."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("feedparser", reason="the feeds extra (feedparser) is not installed")
pytest.importorskip("sqlalchemy", reason="the store extra (SQLAlchemy) is not installed")

from feed_server import Site, article_text, serve
from newsbrief.brief import build_brief
from newsbrief.cli import main
from newsbrief.feeds import FeedError, Watcher, WatchOptions, parse_feed, read_opml
from newsbrief.store import Store

# Fast and allowed onto loopback; key points only, so the tests spend their time on the feeds.
FAST = WatchOptions(allow_private=True, delay=0.0, retries=1, backoff=0.01, timeout=1.5)


def quick(article):  # type: ignore[no-untyped-def]
    return build_brief(article, layers=["keypoints"])


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def test_two_passes_store_each_article_once_and_a_304_fetches_nothing(site: Site, db_url: str) -> None:
    with Store(db_url) as store:
        watcher = Watcher(store, FAST, quick)
        first = watcher.run_pass([site.base + "/feed.xml"])
        assert (first.new, first.duplicates, first.failed) == (3, 0, 0)
        pages = len([p for p, _, _ in site.seen if p.startswith("/pages/")])
        second = watcher.run_pass([site.base + "/feed.xml"])
        assert second.reports[0].status == "not modified" and second.new == 0
        assert site.hits("/feed.xml")[-1].get("if-none-match") == '"v1"'
        assert len([p for p, _, _ in site.seen if p.startswith("/pages/")]) == pages  # no page again
        assert store.count() == 3
        (feed,) = store.feeds()
        assert feed.etag == '"v1"' and feed.articles == 3 and feed.last_status == "not modified"


def test_one_pass_survives_every_kind_of_bad_feed(site: Site, db_url: str) -> None:
    feeds = [
        site.base + "/slow.xml",  # answers after the timeout
        site.base + "/broken.xml",  # not a feed
        site.base + "/moved.xml",  # a redirect to an Atom feed
        site.base + "/gone.xml",  # a page gone, a page behind robots.txt
        site.base + "/error.xml",  # 503, retried, then reported
        site.base + "/feed.json",  # JSON Feed
    ]
    with Store(db_url) as store:
        summary = Watcher(store, FAST, quick).run_pass(feeds)
        status = {r.url.rsplit("/", 1)[1]: r for r in summary.reports}
        assert status["slow.xml"].status == "failed" and "time" in (status["slow.xml"].error or "")
        assert status["broken.xml"].status == "failed" and "not a feed" in (status["broken.xml"].error or "")
        assert status["error.xml"].status == "failed" and "503" in (status["error.xml"].error or "")
        assert len(site.hits("/error.xml")) == 2  # tried again once
        assert (status["moved.xml"].status, status["moved.xml"].new) == ("ok", 2)
        assert (status["feed.json"].status, status["feed.json"].new) == ("ok", 2)
        gone = status["gone.xml"]
        assert (gone.status, gone.new, gone.failed_items) == ("ok", 3, 0)
        assert site.hits("/private/9") == []  # robots.txt said no
        sources = {json.loads(json.dumps(b))["url"]: b for b in store.articles()}
        from_feed = [
            b for b in sources.values() if any("feed's own content" in w for w in b["stats"]["warnings"])
        ]
        assert len(from_feed) == 2 and all(b["body"] for b in from_feed)
        assert store.count() == 7
        failing = {f.url.rsplit("/", 1)[1]: f for f in store.feeds()}
        assert failing["slow.xml"].failures == 1 and failing["slow.xml"].next_attempt is not None
        assert failing["feed.json"].failures == 0


def test_a_failing_feed_waits_its_turn_while_others_go_on(site: Site, db_url: str) -> None:
    with Store(db_url) as store:
        watcher = Watcher(store, FAST, quick)
        watcher.run_pass([site.base + "/error.xml", site.base + "/feed.xml"])
        again = watcher.run_pass([site.base + "/error.xml", site.base + "/feed.xml"], respect_backoff=True)
        assert [r.status for r in again.reports] == ["waiting", "not modified"]
        state = store.feed(site.base + "/error.xml")
        assert state.failures == 1 and (state.last_status or "").startswith("failed: ")


def test_requests_to_one_host_wait_their_turn(site: Site, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        polite = WatchOptions(allow_private=True, delay=0.3, retries=0, timeout=5)
        Watcher(store, polite, quick).run_pass([site.base + "/feed.xml"])
    times = [t for _, _, t in site.seen]
    assert len(times) >= 5  # robots.txt, the feed, three pages
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


def test_feeds_and_pages_on_private_addresses_are_refused_by_default(site: Site, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = Watcher(store, WatchOptions(delay=0, retries=0), quick).run_pass([site.base + "/feed.xml"])
    assert summary.reports[0].status == "failed" and "non-public" in (summary.reports[0].error or "")
    assert site.seen == []


def test_watch_once_from_the_command_line(site: Site, db_url: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="News"><outline xmlUrl="{site.base}/feed.xml"/></outline>'
        f'<outline xmlUrl="{site.base}/broken.xml"/></body></opml>',
        encoding="utf-8",
    )
    args = [
        "watch",
        "--db",
        db_url,
        "--once",
        "--allow-private",
        "--delay",
        "0",
        "--retries",
        "0",
        "--opml",
        str(opml),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "2 feeds (1 failed), 3 new, 0 duplicates" in err and "feed failed:" in err
    assert main(args) == 0
    assert "0 new" in capsys.readouterr().err
    assert main(["watch", "--db", db_url, "--once", "ftp://example.com/feed"]) == 1


def test_feed_formats_and_opml_errors(tmp_path: Path) -> None:
    from feed_server import atom, json_feed, rss

    base = "https://news.example.com"
    for data in (rss(base, [("/a", 1)]), atom(base, [("/a", 1)]), json_feed(base, [("/a", 1)])):
        (item,) = parse_feed(data).items
        assert item.url == base + "/a" and item.title == article_text(1)[0] and item.content
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01 not a feed")
    with pytest.raises(FeedError):
        parse_feed(b'{"items": "none"}', "application/feed+json")
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline text='no url'/></body></opml>", encoding="utf-8")
    with pytest.raises(Exception, match="lists no feeds"):
        read_opml(str(bad))


def test_a_malformed_link_element_is_skipped_not_a_crash() -> None:
    """Found by `make fuzz`: a broken ``<links`` tag makes feedparser's ``link`` a dict."""
    data = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Talks</title><links agree</title>'
        b"<link>https://example.com/a</link></item><item><title>Vote</title>"
        b"<link>https://example.com/b</link></item></channel></rss>"
    )
    assert [item.url for item in parse_feed(data).items] == ["https://example.com/b"]


def test_markup_that_breaks_feedparser_itself_is_a_feed_error() -> None:
    """Found by `make fuzz`: feedparser raises KeyError on this broken nesting of ``<link>``."""
    data = (
        b'<?xml veiption>Armnaa<channel><title>T</title><item><title>N</title><link>https://exampleversion="1.0"'
        b'?><rss version="2.0"><channel><title>T</title><item><title>N</title><link>https://example.com/a</link>'
        b"</item></channe.com/a</link></item></channel>"
    )
    with pytest.raises(FeedError, match="feed parser failed"):
        parse_feed(data)


def _count(db: Path) -> int:
    """Articles in a SQLite store another process writes (0 while it is still being created)."""
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _watch_process(site: Site, url: str, *extra: str) -> subprocess.Popen[bytes]:
    """``newsbrief watch`` of the slow feed in a process of its own."""
    command = [sys.executable, "-m", "newsbrief", "watch", site.base + "/many.xml", "--db", url]
    command += ["--allow-private", "--delay", "0", "--points", "1", *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_killed_pass_loses_nothing_committed(site: Site, db_url: str) -> None:
    with Store(db_url):  # migrated before the watcher starts, so that counting works at once
        pass
    process = _watch_process(site, db_url, "--once")
    deadline = time.monotonic() + 120
    with Store(db_url) as store:
        while store.count() < 3 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        committed = [(b["title"], b["body"]) for b in store.articles()]
    assert 3 <= len(committed) < 12, "killed mid-pass"
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db_url) as store:  # opens, and everything committed is whole
        assert [(b["title"], b["body"]) for b in store.articles()] == committed
        finish = _watch_process(site, db_url, "--once")
        assert finish.wait(180) == 0, finish.stderr.read() if finish.stderr else ""
        titles = [b["title"] for b in store.articles()]
    assert len(titles) == len(set(titles)) == 12


def test_ctrl_c_stops_the_watch_cleanly(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    process = _watch_process(site, f"sqlite:///{db}", "--interval", "60")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not db.exists() or _count(db) < 2):
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 130
    err = (process.stderr.read() if process.stderr else b"").decode()
    assert "stopping after the article in hand" in err and "Traceback" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _count(db) >= 2


def test_the_watcher_runs_beside_a_stop_switch(site: Site, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        stop = threading.Event()
        passes: list[int] = []
        watcher = Watcher(store, FAST, quick)
        thread = threading.Thread(
            target=watcher.watch,
            args=([site.base + "/feed.xml"], 0.05, stop, lambda n, s: passes.append(s.new)),
        )
        thread.start()
        deadline = time.monotonic() + 60
        while len(passes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        thread.join(30)
        assert not thread.is_alive() and passes[:2] == [3, 0]


def test_a_feed_read_with_only_an_encoding_or_type_warning_is_read_and_the_warning_kept(
    site: Site, db_url: str
) -> None:
    feeds = [site.base + p for p in ("/wrong-encoding.xml", "/euc-kr.xml", "/text-plain.xml")]
    with Store(db_url) as store:
        summary = Watcher(store, FAST, quick).run_pass(feeds)
        status = {r.url.rsplit("/", 1)[1]: r for r in summary.reports}
        assert {name: (r.status, r.new) for name, r in status.items()} == {
            "wrong-encoding.xml": ("ok", 0),
            "euc-kr.xml": ("ok", 2),
            "text-plain.xml": ("ok", 1),
        }
        kept = {f.url.rsplit("/", 1)[1]: f for f in store.feeds()}
        assert "CharacterEncodingOverride" in (kept["wrong-encoding.xml"].last_status or "")
        assert "CharacterEncodingOverride" in (kept["euc-kr.xml"].last_status or "")
        assert "warning" in (kept["text-plain.xml"].last_status or "")
        assert kept["wrong-encoding.xml"].title == "Caf\u00e9 des Nouvelles"  # decoded the way that works
    with pytest.raises(FeedError, match="not a feed"):  # a broken document is still no feed
        parse_feed(b"<rss><channel><item><title>cut off")
