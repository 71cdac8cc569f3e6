"""The article store: briefs kept in SQLite or PostgreSQL (SQLAlchemy 2, migrated by Alembic).

- ``identity``    canonical URLs and content hashes;
- ``writer``      what makes a brief new, a revision or a duplicate, and bulk writes;
- ``search``      words and entities through the database's own indexes, newest first;
- ``ingest``      files of Brief JSON or raw records into the store, many a transaction;
- ``export``      stored briefs out as JSONL or Parquet, streamed;
- ``models``      the tables (feeds, articles, revisions, the entities they name, batch parts);
- ``migrations/`` the schema, version by version (Alembic);
- ``database``    ``Store``: open, write, read, search, stories' ids, feed state.
"""

from newsbrief.store.database import (
    Added,
    FeedState,
    Store,
    StoredArticle,
    StoreError,
    StorySummary,
    default_url,
)
from newsbrief.store.identity import canonical_url, content_hash

__all__ = [
    "Added",
    "FeedState",
    "Store",
    "StoreError",
    "StoredArticle",
    "StorySummary",
    "canonical_url",
    "content_hash",
    "default_url",
]
