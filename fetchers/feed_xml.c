#include "core/common.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte scans below */
#endif

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/url.h"
#include "core/utf8.h"
#include "fetchers/charset.h"
#include "fetchers/date.h"
#include "fetchers/feed.h"
#include "fetchers/feed_int.h"
#include "fetchers/html.h"
#include "core/banned.h"

/*
 * RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through libxml2's SAX2 interface: one
 * pass, no tree, items appended in document order. The element semantics
 * follow feedparser (the reference of ../shared/conformance): elements are
 * matched by namespace (or, for undeclared prefixes, by the usual prefix),
 * case-insensitively; field precedence uses the same depth rules.
 *
 * Safety: XML_PARSE_NONET, never NOENT or DTDLOAD. Entities are resolved by
 * our getEntity only: the XML predefined ones (libxml2), HTML named ones
 * (feeds use them undeclared), and internal ones declared in the document
 * if they are plain text. An entity that refers to other entities (billion
 * laughs) or expansion past a budget (quadratic blowup) stops the parse
 * with CC_EPARSE. Depth is capped by libxml2 (256 without XML_PARSE_HUGE).
 */

/* Declared-entity budget: total bytes expanded from document-declared
 * entities may not pass max(ENTITY_BUDGET_MIN, ENTITY_BUDGET_FACTOR x
 * input size); a real feed expands a few bytes per reference. */
#define ENTITY_BUDGET_MIN ((size_t)1 << 20)
#define ENTITY_BUDGET_FACTOR 4
#define MAX_DECLS 1024
/* Element nesting cap (libxml2's own default, which its push parser does
 * not enforce in 2.9): no feed nests more than a few levels. */
#define MAX_DEPTH 256
/* How far back an unescaped '&' is looked for when libxml2 reports
 * "EntityRef: expecting ';'" (the name it read is at most this long). */
#define AMP_LOOKBACK 64
/* Bytes handed to libxml2's push parser at a time. */
#define PUSH_CHUNK (256 * 1024)

enum nsc {
    NSC_OTHER = 0,
    NSC_CORE, /* no namespace, RSS 0.9/1.0/2.0, Atom 0.3/1.0 */
    NSC_DC,
    NSC_DCTERMS,
    NSC_CONTENT,
    NSC_MEDIA,
    NSC_XHTML,
    NSC_RDF,
    NSC_XML,
};

enum kind {
    K_OTHER = 0,
    K_RSS,
    K_RDF,
    K_CHANNEL,
    K_FEED,
    K_ITEM,
    K_IMAGE,
    K_TEXTINPUT,
    K_SOURCE,
    K_TITLE,
    K_MEDIA_TITLE,
    K_LINK,
    K_DESCRIPTION,
    K_SUMMARY,
    K_CONTENT,
    K_ENCODED,
    K_BODY,
    K_GUID,
    K_PUBLISHED,
    K_UPDATED,
    K_AUTHOR,
    K_CREATOR,
    K_CONTRIBUTOR,
    K_NAME,
    K_EMAIL,
    K_CATEGORY,
};

enum field {
    FLD_NONE = 0,
    FLD_TITLE,
    FLD_LINK,
    FLD_ID,
    FLD_SUMMARY,
    FLD_CONTENT,
    FLD_PUBLISHED,
    FLD_UPDATED,
    FLD_AUTHOR,
    FLD_AUTHOR_NAME,
    FLD_AUTHOR_EMAIL,
    FLD_CATEGORY,
};

enum mode {
    M_TEXT = 0,
    M_HTML,
    M_XHTML,
    M_BINARY, /* a non-text type: not text, dropped */
};

#define FR_OWNS_BASE 1u
#define FR_AUTHOR 2u /* an author container (Atom author, name/email inside) */

struct frame {
    const xmlChar *name; /* local name, interned in libxml2's dictionary */
    unsigned char kind;
    unsigned char ns;
    unsigned char flags;
    const char *base; /* xml:base in effect; owned when FR_OWNS_BASE */
};

struct capture {
    bool active;
    unsigned char field;
    unsigned char mode;
    bool base64;
    bool guess_html;   /* plain text in a non-Atom feed: may be escaped HTML */
    bool content_type; /* title/summary/content: markup-aware */
    bool media;        /* media:title: does not set the title depth */
    bool permalink;    /* guid usable as link */
    bool is_feed;      /* feed-level field */
    bool text_type;    /* content's type is text, HTML or XHTML (copies to summary) */
    size_t depth;      /* stack depth of the capturing element */
    struct cc_buf buf;
};

/* libxml2 hands every element of a namespace the same URI pointer (from
 * its namespace table), so a small cache of (prefix, URI) pointers spares
 * the case-insensitive URI comparisons per element. */
#define NS_CACHE 8
struct ns_cache {
    const xmlChar *prefix[NS_CACHE];
    const xmlChar *uri[NS_CACHE];
    unsigned char nsc[NS_CACHE];
    unsigned filled; /* entries in use */
    unsigned next;   /* the one replaced next, round robin */
};

struct entity_node {
    xmlEntity ent;
    struct entity_node *next;
};

struct decl {
    char *name;
    char *content; /* NULL for external entities */
    size_t len;
    bool external;
};

/* Per-item bookkeeping of the depth rules. */
struct item_state {
    int title_depth;      /* depth of the accepted title (-1: none) */
    int title_seen_depth; /* the "title_depth" rule of feedparser */
    int summary_depth;
    bool summary_present;
    bool has_content;
    bool content_set;
    char *guid_link; /* permalink guid, used as link when there is none */
    bool author_done;
    char *author_name;  /* pending from an author container */
    char *author_email; /* pending from an author container */
};

struct xp {
    struct cc_feed *feed;
    const struct cc_feed_options *opts;
    xmlParserCtxtPtr ctxt;
    struct frame *stack;
    size_t depth;
    size_t alloc;
    bool is_atom;
    bool root_seen;
    bool feedlike; /* a feed root or container was seen */
    bool utf8_source;
    size_t item_depth; /* 0: not in an item */
    size_t item_idx;
    struct item_state it;
    size_t skip_depth;   /* >0: inside image/textinput/source/contributor */
    size_t author_depth; /* >0: inside an author container */
    bool author_is_feed;
    int feed_title_depth;
    char *feed_author;
    char *feed_author_email;
    bool feed_author_done;
    bool cap_reached;
    size_t items_skipped;
    struct capture cap;
    struct cc_buf scratch;
    struct cc_buf tmp;
    struct cc_buf text; /* the plain text of the capture just finished */
    struct entity_node *ents;
    struct decl *decls;
    size_t ndecls;
    size_t expanded;
    size_t expand_budget;
    char mismatch[128]; /* actual name of a mismatched end tag, "" = none */
    int rc;             /* first failure inside a callback (stops the parse) */
    struct cc_error *err;
    size_t date_warnings;
    struct ns_cache nsc_cache;
};

/* ---- small helpers ----------------------------------------------------- */

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a;
        unsigned char y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') {
            x = (unsigned char)(x + 32);
        }
        if (y >= 'A' && y <= 'Z') {
            y = (unsigned char)(y + 32);
        }
        if (x != y) {
            return false;
        }
    }
    return *a == *b;
}

/* Recovery: libxml2 drops every entity reference once it knows the
 * document is malformed (xmlParseReference checks ctxt->wellFormed); we
 * keep our own flag (feed->malformed, from sax_error) and set libxml2's
 * back before each event, so "&amp;" after the first error still counts. */
static void reset_wellformed(struct xp *p)
{
    if (p->ctxt) {
        p->ctxt->wellFormed = 1;
    }
}

static void fail(struct xp *p, int rc)
{
    if (p->rc == 0) {
        p->rc = rc;
    }
    if (p->ctxt) {
        xmlStopParser(p->ctxt);
    }
}

/* Namespace URIs (compared case-insensitively, as feedparser does). */
static const struct {
    const char *uri;
    unsigned char nsc;
} ns_uris[] = {
    {"http://www.w3.org/2005/atom", NSC_CORE},
    {"http://purl.org/atom/ns#", NSC_CORE},
    {"http://purl.org/rss/1.0/", NSC_CORE},
    {"http://my.netscape.com/rdf/simple/0.9/", NSC_CORE},
    {"http://blogs.law.harvard.edu/tech/rss", NSC_CORE},
    {"http://purl.org/rss/1.0/modules/rss091#", NSC_CORE},
    {"http://purl.org/echo/", NSC_CORE},
    {"http://purl.org/pie/", NSC_CORE},
    {"http://example.com/newformat#", NSC_CORE},
    {"http://example.com/necho", NSC_CORE},
    {"uri/of/echo/namespace#", NSC_CORE},
    {"http://purl.org/dc/elements/1.1/", NSC_DC},
    {"http://purl.org/dc/terms/", NSC_DCTERMS},
    {"http://purl.org/rss/1.0/modules/content/", NSC_CONTENT},
    {"http://search.yahoo.com/mrss/", NSC_MEDIA},
    {"http://search.yahoo.com/mrss", NSC_MEDIA},
    {"http://www.w3.org/1999/xhtml", NSC_XHTML},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NSC_RDF},
    {"http://www.w3.org/XML/1998/namespace", NSC_XML},
};

static const struct {
    const char *prefix;
    unsigned char nsc;
} ns_prefixes[] = {
    {"atom", NSC_CORE},   {"dc", NSC_DC},       {"dcterms", NSC_DCTERMS}, {"content", NSC_CONTENT},
    {"media", NSC_MEDIA}, {"xhtml", NSC_XHTML}, {"rdf", NSC_RDF},         {"xml", NSC_XML},
};

static unsigned char classify_ns_slow(const xmlChar *prefix, const xmlChar *uri);

static unsigned char classify_ns_cached(struct ns_cache *c, const xmlChar *prefix,
                                        const xmlChar *uri)
{
    for (unsigned i = 0; i < c->filled; i++) {
        if (c->uri[i] == uri && c->prefix[i] == prefix) {
            return c->nsc[i];
        }
    }
    unsigned char v = classify_ns_slow(prefix, uri);
    unsigned k = c->next;
    c->next = (c->next + 1) % NS_CACHE;
    if (c->filled < NS_CACHE) {
        c->filled++;
    }
    c->prefix[k] = prefix;
    c->uri[k] = uri;
    c->nsc[k] = v;
    return v;
}

static unsigned char classify_ns(const xmlChar *prefix, const xmlChar *uri)
{
    return classify_ns_slow(prefix, uri);
}

static unsigned char classify_ns_slow(const xmlChar *prefix, const xmlChar *uri)
{
    if (uri && uri[0]) {
        const char *u = (const char *)uri;
        for (size_t i = 0; i < CC_ARRAY_LEN(ns_uris); i++) {
            if (ieq(u, ns_uris[i].uri)) {
                return ns_uris[i].nsc;
            }
        }
        if (strstr(u, "backend.userland.com/rss")) {
            return NSC_CORE;
        }
    }
    if (!prefix || !prefix[0]) {
        /* An unknown default namespace is read as the core vocabulary. */
        return NSC_CORE;
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(ns_prefixes); i++) {
        if (ieq((const char *)prefix, ns_prefixes[i].prefix)) {
            return ns_prefixes[i].nsc;
        }
    }
    return NSC_OTHER;
}

struct name_kind {
    const char *name; /* lowercase */
    unsigned char kind;
};

/* Core (RSS/Atom) element names, sorted for bsearch. */
static const struct name_kind core_names[] = {
    {"author", K_AUTHOR},
    {"body", K_BODY},
    {"category", K_CATEGORY},
    {"channel", K_CHANNEL},
    {"content", K_CONTENT},
    {"contributor", K_CONTRIBUTOR},
    {"description", K_DESCRIPTION},
    {"email", K_EMAIL},
    {"entry", K_ITEM},
    {"feed", K_FEED},
    {"fullitem", K_ENCODED},
    {"guid", K_GUID},
    {"id", K_GUID},
    {"image", K_IMAGE},
    {"issued", K_PUBLISHED},
    {"item", K_ITEM},
    {"lastbuilddate", K_UPDATED},
    {"link", K_LINK},
    {"modified", K_UPDATED},
    {"name", K_NAME},
    {"pubdate", K_PUBLISHED},
    {"published", K_PUBLISHED},
    {"rss", K_RSS},
    {"source", K_SOURCE},
    {"summary", K_SUMMARY},
    {"textinput", K_TEXTINPUT},
    {"title", K_TITLE},
    {"updated", K_UPDATED},
};

static const struct name_kind dc_names[] = {
    {"author", K_CREATOR}, {"contributor", K_CONTRIBUTOR}, {"creator", K_CREATOR},
    {"date", K_UPDATED},   {"description", K_DESCRIPTION}, {"subject", K_CATEGORY},
    {"title", K_TITLE},
};

static const struct name_kind dcterms_names[] = {
    {"issued", K_PUBLISHED},
    {"modified", K_UPDATED},
};

static const struct name_kind media_names[] = {
    {"description", K_DESCRIPTION},
    {"title", K_MEDIA_TITLE},
};

static int cmp_name_kind(const void *key, const void *elem)
{
    return strcmp(key, ((const struct name_kind *)elem)->name);
}

static unsigned char find_kind(const char *lname, const struct name_kind *t, size_t n)
{
    const struct name_kind *k = bsearch(lname, t, n, sizeof(*t), cmp_name_kind);
    return k ? k->kind : K_OTHER;
}

/* Element names are matched case-insensitively, as feed readers do. */
static unsigned char classify(unsigned char nsc, const char *n)
{
    char lname[16];
    size_t len = 0;
    while (n[len]) {
        if (len >= sizeof(lname) - 1) {
            return K_OTHER; /* longer than any name we know */
        }
        char c = n[len];
        lname[len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    lname[len] = '\0';
    switch (nsc) {
    case NSC_CORE:
        /* The item elements of RSS and Atom first, without a search: they
         * are most of every feed. */
        switch (len) {
        case 4:
            if (memcmp(lname, "item", 4) == 0) {
                return K_ITEM;
            }
            if (memcmp(lname, "link", 4) == 0) {
                return K_LINK;
            }
            if (memcmp(lname, "guid", 4) == 0) {
                return K_GUID;
            }
            break;
        case 5:
            if (memcmp(lname, "title", 5) == 0) {
                return K_TITLE;
            }
            if (memcmp(lname, "entry", 5) == 0) {
                return K_ITEM;
            }
            break;
        case 7:
            if (memcmp(lname, "pubdate", 7) == 0) {
                return K_PUBLISHED;
            }
            break;
        case 8:
            if (memcmp(lname, "category", 8) == 0) {
                return K_CATEGORY;
            }
            break;
        case 11:
            if (memcmp(lname, "description", 11) == 0) {
                return K_DESCRIPTION;
            }
            break;
        default:
            break;
        }
        return find_kind(lname, core_names, CC_ARRAY_LEN(core_names));
    case NSC_DC:
        return find_kind(lname, dc_names, CC_ARRAY_LEN(dc_names));
    case NSC_DCTERMS:
        return find_kind(lname, dcterms_names, CC_ARRAY_LEN(dcterms_names));
    case NSC_CONTENT:
        return strcmp(lname, "encoded") == 0 ? K_ENCODED : K_OTHER;
    case NSC_MEDIA:
        return find_kind(lname, media_names, CC_ARRAY_LEN(media_names));
    case NSC_XHTML:
        return strcmp(lname, "body") == 0 ? K_BODY : K_OTHER;
    case NSC_RDF:
        return strcmp(lname, "rdf") == 0 ? K_RDF : K_OTHER;
    default:
        return K_OTHER;
    }
}

/* SAX2 attributes: 5 pointers each (localname, prefix, URI, value, end). */
struct attrs {
    const xmlChar **a;
    int n;
};

/* Finds an attribute by local name (case-insensitive) in namespace class
 * nsc (NSC_OTHER: unprefixed / any namespace not special). */
static bool attr_find(const struct attrs *at, const char *name, unsigned char nsc, const char **val,
                      size_t *len)
{
    for (int i = 0; i < at->n; i++) {
        const xmlChar **x = at->a + 5 * i;
        if (!ieq((const char *)x[0], name)) {
            continue;
        }
        unsigned char c = (x[1] || x[2]) ? classify_ns(x[1], x[2]) : NSC_OTHER;
        if (nsc != NSC_OTHER && c != nsc) {
            continue;
        }
        if (nsc == NSC_OTHER && (c == NSC_XML || c == NSC_RDF)) {
            continue;
        }
        *val = (const char *)x[3];
        *len = (size_t)(x[4] - x[3]);
        return true;
    }
    return false;
}

/* An attribute value as libxml2 hands it to SAX2 without entity
 * substitution: '&' is still written "&#38;". Appends the real value. */
static int attr_value(struct cc_buf *out, const char *v, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(v + i, '&', len - i);
        if (!amp) {
            return cc_buf_add(out, v + i, len - i);
        }
        size_t k = (size_t)(amp - v);
        int rc = cc_buf_add(out, v + i, k - i);
        if (rc) {
            return rc;
        }
        if (len - k >= 5 && memcmp(v + k, "&#38;", 5) == 0) {
            rc = cc_buf_addch(out, '&');
            i = k + 5;
        } else {
            rc = cc_buf_addch(out, '&');
            i = k + 1;
        }
        if (rc) {
            return rc;
        }
    }
    return 0;
}

/* Copies an attribute value into p->tmp (decoded); NULL when absent. */
static const char *attr_get(struct xp *p, const struct attrs *at, const char *name,
                            unsigned char nsc, struct cc_buf *into)
{
    const char *v;
    size_t len;
    if (!attr_find(at, name, nsc, &v, &len)) {
        return NULL;
    }
    cc_buf_reset(into);
    if (attr_value(into, v, len) != 0) {
        fail(p, CC_ENOMEM);
        return NULL;
    }
    return into->buf;
}

/* ---- text fields --------------------------------------------------------- */

/* feedparser's last touches on text: C1 controls read as windows-1252,
 * and, in a UTF-8 document, text that is UTF-8 read as Latin-1 ("cafÃ©")
 * turned back. */
/* s is valid UTF-8 with every code point <= U+00FF. True when those code
 * points, taken as bytes, look like multi-byte UTF-8 (lead bytes followed
 * by the right number of continuation bytes): a cheap test that rejects
 * ordinary accented text ("café": 0xE9 then ASCII) at its first letter. */
static bool latin1_reads_as_utf8(const char *s, size_t len)
{
    int need = 0;
    bool multi = false;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        i += n;
        if (need > 0) {
            if (cp < 0x80 || cp > 0xBF) {
                return false;
            }
            need--;
            continue;
        }
        if (cp < 0x80) {
            continue;
        }
        if (cp < 0xC2 || cp > 0xF4) {
            return false;
        }
        need = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
        multi = true;
    }
    return need == 0 && multi;
}

/* Rewrites t (the plain text of a field) in place when it needs it. */
static int fix_text(struct cc_buf *t, bool utf8_source)
{
    const char *s = t->buf;
    size_t len = t->len;
    bool c1 = false;
    bool latin1_only = true;
    bool high = false;
    for (size_t i = 0; i < len; i++) {
#ifdef __SSE2__
        if (len - i >= 16 &&
            !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)))) {
            i += 15; /* sixteen ASCII bytes */
            continue;
        }
#endif
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            if (!(w & UINT64_C(0x8080808080808080))) {
                i += 7; /* eight ASCII bytes */
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            continue;
        }
        high = true;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0) {
            c1 = true;
        }
        if (c != 0xC2 && c != 0xC3 && (c & 0xC0) != 0x80) {
            latin1_only = false;
            /* Past U+00FF only C1 controls are left to find: their lead
             * byte by memchr (bench/parse.sh: this scan was a third of
             * the parser's own time on non-Latin text). */
            for (const char *q = memchr(s + i, 0xC2, len - i); q && !c1;
                 q = memchr(q + 1, 0xC2, len - (size_t)(q + 1 - s))) {
                c1 = q + 1 < s + len && (unsigned char)q[1] < 0xA0;
            }
            break;
        }
    }
    if (!high) {
        return 0;
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = 0;
    if (utf8_source && latin1_only && latin1_reads_as_utf8(s, len)) {
        /* Every code point is <= U+00FF: its Latin-1 bytes, if they are
         * valid UTF-8 with a multi-byte sequence, were UTF-8 all along. */
        size_t i = 0;
        while (rc == 0 && i < len) {
            int32_t cp;
            size_t n = cc_utf8_decode(&cp, s + i, len - i);
            rc = cc_buf_addch(&b, (char)(unsigned char)cp);
            i += n;
        }
        if (rc == 0 && cc_utf8_is_valid(b.buf, b.len)) {
            bool multi = false;
            for (size_t k = 0; k < b.len && !multi; k++) {
                multi = (unsigned char)b.buf[k] >= 0x80;
            }
            if (multi) {
                cc_buf_reset(t);
                rc = cc_buf_add(t, b.buf, b.len);
                cc_buf_release(&b);
                return rc;
            }
        }
        cc_buf_reset(&b);
    }
    if (rc == 0 && c1) {
        size_t i = 0;
        while (rc == 0 && i < len) {
            unsigned char c = (unsigned char)s[i];
            if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0) {
                rc = cc_utf8_from_cp1252(&b, s + i + 1, 1);
                i += 2;
            } else {
                rc = cc_buf_addch(&b, (char)c);
                i++;
            }
        }
        if (rc == 0) {
            cc_buf_reset(t);
            rc = cc_buf_add(t, b.buf, b.len);
        }
    }
    cc_buf_release(&b);
    return rc;
}

static struct cc_item *cur_item(struct xp *p)
{
    return &p->feed->items[p->item_idx];
}

static const char *frame_base(const struct xp *p)
{
    return p->depth ? p->stack[p->depth - 1].base : p->opts->base_url;
}

/* Resolves a link and stores the owned result in *field (NULL if empty). */
static int set_url(struct xp *p, char **field, const char *s, size_t len, const char *base)
{
    /* Fast path: no base, trimmed printable ASCII without '&' (most links
     * of a file read without --base): the text is the link. */
    while (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r')) {
        len--;
    }
    if (!base || !base[0]) {
        size_t k = 0;
        const uint64_t ones = UINT64_C(0x0101010101010101);
        while (len - k >= 8) {
            /* Eight bytes at a time while all are in 0x21-0x7E and none
             * is '&' (a borrow or carry needs a byte outside the range,
             * so nothing is missed). */
            uint64_t w;
            memcpy(&w, s + k, sizeof(w));
            uint64_t x = w ^ (ones * '&');
            if (((w - ones * 0x21) | (w + ones) | ((x - ones) & ~x)) & (ones * 0x80)) {
                break;
            }
            k += 8;
        }
        while (k < len && (unsigned char)s[k] > 0x20 && (unsigned char)s[k] < 0x7F && s[k] != '&') {
            k++;
        }
        if (k == len) {
            char *v = len ? cc_strndup(s, len) : NULL;
            if (len && !v) {
                return CC_ENOMEM;
            }
            cc_free(*field);
            *field = v;
            return 0;
        }
    }
    char *clean = NULL;
    int rc = cc_feed__set_text(&clean, &p->scratch, s, len, CC_HTML_PLAIN);
    if (rc || !clean) {
        return rc;
    }
    cc_buf_reset(&p->tmp);
    rc = cc_feed_resolve_url(&p->tmp, base, clean, strlen(clean));
    cc_free(clean);
    if (rc) {
        return rc;
    }
    /* A link escaped twice ("?a=1&amp;amp;b=2") reads as the single form,
     * as feed readers repair it. */
    char *v = p->tmp.buf;
    size_t n = p->tmp.len;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        if (n - i >= 5 && memcmp(v + i, "&amp;", 5) == 0) {
            v[w++] = '&';
            i += 5;
        } else {
            v[w++] = v[i++];
        }
    }
    cc_buf_truncate(&p->tmp, w);
    char *out = w ? cc_strndup(v, w) : NULL;
    if (w && !out) {
        return CC_ENOMEM;
    }
    cc_free(*field);
    *field = out;
    return 0;
}

/* Markup mode of a content element from its type/mode attributes. */
static void content_params(struct xp *p, const struct attrs *at, const char *default_type,
                           struct capture *c)
{
    const char *type = attr_get(p, at, "type", NSC_OTHER, &p->tmp);
    if (!type || !type[0]) {
        /* No type: the element's default, one of the three canonical
         * types (most elements of most feeds; the general path below
         * costs a dozen string compares). An empty type is no type (feed
         * readers read type="" as text). */
        bool plain = strcmp(default_type, "text/plain") == 0;
        c->mode = plain ? M_TEXT : strcmp(default_type, "text/html") == 0 ? M_HTML : M_XHTML;
        c->text_type = true;
        c->guess_html = !p->is_atom && plain;
        const char *mode = attr_get(p, at, "mode", NSC_OTHER, &p->tmp);
        c->base64 = mode && ieq(mode, "base64");
        return;
    }
    char t[64];
    size_t n = 0;
    /* An empty type is no type (feed readers read type="" as text). */
    const char *src = type && type[0] ? type : default_type;
    while (src[n] && n < sizeof(t) - 1) {
        char ch = src[n];
        t[n] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
        n++;
    }
    t[n] = '\0';
    /* Strip parameters ("text/html; charset=utf-8") and space. */
    char *semi = strchr(t, ';');
    if (semi) {
        *semi = '\0';
    }
    n = strlen(t);
    while (n > 0 && t[n - 1] == ' ') {
        t[--n] = '\0';
    }
    const char *mt = t;
    if (strcmp(t, "text") == 0 || strcmp(t, "plain") == 0) {
        mt = "text/plain";
    } else if (strcmp(t, "html") == 0) {
        mt = "text/html";
    } else if (strcmp(t, "xhtml") == 0) {
        mt = "application/xhtml+xml";
    }
    size_t mlen = strlen(mt);
    bool xmlish = (mlen >= 4 && strcmp(mt + mlen - 4, "+xml") == 0) ||
                  (mlen >= 4 && strcmp(mt + mlen - 4, "/xml") == 0);
    bool textish = strncmp(mt, "text/", 5) == 0;
    if (strcmp(mt, "text/plain") == 0) {
        c->mode = M_TEXT;
    } else if (strcmp(mt, "text/html") == 0) {
        c->mode = M_HTML;
    } else if (strcmp(mt, "application/xhtml+xml") == 0 || xmlish) {
        c->mode = M_XHTML;
    } else if (textish) {
        c->mode = M_TEXT;
    } else {
        c->mode = M_BINARY;
    }
    c->text_type = strcmp(mt, "text/plain") == 0 || strcmp(mt, "text/html") == 0 ||
                   strcmp(mt, "application/xhtml+xml") == 0;
    c->guess_html = !p->is_atom && strcmp(mt, "text/plain") == 0;
    const char *mode = attr_get(p, at, "mode", NSC_OTHER, &p->tmp);
    c->base64 = (mode && ieq(mode, "base64")) || c->mode == M_BINARY;
}

static void start_capture(struct xp *p, unsigned char field, bool is_feed)
{
    struct capture *c = &p->cap;
    c->active = true;
    c->field = field;
    c->is_feed = is_feed;
    c->depth = p->depth;
    c->mode = M_TEXT;
    c->base64 = false;
    c->guess_html = false;
    c->content_type = false;
    c->media = false;
    c->permalink = false;
    c->text_type = true;
    cc_buf_reset(&c->buf);
}

static void start_content_capture(struct xp *p, unsigned char field, bool is_feed,
                                  const struct attrs *at, const char *default_type)
{
    start_capture(p, field, is_feed);
    p->cap.content_type = true;
    content_params(p, at, default_type, &p->cap);
}

/* Appends character data to the capture, escaped when it is XHTML text. */
static int cap_text(struct capture *c, const char *s, size_t len)
{
    if (c->mode != M_XHTML) {
        /* libxml2 hands text over in many small pieces (bench/parse.sh) */
        return cc_buf_put(&c->buf, s, len);
    }
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '&' && s[j] != '<' && s[j] != '>') {
            j++;
        }
        int rc = cc_buf_add(&c->buf, s + i, j - i);
        if (rc == 0 && j < len) {
            rc = cc_buf_adds(&c->buf, s[j] == '&' ? "&amp;" : s[j] == '<' ? "&lt;" : "&gt;");
            j++;
        }
        if (rc) {
            return rc;
        }
        i = j;
    }
    return 0;
}

/* The plain text of the finished capture into out (reset first; empty:
 * no text). A buffer of the parser's, not a string per field: most fields
 * (links, ids, dates, categories, authors) are read and dropped, and the
 * rest are copied at their size (bench/parse.sh: a third of the heap
 * calls). */
static int capture_text(struct xp *p, struct cc_buf *out)
{
    struct capture *c = &p->cap;
    const char *s = c->buf.buf;
    size_t len = c->buf.len;
    struct cc_buf dec = CC_BUF_INIT;
    int rc = 0;
    unsigned char mode = c->mode;
    cc_buf_reset(out);
    if (c->base64) {
        if (cc_feed__base64(&dec, s, len) == 0 && cc_utf8_is_valid(dec.buf, dec.len)) {
            s = dec.buf;
            len = dec.len;
            if (mode == M_BINARY) {
                mode = M_TEXT;
            }
        } else if (mode == M_BINARY) {
            cc_buf_release(&dec);
            return 0;
        }
    }
    unsigned flags = CC_HTML_PLAIN;
    if (c->content_type) {
        if (mode == M_TEXT && c->guess_html && cc_html_looks_like_html(s, len)) {
            mode = M_HTML;
        }
        if (mode == M_HTML) {
            flags = CC_HTML_DOUBLE_ESCAPED;
        } else if (mode == M_XHTML) {
            flags = 0;
        }
    }
    rc = cc_html_to_text(out, s, len, flags);
    if (rc == 0 && out->len > 0) {
        rc = fix_text(out, p->utf8_source);
    }
    cc_buf_release(&dec);
    return rc;
}

static int warn_date(struct xp *p, const char *s)
{
    /* A feed with one broken date usually has it on every item: say it a
     * few times, not 20,000. */
    if (p->date_warnings >= 3) {
        return 0;
    }
    p->date_warnings++;
    char q[100];
    cc_error_quote(q, sizeof(q), s, strlen(s));
    return cc_feed__warn(p->feed, "cannot parse date '%s'", q);
}

static int finish_capture(struct xp *p)
{
    struct capture *c = &p->cap;
    c->active = false;
    bool in_item = p->item_depth > 0 && !c->is_feed;
    int rc = capture_text(p, &p->text);
    if (rc) {
        return rc;
    }
    /* tv: the text, borrowed (NULL when empty); v: an owned copy, made
     * only for the fields that keep it. */
    const char *tv = p->text.len ? p->text.buf : NULL;
    size_t tlen = p->text.len;
    bool keep = c->field == FLD_TITLE || c->field == FLD_SUMMARY || c->field == FLD_CONTENT ||
                c->field == FLD_AUTHOR_NAME || c->field == FLD_AUTHOR_EMAIL ||
                (c->field == FLD_ID && in_item && !c->permalink);
    char *v = NULL;
    if (keep && tv) {
        v = cc_strndup(tv, tlen);
        if (!v) {
            return CC_ENOMEM;
        }
    }
    int depth = (int)c->depth;
    struct cc_item *it = in_item ? cur_item(p) : NULL;
    struct item_state *st = &p->it;
    switch (c->field) {
    case FLD_TITLE:
        if (in_item) {
            bool blocked = st->title_seen_depth >= 0 && st->title_seen_depth <= depth;
            if (!blocked && (st->title_depth < 0 || depth <= st->title_depth)) {
                cc_free(it->title);
                it->title = v;
                v = NULL;
                st->title_depth = depth;
            }
            if (!blocked && it->title && !c->media) {
                st->title_seen_depth = depth;
            }
        } else if (!p->feed->title || depth < p->feed_title_depth) {
            if (v) {
                cc_free(p->feed->title);
                p->feed->title = v;
                v = NULL;
                p->feed_title_depth = depth;
            }
        }
        break;
    case FLD_LINK: {
        const char *base = p->stack[c->depth - 1].base;
        char **target = in_item ? &it->link : &p->feed->link;
        if (tv) {
            rc = set_url(p, target, tv, tlen, base);
        }
        break;
    }
    case FLD_ID:
        if (!in_item && tv && !p->feed->link && cc_url_is_http(tv, tlen)) {
            /* A feed's Atom id stands in for its link until one comes. */
            rc = set_url(p, &p->feed->link, tv, tlen, p->stack[c->depth - 1].base);
        } else if (in_item && tv) {
            char *id = NULL;
            if (c->permalink) {
                rc = set_url(p, &id, tv, tlen, p->stack[c->depth - 1].base);
            } else {
                id = v;
                v = NULL;
            }
            if (rc == 0) {
                cc_free(it->id);
                it->id = id;
                it->id_is_permalink = c->permalink;
                /* A permalink guid (or an Atom id) stands in for a missing
                 * link, if it is a web address: "tag:" ids and bare
                 * strings are not links, whatever isPermaLink says. */
                if (c->permalink && !it->link && !st->guid_link && id &&
                    cc_url_is_http(id, strlen(id))) {
                    st->guid_link = cc_strdup(id);
                    rc = st->guid_link ? 0 : CC_ENOMEM;
                }
            }
        }
        break;
    case FLD_SUMMARY:
        if (in_item && (st->summary_depth < 0 || depth <= st->summary_depth)) {
            cc_free(it->summary);
            it->summary = v;
            v = NULL;
            st->summary_depth = depth;
            st->summary_present = true;
        }
        break;
    case FLD_CONTENT:
        if (in_item) {
            /* The text goes to content, and to summary when there is none
             * yet; a copy only when it goes to both. */
            bool to_summary = c->text_type && !st->summary_present;
            if (!st->content_set) {
                if (to_summary && v) {
                    it->content = cc_strdup(v);
                    if (!it->content) {
                        rc = CC_ENOMEM;
                    }
                } else {
                    it->content = v;
                    v = NULL;
                }
                st->content_set = true;
            }
            if (rc == 0 && to_summary) {
                it->summary = v;
                v = NULL;
                st->summary_present = true;
            }
        }
        break;
    case FLD_PUBLISHED:
    case FLD_UPDATED:
        if (in_item && tv) {
            int64_t t;
            if (cc_date_parse(&t, tv, tlen, NULL, NULL) == 0) {
                if (c->field == FLD_PUBLISHED) {
                    it->published = t;
                } else {
                    it->updated = t;
                }
            } else {
                rc = warn_date(p, tv);
            }
        }
        break;
    case FLD_AUTHOR:
        if (tv) {
            cc_buf_reset(&p->tmp);
            rc = cc_feed__author_name(&p->tmp, tv, tlen);
            char **target = in_item ? &it->author : &p->feed_author;
            bool *done = in_item ? &st->author_done : &p->feed_author_done;
            if (rc == 0 && !*done) {
                rc = cc_feed__set_text(target, &p->scratch, p->tmp.buf, p->tmp.len, CC_HTML_PLAIN);
                *done = *target != NULL;
            }
        }
        break;
    case FLD_AUTHOR_NAME:
    case FLD_AUTHOR_EMAIL:
        if (v) {
            char **slot;
            if (p->author_is_feed) {
                slot = c->field == FLD_AUTHOR_NAME ? &p->feed_author : &p->feed_author_email;
            } else {
                slot = c->field == FLD_AUTHOR_NAME ? &st->author_name : &st->author_email;
            }
            if (!*slot) {
                *slot = v;
                v = NULL;
            }
        }
        break;
    case FLD_CATEGORY:
        if (in_item && tv) {
            rc = cc_feed__add_category(it, &p->scratch, tv, tlen);
        }
        break;
    default:
        break;
    }
    cc_free(v);
    return rc;
}

/* ---- items ---------------------------------------------------------------- */

static void item_state_reset(struct item_state *st)
{
    cc_free(st->guid_link);
    cc_free(st->author_name);
    cc_free(st->author_email);
    memset(st, 0, sizeof(*st));
    st->title_depth = -1;
    st->title_seen_depth = -1;
    st->summary_depth = -1;
}

static int start_item(struct xp *p, const struct attrs *at)
{
    size_t cap = p->opts->max_items ? p->opts->max_items : CC_FEED_MAX_ITEMS;
    if (cc_feed__item_count(p->feed) >= cap) {
        if (!p->cap_reached) {
            p->cap_reached = true;
            int rc = cc_feed__warn(p->feed, "more than %zu items; the rest are ignored", cap);
            if (rc) {
                return rc;
            }
        }
        p->items_skipped++;
        p->skip_depth = p->depth;
        return 0;
    }
    int rc = cc_feed__add_item(p->feed, &p->item_idx);
    if (rc) {
        return rc;
    }
    p->item_depth = p->depth;
    item_state_reset(&p->it);
    const char *about = attr_get(p, at, "about", NSC_RDF, &p->tmp);
    if (about && about[0]) {
        rc = cc_feed__set_text(&cur_item(p)->id, &p->scratch, about, strlen(about), CC_HTML_PLAIN);
    }
    return rc;
}

static int end_item(struct xp *p)
{
    struct cc_item *it = cur_item(p);
    struct item_state *st = &p->it;
    int rc = 0;
    if (!it->link && st->guid_link) {
        it->link = st->guid_link;
        st->guid_link = NULL;
    }
    /* "published" is the publication date, else the update date (dc:date
     * and Atom updated are all many feeds carry). */
    if (it->published == CC_TIME_NONE) {
        it->published = it->updated;
    }
    if (p->is_atom && !it->author && p->feed_author_done && p->feed_author) {
        /* RFC 4287 4.2.1: an entry without author inherits the feed's. */
        it->author = cc_strdup(p->feed_author);
        if (!it->author) {
            rc = CC_ENOMEM;
        }
    }
    p->item_depth = 0;
    item_state_reset(st);
    if (rc == 0) {
        rc = cc_feed__item_done(p->feed, p->opts, p->item_idx);
    }
    return rc;
}

/* An author container ends: its name, else its e-mail, is the author. */
static int end_author_container(struct xp *p)
{
    int rc = 0;
    if (p->author_is_feed) {
        if (!p->feed_author_done) {
            if (!p->feed_author && p->feed_author_email) {
                p->feed_author = p->feed_author_email;
                p->feed_author_email = NULL;
            }
            p->feed_author_done = p->feed_author != NULL;
        }
    } else if (p->item_depth > 0) {
        struct item_state *st = &p->it;
        struct cc_item *it = cur_item(p);
        if (!st->author_done) {
            char **src = st->author_name ? &st->author_name : &st->author_email;
            if (*src) {
                cc_free(it->author);
                it->author = *src;
                *src = NULL;
                st->author_done = true;
            }
        }
        cc_free(st->author_name);
        cc_free(st->author_email);
        st->author_name = NULL;
        st->author_email = NULL;
    }
    p->author_depth = 0;
    return rc;
}

/* ---- SAX callbacks ------------------------------------------------------- */

static int root_element(struct xp *p, unsigned char kind, const xmlChar *uri,
                        const struct attrs *at, const xmlChar **namespaces, int nb_namespaces)
{
    struct cc_feed *f = p->feed;
    const char *u = uri ? (const char *)uri : "";
    p->root_seen = true;
    switch (kind) {
    case K_RSS: {
        const char *v = attr_get(p, at, "version", NSC_OTHER, &p->tmp);
        if (v && (strncmp(v, "0.9", 3) == 0)) {
            f->format = "rss0.9x";
        } else {
            f->format = "rss2.0";
        }
        p->feedlike = true;
        break;
    }
    case K_RDF:
        f->format = "rss1.0";
        /* RSS 0.90 is RDF too, with Netscape's vocabulary. */
        for (int i = 0; i < nb_namespaces; i++) {
            const xmlChar *ns = namespaces[2 * i + 1];
            if (ns && ieq((const char *)ns, "http://my.netscape.com/rdf/simple/0.9/")) {
                f->format = "rss0.9x";
            }
        }
        p->feedlike = true;
        break;
    case K_FEED: {
        const char *v = attr_get(p, at, "version", NSC_OTHER, &p->tmp);
        if (ieq(u, "http://purl.org/atom/ns#") || (v && strncmp(v, "0.", 2) == 0)) {
            f->format = "atom0.3";
        } else {
            f->format = "atom1.0";
        }
        p->is_atom = true;
        p->feedlike = true;
        break;
    }
    case K_CHANNEL:
        f->format = "rss0.9x";
        p->feedlike = true;
        break;
    default:
        break;
    }
    return 0;
}

static int push_frame(struct xp *p, const xmlChar *name, unsigned char kind, unsigned char nsc,
                      const struct attrs *at)
{
    if (p->depth == p->alloc) {
        if (p->depth >= MAX_DEPTH) {
            return CC_ETOOBIG;
        }
        void *s = p->stack;
        size_t alloc = p->alloc;
        if (cc_array_grow(&s, &alloc, alloc ? alloc * 2 : 32, sizeof(*p->stack)) != 0) {
            return CC_ENOMEM;
        }
        p->stack = s;
        p->alloc = alloc;
    }
    const char *parent = frame_base(p);
    struct frame *fr = &p->stack[p->depth];
    fr->name = name;
    fr->kind = kind;
    fr->ns = nsc;
    fr->flags = 0;
    fr->base = parent;
    const char *b;
    size_t blen;
    if (attr_find(at, "base", NSC_XML, &b, &blen)) {
        cc_buf_reset(&p->tmp);
        int rc = attr_value(&p->tmp, b, blen);
        struct cc_buf r = CC_BUF_INIT;
        if (rc == 0) {
            rc = cc_feed_resolve_url(&r, parent, p->tmp.buf, p->tmp.len);
        }
        if (rc == 0) {
            fr->base = cc_buf_detach(&r, NULL);
            rc = fr->base ? 0 : CC_ENOMEM;
            if (rc == 0) {
                fr->flags |= FR_OWNS_BASE;
            } else {
                fr->base = parent;
            }
        }
        cc_buf_release(&r);
        if (rc) {
            return rc;
        }
    }
    p->depth++;
    return 0;
}

/* Starts the field an element stands for (not inside a capture). */
static int open_field(struct xp *p, unsigned char kind, const struct attrs *at)
{
    bool in_item = p->item_depth > 0;
    /* Feed-level fields are direct children of channel/feed. */
    bool feed_level =
        !in_item && p->depth >= 2 &&
        (p->stack[p->depth - 2].kind == K_CHANNEL || p->stack[p->depth - 2].kind == K_FEED);
    if (!in_item && !feed_level && p->author_depth == 0) {
        return 0;
    }
    struct item_state *st = &p->it;
    switch (kind) {
    case K_TITLE:
    case K_MEDIA_TITLE:
        if (in_item || feed_level) {
            start_content_capture(p, FLD_TITLE, feed_level, at, "text/plain");
            p->cap.media = kind == K_MEDIA_TITLE;
        }
        break;
    case K_LINK: {
        const char *href = attr_get(p, at, "href", NSC_OTHER, &p->tmp);
        if (!href) {
            href = attr_get(p, at, "url", NSC_OTHER, &p->tmp);
        }
        if (!href) {
            href = attr_get(p, at, "uri", NSC_OTHER, &p->tmp);
        }
        if (!href) {
            if (in_item || feed_level) {
                start_capture(p, FLD_LINK, feed_level);
            }
            break;
        }
        char *h = cc_strdup(href);
        if (!h) {
            return CC_ENOMEM;
        }
        const char *rel = attr_get(p, at, "rel", NSC_OTHER, &p->tmp);
        bool alternate = !rel || ieq(rel, "alternate");
        bool html = true;
        if (alternate) {
            const char *type = attr_get(p, at, "type", NSC_OTHER, &p->tmp);
            html = !type || ieq(type, "text/html") || ieq(type, "html") ||
                   ieq(type, "application/xhtml+xml") || ieq(type, "xhtml");
        }
        int rc = 0;
        if (alternate && html) {
            char **target = in_item ? &cur_item(p)->link : &p->feed->link;
            rc = set_url(p, target, h, strlen(h), frame_base(p));
        }
        cc_free(h);
        return rc;
    }
    case K_GUID:
        if (feed_level) {
            start_capture(p, FLD_ID, true);
            p->cap.permalink = true;
        } else if (in_item) {
            const char *perma = attr_get(p, at, "ispermalink", NSC_OTHER, &p->tmp);
            start_capture(p, FLD_ID, false);
            p->cap.permalink = !perma || ieq(perma, "true");
        }
        break;
    case K_DESCRIPTION:
    case K_SUMMARY:
        if (in_item) {
            if (st->summary_present && !st->has_content) {
                st->has_content = true;
                start_content_capture(p, FLD_CONTENT, false, at, "text/plain");
            } else {
                start_content_capture(p, FLD_SUMMARY, false, at,
                                      kind == K_DESCRIPTION ? "text/html" : "text/plain");
            }
        }
        break;
    case K_CONTENT:
    case K_ENCODED:
        if (in_item) {
            st->has_content = true;
            start_content_capture(p, FLD_CONTENT, false, at,
                                  kind == K_CONTENT ? "text/plain" : "text/html");
        }
        break;
    case K_BODY:
        if (in_item) {
            start_content_capture(p, FLD_CONTENT, false, at, "application/xhtml+xml");
        }
        break;
    case K_PUBLISHED:
    case K_UPDATED:
        if (in_item) {
            start_capture(p, kind == K_PUBLISHED ? FLD_PUBLISHED : FLD_UPDATED, false);
        }
        break;
    case K_AUTHOR:
    case K_CREATOR:
        if (in_item || feed_level) {
            /* Text (RSS) until a child element makes it a container (Atom). */
            start_capture(p, FLD_AUTHOR, feed_level);
            p->author_is_feed = feed_level;
            if (kind == K_AUTHOR) {
                p->stack[p->depth - 1].flags |= FR_AUTHOR;
            }
        }
        break;
    case K_NAME:
    case K_EMAIL:
        if (p->author_depth > 0) {
            start_capture(p, kind == K_NAME ? FLD_AUTHOR_NAME : FLD_AUTHOR_EMAIL,
                          p->author_is_feed);
        }
        break;
    case K_CATEGORY:
        if (in_item) {
            const char *term = attr_get(p, at, "term", NSC_OTHER, &p->tmp);
            if (term && term[0]) {
                int rc = cc_feed__add_category(cur_item(p), &p->scratch, term, strlen(term));
                if (rc) {
                    return rc;
                }
            }
            start_capture(p, FLD_CATEGORY, false);
        }
        break;
    default:
        break;
    }
    return 0;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct xp *p = ctx;
    (void)nb_defaulted;
    if (p->rc) {
        return;
    }
    reset_wellformed(p);
    p->mismatch[0] = '\0';
    struct attrs at = {attributes, nb_attributes};
    unsigned char nsc = classify_ns_cached(&p->nsc_cache, prefix, uri);
    unsigned char kind = classify(nsc, (const char *)localname);
    struct capture *c = &p->cap;
    bool was_capturing = c->active;
    if (was_capturing && c->field == FLD_AUTHOR &&
        (kind == K_NAME || kind == K_EMAIL || ieq((const char *)localname, "uri") ||
         ieq((const char *)localname, "url"))) {
        /* <author><name>: a container after all. */
        c->active = false;
        was_capturing = false;
        p->author_depth = c->depth;
    }
    int rc = push_frame(p, localname, kind, nsc, &at);
    if (rc == CC_ETOOBIG) {
        p->rc = cc_error_set(p->err, CC_EPARSE, p->opts->subject,
                             "elements nested more than %d deep", MAX_DEPTH);
        xmlStopParser(p->ctxt);
        return;
    }
    if (rc) {
        fail(p, rc);
        return;
    }
    if (was_capturing) {
        if (c->content_type && c->mode != M_BINARY) {
            /* Inline markup in a content element (feedparser: a child other
             * than a wrapper div turns it into XHTML from here on). */
            if (ieq((const char *)localname, "div") && c->mode != M_XHTML) {
                return;
            }
            c->mode = M_XHTML;
            rc = cc_buf_addch(&c->buf, '<');
            if (rc == 0) {
                rc = cc_buf_adds(&c->buf, (const char *)localname);
            }
            if (rc == 0) {
                rc = cc_buf_addch(&c->buf, '>');
            }
            if (rc) {
                fail(p, rc);
            }
        }
        return;
    }
    if (p->skip_depth) {
        return;
    }
    if (p->depth == 1) {
        rc = root_element(p, kind, uri, &at, namespaces, nb_namespaces);
    }
    switch (kind) {
    case K_CHANNEL:
    case K_FEED:
        p->feedlike = true;
        break;
    case K_ITEM:
        if (p->item_depth == 0) {
            rc = start_item(p, &at);
        }
        break;
    case K_IMAGE:
    case K_TEXTINPUT:
    case K_SOURCE:
    case K_CONTRIBUTOR:
        if (p->depth > 1) {
            p->skip_depth = p->depth;
        }
        break;
    default:
        rc = open_field(p, kind, &at);
        break;
    }
    if (rc) {
        fail(p, rc);
    }
}

static void end_frame(struct xp *p)
{
    struct frame *fr = &p->stack[p->depth - 1];
    struct capture *c = &p->cap;
    int rc = 0;
    if (c->active && c->depth == p->depth) {
        rc = finish_capture(p);
    } else if (c->active && p->depth > c->depth) {
        if (c->mode == M_XHTML) {
            rc = cc_buf_adds(&c->buf, "</");
            if (rc == 0) {
                rc = cc_buf_adds(&c->buf, (const char *)fr->name);
            }
            if (rc == 0) {
                rc = cc_buf_addch(&c->buf, '>');
            }
        }
    }
    if (rc == 0 && p->author_depth == p->depth) {
        rc = end_author_container(p);
    }
    if (p->skip_depth == p->depth) {
        p->skip_depth = 0;
    }
    if (rc == 0 && p->item_depth == p->depth) {
        rc = end_item(p);
    }
    if (fr->flags & FR_OWNS_BASE) {
        cc_free((char *)fr->base);
    }
    p->depth--;
    if (rc) {
        fail(p, rc);
    }
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    struct xp *p = ctx;
    (void)localname;
    (void)prefix;
    (void)uri;
    if (p->rc) {
        return;
    }
    reset_wellformed(p);
    if (p->depth == 0) {
        return;
    }
    if (p->mismatch[0]) {
        /* libxml2 closes its innermost element whatever the end tag said;
         * we close up to the element the tag names, or nothing when no
         * open element has that name (a stray end tag). */
        size_t k = p->depth;
        while (k > 0 && !ieq((const char *)p->stack[k - 1].name, p->mismatch)) {
            k--;
        }
        p->mismatch[0] = '\0';
        if (k == 0) {
            return;
        }
        while (p->depth >= k && p->rc == 0) {
            end_frame(p);
        }
        return;
    }
    end_frame(p);
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
    struct xp *p = ctx;
    if (p->rc) {
        return;
    }
    reset_wellformed(p);
    if (!p->cap.active || len <= 0) {
        return;
    }
    if (cap_text(&p->cap, (const char *)ch, (size_t)len) != 0) {
        fail(p, CC_ENOMEM);
    }
}

/* Literal text of an entity reference libxml2 could not resolve. */
static void cap_literal(struct xp *p, const char *s, size_t len)
{
    if (!p->cap.active) {
        return;
    }
    struct capture *c = &p->cap;
    int rc;
    if (c->mode == M_XHTML) {
        rc = cap_text(c, s, len);
    } else {
        rc = cc_buf_add(&c->buf, s, len);
    }
    if (rc) {
        fail(p, CC_ENOMEM);
    }
}

static void sax_reference(void *ctx, const xmlChar *name)
{
    struct xp *p = ctx;
    if (p->rc || !name) {
        return;
    }
    cap_literal(p, "&", 1);
    cap_literal(p, (const char *)name, strlen((const char *)name));
    cap_literal(p, ";", 1);
}

static xmlEntityPtr make_entity(struct xp *p, const xmlChar *name, const char *content, size_t len)
{
    for (struct entity_node *e = p->ents; e; e = e->next) {
        if (xmlStrEqual(e->ent.name, name)) {
            return &e->ent;
        }
    }
    struct entity_node *e = cc_calloc(1, sizeof(*e) + len + 1 + xmlStrlen(name) + 1);
    if (!e) {
        fail(p, CC_ENOMEM);
        return NULL;
    }
    char *c = (char *)(e + 1);
    memcpy(c, content, len);
    c[len] = '\0';
    char *n = c + len + 1;
    memcpy(n, name, (size_t)xmlStrlen(name) + 1);
    e->ent.type = XML_ENTITY_DECL;
    e->ent.etype = XML_INTERNAL_PREDEFINED_ENTITY;
    e->ent.name = (const xmlChar *)n;
    e->ent.content = (xmlChar *)c;
    e->ent.length = (int)len;
    e->next = p->ents;
    p->ents = e;
    return &e->ent;
}

static xmlEntityPtr sax_get_entity(void *ctx, const xmlChar *name)
{
    struct xp *p = ctx;
    if (p->rc || !name) {
        return NULL;
    }
    if (p->ctxt->inSubset) {
        /* Inside the DTD libxml2 asks only to hang the raw value of a
         * declaration on the entity (and would hand us that string to
         * free); nothing is expanded there. */
        return NULL;
    }
    reset_wellformed(p);
    bool in_attr = p->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE;
    for (size_t i = 0; i < p->ndecls; i++) {
        struct decl *d = &p->decls[i];
        if (strcmp(d->name, (const char *)name) != 0) {
            continue;
        }
        if (d->external) {
            return NULL;
        }
        if (memchr(d->content, '&', d->len) || memchr(d->content, '%', d->len)) {
            p->rc = cc_error_set(p->err, CC_EPARSE, p->opts->subject,
                                 "entity '%s' refers to other entities: entity expansion "
                                 "is not allowed (billion laughs?)",
                                 d->name);
            xmlStopParser(p->ctxt);
            return NULL;
        }
        p->expanded += d->len;
        if (p->expanded > p->expand_budget) {
            p->rc = cc_error_set(p->err, CC_EPARSE, p->opts->subject,
                                 "entity expansion passes %zu bytes (quadratic blowup?)",
                                 p->expand_budget);
            xmlStopParser(p->ctxt);
            return NULL;
        }
        if (in_attr && (d->len != 1 || (unsigned char)d->content[0] >= 0x80)) {
            /* libxml2 copies one byte of a "predefined" entity into an
             * attribute value; longer ones cannot go there. */
            return NULL;
        }
        return make_entity(p, name, d->content, d->len);
    }
    int32_t cp[2];
    size_t n = cc_html_entity_find(cp, (const char *)name, strlen((const char *)name));
    if (n == 0) {
        return NULL;
    }
    /* Undeclared entities in XML come from the HTML 4 DTDs (RSS 0.91
     * names them); HTML 4 and HTML5 differ only on these two. */
    if (strcmp((const char *)name, "lang") == 0) {
        cp[0] = 0x2329;
    } else if (strcmp((const char *)name, "rang") == 0) {
        cp[0] = 0x232A;
    }
    char utf8[8];
    size_t len = cc_utf8_encode_to(utf8, cp[0]);
    if (n == 2) {
        len += cc_utf8_encode_to(utf8 + len, cp[1]);
    }
    if (in_attr && len != 1) {
        return NULL;
    }
    if (len == 1 && (utf8[0] == '<' || utf8[0] == '&')) {
        /* &LT; &AMP;: characters, never markup */
        return xmlGetPredefinedEntity(utf8[0] == '<' ? (const xmlChar *)"lt"
                                                     : (const xmlChar *)"amp");
    }
    return make_entity(p, name, utf8, len);
}

static xmlEntityPtr sax_get_parameter_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    (void)name;
    return NULL;
}

static void sax_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                            const xmlChar *system_id, xmlChar *content)
{
    struct xp *p = ctx;
    (void)public_id;
    if (p->rc || !name) {
        return;
    }
    if (type != XML_INTERNAL_GENERAL_ENTITY && type != XML_EXTERNAL_GENERAL_PARSED_ENTITY) {
        return;
    }
    if (p->ndecls >= MAX_DECLS) {
        p->rc = cc_error_set(p->err, CC_EPARSE, p->opts->subject,
                             "more than %d entity declarations", MAX_DECLS);
        xmlStopParser(p->ctxt);
        return;
    }
    for (size_t i = 0; i < p->ndecls; i++) {
        if (strcmp(p->decls[i].name, (const char *)name) == 0) {
            return; /* XML: the first declaration binds */
        }
    }
    struct decl *d = cc_realloc(p->decls, (p->ndecls + 1) * sizeof(*d));
    if (!d) {
        fail(p, CC_ENOMEM);
        return;
    }
    p->decls = d;
    d = &p->decls[p->ndecls];
    memset(d, 0, sizeof(*d));
    d->name = cc_strdup((const char *)name);
    d->external = type == XML_EXTERNAL_GENERAL_PARSED_ENTITY || system_id;
    if (!d->external) {
        const char *c = content ? (const char *)content : "";
        d->len = strlen(c);
        d->content = cc_strndup(c, d->len);
    }
    if (!d->name || (!d->external && !d->content)) {
        cc_free(d->name);
        cc_free(d->content);
        fail(p, CC_ENOMEM);
        return;
    }
    p->ndecls++;
}

static void sax_error(void *ctx, xmlErrorPtr e)
{
    struct xp *p = ctx;
    if (!e || p->rc) {
        return;
    }
    if (e->level >= XML_ERR_ERROR) {
        p->feed->malformed = true;
    }
    xmlParserCtxtPtr ctxt = p->ctxt;
    bool in_content = ctxt && ctxt->instate == XML_PARSER_CONTENT && ctxt->input;
    switch (e->code) {
    case XML_ERR_TAG_NAME_MISMATCH:
        if (e->str2) {
            snprintf(p->mismatch, sizeof(p->mismatch), "%s", e->str2);
            /* a name cut by snprintf just matches nothing */
        }
        break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        /* "AT&T": keep the text libxml2 read as an entity name. */
        if (in_content) {
            const xmlChar *cur = ctxt->input->cur;
            const xmlChar *lo = ctxt->input->base;
            const xmlChar *q = cur;
            while (q > lo && cur - q < AMP_LOOKBACK && q[-1] != '&') {
                q--;
            }
            if (q > lo && q[-1] == '&') {
                cap_literal(p, (const char *)q - 1, (size_t)(cur - q + 1));
            }
        }
        break;
    case XML_ERR_NAME_REQUIRED:
        /* A bare '&' followed by a space. */
        if (in_content && ctxt->input->cur > ctxt->input->base && ctxt->input->cur[-1] == '&') {
            cap_literal(p, "&", 1);
        }
        break;
    case XML_ERR_UNDECLARED_ENTITY:
        if (in_content && e->str1) {
            cap_literal(p, "&", 1);
            cap_literal(p, e->str1, strlen(e->str1));
            cap_literal(p, ";", 1);
        }
        break;
    default:
        break;
    }
    char msg[200];
    snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) {
        msg[--n] = '\0';
    }
    int rc = cc_feed__warn(p->feed, "line %d: %s", e->line, msg);
    if (rc) {
        fail(p, rc);
    }
}

/* ---- input preparation ------------------------------------------------- */

/* True when bytes may go to libxml2 as they are: valid UTF-8, no XML-illegal
 * control characters, no U+FFFE/U+FFFF. */
/* 0x80 in each byte of w that is zero; exact (no borrow from the byte
 * below, unlike the shorter haszero trick). */
static uint64_t zero_bytes(uint64_t w)
{
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    return ~(((w & low7) + low7) | w | low7);
}

/* 0x80 in each byte of w that is a control character XML forbids: below
 * 0x20 and not tab, line feed or carriage return. Exact. */
static uint64_t bad_controls(uint64_t w)
{
    const uint64_t ones = UINT64_C(0x0101010101010101);
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    uint64_t below20 = ~(((w & low7) + ones * 0x60) | w | low7);
    uint64_t allowed = zero_bytes(w ^ (ones * '\t')) | zero_bytes(w ^ (ones * '\n')) |
                       zero_bytes(w ^ (ones * '\r'));
    return below20 & ~allowed;
}

static bool clean_utf8(const char *s, size_t len)
{
    const uint64_t high = UINT64_C(0x8080808080808080);
    size_t i = 0;
    while (i < len) {
        /* Eight ASCII bytes at a time, line breaks included: the bulk of
         * any feed. */
        const uint64_t ones = UINT64_C(0x0101010101010101);
#ifdef __SSE2__
        /* Sixteen printable ASCII bytes at a time (a signed compare: bytes
         * from 0x80 up are negative, so "below 0x20" catches them too). */
        while (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            if (_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)))) {
                break;
            }
            i += 16;
        }
#endif
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            /* Printable ASCII only (no byte below 0x20 or above 0x7F; a
             * borrow needs a byte below 0x20, so none is missed): the
             * exact tests below run only for words holding a line break
             * or a non-ASCII byte. */
            if (!(((w - ones * 0x20) | w) & high)) {
                i += 8;
                continue;
            }
            if (bad_controls(w)) {
                return false;
            }
            if (w & high) {
                break;
            }
            i += 8;
        }
        /* Then byte by byte over the word that stopped it (and a
         * multi-byte sequence running past its end). */
        size_t stop = CC_MIN(len, i + 8);
        while (i < stop) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c < 0x80) {
                i++;
                continue;
            }
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
                i++;
                continue;
            }
            int32_t cp;
            size_t n = cc_utf8_decode(&cp, s + i, len - i);
            if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF) {
                return false;
            }
            i += n;
        }
    }
    return true;
}

/* Rewrites XML-illegal characters of valid UTF-8 in place: C0 controls
 * become spaces, U+FFFE/U+FFFF become U+FFFD. */
static void scrub(char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            s[i++] = ' ';
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        if ((cp == 0xFFFE || cp == 0xFFFF) && n == 3) {
            s[i + 2] = (char)0xBD; /* EF BF BE/BF -> EF BF BD */
        }
        i += n;
    }
}

static void xp_release(struct xp *p)
{
    while (p->depth > 0) {
        struct frame *fr = &p->stack[p->depth - 1];
        if (fr->flags & FR_OWNS_BASE) {
            cc_free((char *)fr->base);
        }
        p->depth--;
    }
    cc_free(p->stack);
    cc_buf_release(&p->cap.buf);
    cc_buf_release(&p->scratch);
    cc_buf_release(&p->tmp);
    cc_buf_release(&p->text);
    item_state_reset(&p->it);
    while (p->ents) {
        struct entity_node *n = p->ents->next;
        if (p->ents->ent.orig) {
            xmlFree(p->ents->ent.orig); /* set by libxml2, never by us */
        }
        cc_free(p->ents);
        p->ents = n;
    }
    for (size_t i = 0; i < p->ndecls; i++) {
        cc_free(p->decls[i].name);
        cc_free(p->decls[i].content);
    }
    cc_free(p->decls);
    cc_free(p->feed_author);
    cc_free(p->feed_author_email);
}

static int run_parser(struct xp *p, const char *data, size_t len)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_characters;
    sax.ignorableWhitespace = sax_characters;
    sax.cdataBlock = sax_characters;
    sax.getEntity = sax_get_entity;
    sax.getParameterEntity = sax_get_parameter_entity;
    sax.entityDecl = sax_entity_decl;
    sax.reference = sax_reference;
    sax.serror = sax_error;

    /* The push parser: libxml2 copies one chunk at a time into its own
     * padded buffer and drops what it has consumed, so memory stays flat
     * whatever the feed's size. The first bytes go in at creation for its
     * encoding detection (the input is UTF-8 by now). */
    size_t first = CC_MIN(len, (size_t)4);
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, p, data, (int)first, NULL);
    if (!ctxt) {
        return CC_ENOMEM;
    }
    p->ctxt = ctxt;
    xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
    size_t off = first;
    while (p->rc == 0 && ctxt->instate != XML_PARSER_EOF) {
        size_t n = CC_MIN(len - off, (size_t)PUSH_CHUNK);
        int last = off + n >= len;
        xmlParseChunk(ctxt, data + off, (int)n, last);
        off += n;
        if (last) {
            break;
        }
    }
    /* Close what the document left open (a truncated feed), while the
     * element names (libxml2's dictionary) are still alive. */
    while (p->depth > 0 && p->rc == 0) {
        end_frame(p);
    }
    p->ctxt = NULL;
    /* libxml2 keeps entity declarations in a document of its own even for
     * SAX ("expat compatibility"); it is ours to free. */
    if (ctxt->myDoc) {
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return 0;
}

int cc_feed__parse_xml(struct cc_feed *feed, const char *data, size_t len,
                       const struct cc_feed_options *opts, struct cc_error *err)
{
    const char *subject = opts->subject;
    struct xp p;
    memset(&p, 0, sizeof(p));
    p.feed = feed;
    p.opts = opts;
    p.err = err;
    p.feed_title_depth = INT32_MAX;
    cc_buf_init(&p.cap.buf, 0);
    cc_buf_init(&p.scratch, 0);
    cc_buf_init(&p.tmp, 0);
    cc_buf_init(&p.text, 0);
    item_state_reset(&p.it);
    p.expand_budget = CC_MAX(ENTITY_BUDGET_MIN, len * ENTITY_BUDGET_FACTOR);

    struct cc_buf conv = CC_BUF_INIT;
    const char *doc = data;
    size_t dlen = len;
    size_t bom = 0;
    const char *bom_cs = cc_charset_sniff_bom(data, len, &bom);
    const char *decl = cc_charset_sniff_xml(data + bom, len - bom, NULL, NULL);
    const char *http = opts->http_charset && opts->http_charset[0]
                           ? cc_charset_canonical(opts->http_charset, strlen(opts->http_charset))
                           : NULL;
    bool utf8_claimed = bom_cs ? strcmp(bom_cs, CC_CHARSET_UTF8) == 0
                        : http ? strcmp(http, CC_CHARSET_UTF8) == 0
                               : (!opts->http_charset || !opts->http_charset[0]) &&
                                     (!decl || strcmp(decl, CC_CHARSET_UTF8) == 0);
    int rc = 0;
    if (utf8_claimed && clean_utf8(data + bom, len - bom)) {
        doc = data + bom;
        dlen = len - bom;
        p.utf8_source = true;
    } else {
        struct cc_charset_info info;
        rc = cc_charset_decode(&conv, &info, data, len, opts->http_charset, CC_CHARSET_SNIFF_XML,
                               err);
        if (rc) {
            cc_error_subject(err, subject);
            goto out;
        }
        scrub(conv.buf, conv.len);
        doc = conv.buf;
        dlen = conv.len;
        p.utf8_source = strcmp(info.charset, CC_CHARSET_UTF8) == 0;
        if (info.unknown_label) {
            rc = cc_feed__warn(feed, "unknown character encoding; read as UTF-8");
        }
        if (rc == 0 && info.repaired > 0) {
            if (strcmp(info.charset, CC_CHARSET_UTF8) == 0) {
                rc =
                    cc_feed__warn(feed, "%zu runs of bytes that are not UTF-8 read as windows-1252",
                                  info.repaired);
            } else {
                rc = cc_feed__warn(feed, "%zu byte sequences not valid in %s replaced",
                                   info.repaired, info.charset);
            }
        }
        if (rc) {
            rc = cc_error_set(err, rc, subject, "out of memory");
            goto out;
        }
    }
    /* Space before the XML declaration (a PHP habit) makes it illegal. */
    while (dlen > 0 && (doc[0] == ' ' || doc[0] == '\t' || doc[0] == '\n' || doc[0] == '\r')) {
        doc++;
        dlen--;
    }
    if (dlen == 0) {
        rc = cc_error_set(err, CC_EPARSE, subject, "not a feed: the document is empty");
        goto out;
    }
    xmlInitParser();
    rc = run_parser(&p, doc, dlen);
    if (rc == 0 && p.rc) {
        rc = p.rc;
    }
    if (rc) {
        if (!cc_error_is_set(err)) {
            cc_error_set(err, rc, subject, "cannot parse feed: %s", cc_status_str(rc));
        }
        goto out;
    }
    if (p.rc) {
        rc = cc_error_set(err, p.rc, subject, "cannot parse feed: %s", cc_status_str(p.rc));
        goto out;
    }
    if (!p.root_seen) {
        /* Nothing but comments or junk: an empty feed, flagged. */
        feed->malformed = true;
        rc = cc_feed__warn(feed, "no XML element found; the feed is empty");
        if (rc) {
            rc = cc_error_set(err, rc, subject, "out of memory");
            goto out;
        }
    } else if (!p.feedlike && feed->nitems == 0 && feed->nstreamed == 0) {
        /* (Streamed items count too: buffered and streaming parses agree;
         * found by fuzz_feed_json.) */
        rc = cc_error_set(err, CC_EPARSE, subject, "not a feed: no RSS, RDF or Atom root element");
        goto out;
    }
    if (!feed->format && p.root_seen) {
        feed->format = "rss2.0";
    }
    if (p.is_atom && p.feed_author) {
        /* RFC 4287 4.2.1: an entry without author inherits the feed's. */
        for (size_t i = 0; i < feed->nitems; i++) {
            if (!feed->items[i].author) {
                feed->items[i].author = cc_strdup(p.feed_author);
                if (!feed->items[i].author) {
                    rc = cc_error_set(err, CC_ENOMEM, subject, "out of memory");
                    goto out;
                }
            }
        }
    }
    if (p.items_skipped > 0) {
        rc = cc_feed__warn(feed, "%zu items past the cap were ignored", p.items_skipped);
        if (rc) {
            rc = cc_error_set(err, rc, subject, "out of memory");
        }
    }
out:
    xp_release(&p);
    cc_buf_release(&conv);
    return rc;
}
