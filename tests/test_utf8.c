#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"

static void decoder_rejects_bad_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        int32_t cp;
        size_t used;
    } rows[] = {
        {"A", 1, 'A', 1},
        {"\xc3\xa9", 2, 0xE9, 2},
        {"\xe2\x80\x99", 3, 0x2019, 3},
        {"\xf0\x9f\x98\x80", 4, 0x1F600, 4},
        {"\xc0\xaf", 2, -1, 1},          /* overlong '/' */
        {"\xed\xa0\x80", 3, -1, 1},      /* surrogate */
        {"\xf4\x90\x80\x80", 4, -1, 1},  /* above U+10FFFF */
        {"\xe2\x80", 2, -1, 1},          /* truncated */
        {"\x80", 1, -1, 1},              /* lone continuation */
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, rows[i].in, rows[i].len);
        if (cp != rows[i].cp || n != rows[i].used) {
            fail_msg("row %zu: cp %d n %zu", i, (int)cp, n);
        }
    }
}

static void repair_replaces_each_bad_byte(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    size_t bad = 0;
    assert_int_equal(cc_utf8_repair(&b, "a\xff" "b\0c", 5, &bad), 0);
    assert_int_equal(bad, 2);
    assert_string_equal(b.buf, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    assert_true(cc_utf8_is_valid(b.buf, b.len));
    assert_false(cc_utf8_is_valid("a\xff", 2));
    cc_buf_release(&b);
}

static void cp1252_maps_smart_quotes(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_utf8_from_cp1252(&b, "\x93hi\x94 caf\xe9 \x80", 11), 0);
    assert_string_equal(b.buf, "\xe2\x80\x9chi\xe2\x80\x9d caf\xc3\xa9 \xe2\x82\xac");
    cc_buf_release(&b);
}

static void nfc_composes(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_utf8_nfc(&b, "cafe\xcc\x81", 6), 0);
    assert_string_equal(b.buf, "caf\xc3\xa9");
    cc_buf_release(&b);
}

static void casefold_is_unicode_aware(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    const char *in = "REUTER\xe2\x80\x99S \xc3\x89T\xc3\x89 Stra\xc3\x9f" "e";
    assert_int_equal(cc_utf8_casefold(&b, in, strlen(in)), 0);
    assert_string_equal(b.buf, "reuter\xe2\x80\x99s \xc3\xa9t\xc3\xa9 strasse");
    cc_buf_release(&b);
}

static void typography_folds(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    const char *in = "Reuter\xe2\x80\x99s \xe2\x80\x9chigh horse\xe2\x80\xa6\xe2\x80\x9d "
                     "Bhu\xc2\xadtto\xc2\xa0" "2019\xe2\x80\x93" "20";
    assert_int_equal(cc_utf8_fold_typography(&b, in, strlen(in)), 0);
    assert_string_equal(b.buf, "Reuter's \"high horse...\" Bhutto 2019-20");
    cc_buf_release(&b);
}

static void width_counts_columns(void **state)
{
    (void)state;
    assert_int_equal(cc_utf8_width("abc", 3), 3);
    assert_int_equal(cc_utf8_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);
    size_t used;
    size_t n = cc_utf8_prefix_for_width("\xe6\x97\xa5\xe6\x9c\xac", 6, 3, &used);
    assert_int_equal(n, 3);
    assert_int_equal(used, 2);
}

static void categories(void **state)
{
    (void)state;
    assert_true(cc_utf8_is_letter(0xE9));
    assert_true(cc_utf8_is_upper(0xC9));
    assert_false(cc_utf8_is_letter('1'));
    assert_true(cc_utf8_is_digit(0x0663)); /* Arabic-Indic three */
    assert_true(cc_utf8_is_space(0xA0));
    assert_int_equal(cc_utf8_tolower(0xC9), 0xE9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decoder_rejects_bad_forms),
        cmocka_unit_test(repair_replaces_each_bad_byte),
        cmocka_unit_test(cp1252_maps_smart_quotes),
        cmocka_unit_test(nfc_composes),
        cmocka_unit_test(casefold_is_unicode_aware),
        cmocka_unit_test(typography_folds),
        cmocka_unit_test(width_counts_columns),
        cmocka_unit_test(categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
