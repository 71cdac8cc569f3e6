"""Sieves that read the quotes before this one: a quote that goes on with the last one's words,
or follows a sentence about the last speaker, is theirs."""

from __future__ import annotations

from newsbrief.quotes.context import Candidate, end_of_sentence, start_of_sentence
from newsbrief.quotes.quote import Quote


def continued(c: Candidate) -> Quote | None:
    """The last direct quote, when this one goes on with its words: later in the same paragraph,
    or opening the next paragraph."""
    ctx, earlier, mentions = c.where, c.earlier, c.mentions
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
        follows = end_of_sentence(ctx.body, last.end, ctx.para_end) >= ctx.sentence_start
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
        after_cue = end_of_sentence(ctx.body, last.end, ctx.para_end)
        since = [m for m in mentions if after_cue <= m[0] < ctx.start and m[2].label == "PERSON"]
        if any(m[2].id != last.speaker_id for m in since):
            return None
        return last
    return None


def still_speaking(c: Candidate) -> Quote | None:
    """The last speaker, when a quote with no cue follows a sentence about that speaker ("...," he
    said. Lewis-Francis still feels the frustration ... "That was heartbreaking ...")."""
    ctx, earlier, mentions = c.where, c.earlier, c.mentions
    if ctx.before.strip() or not earlier or earlier[-1].speaker_id is None:
        return None
    last = earlier[-1]
    # Only where the earlier quote is close: this paragraph or the one before.
    previous_para = ctx.body.rfind("\n", 0, max(0, ctx.para_start - 1)) + 1
    if last.end < previous_para:
        return None
    sentence_start = start_of_sentence(ctx.body, max(0, ctx.sentence_start)) + 1
    for s, _e, entity in mentions:
        if sentence_start <= s < ctx.start and entity.label in ("PERSON", "ORG"):
            # The first name in that sentence: its subject, perhaps after a fronted clause.
            return last if entity.id == last.speaker_id else None
    return None
