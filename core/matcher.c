/*
 * matcher.c: lexicon, background IDF, match documents, pair features, the
 * three logistic models (pair, story expansion, claim) and matching one claim
 * against its candidates (see matcher.h).
 *
 * The design and every feature come from the prototype in bench/proto/
 * (explore.py); the weights and thresholds come from data/model.json, fitted
 * by bench/fit_model.py on features this code dumps (docs/BENCHMARKS.md,
 * "quality"). Nothing here is tuned by hand.
 */
#include "core/common.h"

#include <jansson.h>
#include <math.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/isort.h"
#include "core/matcher.h"

#include "core/banned.h"

extern const unsigned char cc_model_builtin_json[];
extern const size_t cc_model_builtin_json_len;

static const char *const pair_names[CC_PF_COUNT] = {
    "cov_claim",    "cov_item",   "cosine",        "rare",  "bigram", "names", "num_agree",
    "num_conflict", "date_agree", "date_conflict", "quote", "title",  "days",  "shared_frac",
};
static const char *const exp_names[CC_XF_COUNT] = {"pair_logit", "exp_max", "exp_sum", "seeds"};
static const char *const claim_names[CC_CF_COUNT] = {
    "direct1",  "direct2",   "direct3",   "log_n",    "best",       "union_cov",
    "best_cov", "coherence", "terms",     "idf_mass", "candidates", "direct_n",
    "sum",      "best_days", "mean_days", "all_cov",  "miss_idf",   "miss_share",
};

const char *cc_matcher_feature_name(size_t i)
{
    if (i < CC_PF_COUNT) {
        return pair_names[i];
    }
    if (i < CC_MATCHER_NFEATURES) {
        return exp_names[i - CC_PF_COUNT];
    }
    return "?";
}

const char *cc_matcher_claim_feature_name(size_t i)
{
    return i < CC_CF_COUNT ? claim_names[i] : "?";
}

/* ---- model ------------------------------------------------------------------------------- */

static int read_lr(double *w, double *b, size_t n, const char *const *names, json_t *root,
                   const char *key, const char *subject, struct cc_error *err)
{
    json_t *o = json_object_get(root, key);
    json_t *feats = o ? json_object_get(o, "features") : NULL;
    json_t *ws = o ? json_object_get(o, "weights") : NULL;
    json_t *bias = o ? json_object_get(o, "bias") : NULL;
    if (!json_is_array(feats) || !json_is_array(ws) || !json_is_number(bias) ||
        json_array_size(feats) != n || json_array_size(ws) != n) {
        return cc_error_set(err, CC_EPARSE, subject,
                            "'%s' needs features, weights (%zu each) and bias", key, n);
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = json_string_value(json_array_get(feats, i));
        json_t *x = json_array_get(ws, i);
        if (!name || strcmp(name, names[i]) != 0 || !json_is_number(x)) {
            return cc_error_set(err, CC_EPARSE, subject, "'%s' feature %zu must be '%s'", key, i,
                                names[i]);
        }
        w[i] = json_number_value(x);
    }
    *b = json_number_value(bias);
    return 0;
}

static int read_num(double *out, json_t *root, const char *key, double lo, double hi,
                    const char *subject, struct cc_error *err)
{
    json_t *x = json_object_get(root, key);
    if (!json_is_number(x) || json_number_value(x) < lo || json_number_value(x) > hi) {
        return cc_error_set(err, CC_EPARSE, subject, "'%s' must be a number in [%g, %g]", key, lo,
                            hi);
    }
    *out = json_number_value(x);
    return 0;
}

int cc_model_parse(struct cc_model *out, const char *json, size_t len, const char *subject,
                   struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        return cc_error_set_at(err, CC_EPARSE, subject, je.line, je.column, "%s", je.text);
    }
    int rc = 0;
    const char *id = json_string_value(json_object_get(root, "model"));
    if (!id) {
        rc = cc_error_set(err, CC_EPARSE, subject, "'model' (an id string) is missing");
        goto out;
    }
    snprintf(out->id, sizeof(out->id), "%s", id);
    json_t *params = json_object_get(root, "parameters");
    if (!json_is_object(params)) {
        rc = cc_error_set(err, CC_EPARSE, subject, "'parameters' is missing");
        goto out;
    }
    double seeds = 0, sample = 0;
    if ((rc = read_lr(out->pair_w, &out->pair_b, CC_PF_COUNT, pair_names, root, "pair", subject,
                      err)) < 0 ||
        (rc = read_lr(out->exp_w, &out->exp_b, CC_XF_COUNT, exp_names, root, "expansion", subject,
                      err)) < 0 ||
        (rc = read_lr(out->claim_w, &out->claim_b, CC_CF_COUNT, claim_names, root, "claim", subject,
                      err)) < 0 ||
        (rc = read_num(&out->outlet_threshold, params, "outlet_threshold", 0, 1, subject, err)) <
            0 ||
        (rc = read_num(&out->seed_threshold, params, "seed_threshold", 0, 1, subject, err)) < 0 ||
        (rc = read_num(&seeds, params, "max_seeds", 0, 64, subject, err)) < 0 ||
        (rc = read_num(&out->min_similarity, params, "min_similarity", 0, 1, subject, err)) < 0 ||
        (rc = read_num(&out->max_days, params, "max_days", 0, 3650, subject, err)) < 0 ||
        (rc = read_num(&sample, params, "idf_sample", 1, 1e6, subject, err)) < 0) {
        goto out;
    }
    out->max_seeds = (size_t)seeds;
    out->fit_window_days = 1;
    json_t *fw = json_object_get(params, "fit_window_days");
    if (fw && (rc = read_num(&out->fit_window_days, params, "fit_window_days", 0, 3650, subject,
                             err)) < 0) {
        goto out;
    }
    out->idf_sample = (size_t)sample;
out:
    json_decref(root);
    return rc;
}

int cc_model_builtin(struct cc_model *out, struct cc_error *err)
{
    return cc_model_parse(out, (const char *)cc_model_builtin_json, cc_model_builtin_json_len,
                          "data/model.json (built in)", err);
}

/* ---- lexicon --------------------------------------------------------------------------------- */

struct cc_matcher {
    struct cc_model model;
    struct cc_buf strings; /* term strings, NUL-terminated */
    size_t *offs;          /* id -> offset in strings; id 0 unused */
    uint32_t *lens;        /* id -> string length */
    double *idf;           /* id -> IDF, valid when idf_gen[id] == gen */
    uint32_t *idf_gen;
    uint32_t gen; /* bumped whenever the background changes */
    uint32_t *df; /* id -> background document frequency */
    size_t nids;  /* ids in use, including 0 */
    size_t ids_alloc;
    uint32_t *slots; /* open addressing: id or 0 */
    size_t nslots;   /* power of two */
    size_t bg_docs;  /* N */
    double ltf[256]; /* 1 + ln(tf) for tf < 256 (log_tf), computed once */
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

int cc_matcher_new(struct cc_matcher **out, const struct cc_model *model, struct cc_error *err)
{
    *out = NULL;
    struct cc_matcher *m = cc_calloc(1, sizeof(*m));
    if (!m) {
        return cc_error_set(err, CC_ENOMEM, "matcher", "out of memory");
    }
    m->model = *model;
    cc_buf_init(&m->strings, 0);
    m->nslots = 1024;
    m->slots = cc_calloc(m->nslots, sizeof(*m->slots));
    m->ids_alloc = 512;
    m->offs = cc_calloc(m->ids_alloc, sizeof(*m->offs));
    m->df = cc_calloc(m->ids_alloc, sizeof(*m->df));
    m->lens = cc_calloc(m->ids_alloc, sizeof(*m->lens));
    m->idf = cc_calloc(m->ids_alloc, sizeof(*m->idf));
    m->idf_gen = cc_calloc(m->ids_alloc, sizeof(*m->idf_gen));
    m->gen = 1;
    for (size_t tf = 0; tf < CC_ARRAY_LEN(m->ltf); tf++) {
        m->ltf[tf] = tf == 1 ? 1.0 : 1.0 + log((double)tf);
    }
    if (!m->slots || !m->offs || !m->df || !m->lens || !m->idf || !m->idf_gen) {
        cc_matcher_free(m);
        return cc_error_set(err, CC_ENOMEM, "matcher", "out of memory");
    }
    m->nids = 1;
    *out = m;
    return 0;
}

void cc_matcher_free(struct cc_matcher *m)
{
    if (!m) {
        return;
    }
    cc_buf_release(&m->strings);
    cc_free(m->offs);
    cc_free(m->df);
    cc_free(m->lens);
    cc_free(m->idf);
    cc_free(m->idf_gen);
    cc_free(m->slots);
    cc_free(m);
}

const struct cc_model *cc_matcher_model(const struct cc_matcher *m)
{
    return &m->model;
}

const char *cc_matcher_term(const struct cc_matcher *m, uint32_t id)
{
    return id > 0 && id < m->nids ? m->strings.buf + m->offs[id] : "";
}

static int rehash(struct cc_matcher *m)
{
    size_t n = m->nslots * 2;
    uint32_t *slots = cc_calloc(n, sizeof(*slots));
    if (!slots) {
        return CC_ENOMEM;
    }
    for (uint32_t id = 1; id < m->nids; id++) {
        const char *s = m->strings.buf + m->offs[id];
        size_t h = (size_t)hash_bytes(s, m->lens[id]) & (n - 1);
        while (slots[h]) {
            h = (h + 1) & (n - 1);
        }
        slots[h] = id;
    }
    cc_free(m->slots);
    m->slots = slots;
    m->nslots = n;
    return 0;
}

static int intern(uint32_t *out, struct cc_matcher *m, const char *s, size_t len)
{
    size_t h = (size_t)hash_bytes(s, len) & (m->nslots - 1);
    while (m->slots[h]) {
        uint32_t id = m->slots[h];
        if (m->lens[id] == len && memcmp(m->strings.buf + m->offs[id], s, len) == 0) {
            *out = id;
            return 0;
        }
        h = (h + 1) & (m->nslots - 1);
    }
    if (m->nids >= UINT32_MAX - 1) {
        return CC_ENOMEM;
    }
    if (m->nids == m->ids_alloc) {
        size_t na = m->ids_alloc * 2;
        size_t *offs = cc_realloc(m->offs, na * sizeof(*offs));
        if (!offs) {
            return CC_ENOMEM;
        }
        m->offs = offs;
        uint32_t *df = cc_realloc(m->df, na * sizeof(*df));
        if (!df) {
            return CC_ENOMEM;
        }
        memset(df + m->ids_alloc, 0, (na - m->ids_alloc) * sizeof(*df));
        m->df = df;
        uint32_t *lens = cc_realloc(m->lens, na * sizeof(*lens));
        if (!lens) {
            return CC_ENOMEM;
        }
        m->lens = lens;
        double *idf = cc_realloc(m->idf, na * sizeof(*idf));
        if (!idf) {
            return CC_ENOMEM;
        }
        m->idf = idf;
        uint32_t *gen = cc_realloc(m->idf_gen, na * sizeof(*gen));
        if (!gen) {
            return CC_ENOMEM;
        }
        memset(gen + m->ids_alloc, 0, (na - m->ids_alloc) * sizeof(*gen));
        m->idf_gen = gen;
        m->ids_alloc = na;
    }
    size_t off = m->strings.len;
    int rc = cc_buf_add(&m->strings, s, len);
    if (rc == 0) {
        rc = cc_buf_addch(&m->strings, '\0');
    }
    if (rc < 0) {
        return rc;
    }
    uint32_t id = (uint32_t)m->nids++;
    m->offs[id] = off;
    m->lens[id] = (uint32_t)len;
    m->df[id] = 0;
    m->idf_gen[id] = 0;
    m->slots[h] = id;
    *out = id;
    if (m->nids * 2 > m->nslots) {
        return rehash(m);
    }
    return 0;
}

/* ---- documents ----------------------------------------------------------------------------------
 */

void cc_match_doc_release(struct cc_match_doc *d)
{
    if (!d) {
        return;
    }
    cc_free(d->ids);
    cc_free(d->tf);
    cc_free(d->flags);
    cc_free(d->seq);
    cc_free(d->quotes);
    cc_free(d->title_ids);
    cc_free(d->bigrams);
    struct cc_match_doc init = CC_MATCH_DOC_INIT;
    *d = init;
}

static size_t sort_unique_u32(uint32_t *v, size_t n)
{
    if (n == 0) {
        return 0;
    }
    cc_sort_u32(v, n);
    size_t k = 1;
    for (size_t i = 1; i < n; i++) {
        if (v[i] != v[k - 1]) {
            v[k++] = v[i];
        }
    }
    return k;
}

int cc_matcher_doc(struct cc_match_doc *out, struct cc_matcher *m, const struct cc_text *t,
                   size_t title_end, int64_t time, struct cc_error *err)
{
    cc_match_doc_release(out);
    out->time = time;
    size_t n = t->n;
    size_t nq = 0;
    for (size_t i = 0; i < n; i++) {
        nq += t->terms[i].quote ? 2 : 0;
    }
    uint32_t *sorted = NULL;
    int rc = CC_ENOMEM;
    size_t cap = n ? n : 1;
    out->seq = cc_malloc(cap * sizeof(*out->seq));
    sorted = cc_malloc(cap * sizeof(*sorted));
    out->ids = cc_malloc(cap * sizeof(*out->ids));
    out->tf = cc_malloc(cap * sizeof(*out->tf));
    out->flags = cc_calloc(cap, sizeof(*out->flags));
    out->title_ids = cc_malloc(cap * sizeof(*out->title_ids));
    out->bigrams = cc_malloc(cap * sizeof(*out->bigrams));
    out->quotes = nq ? cc_malloc((nq + 1) * sizeof(*out->quotes)) : NULL;
    if (!out->seq || !sorted || !out->ids || !out->tf || !out->flags || !out->title_ids ||
        !out->bigrams || (nq && !out->quotes)) {
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const struct cc_term *x = &t->terms[i];
        rc = intern(&out->seq[i], m, cc_text_term(t, i), x->len);
        if (rc < 0) {
            goto fail;
        }
        if (x->start < title_end) {
            out->ntitle = i + 1;
        }
        if ((x->flags & CC_TERM_DATE) && x->day != CC_TIME_NONE && out->nanchors < 7) {
            out->anchors[out->nanchors++] = x->day;
        }
    }
    out->nseq = n;
    memcpy(sorted, out->seq, n * sizeof(*sorted));
    cc_sort_u32(sorted, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && out->ids[k - 1] == sorted[i]) {
            if (out->tf[k - 1] < UINT16_MAX) {
                out->tf[k - 1]++;
            }
            continue;
        }
        out->ids[k] = sorted[i];
        out->tf[k] = 1;
        k++;
    }
    out->n = k;
    for (size_t i = 0; i < n; i++) {
        const struct cc_term *x = &t->terms[i];
        uint8_t fl = (uint8_t)(((x->flags & CC_TERM_NAME) ? CC_DT_NAME : 0) |
                               ((x->flags & CC_TERM_NUMBER) ? CC_DT_NUMBER : 0) |
                               ((x->flags & CC_TERM_DATE) ? CC_DT_DATE : 0));
        if (!fl) {
            continue;
        }
        size_t lo = 0, hi = k;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (out->ids[mid] < out->seq[i]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        out->flags[lo] |= fl;
    }
    memcpy(out->title_ids, out->seq, out->ntitle * sizeof(*out->title_ids));
    out->ntitle_ids = sort_unique_u32(out->title_ids, out->ntitle);
    size_t nb = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        out->bigrams[nb++] = ((uint64_t)out->seq[i] << 32) | out->seq[i + 1];
    }
    if (nb) {
        cc_sort_u64(out->bigrams, nb);
        size_t u = 1;
        for (size_t i = 1; i < nb; i++) {
            if (out->bigrams[i] != out->bigrams[u - 1]) {
                out->bigrams[u++] = out->bigrams[i];
            }
        }
        nb = u;
    }
    out->nbigrams = nb;
    /* quoted phrases: ids of each phrase, 0-terminated */
    size_t qn = 0;
    for (unsigned q = 1; q <= t->nquotes && nq; q++) {
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            if (t->terms[i].quote == q && qn < nq) {
                out->quotes[qn++] = out->seq[i];
                any = true;
            }
        }
        if (any) {
            out->quotes[qn++] = 0;
        }
    }
    out->nquotes_len = qn;
    cc_free(sorted);
    return 0;
fail:
    cc_free(sorted);
    cc_match_doc_release(out);
    return cc_error_set(err, rc < 0 ? rc : CC_ENOMEM, "matcher", "out of memory");
}

static void bump_gen(struct cc_matcher *m)
{
    if (++m->gen == 0) {
        memset(m->idf_gen, 0, m->ids_alloc * sizeof(*m->idf_gen));
        m->gen = 1;
    }
}

void cc_matcher_background_reset(struct cc_matcher *m)
{
    memset(m->df, 0, m->nids * sizeof(*m->df));
    m->bg_docs = 0;
    bump_gen(m);
}

int cc_matcher_background_add(struct cc_matcher *m, const struct cc_match_doc *d,
                              struct cc_error *err)
{
    (void)err;
    for (size_t i = 0; i < d->n; i++) {
        if (d->ids[i] < m->nids && m->df[d->ids[i]] < UINT32_MAX) {
            m->df[d->ids[i]]++;
        }
    }
    m->bg_docs++;
    bump_gen(m);
    return 0;
}

double cc_matcher_idf(const struct cc_matcher *m, uint32_t id)
{
    if (id >= m->nids) {
        return log(((double)m->bg_docs + 1.0) / 0.5);
    }
    /* memoised per background: the arrays are scratch owned by the matcher */
    if (m->idf_gen[id] == m->gen) {
        return m->idf[id];
    }
    double v = log(((double)m->bg_docs + 1.0) / ((double)m->df[id] + 0.5));
    m->idf[id] = v;
    m->idf_gen[id] = m->gen;
    return v;
}

/* Days since 1970-01-01 of a UTC time (floor, also before 1970). */
static int64_t cc_day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* 1 + ln(tf): most terms occur once; small counts from the matcher's table
 * (the same values, without a log per term of every pair) */
static double log_tf(const struct cc_matcher *m, uint16_t tf)
{
    if (tf < CC_ARRAY_LEN(m->ltf)) {
        return m->ltf[tf];
    }
    return 1.0 + log((double)tf);
}

/* ---- features
 * ------------------------------------------------------------------------------------- */

static double doc_norm(const struct cc_matcher *m, const struct cc_match_doc *d)
{
    double s = 0;
    for (size_t i = 0; i < d->n; i++) {
        double w = log_tf(m, d->tf[i]) * cc_matcher_idf(m, d->ids[i]);
        s += w * w;
    }
    return sqrt(s);
}

double cc_matcher_doc_norm(const struct cc_matcher *m, const struct cc_match_doc *d)
{
    return doc_norm(m, d);
}

double cc_matcher_cosine_normed(const struct cc_matcher *m, const struct cc_match_doc *a, double na,
                                const struct cc_match_doc *b, double nb)
{
    if (na <= 0 || nb <= 0) {
        return 0;
    }
    double dot = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] < b->ids[j]) {
            i++;
        } else if (a->ids[i] > b->ids[j]) {
            j++;
        } else {
            double idf = cc_matcher_idf(m, a->ids[i]);
            dot += log_tf(m, a->tf[i]) * log_tf(m, b->tf[j]) * idf * idf;
            i++;
            j++;
        }
    }
    return dot > 0 ? dot / (na * nb) : 0;
}

double cc_matcher_cosine(const struct cc_matcher *m, const struct cc_match_doc *a,
                         const struct cc_match_doc *b)
{
    double dot = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] < b->ids[j]) {
            i++;
        } else if (a->ids[i] > b->ids[j]) {
            j++;
        } else {
            double idf = cc_matcher_idf(m, a->ids[i]);
            dot += log_tf(m, a->tf[i]) * log_tf(m, b->tf[j]) * idf * idf;
            i++;
            j++;
        }
    }
    if (dot <= 0) {
        return 0;
    }
    double na = doc_norm(m, a), nb = doc_norm(m, b);
    return na > 0 && nb > 0 ? dot / (na * nb) : 0;
}

void cc_matcher_pair_features(double *f, const struct cc_matcher *m, const struct cc_match_doc *c,
                              const struct cc_match_doc *d)
{
    const struct cc_model *md = &m->model;
    memset(f, 0, CC_PF_COUNT * sizeof(*f));
    double sc = 0, sd = 0, sh = 0, dot = 0, nc2 = 0, nd2 = 0, max_c = 0, max_sh = 0, st = 0;
    size_t shared = 0, names_c = 0, names_sh = 0;
    size_t nums_c = 0, nums_sh = 0, dates_c = 0, dates_sh = 0;
    size_t i = 0, j = 0;
    while (i < c->n || j < d->n) {
        if (j >= d->n || (i < c->n && c->ids[i] < d->ids[j])) {
            double idf = cc_matcher_idf(m, c->ids[i]);
            double w = log_tf(m, c->tf[i]) * idf;
            sc += idf;
            nc2 += w * w;
            max_c = CC_MAX(max_c, idf);
            names_c += (c->flags[i] & CC_DT_NAME) != 0;
            nums_c += (c->flags[i] & CC_DT_NUMBER) != 0;
            dates_c += (c->flags[i] & CC_DT_DATE) != 0;
            i++;
        } else if (i >= c->n || d->ids[j] < c->ids[i]) {
            double idf = cc_matcher_idf(m, d->ids[j]);
            double w = log_tf(m, d->tf[j]) * idf;
            sd += idf;
            nd2 += w * w;
            j++;
        } else {
            double idf = cc_matcher_idf(m, c->ids[i]);
            double wc = log_tf(m, c->tf[i]) * idf;
            double wd = log_tf(m, d->tf[j]) * idf;
            sc += idf;
            sd += idf;
            sh += idf;
            nc2 += wc * wc;
            nd2 += wd * wd;
            dot += wc * wd;
            max_c = CC_MAX(max_c, idf);
            max_sh = CC_MAX(max_sh, idf);
            shared++;
            names_c += (c->flags[i] & CC_DT_NAME) != 0;
            names_sh += (c->flags[i] & CC_DT_NAME) != 0;
            nums_c += (c->flags[i] & CC_DT_NUMBER) != 0;
            nums_sh += (c->flags[i] & CC_DT_NUMBER) != 0;
            dates_c += (c->flags[i] & CC_DT_DATE) != 0;
            dates_sh += (c->flags[i] & CC_DT_DATE) != 0;
            if (cc_has_u32(d->title_ids, d->ntitle_ids, c->ids[i])) {
                st += idf;
            }
            i++;
            j++;
        }
    }
    size_t nums_d = 0, dates_d = 0;
    for (size_t k = 0; k < d->n; k++) {
        nums_d += (d->flags[k] & CC_DT_NUMBER) != 0;
        dates_d += (d->flags[k] & CC_DT_DATE) != 0;
    }
    f[CC_PF_COV_CLAIM] = sc > 0 ? sh / sc : 0;
    f[CC_PF_COV_ITEM] = sd > 0 ? sh / sd : 0;
    f[CC_PF_COSINE] = nc2 > 0 && nd2 > 0 ? dot / sqrt(nc2 * nd2) : 0;
    f[CC_PF_RARE] = max_c > 0 ? max_sh / max_c : 0;
    size_t cb = 0, hit = 0;
    for (size_t k = 0; k + 1 < c->nseq; k++) {
        uint64_t key = ((uint64_t)c->seq[k] << 32) | c->seq[k + 1];
        cb++;
        hit += cc_has_u64(d->bigrams, d->nbigrams, key);
    }
    f[CC_PF_BIGRAM] = cb ? (double)hit / (double)cb : 0;
    f[CC_PF_NAMES] = names_c ? (double)names_sh / (double)names_c : 0;
    f[CC_PF_NUM_AGREE] = (double)CC_MIN(nums_sh, (size_t)2);
    f[CC_PF_NUM_CONFLICT] = (nums_c && nums_d && !nums_sh) ? 1.0 : 0.0;
    f[CC_PF_DATE_AGREE] = dates_sh ? 1.0 : 0.0;
    f[CC_PF_DATE_CONFLICT] = (dates_c && dates_d && !dates_sh) ? 1.0 : 0.0;
    double q = 0;
    size_t k = 0;
    while (k < c->nquotes_len) {
        size_t tot = 0, found = 0;
        while (k < c->nquotes_len && c->quotes[k] != 0) {
            tot++;
            found += cc_has_u32(d->ids, d->n, c->quotes[k]);
            k++;
        }
        k++;
        if (tot) {
            q = CC_MAX(q, (double)found / (double)tot);
        }
    }
    f[CC_PF_QUOTE] = q;
    f[CC_PF_TITLE] = sc > 0 ? st / sc : 0;
    /* whole UTC days between the item's day and the nearest anchor day: the
     * prototype (bench/proto, --dday) ranks better with calendar days than
     * with hours since the article */
    double days = md->max_days;
    if (d->time != CC_TIME_NONE) {
        int64_t iday = cc_day_of(d->time);
        for (size_t a = 0; a < c->nanchors; a++) {
            int64_t dd = iday - cc_day_of(c->anchors[a]);
            double scale = c->day_scale > 0 ? c->day_scale : 1.0;
            days = CC_MIN(days, (double)(dd < 0 ? -dd : dd) * scale);
        }
    }
    f[CC_PF_DAYS] = days;
    f[CC_PF_SHARED] = c->n ? (double)shared / (double)c->n : 0;
}

static double logistic(const double *w, double b, const double *x, size_t n)
{
    double z = b;
    for (size_t i = 0; i < n; i++) {
        z += w[i] * x[i];
    }
    if (z > 30) {
        z = 30;
    } else if (z < -30) {
        z = -30;
    }
    return 1.0 / (1.0 + exp(-z));
}

double cc_matcher_pair_score(const struct cc_matcher *m, const double *f)
{
    return logistic(m->model.pair_w, m->model.pair_b, f, CC_PF_COUNT);
}

/* ---- matching
 * ----------------------------------------------------------------------------------------- */

void cc_match_result_release(struct cc_match_result *r)
{
    if (!r) {
        return;
    }
    cc_free(r->c);
    struct cc_match_result init = CC_MATCH_RESULT_INIT;
    *r = init;
}

struct ranked {
    size_t idx;
    double v;
};

static int cmp_ranked_desc(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->v != y->v) {
        return x->v < y->v ? 1 : -1;
    }
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The best candidate per outlet by key (direct or final score), descending. */
static size_t best_per_outlet(struct ranked *out, const struct cc_match_candidate *cands,
                              const struct cc_match_scored *sc, size_t n, bool direct)
{
    size_t k = 0;
    struct ranked *tmp = out;
    for (size_t i = 0; i < n; i++) {
        tmp[k].idx = i;
        tmp[k].v = direct ? sc[i].direct : sc[i].score;
        k++;
    }
    cc_sort(tmp, k, sizeof(*tmp), cmp_ranked_desc);
    /* keep the first of each outlet (stable in score order) */
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        bool seen = false;
        for (size_t j = 0; j < u; j++) {
            if (cands[tmp[j].idx].outlet == cands[tmp[i].idx].outlet) {
                seen = true;
                break;
            }
        }
        if (!seen) {
            tmp[u++] = tmp[i];
        }
    }
    return u;
}

/* The seeds' terms, so the expansion cosines look each candidate term up
 * once instead of merging the candidate with every seed: term id -> the
 * seeds holding it (bit r: the r-th seed) and their 1 + ln(tf). */
struct seed_terms {
    uint32_t *ids; /* open addressing on the term id; 0: empty (ids start at 1) */
    uint64_t *mask;
    double *ltf; /* [slot * nseeds + r] */
    size_t slots_mask;
    size_t nseeds;
};

static void seed_terms_release(struct seed_terms *t)
{
    cc_free(t->ids);
    cc_free(t->mask);
    cc_free(t->ltf);
}

static size_t seed_slot(const struct seed_terms *t, uint32_t id)
{
    size_t h = ((size_t)id * 0x9E3779B1u) & t->slots_mask;
    while (t->ids[h] && t->ids[h] != id) {
        h = (h + 1) & t->slots_mask;
    }
    return h;
}

static int seed_terms_make(struct seed_terms *t, const struct cc_matcher *m,
                           const struct cc_match_candidate *cands, const struct ranked *rk,
                           size_t nseeds)
{
    memset(t, 0, sizeof(*t));
    size_t total = 0;
    for (size_t r = 0; r < nseeds; r++) {
        total += cands[rk[r].idx].doc->n;
    }
    size_t cap = 16;
    while (cap < 2 * total) {
        cap *= 2;
    }
    t->ids = cc_calloc(cap, sizeof(*t->ids));
    t->mask = cc_calloc(cap, sizeof(*t->mask));
    t->ltf = cc_malloc(cap * (nseeds ? nseeds : 1) * sizeof(*t->ltf));
    if (!t->ids || !t->mask || !t->ltf || nseeds > 64) {
        return CC_ENOMEM;
    }
    t->slots_mask = cap - 1;
    t->nseeds = nseeds;
    for (size_t r = 0; r < nseeds; r++) {
        const struct cc_match_doc *d = cands[rk[r].idx].doc;
        for (size_t i = 0; i < d->n; i++) {
            size_t h = seed_slot(t, d->ids[i]);
            t->ids[h] = d->ids[i];
            t->mask[h] |= 1ull << r;
            t->ltf[h * nseeds + r] = log_tf(m, d->tf[i]);
        }
    }
    return 0;
}

/* dot[r] = the dot product of the r-th seed's and d's log-tf * IDF
 * vectors, summed as cc_matcher_cosine_normed does (shared terms in id
 * order, each (seed log-tf * d log-tf) * idf * idf). */
static void seed_terms_dots(double *dot, const struct seed_terms *t, const struct cc_matcher *m,
                            const struct cc_match_doc *d)
{
    for (size_t r = 0; r < t->nseeds; r++) {
        dot[r] = 0;
    }
    if (t->nseeds == 0) {
        return;
    }
    for (size_t j = 0; j < d->n; j++) {
        size_t h = seed_slot(t, d->ids[j]);
        uint64_t bits = t->mask[h];
        if (!bits) {
            continue;
        }
        double idf = cc_matcher_idf(m, d->ids[j]);
        double lb = log_tf(m, d->tf[j]);
        for (size_t r = 0; r < t->nseeds; r++) {
            if (bits & (1ull << r)) {
                dot[r] += t->ltf[h * t->nseeds + r] * lb * idf * idf;
            }
        }
    }
}

int cc_matcher_match(struct cc_match_result *out, const struct cc_matcher *m,
                     const struct cc_match_doc *claim, const struct cc_match_candidate *cands,
                     size_t n, struct cc_error *err)
{
    const struct cc_model *md = &m->model;
    out->n = 0;
    out->nseeds = 0;
    out->npassing = 0;
    out->claim_p = 0;
    memset(out->claim_f, 0, sizeof(out->claim_f));
    struct ranked *rk = NULL;
    if (n > out->alloc) {
        int rc = cc_array_grow((void **)&out->c, &out->alloc, n, sizeof(*out->c));
        if (rc < 0) {
            return cc_error_set(err, rc, "matcher", "out of memory");
        }
    }
    rk = cc_malloc((n ? n : 1) * sizeof(*rk));
    double *norms = cc_malloc((n ? n : 1) * sizeof(*norms));
    if (!rk || !norms) {
        cc_free(rk);
        cc_free(norms);
        return cc_error_set(err, CC_ENOMEM, "matcher", "out of memory");
    }
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        struct cc_match_scored *s = &out->c[i];
        memset(s, 0, sizeof(*s));
        cc_matcher_pair_features(s->f, m, claim, cands[i].doc);
        s->direct = cc_matcher_pair_score(m, s->f);
        norms[i] = doc_norm(m, cands[i].doc);
    }
    /* seeds: the strongest direct matches */
    for (size_t i = 0; i < n; i++) {
        rk[i].idx = i;
        rk[i].v = out->c[i].direct;
    }
    cc_sort(rk, n, sizeof(*rk), cmp_ranked_desc);
    size_t nseeds = 0;
    for (size_t i = 0; i < n && nseeds < md->max_seeds; i++) {
        if (rk[i].v < md->seed_threshold) {
            break;
        }
        out->c[rk[i].idx].seed = true;
        nseeds++;
    }
    out->nseeds = nseeds;
    double lseeds = log(1.0 + (double)nseeds);
    struct seed_terms stt;
    if (seed_terms_make(&stt, m, cands, rk, nseeds) < 0) {
        seed_terms_release(&stt);
        cc_free(rk);
        cc_free(norms);
        return cc_error_set(err, CC_ENOMEM, "matcher", "out of memory");
    }
    double dot[64];
    for (size_t j = 0; j < n; j++) {
        struct cc_match_scored *s = &out->c[j];
        double emax = 0, esum = 0;
        seed_terms_dots(dot, &stt, m, cands[j].doc);
        for (size_t r = 0; r < nseeds; r++) {
            size_t si = rk[r].idx;
            double ps = out->c[si].direct;
            if (si == j) {
                emax = CC_MAX(emax, ps); /* a seed supports itself */
                continue;
            }
            /* cc_matcher_cosine_normed(seed, candidate), its dot product
             * from the seed table */
            double na = norms[si], nb = norms[j];
            double cs = na <= 0 || nb <= 0 ? 0 : (dot[r] > 0 ? dot[r] / (na * nb) : 0);
            if (cs < md->min_similarity) {
                continue;
            }
            emax = CC_MAX(emax, ps * cs);
            esum += ps * cs;
        }
        double p = CC_MIN(CC_MAX(s->direct, 1e-4), 1 - 1e-4);
        double *x = s->f + CC_PF_COUNT;
        x[CC_XF_PAIR_LOGIT] = log(p / (1 - p));
        x[CC_XF_MAX] = emax;
        x[CC_XF_SUM] = CC_MIN(esum, 3.0);
        x[CC_XF_SEEDS] = lseeds;
        s->score = logistic(md->exp_w, md->exp_b, x, CC_XF_COUNT);
    }
    seed_terms_release(&stt);
    /* claim level */
    double *cf = out->claim_f;
    size_t u = best_per_outlet(rk, cands, out->c, n, false);
    double sum = 0;
    for (size_t i = 0; i < u; i++) {
        out->npassing += rk[i].v >= md->outlet_threshold;
        sum += rk[i].v;
    }
    cf[CC_CF_SUM] = sum / 10.0;
    cf[CC_CF_CANDIDATES] = log(1.0 + (double)n);
    cf[CC_CF_LOG_N] = log(1.0 + (double)out->npassing);
    cf[CC_CF_BEST] = u ? rk[0].v : 0;
    u = best_per_outlet(rk, cands, out->c, n, true);
    cf[CC_CF_DIRECT1] = u > 0 ? rk[0].v : 0;
    cf[CC_CF_DIRECT2] = u > 1 ? rk[1].v : 0;
    cf[CC_CF_DIRECT3] = u > 2 ? rk[2].v : 0;
    size_t ndirect = 0;
    for (size_t i = 0; i < u; i++) {
        ndirect += rk[i].v >= md->outlet_threshold;
    }
    cf[CC_CF_DIRECT_N] = log(1.0 + (double)ndirect);
    size_t top = CC_MIN(u, (size_t)5);
    double tot = 0, cov = 0;
    for (size_t i = 0; i < claim->n; i++) {
        double idf = cc_matcher_idf(m, claim->ids[i]);
        tot += idf;
        for (size_t t = 0; t < top; t++) {
            const struct cc_match_doc *d = cands[rk[t].idx].doc;
            if (cc_has_u32(d->ids, d->n, claim->ids[i])) {
                cov += idf;
                break;
            }
        }
    }
    cf[CC_CF_UNION_COV] = tot > 0 ? cov / tot : 0;
    /* the claim's terms that no candidate has: words the window does not know */
    double all_cov = 0, miss_idf = 0;
    size_t miss_n = 0;
    for (size_t i = 0; i < claim->n; i++) {
        double idf = cc_matcher_idf(m, claim->ids[i]);
        bool found = false;
        for (size_t j = 0; j < n && !found; j++) {
            const struct cc_match_doc *d = cands[j].doc;
            found = cc_has_u32(d->ids, d->n, claim->ids[i]);
        }
        if (found) {
            all_cov += idf;
        } else {
            miss_idf = CC_MAX(miss_idf, idf);
            miss_n++;
        }
    }
    cf[CC_CF_ALL_COV] = tot > 0 ? all_cov / tot : 0;
    cf[CC_CF_MISS_IDF] = miss_idf / 10.0;
    cf[CC_CF_MISS_SHARE] = claim->n ? (double)miss_n / (double)claim->n : 0;
    cf[CC_CF_TERMS] = log(1.0 + (double)claim->n);
    cf[CC_CF_IDF_MASS] = tot / 10.0;
    cf[CC_CF_BEST_COV] = u ? out->c[rk[0].idx].f[CC_PF_COV_CLAIM] : 0;
    cf[CC_CF_BEST_DAYS] = u ? out->c[rk[0].idx].f[CC_PF_DAYS] : 0;
    double wsum = 0, wdays = 0;
    for (size_t t = 0; t < top; t++) {
        wsum += rk[t].v;
        wdays += rk[t].v * out->c[rk[t].idx].f[CC_PF_DAYS];
    }
    cf[CC_CF_MEAN_DAYS] = wsum > 0 ? wdays / wsum : 0;
    double coh = 0;
    size_t pairs = 0;
    for (size_t a = 0; a < top; a++) {
        for (size_t b = a + 1; b < top; b++) {
            double cs = cc_matcher_cosine_normed(m, cands[rk[a].idx].doc, norms[rk[a].idx],
                                                 cands[rk[b].idx].doc, norms[rk[b].idx]);
            coh += cs >= md->min_similarity ? cs : 0;
            pairs++;
        }
    }
    cf[CC_CF_COHERENCE] = pairs ? coh / (double)pairs : 0;
    /* no candidate at all: nothing in the window shares a term with the claim */
    out->claim_p = n ? logistic(md->claim_w, md->claim_b, cf, CC_CF_COUNT) : 0.0;
    cc_free(rk);
    cc_free(norms);
    return 0;
}

/* ---- free-standing pairs ------------------------------------------------------------------------
 */

int cc_matcher_score_texts(double *out, const struct cc_model *model, const char *const *claims,
                           const char *const *items, size_t n, struct cc_error *err)
{
    struct cc_matcher *m = NULL;
    struct cc_text_analyzer *a = NULL;
    struct cc_text t = CC_TEXT_INIT;
    struct cc_match_doc *docs = NULL;
    int rc = cc_matcher_new(&m, model, err);
    if (rc == 0) {
        rc = cc_text_analyzer_new(&a, err);
    }
    if (rc < 0) {
        goto out;
    }
    docs = cc_calloc(2 * n + 1, sizeof(*docs));
    if (!docs) {
        rc = cc_error_set(err, CC_ENOMEM, "matcher", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < 2 * n; i++) {
        struct cc_match_doc init = CC_MATCH_DOC_INIT;
        docs[i] = init;
    }
    for (size_t i = 0; i < 2 * n && rc == 0; i++) {
        const char *s = (i % 2 == 0) ? claims[i / 2] : items[i / 2];
        size_t len = s ? strlen(s) : 0;
        if (i % 2 == 0) {
            len = cc_text_strip_attribution(s ? s : "", len, NULL, NULL);
        }
        rc = cc_text_analyze(&t, a, s ? s : "", len, CC_TIME_NONE, err);
        if (rc == 0) {
            rc = cc_matcher_doc(&docs[i], m, &t, 0, CC_TIME_NONE, err);
        }
        if (rc == 0) {
            rc = cc_matcher_background_add(m, &docs[i], err);
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        double f[CC_PF_COUNT];
        docs[2 * i].nanchors = 0; /* no dates: the days feature is 0 */
        docs[2 * i + 1].time = CC_TIME_NONE;
        cc_matcher_pair_features(f, m, &docs[2 * i], &docs[2 * i + 1]);
        f[CC_PF_DAYS] = 0;
        out[i] = cc_matcher_pair_score(m, f);
    }
out:
    for (size_t i = 0; docs && i < 2 * n; i++) {
        cc_match_doc_release(&docs[i]);
    }
    cc_free(docs);
    cc_text_release(&t);
    cc_text_analyzer_free(a);
    cc_matcher_free(m);
    return rc;
}
