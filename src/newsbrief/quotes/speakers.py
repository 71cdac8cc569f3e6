"""From a speaker phrase to an entity: names inside it, pronouns, descriptions ("the cardinal",
"the committee", "the Australian")."""

from __future__ import annotations

import re

from newsbrief.entities import Entity
from newsbrief.entities.gender import gender
from newsbrief.entities.places import DEMONYMS, is_known_place, place_name
from newsbrief.entities.roles import ROLE_WORDS, TITLE_ABBREVIATIONS
from newsbrief.quotes.context import Mentions, opens_sentence, start_of_sentence
from newsbrief.quotes.patterns import APPOSITIVE, PREPOSITION_BEFORE, PRONOUNS, QUALIFIER, SPOKE

# Nouns for what an organisation writes: "the release said" after "a press release from the MQM".
_DOCUMENTS = frozenset(
    "statement report release letter tweet message filing post study survey poll research analysis "
    "document complaint affidavit lawsuit indictment ruling website bulletin memo notice advisory "
    "warning".split()
)
# Nouns that make "the club said" an organisation speaking (its documents too); other "the <noun>"
# speakers are people.
ORG_NOUNS = _DOCUMENTS | frozenset(
    """club company firm group team band party council government ministry agency organisation
    organization network channel site newspaper magazine paper bank association committee
    commission board union league federation office department jury panel court tribunal
    institute service station broadcaster studio label publisher airline insurer retailer
    carrier regulator watchdog charity""".split()
)
_POSSESSIVES = {"his": ("PERSON",), "her": ("PERSON",), "their": ("PERSON", "ORG"), "its": ("ORG", "GPE")}
_COMPANY_NOUNS = frozenset("company firm".split())
# Between a document and its author ("release from the MQM"), or an author and its document
# ("FBI affidavit", "the ministry's statement", "Brookings' new study").
_BY_AUTHOR = re.compile(r",?\s+(?:issued\s+|released\s+|published\s+|sent\s+)?(?:from|by|of)\s+(?:the\s+)?")
_AUTHOR_OWNS = re.compile(r"(?:['’]s?)?\s+(?:[a-z-]+\s+){0,2}")
_FORCE = re.compile(r"\b(?:[Pp]olice|[Cc]onstabulary|[A-Z]{1,3}PD)\b")
_KIN = (
    r"mother|father|son|daughter|wife|husband|brother|sister|widow|widower|uncle|aunt|cousin|"
    r"grandmother|grandfather|girlfriend|boyfriend|fianc[eé]e?"
)
# "Yarnell's mother", "the minister's spokesman": someone named only through someone else.
_RELATIVE_OF = re.compile(
    rf"(?:the\s+)?(?P<owner>.+?)['’]s?\s+(?:[a-z-]+\s+){{0,2}}(?P<noun>{_KIN}|parents|partner|lawyer|attorney|"
    r"agent|spokesman|spokeswoman|spokesperson|aide|friend)",
    re.I,
)
_RELATIVE_BEFORE = re.compile(rf"(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w-]*['’]s?\s+(?:ex-)?(?:{_KIN})\s+$")
_KIN_PHRASE = re.compile(rf"(?:his|her|their)\s+(?P<noun>{_KIN})", re.I)
# "The Archbishop of Canterbury", "the Mayor of London": a title that names one person.
_TITLE_OF = re.compile(
    r"(?:[Tt]he\s+)?(?P<noun>[A-Z][a-z]+\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
)
# What stands between a description and the name it introduces: ", Dr ", " ", ", ".
_INTRODUCED = re.compile(r"(?<=\S)(?:,?\s+(?:the\s+)?(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+)?)$")
# "the Bishop", "the Archbishop": the head of a title written in full earlier ("Bishop of Durham").
_TITLE_HEAD = re.compile(r"(?:[Tt]he\s+)?(?P<noun>[A-Z][a-z]+)")
_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?$")
# A name followed by its verb: "Henson retracted", "Henson has", not "Gardener, Darren Campbell".
_VERB_NEXT = re.compile(rf"{APPOSITIVE}\s+[a-z]")
# Titles and capitalised roles right before a name ("Sen. ", "Police Chief ") open a sentence with it.
_TITLES_AT_END = re.compile(
    r"(?:\b(?:" + "|".join(sorted(TITLE_ABBREVIATIONS | ROLE_WORDS, key=len, reverse=True)) + r")\.?\s+)+$",
    re.I,
)
_FRONTING_WORDS = frozenset(
    "in on at after before during with speaking asked earlier later last this when while since despite "
    "although though as".split()
)
_SENTENCE_OPENERS = frozenset(["", "But", "And", "However,", "Then", "Meanwhile,", "Now", "Yet", "So"])
# Someone unnamed as a sentence's subject: "A spokesman for the BPI", "One official", "The BPI spokesman".
_UNNAMED = re.compile(
    r"\s*(?:(?:But|And)\s+)?(?:(?:An?|One)\s+(?:[\w'’()-]+\s+){0,5}?(?:spokesman|spokeswoman|spokesperson|"
    r"official|source|analyst|aide|executive|witness|resident)|The\s+(?:[\w'’()-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson))\b"
)


def resolve_speaker(
    who: str,
    at: int,
    quote_start: int,
    body: str,
    mentions: Mentions,
    last_speaker: tuple[int, Entity] | None = None,
) -> Entity | None:
    """The entity a speaker phrase names: a person or organisation inside it, else what a pronoun
    or "the agent" / "the club" points back to. "a source close to the firm" names nobody.
    ``last_speaker`` is (where it ended, who said it) of the last quote with a named person."""
    inside = [m for m in mentions if at <= m[0] and m[1] <= at + len(who)]
    words = who.lower().split()
    if not words:
        return None
    if words[-1] == "police":
        return _police(inside, mentions)
    people = [m for m in inside if m[2].label == "PERSON"]
    if not people:
        beside = _in_apposition(body, at, at + len(who), mentions)
        if beside is not None:
            # "A lawyer for the victims, Eduardo Contreras, told", "Rory O' Neill, editor of
            # Hazards magazine, said": the role stands beside the name of who speaks.
            return beside
    pos = min(at, quote_start)
    relative = _RELATIVE_OF.fullmatch(who)
    named_through = relative if relative and people and people[-1][1] <= at + relative.end("owner") else None
    related = _KIN_PHRASE.fullmatch(who) or named_through
    if related is not None:
        # "Yarnell's mother said", "his son said" are not Yarnell or "him": the person introduced
        # as a son ("Nogar's son Stephen"), else the one next reported speaking, if any.
        relation = people[-1][2] if relative and people else None
        introduced = _named_as(body, mentions, related.group("noun"), quote_start, relation)
        return introduced or (_next_speaker(body, mentions, quote_start, relation) if relation else None)
    if len(words) == 2 and words[0] in _POSSESSIVES and words[1] in _DOCUMENTS:
        # "their post said", "its statement said": whoever "their" or "its" is.
        return _antecedent(body, mentions, pos, _POSSESSIVES[words[0]])
    title_of = _TITLE_OF.fullmatch(who)
    if title_of and not people:
        # "The Archbishop of Canterbury said" after "the Archbishop of Canterbury, Dr Rowan Williams".
        introduced = _named_as(body, mentions, title_of.group("noun"), quote_start, None)
        if introduced is not None:
            return introduced
    head = _TITLE_HEAD.fullmatch(who)
    if head and not inside:
        # "the Bishop said" after "The Bishop of Durham, the Rt Rev Dr Tom Wright, described ...".
        titles = [
            t.group("noun")
            for t in _TITLE_OF.finditer(body, 0, pos)
            if t.group("noun").split()[0] == head.group("noun")
        ]
        introduced = _named_as(body, mentions, titles[-1], quote_start, None) if titles else None
        if introduced is not None:
            return introduced
    if people:
        return head_mention(body, people, people[-1], at - 1)[2]
    # A description ending in a common noun: "the top U.S. diplomat", "In its report ... the
    # committee". The names inside only qualify it; the noun says who speaks.
    tail = words[words.index("the") :] if "the" in words and who.split()[-1].islower() else []
    if words[0] == "the" and (who.split()[-1] in DEMONYMS or "-year-old" in who):
        # "the Australian", "the frustrated 38-year-old Swede": a person described, not a place;
        # the article's main person rather than whoever was named last ("her role as Maleficent").
        return _last_speaker_still(body, mentions, pos, last_speaker) or _antecedent(
            body, mentions, pos, ("PERSON",), salient=True
        )
    if words[0] in ("a", "an", "one") and who.split()[-1].islower():
        # Someone unnamed: "a source close to the firm", "a Google spokesman" (for the firm).
        orgs = [m for m in inside if m[2].label == "ORG"]
        return orgs[-1][2] if orgs else None
    if not tail:
        for label in ("ORG", "GPE"):
            named = [m for m in inside if m[2].label == label]
            if named:
                return named[-1][2]
    noun = words[-1]
    if tail and noun not in ORG_NOUNS:
        # "the authority" after "the Harbour Authority": an organisation named by that noun.
        named_so = [m for m in mentions if m[2].label == "ORG" and m[2].name.lower().split()[-1] == noun]
        found = _antecedent(body, named_so, pos, ("ORG",))
        if found is not None:
            return found
    if tail and noun not in ORG_NOUNS and noun.endswith("s") and not noun.endswith("ss"):
        return None  # "the filmmakers", "the organisers": several people, none named
    if tail and noun not in ORG_NOUNS:
        # "the cardinal" is the person whose role says so ("Cardinal Cormac Murphy-O'Connor").
        titled = [m for m in mentions if m[0] < pos and m[2].label == "PERSON" and noun in _role_words(m[2])]
        unnamed = _introduced_unnamed(body, noun, pos)
        if unnamed > (titled[-1][0] if titled else -1):
            return None  # "a law enforcement source told CNN. The source said": still nobody named
        if titled:
            return titled[-1][2]
        if not any(m[0] < pos and m[2].label == "PERSON" for m in mentions):
            # A first paragraph names a role, the next one the person: "..., the work and pensions
            # minister has said." then "..., Alan Johnson said."
            ahead = _next_speaker(body, mentions, pos, None)
            if ahead is not None:
                return ahead
    if words in (["he"], ["she"]) or (tail and noun not in ORG_NOUNS):
        if words in (["he"], ["she"]):
            if _unnamed_just_spoke(body, mentions, pos):
                return None
            # "she" passes over "her husband, actor Brad Pitt"; "he" over "Mrs Smith".
            mentions, last_speaker = _of_gender("m" if words == ["he"] else "f", body, mentions, last_speaker)
        return _last_speaker_still(body, mentions, pos, last_speaker) or _antecedent(
            body, mentions, pos, ("PERSON",), pronoun=words in (["he"], ["she"])
        )
    if tail and noun in ORG_NOUNS:
        itself = [m for m in inside if m[2].name.lower().split()[-1] == noun]
        if itself:  # "the Commons science and technology committee"
            return itself[-1][2]
        owners = [m for m in inside if m[2].label == "ORG"]
        if owners:  # "the AFI jury"
            return owners[-1][2]
        owner = next((w[:-2] for w in tail if w.endswith(("'s", "’s"))), None)
        if owner:
            # "the fund's website" speaks for the nearest organisation called a fund.
            found = _antecedent(
                body, [m for m in mentions if m[2].name.lower().split()[-1] == owner], pos, ("ORG",)
            )
            if found is not None:
                return found
        if noun in _DOCUMENTS:
            author = _author_of(body, noun, at, mentions)
            if author is not None:
                return author
        # "The bank said" after "JP Morgan said": the organisation just reported speaking; else
        # the nearest organisation called a committee for "the committee", else the nearest one.
        spoke = _just_spoke(body, mentions, pos, ("ORG",))
        if spoke is not None:
            return spoke
        called = [m for m in mentions if noun in m[2].name.lower().split()]
        found = _antecedent(body, called, pos, ("ORG",))
        if found is None and noun in _COMPANY_NOUNS:
            # "The Canada-based company says": the article's main company, not the last one named.
            found = max(
                (m[2] for m in mentions if m[1] <= pos and m[2].label == "ORG"),
                key=lambda e: e.salience,
                default=None,
            )
        return found or _antecedent(body, mentions, pos, ("ORG", "GPE"))
    if words in (["it"], ["they"]):
        return _antecedent(body, mentions, pos, ("ORG", "GPE") if words == ["it"] else ("ORG", "PERSON"))
    return None


def _introduced_unnamed(body: str, noun: str, pos: int) -> int:
    """Where the last "a source", "an Army official", "one witness" before ``pos`` introduced
    someone unnamed by ``noun`` (-1 if none did)."""
    pattern = rf"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w'’.-]+\s+){{0,4}}?{re.escape(noun)}\b"
    return max((m.start() for m in re.finditer(pattern, body[:pos])), default=-1)


def _role_words(entity: Entity) -> set[str]:
    return set(entity.role.lower().split()) if entity.role else set()


def _unnamed_just_spoke(body: str, mentions: Mentions, pos: int) -> bool:
    """True when "he"/"she" follows a sentence whose subject is someone unnamed ("A spokesman for
    the BPI said ... . “...,” he said"): the pronoun is that person, not a name further back."""
    this = start_of_sentence(body, pos)
    sentence = body[this + 1 : pos]
    if not _UNNAMED.match(sentence) and not _UNNAMED.match(sentence.lstrip('"“ ')):
        before = start_of_sentence(body, max(0, this))
        sentence, this = body[before + 1 : this + 1], before
        if not _UNNAMED.match(sentence):
            return False
    return not any(this < m[0] < pos and m[2].label == "PERSON" for m in mentions)


def _of_gender(
    sex: str, body: str, mentions: Mentions, last_speaker: tuple[int, Entity] | None
) -> tuple[Mentions, tuple[int, Entity] | None]:
    """The mentions and last speaker with every person the article shows to be of the other sex
    left out."""
    known: dict[str, str | None] = {}

    def fits(entity: Entity) -> bool:
        if entity.label != "PERSON":
            return True
        if entity.id not in known:
            known[entity.id] = gender(entity, body)
        return known[entity.id] in (None, sex)

    kept = [m for m in mentions if fits(m[2])]
    return kept, last_speaker if last_speaker is None or fits(last_speaker[1]) else None


def _last_speaker_still(
    body: str, mentions: Mentions, pos: int, last_speaker: tuple[int, Entity] | None
) -> Entity | None:
    """The person last quoted, when no other person has come up since ("...," said Foxx. He also
    praised the director: "..."); "he" then most likely goes on with the same voice."""
    if last_speaker is None:
        return None
    end, entity = last_speaker
    if not 0 <= pos - end < 600:
        return None
    for s, e, other in mentions:
        if (
            end <= s < pos
            and other.label == "PERSON"
            and other is not entity
            and not after_preposition(body, s)
            and body[e : e + 1] not in ("'", "’")
        ):
            return None  # someone else has come up as a subject since
    return entity


def _antecedent(
    body: str,
    mentions: Mentions,
    pos: int,
    labels: tuple[str, ...],
    salient: bool = False,
    pronoun: bool = False,
) -> Entity | None:
    """The nearest earlier mention of the labels, preferring one near the start of its sentence
    (a subject) over one deep inside it (an object: "third behind Hayley Yelling"). With no subject
    near, the last one named, or with ``salient`` the article's most salient one. For a
    ``pronoun``, a person who has opened a sentence since outranks one who spoke before."""
    spoken = _just_spoke(body, mentions, pos, labels, pronoun)
    if spoken is not None:
        return spoken
    candidates = [m for m in mentions if m[1] <= pos and m[2].label in labels]
    if not candidates:
        return None
    window = [m for m in candidates if pos - m[0] < 400]
    for m in reversed(window):
        if _subject_like(body, m):
            return m[2]
    if salient:
        return max((m[2] for m in candidates), key=lambda entity: entity.salience)
    # No subject near: the last one named, passing over objects of a preposition ("aboard the
    # Reagan") when someone else was named without one.
    free = [m for m in window if not after_preposition(body, m[0])]
    return (free or candidates)[-1][2]


def _just_spoke(
    body: str, mentions: Mentions, pos: int, labels: tuple[str, ...], pronoun: bool = False
) -> Entity | None:
    """Someone just reported as speaking ("spokeswoman Kelley Luckstein said. “...,” she said"); for
    "he"/"she" that includes a full name the small model took for an organisation or a place."""
    near = [m for m in reversed(mentions) if m[1] <= pos and pos - m[0] < 400]
    # "according to John Houlihan, editor of ... “...,” he says": a source is someone speaking.
    sources = {m for m in near if _ACCORDING_BEFORE.search(body, max(0, m[0] - 20), m[0])}
    near = [m for m in near if m in sources or not after_preposition(body, m[0])]
    # ...unless another person has since opened a sentence: in "“...,” Thomas said. But Henson
    # retracted her claim. “...,” she said" she is Henson.
    subject_since = (
        next((m[0] for m in near if m[2].label == "PERSON" and _new_subject(body, m)), -1) if pronoun else -1
    )
    spoke = [
        head_mention(body, mentions, m, start_of_sentence(body, m[0]))[2]
        for m in near
        if (m in sources or SPOKE.match(body, m[1])) and m[0] >= subject_since
    ]
    for entity in spoke:
        if entity.label in labels:
            return entity
    for entity in spoke:
        if "PERSON" in labels and _looks_like_a_name(entity):
            return entity
    return None


def _police(inside: Mentions, mentions: Mentions) -> Entity | None:
    """ "West Midlands police said", "police said": the force named in the phrase, else the
    article's main force (an organisation called police or constabulary), else nobody named."""
    for _, _, entity in reversed(inside):
        if entity.label in ("ORG", "GPE"):
            return entity
    forces = [m[2] for m in mentions if m[2].label == "ORG" and _FORCE.search(m[2].name)]
    return max(forces, key=lambda force: force.salience, default=None)


def _author_of(body: str, noun: str, at: int, mentions: Mentions) -> Entity | None:
    """Who wrote the document ``noun`` named before ``at`` or by the speaker phrase there: "a press
    release from the MQM", "an FBI affidavit", "the ministry's statement", "The letter, from the
    Home Office, says"."""
    named = [
        m.start() for m in re.compile(rf"\b{re.escape(noun)}\b", re.I).finditer(body, 0, at + len(noun) + 4)
    ]
    for where in reversed(named):
        for s, e, entity in mentions:
            if entity.label not in ("ORG", "GPE", "PERSON"):
                continue
            if s >= where and _BY_AUTHOR.fullmatch(body, where + len(noun), s):
                return entity
            if e <= where and _AUTHOR_OWNS.fullmatch(body, e, where):
                return entity
    return None


def _named_as(
    body: str, mentions: Mentions, description: str, pos: int, other_than: Entity | None
) -> Entity | None:
    """The person the article introduces with ``description`` right before their name ("Nogar's
    son Stephen", "the Archbishop of Canterbury, Dr Rowan Williams"): the last one before ``pos``,
    else the first after it."""
    starts = {m.end(): m.start() for m in re.finditer(rf"\b{re.escape(description)}\b", body, re.I)}
    found = []
    for s, _, entity in mentions:
        if entity.label != "PERSON" or entity is other_than:
            continue
        lead = _INTRODUCED.search(body, max(0, s - 16), s)
        if lead and lead.start() in starts:
            found.append((s, entity))
    before = [entity for s, entity in found if s < pos]
    after = [entity for s, entity in found if s >= pos]
    return before[-1] if before else (after[0] if after else None)


def _in_apposition(body: str, start: int, end: int, mentions: Mentions) -> Entity | None:
    """The person named between commas right after a phrase, or right before it: "a lawyer, Eduardo
    Contreras, told", "Rory O' Neill, editor of Hazards magazine, said"."""
    for s, e, entity in mentions:
        if entity.label != "PERSON":
            continue
        after = body[end:s]
        if after.strip() == "," and body[e : e + 1] == ",":
            return entity
        if body[e:start].strip() == "," and opens_sentence(body, start_of_sentence(body, s), s):
            return entity
    return None


def _next_speaker(body: str, mentions: Mentions, pos: int, other_than: Entity | None) -> Entity | None:
    """The first person after ``pos`` (within 300 characters) reported speaking, other than
    ``other_than``: "Yarnell's mother said ... “...,” Michele Yarnell told CNN."""
    for s, e, entity in mentions:
        if (
            pos <= s < pos + 300
            and entity.label == "PERSON"
            and entity is not other_than
            and SPOKE.match(body, e)
        ):
            return entity
    return None


def after_preposition(body: str, pos: int) -> bool:
    """True when a preposition ends right before ``pos`` ("third behind Hayley Yelling", "aboard
    the Reagan"): a name there is an object, not someone speaking."""
    return PREPOSITION_BEFORE.search(body, max(0, pos - 20), pos) is not None


def _start_before(body: str, pos: int) -> int:
    """Index just before the sentence holding ``pos`` begins, never before its paragraph."""
    return max(start_of_sentence(body, pos), body.rfind("\n", 0, pos))


def _subject_like(body: str, mention: tuple[int, int, Entity]) -> bool:
    """At most two words before the mention in its sentence ("Then Tom Baker ..."), and not a
    possessive ("Warne's interviews provoked ...")."""
    s, e, _ = mention
    sentence_start = _start_before(body, s)
    # "Sylvester Stallone's ex-wife Brigitte Nielsen nominated ...": she opens the sentence.
    relative = _RELATIVE_BEFORE.search(body, max(sentence_start, s - 80), s)
    opens_at = relative.start() if relative else s
    return opens_sentence(body, sentence_start, opens_at) and body[e : e + 1] not in ("'", "’")


def _new_subject(body: str, mention: tuple[int, int, Entity]) -> bool:
    """The mention opens its sentence, after at most a conjunction, and its verb follows: "But
    Henson retracted ...", not "He said Yassine Labidi was ..." or "Gardener, Darren Campbell"."""
    s, e, _ = mention
    sentence_start = _start_before(body, s)
    lead = _TITLES_AT_END.sub("", body[sentence_start + 1 : s]).strip(' "“”')
    # Or after a phrase fronted before it: "In a statement through her lawyer, Jones repeated ...".
    fronted = lead.endswith(",") and lead.split()[0].lower() in _FRONTING_WORDS
    return (lead in _SENTENCE_OPENERS or fronted) and _VERB_NEXT.match(body, e) is not None


def _looks_like_a_name(entity: Entity) -> bool:
    """One to three capitalised words with nothing of a place, an acronym or an organisation
    ("AL Gooneratne", "Pettit")."""
    words = entity.name.split()
    return (
        1 <= len(words) <= 3
        and not entity.name.isupper()
        and not place_name(entity.name)
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and not is_known_place(entity.name)
        and words[-1].lower() not in ORG_NOUNS
    )


def shown_speaker(who: str | None, entity: Entity | None) -> str | None:
    """The entity's name when the speaker phrase is just that entity ("White House press secretary
    Jen Psaki" -> "Jen Psaki", "he" -> the person), else the phrase as written ("Council officials")."""
    if entity is None or who is None:
        return who
    bare = (who[4:] if who.lower().startswith("the ") else who).lower()  # "the Harbour Council"
    if entity.label == "PERSON" or who.lower() in PRONOUNS or bare == entity.name.lower():
        return entity.name
    return entity.name if any(bare == m.text.lower() for m in entity.mentions) else who


def head_mention(
    body: str, mentions: Mentions, mention: tuple[int, int, Entity], since: int
) -> tuple[int, int, Entity]:
    """The person a name only qualifies: in "Ann Harrison of advocacy group PEN International" or
    "JF Sullivan, spokesman for e-mail firm Sendmail" the person, else the mention itself."""
    for found in mentions:
        s0, e0, head = found
        between = QUALIFIER.fullmatch(body, e0, mention[0]) if since < s0 and e0 < mention[0] else None
        # A role after the comma makes a person of what the small model took for something else
        # ("Alain Terzian, president of Cesar organisers, the Academie ...").
        if between and (head.label == "PERSON" or between.group().replace(",", " ").split()[0] in ROLE_WORDS):
            return found
    return mention
