"""The store's commands of ``newsbrief``: watch, ingest, export, search, feeds."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from newsbrief.cli.arguments import db_option, not_negative
from newsbrief.errors import InputError

COMMANDS = ("watch", "ingest", "export", "search", "feeds")


def add_parsers(sub: Any) -> None:
    db = db_option()

    w = sub.add_parser("watch", parents=[db], help="poll RSS/Atom/JSON feeds into the store")
    w.add_argument("feeds", nargs="*", help="feed URLs")
    w.add_argument("--opml", action="append", default=[], help="an OPML subscription list (repeatable)")
    w.add_argument("--once", action="store_true", help="one pass, then a summary")
    w.add_argument(
        "--interval", type=not_negative, default=900.0, help="seconds between passes (default 900)"
    )
    w.add_argument("--delay", type=not_negative, default=1.0, help="seconds between requests to one host")
    w.add_argument("--retries", type=int, default=2, help="further tries of a transient failure (default 2)")
    w.add_argument("--timeout", type=not_negative, default=15.0, help="seconds a request may take")
    w.add_argument("--points", type=int, default=3, help="key points per article (default 3)")
    w.add_argument("--allow-private", action="store_true", help="allow feeds and pages on private addresses")

    i = sub.add_parser(
        "ingest",
        parents=[db],
        help="store briefs (Brief JSON from batch or export) or raw records, many a transaction",
    )
    i.add_argument(
        "inputs",
        nargs="+",
        help="JSONL (plain, .gz, .zst), Parquet, folders of batch shards, globs, or article files",
    )
    i.add_argument("--points", type=int, default=3, help="key points per raw record briefed here (default 3)")
    i.add_argument("--batch-size", type=int, default=1000, help="briefs a transaction (default 1000)")

    e = sub.add_parser("export", parents=[db], help="write stored briefs as Brief JSON lines or Parquet")
    e.add_argument("-o", "--output", default="-", help="file to write (default stdout)")
    e.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        help="jsonl or parquet (default: from the file name, else jsonl)",
    )
    e.add_argument("--since", help="only articles published (or fetched) on or after this date, YYYY-MM-DD")
    e.add_argument("--feed", help="only the articles of this feed URL")
    e.add_argument(
        "--revisions", action="store_true", help="also each article's older versions, oldest first, before it"
    )

    s = sub.add_parser("search", parents=[db], help="stored articles by words, entity and date, newest first")
    s.add_argument("query", nargs="?", default="", help='words or "quoted phrases", all of which must appear')
    s.add_argument("--entity", help="an entity's canonical name, as briefs give it (Vladimir Putin)")
    s.add_argument("--since", help="only articles published (or fetched) on or after this date, YYYY-MM-DD")
    s.add_argument("--limit", type=int, default=20, help="how many (default 20, at most 1000)")
    s.add_argument("--json", action="store_true", help="one JSON line an article instead of a table")

    sub.add_parser("feeds", parents=[db], help="list the watched feeds and how their last fetch went")


def run(args: argparse.Namespace) -> int:
    from newsbrief.store import Store

    with Store(args.db) as store:
        if args.command == "watch":
            return _watch(args, store)
        if args.command == "ingest":
            return _ingest(args, store)
        if args.command == "export":
            return _export(args, store)
        if args.command == "search":
            return _search(args, store)
        return _feeds(store)


def _watch(args: argparse.Namespace, store: Any) -> int:
    from newsbrief.feeds import Watcher, WatchOptions, read_opml

    feeds = list(dict.fromkeys([*args.feeds, *(u for path in args.opml for u in read_opml(path))]))
    if not feeds:
        raise InputError("no feeds to watch: give feed URLs or --opml FILE")
    bad = [u for u in feeds if not u.startswith(("http://", "https://"))]
    if bad:
        raise InputError(f"not an http(s) feed URL: {bad[0]}")
    options = WatchOptions(
        allow_private=args.allow_private,
        delay=args.delay,
        retries=max(0, args.retries),
        timeout=args.timeout,
        points=max(1, args.points),
    )
    watcher = Watcher(store, options)
    stop = threading.Event()

    def stop_now(_signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # a second Ctrl-C does not wait for the article in hand
        print("newsbrief: stopping after the article in hand (Ctrl-C again to stop at once)", file=sys.stderr)
        stop.set()

    previous = signal.signal(signal.SIGINT, stop_now)
    try:
        if args.once:
            summary = watcher.run_pass(feeds, stop)
            for report in summary.reports:
                if report.status == "failed":
                    print(f"newsbrief: feed failed: {report.url}: {report.error}", file=sys.stderr)
            print(f"newsbrief: {summary.line()}", file=sys.stderr)
            return 130 if summary.stopped else (1 if summary.failed == len(feeds) else 0)

        def progress(number: int, summary: Any) -> None:
            failed = [r for r in summary.reports if r.status == "failed"]
            print(f"newsbrief: pass {number}: {summary.line()}", file=sys.stderr)
            for report in failed:
                print(f"newsbrief:   {report.url}: {report.error} (tried again later)", file=sys.stderr)

        watcher.watch(feeds, args.interval, stop, progress)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)


def _ingest(args: argparse.Namespace, store: Any) -> int:
    from newsbrief.store.ingest import load

    for name in args.inputs:
        if not any(c in name for c in "*?[") and not Path(name).exists():
            raise InputError(f"no such file or folder: {name}")

    def report(name: str, line: int, message: str) -> None:
        print(f"newsbrief: {name}{f':{line}' if line else ''}: {message}", file=sys.stderr)

    counts = load(
        store, args.inputs, points=max(1, args.points), batch=max(1, args.batch_size), on_error=report
    )
    for note in counts.notes:
        print(f"newsbrief: note: {note}", file=sys.stderr)
    print(f"newsbrief: {counts.line()} ({store.count():,} articles in the store)", file=sys.stderr)
    return 1 if counts.error and counts.error == counts.records else 0


def _date(value: str | None, flag: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as exc:
        raise InputError(f"{flag} must be a date like 2026-12-01, not {value!r}") from exc


def _export(args: argparse.Namespace, store: Any) -> int:
    from newsbrief.store.export import ExportFormat, export

    since = _date(args.since, "--since")
    fmt: ExportFormat = args.format or ("parquet" if args.output.lower().endswith(".parquet") else "jsonl")
    if fmt == "parquet" and args.output == "-":
        raise InputError("--format parquet needs a file: -o FILE.parquet")
    briefs = store.articles(since=since, feed=args.feed, revisions=args.revisions)
    count = export(briefs, args.output, fmt)
    print(f"newsbrief: {count:,} briefs exported", file=sys.stderr)
    return 0


def _search(args: argparse.Namespace, store: Any) -> int:
    if not args.query.strip() and not args.entity:
        raise InputError("search for what? give words, --entity NAME, or both")
    since = _date(args.since, "--since")
    found = store.search(args.query or None, args.entity, max(1, min(args.limit, 1000)), since=since)
    for article in found:
        if args.json:
            row = {
                "id": article.id,
                "title": article.title,
                "url": article.url,
                "published": article.published,
                "feed": article.feed,
                "story": article.story,
                "revisions": article.revisions,
            }
            print(json.dumps(row, ensure_ascii=False))
        else:
            when = (article.published or article.fetched.date().isoformat())[:10]
            print(f"{article.id:>8}  {when:<10}  {article.title or article.url or '(no title)'}")
    if not found:
        print("newsbrief: no stored article matches", file=sys.stderr)
    return 0


def _feeds(store: Any) -> int:
    feeds = store.feeds()
    if not feeds:
        print("no feeds in the store (newsbrief watch FEED adds them)")
        return 0
    print(f"{'articles':>8}  {'failures':>8}  {'last checked':<20}  feed / last status")
    for feed in feeds:
        checked = feed.last_checked.strftime("%Y-%m-%d %H:%M:%S") if feed.last_checked else "never"
        print(f"{feed.articles:>8}  {feed.failures:>8}  {checked:<20}  {feed.url}")
        print(f"{'':>8}  {'':>8}  {'':<20}  {feed.last_status or '-'}")
    return 0
