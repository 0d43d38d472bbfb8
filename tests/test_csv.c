/* Tests for core/csv: quoting, formula neutralisation, row endings. */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/csv.h"
#include "core/banned.h"

static void cells_are_quoted_and_neutralised(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        unsigned flags;
        const char *out;
    } rows[] = {
        {"plain", 0, "plain"},
        {"", 0, ""},
        {"a,b", 0, "\"a,b\""},
        {"say \"hi\"", 0, "\"say \"\"hi\"\"\""},
        {"line\nbreak", 0, "\"line\nbreak\""},
        {"cr\rhere", 0, "\"cr\rhere\""},
        {"=1+2", 0, "'=1+2"},
        {"+44 20", 0, "'+44 20"},
        {"-5", 0, "'-5"},
        {"@SUM(A1)", 0, "'@SUM(A1)"},
        {"\tx", 0, "'\tx"},
        {"\rx", 0, "\"'\rx\""},
        {"=HYPERLINK(\"a,b\")", 0, "\"'=HYPERLINK(\"\"a,b\"\")\""},
        {"-5", CC_CSV_RAW, "-5"},
        {"a=b", 0, "a=b"},
        {"caf\xc3\xa9", 0, "caf\xc3\xa9"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_buf b = CC_BUF_INIT;
        assert_int_equal(cc_csv_add_cell(&b, rows[i].in, strlen(rows[i].in), rows[i].flags), 0);
        if (strcmp(b.buf, rows[i].out) != 0) {
            fail_msg("row %zu: got [%s] want [%s]", i, b.buf, rows[i].out);
        }
        cc_buf_release(&b);
    }
}

static void rows_join_cells_and_end_with_crlf(void **state)
{
    (void)state;
    const char *cells[] = {"a", NULL, "b,c", "=x"};
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_csv_add_row(&b, cells, 4, 0), 0);
    assert_string_equal(b.buf, "a,,\"b,c\",'=x\r\n");
    assert_int_equal(cc_csv_add_row(&b, cells, 1, CC_CSV_LF), 0);
    assert_string_equal(b.buf, "a,,\"b,c\",'=x\r\na\n");
    cc_buf_release(&b);
}

static void cell_with_nul_keeps_length(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_csv_add_cell(&b, "a\0b", 3, 0), 0);
    assert_int_equal(b.len, 3);
    cc_buf_release(&b);
}

static void failed_row_leaves_buffer_unchanged(void **state)
{
    (void)state;
    struct cc_buf b;
    cc_buf_init(&b, 8);
    assert_int_equal(cc_buf_adds(&b, "x,"), 0);
    const char *cells[] = {"a long cell that does not fit"};
    assert_int_equal(cc_csv_add_row(&b, cells, 1, 0), CC_ETOOBIG);
    assert_string_equal(b.buf, "x,");
    cc_buf_release(&b);
}

static void oom_is_reported_without_leaks(void **state)
{
    (void)state;
    const char *cells[] = {"one", "two \"quoted\"", "=three"};
    for (size_t n = 1;; n++) {
        struct cc_buf b = CC_BUF_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_csv_add_row(&b, cells, 3, 0);
        cc_alloc_fail_after(0);
        cc_buf_release(&b);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_true(n < 100);
    }
}

static void write_row_goes_to_a_file(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    const char *cells[] = {"x", "y z"};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_csv_write_row(f, cells, 2, CC_CSV_LF, &err), 0);
    rewind(f);
    char line[32] = {0};
    assert_non_null(fgets(line, sizeof(line), f));
    assert_string_equal(line, "x,y z\n");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_are_quoted_and_neutralised),
        cmocka_unit_test(rows_join_cells_and_end_with_crlf),
        cmocka_unit_test(cell_with_nul_keeps_length),
        cmocka_unit_test(failed_row_leaves_buffer_unchanged),
        cmocka_unit_test(oom_is_reported_without_leaks),
        cmocka_unit_test(write_row_goes_to_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
