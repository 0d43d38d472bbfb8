#include "core/common.h"

#include <stdatomic.h>

#include "core/hash.h"

/* The x86 SHA extensions hash a block about ten times faster than the
 * portable code; the store hashes every item it saves (content hashes,
 * docs/BENCHMARKS.md "store"). Chosen at run time with CPUID, so the
 * binary still runs on CPUs without them. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CC_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "core/banned.h"

/* ---- SHA-256 (FIPS 180-4) ------------------------------------------------ */

static const uint32_t sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u,
};

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

static void sha256_block_portable(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t s1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = k + s1 + ch + sha256_k[i] + w[i];
        uint32_t s0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = s0 + maj;
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

#ifdef CC_SHA256_X86
/* nblocks 64-byte blocks with the SHA-NI instructions. The state is kept
 * as the instructions want it (ABEF, CDGH); each group of four rounds adds
 * four message words and their constants, and the message schedule is
 * computed four words at a time (sha256msg1 for the sigma0 terms, the
 * W[t-7] words by a byte shift of the previous two groups, sha256msg2 for
 * the sigma1 terms). */
__attribute__((target("sha,sse4.1,ssse3"))) static void
sha256_blocks_ni(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll);
    __m128i tmp = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
    __m128i st1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);         /* CDAB */
    st1 = _mm_shuffle_epi32(st1, 0x1B);         /* HGFE */
    __m128i st0 = _mm_alignr_epi8(tmp, st1, 8); /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0);      /* CDGH */
    for (; nblocks > 0; nblocks--, p += 64) {
        __m128i save0 = st0;
        __m128i save1 = st1;
        __m128i w[4];
        for (int g = 0; g < 16; g++) {
            __m128i x;
            if (g < 4) {
                x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)),
                                     bswap);
            } else {
                x = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                x = _mm_sha256msg2_epu32(x, w[(g + 3) & 3]);
            }
            w[g & 3] = x;
            __m128i m =
                _mm_add_epi32(x, _mm_loadu_si128((const __m128i *)(const void *)&sha256_k[4 * g]));
            st1 = _mm_sha256rnds2_epu32(st1, st0, m);
            m = _mm_shuffle_epi32(m, 0x0E);
            st0 = _mm_sha256rnds2_epu32(st0, st1, m);
        }
        st0 = _mm_add_epi32(st0, save0);
        st1 = _mm_add_epi32(st1, save1);
    }
    tmp = _mm_shuffle_epi32(st0, 0x1B);    /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);    /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0); /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)(void *)&h[0], st0);
    _mm_storeu_si128((__m128i *)(void *)&h[4], st1);
}

/* 1: the CPU has the SHA extensions (and SSSE3, SSE4.1); 0: it has not;
 * -1: not asked yet. CPUID is slow (a trap under some hypervisors), so it
 * is asked once. */
static atomic_int sha_ni_state = -1;

static bool have_sha_ni(void)
{
    int st = atomic_load_explicit(&sha_ni_state, memory_order_relaxed);
    if (st < 0) {
        unsigned a = 0, b = 0, c = 0, d = 0;
        bool ok = false;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19))) {
            unsigned a7 = 0, b7 = 0, c7 = 0, d7 = 0;
            ok = __get_cpuid_count(7, 0, &a7, &b7, &c7, &d7) && (b7 & (1u << 29));
        }
        if (getenv("CC_SHA256_PORTABLE")) {
            ok = false; /* tests check the portable code on any machine */
        }
        st = ok ? 1 : 0;
        atomic_store_explicit(&sha_ni_state, st, memory_order_relaxed);
    }
    return st == 1;
}
#endif

static void sha256_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#ifdef CC_SHA256_X86
    if (have_sha_ni()) {
        sha256_blocks_ni(h, p, nblocks);
        return;
    }
#endif
    for (; nblocks > 0; nblocks--, p += 64) {
        sha256_block_portable(h, p);
    }
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    sha256_blocks(h, p, 1);
}

void cc_sha256_init(struct cc_sha256 *ctx)
{
    static const uint32_t iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    memcpy(ctx->h, iv, sizeof(iv));
    ctx->nbytes = 0;
    ctx->fill = 0;
}

void cc_sha256_update(struct cc_sha256 *ctx, const void *data, size_t len)
{
    const unsigned char *p = data;
    ctx->nbytes += len;
    if (ctx->fill > 0) {
        size_t take = CC_MIN(len, sizeof(ctx->block) - ctx->fill);
        memcpy(ctx->block + ctx->fill, p, take);
        ctx->fill += take;
        p += take;
        len -= take;
        if (ctx->fill < sizeof(ctx->block)) {
            return;
        }
        sha256_block(ctx->h, ctx->block);
        ctx->fill = 0;
    }
    if (len >= 64) {
        sha256_blocks(ctx->h, p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
    if (len > 0) {
        memcpy(ctx->block, p, len);
        ctx->fill = len;
    }
}

void cc_sha256_final(struct cc_sha256 *ctx, unsigned char out[CC_SHA256_LEN])
{
    uint64_t bits = ctx->nbytes * 8u;
    ctx->block[ctx->fill++] = 0x80;
    if (ctx->fill > 56) {
        memset(ctx->block + ctx->fill, 0, 64 - ctx->fill);
        sha256_block(ctx->h, ctx->block);
        ctx->fill = 0;
    }
    memset(ctx->block + ctx->fill, 0, 56 - ctx->fill);
    for (int i = 0; i < 8; i++) {
        ctx->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    }
    sha256_block(ctx->h, ctx->block);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(ctx->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(ctx->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(ctx->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)ctx->h[i];
    }
    ctx->fill = 0;
}

void cc_hash_sha256(unsigned char out[CC_SHA256_LEN], const void *p, size_t len)
{
    struct cc_sha256 ctx;
    cc_sha256_init(&ctx);
    cc_sha256_update(&ctx, p, len);
    cc_sha256_final(&ctx, out);
}

void cc_hash_hex(char *out, const unsigned char *p, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * len] = '\0';
}

void cc_hash_sha256_hex(char out[CC_SHA256_HEX_LEN + 1], const void *p, size_t len)
{
    unsigned char d[CC_SHA256_LEN];
    cc_hash_sha256(d, p, len);
    cc_hash_hex(out, d, sizeof(d));
}

/* ---- 64-bit hash: the XXH64 algorithm (public domain design by Yann
 * Collet), written from its specification so stored values stay comparable
 * with other implementations. ---------------------------------------------- */

#define P64_1 0x9E3779B185EBCA87ull
#define P64_2 0xC2B2AE3D27D4EB4Full
#define P64_3 0x165667B19E3779F9ull
#define P64_4 0x85EBCA77C2B2AE63ull
#define P64_5 0x27D4EB2F165667C5ull

static uint64_t rol64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> (64u - n));
}

static uint64_t read64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static uint32_t read32le(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t xx_round(uint64_t acc, uint64_t input)
{
    acc += input * P64_2;
    acc = rol64(acc, 31);
    return acc * P64_1;
}

static uint64_t xx_merge(uint64_t acc, uint64_t val)
{
    acc ^= xx_round(0, val);
    return acc * P64_1 + P64_4;
}

uint64_t cc_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    const unsigned char *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = seed + P64_1 + P64_2;
        uint64_t v2 = seed + P64_2;
        uint64_t v3 = seed;
        uint64_t v4 = seed - P64_1;
        while ((size_t)(end - p) >= 32) {
            v1 = xx_round(v1, read64le(p));
            v2 = xx_round(v2, read64le(p + 8));
            v3 = xx_round(v3, read64le(p + 16));
            v4 = xx_round(v4, read64le(p + 24));
            p += 32;
        }
        h = rol64(v1, 1) + rol64(v2, 7) + rol64(v3, 12) + rol64(v4, 18);
        h = xx_merge(h, v1);
        h = xx_merge(h, v2);
        h = xx_merge(h, v3);
        h = xx_merge(h, v4);
    } else {
        h = seed + P64_5;
    }
    h += (uint64_t)len;
    while ((size_t)(end - p) >= 8) {
        h ^= xx_round(0, read64le(p));
        h = rol64(h, 27) * P64_1 + P64_4;
        p += 8;
    }
    if ((size_t)(end - p) >= 4) {
        h ^= (uint64_t)read32le(p) * P64_1;
        h = rol64(h, 23) * P64_2 + P64_3;
        p += 4;
    }
    while (p < end) {
        h ^= (uint64_t)(*p) * P64_5;
        h = rol64(h, 11) * P64_1;
        p++;
    }
    h ^= h >> 33;
    h *= P64_2;
    h ^= h >> 29;
    h *= P64_3;
    h ^= h >> 32;
    return h;
}
