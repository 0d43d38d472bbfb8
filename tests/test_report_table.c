/* Tests for core/report_table: width-aware wrapping, colour, sanitising. */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/report_table.h"
#include "core/utf8.h"
#include "tests/report_sample.h"
#include "core/banned.h"

static char *table_of(const struct cc_verify_result *r, size_t width, bool color)
{
    struct cc_buf b = CC_BUF_INIT;
    struct cc_report_table_options o = {width, color};
    const struct cc_verify_result *rs[] = {r};
    assert_int_equal(cc_report_table_add(&b, rs, 1, &o), 0);
    return cc_buf_detach(&b, NULL);
}

/* Display width of a line with its SGR sequences removed. */
static size_t visible_width(const char *s, size_t len)
{
    struct cc_buf b = CC_BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\x1b' && i + 1 < len && s[i + 1] == '[') {
            i += 2;
            while (i < len && s[i] != 'm') {
                i++;
            }
            continue;
        }
        assert_int_equal(cc_buf_addch(&b, s[i]), 0);
    }
    size_t w = cc_utf8_width(b.buf, b.len);
    cc_buf_release(&b);
    return w;
}

static void every_line_fits_the_width(void **state)
{
    (void)state;
    static const size_t widths[] = {40, 50, 59, 60, 72, 80, 100, 132, 200};
    const struct cc_verify_result *samples[] = {sample_story(), sample_tricky()};
    for (size_t s = 0; s < CC_ARRAY_LEN(samples); s++) {
        for (size_t w = 0; w < CC_ARRAY_LEN(widths); w++) {
            for (int color = 0; color < 2; color++) {
                char *t = table_of(samples[s], widths[w], color);
                const char *p = t;
                size_t line = 0;
                while (*p) {
                    const char *nl = strchr(p, '\n');
                    assert_non_null(nl);
                    size_t vw = visible_width(p, (size_t)(nl - p));
                    if (vw > widths[w]) {
                        fail_msg("sample %zu width %zu colour %d line %zu is %zu wide: [%.*s]", s,
                                 widths[w], color, line, vw, (int)(nl - p), p);
                    }
                    p = nl + 1;
                    line++;
                }
                cc_free(t);
            }
        }
    }
}

static void rows_show_verdict_score_sources_and_evidence(void **state)
{
    (void)state;
    char *t = table_of(sample_story(), 132, false);
    assert_non_null(strstr(t, "    #  VERDICT          SCORE SRC  CLAIM\n"));
    assert_non_null(strstr(t, "    3  \xe2\x9c\x94 corroborated    0.94   4  Bilawal\xe2\x80\x99s "
                              "plea comes after the April 22 Pahalgam terrorist attack that "
                              "claimed 26 lives, which\n"));
    assert_non_null(strstr(t, "    4  \xe2\x9c\x98 contradicted    0.22   1  Early reports put "
                              "the toll at 26 dead.\n"));
    assert_non_null(strstr(t, "outlets: Reuters (copies: Business Recorder)\n"));
    assert_non_null(strstr(t, "cited: Reuters \xe2\x9c\x94 confirmed\n"));
    assert_non_null(strstr(t, "contradiction: number: 28 vs 26 (lives)\n"));
    assert_non_null(strstr(t, "6 claims: 3 corroborated, 1 single-source, 1 uncorroborated, 1 "
                              "contradicted; 1 sentence not checkable (not listed)\n"));
    /* Not-checkable sentences are counted, not listed. */
    assert_null(strstr(t, "olive branch"));
    /* Continuation lines start under the claim column. */
    assert_non_null(strstr(t, "\n                                   outlets: Dawn, Geo News"));
    cc_free(t);
}

static void narrow_terminal_puts_the_claim_under_its_row(void **state)
{
    (void)state;
    char *t = table_of(sample_story(), 45, false);
    assert_non_null(strstr(t, "    4  \xe2\x9c\x98 contradicted    0.22   1  \n     Early reports "
                              "put the toll at 26 dead.\n"));
    cc_free(t);
    /* Below the minimum, the minimum. */
    char *u = table_of(sample_story(), 3, false);
    char *v = table_of(sample_story(), CC_REPORT_TABLE_MIN_WIDTH, false);
    assert_string_equal(u, v);
    cc_free(u);
    cc_free(v);
}

static void colour_only_when_asked(void **state)
{
    (void)state;
    char *plain = table_of(sample_story(), 80, false);
    assert_null(strchr(plain, '\x1b'));
    cc_free(plain);
    char *col = table_of(sample_story(), 80, true);
    assert_non_null(strstr(col, "\x1b[32m\xe2\x9c\x94 corroborated\x1b[0m"));
    assert_non_null(strstr(col, "\x1b[1;31m\xe2\x9c\x98 contradicted\x1b[0m"));
    cc_free(col);
}

static void control_characters_never_reach_the_terminal(void **state)
{
    (void)state;
    char *t = table_of(sample_tricky(), 80, false);
    for (const char *p = t; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 && c != '\n') {
            fail_msg("control byte 0x%02x at offset %zu", c, (size_t)(p - t));
        }
    }
    assert_non_null(strstr(t, "Hello, \"world\" second line"));
    assert_non_null(strstr(t, "<script>alert('x')</script> & [31mred [0m"));
    cc_free(t);
}

static void long_words_and_wide_characters_are_cut_between_characters(void **state)
{
    (void)state;
    struct cc_claim_result c = {0};
    c.index = 1;
    c.checkworthy = true;
    c.best = -1;
    c.verdict = CC_VERDICT_UNCORROBORATED;
    c.text = "\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1"
             "\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac"
             "\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac "
             "https://example.com/a/very/long/path/that/does/not/fit/in/one/line/at/all/x";
    struct cc_verify_result r = {0};
    r.article = "w.txt";
    r.date = CC_TIME_NONE;
    r.claims = &c;
    r.nclaims = 1;
    c.score = -0.0; /* shown as 0.00, not -0.00 */
    char *t = table_of(&r, 60, false);
    assert_non_null(strstr(t, "? uncorroborated  0.00   0  "));
    /* 25 columns for the claim: 12 wide characters (24 columns) per line. */
    assert_non_null(strstr(t, "  \xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4"
                              "\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d"
                              "\xb1\xe4\xba\xac\n"));
    assert_non_null(strstr(t, "https://example.com/a/ver\n"));
    assert_true(cc_utf8_is_valid(t, strlen(t)));
    cc_free(t);
}

static void oom_leaves_the_buffer_as_it_was(void **state)
{
    (void)state;
    const struct cc_verify_result *rs[] = {sample_story()};
    struct cc_report_table_options o = {80, true};
    for (size_t n = 1;; n++) {
        struct cc_buf b = CC_BUF_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_report_table_add(&b, rs, 1, &o);
        cc_alloc_fail_after(0);
        size_t len = b.len;
        cc_buf_release(&b);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(len, 0);
        assert_true(n < 500);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_line_fits_the_width),
        cmocka_unit_test(rows_show_verdict_score_sources_and_evidence),
        cmocka_unit_test(narrow_terminal_puts_the_claim_under_its_row),
        cmocka_unit_test(colour_only_when_asked),
        cmocka_unit_test(control_characters_never_reach_the_terminal),
        cmocka_unit_test(long_words_and_wide_characters_are_cut_between_characters),
        cmocka_unit_test(oom_leaves_the_buffer_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
