"""Actor files (``*actors*.txt``): a primary phrase, ``+`` synonyms, tab-indented date
restrictions of its code."""

from __future__ import annotations

import re
from pathlib import Path

from newsbrief.events.dictionaries.entries import Actor, DatedCode, Dictionaries, DictionaryError
from newsbrief.events.dictionaries.lines import (
    CODE_BLOCK,
    code_in,
    numbered_lines,
    ordinal_date,
    phrase_words,
)

# A date restriction: "<950601", ">20130119", "19950601 - 19990815" (YYMMDD or YYYYMMDD).
_DATE = r"\d{6}(?:\d{2})?"
_RESTRICTION = re.compile(
    rf"^\s*(?P<code>[^\s<>\d\]][^\s<>\]]*)?\s*(?:(?P<op>[<>])\s*(?P<d1>{_DATE})|(?P<lo>{_DATE})\s*-\s*(?P<hi>{_DATE}))?\s*$"
)


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

    for number, line in numbered_lines(path):
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
        text, _ = code_in(name, number, line)  # checks the brackets
        codes = [_restriction(name, number, b, into) for b in CODE_BLOCK.findall(line)]
        text = CODE_BLOCK.sub(" ", line).strip()
        plain = next((c.code for c in codes if c is not None and c.after is None and c.before is None), None)
        restrictions = [c for c in codes if c is not None and (c.after is not None or c.before is not None)]
        if text.startswith("+"):
            if not group:
                raise DictionaryError(name, number, "a synonym (+) with no actor above it")
            group.append(phrase_words(text[1:]))
            default = plain or default
            dated.extend(restrictions)
            continue
        close()
        group, dated = [phrase_words(text)], restrictions
        default = plain
        if not group[0]:
            raise DictionaryError(name, number, "an actor code with no phrase")
    close()


def _blocks(path: str, number: int, line: str) -> list[str]:
    if line.count("[") > line.count("]"):
        raise DictionaryError(path, number, f"a [code] left open in {line.strip()!r}")
    blocks = CODE_BLOCK.findall(line)
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
        return DatedCode(code, before=ordinal_date(match.group("d1")))
    if match.group("op") == ">":
        return DatedCode(code, after=ordinal_date(match.group("d1")))
    if match.group("lo"):
        return DatedCode(code, after=ordinal_date(match.group("lo")), before=ordinal_date(match.group("hi")))
    return DatedCode(code)
