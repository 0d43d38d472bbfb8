#include "core/common.h"

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "fetchers/charset.h"
#include "fetchers/date.h"
#include "fetchers/feed.h"
#include "fetchers/feed_int.h"
#include "fetchers/html.h"
#include "core/banned.h"

/* JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): a JSON object
 * with "version", "title", "home_page_url", "feed_url", "items"; each item
 * has "id", "url", "external_url", "title", "content_html", "content_text",
 * "summary", "date_published", "date_modified", "author" (1.0) or
 * "authors" (1.1), "tags". */

#define JSONFEED_VERSION_PREFIX "https://jsonfeed.org/version/"

struct jctx {
    struct cc_feed *feed;
    const struct cc_feed_options *opts;
    const char *base; /* feed_url or the caller's base URL; borrowed */
    struct cc_buf scratch;
    struct cc_buf tmp;
};

static const char *jstr(const json_t *obj, const char *key, size_t *len)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

static int set_plain(struct jctx *c, char **field, const json_t *obj, const char *key,
                     unsigned flags)
{
    size_t len;
    const char *s = jstr(obj, key, &len);
    if (!s) {
        return 0;
    }
    return cc_feed__set_text(field, &c->scratch, s, len, flags);
}

static int set_url(struct jctx *c, char **field, const json_t *obj, const char *key)
{
    size_t len;
    const char *s = jstr(obj, key, &len);
    if (!s || *field) {
        return 0;
    }
    cc_buf_reset(&c->tmp);
    int rc = cc_feed_resolve_url(&c->tmp, c->base, s, len);
    if (rc == 0) {
        rc = cc_feed__set_text(field, &c->scratch, c->tmp.buf, c->tmp.len, CC_HTML_PLAIN);
    }
    return rc;
}

static int set_date(struct jctx *c, int64_t *field, const json_t *obj, const char *key)
{
    size_t len;
    const char *s = jstr(obj, key, &len);
    if (!s) {
        return 0;
    }
    int64_t t;
    if (cc_date_parse(&t, s, len, NULL, NULL) != 0) {
        char q[100];
        cc_error_quote(q, sizeof(q), s, len);
        return cc_feed__warn(c->feed, "%s: cannot parse date '%s'", key, q);
    }
    *field = t;
    return 0;
}

/* The first author's name from "authors" (1.1) or "author" (1.0). */
static const json_t *first_author(const json_t *obj)
{
    const json_t *authors = json_object_get(obj, "authors");
    if (json_is_array(authors)) {
        for (size_t i = 0; i < json_array_size(authors); i++) {
            const json_t *a = json_array_get(authors, i);
            if (json_is_object(a) && json_is_string(json_object_get(a, "name"))) {
                return a;
            }
        }
    }
    const json_t *a = json_object_get(obj, "author");
    if (json_is_object(a) && json_is_string(json_object_get(a, "name"))) {
        return a;
    }
    return NULL;
}

static int read_item(struct jctx *c, const json_t *ji, const json_t *feed_author, size_t pos)
{
    if (!json_is_object(ji)) {
        return cc_feed__warn(c->feed, "items[%zu] is not an object; skipped", pos);
    }
    size_t idx;
    int rc = cc_feed__add_item(c->feed, &idx);
    if (rc) {
        return rc;
    }
    struct cc_item *it = &c->feed->items[idx];
    const json_t *id = json_object_get(ji, "id");
    if (json_is_string(id)) {
        rc = cc_feed__set_text(&it->id, &c->scratch, json_string_value(id), json_string_length(id),
                               CC_HTML_PLAIN);
    } else if (json_is_integer(id)) {
        /* JSON Feed 1.0 readers met numeric ids; the spec says "string". */
        char n[32];
        snprintf(n, sizeof(n), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        rc = cc_feed__set_text(&it->id, &c->scratch, n, strlen(n), CC_HTML_PLAIN);
    }
    if (rc == 0) {
        rc = set_plain(c, &it->title, ji, "title", CC_HTML_PLAIN);
    }
    if (rc == 0) {
        rc = set_url(c, &it->link, ji, "url");
    }
    if (rc == 0) {
        rc = set_url(c, &it->link, ji, "external_url");
    }
    if (rc == 0) {
        rc = set_plain(c, &it->content, ji, "content_html", CC_HTML_DOUBLE_ESCAPED);
    }
    if (rc == 0 && !it->content) {
        rc = set_plain(c, &it->content, ji, "content_text", CC_HTML_PLAIN);
    }
    if (rc == 0) {
        rc = set_plain(c, &it->summary, ji, "summary", CC_HTML_PLAIN);
    }
    if (rc == 0 && !it->summary && it->content) {
        it->summary = cc_strdup(it->content);
        rc = it->summary ? 0 : CC_ENOMEM;
    }
    if (rc == 0) {
        rc = set_date(c, &it->published, ji, "date_published");
    }
    if (rc == 0) {
        rc = set_date(c, &it->updated, ji, "date_modified");
    }
    const json_t *author = first_author(ji);
    if (!author) {
        author = feed_author;
    }
    if (rc == 0 && author) {
        rc = set_plain(c, &it->author, author, "name", CC_HTML_PLAIN);
    }
    const json_t *tags = json_object_get(ji, "tags");
    for (size_t i = 0; rc == 0 && json_is_array(tags) && i < json_array_size(tags); i++) {
        const json_t *t = json_array_get(tags, i);
        if (json_is_string(t)) {
            rc =
                cc_feed__add_category(it, &c->scratch, json_string_value(t), json_string_length(t));
        }
    }
    if (rc == 0) {
        rc = cc_feed__item_done(c->feed, c->opts, idx);
    }
    return rc;
}

int cc_feed__parse_json(struct cc_feed *feed, const char *data, size_t len,
                        const struct cc_feed_options *opts, struct cc_error *err)
{
    const char *subject = opts->subject;
    struct jctx c = {feed, opts, opts->base_url, CC_BUF_INIT, CC_BUF_INIT};
    struct cc_buf utf8 = CC_BUF_INIT;
    struct cc_charset_info info;
    json_t *root = NULL;
    int rc = cc_charset_decode(&utf8, &info, data, len, opts->http_charset, 0, err);
    if (rc) {
        goto out;
    }
    if (info.repaired > 0) {
        rc = cc_feed__warn(feed, "%zu invalid byte sequences in %s text repaired", info.repaired,
                           info.charset);
        if (rc) {
            goto out;
        }
    }
    json_error_t jerr;
    /* "\u0000" is read like a raw NUL in XML (every string here is taken
     * with its length and repaired by cc_feed__set_text), not a reason to
     * drop the whole feed. */
    root = json_loadb(utf8.buf, utf8.len, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        rc = cc_error_set_at(err, CC_EPARSE, subject, jerr.line, jerr.column,
                             "not a valid JSON Feed: %s (line %d, column %d)", jerr.text, jerr.line,
                             jerr.column);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = cc_error_set(err, CC_EPARSE, subject,
                          "not a JSON Feed: the top level is not an "
                          "object");
        goto out;
    }
    size_t vlen = 0;
    const char *version = jstr(root, "version", &vlen);
    const json_t *items = json_object_get(root, "items");
    bool is_jsonfeed =
        version && vlen >= strlen(JSONFEED_VERSION_PREFIX) &&
        memcmp(version, JSONFEED_VERSION_PREFIX, strlen(JSONFEED_VERSION_PREFIX)) == 0;
    if (!is_jsonfeed && !json_is_array(items)) {
        rc = cc_error_set(err, CC_EPARSE, subject,
                          "not a JSON Feed: no jsonfeed.org 'version' and no 'items' array");
        goto out;
    }
    if (!is_jsonfeed) {
        rc = cc_feed__warn(feed, "no jsonfeed.org 'version'; read as JSON Feed anyway");
        if (rc) {
            goto out;
        }
    }
    size_t flen;
    const char *feed_url = jstr(root, "feed_url", &flen);
    if (!c.base && feed_url) {
        c.base = feed_url;
    }
    rc = set_plain(&c, &feed->title, root, "title", CC_HTML_PLAIN);
    if (rc == 0) {
        rc = set_url(&c, &feed->link, root, "home_page_url");
    }
    const json_t *feed_author = first_author(root);
    size_t cap = opts->max_items ? opts->max_items : CC_FEED_MAX_ITEMS;
    size_t n = json_is_array(items) ? json_array_size(items) : 0;
    if (rc == 0 && !json_is_array(items)) {
        rc = cc_feed__warn(feed, "no 'items' array");
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (cc_feed__item_count(feed) >= cap) {
            rc = cc_feed__warn(feed, "more than %zu items; the rest are ignored", cap);
            break;
        }
        rc = read_item(&c, json_array_get(items, i), feed_author, i);
    }
    if (rc) {
        rc = cc_error_set(err, rc, subject, "cannot read JSON Feed: %s", cc_status_str(rc));
    }
out:
    json_decref(root);
    cc_buf_release(&utf8);
    cc_buf_release(&c.scratch);
    cc_buf_release(&c.tmp);
    return rc;
}
