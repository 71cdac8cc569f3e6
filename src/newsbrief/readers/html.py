"""HTML to Article through trafilatura: main text, headline, date and byline, boilerplate dropped."""

from __future__ import annotations

from typing import Any

from newsbrief.article import Article
from newsbrief.errors import InputError, MissingExtraError
from newsbrief.readers.text import normalize_body

MIN_ARTICLE_WORDS = 8


def parse_html(html: str, url: str | None = None, warnings: tuple[str, ...] = ()) -> Article:
    """Extract the article from an HTML page; raises ``InputError`` when the page has none."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError("reading HTML", "html") from exc
    try:
        doc: Any = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    n_words = len(text.split()) if text else 0
    if n_words < MIN_ARTICLE_WORDS:
        # trafilatura falls back to any text it finds (a lone nav link); that is not an article.
        raise InputError(f"no article text found in the HTML page ({n_words} words of text)")
    title = (getattr(doc, "title", None) or "").strip() or None
    body = normalize_body(str(text))
    lines = body.split("\n")
    # trafilatura keeps the page's <h1> as the first line; it is the headline, not body.
    if title and lines and lines[0].strip() == title and len(lines) > 1:
        body = "\n".join(lines[1:])
    return Article(
        body=body,
        title=title,
        url=url or getattr(doc, "url", None),
        published=getattr(doc, "date", None),
        byline=getattr(doc, "author", None),
        warnings=warnings,
    )


def looks_like_html(text: str) -> bool:
    """True when text starts like an HTML document (used for sources without a telling suffix)."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
