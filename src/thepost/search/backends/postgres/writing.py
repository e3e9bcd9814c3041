"""Writing the tsvector index: one row per published or scheduled article, in the
caller's transaction, and the vocabulary counts kept in step.

Table (migrations 0002, 0030, 0032, 0033, 0036): ``search_documents`` holds
``document``, a tsvector in the text search configuration of the document's
``language`` (``search.languages``: ``thepost_spanish`` is Spanish stemming and stop
words, accents folded by unaccent), the language itself (a tag: what a search in it
finds), the article's ``published_at`` and ``section_id`` (what a search shows and
filters by, read with no join to ``articles``), the document's word ``pairs``, and the
``body`` text the snippets are made from (the story's plain text, a live blog's followed
by its entries: the articles keep no plain text of their own). Each row is analysed in
its own configuration, ``cfg`` below. The document is::

    setweight(to_tsvector(cfg, title), 'A')
    || setweight(to_tsvector(cfg, standfirst), 'B')
    || setweight(to_tsvector(cfg, tags and authors), 'C')
    || setweight(to_tsvector(cfg, section), 'C')
    || setweight(to_tsvector(cfg, body), 'D')        -- these five: the searchable text
    || the vocabulary lexemes                           (U+0001 + word, no positions)
    || the headline lexemes                             (U+0002 + lexeme, title positions)

``pairs`` holds each two lexemes of the searchable text at adjacent positions as one
lexeme (U+0003, the first, U+0003, the second) at the first one's position
(``thepost_word_pairs``, a function of the database, migration 0032): a quoted phrase
is found as its pairs, with no positions to read from every document holding its words
(``tsquery``).

A word (``FIELD_GAP``) is put after each field and between tag and author names, then
deleted: the holes it leaves in the positions keep a phrase from running from one field
or tag into the next ("budget council" does not match the tags Budget, Council).

The two marked sets start with a character PostgreSQL's parser never puts in a lexeme,
so no query a reader can type matches them (query words are letters and digits, see
``search.query``), and ranking only looks at the lexemes a query names. Search-as-you-type
matches the headline lexemes (``tsquery.in_title``).

Vocabulary bookkeeping: ``search_terms`` counts, exactly, how many indexed documents use
each vocabulary word (``Document.vocabulary``: folded, unstemmed words of the prominent
fields). Replacing a document must take away the old document's words, which cannot be
read back from stemmed lexemes, and the table has no column for them: they ride in the
tsvector. ``index`` reads them from the old row (locked ``FOR UPDATE``) and hands the
difference to ``vocabulary.apply``. ``rebuild`` counts as it goes and writes the
vocabulary once at the end.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from thepost.search import documents, languages, state
from thepost.search.backends.base import Progress, chunks
from thepost.search.backends.postgres import vocabulary

log = logging.getLogger(__name__)

VOCABULARY_MARK = "\x01"
TITLE_MARK = "\x02"
PAIR_MARK = "\x03"  # before each of a pair's two lexemes (thepost_word_pairs)
# A word put between fields, tags and authors, then deleted from the tsvector: it leaves
# a hole in the positions, so a phrase cannot run from one tag or field into the next.
FIELD_GAP = " thepostfieldgap "
BODY_INDEXED = 500_000  # characters of a body indexed; a tsvector is limited to 1 MB
CHUNK = 500  # ids per statement
# The GIN indexes of the two tables (which of the documents' exist: migration 0032).
_GIN_INDEXES = text(
    "SELECT indexrelid::regclass::text FROM pg_index AS i JOIN pg_class AS c "
    "ON c.oid = i.indexrelid JOIN pg_am AS am ON am.oid = c.relam "
    "WHERE am.amname = 'gin' AND i.indrelid IN "
    "(CAST('search_documents' AS regclass), CAST('search_terms' AS regclass)) ORDER BY 1"
)

_UPSERT = text(
    """
    INSERT INTO search_documents
        (article_id, language, published_at, section_id, document, pairs, body)
    SELECT d.id, d.language, d.published_at, d.section_id,
           s.searchable
           || array_to_tsvector(string_to_array(d.vocabulary, ' '))
           || setweight(CAST((
                  SELECT coalesce(string_agg(
                      chr(39) || replace(replace(:title_mark || t.lexeme,
                                                 chr(92), chr(92) || chr(92)),
                                         chr(39), chr(39) || chr(39)) || chr(39)
                      || ':' || array_to_string(t.positions, ','), ' '), '')
                  FROM unnest(to_tsvector(d.cfg, d.title)) AS t
              ) AS tsvector), 'A'),
           thepost_word_pairs(s.searchable),
           d.body
    FROM unnest(CAST(:ids AS integer[]), CAST(:languages AS text[]),
                CAST(:published AS timestamptz[]), CAST(:section_ids AS integer[]),
                CAST(:configs AS regconfig[]), CAST(:titles AS text[]),
                CAST(:standfirsts AS text[]), CAST(:names AS text[]),
                CAST(:sections AS text[]), CAST(:bodies AS text[]),
                CAST(:vocabularies AS text[]))
         AS d(id, language, published_at, section_id, cfg, title, standfirst, names, section,
              body, vocabulary)
    CROSS JOIN LATERAL (
        SELECT ts_delete(
                   setweight(to_tsvector(d.cfg, d.title || :gap), 'A')
                   || setweight(to_tsvector(d.cfg, d.standfirst || :gap), 'B')
                   || setweight(to_tsvector(d.cfg, d.names || :gap), 'C')
                   || setweight(to_tsvector(d.cfg, d.section || :gap), 'C')
                   || setweight(to_tsvector(d.cfg, left(d.body, :body_indexed)), 'D'),
                   tsvector_to_array(to_tsvector(d.cfg, :gap))) AS searchable
    ) AS s
    ON CONFLICT (article_id) DO UPDATE
    SET language = excluded.language, published_at = excluded.published_at,
        section_id = excluded.section_id, document = excluded.document,
        pairs = excluded.pairs, body = excluded.body
    """
)
_OLD_VOCABULARY = text(
    """
    SELECT article_id,
           ARRAY(SELECT substr(lexeme, 2) FROM unnest(tsvector_to_array(document)) AS lexeme
                 WHERE left(lexeme, 1) = :mark)
    FROM search_documents WHERE article_id = ANY(CAST(:ids AS integer[]))
    ORDER BY article_id
    FOR UPDATE
    """
)
_DELETE_DOCUMENTS = text(
    "DELETE FROM search_documents WHERE article_id = ANY(CAST(:ids AS integer[]))"
)


def index(session: Session, article_ids: Sequence[int]) -> None:
    """(Re)index these articles; those no longer published or scheduled are removed."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    own = state.indexing_language(session)
    delta: Counter[str] = Counter()
    for chunk in chunks(ids, CHUNK):
        for _, old in session.execute(_OLD_VOCABULARY, {"ids": chunk, "mark": VOCABULARY_MARK}):
            delta.subtract(old)
        new = documents.load(session, chunk, own=own)
        gone = sorted(set(chunk) - {d.article_id for d in new})
        if gone:
            session.execute(_DELETE_DOCUMENTS, {"ids": gone})
        _write(session, new)
        delta.update(documents.vocabulary_counts(new))
    vocabulary.apply(session, {t: n for t, n in delta.items() if n})


def rebuild(session: Session, *, progress: Progress | None = None, batch: int = 500) -> int:
    """Drop and rebuild the whole index, in the site's language; returns the number of
    documents."""
    # Article saves wait (their index() would read documents this deletes), searches
    # do not: DELETE, not TRUNCATE, and they read the old index until this commits.
    session.execute(text("LOCK TABLE search_documents, search_terms IN EXCLUSIVE MODE"))
    session.execute(text("DELETE FROM search_documents"))
    session.execute(text("DELETE FROM search_terms"))
    own = state.site_language(session)
    counts: Counter[str] = Counter()
    done = 0
    for docs in documents.every(session, batch, own=own):
        _write(session, docs)
        counts.update(documents.vocabulary_counts(docs))
        done += len(docs)
        if progress is not None:
            progress(done)
    vocabulary.insert(session, counts)
    state.record(session, own)
    state.rebuilt(session)  # whole: a rebuild stopped half-way has nothing left to do
    settle(session)
    return done


def empty(session: Session) -> None:
    """Empty the index and the vocabulary at once, for a rebuild a batch per transaction:
    searches wait for this transaction alone, and no dead rows are left behind."""
    session.execute(text("TRUNCATE search_documents, search_terms"))


def _write(session: Session, docs: Sequence[documents.Document]) -> None:
    if not docs:
        return
    docs = sorted(docs, key=lambda d: d.article_id)
    names = _names(docs)
    session.execute(
        _UPSERT,
        {
            "gap": FIELD_GAP,
            "title_mark": TITLE_MARK,
            "body_indexed": BODY_INDEXED,
            "ids": [d.article_id for d in docs],
            "languages": [d.language for d in docs],
            "published": [d.published_at for d in docs],
            "section_ids": [d.section_id for d in docs],
            "configs": [languages.analysis(d.language).config for d in docs],
            "titles": [d.title for d in docs],
            "standfirsts": [d.standfirst for d in docs],
            "names": [names[d.article_id] for d in docs],
            "sections": [d.section for d in docs],
            "bodies": [d.body for d in docs],
            "vocabularies": [
                " ".join(VOCABULARY_MARK + w for w in sorted(d.vocabulary())) for d in docs
            ],
        },
    )


def _names(docs: Sequence[documents.Document]) -> dict[int, str]:
    """Each document's tag and author names, ``FIELD_GAP`` between them."""
    return {d.article_id: FIELD_GAP.join((*d.tags, *d.authors)) for d in docs}


def settle(session: Session) -> None:
    """After a bulk write: move the GIN indexes' pending entries into the indexes proper
    (every search scans a pending list from end to end, and the planner prices it), and
    refresh the statistics the planner estimates matches with. Flushing needs to own the
    indexes; autovacuum does it otherwise."""
    for name in session.scalars(_GIN_INDEXES).all():
        try:
            with session.begin_nested():
                session.execute(
                    text("SELECT gin_clean_pending_list(CAST(:i AS regclass))"), {"i": name}
                )
        except DBAPIError:
            log.warning("could not flush the pending list of %s", name, exc_info=True)
    session.execute(text("ANALYZE search_documents, search_terms"))
