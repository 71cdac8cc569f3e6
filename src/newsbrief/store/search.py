"""Search by words and entities through the database's own indexes, newest first.

Words: each word or "quoted phrase" of the query must appear in the title or body, matched as
English stems. SQLite answers from the FTS5 table ``articles_fts`` (Porter stems), PostgreSQL
from the ``search`` tsvector column and its GIN index (Snowball stems, which also leave out
stop words such as "the"). Entities: ``article_entities`` indexed by name and date.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

_TOKENS = re.compile(r'"([^"]*)"|(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # no part of any word; NUL breaks both databases' queries


def _printable(text: str) -> str:
    return _CONTROL.sub(" ", text)


def terms(words: str) -> list[str]:
    """The words and quoted phrases of a query, as given: ``'"Red Sea" ships'`` gives
    ``['Red Sea', 'ships']``; those without a letter or digit are dropped."""
    found = [(phrase or word).strip() for phrase, word in _TOKENS.findall(_printable(words))]
    return [t for t in found if re.search(r"\w", t)]


def search_ids(
    connection: Any, words: str | None, entity: str | None, since: datetime | None, limit: int
) -> list[int]:
    """The ids of the newest ``limit`` articles that match, newest first: an index answers,
    never a read of the articles themselves (their rows hold the whole brief)."""
    words = words if words and words.strip() else None
    entity = _printable(entity or "").strip().casefold() or None
    found = terms(words) if words else []
    if words and not found:
        return []  # words were given, none of them searchable: nothing can match
    if not found and entity:  # the entity index holds the dates: the answer is a range of it
        return _entity_ids(connection, entity, since, limit)
    if connection.dialect.name == "sqlite":
        return _sqlite_ids(connection, found, entity, since, limit)
    return _postgres_ids(connection, found, entity, since, limit)


# A word in more articles than this is looked for newest first through the date index; a rarer
# one finds its articles first and orders those (both stop at ``limit``). Either way a search
# reads at most about this many rows: a word in m of N articles costs m reads one way and
# limit * N / m the other.
_COMMON = 5_000


def _sqlite_ids(
    connection: Any, found: list[str], entity: str | None, since: datetime | None, limit: int
) -> list[int]:
    from sqlalchemy import text

    from newsbrief.store.writer import sqlite_time

    params: dict[str, Any] = {"limit": limit, "entity": entity, "since": sqlite_time(since)}
    conditions = []
    index = "ix_articles_dated"
    if found:
        # Each term quoted: FTS5 reads it as a phrase of its tokens, never as query syntax.
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in found)
        matching = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"
        conditions.append(f"a.id IN ({matching})")
        count = connection.execute(text(f"SELECT count(*) FROM ({matching} LIMIT {_COMMON + 1})"), params)
        if int(count.scalar() or 0) <= _COMMON:
            index = "ix_articles_id_dated"  # each match's date from the index, then the newest
    if entity:
        conditions.append("a.id IN (SELECT article_id FROM article_entities WHERE name = :entity)")
    if since:
        conditions.append("a.dated >= :since")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    order = "ORDER BY a.dated DESC, a.id DESC LIMIT :limit"
    sql = f"SELECT a.id FROM articles AS a INDEXED BY {index} {where} {order}"
    return [int(i) for i in connection.execute(text(sql), params).scalars()]


def _entity_ids(connection: Any, entity: str, since: datetime | None, limit: int) -> list[int]:
    from sqlalchemy import select

    from newsbrief.store.models import ArticleEntity

    query = select(ArticleEntity.article_id).where(ArticleEntity.name == entity)
    if since is not None:
        query = query.where(ArticleEntity.dated >= since)
    query = query.order_by(ArticleEntity.dated.desc(), ArticleEntity.article_id.desc()).limit(limit)
    return [int(i) for i in connection.execute(query).scalars()]


def _postgres_ids(
    connection: Any, found: list[str], entity: str | None, since: datetime | None, limit: int
) -> list[int]:
    from sqlalchemy import func, literal_column, select

    from newsbrief.store.models import ArticleEntity, ArticleRow

    query = select(ArticleRow.id, ArticleRow.dated)
    if found:
        english: Any = literal_column("'english'::regconfig")
        queries: list[Any] = [func.phraseto_tsquery(english, t) for t in found]
        combined: Any = queries[0]
        for more in queries[1:]:
            combined = combined.op("&&")(more)
        query = query.where(literal_column("articles.search").op("@@")(combined))
    if entity:
        named = select(ArticleEntity.article_id).where(ArticleEntity.name == entity)
        if since is not None:
            named = named.where(ArticleEntity.dated >= since)
        query = query.where(ArticleRow.id.in_(named))
    if since is not None:
        query = query.where(ArticleRow.dated >= since)
    newest = (ArticleRow.dated.desc(), ArticleRow.id.desc())
    if found and _estimate(connection, query) <= 2 * _COMMON:
        # Walked newest first, a rare word would read every row: its matches (up to a point)
        # are found first through the GIN index, once, and only those ordered. The planner's
        # estimate (the tsvector column's word statistics) sends the words it knows to be
        # common straight to the date walk, which finds their newest matches in a few rows.
        matches = query.limit(_COMMON + 1).cte("matches").prefix_with("MATERIALIZED")
        many = select(func.count()).select_from(matches).scalar_subquery()
        ordered = (
            select(matches.c.id, many).order_by(matches.c.dated.desc(), matches.c.id.desc()).limit(limit)
        )
        rows = connection.execute(ordered).all()
        if not rows or int(rows[0][1]) <= _COMMON:
            return [int(row[0]) for row in rows]
    ordered = select(query.order_by(*newest).limit(limit).subquery().c.id)
    return [int(i) for i in connection.execute(ordered).scalars()]


def _estimate(connection: Any, query: Any) -> float:
    """The planner's estimate of how many rows ``query`` matches (no row is read)."""
    compiled = query.compile(dialect=connection.dialect)
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar()
    return float(plan[0]["Plan"]["Plan Rows"])
