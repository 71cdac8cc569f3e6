"""Fetch a URL safely: public addresses only, bounded size and time, redirects re-checked.

Each hop's host is resolved once, every address it resolves to must be public, and the connection
goes to that checked address (so a DNS answer cannot change between check and use).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsbrief.errors import AddressRefusedError, FetchError, MissingExtraError
from newsbrief.readers.decode import DEFAULT_MAX_BYTES

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
        import urllib3
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("fetching URLs", "html") from exc
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(parts.hostname, port, allow_private)
        remaining = max(0.1, deadline - time.monotonic())
        pool: urllib3.HTTPConnectionPool
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
                timeout=urllib3.Timeout(total=remaining),
                retries=False,
            )
        else:
            pool = urllib3.HTTPConnectionPool(
                address, port, timeout=urllib3.Timeout(total=remaining), retries=False
            )
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
        try:
            response = pool.urlopen(
                "GET",
                target,
                redirect=False,
                preload_content=False,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,*/*;q=0.5",
                    **(headers or {}),
                },
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from exc
        try:
            if response.status in _REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
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
            body = _read_body(response, max_bytes, deadline)
            return Fetched(
                url=url, body=body, content_type=content_type, status=response.status, **validators
            )
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds (an HTTP date is ignored)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _read_body(response: object, max_bytes: int, deadline: float) -> bytes:
    import urllib3

    assert isinstance(response, urllib3.BaseHTTPResponse)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(65536):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response is larger than the limit of {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError("response took longer than the time limit")
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"connection failed while reading: {type(exc).__name__}") from exc
    return b"".join(chunks)
