"""Agent files (``*agents*.txt``): role words with their codes, and ``!set! = ...`` word sets."""

from __future__ import annotations

import re
from pathlib import Path

from newsbrief.events.dictionaries.entries import Agent, Dictionaries, DictionaryError
from newsbrief.events.dictionaries.lines import code_in, numbered_lines, phrase_words, plural_forms

_SUBSTITUTION = re.compile(r"^\s*!(\w+)!\s*=\s*(.+)$")


def read_agents(path: Path, into: Dictionaries) -> None:
    """Agent lines: ``PHRASE {plural} [~CODE]`` (or ``[CODE~]``), and ``!SET! = A, B`` markers."""
    name = str(path)
    sets: dict[str, list[str]] = {}
    for number, line in numbered_lines(path):
        substitution = _SUBSTITUTION.match(line)
        if substitution:
            sets[substitution.group(1).upper()] = [
                w.strip().upper() for w in substitution.group(2).split(",")
            ]
            continue
        text, code = code_in(name, number, line)
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
            words = phrase_words(variant)
            into.agents.add(words, Agent(words, code, prefix))
            if plural is None and not brace and "!" not in base:
                for form in plural_forms(words[-1]):
                    into.agents.add((*words[:-1], form), Agent((*words[:-1], form), code, prefix))
        for form in plural or ():
            words = phrase_words(form)
            into.agents.add(words, Agent(words, code, prefix))


def _substitute(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", phrase)
    if match is None:
        return [phrase]
    options = sets.get(match.group(1), [])
    return [
        v for o in options for v in _substitute(phrase[: match.start()] + o + phrase[match.end() :], sets)
    ]
