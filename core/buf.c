#include "core/common.h"

#include <stdarg.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/banned.h"

char cc_buf__empty[1];

void cc_buf_init(struct cc_buf *b, size_t cap)
{
    b->buf = cc_buf__empty;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

void cc_buf_release(struct cc_buf *b)
{
    if (!b) {
        return;
    }
    if (b->alloc) {
        cc_free(b->buf);
    }
    cc_buf_init(b, b->cap);
}

void cc_buf_reset(struct cc_buf *b)
{
    b->len = 0;
    /* Not into the shared empty string (threads reset their own buffers,
     * and it is "" already). */
    if (b->alloc > 0) {
        b->buf[0] = '\0';
    }
}

int cc_buf_grow(struct cc_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) {
        return CC_ENOMEM;
    }
    size_t need = b->len + extra;
    if (b->cap && need > b->cap) {
        return CC_ETOOBIG;
    }
    if (need + 1 <= b->alloc) {
        return 0;
    }
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need + 1) {
        if (n > SIZE_MAX / 2) {
            n = need + 1;
            break;
        }
        n = n + n / 2 + 16;
    }
    char *p = cc_realloc(b->alloc ? b->buf : NULL, n);
    if (!p) {
        return CC_ENOMEM;
    }
    if (!b->alloc) {
        p[0] = '\0';
    }
    b->buf = p;
    b->alloc = n;
    return 0;
}

int cc_buf_add(struct cc_buf *b, const void *p, size_t len)
{
    if (len == 0) {
        return 0;
    }
    int rc = cc_buf_grow(b, len);
    if (rc) {
        return rc;
    }
    memmove(b->buf + b->len, p, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return 0;
}

int cc_buf_adds(struct cc_buf *b, const char *s)
{
    return cc_buf_add(b, s, strlen(s));
}

int cc_buf_addch(struct cc_buf *b, char c)
{
    return cc_buf_add(b, &c, 1);
}

int cc_buf_addf(struct cc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return CC_ERR;
    }
    if ((size_t)n < sizeof(small)) {
        return cc_buf_add(b, small, (size_t)n);
    }
    int rc = cc_buf_grow(b, (size_t)n);
    if (rc) {
        return rc;
    }
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void cc_buf_truncate(struct cc_buf *b, size_t len)
{
    if (len >= b->len) {
        return;
    }
    b->len = len;
    b->buf[len] = '\0';
}

char *cc_buf_detach(struct cc_buf *b, size_t *len_out)
{
    char *p;
    if (len_out) {
        *len_out = b->len;
    }
    if (b->alloc) {
        p = b->buf;
    } else {
        p = cc_strndup("", 0);
    }
    cc_buf_init(b, b->cap);
    return p;
}

void cc_buf_trim(struct cc_buf *b)
{
    size_t start = 0;
    size_t end = b->len;
    while (start < end &&
           (b->buf[start] == ' ' || (b->buf[start] >= '\t' && b->buf[start] <= '\r'))) {
        start++;
    }
    while (end > start &&
           (b->buf[end - 1] == ' ' || (b->buf[end - 1] >= '\t' && b->buf[end - 1] <= '\r'))) {
        end--;
    }
    if (start > 0 && end > start) {
        memmove(b->buf, b->buf + start, end - start);
    }
    b->len = end - start;
    if (b->alloc) {
        b->buf[b->len] = '\0';
    }
}
