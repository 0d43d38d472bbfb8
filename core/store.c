#include "core/common.h"

#include <sys/stat.h>

#include "core/alloc.h"
#include "core/store.h"
#include "core/store_int.h"
#include "core/banned.h"

/* "CCKS" in PRAGMA application_id marks a credcheck store, so we never
 * migrate someone else's SQLite database into one. */
#define STORE_APPLICATION_ID 0x43434b53
/* Page cache per connection (KiB, as a negative cache_size): enough to keep
 * the FTS segment merges of a large feed in memory without weighing on the
 * fetcher's memory budget (issue 3: < 150 MB for 1,000 feeds). */
#define STORE_CACHE_KIB 32768
/* A folder we create for the store is private to the user. */
#define STORE_DIR_MODE 0700

/* ---- schema and migrations --------------------------------------------------
 *
 * migrations[n - 1] takes a store from user_version n - 1 to n. Each runs
 * inside the one BEGIN IMMEDIATE transaction of cc_store_open together with
 * the final PRAGMA user_version, so a crash mid-upgrade leaves the old
 * version intact. A new schema change is a new function appended here; the
 * old ones are never edited (stores in the field were built by them).
 *
 * FTS: items_fts is an external-content FTS5 table over items(title,
 * summary, content), kept in step explicitly by store_items.c in the same
 * transaction as the items change (insert; 'delete' with the old text then
 * insert on a content change; 'delete' on prune). Not triggers: SQLite
 * 3.40's FTS5 flushes its pending terms at every statement savepoint, and a
 * trigger body runs inside one, so a trigger made one tiny index segment
 * per item and cost 2-3x the CPU of the same inserts made as top-level
 * statements (bench/store_fts_ablation, docs/BENCHMARKS.md). The price is
 * that only credcheck's own writes keep the index in step;
 * cc_store_integrity_check compares the two row counts.
 * The stored text is already plain NFC (fetchers/feed.h); the tokenizer
 * "porter unicode61 remove_diacritics 2" folds case and diacritics and
 * treats all punctuation (curly or straight apostrophes alike) as
 * separators, so the index sees normalised text without a second copy of
 * it. Porter stemming widens recall; the matcher re-scores the candidates
 * itself, so over-matching is cheap. detail=full (the default) keeps
 * positions for phrase queries.
 */

static const char migration_1_sql[] =
    "CREATE TABLE outlets ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL COLLATE NOCASE UNIQUE,"
    " wire INTEGER NOT NULL DEFAULT 0,"
    " credibility REAL,"
    " active INTEGER NOT NULL DEFAULT 1,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE TABLE feeds ("
    " id INTEGER PRIMARY KEY,"
    " outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,"
    " url TEXT NOT NULL UNIQUE,"
    " redirect_url TEXT,"
    " active INTEGER NOT NULL DEFAULT 1,"
    " title TEXT,"
    " format TEXT,"
    " etag TEXT,"
    " last_modified TEXT,"
    " last_status TEXT,"
    " last_http_status INTEGER,"
    " last_error TEXT,"
    " last_warning TEXT,"
    " consecutive_failures INTEGER NOT NULL DEFAULT 0,"
    " next_fetch_at INTEGER,"
    " last_fetched_at INTEGER,"
    " last_ok_at INTEGER,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX feeds_outlet ON feeds(outlet_id);"
    /* Small fixed-size columns first: a search reads item_time of every
     * match, and a column after a long content would mean walking its
     * overflow pages. */
    "CREATE TABLE items ("
    " id INTEGER PRIMARY KEY,"
    " outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,"
    " feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    " ikey_hash INTEGER NOT NULL,"
    " item_time INTEGER NOT NULL,"
    " published INTEGER,"
    " updated INTEGER,"
    " first_seen INTEGER NOT NULL,"
    " last_seen INTEGER NOT NULL,"
    " changed_at INTEGER NOT NULL,"
    " content_hash TEXT NOT NULL,"
    " ikey TEXT NOT NULL,"
    " guid TEXT,"
    " canonical_link TEXT,"
    " link TEXT,"
    " author TEXT,"
    " title TEXT,"
    " summary TEXT,"
    " content TEXT);"
    "CREATE INDEX items_ikey ON items(outlet_id, ikey_hash);"
    "CREATE INDEX items_outlet_time ON items(outlet_id, item_time);"
    "CREATE VIRTUAL TABLE items_fts USING fts5("
    " title, summary, content,"
    " content='items', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TABLE runs ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('fetch', 'verify', 'batch')),"
    " status TEXT NOT NULL,"
    " started_at INTEGER NOT NULL,"
    " ended_at INTEGER,"
    " feeds_ok INTEGER NOT NULL DEFAULT 0,"
    " feeds_not_modified INTEGER NOT NULL DEFAULT 0,"
    " feeds_skipped INTEGER NOT NULL DEFAULT 0,"
    " feeds_failed INTEGER NOT NULL DEFAULT 0,"
    " items_new INTEGER NOT NULL DEFAULT 0,"
    " items_updated INTEGER NOT NULL DEFAULT 0,"
    " items_unchanged INTEGER NOT NULL DEFAULT 0,"
    " articles INTEGER NOT NULL DEFAULT 0,"
    " articles_failed INTEGER NOT NULL DEFAULT 0,"
    " claims INTEGER NOT NULL DEFAULT 0,"
    " note TEXT);"
    "PRAGMA application_id = 1128483667;"; /* STORE_APPLICATION_ID */

/* Version 2: article state for `batch` ("new or changed since the last
 * check", DESIGN.md). */
static const char migration_2_sql[] = "CREATE TABLE articles ("
                                      " id INTEGER PRIMARY KEY,"
                                      " key TEXT NOT NULL UNIQUE,"
                                      " content_hash TEXT NOT NULL,"
                                      " first_seen INTEGER NOT NULL,"
                                      " last_verified INTEGER,"
                                      " last_status TEXT);";

/* Version 3: the time-window index of searches, and an item_time index for
 * the matcher's window counts and samples (core/store_window.c).
 * item_days holds, per UTC day of item_time, the smallest and largest
 * items.id that ever had a time on that day. It is only ever widened (not
 * narrowed by prune or by an item's time moving), so the rows of a time
 * window's days bound the rowids of every item in the window, and FTS5 skips
 * the doclist entries outside that range instead of ranking them. The
 * INSERT fills it for the items a version-2 store already holds. */
static const char migration_3_sql[] =
    "CREATE INDEX IF NOT EXISTS items_time ON items(item_time);"
    "CREATE TABLE item_days ("
    " day INTEGER PRIMARY KEY,"
    " min_id INTEGER NOT NULL,"
    " max_id INTEGER NOT NULL);"
    "INSERT INTO item_days (day, min_id, max_id)"
    " SELECT (item_time - ((item_time % 86400) + 86400) % 86400) / 86400 AS d,"
    " MIN(id), MAX(id) FROM items GROUP BY d;";

/* Version 4: FTS5 merges its index segments 16 at a time instead of 4.
 * Every commit writes a new level-0 segment and FTS5 merges a level once
 * it holds 'automerge' segments, so each indexed token is rewritten once
 * per level: 16-way merges make half as many levels as 4-way ones. At a
 * million items saved one feed per transaction this took the insert rate
 * from 8,700 to 11,500 items per CPU-second, with the same search times
 * (docs/BENCHMARKS.md, "store"). A query reads up to 15 segments per level
 * instead of 3; the windowed searches did not get slower. */
static const char migration_4_sql[] =
    "INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 16);";

typedef int (*migration_fn)(struct cc_store *st, struct cc_error *err);

static int exec_sql(struct cc_store *st, const char *sql, const char *what, struct cc_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int code = rc == SQLITE_NOMEM ? CC_ENOMEM : CC_ESTORE;
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            code = CC_ELOCKED;
        }
        cc_error_set(err, code, st->path, "%s: %s", what, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return code;
    }
    return 0;
}

static int migrate_to_1(struct cc_store *st, struct cc_error *err)
{
    return exec_sql(st, migration_1_sql, "cannot create the store schema (version 1)", err);
}

static int migrate_to_2(struct cc_store *st, struct cc_error *err)
{
    return exec_sql(st, migration_2_sql, "cannot upgrade the store to version 2", err);
}

static int migrate_to_3(struct cc_store *st, struct cc_error *err)
{
    return exec_sql(st, migration_3_sql, "cannot upgrade the store to version 3", err);
}

static int migrate_to_4(struct cc_store *st, struct cc_error *err)
{
    return exec_sql(st, migration_4_sql, "cannot upgrade the store to version 4", err);
}

static const migration_fn migrations[] = {
    migrate_to_1,
    migrate_to_2,
    migrate_to_3,
    migrate_to_4,
};

_Static_assert(CC_ARRAY_LEN(migrations) == CC_STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- statements ------------------------------------------------------------- */

static const char *const stmt_sql[CC_STMT_COUNT] = {
    [CC_STMT_BEGIN] = "BEGIN IMMEDIATE",
    [CC_STMT_COMMIT] = "COMMIT",
    [CC_STMT_ROLLBACK] = "ROLLBACK",
    [CC_STMT_OUTLETS_DEACTIVATE] = "UPDATE outlets SET active = 0 WHERE active",
    [CC_STMT_FEEDS_DEACTIVATE] = "UPDATE feeds SET active = 0 WHERE active",
    [CC_STMT_OUTLET_UPSERT] =
        "INSERT INTO outlets (name, wire, credibility, active, created_at, updated_at)"
        " VALUES (?1, ?2, ?3, 1, ?4, ?4)"
        " ON CONFLICT (name) DO UPDATE SET name = excluded.name, wire = excluded.wire,"
        " credibility = excluded.credibility, active = 1, updated_at = excluded.updated_at"
        " RETURNING id",
    [CC_STMT_FEED_UPSERT] =
        "INSERT INTO feeds (outlet_id, url, active, created_at) VALUES (?1, ?2, 1, ?3)"
        " ON CONFLICT (url) DO UPDATE SET outlet_id = excluded.outlet_id, active = 1",
    [CC_STMT_FEED_STATE] =
        "SELECT f.id, o.name, f.url, f.redirect_url, f.etag, f.last_modified, f.last_status,"
        " f.last_error, f.last_http_status, f.consecutive_failures, f.next_fetch_at,"
        " f.last_fetched_at, f.last_ok_at, f.active"
        " FROM feeds f JOIN outlets o ON o.id = f.outlet_id WHERE f.url = ?1",
    [CC_STMT_FEED_KEY] = "SELECT id, outlet_id FROM feeds WHERE url = ?1",
    [CC_STMT_FEED_OK] =
        "UPDATE feeds SET last_status = ?2, last_http_status = ?3, last_error = NULL,"
        " last_warning = ?4, consecutive_failures = 0, next_fetch_at = ?5,"
        " last_fetched_at = ?6, last_ok_at = ?6,"
        " etag = CASE WHEN ?7 THEN ?8 ELSE etag END,"
        " last_modified = CASE WHEN ?7 THEN ?9 ELSE last_modified END,"
        " redirect_url = COALESCE(?10, redirect_url),"
        " title = COALESCE(?11, title), format = COALESCE(?12, format)"
        " WHERE id = ?1",
    [CC_STMT_FEED_FAIL] =
        "UPDATE feeds SET last_status = 'failed', last_http_status = ?2, last_error = ?3,"
        " last_fetched_at = ?4, consecutive_failures = consecutive_failures + 1,"
        " redirect_url = COALESCE(?5, redirect_url)"
        " WHERE url = ?1 RETURNING id, consecutive_failures",
    [CC_STMT_FEED_NEXT] = "UPDATE feeds SET next_fetch_at = ?2 WHERE id = ?1",
    [CC_STMT_ITEM_LOOKUP] = "SELECT id, content_hash FROM items"
                            " WHERE outlet_id = ?1 AND ikey_hash = ?2 AND ikey = ?3",
    [CC_STMT_ITEM_INSERT] =
        "INSERT INTO items (outlet_id, feed_id, ikey, ikey_hash, guid, canonical_link, title,"
        " link, summary, content, author, published, updated, item_time, first_seen,"
        " last_seen, changed_at, content_hash)"
        " VALUES (?1, ?2, ?3, ?15, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " COALESCE(?11, ?13), ?13, ?13, ?13, ?14)",
    [CC_STMT_ITEM_UPDATE] =
        "UPDATE items SET feed_id = ?2, guid = ?3, canonical_link = ?4, title = ?5,"
        " link = ?6, summary = ?7, content = ?8, author = ?9,"
        " published = COALESCE(?10, published), updated = ?11,"
        " item_time = COALESCE(?10, published, first_seen), last_seen = ?12,"
        " changed_at = ?12, content_hash = ?13"
        " WHERE id = ?1",
    /* Same content: metadata may still move (a corrected link or date);
     * the indexed columns are untouched, so the FTS index is too. */
    [CC_STMT_ITEM_TOUCH] =
        "UPDATE items SET feed_id = ?2, last_seen = ?3,"
        " link = COALESCE(?4, link), canonical_link = COALESCE(?5, canonical_link),"
        " author = COALESCE(?6, author), published = COALESCE(?7, published),"
        " updated = COALESCE(?8, updated), item_time = COALESCE(?7, published, first_seen)"
        " WHERE id = ?1",
    [CC_STMT_ITEM_GET] =
        "SELECT i.id, o.name, f.url, i.guid, i.title, i.link, i.summary, i.content,"
        " i.author, i.published, i.item_time, i.first_seen, i.last_seen, i.content_hash"
        " FROM items i JOIN outlets o ON o.id = i.outlet_id JOIN feeds f ON f.id = i.feed_id"
        " WHERE i.id = ?1",
    /* Rank the matches on (rowid, rank) alone and read the wide rows of
     * the top ones only: sorting full rows copied every match's text
     * through the sorter. */
    [CC_STMT_SEARCH] =
        "SELECT i.id, o.name, f.url, i.guid, i.title, i.link, i.summary, i.content,"
        " i.author, i.published, i.item_time, i.first_seen, i.last_seen, i.content_hash,"
        " top.rank"
        " FROM (SELECT m.rowid AS rid, bm25(items_fts, ?1, ?2, ?3) AS rank"
        "       FROM items_fts m JOIN items w ON w.id = m.rowid"
        "       WHERE items_fts MATCH ?4 AND m.rowid >= ?9 AND m.rowid <= ?10"
        "       AND w.item_time >= ?5 AND w.item_time <= ?6"
        "       AND (?7 IS NULL OR w.outlet_id IN (SELECT id FROM outlets WHERE name = ?7))"
        "       ORDER BY rank LIMIT ?8) top"
        " JOIN items i ON i.id = top.rid"
        " JOIN outlets o ON o.id = i.outlet_id JOIN feeds f ON f.id = i.feed_id"
        " ORDER BY top.rank",
    [CC_STMT_COVERAGE_ITEMS] = "SELECT COUNT(*), MIN(item_time), MAX(item_time), MIN(first_seen),"
                               " COALESCE(SUM(item_time >= ?2 AND item_time <= ?3), 0)"
                               " FROM items WHERE outlet_id = ?1",
    [CC_STMT_COVERAGE_FEEDS] =
        "SELECT COUNT(*), COALESCE(SUM(last_status IN ('ok', 'not-modified')), 0),"
        " MAX(last_ok_at) FROM feeds WHERE outlet_id = ?1 AND active",
    [CC_STMT_OUTLET_ID] = "SELECT id FROM outlets WHERE name = ?1",
    [CC_STMT_RUN_BEGIN] = "INSERT INTO runs (kind, status, started_at) VALUES (?1, 'running', ?2)",
    [CC_STMT_RUN_FINISH] =
        "UPDATE runs SET status = ?2, ended_at = ?3, note = ?4, feeds_ok = ?5,"
        " feeds_not_modified = ?6, feeds_skipped = ?7, feeds_failed = ?8, items_new = ?9,"
        " items_updated = ?10, items_unchanged = ?11, articles = ?12,"
        " articles_failed = ?13, claims = ?14 WHERE id = ?1",
    [CC_STMT_RUN_GET] =
        "SELECT id, kind, status, note, started_at, ended_at, feeds_ok, feeds_not_modified,"
        " feeds_skipped, feeds_failed, items_new, items_updated, items_unchanged, articles,"
        " articles_failed, claims FROM runs WHERE id = ?1",
    [CC_STMT_RUN_LATEST] =
        "SELECT id, kind, status, note, started_at, ended_at, feeds_ok, feeds_not_modified,"
        " feeds_skipped, feeds_failed, items_new, items_updated, items_unchanged, articles,"
        " articles_failed, claims FROM runs ORDER BY id DESC LIMIT 1",
    [CC_STMT_RUN_LATEST_KIND] =
        "SELECT id, kind, status, note, started_at, ended_at, feeds_ok, feeds_not_modified,"
        " feeds_skipped, feeds_failed, items_new, items_updated, items_unchanged, articles,"
        " articles_failed, claims FROM runs WHERE kind = ?1 ORDER BY id DESC LIMIT 1",
    [CC_STMT_ARTICLE_GET] = "SELECT key, content_hash, first_seen, last_verified, last_status"
                            " FROM articles WHERE key = ?1",
    [CC_STMT_ARTICLE_SET] =
        "INSERT INTO articles (key, content_hash, first_seen, last_verified, last_status)"
        " VALUES (?1, ?2, ?3, ?3, ?4)"
        " ON CONFLICT (key) DO UPDATE SET content_hash = excluded.content_hash,"
        " last_verified = excluded.last_verified, last_status = excluded.last_status",
    /* Per outlet, so the search walks items_outlet_time instead of the table. */
    [CC_STMT_PRUNE] = "SELECT id FROM items WHERE outlet_id IN (SELECT id FROM outlets)"
                      " AND item_time < ?1 AND last_seen < ?1",
    [CC_STMT_ITEM_DELETE] = "DELETE FROM items WHERE id = ?1",
    [CC_STMT_FTS_INSERT] = "INSERT INTO items_fts (rowid, title, summary, content)"
                           " VALUES (?1, ?2, ?3, ?4)",
    [CC_STMT_FTS_DELETE] = "INSERT INTO items_fts (items_fts, rowid, title, summary, content)"
                           " VALUES ('delete', ?1, ?2, ?3, ?4)",
    [CC_STMT_ITEM_TEXT] = "SELECT title, summary, content FROM items WHERE id = ?1",
    [CC_STMT_DAY_MARK] = "INSERT INTO item_days (day, min_id, max_id) VALUES (?1, ?2, ?3)"
                         " ON CONFLICT (day) DO UPDATE SET"
                         " min_id = MIN(min_id, excluded.min_id),"
                         " max_id = MAX(max_id, excluded.max_id)",
    [CC_STMT_DAY_BOUNDS] = "SELECT MIN(min_id), MAX(max_id) FROM item_days"
                           " WHERE day >= ?1 AND day <= ?2",
};

/* ---- helpers shared with store_items.c ------------------------------------- */

int cc_store__fail(struct cc_store *st, int rc, struct cc_error *err, const char *what)
{
    /* Copy the message first: the next SQLite call overwrites it. */
    char msg[256];
    const char *m = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    snprintf(msg, sizeof(msg), "%s", m ? m : "unknown error");
    int primary = rc & 0xff;
    const char *subject = st ? st->path : NULL;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return cc_error_set(err, CC_ELOCKED, subject,
                            "%s: the store is busy (another credcheck holds it; waited %d ms)",
                            what, st ? st->busy_timeout_ms : 0);
    }
    if (primary == SQLITE_NOMEM) {
        return cc_error_set(err, CC_ENOMEM, subject, "%s: out of memory", what);
    }
    return cc_error_set(err, CC_ESTORE, subject, "%s: %s", what, msg);
}

int cc_store__stmt(struct cc_store *st, enum cc_store__stmt_id id, sqlite3_stmt **out,
                   struct cc_error *err)
{
    *out = NULL;
    if (!st->stmts[id]) {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->stmts[id], NULL);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(st->stmts[id]);
            st->stmts[id] = NULL;
            return cc_store__fail(st, rc, err, "cannot prepare a store query");
        }
    }
    *out = st->stmts[id];
    return 0;
}

void cc_store__done(sqlite3_stmt *s)
{
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
}

static int step_simple(struct cc_store *st, enum cc_store__stmt_id id, const char *what,
                       struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, id, &s, err);
    if (rc < 0) {
        return rc;
    }
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE && src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, what);
    }
    cc_store__done(s);
    return rc;
}

int cc_store__begin(struct cc_store *st, struct cc_error *err)
{
    return step_simple(st, CC_STMT_BEGIN, "cannot start a transaction", err);
}

int cc_store__commit(struct cc_store *st, struct cc_error *err)
{
    int rc = step_simple(st, CC_STMT_COMMIT, "cannot commit", err);
    if (rc < 0) {
        cc_store__rollback(st);
    }
    return rc;
}

void cc_store__rollback(struct cc_store *st)
{
    if (sqlite3_get_autocommit(st->db)) {
        return;
    }
    sqlite3_stmt *s = NULL;
    if (cc_store__stmt(st, CC_STMT_ROLLBACK, &s, NULL) == 0) {
        (void)sqlite3_step(s);
        cc_store__done(s);
    }
}

int cc_store__bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    if (!text) {
        return sqlite3_bind_null(s, idx);
    }
    return sqlite3_bind_text64(s, idx, text, strlen(text), SQLITE_STATIC, SQLITE_UTF8);
}

int cc_store__bind_time(sqlite3_stmt *s, int idx, int64_t t)
{
    if (t == CC_TIME_NONE) {
        return sqlite3_bind_null(s, idx);
    }
    return sqlite3_bind_int64(s, idx, t);
}

int64_t cc_store__col_time(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) {
        return CC_TIME_NONE;
    }
    return sqlite3_column_int64(s, col);
}

char *cc_store__col_text(sqlite3_stmt *s, int col)
{
    return (char *)sqlite3_column_text(s, col);
}

int cc_store__col_dup(char **out, sqlite3_stmt *s, int col)
{
    *out = NULL;
    const unsigned char *t = sqlite3_column_text(s, col);
    if (!t) {
        return sqlite3_column_type(s, col) == SQLITE_NULL ? 0 : CC_ENOMEM;
    }
    *out = cc_strndup((const char *)t, (size_t)sqlite3_column_bytes(s, col));
    return *out ? 0 : CC_ENOMEM;
}

static int query_int64(struct cc_store *st, const char *sql, int64_t *out, struct cc_error *err);

/* ---- opening ---------------------------------------------------------------- */

int cc_store_default_path(struct cc_buf *out, struct cc_error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    int rc;
    if (xdg && xdg[0] == '/') {
        rc = cc_buf_addf(out, "%s/credcheck/store.db", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0]) {
            return cc_error_set(err, CC_EINVAL, "store",
                                "neither XDG_DATA_HOME nor HOME is set; use --store PATH");
        }
        rc = cc_buf_addf(out, "%s/.local/share/credcheck/store.db", home);
    }
    if (rc < 0) {
        return cc_error_set(err, rc, "store", "out of memory");
    }
    return 0;
}

/* mkdir -p of the folder holding path. */
static int make_parent_dirs(const char *path, struct cc_error *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) {
        return 0;
    }
    size_t dlen = (size_t)(slash - path);
    char *dir = cc_strndup(path, dlen);
    if (!dir) {
        return cc_error_set(err, CC_ENOMEM, path, "out of memory");
    }
    int rc = 0;
    for (size_t i = 1; i <= dlen; i++) {
        if (i < dlen && dir[i] != '/') {
            continue;
        }
        char saved = dir[i];
        dir[i] = '\0';
        struct stat sb;
        if (stat(dir, &sb) != 0) {
            if (mkdir(dir, STORE_DIR_MODE) != 0 && errno != EEXIST) {
                rc = cc_error_set(err, CC_ESTORE, path, "cannot create folder '%s': %s", dir,
                                  strerror(errno));
                break;
            }
        } else if (!S_ISDIR(sb.st_mode)) {
            rc = cc_error_set(err, CC_ESTORE, path, "cannot create folder '%s': %s", dir,
                              strerror(ENOTDIR));
            break;
        }
        dir[i] = saved;
    }
    cc_free(dir);
    return rc;
}

static int pragma_int(struct cc_store *st, const char *sql, int *out, struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
    }
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        return 0;
    }
    int code =
        cc_store__fail(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err, "cannot read the store");
    sqlite3_finalize(s);
    return code;
}

static int table_count(struct cc_store *st, int *out, struct cc_error *err)
{
    return pragma_int(st, "SELECT COUNT(*) FROM sqlite_schema", out, err);
}

static int check_and_migrate(struct cc_store *st, struct cc_error *err)
{
    int version = 0;
    int rc = pragma_int(st, "PRAGMA user_version", &version, err);
    if (rc < 0) {
        return rc;
    }
    if (version > CC_STORE_SCHEMA_VERSION) {
        return cc_error_set(err, CC_ESTORE, st->path,
                            "store schema version %d is newer than this credcheck supports (%d)",
                            version, CC_STORE_SCHEMA_VERSION);
    }
    int app_id = 0;
    int ntables = 0;
    rc = pragma_int(st, "PRAGMA application_id", &app_id, err);
    if (rc == 0) {
        rc = table_count(st, &ntables, err);
    }
    if (rc < 0) {
        return rc;
    }
    if ((version > 0 && app_id != STORE_APPLICATION_ID) || (version == 0 && ntables > 0)) {
        return cc_error_set(err, CC_ESTORE, st->path,
                            "an SQLite database, but not a credcheck store");
    }
    if (version == CC_STORE_SCHEMA_VERSION) {
        st->schema_version = version;
        return 0;
    }
    if (st->read_only) {
        return cc_error_set(err, CC_ESTORE, st->path,
                            "store schema version %d is older than %d; open it read-write once "
                            "to upgrade",
                            version, CC_STORE_SCHEMA_VERSION);
    }
    rc = cc_store__begin(st, err);
    if (rc < 0) {
        return rc;
    }
    /* Another process may have upgraded it while we waited for the lock. */
    rc = pragma_int(st, "PRAGMA user_version", &version, err);
    for (int v = version; rc == 0 && v < CC_STORE_SCHEMA_VERSION; v++) {
        rc = migrations[v](st, err);
    }
    if (rc == 0 && version < CC_STORE_SCHEMA_VERSION) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", CC_STORE_SCHEMA_VERSION);
        rc = exec_sql(st, sql, "cannot record the schema version", err);
    }
    if (rc == 0) {
        rc = cc_store__commit(st, err);
    } else {
        cc_store__rollback(st);
    }
    if (rc == 0) {
        st->schema_version = CC_STORE_SCHEMA_VERSION;
    }
    return rc;
}

static int configure(struct cc_store *st, struct cc_error *err)
{
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
    int rc = 0;
    if (!st->read_only) {
        /* journal_mode is the first statement that reads the file, so a
         * file that is not a database fails here ("file is not a
         * database"). */
        sqlite3_stmt *s = NULL;
        int src = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
        if (src == SQLITE_OK) {
            src = sqlite3_step(s);
        }
        if (src != SQLITE_ROW && src != SQLITE_DONE) {
            rc = cc_store__fail(st, src, err, "cannot open the store");
        }
        sqlite3_finalize(s);
        if (rc < 0) {
            return rc;
        }
    }
    char sql[160];
    snprintf(sql, sizeof(sql),
             "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -%d;",
             STORE_CACHE_KIB);
    rc = exec_sql(st, sql, "cannot open the store", err);
    if (rc == 0 && st->mmap_bytes > 0) {
        snprintf(sql, sizeof(sql), "PRAGMA mmap_size = %lld;", (long long)st->mmap_bytes);
        rc = exec_sql(st, sql, "cannot open the store", err);
    }
    if (rc < 0) {
        return rc;
    }
    return check_and_migrate(st, err);
}

int cc_store_open_with(struct cc_store **out, const char *path, const struct cc_store_options *opts,
                       struct cc_error *err)
{
    *out = NULL;
    if (!path || !path[0]) {
        return cc_error_set(err, CC_EINVAL, "store", "empty store path");
    }
    bool read_only = opts && opts->read_only;
    int rc = 0;
    if (!read_only && strcmp(path, ":memory:") != 0) {
        rc = make_parent_dirs(path, err);
        if (rc < 0) {
            return rc;
        }
    }
    struct cc_store *st = cc_calloc(1, sizeof(*st));
    if (!st) {
        return cc_error_set(err, CC_ENOMEM, path, "out of memory");
    }
    cc_buf_init(&st->key, 0);
    cc_buf_init(&st->link, 0);
    st->read_only = read_only;
    st->mmap_bytes = opts ? opts->mmap_bytes : 0;
    st->busy_timeout_ms =
        opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : CC_STORE_BUSY_TIMEOUT_MS;
    st->path = cc_strdup(path);
    if (!st->path) {
        rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
        goto out;
    }
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int src = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (src != SQLITE_OK) {
        if (!st->db) {
            rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
        } else {
            rc = cc_store__fail(st, src, err, "cannot open the store");
        }
        goto out;
    }
    rc = configure(st, err);
out:
    if (rc < 0) {
        cc_store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

int cc_store_open(struct cc_store **out, const char *path, struct cc_error *err)
{
    return cc_store_open_with(out, path, NULL, err);
}

void cc_store_close(struct cc_store *st)
{
    if (!st) {
        return;
    }
    for (size_t i = 0; i < CC_STMT_COUNT; i++) {
        sqlite3_finalize(st->stmts[i]);
        st->stmts[i] = NULL;
    }
    if (st->db) {
        if (!st->read_only && st->schema_version > 0) {
            /* Keeps the planner's statistics fresh; cheap when nothing changed. */
            (void)sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
        }
        sqlite3_close_v2(st->db);
        st->db = NULL;
    }
    cc_buf_release(&st->key);
    cc_buf_release(&st->link);
    cc_free(st->path);
    cc_free(st);
}

const char *cc_store_path(const struct cc_store *st)
{
    return st->path;
}

int cc_store_schema_version(const struct cc_store *st)
{
    return st->schema_version;
}

int cc_store_integrity_check(struct cc_store *st, struct cc_buf *report, struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = 0;
    int src = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL);
    char first[256] = "";
    bool ok = true;
    while (src == SQLITE_OK || src == SQLITE_ROW) {
        src = sqlite3_step(s);
        if (src != SQLITE_ROW) {
            break;
        }
        const char *line = cc_store__col_text(s, 0);
        line = line ? line : "";
        if (strcmp(line, "ok") != 0 && ok) {
            ok = false;
            snprintf(first, sizeof(first), "%s", line);
        }
        if (report && (cc_buf_adds(report, line) < 0 || cc_buf_addch(report, '\n') < 0)) {
            sqlite3_finalize(s);
            return cc_error_set(err, CC_ENOMEM, st->path, "out of memory");
        }
    }
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "integrity check failed");
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        return rc;
    }
    if (!ok) {
        return cc_error_set(err, CC_ESTORE, st->path, "integrity check failed: %s", first);
    }
    if (!st->read_only) {
        /* FTS5 compares its index with the items table (external content). */
        src = sqlite3_exec(st->db, "INSERT INTO items_fts(items_fts) VALUES ('integrity-check')",
                           NULL, NULL, NULL);
        if (src != SQLITE_OK) {
            if (report && cc_buf_adds(report, "fts: index out of step with items\n") < 0) {
                cc_buf_truncate(report, report->len);
            }
            return cc_store__fail(st, src, err, "full-text index integrity check failed");
        }
        /* SQLite 3.40's FTS5 check does not compare an external-content
         * index with its table, so compare the row counts: a missed
         * trigger shows up as a difference. */
        int64_t nitems = 0;
        int64_t ndocs = 0;
        int rc2 = query_int64(st, "SELECT COUNT(*) FROM items", &nitems, err);
        if (rc2 == 0) {
            rc2 = query_int64(st, "SELECT COUNT(*) FROM items_fts_docsize", &ndocs, err);
        }
        if (rc2 < 0) {
            return rc2;
        }
        if (nitems != ndocs) {
            if (report && cc_buf_addf(report, "fts: %lld indexed rows for %lld items\n",
                                      (long long)ndocs, (long long)nitems) < 0) {
                cc_buf_truncate(report, report->len);
            }
            return cc_error_set(err, CC_ESTORE, st->path,
                                "full-text index out of step: %lld indexed rows for %lld items",
                                (long long)ndocs, (long long)nitems);
        }
        /* Every item inside its day's [min_id, max_id] (floor division of
         * item_time by 86400, negative times included). */
        int64_t unmarked = 0;
        rc2 = query_int64(st,
                          "SELECT COUNT(*) FROM items i LEFT JOIN item_days d"
                          " ON d.day = (i.item_time - ((i.item_time % 86400) + 86400) % 86400)"
                          " / 86400"
                          " WHERE d.day IS NULL OR i.id < d.min_id OR i.id > d.max_id",
                          &unmarked, err);
        if (rc2 < 0) {
            return rc2;
        }
        if (unmarked != 0) {
            return cc_error_set(err, CC_ESTORE, st->path,
                                "%lld items outside their day's rowid range (item_days)",
                                (long long)unmarked);
        }
        if (report && cc_buf_adds(report, "fts: ok\n") < 0) {
            return cc_error_set(err, CC_ENOMEM, st->path, "out of memory");
        }
    }
    return 0;
}

/* ---- registry and feed state ------------------------------------------------ */

static int sync_outlet(struct cc_store *st, const struct cc_outlet *o, int64_t now,
                       struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_OUTLET_UPSERT, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, o->name);
    sqlite3_bind_int(s, 2, o->wire ? 1 : 0);
    sqlite3_bind_double(s, 3, o->credibility);
    sqlite3_bind_int64(s, 4, now);
    int src = sqlite3_step(s);
    if (src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, "cannot save an outlet");
        cc_store__done(s);
        return rc;
    }
    int64_t outlet_id = sqlite3_column_int64(s, 0);
    cc_store__done(s);
    rc = cc_store__stmt(st, CC_STMT_FEED_UPSERT, &s, err);
    for (size_t i = 0; rc == 0 && i < o->nfeeds; i++) {
        sqlite3_bind_int64(s, 1, outlet_id);
        cc_store__bind_text(s, 2, o->feeds[i].url);
        sqlite3_bind_int64(s, 3, now);
        src = sqlite3_step(s);
        if (src != SQLITE_DONE) {
            rc = cc_store__fail(st, src, err, "cannot save a feed");
        }
        cc_store__done(s);
    }
    return rc;
}

int cc_store_sync_registry(struct cc_store *st, const struct cc_registry *reg, int64_t now,
                           struct cc_error *err)
{
    int rc = cc_store__begin(st, err);
    if (rc < 0) {
        return rc;
    }
    rc = step_simple(st, CC_STMT_OUTLETS_DEACTIVATE, "cannot update outlets", err);
    if (rc == 0) {
        rc = step_simple(st, CC_STMT_FEEDS_DEACTIVATE, "cannot update feeds", err);
    }
    size_t n = cc_registry_count(reg);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = sync_outlet(st, cc_registry_get(reg, i), now, err);
    }
    if (rc == 0) {
        return cc_store__commit(st, err);
    }
    cc_store__rollback(st);
    return rc;
}

void cc_store_feed_state_release(struct cc_store_feed_state *s)
{
    if (!s) {
        return;
    }
    cc_free(s->outlet);
    cc_free(s->url);
    cc_free(s->redirect_url);
    cc_free(s->etag);
    cc_free(s->last_modified);
    cc_free(s->last_status);
    cc_free(s->last_error);
    memset(s, 0, sizeof(*s));
}

int cc_store_feed_state_find(struct cc_store_feed_state *out, struct cc_store *st, const char *url,
                             struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_FEED_STATE, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, url);
    int src = sqlite3_step(s);
    if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, url, "feed is not in the store");
    } else if (src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, "cannot read feed state");
    } else {
        out->feed_id = sqlite3_column_int64(s, 0);
        char **strs[] = {&out->outlet,        &out->url,         &out->redirect_url, &out->etag,
                         &out->last_modified, &out->last_status, &out->last_error};
        for (size_t i = 0; rc == 0 && i < CC_ARRAY_LEN(strs); i++) {
            rc = cc_store__col_dup(strs[i], s, (int)i + 1);
        }
        out->last_http_status = sqlite3_column_int(s, 8);
        out->consecutive_failures = sqlite3_column_int(s, 9);
        out->next_fetch_at = cc_store__col_time(s, 10);
        out->last_fetched_at = cc_store__col_time(s, 11);
        out->last_ok_at = cc_store__col_time(s, 12);
        out->active = sqlite3_column_int(s, 13) != 0;
        if (rc < 0) {
            rc = cc_error_set(err, CC_ENOMEM, url, "out of memory");
        }
    }
    cc_store__done(s);
    if (rc < 0) {
        cc_store_feed_state_release(out);
    }
    return rc;
}

int64_t cc_store_backoff_seconds(int failures)
{
    if (failures < 1) {
        return 0;
    }
    int64_t b = CC_STORE_BACKOFF_BASE;
    for (int i = 1; i < failures && b < CC_STORE_BACKOFF_MAX; i++) {
        b *= 2;
    }
    return CC_MIN(b, (int64_t)CC_STORE_BACKOFF_MAX);
}

int cc_store_record_failure(struct cc_store *st, const struct cc_store_failure *f,
                            int64_t *next_fetch_at_out, struct cc_error *err)
{
    int rc = cc_store__begin(st, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_stmt *s = NULL;
    int64_t feed_id = 0;
    int failures = 0;
    int64_t next = CC_TIME_NONE;
    rc = cc_store__stmt(st, CC_STMT_FEED_FAIL, &s, err);
    if (rc == 0) {
        cc_store__bind_text(s, 1, f->url);
        if (f->http_status > 0) {
            sqlite3_bind_int(s, 2, f->http_status);
        }
        cc_store__bind_text(s, 3, f->error ? f->error : "failed");
        cc_store__bind_time(s, 4, f->failed_at);
        cc_store__bind_text(s, 5, f->redirect_url);
        int src = sqlite3_step(s);
        if (src == SQLITE_ROW) {
            feed_id = sqlite3_column_int64(s, 0);
            failures = sqlite3_column_int(s, 1);
            src = sqlite3_step(s);
        }
        if (src != SQLITE_DONE) {
            rc = cc_store__fail(st, src, err, "cannot record a feed failure");
        } else if (feed_id == 0) {
            rc = cc_error_set(err, CC_ENOTFOUND, f->url, "feed is not in the store");
        }
        cc_store__done(s);
    }
    if (rc == 0) {
        next = f->retry_at != CC_TIME_NONE ? f->retry_at
                                           : f->failed_at + cc_store_backoff_seconds(failures);
        rc = cc_store__stmt(st, CC_STMT_FEED_NEXT, &s, err);
    }
    if (rc == 0) {
        sqlite3_bind_int64(s, 1, feed_id);
        sqlite3_bind_int64(s, 2, next);
        int src = sqlite3_step(s);
        if (src != SQLITE_DONE) {
            rc = cc_store__fail(st, src, err, "cannot record a feed failure");
        }
        cc_store__done(s);
    }
    if (rc == 0) {
        rc = cc_store__commit(st, err);
    } else {
        cc_store__rollback(st);
    }
    if (rc == 0 && next_fetch_at_out) {
        *next_fetch_at_out = next;
    }
    return rc;
}

/* ---- runs ------------------------------------------------------------------- */

int cc_store_run_begin(int64_t *id_out, struct cc_store *st, const char *kind, int64_t started_at,
                       struct cc_error *err)
{
    *id_out = 0;
    if (!kind ||
        (strcmp(kind, "fetch") != 0 && strcmp(kind, "verify") != 0 && strcmp(kind, "batch") != 0)) {
        return cc_error_set(err, CC_EINVAL, st->path, "unknown run kind '%s'",
                            kind ? kind : "(null)");
    }
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_RUN_BEGIN, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, kind);
    sqlite3_bind_int64(s, 2, started_at);
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot record a run");
    } else {
        *id_out = sqlite3_last_insert_rowid(st->db);
    }
    cc_store__done(s);
    return rc;
}

int cc_store_run_finish(struct cc_store *st, int64_t id, const char *status,
                        const struct cc_store_run_counts *counts, const char *note,
                        int64_t ended_at, struct cc_error *err)
{
    static const struct cc_store_run_counts zero;
    const struct cc_store_run_counts *c = counts ? counts : &zero;
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_RUN_FINISH, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, id);
    cc_store__bind_text(s, 2, status ? status : "ok");
    cc_store__bind_time(s, 3, ended_at);
    cc_store__bind_text(s, 4, note);
    const int64_t vals[] = {
        c->feeds_ok,      c->feeds_not_modified, c->feeds_skipped, c->feeds_failed,    c->items_new,
        c->items_updated, c->items_unchanged,    c->articles,      c->articles_failed, c->claims};
    for (size_t i = 0; i < CC_ARRAY_LEN(vals); i++) {
        sqlite3_bind_int64(s, (int)i + 5, vals[i]);
    }
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot record a run");
    } else if (sqlite3_changes(st->db) != 1) {
        rc = cc_error_set(err, CC_ENOTFOUND, st->path, "no run with id %lld", (long long)id);
    }
    cc_store__done(s);
    return rc;
}

void cc_store_run_release(struct cc_store_run *run)
{
    if (!run) {
        return;
    }
    cc_free(run->kind);
    cc_free(run->status);
    cc_free(run->note);
    memset(run, 0, sizeof(*run));
}

int cc_store_run_find(struct cc_store_run *out, struct cc_store *st, int64_t id, const char *kind,
                      struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    enum cc_store__stmt_id which = id > 0 ? CC_STMT_RUN_GET
                                   : kind ? CC_STMT_RUN_LATEST_KIND
                                          : CC_STMT_RUN_LATEST;
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, which, &s, err);
    if (rc < 0) {
        return rc;
    }
    if (which == CC_STMT_RUN_GET) {
        sqlite3_bind_int64(s, 1, id);
    } else if (which == CC_STMT_RUN_LATEST_KIND) {
        cc_store__bind_text(s, 1, kind);
    }
    int src = sqlite3_step(s);
    if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, st->path, "no such run");
    } else if (src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, "cannot read a run");
    } else {
        out->id = sqlite3_column_int64(s, 0);
        if (cc_store__col_dup(&out->kind, s, 1) < 0 || cc_store__col_dup(&out->status, s, 2) < 0 ||
            cc_store__col_dup(&out->note, s, 3) < 0) {
            rc = cc_error_set(err, CC_ENOMEM, st->path, "out of memory");
        }
        out->started_at = sqlite3_column_int64(s, 4);
        out->ended_at = cc_store__col_time(s, 5);
        int64_t *vals[] = {&out->counts.feeds_ok,        &out->counts.feeds_not_modified,
                           &out->counts.feeds_skipped,   &out->counts.feeds_failed,
                           &out->counts.items_new,       &out->counts.items_updated,
                           &out->counts.items_unchanged, &out->counts.articles,
                           &out->counts.articles_failed, &out->counts.claims};
        for (size_t i = 0; i < CC_ARRAY_LEN(vals); i++) {
            *vals[i] = sqlite3_column_int64(s, (int)i + 6);
        }
    }
    cc_store__done(s);
    if (rc < 0) {
        cc_store_run_release(out);
    }
    return rc;
}

/* ---- stats and prune -------------------------------------------------------- */

static int query_int64(struct cc_store *st, const char *sql, int64_t *out, struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = 0;
    int src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (src == SQLITE_OK) {
        src = sqlite3_step(s);
    }
    if (src == SQLITE_ROW) {
        *out = cc_store__col_time(s, 0);
    } else {
        rc = cc_store__fail(st, src == SQLITE_DONE ? SQLITE_ERROR : src, err,
                            "cannot read store statistics");
    }
    sqlite3_finalize(s);
    return rc;
}

int cc_store_stats_get(struct cc_store_stats *out, struct cc_store *st, struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    out->schema_version = st->schema_version;
    struct {
        const char *sql;
        int64_t *dst;
    } q[] = {
        {"SELECT COUNT(*) FROM outlets WHERE active", &out->outlets},
        {"SELECT COUNT(*) FROM feeds WHERE active", &out->feeds},
        {"SELECT COUNT(*) FROM items", &out->items},
        {"SELECT COUNT(*) FROM runs", &out->runs},
        {"SELECT COUNT(*) FROM articles", &out->articles},
        {"SELECT MIN(item_time) FROM items", &out->oldest_item},
        {"SELECT MAX(item_time) FROM items", &out->newest_item},
        {"SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
         &out->db_bytes},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(q); i++) {
        int rc = query_int64(st, q[i].sql, q[i].dst, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (out->db_bytes == CC_TIME_NONE) {
        out->db_bytes = 0;
    }
    char wal[PATH_MAX + 8];
    struct stat sb;
    int n = snprintf(wal, sizeof(wal), "%s-wal", st->path);
    if (n > 0 && (size_t)n < sizeof(wal) && stat(wal, &sb) == 0) {
        out->db_bytes += (int64_t)sb.st_size;
    }
    return 0;
}

/* The ids of the items prune removes; collected before deleting so no
 * SELECT is walking the table while its rows go. */
static int prune_ids(struct cc_store *st, int64_t cutoff, int64_t **ids, size_t *n,
                     struct cc_error *err)
{
    size_t alloc = 0;
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_PRUNE, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, cutoff);
    for (;;) {
        int src = sqlite3_step(s);
        if (src == SQLITE_DONE) {
            break;
        }
        if (src != SQLITE_ROW) {
            rc = cc_store__fail(st, src, err, "cannot prune items");
            break;
        }
        if (cc_array_grow((void **)ids, &alloc, *n + 1, sizeof(**ids)) < 0) {
            rc = cc_error_set(err, CC_ENOMEM, st->path, "out of memory pruning items");
            break;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    cc_store__done(s);
    return rc;
}

int cc_store_prune(struct cc_store *st, int64_t cutoff, int64_t *removed, struct cc_error *err)
{
    if (removed) {
        *removed = 0;
    }
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = cc_store__begin(st, err);
    if (rc < 0) {
        return rc;
    }
    rc = prune_ids(st, cutoff, &ids, &n, err);
    sqlite3_stmt *del = NULL;
    if (rc == 0) {
        rc = cc_store__stmt(st, CC_STMT_ITEM_DELETE, &del, err);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = cc_store__fts_remove(st, ids[i], err);
        if (rc == 0) {
            sqlite3_bind_int64(del, 1, ids[i]);
            int src = sqlite3_step(del);
            if (src != SQLITE_DONE) {
                rc = cc_store__fail(st, src, err, "cannot prune items");
            }
            cc_store__done(del);
        }
    }
    cc_free(ids);
    if (rc == 0) {
        rc = cc_store__commit(st, err);
    } else {
        cc_store__rollback(st);
    }
    if (rc == 0 && removed) {
        *removed = (int64_t)n;
    }
    return rc;
}

/* ---- articles ---------------------------------------------------------------- */

void cc_store_article_release(struct cc_store_article *a)
{
    if (!a) {
        return;
    }
    cc_free(a->key);
    cc_free(a->last_status);
    memset(a, 0, sizeof(*a));
}

int cc_store_article_find(struct cc_store_article *out, struct cc_store *st, const char *key,
                          struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_ARTICLE_GET, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, key);
    int src = sqlite3_step(s);
    if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, key, "article is not in the store");
    } else if (src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, "cannot read article state");
    } else {
        if (cc_store__col_dup(&out->key, s, 0) < 0 ||
            cc_store__col_dup(&out->last_status, s, 4) < 0) {
            rc = cc_error_set(err, CC_ENOMEM, key, "out of memory");
        }
        const char *h = cc_store__col_text(s, 1);
        snprintf(out->content_hash, sizeof(out->content_hash), "%s", h ? h : "");
        out->first_seen = cc_store__col_time(s, 2);
        out->last_verified = cc_store__col_time(s, 3);
    }
    cc_store__done(s);
    if (rc < 0) {
        cc_store_article_release(out);
    }
    return rc;
}

int cc_store_article_set(struct cc_store *st, const char *key, const char *content_hash,
                         int64_t verified_at, const char *status, struct cc_error *err)
{
    if (!key || !key[0] || !content_hash || verified_at == CC_TIME_NONE) {
        return cc_error_set(err, CC_EINVAL, key, "article state needs a key, hash and time");
    }
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_ARTICLE_SET, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, key);
    cc_store__bind_text(s, 2, content_hash);
    sqlite3_bind_int64(s, 3, verified_at);
    cc_store__bind_text(s, 4, status);
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot save article state");
    }
    cc_store__done(s);
    return rc;
}
