/* Tests for fetchers/http against the loopback server (tests/server/ccserver.py). */
#include "core/common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "core/alloc.h"
#include "fetchers/http.h"
#include "core/banned.h"

static pid_t server_pid = -1;
static int server_port = 0;

static int start_server(void **state)
{
    (void)state;
    int fds[2];
    if (pipe(fds) != 0) {
        return -1;
    }
    char script[4096];
    int n = snprintf(script, sizeof(script), "%s/tests/server/ccserver.py", CC_SOURCE_DIR);
    if (n < 0 || (size_t)n >= sizeof(script)) {
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execlp("python3", "python3", script, "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[32] = {0};
    size_t got = 0;
    while (got < sizeof(line) - 1) {
        ssize_t r = read(fds[0], line + got, 1);
        if (r <= 0 || line[got] == '\n') {
            break;
        }
        got++;
    }
    close(fds[0]);
    line[got] = '\0';
    server_pid = pid;
    server_port = (int)strtol(line, NULL, 10);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        return -1;
    }
    return server_port > 0 ? 0 : -1;
}

static int stop_server(void **state)
{
    (void)state;
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
    }
    curl_global_cleanup();
    return 0;
}

static void url_for(char *out, size_t outlen, const char *path)
{
    int n = snprintf(out, outlen, "http://127.0.0.1:%d%s", server_port, path);
    assert_true(n > 0 && (size_t)n < outlen);
}

/* Short limits so failing scenarios end in about a second. */
static void fast_options(struct cc_http_options *o)
{
    cc_http_options_init(o);
    o->timeout_ms = 1500;
    o->connect_timeout_ms = 1000;
    o->low_speed_limit = 1000;
    o->low_speed_time = 1;
}

static int get_with(struct cc_http_response *resp, const char *path, const char *etag,
                    const char *lm, const struct cc_http_options *o, struct cc_error *err)
{
    char url[256];
    url_for(url, sizeof(url), path);
    struct cc_http_request req = {url, etag, lm, CC_HTTP_ACCEPT_FEEDS, false, NULL};
    cc_http_response_init(resp);
    return cc_http_get(resp, &req, o, err);
}

static int get(struct cc_http_response *resp, const char *path, const char *etag, const char *lm,
               struct cc_error *err)
{
    struct cc_http_options o;
    fast_options(&o);
    return get_with(resp, path, etag, lm, &o, err);
}

static void plain_feed_is_fetched(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/feed?tag=a&n=2", NULL, NULL, &err), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.buf, "<guid isPermaLink=\"false\">a-2</guid>"));
    assert_string_equal(r.content_type, "application/rss+xml");
    assert_string_equal(r.charset, "utf-8");
    assert_non_null(strstr(r.final_url, "/feed?tag=a&n=2"));
    assert_null(r.permanent_url);
    assert_int_equal(r.redirects, 0);
    assert_true(r.wire_bytes == r.body.len);
    cc_http_response_release(&r);
}

static void etag_gives_304(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/etag", NULL, NULL, &err), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.etag, "\"v1-feed\"");
    cc_http_response_release(&r);
    assert_int_equal(get(&r, "/etag", "\"v1-feed\"", NULL, &err), 0);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    cc_http_response_release(&r);
}

static void last_modified_gives_304(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/lastmod", NULL, NULL, &err), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
    cc_http_response_release(&r);
    assert_int_equal(get(&r, "/lastmod", NULL, "Wed, 21 Oct 2015 07:28:00 GMT", &err), 0);
    assert_int_equal(r.status, 304);
    cc_http_response_release(&r);
}

static void permanent_redirects_report_new_url(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        const char *permanent; /* suffix of permanent_url, NULL: none */
        int redirects;
    } rows[] = {
        {"/redirect/301/feed?tag=p", "/feed?tag=p", 1},
        {"/redirect/308/feed?tag=p", "/feed?tag=p", 1},
        {"/redirect/301/redirect/308/feed?tag=p", "/feed?tag=p", 2},
        {"/redirect/302/feed?tag=p", NULL, 1},
        {"/redirect/307/feed?tag=p", NULL, 1},
        {"/redirect/302/redirect/301/feed?tag=p", NULL, 2},
        {"/redirect/301/redirect/302/feed?tag=p", "/redirect/302/feed?tag=p", 2},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_http_response r;
        struct cc_error err = CC_ERROR_INIT;
        int rc = get(&r, rows[i].path, NULL, NULL, &err);
        if (rc != 0 || r.status != 200 || r.redirects != rows[i].redirects) {
            fail_msg("row %zu: rc %d status %d redirects %d", i, rc, r.status, r.redirects);
        }
        assert_non_null(strstr(r.final_url, "/feed?tag=p"));
        if (rows[i].permanent) {
            assert_non_null(r.permanent_url);
            size_t pl = strlen(r.permanent_url);
            size_t sl = strlen(rows[i].permanent);
            if (pl < sl || strcmp(r.permanent_url + pl - sl, rows[i].permanent) != 0) {
                fail_msg("row %zu: permanent_url %s", i, r.permanent_url);
            }
        } else if (r.permanent_url) {
            fail_msg("row %zu: unexpected permanent_url %s", i, r.permanent_url);
        }
        cc_http_response_release(&r);
    }
}

static void redirect_loop_stops_after_five(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/loop", NULL, NULL, &err), CC_ENET);
    assert_non_null(strstr(err.msg, "too many redirects (more than 5)"));
    assert_non_null(strstr(err.subject, "/loop"));
    assert_int_equal(r.redirects, 5);
    cc_http_response_release(&r);
}

static void redirect_to_file_is_refused(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/redirect-file", NULL, NULL, &err), CC_EINVAL);
    assert_string_equal(err.msg,
                        "redirect to 'file:///etc/passwd' refused: only http and https are "
                        "followed");
    assert_int_equal(r.status, 302);
    assert_int_equal(r.body.len, 0);
    cc_http_response_release(&r);
}

/* Redirects to local addresses: refused unless the target is the request's
 * own host:port or named in opts.local_hosts (docs/SECURITY.md). */
static void redirect_to_unnamed_local_port_is_refused(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    const char *path = "/redirect-to?u=http%3A%2F%2F127.0.0.1%3A1%2Ffeed";
    assert_int_equal(get(&r, path, NULL, NULL, &err), CC_EINVAL);
    assert_string_equal(err.msg, "redirect to 'http://127.0.0.1:1/feed' refused: a local address "
                                 "the configuration does not name");
    assert_int_equal(r.status, 302);
    cc_http_response_release(&r);
    /* Named: followed (and then nothing listens on port 1). */
    const char *named[] = {"127.0.0.1:1"};
    struct cc_http_options o;
    fast_options(&o);
    o.local_hosts = named;
    o.nlocal_hosts = 1;
    struct cc_error err2 = CC_ERROR_INIT;
    assert_int_equal(get_with(&r, path, NULL, NULL, &o, &err2), CC_ENET);
    assert_null(strstr(err2.msg, "refused: a local address"));
    cc_http_response_release(&r);
    /* The request's own host:port is always fine. */
    struct cc_error err3 = CC_ERROR_INIT;
    char same[256];
    snprintf(same, sizeof(same),
             "/redirect-to?u=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Ffeed%%3Ftag%%3Ds", server_port);
    assert_int_equal(get(&r, same, NULL, NULL, &err3), 0);
    assert_int_equal(r.redirects, 1);
    cc_http_response_release(&r);
}

static void local_hosts_are_recognised(void **state)
{
    (void)state;
    static const struct {
        const char *host;
        bool local;
    } cases[] = {
        {"localhost", true},
        {"LOCALHOST.", true},
        {"a.b.localhost", true},
        {"127.0.0.1", true},
        {"127.255.1.2", true},
        {"0.0.0.0", true},
        {"10.1.2.3", true},
        {"172.16.0.1", true},
        {"172.31.255.255", true},
        {"172.32.0.1", false},
        {"192.168.1.1", true},
        {"169.254.169.254", true},
        {"100.64.0.1", true},
        {"100.128.0.1", false},
        {"8.8.8.8", false},
        {"[::1]", true},
        {"::1", true},
        {"[::]", true},
        {"[fe80::1%25eth0]", true},
        {"[fd00::1]", true},
        {"[fc00::1]", true},
        {"[::ffff:127.0.0.1]", true},
        {"[::ffff:8.8.8.8]", false},
        {"[2001:db8::1]", false},
        {"example.com", false},
        {"localhost.example.com", false},
        {"", false},
        {"notlocalhost", false},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        if (cc_http_host_is_local(cases[i].host) != cases[i].local) {
            fail_msg("case %zu: '%s' should%s be local", i, cases[i].host,
                     cases[i].local ? "" : " not");
        }
    }
}

static void host_port_keys_are_normalised(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        const char *key;
    } cases[] = {
        {"http://Example.COM/x", "example.com:80"},
        {"https://example.com/x", "example.com:443"},
        {"http://user:pw@127.0.0.1:8080/", "127.0.0.1:8080"},
        {"http://2130706433/", "127.0.0.1:80"},
        {"http://0x7f.1:99/", "127.0.0.1:99"},
        {"http://127.1/", "127.0.0.1:80"},
        {"http://[0:0:0:0:0:0:0:1]:5/", "[::1]:5"},
        {"file:///etc/passwd", NULL},
        {"gopher://127.0.0.1/", NULL},
        {"http://", NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        char *key = NULL;
        assert_int_equal(cc_http_host_port(&key, cases[i].url), 0);
        if (!cases[i].key) {
            if (key) {
                fail_msg("case %zu: '%s' gave '%s'", i, cases[i].url, key);
            }
        } else if (!key || strcmp(key, cases[i].key) != 0) {
            fail_msg("case %zu: '%s' gave '%s', want '%s'", i, cases[i].url, key ? key : "NULL",
                     cases[i].key);
        }
        cc_free(key);
    }
}

static void non_http_urls_are_refused(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    struct cc_http_request req = {"file:///etc/passwd", NULL, NULL, NULL, false, NULL};
    cc_http_response_init(&r);
    assert_int_equal(cc_http_get(&r, &req, NULL, &err), CC_EINVAL);
    assert_string_equal(err.subject, "file:///etc/passwd");
    assert_string_equal(err.msg, "not an http or https URL");
    cc_http_response_release(&r);
}

static void retry_after_is_read(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/retry-seconds?s=120", NULL, NULL, &err), CC_ENET);
    assert_int_equal(r.status, 429);
    assert_string_equal(err.msg, "server answered HTTP 429");
    int64_t now = cc_clock_now(NULL);
    assert_true(r.retry_after >= now + 118 && r.retry_after <= now + 121);
    cc_http_response_release(&r);
    cc_error_clear(&err);
    assert_int_equal(
        get(&r, "/retry-date?date=Wed,%2021%20Oct%202037%2007:28:00%20GMT", NULL, NULL, &err),
        CC_ENET);
    assert_int_equal(r.retry_after, INT64_C(2139722880));
    cc_http_response_release(&r);
}

static void retry_after_values_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        int64_t out;
    } rows[] = {
        {"120", 0, 1120},
        {" 0 ", 0, 1000},
        {"Wed, 21 Oct 2015 07:28:00 GMT", 0, INT64_C(1445412480)},
        {"Wednesday, 21-Oct-15 07:28:00 GMT", 0, INT64_C(1445412480)},
        {"Wed Oct 21 07:28:00 2015", 0, INT64_C(1445412480)},
        {"-5", CC_EINVAL, 0},
        {"soon", CC_EINVAL, 0},
        {"", CC_EINVAL, 0},
        {"99999999999999999999", CC_EINVAL, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t out = -1;
        int rc = cc_http_parse_retry_after(&out, rows[i].in, 1000);
        if (rc != rows[i].rc || (rc == 0 && out != rows[i].out)) {
            fail_msg("row %zu '%s': rc %d out %lld", i, rows[i].in, rc, (long long)out);
        }
    }
}

static void content_type_splits(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *type;
        const char *charset;
    } rows[] = {
        {"text/xml", "text/xml", NULL},
        {"Application/RSS+XML; Charset=\"ISO-8859-1\"", "application/rss+xml", "ISO-8859-1"},
        {"text/html;charset=windows-1252;q=1", "text/html", "windows-1252"},
        {"text/plain; format=flowed", "text/plain", NULL},
        {"; charset=utf-8", NULL, "utf-8"},
        {"", NULL, NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        char *type = NULL;
        char *cs = NULL;
        assert_int_equal(cc_http_parse_content_type(&type, &cs, rows[i].in), 0);
        bool ok = (rows[i].type ? type && strcmp(type, rows[i].type) == 0 : !type) &&
                  (rows[i].charset ? cs && strcmp(cs, rows[i].charset) == 0 : !cs);
        if (!ok) {
            fail_msg("row %zu: type %s charset %s", i, type ? type : "(null)", cs ? cs : "(null)");
        }
        cc_free(type);
        cc_free(cs);
    }
}

static void server_errors_keep_status(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/status/503?retry=30", NULL, NULL, &err), CC_ENET);
    assert_int_equal(r.status, 503);
    assert_true(r.retry_after != CC_TIME_NONE);
    cc_http_response_release(&r);
    cc_error_clear(&err);
    assert_int_equal(get(&r, "/status/500", NULL, NULL, &err), CC_ENET);
    assert_int_equal(r.status, 500);
    assert_string_equal(err.msg, "server answered HTTP 500");
    assert_true(r.retry_after == CC_TIME_NONE);
    cc_http_response_release(&r);
}

static void gzip_is_decoded(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/gzip?tag=z&n=40", NULL, NULL, &err), 0);
    assert_non_null(strstr(r.body.buf, "z item 40"));
    assert_true(r.wire_bytes < r.body.len);
    cc_http_response_release(&r);
}

static void caps_stop_transfers(void **state)
{
    (void)state;
    static const char *paths[] = {"/big", "/big?cl=1", "/gzip-bomb"};
    for (size_t i = 0; i < CC_ARRAY_LEN(paths); i++) {
        struct cc_http_response r;
        struct cc_error err = CC_ERROR_INIT;
        int64_t t0 = cc_clock_mono_ms();
        int rc = get(&r, paths[i], NULL, NULL, &err);
        if (rc != CC_ETOOBIG || strcmp(err.msg, "body larger than 16777216 bytes") != 0) {
            fail_msg("%s: rc %d msg %s", paths[i], rc, err.msg);
        }
        assert_true(r.body.len <= CC_HTTP_DEFAULT_MAX_BODY);
        /* The bomb inflates to 64 GiB; stopping at the cap takes well under
         * the transfer timeout. */
        assert_true(cc_clock_mono_ms() - t0 < 1500);
        cc_http_response_release(&r);
    }
}

static void endless_headers_are_capped(void **state)
{
    (void)state;
    struct cc_http_response r;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(get(&r, "/headers-forever", NULL, NULL, &err), CC_ETOOBIG);
    assert_string_equal(err.msg, "headers larger than 262144 bytes");
    cc_http_response_release(&r);
}

static void stalled_servers_time_out(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        const char *msg;
        long timeout_ms;
        long low_speed_time; /* longer than the timeout: the timeout fires */
    } rows[] = {
        {"/hang", "operation timed out after", 1000, 5},
        {"/drip", "operation too slow", 4000, 1},
        {"/reset", "", 4000, 1},
        {"/close-mid-chunk", "", 4000, 1},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_http_response r;
        struct cc_error err = CC_ERROR_INIT;
        struct cc_http_options o;
        fast_options(&o);
        o.timeout_ms = rows[i].timeout_ms;
        o.low_speed_time = rows[i].low_speed_time;
        int rc = get_with(&r, rows[i].path, NULL, NULL, &o, &err);
        if (rc != CC_ENET || strstr(err.msg, rows[i].msg) == NULL) {
            fail_msg("%s: rc %d msg %s", rows[i].path, rc, err.msg);
        }
        assert_non_null(strstr(err.subject, rows[i].path));
        if (getenv("CC_TEST_VERBOSE")) {
            print_message("%s: %s\n", rows[i].path, err.msg);
        }
        cc_http_response_release(&r);
    }
}

struct run_tally {
    size_t done;
    size_t ok;
    size_t failed;
    bool seen[64];
};

static int tally_done(const struct cc_http_request *req, struct cc_http_response *resp,
                      void *payload)
{
    struct run_tally *t = payload;
    size_t i = (size_t)(uintptr_t)req->payload;
    assert_true(i < 64 && !t->seen[i]);
    t->seen[i] = true;
    t->done++;
    if (resp->err.code == 0 && resp->status == 200) {
        t->ok++;
    } else {
        t->failed++;
    }
    return 0;
}

static void run_reports_every_request_once(void **state)
{
    (void)state;
    enum { N = 40 };
    char urls[N][128];
    struct cc_http_request reqs[N];
    for (size_t i = 0; i < N; i++) {
        char path[64];
        int n = (i % 10 == 9) ? snprintf(path, sizeof(path), "/status/500")
                              : snprintf(path, sizeof(path), "/feed?tag=r%zu", i);
        assert_true(n > 0);
        url_for(urls[i], sizeof(urls[i]), path);
        reqs[i] = (struct cc_http_request){urls[i], NULL, NULL, NULL, false, (void *)(uintptr_t)i};
    }
    struct cc_http_options o;
    fast_options(&o);
    o.jobs = 4;
    struct run_tally t = {0};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_http_run(reqs, N, &o, tally_done, &t, &err), 0);
    assert_int_equal(t.done, N);
    assert_int_equal(t.ok, 36);
    assert_int_equal(t.failed, 4);
}

static int stop_after_two(const struct cc_http_request *req, struct cc_http_response *resp,
                          void *payload)
{
    (void)req;
    (void)resp;
    size_t *n = payload;
    return ++*n == 2 ? CC_ENOMEM : 0;
}

static void callback_can_stop_the_run(void **state)
{
    (void)state;
    enum { N = 10 };
    char urls[N][128];
    struct cc_http_request reqs[N];
    for (size_t i = 0; i < N; i++) {
        url_for(urls[i], sizeof(urls[i]), "/feed");
        reqs[i] = (struct cc_http_request){urls[i], NULL, NULL, NULL, false, NULL};
    }
    size_t n = 0;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_http_run(reqs, N, NULL, stop_after_two, &n, &err), CC_ENOMEM);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_after_values_parse),
        cmocka_unit_test(content_type_splits),
        cmocka_unit_test(plain_feed_is_fetched),
        cmocka_unit_test(etag_gives_304),
        cmocka_unit_test(last_modified_gives_304),
        cmocka_unit_test(permanent_redirects_report_new_url),
        cmocka_unit_test(redirect_loop_stops_after_five),
        cmocka_unit_test(redirect_to_file_is_refused),
        cmocka_unit_test(redirect_to_unnamed_local_port_is_refused),
        cmocka_unit_test(local_hosts_are_recognised),
        cmocka_unit_test(host_port_keys_are_normalised),
        cmocka_unit_test(non_http_urls_are_refused),
        cmocka_unit_test(retry_after_is_read),
        cmocka_unit_test(server_errors_keep_status),
        cmocka_unit_test(gzip_is_decoded),
        cmocka_unit_test(caps_stop_transfers),
        cmocka_unit_test(endless_headers_are_capped),
        cmocka_unit_test(stalled_servers_time_out),
        cmocka_unit_test(run_reports_every_request_once),
        cmocka_unit_test(callback_can_stop_the_run),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
