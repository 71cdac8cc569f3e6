"""What the dictionaries hold, whatever file they came from: actors with dated codes, agents,
verb forms and their patterns, discards, and the phrase index words are looked up in."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsbrief.errors import InputError

NULL_CODES = frozenset({"---", "+++", "###"})  # codes that mean "no code"


class DictionaryError(InputError):
    """A dictionary file breaks the PETRARCH format; the message names the file and line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code that holds between two dates (ordinal YYYYMMDD, inclusive; None is open)."""

    code: str
    after: int | None = None
    before: int | None = None

    def holds(self, date: int) -> bool:
        return (self.after is None or date >= self.after) and (self.before is None or date <= self.before)


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor phrase and its code(s): ``codes`` are tried in order for the date, then ``default``.

    A null code ("---") still matches its words, so that they name nobody else.
    """

    phrase: tuple[str, ...]
    default: str | None
    dated: tuple[DatedCode, ...] = ()

    def code_on(self, date: int | None) -> str | None:
        if date is not None:
            for restriction in self.dated:
                if restriction.holds(date):
                    return None if restriction.code in NULL_CODES else restriction.code
        if self.default is None or self.default in NULL_CODES:
            return None
        return self.default


@dataclass(frozen=True, slots=True)
class Agent:
    """A role word and its agent code; ``prefix`` agents go before the actor ("NGO~": NGOARN)."""

    phrase: tuple[str, ...]
    code: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a verb pattern.

    ``kind``: "word" (any of ``options``, each a run of words), "source" ($), "target" (+),
    "skip" (^, a noun phrase skipped), "compound" (%, actors joined by "and"). ``joined``: the
    next element must follow at once (an underscore in the pattern).
    """

    kind: str
    options: tuple[tuple[str, ...], ...] = ()
    joined: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    """Words before (``pre``, in text order) and after (``post``) the verb, and the code they give.

    The last ``pre`` element with ``joined`` must stand right before the verb; ``touch`` says the
    first ``post`` element must stand right after it ("*_OUT").
    """

    pre: tuple[Element, ...]
    post: tuple[Element, ...]
    code: str
    line: int
    touch: bool = False

    @property
    def words(self) -> int:
        """How specific the pattern is: the words it needs."""
        return sum(len(max(e.options, key=len)) for e in (*self.pre, *self.post) if e.kind == "word")


@dataclass(frozen=True, slots=True)
class VerbForm:
    """One written form of a verb: its words ("CORDONED", "OFF"), which of them is the verb, the
    verb's own code (``None``: its block's) and its block."""

    words: tuple[str, ...]
    verb_index: int
    code: str | None
    block: int


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A verb synonym block: its name, default code and patterns (most specific first)."""

    name: str
    code: str | None
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase whose presence leaves a sentence (or, with ``story``, a whole article) uncoded."""

    words: str  # upper-cased, matched after a blank
    story: bool
    whole_word: bool


class PhraseIndex:
    """Phrases by their first word, longest first, for left-to-right longest-match lookup."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, phrase: tuple[str, ...], value: object) -> None:
        if phrase:
            self._by_first.setdefault(phrase[0], []).append((phrase, value))

    def finish(self) -> None:
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, words: list[str], at: int) -> tuple[int, object] | None:
        """The longest phrase starting at ``words[at]``: (its length, its value)."""
        for phrase, value in self._by_first.get(words[at], ()):
            n = len(phrase)
            if tuple(words[at : at + n]) == phrase:
                return n, value
        return None

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values())


@dataclass
class Dictionaries:
    """Everything the coder looks words up in. Build with ``read_dictionaries`` or ``merge``."""

    actors: PhraseIndex = field(default_factory=PhraseIndex)
    agents: PhraseIndex = field(default_factory=PhraseIndex)
    verbs: dict[str, list[VerbForm]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)
    discards: list[Discard] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Per block, the words its patterns need (any of them present lets a null-coded verb code).
    pattern_words: list[frozenset[str]] = field(default_factory=list)

    def finish(self) -> Dictionaries:
        self.actors.finish()
        self.agents.finish()
        self.pattern_words = [
            frozenset(w for p in b.patterns for e in (*p.pre, *p.post) for o in e.options for w in o)
            for b in self.blocks
        ]
        return self

    def may_code(self, verb: str, words: set[str]) -> bool:
        """Whether the written form ``verb`` can code an event in a sentence of ``words``: it has
        a code of its own, or its patterns need a word the sentence has."""
        for form in self.verbs.get(verb, ()):
            code = form.code or self.blocks[form.block].code
            if (code and code != "---") or self.pattern_words[form.block] & words:
                return True
        return False
