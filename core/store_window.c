#include "core/common.h"

#include "core/alloc.h"
#include "core/store.h"
#include "core/store_int.h"
#include "core/store_window.h"

#include "core/banned.h"

/* Statements are prepared per call: the matcher asks once per article. */

int cc_store_window_span(struct cc_store_window_span *out, struct cc_store *st, int64_t from,
                         int64_t to, struct cc_error *err)
{
    out->count = 0;
    out->lo = 1;
    out->hi = 0;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT count(*), min(id), max(id) FROM items"
                                " WHERE item_time >= ?1 AND item_time <= ?2",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot read the window's items");
    }
    sqlite3_bind_int64(s, 1, from == CC_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(s, 2, to == CC_TIME_NONE ? INT64_MAX : to);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->count = sqlite3_column_int64(s, 0);
        if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
            out->lo = sqlite3_column_int64(s, 1);
            out->hi = sqlite3_column_int64(s, 2);
        }
        rc = 0;
    } else {
        rc = cc_store__fail(st, rc, err, "cannot read the window's items");
    }
    sqlite3_finalize(s);
    return rc;
}

/* Default bm25 column weights, as cc_store_search's (core/store_items.c). */
#define WINDOW_W_TITLE 4.0
#define WINDOW_W_SUMMARY 2.0
#define WINDOW_W_CONTENT 1.0

/* Steps s (prepared and bound) to its end and finalizes it. On success
 * *out is a new array (NULL when no row) of column 0 of every row, *nout
 * long; the caller frees it with cc_free. A failing step is CC_ESTORE with
 * `what`, or with fts, an SQLITE_ERROR (FTS5's syntax errors) CC_EINVAL
 * "bad full-text query"; out of memory names subject. */
static int collect_int64(int64_t **out, size_t *nout, struct cc_store *st, sqlite3_stmt *s,
                         const char *what, bool fts, const char *subject, struct cc_error *err)
{
    int64_t *v = NULL;
    size_t n = 0, alloc = 0;
    int rc = 0;
    for (;;) {
        int src = sqlite3_step(s);
        if (src == SQLITE_DONE) {
            break;
        }
        if (src != SQLITE_ROW) {
            if (fts && (src & 0xff) == SQLITE_ERROR) {
                char msg[256];
                snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(st->db));
                rc = cc_error_set(err, CC_EINVAL, st->path, "bad full-text query: %s", msg);
            } else {
                rc = cc_store__fail(st, src, err, what);
            }
            break;
        }
        if (n == alloc && cc_array_grow((void **)&v, &alloc, n + 1, sizeof(*v)) < 0) {
            rc = cc_error_set(err, CC_ENOMEM, subject, "out of memory");
            break;
        }
        v[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        cc_free(v);
        return rc;
    }
    *out = v;
    *nout = n;
    return 0;
}

int cc_store_window_ids(int64_t **out, size_t *nout, struct cc_store *st, int64_t from, int64_t to,
                        int64_t stride, size_t max, struct cc_error *err)
{
    *out = NULL;
    *nout = 0;
    if (max == 0) {
        return 0;
    }
    /* in the items_time index's order (item_time, then rowid), from the
     * index alone */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT id FROM items WHERE item_time >= ?1 AND item_time <= ?2"
                                " AND id % ?3 = 0 LIMIT ?4",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot list window items");
    }
    sqlite3_bind_int64(s, 1, from == CC_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(s, 2, to == CC_TIME_NONE ? INT64_MAX : to);
    sqlite3_bind_int64(s, 3, stride < 1 ? 1 : stride);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)CC_MIN(max, (size_t)INT64_MAX));
    return collect_int64(out, nout, st, s, "cannot list window items", false, st->path, err);
}

int cc_store_window_read(struct cc_store *st, const int64_t *rowids, size_t n, cc_store_item_fn cb,
                         void *payload, struct cc_error *err)
{
    if (n == 0) {
        return 0;
    }
    /* Only what the matcher keeps: no guid, author, feed or identity key,
     * so each row costs its own pages and no more. */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT i.title, i.summary, i.content, i.published, i.item_time,"
                                " i.first_seen, o.name, i.link, i.content_hash"
                                " FROM items i JOIN outlets o ON o.id = i.outlet_id WHERE i.id = ?1",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot read window items");
    }
    /* one read transaction for all the rows: a statement outside one takes
     * and drops the database's shared lock (fcntl calls) for every row */
    bool own_txn = sqlite3_get_autocommit(st->db) &&
                   sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, rowids[k]);
        int src = sqlite3_step(s);
        if (src == SQLITE_DONE) {
            continue; /* removed meanwhile */
        }
        if (src != SQLITE_ROW) {
            rc = cc_store__fail(st, src, err, "cannot read window items");
            break;
        }
        struct cc_store_item it;
        memset(&it, 0, sizeof(it));
        it.rowid = rowids[k];
        it.title = cc_store__col_text(s, 0);
        it.summary = cc_store__col_text(s, 1);
        it.content = cc_store__col_text(s, 2);
        it.published = cc_store__col_time(s, 3);
        it.item_time = sqlite3_column_int64(s, 4);
        it.first_seen = sqlite3_column_int64(s, 5);
        it.outlet = cc_store__col_text(s, 6);
        it.link = cc_store__col_text(s, 7);
        const char *h = cc_store__col_text(s, 8);
        snprintf(it.content_hash, sizeof(it.content_hash), "%s", h ? h : "");
        if (cb(&it, payload) != 0) {
            break;
        }
    }
    sqlite3_finalize(s);
    if (own_txn) {
        (void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    }
    return rc;
}

int cc_store_window_search_ids(int64_t **out, size_t *nout, struct cc_store *st,
                               const struct cc_store_query *q, int64_t lo, int64_t hi,
                               struct cc_error *err)
{
    *out = NULL;
    *nout = 0;
    if (q->outlet) {
        return cc_error_set(err, CC_EINVAL, st->path, "window search by outlet is not supported");
    }
    /* the rowids only: the rows are read (cc_store_window_read) for the
     * items not analysed yet */
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(
        st->db,
        "SELECT i.id, bm25(items_fts, ?1, ?2, ?3) AS rank"
        " FROM items_fts JOIN items i ON i.id = items_fts.rowid"
        " JOIN outlets o ON o.id = i.outlet_id JOIN feeds f ON f.id = i.feed_id"
        " WHERE items_fts MATCH ?4 AND items_fts.rowid >= ?7 AND items_fts.rowid <= ?8"
        " AND i.item_time >= ?5 AND i.item_time <= ?6"
        " ORDER BY rank LIMIT ?9",
        -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot prepare the window search");
    }
    bool dw = q->w_title == 0 && q->w_summary == 0 && q->w_content == 0;
    sqlite3_bind_double(s, 1, dw ? WINDOW_W_TITLE : q->w_title);
    sqlite3_bind_double(s, 2, dw ? WINDOW_W_SUMMARY : q->w_summary);
    sqlite3_bind_double(s, 3, dw ? WINDOW_W_CONTENT : q->w_content);
    cc_store__bind_text(s, 4, q->match);
    sqlite3_bind_int64(s, 5, q->from == CC_TIME_NONE ? INT64_MIN : q->from);
    sqlite3_bind_int64(s, 6, q->to == CC_TIME_NONE ? INT64_MAX : q->to);
    sqlite3_bind_int64(s, 7, lo);
    sqlite3_bind_int64(s, 8, hi);
    sqlite3_bind_int64(s, 9, (sqlite3_int64)CC_MIN(q->limit ? q->limit : 100, (size_t)INT64_MAX));
    return collect_int64(out, nout, st, s, "full-text search failed", true, st->path, err);
}

void cc_store_outlet_times_release(struct cc_store_outlet_times *t)
{
    if (!t) {
        return;
    }
    cc_free(t->times);
    t->times = NULL;
    t->n = 0;
}

/* One int64 (or NULL: CC_TIME_NONE) of a one-row query on outlet_id. */
static int outlet_scalar(int64_t *out, struct cc_store *st, const char *sql, int64_t outlet_id,
                         struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot read outlet coverage");
    }
    sqlite3_bind_int64(s, 1, outlet_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = cc_store__col_time(s, 0);
        rc = 0;
    } else {
        rc = cc_store__fail(st, rc, err, "cannot read outlet coverage");
    }
    sqlite3_finalize(s);
    return rc;
}

int cc_store_window_outlet(struct cc_store_outlet_times *out, struct cc_store *st,
                           const char *outlet, struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    struct cc_store_coverage *cov = &out->cov;
    cov->oldest_item = cov->newest_item = cov->first_stored = cov->last_ok_at = CC_TIME_NONE;
    sqlite3_stmt *s = NULL;
    int64_t outlet_id = 0;
    int rc = sqlite3_prepare_v2(st->db, "SELECT id FROM outlets WHERE name = ?1", -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot read an outlet");
    }
    cc_store__bind_text(s, 1, outlet);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        outlet_id = sqlite3_column_int64(s, 0);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, outlet, "outlet is not in the store");
    } else {
        rc = cc_store__fail(st, rc, err, "cannot read an outlet");
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        return rc;
    }
    /* the times from the (outlet_id, item_time) index, in its order */
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT item_time FROM items WHERE outlet_id = ?1 ORDER BY item_time",
                            -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot read outlet coverage");
    }
    sqlite3_bind_int64(s, 1, outlet_id);
    rc = collect_int64(&out->times, &out->n, st, s, "cannot read outlet coverage", false, outlet,
                       err);
    int64_t v = 0;
    if (rc == 0) {
        rc = outlet_scalar(&cov->first_stored, st,
                           "SELECT MIN(first_seen) FROM items WHERE outlet_id = ?1", outlet_id, err);
    }
    if (rc == 0) {
        rc = outlet_scalar(&v, st, "SELECT COUNT(*) FROM feeds WHERE outlet_id = ?1 AND active",
                           outlet_id, err);
        cov->feeds = v;
    }
    if (rc == 0) {
        rc = outlet_scalar(&v, st,
                           "SELECT COALESCE(SUM(last_status IN ('ok', 'not-modified')), 0)"
                           " FROM feeds WHERE outlet_id = ?1 AND active",
                           outlet_id, err);
        cov->feeds_ok = v;
    }
    if (rc == 0) {
        rc = outlet_scalar(&cov->last_ok_at, st,
                           "SELECT MAX(last_ok_at) FROM feeds WHERE outlet_id = ?1 AND active",
                           outlet_id, err);
    }
    if (rc < 0) {
        cc_store_outlet_times_release(out);
        return rc;
    }
    cov->items_total = (int64_t)out->n;
    if (out->n > 0) {
        cov->oldest_item = out->times[0];
        cov->newest_item = out->times[out->n - 1];
    }
    return 0;
}

/* The first of times[0..n) (ascending) that is > x (strict) or >= x. */
static size_t bound(const int64_t *times, size_t n, int64_t x, bool strict)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strict ? times[mid] <= x : times[mid] < x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

void cc_store_outlet_times_coverage(struct cc_store_coverage *out,
                                    const struct cc_store_outlet_times *t, int64_t from,
                                    int64_t to)
{
    *out = t->cov;
    int64_t lo = from == CC_TIME_NONE ? INT64_MIN : from;
    int64_t hi = to == CC_TIME_NONE ? INT64_MAX : to;
    size_t a = bound(t->times, t->n, lo, false);
    size_t b = bound(t->times, t->n, hi, true);
    out->items_in_window = b > a ? (int64_t)(b - a) : 0;
}
