"""The store's commands of ``newsbrief``: watch, ingest, export, feeds (a thin shell, like cli.py)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from newsbrief.brief import build_brief
from newsbrief.errors import InputError, NewsbriefError
from newsbrief.readers import read
from newsbrief.readers.record import parse_record

COMMANDS = ("watch", "ingest", "export", "feeds")


def _positive_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def add_parsers(sub: Any) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="database URL (default: $NEWSBRIEF_DB, else SQLite in the user data folder)")

    w = sub.add_parser("watch", parents=[db], help="poll RSS/Atom/JSON feeds into the store")
    w.add_argument("feeds", nargs="*", help="feed URLs")
    w.add_argument("--opml", action="append", default=[], help="an OPML subscription list (repeatable)")
    w.add_argument("--once", action="store_true", help="one pass, then a summary")
    w.add_argument(
        "--interval", type=_positive_float, default=900.0, help="seconds between passes (default 900)"
    )
    w.add_argument("--delay", type=_positive_float, default=1.0, help="seconds between requests to one host")
    w.add_argument("--retries", type=int, default=2, help="further tries of a transient failure (default 2)")
    w.add_argument("--timeout", type=_positive_float, default=15.0, help="seconds a request may take")
    w.add_argument("--points", type=int, default=3, help="key points per article (default 3)")
    w.add_argument("--allow-private", action="store_true", help="allow feeds and pages on private addresses")

    i = sub.add_parser("ingest", parents=[db], help="store the briefs of local files")
    i.add_argument("inputs", nargs="+", help="JSONL files of records, or articles (.txt, .html, .json)")
    i.add_argument("--points", type=int, default=3, help="key points per article (default 3)")

    e = sub.add_parser("export", parents=[db], help="write stored briefs as Brief JSON lines")
    e.add_argument("-o", "--output", default="-", help="JSONL file to write (default stdout)")
    e.add_argument("--since", help="only articles published (or fetched) on or after this date, YYYY-MM-DD")
    e.add_argument("--feed", help="only the articles of this feed URL")

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


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, 1):
            if raw.strip():
                try:
                    yield number, json.loads(raw.decode("utf-8", errors="replace"))
                except json.JSONDecodeError as exc:
                    yield number, InputError(f"invalid JSON: {exc.msg} at column {exc.colno}")


def _ingest(args: argparse.Namespace, store: Any) -> int:
    counts = {"new": 0, "duplicate": 0, "error": 0}
    for name in args.inputs:
        path = Path(name)
        if path.suffix.lower() == ".jsonl":
            if not path.is_file():
                raise InputError(f"no such file: {name}")
            for number, record in _records(path):
                try:
                    if isinstance(record, Exception):
                        raise record
                    article = parse_record(record)
                    added = store.add(build_brief(article, points=args.points), source="ingest")
                    counts[added.status] += 1
                except NewsbriefError as exc:
                    counts["error"] += 1
                    print(f"newsbrief: {name}:{number}: {exc}", file=sys.stderr)
            continue
        try:
            added = store.add(build_brief(read(name), points=args.points), source="ingest")
            counts[added.status] += 1
        except NewsbriefError as exc:
            counts["error"] += 1
            print(f"newsbrief: {name}: {exc}", file=sys.stderr)
    print(
        f"newsbrief: {counts['new']} new, {counts['duplicate']} duplicates, {counts['error']} errors "
        f"({store.count()} articles in the store)",
        file=sys.stderr,
    )
    return 1 if counts["error"] and not (counts["new"] or counts["duplicate"]) else 0


def _export(args: argparse.Namespace, store: Any) -> int:
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=UTC)
        except ValueError as exc:
            raise InputError(f"--since must be a date like 2026-12-01, not {args.since!r}") from exc
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    count = 0
    try:
        for brief in store.articles(since=since, feed=args.feed):
            sink.write(json.dumps(brief, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if sink is not sys.stdout:
            sink.close()
    print(f"newsbrief: {count} articles exported", file=sys.stderr)
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
