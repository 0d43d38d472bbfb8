/*
 * fuzz_date.c: the feed date parser on arbitrary bytes, with and without a
 * default offset, and the formatter on whatever it returns.
 */
#include "core/common.h"

#include "core/num.h"
#include "fetchers/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t t;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_date_parse(&t, (const char *)data, size, NULL, &err) == 0) {
        char s[32];
        cc_time_format(s, t);
    } else if (t != CC_TIME_NONE || err.code != CC_EINVAL) {
        __builtin_trap();
    }
    struct cc_date_options opts = {-(int)(size % 1500)};
    if (cc_date_parse(&t, (const char *)data, size, &opts, NULL) == 0) {
        char s[32];
        cc_date_format(s, t);
    }
    return 0;
}
