"""Would a learned speaker ranker beat the attribution rules? Leave-one-set-out over the
development gold sets (never the held-out one).

For each quote matched to the gold, every PERSON, ORG or GPE entity named in its paragraph or the
one before (or within 200 characters after it) is a candidate, described by generic features:
distances to the quote, same sentence or paragraph, reported speaking there, an earlier or the
last speaker, its label, salience and mention count; optionally also the rules' own pick. A
logistic regression trained on five sets picks the best candidate of each quote of the sixth.
Printed: speaker accuracy on quotes with a named speaker, and on quotes the rules leave
unattributed, how many named ones the ranker gets right and how many unnamed ones it names
someone for (each of those a guess).

    .venv/bin/python benchmarks/speaker_ranker.py
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from entities_quotes import (
    GOLD,
    _overlaps,
    load_items,
    match_quotes,
    quote_pieces,
    quotes_set,
)
from sklearn.linear_model import LogisticRegression

from newsbrief.document import build_document
from newsbrief.entities import extract_entities
from newsbrief.nlp.spacy_pipeline import load_spacy
from newsbrief.quotes.context import start_of_sentence
from newsbrief.quotes.patterns import SPOKE
from newsbrief.readers.record import parse_record

DEVELOPMENT = (GOLD, *map(quotes_set, (2, 1, 3, 4, 5)))
# One quote: (set, candidates [(features, is the gold speaker)], the rules' pick is right, named,
# the rules named nobody).
Row = tuple[int, list[tuple[dict[str, float], bool]], bool, bool, bool]


def rows(paths: tuple[Path, ...]) -> list[Row]:
    nlp = load_spacy()
    out: list[Row] = []
    for set_index, path in enumerate(paths):
        for record, gold in load_items(path):
            doc = build_document(parse_record(record))
            body = doc.body
            entities = extract_entities(doc, nlp)
            quotes = quote_pieces(doc, entities)
            pairs = match_quotes(
                [(q.start, q.end) for q in quotes], [(q["start"], q["end"]) for q in gold["quotes"]]
            )
            for gi, g in enumerate(gold["quotes"]):
                if gi not in pairs:
                    continue
                q = quotes[pairs[gi]]
                cluster = [tuple(m) for m in gold["entities"][g["speaker"]]["mentions"]] if g["named"] else []
                para = body.rfind("\n", 0, q.start) + 1
                para_before = body.rfind("\n", 0, max(0, para - 1)) + 1
                sentence = start_of_sentence(body, q.start)
                earlier = [x for x in quotes if x.end <= q.start]
                last = next((x.speaker_id for x in reversed(earlier) if x.speaker_id), None)
                candidates = []
                for e in entities:
                    before = [m for m in e.mentions if m.end <= q.start]
                    after = [m for m in e.mentions if m.start >= q.end]
                    near = [m for m in before if m.start >= para_before]
                    soon = [m for m in after if m.start - q.end < 200 and "\n" not in body[q.end : m.start]]
                    if e.label not in ("PERSON", "ORG", "GPE") or not (near or soon or e.id == q.speaker_id):
                        continue
                    features = {
                        "distance before": math.log1p(q.start - before[-1].end if before else 5000) / 8,
                        "distance after": math.log1p(after[0].start - q.end if after else 5000) / 8,
                        "same sentence": float(bool(before) and before[-1].start > sentence),
                        "same paragraph": float(bool(near) and near[-1].start >= para),
                        "reported speaking": float(any(SPOKE.match(body, m.end) for m in near)),
                        "last speaker": float(e.id == last),
                        "earlier speaker": float(any(x.speaker_id == e.id for x in earlier)),
                        "person": float(e.label == "PERSON"),
                        "organisation": float(e.label == "ORG"),
                        "salience": e.salience,
                        "mentions": math.log1p(len(e.mentions)) / 3,
                        "rules' pick": float(e.id == q.speaker_id),
                    }
                    right = any(_overlaps((m.start, m.end), c) for m in e.mentions for c in cluster)
                    candidates.append((features, right))
                rules_right = any(r for f, r in candidates if f["rules' pick"])
                out.append((set_index, candidates, rules_right, g["named"], q.speaker_id is None))
    return out


def cross_validate(data: list[Row], use_rules: bool) -> dict[str, Any]:
    keys = [k for k in data[0][1][0][0] if use_rules or k != "rules' pick"]
    right = named = filled = guessed = left = unnamed_left = 0
    for held in sorted({r[0] for r in data}):
        train = [c for r in data if r[0] != held for c in r[1]]
        model = LogisticRegression(max_iter=2000).fit(
            np.array([[f[k] for k in keys] for f, _ in train]), np.array([y for _, y in train])
        )
        for _, candidates, _, is_named, rules_none in (r for r in data if r[0] == held):
            if not candidates:
                continue
            scores = model.predict_proba(np.array([[f[k] for k in keys] for f, _ in candidates]))[:, 1]
            best = candidates[int(np.argmax(scores))][1]
            named += is_named
            right += is_named and best
            if rules_none:
                left += is_named
                unnamed_left += not is_named
                filled += is_named and best
                guessed += not is_named
    return {"accuracy": right / named, "filled": (filled, left), "guessed": (guessed, unnamed_left)}


def main() -> None:
    data = rows(DEVELOPMENT)
    named = [r for r in data if r[3]]
    print(f"rules alone: speaker accuracy {sum(r[2] for r in named) / len(named):.3f} on {len(named)} quotes")
    for use_rules in (False, True):
        result = cross_validate(data, use_rules)
        filled, left = result["filled"]
        guessed, unnamed = result["guessed"]
        label = "with the rules' pick" if use_rules else "generic features only"
        print(
            f"ranker, {label}: accuracy {result['accuracy']:.3f}; where the rules name nobody: "
            f"{filled}/{left} named quotes right, a speaker given to {guessed}/{unnamed} unnamed ones"
        )


if __name__ == "__main__":
    main()
