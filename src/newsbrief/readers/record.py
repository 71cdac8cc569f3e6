"""JSON record to Article: the batch input form (``text`` or ``html``, optional metadata)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsbrief.article import Article
from newsbrief.errors import InputError
from newsbrief.readers.html import parse_html
from newsbrief.readers.text import parse_text

_STRING_FIELDS = ("title", "text", "html", "url", "published", "byline")
_META = ("url", "published", "byline")


def parse_record(record: Any) -> Article:
    """Read one record ``{text|html, id?, title?, url?, published?, byline?}``.

    A record's ``text`` is all body (its headline, if any, is ``title``).
    """
    if not isinstance(record, dict):
        raise InputError(f"record must be a JSON object, not {type(record).__name__}")
    for key in _STRING_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"record field {key!r} must be a string, not {type(value).__name__}")
    text, html, title = record.get("text"), record.get("html"), record.get("title") or None
    if text and text.strip():
        article = parse_text(text, title=title, find_headline=False)
    elif html and html.strip():
        article = parse_html(html, url=record.get("url"))
        if title:
            article = replace(article, title=title)
    else:
        raise InputError("record has neither a non-empty 'text' nor an 'html' field")
    rid = record.get("id")
    meta = {k: record[k] for k in _META if record.get(k)}
    return replace(article, id=None if rid is None else str(rid), **meta)
