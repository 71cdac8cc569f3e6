"""The first tables: feeds, articles, the entities articles name.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("title", sa.Text()),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("last_status", sa.Text()),
        sa.Column("last_checked", sa.DateTime(timezone=True)),
        sa.Column("last_ok", sa.DateTime(timezone=True)),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(2048), unique=True),
        sa.Column("feed_id", sa.Integer(), sa.ForeignKey("feeds.id", ondelete="SET NULL")),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Text()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("fetched", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("brief", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("story_id", sa.String(64)),
    )
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_order", "articles", ["published_at", "id"])
    op.create_table(
        "article_entities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
    )
    op.create_index("ix_article_entities_article_id", "article_entities", ["article_id"])
    op.create_index("ix_article_entities_name", "article_entities", ["name"])


def downgrade() -> None:
    op.drop_table("article_entities")
    op.drop_index("ix_articles_order", table_name="articles")
    op.drop_index("ix_articles_story_id", table_name="articles")
    op.drop_table("articles")
    op.drop_table("feeds")
