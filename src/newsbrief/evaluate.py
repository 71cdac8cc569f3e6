"""Score key points against reference highlights: ROUGE-1/2/Lsum F1 beside LEAD-3 and the oracle.

ROUGE comes from Google's ``rouge-score`` (the reference implementation's Python port), stemmed.
The extractive oracle greedily adds the body sentence that most raises ROUGE-1 + ROUGE-2 F1
against the references, up to the same number of sentences: the best any extractive picker can do.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrief.article import Article
from newsbrief.brief import build_brief
from newsbrief.document import Document, build_document
from newsbrief.errors import InputError, MissingExtraError
from newsbrief.keypoints import KeyPointModel
from newsbrief.readers.record import parse_record

METRICS = ("rouge1", "rouge2", "rougeLsum")

Picker = Callable[[Document, int], list[str]]


@dataclass
class Score:
    """Mean F1 per metric over the records a system was scored on."""

    system: str
    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    records: int = 0

    def add(self, scores: dict[str, float]) -> None:
        for metric in METRICS:
            self.totals[metric] += scores[metric]
        self.records += 1

    def means(self) -> dict[str, float]:
        return {m: (self.totals[m] / self.records if self.records else 0.0) for m in METRICS}


class Rouge:
    """Stemmed ROUGE-1/2/Lsum F1 of picked sentences against reference sentences."""

    def __init__(self) -> None:
        try:
            from rouge_score import rouge_scorer, tokenizers
        except ImportError as exc:
            raise MissingExtraError("newsbrief eval", "eval") from exc
        self._scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)

    def f1(self, picks: list[str], references: list[str]) -> dict[str, float]:
        # rougeLsum treats newlines as sentence breaks, so each side is one sentence a line.
        result = self._scorer.score("\n".join(references), "\n".join(picks))
        return {m: result[m].fmeasure for m in METRICS}

    def tokens(self, text: str) -> list[str]:
        return list(self._tokenizer.tokenize(text))


def lead(doc: Document, n: int) -> list[str]:
    """LEAD-n: the first ``n`` sentences of the body that are not sub-headings."""
    return [s.text for s in doc.sentences if not s.is_heading][:n]


def oracle(rouge: Rouge, doc: Document, references: list[str], n: int) -> list[str]:
    """Greedy extractive oracle over the body's sentences, in article order."""
    picked = greedy_oracle(
        [rouge.tokens(s.text) for s in doc.sentences], rouge.tokens(" ".join(references)), n
    )
    return [doc.sentences[i].text for i in sorted(picked)]


Grams = Counter[tuple[str, ...]]


def ngrams(tokens: list[str], k: int) -> Grams:
    """Counts of the ``k``-grams of ``tokens``."""
    return Counter(tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1))


def f1(candidate: Grams, reference: Grams) -> float:
    """ROUGE-N F1 from n-gram counts (what rouge-score computes, without re-tokenising)."""
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def greedy_oracle(sentences: list[list[str]], reference: list[str], n: int) -> list[int]:
    """Indices of up to ``n`` sentences (tokenised), each added while it raises ROUGE-1 + ROUGE-2 F1
    against the reference tokens: the best any extractive picker can do, near enough."""
    ref = [ngrams(reference, k) for k in (1, 2)]
    grams = [[ngrams(tokens, k) for k in (1, 2)] for tokens in sentences]
    current: list[Grams] = [Counter(), Counter()]
    picked: list[int] = []
    best_value = 0.0
    while len(picked) < n:
        choice, choice_value = -1, best_value
        for i, sentence in enumerate(grams):
            if i in picked:
                continue
            value = sum(f1(current[k] + sentence[k], ref[k]) for k in (0, 1))
            if value > choice_value:
                choice, choice_value = i, value
        if choice < 0:
            break
        picked.append(choice)
        current = [current[k] + grams[choice][k] for k in (0, 1)]
        best_value = choice_value
    return picked


def read_records(path: Path) -> Iterator[tuple[Article, list[str]]]:
    """Yield (article, highlights) for each usable record of a JSONL file; skips others."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                highlights = record.get("highlights") if isinstance(record, dict) else None
                if not highlights or not isinstance(highlights, list):
                    continue
                yield parse_record(record), [str(h) for h in highlights]
            except (json.JSONDecodeError, InputError):
                continue


def evaluate(
    records: Iterable[tuple[Article, list[str]]],
    points: int = 3,
    limit: int | None = None,
    model: KeyPointModel | None = None,
) -> dict[str, Any]:
    """Mean ROUGE F1 of newsbrief, LEAD-n and the oracle (n = ``points``) over the same records."""
    rouge = Rouge()
    systems = {name: Score(name) for name in ("newsbrief", f"lead-{points}", "oracle")}
    for i, (article, references) in enumerate(records):
        if limit is not None and i >= limit:
            break
        doc = build_document(article)
        brief = build_brief(article, points=points, layers=["keypoints"], model=model)
        picks = {
            "newsbrief": [doc.sentences[kp.sentence].text for kp in brief.key_points],
            f"lead-{points}": lead(doc, points),
            "oracle": oracle(rouge, doc, references, points),
        }
        for name, sentences in picks.items():
            systems[name].add(rouge.f1(sentences, references))
    return {
        "records": systems["newsbrief"].records,
        "points": points,
        "systems": {name: score.means() for name, score in systems.items()},
    }
