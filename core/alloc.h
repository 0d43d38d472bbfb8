/*
 * alloc.h: the allocator every core/ and fetchers/ module goes through.
 *
 * Thin wrappers over malloc/calloc/realloc/free that tests can make fail on
 * the n-th call (cc_alloc_fail_after), and overflow-checked size helpers.
 * Layer 0: libc only. Not thread-safe for the failure hook (tests only).
 */
#ifndef CC_CORE_ALLOC_H
#define CC_CORE_ALLOC_H

#include "core/common.h"

/* Return NULL on failure (or when the test hook says so). */
void *cc_malloc(size_t n);
void *cc_calloc(size_t count, size_t size);
void *cc_realloc(void *p, size_t n);
/* Accepts NULL. */
void cc_free(void *p);

/* Copies of a C string / of len bytes plus a NUL. Caller frees with cc_free.
 * NULL on failure (cc_strdup(NULL) is NULL). */
char *cc_strdup(const char *s);
char *cc_strndup(const char *s, size_t len);

/* Reallocates *p to hold count elements of size bytes; 0 or CC_ENOMEM (also
 * when count * size overflows). On failure *p is untouched. */
CC_NODISCARD int cc_array_grow(void **p, size_t *alloc, size_t need, size_t size);

/* Test hook: the n-th allocation from now (1-based) and all after it fail;
 * 0 turns failures off. Returns how many allocations were made since the
 * last call (so a test can loop n = 1.. until the call succeeds). */
size_t cc_alloc_fail_after(size_t n);

#endif
