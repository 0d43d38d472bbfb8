/*
 * fuzz_feed.c: the feed parser (RSS/RDF/Atom through libxml2, JSON Feed
 * through jansson, charset detection and conversion, HTML to text, dates,
 * URL resolution) and the JSON writer, on arbitrary bytes.
 *
 * The input's length picks the options (so any feed file is a good seed as
 * it is): both the buffered and the streaming paths, a base URL, an item
 * cap and an HTTP charset get exercised. Seeds: fixtures/feeds and
 * ../shared/conformance (scripts/fuzz.sh).
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const charsets[] = {NULL,     "utf-8",     "windows-1252", "utf-16",
                                       "euc-kr", "shift_jis", "x-bogus",      "koi8-r"};

static int count_item(const struct cc_item *item, void *payload)
{
    size_t *n = payload;
    /* Every text field must be valid UTF-8 without NUL (the contract). */
    const char *fields[] = {item->id,      item->title,   item->link,
                            item->summary, item->content, item->author};
    for (size_t i = 0; i < CC_ARRAY_LEN(fields); i++) {
        if (fields[i] && !cc_utf8_is_valid(fields[i], strlen(fields[i]))) {
            __builtin_trap();
        }
    }
    (*n)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned sel = (unsigned)(size % 64);
    const char *doc = (const char *)data;
    size_t len = size;
    struct cc_feed_options opts = {NULL, NULL, "fuzz", 0, NULL, NULL};
    opts.http_charset = charsets[sel & 7];
    if (sel & 8) {
        opts.base_url = "http://example.com/a/b/c?q#f";
    }
    if (sel & 16) {
        opts.max_items = 3;
    }
    struct cc_error err = CC_ERROR_INIT;
    if (sel & 32) {
        size_t n = 0;
        opts.on_item = count_item;
        opts.payload = &n;
        struct cc_feed *feed = NULL;
        if (cc_feed_parse(&feed, doc, len, &opts, &err) == 0) {
            cc_feed_free(feed);
        }
        return 0;
    }
    struct cc_feed *feed = NULL;
    if (cc_feed_parse(&feed, doc, len, &opts, &err) != 0) {
        return 0;
    }
    struct cc_buf out = CC_BUF_INIT;
    if (cc_feed_write_json(&out, feed, &err) == 0 && !cc_utf8_is_valid(out.buf, out.len)) {
        __builtin_trap();
    }
    cc_buf_release(&out);
    cc_feed_free(feed);
    return 0;
}
