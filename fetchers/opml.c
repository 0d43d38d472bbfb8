/*
 * opml.c: OPML subscription lists to outlets (libxml2, no network, no
 * entities), merged into a registry.
 */
#include "core/common.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outlets.h"
#include "core/url.h"
#include "core/utf8.h"
#include "fetchers/opml.h"
#include "core/banned.h"

/* Longest outlet name kept from a title; longer titles are cut (on a
 * UTF-8 boundary) rather than refused, as readers export whatever the
 * site's <title> said. */
#define NAME_KEEP 200

struct cc_opml {
    struct cc_outlet *outlets; /* owned */
    size_t n, alloc;
    size_t skipped;
};

/* Hosts that serve feeds for other sites: never an outlet's domain. */
static const char *const aggregator_hosts[] = {
    "news.google.com", "feeds.feedburner.com", "feedproxy.google.com", "rsshub.app",
    "rss.app",         "feeds.feedblitz.com",  "openrss.org",          "fetchrss.com",
    "feed43.com",      "politepol.com",        "rss-bridge.org",
};

static void opml_outlet_release(struct cc_outlet *o)
{
    cc_free(o->name);
    for (size_t i = 0; i < o->ndomains; i++) {
        cc_free(o->domains[i]);
    }
    cc_free(o->domains);
    for (size_t i = 0; i < o->nfeeds; i++) {
        cc_free(o->feeds[i].url);
        cc_free(o->feeds[i].as_written);
    }
    cc_free(o->feeds);
    memset(o, 0, sizeof(*o));
}

void cc_opml_free(struct cc_opml *opml)
{
    if (!opml) {
        return;
    }
    for (size_t i = 0; i < opml->n; i++) {
        opml_outlet_release(&opml->outlets[i]);
    }
    cc_free(opml->outlets);
    cc_free(opml);
}

size_t cc_opml_count(const struct cc_opml *opml)
{
    return opml->n;
}

const struct cc_outlet *cc_opml_get(const struct cc_opml *opml, size_t i)
{
    return i < opml->n ? &opml->outlets[i] : NULL;
}

size_t cc_opml_skipped(const struct cc_opml *opml)
{
    return opml->skipped;
}

/* ---- parsing ---------------------------------------------------------------- */

struct xml_diag {
    bool set;
    int line;
    char msg[200];
};

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    struct xml_diag *d = ctx;
    if (d->set || !e || e->level < XML_ERR_ERROR) {
        return;
    }
    d->set = true;
    d->line = e->line;
    const char *m = e->message ? e->message : "malformed XML";
    size_t len = strlen(m);
    while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == ' ')) {
        len--;
    }
    snprintf(d->msg, sizeof(d->msg), "%.*s", (int)CC_MIN(len, sizeof(d->msg) - 1), m);
}

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

/* An attribute's value by case-insensitive name (readers write xmlUrl,
 * xmlurl or XMLURL); a borrowed string from the node or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (xmlStrcasecmp(a->name, (const xmlChar *)name) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE && a->children->content) {
            return (const char *)a->children->content;
        }
    }
    return NULL;
}

/* Appends s with surrounding whitespace trimmed and inner runs collapsed,
 * in NFC. */
static int clean_text(struct cc_buf *out, const char *s)
{
    struct cc_buf tmp = CC_BUF_INIT;
    int rc = 0;
    bool space = false;
    for (const char *p = s; *p && rc == 0; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = tmp.len > 0;
            continue;
        }
        if (space) {
            rc = cc_buf_addch(&tmp, ' ');
            space = false;
        }
        if (rc == 0 && c >= 0x20 && c != 0x7F) {
            rc = cc_buf_addch(&tmp, (char)c);
        }
    }
    if (rc == 0) {
        rc = cc_utf8_nfc(out, tmp.buf, tmp.len);
    }
    cc_buf_release(&tmp);
    return rc;
}

/* The registrable host of an http(s) URL, "www." dropped; empty when the
 * URL has none fit for a domain (IP address, single label, aggregator). */
static int domain_of(struct cc_buf *out, const char *url)
{
    struct cc_buf h = CC_BUF_INIT;
    int rc = cc_url_host(&h, url, strlen(url), NULL);
    if (rc == CC_ENOMEM) {
        return rc;
    }
    rc = 0;
    const char *p = h.buf;
    size_t len = h.len;
    /* Every leading "www." goes: the registry loader drops one more from
     * what it reads, so "www.www.x" would come back as the bad host "x"
     * (found by fuzz_opml). */
    while (len > 4 && memcmp(p, "www.", 4) == 0) {
        p += 4;
        len -= 4;
    }
    const char *dot = len ? memchr(p, '.', len) : NULL;
    size_t last = len;
    while (last > 0 && p[last - 1] != '.') {
        last--;
    }
    bool alpha_tld = dot && len - last >= 2;
    for (size_t i = last; alpha_tld && i < len; i++) {
        alpha_tld = p[i] >= 'a' && p[i] <= 'z';
    }
    bool aggregator = false;
    for (size_t i = 0; i < CC_ARRAY_LEN(aggregator_hosts); i++) {
        if (strlen(aggregator_hosts[i]) == len && memcmp(aggregator_hosts[i], p, len) == 0) {
            aggregator = true;
        }
    }
    if (alpha_tld && !aggregator) {
        rc = cc_buf_add(out, p, len);
    }
    cc_buf_release(&h);
    return rc;
}

static int add_feed_outline(struct cc_opml *opml, const xmlNode *n, const char *xml_url)
{
    struct cc_outlet o;
    memset(&o, 0, sizeof(o));
    o.credibility = CC_OUTLET_DEFAULT_CREDIBILITY;
    struct cc_buf url = CC_BUF_INIT;
    struct cc_buf name = CC_BUF_INIT;
    struct cc_buf dom = CC_BUF_INIT;
    int rc = clean_text(&url, xml_url);
    if (rc) {
        goto out;
    }
    if (!cc_url_is_http(url.buf, url.len) || url.len > CC_REGISTRY_MAX_URL ||
        memchr(url.buf, ' ', url.len)) {
        opml->skipped++;
        goto out;
    }
    /* A URL without a usable host ("http://") is skipped like a bad scheme. */
    rc = cc_url_host(&dom, url.buf, url.len, NULL);
    cc_buf_reset(&dom);
    if (rc == CC_ENOMEM) {
        goto out;
    }
    if (rc) {
        rc = 0;
        opml->skipped++;
        goto out;
    }
    const char *html_url = attr(n, "htmlUrl");
    if (html_url && cc_url_is_http(html_url, strlen(html_url))) {
        rc = domain_of(&dom, html_url);
    }
    if (rc == 0 && dom.len == 0) {
        rc = domain_of(&dom, url.buf);
    }
    const char *title = attr(n, "title");
    const char *text = attr(n, "text");
    if (rc == 0 && title) {
        rc = clean_text(&name, title);
    }
    if (rc == 0 && name.len == 0 && text) {
        rc = clean_text(&name, text);
    }
    if (rc == 0 && name.len == 0) {
        rc = dom.len ? cc_buf_add(&name, dom.buf, dom.len) : cc_buf_add(&name, url.buf, url.len);
    }
    if (rc) {
        goto out;
    }
    if (name.len > NAME_KEEP) {
        size_t keep = NAME_KEEP;
        while (keep > 0 && ((unsigned char)name.buf[keep] & 0xC0) == 0x80) {
            keep--;
        }
        cc_buf_truncate(&name, keep);
    }
    rc = CC_ENOMEM;
    o.feeds = cc_calloc(1, sizeof(*o.feeds));
    if (!o.feeds) {
        goto out;
    }
    o.nfeeds = 1;
    o.feeds[0].url = cc_strdup(url.buf);
    o.feeds[0].as_written = cc_strdup(url.buf);
    o.name = cc_buf_detach(&name, NULL);
    if (!o.feeds[0].url || !o.feeds[0].as_written || !o.name) {
        goto out;
    }
    if (dom.len) {
        o.domains = cc_calloc(1, sizeof(*o.domains));
        if (!o.domains) {
            goto out;
        }
        o.domains[0] = cc_buf_detach(&dom, NULL);
        if (!o.domains[0]) {
            goto out;
        }
        o.ndomains = 1;
    }
    if (opml->n == opml->alloc) {
        void *v = opml->outlets;
        if (cc_array_grow(&v, &opml->alloc, opml->n + 1, sizeof(*opml->outlets))) {
            goto out;
        }
        opml->outlets = v;
    }
    opml->outlets[opml->n++] = o;
    memset(&o, 0, sizeof(o)); /* now owned by opml */
    rc = 0;
out:
    opml_outlet_release(&o);
    cc_buf_release(&url);
    cc_buf_release(&name);
    cc_buf_release(&dom);
    return rc;
}

static int walk(struct cc_opml *opml, const xmlNode *parent, size_t depth, const char *subject,
                struct cc_error *err)
{
    if (depth > CC_OPML_MAX_DEPTH) {
        return cc_error_set(err, CC_EPARSE, subject, "outlines nested deeper than %u levels",
                            CC_OPML_MAX_DEPTH);
    }
    for (const xmlNode *n = parent->children; n; n = n->next) {
        if (!name_is(n, "outline")) {
            continue;
        }
        const char *xml_url = attr(n, "xmlUrl");
        if (xml_url) {
            if (opml->n >= CC_OPML_MAX_OUTLINES) {
                return cc_error_set(err, CC_ETOOBIG, subject, "more than %u feed outlines",
                                    CC_OPML_MAX_OUTLINES);
            }
            int rc = add_feed_outline(opml, n, xml_url);
            if (rc) {
                return cc_error_set(err, rc, subject, "out of memory");
            }
            continue;
        }
        int rc = walk(opml, n, depth + 1, subject, err);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

int cc_opml_parse(struct cc_opml **out, const char *data, size_t len, const char *subject,
                  struct cc_error *err)
{
    *out = NULL;
    if (!subject) {
        subject = "(opml)";
    }
    if (len > CC_OPML_MAX_BYTES) {
        return cc_error_set(err, CC_ETOOBIG, subject, "OPML of %zu bytes is over the %u-byte cap",
                            len, CC_OPML_MAX_BYTES);
    }
    struct cc_opml *opml = NULL;
    xmlDoc *doc = NULL;
    int rc = 0;
    struct xml_diag diag;
    memset(&diag, 0, sizeof(diag));
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&diag, on_xml_error);
    /* NONET: no fetches; without NOENT/DTDLOAD no entity is substituted and
     * no external DTD read. */
    doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    if (!doc || diag.set) {
        rc = cc_error_set_at(err, CC_EPARSE, subject, diag.line, 0,
                             "line %d: not well-formed XML: %s", diag.line,
                             diag.set ? diag.msg : "no document");
        goto out;
    }
    if (doc->intSubset && doc->intSubset->entities) {
        rc = cc_error_set(err, CC_EPARSE, subject,
                          "OPML declaring entities in a DTD is refused (entity expansion)");
        goto out;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !name_is(root, "opml")) {
        rc = cc_error_set(err, CC_EPARSE, subject, "not OPML: the root element is <%s>",
                          root ? (const char *)root->name : "(none)");
        goto out;
    }
    const xmlNode *body = NULL;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (name_is(n, "body")) {
            body = n;
            break;
        }
    }
    if (!body) {
        rc = cc_error_set(err, CC_EPARSE, subject, "not OPML: no <body> element");
        goto out;
    }
    opml = cc_calloc(1, sizeof(*opml));
    if (!opml) {
        rc = cc_error_set(err, CC_ENOMEM, subject, "out of memory");
        goto out;
    }
    rc = walk(opml, body, 1, subject, err);
out:
    xmlFreeDoc(doc);
    if (rc) {
        cc_opml_free(opml);
        return rc;
    }
    *out = opml;
    return 0;
}

int cc_opml_load(struct cc_opml **out, const char *path, struct cc_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return cc_error_set(err, CC_EIO, path, "cannot open: %s", strerror(errno));
    }
    struct cc_buf data = CC_BUF_INIT;
    cc_buf_init(&data, CC_OPML_MAX_BYTES);
    char chunk[65536];
    int rc = 0;
    for (;;) {
        size_t n = fread(chunk, 1, sizeof(chunk), f);
        if (n > 0 && (rc = cc_buf_add(&data, chunk, n)) != 0) {
            rc = rc == CC_ETOOBIG ? cc_error_set(err, CC_ETOOBIG, path,
                                                 "OPML is over the %u-byte cap", CC_OPML_MAX_BYTES)
                                  : cc_error_set(err, CC_ENOMEM, path, "out of memory");
            break;
        }
        if (n < sizeof(chunk)) {
            if (ferror(f)) {
                rc = cc_error_set(err, CC_EIO, path, "cannot read: %s", strerror(errno));
            }
            break;
        }
    }
    fclose(f);
    if (rc == 0) {
        rc = cc_opml_parse(out, data.buf, data.len, path, err);
    }
    cc_buf_release(&data);
    return rc;
}

/* ---- merging ------------------------------------------------------------------ */

int cc_opml_merge(struct cc_registry *reg, const struct cc_opml *opml, struct cc_opml_stats *stats,
                  struct cc_error *err)
{
    memset(stats, 0, sizeof(*stats));
    for (size_t i = 0; i < opml->n; i++) {
        struct cc_error e = CC_ERROR_INIT;
        bool merged = false;
        int rc = cc_registry_merge(reg, &opml->outlets[i], &merged, &e);
        if (rc == CC_ENOMEM) {
            return cc_error_set(err, rc, e.subject, "%s", e.msg);
        }
        if (rc) {
            char url[96];
            char name[96];
            const struct cc_outlet *o = &opml->outlets[i];
            cc_error_quote(url, sizeof(url), o->feeds[0].url, strlen(o->feeds[0].url));
            cc_error_quote(name, sizeof(name), o->name, strlen(o->name));
            cc_log_warn("%s: outline '%s' skipped: %s", url, name, e.msg);
            stats->skipped++;
        } else if (merged) {
            stats->merged++;
        } else {
            stats->added++;
        }
    }
    return 0;
}
