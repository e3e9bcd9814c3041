"""Search in each story's own language: stemming and stop words per language.

A story is analysed in its language (``Article.language``, the site's for ""), and
``search_state`` records the site's language the index was built in
(``search.state``).

SQLite: FTS5's porter tokenizer (English alone) goes. ``search_fts`` indexes text the
search analyses itself (each word folded by FTS5's ``unicode61``, then stemmed by the
language's Snowball stemmer) and reads the text as written from a new content table,
``search_fts_texts``, which keeps each document's language; a translation's facets
hold its language. The index and the word pairs are made again from the text the old
``search_fts`` held, analysed as ``search.backends.sqlite.analysis`` analysed it when
this migration was written. The code is copied, as in 0012, so the migration keeps doing
what it did: removing a row later makes its tokens again, and must give back exactly the
ones written here.

PostgreSQL: a text search configuration per language, each with unaccent before its
Snowball stemmer as ``thepost_english`` has (and ``thepost_simple``, accents folded
alone, for languages without a stemmer); ``search_documents`` gains ``language``, and
the documents in a language other than English are analysed again in its configuration,
the document made as ``search.backends.postgres.writing`` makes it.

Revision ID: 0030
Revises: 0029
"""

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
import Stemmer
from alembic import op
from sqlalchemy import text

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

BATCH = 500
COLUMNS = ("title", "standfirst", "tags", "authors", "section", "body")
_ALL = ", ".join((*COLUMNS, "facets"))
_VALUES = ", ".join(f":{c}" for c in (*COLUMNS, "facets"))
JOIN = "\ue002"  # between the two tokens of a pair
MARK = "\ue001"  # leads every facet token
FOREIGN = f"{MARK}l"  # in every document in a language other than the site's
STEMMERS = {"en": "english", "es": "spanish", "de": "german", "fr": "french", "ar": "arabic"}
CONFIGS = {"en": "thepost_english", "es": "thepost_spanish", "de": "thepost_german",
           "fr": "thepost_french", "ar": "thepost_arabic"}  # fmt: skip
# Each new configuration: the one it copies, and the dictionary after unaccent.
NEW_CONFIGS = {
    "thepost_spanish": ("spanish", "spanish_stem"),
    "thepost_german": ("german", "german_stem"),
    "thepost_french": ("french", "french_stem"),
    "thepost_arabic": ("arabic", "arabic_stem"),
    "thepost_simple": ("simple", "simple"),
}
ENGLISH, SIMPLE = "thepost_english", "thepost_simple"

# SQLite: the tables as 0008 and 0012 left them, and as they are from here on.
OLD_FTS = (
    "CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
    "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
)
# Latin accents folded; a combining mark (Arabic's vowel marks) kept inside its word
# rather than splitting it, then dropped (``_bare``).
TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co Mn'"
NEW_FTS = (
    f"CREATE VIRTUAL TABLE search_fts USING fts5({_ALL}, content = 'search_fts_texts', "
    f"content_rowid = 'article_id', tokenize = \"{TOKENIZE}\", prefix = '2 3')"
)
TEXTS = (
    "CREATE TABLE search_fts_texts (article_id INTEGER NOT NULL PRIMARY KEY, "
    "language TEXT NOT NULL, " + ", ".join(f"{c} TEXT NOT NULL" for c in (*COLUMNS, "facets")) + ")"
)
PAIRS = (
    f"CREATE VIRTUAL TABLE search_pairs USING fts5({_ALL}, content = '', "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
INSERT_TEXTS = (
    f"INSERT INTO search_fts_texts (article_id, language, {_ALL}) "
    f"VALUES (:rowid, :language, {_VALUES})"
)
INSERT_FTS = f"INSERT INTO {{table}} (rowid, {_ALL}) VALUES (:rowid, {_VALUES})"
# The words of a text, as a table's tokenizer finds them (0012's way).
TOKENIZER = (
    "CREATE VIRTUAL TABLE doc USING fts5(title, standfirst, tags, authors, section, body, "
    "content = '', tokenize = \"{tokenize}\")"
)

# PostgreSQL: a document as search.backends.postgres.writing makes it, analysed in :cfg.
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


def _tag(language: str) -> str:
    """``search.languages.tag``."""
    return language.strip().replace("_", "-").lower()


def _base(tag: str) -> str:
    """``i18n.base``."""
    return tag.split("-", 1)[0] or "en"


def _token(tag: str) -> str:
    """``search.backends.sqlite.facets.language``."""
    return f"{MARK}l{MARK.join(re.findall(r'[a-z0-9]+', tag)) or MARK}"


def _site_language(connection: sa.Connection) -> str:
    settings = sa.table("site_settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    found = connection.scalar(sa.select(settings.c.value).where(settings.c.key == "language"))
    return _tag(found) if isinstance(found, str) and found.strip() else "en"


def upgrade() -> None:
    op.create_table(
        "search_state",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_search_state")),
    )
    connection = op.get_bind()
    site = _site_language(connection)
    if connection.dialect.name == "sqlite":
        _analyse_sqlite(connection, site)
    else:
        _analyse_postgres(connection, site)
    connection.execute(
        text("INSERT INTO search_state (name, value) VALUES ('language', :site)"), {"site": site}
    )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        _porter_sqlite(connection)
    else:
        _english_postgres(connection)
    op.drop_table("search_state")


# -- SQLite ----------------------------------------------------------------------------


def _analyse_sqlite(connection: sa.Connection, site: str) -> None:
    connection.exec_driver_sql("ALTER TABLE search_fts RENAME TO search_fts_old")
    connection.exec_driver_sql("DROP TABLE search_pairs")
    for ddl in (TEXTS, NEW_FTS, PAIRS):
        connection.exec_driver_sql(ddl)
    with _tokenizer(TOKENIZE) as tokenizer:
        query = (
            "SELECT f.rowid, coalesce(a.language, ''), f.title, f.standfirst, f.tags, "
            "f.authors, f.section, f.body, f.facets FROM search_fts_old AS f "
            "LEFT JOIN articles AS a ON a.id = f.rowid"
        )
        for rows in _batches(connection, query, "f.rowid"):
            texts = []
            for rowid, language, *columns, facets in rows:
                tag = _tag(language) or site
                if tag != site:
                    facets = " ".join(filter(None, (facets, FOREIGN, _token(tag))))
                values = dict(zip(COLUMNS, (c or "" for c in columns), strict=True))
                texts.append({"rowid": rowid, "language": tag, **values, "facets": facets or ""})
            tokens = _words(tokenizer, [[t[c] for c in COLUMNS] for t in texts])
            for t, found in zip(texts, tokens, strict=True):
                for c in COLUMNS:
                    found[c] = _stems(found[c], t["language"])
            connection.execute(text(INSERT_TEXTS), texts)
            connection.execute(
                text(INSERT_FTS.format(table="search_fts")),
                [
                    {**t, **{c: " ".join(found[c]) for c in COLUMNS}}
                    for t, found in zip(texts, tokens, strict=True)
                ],
            )
            _pairs(connection, texts, tokens)
    connection.exec_driver_sql("DROP TABLE search_fts_old")
    _optimize(connection)


def _porter_sqlite(connection: sa.Connection) -> None:
    """Back to FTS5's porter stemming, the text as written in the index again."""
    connection.exec_driver_sql(OLD_FTS.format(name="search_fts_new", columns=_ALL))
    connection.exec_driver_sql("DROP TABLE search_fts")
    connection.exec_driver_sql("DROP TABLE search_pairs")
    connection.exec_driver_sql(PAIRS)
    with _tokenizer("porter unicode61 remove_diacritics 2") as tokenizer:
        query = f"SELECT article_id, {_ALL} FROM search_fts_texts"
        for rows in _batches(connection, query, "article_id"):
            texts = []
            for rowid, *columns, facets in rows:
                kept = " ".join(t for t in facets.split(" ") if t and not t.startswith(FOREIGN))
                values = dict(zip(COLUMNS, columns, strict=True))
                texts.append({"rowid": rowid, **values, "facets": kept})
            connection.execute(text(INSERT_FTS.format(table="search_fts_new")), texts)
            _pairs(connection, texts, _words(tokenizer, [[t[c] for c in COLUMNS] for t in texts]))
    connection.exec_driver_sql("DROP TABLE search_fts_texts")
    connection.exec_driver_sql("ALTER TABLE search_fts_new RENAME TO search_fts")
    _optimize(connection)


def _batches(connection: sa.Connection, query: str, key: str) -> Iterator[Sequence[Any]]:
    after = -1
    while True:
        rows = connection.execute(
            text(f"{query} WHERE {key} > :after ORDER BY {key} LIMIT :batch"),
            {"after": after, "batch": BATCH},
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


@contextmanager
def _tokenizer(tokenize: str) -> Iterator[sqlite3.Connection]:
    """A private in-memory FTS5 table with ``tokenize``, and its tokens (fts5vocab)."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute(TOKENIZER.format(tokenize=tokenize))
        connection.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(doc, instance)")
        yield connection
    finally:
        connection.close()


def _words(
    tokenizer: sqlite3.Connection, texts: Sequence[Sequence[str]]
) -> list[dict[str, list[str]]]:
    """The tokens of each text (its ``COLUMNS``), by column, in order."""
    tokenizer.execute("BEGIN")
    try:
        tokenizer.executemany(
            "INSERT INTO doc (rowid, title, standfirst, tags, authors, section, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(n, *t) for n, t in enumerate(texts)],
        )
        placed: dict[tuple[int, str], dict[int, str]] = {}
        for doc, col, offset, term in tokenizer.execute(
            'SELECT doc, col, "offset", term FROM tokens'
        ).fetchall():
            placed.setdefault((doc, col), {})[offset] = term
    finally:
        tokenizer.execute("INSERT INTO doc (doc) VALUES ('delete-all')")
        tokenizer.execute("COMMIT")
    found: list[dict[str, list[str]]] = [{c: [] for c in COLUMNS} for _ in texts]
    for (doc, col), at in placed.items():
        found[doc][col] = [at[i] for i in range(len(at))]
    return found


@functools.cache
def _stemmer(algorithm: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(algorithm)


def _bare(token: str) -> str:
    """``search.backends.sqlite.analysis.bare``."""
    if token.isascii():
        return token
    found = "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))
    kept = all(unicodedata.category(c).startswith(("L", "N", "Co", "Mn")) for c in found)
    return found if found and kept else token


def _stems(tokens: list[str], tag: str) -> list[str]:
    """``tokens`` bare and stemmed in the language of ``tag``, one for one."""
    tokens = [_bare(t) for t in tokens]
    algorithm = STEMMERS.get(_base(tag))
    if algorithm is None or not tokens:
        return tokens
    stemmed = _stemmer(algorithm).stemWords(tokens)
    return [stem or token for stem, token in zip(stemmed, tokens, strict=True)]


def _pairs(
    connection: sa.Connection,
    texts: Sequence[dict[str, Any]],
    tokens: Sequence[dict[str, list[str]]],
) -> None:
    """Write to ``search_pairs`` the pairs of adjacent ``tokens`` of each text."""
    pairs = []
    for t, found in zip(texts, tokens, strict=True):
        made = {
            c: " ".join(a + JOIN + b for a, b in zip(found[c], found[c][1:], strict=False))
            for c in COLUMNS
        }
        pairs.append({"rowid": t["rowid"], **made, "facets": t["facets"]})
    connection.execute(text(INSERT_FTS.format(table="search_pairs")), pairs)


def _optimize(connection: sa.Connection) -> None:
    for table in ("search_fts", "search_pairs"):
        connection.exec_driver_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


# -- PostgreSQL ------------------------------------------------------------------------


def _config(tag: str) -> str:
    return CONFIGS.get(_base(tag), SIMPLE)


def _analyse_postgres(connection: sa.Connection, site: str) -> None:
    for config, (source, dictionary) in NEW_CONFIGS.items():
        connection.exec_driver_sql(
            "DO $$ BEGIN "
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {source}); "
            "EXCEPTION WHEN unique_violation THEN NULL; END $$"
        )
        connection.exec_driver_sql(
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )
    op.add_column(
        "search_documents",
        sa.Column("language", sa.String(length=16), server_default="", nullable=False),
    )
    connection.execute(
        text(
            "UPDATE search_documents AS d SET language = CASE WHEN a.language = '' "
            "THEN :site ELSE lower(replace(trim(a.language), '_', '-')) END "
            "FROM articles AS a WHERE a.id = d.article_id"
        ),
        {"site": site},
    )
    op.alter_column("search_documents", "language", server_default=None)
    _analyse_again(connection, _config)


def _english_postgres(connection: sa.Connection) -> None:
    _analyse_again(connection, lambda tag: ENGLISH)
    op.drop_column("search_documents", "language")
    for config in NEW_CONFIGS:
        connection.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


def _analyse_again(connection: sa.Connection, config: Callable[[str], str]) -> None:
    """Analyse each language's documents again in ``config(tag)``, where that is not the
    English configuration they were analysed in until now."""
    tags = connection.scalars(text("SELECT DISTINCT language FROM search_documents")).all()
    for tag in tags:
        if _config(tag) == ENGLISH:
            continue
        params = {"cfg": config(tag), "gap": FIELD_GAP, "body_indexed": BODY_INDEXED}
        connection.execute(text(ANALYSE), {**params, "language": tag})
