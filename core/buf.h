/*
 * buf.h: growable, binary-safe, always NUL-terminated byte buffers.
 *
 * After CC_BUF_INIT or cc_buf_init, .buf is never NULL and buf[len] is '\0';
 * .len is authoritative (the data may hold NULs). An optional cap makes a
 * write that would pass it fail with CC_ETOOBIG and leave the buffer as it
 * was. Layer 0: calls only core/alloc.
 */
#ifndef CC_CORE_BUF_H
#define CC_CORE_BUF_H

#include "core/common.h"

struct cc_buf {
    char *buf;    /* owned unless it points at cc_buf__empty (alloc == 0) */
    size_t len;   /* bytes used, excluding the terminating NUL */
    size_t alloc; /* bytes allocated; 0 while buf is the shared empty string */
    size_t cap;   /* 0: no cap; else the largest len allowed */
};

extern char cc_buf__empty[1];

#define CC_BUF_INIT {cc_buf__empty, 0, 0, 0}

/* Empty buffer with an optional cap (0: none). Cannot fail. */
void cc_buf_init(struct cc_buf *b, size_t cap);
/* Frees the storage and re-initialises (cap kept). Accepts NULL. */
void cc_buf_release(struct cc_buf *b);
/* len = 0, storage kept. */
void cc_buf_reset(struct cc_buf *b);
/* Makes room for extra more bytes; 0, CC_ENOMEM or CC_ETOOBIG. */
CC_NODISCARD int cc_buf_grow(struct cc_buf *b, size_t extra);
/* Appends; 0, CC_ENOMEM or CC_ETOOBIG (buffer unchanged on failure). */
CC_NODISCARD int cc_buf_add(struct cc_buf *b, const void *p, size_t len);
CC_NODISCARD int cc_buf_adds(struct cc_buf *b, const char *s);
CC_NODISCARD int cc_buf_addch(struct cc_buf *b, char c);
CC_NODISCARD int cc_buf_addf(struct cc_buf *b, const char *fmt, ...) CC_PRINTF(2, 3);

/* cc_buf_add / cc_buf_addch with the common case inline: when the bytes fit
 * in what is allocated and under the cap, no call is made (hot loops that
 * append a few bytes at a time); otherwise the out-of-line function. */
CC_NODISCARD static inline int cc_buf_put(struct cc_buf *b, const void *p, size_t n)
{
    if (n < b->alloc - b->len && (b->cap == 0 || b->len + n <= b->cap)) {
        memcpy(b->buf + b->len, p, n);
        b->len += n;
        b->buf[b->len] = '\0';
        return 0;
    }
    return cc_buf_add(b, p, n);
}

CC_NODISCARD static inline int cc_buf_putc(struct cc_buf *b, char c)
{
    if (b->len + 1 < b->alloc && (b->cap == 0 || b->len + 1 <= b->cap)) {
        b->buf[b->len++] = c;
        b->buf[b->len] = '\0';
        return 0;
    }
    return cc_buf_addch(b, c);
}
/* Shortens to len (len <= b->len). */
void cc_buf_truncate(struct cc_buf *b, size_t len);
/* Gives the string out (caller frees with cc_free; never NULL unless out of
 * memory) and re-initialises b. */
char *cc_buf_detach(struct cc_buf *b, size_t *len_out);
/* Trims ASCII whitespace at both ends. */
void cc_buf_trim(struct cc_buf *b);

#endif
