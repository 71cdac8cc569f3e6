"""The archive path at scale: Brief JSON records (real dev briefs repeated with new ids, urls,
titles and dates spread over two years) ingested into SQLite and PostgreSQL, store size,
search by word and by entity, stories over the store, Parquet export. Not in CI.

    python benchmarks/archive.py                      # what `make bench-archive` runs: 1,000,000
    python benchmarks/archive.py --records 100000     # a smaller run
    python benchmarks/archive.py --no-write           # print only

PostgreSQL comes from NEWSBRIEF_TEST_POSTGRES_URL, else a throwaway server started with
.ci/postgres (Debian's package) for the run. Needs about 12 KB of disk a record per database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import quantiles
from typing import Any

from results_file import replace_block

from newsbrief.brief import build_brief
from newsbrief.readers.record import parse_record
from newsbrief.store import Store
from newsbrief.store.ingest import load

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
POSTGRES = ROOT.parent / ".ci" / "postgres"
BASE_ARTICLES = 400  # dev articles briefed once with every layer, then repeated
QUERIES = 60
START = datetime(2024, 12, 1, tzinfo=UTC)


def base_briefs(count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in ("bbc-news-summary", "cnn-dailymail"):
        with (SHARED / name / "dev.jsonl").open(encoding="utf-8") as data:
            for line in data:
                if len(out) >= count:
                    return out
                out.append(build_brief(parse_record(json.loads(line))).to_dict())
    return out


def write_records(path: Path, bases: list[dict[str, Any]], n: int) -> None:
    """``n`` Brief JSON lines: base briefs in turn, each with its own id, url, title and date."""
    span = 2 * 365 * 24 * 3600
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as sink:
        for i in range(n):
            base = bases[i % len(bases)]
            when = START + timedelta(seconds=rng.randrange(span))
            record = dict(
                base,
                id=f"arc-{i}",
                url=f"https://archive.example.com/{when:%Y/%m/%d}/{i}",
                title=f"{base['title'] or 'Untitled'} ({i})",
                published=when.isoformat(),
            )
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def queries(bases: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Words from the headlines and entity names from the briefs, drawn with a fixed seed."""
    rng = random.Random(11)
    words = sorted({w.lower() for b in bases for w in re.findall(r"[A-Za-z]{5,}", b["title"] or "")})
    names = sorted(
        {e["name"] for b in bases for e in b["entities"] if e["label"] in ("PERSON", "ORG", "GPE")}
    )
    return rng.sample(words, min(QUERIES, len(words))), rng.sample(names, min(QUERIES, len(names)))


def _search(store: Store, kind: str, query: str) -> Any:
    return store.search(query) if kind == "word" else store.search(entity=query)


def timed(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def p50_p95(values: list[float]) -> tuple[float, float]:
    cuts = quantiles(values, n=20)
    return cuts[9], cuts[18]


def store_size(store: Store, url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
    engine.dispose()
    return size


def stories_run(url: str) -> dict[str, float]:
    """``newsbrief stories --db`` in a process of its own: seconds and peak memory."""
    command = [
        sys.executable,
        "-c",
        "import sys; from newsbrief.cli import main; sys.exit(main(sys.argv[1:]))",
    ]
    started = time.perf_counter()
    done = subprocess.run([*command, "stories", "--db", url], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "ok": float(done.returncode == 0)}


def measure(
    url: str, records: Path, n: int, words: list[str], names: list[str], folder: Path
) -> dict[str, Any]:
    with Store(url) as store:
        started = time.perf_counter()
        counts = load(store, [str(records)], source="bench")
        seconds = time.perf_counter() - started
        assert counts.new == n and counts.error == 0, counts.line()
        result: dict[str, Any] = {"ingest_s": seconds, "rate": n / seconds, "size": store_size(store, url)}
        for name, values in (("word", words), ("entity", names)):
            for q in values[:5]:  # warm the caches as a running server's are
                _search(store, name, q)
            result[name] = p50_p95([timed(lambda n=name, q=q: _search(store, n, q)) for q in values])
        out = folder / f"export-{uuid.uuid4().hex[:6]}.parquet"
        from newsbrief.store.export import export

        started = time.perf_counter()
        export(store.articles(), str(out), "parquet")
        result["export_s"] = time.perf_counter() - started
        out.unlink()
    return result


def postgres_url() -> tuple[str, bool]:
    url = os.environ.get("NEWSBRIEF_TEST_POSTGRES_URL")
    if url:
        return url, False
    started = subprocess.run([str(POSTGRES), "start"], capture_output=True, text=True, check=True)
    return started.stdout.strip().splitlines()[-1], True


def fresh_database(server: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(server)
    name = f"nb_archive_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument(
        "--stories",
        choices=("both", "SQLite", "PostgreSQL", "none"),
        default="both",
        help="the stores `stories --db` runs over (default both; about 2 ms an article)",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--folder", help="where the records and the SQLite store go (default: a temp folder)")
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="newsbrief-archive-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    bases = base_briefs(BASE_ARTICLES)
    records = folder / "records.jsonl"
    write_records(records, bases, args.records)
    made = time.perf_counter() - started
    print(f"{args.records:,} records ({records.stat().st_size / 1e9:.2f} GB) made in {made:.0f}s", flush=True)
    words, names = queries(bases)
    results = {}
    sqlite = f"sqlite:///{folder / 'archive.db'}"
    results["SQLite"] = measure(sqlite, records, args.records, words, names, folder)
    print("SQLite", results["SQLite"], flush=True)
    server, ours = postgres_url()
    try:
        pg = fresh_database(server)
        results["PostgreSQL"] = measure(pg, records, args.records, words, names, folder)
        print("PostgreSQL", results["PostgreSQL"], flush=True)
        # Stories last: the longest step, and one that times the whole store at once.
        for name, url in (("SQLite", sqlite), ("PostgreSQL", pg)):
            if args.stories in ("both", name):
                results[name]["stories"] = stories_run(url)
                print(name, "stories", results[name]["stories"], flush=True)
    finally:
        if ours:
            subprocess.run([str(POSTGRES), "stop"], capture_output=True, check=False)
    records.unlink()
    report = render(args.records, results)
    print(report)
    if not args.no_write:
        replace_block("archive", report)


def render(n: int, results: dict[str, dict[str, Any]]) -> str:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        "## Archive path",
        "",
        f"Command: `make bench-archive` (`python benchmarks/archive.py --records {n}`), {today}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. {n:,} Brief JSON records "
        f"({BASE_ARTICLES} BBC/CNN dev articles briefed with every layer, repeated with new ids, urls, "
        "titles and dates over two years), `ingest` (1,000 a transaction), then the store at that size. "
        f"Search: {QUERIES} words from the headlines and {QUERIES} entity names, newest 50 each.",
        "",
        "| database | ingest briefs/s | store size | word search p50 / p95 | entity search p50 / p95 | "
        "Parquet export | `stories --db` |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        stories = r.get("stories")
        told = f"{stories['seconds']:.0f} s, peak {stories['peak_mb']:.0f} MB" if stories else "not run"
        lines.append(
            f"| {name} | **{r['rate']:,.0f}** | {r['size'] / 1e9:.2f} GB | {r['word'][0]:.0f} / "
            f"{r['word'][1]:.0f} ms | {r['entity'][0]:.0f} / {r['entity'][1]:.0f} ms | "
            f"{r['export_s']:.0f} s | {told} |"
        )
    lines += ["", "Aims: at least 3,000 briefs/s on each database; search p95 under 200 ms."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
