"""Render a Brief as the seed's text form, Markdown, JSON or a standalone HTML page."""

from __future__ import annotations

import html
import json

from newsbrief.brief import Brief
from newsbrief.document import is_heading
from newsbrief.entities import Entity
from newsbrief.events import Event
from newsbrief.quotes import Quote

FORMATS = ("text", "markdown", "json", "html")


SHOWABLE = ("keywords", "entities", "quotes", "events")


def render(brief: Brief, fmt: str = "text", show: tuple[str, ...] = ()) -> str:
    """Render ``brief`` in one of ``FORMATS``; ``show`` adds layers to the text form."""
    if fmt == "text":
        return to_text(brief, show)
    if fmt == "markdown":
        return to_markdown(brief)
    if fmt == "json":
        return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_text(brief: Brief, show: tuple[str, ...] = ()) -> str:
    """The seed form: headline, ``- `` key points, then the body one paragraph a line.

    ``show`` appends the named layers after the body, each under a ``[layer]`` line.
    """
    unknown = [s for s in show if s not in SHOWABLE]
    if unknown:
        raise ValueError(f"cannot show {', '.join(unknown)}; choose from {', '.join(SHOWABLE)}")
    lines = [brief.title or ""] if brief.title else []
    lines += [f"- {kp.text}" for kp in brief.key_points]
    lines.append(brief.body)
    if "keywords" in show:
        lines += ["", "[keywords]", *(k.text for k in brief.keywords)]
    if "entities" in show:
        lines += ["", "[entities]", *(entity_line(e) for e in brief.entities)]
    if "quotes" in show:
        lines += ["", "[quotes]", *(quote_line(q) for q in brief.quotes)]
    if "events" in show:
        lines += ["", "[events]", *(event_line(e) for e in brief.events)]
    return "\n".join(lines) + "\n"


def entity_line(entity: Entity) -> str:
    """``Vladimir Putin — PERSON, Russian President (12 mentions)``"""
    role = f", {entity.role}" if entity.role else ""
    n = len(entity.mentions)
    return f"{entity.name} — {entity.label}{role} ({n} mention{'' if n == 1 else 's'})"


def quote_line(quote: Quote) -> str:
    """``Vladimir Putin: “I deem it necessary …”`` (reported speech without quotation marks)."""
    who = quote.speaker or "(unattributed)"
    said = quote.text if quote.kind == "reported" else f"“{quote.text}”"
    return f"{who} ({quote.kind}): {said}"


def event_line(event: Event) -> str:
    """``Russian President Vladimir Putin (RUSGOV) → troops into Ukraine (UKR): MOBILIZE 0.93,
    Mobilize or increase armed forces [154], “ordered”``; an act with no target has no arrow."""
    what = event.label or "event"
    source = f"{event.source_text} ({event.source})" if event.source_text else f"({event.source})"
    target = f" → {event.target_text} ({event.target})" if event.target else ""
    category = event.plover or "statement"
    if event.confidence is not None:
        category += f" {event.confidence:.2f}"
    return f"{source}{target}: {category}, {what} [{event.code}], “{event.verb}”"


def to_markdown(brief: Brief) -> str:
    """Headline as a title, key points as a list, the body's sub-headings as level-2 headings."""
    out = [f"# {_md_escape(brief.title)}", ""] if brief.title else []
    meta = " · ".join(x for x in (brief.byline, brief.published, brief.url) if x)
    if meta:
        out += [f"*{_md_escape(meta)}*", ""]
    out += ["**Key points**", ""] + [f"- {_md_escape(kp.text)}" for kp in brief.key_points] + [""]
    if brief.keywords:
        out += ["**About:** " + " · ".join(_md_escape(k.text) for k in brief.keywords), ""]
    if brief.entities:
        out += ["**Who and where**", ""] + [f"- {_md_escape(entity_line(e))}" for e in brief.entities] + [""]
    if brief.quotes:
        out += ["**Who said what**", ""] + [f"- {_md_escape(quote_line(q))}" for q in brief.quotes] + [""]
    if brief.events:
        out += ["**Who did what**", ""] + [f"- {_md_escape(event_line(e))}" for e in brief.events] + [""]
    for para in brief.body.split("\n"):
        out += [f"## {_md_escape(para)}" if is_heading(para) else _md_escape(para), ""]
    return "\n".join(out)


def _md_escape(text: str) -> str:
    # Only characters that would start Markdown or HTML structure mid-text need a backslash.
    for ch in "\\`*_[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def _anchors(brief: Brief) -> dict[int, tuple[int, str, str]]:
    """Sentence start -> (end, element id, class) for key points and the sentences of events."""
    marks = {kp.start: (kp.end, f"kp{i + 1}", "") for i, kp in enumerate(brief.key_points)}
    for event in brief.events:
        marks.setdefault(event.start, (event.end, f"s{event.sentence}", "ev"))
    return marks


def body_html(brief: Brief, level: int = 2, focus: tuple[int, int] | None = None) -> str:
    """The body as ``<p>`` and sub-heading ``<h{level}>`` elements, each key point's sentence a
    ``<mark id="kpN">``, each other sentence with an event a ``<mark class="ev" id="sN">``.

    ``focus`` (a span of the body, as a story's timeline links to it) is marked ``class="focus"``
    after an ``id="at"`` anchor; inside an already marked sentence, that sentence is the focus."""
    esc = html.escape
    marks = _anchors(brief)
    focus_at = None
    if focus is not None and 0 <= focus[0] < focus[1] <= len(brief.body):
        inside = [k for k, (e, _, _) in marks.items() if k <= focus[0] < e]
        if inside:
            focus_at = inside[0]
        else:
            marks[focus[0]] = (focus[1], "", "focus")
            focus_at = focus[0]
    paragraphs = []
    offset = 0
    for para in brief.body.split("\n"):
        start, end = offset, offset + len(para)
        offset = end + 1
        if is_heading(para):
            paragraphs.append(f"<h{level}>{esc(para)}</h{level}>")
            continue
        parts, pos = [], start
        for kp_start in sorted(k for k in marks if start <= k < end and k >= pos):
            kp_end, anchor, kind = marks[kp_start]
            if kp_start < pos:  # overlaps the mark before it
                continue
            parts.append(esc(brief.body[pos:kp_start]))
            if kp_start == focus_at:
                parts.append('<span id="at"></span>')
                kind = f"{kind} focus".strip()
            cls = f' class="{kind}"' if kind else ""
            ident = f' id="{anchor}"' if anchor else ""
            parts.append(f'<mark{ident}{cls} tabindex="-1">{esc(brief.body[kp_start:kp_end])}</mark>')
            pos = kp_end
        parts.append(esc(brief.body[pos:end]))
        paragraphs.append(f"<p>{''.join(parts)}</p>")
    return "".join(paragraphs)


def key_points_html(brief: Brief) -> str:
    """The key points as a list of links to their sentence in the body."""
    return (
        '<ul class="kp">'
        + "".join(
            f'<li><a href="#kp{i + 1}">{html.escape(kp.text)}</a></li>'
            for i, kp in enumerate(brief.key_points)
        )
        + "</ul>"
    )


def layers_html(brief: Brief, level: int = 2) -> str:
    """Entity chips and the quotes list under ``<h{level}>`` headings, when the brief has them."""
    esc = html.escape
    out = ""
    if brief.keywords:
        tags = "".join(f"<li>{esc(k.text)}</li>" for k in brief.keywords)
        out += f'<section aria-label="Keywords"><ul class="keywords">{tags}</ul></section>'
    if brief.entities:
        chips = "".join(
            f'<li class="chip chip-{esc(e.label.lower())}" title="{esc(e.label)}">{esc(e.name)}'
            + (f" <small>{esc(e.role)}</small>" if e.role else "")
            + "</li>"
            for e in brief.entities
        )
        out += (
            f'<section aria-labelledby="who-h"><h{level} id="who-h">Who and where</h{level}>'
            f'<ul class="chips">{chips}</ul></section>'
        )
    if brief.quotes:
        items = "".join(
            f"<li><b>{esc(q.speaker or 'unattributed')}</b> <small>({esc(q.kind)})</small>: "
            f"<q>{esc(q.text)}</q></li>"
            for q in brief.quotes
        )
        out += (
            f'<section aria-labelledby="said-h"><h{level} id="said-h">Who said what</h{level}>'
            f'<ul class="quotes">{items}</ul></section>'
        )
    if brief.events:
        anchors = _anchors(brief)
        items = "".join(
            f'<li><a href="#{esc(anchors[e.start][1])}"><b>{esc(e.source_text)}</b> '
            f'<small class="code">{esc(e.source)}</small>'
            + (
                f' → <b>{esc(e.target_text)}</b> <small class="code">{esc(e.target)}</small>'
                if e.target
                else ""
            )
            + f": {esc(e.plover or 'statement')}, {esc(e.label or 'event')} "
            f'<small class="code">{esc(e.code)}</small></a></li>'
            for e in brief.events
        )
        out += (
            f'<section aria-labelledby="did-h"><h{level} id="did-h">Who did what</h{level}>'
            f'<ul class="events">{items}</ul></section>'
        )
    return out


def to_html(brief: Brief) -> str:
    """A standalone page: key points link to their sentence, highlighted in the body."""
    esc = html.escape
    title = esc(brief.title or "Untitled article")
    lang = esc(brief.language or "en")
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{font:17px/1.55 Georgia,serif;max-width:42rem;margin:2rem auto;"
        "padding:0 1rem;color:#1a1a1a}"
        "mark{background:#fff1a8}mark.ev{background:#e3f0ff}ul.kp li{margin:.4rem 0}a{color:#0645ad}"
        "ul.chips{padding:0}li.chip{display:inline-block;margin:.2rem;padding:.1rem .5rem;"
        "border:1px solid #bbb;border-radius:1rem;font:14px sans-serif}"
        "ul.keywords{padding:0;font:14px sans-serif;color:#555}"
        "ul.keywords li{display:inline;margin-right:.8rem}</style></head><body>"
        f'<article><h1>{title}</h1><section aria-label="Key points">{key_points_html(brief)}</section>'
        f"{layers_html(brief)}{body_html(brief)}</article></body></html>\n"
    )
