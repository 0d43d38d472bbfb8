#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/num.h"
#include "fetchers/date.h"

struct date_case {
    const char *in;
    int64_t expected; /* UTC seconds */
};

/* Generated with Python's datetime for the expected instants; every form
 * of issue 2 (RFC 822 variants, ISO 8601 / RFC 3339 / W3C-DTF) appears. */
static const struct date_case good[] = {
    {"Thu, 01 Jan 2004 19:48:21 GMT", INT64_C(1072986501)},
    {"Thu, 01 Jan 04 19:48:21 GMT", INT64_C(1072986501)},
    {"Fri, 01 Jan 99 00:00:00 GMT", INT64_C(915148800)},
    {"Sat, 01 Jan 104 00:00:00 GMT", INT64_C(1072915200)},
    {"01 Jan 2004 19:48:21 +0000", INT64_C(1072986501)},
    {"Thu,  5 Apr 2012 10:00:00 GMT", INT64_C(1333620000)},
    {"Mon, 13 Feb, 2012 06:28:00 UTC", INT64_C(1329114480)},
    {"Tue, 10 Jun 2003 04:00 GMT", INT64_C(1055217600)},
    {"Tue, 10 Jun 2003 04:00:00 EST", INT64_C(1055235600)},
    {"Tue, 10 Jun 2003 04:00:00 EDT", INT64_C(1055232000)},
    {"Tue, 10 Jun 2003 04:00:00 CST", INT64_C(1055239200)},
    {"Tue, 10 Jun 2003 04:00:00 PDT", INT64_C(1055242800)},
    {"Mon, 26 January 2004 16:31:00 CT", INT64_C(1075156260)},
    {"Mon, 26 January 2004 16:31:00 MT", INT64_C(1075159860)},
    {"Mon, 26 January 2004 16:31:00 PT", INT64_C(1075163460)},
    {"Thu, 30 Apr 2015 08:57:00 MET", INT64_C(1430380620)},
    {"Tue, 10 Jun 2003 09:30:00 IST", INT64_C(1055217600)},
    {"Tue, 10 Jun 2003 09:00:00 PKT", INT64_C(1055217600)},
    {"Tue, 10 Jun 2003 04:00:00 +0530", INT64_C(1055197800)},
    {"Tue, 10 Jun 2003 04:00:00 +05:30", INT64_C(1055197800)},
    {"Tue, 10 Jun 2003 04:00:00 -0800", INT64_C(1055246400)},
    {"Tue, 10 Jun 2003 04:00:00 -08", INT64_C(1055246400)},
    {"Wed, 19 Feb 2012 22:40:00 GMT-01:01", INT64_C(1329694860)},
    {"Tue, 10 Jun 2003 04:00:00 Z", INT64_C(1055217600)},
    {"Tue, 10 Jun 2003 04:00:00 A", INT64_C(1055221200)},
    {"Tue, 10 Jun 2003 04:00:00 N", INT64_C(1055214000)},
    {"Tue, 10 Jun 2003 04:00:00 M", INT64_C(1055260800)},
    {"Tue, 10 Jun 2003 04:00:00 Y", INT64_C(1055174400)},
    {"Tue, 10 Jun 2003 04:00:00", INT64_C(1055217600)},
    {"10 Jun 2003", INT64_C(1055203200)},
    {"Sun, 16 Sept 2012 11:47:32 GMT", INT64_C(1347796052)},
    {"Sun, 16 September 2012 11:47:32 GMT", INT64_C(1347796052)},
    {"Tues, 10 Jun 2003 04:00:00 GMT", INT64_C(1055217600)},
    {"Thursday, 01 January 2004 19:48:21 GMT", INT64_C(1072986501)},
    {"Thu, 01-Jan-2004 19:48:21 GMT", INT64_C(1072986501)},
    {"Jun 10, 2003 4:05 PM EST", INT64_C(1055279100)},
    {"Jun 10, 2003 12:05 AM", INT64_C(1055203500)},
    {"Thu Aug 30 2012 17:26:16 +0200", INT64_C(1346340376)},
    {"Sun Jan  4 16:29:06 2004", INT64_C(1073233746)},
    {"Sun Jul 15 01:16:00 +0000 2012", INT64_C(1342314960)},
    {"Sat, 29 Feb 2020 23:59:60 GMT", INT64_C(1583020800)},
    {"\xCE\x9A\xCF\x85\xCF\x81, 11 \xCE\x99\xCE\xBF\xCF\x8D\xCE\xBB 2004 12:00:00 EST",
     INT64_C(1089565200)},
    {"  Tue,10 Jun 2003 04:00:00 GMT  ", INT64_C(1055217600)},
    {"2003-12-31T10:14:55Z", INT64_C(1072865695)},
    {"2003-12-31T10:14:55-08:00", INT64_C(1072894495)},
    {"2003-12-31T18:14:55+08:00", INT64_C(1072865695)},
    {"2007-04-23T23:25:47.538+10:00", INT64_C(1177334747)},
    {"2003-12-31T10:14:55.1234Z", INT64_C(1072865695)},
    {"2003-12-31", INT64_C(1072828800)},
    {"2003-12", INT64_C(1070236800)},
    {"2003", INT64_C(1041379200)},
    {"2004-02-28T18:14:55-08:00", INT64_C(1078020895)},
    {"2003-02-28T18:14:55-08:00", INT64_C(1046484895)},
    {"2000-02-28T18:14:55-08:00", INT64_C(951790495)},
    {"2004-07-08 23:56:58 -00:20", INT64_C(1089332218)},
    {"2004-07-08 23:56:58.0", INT64_C(1089331018)},
    {"2004-07-08T23:56", INT64_C(1089330960)},
    {"2004-07-08T23:56:58+0200", INT64_C(1089323818)},
    {"2004-07-08T23:56:58+02", INT64_C(1089323818)},
    {"2004-07-08 23:56:58 GMT", INT64_C(1089331018)},
    {"2004-07-08t23:56:58z", INT64_C(1089331018)},
    {"20040708T235658Z", INT64_C(1089331018)},
    {"20040708", INT64_C(1089244800)},
    {"2003-335", INT64_C(1070236800)},
    {"2004-366", INT64_C(1104451200)},
    {"-0312", INT64_C(1070236800)},
    {"-03-12", INT64_C(1070236800)},
    {"031231", INT64_C(1072828800)},
    {"03-12-31", INT64_C(1072828800)},
    {"2012/09/12 10:00:00", INT64_C(1347444000)},
    {"1969-12-31T23:59:59Z", INT64_C(-1)},
};
static const char *const bad[] = {
    "Sun, 31 Dec 9999 23:59:59 -9999",
    "Sun, 16 Dec 2012 1:2:3:4 GMT",
    "Sun, 16 zzz 2012 11:47:32 GMT",
    "Sun, Dec x 2012 11:47:32 GMT",
    "Sun, 16 Dec zz 11:47:32 GMT",
    "Sun, 16 Dec 2012 11:47:32 +00:zz",
    "9999-12-31T23:59:59-99:99",
    "2003-12-31T25:14:55Z",
    "2003-12-31T10:14:61Z",
    "22013",
    "2013-01-27-01",
    "2013-xx-27",
    "2013-01-28T09:xx:00Z",
    "2003-02-29",
    "2003-13-01",
    "2003-004-1",
    "2003-367",
    "Tue, 31 Jun 2003 04:00:00 GMT",
    "Tue, 10 Jun 2003 13:00:00 PM",
    "",
    "   ",
    "yesterday",
    "2004-j\xC3\xBAlius-13T9:15-05:00",
};

static void every_supported_form_reads_as_utc(void **state)
{
    (void)state;
    for (size_t i = 0; i < CC_ARRAY_LEN(good); i++) {
        int64_t t = 0;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_date_parse(&t, good[i].in, strlen(good[i].in), NULL, &err);
        if (rc != 0) {
            fail_msg("case %zu ('%s'): %s", i, good[i].in, err.msg);
        }
        if (t != good[i].expected) {
            char got[32];
            char want[32];
            cc_time_format(got, t);
            cc_time_format(want, good[i].expected);
            fail_msg("case %zu ('%s'): got %s, expected %s", i, good[i].in, got, want);
        }
    }
}

static void broken_forms_are_rejected_with_a_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < CC_ARRAY_LEN(bad); i++) {
        int64_t t = 0;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_date_parse(&t, bad[i], strlen(bad[i]), NULL, &err);
        if (rc != CC_EINVAL) {
            char got[32];
            cc_time_format(got, t);
            fail_msg("case %zu ('%s'): expected an error, got %s", i, bad[i], got);
        }
        assert_int_equal(t, CC_TIME_NONE);
        assert_int_equal(err.code, CC_EINVAL);
        assert_non_null(strstr(err.msg, "cannot parse date '"));
    }
}

static void default_offset_applies_to_naive_times_only(void **state)
{
    (void)state;
    struct cc_date_options opts = {330};
    int64_t t;
    const char *naive = "2024-03-01 10:00:00";
    assert_int_equal(cc_date_parse(&t, naive, strlen(naive), &opts, NULL), 0);
    assert_int_equal(t, INT64_C(1709267400)); /* 04:30Z */
    const char *zoned = "2024-03-01T10:00:00Z";
    assert_int_equal(cc_date_parse(&t, zoned, strlen(zoned), &opts, NULL), 0);
    assert_int_equal(t, INT64_C(1709287200));
    const char *rfc = "Fri, 01 Mar 2024 10:00:00";
    assert_int_equal(cc_date_parse(&t, rfc, strlen(rfc), &opts, NULL), 0);
    assert_int_equal(t, INT64_C(1709267400));
}

static void error_quotes_long_input_cut(void **state)
{
    (void)state;
    char longs[300];
    memset(longs, 'x', sizeof(longs));
    int64_t t;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_date_parse(&t, longs, sizeof(longs), NULL, &err), CC_EINVAL);
    assert_non_null(strstr(err.msg, "..."));
    assert_true(strlen(err.msg) < 120);
}

static void zone_names(void **state)
{
    (void)state;
    int off = 1;
    assert_true(cc_date_zone_find(&off, "GMT", 3));
    assert_int_equal(off, 0);
    assert_true(cc_date_zone_find(&off, "est", 3));
    assert_int_equal(off, -300);
    assert_true(cc_date_zone_find(&off, "IST", 3));
    assert_int_equal(off, 330);
    assert_true(cc_date_zone_find(&off, "NZDT", 4));
    assert_int_equal(off, 780);
    assert_false(cc_date_zone_find(&off, "XYZT", 4));
    assert_false(cc_date_zone_find(&off, "", 0));
    assert_false(cc_date_zone_find(&off, "E5T", 3));
}

static void never_reads_past_len(void **state)
{
    (void)state;
    /* the parser must stop at len: the bytes after it would make it valid */
    const char *s = "2003-12-31T10:14:55Zjunk";
    int64_t t;
    assert_int_equal(cc_date_parse(&t, s, 20, NULL, NULL), 0);
    assert_int_equal(t, INT64_C(1072865695));
    assert_int_equal(cc_date_parse(&t, s, 19, NULL, NULL), 0);
    assert_int_equal(cc_date_parse(&t, "2003-12-31T1", 12, NULL, NULL), CC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_supported_form_reads_as_utc),
        cmocka_unit_test(broken_forms_are_rejected_with_a_message),
        cmocka_unit_test(default_offset_applies_to_naive_times_only),
        cmocka_unit_test(error_quotes_long_input_cut),
        cmocka_unit_test(zone_names),
        cmocka_unit_test(never_reads_past_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
