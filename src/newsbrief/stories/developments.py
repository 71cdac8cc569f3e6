"""The story brief: the few key points a reader of the whole story needs, each said once.

A development is a key point of one of the story's articles that (1) is about the story, not an
aside: its words are close to everything the story's articles put first; (2) was not said
before in other words: it means the same as no key point of an older article; (3) says what no
other development says. Meaning is compared as the cosine of the two sentences' content stems
weighted by rarity, in the language and in the story (``meanings``): at ``SAME_MEANING`` or
above, two sentences say the same thing. Up to ``DEVELOPMENTS`` are kept, the strongest first,
shown newest first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from newsbrief.keywords import Background, load_background
from newsbrief.nlp.words import content_terms
from newsbrief.stories.vectors import Vector, cosine, unit

DEVELOPMENTS = 5
SAME_MEANING = 0.6
# A lead point weighs more than the article's later ones, a newer article more than an older.
POSITION_WEIGHTS = (1.0, 0.85, 0.7)
RECENCY_WEIGHT = 0.25


def meanings(texts: Sequence[str], background: Background | None = None) -> list[Vector]:
    """The story's sentences ``texts`` as unit-length content stems weighted by rarity, in the
    language (the keyword background's IDF) and in the story itself (how few of ``texts`` hold
    the stem): the names every sentence of a story repeats say what it is about, not what
    happened, so two sentences that share only those do not say the same thing."""
    background = background or load_background()
    counted = [Counter(content_terms(text)) for text in texts]
    holding = Counter(term for counts in counted for term in counts)
    total = len(texts)
    return [
        unit(
            {
                term: (1.0 + math.log(n)) * background.idf(term) * math.log((1.0 + total) / holding[term])
                for term, n in counts.items()
            }
        )
        for counts in counted
    ]


def same_meaning(a: Vector, b: Vector) -> bool:
    """Whether two sentences (their ``meanings`` vectors) say the same thing."""
    return cosine(a, b) >= SAME_MEANING


def choose(points: Sequence[tuple[int, int, Vector]], limit: int = DEVELOPMENTS) -> list[int]:
    """Which of ``points`` make the story brief, newest first, as indexes into ``points``.

    Each point is ``(article rank, position in its article's key points, its meaning)``, the
    article rank counting from the oldest article (0). Every key point of every article is
    given, the repeated ones too: repetition is how the story's centre shows.
    """
    if not points:
        return []
    vectors = [vector for _, _, vector in points]
    centre: Vector = {}
    for vector in vectors:
        for term, weight in vector.items():
            centre[term] = centre.get(term, 0.0) + weight
    newest = max(rank for rank, _, _ in points) or 1
    scored = []
    for i, (rank, position, _) in enumerate(points):
        told_before = any(
            points[j][0] < rank and same_meaning(vectors[i], vectors[j]) for j in range(len(points))
        )
        if told_before or not vectors[i]:
            continue
        weight = POSITION_WEIGHTS[min(position, len(POSITION_WEIGHTS) - 1)]
        recency = 1.0 - RECENCY_WEIGHT + RECENCY_WEIGHT * rank / newest
        scored.append((cosine(vectors[i], centre) * weight * recency, i))
    chosen: list[int] = []
    for _, i in sorted(scored, key=lambda si: (-si[0], si[1])):
        if len(chosen) >= limit:
            break
        if not any(same_meaning(vectors[i], vectors[j]) for j in chosen):
            chosen.append(i)
    return sorted(chosen, key=lambda i: (-points[i][0], points[i][1]))
