#include "core/common.h"

#include <stdarg.h>

#include "core/error.h"
#include "core/banned.h"

#define QUOTE_MAX 80

/* Copies src into a fixed array, marking a cut with "..." and never
 * splitting a UTF-8 sequence. */
static void copy_cut(char *dst, size_t dstlen, const char *src)
{
    size_t n = strlen(src);
    if (n < dstlen) {
        memcpy(dst, src, n + 1);
        return;
    }
    size_t keep = dstlen > 4 ? dstlen - 4 : 0;
    while (keep > 0 && ((unsigned char)src[keep] & 0xC0) == 0x80) {
        keep--;
    }
    memcpy(dst, src, keep);
    memcpy(dst + keep, "...", dstlen - keep > 3 ? 4 : dstlen - keep);
    dst[dstlen - 1] = '\0';
}

static int set_va(struct cc_error *err, int code, const char *subject, int line, int column,
                  const char *fmt, va_list ap) CC_PRINTF(6, 0);

static int set_va(struct cc_error *err, int code, const char *subject, int line, int column,
                  const char *fmt, va_list ap)
{
    if (!err || err->code != 0) {
        return code;
    }
    err->code = code;
    err->line = line;
    err->column = column;
    copy_cut(err->subject, sizeof(err->subject), subject ? subject : "");
    char tmp[CC_ERROR_MSG_MAX + 64];
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    if (n < 0) {
        copy_cut(err->msg, sizeof(err->msg), cc_status_str(code));
    } else {
        copy_cut(err->msg, sizeof(err->msg), tmp);
    }
    return code;
}

int cc_error_set(struct cc_error *err, int code, const char *subject, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_va(err, code, subject, 0, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int cc_error_set_at(struct cc_error *err, int code, const char *subject, int line, int column,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_va(err, code, subject, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

void cc_error_subject(struct cc_error *err, const char *subject)
{
    if (!err || !subject || err->subject[0] != '\0') {
        return;
    }
    copy_cut(err->subject, sizeof(err->subject), subject);
}

void cc_error_clear(struct cc_error *err)
{
    if (!err) {
        return;
    }
    memset(err, 0, sizeof(*err));
}

bool cc_error_is_set(const struct cc_error *err)
{
    return err && err->code != 0;
}

void cc_error_format(char *out, size_t outlen, const struct cc_error *err)
{
    if (outlen == 0) {
        return;
    }
    const char *msg = err && err->msg[0] ? err->msg : cc_status_str(err ? err->code : CC_ERR);
    int n;
    if (err && err->subject[0]) {
        n = snprintf(out, outlen, "%s: %s", err->subject, msg);
    } else {
        n = snprintf(out, outlen, "%s", msg);
    }
    if (n < 0) {
        out[0] = '\0';
    }
}

const char *cc_status_str(int code)
{
    switch (code) {
    case CC_OK:
        return "success";
    case CC_ENOMEM:
        return "out of memory";
    case CC_EINVAL:
        return "invalid argument";
    case CC_ENOTFOUND:
        return "not found";
    case CC_EIO:
        return "input/output error";
    case CC_EPARSE:
        return "parse error";
    case CC_ENET:
        return "network error";
    case CC_ETOOBIG:
        return "too big";
    case CC_ESTORE:
        return "store error";
    case CC_ELOCKED:
        return "locked";
    default:
        return "error";
    }
}

void cc_error_quote(char *out, size_t outlen, const char *src, size_t srclen)
{
    if (outlen == 0) {
        return;
    }
    if (outlen < 5) {
        out[0] = '\0';
        return;
    }
    bool cut = srclen > QUOTE_MAX || srclen > outlen - 1;
    size_t n = CC_MIN(srclen, cut ? CC_MIN((size_t)QUOTE_MAX, outlen - 4) : srclen);
    /* Never end inside a UTF-8 sequence. */
    while (cut && n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) {
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        /* Control bytes are shown as '?', so a quote stays one line. */
        out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (cut) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}
