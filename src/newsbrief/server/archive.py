"""The stored articles at ``/articles`` (page) and ``/v1/articles`` (API), newest first, with
search by word and by entity; each article opens as its brief."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import FastAPI, Path, Query
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from newsbrief.brief import brief_from_dict
from newsbrief.server.contract import LARGEST_ID, responses
from newsbrief.server.models import ArticleListOut, StoredBriefOut
from newsbrief.server.page import brief_section, render_page_around
from newsbrief.store import Store

T = TypeVar("T")
Run = Callable[[Callable[[], T]], Awaitable[T]]
ArticleId = Annotated[int, Path(ge=1, le=LARGEST_ID, description="the article's id in the store")]


def add_archive(app: FastAPI, store: Store, run: Run[Any], headers: dict[str, str]) -> None:
    """Add the archive's page and API routes for ``store`` to ``app``."""

    @app.get("/v1/articles", tags=["store"], response_model=ArticleListOut, responses=responses(422, 504))
    async def list_articles(
        q: str | None = Query(
            None,
            max_length=200,
            description='words or "quoted phrases" of the title or body, all of which must appear',
        ),
        entity: str | None = Query(None, max_length=200, description="an entity's canonical name"),
        since: Annotated[
            str | None,
            Query(
                pattern=r"^\d{4}-\d{2}-\d{2}$",
                json_schema_extra={"format": "date"},
                description="only those dated on or after this day (YYYY-MM-DD)",
            ),
        ] = None,
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        """Stored articles, newest first: the same search as ``newsbrief search``."""
        day = _day(since) if since else None
        found = await run(lambda: store.search(q, entity, limit, since=day))
        return {
            "articles": [
                {
                    "id": a.id,
                    "url": a.url,
                    "feed": a.feed,
                    "title": a.title,
                    "published": a.published,
                    "fetched": a.fetched.isoformat(),
                    "source": a.source,
                    "story": a.story,
                    "revisions": a.revisions,
                }
                for a in found
            ]
        }

    @app.get(
        "/v1/articles/{article_id}",
        tags=["store"],
        response_model=None,  # as stored, whatever version stored it: documented, not reshaped
        responses={
            200: {"model": StoredBriefOut, "description": "its Brief JSON"},
            **responses(404, 422, 504),
        },
    )
    async def get_article(article_id: ArticleId) -> dict[str, Any]:
        """One stored article's Brief JSON, with its ``story``."""
        data: dict[str, Any] | None = await run(lambda: store.brief(article_id))
        if data is None:
            raise HTTPException(404, f"no article {article_id} in the store")
        return data

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    async def articles_page(q: str = "", entity: str = "") -> HTMLResponse:
        found = await run(lambda: store.search(q.strip()[:200] or None, entity.strip()[:200] or None, 100))
        nav = '<p class="meta"><a href="/stories" id="stories-link">Stories</a></p>'
        return HTMLResponse(
            render_page_around(nav + _list(found, q, entity), "Stored articles"), headers=headers
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(
        article_id: ArticleId, at: str = Query("", pattern=r"^(\d{1,9}-\d{1,9})?$")
    ) -> HTMLResponse:
        data = await run(lambda: store.brief(article_id))
        if data is None:
            raise HTTPException(404, f"no article {article_id} in the store")
        brief = brief_from_dict(data)
        focus = None
        if at:
            first, _, last = at.partition("-")
            focus = (int(first), int(last))
        back = '<p class="meta"><a href="/articles">All stored articles</a>'
        if data.get("story"):
            back += f' · <a href="/stories/{html.escape(data["story"])}" id="story-link">Its story</a>'
        back += "</p>"
        section = brief_section(brief, focus)
        return HTMLResponse(render_page_around(back + section, brief.title or "Article"), headers=headers)


def _day(value: str) -> datetime:
    """The start of the day ``value`` (YYYY-MM-DD) names; 422 for one no calendar has."""
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
    except ValueError as exc:
        raise HTTPException(422, f"since: {value!r} is no date ({exc})") from exc


def _list(found: list[Any], q: str, entity: str) -> str:
    esc = html.escape
    form = (
        '<form method="get" action="/articles" class="ask search" role="search">'
        '<label for="q">Words</label>'
        f'<input id="q" name="q" value="{esc(q)}" autocomplete="off">'
        '<label for="entity">Entity <span class="hint">(its name as briefs give it: Vladimir Putin)</span>'
        "</label>"
        f'<input id="entity" name="entity" value="{esc(entity)}" autocomplete="off">'
        '<button type="submit">Search</button></form>'
    )
    if not found:
        return form + '<p class="meta" id="none">No stored article matches.</p>'
    items = "".join(
        f'<li><a href="/articles/{a.id}">{esc(a.title or a.url or f"Article {a.id}")}</a><br>'
        f'<small class="meta">{esc(_where(a))}</small></li>'
        for a in found
    )
    query = urlencode({k: v for k, v in (("q", q), ("entity", entity)) if v})
    note = f' <span class="hint">for {esc(query)}</span>' if query else ""
    return (
        form
        + f'<h2 id="list-h">Newest first{note}</h2><ol class="articles" aria-labelledby="list-h">{items}</ol>'
    )


def _where(article: Any) -> str:
    """``2026-12-01 · https://example.com/feed.xml``: when, and from which feed."""
    return " · ".join(x for x in (article.published, article.feed or article.source) if x)
