"""A sharded run: plan the parts, skip the finished ones, brief the rest on an engine (local
processes, or Dask) and join the shards if ``-o`` named one file. One task is one part: it
reads its records, briefs them and writes its shard, so no record passes through the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from newsbrief import __version__
from newsbrief.batch.inputs import Part, expand_inputs, plan, read_part
from newsbrief.batch.records import Options, brief_line, check, start_worker
from newsbrief.batch.shards import Format, join, manifest_of, output_for, prepare, shard_names, write_shard
from newsbrief.readers.decode import DEFAULT_MAX_BYTES

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
SHARD_LINES = 2_000  # a few minutes of work per task on one core with every layer
Task = tuple[Part, str, Format, Options, int]


@dataclass(frozen=True, slots=True)
class ShardedResult:
    """How a sharded run went: records written now, errors among them, shards written now and
    shards a resumed run found finished."""

    records: int
    errors: int
    shards: int
    skipped: int


@dataclass(frozen=True, slots=True)
class Plan:
    """The work a run will do, for the caller's progress bar: parts to brief, lines they hold."""

    shards: int
    skipped: int
    lines: int | None  # None when a compressed input's length is unknown


def brief_part(part: Part, target: str, fmt: Format, options: Options, max_bytes: int) -> tuple[int, int]:
    """The task: brief every record of ``part`` into the shard ``target``; (records, errors)."""
    results = (brief_line(n, raw, options) for n, raw in read_part(part, max_bytes))
    return write_shard(Path(target), results, fmt)


def run_sharded(
    inputs: Sequence[str],
    target: str,
    options: Options | None = None,
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    shard_lines: int = SHARD_LINES,
    resume: bool = False,
    output_format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_plan: Callable[[Plan], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ShardedResult:
    """Brief every record of ``inputs`` (files, globs, folders) into shards under ``target``,
    or into the one file ``target`` names; see ``newsbrief batch --help`` for the rules."""
    options = options or Options()
    check(options)
    parts = plan(expand_inputs(inputs), shard_lines)
    output = output_for(target, output_format)
    names = shard_names(parts, output.format)
    settings = {
        "options": asdict(options),
        "shard_lines": shard_lines,
        "format": output.format,
        "newsbrief": __version__,
    }
    done = prepare(output, names, manifest_of(parts, settings), resume)
    tasks: list[Task] = [
        (part, str(output.folder / name), output.format, options, max_bytes)
        for part, name in zip(parts, names, strict=True)
        if name not in done
    ]
    lengths = [t[0].lines for t in tasks]
    if on_plan:
        on_plan(Plan(len(tasks), len(done), None if None in lengths else sum(n or 0 for n in lengths)))
    records = errors = 0

    def finished(counts: tuple[int, int]) -> None:
        nonlocal records, errors
        records += counts[0]
        errors += counts[1]
        if on_progress:
            on_progress(counts[0])

    if engine == "dask":
        from newsbrief.batch.dask_engine import run_on_dask

        run_on_dask(tasks, options, workers=workers, scheduler=scheduler, on_done=finished)
    else:
        _run_locally(tasks, options, workers, finished)
    join(output, names)
    return ShardedResult(records=records, errors=errors, shards=len(tasks), skipped=len(done))


def _run_locally(
    tasks: Sequence[Task], options: Options, workers: int, on_done: Callable[[tuple[int, int]], None]
) -> None:
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            on_done(brief_part(*task))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(options,)) as pool:
        for future in as_completed([pool.submit(brief_part, *task) for task in tasks]):
            on_done(future.result())
