"""Events as a table: one row an event with flat columns, the shape analysts load into pandas or
R beside GDELT or POLECAT exports; written as JSONL, CSV or Parquet.

Rows are made from brief JSON (``Brief.to_dict``) or from ``newsbrief events`` lines (``{"id",
"url", "published", "events"}``); a line that is an error (``{"id", "error"}``) has no rows.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsbrief.errors import MissingExtraError, NewsbriefError

TABLE_FORMATS = ("jsonl", "csv", "parquet")
# Column, and its type for Parquet ("s" text, "i" integer, "f" number).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "s"),
    ("url", "s"),
    ("date", "s"),
    ("source", "s"),
    ("source_name", "s"),
    ("source_text", "s"),
    ("target", "s"),
    ("target_name", "s"),
    ("target_text", "s"),
    ("plover", "s"),
    ("code", "s"),
    ("root", "s"),
    ("quad", "i"),
    ("label", "s"),
    ("country", "s"),
    ("place", "s"),
    ("confidence", "f"),
    ("coder", "s"),
    ("sentence", "i"),
    ("start", "i"),
    ("end", "i"),
    ("verb", "s"),
    ("text", "s"),
)


def event_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One flat row for each event of a brief (or ``events`` line); names come from the
    brief's entities where it carries them, else from the words that named the actor."""
    names = {e.get("id"): e.get("name") for e in record.get("entities") or () if isinstance(e, dict)}
    article_id = record.get("id")
    for event in record.get("events") or ():
        if not isinstance(event, dict):
            continue
        row = {name: event.get(name) for name, _ in COLUMNS}
        row["article_id"] = None if article_id is None else str(article_id)
        row["url"] = record.get("url")
        row["date"] = event.get("date") or record.get("published")
        row["source_name"] = names.get(event.get("source_entity")) or event.get("source_text") or None
        row["target_name"] = names.get(event.get("target_entity")) or event.get("target_text") or None
        yield row


def write_table(records: Iterable[dict[str, Any]], path: str, fmt: str) -> int:
    """Write every event of ``records`` to ``path`` (``-``: stdout, JSONL and CSV only) as
    ``fmt``; the number of rows written."""
    if fmt not in TABLE_FORMATS:
        raise NewsbriefError(f"unknown table format {fmt!r}; use {', '.join(TABLE_FORMATS)}")
    rows = (row for record in records for row in event_rows(record))
    if fmt == "parquet":
        if path == "-":
            raise NewsbriefError("a Parquet table needs a file name, not stdout")
        return _parquet(rows, Path(path))
    stream = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    count = 0
    try:
        if fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=[name for name, _ in COLUMNS])
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                count += 1
        else:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if stream is not sys.stdout:
            stream.close()
    return count


def _parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("Parquet tables", "dask") from exc
    kinds = {"s": pa.string(), "i": pa.int64(), "f": pa.float64()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in COLUMNS])
    listed = list(rows)
    table = pa.table({name: [row.get(name) for row in listed] for name, _ in COLUMNS}, schema=schema)
    pq.write_table(table, path)
    return len(listed)
