#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/article.h"
#include "core/fetch.h"
#include "core/outlets.h"
#include "core/scoring.h"
#include "core/store.h"
#include "core/verify.h"

/* ---- verdict rules and score (core/scoring) ------------------------------------------------- */

static void verdict_rules(void **state)
{
    (void)state;
    static const struct {
        size_t sources;
        bool checkworthy;
        size_t conflicting, agreeing;
        enum cc_verdict want;
    } rows[] = {
        {2, true, 0, 0, CC_VERDICT_CORROBORATED},
        {5, false, 0, 0, CC_VERDICT_CORROBORATED}, /* reported: checkable after all */
        {1, true, 0, 0, CC_VERDICT_SINGLE_SOURCE},
        {1, false, 0, 1, CC_VERDICT_SINGLE_SOURCE},
        {0, true, 0, 0, CC_VERDICT_UNCORROBORATED},
        {0, false, 0, 0, CC_VERDICT_NOT_CHECKABLE},
        {3, true, 1, 0, CC_VERDICT_CONTRADICTED}, /* a conflict nobody outweighs */
        {3, true, 1, 1, CC_VERDICT_CONTRADICTED}, /* as many conflict as agree */
        {6, true, 1, 5, CC_VERDICT_CORROBORATED}, /* an early toll among the consensus */
        {1, true, 1, 0, CC_VERDICT_CONTRADICTED},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_scoring_input in = {
            0.8, rows[i].sources, 0.5, rows[i].checkworthy, rows[i].conflicting, rows[i].agreeing};
        int got = cc_scoring_verdict(&in);
        if (got != (int)rows[i].want) {
            fail_msg("row %zu: verdict %s, want %s", i, cc_verdict_name((enum cc_verdict)got),
                     cc_verdict_name(rows[i].want));
        }
    }
    assert_string_equal(cc_verdict_name(CC_VERDICT_SINGLE_SOURCE), "single-source");
    assert_string_equal(cc_cite_status_name(CC_CITE_NO_FEED), "no-feed");
}

static void score_combines_evidence_and_priors(void **state)
{
    (void)state;
    struct cc_scoring_input in = {0.64, 2, 0.5, true, 0, 0};
    /* the default prior leaves the evidence probability as it is */
    assert_true(cc_scoring_score(&in) > 0.6399 && cc_scoring_score(&in) < 0.6401);
    /* trusted sources raise it, doubtful ones lower it; it stays in [0,1] */
    in.mean_credibility = 0.9;
    double hi = cc_scoring_score(&in);
    in.mean_credibility = 0.1;
    double lo = cc_scoring_score(&in);
    assert_true(hi > 0.64 && hi <= 1.0);
    assert_true(lo < 0.64 && lo >= 0.0);
    /* monotone in the evidence */
    in.mean_credibility = 0.5;
    in.evidence_p = 0.3;
    double a = cc_scoring_score(&in);
    in.evidence_p = 0.31;
    assert_true(cc_scoring_score(&in) > a);
    /* a contradiction changes the verdict, not the score */
    in.evidence_p = 0.8;
    in.conflicting = 2;
    assert_true(cc_scoring_score(&in) > 0.7999 && cc_scoring_score(&in) < 0.8001);
    /* out-of-range input is clamped */
    struct cc_scoring_input bad = {1.7, 0, 7.0, true, 0, 0};
    assert_true(cc_scoring_score(&bad) <= 1.0);
}

/* ---- the example article against the fixture feeds ---------------------------------------------
 */

struct fx {
    char dir[64];
    struct cc_registry *reg;
    struct cc_store *st;
    struct cc_verify_result *r;
};

static int example_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    if (!f) {
        return -1;
    }
    const char *fixtures = getenv("CC_FIXTURES_DIR");
    if (!fixtures) {
        fixtures = CC_FIXTURES_DIR;
    }
    char path[512];
    snprintf(f->dir, sizeof(f->dir), "/tmp/cc_test_verify_XXXXXX");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(path, sizeof(path), "%s/outlets.json", fixtures);
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_load(&f->reg, path, &err) != 0) {
        fprintf(stderr, "%s: %s\n", err.subject, err.msg);
        return -1;
    }
    snprintf(path, sizeof(path), "%s/store.db", f->dir);
    if (cc_store_open(&f->st, path, &err) != 0) {
        return -1;
    }
    struct cc_fetch_options fo;
    cc_fetch_options_init(&fo);
    struct cc_fetch_report rep;
    memset(&rep, 0, sizeof(rep));
    int rc = cc_fetch_run(&rep, f->st, f->reg, &fo, &err);
    size_t failed = rep.totals.failed;
    cc_fetch_report_release(&rep);
    if (rc != 0 || failed != 0) {
        fprintf(stderr, "fetch: %d %s: %s\n", rc, err.subject, err.msg);
        return -1;
    }
    /* story_facts B: the article's "today" is 2 July 2025; its facts reach
     * back to 22 April, so the window is 75 days (fixtures/feeds/README.md) */
    struct cc_verify_options vo = {CC_TIME_NONE, 75, 0, CC_TIME_NONE};
    if (cc_article_parse_date(&vo.date, "2025-07-02", &err) != 0) {
        return -1;
    }
    struct cc_verify *v = NULL;
    if (cc_verify_new(&v, f->st, f->reg, &vo, &err) != 0) {
        return -1;
    }
    snprintf(path, sizeof(path), "%s/articles/example_article.txt", fixtures);
    rc = cc_verify_article(&f->r, v, path, &err);
    cc_verify_free(v);
    if (rc != 0) {
        fprintf(stderr, "verify: %s: %s\n", err.subject, err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int example_teardown(void **state)
{
    struct fx *f = *state;
    char path[128];
    cc_verify_result_free(f->r);
    cc_store_close(f->st);
    cc_registry_free(f->reg);
    static const char *const files[] = {"store.db", "store.db-wal", "store.db-shm"};
    for (size_t i = 0; i < CC_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* The claim whose text contains needle (each needle is unique in the article). */
static const struct cc_claim_result *claim_with(const struct cc_verify_result *r,
                                                const char *needle)
{
    for (size_t i = 0; i < r->nclaims; i++) {
        if (strstr(r->claims[i].text, needle)) {
            return &r->claims[i];
        }
    }
    fail_msg("no claim contains '%s'", needle);
    return NULL;
}

static bool has(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            return true;
        }
    }
    return false;
}

static const struct cc_citation_check *citation_of(const struct cc_claim_result *c,
                                                   const char *outlet)
{
    for (size_t i = 0; i < c->ncitations; i++) {
        if (c->citations[i].outlet && strcmp(c->citations[i].outlet, outlet) == 0) {
            return &c->citations[i];
        }
    }
    fail_msg("claim '%.40s' cites no %s", c->text, outlet);
    return NULL;
}

/* One test per claim of fixtures/feeds/README.md's answer key (labels C1-C13). */

static void c1_partnership_offer_corroborated(void **state)
{
    const struct fx *f = *state;
    /* C1: Dawn and The News both carry the 2 July speech ("historic,
     * phenomenal partnership"); the "(Sources 1)" citations resolve to
     * nothing and are reported as unresolved, never dropped. */
    const struct cc_claim_result *c = claim_with(f->r, "extended an olive branch");
    assert_int_equal(c->verdict, CC_VERDICT_CORROBORATED);
    assert_true(has(c->reporting_outlets, c->nreporting, "Dawn"));
    assert_true(has(c->reporting_outlets, c->nreporting, "The News International"));
    c = claim_with(f->r, "A Bulwark Against Terrorism");
    assert_int_equal(c->verdict, CC_VERDICT_CORROBORATED);
    assert_true(c->ncitations >= 1);
    for (size_t i = 0; i < c->ncitations; i++) {
        assert_int_equal(c->citations[i].status, CC_CITE_UNRESOLVED);
    }
}

static void c2_high_horse_quote_at_most_single_source(void **state)
{
    const struct fx *f = *state;
    /* C2: only Dawn paraphrases it ("step down from the high horse"); the
     * quote itself appears nowhere, so at most one weak source. */
    const struct cc_claim_result *c = claim_with(f->r, "high horse");
    assert_true(c->n_outlets <= 1);
    assert_true(c->verdict != CC_VERDICT_CORROBORATED);
}

static void rhetoric_not_checkable(void **state)
{
    const struct fx *f = *state;
    /* "And these ideas could change everything for India too!": an
     * exclamation with no fact, and nothing reports it. */
    const struct cc_claim_result *c = claim_with(f->r, "could change everything");
    assert_int_equal(c->verdict, CC_VERDICT_NOT_CHECKABLE);
    assert_false(c->checkworthy);
    assert_int_equal(c->nreporting, 0);
}

static void c4_raw_isi_reported(void **state)
{
    const struct fx *f = *state;
    /* C4: Dawn and Hindustan Times (a PTI copy citing Dawn) report the UN
     * speech of 3 June. The key accepts a strict model seeing HT as derived
     * from Dawn: at least one source, and HT's report among them. */
    const struct cc_claim_result *c = claim_with(f->r, "RAW and Pakistan");
    assert_true(c->n_outlets >= 1);
    assert_true(has(c->reporting_outlets, c->nreporting, "Hindustan Times") ||
                has(c->reporting_outlets, c->nreporting, "Dawn"));
}

static void c5_nato_allies_cited_but_not_found(void **state)
{
    const struct fx *f = *state;
    /* C5: cited to The Week and Deccan Herald, whose feeds reach back to
     * April (no coverage gap) but hold nothing on "U.S. and NATO allies";
     * the Al Jazeera NATO-summit item is a lexical distractor. */
    const struct cc_claim_result *c = claim_with(f->r, "NATO allies");
    assert_int_equal(c->verdict, CC_VERDICT_UNCORROBORATED);
    assert_int_equal(citation_of(c, "The Week")->status, CC_CITE_NOT_MATCHED);
    assert_int_equal(citation_of(c, "Deccan Herald")->status, CC_CITE_NOT_MATCHED);
    assert_int_equal(c->nconfirmed, 0);
}

static void c6_brussels_single_source_arab_news(void **state)
{
    const struct fx *f = *state;
    /* C6: only Arab News Pakistan reported the Brussels delegation (14 and
     * 16 June); The News and Geo, also cited, have no such item. */
    const struct cc_claim_result *c = claim_with(f->r, "delegation in Brussels");
    assert_int_equal(c->verdict, CC_VERDICT_SINGLE_SOURCE);
    assert_true(has(c->corroborating_outlets, c->ncorroborating, "Arab News Pakistan"));
    assert_int_equal(citation_of(c, "Arab News Pakistan")->status, CC_CITE_CONFIRMED);
    assert_true(has(c->cited_confirmed, c->nconfirmed, "Arab News Pakistan"));
    assert_int_equal(citation_of(c, "The News International")->status, CC_CITE_NOT_MATCHED);
    assert_int_equal(citation_of(c, "Geo News")->status, CC_CITE_NOT_MATCHED);
}

static void c7_pahalgam_not_contradicted(void **state)
{
    const struct fx *f = *state;
    /* C7/C8: the April 22 attack that claimed 26 lives. Business Recorder's
     * "92,000 lives" (the war on terror) is another context, not a
     * conflicting toll; the sentence is reported (by Reuters at least). */
    const struct cc_claim_result *c = claim_with(f->r, "Pahalgam terrorist attack");
    assert_true(c->verdict != CC_VERDICT_CONTRADICTED);
    assert_null(c->contradiction);
    assert_true(c->n_outlets >= 1);
}

static void c9_airstrikes_corroborated(void **state)
{
    const struct fx *f = *state;
    /* C9: the strikes of 7 May, reported by several outlets. */
    const struct cc_claim_result *c = claim_with(f->r, "airstrikes against militant targets");
    assert_int_equal(c->verdict, CC_VERDICT_CORROBORATED);
}

static void c10_ceasefire_wikipedia_has_no_feed(void **state)
{
    const struct fx *f = *state;
    /* C10: Reuters, Geo, The News, Al Jazeera on 10-11 May; the date "May
     * 10" anchors its own window. Wikipedia is cited but has no feed. */
    const struct cc_claim_result *c = claim_with(f->r, "came into effect on May 10");
    assert_int_equal(c->verdict, CC_VERDICT_CORROBORATED);
    assert_true(has(c->reporting_outlets, c->nreporting, "Reuters"));
    assert_int_equal(citation_of(c, "Wikipedia")->status, CC_CITE_NO_FEED);
    assert_int_equal(c->nconfirmed, 0);
}

static void c11_dar_reuters_and_its_copy_are_one_source(void **state)
{
    const struct fx *f = *state;
    /* C11: Reuters (4 June) and Business Recorder, which carries the same
     * Reuters story with a "— Reuters" credit: two reporting outlets, one
     * independent source credited to Reuters; "Reuter's reported" is
     * confirmed. */
    const struct cc_claim_result *c = claim_with(f->r, "Ishaq Dar");
    assert_int_equal(c->verdict, CC_VERDICT_SINGLE_SOURCE);
    assert_int_equal(c->nreporting, 2);
    assert_true(has(c->reporting_outlets, c->nreporting, "Reuters"));
    assert_true(has(c->reporting_outlets, c->nreporting, "Business Recorder"));
    assert_int_equal(c->n_outlets, 1);
    assert_string_equal(c->corroborating_outlets[0], "Reuters");
    assert_int_equal(c->nsources, 1);
    assert_int_equal(c->sources[0].ncopies, 1);
    assert_string_equal(c->evidence[c->sources[0].copies[0]].outlet, "Business Recorder");
    assert_true(has(c->cited_confirmed, c->nconfirmed, "Reuters"));
}

static void new_delhi_silence_uncorroborated(void **state)
{
    const struct fx *f = *state;
    /* No item reports New Delhi's (non-)response. */
    const struct cc_claim_result *c = claim_with(f->r, "New Delhi has yet to formally respond");
    assert_int_equal(c->verdict, CC_VERDICT_UNCORROBORATED);
    assert_int_equal(c->nreporting, 0);
}

static void c12_kurilla_the_news_not_found(void **state)
{
    const struct fx *f = *state;
    /* C12: Geo's House-hearing item (10 June UTC, "phenomenal partner")
     * supports it in substance ("outstanding" appears nowhere); The News,
     * cited, has no such item. */
    const struct cc_claim_result *c = claim_with(f->r, "Kurilla");
    assert_true(c->n_outlets >= 1);
    assert_true(has(c->reporting_outlets, c->nreporting, "Geo News"));
    assert_int_equal(citation_of(c, "The News International")->status, CC_CITE_NOT_MATCHED);
}

static void c13_indus_waters_corroborated(void **state)
{
    const struct fx *f = *state;
    /* C13: Deccan Herald, Dawn, Economic Times (April) and later items. */
    const struct cc_claim_result *c = claim_with(f->r, "Indus Waters Treaty");
    assert_int_equal(c->verdict, CC_VERDICT_CORROBORATED);
    assert_null(c->contradiction);
}

static void global_players_uncorroborated(void **state)
{
    const struct fx *f = *state;
    const struct cc_claim_result *c = claim_with(f->r, "global players");
    assert_int_equal(c->verdict, CC_VERDICT_UNCORROBORATED);
}

static void result_is_self_consistent(void **state)
{
    const struct fx *f = *state;
    const struct cc_verify_result *r = f->r;
    assert_int_equal(r->window_days, 75);
    assert_non_null(r->model);
    size_t last = 0;
    for (size_t i = 0; i < r->nclaims; i++) {
        const struct cc_claim_result *c = &r->claims[i];
        assert_true(c->score >= 0 && c->score <= 1);
        assert_int_equal(c->n_outlets, c->ncorroborating);
        assert_int_equal(c->ncorroborating, c->nsources);
        assert_true(c->nreporting >= c->n_outlets || c->n_outlets == 1);
        if (c->index) {
            assert_true(c->index == last + 1); /* claims numbered from 1, in order */
            last = c->index;
        }
        for (size_t k = 0; k < c->nevidence; k++) {
            assert_true(k == 0 || c->evidence[k].score <= c->evidence[k - 1].score ||
                        !c->evidence[k].passes);
            assert_int_equal(strlen(c->evidence[k].content_hash), 64);
        }
        for (size_t k = 0; k < c->nconfirmed; k++) {
            assert_true(has(c->cited_outlets, c->ncited, c->cited_confirmed[k]));
            assert_true(has(c->reporting_outlets, c->nreporting, c->cited_confirmed[k]));
        }
    }
}

static const struct CMUnitTest example_tests[] = {
    cmocka_unit_test(c1_partnership_offer_corroborated),
    cmocka_unit_test(c2_high_horse_quote_at_most_single_source),
    cmocka_unit_test(rhetoric_not_checkable),
    cmocka_unit_test(c4_raw_isi_reported),
    cmocka_unit_test(c5_nato_allies_cited_but_not_found),
    cmocka_unit_test(c6_brussels_single_source_arab_news),
    cmocka_unit_test(c7_pahalgam_not_contradicted),
    cmocka_unit_test(c9_airstrikes_corroborated),
    cmocka_unit_test(c10_ceasefire_wikipedia_has_no_feed),
    cmocka_unit_test(c11_dar_reuters_and_its_copy_are_one_source),
    cmocka_unit_test(new_delhi_silence_uncorroborated),
    cmocka_unit_test(c12_kurilla_the_news_not_found),
    cmocka_unit_test(c13_indus_waters_corroborated),
    cmocka_unit_test(global_players_uncorroborated),
    cmocka_unit_test(result_is_self_consistent),
};

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(verdict_rules),
        cmocka_unit_test(score_combines_evidence_and_priors),
    };
    int failed = cmocka_run_group_tests_name("verdicts", unit, NULL, NULL);
    failed += cmocka_run_group_tests_name("example_article", example_tests, example_setup,
                                          example_teardown);
    return failed;
}
