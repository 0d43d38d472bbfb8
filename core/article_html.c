/*
 * article_html.c: articles from HTML pages and from the web (issue 5).
 *
 * cc_article__parse_html turns a page into an article through
 * fetchers/readable (main text, headline, date and its source, site name);
 * cc_article__load_url fetches an http(s) address with fetchers/http (the
 * fetcher's timeouts and redirect rules, the article cap as body cap) and
 * reads the answer as HTML or as text by its content, keeping the final
 * URL as the article's address. cc_article_find_outlet names the article's
 * own outlet from the registry.
 */
#include "core/common.h"

#include "core/alloc.h"
#include "core/article_int.h"
#include "core/log.h"
#include "core/outlets.h"
#include "fetchers/http.h"
#include "fetchers/readable.h"
#include "core/banned.h"

/* Accept header for articles: pages first, plain text next. */
#define ARTICLE_ACCEPT "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.5"

int cc_article__parse_html(struct cc_article *a, const char *bytes, size_t len,
                           const char *http_charset, struct cc_error *err)
{
    struct cc_readable_options ro = {a->url, http_charset, a->source};
    struct cc_readable *r = NULL;
    int rc = cc_readable_parse(&r, bytes, len, &ro, err);
    if (rc) {
        return rc;
    }
    if (r->title) {
        rc = cc_article__set_string(&a->title, r->title, strlen(r->title), err);
    }
    size_t text_blocks = 0;
    for (size_t i = 0; rc == 0 && i < r->nblocks; i++) {
        const struct cc_readable_block *b = &r->blocks[i];
        int kind = CC_BLOCK_PARAGRAPH;
        int level = 0;
        if (b->kind == CC_READABLE_HEADING) {
            kind = CC_BLOCK_HEADING;
            level = b->level;
        } else {
            kind = b->kind == CC_READABLE_LIST_ITEM ? CC_BLOCK_LIST_ITEM : CC_BLOCK_PARAGRAPH;
            text_blocks++;
        }
        size_t start = 0;
        size_t before = a->text.len;
        rc = cc_article__add_block(a, kind, level, b->text, b->len, &start, err);
        /* the block text is already normalised, so it is stored unchanged
         * and the link offsets carry over; check rather than assume */
        bool same = rc == 0 && a->text.len >= before + b->len &&
                    memcmp(a->text.buf + start, b->text, b->len) == 0;
        for (size_t k = 0; same && rc == 0 && k < b->nlinks; k++) {
            const struct cc_readable_link *l = &b->links[k];
            rc = cc_article__add_link(a, start + l->start, start + l->end, l->url, strlen(l->url),
                                      err);
        }
    }
    if (rc == 0 && text_blocks == 0) {
        rc = cc_error_set(err, CC_EPARSE, a->source, "no article text found in the page");
    }
    if (rc == 0 && r->published != CC_TIME_NONE) {
        a->date = r->published;
        const char *src = cc_readable_date_source_name(r->date_source);
        rc = cc_article__set_string(&a->date_source, src, strlen(src), err);
        if (rc == 0) {
            cc_log_debug("%s: date from %s (%s)", a->source, src,
                         r->date_detail ? r->date_detail : "-");
        }
    }
    if (rc == 0 && r->site_name) {
        rc = cc_article__set_string(&a->site_name, r->site_name, strlen(r->site_name), err);
    }
    if (rc == 0 && r->repaired > 0) {
        a->repaired += r->repaired;
    }
    cc_readable_free(r);
    return rc;
}

/* A fresh article for a page fetched from url (the same invariants as
 * article.c gives its own). */
static int new_web_article(struct cc_article **out, const char *source, const char *final_url,
                           size_t bytes, struct cc_error *err)
{
    struct cc_article *a = cc_calloc(1, sizeof(*a));
    if (!a) {
        return cc_error_set(err, CC_ENOMEM, source, "out of memory");
    }
    cc_buf_init(&a->text, 0);
    a->date = CC_TIME_NONE;
    a->format = CC_ARTICLE_HTML;
    a->bytes = bytes;
    int rc = cc_article__set_string(&a->source, source, strlen(source), err);
    if (rc == 0) {
        rc = cc_article__set_string(&a->url, final_url, strlen(final_url), err);
    }
    if (rc) {
        cc_article_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

/* HTML by its media type, or by its bytes when the type says nothing
 * useful (servers label pages text/plain or application/octet-stream). */
static bool response_is_html(const struct cc_http_response *resp)
{
    const char *ct = resp->content_type;
    if (ct && (strcmp(ct, "text/html") == 0 || strcmp(ct, "application/xhtml+xml") == 0)) {
        return true;
    }
    if (ct && strcmp(ct, "text/markdown") == 0) {
        return false;
    }
    return cc_readable_is_html(resp->body.buf, resp->body.len);
}

int cc_article__load_url(struct cc_article **out, const char *url,
                         const struct cc_article_options *opts, struct cc_error *err)
{
    *out = NULL;
    struct cc_article_options defaults;
    if (!opts) {
        cc_article_options_init(&defaults);
        opts = &defaults;
    }
    size_t cap = opts->max_bytes ? opts->max_bytes : CC_ARTICLE_MAX_BYTES;
    struct cc_http_options ho;
    cc_http_options_init(&ho);
    ho.max_body = cap;
    struct cc_http_request req;
    memset(&req, 0, sizeof(req));
    req.url = url;
    req.accept = ARTICLE_ACCEPT;
    struct cc_http_response resp;
    cc_http_response_init(&resp);
    struct cc_article *a = NULL;
    int rc = cc_http_get(&resp, &req, &ho, err);
    if (rc) {
        if (rc == CC_ETOOBIG && err && err->code == CC_ETOOBIG) {
            /* say which cap: the article's, not the feeds' */
            struct cc_error e2 = CC_ERROR_INIT;
            cc_error_set(&e2, CC_ETOOBIG, url, "article is larger than the %zu-byte cap (%zu MiB)",
                         cap, cap / (1024 * 1024));
            *err = e2;
        }
        goto out;
    }
    if (resp.status == 304 || resp.body.len == 0) {
        rc = cc_error_set(err, CC_EPARSE, url, "the server sent an empty page (HTTP %d)",
                          resp.status);
        goto out;
    }
    const char *final_url = resp.final_url ? resp.final_url : url;
    if (response_is_html(&resp)) {
        rc = new_web_article(&a, url, final_url, resp.body.len, err);
        if (rc == 0) {
            rc = cc_article__parse_html(a, resp.body.buf, resp.body.len, resp.charset, err);
        }
        if (rc == 0 && opts->date != CC_TIME_NONE) {
            a->date = opts->date;
            rc = cc_article__set_string(&a->date_source, "option", 6, err);
        }
    } else {
        struct cc_article_options to = *opts;
        to.format = opts->format == CC_ARTICLE_HTML ? CC_ARTICLE_DETECT : opts->format;
        rc = cc_article_parse(&a, resp.body.buf, resp.body.len, url, &to, err);
        if (rc == 0) {
            rc = cc_article__set_string(&a->url, final_url, strlen(final_url), err);
        }
    }
    if (rc) {
        cc_error_subject(err, url);
        goto out;
    }
    if (resp.redirects > 0) {
        cc_log_info("%s: redirected to %s", url, final_url);
    }
    *out = a;
    a = NULL; /* now owned by the caller */
out:
    cc_article_free(a);
    cc_http_response_release(&resp);
    return rc;
}

int cc_article_find_outlet(struct cc_article *a, const struct cc_registry *reg,
                           struct cc_error *err)
{
    const struct cc_outlet *o = NULL;
    if (a->url) {
        o = cc_registry_find_domain(reg, a->url);
    }
    if (!o && a->site_name) {
        o = cc_registry_resolve(reg, a->site_name, strlen(a->site_name));
    }
    if (!o) {
        return 0;
    }
    return cc_article__set_string(&a->outlet, o->name, strlen(o->name), err);
}
