/*
 * http.h: polite, bounded HTTP(S) GETs over libcurl (multi interface).
 *
 * Owns: running many GETs at once (a cap on transfers in flight and on
 * connections per host, keep-alive reuse, HTTP/2 when offered, compressed
 * responses), conditional GET headers, redirects followed by hand (at most
 * N hops, http/https only, never to a local address the caller did not
 * name, the 301/308 prefix of a chain reported as the new permanent URL), timeouts and a low-speed
 * limit, caps on the body (after decompression) and on the headers, Retry-After parsing, TLS
 * verification. Does not: parse feeds, touch the store, decide backoff (core/fetch does), read
 * files (file:// is refused here; core/fetch reads config-named files). Calls: core primitives
 * (alloc, buf, error, clock), libcurl (privately). curl_global_init must have run (cmd/main.c does
 * it).
 */
#ifndef CC_FETCHERS_HTTP_H
#define CC_FETCHERS_HTTP_H

#include "core/common.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/error.h"

/* Transfers at once. Issue 3 named 16, but its own benchmark (1,000
 * conditional GETs answered after 100 ms each) then takes 1000 x 0.1 / 16 =
 * 6.25 s at best against its 5 s target; 32 takes 3.3 s and still opens at
 * most CC_HTTP_DEFAULT_PER_HOST connections to any one host, the limit that
 * keeps a fetch polite (docs/BENCHMARKS.md, "fetch"). */
#define CC_HTTP_DEFAULT_JOBS 32
#define CC_HTTP_DEFAULT_PER_HOST 2
#define CC_HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define CC_HTTP_DEFAULT_TIMEOUT_MS 60000L
/* A transfer slower than LIMIT bytes/s for TIME seconds is aborted. */
#define CC_HTTP_DEFAULT_LOW_SPEED_LIMIT 100L
#define CC_HTTP_DEFAULT_LOW_SPEED_TIME 20L
#define CC_HTTP_DEFAULT_MAX_BODY ((size_t)16 * 1024 * 1024)
#define CC_HTTP_DEFAULT_MAX_HEADERS ((size_t)256 * 1024)
#define CC_HTTP_DEFAULT_MAX_REDIRECTS 5
#define CC_HTTP_PROJECT_URL "https://github.com/credcheck/credcheck"
#define CC_HTTP_USER_AGENT "credcheck/" CC_VERSION " (+" CC_HTTP_PROJECT_URL ")"
/* Accept header for feeds (cc_http_request.accept). */
#define CC_HTTP_ACCEPT_FEEDS                                                                       \
    "application/rss+xml, application/atom+xml, application/feed+json, "                           \
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

/* Limits and politeness. Fill with cc_http_options_init, then change fields. */
struct cc_http_options {
    size_t jobs;                  /* transfers in flight at once (>= 1) */
    size_t per_host;              /* transfers/connections per host at once (>= 1) */
    long connect_timeout_ms;      /* per connection attempt */
    long timeout_ms;              /* whole transfer, redirects included */
    long low_speed_limit;         /* bytes per second ... */
    long low_speed_time;          /* ... for this many seconds aborts the transfer */
    size_t max_body;              /* bytes after decompression; passing it aborts */
    size_t max_headers;           /* bytes of header lines per response */
    int max_redirects;            /* hops followed; one more is an error */
    const char *user_agent;       /* borrowed; NULL: CC_HTTP_USER_AGENT */
    const struct cc_clock *clock; /* borrowed; turns Retry-After into UTC; NULL: system */
    /* A redirect to a loopback, private or link-local address (by its URL,
     * or by the address its name resolves to) is refused unless it goes to
     * the host:port of its own request or to one of these keys
     * (cc_http_host_port; core/fetch passes every feed host of the
     * registry). Borrowed; NULL / 0: only the request's own. */
    const char *const *local_hosts;
    size_t nlocal_hosts;
};

/* One GET. All strings are borrowed for the duration of the call. */
struct cc_http_request {
    const char *url;           /* http:// or https:// (anything else fails, CC_EINVAL) */
    const char *etag;          /* sent as If-None-Match, or NULL */
    const char *last_modified; /* sent as If-Modified-Since, or NULL */
    const char *accept;        /* Accept header, or NULL: none sent */
    bool insecure;             /* do not verify the TLS certificate and host name */
    void *payload;             /* the caller's, untouched */
};

/* The outcome of one GET. Every char * is owned by the response (NULL =
 * absent); a callback may take one by setting the field to NULL, or take the
 * body with cc_buf_detach. */
struct cc_http_response {
    int status;          /* final HTTP status; 0 when no response arrived */
    struct cc_buf body;  /* decompressed body of the final response */
    char *final_url;     /* URL the final response came from */
    char *permanent_url; /* target of the leading 301/308 hops (NULL: the chain
                          * did not start with a permanent redirect) */
    char *content_type;  /* media type, lowercase, without parameters */
    char *charset;       /* charset parameter of Content-Type, as sent */
    char *etag;          /* ETag of the final response */
    char *last_modified; /* Last-Modified of the final response */
    int64_t retry_after; /* Retry-After as UTC seconds; CC_TIME_NONE when absent or bad */
    int redirects;       /* hops followed */
    uint64_t wire_bytes; /* bytes received on the wire (compressed), all hops */
    int64_t elapsed_ms;  /* from the start of the transfer to its end */
    struct cc_error err; /* code != 0 when the transfer failed: CC_ENET
                          * (connection, timeout, reset, TLS, too many redirects),
                          * CC_ETOOBIG (body or header cap), CC_EINVAL (bad URL, a
                          * redirect to another scheme), CC_ENOMEM. Subject: the URL */
};

/* Called once per request when it ends, failed or not. resp is valid only
 * during the call. Return 0 to go on, or a negative CC_E* code to stop the
 * whole run (cc_http_run then returns that code). */
typedef int (*cc_http_done_fn)(const struct cc_http_request *req, struct cc_http_response *resp,
                               void *payload);

/* Defaults: CC_HTTP_DEFAULT_*. Cannot fail. */
void cc_http_options_init(struct cc_http_options *opts);

/* Empty response (status 0, retry_after CC_TIME_NONE). Cannot fail. */
void cc_http_response_init(struct cc_http_response *resp);
/* Frees what the response owns and re-initialises it. Accepts NULL. */
void cc_http_response_release(struct cc_http_response *resp);

/* Runs all requests concurrently within opts (NULL: defaults), spreading the
 * transfers over hosts so no host gets more than opts->per_host at once, and
 * calls done for each as it ends. A failed transfer is reported through
 * resp->err, not through the return value. Returns 0 when every request was
 * reported, CC_ENOMEM / CC_ERR when the transfer machinery cannot start, or
 * the first negative code done returned (remaining transfers are dropped
 * unreported). */
CC_NODISCARD int cc_http_run(const struct cc_http_request *reqs, size_t nreqs,
                             const struct cc_http_options *opts, cc_http_done_fn done,
                             void *payload, struct cc_error *err);

/* One GET with the same limits. *resp must have been initialised; it is
 * filled (also on failure, as far as the transfer got) and the caller
 * releases it. Returns 0 for a 2xx or a 304 response; CC_ENET when the
 * transfer failed or the server answered another status ("HTTP 404"),
 * CC_ETOOBIG, CC_EINVAL, CC_ENOMEM. The error's subject is the URL. */
CC_NODISCARD int cc_http_get(struct cc_http_response *resp, const struct cc_http_request *req,
                             const struct cc_http_options *opts, struct cc_error *err);

/* Parses a Retry-After value (delta-seconds or an HTTP-date) received at
 * now into UTC seconds. Errors: CC_EINVAL. */
CC_NODISCARD int cc_http_parse_retry_after(int64_t *out, const char *value, int64_t now);

/* The "host:port" key of an http(s) URL as redirect checks compare them:
 * lowercase, IPv4 in any numeric form written as dotted decimal, IPv6 in
 * brackets, the scheme's default port filled in. *out (caller frees with
 * cc_free) is NULL when url is not an http(s) URL with a host. Errors:
 * CC_ENOMEM. */
CC_NODISCARD int cc_http_host_port(char **out, const char *url);

/* True when host (a name or an address literal, IPv6 with or without
 * brackets) is "localhost", a name under .localhost, or a loopback,
 * private, link-local, carrier-grade NAT or unspecified address. */
bool cc_http_host_is_local(const char *host);

/* Splits a Content-Type value into a lowercase media type and the charset
 * parameter (quotes removed). Either output may be NULL on success when the
 * part is absent; the caller frees both with cc_free. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_http_parse_content_type(char **type_out, char **charset_out, const char *value);

#endif
