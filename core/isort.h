/*
 * isort.h: ascending in-place sorts of integer arrays without qsort's
 * comparison callback (the matcher sorts the term ids and bigram keys of
 * every analysed item, syndication the shingles of every fingerprint), and
 * membership in such a sorted array (the matcher's pair features).
 * Layer 0: no state, no allocation.
 */
#ifndef CC_CORE_ISORT_H
#define CC_CORE_ISORT_H

#include "core/common.h"

void cc_sort_u32(uint32_t *v, size_t n);
void cc_sort_u64(uint64_t *v, size_t n);

/* True when x is in v[0..n) (ascending, no duplicates). A binary search
 * without a branch to mispredict: base narrows to the last element <= x.
 * Inline: the matcher asks it for every term of every candidate pair. */
#define CC_DEFINE_INT_HAS(name, type)                                                              \
    static inline bool name(const type *v, size_t n, type x)                                       \
    {                                                                                              \
        if (n == 0) {                                                                              \
            return false;                                                                          \
        }                                                                                          \
        const type *base = v;                                                                      \
        while (n > 1) {                                                                            \
            size_t half = n / 2;                                                                   \
            base = base[half] <= x ? base + half : base;                                           \
            n -= half;                                                                             \
        }                                                                                          \
        return *base == x;                                                                         \
    }
CC_DEFINE_INT_HAS(cc_has_u32, uint32_t)
CC_DEFINE_INT_HAS(cc_has_u64, uint64_t)
#undef CC_DEFINE_INT_HAS

#endif
