"""Articles stored per second, on SQLite (a file) and on PostgreSQL (a local server), each
article in its own transaction as `newsbrief watch` writes them. Writes benchmarks/RESULTS.md.

    python benchmarks/store.py              # what `make bench-store` runs
    python benchmarks/store.py --no-write   # print only

PostgreSQL comes from NEWSBRIEF_TEST_POSTGRES_URL, else a throwaway server started with
.ci/postgres (Debian's package) for the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from statistics import median

from results_file import replace_block

from newsbrief.brief import Brief, build_brief
from newsbrief.readers.record import parse_record
from newsbrief.store import Store

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
POSTGRES = ROOT.parent / ".ci" / "postgres"


def briefs(limit: int) -> list[Brief]:
    """Briefs (key points and entities) of the first ``limit`` BBC and CNN dev articles."""
    out: list[Brief] = []
    for name in ("bbc-news-summary", "cnn-dailymail"):
        with (SHARED / name / "dev.jsonl").open(encoding="utf-8") as data:
            for line in data:
                if len(out) >= limit:
                    return out
                out.append(build_brief(parse_record(json.loads(line)), layers=["keypoints", "entities"]))
    return out


def rate(url: str, items: list[Brief]) -> dict[str, float]:
    """Articles stored a second into an empty store at ``url``, and again as duplicates."""
    with Store(url) as store:
        started = time.perf_counter()
        stored = sum(
            store.add(b, url=f"https://news.example.com/{i}").status == "new" for i, b in enumerate(items)
        )
        new = len(items) / (time.perf_counter() - started)
        started = time.perf_counter()
        for i, brief in enumerate(items):
            store.add(brief, url=f"https://news.example.com/{i}")
        duplicate = len(items) / (time.perf_counter() - started)
        assert store.count() == stored  # the dev sets hold a few articles twice: stored once
    return {"new": new, "duplicate": duplicate}


def postgres() -> tuple[str | None, bool]:
    url = os.environ.get("NEWSBRIEF_TEST_POSTGRES_URL")
    if url:
        return url, False
    try:
        done = subprocess.run(
            [str(POSTGRES), "start"], capture_output=True, text=True, timeout=180, check=True
        )
        return done.stdout.strip().splitlines()[-1], True
    except (subprocess.SubprocessError, OSError, IndexError):
        return None, False


def fresh_database(server: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(server)
    name = f"nb_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(
        base.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
    ) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    items = briefs(args.articles)
    results: dict[str, list[dict[str, float]]] = {"SQLite (file, WAL)": []}
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            results["SQLite (file, WAL)"].append(rate(f"sqlite:///{folder}/bench.db", items))
    server, started = postgres()
    version = ""
    if server:
        results["PostgreSQL (local server)"] = [
            rate(fresh_database(server), items) for _ in range(args.repeats)
        ]
        import psycopg
        from sqlalchemy.engine import make_url

        with psycopg.connect(
            make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
        ) as c:
            row = c.execute("SHOW server_version").fetchone()
            version = f" {row[0]}" if row else ""
    if started:
        subprocess.run([str(POSTGRES), "stop"], capture_output=True, timeout=60, check=False)
    lines = [
        f"Command: `make bench-store` (`python benchmarks/store.py`), {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores; {len(items)} briefs of BBC and CNN dev "
        f"articles, each stored in its own transaction (median of {args.repeats} runs into an empty store).",
        "",
        "| store | new articles / s | duplicates refused / s |",
        "|---|---|---|",
    ]
    for name, runs in results.items():
        label = name + (version if name.startswith("PostgreSQL") else "")
        new, duplicate = median(r["new"] for r in runs), median(r["duplicate"] for r in runs)
        lines.append(f"| {label} | {new:,.0f} | {duplicate:,.0f} |")
    if not server:
        lines += ["", "PostgreSQL: no server could be started here, so it was not measured."]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        replace_block("store", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
