#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/hash.h"

/* FIPS 180-4 / NIST CSRC example vectors. */
static void sha256_known_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *hex;
    } rows[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
         "klmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        char hex[CC_SHA256_HEX_LEN + 1];
        cc_hash_sha256_hex(hex, rows[i].in, strlen(rows[i].in));
        if (strcmp(hex, rows[i].hex) != 0) {
            fail_msg("row %zu: got %s want %s", i, hex, rows[i].hex);
        }
    }
}

static void sha256_million_a_in_odd_chunks(void **state)
{
    (void)state;
    char *a = cc_malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    struct cc_sha256 ctx;
    cc_sha256_init(&ctx);
    /* Chunk sizes that straddle block boundaries in every way. */
    size_t off = 0;
    size_t step = 1;
    while (off < 1000000) {
        size_t n = CC_MIN(step, (size_t)1000000 - off);
        cc_sha256_update(&ctx, a + off, n);
        off += n;
        step = step % 131 + 7;
    }
    unsigned char d[CC_SHA256_LEN];
    char hex[CC_SHA256_HEX_LEN + 1];
    cc_sha256_final(&ctx, d);
    cc_hash_hex(hex, d, sizeof(d));
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    cc_free(a);
}

/* Lengths 55, 56, 63, 64 and 65 hit every padding case. */
static void sha256_padding_boundaries_match_one_shot(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        const char *hex;
    } rows[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    };
    char buf[65];
    memset(buf, 'a', sizeof(buf));
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        char hex[CC_SHA256_HEX_LEN + 1];
        cc_hash_sha256_hex(hex, buf, rows[i].len);
        if (strcmp(hex, rows[i].hex) != 0) {
            fail_msg("len %zu: got %s want %s", rows[i].len, hex, rows[i].hex);
        }
    }
}

/* Every length 0..300 of a varied byte pattern, hashed one-shot; the
 * digest of all their digests is checked against Python's hashlib. Runs
 * the SHA-NI code where the CPU has it, and the portable code under
 * CC_SHA256_PORTABLE=1 (the unit_hash_portable ctest). */
static void sha256_lengths_0_to_300_match_hashlib(void **state)
{
    (void)state;
    unsigned char data[300];
    struct cc_sha256 all;
    cc_sha256_init(&all);
    for (size_t n = 0; n <= sizeof(data); n++) {
        for (size_t i = 0; i < n; i++) {
            data[i] = (unsigned char)((i * 7 + n) & 0xff);
        }
        unsigned char d[CC_SHA256_LEN];
        cc_hash_sha256(d, data, n);
        cc_sha256_update(&all, d, sizeof(d));
    }
    unsigned char d[CC_SHA256_LEN];
    char hex[CC_SHA256_HEX_LEN + 1];
    cc_sha256_final(&all, d);
    cc_hash_hex(hex, d, sizeof(d));
    assert_string_equal(hex, "60d63ff40b5558727a9b786ac0be9300f7ca58fd9ddd3b2f3681b369018a87dc");
}

/* XXH64 reference values (seed 0 unless given). */
static void hash64_matches_xxh64_reference(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint64_t seed;
        uint64_t want;
    } rows[] = {
        {"", 0, 0xEF46DB3751D8E999ull},
        {"a", 0, 0xD24EC4F1A98C6E5Bull},
        {"abc", 0, 0x44BC2CF5AD770999ull},
        {"Nobody inspects the spammish repetition", 0, 0xFBCEA83C8A378BF1ull},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        uint64_t got = cc_hash64(rows[i].in, strlen(rows[i].in), rows[i].seed);
        if (got != rows[i].want) {
            fail_msg("row %zu: got %016llx want %016llx", i, (unsigned long long)got,
                     (unsigned long long)rows[i].want);
        }
    }
}

static void hash64_seed_and_every_byte_matter(void **state)
{
    (void)state;
    char buf[100];
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = (char)('a' + i % 26);
    }
    uint64_t base = cc_hash64(buf, sizeof(buf), 0);
    assert_true(cc_hash64(buf, sizeof(buf), 1) != base);
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] ^= 1;
        if (cc_hash64(buf, sizeof(buf), 0) == base) {
            fail_msg("flipping byte %zu did not change the hash", i);
        }
        buf[i] ^= 1;
    }
    assert_int_equal(cc_hash64(buf, sizeof(buf), 0), base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_known_vectors),
        cmocka_unit_test(sha256_million_a_in_odd_chunks),
        cmocka_unit_test(sha256_padding_boundaries_match_one_shot),
        cmocka_unit_test(sha256_lengths_0_to_300_match_hashlib),
        cmocka_unit_test(hash64_matches_xxh64_reference),
        cmocka_unit_test(hash64_seed_and_every_byte_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
