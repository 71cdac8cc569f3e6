"""The order in which a quote's speaker is looked for: a tuple of sieves, most precise first.

Each sieve reads one thing about a quote (a ``Candidate``) and either names its speaker or passes
it on to the next, in the manner of the quote attribution sieves of Stanford CoreNLP (Muzny et
al., 2017): the first that finds someone decides. A sieve answers with a phrase of the body
(a ``Cue``: who, where, which cue word), resolved to an entity afterwards, or with an earlier
quote whose speaker this one shares. A quote no sieve attributes keeps speaker ``None``: it is
never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from newsbrief.quotes import cues, earlier, syntax
from newsbrief.quotes.context import Candidate, Cue
from newsbrief.quotes.quote import Quote

Found = Cue | Quote  # a phrase naming the speaker, or the earlier quote whose speaker it shares


class Sieve(NamedTuple):
    """One step of attribution: its name (the order's documentation) and what it reads."""

    name: str
    find: Callable[[Candidate], Found | None]


SIEVES: tuple[Sieve, ...] = (
    # The words around the quote (cues.py): a speech verb and who goes with it.
    Sieve("relative clause", cues.relative_clause),  # Jones, who called it “...”, told the ABC
    Sieve("said after", cues.said_after),  # “...,” said X / X said / by X
    Sieve("attribution sentence", cues.attribution_sentence),  # “... .” X, chief of Y, said.
    Sieve("said before", cues.said_before),  # X said: “...” / X told the BBC that “...”
    Sieve("according to", cues.according_to),  # according to X, “...”
    Sieve("says inverted", cues.says_inverted),  # ..., says the party - “...”
    Sieve("participle", cues.participle),  # X ..., tweeting: “...”
    Sieve("named subject", cues.named_subject),  # X noted via a statement that “...”
    Sieve("pronoun speaks", cues.pronoun_speaks),  # But he said the government must “...”
    Sieve("described speaker", cues.described_speaker),  # the space agency said ... “...”
    Sieve("colon", cues.colon),  # He also praised the director: “...”
    Sieve("sentence tail", cues.sentence_tail),  # ... “...” of the century, X has said.
    Sieve("previous sentence", cues.previous_sentence),  # X said he was sad.\n“...”
    # The quotes before it (earlier.py).
    Sieve("continued", earlier.continued),  # goes on with the last quote's words
    Sieve("still speaking", earlier.still_speaking),  # after a sentence about the last speaker
    # The subject of its sentence, or of the one before (cues.py).
    Sieve("sentence subject", cues.sentence_subject),  # He apologised for his “deplorable actions”
    Sieve("previous subject", cues.previous_subject),  # He won three titles. “The gold ...”
    # The dependency parse, when one was given (syntax.py).
    Sieve("parsed subject", syntax.parsed_subject),  # The court ruled the law was “unconstitutional”
)


def first_found(candidate: Candidate, sieves: tuple[Sieve, ...] = SIEVES) -> Found | None:
    """What the first sieve that finds a speaker for ``candidate`` found, or ``None``."""
    for sieve in sieves:
        found = sieve.find(candidate)
        if found is not None:
            return found
    return None
