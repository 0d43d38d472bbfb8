/*
 * fuzz_html_text.c: markup in a feed field to plain text (fetchers/html:
 * cc_html_to_text, cc_html_decode_entities, cc_html_looks_like_html), the
 * path every feed title, summary and content goes through. The article
 * extractor (fetchers/readable) has its own target, fuzz_html.
 *
 * The first byte picks the flags and an output cap; the rest is the field.
 * Invariants beyond "no crash, no leak": the text is valid UTF-8 without
 * NUL, tab, CR or LF, white space is collapsed to single spaces and trimmed
 * (unless CC_HTML_NO_TRIM); only the cap can refuse the input; the plain
 * text is a fixed point (running it through CC_HTML_PLAIN again changes
 * nothing); the entity decoder gives valid UTF-8.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/html.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

static void check_text(const struct cc_buf *b, bool trimmed)
{
    check(b->buf[b->len] == '\0');
    check(cc_utf8_is_valid(b->buf, b->len));
    for (size_t i = 0; i < b->len; i++) {
        char c = b->buf[i];
        check(c != '\0' && c != '\n' && c != '\r' && c != '\t');
        check(!(c == ' ' && i + 1 < b->len && b->buf[i + 1] == ' '));
    }
    if (trimmed && b->len > 0) {
        check(b->buf[0] != ' ' && b->buf[b->len - 1] != ' ');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    unsigned sel = data[0];
    const char *s = (const char *)data + 1;
    size_t len = size - 1;
    unsigned flags = sel & (CC_HTML_PLAIN | CC_HTML_DOUBLE_ESCAPED | CC_HTML_NO_TRIM);
    /* One input in eight runs against a small cap (a feed field's limit). */
    size_t cap = (sel & 0x38) == 0x38 ? 64 : 0;

    struct cc_buf out;
    cc_buf_init(&out, cap);
    int rc = cc_html_to_text(&out, s, len, flags);
    if (rc != 0) {
        check(rc == CC_ETOOBIG && cap != 0);
    } else {
        check_text(&out, !(flags & CC_HTML_NO_TRIM));
        /* Plain text through the plain path again is unchanged. */
        if (!(flags & CC_HTML_NO_TRIM)) {
            struct cc_buf again = CC_BUF_INIT;
            check(cc_html_to_text(&again, out.buf, out.len, CC_HTML_PLAIN) == 0);
            check(again.len == out.len && memcmp(again.buf, out.buf, out.len) == 0);
            cc_buf_release(&again);
        }
    }
    cc_buf_release(&out);

    struct cc_buf dec;
    cc_buf_init(&dec, cap);
    rc = cc_html_decode_entities(&dec, s, len, flags & CC_HTML_DOUBLE_ESCAPED);
    if (rc != 0) {
        check(rc == CC_ETOOBIG && cap != 0);
    } else {
        check(cc_utf8_is_valid(dec.buf, dec.len));
    }
    cc_buf_release(&dec);

    (void)cc_html_looks_like_html(s, len);

    /* Entity names as they come (the table look-up on any bytes). */
    int32_t cp[2];
    size_t n = cc_html_entity_find(cp, s, len < 40 ? len : 40);
    check(n <= 2);
    for (size_t i = 0; i < n; i++) {
        check(cp[i] > 0 && cp[i] <= 0x10FFFF);
    }
    return 0;
}
