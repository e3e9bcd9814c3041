/*
** thepost_bm25: FTS5's bm25, with the number of documents holding each phrase given.
**
**     thepost_bm25(search_fts, :documents, w0, w1, ...)
**
** FTS5's bm25() weighs each phrase of the query by its inverse document frequency, and
** to know it, counts the documents holding the phrase once in every statement: a walk
** of the phrase's whole posting list (4-6 ms for a word in every one of 100,000
** documents), however few rows the statement ranks. This function takes the counts
** from its caller instead, as text: one entry per phrase of the MATCH expression, in
** order, separated by spaces. An integer is that phrase's count; -1 has the phrase
** counted as bm25 counts it; x, or no entry, leaves out a phrase that adds nothing to
** any score (a word after NOT, a token of a column weighted 0), and whose hits are
** then not even read. A phrase under a column filter ({title} : "word") is not ranked
** as bm25 ranks it: its hits are read in every column. The trailing
** arguments are the column weights, as for bm25(). The score is bm25's, as SQLite's
** fts5_aux.c computes it (k1 = 1.2, b = 0.75, an IDF of 1e-6 for a phrase in at least
** half of the rows): with every count right it returns what bm25 returns.
**
** thepost_fts5rank() returns 1: whether a connection has the function.
**
** thepost_fts5rank_init is an entry point for sqlite3_auto_extension, which
** ``thepost.db.fts5rank`` calls with ctypes: the functions are then registered on every
** SQLite connection the process opens. It calls SQLite only through the routines
** SQLite hands to the entry point, so it works with whichever SQLite library the
** process's sqlite3 module uses, from 3.20.0 (MIN_VERSION: sqlite3_bind_pointer, which
** finds FTS5's API, is in no older one). An error from an automatic extension fails the
** sqlite3_open that ran it, so the entry point never returns one: a connection where
** registering fails is opened without the functions, and without thepost_fts5rank()
** its owner ranks with bm25().
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

#define MIN_VERSION 3020000
#if SQLITE_VERSION_NUMBER < MIN_VERSION
# error "thepost_bm25 needs SQLite 3.20.0 or later (sqlite3_bind_pointer)"
#endif

typedef struct Ranking {
  int nPhrase;
  double avgdl;    /* mean tokens per row */
  double *aIDF;    /* per phrase; 0 for a phrase left out */
} Ranking;

#define LEFT_OUT (-2)

static int count_row(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUser){
  (void)pApi; (void)pFts;
  (*(sqlite3_int64 *)pUser)++;
  return SQLITE_OK;
}

/* The documents holding the next phrase, read from `*pz`: -1 to count them, LEFT_OUT
** for a phrase that adds nothing. */
static sqlite3_int64 given_count(const char **pz){
  const char *z = *pz;
  char *end = 0;
  long long n;
  while( *z==' ' ) z++;
  if( *z==0 ) return LEFT_OUT;
  if( *z=='x' ){
    *pz = z + 1;
    return LEFT_OUT;
  }
  n = strtoll(z, &end, 10);
  if( end==z ){  /* not a number: the rest is left out */
    *pz = z + strlen(z);
    return LEFT_OUT;
  }
  *pz = end;
  return n < 0 ? -1 : (sqlite3_int64)n;
}

static int ranking_data(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, const char *zGiven, Ranking **ppOut
){
  Ranking *p = (Ranking *)pApi->xGetAuxdata(pFts, 0);
  sqlite3_int64 nRow = 0, nToken = 0;
  int rc = SQLITE_OK, i;
  if( p ){
    *ppOut = p;
    return SQLITE_OK;
  }
  {
    int nPhrase = pApi->xPhraseCount(pFts);
    sqlite3_int64 nByte = sizeof(Ranking) + (sqlite3_int64)nPhrase * sizeof(double);
    p = (Ranking *)sqlite3_malloc64(nByte);
    if( p==0 ) return SQLITE_NOMEM;
    memset(p, 0, (size_t)nByte);
    p->nPhrase = nPhrase;
    p->aIDF = (double *)&p[1];
  }
  rc = pApi->xRowCount(pFts, &nRow);
  if( rc==SQLITE_OK ) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
  if( rc==SQLITE_OK ) p->avgdl = nRow > 0 ? (double)nToken / (double)nRow : 1.0;
  for(i=0; rc==SQLITE_OK && i<p->nPhrase; i++){
    sqlite3_int64 nHit = zGiven ? given_count(&zGiven) : LEFT_OUT;
    double idf;
    if( nHit==LEFT_OUT ) continue;
    if( nHit<0 ){
      nHit = 0;
      rc = pApi->xQueryPhrase(pFts, i, (void *)&nHit, count_row);
    }
    idf = log(((double)nRow - (double)nHit + 0.5) / ((double)nHit + 0.5));
    p->aIDF[i] = idf <= 0.0 ? 1e-6 : idf;
  }
  if( rc==SQLITE_OK ) rc = pApi->xSetAuxdata(pFts, p, sqlite3_free);
  else sqlite3_free(p);
  if( rc==SQLITE_OK ) *ppOut = p;
  return rc;
}

static void thepost_bm25(
  const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx,
  int nVal, sqlite3_value **apVal
){
  const double k1 = 1.2, b = 0.75;
  const char *zGiven = nVal > 0 ? (const char *)sqlite3_value_text(apVal[0]) : 0;
  Ranking *p = 0;
  int nTok = 0, i;
  double score = 0.0, norm;
  int rc = ranking_data(pApi, pFts, zGiven, &p);
  if( rc==SQLITE_OK ) rc = pApi->xColumnSize(pFts, -1, &nTok);
  if( rc!=SQLITE_OK ){
    sqlite3_result_error_code(pCtx, rc);
    return;
  }
  norm = k1 * (1.0 - b + b * (double)nTok / p->avgdl);
  /* One phrase's hits at a time (xPhraseFirst), not every hit of every phrase in
  ** order (xInst, as bm25 reads them): a phrase left out is never read. */
  for(i=0; rc==SQLITE_OK && i<p->nPhrase; i++){
    Fts5PhraseIter iter;
    int ic = -1, io = 0;
    double f = 0.0;
    if( p->aIDF[i]==0.0 ) continue;
    rc = pApi->xPhraseFirst(pFts, i, &iter, &ic, &io);
    for(; rc==SQLITE_OK && ic>=0; pApi->xPhraseNext(pFts, &iter, &ic, &io)){
      f += (nVal > ic + 1) ? sqlite3_value_double(apVal[ic + 1]) : 1.0;
    }
    score += p->aIDF[i] * (f * (k1 + 1.0)) / (f + norm);
  }
  if( rc==SQLITE_OK ) sqlite3_result_double(pCtx, -1.0 * score);
  else sqlite3_result_error_code(pCtx, rc);
}

static fts5_api *fts5_of(sqlite3 *db){
  fts5_api *pApi = 0;
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_pointer(pStmt, 1, (void *)&pApi, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pApi;
}

static void loaded(sqlite3_context *pCtx, int nVal, sqlite3_value **apVal){
  (void)nVal; (void)apVal;
  sqlite3_result_int(pCtx, 1);
}

/* Registers both functions on `db`, thepost_fts5rank() only once thepost_bm25 is, so
** that a connection answering the probe always has the function. A SQLite older than
** MIN_VERSION or built without FTS5 gets neither, and so does a connection where
** registering fails; the connection opens either way (SQLITE_OK). */
int thepost_fts5rank_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pThunk){
  fts5_api *pFts5;
  int rc;
  (void)pzErrMsg;
  SQLITE_EXTENSION_INIT2(pThunk);
  /* An older library's routines end before bind_pointer: never reach for it. */
  if( sqlite3_libversion_number()<MIN_VERSION ) return SQLITE_OK;
  pFts5 = fts5_of(db);
  if( pFts5==0 || pFts5->iVersion<2 ) return SQLITE_OK;
  rc = pFts5->xCreateFunction(pFts5, "thepost_bm25", 0, thepost_bm25, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function(
      db, "thepost_fts5rank", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, loaded, 0, 0
    );
  }
  if( rc!=SQLITE_OK ){
    sqlite3_log(rc, "thepost_bm25 not registered on a connection: it ranks with bm25()");
  }
  return SQLITE_OK;
}
