"""Per-sentence signals the key-point ranker weighs: one row of numbers a candidate sentence.

The names in ``FEATURES`` are the contract with the shipped weights file: training writes them,
the ranker checks them, so a model can never be applied to features it was not trained on.
Each feature is one pass over the candidates (a column), made of C-level maps over the words;
nothing compares every sentence with every other, so the cost grows with the article's words.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat

from newsbrief.document import Document, Sentence, sentence_words
from newsbrief.nlp.words import content_terms, term_sets

FEATURES = (
    "position",  # 1 for the first candidate sentence, 0 for the last
    "first_sentence",
    "second_sentence",
    "third_sentence",
    "early",  # among the first five sentences
    "paragraph_first",  # the sentence opens its paragraph
    "paragraph_index",  # paragraph number, squashed to [0, 1)
    "first_paragraph",
    "centrality",  # cosine of the sentence to the article's term profile
    "centrality_rank",  # 1 for the article's most central sentence, falling to 0 for its least
    "length_rank",  # the same ordering by length
    "has_headline",
    "headline_relevance",  # share of headline terms the sentence carries
    "headline_redundancy",  # share of the sentence's terms already in the headline
    "lede_overlap",  # share of the sentence's terms already in the first sentence
    "length",  # words / 50, capped at 1
    "short",  # fewer than 8 words
    "long",  # more than 45 words
    "quote_share",  # share of characters inside quotation marks
    "starts_with_quote",
    "attribution",  # "said", "according to", ...
    "number_density",  # share of tokens that are numbers
    "proper_density",  # share of capitalised words after the first (names, places)
    "question",  # ends with "?" (or "?" before a closing quote)
    "dangling_start",  # opens with a pronoun or connective that needs earlier text
    "colon_end",  # a lead-in ending in ":"
    "doc_length",  # sentences in the article / 60, capped at 1
)
HAS_HEADLINE = FEATURES.index("has_headline")

# Attribution verbs ("according" stands for "according to"); matched against a sentence's tokens.
_ATTRIBUTION = frozenset("said says told according added stated announced warned claimed".split())
_OPEN_QUOTES = tuple("\"“‘'«")
_DANGLING = frozenset(
    "he she it they this that these those his her its their him them but and also however yet so "
    "meanwhile instead still then such there".split()
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
# A word after the first that opens with a capital (Latin script): names and places.
_CAPITALISED = re.compile(r"\s[A-ZÀ-ÖØ-Þ]")
_CLOSING = "\"'”’»)] "
_first = operator.itemgetter(0)  # a word's first character, mapped over words at C speed


@dataclass(frozen=True, slots=True)
class Candidates:
    """The sentences that could be key points (headings excluded), one feature row each, and each
    one's distinct content terms (for redundancy between picks)."""

    sentences: tuple[Sentence, ...]
    rows: tuple[tuple[float, ...], ...]
    terms: tuple[frozenset[str], ...]

    def __len__(self) -> int:
        return len(self.sentences)


def sentence_features(doc: Document, sentence_tokens: Sequence[list[str]] | None = None) -> Candidates:
    """Features of every sentence of ``doc`` that could be a key point; ``sentence_tokens`` are
    the sentences' words when already made (``document.sentence_words``)."""
    sentences = tuple(s for s in doc.sentences if not s.is_heading)
    if sentence_tokens is None:
        sentence_tokens = sentence_words(doc)
    tokens = [sentence_tokens[s.index] for s in sentences]
    texts = [s.text for s in sentences]
    terms = term_sets(tokens)
    n = len(sentences)
    last = max(1, n - 1)
    n_words = list(map(len, tokens))
    n_terms = list(map(len, terms))
    per_word = [1.0 / w if w else 0.0 for w in n_words]
    per_term = [1.0 / t if t else 0.0 for t in n_terms]
    paragraphs = [s.paragraph for s in sentences]
    first_paragraph = paragraphs[0] if n else 0
    headline = frozenset(content_terms(doc.article.title or ""))
    in_headline = list(map(len, map(headline.intersection, terms)))
    lede = terms[0] if n else frozenset()
    in_lede = [0, *map(len, map(lede.intersection, terms[1:]))]
    stripped = list(map(str.rstrip, texts, repeat(_CLOSING)))
    centrality = _centrality(terms)
    columns: list[Sequence[float]] = [
        [1.0 - i / last for i in range(n)],
        [float(i == 0) for i in range(n)],
        [float(i == 1) for i in range(n)],
        [float(i == 2) for i in range(n)],
        [float(i < 5) for i in range(n)],
        [float(s.rank_in_paragraph == 0) for s in sentences],
        [p / (p + 3) for p in paragraphs],
        [float(p == first_paragraph) for p in paragraphs],
        centrality,
        _order(centrality),
        _order(n_words),
        [float(bool(headline))] * n,
        [h / len(headline) for h in in_headline] if headline else [0.0] * n,
        list(map(operator.mul, in_headline, per_term)),
        list(map(operator.mul, in_lede, per_term)),
        [min(1.0, w / 50) for w in n_words],
        [float(w < 8) for w in n_words],
        [float(w > 45) for w in n_words],
        list(map(_quote_share, texts)),
        list(map(float, map(str.startswith, texts, repeat(_OPEN_QUOTES)))),
        [float(not _ATTRIBUTION.isdisjoint(t)) for t in tokens],
        [sum(map(str.isdigit, map(_first, t))) * r for t, r in zip(tokens, per_word, strict=True)],
        [len(_CAPITALISED.findall(t)) * r for t, r in zip(texts, per_word, strict=True)],
        list(map(float, map(str.endswith, stripped, repeat("?")))),
        [float(bool(t) and t[0] in _DANGLING) for t in tokens],
        list(map(float, map(str.endswith, stripped, repeat(":")))),
        [min(1.0, n / 60)] * n,
    ]
    return Candidates(sentences, tuple(zip(*columns, strict=True)), tuple(terms))


def _centrality(terms: list[frozenset[str]]) -> list[float]:
    """Cosine of each sentence's terms to the article's profile (in how many sentences each
    term occurs), the sentence's own occurrence left out."""
    profile: Counter[str] = Counter(chain.from_iterable(terms))
    spread = list(profile.values())
    norm = math.sqrt(sum(map(operator.mul, spread, spread))) or 1.0
    counts = profile.__getitem__
    return [
        min(1.0, (sum(map(counts, u)) - len(u)) / (norm * math.sqrt(len(u)))) if u else 0.0 for u in terms
    ]


def _order(values: Sequence[float]) -> list[float]:
    """Each value's standing in the article: 1 for the highest, 0 for the lowest (ties share)."""
    n = len(values)
    if n < 2:
        return [1.0] * n
    below = {v: i / (n - 1) for i, v in reversed(list(enumerate(sorted(values))))}
    return list(map(below.__getitem__, values))


def _quote_share(text: str) -> float:
    """Rough share of characters between quotation marks (curly or straight)."""
    quoted = sum(map(len, _QUOTED.findall(text))) if '"' in text or "“" in text else 0
    if not quoted and text.startswith(_OPEN_QUOTES):
        quoted = len(text)  # an opening quote that closes in a later sentence
    return min(1.0, quoted / max(1, len(text)))
