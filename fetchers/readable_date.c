/*
 * readable_date.c: the date strings of page metadata, and dates in URLs.
 *
 * Pages write dates in many ways: ISO 8601 with or without a zone, a space
 * instead of 'T', RFC 822, "July 2, 2025 10:15 AM IST", "2 July 2025". This
 * reads those leniently, then hands what is left to fetchers/date (the feed
 * date parser); anything else is CC_EINVAL.
 */
#include "core/common.h"

#include "core/num.h"
#include "fetchers/date.h"
#include "fetchers/readable_int.h"
#include "core/banned.h"

/* Years outside this range are not publication dates (a typo, an epoch). */
#define DATE_MIN_YEAR 1990
#define DATE_MAX_YEAR 2100

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Reads exactly n digits at s[*i]; -1 when they are not there. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !is_digit(s[*i])) {
            return -1;
        }
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

static int make_time(int64_t *out, int y, int mo, int d, int h, int mi, int se, int off_min)
{
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || mo < 1 || mo > 12 || d < 1 ||
        d > cc_days_in_month(y, mo) || h > 23 || mi > 59 || se > 60) {
        return CC_EINVAL;
    }
    struct cc_tm tm = {y, mo, d, h, mi, se == 60 ? 59 : se};
    int64_t t;
    if (cc_time_from_tm(&t, &tm)) {
        return CC_EINVAL;
    }
    *out = t - (int64_t)off_min * 60;
    return 0;
}

/* "Z", "+05:30", "+0530", "+05", "-04:00" at s[*i]; minutes east of UTC in
 * *off. Returns false when what follows is not a zone. */
static bool parse_offset(const char *s, size_t len, size_t *i, int *off)
{
    if (*i < len && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
        *off = 0;
        return true;
    }
    if (*i >= len || (s[*i] != '+' && s[*i] != '-')) {
        return false;
    }
    int sign = s[*i] == '-' ? -1 : 1;
    size_t j = *i + 1;
    int hh = digits(s, len, &j, 2);
    if (hh < 0 || hh > 14) {
        return false;
    }
    int mm = 0;
    if (j < len && s[j] == ':') {
        j++;
    }
    if (j + 1 < len + 1 && j < len && is_digit(s[j])) {
        mm = digits(s, len, &j, 2);
        if (mm < 0 || mm > 59) {
            return false;
        }
    }
    *i = j;
    *off = sign * (hh * 60 + mm);
    return true;
}

/* ISO 8601 and its relatives: 2025-07-02, 2025/07/02, 2025-07-02T10:15,
 * 2025-07-02 10:15:30.123+05:00, 20250702. */
static int parse_iso(int64_t *out, const char *s, size_t len)
{
    size_t i = 0;
    int y = digits(s, len, &i, 4);
    if (y < 0) {
        return CC_EINVAL;
    }
    int mo;
    int d;
    if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        char sep = s[i++];
        mo = digits(s, len, &i, 2);
        if (mo < 0 || i >= len || s[i] != sep) {
            return CC_EINVAL;
        }
        i++;
        d = digits(s, len, &i, 2);
    } else {
        mo = digits(s, len, &i, 2);
        d = digits(s, len, &i, 2);
    }
    if (mo < 0 || d < 0 || (i < len && is_digit(s[i]))) {
        return CC_EINVAL;
    }
    int h = 0;
    int mi = 0;
    int se = 0;
    int off = 0;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ') && i + 1 < len &&
        is_digit(s[i + 1])) {
        i++;
        h = digits(s, len, &i, 2);
        if (h < 0) {
            return CC_EINVAL;
        }
        if (i < len && s[i] == ':') {
            i++;
        }
        mi = digits(s, len, &i, 2);
        if (mi < 0) {
            return CC_EINVAL;
        }
        if (i < len && s[i] == ':') {
            i++;
            se = digits(s, len, &i, 2);
            if (se < 0) {
                return CC_EINVAL;
            }
        }
        if (i < len && (s[i] == '.' || s[i] == ',')) {
            i++;
            while (i < len && is_digit(s[i])) {
                i++;
            }
        }
        while (i < len && s[i] == ' ') {
            i++;
        }
        if (!parse_offset(s, len, &i, &off)) {
            off = 0;
        }
    }
    return make_time(out, y, mo, d, h, mi, se, off);
}

static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

/* 1-12 for a month name or its abbreviation ("Sept" too), else 0. */
static int month_of(const char *w, size_t n)
{
    if (n < 3) {
        return 0;
    }
    static const char *const full[12] = {"january", "february", "march",     "april",
                                         "may",     "june",     "july",      "august",
                                         "september", "october", "november", "december"};
    char buf[16];
    if (n >= sizeof(buf)) {
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        buf[k] = lower(w[k]);
    }
    buf[n] = '\0';
    for (int m = 0; m < 12; m++) {
        if ((n == 3 && memcmp(buf, months[m], 3) == 0) || strcmp(buf, full[m]) == 0 ||
            (m == 8 && strcmp(buf, "sept") == 0)) {
            return m + 1;
        }
    }
    return 0;
}

struct zone {
    const char *name;
    int minutes;
};

/* Zone names seen in news metadata (IST is India's, the common reading on
 * the South Asian pages this tool reads). */
static const struct zone zones[] = {
    {"gmt", 0},       {"utc", 0},       {"ut", 0},        {"z", 0},         {"est", -300},
    {"edt", -240},    {"cst", -360},    {"cdt", -300},    {"mst", -420},    {"mdt", -360},
    {"pst", -480},    {"pdt", -420},    {"bst", 60},      {"cet", 60},      {"cest", 120},
    {"eet", 120},     {"eest", 180},    {"ist", 330},     {"pkt", 300},     {"gst", 240},
    {"ast", 180},     {"jst", 540},     {"aest", 600},    {"aedt", 660},    {"sgt", 480},
};

static bool zone_of(const char *w, size_t n, int *off)
{
    for (size_t z = 0; z < CC_ARRAY_LEN(zones); z++) {
        size_t zl = strlen(zones[z].name);
        if (zl != n) {
            continue;
        }
        size_t k = 0;
        while (k < n && lower(w[k]) == zones[z].name[k]) {
            k++;
        }
        if (k == n) {
            *off = zones[z].minutes;
            return true;
        }
    }
    return false;
}

/* Word-based forms: RFC 822 ("Wed, 02 Jul 2025 10:15:00 +0000"), "July 2,
 * 2025 10:15 AM IST", "2 July 2025", "Jul 2 2025". */
static int parse_words(int64_t *out, const char *s, size_t len)
{
    int y = -1;
    int mo = 0;
    int d = -1;
    int h = 0;
    int mi = 0;
    int se = 0;
    int off = 0;
    int pm = -1; /* -1 none, 0 am, 1 pm */
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (is_digit(c)) {
            size_t st = i;
            while (i < len && is_digit(s[i])) {
                i++;
            }
            size_t n = i - st;
            if (i < len && s[i] == ':' && n <= 2) {
                size_t j = st;
                h = digits(s, len, &j, (int)n);
                j++;
                mi = digits(s, len, &j, 2);
                if (mi < 0) {
                    return CC_EINVAL;
                }
                if (j < len && s[j] == ':') {
                    j++;
                    se = digits(s, len, &j, 2);
                    if (se < 0) {
                        return CC_EINVAL;
                    }
                }
                i = j;
                continue;
            }
            int v = 0;
            for (size_t k = st; k < i && k < st + 5; k++) {
                v = v * 10 + (s[k] - '0');
            }
            if (n == 4 && y < 0) {
                y = v;
            } else if (n <= 2 && d < 0) {
                d = v;
            } else if (n > 4) {
                return CC_EINVAL;
            }
            /* "2nd", "23rd": ordinal suffixes */
            while (i < len && is_alpha(s[i]) && i - st < n + 2) {
                i++;
            }
            continue;
        }
        if (is_alpha(c)) {
            size_t st = i;
            while (i < len && is_alpha(s[i])) {
                i++;
            }
            size_t n = i - st;
            int m = month_of(s + st, n);
            int z;
            if (m && !mo) {
                mo = m;
            } else if (n == 2 && (lower(s[st]) == 'a' || lower(s[st]) == 'p') &&
                       lower(s[st + 1]) == 'm') {
                pm = lower(s[st]) == 'p';
            } else if (zone_of(s + st, n, &z)) {
                off = z;
                size_t j = i;
                int z2;
                if (j < len && (s[j] == '+' || s[j] == '-') && parse_offset(s, len, &j, &z2)) {
                    off = z2;
                    i = j;
                }
            }
            continue;
        }
        if ((c == '+' || c == '-') && i + 4 < len + 1 && y >= 0 && i + 1 < len &&
            is_digit(s[i + 1])) {
            size_t j = i;
            int z;
            if (parse_offset(s, len, &j, &z)) {
                off = z;
                i = j;
                continue;
            }
        }
        i++;
    }
    if (y < 0 || !mo || d < 0) {
        return CC_EINVAL;
    }
    if (pm == 1 && h < 12) {
        h += 12;
    } else if (pm == 0 && h == 12) {
        h = 0;
    }
    return make_time(out, y, mo, d, h, mi, se, off);
}

int cc_readable__parse_date(int64_t *out, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                       s[len - 1] == '\r')) {
        len--;
    }
    if (len == 0 || len > 100) {
        return CC_EINVAL;
    }
    if (len >= 8 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
        parse_iso(out, s, len) == 0) {
        return 0;
    }
    if (parse_words(out, s, len) == 0) {
        return 0;
    }
    /* the feed date parser knows more forms (asctime, JavaScript
     * Date.toString(), military zones); a year it reads is checked here */
    int64_t t;
    if (cc_date_parse(&t, s, len, NULL, NULL) != 0) {
        return CC_EINVAL;
    }
    struct cc_tm tm;
    cc_time_to_tm(&tm, t);
    if (tm.year < DATE_MIN_YEAR || tm.year > DATE_MAX_YEAR) {
        return CC_EINVAL;
    }
    *out = t;
    return 0;
}

/* A date at p[0..n) of the path: YYYY/MM/DD, YYYY-MM-DD, YYYY_MM_DD or an
 * 8-digit YYYYMMDD that stands alone between non-digits. */
static bool path_date_at(const char *p, size_t n, size_t i, int64_t *out)
{
    if (i > 0 && is_digit(p[i - 1])) {
        return false;
    }
    size_t j = i;
    int y = digits(p, n, &j, 4);
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || j >= n) {
        return false;
    }
    int mo;
    int d;
    if (p[j] == '/' || p[j] == '-' || p[j] == '_') {
        char sep = p[j++];
        size_t k = j;
        while (k < n && is_digit(p[k])) {
            k++;
        }
        if (k - j < 1 || k - j > 2) {
            return false;
        }
        mo = 0;
        for (size_t q = j; q < k; q++) {
            mo = mo * 10 + (p[q] - '0');
        }
        if (k >= n || p[k] != sep) {
            return false;
        }
        j = k + 1;
        k = j;
        while (k < n && is_digit(p[k])) {
            k++;
        }
        if (k - j < 1 || k - j > 2) {
            return false;
        }
        d = 0;
        for (size_t q = j; q < k; q++) {
            d = d * 10 + (p[q] - '0');
        }
        j = k;
    } else {
        mo = digits(p, n, &j, 2);
        d = digits(p, n, &j, 2);
        if (mo < 0 || d < 0 || (j < n && is_digit(p[j]))) {
            return false;
        }
    }
    if (j < n && is_digit(p[j])) {
        return false;
    }
    return make_time(out, y, mo, d, 0, 0, 0, 0) == 0;
}

int cc_readable__url_date(int64_t *out, const char *url)
{
    if (!url) {
        return CC_ENOTFOUND;
    }
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) {
        return CC_ENOTFOUND;
    }
    size_t n = strcspn(p, "?#");
    for (size_t i = 0; i + 8 <= n; i++) {
        if (is_digit(p[i]) && path_date_at(p, n, i, out)) {
            return 0;
        }
    }
    return CC_ENOTFOUND;
}
