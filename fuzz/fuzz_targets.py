"""Every fuzz target and the properties it checks, shared by the suite and ``make fuzz``.

A target takes raw bytes (atheris's input; hypothesis passes bytes and made-up news text) and
feeds them to one part of newsbrief. What it checks, for every input:

- only newsbrief's own errors escape (``NewsbriefError``); anything else is a crash;
- every span a layer reports points into the body: ``body[start:end]`` is its text;
- the JSON render matches the published schema, and every other render works;
- the HTML renders are inert: only the renderer's own tags and attributes, no event handler,
  no link other than an in-page anchor, a site path or http(s).

``TARGETS`` maps each name to its function and its share of a ``make fuzz`` run.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from newsbrief.brief import Brief, build_brief
from newsbrief.errors import NewsbriefError
from newsbrief.readers import read_bytes
from newsbrief.render import FORMATS, SHOWABLE, render

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "src" / "newsbrief" / "schema" / "brief.schema.json"

# The tags and attributes newsbrief's own HTML is made of; anything else came from the input.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "article", "section", "header", "h1", "h2",
    "h3", "h4", "p", "ul", "ol", "li", "a", "b", "q", "mark", "small", "span", "time", "figure",
    "figcaption", "svg", "rect", "circle", "text", "div", "cite",
}  # fmt: skip
ATTRIBUTES = {
    "aria-label", "aria-labelledby", "charset", "class", "content", "href", "id", "lang", "name",
    "tabindex", "title", "cx", "cy", "fill", "font-size", "height", "r", "role", "text-anchor",
    "width", "x", "y", "viewbox",
}  # fmt: skip
# The server's page adds its form and shell.
PAGE_TAGS = TAGS | {"main", "footer", "div", "strong", "form", "label", "input", "textarea", "button", "link"}
PAGE_ATTRIBUTES = ATTRIBUTES | {
    "action", "aria-hidden", "aria-live", "autocomplete", "for", "hidden", "inputmode", "method",
    "placeholder", "readonly", "rel", "rows", "spellcheck", "type", "value",
}  # fmt: skip


class Unsafe(AssertionError):
    """A render let something from the input through as markup."""


class _Markup(HTMLParser):
    def __init__(self, tags: set[str], attributes: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = tags, attributes
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.tags:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in self.attributes:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and not (value or "").startswith(("#", "/", "http://", "https://")):
                self.problems.append(f"link {value!r}")


def check_inert(page: str, tags: set[str] = TAGS, attributes: set[str] = ATTRIBUTES) -> None:
    """Raise :class:`Unsafe` when ``page`` holds a tag, attribute or link newsbrief does not make."""
    parser = _Markup(tags, attributes)
    parser.feed(page)
    parser.close()
    if parser.problems:
        raise Unsafe("; ".join(parser.problems[:5]))


def check_spans(brief: Brief) -> None:
    """Every offset a layer gives points at its text in the body, and no text is empty or only
    whitespace (a span that says nothing is no key point, mention, quote, event or keyword)."""
    body = brief.body
    for kp in brief.key_points:
        assert body[kp.start : kp.end].startswith(kp.text), kp
        assert kp.end - kp.start - len(kp.text) in (0, 1), kp  # the final full stop, dropped
        assert kp.text.strip(), kp
    for entity in brief.entities:
        assert entity.name.strip(), entity
        for mention in entity.mentions:
            assert body[mention.start : mention.end] == mention.text, mention
            assert mention.text.strip(), mention
    for quote in brief.quotes:
        assert body[quote.start : quote.end] == quote.text, quote
        assert quote.text.strip(), quote
        assert quote.speaker is None or quote.speaker.strip(), quote
    for event in brief.events:
        assert body[event.start : event.end] == event.text, event
        assert event.text.strip(), event
    for keyword in brief.keywords:
        assert keyword.text.strip(), keyword
        if keyword.start is not None:
            assert body[keyword.start : keyword.end] == keyword.text, keyword


@functools.cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")))


def check_renders(brief: Brief) -> None:
    """Every format renders; the JSON one is valid against the schema, the HTML one inert."""
    for fmt in FORMATS:
        out = render(brief, fmt, SHOWABLE if fmt == "text" else ())
        if fmt == "json":
            _validator().validate(json.loads(out))
        if fmt == "html":
            check_inert(out)


def check_brief(brief: Brief) -> None:
    check_spans(brief)
    check_renders(brief)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _guarded(read: Callable[[], Any]) -> Any:
    """``read()``, or None when it refused the input with one of newsbrief's errors."""
    try:
        return read()
    except NewsbriefError as exc:
        assert str(exc) and "\n" not in str(exc), repr(exc)  # one line a user can act on
        return None


# --- targets ----------------------------------------------------------------------------------


def text_reader(data: bytes) -> None:
    article = _guarded(lambda: read_bytes(data, kind="text"))
    if article is not None:
        assert article.body and "\x00" not in article.body


def html_reader(data: bytes) -> None:
    article = _guarded(lambda: read_bytes(data, kind="html"))
    if article is not None:
        assert article.body


def record_reader(data: bytes) -> None:
    from newsbrief.batch.records import Options, brief_line

    _guarded(lambda: read_bytes(data, kind="json"))
    result = brief_line(1, data, Options(layers=("keypoints",)))
    assert "error" in result or "key_points" in result, result
    assert not str(result.get("error", "")).startswith("internal error"), result["error"]


def feed_reader(data: bytes) -> None:
    from newsbrief.feeds import parse_feed

    for content_type in ("application/rss+xml", "application/atom+xml", "application/feed+json", ""):
        feed = _guarded(lambda ct=content_type: parse_feed(data, ct))
        if feed is not None:
            for item in feed.items:
                assert item.url.startswith(("http://", "https://")), item.url


def sentences(data: bytes) -> None:
    from newsbrief.nlp.sentences import split_sentences

    text = _text(data)
    end = 0
    for start, stop in split_sentences(text):
        assert end <= start < stop <= len(text), (start, stop)
        assert text[start:stop].strip() == text[start:stop], text[start:stop]
        end = stop


def brief_light(data: bytes) -> None:
    """Key points and keywords (no spaCy), every render."""
    article = _guarded(lambda: read_bytes(data))
    if article is not None:
        check_brief(build_brief(article, layers=["keypoints", "keywords"]))


def brief_full(data: bytes) -> None:
    """Every layer (entities, quotes and events through spaCy), every render."""
    article = _guarded(lambda: read_bytes(data))
    if article is not None:
        check_brief(build_brief(article))


def stories(data: bytes) -> None:
    """Up to four articles (the input cut at blank lines) grouped into stories, each rendered."""
    from newsbrief.stories import build_story, cluster
    from newsbrief.stories.render import render_story

    parts = [p for p in _text(data).split("\n\n") if p.strip()][:4]
    briefs: list[tuple[str, Brief]] = []
    for i, part in enumerate(parts):
        record = {"id": f"a{i}", "text": part, "published": part[:25], "url": part[-30:]}
        article = _guarded(lambda r=record: read_bytes(json.dumps(r).encode(), kind="json"))
        if article is not None:
            briefs.append((f"a{i}", build_brief(article, layers=["keypoints", "keywords"])))
    ids = cluster(briefs)
    for story_id in dict.fromkeys(ids):
        story = build_story(story_id, [m for m, s in zip(briefs, ids, strict=True) if s == story_id])
        for entry in (*story.developments, *story.timeline):
            assert entry.text.strip() and entry.start < entry.end, entry  # no empty span here either
        for fmt in ("text", "markdown", "json", "html"):
            out = render_story(story, fmt)
            if fmt == "html":
                check_inert(out)


def page(data: bytes) -> None:
    """The server's page with what the user typed sent back, and the brief of it."""
    from newsbrief.server.page import Form, render_page

    text = _text(data)
    article = _guarded(lambda: read_bytes(data))
    brief = build_brief(article, layers=["keypoints", "keywords"]) if article is not None else None
    out = render_page(Form(text=text, url=text[:60]), brief, error=None if brief else text[:80])
    check_inert(
        out.replace('<script src="/static/app.js" defer></script>', "", 1), PAGE_TAGS, PAGE_ATTRIBUTES
    )


TARGETS: dict[str, tuple[Callable[[bytes], None], int]] = {
    # name: (target, inputs in a ``make fuzz`` run)
    "text_reader": (text_reader, 40_000),
    "html_reader": (html_reader, 20_000),
    "record_reader": (record_reader, 30_000),
    "feed_reader": (feed_reader, 30_000),
    "sentences": (sentences, 40_000),
    "brief_light": (brief_light, 15_000),
    "page": (page, 10_000),
    "brief_full": (brief_full, 6_000),
    "stories": (stories, 9_000),
}
