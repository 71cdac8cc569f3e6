"""A person's grammatical gender, as the article itself shows it ("Mrs Smith", "her husband, actor
Brad Pitt", "spokeswoman Jane Doe"), so that "he" and "she" pass over people who cannot be meant.
Nothing is guessed from a name alone: without such a word the gender is unknown (``None``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbrief.entities.entity import Entity

_FEMALE = frozenset(
    """mrs ms miss madam dame lady queen princess duchess countess baroness actress spokeswoman
    chairwoman congresswoman councilwoman businesswoman sportswoman policewoman wife mother
    daughter sister widow girlfriend grandmother aunt niece woman girl bride heiress hostess
    waitress""".split()
)
_MALE = frozenset(
    """mr sir lord king prince duke baron spokesman chairman congressman councilman businessman
    sportsman policeman husband father son brother widower boyfriend grandfather uncle nephew man
    boy groom actor""".split()
)
_TITLES = frozenset("mr mrs ms miss sir lord lady dame queen king prince princess duke duchess".split())
_WORD = re.compile(r"[A-Za-z]+")
# The words just before a mention that may describe it ("her husband, Oscar-winning actor").
_LEAD_IN = re.compile(r"((?:[\w-]+,?\s+){1,3})$")
_STOP = frozenset("of to for with by from and or".split())


def gender(entity: Entity, body: str) -> str | None:
    """``"f"`` or ``"m"`` when the words in or just before the entity's mentions say so and agree."""
    words: list[str] = []
    for mention in entity.mentions:
        words += _WORD.findall(mention.text)
        lead = _LEAD_IN.search(body, max(0, mention.start - 60), mention.start)
        if lead:
            before = lead.group(1).replace(",", " ").split()
            for word in reversed(before):
                if word.lower() in _STOP or word.endswith(("'s", "’s")):
                    break  # "the son of Ms Smith": the words belong to someone else
                words.append(word)
    # Common nouns count as written in lower case; capitalised, only a title ("Mrs", "Queen"), so a
    # name such as "Sonny Boy" says nothing.
    lowered = {w.lower() for w in words if w.islower() or w.lower() in _TITLES}
    female, male = bool(lowered & _FEMALE), bool(lowered & _MALE)
    if female == male:
        return None
    return "f" if female else "m"
