"""Readers for PETRARCH-format dictionaries: actors, agents, verbs (with patterns) and discards.

The format is PETRARCH2's (``dictionaries.rst`` in openeventdata/petrarch2), itself TABARI's: so
users can bring the Phoenix dictionaries, the PETRARCH validation ones, or their own. Words are
matched upper-cased and whole; an underscore or a blank joins the words of a phrase. A file that
breaks the format is a ``DictionaryError`` naming the file and line; oddities the published
dictionaries contain (a seven-digit date, a code with letters) are kept or skipped, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief.errors import InputError

# A date restriction: "<950601", ">20130119", "19950601 - 19990815" (YYMMDD or YYYYMMDD).
_DATE = r"\d{6}(?:\d{2})?"
_RESTRICTION = re.compile(
    rf"^\s*(?P<code>[^\s<>\d\]][^\s<>\]]*)?\s*(?:(?P<op>[<>])\s*(?P<d1>{_DATE})|(?P<lo>{_DATE})\s*-\s*(?P<hi>{_DATE}))?\s*$"
)
_CODE_BLOCK = re.compile(r"\[([^\[\]]*)\]")
_VOWELS = frozenset("AEIOU")
_NULL_CODES = frozenset({"---", "+++", "###"})


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
                    return None if restriction.code in _NULL_CODES else restriction.code
        if self.default is None or self.default in _NULL_CODES:
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


# --- shared pieces ---------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines without comments (``#`` to the end; XML-style ``<!-- -->`` lines)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(str(path), 0, f"cannot be read ({exc.strerror or exc})") from exc
    if "\x00" in text:
        raise DictionaryError(str(path), 1, "is binary, not a dictionary")
    for number, raw in enumerate(text.splitlines(), 1):
        line = _uncommented(raw).rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith(("<!", "-->", "<", "</")):
            continue
        yield number, line


def _uncommented(line: str) -> str:
    """The line up to a ``#`` that is not inside a [code] ("[###]" is a code, not a comment)."""
    depth = 0
    for i, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "#" and depth == 0:
            return line[:i]
    return line


def _words(phrase: str) -> tuple[str, ...]:
    """ "CARAS GALADHON" or "CARAS_GALADHON" -> ("CARAS", "GALADHON")."""
    return tuple(w for w in re.split(r"[_\s]+", phrase.upper()) if w)


def _date(text: str) -> int:
    """YYYYMMDD or YYMMDD as an ordinal YYYYMMDD (a two-digit year below 30 is 20YY)."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    return int(text)


def _plurals(word: str) -> tuple[str, ...]:
    """Regular plurals as PETRARCH makes them: +S, Y -> IES, SS -> ES."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in _VOWELS:
        return (word[:-1] + "IES",)
    if word.endswith(("SS", "SH", "CH", "X")):
        return (word + "ES",)
    return (word + "S",)


def verb_forms(verb: str) -> tuple[str, ...]:
    """The regular forms of an English verb: base, -s, -ed, -ing (doubling a final consonant too)."""
    forms = {verb}
    if verb.endswith("E"):
        forms |= {verb + "S", verb + "D", verb[:-1] + "ING"}
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"}
    elif verb.endswith(("SS", "SH", "CH", "X", "Z")):
        forms |= {verb + "ES", verb + "ED", verb + "ING"}
    else:
        forms |= {verb + "S", verb + "ED", verb + "ING"}
        if len(verb) > 2 and verb[-1] not in _VOWELS | {"W", "X", "Y"} and verb[-2] in _VOWELS:
            forms |= {verb + verb[-1] + "ED", verb + verb[-1] + "ING"}
    return tuple(sorted(forms))


def _code_in(path: str, number: int, line: str) -> tuple[str, str | None]:
    """(The line without its first [code], that code) - a bracket left open is an error; a stray
    closing one (the published Phoenix files have a few: "+FAEROYENE]_") is dropped, and a code
    closed with a brace ("[~ENV}", also in PETRARCH's own documentation) is read as a code."""
    line = re.sub(r"\[([^\[\]{}]*)\}", r"[\1]", line)
    opened, closed = line.count("["), line.count("]")
    if opened > closed:
        raise DictionaryError(path, number, f"a [code] left open in {line.strip()!r}")
    while closed > opened:
        cut = line.rfind("]") if _CODE_BLOCK.search(line) is None else line.find("]")
        line = line[:cut] + line[cut + 1 :]
        closed -= 1
    match = _CODE_BLOCK.search(line)
    if match is None:
        return line, None
    return line[: match.start()] + line[match.end() :], match.group(1).strip().upper()


# --- actors ----------------------------------------------------------------------------------


def read_actors(path: Path, into: Dictionaries) -> None:
    """Actor records: a primary phrase, ``+`` synonyms, then tab-indented date restrictions."""
    name = str(path)
    group: list[tuple[str, ...]] = []
    default: str | None = None
    dated: list[DatedCode] = []

    def close() -> None:
        entry_default = default
        for phrase in group:
            into.actors.add(phrase, Actor(phrase, entry_default, tuple(dated)))

    for number, line in _lines(path):
        line = line.split(";", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0].isspace():
            if not group:
                raise DictionaryError(name, number, "a date restriction with no actor above it")
            for block in _blocks(name, number, line):
                restriction = _restriction(name, number, block, into)
                if restriction is None:
                    continue
                if restriction.after is None and restriction.before is None:
                    default = restriction.code
                else:
                    dated.append(restriction)
            continue
        text, _ = _code_in(name, number, line)  # checks the brackets
        codes = [_restriction(name, number, b, into) for b in _CODE_BLOCK.findall(line)]
        text = _CODE_BLOCK.sub(" ", line).strip()
        plain = next((c.code for c in codes if c is not None and c.after is None and c.before is None), None)
        restrictions = [c for c in codes if c is not None and (c.after is not None or c.before is not None)]
        if text.startswith("+"):
            if not group:
                raise DictionaryError(name, number, "a synonym (+) with no actor above it")
            group.append(_words(text[1:]))
            default = plain or default
            dated.extend(restrictions)
            continue
        close()
        group, dated = [_words(text)], restrictions
        default = plain
        if not group[0]:
            raise DictionaryError(name, number, "an actor code with no phrase")
    close()


def _blocks(path: str, number: int, line: str) -> list[str]:
    if line.count("[") > line.count("]"):
        raise DictionaryError(path, number, f"a [code] left open in {line.strip()!r}")
    blocks = _CODE_BLOCK.findall(line)
    if not blocks:
        raise DictionaryError(path, number, f"expected a [code] restriction, found {line.strip()!r}")
    return blocks


def _restriction(path: str, number: int, block: str, into: Dictionaries) -> DatedCode | None:
    match = _RESTRICTION.match(block)
    if match is None or not match.group("code"):
        into.warnings.append(f"{path}:{number}: restriction [{block}] not understood; skipped")
        return None
    code = match.group("code").upper()
    if match.group("op") == "<":
        return DatedCode(code, before=_date(match.group("d1")))
    if match.group("op") == ">":
        return DatedCode(code, after=_date(match.group("d1")))
    if match.group("lo"):
        return DatedCode(code, after=_date(match.group("lo")), before=_date(match.group("hi")))
    return DatedCode(code)


# --- agents ----------------------------------------------------------------------------------

_SUBSTITUTION = re.compile(r"^\s*!(\w+)!\s*=\s*(.+)$")


def read_agents(path: Path, into: Dictionaries) -> None:
    """Agent lines: ``PHRASE {plural} [~CODE]`` (or ``[CODE~]``), and ``!SET! = A, B`` markers."""
    name = str(path)
    sets: dict[str, list[str]] = {}
    for number, line in _lines(path):
        substitution = _SUBSTITUTION.match(line)
        if substitution:
            sets[substitution.group(1).upper()] = [
                w.strip().upper() for w in substitution.group(2).split(",")
            ]
            continue
        text, code = _code_in(name, number, line)
        code = (code or "").replace(" ", "")
        if "~" not in code:
            # The published Phoenix file has an agent or two without a code; they code nothing.
            into.warnings.append(f"{name}:{number}: agent {text.strip()!r} has no [~CODE]; skipped")
            continue
        prefix = code.endswith("~")
        code = code.strip("~")
        plural: list[str] | None = None
        brace = re.search(r"\{([^{}]*)\}", text)
        if brace:
            plural = [p for p in brace.group(1).split() if p]
            text = text[: brace.start()] + text[brace.end() :]
        base = text.strip()
        if not base:
            raise DictionaryError(name, number, "an agent code with no phrase")
        for variant in _substitute(base.upper(), sets):
            words = _words(variant)
            into.agents.add(words, Agent(words, code, prefix))
            if plural is None and not brace and "!" not in base:
                for form in _plurals(words[-1]):
                    into.agents.add((*words[:-1], form), Agent((*words[:-1], form), code, prefix))
        for form in plural or ():
            words = _words(form)
            into.agents.add(words, Agent(words, code, prefix))


def _substitute(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", phrase)
    if match is None:
        return [phrase]
    options = sets.get(match.group(1), [])
    return [
        v for o in options for v in _substitute(phrase[: match.start()] + o + phrase[match.end() :], sets)
    ]


# --- discards --------------------------------------------------------------------------------


def read_discards(path: Path, into: Dictionaries) -> None:
    """One phrase a line; ``+`` makes it discard the whole story; a final ``_`` a whole word."""
    for _number, line in _lines(path):
        text = line.strip()
        story = text.startswith("+")
        text = text.lstrip("+").strip()
        whole = text.endswith("_")
        words = " ".join(_words(text))
        if words:
            into.discards.append(Discard(words, story, whole))


# --- verbs -----------------------------------------------------------------------------------


def read_verbs(path: Path, into: Dictionaries) -> None:
    """Synsets (``&NAME`` then ``+`` phrases), verb blocks (``--- NAME [CODE] ---``), verb lines,
    patterns (``- pre * post [CODE]``); transformations (``~``) are read past."""
    name = str(path)
    synsets: dict[str, list[tuple[str, ...]]] = {}
    synset: str | None = None
    plurals = True
    block: int | None = None
    pending: list[tuple[int, str]] = []  # pattern lines of the open block, parsed when it closes

    def close_block() -> None:
        nonlocal pending
        if block is not None:
            current = into.blocks[block]
            parsed = [_pattern(name, n, text, synsets) for n, text in pending]
            patterns = tuple(sorted((p for p in parsed if p is not None), key=lambda p: (-p.words, p.line)))
            into.blocks[block] = VerbBlock(current.name, current.code, patterns)
        pending = []

    for number, line in _lines(path):
        stripped = line.strip()
        if stripped.startswith("&"):
            # "&PREPOSIT1_" is used as "&PREPOSIT1": the underscore only stops plurals.
            label = stripped.split()[0].upper()
            synset = label.rstrip("_")
            synsets[synset] = []
            plurals = not label.endswith("_")
            continue
        if synset is not None and stripped.startswith("+"):
            synsets[synset].extend(_synset_phrases(stripped[1:], plurals, synsets))
            continue
        synset = None
        if stripped.startswith("---"):
            close_block()
            _, code = _code_in(name, number, stripped)
            title = re.sub(r"\[[^\]]*\]|-", " ", stripped).split()
            block = len(into.blocks)
            into.blocks.append(VerbBlock(" ".join(title) or "?", code, ()))
            continue
        if stripped.startswith("~"):
            continue
        if stripped.startswith("-"):
            if block is None:
                raise DictionaryError(name, number, "a pattern before any verb block (--- NAME [CODE] ---)")
            pending.append((number, stripped[1:]))
            continue
        if block is None:
            raise DictionaryError(name, number, f"a verb before any verb block: {stripped!r}")
        for form in _verb_line(name, number, stripped, block):
            into.verbs.setdefault(form.words[form.verb_index], []).append(form)
    close_block()


def _synset_phrases(
    text: str, plurals: bool, synsets: dict[str, list[tuple[str, ...]]]
) -> list[tuple[str, ...]]:
    text = text.strip().upper()
    if text.startswith("&"):
        return list(synsets.get(text.split()[0].rstrip("_"), []))
    words = _words(text)
    if not words:
        return []
    phrases = [words]
    if plurals and not text.endswith("_"):
        phrases += [(*words[:-1], p) for p in _plurals(words[-1])]
    return phrases


def _verb_line(path: str, number: int, text: str, block: int) -> list[VerbForm]:
    """``VERB {IRREGULAR FORMS} [CODE]``, or a phrase with ``+`` before the verb word."""
    rest, code = _code_in(path, number, text)
    irregular: list[str] = []
    brace = re.search(r"\{([^{}]*)\}", rest)
    if brace:
        irregular = brace.group(1).split()
        rest = rest[: brace.start()] + rest[brace.end() :]
    elif "{" in rest or "}" in rest:
        raise DictionaryError(path, number, f"unbalanced braces in {text!r}")
    phrase = rest.strip()
    if not phrase:
        raise DictionaryError(path, number, f"a verb line with no verb: {text!r}")
    if code is not None and code in _NULL_CODES:
        code = "---"
    forms: dict[tuple[str, ...], VerbForm] = {}
    for written in [phrase, *irregular]:
        parts = _words(written.replace("+", " +"))
        marked = [i for i, w in enumerate(parts) if w.startswith("+")]
        verb_index = marked[0] if marked else 0
        words = tuple(w.lstrip("+") for w in parts)
        if not words or not all(words):
            continue
        variants = verb_forms(words[verb_index]) if written is phrase else (words[verb_index],)
        for variant in variants:
            full = (*words[:verb_index], variant, *words[verb_index + 1 :])
            forms.setdefault(full, VerbForm(full, verb_index, code, block))
    return list(forms.values())


def _pattern(path: str, number: int, text: str, synsets: dict[str, list[tuple[str, ...]]]) -> Pattern | None:
    """A pattern line after its ``-``. PETRARCH2's (PREP NOUN) and {NOUN PHRASE} groups are read
    as their words in order; an underscore joins a word to the next element."""
    body, code = _code_in(path, number, text)
    if code is None:
        raise DictionaryError(path, number, f"a pattern without a [code]: {text.strip()!r}")
    # "*SCEPTICAL" (a missing blank, as in the published CAMEO file) is "* SCEPTICAL".
    body = re.sub(r"\*(?=[^\s_])", "* ", re.sub(r"(?<=[^\s_])\*", " *", body))
    tokens = re.sub(r"[(){}]", " ", body).split()
    elements: list[Element] = []
    verb_at = -1
    for token in tokens:
        pieces = token.split("_")
        for k, piece in enumerate(pieces):
            joined = k < len(pieces) - 1
            if piece == "":
                if k == 0 and elements:  # "_OUT": joined to what came before
                    elements[-1] = Element(elements[-1].kind, elements[-1].options, True)
                continue
            if piece == "*":
                if verb_at >= 0:
                    raise DictionaryError(path, number, f"two verb places (*) in {text.strip()!r}")
                verb_at = len(elements)
                elements.append(Element("verb", joined=joined))
                continue
            element = _element(piece.upper(), synsets, joined)
            if element is None:
                return None  # an undefined synset: PETRARCH ignores the pattern
            elements.append(element)
    if verb_at < 0:
        raise DictionaryError(path, number, f"a pattern without the verb's place (*): {text.strip()!r}")
    verb = elements[verb_at]
    return Pattern(
        tuple(elements[:verb_at]),
        tuple(elements[verb_at + 1 :]),
        code if code not in _NULL_CODES else "---",
        number,
        verb.joined,
    )


def _element(piece: str, synsets: dict[str, list[tuple[str, ...]]], joined: bool) -> Element | None:
    if piece == "$":
        return Element("source", joined=joined)
    if piece == "+":
        return Element("target", joined=joined)
    if piece == "^":
        return Element("skip", joined=joined)
    if piece == "%":
        return Element("compound", joined=joined)
    if piece.startswith("&"):
        options = synsets.get(piece.rstrip("_"))
        if options is None:
            return None
        return Element("word", tuple(options), joined)
    return Element("word", ((piece,),), joined)


# --- a directory -----------------------------------------------------------------------------

_KINDS = (
    ("verbs", read_verbs),
    ("actors", read_actors),
    ("agents", read_agents),
    ("discards", read_discards),
)


def _kind(file_name: str) -> str | None:
    lower = file_name.lower()
    if not lower.endswith(".txt"):
        return None
    if "verbs" in lower or lower.startswith("cameo"):
        return "verbs"
    for kind in ("actors", "agents", "discards"):
        if kind in lower:
            return kind
    return None


def dictionary_files(spec: str) -> list[tuple[str, Path]]:
    """The dictionary files ``spec`` names, by kind: a directory (all its ``*actors*.txt``,
    ``*agents*.txt``, ``*verbs*.txt`` or ``CAMEO*.txt`` and ``*discards*.txt``), a file, or a
    path prefix ("DIR/PETR." for the files of DIR whose names start so); several, comma-separated."""
    found: list[tuple[str, Path]] = []
    for item in (part.strip() for part in spec.split(",") if part.strip()):
        path = Path(item)
        if path.is_dir():
            candidates = sorted(path.iterdir())
        elif path.is_file():
            candidates = [path]
        elif path.parent.is_dir():
            candidates = sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name))
        else:
            raise DictionaryError(item, 0, "is neither a dictionary file nor a directory of them")
        matched = [(kind, p) for p in candidates if p.is_file() and (kind := _kind(p.name)) is not None]
        if not matched:
            raise DictionaryError(
                item, 0, "names no dictionary (*actors*, *agents*, *verbs*/CAMEO*, *discards* .txt)"
            )
        found.extend(matched)
    if not any(kind == "verbs" for kind, _ in found):
        raise DictionaryError(spec, 0, "names no verb dictionary (*verbs*.txt or CAMEO*.txt)")
    return found


def read_dictionaries(files: Iterable[tuple[str, Path]]) -> Dictionaries:
    """Read (kind, path) pairs into one Dictionaries."""
    readers = dict(_KINDS)
    into = Dictionaries()
    for kind, path in files:
        readers[kind](path, into)
        into.sources.append(str(path))
    return into.finish()
