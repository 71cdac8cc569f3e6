from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path
from newsbrief.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbrief", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_brief_sample_seed_form(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(sample_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    source = [line for line in sample_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert out[0] == source[0]
    assert [line for line in out[1:] if line.startswith("- ")] == out[1:4]
    assert out[4:] == source[1:]


def test_brief_stdin_and_points() -> None:
    text = (
        b"Headline\nFirst sentence of the body is here. Second one follows it now.\nA third sentence closes."
    )
    result = run("brief", "-", "--points", "2", stdin=text)
    assert result.returncode == 0, result.stderr
    assert sum(line.startswith("- ") for line in result.stdout.splitlines()) == 2


def test_brief_json(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(sample_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stats"]["layers"] == ["keypoints", "keywords", "entities", "quotes", "events"]
    for kp in data["key_points"]:
        assert data["body"][kp["start"] : kp["end"]].startswith(kp["text"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02binary\xff" * 100, "binary"),
    ],
)
def test_bad_input_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("brief", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_missing_file_and_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
    big = tmp_path / "big.txt"
    big.write_bytes(b"Headline\n" + b"A sentence. " * 2000)
    assert main(["brief", str(big), "--max-bytes", "1000"]) == 1
    assert "larger than the limit" in capsys.readouterr().err


def test_invalid_utf8_warns_but_briefs(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Café reopens\nThe café reopened on Monday after repairs. Customers returned.".encode("latin-1")
    )
    result = run("brief", str(path), "--format", "json")
    assert result.returncode == 0
    assert "invalid UTF-8" in result.stderr
    assert any("invalid UTF-8" in w for w in json.loads(result.stdout)["stats"]["warnings"])


def test_fifty_megabyte_text_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.write(b"Huge headline\n")
        line = b"The council met again and talked about the bridge for hours. " * 16 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            stream.write(line)
    result = run("brief", str(path))
    assert result.returncode == 1
    assert "larger than the limit of 10,485,760 bytes" in result.stderr


def test_non_english_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Stadtrat stimmt für neue Brücke\nDer Stadtrat hat am Dienstag die neue Brücke über den Hafen "
        "beschlossen. Die Bauarbeiten sollen im Frühjahr beginnen und drei Jahre dauern. Die Kosten "
        "liegen bei 48 Millionen Pfund, und die Fischer sind nicht zufrieden mit dem Plan.",
        encoding="utf-8",
    )
    result = run("brief", str(path), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["language"] == "de"
    assert any("'de'" in w for w in data["stats"]["warnings"])


def test_markdown_and_html_formats(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(sample_path), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# ")
    assert main(["brief", str(sample_path), "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!doctype html>")


def test_seed_article_reads_headline_and_ignores_given_bullets(capsys: pytest.CaptureFixture[str]) -> None:
    seed = shared_path("seeds/000_51b81e8b7661755e.txt")
    assert main(["brief", str(seed)]) == 0
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    bullets = [line for line in lines if line.startswith("- ")]
    body = [line for line in lines[1:] if not line.startswith("- ")]
    assert out[0] == lines[0]
    assert out[1:4] and all(line.startswith("- ") for line in out[1:4])
    assert out[4:] == body, "the given bullets are not part of the body"
    assert len(bullets) == 3


def test_eval_on_own_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "eval.jsonl"
    body = (
        "The mayor opened the new library on Monday. It holds forty thousand books. "
        "Children queued for hours to get in. The building cost two million pounds."
    )
    records = [
        {"id": "a", "text": body, "highlights": ["The mayor opened the new library on Monday."]},
        {"id": "b", "text": body, "highlights": ["The building cost two million pounds."]},
        {"id": "c", "text": "no highlights here."},
    ]
    data.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    assert main(["eval", str(data), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 2
    systems = report["systems"]
    assert set(systems) == {"newsbrief", "lead-3", "oracle"}
    assert systems["oracle"]["rouge1"] >= max(systems["newsbrief"]["rouge1"], systems["lead-3"]["rouge1"])
    assert main(["eval", str(data)]) == 0
    table = capsys.readouterr().out
    assert "ROUGE-1" in table and "lead-3" in table and "oracle" in table


def test_eval_on_shared_bbc(capsys: pytest.CaptureFixture[str]) -> None:
    data = shared_path("data/bbc-news-summary/dev.jsonl")
    assert main(["eval", str(data), "--limit", "40", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 40
    rouge1 = {name: s["rouge1"] for name, s in report["systems"].items()}
    assert 0 < rouge1["lead-3"] < rouge1["newsbrief"] <= rouge1["oracle"]
