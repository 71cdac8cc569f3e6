"""Which engine runs a sharded run's tasks. An engine is a function that runs ``function(*task)``
for every task and reports each result; it is named here and imported only when chosen, so that
Dask stays an optional extra and no engine module imports another.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsbrief.batch.records import Options

Engine = Literal["local", "dask"]
Task = tuple[Any, ...]  # the arguments of one call of the task function


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a run's tasks go: the run's options (each worker loads their models once), and either
    how many local workers or the scheduler of an existing cluster."""

    options: Options
    workers: int
    scheduler: str | None = None


Work = Callable[..., Any]  # the task function: one part read, briefed and written or stored
Done = Callable[[int, Any], None]  # on_done(index, result), called as each task ends
# runner(function, tasks, placement, on_done): runs function(*task) for every task.
Runner = Callable[[Work, Sequence[Task], Placement, Done], None]


# name -> "module:function"; the module is imported when the engine is chosen.
_RUNNERS: dict[Engine, str] = {
    "local": "newsbrief.batch.local_engine:run_locally",
    "dask": "newsbrief.batch.dask_engine:run_on_dask",
}
ENGINES: tuple[Engine, ...] = tuple(_RUNNERS)


def runner(engine: Engine) -> Runner:
    """The function that runs tasks on ``engine``."""
    module, _, name = _RUNNERS[engine].partition(":")
    found: Runner = getattr(importlib.import_module(module), name)
    return found
