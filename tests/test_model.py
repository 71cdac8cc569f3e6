from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest

import newsbrief
from newsbrief import InputError
from newsbrief.cli import main
from newsbrief.document import build_document
from newsbrief.keypoints import load_model
from newsbrief.keypoints.features import FEATURES, sentence_features
from newsbrief.readers import parse_text

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_model_matches_features_and_scores(sample_text: str) -> None:
    model = load_model()
    assert len(model.plain.coef) == len(model.headline.coef) == len(FEATURES)
    features = sentence_features(build_document(parse_text(sample_text)))
    scores = model.score(features)
    assert len(scores) == len(features) and all(math.isfinite(s) for s in scores)
    assert len(set(scores)) > 1


def test_headline_and_plain_scorers_differ(sample_text: str) -> None:
    article = parse_text(sample_text)
    with_title = sentence_features(build_document(article))
    from dataclasses import replace

    without = sentence_features(build_document(replace(article, title=None)))
    model = load_model()
    assert model.score(with_title) != model.score(without)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "invalid JSON"),
        ('{"format": "other"}', "not a newsbrief key-point model"),
        ('{"format": "newsbrief-keypoints/2", "features": ["x"]}', "other features"),
    ],
)
def test_bad_model_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_model(str(path))


def test_cli_bad_model_is_one_line_error(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(sample_path), "--model", "/nonexistent/model.json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsbrief: error: cannot read model") and err.count("\n") == 1


_SUBJECTS = ["The council", "The minister", "Local police", "The company", "Union leaders", "Residents"]
_VERBS = ["approved", "rejected", "delayed", "announced", "questioned", "funded"]
_OBJECTS = ["the new bridge", "a tax rise", "the rail link", "hospital cuts", "the school plan", "a pay deal"]
_FILLER = ["on Monday", "after a long debate", "despite protests", "for the second time", "in a statement"]


def _synthetic_records(n: int, seed: int) -> list[dict[str, object]]:
    """Articles made of template sentences; the references are the sentences naming the topic."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        topic = rng.choice(_OBJECTS)
        sentences = []
        for _ in range(rng.randint(6, 12)):
            obj = topic if rng.random() < 0.35 else rng.choice(_OBJECTS)
            sentences.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {obj} {rng.choice(_FILLER)}.")
        highlights = [s for s in sentences if topic in s][:3] or sentences[:1]
        records.append(
            {
                "id": f"syn-{i}",
                "title": f"Row over {topic}",
                "text": "\n".join(" ".join(sentences[j : j + 2]) for j in range(0, len(sentences), 2)),
                "highlights": highlights,
            }
        )
    return records


def _train(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    script = ROOT / "training" / "train_keypoints.py"
    return subprocess.run(
        [sys.executable, str(script), "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def test_training_is_deterministic_and_usable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "mine.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _synthetic_records(80, seed=1)) + "\n", encoding="utf-8")
    first, second = tmp_path / "a" / "model.json", tmp_path / "b" / "model.json"
    for out in (first, second):
        out.parent.mkdir()
        result = _train(data, out)
        assert result.returncode == 0, result.stderr
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert (first.parent / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Key-point ranker")
    trained = json.loads(first.read_text(encoding="utf-8"))
    assert trained["trained"]["data"] == {"mine": 80}

    # A user's own model plugs in through --model and the Python API alike.
    article = _synthetic_records(1, seed=99)[0]
    brief = newsbrief.brief(str(article["text"]), title=str(article["title"]), model=str(first))
    assert len(brief.key_points) == 3
    src = tmp_path / "one.txt"
    src.write_text(f"{article['title']}\n{article['text']}\n", encoding="utf-8")
    assert main(["brief", str(src), "--model", str(first), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["key_points"]) == 3
