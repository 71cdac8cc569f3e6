"""The web page at ``/``: a form for text or a link, and the brief rendered below it.

Server-rendered HTML; ``static/app.js`` only adds smooth scrolling to a key point and the
"copy as Markdown" button. Every piece of article text goes through ``html.escape``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from newsbrief.brief import Brief
from newsbrief.render import body_html, key_points_html, layers_html, to_markdown


@dataclass(frozen=True, slots=True)
class Form:
    """What the user typed, sent back in the form so that nothing is lost on an error."""

    text: str = ""
    url: str = ""


def render_page(form: Form, brief: Brief | None = None, error: str | None = None) -> str:
    """The whole page: the form, then an error or the brief."""
    esc = html.escape
    result = ""
    if error:
        result = (
            '<div class="error" role="alert" id="error"><strong>Could not brief this.</strong> '
            f"{esc(error)}</div>"
        )
    elif brief is not None:
        result = brief_section(brief)
    return _shell(
        brief.title if brief and brief.title else None,
        "<h1>Brief a news article</h1>"
        '<form method="post" action="/" class="ask" id="ask">'
        '<label for="url">Link to an article</label>'
        f'<input id="url" name="url" type="url" inputmode="url" autocomplete="off" '
        f'placeholder="https://example.com/news/story" value="{esc(form.url)}">'
        '<p class="or" aria-hidden="true">or</p>'
        '<label for="text">Article text <span class="hint">(first line: the headline)</span></label>'
        f'<textarea id="text" name="text" rows="10" spellcheck="false">{esc(form.text)}</textarea>'
        '<button type="submit" id="submit">Brief it</button></form>'
        f"{result}",
    )


def render_page_around(content: str, title: str, heading: bool = True) -> str:
    """A page of the site holding ``content`` (already escaped HTML) under an ``<h1>`` title;
    ``heading=False`` when ``content`` carries its own (a story's headline)."""
    return _shell(title, (f"<h1>{html.escape(title)}</h1>" if heading else "") + content)


def _shell(title: str | None, main: str) -> str:
    esc = html.escape
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title) + ' · ' if title else ''}newsbrief</title>"
        '<link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script>'
        '</head><body><a class="skip" href="#main">Skip to content</a>'
        f'<header><p class="brand">newsbrief</p></header><main id="main">{main}</main>'
        "<footer><p>Key points are sentences of the article, word for word. "
        '<a href="/docs">HTTP API</a></p></footer></body></html>\n'
    )


def brief_section(brief: Brief, focus: tuple[int, int] | None = None) -> str:
    """A brief as the page shows it: headline, key points, the analyst layers, the body."""
    esc = html.escape
    warnings = "".join(f"<li>{esc(w)}</li>" for w in brief.stats.warnings)
    meta = " · ".join(esc(x) for x in (brief.byline, brief.published, brief.url) if x)
    return (
        '<article class="brief" id="brief" aria-labelledby="headline">'
        f'<h2 id="headline">{esc(brief.title or "Untitled article")}</h2>'
        + (f'<p class="meta">{meta}</p>' if meta else "")
        + '<section aria-labelledby="kp-h"><h3 id="kp-h">Key points</h3>'
        f"{key_points_html(brief)}"
        '<p class="actions"><button type="button" id="copy-md">Copy as Markdown</button> '
        '<span id="copy-status" role="status" aria-live="polite"></span></p>'
        f'<textarea id="markdown" hidden readonly aria-hidden="true">{esc(to_markdown(brief))}</textarea>'
        "</section>"
        f"{layers_html(brief, level=3)}"
        + (f'<section class="notes" aria-label="Notes"><ul>{warnings}</ul></section>' if warnings else "")
        + '<section class="body" aria-labelledby="body-h"><h3 id="body-h">Article</h3>'
        + f"{body_html(brief, level=4, focus=focus)}</section>"
        "</article>"
    )
