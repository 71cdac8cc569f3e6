"""The Event: who did what to whom, in which sentence, coded in CAMEO."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsbrief.events import cameo


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; ``body[start:end]`` is its sentence (``text``).

    ``source`` and ``target`` are CAMEO actor codes ("RUSGOV", "UKR"; ``target`` is "" for an
    act with no one named as acted on), with the words that named them and the entity layer's id
    where one matches; ``code`` the CAMEO event code ("1312"), from which ``root`` (its two
    digits), ``quad`` (its quad class, 1-4) and ``label`` (CAMEO's name for it) follow.
    ``plover`` is the PLOVER category: the learned model's where it read the sentence, else the
    code's. ``confidence`` is the model's probability for that category (``None`` without a
    model); ``coder`` says who found the event: "rules" (a verb pattern of the dictionaries) or
    "model" (the learned classifier, where no pattern fits). ``place`` is where it happened (the
    place its sentence names for it, else the article's dateline) and ``country`` that place's
    ISO 3166 alpha-3 code, as GDELT's ActionGeo; ``date`` is the article's date.
    """

    source: str
    target: str
    code: str
    root: str | None = field(init=False)
    quad: int | None = field(init=False)
    plover: str | None = None
    label: str | None = field(init=False)
    confidence: float | None = None
    coder: str = "rules"
    country: str | None = None
    place: str | None = None
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
            ("plover", cameo.current_name(self.plover) if self.plover else cameo.plover(self.code)),
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
