#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/num.h"
#include "core/text.h"

/* 2025-07-15T12:00:00Z: the reference date of the example article's era. */
static int64_t ref_july(void)
{
    return cc_days_from_civil(2025, 7, 15) * 86400 + 12 * 3600;
}

static int setup(void **state)
{
    struct cc_text_analyzer *a = NULL;
    if (cc_text_analyzer_new(&a, NULL) < 0) {
        return -1;
    }
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    cc_text_analyzer_free(*state);
    return 0;
}

/* The terms of s joined by single spaces. */
static void terms_of(struct cc_buf *out, struct cc_text_analyzer *a, const char *s, int64_t ref)
{
    struct cc_text t = CC_TEXT_INIT;
    assert_int_equal(cc_text_analyze(&t, a, s, strlen(s), ref, NULL), 0);
    cc_buf_reset(out);
    for (size_t i = 0; i < t.n; i++) {
        assert_int_equal(cc_buf_addf(out, "%s%s", i ? " " : "", cc_text_term(&t, i)), 0);
    }
    cc_text_release(&t);
}

static void terms_table(void **state)
{
    struct cc_text_analyzer *a = *state;
    static const struct {
        const char *in;
        const char *want;
    } rows[] = {
        /* stop words out, Snowball stems, possessives dropped */
        {"The ministers were meeting in Islamabad", "minist meet islamabad"},
        {"Mother's Funeral", "mother funer"},
        {"O'Mara dies", "omara die"},
        {"Don't panic", "panic"},
        /* numbers in every spelling map to one value */
        {"26 lives", "#26 live"},
        {"twenty-six lives", "#26 live"},
        {"twenty six lives", "#26 live"},
        {"$1.5bn deal", "#1500000000 deal"},
        {"1,500 million dollars", "#1500000000 dollar"},
        {"1.5 billion", "#1500000000"},
        {"Sells 12,664 Shares", "sell #12664 share"},
        {"$100K prize", "#100000 prize"},
        {"one of them", "one"},
        {"one billion people", "#1000000000 peopl"},
        {"8.6 Pct", "#8.6 pct"},
        {"Rs 1 crore fine", "rs #10000000 fine"},
        {"3rd time", "#3 time"},
        /* dates: all spellings to @MM-DD */
        {"on April 22 in Pahalgam", "@04-22 pahalgam"},
        {"on 22 April 2025", "@04-22"},
        {"on 22/4/2025", "@04-22"},
        {"on 2025-04-22", "@04-22"},
        {"Sept. 3 meeting", "@09-03 meet"},
        {"May 10 ceasefire", "@05-10 ceasefir"},
        /* acronyms and dotted acronyms are never stop words */
        {"U.S. and NATO allies", "us nato alli"},
        {"MH370: Malaysia seeks radar data", "mh370 malaysia seek radar data"},
        /* hyphens and domains split */
        {"17-Year-Old Wins", "#17 year old win"},
        {"Arabnews.pk reported", "arabnew pk report"},
    };
    struct cc_buf got = CC_BUF_INIT;
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        terms_of(&got, a, rows[i].in, ref_july());
        if (strcmp(got.buf, rows[i].want) != 0) {
            fail_msg("row %zu '%s': got '%s', want '%s'", i, rows[i].in, got.buf, rows[i].want);
        }
    }
    cc_buf_release(&got);
}

static void dates_resolve_against_reference(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_text t = CC_TEXT_INIT;
    const char *s = "attack on April 22, talks on 10 May, deadline December 30";
    assert_int_equal(cc_text_analyze(&t, a, s, strlen(s), ref_july(), NULL), 0);
    int64_t want[] = {cc_days_from_civil(2025, 4, 22) * 86400,
                      cc_days_from_civil(2025, 5, 10) * 86400,
                      /* December 30 is more than 62 days after July 15: last year */
                      cc_days_from_civil(2024, 12, 30) * 86400};
    size_t k = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.terms[i].flags & CC_TERM_DATE) {
            assert_true(k < CC_ARRAY_LEN(want));
            assert_true(t.terms[i].day == want[k]);
            k++;
        }
    }
    assert_int_equal(k, 3);
    /* no reference: the day is unknown, the term still matches */
    assert_int_equal(cc_text_analyze(&t, a, "April 22", 8, CC_TIME_NONE, NULL), 0);
    assert_int_equal(t.n, 1);
    assert_string_equal(cc_text_term(&t, 0), "@04-22");
    assert_true(t.terms[0].day == CC_TIME_NONE);
    /* an impossible date is not a date */
    assert_int_equal(cc_text_analyze(&t, a, "April 31", 8, ref_july(), NULL), 0);
    assert_int_equal(t.n, 2);
    cc_text_release(&t);
}

static void numbers_carry_values_and_spans(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_text t = CC_TEXT_INIT;
    const char *s = "killed twenty-six tourists";
    assert_int_equal(cc_text_analyze(&t, a, s, strlen(s), CC_TIME_NONE, NULL), 0);
    assert_int_equal(t.n, 3);
    assert_true(t.terms[1].flags & CC_TERM_NUMBER);
    assert_true(t.terms[1].value == 26.0);
    assert_int_equal(t.terms[1].start, 7);
    assert_int_equal(t.terms[1].end, 17);
    cc_text_release(&t);
}

static void names_only_outside_title_case(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_text t = CC_TEXT_INIT;
    const char *prose = "the minister met Bilawal Bhutto in Washington on Tuesday.";
    assert_int_equal(cc_text_analyze(&t, a, prose, strlen(prose), CC_TIME_NONE, NULL), 0);
    assert_false(t.title_case);
    size_t names = 0;
    for (size_t i = 0; i < t.n; i++) {
        names += (t.terms[i].flags & CC_TERM_NAME) != 0;
    }
    assert_int_equal(names, 4); /* bilaw bhutto washington tuesday */
    const char *headline = "Celebrities Are Starting To Use Tinder";
    assert_int_equal(cc_text_analyze(&t, a, headline, strlen(headline), CC_TIME_NONE, NULL), 0);
    assert_true(t.title_case);
    for (size_t i = 0; i < t.n; i++) {
        assert_false(t.terms[i].flags & CC_TERM_NAME);
    }
    cc_text_release(&t);
}

static void quoted_phrases_numbered(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_text t = CC_TEXT_INIT;
    const char *s =
        "Trump called it \xe2\x80\x9cphenomenal\xe2\x80\x9d and 'a great success' today";
    assert_int_equal(cc_text_analyze(&t, a, s, strlen(s), CC_TIME_NONE, NULL), 0);
    assert_int_equal(t.nquotes, 2);
    unsigned seen = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (strcmp(cc_text_term(&t, i), "phenomen") == 0) {
            assert_int_equal(t.terms[i].quote, 1);
            seen |= 1;
        }
        if (strcmp(cc_text_term(&t, i), "success") == 0) {
            assert_int_equal(t.terms[i].quote, 2);
            seen |= 2;
        }
        if (strcmp(cc_text_term(&t, i), "today") == 0) {
            assert_int_equal(t.terms[i].quote, 0);
            seen |= 4;
        }
    }
    assert_int_equal(seen, 7);
    cc_text_release(&t);
}

static void bad_bytes_and_caps_never_crash(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_text t = CC_TEXT_INIT;
    const char bad[] = "caf\xc3 \xff\xfe 12,3 1.2.3. ''' \"\"\" $ % 99999999999999999999bn";
    assert_int_equal(cc_text_analyze(&t, a, bad, sizeof(bad) - 1, CC_TIME_NONE, NULL), 0);
    for (size_t i = 0; i < t.n; i++) {
        assert_true(t.terms[i].end <= sizeof(bad) - 1);
        assert_true(t.terms[i].start < t.terms[i].end);
    }
    /* over the cap: analysed up to CC_TEXT_MAX_BYTES */
    size_t big = CC_TEXT_MAX_BYTES * 2;
    char *s = cc_malloc(big);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++) {
        s[i] = (i % 6 == 5) ? ' ' : 'a';
    }
    assert_int_equal(cc_text_analyze(&t, a, s, big, CC_TIME_NONE, NULL), 0);
    /* 10922 whole words and the one cut at the cap */
    assert_int_equal(t.n, CC_TEXT_MAX_BYTES / 6 + 1);
    cc_free(s);
    cc_text_release(&t);
}

static void unicode_folding(void **state)
{
    struct cc_text_analyzer *a = *state;
    struct cc_buf got = CC_BUF_INIT;
    /* curly apostrophe possessive, Unicode case folding (Snowball drops the final e) */
    terms_of(&got, a,
             "Reuter\xe2\x80\x99s \xc3\x89LYS\xc3\x89"
             "E",
             CC_TIME_NONE);
    assert_string_equal(got.buf, "reuter \xc3\xa9lys\xc3\xa9");
    cc_buf_release(&got);
}

static void attribution_tail(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t body;
        const char *source;
    } rows[] = {
        {"Gold extends decline, according to Reuters.", 20, "Reuters"},
        {"Gold extends decline according to The Week", 20, "The Week"},
        {"According to Reuters, gold fell. Then it rose.", 46, NULL},
        {"No tail here.", 13, NULL},
        {"according to X.", 15, NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        const char *src = NULL;
        size_t sl = 0;
        size_t n = cc_text_strip_attribution(rows[i].in, strlen(rows[i].in), &src, &sl);
        if (n != rows[i].body) {
            fail_msg("row %zu: body %zu, want %zu", i, n, rows[i].body);
        }
        if (rows[i].source) {
            assert_non_null(src);
            assert_int_equal(sl, strlen(rows[i].source));
            assert_memory_equal(src, rows[i].source, sl);
        }
    }
}

static void stop_words(void **state)
{
    (void)state;
    assert_true(cc_text_is_stop_word("the", 3));
    assert_true(cc_text_is_stop_word("don't", 5));
    assert_true(cc_text_is_stop_word("said", 4));
    assert_false(cc_text_is_stop_word("nato", 4));
    assert_false(cc_text_is_stop_word("", 0));
    assert_false(cc_text_is_stop_word("internationalisation", 20));
}

static void analyze_out_of_memory(void **state)
{
    struct cc_text_analyzer *a = *state;
    const char *s = "The 26 tourists killed on April 22 in Pahalgam, 'a terror attack'";
    for (size_t n = 1;; n++) {
        struct cc_text t = CC_TEXT_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_text_analyze(&t, a, s, strlen(s), ref_july(), NULL);
        cc_alloc_fail_after(0);
        cc_text_release(&t);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_true(n < 1000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terms_table),
        cmocka_unit_test(dates_resolve_against_reference),
        cmocka_unit_test(numbers_carry_values_and_spans),
        cmocka_unit_test(names_only_outside_title_case),
        cmocka_unit_test(quoted_phrases_numbered),
        cmocka_unit_test(bad_bytes_and_caps_never_crash),
        cmocka_unit_test(unicode_folding),
        cmocka_unit_test(attribution_tail),
        cmocka_unit_test(stop_words),
        cmocka_unit_test(analyze_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
