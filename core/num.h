/*
 * num.h: checked number parsing and UTC time arithmetic without the locale.
 *
 * cc_parse_* check the end pointer and the range (atoi and friends are
 * banned). cc_time_* convert between int64_t UTC seconds and calendar
 * fields with proleptic Gregorian arithmetic, so no TZ, no gmtime, and
 * years far outside time_t are handled. Layer 0: libc only.
 */
#ifndef CC_CORE_NUM_H
#define CC_CORE_NUM_H

#include "core/common.h"

/* Parses all of s[0..len) as a decimal integer in [min, max].
 * 0 or CC_EINVAL (empty, junk, out of range). */
CC_NODISCARD int cc_parse_int64(int64_t *out, const char *s, size_t len, int64_t min, int64_t max);
/* Same for a NUL-terminated string. */
CC_NODISCARD int cc_parse_int(int *out, const char *s, int min, int max);
/* Parses all of s as a finite double; 0 or CC_EINVAL. Locale-independent
 * ('.' is the decimal point). */
CC_NODISCARD int cc_parse_double(double *out, const char *s, size_t len);

struct cc_tm {
    int64_t year; /* e.g. 2025 */
    int mon;      /* 1-12 */
    int mday;     /* 1-31 */
    int hour;     /* 0-23 */
    int min;      /* 0-59 */
    int sec;      /* 0-60 (a leap second is folded into the next minute) */
};

/* Days from 1970-01-01 to the given civil date (may be negative). */
int64_t cc_days_from_civil(int64_t y, int m, int d);
/* Calendar fields to UTC seconds; CC_EINVAL when a field is out of range
 * or the result does not fit in int64_t. */
CC_NODISCARD int cc_time_from_tm(int64_t *out, const struct cc_tm *tm);
/* UTC seconds to calendar fields. Cannot fail. */
void cc_time_to_tm(struct cc_tm *out, int64_t t);
/* Days in the month (1-12) of year. */
int cc_days_in_month(int64_t year, int mon);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (out must hold 32 bytes; years outside
 * 0..9999 are written with a sign and more digits). */
void cc_time_format(char out[32], int64_t t);
/* Writes "YYYY-MM-DD". */
void cc_date_format(char out[32], int64_t t);

#endif
