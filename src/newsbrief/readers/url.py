"""Fetch a URL safely: public addresses only, bounded size and time, redirects re-checked.

Each hop's host is resolved once, every address it resolves to must be public, and the connection
goes to that checked address (so a DNS answer cannot change between check and use).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsbrief.errors import AddressRefusedError, FetchError, InputError, MissingExtraError
from newsbrief.readers.decode import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from newsbrief.readers.deadline import Deadline

DEFAULT_TIMEOUT = 15.0
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_ACCEPTED_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json")
USER_AGENT = "newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched response body with the URL it finally came from.

    ``status`` is 304 (and ``body`` empty) when a conditional request found nothing new;
    ``etag`` and ``last_modified`` are the validators to send next time.
    """

    url: str
    body: bytes
    content_type: str
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


class HTTPStatusError(FetchError):
    """The server answered with an error status; ``transient`` for 429 and 5xx (worth a retry)."""

    def __init__(self, url: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"{url} answered HTTP {status}")
        self.status = status
        self.transient = status == 429 or status >= 500
        self.retry_after = retry_after


# IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64, SIIT, the deprecated
# IPv4-compatible form): a gateway may deliver them to that IPv4 address, so it is what counts.
_EMBEDDING = tuple(ipaddress.IPv6Network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # local-use NAT64: maps to anything


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses; False for private, loopback, link-local...,
    and for IPv6 forms (mapped, 6to4, Teredo, NAT64) of an IPv4 address that is not public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return embedded.is_global and not embedded.is_multicast
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address, where the tunnel delivers
    if any(ip in network for network in _EMBEDDING):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def resolve(host: str, port: int, allow_private: bool) -> str:
    """Resolve ``host`` and return an address to connect to, refusing non-public ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    if not allow_private:
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise AddressRefusedError(
                f"refusing {host!r}: it resolves to a non-public address ({refused[0]}); "
                "fetching from private networks must be allowed explicitly"
            )
    return addresses[0]


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    headers: dict[str, str] | None = None,
    accept: tuple[str, ...] = _ACCEPTED_TYPES,
) -> Fetched:
    """GET ``url`` within ``timeout`` seconds in all and ``max_bytes`` of body.

    ``headers`` are added to the request (``If-None-Match`` and ``If-Modified-Since`` make it
    conditional: a 304 answer comes back as ``status=304``); ``accept`` lists the content types
    taken (prefixes), every other one refused.
    """
    try:
        from newsbrief.readers.deadline import Deadline
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("fetching URLs", "html") from exc
    deadline = time.monotonic() + timeout
    with Deadline(deadline) as watchdog:
        for _ in range(MAX_REDIRECTS + 1):
            hop = _hop(url, allow_private, max_bytes, headers or {}, accept, watchdog)
            if isinstance(hop, Fetched):
                return hop
            url = hop
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _hop(
    url: str,
    allow_private: bool,
    max_bytes: int,
    headers: dict[str, str],
    accept: tuple[str, ...],
    watchdog: Deadline,
) -> Fetched | str:
    """One request: the response, or the URL a redirect points to."""
    import urllib3

    from newsbrief.readers.deadline import HTTPConnection, HTTPSConnection

    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        (parts.hostname or "").encode("idna")
    except (ValueError, UnicodeError) as exc:  # "http://[::1", "http://h:99999", lone surrogates
        raise InputError(f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url!r}")
    address = resolve(parts.hostname, port, allow_private)
    conn: HTTPConnection
    if parts.scheme == "https":
        conn = HTTPSConnection(
            address,
            port,
            timeout=watchdog.remaining(),
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            deadline=watchdog,
        )
    else:
        conn = HTTPConnection(address, port, timeout=watchdog.remaining(), deadline=watchdog)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    try:
        conn.request(
            "GET",
            target,
            preload_content=False,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
                **headers,
            },
        )
        response = conn.getresponse()
        if response.status in _REDIRECTS and response.headers.get("Location"):
            return urljoin(url, response.headers["Location"])
        validators = {
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
        }
        if response.status == 304:
            return Fetched(url=url, body=b"", content_type="", status=304, **validators)
        if response.status >= 400:
            raise HTTPStatusError(url, response.status, _retry_after(response.headers.get("Retry-After")))
        content_type = response.headers.get("Content-Type", "text/html")
        if not content_type.lower().startswith(accept):
            raise FetchError(f"{url} is {content_type.split(';')[0]}, not an article page")
        body = _read_body(response, max_bytes)
        if watchdog.expired:  # cut short: a body without a length just ends early
            raise _too_slow(url, watchdog)
        return Fetched(url=url, body=body, content_type=content_type, status=response.status, **validators)
    except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError) as exc:
        if watchdog.expired:
            raise _too_slow(url, watchdog) from exc
        raise FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()


def _too_slow(url: str, watchdog: Deadline) -> FetchError:
    return FetchError(f"{url} took longer than the time limit of {watchdog.seconds:g} s")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds (an HTTP date is ignored)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _read_body(response: object, max_bytes: int) -> bytes:
    import urllib3

    assert isinstance(response, urllib3.BaseHTTPResponse)
    chunks: list[bytes] = []
    size = 0
    # Decoded chunks: a compressed bomb is counted by what it unpacks to.
    for chunk in response.stream(65536):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response is larger than the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
