"""Events: who did what to whom, coded in CAMEO from the article's own sentences.

Where each decision is made, in the order it is taken:

- ``dictionaries``  reads PETRARCH-format dictionaries (actors, agents, verbs, discards);
- ``lexicon/``      the dictionaries newsbrief ships, and the countries from pycountry;
- ``parsed``        a sentence's tokens and dictionary words, from spaCy's tagger and parser;
- ``actors``        actor and agent phrases, entity roles, and a noun phrase's actor codes;
- ``patterns``      which verb a word is, and which of its patterns the sentence fits;
- ``coder``         each verb's source and target, negation, speculation, passives, reported
                    speech and combined verbs ("threatened to impose"), into raw events;
- ``features``      what the learned classifier reads of a sentence (masked words, characters,
                    the predicate from the parse);
- ``classifier``    the learned model: a cheap first look at every sentence that names someone,
                    then each parsed sentence's PLOVER category and how sure it is; where no verb
                    pattern codes an act it is sure of, the coder finds its source and target;
- ``cameo``         a code's root, quad class, PLOVER category and label;
- ``where``         where each event happened: the place its sentence names, else the dateline;
- ``event``         the Event the brief carries.

Only sentences with a verb the dictionaries know and two possible actors, or that the model's
first look finds an act in, are parsed, so the layer costs little on articles with no politics.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from newsbrief.document import Document, Sentence
from newsbrief.entities import Entity
from newsbrief.events import cameo
from newsbrief.events.actors import NO_ACTOR, ActorRef, EntityMention, Span, entity_code, find_spans
from newsbrief.events.classifier import Category, EventModel, EventModelError, load_event_model
from newsbrief.events.coder import RawEvent, SentenceCoder
from newsbrief.events.dictionaries import Dictionaries, DictionaryError, dictionary_files, read_dictionaries
from newsbrief.events.event import Event, parse_date
from newsbrief.events.features import (
    Mask,
    char_counts,
    clause_features,
    masked_text,
    predicate_features,
    text_blocks,
    word_counts,
)
from newsbrief.events.lexicon import builtin_dictionaries
from newsbrief.events.parsed import Parsed, build_parsed
from newsbrief.events.patterns import find_verb, match_verb
from newsbrief.events.where import country_of, dateline, event_place
from newsbrief.nlp.spacy_pipeline import ParseMany

__all__ = [
    "Dictionaries",
    "DictionaryError",
    "Event",
    "EventModel",
    "EventModelError",
    "cameo",
    "extract_events",
    "load_dictionaries",
    "load_event_model",
]

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
    model: EventModel | None = None,
) -> tuple[Event, ...]:
    """The events of ``doc``'s sentences, in body order. ``parse`` tags and parses sentences
    (``nlp.spacy_pipeline.sentence_parser``); ``entities`` link actors to the entity layer;
    ``model`` (``classifier.load_event_model``) names each event's PLOVER category and finds
    the acts no verb pattern codes; without it, only the dictionaries' patterns code."""
    # Your own dictionaries say who counts as an actor: the model's own events then need actors
    # they code; with newsbrief's, an entity they cannot code ("---") may act too.
    strict = dictionaries is not None and dictionaries is not builtin_dictionaries()
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
    usable = [
        s
        for s in doc.sentences
        if not s.is_heading
        and len(s.text) <= MAX_SENTENCE_CHARS
        and not _discarded(s.text, dictionaries, story=False)
    ]
    masks = {s.index: _masks(mentions, s.start, s.end) for s in usable}
    # A sentence's masked words, read once: by the first look and, if parsed, by the model.
    masked = {
        s.index: masked_text(s.text, masks[s.index]) for s in usable if model is not None and masks[s.index]
    }
    words = {index: word_counts(text) for index, text in masked.items()}
    # Parsing is the cost: only sentences a verb pattern may code, or the model's cheap first
    # look (words and characters, no parse) finds an act in, are parsed.
    candidates = [
        s
        for s in usable
        if _may_hold_event(s.text, s.start, s.end, dictionaries, coded_mentions)
        or (s.index in words and model is not None and model.gate(words[s.index]))
    ]
    if not candidates:
        return ()
    people = frozenset(e.id for e in entities if e.label == "PERSON")
    datelined = dateline(body)
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
            found = _code(
                parsed,
                dictionaries,
                date_number,
                local,
                people,
                before[-1] if before else None,
                model,
                masks[sentence.index],
                strict,
                (words[sentence.index], char_counts(masked[sentence.index]))
                if sentence.index in words
                else None,
            )
        except (IndexError, KeyError, ValueError, RecursionError):
            found = []  # a parse the coder cannot follow codes nothing, rather than fail the brief
        for raw, plover, confidence, coder in found:
            place = _place(parsed, raw, local) or datelined
            country = country_of(place, dictionaries) if place else None
            events.append(_event(raw, parsed, sentence, date, plover, confidence, coder, place, country))
    return tuple(events)


def _place(parsed: Parsed, raw: RawEvent, local: Sequence[EntityMention]) -> str | None:
    def chars(ref: ActorRef) -> tuple[int, int] | None:
        if ref.first < 0:
            return None
        return parsed.tokens[ref.first].start, parsed.tokens[ref.last].end

    source, target = chars(raw.source), chars(raw.target)
    mentions = [(m[0], m[1], m[3], m[5]) for m in local]
    return event_place(
        parsed.text, mentions, parsed.tokens[raw.verb].start, [source] if source else [], target
    )


def _masks(mentions: Sequence[EntityMention], start: int, end: int) -> list[Mask]:
    return [(m[0] - start, m[1] - start, m[3]) for m in mentions if m[0] >= start and m[1] <= end]


def _code(
    parsed: Parsed,
    dictionaries: Dictionaries,
    date: int | None,
    local: list[EntityMention],
    people: frozenset[str],
    antecedent: str | None,
    model: EventModel | None,
    masks: list[Mask],
    strict: bool = False,
    text: tuple[Counter[str], Counter[str]] | None = None,
) -> list[tuple[RawEvent, str | None, float | None, str]]:
    """(Raw event, PLOVER category, confidence, coder) of each event of one parsed sentence."""
    spans = find_spans(parsed, dictionaries, date, local)
    if not parsed.tokens or not (spans or model):
        return []
    coder = SentenceCoder(parsed, spans, dictionaries, people, antecedent)
    raw = coder.events() if spans else []
    if model is None:
        return [(e, None, None, "rules") for e in raw]
    words, chars = text or text_blocks(parsed.text, masks)
    category = model.classify((words, chars, predicate_features(parsed)))
    out: list[tuple[RawEvent, str | None, float | None, str]] = []
    acts = 1.0 - category.none
    for e in raw:
        plover = cameo.plover(e.code)
        if category.plover != plover and category.confidence >= model.override:
            # The sentence, read whole, is another kind of act than CAMEO files the lexicon's
            # code under ("imposed sanctions" is PLOVER's COERCE): the code stays the lexicon's.
            plover = category.plover
        # A pattern found an act: how sure the model is of its kind, given that there is one.
        out.append((e, plover, category.of(plover) / acts if acts > 0 else 0.0, "rules"))
    clauses = coder.clauses()
    if raw and len(clauses) <= 1:
        return out
    named = [(m[0], m[1], m[2]) for m in local]
    learned: list[tuple[RawEvent, str | None, float | None, str]] = []
    for verb, tokens in clauses:
        if coder.has_event(verb):
            continue
        # One clause is the sentence the model was trained on; several are read one by one.
        reading = (
            category if len(clauses) == 1 else model.classify(clause_features(parsed, verb, tokens, masks))
        )
        if not model.reports_act(reading):
            continue
        plover, code = _verb_code(parsed, dictionaries, spans, verb, reading, model.lexicon_floor)
        learned.extend(
            (e, plover, reading.of(plover), "model")
            for e in coder.learned(verb, code, named)
            if not (strict and (e.source.code.startswith(NO_ACTOR) or e.target.code.startswith(NO_ACTOR)))
        )
    return out + learned


def _verb_code(
    parsed: Parsed, dictionaries: Dictionaries, spans: list[Span], verb: int, reading: Category, floor: float
) -> tuple[str, str]:
    """(PLOVER category, CAMEO code) of an act the model found at ``verb``: the lexicon's, where
    it knows the verb and the model gives its category at least ``floor`` ("shelled" is an
    assault, however short the sentence), else the model's category and that category's code."""
    word = parsed.word_of.get(verb)
    hit = find_verb(parsed, dictionaries, word) if word is not None else None
    if hit is not None:
        first, last, forms = hit
        match = match_verb(parsed, dictionaries, spans, first, last, forms, verb, len(parsed.words) - 1)
        known = cameo.plover(match.code) if match.code else None
        if match.code and known and (known == reading.plover or reading.of(known) >= floor):
            return known, match.code
    return reading.plover, cameo.CATEGORY_CODES[reading.plover]


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


def _event(
    raw: RawEvent,
    parsed: Parsed,
    sentence: Sentence,
    date: str | None,
    plover: str | None,
    confidence: float | None,
    coder: str,
    place: str | None,
    country: str | None,
) -> Event:
    return Event(
        source=raw.source.code,
        target=raw.target.code,
        code=raw.code,
        plover=plover,
        confidence=None if confidence is None else round(confidence, 3),
        coder=coder,
        country=country,
        place=place,
        sentence=sentence.index,
        start=sentence.start,
        end=sentence.end,
        text=parsed.text,
        verb=parsed.tokens[raw.verb].text,
        source_text=parsed.span_text(raw.source.first, raw.source.last) if raw.source.first >= 0 else "",
        target_text=parsed.span_text(raw.target.first, raw.target.last) if raw.target.first >= 0 else "",
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
