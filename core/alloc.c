#include "core/common.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/banned.h"

/* Per thread: the hook fails the allocations of the thread that set it (a
 * test), and threads of a batch run never share the counter. */
static _Thread_local size_t fail_at; /* 0: never fail */
static _Thread_local size_t count;   /* allocations since the hook was last set */

static bool should_fail(void)
{
    count++;
    return fail_at != 0 && count >= fail_at;
}

size_t cc_alloc_fail_after(size_t n)
{
    size_t made = count;
    fail_at = n;
    count = 0;
    return made;
}

void *cc_malloc(size_t n)
{
    if (should_fail()) {
        return NULL;
    }
    return malloc(n ? n : 1);
}

void *cc_calloc(size_t nmemb, size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    if (nmemb == 0 || size == 0) {
        return calloc(1, 1);
    }
    return calloc(nmemb, size);
}

void *cc_realloc(void *p, size_t n)
{
    if (should_fail()) {
        return NULL;
    }
    return realloc(p, n ? n : 1);
}

void cc_free(void *p)
{
    free(p);
}

char *cc_strndup(const char *s, size_t len)
{
    if (!s || len == SIZE_MAX) {
        return NULL;
    }
    char *d = cc_malloc(len + 1);
    if (!d) {
        return NULL;
    }
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *cc_strdup(const char *s)
{
    if (!s) {
        return NULL;
    }
    return cc_strndup(s, strlen(s));
}

int cc_array_grow(void **p, size_t *alloc, size_t need, size_t size)
{
    if (need <= *alloc) {
        return 0;
    }
    size_t n = *alloc ? *alloc : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2) {
            n = need;
            break;
        }
        n *= 2;
    }
    if (size != 0 && n > SIZE_MAX / size) {
        return CC_ENOMEM;
    }
    void *q = cc_realloc(*p, n * size);
    if (!q) {
        return CC_ENOMEM;
    }
    *p = q;
    *alloc = n;
    return 0;
}
