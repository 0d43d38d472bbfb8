/* Tests for core/fetch with an injected clock, a real store and the loopback
 * server (tests/server/ccserver.py). The CLI scenarios are in tests/fetch/. */
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
#include "core/fetch.h"
#include "core/outlets.h"
#include "core/store.h"
#include "core/banned.h"

static pid_t server_pid = -1;
static int server_port = 0;
static char tmpdir[256];

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
    server_pid = pid;
    server_port = (int)strtol(line, NULL, 10);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/cc_test_fetch_XXXXXX");
    if (!mkdtemp(tmpdir) || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
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

struct fixture {
    struct cc_registry *reg;
    struct cc_store *st;
    int64_t now;
    struct cc_clock clock;
    struct cc_fetch_options opts;
};

/* A registry of one outlet "T" with the given server paths, a fresh store. */
static void fixture_open(struct fixture *fx, const char *name, const char *const *paths,
                         size_t npaths)
{
    struct cc_buf json = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&json, "{\"outlets\": [{\"name\": \"T\", \"domains\": "
                                        "[\"t.test\"], \"feeds\": ["),
                     0);
    for (size_t i = 0; i < npaths; i++) {
        assert_int_equal(
            cc_buf_addf(&json, "%s\"http://127.0.0.1:%d%s\"", i ? ", " : "", server_port, paths[i]),
            0);
    }
    assert_int_equal(cc_buf_adds(&json, "]}]}"), 0);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_parse(&fx->reg, json.buf, json.len, "test", tmpdir, &err), 0);
    cc_buf_release(&json);
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.db", tmpdir, name);
    unlink(path);
    assert_int_equal(cc_store_open(&fx->st, path, &err), 0);
    fx->now = INT64_C(1750000000);
    fx->clock = (struct cc_clock){cc_clock_fixed_now, &fx->now};
    cc_fetch_options_init(&fx->opts);
    fx->opts.clock = &fx->clock;
    fx->opts.http.timeout_ms = 3000;
}

static void fixture_close(struct fixture *fx)
{
    cc_store_close(fx->st);
    cc_registry_free(fx->reg);
}

static const struct cc_fetch_result *run_one(struct fixture *fx, struct cc_fetch_report *rep,
                                             size_t i)
{
    struct cc_error err = CC_ERROR_INIT;
    cc_fetch_report_release(rep);
    int rc = cc_fetch_run(rep, fx->st, fx->reg, &fx->opts, &err);
    if (rc != 0) {
        fail_msg("cc_fetch_run: %d %s: %s", rc, err.subject, err.msg);
    }
    assert_true(i < rep->n);
    return &rep->results[i];
}

static void backoff_follows_the_injected_clock(void **state)
{
    (void)state;
    static const char *const paths[] = {"/status/500", "/feed?tag=u&n=2"};
    struct fixture fx;
    fixture_open(&fx, "backoff", paths, 2);
    struct cc_fetch_report rep = {0};
    int64_t t0 = fx.now;

    const struct cc_fetch_result *r = run_one(&fx, &rep, 0);
    assert_int_equal(r->status, CC_FETCH_FAILED);
    assert_int_equal(r->http_status, 500);
    assert_string_equal(r->error, "HTTP 500");
    assert_true(r->next_fetch_at == t0 + CC_STORE_BACKOFF_BASE);
    assert_int_equal(rep.results[1].status, CC_FETCH_OK);
    assert_int_equal(rep.results[1].new_items, 2);
    assert_int_equal(rep.totals.failed, 1);
    assert_int_equal(rep.totals.new_items, 2);

    fx.now = t0 + CC_STORE_BACKOFF_BASE - 1;
    r = run_one(&fx, &rep, 0);
    assert_int_equal(r->status, CC_FETCH_SKIPPED);
    assert_null(r->fetched_url);
    assert_string_equal(r->error, "not before 2025-06-15T15:11:40Z");
    assert_int_equal(rep.results[1].status, CC_FETCH_OK);
    assert_int_equal(rep.results[1].new_items, 0);

    fx.now = t0 + CC_STORE_BACKOFF_BASE;
    r = run_one(&fx, &rep, 0);
    assert_int_equal(r->status, CC_FETCH_FAILED);
    assert_true(r->next_fetch_at == fx.now + 2 * CC_STORE_BACKOFF_BASE);

    struct cc_store_run run;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_run_find(&run, fx.st, 0, "fetch", &err), 0);
    assert_string_equal(run.status, "partial");
    assert_true(run.started_at == fx.now);
    assert_true(run.counts.feeds_failed == 1 && run.counts.feeds_ok == 1);
    cc_store_run_release(&run);
    cc_fetch_report_release(&rep);
    fixture_close(&fx);
}

static void retry_after_sets_next_fetch_exactly(void **state)
{
    (void)state;
    static const char *const paths[] = {"/retry-seconds?s=120", "/status/503?retry=45"};
    struct fixture fx;
    fixture_open(&fx, "retry", paths, 2);
    struct cc_fetch_report rep = {0};
    const struct cc_fetch_result *r = run_one(&fx, &rep, 0);
    assert_int_equal(r->http_status, 429);
    assert_true(r->next_fetch_at == fx.now + 120);
    assert_string_equal(r->error, "HTTP 429, retry after 2025-06-15T15:08:40Z");
    assert_true(rep.results[1].next_fetch_at == fx.now + 45);
    struct cc_store_feed_state s;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_feed_state_find(&s, fx.st, rep.results[0].feed_url, &err), 0);
    assert_true(s.next_fetch_at == fx.now + 120);
    assert_int_equal(s.consecutive_failures, 1);
    assert_int_equal(s.last_http_status, 429);
    cc_store_feed_state_release(&s);
    cc_fetch_report_release(&rep);
    fixture_close(&fx);
}

static void unknown_outlet_is_einval(void **state)
{
    (void)state;
    static const char *const paths[] = {"/feed"};
    struct fixture fx;
    fixture_open(&fx, "unknown", paths, 1);
    const char *names[] = {"t", "Nope"};
    fx.opts.outlets = names;
    fx.opts.noutlets = 2;
    struct cc_fetch_report rep = {0};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_fetch_run(&rep, fx.st, fx.reg, &fx.opts, &err), CC_EINVAL);
    assert_string_equal(err.subject, "Nope");
    assert_string_equal(err.msg, "no such outlet in test");
    assert_int_equal(rep.n, 0);
    cc_fetch_report_release(&rep);
    fixture_close(&fx);
}

struct progress_log {
    size_t calls;
    size_t last_done;
    size_t total;
};

static void count_progress(size_t done, size_t total, const struct cc_fetch_result *r,
                           void *payload)
{
    struct progress_log *log = payload;
    assert_non_null(r);
    assert_true(done == log->last_done + 1);
    log->calls++;
    log->last_done = done;
    log->total = total;
}

static void progress_reports_each_feed_once(void **state)
{
    (void)state;
    static const char *const paths[] = {"/feed?tag=p1", "/feed?tag=p2", "/status/404",
                                        "/etag?tag=p3"};
    struct fixture fx;
    fixture_open(&fx, "progress", paths, 4);
    struct progress_log log = {0};
    fx.opts.progress = count_progress;
    fx.opts.progress_payload = &log;
    struct cc_fetch_report rep = {0};
    (void)run_one(&fx, &rep, 0);
    assert_int_equal(log.calls, 4);
    assert_int_equal(log.total, 4);
    assert_int_equal(rep.totals.ok, 3);
    assert_int_equal(rep.totals.failed, 1);
    cc_fetch_report_release(&rep);
    fixture_close(&fx);
}

static void local_urls_are_recognised(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        bool local;
    } rows[] = {
        {"/srv/feeds/a.xml", true},
        {"file:///srv/a.xml", true},
        {"FILE:///srv/a.xml", true},
        {"http://example.com/a", false},
        {"https://example.com/a", false},
        {"relative.xml", false},
        {"", false},
        {NULL, false},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        if (cc_fetch_is_local(rows[i].url) != rows[i].local) {
            fail_msg("row %zu: %s", i, rows[i].url ? rows[i].url : "(null)");
        }
    }
    assert_string_equal(cc_fetch_status_name(CC_FETCH_OK), "ok");
    assert_string_equal(cc_fetch_status_name(CC_FETCH_NOT_MODIFIED), "not-modified");
    assert_string_equal(cc_fetch_status_name(CC_FETCH_SKIPPED), "skipped");
    assert_string_equal(cc_fetch_status_name(CC_FETCH_FAILED), "failed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_urls_are_recognised),
        cmocka_unit_test(backoff_follows_the_injected_clock),
        cmocka_unit_test(retry_after_sets_next_fetch_exactly),
        cmocka_unit_test(unknown_outlet_is_einval),
        cmocka_unit_test(progress_reports_each_feed_once),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
