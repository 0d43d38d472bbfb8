#include "core/common.h"

#include <math.h>

#include "core/error.h"
#include "core/num.h"
#include "core/banned.h"

int cc_parse_int64(int64_t *out, const char *s, size_t len, int64_t min, int64_t max)
{
    size_t i = 0;
    bool neg = false;
    if (len == 0) {
        return CC_EINVAL;
    }
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len) {
        return CC_EINVAL;
    }
    uint64_t v = 0;
    /* Accumulate as the magnitude; INT64_MIN's magnitude is INT64_MAX + 1. */
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < '0' || c > '9') {
            return CC_EINVAL;
        }
        unsigned d = c - '0';
        if (v > (limit - d) / 10) {
            return CC_EINVAL;
        }
        v = v * 10 + d;
    }
    int64_t r;
    if (neg) {
        r = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
    } else {
        r = (int64_t)v;
    }
    if (r < min || r > max) {
        return CC_EINVAL;
    }
    *out = r;
    return 0;
}

int cc_parse_int(int *out, const char *s, int min, int max)
{
    int64_t v;
    if (!s || cc_parse_int64(&v, s, strlen(s), min, max)) {
        return CC_EINVAL;
    }
    *out = (int)v;
    return 0;
}

int cc_parse_double(double *out, const char *s, size_t len)
{
    /* Hand-rolled so that the result never depends on LC_NUMERIC. */
    size_t i = 0;
    bool neg = false;
    double v = 0;
    bool digits = false;
    if (len > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i++;
    }
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (s[i] - '0');
        digits = true;
    }
    if (i < len && s[i] == '.') {
        double scale = 0.1;
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            v += (s[i] - '0') * scale;
            scale /= 10;
            digits = true;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E') && digits) {
        int64_t e;
        size_t j = i + 1;
        if (cc_parse_int64(&e, s + j, len - j, -400, 400)) {
            return CC_EINVAL;
        }
        v *= pow(10.0, (double)e);
        i = len;
    }
    if (!digits || i != len || !isfinite(v)) {
        return CC_EINVAL;
    }
    *out = neg ? -v : v;
    return 0;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cc_days_in_month(int64_t year, int mon)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12) {
        return 0;
    }
    return days[mon - 1] + (mon == 2 && is_leap(year));
}

/* Howard Hinnant's days_from_civil algorithm (public domain description). */
int64_t cc_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Years beyond this are rejected so that the seconds never overflow. */
#define CC_YEAR_LIMIT INT64_C(100000000000)

int cc_time_from_tm(int64_t *out, const struct cc_tm *tm)
{
    if (tm->year < -CC_YEAR_LIMIT || tm->year > CC_YEAR_LIMIT || tm->mon < 1 || tm->mon > 12 ||
        tm->mday < 1 || tm->mday > cc_days_in_month(tm->year, tm->mon) || tm->hour < 0 ||
        tm->hour > 23 || tm->min < 0 || tm->min > 59 || tm->sec < 0 || tm->sec > 60) {
        return CC_EINVAL;
    }
    int64_t days = cc_days_from_civil(tm->year, tm->mon, tm->mday);
    *out = days * 86400 + tm->hour * 3600 + tm->min * 60 + tm->sec;
    return 0;
}

void cc_time_to_tm(struct cc_tm *out, int64_t t)
{
    int64_t days = t / 86400;
    int64_t rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    out->hour = (int)(rem / 3600);
    out->min = (int)(rem % 3600 / 60);
    out->sec = (int)(rem % 60);
    /* civil_from_days, the inverse of cc_days_from_civil. */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    out->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = yoe + era * 400 + (out->mon <= 2);
}

/* Years are bounded by CC_YEAR_LIMIT on input, but times built elsewhere
 * may not be: format through a roomy buffer, then copy what fits. */
static void format_tm(char out[32], int64_t t, bool with_time)
{
    struct cc_tm tm;
    cc_time_to_tm(&tm, t);
    char tmp[96];
    long long y = (long long)tm.year;
    const char *sign = (y >= 0 && y <= 9999) ? "" : (y < 0 ? "-" : "+");
    unsigned long long ay = y < 0 ? 0ULL - (unsigned long long)y : (unsigned long long)y;
    if (with_time) {
        snprintf(tmp, sizeof(tmp), "%s%04llu-%02d-%02dT%02d:%02d:%02dZ", sign, ay, tm.mon, tm.mday,
                 tm.hour, tm.min, tm.sec);
    } else {
        snprintf(tmp, sizeof(tmp), "%s%04llu-%02d-%02d", sign, ay, tm.mon, tm.mday);
    }
    size_t n = strlen(tmp);
    if (n > 31) {
        n = 31;
    }
    memcpy(out, tmp, n);
    out[n] = '\0';
}

void cc_time_format(char out[32], int64_t t)
{
    format_tm(out, t, true);
}

void cc_date_format(char out[32], int64_t t)
{
    format_tm(out, t, false);
}
