/*
 * common.h: the first include of every credcheck .c file.
 *
 * Sets the language level (C11 plus POSIX.1-2008), pulls in the libc headers
 * nearly every module uses, and defines the small macros shared by all
 * layers. It owns no state and calls nothing.
 */
#ifndef CC_CORE_COMMON_H
#define CC_CORE_COMMON_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>

#if defined(__GNUC__) || defined(__clang__)
#define CC_NODISCARD __attribute__((warn_unused_result))
#define CC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CC_UNUSED __attribute__((unused))
#else
#define CC_NODISCARD
#define CC_PRINTF(fmt, args)
#define CC_UNUSED
#endif

#define CC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define CC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CC_MAX(a, b) ((a) > (b) ? (a) : (b))

/* qsort for arrays that may be empty: qsort's base must not be NULL even
 * when n is 0, and an empty vector's pointer often is. */
static inline void cc_sort(void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
    if (n > 1) {
        qsort(base, n, size, cmp);
    }
}

/* "No time": an absent int64_t UTC-seconds value. */
#define CC_TIME_NONE INT64_MIN

#ifndef CC_VERSION
#define CC_VERSION "0.1.0"
#endif

#endif
