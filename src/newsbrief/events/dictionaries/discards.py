"""Discard files (``*discards*.txt``): phrases whose sentence, or story, is not coded."""

from __future__ import annotations

from pathlib import Path

from newsbrief.events.dictionaries.entries import Dictionaries, Discard
from newsbrief.events.dictionaries.lines import numbered_lines, phrase_words


def read_discards(path: Path, into: Dictionaries) -> None:
    """One phrase a line; ``+`` makes it discard the whole story; a final ``_`` a whole word."""
    for _number, line in numbered_lines(path):
        text = line.strip()
        story = text.startswith("+")
        text = text.lstrip("+").strip()
        whole = text.endswith("_")
        words = " ".join(phrase_words(text))
        if words:
            into.discards.append(Discard(words, story, whole))
