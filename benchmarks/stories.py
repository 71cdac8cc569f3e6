"""Story clustering: quality on WikiRef220's dev set and on a harder set of distinct stories of
one topic, beside a plain TF-IDF single pass and one story per article; then articles/s and
memory at 1k, 10k and 100k articles. Writes its block of benchmarks/RESULTS.md.

    python benchmarks/stories.py              # what `make bench-stories` runs
    python benchmarks/stories.py --no-write   # print only

Every system sees the same articles in the same orders: as the file gives them, then five
shuffles (seeds 1-5). The TF-IDF baseline is given its best threshold on the file's order (an
advantage newsbrief's fixed defaults do not get).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import mean

import numpy as np
from results_file import replace_block
from sklearn.feature_extraction.text import TfidfVectorizer

from newsbrief.brief import Brief, build_brief
from newsbrief.evaluate import adjusted_rand, bcubed
from newsbrief.keywords import load_background
from newsbrief.readers.record import parse_record
from newsbrief.stories import Clusterer, Settings, cluster
from newsbrief.stories.clusterer import WINDOW_DAYS
from newsbrief.stories.vectors import article_vector

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
HARDER = ROOT / "gold" / "stories_athletics.jsonl"
LAYERS = ("keypoints", "keywords", "entities")
SEEDS = (1, 2, 3, 4, 5)
PER_DAY = 50
GRID = tuple(round(0.05 * i, 2) for i in range(1, 13))


def briefs_of(records: Sequence[dict[str, object]], layers: Sequence[str] = LAYERS) -> list[Brief]:
    return [build_brief(parse_record(r), layers=layers) for r in records]


def tfidf_single_pass(texts: Sequence[str], order: Sequence[int], threshold: float) -> list[str]:
    """Cosine of each article's TF-IDF vector to each story's mean vector; join the best at or
    above ``threshold``, else start a story (the classic single-pass clusterer)."""
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    sums: list[np.ndarray] = []
    labels = [""] * len(texts)
    for i in order:
        row = matrix[i].toarray().ravel()
        best, score = -1, threshold
        for s, total in enumerate(sums):
            norm = float(np.linalg.norm(total))
            sim = float(row @ total) / norm if norm else 0.0
            if sim >= score:
                best, score = s, sim
        if best < 0:
            sums.append(row.copy())
            best = len(sums) - 1
        else:
            sums[best] += row
        labels[i] = str(best)
    return labels


def orders(n: int) -> list[list[int]]:
    return [list(range(n))] + [random.Random(seed).sample(range(n), n) for seed in SEEDS]


def scores(run: Callable[[list[int]], list[str]], gold: list[str], n: int) -> dict[str, float]:
    f1s, precisions, recalls, aris = [], [], [], []
    for order in orders(n):
        labels = run(order)
        p, r, f = bcubed(labels, gold)
        precisions.append(p)
        recalls.append(r)
        f1s.append(f)
        aris.append(adjusted_rand(labels, gold))
    return {
        "P": mean(precisions),
        "R": mean(recalls),
        "F1": mean(f1s),
        "F1 file order": f1s[0],
        "F1 worst order": min(f1s),
        "ARI": mean(aris),
    }


def ours(briefs: list[Brief]) -> Callable[[list[int]], list[str]]:
    def run(order: list[int]) -> list[str]:
        placed = cluster([(str(i), briefs[i]) for i in order])
        labels = [""] * len(briefs)
        for i, story in zip(order, placed, strict=True):
            labels[i] = story
        return labels

    return run


def quality(name: str, records: list[dict[str, object]], gold: list[str], threshold: float | None = None):
    briefs = briefs_of(records)
    texts = [f"{r.get('title') or ''}\n{r['text']}" for r in records]
    n = len(records)
    if threshold is None:
        threshold = max(GRID, key=lambda t: bcubed(tfidf_single_pass(texts, range(n), t), gold)[2])
    rows = [
        ("newsbrief", scores(ours(briefs), gold, n)),
        (
            f"TF-IDF single pass (threshold {threshold})",
            scores(lambda o: tfidf_single_pass(texts, o, threshold), gold, n),
        ),
        ("one story per article", scores(lambda o: [str(i) for i in range(n)], gold, n)),
    ]
    for system, s in rows:
        print(f"{name:12} {system:40} " + " ".join(f"{k} {v:.3f}" for k, v in s.items()))
    return threshold, rows


def scale(limit: int) -> list[tuple[int, float, int, int, float]]:
    """Synthetic stream: real article vectors, each repeat with its distinctive words renamed
    (a new story each time round), PER_DAY articles a day, so old stories retire."""
    records = [
        json.loads(line) for line in (SHARED / "bbc-news-summary" / "dev.jsonl").open(encoding="utf-8")
    ]
    background = load_background()
    base = [article_vector(b, background) for b in briefs_of(records, ("keypoints", "keywords"))]
    clusterer = Clusterer(Settings())
    checkpoints = {1_000, 10_000, 100_000, limit}
    out = []
    started = time.perf_counter()
    segment_start, segment_from = started, 0
    day0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(limit):
        epoch, j = divmod(i, len(base))
        vector = {(t if w < 0.1 else f"{t}~{epoch}"): w for t, w in base[j].items()}
        clusterer.add(f"a{i}", vector, day0 + dt.timedelta(days=i / PER_DAY))
        if i + 1 in checkpoints:
            now = time.perf_counter()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            rate = (i + 1 - segment_from) / (now - segment_start)
            out.append((i + 1, rate, clusterer.live, rss, now - started))
            print(
                f"scale {i + 1:>7} articles: {rate:,.0f} articles/s in this stretch, "
                f"{clusterer.live} live stories, peak RSS {rss} MB"
            )
            segment_start, segment_from = now, i + 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--scale", type=int, default=100_000)
    args = parser.parse_args()
    wiki = [json.loads(line) for line in (SHARED / "wikiref220" / "dev.jsonl").open(encoding="utf-8")]
    gold = [str(r["cluster"]) for r in wiki]
    for r in wiki:
        r.pop("cluster")
        r.pop("date", None)
    threshold, wiki_rows = quality("WikiRef220", wiki, gold)
    bbc = {
        json.loads(line)["id"]: json.loads(line)
        for line in (SHARED / "bbc-news-summary" / "dev.jsonl").open(encoding="utf-8")
    }
    harder = [json.loads(line) for line in HARDER.open(encoding="utf-8")]
    hard_records = [bbc[h["id"]] for h in harder]
    _, hard_rows = quality("athletics", hard_records, [h["story"] for h in harder], threshold)
    speed = scale(args.scale)

    def table(rows: list[tuple[str, dict[str, float]]]) -> list[str]:
        base = dict(rows)[next(name for name, _ in rows if name.startswith("TF-IDF"))]["F1"]
        lines = [
            "| system | BCubed P | BCubed R | BCubed F1 | F1 ÷ TF-IDF | F1, file order "
            "| F1, worst order | ARI |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, s in rows:
            lines.append(
                f"| {name} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | {s['F1'] / base:.2f} "
                f"| {s['F1 file order']:.3f} | {s['F1 worst order']:.3f} | {s['ARI']:.3f} |"
            )
        return lines

    block = [
        "Command: `make bench-stories` (`python benchmarks/stories.py`). Means over six orders (the file's, "
        "then shuffles with seeds 1-5); the TF-IDF baseline gets its best threshold on WikiRef220 "
        "in the file's order.",
        "",
        f"**WikiRef220 dev** ({len(wiki)} articles, {len(set(gold))} topics):",
        "",
        *table(wiki_rows),
        "",
        "**Harder: distinct athletics stories** (`benchmarks/gold/stories_athletics.jsonl`, "
        f"{len(harder)} BBC sport "
        f"dev articles in {len({h['story'] for h in harder})} stories; baseline at the WikiRef threshold):",
        "",
        *table(hard_rows),
        "",
        "**Scale** (synthetic: BBC dev vectors repeated with their distinctive words renamed each round, "
        f"{PER_DAY} articles a day, stories retire after {WINDOW_DAYS:.0f} days without news; "
        "clustering only, vectors precomputed):",
        "",
        "| articles | articles/s (this stretch) | live stories | peak RSS (MB) | total s |",
        "|---|---|---|---|---|",
        *(f"| {n:,} | {rate:,.0f} | {live:,} | {rss} | {total:.1f} |" for n, rate, live, rss, total in speed),
    ]
    text = "\n".join(block)
    print(text)
    if not args.no_write:
        replace_block("stories", text)


if __name__ == "__main__":
    main()
