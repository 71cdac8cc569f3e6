"""Bulk loading: records or finished briefs from files into the store, many a transaction.

A line is stored as it is when it is Brief JSON (``newsbrief batch`` output, an ``export``),
briefed first when it is a raw record (``{"text"}`` or ``{"html"}``), and counted as an error
when it is a batch's error line or an events-only line (which hold no brief). Inputs are what
``batch`` reads: JSONL (plain, .gz, .zst), Parquet (a batch's or export's ``result`` column, or
raw records), folders of shards; a single article file (.txt, .html, .json) is briefed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrief.errors import NewsbriefError

BATCH = 1_000  # briefs a transaction
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


def as_brief(record: Any, points: int = 3) -> dict[str, Any]:
    """Brief JSON ready to store from one input record (briefing a raw one), or a clear error."""
    if isinstance(record, dict) and isinstance(record.get("result"), str) and "key_points" not in record:
        # A Parquet row of a batch's shards or an export: the whole result as JSON text.
        try:
            record = json.loads(record["result"])
        except json.JSONDecodeError as exc:
            raise NewsbriefError(f"the 'result' column holds invalid JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise NewsbriefError(f"a record must be a JSON object, not {type(record).__name__}")
    if "error" in record and "body" not in record:
        raise NewsbriefError(f"the batch could not brief this record: {record['error']}")
    if is_brief(record):
        problem = _malformed(record)
        if problem:
            raise NewsbriefError(f"malformed Brief JSON: {problem}")
        return record
    if "events" in record and not (record.get("text") or record.get("html")):
        raise NewsbriefError("an events-only line (newsbrief events) holds no brief to store")
    from newsbrief.brief import build_brief
    from newsbrief.readers.record import parse_record

    brief = build_brief(parse_record(record), points=points).to_dict()
    brief["id"] = record.get("id")
    return brief


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
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"'{key}' is not a list of objects"
    if not isinstance(record.get("stats"), dict):
        return "'stats' is not an object"
    return None


def records(name: str) -> Iterator[tuple[int, Any]]:
    """``(line, record)`` of one input named as ``batch`` takes them; a line that is no JSON
    comes as the ``NewsbriefError`` saying why."""
    from newsbrief.batch.inputs import expand_inputs, plan, read_part
    from newsbrief.batch.records import decode_line
    from newsbrief.readers.decode import DEFAULT_MAX_BYTES

    for part in plan(expand_inputs([name]), 10_000):
        for number, raw in read_part(part, DEFAULT_MAX_BYTES):
            if isinstance(raw, dict | NewsbriefError):
                yield number, raw
                continue
            try:
                yield number, decode_line(raw)
            except NewsbriefError as exc:
                yield number, exc


def load(
    store: Any,
    inputs: Sequence[str],
    *,
    points: int = 3,
    source: str = "ingest",
    batch: int = BATCH,
    on_error: OnError | None = None,
) -> Counts:
    """Store every record of ``inputs`` (see the module's doc), ``batch`` a transaction."""
    counts = Counts()
    for name in inputs:
        path = Path(name)
        if path.is_file() and not path.name.lower().endswith(_RECORD_SUFFIXES):
            counts.add(_load_article(store, name, points, source, on_error))
            continue
        numbered = ((name, n, r) for n, r in records(name))
        counts.add(load_records(store, numbered, source, batch=batch, points=points, on_error=on_error))
    return counts


def load_records(
    store: Any,
    numbered: Iterable[tuple[str, int, Any]],
    source: str,
    *,
    batch: int = BATCH,
    points: int = 3,
    on_error: OnError | None = None,
) -> Counts:
    """Store ``(input name, line, record)`` records, ``batch`` a transaction."""
    counts = Counts()
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        for added in store.add_many(pending, source=source):
            setattr(counts, added.status, getattr(counts, added.status) + 1)
            if added.note:
                counts.not_http += 1
                if added.note not in counts.notes and len(counts.notes) < _NOTES:
                    counts.notes.append(added.note)
        pending.clear()

    for name, number, record in numbered:
        try:
            if isinstance(record, Exception):
                raise record
            pending.append(as_brief(record, points))
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
            flush()
    if pending:
        flush()
    return counts


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
    setattr(counts, added.status, 1)
    return counts
