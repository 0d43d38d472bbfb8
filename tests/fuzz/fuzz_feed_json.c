/*
 * fuzz_feed_json.c: the streaming `parse` path (cc_feed_parse_write_json,
 * what `credcheck parse` runs) against the buffered one (cc_feed_parse +
 * cc_feed_write_json), seeded with JSON Feeds (fixtures/fuzz/feed_json and
 * the JSON Feed fixtures); XML inputs take the same path. fuzz_feed covers
 * the buffered and callback paths on the XML corpus.
 *
 * Invariants beyond "no crash, no leak": both paths succeed or fail
 * together with the same code; each output is valid UTF-8 and a JSON
 * document jansson reads back with an "items" array; the items agree
 * field by field (the author aside: a streamed Atom entry inherits only an
 * author written before it, fetchers/feed.h).
 */
#include "core/common.h"

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/feed.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

static json_t *load(const char *s, size_t len)
{
    check(cc_utf8_is_valid(s, len));
    json_error_t jerr;
    json_t *doc = json_loadb(s, len, 0, &jerr);
    check(doc != NULL && json_is_object(doc));
    check(json_is_array(json_object_get(doc, "items")));
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *doc = (const char *)data;
    struct cc_feed_options opts = {NULL, NULL, "fuzz.json", 0, NULL, NULL};
    if (size % 2) {
        opts.base_url = "https://example.org/feeds/main.json";
    }

    char *streamed = NULL;
    size_t streamed_len = 0;
    FILE *f = open_memstream(&streamed, &streamed_len);
    check(f != NULL);
    bool malformed = false;
    struct cc_error serr = CC_ERROR_INIT;
    int src = cc_feed_parse_write_json(f, doc, size, &opts, &malformed, &serr);
    check(fclose(f) == 0);

    struct cc_feed *feed = NULL;
    struct cc_error berr = CC_ERROR_INIT;
    int brc = cc_feed_parse(&feed, doc, size, &opts, &berr);
    check(brc == src);
    if (brc != 0) {
        check(feed == NULL && berr.code == brc && serr.code == src);
        free(streamed);
        return 0;
    }
    check(malformed == feed->malformed);

    struct cc_buf out = CC_BUF_INIT;
    check(cc_feed_write_json(&out, feed, &berr) == 0);
    json_t *a = load(out.buf, out.len);
    json_t *b = load(streamed, streamed_len);
    json_t *ia = json_object_get(a, "items");
    json_t *ib = json_object_get(b, "items");
    check(json_array_size(ia) == json_array_size(ib));
    check(json_array_size(ia) == feed->nitems);
    for (size_t i = 0; i < json_array_size(ia); i++) {
        json_t *x = json_array_get(ia, i);
        json_t *y = json_array_get(ib, i);
        check(json_is_object(x) && json_is_object(y));
        json_object_del(x, "author");
        json_object_del(y, "author");
        check(json_equal(x, y));
    }
    json_decref(a);
    json_decref(b);
    cc_buf_release(&out);
    cc_feed_free(feed);
    free(streamed);
    return 0;
}
