"""What makes two stored articles the same: a canonical URL and a hash of the text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track the reader, not the article ("?utm_source=rss").
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ito|ns_\w+|at_\w+)$"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL with what varies between links to one page removed: scheme and host lower-cased,
    default port, fragment and tracking parameters dropped, the other parameters sorted.

    >>> canonical_url("HTTPS://News.Example.com:443/a/b?utm_source=rss&id=2#top")
    'https://news.example.com/a/b?id=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port
    netloc = host + (f":{port}" if port and port != _DEFAULT_PORTS.get(scheme) else "")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k.lower())
        )
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def content_hash(title: str | None, body: str) -> str:
    """A hash of the article's words: the same story under two URLs hashes the same, whatever
    its spacing, case or Unicode form."""
    text = unicodedata.normalize("NFKC", f"{title or ''}\n{body}").casefold()
    words = " ".join(re.findall(r"\w+", text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()
