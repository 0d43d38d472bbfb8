#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/url.h"

static void canonical_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } rows[] = {
        {"https://www.Example.COM/a/b?x=1", "https://www.example.com/a/b?x=1"},
        {"HTTP://Example.com", "http://example.com/"},
        {"http://example.com:80/p", "http://example.com/p"},
        {"https://example.com:443/p", "https://example.com/p"},
        {"https://example.com:8443/p", "https://example.com:8443/p"},
        {"http://example.com:0080/p", "http://example.com/p"},
        {"https://example.com/p#section-2", "https://example.com/p"},
        {"https://example.com/p?utm_source=rss&utm_medium=feed", "https://example.com/p"},
        {"https://example.com/p?id=7&utm_source=rss&page=2", "https://example.com/p?id=7&page=2"},
        {"https://www.bbc.co.uk/news/world-1?at_medium=RSS&at_campaign=KARANGA",
         "https://www.bbc.co.uk/news/world-1"},
        {"https://x.com/a?traffic_source=rss&fbclid=abc&gclid=1&id=3", "https://x.com/a?id=3"},
        {"https://x.com/a?UTM_Source=x&Ref=2", "https://x.com/a?Ref=2"},
        {"https://x.com/a?", "https://x.com/a"},
        {"https://x.com/a?&&id=1&", "https://x.com/a?id=1"},
        {"https://x.com/a?utm=1", "https://x.com/a?utm=1"},
        {"https://x.com/a%2fb%c3%a9", "https://x.com/a%2Fb%C3%A9"},
        {"https://x.com/a b", "https://x.com/a%20b"},
        {"  https://x.com/a  ", "https://x.com/a"},
        {"https://example.com./p", "https://example.com/p"},
        {"https://User:Pw@Example.com/p", "https://User:Pw@example.com/p"},
        {"http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"},
        {"https://x.com/a?q=a%2bb&CMP=share", "https://x.com/a?q=a%2Bb"},
        {"https://x.com/a?mc_cid=1&mc_eid=2&ns_campaign=3&ocid=4&smid=5", "https://x.com/a"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_buf b = CC_BUF_INIT;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_url_canonical(&b, rows[i].in, strlen(rows[i].in), &err);
        if (rc != 0 || strcmp(b.buf, rows[i].want) != 0) {
            fail_msg("row %zu '%s': rc %d got '%s' want '%s'", i, rows[i].in, rc, b.buf,
                     rows[i].want);
        }
        cc_buf_release(&b);
    }
}

static void canonical_rejects_non_urls_with_subject(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "example.com/a",
        "/relative/path",
        "https:/x.com",
        "https://",
        "https://:80/",
        "https://x.com:99999/",
        "https://x.com:8a/",
        "1http://x.com/",
        "https://x.com/\x01",
        "https://[::1/",
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(bad); i++) {
        struct cc_buf b = CC_BUF_INIT;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_url_canonical(&b, bad[i], strlen(bad[i]), &err);
        if (rc != CC_EINVAL || b.len != 0) {
            fail_msg("row %zu '%s': rc %d, out '%s'", i, bad[i], rc, b.buf);
        }
        assert_int_equal(err.code, CC_EINVAL);
        assert_non_null(strstr(err.msg, "not an absolute URL"));
        cc_buf_release(&b);
    }
    struct cc_error err = CC_ERROR_INIT;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_url_canonical(&b, "no-scheme", 9, &err), CC_EINVAL);
    assert_string_equal(err.subject, "no-scheme");
    cc_buf_release(&b);
}

static void canonical_appends_to_existing_content(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&b, "l:"), 0);
    assert_int_equal(cc_url_canonical(&b, "https://X.com/a#f", 17, NULL), 0);
    assert_string_equal(b.buf, "l:https://x.com/a");
    /* A failure leaves what was there. */
    assert_int_equal(cc_url_canonical(&b, "nope", 4, NULL), CC_EINVAL);
    assert_string_equal(b.buf, "l:https://x.com/a");
    cc_buf_release(&b);
}

static void host_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } rows[] = {
        {"https://WWW.Reuters.com/world/x?utm_source=1", "www.reuters.com"},
        {"http://user:pw@example.org:8080/", "example.org"},
        {"https://arabnews.pk.", "arabnews.pk"},
        {"https://[::1]:8080/feed", "::1"},
        {"http://127.0.0.5:4000", "127.0.0.5"},
        {"https://economictimes.indiatimes.com?x", "economictimes.indiatimes.com"},
        {"https://a.b#frag", "a.b"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_buf b = CC_BUF_INIT;
        int rc = cc_url_host(&b, rows[i].in, strlen(rows[i].in), NULL);
        if (rc != 0 || strcmp(b.buf, rows[i].want) != 0) {
            fail_msg("row %zu '%s': rc %d got '%s'", i, rows[i].in, rc, b.buf);
        }
        cc_buf_release(&b);
    }
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_url_host(&b, "arabnews.pk", 11, NULL), CC_EINVAL);
    cc_buf_release(&b);
}

static void split_parts(void **state)
{
    (void)state;
    const char *u = "https://me@Host.com:8080/p/q?a=1#top";
    struct cc_url_parts p;
    assert_int_equal(cc_url_split(&p, u, strlen(u)), 0);
    assert_int_equal(p.scheme_len, 5);
    assert_true(p.has_userinfo);
    assert_memory_equal(u + p.userinfo_off, "me", 2);
    assert_int_equal(p.host_len, 8);
    assert_memory_equal(u + p.host_off, "Host.com", 8);
    assert_true(p.has_port);
    assert_memory_equal(u + p.port_off, "8080", 4);
    assert_int_equal(p.path_len, 4);
    assert_memory_equal(u + p.path_off, "/p/q", 4);
    assert_true(p.has_query);
    assert_memory_equal(u + p.query_off, "a=1", 3);
    assert_true(p.has_fragment);
    assert_memory_equal(u + p.fragment_off, "top", 3);

    const char *v = "http://h";
    assert_int_equal(cc_url_split(&p, v, strlen(v)), 0);
    assert_false(p.has_port || p.has_query || p.has_fragment || p.has_userinfo);
    assert_int_equal(p.path_len, 0);
}

static void tracking_params(void **state)
{
    (void)state;
    static const char *const yes[] = {"utm_source", "UTM_CAMPAIGN", "at_medium",      "at_campaign",
                                      "fbclid",     "gclid",        "traffic_source", "CMP"};
    static const char *const no[] = {"utm", "at", "id", "page", "q", "ref", "ns", "source"};
    for (size_t i = 0; i < CC_ARRAY_LEN(yes); i++) {
        if (!cc_url_is_tracking_param(yes[i], strlen(yes[i]))) {
            fail_msg("'%s' should be tracking", yes[i]);
        }
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(no); i++) {
        if (cc_url_is_tracking_param(no[i], strlen(no[i]))) {
            fail_msg("'%s' should not be tracking", no[i]);
        }
    }
    assert_true(cc_url_is_http("HTTPS://x", 9));
    assert_true(cc_url_is_http("http://x", 8));
    assert_false(cc_url_is_http("ftp://x", 7));
    assert_false(cc_url_is_http("https:", 6));
}

static void canonical_out_of_memory_fails_cleanly(void **state)
{
    (void)state;
    const char *u = "https://www.example.com/a/very/long/path?id=1&utm_source=x&page=2";
    for (size_t n = 1;; n++) {
        struct cc_buf b = CC_BUF_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_url_canonical(&b, u, strlen(u), NULL);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_string_equal(b.buf, "https://www.example.com/a/very/long/path?id=1&page=2");
            cc_buf_release(&b);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(b.len, 0);
        cc_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_table),
        cmocka_unit_test(canonical_rejects_non_urls_with_subject),
        cmocka_unit_test(canonical_appends_to_existing_content),
        cmocka_unit_test(host_table),
        cmocka_unit_test(split_parts),
        cmocka_unit_test(tracking_params),
        cmocka_unit_test(canonical_out_of_memory_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
