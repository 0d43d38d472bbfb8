/*
 * url.h: URL splitting and canonicalisation for item identity and hosts.
 *
 * Owns: splitting an absolute URL into its parts (RFC 3986 generic syntax,
 * lenient on input seen in feeds), the canonical form used for item
 * identity (scheme and host lowercased, default port, fragment and tracking
 * parameters dropped), and host extraction.
 * Does not: resolve relative references, fetch, or IDNA-encode hosts.
 * Layer 1 helper; calls only core primitives (buf, error).
 */
#ifndef CC_CORE_URL_H
#define CC_CORE_URL_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

/* Byte ranges into the string given to cc_url_split (off, len); a part that
 * is absent has has_<part> false (an empty query "?" is present, len 0). */
struct cc_url_parts {
    size_t scheme_off, scheme_len;     /* without ':' */
    size_t userinfo_off, userinfo_len; /* without '@' */
    size_t host_off, host_len;         /* without brackets for IPv6 literals */
    size_t port_off, port_len;         /* digits only */
    size_t path_off, path_len;         /* may be empty */
    size_t query_off, query_len;       /* without '?' */
    size_t fragment_off, fragment_len; /* without '#' */
    bool has_userinfo, has_port, has_query, has_fragment;
    bool ipv6; /* host was [..] */
};

/* Splits an absolute URL with an authority ("scheme://host..."). Leading and
 * trailing ASCII whitespace is not allowed (trim first). Errors: CC_EINVAL
 * (no scheme, no "//", empty host, bad port, control characters). */
CC_NODISCARD int cc_url_split(struct cc_url_parts *out, const char *url, size_t len);

/* Appends the canonical form of url: surrounding whitespace trimmed; scheme
 * and host lowercased; a trailing dot of the host dropped; the default port
 * (http 80, https 443) dropped; an empty path becomes "/"; percent-escapes
 * get uppercase hex; tracking parameters (cc_url_is_tracking_param) removed
 * from the query, the rest kept in order ("?" dropped when none is left);
 * fragment dropped. Errors: CC_EINVAL (not an absolute URL with a host;
 * err names the quoted URL), CC_ENOMEM. */
CC_NODISCARD int cc_url_canonical(struct cc_buf *out, const char *url, size_t len,
                                  struct cc_error *err);

/* Appends the lowercase host of url (no port, userinfo or trailing dot; an
 * IPv6 literal without brackets). Errors: CC_EINVAL, CC_ENOMEM. */
CC_NODISCARD int cc_url_host(struct cc_buf *out, const char *url, size_t len, struct cc_error *err);

/* True when the query parameter name (ASCII case-insensitive) is a known
 * tracking parameter: prefixes utm_, at_ (BBC/AT Internet), ns_ (comScore);
 * names fbclid, gclid, gclsrc, dclid, msclkid, mc_cid, mc_eid, igshid, yclid,
 * twclid, traffic_source, cmpid, ocid, smid, cmp, _ga, _gl, __twitter_impression. */
bool cc_url_is_tracking_param(const char *name, size_t len);

/* True when url starts with "http://" or "https://" (ASCII case-insensitive). */
bool cc_url_is_http(const char *url, size_t len);

#endif
