"""The learned half of the events layer: which PLOVER category a sentence reports, if any.

A model is a small ``.npz`` file written by ``training/train_events.py`` (numpy's own format, read
without pickle): a linear scorer over the features of ``events.features``, one column a category
(the 15 of PLOVER and ``NONE``), the inverse document frequencies of its word and character
features, the weight of each block, the softmax temperature that turns scores into a confidence,
a second scorer over the masked words alone (``gate``: the cheap first look that decides which
sentences are worth parsing), and the policy chosen with it in cross-validation (how sure of an act
the model must be to code one no verb pattern codes, or to recategorise one a pattern coded). The
rule coder still decides who acted on whom; the model says what kind of act it was, and finds the
acts the rules have no verb pattern for.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsbrief.errors import InputError, MissingExtraError

MODEL_FORMAT = "newsbrief-events/1"
DEFAULT_MODEL = "model.npz"
NONE = "NONE"
BLOCKS = ("w", "c", "p")


class EventModelError(InputError):
    """An event model file that cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class Category:
    """The model's reading of one sentence: the likeliest act (a PLOVER category, never
    ``NONE``), its probability (softmax, 0-1), the probability that the sentence reports no act
    at all (``none``), and every class's probability."""

    plover: str
    confidence: float
    none: float
    probabilities: dict[str, float]

    def of(self, plover: str | None) -> float:
        return self.probabilities.get(plover or "", 0.0)


class EventModel:
    """A trained sentence classifier (see the module docstring); build with ``load_event_model``."""

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any], source: str) -> None:
        import numpy as np

        self.source = source
        self.classes: tuple[str, ...] = tuple(str(c) for c in arrays["classes"])
        names = [str(f) for f in arrays["features"]]
        # Each block's features by their name without the block's prefix ("c: ab" -> " ab").
        self.index = {b: {n[2:]: i for i, n in enumerate(names) if n[:2] == b + ":"} for b in BLOCKS}
        self.size = len(names)
        self.idf = np.asarray(arrays["idf"], dtype=np.float32)
        self.weights = np.asarray(arrays["weights"], dtype=np.float32)
        self.bias = np.asarray(arrays["bias"], dtype=np.float32)
        if self.weights.shape != (len(names), len(self.classes)) or self.idf.shape != (len(names),):
            raise EventModelError(f"{source}: the model's arrays do not fit each other")
        if self.bias.shape != (len(self.classes),):
            raise EventModelError(f"{source}: the model's arrays do not fit each other")
        self.block_weights = {b: float(meta["block_weights"][b]) for b in BLOCKS}
        self.temperature = float(meta["temperature"])
        self.threshold = float(meta["threshold"])
        # Above this confidence, the model's category replaces a verb pattern's (never: > 1).
        self.override = float(meta.get("override", 2.0))
        # An act no pattern codes needs P(NONE) below this (and its confidence at least threshold).
        self.max_none = float(meta.get("max_none", 0.5))
        # The least probability at which the lexicon's category for a verb it knows is taken.
        self.lexicon_floor = float(meta.get("lexicon_floor", 0.05))
        # The first look: a text-only scorer (no parse), and how far below NONE an act may score.
        self.gate_weights: Any = None
        self.gate_bias: Any = None
        if "gate_weights" in arrays and "gate_bias" in arrays:
            self.gate_weights = np.asarray(arrays["gate_weights"], dtype=np.float32)
            self.gate_bias = np.asarray(arrays["gate_bias"], dtype=np.float32)
            if self.gate_weights.shape != self.weights.shape or self.gate_bias.shape != self.bias.shape:
                raise EventModelError(f"{source}: the model's arrays do not fit each other")
        self.gate_margin = float(meta.get("gate_margin", 0.0))
        self.meta = meta

    def gate(self, words: Counter[str]) -> bool:
        """The first look, before any parse, at a sentence's masked words (``features.word_counts``):
        may it report an act?"""
        if self.gate_weights is None or NONE not in self.classes:
            return True
        indexes, values = self.vector((words, Counter(), ()))
        scores = self.gate_bias + values @ self.gate_weights[indexes] if len(indexes) else self.gate_bias
        none = self.classes.index(NONE)
        best = max(float(v) for i, v in enumerate(scores) if i != none)
        return best > float(scores[none]) - self.gate_margin

    def vector(self, blocks: tuple[Counter[str], Counter[str], Iterable[str]]) -> tuple[Any, Any]:
        """The sparse feature vector as (indexes, values): TF-IDF (1 + log tf) in each text block,
        binary for the predicate, each block scaled to unit length and then by its weight."""
        import numpy as np

        parts_i: list[Any] = []
        parts_v: list[Any] = []
        words, chars, predicate = blocks
        for name, counts in (("w", words), ("c", chars), ("p", dict.fromkeys(predicate, 1))):
            index = self.index[name]
            found = [(index[f], n) for f, n in counts.items() if f in index]
            if not found:
                continue
            at = np.fromiter((i for i, _ in found), dtype=np.int64, count=len(found))
            tf = np.fromiter((n for _, n in found), dtype=np.float32, count=len(found))
            values = (1.0 + np.log(tf)) * self.idf[at]
            norm = float(np.sqrt(values @ values))
            if norm:
                parts_i.append(at)
                parts_v.append(values * (self.block_weights[name] / norm))
        if not parts_i:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(parts_i), np.concatenate(parts_v).astype(np.float32)

    def scores(self, blocks: tuple[Counter[str], Counter[str], Iterable[str]]) -> Any:
        """One decision score a class."""
        indexes, values = self.vector(blocks)
        if not len(indexes):
            return self.bias.copy()
        return values @ self.weights[indexes] + self.bias

    def classify(self, blocks: tuple[Counter[str], Counter[str], Iterable[str]]) -> Category:
        """The likeliest act of a sentence, the chance it reports none, and all probabilities."""
        import numpy as np

        scores = self.scores(blocks).astype(np.float64) / self.temperature
        scores -= scores.max()
        exp = np.exp(scores)
        probs = {c: float(p) for c, p in zip(self.classes, exp / exp.sum(), strict=True)}
        best = max((c for c in self.classes if c != NONE), key=probs.__getitem__)
        return Category(best, probs[best], probs.get(NONE, 0.0), probs)

    def reports_act(self, category: Category) -> bool:
        """Whether the model is sure enough of an act to code it where no verb pattern does."""
        return category.none < self.max_none and category.confidence >= self.threshold


def _read(path: Path, source: str) -> EventModel:
    try:
        import numpy as np
    except ImportError as exc:
        raise MissingExtraError("events", "nlp") from exc
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        meta = json.loads(str(arrays.pop("meta")))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EventModelError(f"{source}: not a readable newsbrief event model ({reason})") from exc
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise EventModelError(f"{source}: not a newsbrief event model (format {found!r})")
    missing = [k for k in ("classes", "features", "idf", "weights", "bias") if k not in arrays]
    if missing:
        raise EventModelError(f"{source}: the event model lacks {', '.join(missing)}")
    try:
        return EventModel(arrays, meta, source)
    except (KeyError, TypeError, ValueError) as exc:
        raise EventModelError(f"{source}: not a usable newsbrief event model ({exc})") from exc


@lru_cache(maxsize=4)
def load_event_model(path: str | None = None) -> EventModel:
    """The event model at ``path``, or the shipped one for ``None``; read once per process."""
    if path is None:
        with resources.as_file(resources.files("newsbrief.events").joinpath(DEFAULT_MODEL)) as shipped:
            return _read(shipped, f"newsbrief/events/{DEFAULT_MODEL}")
    return _read(Path(path), path)
