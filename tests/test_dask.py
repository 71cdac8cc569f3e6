"""The Dask engine on a real LocalCluster of two worker processes: the same output as the local
engine, models loaded once per worker, a worker killed mid-job, a run interrupted and resumed."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from made_records import made_records, with_broken_lines
from newsbrief.batch import Options, run_sharded
from newsbrief.cli import main
from test_shards import run_until_shards

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
LAYERS = ("keypoints", "keywords")


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def _local(tmp_path: Path, src: Path) -> list[str]:
    out = tmp_path / "local.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--layers", ",".join(LAYERS), "--workers", "1"]) == 0
    return out.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str]) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_dask_output_is_the_local_output_with_broken_lines(tmp_path: Path) -> None:
    src = _write(tmp_path, with_broken_lines(made_records(40, sentences=10)))
    expected = _local(tmp_path, src)
    out = tmp_path / "dask.jsonl"
    # A LocalCluster of its own (what the command starts without --scheduler).
    args = ["batch", str(src), "-o", str(out), "--layers", ",".join(LAYERS), "--shard-lines", "7"]
    assert main([*args, "--engine", "dask", "--workers", "2"]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == expected
    errors = [json.loads(line) for line in expected if '"error"' in line[:200]]
    assert len(errors) == 5 and all(e["line"] for e in errors)


def test_models_load_once_per_worker_not_once_per_task(tmp_path: Path, cluster: distributed.Client) -> None:
    src = _write(tmp_path, made_records(60, sentences=5))
    result = run_sharded(
        [str(src)],
        str(tmp_path / "out"),
        Options(layers=LAYERS),
        engine="dask",
        scheduler=cluster.scheduler.address,
        shard_lines=3,
    )
    assert result.shards == 20 and result.records == 60

    def loads() -> tuple[int, int]:
        from newsbrief.keypoints import load_model

        info = load_model.cache_info()
        return info.misses, info.hits

    per_worker = cluster.run(loads)
    assert len(per_worker) == 2
    # One load each (when the worker started, by the plugin), then every task reuses it.
    assert all(misses == 1 for misses, _ in per_worker.values())
    assert sum(hits for _, hits in per_worker.values()) >= 60


def test_a_worker_killed_mid_job_and_every_record_still_once(
    tmp_path: Path, cluster: distributed.Client
) -> None:
    lines = made_records(300)
    src = _write(tmp_path, lines)
    expected = _local(tmp_path, src)
    out = tmp_path / "out.jsonl"
    parts = tmp_path / "out.jsonl.parts"
    outcome: dict[str, object] = {}

    def job() -> None:
        try:
            outcome["result"] = run_sharded(
                [str(src)],
                str(out),
                Options(layers=LAYERS),
                engine="dask",
                scheduler=cluster.scheduler.address,
                shard_lines=6,
            )
        except Exception as exc:
            outcome["error"] = exc

    runner = threading.Thread(target=job)
    runner.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (parts.exists() and len(list(parts.glob("*.jsonl"))) >= 3):
        time.sleep(0.01)
    finished_at_kill = len(list(parts.glob("*.jsonl")))
    victim = next(iter(cluster.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)
    runner.join(timeout=300)
    assert not runner.is_alive() and "error" not in outcome, outcome
    assert 3 <= finished_at_kill < 50  # the worker died with work left to do
    assert victim not in cluster.run(os.getpid).values()  # its nanny started a new one
    assert out.read_text(encoding="utf-8").splitlines() == expected
    cluster.wait_for_workers(2, timeout=60)


def test_an_interrupted_dask_run_resumes_and_writes_no_record_twice(tmp_path: Path) -> None:
    lines = made_records(300)
    src = _write(tmp_path, lines)
    folder = tmp_path / "out"
    args = ["batch", str(src), "-o", str(folder), "--layers", ",".join(LAYERS), "--shard-lines", "6"]
    args += ["--engine", "dask", "--workers", "2"]
    code, _ = run_until_shards(args, folder, 3, signal.SIGINT)  # Ctrl-C
    assert code == 130
    finished = {p.name: p.stat().st_ino for p in folder.glob("*.jsonl")}
    assert 3 <= len(finished) < 50
    assert main([*args, "--resume"]) == 0
    assert {name: (folder / name).stat().st_ino for name in finished} == finished
    names = sorted(p.name for p in folder.glob("*.jsonl"))
    assert len(names) == 50 and not list(folder.glob(".*"))
    written = [line for name in names for line in (folder / name).read_text(encoding="utf-8").splitlines()]
    assert written == _local(tmp_path, src)
