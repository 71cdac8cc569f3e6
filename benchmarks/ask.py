"""Ask the archive: the right story first for our questions, and how fast at 100,000 articles.

    python benchmarks/ask.py              # what `make bench-ask` runs
    python benchmarks/ask.py --no-write   # print only
    python benchmarks/ask.py --scale 0    # the questions only

Questions: ``benchmarks/gold/questions.jsonl`` (written before the first score), asked of a
SQLite store holding the bbc-stories dev articles, briefed and grouped into stories by
``newsbrief ingest`` and ``newsbrief stories``. An answer is right when most articles of the
story it answers with belong to the question's story. Speed: the same articles' briefs repeated
to 100,000 (new ids, urls and dates over a year, each repeat its own story), every question
asked, p50 and p95 after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import quantiles
from typing import Any

from results_file import replace_block

from newsbrief.cli import main as cli
from newsbrief.store import Store
from newsbrief.stories.ask import ask

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
QUESTIONS = ROOT / "gold" / "questions.jsonl"
START = datetime(2025, 1, 1, tzinfo=UTC)


def questions() -> list[dict[str, str]]:
    return [json.loads(line) for line in QUESTIONS.open(encoding="utf-8")]


def dev_store(folder: Path) -> tuple[str, dict[str, str]]:
    """A store of the bbc-stories dev articles grouped into stories; the gold story of each id."""
    records = [json.loads(line) for line in (SHARED / "bbc-stories" / "dev.jsonl").open(encoding="utf-8")]
    day = START
    raw = folder / "records.jsonl"
    with raw.open("w", encoding="utf-8") as out:
        for i, r in enumerate(records):
            when = day + timedelta(hours=i)
            record = {"id": r["id"], "title": r["title"], "text": r["text"], "published": when.isoformat()}
            out.write(json.dumps(record) + "\n")
    db = f"sqlite:///{folder / 'dev.db'}"
    assert cli(["ingest", "--db", db, str(raw)]) == 0
    assert cli(["stories", "--db", db]) == 0
    return db, {r["id"]: r["story"] for r in records}


def right(store: Store, answer: Any, gold: dict[str, str], wanted: str) -> bool:
    if answer.story is None:
        return False
    ids = [int(a.key) for a in answer.story.articles]
    labels = Counter(gold.get(_record_id(store, i), "") for i in ids)
    return labels.most_common(1)[0][0] == wanted


def _record_id(store: Store, article_id: int) -> str:
    brief = store.brief(article_id) or {}
    return str(brief.get("id") or "")


def accuracy(db: str, gold: dict[str, str]) -> tuple[float, list[str]]:
    rows = []
    hits = 0
    with Store(db) as store:
        for q in questions():
            answer = ask(store, q["question"])
            ok = right(store, answer, gold, q["story"])
            hits += ok
            headline = answer.story.headline if answer.story else "(no answer)"
            rows.append(f"| {q['question']} | {q['story']} | {headline} | {'yes' if ok else '**no**'} |")
            print(("ok  " if ok else "MISS"), q["question"], "->", headline, flush=True)
    return hits / len(rows), rows


def scaled_store(folder: Path, dev_db: str, gold: dict[str, str], n: int) -> str:
    """``n`` articles: the dev store's briefs repeated, each repeat of a story a story of its own."""
    with Store(dev_db) as dev:
        bases = [(data, gold[str(data["id"])]) for _, data in dev.by_date()]
    rng = random.Random(5)
    path = folder / "scaled.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            epoch, j = divmod(i, len(bases))
            data = dict(bases[j][0])
            data.pop("story", None)
            when = START + timedelta(seconds=rng.randrange(365 * 24 * 3600))
            data.update(id=f"s{i}", url=f"https://example.com/{i}", published=when.isoformat())
            data["title"] = f"{data.get('title') or ''} ({epoch})"
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    db = f"sqlite:///{folder / 'scaled.db'}"
    assert cli(["ingest", "--db", db, str(path)]) == 0
    with Store(db) as store:
        assigned = []
        for article_id, data in store.by_date():
            epoch = int(str(data["id"])[1:]) // len(bases)
            j = int(str(data["id"])[1:]) % len(bases)
            assigned.append((article_id, f"{bases[j][1]}~{epoch}"))
        store.set_stories(assigned)
    return db


def speed(db: str) -> tuple[float, float, int]:
    asked = [q["question"] for q in questions()]
    with Store(db) as store:
        for question in asked[:5]:
            ask(store, question)
        times = []
        for _ in range(4):
            for question in asked:
                started = time.perf_counter()
                ask(store, question)
                times.append((time.perf_counter() - started) * 1000)
        count = store.count()
    cuts = quantiles(times, n=20)
    return cuts[9], cuts[18], count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--scale", type=int, default=100_000, help="articles in the speed store (0: none)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsbrief-ask-"))
    db, gold = dev_store(folder)
    share, rows = accuracy(db, gold)
    block = [
        "Command: `make bench-ask` (`python benchmarks/ask.py`), "
        f"{datetime.now(UTC).date().isoformat()}, Python {platform.python_version()}.",
        "",
        f"**Questions** (`benchmarks/gold/questions.jsonl`, {len(rows)} written before the first score) "
        "asked of a SQLite store of the 350 bbc-stories dev articles, grouped by `newsbrief stories`: "
        f"the right story first for **{share:.0%}** (aim: 80%). Right: most articles of the story "
        "answered with belong to the question's story.",
        "",
        "| question | its story | answered with (headline) | right |",
        "|---|---|---|---|",
        *rows,
        "",
    ]
    if args.scale:
        p50, p95, count = speed(scaled_store(folder, db, gold, args.scale))
        block += [
            f"**Speed**: every question four times over a store of {count:,} articles (the dev briefs "
            "repeated with new ids, urls and dates over a year, each repeat its own story), after a "
            f"warm-up: `ask` p50 **{p50:.0f} ms**, p95 **{p95:.0f} ms** (aim: p95 under 300 ms).",
        ]
    text = "\n".join(block)
    print(text)
    if not args.no_write:
        replace_block("ask", text)


if __name__ == "__main__":
    main()
