#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

static void assert_sane_buf(const struct cc_buf *b)
{
    assert_non_null(b->buf);
    assert_int_equal(b->buf[b->len], '\0');
    if (b->alloc) {
        assert_true(b->len < b->alloc);
    } else {
        assert_int_equal(b->len, 0);
    }
    if (b->cap) {
        assert_true(b->len <= b->cap);
    }
}

static void empty_buffer_is_empty_string(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_sane_buf(&b);
    assert_string_equal(b.buf, "");
    cc_buf_release(&b);
    assert_sane_buf(&b);
}

static void appends_are_binary_safe(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_add(&b, "a\0b", 3), 0);
    assert_int_equal(cc_buf_adds(&b, "cd"), 0);
    assert_int_equal(cc_buf_addch(&b, 'e'), 0);
    assert_int_equal(cc_buf_addf(&b, "%d-%s", 42, "x"), 0);
    assert_sane_buf(&b);
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.buf, "a\0bcde42-x", 10);
    cc_buf_release(&b);
}

static void long_format_grows(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    char big[1000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(cc_buf_addf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.buf[0], '<');
    assert_int_equal(b.buf[1000], '>');
    assert_sane_buf(&b);
    cc_buf_release(&b);
}

static void cap_refuses_and_keeps_content(void **state)
{
    (void)state;
    struct cc_buf b;
    cc_buf_init(&b, 5);
    assert_int_equal(cc_buf_adds(&b, "abcd"), 0);
    assert_int_equal(cc_buf_adds(&b, "ef"), CC_ETOOBIG);
    assert_string_equal(b.buf, "abcd");
    assert_int_equal(cc_buf_addch(&b, 'e'), 0);
    assert_int_equal(cc_buf_addch(&b, 'f'), CC_ETOOBIG);
    assert_sane_buf(&b);
    cc_buf_release(&b);
}

static void detach_gives_ownership(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    size_t len = 99;
    char *s = cc_buf_detach(&b, &len);
    assert_non_null(s);
    assert_int_equal(len, 0);
    cc_free(s);
    assert_int_equal(cc_buf_adds(&b, "hello"), 0);
    s = cc_buf_detach(&b, &len);
    assert_string_equal(s, "hello");
    assert_int_equal(len, 5);
    assert_sane_buf(&b);
    cc_free(s);
}

static void trim_and_truncate(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&b, " \t hi there \n"), 0);
    cc_buf_trim(&b);
    assert_string_equal(b.buf, "hi there");
    cc_buf_truncate(&b, 2);
    assert_string_equal(b.buf, "hi");
    cc_buf_reset(&b);
    assert_string_equal(b.buf, "");
    cc_buf_trim(&b);
    assert_sane_buf(&b);
    cc_buf_release(&b);
}

static void oom_leaves_buffer_unchanged(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&b, "keep"), 0);
    char big[4096];
    memset(big, 'q', sizeof(big));
    cc_alloc_fail_after(1);
    assert_int_equal(cc_buf_add(&b, big, sizeof(big)), CC_ENOMEM);
    cc_alloc_fail_after(0);
    assert_string_equal(b.buf, "keep");
    assert_sane_buf(&b);
    cc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer_is_empty_string),
        cmocka_unit_test(appends_are_binary_safe),
        cmocka_unit_test(long_format_grows),
        cmocka_unit_test(cap_refuses_and_keeps_content),
        cmocka_unit_test(detach_gives_ownership),
        cmocka_unit_test(trim_and_truncate),
        cmocka_unit_test(oom_leaves_buffer_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
