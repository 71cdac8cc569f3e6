"""Where a quote sits: its paragraph, its sentence and what comes after it, with the sentence
boundaries of the paragraph splitter."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsbrief.entities import Entity
from newsbrief.nlp.sentences import split_sentences
from newsbrief.nlp.spacy_pipeline import Parse
from newsbrief.quotes.quote import Quote


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """Where a quote sits: its paragraph, its sentence before it, and what follows it."""

    body: str
    start: int
    end: int
    para_start: int
    para_end: int
    sentence_start: int  # index just before the quote's sentence begins
    before: str  # the quote's sentence up to the opening mark
    after_at: int
    after: str  # the paragraph after the closing mark (up to 200 characters)
    ends_sentence: bool  # the quote closes its own sentence ("... now.")


Cue = tuple[str, int, str]  # (speaker phrase, where it starts in the body, cue word)
Mentions = list[tuple[int, int, Entity]]
Spans = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote to attribute, and all that a sieve may read to say who spoke it."""

    where: QuoteContext  # its paragraph and sentence, the words before and after it
    full_sentence: bool  # a quoted sentence, not a few words quoted inside one
    earlier: Sequence[Quote]  # the quotes before it, attributed
    mentions: Mentions  # the article's entity mentions outside quotation marks, in body order
    parse: Parse | None  # a dependency parser, when the caller gave one
    quoted: Spans  # every span inside quotation marks
    resolve: Callable[[Cue], Entity | None]  # a speaker phrase -> the entity it names


def quote_context(body: str, start: int, end: int, text: str) -> QuoteContext:
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    para_end = len(body) if para_end < 0 else para_end
    sentence_start = max(para_start - 1, start_of_sentence(body, start))
    # Past the closing mark, even where a space stands before it ('... for fun,\' " Spike Call').
    after_at = end
    while after_at < para_end and body[after_at].isspace():
        after_at += 1
    after_at = min(after_at + 1, para_end)
    after = body[after_at:para_end][:200]
    ends_sentence = (text.endswith(".") and not text.endswith("..")) or after.lstrip().startswith(
        (".", "!", "?")
    )
    before = body[sentence_start + 1 : max(sentence_start + 1, start - 1)]
    return QuoteContext(
        body, start, end, para_start, para_end, sentence_start, before, after_at, after, ends_sentence
    )


def opens_sentence(body: str, sentence_start: int, pos: int) -> bool:
    """At most two words stand between the sentence's start and ``pos``: a subject's place
    ("Then Tom Baker ...", "But Reuters ...")."""
    return len(body[sentence_start + 1 : pos].split()) <= 2


def end_of_sentence(body: str, pos: int, limit: int) -> int:
    """Index just after the sentence holding ``pos`` (at most ``limit``)."""
    para_start, spans = _sentences_around(body, pos)
    for start, end in spans:
        if para_start + start <= pos < para_start + end:
            return min(limit, para_start + end)
    return limit


def start_of_sentence(body: str, pos: int) -> int:
    """Index just before the sentence holding ``pos`` begins (the paragraph's splitter decides,
    so "6:30 p.m. Saturday" or "Mr Ebbers" never end a sentence)."""
    para_start, spans = _sentences_around(body, pos)
    starts = [start for start, _ in spans]
    i = bisect.bisect_right(starts, pos - para_start) - 1
    return para_start + (starts[i] if i >= 0 else 0) - 1


def _sentences_around(body: str, pos: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The start of the paragraph holding ``pos`` and its sentence spans (relative to it)."""
    para_start = body.rfind("\n", 0, pos) + 1
    para_end = body.find("\n", pos)
    return para_start, _paragraph_sentences(body[para_start : para_end if para_end >= 0 else len(body)])


@lru_cache(maxsize=512)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(paragraph))
