/*
 * error.h: status codes and the caller-owned error context.
 *
 * Every failable function returns 0 or a negative CC_E* code and may fill a
 * struct cc_error passed last (NULL allowed). The struct is fixed-size so
 * that out-of-memory can be reported without allocating. The first error
 * set wins; outer layers only fill an empty subject. Layer 0: libc only.
 */
#ifndef CC_CORE_ERROR_H
#define CC_CORE_ERROR_H

#include "core/common.h"

enum cc_status {
    CC_OK = 0,
    CC_ERR = -1,      /* anything a caller need not tell apart */
    CC_ENOMEM = -2,   /* an allocation failed */
    CC_EINVAL = -3,   /* bad argument or bad input value */
    CC_ENOTFOUND = -4,
    CC_EIO = -5,      /* a file or stream could not be read or written */
    CC_EPARSE = -6,   /* input is malformed beyond recovery */
    CC_ENET = -7,     /* a transfer failed */
    CC_ETOOBIG = -8,  /* a size cap was passed */
    CC_ESTORE = -9,   /* the store is unusable */
    CC_ELOCKED = -10, /* a lock is held by someone else */
};

#define CC_ERROR_SUBJECT_MAX 256
#define CC_ERROR_MSG_MAX 512

struct cc_error {
    int code;                             /* 0 when no error is set */
    char subject[CC_ERROR_SUBJECT_MAX];   /* file, URL, outlet, key; may be "" */
    char msg[CC_ERROR_MSG_MAX];           /* lowercase, no final period */
    int line;                             /* 1-based, 0 when not known */
    int column;                           /* 1-based, 0 when not known */
};

#define CC_ERROR_INIT {0, {0}, {0}, 0, 0}

/* Sets *err (unless NULL or already set) and returns code. Subject may be NULL.
 * A subject or message that does not fit is cut with "...". */
int cc_error_set(struct cc_error *err, int code, const char *subject, const char *fmt, ...)
    CC_PRINTF(4, 5);

/* Like cc_error_set, and records a line and column (parse errors). */
int cc_error_set_at(struct cc_error *err, int code, const char *subject, int line, int column,
                    const char *fmt, ...) CC_PRINTF(6, 7);

/* Fills the subject when the error has none yet. */
void cc_error_subject(struct cc_error *err, const char *subject);

/* Resets err to "no error". Accepts NULL. */
void cc_error_clear(struct cc_error *err);

/* True when an error is set. */
bool cc_error_is_set(const struct cc_error *err);

/* Formats "SUBJECT: MESSAGE" (or "MESSAGE") into out; never fails, cuts. */
void cc_error_format(char *out, size_t outlen, const struct cc_error *err);

/* A short static name for a status code ("out of memory"). */
const char *cc_status_str(int code);

/* Cuts src to about 80 bytes (on a UTF-8 boundary) with "..." for quoting
 * input in messages; writes into out (size outlen). */
void cc_error_quote(char *out, size_t outlen, const char *src, size_t srclen);

#endif
