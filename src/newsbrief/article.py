"""The Article: what every reader produces and every later stage starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


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


def parse_published(value: str | None) -> datetime | None:
    """A publication date as an aware datetime (ISO 8601 or RFC 2822), else ``None``."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
