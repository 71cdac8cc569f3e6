"""Stored briefs out to a file, streamed: Brief JSON lines, or Parquet with the columns of a
batch's shards (so ``ingest`` and ``batch --events-table`` read an export like a batch's output)."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

ExportFormat = Literal["jsonl", "parquet"]


def export(briefs: Iterable[dict[str, Any]], output: str, fmt: ExportFormat = "jsonl") -> int:
    """Write ``briefs`` to ``output`` (``-``: stdout, JSONL only); how many were written. A file
    is written under a temporary name and renamed, so a failed export leaves no half file."""
    from newsbrief.batch.records import to_json
    from newsbrief.batch.shards import write_parquet

    if output == "-":
        count = 0
        for brief in briefs:
            sys.stdout.write(to_json(brief) + "\n")
            count += 1
        return count
    target = Path(output)
    temp = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex}")
    try:
        if fmt == "parquet":
            count, _ = write_parquet(temp, briefs)
        else:
            count = 0
            with temp.open("w", encoding="utf-8") as sink:
                for brief in briefs:
                    sink.write(to_json(brief) + "\n")
                    count += 1
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return count
