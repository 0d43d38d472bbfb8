#include "core/common.h"

#include "core/error.h"
#include "core/num.h"
#include "fetchers/date.h"
#include "core/banned.h"

/* Longest token we compare (zone and month names, "September"). */
#define WORD_MAX 16
/* Two-digit years: RFC 2822 section 4.3 (00-49 -> 2000s, 50-99 -> 1900s). */
#define TWO_DIGIT_PIVOT 50

struct zone {
    const char *name; /* lowercase */
    int offset_min;
};

/* Sorted by name for bsearch. North American names follow RFC 822;
 * the others are the unambiguous abbreviations news feeds use. Where an
 * abbreviation is shared, the reading of English-language news wins and
 * is noted: IST = India (not Ireland/Israel), BST = British Summer Time,
 * CST = US Central (RFC 822), GST = Gulf. Single letters are RFC 822's
 * military zones with RFC 822's signs (A = -1 ... M = -12, N = +1 ... Y =
 * +12), as feedparser reads them. */
static const struct zone zones[] = {
    {"a", -60},     {"acdt", 630},  {"acst", 570}, {"adt", -180},  {"aedt", 660},  {"aest", 600},
    {"akdt", -480}, {"akst", -540}, {"ast", -240}, {"at", -240},   {"awst", 480},  {"b", -120},
    {"bst", 60},    {"c", -180},    {"cat", 120},  {"cdt", -300},  {"cest", 120},  {"cet", 60},
    {"cst", -360},  {"ct", -360},   {"d", -240},   {"e", -300},    {"eat", 180},   {"edt", -240},
    {"eest", 180},  {"eet", 120},   {"est", -300}, {"et", -300},   {"f", -360},    {"g", -420},
    {"gmt", 0},     {"gst", 240},   {"h", -480},   {"hadt", -540}, {"hast", -600}, {"hkt", 480},
    {"hst", -600},  {"i", -540},    {"ict", 420},  {"idt", 180},   {"ist", 330},   {"jst", 540},
    {"k", -600},    {"kst", 540},   {"l", -660},   {"m", -720},    {"mdt", -360},  {"mest", 120},
    {"mesz", 120},  {"met", 60},    {"mez", 60},   {"msk", 180},   {"mst", -420},  {"mt", -420},
    {"n", 60},      {"ndt", -150},  {"npt", 345},  {"nst", -210},  {"nzdt", 780},  {"nzst", 720},
    {"o", 120},     {"p", 180},     {"pdt", -420}, {"pht", 480},   {"pkt", 300},   {"pst", -480},
    {"pt", -480},   {"q", 240},     {"r", 300},    {"s", 360},     {"sast", 120},  {"sgt", 480},
    {"t", 420},     {"u", 480},     {"ut", 0},     {"utc", 0},     {"v", 540},     {"w", 600},
    {"wat", 60},    {"west", 60},   {"wet", 0},    {"wib", 420},   {"x", 660},     {"y", 720},
    {"z", 0},
};

static const char *const month_names[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* Greek abbreviations as Greek feeds write them (UTF-8), with and without
 * accents, as feedparser's Greek date handler knows them. */
static const struct {
    const char *name;
    int mon;
} greek_months[] = {
    {"\xCE\x99\xCE\xB1\xCE\xBD", 1},         /* Ιαν */
    {"\xCE\xA6\xCE\xB5\xCE\xB2", 2},         /* Φεβ */
    {"\xCE\x9C\xCE\xB1\xCF\x81", 3},         /* Μαρ */
    {"\xCE\x9C\xCE\xAC\xCF\x81", 3},         /* Μάρ */
    {"\xCE\x9C\xCE\xAC\xCF\x8E", 3},         /* Μάώ */
    {"\xCE\x9C\xCE\xB1\xCF\x8E", 3},         /* Μαώ */
    {"\xCE\x91\xCF\x80\xCF\x81", 4},         /* Απρ */
    {"\xCE\x9C\xCE\xAC\xCE\xB9", 5},         /* Μάι */
    {"\xCE\x9C\xCE\xB1\xCF\x8A", 5},         /* Μαϊ */
    {"\xCE\x9C\xCE\xB1\xCE\xB9", 5},         /* Μαι */
    {"\xCE\x9C\xCE\xB1\xCE\x90", 5},         /* Μαΐ */
    {"\xCE\x99\xCE\xBF\xCF\x8D\xCE\xBD", 6}, /* Ιούν */
    {"\xCE\x99\xCE\xBF\xCF\x85\xCE\xBD", 6}, /* Ιουν */
    {"\xCE\x99\xCE\xBF\xCE\xBD", 6},         /* Ιον */
    {"\xCE\x99\xCE\xBF\xCF\x8D\xCE\xBB", 7}, /* Ιούλ */
    {"\xCE\x99\xCE\xBF\xCF\x85\xCE\xBB", 7}, /* Ιουλ */
    {"\xCE\x99\xCE\xBF\xCE\xBB", 7},         /* Ιολ */
    {"\xCE\x91\xCF\x8D\xCE\xB3", 8},         /* Αύγ */
    {"\xCE\x91\xCF\x85\xCE\xB3", 8},         /* Αυγ */
    {"\xCE\xA3\xCE\xB5\xCF\x80", 9},         /* Σεπ */
    {"\xCE\x9F\xCE\xBA\xCF\x84", 10},        /* Οκτ */
    {"\xCE\x9D\xCE\xBF\xCE\xAD", 11},        /* Νοέ */
    {"\xCE\x9D\xCE\xBF\xCE\xB5", 11},        /* Νοε */
    {"\xCE\x94\xCE\xB5\xCE\xBA", 12},        /* Δεκ */
};

static const char *const greek_weekdays[] = {
    "\xCE\x9A\xCF\x85\xCF\x81", /* Κυρ */
    "\xCE\x94\xCE\xB5\xCF\x85", /* Δευ */
    "\xCE\xA4\xCF\x81\xCE\xB9", /* Τρι */
    "\xCE\xA4\xCE\xB5\xCF\x84", /* Τετ */
    "\xCE\xA0\xCE\xB5\xCE\xBC", /* Πεμ */
    "\xCE\xA0\xCE\xAD\xCE\xBC", /* Πέμ */
    "\xCE\xA0\xCE\xB1\xCF\x81", /* Παρ */
    "\xCE\xA3\xCE\xB1\xCE\xB2", /* Σαβ */
    "\xCE\xA3\xCE\xAC\xCE\xB2", /* Σάβ */
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int cmp_zone(const void *key, const void *elem)
{
    return strcmp(key, ((const struct zone *)elem)->name);
}

/* Lowercases an ASCII word into buf; false when it does not fit or is not
 * all letters. */
static bool lower_word(char buf[WORD_MAX], const char *s, size_t len)
{
    if (len == 0 || len >= WORD_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!is_alpha(c)) {
            return false;
        }
        buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    buf[len] = '\0';
    return true;
}

bool cc_date_zone_find(int *offset_min, const char *name, size_t len)
{
    char key[WORD_MAX];
    if (!lower_word(key, name, len)) {
        return false;
    }
    const struct zone *z = bsearch(key, zones, CC_ARRAY_LEN(zones), sizeof(zones[0]), cmp_zone);
    if (!z) {
        return false;
    }
    *offset_min = z->offset_min;
    return true;
}

/* 1-12 for an English month name, its three-letter abbreviation, "Sept",
 * or a Greek abbreviation; 0 otherwise. */
static int month_find(const char *s, size_t len)
{
    char w[WORD_MAX];
    if (lower_word(w, s, len)) {
        for (int m = 0; m < 12; m++) {
            /* The first letter rules out most names without a call. */
            if (w[0] != month_names[m][0]) {
                continue;
            }
            size_t full = strlen(month_names[m]);
            if ((len == 3 || len == full) && memcmp(w, month_names[m], len) == 0) {
                return m + 1;
            }
        }
        if (strcmp(w, "sept") == 0) {
            return 9;
        }
        return 0;
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(greek_months); i++) {
        if (strlen(greek_months[i].name) == len && memcmp(greek_months[i].name, s, len) == 0) {
            return greek_months[i].mon;
        }
    }
    return 0;
}

static bool weekday_is(const char *s, size_t len)
{
    char w[WORD_MAX];
    if (lower_word(w, s, len)) {
        for (int d = 0; d < 7; d++) {
            if (w[0] != weekday_names[d][0]) {
                continue;
            }
            size_t full = strlen(weekday_names[d]);
            /* "Mon", "Tues", "Thurs", "Monday" */
            if (len >= 3 && len <= full && memcmp(w, weekday_names[d], len) == 0) {
                return true;
            }
        }
        return false;
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(greek_weekdays); i++) {
        if (strlen(greek_weekdays[i]) == len && memcmp(greek_weekdays[i], s, len) == 0) {
            return true;
        }
    }
    return false;
}

/* Reads exactly n digits at s[*i]; false when they are not there. */
static bool digits(const char *s, size_t len, size_t *i, size_t n, int *out)
{
    if (*i + n > len) {
        return false;
    }
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[*i + k];
        if (!is_digit(c)) {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    *i += n;
    *out = v;
    return true;
}

static size_t count_digits(const char *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && is_digit(s[i + n])) {
        n++;
    }
    return n;
}

/* A numeric zone at s[*i] ('+' or '-' then hh, hhmm, hh:mm, or h). */
static bool numeric_zone(const char *s, size_t len, size_t *i, int *offset)
{
    size_t j = *i;
    if (j >= len || (s[j] != '+' && s[j] != '-')) {
        return false;
    }
    int sign = s[j] == '-' ? -1 : 1;
    j++;
    size_t n = count_digits(s, len, j);
    int hh = 0;
    int mm = 0;
    if (n == 4) {
        if (!digits(s, len, &j, 2, &hh) || !digits(s, len, &j, 2, &mm)) {
            return false;
        }
    } else if (n == 2 || n == 1) {
        if (!digits(s, len, &j, n, &hh)) {
            return false;
        }
        if (j < len && s[j] == ':') {
            j++;
            if (count_digits(s, len, j) != 2 || !digits(s, len, &j, 2, &mm)) {
                return false;
            }
        }
    } else {
        return false;
    }
    if (hh > 23 || mm > 59) {
        return false;
    }
    *offset = sign * (hh * 60 + mm);
    *i = j;
    return true;
}

static bool finish(int64_t *out, int64_t year, int mon, int day, int hour, int min, int sec,
                   int offset_min)
{
    struct cc_tm tm = {year, mon, day, hour, min, sec};
    int64_t t;
    if (cc_time_from_tm(&t, &tm) != 0) {
        return false;
    }
    *out = t - (int64_t)offset_min * 60;
    return true;
}

static void skip_space(const char *s, size_t len, size_t *i)
{
    while (*i < len && is_space(s[*i])) {
        (*i)++;
    }
}

/* ISO 8601 and its profiles: extended or basic dates, reduced precision,
 * ordinal dates, two-digit years ("-YY-MM", "YYMMDD"), then an optional
 * time after 'T' or spaces, an optional fraction and zone. */
static bool parse_iso(int64_t *out, const char *s, size_t len, int default_offset)
{
    size_t i = 0;
    int64_t year = 0;
    int mon = 1;
    int day = 1;
    int v = 0;
    size_t n = count_digits(s, len, 0);
    bool ext = false;
    if (len > 0 && s[0] == '-') {
        /* "-YY-MM", "-YYMM", "-YY": a year of the current century. */
        i = 1;
        n = count_digits(s, len, 1);
        if (n == 4) {
            int yy = 0;
            digits(s, len, &i, 2, &yy);
            digits(s, len, &i, 2, &mon);
            year = 2000 + yy;
        } else if (n == 2) {
            int yy = 0;
            digits(s, len, &i, 2, &yy);
            year = 2000 + yy;
            if (i < len && s[i] == '-') {
                i++;
                if (count_digits(s, len, i) != 2 || !digits(s, len, &i, 2, &mon)) {
                    return false;
                }
            }
        } else {
            return false;
        }
    } else if (n == 4) {
        digits(s, len, &i, 4, &v);
        year = v;
        if (i < len && (s[i] == '-' || s[i] == '/')) {
            char sep = s[i];
            ext = true;
            i++;
            size_t m = count_digits(s, len, i);
            if (m == 3 && sep == '-') {
                int yday = 0;
                digits(s, len, &i, 3, &yday);
                int leap = cc_days_in_month(year, 2) == 29;
                if (yday < 1 || yday > 365 + leap) {
                    return false;
                }
                mon = 1;
                while (yday > cc_days_in_month(year, mon)) {
                    yday -= cc_days_in_month(year, mon);
                    mon++;
                }
                day = yday;
            } else if (m == 2 || m == 1) {
                digits(s, len, &i, m, &mon);
                if (i < len && s[i] == sep) {
                    i++;
                    size_t d = count_digits(s, len, i);
                    if (d != 2 && d != 1) {
                        return false;
                    }
                    digits(s, len, &i, d, &day);
                }
            } else {
                return false;
            }
        }
    } else if (n == 8) {
        digits(s, len, &i, 4, &v);
        year = v;
        digits(s, len, &i, 2, &mon);
        digits(s, len, &i, 2, &day);
    } else if (n == 7) {
        int yday = 0;
        digits(s, len, &i, 4, &v);
        year = v;
        digits(s, len, &i, 3, &yday);
        int leap = cc_days_in_month(year, 2) == 29;
        if (yday < 1 || yday > 365 + leap) {
            return false;
        }
        while (yday > cc_days_in_month(year, mon)) {
            yday -= cc_days_in_month(year, mon);
            mon++;
        }
        day = yday;
    } else if (n == 6) {
        /* YYMMDD */
        int yy = 0;
        digits(s, len, &i, 2, &yy);
        digits(s, len, &i, 2, &mon);
        digits(s, len, &i, 2, &day);
        year = 2000 + yy;
    } else if (n == 2 && len > 2 && s[2] == '-') {
        /* YY-MM-DD */
        int yy = 0;
        digits(s, len, &i, 2, &yy);
        year = 2000 + yy;
        i++;
        if (count_digits(s, len, i) != 2 || !digits(s, len, &i, 2, &mon)) {
            return false;
        }
        if (i < len && s[i] == '-') {
            i++;
            if (count_digits(s, len, i) != 2 || !digits(s, len, &i, 2, &day)) {
                return false;
            }
        }
    } else {
        return false;
    }
    int hour = 0;
    int min = 0;
    int sec = 0;
    int offset = default_offset;
    size_t before_time = i;
    if (i < len && (s[i] == 'T' || s[i] == 't' || is_space(s[i]))) {
        i++;
        skip_space(s, len, &i);
        size_t h = count_digits(s, len, i);
        if (h == 2 || (h == 1 && i + 1 < len && s[i + 1] == ':')) {
            digits(s, len, &i, h, &hour);
            if (i < len && s[i] == ':') {
                i++;
                if (count_digits(s, len, i) != 2 || !digits(s, len, &i, 2, &min)) {
                    return false;
                }
                if (i < len && s[i] == ':') {
                    i++;
                    if (count_digits(s, len, i) != 2 || !digits(s, len, &i, 2, &sec)) {
                        return false;
                    }
                }
            }
        } else if (h == 4 || h == 6) {
            digits(s, len, &i, 2, &hour);
            digits(s, len, &i, 2, &min);
            if (h == 6) {
                digits(s, len, &i, 2, &sec);
            }
        } else if (h == 0 && i >= len) {
            /* "2003-12-31 " (trailing space was trimmed already) */
        } else {
            return false;
        }
        if (i < len && (s[i] == '.' || s[i] == ',')) {
            i++;
            size_t f = count_digits(s, len, i);
            if (f == 0) {
                return false;
            }
            i += f; /* seconds precision is all we keep */
        }
        skip_space(s, len, &i);
        if (i < len) {
            if (s[i] == 'Z' || s[i] == 'z') {
                offset = 0;
                i++;
            } else if (s[i] == '+' || s[i] == '-') {
                if (!numeric_zone(s, len, &i, &offset)) {
                    return false;
                }
            } else {
                size_t w = 0;
                while (i + w < len && is_alpha(s[i + w])) {
                    w++;
                }
                if (w == 0 || !cc_date_zone_find(&offset, s + i, w)) {
                    return false;
                }
                i += w;
            }
        }
    } else if (i < len && (s[i] == '+' || s[i] == '-' || s[i] == 'Z') && before_time > 0) {
        /* A zone on a bare date is meaningless; feed readers reject it. */
        return false;
    }
    skip_space(s, len, &i);
    if (i != len) {
        return false;
    }
    (void)ext;
    return finish(out, year, mon, day, hour, min, sec, offset);
}

/* RFC 822 and relatives, read as a sequence of tokens in any reasonable
 * order: weekday (ignored), day, month name, year, time, zone. */
static bool parse_rfc822(int64_t *out, const char *s, size_t len, int default_offset)
{
    int64_t year = -1;
    int mon = 0;
    int day = -1;
    int hour = -1;
    int min = 0;
    int sec = 0;
    int offset = default_offset;
    bool have_zone = false;
    bool pm = false;
    bool am = false;
    bool year_two_digit = false;
    size_t tokens = 0;
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (is_space(c) || c == ',' || c == '.') {
            i++;
            continue;
        }
        tokens++;
        if (is_digit(c)) {
            size_t n = count_digits(s, len, i);
            if (i + n < len && s[i + n] == ':') {
                /* time: h:mm[:ss[.frac]] */
                if (hour >= 0 || n > 2) {
                    return false;
                }
                digits(s, len, &i, n, &hour);
                i++;
                size_t m = count_digits(s, len, i);
                if (m != 2 && m != 1) {
                    return false;
                }
                digits(s, len, &i, m, &min);
                if (i < len && s[i] == ':') {
                    i++;
                    size_t q = count_digits(s, len, i);
                    if (q != 2 && q != 1) {
                        return false;
                    }
                    digits(s, len, &i, q, &sec);
                    if (i < len && s[i] == ':') {
                        return false; /* "1:2:3:4" */
                    }
                    if (i < len && s[i] == '.' && i + 1 < len && is_digit(s[i + 1])) {
                        i++;
                        i += count_digits(s, len, i);
                    }
                }
                continue;
            }
            int v = 0;
            if (n > 4) {
                return false;
            }
            digits(s, len, &i, n, &v);
            if (i < len && (s[i] == '-' || s[i] == '/') && mon == 0 && i + 1 < len &&
                is_alpha(s[i + 1])) {
                /* "01-Jan-2004": the dashes are separators. */
                i++;
            }
            if (n <= 2 && day < 0 && (year < 0 || mon > 0)) {
                day = v;
            } else if (year < 0 && (n >= 3 || (day >= 0 && mon > 0) || day >= 0)) {
                year = v;
                year_two_digit = n <= 2;
                if (n == 3) {
                    year += 1900;
                }
            } else {
                return false;
            }
            continue;
        }
        if (c == '+' || (c == '-' && hour >= 0)) {
            int off;
            if (!numeric_zone(s, len, &i, &off)) {
                return false;
            }
            if (have_zone && offset != 0) {
                return false;
            }
            offset = off;
            have_zone = true;
            continue;
        }
        if (c == '-' || c == '/') {
            i++;
            continue;
        }
        /* a word: ASCII letters, or a run of non-ASCII bytes (Greek) */
        size_t w = 0;
        if (is_alpha(c)) {
            while (i + w < len && is_alpha(s[i + w])) {
                w++;
            }
        } else if ((unsigned char)c >= 0x80) {
            while (i + w < len && (unsigned char)s[i + w] >= 0x80) {
                w++;
            }
        } else {
            return false;
        }
        const char *word = s + i;
        i += w;
        int m = month_find(word, w);
        int off;
        char lw[WORD_MAX];
        if (m && mon == 0) {
            mon = m;
        } else if (weekday_is(word, w) && hour < 0 && day < 0) {
            /* ignored; it is often wrong anyway */
        } else if (lower_word(lw, word, w) && (strcmp(lw, "am") == 0 || strcmp(lw, "pm") == 0) &&
                   hour >= 0) {
            pm = lw[0] == 'p';
            am = !pm;
        } else if (hour >= 0 && !have_zone && cc_date_zone_find(&off, word, w)) {
            offset = off;
            have_zone = true;
        } else if (lower_word(lw, word, w) && strcmp(lw, "at") == 0) {
            /* "Jan 5, 2004 at 10:00" */
        } else if (tokens == 1) {
            /* A leading word we do not know (a weekday in another
             * language): skip it, the date follows. */
        } else {
            return false;
        }
    }
    if (year < 0 || mon == 0 || day < 0) {
        return false;
    }
    if (year_two_digit) {
        year += year < TWO_DIGIT_PIVOT ? 2000 : 1900;
    }
    if (hour < 0) {
        hour = 0;
    }
    if (am || pm) {
        if (hour < 1 || hour > 12) {
            return false;
        }
        if (pm && hour != 12) {
            hour += 12;
        } else if (am && hour == 12) {
            hour = 0;
        }
    }
    return finish(out, year, mon, day, hour, min, sec, offset);
}

static int two_digits(const char *p)
{
    if (!is_digit(p[0]) || !is_digit(p[1])) {
        return -1;
    }
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The canonical RFC 1123 form, "Wed, 02 Oct 2002 13:00:00 GMT" or with
 * "+hhmm"/"-hhmm": what nearly every RSS feed writes, read by position
 * (the general token reader below handles everything else). */
static bool parse_rfc1123_fast(int64_t *out, const char *s, size_t len)
{
    if ((len != 29 && len != 31) || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' ' || !weekday_is(s, 3)) {
        return false;
    }
    int day = two_digits(s + 5);
    int mon = month_find(s + 8, 3);
    int y1 = two_digits(s + 12);
    int y2 = two_digits(s + 14);
    int hh = two_digits(s + 17);
    int mm = two_digits(s + 20);
    int ss = two_digits(s + 23);
    if (day < 0 || mon == 0 || y1 < 0 || y2 < 0 || hh < 0 || mm < 0 || ss < 0) {
        return false;
    }
    int offset = 0;
    if (len == 29) {
        if (memcmp(s + 26, "GMT", 3) != 0 && memcmp(s + 26, "UTC", 3) != 0) {
            return false;
        }
    } else {
        int zh = two_digits(s + 27);
        int zm = two_digits(s + 29);
        if ((s[26] != '+' && s[26] != '-') || zh < 0 || zm < 0 || zh > 23 || zm > 59) {
            return false;
        }
        offset = (s[26] == '-' ? -1 : 1) * (zh * 60 + zm);
    }
    return finish(out, y1 * 100 + y2, mon, day, hh, mm, ss, offset);
}

int cc_date_parse(int64_t *out, const char *s, size_t len, const struct cc_date_options *opts,
                  struct cc_error *err)
{
    *out = CC_TIME_NONE;
    int def = opts ? opts->default_offset_min : 0;
    size_t a = 0;
    size_t b = len;
    while (a < b && is_space(s[a])) {
        a++;
    }
    while (b > a && is_space(s[b - 1])) {
        b--;
    }
    const char *p = s + a;
    size_t n = b - a;
    int64_t t;
    bool ok = false;
    if (n > 0 && n < 128) {
        /* ISO forms start with a digit or "-YY"; RFC 822 ones with a
         * weekday, a day or a month. Try the likely one first. */
        if (is_digit(p[0]) || p[0] == '-') {
            ok = parse_iso(&t, p, n, def) || parse_rfc822(&t, p, n, def);
        } else {
            ok = parse_rfc1123_fast(&t, p, n) || parse_rfc822(&t, p, n, def);
        }
    }
    if (!ok) {
        char q[100];
        cc_error_quote(q, sizeof(q), p, n);
        return cc_error_set(err, CC_EINVAL, NULL, "cannot parse date '%s'", q);
    }
    *out = t;
    return 0;
}
