/*
 * wordset.h: fixed sets of lowercase ASCII words with constant-time lookup,
 * for the word lists of core/textfeat, core/citations and core/claims
 * (checked for every word of every sentence, so bsearch was a hot spot).
 *
 * A set is a static list plus static slot storage; the hash table is built
 * on first use by one thread (an atomic state; the others fall back to a
 * linear scan meanwhile), never allocates and is never freed.
 * Layer 0: libc only.
 */
#ifndef CC_CORE_WORDSET_H
#define CC_CORE_WORDSET_H

#include "core/common.h"

#include <stdatomic.h>

struct cc_wordset {
    const char *const *words; /* borrowed: the list (any order, no duplicates) */
    size_t n;
    uint16_t *slots;  /* borrowed storage of cap entries: index + 1, 0 = empty */
    size_t cap;       /* a power of two, at least 2n, at most 65536 */
    atomic_int state; /* 0 new, 1 being built, 2 ready */
};

/* Defines static set NAME over the static array LIST with CAP slots. */
#define CC_WORDSET_DEFINE(name, list, cap)                                                         \
    static uint16_t name##_slots[cap];                                                             \
    static struct cc_wordset name = {(list), CC_ARRAY_LEN(list), name##_slots, (cap), 0}

/* The index in the list of the word key[0..len) (lowercase ASCII), or -1.
 * Cannot fail. */
int cc_wordset_find(struct cc_wordset *ws, const char *key, size_t len);

/* cc_wordset_find(...) >= 0. */
bool cc_wordset_has(struct cc_wordset *ws, const char *key, size_t len);

#endif
