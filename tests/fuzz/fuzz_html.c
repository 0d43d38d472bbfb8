/*
 * fuzz_html.c: HTML main-text extraction (cc_readable_parse): decoding,
 * libxml2's recovering parser, metadata (JSON-LD, dates) and extraction.
 *
 * Invariants beyond "no crash, no leak": any bytes give a result (only a
 * size cap could refuse them); every block is valid UTF-8 without NUL, its
 * len matches, white space is collapsed and trimmed; a heading has a level
 * 1-6 and other blocks 0; a date source is set exactly when there is a date.
 */
#include "core/common.h"

#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/readable.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

static void check_text(const char *s, size_t len)
{
    check(s != NULL && strlen(s) == len && len > 0);
    check(cc_utf8_is_valid(s, len));
    check(s[0] != ' ' && s[len - 1] != ' ');
    check(strstr(s, "  ") == NULL);
    for (size_t i = 0; i < len; i++) {
        check(s[i] != '\n' && s[i] != '\t' && s[i] != '\r');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the first byte picks an HTTP charset and a URL, so both paths run */
    static const char *const charsets[] = {NULL,        "utf-8",    "windows-1252",
                                           "shift_jis", "utf-16le", "bogus-charset"};
    static const char *const urls[] = {NULL, "https://news.example/2025/07/02/story.html"};
    unsigned sel = size > 0 ? data[0] : 0;
    struct cc_readable_options opts = {urls[sel & 1], charsets[(sel >> 1) % 6], "fuzz.html"};
    struct cc_readable *r = NULL;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_readable_parse(&r, (const char *)data, size, &opts, &err);
    if (rc != 0) {
        check(r == NULL && err.code == rc && (rc == CC_ENOMEM || rc == CC_ETOOBIG));
        return 0;
    }
    check(r != NULL);
    for (size_t i = 0; i < r->nblocks; i++) {
        const struct cc_readable_block *b = &r->blocks[i];
        check_text(b->text, b->len);
        if (b->kind == CC_READABLE_HEADING) {
            check(b->level >= 1 && b->level <= 6);
        } else {
            check(b->kind == CC_READABLE_PARAGRAPH || b->kind == CC_READABLE_LIST_ITEM);
            check(b->level == 0);
        }
    }
    if (r->title) {
        check(r->nblocks > 0 && r->blocks[0].level == 1);
    }
    check((r->published == CC_TIME_NONE) == (r->date_source == CC_READABLE_DATE_NONE));
    check((r->date_detail == NULL) == (r->date_source == CC_READABLE_DATE_NONE));
    check(r->charset != NULL);
    cc_readable_free(r);
    return 0;
}
