#include "core/common.h"

#include "core/wordset.h"
#include "core/banned.h"

enum { WS_NEW = 0, WS_BUILDING = 1, WS_READY = 2 };

static uint32_t hash(const char *s, size_t len)
{
    /* Eight bytes per multiply (keys are short words): the bytes of each
     * step are gathered with independent shifts, so a lookup waits on one
     * or two multiplies instead of one per byte as with FNV-1a (every
     * sentence makes dozens of lookups; bench/claims.sh). */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    while (len > 0) {
        uint64_t w = 0;
        size_t n = len < 8 ? len : 8;
        for (size_t i = 0; i < n; i++) {
            w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        }
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        s += n;
        len -= n;
    }
    return (uint32_t)(h ^ (h >> 29));
}

static bool same(const char *w, const char *key, size_t len)
{
    /* w is NUL-terminated and key holds no NUL, so a shorter w mismatches
     * at its NUL before any byte past it is read. */
    for (size_t i = 0; i < len; i++) {
        if (w[i] != key[i]) {
            return false;
        }
    }
    return len > 0 && w[len] == '\0';
}

static void build(struct cc_wordset *ws)
{
    size_t mask = ws->cap - 1;
    memset(ws->slots, 0, ws->cap * sizeof(*ws->slots));
    for (size_t i = 0; i < ws->n; i++) {
        size_t h = hash(ws->words[i], strlen(ws->words[i])) & mask;
        while (ws->slots[h]) {
            h = (h + 1) & mask;
        }
        ws->slots[h] = (uint16_t)(i + 1);
    }
}

int cc_wordset_find(struct cc_wordset *ws, const char *key, size_t len)
{
    int st = atomic_load_explicit(&ws->state, memory_order_acquire);
    if (st == WS_NEW) {
        int expect = WS_NEW;
        if (ws->cap < 2 * ws->n || ws->cap > 65536 || (ws->cap & (ws->cap - 1)) != 0) {
            /* A mis-sized set is a programming error; stay on the scan. */
            st = WS_BUILDING;
        } else if (atomic_compare_exchange_strong(&ws->state, &expect, WS_BUILDING)) {
            build(ws);
            atomic_store_explicit(&ws->state, WS_READY, memory_order_release);
            st = WS_READY;
        } else {
            st = expect;
        }
    }
    if (st != WS_READY) {
        for (size_t i = 0; i < ws->n; i++) {
            if (same(ws->words[i], key, len)) {
                return (int)i;
            }
        }
        return -1;
    }
    size_t mask = ws->cap - 1;
    size_t h = hash(key, len) & mask;
    while (ws->slots[h]) {
        size_t i = ws->slots[h] - 1u;
        if (same(ws->words[i], key, len)) {
            return (int)i;
        }
        h = (h + 1) & mask;
    }
    return -1;
}

bool cc_wordset_has(struct cc_wordset *ws, const char *key, size_t len)
{
    return cc_wordset_find(ws, key, len) >= 0;
}
