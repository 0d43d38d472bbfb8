#include "core/common.h"

#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte scan of json_str */
#endif

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/num.h"
#include "core/utf8.h"
#include "fetchers/charset.h"
#include "fetchers/feed.h"
#include "fetchers/feed_int.h"
#include "fetchers/html.h"
#include "core/banned.h"

/* A warning line is cut to this many bytes (STYLE.md section 7: quoted
 * input about 80 bytes; the message around it needs more). */
#define WARNING_MAX 240
/* JSON of one item is built in a buffer of about this size before it is
 * written out, so the stream is written in few large writes. */
#define JSON_FLUSH_AT (64 * 1024)

void cc_item_release(struct cc_item *item)
{
    if (!item) {
        return;
    }
    cc_free(item->id);
    cc_free(item->title);
    cc_free(item->link);
    cc_free(item->summary);
    cc_free(item->content);
    cc_free(item->author);
    for (size_t i = 0; i < item->ncategories; i++) {
        cc_free(item->categories[i]);
    }
    cc_free(item->categories);
    memset(item, 0, sizeof(*item));
    item->published = CC_TIME_NONE;
    item->updated = CC_TIME_NONE;
}

void cc_feed_free(struct cc_feed *feed)
{
    if (!feed) {
        return;
    }
    cc_free(feed->title);
    cc_free(feed->link);
    for (size_t i = 0; i < feed->nitems; i++) {
        cc_item_release(&feed->items[i]);
    }
    cc_free(feed->items);
    for (size_t i = 0; i < feed->nwarnings; i++) {
        cc_free(feed->warnings[i]);
    }
    cc_free(feed->warnings);
    cc_free(feed);
}

int cc_feed__warn(struct cc_feed *feed, const char *fmt, ...)
{
    if (feed->nwarnings >= CC_FEED_MAX_WARNINGS) {
        feed->warnings_dropped++;
        return 0;
    }
    if (!feed->warnings) {
        /* One slot more for the "N more" line of cc_feed__warn_finish. */
        feed->warnings = cc_calloc(CC_FEED_MAX_WARNINGS + 1, sizeof(*feed->warnings));
        if (!feed->warnings) {
            return CC_ENOMEM;
        }
    }
    char line[WARNING_MAX + 4];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return CC_ERR;
    }
    size_t len = strlen(line);
    if ((size_t)n >= sizeof(line)) {
        len = WARNING_MAX;
        while (len > 0 && ((unsigned char)line[len] & 0xC0) == 0x80) {
            len--;
        }
        memcpy(line + len, "...", 4);
        len += 3;
    }
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' ')) {
        line[--len] = '\0';
    }
    struct cc_buf clean = CC_BUF_INIT;
    int rc = cc_utf8_repair(&clean, line, len, NULL);
    if (rc) {
        cc_buf_release(&clean);
        return rc;
    }
    char *w = cc_buf_detach(&clean, NULL);
    if (!w) {
        return CC_ENOMEM;
    }
    feed->warnings[feed->nwarnings++] = w;
    return 0;
}

int cc_feed__warn_finish(struct cc_feed *feed)
{
    if (feed->warnings_dropped == 0 || feed->nwarnings != CC_FEED_MAX_WARNINGS) {
        return 0;
    }
    char line[64];
    snprintf(line, sizeof(line), "%zu more warnings not shown", feed->warnings_dropped);
    char *w = cc_strdup(line);
    if (!w) {
        return CC_ENOMEM;
    }
    feed->warnings[feed->nwarnings++] = w;
    feed->warnings_dropped = 0;
    return 0;
}

int cc_feed__add_item(struct cc_feed *feed, size_t *index)
{
    if (feed->nitems == feed->items_alloc) {
        size_t want = feed->items_alloc ? feed->items_alloc * 2 : 16;
        void *p = feed->items;
        size_t alloc = feed->items_alloc;
        if (cc_array_grow(&p, &alloc, want, sizeof(*feed->items)) != 0) {
            return CC_ENOMEM;
        }
        feed->items = p;
        feed->items_alloc = alloc;
    }
    struct cc_item *it = &feed->items[feed->nitems];
    memset(it, 0, sizeof(*it));
    it->published = CC_TIME_NONE;
    it->updated = CC_TIME_NONE;
    *index = feed->nitems++;
    return 0;
}

int cc_feed__item_done(struct cc_feed *feed, const struct cc_feed_options *opts, size_t index)
{
    if (!opts->on_item) {
        return 0;
    }
    int rc = opts->on_item(&feed->items[index], opts->payload);
    cc_item_release(&feed->items[index]);
    if (index + 1 == feed->nitems) {
        feed->nitems--;
    }
    feed->nstreamed++;
    return rc;
}

size_t cc_feed__item_count(const struct cc_feed *feed)
{
    return feed->nitems + feed->nstreamed;
}

int cc_feed__set_text(char **field, struct cc_buf *scratch, const char *s, size_t len,
                      unsigned flags)
{
    /* Converted in the reused scratch buffer, then copied at its size:
     * one allocation per field, no shrinking (bench/parse.sh). */
    cc_buf_reset(scratch);
    int rc = cc_html_to_text(scratch, s, len, flags);
    if (rc) {
        return rc;
    }
    char *v = NULL;
    if (scratch->len > 0) {
        v = cc_strndup(scratch->buf, scratch->len);
        if (!v) {
            return CC_ENOMEM;
        }
    }
    cc_free(*field);
    *field = v;
    return 0;
}

static bool is_email_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '+';
}

static bool is_domain_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

/* Finds an e-mail address (local@domain.tld) in s; false when none. */
static bool find_email(const char *s, size_t len, size_t *start, size_t *end)
{
    for (size_t at = 0; at < len; at++) {
        if (s[at] != '@') {
            continue;
        }
        size_t a = at;
        while (a > 0 && is_email_char((unsigned char)s[a - 1])) {
            a--;
        }
        size_t b = at + 1;
        bool dot = false;
        while (b < len && is_domain_char((unsigned char)s[b])) {
            dot = dot || s[b] == '.';
            b++;
        }
        while (b > at + 1 && s[b - 1] == '.') {
            b--;
        }
        if (a < at && b > at + 1 && dot) {
            *start = a;
            *end = b;
            return true;
        }
    }
    return false;
}

int cc_feed__author_name(struct cc_buf *out, const char *s, size_t len)
{
    size_t a;
    size_t b;
    if (!find_email(s, len, &a, &b)) {
        return cc_buf_add(out, s, len);
    }
    /* feedparser's reading: remove the address, then "()" / "<>" left
     * around it, then one pair of outer parentheses. */
    struct cc_buf rest = CC_BUF_INIT;
    int rc = cc_buf_add(&rest, s, a);
    if (rc == 0) {
        rc = cc_buf_add(&rest, s + b, len - b);
    }
    if (rc) {
        cc_buf_release(&rest);
        return rc;
    }
    char *p = rest.buf;
    size_t n = rest.len;
    for (size_t i = 0; i + 1 < n;) {
        if ((p[i] == '(' && p[i + 1] == ')') || (p[i] == '<' && p[i + 1] == '>')) {
            memmove(p + i, p + i + 2, n - i - 2);
            n -= 2;
        } else {
            i++;
        }
    }
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi && (p[lo] == ' ' || p[lo] == '\t' || p[lo] == '\n' || p[lo] == '\r')) {
        lo++;
    }
    while (hi > lo &&
           (p[hi - 1] == ' ' || p[hi - 1] == '\t' || p[hi - 1] == '\n' || p[hi - 1] == '\r')) {
        hi--;
    }
    if (lo < hi && p[lo] == '(') {
        lo++;
    }
    if (hi > lo && p[hi - 1] == ')') {
        hi--;
    }
    while (lo < hi && (p[lo] == ' ' || p[lo] == '\t')) {
        lo++;
    }
    while (hi > lo && (p[hi - 1] == ' ' || p[hi - 1] == '\t')) {
        hi--;
    }
    if (lo < hi) {
        rc = cc_buf_add(out, p + lo, hi - lo);
    } else {
        rc = cc_buf_add(out, s + a, b - a);
    }
    cc_buf_release(&rest);
    return rc;
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
        return 62;
    }
    if (c == '/' || c == '_') {
        return 63;
    }
    return -1;
}

int cc_feed__base64(struct cc_buf *out, const char *s, size_t len)
{
    uint32_t acc = 0;
    int bits = 0;
    int rc = cc_buf_grow(out, len / 4 * 3 + 3);
    for (size_t i = 0; rc == 0 && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (c == '=') {
            break;
        }
        int v = b64_value(c);
        if (v < 0) {
            return CC_EINVAL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            rc = cc_buf_addch(out, (char)((acc >> bits) & 0xFF));
        }
    }
    return rc;
}

int cc_feed__add_category(struct cc_item *item, struct cc_buf *scratch, const char *s, size_t len)
{
    if (item->ncategories >= CC_FEED_MAX_CATEGORIES) {
        return 0;
    }
    /* Cleaned into the scratch buffer and compared there: a duplicate
     * costs no allocation. */
    cc_buf_reset(scratch);
    int rc = cc_html_to_text(scratch, s, len, CC_HTML_PLAIN);
    if (rc || scratch->len == 0) {
        return rc;
    }
    for (size_t i = 0; i < item->ncategories; i++) {
        if (strcmp(item->categories[i], scratch->buf) == 0) {
            return 0;
        }
    }
    /* The array has room for 4, then for the next power of two: grown
     * when the count is 0 or reaches one (no capacity field). */
    size_t n = item->ncategories;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        size_t want = n == 0 ? 4 : 2 * n;
        char **p = cc_realloc(item->categories, want * sizeof(*p));
        if (!p) {
            return CC_ENOMEM;
        }
        item->categories = p;
    }
    char *v = cc_strndup(scratch->buf, scratch->len);
    if (!v) {
        return CC_ENOMEM;
    }
    item->categories[item->ncategories++] = v;
    return 0;
}

/* ---- URL resolution (RFC 3986 section 5) ------------------------------ */

struct uri {
    const char *scheme;
    size_t scheme_len;
    bool has_scheme;
    const char *auth;
    size_t auth_len;
    bool has_auth;
    const char *path;
    size_t path_len;
    const char *query;
    size_t query_len;
    bool has_query;
    const char *frag;
    size_t frag_len;
    bool has_frag;
};

static bool is_scheme_char(char c, bool first)
{
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (first) {
        return alpha;
    }
    return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static void uri_split(struct uri *u, const char *s, size_t len)
{
    memset(u, 0, sizeof(*u));
    size_t i = 0;
    while (i < len && is_scheme_char(s[i], i == 0)) {
        i++;
    }
    if (i > 0 && i < len && s[i] == ':') {
        u->scheme = s;
        u->scheme_len = i;
        u->has_scheme = true;
        i++;
    } else {
        i = 0;
    }
    if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        size_t a = i;
        while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#') {
            i++;
        }
        u->auth = s + a;
        u->auth_len = i - a;
        u->has_auth = true;
    }
    size_t p = i;
    while (i < len && s[i] != '?' && s[i] != '#') {
        i++;
    }
    u->path = s + p;
    u->path_len = i - p;
    if (i < len && s[i] == '?') {
        i++;
        size_t q = i;
        while (i < len && s[i] != '#') {
            i++;
        }
        u->query = s + q;
        u->query_len = i - q;
        u->has_query = true;
    }
    if (i < len && s[i] == '#') {
        i++;
        u->frag = s + i;
        u->frag_len = len - i;
        u->has_frag = true;
    }
}

/* RFC 3986 5.2.4 remove_dot_segments, appending the result to out. */
static int remove_dots(struct cc_buf *out, const char *p, size_t len)
{
    struct cc_buf buf = CC_BUF_INIT;
    int rc = cc_buf_grow(&buf, len);
    size_t i = 0;
    while (rc == 0 && i < len) {
        size_t rest = len - i;
        const char *s = p + i;
        if (rest >= 3 && memcmp(s, "../", 3) == 0) {
            i += 3;
        } else if (rest >= 2 && memcmp(s, "./", 2) == 0) {
            i += 2;
        } else if (rest >= 3 && memcmp(s, "/./", 3) == 0) {
            i += 2;
        } else if (rest == 2 && memcmp(s, "/.", 2) == 0) {
            i += 1;
            rc = cc_buf_addch(&buf, '/');
            i = len;
        } else if ((rest >= 4 && memcmp(s, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(s, "/..", 3) == 0)) {
            i += 3;
            const char *slash = NULL;
            for (size_t k = buf.len; k > 0; k--) {
                if (buf.buf[k - 1] == '/') {
                    slash = buf.buf + k - 1;
                    break;
                }
            }
            cc_buf_truncate(&buf, slash ? (size_t)(slash - buf.buf) : 0);
            if (rest == 3) {
                rc = cc_buf_addch(&buf, '/');
            }
        } else if ((rest == 1 && s[0] == '.') || (rest == 2 && memcmp(s, "..", 2) == 0)) {
            i = len;
        } else {
            size_t j = s[0] == '/' ? 1 : 0;
            while (j < rest && s[j] != '/') {
                j++;
            }
            rc = cc_buf_add(&buf, s, j);
            i += j;
        }
    }
    if (rc == 0) {
        rc = cc_buf_add(out, buf.buf, buf.len);
    }
    cc_buf_release(&buf);
    return rc;
}

static bool is_trim_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int cc_feed_resolve_url(struct cc_buf *out, const char *base, const char *ref, size_t reflen)
{
    while (reflen > 0 && is_trim_space(ref[0])) {
        ref++;
        reflen--;
    }
    while (reflen > 0 && is_trim_space(ref[reflen - 1])) {
        reflen--;
    }
    struct uri r;
    uri_split(&r, ref, reflen);
    if (!base || !base[0]) {
        return cc_buf_add(out, ref, reflen);
    }
    struct uri b;
    uri_split(&b, base, strlen(base));
    int rc = 0;
    if (r.has_scheme) {
        /* "http:////host" -> "http://host" (feedparser's _urifixer). */
        if (r.has_auth && r.auth_len == 0 && r.path_len > 0) {
            size_t k = 0;
            while (k < r.path_len && r.path[k] == '/') {
                k++;
            }
            rc = cc_buf_add(out, r.scheme, r.scheme_len + 3);
            if (rc == 0) {
                rc = cc_buf_add(out, r.path + k, reflen - (size_t)(r.path + k - ref));
            }
            return rc;
        }
        return cc_buf_add(out, ref, reflen);
    }
    size_t start = out->len;
    if (b.has_scheme) {
        rc = cc_buf_add(out, b.scheme, b.scheme_len);
        if (rc == 0) {
            rc = cc_buf_addch(out, ':');
        }
    }
    if (rc == 0 && r.has_auth) {
        rc = cc_buf_adds(out, "//");
        if (rc == 0) {
            rc = cc_buf_add(out, r.auth, r.auth_len);
        }
        if (rc == 0) {
            rc = remove_dots(out, r.path, r.path_len);
        }
        if (rc == 0 && r.has_query) {
            rc = cc_buf_addch(out, '?');
            if (rc == 0) {
                rc = cc_buf_add(out, r.query, r.query_len);
            }
        }
    } else if (rc == 0) {
        if (b.has_auth) {
            rc = cc_buf_adds(out, "//");
            if (rc == 0) {
                rc = cc_buf_add(out, b.auth, b.auth_len);
            }
        }
        if (rc == 0 && r.path_len == 0) {
            rc = cc_buf_add(out, b.path, b.path_len);
            if (rc == 0 && (r.has_query || b.has_query)) {
                rc = cc_buf_addch(out, '?');
                if (rc == 0) {
                    rc = r.has_query ? cc_buf_add(out, r.query, r.query_len)
                                     : cc_buf_add(out, b.query, b.query_len);
                }
            }
        } else if (rc == 0) {
            if (r.path[0] == '/') {
                rc = remove_dots(out, r.path, r.path_len);
            } else {
                /* merge: base path up to its last '/', then the ref path */
                struct cc_buf merged = CC_BUF_INIT;
                if (b.has_auth && b.path_len == 0) {
                    rc = cc_buf_addch(&merged, '/');
                } else {
                    size_t k = b.path_len;
                    while (k > 0 && b.path[k - 1] != '/') {
                        k--;
                    }
                    rc = cc_buf_add(&merged, b.path, k);
                }
                if (rc == 0) {
                    rc = cc_buf_add(&merged, r.path, r.path_len);
                }
                if (rc == 0) {
                    rc = remove_dots(out, merged.buf, merged.len);
                }
                cc_buf_release(&merged);
            }
            if (rc == 0 && r.has_query) {
                rc = cc_buf_addch(out, '?');
                if (rc == 0) {
                    rc = cc_buf_add(out, r.query, r.query_len);
                }
            }
        }
    }
    if (rc == 0 && r.has_frag) {
        rc = cc_buf_addch(out, '#');
        if (rc == 0) {
            rc = cc_buf_add(out, r.frag, r.frag_len);
        }
    }
    if (rc) {
        cc_buf_truncate(out, start);
    }
    return rc;
}

/* ---- parse / load ------------------------------------------------------ */

static bool looks_like_json(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
    }
    while (i < len && is_trim_space(data[i])) {
        i++;
    }
    return i < len && data[i] == '{';
}

int cc_feed_parse(struct cc_feed **out, const char *data, size_t len,
                  const struct cc_feed_options *opts, struct cc_error *err)
{
    *out = NULL;
    struct cc_feed_options defaults = {NULL, NULL, NULL, 0, NULL, NULL};
    if (!opts) {
        opts = &defaults;
    }
    struct cc_feed *feed = cc_calloc(1, sizeof(*feed));
    if (!feed) {
        return cc_error_set(err, CC_ENOMEM, opts->subject, "out of memory");
    }
    int rc;
    if (len > (size_t)INT32_MAX) {
        rc = cc_error_set(err, CC_ETOOBIG, opts->subject, "feed is too big (%zu bytes)", len);
    } else if (looks_like_json(data, len)) {
        feed->format = "jsonfeed";
        rc = cc_feed__parse_json(feed, data, len, opts, err);
    } else {
        rc = cc_feed__parse_xml(feed, data, len, opts, err);
    }
    if (rc == 0) {
        rc = cc_feed__warn_finish(feed);
        if (rc) {
            rc = cc_error_set(err, rc, opts->subject, "out of memory");
        }
    }
    if (rc) {
        cc_error_subject(err, opts->subject);
        cc_feed_free(feed);
        return rc;
    }
    *out = feed;
    return 0;
}

int cc_feed_load(struct cc_feed **out, const char *path, const struct cc_feed_options *opts,
                 struct cc_error *err)
{
    *out = NULL;
    struct cc_feed_options o = {NULL, NULL, NULL, 0, NULL, NULL};
    if (opts) {
        o = *opts;
    }
    if (!o.subject) {
        o.subject = path;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        return cc_error_set(err, CC_EIO, path, "cannot open: %s", strerror(errno));
    }
    struct cc_buf data;
    cc_buf_init(&data, CC_FEED_MAX_FILE);
    struct stat st;
    int rc = 0;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((uint64_t)st.st_size > CC_FEED_MAX_FILE) {
            fclose(f);
            return cc_error_set(err, CC_ETOOBIG, path, "file is too big (%lld bytes, limit %zu)",
                                (long long)st.st_size, CC_FEED_MAX_FILE);
        }
        /* A regular file is mapped, not copied: the parser reads it once,
         * front to back, so the page cache serves it without a second
         * copy in our heap (bench/parse.sh: memory and system time). */
        size_t size = (size_t)st.st_size;
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        /* Linux: map the (cached) pages in one go instead of one fault per
         * page as the parser walks the file. */
        flags |= MAP_POPULATE;
#endif
        void *map = mmap(NULL, size, PROT_READ, flags, fileno(f), 0);
        if (map != MAP_FAILED) {
            fclose(f);
            (void)posix_madvise(map, size, POSIX_MADV_SEQUENTIAL);
            rc = cc_feed_parse(out, map, size, &o, err);
            munmap(map, size);
            return rc;
        }
        rc = cc_buf_grow(&data, size);
        if (rc) {
            fclose(f);
            return cc_error_set(err, rc, path, "out of memory");
        }
    }
    char chunk[65536];
    while (rc == 0) {
        size_t room = data.alloc > data.len + 1 ? data.alloc - data.len - 1 : 0;
        size_t n;
        if (room > 0) {
            n = fread(data.buf + data.len, 1, room, f);
            data.len += n;
            data.buf[data.len] = '\0';
        } else {
            n = fread(chunk, 1, sizeof(chunk), f);
            if (n > 0 && cc_buf_add(&data, chunk, n) != 0) {
                rc = cc_error_set(err, CC_ETOOBIG, path, "file is too big (limit %zu bytes)",
                                  CC_FEED_MAX_FILE);
            }
        }
        if (n == 0) {
            if (ferror(f)) {
                rc = cc_error_set(err, CC_EIO, path, "cannot read: %s", strerror(errno));
            }
            break;
        }
    }
    fclose(f);
    if (rc == 0) {
        rc = cc_feed_parse(out, data.buf, data.len, &o, err);
    }
    cc_buf_release(&data);
    return rc;
}

/* ---- JSON output ----------------------------------------------------------
 * Written directly (not through jansson objects): every string is already
 * valid UTF-8, so only '"', '\' and control characters need escaping, and
 * a feed of 20,000 items is written in one pass without an object tree
 * (bench/parse.sh). tests/test_feed.c checks the output with jansson. */

/* 1 for the bytes a JSON string must escape: controls, '"' and '\\'. */
static const unsigned char json_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static int json_str(struct cc_buf *out, const char *s)
{
    if (!s) {
        return cc_buf_put(out, "null", 4);
    }
    size_t len = strlen(s);
    int rc = cc_buf_grow(out, len + 2);
    if (rc) {
        return rc;
    }
    rc = cc_buf_put(out, "\"", 1);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (rc == 0 && i < len) {
        size_t j = i;
        /* Eight bytes at a time while none needs escaping (none below
         * 0x20, no '"' or '\\'); the usual haszero trick. */
        const uint64_t ones = UINT64_C(0x0101010101010101);
        const uint64_t high = UINT64_C(0x8080808080808080);
#ifdef __SSE2__
        while (len - j >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + j));
            __m128i k1f = _mm_set1_epi8(0x1F);
            __m128i hit = _mm_cmpeq_epi8(_mm_max_epu8(v, k1f), k1f);
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
            if (_mm_movemask_epi8(hit)) {
                break;
            }
            j += 16;
        }
#endif
        while (len - j >= 8) {
            uint64_t w;
            memcpy(&w, u + j, sizeof(w));
            uint64_t hit = (w - ones * 0x20) & ~w;
            uint64_t x = w ^ (ones * '"');
            hit |= (x - ones) & ~x;
            x = w ^ (ones * '\\');
            hit |= (x - ones) & ~x;
            if (hit & high) {
                break;
            }
            j += 8;
        }
        while (j < len && !json_escape[u[j]]) {
            j++;
        }
        rc = cc_buf_put(out, s + i, j - i);
        if (rc || j >= len) {
            break;
        }
        unsigned char c = (unsigned char)s[j];
        switch (c) {
        case '"':
            rc = cc_buf_add(out, "\\\"", 2);
            break;
        case '\\':
            rc = cc_buf_add(out, "\\\\", 2);
            break;
        case '\n':
            rc = cc_buf_add(out, "\\n", 2);
            break;
        case '\t':
            rc = cc_buf_add(out, "\\t", 2);
            break;
        case '\r':
            rc = cc_buf_add(out, "\\r", 2);
            break;
        default:
            rc = cc_buf_addf(out, "\\u%04x", c);
            break;
        }
        i = j + 1;
    }
    if (rc == 0) {
        rc = cc_buf_put(out, "\"", 1);
    }
    return rc;
}

static int json_key(struct cc_buf *out, const char *key, bool first)
{
    /* ,"key": in one append */
    char lit[32];
    size_t k = strlen(key);
    size_t n = 0;
    if (!first) {
        lit[n++] = ',';
    }
    lit[n++] = '"';
    memcpy(lit + n, key, k);
    n += k;
    lit[n++] = '"';
    lit[n++] = ':';
    return cc_buf_put(out, lit, n);
}

static int json_field(struct cc_buf *out, const char *key, const char *v, bool first)
{
    int rc = json_key(out, key, first);
    return rc ? rc : json_str(out, v);
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* A literal then a string value: the keys of item_json come with their
 * punctuation as one constant append (no strlen, no copy into a scratch
 * array: 20,000 items are 200,000 keys, bench/parse.sh). */
#define JSON_LIT(out, lit) cc_buf_put((out), (lit), sizeof(lit) - 1)

static int json_time_value(struct cc_buf *out, int64_t t)
{
    if (t == CC_TIME_NONE) {
        return JSON_LIT(out, "null");
    }
    struct cc_tm tm;
    cc_time_to_tm(&tm, t);
    char s[32];
    if (tm.year < 0 || tm.year > 9999) {
        cc_time_format(s, t);
    } else {
        /* "YYYY-MM-DDTHH:MM:SSZ" by hand: snprintf per item showed in
         * bench/parse.sh profiles. */
        memcpy(s, "0000-00-00T00:00:00Z", 21);
        put2(s, (int)(tm.year / 100));
        put2(s + 2, (int)(tm.year % 100));
        put2(s + 5, tm.mon);
        put2(s + 8, tm.mday);
        put2(s + 11, tm.hour);
        put2(s + 14, tm.min);
        put2(s + 17, tm.sec);
    }
    return json_str(out, s);
}

static int item_json(struct cc_buf *out, const struct cc_item *it)
{
    int rc = JSON_LIT(out, "{\"id\":");
    if (rc == 0) {
        rc = json_str(out, it->id);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"title\":");
    }
    if (rc == 0) {
        rc = json_str(out, it->title);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"link\":");
    }
    if (rc == 0) {
        rc = json_str(out, it->link);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"published\":");
    }
    if (rc == 0) {
        rc = json_time_value(out, it->published);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"summary\":");
    }
    if (rc == 0) {
        rc = json_str(out, it->summary);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"content\":");
    }
    if (rc == 0) {
        rc = json_str(out, it->content);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"author\":");
    }
    if (rc == 0) {
        rc = json_str(out, it->author);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"updated\":");
    }
    if (rc == 0) {
        rc = json_time_value(out, it->updated);
    }
    if (rc == 0) {
        rc = JSON_LIT(out, ",\"categories\":[");
    }
    for (size_t i = 0; rc == 0 && i < it->ncategories; i++) {
        if (i > 0) {
            rc = JSON_LIT(out, ",");
        }
        if (rc == 0) {
            rc = json_str(out, it->categories[i]);
        }
    }
    if (rc == 0) {
        rc = JSON_LIT(out, "]}");
    }
    return rc;
}

#undef JSON_LIT

static int head_json(struct cc_buf *out, const struct cc_feed *feed)
{
    int rc = cc_buf_adds(out, "{\"feed\":{");
    if (rc == 0) {
        rc = json_field(out, "title", feed->title, true);
    }
    if (rc == 0) {
        rc = json_field(out, "link", feed->link, false);
    }
    if (rc == 0) {
        rc = json_field(out, "format", feed->format, false);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, "},\n\"items\":[");
    }
    return rc;
}

static int warnings_json(struct cc_buf *out, const struct cc_feed *feed)
{
    int rc = 0;
    if (feed->nwarnings > 0) {
        rc = cc_buf_adds(out, ",\n\"warnings\":[");
        for (size_t i = 0; rc == 0 && i < feed->nwarnings; i++) {
            rc = cc_buf_adds(out, i ? ",\n" : "\n");
            if (rc == 0) {
                rc = json_str(out, feed->warnings[i]);
            }
        }
        if (rc == 0) {
            rc = cc_buf_adds(out, "\n]");
        }
    }
    return rc;
}

static int tail_json(struct cc_buf *out, const struct cc_feed *feed)
{
    int rc = cc_buf_adds(out, feed->nitems ? "\n]" : "]");
    if (rc == 0) {
        rc = warnings_json(out, feed);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, "}\n");
    }
    return rc;
}

typedef int (*flush_fn)(struct cc_buf *b, void *payload);

static int write_json(struct cc_buf *out, const struct cc_feed *feed, flush_fn flush, void *payload)
{
    int rc = head_json(out, feed);
    for (size_t i = 0; rc == 0 && i < feed->nitems; i++) {
        rc = cc_buf_adds(out, i ? ",\n" : "\n");
        if (rc == 0) {
            rc = item_json(out, &feed->items[i]);
        }
        if (rc == 0 && flush && out->len >= JSON_FLUSH_AT) {
            rc = flush(out, payload);
        }
    }
    if (rc == 0) {
        rc = tail_json(out, feed);
    }
    if (rc == 0 && flush) {
        rc = flush(out, payload);
    }
    return rc;
}

static int flush_file(struct cc_buf *b, void *payload)
{
    FILE *f = payload;
    if (b->len > 0 && fwrite(b->buf, 1, b->len, f) != b->len) {
        return CC_EIO;
    }
    cc_buf_reset(b);
    return 0;
}

struct json_stream {
    FILE *f;
    struct cc_buf buf;
    size_t n;
    struct cc_error *err;
};

static int stream_flush(struct json_stream *js)
{
    if (flush_file(&js->buf, js->f) != 0) {
        return cc_error_set(js->err, CC_EIO, "standard output", "cannot write: %s",
                            strerror(errno));
    }
    return 0;
}

static int stream_item(const struct cc_item *it, void *payload)
{
    struct json_stream *js = payload;
    int rc = cc_buf_adds(&js->buf, js->n ? ",\n" : "\n");
    if (rc == 0) {
        rc = item_json(&js->buf, it);
    }
    if (rc) {
        return cc_error_set(js->err, rc, NULL, "cannot write feed JSON: %s", cc_status_str(rc));
    }
    js->n++;
    return js->buf.len >= JSON_FLUSH_AT ? stream_flush(js) : 0;
}

static int stream_finish(struct json_stream *js, const struct cc_feed *feed)
{
    int rc = cc_buf_adds(&js->buf, js->n ? "\n],\n\"feed\":{" : "],\n\"feed\":{");
    if (rc == 0) {
        rc = json_field(&js->buf, "title", feed->title, true);
    }
    if (rc == 0) {
        rc = json_field(&js->buf, "link", feed->link, false);
    }
    if (rc == 0) {
        rc = json_field(&js->buf, "format", feed->format, false);
    }
    if (rc == 0) {
        rc = cc_buf_addch(&js->buf, '}');
    }
    if (rc == 0) {
        rc = warnings_json(&js->buf, feed);
    }
    if (rc == 0) {
        rc = cc_buf_adds(&js->buf, "}\n");
    }
    if (rc) {
        return cc_error_set(js->err, rc, NULL, "cannot write feed JSON: %s", cc_status_str(rc));
    }
    rc = stream_flush(js);
    if (rc == 0 && fflush(js->f) != 0) {
        rc = cc_error_set(js->err, CC_EIO, "standard output", "cannot write: %s", strerror(errno));
    }
    return rc;
}

typedef int (*parse_fn)(struct cc_feed **out, const void *src, size_t len,
                        const struct cc_feed_options *opts, struct cc_error *err);

static int parse_src_mem(struct cc_feed **out, const void *src, size_t len,
                         const struct cc_feed_options *opts, struct cc_error *err)
{
    return cc_feed_parse(out, src, len, opts, err);
}

static int parse_src_path(struct cc_feed **out, const void *src, size_t len,
                          const struct cc_feed_options *opts, struct cc_error *err)
{
    (void)len;
    return cc_feed_load(out, src, opts, err);
}

static int parse_and_stream(FILE *f, parse_fn parse, const void *src, size_t len,
                            const struct cc_feed_options *opts, bool *malformed_out,
                            struct cc_error *err)
{
    struct json_stream js = {f, CC_BUF_INIT, 0, err};
    struct cc_feed_options o = {NULL, NULL, NULL, 0, NULL, NULL};
    if (opts) {
        o = *opts;
    }
    o.on_item = stream_item;
    o.payload = &js;
    struct cc_feed *feed = NULL;
    int rc = cc_buf_adds(&js.buf, "{\"items\":[");
    if (rc) {
        rc = cc_error_set(err, rc, NULL, "out of memory");
    }
    if (rc == 0) {
        rc = parse(&feed, src, len, &o, err);
    }
    if (rc == 0) {
        rc = stream_finish(&js, feed);
        if (malformed_out) {
            *malformed_out = feed->malformed;
        }
    }
    cc_feed_free(feed);
    cc_buf_release(&js.buf);
    return rc;
}

int cc_feed_parse_write_json(FILE *f, const char *data, size_t len,
                             const struct cc_feed_options *opts, bool *malformed_out,
                             struct cc_error *err)
{
    return parse_and_stream(f, parse_src_mem, data, len, opts, malformed_out, err);
}

int cc_feed_load_write_json(FILE *f, const char *path, const struct cc_feed_options *opts,
                            bool *malformed_out, struct cc_error *err)
{
    return parse_and_stream(f, parse_src_path, path, 0, opts, malformed_out, err);
}

int cc_feed_write_json(struct cc_buf *out, const struct cc_feed *feed, struct cc_error *err)
{
    size_t start = out->len;
    int rc = write_json(out, feed, NULL, NULL);
    if (rc) {
        cc_buf_truncate(out, start);
        return cc_error_set(err, rc, NULL, "cannot write feed JSON: %s", cc_status_str(rc));
    }
    return 0;
}

int cc_feed_write_json_file(FILE *f, const struct cc_feed *feed, struct cc_error *err)
{
    struct cc_buf b = CC_BUF_INIT;
    int rc = write_json(&b, feed, flush_file, f);
    cc_buf_release(&b);
    if (rc == 0 && fflush(f) != 0) {
        rc = CC_EIO;
    }
    if (rc == CC_EIO) {
        return cc_error_set(err, rc, NULL, "cannot write output: %s", strerror(errno));
    }
    if (rc) {
        return cc_error_set(err, rc, NULL, "cannot write feed JSON: %s", cc_status_str(rc));
    }
    return 0;
}
