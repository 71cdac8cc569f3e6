"""Readers: turn a source (path, URL, stdin, JSON record, HTML, text) into an ``Article``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsbrief.article import Article
from newsbrief.errors import InputError
from newsbrief.readers.decode import DEFAULT_MAX_BYTES, decode_bytes, read_limited
from newsbrief.readers.html import looks_like_html, parse_html
from newsbrief.readers.record import parse_record
from newsbrief.readers.text import parse_text
from newsbrief.readers.url import DEFAULT_TIMEOUT, fetch

__all__ = [
    "DEFAULT_MAX_BYTES",
    "is_url",
    "parse_html",
    "parse_record",
    "parse_text",
    "read",
    "read_bytes",
]


def read(
    source: str,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Article:
    """Read an article from a path (.txt, .html, .json), an http(s) URL (fetched within ``timeout``
    seconds in all), or ``-`` for stdin."""
    if is_url(source):
        fetched = fetch(source, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
        kind = (
            "json" if "json" in fetched.content_type else "html" if "html" in fetched.content_type else "auto"
        )
        return read_bytes(fetched.body, kind=kind, url=fetched.url)
    if source == "-":
        return read_bytes(read_limited(sys.stdin.buffer, max_bytes))
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    suffix = path.suffix.lower()
    kind = "html" if suffix in (".html", ".htm", ".xhtml") else "json" if suffix == ".json" else "auto"
    with path.open("rb") as stream:
        return read_bytes(read_limited(stream, max_bytes), kind=kind)


def is_url(source: str) -> bool:
    """Whether ``source`` is an http(s) URL: its scheme in any case ("HTTP://" too), never a path."""
    return source[:8].lower().startswith(("http://", "https://"))


def read_bytes(data: bytes, kind: str = "auto", url: str | None = None) -> Article:
    """Read an article from raw bytes; ``kind`` is ``html``, ``json``, ``text`` or ``auto``."""
    text, warnings = decode_bytes(data)
    if not text.strip():
        raise InputError("input is empty: no article text found")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        return parse_html(text, url=url, warnings=warnings)
    if kind == "json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
        article = parse_record(record)
        return article if not warnings else _with_warnings(article, warnings)
    return parse_text(text, warnings=warnings)


def _with_warnings(article: Article, warnings: tuple[str, ...]) -> Article:
    from dataclasses import replace

    return replace(article, warnings=article.warnings + warnings)
