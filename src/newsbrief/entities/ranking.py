"""Ranking: entities ordered by salience (how often, how early, in the headline, in the key points)."""

from __future__ import annotations

import re

from newsbrief.document import Document
from newsbrief.entities.canonical import EntityGroup
from newsbrief.entities.entity import Entity, Mention
from newsbrief.entities.places import place_name


def rank_entities(
    doc: Document, clusters: list[EntityGroup], key_points: list[tuple[int, int]]
) -> tuple[Entity, ...]:
    body = doc.body
    title = doc.article.title or ""
    scored = []
    length = max(1, len(body))
    for c in clusters:
        raws = sorted({(r.start, r.end): r for r in c.raws}.values(), key=lambda r: r.start)
        mentions = tuple(Mention(body[r.start : r.end], r.start, r.end) for r in raws)
        name = (
            max((r.key for r in raws), key=lambda k: (len(k.split()), len(k)))
            if c.label == "PERSON"
            else c.name
        )
        in_headline = any(
            _word_in(t, title)
            for t in {name, *(name.split()[-1:] if c.label == "PERSON" else ()), *(m.text for m in mentions)}
        )
        in_points = sum(1 for m in mentions for s, e in key_points if s <= m.start < e)
        first = mentions[0].start / length if mentions else 1.0
        score = len(mentions) + 2.0 * (1 - first) + 2.0 * in_headline + in_points
        scored.append((score, c, name, mentions, in_headline))
    top = max((s for s, *_ in scored), default=1.0) or 1.0
    scored.sort(key=lambda item: (-item[0], item[3][0].start if item[3] else 0))
    return tuple(
        Entity(
            id=f"e{i + 1}",
            name=name,
            label="GPE" if c.label == "LOC" and place_name(name) else c.label,
            mentions=mentions,
            salience=round(score / top, 3),
            role=c.role,
            in_headline=in_headline,
        )
        for i, (score, c, name, mentions, in_headline) in enumerate(scored)
    )


def _word_in(needle: str, haystack: str) -> bool:
    return bool(needle) and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None
