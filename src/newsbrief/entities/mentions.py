"""Mentions: the names spaCy finds in each paragraph, and the fixes for what its small model gets
wrong on news (labels by a name's last word or a title before it, cut-off spans, a speaker's surname
it missed, the same words given one label throughout)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsbrief.document import Document
from newsbrief.entities.entity import LABELS
from newsbrief.entities.places import DEMONYMS, is_known_place, place_name
from newsbrief.entities.roles import ROLE_WORDS
from newsbrief.nlp.spacy_pipeline import named_entities

# spaCy's max_length guards memory; longer paragraphs are cut for NER (the brief still covers all).
_MAX_PARAGRAPH = 100_000


# Names ending in these words are places or organisations, whatever the small model says
# ("Luhansk People's Republic" comes back as a PERSON).
PLACE_ENDINGS = frozenset(
    "republic kingdom federation emirates states province region oblast county island islands "
    "territory territories district city state".split()
)


ORG_ENDINGS = frozenset(
    "ministry council party association agency commission committee university college bank inc "
    "ltd corp corporation company group army police court parliament congress senate department "
    "union organisation organization institute foundation fund office service services airlines "
    "fc club league board authority".split()
)


_LEAD_MARKS = " \"“”‘’'«»-–—"


_CAPITALISED = re.compile(r"[A-Z]")


# "USS Ronald Reagan", "HMS Victory": a ship, not the person it is named after.
_SHIP = re.compile(r"(?:USS|HMS|RMS|MV|SS)\s")


_DATELINE = re.compile(r"\([A-Z][A-Za-z]{1,9}\)(?=[A-Z])")


_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+$")


_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+[A-Z]")


_KEEP_DOT = frozenset("inc corp ltd bros plc".split())


_RUN_ON = re.compile(r"\s+[-–—](?:\s.*)?$|\s+(?:and|or|but)$")


_POSSESSIVE = re.compile(r"['’]s?$")


_NAME = r"(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){0,2})"


_SPEAKS = (
    r"(?:said|says|told|added|adds|explained|wrote|writes|recalled|revealed|insisted|warned|noted|"
    r"admitted|continued|replied|argued|claimed|asked|confirmed|tweeted|posted)\b"
)


_NAME_SAID = re.compile(rf"[,!?]['’]?\s?[\"”]\s+{_NAME}(?:,\s+[^,;:\"“”]{{1,60}},)?\s+{_SPEAKS}")


# "said Sky Networks' Sophie Turner Laing.": the name may follow its organisation's possessive.
_SAID_NAME = re.compile(
    rf"[,!?]['’]?\s?[\"”]\s+(?:said|says|added|adds)\s+(?:(?:[A-Z][\w-]*\s+){{0,3}}[A-Z][\w-]*['’]s?\s+)?{_NAME}\s*[.,]"
)


# '“...,” the Metropolitan Police confirmed': an organisation named by its kind word.
_ORG_SAID = re.compile(
    r"[,!?][\"”]\s+the\s+(?P<name>(?:[A-Z][\w'’&-]+\s+){1,3}(?:"
    + "|".join(sorted(w.capitalize() for w in ORG_ENDINGS))
    + r"))\s+(?:said|says|told|added|adds|confirmed|announced|wrote|stated)\b"
)


_NOT_SURNAMES = ORG_ENDINGS | PLACE_ENDINGS


_NOT_NAMES = frozenset("He She They It We I You The A An One This That Officials Police Authorities".split())


@dataclass
class RawMention:
    """A name as found and corrected, before grouping: its label, span, canonical key and role."""

    label: str
    start: int
    end: int
    key: str = ""  # canonical name before clustering
    role: str | None = None
    name_start: int = 0  # where the bare name begins (after any role)


def find_mentions(doc: Document, nlp: Any) -> list[RawMention]:
    """The names of ``doc`` as spaCy's pipeline ``nlp`` finds them, corrected."""
    body = doc.body
    raws = list(_ner_mentions(doc, nlp))
    return _propagate(body, _speaking_surnames(body, _agree(body, raws)) + _speakers_missed(body, raws))


def _ner_mentions(doc: Document, nlp: Any) -> Iterable[RawMention]:
    paragraphs = [p for p in doc.paragraphs if not p.is_heading or len(p.text) > 3]
    # A news agency tag glued to the first word ("(CNN)Maria Lopez") hides the name from the
    # model: it is blanked out (same length, so offsets hold).
    texts = (_DATELINE.sub(lambda m: " " * len(m.group()), p.text[:_MAX_PARAGRAPH]) for p in paragraphs)
    found = named_entities(nlp, texts)
    for para, ents in zip(paragraphs, found, strict=True):
        for text, start, _end, label in ents:
            # The small model sometimes takes in a quotation mark ('" Mr Bussereau').
            lead = len(text) - len(text.lstrip(_LEAD_MARKS))
            text, start = text[lead:], start + lead
            titled = _TITLE.match(text) or _TITLE_BEFORE.search(para.text, max(0, start - 6), start)
            if titled and label in ("ORG", "GPE", "FAC"):
                label = "PERSON"  # "Mr Ebbers" is a person, title inside the span or just before it
            raw = _fix(para.start, text, start, label)
            if raw is not None:
                yield raw


def _speaking_surnames(body: str, raws: list[RawMention]) -> list[RawMention]:
    """A full name the small model took for an organisation is a person when its last word alone
    speaks elsewhere: "JK Rowling" (ORG) and "Rowling said she had ..."."""
    for r in raws:
        words = body[r.start : r.end].split()
        if (
            r.label == "ORG"
            and 2 <= len(words) <= 3
            and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in _NOT_SURNAMES
            and words[0] not in DEMONYMS
            and not is_known_place(words[-1])
            and any(
                not re.search(
                    rf"(?:\b{re.escape(words[-2])}|\b[Tt]he)\s+$", body[max(0, m.start() - 40) : m.start()]
                )
                for m in re.finditer(rf"(?<![\w-]){re.escape(words[-1])}\s+{_SPEAKS}", body)
            )
        ):
            r.label, r.key = "PERSON", body[r.start : r.end]
    return raws


def _speakers_missed(body: str, raws: list[RawMention]) -> list[RawMention]:
    """Names the small model missed where a quote's attribution leaves no doubt that they are
    someone: '“...,” Hirscher said.', '“...,” Lemetayer, from the FNSEA, told AP', '“...,” said
    Hirscher.', '“...,” the Metropolitan Police said' (an organisation). A word the body also
    writes in lower case ("Police said") or a known place is no name."""
    covered = [(r.start, r.end) for r in raws]
    found: list[RawMention] = []
    for pattern in (_NAME_SAID, _SAID_NAME, _ORG_SAID):
        for m in pattern.finditer(body):
            s, e = m.span("name")
            name = m.group("name")
            first = name.split()[0]
            person = pattern is not _ORG_SAID
            if person and (
                first in _NOT_NAMES
                or re.search(rf"\b{re.escape(first.lower())}\b", body)
                or is_known_place(name)
                or name in DEMONYMS
            ):
                continue
            if any(a < e and s < b for a, b in covered):
                continue
            found.append(RawMention("PERSON" if person else "ORG", s, e, key=name, name_start=s))
            covered.append((s, e))
    return found


def _fix(offset: int, text: str, start: int, label: str) -> RawMention | None:
    """Repair one spaCy span: trim "the" and possessives, correct labels, map demonyms."""
    start += offset
    if text.lower().startswith("the "):
        text, start = text[4:], start + 4
    possessive = _POSSESSIVE.search(text)
    if possessive and len(text) > 3 and label != "NORP":
        text = text[: possessive.start()]
    # The small model runs on past a dash or a conjunction ("Harbour Council - and"), or starts
    # inside a dateline ("(CNN)A.J. Pero").
    text = _RUN_ON.sub("", text).strip()
    tail = text.split()[-1] if text.split() else ""
    if tail.endswith(".") and len(tail) > 3 and "." not in tail[:-1] and tail[:-1].lower() not in _KEEP_DOT:
        text = text[:-1]  # the sentence's full stop ("said chairman Norbert Ore."), not "Inc."
    if ")" in text:
        cut = text.rindex(")") + 1
        cut += len(text[cut:]) - len(text[cut:].lstrip())
        text, start = text[cut:], start + cut
    if len(text) < 2 or text.lower() in ROLE_WORDS - {"prince", "queen", "king"} or _SHIP.match(text):
        return None  # "the Cardinal", "President": a title, no name ("Prince" may be the singer's)
    last = text.split()[-1].lower().strip(".")
    if label == "NORP" or (label == "PERSON" and text in DEMONYMS):
        # "Russian" names Russia; "the Briton" is no person's name.
        place = place_name(text)
        return RawMention("GPE", start, start + len(text), key=place) if place else None
    if label not in LABELS and label != "FAC":
        return None
    named_place = last in PLACE_ENDINGS and label in ("PERSON", "ORG", "FAC") and len(text.split()) > 1
    if named_place or (label == "PERSON" and is_known_place(text)):
        label = "GPE"
    elif last in ORG_ENDINGS and label in ("PERSON", "GPE", "FAC"):
        label = "ORG"
    if label == "FAC":
        return None
    key = (place_name(text) or text) if label in ("GPE", "LOC") else text
    return RawMention(label, start, start + len(text), key=key, name_start=start)


def _agree(body: str, raws: list[RawMention]) -> list[RawMention]:
    """One label for every mention of the same words: the small model calls "Daiwa" a company
    twice and a person once; the majority wins (ties go to the first mention)."""
    votes: dict[str, Counter[str]] = {}
    for r in raws:
        votes.setdefault(body[r.start : r.end], Counter())[r.label] += 1
    for r in raws:
        counts = votes[body[r.start : r.end]]
        if len(counts) > 1:
            label = counts.most_common(1)[0][0]
            if label != r.label:
                r.label = label
                r.key = (place_name(r.key) or r.key) if label in ("GPE", "LOC") else body[r.start : r.end]
    return raws


def _propagate(body: str, raws: list[RawMention]) -> list[RawMention]:
    """Name the later (or earlier) mentions the small model missed: same words, same entity."""
    # One byte per body character marks what is already a mention (linear, however many there are).
    covered = bytearray(len(body))
    for r in raws:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    for dateline in _DATELINE.finditer(body):  # "(CNN)" names no one in the story
        covered[dateline.start() : dateline.end()] = b"\x01" * len(dateline.group())
    seen: dict[str, RawMention] = {}
    for r in raws:
        text = body[r.start : r.end]
        if len(text) >= 3 and text[0].isupper():
            seen.setdefault(text, r)
            words = text.split()
            # "Olaf Scholz" is "Scholz" on second mention.
            if r.label == "PERSON" and len(words) > 1 and len(words[-1]) >= 3 and words[-1][0].isupper():
                seen.setdefault(words[-1], RawMention("PERSON", 0, 0, key=words[-1]))
            # "Donetsk People's Republic" also names "Donetsk".
            if r.label == "GPE" and len(words) > 1 and words[-1].lower() in PLACE_ENDINGS:
                head = re.split(r"\s+People['’]s\b|\s+Republic\b", text)[0]
                if head != text and len(head) >= 3:
                    seen.setdefault(head, RawMention("GPE", 0, 0, key=head))
    # One pass over the capitalised words of the body, trying the names that start like each.
    by_first: dict[str, list[str]] = {}
    for text in sorted(seen, key=len, reverse=True):
        by_first.setdefault(text[:2], []).append(text)
    out = list(raws)
    for word in _CAPITALISED.finditer(body):
        s = word.start()
        if s and (body[s - 1].isalnum() or body[s - 1] in "_-"):
            continue
        for text in by_first.get(body[s : s + 2], ()):
            e = s + len(text)
            if not body.startswith(text, s) or (e < len(body) and (body[e].isalnum() or body[e] in "_-")):
                continue
            if covered.find(1, s, e) < 0:
                proto = seen[text]
                out.append(RawMention(proto.label, s, e, key=proto.key or text, name_start=s))
                covered[s:e] = b"\x01" * (e - s)
            break
    return out
