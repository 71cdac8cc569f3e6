"""Key points: the sentences of the body a reader needs first, word for word."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.document import Document
from newsbrief.keypoints.features import sentence_features
from newsbrief.keypoints.rank import KeyPointModel, load_model
from newsbrief.keypoints.select import select

__all__ = ["KeyPoint", "KeyPointModel", "extract_key_points", "load_model"]


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A key point: the sentence as written, final full stop dropped, and where it stands."""

    text: str
    sentence: int
    start: int
    end: int
    score: float


def extract_key_points(
    doc: Document,
    n: int = 3,
    model: KeyPointModel | None = None,
    tokens: Sequence[list[str]] | None = None,
) -> tuple[KeyPoint, ...]:
    """The ``n`` best key points of ``doc`` in article order (fewer if the article is shorter);
    ``tokens``: the sentences' words when already made (``document.sentence_words``)."""
    if n <= 0:
        return ()
    model = model or load_model()
    candidates = sentence_features(doc, tokens)
    # A sentence that is nothing but its full stop (a body of ".") says nothing: never a key point.
    scores = [
        score if _drop_final_stop(sentence.text).strip() else -math.inf
        for score, sentence in zip(model.score(candidates), candidates.sentences, strict=True)
    ]
    return tuple(
        KeyPoint(
            text=_drop_final_stop(sentence.text),
            sentence=sentence.index,
            start=sentence.start,
            end=sentence.end,
            score=round(scores[row], 4),
        )
        for row in select(candidates, scores, n, model.selection)
        for sentence in (candidates.sentences[row],)
    )


def _drop_final_stop(text: str) -> str:
    # The seed form drops a single final full stop; "?", "!" and an ellipsis carry meaning.
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1]
    return text
