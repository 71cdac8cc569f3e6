"""Where an event happened, as GDELT's ActionGeo says it: the place its sentence names for it,
else the article's dateline, with that place's country (ISO 3166 alpha-3).

A place is a GPE or LOC mention of the entity layer. In the sentence, one after "in", "at",
"near" and their like is where the act took place ("clashed with police in Lagos"); failing
that, a place that is the act's target ("shelled Kharkiv"). A dateline is the article's
opening "KABUL, Afghanistan (Reuters) -", "LONDON (CNN) --" or "Hong Kong (CNN)". A place's
country comes from its name (a country, ISO 3166's subdivisions: "Lagos", "Donetsk",
"California"), else from the dictionaries' actors (a user's Phoenix dictionaries know cities).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsbrief.events.dictionaries import Actor, Dictionaries

_LOCATIVE = frozenset("in at near outside inside across into around throughout from off".split())
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_AGENCY = r"\((?:[A-Z][A-Za-z]*\.?)(?:\s[A-Z][A-Za-z]*)?\)"
_DATELINE = re.compile(
    r"^\s*(?:(?P<caps>[A-Z][A-Z.'’\- ]{1,40}?)(?:,\s*(?P<region1>[A-Z][A-Za-z.'’\- ]{1,30}?))?\s*(?:"
    + _AGENCY
    + r"\s*)?(?:--|—|–|-|:)\s"
    + r"|(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})(?:,\s*(?P<region2>[A-Z][A-Za-z.'’\- ]{1,30}?))?\s*"
    + _AGENCY
    + r")"
)

# (start, end, label, canonical name) of an entity mention, offsets into the sentence.
PlaceMention = tuple[int, int, str, str]


def dateline(body: str) -> str | None:
    """The place an article's dateline names ("KABUL, Afghanistan (Reuters) -" -> "Kabul")."""
    match = _DATELINE.match(body[:120])
    if match is None:
        return None
    place = (match.group("caps") or match.group("name") or "").strip(" .-")
    if not place or len(place) < 2:
        return None
    return place.title() if place.isupper() else place


def event_place(
    text: str,
    mentions: Sequence[PlaceMention],
    verb_start: int,
    exclude: Sequence[tuple[int, int]],
    target: tuple[int, int] | None,
) -> str | None:
    """The place ``text`` names for the act at ``verb_start``: the nearest after a locative
    word ("protesters in Lagos", "clashed in Lagos"), else the target's own words when they are a
    place; never the source itself ("France accused ...")."""
    places = [m for m in mentions if m[2] in _PLACE_LABELS]
    located = [m for m in places if _after_locative(text, m[0])]
    if located:
        return min(located, key=lambda m: abs(m[0] - verb_start))[3]
    if target is not None:
        # The target is a place when a place's name ends it ("shelled Kharkiv", "the town of
        # Bakhmut"), not when a place only qualifies it ("an Israeli patrol").
        for m in places:
            inside = m[0] >= target[0] and m[1] <= target[1]
            if inside and m[1] >= target[1] - 1 and not any(m[0] < e and m[1] > s for s, e in exclude):
                return m[3]
    return None


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].lower().split()
    words = [w for w in before if w not in {"the", "a"}]
    return bool(words) and words[-1] in _LOCATIVE


def country_of(place: str, dictionaries: Dictionaries | None = None) -> str | None:
    """The ISO 3166 alpha-3 code of the country ``place`` is or lies in, if known."""
    names = _names()
    code = names.get(place) or names.get(place.lower())
    if code:
        return code
    if dictionaries is not None:
        words = [w for w in place.upper().replace("_", " ").split() if w != "THE"]
        hit = dictionaries.actors.match(words, 0) if words else None
        if hit is not None and hit[0] == len(words) and isinstance(hit[1], Actor):
            actor_code = hit[1].default or ""
            if actor_code[:3] in _countries():
                return actor_code[:3]
    return None


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Country names (the lexicon's) and ISO 3166 subdivision names, to alpha-3 codes; a
    subdivision name shared by two countries is left out."""
    import pycountry

    from newsbrief.events.lexicon import country_names

    names = dict(country_names())
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        code = alpha3.get(sub.country_code)
        if code:
            for name in {sub.name, sub.name.split(" (")[0]}:
                seen.setdefault(name, set()).add(code)
    for name, codes in seen.items():
        if len(codes) == 1 and name not in names:
            names[name] = next(iter(codes))
    names.update({name.lower(): code for name, code in list(names.items()) if name.lower() not in names})
    return names
