"""Bulk loading: records or finished briefs from files into the store, many a transaction.

A line is stored as it is when it is Brief JSON (``newsbrief batch`` output, an ``export``),
briefed first when it is a raw record (``{"text"}`` or ``{"html"}``), and counted as an error
when it is a batch's error line or an events-only line (which hold no brief). Inputs are what
``batch`` reads: JSONL (plain, .gz, .zst), Parquet (a batch's or export's ``result`` column, or
raw records), folders of shards; a single article file (.txt, .html, .json) is briefed.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from newsbrief.errors import NewsbriefError

BATCH = 1_000  # briefs a transaction
WRITERS = 4  # batches written at once on PostgreSQL (SQLite has one writer)
_RECORD_SUFFIXES = (".jsonl", ".ndjson", ".gz", ".zst", ".zstd", ".parquet")


@dataclass(slots=True)
class Counts:
    """What a load did; ``new + updated + duplicate + error`` is every record read."""

    new: int = 0
    updated: int = 0
    duplicate: int = 0
    error: int = 0
    not_http: int = 0  # records (stored or duplicate) whose url is not an http(s) URL
    notes: list[str] = field(default_factory=list)  # the first few different notes, to show

    @property
    def records(self) -> int:
        return self.new + self.updated + self.duplicate + self.error

    def add(self, other: Counts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.duplicate += other.duplicate
        self.error += other.error
        self.not_http += other.not_http
        for note in other.notes:
            self._note(note)

    def count(self, added: Any) -> None:
        """Count one brief the store took (an ``Added``)."""
        setattr(self, added.status, getattr(self, added.status) + 1)
        if added.note:
            self.not_http += 1
            self._note(added.note)

    def _note(self, note: str) -> None:
        if note not in self.notes and len(self.notes) < _NOTES:
            self.notes.append(note)

    def line(self) -> str:
        """``1,000 records: 990 new, 4 updated, 5 duplicates, 1 error``"""
        text = (
            f"{self.records:,} records: {self.new:,} new, {self.updated:,} updated, "
            f"{self.duplicate:,} duplicates, {self.error:,} errors"
        )
        if self.not_http:
            text += f"; {self.not_http:,} with a url that is not http(s), kept but not used to match"
        return text


_NOTES = 5
OnError = Callable[[str, int, str], None]  # (input name, line, message)


def is_brief(record: dict[str, Any]) -> bool:
    """Whether a record is Brief JSON (what ``build_brief(...).to_dict()`` writes)."""
    return "key_points" in record and "stats" in record and "body" in record


def is_error_line(record: dict[str, Any]) -> bool:
    """Whether a record is a batch's error line (``{"id", "line", "error"}``), no brief."""
    return "error" in record and "body" not in record


def as_brief(record: Any, points: int = 3, text: str | None = None) -> tuple[dict[str, Any], str | None]:
    """Brief JSON ready to store from one input record (briefing a raw one), or a clear error;
    with it, the JSON text it was read from when it is stored as it is (``text``), else ``None``."""
    if isinstance(record, dict) and isinstance(record.get("result"), str) and "key_points" not in record:
        # A Parquet row of a batch's shards or an export: the whole result as JSON text.
        text = record["result"]
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NewsbriefError(f"the 'result' column holds invalid JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise NewsbriefError(f"a record must be a JSON object, not {type(record).__name__}")
    if is_error_line(record):
        raise NewsbriefError(f"the batch could not brief this record: {record['error']}")
    if is_brief(record):
        problem = _malformed(record)
        if problem:
            raise NewsbriefError(f"malformed Brief JSON: {problem}")
        return record, text
    if "events" in record and not (record.get("text") or record.get("html")):
        raise NewsbriefError("an events-only line (newsbrief events) holds no brief to store")
    from newsbrief.brief import build_brief
    from newsbrief.readers.record import parse_record

    brief = build_brief(parse_record(record), points=points).to_dict()
    brief["id"] = record.get("id")
    return brief, None


def _malformed(record: dict[str, Any]) -> str | None:
    """Why Brief JSON could not be read back as a Brief, checked cheaply (the store keeps it as
    JSON, so the shapes that matter are those of the fields it reads and the lists)."""
    if not isinstance(record.get("body"), str):
        return "'body' is not text"
    for key in ("title", "url", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"'{key}' is not text"
    for key in ("key_points", "keywords", "entities", "quotes", "events"):
        value = record.get(key, [])
        if not isinstance(value, list | tuple) or not all(isinstance(v, dict) for v in value):
            return f"'{key}' is not a list of objects"
    if not isinstance(record.get("stats"), dict):
        return "'stats' is not an object"
    return None


def records(name: str) -> Iterator[tuple[int, Any, str | None]]:
    """``(line, record, its JSON text)`` of one input named as ``batch`` takes them (a Parquet
    row has no text); a line that is no JSON comes as the ``NewsbriefError`` saying why."""
    from newsbrief.batch.inputs import expand_inputs, plan, read_part
    from newsbrief.batch.records import decode_line
    from newsbrief.readers.decode import DEFAULT_MAX_BYTES

    for part in plan(expand_inputs([name]), 10_000):
        for number, raw in read_part(part, DEFAULT_MAX_BYTES):
            if isinstance(raw, dict | NewsbriefError):
                yield number, raw, None
                continue
            try:
                record = orjson.loads(raw) if raw is not None else None
            except orjson.JSONDecodeError:
                record = None  # the standard reader says why, or reads what orjson refuses (NaN)
            if record is None:
                try:
                    record = decode_line(raw)
                except NewsbriefError as exc:
                    yield number, exc, None
                    continue
            assert raw is not None  # decode_line refuses an oversized line
            yield number, record, raw.decode("utf-8", errors="replace").strip()


def load(
    store: Any,
    inputs: Sequence[str],
    *,
    points: int = 3,
    source: str = "ingest",
    batch: int = BATCH,
    writers: int = WRITERS,
    on_error: OnError | None = None,
) -> Counts:
    """Store every record of ``inputs`` (see the module's doc), ``batch`` a transaction."""
    counts = Counts()
    for name in inputs:
        path = Path(name)
        if path.is_file() and not path.name.lower().endswith(_RECORD_SUFFIXES):
            counts.add(_load_article(store, name, points, source, on_error))
            continue
        numbered = ((name, n, r, text) for n, r, text in records(name))
        counts.add(
            load_records(
                store, numbered, source, batch=batch, points=points, writers=writers, on_error=on_error
            )
        )
    if counts.new or counts.updated:
        store.optimize()
    return counts


def load_records(
    store: Any,
    numbered: Iterable[tuple[str, int, Any, str | None]],
    source: str,
    *,
    batch: int = BATCH,
    points: int = 3,
    writers: int = WRITERS,
    on_error: OnError | None = None,
) -> Counts:
    """Store ``(input name, line, record, its JSON text or None)`` records, ``batch`` a
    transaction. Two steps overlap: this thread reads and prepares the next batch while writer
    threads (one on SQLite, ``writers`` on PostgreSQL) store those before."""
    from newsbrief.store.writer import incoming

    counts = Counts()
    writers = 1 if store.dialect == "sqlite" else max(1, writers)
    writer = _Writer(store, counts, writers)
    pending: list[Any] = []
    now = datetime.now(UTC)

    def send() -> None:
        store.reserve_ids(pending)
        writer.put(pending)

    try:
        for name, number, record, text in numbered:
            try:
                if isinstance(record, Exception):
                    raise record
                brief, kept = as_brief(record, points, text)
                pending.append(incoming(brief, source=source, now=now, text=kept))
            except NewsbriefError as exc:
                counts.error += 1
                if on_error:
                    on_error(name, number, str(exc))
                continue
            except Exception as exc:  # a bug on one record must not cost the others
                counts.error += 1
                if on_error:
                    on_error(name, number, f"internal error: {type(exc).__name__}: {exc}")
                continue
            if len(pending) >= batch:
                send()
                pending = []
                now = datetime.now(UTC)
        if pending:
            send()
    finally:
        writer.close()
    return counts


class _Writer:
    """Threads storing prepared batches, their failure raised in the reading thread. PostgreSQL
    takes several at once (each its own connection and transaction, the database's work spread
    over its cores); the ids were reserved in input order, so the stored order is the input's."""

    def __init__(self, store: Any, counts: Counts, writers: int) -> None:
        self.store, self.counts = store, counts
        self.queue: queue.Queue[list[Any] | None] = queue.Queue(maxsize=2 * writers)
        self.failure: BaseException | None = None
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, name=f"newsbrief-store-writer-{i}", daemon=True)
            for i in range(writers)
        ]
        for thread in self.threads:
            thread.start()

    def put(self, items: list[Any]) -> None:
        self._check()
        self.queue.put(items)

    def close(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self._check()

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while (items := self.queue.get()) is not None:
            if self.failure is not None:
                continue  # drain: the reading thread raises at its next put
            try:
                added = self.store.write(items)
            except BaseException as exc:
                self.failure = exc
                continue
            with self.lock:
                for one in added:
                    self.counts.count(one)


def _load_article(store: Any, name: str, points: int, source: str, on_error: OnError | None) -> Counts:
    from newsbrief.brief import build_brief
    from newsbrief.readers import read

    counts = Counts()
    try:
        added = store.add(build_brief(read(name), points=points), source=source)
    except NewsbriefError as exc:
        counts.error += 1
        if on_error:
            on_error(name, 0, str(exc))
        return counts
    counts.count(added)
    return counts
