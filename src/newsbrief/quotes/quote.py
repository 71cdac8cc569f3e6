"""A quote: what was said, where, and by whom."""

from __future__ import annotations

from dataclasses import dataclass


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
