"""Stories: articles grouped as they arrive, each story told as a timeline and a brief.

Map, in the order an article goes through it:
  vectors.py       what an article is about: TF-IDF words, canonical entity names, keyphrases
  clusterer.py     which live story it joins (or starts), time decay, retirement, merges
  developments.py  the story brief: which key points say something new, by meaning
  story.py         a story from its articles: label, developments, timeline of new key
                   points, events and quotes
  stored.py        stories over the store: assign every stored article, tell one story
  ask.py           which stored story a question is about, through the store's indexes
  render.py        a story or an answer as text (the seed's form), Markdown, JSON or HTML
Stories read briefs, from a stream or the store; nothing per-article imports this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsbrief.article import parse_published
from newsbrief.brief import Brief
from newsbrief.keywords import Background, load_background
from newsbrief.stories.clusterer import Clusterer, Settings, story_id
from newsbrief.stories.story import Entry, Story, StoryArticle, build_story
from newsbrief.stories.vectors import article_vector

__all__ = [
    "Clusterer",
    "Entry",
    "Settings",
    "Story",
    "StoryArticle",
    "build_story",
    "cluster",
    "place",
    "story_id",
]


def place(
    clusterer: Clusterer, articles: Iterable[tuple[str, Brief]], background: Background | None = None
) -> Iterator[str]:
    """The story each ``(key, Brief)`` joins as it arrives (``clusterer.resolve`` gives the id
    it goes by after later merges); a generator, so a long stream is never held whole."""
    background = background or load_background()
    for key, brief in articles:
        yield clusterer.add(key, article_vector(brief, background), parse_published(brief.published))


def cluster(
    articles: Iterable[tuple[str, Brief]],
    settings: Settings | None = None,
    background: Background | None = None,
) -> list[str]:
    """The story id of each ``(key, Brief)``, in input order, after every merge; keys should be
    unique (a story's id comes from the key of its first article)."""
    clusterer = Clusterer(settings or Settings())
    placed = list(place(clusterer, articles, background))
    return [clusterer.resolve(story) for story in placed]
