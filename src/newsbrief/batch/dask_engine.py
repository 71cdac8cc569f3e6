"""The Dask engine: the same tasks as the local one, on a ``LocalCluster`` of N worker
processes or on an existing cluster. Each worker loads the models once, when it starts (a
worker plugin), and a task lost with its worker is run again by Dask; since a shard is
written under a temporary name and renamed, a task run twice still writes each record once.
Workers read the inputs and write the shards themselves: on a cluster of several machines
both paths must be on storage every worker sees.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from newsbrief.batch.records import Options, preload
from newsbrief.batch.registry import Done, Placement, Task, Work
from newsbrief.errors import NewsbriefError

try:
    from distributed import Client, LocalCluster, as_completed
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # pragma: no cover - the message is the point
    raise NewsbriefError("--engine dask needs Dask distributed: pip install 'newsbrief[dask]'") from exc


class Preload(WorkerPlugin):
    """Loads the run's models into a worker as it starts, once, not in every task."""

    name = "newsbrief-preload"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: Any) -> None:
        preload(self.options)


def run_on_dask(function: Work, tasks: Sequence[Task], placement: Placement, on_done: Done) -> None:
    """Run ``function(*task)`` for every task on the cluster at ``placement.scheduler`` (or a new
    local one of ``placement.workers`` processes) and call ``on_done(index, result)`` as each
    finishes."""
    options, workers, scheduler = placement.options, placement.workers, placement.scheduler
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    try:
        client.register_plugin(Preload(options), name=Preload.name)
        run = uuid.uuid4().hex[:8]
        futures = [
            client.submit(function, *task, key=f"newsbrief-{run}-{i:06d}", pure=False)
            for i, task in enumerate(tasks)
        ]
        index = {future.key: i for i, future in enumerate(futures)}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:
                raise NewsbriefError(f"a shard failed on the cluster: {type(exc).__name__}: {exc}") from exc
            on_done(index[future.key], result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
