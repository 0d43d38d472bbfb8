/*
 * store_int.h: what core/store.c and core/store_items.c share: the store
 * layout, the prepared-statement cache and the SQLite helpers. Nothing
 * outside core/store*.c includes this file.
 */
#ifndef CC_CORE_STORE_INT_H
#define CC_CORE_STORE_INT_H

#include "core/common.h"

#include <sqlite3.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"

/* Seconds per UTC day (item_days). */
#define CC_STORE_DAY 86400

/* Cached statements, prepared on first use with SQLITE_PREPARE_PERSISTENT. */
enum cc_store__stmt_id {
    CC_STMT_BEGIN,
    CC_STMT_COMMIT,
    CC_STMT_ROLLBACK,
    CC_STMT_OUTLETS_DEACTIVATE,
    CC_STMT_FEEDS_DEACTIVATE,
    CC_STMT_OUTLET_UPSERT,
    CC_STMT_FEED_UPSERT,
    CC_STMT_FEED_STATE,
    CC_STMT_FEED_KEY,
    CC_STMT_FEED_OK,
    CC_STMT_FEED_FAIL,
    CC_STMT_FEED_NEXT,
    CC_STMT_ITEM_LOOKUP,
    CC_STMT_ITEM_INSERT,
    CC_STMT_ITEM_UPDATE,
    CC_STMT_ITEM_TOUCH,
    CC_STMT_ITEM_GET,
    CC_STMT_SEARCH,
    CC_STMT_COVERAGE_ITEMS,
    CC_STMT_COVERAGE_FEEDS,
    CC_STMT_OUTLET_ID,
    CC_STMT_RUN_BEGIN,
    CC_STMT_RUN_FINISH,
    CC_STMT_RUN_GET,
    CC_STMT_RUN_LATEST,
    CC_STMT_RUN_LATEST_KIND,
    CC_STMT_ARTICLE_GET,
    CC_STMT_ARTICLE_SET,
    CC_STMT_PRUNE,
    CC_STMT_ITEM_DELETE,
    CC_STMT_FTS_INSERT,
    CC_STMT_FTS_DELETE,
    CC_STMT_ITEM_TEXT,
    CC_STMT_DAY_MARK,
    CC_STMT_DAY_BOUNDS,
    CC_STMT_COUNT
};

struct cc_store {
    sqlite3 *db;
    char *path; /* owned */
    int schema_version;
    int busy_timeout_ms;
    bool read_only;
    int64_t mmap_bytes; /* PRAGMA mmap_size when > 0 */
    sqlite3_stmt *stmts[CC_STMT_COUNT];
    struct cc_buf key;  /* scratch: identity key of the item being saved */
    struct cc_buf link; /* scratch: canonical link of the item being saved */
};

/* The cached statement id, reset and unbound, in *out. Errors: CC_ESTORE,
 * CC_ENOMEM (message copied from SQLite). */
CC_NODISCARD int cc_store__stmt(struct cc_store *st, enum cc_store__stmt_id id, sqlite3_stmt **out,
                                struct cc_error *err);
/* Resets and unbinds a statement after use. Accepts NULL. */
void cc_store__done(sqlite3_stmt *s);

/* Maps an SQLite result code to a CC_E* code, copies sqlite3_errmsg at once
 * and sets err (subject: the store path; message "WHAT: SQLITE MESSAGE"). */
int cc_store__fail(struct cc_store *st, int rc, struct cc_error *err, const char *what);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback cannot fail visibly). */
CC_NODISCARD int cc_store__begin(struct cc_store *st, struct cc_error *err);
CC_NODISCARD int cc_store__commit(struct cc_store *st, struct cc_error *err);
void cc_store__rollback(struct cc_store *st);

/* Removes item rowid from the FTS index, reading its indexed text from the
 * items table first (an external-content 'delete' needs the old values).
 * Call inside the transaction, before the row changes. */
CC_NODISCARD int cc_store__fts_remove(struct cc_store *st, int64_t rowid, struct cc_error *err);

/* Binding helpers: NULL text and CC_TIME_NONE bind SQL NULL. */
int cc_store__bind_text(sqlite3_stmt *s, int idx, const char *text);
int cc_store__bind_time(sqlite3_stmt *s, int idx, int64_t t);
/* Column helpers: SQL NULL reads as NULL / CC_TIME_NONE. cc_store__col_dup
 * returns CC_ENOMEM when a non-NULL value cannot be copied. */
int64_t cc_store__col_time(sqlite3_stmt *s, int col);
CC_NODISCARD int cc_store__col_dup(char **out, sqlite3_stmt *s, int col);
/* Borrowed text of a column (NULL for SQL NULL), valid until the next step. */
char *cc_store__col_text(sqlite3_stmt *s, int col);

#endif
