"""Pick key points from scored sentences without near-duplicates (maximal marginal relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import repeat

from newsbrief.keypoints.features import Candidates
from newsbrief.keypoints.rank import Selection


def _overlaps(terms: Sequence[frozenset[str]], rows: list[int], chosen: int) -> list[float]:
    """For each of ``rows``: the share of the smaller term set (its or ``chosen``'s) found in the
    other, 1 when one contains the other. C-level maps: it runs once a pick over every candidate."""
    mine = terms[chosen]
    others = list(map(terms.__getitem__, rows))
    shared = map(len, map(mine.intersection, others))
    smaller = map(min, map(len, others), repeat(len(mine)))
    return [s / m if m else 0.0 for s, m in zip(shared, smaller, strict=True)]


def select(
    candidates: Candidates, scores: Sequence[float], n: int, settings: Selection | None = None
) -> list[int]:
    """Greedily take the best-scoring candidate that does not repeat earlier picks; returns the
    picked rows in article order."""
    settings = settings or Selection()
    # Best first; a stable sort, so equal scores keep article order.
    pool = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    # Each candidate's overlap with its closest pick so far, updated with each new pick only.
    redundancy = [0.0] * len(pool)
    picked: list[int] = []
    while pool and len(picked) < n:
        values = [
            scores[row] - settings.redundancy * seen if seen < settings.duplicate_overlap else -math.inf
            for row, seen in zip(pool, redundancy, strict=True)
        ]
        best = max(range(len(pool)), key=values.__getitem__)  # the first of equals
        if values[best] == -math.inf:
            break
        chosen = pool.pop(best)
        del redundancy[best]
        picked.append(chosen)
        redundancy = list(map(max, redundancy, _overlaps(candidates.terms, pool, chosen)))
    return sorted(picked)
