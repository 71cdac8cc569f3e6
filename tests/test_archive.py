"""`newsbrief serve --db`: the stored articles, newest first, searchable, each as its brief."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the server extra (FastAPI) is not installed")
pytest.importorskip("sqlalchemy", reason="the store extra (SQLAlchemy) is not installed")

from fastapi.testclient import TestClient

from feed_server import article_text
from newsbrief.brief import build_brief
from newsbrief.readers import parse_text
from newsbrief.server import ServerSettings, create_app
from newsbrief.store import Store

HOSTILE = "Harbour <script>window.__x=1</script> vote"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as store:
        for k, day in ((1, "2026-11-02"), (2, "2026-11-09")):
            headline, body = article_text(k)
            article = parse_text(body, title=headline)
            from dataclasses import replace

            store.add(build_brief(replace(article, published=day)), url=f"https://news.example.com/{k}")
        store.add(
            build_brief(parse_text(article_text(3)[1], title=HOSTILE)), url="https://news.example.com/x"
        )
    with TestClient(create_app(ServerSettings(db=url))) as client:
        yield client


def test_the_api_lists_and_searches_the_store(archive: TestClient) -> None:
    listed = archive.get("/v1/articles").json()["articles"]
    assert (
        len(listed) == 3 and listed[1]["published"] == "2026-11-09" and listed[2]["published"] == "2026-11-02"
    )
    town = article_text(2)[0].split(" council")[0]
    found = archive.get("/v1/articles", params={"q": town}).json()["articles"]
    assert [a["title"] for a in found] == [article_text(2)[0]]
    named = archive.get("/v1/articles", params={"entity": town}).json()["articles"]
    assert named and all(a["id"] in {x["id"] for x in listed} for a in named)
    one = archive.get(f"/v1/articles/{found[0]['id']}").json()
    assert one["title"] == article_text(2)[0] and "story" in one and one["key_points"]
    assert archive.get("/v1/articles/9999").status_code == 404
    assert archive.get("/v1/articles", params={"limit": 0}).status_code == 422
    since = archive.get("/v1/articles", params={"q": "harbour", "since": "2026-11-05"}).json()["articles"]
    assert [a["published"] for a in since] == [None, "2026-11-09"]  # undated: dated by its fetch
    assert {a["revisions"] for a in since} == {1}
    assert archive.get("/v1/articles", params={"since": "last week"}).status_code == 422


def test_the_pages_show_the_store_inert(archive: TestClient) -> None:
    page = archive.get("/articles").text
    assert page.count('<li><a href="/articles/') == 3 and "<script>window" not in page
    assert "&lt;script&gt;" in page and 'role="search"' in page
    article_id = archive.get("/v1/articles", params={"q": "script"}).json()["articles"][0]["id"]
    shown = archive.get(f"/articles/{article_id}")
    assert shown.status_code == 200 and "<script>window" not in shown.text and "Key points" in shown.text
    assert "content-security-policy" in shown.headers
    none = archive.get("/articles", params={"q": "nothing like this"}).text
    assert 'id="none"' in none


def test_without_a_store_there_is_no_archive() -> None:
    with TestClient(create_app(ServerSettings())) as client:
        assert client.get("/articles").status_code == 404
        assert client.get("/v1/articles").status_code == 404


def test_the_archive_api_keeps_its_document(archive: TestClient) -> None:
    """Found by schemathesis: an id past 64 bits reached the database (500); 404s and the one-of
    source were undocumented; a 405 had no Allow header; a date no calendar has was a 500."""
    assert archive.get("/v1/articles/1420919156774653060825743360").status_code == 422
    assert archive.get("/v1/articles/0").status_code == 422
    assert archive.get("/v1/articles/999999").status_code == 404
    assert archive.get("/v1/articles", params={"since": "2026-02-30"}).status_code == 422
    assert archive.get("/v1/articles", params={"since": "0"}).status_code == 422
    refused = archive.request("TRACE", "/v1/articles")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET"
    document = archive.get("/openapi.json").json()
    assert set(document["paths"]["/v1/articles/{article_id}"]["get"]["responses"]) == {
        "200",
        "404",
        "422",
        "504",
    }
    assert set(document["paths"]["/v1/stories/{story_id}"]["get"]["responses"]) == {
        "200",
        "404",
        "422",
        "504",
    }
    brief = document["components"]["schemas"]["BriefRequest"]
    assert [option["required"] for option in brief["oneOf"]] == [["text"], ["html"], ["url"]]
    assert archive.post("/v1/brief", json={}).status_code == 422
    assert (
        archive.post("/v1/brief", json={"text": "One. Two.", "url": "http://example.com/"}).status_code == 422
    )
    assert archive.post("/v1/brief", json={"text": "One. Two.", "id": True}).status_code == 422
