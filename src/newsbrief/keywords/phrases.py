"""Candidate keyphrases: runs of up to three content words within a sentence, scored."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsbrief.document import Document
from newsbrief.keywords.background import Background
from newsbrief.nlp.words import STOPWORDS, stem

# Words with inner hyphens, dots and apostrophes; a possessive "'s" is not part of the name.
_TOKEN = re.compile(r"[^\W_]+(?:['’.-](?![sS]\b)[^\W_]+)*", re.UNICODE)
# Only spaces may separate the words of one phrase: a comma or a dash ends it.
_JOINER = re.compile(r"[ \t]+")
MAX_WORDS = 3
TITLE_BOOST = 1.5


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored phrase: its stems (``key``), first surface form and its offsets in the body."""

    key: tuple[str, ...]
    text: str
    start: int | None
    end: int | None
    score: float


@dataclass(slots=True)
class _Seen:
    text: str
    start: int | None
    end: int | None
    count: int = 0
    first_sentence: int = 0
    capitalised: bool = False


def _is_content(token: str) -> bool:
    low = token.lower()
    return len(low) > 1 and low not in STOPWORDS and not low.replace(".", "").isdigit()


def _runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Maximal runs of content-word tokens separated by spaces only."""
    run: list[re.Match[str]] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        joined = bool(run) and _JOINER.fullmatch(text[previous_end : match.start()]) is not None
        if not _is_content(match.group()):
            if run:
                yield run
            run = []
        elif joined:
            run.append(match)
        else:
            if run:
                yield run
            run = [match]
        previous_end = match.end()
    if run:
        yield run


def _grams(text: str) -> Iterator[tuple[tuple[str, ...], int, int, bool]]:
    """Each phrase of ``text``: stems, span and whether every word is capitalised mid-sentence."""
    for run in _runs(text):
        for i in range(len(run)):
            for n in range(1, MAX_WORDS + 1):
                if i + n > len(run):
                    break
                words = run[i : i + n]
                key = tuple(stem(m.group().lower()) for m in words)
                # A capital at a sentence's first word proves nothing.
                capitalised = all(m.group()[:1].isupper() for m in words) and words[0].start() > 0
                yield key, words[0].start(), words[-1].end(), capitalised


def candidates(doc: Document, background: Background) -> list[Candidate]:
    """Every phrase that may stand as a keyword, scored by rarity, frequency and position."""
    seen: dict[tuple[str, ...], _Seen] = {}
    for sentence in doc.sentences:
        for key, s, e, capitalised in _grams(sentence.text):
            entry = seen.get(key)
            if entry is None:
                start, end = sentence.start + s, sentence.start + e
                entry = seen[key] = _Seen(doc.body[start:end], start, end, first_sentence=sentence.index)
            entry.count += 1
            entry.capitalised = entry.capitalised or capitalised
    title_keys: set[tuple[str, ...]] = set()
    title = doc.article.title or ""
    for key, s, e, _capitalised in _grams(title):
        title_keys.add(key)
        if key not in seen:
            seen[key] = _Seen(title[s:e], None, None, first_sentence=len(doc.sentences), capitalised=True)
    total = max(len(doc.sentences), 1)
    out = []
    for key, entry in seen.items():
        in_title = key in title_keys
        if len(key) > 1 and entry.count < 2 and not (entry.capitalised or in_title):
            continue
        rarity = sum(background.idf(term) for term in key)
        position = 1.0 + 1.0 / (1.0 + 10.0 * entry.first_sentence / total)
        # Repetition counts twice over (squared): tuned on the BBC/CNN dev references.
        score = rarity * (1.0 + math.log(max(entry.count, 1))) ** 2 * position
        if in_title:
            score *= TITLE_BOOST
        out.append(Candidate(key, entry.text, entry.start, entry.end, score))
    return out
