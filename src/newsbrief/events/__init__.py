"""Events: who did what to whom, coded in CAMEO from the article's own sentences.

Where each decision is made, in the order it is taken:

- ``dictionaries``  reads PETRARCH-format dictionaries (actors, agents, verbs, discards);
- ``lexicon/``      the dictionaries newsbrief ships, and the countries from pycountry;
- ``parsed``        a sentence's tokens and dictionary words, from spaCy's tagger and parser;
- ``actors``        actor and agent phrases, entity roles, and a noun phrase's actor codes;
- ``patterns``      which verb a word is, and which of its patterns the sentence fits;
- ``coder``         each verb's source and target, negation, speculation, passives, reported
                    speech and combined verbs ("threatened to impose"), into raw events;
- ``cameo``         a code's root, quad class, PLOVER category and label;
- ``event``         the Event the brief carries.

Only sentences with a verb the dictionaries know and a possible actor are parsed, so the layer
costs little on articles with no politics in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsbrief.document import Document
from newsbrief.entities import Entity
from newsbrief.events import cameo
from newsbrief.events.actors import EntityMention, entity_code, find_spans
from newsbrief.events.coder import RawEvent, code_sentence
from newsbrief.events.dictionaries import Dictionaries, DictionaryError, dictionary_files, read_dictionaries
from newsbrief.events.event import Event, parse_date
from newsbrief.events.lexicon import builtin_dictionaries
from newsbrief.events.parsed import Parsed, build_parsed
from newsbrief.nlp.spacy_pipeline import ParseMany

__all__ = ["Dictionaries", "DictionaryError", "Event", "cameo", "extract_events", "load_dictionaries"]

_POSSESSIVE = re.compile(r"['’]s$")
# Longer "sentences" are lists or tables run together; the parser gains nothing on them.
MAX_SENTENCE_CHARS = 1_500


@lru_cache(maxsize=4)
def load_dictionaries(directory: str | None = None) -> Dictionaries:
    """The dictionaries in ``directory`` (every ``*actors*``, ``*agents*``, ``*verbs*``/``CAMEO*``
    and ``*discards*`` ``.txt`` file; or files, path prefixes, comma-separated: see
    ``dictionaries.dictionary_files``), or newsbrief's own for ``None``; read once per process
    and folder, and not to be changed after."""
    if directory is None:
        return builtin_dictionaries()
    return read_dictionaries(dictionary_files(str(directory)))


def extract_events(
    doc: Document,
    parse: ParseMany,
    entities: Sequence[Entity] = (),
    dictionaries: Dictionaries | None = None,
) -> tuple[Event, ...]:
    """The events of ``doc``'s sentences, in body order. ``parse`` tags and parses sentences
    (``nlp.spacy_pipeline.sentence_parser``); ``entities`` link actors to the entity layer."""
    dictionaries = dictionaries or builtin_dictionaries()
    body = doc.body
    if _discarded(body, dictionaries, story=True):
        return ()
    date_number, date = parse_date(doc.article.published)
    mentions = sorted(
        ((m.start, m.end, e.id, e.label, e.role, e.name) for e in entities for m in e.mentions),
        key=lambda m: m[0],
    )
    coded = {e.id for e in entities if entity_code(dictionaries, date_number, e.label, e.role, e.name)}
    coded_mentions = [m for m in mentions if m[2] in coded]
    candidates = [
        s
        for s in doc.sentences
        if not s.is_heading
        and len(s.text) <= MAX_SENTENCE_CHARS
        and _may_hold_event(s.text, s.start, s.end, dictionaries, coded_mentions)
        and not _discarded(s.text, dictionaries, story=False)
    ]
    if not candidates:
        return ()
    people = frozenset(e.id for e in entities if e.label == "PERSON")
    coded_people = _coded_people(entities, dictionaries, date_number)
    events: list[Event] = []
    for sentence, arcs in zip(candidates, parse([s.text for s in candidates]), strict=True):
        local: list[EntityMention] = [
            (m[0] - sentence.start, m[1] - sentence.start, *m[2:])
            for m in mentions
            if m[0] >= sentence.start and m[1] <= sentence.end
        ]
        parsed = build_parsed(sentence.text, arcs)
        before = [code for start, code in coded_people if start < sentence.start]  # the last person
        try:
            spans = find_spans(parsed, dictionaries, date_number, local)
            raw = code_sentence(parsed, spans, dictionaries, people, before[-1] if before else None)
        except (IndexError, KeyError, ValueError, RecursionError):
            raw = []  # a parse the coder cannot follow codes nothing, rather than fail the brief
        events.extend(_event(e, parsed, sentence.index, sentence.start, sentence.end, date) for e in raw)
    return tuple(events)


def _coded_people(
    entities: Sequence[Entity], dictionaries: Dictionaries, date: int | None
) -> list[tuple[int, str | None]]:
    """(Offset, actor code or None) of every mention of a person, in body order: who "he" or
    "she" may stand for (the last one named, whether or not their role codes an actor)."""
    out: list[tuple[int, str | None]] = []
    for entity in entities:
        if entity.label == "PERSON":
            code = entity_code(dictionaries, date, entity.label, entity.role, entity.name)
            out.extend((m.start, code) for m in entity.mentions)
    return sorted(out, key=lambda m: m[0])


def _event(raw: RawEvent, parsed: Parsed, index: int, start: int, end: int, date: str | None) -> Event:
    return Event(
        source=raw.source.code,
        target=raw.target.code,
        code=raw.code,
        sentence=index,
        start=start,
        end=end,
        text=parsed.text,
        verb=parsed.tokens[raw.verb].text,
        source_text=parsed.span_text(raw.source.first, raw.source.last),
        target_text=parsed.span_text(raw.target.first, raw.target.last),
        source_entity=raw.source.entity,
        target_entity=raw.target.entity,
        date=date,
    )


def _may_hold_event(
    text: str, start: int, end: int, dictionaries: Dictionaries, mentions: Sequence[EntityMention]
) -> bool:
    """A cheap test before parsing: a verb that can code here, and two words that could name
    its source and its target (an actor's name, a role, an entity whose role codes)."""
    raw = [_POSSESSIVE.sub("", w.strip('.,;:!?"“”‘’()[]')).strip("'") for w in text.split()]
    words = [w.upper() for w in raw]
    present = set(words)
    if not any(dictionaries.may_code(w, present) for w in present if w in dictionaries.verbs):
        return False
    named = sum(1 for m in mentions if m[0] >= start and m[1] <= end)
    for shown, word in zip(raw, words, strict=True):
        if named >= 2:
            break
        if (word in dictionaries.actors and shown[:1].isupper()) or word in dictionaries.agents:
            named += 1
    return named >= 2


def _discarded(text: str, dictionaries: Dictionaries, story: bool) -> bool:
    """Whether a discard phrase (of the article, or of the sentence) is in ``text``."""
    upper = " " + " ".join(text.upper().replace("_", " ").split()) + " "
    for discard in dictionaries.discards:
        if discard.story != story:
            continue
        at = upper.find(" " + discard.words)
        while at >= 0:
            after = upper[at + 1 + len(discard.words) : at + 2 + len(discard.words)]
            if not discard.whole_word or not after.isalnum():
                return True
            at = upper.find(" " + discard.words, at + 1)
    return False
