"""Quotes: who said what, with offsets. Direct and partial quotes, and reported speech.

Direct quotes are found from the quotation marks (straight or curly, continuing across a paragraph
break when the paragraph ends inside an open quote and the next one reopens it). The speaker comes
from the attribution around the quote ("X said", "said X", "X told Y:", "according to X", "X said
in a statement"), from a speech verb earlier in the same sentence, or from an earlier quote in the
same paragraph; "he said" / "she said" resolve to the nearest person named before. A quote with no
such cue has speaker ``None``: it is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.document import Document
from newsbrief.entities import Entity

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|stated|states|declared|announced|noted|notes|warned|warns|"
    "insisted|insists|argued|argues|explained|explains|claimed|claims|asked|asks|wrote|writes|"
    "recalled|continued|replied|responded|remarked|admitted|acknowledged|conceded|confirmed|"
    "denied|alleged|asserted|urged|tweeted|posted|suggested|predicted|cautioned|stressed|"
    "emphasised|emphasized|maintained|concluded|joked|commented|observed|called|described"
)
_REPORT_VERBS = (
    "said|says|warned|warns|insisted|insists|argued|argues|claimed|claims|stated|states|noted|"
    "announced|asserted|alleged|denied|confirmed|admitted|acknowledged|maintained|believes|believed|"
    "suggested|predicted|stressed|explained|added|told \\w+|has said|have said|had said|"
    "has warned|have warned|had warned|has insisted|have insisted|had insisted|has claimed|"
    "have now warned|have alleged|has asserted|has alleged|has repeatedly warned"
)
_PRONOUNS = frozenset("he she they it we".split())
_NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al|la|le|du|da))*)"
_OPEN = {'"': '"', "“": "”"}

_AFTER = re.compile(
    rf"^[,.!?…\s]*\s*(?:(?P<verb1>{SPEECH_VERBS})\s+(?P<who1>(?:[a-z][\w-]*\s+){{0,4}}?{_NAME}|he|she|they)"
    rf"|(?P<who2>{_NAME}|he|she|they|[Tt]he\s+[\w\s-]{{2,40}}?)\s+(?:has\s+|had\s+)?(?P<verb2>{SPEECH_VERBS}))\b"
)
_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|he|she|they|[Tt]he\s+[\w\s-]{{2,40}}?)\s+(?:(?:also|later|then|has|had|once)\s+)?"
    rf"(?P<verb>{SPEECH_VERBS})(?:\s+(?:\w+\s+){{0,5}}?)?\s*[:,]?\s*$"
)
_ACCORDING = re.compile(rf"[Aa]ccording to\s+(?P<who>(?:[a-z][\w-]*\s+){{0,4}}?{_NAME})")
_SUBJECT_VERB = re.compile(rf"[’']?s?\s+(?:\w+\s+){{0,3}}?(?P<verb>{SPEECH_VERBS})\b")
_REPORTED = re.compile(
    rf"(?P<who>[^,;:“”\"]{{2,80}}?)\s+(?P<verb>{_REPORT_VERBS})\s+that\s+(?P<clause>[^“”\"]+)"
)


@dataclass(frozen=True, slots=True)
class Quote:
    """What was said, ``body[start:end] == text``; the speaker as written and its entity id.

    ``kind``: ``direct`` (a quoted statement), ``partial`` (a few quoted words inside a sentence)
    or ``reported`` (indirect speech with a clear cue, "X warned that ...").
    """

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_id: str | None
    cue: str | None


def extract_quotes(doc: Document, entities: Sequence[Entity] = ()) -> tuple[Quote, ...]:
    """Direct, partial and reported quotes of ``doc``, in body order."""
    body = doc.body
    people = sorted(
        ((m.start, m.end, e) for e in entities if e.label == "PERSON" for m in e.mentions),
        key=lambda t: t[0],
    )
    subjects = sorted(
        ((m.start, m.end, e) for e in entities if e.label in ("PERSON", "ORG") for m in e.mentions),
        key=lambda t: t[0],
    )
    spans = _quote_spans(doc)
    quotes: list[Quote] = []
    for start, end in spans:
        quotes.append(_attribute(body, start, end, quotes, people, entities, subjects))
    quotes.extend(_reported(doc, spans, entities))
    quotes.sort(key=lambda q: q.start)
    return tuple(quotes)


def _quote_spans(doc: Document) -> list[tuple[int, int]]:
    """Content spans between quotation marks; an open quote at a paragraph end continues."""
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # start of a quote left open by the previous paragraph
    for para in doc.paragraphs:
        text, base = para.text, para.start
        i = 0
        if pending is not None and not text.startswith(tuple(_OPEN)):
            pending = None  # the next paragraph does not reopen: the quote was never closed
        while i < len(text):
            ch = text[i]
            if ch in _OPEN and (ch != '"' or _opens(text, i)):
                close = text.find(_OPEN[ch], i + 1)
                if close < 0:
                    if pending is None:
                        pending = base + i + 1
                    break
                if pending is not None:
                    spans.append((pending, base + close))
                    pending = None
                elif close > i + 1:
                    spans.append((base + i + 1, base + close))
                i = close + 1
                continue
            i += 1
    return spans


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it starts the text or follows a space or opening bracket."""
    return i == 0 or text[i - 1] in " \t([—–-"


def _attribute(
    body: str,
    start: int,
    end: int,
    earlier: list[Quote],
    people: list[tuple[int, int, Entity]],
    entities: Sequence[Entity],
    subjects: list[tuple[int, int, Entity]],
) -> Quote:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    text = body[start:end]
    sentence_start = max(body.rfind("\n", 0, start), _sentence_start(body, start))
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    after = body[end + 1 : min(line_end, end + 160)]
    before = body[sentence_start + 1 : max(sentence_start + 1, start - 1)]
    words = len(text.split())
    full_sentence = not before.strip() or before.rstrip().endswith((":", ","))
    kind = "direct" if words >= 4 or full_sentence else "partial"
    who: str | None = None
    cue: str | None = None
    who_at = start
    m = _AFTER.match(after)
    if m:
        who = m.group("who1") or m.group("who2")
        cue = (m.group("verb1") or m.group("verb2") or "").lower()
        who_at = end + 1 + m.start("who1" if m.group("who1") else "who2")
    else:
        b = _BEFORE.search(before)
        a = _ACCORDING.search(before) or _ACCORDING.search(after[:80])
        if b:
            who, cue = b.group("who"), b.group("verb")
            who_at = sentence_start + 1 + b.start("who")
        elif a:
            who, cue = a.group("who"), "according to"
        else:
            # "Psaki also noted via a statement that the measures “are separate ...”": a named
            # subject followed closely by a speech verb earlier in the same sentence.
            for s, e, _entity in reversed(subjects):
                if sentence_start < s and e <= start - 1:
                    verb = _SUBJECT_VERB.match(body, e, start)
                    if verb:
                        who, who_at, cue = body[s:e], s, verb.group("verb")
                        break
    entity: Entity | None = None
    if who is not None:
        who = who.strip()
        if who.lower() in _PRONOUNS:
            entity = _nearest_person(people, start)
        else:
            entity = _entity_for(who, who_at, people, entities)
    elif earlier and body.rfind("\n", 0, start) < earlier[-1].start and earlier[-1].kind == "direct":
        # A second quote in the same paragraph continues the last speaker's words.
        last = earlier[-1]
        return Quote(text, start, end, kind, last.speaker, last.speaker_id, last.cue)
    return Quote(text, start, end, kind, _speaker(who, entity), entity.id if entity else None, cue)


_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s+(?=[A-Z“\"])")


def _sentence_start(body: str, pos: int) -> int:
    """Index just before the sentence holding ``pos`` begins (looks back at most 400 chars)."""
    low = max(0, pos - 400)
    found = list(_SENTENCE_END.finditer(body, low, pos))
    return found[-1].end() - 1 if found else low - 1


def _speaker(who: str | None, entity: Entity | None) -> str | None:
    """The entity's name when the speaker phrase is just that entity ("White House press secretary
    Jen Psaki" -> "Jen Psaki", "he" -> the person), else the phrase as written ("Council officials")."""
    if entity is None or who is None:
        return who
    if who.lower() in _PRONOUNS or who == entity.name or any(who == m.text for m in entity.mentions):
        return entity.name
    return who


def _nearest_person(people: list[tuple[int, int, Entity]], pos: int) -> Entity | None:
    before = [p for p in people if p[1] <= pos]
    return before[-1][2] if before else None


def _entity_for(
    who: str, at: int, people: list[tuple[int, int, Entity]], entities: Sequence[Entity]
) -> Entity | None:
    for s, e, entity in people:
        if s <= at < e or (at <= s < at + len(who)):
            return entity
    for entity in entities:
        names = {entity.name, entity.name.split()[-1], *(m.text for m in entity.mentions)}
        if any(n and n in who for n in names):
            return entity
    return None


def _reported(doc: Document, spans: list[tuple[int, int]], entities: Sequence[Entity]) -> list[Quote]:
    """ "X warned that ..." outside quotation marks: reported speech with its speaker."""
    out: list[Quote] = []
    people = sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda t: t[0])
    for sent in doc.sentences:
        if sent.is_heading or any(s < sent.end and sent.start < e for s, e in spans):
            continue
        m = _REPORTED.search(sent.text)
        if not m:
            continue
        who = re.sub(r"^(?:However|But|And|Meanwhile|Now|Still|Also),?\s+", "", m.group("who").strip())
        who = re.sub(r"\s+(?:has|have|had|now|also|repeatedly|,)+$", "", who).strip(" ,")
        if not who or len(who.split()) > 8:
            continue
        clause_start = sent.start + m.start("clause")
        clause = m.group("clause").rstrip(". ")
        at = sent.start + m.start("who") + m.group("who").find(who)
        entity = _entity_for(who, at, people, entities)
        out.append(
            Quote(
                clause,
                clause_start,
                clause_start + len(clause),
                "reported",
                _speaker(who, entity),
                entity.id if entity else None,
                m.group("verb"),
            )
        )
    return out
