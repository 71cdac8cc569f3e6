"""A cheap language guess from function words, so non-English input is flagged, not misread."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import islice, repeat

# The most frequent function words of each language; distinct enough to tell them apart in a few
# hundred words of prose, which is all a guess needs here.
_PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "was",
            "on",
            "with",
            "as",
            "he",
            "said",
            "by",
            "at",
            "from",
            "his",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "das",
            "ist",
            "nicht",
            "den",
            "von",
            "zu",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "ein",
            "eine",
            "dem",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "est",
            "une",
            "dans",
            "pour",
            "que",
            "qui",
            "pas",
            "sur",
            "au",
            "du",
            "avec",
            "il",
            "elle",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "que",
            "y",
            "en",
            "un",
            "una",
            "por",
            "con",
            "para",
            "es",
            "se",
            "del",
            "al",
            "lo",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "la",
            "di",
            "che",
            "e",
            "per",
            "un",
            "una",
            "sono",
            "non",
            "con",
            "del",
            "della",
            "le",
            "gli",
            "nel",
            "si",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "de",
            "que",
            "e",
            "em",
            "um",
            "uma",
            "para",
            "com",
            "não",
            "do",
            "da",
            "no",
            "na",
            "se",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "op",
            "te",
            "in",
            "niet",
            "met",
            "zijn",
            "voor",
            "die",
            "er",
        ]
    ),
}
_SAMPLE_WORDS = 400
_PROFILE_WORDS = frozenset().union(*_PROFILES.values())


def language_of_words(tokens: Iterable[str]) -> str | None:
    """ISO 639-1 code of the most likely language of lower-cased word tokens (their first few
    hundred; ``document.sentence_words`` makes them), or ``None`` when no profile fits."""
    sample = list(islice(tokens, _SAMPLE_WORDS))
    if len(sample) < 3:
        return None
    count = Counter(filter(_PROFILE_WORDS.__contains__, sample)).get  # only words a profile has
    scores = {lang: sum(map(count, profile, repeat(0))) for lang, profile in _PROFILES.items()}
    best = max(scores, key=scores.__getitem__)
    # Below ~5% function-word coverage the text is either another language or not prose.
    if scores[best] < max(1, 0.05 * len(sample)):
        return None
    return best
