"""Which verb a word is, and which of its patterns the words around it fit.

A verb form is found in the dictionaries by its written form ("CORDONED OFF" is one verb). A
pattern is matched on the sentence's words the way TABARI and PETRARCH read them: the words before
``*`` in order somewhere before the verb, those after it in order within the verb's phrase, a
blank allowing words between two elements and an underscore forbidding them. ``$`` and ``+`` take
the actor standing there as source or target, ``^`` passes over a noun phrase, ``%`` needs actors
joined by "and". The most specific pattern that fits gives the code; none fitting, the verb's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.events.actors import Span
from newsbrief.events.dictionaries import Dictionaries, Element, Pattern, VerbForm
from newsbrief.events.parsed import Parsed, noun_head, word_head

NEGATIONS = frozenset({"NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR", "WITHOUT"})
_MAX_STEPS = 20_000  # a hostile dictionary cannot make one verb cost more than this


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """A verb found in a sentence: its words, its form, and the code its patterns give."""

    first: int  # word indexes of the whole verb ("cordoned off")
    last: int
    token: int  # the verb's token
    code: str | None
    pattern: Pattern | None
    source: int | None  # span indexes a pattern designated
    target: int | None
    acts: bool = False  # the verb itself codes an event, whatever its patterns say

    @property
    def negation_in_pattern(self) -> bool:
        if self.pattern is None:
            return False
        elements = (*self.pattern.pre, *self.pattern.post)
        return any(w in NEGATIONS for e in elements for option in e.options for w in option)


def find_verb(
    parsed: Parsed, dictionaries: Dictionaries, word: int
) -> tuple[int, int, list[VerbForm]] | None:
    """The dictionary verb (its first and last word, and forms) whose verb word is ``word``."""
    words = parsed.upper_words
    forms = dictionaries.verbs.get(words[word])
    if not forms:
        return None
    best: tuple[int, int, list[VerbForm]] | None = None
    for form in forms:
        first = word - form.verb_index
        last = first + len(form.words) - 1
        if first < 0 or last >= len(words) or tuple(words[first : last + 1]) != form.words:
            continue
        if best is None or last - first > best[1] - best[0]:
            best = (first, last, [form])
        elif (first, last) == best[:2]:
            best[2].append(form)
    return best


def match_verb(
    parsed: Parsed,
    dictionaries: Dictionaries,
    spans: Sequence[Span],
    first: int,
    last: int,
    forms: Sequence[VerbForm],
    token: int,
    scope_end: int,
) -> VerbMatch:
    """The code of the verb at words ``first``..``last``: the most specific pattern of its blocks
    that fits (post words searched up to word ``scope_end``), else its own or its block's code."""
    blocks = sorted({f.block for f in forms})
    patterns = sorted(
        (p for b in blocks for p in dictionaries.blocks[b].patterns), key=lambda p: (-p.words, p.line)
    )
    codes = [f.code or dictionaries.blocks[f.block].code for f in forms]
    code = next((c for c in codes if c and c != "---"), None)
    matcher = _Matcher(parsed, spans)
    for pattern in patterns:
        found = matcher.match(pattern, first, last, scope_end)
        if found is not None:
            return VerbMatch(first, last, token, pattern.code, pattern, *found, acts=code is not None)
    return VerbMatch(first, last, token, code, None, None, None, acts=code is not None)


class _Matcher:
    def __init__(self, parsed: Parsed, spans: Sequence[Span]) -> None:
        self.words = parsed.upper_words
        self.parsed = parsed
        self.spans = list(spans)
        self.starts = {s.first: k for k, s in enumerate(spans) if s.code}
        self.ends = {s.last: k for k, s in enumerate(spans) if s.code}
        self.steps = 0
        # Where a noun phrase or an "A and B" starting at a word ends: asked again and again
        # while a pattern is tried at every position, so worked out once.
        self._phrase_ends: dict[int, int | None] = {}
        self._compound_ends: dict[int, int | None] = {}

    def match(
        self, pattern: Pattern, first: int, last: int, scope_end: int
    ) -> tuple[int | None, int | None] | None:
        self.steps = 0
        roles: dict[str, int] = {}
        post_ok = self._forward(pattern.post, 0, last + 1, pattern.touch, scope_end, roles)
        if post_ok is None:
            return None
        roles = post_ok
        pre_ok = self._backward(pattern.pre, len(pattern.pre) - 1, first - 1, roles)
        if pre_ok is None:
            return None
        return pre_ok.get("source"), pre_ok.get("target")

    # Forward, for the words after the verb: element k may start at ``at`` (``fixed``) or later.
    def _forward(
        self, elements: Sequence[Element], k: int, at: int, fixed: bool, end: int, roles: dict[str, int]
    ) -> dict[str, int] | None:
        if k == len(elements):
            return roles
        element = elements[k]
        positions = [at] if fixed else range(at, end + 1)
        for p in positions:
            self.steps += 1
            if self.steps > _MAX_STEPS:
                return None
            for after, role in self._at(element, p, end):
                found = self._forward(elements, k + 1, after, element.joined, end, {**roles, **role})
                if found is not None:
                    return found
        return None

    def _at(self, element: Element, p: int, end: int) -> list[tuple[int, dict[str, int]]]:
        """Where matching ``element`` at word ``p`` leaves off, and the actor it designates."""
        if p > end or p >= len(self.words):
            return []
        if element.kind == "word":
            return [
                (p + len(option), {})
                for option in element.options
                if tuple(self.words[p : p + len(option)]) == option and p + len(option) - 1 <= end
            ]
        if element.kind in ("source", "target"):
            k = self.starts.get(p)
            return [] if k is None else [(self.spans[k].last + 1, {element.kind: k})]
        if element.kind == "skip":
            after = self._phrase_end(p)
            return [] if after is None else [(after, {})]
        if element.kind == "compound":
            after = self._compound_end(p)
            return [] if after is None else [(after, {})]
        return []

    def _phrase_end(self, p: int) -> int | None:
        """After the noun phrase that starts at word ``p`` (a span, or a noun and its modifiers)."""
        if p not in self._phrase_ends:
            self._phrase_ends[p] = self._find_phrase_end(p)
        return self._phrase_ends[p]

    def _find_phrase_end(self, p: int) -> int | None:
        k = self.starts.get(p)
        start_after = self.spans[k].last + 1 if k is not None else p + 1
        token = self.parsed.words[p].first
        tok = self.parsed.tokens[token]
        if k is None and not (
            tok.tag.startswith(("NN", "PRP", "CD")) or tok.dep in {"dobj", "pobj", "nsubj"}
        ):
            return None
        head = noun_head(self.parsed, token)
        head_word = self.parsed.word_of.get(head, p)
        return max(start_after, head_word + 1)

    def _compound_end(self, p: int) -> int | None:
        """After "A and B" (or "A, the evil B and C") when the actor at word ``p`` is the first
        of two or more the parse joins with "and"."""
        if p not in self._compound_ends:
            self._compound_ends[p] = self._find_compound_end(p)
        return self._compound_ends[p]

    def _find_compound_end(self, p: int) -> int | None:
        k = self.starts.get(p)
        if k is None:
            return None
        parsed = self.parsed
        top = noun_head(parsed, word_head(parsed, self.spans[k].first, self.spans[k].last))
        while parsed.tokens[top].dep == "conj" and parsed.tokens[top].head != top:
            top = parsed.tokens[top].head
        group = set(parsed.subtree(top))
        members = [
            s for s in self.spans if s.code and s.kind == "actor" and parsed.words[s.first].first in group
        ]
        if len(members) < 2 or min(s.first for s in members) != p:
            return None
        conjoined = {noun_head(parsed, word_head(parsed, s.first, s.last)) for s in members}
        if len(conjoined) < 2:
            return None
        return max(s.last for s in members) + 1

    # Backward, for the words before the verb: element k must end at ``at`` or before it.
    def _backward(
        self, elements: Sequence[Element], k: int, at: int, roles: dict[str, int]
    ) -> dict[str, int] | None:
        if k < 0:
            return roles
        element = elements[k]
        fixed = element.joined
        positions = [at] if fixed else range(at, -1, -1)
        for q in positions:
            self.steps += 1
            if self.steps > _MAX_STEPS:
                return None
            for before, role in self._ending_at(element, q):
                found = self._backward(elements, k - 1, before, {**roles, **role})
                if found is not None:
                    return found
        return None

    def _ending_at(self, element: Element, q: int) -> list[tuple[int, dict[str, int]]]:
        """Where matching ``element`` so that it ends at word ``q`` begins (minus one)."""
        if q < 0:
            return []
        if element.kind == "word":
            return [
                (q - len(option), {})
                for option in element.options
                if q - len(option) + 1 >= 0 and tuple(self.words[q - len(option) + 1 : q + 1]) == option
            ]
        if element.kind in ("source", "target"):
            k = self.ends.get(q)
            return [] if k is None else [(self.spans[k].first - 1, {element.kind: k})]
        if element.kind in ("skip", "compound"):
            for start in range(q, max(-1, q - 8), -1):
                after = self._phrase_end(start) if element.kind == "skip" else self._compound_end(start)
                if after == q + 1:
                    return [(start - 1, {})]
        return []
