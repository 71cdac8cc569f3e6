"""Compare sentence splitters on news text, two ways, in one run.

1. BBC News Summary's references are body sentences, so a splitter is right on a reference when
   the reference comes out as one of its sentences, exactly. Those references were themselves cut
   by some splitter, so this measure also rewards agreeing with its mistakes ("B." as a sentence).
2. Hand-written hard cases (``tests/data/sentence_cases.jsonl``): abbreviations, initials, dotted
   acronyms, prices, ellipses, quotes; a case counts only when every boundary is right.

Run: ``make bench-splitters`` (installs pysbd, syntok and blingfire; missing splitters are skipped).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsbrief.nlp.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "bbc-news-summary" / "dev.jsonl"
CASES = ROOT / "tests" / "data" / "sentence_cases.jsonl"


def _ours(paragraph: str) -> list[str]:
    return [paragraph[s:e] for s, e in split_sentences(paragraph)]


def _splitters() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {"newsbrief": _ours}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = lambda p: [s.strip() for s in seg.segment(p)]
    except ImportError:
        pass
    try:
        from syntok import segmenter

        def _syntok(p: str) -> list[str]:
            out = []
            for para in segmenter.analyze(p):
                for sent in para:
                    out.append("".join(t.spacing + t.value for t in sent).strip())
            return out

        found["syntok"] = _syntok
    except ImportError:
        pass
    try:
        import blingfire

        found["blingfire"] = lambda p: blingfire.text_to_sentences(p).split("\n")
    except ImportError:
        pass
    return found


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    cases = [json.loads(line) for line in CASES.open(encoding="utf-8")]
    print(f"{len(records)} records from {path}; {len(cases)} hard cases from {CASES.name}")
    print("| splitter | BBC reference sentences recovered | hard cases right | seconds (BBC) |")
    print("|---|---|---|---|")
    for name, split in _splitters().items():
        hit = total = 0
        t0 = time.perf_counter()
        for rec in records:
            sentences: set[str] = set()
            for para in rec["text"].split("\n"):
                if para.strip():
                    sentences.update(split(para))
            for ref in rec["highlights"]:
                total += 1
                hit += ref.strip() in sentences
        seconds = time.perf_counter() - t0
        right = sum(split(c["text"]) == c["sentences"] for c in cases)
        print(f"| {name} | {hit / total:.4f} ({hit}/{total}) | {right}/{len(cases)} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
