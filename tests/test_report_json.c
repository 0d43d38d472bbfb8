/* Tests for core/report_json: the schema, read back with jansson; and the
 * streaming writer's bytes against the jansson tree dump it replaced (the
 * oracle below, the former implementation, kept verbatim but renamed). */
#include "core/common.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "core/matcher.h"
#include "core/num.h"
#include "core/report_json.h"
#include "core/utf8.h"
#include "tests/report_sample.h"
#include "core/banned.h"

/* ---- oracle: the jansson tree + json_dump_callback writer ------------------- */

/* Scores and feature values are written with this many decimals: enough to
 * reproduce a verdict, short enough to read. */
#define oracle_JSON_DECIMALS 1e4

/* Builder state: the first failure sticks, so the code below can chain
 * setters and check once. */
struct oracle_jb {
    bool failed;
};

static json_t *oracle_jstr(const char *s)
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

static json_t *oracle_jtime(int64_t t)
{
    if (t == CC_TIME_NONE) {
        return json_null();
    }
    char s[32];
    cc_time_format(s, t);
    return json_string(s);
}

static json_t *oracle_jreal(double d)
{
    if (!isfinite(d)) {
        return json_null();
    }
    double r = round(d * oracle_JSON_DECIMALS) / oracle_JSON_DECIMALS;
    /* + 0.0 turns -0.0 (and values rounding to it) into 0.0: "-0.0" reads
     * as a sign where there is none. */
    return json_real(r + 0.0);
}

static json_t *oracle_jsize(size_t n)
{
    return json_integer(n > (size_t)INT64_MAX ? INT64_MAX : (json_int_t)n);
}

/* Index into an array, or null when negative. */
static json_t *oracle_jindex(int64_t i)
{
    return i < 0 ? json_null() : json_integer((json_int_t)i);
}

static void oracle_set(struct oracle_jb *b, json_t *obj, const char *key, json_t *v)
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

static void oracle_push(struct oracle_jb *b, json_t *arr, json_t *v)
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

static json_t *oracle_jlist(struct oracle_jb *b, char *const *names, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        oracle_push(b, a, oracle_jstr(names[i]));
    }
    return a;
}

static json_t *oracle_run_object(struct oracle_jb *b, const struct cc_report_run *run)
{
    json_t *o = json_object();
    oracle_set(b, o, "command", oracle_jstr(run->command));
    oracle_set(b, o, "generated_at", oracle_jtime(run->generated_at));
    oracle_set(b, o, "config", oracle_jstr(run->config));
    oracle_set(b, o, "store", oracle_jstr(run->store));
    oracle_set(b, o, "fetched", run->fetched < 0 ? json_null() : json_boolean(run->fetched));
    oracle_set(b, o, "date_option", oracle_jtime(run->date_option));
    oracle_set(b, o, "window_option",
               run->window_option < 0 ? json_null() : json_integer(run->window_option));
    return o;
}

static json_t *oracle_features_object(struct oracle_jb *b, const struct cc_evidence *e)
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
        oracle_set(b, o, name, oracle_jreal(e->features[i]));
    }
    return o;
}

static json_t *oracle_evidence_object(struct oracle_jb *b, const struct cc_evidence *e)
{
    json_t *o = json_object();
    oracle_set(b, o, "outlet", oracle_jstr(e->outlet));
    oracle_set(b, o, "title", oracle_jstr(e->title));
    oracle_set(b, o, "url", oracle_jstr(e->url));
    oracle_set(b, o, "published", oracle_jtime(e->published));
    oracle_set(b, o, "first_seen", oracle_jtime(e->first_seen));
    oracle_set(b, o, "content_hash",
               e->content_hash[0] ? oracle_jstr(e->content_hash) : json_null());
    oracle_set(b, o, "item_id", json_integer((json_int_t)e->item_id));
    oracle_set(b, o, "score", oracle_jreal(e->score));
    oracle_set(b, o, "passes", json_boolean(e->passes));
    oracle_set(b, o, "direct", json_boolean(e->direct));
    oracle_set(b, o, "source", e->passes ? oracle_jsize(e->source) : json_null());
    oracle_set(b, o, "copy", json_boolean(e->copy));
    oracle_set(b, o, "contradiction", oracle_jstr(e->contradiction));
    oracle_set(b, o, "features", oracle_features_object(b, e));
    return o;
}

static json_t *oracle_source_object(struct oracle_jb *b, const struct cc_claim_result *c,
                                    const struct cc_source *s)
{
    json_t *o = json_object();
    oracle_set(b, o, "outlet", oracle_jstr(s->outlet));
    oracle_set(b, o, "reason", oracle_jstr(s->reason));
    oracle_set(b, o, "credibility", oracle_jreal(s->credibility));
    /* SIZE_MAX: a credited wire with no matching item of its own. */
    oracle_set(b, o, "origin", s->origin < c->nevidence ? oracle_jsize(s->origin) : json_null());
    json_t *copies = json_array();
    for (size_t i = 0; i < s->ncopies; i++) {
        json_t *cp = json_object();
        size_t k = s->copies[i];
        oracle_set(b, cp, "evidence", oracle_jsize(k));
        oracle_set(b, cp, "outlet", oracle_jstr(k < c->nevidence ? c->evidence[k].outlet : NULL));
        oracle_push(b, copies, cp);
    }
    oracle_set(b, o, "copies", copies);
    return o;
}

static json_t *oracle_citation_object(struct oracle_jb *b, const struct cc_citation_check *ck)
{
    json_t *o = json_object();
    oracle_set(b, o, "text", oracle_jstr(ck->text));
    oracle_set(b, o, "outlet", oracle_jstr(ck->outlet));
    oracle_set(b, o, "status", oracle_jstr(cc_cite_status_name(ck->status)));
    oracle_set(b, o, "reason", oracle_jstr(ck->reason));
    oracle_set(b, o, "evidence", oracle_jindex(ck->evidence));
    return o;
}

static json_t *oracle_claim_object(struct oracle_jb *b, const struct cc_claim_result *c)
{
    json_t *o = json_object();
    const struct cc_evidence *best = NULL;
    if (c->best >= 0 && (size_t)c->best < c->nevidence) {
        best = &c->evidence[c->best];
    }
    oracle_set(b, o, "claim_index", oracle_jsize(c->index));
    oracle_set(b, o, "sentence", oracle_jsize(c->sentence));
    oracle_set(b, o, "claim", oracle_jstr(c->text));
    oracle_set(b, o, "match_text", oracle_jstr(c->match_text));
    oracle_set(b, o, "checkworthy", json_boolean(c->checkworthy));
    oracle_set(b, o, "checkworthiness", oracle_jreal(c->checkworthiness));
    oracle_set(b, o, "cited_outlets", oracle_jlist(b, c->cited_outlets, c->ncited));
    oracle_set(b, o, "cited_confirmed", oracle_jlist(b, c->cited_confirmed, c->nconfirmed));
    oracle_set(b, o, "reporting_outlets", oracle_jlist(b, c->reporting_outlets, c->nreporting));
    oracle_set(b, o, "corroborating_outlets",
               oracle_jlist(b, c->corroborating_outlets, c->ncorroborating));
    oracle_set(b, o, "n_outlets", oracle_jsize(c->n_outlets));
    oracle_set(b, o, "score", oracle_jreal(c->score));
    oracle_set(b, o, "verdict", oracle_jstr(cc_verdict_name(c->verdict)));
    oracle_set(b, o, "best_evidence", best ? oracle_jindex(c->best) : json_null());
    oracle_set(b, o, "evidence_outlet", oracle_jstr(best ? best->outlet : NULL));
    oracle_set(b, o, "evidence_title", oracle_jstr(best ? best->title : NULL));
    oracle_set(b, o, "evidence_url", oracle_jstr(best ? best->url : NULL));
    oracle_set(b, o, "evidence_published", best ? oracle_jtime(best->published) : json_null());
    oracle_set(b, o, "contradiction", oracle_jstr(c->contradiction));
    oracle_set(b, o, "candidates", oracle_jsize(c->candidates));
    json_t *cites = json_array();
    for (size_t i = 0; i < c->ncitations; i++) {
        oracle_push(b, cites, oracle_citation_object(b, &c->citations[i]));
    }
    oracle_set(b, o, "citations", cites);
    json_t *ev = json_array();
    for (size_t i = 0; i < c->nevidence; i++) {
        oracle_push(b, ev, oracle_evidence_object(b, &c->evidence[i]));
    }
    oracle_set(b, o, "evidence", ev);
    json_t *src = json_array();
    for (size_t i = 0; i < c->nsources; i++) {
        oracle_push(b, src, oracle_source_object(b, c, &c->sources[i]));
    }
    oracle_set(b, o, "sources", src);
    return o;
}

static bool oracle_is_web(const char *s)
{
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

static json_t *oracle_article_object(struct oracle_jb *b, const struct cc_verify_result *r)
{
    json_t *o = json_object();
    oracle_set(b, o, "article", oracle_jstr(r->article));
    oracle_set(b, o, "url", oracle_jstr(oracle_is_web(r->article) ? r->article : NULL));
    oracle_set(b, o, "title", oracle_jstr(r->title));
    oracle_set(b, o, "outlet", oracle_jstr(r->article_outlet));
    oracle_set(b, o, "date", oracle_jtime(r->date));
    oracle_set(b, o, "date_source", oracle_jstr(r->date_source));
    json_t *w = json_object();
    oracle_set(b, w, "days", json_integer(r->window_days));
    oracle_set(b, w, "from", oracle_jtime(r->window_from));
    oracle_set(b, w, "to", oracle_jtime(r->window_to));
    oracle_set(b, o, "window", w);
    oracle_set(b, o, "max_candidates", oracle_jsize(r->max_candidates));
    oracle_set(b, o, "threshold", oracle_jreal(r->threshold));
    oracle_set(b, o, "model", oracle_jstr(r->model));
    oracle_set(b, o, "sentences", oracle_jsize(r->nsentences));
    oracle_set(b, o, "elapsed_ms", json_integer((json_int_t)r->elapsed_ms));
    oracle_set(b, o, "warnings", oracle_jlist(b, r->warnings, r->nwarnings));
    size_t counts[CC_VERDICT_NOT_CHECKABLE + 1] = {0};
    for (size_t i = 0; i < r->nclaims; i++) {
        if ((size_t)r->claims[i].verdict < CC_ARRAY_LEN(counts)) {
            counts[r->claims[i].verdict]++;
        }
    }
    json_t *sum = json_object();
    for (size_t v = 0; v < CC_ARRAY_LEN(counts); v++) {
        oracle_set(b, sum, cc_verdict_name((enum cc_verdict)v), oracle_jsize(counts[v]));
    }
    oracle_set(b, o, "verdicts", sum);
    json_t *claims = json_array();
    for (size_t i = 0; i < r->nclaims; i++) {
        oracle_push(b, claims, oracle_claim_object(b, &r->claims[i]));
    }
    oracle_set(b, o, "claims", claims);
    return o;
}

struct oracle_dump_state {
    struct cc_buf *out;
    int rc;
};

static int oracle_dump_to_buf(const char *p, size_t len, void *payload)
{
    struct oracle_dump_state *ds = payload;
    ds->rc = cc_buf_add(ds->out, p, len);
    return ds->rc == 0 ? 0 : -1;
}

static int oracle_json_add(struct cc_buf *out, const struct cc_verify_result *const *results,
                           size_t n, const struct cc_report_run *run, struct cc_error *err)
{
    struct cc_report_run none;
    if (!run) {
        cc_report_run_init(&none);
        run = &none;
    }
    struct oracle_jb b = {false};
    json_t *root = json_object();
    oracle_set(&b, root, "credcheck", json_string(CC_VERSION));
    oracle_set(&b, root, "schema", json_integer(CC_REPORT_JSON_SCHEMA));
    oracle_set(&b, root, "run", oracle_run_object(&b, run));
    json_t *arts = json_array();
    for (size_t i = 0; i < n; i++) {
        oracle_push(&b, arts, oracle_article_object(&b, results[i]));
    }
    oracle_set(&b, root, "articles", arts);
    size_t mark = out->len;
    int rc = b.failed ? CC_ENOMEM : 0;
    if (rc == 0) {
        struct oracle_dump_state ds = {out, 0};
        size_t layout = run->compact ? JSON_COMPACT : JSON_INDENT(2);
        if (json_dump_callback(root, oracle_dump_to_buf, &ds,
                               layout | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) != 0) {
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

/* ---- tests ------------------------------------------------------------------ */

static json_t *report_of(const struct cc_verify_result *r, const struct cc_report_run *run)
{
    struct cc_buf b = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    const struct cc_verify_result *rs[] = {r};
    assert_int_equal(cc_report_json_add(&b, rs, 1, run, &err), 0);
    assert_true(b.len > 0 && b.buf[b.len - 1] == '\n');
    json_error_t jerr;
    json_t *root = json_loadb(b.buf, b.len, 0, &jerr);
    if (!root) {
        fail_msg("invalid JSON at %d:%d: %s", jerr.line, jerr.column, jerr.text);
    }
    cc_buf_release(&b);
    return root;
}

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) {
        fail_msg("'%s' is not a string", key);
    }
    return json_string_value(v);
}

static void run_and_article_metadata(void **state)
{
    (void)state;
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.command = "verify";
    run.store = "/tmp/s.db";
    run.fetched = 0;
    run.generated_at = SAMPLE_T(DOY_JUL02, 12);
    json_t *root = report_of(sample_story(), &run);
    assert_string_equal(str_at(root, "credcheck"), CC_VERSION);
    assert_int_equal(json_integer_value(json_object_get(root, "schema")), CC_REPORT_JSON_SCHEMA);
    json_t *jr = json_object_get(root, "run");
    assert_string_equal(str_at(jr, "command"), "verify");
    assert_string_equal(str_at(jr, "store"), "/tmp/s.db");
    assert_true(json_is_false(json_object_get(jr, "fetched")));
    assert_true(json_is_null(json_object_get(jr, "config")));
    assert_string_equal(str_at(jr, "generated_at"), "2025-07-02T12:00:00Z");
    json_t *a = json_array_get(json_object_get(root, "articles"), 0);
    assert_string_equal(str_at(a, "article"), "fixtures/articles/example_article.txt");
    assert_true(json_is_null(json_object_get(a, "url")));
    assert_true(json_is_null(json_object_get(a, "outlet")));
    assert_string_equal(str_at(a, "date"), "2025-07-02T00:00:00Z");
    assert_string_equal(str_at(a, "date_source"), "--date");
    json_t *w = json_object_get(a, "window");
    assert_int_equal(json_integer_value(json_object_get(w, "days")), 3);
    assert_string_equal(str_at(w, "from"), "2025-06-29T00:00:00Z");
    assert_string_equal(str_at(a, "model"), "match-sample-v1");
    json_t *v = json_object_get(a, "verdicts");
    assert_int_equal(json_integer_value(json_object_get(v, "corroborated")), 3);
    assert_int_equal(json_integer_value(json_object_get(v, "not-checkable")), 1);
    assert_int_equal(json_array_size(json_object_get(a, "claims")), 7);
    json_decref(root);
}

static void claim_has_csv_values_citations_evidence_and_sources(void **state)
{
    (void)state;
    json_t *root = report_of(sample_story(), NULL);
    json_t *claims =
        json_object_get(json_array_get(json_object_get(root, "articles"), 0), "claims");
    json_t *c = json_array_get(claims, 5); /* the Dar claim, Reuters copied by BR */
    assert_int_equal(json_integer_value(json_object_get(c, "claim_index")), 5);
    assert_string_equal(str_at(c, "verdict"), "single-source");
    assert_true(json_is_true(json_object_get(c, "checkworthy")));
    assert_int_equal(json_integer_value(json_object_get(c, "n_outlets")), 1);
    assert_true(json_real_value(json_object_get(c, "score")) == 0.66);
    assert_int_equal(json_array_size(json_object_get(c, "reporting_outlets")), 2);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(c, "reporting_outlets"), 1)),
        "Business Recorder");
    assert_string_equal(str_at(c, "evidence_outlet"), "Reuters");
    assert_string_equal(str_at(c, "evidence_published"), "2025-06-04T11:00:00Z");
    assert_true(json_is_null(json_object_get(c, "contradiction")));

    json_t *cite = json_array_get(json_object_get(c, "citations"), 0);
    assert_string_equal(str_at(cite, "text"), "Reuter\xe2\x80\x99s");
    assert_string_equal(str_at(cite, "outlet"), "Reuters");
    assert_string_equal(str_at(cite, "status"), "confirmed");
    assert_true(json_is_null(json_object_get(cite, "reason")));
    assert_int_equal(json_integer_value(json_object_get(cite, "evidence")), 0);

    json_t *ev = json_array_get(json_object_get(c, "evidence"), 1);
    assert_string_equal(str_at(ev, "outlet"), "Business Recorder");
    assert_string_equal(str_at(ev, "url"), "https://www.brecorder.com/news/40365001");
    assert_string_equal(str_at(ev, "published"), "2025-06-04T13:00:00Z");
    assert_string_equal(str_at(ev, "first_seen"), "2025-06-04T14:00:00Z");
    assert_string_equal(str_at(ev, "content_hash"),
                        "8888888888888888888888888888888888888888888888888888888888888888");
    assert_true(json_is_true(json_object_get(ev, "copy")));
    assert_int_equal(json_integer_value(json_object_get(ev, "source")), 0);
    json_t *feat = json_object_get(ev, "features");
    assert_int_equal(json_object_size(feat), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_non_null(json_object_get(feat, cc_matcher_feature_name(i)));
    }
    assert_true(json_real_value(json_object_get(feat, cc_matcher_feature_name(1))) == 0.84);

    json_t *src = json_array_get(json_object_get(c, "sources"), 0);
    assert_string_equal(str_at(src, "outlet"), "Reuters");
    assert_string_equal(str_at(src, "reason"), "wire credit");
    assert_int_equal(json_integer_value(json_object_get(src, "origin")), 0);
    json_t *copy = json_array_get(json_object_get(src, "copies"), 0);
    assert_int_equal(json_integer_value(json_object_get(copy, "evidence")), 1);
    assert_string_equal(str_at(copy, "outlet"), "Business Recorder");

    /* A claim without evidence: best_evidence and evidence_* are null. */
    json_t *nc = json_array_get(claims, 0);
    assert_true(json_is_null(json_object_get(nc, "best_evidence")));
    assert_true(json_is_null(json_object_get(nc, "evidence_title")));
    assert_string_equal(str_at(nc, "verdict"), "not-checkable");
    json_decref(root);
}

static void odd_text_is_kept_or_repaired(void **state)
{
    (void)state;
    struct cc_evidence e = {0};
    e.outlet = "Wire";
    e.published = CC_TIME_NONE;
    e.first_seen = 0;
    e.score = 0.123456789;
    e.features[0] = -0.00001; /* rounds to -0.0 */
    e.nfeatures = 1;
    struct cc_source src = {"Wire", SIZE_MAX, NULL, 0, "wire credit", 0.9};
    struct cc_claim_result c = {0};
    c.index = 1;
    c.text = "tab\there \"q\" <b> \xc3\xa9";
    c.evidence = &e;
    c.nevidence = 1;
    c.sources = &src;
    c.nsources = 1;
    c.best = 0;
    struct cc_verify_result r = {0};
    r.article = "bad\xff name.txt";
    r.date = CC_TIME_NONE;
    r.window_from = CC_TIME_NONE;
    r.window_to = CC_TIME_NONE;
    r.claims = &c;
    r.nclaims = 1;
    json_t *root = report_of(&r, NULL);
    json_t *a = json_array_get(json_object_get(root, "articles"), 0);
    assert_string_equal(str_at(a, "article"), "bad\xef\xbf\xbd name.txt");
    assert_true(json_is_null(json_object_get(a, "date")));
    json_t *jc = json_array_get(json_object_get(a, "claims"), 0);
    assert_string_equal(str_at(jc, "claim"), "tab\there \"q\" <b> \xc3\xa9");
    json_t *je = json_array_get(json_object_get(jc, "evidence"), 0);
    assert_true(json_real_value(json_object_get(je, "score")) == 0.1235);
    json_t *f0 = json_object_get(json_object_get(je, "features"), cc_matcher_feature_name(0));
    assert_true(json_real_value(f0) == 0.0 && !signbit(json_real_value(f0)));
    assert_true(json_is_null(json_object_get(je, "published")));
    assert_true(json_is_null(json_object_get(je, "content_hash")));
    json_t *js = json_array_get(json_object_get(jc, "sources"), 0);
    assert_true(json_is_null(json_object_get(js, "origin")));
    json_decref(root);
}

static void failure_leaves_buffer_as_it_was(void **state)
{
    (void)state;
    struct cc_buf b;
    cc_buf_init(&b, 64); /* far too small for a report */
    assert_int_equal(cc_buf_adds(&b, "keep"), 0);
    struct cc_error err = CC_ERROR_INIT;
    const struct cc_verify_result *rs[] = {sample_story()};
    assert_int_equal(cc_report_json_add(&b, rs, 1, NULL, &err), CC_ETOOBIG);
    assert_string_equal(b.buf, "keep");
    assert_int_equal(err.code, CC_ETOOBIG);
    cc_buf_release(&b);
}

/* Writes results[0..n) with the writer and with the oracle; both must give
 * the same status and, on success, the same bytes. */
static void assert_same_as_oracle(const struct cc_verify_result *const *rs, size_t n,
                                  const struct cc_report_run *run, int rc)
{
    struct cc_buf got = CC_BUF_INIT;
    struct cc_buf want = CC_BUF_INIT;
    struct cc_error e1 = CC_ERROR_INIT;
    struct cc_error e2 = CC_ERROR_INIT;
    int rc_got = cc_report_json_add(&got, rs, n, run, &e1);
    int rc_want = oracle_json_add(&want, rs, n, run, &e2);
    assert_int_equal(rc_want, rc);
    assert_int_equal(rc_got, rc);
    if (got.len != want.len || memcmp(got.buf, want.buf, got.len) != 0) {
        size_t i = 0;
        while (i < got.len && i < want.len && got.buf[i] == want.buf[i]) {
            i++;
        }
        size_t from = i > 60 ? i - 60 : 0;
        fail_msg("bytes differ at %zu (lengths %zu, %zu):\n--- writer\n%.120s\n--- oracle\n%.120s",
                 i, got.len, want.len, got.buf + from, want.buf + from);
    }
    cc_buf_release(&got);
    cc_buf_release(&want);
}

static void sample_story_same_as_oracle(void **state)
{
    (void)state;
    struct cc_report_run run;
    cc_report_run_init(&run);
    assert_same_as_oracle(NULL, 0, NULL, 0);
    assert_same_as_oracle(NULL, 0, &run, 0);
    run.command = "batch";
    run.config = "/etc/credcheck/outlets.json";
    run.store = "/var/lib/credcheck/store.db";
    run.fetched = 1;
    run.generated_at = SAMPLE_T(DOY_JUL02, 12);
    run.date_option = SAMPLE_T(DOY_JUL02, 0);
    run.window_option = 75;
    const struct cc_verify_result *one[] = {sample_story()};
    assert_same_as_oracle(one, 1, &run, 0);
    assert_same_as_oracle(one, 1, NULL, 0);
    const struct cc_verify_result *two[] = {sample_story(), sample_story()};
    assert_same_as_oracle(two, 2, &run, 0);
    /* batch's files: the compact layout */
    run.compact = true;
    assert_same_as_oracle(one, 1, &run, 0);
    assert_same_as_oracle(two, 2, &run, 0);
    assert_same_as_oracle(NULL, 0, &run, 0);
}

/* Every byte class the string escaping meets: each control character,
 * quotes, backslashes, '/', DEL, non-ASCII up to 4 bytes, U+2028/U+2029, and
 * invalid UTF-8 of several kinds (repaired before writing). */
static char *tricky[] = {
    "",
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x7f",
    "q\"uo\"te\\back\\\\slash/</script>",
    "caf\xc3\xa9 \xe2\x80\xa8 line sep \xe2\x80\xa9 para \xf0\x9f\x98\x80 \xef\xbf\xbf",
    "bad \xff byte",
    "lone \x80 continuation",
    "cut \xe2\x82",
    "overlong \xc0\x80 and \xe0\x80\xaf",
    "surrogate \xed\xa0\x80 and \xed\xbf\xbf",
    "too big \xf4\x90\x80\x80 and \xf5\x80\x80\x80",
    "https://example.org/a?b=c&d=\"e\"",
    "\\u0000 not an escape",
};

static void tricky_strings_and_numbers_same_as_oracle(void **state)
{
    (void)state;
    size_t nt = CC_ARRAY_LEN(tricky);
    char *with_null[] = {"a", NULL, "\t"};
    static const double reals[] = {
        0.0,       -0.0, -0.00004,  0.00005,    -0.00005,    0.0001,    1e-4,
        0.1 + 0.2, 2.0,  -1.5,      0.12345678, 123456789.0, 1234567.0, 999999.5,
        100000.0,  1e20, -1e20,     1e300,      -1e-3,       NAN,       INFINITY,
        -INFINITY, 0.5,  1.0 / 3.0, 5e5,        7.0e6,       12.3456,   1e21,
    };
    size_t nr = CC_ARRAY_LEN(reals);
    struct cc_evidence ev[32];
    memset(ev, 0, sizeof(ev));
    for (size_t i = 0; i < CC_ARRAY_LEN(ev); i++) {
        struct cc_evidence *e = &ev[i];
        e->outlet = tricky[i % nt];
        e->title = tricky[(i + 1) % nt];
        e->url = i % 3 ? tricky[(i + 2) % nt] : NULL;
        e->published = i % 4 ? SAMPLE_T(DOY_JUL02, (int)i % 24) : CC_TIME_NONE;
        e->first_seen = i % 5 ? (int64_t)i * 86400 - 400000 : CC_TIME_NONE;
        if (i % 2) {
            snprintf(e->content_hash, sizeof(e->content_hash), "%032zx", i * 7919);
        }
        e->item_id = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : (int64_t)i - 3;
        e->score = reals[i % nr];
        e->passes = i % 2;
        e->direct = i % 3 == 0;
        e->source = i == 3 ? SIZE_MAX : i;
        e->copy = i % 5 == 0;
        e->contradiction = i % 4 == 1 ? tricky[(i + 3) % nt] : NULL;
        e->nfeatures = i == 5 ? 1000 : i % (CC_VERIFY_MAX_FEATURES + 1);
        for (size_t k = 0; k < CC_VERIFY_MAX_FEATURES; k++) {
            e->features[k] = reals[(i * 7 + k) % nr];
        }
    }
    size_t copies[] = {0, 1, 31, 40, SIZE_MAX};
    struct cc_source src[] = {
        {"Wire \"A\"", SIZE_MAX, copies, CC_ARRAY_LEN(copies), "wire credit", 0.9},
        {"B", 2, NULL, 0, "independent", -0.0},
        {NULL, 31, copies, 1, NULL, NAN},
    };
    struct cc_citation_check cites[] = {
        {"(Reuters\x01)", "Reuters", CC_CITE_CONFIRMED, "found", 3},
        {"bad \xfe", NULL, CC_CITE_UNRESOLVED, NULL, -1},
    };
    struct cc_claim_result claims[4];
    memset(claims, 0, sizeof(claims));
    for (size_t i = 0; i < CC_ARRAY_LEN(claims); i++) {
        struct cc_claim_result *c = &claims[i];
        c->index = i == 3 ? SIZE_MAX : i;
        c->sentence = i * 3;
        c->text = tricky[(i * 3) % nt];
        c->match_text = i == 2 ? NULL : tricky[(i * 5) % nt];
        c->checkworthy = i % 2;
        c->checkworthiness = reals[(i * 5) % nr];
        c->cited_outlets = i == 0 ? NULL : tricky;
        c->ncited = i == 0 ? 0 : nt;
        c->cited_confirmed = with_null;
        c->nconfirmed = i % 2 ? CC_ARRAY_LEN(with_null) : 0;
        c->reporting_outlets = tricky;
        c->nreporting = i;
        c->corroborating_outlets = with_null;
        c->ncorroborating = i == 1 ? CC_ARRAY_LEN(with_null) : 0;
        c->n_outlets = i * 1000;
        c->score = reals[(i * 11) % nr];
        c->verdict = (enum cc_verdict)(i % (CC_VERDICT_NOT_CHECKABLE + 1));
        c->best = i == 0 ? -1 : i == 1 ? 7 : i == 2 ? 1000 : 0;
        c->contradiction = i == 1 ? tricky[4] : NULL;
        c->candidates = i * 17;
        c->citations = i % 2 ? cites : NULL;
        c->ncitations = i % 2 ? CC_ARRAY_LEN(cites) : 0;
        c->evidence = i == 0 ? NULL : ev;
        c->nevidence = i == 0 ? 0 : CC_ARRAY_LEN(ev);
        c->sources = i == 2 ? src : NULL;
        c->nsources = i == 2 ? CC_ARRAY_LEN(src) : 0;
    }
    struct cc_verify_result r = {0};
    r.article = "https://news.example/\xe2\x80\xa8/a\"b";
    r.title = tricky[2];
    r.article_outlet = tricky[5];
    r.date = SAMPLE_T(DOY_JUL02, 12);
    r.date_source = "meta";
    r.window_days = -7;
    r.window_from = INT64_C(-62135596800);
    r.window_to = INT64_C(253402300799);
    r.max_candidates = SIZE_MAX;
    r.threshold = 0.35;
    r.model = NULL;
    r.nsentences = 12;
    r.elapsed_ms = -1;
    r.warnings = tricky;
    r.nwarnings = nt;
    r.claims = claims;
    r.nclaims = CC_ARRAY_LEN(claims);
    struct cc_verify_result empty = {0};
    empty.article = "";
    empty.date = CC_TIME_NONE;
    empty.window_from = CC_TIME_NONE;
    empty.window_to = CC_TIME_NONE;
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.command = tricky[3];
    run.config = tricky[6];
    run.fetched = 0;
    run.window_option = 0;
    const struct cc_verify_result *rs[] = {&r, &empty, &r};
    assert_same_as_oracle(rs, CC_ARRAY_LEN(rs), &run, 0);
    run.compact = true; /* the same strings and reals, compact */
    assert_same_as_oracle(rs, CC_ARRAY_LEN(rs), &run, 0);
    run.compact = false;
    /* A feature too large to scale: both refuse the report. */
    ev[4].nfeatures = 1;
    ev[4].features[0] = 1e305;
    assert_same_as_oracle(rs, 1, &run, CC_ENOMEM);
}

/* Many reals of every magnitude and sign, each as jansson formats it. */
static void reals_same_as_oracle(void **state)
{
    (void)state;
    struct cc_evidence ev[64];
    memset(ev, 0, sizeof(ev));
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < CC_ARRAY_LEN(ev); i++) {
        ev[i].published = CC_TIME_NONE;
        ev[i].first_seen = CC_TIME_NONE;
        ev[i].nfeatures = CC_VERIFY_MAX_FEATURES;
        for (size_t k = 0; k < CC_VERIFY_MAX_FEATURES; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            double m = (double)(x >> 11) / 9007199254740992.0; /* [0, 1) */
            int ex = (int)((x >> 3) % 40) - 12;
            double v = m * pow(10.0, ex);
            ev[i].features[k] = (x & 1) ? -v : v;
        }
        ev[i].score = (double)(int64_t)(x % 2000001) / 1e4 - 100.0;
    }
    struct cc_claim_result c = {0};
    c.best = -1;
    c.evidence = ev;
    c.nevidence = CC_ARRAY_LEN(ev);
    struct cc_verify_result r = {0};
    r.date = CC_TIME_NONE;
    r.window_from = CC_TIME_NONE;
    r.window_to = CC_TIME_NONE;
    r.claims = &c;
    r.nclaims = 1;
    const struct cc_verify_result *rs[] = {&r};
    assert_same_as_oracle(rs, 1, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_and_article_metadata),
        cmocka_unit_test(claim_has_csv_values_citations_evidence_and_sources),
        cmocka_unit_test(odd_text_is_kept_or_repaired),
        cmocka_unit_test(failure_leaves_buffer_as_it_was),
        cmocka_unit_test(sample_story_same_as_oracle),
        cmocka_unit_test(tricky_strings_and_numbers_same_as_oracle),
        cmocka_unit_test(reals_same_as_oracle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
