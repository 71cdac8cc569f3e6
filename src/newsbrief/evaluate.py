"""Score against references: key points by ROUGE-1/2/Lsum F1 beside LEAD-3 and the oracle, events
by (source, target, code) precision, recall and F1 beside a naive first-actor-verb baseline.

ROUGE comes from Google's ``rouge-score`` (the reference implementation's Python port), stemmed.
The extractive oracle greedily adds the body sentence that most raises ROUGE-1 + ROUGE-2 F1
against the references, up to the same number of sentences: the best any extractive picker can do.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrief.article import Article
from newsbrief.brief import build_brief
from newsbrief.document import Document, build_document
from newsbrief.errors import InputError, MissingExtraError
from newsbrief.events.classifier import EventModel
from newsbrief.events.dictionaries import Actor, Dictionaries
from newsbrief.events.event import Event
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


def _objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, one a line; blank and malformed lines are skipped."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                yield record


def read_records(path: Path) -> Iterator[tuple[Article, list[str]]]:
    """Yield (article, highlights) for each usable record of a JSONL file; skips others."""
    for record in _objects(path):
        highlights = record.get("highlights")
        if not highlights or not isinstance(highlights, list):
            continue
        try:
            yield parse_record(record), [str(h) for h in highlights]
        except InputError:
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


# --- events ----------------------------------------------------------------------------------

Triple = tuple[str, str, str]


def read_event_records(path: Path) -> Iterator[tuple[Article, set[Triple]]]:
    """Yield (article, expected (source, target, code) triples) for each record of a JSONL file
    with ``text`` and ``events`` (PETRARCH's unit-test records and their like). A record that
    expects an error (``errors``) expects no event. The date is ``published``, else ``date``."""
    for record in _objects(path):
        events = record.get("events")
        if not isinstance(events, list):
            continue
        if not record.get("published") and record.get("date"):
            record = {**record, "published": str(record["date"])}
        expected = (
            set()
            if record.get("errors")
            else {
                (str(e.get("source")), str(e.get("target")), str(e.get("code")))
                for e in events
                if isinstance(e, dict)
            }
        )
        try:
            yield parse_record(record), expected
        except InputError:
            continue


@dataclass
class TripleScore:
    """Micro precision, recall and F1 over (source, target, code) triples, and over roots."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    root_tp: int = 0
    root_fp: int = 0
    root_fn: int = 0
    quiet_right: int = 0  # records expecting no event that got none
    quiet: int = 0

    def add(self, got: set[Triple], expected: set[Triple]) -> None:
        self.tp += len(got & expected)
        self.fp += len(got - expected)
        self.fn += len(expected - got)
        roots = {(s, t, c[:2]) for s, t, c in got}
        expected_roots = {(s, t, c[:2]) for s, t, c in expected}
        self.root_tp += len(roots & expected_roots)
        self.root_fp += len(roots - expected_roots)
        self.root_fn += len(expected_roots - roots)
        if not expected:
            self.quiet += 1
            self.quiet_right += not got

    @staticmethod
    def _f(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def report(self) -> dict[str, float | int]:
        p, r, f = self._f(self.tp, self.fp, self.fn)
        return {
            "precision": p,
            "recall": r,
            "f1": f,
            "root_f1": self._f(self.root_tp, self.root_fp, self.root_fn)[2],
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "no_event_records": self.quiet,
            "no_event_records_right": self.quiet_right,
        }


def naive_events(doc: Document, dictionaries: Dictionaries, date: int | None) -> set[Triple]:
    """The baseline: in each sentence, the first actor, the first verb after it, the next actor
    after that verb, and the verb's own code; no parse, no agents, no patterns."""
    out: set[Triple] = set()
    for sentence in doc.sentences:
        words = [w.strip(".,;:!?\"'“”‘’()") for w in sentence.text.upper().split()]
        words = [w for w in words if w]
        first = _next_actor(words, 0, dictionaries, date)
        if first is None:
            continue
        source, at = first
        verb = next((i for i in range(at, len(words)) if words[i] in dictionaries.verbs), None)
        if verb is None:
            continue
        second = _next_actor(words, verb + 1, dictionaries, date)
        forms = dictionaries.verbs[words[verb]]
        codes = [f.code or dictionaries.blocks[f.block].code for f in forms]
        code = next((c for c in codes if c and c != "---"), None)
        if second is not None and code is not None:
            out.add((source, second[0], code.split(":")[0]))
    return out


def _next_actor(
    words: list[str], start: int, dictionaries: Dictionaries, date: int | None
) -> tuple[str, int] | None:
    for i in range(start, len(words)):
        match = dictionaries.actors.match(words, i)
        if match is not None:
            entry = match[1]
            code = entry.code_on(date) if isinstance(entry, Actor) else None
            if code:
                return code, i + match[0]
    return None


def evaluate_events(
    records: Iterable[tuple[Article, set[Triple]]],
    dictionaries: Dictionaries | None = None,
    spacy_model: str | None = None,
) -> dict[str, Any]:
    """Event-triple P/R/F1 of newsbrief and of the naive baseline over the same records."""
    from newsbrief.events import load_dictionaries
    from newsbrief.events.event import parse_date

    dictionaries = dictionaries or load_dictionaries(None)
    systems = {"newsbrief": TripleScore(), "first-actor-verb": TripleScore()}
    expected_total = records_total = 0
    for article, expected in records:
        brief = build_brief(article, layers=["events"], spacy_model=spacy_model, dictionaries=dictionaries)
        got = {(e.source, e.target, e.code) for e in brief.events}
        systems["newsbrief"].add(got, expected)
        naive = naive_events(build_document(article), dictionaries, parse_date(article.published)[0])
        systems["first-actor-verb"].add(naive, expected)
        expected_total += len(expected)
        records_total += 1
    return {
        "records": records_total,
        "expected": expected_total,
        "systems": {name: score.report() for name, score in systems.items()},
    }


def read_category_records(path: Path) -> Iterator[tuple[Article, str]]:
    """Yield (article, PLOVER category) for each record of a JSONL file with ``text`` and
    ``plover`` (PLV's sentences and their like; an older name such as FIGHT is read as ASSAULT)."""
    from newsbrief.events.cameo import current_name

    for record in _objects(path):
        category = record.get("plover")
        if not isinstance(category, str) or not category.strip():
            continue
        try:
            yield parse_record(record), current_name(category)
        except InputError:
            continue


def is_category_file(path: Path) -> bool:
    """Whether a JSONL file's first record gives a PLOVER category (``plover``) to score."""
    first = next(iter(_objects(path)), None)
    return isinstance(first, dict) and isinstance(first.get("plover"), str)


@dataclass
class CategoryScore:
    """How often a sentence's most confident event has its category, and how often none is found."""

    right: int = 0
    silent: int = 0
    total: int = 0
    rows: dict[str, list[int]] = field(default_factory=dict)  # category -> [right, total, given]

    def add(self, predicted: str | None, expected: str) -> None:
        self.total += 1
        self.right += predicted == expected
        self.silent += predicted is None
        self.rows.setdefault(expected, [0, 0, 0])
        self.rows[expected][0] += predicted == expected
        self.rows[expected][1] += 1
        if predicted is not None:
            self.rows.setdefault(predicted, [0, 0, 0])[2] += 1

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def no_event(self) -> float:
        return self.silent / self.total if self.total else 0.0

    def report(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "no_event": self.no_event,
            "records": self.total,
            "categories": {
                c: {"records": t, "right": r, "recall": r / t if t else 0.0, "given": g}
                for c, (r, t, g) in sorted(self.rows.items())
            },
        }


def category_of(events: Sequence[Event]) -> str | None:
    """A sentence's PLOVER category as scored: that of its most confident event (the first, when
    none has a confidence), ``None`` without an event."""
    best = max(events, key=lambda e: e.confidence or 0.0, default=None)
    return best.plover if best else None


def evaluate_categories(
    records: Iterable[tuple[Article, str]],
    dictionaries: Dictionaries | None = None,
    spacy_model: str | None = None,
    event_model: EventModel | None = None,
) -> dict[str, Any]:
    """PLOVER category accuracy and the share of records with no event, for newsbrief (its
    dictionaries and model) and for its rule coder alone, over the same records."""
    from newsbrief.events import extract_events, load_dictionaries, load_event_model
    from newsbrief.nlp.spacy_pipeline import load_spacy, sentence_parser

    dictionaries = dictionaries or load_dictionaries(None)
    model = event_model or load_event_model(None)
    parse = sentence_parser(load_spacy(spacy_model))
    if parse is None:
        raise InputError("the spaCy pipeline has no dependency parser: events cannot be coded")
    systems = {"newsbrief": CategoryScore(), "rules alone": CategoryScore()}
    for article, expected in records:
        brief = build_brief(
            article,
            layers=["entities", "events"],
            spacy_model=spacy_model,
            dictionaries=dictionaries,
            event_model=model,
        )
        systems["newsbrief"].add(category_of(brief.events), expected)
        ruled = extract_events(build_document(article), parse, brief.entities, dictionaries)
        systems["rules alone"].add(category_of(ruled), expected)
    return {"systems": {name: score.report() for name, score in systems.items()}}


def bcubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering (Amigó et al., 2009): for each item, the
    share of its predicted cluster that shares its gold cluster, and the other way round."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold clusterings must label the same items")
    if not gold:
        return 0.0, 0.0, 0.0
    pairs = Counter(zip(predicted, gold, strict=True))
    sizes_p, sizes_g = Counter(predicted), Counter(gold)
    p = sum(n * n / sizes_p[c] for (c, _), n in pairs.items()) / len(gold)
    r = sum(n * n / sizes_g[g] for (_, g), n in pairs.items()) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def adjusted_rand(predicted: list[str], gold: list[str]) -> float:
    """The adjusted Rand index (Hubert and Arabie, 1985): pair agreement beyond chance; 1 is perfect."""

    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    if len(predicted) != len(gold):
        raise ValueError("predicted and gold clusterings must label the same items")
    total = pairs(len(gold))
    both = sum(pairs(n) for n in Counter(zip(predicted, gold, strict=True)).values())
    in_p = sum(pairs(n) for n in Counter(predicted).values())
    in_g = sum(pairs(n) for n in Counter(gold).values())
    expected = in_p * in_g / total if total else 0.0
    ceiling = (in_p + in_g) / 2
    return 1.0 if ceiling == expected else (both - expected) / (ceiling - expected)
