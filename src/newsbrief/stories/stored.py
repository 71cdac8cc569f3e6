"""Stories over the store: cluster everything it holds, oldest first, and keep the ids there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsbrief.brief import Brief, brief_from_dict
from newsbrief.stories import Settings, Story, build_story, cluster

if TYPE_CHECKING:
    from newsbrief.store import Store


@dataclass(frozen=True, slots=True)
class Assigned:
    """What a clustering of the store did."""

    articles: int
    stories: int
    changed: int  # articles whose story id changed
    assignment: dict[int, str]


def assign_stories(store: Store, settings: Settings | None = None) -> Assigned:
    """Cluster every stored article by date and record its story id. A story keeps the id of
    its first article, so a rerun over a grown store changes only what the new articles moved."""
    ids: list[int] = []

    def articles() -> Iterator[tuple[str, Brief]]:
        for article_id, data in store.by_date():
            ids.append(article_id)
            yield str(article_id), brief_from_dict(data)

    stories = cluster(articles(), settings)
    assignment = dict(zip(ids, stories, strict=True))
    return Assigned(len(ids), len(set(stories)), store.set_stories(assignment), assignment)


def stored_story(store: Store, story_id: str) -> Story | None:
    """The story ``story_id`` told from its stored articles; ``None`` when the store has none."""
    members = store.story(story_id)
    if not members:
        return None
    return build_story(story_id, [(str(i), brief_from_dict(d)) for i, d in members])
