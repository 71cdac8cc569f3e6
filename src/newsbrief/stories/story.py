"""A story told from its articles: label, first and last seen, timeline and story brief."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from newsbrief.article import parse_published
from newsbrief.brief import Brief
from newsbrief.nlp.words import content_terms
from newsbrief.stories.developments import choose, meanings, same_meaning
from newsbrief.stories.vectors import Vector

LABEL_ENTITIES = 3
LABEL_KEYWORDS = 2


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of the story; ``key`` is its id in the input or the store."""

    key: str
    title: str | None
    url: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated moment of the timeline: a key point, an event or a quote of one article, with
    its offsets into that article's body (``body[start:end]`` is the sentence or the quote)."""

    date: str | None
    kind: str  # "key_point", "event" or "quote"
    text: str
    article: str
    start: int
    end: int
    who: str | None = None  # the speaker of a quote, the actors of an event


@dataclass(frozen=True, slots=True)
class Story:
    """A story: ``headline`` is its newest article's; ``developments`` the story brief (at most
    five key points, each saying something new, newest first; see ``developments.py``);
    ``timeline`` every entry, oldest first."""

    id: str
    label: str
    headline: str | None
    first_seen: str | None
    last_seen: str | None
    articles: tuple[StoryArticle, ...]
    developments: tuple[Entry, ...]
    timeline: tuple[Entry, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def article(self, key: str) -> StoryArticle | None:
        """The story's article ``key``, the one an entry cites."""
        return next((a for a in self.articles if a.key == key), None)

    def days(self) -> list[tuple[date | None, list[Entry]]]:
        """The timeline folded by day, oldest first; undated entries last, as one group."""
        folded: dict[date | None, list[Entry]] = {}
        for entry in self.timeline:
            when = parse_published(entry.date)
            folded.setdefault(when.date() if when else None, []).append(entry)
        return sorted(folded.items(), key=lambda kv: (kv[0] is None, kv[0] or date.min))


def build_story(story_id: str, members: Sequence[tuple[str, Brief]]) -> Story:
    """The Story of ``members`` (article key and Brief), in any order: they are told by date,
    undated ones after the dated in the order given."""
    ordered = [m for _, m in sorted(enumerate(members), key=lambda im: _when_key(im[1], im[0]))]
    entries: list[Entry] = []
    told = [
        Entry(brief.published, "key_point", kp.text, key, kp.start, kp.end)
        for key, brief in ordered
        for kp in brief.key_points
    ]
    meant = iter(zip(told, meanings([e.text for e in told]), strict=True))  # in the order told
    points: list[tuple[int, int, Vector]] = []  # every key point: (article rank, position, meaning)
    said: list[Vector] = []
    for rank, (key, brief) in enumerate(ordered):
        for position in range(len(brief.key_points)):
            entry, vector = next(meant)
            points.append((rank, position, vector))
            # The timeline tells a key point once: the first article to say it.
            if vector and not any(same_meaning(vector, before) for before in said):
                said.append(vector)
                entries.append(entry)
        for event in brief.events:
            who = f"{event.source_text} → {event.target_text}"
            text = f"{event.label or 'event'} [{event.code}]: {event.text}"
            entries.append(Entry(brief.published, "event", text, key, event.start, event.end, who))
        for quote in brief.quotes:
            entries.append(
                Entry(brief.published, "quote", quote.text, key, quote.start, quote.end, quote.speaker)
            )
    dated = [m[1].published for m in ordered if parse_published(m[1].published)]
    newest = ordered[-1][1] if ordered else None
    return Story(
        id=story_id,
        label=story_label([b for _, b in ordered]),
        headline=newest.title if newest else None,
        first_seen=dated[0] if dated else None,
        last_seen=dated[-1] if dated else None,
        articles=tuple(StoryArticle(k, b.title, b.url, b.published) for k, b in ordered),
        developments=tuple(told[i] for i in choose(points)),
        timeline=tuple(entries),
    )


def story_label(briefs: Sequence[Brief]) -> str:
    """``Kelly Holmes · Olympic · 800m``: the most salient entities, then keywords they miss."""
    names: dict[str, float] = {}
    for brief in briefs:
        for entity in brief.entities:
            names[entity.name] = names.get(entity.name, 0.0) + entity.salience
    phrases: dict[str, float] = {}
    shown: dict[str, str] = {}
    for brief in briefs:
        for rank, keyword in enumerate(brief.keywords):
            low = keyword.text.lower()
            phrases[low] = phrases.get(low, 0.0) + 1.0 / (1 + rank)
            shown.setdefault(low, keyword.text)
    chosen = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[:LABEL_ENTITIES]]
    covered = {t for n in chosen for t in content_terms(n)}
    for low, _ in sorted(phrases.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(chosen) >= LABEL_ENTITIES + LABEL_KEYWORDS:
            break
        terms = set(content_terms(low))
        if terms and not terms <= covered:
            chosen.append(shown[low])
            covered |= terms
    if not chosen and briefs:
        chosen = [briefs[0].title or "untitled"]
    return " · ".join(chosen)


def _when_key(member: tuple[str, Brief], position: int) -> tuple[int, datetime | int, int]:
    when = parse_published(member[1].published)
    return (0, when, position) if when is not None else (1, position, position)
