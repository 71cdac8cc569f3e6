"""``newsbrief serve``: the HTTP API (FastAPI) and the web page, for the ``server`` extra.

``create_app`` is imported on first use, so that the settings (and the command line's help) work
without FastAPI installed.
"""

from __future__ import annotations

from typing import Any

from newsbrief.server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from newsbrief.server.app import create_app

        return create_app
    raise AttributeError(name)
