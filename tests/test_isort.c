#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/isort.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Shapes that break naive quicksorts: empty, one, all equal, sorted,
 * reversed, few distinct values, organ pipe, random; sizes around the
 * insertion-sort cut-off and well above it. Each result equals qsort's. */
static void fill(uint64_t *v, size_t n, int shape, uint64_t *seed)
{
    for (size_t i = 0; i < n; i++) {
        switch (shape) {
        case 0:
            v[i] = 7;
            break;
        case 1:
            v[i] = i;
            break;
        case 2:
            v[i] = n - i;
            break;
        case 3:
            v[i] = next(seed) % 3;
            break;
        case 4:
            v[i] = i < n / 2 ? i : n - i;
            break;
        case 5:
            v[i] = next(seed);
            break;
        default:
            v[i] = next(seed) >> 40;
            break;
        }
    }
}

static void both_widths_match_qsort(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 15, 16, 17, 33, 100, 1000, 20000};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    uint64_t *a = malloc(20000 * sizeof(*a)), *b = malloc(20000 * sizeof(*b));
    uint32_t *c = malloc(20000 * sizeof(*c)), *d = malloc(20000 * sizeof(*d));
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(d);
    for (size_t si = 0; si < CC_ARRAY_LEN(sizes); si++) {
        size_t n = sizes[si];
        for (int shape = 0; shape < 7; shape++) {
            fill(a, n, shape, &seed);
            for (size_t i = 0; i < n; i++) {
                b[i] = a[i];
                c[i] = (uint32_t)(a[i] ^ (a[i] >> 32));
                d[i] = c[i];
            }
            cc_sort_u64(a, n);
            if (n > 0) {
                qsort(b, n, sizeof(*b), cmp_u64);
            }
            if (n > 0 && memcmp(a, b, n * sizeof(*a)) != 0) {
                fail_msg("u64: size %zu shape %d differs from qsort", n, shape);
            }
            cc_sort_u32(c, n);
            if (n > 0) {
                qsort(d, n, sizeof(*d), cmp_u32);
            }
            if (n > 0 && memcmp(c, d, n * sizeof(*c)) != 0) {
                fail_msg("u32: size %zu shape %d differs from qsort", n, shape);
            }
        }
    }
    /* the extremes of the type sort like any other value */
    uint32_t e[] = {UINT32_MAX, 0, UINT32_MAX, 1, 0};
    cc_sort_u32(e, CC_ARRAY_LEN(e));
    uint32_t want[] = {0, 0, 1, UINT32_MAX, UINT32_MAX};
    assert_memory_equal(e, want, sizeof(e));
    free(a);
    free(b);
    free(c);
    free(d);
}

/* Membership in sorted unique arrays of every size up to 40 (odd and even
 * halvings), for each element, each gap between two, and both ends. */
static void has_finds_members_and_only_them(void **state)
{
    (void)state;
    uint32_t v32[40];
    uint64_t v64[40];
    for (size_t n = 0; n <= 40; n++) {
        for (size_t i = 0; i < n; i++) {
            v32[i] = (uint32_t)(3 * i + 1); /* 1, 4, 7, ... */
            v64[i] = ((uint64_t)1 << 40) + 3 * i + 1;
        }
        for (uint32_t x = 0; x <= 3 * 40 + 2; x++) {
            bool in = n > 0 && x % 3 == 1 && x < 3 * n;
            assert_int_equal(cc_has_u32(v32, n, x), in);
            assert_int_equal(cc_has_u64(v64, n, ((uint64_t)1 << 40) + x), in);
        }
        assert_false(cc_has_u32(v32, n, UINT32_MAX));
        assert_false(cc_has_u64(v64, n, 0));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_widths_match_qsort),
        cmocka_unit_test(has_finds_members_and_only_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
