from __future__ import annotations

import io
import json
from pathlib import Path

from newsbrief.batch import CHUNK_LINES, iter_lines, run_batch
from newsbrief.cli import main

BODY = "The council voted for the bridge on Tuesday. Work starts in spring. It will take three years."


def _records(n: int) -> list[str]:
    return [
        json.dumps({"id": f"r{i}", "title": f"Story {i}", "text": BODY.replace("three", str(i + 3))})
        for i in range(n)
    ]


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = _records(5)
    lines[1] = "{not json"
    lines[3] = json.dumps({"id": "empty", "text": "   "})
    lines.insert(4, json.dumps(["a", "list"]))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--workers", "2"]) == 0
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 6
    assert [r["id"] for r in results] == ["r0", None, "r2", "empty", None, "r4"]
    assert "invalid JSON" in results[1]["error"]
    assert "neither" in results[3]["error"]
    assert "JSON object" in results[4]["error"]
    assert results[0]["key_points"] and results[5]["title"] == "Story 4"


def test_workers_give_identical_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(_records(70)) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        assert main(["batch", str(src), "-o", str(out), "--workers", workers, "--no-progress"]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 70


def test_oversized_line_becomes_an_error_and_the_rest_survives() -> None:
    stream = io.BytesIO(b'{"id": 1}\n' + b"x" * 5000 + b"\n" + b'{"id": 2}\n')
    lines = list(iter_lines(stream, max_bytes=100))
    assert [(n, raw is None) for n, raw in lines] == [(1, False), (2, True), (3, False)]


class _CountingReader(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)


class _Sink(io.StringIO):
    def __init__(self, reader: _CountingReader) -> None:
        super().__init__()
        self.reader = reader
        self.read_ahead: list[int] = []

    def write(self, s: str) -> int:
        self.read_ahead.append(self.reader.lines_read - len(self.read_ahead))
        return super().write(s)


def test_batch_streams_with_bounded_read_ahead() -> None:
    n, workers = 2000, 2
    reader = _CountingReader(("\n".join(_records(n)) + "\n").encode())
    sink = _Sink(reader)
    result = run_batch(reader, sink, workers=workers)
    assert result.records == n and result.errors == 0
    # Never more than the in-flight window of chunks is read ahead of what has been written.
    assert max(sink.read_ahead) <= (workers * 4 + 1) * CHUNK_LINES + 1


def test_ids_come_back_as_given(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 7, "text": BODY}) + "\n" + json.dumps({"id": 8, "text": ""}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--workers", "1"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [7, 8]


def test_batch_lines_follow_the_schema(tmp_path: Path) -> None:
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("newsbrief").joinpath("schema/brief.schema.json").read_text("utf-8"))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(_records(3)) + "\n" + json.dumps({"id": 9, "text": BODY}) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--workers", "1"]) == 0
    for line in out.read_text(encoding="utf-8").splitlines():
        jsonschema.validate(json.loads(line), schema)
