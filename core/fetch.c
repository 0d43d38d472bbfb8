#include "core/common.h"

#include <pthread.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fetch.h"
#include "core/num.h"
#include "fetchers/feed.h"
#include "core/banned.h"

struct fetch_job {
    const struct cc_outlet *outlet;   /* borrowed from the registry */
    const struct cc_feed_ref *ref;    /* borrowed from the registry */
    struct cc_store_feed_state state; /* owned */
    struct cc_fetch_result *result;   /* into report->results */
    int64_t start_ms;
};

/* Parsing and saving run on a worker thread so that transfers go on while
 * a body is being parsed and stored: the network phase and the store phase
 * overlap instead of adding up (docs/BENCHMARKS.md, "fetch"). The worker
 * is the only user of the store while transfers run. */
struct fetch_pending {
    struct fetch_job *job;
    struct cc_http_response resp; /* moved out of the transfer */
    struct fetch_pending *next;
};

/* Back-pressure: the transfer loop waits while this many responses, or
 * this many body bytes, wait for the worker. */
#define FETCH_QUEUE_MAX 64
#define FETCH_QUEUE_MAX_BYTES ((size_t)64 * 1024 * 1024)
/* At most this many waiting feeds are saved in one store transaction
 * (bench/store.sh: 20 feeds of 50 items per transaction insert about 1.5x
 * faster than one feed per transaction; docs/BENCHMARKS.md, "store"). */
#define FETCH_GROUP_MAX 32

struct fetch_ctx {
    struct cc_store *st;
    const struct cc_fetch_options *opts;
    struct cc_fetch_report *rep;
    size_t done;
    size_t total;
    struct cc_error *err; /* the run's error (fatal store problems) */
    pthread_mutex_t lock;
    pthread_cond_t more;  /* a response was queued, or the queue closed */
    pthread_cond_t space; /* the worker took one */
    struct fetch_pending *head;
    struct fetch_pending *tail;
    size_t queued;
    size_t queued_bytes;
    bool closed; /* no more responses will come */
    int fatal;   /* a fatal code from the worker: stop the transfers */
    /* cc_http_host_port of every http(s) feed of the registry: the local
     * hosts a redirect may lead to (fetchers/http.h, local_hosts). */
    char **hosts;
    size_t nhosts;
};

void cc_fetch_options_init(struct cc_fetch_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    cc_http_options_init(&opts->http);
}

const char *cc_fetch_status_name(enum cc_fetch_status status)
{
    switch (status) {
    case CC_FETCH_OK:
        return "ok";
    case CC_FETCH_NOT_MODIFIED:
        return "not-modified";
    case CC_FETCH_SKIPPED:
        return "skipped";
    case CC_FETCH_FAILED:
        return "failed";
    }
    return "failed";
}

bool cc_fetch_is_local(const char *url)
{
    if (!url) {
        return false;
    }
    if (url[0] == '/') {
        return true;
    }
    const char *scheme = "file://";
    for (size_t i = 0; scheme[i]; i++) {
        char c = url[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != scheme[i]) {
            return false;
        }
    }
    return true;
}

static void result_release(struct cc_fetch_result *r)
{
    cc_free(r->outlet);
    cc_free(r->feed_url);
    cc_free(r->fetched_url);
    cc_free(r->new_url);
    cc_free(r->error);
    memset(r, 0, sizeof(*r));
}

void cc_fetch_report_release(struct cc_fetch_report *report)
{
    if (!report) {
        return;
    }
    for (size_t i = 0; i < report->n; i++) {
        result_release(&report->results[i]);
    }
    cc_free(report->results);
    memset(report, 0, sizeof(*report));
}

static int set_text(char **field, const char *text)
{
    cc_free(*field);
    *field = NULL;
    if (!text) {
        return 0;
    }
    *field = cc_strdup(text);
    return *field ? 0 : CC_ENOMEM;
}

/* A store error that makes going on pointless. */
static bool is_fatal(int rc)
{
    return rc == CC_ESTORE || rc == CC_ENOMEM;
}

static void progress(struct fetch_ctx *ctx, const struct cc_fetch_result *r)
{
    ctx->done++;
    if (ctx->opts->progress) {
        ctx->opts->progress(ctx->done, ctx->total, r, ctx->opts->progress_payload);
    }
}

/* Records a failed fetch of job: the result and the store's backoff.
 * Returns 0, or a fatal store code (then in ctx->err). */
static int fail_job(struct fetch_ctx *ctx, struct fetch_job *job, int http_status, const char *msg,
                    int64_t retry_at)
{
    struct cc_fetch_result *r = job->result;
    r->status = CC_FETCH_FAILED;
    r->http_status = http_status;
    if (set_text(&r->error, msg) != 0) {
        return cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
    }
    struct cc_store_failure f = {
        .url = job->ref->url,
        .http_status = http_status,
        .error = msg,
        .failed_at = cc_clock_now(ctx->opts->clock),
        .retry_at = retry_at,
        .redirect_url = r->new_url,
    };
    struct cc_error serr = CC_ERROR_INIT;
    int64_t next = CC_TIME_NONE;
    int rc = cc_store_record_failure(ctx->st, &f, &next, &serr);
    if (rc != 0) {
        if (is_fatal(rc)) {
            *ctx->err = serr;
            return rc;
        }
        /* The feed failed and so did recording it (a lock held too long):
         * say both, and go on with the other feeds. */
        struct cc_buf b = CC_BUF_INIT;
        if (cc_buf_addf(&b, "%s; not recorded: %s", msg, serr.msg) == 0) {
            cc_free(r->error);
            r->error = cc_buf_detach(&b, NULL);
        }
        cc_buf_release(&b);
        return 0;
    }
    r->next_fetch_at = next;
    return 0;
}

static const char *save_warning(const struct cc_feed *feed)
{
    return feed && feed->malformed ? "malformed feed, read in recovery mode" : NULL;
}

static struct cc_store_fetch store_fetch_of(struct fetch_ctx *ctx, struct fetch_job *job,
                                            int http_status, const char *etag,
                                            const char *last_modified, const struct cc_feed *feed)
{
    struct cc_store_fetch f = {
        .url = job->ref->url,
        .http_status = http_status,
        .etag = etag,
        .last_modified = last_modified,
        .redirect_url = job->result->new_url,
        .fetched_at = cc_clock_now(ctx->opts->clock),
        .next_fetch_at = CC_TIME_NONE,
        .feed = feed,
        .warning = save_warning(feed),
    };
    return f;
}

/* Fills job's result from the store's answer to its save (rc, counts,
 * serr). Returns 0, or a fatal store code (then in ctx->err). */
static int saved_job(struct fetch_ctx *ctx, struct fetch_job *job, int http_status,
                     const struct cc_feed *feed, int rc, const struct cc_store_save_counts *counts,
                     const struct cc_error *serr)
{
    struct cc_fetch_result *r = job->result;
    if (rc != 0) {
        if (is_fatal(rc)) {
            /* The row says why this feed was lost (a full disk), not "ok". */
            r->status = CC_FETCH_FAILED;
            r->http_status = http_status;
            (void)set_text(&r->error, serr->msg);
            if (!cc_error_is_set(ctx->err)) {
                *ctx->err = *serr; /* the first fatal error of a group wins */
            }
            return rc;
        }
        return fail_job(ctx, job, http_status, serr->msg, CC_TIME_NONE);
    }
    r->status = feed ? CC_FETCH_OK : CC_FETCH_NOT_MODIFIED;
    r->http_status = http_status;
    r->new_items = counts->new_items;
    r->updated_items = counts->updated_items;
    if (set_text(&r->error, save_warning(feed)) != 0) {
        return cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
    }
    return 0;
}

/* Saves a parsed feed (feed != NULL) or a 304 (feed == NULL). */
static int save_job(struct fetch_ctx *ctx, struct fetch_job *job, int http_status, const char *etag,
                    const char *last_modified, const struct cc_feed *feed)
{
    struct cc_store_fetch f = store_fetch_of(ctx, job, http_status, etag, last_modified, feed);
    struct cc_store_save_counts counts = {0};
    struct cc_error serr = CC_ERROR_INIT;
    int rc = cc_store_record_fetch(ctx->st, &f, &counts, &serr);
    return saved_job(ctx, job, http_status, feed, rc, &counts, &serr);
}

/* Parses body into *out (owned by the caller), or records why it could
 * not be read (then *out is NULL and 0 is returned, unless a fatal code). */
static int parse_feed(struct fetch_ctx *ctx, struct fetch_job *job, struct cc_feed **out,
                      const char *body, size_t len, const char *base_url, const char *charset,
                      int http_status)
{
    *out = NULL;
    if (len == 0) {
        return fail_job(ctx, job, http_status, "empty body", CC_TIME_NONE);
    }
    struct cc_feed *feed = NULL;
    struct cc_feed_options fo = {
        .base_url = base_url,
        .http_charset = charset,
        .subject = job->ref->url,
        .max_items = 0,
    };
    struct cc_error perr = CC_ERROR_INIT;
    int rc = cc_feed_parse(&feed, body, len, &fo, &perr);
    if (rc != 0) {
        if (rc == CC_ENOMEM) {
            return cc_error_set(ctx->err, CC_ENOMEM, job->ref->url, "out of memory");
        }
        return fail_job(ctx, job, http_status, perr.msg[0] ? perr.msg : cc_status_str(rc),
                        CC_TIME_NONE);
    }
    if (feed->malformed && feed->nitems == 0) {
        /* Garbage read "in recovery mode" yields nothing: that is a failed
         * feed (backoff, and visible in the feed-health report), not an
         * empty one. */
        char msg[CC_ERROR_MSG_MAX];
        snprintf(msg, sizeof(msg), "malformed feed, no items read%s%s", feed->nwarnings ? ": " : "",
                 feed->nwarnings ? feed->warnings[feed->nwarnings - 1] : "");
        cc_feed_free(feed);
        return fail_job(ctx, job, http_status, msg, CC_TIME_NONE);
    }
    *out = feed;
    return 0;
}

/* Parses body and saves it, or records why it could not be read. */
static int parse_and_save(struct fetch_ctx *ctx, struct fetch_job *job, const char *body,
                          size_t len, const char *base_url, const char *charset, int http_status,
                          const char *etag, const char *last_modified)
{
    struct cc_feed *feed = NULL;
    int rc = parse_feed(ctx, job, &feed, body, len, base_url, charset, http_status);
    if (rc == 0 && feed) {
        rc = save_job(ctx, job, http_status, etag, last_modified, feed);
    }
    cc_feed_free(feed);
    return rc;
}

/* Retry-After for 429/503, clamped to [now, now + CC_FETCH_MAX_RETRY_AFTER]. */
static int64_t retry_at_for(const struct fetch_ctx *ctx, const struct cc_http_response *resp)
{
    if ((resp->status != 429 && resp->status != 503) || resp->retry_after == CC_TIME_NONE) {
        return CC_TIME_NONE;
    }
    int64_t now = cc_clock_now(ctx->opts->clock);
    int64_t at = resp->retry_after;
    if (at < now) {
        at = now;
    }
    if (at > now + CC_FETCH_MAX_RETRY_AFTER) {
        at = now + CC_FETCH_MAX_RETRY_AFTER;
    }
    return at;
}

/* A parsed feed (or a 304) waiting to be saved with the rest of its group. */
struct fetch_save {
    struct fetch_job *job;
    int http_status;
    const char *etag;          /* borrowed from the pending response */
    const char *last_modified; /* same */
    struct cc_feed *feed;      /* owned; NULL for a 304 */
};

/* Records one finished transfer (worker thread). A feed to save goes to
 * *save (*deferred set) for save_group; anything else is recorded now. */
static int process_response(struct fetch_ctx *ctx, struct fetch_job *job,
                            struct cc_http_response *resp, struct fetch_save *save, bool *deferred)
{
    const char *url = job->result->fetched_url;
    struct cc_fetch_result *r = job->result;
    *deferred = false;
    r->elapsed_ms = resp->elapsed_ms;
    r->bytes = resp->body.len;
    r->http_status = resp->status;
    r->new_url = resp->permanent_url;
    resp->permanent_url = NULL; /* now owned by the result */
    int rc = 0;
    if (resp->err.code == CC_ENOMEM) {
        rc = cc_error_set(ctx->err, CC_ENOMEM, url, "out of memory");
    } else if (resp->err.code != 0) {
        rc = fail_job(ctx, job, resp->status, resp->err.msg, CC_TIME_NONE);
    } else if (resp->status == 304) {
        *save = (struct fetch_save){job, 304, resp->etag, resp->last_modified, NULL};
        *deferred = true;
    } else if (resp->status >= 200 && resp->status < 300) {
        struct cc_feed *feed = NULL;
        rc = parse_feed(ctx, job, &feed, resp->body.buf, resp->body.len, resp->final_url,
                        resp->charset, resp->status);
        if (rc == 0 && feed) {
            *save = (struct fetch_save){job, resp->status, resp->etag, resp->last_modified, feed};
            *deferred = true;
        }
    } else {
        int64_t retry_at = retry_at_for(ctx, resp);
        char msg[96];
        if (retry_at != CC_TIME_NONE) {
            char when[32];
            cc_time_format(when, retry_at);
            snprintf(msg, sizeof(msg), "HTTP %d, retry after %s", resp->status, when);
        } else if (resp->status >= 300 && resp->status < 400) {
            snprintf(msg, sizeof(msg), "HTTP %d without a usable Location", resp->status);
        } else {
            snprintf(msg, sizeof(msg), "HTTP %d", resp->status);
        }
        rc = fail_job(ctx, job, resp->status, msg, retry_at);
    }
    if (!*deferred) {
        progress(ctx, r);
    }
    return rc;
}

/* Saves the group's feeds in one store transaction (DESIGN deviation:
 * "one transaction per fetched feed" became one per group of feeds that
 * were waiting together; each commit costs FTS5 an index segment, see
 * cc_store_record_fetches and docs/BENCHMARKS.md "store"). A feed is still
 * never half-saved, and a feed the store refuses fails alone. Frees the
 * feeds. Returns 0, or a fatal store code (then in ctx->err). */
static int save_group(struct fetch_ctx *ctx, struct fetch_save *saves, size_t n)
{
    struct cc_store_fetch f[FETCH_GROUP_MAX];
    struct cc_store_fetch_result res[FETCH_GROUP_MAX];
    memset(f, 0, sizeof(f));
    for (size_t i = 0; i < n; i++) {
        f[i] = store_fetch_of(ctx, saves[i].job, saves[i].http_status, saves[i].etag,
                              saves[i].last_modified, saves[i].feed);
    }
    if (cc_store_record_fetches(ctx->st, f, n, res) != 0) {
        /* some failed: each result says which and why */
    }
    /* Every feed's outcome is recorded, also after a fatal one: the
     * others of the group may be stored (each tried alone after the
     * group failed), and their rows must say so. */
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        int one = saved_job(ctx, saves[i].job, saves[i].http_status, saves[i].feed, res[i].rc,
                            &res[i].counts, &res[i].err);
        progress(ctx, saves[i].job->result);
        if (one != 0 && rc == 0) {
            rc = one;
        }
        cc_feed_free(saves[i].feed);
        saves[i].feed = NULL;
    }
    return rc;
}

static void *worker_main(void *arg)
{
    struct fetch_ctx *ctx = arg;
    struct fetch_pending *batch[FETCH_GROUP_MAX];
    struct fetch_save saves[FETCH_GROUP_MAX];
    for (;;) {
        /* Take every response waiting (up to FETCH_GROUP_MAX): their feeds
         * are saved together. */
        pthread_mutex_lock(&ctx->lock);
        while (!ctx->head && !ctx->closed) {
            pthread_cond_wait(&ctx->more, &ctx->lock);
        }
        size_t nb = 0;
        while (ctx->head && nb < FETCH_GROUP_MAX) {
            struct fetch_pending *p = ctx->head;
            ctx->head = p->next;
            if (!ctx->head) {
                ctx->tail = NULL;
            }
            ctx->queued--;
            ctx->queued_bytes -= p->resp.body.len;
            batch[nb++] = p;
        }
        if (nb == 0) {
            pthread_mutex_unlock(&ctx->lock);
            break;
        }
        bool stopped = ctx->fatal != 0;
        pthread_cond_broadcast(&ctx->space);
        pthread_mutex_unlock(&ctx->lock);
        int rc = 0;
        size_t ns = 0;
        for (size_t k = 0; k < nb && !stopped && rc == 0; k++) {
            bool deferred = false;
            rc = process_response(ctx, batch[k]->job, &batch[k]->resp, &saves[ns], &deferred);
            if (deferred) {
                ns++;
            }
        }
        if (rc == 0 && ns > 0) {
            rc = save_group(ctx, saves, ns);
        } else {
            for (size_t k = 0; k < ns; k++) {
                cc_feed_free(saves[k].feed);
            }
        }
        if (rc != 0) {
            pthread_mutex_lock(&ctx->lock);
            ctx->fatal = rc;
            pthread_cond_signal(&ctx->space);
            pthread_mutex_unlock(&ctx->lock);
        }
        for (size_t k = 0; k < nb; k++) {
            cc_http_response_release(&batch[k]->resp);
            cc_free(batch[k]);
        }
    }
    return NULL;
}

/* Transfer-loop side: hands the response to the worker (waiting while the
 * queue is full). Returns the worker's fatal code to stop the transfers. */
static int on_http_done(const struct cc_http_request *req, struct cc_http_response *resp,
                        void *payload)
{
    struct fetch_ctx *ctx = payload;
    struct fetch_pending *p = cc_calloc(1, sizeof(*p));
    if (!p) {
        pthread_mutex_lock(&ctx->lock);
        if (!ctx->fatal) {
            ctx->fatal = CC_ENOMEM;
        }
        pthread_mutex_unlock(&ctx->lock);
        return CC_ENOMEM;
    }
    p->job = req->payload;
    p->resp = *resp;
    cc_http_response_init(resp); /* moved into p */
    pthread_mutex_lock(&ctx->lock);
    while (!ctx->fatal && ctx->head &&
           (ctx->queued >= FETCH_QUEUE_MAX ||
            ctx->queued_bytes + p->resp.body.len > FETCH_QUEUE_MAX_BYTES)) {
        pthread_cond_wait(&ctx->space, &ctx->lock);
    }
    int rc = ctx->fatal;
    if (rc == 0) {
        if (ctx->tail) {
            ctx->tail->next = p;
        } else {
            ctx->head = p;
        }
        ctx->tail = p;
        ctx->queued++;
        ctx->queued_bytes += p->resp.body.len;
        p = NULL; /* now owned by the queue */
        pthread_cond_signal(&ctx->more);
    }
    pthread_mutex_unlock(&ctx->lock);
    if (p) {
        cc_http_response_release(&p->resp);
        cc_free(p);
    }
    return rc;
}

/* "file:///a%20b" or "/a b" to a path. */
static int local_path(struct cc_buf *out, const char *url)
{
    if (url[0] == '/') {
        return cc_buf_adds(out, url);
    }
    const char *p = url + strlen("file://");
    if (strncmp(p, "localhost/", 10) == 0) {
        p += strlen("localhost");
    }
    if (p[0] != '/') {
        return CC_EINVAL;
    }
    for (; *p; p++) {
        int rc = 0;
        if (p[0] == '%' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], '\0'};
            char *end = NULL;
            long v = strtol(hex, &end, 16);
            if (end != hex + 2 || v <= 0) {
                return CC_EINVAL;
            }
            rc = cc_buf_addch(out, (char)v);
            p += 2;
        } else {
            rc = cc_buf_addch(out, *p);
        }
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

/* Reads a config-named local feed file directly (never over HTTP). */
static int fetch_local(struct fetch_ctx *ctx, struct fetch_job *job)
{
    struct cc_fetch_result *r = job->result;
    int64_t t0 = cc_clock_mono_ms();
    struct cc_buf path = CC_BUF_INIT;
    struct cc_buf body = CC_BUF_INIT;
    cc_buf_init(&body,
                ctx->opts->http.max_body ? ctx->opts->http.max_body : CC_HTTP_DEFAULT_MAX_BODY);
    FILE *f = NULL;
    int rc = local_path(&path, job->ref->url);
    char msg[CC_ERROR_MSG_MAX];
    msg[0] = '\0';
    if (rc == CC_ENOMEM) {
        rc = cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (rc != 0) {
        snprintf(msg, sizeof(msg), "not a local file URL");
        goto failed;
    }
    if (set_text(&r->fetched_url, path.buf) != 0) {
        rc = cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
        goto out;
    }
    f = fopen(path.buf, "rb");
    if (!f) {
        snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
        goto failed;
    }
    char chunk[65536];
    size_t n = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        rc = cc_buf_add(&body, chunk, n);
        if (rc == CC_ETOOBIG) {
            snprintf(msg, sizeof(msg), "file larger than %zu bytes", body.cap);
            goto failed;
        }
        if (rc != 0) {
            rc = cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
            goto out;
        }
    }
    if (ferror(f)) {
        snprintf(msg, sizeof(msg), "cannot read: %s", strerror(errno));
        goto failed;
    }
    r->bytes = body.len;
    r->elapsed_ms = cc_clock_mono_ms() - t0;
    rc = parse_and_save(ctx, job, body.buf, body.len, NULL, NULL, 0, NULL, NULL);
    goto out;
failed:
    r->bytes = body.len;
    r->elapsed_ms = cc_clock_mono_ms() - t0;
    rc = fail_job(ctx, job, 0, msg, CC_TIME_NONE);
out:
    if (f) {
        fclose(f);
    }
    cc_buf_release(&path);
    cc_buf_release(&body);
    if (rc == 0 || !is_fatal(rc)) {
        progress(ctx, r);
    }
    return rc;
}

static bool outlet_selected(const struct cc_outlet *o, const struct cc_fetch_options *opts)
{
    if (!opts->outlets || opts->noutlets == 0) {
        return true;
    }
    for (size_t i = 0; i < opts->noutlets; i++) {
        const char *a = opts->outlets[i];
        const char *b = o->name;
        size_t k = 0;
        while (a[k] && b[k]) {
            char x = a[k];
            char y = b[k];
            x = (x >= 'A' && x <= 'Z') ? (char)(x - 'A' + 'a') : x;
            y = (y >= 'A' && y <= 'Z') ? (char)(y - 'A' + 'a') : y;
            if (x != y) {
                break;
            }
            k++;
        }
        if (!a[k] && !b[k]) {
            return true;
        }
    }
    return false;
}

static int cmp_job_url(const void *a, const void *b)
{
    const struct fetch_job *const *x = a;
    const struct fetch_job *const *y = b;
    int c = strcmp((*x)->ref->url, (*y)->ref->url);
    return c ? c : ((*x > *y) - (*x < *y));
}

/* Marks jobs whose URL an earlier job already has (one feed row, listed by
 * two outlets): the later ones are dropped. Returns the number kept. */
static int dedupe_jobs(struct fetch_job *jobs, size_t n, bool *dup)
{
    struct fetch_job **sorted = cc_calloc(n ? n : 1, sizeof(*sorted));
    if (!sorted) {
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i] = &jobs[i];
    }
    cc_sort(sorted, n, sizeof(*sorted), cmp_job_url);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(sorted[i]->ref->url, sorted[i - 1]->ref->url) == 0) {
            dup[sorted[i] - jobs] = true;
        }
    }
    cc_free(sorted);
    return 0;
}

static int run_feeds(struct fetch_ctx *ctx, struct fetch_job *jobs, size_t njobs, int64_t now)
{
    const struct cc_fetch_options *opts = ctx->opts;
    struct cc_http_request *reqs = cc_calloc(njobs ? njobs : 1, sizeof(*reqs));
    if (!reqs) {
        return cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
    }
    size_t nreqs = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < njobs; i++) {
        struct fetch_job *job = &jobs[i];
        struct cc_fetch_result *r = job->result;
        const struct cc_store_feed_state *s = &job->state;
        if (!opts->force && s->next_fetch_at != CC_TIME_NONE && now < s->next_fetch_at) {
            char when[32];
            char msg[160];
            cc_time_format(when, s->next_fetch_at);
            snprintf(msg, sizeof(msg), "not before %s", when);
            r->status = CC_FETCH_SKIPPED;
            r->http_status = 0;
            r->next_fetch_at = s->next_fetch_at;
            if (set_text(&r->error, msg) != 0) {
                rc = cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
                break;
            }
            progress(ctx, r);
            continue;
        }
        if (cc_fetch_is_local(job->ref->url)) {
            rc = fetch_local(ctx, job);
            continue;
        }
        const char *url = s->redirect_url ? s->redirect_url : job->ref->url;
        if (set_text(&r->fetched_url, url) != 0) {
            rc = cc_error_set(ctx->err, CC_ENOMEM, NULL, "out of memory");
            break;
        }
        reqs[nreqs++] = (struct cc_http_request){
            .url = r->fetched_url,
            .etag = s->etag,
            .last_modified = s->last_modified,
            .accept = CC_HTTP_ACCEPT_FEEDS,
            .insecure = job->ref->insecure,
            .payload = job,
        };
    }
    if (rc == 0 && nreqs > 0) {
        struct cc_http_options ho = opts->http;
        if (!ho.clock) {
            ho.clock = opts->clock;
        }
        if (!ho.local_hosts) {
            ho.local_hosts = (const char *const *)ctx->hosts;
            ho.nlocal_hosts = ctx->nhosts;
        }
        pthread_t worker;
        if (pthread_create(&worker, NULL, worker_main, ctx) != 0) {
            cc_free(reqs);
            return cc_error_set(ctx->err, CC_ERR, NULL, "cannot start a thread");
        }
        struct cc_error herr = CC_ERROR_INIT;
        rc = cc_http_run(reqs, nreqs, &ho, on_http_done, ctx, &herr);
        pthread_mutex_lock(&ctx->lock);
        ctx->closed = true;
        pthread_cond_signal(&ctx->more);
        pthread_mutex_unlock(&ctx->lock);
        pthread_join(worker, NULL);
        if (ctx->fatal) {
            /* The worker's error is already in ctx->err. */
            rc = ctx->fatal;
        } else if (rc != 0) {
            *ctx->err = herr;
        }
    }
    cc_free(reqs);
    return rc;
}

static void tally(struct cc_fetch_report *rep)
{
    struct cc_fetch_totals *t = &rep->totals;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < rep->n; i++) {
        const struct cc_fetch_result *r = &rep->results[i];
        switch (r->status) {
        case CC_FETCH_OK:
            t->ok++;
            break;
        case CC_FETCH_NOT_MODIFIED:
            t->not_modified++;
            break;
        case CC_FETCH_SKIPPED:
            t->skipped++;
            break;
        case CC_FETCH_FAILED:
            t->failed++;
            break;
        }
        t->new_items += r->new_items;
        t->updated_items += r->updated_items;
        t->bytes += r->bytes;
    }
}

/* The host:port keys of every http(s) feed the registry names, selected or
 * not (a redirect may go from one outlet's server to another's). */
static int registry_hosts(char ***out, size_t *n_out, const struct cc_registry *reg)
{
    size_t n = 0;
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        n += cc_registry_get(reg, i)->nfeeds;
    }
    char **v = cc_calloc(n ? n : 1, sizeof(*v));
    if (!v) {
        return CC_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        for (size_t j = 0; j < o->nfeeds; j++) {
            if (cc_http_host_port(&v[k], o->feeds[j].url) != 0) {
                for (size_t m = 0; m < k; m++) {
                    cc_free(v[m]);
                }
                cc_free(v);
                return CC_ENOMEM;
            }
            k += v[k] != NULL;
        }
    }
    *out = v;
    *n_out = k;
    return 0;
}

int cc_fetch_run(struct cc_fetch_report *out, struct cc_store *st, const struct cc_registry *reg,
                 const struct cc_fetch_options *opts, struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    struct cc_fetch_options defaults;
    if (!opts) {
        cc_fetch_options_init(&defaults);
        opts = &defaults;
    }
    struct cc_error local_err = CC_ERROR_INIT;
    if (!err) {
        err = &local_err;
    }
    int64_t t0 = cc_clock_mono_ms();
    struct fetch_job *jobs = NULL;
    bool *dup = NULL;
    size_t njobs = 0;
    int rc = 0;
    for (size_t i = 0; i < opts->noutlets && opts->outlets; i++) {
        if (!cc_registry_find_name(reg, opts->outlets[i])) {
            return cc_error_set(err, CC_EINVAL, opts->outlets[i], "no such outlet in %s",
                                cc_registry_source(reg));
        }
    }
    int64_t now = cc_clock_now(opts->clock);
    rc = cc_store_sync_registry(st, reg, now, err);
    if (rc != 0) {
        return rc;
    }
    size_t nfeeds = 0;
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        if (outlet_selected(o, opts)) {
            nfeeds += o->nfeeds;
        }
    }
    jobs = cc_calloc(nfeeds ? nfeeds : 1, sizeof(*jobs));
    dup = cc_calloc(nfeeds ? nfeeds : 1, sizeof(*dup));
    out->results = cc_calloc(nfeeds ? nfeeds : 1, sizeof(*out->results));
    if (!jobs || !dup || !out->results) {
        rc = cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        if (!outlet_selected(o, opts)) {
            continue;
        }
        for (size_t k = 0; k < o->nfeeds; k++) {
            jobs[njobs].outlet = o;
            jobs[njobs].ref = &o->feeds[k];
            njobs++;
        }
    }
    rc = dedupe_jobs(jobs, njobs, dup);
    if (rc != 0) {
        cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    size_t kept = 0;
    for (size_t i = 0; i < njobs; i++) {
        if (dup[i]) {
            continue;
        }
        jobs[kept] = jobs[i];
        struct fetch_job *job = &jobs[kept++];
        struct cc_fetch_result *r = &out->results[out->n++];
        job->result = r;
        r->next_fetch_at = CC_TIME_NONE;
        /* Every feed that is reached overwrites this; after a fatal store
         * error the others keep it. */
        r->status = CC_FETCH_FAILED;
        if (set_text(&r->outlet, job->outlet->name) != 0 ||
            set_text(&r->feed_url, job->ref->url) != 0 ||
            set_text(&r->error, "not fetched: the run stopped") != 0) {
            rc = cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
            goto out;
        }
        rc = cc_store_feed_state_find(&job->state, st, job->ref->url, err);
        if (rc != 0) {
            goto out;
        }
    }
    njobs = kept;
    rc = cc_store_run_begin(&out->run_id, st, "fetch", now, err);
    if (rc != 0) {
        goto out;
    }
    struct fetch_ctx ctx = {.st = st, .opts = opts, .rep = out, .total = njobs, .err = err};
    if (registry_hosts(&ctx.hosts, &ctx.nhosts, reg) != 0) {
        rc = cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
        goto out;
    }
    pthread_mutex_init(&ctx.lock, NULL);
    pthread_cond_init(&ctx.more, NULL);
    pthread_cond_init(&ctx.space, NULL);
    rc = run_feeds(&ctx, jobs, njobs, now);
    for (size_t i = 0; i < ctx.nhosts; i++) {
        cc_free(ctx.hosts[i]);
    }
    cc_free(ctx.hosts);
    pthread_cond_destroy(&ctx.space);
    pthread_cond_destroy(&ctx.more);
    pthread_mutex_destroy(&ctx.lock);
    tally(out);
    out->elapsed_ms = cc_clock_mono_ms() - t0;
    struct cc_store_run_counts counts = {
        .feeds_ok = (int64_t)out->totals.ok,
        .feeds_not_modified = (int64_t)out->totals.not_modified,
        .feeds_skipped = (int64_t)out->totals.skipped,
        .feeds_failed = (int64_t)out->totals.failed,
        .items_new = (int64_t)out->totals.new_items,
        .items_updated = (int64_t)out->totals.updated_items,
    };
    const char *status = rc != 0 ? "failed" : out->totals.failed ? "partial" : "ok";
    struct cc_error ferr = CC_ERROR_INIT;
    int frc = cc_store_run_finish(st, out->run_id, status, &counts, NULL, cc_clock_now(opts->clock),
                                  rc != 0 ? &ferr : err);
    if (rc == 0) {
        rc = frc;
    }
out:
    if (jobs) {
        for (size_t i = 0; i < njobs; i++) {
            cc_store_feed_state_release(&jobs[i].state);
        }
    }
    cc_free(jobs);
    cc_free(dup);
    return rc;
}
