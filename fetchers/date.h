/*
 * date.h: the dates found in feeds, read into UTC seconds.
 *
 * Owns: RFC 822/1123/2822 and its real-world variants (missing or
 * non-English weekday, two- and three-digit years, full or odd month names
 * such as "Sept", named zones of North America, Europe and Asia, military
 * zones, numeric zones with or without a colon, "GMT+hh:mm", no seconds,
 * AM/PM, odd commas and spacing, asctime and JavaScript Date.toString()
 * orders), ISO 8601 / RFC 3339 / W3C-DTF (basic and extended, fractions,
 * ordinal dates, reduced precision down to a year, two-digit years, a
 * space instead of 'T'). Arithmetic goes through core/num (no libc time
 * zone functions).
 * Does not: guess locales beyond English and Greek names, read relative
 * dates ("yesterday"), consult the local time zone.
 * Calls: core/num, core/error.
 */
#ifndef CC_FETCHERS_DATE_H
#define CC_FETCHERS_DATE_H

#include "core/common.h"
#include "core/error.h"

struct cc_date_options {
    /* Minutes east of UTC assumed for a date that names no zone (a naive
     * local time). 0: such dates are UTC, as feed readers assume. */
    int default_offset_min;
};

/* Parses the date in s[0..len) (surrounding space ignored) into UTC
 * seconds. opts may be NULL. Errors: CC_EINVAL ("cannot parse date
 * '...'": unknown form, a field out of range, an impossible day or zone);
 * *out is CC_TIME_NONE then. */
CC_NODISCARD int cc_date_parse(int64_t *out, const char *s, size_t len,
                               const struct cc_date_options *opts, struct cc_error *err);

/* The minutes east of UTC of a zone name ("EST", "gmt", "IST", a military
 * letter), ASCII case ignored. Returns false when the name is unknown. */
bool cc_date_zone_find(int *offset_min, const char *name, size_t len);

#endif
