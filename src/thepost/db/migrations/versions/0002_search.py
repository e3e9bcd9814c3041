"""Full-text search: the vocabulary table, and each engine's own index.

SQLite: an FTS5 table (porter stemming, accents folded) keyed by article id, and a
trigram FTS5 table over the vocabulary for typo tolerance.
PostgreSQL: a tsvector per article with a GIN index (English stemming, unaccent), and a
pg_trgm index over the vocabulary.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_terms")),
    )
    op.create_index(
        "ix_articles_search", "articles", ["id", "status", "published_at", "section_id"]
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title, standfirst, tags, authors, section, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        op.execute("CREATE VIRTUAL TABLE search_trigrams USING fts5(term, tokenize = 'trigram')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "DO $$ BEGIN "
            "CREATE TEXT SEARCH CONFIGURATION thepost_english (COPY = english); "
            "EXCEPTION WHEN unique_violation THEN NULL; END $$"
        )
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION thepost_english "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )
        op.create_table(
            "search_documents",
            sa.Column("article_id", sa.Integer(), nullable=False),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(
                ["article_id"],
                ["articles.id"],
                name="fk_search_documents_article_id_articles",
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("article_id", name="pk_search_documents"),
        )
        # fastupdate off here; 0024 turns it on with a small pending list.
        op.execute(
            "CREATE INDEX ix_search_documents_document ON search_documents "
            "USING gin (document) WITH (fastupdate = off)"
        )
        op.execute(
            "CREATE INDEX ix_search_terms_trigram ON search_terms "
            "USING gin (term gin_trgm_ops) WITH (fastupdate = off)"
        )


def downgrade() -> None:
    op.drop_index("ix_articles_search", "articles")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_trigrams")
        op.execute("DROP TABLE search_fts")
    else:
        op.drop_table("search_documents")
    op.drop_table("search_terms")
