"""Every place that fetches (the library's ``read``, the CLI, the API, the page, a feed, a feed's
item page) against hostile URLs and hostile servers on loopback (tests/hostile_server.py).

Three groups: addresses refused by default, however spelt, with the server seeing no request;
redirects, feed links and DNS answers that lead from a public site into private space (the test
site on 127.0.0.1 plays the public one; 127.0.0.2 is the private target); responses that trickle,
never end, unpack to 200 MB or claim 10 GB, cut by the time and size limits."""

from __future__ import annotations

import contextlib
import io
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the server extra (FastAPI) is not installed")
pytest.importorskip("feedparser", reason="the feeds extra (feedparser) is not installed")
pytest.importorskip("sqlalchemy", reason="the store extra (SQLAlchemy) is not installed")

from fastapi.testclient import TestClient

from hostile_server import Hostile, serve
from newsbrief import FetchError, read
from newsbrief.brief import build_brief
from newsbrief.cli import main
from newsbrief.errors import NewsbriefError
from newsbrief.feeds import Watcher, WatchOptions
from newsbrief.readers import url as url_mod
from newsbrief.server import ServerSettings, create_app
from newsbrief.store import Store

TIMEOUT = 1.0
Surface = Callable[[str, bool], str]  # (url, allow_private) -> why it was not fetched


@pytest.fixture(scope="module")
def site() -> Iterator[Hostile]:
    with serve("127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def private() -> Iterator[Hostile]:
    with serve("127.0.0.2") as running:
        yield running


@pytest.fixture(scope="module")
def apps() -> Iterator[dict[bool, TestClient]]:
    """One app refusing private addresses, one allowing them; each lives for the module."""
    with (
        TestClient(create_app(ServerSettings(timeout_s=TIMEOUT))) as closed,
        TestClient(create_app(ServerSettings(timeout_s=TIMEOUT, allow_private=True))) as open_,
    ):
        yield {False: closed, True: open_}


@pytest.fixture
def surfaces(apps: dict[bool, TestClient], tmp_path: Path) -> dict[str, Surface]:
    def library(url: str, allow_private: bool) -> str:
        try:
            read(url, allow_private=allow_private, timeout=TIMEOUT)
        except NewsbriefError as exc:
            return str(exc)
        raise AssertionError(f"read fetched {url}")

    def cli(url: str, allow_private: bool) -> str:
        err = io.StringIO()
        flags = ["--allow-private"] if allow_private else []
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["brief", url, "--timeout", str(TIMEOUT), "--layers", "keypoints", *flags])
        assert code == 1, f"the CLI fetched {url}"
        return err.getvalue()

    def api(url: str, allow_private: bool) -> str:
        response = apps[allow_private].post("/v1/brief", json={"url": url, "layers": ["keypoints"]})
        assert response.status_code in (403, 422, 502, 504), (response.status_code, response.text)
        error = response.json()["error"]
        assert error["code"] in ("url_forbidden", "invalid_request", "fetch_failed", "timeout")
        return str(error["message"])

    def page(url: str, allow_private: bool) -> str:
        response = apps[allow_private].post("/", data={"url": url})
        assert response.status_code in (403, 422, 502, 504), (response.status_code, response.text[:300])
        assert 'role="alert"' in response.text or "error" in response.text.lower()
        return response.text

    def feed(url: str, allow_private: bool) -> str:
        options = WatchOptions(allow_private=allow_private, delay=0, retries=0, timeout=TIMEOUT)
        with Store(f"sqlite:///{tmp_path / 'feed.db'}") as store:
            summary = Watcher(store, options, quick).run_pass([url])
        report = summary.reports[0]
        assert report.status == "failed", f"the feed {url} was read"
        return report.error or ""

    return {"library": library, "cli": cli, "api": api, "page": page, "feed": feed}


def quick(article):  # type: ignore[no-untyped-def]
    return build_brief(article, layers=["keypoints"])


SURFACES = ["library", "cli", "api", "page", "feed"]

# --- addresses refused by default, however spelt ------------------------------------------

LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "localhost",
    "localhost.",
    "127.0.0.1.",
    "127.1",
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "017700000001",
    "127.000.000.001",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "example.com@127.0.0.1",
    "user:pass@127.0.0.1",
]
NO_SERVER = [
    "http://10.0.0.8/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://240.0.0.1/",
    "http://224.0.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 form of the cloud metadata address
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 form of it
    "http://[::ffff:0:a9fe:a9fe]/",  # SIIT form of it
]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_loopback_is_refused_everywhere(
    surfaces: dict[str, Surface], site: Hostile, surface: str, host: str
) -> None:
    port = site.base.rsplit(":", 1)[1]
    before = len(site.seen)
    why = surfaces[surface](f"http://{host}:{port}/feed.xml?type=application/rss%2Bxml", False)
    assert "non-public" in why or "cannot resolve" in why  # a trailing dot may not resolve at all
    assert len(site.seen) == before


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("url", NO_SERVER)
def test_private_link_local_and_reserved_addresses_are_refused_everywhere(
    surfaces: dict[str, Surface], surface: str, url: str
) -> None:
    assert "non-public" in surfaces[surface](url, False)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/", "javascript:alert(1)"]
)
def test_only_http_is_fetched_anywhere(surfaces: dict[str, Surface], surface: str, url: str) -> None:
    why = surfaces[surface](url, False)
    assert "http" in why or "no such file" in why  # the CLI and read() take local paths, not schemes


# --- from a public site into private space ------------------------------------------------


@pytest.fixture
def site_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 plays a public address; every other address keeps its real standing."""
    real = url_mod.is_public_address
    monkeypatch.setattr(url_mod, "is_public_address", lambda a: a == "127.0.0.1" or real(a))


def private_spellings(private: Hostile) -> list[str]:
    port = private.base.rsplit(":", 1)[1]
    return [
        f"http://{host}:{port}/article?type=application/rss%2Bxml"
        for host in ("127.0.0.2", "127.2", "2130706434", "0x7f000002", "[::ffff:127.0.0.2]", "u@127.0.0.2")
    ]


@pytest.mark.usefixtures("site_is_public")
@pytest.mark.parametrize("surface", SURFACES)
def test_redirects_into_private_space_are_refused_everywhere(
    surfaces: dict[str, Surface], site: Hostile, private: Hostile, surface: str
) -> None:
    targets = [*private_spellings(private), "http://169.254.169.254/", "file:///etc/passwd"]
    for target in targets:
        hop = f"{site.base}/redirect?to={quote(target, safe='')}"
        twice = f"{site.base}/redirect?to={quote(hop, safe='')}"
        for url in (hop, twice):
            why = surfaces[surface](url, False)
            assert "non-public" in why or "not an http" in why, (url, why)
    assert private.seen == []


@pytest.mark.usefixtures("site_is_public")
def test_a_feed_linking_into_private_space_stores_the_feed_text_and_fetches_nothing(
    site: Hostile, private: Hostile, tmp_path: Path
) -> None:
    feeds = [f"{site.base}/feed.xml?link={quote(u, safe='')}" for u in private_spellings(private)]
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = Watcher(store, WatchOptions(delay=0, retries=0, timeout=TIMEOUT), quick).run_pass(feeds)
        assert [r.status for r in summary.reports] == ["ok"] * len(feeds)
        assert summary.new == 1 and summary.duplicates == len(feeds) - 1  # one item, six links to it
        stored = list(store.articles())
    assert private.seen == []
    assert stored and all("non-public" in " ".join(a["stats"]["warnings"]) for a in stored)


@pytest.mark.usefixtures("site_is_public")
@pytest.mark.parametrize("surface", SURFACES)
def test_a_dns_answer_that_turns_private_after_the_check_is_never_used(
    surfaces: dict[str, Surface],
    site: Hostile,
    private: Hostile,
    surface: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name answers the public address first and the private one after. The
    fetch connects to the address it checked, so the private server never sees a request."""
    answers = iter(["127.0.0.1"] + ["127.0.0.2"] * 50)
    real = socket.getaddrinfo

    def rebinding(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(url_mod.socket, "getaddrinfo", rebinding)
    port = private.base.rsplit(":", 1)[1]
    why = surfaces[surface](f"http://news.example:{port}/feed.xml?type=application/rss%2Bxml", False)
    # The checked (public) address has nothing on that port; a second lookup (a feed's robots.txt
    # took the first answer) is checked again and refused.
    assert "cannot fetch" in why or "non-public" in why, why
    assert private.seen == []


# --- responses cut by time and size -------------------------------------------------------

CUT = {
    "trickle-body": "time limit",
    "trickle-headers": "time limit",
    "silent": "",  # a read timing out or the time limit, whichever words the surface uses
    "endless": "larger than the limit",
    "bomb": "larger than the limit",
    "oversize": "larger than the limit",
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("route", sorted(CUT))
def test_slow_endless_bomb_and_oversize_responses_are_cut_everywhere(
    surfaces: dict[str, Surface], site: Hostile, surface: str, route: str
) -> None:
    kind = "application/rss%2Bxml" if surface == "feed" else "text/html"
    why = surfaces[surface](f"{site.base}/{route}?type={kind}", True)
    words = CUT[route] if surface not in ("api", "page") or CUT[route] != "time limit" else "longer than"
    assert words.lower() in why.lower(), why


@pytest.mark.parametrize("route", sorted(CUT))
def test_a_feed_item_whose_page_is_hostile_is_briefed_from_the_feed(
    site: Hostile, tmp_path: Path, route: str
) -> None:
    options = WatchOptions(allow_private=True, delay=0, retries=0, timeout=TIMEOUT)
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = Watcher(store, options, quick).run_pass(
            [f"{site.base}/feed.xml?link={quote(f'{site.base}/{route}', safe='')}"]
        )
        assert summary.new == 1
        (article,) = list(store.articles())
    assert CUT[route] in " ".join(article["stats"]["warnings"])


def test_the_library_error_is_a_fetch_error(site: Hostile) -> None:
    with pytest.raises(FetchError, match="time limit"):
        read(f"{site.base}/trickle-body", allow_private=True, timeout=TIMEOUT)


@pytest.mark.parametrize("surface", ["library", "cli", "api", "page"])
@pytest.mark.parametrize("scheme", ["HTTP", "Http", "hTtPs"])
def test_a_url_in_capitals_is_a_url_never_a_path(
    surfaces: dict[str, Surface], site: Hostile, surface: str, scheme: str
) -> None:
    """Found by schemathesis: "HTTP://..." passed the API's scheme check, then was read as a path."""
    port = site.base.rsplit(":", 1)[1]
    assert "non-public" in surfaces[surface](f"{scheme}://127.0.0.1:{port}/feed.xml", False)
