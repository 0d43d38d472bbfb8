#include "core/common.h"

#include "core/alloc.h"
#include "core/hash.h"
#include "core/store.h"
#include "core/store_int.h"
#include "core/url.h"
#include "core/banned.h"

/* Default bm25 column weights: a term in the title says more about what an
 * item reports than one deep in its content. The matcher re-scores the
 * candidates, so these only decide which candidates make the limit. */
#define SEARCH_W_TITLE 4.0
#define SEARCH_W_SUMMARY 2.0
#define SEARCH_W_CONTENT 1.0
#define SEARCH_DEFAULT_LIMIT 100

/* ---- identity and content hashes --------------------------------------------- */

static bool is_ws(char c)
{
    /* ' ', or one of '\t' '\n' '\v' '\f' '\r' (9 to 13) */
    return c == ' ' || (unsigned char)(c - '\t') <= (unsigned char)('\r' - '\t');
}

/* Feeds s into ctx trimmed, with each run of ASCII whitespace as one space.
 * The collapsed text is gathered in a small buffer and hashed in large
 * pieces: one cc_sha256_update per word cost more than the hashing. */
#define COLLAPSE_CHUNK 1024

static void hash_collapsed(struct cc_sha256 *ctx, const char *s)
{
    if (!s) {
        return;
    }
    char buf[COLLAPSE_CHUNK];
    size_t n = 0;
    bool pending_space = false;
    bool any = false;
    const char *p = s;
    while (*p) {
        if (is_ws(*p)) {
            pending_space = any;
            p++;
            continue;
        }
        if (pending_space) {
            if (n == sizeof(buf)) {
                cc_sha256_update(ctx, buf, n);
                n = 0;
            }
            buf[n++] = ' ';
            pending_space = false;
        }
        const char *w = p;
        while (*p && !is_ws(*p)) {
            p++;
        }
        size_t wl = (size_t)(p - w);
        if (n + wl > sizeof(buf)) {
            cc_sha256_update(ctx, buf, n);
            n = 0;
        }
        if (wl > sizeof(buf)) {
            cc_sha256_update(ctx, w, wl);
        } else {
            memcpy(buf + n, w, wl);
            n += wl;
        }
        any = true;
    }
    cc_sha256_update(ctx, buf, n);
}

static bool has_text(const char *s)
{
    if (!s) {
        return false;
    }
    for (; *s; s++) {
        if (!is_ws(*s)) {
            return true;
        }
    }
    return false;
}

void cc_store_content_hash(char out[65], const char *title, const char *summary,
                           const char *content)
{
    struct cc_sha256 ctx;
    unsigned char d[CC_SHA256_LEN];
    cc_sha256_init(&ctx);
    hash_collapsed(&ctx, title);
    cc_sha256_update(&ctx, "\n", 1);
    hash_collapsed(&ctx, summary);
    cc_sha256_update(&ctx, "\n", 1);
    hash_collapsed(&ctx, content);
    cc_sha256_final(&ctx, d);
    cc_hash_hex(out, d, sizeof(d));
}

/* Appends the trimmed guid, canonicalised when it is an http(s) URL (so a
 * permalink guid with utm_* noise still names the same item). */
static int add_guid(struct cc_buf *out, const char *guid)
{
    size_t len = strlen(guid);
    while (len > 0 && is_ws(guid[len - 1])) {
        len--;
    }
    while (len > 0 && is_ws(*guid)) {
        guid++;
        len--;
    }
    if (cc_url_is_http(guid, len)) {
        size_t mark = out->len;
        struct cc_error ignored = CC_ERROR_INIT;
        int rc = cc_url_canonical(out, guid, len, &ignored);
        if (rc == 0 || rc == CC_ENOMEM) {
            return rc;
        }
        cc_buf_truncate(out, mark);
    }
    return cc_buf_add(out, guid, len);
}

/* Writes the canonical link of item into link (empty when the item has no
 * link or it is not an absolute URL) and its identity key into key. */
static int item_keys(struct cc_buf *key, struct cc_buf *link, const struct cc_item *item)
{
    cc_buf_reset(key);
    cc_buf_reset(link);
    int rc = 0;
    if (has_text(item->link)) {
        struct cc_error ignored = CC_ERROR_INIT;
        rc = cc_url_canonical(link, item->link, strlen(item->link), &ignored);
        if (rc == CC_ENOMEM) {
            return rc;
        }
        if (rc < 0) {
            cc_buf_reset(link);
        }
        rc = 0;
    }
    if (has_text(item->id)) {
        rc = cc_buf_adds(key, "g:");
        if (rc == 0) {
            rc = add_guid(key, item->id);
        }
    } else if (link->len > 0) {
        rc = cc_buf_adds(key, "l:");
        if (rc == 0) {
            rc = cc_buf_add(key, link->buf, link->len);
        }
    } else if (has_text(item->title) || has_text(item->summary)) {
        struct cc_sha256 ctx;
        unsigned char d[CC_SHA256_LEN];
        char hex[CC_SHA256_HEX_LEN + 1];
        cc_sha256_init(&ctx);
        hash_collapsed(&ctx, item->title);
        cc_sha256_update(&ctx, "\n", 1);
        hash_collapsed(&ctx, item->summary);
        cc_sha256_final(&ctx, d);
        cc_hash_hex(hex, d, sizeof(d));
        rc = cc_buf_adds(key, "h:");
        if (rc == 0) {
            rc = cc_buf_add(key, hex, CC_SHA256_HEX_LEN);
        }
    } else {
        return CC_ENOTFOUND;
    }
    return rc;
}

int cc_store_item_identity(struct cc_buf *out, const struct cc_item *item)
{
    struct cc_buf key = CC_BUF_INIT;
    struct cc_buf link = CC_BUF_INIT;
    int rc = item_keys(&key, &link, item);
    if (rc == 0) {
        rc = cc_buf_add(out, key.buf, key.len);
    }
    cc_buf_release(&key);
    cc_buf_release(&link);
    return rc;
}

/* ---- the FTS index, kept in step by hand (see store.c) --------------------------- */

static int fts_insert(struct cc_store *st, int64_t rowid, const struct cc_item *item,
                      struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_FTS_INSERT, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, rowid);
    cc_store__bind_text(s, 2, item->title);
    cc_store__bind_text(s, 3, item->summary);
    cc_store__bind_text(s, 4, item->content);
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot index an item");
    }
    cc_store__done(s);
    return rc;
}

int cc_store__fts_remove(struct cc_store *st, int64_t rowid, struct cc_error *err)
{
    sqlite3_stmt *text = NULL;
    sqlite3_stmt *del = NULL;
    int rc = cc_store__stmt(st, CC_STMT_ITEM_TEXT, &text, err);
    if (rc == 0) {
        rc = cc_store__stmt(st, CC_STMT_FTS_DELETE, &del, err);
    }
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(text, 1, rowid);
    int src = sqlite3_step(text);
    if (src == SQLITE_ROW) {
        /* The old values must be exactly what was indexed; they stay valid
         * while text sits on its row. */
        sqlite3_bind_int64(del, 1, rowid);
        for (int i = 0; i < 3; i++) {
            sqlite3_bind_value(del, i + 2, sqlite3_column_value(text, i));
        }
        src = sqlite3_step(del);
        if (src != SQLITE_DONE) {
            rc = cc_store__fail(st, src, err, "cannot update the full-text index");
        }
    } else if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot read an item");
    }
    cc_store__done(del);
    cc_store__done(text);
    return rc;
}

/* ---- saving a fetch ------------------------------------------------------------ */

/* Distinct item days of one save, folded in memory and written to
 * item_days once per day before the commit. */
#define SAVE_MAX_DAYS 32

struct day_mark {
    int64_t day;
    int64_t min_id;
    int64_t max_id;
};

struct save_ctx {
    struct cc_store *st;
    int64_t feed_id;
    int64_t outlet_id;
    int64_t now;
    struct cc_store_save_counts counts;
    struct day_mark days[SAVE_MAX_DAYS];
    size_t ndays;
};

static int64_t day_of(int64_t t)
{
    /* Floor division, so 1969-12-31T23:00Z is day -1, not 0. */
    return t >= 0 ? t / CC_STORE_DAY : -((-(t + 1)) / CC_STORE_DAY) - 1;
}

static int flush_days(struct save_ctx *c, struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = c->ndays > 0 ? cc_store__stmt(c->st, CC_STMT_DAY_MARK, &s, err) : 0;
    for (size_t i = 0; rc == 0 && i < c->ndays; i++) {
        sqlite3_bind_int64(s, 1, c->days[i].day);
        sqlite3_bind_int64(s, 2, c->days[i].min_id);
        sqlite3_bind_int64(s, 3, c->days[i].max_id);
        int src = sqlite3_step(s);
        if (src != SQLITE_DONE) {
            rc = cc_store__fail(c->st, src, err, "cannot save an item");
        }
        cc_store__done(s);
    }
    c->ndays = 0;
    return rc;
}

/* Records that item rowid has item_time t (see item_days in store.c). */
static int mark_day(struct save_ctx *c, int64_t t, int64_t rowid, struct cc_error *err)
{
    int64_t day = day_of(t);
    for (size_t i = 0; i < c->ndays; i++) {
        if (c->days[i].day == day) {
            c->days[i].min_id = CC_MIN(c->days[i].min_id, rowid);
            c->days[i].max_id = CC_MAX(c->days[i].max_id, rowid);
            return 0;
        }
    }
    if (c->ndays == SAVE_MAX_DAYS) {
        int rc = flush_days(c, err);
        if (rc < 0) {
            return rc;
        }
    }
    c->days[c->ndays++] = (struct day_mark){day, rowid, rowid};
    return 0;
}

static int save_item(struct save_ctx *c, const struct cc_item *item, struct cc_error *err)
{
    struct cc_store *st = c->st;
    int rc = item_keys(&st->key, &st->link, item);
    if (rc == CC_ENOTFOUND) {
        c->counts.skipped_items++;
        return 0;
    }
    if (rc < 0) {
        return cc_error_set(err, rc, st->path, "out of memory saving an item");
    }
    char hash[CC_SHA256_HEX_LEN + 1];
    cc_store_content_hash(hash, item->title, item->summary, item->content);
    const char *canon = st->link.len > 0 ? st->link.buf : NULL;
    const char *guid = has_text(item->id) ? item->id : NULL;

    sqlite3_stmt *s = NULL;
    rc = cc_store__stmt(st, CC_STMT_ITEM_LOOKUP, &s, err);
    if (rc < 0) {
        return rc;
    }
    /* The identity index holds a 64-bit hash of the key, not the key (often
     * a 100-byte URL): five times smaller, so it stays in the page cache at
     * a million items. The key itself is compared too, so a collision
     * cannot merge two items. */
    uint64_t h64 = cc_hash64(st->key.buf, st->key.len, 0);
    int64_t key_hash;
    memcpy(&key_hash, &h64, sizeof(key_hash));
    sqlite3_bind_int64(s, 1, c->outlet_id);
    sqlite3_bind_int64(s, 2, key_hash);
    sqlite3_bind_text64(s, 3, st->key.buf, st->key.len, SQLITE_STATIC, SQLITE_UTF8);
    int src = sqlite3_step(s);
    int64_t id = 0;
    bool same = false;
    if (src == SQLITE_ROW) {
        id = sqlite3_column_int64(s, 0);
        const char *old = cc_store__col_text(s, 1);
        same = old && strcmp(old, hash) == 0;
    } else if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot look up an item");
    }
    cc_store__done(s);
    if (rc < 0) {
        return rc;
    }

    if (id == 0) {
        rc = cc_store__stmt(st, CC_STMT_ITEM_INSERT, &s, err);
        if (rc < 0) {
            return rc;
        }
        sqlite3_bind_int64(s, 1, c->outlet_id);
        sqlite3_bind_int64(s, 2, c->feed_id);
        sqlite3_bind_text64(s, 3, st->key.buf, st->key.len, SQLITE_STATIC, SQLITE_UTF8);
        cc_store__bind_text(s, 4, guid);
        cc_store__bind_text(s, 5, canon);
        cc_store__bind_text(s, 6, item->title);
        cc_store__bind_text(s, 7, item->link);
        cc_store__bind_text(s, 8, item->summary);
        cc_store__bind_text(s, 9, item->content);
        cc_store__bind_text(s, 10, item->author);
        cc_store__bind_time(s, 11, item->published);
        cc_store__bind_time(s, 12, item->updated);
        sqlite3_bind_int64(s, 13, c->now);
        sqlite3_bind_text64(s, 14, hash, CC_SHA256_HEX_LEN, SQLITE_STATIC, SQLITE_UTF8);
        sqlite3_bind_int64(s, 15, key_hash);
        c->counts.new_items++;
    } else if (!same) {
        /* Out of the index with the old text, back in with the new one
         * (after the UPDATE below). */
        rc = cc_store__fts_remove(st, id, err);
        if (rc < 0) {
            return rc;
        }
        rc = cc_store__stmt(st, CC_STMT_ITEM_UPDATE, &s, err);
        if (rc < 0) {
            return rc;
        }
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, c->feed_id);
        cc_store__bind_text(s, 3, guid);
        cc_store__bind_text(s, 4, canon);
        cc_store__bind_text(s, 5, item->title);
        cc_store__bind_text(s, 6, item->link);
        cc_store__bind_text(s, 7, item->summary);
        cc_store__bind_text(s, 8, item->content);
        cc_store__bind_text(s, 9, item->author);
        cc_store__bind_time(s, 10, item->published);
        cc_store__bind_time(s, 11, item->updated);
        sqlite3_bind_int64(s, 12, c->now);
        sqlite3_bind_text64(s, 13, hash, CC_SHA256_HEX_LEN, SQLITE_STATIC, SQLITE_UTF8);
        c->counts.updated_items++;
    } else {
        rc = cc_store__stmt(st, CC_STMT_ITEM_TOUCH, &s, err);
        if (rc < 0) {
            return rc;
        }
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, c->feed_id);
        sqlite3_bind_int64(s, 3, c->now);
        cc_store__bind_text(s, 4, item->link);
        cc_store__bind_text(s, 5, canon);
        cc_store__bind_text(s, 6, item->author);
        cc_store__bind_time(s, 7, item->published);
        cc_store__bind_time(s, 8, item->updated);
        c->counts.unchanged_items++;
    }
    src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot save an item");
    }
    cc_store__done(s);
    if (rc == 0 && id == 0) {
        id = sqlite3_last_insert_rowid(st->db);
        rc = fts_insert(st, id, item, err);
        if (rc == 0) {
            rc = mark_day(c, item->published != CC_TIME_NONE ? item->published : c->now, id, err);
        }
    } else if (rc == 0 && !same) {
        rc = fts_insert(st, id, item, err);
    }
    /* A known item's time moves only when the feed gives a date. */
    if (rc == 0 && item->published != CC_TIME_NONE) {
        rc = mark_day(c, item->published, id, err);
    }
    return rc;
}

static int find_feed(struct cc_store *st, const char *url, int64_t *feed_id, int64_t *outlet_id,
                     struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_FEED_KEY, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, url);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *feed_id = sqlite3_column_int64(s, 0);
        *outlet_id = sqlite3_column_int64(s, 1);
    } else if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, url, "feed is not in the store");
    } else {
        rc = cc_store__fail(st, src, err, "cannot read a feed");
    }
    cc_store__done(s);
    return rc;
}

static int update_feed_ok(struct cc_store *st, int64_t feed_id, const struct cc_store_fetch *f,
                          struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_FEED_OK, &s, err);
    if (rc < 0) {
        return rc;
    }
    bool not_modified = f->http_status == 304;
    /* 200: the validators are whatever the server sent now (none clears
     * them); 304: a server may omit them, so keep what we had. */
    bool set_validators = !not_modified || f->etag || f->last_modified;
    sqlite3_bind_int64(s, 1, feed_id);
    cc_store__bind_text(s, 2, not_modified ? "not-modified" : "ok");
    if (f->http_status > 0) {
        sqlite3_bind_int(s, 3, f->http_status);
    }
    cc_store__bind_text(s, 4, f->warning);
    cc_store__bind_time(s, 5, f->next_fetch_at);
    cc_store__bind_time(s, 6, f->fetched_at);
    sqlite3_bind_int(s, 7, set_validators ? 1 : 0);
    cc_store__bind_text(s, 8, f->etag);
    cc_store__bind_text(s, 9, f->last_modified);
    cc_store__bind_text(s, 10, f->redirect_url);
    cc_store__bind_text(s, 11, f->feed ? f->feed->title : NULL);
    cc_store__bind_text(s, 12, f->feed ? f->feed->format : NULL);
    int src = sqlite3_step(s);
    if (src != SQLITE_DONE) {
        rc = cc_store__fail(st, src, err, "cannot update a feed");
    }
    cc_store__done(s);
    return rc;
}

/* Saves one fetch inside the caller's transaction. */
static int save_fetch(struct cc_store *st, const struct cc_store_fetch *f,
                      struct cc_store_save_counts *counts, struct cc_error *err)
{
    struct save_ctx c;
    memset(&c, 0, sizeof(c));
    c.st = st;
    c.now = f->fetched_at;
    int rc = find_feed(st, f->url, &c.feed_id, &c.outlet_id, err);
    if (rc == 0) {
        rc = update_feed_ok(st, c.feed_id, f, err);
    }
    if (f->feed) {
        for (size_t i = 0; rc == 0 && i < f->feed->nitems; i++) {
            rc = save_item(&c, &f->feed->items[i], err);
        }
    }
    if (rc == 0) {
        rc = flush_days(&c, err);
    }
    if (rc < 0) {
        cc_error_subject(err, f->url);
        return rc;
    }
    *counts = c.counts;
    return 0;
}

int cc_store_record_fetch(struct cc_store *st, const struct cc_store_fetch *f,
                          struct cc_store_save_counts *counts, struct cc_error *err)
{
    struct cc_store_save_counts c;
    memset(&c, 0, sizeof(c));
    if (counts) {
        *counts = c;
    }
    int rc = cc_store__begin(st, err);
    if (rc < 0) {
        cc_error_subject(err, f->url);
        return rc;
    }
    rc = save_fetch(st, f, &c, err);
    if (rc == 0) {
        rc = cc_store__commit(st, err);
        if (rc < 0) {
            cc_error_subject(err, f->url);
        }
    } else {
        cc_store__rollback(st);
    }
    if (rc == 0 && counts) {
        *counts = c;
    }
    return rc;
}

int cc_store_record_fetches(struct cc_store *st, const struct cc_store_fetch *f, size_t n,
                            struct cc_store_fetch_result *res)
{
    for (size_t i = 0; i < n; i++) {
        memset(&res[i], 0, sizeof(res[i])); /* also an empty error */
    }
    if (n == 1) {
        res[0].rc = cc_store_record_fetch(st, &f[0], &res[0].counts, &res[0].err);
        return res[0].rc;
    }
    if (n == 0) {
        return 0;
    }
    /* All in one transaction: FTS5 writes one index segment per commit,
     * and that segment and its merges are most of the cost of a save
     * (docs/BENCHMARKS.md, "store"). No savepoint per fetch: FTS5 flushes
     * its pending terms at every savepoint too. */
    struct cc_error gerr = CC_ERROR_INIT;
    int rc = cc_store__begin(st, &gerr);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = save_fetch(st, &f[i], &res[i].counts, &gerr);
    }
    if (rc == 0) {
        rc = cc_store__commit(st, &gerr);
        if (rc == 0) {
            return 0;
        }
    } else {
        cc_store__rollback(st);
    }
    /* One fetch failed (or the commit did): nothing of the group was
     * written. Save each alone, so only the failing ones fail. */
    int first = 0;
    for (size_t i = 0; i < n; i++) {
        res[i].rc = cc_store_record_fetch(st, &f[i], &res[i].counts, &res[i].err);
        if (res[i].rc < 0 && first == 0) {
            first = res[i].rc;
        }
    }
    return first;
}

/* ---- reading items ---------------------------------------------------------------- */

/* Fills *it from a row of CC_STMT_ITEM_GET / CC_STMT_SEARCH with borrowed
 * pointers into the statement. */
static void row_to_item(struct cc_store_item *it, sqlite3_stmt *s, bool with_score)
{
    memset(it, 0, sizeof(*it));
    it->rowid = sqlite3_column_int64(s, 0);
    it->outlet = cc_store__col_text(s, 1);
    it->feed_url = cc_store__col_text(s, 2);
    it->guid = cc_store__col_text(s, 3);
    it->title = cc_store__col_text(s, 4);
    it->link = cc_store__col_text(s, 5);
    it->summary = cc_store__col_text(s, 6);
    it->content = cc_store__col_text(s, 7);
    it->author = cc_store__col_text(s, 8);
    it->published = cc_store__col_time(s, 9);
    it->item_time = sqlite3_column_int64(s, 10);
    it->first_seen = sqlite3_column_int64(s, 11);
    it->last_seen = sqlite3_column_int64(s, 12);
    const char *h = cc_store__col_text(s, 13);
    snprintf(it->content_hash, sizeof(it->content_hash), "%s", h ? h : "");
    it->score = with_score ? -sqlite3_column_double(s, 14) : 0.0;
}

void cc_store_item_release(struct cc_store_item *item)
{
    if (!item) {
        return;
    }
    cc_free(item->outlet);
    cc_free(item->feed_url);
    cc_free(item->guid);
    cc_free(item->title);
    cc_free(item->link);
    cc_free(item->summary);
    cc_free(item->content);
    cc_free(item->author);
    memset(item, 0, sizeof(*item));
}

/* Deep copy of a borrowed item; on failure *out is released. */
static int item_copy(struct cc_store_item *out, const struct cc_store_item *in)
{
    *out = *in;
    char **fields[] = {&out->outlet, &out->feed_url, &out->guid,    &out->title,
                       &out->link,   &out->summary,  &out->content, &out->author};
    for (size_t i = 0; i < CC_ARRAY_LEN(fields); i++) {
        *fields[i] = NULL;
    }
    const char *src[] = {in->outlet, in->feed_url, in->guid,    in->title,
                         in->link,   in->summary,  in->content, in->author};
    for (size_t i = 0; i < CC_ARRAY_LEN(fields); i++) {
        if (src[i]) {
            *fields[i] = cc_strdup(src[i]);
            if (!*fields[i]) {
                cc_store_item_release(out);
                return CC_ENOMEM;
            }
        }
    }
    return 0;
}

int cc_store_item_find(struct cc_store_item *out, struct cc_store *st, int64_t rowid,
                       struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_ITEM_GET, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, rowid);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        struct cc_store_item tmp;
        row_to_item(&tmp, s, false);
        if (item_copy(out, &tmp) < 0) {
            rc = cc_error_set(err, CC_ENOMEM, st->path, "out of memory");
        }
    } else if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, st->path, "no item with rowid %lld", (long long)rowid);
    } else {
        rc = cc_store__fail(st, src, err, "cannot read an item");
    }
    cc_store__done(s);
    return rc;
}

/* The rowid range that holds every item whose time is in [from, to]
 * (CC_TIME_NONE: open), from item_days; *empty when no item ever had a
 * time on those days. */
static int window_rowids(struct cc_store *st, int64_t from, int64_t to, int64_t *lo, int64_t *hi,
                         bool *empty, struct cc_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_DAY_BOUNDS, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, from == CC_TIME_NONE ? INT64_MIN : day_of(from));
    sqlite3_bind_int64(s, 2, to == CC_TIME_NONE ? INT64_MAX : day_of(to));
    int src = sqlite3_step(s);
    if (src != SQLITE_ROW) {
        rc = cc_store__fail(st, src, err, "full-text search failed");
    } else if (sqlite3_column_type(s, 0) == SQLITE_NULL) {
        *empty = true;
    } else {
        *lo = sqlite3_column_int64(s, 0);
        *hi = sqlite3_column_int64(s, 1);
    }
    cc_store__done(s);
    return rc;
}

int cc_store_search(struct cc_store *st, const struct cc_store_query *q, cc_store_item_fn cb,
                    void *payload, struct cc_error *err)
{
    if (!q->match || !q->match[0]) {
        return cc_error_set(err, CC_EINVAL, st->path, "empty full-text query");
    }
    sqlite3_stmt *s = NULL;
    int rc = 0;
    int64_t lo = INT64_MIN;
    int64_t hi = INT64_MAX;
    if (q->from != CC_TIME_NONE || q->to != CC_TIME_NONE) {
        bool empty = false;
        rc = window_rowids(st, q->from, q->to, &lo, &hi, &empty, err);
        if (rc < 0 || empty) {
            return rc;
        }
    }
    rc = cc_store__stmt(st, CC_STMT_SEARCH, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 9, lo);
    sqlite3_bind_int64(s, 10, hi);
    bool default_weights = q->w_title == 0 && q->w_summary == 0 && q->w_content == 0;
    sqlite3_bind_double(s, 1, default_weights ? SEARCH_W_TITLE : q->w_title);
    sqlite3_bind_double(s, 2, default_weights ? SEARCH_W_SUMMARY : q->w_summary);
    sqlite3_bind_double(s, 3, default_weights ? SEARCH_W_CONTENT : q->w_content);
    cc_store__bind_text(s, 4, q->match);
    sqlite3_bind_int64(s, 5, q->from == CC_TIME_NONE ? INT64_MIN : q->from);
    sqlite3_bind_int64(s, 6, q->to == CC_TIME_NONE ? INT64_MAX : q->to);
    cc_store__bind_text(s, 7, q->outlet);
    size_t limit = q->limit > 0 ? q->limit : SEARCH_DEFAULT_LIMIT;
    sqlite3_bind_int64(s, 8, (sqlite3_int64)CC_MIN(limit, (size_t)INT64_MAX));
    for (;;) {
        int src = sqlite3_step(s);
        if (src == SQLITE_DONE) {
            break;
        }
        if (src != SQLITE_ROW) {
            if ((src & 0xff) == SQLITE_ERROR) {
                /* FTS5 reports query syntax errors this way. */
                char msg[256];
                snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(st->db));
                char quoted[96];
                cc_error_quote(quoted, sizeof(quoted), q->match, strlen(q->match));
                rc = cc_error_set(err, CC_EINVAL, st->path, "bad full-text query '%s': %s", quoted,
                                  msg);
            } else {
                rc = cc_store__fail(st, src, err, "full-text search failed");
            }
            break;
        }
        struct cc_store_item it;
        row_to_item(&it, s, true);
        if (cb(&it, payload) != 0) {
            break;
        }
    }
    cc_store__done(s);
    return rc;
}

struct list_ctx {
    struct cc_store_item_list *list;
    int rc;
};

static int collect_item(const struct cc_store_item *item, void *payload)
{
    struct list_ctx *lc = payload;
    struct cc_store_item_list *l = lc->list;
    if (cc_array_grow((void **)&l->items, &l->alloc, l->n + 1, sizeof(*l->items)) < 0 ||
        item_copy(&l->items[l->n], item) < 0) {
        lc->rc = CC_ENOMEM;
        return 1;
    }
    l->n++;
    return 0;
}

int cc_store_search_list(struct cc_store_item_list *out, struct cc_store *st,
                         const struct cc_store_query *q, struct cc_error *err)
{
    struct list_ctx lc = {out, 0};
    int rc = cc_store_search(st, q, collect_item, &lc, err);
    if (rc == 0 && lc.rc < 0) {
        rc = cc_error_set(err, lc.rc, st->path, "out of memory collecting search results");
    }
    return rc;
}

void cc_store_item_list_release(struct cc_store_item_list *list)
{
    if (!list) {
        return;
    }
    for (size_t i = 0; i < list->n; i++) {
        cc_store_item_release(&list->items[i]);
    }
    cc_free(list->items);
    list->items = NULL;
    list->n = 0;
    list->alloc = 0;
}

int cc_store_fts_query(struct cc_buf *out, const char *const *words, size_t nwords, bool or_terms)
{
    size_t start = out->len;
    bool first = true;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nwords; i++) {
        const char *w = words[i];
        if (!w || !w[0]) {
            continue;
        }
        if (!first) {
            rc = cc_buf_adds(out, or_terms ? " OR " : " AND ");
        }
        first = false;
        if (rc == 0) {
            rc = cc_buf_addch(out, '"');
        }
        for (const char *p = w; rc == 0 && *p; p++) {
            rc = *p == '"' ? cc_buf_add(out, "\"\"", 2) : cc_buf_addch(out, *p);
        }
        if (rc == 0) {
            rc = cc_buf_addch(out, '"');
        }
    }
    if (rc < 0) {
        cc_buf_truncate(out, start);
    }
    return rc;
}

/* ---- coverage ---------------------------------------------------------------------- */

int cc_store_outlet_coverage(struct cc_store_coverage *out, struct cc_store *st, const char *outlet,
                             int64_t from, int64_t to, struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    out->oldest_item = out->newest_item = out->first_stored = out->last_ok_at = CC_TIME_NONE;
    sqlite3_stmt *s = NULL;
    int rc = cc_store__stmt(st, CC_STMT_OUTLET_ID, &s, err);
    if (rc < 0) {
        return rc;
    }
    cc_store__bind_text(s, 1, outlet);
    int src = sqlite3_step(s);
    int64_t outlet_id = 0;
    if (src == SQLITE_ROW) {
        outlet_id = sqlite3_column_int64(s, 0);
    } else if (src == SQLITE_DONE) {
        rc = cc_error_set(err, CC_ENOTFOUND, outlet, "outlet is not in the store");
    } else {
        rc = cc_store__fail(st, src, err, "cannot read an outlet");
    }
    cc_store__done(s);
    if (rc < 0) {
        return rc;
    }
    rc = cc_store__stmt(st, CC_STMT_COVERAGE_ITEMS, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, outlet_id);
    sqlite3_bind_int64(s, 2, from == CC_TIME_NONE ? INT64_MIN : from);
    sqlite3_bind_int64(s, 3, to == CC_TIME_NONE ? INT64_MAX : to);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        out->items_total = sqlite3_column_int64(s, 0);
        out->oldest_item = cc_store__col_time(s, 1);
        out->newest_item = cc_store__col_time(s, 2);
        out->first_stored = cc_store__col_time(s, 3);
        out->items_in_window = sqlite3_column_int64(s, 4);
    } else {
        rc = cc_store__fail(st, src, err, "cannot read outlet coverage");
    }
    cc_store__done(s);
    if (rc < 0) {
        return rc;
    }
    rc = cc_store__stmt(st, CC_STMT_COVERAGE_FEEDS, &s, err);
    if (rc < 0) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, outlet_id);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        out->feeds = sqlite3_column_int64(s, 0);
        out->feeds_ok = sqlite3_column_int64(s, 1);
        out->last_ok_at = cc_store__col_time(s, 2);
    } else {
        rc = cc_store__fail(st, src, err, "cannot read outlet coverage");
    }
    cc_store__done(s);
    return rc;
}
