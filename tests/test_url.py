from __future__ import annotations

import socket
import tracemalloc
from collections.abc import Iterator

import pytest

from hostile_server import Hostile, serve
from newsbrief import FetchError, read
from newsbrief.readers import url as url_mod


@pytest.fixture(scope="module")
def site() -> Iterator[Hostile]:
    with serve() as running:
        yield running


@pytest.fixture(scope="module")
def server(site: Hostile) -> str:
    return site.base


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.8", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        # IPv6 forms of private IPv4 addresses (NAT64, 6to4, SIIT, IPv4-compatible, local NAT64)
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::a00:1", False),
        ("2002:7f00:1::", False),
        ("2002:c0a8:101::1", False),
        ("::ffff:0:7f00:1", False),
        ("::7f00:1", False),
        ("64:ff9b:1::5db8:d822", False),
        # ... and of a public one, which stay public
        ("64:ff9b::5db8:d822", True),
        ("2002:5db8:d822::1", True),
    ],
)
def test_public_address_policy(address: str, public: bool) -> None:
    assert url_mod.is_public_address(address) is public


def test_loopback_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        read(server + "/article")


@pytest.mark.parametrize(
    "spelling",
    ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "017700000001", "127.000.000.001"],
)
def test_every_spelling_of_loopback_is_refused(server: str, spelling: str) -> None:
    port = server.rsplit(":", 1)[1]
    url = f"http://{spelling}:{port}/article"
    with pytest.raises(FetchError, match="non-public address"):
        read(url)
    # The spelling really is loopback: allowed, it reaches the test server.
    assert read(url, allow_private=True).title == "Harbour vote"


def test_a_dns_answer_that_changes_after_the_check_is_not_followed(
    site: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers a public address when checked, loopback afterwards. The
    fetch connects to the address it checked, so the second answer is never asked for or used."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    asked: list[str] = []

    def rebinding(host: str, port_: int, *_: object, **__: object) -> list[tuple[object, ...]]:
        if host[0].isdigit():  # the checked address itself, as urllib3 connects to it
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port_))]
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port_))]

    monkeypatch.setattr(url_mod.socket, "getaddrinfo", rebinding)
    before = len(site.seen)
    with pytest.raises(FetchError):
        url_mod.fetch(f"http://rebind.example:{port}/article", timeout=2)
    assert asked == ["rebind.example"] and len(site.seen) == before


@pytest.mark.parametrize("userinfo", ["example.com@", "user:secret@", "example.com:80@"])
def test_userinfo_does_not_hide_the_host(server: str, userinfo: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        read(server.replace("http://", f"http://{userinfo}") + "/article")


def test_hostname_resolving_to_private_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", port))]

    monkeypatch.setattr(url_mod.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchError, match=r"192\.168\.0\.10"):
        url_mod.fetch("https://intranet.example.com/")


def test_allowed_private_fetch_reads_article(server: str) -> None:
    article = read(server + "/article", allow_private=True)
    assert article.title == "Harbour vote"
    assert article.body.startswith("The council of Port Calder approved")
    assert article.url == server + "/article"


def test_endless_response_is_cut_at_size_limit(server: str) -> None:
    with pytest.raises(FetchError, match="larger than the limit"):
        url_mod.fetch(server + "/endless", allow_private=True, max_bytes=200_000)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_bomb_is_cut_at_the_size_limit_of_its_decoded_body(server: str, encoding: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than the limit"):
            url_mod.fetch(f"{server}/bomb?encoding={encoding}", allow_private=True, max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # what was held stayed near the limit, not the 200 MB it unpacks to


def test_non_article_content_type_refused(server: str) -> None:
    with pytest.raises(FetchError, match="image/png"):
        url_mod.fetch(server + "/article?type=image/png", allow_private=True)


def test_http_error_status(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        url_mod.fetch(server + "/nothing", allow_private=True)


def test_redirect_loop_is_bounded(server: str) -> None:
    with pytest.raises(FetchError, match="redirects"):
        url_mod.fetch(server + "/loop", allow_private=True)


def test_redirect_to_private_is_rechecked(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Treat the test server's loopback address as public so only the redirect target is private.
    real = url_mod.is_public_address
    monkeypatch.setattr(url_mod, "is_public_address", lambda a: a == "127.0.0.1" or real(a))
    with pytest.raises(FetchError, match=r"10\.1\.2\.3"):
        url_mod.fetch(server + "/redirect?to=http://10.1.2.3/secret")


@pytest.mark.parametrize("bad", ["ftp://example.com/x", "http:///nohost", "file:///etc/passwd"])
def test_non_http_urls_refused(bad: str) -> None:
    with pytest.raises(FetchError, match="not an http"):
        url_mod.fetch(bad)


def test_timeout_on_silent_server() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection but never answers
    try:
        with pytest.raises(FetchError):
            url_mod.fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", allow_private=True, timeout=0.5)
    finally:
        listener.close()
