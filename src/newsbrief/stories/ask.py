"""Ask the archive: which stored story a question is about, answered with that story's brief.

A question's words that can name a story (its content words, not "what" or "latest") and the
names in it are looked up in the store's indexes (full-text and entity), never by reading every
article. The most specific lookup that finds articles counts most: all the words at once, then
leaving out the commonest word, and so on down to the rarest alone. Each matching article scores
the rarity of the words it was found by; a story scores its best article, then how many of its
articles matched. The answer is the best story's developments, newest first, each a sentence of
an article with its source and date, and the other matching stories. No text is generated.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.keywords import load_background
from newsbrief.nlp.words import content_terms
from newsbrief.stories.story import Story

if TYPE_CHECKING:
    from newsbrief.store import Store

# Words that say what is asked, not what it is about.
QUESTION_WORDS = frozenset(
    content_terms(
        "what whats happened happen happens happening latest news fate update updates story "
        "tell know known why how when where who whom whose which will would could should did does "
        "going new newest current status outcome result results say said think thinks"
    )
)
MAX_WORDS = 8  # a question's rarest words; more only make the first lookups slower
FOUND_PER_LOOKUP = 200
OTHERS = 5
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.-]*)*")


class NoStoriesError(NewsbriefError):
    """The store has articles but no stories yet: ``newsbrief stories --db`` has not run."""


@dataclass(frozen=True, slots=True)
class Match:
    """A stored story that matches the question: how many of its articles did, and how well."""

    id: str
    headline: str | None
    articles: int
    matched: int
    score: float
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    """The story a question is about (``None`` when nothing stored matches) and the others."""

    question: str
    words: tuple[str, ...]  # what was looked up, rarest first
    story: Story | None
    others: tuple[Match, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def question_words(question: str) -> list[str]:
    """The words of ``question`` that can name a story, as written, rarest first."""
    return [word for _, word in _by_rarity(question)]


def _by_rarity(question: str) -> list[tuple[float, str]]:
    """``(rarity, word)`` for the words of ``question`` that can name a story, rarest first."""
    seen: dict[str, tuple[float, str]] = {}
    for found in _WORD.findall(question):
        word = _possessive(found.strip("'’.-"))
        terms = _terms(word)
        if not terms:
            continue
        rarity = _rarity(word)
        key = " ".join(terms)
        if key not in seen or seen[key][0] < rarity:
            seen[key] = (rarity, word)
    return sorted(seen.values(), key=lambda rw: (-rw[0], rw[1].lower()))[:MAX_WORDS]


def names_in(question: str) -> list[str]:
    """Capitalised runs of the question that may be an entity's name ("Michael Howard"); a
    question word that opens the question is not part of one."""
    found = []
    for match in _NAME.finditer(question):
        parts = match.group(0).split()
        while parts and _possessive(parts[0]).lower() in _OPENERS:
            parts = parts[1:]
        if parts:
            found.append(_possessive(" ".join(parts)))
    return found


def _possessive(word: str) -> str:
    """``word`` without a closing 's ("What's" -> "What", "Howard's" -> "Howard")."""
    return re.sub(r"['’]s$", "", word)


def _terms(word: str) -> list[str]:
    return [t for t in content_terms(word) if t not in QUESTION_WORDS]


def _rarity(word: str) -> float:
    """How rare ``word`` is in the language: its rarest content term's background IDF; the one
    measure both for ordering the question's words and for scoring what they find."""
    background = load_background()
    return max((background.idf(t) for t in _terms(word)), default=0.0)


_OPENERS = frozenset(
    {"what", "whats", "who", "why", "how", "when", "where", "will", "did", "is", "are", "does"}
)


def ask(store: Store, question: str, others: int = OTHERS) -> Answer:
    """The stored story ``question`` is about, with its brief, and the other matching stories."""
    question = " ".join(question.split())
    if not question:
        raise InputError('ask what? give a question, e.g. "What\'s the fate of the summit?"')
    ranked_words = _by_rarity(question)
    if not ranked_words:
        raise InputError(f"the question {question!r} has no word that could name a story")
    words = [word for _, word in ranked_words]
    rarity = {word: value for value, word in ranked_words}
    best: dict[int, tuple[float, str]] = {}  # article id -> (score, story)

    def found(articles: list[Any], score: float) -> None:
        for article in articles:
            if article.story is not None and best.get(article.id, (0.0, ""))[0] < score:
                best[article.id] = (score, article.story)

    for name in names_in(question):
        name_rarity = sum(rarity.get(w, 0.0) for w in _WORD.findall(name))
        found(store.search(entity=name, limit=FOUND_PER_LOOKUP), name_rarity)
    for size in range(len(words), 0, -1):
        looked_up = words[:size]  # the rarest ``size`` words, all of them
        articles = store.search(" ".join(f'"{w}"' for w in looked_up), limit=FOUND_PER_LOOKUP)
        found(articles, sum(rarity[w] for w in looked_up))
    if not best and store.count() and not store.stories(1):
        raise NoStoriesError("the store has no stories yet: run `newsbrief stories --db URL` first")
    by_story: dict[str, list[float]] = {}
    for score, story in best.values():
        by_story.setdefault(story, []).append(score)
    ranked = sorted(by_story.items(), key=lambda kv: (-_score(kv[1]), kv[0]))[: others + 1]
    if not ranked:
        return Answer(question, tuple(words), None, ())
    summaries = {s.id: s for s in store.stories(len(ranked), ids=[story for story, _ in ranked])}
    matches = []
    for story, scores in ranked:
        summary = summaries.get(story)
        last = summary.last.isoformat() if summary and summary.last else None
        size = summary.articles if summary else len(scores)
        score = round(_score(scores), 3)
        matches.append(Match(story, summary.headline if summary else None, size, len(scores), score, last))
    from newsbrief.stories.stored import stored_story

    return Answer(question, tuple(words), stored_story(store, matches[0].id), tuple(matches[1:]))


def _score(scores: list[float]) -> float:
    """A story's score from its matching articles': the best decides, more of them break a tie."""
    return max(scores) + 0.1 * math.log(len(scores))
