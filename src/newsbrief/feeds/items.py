"""A feed's items: RSS, Atom or JSON Feed, read by feedparser, as (link, title, date, content)."""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsbrief.errors import InputError, MissingExtraError


class FeedError(InputError):
    """The bytes are not a feed newsbrief can read."""


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a feed: its link, and what the feed itself says of it."""

    url: str
    title: str | None
    published: str | None  # ISO 8601
    content: str | None  # HTML or text the feed carries (full content, else the summary)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    items: tuple[Item, ...]
    warning: str | None = None  # what feedparser read through: a wrong declared encoding, a content type


def parse_feed(data: bytes, content_type: str = "") -> ParsedFeed:
    """The title and items of a feed; a document that is no feed at all is a FeedError."""
    if "json" in content_type or data.lstrip()[:1] == b"{":
        return _json_feed(data)
    try:
        import feedparser
    except ImportError as exc:
        raise MissingExtraError("watching feeds", "feeds") from exc
    try:
        # The server's content type (and its charset) is what feedparser weighs against the
        # document's own declaration.
        headers = {"content-type": content_type} if content_type else None
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as exc:  # feedparser's loose parser has its own bugs on broken markup
        raise FeedError(
            f"not a feed newsbrief can read (the feed parser failed: {type(exc).__name__})"
        ) from exc
    items = []
    for entry in parsed.get("entries") or ():
        link = entry.get("link")
        # feedparser gives what the markup held: a malformed feed can make ``link`` a dict.
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        items.append(Item(link, _text(entry.get("title")), _date(entry), _content(entry)))
    # Feeds are often a little malformed and feedparser reads through that; a malformed one
    # that yields no item with a link is no feed at all, unless all that is wrong is its declared
    # encoding or its content type (feedparser decoded it another way): that is a warning.
    reason = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = isinstance(reason, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType)
    if not items and (
        (reason is not None and not benign) or not (parsed.get("feed") or parsed.get("version"))
    ):
        raise FeedError(f"not a feed newsbrief can read ({type(reason).__name__ if reason else 'no items'})")
    warning = f"{type(reason).__name__}: {reason}" if reason is not None else None
    return ParsedFeed(_text(parsed.get("feed", {}).get("title")), tuple(items), warning)


def _json_feed(data: bytes) -> ParsedFeed:
    """JSON Feed 1.x (https://jsonfeed.org), which feedparser does not read."""
    try:
        document = json.loads(data.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise FeedError(f"not a feed newsbrief can read (invalid JSON at column {exc.colno})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("not a feed newsbrief can read (a JSON document with no items)")
    items = []
    for entry in document["items"]:
        if not isinstance(entry, dict):
            continue
        link = entry.get("url") or entry.get("external_url") or ""
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            content = entry.get("content_html") or entry.get("content_text") or entry.get("summary")
            items.append(
                Item(link, _text(entry.get("title")), _text(entry.get("date_published")), _text(content))
            )
    return ParsedFeed(_text(document.get("title")), tuple(items))


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    return None


def _content(entry: Any) -> str | None:
    for block in entry.get("content") or ():
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    return _text(entry.get("summary"))
