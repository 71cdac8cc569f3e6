"""A Story as the seed's text form, Markdown, JSON, or HTML with its timeline as a picture."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from newsbrief.article import parse_published
from newsbrief.render import FORMATS
from newsbrief.stories.ask import Answer
from newsbrief.stories.story import Entry, Story

__all__ = [
    "FORMATS",
    "answer_section",
    "render_answer",
    "render_story",
    "story_page",
    "story_section",
    "timeline_svg",
]
# Where an entry links: the server passes its article page; standalone pages link the source URL.
Link = Callable[[Story, Entry], str | None]
StoryLink = Callable[[str], str]  # a story id's page


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


def render_answer(answer: Answer, fmt: str = "text", link: Link | None = None) -> str:
    """Render what ``ask`` found in one of ``FORMATS``: the story's headline and developments,
    newest first, each with its source and date, then the other matching stories."""
    if fmt == "json":
        return json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        title = (answer.story.headline or answer.story.label) if answer.story else answer.question
        return _page(title, answer_section(answer, link))
    if fmt not in ("text", "markdown"):
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    md = fmt == "markdown"
    story = answer.story
    if story is None:
        return f"No stored story matches: {answer.question}\n"
    lines = [("# " if md else "") + (story.headline or story.label)]
    if md:
        lines += ["", f"*{story.label}* · {_articles(len(story.articles))} · story `{story.id}`", ""]
    lines += [
        f"- {e.text}" + (f" — {_cite(story, e)}" if md else f"  [{_cite(story, e)}]")
        for e in story.developments
    ]
    if answer.others:
        lines += ["", ("## " if md else "") + "Other matching stories" + ("" if md else ":")]
        if md:
            lines.append("")
        lines += [
            f"- {m.headline or m.id} ({m.id}, {_articles(m.articles)}, last {_day(m.last_seen)})"
            for m in answer.others
        ]
    return "\n".join(lines) + "\n"


def answer_section(answer: Answer, link: Link | None = None, story_link: StoryLink | None = None) -> str:
    """An answer as an HTML fragment: the question, the story's headline and developments,
    then the other matching stories (linked with ``story_link`` when given)."""
    esc = html.escape
    link = link or _source_link
    asked = f'<p class="meta" id="asked">You asked: <q>{esc(answer.question)}</q></p>'
    if answer.story is None:
        return asked + '<p class="meta" id="no-answer">No stored story matches the question.</p>'
    story = answer.story
    more = (
        f'<p class="meta"><a id="full-story" href="{esc(story_link(story.id))}">The whole story</a></p>'
        if story_link
        else ""
    )
    others = "".join(
        "<li>"
        + (
            f'<a href="{esc(story_link(m.id))}">{esc(m.headline or m.id)}</a>'
            if story_link
            else esc(m.headline or m.id)
        )
        + f' <small class="meta">{_articles(m.articles)} · last {esc(_day(m.last_seen))}</small></li>'
        for m in answer.others
    )
    listed = (
        f'<section aria-labelledby="others-h"><h2 id="others-h">Other matching stories</h2>'
        f'<ol class="others" id="others">{others}</ol></section>'
        if others
        else ""
    )
    return (
        f'<article class="story answer" id="answer" aria-labelledby="story-h">{asked}'
        f'<h1 id="story-h">{esc(story.headline or story.label)}</h1>'
        f'<p class="meta" id="story-label">{esc(story.label)} · {_articles(len(story.articles))}</p>'
        f"{_developments(story, link)}{more}{listed}</article>"
    )


def story_text(story: Story) -> str:
    """The seed's form: the headline, the developments newest first (each citing its article,
    day and sentence offsets), then the timeline folded by day."""
    lines = [story.headline or story.label]
    lines += [f"- {e.text}  [{_cite(story, e)}]" for e in story.developments]
    per_day = _articles_per_day(story)
    for day, entries in story.days():
        lines += ["", _day_heading(day, per_day)]
        for e in entries:
            who = f" ({e.who})" if e.who else ""
            lines.append(f"  {e.kind.replace('_', ' ')}{who}: {e.text}  [{e.article} {e.start}:{e.end}]")
    return "\n".join(lines) + "\n"


def story_markdown(story: Story) -> str:
    out = [
        f"# {story.headline or story.label}",
        "",
        f"*{story.label}* · {_articles(len(story.articles))}",
        "",
        "## Developments, newest first",
        "",
    ]
    out += [f"- {e.text} — {_cite(story, e)}" for e in story.developments]
    out += ["", "## Timeline"]
    per_day = _articles_per_day(story)
    for day, entries in story.days():
        out += ["", f"### {_day_heading(day, per_day)}", ""]
        out += [
            f"- {e.kind.replace('_', ' ')}" + (f" ({e.who})" if e.who else "") + f": {e.text}"
            for e in entries
        ]
    out += ["", "## Articles", ""]
    out += [
        f"- {_day(a.published)} {a.title or a.key}" + (f" <{a.url}>" if a.url else "") for a in story.articles
    ]
    return "\n".join(out) + "\n"


def story_section(story: Story, link: Link | None = None) -> str:
    """The story as an HTML fragment: its one headline, the developments, the timeline picture,
    then the timeline folded by day."""
    esc = html.escape
    link = link or _source_link

    per_day = _articles_per_day(story)
    days = "".join(
        f'<section class="day"><h3><time>{esc(_day_heading(day, per_day))}</time></h3><ol>'
        + "".join(
            f'<li class="entry {esc(e.kind)}"><small class="kind">{esc(e.kind.replace("_", " "))}</small> '
            + (f"<b>{esc(e.who)}</b> " if e.who else "")
            + _anchor(story, e, link)
            + "</li>"
            for e in entries
        )
        + "</ol></section>"
        for day, entries in story.days()
    )
    seen = f"{_day(story.first_seen)} – {_day(story.last_seen)}" if story.first_seen else "undated"
    return (
        f'<article class="story" id="story" aria-labelledby="story-h">'
        f'<h1 id="story-h">{esc(story.headline or story.label)}</h1>'
        f'<p class="meta" id="story-label">{esc(story.label)} · {_articles(len(story.articles))} · '
        f"{esc(seen)}</p>"
        f"{_developments(story, link)}{timeline_svg(story)}"
        f'<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>'
        f'<div class="timeline" id="timeline">{days}</div></section></article>'
    )


def _developments(story: Story, link: Link) -> str:
    """The story brief as HTML: each development linked to its sentence, citing its article."""
    esc = html.escape
    items = "".join(
        f'<li>{_anchor(story, entry, link)} <small class="cite"><cite>{esc(_source_title(story, entry))}'
        f"</cite>, <time>{esc(_day(entry.date))}</time></small></li>"
        for entry in story.developments
    )
    return (
        '<section aria-labelledby="skp-h"><h2 id="skp-h">Developments, newest first</h2>'
        f'<ol class="kp" id="story-points">{items}</ol></section>'
    )


def story_page(story: Story, link: Link | None = None) -> str:
    """A standalone HTML page of the story."""
    return _page(story.headline or story.label, story_section(story, link))


def _page(title: str, section: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>body{{font:17px/1.55 Georgia,serif;max-width:46rem;"
        "margin:2rem auto;padding:0 1rem}time{font:13px monospace;color:#555}"
        "small.kind{font:12px sans-serif;color:#777}"
        "#timeline li{margin:.3rem 0}#timeline h3{font:14px sans-serif;margin:1rem 0 .2rem}"
        "small.cite{font:13px sans-serif;color:#555}svg{max-width:100%}</style></head><body>"
        f"{section}</body></html>\n"
    )


def timeline_svg(story: Story, width: int = 640, height: int = 120) -> str:
    """Articles per day as bars, the days with events marked by a dot above them."""
    articles = _articles_per_day(story)
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


def _anchor(story: Story, entry: Entry, link: Link) -> str:
    """An entry's text, escaped, linked where ``link`` gives it a place."""
    href = link(story, entry)
    text = html.escape(entry.text)
    return f'<a href="{html.escape(href)}">{text}</a>' if href else text


def _cite(story: Story, entry: Entry) -> str:
    """``2026-03-02 · Ferry talks collapse · a17 120:245``: the day, the article, the sentence."""
    return f"{_day(entry.date)} · {_source_title(story, entry)} · {entry.article} {entry.start}:{entry.end}"


def _source_title(story: Story, entry: Entry) -> str:
    """The headline of the article an entry cites, else its key."""
    article = story.article(entry.article)
    return (article.title if article else None) or entry.article


def _articles_per_day(story: Story) -> Counter[date]:
    return Counter(d for a in story.articles if (d := _date(a.published)) is not None)


def _day_heading(day: date | None, per_day: Counter[date]) -> str:
    """``2026-03-02 · 2 articles``: a day of the timeline and how many articles it saw."""
    if day is None:
        return "undated"
    return f"{day.isoformat()} · {_articles(per_day[day])}"


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"


def _date(value: str | None) -> date | None:
    when = parse_published(value)
    return when.date() if when else None


def _day(value: str | None) -> str:
    day = _date(value)
    return day.isoformat() if day else "undated"
