"""The store's tables (SQLAlchemy 2): feeds, articles, their older revisions, and the entities
articles name. Word search has no class here: the database keeps its index itself (see the
migration ``0002_archive``).

The schema is created and changed only by the migrations in ``migrations/``; these classes are
how the code reads and writes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FeedRow(Base):
    """A feed being watched: its validators for conditional GET and how its last fetch went."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[str | None] = mapped_column(Text)  # "ok", "not modified", "failed: ..."
    last_checked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_ok: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, for the backoff
    next_attempt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ArticleRow(Base):
    """One stored article: where it came from, its identity, and its newest Brief as JSON."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)  # canonical; http(s) only
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)  # as the source gives it
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # parsed
    fetched: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    dated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # published, else fetched
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(32))  # "feed", "feed-content", "ingest", "batch"
    brief: Mapped[str] = mapped_column(Text)  # the Brief JSON
    revisions: Mapped[int] = mapped_column(Integer, default=1)  # versions stored, this one included
    story_id: Mapped[str | None] = mapped_column(String(64), index=True)  # filled by stories


class RevisionRow(Base):
    """An older version of an article whose page changed (the newest is the article itself)."""

    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    dated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(32))
    brief: Mapped[str] = mapped_column(Text)


class BatchPart(Base):
    """A part of a ``batch --db`` run whose briefs are all stored: ``--resume`` skips it."""

    __tablename__ = "batch_parts"

    run: Mapped[str] = mapped_column(String(64), primary_key=True)  # a hash of inputs and options
    part: Mapped[str] = mapped_column(String(512), primary_key=True)
    records: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    finished: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ArticleEntity(Base):
    """An entity an article names, with the article's date: search by entity, newest first."""

    __tablename__ = "article_entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(512))  # case-folded canonical name
    label: Mapped[str] = mapped_column(String(16))
    dated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_article_entities_name_dated", ArticleEntity.name, ArticleEntity.dated, ArticleEntity.article_id)
Index("ix_articles_dated", ArticleRow.dated, ArticleRow.id)


def aware(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
