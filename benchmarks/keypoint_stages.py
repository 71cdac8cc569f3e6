"""Where a key-point brief spends its time: microseconds per article for each stage, on the first
300 records of each data set with reference key points, beside LEAD-3 (reading plus splitting).

Each stage is timed alone over the same records, best of 7 passes (a pass on a shared VM varies
by a fifth from one minute to the next), after one untimed pass that warms every cache. Written
into benchmarks/RESULTS.md between the ``stages`` markers.

    make bench-stages
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from results_file import replace_block

import newsbrief
from newsbrief.document import build_document, sentence_words
from newsbrief.keypoints import load_model
from newsbrief.keypoints.features import sentence_features
from newsbrief.keypoints.select import select
from newsbrief.nlp.language import language_of_words
from newsbrief.readers.record import parse_record
from newsbrief.readers.text import parse_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RECORDS = 300
PASSES = 7


def best_time(stage: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Microseconds per input, best of PASSES."""
    for item in inputs:
        stage(item)
    best = float("inf")
    for _ in range(PASSES):
        started = time.perf_counter()
        for item in inputs:
            stage(item)
        best = min(best, time.perf_counter() - started)
    return best / len(inputs) * 1e6


def stages(records: list[dict[str, Any]]) -> list[tuple[str, float]]:
    model = load_model()
    articles = [parse_text(str(r["text"]), title=r.get("title")) for r in records]
    docs = [build_document(a) for a in articles]
    tokens = [sentence_words(d) for d in docs]
    candidates = [sentence_features(d, t) for d, t in zip(docs, tokens, strict=True)]
    scores = [model.score(c) for c in candidates]
    rows = [
        (
            "read the text (`parse_text`)",
            best_time(lambda r: parse_text(str(r["text"]), title=r.get("title")), records),
        ),
        ("split into sentences (`build_document`)", best_time(build_document, articles)),
        ("word tokens (`sentence_words`)", best_time(sentence_words, docs)),
        (
            "features (`sentence_features`)",
            best_time(lambda i: sentence_features(docs[i], tokens[i]), range(len(docs))),
        ),
        ("score (`KeyPointModel.score`)", best_time(model.score, candidates)),
        (
            "select (`select`)",
            best_time(lambda i: select(candidates[i], scores[i], 3, model.selection), range(len(docs))),
        ),
        (
            "language guess (`language_of_words`)",
            best_time(lambda t: language_of_words(chain.from_iterable(t)), tokens),
        ),
    ]
    whole = best_time(
        lambda r: newsbrief.brief(str(r["text"]), title=r.get("title"), points=3, layers=["keypoints"]),
        records,
    )
    lead3 = best_time(lambda r: build_document(parse_record(r)).sentences[:3], records)
    return [
        *rows,
        ("the whole brief (`newsbrief.brief(..., layers=['keypoints'])`)", whole),
        ("LEAD-3 (`parse_record` + `build_document`)", lead3),
    ]


def main() -> None:
    sections = []
    for path in sorted(SHARED.glob("*/dev.jsonl")):
        records = [r for r in map(json.loads, path.open(encoding="utf-8")) if r.get("highlights")][:RECORDS]
        if not records:
            continue
        rows = stages(records)
        lead3 = rows[-1][1]
        lines = [
            f"### {path.parent.name} (first {len(records)} records)",
            "",
            "| stage | µs / article | × LEAD-3 |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | {us:.0f} | {us / lead3:.2f}x |" for name, us in rows]
        section = "\n".join(lines)
        print(section + "\n", flush=True)
        sections.append(section)
    block = "\n\n".join(
        [
            f"Command: `make bench-stages`; Python {platform.python_version()}, {platform.machine()}; "
            f"each stage alone, best of {PASSES} passes after a warm-up pass.",
            *sections,
        ]
    )
    replace_block("stages", block)


if __name__ == "__main__":
    main()
