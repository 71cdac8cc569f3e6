"""Events: CAMEO coding measured on PETRARCH2's unit-test records and on our own gold articles,
beside a naive baseline, and what the layer costs in a full brief. Writes benchmarks/RESULTS.md.

    python benchmarks/events.py              # what `make bench-events` runs
    python benchmarks/events.py --no-write   # print only

PETRARCH2's records are coded with its validation dictionaries (``PETR.Validate.*``) from the raw
sentence only: the records' ``parse`` field (a hand-checked Treebank parse) is never read.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

from results_file import replace_block

from newsbrief.brief import LAYERS, build_brief
from newsbrief.document import build_document
from newsbrief.evaluate import TripleScore, naive_events, read_event_records
from newsbrief.events import Dictionaries, cameo, extract_events, load_dictionaries, load_event_model
from newsbrief.events.event import parse_date
from newsbrief.nlp.spacy_pipeline import load_spacy, sentence_parser
from newsbrief.readers.record import parse_record

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
PETRARCH = SHARED / "petrarch2-unittest" / "dev.jsonl"
VALIDATE = str(SHARED / "cameo-dictionaries" / "PETR.Validate.")
GOLD = ROOT / "gold" / "events.jsonl"
SETS = {
    "cnn-dailymail": SHARED / "cnn-dailymail" / "dev.jsonl",
    "bbc-news-summary": SHARED / "bbc-news-summary" / "dev.jsonl",
}
# Records of the unit-test file that PETRARCH's own authors mark as not handled by PETRARCH
# ("currently not implemented", "may or may not get implemented in PETRARCH") in their comments.
NOT_IMPLEMENTED = ("not implemented", "may or may not get implemented")


def _system_scores(score: TripleScore) -> dict[str, Any]:
    return score.report()


def petrarch_records() -> list[dict[str, Any]]:
    with PETRARCH.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def score_petrarch(dictionaries: Dictionaries) -> dict[str, Any]:
    records = petrarch_records()
    systems = {"newsbrief": TripleScore(), "first-actor-verb": TripleScore()}
    misses: list[str] = []
    loud: list[str] = []  # records that expect no event but get some
    loud_noevents: list[str] = []  # those of them marked `noevents`
    for (article, expected), record in zip(read_event_records(PETRARCH), records, strict=True):
        brief = build_brief(article, layers=["events"], dictionaries=dictionaries)
        got = {(e.source, e.target, e.code) for e in brief.events}
        if got and not expected:
            why = ", ".join(record.get("errors") or []) or "expects no event"
            loud.append(f"{record['id']} ({why})")
            if record.get("noevents"):
                loud_noevents.append(record["id"])
        systems["newsbrief"].add(got, expected)
        naive = naive_events(build_document(article), dictionaries, parse_date(article.published)[0])
        systems["first-actor-verb"].add(naive, expected)
        if got != expected:
            misses.append(record["id"])
    flagged = [
        r["id"]
        for r in records
        if any(flag in " ".join(r.get("comments") or []).lower() for flag in NOT_IMPLEMENTED)
    ]
    return {
        "records": len(records),
        "expected": sum(0 if r.get("errors") else len(r["events"]) for r in records),
        "expect_error": sum(1 for r in records if r.get("errors")),
        "expect_none": sum(1 for r in records if r.get("noevents")),
        "flagged": flagged,
        "flagged_missed": [i for i in flagged if i in misses],
        "loud": loud,
        "noevents": sum(1 for r in records if r.get("noevents")),
        "noevents_loud": loud_noevents,
        "systems": {k: _system_scores(v) for k, v in systems.items()},
    }


def gold_articles() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    cache: dict[str, dict[str, dict[str, Any]]] = {}
    out = []
    with GOLD.open(encoding="utf-8") as stream:
        for line in stream:
            gold = json.loads(line)
            path = SETS[gold["set"]]
            if gold["set"] not in cache:
                with path.open(encoding="utf-8") as data:
                    cache[gold["set"]] = {r["id"]: r for r in map(json.loads, data)}
            out.append((gold, cache[gold["set"]][gold["id"]]))
    return out


def score_gold() -> dict[str, Any]:
    levels = ("exact", "country", "category")
    names = ("newsbrief", "newsbrief, rules alone", "first-actor-verb")
    systems = {name: {lv: TripleScore() for lv in levels} for name in names}
    dictionaries = load_dictionaries(None)
    parse = sentence_parser(load_spacy(None))
    assert parse is not None
    learned = 0
    articles = gold_articles()
    for gold, record in articles:
        article = parse_record(record)
        expected = {(e["source"], e["target"], e["code"]) for e in gold["events"]}
        brief = build_brief(article, layers=["entities", "events"])
        learned += sum(e.coder == "model" for e in brief.events)
        doc = build_document(article)
        ruled = extract_events(doc, parse, brief.entities, dictionaries)
        predictions = {
            "newsbrief": {(e.source, e.target, e.code) for e in brief.events},
            "newsbrief, rules alone": {(e.source, e.target, e.code) for e in ruled},
            "first-actor-verb": naive_events(doc, dictionaries, None),
        }
        # Where the article reports an act and of what kind: (its sentence, its PLOVER category).
        acts = {
            "newsbrief": {(str(e.start), "", e.plover or "") for e in brief.events},
            "newsbrief, rules alone": {(str(e.start), "", e.plover or "") for e in ruled},
        }
        expected_acts = {(str(e["start"]), "", cameo.plover(e["code"]) or "") for e in gold["events"]}
        for name, got in predictions.items():
            systems[name]["exact"].add(got, expected)
            systems[name]["country"].add(_country(got), _country(expected))
            if name in acts:
                systems[name]["category"].add(acts[name], expected_acts)
    return {
        "learned": learned,
        "articles": len(articles),
        "expected": sum(
            len({(e["source"], e["target"], e["code"]) for e in g["events"]}) for g, _ in articles
        ),
        "systems": {n: {lv: s.report() for lv, s in v.items()} for n, v in systems.items()},
    }


def _country(triples: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    return {(s[:3], t[:3], c[:2]) for s, t, c in triples}


def speed(repeats: int = 5, limit: int = 150) -> dict[str, float]:
    """Articles per second of a full brief with and without events, alternating, median of runs."""
    with SETS["cnn-dailymail"].open(encoding="utf-8") as data:
        articles = [parse_record(json.loads(line)) for _, line in zip(range(limit), data, strict=False)]
    # Every other layer (keywords too): the difference is the events layer alone.
    without = tuple(layer for layer in LAYERS if layer != "events")
    build_brief(articles[0])  # load the pipeline and dictionaries outside the timing
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(repeats):
        for name, layers in (("without", without), ("with", None)):
            started = time.perf_counter()
            for article in articles:
                build_brief(article, layers=layers)
            times[name].append(time.perf_counter() - started)
    t_with, t_without = median(times["with"]), median(times["without"])
    return {
        "articles": len(articles),
        "with_s": t_with,
        "without_s": t_without,
        "overhead": t_with / t_without - 1,
        "per_article_ms": (t_with - t_without) / len(articles) * 1000,
    }


def _row(name: str, s: dict[str, Any]) -> str:
    return (
        f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** | {s['root_f1']:.3f} "
        f"| {s['tp']} / {s['fp']} / {s['fn']} |"
    )


def block(petr: dict[str, Any], gold: dict[str, Any], fast: dict[str, float]) -> str:
    ours, naive = petr["systems"]["newsbrief"], petr["systems"]["first-actor-verb"]
    lines = [
        f"Command: `make bench-events` (`python benchmarks/events.py`), {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, en_core_web_sm 3.8.0.",
        "",
        f"**PETRARCH2's unit-test records** (`petrarch2-unittest/dev.jsonl`, {petr['records']} records, "
        f"{petr['expected']} expected (source, target, code) triples; {petr['expect_none']} expect no "
        f"event and {petr['expect_error']} expect an error, counted as expecting none), coded from the "
        "raw sentence with the `PETR.Validate.*` dictionaries:",
        "",
        "| system | precision | recall | F1 | root F1 | TP / FP / FN |",
        "|---|---|---|---|---|---|",
        _row("newsbrief", ours),
        _row("first actor, first verb, next actor", naive),
        "",
        f"Records that expect no event and get none: {ours['no_event_records_right']} of "
        f"{ours['no_event_records']} (baseline {naive['no_event_records_right']}); the others: "
        f"{'; '.join(petr['loud']) or 'none'}. A `bad_input_parse` record expects an error because its "
        "Treebank parse is broken on purpose; its sentence is a sound one, which newsbrief, reading "
        "the sentence and not that parse, codes. Of the "
        f"{petr['noevents']} records marked `noevents`, {petr['noevents'] - len(petr['noevents_loud'])} get "
        f"none ({', '.join(petr['noevents_loud']) or 'all of them'} left).",
        f"PETRARCH2 itself: it codes these records from their hand-checked Treebank parse, never from "
        f"raw text, and its authors' comments mark {len(petr['flagged'])} of them as not implemented in "
        f"PETRARCH ({', '.join(petr['flagged'])}); newsbrief misses "
        f"{len(petr['flagged_missed'])} of those.",
        "",
        f"**Our gold articles** (`benchmarks/gold/events.jsonl`, {gold['articles']} articles, "
        f"{gold['expected']} distinct events), newsbrief's own dictionaries and the entity layer; "
        "exact triples, and at the country level (first three letters of each actor, the root):",
        "",
        "| system | precision | recall | F1 | root F1 | TP / FP / FN |",
        "|---|---|---|---|---|---|",
    ]
    for name, levels in gold["systems"].items():
        lines.append(_row(f"{name}, exact", levels["exact"]))
        lines.append(_row(f"{name}, country level", levels["country"]))
    lines += [
        "",
        "The same articles scored where the learned layer can be judged on its own terms: each (sentence, "
        "PLOVER category) an event is reported in, whoever its actors (F1 and root F1 coincide here):",
        "",
        "| system | precision | recall | F1 | root F1 | TP / FP / FN |",
        "|---|---|---|---|---|---|",
    ]
    for name, levels in gold["systems"].items():
        if levels["category"]["tp"] + levels["category"]["fp"] + levels["category"]["fn"]:
            lines.append(_row(f"{name}, sentence and category", levels["category"]))
    model = load_event_model(None)
    cv = model.meta.get("cv", {})
    lines += [
        "",
        f"The learned layer added {gold['learned']} events of its own (coder `model`) to these articles. ",
        "",
        "**PLV's real news sentences** (`plover-plv/dev.jsonl`, 1,044 sentences, one event each): "
        "cross-validated in `make train-events` (5 folds, each fold's model coding its held-out "
        "sentences through the whole layer), PLOVER category of each sentence's most confident event:",
        "",
        "| system | category right | no event |",
        "|---|---|---|",
        f"| newsbrief (rules + model, {model.meta.get('candidate', '')}) "
        f"| **{cv.get('plv_accuracy', 0):.3f}** | {cv.get('plv_no_event', 0):.3f} |",
        f"| newsbrief, rules alone | {cv.get('rules_accuracy', 0):.3f} | {cv.get('rules_no_event', 0):.3f} |",
        "| character n-gram linear SVM (classifier only, never silent) "
        f"| {cv.get('baseline_accuracy', 0):.3f} | 0 |",
        "",
        f"Ordinary news sentences (BBC and CNN, held out by fold) given an event: "
        f"{cv.get('none_given_event', 0):.3f}. Model card: `src/newsbrief/events/MODEL_CARD.md`.",
    ]
    lines += [
        "",
        f"**Speed**: a full brief of {fast['articles']:.0f} CNN articles (every layer), median of "
        "alternating runs: "
        f"{fast['without_s']:.2f} s without events, {fast['with_s']:.2f} s with them: events add "
        f"**{fast['overhead'] * 100:.0f}%** ({fast['per_article_ms']:.1f} ms an article; "
        "the aim is at most 30%).",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not PETRARCH.exists():
        print(f"no {PETRARCH}: the shared data is missing", file=sys.stderr)
        return 1
    petr = score_petrarch(load_dictionaries(VALIDATE))
    gold = score_gold()
    fast = speed(args.repeats)
    text = block(petr, gold, fast)
    print(text)
    if not args.no_write:
        replace_block("events", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
