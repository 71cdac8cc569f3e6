"""Pick key points from scored sentences without near-duplicates (maximal marginal relevance)."""

from __future__ import annotations

from collections.abc import Sequence

from newsbrief.keypoints.features import SentenceFeatures
from newsbrief.keypoints.rank import Selection


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller term set found in the other (1 = one contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def select(
    features: Sequence[SentenceFeatures],
    scores: Sequence[float],
    n: int,
    settings: Selection | None = None,
) -> list[tuple[SentenceFeatures, float]]:
    """Greedily take the best-scoring sentence that does not repeat earlier picks; article order."""
    settings = settings or Selection()
    pool = sorted(zip(features, scores, strict=True), key=lambda pair: -pair[1])
    # Each candidate's overlap with its closest pick so far, updated with each new pick only.
    redundancy = [0.0] * len(pool)
    picked: list[tuple[SentenceFeatures, float]] = []
    while pool and len(picked) < n:
        best_i, best_value = -1, float("-inf")
        for i, ((_, score), seen) in enumerate(zip(pool, redundancy, strict=True)):
            if seen >= settings.duplicate_overlap:
                continue
            value = score - settings.redundancy * seen
            if value > best_value:
                best_i, best_value = i, value
        if best_i < 0:
            break
        chosen = pool.pop(best_i)
        del redundancy[best_i]
        picked.append(chosen)
        terms = chosen[0].terms
        redundancy = [
            max(seen, overlap(f.terms, terms)) for (f, _), seen in zip(pool, redundancy, strict=True)
        ]
    picked.sort(key=lambda pair: pair[0].sentence.index)
    return picked
