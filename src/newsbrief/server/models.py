"""Typed request and response bodies of the HTTP API (the response mirrors brief.schema.json)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Layer = Literal["keypoints", "keywords", "entities", "quotes", "events"]


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    points: int = Field(3, ge=1, description="key points per article (at most the server's max_points)")
    layers: list[Layer] | None = Field(
        None, description="layers to run; null runs all that are installed, skipping the rest with a warning"
    )


class BriefRequest(_Options):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    text: str | None = Field(
        None,
        description="article text; with no title, a first line followed by more lines is the headline",
    )
    title: str | None = Field(None, description="headline, when text holds only the body")
    html: str | None = Field(None, description="a whole HTML page; the article is extracted from it")
    url: str | None = Field(None, description="an http(s) address to fetch (public addresses only)")
    id: str | int | None = Field(None, description="echoed back in the brief")

    @model_validator(mode="after")
    def _one_source(self) -> BriefRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        return self


class BatchRecord(BaseModel):
    """One article of a batch: ``text`` or ``html`` (URLs are fetched one a request, on /v1/brief)."""

    model_config = ConfigDict(extra="forbid")

    id: str | int | None = None
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
