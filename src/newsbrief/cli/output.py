"""Where a command writes: the file ``-o`` names, or standard output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def output(path: str | None) -> Iterator[IO[str]]:
    """The file at ``path``, or stdout for none or ``-`` (left open)."""
    if not path or path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as sink:
        yield sink


def write(path: str | None, text: str) -> None:
    """``text`` into the file at ``path``, or to stdout for none or ``-``."""
    with output(path) as sink:
        sink.write(text)
