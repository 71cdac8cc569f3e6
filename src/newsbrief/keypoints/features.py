"""Per-sentence signals the key-point ranker weighs: position, centrality, headline relation."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from newsbrief.document import Document, Sentence
from newsbrief.nlp.words import content_terms, words

_OPEN_QUOTES = tuple("\"“‘'«")


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """What the ranker knows about one candidate sentence; all values are in [0, 1]."""

    sentence: Sentence
    terms: frozenset[str]
    position: float  # 1 for the first sentence, falling with depth into the article
    paragraph_lead: float  # 1 when the sentence opens its paragraph
    centrality: float  # cosine of the sentence to the whole article's term profile
    headline_relevance: float  # share of headline terms the sentence carries
    headline_redundancy: float  # share of the sentence's terms already in the headline
    length_fit: float  # 1 for a readable key-point length, lower for fragments and run-ons
    quote_share: float  # share of the sentence inside quotation marks


def sentence_features(doc: Document) -> list[SentenceFeatures]:
    """Features for every sentence of ``doc`` that could be a key point (headings excluded)."""
    candidates = [s for s in doc.sentences if not s.is_heading]
    term_lists = [content_terms(s.text) for s in candidates]
    profile: Counter[str] = Counter()
    for terms in term_lists:
        profile.update(set(terms))
    norm = math.sqrt(sum(v * v for v in profile.values())) or 1.0
    headline = frozenset(content_terms(doc.article.title or ""))
    total = max(1, len(candidates) - 1)
    out = []
    for rank, (sent, terms) in enumerate(zip(candidates, term_lists, strict=True)):
        unique = frozenset(terms)
        # Leave the sentence's own contribution out, or long sentences score against themselves.
        dot = sum(profile[t] - 1 for t in unique)
        centrality = dot / (norm * math.sqrt(len(unique))) if unique else 0.0
        out.append(
            SentenceFeatures(
                sentence=sent,
                terms=unique,
                position=1.0 - rank / total if len(candidates) > 1 else 1.0,
                paragraph_lead=1.0 if sent.rank_in_paragraph == 0 else 0.0,
                centrality=min(1.0, centrality),
                headline_relevance=len(unique & headline) / len(headline) if headline else 0.0,
                headline_redundancy=len(unique & headline) / len(unique) if unique and headline else 0.0,
                length_fit=_length_fit(len(words(sent.text))),
                quote_share=_quote_share(sent.text),
            )
        )
    return out


def _length_fit(n_words: int) -> float:
    if n_words < 6:
        return 0.0
    if n_words < 12:
        return (n_words - 5) / 7
    if n_words <= 45:
        return 1.0
    return max(0.2, 1.0 - (n_words - 45) / 40)


def _quote_share(text: str) -> float:
    """Rough share of characters between quotation marks (curly or straight)."""
    inside = False
    quoted = 0
    for ch in text:
        if ch in '"“”':
            inside = not inside if ch == '"' else ch == "“"
            continue
        if inside:
            quoted += 1
    stripped = text.lstrip()
    if stripped.startswith(_OPEN_QUOTES) and quoted == 0:
        quoted = len(text)  # an opening quote that closes in a later sentence
    return min(1.0, quoted / max(1, len(text)))
