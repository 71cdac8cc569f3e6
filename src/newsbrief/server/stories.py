"""The stories of the store at ``/stories`` (page) and ``/v1/stories`` (API): newest first, each
story a page with its timeline picture and entries linking to their article's sentence; a
question asked in the page's box (or at ``/v1/ask``) is answered with the story it is about."""

from __future__ import annotations

import html
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.server.archive import Run
from newsbrief.server.contract import responses
from newsbrief.server.models import AnswerOut, StoryListOut, StoryOut
from newsbrief.server.page import render_page_around
from newsbrief.store import Store
from newsbrief.stories import Entry, Story
from newsbrief.stories.ask import Answer, NoStoriesError, ask
from newsbrief.stories.render import answer_section, story_section
from newsbrief.stories.stored import stored_story

StoryId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:#-]{1,64}$")]


def add_stories(app: FastAPI, store: Store, run: Run[Any], headers: dict[str, str]) -> None:
    """Add the stories' page and API routes for ``store`` to ``app``."""

    @app.get("/v1/stories", tags=["stories"], response_model=StoryListOut, responses=responses(422, 504))
    async def list_stories(limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        """Stories, the one that grew last first."""
        found = await run(lambda: store.stories(limit))
        return {
            "stories": [
                {
                    "id": s.id,
                    "articles": s.articles,
                    "first_seen": s.first.isoformat() if s.first else None,
                    "last_seen": s.last.isoformat() if s.last else None,
                    "headline": s.headline,
                }
                for s in found
            ]
        }

    @app.get("/v1/ask", tags=["stories"], response_model=AnswerOut, responses=responses(409, 422, 504))
    async def ask_archive(q: Annotated[str, Query(min_length=1, max_length=500)]) -> dict[str, Any]:
        """Which stored story a question is about: its brief (developments newest first, each a
        sentence of an article with its source and date) and the other matching stories."""
        return (await _ask(q)).to_dict()

    @app.get(
        "/v1/stories/{story_id}",
        tags=["stories"],
        response_model=StoryOut,
        responses=responses(404, 422, 504),
    )
    async def get_story(story_id: StoryId) -> dict[str, Any]:
        """One story: label, articles, developments newest first, timeline."""
        return (await _story(story_id)).to_dict()

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    async def stories_page(q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
        esc = html.escape
        form = (
            '<form class="ask" id="ask" method="get" action="/stories" role="search">'
            '<label for="q">Ask the archive</label> '
            f'<input id="q" name="q" type="search" maxlength="500" value="{esc(q)}" '
            'placeholder="What happened with the ferry strike?"> <button type="submit">Ask</button></form>'
        )
        nav = '<p class="meta"><a href="/articles">All stored articles</a></p>'
        if q.strip():
            answered = False
            try:
                answer = await _ask(q)
            except HTTPException as exc:
                body = f'<p class="meta" id="no-answer">{esc(str(exc.detail))}</p>'
            else:
                body = answer_section(answer, _article_link, _story_link)
                answered = answer.story is not None  # its headline is the page's one heading
            page = render_page_around(nav + form + body, "Ask the archive", heading=not answered)
            return HTMLResponse(page, headers=headers)
        found = await run(lambda: store.stories(100))
        if not found:
            body = (
                '<p class="meta" id="none">No stories yet: store some articles, then run '
                "<code>newsbrief stories --db …</code> (a server that watches feeds does it itself).</p>"
            )
        else:
            items = "".join(
                f'<li><a href="/stories/{esc(s.id)}">{esc(s.headline or s.id)}</a><br>'
                f'<small class="meta">{s.articles} article{"" if s.articles == 1 else "s"} · '
                f"{esc(_span(s.first, s.last))}</small></li>"
                for s in found
            )
            body = (
                f'<h2 id="list-h">Newest first</h2><ol class="stories" aria-labelledby="list-h">{items}</ol>'
            )
        return HTMLResponse(render_page_around(nav + form + body, "Stories"), headers=headers)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(story_id: StoryId) -> HTMLResponse:
        story = await _story(story_id)
        nav = '<p class="meta"><a href="/stories">All stories</a></p>'
        page = render_page_around(
            nav + story_section(story, _article_link), story.headline or story.label, heading=False
        )
        return HTMLResponse(page, headers=headers)

    async def _ask(question: str) -> Answer:
        try:
            found: Answer = await run(lambda: ask(store, question))
        except NoStoriesError as exc:
            raise HTTPException(409, str(exc)) from exc
        except InputError:  # no word of the question could name a story: none matches
            return Answer(question, (), None, ())
        except NewsbriefError as exc:
            raise HTTPException(422, str(exc)) from exc
        return found

    async def _story(story_id: str) -> Story:
        story: Story | None = await run(lambda: stored_story(store, story_id))
        if story is None:
            raise HTTPException(404, f"no story {story_id} in the store")
        return story


def _article_link(_story: Story, entry: Entry) -> str:
    """The stored article's page, the entry's sentence or quote marked and scrolled to."""
    return f"/articles/{entry.article}?at={entry.start}-{entry.end}#at"


def _story_link(story_id: str) -> str:
    return f"/stories/{story_id}"


def _span(first: Any, last: Any) -> str:
    if first is None:
        return "undated"
    a, b = first.date().isoformat(), last.date().isoformat()
    return a if a == b else f"{a} – {b}"
