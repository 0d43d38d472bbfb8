/*
 * hash.h: SHA-256 (FIPS 180-4) and a fast non-cryptographic 64-bit hash.
 *
 * SHA-256 gives content hashes that anyone can reproduce from the stored
 * text (evidence); the 64-bit hash is for in-memory tables and shingles.
 * Layer 0: libc only.
 */
#ifndef CC_CORE_HASH_H
#define CC_CORE_HASH_H

#include "core/common.h"

#define CC_SHA256_LEN 32
#define CC_SHA256_HEX_LEN 64

struct cc_sha256 {
    uint32_t h[8];
    uint64_t nbytes;         /* message length so far */
    unsigned char block[64]; /* pending partial block */
    size_t fill;             /* bytes in block */
};

void cc_sha256_init(struct cc_sha256 *ctx);
void cc_sha256_update(struct cc_sha256 *ctx, const void *p, size_t len);
/* Writes the digest; ctx must be re-initialised before reuse. */
void cc_sha256_final(struct cc_sha256 *ctx, unsigned char out[CC_SHA256_LEN]);

/* One-shot digest of p[0..len). */
void cc_hash_sha256(unsigned char out[CC_SHA256_LEN], const void *p, size_t len);
/* One-shot digest as 64 lowercase hex digits plus NUL. */
void cc_hash_sha256_hex(char out[CC_SHA256_HEX_LEN + 1], const void *p, size_t len);

/* Writes len bytes as 2*len lowercase hex digits plus NUL into out. */
void cc_hash_hex(char *out, const unsigned char *p, size_t len);

/* XXH64 of p[0..len) with a seed (fast, not cryptographic; stable
 * across runs and platforms, so it may be stored). */
uint64_t cc_hash64(const void *p, size_t len, uint64_t seed);

#endif
