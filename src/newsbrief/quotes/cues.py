"""Cue finders: each reads the text around a quote and returns the speaker phrase it names, if
any ("X said", "said one of their lawyers, X", "He went on to say:")."""

from __future__ import annotations

import re

from newsbrief.entities.roles import ROLE_WORDS, role_before
from newsbrief.quotes.context import Cue, Mentions, _Context, _opens_sentence, _sentence_end, _sentence_start
from newsbrief.quotes.patterns import (
    _ACCORDING,
    _AFTER_BY,
    _AFTER_PASSIVE,
    _AFTER_QUOTED,
    _AFTER_QUOTED_HIM,
    _AFTER_SUBJECT,
    _AFTER_VERB,
    _ARTICLE_BEFORE,
    _ATTRIBUTION_SENTENCE,
    _BEFORE,
    _CALLED_NAME,
    _CONTRAST,
    _DESCRIBED_SPEAKS,
    _FRONTED,
    _INVERTED,
    _LEADING,
    _NAME_AFTER,
    _NAME_ENDS,
    _NOT_NOUNS,
    _NOUN_AFTER,
    _OPENING_PRONOUN,
    _PARTICIPLE,
    _PARTICIPLE_CLAUSE,
    _PARTICLE_NAME,
    _PASSIVE,
    _PRONOUN_SPEAKS,
    _PRONOUNS,
    _QUOTED_IN,
    _RELATIVE,
    _RELATIVE_SPEAKER,
    _SENTENCE_TAIL,
    _SPEECH_ACT,
    _SUBJECT_FORM,
    _SUBJECT_VERB,
    _TAIL_ACCORDING,
    _TAIL_CUE,
    _TITLE_RUN,
    _VERB_ANYWHERE,
    _VERB_FIRST,
    BE_FORMS,
)
from newsbrief.quotes.quote import Quote
from newsbrief.quotes.speakers import _after_preposition, _head

_THAT = re.compile(r"\s+that\b")
_FRONTED_PRONOUN = re.compile(r"([Hh]e|[Ss]he)\s")


def _clean(found: Cue | None) -> Cue | None:
    """Trim a speaker phrase; ``None`` when what is left cannot be a speaker ("once", "however")."""
    if found is None:
        return None
    who, at, cue = found
    who = who.strip(" ,")
    if who.endswith(".") and len(who.split()[-1]) > 2:
        who = who[:-1]  # the sentence's full stop, not an initial
    lead = _LEADING.match(who)
    if lead:
        at += lead.end()
        who = who[lead.end() :]
    words = who.split()
    if words and words[-1].lower() in BE_FORMS:
        return None  # "They are called “free”": a passive, nobody speaks
    # "al-Masri", "bin Laden": a name may open with a lower-case particle.
    named = any(w[:1].isupper() or _PARTICLE_NAME.match(w) for w in words)
    descriptive = bool(words) and words[0].lower() in ("the", "a", "an", "one", "his", "her", "their", "its")
    police = bool(words) and words[-1].lower() == "police"  # "police said": the force, if named
    if not words or not (named or descriptive or police or who.lower() in _PRONOUNS):
        return None
    return who, at, cue


def _cue_after(ctx: _Context) -> Cue | None:
    """ "..., said X" / "..." X said / "..." by X — unless the quote ended its own sentence."""
    if ctx.ends_sentence:
        return None
    for pattern in (_AFTER_QUOTED_HIM, _AFTER_QUOTED, _AFTER_PASSIVE, _AFTER_VERB, _AFTER_SUBJECT, _AFTER_BY):
        m = pattern.match(ctx.after)
        if m and m.groupdict().get("loose") and not m.group("who")[:1].isupper():
            m = None  # an unclosed appositive only after a name ("Wang Ya'nan, deputy editor ... told")
        if m and ctx.body[ctx.end - 1 : ctx.end] in ("?", "!") and _THAT.match(ctx.after, m.end()):
            # “...be legal?” Doctor Castillo said that ...: a new sentence reports its own speech.
            return None
        if m and (m.groupdict().get("verb") or "").lower() in ("called", "named"):
            called = _CALLED_NAME.match(ctx.after, m.end("verb"))
            if called:
                # '“...,” a user called Caleb Parke tweeted': Caleb Parke, who tweeted.
                return called.group("name"), ctx.after_at + called.start("name"), called.group("verb").lower()
        if m and _CONTRAST.match(m.group("who")):
            return None  # '“desperate”, while the Lib Dems said ...': another clause, another speaker
        if m:
            verb = (m.groupdict().get("verb") or "by").lower()
            if pattern is _AFTER_QUOTED_HIM:
                return _SUBJECT_FORM[m.group("who")], ctx.after_at + m.start("who"), verb
            named = m.groupdict().get("named")
            if named and m.group("who")[:1].islower() and named[:1].isupper():
                # "the play's organiser in Uganda, Sarah Mukasa, told": the name in the appositive.
                return named, ctx.after_at + m.start("named"), verb
            name = _NAME_AFTER.match(ctx.after, m.start("who")) if m.group("who")[:1].islower() else None
            if name and pattern is _AFTER_VERB:
                # "said one of their lawyers, Michalis Dimitrakopoulos.": the name that follows.
                return name.group("name"), ctx.after_at + name.start("name"), verb
            return m.group("who"), ctx.after_at + m.start("who"), verb
    return None


def _cue_attribution_sentence(ctx: _Context) -> Cue | None:
    """'“... what we do.” Spike Call, command master chief of the Reagan, said in The 76er.': a
    quote that closed its sentence, then a sentence that only says who spoke."""
    if not ctx.ends_sentence:
        return None
    m = _ATTRIBUTION_SENTENCE.match(ctx.after)
    return (m.group("who"), ctx.after_at + m.start("who"), m.group("verb").lower()) if m else None


def _cue_before(ctx: _Context) -> Cue | None:
    """X said: "..." / X told the BBC: "..." """
    m = _BEFORE.search(ctx.before)
    if not m:
        first = _VERB_FIRST.search(ctx.before)  # "Notes Hollywood stylist Cristina Ehrlich: “...”"
        if first:
            return (
                first.group("who"),
                ctx.sentence_start + 1 + first.start("who"),
                first.group("verb").lower(),
            )
        return None
    verb = m.group("verb").lower()
    pronoun = _OPENING_PRONOUN.fullmatch(m.group("who").split()[0])
    if pronoun and len(m.group("who").split()) > 1:
        # "He was not shy about it and said that ...": the phrase is a clause; its "he" speaks.
        return pronoun.group(1), ctx.sentence_start + 1 + m.start("who"), verb
    quoted = _QUOTED_IN.search(m.group("who"))
    if quoted:
        # "Mr Houston was quoted in the Herald newspaper saying:": the one quoted, not the paper.
        return m.group("who")[: quoted.start()], ctx.sentence_start + 1 + m.start("who"), verb
    name = _NAME_ENDS.search(ctx.before, 0, m.start())
    described = m.group("who").split()[0].lower() in ("a", "an", "the", "one")
    apposition = m.group("apposition").strip(" ,—–-")
    if m.group("who").split()[0] in ("The", "the") and apposition[:1].isupper():
        # "The chairman, Ambassador Tom Baker of Norway, warned that": the name in apposition.
        return (
            apposition,
            ctx.sentence_start + 1 + m.start("apposition") + m.group("apposition").index(apposition),
            verb,
        )
    if described and name and _opens_sentence(ctx.before, -1, name.start()):
        # "Martin Weiss, a spokesman for the ministry tweeted that “...”": the name described.
        return name.group("name"), ctx.sentence_start + 1 + name.start("name"), verb
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), verb


def _cue_relative(ctx: _Context) -> Cue | None:
    """ "Jones, who described the fall as “the scariest moment of my life,” told the ABC": the
    person the relative clause is about, not whoever the main verb's object is."""
    m = _RELATIVE_SPEAKER.search(ctx.before)
    return (m.group("who"), ctx.sentence_start + 1 + m.start("who"), "who") if m else None


def _cue_according(ctx: _Context) -> Cue | None:
    m = _ACCORDING.search(ctx.before)
    if m:
        return m.group("who"), ctx.sentence_start + 1 + m.start("who"), "according to"
    after = ctx.after.lstrip(" ,")
    m = _ACCORDING.match(after)
    # '“...,” according to X' - not '“...” According to the examiner, ...', a sentence of its own.
    if m and not ctx.ends_sentence and after.startswith("according"):
        return m.group("who"), ctx.after_at + len(ctx.after) - len(after) + m.start("who"), "according to"
    return None


def _cue_inverted(ctx: _Context) -> Cue | None:
    """ "The plan would save money, says the party - and so use it more "intelligently""."""
    m = _INVERTED.search(ctx.before)
    if not m or (m.group("who")[:1].islower() and len(m.group("who").split()) > 3):
        return None  # "X, president of Y, said the changes in the rules, which ...": no speaker
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()


def _cue_participle(ctx: _Context, mentions: Mentions) -> Cue | None:
    """ "Wozniacki ... had her photo taken with the singer, tweeting: "..."": the sentence's subject."""
    m = _PARTICIPLE.search(ctx.before) or _PARTICIPLE_CLAUSE.search(ctx.before)
    if not m:
        return None
    # "..., he told the court, saying ...": the clause's own subject is a pronoun.
    pronoun = list(_PRONOUN_SPEAKS.finditer(ctx.before, 0, m.start()))
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
        and not _after_preposition(ctx.body, s)
    ]
    # A person anywhere before the participle; else an organisation as the sentence's subject.
    people = [t for t in subject_like if t[2].label == "PERSON"]
    orgs = [t for t in subject_like if _opens_sentence(ctx.body, ctx.sentence_start, t[0])]
    for s, e, _entity in people[:1] or orgs[:1]:
        return ctx.body[s:e], s, m.group("verb").lower()
    return None


def _cue_colon(ctx: _Context, mentions: Mentions) -> Cue | None:
    """ "He also praised the director: “...”", "It read: “...”": a colon hands the sentence's
    subject the quote."""
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
            and (_opens_sentence(ctx.body, ctx.sentence_start, s) or fronted)
            and entity.label in ("PERSON", "ORG")
        ):
            return ctx.body[s:e], s, ":"
    return None


def _cue_description(ctx: _Context) -> Cue | None:
    """ "In a tweet, the space agency said ... but “it's a known issue”": a described speaker."""
    m = _DESCRIBED_SPEAKS.search(ctx.before)
    return (m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()) if m else None


def _cue_pronoun(ctx: _Context) -> Cue | None:
    """ "But he said for Russia to make progress the government must “renew ...”" """
    found = list(_PRONOUN_SPEAKS.finditer(ctx.before))
    if not found:
        return None
    m = found[-1]
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), m.group("verb").lower()


def _cue_subject(ctx: _Context, mentions: Mentions) -> Cue | None:
    """A named subject that speaks earlier in the same sentence."""
    body, start = ctx.body, ctx.start
    # "Psaki also noted via a statement that the measures “are separate ...”"
    for s, e, _entity in reversed(mentions):
        if ctx.sentence_start < s and e <= start - 1:
            if _RELATIVE.match(body, max(body.rfind(",", ctx.sentence_start + 1, s), 0), s):
                continue  # inside "X, who played Baldrick, told ...": X speaks, not Baldrick
            if _after_preposition(body, s):
                continue  # "Ambassador Stefan Johannesson of Iceland, warned": not Iceland
            verb = _SUBJECT_VERB.match(body, e, start)
            if verb and _PASSIVE.search(body, e, verb.start("verb")):
                return None  # "Scrushy, 52, is accused of “directing” ...": said of them, not by them
            if verb:
                described = _described_by(body, s, e) if _entity.label != "PERSON" else None
                if described is not None:
                    return body[described : verb.start("verb")], described, verb.group("verb").lower()
                s, e, _entity = _head(body, mentions, (s, e, _entity), ctx.sentence_start)
                return body[s:e], s, verb.group("verb").lower()
    # "Mr Cook, who is giving evidence ..., told BBC Radio 4 ... the public were “...”": the
    # sentence's subject, when the sentence reports speech before the quote.
    verbs = [v for v in _VERB_ANYWHERE.finditer(ctx.before) if not _PASSIVE.search(ctx.before, 0, v.start())]
    if verbs and not _in_relative_clause(ctx.before, verbs[-1].start()):
        verb_at = ctx.sentence_start + 1 + verbs[-1].start()
        for s, e, _entity in mentions:
            # Before its verb: in "He says Tony Blair was not worried ..." Blair is no subject, nor
            # is a name after a preposition ("Speaking on BBC Radio 4, he criticised ...").
            if (
                ctx.sentence_start < s < verb_at
                and _opens_sentence(body, ctx.sentence_start, s)
                and not _after_preposition(body, s)
            ):
                return body[s:e], s, verbs[-1].group(1).lower()
        # "He wasn't shy about it and said Tuesday that the letter is “...”": its "he".
        pronoun = _OPENING_PRONOUN.match(ctx.before)
        if pronoun:
            return pronoun.group(1), ctx.sentence_start + 1 + pronoun.start(1), verbs[-1].group(1).lower()
    return None


def _described_by(body: str, s: int, e: int) -> int | None:
    """Where the noun phrase starts that an organisation's name only qualifies: "The Penn State
    graduate" (a person), "A Google spokesman"; ``None`` when the name itself is the subject
    ("Google has said", "NASA said")."""
    noun = _NOUN_AFTER.match(body, e)
    if noun is None or noun.group(1) in _NOT_NOUNS or _VERB_ANYWHERE.fullmatch(noun.group(1)):
        return None
    article = _ARTICLE_BEFORE.search(body, max(0, s - 4), s)
    return article.start() if article else s


def _in_relative_clause(text: str, pos: int) -> bool:
    """True when ``pos`` lies in a ", who ..." clause not yet closed by a comma ("a convicted
    rapist, who blamed his victim and said she ...": the rapist speaks, not the sentence's subject)."""
    clauses = list(_RELATIVE.finditer(text, 0, pos))
    return bool(clauses) and "," not in text[clauses[-1].end() : pos]


def _cue_sentence_tail(ctx: _Context) -> Cue | None:
    """ "... could confound predictions of a low turnout, Charles Kennedy has said." """
    if ctx.ends_sentence:
        return None
    sentence_end = _sentence_end(ctx.body, max(ctx.start, ctx.end - 1), ctx.para_end)
    m = _SENTENCE_TAIL.search(ctx.body, ctx.end, sentence_end)
    if m:
        return m.group("who"), m.start("who"), m.group("verb").lower()
    # "... is proving to be “the single most important transformation” of the century, according
    # to Jamal Saghir, director of ...": the source the sentence ends on.
    m = _TAIL_ACCORDING.search(ctx.body, ctx.end, sentence_end)
    if m and not any(c in ctx.body[ctx.end + 1 : m.start()] for c in '"“”'):
        return m.group("who"), m.start("who"), "according to"
    return None


def _cue_sentence_subject(ctx: _Context, mentions: Mentions) -> Cue | None:
    """A few words quoted in a sentence about a person are that person's: "He apologised for his
    “deplorable actions”", "Prince Charles paid tribute to the “brilliant” way ...". Only a
    person (or "he"/"she") who opens the sentence counts, never an organisation or a place, and
    only where the sentence is about something said ("apologised", "tribute", "comments"): in
    "Hanks shows up in the video “singing”" nobody is quoted."""
    if not _about_speech(ctx.before):
        return None
    start = ctx.sentence_start + 1
    return _opening_person(ctx.body, start, ctx.before, mentions, "subject") or _opening_organisation(
        ctx.body, start, ctx.before, mentions
    )


def _about_speech(lead: str) -> bool:
    """``lead`` (a sentence up to a quote) tells of something said: a speech verb or act not in
    the passive ("He apologised for", "paid tribute to"); "He was cited as an “...”" is not."""
    said = [m for pattern in (_VERB_ANYWHERE, _SPEECH_ACT) for m in pattern.finditer(lead)]
    return any(not _PASSIVE.search(lead, 0, m.start()) for m in said)


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
    return _opens_sentence(body, start - 1, pos) or _FRONTED.fullmatch(body, start, pos) is not None


def _sentence_before(ctx: _Context) -> tuple[int, int] | None:
    """Start and end of the sentence before a quote that opens its sentence: the one before in
    the paragraph, or the last of the paragraph before; ``None`` when there is none."""
    if ctx.before.strip():
        return None
    last_end = ctx.sentence_start if ctx.sentence_start > ctx.para_start else ctx.para_start - 1
    if last_end <= 0:
        return None
    return _sentence_start(ctx.body, last_end) + 1, last_end


def _cue_previous_subject(ctx: _Context, mentions: Mentions) -> Cue | None:
    """A quoted sentence after a sentence about a person is that person's words: "He capped a
    brilliant year with three titles. “The Olympic gold will always be there ...”". The person
    must open that sentence (or be its "he"/"she"), before any quotation mark in it."""
    bounds = _sentence_before(ctx)
    if bounds is None:
        return None
    last_start, last_end = bounds
    found = _sentence_subject(ctx.body, last_start, last_end, mentions)
    if found is None and not _names_a_person(last_start, last_end, mentions) and last_start > ctx.para_start:
        # One sentence that names nobody may stand between: "Skipper Ian Walker spoke about the
        # race. This is the 45-year-old Briton's third. “...”".
        earlier_start = _sentence_start(ctx.body, last_start - 1) + 1
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
    pronoun = _OPENING_PRONOUN.match(lead)
    if pronoun:
        return pronoun.group(1), start + pronoun.start(1), cue
    fronted = _FRONTED.match(lead)
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
    title = _TITLE_RUN.search(body, max(0, name_start - 60), name_start)
    if title and any(w.lower() in ROLE_WORDS for w in title.group().split()):
        found = title.start() if found < 0 else min(found, title.start())
    return found if found >= 0 else name_start


def _continued(ctx: _Context, earlier: list[Quote], mentions: Mentions) -> Quote | None:
    """The last direct quote, when this one goes on with its words: later in the same paragraph,
    or opening the next paragraph."""
    if not earlier:
        return None
    last = earlier[-1]
    if last.start > ctx.sentence_start and last.speaker is not None:
        # The same sentence: "the ministry said its embassy had “stepped up coordination” ... “to
        # locate the abducted Filipinos”".
        return last
    if last.kind != "direct":
        # A few words someone was said to say ("Police have “several leads,” he said.") go on in a
        # quoted sentence that comes straight after.
        follows = _sentence_end(ctx.body, last.end, ctx.para_end) >= ctx.sentence_start
        if not (last.speaker is not None and follows and not ctx.before.strip()):
            return None
        return last
    if last.end < ctx.sentence_start and ctx.before.strip():
        return None  # inside a later sentence of its own ("the drugs appeared “cloudy”")
    opens_paragraph = not ctx.body[ctx.para_start : max(ctx.para_start, ctx.start - 1)].strip()
    previous_para = ctx.body.rfind("\n", 0, max(0, ctx.para_start - 1)) + 1
    if last.end >= ctx.para_start or (opens_paragraph and last.start >= previous_para):
        # Not when narration about someone else comes between: "...," said Siddiqui. Shafqat was
        # calm, Manzoor Hussain, his brother told CNN. “He had said ...”
        after_cue = _sentence_end(ctx.body, last.end, ctx.para_end)
        since = [m for m in mentions if after_cue <= m[0] < ctx.start and m[2].label == "PERSON"]
        if any(m[2].id != last.speaker_id for m in since):
            return None
        return last
    return None


def _still_speaking(ctx: _Context, earlier: list[Quote], mentions: Mentions) -> Quote | None:
    """The last speaker, when a quote with no cue follows a sentence about that speaker ("...," he
    said. Lewis-Francis still feels the frustration ... "That was heartbreaking ...")."""
    if ctx.before.strip() or not earlier or earlier[-1].speaker_id is None:
        return None
    last = earlier[-1]
    # Only where the earlier quote is close: this paragraph or the one before.
    previous_para = ctx.body.rfind("\n", 0, max(0, ctx.para_start - 1)) + 1
    if last.end < previous_para:
        return None
    sentence_start = _sentence_start(ctx.body, max(0, ctx.sentence_start)) + 1
    for s, _e, entity in mentions:
        if sentence_start <= s < ctx.start and entity.label in ("PERSON", "ORG"):
            # The first name in that sentence: its subject, perhaps after a fronted clause.
            return last if entity.id == last.speaker_id else None
    return None


def _cue_previous_sentence(ctx: _Context, mentions: Mentions) -> Cue | None:
    """ "Director Peter Chelsom said he was disappointed.\n“It's a shame ...”" """
    body, para_start = ctx.body, ctx.para_start
    opens_paragraph = not body[para_start : max(para_start, ctx.start - 1)].strip()
    bounds = _sentence_before(ctx)
    if bounds is None:
        return None
    offset, last_end = bounds
    last_sentence = body[offset:last_end]
    # Mid-paragraph, only after a sentence of narration: "Ms Robinson tells Cockerell that she
    # despaired ... “I used to ...”"
    if not opens_paragraph and any(mark in last_sentence for mark in '"“”'):
        return None
    verb = _VERB_ANYWHERE.search(last_sentence)
    if not verb:
        return None
    tail = _TAIL_CUE.search(last_sentence)
    if tail and not any(mark in last_sentence for mark in '"“”'):
        # "Shafqat was calm, Manzoor Hussain, his brother told CNN. “He had said ...”"
        return tail.group("who"), offset + tail.start("who"), tail.group("verb").lower()
    pronoun = _PRONOUN_SPEAKS.search(last_sentence)
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
            return body[s:e], s, _VERB_ANYWHERE.findall(last_sentence)[-1].lower()
    return None
