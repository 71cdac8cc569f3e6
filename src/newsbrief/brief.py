"""Run the analyses over a Document and freeze the result into a Brief."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from itertools import chain
from typing import Any

from newsbrief.article import Article
from newsbrief.document import Document, build_document, sentence_words
from newsbrief.entities import Entity, extract_entities
from newsbrief.errors import MissingExtraError, NewsbriefError
from newsbrief.events import Dictionaries, Event, EventModel, extract_events, load_event_model
from newsbrief.keypoints import KeyPoint, KeyPointModel, extract_key_points
from newsbrief.keywords import DEFAULT_COUNT, Keyword, extract_keywords
from newsbrief.nlp.language import language_of_words
from newsbrief.nlp.spacy_pipeline import dependency_parser, load_spacy, sentence_parser
from newsbrief.quotes import Quote, extract_quotes

# Layers in the order they run; entities, quotes and events need the `nlp` extra (spaCy).
LAYERS = ("keypoints", "keywords", "entities", "quotes", "events")
NLP_LAYERS = ("entities", "quotes", "events")
CORE_LAYERS = tuple(layer for layer in LAYERS if layer not in NLP_LAYERS)
NLP_MAX_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts and notes about how the brief was made."""

    paragraphs: int
    sentences: int
    words: int  # whitespace-separated tokens of the body
    layers: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """The frozen result for one article; ``body[kp.start:kp.end]`` is each key point's sentence."""

    title: str | None
    body: str
    key_points: tuple[KeyPoint, ...]
    stats: Stats
    id: str | None = None
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    language: str | None = None
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    keywords: tuple[Keyword, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The Brief as plain JSON-ready data, in the schema's key order."""
        data = asdict(self)
        order = (
            "id",
            "title",
            "body",
            "url",
            "published",
            "byline",
            "language",
            "key_points",
            "keywords",
            "entities",
            "quotes",
            "events",
            "stats",
        )
        return {key: data[key] for key in order}


def resolve_layers(layers: Sequence[str] | None) -> tuple[str, ...]:
    """Validate requested layers; ``None`` means every layer."""
    if layers is None:
        return LAYERS
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(unknown)}; available: {', '.join(LAYERS)}")
    return tuple(layer for layer in LAYERS if layer in layers)


def _prefix(article: Article, limit: int) -> Article:
    """The article cut after its last paragraph that ends within ``limit`` characters."""
    cut = article.body.rfind("\n", 0, limit)
    return replace(article, body=article.body[: cut if cut > 0 else limit])


def build_brief(
    article: Article,
    *,
    points: int = 3,
    layers: Sequence[str] | None = None,
    model: KeyPointModel | None = None,
    keywords: int = DEFAULT_COUNT,
    spacy_model: str | None = None,
    dictionaries: Dictionaries | None = None,
    event_model: EventModel | None = None,
) -> Brief:
    """Analyse ``article`` and return its Brief.

    ``layers=None`` runs every layer, skipping entities, quotes and events with a warning when
    spaCy or its pipeline is not installed; naming those layers explicitly makes that an error
    instead. ``keywords`` is how many keyphrases to keep.
    ``dictionaries`` code events (``events.load_dictionaries``; default newsbrief's own);
    ``event_model`` names their PLOVER categories and finds acts no pattern codes
    (``events.load_event_model``; default the shipped one).
    """
    run = resolve_layers(layers)
    warnings = list(article.warnings)
    nlp = None
    if any(layer in run for layer in NLP_LAYERS):
        try:
            nlp = load_spacy(spacy_model)
        except NewsbriefError as exc:
            if layers is not None:
                raise
            run = tuple(layer for layer in run if layer not in NLP_LAYERS)
            warnings.append(f"entities, quotes and events skipped: {exc}")
    doc: Document = build_document(article)
    tokens = sentence_words(doc)  # read by the key points and the language guess alike
    key_points = extract_key_points(doc, points, model, tokens) if "keypoints" in run else ()
    phrases = extract_keywords(doc, keywords) if "keywords" in run else ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    if nlp is not None:
        # The analyst layers read at most the first NLP_MAX_CHARS of a very long body: their cost
        # grows faster than the text, and a news article is a small fraction of that.
        nlp_doc = doc if len(doc.body) <= NLP_MAX_CHARS else build_document(_prefix(article, NLP_MAX_CHARS))
        if nlp_doc is not doc:
            warnings.append(
                f"entities, quotes and events cover the first {len(nlp_doc.body):,} characters of the body"
            )
        entities = extract_entities(nlp_doc, nlp, [(kp.start, kp.end) for kp in key_points])
        if "quotes" in run:
            quotes = extract_quotes(nlp_doc, entities, dependency_parser(nlp))
        if "events" in run:
            parse = sentence_parser(nlp)
            if parse is None:
                warnings.append("events skipped: the spaCy pipeline has no dependency parser")
            else:
                try:
                    classifier = event_model or load_event_model(None)
                    events = extract_events(nlp_doc, parse, entities, dictionaries, classifier)
                except MissingExtraError as exc:  # spaCy without pycountry
                    if layers is not None:
                        raise
                    warnings.append(f"events skipped: {exc}")
    if "entities" not in run:
        entities = ()
    language = language_of_words(chain.from_iterable(tokens))
    if language is None:
        warnings.append("language not recognised; key points are ranked as if it were English")
    elif language != "en":
        warnings.append(f"language looks like {language!r}; newsbrief is tuned for English")
    if "keypoints" in run and len(key_points) < points:
        warnings.append(f"only {len(key_points)} key point(s): the body has too few usable sentences")
    return Brief(
        id=article.id,
        title=article.title,
        body=article.body,
        url=article.url,
        published=article.published,
        byline=article.byline,
        language=language,
        key_points=key_points,
        keywords=phrases,
        entities=entities,
        quotes=quotes,
        events=events,
        stats=Stats(
            paragraphs=len(doc.paragraphs),
            sentences=len(doc.sentences),
            words=len(article.body.split()),
            layers=run,
            warnings=tuple(warnings),
        ),
    )


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """A Brief again from its JSON form (``Brief.to_dict``), as the store keeps it."""
    from dataclasses import fields

    from newsbrief.entities import Mention

    def known(cls: Any, values: dict[str, Any]) -> dict[str, Any]:
        names = {f.name for f in fields(cls) if f.init}
        return {k: v for k, v in values.items() if k in names}

    stats = data.get("stats") or {}
    return Brief(
        id=None if data.get("id") is None else str(data["id"]),
        title=data.get("title"),
        body=data.get("body") or "",
        url=data.get("url"),
        published=data.get("published"),
        byline=data.get("byline"),
        language=data.get("language"),
        key_points=tuple(KeyPoint(**known(KeyPoint, kp)) for kp in data.get("key_points") or ()),
        keywords=tuple(Keyword(**known(Keyword, k)) for k in data.get("keywords") or ()),
        entities=tuple(
            Entity(**{**known(Entity, e), "mentions": tuple(Mention(**m) for m in e.get("mentions") or ())})
            for e in data.get("entities") or ()
        ),
        quotes=tuple(Quote(**known(Quote, q)) for q in data.get("quotes") or ()),
        events=tuple(Event(**known(Event, e)) for e in data.get("events") or ()),
        stats=Stats(
            paragraphs=int(stats.get("paragraphs", 0)),
            sentences=int(stats.get("sentences", 0)),
            words=int(stats.get("words", 0)),
            layers=tuple(stats.get("layers") or ()),
            warnings=tuple(stats.get("warnings") or ()),
        ),
    )
