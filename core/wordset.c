#include "core/common.h"

#include "core/wordset.h"
#include "core/banned.h"

enum { WS_NEW = 0, WS_BUILDING = 1, WS_READY = 2 };

static uint32_t hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
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
