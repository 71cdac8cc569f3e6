"""The local engine: a sharded run's tasks on a pool of processes on this machine, each of
which loads the run's models once, when it starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from newsbrief.batch.records import Options, start_worker
from newsbrief.batch.registry import Task


def run_locally(
    function: Callable[..., Any],
    tasks: Sequence[Task],
    options: Options,
    *,
    workers: int,
    scheduler: str | None = None,
    on_done: Callable[[int, Any], None],
) -> None:
    """Run ``function(*task)`` for every task on ``workers`` processes (in this one when one
    worker or one task is enough); ``scheduler`` is for engines with a cluster, unused here."""
    if workers <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            on_done(index, function(*task))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(options,)) as pool:
        futures = {pool.submit(function, *task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            on_done(futures[future], future.result())
