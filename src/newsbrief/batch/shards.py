"""Where a sharded run's results go: one output shard per input part, each written under a
temporary name and renamed when complete, so a shard on disk is always whole; a manifest
beside them says which run they belong to, so ``--resume`` skips only finished shards of the
same inputs and options. When ``-o`` names a file, the shards are joined into it at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsbrief.batch.inputs import Part
from newsbrief.batch.records import to_json
from newsbrief.errors import NewsbriefError

Format = Literal["jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "parquet")
MANIFEST = "_newsbrief.json"
_TEMP = ".tmp-"
# Parquet shards: the fields a table query wants as columns, and the whole result as JSON text
# (a brief's layers are nested lists whose shape no fixed columns would keep).
PARQUET_COLUMNS = ("id", "line", "error", "title", "url", "published", "language", "result")


@dataclass(frozen=True, slots=True)
class Output:
    """The folder the shards go to, their format, and the one file they become (if any)."""

    folder: Path
    format: Format
    joined: Path | None = None


JSONL_SUFFIXES = (".jsonl", ".ndjson")
ONE_FILE_SUFFIXES = (*JSONL_SUFFIXES, ".parquet")  # -o with one of these is one file, not a folder


def output_for(target: str, fmt: Format | None = None) -> Output:
    """``-o`` as a folder of shards, or as one file (a name ending .jsonl, .ndjson or .parquet)
    whose shards wait in ``NAME.parts/`` until they are joined."""
    path = Path(target)
    suffix = path.suffix.lower()
    if not path.is_dir() and suffix in ONE_FILE_SUFFIXES:
        named: Format = "parquet" if suffix == ".parquet" else "jsonl"
        if fmt is not None and fmt != named:
            raise NewsbriefError(f"{target}: the name says {named}, --output-format says {fmt}")
        return Output(path.with_name(path.name + ".parts"), named, path)
    return Output(path, fmt or "jsonl")


def shard_names(parts: Sequence[Part], fmt: Format) -> list[str]:
    """``<input name>.<part>.<format>`` for each part; inputs of the same name in different
    folders get their position among the inputs in front, so no two shards collide."""
    stems: dict[str, set[str]] = {}
    for part in parts:
        stems.setdefault(_stem(part.path), set()).add(part.path)
    order = {path: i for i, path in enumerate(dict.fromkeys(p.path for p in parts))}
    names = []
    for part in parts:
        stem = _stem(part.path)
        if len(stems[stem]) > 1:
            stem = f"{order[part.path]:04d}-{stem}"
        names.append(f"{stem}.{part.index:05d}.{fmt}")
    return names


def _stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".gz", ".zst", ".zstd", ".jsonl", ".ndjson", ".parquet"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or "input"


def prepare(output: Output, names: Sequence[str], manifest: dict[str, Any], resume: bool) -> set[str]:
    """Make the folder ready and return the shards already finished (only with ``resume``).

    A folder that holds anything but an earlier run's shards is refused, so a typo in ``-o``
    cannot delete someone's files; without ``resume`` an earlier run's shards are removed.
    """
    folder = output.folder
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f".*{_TEMP}*"):  # a shard a killed worker left half-written
        stale.unlink(missing_ok=True)
    known = folder / MANIFEST
    earlier: dict[str, Any] | None = None
    if known.exists():
        earlier = json.loads(known.read_text(encoding="utf-8"))
    elif any(folder.iterdir()):
        raise NewsbriefError(f"{folder}: the folder holds files of no newsbrief run; choose an empty one")
    manifest = json.loads(json.dumps(manifest))  # as it reads back: tuples are lists in JSON
    if resume and earlier is not None:
        if {k: v for k, v in earlier.items() if k != "shards"} != manifest:
            raise NewsbriefError(
                f"{folder}: the inputs or options differ from the run that wrote it; rerun without --resume"
            )
        return {name for name in names if (folder / name).exists()}
    for name in earlier.get("shards", []) if earlier else []:
        (folder / name).unlink(missing_ok=True)
    _replace_text(known, json.dumps({**manifest, "shards": list(names)}, indent=1))
    return set()


def manifest_of(parts: Sequence[Part], settings: dict[str, Any]) -> dict[str, Any]:
    """What a run is: its inputs (path, size, modification time) and the settings that shape its
    output; a resumed run must match it."""
    inputs = []
    for path in dict.fromkeys(p.path for p in parts):
        stat = os.stat(path)
        inputs.append([path, stat.st_size, stat.st_mtime_ns])
    return {"version": 1, "inputs": inputs, "settings": settings}


def write_shard(path: Path, results: Iterable[dict[str, Any]], fmt: Format) -> tuple[int, int]:
    """Write ``results`` to ``path`` through a temporary file and a rename; (records, errors)."""
    temp = _temp_beside(path)
    records = errors = 0
    try:
        if fmt == "jsonl":
            with temp.open("w", encoding="utf-8") as f:
                for result in results:
                    f.write(to_json(result) + "\n")
                    records += 1
                    errors += "error" in result
        else:
            records, errors = write_parquet(temp, results)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return records, errors


def write_parquet(path: Path, results: Iterable[dict[str, Any]], group_rows: int = 10_000) -> tuple[int, int]:
    """Write ``results`` as Parquet, ``group_rows`` a row group, so memory stays flat at any
    length: the table columns of ``PARQUET_COLUMNS`` and the whole result as JSON; (rows, errors)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def text(value: Any) -> str | None:
        return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    records = errors = 0
    schema = _parquet_schema()
    with pq.ParquetWriter(path, schema) as writer:
        columns: dict[str, list[Any]] = {name: [] for name in PARQUET_COLUMNS}

        def flush() -> None:
            writer.write_table(pa.table(columns, schema=schema))
            for values in columns.values():
                values.clear()

        for row in results:
            for name in PARQUET_COLUMNS[:-1]:
                value = row.get(name)
                columns[name].append(value if name == "line" else text(value))
            columns["result"].append(to_json(row))
            records += 1
            errors += "error" in row
            if len(columns["result"]) >= group_rows:
                flush()
        if columns["result"] or not records:
            flush()
    return records, errors


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(n, pa.int64() if n == "line" else pa.string()) for n in PARQUET_COLUMNS])


def join(output: Output, names: Sequence[str]) -> None:
    """Join the finished shards, in order, into the one output file, then remove their folder."""
    if output.joined is None:
        return
    target = output.joined
    temp = _temp_beside(target)
    try:
        if output.format == "jsonl":
            with temp.open("wb") as out:
                for name in names:
                    with (output.folder / name).open("rb") as shard:
                        shutil.copyfileobj(shard, out)
        else:
            import pyarrow.parquet as pq

            with pq.ParquetWriter(temp, _parquet_schema()) as writer:
                for name in names:
                    writer.write_table(pq.read_table(output.folder / name))
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    shutil.rmtree(output.folder)


def _replace_text(path: Path, text: str) -> None:
    temp = _temp_beside(path)
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _temp_beside(path: Path) -> Path:
    """A hidden temporary name beside ``path``, one that ``prepare`` sweeps if it is left over."""
    return path.with_name(f".{path.name}{_TEMP}{uuid.uuid4().hex}")


def read_output(target: str) -> Iterator[dict[str, Any]]:
    """The results a run wrote to ``target``, in input order: one JSONL or Parquet file, or a
    folder of shards (in the order its manifest lists them)."""
    path = Path(target)
    if path.is_dir():
        known = path / MANIFEST
        if not known.exists():
            raise NewsbriefError(f"{target}: not a folder of newsbrief shards (no {MANIFEST})")
        files = [path / name for name in json.loads(known.read_text(encoding="utf-8")).get("shards", [])]
    else:
        files = [path]
    for file in files:
        if file.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            for result in pq.read_table(file, columns=["result"]).column("result").to_pylist():
                yield json.loads(result)
        else:
            with file.open(encoding="utf-8") as stream:
                yield from (json.loads(line) for line in stream if line.strip())
