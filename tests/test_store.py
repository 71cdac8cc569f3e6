"""The article store, on SQLite and on a real PostgreSQL server: each article once, search,
export, migrations, clear errors. Every article here is written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("sqlalchemy", reason="the store extra (SQLAlchemy) is not installed")

import newsbrief
from feed_server import article_text
from newsbrief.cli import main
from newsbrief.readers import parse_text
from newsbrief.store import Store, StoreError, canonical_url, content_hash


def brief_of(k: int, published: str | None = None) -> newsbrief.Brief:
    headline, body = article_text(k)
    article = parse_text(body, title=headline)
    if published:
        from dataclasses import replace

        article = replace(article, published=published)
    return newsbrief.brief_article(article, layers=["keypoints", "entities"])


def test_an_article_is_stored_once(db_url: str) -> None:
    with Store(db_url) as store:
        first = store.add(brief_of(1), url="https://news.example.com/a?utm_source=rss#top")
        assert first.status == "new"
        # The same page under a tracking link, and the same words under another address.
        assert store.add(brief_of(1), url="https://NEWS.example.com/a").status == "duplicate"
        assert store.add(brief_of(1), url="https://mirror.example.org/copy").status == "duplicate"
        assert store.add(brief_of(2), url="https://news.example.com/b").status == "new"
        assert store.count() == 2
        assert store.has_url("https://news.example.com/a?utm_medium=email")
    with Store(db_url) as again:  # reopening migrates nothing and loses nothing
        assert again.count() == 2
        stored = again.brief(first.id)
        assert stored is not None and stored["story"] is None
        assert stored["title"] == article_text(1)[0] and stored["url"].startswith(
            "https://news.example.com/a"
        )


def test_search_by_word_and_entity_newest_first(db_url: str) -> None:
    with Store(db_url) as store:
        for k, day in ((3, "2026-11-03"), (4, "2026-11-20"), (19, "2026-11-10")):
            store.add(brief_of(k, day), url=f"https://news.example.com/{k}")
        found = store.search("harbour")
        assert [a.published for a in found] == ["2026-11-20", "2026-11-10", "2026-11-03"]
        town = article_text(4)[0].split(" council")[0]
        assert [a.title for a in store.search(town.lower())] == [article_text(4)[0]]
        assert store.search("no such words anywhere") == []
        assert store.search('100%_ "') == []  # search syntax is read as words, never as a pattern
        assert store.search("%") == []  # nothing searchable: nothing found
        named = {a.id for a in store.search(entity=town)}
        assert named and named <= {a.id for a in store.search("harbour")}


def test_export_writes_brief_json_with_story(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        store.add(brief_of(5, "2026-11-01"), url="https://news.example.com/5")
        store.add(brief_of(6, "2026-11-25"), url="https://news.example.com/6")
        feed = store.feed("https://news.example.com/feed.xml")
        store.add(brief_of(7, "2026-11-26"), url="https://news.example.com/7", feed_id=feed.id, source="feed")
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", db_url, "-o", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["title"] for line in lines] == [article_text(k)[0] for k in (5, 6, 7)]
    assert all("story" in line and line["body"] for line in lines)
    assert main(["export", "--db", db_url, "-o", str(out), "--since", "2026-11-20"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert (
        main(["export", "--db", db_url, "-o", str(out), "--feed", "https://news.example.com/feed.xml"]) == 0
    )
    assert [json.loads(x)["title"] for x in out.read_text(encoding="utf-8").splitlines()] == [
        article_text(7)[0]
    ]


def test_ingest_stores_local_files_and_reports_bad_lines(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "in.jsonl"
    headline, body = article_text(11)
    records.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "title": headline, "text": body}),
                "{broken",
                json.dumps({"id": 3}),
                json.dumps({"id": 4, "title": headline, "text": body}),
            ]
        ),
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    from feed_server import page as html_page

    page.write_bytes(html_page(12))
    assert main(["ingest", "--db", db_url, str(records), str(page)]) == 0
    err = capsys.readouterr().err
    assert "in.jsonl:2: invalid JSON" in err and "in.jsonl:3:" in err
    assert "5 records: 2 new, 0 updated, 1 duplicates, 2 errors" in err
    with Store(db_url) as store:
        assert store.count() == 2


def test_feeds_command_lists_feeds(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db_url) as store:
        feed = store.feed("https://news.example.com/feed.xml")
        store.update_feed(feed.id, last_status="failed: timeout", failures=2)
        assert store.feed("https://news.example.com/feed.xml").id == feed.id  # added once
    assert main(["feeds", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "https://news.example.com/feed.xml" in out and "failed: timeout" in out


def test_the_schema_comes_from_the_migrations(db_url: str) -> None:
    import sqlalchemy as sa

    with Store(db_url) as store:
        engine = sa.create_engine(store.url.replace("postgresql+psycopg", "postgresql+psycopg"))
        with engine.connect() as conn:
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            tables = set(sa.inspect(conn).get_table_names())
        engine.dispose()
    assert revision == "0002"
    assert {"feeds", "articles", "article_revisions", "article_entities", "alembic_version"} <= tables


def test_bad_store_urls_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store("not a url")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert (
        main(["export", "--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2"]) == 1
    )
    err = capsys.readouterr().err.strip()
    assert (
        err.startswith("newsbrief: error: cannot open the store") and "secret" not in err and "\n" not in err
    )
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(f"sqlite:///{not_a_db}")


def test_the_default_store_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newsbrief.store import default_url

    monkeypatch.setenv("NEWSBRIEF_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert default_url() == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("NEWSBRIEF_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url().startswith("sqlite:///") and default_url().endswith("newsbrief.db")


def test_canonical_urls() -> None:
    assert canonical_url("HTTPS://News.Example.COM:443/Path/?utm_source=x&b=2&a=1#frag") == (
        "https://news.example.com/Path/?a=1&b=2"
    )
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert content_hash("Title", "Some   words.") == content_hash("title", "some words")
    assert content_hash("Title", "Some words.") != content_hash("Title", "Other words.")


@given(
    st.from_regex(
        r"https?://[a-zA-Z0-9.-]{1,20}(:[0-9]{1,5})?(/[a-zA-Z0-9/_.-]{0,20})?(\?[a-z=&_]{0,20})?",
        fullmatch=True,
    )
)
def test_canonical_url_is_stable(url: str) -> None:
    try:
        once = canonical_url(url)
    except ValueError:  # a port out of range is no URL
        return
    assert canonical_url(once) == once
