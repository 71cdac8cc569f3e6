"""The archive path on SQLite and on a real PostgreSQL server: batch into the store, ingest of
finished briefs, revisions instead of dropped duplicates, bulk writes that survive SIGKILL,
full-text search, export round trips, migration from the first schema. Every article here is
written for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the store extra (SQLAlchemy) is not installed")

import newsbrief
from feed_server import article_text
from made_records import made_records
from newsbrief.cli import main
from newsbrief.readers import parse_text
from newsbrief.store import Store

LAYERS = "keypoints,entities"


def brief_json(k: int, published: str | None = None, title: str | None = None) -> dict[str, Any]:
    headline, body = article_text(k)
    brief = newsbrief.brief_article(
        parse_text(body, title=title or headline), layers=["keypoints", "entities"]
    )
    data = brief.to_dict()
    data["id"] = f"a{k}"
    data["published"] = published
    return data


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_six_versions_under_one_url_are_one_article_with_six_revisions(db_url: str, tmp_path: Path) -> None:
    days = ["2026-11-03", "2026-11-01", "2026-11-06", "2026-11-02", "2026-11-05", "2026-11-04"]
    versions = [brief_json(k, day) for k, day in zip(range(20, 26), days, strict=True)]
    with Store(db_url) as store:
        added = [store.add_many([v], url="https://news.example.com/live?utm_source=x")[0] for v in versions]
        assert [a.status for a in added] == ["new"] + ["updated"] * 5
        assert len({a.id for a in added}) == 1 and store.count() == 1
        assert store.add_many([versions[2]], url="https://news.example.com/live")[0].status == "duplicate"
        (shown,) = store.search("harbour")
        assert shown.revisions == 6 and shown.published == "2026-11-06"  # the newest is the one shown
        every = store.revisions(added[0].id)
        assert [v["published"] for v in every] == sorted(days)
    # Nothing lost through export and ingest: every version, in order, rebuilds the same article.
    out, again = tmp_path / "all.jsonl", tmp_path / "again.jsonl"
    assert main(["export", "--db", db_url, "--revisions", "-o", str(out)]) == 0
    assert len(lines(out)) == 6
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert main(["ingest", "--db", fresh, str(out)]) == 0
    assert main(["export", "--db", fresh, "--revisions", "-o", str(again)]) == 0
    assert lines(again) == lines(out)


def test_a_url_that_is_not_http_never_merges_two_articles(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [brief_json(k) for k in (30, 31, 32)] + [brief_json(30)]
    for record in records:
        record["url"] = "n/a"
    source = write_jsonl(tmp_path / "na.jsonl", records)
    assert main(["ingest", "--db", db_url, str(source)]) == 0
    err = capsys.readouterr().err
    assert "4 records: 3 new, 0 updated, 1 duplicates, 0 errors" in err
    assert (
        "not an http(s) URL" in err and "4 with a url that is not http(s)" in err and err.count("note:") == 1
    )
    with Store(db_url) as store:
        assert store.count() == 3
        assert {json.loads(json.dumps(b))["url"] for b in store.articles()} == {"n/a"}  # kept as given
        assert not store.has_url("n/a")


def test_batch_then_ingest_equals_batch_into_the_store(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([*made_records(12, 8), "{broken", json.dumps({"id": "empty"})]) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(out), "--layers", LAYERS, "--no-progress"]) == 0
    first = f"sqlite:///{tmp_path / 'first.db'}"
    assert main(["ingest", "--db", first, str(out)]) == 0
    err = capsys.readouterr().err
    assert "14 records: 12 new, 0 updated, 0 duplicates, 2 errors" in err
    command = ["batch", str(source), "--db", db_url, "--layers", LAYERS, "--no-progress", "--workers", "2"]
    assert main([*command, "--shard-lines", "5"]) == 0
    err = capsys.readouterr().err
    assert "stored 14 records: 12 new, 0 updated, 0 duplicates, 2 errors" in err
    assert "could not brief this record" in err  # the errors are shown, not lost
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["export", "--db", first, "-o", str(a)]) == 0
    assert main(["export", "--db", db_url, "-o", str(b)]) == 0
    assert sorted(lines(a)) == sorted(lines(b)) and len(lines(a)) == 12
    # Resumed, every part is found stored: nothing briefed again, nothing stored twice.
    assert main([*command, "--shard-lines", "5", "--resume"]) == 0
    err = capsys.readouterr().err
    assert "0 records" in err and "3 finished before" in err
    with Store(db_url) as store:
        assert store.count() == 12


def test_export_then_ingest_then_export_is_identical_in_jsonl_and_parquet(
    db_url: str, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (the dask extra)")
    with Store(db_url) as store:
        store.add_many([brief_json(k, f"2026-10-{k:02d}") for k in range(1, 9)], source="ingest")
        store.add_many([brief_json(40, "2026-10-20")], url="https://news.example.com/x")
        store.add_many([brief_json(41, "2026-10-21")], url="https://news.example.com/x")  # a revision
    for suffix in ("jsonl", "parquet"):
        out = tmp_path / f"out.{suffix}"
        assert main(["export", "--db", db_url, "--revisions", "-o", str(out)]) == 0
        fresh = f"sqlite:///{tmp_path / f'fresh-{suffix}.db'}"
        assert main(["ingest", "--db", fresh, str(out)]) == 0
        a, b = tmp_path / f"a-{suffix}.jsonl", tmp_path / f"b-{suffix}.jsonl"
        assert main(["export", "--db", db_url, "--revisions", "-o", str(a)]) == 0
        assert main(["export", "--db", fresh, "--revisions", "-o", str(b)]) == 0
        assert lines(a) == lines(b) and len(lines(a)) == 10


def test_search_by_words_phrases_stems_entity_and_date(db_url: str) -> None:
    with Store(db_url) as store:
        briefs = [brief_json(k, f"2026-09-{k + 1:02d}") for k in range(0, 12)]
        store.add_many(briefs)
        everything = store.search("harbour wall")
        assert len(everything) == 12
        assert [a.published for a in everything] == sorted((a.published for a in everything), reverse=True)
        assert len(store.search("harbours walls")) == 12  # English stems
        assert store.search('"wall harbour"') == []  # a phrase keeps its order
        town = article_text(3)[0].split(" council")[0]
        assert [a.title for a in store.search(f'"council of {town}" moorings')] == [briefs[3]["title"]]
        name = briefs[3]["entities"][0]["name"]
        naming = {b["title"] for b in briefs if any(e["name"] == name for e in b["entities"])}
        assert {a.title for a in store.search(entity=name.upper())} == naming
        assert {a.title for a in store.search("moorings", entity=name)} == naming
        assert [a.published for a in store.search("harbour", since=_day("2026-09-10"))] == [
            "2026-09-12",
            "2026-09-11",
            "2026-09-10",
        ]
        assert store.search("zeppelin") == [] and store.search('" * ( ) NEAR') == []
        # Control characters (a NUL broke both databases' queries) are no part of a word.
        assert len(store.search("harbour\x00 wall\x12")) == 12
        assert store.search("\x00") == []  # words given, none a word: nothing matches
        assert store.search(entity="\x00") == store.search(entity=" ") == store.search()  # no name given
        assert {a.title for a in store.search(entity=name + "\x00")} == naming


def test_many_articles_written_at_once_are_searchable_and_so_is_the_next_one(db_url: str) -> None:
    # SQLite indexes a large write's words in one statement after its rows (the insert trigger
    # stepped aside inside the transaction): both ways must leave every article findable.
    with Store(db_url) as store:
        store.add_many([brief_json(k, f"2026-07-{k % 28 + 1:02d}") for k in range(60)])
        store.add(brief_json(60, "2026-08-01"))
        assert len(store.search("harbour", limit=100)) == 61
        assert store.search("harbour", limit=1)[0].published == "2026-08-01"


def _day(text: str) -> Any:
    from datetime import UTC, datetime

    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_search_command(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db_url) as store:
        store.add_many([brief_json(k, f"2026-08-{k + 1:02d}") for k in range(0, 4)])
    assert main(["search", "--db", db_url, "moorings", "--since", "2026-08-03", "--json"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [f["published"] for f in found] == ["2026-08-04", "2026-08-03"]
    assert main(["search", "--db", db_url]) == 1
    assert "search for what" in capsys.readouterr().err


def test_a_bulk_ingest_killed_midway_and_rerun_stores_every_record_once(db_url: str, tmp_path: Path) -> None:
    base = brief_json(50)
    records = []
    for i in range(4000):
        record = dict(base, id=f"r{i}", title=f"{base['title']} ({i})", url=f"https://news.example.com/{i}")
        records.append(record)
    source = write_jsonl(tmp_path / "many.jsonl", records)
    command = [sys.executable, "-m", "newsbrief", "ingest", "--db", db_url, str(source), "--batch-size", "50"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with Store(db_url) as store:
        deadline = time.monotonic() + 120
        while store.count() < 300 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        process.kill()
        process.wait()
        stored = store.count()
        assert 0 < stored < len(records), "the ingest was not caught midway"
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=True)
    assert f"4,000 records: {len(records) - stored:,} new, 0 updated, {stored:,} duplicates, 0 errors" in (
        rerun.stderr
    ), rerun.stderr
    with Store(db_url) as store:
        assert store.count() == len(records)
        assert len(store.search("harbour", limit=1000)) == 1000


def test_a_store_of_the_first_schema_is_migrated_and_searchable(db_url: str) -> None:
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from newsbrief.store.database import MIGRATIONS

    url = (
        db_url
        if not db_url.startswith("postgresql://")
        else db_url.replace("postgresql://", "postgresql+psycopg://")
    )
    if url.startswith("postgresql") and "+psycopg" not in url:
        url = url.replace("postgresql", "postgresql+psycopg", 1)
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    old = brief_json(60, "2026-07-01")
    with engine.begin() as connection:
        for i, link in enumerate(("https://news.example.com/old", "n/a")):
            data = dict(old, title=f"{old['title']} {i}")
            connection.execute(
                sa.text(
                    "INSERT INTO articles (url, title, published, fetched, content_hash, source, brief, "
                    "search_text) VALUES (:url, :title, :published, :fetched, :hash, 'ingest', :brief, :text)"
                ),
                {
                    "url": link,
                    "title": data["title"],
                    "published": "2026-07-01",
                    "fetched": _day("2026-07-02"),
                    "hash": f"{i:064d}",
                    "brief": json.dumps(data),
                    "text": data["body"].casefold(),
                },
            )
    engine.dispose()
    with Store(db_url) as store:
        found = store.search("moorings")
        assert len(found) == 2 and {a.revisions for a in found} == {1}
        assert {a.url for a in found} == {"https://news.example.com/old", None}  # "n/a" is no identity
        assert (
            store.add_many([dict(old, title="new")], url="https://news.example.com/old")[0].status
            == "updated"
        )


def test_dask_workers_write_straight_into_postgresql(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(made_records(10, 6)) + "\n")
    command = ["batch", str(source), "--db", db_url, "--layers", "keypoints", "--engine", "dask"]
    assert main([*command, "--workers", "2", "--shard-lines", "4", "--no-progress"]) == 0
    assert "stored 10 records: 10 new, 0 updated, 0 duplicates, 0 errors" in capsys.readouterr().err
    with Store(db_url) as store:
        assert store.count() == 10


def test_dates_in_other_zones_order_as_instants_and_lines_without_a_brief_are_errors(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(db_url) as store:
        # 09:00 in Tokyo is before 02:00 in London the same day.
        store.add_many(
            [brief_json(70, "2026-06-01T09:00:00+09:00"), brief_json(71, "2026-06-01T02:00:00+01:00")]
        )
        assert [a.published for a in store.search("harbour")] == [
            "2026-06-01T02:00:00+01:00",
            "2026-06-01T09:00:00+09:00",
        ]
    source = write_jsonl(
        tmp_path / "odd.jsonl",
        [
            {"id": "e", "events": []},
            {"id": 1, "line": 3, "error": "invalid JSON"},
            dict(brief_json(72), key_points="not a list"),
            [1, 2],
        ],
    )
    assert main(["ingest", "--db", db_url, str(source)]) == 1  # nothing stored: every line an error
    err = capsys.readouterr().err
    assert "odd.jsonl:1: an events-only line" in err and "odd.jsonl:2: the batch could not brief" in err
    assert "odd.jsonl:3: malformed Brief JSON" in err and "odd.jsonl:4: a record must be a JSON object" in err
    assert "4 records: 0 new, 0 updated, 0 duplicates, 4 errors" in err


def test_writing_story_ids_refreshes_the_statistics_so_a_story_is_read_through_its_index(
    tmp_path: Path,
) -> None:
    # Statistics taken while every story id was unset say one id matches every row: a story's
    # page would then walk the whole table by date (seconds at 100,000 articles).
    from sqlalchemy import create_engine, text

    db = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(db) as store:
        store.add_many([brief_json(k, f"2026-07-{k % 28 + 1:02d}") for k in range(60)])
        store.optimize()
        ids = [a.id for a in store.search("harbour", limit=100)]
        assert store.set_stories((i, f"s-{i % 20}") for i in ids) == 60
    engine = create_engine(db)
    with engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id, brief FROM articles WHERE story_id = 's-1' ORDER BY dated, id"
            )
        ).all()
    engine.dispose()
    assert "ix_articles_story_id" in " ".join(str(row[-1]) for row in plan)


def test_a_bulk_write_that_fails_leaves_the_word_index_trigger_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bulk writer swaps the insert trigger out and back inside its transaction: a failure
    # (or a SIGKILL) in between must roll the swap back with the rows, never commit it alone.
    from newsbrief.store import writer

    db = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(db) as store:

        def broken(*_args: Any) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(writer, "_bulk_insert", broken)
        with pytest.raises(RuntimeError):
            store.add_many([brief_json(k) for k in range(60)])
        monkeypatch.undo()
        store.add(brief_json(61))
        assert [a.title for a in store.search("harbour")] == [brief_json(61)["title"]]
