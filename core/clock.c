#include "core/common.h"

#include <time.h>

#include "core/clock.h"
#include "core/banned.h"

int64_t cc_clock_now(const struct cc_clock *clk)
{
    if (clk && clk->now) {
        return clk->now(clk->payload);
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec;
}

int64_t cc_clock_mono_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t cc_clock_fixed_now(void *payload)
{
    return *(const int64_t *)payload;
}
