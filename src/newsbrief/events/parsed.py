"""A parsed sentence as the event coder reads it: tokens with their tag and dependency, and the
upper-cased words dictionaries are matched against ("al-Qaeda" is one word, "Dol_Amroth" two)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from newsbrief.nlp.spacy_pipeline import Arc

# Dependencies that modify a noun inside its own phrase ("the Gondor main opposition group",
# "Ithilen's militia"): the words an actor and its agents are read from.
NOUN_MODIFIERS = frozenset("compound amod nmod poss det nummod quantmod case nn predet".split())
PRONOUNS = frozenset("he she it they him her them we us i".split())
RELATIVES = frozenset("that which who whom whose".split())
_DATELINE = re.compile(r"^\(?[A-Z]{2,}\)(?=\w)")


@dataclass(frozen=True, slots=True)
class Token:
    """One token; offsets are into the sentence."""

    i: int
    text: str
    start: int
    end: int
    tag: str
    dep: str
    head: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_verb(self) -> bool:
        if self.tag:
            return self.tag.startswith("VB") or self.tag == "MD"
        return self.dep in {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "acl", "csubj"}

    @property
    def is_pronoun(self) -> bool:
        return self.tag in {"PRP"} or (not self.tag and self.lower in PRONOUNS)


@dataclass(frozen=True, slots=True)
class Word:
    """A dictionary word: upper-cased text and the tokens it covers (``first`` to ``last``)."""

    text: str
    first: int
    last: int


@dataclass
class Parsed:
    """A sentence, its tokens and words, and the tree's children lists."""

    text: str
    tokens: list[Token]
    words: list[Word]
    children: list[list[int]] = field(default_factory=list)
    word_of: dict[int, int] = field(default_factory=dict)  # token -> its first word
    _upper: list[str] = field(default_factory=list, repr=False)

    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def subtree(self, i: int, skip: frozenset[int] = frozenset()) -> Iterator[int]:
        """Token indexes under ``i`` (itself included), in no particular order, not entering ``skip``."""
        stack, seen = [i], set()
        while stack:
            t = stack.pop()
            if t in skip or t in seen:
                continue
            seen.add(t)
            yield t
            stack.extend(self.children[t])

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    @property
    def upper_words(self) -> list[str]:
        """The words' texts, the sequence dictionaries match against (built once)."""
        if len(self._upper) != len(self.words):
            self._upper = [w.text for w in self.words]
        return self._upper


def build_parsed(text: str, arcs: Sequence[Arc]) -> Parsed:
    """Tokens and words from a parse of ``text``."""
    tokens = [
        Token(i, text[a.start : a.end], a.start, a.end, a.tag, a.dep, a.head) for i, a in enumerate(arcs)
    ]
    children: list[list[int]] = [[] for _ in tokens]
    for t in tokens:
        if t.head != t.i:
            children[t.head].append(t.i)
    words: list[Word] = []
    word_of: dict[int, int] = {}
    i = 0
    while i < len(tokens):
        first = last = i
        # "al-Qaeda", "Barad-dur": a hyphen touching both neighbours joins them into one word.
        while (
            last + 2 < len(tokens)
            and tokens[last + 1].text == "-"
            and tokens[last + 1].start == tokens[last].end
            and tokens[last + 2].start == tokens[last + 1].end
        ):
            last += 2
        joined = text[tokens[first].start : tokens[last].end].upper()
        # "(CNN)Iran" - a dateline glued to the first word - is the word "IRAN".
        joined = _DATELINE.sub("", joined)
        word_of[first] = len(words)
        for piece in (p for p in joined.split("_") if p):
            words.append(Word(piece, first, last))
        for covered in range(first + 1, last + 1):
            word_of[covered] = word_of[first]
        i = last + 1
    return Parsed(text, tokens, words, children, word_of)


def _acyclic(heads: list[int]) -> list[int]:
    """The heads with every cycle broken (its first token found becomes a root): a parser's
    tree has none, but a tree with one must not send the coder round it forever."""
    heads = list(heads)
    for start in range(len(heads)):
        path: list[int] = []
        on_path: set[int] = set()
        t = start
        while heads[t] != t and t not in on_path:
            on_path.add(t)
            path.append(t)
            t = heads[t]
        if t in on_path:  # came back to a token of this walk: a cycle
            heads[t] = t
    return heads


def word_head(parsed: Parsed, first_word: int, last_word: int) -> int:
    """The token that heads the tokens of words ``first_word``..``last_word`` (the one whose head
    lies outside them, or the last)."""
    first = parsed.words[first_word].first
    last = parsed.words[last_word].last
    inside = set(range(first, last + 1))
    for t in range(last, first - 1, -1):
        if parsed.tokens[t].head not in inside or parsed.tokens[t].head == t:
            return t
    return last


def noun_head(parsed: Parsed, token: int) -> int:
    """Climb from a token through the modifiers of a noun phrase to the phrase's head noun
    ("Osgiliath" in "Osgiliath soldiers" -> "soldiers")."""
    seen = {token}
    while parsed.tokens[token].dep in NOUN_MODIFIERS | {"appos"} and parsed.tokens[token].head not in seen:
        token = parsed.tokens[token].head
        seen.add(token)
    return token
