"""The Article: what every reader produces and every later stage starts from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from its source, before any analysis.

    ``body`` holds one paragraph a line; every offset newsbrief reports points into it.
    ``given_key_points`` are bullets found in a seed-form input: the expected answer, never body.
    ``warnings`` records what the reader had to repair (e.g. invalid UTF-8 replaced).
    """

    body: str
    title: str | None = None
    id: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    given_key_points: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
