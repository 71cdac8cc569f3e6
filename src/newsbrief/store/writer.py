"""How briefs become rows: many a transaction, each article once, every version kept.

A brief is matched to what is stored in this order:
1. its words (``content_hash``) are those of a stored article or of one of its older revisions:
   a ``duplicate``, nothing written;
2. its canonical URL is a stored article's: an ``updated`` article, a new revision of it (the
   newer by date is the one shown, the other goes to ``article_revisions``);
3. else it is ``new``.

Only an http(s) ``url`` is an identity: any other ("n/a", "urn:...") is kept in the brief as
given and noted, but never merges two articles. A batch is one transaction: a crash loses at
most the batch in flight, and a rerun finds what was stored and calls it a duplicate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsbrief.article import parse_published
from newsbrief.brief import Brief
from newsbrief.store.identity import canonical_url, content_hash

# PostgreSQL's JSON reader refuses the escaped NUL character; U+FFFD keeps every offset.
_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


@dataclass(slots=True)
class Incoming:
    """One brief ready to be written: its JSON text and what identifies and orders it."""

    data: str
    title: str | None
    published: str | None
    published_at: datetime | None
    dated: datetime
    fetched: datetime
    url: str | None  # canonical, http(s) only
    digest: str
    source: str
    feed_id: int | None
    story: str | None
    entities: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None
    id: int | None = None  # reserved in input order (PostgreSQL), used if the article is new


def incoming(
    brief: Brief | dict[str, Any],
    *,
    url: str | None = None,
    feed_id: int | None = None,
    source: str = "ingest",
    now: datetime | None = None,
    text: str | None = None,
) -> Incoming:
    """Prepare ``brief`` (a Brief, or Brief JSON as ``to_dict`` or ``export`` writes it, whose
    ``story`` is kept) for writing; ``url`` overrides the brief's own. ``text``, the JSON
    ``brief`` was read from, is stored as it is when nothing is to change (no re-encoding)."""
    if isinstance(brief, Brief):
        data, story, text = brief.to_dict(), None, None
    elif "story" in brief:
        data, story, text = {k: v for k, v in brief.items() if k != "story"}, _text(brief["story"]), None
    else:
        data, story = brief, None
    if url:
        data = {**data, "url": url}
        text = None
    link = _text(data.get("url"))
    canonical, note = None, None
    if link and link.strip().lower().startswith(("http://", "https://")):
        canonical = canonical_url(link)
    elif link:
        note = f"url {link[:80]!r} is not an http(s) URL: kept as given, not used to match articles"
    title, body = _text(data.get("title")), data.get("body")
    published = _text(data.get("published"))
    published_at = parse_published(published)
    if published_at is not None:  # one zone for every stored date, so they order as instants
        published_at = published_at.astimezone(UTC)
    fetched = now or datetime.now(UTC)
    entities = []
    for entity in data.get("entities") or ():
        if isinstance(entity, dict) and isinstance(entity.get("name"), str):
            entities.append((entity["name"].casefold()[:512], str(entity.get("label") or "")[:16]))
    if text is None:
        text = json.dumps(data, ensure_ascii=False)
    if "\\u0000" in text:
        text = _NUL.sub(r"\1\\ufffd", text)
    return Incoming(
        data=text,
        title=title,
        published=published,
        published_at=published_at,
        dated=published_at or fetched,
        fetched=fetched,
        url=canonical,
        digest=content_hash(title, body if isinstance(body, str) else ""),
        source=source,
        feed_id=feed_id,
        story=story,
        entities=list(dict.fromkeys(entities)),
        note=note,
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# The statuses of ``Added``; a placeholder id until the batch's new rows are inserted.
_PENDING = -1


def write_batch(session: Any, items: Sequence[Incoming]) -> list[tuple[str, int]]:
    """Write ``items`` in ``session``'s transaction (the caller commits); ``(status, id)`` each."""
    from sqlalchemy import select

    from newsbrief.store.models import ArticleRow, RevisionRow

    digests = list({i.digest for i in items})
    urls = list({i.url for i in items if i.url})
    known: dict[str, int] = {}  # content hash -> article id
    by_url: dict[str, int] = {}  # canonical URL -> article id
    query: Any
    for chunk in chunks(digests):
        for query in (
            select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(chunk)),
            select(RevisionRow.content_hash, RevisionRow.article_id).where(
                RevisionRow.content_hash.in_(chunk)
            ),
        ):
            known.update((digest, article_id) for digest, article_id in session.execute(query))
    for chunk in chunks(urls):
        query = select(ArticleRow.url, ArticleRow.id).where(ArticleRow.url.in_(chunk))
        by_url.update((url, article_id) for url, article_id in session.execute(query))

    results: list[tuple[str, int]] = []
    pending: list[tuple[int, Incoming]] = []  # (position in results, item) to insert

    def flush() -> None:
        if not pending:
            return
        ids = _insert_new(session, [item for _, item in pending])
        for (position, item), new_id in zip(pending, ids, strict=True):
            results[position] = ("new", new_id)
            known[item.digest] = new_id
            if item.url:
                by_url[item.url] = new_id
        pending.clear()

    for item in items:
        if known.get(item.digest) == _PENDING or (item.url and by_url.get(item.url) == _PENDING):
            flush()  # it refers to an article of this batch: give that one its id first
        if item.digest in known:
            results.append(("duplicate", known[item.digest]))
        elif item.url and item.url in by_url:
            article_id = by_url[item.url]
            _add_revision(session, article_id, item)
            known[item.digest] = article_id
            results.append(("updated", article_id))
        else:
            results.append(("new", _PENDING))
            pending.append((len(results) - 1, item))
            known[item.digest] = _PENDING
            if item.url:
                by_url[item.url] = _PENDING
    flush()
    return results


def chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    """``values`` in slices of ``size``: as many as one SQL ``IN (...)`` list should hold."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _insert_new(session: Any, items: Sequence[Incoming]) -> list[int]:
    from sqlalchemy import select

    from newsbrief.store.models import ArticleRow

    connection = session.connection()
    # SQLite keeps dates as SQLAlchemy writes them there (UTC wall time), so both read back
    # alike; each date is written out once, not once per entity row.
    when = sqlite_time if connection.dialect.name == "sqlite" else _as_is
    dated = [when(i.dated) for i in items]
    rows = [
        (
            i.url,
            i.feed_id,
            i.title,
            i.published,
            when(i.published_at),
            when(i.fetched),
            day,
            i.digest,
            i.source,
            i.data,
            1,
            i.story,
        )
        for i, day in zip(items, dated, strict=True)
    ]
    # Rows straight to the driver (COPY on PostgreSQL, executemany on SQLite): at archive scale
    # the ORM's per-row work costs more than the database's. No RETURNING: the ids were reserved
    # (PostgreSQL), or are read back by content hash, unique in the table.
    if all(i.id is not None for i in items):
        ids = [int(i.id or 0) for i in items]
        _bulk_insert(
            connection,
            "articles",
            ("id", *_ARTICLE_COLUMNS),
            [(n, *r) for n, r in zip(ids, rows, strict=True)],
        )
    else:
        with _words_indexed_after(connection, items) as indexed:
            _bulk_insert(connection, "articles", _ARTICLE_COLUMNS, rows)
            ids_of: dict[str, int] = {}
            digests = [i.digest for i in items]
            for chunk in chunks(digests):
                query = select(ArticleRow.content_hash, ArticleRow.id).where(
                    ArticleRow.content_hash.in_(chunk)
                )
                ids_of.update((digest, article_id) for digest, article_id in connection.execute(query))
            ids = [ids_of[digest] for digest in digests]
            indexed.extend(ids)
    entities = [
        (article_id, name, label, day)
        for article_id, item, day in zip(ids, items, dated, strict=True)
        for name, label in item.entities
    ]
    if entities:
        _bulk_insert(connection, "article_entities", ("article_id", "name", "label", "dated"), entities)
    return ids


@contextmanager
def _words_indexed_after(connection: Any, items: Sequence[Incoming]) -> Iterator[list[int]]:
    """On SQLite, many new articles are put in the full-text index by one statement once they
    are written (the ids the caller adds to the list) rather than row by row by the insert
    trigger, which costs twice as much. The trigger is dropped and made again inside the
    writer's transaction, which holds the write lock: no other writer ever sees it missing."""
    ids: list[int] = []
    if connection.dialect.name != "sqlite" or len(items) < _BULK_INDEX:
        yield ids
        return
    from sqlalchemy import text

    trigger = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_fts_insert'")
    ).scalar()
    if trigger is None:  # a store without the index (or before its migration)
        yield ids
        return
    connection.execute(text("DROP TRIGGER articles_fts_insert"))
    yield ids
    for chunk in chunks(ids):
        marks = ", ".join(str(int(i)) for i in chunk)
        connection.execute(
            text(
                "INSERT INTO articles_fts(rowid, title, body) SELECT id, coalesce(title, ''), "
                f"coalesce(json_extract(brief, '$.body'), '') FROM articles WHERE id IN ({marks})"
            )
        )
    connection.execute(text(trigger))


_BULK_INDEX = 50  # new articles in one write from which one indexing statement pays

_ARTICLE_COLUMNS = (
    "url",
    "feed_id",
    "title",
    "published",
    "published_at",
    "fetched",
    "dated",
    "content_hash",
    "source",
    "brief",
    "revisions",
    "story_id",
)


def _bulk_insert(connection: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    names = ", ".join(columns)
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def sqlite_time(value: datetime | None) -> str | None:
    """A date as SQLAlchemy writes it in SQLite (UTC wall time), for raw SQL beside it."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _as_is(value: datetime | None) -> datetime | None:
    return value


def _add_revision(session: Any, article_id: int, item: Incoming) -> None:
    """Keep ``item`` as a version of the article: shown, if it is the newer, the other kept."""
    from sqlalchemy import delete, insert, select, update

    from newsbrief.store.models import ArticleEntity, ArticleRow, RevisionRow, aware

    current = session.execute(select(ArticleRow).where(ArticleRow.id == article_id)).scalar_one()
    older_current = current.dated is None or aware(current.dated) <= item.dated
    if older_current:
        kept = {column: getattr(current, column) for column in _version(item)}
    else:
        kept = _version(item)
    session.execute(insert(RevisionRow).values(article_id=article_id, **kept))
    values: dict[str, Any] = {"revisions": ArticleRow.revisions + 1}
    if older_current:
        values.update(_version(item), published_at=item.published_at)
        if item.feed_id is not None:
            values["feed_id"] = item.feed_id
        if item.story is not None:
            values["story_id"] = item.story
    session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(**values))
    if older_current:
        session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
        if item.entities:
            session.execute(
                insert(ArticleEntity),
                [
                    {"article_id": article_id, "name": n, "label": label, "dated": item.dated}
                    for n, label in item.entities
                ],
            )


def _version(item: Incoming) -> dict[str, Any]:
    """The columns an article and an older revision of it share, for ``item``."""
    return {
        "title": item.title,
        "published": item.published,
        "dated": item.dated,
        "fetched": item.fetched,
        "content_hash": item.digest,
        "source": item.source,
        "brief": item.data,
    }
