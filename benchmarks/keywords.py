"""Keyphrases against the editors' references of the BBC and CNN dev sets, beside YAKE and two
plain baselines, in one run. Writes its block of benchmarks/RESULTS.md.

    python benchmarks/keywords.py              # what `make bench-keywords` runs
    python benchmarks/keywords.py --no-write   # print only

No news keyphrase set with published labels is available here (SemEval-2010 and Inspec are papers
and abstracts, KPTimes and DUC-2001 cannot be fetched), so the reference is the article's own
highlights: a keyphrase is right when each of its content words (stemmed) occurs in them, and
recall is the share of the highlights' content words that also occur in the article and are
covered by some keyphrase. Every system gives ten phrases.

newsbrief's background frequencies were counted on these same articles, so each article is scored
with its own words taken out of the counts (leave-one-out): no article sees itself.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from statistics import mean

import yake
from results_file import replace_block

from newsbrief.article import Article
from newsbrief.document import build_document
from newsbrief.keywords import extract_keywords, load_background
from newsbrief.keywords.background import Background
from newsbrief.nlp.words import content_terms

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
SETS = {"BBC": "bbc-news-summary", "CNN": "cnn-dailymail"}
COUNT = 10


def leave_one_out(background: Background, text: str) -> Background:
    """The background as if ``text``'s article had never been counted."""
    own = set(content_terms(text))
    frequency = dict(background.frequency)
    for term in own:
        if term in frequency:
            frequency[term] -= 1
    return Background(background.documents - 1, frequency)


def newsbrief_system(title: str, body: str, background: Background) -> list[str]:
    doc = build_document(Article(title=title or None, body=body))
    return [k.text for k in extract_keywords(doc, COUNT, leave_one_out(background, f"{title}\n{body}"))]


def yake_system(extractor: yake.KeywordExtractor) -> object:
    def run(title: str, body: str, _background: Background) -> list[str]:
        return [phrase for phrase, _score in extractor.extract_keywords(f"{title}\n{body}")][:COUNT]

    return run


def frequency_system(title: str, body: str, _background: Background) -> list[str]:
    """The ten most frequent content words: what any keyword list must beat."""
    return [t for t, _ in Counter(content_terms(f"{title}\n{body}")).most_common(COUNT)]


def tfidf_system(title: str, body: str, background: Background) -> list[str]:
    """Single words by frequency times rarity, with the same leave-one-out background."""
    text = f"{title}\n{body}"
    own = leave_one_out(background, text)
    tf = Counter(content_terms(text))
    return [t for t, _ in sorted(tf.items(), key=lambda kv: (-kv[1] * own.idf(kv[0]), kv[0]))[:COUNT]]


def score(predicted: list[str], reference: str, article: str) -> tuple[float, float, float]:
    ref = set(content_terms(reference))
    reachable = ref & set(content_terms(article))
    stems = [content_terms(p) for p in predicted]
    right = sum(1 for s in stems if s and all(t in ref for t in s))
    covered = {t for s in stems for t in s} & reachable
    p = right / len(predicted) if predicted else 0.0
    r = len(covered) / len(reachable) if reachable else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="articles per set (0: all)")
    args = parser.parse_args()
    background = load_background()
    systems = {
        "newsbrief": newsbrief_system,
        "YAKE 0.7 (n=3)": yake_system(yake.KeywordExtractor(lan="en", n=3, top=COUNT)),
        "TF-IDF words": tfidf_system,
        "most frequent words": frequency_system,
    }
    rows = []
    for label, folder in SETS.items():
        records = [json.loads(line) for line in (SHARED / folder / "dev.jsonl").open(encoding="utf-8")]
        if args.limit:
            records = records[: args.limit]
        for name, system in systems.items():
            scores = []
            started = time.perf_counter()
            for r in records:
                title, body = r.get("title") or "", r["text"]
                predicted = system(title, body, background)  # type: ignore[operator]
                ref = r["highlights"]
                scores.append(
                    score(predicted, ref if isinstance(ref, str) else " ".join(ref), f"{title}\n{body}")
                )
            elapsed = time.perf_counter() - started
            p, rec, f = (mean(s[i] for s in scores) for i in range(3))
            rows.append((label, len(records), name, p, rec, f, len(records) / elapsed))
            print(f"{label} {name:22} P {p:.3f} R {rec:.3f} F1 {f:.3f} {len(records) / elapsed:8.1f} art/s")
    best_peer = {
        label: max(f for lab, _, name, _, _, f, _ in rows if lab == label and name != "newsbrief")
        for label in SETS
    }
    lines = [
        "Command: `make bench-keywords` (`python benchmarks/keywords.py`). Ten keyphrases an article; "
        "P = share of keyphrases whose content words all occur in the highlights, R = share of the "
        "highlights' content words (those in the article) that the keyphrases cover; macro-averaged. "
        "newsbrief's word counts leave the scored article out.",
        "",
        "| set | articles | system | P@10 | R | F1 | F1 ÷ best peer | articles/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, n, name, p, rec, f, speed in rows:
        lines.append(
            f"| {label} | {n} | {name} | {p:.3f} | {rec:.3f} | {f:.3f} "
            f"| {f / best_peer[label]:.2f} | {speed:,.0f} |"
        )
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        replace_block("keywords", block)


if __name__ == "__main__":
    main()
