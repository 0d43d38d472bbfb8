/* Tests for core/report_html: a self-contained page, everything escaped,
 * every claim highlighted and linked. tests/report/test_html_chromium.py
 * renders it in a real browser. */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/report_html.h"
#include "tests/report_sample.h"
#include "core/banned.h"

static char *page_of(const struct cc_verify_result *r)
{
    struct cc_buf b = CC_BUF_INIT;
    const struct cc_verify_result *rs[] = {r};
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.store = "/tmp/<store>.db";
    run.fetched = 1;
    assert_int_equal(cc_report_html_add(&b, rs, 1, &run), 0);
    return cc_buf_detach(&b, NULL);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

static void page_is_self_contained(void **state)
{
    (void)state;
    char *h = page_of(sample_story());
    assert_int_equal(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
    assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
    assert_int_equal(count(h, "<style>"), 1);
    /* No scripts, stylesheets, images, fonts or frames from anywhere. */
    static const char *const banned[] = {"<script", "<link",   "<img", "<iframe",
                                         "url(",    "@import", "src="};
    for (size_t i = 0; i < CC_ARRAY_LEN(banned); i++) {
        if (strstr(h, banned[i])) {
            fail_msg("page holds '%s'", banned[i]);
        }
    }
    assert_int_equal(strcmp(h + strlen(h) - 8, "</html>\n"), 0);
    cc_free(h);
}

static void claims_are_highlighted_graded_and_linked(void **state)
{
    (void)state;
    char *h = page_of(sample_story());
    /* Every claim: a highlight in the text, a grid row and a card. */
    for (size_t i = 1; i <= 6; i++) {
        char id[64];
        snprintf(id, sizeof(id), "id=\"a1-c%zu\"", i);
        assert_int_equal(count(h, id), 1);
        snprintf(id, sizeof(id), "href=\"#a1-c%zu\"", i);
        assert_int_equal(count(h, id), 2);
    }
    assert_int_equal(count(h, "<mark class=\"hl v-corroborated\""), 3);
    assert_int_equal(count(h, "<mark class=\"hl v-contradicted\""), 1);
    assert_int_equal(count(h, "<mark class=\"hl"), 6);
    /* The not-checkable sentence is in the text, unmarked. */
    assert_non_null(strstr(h, "<span class=\"plain\">Bilawal Bhutto-Zardari of Pakistan Peoples "
                              "Party today extended an olive branch.</span>"));
    /* Verdicts carry a word and an icon, not only a colour. */
    assert_non_null(strstr(h, "<span class=\"chip v-contradicted\"><span class=\"ic\" "
                              "aria-hidden=\"true\">\xe2\x9c\x98</span>Contradicted</span>"));
    /* Grid: cited and confirmed, cited but not found, copy, conflict. */
    assert_non_null(strstr(h, "<th class=\"o\" scope=\"col\">Business Recorder</th>"));
    assert_non_null(strstr(h, "class=\"cell c-copy\" title=\"Business Recorder carries a "
                              "syndicated copy of Reuters\""));
    assert_non_null(strstr(h, "class=\"cell c-missing\" title=\"cited, but not found in Deccan "
                              "Herald (coverage-gap: stored items start on 2025-06-20, after the "
                              "claim&#39;s date)\""));
    assert_non_null(strstr(h, "class=\"cell c-conflict\" title=\"Hindustan Times reports "
                              "something conflicting: number: 28 vs 26 (lives)\""));
    assert_non_null(strstr(h, "Citations: <b>3 of 8</b> confirmed in the cited outlet's feeds; "
                              "not found: The Week (claim 1), Deccan Herald (claim 1), The News "
                              "(claim 2, 6), Geo News (claim 2).</p>"));
    /* Evidence links with dates. */
    assert_non_null(strstr(h, "<a href=\"https://www.brecorder.com/news/40365001\" "
                              "rel=\"noopener noreferrer\">Pakistan ready but not desperate for "
                              "talks with India: Dar</a>"));
    assert_non_null(strstr(h, "2025-06-04 13:00 UTC"));
    /* Run parameters. */
    assert_non_null(strstr(h, "<dt>Store</dt><dd>/tmp/&lt;store&gt;.db</dd>"));
    assert_non_null(strstr(h, "<dt>Feeds</dt><dd>refreshed before checking</dd>"));
    assert_non_null(strstr(h, "<dt>Model</dt><dd>match-sample-v1</dd>"));
    cc_free(h);
}

static void hostile_text_is_escaped_and_links_are_web_only(void **state)
{
    (void)state;
    char *h = page_of(sample_tricky());
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<b>bold"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"));
    assert_non_null(strstr(h, "@SUM(A1) \xe2\x80\x94 &lt;b&gt;bold&lt;/b&gt;"));
    assert_null(strstr(h, "javascript:"));
    assert_non_null(strstr(h, "href=\"https://example.com/a?b=1,2&amp;c=&quot;3&quot;\""));
    /* The ESC of a terminal sequence is gone (HTML forbids C0 controls). */
    assert_null(strchr(h, '\x1b'));
    assert_null(strchr(h, '\r'));
    cc_free(h);
}

static void many_articles_get_a_contents_list(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    const struct cc_verify_result *rs[] = {sample_story(), sample_tricky()};
    assert_int_equal(cc_report_html_add(&b, rs, 2, NULL), 0);
    assert_non_null(strstr(b.buf, "<li><a href=\"#a2\">dir/=odd, &quot;name&quot;.txt</a></li>"));
    assert_non_null(strstr(b.buf, "id=\"a2-c1\""));
    assert_int_equal(count(b.buf, "How to read this page"), 1);
    cc_buf_release(&b);
}

static void oom_leaves_the_buffer_as_it_was(void **state)
{
    (void)state;
    const struct cc_verify_result *rs[] = {sample_story()};
    for (size_t n = 1;; n++) {
        struct cc_buf b = CC_BUF_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_report_html_add(&b, rs, 1, NULL);
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
        cmocka_unit_test(page_is_self_contained),
        cmocka_unit_test(claims_are_highlighted_graded_and_linked),
        cmocka_unit_test(hostile_text_is_escaped_and_links_are_web_only),
        cmocka_unit_test(many_articles_get_a_contents_list),
        cmocka_unit_test(oom_leaves_the_buffer_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
