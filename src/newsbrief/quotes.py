"""Quotes: who said what, with offsets. Direct and partial quotes, and reported speech.

Direct quotes are found from the quotation marks (straight or curly, continuing across a paragraph
break when the paragraph ends inside an open quote and the next one reopens it). The speaker comes
from the attribution around the quote ("X said", "said X", "X told Y:", "according to X", "X said
in a statement", "..., says X -", "..., tweeting:"), from a speech verb earlier in the same sentence,
from an earlier quote in the same paragraph, or from the last speaker when the sentence before the
quote is about them; "he said" / "she said" resolve to the person last reported speaking or the
nearest subject before (never to someone the article shows to be of the other sex), "the
committee" to the organisation of that kind, "the cardinal" to the article's one cardinal. Where
no such cue exists, two readings of the context remain: a few words quoted in a sentence whose
subject (a person) said something ("He apologised for his “deplorable actions”"), and a quoted
sentence right after a sentence whose subject is a person, when nobody else was just quoted.
Names inside quotation marks are never speakers. A quote with none of these has speaker
``None``: it is never guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsbrief.document import Document
from newsbrief.entities import Entity
from newsbrief.entities.gender import gender
from newsbrief.entities.places import DEMONYMS, is_known_place, place_name
from newsbrief.entities.roles import ROLE_WORDS, TITLE_ABBREVIATIONS
from newsbrief.nlp.sentences import split_sentences

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|stated|states|declared|announced|noted|notes|warned|warns|"
    "insisted|insists|argued|argues|explained|explains|claimed|claims|asked|asks|wrote|writes|"
    "recalled|continued|replied|responded|remarked|admitted|acknowledged|conceded|confirmed|"
    "denied|alleged|asserted|urged|tweeted|posted|suggested|predicted|cautioned|stressed|"
    "emphasised|emphasized|maintained|concluded|joked|commented|observed|called|described|"
    "testified|cried|shouted|yelled|screamed|exclaimed|whispered|questioned|praised|criticised|"
    "criticized|condemned|hailed|accused|dismissed|smiles|smiled|laughs|laughed|quipped|quips|"
    "sighed|sighs|snapped|boasted|boasts|concedes|recalls|agreed|agrees|apologised|apologized|"
    "apologises|apologizes|revealed|reveals|remembered|remembers|reckoned|reckons|mused|muses|"
    "giggled|giggles|wondered|wonders"
)
_REPORT_VERBS = (
    "said|says|warned|warns|insisted|insists|argued|argues|claimed|claims|stated|states|noted|"
    "announced|asserted|alleged|denied|confirmed|admitted|acknowledged|maintained|believes|believed|"
    "suggested|predicted|stressed|explained|added|told \\w+|has said|have said|had said|"
    "has warned|have warned|had warned|has insisted|have insisted|had insisted|has claimed|"
    "have now warned|have alleged|has asserted|has alleged|has repeatedly warned"
)
_PRONOUNS = frozenset("he she they it we".split())
_SUBJECT_FORM = {"him": "he", "her": "she", "them": "they"}
_OPEN = {'"': '"', "“": "”"}
# Nouns that make "the club said" an organisation speaking; other "the <noun>" speakers are people.
_ORG_NOUNS = frozenset(
    """club company firm group team band party council government ministry agency organisation
    organization network channel site website newspaper magazine paper bank association
    committee commission board union league federation statement office department post report
    release letter tweet message filing jury panel court tribunal institute service""".split()
)
_VERB = rf"(?:{SPEECH_VERBS}|adding|saying|asking|telling)"
# A speaker phrase: up to 8 words (10 after its verb), stopping at punctuation ("Spurs sporting
# director Frank Arnesen", "said U.N. High Commissioner for Human Rights Zeid Ra'ad Al Hussein").
_TITLE = "|".join(sorted((w.capitalize() for w in TITLE_ABBREVIATIONS), key=len, reverse=True))
# A word, initials ("L.") or an abbreviated title ("Lt. Gen. James L. Terry").
_TOKEN = rf"(?:(?:{_TITLE})\.|(?:[A-Z]\.)+|[\w'’&-]+)"
_PHRASE = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,7}}?"
_LONG_PHRASE = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,9}}?"
# Auxiliaries and adverbs between a speaker and the verb ("has also said").
_AUX_WORD = r"(?:also|later|then|has|had|have|will|would|went\s+on\s+to|goes\s+on\s+to)"
_AUX = rf"(?:{_AUX_WORD}\s+)*"
# An appositive between a name and its verb: "Francisco Costa, creative director of Calvin Klein, said".
_APPOSITIVE = r"(?:,\s+[^,;:\"“”]{1,80},)?"
_AFTER_VERB = re.compile(
    rf"^[,\s—–-]*(?P<verb>{_VERB})\s+(?P<who>{_LONG_PHRASE})(?=\s*(?:[,.;:!?()\"“”]|$|\s+(?:in|on|at|to|during|after|before|when|as|of|from|last|this|who)\b))"
)
_AFTER_SUBJECT = re.compile(
    rf"^[,\s—–-]*(?P<who>{_PHRASE})(?:,\s+(?P<named>[^,;:\"“”]{{1,80}}),|,\s+(?P<loose>[a-z][^,;:\"“”]{{0,80}}?))?"
    rf"\s+{_AUX}(?P<verb>{_VERB}|read|reads|ask|tell)\b"
)
# "..." the newspaper quotes a source close to the firm: the one quoted speaks.
_AFTER_QUOTED = re.compile(
    rf"^[,\s]*(?:the\s+)?[\w'’ -]{{1,40}}?\s+(?P<verb>quote[sd])\s+(?!as\b)"
    rf"(?P<who>{_PHRASE})(?=\s*(?:[,.;:]|$))"
)
# "..." the PGA Tour website quoted him as saying: whoever "him" is.
_AFTER_QUOTED_HIM = re.compile(
    r"^[,\s]*(?:the\s+)?[\w'’ -]{1,40}?\s+(?P<verb>quoted)\s+(?P<who>him|her|them)\s+as\s+saying\b"
)
# "..." he was quoted as saying by a radio station.
_AFTER_PASSIVE = re.compile(rf"^[,\s]*(?P<who>{_PHRASE})\s+(?:was|were|is|are)\s+(?P<verb>quoted)\b")
# A description, then the name it describes: "one of their lawyers, Michalis Dimitrakopoulos."
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]+)"
_NAME_AFTER = re.compile(
    rf"[^,;:\"“”]{{1,60}}?,\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})(?=\s*(?:[.,;]|$))"
)
_NAME_ENDS = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})\s*$")
_AFTER_BY = re.compile(rf"^[\s,]*by\s+(?P<who>(?:[A-Z]|the\s){_PHRASE})(?=\s*(?:[,.;:]|$))")
_BEFORE = re.compile(
    rf"(?:^|[,;:]\s+|\b(?:and|but|while|as)\s+)(?P<who>{_PHRASE})\s+(?:(?:once|previously|{_AUX_WORD})\s+)*"
    rf"(?P<verb>{_VERB})(?:\s+[\w.'’&-]+){{0,6}}?\s*[:,]?\s*$"
)
# The verb first, as a column does: "Notes Hollywood stylist Cristina Ehrlich of ...: “...”"
_VERB_FIRST = re.compile(
    r"(?:^|[\"”.!?]\s+)(?P<verb>Notes|Says|Adds|Explains|Writes|Recalls|Warns)\s+(?P<who>[^:;\"“”]{2,80}):\s*$"
)
_ACCORDING = re.compile(rf"[Aa]ccording to\s+(?P<who>{_PHRASE})(?=\s*(?:[,.;:]|$))")
# After a name: "'s" or "of Iceland" or an appositive, a few words, then the speech verb.
_SUBJECT_VERB = re.compile(
    rf"[’']?s?(?:\s+of\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?{_APPOSITIVE},?\s+(?:(?!(?:he|she|they|it|we|I)\s)[\w-]+\s+){{0,3}}?(?P<verb>{_VERB})\b"
)
_INVERTED = re.compile(rf",\s+(?P<verb>said|says|added|adds)\s+(?P<who>{_PHRASE})(?=\s*(?:[,;—–]|\s-\s))")
_PARTICIPLE = re.compile(
    r",\s+(?:and\s+)?(?P<verb>saying|adding|asking|tweeting|writing|telling(?:\s+[\w.'’-]+){1,4}?)\s*:?\s*$"
)
# "..., telling the court that he objected to the way that the "running of ..."": a participle
# that reports speech, anywhere before the quote.
_PARTICIPLE_CLAUSE = re.compile(
    r",\s+(?:and\s+)?(?P<verb>saying|adding|telling|arguing|insisting|warning|claiming|noting)\b"
)
# "But he said for Russia to make progress the government must "renew ..."".
_PRONOUN_SPEAKS = re.compile(
    rf"(?:^|[^\w’'])(?P<who>[Hh]e|[Ss]he|[Ii]t|[Tt]hey)\s+(?:(?:once|{_AUX_WORD})\s+)*"
    rf"(?P<verb>{SPEECH_VERBS}|ask|tell)\b"
)
# A word of a description, never a form of "be" ("The rapper was criticised" is no speaker).
_NOT_BE = r"(?!(?:was|were|is|are|been|being|be)\b)"
_DESCRIBED_SPEAKS = re.compile(
    rf"(?:^|,\s+|\b(?:and|but|while)\s+)(?P<who>[Tt]he\s+(?:{_NOT_BE}[a-z][\w-]*\s+){{0,3}}{_NOT_BE}[a-z][\w-]*)\s+"
    rf"{_AUX}(?P<verb>{SPEECH_VERBS})\b"
)
# A name right after one of these is part of another phrase ("Johannesson of Iceland"), no subject.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|at|for|from|with|in|by|to|on|about|against|behind|near|like|than|into|via|over|under)"
    r"\s+(?:the\s+)?$",
    re.I,
)
# What stands between a person and a name that only qualifies them: " of advocacy group ",
# ", spokesman for e-mail software firm ", ", president of Cesar organisers, the ".
_QUALIFIER = re.compile(r"(?:\s+of\s+|,\s+[a-z])[^;:\"“”]{0,80}")
_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom)\b")
_VERB_ANYWHERE = re.compile(rf"\b({SPEECH_VERBS})\b")
# Between a name and its speech verb: adverbs and auxiliaries only ("Smith has also said"), never a
# conjunction that starts another clause ("a row with Benitez but claims").
_SPOKE = re.compile(
    rf"[’']?s?{_APPOSITIVE},?\s+(?:(?:also|has|had|have|later|then|now|once|previously|again|earlier|"
    rf"repeatedly|recently|publicly|\d+,)\s+){{0,2}}(?:{SPEECH_VERBS})\b"
)
_SENTENCE_TAIL = re.compile(rf",\s+(?P<who>{_PHRASE})\s+(?:has\s+|had\s+)?(?P<verb>{SPEECH_VERBS})\s*\.?\s*$")
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|ar|abu|bin|ibn)-[A-Z]")
# A speaker at the end of a sentence of narration: "..., Manzoor Hussain, his brother told CNN."
_TAIL_CUE = re.compile(
    rf",\s+(?P<who>{_PHRASE})(?:,\s+[^,;:\"“”]{{1,60}}?)?\s+{_AUX}(?P<verb>{SPEECH_VERBS})"
    rf"(?:\s+[\w.'’-]+){{0,3}}?\s*[.!?]?\s*$"
)
# Someone unnamed as a sentence's subject: "A spokesman for the BPI", "One official", "The BPI spokesman".
_UNNAMED = re.compile(
    r"\s*(?:(?:But|And)\s+)?(?:(?:An?|One)\s+(?:[\w'’()-]+\s+){0,5}?(?:spokesman|spokeswoman|spokesperson|"
    r"official|source|analyst|aide|executive|witness|resident)|The\s+(?:[\w'’()-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson))\b"
)
# Words for something said, beyond the speech verbs.
_SPEECH_ACT = re.compile(
    r"\b(?:apologi[sz]e[ds]?|tribute|comments?|remarks|message|statement|interview|speech|letter|"
    r"tweet|words|credit(?:s|ed)|denounce[ds]?|brand(?:s|ed)?|dub(?:s|bed)?|label(?:s|led|ed)?|term(?:s|ed)|"
    r"vow(?:s|ed)|pledge[ds]?|promise[ds]?|complain(?:s|ed)|blame[ds]?|slam(?:s|med)|decr(?:y|ies|ied)|"
    r"declar(?:e|es|ed|ing)|cit(?:e|es|ed|ing)|express(?:es|ed)?|op-ed)\b"
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+$")
_OPENING_PRONOUN = re.compile(r"\W*(?:(?:But|And|Then|Now|Yet|So|However,?)\s+)?(He|She)\b")
_LEADING = re.compile(
    r"^(?:(?:when|and|but|as|while|that|then|after|before|because|which|who|so|although)\s+)+", re.I
)
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
    quoted = _quote_spans(doc)
    # A name inside quotation marks (a title, someone's words) is never who is speaking.
    found = [(m.start, m.end, e) for e in entities for m in e.mentions if not _inside(m.start, quoted)]
    # An organisation inside a person's mention is part of a role ("US Treasury Secretary John Snow").
    nested = {t for t in found for o in found if o[0] <= t[0] and t[1] <= o[1] and o[1] - o[0] > t[1] - t[0]}
    mentions = sorted((t for t in found if t not in nested), key=lambda t: t[0])
    # Quotation marks around a title ("Mad Men", "Fifty Shades of Grey") quote nobody.
    spans = [(s, e) for s, e in quoted if not looks_like_title(body[s:e])]
    people = {e.id: e for e in entities if e.label == "PERSON"}
    quotes: list[Quote] = []
    for start, end in spans:
        quotes.append(_attribute(body, start, end, quotes, mentions, people))
    _attribute_backwards(body, quotes)
    quotes.extend(_reported(doc, spans, mentions))
    quotes.sort(key=lambda q: q.start)
    return tuple(quotes)


def _attribute_backwards(body: str, quotes: list[Quote]) -> None:
    """A quote left open that runs straight on into a quote whose speaker is known shares it: in
    “It's taken a lot of work. “Sometimes I didn't believe it,” he said.” the attribution comes
    after the second sentence."""
    for i in range(len(quotes) - 2, -1, -1):
        this, after = quotes[i], quotes[i + 1]
        between = body[this.end : after.start]
        # Only a quote left open that the next one reopens: nothing but marks and spaces between.
        if (
            this.kind == "direct"
            and this.speaker is None
            and after.speaker is not None
            and not between.strip(' "“”')
        ):
            quotes[i] = Quote(
                this.text, this.start, this.end, this.kind, after.speaker, after.speaker_id, after.cue
            )


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``pos`` falls inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _quote_spans(doc: Document) -> list[tuple[int, int]]:
    """Content spans between quotation marks; an open quote at a paragraph end continues.

    A quote left open when the next one opens (``"First part. "Second part."``, the way a
    multi-paragraph quote reads once its line breaks are lost) ends where the next one begins.
    """
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # start of a quote left open by the previous paragraph
    for para in doc.paragraphs:
        text, base = para.text, para.start
        if pending is not None and not text.startswith(tuple(_OPEN)):
            pending = None  # the next paragraph does not reopen: the quote was never closed
        i = 0
        while i < len(text):
            ch = text[i]
            if ch not in _OPEN or (ch == '"' and not _opens(text, i)):
                i += 1
                continue
            close = _closing(text, i)
            if close is None:
                if pending is None:
                    pending = base + i + 1
                break
            reopened = _reopens(text, close)
            if pending is not None:
                spans.append((pending, base + close))
                pending = None
            elif close > i + 1:
                spans.append((base + i + 1, base + close))
            i = close if reopened else close + 1
    return spans


_TITLE_SMALL_WORDS = frozenset("of and the in a an to for on at with from by or is vs &".split())


def looks_like_title(text: str) -> bool:
    """True for a short Title Case phrase: the name of a work or show, not someone's words."""
    words = text.strip(" ,.;:!").split()
    if not words or len(words) > 8:
        return False
    significant = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _TITLE_SMALL_WORDS]
    return all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def _reopens(text: str, j: int) -> bool:
    """True when the mark at ``j`` opens a quote (after a space, before a word)."""
    return text[j] in _OPEN and _opens(text, j) and bool(text[j + 1 : j + 2].strip())


def _closing(text: str, i: int) -> int | None:
    """Index of the mark that closes the quote opened at ``i`` (or of the next opening mark)."""
    closer = _OPEN[text[i]]
    for j in range(i + 1, len(text)):
        if j > i + 1 and _reopens(text, j):
            return j  # a new quote opens before this one closed
        if text[j] == closer:
            return j
    return None


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it starts the text or follows a space or opening bracket."""
    return i == 0 or text[i - 1] in " \t([—–-"


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a quote sits: its paragraph, its sentence before it, and what follows it."""

    body: str
    start: int
    end: int
    para_start: int
    para_end: int
    sentence_start: int  # index just before the quote's sentence begins
    before: str  # the quote's sentence up to the opening mark
    after_at: int
    after: str  # the paragraph after the closing mark (up to 200 characters)
    ends_sentence: bool  # the quote closes its own sentence ("... now.")


Cue = tuple[str, int, str]  # (speaker phrase, where it starts in the body, cue word)
Mentions = list[tuple[int, int, Entity]]


def _attribute(
    body: str, start: int, end: int, earlier: list[Quote], mentions: Mentions, people: dict[str, Entity]
) -> Quote:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    text = body[start:end]
    ctx = _context(body, start, end, text)
    full_sentence = not ctx.before.strip() or ctx.before.rstrip().endswith((":", ","))
    kind = "direct" if len(text.split()) >= 4 or full_sentence else "partial"
    found = None
    finders: list[Callable[[], Cue | None]] = [
        lambda: _cue_after(ctx),
        lambda: _cue_before(ctx),
        lambda: _cue_according(ctx),
        lambda: _cue_inverted(ctx),
        lambda: _cue_participle(ctx, mentions),
        lambda: _cue_subject(ctx, mentions),
        lambda: _cue_pronoun(ctx),
        lambda: _cue_description(ctx),
        lambda: _cue_colon(ctx, mentions),
        lambda: _cue_sentence_tail(ctx),
        lambda: _cue_previous_sentence(ctx, mentions),
    ]
    for finder in finders:
        found = _clean(finder())
        if found is not None:
            break
    if found is None:
        last = _continued(ctx, earlier, mentions) or _still_speaking(ctx, earlier, mentions)
        if last is not None:
            return Quote(text, start, end, kind, last.speaker, last.speaker_id, last.cue)
        # A few words quoted belong to their sentence's subject; a quoted sentence, to the subject
        # of the sentence before.
        found = (
            _cue_sentence_subject(ctx, mentions)
            if kind == "partial"
            else _cue_previous_subject(ctx, mentions)
        )
    if found is None:
        return Quote(text, start, end, kind, None, None, None)
    who, at, cue = found
    spoken = [(q.end, people[q.speaker_id]) for q in earlier if q.speaker_id in people]
    entity = _resolve(who, at, start, body, mentions, spoken[-1] if spoken else None)
    if cue == "previous sentence" and entity is not None and _someone_else_spoke(ctx, earlier, entity):
        # "“...,” Lopez said. Baker won the final. “That was hard to take.”": Lopez or Baker.
        return Quote(text, start, end, kind, None, None, None)
    return Quote(text, start, end, kind, _speaker(who, entity), entity.id if entity else None, cue)


def _someone_else_spoke(ctx: _Context, earlier: list[Quote], entity: Entity) -> bool:
    """True when a quote in this paragraph or the one before has another speaker."""
    previous_para = ctx.body.rfind("\n", 0, max(0, ctx.para_start - 1)) + 1
    return any(q.speaker_id not in (None, entity.id) for q in earlier if q.start >= previous_para)


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
    # "al-Masri", "bin Laden": a name may open with a lower-case particle.
    named = any(w[:1].isupper() or _PARTICLE_NAME.match(w) for w in words)
    descriptive = bool(words) and words[0].lower() in ("the", "a", "an", "one", "his", "her", "their", "its")
    if not words or not (named or descriptive or who.lower() in _PRONOUNS):
        return None
    return who, at, cue


def _context(body: str, start: int, end: int, text: str) -> _Context:
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    para_end = len(body) if para_end < 0 else para_end
    sentence_start = max(para_start - 1, _sentence_start(body, start))
    after_at = min(end + 1, para_end)
    after = body[after_at:para_end][:200]
    ends_sentence = (text.endswith(".") and not text.endswith("..")) or after.lstrip().startswith(
        (".", "!", "?")
    )
    before = body[sentence_start + 1 : max(sentence_start + 1, start - 1)]
    return _Context(
        body, start, end, para_start, para_end, sentence_start, before, after_at, after, ends_sentence
    )


def _cue_after(ctx: _Context) -> Cue | None:
    """ "..., said X" / "..." X said / "..." by X — unless the quote ended its own sentence."""
    if ctx.ends_sentence:
        return None
    for pattern in (_AFTER_QUOTED_HIM, _AFTER_QUOTED, _AFTER_PASSIVE, _AFTER_VERB, _AFTER_SUBJECT, _AFTER_BY):
        m = pattern.match(ctx.after)
        if m and m.groupdict().get("loose") and not m.group("who")[:1].isupper():
            m = None  # an unclosed appositive only after a name ("Wang Ya'nan, deputy editor ... told")
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
    name = _NAME_ENDS.search(ctx.before, 0, m.start())
    described = m.group("who").split()[0] in ("a", "an", "the", "one")
    if described and name and _opens_sentence(ctx.before, -1, name.start()):
        # "Martin Weiss, a spokesman for the ministry tweeted that “...”": the name described.
        return name.group("name"), ctx.sentence_start + 1 + name.start("name"), verb
    return m.group("who"), ctx.sentence_start + 1 + m.start("who"), verb


def _cue_according(ctx: _Context) -> Cue | None:
    m = _ACCORDING.search(ctx.before)
    if m:
        return m.group("who"), ctx.sentence_start + 1 + m.start("who"), "according to"
    after = ctx.after.lstrip(" ,")
    m = _ACCORDING.match(after)
    if m:
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
        and not _PREPOSITION_BEFORE.search(ctx.body, max(0, s - 20), s)
    ]
    # A person anywhere before the participle; else an organisation as the sentence's subject.
    people = [t for t in subject_like if t[2].label == "PERSON"]
    orgs = [t for t in subject_like if _opens_sentence(ctx.body, ctx.sentence_start, t[0])]
    for s, e, _entity in people[:1] or orgs[:1]:
        return ctx.body[s:e], s, m.group("verb").lower()
    return None


def _opens_sentence(body: str, sentence_start: int, pos: int) -> bool:
    """At most two words stand between the sentence's start and ``pos``: a subject's place
    ("Then Tom Baker ...", "But Reuters ...")."""
    return len(body[sentence_start + 1 : pos].split()) <= 2


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
            if _PREPOSITION_BEFORE.search(body, max(0, s - 20), s):
                continue  # "Ambassador Stefan Johannesson of Iceland, warned": not Iceland
            verb = _SUBJECT_VERB.match(body, e, start)
            if verb:
                s, e, _entity = _head(body, mentions, (s, e, _entity), ctx.sentence_start)
                return body[s:e], s, verb.group("verb").lower()
    # "Mr Cook, who is giving evidence ..., told BBC Radio 4 ... the public were “...”": the
    # sentence's subject, when the sentence reports speech before the quote.
    verbs = list(_VERB_ANYWHERE.finditer(ctx.before))
    if verbs and not _in_relative_clause(ctx.before, verbs[-1].start()):
        verb_at = ctx.sentence_start + 1 + verbs[-1].start()
        for s, e, _entity in mentions:
            # Before its verb: in "He says Tony Blair was not worried ..." Blair is no subject, nor
            # is a name after a preposition ("Speaking on BBC Radio 4, he criticised ...").
            if (
                ctx.sentence_start < s < verb_at
                and _opens_sentence(body, ctx.sentence_start, s)
                and not _PREPOSITION_BEFORE.search(body, max(0, s - 20), s)
            ):
                return body[s:e], s, verbs[-1].group(1).lower()
    return None


def _head(
    body: str, mentions: Mentions, mention: tuple[int, int, Entity], since: int
) -> tuple[int, int, Entity]:
    """The person a name only qualifies: in "Ann Harrison of advocacy group PEN International" or
    "JF Sullivan, spokesman for e-mail firm Sendmail" the person, else the mention itself."""
    for found in mentions:
        s0, e0, head = found
        between = _QUALIFIER.fullmatch(body, e0, mention[0]) if since < s0 and e0 < mention[0] else None
        # A role after the comma makes a person of what the small model took for something else
        # ("Alain Terzian, president of Cesar organisers, the Academie ...").
        if between and (head.label == "PERSON" or between.group().replace(",", " ").split()[0] in ROLE_WORDS):
            return found
    return mention


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
    return (m.group("who"), m.start("who"), m.group("verb").lower()) if m else None


def _cue_sentence_subject(ctx: _Context, mentions: Mentions) -> Cue | None:
    """A few words quoted in a sentence about a person are that person's: "He apologised for his
    “deplorable actions”", "Prince Charles paid tribute to the “brilliant” way ...". Only a
    person (or "he"/"she") who opens the sentence counts, never an organisation or a place, and
    only where the sentence is about something said ("apologised", "tribute", "comments"): in
    "Hanks shows up in the video “singing”" nobody is quoted."""
    said = [m for pattern in (_VERB_ANYWHERE, _SPEECH_ACT) for m in pattern.finditer(ctx.before)]
    if not any(not _PASSIVE.search(ctx.before, 0, m.start()) for m in said):
        return None  # nothing said, or only "He was cited as an “...”"
    pronoun = _OPENING_PRONOUN.match(ctx.before)
    if pronoun:
        return pronoun.group(1), ctx.sentence_start + 1 + pronoun.start(1), "subject"
    for s, e, entity in mentions:
        if (
            ctx.sentence_start < s < ctx.start
            and entity.label == "PERSON"
            and _opens_sentence(ctx.body, ctx.sentence_start, s)
            and ctx.body[e : e + 1] not in ("'", "’")
        ):
            return ctx.body[s:e], s, "subject"
    return None


def _cue_previous_subject(ctx: _Context, mentions: Mentions) -> Cue | None:
    """A quoted sentence after a sentence about a person is that person's words: "He capped a
    brilliant year with three titles. “The Olympic gold will always be there ...”". The person
    must open that sentence (or be its "he"/"she"), before any quotation mark in it."""
    if ctx.before.strip():
        return None
    last_end = ctx.sentence_start if ctx.sentence_start > ctx.para_start else ctx.para_start - 1
    if last_end <= 0:
        return None
    last_start = _sentence_start(ctx.body, last_end) + 1
    sentence = ctx.body[last_start:last_end]
    marks = [i for i in (sentence.find(m) for m in '"“') if i >= 0]
    lead = sentence[: min(marks)] if marks else sentence
    pronoun = _OPENING_PRONOUN.match(lead)
    if pronoun:
        return pronoun.group(1), last_start + pronoun.start(1), "previous sentence"
    for s, e, entity in mentions:
        if (
            last_start <= s < last_start + len(lead)
            and entity.label == "PERSON"
            and _opens_sentence(ctx.body, last_start - 1, s)
            and ctx.body[e : e + 1] not in ("'", "’")
        ):
            return ctx.body[s:e], s, "previous sentence"
    return None


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
    if last.start >= ctx.para_start or (opens_paragraph and last.start >= previous_para):
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
    if opens_paragraph and para_start > 0:
        last_end = para_start - 1
    elif not ctx.before.strip() and ctx.sentence_start > para_start:
        # Mid-paragraph, after a sentence of narration: "Ms Robinson tells Cockerell that she
        # despaired ... “I used to ...”"
        last_end = ctx.sentence_start
        if any(mark in body[_sentence_start(body, last_end) + 1 : last_end] for mark in '"“”'):
            return None
    else:
        return None
    last_sentence = body[_sentence_start(body, last_end) + 1 : last_end]
    offset = last_end - len(last_sentence)
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


def _resolve(
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
    people = [m for m in inside if m[2].label == "PERSON"]
    if people:
        return _head(body, people, people[-1], at - 1)[2]
    pos = min(at, quote_start)
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
    if tail and noun not in _ORG_NOUNS:
        # "the authority" after "the Harbour Authority": an organisation named by that noun.
        named_so = [m for m in mentions if m[2].label == "ORG" and m[2].name.lower().split()[-1] == noun]
        found = _antecedent(body, named_so, pos, ("ORG",))
        if found is not None:
            return found
    if tail and noun not in _ORG_NOUNS and noun.endswith("s") and not noun.endswith("ss"):
        return None  # "the filmmakers", "the organisers": several people, none named
    if tail and noun not in _ORG_NOUNS:
        # "the cardinal" is the person whose role says so ("Cardinal Cormac Murphy-O'Connor").
        titled = [m for m in mentions if m[0] < pos and m[2].label == "PERSON" and noun in _role_words(m[2])]
        if titled:
            return titled[-1][2]
    if words in (["he"], ["she"]) or (tail and noun not in _ORG_NOUNS):
        if words in (["he"], ["she"]):
            if _unnamed_just_spoke(body, mentions, pos):
                return None
            # "she" passes over "her husband, actor Brad Pitt"; "he" over "Mrs Smith".
            mentions, last_speaker = _of_gender("m" if words == ["he"] else "f", body, mentions, last_speaker)
        return _last_speaker_still(body, mentions, pos, last_speaker) or _antecedent(
            body, mentions, pos, ("PERSON",)
        )
    if tail and noun in _ORG_NOUNS:
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
        # "the committee" is the nearest organisation called a committee, else the nearest one.
        called = [m for m in mentions if noun in m[2].name.lower().split()]
        return _antecedent(body, called, pos, ("ORG",)) or _antecedent(body, mentions, pos, ("ORG", "GPE"))
    if words in (["it"], ["they"]):
        return _antecedent(body, mentions, pos, ("ORG", "GPE") if words == ["it"] else ("ORG", "PERSON"))
    return None


def _role_words(entity: Entity) -> set[str]:
    return set(entity.role.lower().split()) if entity.role else set()


def _unnamed_just_spoke(body: str, mentions: Mentions, pos: int) -> bool:
    """True when "he"/"she" follows a sentence whose subject is someone unnamed ("A spokesman for
    the BPI said ... . “...,” he said"): the pronoun is that person, not a name further back."""
    this = _sentence_start(body, pos)
    sentence = body[this + 1 : pos]
    if not _UNNAMED.match(sentence) and not _UNNAMED.match(sentence.lstrip('"“ ')):
        before = _sentence_start(body, max(0, this))
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
            and not _PREPOSITION_BEFORE.search(body, max(0, s - 20), s)
            and body[e : e + 1] not in ("'", "’")
        ):
            return None  # someone else has come up as a subject since
    return entity


def _antecedent(
    body: str, mentions: Mentions, pos: int, labels: tuple[str, ...], salient: bool = False
) -> Entity | None:
    """The nearest earlier mention of the labels, preferring one near the start of its sentence
    (a subject) over one deep inside it (an object: "third behind Hayley Yelling"). With no subject
    near, the last one named, or with ``salient`` the article's most salient one."""
    # Someone just reported as speaking ("spokeswoman Kelley Luckstein said. “...,” she said"); for
    # "he"/"she" that includes a full name the small model took for an organisation or a place.
    near = [m for m in reversed(mentions) if m[1] <= pos and pos - m[0] < 400]
    near = [m for m in near if not _PREPOSITION_BEFORE.search(body, max(0, m[0] - 20), m[0])]
    spoke = [
        _head(body, mentions, m, _sentence_start(body, m[0]))[2] for m in near if _SPOKE.match(body, m[1])
    ]
    for entity in spoke:
        if entity.label in labels:
            return entity
    for entity in spoke:
        if "PERSON" in labels and _looks_like_a_name(entity):
            return entity
    candidates = [m for m in mentions if m[1] <= pos and m[2].label in labels]
    if not candidates:
        return None
    window = [m for m in candidates if pos - m[0] < 400]
    for s, e, entity in reversed(window):
        # Subject-like: at most two words before it in its sentence ("Then Tom Baker ..."), and
        # not a possessive ("Warne's interviews provoked ...").
        sentence_start = max(_sentence_start(body, s), body.rfind("\n", 0, s))
        if _opens_sentence(body, sentence_start, s) and body[e : e + 1] not in ("'", "’"):
            return entity
    if salient:
        return max((m[2] for m in candidates), key=lambda entity: entity.salience)
    return candidates[-1][2]


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
        and words[-1].lower() not in _ORG_NOUNS
    )


def _sentence_end(body: str, pos: int, limit: int) -> int:
    """Index just after the sentence holding ``pos`` (at most ``limit``)."""
    para_start, spans = _sentences_around(body, pos)
    for start, end in spans:
        if para_start + start <= pos < para_start + end:
            return min(limit, para_start + end)
    return limit


def _sentence_start(body: str, pos: int) -> int:
    """Index just before the sentence holding ``pos`` begins (the paragraph's splitter decides,
    so "6:30 p.m. Saturday" or "Mr Ebbers" never end a sentence)."""
    para_start, spans = _sentences_around(body, pos)
    starts = [start for start, _ in spans]
    i = bisect.bisect_right(starts, pos - para_start) - 1
    return para_start + (starts[i] if i >= 0 else 0) - 1


def _sentences_around(body: str, pos: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The start of the paragraph holding ``pos`` and its sentence spans (relative to it)."""
    para_start = body.rfind("\n", 0, pos) + 1
    para_end = body.find("\n", pos)
    return para_start, _paragraph_sentences(body[para_start : para_end if para_end >= 0 else len(body)])


@lru_cache(maxsize=512)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(paragraph))


def _speaker(who: str | None, entity: Entity | None) -> str | None:
    """The entity's name when the speaker phrase is just that entity ("White House press secretary
    Jen Psaki" -> "Jen Psaki", "he" -> the person), else the phrase as written ("Council officials")."""
    if entity is None or who is None:
        return who
    bare = (who[4:] if who.lower().startswith("the ") else who).lower()  # "the Harbour Council"
    if entity.label == "PERSON" or who.lower() in _PRONOUNS or bare == entity.name.lower():
        return entity.name
    return entity.name if any(bare == m.text.lower() for m in entity.mentions) else who


def _reported(doc: Document, spans: list[tuple[int, int]], mentions: Mentions) -> list[Quote]:
    """ "X warned that ..." outside quotation marks: reported speech with its speaker."""
    out: list[Quote] = []
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
        entity = _resolve(who, at, at, doc.body, mentions)
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
