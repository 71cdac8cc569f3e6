"""Stories over the store: cluster everything it holds, oldest first, and keep the ids there."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsbrief.brief import Brief, brief_from_dict
from newsbrief.stories import Clusterer, Settings, Story, build_story, place

if TYPE_CHECKING:
    from newsbrief.store import Store


@dataclass(frozen=True, slots=True)
class Assigned:
    """What a clustering of the store did."""

    articles: int
    stories: int
    changed: int  # articles whose story id changed


def assign_stories(
    store: Store,
    settings: Settings | None = None,
    on_assigned: Callable[[int, str], None] | None = None,
) -> Assigned:
    """Cluster every stored article by date and record its story id (``on_assigned`` sees each
    ``(article id, story id)``). A story keeps the id of its first article, so a rerun over a
    grown store changes only what the new articles moved. Memory stays flat at any store size:
    12 bytes an article (its id and its story's number) besides the live stories."""
    ids = array("q")
    numbers = array("l")  # the story each article joined, as its place in ``number_of``
    number_of: dict[str, int] = {}
    clusterer = Clusterer(settings or Settings())

    def articles() -> Iterator[tuple[str, Brief]]:
        for article_id, data in store.by_date():
            ids.append(article_id)
            yield str(article_id), brief_from_dict(data)

    for story in place(clusterer, articles()):
        numbers.append(number_of.setdefault(story, len(number_of)))
    final = [clusterer.resolve(story) for story in number_of]  # after every merge

    def assignment() -> Iterator[tuple[int, str]]:
        for article_id, number in zip(ids, numbers, strict=True):
            story = final[number]
            if on_assigned:
                on_assigned(article_id, story)
            yield article_id, story

    changed = store.set_stories(assignment())
    return Assigned(len(ids), len(set(final)), changed)


def stored_story(store: Store, story_id: str) -> Story | None:
    """The story ``story_id`` told from its stored articles; ``None`` when the store has none."""
    members = store.story(story_id)
    if not members:
        return None
    return build_story(story_id, [(str(i), brief_from_dict(d)) for i, d in members])
