"""Which engine runs a sharded run's tasks. An engine is a function that runs ``function(*task)``
for every task and reports each result; it is named here and imported only when chosen, so that
Dask stays an optional extra and no engine module imports another.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from newsbrief.batch.records import Options

Engine = Literal["local", "dask"]
Task = tuple[Any, ...]  # the arguments of one call of the task function


class Runner(Protocol):
    """Runs ``function(*task)`` for every task and calls ``on_done(index, result)`` as each ends."""

    def __call__(
        self,
        function: Callable[..., Any],
        tasks: Sequence[Task],
        options: Options,
        *,
        workers: int,
        scheduler: str | None,
        on_done: Callable[[int, Any], None],
    ) -> None: ...


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
