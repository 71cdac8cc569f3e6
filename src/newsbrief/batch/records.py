"""One record at a time: numbered input lines, the JSON they hold, and the brief (or the error)
each becomes. Every engine briefs through ``brief_line``, so they all write the same lines."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from newsbrief.brief import NLP_LAYERS, build_brief, resolve_layers
from newsbrief.errors import NewsbriefError
from newsbrief.events import load_dictionaries, load_event_model
from newsbrief.keypoints import load_model
from newsbrief.keywords import DEFAULT_COUNT
from newsbrief.nlp.spacy_pipeline import load_spacy
from newsbrief.readers.decode import DEFAULT_MAX_BYTES
from newsbrief.readers.record import parse_record

_READ_BLOCK = 1 << 20

# A JSONL line, a Parquet row, None for an oversized line, or why the input broke off there.
Raw = bytes | dict[str, Any] | NewsbriefError | None
Line = tuple[int, Raw]  # (line or row number counted from 1, what it holds)


@dataclass(frozen=True, slots=True)
class Options:
    """What every record of a run is briefed with; paths, not loaded models, so that each worker
    process loads the models itself, once."""

    points: int = 3
    layers: tuple[str, ...] | None = None  # None: every layer installed
    model: str | None = None
    spacy_model: str | None = None
    dictionaries: str | None = None
    event_model: str | None = None
    events_only: bool = False  # write {"id", "events"} lines (``newsbrief events``)
    keywords: int = DEFAULT_COUNT


def check(options: Options) -> None:
    """Fail once, before any record, on a bad model path, dictionary folder or layer name."""
    load_model(options.model)
    if options.dictionaries is not None:
        load_dictionaries(options.dictionaries)
    if options.event_model is not None:
        load_event_model(options.event_model)
    if options.layers is not None:
        resolve_layers(options.layers)
    if options.events_only:
        load_spacy(options.spacy_model)  # events need the nlp extra: say so once, not on every line


def preload(options: Options) -> None:
    """Load the models a run needs into this process (a worker calls it once when it starts)."""
    check(options)  # the key-point model, the dictionaries, and spaCy for events
    if not options.events_only and any(layer in NLP_LAYERS for layer in resolve_layers(options.layers)):
        # With every layer by default, a missing spaCy is build_brief's warning, not an error.
        with contextlib.suppress(NewsbriefError):
            load_spacy(options.spacy_model)


def start_worker(options: Options) -> None:
    """A local worker process's start: exit when the process that started it is gone (a killed
    run must not leave workers behind), then load the models."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="newsbrief-parent-watch", daemon=True).start()
    preload(options)


def decode_line(raw: bytes | None) -> Any:
    """The JSON value of one input line (as ``iter_lines`` gives it), or a clear error."""
    if raw is None:
        raise NewsbriefError(f"line is longer than the limit of {DEFAULT_MAX_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise NewsbriefError(f"invalid JSON: {exc.msg} at column {exc.colno}") from exc


def brief_line(line_no: int, raw: Raw, options: Options) -> dict[str, Any]:
    """Brief one line or row; any failure becomes ``{"id", "line", "error"}`` instead of raising.

    With ``events_only``, the result is ``{"id", "events"}``: the record's events alone (its date
    from ``published``, or from ``date`` as the PETRARCH records give it).
    """
    rid: Any = None
    try:
        if isinstance(raw, NewsbriefError):
            raise raw
        record = raw if isinstance(raw, dict) else decode_line(raw)
        if isinstance(record, dict):
            rid = record.get("id")
            if (
                options.events_only
                and not record.get("published")
                and isinstance(record.get("date"), str | int)
            ):
                record = {**record, "published": str(record["date"])}
        article = parse_record(record)
        brief = build_brief(
            article,
            points=options.points,
            layers=("events",) if options.events_only else options.layers,
            model=load_model(options.model),
            keywords=options.keywords,
            spacy_model=options.spacy_model,
            dictionaries=load_dictionaries(options.dictionaries) if options.dictionaries else None,
            event_model=load_event_model(options.event_model) if options.event_model else None,
        ).to_dict()
        if options.events_only:
            return {
                "id": rid,
                "url": brief["url"],
                "published": brief["published"],
                "events": brief["events"],
            }
        # The output carries the input's id as given (a number stays a number), like error lines do.
        brief["id"] = rid
        return brief
    except NewsbriefError as exc:
        return {"id": rid, "line": line_no, "error": str(exc)}
    except Exception as exc:  # a bug on one record must not cost the others
        return {"id": rid, "line": line_no, "error": f"internal error: {type(exc).__name__}: {exc}"}


def to_json(result: dict[str, Any]) -> str:
    """A result as its output line (without the newline): the one serialisation every engine uses."""
    return json.dumps(result, ensure_ascii=False)


def iter_lines(
    stream: IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES, first_line: int = 1
) -> Iterator[tuple[int, bytes | None]]:
    """Numbered non-blank lines of a binary stream; a line over ``max_bytes`` comes as ``None``.

    Numbers count every line, blank ones too, from ``first_line``: the line of the file it is.
    """
    line_no = first_line - 1
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
