"""The Event: who did what to whom, in which sentence, coded in CAMEO."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.events import cameo


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; ``body[start:end]`` is its sentence (``text``).

    ``source`` and ``target`` are CAMEO actor codes ("RUSGOV", "UKR"), with the words that named
    them and the entity layer's id where one matches; ``code`` the CAMEO event code ("1312"),
    ``root`` its two-digit root, ``quad`` its quad class (1-4), ``plover`` its PLOVER category;
    ``date`` the article's publication date when known.
    """

    source: str
    target: str
    code: str
    root: str | None
    quad: int | None
    plover: str | None
    label: str | None
    sentence: int
    start: int
    end: int
    text: str
    verb: str
    source_text: str
    target_text: str
    source_entity: str | None = None
    target_entity: str | None = None
    date: str | None = None


def make_event(
    *,
    source: str,
    target: str,
    code: str,
    sentence: int,
    start: int,
    end: int,
    text: str,
    verb: str,
    source_text: str,
    target_text: str,
    source_entity: str | None,
    target_entity: str | None,
    date: str | None,
) -> Event:
    """An Event with its code's root, quad class, PLOVER category and label filled in."""
    return Event(
        source=source,
        target=target,
        code=code,
        root=cameo.root(code),
        quad=cameo.quad_class(code),
        plover=cameo.plover(code),
        label=cameo.name(code),
        sentence=sentence,
        start=start,
        end=end,
        text=text,
        verb=verb,
        source_text=source_text,
        target_text=target_text,
        source_entity=source_entity,
        target_entity=target_entity,
        date=date,
    )


_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def parse_date(published: str | None) -> tuple[int | None, str | None]:
    """(YYYYMMDD as an int for date-bounded actor codes, the ISO date) of a published date
    ("2022-02-21", "2022-02-21T10:00:00Z", "20220221"); (None, None) when it names no day."""
    if not published:
        return None, None
    match = _DATE.search(published)
    if match is None:
        return None, None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None, None
    return year * 10_000 + month * 100 + day, f"{year:04d}-{month:02d}-{day:02d}"
