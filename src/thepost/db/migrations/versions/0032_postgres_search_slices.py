"""PostgreSQL's search reads the newest matches first, finds phrases by word pairs, and
keeps English stop words.

``search_documents`` gains ``published_at`` and ``section_id`` (the article's, written
with the document), so visibility and the section and date filters need no join to
``articles``, and ``pairs``: a tsvector of the document's adjacent word pairs, each at
its first word's position (``thepost_word_pairs``, a function of the database), which
checks a quoted phrase without reading every candidate's positions.

Where ``btree_gin`` is available, one GIN index covers ``document``, ``pairs`` and
``published_at`` (``ix_search_documents_match``): a search looks at the newest
documents first (a range of ``published_at``) and the index intersects it with the
words in one scan. Without it, ``document`` and ``pairs`` get a GIN index each
(``ix_search_documents_document``, ``ix_search_documents_pairs``) and every search reads
all its matches, as before.

English: ``thepost_english`` stems with ``thepost_english_stem``, Snowball's English
stemmer without its stop words, so "the who" finds what it says, as on SQLite (where
English has no stop words). The English documents are analysed again; the document is
made as ``search.backends.postgres.writing`` makes it. Nothing changes on SQLite.

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

ENGLISH, SIMPLE = "thepost_english", "thepost_simple"
ENGLISH_TOKENS = ("asciiword", "asciihword", "hword_asciipart")  # no unaccent needed
FOLDED_TOKENS = ("word", "hword", "hword_part")
COMBINED = "ix_search_documents_match"
DOCUMENT, PAIRS = "ix_search_documents_document", "ix_search_documents_pairs"
GIN_OPTIONS = "WITH (fastupdate = on, gin_pending_list_limit = 64)"

# The adjacent pairs of a document's words: each pair of lexemes at positions p and p+1
# (the marked lexemes of the vocabulary and the headline left out), as one lexeme at p.
WORD_PAIRS = r"""
CREATE OR REPLACE FUNCTION thepost_word_pairs(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH placed AS (
        SELECT t.lexeme, p.position
        FROM unnest(document) AS t, unnest(t.positions) AS p(position)
        WHERE left(t.lexeme, 1) NOT IN (chr(1), chr(2))
    )
    SELECT coalesce(string_agg(
        chr(39) || replace(replace(pair, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39))
        || chr(39) || ':' || positions, ' '), '')::tsvector
    FROM (
        SELECT chr(3) || w.lexeme || chr(3) || n.lexeme AS pair,
               string_agg(w.position::text, ',' ORDER BY w.position) AS positions
        FROM placed AS w JOIN placed AS n ON n.position = w.position + 1
        GROUP BY 1
    ) AS pairs
$$
"""

# English documents as search.backends.postgres.writing makes them, in the configuration
# as it is from here on.
FIELD_GAP = " thepostfieldgap "
BODY_INDEXED = 500_000
ANALYSE = """
UPDATE search_documents AS d
SET document = ts_delete(
        setweight(to_tsvector(CAST(:cfg AS regconfig), d.title || :gap), 'A')
        || setweight(to_tsvector(CAST(:cfg AS regconfig), a.standfirst || :gap), 'B')
        || setweight(to_tsvector(CAST(:cfg AS regconfig), (
               SELECT coalesce(string_agg(n.name, :gap ORDER BY n.kind, n.rank), '')
               FROM (SELECT t.name, 0 AS kind,
                            row_number() OVER (ORDER BY t.name COLLATE "C") AS rank
                     FROM article_tags AS at JOIN tags AS t ON t.id = at.tag_id
                     WHERE at.article_id = a.id
                     UNION ALL
                     SELECT au.name, 1, aa.position
                     FROM article_authors AS aa JOIN authors AS au ON au.id = aa.author_id
                     WHERE aa.article_id = a.id) AS n) || :gap), 'C')
        || setweight(to_tsvector(CAST(:cfg AS regconfig), coalesce(s.name, '') || :gap), 'C')
        || setweight(to_tsvector(CAST(:cfg AS regconfig), left(d.body, :body_indexed)), 'D'),
        tsvector_to_array(to_tsvector(CAST(:cfg AS regconfig), :gap)))
    || array_to_tsvector(ARRAY(
           SELECT lexeme FROM unnest(tsvector_to_array(d.document)) AS lexeme
           WHERE left(lexeme, 1) = chr(1)))
    || setweight(CAST((
           SELECT coalesce(string_agg(
               chr(39) || replace(replace(chr(2) || t.lexeme, chr(92), chr(92) || chr(92)),
                                  chr(39), chr(39) || chr(39)) || chr(39)
               || ':' || array_to_string(t.positions, ','), ' '), '')
           FROM unnest(to_tsvector(CAST(:cfg AS regconfig), d.title)) AS t
       ) AS tsvector), 'A')
FROM articles AS a LEFT JOIN sections AS s ON s.id = a.section_id
WHERE a.id = d.article_id AND d.language = :language
"""
FILL = """
UPDATE search_documents AS d
SET published_at = a.published_at, section_id = a.section_id,
    pairs = thepost_word_pairs(d.document)
FROM articles AS a WHERE a.id = d.article_id
"""


def _base(tag: str) -> str:
    """``i18n.base``."""
    return tag.split("-", 1)[0] or "en"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        "DO $$ BEGIN CREATE TEXT SEARCH DICTIONARY thepost_english_stem "
        "(TEMPLATE = snowball, Language = english); "
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    _english_mapping(connection, "thepost_english_stem")
    op.add_column("search_documents", sa.Column("published_at", sa.DateTime(timezone=True)))
    op.add_column("search_documents", sa.Column("section_id", sa.Integer()))
    op.add_column(
        "search_documents",
        sa.Column(
            "pairs",
            sa.dialects.postgresql.TSVECTOR(),
            server_default=sa.text("''::tsvector"),
            nullable=False,
        ),
    )
    connection.exec_driver_sql(WORD_PAIRS)
    tags = connection.scalars(text("SELECT DISTINCT language FROM search_documents")).all()
    for tag in tags:
        if _base(tag) == "en":
            params = {"cfg": ENGLISH, "gap": FIELD_GAP, "body_indexed": BODY_INDEXED}
            connection.execute(text(ANALYSE), {**params, "language": tag})
    connection.execute(text(FILL))
    op.alter_column("search_documents", "pairs", server_default=None)
    connection.exec_driver_sql(f"DROP INDEX {DOCUMENT}")
    if _btree_gin(connection):
        connection.exec_driver_sql(
            f"CREATE INDEX {COMBINED} ON search_documents "
            f"USING gin (document, pairs, published_at) {GIN_OPTIONS}"
        )
    else:
        for name, column in ((DOCUMENT, "document"), (PAIRS, "pairs")):
            connection.exec_driver_sql(
                f"CREATE INDEX {name} ON search_documents USING gin ({column}) {GIN_OPTIONS}"
            )
    connection.exec_driver_sql("ANALYZE search_documents")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    for name in (COMBINED, DOCUMENT, PAIRS):
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    _english_mapping(connection, "english_stem")
    tags = connection.scalars(text("SELECT DISTINCT language FROM search_documents")).all()
    for tag in tags:
        if _base(tag) == "en":
            params = {"cfg": ENGLISH, "gap": FIELD_GAP, "body_indexed": BODY_INDEXED}
            connection.execute(text(ANALYSE), {**params, "language": tag})
    connection.exec_driver_sql(
        f"CREATE INDEX {DOCUMENT} ON search_documents USING gin (document) {GIN_OPTIONS}"
    )
    for column in ("pairs", "section_id", "published_at"):
        op.drop_column("search_documents", column)
    connection.exec_driver_sql("DROP FUNCTION IF EXISTS thepost_word_pairs(tsvector)")
    connection.exec_driver_sql("DROP TEXT SEARCH DICTIONARY IF EXISTS thepost_english_stem")


def _english_mapping(connection: sa.Connection, dictionary: str) -> None:
    connection.exec_driver_sql(
        f"ALTER TEXT SEARCH CONFIGURATION {ENGLISH} "
        f"ALTER MAPPING FOR {', '.join(ENGLISH_TOKENS)} WITH {dictionary}"
    )
    connection.exec_driver_sql(
        f"ALTER TEXT SEARCH CONFIGURATION {ENGLISH} "
        f"ALTER MAPPING FOR {', '.join(FOLDED_TOKENS)} WITH unaccent, {dictionary}"
    )


def _btree_gin(connection: sa.Connection) -> bool:
    """Whether ``btree_gin`` is installed in the database, or could be and now is (a
    contrib module, trusted: the database's owner may create it)."""
    available = connection.scalar(
        text("SELECT count(*) FROM pg_available_extensions WHERE name = 'btree_gin'")
    )
    if not available:
        return False
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS btree_gin")
    except sa.exc.DBAPIError:
        return False
    return True
