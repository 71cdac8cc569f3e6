"""A Story as the seed's text form, Markdown, JSON, or HTML with its timeline as a picture."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from newsbrief.article import parse_published
from newsbrief.render import FORMATS
from newsbrief.stories.story import Entry, Story

__all__ = ["FORMATS", "render_story", "story_page", "story_section", "timeline_svg"]
# Where an entry links: the server passes its article page; standalone pages link the source URL.
Link = Callable[[Story, Entry], str | None]


def render_story(story: Story, fmt: str = "text", link: Link | None = None) -> str:
    """Render ``story`` in one of ``FORMATS``."""
    if fmt == "text":
        return story_text(story)
    if fmt == "markdown":
        return story_markdown(story)
    if fmt == "json":
        return json.dumps(story.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return story_page(story, link)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def story_text(story: Story) -> str:
    """The seed's form: headline, the new key points newest first, then the timeline a line each."""
    lines = [story.headline or story.label]
    lines += [f"- {e.text}" for e in story.key_points]
    for e in story.timeline:
        who = f" ({e.who})" if e.who else ""
        lines.append(
            f"{_day(e.date)}  {e.kind.replace('_', ' ')}{who}: {e.text}  [{e.article} {e.start}:{e.end}]"
        )
    return "\n".join(lines) + "\n"


def story_markdown(story: Story) -> str:
    out = [
        f"# {story.headline or story.label}",
        "",
        f"*{story.label}*",
        "",
        "**Key points, newest first**",
        "",
    ]
    out += [f"- {_day(e.date)}: {e.text}" for e in story.key_points] + ["", "**Timeline**", ""]
    out += [f"- {_day(e.date)} · {e.kind.replace('_', ' ')}: {e.text}" for e in story.timeline]
    out += ["", "**Articles**", ""]
    out += [
        f"- {_day(a.published)} {a.title or a.key}" + (f" <{a.url}>" if a.url else "") for a in story.articles
    ]
    return "\n".join(out) + "\n"


def story_section(story: Story, link: Link | None = None) -> str:
    """The story as an HTML fragment: label, key points, the timeline picture, the entries."""
    esc = html.escape
    link = link or _source_link

    def anchor(entry: Entry, text: str) -> str:
        href = link(story, entry)
        return f'<a href="{esc(href)}">{text}</a>' if href else text

    points = "".join(
        f"<li><time>{esc(_day(e.date))}</time> {anchor(e, esc(e.text))}</li>" for e in story.key_points
    )
    entries = "".join(
        f'<li class="entry {esc(e.kind)}"><time>{esc(_day(e.date))}</time> '
        f'<small class="kind">{esc(e.kind.replace("_", " "))}</small> '
        + (f"<b>{esc(e.who)}</b> " if e.who else "")
        + anchor(e, esc(e.text))
        + "</li>"
        for e in story.timeline
    )
    seen = f"{_day(story.first_seen)} – {_day(story.last_seen)}" if story.first_seen else "undated"
    return (
        f'<article class="story" id="story" aria-labelledby="story-h">'
        f'<h2 id="story-h">{esc(story.headline or story.label)}</h2>'
        f'<p class="meta" id="story-label">{esc(story.label)} · {len(story.articles)} '
        f"article{'' if len(story.articles) == 1 else 's'} · {esc(seen)}</p>"
        f"{timeline_svg(story)}"
        f'<section aria-labelledby="skp-h"><h3 id="skp-h">Key points, newest first</h3>'
        f'<ol class="kp" id="story-points">{points}</ol></section>'
        f'<section aria-labelledby="tl-h"><h3 id="tl-h">Timeline</h3>'
        f'<ol class="timeline" id="timeline">{entries}</ol></section></article>'
    )


def story_page(story: Story, link: Link | None = None) -> str:
    """A standalone HTML page of the story."""
    title = html.escape(story.headline or story.label)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>body{{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;"
        "padding:0 1rem}time{font:13px monospace;color:#555}small.kind{font:12px sans-serif;color:#777}"
        "ol.timeline li{margin:.3rem 0}svg{max-width:100%}</style></head><body>"
        f"{story_section(story, link)}</body></html>\n"
    )


def timeline_svg(story: Story, width: int = 640, height: int = 120) -> str:
    """Articles per day as bars, the days with events marked by a dot above them."""
    articles = Counter(d for a in story.articles if (d := _date(a.published)) is not None)
    events = Counter(d for e in story.timeline if e.kind == "event" and (d := _date(e.date)) is not None)
    if not articles:
        return '<p class="meta" id="timeline-picture">No dated articles: no picture of the timeline.</p>'
    first, last = min(articles), max(articles)
    days = (last - first).days + 1
    step = width / days
    peak = max(articles.values())
    bars = []
    for i in range(days):
        day = first + timedelta(days=i)
        n = articles.get(day, 0)
        x = i * step
        if n:
            h = (height - 40) * n / peak
            bars.append(
                f'<rect class="day" x="{x:.1f}" y="{height - 20 - h:.1f}" width="{max(step - 1, 1):.1f}" '
                f'height="{h:.1f}" fill="#4a7ab5"><title>{day.isoformat()}: {n} article'
                f"{'' if n == 1 else 's'}</title></rect>"
            )
        if k := events.get(day, 0):
            bars.append(
                f'<circle class="event" cx="{x + step / 2:.1f}" cy="12" r="5" fill="#c0392b">'
                f"<title>{day.isoformat()}: {k} event{'' if k == 1 else 's'}</title></circle>"
            )
    axis = (
        f'<text x="0" y="{height - 4}" font-size="11">{first.isoformat()}</text>'
        f'<text x="{width}" y="{height - 4}" font-size="11" text-anchor="end">{last.isoformat()}</text>'
    )
    return (
        f'<figure id="timeline-picture"><svg role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="tp-cap">{"".join(bars)}{axis}</svg>'
        '<figcaption id="tp-cap">Articles per day (bars) and days with events (dots)</figcaption></figure>'
    )


def _source_link(story: Story, entry: Entry) -> str | None:
    """The entry's article URL when it is http(s): a record's ``url`` is input, and a
    ``javascript:`` one would run when clicked, escaped or not."""
    for article in story.articles:
        if article.key == entry.article:
            url = article.url or ""
            return url if url.lower().startswith(("http://", "https://")) else None
    return None


def _date(value: str | None) -> date | None:
    when = parse_published(value)
    return when.date() if when else None


def _day(value: str | None) -> str:
    day = _date(value)
    return day.isoformat() if day else "undated"
