"""Shared fixtures: the bundled sample article and the ../shared evaluation data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "newsbrief" / "samples" / "harbour-bridge.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def shared_path(relative: str) -> Path:
    """A path under ../shared; skips the test when absent, fails when CI requires it."""
    path = SHARED / relative
    if not path.exists():
        reason = f"{path} is absent (the shared data sits beside the checkout)"
        if os.environ.get("NEWSBRIEF_REQUIRE_SHARED") == "1":
            pytest.fail(f"NEWSBRIEF_REQUIRE_SHARED=1 but {reason}")
        pytest.skip(reason)
    return path
