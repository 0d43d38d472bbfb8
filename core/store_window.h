/*
 * store_window.h: the items of a time window, for the matcher (part of the
 * store module; core/store_window.c shares store_int.h).
 *
 * Owns: counting the items whose item_time falls in a window, listing an
 * evenly spread sample of their rowids (every k-th) and reading those rows,
 * from which the matcher takes its background term statistics (IDF): the
 * prototype in bench/proto/ showed a 2,000-item sample of the window ranks
 * as well as the whole collection (docs/BENCHMARKS.md, "quality"); the
 * full-text search of a window's rowid range; one outlet's item times for
 * its coverage of any window.
 * Does not: write anything.
 * Calls: sqlite3 through the store's helpers.
 */
#ifndef CC_CORE_STORE_WINDOW_H
#define CC_CORE_STORE_WINDOW_H

#include "core/common.h"
#include "core/error.h"
#include "core/store.h"

/* What the store holds of the time window from <= item_time <= to
 * (CC_TIME_NONE: open), from one scan of the item_time index. */
struct cc_store_window_span {
    int64_t count; /* items */
    /* The smallest and largest rowid of its items (lo > hi when it is
     * empty). Items are stored as they are fetched, so the items of a time
     * window usually sit in a narrow rowid range, which FTS5 can skip to. */
    int64_t lo, hi;
};

/* Errors: CC_ESTORE. */
CC_NODISCARD int cc_store_window_span(struct cc_store_window_span *out, struct cc_store *st,
                                      int64_t from, int64_t to, struct cc_error *err);

/* The rowids of the window's items with rowid % stride == 0 (stride 1:
 * all; count / max spreads max of them evenly over the window), at most
 * max, in item_time then rowid order, read from the item_time index alone. On
 * success *out (NULL when *n is 0) is an array of *n rowids the caller
 * frees with cc_free. Errors: CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_store_window_ids(int64_t **out, size_t *n, struct cc_store *st, int64_t from,
                                     int64_t to, int64_t stride, size_t max, struct cc_error *err);

/* Calls cb for each of rowids[0..n) still stored, in that order. In the
 * callback item->rowid, outlet, title, link, summary, content, published,
 * item_time, first_seen and content_hash are set (borrowed for the call);
 * feed_url, guid, author and last_seen are not read. A non-zero
 * return of cb stops early (not an error). Errors: CC_ESTORE. */
CC_NODISCARD int cc_store_window_read(struct cc_store *st, const int64_t *rowids, size_t n,
                                      cc_store_item_fn cb, void *payload, struct cc_error *err);

/* cc_store_search restricted to lo <= rowid <= hi (from
 * cc_store_window_span): the same query and ranking, but FTS5 reads only
 * that part of each term's posting list, and only the rowids come back, best
 * first. q->outlet is not supported (must be NULL). On success *out (NULL
 * when *n is 0) is an array the caller frees with cc_free. Errors: CC_EINVAL
 * (bad match syntax), CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_store_window_search_ids(int64_t **out, size_t *n, struct cc_store *st,
                                            const struct cc_store_query *q, int64_t lo, int64_t hi,
                                            struct cc_error *err);

/* One outlet's items and feeds for cc_store_outlet_coverage's figures,
 * read once and then asked for any window: the item_time of each item,
 * ascending (times, n), and in cov every field but items_in_window (0). */
struct cc_store_outlet_times {
    int64_t *times; /* owned; NULL when n is 0 */
    size_t n;
    struct cc_store_coverage cov;
};

/* Fills out for the outlet named outlet. On success the caller releases it
 * with cc_store_outlet_times_release. Errors: CC_ENOTFOUND (no outlet of
 * that name in the store), CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_store_window_outlet(struct cc_store_outlet_times *out, struct cc_store *st,
                                        const char *outlet, struct cc_error *err);
/* Frees the times; accepts NULL. */
void cc_store_outlet_times_release(struct cc_store_outlet_times *t);
/* cc_store_outlet_coverage(outlet, from, to) from t: the same figures. */
void cc_store_outlet_times_coverage(struct cc_store_coverage *out,
                                    const struct cc_store_outlet_times *t, int64_t from,
                                    int64_t to);

#endif
