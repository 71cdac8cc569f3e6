"""Word tokens and content words, the units the rankers compare."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words carry no topic; a short list is enough for overlap and centrality scores.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own said same says she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves mr mrs ms s t would could may might must shall one two new year years
    told""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits, inner apostrophes kept)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper so that "sanctions" meets "sanction" and "warned" meets "warns"."""
    for suffix, keep in (("ies", 3), ("ing", 4), ("ed", 3), ("es", 3), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` without function words: what a sentence is about."""
    return terms_of(words(text))


def terms_of(tokens: list[str]) -> list[str]:
    """Content terms from already lower-cased word tokens (saves a second tokenisation)."""
    return [t for t in map(_term, tokens) if t]


@lru_cache(maxsize=131072)
def _term(word: str) -> str:
    """The content term of one word, "" for a function word: one cached lookup a token."""
    return "" if word in STOPWORDS or len(word) < 2 else stem(word)
