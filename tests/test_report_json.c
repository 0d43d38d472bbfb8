/* Tests for core/report_json: the schema, read back with jansson. */
#include "core/common.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "core/matcher.h"
#include "core/report_json.h"
#include "tests/report_sample.h"
#include "core/banned.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_and_article_metadata),
        cmocka_unit_test(claim_has_csv_values_citations_evidence_and_sources),
        cmocka_unit_test(odd_text_is_kept_or_repaired),
        cmocka_unit_test(failure_leaves_buffer_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
