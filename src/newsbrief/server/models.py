"""Typed request and response bodies of the HTTP API (the response mirrors brief.schema.json)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from newsbrief.stories.developments import DEVELOPMENTS

Layer = Literal["keypoints", "keywords", "entities", "quotes", "events"]


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    points: int = Field(3, ge=1, description="key points per article (at most the server's max_points)")
    layers: list[Layer] | None = Field(
        None, description="layers to run; null runs all that are installed, skipping the rest with a warning"
    )


def _not_a_bool(value: object) -> object:
    """JSON's true and false are no id (pydantic would read them as 1 and 0)."""
    if isinstance(value, bool):
        raise ValueError("an id is a string or an integer, not true or false")
    return value


# A record's id, echoed back: a string or an integer.
Id = Annotated[str | int | None, BeforeValidator(_not_a_bool)]


def _exactly_one_of(*names: str) -> JsonDict:
    """JSON Schema for "exactly one of these fields is given, and not null" (as the validators say)."""
    return {"oneOf": [{"required": [name], "properties": {name: {"type": "string"}}} for name in names]}


class BriefRequest(_Options):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_of("text", "html", "url"))

    text: str | None = Field(
        None,
        description="article text; with no title, a first line followed by more lines is the headline",
    )
    title: str | None = Field(None, description="headline, when text holds only the body")
    html: str | None = Field(None, description="a whole HTML page; the article is extracted from it")
    url: str | None = Field(
        None,
        # Checked by the server, which says why ("url must be an http(s) address"); stated here.
        json_schema_extra={"pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"},
        description="an http(s) address to fetch (public addresses only)",
    )
    id: Id = Field(None, description="echoed back in the brief")

    @model_validator(mode="after")
    def _one_source(self) -> BriefRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        return self


class BatchRecord(BaseModel):
    """One article of a batch: ``text`` or ``html`` (URLs are fetched one a request, on /v1/brief)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_of("text", "html"))

    id: Id = None
    text: str | None = None
    title: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> BatchRecord:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")
        return self


class BatchRequest(_Options):
    records: list[BatchRecord] = Field(..., min_length=1, description="at most the server's max_batch")


class KeyPointOut(BaseModel):
    text: str
    sentence: int
    start: int
    end: int
    score: float


class KeywordOut(BaseModel):
    text: str
    score: float
    start: int | None
    end: int | None


class MentionOut(BaseModel):
    text: str
    start: int
    end: int


class EntityOut(BaseModel):
    id: str
    name: str
    label: Literal["PERSON", "ORG", "GPE", "LOC"]
    mentions: list[MentionOut]
    salience: float
    role: str | None
    in_headline: bool


class QuoteOut(BaseModel):
    text: str
    start: int
    end: int
    kind: Literal["direct", "partial", "reported"]
    speaker: str | None
    speaker_id: str | None
    cue: str | None


class EventOut(BaseModel):
    source: str = Field(..., description="CAMEO actor code of who acts, e.g. RUSGOV")
    target: str = Field(..., description="CAMEO actor code of who is acted on, e.g. UKR")
    code: str = Field(..., description="CAMEO event code, e.g. 1312")
    root: str | None
    quad: int | None
    plover: str | None
    label: str | None
    confidence: float | None = Field(
        None, description="the event model's probability for its PLOVER category"
    )
    coder: str = Field("rules", description="who found it: rules (a verb pattern) or model (the classifier)")
    country: str | None = Field(None, description="ISO 3166 alpha-3 code of where it happened")
    place: str | None = Field(
        None, description="where it happened: the place named for it, else the dateline"
    )
    sentence: int
    start: int
    end: int
    text: str
    verb: str
    source_text: str
    target_text: str
    source_entity: str | None
    target_entity: str | None
    date: str | None


class StatsOut(BaseModel):
    paragraphs: int
    sentences: int
    words: int
    layers: list[str]
    warnings: list[str]


class BriefOut(BaseModel):
    """A Brief, as ``newsbrief brief --format json`` prints it."""

    id: str | int | float | None
    title: str | None
    body: str
    url: str | None
    published: str | None
    byline: str | None
    language: str | None
    key_points: list[KeyPointOut]
    keywords: list[KeywordOut] = []
    entities: list[EntityOut]
    quotes: list[QuoteOut]
    events: list[EventOut]
    stats: StatsOut


class ErrorDetail(BaseModel):
    code: str = Field(..., description="stable machine-readable code, e.g. text_too_long")
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class BatchItemError(BaseModel):
    id: str | int | None
    error: ErrorDetail


class BatchOut(BaseModel):
    """One result per record, in order: a brief, or that record's error."""

    results: list[BriefOut | BatchItemError]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    layers: list[str] = Field(..., description="layers this server can run")


class StoredBriefOut(BriefOut):
    """A stored article's Brief JSON (as it was stored) with the story it belongs to."""

    model_config = ConfigDict(extra="allow")

    story: str | None = Field(None, description="its story's id, once `newsbrief stories --db` ran")


class StoredArticleOut(BaseModel):
    """A stored article, without its brief (``/v1/articles/{id}`` gives that)."""

    id: int
    url: str | None
    feed: str | None
    title: str | None
    published: str | None = Field(..., description="as the source gave it")
    fetched: str = Field(..., description="when it was stored, ISO 8601")
    source: str = Field(..., description="how it came: feed, feed-content, ingest or batch")
    story: str | None
    revisions: int = Field(..., description="versions stored under its URL, this one included")


class ArticleListOut(BaseModel):
    articles: list[StoredArticleOut]


class StorySummaryOut(BaseModel):
    id: str
    articles: int
    first_seen: str | None
    last_seen: str | None
    headline: str | None = Field(..., description="its newest article's")


class StoryListOut(BaseModel):
    stories: list[StorySummaryOut]


class StoryArticleOut(BaseModel):
    key: str = Field(..., description="the article's id in the store")
    title: str | None
    url: str | None
    published: str | None


class EntryOut(BaseModel):
    """A sentence or quote of one of the story's articles: ``body[start:end]`` of that article."""

    date: str | None
    kind: Literal["key_point", "event", "quote"]
    text: str
    article: str = Field(..., description="the key of the article in ``articles``")
    start: int
    end: int
    who: str | None = Field(None, description="a quote's speaker, an event's actors")


class StoryOut(BaseModel):
    """A story: its brief (``developments``, newest first) and its timeline (oldest first)."""

    id: str
    label: str
    headline: str | None
    first_seen: str | None
    last_seen: str | None
    articles: list[StoryArticleOut]
    developments: list[EntryOut] = Field(..., max_length=DEVELOPMENTS)
    timeline: list[EntryOut]


class MatchOut(BaseModel):
    """Another stored story the question matches."""

    id: str
    headline: str | None
    articles: int
    matched: int = Field(..., description="how many of its articles the question's words found")
    score: float
    last_seen: str | None


class AnswerOut(BaseModel):
    """The story a question is about (null when no stored story matches) and the others."""

    question: str
    words: list[str] = Field(..., description="what was looked up, rarest first")
    story: StoryOut | None
    others: list[MatchOut]
