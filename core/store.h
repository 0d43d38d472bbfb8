/*
 * store.h: the SQLite store of outlets, feeds, items, runs and articles.
 *
 * Owns: the database file (WAL, foreign keys, busy timeout), its schema and
 * migrations (PRAGMA user_version), item identity and dedupe (guid, else
 * canonical link, else a hash of title+summary, per outlet), per-item content
 * hashes, the FTS5 index over items (kept in step in the same
 * transactions), feed fetch state (validators, backoff, permanent
 * redirects), run rows, article state for batch, stats, prune and
 * integrity checks.
 * Does not: fetch, parse, score, print. sqlite3 stays private to store*.c.
 * Calls: core primitives, core/hash, core/url, core/outlets (read only),
 * fetchers/feed.h (the struct cc_feed values it saves), sqlite3.
 *
 * Times are int64_t UTC seconds; CC_TIME_NONE means "none". Every time that
 * lands in a row is passed in by the caller (no clock inside), so tests are
 * deterministic. A struct cc_store is not thread-safe: open one per thread
 * (WAL lets readers and one writer work side by side).
 */
#ifndef CC_CORE_STORE_H
#define CC_CORE_STORE_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/outlets.h"
#include "fetchers/feed.h"

struct cc_store;

/* The schema version this build writes (PRAGMA user_version). */
#define CC_STORE_SCHEMA_VERSION 4
/* Default wait for another writer before CC_ELOCKED. */
#define CC_STORE_BUSY_TIMEOUT_MS 10000
/* Exponential backoff of a failing feed when no Retry-After is known:
 * BASE * 2^(failures-1) seconds, at most MAX. */
#define CC_STORE_BACKOFF_BASE 300
#define CC_STORE_BACKOFF_MAX (6 * 3600)

/* ---- opening ------------------------------------------------------------ */

struct cc_store_options {
    int busy_timeout_ms; /* 0: CC_STORE_BUSY_TIMEOUT_MS */
    bool read_only;      /* open an existing store without writing (no create, no migrate) */
    int64_t mmap_bytes;  /* > 0: read the file through a memory map of up to this many
                          * bytes (PRAGMA mmap_size): no copy per page read, but the
                          * pages read count in the process's resident memory */
};

/* Appends the default store path to out: $XDG_DATA_HOME/credcheck/store.db
 * (when XDG_DATA_HOME is an absolute path), else
 * $HOME/.local/share/credcheck/store.db. Errors: CC_EINVAL (neither set),
 * CC_ENOMEM. */
CC_NODISCARD int cc_store_default_path(struct cc_buf *out, struct cc_error *err);

/* Opens (creating the parent folders and the file when missing) the store
 * at path and brings its schema up to CC_STORE_SCHEMA_VERSION. On success
 * *out is a new store the caller closes with cc_store_close. Errors name
 * the path: CC_ESTORE (cannot create/open, not a database, corrupt, schema
 * newer than this build, read-only), CC_ELOCKED (another process held the
 * write lock past the busy timeout), CC_ENOMEM. */
CC_NODISCARD int cc_store_open(struct cc_store **out, const char *path, struct cc_error *err);
/* Same with options (opts may be NULL). */
CC_NODISCARD int cc_store_open_with(struct cc_store **out, const char *path,
                                    const struct cc_store_options *opts, struct cc_error *err);
/* Closes the store (finalises every cached statement). Accepts NULL. */
void cc_store_close(struct cc_store *st);
/* The path the store was opened with. Borrowed until close. */
const char *cc_store_path(const struct cc_store *st);
/* PRAGMA user_version of the open store. */
int cc_store_schema_version(const struct cc_store *st);

/* Runs PRAGMA integrity_check (and the FTS5 integrity-check). 0 when both
 * say ok; CC_ESTORE with the first problem in err otherwise. When report
 * is not NULL the full output is appended to it. */
CC_NODISCARD int cc_store_integrity_check(struct cc_store *st, struct cc_buf *report,
                                          struct cc_error *err);

/* ---- registry and feed state --------------------------------------------- */

/* Upserts every outlet (by name) and feed (by configured URL) of reg in one
 * transaction; outlets and feeds no longer in reg are marked inactive (their
 * items stay). A feed URL moves to the outlet that now lists it. now is the
 * time written to new rows. Errors: CC_ESTORE, CC_ELOCKED, CC_ENOMEM. */
CC_NODISCARD int cc_store_sync_registry(struct cc_store *st, const struct cc_registry *reg,
                                        int64_t now, struct cc_error *err);

/* What the store knows about one feed. Strings are owned (NULL = none);
 * release with cc_store_feed_state_release. */
struct cc_store_feed_state {
    int64_t feed_id;
    char *outlet;         /* outlet name */
    char *url;            /* the configured URL (the feed's key) */
    char *redirect_url;   /* permanent redirect target (301/308): fetch this instead */
    char *etag;           /* validator for If-None-Match */
    char *last_modified;  /* validator for If-Modified-Since (as the server sent it) */
    char *last_status;    /* "ok", "not-modified", "failed", NULL before the first fetch */
    char *last_error;     /* one line, NULL after a success */
    int last_http_status; /* 0 when none (network error, never fetched) */
    int consecutive_failures;
    int64_t next_fetch_at;   /* do not fetch before this (CC_TIME_NONE: any time) */
    int64_t last_fetched_at; /* last attempt */
    int64_t last_ok_at;      /* last 200 or 304 */
    bool active;             /* still in the registry */
};

/* Reads the state of the feed whose configured URL is url. Errors:
 * CC_ENOTFOUND (no such feed: sync the registry first), CC_ESTORE,
 * CC_ENOMEM. On failure *out is zeroed. */
CC_NODISCARD int cc_store_feed_state_find(struct cc_store_feed_state *out, struct cc_store *st,
                                          const char *url, struct cc_error *err);
/* Frees the strings and zeroes the struct. Accepts NULL. */
void cc_store_feed_state_release(struct cc_store_feed_state *s);

/* A successful fetch of one feed (HTTP 200 with a parsed body, or 304). */
struct cc_store_fetch {
    const char *url;            /* configured URL (the feed's key) */
    int http_status;            /* 200, 304, or 0 for a file feed */
    const char *etag;           /* 200: stored as given (NULL clears); 304: NULL keeps the old */
    const char *last_modified;  /* same rule as etag */
    const char *redirect_url;   /* new permanent target after a 301/308 chain, or NULL: keep */
    int64_t fetched_at;         /* also first_seen/last_seen of the items */
    int64_t next_fetch_at;      /* CC_TIME_NONE: any time */
    const struct cc_feed *feed; /* the parsed feed (borrowed); NULL for 304 */
    const char *warning;        /* e.g. "malformed XML, read in recovery mode", or NULL */
};

/* What a save did with a feed's items. */
struct cc_store_save_counts {
    size_t new_items;       /* identity not seen before for this outlet */
    size_t updated_items;   /* seen before, content hash changed (updated in place) */
    size_t unchanged_items; /* seen before, same content: only last_seen moves */
    size_t skipped_items;   /* no identity possible (no guid, link, title or summary) */
};

/* Records a fetch in ONE transaction: the feed row (status "ok" or
 * "not-modified", validators, redirect, failures reset to 0) and every item
 * of f->feed upserted by identity (an item seen again keeps its first_seen;
 * its content and content hash are replaced when they changed). counts (may
 * be NULL) gets the tallies. On failure nothing is written. Errors:
 * CC_ENOTFOUND (unknown feed URL), CC_ESTORE, CC_ELOCKED, CC_ENOMEM. */
CC_NODISCARD int cc_store_record_fetch(struct cc_store *st, const struct cc_store_fetch *f,
                                       struct cc_store_save_counts *counts, struct cc_error *err);

/* The outcome of one fetch of a cc_store_record_fetches group. */
struct cc_store_fetch_result {
    int rc;                             /* 0, or the code cc_store_record_fetch gave it */
    struct cc_store_save_counts counts; /* its tallies when rc == 0 */
    struct cc_error err;                /* why, when rc < 0 */
};

/* Records n fetches as cc_store_record_fetch would, but in ONE
 * transaction for the whole group: a DESIGN deviation from "one
 * transaction per fetched feed" for speed (each commit costs FTS5 a new
 * index segment; docs/BENCHMARKS.md, "store"). A feed is still never
 * half-saved: if any fetch of the group fails, the group is rolled back
 * and each fetch is then saved in its own transaction, so only the
 * failing ones fail. res[0..n) (caller-provided) gets each fetch's
 * outcome. Returns 0 when all were saved, else the first failing fetch's
 * code (see cc_store_record_fetch). */
CC_NODISCARD int cc_store_record_fetches(struct cc_store *st, const struct cc_store_fetch *f,
                                         size_t n, struct cc_store_fetch_result *res);

/* A failed fetch of one feed. */
struct cc_store_failure {
    const char *url;   /* configured URL */
    int http_status;   /* 0 when there was no HTTP response */
    const char *error; /* one line, e.g. "HTTP 503" or "timed out after 30 s" */
    int64_t failed_at;
    int64_t retry_at;         /* from Retry-After; CC_TIME_NONE: exponential backoff */
    const char *redirect_url; /* a permanent redirect learnt before failing, or NULL */
};

/* Records a failure: status "failed", error, consecutive_failures + 1 and
 * next_fetch_at = retry_at, or failed_at + backoff (CC_STORE_BACKOFF_*).
 * *next_fetch_at_out (may be NULL) gets the time written. Items are not
 * touched. Errors: CC_ENOTFOUND, CC_ESTORE, CC_ELOCKED, CC_ENOMEM. */
CC_NODISCARD int cc_store_record_failure(struct cc_store *st, const struct cc_store_failure *f,
                                         int64_t *next_fetch_at_out, struct cc_error *err);

/* The backoff (seconds) after the n-th consecutive failure (n >= 1). */
int64_t cc_store_backoff_seconds(int failures);

/* ---- runs ------------------------------------------------------------------- */

/* Tallies of a run; fields that do not apply stay 0. */
struct cc_store_run_counts {
    int64_t feeds_ok;
    int64_t feeds_not_modified;
    int64_t feeds_skipped;
    int64_t feeds_failed;
    int64_t items_new;
    int64_t items_updated;
    int64_t items_unchanged;
    int64_t articles; /* articles verified */
    int64_t articles_failed;
    int64_t claims;
};

struct cc_store_run {
    int64_t id;
    char *kind;   /* owned: "fetch", "verify" or "batch" */
    char *status; /* owned: "running" until finished, then the caller's status */
    char *note;   /* owned, NULL = none */
    int64_t started_at;
    int64_t ended_at; /* CC_TIME_NONE while running (or when the run was killed) */
    struct cc_store_run_counts counts;
};

/* Inserts a run row with status "running"; *id_out gets its id. kind is
 * "fetch", "verify" or "batch" (else CC_EINVAL). Errors: CC_EINVAL,
 * CC_ESTORE, CC_ELOCKED. */
CC_NODISCARD int cc_store_run_begin(int64_t *id_out, struct cc_store *st, const char *kind,
                                    int64_t started_at, struct cc_error *err);
/* Ends a run: status ("ok", "partial", "failed"), counts (may be NULL),
 * note (may be NULL). Errors: CC_ENOTFOUND, CC_ESTORE, CC_ELOCKED. */
CC_NODISCARD int cc_store_run_finish(struct cc_store *st, int64_t id, const char *status,
                                     const struct cc_store_run_counts *counts, const char *note,
                                     int64_t ended_at, struct cc_error *err);
/* Reads a run (id > 0), or the latest run of kind when id == 0 (kind may
 * then be NULL: the latest of any kind). Release with cc_store_run_release.
 * Errors: CC_ENOTFOUND, CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_store_run_find(struct cc_store_run *out, struct cc_store *st, int64_t id,
                                   const char *kind, struct cc_error *err);
void cc_store_run_release(struct cc_store_run *run);

/* ---- stats and maintenance ----------------------------------------------- */

struct cc_store_stats {
    int64_t outlets; /* active outlets */
    int64_t feeds;   /* active feeds */
    int64_t items;
    int64_t runs;
    int64_t articles;
    int64_t db_bytes; /* main file plus WAL */
    int64_t
        oldest_item; /* smallest item time (published, else first seen); CC_TIME_NONE if empty */
    int64_t newest_item;
    int schema_version;
};

/* Errors: CC_ESTORE. */
CC_NODISCARD int cc_store_stats_get(struct cc_store_stats *out, struct cc_store *st,
                                    struct cc_error *err);

/* Deletes the items whose time (published, else first seen) is before
 * cutoff and that were not seen in a feed since cutoff (so a feed still
 * carrying an old item does not make it come back as new); the FTS index
 * follows. *removed (may be NULL) gets the count. One transaction.
 * Errors: CC_ESTORE, CC_ELOCKED. */
CC_NODISCARD int cc_store_prune(struct cc_store *st, int64_t cutoff, int64_t *removed,
                                struct cc_error *err);

/* ---- items: search and lookup (for the matcher) ---------------------------- */

/* One stored item. In a search callback every pointer is borrowed for the
 * duration of the call; from cc_store_item_find / a list they are owned. */
struct cc_store_item {
    int64_t rowid;
    char *outlet;   /* outlet name */
    char *feed_url; /* configured URL of the feed it was (last) seen in */
    char *guid;     /* NULL when the feed gave none */
    char *title;
    char *link;
    char *summary;
    char *content;
    char *author;
    int64_t published; /* CC_TIME_NONE when the feed gave none */
    int64_t item_time; /* published, else first_seen: what time windows filter on */
    int64_t first_seen;
    int64_t last_seen;
    char content_hash[65]; /* hex SHA-256, see cc_store_content_hash */
    double score;          /* search: -bm25 (higher is better); 0 elsewhere */
};

/* A full-text query. match is an FTS5 query expression (build one from words
 * with cc_store_fts_query so user text cannot inject syntax). */
struct cc_store_query {
    const char *match;
    int64_t from;                         /* item_time >= from; CC_TIME_NONE: open */
    int64_t to;                           /* item_time <= to;   CC_TIME_NONE: open */
    size_t limit;                         /* 0: 100 */
    const char *outlet;                   /* only this outlet (exact registry name), or NULL */
    double w_title, w_summary, w_content; /* bm25 column weights; all 0: 4, 2, 1 */
};

/* Called per result, best first; return non-zero to stop early (that value
 * is not an error: cc_store_search then returns 0). */
typedef int (*cc_store_item_fn)(const struct cc_store_item *item, void *payload);

/* Runs an FTS5 BM25 search. Errors: CC_EINVAL (bad match syntax, message
 * from FTS5), CC_ESTORE. */
CC_NODISCARD int cc_store_search(struct cc_store *st, const struct cc_store_query *q,
                                 cc_store_item_fn cb, void *payload, struct cc_error *err);

/* An owned array of items. */
struct cc_store_item_list {
    struct cc_store_item *items;
    size_t n;
    size_t alloc;
};
#define CC_STORE_ITEM_LIST_INIT                                                                    \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Same search, collected into out (appended; caller releases it with
 * cc_store_item_list_release, also on failure). */
CC_NODISCARD int cc_store_search_list(struct cc_store_item_list *out, struct cc_store *st,
                                      const struct cc_store_query *q, struct cc_error *err);
void cc_store_item_list_release(struct cc_store_item_list *list);

/* Reads one item by rowid into *out (owned strings; release with
 * cc_store_item_release). Errors: CC_ENOTFOUND, CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_store_item_find(struct cc_store_item *out, struct cc_store *st, int64_t rowid,
                                    struct cc_error *err);
/* Frees the strings of an owned item and zeroes it. Accepts NULL. */
void cc_store_item_release(struct cc_store_item *item);

/* Appends an FTS5 query matching any (or_terms) or all of words: each word
 * is double-quoted with embedded quotes doubled, so it is a literal token
 * string. Empty words are skipped; no words gives an empty string (which
 * cc_store_search rejects with CC_EINVAL). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_store_fts_query(struct cc_buf *out, const char *const *words, size_t nwords,
                                    bool or_terms);

/* Coverage of one outlet, for the citation check's "coverage gap" reasons. */
struct cc_store_coverage {
    int64_t items_in_window; /* items with from <= item_time <= to */
    int64_t items_total;
    int64_t oldest_item; /* min item_time; CC_TIME_NONE when no items */
    int64_t newest_item;
    int64_t first_stored; /* min first_seen: since when we hold this outlet */
    int64_t feeds;        /* active feeds */
    int64_t feeds_ok;     /* active feeds whose last fetch was ok/not-modified */
    int64_t last_ok_at;   /* latest successful fetch of any feed; CC_TIME_NONE */
};

/* Errors: CC_ENOTFOUND (no outlet of that name in the store), CC_ESTORE.
 * from/to may be CC_TIME_NONE (open). */
CC_NODISCARD int cc_store_outlet_coverage(struct cc_store_coverage *out, struct cc_store *st,
                                          const char *outlet, int64_t from, int64_t to,
                                          struct cc_error *err);

/* ---- item identity and hashing (pure; no database) ---------------------------- */

/* Appends the identity key of an item: "g:" + guid (canonicalised with
 * cc_url_canonical when it is an http(s) URL), else "l:" + canonical link,
 * else "h:" + hex SHA-256 of title "\n" summary (whitespace-collapsed).
 * Errors: CC_ENOTFOUND (no guid, link, title or summary), CC_ENOMEM. */
CC_NODISCARD int cc_store_item_identity(struct cc_buf *out, const struct cc_item *item);

/* Writes the hex SHA-256 of the item's normalised text: title "\n" summary
 * "\n" content, each field trimmed with runs of whitespace collapsed to one
 * space, absent = "". Evidence can be re-hashed later to prove it is the
 * same text. Cannot fail. */
void cc_store_content_hash(char out[65], const char *title, const char *summary,
                           const char *content);

/* ---- articles (batch: "new or changed since the last check") --------------- */

struct cc_store_article {
    char *key;             /* owned: path or URL as batch names it */
    char content_hash[65]; /* hex SHA-256 of the article bytes (caller's choice) */
    int64_t first_seen;
    int64_t last_verified; /* CC_TIME_NONE when never verified */
    char *last_status;     /* owned, NULL = none (e.g. "ok", "failed") */
};

/* Errors: CC_ENOTFOUND, CC_ESTORE, CC_ENOMEM. Release with
 * cc_store_article_release. */
CC_NODISCARD int cc_store_article_find(struct cc_store_article *out, struct cc_store *st,
                                       const char *key, struct cc_error *err);
/* Inserts or updates the article's hash, verification time and status
 * (status may be NULL); first_seen is kept. Errors: CC_EINVAL (empty key,
 * no hash, verified_at CC_TIME_NONE), CC_ESTORE, CC_ELOCKED. */
CC_NODISCARD int cc_store_article_set(struct cc_store *st, const char *key,
                                      const char *content_hash, int64_t verified_at,
                                      const char *status, struct cc_error *err);
void cc_store_article_release(struct cc_store_article *a);

#endif
