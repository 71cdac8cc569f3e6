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


def terms(words: str) -> list[str]:
    """The words and quoted phrases of a query, as given: ``'"Red Sea" ships'`` gives
    ``['Red Sea', 'ships']``; those without a letter or digit are dropped."""
    found = [(phrase or word).strip() for phrase, word in _TOKENS.findall(words)]
    return [t for t in found if re.search(r"\w", t)]


def search_query(
    dialect: str, words: str | None, entity: str | None, since: datetime | None, limit: int
) -> Any:
    """The SELECT of (article row, feed URL) for a search, or ``None`` when words were given but
    none is searchable (nothing can match)."""
    from sqlalchemy import and_, func, literal_column, select, text

    from newsbrief.store.models import ArticleEntity, ArticleRow, FeedRow

    query = select(ArticleRow, FeedRow.url).outerjoin(FeedRow, FeedRow.id == ArticleRow.feed_id)
    if words and words.strip():
        found = terms(words)
        if not found:
            return None
        if dialect == "sqlite":
            # Each term quoted: FTS5 reads it as a phrase of its tokens, never as query syntax.
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in found)
            matching = text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match").bindparams(
                match=match
            )
            query = query.where(ArticleRow.id.in_(matching.columns(literal_column("rowid"))))
        else:
            english: Any = literal_column("'english'::regconfig")
            queries: list[Any] = [func.phraseto_tsquery(english, t) for t in found]
            combined: Any = queries[0]
            for more in queries[1:]:
                combined = combined.op("&&")(more)
            query = query.where(literal_column("articles.search").op("@@")(combined))
    if entity and entity.strip():
        named = select(ArticleEntity.article_id).where(ArticleEntity.name == entity.strip().casefold())
        if since is not None:
            named = named.where(ArticleEntity.dated >= since)
        query = query.where(ArticleRow.id.in_(named))
    if since is not None:
        query = query.where(and_(ArticleRow.dated.is_not(None), ArticleRow.dated >= since))
    return query.order_by(ArticleRow.dated.desc(), ArticleRow.id.desc()).limit(limit)
