"""How common each content term is in news at large: the inverse document frequency keywords
and stories weigh words by."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from newsbrief.errors import InputError


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of stemmed content terms over ``documents`` articles."""

    documents: int
    frequency: dict[str, int]

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; a term never counted weighs as the rarest."""
        return math.log((self.documents + 1) / (self.frequency.get(term, 1) + 1)) + 1.0


def parse_background(text: str) -> Background:
    """Read the ``term<TAB>count`` format of ``training/document_frequency.py``."""
    documents = 0
    frequency: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("# documents\t"):
            documents = int(line.split("\t", 1)[1])
        elif line and not line.startswith("#"):
            term, _, count = line.partition("\t")
            frequency[term] = int(count)
    if documents <= 0:
        raise InputError("background frequencies lack their '# documents' line")
    return Background(documents, frequency)


@lru_cache(maxsize=4)
def load_background(path: str | None = None) -> Background:
    """The shipped background (``None``) or one written by the training script to ``path``."""
    if path is None:
        text = files("newsbrief.keywords").joinpath("frequencies.txt").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_background(text)
