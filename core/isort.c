/*
 * isort.c: quicksort (median-of-three pivot, recursion into the smaller
 * part, so the stack stays logarithmic) down to runs of 16, then insertion
 * sort. One body for both widths, written once as a macro.
 */
#include "core/common.h"

#include "core/isort.h"
#include "core/banned.h"

#define CC_DEFINE_INT_SORT(name, type)                                                             \
    void name(type *h, size_t n)                                                                   \
    {                                                                                              \
        while (n > 16) {                                                                           \
            type a = h[0], b = h[n / 2], c = h[n - 1];                                             \
            type pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));    \
            size_t i = 0, j = n - 1;                                                               \
            for (;;) {                                                                             \
                while (h[i] < pivot) {                                                             \
                    i++;                                                                           \
                }                                                                                  \
                while (h[j] > pivot) {                                                             \
                    j--;                                                                           \
                }                                                                                  \
                if (i >= j) {                                                                      \
                    break;                                                                         \
                }                                                                                  \
                type t = h[i];                                                                     \
                h[i] = h[j];                                                                       \
                h[j] = t;                                                                          \
                i++;                                                                               \
                j--;                                                                               \
            }                                                                                      \
            /* h[0..left) <= pivot <= h[left..n): recurse into the smaller part */                 \
            size_t left = j + 1;                                                                   \
            if (left < n - left) {                                                                 \
                name(h, left);                                                                     \
                h += left;                                                                         \
                n -= left;                                                                         \
            } else {                                                                               \
                name(h + left, n - left);                                                          \
                n = left;                                                                          \
            }                                                                                      \
        }                                                                                          \
        for (size_t i = 1; i < n; i++) {                                                           \
            type x = h[i];                                                                         \
            size_t k = i;                                                                          \
            while (k > 0 && h[k - 1] > x) {                                                        \
                h[k] = h[k - 1];                                                                   \
                k--;                                                                               \
            }                                                                                      \
            h[k] = x;                                                                              \
        }                                                                                          \
    }

CC_DEFINE_INT_SORT(cc_sort_u32, uint32_t)
CC_DEFINE_INT_SORT(cc_sort_u64, uint64_t)
