"""Score candidate sentences with the shipped (or a user-trained) key-point model.

A model is a small JSON file written by ``training/train_keypoints.py``: the feature names it was
trained on, two linear scorers over those features (one for articles with a headline, one for
articles without: with a headline the lede is already told and the headline says what matters),
and the selection settings tuned with them. Scoring is plain Python, so the core install needs
nothing more.
"""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsbrief.errors import InputError
from newsbrief.keypoints.features import FEATURES, HAS_HEADLINE, Candidates

MODEL_FORMAT = "newsbrief-keypoints/2"
DEFAULT_MODEL = "model.json"


@dataclass(frozen=True, slots=True)
class Selection:
    """How picks are made from scores: redundancy penalties tuned together with the model."""

    redundancy: float = 0.8  # score penalty per unit of overlap with an earlier pick
    duplicate_overlap: float = 0.6  # overlap at which a candidate counts as a repeat and is skipped


@dataclass(frozen=True, slots=True)
class Linear:
    """``offset + sum(coef[i] * feature[i])`` over raw (unscaled) feature values."""

    coef: tuple[float, ...]
    offset: float

    def __call__(self, values: tuple[float, ...]) -> float:
        return self.offset + float(sum(map(operator.mul, self.coef, values)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        coef = tuple(float(x) for x in data["coef"])
        if len(coef) != len(FEATURES):
            raise ValueError(f"{len(coef)} coefficients for {len(FEATURES)} features")
        return cls(coef=coef, offset=float(data.get("offset", 0.0)))


@dataclass(frozen=True, slots=True)
class KeyPointModel:
    """The key-point scorer: one linear model for headlined articles, one for the rest."""

    plain: Linear
    headline: Linear
    selection: Selection
    source: str

    def score(self, candidates: Candidates) -> list[float]:
        """One score per candidate; only the order within an article matters."""
        if not candidates.rows:
            return []
        scorer = self.headline if candidates.rows[0][HAS_HEADLINE] else self.plain
        return list(map(scorer, candidates.rows))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> KeyPointModel:
        if data.get("format") != MODEL_FORMAT:
            raise InputError(f"{source}: not a newsbrief key-point model (format {data.get('format')!r})")
        if tuple(data.get("features", ())) != FEATURES:
            raise InputError(f"{source}: the model was trained on other features than this version computes")
        sel = data.get("selection", {})
        default = Selection()
        return cls(
            plain=Linear.from_dict(data["plain"]),
            headline=Linear.from_dict(data["headline"]),
            selection=Selection(
                redundancy=float(sel.get("redundancy", default.redundancy)),
                duplicate_overlap=float(sel.get("duplicate_overlap", default.duplicate_overlap)),
            ),
            source=source,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "features": list(FEATURES),
            "plain": {"coef": list(self.plain.coef), "offset": self.plain.offset},
            "headline": {"coef": list(self.headline.coef), "offset": self.headline.offset},
            "selection": {
                "redundancy": self.selection.redundancy,
                "duplicate_overlap": self.selection.duplicate_overlap,
            },
        }


@lru_cache(maxsize=8)
def load_model(path: str | None = None) -> KeyPointModel:
    """Load a model file once per process; ``None`` is the model shipped in the package."""
    if path is None:
        text = resources.files("newsbrief.keypoints").joinpath(DEFAULT_MODEL).read_text(encoding="utf-8")
        source = f"newsbrief/keypoints/{DEFAULT_MODEL}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read model {path}: {exc.strerror or exc}") from exc
        source = path
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: invalid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{source}: not a newsbrief key-point model")
    try:
        return KeyPointModel.from_dict(data, source)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{source}: malformed model ({type(exc).__name__}: {exc})") from exc
