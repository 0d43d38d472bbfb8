/*
 * log.h: one-line messages to standard error at a level cmd/ sets.
 *
 * Library code logs progress and recovered problems (warnings); it never
 * logs an error it also returns. Messages have no trailing newline; the
 * logger writes "credcheck: " before and "\n" after. Layer 0: libc only.
 */
#ifndef CC_CORE_LOG_H
#define CC_CORE_LOG_H

#include "core/common.h"

enum cc_log_level {
    CC_LOG_QUIET = 0, /* errors only */
    CC_LOG_ERROR = 0,
    CC_LOG_WARN = 1,
    CC_LOG_INFO = 2,
    CC_LOG_DEBUG = 3,
};

/* Messages above level are dropped. Default CC_LOG_WARN. */
void cc_log_set_level(int level);
int cc_log_get_level(void);
/* Redirects output (tests); NULL restores stderr. */
void cc_log_set_stream(FILE *f);

void cc_log_error(const char *fmt, ...) CC_PRINTF(1, 2);
void cc_log_warn(const char *fmt, ...) CC_PRINTF(1, 2);
void cc_log_info(const char *fmt, ...) CC_PRINTF(1, 2);
void cc_log_debug(const char *fmt, ...) CC_PRINTF(1, 2);

#endif
