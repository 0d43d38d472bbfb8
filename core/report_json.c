#include "core/common.h"

#include <math.h>

#include <jansson.h>

#include "core/matcher.h"
#include "core/num.h"
#include "core/report_json.h"
#include "core/utf8.h"
#include "core/banned.h"

/* Scores and feature values are written with this many decimals: enough to
 * reproduce a verdict, short enough to read. */
#define JSON_DECIMALS 1e4

/* Builder state: the first failure sticks, so the code below can chain
 * setters and check once. */
struct jb {
    bool failed;
};

static json_t *jstr(const char *s)
{
    if (!s) {
        return json_null();
    }
    size_t len = strlen(s);
    if (cc_utf8_is_valid(s, len)) {
        return json_stringn(s, len);
    }
    /* Results hold normalised text; an odd byte (a file name) is repaired
     * rather than failing the whole report. */
    struct cc_buf b = CC_BUF_INIT;
    json_t *v = NULL;
    if (cc_utf8_repair(&b, s, len, NULL) == 0) {
        v = json_stringn(b.buf, b.len);
    }
    cc_buf_release(&b);
    return v;
}

static json_t *jtime(int64_t t)
{
    if (t == CC_TIME_NONE) {
        return json_null();
    }
    char s[32];
    cc_time_format(s, t);
    return json_string(s);
}

static json_t *jreal(double d)
{
    if (!isfinite(d)) {
        return json_null();
    }
    double r = round(d * JSON_DECIMALS) / JSON_DECIMALS;
    /* + 0.0 turns -0.0 (and values rounding to it) into 0.0: "-0.0" reads
     * as a sign where there is none. */
    return json_real(r + 0.0);
}

static json_t *jsize(size_t n)
{
    return json_integer(n > (size_t)INT64_MAX ? INT64_MAX : (json_int_t)n);
}

/* Index into an array, or null when negative. */
static json_t *jindex(int64_t i)
{
    return i < 0 ? json_null() : json_integer((json_int_t)i);
}

static void set(struct jb *b, json_t *obj, const char *key, json_t *v)
{
    if (!v) {
        b->failed = true;
        return;
    }
    if (!obj) {
        json_decref(v);
        b->failed = true;
        return;
    }
    /* json_object_set_new steals v even when it fails. */
    if (json_object_set_new(obj, key, v) != 0) {
        b->failed = true;
    }
}

static void push(struct jb *b, json_t *arr, json_t *v)
{
    if (!v) {
        b->failed = true;
        return;
    }
    if (!arr) {
        json_decref(v);
        b->failed = true;
        return;
    }
    if (json_array_append_new(arr, v) != 0) {
        b->failed = true;
    }
}

static json_t *jlist(struct jb *b, char *const *names, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        push(b, a, jstr(names[i]));
    }
    return a;
}

static json_t *run_object(struct jb *b, const struct cc_report_run *run)
{
    json_t *o = json_object();
    set(b, o, "command", jstr(run->command));
    set(b, o, "generated_at", jtime(run->generated_at));
    set(b, o, "config", jstr(run->config));
    set(b, o, "store", jstr(run->store));
    set(b, o, "fetched", run->fetched < 0 ? json_null() : json_boolean(run->fetched));
    set(b, o, "date_option", jtime(run->date_option));
    set(b, o, "window_option",
        run->window_option < 0 ? json_null() : json_integer(run->window_option));
    return o;
}

static json_t *features_object(struct jb *b, const struct cc_evidence *e)
{
    json_t *o = json_object();
    size_t n = CC_MIN(e->nfeatures, (size_t)CC_VERIFY_MAX_FEATURES);
    for (size_t i = 0; i < n; i++) {
        char fallback[24];
        const char *name = fallback;
        if (i < CC_MATCHER_NFEATURES) {
            name = cc_matcher_feature_name(i);
        } else {
            snprintf(fallback, sizeof(fallback), "f%zu", i);
        }
        set(b, o, name, jreal(e->features[i]));
    }
    return o;
}

static json_t *evidence_object(struct jb *b, const struct cc_evidence *e)
{
    json_t *o = json_object();
    set(b, o, "outlet", jstr(e->outlet));
    set(b, o, "title", jstr(e->title));
    set(b, o, "url", jstr(e->url));
    set(b, o, "published", jtime(e->published));
    set(b, o, "first_seen", jtime(e->first_seen));
    set(b, o, "content_hash", e->content_hash[0] ? jstr(e->content_hash) : json_null());
    set(b, o, "item_id", json_integer((json_int_t)e->item_id));
    set(b, o, "score", jreal(e->score));
    set(b, o, "passes", json_boolean(e->passes));
    set(b, o, "direct", json_boolean(e->direct));
    set(b, o, "source", e->passes ? jsize(e->source) : json_null());
    set(b, o, "copy", json_boolean(e->copy));
    set(b, o, "contradiction", jstr(e->contradiction));
    set(b, o, "features", features_object(b, e));
    return o;
}

static json_t *source_object(struct jb *b, const struct cc_claim_result *c,
                             const struct cc_source *s)
{
    json_t *o = json_object();
    set(b, o, "outlet", jstr(s->outlet));
    set(b, o, "reason", jstr(s->reason));
    set(b, o, "credibility", jreal(s->credibility));
    /* SIZE_MAX: a credited wire with no matching item of its own. */
    set(b, o, "origin", s->origin < c->nevidence ? jsize(s->origin) : json_null());
    json_t *copies = json_array();
    for (size_t i = 0; i < s->ncopies; i++) {
        json_t *cp = json_object();
        size_t k = s->copies[i];
        set(b, cp, "evidence", jsize(k));
        set(b, cp, "outlet", jstr(k < c->nevidence ? c->evidence[k].outlet : NULL));
        push(b, copies, cp);
    }
    set(b, o, "copies", copies);
    return o;
}

static json_t *citation_object(struct jb *b, const struct cc_citation_check *ck)
{
    json_t *o = json_object();
    set(b, o, "text", jstr(ck->text));
    set(b, o, "outlet", jstr(ck->outlet));
    set(b, o, "status", jstr(cc_cite_status_name(ck->status)));
    set(b, o, "reason", jstr(ck->reason));
    set(b, o, "evidence", jindex(ck->evidence));
    return o;
}

static json_t *claim_object(struct jb *b, const struct cc_claim_result *c)
{
    json_t *o = json_object();
    const struct cc_evidence *best = NULL;
    if (c->best >= 0 && (size_t)c->best < c->nevidence) {
        best = &c->evidence[c->best];
    }
    set(b, o, "claim_index", jsize(c->index));
    set(b, o, "sentence", jsize(c->sentence));
    set(b, o, "claim", jstr(c->text));
    set(b, o, "match_text", jstr(c->match_text));
    set(b, o, "checkworthy", json_boolean(c->checkworthy));
    set(b, o, "checkworthiness", jreal(c->checkworthiness));
    set(b, o, "cited_outlets", jlist(b, c->cited_outlets, c->ncited));
    set(b, o, "cited_confirmed", jlist(b, c->cited_confirmed, c->nconfirmed));
    set(b, o, "reporting_outlets", jlist(b, c->reporting_outlets, c->nreporting));
    set(b, o, "corroborating_outlets", jlist(b, c->corroborating_outlets, c->ncorroborating));
    set(b, o, "n_outlets", jsize(c->n_outlets));
    set(b, o, "score", jreal(c->score));
    set(b, o, "verdict", jstr(cc_verdict_name(c->verdict)));
    set(b, o, "best_evidence", best ? jindex(c->best) : json_null());
    set(b, o, "evidence_outlet", jstr(best ? best->outlet : NULL));
    set(b, o, "evidence_title", jstr(best ? best->title : NULL));
    set(b, o, "evidence_url", jstr(best ? best->url : NULL));
    set(b, o, "evidence_published", best ? jtime(best->published) : json_null());
    set(b, o, "contradiction", jstr(c->contradiction));
    set(b, o, "candidates", jsize(c->candidates));
    json_t *cites = json_array();
    for (size_t i = 0; i < c->ncitations; i++) {
        push(b, cites, citation_object(b, &c->citations[i]));
    }
    set(b, o, "citations", cites);
    json_t *ev = json_array();
    for (size_t i = 0; i < c->nevidence; i++) {
        push(b, ev, evidence_object(b, &c->evidence[i]));
    }
    set(b, o, "evidence", ev);
    json_t *src = json_array();
    for (size_t i = 0; i < c->nsources; i++) {
        push(b, src, source_object(b, c, &c->sources[i]));
    }
    set(b, o, "sources", src);
    return o;
}

static bool is_web(const char *s)
{
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

static json_t *article_object(struct jb *b, const struct cc_verify_result *r)
{
    json_t *o = json_object();
    set(b, o, "article", jstr(r->article));
    set(b, o, "url", jstr(is_web(r->article) ? r->article : NULL));
    set(b, o, "title", jstr(r->title));
    set(b, o, "outlet", jstr(r->article_outlet));
    set(b, o, "date", jtime(r->date));
    set(b, o, "date_source", jstr(r->date_source));
    json_t *w = json_object();
    set(b, w, "days", json_integer(r->window_days));
    set(b, w, "from", jtime(r->window_from));
    set(b, w, "to", jtime(r->window_to));
    set(b, o, "window", w);
    set(b, o, "max_candidates", jsize(r->max_candidates));
    set(b, o, "threshold", jreal(r->threshold));
    set(b, o, "model", jstr(r->model));
    set(b, o, "sentences", jsize(r->nsentences));
    set(b, o, "elapsed_ms", json_integer((json_int_t)r->elapsed_ms));
    set(b, o, "warnings", jlist(b, r->warnings, r->nwarnings));
    size_t counts[CC_VERDICT_NOT_CHECKABLE + 1] = {0};
    for (size_t i = 0; i < r->nclaims; i++) {
        if ((size_t)r->claims[i].verdict < CC_ARRAY_LEN(counts)) {
            counts[r->claims[i].verdict]++;
        }
    }
    json_t *sum = json_object();
    for (size_t v = 0; v < CC_ARRAY_LEN(counts); v++) {
        set(b, sum, cc_verdict_name((enum cc_verdict)v), jsize(counts[v]));
    }
    set(b, o, "verdicts", sum);
    json_t *claims = json_array();
    for (size_t i = 0; i < r->nclaims; i++) {
        push(b, claims, claim_object(b, &r->claims[i]));
    }
    set(b, o, "claims", claims);
    return o;
}

struct dump_state {
    struct cc_buf *out;
    int rc;
};

static int dump_to_buf(const char *p, size_t len, void *payload)
{
    struct dump_state *ds = payload;
    ds->rc = cc_buf_add(ds->out, p, len);
    return ds->rc == 0 ? 0 : -1;
}

int cc_report_json_add(struct cc_buf *out, const struct cc_verify_result *const *results, size_t n,
                       const struct cc_report_run *run, struct cc_error *err)
{
    struct cc_report_run none;
    if (!run) {
        cc_report_run_init(&none);
        run = &none;
    }
    struct jb b = {false};
    json_t *root = json_object();
    set(&b, root, "credcheck", json_string(CC_VERSION));
    set(&b, root, "schema", json_integer(CC_REPORT_JSON_SCHEMA));
    set(&b, root, "run", run_object(&b, run));
    json_t *arts = json_array();
    for (size_t i = 0; i < n; i++) {
        push(&b, arts, article_object(&b, results[i]));
    }
    set(&b, root, "articles", arts);
    size_t mark = out->len;
    int rc = b.failed ? CC_ENOMEM : 0;
    if (rc == 0) {
        struct dump_state ds = {out, 0};
        if (json_dump_callback(root, dump_to_buf, &ds,
                               JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) !=
            0) {
            rc = ds.rc ? ds.rc : CC_ENOMEM;
        }
    }
    json_decref(root);
    rc = rc ? rc : cc_buf_addch(out, '\n');
    if (rc != 0) {
        cc_buf_truncate(out, mark);
        return cc_error_set(err, rc, NULL, "%s", cc_status_str(rc));
    }
    return 0;
}
