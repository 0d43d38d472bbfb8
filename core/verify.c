/*
 * verify.c: the verify pipeline (see verify.h).
 *
 * Per article: claims and citations (core/claims), the background sample
 * of the window for IDF (core/store_window), per claim the candidates from
 * the store's FTS5 index in each anchor window (the article's date and the
 * dates the claim mentions), the matcher, syndication, citation checks and
 * the verdict. Items are analysed once per run and cached by rowid.
 */
#include "core/common.h"

#include <math.h>

#include "core/alloc.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/claims.h"
#include "core/log.h"
#include "core/matcher.h"
#include "core/num.h"
#include "core/scoring.h"
#include "core/store_window.h"
#include "core/syndication.h"
#include "core/text.h"
#include "core/textfeat.h"
#include "core/verify.h"

#include "core/banned.h"

/* Analysed items are kept between articles up to this many bytes; past it,
 * between two articles, the least recently used are dropped until half of
 * it is left (a batch over a long period must not grow without bound;
 * batch verifies in date order, so its working set is a few days). */
#define VERIFY_CACHE_BYTES ((size_t)256 << 20)
/* Text of an item kept for syndication checks and contradiction. */
#define VERIFY_ITEM_TEXT_MAX 4096
/* Evidence listed per claim beyond the passing outlets (near misses, for
 * the reader): at most this many, scoring at least half the threshold. */
#define VERIFY_NEAR_MISSES 5
/* A window holding at most this many items is analysed whole (its items
 * are the IDF background) and searched in memory instead of through the
 * full-text index: cheaper than one FTS5 query per claim, and the same
 * candidates (docs/BENCHMARKS.md, "verify speed"). */
#define VERIFY_MEMORY_WINDOW 20000
/* Windows kept (a batch of articles from a few days). */
#define VERIFY_WINDOW_CACHE 16
/* Rowid ranges of the full-text windows kept (the claims' own dates). */
#define VERIFY_RANGE_CACHE 64
/* Words of a claim sent to the full-text index. */
#define VERIFY_QUERY_WORDS 32
/* A term found in more than this share of the window's (sampled) items is
 * left out of the full-text query, unless it is among the claim's
 * VERIFY_QUERY_KEEP rarest: on a large store the common terms' posting
 * lists are most of the search time (docs/BENCHMARKS.md, "verify speed"). */
#define VERIFY_QUERY_MAX_DF 0.05
#define VERIFY_QUERY_KEEP 3

const char *cc_verdict_name(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "corroborated";
    case CC_VERDICT_SINGLE_SOURCE:
        return "single-source";
    case CC_VERDICT_UNCORROBORATED:
        return "uncorroborated";
    case CC_VERDICT_CONTRADICTED:
        return "contradicted";
    case CC_VERDICT_NOT_CHECKABLE:
        return "not-checkable";
    }
    return "?";
}

const char *cc_cite_status_name(enum cc_cite_status s)
{
    switch (s) {
    case CC_CITE_CONFIRMED:
        return "confirmed";
    case CC_CITE_NO_FEED:
        return "no-feed";
    case CC_CITE_COVERAGE_GAP:
        return "coverage-gap";
    case CC_CITE_NOT_MATCHED:
        return "not-matched";
    case CC_CITE_TOO_LATE:
        return "too-late";
    case CC_CITE_UNRESOLVED:
        return "unresolved";
    }
    return "?";
}

/* ---- the item cache ------------------------------------------------------------------------ */

/* The numbers an item states, with the stems around each (for
 * number_stance), extracted once per article day (dates without a year,
 * which decide what is a date and what a number, resolve against it). */
struct item_numbers {
    int64_t day; /* the reference day they were extracted against */
    struct cc_number *v;
    size_t n;
    struct number_context *ctx; /* per number, made when first compared */
};

struct entry {
    int64_t rowid;
    struct cc_match_doc doc;
    size_t outlet; /* index into v->outlets */
    char *title;
    char *link;
    char *text; /* title, summary, content (cut), for syndication and numbers */
    size_t text_len;
    int64_t published;
    int64_t first_seen;
    int64_t item_time;
    char content_hash[65];
    bool credit_done;
    const struct cc_outlet *credit;
    struct cc_synd_fingerprint *fp; /* of text, made when first needed */
    struct item_numbers *nums;      /* made when first needed */
    uint64_t used;                  /* v->seq of the last article that used it */
    size_t bytes;                   /* heap bytes held, for VERIFY_CACHE_BYTES */
};

struct outlet_slot {
    char *name;
    const struct cc_outlet *o; /* registry outlet, NULL when no longer configured */
};

/* One time window's items, so articles of the same days reuse them without
 * asking the store again. */
struct window {
    int64_t from, to;
    int64_t count;        /* the window's items in the store */
    struct entry **items; /* complete: all, (item_time, rowid) order; else the IDF sample */
    size_t n;
    bool complete; /* the items are the whole window */
    /* complete windows: an inverted index, term id -> positions in items[]
     * (CSR: docs[start[t] .. start[t + 1])) */
    uint32_t *start;
    uint32_t *docs;
    size_t nterms;
    int64_t lo, hi; /* the rowid range of its items (lo > hi: none) */
    uint64_t used; /* v->seq of the last article that used it; 0: free slot */
};

/* A window item scored for a claim (memory_candidates). */
struct ranked_doc {
    uint32_t k; /* its position in the window */
    double score;
};

/* The rowid range of a window searched through the full-text index. */
struct range_memo {
    int64_t from, to, lo, hi;
};

/* One outlet's items and feeds, read once per run: its coverage of any
 * window comes from them. */
struct coverage_memo {
    char *outlet;
    int rc;
    struct cc_store_outlet_times t;
};

struct cc_verify {
    struct cc_store *st;
    const struct cc_registry *reg;
    struct cc_verify_options opts;
    struct cc_text_analyzer *an;
    struct cc_matcher *m;
    struct entry **entries;
    size_t nentries, entries_alloc;
    size_t *slots; /* rowid hash: entry index + 1, 0 empty */
    size_t nslots;
    size_t cache_bytes; /* sum of the entries' bytes */
    struct outlet_slot *outlets;
    size_t noutlets, outlets_alloc;
    uint32_t *outlet_slots; /* name hash: outlet index + 1, 0 empty */
    size_t noutlet_slots;
    struct cc_text text; /* scratch */
    struct cc_buf buf;   /* scratch */
    FILE *dump;          /* feature dump (bench/fit_model.py), or NULL */
    struct window windows[VERIFY_WINDOW_CACHE];
    const struct window *bg; /* the window whose items are the matcher's background */
    struct range_memo ranges[VERIFY_RANGE_CACHE];
    size_t nranges, next_range;
    struct coverage_memo *covs; /* outlet coverage asked this run */
    size_t ncovs, covs_alloc;
    double *acc;           /* memory_candidates scratch: score per window item, kept all 0 */
    struct ranked_doc *rk; /* and the items scored */
    size_t scratch_n;      /* entries of both */
    size_t *outlet_pos;    /* verify_claim scratch per outlet, kept all 0 */
    size_t outlet_pos_n;
    uint64_t seq; /* articles begun */
    int64_t dump_seq;
};

static void window_release(struct window *w)
{
    cc_free(w->items);
    cc_free(w->start);
    cc_free(w->docs);
    memset(w, 0, sizeof(*w));
}

static void numbers_free(struct item_numbers *nums);

static void entry_free(struct entry *e)
{
    if (!e) {
        return;
    }
    cc_match_doc_release(&e->doc);
    cc_synd_fingerprint_free(e->fp);
    numbers_free(e->nums);
    cc_free(e->title);
    cc_free(e->link);
    cc_free(e->text);
    cc_free(e);
}

static size_t slot_of(const struct cc_verify *v, int64_t rowid)
{
    uint64_t h = (uint64_t)rowid * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (v->nslots - 1);
}

static struct entry *cache_find(const struct cc_verify *v, int64_t rowid)
{
    size_t h = slot_of(v, rowid);
    while (v->slots[h]) {
        struct entry *e = v->entries[v->slots[h] - 1];
        if (e->rowid == rowid) {
            return e;
        }
        h = (h + 1) & (v->nslots - 1);
    }
    return NULL;
}

static void cache_index(struct cc_verify *v)
{
    memset(v->slots, 0, v->nslots * sizeof(*v->slots));
    for (size_t i = 0; i < v->nentries; i++) {
        size_t h = slot_of(v, v->entries[i]->rowid);
        while (v->slots[h]) {
            h = (h + 1) & (v->nslots - 1);
        }
        v->slots[h] = i + 1;
    }
}

static int cache_grow_slots(struct cc_verify *v)
{
    size_t n = v->nslots * 2;
    size_t *slots = cc_calloc(n, sizeof(*slots));
    if (!slots) {
        return CC_ENOMEM;
    }
    cc_free(v->slots);
    v->slots = slots;
    v->nslots = n;
    cache_index(v);
    return 0;
}

static int cmp_used_desc(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    return (x->used < y->used) - (x->used > y->used);
}

/* Between articles only (entries are borrowed while an article is
 * verified): when the cache holds more than VERIFY_CACHE_BYTES, keeps the
 * entries of the most recent articles that fit in half of it, and the
 * windows made of them. */
static int cache_trim(struct cc_verify *v)
{
    if (v->cache_bytes <= VERIFY_CACHE_BYTES) {
        return 0;
    }
    cc_log_debug("verify: %zu analysed items hold %zu MB: trimming the cache", v->nentries,
                 v->cache_bytes >> 20);
    struct entry **order = cc_malloc((v->nentries ? v->nentries : 1) * sizeof(*order));
    if (!order) {
        return CC_ENOMEM;
    }
    memcpy(order, v->entries, v->nentries * sizeof(*order));
    cc_sort(order, v->nentries, sizeof(*order), cmp_used_desc);
    /* keep whole articles, the latest first: every entry used at or after
     * the cutoff (UINT64_MAX: even the last article's alone are too many) */
    uint64_t cutoff = UINT64_MAX;
    size_t kept = 0;
    for (size_t i = 0; i < v->nentries;) {
        uint64_t used = order[i]->used;
        size_t group = 0;
        while (i < v->nentries && order[i]->used == used) {
            group += order[i++]->bytes;
        }
        if (kept + group > VERIFY_CACHE_BYTES / 2) {
            break;
        }
        kept += group;
        cutoff = used;
    }
    cc_free(order);
    for (size_t i = 0; i < VERIFY_WINDOW_CACHE; i++) {
        if (v->windows[i].used != 0 && v->windows[i].used < cutoff) {
            if (v->bg == &v->windows[i]) {
                v->bg = NULL;
            }
            window_release(&v->windows[i]);
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < v->nentries; i++) {
        struct entry *e = v->entries[i];
        if (e->used >= cutoff) {
            v->entries[k++] = e;
        } else {
            v->cache_bytes -= e->bytes;
            entry_free(e);
        }
    }
    v->nentries = k;
    cache_index(v);
    return 0;
}

int cc_verify_new(struct cc_verify **out, struct cc_store *st, const struct cc_registry *reg,
                  const struct cc_verify_options *opts, struct cc_error *err)
{
    *out = NULL;
    struct cc_verify *v = cc_calloc(1, sizeof(*v));
    if (!v) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    v->st = st;
    v->reg = reg;
    if (opts) {
        v->opts = *opts;
    } else {
        v->opts.date = CC_TIME_NONE;
        v->opts.window_days = -1;
        v->opts.now = CC_TIME_NONE;
    }
    if (v->opts.window_days < 0) {
        v->opts.window_days = CC_VERIFY_DEFAULT_WINDOW_DAYS;
    }
    if (v->opts.window_days > 3650) {
        cc_free(v);
        return cc_error_set(err, CC_EINVAL, "--window", "window of %d days is too wide (3650 max)",
                            v->opts.window_days);
    }
    if (v->opts.max_candidates == 0) {
        v->opts.max_candidates = CC_VERIFY_DEFAULT_MAX_CANDIDATES;
    }
    cc_text_init(&v->text);
    cc_buf_init(&v->buf, 0);
    struct cc_model model;
    int rc = cc_model_builtin(&model, err);
    if (rc == 0) {
        rc = cc_text_analyzer_new(&v->an, err);
    }
    if (rc == 0) {
        rc = cc_matcher_new(&v->m, &model, err);
    }
    if (rc == 0) {
        v->nslots = 1u << 16;
        v->slots = cc_calloc(v->nslots, sizeof(*v->slots));
        v->noutlet_slots = 256;
        v->outlet_slots = cc_calloc(v->noutlet_slots, sizeof(*v->outlet_slots));
        if (!v->slots || !v->outlet_slots) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        }
    }
    if (rc < 0) {
        cc_verify_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

void cc_verify_free(struct cc_verify *v)
{
    if (!v) {
        return;
    }
    cc_log_debug("verify: %zu analysed items cached, %zu MB", v->nentries, v->cache_bytes >> 20);
    for (size_t i = 0; i < v->nentries; i++) {
        entry_free(v->entries[i]);
    }
    cc_free(v->entries);
    cc_free(v->slots);
    for (size_t i = 0; i < VERIFY_WINDOW_CACHE; i++) {
        window_release(&v->windows[i]);
    }
    for (size_t i = 0; i < v->ncovs; i++) {
        cc_free(v->covs[i].outlet);
        cc_store_outlet_times_release(&v->covs[i].t);
    }
    cc_free(v->covs);
    for (size_t i = 0; i < v->noutlets; i++) {
        cc_free(v->outlets[i].name);
    }
    cc_free(v->outlets);
    cc_free(v->outlet_slots);
    cc_free(v->acc);
    cc_free(v->rk);
    cc_free(v->outlet_pos);
    cc_text_release(&v->text);
    cc_buf_release(&v->buf);
    cc_matcher_free(v->m);
    cc_text_analyzer_free(v->an);
    cc_free(v);
}

void cc_verify_set_dump(struct cc_verify *v, FILE *f)
{
    v->dump = f;
}

static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (size_t)h;
}

/* The index of an outlet name in v->outlets (added when new). */
static size_t outlet_index(struct cc_verify *v, const char *name, int *rc)
{
    size_t mask = v->noutlet_slots - 1;
    size_t h = name_hash(name) & mask;
    while (v->outlet_slots[h]) {
        size_t i = v->outlet_slots[h] - 1;
        if (strcmp(v->outlets[i].name, name) == 0) {
            return i;
        }
        h = (h + 1) & mask;
    }
    if ((v->noutlets + 1) * 2 > v->noutlet_slots) {
        size_t n = v->noutlet_slots * 2;
        uint32_t *slots = cc_calloc(n, sizeof(*slots));
        if (!slots || n > UINT32_MAX) {
            cc_free(slots);
            *rc = CC_ENOMEM;
            return 0;
        }
        for (size_t i = 0; i < v->noutlets; i++) {
            size_t k = name_hash(v->outlets[i].name) & (n - 1);
            while (slots[k]) {
                k = (k + 1) & (n - 1);
            }
            slots[k] = (uint32_t)(i + 1);
        }
        cc_free(v->outlet_slots);
        v->outlet_slots = slots;
        v->noutlet_slots = n;
        mask = n - 1;
        h = name_hash(name) & mask;
        while (v->outlet_slots[h]) {
            h = (h + 1) & mask;
        }
    }
    if (v->noutlets == v->outlets_alloc) {
        *rc = cc_array_grow((void **)&v->outlets, &v->outlets_alloc, v->noutlets + 1,
                            sizeof(*v->outlets));
        if (*rc < 0) {
            return 0;
        }
    }
    char *copy = cc_strdup(name);
    if (!copy) {
        *rc = CC_ENOMEM;
        return 0;
    }
    v->outlets[v->noutlets].name = copy;
    v->outlets[v->noutlets].o = v->reg ? cc_registry_find_name(v->reg, name) : NULL;
    v->outlet_slots[h] = (uint32_t)(v->noutlets + 1);
    return v->noutlets++;
}

static int add_text(struct cc_buf *b, const char *s)
{
    if (!s || !*s) {
        return 0;
    }
    int rc = 0;
    if (b->len > 0) {
        rc = cc_buf_addch(b, '\n');
    }
    return rc ? rc : cc_buf_adds(b, s);
}

static size_t doc_bytes(const struct cc_match_doc *d)
{
    return d->n * (sizeof(*d->ids) + sizeof(*d->tf) + sizeof(*d->flags)) +
           d->nseq * (sizeof(*d->seq) + sizeof(*d->bigrams)) +
           d->ntitle_ids * sizeof(*d->title_ids) + d->nquotes_len * sizeof(*d->quotes);
}

/* The cached analysis of a stored item (created on first sight). */
static int item_entry(struct entry **out, struct cc_verify *v, const struct cc_store_item *it,
                      struct cc_error *err)
{
    *out = cache_find(v, it->rowid);
    if (*out) {
        (*out)->used = v->seq;
        return 0;
    }
    if (v->nentries == v->entries_alloc) {
        int rc = cc_array_grow((void **)&v->entries, &v->entries_alloc, v->nentries + 1,
                               sizeof(*v->entries));
        if (rc < 0) {
            return cc_error_set(err, rc, "verify", "out of memory");
        }
    }
    if ((v->nentries + 1) * 2 > v->nslots && cache_grow_slots(v) < 0) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    struct entry *e = cc_calloc(1, sizeof(*e));
    if (!e) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    struct cc_match_doc init = CC_MATCH_DOC_INIT;
    e->doc = init;
    e->rowid = it->rowid;
    e->published = it->published;
    e->first_seen = it->first_seen;
    e->item_time = it->item_time;
    e->used = v->seq;
    snprintf(e->content_hash, sizeof(e->content_hash), "%s", it->content_hash);
    int rc = 0;
    e->title = it->title ? cc_strdup(it->title) : NULL;
    e->link = it->link ? cc_strdup(it->link) : NULL;
    if ((it->title && !e->title) || (it->link && !e->link)) {
        rc = CC_ENOMEM;
    }
    if (rc == 0 && it->outlet) {
        e->outlet = outlet_index(v, it->outlet, &rc);
    } else if (rc == 0) {
        e->outlet = outlet_index(v, "", &rc);
    }
    /* title, then summary (unless it repeats the title), then content */
    cc_buf_reset(&v->buf);
    size_t title_end = 0;
    if (rc == 0) {
        rc = add_text(&v->buf, it->title);
        title_end = v->buf.len;
    }
    if (rc == 0 && it->summary && !(it->title && strcmp(it->summary, it->title) == 0)) {
        rc = add_text(&v->buf, it->summary);
    }
    if (rc == 0 && it->content && !(it->summary && strcmp(it->content, it->summary) == 0)) {
        rc = add_text(&v->buf, it->content);
    }
    size_t keep = 0;
    if (rc == 0) {
        keep = CC_MIN(v->buf.len, (size_t)VERIFY_ITEM_TEXT_MAX);
        while (keep > 0 && keep < v->buf.len && ((unsigned char)v->buf.buf[keep] & 0xC0) == 0x80) {
            keep--;
        }
        e->text = cc_strndup(v->buf.buf, keep);
        e->text_len = keep;
        if (!e->text) {
            rc = CC_ENOMEM;
        }
    }
    if (rc < 0) {
        entry_free(e);
        return cc_error_set(err, rc, "verify", "out of memory");
    }
    rc = cc_text_analyze(&v->text, v->an, v->buf.buf, v->buf.len, it->item_time, err);
    if (rc == 0) {
        rc = cc_matcher_doc(&e->doc, v->m, &v->text, title_end, it->item_time, err);
    }
    if (rc < 0) {
        entry_free(e);
        return rc;
    }
    e->bytes = sizeof(*e) + keep + 1 + (e->title ? strlen(e->title) + 1 : 0) +
               (e->link ? strlen(e->link) + 1 : 0) + doc_bytes(&e->doc);
    v->cache_bytes += e->bytes;
    v->entries[v->nentries] = e;
    size_t h = slot_of(v, e->rowid);
    while (v->slots[h]) {
        h = (h + 1) & (v->nslots - 1);
    }
    v->slots[h] = ++v->nentries;
    *out = e;
    return 0;
}

struct read_ctx {
    struct cc_verify *v;
    struct cc_error *err;
    int rc;
};

static int on_read(const struct cc_store_item *it, void *payload)
{
    struct read_ctx *c = payload;
    struct entry *e = NULL;
    c->rc = item_entry(&e, c->v, it, c->err);
    return c->rc < 0;
}

/* Analyses the items of rowids[0..n) not in the cache yet, in that order
 * (the order terms first appear in, hence their ids, stays that of reading
 * each item when it is first needed). */
static int analyse_missing(struct cc_verify *v, const int64_t *rowids, size_t n,
                           struct cc_error *err)
{
    int64_t *miss = NULL;
    size_t nmiss = 0;
    for (size_t i = 0; i < n; i++) {
        if (cache_find(v, rowids[i])) {
            continue;
        }
        if (!miss) {
            miss = cc_malloc(n * sizeof(*miss));
            if (!miss) {
                return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            }
        }
        miss[nmiss++] = rowids[i];
    }
    struct read_ctx rc_ctx = {v, err, 0};
    int rc = cc_store_window_read(v->st, miss, nmiss, on_read, &rc_ctx, err);
    cc_free(miss);
    return rc < 0 ? rc : rc_ctx.rc;
}

/* ---- windows and the background ------------------------------------------------------------- */

/* Builds the inverted index of a complete window. */
static int index_window(struct window *w, struct cc_error *err)
{
    size_t nterms = 0, npost = 0;
    for (size_t k = 0; k < w->n; k++) {
        const struct entry *e = w->items[k];
        npost += e->doc.n;
        if (e->doc.n > 0) {
            nterms = CC_MAX(nterms, (size_t)e->doc.ids[e->doc.n - 1] + 1);
        }
    }
    w->start = cc_calloc(nterms + 2, sizeof(*w->start));
    w->docs = cc_malloc((npost ? npost : 1) * sizeof(*w->docs));
    if (!w->start || !w->docs || w->n > UINT32_MAX || npost > UINT32_MAX) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    for (size_t k = 0; k < w->n; k++) {
        const struct entry *e = w->items[k];
        for (size_t i = 0; i < e->doc.n; i++) {
            w->start[e->doc.ids[i] + 1]++;
        }
    }
    for (size_t t = 0; t < nterms; t++) {
        w->start[t + 1] += w->start[t];
    }
    uint32_t *fill = cc_malloc((nterms + 1) * sizeof(*fill));
    if (!fill) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    memcpy(fill, w->start, (nterms + 1) * sizeof(*fill));
    for (size_t k = 0; k < w->n; k++) {
        const struct entry *e = w->items[k];
        for (size_t i = 0; i < e->doc.n; i++) {
            w->docs[fill[e->doc.ids[i]]++] = (uint32_t)k;
        }
    }
    cc_free(fill);
    w->nterms = nterms;
    return 0;
}

/* Reads the window [from, to] into w: every item when it holds at most
 * VERIFY_MEMORY_WINDOW (then indexed), else the model's IDF sample (every
 * k-th rowid). Items are analysed once per run (the cache). */
static int window_load(struct cc_verify *v, struct window *w, int64_t from, int64_t to,
                       struct cc_error *err)
{
    w->from = from;
    w->to = to;
    struct cc_store_window_span span;
    int rc = cc_store_window_span(&span, v->st, from, to, err);
    if (rc < 0) {
        return rc;
    }
    w->count = span.count;
    w->lo = span.lo;
    w->hi = span.hi;
    size_t max = cc_matcher_model(v->m)->idf_sample;
    /* a window this small is analysed whole and searched in memory */
    if (w->count <= VERIFY_MEMORY_WINDOW) {
        max = (size_t)CC_MAX(w->count, (int64_t)1);
    }
    int64_t stride = w->count / (int64_t)CC_MIN(max, (size_t)INT64_MAX);
    int64_t *ids = NULL;
    size_t n = 0;
    if (w->count > 0) {
        rc = cc_store_window_ids(&ids, &n, v->st, from, to, stride, max, err);
    }
    if (rc == 0) {
        rc = analyse_missing(v, ids, n, err);
    }
    if (rc == 0) {
        w->items = cc_malloc((n ? n : 1) * sizeof(*w->items));
        if (!w->items) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        }
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct entry *e = cache_find(v, ids[i]);
        if (e) {
            w->items[w->n++] = e;
        }
    }
    cc_free(ids);
    if (rc == 0 && w->count >= 0 && (size_t)w->count == w->n) {
        w->complete = true;
        rc = index_window(w, err);
    }
    return rc;
}

/* The window [from, to], from the cache or the store, marked used by this
 * article with all its items; the matcher's background becomes its items. */
static int window_use(struct window **out, struct cc_verify *v, int64_t from, int64_t to,
                      struct cc_error *err)
{
    *out = NULL;
    struct window *w = NULL;
    for (size_t i = 0; i < VERIFY_WINDOW_CACHE && !w; i++) {
        if (v->windows[i].used != 0 && v->windows[i].from == from && v->windows[i].to == to) {
            w = &v->windows[i];
        }
    }
    if (!w) {
        /* a free slot, else the least recently used */
        w = &v->windows[0];
        for (size_t i = 1; i < VERIFY_WINDOW_CACHE && w->used != 0; i++) {
            if (v->windows[i].used < w->used) {
                w = &v->windows[i];
            }
        }
        if (v->bg == w) {
            v->bg = NULL;
        }
        window_release(w);
        w->used = v->seq;
        int rc = window_load(v, w, from, to, err);
        if (rc < 0) {
            window_release(w);
            return rc;
        }
    }
    w->used = v->seq;
    for (size_t i = 0; i < w->n; i++) {
        w->items[i]->used = v->seq;
    }
    if (v->bg != w) {
        v->bg = NULL;
        cc_matcher_background_reset(v->m);
        for (size_t i = 0; i < w->n; i++) {
            int rc = cc_matcher_background_add(v->m, &w->items[i]->doc, err);
            if (rc < 0) {
                return rc;
            }
        }
        v->bg = w;
    }
    *out = w;
    return 0;
}

/* The rowid range of the window [from, to]: the loaded window w's when
 * given (w->from, w->to are from, to), else remembered for the run. */
static int window_range(int64_t *lo, int64_t *hi, struct cc_verify *v, const struct window *w,
                        int64_t from, int64_t to, struct cc_error *err)
{
    if (w) {
        *lo = w->lo;
        *hi = w->hi;
        return 0;
    }
    for (size_t i = 0; i < v->nranges; i++) {
        if (v->ranges[i].from == from && v->ranges[i].to == to) {
            *lo = v->ranges[i].lo;
            *hi = v->ranges[i].hi;
            return 0;
        }
    }
    struct cc_store_window_span span;
    int rc = cc_store_window_span(&span, v->st, from, to, err);
    if (rc < 0) {
        return rc;
    }
    *lo = span.lo;
    *hi = span.hi;
    struct range_memo *r = &v->ranges[v->next_range];
    v->next_range = (v->next_range + 1) % VERIFY_RANGE_CACHE;
    v->nranges = CC_MAX(v->nranges, v->next_range == 0 ? VERIFY_RANGE_CACHE : v->next_range);
    r->from = from;
    r->to = to;
    r->lo = *lo;
    r->hi = *hi;
    return 0;
}

/* ---- candidates
 * ---------------------------------------------------------------------------------- */

struct cand_ctx {
    struct cc_verify *v;
    const struct cc_match_doc *claim;
    struct entry **found;
    size_t n, alloc;
    struct cc_error *err;
    int rc;
};

/* True when the documents share a term. The full-text index stems with
 * Porter and matches more loosely ("use" finds "U.S."); a candidate sharing
 * none of the claim's own terms carries no evidence. */
static bool shares_term(const struct cc_match_doc *a, const struct cc_match_doc *b)
{
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] < b->ids[j]) {
            i++;
        } else if (a->ids[i] > b->ids[j]) {
            j++;
        } else {
            return true;
        }
    }
    return false;
}

static int found_add(struct cand_ctx *c, struct entry *e)
{
    if (c->n == c->alloc &&
        cc_array_grow((void **)&c->found, &c->alloc, c->n + 1, sizeof(*c->found)) < 0) {
        return cc_error_set(c->err, CC_ENOMEM, "verify", "out of memory");
    }
    c->found[c->n++] = e;
    return 0;
}

/* Candidates from the full-text index: the items of rowids (best first)
 * not found already that share a term with the claim. */
static int index_candidates(struct cand_ctx *c, const int64_t *rowids, size_t n)
{
    int rc = analyse_missing(c->v, rowids, n, c->err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < c->n && !seen; k++) {
            seen = c->found[k]->rowid == rowids[i];
        }
        struct entry *e = seen ? NULL : cache_find(c->v, rowids[i]);
        if (!e) {
            continue;
        }
        e->used = c->v->seq;
        if (shares_term(c->claim, &e->doc)) {
            rc = found_add(c, e);
        }
    }
    return rc;
}

static int cmp_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* Ranking of window items: higher score first, then window order. A total
 * order, so any selection of the best gives the same list. */
static bool ranked_before(const struct ranked_doc *x, const struct ranked_doc *y)
{
    if (x->score != y->score) {
        return x->score > y->score;
    }
    return x->k < y->k;
}

/* Restores the heap rk[0..n) (the worst, by ranked_before, on top) below p. */
static void sift_down(struct ranked_doc *rk, size_t n, size_t p)
{
    for (;;) {
        size_t c = 2 * p + 1;
        if (c >= n) {
            break;
        }
        if (c + 1 < n && ranked_before(&rk[c], &rk[c + 1])) {
            c++;
        }
        if (!ranked_before(&rk[p], &rk[c])) {
            break;
        }
        struct ranked_doc t = rk[p];
        rk[p] = rk[c];
        rk[c] = t;
        p = c;
    }
}

/* Keeps the best limit of rk[0..n) (ranked_before) in rk[0..limit), sorted:
 * a heap of the best so far, whose root is the worst of them, instead of
 * sorting every item sharing a term with the claim; then the heap is
 * emptied from the back (heapsort: ranked_before is a total order, so the
 * list is the one any sort gives). Returns the count kept. */
static size_t best_ranked(struct ranked_doc *rk, size_t n, size_t limit)
{
    size_t k = CC_MIN(n, limit);
    if (k == 0) {
        return 0;
    }
    for (size_t i = k / 2; i-- > 0;) {
        sift_down(rk, k, i);
    }
    for (size_t i = k; i < n; i++) {
        if (ranked_before(&rk[i], &rk[0])) {
            rk[0] = rk[i];
            sift_down(rk, k, 0);
        }
    }
    for (size_t end = k - 1; end > 0; end--) {
        struct ranked_doc t = rk[0];
        rk[0] = rk[end];
        rk[end] = t;
        sift_down(rk, end, 0);
    }
    return k;
}

/* Candidates from a complete window: every item of the window that shares
 * a term with the claim, ranked by the IDF of the shared terms, best limit
 * kept. The same candidates the full-text index gives (items sharing a
 * claim term), without asking the store: the window is already analysed. */
static int memory_candidates(struct cand_ctx *cc, struct cc_verify *v, const struct window *w,
                             const struct cc_match_doc *cd, size_t limit)
{
    if (w->n > v->scratch_n) {
        /* scratch kept for the run: a claim allocates nothing here */
        cc_free(v->acc);
        cc_free(v->rk);
        v->acc = cc_calloc(w->n, sizeof(*v->acc));
        v->rk = cc_malloc(w->n * sizeof(*v->rk));
        v->scratch_n = v->acc && v->rk ? w->n : 0;
        if (!v->scratch_n) {
            return cc_error_set(cc->err, CC_ENOMEM, "verify", "out of memory");
        }
    }
    double *acc = v->acc;
    struct ranked_doc *rk = v->rk;
    int rc = 0;
    size_t nr = 0;
    for (size_t i = 0; i < cd->n; i++) {
        uint32_t t = cd->ids[i];
        if (t >= w->nterms) {
            continue;
        }
        /* Each IDF rounded to a multiple of 2^-20, so the sums are exact
         * and do not depend on the order of the term ids (which follows
         * what the process analysed before): the same article ranks the
         * same candidates alone or in a batch. */
        double idf = cc_matcher_idf(v->m, t);
        double q = idf > 0 ? ldexp(round(ldexp(idf, 20)), -20) : 0;
        q = q > 0 ? q : ldexp(1.0, -20);
        for (uint32_t p = w->start[t]; p < w->start[t + 1]; p++) {
            uint32_t k = w->docs[p];
            if (acc[k] == 0) {
                rk[nr++].k = k;
            }
            acc[k] += q;
        }
    }
    for (size_t i = 0; i < nr; i++) {
        rk[i].score = acc[rk[i].k];
        acc[rk[i].k] = 0;
    }
    nr = best_ranked(rk, nr, limit);
    for (size_t i = 0; i < nr && rc == 0; i++) {
        rc = found_add(cc, w->items[rk[i].k]);
    }
    return rc;
}

/* Builds the FTS5 query: the claim's words as written (OR), apostrophes cut. */
static int build_query(struct cc_buf *q, const struct cc_matcher *m, const char *text,
                       const struct cc_text *t, const struct cc_match_doc *cd, struct cc_error *err)
{
    const char *words[VERIFY_QUERY_WORDS];
    char *copies[VERIFY_QUERY_WORDS];
    size_t nw = 0;
    int rc = 0;
    /* Terms in more than VERIFY_QUERY_MAX_DF of the window's items cost the
     * index the most and rank the least: leave them out of the query (the
     * matcher still scores them), but keep the claim's
     * VERIFY_QUERY_KEEP rarest terms whatever their frequency. */
    double cut = -log(VERIFY_QUERY_MAX_DF);
    double idfs[64];
    size_t nidf = 0;
    for (size_t i = 0; i < cd->n && nidf < CC_ARRAY_LEN(idfs); i++) {
        idfs[nidf++] = cc_matcher_idf(m, cd->ids[i]);
    }
    cc_sort(idfs, nidf, sizeof(*idfs), cmp_double_desc);
    if (nidf > 0) {
        double kth = idfs[CC_MIN(nidf, (size_t)VERIFY_QUERY_KEEP) - 1];
        cut = CC_MIN(cut, kth);
    }
    for (size_t i = 0; i < t->n && nw < VERIFY_QUERY_WORDS; i++) {
        const struct cc_term *x = &t->terms[i];
        if (i < cd->nseq && cc_matcher_idf(m, cd->seq[i]) < cut) {
            continue;
        }
        size_t len = x->end - x->start;
        const char *s = text + x->start;
        for (size_t k = 0; k < len; k++) {
            if (s[k] == '\'' || (unsigned char)s[k] == 0xE2) {
                len = k;
                break;
            }
        }
        if (len == 0) {
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < nw; k++) {
            if (strlen(words[k]) == len && memcmp(words[k], s, len) == 0) {
                dup = true;
                break;
            }
        }
        if (dup) {
            continue;
        }
        copies[nw] = cc_strndup(s, len);
        if (!copies[nw]) {
            rc = CC_ENOMEM;
            break;
        }
        words[nw] = copies[nw];
        nw++;
    }
    cc_buf_reset(q);
    if (rc == 0 && nw > 0) {
        rc = cc_store_fts_query(q, words, nw, true);
    }
    for (size_t k = 0; k < nw; k++) {
        cc_free(copies[k]);
    }
    return rc < 0 ? cc_error_set(err, rc, "verify", "out of memory") : 0;
}

/* ---- result helpers
 * -------------------------------------------------------------------------------- */

static void evidence_release(struct cc_evidence *e)
{
    cc_free(e->outlet);
    cc_free(e->title);
    cc_free(e->url);
    cc_free(e->contradiction);
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cc_free(v[i]);
    }
    cc_free(v);
}

static void claim_release(struct cc_claim_result *c)
{
    cc_free(c->text);
    cc_free(c->match_text);
    strv_free(c->cited_outlets, c->ncited);
    strv_free(c->cited_confirmed, c->nconfirmed);
    strv_free(c->reporting_outlets, c->nreporting);
    strv_free(c->corroborating_outlets, c->ncorroborating);
    cc_free(c->contradiction);
    for (size_t i = 0; i < c->nevidence; i++) {
        evidence_release(&c->evidence[i]);
    }
    cc_free(c->evidence);
    for (size_t i = 0; i < c->nsources; i++) {
        cc_free(c->sources[i].outlet);
        cc_free(c->sources[i].copies);
    }
    cc_free(c->sources);
    for (size_t i = 0; i < c->ncitations; i++) {
        cc_free(c->citations[i].text);
        cc_free(c->citations[i].outlet);
        cc_free(c->citations[i].reason);
    }
    cc_free(c->citations);
}

void cc_verify_result_free(struct cc_verify_result *r)
{
    if (!r) {
        return;
    }
    cc_free(r->article);
    cc_free(r->title);
    cc_free(r->article_outlet);
    cc_free(r->date_source);
    cc_free(r->model);
    for (size_t i = 0; i < r->nclaims; i++) {
        claim_release(&r->claims[i]);
    }
    cc_free(r->claims);
    strv_free(r->warnings, r->nwarnings);
    cc_free(r);
}

/* Appends a copy of s. */
static int strv_push(char ***v, size_t *n, const char *s)
{
    /* room for a power of two of entries: grown when *n reaches one */
    char **nv = *v;
    if ((*n & (*n - 1)) == 0) {
        if (*n > SIZE_MAX / 2 / sizeof(**v)) {
            return CC_ENOMEM;
        }
        nv = cc_realloc(*v, (*n ? 2 * *n : 1) * sizeof(**v));
        if (!nv) {
            return CC_ENOMEM;
        }
        *v = nv;
    }
    nv[*n] = cc_strdup(s);
    if (!nv[*n]) {
        return CC_ENOMEM;
    }
    (*n)++;
    return 0;
}

/* Appends a copy of s unless v holds it. */
static int strv_add(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*v)[i], s) == 0) {
            return 0;
        }
    }
    return strv_push(v, n, s);
}

static int warn(struct cc_verify_result *r, const char *msg)
{
    return strv_add(&r->warnings, &r->nwarnings, msg);
}

/* ---- numbers: agree or conflict
 * ------------------------------------------------------------------ */

/* Context words of a number: up to VERIFY_CONTEXT_WORDS content words
 * before text[start] and after text[end], as Snowball stems. */
#define VERIFY_CONTEXT_WORDS 3
#define VERIFY_CONTEXT_LEN 24

struct number_context {
    char w[2 * VERIFY_CONTEXT_WORDS][VERIFY_CONTEXT_LEN];
    size_t n;
    bool done; /* w and n hold it */
};

static void numbers_free(struct item_numbers *nums)
{
    if (!nums) {
        return;
    }
    cc_free(nums->v);
    cc_free(nums->ctx);
    cc_free(nums);
}

static bool ctx_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void ctx_add(struct number_context *cx, struct cc_text_analyzer *an, struct cc_buf *stem,
                    const char *w, size_t len)
{
    char tmp[32];
    if (len < 4 || len >= sizeof(tmp) || cx->n >= CC_ARRAY_LEN(cx->w)) {
        return;
    }
    for (size_t i = 0; i < len; i++) {
        tmp[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] - 'A' + 'a') : w[i];
    }
    if (cc_text_is_stop_word(tmp, len)) {
        return;
    }
    cc_buf_reset(stem);
    if (cc_text_stem(stem, an, tmp, len) < 0) {
        return;
    }
    size_t k = CC_MIN(stem->len, (size_t)VERIFY_CONTEXT_LEN - 1);
    memcpy(cx->w[cx->n], stem->buf, k);
    cx->w[cx->n][k] = '\0';
    cx->n++;
}

/* Fills cx (once) with the context of the number text[start, end). */
static void context_of(struct number_context *cx, struct cc_verify *v, const char *text, size_t len,
                       size_t start, size_t end)
{
    if (cx->done) {
        return;
    }
    cx->done = true;
    cx->n = 0;
    size_t got = 0, i = start;
    while (i > 0 && got < VERIFY_CONTEXT_WORDS) {
        while (i > 0 && !ctx_letter(text[i - 1])) {
            i--;
        }
        size_t e = i;
        while (i > 0 && ctx_letter(text[i - 1])) {
            i--;
        }
        if (e > i) {
            size_t before = cx->n;
            ctx_add(cx, v->an, &v->buf, text + i, e - i);
            got += cx->n > before;
        }
    }
    got = 0;
    i = end;
    while (i < len && got < VERIFY_CONTEXT_WORDS) {
        while (i < len && !ctx_letter(text[i])) {
            i++;
        }
        size_t b = i;
        while (i < len && ctx_letter(text[i])) {
            i++;
        }
        if (i > b) {
            size_t before = cx->n;
            ctx_add(cx, v->an, &v->buf, text + b, i - b);
            got += cx->n > before;
        }
    }
}

static bool contexts_meet(const struct number_context *a, const struct number_context *b)
{
    for (size_t i = 0; i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++) {
            if (strcmp(a->w[i], b->w[j]) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* The numbers e's text states, extracted against the day of ref (kept on
 * the entry for articles of that day), or NULL when out of memory. */
static const struct item_numbers *item_numbers(struct cc_verify *v, struct entry *e, int64_t ref)
{
    int64_t day = ref == CC_TIME_NONE ? CC_TIME_NONE : ref - ((ref % 86400) + 86400) % 86400;
    if (e->nums && e->nums->day == day) {
        return e->nums;
    }
    if (e->nums) {
        v->cache_bytes -= e->nums->n * (sizeof(*e->nums->v) + sizeof(*e->nums->ctx));
        numbers_free(e->nums);
        e->nums = NULL;
    }
    struct cc_textfeat f = CC_TEXTFEAT_INIT;
    struct item_numbers *nums = cc_calloc(1, sizeof(*nums));
    if (!nums || cc_textfeat_extract(&f, e->text, e->text_len, ref, NULL) < 0) {
        cc_free(nums);
        cc_textfeat_release(&f);
        return NULL;
    }
    nums->day = day;
    if (f.nnumbers > 0) {
        nums->v = cc_malloc(f.nnumbers * sizeof(*nums->v));
        nums->ctx = cc_calloc(f.nnumbers, sizeof(*nums->ctx));
        if (!nums->v || !nums->ctx) {
            numbers_free(nums);
            cc_textfeat_release(&f);
            return NULL;
        }
        memcpy(nums->v, f.numbers, f.nnumbers * sizeof(*nums->v));
        nums->n = f.nnumbers;
    }
    cc_textfeat_release(&f);
    e->nums = nums;
    v->cache_bytes += nums->n * (sizeof(*nums->v) + sizeof(*nums->ctx));
    e->bytes += nums->n * (sizeof(*nums->v) + sizeof(*nums->ctx));
    return nums;
}

/* +1 when the item states one of the claim's numbers (same unit), -1 when it
 * states another value for that unit in the same context (a content word
 * around the number in common: "attack claimed 26 lives" against "attack
 * toll reaches 28 lives", not against "lost 92,000 lives in the war on
 * terror"), 0 when it says nothing comparable. claim_text is the text the
 * claim's feature spans point into; cctx[] (one per claim number) keeps
 * their contexts for the claim's other items. */
static int number_stance(struct cc_verify *v, const struct cc_textfeat *claim,
                         const char *claim_text, size_t clen, struct number_context *cctx,
                         struct entry *e, int64_t ref, char *why, size_t whylen)
{
    if (claim->nnumbers == 0 || !e->text) {
        return 0;
    }
    const struct item_numbers *nums = item_numbers(v, e, ref);
    if (!nums) {
        return 0;
    }
    const char *text = e->text;
    size_t tlen = e->text_len;
    int stance = 0;
    for (size_t i = 0; i < claim->nnumbers && stance <= 0; i++) {
        const struct cc_number *a = &claim->numbers[i];
        if (!a->unit[0] || (a->flags & (CC_NUMBER_APPROX | CC_NUMBER_AT_LEAST))) {
            continue;
        }
        context_of(&cctx[i], v, claim_text, clen, a->start, a->end);
        bool agree = false;
        const struct cc_number *other = NULL;
        for (size_t j = 0; j < nums->n; j++) {
            const struct cc_number *b = &nums->v[j];
            if (strcmp(a->unit, b->unit) != 0) {
                continue;
            }
            if (cc_textfeat_numbers_agree(a, b)) {
                agree = true;
                continue;
            }
            if (b->flags & (CC_NUMBER_APPROX | CC_NUMBER_AT_LEAST)) {
                continue;
            }
            context_of(&nums->ctx[j], v, text, tlen, b->start, b->end);
            if (contexts_meet(&cctx[i], &nums->ctx[j])) {
                other = b;
            }
        }
        if (agree) {
            stance = 1;
        } else if (other) {
            char x[64], y[64];
            cc_textfeat_number_format(x, other);
            cc_textfeat_number_format(y, a);
            snprintf(why, whylen, "number: %s vs %s", x, y);
            stance = -1;
        }
    }
    return stance;
}

/* ---- one claim
 * ------------------------------------------------------------------------------------- */

struct scored_outlet {
    size_t cand; /* index into candidates */
    double score;
    int64_t rowid; /* the item's: breaks ties, so the order does not depend on the
                    * order candidates came in (which follows the item cache) */
};

static int cmp_scored_desc(const void *a, const void *b)
{
    const struct scored_outlet *x = a, *y = b;
    if (x->score != y->score) {
        return x->score < y->score ? 1 : -1;
    }
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static void json_escape(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

/* One JSON line per claim for bench/fit_model.py: every candidate's pair
 * features and claim-term mask, the item-item cosines at or above the
 * model's min_similarity, and the claim terms' IDF. */
static void dump_claim(struct cc_verify *v, const char *article, size_t sentence, const char *text,
                       const struct cc_match_doc *cd, struct entry **cands, size_t n,
                       const struct cc_match_result *mr)
{
    FILE *f = v->dump;
    const struct cc_model *md = cc_matcher_model(v->m);
    fprintf(f, "{\"article\":");
    json_escape(f, article);
    fprintf(f, ",\"sentence\":%zu,\"claim\":", sentence);
    json_escape(f, text);
    fprintf(f, ",\"idf\":[");
    for (size_t i = 0; i < cd->n; i++) {
        fprintf(f, "%s%.6g", i ? "," : "", cc_matcher_idf(v->m, cd->ids[i]));
    }
    fprintf(f, "],\"cands\":[");
    double *norms = cc_malloc((n ? n : 1) * sizeof(*norms));
    for (size_t i = 0; i < n; i++) {
        const struct cc_match_doc *d = &cands[i]->doc;
        uint64_t mask = 0;
        for (size_t k = 0; k < cd->n && k < 64; k++) {
            for (size_t j = 0; j < d->n; j++) {
                if (d->ids[j] == cd->ids[k]) {
                    mask |= 1ull << k;
                    break;
                }
            }
        }
        fprintf(f, "%s[", i ? "," : "");
        json_escape(f, v->outlets[cands[i]->outlet].name);
        fprintf(f, ",%lld,[", (long long)cands[i]->rowid);
        for (size_t k = 0; k < CC_PF_COUNT; k++) {
            fprintf(f, "%s%.6g", k ? "," : "", mr->c[i].f[k]);
        }
        fprintf(f, "],\"%llx\"]", (unsigned long long)mask);
        if (norms) {
            norms[i] = cc_matcher_doc_norm(v->m, d);
        }
    }
    fprintf(f, "],\"sims\":[");
    bool first = true;
    for (size_t i = 0; norms && i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double cs =
                cc_matcher_cosine_normed(v->m, &cands[i]->doc, norms[i], &cands[j]->doc, norms[j]);
            if (cs >= md->min_similarity) {
                fprintf(f, "%s[%zu,%zu,%.5f]", first ? "" : ",", i, j, cs);
                first = false;
            }
        }
    }
    fprintf(f, "]}\n");
    cc_free(norms);
}

/* cc_store_outlet_coverage's figures: each outlet's items and feeds are read
 * once per run (many claims cite the same outlets, for many windows), and
 * a window's count comes from the outlet's sorted item times. */
static int coverage(struct cc_store_coverage *out, struct cc_verify *v, const char *outlet,
                    int64_t from, int64_t to, struct cc_error *err)
{
    for (size_t i = 0; i < v->ncovs; i++) {
        const struct coverage_memo *c = &v->covs[i];
        if (strcmp(c->outlet, outlet) == 0) {
            if (c->rc < 0) {
                memset(out, 0, sizeof(*out));
                return cc_error_set(err, c->rc, outlet, "coverage unknown");
            }
            cc_store_outlet_times_coverage(out, &c->t, from, to);
            return 0;
        }
    }
    struct cc_store_outlet_times t;
    int rc = cc_store_window_outlet(&t, v->st, outlet, err);
    if (rc < 0 && rc != CC_ENOTFOUND) {
        return rc; /* not remembered: a store error may pass */
    }
    if (rc == 0) {
        cc_store_outlet_times_coverage(out, &t, from, to);
    } else {
        memset(out, 0, sizeof(*out));
    }
    if (v->ncovs == v->covs_alloc &&
        cc_array_grow((void **)&v->covs, &v->covs_alloc, v->ncovs + 1, sizeof(*v->covs)) < 0) {
        cc_store_outlet_times_release(&t);
        return rc;
    }
    char *name = cc_strdup(outlet);
    if (!name) {
        cc_store_outlet_times_release(&t);
        return rc;
    }
    struct coverage_memo *c = &v->covs[v->ncovs++];
    c->outlet = name;
    c->rc = rc;
    c->t = t;
    return rc;
}

static int check_citations(struct cc_verify *v, struct cc_claim_result *cr,
                           const struct cc_claims *cl, const struct cc_claim *c,
                           const char *article_text, int64_t date, int64_t claim_day,
                           struct cc_error *err)
{
    int rc = 0;
    for (size_t k = 0; k < c->ncover && rc == 0; k++) {
        const struct cc_citation *ct = &cl->cites[c->cover[k].cite];
        const char *oname = ct->outlet ? ct->outlet->name : NULL;
        bool dup = false;
        for (size_t i = 0; i < cr->ncitations && oname; i++) {
            if (cr->citations[i].outlet && strcmp(cr->citations[i].outlet, oname) == 0) {
                dup = true;
            }
        }
        if (dup) {
            continue;
        }
        struct cc_citation_check *chk =
            cc_realloc(cr->citations, (cr->ncitations + 1) * sizeof(*cr->citations));
        if (!chk) {
            return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        }
        cr->citations = chk;
        chk = &cr->citations[cr->ncitations++];
        memset(chk, 0, sizeof(*chk));
        chk->evidence = -1;
        chk->text = cc_strndup(article_text + ct->start, ct->end - ct->start);
        chk->outlet = oname ? cc_strdup(oname) : NULL;
        if (!chk->text || (oname && !chk->outlet)) {
            return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        }
        char why[256];
        if (!oname) {
            chk->status = CC_CITE_UNRESOLVED;
            snprintf(why, sizeof(why), "'%s' names no outlet of the registry", chk->text);
        } else {
            rc = strv_add(&cr->cited_outlets, &cr->ncited, oname);
            if (rc < 0) {
                return cc_error_set(err, rc, "verify", "out of memory");
            }
            int64_t found_late = -1;
            for (size_t e = 0; e < cr->nevidence; e++) {
                const struct cc_evidence *ev = &cr->evidence[e];
                if (!ev->passes || strcmp(ev->outlet, oname) != 0) {
                    continue;
                }
                int64_t t = ev->published != CC_TIME_NONE ? ev->published : ev->first_seen;
                if (t <= date + CC_VERIFY_CITE_GRACE) {
                    chk->evidence = (int64_t)e;
                } else {
                    found_late = (int64_t)e;
                }
            }
            if (chk->evidence >= 0) {
                chk->status = CC_CITE_CONFIRMED;
                snprintf(why, sizeof(why), "%s reported it: %s", oname,
                         cr->evidence[chk->evidence].title ? cr->evidence[chk->evidence].title
                                                           : "(untitled item)");
                rc = strv_add(&cr->cited_confirmed, &cr->nconfirmed, oname);
                if (rc < 0) {
                    return cc_error_set(err, rc, "verify", "out of memory");
                }
            } else if (found_late >= 0) {
                chk->status = CC_CITE_TOO_LATE;
                snprintf(why, sizeof(why),
                         "%s reported it only after the article's date (more than a day later)",
                         oname);
            } else if (ct->outlet->nfeeds == 0) {
                chk->status = CC_CITE_NO_FEED;
                snprintf(why, sizeof(why), "%s has no feed to check against", oname);
            } else {
                struct cc_store_coverage cov;
                int64_t from = claim_day - (int64_t)v->opts.window_days * 86400;
                int64_t to = CC_MAX(date, claim_day) + ((int64_t)v->opts.window_days + 1) * 86400;
                struct cc_error cerr = CC_ERROR_INIT;
                int crc = coverage(&cov, v, oname, from, to, &cerr);
                char d1[32], d2[32];
                cc_date_format(d2, claim_day);
                if (crc == CC_ENOTFOUND || (crc == 0 && cov.items_total == 0)) {
                    chk->status = CC_CITE_COVERAGE_GAP;
                    snprintf(why, sizeof(why), "no items of %s are stored (never fetched?)", oname);
                } else if (crc < 0) {
                    chk->status = CC_CITE_COVERAGE_GAP;
                    snprintf(why, sizeof(why), "coverage of %s unknown: %.120s", oname, cerr.msg);
                } else if (cov.oldest_item > claim_day + 86400 || cov.items_in_window == 0) {
                    chk->status = CC_CITE_COVERAGE_GAP;
                    cc_date_format(d1, cov.oldest_item);
                    snprintf(why, sizeof(why), "stored items of %s start on %s and do not cover %s",
                             oname, d1, d2);
                } else {
                    chk->status = CC_CITE_NOT_MATCHED;
                    snprintf(why, sizeof(why), "%lld items of %s around %s, none reports the claim",
                             (long long)cov.items_in_window, oname, d2);
                }
            }
        }
        chk->reason = cc_strdup(why);
        if (!chk->reason) {
            return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        }
    }
    return rc;
}

static int verify_claim(struct cc_verify *v, struct cc_verify_result *r, struct cc_claim_result *cr,
                        const struct cc_claims *cl, const struct cc_claim *c,
                        const struct cc_article *a, int64_t date, int64_t day0, struct window *aw,
                        struct cc_error *err)
{
    int rc = 0;
    int64_t *ids = NULL;
    struct number_context *cctx = NULL;
    struct cc_match_doc cd = CC_MATCH_DOC_INIT;
    struct cand_ctx cc = {v, &cd, NULL, 0, 0, err, 0};
    struct cc_match_candidate *mc = NULL;
    struct cc_match_result mr = CC_MATCH_RESULT_INIT;
    struct scored_outlet *so = NULL;
    struct cc_buf q = CC_BUF_INIT;
    struct cc_synd_item *si = NULL;
    const struct cc_synd_fingerprint **sfp = NULL;
    struct cc_synd_groups g = {NULL, NULL, NULL, NULL, 0};
    size_t *corro_slots = NULL; /* name hash: corroborating outlet index + 1, 0 empty */
    size_t corro_slots_n = 0;
    const struct cc_model *md = cc_matcher_model(v->m);

    const char *mt = c->match_text ? c->match_text : "";
    size_t mlen = cc_text_strip_attribution(mt, strlen(mt), NULL, NULL);
    cr->text = cc_strndup(a->text.buf + c->start, c->end - c->start);
    cr->match_text = cc_strndup(mt, mlen);
    if (!cr->text || !cr->match_text) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    rc = cc_text_analyze(&v->text, v->an, cr->match_text, mlen, date, err);
    if (rc == 0) {
        rc = cc_matcher_doc(&cd, v->m, &v->text, 0, CC_TIME_NONE, err);
    }
    if (rc < 0) {
        goto out;
    }
    /* anchors: the article's day, then the days the claim mentions */
    int64_t anchors[8];
    size_t na = 0;
    anchors[na++] = day0;
    int64_t claim_day = day0;
    for (size_t i = 0; i < cd.nanchors && na < CC_ARRAY_LEN(anchors); i++) {
        int64_t d = cd.anchors[i] - (cd.anchors[i] % 86400);
        bool dup = false;
        for (size_t k = 0; k < na; k++) {
            dup = dup || anchors[k] == d;
        }
        if (!dup) {
            anchors[na++] = d;
            claim_day = CC_MIN(claim_day, d);
        }
    }
    memcpy(cd.anchors, anchors, na * sizeof(*anchors));
    cd.nanchors = na;
    double fitw = md->fit_window_days > 0 ? md->fit_window_days : 1.0;
    cd.day_scale = fitw / CC_MAX(fitw, (double)v->opts.window_days);

    rc = build_query(&q, v->m, cr->match_text, &v->text, &cd, err);
    if (rc < 0) {
        goto out;
    }
    int64_t wd = (int64_t)v->opts.window_days * 86400;
    for (size_t k = 0; k < na && q.len > 0; k++) {
        /* a mentioned date inside the article window adds nothing */
        if (k > 0 && anchors[k] >= day0 - wd && anchors[k] <= day0 + wd) {
            continue;
        }
        struct cc_store_query sq = {0};
        sq.match = q.buf;
        sq.from = anchors[k] - wd;
        sq.to = anchors[k] + wd + 86399;
        sq.limit = v->opts.max_candidates;
        struct window *w = k == 0 ? aw : NULL;
        if (w && w->complete) {
            rc = memory_candidates(&cc, v, w, &cd, sq.limit);
        } else {
            int64_t lo = 1, hi = 0;
            size_t nids = 0;
            rc = window_range(&lo, &hi, v, w, sq.from, sq.to, err);
            if (rc == 0 && lo <= hi) {
                rc = cc_store_window_search_ids(&ids, &nids, v->st, &sq, lo, hi, err);
            }
            if (rc == 0) {
                rc = index_candidates(&cc, ids, nids);
            }
            cc_free(ids);
            ids = NULL;
        }
        if (rc < 0) {
            goto out;
        }
    }
    cr->candidates = cc.n;
    mc = cc_malloc((cc.n ? cc.n : 1) * sizeof(*mc));
    so = cc_malloc((cc.n ? cc.n : 1) * sizeof(*so));
    if (!mc || !so) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < cc.n; i++) {
        mc[i].doc = &cc.found[i]->doc;
        mc[i].outlet = (int)cc.found[i]->outlet;
    }
    rc = cc_matcher_match(&mr, v->m, &cd, mc, cc.n, err);
    if (rc < 0) {
        goto out;
    }
    if (v->dump) {
        dump_claim(v, a->source, (size_t)(c - cl->v) + 1, cr->match_text, &cd, cc.found, cc.n, &mr);
    }
    /* best per outlet (final score); v->outlet_pos maps an outlet to its
     * place in so[] + 1 for this claim */
    if (v->outlet_pos_n < v->noutlets) {
        cc_free(v->outlet_pos);
        v->outlet_pos = cc_calloc(v->noutlets, sizeof(*v->outlet_pos));
        v->outlet_pos_n = v->outlet_pos ? v->noutlets : 0;
        if (!v->outlet_pos) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            goto out;
        }
    }
    size_t nso = 0;
    for (size_t i = 0; i < cc.n; i++) {
        size_t o = cc.found[i]->outlet;
        size_t k = v->outlet_pos[o];
        if (k > 0) {
            if (mr.c[i].score > so[k - 1].score ||
                (mr.c[i].score == so[k - 1].score && cc.found[i]->rowid < so[k - 1].rowid)) {
                so[k - 1].cand = i;
                so[k - 1].score = mr.c[i].score;
                so[k - 1].rowid = cc.found[i]->rowid;
            }
            continue;
        }
        so[nso].cand = i;
        so[nso].score = mr.c[i].score;
        so[nso].rowid = cc.found[i]->rowid;
        v->outlet_pos[o] = ++nso;
    }
    for (size_t k = 0; k < nso; k++) {
        v->outlet_pos[cc.found[so[k].cand]->outlet] = 0;
    }
    cc_sort(so, nso, sizeof(*so), cmp_scored_desc);
    size_t npass = 0, nmiss = 0, nev = 0;
    for (size_t k = 0; k < nso; k++) {
        if (so[k].score >= md->outlet_threshold) {
            npass++;
        } else if (nmiss < VERIFY_NEAR_MISSES && so[k].score >= md->outlet_threshold / 2) {
            nmiss++;
        }
    }
    nev = npass + nmiss;
    cr->evidence = cc_calloc(nev ? nev : 1, sizeof(*cr->evidence));
    if (!cr->evidence) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nev; k++) {
        const struct entry *e = cc.found[so[k].cand];
        const struct cc_match_scored *sc = &mr.c[so[k].cand];
        struct cc_evidence *ev = &cr->evidence[k];
        cr->nevidence = k + 1;
        ev->item_id = e->rowid;
        ev->outlet = cc_strdup(v->outlets[e->outlet].name);
        ev->title = e->title ? cc_strdup(e->title) : NULL;
        ev->url = e->link ? cc_strdup(e->link) : NULL;
        if (!ev->outlet || (e->title && !ev->title) || (e->link && !ev->url)) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            goto out;
        }
        ev->published = e->published;
        ev->first_seen = e->first_seen;
        memcpy(ev->content_hash, e->content_hash, sizeof(ev->content_hash));
        ev->score = sc->score;
        ev->passes = k < npass;
        ev->direct = sc->direct >= md->outlet_threshold;
        ev->nfeatures = CC_MATCHER_NFEATURES;
        memcpy(ev->features, sc->f, sizeof(sc->f));
        if (ev->passes) {
            /* one evidence per outlet: no duplicate to skip */
            rc = strv_push(&cr->reporting_outlets, &cr->nreporting, ev->outlet);
            if (rc < 0) {
                rc = cc_error_set(err, rc, "verify", "out of memory");
                goto out;
            }
        }
    }
    cr->best = nev > 0 && cr->evidence[0].passes ? 0 : -1;

    /* independent sources among the passing evidence */
    size_t agreeing = 0, conflicting = 0;
    double cred = 0;
    size_t atext_len = SIZE_MAX; /* strlen(a->text.buf), counted when first needed */
    if (npass > 0) {
        si = cc_calloc(npass, sizeof(*si));
        sfp = cc_calloc(npass, sizeof(*sfp));
        g.group = cc_calloc(npass, sizeof(size_t));
        g.origin_item = cc_calloc(npass, sizeof(size_t));
        g.origin_outlet = cc_calloc(npass, sizeof(char *));
        g.reason = cc_calloc(npass, sizeof(char *));
        if (!si || !sfp || !g.group || !g.origin_item || !g.origin_outlet || !g.reason) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            goto out;
        }
        for (size_t k = 0; k < npass; k++) {
            struct entry *e = cc.found[so[k].cand];
            const struct outlet_slot *os = &v->outlets[e->outlet];
            if (!e->credit_done) {
                e->credit = cc_synd_wire_credit(v->reg, e->text, e->text_len);
                e->credit_done = true;
            }
            if (!e->fp) {
                rc = cc_synd_fingerprint_new(&e->fp, e->text, e->text_len, err);
                if (rc < 0) {
                    goto out;
                }
                /* the cache's byte budget counts the fingerprint too */
                size_t fpb = cc_synd_fingerprint_bytes(e->fp);
                e->bytes += fpb;
                v->cache_bytes += fpb;
            }
            sfp[k] = e->fp;
            si[k].outlet = os->name;
            si[k].outlet_is_wire = os->o && os->o->wire;
            si[k].text = e->text;
            si[k].len = e->text_len;
            si[k].first_seen = e->first_seen;
            si[k].published = e->published;
            si[k].credit = e->credit;
            si[k].group = os->o ? os->o->group : NULL;
        }
        rc = cc_synd_group_fp(&g, si, sfp, npass, err);
        if (rc < 0) {
            goto out;
        }
        cr->sources = cc_calloc(g.ngroups, sizeof(*cr->sources));
        if (!cr->sources) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            goto out;
        }
        cr->nsources = g.ngroups;
        corro_slots_n = 16;
        while (corro_slots_n < 2 * g.ngroups) {
            corro_slots_n *= 2;
        }
        corro_slots = cc_calloc(corro_slots_n, sizeof(*corro_slots));
        if (!corro_slots) {
            rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            goto out;
        }
        for (size_t s = 0; s < g.ngroups; s++) {
            struct cc_source *src = &cr->sources[s];
            src->outlet = cc_strdup(g.origin_outlet[s]);
            src->origin = g.origin_item[s];
            src->reason = g.reason[s];
            src->copies = cc_calloc(npass, sizeof(*src->copies));
            if (!src->outlet || !src->copies) {
                rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
                goto out;
            }
            /* an origin item's outlet is the group's outlet: its slot knows
             * the registry entry already */
            const struct cc_outlet *o = src->origin < npass
                                            ? v->outlets[cc.found[so[src->origin].cand]->outlet].o
                                        : v->reg ? cc_registry_find_name(v->reg, src->outlet)
                                                 : NULL;
            src->credibility = o ? o->credibility : CC_OUTLET_DEFAULT_CREDIBILITY;
            cred += src->credibility;
            int stance = 0;
            for (size_t k = 0; k < npass; k++) {
                if (g.group[k] != s) {
                    continue;
                }
                cr->evidence[k].source = s;
                if (k != src->origin) {
                    cr->evidence[k].copy = true;
                    src->copies[src->ncopies++] = k;
                }
                char why[160] = "";
                if (!cctx && c->feat.nnumbers > 0) {
                    cctx = cc_calloc(c->feat.nnumbers, sizeof(*cctx));
                    if (!cctx) {
                        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
                        goto out;
                    }
                }
                if (atext_len == SIZE_MAX) {
                    atext_len = strlen(a->text.buf);
                }
                int st = number_stance(v, &c->feat, a->text.buf, atext_len, cctx,
                                       cc.found[so[k].cand], date, why, sizeof(why));
                if (st < 0 && !cr->evidence[k].contradiction) {
                    cr->evidence[k].contradiction = cc_strdup(why);
                }
                stance = st > 0 || stance > 0 ? 1 : (st < 0 ? -1 : stance);
            }
            agreeing += stance > 0;
            conflicting += stance < 0;
            /* strv_add's "unless listed", through a hash of the names
             * listed so far (one claim has up to an outlet per source) */
            size_t mask = corro_slots_n - 1, h = name_hash(src->outlet) & mask;
            bool listed = false;
            while (corro_slots[h] && !listed) {
                listed = strcmp(cr->corroborating_outlets[corro_slots[h] - 1], src->outlet) == 0;
                h = listed ? h : (h + 1) & mask;
            }
            if (!listed) {
                rc = strv_push(&cr->corroborating_outlets, &cr->ncorroborating, src->outlet);
                if (rc < 0) {
                    rc = cc_error_set(err, rc, "verify", "out of memory");
                    goto out;
                }
                corro_slots[h] = cr->ncorroborating;
            }
        }
    }
    cr->n_outlets = cr->ncorroborating;

    rc = check_citations(v, cr, cl, c, a->text.buf, date, claim_day, err);
    if (rc < 0) {
        goto out;
    }
    struct cc_scoring_input in = {
        mr.claim_p,     cr->n_outlets, cr->n_outlets ? cred / (double)cr->n_outlets : 0.5,
        c->checkworthy, conflicting,   agreeing,
    };
    cr->verdict = (enum cc_verdict)cc_scoring_verdict(&in);
    cr->score = cc_scoring_score(&in);
    if (cr->verdict == CC_VERDICT_CONTRADICTED) {
        for (size_t k = 0; k < cr->nevidence; k++) {
            if (cr->evidence[k].contradiction) {
                char buf[300];
                snprintf(buf, sizeof(buf), "%s: %s", cr->evidence[k].outlet,
                         cr->evidence[k].contradiction);
                cr->contradiction = cc_strdup(buf);
                break;
            }
        }
    }
    (void)r;
out:
    cc_free(corro_slots);
    cc_free(ids);
    cc_free(cctx);
    cc_free(cc.found);
    cc_free(mc);
    cc_free(so);
    cc_free(si);
    cc_free(sfp);
    cc_free(g.group);
    cc_free(g.origin_item);
    cc_free(g.origin_outlet);
    cc_free(g.reason);
    cc_buf_release(&q);
    cc_match_result_release(&mr);
    cc_match_doc_release(&cd);
    return rc;
}

/* ---- one article
 * ----------------------------------------------------------------------------------- */

static int verify_loaded(struct cc_verify_result **out, struct cc_verify *v, struct cc_article *a,
                         struct cc_error *err)
{
    struct cc_claims *cl = NULL;
    struct cc_verify_result *r = cc_calloc(1, sizeof(*r));
    if (!r) {
        return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
    }
    int64_t t0 = 0;
    int rc = 0;
    r->article = cc_strdup(a->source);
    r->title = a->title ? cc_strdup(a->title) : NULL;
    r->model = cc_strdup(cc_matcher_model(v->m)->id);
    if (!r->article || (a->title && !r->title) || !r->model) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    if (v->reg) {
        rc = cc_article_find_outlet(a, v->reg, err);
        if (rc < 0) {
            goto out;
        }
    }
    r->article_outlet = a->outlet ? cc_strdup(a->outlet) : NULL;
    rc = cc_claims_analyse(&cl, a, v->reg, err);
    if (rc < 0) {
        goto out;
    }
    int64_t date = a->date;
    const char *dsrc = a->date_source ? a->date_source : "article";
    if (date == CC_TIME_NONE) {
        date = v->opts.now;
        dsrc = "run time";
        rc = warn(r, "the article states no date: the window is centred on the time of the run");
        if (rc < 0) {
            rc = cc_error_set(err, rc, "verify", "out of memory");
            goto out;
        }
    }
    r->date = date;
    r->date_source = cc_strdup(dsrc);
    if (!r->date_source) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    int64_t day0 = date - ((date % 86400) + 86400) % 86400;
    int64_t wd = (int64_t)v->opts.window_days * 86400;
    r->window_days = v->opts.window_days;
    r->window_from = day0 - wd;
    r->window_to = day0 + wd + 86399;
    r->max_candidates = v->opts.max_candidates;
    r->threshold = cc_matcher_model(v->m)->outlet_threshold;
    (void)t0;

    /* the window's items: the background statistics (IDF) and, when it is
     * small, the candidates; between articles only the cache is trimmed
     * (entries are borrowed while an article is verified) */
    rc = cache_trim(v);
    if (rc < 0) {
        rc = cc_error_set(err, rc, "verify", "out of memory");
        goto out;
    }
    v->seq++;
    struct window *aw = NULL;
    rc = window_use(&aw, v, r->window_from, r->window_to, err);
    if (rc < 0) {
        goto out;
    }

    r->nsentences = cl->n;
    r->claims = cc_calloc(cl->n ? cl->n : 1, sizeof(*r->claims));
    if (!r->claims) {
        rc = cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < cl->n; i++) {
        const struct cc_claim *c = &cl->v[i];
        if (c->kind != CC_CLAIM_KIND_CLAIM && c->kind != CC_CLAIM_KIND_NOT_CHECKABLE) {
            continue;
        }
        struct cc_claim_result *cr = &r->claims[r->nclaims++];
        cr->index = c->claim_index;
        cr->sentence = i + 1;
        cr->checkworthy = c->checkworthy;
        cr->checkworthiness = c->score;
        cr->best = -1;
        rc = verify_claim(v, r, cr, cl, c, a, date, day0, aw, err);
        if (rc < 0) {
            goto out;
        }
    }
out:
    cc_claims_free(cl);
    if (rc < 0) {
        cc_verify_result_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int cc_verify_article(struct cc_verify_result **out, struct cc_verify *v, const char *article,
                      struct cc_error *err)
{
    *out = NULL;
    struct cc_article_options ao;
    cc_article_options_init(&ao);
    ao.date = v->opts.date;
    struct cc_article *a = NULL;
    int rc = cc_article_load(&a, article, &ao, err);
    if (rc == 0) {
        rc = verify_loaded(out, v, a, err);
    }
    cc_article_free(a);
    if (rc < 0) {
        cc_error_subject(err, article);
    }
    return rc;
}

int cc_verify_text(struct cc_verify_result **out, struct cc_verify *v, const char *name,
                   const char *text, size_t len, bool is_html, struct cc_error *err)
{
    *out = NULL;
    struct cc_article_options ao;
    cc_article_options_init(&ao);
    ao.date = v->opts.date;
    ao.format = is_html ? CC_ARTICLE_HTML : CC_ARTICLE_DETECT;
    struct cc_article *a = NULL;
    int rc = cc_article_parse(&a, text, len, name, &ao, err);
    if (rc == 0) {
        rc = verify_loaded(out, v, a, err);
    }
    cc_article_free(a);
    if (rc < 0) {
        cc_error_subject(err, name);
    }
    return rc;
}
