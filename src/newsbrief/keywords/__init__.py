"""Keywords: the few words and short phrases an article is about, scored, with body offsets.

A phrase is a run of up to three content words inside one sentence. Its score is how rare its
words are in news at large (``frequencies.txt``, counted by ``training/document_frequency.py``)
times how often and how early the article uses it; a capitalised name or a phrase from the
headline needs to appear once, a lower-case phrase twice, to stand as a phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbrief.document import Document
from newsbrief.keywords.background import Background, load_background
from newsbrief.keywords.phrases import Candidate, candidates

__all__ = ["DEFAULT_COUNT", "Background", "Keyword", "extract_keywords", "load_background"]

DEFAULT_COUNT = 10


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyphrase as first written in the body (``body[start:end] == text``), or in the
    headline only (``start``/``end`` None), with its score (higher is more salient)."""

    text: str
    score: float
    start: int | None = None
    end: int | None = None


def extract_keywords(
    doc: Document, count: int = DEFAULT_COUNT, background: Background | None = None
) -> tuple[Keyword, ...]:
    """The ``count`` most salient keyphrases of ``doc``, best first."""
    if count <= 0:
        return ()
    background = background or load_background()
    scored = sorted(candidates(doc, background), key=lambda c: (-c.score, c.key))
    chosen: list[Candidate] = []
    for cand in scored:
        if any(_overlaps(cand, kept) for kept in chosen):
            continue
        chosen.append(cand)
        if len(chosen) == count:
            break
    return tuple(Keyword(c.text, round(c.score, 4), c.start, c.end) for c in chosen)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    # "Kelly Holmes" after "Holmes" (or the other way round) says nothing new.
    shorter, longer = (a.key, b.key) if len(a.key) <= len(b.key) else (b.key, a.key)
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))
