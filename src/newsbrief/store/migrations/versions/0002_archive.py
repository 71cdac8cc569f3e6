"""The archive: revisions, a stored date to order by, full-text search kept by the database.

- ``articles.dated``: the published date, else when fetched (what lists and searches order by),
  with an index, so "newest first" reads an index instead of sorting every row (and, on SQLite,
  one by id, so a search's matches are ordered without reading their rows);
- ``articles.revisions`` and ``article_revisions``: an article whose page changed keeps every
  version (the newest in ``articles``, the older ones here), nothing dropped as a duplicate;
- ``articles.url`` holds only http(s) URLs: any other ``url`` ("n/a") is kept in the brief but
  says nothing about identity, so it is cleared here;
- ``article_entities.dated``, indexed with the name: the newest articles naming an entity are
  an index range, at any store size;
- ``batch_parts``: the parts of a ``batch --db`` run already stored, for ``--resume``;
- word search by the database's own index, filled from the stored brief by the database
  itself (so every writer keeps it current): SQLite an FTS5 table kept by triggers, PostgreSQL
  a generated ``tsvector`` column with a GIN index. ``search_text`` (a second copy of every
  body, for LIKE) is dropped.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Words as both databases stem them for English: Porter's stemmer (SQLite) and Snowball (PostgreSQL).
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = (
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO articles_fts(rowid, title, body)
         VALUES (new.id, coalesce(new.title, ''), coalesce(json_extract(new.brief, '$.body'), ''));
       END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, body)
         VALUES ('delete', old.id, coalesce(old.title, ''), coalesce(json_extract(old.brief, '$.body'), ''));
       END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, brief ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, body)
         VALUES ('delete', old.id, coalesce(old.title, ''), coalesce(json_extract(old.brief, '$.body'), ''));
         INSERT INTO articles_fts(rowid, title, body)
         VALUES (new.id, coalesce(new.title, ''), coalesce(json_extract(new.brief, '$.body'), ''));
       END""",
)
POSTGRES_SEARCH = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "to_tsvector('english'::regconfig, coalesce((brief::jsonb) ->> 'body', ''))) STORED"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("articles", sa.Column("dated", sa.DateTime(timezone=True)))
    op.add_column("articles", sa.Column("revisions", sa.Integer(), nullable=False, server_default="1"))
    op.execute("UPDATE articles SET dated = coalesce(published_at, fetched)")
    op.execute("UPDATE articles SET url = NULL WHERE url NOT LIKE 'http://%' AND url NOT LIKE 'https://%'")
    op.drop_index("ix_articles_order", table_name="articles")
    op.create_index("ix_articles_dated", "articles", ["dated", "id"])

    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Text()),
        sa.Column("dated", sa.DateTime(timezone=True)),
        sa.Column("fetched", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("brief", sa.Text(), nullable=False),
    )
    op.create_index("ix_article_revisions_article_id", "article_revisions", ["article_id"])
    op.create_index("ix_article_revisions_content_hash", "article_revisions", ["content_hash"])

    op.create_table(
        "batch_parts",
        sa.Column("run", sa.String(64), primary_key=True),
        sa.Column("part", sa.String(512), primary_key=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=False),
    )

    op.add_column("article_entities", sa.Column("dated", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE article_entities SET dated = "
        "(SELECT a.dated FROM articles a WHERE a.id = article_entities.article_id)"
    )
    op.drop_index("ix_article_entities_name", table_name="article_entities")
    op.create_index("ix_article_entities_name_dated", "article_entities", ["name", "dated", "article_id"])

    if sqlite:
        # SQLite keeps a row's columns together, the brief among them: an article's date read by
        # id for ordering search matches comes from this index, never from the row.
        op.create_index("ix_articles_id_dated", "articles", ["id", "dated"])
        op.execute(SQLITE_FTS)
        op.execute(
            "INSERT INTO articles_fts(rowid, title, body) SELECT id, coalesce(title, ''), "
            "coalesce(json_extract(brief, '$.body'), '') FROM articles"
        )
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("ALTER TABLE articles DROP COLUMN search_text")
    else:
        op.execute(POSTGRES_SEARCH)
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")
        op.execute("ALTER TABLE articles DROP COLUMN search_text")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.drop_index("ix_articles_id_dated", table_name="articles")
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("ALTER TABLE articles ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
        op.execute(
            "UPDATE articles SET search_text = lower(coalesce(title, '') || char(10) || "
            "coalesce(json_extract(brief, '$.body'), ''))"
        )
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("ALTER TABLE articles DROP COLUMN search")
        op.add_column("articles", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        op.execute(
            "UPDATE articles SET search_text = lower(coalesce(title, '') || chr(10) || "
            "coalesce((brief::jsonb) ->> 'body', ''))"
        )
    op.drop_index("ix_article_entities_name_dated", table_name="article_entities")
    op.create_index("ix_article_entities_name", "article_entities", ["name"])
    op.drop_table("batch_parts")
    op.drop_table("article_revisions")
    op.drop_index("ix_articles_dated", table_name="articles")
    op.create_index("ix_articles_order", "articles", ["published_at", "id"])
    # Plain ALTER TABLE: SQLite (3.35+) and PostgreSQL both drop an unindexed column in place.
    for table, column in (("article_entities", "dated"), ("articles", "revisions"), ("articles", "dated")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
