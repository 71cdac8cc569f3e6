"""Brief many JSONL records: streamed, in input order, on several processes, bad lines kept.

Memory stays flat: lines are read lazily and at most ``workers * 4`` chunks are in flight.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from newsbrief.brief import build_brief, resolve_layers
from newsbrief.errors import NewsbriefError
from newsbrief.events import load_dictionaries
from newsbrief.keypoints import load_model
from newsbrief.keywords import DEFAULT_COUNT
from newsbrief.nlp.spacy_pipeline import load_spacy
from newsbrief.readers.decode import DEFAULT_MAX_BYTES
from newsbrief.readers.record import parse_record

CHUNK_LINES = 16
_READ_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class BatchResult:
    """How a batch run went: records written, and how many of them are errors."""

    records: int
    errors: int


@dataclass(frozen=True, slots=True)
class _Options:
    points: int
    layers: tuple[str, ...] | None  # None: every layer installed
    model: str | None  # a path, so each worker loads the model itself, once
    spacy_model: str | None
    dictionaries: str | None = None  # a folder of event dictionaries, loaded once per worker
    events_only: bool = False  # write {"id", "events"} lines (``newsbrief events``)
    keywords: int = DEFAULT_COUNT


Line = tuple[int, bytes | None]  # (line number, raw line or None when it was over the limit)


def decode_line(raw: bytes | None) -> Any:
    """The JSON value of one input line (as ``iter_lines`` gives it), or a clear error."""
    if raw is None:
        raise NewsbriefError(f"line is longer than the limit of {DEFAULT_MAX_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise NewsbriefError(f"invalid JSON: {exc.msg} at column {exc.colno}") from exc


def brief_line(
    line_no: int,
    raw: bytes | None,
    points: int,
    layers: Sequence[str] | None,
    model: str | None = None,
    spacy_model: str | None = None,
    dictionaries: str | None = None,
    events_only: bool = False,
    keywords: int = DEFAULT_COUNT,
) -> dict[str, Any]:
    """Brief one JSONL line; any failure becomes ``{"id", "line", "error"}`` instead of raising.

    With ``events_only``, the line is ``{"id", "events"}``: the record's events alone (its date
    from ``published``, or from ``date`` as the PETRARCH records give it).
    """
    rid: Any = None
    try:
        record = decode_line(raw)
        if isinstance(record, dict):
            rid = record.get("id")
            if events_only and not record.get("published") and isinstance(record.get("date"), str | int):
                record = {**record, "published": str(record["date"])}
        article = parse_record(record)
        brief = build_brief(
            article,
            points=points,
            layers=("events",) if events_only else layers,
            model=load_model(model),
            keywords=keywords,
            spacy_model=spacy_model,
            dictionaries=load_dictionaries(dictionaries) if dictionaries else None,
        ).to_dict()
        if events_only:
            return {"id": rid, "events": brief["events"]}
        # The output carries the input's id as given (a number stays a number), like error lines do.
        brief["id"] = rid
        return brief
    except NewsbriefError as exc:
        return {"id": rid, "line": line_no, "error": str(exc)}
    except Exception as exc:  # a bug on one record must not cost the others
        return {"id": rid, "line": line_no, "error": f"internal error: {type(exc).__name__}: {exc}"}


def _brief_chunk(chunk: list[Line], options: _Options) -> list[tuple[str, bool]]:
    """JSON lines for a chunk, each with whether it is an error record."""
    out = []
    for n, raw in chunk:
        result = brief_line(
            n,
            raw,
            options.points,
            options.layers,
            options.model,
            options.spacy_model,
            options.dictionaries,
            options.events_only,
            options.keywords,
        )
        out.append((json.dumps(result, ensure_ascii=False), "error" in result))
    return out


def iter_lines(stream: IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Line]:
    """Numbered non-blank lines of a binary stream; a line over ``max_bytes`` comes as ``None``."""
    line_no = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of the oversized line without holding it.
            while (rest := stream.readline(_READ_BLOCK)) and not rest.endswith(b"\n"):
                pass
            yield line_no, None
        elif raw.strip():
            yield line_no, raw


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
    *,
    workers: int = 1,
    points: int = 3,
    layers: Sequence[str] | None = None,
    model: str | None = None,
    spacy_model: str | None = None,
    dictionaries: str | None = None,
    events_only: bool = False,
    keywords: int = DEFAULT_COUNT,
    on_progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Brief every line of ``source`` into ``sink`` (one JSON object a line, same order);
    ``events_only`` writes each record's ``{"id", "events"}`` instead of its whole brief."""
    load_model(model)  # a bad model path fails here, once, not on every record
    if dictionaries is not None:
        load_dictionaries(dictionaries)  # so does a dictionary file that does not parse
    if layers is not None:
        resolve_layers(layers)  # an unknown layer fails here, once
    if events_only:
        load_spacy(spacy_model)  # events need the nlp extra: say so once, not on every line
    options = _Options(
        points=points,
        layers=tuple(layers) if layers is not None else None,
        model=model,
        spacy_model=spacy_model,
        dictionaries=dictionaries,
        events_only=events_only,
        keywords=keywords,
    )
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
    chunks: Iterator[list[Line]], options: _Options, workers: int
) -> Iterator[list[tuple[str, bool]]]:
    if workers <= 1:
        for chunk in chunks:
            yield _brief_chunk(chunk, options)
        return
    window: deque[Future[list[tuple[str, bool]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in chunks:
            window.append(pool.submit(_brief_chunk, chunk, options))
            if len(window) >= workers * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
