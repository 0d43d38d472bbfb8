#include "core/common.h"

#include "core/store.h"
#include "core/store_int.h"
#include "core/store_window.h"

#include "core/banned.h"

/* Statements are prepared per call: the matcher asks once per article. */

int cc_store_window_count(int64_t *out, struct cc_store *st, int64_t from, int64_t to,
                          struct cc_error *err)
{
    *out = 0;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT count(*) FROM items WHERE item_time >= ?1"
                                " AND item_time <= ?2",
                                -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot count window items");
    }
    sqlite3_bind_int64(s, 1, from == CC_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(s, 2, to == CC_TIME_NONE ? INT64_MAX : to);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = 0;
    } else {
        rc = cc_store__fail(st, rc, err, "cannot count window items");
    }
    sqlite3_finalize(s);
    return rc;
}

int cc_store_window_sample(struct cc_store *st, int64_t from, int64_t to, size_t max,
                           cc_store_item_fn cb, void *payload, struct cc_error *err)
{
    int64_t count = 0;
    int rc = cc_store_window_count(&count, st, from, to, err);
    if (rc < 0 || count == 0 || max == 0) {
        return rc;
    }
    int64_t stride = count / (int64_t)CC_MIN(max, (size_t)INT64_MAX);
    if (stride < 1) {
        stride = 1;
    }
    sqlite3_stmt *s = NULL;
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT id, title, summary, content, published, item_time,"
                            " first_seen FROM items WHERE item_time >= ?1 AND item_time <= ?2"
                            " AND id % ?3 = 0 LIMIT ?4",
                            -1, &s, NULL);
    if (rc != SQLITE_OK) {
        return cc_store__fail(st, rc, err, "cannot sample window items");
    }
    sqlite3_bind_int64(s, 1, from == CC_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(s, 2, to == CC_TIME_NONE ? INT64_MAX : to);
    sqlite3_bind_int64(s, 3, stride);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)CC_MIN(max, (size_t)INT64_MAX));
    rc = 0;
    for (;;) {
        int src = sqlite3_step(s);
        if (src == SQLITE_DONE) {
            break;
        }
        if (src != SQLITE_ROW) {
            rc = cc_store__fail(st, src, err, "cannot sample window items");
            break;
        }
        struct cc_store_item it;
        memset(&it, 0, sizeof(it));
        it.rowid = sqlite3_column_int64(s, 0);
        it.title = cc_store__col_text(s, 1);
        it.summary = cc_store__col_text(s, 2);
        it.content = cc_store__col_text(s, 3);
        it.published = cc_store__col_time(s, 4);
        it.item_time = sqlite3_column_int64(s, 5);
        it.first_seen = sqlite3_column_int64(s, 6);
        if (cb(&it, payload) != 0) {
            break;
        }
    }
    sqlite3_finalize(s);
    return rc;
}
