#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/num.h"

static void parse_int64_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        int64_t want;
    } rows[] = {
        {"0", 0, 0},
        {"42", 0, 42},
        {"-17", 0, -17},
        {"+5", 0, 5},
        {"9223372036854775807", 0, INT64_MAX},
        {"-9223372036854775808", 0, INT64_MIN},
        {"9223372036854775808", CC_EINVAL, 0},
        {"-9223372036854775809", CC_EINVAL, 0},
        {"", CC_EINVAL, 0},
        {"-", CC_EINVAL, 0},
        {"12a", CC_EINVAL, 0},
        {" 1", CC_EINVAL, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t v = -1;
        int rc = cc_parse_int64(&v, rows[i].in, strlen(rows[i].in), INT64_MIN, INT64_MAX);
        if (rc != rows[i].rc || (rc == 0 && v != rows[i].want)) {
            fail_msg("row %zu '%s': rc %d v %lld", i, rows[i].in, rc, (long long)v);
        }
    }
    int x;
    assert_int_equal(cc_parse_int(&x, "300", 0, 255), CC_EINVAL);
    assert_int_equal(cc_parse_int(&x, "255", 0, 255), 0);
    assert_int_equal(x, 255);
}

static void parse_double_is_locale_free(void **state)
{
    (void)state;
    double d;
    assert_int_equal(cc_parse_double(&d, "1.5", 3), 0);
    assert_true(d > 1.4999 && d < 1.5001);
    assert_int_equal(cc_parse_double(&d, "-2e3", 4), 0);
    assert_true(d > -2000.001 && d < -1999.999);
    assert_int_equal(cc_parse_double(&d, "1,5", 3), CC_EINVAL);
    assert_int_equal(cc_parse_double(&d, ".", 1), CC_EINVAL);
    assert_int_equal(cc_parse_double(&d, "1e999", 5), CC_EINVAL);
}

static void civil_round_trip(void **state)
{
    (void)state;
    static const struct {
        int64_t year;
        int mon, mday, hour, min, sec;
        int64_t t;
    } rows[] = {
        {1970, 1, 1, 0, 0, 0, 0},
        {2025, 4, 22, 9, 30, 0, 1745314200},
        {2000, 2, 29, 23, 59, 59, 951868799},
        {1969, 12, 31, 23, 59, 59, -1},
        {2038, 1, 19, 3, 14, 8, 2147483648LL},
        {1900, 3, 1, 0, 0, 0, -2203891200LL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_tm tm = {rows[i].year, rows[i].mon, rows[i].mday,
                           rows[i].hour, rows[i].min, rows[i].sec};
        int64_t t;
        assert_int_equal(cc_time_from_tm(&t, &tm), 0);
        if (t != rows[i].t) {
            fail_msg("row %zu: got %lld want %lld", i, (long long)t, (long long)rows[i].t);
        }
        struct cc_tm back;
        cc_time_to_tm(&back, t);
        assert_true(back.year == tm.year && back.mon == tm.mon && back.mday == tm.mday &&
                    back.hour == tm.hour && back.min == tm.min && back.sec == tm.sec);
    }
}

static void invalid_fields_rejected(void **state)
{
    (void)state;
    struct cc_tm feb29 = {2025, 2, 29, 0, 0, 0};
    int64_t t;
    assert_int_equal(cc_time_from_tm(&t, &feb29), CC_EINVAL);
    struct cc_tm huge = {INT64_C(1000000000000), 1, 1, 0, 0, 0};
    assert_int_equal(cc_time_from_tm(&t, &huge), CC_EINVAL);
}

static void formats_iso(void **state)
{
    (void)state;
    char out[32];
    cc_time_format(out, 1745314200);
    assert_string_equal(out, "2025-04-22T09:30:00Z");
    cc_date_format(out, 1745314200);
    assert_string_equal(out, "2025-04-22");
    cc_time_format(out, INT64_C(-62167219200) - 86400);
    assert_string_equal(out, "-0001-12-31T00:00:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_int64_table),
        cmocka_unit_test(parse_double_is_locale_free),
        cmocka_unit_test(civil_round_trip),
        cmocka_unit_test(invalid_fields_rejected),
        cmocka_unit_test(formats_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
