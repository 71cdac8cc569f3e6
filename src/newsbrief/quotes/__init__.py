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
Names inside quotation marks are never speakers. Given a dependency parser (``parse``), a quote
none of these attributes belongs to the subject of the clause that holds it, or of the sentence
before, when that subject names a person or organisation (``syntax``). A quote with none of these
has speaker ``None``: it is never guessed.

Map (which module decides what, in which order):
1. ``marks``: the spans inside quotation marks, and those that quote nobody (a title, a term).
2. ``context``: where each quote sits (paragraph, sentence, the words before and after it), as a
   ``Candidate`` for the sieves.
3. ``sieves.SIEVES``: the attribution order, one named sieve a step, the first to find a speaker
   decides: the words around the quote (``cues``, on the regular expressions of ``patterns``),
   the quotes before it (``earlier``), the subject of its sentence or the one before (``cues``),
   the dependency parse (``syntax``).
4. ``speakers``: the phrase a sieve found ("he", "the committee", "Mr Putin") resolved to an
   entity; then, here, a quote left open that runs into an attributed one shares its speaker.
5. ``reported``: reported speech ("X warned that ...") outside quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsbrief.document import Document
from newsbrief.entities import Entity
from newsbrief.nlp.spacy_pipeline import Arc, Parse
from newsbrief.quotes.context import Candidate, Cue, Mentions, QuoteContext, quote_context
from newsbrief.quotes.marks import inside_any, looks_like_title, names_a_term, quote_spans
from newsbrief.quotes.patterns import SPEECH_VERBS, SPOKEN_AFTER
from newsbrief.quotes.quote import Quote
from newsbrief.quotes.reported import reported_speech
from newsbrief.quotes.sieves import SIEVES, Sieve, first_found
from newsbrief.quotes.speakers import resolve_speaker, shown_speaker

__all__ = ["SIEVES", "SPEECH_VERBS", "Quote", "Sieve", "extract_quotes", "looks_like_title"]


def extract_quotes(
    doc: Document, entities: Sequence[Entity] = (), parse: Parse | None = None
) -> tuple[Quote, ...]:
    """Direct, partial and reported quotes of ``doc``, in body order; ``parse`` (a dependency
    parser, ``nlp.spacy_pipeline.dependency_parser``) lets the grammar attribute what no cue does."""
    body = doc.body
    quoted = quote_spans(doc)
    # A name inside quotation marks (a title, someone's words) is never who is speaking.
    found = [(m.start, m.end, e) for e in entities for m in e.mentions if not inside_any(m.start, quoted)]
    # An organisation inside a person's mention is part of a role ("US Treasury Secretary John Snow").
    nested = {t for t in found for o in found if o[0] <= t[0] and t[1] <= o[1] and o[1] - o[0] > t[1] - t[0]}
    mentions = sorted((t for t in found if t not in nested), key=lambda t: t[0])
    # Quotation marks around a title ("Mad Men", "Fifty Shades of Grey") quote nobody.
    # ...unless a speech cue follows it: “Papa! Papa!” he yelled.
    spans = [(s, e) for s, e in quoted if not looks_like_title(body[s:e]) or SPOKEN_AFTER.match(body, e + 1)]
    people = {e.id: e for e in entities if e.label == "PERSON"}
    quotes: list[Quote] = []
    parsed = _once(parse) if parse is not None else None
    for start, end in spans:
        quotes.append(_attribute(body, start, end, quotes, mentions, people, parsed, quoted))
    _attribute_backwards(body, quotes)
    quotes = [q for q in quotes if q.kind == "direct" or not names_a_term(body, q.start)]
    quotes.extend(reported_speech(doc, spans, mentions))
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


def _once(parse: Parse) -> Parse:
    """``parse`` that parses each sentence once: several quotes often share one."""
    seen: dict[str, tuple[Arc, ...]] = {}

    def cached(text: str) -> tuple[Arc, ...]:
        if text not in seen:
            seen[text] = parse(text)
        return seen[text]

    return cached


def _attribute(
    body: str,
    start: int,
    end: int,
    earlier: list[Quote],
    mentions: Mentions,
    people: dict[str, Entity],
    parse: Parse | None,
    quoted: list[tuple[int, int]],
) -> Quote:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    text = body[start:end]
    ctx = quote_context(body, start, end, text)
    full_sentence = not ctx.before.strip() or ctx.before.rstrip().endswith((":", ","))
    kind = "direct" if len(text.split()) >= 4 or full_sentence else "partial"
    spoken = [(q.end, people[q.speaker_id]) for q in earlier if q.speaker_id in people]

    def resolve(cue: Cue) -> Entity | None:
        return resolve_speaker(cue[0], cue[1], start, body, mentions, spoken[-1] if spoken else None)

    candidate = Candidate(ctx, full_sentence, earlier, mentions, parse, quoted, resolve)
    found = first_found(candidate)
    if isinstance(found, Quote):  # an earlier quote's speaker
        return Quote(text, start, end, kind, found.speaker, found.speaker_id, found.cue)
    if found is None:
        return Quote(text, start, end, kind, None, None, None)
    who, _, cue = found
    entity = resolve(found)
    if cue == "previous sentence" and entity is not None and _someone_else_spoke(ctx, earlier, entity):
        # "“...,” Lopez said. Baker won the final. “That was hard to take.”": Lopez or Baker.
        return Quote(text, start, end, kind, None, None, None)
    return Quote(text, start, end, kind, shown_speaker(who, entity), entity.id if entity else None, cue)


def _someone_else_spoke(ctx: QuoteContext, earlier: list[Quote], entity: Entity) -> bool:
    """True when a quote in this paragraph or the one before has another speaker."""
    previous_para = ctx.body.rfind("\n", 0, max(0, ctx.para_start - 1)) + 1
    return any(q.speaker_id not in (None, entity.id) for q in earlier if q.start >= previous_para)
