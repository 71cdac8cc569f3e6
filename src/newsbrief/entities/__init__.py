"""Entities: one per real-world person, organisation or place, with every mention's offsets.

spaCy finds the mentions; the rules here fix what its small model gets wrong on news, then group
mentions into entities: "Russian President Vladimir Putin", "President Putin", "Putin" and "the
Russian president" are one PERSON named "Vladimir Putin" with the role "Russian President";
"US", "U.S." and "American" are one GPE, "United States".

Map, in the order they run: ``mentions`` (spaCy's names and their corrections), ``canonical``
(mentions grouped into entities, roles, the mentions NER never marks), ``ranking`` (salience).
They draw on ``roles`` (titles and offices), ``places`` (countries, demonyms) and ``gender``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsbrief.document import Document
from newsbrief.entities.canonical import canonical_entities
from newsbrief.entities.entity import LABELS, Entity, Mention
from newsbrief.entities.mentions import find_mentions
from newsbrief.entities.ranking import rank_entities

__all__ = ["LABELS", "Entity", "Mention", "extract_entities"]


def extract_entities(
    doc: Document, nlp: Any, key_point_spans: Iterable[tuple[int, int]] = ()
) -> tuple[Entity, ...]:
    """Entities of ``doc`` found with the spaCy pipeline ``nlp``, most salient first."""
    groups = canonical_entities(doc.body, find_mentions(doc, nlp))
    return rank_entities(doc, groups, list(key_point_spans))
