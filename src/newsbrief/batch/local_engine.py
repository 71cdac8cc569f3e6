"""The local engine: a sharded run's tasks on a pool of processes on this machine, each of
which loads the run's models once, when it starts."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from newsbrief.batch.records import start_worker
from newsbrief.batch.registry import Done, Placement, Task, Work


def run_locally(function: Work, tasks: Sequence[Task], placement: Placement, on_done: Done) -> None:
    """Run ``function(*task)`` for every task on ``placement.workers`` processes (in this one when
    one worker or one task is enough)."""
    options, workers = placement.options, placement.workers
    if workers <= 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            on_done(index, function(*task))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(options,)) as pool:
        futures = {pool.submit(function, *task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            on_done(futures[future], future.result())
