"""Run the server under uvicorn; each worker process builds its app from the same settings."""

from __future__ import annotations

import os

from newsbrief.errors import MissingExtraError
from newsbrief.server.settings import ServerSettings


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve until interrupted. Settings reach worker processes through ``NEWSBRIEF_SERVER_*``."""
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtraError("newsbrief serve", "server") from exc
    os.environ.update(settings.to_env())
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
