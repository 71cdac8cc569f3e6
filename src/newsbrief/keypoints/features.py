"""Per-sentence signals the key-point ranker weighs, as one numeric vector per sentence.

The names in ``FEATURES`` are the contract with the shipped weights file: training writes them,
the ranker checks them, so a model can never be applied to features it was not trained on.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.document import Document, Sentence, sentence_words
from newsbrief.nlp.words import content_terms, terms_of

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
    "textrank",  # PageRank over sentence-overlap similarity, scaled so the top sentence is 1
    "textrank_rank",  # 1 for the article's highest-TextRank sentence, falling to 0 for its lowest
    "textrank_top3",  # among the article's three highest-TextRank sentences
    "centrality_rank",  # the same ordering by centrality
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
_TEXTRANK_MAX = 150
_first = operator.itemgetter(0)  # a word's first character, mapped over words at C speed


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """One candidate sentence, its content terms (for redundancy) and its feature vector."""

    sentence: Sentence
    terms: frozenset[str]
    values: tuple[float, ...]

    def get(self, name: str) -> float:
        return self.values[FEATURES.index(name)]


def sentence_features(
    doc: Document, sentence_tokens: Sequence[list[str]] | None = None
) -> list[SentenceFeatures]:
    """Features for every sentence of ``doc`` that could be a key point (headings excluded);
    ``sentence_tokens`` are the sentences' words when already made (``document.sentence_words``)."""
    candidates = [s for s in doc.sentences if not s.is_heading]
    if sentence_tokens is None:
        sentence_tokens = sentence_words(doc)
    token_lists = [sentence_tokens[s.index] for s in candidates]
    term_sets = [frozenset(terms_of(tokens)) for tokens in token_lists]
    profile: Counter[str] = Counter()
    for terms in term_sets:
        profile.update(terms)
    norm = math.sqrt(sum(v * v for v in profile.values())) or 1.0
    headline = frozenset(content_terms(doc.article.title or ""))
    has_headline = float(bool(headline))
    lede = term_sets[0] if term_sets else frozenset()
    ranks = textrank(term_sets)
    n = len(candidates)
    counts = profile.__getitem__
    centralities = [
        min(1.0, (sum(map(counts, u)) - len(u)) / (norm * math.sqrt(len(u)))) if u else 0.0 for u in term_sets
    ]
    textrank_order = _order(ranks)
    centrality_order = _order(centralities)
    length_order = _order([float(len(t)) for t in token_lists])
    first_paragraph = candidates[0].paragraph if candidates else 0
    out = []
    for rank, (sent, tokens, unique) in enumerate(zip(candidates, token_lists, term_sets, strict=True)):
        n_words = len(tokens)
        n_terms = len(unique)
        text = sent.text
        stripped = text.rstrip("\"'”’»)] ")
        # Capitalised words after the first: names and places.
        capitalised = sum(map(str.isupper, map(_first, text.split()[1:])))
        in_headline = len(unique & headline)
        values = (
            1.0 - rank / (n - 1) if n > 1 else 1.0,
            float(rank == 0),
            float(rank == 1),
            float(rank == 2),
            float(rank < 5),
            float(sent.rank_in_paragraph == 0),
            sent.paragraph / (sent.paragraph + 3),
            float(sent.paragraph == first_paragraph),
            centralities[rank],
            ranks[rank],
            textrank_order[rank],
            float(textrank_order[rank] >= 1.0 - 2.5 / max(1, n - 1)) if n > 1 else 1.0,
            centrality_order[rank],
            length_order[rank],
            has_headline,
            in_headline / len(headline) if headline else 0.0,
            in_headline / n_terms if n_terms and headline else 0.0,
            len(unique & lede) / n_terms if n_terms and rank > 0 else 0.0,
            min(1.0, n_words / 50),
            float(n_words < 8),
            float(n_words > 45),
            _quote_share(text),
            float(text.startswith(_OPEN_QUOTES)),
            float(not _ATTRIBUTION.isdisjoint(tokens)),
            sum(map(str.isdigit, map(_first, tokens))) / n_words if n_words else 0.0,
            capitalised / n_words if n_words else 0.0,
            float(stripped.endswith("?")),
            float(bool(tokens) and tokens[0] in _DANGLING),
            float(stripped.endswith(":")),
            min(1.0, n / 60),
        )
        out.append(SentenceFeatures(sentence=sent, terms=unique, values=values))
    return out


def _order(values: list[float]) -> list[float]:
    """Each value's standing in the article: 1 for the highest, 0 for the lowest (ties share)."""
    n = len(values)
    if n < 2:
        return [1.0] * n
    ordered = sorted(values)
    below = {v: i for i, v in reversed(list(enumerate(ordered)))}
    return [below[v] / (n - 1) for v in values]


def textrank(term_sets: list[frozenset[str]], damping: float = 0.85, iterations: int = 3) -> list[float]:
    """TextRank centrality (Mihalcea & Tarau, 2004): PageRank over shared-term similarity.

    Returned scaled to a maximum of 1. Articles over ``_TEXTRANK_MAX`` sentences rank only their
    first ``_TEXTRANK_MAX`` (the graph is quadratic); later sentences get 0.
    """
    n = min(len(term_sets), _TEXTRANK_MAX)
    if n == 0:
        return [0.0] * len(term_sets)
    logs = [math.log(len(t)) if len(t) > 1 else 0.0 for t in term_sets[:n]]
    # A sentence's edge to itself (its term count over twice its log length), as in sumy's
    # TextRank: long, self-contained sentences keep more of their own rank.
    edges: list[list[tuple[int, float]]] = [
        [(i, len(term_sets[i]) / (2 * logs[i]))] if logs[i] > 0 else [] for i in range(n)
    ]
    for i in range(n):
        mine, log_i, out = term_sets[i], logs[i], edges[i]
        for j in range(i + 1, n):
            shared = len(mine & term_sets[j])
            if shared and log_i + logs[j] > 0:
                weight = shared / (log_i + logs[j])
                out.append((j, weight))
                edges[j].append((i, weight))
    out_weight = [sum(w for _, w in e) or 1.0 for e in edges]
    # Each edge's share of its source's out-weight, so an iteration is one weighted sum a node.
    sources = [[j for j, _ in e] for e in edges]
    inbound = [[damping * w / out_weight[j] for j, w in e] for e in edges]
    base = 1 - damping
    score = [1.0] * n
    for _ in range(iterations):
        new = [
            base + sum(map(operator.mul, row, map(score.__getitem__, src)))
            for row, src in zip(inbound, sources, strict=True)
        ]
        converged = max(abs(a - b) for a, b in zip(new, score, strict=True)) < 1e-3
        score = new
        if converged:
            break
    top = max(score) or 1.0
    return [v / top for v in score] + [0.0] * (len(term_sets) - n)


def _quote_share(text: str) -> float:
    """Rough share of characters between quotation marks (curly or straight)."""
    quoted = sum(len(m) for m in _QUOTED.findall(text))
    if not quoted and text.startswith(_OPEN_QUOTES):
        quoted = len(text)  # an opening quote that closes in a later sentence
    return min(1.0, quoted / max(1, len(text)))
