"""The HTTP API keeps its OpenAPI document: schemathesis, a client nobody here wrote, runs every
check (server errors, undocumented statuses, response schemas, schema-valid requests refused,
schema-invalid ones accepted, methods without Allow, ...) against `newsbrief serve --db`, on an
empty store and on a filled one. What the API answers by design beyond the document is in
tests/schemathesis.toml, each status with its reason."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbrief.cli import main
from served import newsbrief_serve

pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")
pytest.importorskip("spacy")

ROOT = Path(__file__).resolve().parents[1]
FERRY = ROOT / "src" / "newsbrief" / "samples" / "ferry-strike.jsonl"
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _serve(db: str) -> Iterator[str]:
    # Small limits so that the boundary cases schemathesis sends (the longest text, the largest
    # batch) stay quick; the document states whatever limits the server has.
    limits = ("--max-text-chars", "3000", "--max-batch", "5", "--timeout-s", "30")
    with newsbrief_serve("--db", db, *limits) as served:
        yield served.base


@pytest.fixture(params=["empty store", "filled store"])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    if request.param == "filled store":
        assert main(["ingest", "--db", db, str(FERRY)]) == 0
        assert main(["stories", "--db", db]) == 0
    yield from _serve(db)


def _schemathesis() -> list[str]:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the schemathesis command is not installed beside this Python")
    return [found]


def test_the_api_keeps_its_openapi_document(api: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            *_schemathesis(),
            "--config-file",
            str(CONFIG),
            "run",
            f"{api}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "40",
            "--workers",
            "1",
            "--seed",
            "20261206",  # the same cases every run; a new failure is the code's, not luck's
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "Tested: 8" in run.stdout, report  # every documented operation was exercised
