"""Cue finders: each reads the text around a quote and returns the speaker phrase it names, if
any ("X said", "said one of their lawyers, X", "He went on to say:")."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from newsbrief.entities.roles import ROLE_WORDS, role_before
from newsbrief.quotes.context import (
    Candidate,
    Cue,
    Mentions,
    QuoteContext,
    end_of_sentence,
    opens_sentence,
    start_of_sentence,
)
from newsbrief.quotes.patterns import (
    ACCORDING,
    AFTER_BY,
    AFTER_PASSIVE,
    AFTER_QUOTED,
    AFTER_QUOTED_HIM,
    AFTER_SUBJECT,
    AFTER_VERB,
    ARTICLE_BEFORE,
    ATTRIBUTION_SENTENCE,
    BE_FORMS,
    BEFORE,
    CALLED_NAME,
    CONTRAST,
    DESCRIBED_SPEAKS,
    FRONTED,
    INVERTED,
    LEADING,
    NAME_AFTER,
    NAME_ENDS,
    NOT_NOUNS,
    NOUN_AFTER,
    OPENING_PRONOUN,
    PARTICIPLE,
    PARTICIPLE_CLAUSE,
    PARTICLE_NAME,
    PASSIVE,
    PRONOUN_SPEAKS,
    PRONOUNS,
    QUOTED_IN,
    RELATIVE,
    RELATIVE_SPEAKER,
    SENTENCE_TAIL,
    SPEECH_ACT,
    SUBJECT_FORM,
    SUBJECT_VERB,
    TAIL_ACCORDING,
    TAIL_CUE,
    TITLE_RUN,
    VERB_ANYWHERE,
    VERB_FIRST,
)
from newsbrief.quotes.speakers import after_preposition, head_mention

_THAT = re.compile(r"\s+that\b")
_FRONTED_PRONOUN = re.compile(r"([Hh]e|[Ss]he)\s")


def cleaned(find: Callable[[Candidate], Cue | None]) -> Callable[[Candidate], Cue | None]:
    """``find``, its phrase trimmed and refused when what is left cannot be a speaker: what a cue
    pattern matched ("once", "however", "They are called") may name nobody."""

    @functools.wraps(find)
    def sieve(c: Candidate) -> Cue | None:
        return _clean(find(c))

    return sieve


def _clean(found: Cue | None) -> Cue | None:
    """Trim a speaker phrase; ``None`` when what is left cannot be a speaker ("once", "however")."""
    if found is None:
        return None
    who, at, cue = found
    who = who.strip(" ,")
    if who.endswith(".") and len(who.split()[-1]) > 2:
        who = who[:-1]  # the sentence's full stop, not an initial
    lead = LEADING.match(who)
    if lead:
        at += lead.end()
        who = who[lead.end() :]
    words = who.split()
    if words and words[-1].lower() in BE_FORMS:
        return None  # "They are called “free”": a passive, nobody speaks
    # "al-Masri", "bin Laden": a name may open with a lower-case particle.
    named = any(w[:1].isupper() or PARTICLE_NAME.match(w) for w in words)
    descriptive = bool(words) and words[0].lower() in ("the", "a", "an", "one", "his", "her", "their", "its")
    police = bool(words) and words[-1].lower() == "police"  # "police said": the force, if named
    if not words or not (named or descriptive or police or who.lower() in PRONOUNS):
        return None
    return who, at, cue


@cleaned
def said_after(c: Candidate) -> Cue | None:
    """ "..., said X" / "..." X said / "..." by X — unless the quote ended its own sentence."""
    ctx = c.where
    if ctx.ends_sentence:
        return None
    for pattern in (AFTER_QUOTED_HIM, AFTER_QUOTED, AFTER_PASSIVE, AFTER_VERB, AFTER_SUBJECT, AFTER_BY):
        m = pattern.match(ctx.after)
        if m and m.groupdict().get("loose") and not m.group("who")[:1].isupper():
            m = None  # an unclosed appositive only after a name ("Wang Ya'nan, deputy editor ... told")
        if m and ctx.body[ctx.end - 1 : ctx.end] in ("?", "!") and _THAT.match(ctx.after, m.end()):
            # “...be legal?” Doctor Castillo said that ...: a new sentence reports its own speech.
            return None
        if m and (m.groupdict().get("verb") or "").lower() in ("called", "named"):
            called = CALLED_NAME.match(ctx.after, m.end("verb"))
            if called:
                # '“...,” a user called Caleb Parke tweeted': Caleb Parke, who tweeted.
                return called.group("name"), ctx.after_at + called.start("name"), called.group("verb").lower()
        if m and CONTRAST.match(m.group("who")):
            return None  # '“desperate”, while the Lib Dems said ...': another clause, another speaker
        if m:
            verb = (m.groupdict().get("verb") or "by").lower()
            if pattern is AFTER_QUOTED_HIM:
                return SUBJECT_FORM[m.group("who")], ctx.after_at + m.start("who"), verb
            named = m.groupdict().get("named")
            if named and m.group("who")[:1].islower() and named[:1].isupper():
                # "the play's organiser in Uganda, Sarah Mukasa, told": the name in the appositive.
                return named, ctx.after_at + m.start("named"), verb
            name = NAME_AFTER.match(ctx.after, m.start("who")) if m.group("who")[:1].islower() else None
            if name and pattern is AFTER_VERB:
                # "said one of their lawyers, Michalis Dimitrakopoulos.": the name that follows.
                return name.group("name"), ctx.after_at + name.start("name"), verb
            return m.group("who"), ctx.after_at + m.start("who"), verb
    return None


@cleaned
def attribution_sentence(c: Candidate) -> Cue | None:
    """'“... what we do.” Spike Call, command master chief of the Reagan, said in The 76er.': a
    quote that closed its sentence, then a sentence that only says who spoke."""
    ctx = c.where
    if not ctx.ends_sentence:
        return None
    m = ATTRIBUTION_SENTENCE.match(ctx.after)
    return (m.group("who"), ctx.after_at + m.start("who"), m.group("verb").lower()) if m else None


@cleaned
def said_before(c: Candidate) -> Cue | None:
    """X said: "..." / X told the BBC: "..." """
    ctx = c.where
    m = BEFORE.search(ctx.before)
    if not m:
        first = VERB_FIRST.search(ctx.before)  # "Notes Hollywood stylist Cristina Ehrlich: “...”"
        if first:
            return (
                first.group("who"),
                ctx.sentence_start + 1 + first.start("who"),
                first.group("verb").lower(),
            )
        return None
    verb = m.group("verb").lower()
    pronoun = OPENING_PRONOUN.fullmatch(m.group("who").split()[0])
    if pronoun and len(m.group("who").split()) > 1:
        # "He was not shy about it and said that ...": the phrase is a clause; its "he" speaks.
        return pronoun.group(1), ctx.sentence_start + 1 + m.start("who"), verb
    quoted = QUOTED_IN.search(m.group("who"))
    if quoted:
        # "Mr Houston was quoted in the Herald newspaper saying:": the one quoted, not the paper.
        return m.group("who")[: quoted.start()], ctx.sentence_start + 1 + m.start("who"), verb
    name = NAME_ENDS.search(ctx.before, 0, m.start())
    described = m.group("who").split()[0].lower() in ("a", "an", "the", "one")
    apposition = m.group("apposition").strip(" ,—–-")
    if m.group("who").split()[0] in ("The", "the") and apposition[:1].isupper():
        # "The chairman, Ambassador Tom Baker of Norway, warned that": the name in apposition.
        return (
            apposition,
            ctx.sentence_start + 1 + m.start("apposition") + m.group("apposition").index(apposition),
            verb,
        )
    if described and name and opens_sentence(ctx.before, -1, name.start()):
        # "Martin Weiss, a spokesman for the ministry tweeted that “...”": the name described.
        return name.group("name"), ctx.sentence_start + 1 + name.start("name"), verb
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), verb


@cleaned
def relative_clause(c: Candidate) -> Cue | None:
    """ "Jones, who described the fall as “the scariest moment of my life,” told the ABC": the
    person the relative clause is about, not whoever the main verb's object is."""
    ctx = c.where
    m = RELATIVE_SPEAKER.search(ctx.before)
    return (m.group("who"), ctx.sentence_start + 1 + m.start("who"), "who") if m else None


@cleaned
def according_to(c: Candidate) -> Cue | None:
    """ "According to X, “...”" and "“...,” according to X": the source the sentence names."""
    ctx = c.where
    m = ACCORDING.search(ctx.before)
    if m:
        return m.group("who"), ctx.sentence_start + 1 + m.start("who"), "according to"
    after = ctx.after.lstrip(" ,")
    m = ACCORDING.match(after)
    # '“...,” according to X' - not '“...” According to the examiner, ...', a sentence of its own.
    if m and not ctx.ends_sentence and after.startswith("according"):
        return m.group("who"), ctx.after_at + len(ctx.after) - len(after) + m.start("who"), "according to"
    return None


@cleaned
def says_inverted(c: Candidate) -> Cue | None:
    """ "The plan would save money, says the party - and so use it more "intelligently""."""
    ctx = c.where
    m = INVERTED.search(ctx.before)
    if not m or (m.group("who")[:1].islower() and len(m.group("who").split()) > 3):
        return None  # "X, president of Y, said the changes in the rules, which ...": no speaker
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()


@cleaned
def participle(c: Candidate) -> Cue | None:
    """ "Wozniacki ... had her photo taken with the singer, tweeting: "..."": the sentence's subject."""
    ctx = c.where
    mentions = c.mentions
    m = PARTICIPLE.search(ctx.before) or PARTICIPLE_CLAUSE.search(ctx.before)
    if not m:
        return None
    # "..., he told the court, saying ...": the clause's own subject is a pronoun.
    pronoun = list(PRONOUN_SPEAKS.finditer(ctx.before, 0, m.start()))
    if pronoun:
        who = pronoun[-1]
        return who.group("who"), ctx.sentence_start + 1 + who.start("who"), m.group("verb").lower()
    cut = ctx.sentence_start + 1 + m.start()
    subject_like = [
        (s, e, entity)
        for s, e, entity in mentions
        if ctx.sentence_start < s
        and e <= cut
        and entity.label in ("PERSON", "ORG")
        and not after_preposition(ctx.body, s)
    ]
    # A person anywhere before the participle; else an organisation as the sentence's subject.
    people = [t for t in subject_like if t[2].label == "PERSON"]
    orgs = [t for t in subject_like if opens_sentence(ctx.body, ctx.sentence_start, t[0])]
    for s, e, _entity in people[:1] or orgs[:1]:
        return ctx.body[s:e], s, m.group("verb").lower()
    return None


@cleaned
def colon(c: Candidate) -> Cue | None:
    """ "He also praised the director: “...”", "It read: “...”": a colon hands the sentence's
    subject the quote."""
    ctx = c.where
    mentions = c.mentions
    if not ctx.before.rstrip().endswith(":"):
        return None
    first = ctx.before.split()[0] if ctx.before.split() else ""
    pronoun = {"His": "he", "Her": "she", "Its": "it", "Their": "they"}.get(first, first)
    if pronoun in ("He", "She", "It", "They", "he", "she", "it", "they"):
        # "His message to the chancellor was: ..." is his.
        return pronoun, ctx.sentence_start + 1 + ctx.before.index(first), ":"
    if first.lower() in ("a", "an", "one"):
        return None  # "A Tunisian woman ... holds a sign:": someone unnamed
    for s, e, entity in mentions:
        lead = ctx.body[ctx.sentence_start + 1 : s]
        # The subject opens the sentence, perhaps after a fronted clause ("To avoid losing
        # sales, Mgbachi has developed a model: ...").
        fronted = lead.rstrip().endswith(",") and lead.count(",") == 1
        if (
            ctx.sentence_start < s < ctx.start
            and (opens_sentence(ctx.body, ctx.sentence_start, s) or fronted)
            and entity.label in ("PERSON", "ORG")
        ):
            return ctx.body[s:e], s, ":"
    return None


@cleaned
def described_speaker(c: Candidate) -> Cue | None:
    """ "In a tweet, the space agency said ... but “it's a known issue”": a described speaker."""
    ctx = c.where
    m = DESCRIBED_SPEAKS.search(ctx.before)
    return (m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()) if m else None


@cleaned
def pronoun_speaks(c: Candidate) -> Cue | None:
    """ "But he said for Russia to make progress the government must “renew ...”" """
    ctx = c.where
    found = list(PRONOUN_SPEAKS.finditer(ctx.before))
    if not found:
        return None
    m = found[-1]
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()


@cleaned
def named_subject(c: Candidate) -> Cue | None:
    """A named subject that speaks earlier in the same sentence."""
    ctx = c.where
    mentions = c.mentions
    body, start = ctx.body, ctx.start
    # "Psaki also noted via a statement that the measures “are separate ...”"
    for s, e, _entity in reversed(mentions):
        if ctx.sentence_start < s and e <= start - 1:
            if RELATIVE.match(body, max(body.rfind(",", ctx.sentence_start + 1, s), 0), s):
                continue  # inside "X, who played Baldrick, told ...": X speaks, not Baldrick
            if after_preposition(body, s):
                continue  # "Ambassador Stefan Johannesson of Iceland, warned": not Iceland
            verb = SUBJECT_VERB.match(body, e, start)
            if verb and PASSIVE.search(body, e, verb.start("verb")):
                return None  # "Scrushy, 52, is accused of “directing” ...": said of them, not by them
            if verb:
                described = _described_by(body, s, e) if _entity.label != "PERSON" else None
                if described is not None:
                    return body[described : verb.start("verb")], described, verb.group("verb").lower()
                s, e, _entity = head_mention(body, mentions, (s, e, _entity), ctx.sentence_start)
                return body[s:e], s, verb.group("verb").lower()
    # "Mr Cook, who is giving evidence ..., told BBC Radio 4 ... the public were “...”": the
    # sentence's subject, when the sentence reports speech before the quote.
    verbs = [v for v in VERB_ANYWHERE.finditer(ctx.before) if not PASSIVE.search(ctx.before, 0, v.start())]
    if verbs and not _in_relative_clause(ctx.before, verbs[-1].start()):
        verb_at = ctx.sentence_start + 1 + verbs[-1].start()
        for s, e, _entity in mentions:
            # Before its verb: in "He says Tony Blair was not worried ..." Blair is no subject, nor
            # is a name after a preposition ("Speaking on BBC Radio 4, he criticised ...").
            if (
                ctx.sentence_start < s < verb_at
                and opens_sentence(body, ctx.sentence_start, s)
                and not after_preposition(body, s)
            ):
                return body[s:e], s, verbs[-1].group(1).lower()
        # "He wasn't shy about it and said Tuesday that the letter is “...”": its "he".
        pronoun = OPENING_PRONOUN.match(ctx.before)
        if pronoun:
            return pronoun.group(1), ctx.sentence_start + 1 + pronoun.start(1), verbs[-1].group(1).lower()
    return None


def _described_by(body: str, s: int, e: int) -> int | None:
    """Where the noun phrase starts that an organisation's name only qualifies: "The Penn State
    graduate" (a person), "A Google spokesman"; ``None`` when the name itself is the subject
    ("Google has said", "NASA said")."""
    noun = NOUN_AFTER.match(body, e)
    if noun is None or noun.group(1) in NOT_NOUNS or VERB_ANYWHERE.fullmatch(noun.group(1)):
        return None
    article = ARTICLE_BEFORE.search(body, max(0, s - 4), s)
    return article.start() if article else s


def _in_relative_clause(text: str, pos: int) -> bool:
    """True when ``pos`` lies in a ", who ..." clause not yet closed by a comma ("a convicted
    rapist, who blamed his victim and said she ...": the rapist speaks, not the sentence's subject)."""
    clauses = list(RELATIVE.finditer(text, 0, pos))
    return bool(clauses) and "," not in text[clauses[-1].end() : pos]


@cleaned
def sentence_tail(c: Candidate) -> Cue | None:
    """ "... could confound predictions of a low turnout, Charles Kennedy has said." """
    ctx = c.where
    if ctx.ends_sentence:
        return None
    sentence_end = end_of_sentence(ctx.body, max(ctx.start, ctx.end - 1), ctx.para_end)
    m = SENTENCE_TAIL.search(ctx.body, ctx.end, sentence_end)
    if m:
        return m.group("who"), m.start("who"), m.group("verb").lower()
    # "... is proving to be “the single most important transformation” of the century, according
    # to Jamal Saghir, director of ...": the source the sentence ends on.
    m = TAIL_ACCORDING.search(ctx.body, ctx.end, sentence_end)
    if m and not any(c in ctx.body[ctx.end + 1 : m.start()] for c in '"“”'):
        return m.group("who"), m.start("who"), "according to"
    return None


def sentence_subject(c: Candidate) -> Cue | None:
    """A few words quoted in a sentence about a person are that person's: "He apologised for his
    “deplorable actions”", "Prince Charles paid tribute to the “brilliant” way ...". Only a
    person (or "he"/"she") who opens the sentence counts, never an organisation or a place, and
    only where the sentence is about something said ("apologised", "tribute", "comments"): in
    "Hanks shows up in the video “singing”" nobody is quoted."""
    if c.full_sentence:
        return None  # a quoted sentence: the sentence before tells whose it is
    ctx = c.where
    mentions = c.mentions
    if not about_speech(ctx.before):
        return None
    start = ctx.sentence_start + 1
    return _opening_person(ctx.body, start, ctx.before, mentions, "subject") or _opening_organisation(
        ctx.body, start, ctx.before, mentions
    )


def about_speech(lead: str) -> bool:
    """``lead`` (a sentence up to a quote) tells of something said: a speech verb or act not in
    the passive ("He apologised for", "paid tribute to"); "He was cited as an “...”" is not."""
    said = [m for pattern in (VERB_ANYWHERE, SPEECH_ACT) for m in pattern.finditer(lead)]
    return any(not PASSIVE.search(lead, 0, m.start()) for m in said)


def _opening_organisation(body: str, start: int, lead: str, mentions: Mentions) -> Cue | None:
    """The organisation that opens ``lead`` (not a possessive): "Movie studio DreamWorks attributed
    his absence to a “minor health issue”", "In 2012, the ICC issued a warrant, alleging ..."."""
    return _opening_mention(body, start, lead, mentions, "ORG", "subject")


def _opening_mention(
    body: str, start: int, lead: str, mentions: Mentions, label: str, cue: str
) -> Cue | None:
    """The first mention with ``label`` (not a possessive) that opens ``lead``, the text of a
    sentence from ``start``, or its main clause; a person's role opens it with them."""
    for s, e, entity in mentions:
        if not (start <= s < start + len(lead) and entity.label == label) or body[e : e + 1] in ("'", "’"):
            continue
        if _opens_clause(body, start, _role_start(body, s) if label == "PERSON" else s):
            return body[s:e], s, cue
    return None


def _opens_clause(body: str, start: int, pos: int) -> bool:
    """``pos`` opens the sentence that starts at ``start``, or its main clause after a fronted
    phrase ("In 2012, the ICC ...", "In an interview ahead of his tour -- Prince Charles ...")."""
    return opens_sentence(body, start - 1, pos) or FRONTED.fullmatch(body, start, pos) is not None


def sentence_before(ctx: QuoteContext) -> tuple[int, int] | None:
    """Start and end of the sentence before a quote that opens its sentence: the one before in
    the paragraph, or the last of the paragraph before; ``None`` when there is none."""
    if ctx.before.strip():
        return None
    last_end = ctx.sentence_start if ctx.sentence_start > ctx.para_start else ctx.para_start - 1
    if last_end <= 0:
        return None
    return start_of_sentence(ctx.body, last_end) + 1, last_end


def previous_subject(c: Candidate) -> Cue | None:
    """A quoted sentence after a sentence about a person is that person's words: "He capped a
    brilliant year with three titles. “The Olympic gold will always be there ...”". The person
    must open that sentence (or be its "he"/"she"), before any quotation mark in it."""
    if not c.full_sentence:
        return None  # words quoted inside a sentence: its own subject tells
    ctx = c.where
    mentions = c.mentions
    bounds = sentence_before(ctx)
    if bounds is None:
        return None
    last_start, last_end = bounds
    found = _sentence_subject(ctx.body, last_start, last_end, mentions)
    if found is None and not _names_a_person(last_start, last_end, mentions) and last_start > ctx.para_start:
        # One sentence that names nobody may stand between: "Skipper Ian Walker spoke about the
        # race. This is the 45-year-old Briton's third. “...”".
        earlier_start = start_of_sentence(ctx.body, last_start - 1) + 1
        found = _sentence_subject(ctx.body, earlier_start, last_start - 1, mentions)
    return found


def _names_a_person(start: int, end: int, mentions: Mentions) -> bool:
    return any(start <= s < end and entity.label == "PERSON" for s, _, entity in mentions)


def _sentence_subject(body: str, start: int, end: int, mentions: Mentions) -> Cue | None:
    """The person who opens the sentence ``body[start:end]``, before any quotation mark in it."""
    sentence = body[start:end]
    marks = [i for i in (sentence.find(m) for m in '"“') if i >= 0]
    lead = sentence[: min(marks)] if marks else sentence
    return _opening_person(body, start, lead, mentions, "previous sentence")


def _opening_person(body: str, start: int, lead: str, mentions: Mentions, cue: str) -> Cue | None:
    """The "he"/"she" or the person (not a possessive) that opens ``lead``, the text of a
    sentence from ``start``: the person the sentence is about."""
    pronoun = OPENING_PRONOUN.match(lead)
    if pronoun:
        return pronoun.group(1), start + pronoun.start(1), cue
    fronted = FRONTED.match(lead)
    pronoun = _FRONTED_PRONOUN.match(lead, fronted.end()) if fronted else None
    if pronoun:
        # "In President Xi's New Year speech, he reiterated ...": the main clause's "he".
        return pronoun.group(1), start + pronoun.start(1), cue
    return _opening_mention(body, start, lead, mentions, "PERSON", cue)


def _role_start(body: str, name_start: int) -> int:
    """Where the role written before a name begins ("Abu Dhabi Ocean Racing skipper Ian Walker",
    "U.S. Secretary of State John Kerry"), else where the name begins: a role and its name open a
    sentence together."""
    role = role_before(body, name_start)
    found = body.rfind(role, 0, name_start) if role else -1
    title = TITLE_RUN.search(body, max(0, name_start - 60), name_start)
    if title and any(w.lower() in ROLE_WORDS for w in title.group().split()):
        found = title.start() if found < 0 else min(found, title.start())
    return found if found >= 0 else name_start


@cleaned
def previous_sentence(c: Candidate) -> Cue | None:
    """ "Director Peter Chelsom said he was disappointed.\n“It's a shame ...”" """
    ctx = c.where
    mentions = c.mentions
    body, para_start = ctx.body, ctx.para_start
    opens_paragraph = not body[para_start : max(para_start, ctx.start - 1)].strip()
    bounds = sentence_before(ctx)
    if bounds is None:
        return None
    offset, last_end = bounds
    last_sentence = body[offset:last_end]
    # Mid-paragraph, only after a sentence of narration: "Ms Robinson tells Cockerell that she
    # despaired ... “I used to ...”"
    if not opens_paragraph and any(mark in last_sentence for mark in '"“”'):
        return None
    verb = VERB_ANYWHERE.search(last_sentence)
    if not verb:
        return None
    tail = TAIL_CUE.search(last_sentence)
    if tail and not any(mark in last_sentence for mark in '"“”'):
        # "Shafqat was calm, Manzoor Hussain, his brother told CNN. “He had said ...”"
        return tail.group("who"), offset + tail.start("who"), tail.group("verb").lower()
    pronoun = PRONOUN_SPEAKS.search(last_sentence)
    opening = pronoun is not None and len(last_sentence[: pronoun.start()].split()) <= 2
    if pronoun and opening and pronoun.start("who") <= verb.start():
        # "But he said an EU code of conduct would prevent ... “If it is lifted ...”": he.
        return pronoun.group("who"), offset + pronoun.start("who"), pronoun.group("verb").lower()
    for s, e, entity in mentions:
        if (
            offset <= s < offset + verb.start()
            and entity.label in ("PERSON", "ORG")
            and len(body[offset:s].split()) <= 4
        ):
            return body[s:e], s, VERB_ANYWHERE.findall(last_sentence)[-1].lower()
    return None
