"""Online story clustering: each article joins the most similar live story or starts its own.

Similarity is the cosine of the article's vector to a story's centroid, damped by the days
since the story last grew; a story that has not grown within ``window_days`` retires and can
never be joined again, so last year's story is not reopened by a familiar name. Candidates come
from an inverted index over each live story's strongest features, so the cost of an article
does not grow with the number of stories. After a story grows it is compared with the stories
that share its features, and merged into the older one when the two have become one story.
A merge happens only when the two share one of their five strongest entities (so does a join
below ``sure_threshold``, which by default is the join threshold itself): a topic's words alone
do not make one story.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from newsbrief.stories.vectors import Vector, cosine, top

# Chosen leave-one-set-out over BBC stories, WikiRef220 and the athletics stories (see
# benchmarks/stories.py): one bar for every join, so a topic's shared name alone never joins.
JOIN_THRESHOLD = 0.16
MERGE_THRESHOLD = 0.5
SURE_THRESHOLD = JOIN_THRESHOLD  # below it, a join needs a lead entity in common (never, by default)
LEADS = 5
HALF_LIFE_DAYS = 14.0
WINDOW_DAYS = 60.0
MAX_LIVE = 20_000  # undated streams cannot retire by age: the least recently grown go first
CENTROID_TERMS = 200
INDEX_TERMS = 30
QUERY_TERMS = 20


@dataclass(frozen=True, slots=True)
class Settings:
    """The clusterer's knobs; the defaults are chosen on dev data only (BBC articles labelled by
    story, WikiRef220's dev set, the athletics stories of ``benchmarks/gold``)."""

    join_threshold: float = JOIN_THRESHOLD
    sure_threshold: float = SURE_THRESHOLD
    merge_threshold: float = MERGE_THRESHOLD
    half_life_days: float = HALF_LIFE_DAYS
    window_days: float = WINDOW_DAYS
    max_live: int = MAX_LIVE


@dataclass(slots=True)
class _Story:
    id: str
    order: int
    centroid: Vector
    size: int
    last_seen: datetime | None
    indexed: tuple[str, ...] = ()


@dataclass
class Clusterer:
    """Assigns articles to stories one at a time; the same input order gives the same stories."""

    settings: Settings = field(default_factory=Settings)
    _live: OrderedDict[str, _Story] = field(default_factory=OrderedDict)  # least recently grown first
    _index: dict[str, set[str]] = field(default_factory=dict)
    _merged: dict[str, str] = field(default_factory=dict)
    _count: int = 0

    def add(self, key: str, vector: Vector, when: datetime | None = None) -> str:
        """Place the article ``key`` (its vector, its date) and return its story's id now."""
        self._retire(when)
        best: _Story | None = None
        best_score = 0.0
        for story in self._candidates(vector):
            score = cosine(vector, story.centroid) * self._decay(story, when)
            if score < self.settings.join_threshold:
                continue
            if score < self.settings.sure_threshold and not _share_leads(vector, story.centroid):
                continue
            if best is None or score > best_score or (score == best_score and story.order < best.order):
                best, best_score = story, score
        self._count += 1
        if best is None:
            best = _Story(story_id(key), self._count, {}, 0, when)
            self._live[best.id] = best
        self._grow(best, vector, when)
        self._merge_into_older(best)
        return self.resolve(best.id)

    def resolve(self, story: str) -> str:
        """The id a story goes by now, after any merges."""
        root = story
        while root in self._merged:
            root = self._merged[root]
        while story != root:  # shorten the chain for the next lookup
            following = self._merged[story]
            self._merged[story] = root
            story = following
        return root

    @property
    def live(self) -> int:
        """How many stories can still be joined."""
        return len(self._live)

    def _decay(self, story: _Story, when: datetime | None) -> float:
        if when is None or story.last_seen is None:
            return 1.0
        days = abs((when - story.last_seen).total_seconds()) / 86_400
        return float(0.5 ** (days / self.settings.half_life_days))

    def _candidates(self, vector: Vector) -> list[_Story]:
        ids: set[str] = set()
        for term in top(vector, QUERY_TERMS):
            ids.update(self._index.get(term, ()))
        return sorted((self._live[i] for i in ids), key=lambda s: s.order)

    def _grow(self, story: _Story, vector: Vector, when: datetime | None, size: int = 1) -> None:
        """Add ``vector`` (an article's, or a merged story's centroid of ``size`` articles)."""
        centroid = dict(story.centroid)
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.centroid = top(centroid, CENTROID_TERMS)
        story.size += size
        if when is not None and (story.last_seen is None or when > story.last_seen):
            story.last_seen = when
        self._live.move_to_end(story.id)
        self._reindex(story)

    def _reindex(self, story: _Story) -> None:
        for term in story.indexed:
            self._unindex(term, story.id)
        story.indexed = tuple(top(story.centroid, INDEX_TERMS))
        for term in story.indexed:
            self._index.setdefault(term, set()).add(story.id)

    def _unindex(self, term: str, story: str) -> None:
        postings = self._index.get(term)
        if postings is not None:
            postings.discard(story)
            if not postings:
                del self._index[term]

    def _merge_into_older(self, story: _Story) -> None:
        while True:
            partner = None
            for other in self._candidates(dict.fromkeys(story.indexed, 1.0)):
                if other is story:
                    continue
                if cosine(story.centroid, other.centroid) >= self.settings.merge_threshold and _share_leads(
                    story.centroid, other.centroid
                ):
                    partner = other
                    break
            if partner is None:
                return
            older, newer = (story, partner) if story.order < partner.order else (partner, story)
            self._drop(newer)
            self._merged[newer.id] = older.id
            self._grow(older, newer.centroid, newer.last_seen, newer.size)  # it grew: the last to retire
            story = older

    def _drop(self, story: _Story) -> None:
        for term in story.indexed:
            self._unindex(term, story.id)
        del self._live[story.id]

    def _retire(self, when: datetime | None) -> None:
        while len(self._live) > self.settings.max_live:
            self._drop(next(iter(self._live.values())))
        if when is None:
            return
        while self._live:
            oldest = next(iter(self._live.values()))
            if (
                oldest.last_seen is None
                or (when - oldest.last_seen).total_seconds() / 86_400 <= self.settings.window_days
            ):
                return
            self._drop(oldest)


def _share_leads(a: Vector, b: Vector) -> bool:
    """True when the strongest entities of ``a`` and ``b`` meet, or either names none."""
    lead_a, lead_b = _leads(a), _leads(b)
    return not lead_a or not lead_b or bool(lead_a & lead_b)


def _leads(vector: Vector) -> set[str]:
    names = [(w, t) for t, w in vector.items() if t.startswith("e:")]
    return {t for _, t in sorted(names, key=lambda wt: (-wt[0], wt[1]))[:LEADS]}


def story_id(first_article: str) -> str:
    """A story's id, from the key of the article that started it: stable across runs."""
    return "s-" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:12]
