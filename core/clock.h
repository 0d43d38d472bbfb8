/*
 * clock.h: an injectable source of "now", so tests never sleep or depend on
 * the wall clock. Layer 0: libc only.
 */
#ifndef CC_CORE_CLOCK_H
#define CC_CORE_CLOCK_H

#include "core/common.h"

typedef int64_t (*cc_clock_now_fn)(void *payload);

struct cc_clock {
    cc_clock_now_fn now; /* NULL: the system clock */
    void *payload;       /* borrowed, passed to now */
};

/* UTC seconds now, from clk (NULL: system clock). Cannot fail. */
int64_t cc_clock_now(const struct cc_clock *clk);
/* Monotonic milliseconds, for elapsed times. Cannot fail. */
int64_t cc_clock_mono_ms(void);

/* Test helper: a clock whose now() returns *(int64_t *)payload. */
int64_t cc_clock_fixed_now(void *payload);

#endif
