/* Tests for core/report: format names and the dispatcher. */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "core/report.h"
#include "core/report_csv.h"
#include "tests/report_sample.h"
#include "core/banned.h"

static void formats_parse_and_name(void **state)
{
    (void)state;
    static const char *const names[] = {"csv", "json", "table", "html"};
    for (size_t i = 0; i < CC_ARRAY_LEN(names); i++) {
        enum cc_report_format f = CC_REPORT_HTML;
        assert_int_equal(cc_report_format_parse(&f, names[i]), 0);
        assert_int_equal((size_t)f, i);
        assert_string_equal(cc_report_format_name(f), names[i]);
    }
    enum cc_report_format f = CC_REPORT_CSV;
    assert_int_equal(cc_report_format_parse(&f, "CSV"), CC_EINVAL);
    assert_int_equal(cc_report_format_parse(&f, "xml"), CC_EINVAL);
    assert_int_equal(cc_report_format_parse(&f, NULL), CC_EINVAL);
}

static void dispatch_writes_each_format(void **state)
{
    (void)state;
    const struct cc_verify_result *rs[] = {sample_story(), sample_tricky()};
    struct cc_error err = CC_ERROR_INIT;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_report_add(&b, CC_REPORT_CSV, rs, 2, NULL, true, NULL, &err), 0);
    assert_int_equal(strncmp(b.buf, "article,claim_index,", 20), 0);
    /* Both articles' rows, header once. */
    assert_non_null(strstr(b.buf, "\r\nfixtures/articles/example_article.txt,6,"));
    assert_non_null(strstr(b.buf, "\r\n\"dir/=odd, \"\"name\"\".txt\",9,"));
    cc_buf_reset(&b);
    assert_int_equal(cc_report_add(&b, CC_REPORT_CSV, rs, 1, NULL, false, NULL, &err), 0);
    assert_int_equal(strncmp(b.buf, "fixtures/articles/example_article.txt,,", 39), 0);
    cc_buf_reset(&b);
    assert_int_equal(cc_report_add(&b, CC_REPORT_JSON, rs, 1, NULL, false, NULL, &err), 0);
    assert_int_equal(b.buf[0], '{');
    cc_buf_reset(&b);
    assert_int_equal(cc_report_add(&b, CC_REPORT_TABLE, rs, 1, NULL, false, NULL, &err), 0);
    assert_non_null(strstr(b.buf, "VERDICT"));
    cc_buf_reset(&b);
    assert_int_equal(cc_report_add(&b, CC_REPORT_HTML, rs, 1, NULL, false, NULL, &err), 0);
    assert_int_equal(strncmp(b.buf, "<!DOCTYPE html>", 15), 0);
    cc_buf_release(&b);
}

static void failure_names_the_format(void **state)
{
    (void)state;
    const struct cc_verify_result *rs[] = {sample_story()};
    struct cc_error err = CC_ERROR_INIT;
    struct cc_buf b;
    cc_buf_init(&b, 100);
    assert_int_equal(cc_report_add(&b, CC_REPORT_HTML, rs, 1, NULL, false, NULL, &err), CC_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_non_null(strstr(err.msg, "cannot build the html report"));
    struct cc_error err2 = CC_ERROR_INIT;
    assert_int_equal(cc_report_add(&b, (enum cc_report_format)9, rs, 1, NULL, false, NULL, &err2),
                     CC_EINVAL);
    cc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_parse_and_name),
        cmocka_unit_test(dispatch_writes_each_format),
        cmocka_unit_test(failure_names_the_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
