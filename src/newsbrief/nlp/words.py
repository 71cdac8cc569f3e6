"""Word tokens and content words, the units the rankers compare."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, repeat

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

# Every word's content term, "" for a function word: a memo, so a token costs one dictionary
# lookup. It only grows (to _TERMS_MAX words, far more than news vocabulary uses), so a word seen
# once is never looked up twice and no reader ever finds an entry missing.
_TERMS: dict[str, str] = {}
_TERMS_MAX = 200_000
_MISSING = "\0"  # never a token
_FUNCTION_WORD = ("",)


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
    return [t for t in map(_term_table(tokens).__getitem__, tokens) if t]


def term_sets(sentences: Sequence[list[str]]) -> list[frozenset[str]]:
    """Each sentence's distinct content terms, from its lower-cased word tokens."""
    # Most words are in the memo already: look them up first, and only when one is missing make
    # the table that has them all.
    sets = [frozenset(map(_TERMS.get, tokens, repeat(_MISSING))) for tokens in sentences]
    if any(_MISSING in s for s in sets):
        lookup = _term_table(chain.from_iterable(sentences)).__getitem__
        sets = [frozenset(map(lookup, tokens)) for tokens in sentences]
    return [s.difference(_FUNCTION_WORD) for s in sets]


def _term_table(tokens: Iterable[str]) -> dict[str, str]:
    """A table that holds the term of every one of ``tokens``: the memo, or, once that is full,
    one made for these tokens alone."""
    present = set(tokens)
    missing = present.difference(_TERMS)
    if not missing:
        return _TERMS
    found = dict(zip(missing, map(_term, missing), strict=True))
    if len(_TERMS) + len(found) <= _TERMS_MAX:
        _TERMS.update(found)
        return _TERMS
    found.update((t, _TERMS[t]) for t in present - missing)
    return found


def _term(word: str) -> str:
    return "" if word in STOPWORDS or len(word) < 2 else stem(word)
