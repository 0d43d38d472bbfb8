#include "core/common.h"

#include <stdarg.h>

#include "core/log.h"
#include "core/banned.h"

static int log_level = CC_LOG_WARN;
static FILE *log_stream;

void cc_log_set_level(int level)
{
    log_level = level;
}

int cc_log_get_level(void)
{
    return log_level;
}

void cc_log_set_stream(FILE *f)
{
    log_stream = f;
}

static void emit(int level, const char *prefix, const char *fmt, va_list ap) CC_PRINTF(3, 0);

static void emit(int level, const char *prefix, const char *fmt, va_list ap)
{
    if (level > log_level) {
        return;
    }
    char line[2048];
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    if (n < 0) {
        return;
    }
    /* One message, one line: a newline inside would break log parsers. */
    for (char *p = line; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    FILE *f = log_stream ? log_stream : stderr;
    fprintf(f, "credcheck: %s%s\n", prefix, line);
    fflush(f);
}

void cc_log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(CC_LOG_ERROR, "", fmt, ap);
    va_end(ap);
}

void cc_log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(CC_LOG_WARN, "warning: ", fmt, ap);
    va_end(ap);
}

void cc_log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(CC_LOG_INFO, "", fmt, ap);
    va_end(ap);
}

void cc_log_debug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(CC_LOG_DEBUG, "debug: ", fmt, ap);
    va_end(ap);
}
