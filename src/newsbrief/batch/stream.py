"""One stream in, one stream out, on local processes: the plain ``newsbrief batch IN -o OUT``.

Memory stays flat: lines are read lazily and at most ``workers * 4`` chunks are in flight.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO

from newsbrief.batch.records import Line, Options, brief_line, check, iter_lines, start_worker, to_json

CHUNK_LINES = 16


@dataclass(frozen=True, slots=True)
class BatchResult:
    """How a batch run went: records written, and how many of them are errors."""

    records: int
    errors: int


def _brief_chunk(chunk: list[Line], options: Options) -> list[tuple[str, bool]]:
    """JSON lines for a chunk, each with whether it is an error record."""
    out = []
    for n, raw in chunk:
        result = brief_line(n, raw, options)
        out.append((to_json(result), "error" in result))
    return out


def _chunks(lines: Iterator[Line]) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    source: IO[bytes],
    sink: IO[str],
    options: Options | None = None,
    *,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Brief every line of ``source`` into ``sink`` (one JSON object a line, same order);
    ``options.events_only`` writes each record's ``{"id", "events"}`` instead of its brief."""
    options = options or Options()
    check(options)
    records = errors = 0
    for lines in _ordered_results(_chunks(iter_lines(source)), options, workers):
        for line, failed in lines:
            sink.write(line + "\n")
            errors += failed
        records += len(lines)
        if on_progress:
            on_progress(len(lines))
    return BatchResult(records=records, errors=errors)


def _ordered_results(
    chunks: Iterator[list[Line]], options: Options, workers: int
) -> Iterator[list[tuple[str, bool]]]:
    if workers <= 1:
        for chunk in chunks:
            yield _brief_chunk(chunk, options)
        return
    window: deque[Future[list[tuple[str, bool]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(options,)) as pool:
        for chunk in chunks:
            window.append(pool.submit(_brief_chunk, chunk, options))
            if len(window) >= workers * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
