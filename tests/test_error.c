#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/error.h"

static void first_error_wins(void **state)
{
    (void)state;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_error_set(&err, CC_EPARSE, "feed.xml", "bad date '%s'", "Foo"),
                     CC_EPARSE);
    assert_int_equal(cc_error_set(&err, CC_EIO, "other", "later"), CC_EIO);
    assert_int_equal(err.code, CC_EPARSE);
    assert_string_equal(err.subject, "feed.xml");
    assert_string_equal(err.msg, "bad date 'Foo'");
    char line[600];
    cc_error_format(line, sizeof(line), &err);
    assert_string_equal(line, "feed.xml: bad date 'Foo'");
    cc_error_clear(&err);
    assert_false(cc_error_is_set(&err));
}

static void subject_filled_only_when_empty(void **state)
{
    (void)state;
    struct cc_error err = CC_ERROR_INIT;
    cc_error_set_at(&err, CC_EPARSE, NULL, 3, 14, "unexpected end");
    cc_error_subject(&err, "outer.json");
    cc_error_subject(&err, "outermost.json");
    assert_string_equal(err.subject, "outer.json");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 14);
    assert_int_equal(cc_error_set(NULL, CC_ENOMEM, "x", "y"), CC_ENOMEM);
}

static void long_subject_is_cut_on_char_boundary(void **state)
{
    (void)state;
    struct cc_error err = CC_ERROR_INIT;
    char subj[600];
    size_t n = 0;
    while (n + 2 < sizeof(subj)) {
        subj[n++] = '\xc3';
        subj[n++] = '\xa9';
    }
    subj[n] = '\0';
    cc_error_set(&err, CC_EIO, subj, "x");
    size_t len = strlen(err.subject);
    assert_true(len < CC_ERROR_SUBJECT_MAX);
    assert_string_equal(err.subject + len - 3, "...");
    assert_int_equal((unsigned char)err.subject[len - 4], 0xa9);
}

static void quote_cuts_and_hides_controls(void **state)
{
    (void)state;
    char out[128];
    cc_error_quote(out, sizeof(out), "a\nb", 3);
    assert_string_equal(out, "a?b");
    char big[200];
    memset(big, 'x', sizeof(big));
    cc_error_quote(out, sizeof(out), big, sizeof(big));
    assert_int_equal(strlen(out), 83);
    assert_string_equal(out + 80, "...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_error_wins),
        cmocka_unit_test(subject_filled_only_when_empty),
        cmocka_unit_test(long_subject_is_cut_on_char_boundary),
        cmocka_unit_test(quote_cuts_and_hides_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
