"""The dictionaries newsbrief codes events with when the user brings none.

Four PETRARCH-format files written for newsbrief (verbs, agents, actors, discards) and, for the
countries, ISO 3166 through pycountry: every country's name, official and common name, with the
short forms and demonyms the entity layer knows ("U.S.", "Britain", "Ukrainian").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from newsbrief.entities.places import ALIASES, DEMONYMS
from newsbrief.errors import MissingExtraError
from newsbrief.events.dictionaries import Actor, Dictionaries, read_dictionaries

HERE = Path(__file__).parent
FILES = (
    ("verbs", HERE / "newsbrief.verbs.txt"),
    ("agents", HERE / "newsbrief.agents.txt"),
    ("actors", HERE / "newsbrief.actors.txt"),
    ("discards", HERE / "newsbrief.discards.txt"),
)
# Parts of a country that news names as if they were one (ISO 3166 lists them as subdivisions),
# and names ISO 3166 has since replaced ("Türkiye" since 2022) that news copy still uses.
_PARTS = {"England": "GBR", "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR", "Turkey": "TUR"}


def _ascii(name: str) -> str:
    """ "Côte d'Ivoire" -> "Cote d'Ivoire": copy often drops the accents."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def country_names() -> dict[str, str]:
    """Every name of a country -> its ISO 3166 alpha-3 code, from pycountry and the place aliases."""
    try:
        import pycountry
    except ImportError as exc:
        raise MissingExtraError("events", "nlp") from exc
    names: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value] = code
                # "Iran, Islamic Republic of" is "Iran" - unless another country is also "X, ..."
                # ("Congo, The Democratic Republic of the" beside "Congo").
                head = value.split(",")[0].strip()
                if head != value:
                    short.setdefault(head, set()).add(code)
    for head, codes in short.items():
        if len(codes) == 1 and head not in names:
            names[head] = next(iter(codes))
    names.update(_PARTS)
    names.update({_ascii(name): code for name, code in list(names.items()) if _ascii(name) != name})
    for alias, canonical in (*ALIASES.items(), *DEMONYMS.items()):
        target = names.get(canonical)
        if target is None and alias in names:
            names[canonical] = target = names[alias]
        if target is not None:
            names.setdefault(alias, target)
    return names


@lru_cache(maxsize=1)
def builtin_dictionaries() -> Dictionaries:
    """The shipped dictionaries plus the countries, read once per process."""
    dictionaries = read_dictionaries(FILES)
    for name, code in country_names().items():
        words = tuple(w for w in name.upper().replace("_", " ").split() if w.lower() != "the") or (
            name.upper(),
        )
        dictionaries.actors.add(words, Actor(words, code))
    return dictionaries.finish()
