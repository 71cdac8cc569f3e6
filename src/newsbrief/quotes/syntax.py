"""The last resort when no cue names a speaker: the subject of the clause a quote belongs to, read
from a dependency parse. "Prince Charles paid tribute to the “brilliant” way ...", "The Supreme
Court ruled that the law was “unconstitutional”" and "his admission that he “guessed something
like this”" name no speech verb the cue patterns know, yet their grammar says whose words they
are. Only a subject that names a person or organisation of the article counts ("a source" or "the
papers" names nobody, and the quote keeps speaker ``None``), and words quoted inside a sentence
count only as what the subject reports, never as a term it uses ("opened a “quiet zone”").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsbrief.entities import Entity
from newsbrief.nlp.spacy_pipeline import Arc, Parse
from newsbrief.quotes.context import Candidate, Cue, Mentions, QuoteContext, Spans, end_of_sentence
from newsbrief.quotes.cues import about_speech, sentence_before
from newsbrief.quotes.marks import inside_any
from newsbrief.quotes.patterns import PRONOUNS, SPEECH_VERBS
from newsbrief.quotes.speakers import ORG_NOUNS

Resolve = Callable[[Cue], Entity | None]
_SUBJECT = "nsubj"  # an active subject: "the law was described as" has a passive one, no speaker
# Relations that open a clause of what the subject reports, thinks or does next: "ruled that the
# law was ...", "hopes to develop a ...", "when they heard a ...", "the way his wife has taken ...".
_CLAUSES = frozenset("ccomp xcomp advcl relcl parataxis".split())
_SPEAKS = frozenset(SPEECH_VERBS.split("|"))


@dataclass(frozen=True, slots=True)
class _Subject:
    """A subject above a quote: its phrase, whether the quote is what it reports, and whether its
    verb is a speech verb (then it decides: "a prisoner, who said he “regrets nothing”" quotes the
    unnamed prisoner, never the "he" inside)."""

    cue: Cue
    reports: bool
    speaks: bool


def parsed_subject(c: Candidate) -> Cue | None:
    """The sieve: the subject the dependency parse finds for a quote, when a parser was given."""
    if c.parse is None:
        return None
    return _parsed_speaker(c.where, c.full_sentence, c.parse, c.quoted, c.mentions, c.resolve)


def _parsed_speaker(
    ctx: QuoteContext, full_sentence: bool, parse: Parse, quoted: Spans, mentions: Mentions, resolve: Resolve
) -> Cue | None:
    """The subject that speaks a quote no cue attributes, or ``None``.

    Words quoted inside a sentence belong to the outermost subject above them that names a person
    or organisation ("Iwata said the company was “pleased”" is Iwata's, not the company's). A
    quoted sentence belongs to the person who is the main subject of the clause before its colon,
    or of the sentence before it; an organisation there is more often the topic than the speaker.
    """
    body = ctx.body
    if not full_sentence:
        return _in_sentence(ctx, parse, quoted, mentions, resolve)
    before = sentence_before(ctx)
    if ctx.before.rstrip().endswith(":"):
        candidates = _main_subjects(body, ctx.sentence_start + 1, ctx.start - 1, parse, quoted, ":")
    elif before is not None:
        candidates = _main_subjects(body, *before, parse, quoted, "previous sentence")
    else:
        # No sentence before, or '“...”, he said, “...”': a quoted sentence after a comma is the
        # cues' job.
        return None
    return next((cue for cue in candidates if _speaker_is(cue, ("PERSON",), mentions, resolve)), None)


def _in_sentence(
    ctx: QuoteContext, parse: Parse, quoted: Spans, mentions: Mentions, resolve: Resolve
) -> Cue | None:
    """The outermost subject above words quoted inside a sentence that reports them and names a
    person or organisation; the first subject of a speech verb decides, whoever it is."""
    told = about_speech(ctx.before)
    for subject in _clause_subjects(ctx, parse, quoted):
        if subject.speaks:
            # The subject of a speech verb is read as the cues read one ("the news and data seller
            # said" is the company just named).
            entity = resolve(subject.cue)
            return subject.cue if entity is not None and entity.label in ("PERSON", "ORG") else None
        reports = subject.reports or told
        if reports and _speaker_is(subject.cue, ("PERSON", "ORG"), mentions, resolve):
            return subject.cue
    return None


def _speaker_is(cue: Cue, labels: tuple[str, ...], mentions: Mentions, resolve: Resolve) -> bool:
    """The phrase names someone (``_names_someone``) who resolves to an entity with ``labels``."""
    if not _names_someone(cue, mentions):
        return False
    entity = resolve(cue)
    return entity is not None and entity.label in labels


def _names_someone(cue: Cue, mentions: Mentions) -> bool:
    """The phrase holds a name, is a pronoun, or ends in an organisation's kind word ("the court",
    "the fraternity's website"); a description such as "the water" or "the singer" is no subject
    a quote can be pinned on without a speech verb."""
    who, at, _ = cue
    words = who.lower().split()
    return bool(words) and (
        any(at <= s and e <= at + len(who) for s, e, _ in mentions)
        or (len(words) == 1 and words[0] in PRONOUNS)
        or (words[0] in ("the", "its") and words[-1] in ORG_NOUNS)
    )


def _clause_subjects(ctx: QuoteContext, parse: Parse, quoted: Spans) -> list[_Subject]:
    """The subject of each clause above the quote, outermost first: before the quote (cut there),
    or after it for a speech verb ("... “stamping out” ageism, he told a conference"). The quote
    is what that subject reports when a clause opens between them, or when the quote opens with
    the clause's own verb ("he “guessed something like this”")."""
    body, start = ctx.body, ctx.sentence_start + 1
    end = end_of_sentence(body, ctx.start, ctx.para_end)
    arcs = parse(body[start:end])
    first = next((i for i, arc in enumerate(arcs) if start + arc.start >= ctx.start), None)
    found: list[_Subject] = []
    node, clause = first, False
    while node is not None:
        speaks = body[start + arcs[node].start : start + arcs[node].end].lower() in _SPEAKS
        for arc in (a for i, a in enumerate(arcs) if a.head == node != i and a.dep == _SUBJECT):
            if start + arc.left < ctx.start:
                cue = _phrase(body, start, arc, ctx.start - 1, quoted, "subject")
            elif start + arc.left >= ctx.end and speaks:
                cue = _phrase(body, start, arc, end, quoted, "subject")
            else:
                cue = None
            if cue is not None:
                found.append(_Subject(cue, clause or node == first, speaks))
        clause = clause or arcs[node].dep in _CLAUSES
        head = arcs[node].head
        node = head if head != node else None
    return found[::-1]


def _main_subjects(body: str, start: int, end: int, parse: Parse, quoted: Spans, cue: str) -> list[Cue]:
    """Subjects of the main clause of ``body[start:end]``."""
    arcs = parse(body[start:end])
    found: list[Cue] = []
    for arc in arcs:
        if arc.dep == _SUBJECT and arcs[arc.head].head == arc.head:
            phrase = _phrase(body, start, arc, end, quoted, cue)
            if phrase is not None:
                found.append(phrase)
    return found


def _phrase(body: str, offset: int, arc: Arc, limit: int, quoted: Spans, cue: str) -> Cue | None:
    """A subject's whole phrase ("Nintendo president Satoru Iwata"), cut at ``limit``; none when
    it stands inside quotation marks (the "I" of someone's words) or after ``limit``."""
    left, right = offset + arc.left, min(limit, offset + arc.right)
    if left >= right or inside_any(left, quoted):
        return None
    return body[left:right].rstrip(), left, cue
