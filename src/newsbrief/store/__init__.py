"""The article store: briefs kept in SQLite or PostgreSQL (SQLAlchemy 2, migrated by Alembic).

- ``identity``    canonical URLs and content hashes: what makes two articles one;
- ``models``      the tables (feeds, articles, the entities they name);
- ``migrations/`` the schema, version by version (Alembic);
- ``database``    ``Store``: open, add a brief once, search, export, feed state.
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
