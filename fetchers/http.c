#include "core/common.h"

#include <arpa/inet.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/num.h"
#include "fetchers/http.h"
#include "core/banned.h"

/* A Content-Type or header value longer than this is junk, not metadata. */
#define HTTP_MAX_FIELD 2048
/* Longest Retry-After we accept as delta-seconds: ten years. Beyond that the
 * value is junk; core/fetch clamps what it honours anyway. */
#define HTTP_MAX_RETRY_DELTA ((int64_t)10 * 366 * 86400)
/* How long one curl_multi_poll waits at most; transfers carry their own
 * timeouts, this only bounds the loop's latency. */
#define HTTP_POLL_MS 1000

struct http_host {
    char *key;    /* owned: lowercase "host:port" */
    size_t first; /* slice of run->order holding this host's requests */
    size_t count;
    size_t next;   /* next request of the slice to start */
    size_t active; /* transfers of this host in flight */
};

struct http_run;

struct http_xfer {
    struct http_run *run;
    CURL *easy;
    size_t index; /* into run->reqs */
    size_t host;  /* into run->hosts */
    struct curl_slist *headers;
    struct cc_http_response resp;
    char *retry_after_raw; /* owned: Retry-After of the current response */
    char errbuf[CURL_ERROR_SIZE];
    size_t header_bytes;
    bool body_over;
    bool headers_over;
    bool oom;
    bool permanent_prefix; /* every hop so far was a 301 or 308 */
    bool hop_check_ip;     /* this hop's host was not named: refuse a local address */
    bool local_refused;    /* ... and it resolved to one (local_ip) */
    char local_ip[64];
    char *req_key;  /* owned: cc_http_host_port of the request URL (lazy) */
    char *hop_host; /* owned: host of the redirect being followed */
    int64_t start_ms;
    struct http_xfer *prev; /* run->live list: transfers in flight */
    struct http_xfer *next;
};

struct http_run {
    const struct cc_http_options *opts;
    const struct cc_http_request *reqs;
    size_t nreqs;
    CURLM *multi;
    size_t *order; /* request indices grouped by host */
    struct http_host *hosts;
    size_t nhosts;
    size_t cursor;          /* round-robin position over hosts */
    size_t active;          /* transfers in flight */
    struct http_xfer *live; /* list of the transfers in flight */
    bool proxied;           /* a proxy is set in the environment */
    size_t started;         /* requests started or reported so far */
    cc_http_done_fn done;
    void *payload;
};

void cc_http_options_init(struct cc_http_options *opts)
{
    opts->jobs = CC_HTTP_DEFAULT_JOBS;
    opts->per_host = CC_HTTP_DEFAULT_PER_HOST;
    opts->connect_timeout_ms = CC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    opts->timeout_ms = CC_HTTP_DEFAULT_TIMEOUT_MS;
    opts->low_speed_limit = CC_HTTP_DEFAULT_LOW_SPEED_LIMIT;
    opts->low_speed_time = CC_HTTP_DEFAULT_LOW_SPEED_TIME;
    opts->max_body = CC_HTTP_DEFAULT_MAX_BODY;
    opts->max_headers = CC_HTTP_DEFAULT_MAX_HEADERS;
    opts->max_redirects = CC_HTTP_DEFAULT_MAX_REDIRECTS;
    opts->user_agent = NULL;
    opts->clock = NULL;
    opts->local_hosts = NULL;
    opts->nlocal_hosts = 0;
}

void cc_http_response_init(struct cc_http_response *resp)
{
    memset(resp, 0, sizeof(*resp));
    cc_buf_init(&resp->body, 0);
    resp->retry_after = CC_TIME_NONE;
}

void cc_http_response_release(struct cc_http_response *resp)
{
    if (!resp) {
        return;
    }
    cc_buf_release(&resp->body);
    cc_free(resp->final_url);
    cc_free(resp->permanent_url);
    cc_free(resp->content_type);
    cc_free(resp->charset);
    cc_free(resp->etag);
    cc_free(resp->last_modified);
    cc_http_response_init(resp);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool prefix_nocase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower(s[i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

static bool is_http_url(const char *url)
{
    size_t len = strlen(url);
    return prefix_nocase(url, len, "http://") || prefix_nocase(url, len, "https://");
}

/* Trims [*p, *p + *len) of ASCII whitespace. */
static void trim(const char **p, size_t *len)
{
    while (*len > 0 && is_space(**p)) {
        (*p)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*p)[*len - 1])) {
        (*len)--;
    }
}

int cc_http_parse_content_type(char **type_out, char **charset_out, const char *value)
{
    *type_out = NULL;
    *charset_out = NULL;
    if (!value) {
        return 0;
    }
    size_t vlen = strnlen(value, HTTP_MAX_FIELD);
    const char *semi = memchr(value, ';', vlen);
    const char *t = value;
    size_t tlen = semi ? (size_t)(semi - value) : vlen;
    trim(&t, &tlen);
    char *type = NULL;
    char *charset = NULL;
    if (tlen > 0) {
        type = cc_strndup(t, tlen);
        if (!type) {
            goto oom;
        }
        for (size_t i = 0; i < tlen; i++) {
            type[i] = ascii_lower(type[i]);
        }
    }
    const char *p = semi;
    const char *end = value + vlen;
    while (p && p < end) {
        p++; /* past ';' */
        const char *next = memchr(p, ';', (size_t)(end - p));
        size_t plen = next ? (size_t)(next - p) : (size_t)(end - p);
        const char *param = p;
        trim(&param, &plen);
        const char *eq = memchr(param, '=', plen);
        if (eq) {
            const char *name = param;
            size_t nlen = (size_t)(eq - param);
            trim(&name, &nlen);
            const char *val = eq + 1;
            size_t val_len = (size_t)(param + plen - val);
            trim(&val, &val_len);
            if (val_len >= 2 && val[0] == '"' && val[val_len - 1] == '"') {
                val++;
                val_len -= 2;
            }
            if (nlen == 7 && prefix_nocase(name, nlen, "charset") && val_len > 0 && !charset) {
                charset = cc_strndup(val, val_len);
                if (!charset) {
                    goto oom;
                }
            }
        }
        p = next;
    }
    *type_out = type;
    *charset_out = charset;
    return 0;
oom:
    cc_free(type);
    cc_free(charset);
    return CC_ENOMEM;
}

int cc_http_parse_retry_after(int64_t *out, const char *value, int64_t now)
{
    const char *p = value;
    size_t len = strnlen(value, HTTP_MAX_FIELD);
    trim(&p, &len);
    if (len == 0) {
        return CC_EINVAL;
    }
    bool digits = true;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') {
            digits = false;
            break;
        }
    }
    if (digits) {
        int64_t delta = 0;
        if (len > 12 || cc_parse_int64(&delta, p, len, 0, HTTP_MAX_RETRY_DELTA) != 0) {
            return CC_EINVAL;
        }
        *out = now + delta;
        return 0;
    }
    char tmp[128];
    if (len >= sizeof(tmp)) {
        return CC_EINVAL;
    }
    memcpy(tmp, p, len);
    tmp[len] = '\0';
    /* curl_getdate reads the three HTTP-date forms of RFC 9110 (IMF-fixdate,
     * RFC 850, asctime) and treats them as GMT. */
    time_t t = curl_getdate(tmp, NULL);
    if (t == (time_t)-1) {
        return CC_EINVAL;
    }
    *out = (int64_t)t;
    return 0;
}

/* "host:port" of an http(s) URL, lowercase, for grouping requests per host.
 * Userinfo is dropped; the default port is implied by the scheme. */
static char *host_key(const char *url)
{
    const char *p = strstr(url, "://");
    const char *scheme_end = p;
    if (!p) {
        return cc_strdup("");
    }
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '@') {
            at = p + i;
        }
    }
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_buf_add(&b, url, (size_t)(scheme_end - url));
    rc = rc ? rc : cc_buf_add(&b, "|", 1);
    rc = rc ? rc : cc_buf_add(&b, p, n);
    if (rc != 0) {
        cc_buf_release(&b);
        return NULL;
    }
    for (size_t i = 0; i < b.len; i++) {
        b.buf[i] = ascii_lower(b.buf[i]);
    }
    return cc_buf_detach(&b, NULL);
}

/* Carrier-grade NAT (100.64.0.0/10) counts as private: it is the
 * provider's network, not the internet. */
static bool ipv4_is_local(const unsigned char a[4])
{
    return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
           (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
           (a[0] == 100 && (a[1] & 0xC0) == 64);
}

static bool ip_is_local(const char *ip)
{
    unsigned char a[16];
    if (inet_pton(AF_INET, ip, a) == 1) {
        return ipv4_is_local(a);
    }
    char tmp[64];
    size_t n = strlen(ip);
    if (n >= 2 && ip[0] == '[' && ip[n - 1] == ']') {
        ip++;
        n -= 2;
    }
    /* A zone index ("fe80::1%eth0") makes it link-local anyway. */
    const char *pct = memchr(ip, '%', n);
    if (pct) {
        n = (size_t)(pct - ip);
    }
    if (n == 0 || n >= sizeof(tmp)) {
        return false;
    }
    memcpy(tmp, ip, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET6, tmp, a) != 1) {
        return false;
    }
    static const unsigned char zero[10] = {0};
    if (memcmp(a, zero, 10) == 0) {
        if (a[10] == 0xFF && a[11] == 0xFF) {
            return ipv4_is_local(a + 12); /* ::ffff:a.b.c.d */
        }
        if (a[10] == 0 && a[11] == 0) {
            /* ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d */
            return a[12] == 0 || ipv4_is_local(a + 12);
        }
    }
    return (a[0] & 0xFE) == 0xFC ||                   /* fc00::/7 unique local */
           (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) || /* fe80::/10 link-local */
           (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0);   /* fec0::/10 site-local */
}

static bool ends_with_nocase(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && prefix_nocase(s + len - n, n, suffix);
}

bool cc_http_host_is_local(const char *host)
{
    size_t len = strlen(host);
    while (len > 0 && host[len - 1] == '.') {
        len--;
    }
    if ((len == 9 && prefix_nocase(host, len, "localhost")) ||
        ends_with_nocase(host, len, ".localhost")) {
        return true;
    }
    return ip_is_local(host);
}

/* Host and "host:port" key of an http(s) URL through libcurl's parser, so
 * the check sees the address libcurl will connect to (it normalises
 * "2130706433", "0x7f.1" and "127.1" to 127.0.0.1). Both NULL when the URL
 * does not parse; 0 or CC_ENOMEM. */
static int url_host_port(char **key_out, char **host_out, const char *url)
{
    *key_out = NULL;
    if (host_out) {
        *host_out = NULL;
    }
    if (!url || !is_http_url(url)) {
        return 0;
    }
    CURLU *u = curl_url();
    if (!u) {
        return CC_ENOMEM;
    }
    char *host = NULL;
    char *port = NULL;
    int rc = 0;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        struct cc_buf b = CC_BUF_INIT;
        rc = cc_buf_addf(&b, "%s:%s", host, port);
        for (size_t i = 0; i < b.len; i++) {
            b.buf[i] = ascii_lower(b.buf[i]);
        }
        if (rc == 0 && host_out) {
            *host_out = cc_strdup(host);
            rc = *host_out ? 0 : CC_ENOMEM;
        }
        if (rc == 0) {
            *key_out = cc_buf_detach(&b, NULL);
        }
        cc_buf_release(&b);
    }
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

int cc_http_host_port(char **out, const char *url)
{
    return url_host_port(out, NULL, url);
}

/* Called by libcurl once the connection of a hop is made (or reused),
 * before the request goes out: a redirect to a name the caller did not
 * list must not land on a local address (a public name pointing at
 * 127.0.0.1). Behind a proxy the address is the proxy's, so the check is
 * left to the URL test in check_redirect. */
static int on_prereq(void *clientp, char *conn_primary_ip, char *conn_local_ip,
                     int conn_primary_port, int conn_local_port)
{
    (void)conn_local_ip;
    (void)conn_primary_port;
    (void)conn_local_port;
    struct http_xfer *x = clientp;
    if (x->hop_check_ip && !x->run->proxied && conn_primary_ip && ip_is_local(conn_primary_ip)) {
        x->local_refused = true;
        snprintf(x->local_ip, sizeof(x->local_ip), "%s", conn_primary_ip);
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct http_xfer *x = userdata;
    size_t n = size * nmemb;
    int rc = cc_buf_add(&x->resp.body, data, n);
    if (rc == CC_ETOOBIG) {
        /* Returning short aborts the transfer at once, so a gzip bomb stops
         * being inflated as soon as the cap is passed. */
        x->body_over = true;
        return 0;
    }
    if (rc != 0) {
        x->oom = true;
        return 0;
    }
    return n;
}

static int set_field(char **field, const char *p, size_t len)
{
    char *copy = cc_strndup(p, len);
    if (!copy) {
        return CC_ENOMEM;
    }
    cc_free(*field);
    *field = copy;
    return 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct http_xfer *x = userdata;
    size_t n = size * nmemb;
    x->header_bytes += n;
    if (x->header_bytes > x->run->opts->max_headers) {
        x->headers_over = true;
        return 0;
    }
    if (prefix_nocase(data, n, "http/")) {
        /* A new response (an interim 1xx, then the real one): its headers
         * replace what an earlier one said. */
        cc_free(x->resp.etag);
        x->resp.etag = NULL;
        cc_free(x->resp.last_modified);
        x->resp.last_modified = NULL;
        cc_free(x->retry_after_raw);
        x->retry_after_raw = NULL;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon) {
        return n;
    }
    size_t name_len = (size_t)(colon - data);
    const char *val = colon + 1;
    size_t val_len = n - name_len - 1;
    trim(&val, &val_len);
    if (val_len == 0 || val_len > HTTP_MAX_FIELD) {
        return n;
    }
    char **field = NULL;
    if (name_len == 4 && prefix_nocase(data, name_len, "etag")) {
        field = &x->resp.etag;
    } else if (name_len == 13 && prefix_nocase(data, name_len, "last-modified")) {
        field = &x->resp.last_modified;
    } else if (name_len == 11 && prefix_nocase(data, name_len, "retry-after")) {
        field = &x->retry_after_raw;
    }
    if (field && set_field(field, val, val_len) != 0) {
        x->oom = true;
        return 0;
    }
    return n;
}

/* True when s can go into a header line as is (no CR/LF injection from a
 * stored validator a hostile server once sent). */
static bool header_safe(const char *s)
{
    size_t n = strnlen(s, HTTP_MAX_FIELD + 1);
    if (n == 0 || n > HTTP_MAX_FIELD) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t') {
            return false;
        }
    }
    return true;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
    if (!value || !header_safe(value)) {
        return 0;
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_buf_addf(&b, "%s: %s", name, value);
    if (rc != 0) {
        cc_buf_release(&b);
        return rc;
    }
    struct curl_slist *l = curl_slist_append(*list, b.buf);
    cc_buf_release(&b);
    if (!l) {
        return CC_ENOMEM;
    }
    *list = l;
    return 0;
}

static long remaining_timeout(const struct http_xfer *x)
{
    int64_t left = (int64_t)x->run->opts->timeout_ms - (cc_clock_mono_ms() - x->start_ms);
    return left < 1 ? 1L : (long)left;
}

/* Sets every option of a transfer; 0 or CC_ERR / CC_ENOMEM. */
static int setup_easy(struct http_xfer *x, const struct cc_http_request *req)
{
    const struct cc_http_options *o = x->run->opts;
    CURL *e = x->easy;
    if (add_header(&x->headers, "If-None-Match", req->etag) != 0 ||
        add_header(&x->headers, "If-Modified-Since", req->last_modified) != 0 ||
        add_header(&x->headers, "Accept", req->accept) != 0) {
        return CC_ENOMEM;
    }
    bool bad = false;
    bad |= curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)x) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)x) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)x) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HTTPGET, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
    /* Redirects are followed by hand (finish_hop) to see every hop's status
     * and to refuse other schemes before any request is made. */
    bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS) != CURLE_OK;
    /* Wait for a connection that can multiplex (HTTP/2) rather than open
     * another one to the same host. */
    bad |= curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_USERAGENT,
                            o->user_agent ? o->user_agent : CC_HTTP_USER_AGENT) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, remaining_timeout(x)) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_limit) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->low_speed_time) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_PREREQDATA, (void *)x) != CURLE_OK;
    if (x->headers) {
        bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers) != CURLE_OK;
    }
    /* Proxies: nothing here sets CURLOPT_PROXY or CURLOPT_NOPROXY, so libcurl
     * reads http_proxy, https_proxy, ALL_PROXY and NO_PROXY itself. */
    return bad ? CC_ERR : 0;
}

static void xfer_free(struct http_xfer *x)
{
    if (!x) {
        return;
    }
    if (x->easy) {
        curl_multi_remove_handle(x->run->multi, x->easy);
        curl_easy_cleanup(x->easy);
    }
    curl_slist_free_all(x->headers);
    cc_free(x->retry_after_raw);
    cc_free(x->req_key);
    cc_free(x->hop_host);
    cc_http_response_release(&x->resp);
    cc_free(x);
}

static void live_link(struct http_run *run, struct http_xfer *x)
{
    x->prev = NULL;
    x->next = run->live;
    if (run->live) {
        run->live->prev = x;
    }
    run->live = x;
}

static void live_unlink(struct http_run *run, struct http_xfer *x)
{
    if (x->prev) {
        x->prev->next = x->next;
    } else {
        run->live = x->next;
    }
    if (x->next) {
        x->next->prev = x->prev;
    }
    x->prev = NULL;
    x->next = NULL;
}

/* Reports request i through the callback with resp, outside any transfer. */
static int report(struct http_run *run, size_t i, struct cc_http_response *resp)
{
    return run->done(&run->reqs[i], resp, run->payload);
}

/* Lowercases the first letter of a libcurl message ("Failed to connect"),
 * leaving acronyms ("SSL ...") alone. */
static void lower_first(char *msg)
{
    if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z') {
        msg[0] = ascii_lower(msg[0]);
    }
}

static void set_transfer_error(struct http_xfer *x, CURLcode rc)
{
    const struct cc_http_options *o = x->run->opts;
    const char *url = x->run->reqs[x->index].url;
    struct cc_error *err = &x->resp.err;
    if (x->body_over || rc == CURLE_FILESIZE_EXCEEDED) {
        cc_error_set(err, CC_ETOOBIG, url, "body larger than %zu bytes", o->max_body);
        return;
    }
    if (x->headers_over) {
        cc_error_set(err, CC_ETOOBIG, url, "headers larger than %zu bytes", o->max_headers);
        return;
    }
    if (x->oom || rc == CURLE_OUT_OF_MEMORY) {
        cc_error_set(err, CC_ENOMEM, url, "out of memory");
        return;
    }
    if (x->local_refused) {
        char quoted[128];
        const char *h = x->hop_host ? x->hop_host : "";
        cc_error_quote(quoted, sizeof(quoted), h, strlen(h));
        cc_error_set(err, CC_EINVAL, url,
                     "redirect to '%s' refused: it resolves to the local address %s, "
                     "which the configuration does not name",
                     quoted, x->local_ip);
        return;
    }
    char msg[CURL_ERROR_SIZE];
    int n = snprintf(msg, sizeof(msg), "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
    if (n < 0) {
        msg[0] = '\0';
    }
    size_t len = strlen(msg);
    while (len > 0 && is_space(msg[len - 1])) {
        msg[--len] = '\0';
    }
    lower_first(msg);
    int code = CC_ENET;
    if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) {
        code = CC_EINVAL;
    }
    cc_error_set(err, code, url, "%s", msg);
}

static bool is_redirect_status(long code)
{
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

/* Fills the response of a finished transfer (final hop). */
static void finish_response(struct http_xfer *x, CURLcode rc)
{
    struct cc_http_response *r = &x->resp;
    const char *eff = NULL;
    if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) {
        cc_free(r->final_url);
        r->final_url = cc_strdup(eff);
        if (!r->final_url) {
            x->oom = true;
        }
    }
    const char *ct = NULL;
    if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) {
        if (cc_http_parse_content_type(&r->content_type, &r->charset, ct) != 0) {
            x->oom = true;
        }
    }
    if (x->retry_after_raw) {
        int64_t now = cc_clock_now(x->run->opts->clock);
        int64_t when = 0;
        if (cc_http_parse_retry_after(&when, x->retry_after_raw, now) == 0) {
            r->retry_after = when;
        }
    }
    r->elapsed_ms = cc_clock_mono_ms() - x->start_ms;
    if (rc != CURLE_OK || x->oom) {
        set_transfer_error(x, rc);
    }
}

static void count_wire_bytes(struct http_xfer *x)
{
    curl_off_t dl = 0;
    if (curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &dl) == CURLE_OK && dl > 0) {
        x->resp.wire_bytes += (uint64_t)dl;
    }
}

/* Applies the local-address rule to a redirect target (http.h,
 * cc_http_options.local_hosts) and sets up the next hop's checks: 0 to
 * follow, 1 when refused (the error is in x->resp.err), CC_ENOMEM. */
static int check_redirect(struct http_xfer *x, const struct cc_http_request *req,
                          const char *target)
{
    const struct cc_http_options *o = x->run->opts;
    if (!x->req_key) {
        if (url_host_port(&x->req_key, NULL, req->url) != 0) {
            return CC_ENOMEM;
        }
    }
    char *key = NULL;
    char *host = NULL;
    if (url_host_port(&key, &host, target) != 0) {
        return CC_ENOMEM;
    }
    /* A target libcurl cannot parse fails on its own at the next hop. */
    bool named = key && x->req_key && strcmp(key, x->req_key) == 0;
    for (size_t i = 0; key && !named && i < o->nlocal_hosts; i++) {
        named = o->local_hosts[i] && strcmp(key, o->local_hosts[i]) == 0;
    }
    bool own = key && x->req_key && strcmp(key, x->req_key) == 0;
    cc_free(key);
    cc_free(x->hop_host);
    x->hop_host = host;
    if (!named && host && cc_http_host_is_local(host)) {
        char quoted[128];
        cc_error_quote(quoted, sizeof(quoted), target, strlen(target));
        finish_response(x, CURLE_OK);
        cc_error_set(&x->resp.err, CC_EINVAL, req->url,
                     "redirect to '%s' refused: a local address the configuration does not name",
                     quoted);
        return 1;
    }
    x->hop_check_ip = !named;
    /* "insecure" is for the feed's own server: any other host is verified. */
    if (req->insecure) {
        bool bad = curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYPEER, own ? 0L : 1L) != CURLE_OK;
        bad |= curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYHOST, own ? 0L : 2L) != CURLE_OK;
        if (bad) {
            finish_response(x, CURLE_OK);
            cc_error_set(&x->resp.err, CC_ERR, req->url, "cannot restart the transfer");
            return 1;
        }
    }
    return 0;
}

/* Handles the end of one hop. Returns 1 when the transfer goes on (a
 * redirect was followed), 0 when it is finished, CC_ENOMEM/CC_ERR when it
 * could not be restarted (the error is then in x->resp.err). */
static int finish_hop(struct http_xfer *x, CURLcode rc)
{
    struct http_run *run = x->run;
    const struct cc_http_request *req = &run->reqs[x->index];
    long code = 0;
    if (curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK) {
        code = 0;
    }
    x->resp.status = (int)code;
    count_wire_bytes(x);
    const char *location = NULL;
    if (rc != CURLE_OK || !is_redirect_status(code) ||
        curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location) {
        finish_response(x, rc);
        return 0;
    }
    if (x->resp.redirects >= run->opts->max_redirects) {
        finish_response(x, CURLE_OK);
        cc_error_set(&x->resp.err, CC_ENET, req->url, "too many redirects (more than %d)",
                     run->opts->max_redirects);
        return 0;
    }
    if (!is_http_url(location)) {
        char quoted[128];
        cc_error_quote(quoted, sizeof(quoted), location, strlen(location));
        finish_response(x, CURLE_OK);
        cc_error_set(&x->resp.err, CC_EINVAL, req->url,
                     "redirect to '%s' refused: only http and https are followed", quoted);
        return 0;
    }
    int lc = check_redirect(x, req, location);
    if (lc == 1) {
        return 0;
    }
    char *target = lc == 0 ? cc_strdup(location) : NULL;
    if (!target) {
        x->oom = true;
        finish_response(x, CURLE_OUT_OF_MEMORY);
        return CC_ENOMEM;
    }
    if (x->permanent_prefix && (code == 301 || code == 308)) {
        cc_free(x->resp.permanent_url);
        x->resp.permanent_url = cc_strdup(target);
        if (!x->resp.permanent_url) {
            cc_free(target);
            x->oom = true;
            finish_response(x, CURLE_OUT_OF_MEMORY);
            return CC_ENOMEM;
        }
    } else {
        x->permanent_prefix = false;
    }
    x->resp.redirects++;
    /* Next hop: fresh per-response state, same handle (its connection goes
     * back to the pool and is reused when the host is the same). */
    curl_multi_remove_handle(run->multi, x->easy);
    cc_buf_reset(&x->resp.body);
    x->header_bytes = 0;
    x->errbuf[0] = '\0';
    cc_free(x->retry_after_raw);
    x->retry_after_raw = NULL;
    cc_free(x->resp.etag);
    x->resp.etag = NULL;
    cc_free(x->resp.last_modified);
    x->resp.last_modified = NULL;
    bool bad = curl_easy_setopt(x->easy, CURLOPT_URL, target) != CURLE_OK;
    bad |= curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, remaining_timeout(x)) != CURLE_OK;
    cc_free(target);
    if (bad || curl_multi_add_handle(run->multi, x->easy) != CURLM_OK) {
        finish_response(x, CURLE_OK);
        cc_error_set(&x->resp.err, CC_ERR, req->url, "cannot restart the transfer");
        return CC_ERR;
    }
    return 1;
}

/* Starts request i (of host h); a request that cannot start is reported at
 * once. Returns 0 or the callback's stop code / CC_ENOMEM. */
static int start_one(struct http_run *run, size_t i, size_t h)
{
    const struct cc_http_request *req = &run->reqs[i];
    struct http_xfer *x = cc_calloc(1, sizeof(*x));
    if (!x) {
        return CC_ENOMEM;
    }
    x->run = run;
    x->index = i;
    x->host = h;
    x->permanent_prefix = true;
    x->start_ms = cc_clock_mono_ms();
    cc_http_response_init(&x->resp);
    cc_buf_init(&x->resp.body, run->opts->max_body);
    run->started++;
    if (!req->url || !is_http_url(req->url)) {
        const char *u = req->url ? req->url : "";
        cc_error_set(&x->resp.err, CC_EINVAL, u, "not an http or https URL");
        int rc = report(run, i, &x->resp);
        xfer_free(x);
        return rc;
    }
    x->easy = curl_easy_init();
    int rc = x->easy ? setup_easy(x, req) : CC_ENOMEM;
    if (rc == 0 && curl_multi_add_handle(run->multi, x->easy) != CURLM_OK) {
        rc = CC_ERR;
    }
    if (rc != 0) {
        curl_easy_cleanup(x->easy);
        x->easy = NULL;
        cc_error_set(&x->resp.err, rc, req->url, "cannot set up the transfer");
        rc = report(run, i, &x->resp);
        xfer_free(x);
        return rc;
    }
    run->active++;
    run->hosts[h].active++;
    live_link(run, x);
    return 0;
}

/* Starts transfers while there is room, round-robin over hosts that are
 * under their per-host limit. */
static int fill(struct http_run *run)
{
    while (run->active < run->opts->jobs && run->started < run->nreqs) {
        bool found = false;
        for (size_t k = 0; k < run->nhosts; k++) {
            size_t h = (run->cursor + k) % run->nhosts;
            struct http_host *host = &run->hosts[h];
            if (host->next < host->count && host->active < run->opts->per_host) {
                size_t i = run->order[host->first + host->next];
                host->next++;
                run->cursor = (h + 1) % run->nhosts;
                int rc = start_one(run, i, h);
                if (rc != 0) {
                    return rc;
                }
                found = true;
                break;
            }
        }
        if (!found) {
            break;
        }
    }
    return 0;
}

struct key_index {
    char *key;
    size_t index;
};

static int cmp_key_index(const void *a, const void *b)
{
    const struct key_index *x = a;
    const struct key_index *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0) {
        return c;
    }
    return (x->index > y->index) - (x->index < y->index);
}

/* Groups the requests by host into run->order / run->hosts. */
static int group_hosts(struct http_run *run)
{
    int rc = 0;
    size_t n = run->nreqs;
    struct key_index *ki = cc_calloc(n ? n : 1, sizeof(*ki));
    run->order = cc_calloc(n ? n : 1, sizeof(*run->order));
    run->hosts = cc_calloc(n ? n : 1, sizeof(*run->hosts));
    if (!ki || !run->order || !run->hosts) {
        rc = CC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        ki[i].index = i;
        ki[i].key = host_key(run->reqs[i].url ? run->reqs[i].url : "");
        if (!ki[i].key) {
            rc = CC_ENOMEM;
            goto out;
        }
    }
    cc_sort(ki, n, sizeof(*ki), cmp_key_index);
    for (size_t i = 0; i < n; i++) {
        run->order[i] = ki[i].index;
        if (run->nhosts == 0 || strcmp(run->hosts[run->nhosts - 1].key, ki[i].key) != 0) {
            struct http_host *h = &run->hosts[run->nhosts++];
            h->key = ki[i].key;
            ki[i].key = NULL; /* now owned by the host */
            h->first = i;
        }
        run->hosts[run->nhosts - 1].count++;
    }
out:
    if (ki) {
        for (size_t i = 0; i < n; i++) {
            cc_free(ki[i].key);
        }
    }
    cc_free(ki);
    return rc;
}

static void run_release(struct http_run *run)
{
    if (run->multi) {
        /* Drop transfers still in flight (a stopped run). */
        while (run->live) {
            struct http_xfer *x = run->live;
            live_unlink(run, x);
            xfer_free(x);
        }
        curl_multi_cleanup(run->multi);
        run->multi = NULL;
    }
    for (size_t i = 0; i < run->nhosts; i++) {
        cc_free(run->hosts[i].key);
    }
    cc_free(run->hosts);
    cc_free(run->order);
}

/* Reads finished transfers: follows redirects, reports the others. */
static int drain(struct http_run *run)
{
    CURLMsg *msg = NULL;
    int left = 0;
    while ((msg = curl_multi_info_read(run->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) {
            continue;
        }
        struct http_xfer *x = NULL;
        CURL *easy = msg->easy_handle;
        CURLcode result = msg->data.result;
        if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x) != CURLE_OK || !x) {
            return CC_ERR;
        }
        int hop = finish_hop(x, result);
        if (hop == 1) {
            continue;
        }
        run->active--;
        run->hosts[x->host].active--;
        live_unlink(run, x);
        int rc = report(run, x->index, &x->resp);
        xfer_free(x);
        if (rc != 0) {
            return rc;
        }
        rc = fill(run);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

int cc_http_run(const struct cc_http_request *reqs, size_t nreqs,
                const struct cc_http_options *opts, cc_http_done_fn done, void *payload,
                struct cc_error *err)
{
    struct cc_http_options defaults;
    if (!opts) {
        cc_http_options_init(&defaults);
        opts = &defaults;
    }
    struct cc_http_options o = *opts;
    o.jobs = o.jobs ? o.jobs : 1;
    o.per_host = o.per_host ? o.per_host : 1;
    o.max_body = o.max_body ? o.max_body : CC_HTTP_DEFAULT_MAX_BODY;
    o.max_headers = o.max_headers ? o.max_headers : CC_HTTP_DEFAULT_MAX_HEADERS;
    o.max_redirects = o.max_redirects < 0 ? 0 : o.max_redirects;
    o.low_speed_time = o.low_speed_time < 1 ? 1 : o.low_speed_time;
    struct http_run run = {0};
    run.opts = &o;
    run.reqs = reqs;
    run.nreqs = nreqs;
    run.done = done;
    run.payload = payload;
    static const char *const proxy_vars[] = {"http_proxy", "https_proxy", "HTTPS_PROXY",
                                             "all_proxy", "ALL_PROXY"};
    for (size_t i = 0; i < CC_ARRAY_LEN(proxy_vars); i++) {
        const char *v = getenv(proxy_vars[i]);
        run.proxied |= v && v[0];
    }
    int rc = group_hosts(&run);
    if (rc != 0) {
        cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    run.multi = curl_multi_init();
    if (!run.multi) {
        rc = cc_error_set(err, CC_ERR, NULL, "cannot initialise libcurl");
        goto out;
    }
    if (curl_multi_setopt(run.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o.per_host) != CURLM_OK) {
        rc = cc_error_set(err, CC_ERR, NULL, "cannot limit connections per host");
        goto out;
    }
    rc = fill(&run);
    while (rc == 0 && run.active > 0) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(run.multi, &running);
        if (mc != CURLM_OK) {
            rc = cc_error_set(err, CC_ERR, NULL, "transfer loop failed: %s",
                              curl_multi_strerror(mc));
            break;
        }
        rc = drain(&run);
        if (rc != 0 || run.active == 0) {
            break;
        }
        mc = curl_multi_poll(run.multi, NULL, 0, HTTP_POLL_MS, NULL);
        if (mc != CURLM_OK) {
            rc = cc_error_set(err, CC_ERR, NULL, "transfer loop failed: %s",
                              curl_multi_strerror(mc));
        }
    }
    if (rc != 0 && !cc_error_is_set(err)) {
        cc_error_set(err, rc, NULL, "%s", cc_status_str(rc));
    }
out:
    run_release(&run);
    return rc;
}

struct get_state {
    struct cc_http_response *out;
};

static int get_done(const struct cc_http_request *req, struct cc_http_response *resp, void *payload)
{
    (void)req;
    struct get_state *st = payload;
    cc_http_response_release(st->out);
    *st->out = *resp;
    cc_http_response_init(resp); /* moved into *st->out */
    return 0;
}

int cc_http_get(struct cc_http_response *resp, const struct cc_http_request *req,
                const struct cc_http_options *opts, struct cc_error *err)
{
    struct get_state st = {resp};
    struct cc_http_options o;
    if (opts) {
        o = *opts;
    } else {
        cc_http_options_init(&o);
    }
    o.jobs = 1;
    int rc = cc_http_run(req, 1, &o, get_done, &st, err);
    if (rc != 0) {
        return rc;
    }
    if (resp->err.code != 0) {
        if (err && !cc_error_is_set(err)) {
            *err = resp->err;
        }
        return resp->err.code;
    }
    if ((resp->status >= 200 && resp->status < 300) || resp->status == 304) {
        return 0;
    }
    return cc_error_set(err, CC_ENET, req->url, "server answered HTTP %d", resp->status);
}
