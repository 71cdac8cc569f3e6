"""The operator's limits for ``newsbrief serve``, from arguments or ``NEWSBRIEF_SERVER_*`` variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from newsbrief.readers import DEFAULT_MAX_BYTES

_PREFIX = "NEWSBRIEF_SERVER_"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Limits and switches; each has a ``NEWSBRIEF_SERVER_<NAME>`` variable (upper case)."""

    max_body_bytes: int = 2 * 1024 * 1024  # a request body larger than this is refused unread
    max_text_chars: int = 200_000  # per article (text or HTML)
    max_batch: int = 100  # records per /v1/batch request
    timeout_s: float = 30.0  # per request, reading a URL included
    max_points: int = 10
    fetch_max_bytes: int = DEFAULT_MAX_BYTES  # a page fetched for {url}
    allow_private: bool = False  # let {url} reach private, loopback and link-local addresses
    concurrency: int = 4  # briefs computed at once per worker; the rest wait (within timeout_s)
    model: str | None = None  # key-point model file; None is the shipped one
    spacy_model: str | None = None  # spaCy pipeline name or path; None is the default
    dictionaries: str | None = None  # a folder of PETRARCH-format event dictionaries; None: newsbrief's
    db: str | None = None  # an article store to show at /articles (database URL)
    watch: str | None = None  # feed URLs, blank-separated, watched into ``db`` in the background
    interval: float = 900.0  # seconds between two passes over ``watch``

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerSettings:
        """Settings from ``NEWSBRIEF_SERVER_*`` variables; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            default = getattr(cls(), f.name)
            if isinstance(default, bool):
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The variables that reproduce these settings in a worker process."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[_PREFIX + f.name.upper()] = str(int(value) if isinstance(value, bool) else value)
        return out
