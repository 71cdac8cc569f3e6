"""``batch --db``: a run's briefs written into the article store instead of (or as well as) files.

Two ways, by database:
- PostgreSQL with no ``-o``: each task (a local process or a Dask worker) writes its part's briefs
  into the store itself, ``ingest.BATCH`` a transaction, then records the part as finished;
- SQLite, or whenever ``-o`` is given: tasks write their shards as usual and this process, the
  one writer, loads each finished shard into the store.
Either way a part is recorded in ``batch_parts`` once all its briefs are stored, so ``--resume``
skips it, and a part cut short is briefed again: what it had stored comes back as duplicates.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrief.batch.inputs import Part, read_part
from newsbrief.batch.records import Options, brief_line
from newsbrief.store.ingest import Counts, is_error_line, load_records

ERRORS_KEPT = 100  # error lines a task sends back to be shown; all are counted


@dataclass(slots=True)
class StoredPart:
    """What a task stored: the part, its records and errors, the store's counts, some errors."""

    name: str
    records: int
    errors: int
    counts: Counts
    messages: list[str] = field(default_factory=list)


def run_key(manifest: dict[str, Any]) -> str:
    """The run's identity in ``batch_parts``: a hash of its inputs and settings."""
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode("utf-8")).hexdigest()[:32]


@functools.lru_cache(maxsize=4)
def _store(url: str) -> Any:
    """One open store per worker process and URL, its connection pool reused by every task."""
    from newsbrief.store import Store

    return Store(url)


def store_part(part: Part, name: str, db: str, run: str, options: Options, max_bytes: int) -> StoredPart:
    """The direct task: brief every record of ``part`` and store the briefs, then record the part."""
    store = _store(db)
    results = (brief_line(n, raw, options) for n, raw in read_part(part, max_bytes))
    return _store_results(store, results, name, run, source=Path(part.path).name)


def load_shard(store: Any, shard: Path, name: str, run: str) -> StoredPart:
    """The one-writer way: store the briefs of a finished shard, then record its part."""
    from newsbrief.batch.shards import read_output

    return _store_results(store, read_output(str(shard)), name, run, source=name)


def _store_results(store: Any, results: Any, name: str, run: str, source: str) -> StoredPart:
    messages: list[str] = []
    counts_of = {"records": 0, "errors": 0}

    def numbered() -> Any:
        for result in results:
            counts_of["records"] += 1
            if is_error_line(result):
                counts_of["errors"] += 1
            yield source, int(result.get("line") or 0), result, None

    def keep(where: str, line: int, message: str) -> None:
        if len(messages) < ERRORS_KEPT:
            messages.append(f"{where}:{line}: {message}" if line else f"{where}: {message}")

    counts = load_records(store, numbered(), "batch", on_error=keep)
    store.finish_part(run, name, counts_of["records"], counts_of["errors"])
    return StoredPart(name, counts_of["records"], counts_of["errors"], counts, messages)
