#include "core/common.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/matcher.h"
#include "core/num.h"
#include "core/text.h"

struct fx {
    struct cc_model model;
    struct cc_matcher *m;
    struct cc_text_analyzer *a;
    struct cc_text t;
};

/* A background of unrelated headlines, so common words get a low IDF. */
static const char *const background[] = {
    "Stocks rise as investors weigh central bank policy",
    "Weather: heavy rain expected in the north this week",
    "Football club signs new striker for record fee",
    "Government announces budget for schools and hospitals",
    "Pakistan cricket team wins series against Sri Lanka",
    "India reports strong growth in services sector",
    "Oil prices fall after supply data",
    "City council approves new bus routes",
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    if (!f || cc_model_builtin(&f->model, NULL) != 0 ||
        cc_matcher_new(&f->m, &f->model, NULL) != 0 || cc_text_analyzer_new(&f->a, NULL) != 0) {
        return -1;
    }
    cc_text_init(&f->t);
    for (size_t i = 0; i < CC_ARRAY_LEN(background); i++) {
        struct cc_match_doc d = CC_MATCH_DOC_INIT;
        if (cc_text_analyze(&f->t, f->a, background[i], strlen(background[i]), CC_TIME_NONE,
                            NULL) != 0 ||
            cc_matcher_doc(&d, f->m, &f->t, 0, CC_TIME_NONE, NULL) != 0 ||
            cc_matcher_background_add(f->m, &d, NULL) != 0) {
            return -1;
        }
        cc_match_doc_release(&d);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    cc_text_release(&f->t);
    cc_text_analyzer_free(f->a);
    cc_matcher_free(f->m);
    free(f);
    return 0;
}

static void doc(struct fx *f, struct cc_match_doc *d, const char *s, size_t title_end, int64_t t)
{
    assert_int_equal(cc_text_analyze(&f->t, f->a, s, strlen(s), t, NULL), 0);
    assert_int_equal(cc_matcher_doc(d, f->m, &f->t, title_end, t, NULL), 0);
}

static void features(struct fx *f, double *out, const char *claim, const char *item,
                     size_t title_end)
{
    struct cc_match_doc c = CC_MATCH_DOC_INIT, d = CC_MATCH_DOC_INIT;
    doc(f, &c, claim, 0, CC_TIME_NONE);
    doc(f, &d, item, title_end, CC_TIME_NONE);
    cc_matcher_pair_features(out, f->m, &c, &d);
    cc_match_doc_release(&c);
    cc_match_doc_release(&d);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void coverage_both_directions(void **state)
{
    struct fx *f = *state;
    double x[CC_PF_COUNT];
    features(f, x, "Pahalgam attack kills tourists",
             "Gunmen attack and kill tourists in Pahalgam, Kashmir; dozens wounded", 0);
    NEAR(x[CC_PF_COV_CLAIM], 1.0); /* every claim term is in the item */
    assert_true(x[CC_PF_COV_ITEM] > 0.3 && x[CC_PF_COV_ITEM] < 0.9);
    assert_true(x[CC_PF_COSINE] > 0 && x[CC_PF_COSINE] < 1);
    NEAR(x[CC_PF_RARE], 1.0);
    NEAR(x[CC_PF_SHARED], 1.0); /* pahalgam attack kill tourist: all four */
    features(f, x, "Pahalgam attack kills tourists", "Oil prices fall after supply data", 0);
    NEAR(x[CC_PF_COV_CLAIM], 0.0);
    NEAR(x[CC_PF_COV_ITEM], 0.0);
    NEAR(x[CC_PF_COSINE], 0.0);
    NEAR(x[CC_PF_SHARED], 0.0);
    /* identical texts */
    features(f, x, "Ceasefire takes effect on the border", "Ceasefire takes effect on the border",
             0);
    NEAR(x[CC_PF_COV_CLAIM], 1.0);
    NEAR(x[CC_PF_COV_ITEM], 1.0);
    NEAR(x[CC_PF_COSINE], 1.0);
    NEAR(x[CC_PF_BIGRAM], 1.0);
}

static void rare_terms_weigh_more(void **state)
{
    struct fx *f = *state;
    double a[CC_PF_COUNT], b[CC_PF_COUNT];
    /* sharing the rare "Pahalgam" covers more of the claim than sharing "India" */
    features(f, a, "India mourns Pahalgam victims", "Pahalgam remembers", 0);
    features(f, b, "India mourns Pahalgam victims", "India remembers", 0);
    assert_true(a[CC_PF_COV_CLAIM] > b[CC_PF_COV_CLAIM]);
    assert_true(a[CC_PF_RARE] > b[CC_PF_RARE]);
}

static void numbers_agree_and_conflict(void **state)
{
    struct fx *f = *state;
    double x[CC_PF_COUNT];
    features(f, x, "attack claimed 26 lives", "twenty-six people killed in the attack", 0);
    NEAR(x[CC_PF_NUM_AGREE], 1.0);
    NEAR(x[CC_PF_NUM_CONFLICT], 0.0);
    features(f, x, "attack claimed 26 lives", "toll rises to 28 in the attack", 0);
    NEAR(x[CC_PF_NUM_AGREE], 0.0);
    NEAR(x[CC_PF_NUM_CONFLICT], 1.0);
    features(f, x, "attack claimed lives", "toll rises to 28 in the attack", 0);
    NEAR(x[CC_PF_NUM_CONFLICT], 0.0); /* the claim states no number */
}

static void dates_agree_and_conflict(void **state)
{
    struct fx *f = *state;
    double x[CC_PF_COUNT];
    features(f, x, "ceasefire came into effect on May 10", "Ceasefire from 10 May, both sides say",
             0);
    NEAR(x[CC_PF_DATE_AGREE], 1.0);
    NEAR(x[CC_PF_DATE_CONFLICT], 0.0);
    features(f, x, "ceasefire came into effect on May 10", "Ceasefire from May 12", 0);
    NEAR(x[CC_PF_DATE_AGREE], 0.0);
    NEAR(x[CC_PF_DATE_CONFLICT], 1.0);
}

static void names_quotes_and_title(void **state)
{
    struct fx *f = *state;
    double x[CC_PF_COUNT];
    features(f, x, "the minister met Kurilla and the NATO envoy in Brussels on Monday.",
             "NATO envoy meets ministers", 0);
    /* names of the claim: kurilla, nato, brussel, monday; the item has one */
    NEAR(x[CC_PF_NAMES], 0.25);
    features(f, x, "he called it a \"historic and phenomenal partnership\" in the speech.",
             "Bilawal offers a phenomenal partnership", 0);
    NEAR(x[CC_PF_QUOTE], 2.0 / 3.0); /* histor phenomen partnership: two found */
    /* title: only the terms before title_end count */
    const char *item = "Ceasefire holds\nTourists return to Pahalgam valley";
    features(f, x, "Tourists return to Pahalgam", item, 15);
    NEAR(x[CC_PF_TITLE], 0.0);
    NEAR(x[CC_PF_COV_CLAIM], 1.0);
    features(f, x, "Ceasefire holds", item, 15);
    NEAR(x[CC_PF_TITLE], 1.0);
}

static void days_from_nearest_anchor(void **state)
{
    struct fx *f = *state;
    struct cc_match_doc c = CC_MATCH_DOC_INIT, d = CC_MATCH_DOC_INIT;
    int64_t day = cc_days_from_civil(2025, 7, 2) * 86400;
    doc(f, &c, "ceasefire holds", 0, CC_TIME_NONE);
    c.anchors[0] = day;
    c.anchors[1] = cc_days_from_civil(2025, 5, 10) * 86400;
    c.nanchors = 2;
    double x[CC_PF_COUNT];
    doc(f, &d, "ceasefire holds", 0, day + 86400 + 3600); /* next day */
    cc_matcher_pair_features(x, f->m, &c, &d);
    NEAR(x[CC_PF_DAYS], CC_MIN(1.0, f->model.max_days));
    cc_match_doc_release(&d);
    doc(f, &d, "ceasefire holds", 0, cc_days_from_civil(2025, 5, 10) * 86400 + 7200);
    cc_matcher_pair_features(x, f->m, &c, &d);
    NEAR(x[CC_PF_DAYS], 0.0); /* on the day the claim names */
    cc_match_doc_release(&d);
    doc(f, &d, "ceasefire holds", 0, cc_days_from_civil(2024, 1, 1) * 86400);
    cc_matcher_pair_features(x, f->m, &c, &d);
    NEAR(x[CC_PF_DAYS], f->model.max_days); /* capped */
    /* a window wider than the model's: the distance shrinks with it */
    c.day_scale = 0.1;
    cc_match_doc_release(&d);
    doc(f, &d, "ceasefire holds", 0, day + 5 * 86400);
    cc_matcher_pair_features(x, f->m, &c, &d);
    NEAR(x[CC_PF_DAYS], CC_MIN(0.5, f->model.max_days));
    cc_match_doc_release(&c);
    cc_match_doc_release(&d);
}

static void story_expansion_lifts_a_differently_worded_item(void **state)
{
    struct fx *f = *state;
    const char *items[] = {
        "Pahalgam attack: gunmen kill 26 tourists in Kashmir",
        "Gunmen kill 26 tourists in Kashmir's Pahalgam, officials say",
        "Kashmir gunmen kill tourists; Pahalgam attack toll at 26",
        /* the same story in other words: shares almost nothing with the claim */
        "Kashmir massacre: tourists among dead as gunmen open fire, toll 26",
        "Oil prices fall after supply data",
    };
    struct cc_match_doc c = CC_MATCH_DOC_INIT, d[5];
    struct cc_match_candidate cands[5];
    int64_t day = cc_days_from_civil(2025, 4, 22) * 86400;
    doc(f, &c, "Pahalgam attack kills 26 tourists", 0, CC_TIME_NONE);
    c.anchors[0] = day;
    c.nanchors = 1;
    for (size_t i = 0; i < 5; i++) {
        struct cc_match_doc init = CC_MATCH_DOC_INIT;
        d[i] = init;
        doc(f, &d[i], items[i], 0, day + 3600); /* the same day */
        cands[i].doc = &d[i];
        cands[i].outlet = (int)i;
    }
    struct cc_match_result r = CC_MATCH_RESULT_INIT;
    assert_int_equal(cc_matcher_match(&r, f->m, &c, cands, 5, NULL), 0);
    assert_int_equal(r.n, 5);
    assert_true(r.nseeds >= 1);
    assert_true(r.c[0].seed);
    /* the seed supports the differently worded item */
    assert_true(r.c[3].f[CC_PF_COUNT + CC_XF_MAX] > 0);
    assert_true(r.c[3].score > r.c[4].score);
    assert_true(r.c[4].f[CC_PF_COUNT + CC_XF_MAX] == 0);
    assert_true(r.claim_p > 0.5);
    assert_true(r.npassing >= 3);
    for (size_t i = 0; i < 5; i++) {
        cc_match_doc_release(&d[i]);
    }
    /* no candidates: nothing passes and the claim is unlikely reported */
    assert_int_equal(cc_matcher_match(&r, f->m, &c, cands, 0, NULL), 0);
    assert_int_equal(r.npassing, 0);
    assert_true(r.claim_p < 0.5);
    cc_match_result_release(&r);
    cc_match_doc_release(&c);
}

static void claim_features_recency_and_missing_terms(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"Pahalgam attack: gunmen kill 26 tourists",
                           "Tourists killed in Pahalgam attack"};
    int64_t day = cc_days_from_civil(2025, 4, 22) * 86400;
    struct cc_match_doc c = CC_MATCH_DOC_INIT, d[2];
    struct cc_match_candidate cands[2];
    for (size_t i = 0; i < 2; i++) {
        struct cc_match_doc init = CC_MATCH_DOC_INIT;
        d[i] = init;
        doc(f, &d[i], items[i], 0, day + 3600 + (int64_t)i * 86400); /* the day, the day after */
        cands[i].doc = &d[i];
        cands[i].outlet = (int)i;
    }
    struct cc_match_result r = CC_MATCH_RESULT_INIT;
    /* every claim term is in some candidate */
    doc(f, &c, "Pahalgam attack kills 26 tourists", 0, CC_TIME_NONE);
    c.anchors[0] = day;
    c.nanchors = 1;
    assert_int_equal(cc_matcher_match(&r, f->m, &c, cands, 2, NULL), 0);
    assert_true(r.c[0].direct > r.c[1].direct);
    NEAR(r.claim_f[CC_CF_BEST_DAYS], 0.0); /* the best item is on the article's day */
    assert_true(r.claim_f[CC_CF_MEAN_DAYS] > 0 && r.claim_f[CC_CF_MEAN_DAYS] < 1);
    NEAR(r.claim_f[CC_CF_ALL_COV], 1.0);
    NEAR(r.claim_f[CC_CF_MISS_IDF], 0.0);
    NEAR(r.claim_f[CC_CF_MISS_SHARE], 0.0);
    double p_all = r.claim_p;
    cc_match_doc_release(&c);
    /* one term no candidate has */
    doc(f, &c, "Zanskar Pahalgam attack kills 26 tourists", 0, CC_TIME_NONE);
    c.anchors[0] = day;
    c.nanchors = 1;
    assert_int_equal(cc_matcher_match(&r, f->m, &c, cands, 2, NULL), 0);
    NEAR(r.claim_f[CC_CF_MISS_SHARE], 1.0 / (double)c.n);
    double idf = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (strcmp(cc_matcher_term(f->m, c.ids[i]), "zanskar") == 0) {
            idf = cc_matcher_idf(f->m, c.ids[i]);
        }
    }
    assert_true(idf > 0);
    NEAR(r.claim_f[CC_CF_MISS_IDF], idf / 10.0);
    assert_true(r.claim_f[CC_CF_ALL_COV] > 0 && r.claim_f[CC_CF_ALL_COV] < 1);
    assert_true(r.claim_p != p_all);
    cc_match_result_release(&r);
    cc_match_doc_release(&c);
    for (size_t i = 0; i < 2; i++) {
        cc_match_doc_release(&d[i]);
    }
}

static void model_file_is_checked(void **state)
{
    (void)state;
    struct cc_model m;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_model_parse(&m, "{", 1, "model.json", &err), CC_EPARSE);
    assert_string_equal(err.subject, "model.json");
    assert_int_equal(err.line, 1);
    cc_error_clear(&err);
    const char *no_pair = "{\"model\": \"x\", \"parameters\": {}}";
    assert_int_equal(cc_model_parse(&m, no_pair, strlen(no_pair), "m", &err), CC_EPARSE);
    assert_non_null(strstr(err.msg, "'pair'"));
    /* the built-in model parses and names its features in order */
    assert_int_equal(cc_model_builtin(&m, NULL), 0);
    assert_true(m.outlet_threshold > 0 && m.outlet_threshold < 1);
    assert_string_equal(cc_matcher_feature_name(0), "cov_claim");
    assert_string_equal(cc_matcher_feature_name(CC_PF_COUNT), "pair_logit");
    assert_string_equal(cc_matcher_claim_feature_name(CC_CF_COHERENCE), "coherence");
}

static void score_texts_ranks_pairs(void **state)
{
    struct fx *f = *state;
    const char *claims[] = {"Gold extends decline, according to Reuters.", "Gold extends decline",
                            "Gold extends decline"};
    const char *items[] = {"Gold extends its decline on payrolls data",
                           "Celebrities are starting to use Tinder", ""};
    double s[3];
    assert_int_equal(cc_matcher_score_texts(s, &f->model, claims, items, 3, NULL), 0);
    assert_true(s[0] > f->model.outlet_threshold);
    assert_true(s[1] < f->model.outlet_threshold);
    assert_true(s[2] < s[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coverage_both_directions),
        cmocka_unit_test(rare_terms_weigh_more),
        cmocka_unit_test(numbers_agree_and_conflict),
        cmocka_unit_test(dates_agree_and_conflict),
        cmocka_unit_test(names_quotes_and_title),
        cmocka_unit_test(days_from_nearest_anchor),
        cmocka_unit_test(story_expansion_lifts_a_differently_worded_item),
        cmocka_unit_test(claim_features_recency_and_missing_terms),
        cmocka_unit_test(model_file_is_checked),
        cmocka_unit_test(score_texts_ranks_pairs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
