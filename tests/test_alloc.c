#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/error.h"

static void fail_hook_fails_nth_and_later(void **state)
{
    (void)state;
    cc_alloc_fail_after(2);
    void *a = cc_malloc(8);
    void *b = cc_malloc(8);
    void *c = cc_calloc(2, 8);
    assert_non_null(a);
    assert_null(b);
    assert_null(c);
    assert_int_equal(cc_alloc_fail_after(0), 3);
    cc_free(a);
}

static void strndup_copies_and_terminates(void **state)
{
    (void)state;
    char *s = cc_strndup("hello world", 5);
    assert_string_equal(s, "hello");
    cc_free(s);
    assert_null(cc_strdup(NULL));
    s = cc_strdup("");
    assert_string_equal(s, "");
    cc_free(s);
}

static void array_grow_checks_overflow(void **state)
{
    (void)state;
    int *p = NULL;
    size_t alloc = 0;
    assert_int_equal(cc_array_grow((void **)&p, &alloc, 10, sizeof(*p)), 0);
    assert_true(alloc >= 10);
    p[9] = 7;
    size_t before = alloc;
    assert_int_equal(cc_array_grow((void **)&p, &alloc, SIZE_MAX / 2, sizeof(*p)), CC_ENOMEM);
    assert_int_equal(alloc, before);
    assert_int_equal(p[9], 7);
    cc_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fail_hook_fails_nth_and_later),
        cmocka_unit_test(strndup_copies_and_terminates),
        cmocka_unit_test(array_grow_checks_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
