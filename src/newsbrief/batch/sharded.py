"""A sharded run: plan the parts, skip the finished ones, brief the rest on an engine (local
processes, or Dask) and join the shards if ``-o`` named one file. One task is one part: it
reads its records, briefs them and writes its shard (or, with ``--db``, stores its briefs; see
``to_store``), so no record passes through the caller.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence, Set
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsbrief import __version__
from newsbrief.batch.inputs import Part, expand_inputs, plan, read_part
from newsbrief.batch.records import Options, brief_line, check
from newsbrief.batch.registry import Engine, Placement, Task, runner
from newsbrief.batch.shards import Format, join, manifest_of, output_for, prepare, shard_names, write_shard
from newsbrief.readers.decode import DEFAULT_MAX_BYTES

SHARD_LINES = 2_000  # a few minutes of work per task on one core with every layer


@dataclass(frozen=True, slots=True)
class ShardedResult:
    """How a sharded run went: records written now, errors among them, shards written now and
    shards a resumed run found finished."""

    records: int
    errors: int
    shards: int
    skipped: int
    stored: Any = None  # with --db: the store's Counts (new, updated, duplicates, errors)
    messages: tuple[str, ...] = ()  # with --db: the first error lines, to show


@dataclass(frozen=True, slots=True)
class Plan:
    """The work a run will do, for the caller's progress bar: parts to brief, lines they hold."""

    shards: int
    skipped: int
    lines: int | None  # None when a compressed input's length is unknown


@dataclass(frozen=True, slots=True)
class _How:
    """How a sharded run's tasks are run and reported: the same for every way it stores."""

    options: Options
    engine: Engine
    workers: int
    scheduler: str | None
    resume: bool
    output_format: Format | None
    max_bytes: int
    on_plan: Callable[[Plan], None] | None
    on_progress: Callable[[int], None] | None


def brief_part(part: Part, target: str, fmt: Format, options: Options, max_bytes: int) -> tuple[int, int]:
    """The task: brief every record of ``part`` into the shard ``target``; (records, errors)."""
    results = (brief_line(n, raw, options) for n, raw in read_part(part, max_bytes))
    return write_shard(Path(target), results, fmt)


def run_sharded(
    inputs: Sequence[str],
    target: str | None,
    options: Options | None = None,
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    shard_lines: int = SHARD_LINES,
    resume: bool = False,
    output_format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    db: str | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ShardedResult:
    """Brief every record of ``inputs`` (files, globs, folders) into shards under ``target``,
    or into the one file ``target`` names, and/or into the store at ``db``; see ``newsbrief
    batch --help`` for the rules."""
    options = options or Options()
    check(options)
    if target is None and db is None:
        raise ValueError("a sharded run needs a target, a store, or both")
    parts = plan(expand_inputs(inputs), shard_lines)
    settings = {
        "options": asdict(options),
        "shard_lines": shard_lines,
        "format": output_format or "jsonl",
        "newsbrief": __version__,
    }
    how = _How(options, engine, workers, scheduler, resume, output_format, max_bytes, on_plan, on_progress)
    if db is None:
        assert target is not None
        return _to_files(parts, target, settings, how)
    from newsbrief.batch import to_store
    from newsbrief.store import Store

    manifest = manifest_of(parts, settings)
    run = to_store.run_key(manifest)
    with Store(db) as store:  # opened here first: a new store is migrated once, before any task
        stored_before = store.finished_parts(run) if resume else set()
        direct = target is None and store.dialect != "sqlite"
        if direct:
            names = shard_names(parts, "jsonl")
            tasks: list[Task] = [
                (part, name, db, run, options, max_bytes)
                for part, name in zip(parts, names, strict=True)
                if name not in stored_before
            ]
            _announce(on_plan, tasks, len(parts) - len(tasks), lambda t: t[0].lines)
            total = _Stored()

            def done(_index: int, part: Any) -> None:
                total.add(part)
                if on_progress:
                    on_progress(part.records)

            _run(to_store.store_part, tasks, how, done)
            store.optimize()
            return total.result(len(tasks), len(parts) - len(tasks))
        # One writer: the tasks write shards, this process stores each as it is finished.
        folder = None if target is not None else tempfile.mkdtemp(prefix="newsbrief-batch-")
        out = target if target is not None else str(Path(folder or ".") / "shards")
        total = _Stored()
        try:

            def store_shard(name: str, shard: Path) -> None:
                if name not in stored_before:
                    total.add(to_store.load_shard(store, shard, name, run))
                if folder is not None:  # shards of our own, not asked for: gone once stored
                    shard.unlink(missing_ok=True)

            result = _to_files(
                parts,
                out,
                settings,
                how,
                on_shard=store_shard,
                skip=stored_before if target is None else frozenset(),
            )
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        store.optimize()
        stored = total.result(result.shards, result.skipped)
        return ShardedResult(
            result.records, result.errors, result.shards, result.skipped, stored.stored, stored.messages
        )


class _Stored:
    """The sum of the parts a --db run stored."""

    def __init__(self) -> None:
        from newsbrief.store.ingest import Counts

        self.counts = Counts()
        self.records = self.errors = 0
        self.messages: list[str] = []

    def add(self, part: Any) -> None:
        self.counts.add(part.counts)
        self.records += part.records
        self.errors += part.errors
        from newsbrief.batch.to_store import ERRORS_KEPT

        self.messages.extend(part.messages[: max(0, ERRORS_KEPT - len(self.messages))])

    def result(self, shards: int, skipped: int) -> ShardedResult:
        return ShardedResult(self.records, self.errors, shards, skipped, self.counts, tuple(self.messages))


def _announce(
    on_plan: Callable[[Plan], None] | None, tasks: Sequence[Task], skipped: int, lines: Callable[[Task], Any]
) -> None:
    if on_plan:
        counts = [lines(t) for t in tasks]
        on_plan(Plan(len(tasks), skipped, None if None in counts else sum(n or 0 for n in counts)))


def _to_files(
    parts: Sequence[Part],
    target: str,
    settings: dict[str, Any],
    how: _How,
    on_shard: Callable[[str, Path], None] | None = None,
    skip: Set[str] = frozenset(),
) -> ShardedResult:
    """Brief ``parts`` into shards; ``on_shard(name, path)`` sees each shard an earlier run
    finished, then each written now, before the shards are joined; parts named in ``skip``
    (stored by an earlier ``--db`` run) are not briefed."""
    output = output_for(target, how.output_format)
    names = shard_names(parts, output.format)
    settings = {**settings, "format": output.format}
    done = prepare(output, names, manifest_of(parts, settings), how.resume) | set(skip)
    tasks: list[Task] = [
        (part, str(output.folder / name), output.format, how.options, how.max_bytes)
        for part, name in zip(parts, names, strict=True)
        if name not in done
    ]
    task_names = [name for name in names if name not in done]
    _announce(how.on_plan, tasks, len(done), lambda t: t[0].lines)
    records = errors = 0

    def finished(index: int, counts: tuple[int, int]) -> None:
        nonlocal records, errors
        records += counts[0]
        errors += counts[1]
        if on_shard:
            on_shard(task_names[index], output.folder / task_names[index])
        if how.on_progress:
            how.on_progress(counts[0])

    if on_shard:
        for name in names:
            if name in done:
                on_shard(name, output.folder / name)
    _run(brief_part, tasks, how, finished)
    join(output, names)
    return ShardedResult(records=records, errors=errors, shards=len(tasks), skipped=len(done))


def _run(
    function: Callable[..., Any], tasks: Sequence[Task], how: _How, on_done: Callable[[int, Any], None]
) -> None:
    run_tasks = runner(how.engine)
    run_tasks(function, tasks, Placement(how.options, how.workers, how.scheduler), on_done)
