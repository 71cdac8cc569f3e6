"""The Event: who did what to whom, in which sentence, coded in CAMEO."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsbrief.events import cameo


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; ``body[start:end]`` is its sentence (``text``).

    ``source`` and ``target`` are CAMEO actor codes ("RUSGOV", "UKR"), with the words that named
    them and the entity layer's id where one matches; ``code`` the CAMEO event code ("1312"),
    from which ``root`` (its two digits), ``quad`` (its quad class, 1-4), ``plover`` (its PLOVER
    category) and ``label`` (CAMEO's name for it) follow; ``date`` the article's publication date.
    """

    source: str
    target: str
    code: str
    root: str | None = field(init=False)
    quad: int | None = field(init=False)
    plover: str | None = field(init=False)
    label: str | None = field(init=False)
    sentence: int = 0
    start: int = 0
    end: int = 0
    text: str = ""
    verb: str = ""
    source_text: str = ""
    target_text: str = ""
    source_entity: str | None = None
    target_entity: str | None = None
    date: str | None = None

    def __post_init__(self) -> None:
        for name, value in (
            ("root", cameo.root(self.code)),
            ("quad", cameo.quad_class(self.code)),
            ("plover", cameo.plover(self.code)),
            ("label", cameo.name(self.code)),
        ):
            object.__setattr__(self, name, value)


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
