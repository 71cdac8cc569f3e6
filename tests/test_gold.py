"""The hand-annotated gold sets hold ids and offsets only, and every offset lands in the article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import shared_path
from newsbrief.document import build_document
from newsbrief.events import cameo
from newsbrief.readers.record import parse_record

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold"
FILES = sorted(p for p in GOLD.glob("*.jsonl") if p.name != "questions.jsonl")  # questions: below
KEYS = {"id", "set", "entities", "quotes", "ignore", "entities_complete", "events", "story"}
ACTOR = re.compile(r"(?:[A-Z]{3}|---)(?:[A-Z]{3})*")


def bodies(names: set[str], ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        for line in shared_path(f"data/{name}/dev.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            if record["id"] in ids:
                found[record["id"]] = parse_record(record).body
    return found


def sentence_spans(body: str) -> set[tuple[int, int]]:
    from newsbrief.article import Article

    return {(s.start, s.end) for s in build_document(Article(body=body)).sentences}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_gold_points_into_the_shared_articles(path: Path) -> None:
    gold = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert gold and len({g["id"] for g in gold}) == len(gold)
    body = bodies({g["set"] for g in gold}, {g["id"] for g in gold})
    assert set(body) == {g["id"] for g in gold}, "every gold id is a record of ../shared/data"
    for g in gold:
        assert set(g) <= KEYS, "ids and offsets only: no article text in the repository"
        text = body[g["id"]]
        for cluster in g.get("entities", ()):
            assert cluster["label"] in ("PERSON", "ORG", "GPE") and cluster["mentions"]
            for start, end in cluster["mentions"]:
                assert 0 <= start < end <= len(text) and text[start:end].strip() == text[start:end]
        events = g.get("events", ())
        spans = sentence_spans(text) if events else set()
        for event in events:
            # An event cites a sentence of the body, and codes CAMEO actors and a CAMEO event.
            assert (event["start"], event["end"]) in spans, f"{g['id']}: not a sentence at {event['start']}"
            assert ACTOR.fullmatch(event["source"]) and ACTOR.fullmatch(event["target"]), g["id"]
            assert cameo.root(event["code"]) is not None, f"{g['id']}: {event['code']} is not a CAMEO code"
        for quote in g.get("quotes", ()):
            words = text[quote["start"] : quote["end"]]
            assert words.strip(), f"{g['id']}: empty quote at {quote['start']}"
            # A quote begins just after its opening mark (or at its paragraph's start).
            assert quote["start"] == 0 or text[quote["start"] - 1] in "\"“\n'‘", g["id"]
            assert quote["named"] == (quote["speaker"] is not None)
            if quote["named"]:
                assert 0 <= quote["speaker"] < len(g["entities"])


def test_every_question_is_about_a_story_of_the_dev_set() -> None:
    questions = [json.loads(line) for line in (GOLD / "questions.jsonl").open(encoding="utf-8")]
    stories = {
        json.loads(line)["story"] for line in shared_path("data/bbc-stories/dev.jsonl").open(encoding="utf-8")
    }
    assert len(questions) >= 25 and len({q["question"] for q in questions}) == len(questions)
    for q in questions:
        assert set(q) == {"question", "story"} and q["story"] in stories and q["question"].endswith("?")
