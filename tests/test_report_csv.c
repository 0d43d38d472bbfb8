/* Tests for core/report_csv: DESIGN.md's columns, values, quoting, the
 * feed-health rows and the record scanner. tests/report/csv_roundtrip.py
 * reads the same sample back with python3's csv module. */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/report_csv.h"
#include "tests/report_sample.h"
#include "core/banned.h"

static const char header[] =
    "article,claim_index,claim,checkworthy,cited_outlets,cited_confirmed,reporting_outlets,"
    "corroborating_outlets,n_outlets,score,verdict,evidence_outlet,evidence_title,evidence_url,"
    "evidence_published,contradiction\r\n";

static void header_is_designs_columns(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_csv_add_header(&b), 0);
    assert_string_equal(b.buf, header);
    cc_buf_release(&b);
}

/* The n-th line (0-based, CRLF-separated; only for rows without line
 * breaks inside cells). */
static void assert_line(const char *doc, size_t n, const char *want)
{
    const char *p = doc;
    for (size_t i = 0; i < n; i++) {
        p = strstr(p, "\r\n");
        assert_non_null(p);
        p += 2;
    }
    const char *end = strstr(p, "\r\n");
    assert_non_null(end);
    if (strlen(want) != (size_t)(end - p) || memcmp(p, want, strlen(want)) != 0) {
        fail_msg("line %zu:\n got [%.*s]\nwant [%s]", n, (int)(end - p), p, want);
    }
}

static void story_rows_have_every_value(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_csv_add(&b, sample_story()), 0);
    /* One row per sentence the result carries, in order. */
    assert_line(
        b.buf, 0,
        "fixtures/articles/example_article.txt,,Bilawal Bhutto-Zardari of Pakistan "
        "Peoples Party today extended an olive branch.,false,,,,,0,0.000,not-checkable,,,,,");
    assert_line(b.buf, 1,
                "fixtures/articles/example_article.txt,1,\"He pointed to Pakistan\xe2\x80\x99s "
                "effective counter-terror ties with U.S. and NATO allies (The Week, Deccan "
                "Herald)\",true,The Week;Deccan Herald,,,,0,0.120,uncorroborated,Arab News "
                "Pakistan,Bilawal says Pakistan could forge 'phenomenal' counter-terror "
                "partnership with India,https://www.arabnews.pk/node/2604466/"
                "pakistan,2025-06-14T09:00:00Z,");
    assert_line(b.buf, 4,
                "fixtures/articles/example_article.txt,4,Early reports put the toll at 26 "
                "dead.,true,,,Hindustan Times,Hindustan Times,1,0.220,contradicted,Hindustan "
                "Times,Early toll: 28 dead in Pahalgam terror attack,https://"
                "www.hindustantimes.com/india-news/pahalgam-28,2025-04-22T13:00:00Z,number: 28 vs "
                "26 (lives)");
    /* The copy counts in reporting_outlets, not in corroborating_outlets. */
    assert_line(b.buf, 5,
                "fixtures/articles/example_article.txt,5,\"Recently, Pakistan Foreign Minister "
                "Ishaq Dar made statements suggesting his nation was ready but not desperate for "
                "talks. Reuter\xe2\x80\x99s reported this development.\",true,Reuters,Reuters,"
                "Reuters;Business Recorder,Reuters,1,0.660,single-source,Reuters,\"Pakistan 'ready "
                "but not desperate' for talks with India, FM Dar says\","
                "https://news.google.com/rss/articles/CBMi-reuters-dar,2025-06-04T11:00:00Z,");
    cc_buf_release(&b);
}

static void tricky_cells_are_quoted_and_neutralised(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_csv_add(&b, sample_tricky()), 0);
    static const char want_first[] =
        "\"dir/=odd, \"\"name\"\".txt\",1,\"Hello, \"\"world\"\"\nsecond line\",true,"
        "\"Outlet, with comma;=Evil \"\"Outlet\"\"\",\"Outlet, with comma\","
        "\"Outlet, with comma;Caf\xc3\xa9 T\xc3\xa4gliche;\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0"
        "\xe8\x81\x9e\",\"Outlet, with comma;\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0\xe8\x81\x9e\","
        "2,0.812,corroborated,\"Outlet, with comma\",\"Title, with \"\"quotes\"\"\nand a line "
        "break\",\"https://example.com/a?b=1,2&c=\"\"3\"\"\",2025-04-22T09:00:00Z,\r\n";
    assert_memory_equal(b.buf, want_first, strlen(want_first));
    static const char *const want_claims[] = {
        "'=1+2",           "'+44 20 7946 0958", "'-5 degrees",
        "'@everyone look", "'\tTabbed start",   "\"'\rCR start\"",
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(want_claims); i++) {
        char cell[128];
        snprintf(cell, sizeof(cell), ",%zu,%s,true,", i + 2, want_claims[i]);
        if (!strstr(b.buf, cell)) {
            fail_msg("row %zu: no cell [%s] in\n%s", i + 2, cell, b.buf);
        }
    }
    assert_non_null(strstr(b.buf, ",uncorroborated,,,,,'-5 vs 5\r\n"));
    cc_buf_release(&b);
}

static void score_is_clamped_and_absent_evidence_is_empty(void **state)
{
    (void)state;
    struct cc_claim_result c = {0};
    c.index = 3;
    c.text = "x";
    c.score = 1.7;
    c.best = 5; /* out of range: no evidence */
    c.verdict = CC_VERDICT_SINGLE_SOURCE;
    struct cc_verify_result r = {0};
    r.article = "a.txt";
    r.claims = &c;
    r.nclaims = 1;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_csv_add(&b, &r), 0);
    assert_string_equal(b.buf, "a.txt,3,x,false,,,,,0,1.000,single-source,,,,,\r\n");
    /* -0.0 would print "-0.000", which the formula guard would quote. */
    cc_buf_reset(&b);
    c.score = -0.0;
    assert_int_equal(cc_report_csv_add(&b, &r), 0);
    assert_string_equal(b.buf, "a.txt,3,x,false,,,,,0,0.000,single-source,,,,,\r\n");
    cc_buf_release(&b);
}

static void fetch_rows_match_fetch_format_csv(void **state)
{
    (void)state;
    struct cc_fetch_result res[2] = {
        {"Dawn", "https://www.dawn.com/feeds/home", NULL, NULL, CC_FETCH_OK, 200, 3, 1, 12345, 87,
         CC_TIME_NONE, NULL},
        {"Geo, News", "file:///x/geo.xml", NULL, NULL, CC_FETCH_FAILED, 0, 0, 0, 0, 2, CC_TIME_NONE,
         "-cannot read"},
    };
    struct cc_fetch_report rep = {res, 2, {0}, 1, 100};
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_csv_add_fetch(&b, &rep, true), 0);
    assert_string_equal(b.buf,
                        "outlet,feed_url,status,http_status,new_items,updated_items,bytes,"
                        "elapsed_ms,error\r\n"
                        "Dawn,https://www.dawn.com/feeds/home,ok,200,3,1,12345,87,\r\n"
                        "\"Geo, News\",file:///x/geo.xml,failed,0,0,0,0,2,'-cannot read\r\n");
    cc_buf_release(&b);
}

struct scan_log {
    size_t n;
    char first[8][64];
    size_t rec_len[8];
};

static int log_record(const char *rec, size_t rec_len, const char *first, size_t first_len,
                      void *payload)
{
    struct scan_log *log = payload;
    assert_ptr_equal(rec, first);
    assert_true(log->n < 8);
    snprintf(log->first[log->n], sizeof(log->first[0]), "%.*s", (int)first_len, first);
    log->rec_len[log->n] = rec_len;
    log->n++;
    return 0;
}

static void scanner_finds_records_across_quoted_breaks(void **state)
{
    (void)state;
    static const char doc[] = "h1,h2\r\n"
                              "\"a,\"\"b\"\"\nc\",x\r\n"
                              "plain,\"multi\r\nline\"\r\n"
                              ",empty first\n"
                              "last,no end";
    struct scan_log log = {0};
    assert_int_equal(cc_report_csv_scan(doc, strlen(doc), log_record, &log), 0);
    assert_int_equal(log.n, 5);
    assert_string_equal(log.first[0], "h1");
    assert_string_equal(log.first[1], "\"a,\"\"b\"\"\nc\"");
    assert_string_equal(log.first[2], "plain");
    assert_string_equal(log.first[3], "");
    assert_string_equal(log.first[4], "last");
    assert_int_equal(log.rec_len[0], 7);
    assert_int_equal(log.rec_len[1], strlen("\"a,\"\"b\"\"\nc\",x\r\n"));
    assert_int_equal(log.rec_len[2], strlen("plain,\"multi\r\nline\"\r\n"));
    assert_int_equal(log.rec_len[4], strlen("last,no end"));
}

static int stop_at_second(const char *rec, size_t rec_len, const char *first, size_t first_len,
                          void *payload)
{
    (void)rec;
    (void)rec_len;
    (void)first;
    (void)first_len;
    size_t *n = payload;
    return ++*n == 2 ? 42 : 0;
}

static void scanner_stops_when_asked(void **state)
{
    (void)state;
    size_t n = 0;
    assert_int_equal(cc_report_csv_scan("a\nb\nc\n", 6, stop_at_second, &n), 42);
    assert_int_equal(n, 2);
}

static void oom_leaves_the_buffer_as_it_was(void **state)
{
    (void)state;
    for (size_t n = 1;; n++) {
        struct cc_buf b = CC_BUF_INIT;
        assert_int_equal(cc_buf_adds(&b, "keep"), 0);
        cc_alloc_fail_after(n);
        int rc = cc_report_csv_add(&b, sample_tricky());
        cc_alloc_fail_after(0);
        if (rc == 0) {
            cc_buf_release(&b);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_string_equal(b.buf, "keep");
        cc_buf_release(&b);
        assert_true(n < 200);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_is_designs_columns),
        cmocka_unit_test(story_rows_have_every_value),
        cmocka_unit_test(tricky_cells_are_quoted_and_neutralised),
        cmocka_unit_test(score_is_clamped_and_absent_evidence_is_empty),
        cmocka_unit_test(fetch_rows_match_fetch_format_csv),
        cmocka_unit_test(scanner_finds_records_across_quoted_breaks),
        cmocka_unit_test(scanner_stops_when_asked),
        cmocka_unit_test(oom_leaves_the_buffer_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
