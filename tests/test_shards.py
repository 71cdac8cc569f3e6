"""Sharded batch runs on the local engine: every input form, shards written whole, resume."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from made_records import made_records, with_broken_lines
from newsbrief.batch import iter_lines
from newsbrief.batch.inputs import plan, read_part
from newsbrief.batch.shards import MANIFEST
from newsbrief.cli import main

LAYERS = "keypoints,keywords"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _stream(tmp_path: Path, lines: list[str]) -> list[str]:
    """What the plain one-stream run writes for ``lines``: what every other form must match."""
    src = tmp_path / "stream-in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "stream-out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--layers", LAYERS, "--workers", "1"]) == 0
    return _lines(out)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["", "{}", '{"a": 1}', "x" * 30, "  "]), max_size=40),
    st.booleans(),
    st.integers(min_value=1, max_value=7),
)
def test_parts_hold_every_line_once_with_its_number(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], newline_at_end: bool, shard_lines: int
) -> None:
    path = tmp_path_factory.mktemp("parts") / "in.jsonl"
    path.write_bytes(("\n".join(lines) + ("\n" if newline_at_end and lines else "")).encode())
    parts = plan([path], shard_lines)
    with path.open("rb") as f:
        whole = list(iter_lines(f))
    assert [line for part in parts for line in read_part(part, 1 << 20)] == whole
    assert all(p.lines is not None and 0 < p.lines <= shard_lines for p in parts)
    assert [p.start for p in parts[1:]] == [p.stop for p in parts[:-1]]  # contiguous, no overlap


def test_every_input_form_gives_the_stream_output(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import zstandard

    lines = with_broken_lines(made_records(23, sentences=8))
    expected = _stream(tmp_path, lines)
    data = ("\n".join(lines) + "\n").encode()
    shards = tmp_path / "shards"
    (shards / "deeper").mkdir(parents=True)
    (shards / "a.jsonl").write_bytes(data)
    (shards / "deeper" / "b.jsonl.gz").write_bytes(gzip.compress(data))
    (shards / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (shards / "notes.txt").write_text("not an input", encoding="utf-8")
    for args in (
        [str(shards / "deeper" / "b.jsonl.gz")],
        [str(shards / "c.jsonl.zst")],
        [str(shards / "a.jsonl"), "--shard-lines", "4"],
    ):
        out = tmp_path / "one.jsonl"
        assert main(["batch", *args, "-o", str(out), "--layers", LAYERS, "--workers", "2"]) == 0
        assert _lines(out) == expected, args
        assert not (tmp_path / "one.jsonl.parts").exists()
    # A folder (its shards at any depth, by name) and a glob: one output shard per input part,
    # where a compressed file is one part.
    for source in (str(shards), str(shards / "**" / "*.jsonl*")):
        folder = tmp_path / f"out-{len(source)}"
        assert main(["batch", source, "-o", str(folder), "--layers", LAYERS, "--shard-lines", "10"]) == 0
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert [Path(i[0]).name for i in manifest["inputs"]] == ["a.jsonl", "c.jsonl.zst", "b.jsonl.gz"]
        assert manifest["shards"] == [
            *(f"a.{i:05d}.jsonl" for i in range(3)),
            "c.00000.jsonl",
            "b.00000.jsonl",
        ]
        assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST, *manifest["shards"]])
        for stem, count in (("a", 3), ("b", 1), ("c", 1)):
            assert [
                line for i in range(count) for line in _lines(folder / f"{stem}.{i:05d}.jsonl")
            ] == expected
    # Parquet in (columns as the records, one row group per few rows) and Parquet out.
    good = [json.loads(line) for line in lines if line.startswith('{"id": "r')]
    table = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(good), table, row_group_size=5)
    out = tmp_path / "from-parquet.parquet"
    assert main(["batch", str(table), "-o", str(out), "--layers", LAYERS, "--shard-lines", "7"]) == 0
    rows = pq.read_table(out).to_pylist()
    assert [json.loads(r["result"]) for r in rows] == [
        json.loads(x) for x in _stream(tmp_path, [json.dumps(g) for g in good])
    ]
    assert [r["id"] for r in rows] == [g["id"] for g in good]
    assert all(r["title"] and r["error"] is None for r in rows)


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_a_truncated_compressed_file_keeps_what_came_before(tmp_path: Path, kind: str) -> None:
    import zstandard

    lines = made_records(40, sentences=5)
    data = ("\n".join(lines) + "\n").encode()
    if kind == "gz":
        packed = gzip.compress(data)
    else:  # frames of ten lines, as a streaming writer flushes them
        packer = zstandard.ZstdCompressor()
        packed = b"".join(
            packer.compress(("\n".join(lines[i : i + 10]) + "\n").encode()) for i in range(0, 40, 10)
        )
    src = tmp_path / f"in.jsonl.{kind}"
    src.write_bytes(packed[: len(packed) * 2 // 3])
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--layers", "keypoints"]) == 0
    results = [json.loads(line) for line in _lines(out)]
    assert "breaks off" in results[-1]["error"] and len(results) < 41
    good = [r["id"] for r in results[:-1] if "error" not in r]
    assert len(good) >= 10 and good == [f"r{i}" for i in range(len(good))]


def test_a_folder_of_other_files_is_refused_and_a_changed_run_is_not_resumed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(made_records(6, sentences=4)) + "\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("someone's file", encoding="utf-8")
    assert main(["batch", str(src), "-o", str(mine), "--layers", "keypoints"]) == 1
    assert "no newsbrief run" in capsys.readouterr().err
    assert (mine / "keep.txt").exists()
    out = tmp_path / "out"
    assert main(["batch", str(src), "-o", str(out), "--layers", "keypoints", "--shard-lines", "2"]) == 0
    assert (
        main(["batch", str(src), "-o", str(out), "--layers", "keypoints", "--shard-lines", "3", "--resume"])
        == 1
    )
    assert "differ" in capsys.readouterr().err
    # The same run resumed finds every shard finished; a run without --resume starts over.
    assert (
        main(["batch", str(src), "-o", str(out), "--layers", "keypoints", "--shard-lines", "2", "--resume"])
        == 0
    )
    assert "0 records (0 errors)" in capsys.readouterr().err
    assert main(["batch", str(src), "-o", str(out), "--layers", "keypoints", "--shard-lines", "3"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "in.00000.jsonl", "in.00001.jsonl"]


def test_a_scheduler_without_the_dask_engine_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(made_records(2, sentences=3)) + "\n", encoding="utf-8")
    assert main(["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "--engine dask" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_a_bad_parquet_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 and then nothing")
    assert main(["batch", str(bad), "-o", str(tmp_path / "out.jsonl")]) == 1
    assert "not a readable Parquet file" in capsys.readouterr().err


def run_until_shards(args: list[str], parts: Path, at_least: int, sig: int) -> tuple[int, set[str]]:
    """Start ``newsbrief`` with ``args``, send ``sig`` once ``parts`` holds ``at_least`` shards;
    its exit status and the shards finished when the signal went."""
    # Ctrl-C must reach it even when this test runs in the background, where the shell starts
    # every job with SIGINT ignored and the child would inherit that.
    start = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv[0] = 'newsbrief'; runpy.run_module('newsbrief', run_name='__main__')"
    )
    process = subprocess.Popen([sys.executable, "-c", start, *args], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    done: set[str] = set()
    while time.monotonic() < deadline and process.poll() is None:
        done = {p.name for p in parts.glob("*.jsonl")} if parts.exists() else set()
        if len(done) >= at_least:
            process.send_signal(sig)
            break
        time.sleep(0.02)
    process.communicate(timeout=60)  # the stderr pipe closes only when its workers are gone too
    return process.returncode, done


def test_a_killed_run_resumes_and_writes_no_record_twice(tmp_path: Path) -> None:
    lines = made_records(240)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(src), "-o", str(out), "--layers", LAYERS, "--shard-lines", "8", "--workers", "2"]
    code, done = run_until_shards(args, out, 3, signal.SIGKILL)
    assert code == -signal.SIGKILL
    finished = {p.name: p.stat().st_ino for p in out.glob("*.jsonl")}
    assert done <= set(finished) and len(finished) < 30  # killed midway
    assert main([*args, "--resume"]) == 0
    # What the killed run finished was kept, not written again; the rest was written once.
    assert {name: (out / name).stat().st_ino for name in finished} == finished
    names = sorted(p.name for p in out.glob("*.jsonl"))
    assert len(names) == 30 and not list(out.glob(".*"))
    results = [line for name in names for line in _lines(out / name)]
    assert [json.loads(r)["id"] for r in results] == [f"r{i}" for i in range(240)]
    assert results == _stream(tmp_path, lines)


def test_progress_counts_every_record(tmp_path: Path) -> None:
    from newsbrief.batch import Options, Plan, run_sharded

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(made_records(11, sentences=3)) + "\n", encoding="utf-8")
    plans: list[Plan] = []
    seen: list[int] = []
    result = run_sharded(
        [str(src)],
        str(tmp_path / "out"),
        Options(layers=("keypoints",)),
        shard_lines=4,
        on_plan=plans.append,
        on_progress=seen.append,
    )
    assert plans[0].shards == 3 and plans[0].lines == 11
    assert sum(seen) == result.records == 11 and result.shards == 3
