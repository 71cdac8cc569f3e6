"""Which files a ``--dictionaries`` spec names, by kind, and reading them into one Dictionaries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsbrief.events.dictionaries.actors import read_actors
from newsbrief.events.dictionaries.agents import read_agents
from newsbrief.events.dictionaries.discards import read_discards
from newsbrief.events.dictionaries.entries import Dictionaries, DictionaryError
from newsbrief.events.dictionaries.verbs import read_verbs

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
