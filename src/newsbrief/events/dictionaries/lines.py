"""The line format every PETRARCH dictionary file shares: comments, phrases of joined words,
[codes], dates, and the regular plural and verb forms the readers expand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newsbrief.events.dictionaries.entries import DictionaryError

CODE_BLOCK = re.compile(r"\[([^\[\]]*)\]")
_VOWELS = frozenset("AEIOU")


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
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


def phrase_words(phrase: str) -> tuple[str, ...]:
    """ "CARAS GALADHON" or "CARAS_GALADHON" -> ("CARAS", "GALADHON")."""
    return tuple(w for w in re.split(r"[_\s]+", phrase.upper()) if w)


def ordinal_date(text: str) -> int:
    """YYYYMMDD or YYMMDD as an ordinal YYYYMMDD (a two-digit year below 30 is 20YY)."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    return int(text)


def plural_forms(word: str) -> tuple[str, ...]:
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


def code_in(path: str, number: int, line: str) -> tuple[str, str | None]:
    """(The line without its first [code], that code) - a bracket left open is an error; a stray
    closing one (the published Phoenix files have a few: "+FAEROYENE]_") is dropped, and a code
    closed with a brace ("[~ENV}", also in PETRARCH's own documentation) is read as a code."""
    line = re.sub(r"\[([^\[\]{}]*)\}", r"[\1]", line)
    opened, closed = line.count("["), line.count("]")
    if opened > closed:
        raise DictionaryError(path, number, f"a [code] left open in {line.strip()!r}")
    while closed > opened:
        cut = line.rfind("]") if CODE_BLOCK.search(line) is None else line.find("]")
        line = line[:cut] + line[cut + 1 :]
        closed -= 1
    match = CODE_BLOCK.search(line)
    if match is None:
        return line, None
    return line[: match.start()] + line[match.end() :], match.group(1).strip().upper()
