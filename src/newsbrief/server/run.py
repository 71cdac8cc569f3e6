"""Run the server under uvicorn; each worker process builds its app from the same settings."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import replace
from typing import Any

from newsbrief.errors import MissingExtraError
from newsbrief.server.settings import ServerSettings


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve until interrupted. Settings reach worker processes through ``NEWSBRIEF_SERVER_*``."""
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtraError("newsbrief serve", "server") from exc
    watcher = _start_watching(settings)
    # The workers serve the store; only this process watches the feeds, so that one host is
    # asked once however many workers there are.
    os.environ.update(replace(settings, watch=None).to_env())
    try:
        _run(uvicorn, host, port, workers)
    finally:
        if watcher is not None:
            watcher.set()


def _run(uvicorn: Any, host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "newsbrief.server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # A request that needs more than timeout_s is answered 504 by the app; idle keep-alive
        # connections are closed early so that 50 waiting clients cost little.
        timeout_keep_alive=5,
    )


def _start_watching(settings: ServerSettings) -> threading.Event | None:
    """Watch ``settings.watch`` into ``settings.db`` in a background thread; its stop switch."""
    if not settings.watch or not settings.db:
        return None
    from newsbrief.feeds import Watcher, WatchOptions
    from newsbrief.store import Store

    feeds = settings.watch.split()
    store = Store(settings.db)
    watcher = Watcher(store, WatchOptions(allow_private=settings.allow_private))
    stop = threading.Event()

    def report(number: int, summary: Any) -> None:
        print(f"newsbrief: feeds, pass {number}: {summary.line()}", file=sys.stderr, flush=True)
        if summary.new:  # the stories view follows the feeds
            from newsbrief.stories.stored import assign_stories

            done = assign_stories(store)
            print(
                f"newsbrief: stories: {done.articles} articles in {done.stories}", file=sys.stderr, flush=True
            )

    thread = threading.Thread(
        target=watcher.watch,
        args=(feeds, settings.interval, stop, report),
        name="newsbrief-watch",
        daemon=True,
    )
    thread.start()
    return stop
