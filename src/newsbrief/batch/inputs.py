"""Where a sharded run's records come from: the files named (paths, globs, folders of shards),
cut into parts of about ``shard_lines`` records that a worker reads on its own.

A plain JSONL file is cut at line starts found by one fast scan for newlines, so a part is a
byte range and its first line number is known; a compressed file cannot be entered midway and
is one part; a Parquet file is cut at row-group boundaries.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal, cast

from newsbrief.batch.records import Line, iter_lines
from newsbrief.errors import NewsbriefError

Kind = Literal["jsonl", "gzip", "zstd", "parquet"]
# What a folder's files must end with to be taken as input.
SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst", ".parquet")
_SCAN_BLOCK = 1 << 22


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of one input file that one task briefs: bytes ``start:stop`` of a plain file,
    row groups ``start:stop`` of a Parquet file, or all of a compressed one (``stop`` -1)."""

    path: str
    kind: Kind
    index: int  # the part's number within its file, from 0
    start: int
    stop: int
    first_line: int  # the line (or row) number of its first record, counted from 1
    lines: int | None  # lines (blank ones too) or rows it holds; None when unknown (compressed)


def kind_of(path: Path) -> Kind:
    """How a file is read, from its name; anything not named otherwise is plain JSONL."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith((".zst", ".zstd")):
        return "zstd"
    return "jsonl"


def expand_inputs(names: Sequence[str]) -> list[Path]:
    """The files ``names`` stand for, in the order given: a file as it is, a glob's matches and
    a folder's shards (files ending in one of ``SUFFIXES``, at any depth) sorted by name."""
    files: list[Path] = []
    for name in names:
        if glob.has_magic(name):
            found = sorted(Path(p) for p in glob.glob(name, recursive=True) if os.path.isfile(p))
            if not found:
                raise NewsbriefError(f"{name}: no file matches")
        elif os.path.isdir(name):
            found = sorted(
                p for p in Path(name).rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
            )
            if not found:
                raise NewsbriefError(f"{name}: no {', '.join(SUFFIXES)} file in this folder")
        elif os.path.isfile(name):
            found = [Path(name)]
        else:
            raise NewsbriefError(f"{name}: no such file or folder")
        files.extend(found)
    return list(dict.fromkeys(p.resolve() for p in files))


def plan(files: Sequence[Path], shard_lines: int) -> list[Part]:
    """Every part of ``files``, file by file in order, each of at most ``shard_lines`` lines."""
    parts: list[Part] = []
    for path in files:
        kind = kind_of(path)
        if kind == "jsonl":
            parts.extend(_plain_parts(path, shard_lines))
        elif kind == "parquet":
            parts.extend(_parquet_parts(path, shard_lines))
        else:
            parts.append(Part(str(path), kind, 0, 0, -1, 1, None))
    return parts


def _plain_parts(path: Path, shard_lines: int) -> Iterator[Part]:
    """Cut at every ``shard_lines``-th line start, found by counting newlines block by block."""
    size = path.stat().st_size
    start, first, lines, offset, index = 0, 1, 0, 0, 0
    with path.open("rb") as f:
        while block := f.read(_SCAN_BLOCK):
            at, count = 0, block.count(b"\n")  # count: the newlines in block[at:]
            while lines + count >= shard_lines:
                need = shard_lines - lines
                for _ in range(need):
                    at = block.index(b"\n", at) + 1
                count -= need
                stop = offset + at
                yield Part(str(path), "jsonl", index, start, stop, first, shard_lines)
                index, start, first, lines = index + 1, stop, first + shard_lines, 0
            lines += count
            offset += len(block)
    if start < size:  # the rest, and a last line without its newline
        yield Part(str(path), "jsonl", index, start, size, first, lines + (not _ends_with_newline(path)))


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _parquet_parts(path: Path, shard_lines: int) -> Iterator[Part]:
    pq = _parquet()
    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow's own errors: not a Parquet file, truncated footer...
        raise NewsbriefError(f"{path}: not a readable Parquet file ({exc})") from exc
    start, rows, first, index = 0, 0, 1, 0
    for group in range(meta.num_row_groups):
        rows += meta.row_group(group).num_rows
        if rows >= shard_lines or group == meta.num_row_groups - 1:
            yield Part(str(path), "parquet", index, start, group + 1, first, rows)
            start, first, rows, index = group + 1, first + rows, 0, index + 1


def read_part(part: Part, max_bytes: int) -> Iterator[Line]:
    """The numbered records of ``part``; a compressed file that breaks off midway ends with a
    ``NewsbriefError`` in place of a line, which becomes that line's error record."""
    if part.kind == "parquet":
        yield from _parquet_rows(part)
        return
    with open(part.path, "rb") as raw:
        stream: IO[bytes]
        if part.kind == "jsonl":
            raw.seek(part.start)
            stream = io.BufferedReader(_Window(raw, part.stop - part.start))
        elif part.kind == "gzip":
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
        else:
            stream = io.BufferedReader(_Zstd(raw))
        last = part.first_line - 1
        try:
            for line in iter_lines(stream, max_bytes, part.first_line):
                last = line[0]
                yield line
        except (EOFError, OSError, zlib.error, ValueError) as exc:
            yield last + 1, NewsbriefError(f"{Path(part.path).name}: the compressed input breaks off: {exc}")


class _Window(io.RawIOBase):
    """At most ``size`` bytes of ``raw`` from where it stands: one part of a plain file."""

    def __init__(self, raw: IO[bytes], size: int) -> None:
        self._raw, self._left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        data = self._raw.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


class _Zstd(io.RawIOBase):
    """Zstandard frames one after another, decompressed; unlike zstandard's own stream reader
    it raises ``EOFError`` when the input ends inside a frame, so a truncated file is noticed."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw, self._module = raw, _zstd()
        self._frame: Any = None
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            data = self._raw.read(1 << 16)
            if self._frame is not None and self._frame.eof:
                data, self._frame = self._frame.unused_data + data, None
            if not data:
                if self._frame is not None:
                    raise EOFError("the zstd input ends inside a frame")
                return 0
            if self._frame is None:
                self._frame = self._module.ZstdDecompressor().decompressobj()
            self._pending = self._frame.decompress(data)
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def _parquet_rows(part: Part) -> Iterator[Line]:
    table = _parquet().ParquetFile(part.path)
    line = part.first_line
    for batch in table.iter_batches(row_groups=range(part.start, part.stop), batch_size=1024):
        for row in batch.to_pylist():
            yield line, {k: _plain(v) for k, v in row.items()}
            line += 1


def _plain(value: Any) -> Any:
    """A Parquet value as the JSONL record would hold it (dates as ISO text, bytes as text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise NewsbriefError("Parquet needs pyarrow: pip install 'newsbrief[dask]'") from exc
    return pq


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError as exc:
        raise NewsbriefError(".zst input needs zstandard: pip install 'newsbrief[dask]'") from exc
    return zstandard
