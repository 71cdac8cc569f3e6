"""What the event classifier reads of a sentence: three blocks of features, made the same way
when ``training/train_events.py`` trains it and when a brief codes an article.

- ``w:`` words and word pairs of the sentence with every named entity replaced by its label
  ("PERSON condemned the GPE decision"), so that the model learns the act, not who did it;
- ``c:`` character n-grams (2 to 5, inside words) of the same masked text, for the spellings and
  word forms the training sentences did not have;
- ``p:`` the predicate, read from the dependency parse: the main verb and the verbs it governs
  ("threatened to close"), their particles, objects and prepositions, and negation.

Word forms are cut to a crude stem ("condemned", "condemns" -> "condemn") so that one act's forms
share their features; no lemmatizer is needed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from newsbrief.events.parsed import Parsed

# (start, end, label) of each entity mention in the sentence, offsets into the sentence.
Mask = tuple[int, int, str]

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")
_SUFFIXES = ("ing", "ed", "es", "s")
# Dependencies through which the main verb passes its act on: "threatened to close" (xcomp),
# "said it would retaliate" (ccomp), "met and agreed" (conj), "..., warning that" (advcl).
_CHAIN = frozenset("xcomp ccomp conj advcl".split())
_OBJECTS = frozenset("dobj attr oprd".split())
MAX_CHAIN = 4


def stem(word: str) -> str:
    """A crude stem of a lower-cased word: one common inflection cut from a word of 3+ letters left."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def masked_text(text: str, mentions: Sequence[Mask]) -> str:
    """``text`` lower-cased with each mention replaced by its label and digits by 0."""
    out: list[str] = []
    at = 0
    for start, end, label in sorted(mentions):
        if start < at or end > len(text):
            continue  # overlapping or out of range: keep the words
        out.append(text[at:start].lower())
        out.append(f" {label} ")
        at = end
    out.append(text[at:].lower())
    return _DIGITS.sub("0", _SPACE.sub(" ", "".join(out)).strip())


def word_counts(masked: str) -> Counter[str]:
    """Words and pairs of adjacent words (sklearn's default token pattern)."""
    tokens = _WORD.findall(masked)
    counts = Counter(tokens)
    counts.update(f"{a} {b}" for a, b in pairwise(tokens))
    return counts


def char_counts(masked: str) -> Counter[str]:
    """Character n-grams of 2 to 5 inside each space-padded word (sklearn's ``char_wb``; a word
    shorter than n is one n-gram, itself)."""
    return Counter(
        padded[i : i + n]
        for padded in (f" {word} " for word in masked.split())
        for n in range(2, min(5, len(padded)) + 1)
        for i in range(len(padded) - n + 1)
    )


def text_blocks(text: str, mentions: Sequence[Mask]) -> tuple[Counter[str], Counter[str]]:
    """The word and character blocks of a text: what the first look reads, before any parse."""
    masked = masked_text(text, mentions)
    return word_counts(masked), char_counts(masked)


def predicate_features(
    parsed: Parsed, root: int | None = None, within: frozenset[int] | None = None
) -> set[str]:
    """The main verb (``root``, else the parse's) and what it governs; ``within`` limits them to
    one clause's tokens."""
    tokens = parsed.tokens
    chain: list[int] = []
    queue = [t.i for t in tokens if t.dep == "ROOT"] if root is None else [root]
    while queue and len(chain) < 4 * MAX_CHAIN:
        head = queue.pop(0)
        chain.append(head)
        queue.extend(
            c
            for c in parsed.children[head]
            if tokens[c].dep in _CHAIN
            and tokens[c].tag[:2] in ("VB", "NN", "JJ")
            and (within is None or c in within)
        )
    out: set[str] = set()
    for depth, head in enumerate(chain[:MAX_CHAIN]):
        verb = stem(tokens[head].lower)
        out.add("V=" + verb)
        if depth == 0:
            out.add("V0=" + verb)
        for c in parsed.children[head]:
            kid = tokens[c]
            word = stem(kid.lower)
            if kid.dep == "neg":
                out.update(("NEG", "NEG_" + verb))
            elif kid.dep == "prt":
                out.add(f"VP={verb}_{word}")
            elif kid.dep in _OBJECTS:
                out.update((f"VO={verb}_{word}", "O=" + word))
            elif kid.dep == "prep":
                out.add(f"VPREP={verb}_{word}")
                out.update(
                    f"PO={word}_{stem(tokens[g].lower)}"
                    for g in parsed.children[c]
                    if tokens[g].dep == "pobj"
                )
    out.update(
        "anyV=" + stem(t.lower)
        for t in tokens
        if t.tag.startswith("VB") and (within is None or t.i in within)
    )
    return out


def clause_features(
    parsed: Parsed, verb: int, tokens: frozenset[int], mentions: Sequence[Mask]
) -> tuple[Counter[str], Counter[str], set[str]]:
    """The blocks of one clause of a sentence: its own ``tokens`` (headed by ``verb``), read as if
    they were a sentence of their own ("... and urged both sides to withdraw")."""
    first, last = min(tokens), max(tokens)
    start, end = parsed.tokens[first].start, parsed.tokens[last].end
    inside = [(s - start, e - start, label) for s, e, label in mentions if s >= start and e <= end]
    words, chars = text_blocks(parsed.text[start:end], inside)
    return words, chars, predicate_features(parsed, verb, tokens)


def sentence_features(
    text: str, mentions: Sequence[Mask], parsed: Parsed | None
) -> tuple[Counter[str], Counter[str], set[str]]:
    """The three blocks (word counts, character counts, predicate features) of one sentence."""
    words, chars = text_blocks(text, mentions)
    return words, chars, predicate_features(parsed) if parsed else set()
