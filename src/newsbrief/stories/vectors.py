"""What an article is about, as one sparse vector the clusterer compares: TF-IDF words of the
headline and body, the canonical names of its entities, and its keyphrases."""

from __future__ import annotations

import math
from collections import Counter

from newsbrief.brief import Brief
from newsbrief.keywords import Background
from newsbrief.nlp.words import content_terms

Vector = dict[str, float]

TITLE_WEIGHT = 2  # a headline word counts as two body words
ENTITY_WEIGHT = 1.5  # a name is surer evidence of one story than any word of it
KEYPHRASE_WEIGHT = 1.0
TERMS_KEPT = 60  # the strongest features are enough to compare, and keep memory flat
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"})


def article_vector(brief: Brief, background: Background) -> Vector:
    """The unit-length feature vector of ``brief``, its ``TERMS_KEPT`` strongest features only.

    Entity features are ``e:<name>`` (one per canonical entity, however it was written) and
    keyphrase features ``k:<stems>`` (phrases of two or more words), beside the plain stems.
    """
    counts: Counter[str] = Counter(content_terms(brief.body))
    for term in content_terms(brief.title or ""):
        counts[term] += TITLE_WEIGHT
    weights = {term: (1.0 + math.log(n)) * background.idf(term) for term, n in counts.items()}
    for entity in brief.entities:
        if entity.label not in ENTITY_LABELS:
            continue
        terms = content_terms(entity.name)
        if not terms:
            continue
        rarity = sum(background.idf(t) for t in terms) / len(terms)
        n = max(len(entity.mentions), 1) + (TITLE_WEIGHT if entity.in_headline else 0)
        weights["e:" + " ".join(terms)] = ENTITY_WEIGHT * (1.0 + math.log(n)) * rarity
    for keyword in brief.keywords:
        terms = content_terms(keyword.text)
        if len(terms) < 2:
            continue
        key = "k:" + " ".join(terms)
        if key not in weights:
            weights[key] = KEYPHRASE_WEIGHT * sum(background.idf(t) for t in terms) / len(terms)
    return unit(top(weights, TERMS_KEPT))


def top(weights: Vector, n: int) -> Vector:
    """The ``n`` heaviest features (ties broken by name, so the result never depends on order)."""
    if len(weights) <= n:
        return dict(weights)
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def unit(weights: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two vectors (neither need be unit length)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
