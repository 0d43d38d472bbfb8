/*
 * fetch.h: the feed-refresh pipeline (layer 2) behind `credcheck fetch`,
 * `verify` and `batch`.
 *
 * Owns: choosing which feeds of a registry to fetch (outlet filter, backoff
 * and Retry-After skips unless forced), running them concurrently through
 * fetchers/http with each feed's validators, reading config-named local
 * files directly, handing each body to the feed parser (base = final URL,
 * charset from HTTP) and recording each feed's outcome in the store (items
 * and feed state in one transaction per feed; 301/308 targets; backoff), a
 * run row, and per-feed results for the caller. One feed's failure never
 * stops the others.
 * Does not: print (cmd/ formats the results), decide backoff lengths (the
 * store's CC_STORE_BACKOFF_*), parse (fetchers/feed).
 * Calls: core/store, core/outlets, fetchers/http, fetchers/feed, core primitives.
 */
#ifndef CC_CORE_FETCH_H
#define CC_CORE_FETCH_H

#include "core/common.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/store.h"
#include "fetchers/http.h"

/* Longest Retry-After honoured; a later date is cut to this (a hostile or
 * broken server must not silence a feed for years). */
#define CC_FETCH_MAX_RETRY_AFTER (7 * 86400)

enum cc_fetch_status {
    CC_FETCH_OK = 0,       /* fetched and parsed, items saved */
    CC_FETCH_NOT_MODIFIED, /* 304: nothing parsed */
    CC_FETCH_SKIPPED,      /* before its next allowed fetch time (no request made) */
    CC_FETCH_FAILED,       /* transfer, HTTP status or parse failure; backoff recorded */
};

/* One feed's outcome. Strings are owned by the result. */
struct cc_fetch_result {
    char *outlet;      /* outlet name */
    char *feed_url;    /* the configured URL (the store's key for the feed) */
    char *fetched_url; /* URL requested (a stored permanent redirect target or
                        * the configured URL); NULL when skipped */
    char *new_url;     /* permanent redirect target learnt in this fetch, or NULL */
    enum cc_fetch_status status;
    int http_status; /* 0: no HTTP response (network error, file, skipped) */
    size_t new_items;
    size_t updated_items;
    uint64_t bytes; /* body bytes received (after decompression), file bytes */
    int64_t elapsed_ms;
    int64_t next_fetch_at; /* skipped/failed: the next allowed fetch; else CC_TIME_NONE */
    char *error;           /* one line for failed/skipped (the reason), a warning for a
                            * feed read in recovery mode, else NULL */
};

/* Totals of a run; also written to the run row. */
struct cc_fetch_totals {
    size_t ok;
    size_t not_modified;
    size_t skipped;
    size_t failed;
    size_t new_items;
    size_t updated_items;
    uint64_t bytes;
};

/* What cc_fetch_run returns. Release with cc_fetch_report_release. */
struct cc_fetch_report {
    struct cc_fetch_result *results; /* owned; one per selected feed, registry order */
    size_t n;
    struct cc_fetch_totals totals;
    int64_t run_id; /* the store's run row */
    int64_t elapsed_ms;
};

/* Called after each feed ends (done of total), in completion order; result
 * is borrowed for the call. Calls never overlap, but those for fetched feeds
 * come from the worker thread that parses and stores while transfers run:
 * keep it to drawing a progress bar. */
typedef void (*cc_fetch_progress_fn)(size_t done, size_t total,
                                     const struct cc_fetch_result *result, void *payload);

struct cc_fetch_options {
    const char *const *outlets; /* borrowed: only these outlets (registry names, any
                                 * case); NULL or noutlets == 0: all */
    size_t noutlets;
    bool force;                    /* fetch even before the next allowed time */
    struct cc_http_options http;   /* transfer limits (jobs, per host, timeouts, caps) */
    const struct cc_clock *clock;  /* borrowed; NULL: the system clock */
    cc_fetch_progress_fn progress; /* may be NULL */
    void *progress_payload;
};

/* Defaults: all outlets, no force, cc_http_options_init. Cannot fail. */
void cc_fetch_options_init(struct cc_fetch_options *opts);

/* Fetches the feeds of reg (all outlets, or those named in opts) into st:
 * syncs the registry into the store, writes a "fetch" run row, and fills
 * *out (caller releases it, also on failure). Returns 0 when the run went
 * through, however many feeds failed (see out->totals.failed). A feed
 * whose save hits a lock held too long (CC_ELOCKED) is reported failed and
 * the run goes on. Errors: CC_EINVAL (an outlet name not in the registry;
 * subject: the name), CC_ESTORE (the store became unusable; the run stops),
 * CC_ELOCKED (syncing the registry or the run row), CC_ENOMEM. The store must
 * not be used by anyone else during the call (a worker thread uses it). */
CC_NODISCARD int cc_fetch_run(struct cc_fetch_report *out, struct cc_store *st,
                              const struct cc_registry *reg, const struct cc_fetch_options *opts,
                              struct cc_error *err);

/* Frees the results and zeroes the report. Accepts NULL. */
void cc_fetch_report_release(struct cc_fetch_report *report);

/* "ok", "not-modified", "skipped", "failed". */
const char *cc_fetch_status_name(enum cc_fetch_status status);

/* True when a registry feed URL names a local file (file:// URL or a path),
 * which is read directly and never over HTTP. */
bool cc_fetch_is_local(const char *url);

#endif
