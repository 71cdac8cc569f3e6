"""Shared fixtures: the bundled sample article and the ../shared evaluation data."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


# --- databases: SQLite always, PostgreSQL from NEWSBRIEF_TEST_POSTGRES_URL (.ci/run starts one) ---

_POSTGRES: dict[str, str | None] = {}


def _postgres_server() -> str | None:
    """The URL of a PostgreSQL server for the tests: the one ``.ci/run`` started, else one this
    session starts with ``.ci/postgres`` where Debian's server is installed, else ``None``."""
    if "url" in _POSTGRES:
        return _POSTGRES["url"]
    url = os.environ.get("NEWSBRIEF_TEST_POSTGRES_URL")
    if not url and list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        import subprocess

        try:
            started = subprocess.run(
                [str(ROOT / ".ci" / "postgres"), "start"],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            url = started.stdout.strip().splitlines()[-1]
            _POSTGRES["started"] = url
        except (subprocess.SubprocessError, OSError, IndexError):
            url = None
    _POSTGRES["url"] = url
    return url


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _POSTGRES.get("started"):
        import subprocess

        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop"], capture_output=True, timeout=60, check=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for one test, on SQLite and then on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    server = _postgres_server()
    if not server:
        reason = "no PostgreSQL server (set NEWSBRIEF_TEST_POSTGRES_URL, or install Debian's postgresql)"
        if os.environ.get("NEWSBRIEF_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"NEWSBRIEF_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(server)
    name = f"nb_{uuid.uuid4().hex[:12]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
