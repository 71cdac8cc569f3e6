"""The HTTP API and the page through FastAPI's test client: every limit and bad input."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra (FastAPI) is not installed")
jsonschema = pytest.importorskip("jsonschema")

from fastapi.testclient import TestClient  # noqa: E402

import newsbrief.server.app as server_app  # noqa: E402
from newsbrief.server import ServerSettings, create_app  # noqa: E402

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src/newsbrief/schema/brief.schema.json").read_text("utf-8")
)
XSS_TITLE = "Council <script>window.__xss = 1</script> vote"
XSS_BODY = (
    'The council voted <img src=x onerror="window.__xss = 1"> to rebuild the old harbour bridge by 2027. '
    "The work will cost 40 million pounds, officials said on Tuesday night. "
    "Engineers say the old bridge can carry buses for only two more winters. "
    "Residents asked for a footpath on both sides of the new crossing."
)


def client(**limits: Any) -> TestClient:
    return TestClient(create_app(ServerSettings(**limits)))


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    with client() as c:
        yield c


def error_code(response: Any) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in body["error"]["message"]
    return str(body["error"]["code"])


def test_brief_text_follows_the_cli_schema(api: TestClient, sample_text: str) -> None:
    response = api.post("/v1/brief", json={"text": sample_text, "id": 7})
    assert response.status_code == 200
    brief = response.json()
    jsonschema.validate(brief, SCHEMA)
    assert brief["id"] == 7 and brief["title"] and len(brief["key_points"]) == 3
    for kp in brief["key_points"]:
        assert brief["body"][kp["start"] : kp["end"]].startswith(kp["text"])


def test_brief_with_title_points_and_layers(api: TestClient) -> None:
    body = {"text": XSS_BODY, "title": "Bridge vote", "points": 2, "layers": ["keypoints"]}
    brief = api.post("/v1/brief", json=body).json()
    assert brief["title"] == "Bridge vote" and len(brief["key_points"]) == 2
    assert brief["stats"]["layers"] == ["keypoints"] and brief["entities"] == []


def test_brief_html(api: TestClient) -> None:
    page = (
        "<html><head><title>Bridge vote</title></head><body><nav>Home</nav>"
        f"<article><h1>Bridge vote</h1><p>{XSS_BODY}</p></article></body></html>"
    )
    response = api.post("/v1/brief", json={"html": page})
    assert response.status_code == 200, response.text
    assert "40 million pounds" in response.json()["body"]


@pytest.fixture
def article_site() -> Iterator[str]:
    """A local web server with one article page, for the URL path with private addresses allowed."""
    page = f"<html><body><article><h1>Bridge vote</h1><p>{XSS_BODY}</p></article></body></html>".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story"
    server.shutdown()


def test_url_on_a_private_address_is_refused_unless_allowed(api: TestClient, article_site: str) -> None:
    refused = api.post("/v1/brief", json={"url": article_site})
    assert refused.status_code == 403 and error_code(refused) == "url_forbidden"
    with client(allow_private=True) as open_api:
        response = open_api.post("/v1/brief", json={"url": article_site})
    assert response.status_code == 200, response.text
    assert response.json()["url"] == article_site


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data/", "http://[::1]:8000/", "http://10.0.0.8/x"]
)
def test_link_local_loopback_and_private_urls_are_refused(api: TestClient, url: str) -> None:
    response = api.post("/v1/brief", json={"url": url})
    assert response.status_code == 403 and error_code(response) == "url_forbidden"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "ftp://example.com/x", "src/newsbrief"])
def test_only_http_urls_are_fetched(api: TestClient, url: str) -> None:
    response = api.post("/v1/brief", json={"url": url})
    assert response.status_code == 422 and error_code(response) == "invalid_request"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 422, "invalid_request"),
        ({"text": "a", "url": "http://example.com/"}, 422, "invalid_request"),
        ({"text": "Some text.", "points": 0}, 422, "invalid_request"),
        ({"text": "Some text.", "points": 11}, 422, "invalid_request"),
        ({"text": "Some text.", "layers": ["stories"]}, 422, "invalid_request"),
        ({"text": "Some text.", "colour": "red"}, 422, "invalid_request"),
        ({"text": 12}, 422, "invalid_request"),
        ({"text": "   \n "}, 400, "invalid_input"),
        ({"text": "\x00\x01\x02\x03binary\x00\x00\x00\x00\x05\x06" * 20}, 400, "invalid_input"),
        ({"html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}, 400, "invalid_input"),
        ({"text": "x " * 100_001}, 413, "text_too_long"),
    ],
)
def test_bad_requests_get_a_stable_code(
    api: TestClient, payload: dict[str, Any], status: int, code: str
) -> None:
    response = api.post("/v1/brief", json=payload)
    assert response.status_code == status, response.text
    assert error_code(response) == code


def test_malformed_json_and_wrong_content(api: TestClient) -> None:
    response = api.post("/v1/brief", content=b'{"text": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_code(response) == "invalid_json"
    response = api.post(
        "/v1/brief", content=b"\xff\xfe\x00garbage", headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422) and error_code(response) in ("invalid_json", "invalid_request")


def test_body_over_the_limit_is_refused_declared_or_streamed() -> None:
    with client(max_body_bytes=1000) as small:
        declared = small.post("/v1/brief", json={"text": "word " * 400})
        assert declared.status_code == 413 and error_code(declared) == "body_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while streaming
            yield b'{"text": "'
            for _ in range(50):
                yield b"word " * 10
            yield b'"}'

        streamed = small.post("/v1/brief", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413 and error_code(streamed) == "body_too_large"
        assert (
            small.post("/v1/brief", json={"text": "A short story. It has two sentences."}).status_code == 200
        )


def test_batch_briefs_each_record_and_keeps_going(api: TestClient, sample_text: str) -> None:
    records = [
        {"id": "a", "text": sample_text},
        {"id": 2, "text": "  "},
        {"id": None, "html": f"<html><body><article><p>{XSS_BODY}</p></article></body></html>"},
    ]
    response = api.post("/v1/batch", json={"records": records, "layers": ["keypoints"]})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", 2, None]
    jsonschema.validate(results[0], SCHEMA)
    assert results[1]["error"]["code"] == "invalid_input"
    assert len(results[2]["key_points"]) == 3


def test_batch_limits(api: TestClient) -> None:
    with client(max_batch=2) as small:
        response = small.post("/v1/batch", json={"records": [{"text": "One. Two."}] * 3})
        assert response.status_code == 413 and error_code(response) == "batch_too_large"
    assert error_code(api.post("/v1/batch", json={"records": []})) == "invalid_request"
    # URLs are fetched one a request, on /v1/brief.
    response = api.post("/v1/batch", json={"records": [{"url": "http://example.com/"}]})
    assert response.status_code == 422 and error_code(response) == "invalid_request"


def test_a_slow_brief_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    real = server_app.build_brief

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(server_app, "build_brief", slow)
    with client(timeout_s=0.3) as hurried:
        started = time.monotonic()
        # Key points only: the abandoned thread finishes its work later, and must not be inside
        # spaCy when the test process exits.
        response = hurried.post("/v1/brief", json={"text": XSS_BODY, "layers": ["keypoints"]})
        waited = time.monotonic() - started
    assert response.status_code == 504 and error_code(response) == "timeout"
    assert waited < 1.4  # answered at the limit, not when the work finished


def test_a_bug_is_an_internal_error_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(server_app, "build_brief", broken)
    with TestClient(create_app(ServerSettings()), raise_server_exceptions=False) as c:
        response = c.post("/v1/brief", json={"text": XSS_BODY})
    assert response.status_code == 500 and error_code(response) == "internal_error"
    assert "secret" not in response.text


def test_layers_the_server_lacks_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_app.Pipeline, "load", lambda self: None)  # as without the nlp extra
    with client() as bare:
        assert bare.get("/healthz").json()["layers"] == ["keypoints", "keywords"]
        response = bare.post("/v1/brief", json={"text": XSS_BODY, "layers": ["entities"]})
        assert response.status_code == 501 and error_code(response) == "not_installed"
        assert bare.post("/v1/brief", json={"text": XSS_BODY}).json()["stats"]["layers"] == [
            "keypoints",
            "keywords",
        ]


def test_models_load_once_per_app_not_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = server_app.load_model
    monkeypatch.setattr(server_app, "load_model", lambda path: calls.append(path) or real(path))
    with client() as c:
        for _ in range(3):
            assert c.post("/v1/brief", json={"text": XSS_BODY, "layers": ["keypoints"]}).status_code == 200
    assert calls == [None]


def test_health_docs_and_unknown_routes(api: TestClient) -> None:
    health = api.get("/healthz").json()
    assert health["status"] == "ok" and "keypoints" in health["layers"]
    docs = api.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    # Served from the package: the docs page loads nothing from another host (no CDN).
    assert "https://" not in docs.text and "http://" not in docs.text
    assert api.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    spec = api.get("/openapi.json").json()
    assert {"/v1/brief", "/v1/batch", "/healthz"} <= set(spec["paths"])
    assert error_code(api.get("/v2/nothing")) == "not_found"
    assert (
        api.get("/v1/brief").status_code == 405 and error_code(api.get("/v1/brief")) == "method_not_allowed"
    )


def test_page_form_is_labelled_and_safe(api: TestClient) -> None:
    page = api.get("/")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert '<label for="text">' in page.text and '<label for="url">' in page.text
    assert api.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert api.get("/static/../app.py").status_code == 404


def test_page_renders_an_article_inert(api: TestClient) -> None:
    response = api.post("/", data={"text": f"{XSS_TITLE}\n{XSS_BODY}"})
    assert response.status_code == 200
    page = response.text
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    assert page.count('<mark id="kp') == 3


def test_page_error_keeps_what_was_typed(api: TestClient) -> None:
    response = api.post("/", data={"text": "Some words <b>kept</b>", "url": "http://example.com/a"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "not both" in response.text
    assert (
        "Some words &lt;b&gt;kept&lt;/b&gt;" in response.text
        and 'value="http://example.com/a"' in response.text
    )


def test_the_text_limit_applies_to_an_extracted_page_too() -> None:
    # Distinct paragraphs: the extractor drops repeated ones.
    paragraphs = "".join(
        f"<p>Meeting {i}: the council met again to vote on bridge plan number {i * 7}, "
        f"and {i + 3} members asked for a delay of {i * 2} weeks before the final vote.</p>"
        for i in range(120)
    )
    page = f"<html><body><article><h1>Bridge</h1>{paragraphs}</article></body></html>"
    with client(max_text_chars=5_000) as small:
        response = small.post("/v1/brief", json={"html": page})
    assert response.status_code == 413 and error_code(response) == "text_too_long"


def test_page_form_with_stray_fields_is_a_clear_error(api: TestClient) -> None:
    stray = "&".join(f"f{i}=x" for i in range(20))
    response = api.post("/", content=stray, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400 and 'role="alert"' in response.text


def test_settings_survive_the_trip_to_worker_processes() -> None:
    settings = ServerSettings(max_batch=3, timeout_s=2.5, allow_private=True, spacy_model="x")
    assert ServerSettings.from_env(settings.to_env()) == settings


def test_newsbrief_serve_with_two_workers(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    from served import newsbrief_serve

    with newsbrief_serve("--workers", "2", "--max-batch", "1") as served:
        batch = json.dumps({"records": [{"text": "One. Two."}, {"text": "Three. Four."}]}).encode()
        request = urllib.request.Request(
            served.base + "/v1/batch", data=batch, headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        # The command line's limit reached the worker processes.
        assert refused.value.code == 413 and json.load(refused.value)["error"]["code"] == "batch_too_large"
    stderr = served.stderr
    assert b"Started server process" in stderr and stderr.count(b"Application startup complete") == 2


def test_the_api_and_page_carry_events(api: TestClient) -> None:
    pytest.importorskip("spacy")
    if "events" not in api.get("/healthz").json()["layers"]:
        pytest.skip("the nlp extra is not installed on this server")
    text = "Border row\nFrance criticised Germany on Tuesday over the border dispute."
    response = api.post("/v1/brief", json={"text": text, "layers": ["events"]})
    assert response.status_code == 200, response.text
    data = response.json()
    jsonschema.validate(data, SCHEMA)
    (event,) = data["events"]
    assert (event["source"], event["target"], event["code"]) == ("FRA", "DEU", "111")
    assert data["body"][event["start"] : event["end"]] == event["text"]
    page = api.post("/", data={"text": text}).text
    assert "Who did what" in page and 'href="#kp1"' in page
