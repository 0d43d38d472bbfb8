/*
 * isort.h: ascending in-place sorts of integer arrays without qsort's
 * comparison callback (the matcher sorts the term ids and bigram keys of
 * every analysed item, syndication the shingles of every fingerprint).
 * Layer 0: no state, no allocation.
 */
#ifndef CC_CORE_ISORT_H
#define CC_CORE_ISORT_H

#include "core/common.h"

void cc_sort_u32(uint32_t *v, size_t n);
void cc_sort_u64(uint64_t *v, size_t n);

#endif
