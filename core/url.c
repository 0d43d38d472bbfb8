#include "core/common.h"

#include "core/url.h"
#include "core/banned.h"

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_ieq(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int cc_url_split(struct cc_url_parts *out, const char *url, size_t len)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c < 0x20 || c == 0x7f) {
            return CC_EINVAL;
        }
    }
    size_t i = 0;
    if (len == 0 || !is_alpha(url[0])) {
        return CC_EINVAL;
    }
    while (i < len && (is_alpha(url[i]) || is_digit(url[i]) || url[i] == '+' || url[i] == '-' ||
                       url[i] == '.')) {
        i++;
    }
    if (i >= len || url[i] != ':') {
        return CC_EINVAL;
    }
    out->scheme_off = 0;
    out->scheme_len = i;
    i++;
    if (len - i < 2 || url[i] != '/' || url[i + 1] != '/') {
        return CC_EINVAL;
    }
    i += 2;
    size_t auth_start = i;
    size_t auth_end = i;
    while (auth_end < len && url[auth_end] != '/' && url[auth_end] != '?' && url[auth_end] != '#' &&
           url[auth_end] != '\\') {
        auth_end++;
    }
    /* userinfo: up to the last '@' of the authority. */
    size_t host_start = auth_start;
    for (size_t j = auth_end; j > auth_start; j--) {
        if (url[j - 1] == '@') {
            out->has_userinfo = true;
            out->userinfo_off = auth_start;
            out->userinfo_len = j - 1 - auth_start;
            host_start = j;
            break;
        }
    }
    size_t host_end;
    size_t after_host;
    if (host_start < auth_end && url[host_start] == '[') {
        size_t close = host_start + 1;
        while (close < auth_end && url[close] != ']') {
            close++;
        }
        if (close >= auth_end) {
            return CC_EINVAL;
        }
        out->ipv6 = true;
        out->host_off = host_start + 1;
        host_end = close;
        after_host = close + 1;
    } else {
        size_t colon = auth_end;
        for (size_t j = host_start; j < auth_end; j++) {
            if (url[j] == ':') {
                colon = j;
                break;
            }
        }
        out->host_off = host_start;
        host_end = colon;
        after_host = colon;
    }
    out->host_len = host_end - out->host_off;
    if (out->host_len == 0) {
        return CC_EINVAL;
    }
    if (after_host < auth_end) {
        if (url[after_host] != ':') {
            return CC_EINVAL;
        }
        size_t p = after_host + 1;
        if (auth_end - p > 5) {
            return CC_EINVAL;
        }
        unsigned port = 0;
        for (size_t j = p; j < auth_end; j++) {
            if (!is_digit(url[j])) {
                return CC_EINVAL;
            }
            port = port * 10 + (unsigned)(url[j] - '0');
        }
        if (port > 65535) {
            return CC_EINVAL;
        }
        if (auth_end > p) {
            out->has_port = true;
            out->port_off = p;
            out->port_len = auth_end - p;
        }
    }
    i = auth_end;
    out->path_off = i;
    while (i < len && url[i] != '?' && url[i] != '#') {
        i++;
    }
    out->path_len = i - out->path_off;
    if (i < len && url[i] == '?') {
        i++;
        out->has_query = true;
        out->query_off = i;
        while (i < len && url[i] != '#') {
            i++;
        }
        out->query_len = i - out->query_off;
    }
    if (i < len && url[i] == '#') {
        i++;
        out->has_fragment = true;
        out->fragment_off = i;
        out->fragment_len = len - i;
    }
    return 0;
}

bool cc_url_is_tracking_param(const char *name, size_t len)
{
    static const char *const prefixes[] = {"utm_", "at_", "ns_"};
    static const char *const names[] = {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "twclid",
        "traffic_source",
        "cmpid",
        "ocid",
        "smid",
        "cmp",
        "_ga",
        "_gl",
        "__twitter_impression",
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (len > n && ascii_ieq(name, prefixes[i], n)) {
            return true;
        }
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(names); i++) {
        if (strlen(names[i]) == len && ascii_ieq(name, names[i], len)) {
            return true;
        }
    }
    return false;
}

bool cc_url_is_http(const char *url, size_t len)
{
    return (len >= 7 && ascii_ieq(url, "http://", 7)) ||
           (len >= 8 && ascii_ieq(url, "https://", 8));
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r' || **s == '\f' ||
                        **s == '\v')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0) {
        char c = (*s)[*len - 1];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
            break;
        }
        (*len)--;
    }
}

/* Path, query parameter or userinfo bytes: percent-escapes get uppercase
 * hex (RFC 3986 6.2.2.1) and a raw space becomes %20, so equivalent
 * spellings share one identity. */
static int add_escaped(struct cc_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int rc;
        if (s[i] == '%' && i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
            char esc[3] = {'%', s[i + 1], s[i + 2]};
            for (int k = 1; k < 3; k++) {
                if (esc[k] >= 'a' && esc[k] <= 'f') {
                    esc[k] = (char)(esc[k] - 'a' + 'A');
                }
            }
            rc = cc_buf_add(out, esc, 3);
            i += 2;
        } else if (s[i] == ' ') {
            rc = cc_buf_add(out, "%20", 3);
        } else {
            rc = cc_buf_addch(out, s[i]);
        }
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static int invalid_url(struct cc_error *err, const char *url, size_t len)
{
    char q[96];
    cc_error_quote(q, sizeof(q), url, len);
    return cc_error_set(err, CC_EINVAL, q, "not an absolute URL with a host");
}

static int add_lower(struct cc_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int rc = cc_buf_addch(out, ascii_lower(s[i]));
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static int add_host(struct cc_buf *out, const char *url, const struct cc_url_parts *u)
{
    size_t hlen = u->host_len;
    if (!u->ipv6 && hlen > 1 && url[u->host_off + hlen - 1] == '.') {
        hlen--;
    }
    return add_lower(out, url + u->host_off, hlen);
}

int cc_url_canonical(struct cc_buf *out, const char *url, size_t len, struct cc_error *err)
{
    const char *s = url;
    size_t n = len;
    trim(&s, &n);
    struct cc_url_parts u;
    if (cc_url_split(&u, s, n) < 0) {
        return invalid_url(err, url, len);
    }
    size_t start = out->len;
    int rc = add_lower(out, s + u.scheme_off, u.scheme_len);
    if (rc == 0) {
        rc = cc_buf_adds(out, "://");
    }
    if (rc == 0 && u.has_userinfo) {
        rc = add_escaped(out, s + u.userinfo_off, u.userinfo_len);
        if (rc == 0) {
            rc = cc_buf_addch(out, '@');
        }
    }
    if (rc == 0 && u.ipv6) {
        rc = cc_buf_addch(out, '[');
    }
    if (rc == 0) {
        rc = add_host(out, s, &u);
    }
    if (rc == 0 && u.ipv6) {
        rc = cc_buf_addch(out, ']');
    }
    if (rc == 0 && u.has_port) {
        unsigned port = 0;
        for (size_t j = 0; j < u.port_len; j++) {
            port = port * 10 + (unsigned)(s[u.port_off + j] - '0');
        }
        bool is_default = (port == 80 && u.scheme_len == 4 && ascii_ieq(s, "http", 4)) ||
                          (port == 443 && u.scheme_len == 5 && ascii_ieq(s, "https", 5));
        if (!is_default) {
            rc = cc_buf_addf(out, ":%u", port);
        }
    }
    if (rc == 0) {
        rc =
            u.path_len == 0 ? cc_buf_addch(out, '/') : add_escaped(out, s + u.path_off, u.path_len);
    }
    if (rc == 0 && u.has_query) {
        const char *q = s + u.query_off;
        size_t qlen = u.query_len;
        size_t i = 0;
        bool first = true;
        while (rc == 0 && i <= qlen) {
            size_t j = i;
            while (j < qlen && q[j] != '&') {
                j++;
            }
            size_t name_len = 0;
            while (i + name_len < j && q[i + name_len] != '=') {
                name_len++;
            }
            if (j > i && !cc_url_is_tracking_param(q + i, name_len)) {
                rc = cc_buf_addch(out, first ? '?' : '&');
                if (rc == 0) {
                    rc = add_escaped(out, q + i, j - i);
                }
                first = false;
            }
            i = j + 1;
        }
    }
    if (rc < 0) {
        cc_buf_truncate(out, start);
        return cc_error_set(err, rc, NULL, "out of memory canonicalising a URL");
    }
    return 0;
}

int cc_url_host(struct cc_buf *out, const char *url, size_t len, struct cc_error *err)
{
    const char *s = url;
    size_t n = len;
    trim(&s, &n);
    struct cc_url_parts u;
    if (cc_url_split(&u, s, n) < 0) {
        return invalid_url(err, url, len);
    }
    size_t start = out->len;
    int rc = add_host(out, s, &u);
    if (rc < 0) {
        cc_buf_truncate(out, start);
        return cc_error_set(err, rc, NULL, "out of memory");
    }
    return 0;
}
