"""Key points, side by side: newsbrief against every peer on the same records, in one run.

For each data set under ../shared/data with ``highlights`` it scores newsbrief, LEAD-3, the greedy
ROUGE oracle, sumy's LexRank, TextRank, LSA, Luhn, KL and SumBasic, and newspaper4k's summarizer:
ROUGE-1/2/Lsum F1 (rouge-score, stemmed), precision@3 (share of picks that are reference sentences
verbatim; extractive sets only) and seconds per 1000 articles. Peers get newsbrief's sentences (their
own splitters need NLTK data downloads), so the comparison is about ranking. Results are printed and
written into benchmarks/RESULTS.md between the ``keypoints`` markers.

    make bench                                   # all data sets, all records
    python benchmarks/keypoints.py --limit 200   # a quick look
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from results_file import replace_block

import newsbrief
from newsbrief.document import Document, build_document
from newsbrief.evaluate import Rouge, lead, oracle
from newsbrief.readers.record import parse_record

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
POINTS = 3


@dataclass
class Item:
    id: str
    record: dict[str, object]
    text: str
    references: list[str]

    def document(self) -> Document:
        """Read and split the record: part of every system's timed work, as it is of newsbrief's."""
        return build_document(parse_record(self.record))


Picker = Callable[[Item], list[str]]
TIMED_RECORDS = 300  # the first records of each set, timed again after scoring
TIMING_ROUNDS = 3


class _SentenceTokenizer:
    """sumy's tokenizer interface backed by newsbrief's sentences and words (no NLTK data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        from newsbrief.nlp.sentences import split_sentences

        return [paragraph[s:e] for s, e in split_sentences(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[^\W\d_](?:[^\W\d_]|['-])*", sentence)


def _sumy_pickers() -> dict[str, Picker]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _SentenceTokenizer()
    stemmer = Stemmer("english")
    stop_words = get_stop_words("english")

    def make(cls: type) -> Picker:
        summarizer = cls(stemmer)
        summarizer.stop_words = stop_words

        def pick(item: Item) -> list[str]:
            by_paragraph: dict[int, list[Sentence]] = {}
            for s in item.document().sentences:
                by_paragraph.setdefault(s.paragraph, []).append(Sentence(s.text, tokenizer, s.is_heading))
            document = ObjectDocumentModel([Paragraph(v) for v in by_paragraph.values()])
            return [str(s) for s in summarizer(document, POINTS)]

        return pick

    return {
        "sumy LexRank": make(LexRankSummarizer),
        "sumy TextRank": make(TextRankSummarizer),
        "sumy LSA": make(LsaSummarizer),
        "sumy Luhn": make(LuhnSummarizer),
        "sumy KL": make(KLSummarizer),
        "sumy SumBasic": make(SumBasicSummarizer),
    }


def _newspaper_picker() -> Picker:
    from newspaper import nlp

    stopwords = nlp.StopWords("en")

    def pick(item: Item) -> list[str]:
        doc = item.document()
        sentences = [s.text for s in doc.sentences if not s.is_heading]
        # newspaper4k splits with NLTK punkt (a data download); hand it newsbrief's sentences.
        nlp.split_sentences = lambda _text: sentences
        # It returns nothing without a title; a blank one leaves its title feature at zero.
        return list(nlp.summarize(doc.article.title or " ", doc.body, stopwords, max_sents=POINTS))

    return pick


def load(path: Path, limit: int | None) -> list[Item]:
    items = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        if not record.get("highlights"):
            continue
        body = parse_record(record).body
        items.append(Item(str(record.get("id")), record, body, [str(h) for h in record["highlights"]]))
        if limit and len(items) >= limit:
            break
    return items


def run(items: list[Item], rouge: Rouge) -> list[dict[str, Any]]:
    def ours(item: Item) -> list[str]:
        title = item.record.get("title")
        text = str(item.record["text"])
        brief = newsbrief.brief(
            text, title=str(title) if title else None, points=POINTS, layers=["keypoints"]
        )
        return [brief.body[kp.start : kp.end] for kp in brief.key_points]

    systems: dict[str, Picker] = {
        "newsbrief": ours,
        "LEAD-3": lambda item: lead(item.document(), POINTS),
        **_sumy_pickers(),
        "newspaper4k": _newspaper_picker(),
        "oracle": lambda item: oracle(rouge, item.document(), item.references, POINTS),
    }
    extractive = _is_extractive(items)
    picks_of = {name: [pick(item) for item in items] for name, pick in systems.items()}
    seconds = _timings(systems, items[:TIMED_RECORDS])
    rows = []
    for name, picks in picks_of.items():
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
        hits = total = 0
        for item, chosen in zip(items, picks, strict=True):
            for metric, value in rouge.f1(chosen, item.references).items():
                totals[metric] += value
            refs = {r.strip() for r in item.references}
            hits += sum(c.strip() in refs for c in chosen)
            total += POINTS
        rows.append(
            {
                "system": name,
                **{m: v / len(items) for m, v in totals.items()},
                "precision_at_3": hits / total if extractive else None,
                "seconds_per_1000": seconds[name] / min(len(items), TIMED_RECORDS) * 1000,
            }
        )
    return rows


def _timings(systems: dict[str, Picker], items: list[Item]) -> dict[str, float]:
    """Each system's best of ``TIMING_ROUNDS`` passes over the same records, the systems taking
    turns each round: one pass on a shared VM is off by a fifth from one minute to the next, and
    the scoring pass before has warmed every system's caches alike."""
    best = dict.fromkeys(systems, float("inf"))
    names = list(systems)
    for round_ in range(TIMING_ROUNDS):
        for name in names[round_:] + names[:round_]:
            started = time.perf_counter()
            for item in items:
                systems[name](item)
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def _is_extractive(items: list[Item]) -> bool:
    """A set is extractive when most references are body sentences word for word."""
    found = sum(ref.strip() in item.text for item in items for ref in item.references)
    return found >= 0.8 * sum(len(item.references) for item in items)


def table(name: str, n: int, rows: list[dict[str, Any]]) -> str:
    lead3 = next(r for r in rows if r["system"] == "LEAD-3")
    ours = next(r for r in rows if r["system"] == "newsbrief")
    lines = [
        f"### {name} ({n} records)",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | precision@3 | s / 1000 articles "
        "| time vs newsbrief | ROUGE-1 vs LEAD-3 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        p3 = "n/a" if r["precision_at_3"] is None else f"{r['precision_at_3']:.3f}"
        lines.append(
            f"| {r['system']} | {r['rouge1'] * 100:.2f} | {r['rouge2'] * 100:.2f} "
            f"| {r['rougeLsum'] * 100:.2f} | {p3} | {r['seconds_per_1000']:.2f} "
            f"| {r['seconds_per_1000'] / ours['seconds_per_1000']:.2f}x "
            f"| {r['rouge1'] / lead3['rouge1']:.3f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="records per data set")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    rouge = Rouge()
    sections = []
    for path in sorted(SHARED.glob("*/dev.jsonl")):
        items = load(path, args.limit)
        if not items:
            continue  # a set without reference key points (the events and stories sets)
        rows = run(items, rouge)
        section = table(path.parent.name, len(items), rows)
        print(section + "\n", flush=True)
        sections.append(section)
    command = "make bench" if args.limit is None else f"python benchmarks/keypoints.py --limit {args.limit}"
    block = "\n\n".join(
        [
            f"Command: `{command}`; Python {platform.python_version()}, {platform.machine()}; "
            f"peers get newsbrief's sentences. ROUGE F1 x 100 (rouge-score, stemmed), 3 sentences each; "
            f"seconds per 1000 articles cover reading the record, splitting and picking, in one process "
            f"(newsbrief: `newsbrief.brief(text, title, layers=['keypoints'])`), each system's best of "
            f"{TIMING_ROUNDS} passes over the first {TIMED_RECORDS} records, taking turns, after the "
            "scoring pass.",
            *sections,
        ]
    )
    if not args.no_write:
        replace_block("keypoints", block)


if __name__ == "__main__":
    main()
