#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/charset.h"

static void labels_normalise_to_whatwg_names(void **state)
{
    (void)state;
    static const struct {
        const char *label;
        const char *expected; /* NULL: unknown */
    } cases[] = {
        {"utf-8", "UTF-8"},
        {" UTF8 ", "UTF-8"},
        {"ISO-8859-1", "windows-1252"},
        {"latin1", "windows-1252"},
        {"us-ascii", "windows-1252"},
        {"Windows-1252", "windows-1252"},
        {"iso-8859-9", "windows-1254"},
        {"ISO-8859-15", "ISO-8859-15"},
        {"ks_c_5601-1987", "EUC-KR"},
        {"euc-kr", "EUC-KR"},
        {"BIG5", "Big5"},
        {"sjis", "Shift_JIS"},
        {"gb2312", "GBK"},
        {"koi8-r", "KOI8-R"},
        {"utf-16", "UTF-16LE"},
        {"UTF-16BE", "UTF-16BE"},
        {"utf-32be", "UTF-32BE"},
        {"tis-620", "windows-874"},
        {"klingon", NULL},
        {"", NULL},
        {"   ", NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        const char *got = cc_charset_canonical(cases[i].label, strlen(cases[i].label));
        if (!cases[i].expected) {
            if (got) {
                fail_msg("case %zu (%s): expected unknown, got %s", i, cases[i].label, got);
            }
            continue;
        }
        if (!got || strcmp(got, cases[i].expected) != 0) {
            fail_msg("case %zu (%s): expected %s, got %s", i, cases[i].label, cases[i].expected,
                     got ? got : "NULL");
        }
    }
}

static void bom_sniffing(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *expected;
        size_t bom;
    } cases[] = {
        {"\xEF\xBB\xBF<x/>", 7, CC_CHARSET_UTF8, 3},
        {"\xFF\xFE<\0", 4, CC_CHARSET_UTF16LE, 2},
        {"\xFE\xFF\0<", 4, CC_CHARSET_UTF16BE, 2},
        {"\xFF\xFE\0\0<\0\0\0", 8, CC_CHARSET_UTF32LE, 4},
        {"\0\0\xFE\xFF\0\0\0<", 8, CC_CHARSET_UTF32BE, 4},
        {"<x/>", 4, NULL, 0},
        {"\xEF\xBB", 2, NULL, 0},
        {"", 0, NULL, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        size_t bom = 99;
        const char *got = cc_charset_sniff_bom(cases[i].bytes, cases[i].len, &bom);
        if (cases[i].expected ? (!got || strcmp(got, cases[i].expected) != 0) : got != NULL) {
            fail_msg("case %zu: wrong charset %s", i, got ? got : "NULL");
        }
        assert_int_equal(bom, cases[i].bom);
    }
}

static void xml_declaration_sniffing(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *expected;
        const char *raw;
    } cases[] = {
        {"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss/>", 48, "windows-1252", "iso-8859-1"},
        {"<?xml version='1.0' encoding = 'EUC-KR' ?>", 42, "EUC-KR", "EUC-KR"},
        {"<?xml version=\"1.0\"?><rss/>", 27, NULL, NULL},
        {"<?xml version=\"1.0\" encoding=\"x-klingon\"?>", 42, NULL, "x-klingon"},
        /* a declaration readable as ASCII cannot be UTF-16: read as UTF-8 */
        {"<?xml version=\"1.0\" encoding=\"utf-16\"?>", 39, "UTF-8", "utf-16"},
        {"<\0?\0x\0m\0l\0", 10, CC_CHARSET_UTF16LE, NULL},
        {"\0<\0?\0x\0m\0l", 10, CC_CHARSET_UTF16BE, NULL},
        {"<\0\0\0?\0\0\0", 8, CC_CHARSET_UTF32LE, NULL},
        {"\0\0\0<\0\0\0?", 8, CC_CHARSET_UTF32BE, NULL},
        {"<rss version=\"2.0\">", 19, NULL, NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        const char *raw = NULL;
        size_t rawlen = 0;
        const char *got = cc_charset_sniff_xml(cases[i].bytes, cases[i].len, &raw, &rawlen);
        if (cases[i].expected ? (!got || strcmp(got, cases[i].expected) != 0) : got != NULL) {
            fail_msg("case %zu: wrong charset %s", i, got ? got : "NULL");
        }
        if (cases[i].raw) {
            assert_non_null(raw);
            assert_int_equal(rawlen, strlen(cases[i].raw));
            assert_memory_equal(raw, cases[i].raw, rawlen);
        } else {
            assert_null(raw);
        }
    }
}

static void html_meta_sniffing(void **state)
{
    (void)state;
    const char *a = "<html><head><META CHARSET=\"Shift_JIS\"><title>x</title>";
    const char *b = "<html><head><meta http-equiv=\"Content-Type\" "
                    "content=\"text/html; charset=windows-1251\">";
    const char *c = "<html><head><meta name=\"x\" content=\"y\"></head>";
    const char *d = "<meta charset=utf-16>";
    assert_string_equal(cc_charset_sniff_html(a, strlen(a)), "Shift_JIS");
    assert_string_equal(cc_charset_sniff_html(b, strlen(b)), "windows-1251");
    assert_null(cc_charset_sniff_html(c, strlen(c)));
    assert_string_equal(cc_charset_sniff_html(d, strlen(d)), "UTF-8");
}

struct decode_case {
    const char *bytes;
    size_t len;
    const char *charset; /* argument; NULL = detect */
    const char *expected;
    const char *used;
    size_t repaired;
};

static void decodes_every_supported_family(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"plain ascii", 11, NULL, "plain ascii", "UTF-8", 0},
        {"caf\xC3\xA9", 5, NULL, "caf\xC3\xA9", "UTF-8", 0},
        /* claims UTF-8, has a windows-1252 run: repaired per run */
        {"caf\xE9 \x93quoted\x94 \xC3\xA9", 16, "utf-8",
         "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xC3\xA9", "UTF-8", 3},
        {"\xEF\xBB\xBF\xC3\xA9t\xC3\xA9", 8, NULL, "\xC3\xA9t\xC3\xA9", "UTF-8", 0},
        {"caf\xE9", 4, "ISO-8859-1", "caf\xC3\xA9", "windows-1252", 0},
        {"\x80 \x85", 3, "latin1", "\xE2\x82\xAC \xE2\x80\xA6", "windows-1252", 0},
        {"\xA3\xF3\x64\xBC", 4, "iso-8859-2", "\xC5\x81\xC3\xB3\x64\xC5\xBA", "ISO-8859-2", 0},
        {"\xCC\xE8\xF0", 3, "windows-1251", "\xD0\x9C\xD0\xB8\xD1\x80", "windows-1251", 0},
        {"\xF0\xD2\xC9\xD7\xC5\xD4", 6, "koi8-r",
         "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "KOI8-R", 0},
        {"\xC7\xD1\xB1\xB9\xBE\xEE", 6, "euc-kr", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", "EUC-KR",
         0},
        {"\xA4\xA4\xA4\xE5", 4, "big5", "\xE4\xB8\xAD\xE6\x96\x87", "Big5", 0},
        {"\x93\xFA\x96\x7B\x8C\xEA", 6, "shift_jis", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
         "Shift_JIS", 0},
        {"\xD6\xD0\xCE\xC4", 4, "gb2312", "\xE4\xB8\xAD\xE6\x96\x87", "GBK", 0},
        {"\x1B\x24\x42\x46\x7C\x4B\x5C\x1B\x28\x42", 10, "iso-2022-jp", "\xE6\x97\xA5\xE6\x9C\xAC",
         "ISO-2022-JP", 0},
        {"\xFF\xFEh\0i\0", 6, NULL, "hi", "UTF-16LE", 0},
        {"\xFE\xFF\0h\0i", 6, NULL, "hi", "UTF-16BE", 0},
        {"\xFF\xFE\0\0h\0\0\0", 8, NULL, "h", "UTF-32LE", 0},
        {"\0\0\0<\0\0\0a", 8, NULL, "<a", "UTF-32BE", 0},
        {"<\0a\0", 4, NULL, "<a", "UTF-16LE", 0},
        /* HTTP says utf-16 (little endian by default) but the bytes are BE */
        {"\0<\0a", 4, "utf-16", "<a", "UTF-16BE", 0},
        /* a BOM beats the caller's label */
        {"\xEF\xBB\xBFok", 5, "iso-8859-1", "ok", "UTF-8", 0},
        /* an unpaired surrogate and a truncated unit become U+FFFD */
        {"\x00\xD8"
         "a\0b",
         5, "utf-16le",
         "\xEF\xBF\xBD"
         "a\xEF\xBF\xBD",
         "UTF-16LE", 2},
        /* undecodable EUC-KR byte */
        {"a\xFF"
         "b",
         3, "euc-kr",
         "a\xEF\xBF\xBD"
         "b",
         "EUC-KR", 1},
        /* NUL bytes never reach the output */
        {"a\0b", 3, NULL,
         "a\xEF\xBF\xBD"
         "b",
         "UTF-8", 1},
        {"a\0b", 3, "windows-1252",
         "a\xEF\xBF\xBD"
         "b",
         "windows-1252", 0},
        /* XML declaration drives the decoding when nothing else is known */
        {"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\xE9", 44, NULL,
         "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\xC3\xA9", "windows-1252", 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        struct cc_buf out = CC_BUF_INIT;
        struct cc_charset_info info;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_charset_decode(&out, &info, cases[i].bytes, cases[i].len, cases[i].charset,
                                   CC_CHARSET_SNIFF_XML, &err);
        if (rc != 0) {
            fail_msg("case %zu: rc %d (%s)", i, rc, err.msg);
        }
        if (out.len != strlen(cases[i].expected) ||
            memcmp(out.buf, cases[i].expected, out.len) != 0) {
            fail_msg("case %zu: got '%s'", i, out.buf);
        }
        if (strcmp(info.charset, cases[i].used) != 0) {
            fail_msg("case %zu: used %s, expected %s", i, info.charset, cases[i].used);
        }
        if (info.repaired != cases[i].repaired) {
            fail_msg("case %zu: repaired %zu, expected %zu", i, info.repaired, cases[i].repaired);
        }
        assert_true(out.len == 0 || cc_utf8_is_valid(out.buf, out.len));
        cc_buf_release(&out);
    }
}

static void unknown_label_falls_back_to_utf8(void **state)
{
    (void)state;
    struct cc_buf out = CC_BUF_INIT;
    struct cc_charset_info info;
    assert_int_equal(cc_charset_decode(&out, &info, "caf\xC3\xA9", 5, "x-klingon", 0, NULL), 0);
    assert_true(info.unknown_label);
    assert_string_equal(info.charset, "UTF-8");
    assert_string_equal(out.buf, "caf\xC3\xA9");
    cc_buf_release(&out);

    /* a label iconv knows but the table does not is used as it is */
    assert_int_equal(cc_charset_decode(&out, &info, "\xE9", 1, "ISO_8859-1:1987x", 0, NULL), 0);
    assert_true(info.unknown_label);
    cc_buf_release(&out);
    assert_int_equal(cc_charset_decode(&out, &info, "\xC0", 1, "CP850", 0, NULL), 0);
    assert_false(info.unknown_label);
    assert_string_equal(out.buf, "\xE2\x94\x94"); /* U+2514 in code page 850 */
    cc_buf_release(&out);
}

static void meta_charset_is_used_for_html(void **state)
{
    (void)state;
    const char *html = "<meta charset=\"windows-1251\"><p>\xCC\xE8\xF0</p>";
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_charset_to_utf8(&out, html, strlen(html), NULL, NULL), 0);
    assert_string_equal(out.buf, "<meta charset=\"windows-1251\"><p>\xD0\x9C\xD0\xB8\xD1\x80</p>");
    cc_buf_release(&out);
}

static void output_cap_is_reported(void **state)
{
    (void)state;
    struct cc_buf out;
    cc_buf_init(&out, 4);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_charset_to_utf8(&out, "abcdefgh", 8, NULL, &err), CC_ETOOBIG);
    assert_int_equal(err.code, CC_ETOOBIG);
    cc_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(labels_normalise_to_whatwg_names),
        cmocka_unit_test(bom_sniffing),
        cmocka_unit_test(xml_declaration_sniffing),
        cmocka_unit_test(html_meta_sniffing),
        cmocka_unit_test(decodes_every_supported_family),
        cmocka_unit_test(unknown_label_falls_back_to_utf8),
        cmocka_unit_test(meta_charset_is_used_for_html),
        cmocka_unit_test(output_cap_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
