"""Entities: one per real-world person, organisation or place, with every mention's offsets.

spaCy finds the mentions; the rules here fix what its small model gets wrong on news, then group
mentions into entities: "Russian President Vladimir Putin", "President Putin", "Putin" and "the
Russian president" are one PERSON named "Vladimir Putin" with the role "Russian President";
"US", "U.S." and "American" are one GPE, "United States".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from newsbrief.document import Document
from newsbrief.entities.places import DEMONYMS, is_known_place, place_name
from newsbrief.entities.roles import ROLE_WORDS, role_after, role_before, strip_titles
from newsbrief.nlp.spacy_pipeline import named_entities

__all__ = ["Entity", "Mention", "extract_entities"]

LABELS = ("PERSON", "ORG", "GPE", "LOC")
# spaCy's max_length guards memory; longer paragraphs are cut for NER (the brief still covers all).
_MAX_PARAGRAPH = 100_000

# Names ending in these words are places or organisations, whatever the small model says
# ("Luhansk People's Republic" comes back as a PERSON).
_PLACE_ENDINGS = frozenset(
    "republic kingdom federation emirates states province region oblast county island islands "
    "territory territories district city state".split()
)
_ORG_ENDINGS = frozenset(
    "ministry council party association agency commission committee university college bank inc "
    "ltd corp corporation company group army police court parliament congress senate department "
    "union organisation organization institute foundation fund office service services airlines "
    "fc club league board authority".split()
)
_CAPITALISED = re.compile(r"[A-Z]")
_LEAD_MARKS = " \"“”‘’'«»-–—"
# "USS Ronald Reagan", "HMS Victory": a ship, not the person it is named after.
_SHIP = re.compile(r"(?:USS|HMS|RMS|MV|SS)\s")
_DATELINE = re.compile(r"\([A-Z][A-Za-z]{1,9}\)(?=[A-Z])")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+$")
_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+[A-Z]")
# Offices one holds: "the cardinal" is the article's one cardinal. Words that describe anyone
# ("the actress", "the singer") are left alone.
_OFFICES = frozenset(
    """president premier minister secretary chancellor governor senator mayor ambassador envoy
    pope judge cardinal bishop archbishop rabbi imam commissioner chairman chairwoman sheriff coach
    manager ceo""".split()
)
# Words that name an organisation by its kind ("the Council said").
_KINDS = frozenset(
    """council ministry committee commission company bank club government police court union party
    agency department board authority institute university army navy parliament assembly""".split()
)
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
    + "|".join(sorted(w.capitalize() for w in _ORG_ENDINGS))
    + r"))\s+(?:said|says|told|added|adds|confirmed|announced|wrote|stated)\b"
)
# Words that make a name a titled person's ("the Rt Rev Tom Wright").
_TITLED = ROLE_WORDS | frozenset("rt hon rev very right honourable".split())
_NOT_SURNAMES = _ORG_ENDINGS | _PLACE_ENDINGS
_GROUP_AFTER = re.compile(r"\s+(?:sisters|brothers|family|families|twins|couple|household|clan|siblings)\b")
_NOT_NAMES = frozenset("He She They It We I You The A An One This That Officials Police Authorities".split())


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: ``body[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organisation or place, ranked by salience (0-1)."""

    id: str
    name: str
    label: str
    mentions: tuple[Mention, ...]
    salience: float
    role: str | None = None
    in_headline: bool = False


@dataclass
class _Raw:
    label: str
    start: int
    end: int
    key: str = ""  # canonical name before clustering
    role: str | None = None
    name_start: int = 0  # where the bare name begins (after any role)


@dataclass
class _Cluster:
    label: str
    name: str
    raws: list[_Raw] = field(default_factory=list)
    role: str | None = None


def extract_entities(
    doc: Document, nlp: Any, key_point_spans: Iterable[tuple[int, int]] = ()
) -> tuple[Entity, ...]:
    """Entities of ``doc`` found with the spaCy pipeline ``nlp``, most salient first."""
    body = doc.body
    raws = list(_mentions(doc, nlp))
    raws = _propagate(body, _speaking_surnames(body, _agree(body, raws)) + _speakers_missed(body, raws))
    clusters = _cluster(body, raws)
    _add_role_mentions(body, clusters)
    _add_defined_initials(body, clusters)
    return _rank(doc, clusters, list(key_point_spans))


def _mentions(doc: Document, nlp: Any) -> Iterable[_Raw]:
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


def _speaking_surnames(body: str, raws: list[_Raw]) -> list[_Raw]:
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


def _speakers_missed(body: str, raws: list[_Raw]) -> list[_Raw]:
    """Names the small model missed where a quote's attribution leaves no doubt that they are
    someone: '“...,” Hirscher said.', '“...,” Lemetayer, from the FNSEA, told AP', '“...,” said
    Hirscher.', '“...,” the Metropolitan Police said' (an organisation). A word the body also
    writes in lower case ("Police said") or a known place is no name."""
    covered = [(r.start, r.end) for r in raws]
    found: list[_Raw] = []
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
            found.append(_Raw("PERSON" if person else "ORG", s, e, key=name, name_start=s))
            covered.append((s, e))
    return found


def _fix(offset: int, text: str, start: int, label: str) -> _Raw | None:
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
        return _Raw("GPE", start, start + len(text), key=place) if place else None
    if label not in LABELS and label != "FAC":
        return None
    named_place = last in _PLACE_ENDINGS and label in ("PERSON", "ORG", "FAC") and len(text.split()) > 1
    if named_place or (label == "PERSON" and is_known_place(text)):
        label = "GPE"
    elif last in _ORG_ENDINGS and label in ("PERSON", "GPE", "FAC"):
        label = "ORG"
    if label == "FAC":
        return None
    key = (place_name(text) or text) if label in ("GPE", "LOC") else text
    return _Raw(label, start, start + len(text), key=key, name_start=start)


def _agree(body: str, raws: list[_Raw]) -> list[_Raw]:
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


def _propagate(body: str, raws: list[_Raw]) -> list[_Raw]:
    """Name the later (or earlier) mentions the small model missed: same words, same entity."""
    # One byte per body character marks what is already a mention (linear, however many there are).
    covered = bytearray(len(body))
    for r in raws:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    for dateline in _DATELINE.finditer(body):  # "(CNN)" names no one in the story
        covered[dateline.start() : dateline.end()] = b"\x01" * len(dateline.group())
    seen: dict[str, _Raw] = {}
    for r in raws:
        text = body[r.start : r.end]
        if len(text) >= 3 and text[0].isupper():
            seen.setdefault(text, r)
            words = text.split()
            # "Olaf Scholz" is "Scholz" on second mention.
            if r.label == "PERSON" and len(words) > 1 and len(words[-1]) >= 3 and words[-1][0].isupper():
                seen.setdefault(words[-1], _Raw("PERSON", 0, 0, key=words[-1]))
            # "Donetsk People's Republic" also names "Donetsk".
            if r.label == "GPE" and len(words) > 1 and words[-1].lower() in _PLACE_ENDINGS:
                head = re.split(r"\s+People['’]s\b|\s+Republic\b", text)[0]
                if head != text and len(head) >= 3:
                    seen.setdefault(head, _Raw("GPE", 0, 0, key=head))
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
                out.append(_Raw(proto.label, s, e, key=proto.key or text, name_start=s))
                covered[s:e] = b"\x01" * (e - s)
            break
    return out


def _cluster(body: str, raws: list[_Raw]) -> list[_Cluster]:
    # A surname of someone named in full is that person, whatever label the model gave it
    # ("Mr Scholz" came back as a place).
    for r in raws:
        # "Liverpool forward Milan Baros", "film director Im Kwon-Taek": a role before a name
        # makes it a person, whatever label the model gave it.
        if r.label in ("ORG", "GPE") and _person_by_role(body, r):
            r.label, r.key = "PERSON", body[r.start : r.end]
    surnames = {r.key.split()[-1] for r in raws if r.label == "PERSON" and len(r.key.split()) > 1}
    for r in raws:
        if r.label != "PERSON" and body[r.start : r.end] in surnames:
            r.label, r.key = "PERSON", body[r.start : r.end]
    # ...and a full name ending in the surname of a person ("Cate Blanchett" beside "Blanchett").
    known = {r.key for r in raws if r.label == "PERSON" and len(r.key.split()) == 1}
    for r in raws:
        words = body[r.start : r.end].split()
        if (
            r.label == "ORG"
            and len(words) == 2
            and words[-1] in known
            and words[0][:1].isupper()
            and words[0][1:].islower()
            and words[-1].lower() not in _ORG_ENDINGS
        ):
            r.label, r.key = "PERSON", body[r.start : r.end]
    _things_named_with_the(body, raws)
    people = [r for r in raws if r.label == "PERSON"]
    for r in people:
        _attach_role(body, r)
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    # Full names first, so "Putin" can join "Vladimir Putin".
    people.sort(key=lambda r: -len(r.key.split()))
    for r in people:
        target = _person_cluster(r.key, by_key)
        if target is None:
            target = _Cluster("PERSON", r.key)
            by_key[("PERSON", r.key)] = target
            clusters.append(target)
        target.raws.append(r)
        target.role = target.role or r.role
    for r in raws:
        if r.label == "PERSON":
            continue
        key = (r.label if r.label != "LOC" else "GPE", r.key)
        if key not in by_key:
            by_key[key] = _Cluster(r.label, r.key)
            clusters.append(by_key[key])
        by_key[key].raws.append(r)
    clusters = _merge_short_forms(clusters)
    surnames = {c.name.split()[-1] for c in clusters if c.label == "PERSON"}
    # "Biden-Putin" (as in "the Biden-Putin summit") is two people's names, not an organisation.
    return [
        c
        for c in clusters
        if not (c.label != "PERSON" and "-" in c.name and all(p in surnames for p in c.name.split("-")))
    ]


def _things_named_with_the(body: str, raws: list[_Raw]) -> None:
    """A "person" the article only ever writes with "the" before it ("the Popemobile", "aboard
    the Reagan", "the Birchfield Harrier") is a thing or a group, not someone "he" can mean."""
    always: dict[str, bool] = {}
    for r in raws:
        if r.label == "PERSON":
            text = body[r.start : r.end]
            after_the = body[max(0, r.start - 4) : r.start].lower() == "the "
            # ...but "the Will Smith-starring film" and "the Aylmer sisters" are about people.
            modifier = body[r.end : r.end + 1] == "-" or _GROUP_AFTER.match(body, r.end) is not None
            # ...and "the Rt Rev Tom Wright" is a person with a title.
            titled = any(w.lower().strip(".") in _TITLED for w in text.split())
            always[text] = always.get(text, True) and after_the and not modifier and not titled
    for r in raws:
        if r.label == "PERSON" and always.get(body[r.start : r.end]):
            r.label = "ORG"


def _merge_short_forms(clusters: list[_Cluster]) -> list[_Cluster]:
    """An organisation named by its initials ("BPI") or by its kind alone ("Council") is the one
    organisation of the article that the initials spell or whose name has that word ("British
    Phonographic Industry", "council of Port Calder"), when exactly one does."""
    orgs = [c for c in clusters if c.label == "ORG"]
    merged: set[int] = set()
    for short in orgs:
        if len(short.name.split()) != 1:
            continue
        word = short.name
        if word.isupper() and len(word) >= 2:
            full = [c for c in orgs if c is not short and _initials(c.name) == word]
        elif word.lower() in _KINDS:
            full = [c for c in orgs if c is not short and word.lower() in c.name.lower().split()]
        else:
            continue
        if len(full) == 1:
            full[0].raws.extend(short.raws)
            merged.add(id(short))
    return [c for c in clusters if id(c) not in merged]


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in name.split() if w.lower() not in ("of", "the", "and", "for", "&") and w[:1].isalpha()
    ).upper()


def _person_by_role(body: str, r: _Raw) -> bool:
    text = body[r.start : r.end]
    words = text.split()
    if not 1 <= len(words) <= 3 or is_known_place(text) or place_name(text):
        return False
    if words[-1].lower() in _ORG_ENDINGS or words[-1].lower() in _PLACE_ENDINGS:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    role = role_before(body, r.start)
    # The role must end in a role word right before the name, not be a title-cased org name.
    return role is not None and role.split()[-1].lower().rstrip(".") in ROLE_WORDS


def _attach_role(body: str, r: _Raw) -> None:
    name = strip_titles(body[r.start : r.end])
    r.name_start = r.end - len(name)
    r.key = name
    role = role_before(body, r.name_start)
    if role:
        role_start = body.rfind(role, max(0, r.name_start - len(role) - 5), r.name_start)
        if role_start >= 0:
            r.start = role_start
        r.role = role  # role_before never returns a bare title ("Mr")
    else:
        r.role = role_after(body, r.end)


def _person_cluster(key: str, by_key: dict[tuple[str, str], _Cluster]) -> _Cluster | None:
    if ("PERSON", key) in by_key:
        return by_key[("PERSON", key)]
    words = key.split()
    if len(words) == 1:
        matches = [
            c for (label, _), c in by_key.items() if label == "PERSON" and c.name.split()[-1] == words[0]
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
        # "Zhang revealed" after "Zhang Chunxian", "Kim" after "Kim Min-seok": a name written
        # family name first, or a first name, when it is the first word of just one person's name.
        firsts = [
            c
            for (label, _), c in by_key.items()
            if label == "PERSON" and len(c.name.split()) > 1 and c.name.split()[0] == words[0]
        ]
        if len(firsts) == 1:
            return firsts[0]
    return None


def _add_role_mentions(body: str, clusters: list[_Cluster]) -> None:
    """ "the Russian president" names the person whose role is "Russian President"."""
    lower = body.lower()
    taken = {(r.start, r.end) for c in clusters for r in c.raws}
    heads = Counter(c.role.lower().split()[-1] for c in clusters if c.label == "PERSON" and c.role)
    for c in clusters:
        if c.label != "PERSON" or not c.role:
            continue
        phrases = [f"the {c.role.lower()}"] if len(c.role.split()) > 1 else []
        head = c.role.lower().split()[-1]
        if heads[head] == 1 and head in _OFFICES:
            # "the cardinal" when only one person in the article is a cardinal.
            phrases.append(f"the {head}")
        for phrase in phrases:
            # Not where the role introduces the name itself ("the Russian president Vladimir Putin").
            _claim(
                lower,
                c,
                rf"(?<!\w){re.escape(phrase)}(?!\w)",
                taken,
                lambda e: not (body[e : e + 1] == " " and body[e + 1 : e + 2].isupper()),
            )


def _add_defined_initials(body: str, clusters: list[_Cluster]) -> None:
    """ "the European Central Bank (ECB)" defines ECB: every later ECB names the bank too."""
    taken = {(r.start, r.end) for c in clusters for r in c.raws}
    for c in clusters:
        if c.label != "ORG" or len(c.name.split()) < 2:
            continue
        initials = _initials(c.name)
        if len(initials) < 2 or not any(
            body[r.end : r.end + len(initials) + 3] == f" ({initials})" for r in c.raws
        ):
            continue
        _claim(body, c, rf"(?<![\w-]){re.escape(initials)}(?![\w-])", taken)


def _claim(
    text: str,
    cluster: _Cluster,
    pattern: str,
    taken: set[tuple[int, int]],
    keep: Callable[[int], bool] | None = None,
) -> None:
    """Add every match of ``pattern`` in ``text`` (the body, or the body lower-cased) that overlaps
    no mention yet, and that ``keep`` (if given) accepts by its end, as a mention of ``cluster``."""
    for match in re.finditer(pattern, text):
        s, e = match.span()
        if any(ts <= s < te or ts < e <= te for ts, te in taken) or (keep is not None and not keep(e)):
            continue
        cluster.raws.append(_Raw(cluster.label, s, e, key=cluster.name, name_start=s))
        taken.add((s, e))


def _rank(doc: Document, clusters: list[_Cluster], key_points: list[tuple[int, int]]) -> tuple[Entity, ...]:
    body = doc.body
    title = doc.article.title or ""
    scored = []
    length = max(1, len(body))
    for c in clusters:
        raws = sorted({(r.start, r.end): r for r in c.raws}.values(), key=lambda r: r.start)
        mentions = tuple(Mention(body[r.start : r.end], r.start, r.end) for r in raws)
        name = (
            max((r.key for r in raws), key=lambda k: (len(k.split()), len(k)))
            if c.label == "PERSON"
            else c.name
        )
        in_headline = any(
            _word_in(t, title)
            for t in {name, *(name.split()[-1:] if c.label == "PERSON" else ()), *(m.text for m in mentions)}
        )
        in_points = sum(1 for m in mentions for s, e in key_points if s <= m.start < e)
        first = mentions[0].start / length if mentions else 1.0
        score = len(mentions) + 2.0 * (1 - first) + 2.0 * in_headline + in_points
        scored.append((score, c, name, mentions, in_headline))
    top = max((s for s, *_ in scored), default=1.0) or 1.0
    scored.sort(key=lambda item: (-item[0], item[3][0].start if item[3] else 0))
    return tuple(
        Entity(
            id=f"e{i + 1}",
            name=name,
            label="GPE" if c.label == "LOC" and place_name(name) else c.label,
            mentions=mentions,
            salience=round(score / top, 3),
            role=c.role,
            in_headline=in_headline,
        )
        for i, (score, c, name, mentions, in_headline) in enumerate(scored)
    )


def _word_in(needle: str, haystack: str) -> bool:
    return bool(needle) and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None
