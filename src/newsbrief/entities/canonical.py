"""Canonical entities: mentions grouped into one entity each ("Russian President Vladimir Putin",
"President Putin", "Putin" are one PERSON), short forms joined to full ones, a person's role, and
the mentions NER never marks ("the Russian president", "the WHO" once defined)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from newsbrief.entities.mentions import ORG_ENDINGS, PLACE_ENDINGS, RawMention
from newsbrief.entities.places import is_known_place, place_name
from newsbrief.entities.roles import ROLE_WORDS, role_after, role_before, strip_titles

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


# Words that make a name a titled person's ("the Rt Rev Tom Wright").
_TITLED = ROLE_WORDS | frozenset("rt hon rev very right honourable".split())


_GROUP_AFTER = re.compile(r"\s+(?:sisters|brothers|family|families|twins|couple|household|clan|siblings)\b")


@dataclass
class EntityGroup:
    """The mentions of one real-world entity, its label, name and role, before ranking."""

    label: str
    name: str
    raws: list[RawMention] = field(default_factory=list)
    role: str | None = None


def canonical_entities(body: str, raws: list[RawMention]) -> list[EntityGroup]:
    """The mentions of ``body`` grouped into one EntityGroup per real-world entity, with the
    mentions no model marks (a role standing for a person named before, defined initials)."""
    groups = _grouped(body, raws)
    _add_role_mentions(body, groups)
    _add_defined_initials(body, groups)
    return groups


def _grouped(body: str, raws: list[RawMention]) -> list[EntityGroup]:
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
            and words[-1].lower() not in ORG_ENDINGS
        ):
            r.label, r.key = "PERSON", body[r.start : r.end]
    _things_named_with_the(body, raws)
    people = [r for r in raws if r.label == "PERSON"]
    for r in people:
        _attach_role(body, r)
    clusters: list[EntityGroup] = []
    by_key: dict[tuple[str, str], EntityGroup] = {}
    # Full names first, so "Putin" can join "Vladimir Putin".
    people.sort(key=lambda r: -len(r.key.split()))
    for r in people:
        target = _person_cluster(r.key, by_key)
        if target is None:
            target = EntityGroup("PERSON", r.key)
            by_key[("PERSON", r.key)] = target
            clusters.append(target)
        target.raws.append(r)
        target.role = target.role or r.role
    for r in raws:
        if r.label == "PERSON":
            continue
        key = (r.label if r.label != "LOC" else "GPE", r.key)
        if key not in by_key:
            by_key[key] = EntityGroup(r.label, r.key)
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


def _things_named_with_the(body: str, raws: list[RawMention]) -> None:
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


def _merge_short_forms(clusters: list[EntityGroup]) -> list[EntityGroup]:
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


def _person_by_role(body: str, r: RawMention) -> bool:
    text = body[r.start : r.end]
    words = text.split()
    if not 1 <= len(words) <= 3 or is_known_place(text) or place_name(text):
        return False
    if words[-1].lower() in ORG_ENDINGS or words[-1].lower() in PLACE_ENDINGS:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    role = role_before(body, r.start)
    # The role must end in a role word right before the name, not be a title-cased org name.
    return role is not None and role.split()[-1].lower().rstrip(".") in ROLE_WORDS


def _attach_role(body: str, r: RawMention) -> None:
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


def _person_cluster(key: str, by_key: dict[tuple[str, str], EntityGroup]) -> EntityGroup | None:
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


def _add_role_mentions(body: str, clusters: list[EntityGroup]) -> None:
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


def _add_defined_initials(body: str, clusters: list[EntityGroup]) -> None:
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
    cluster: EntityGroup,
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
        cluster.raws.append(RawMention(cluster.label, s, e, key=cluster.name, name_start=s))
        taken.add((s, e))
