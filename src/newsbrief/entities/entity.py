"""What the entities layer returns: an Entity (one person, organisation or place) and its Mentions."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("PERSON", "ORG", "GPE", "LOC")


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: ``body[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organisation or place, ranked by salience (0-1)."""

    id: str
    name: str
    label: str
    mentions: tuple[Mention, ...]
    salience: float
    role: str | None = None
    in_headline: bool = False
