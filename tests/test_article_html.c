/*
 * test_article_html.c: core/article_html.c: HTML files and http(s) URLs as
 * articles, against the loopback server (tests/server/ccserver.py serving
 * fixtures/ under /files/): title, blocks, date and source, final URL after
 * redirects, 404, the size cap, a charset given only by the HTTP header,
 * content sniffing, and the article's own outlet.
 */
#include "core/common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "core/alloc.h"
#include "core/article.h"
#include "core/num.h"
#include "core/outlets.h"
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
        execlp("python3", "python3", script, "--port", "0", "--root", CC_FIXTURES_DIR,
               (char *)NULL);
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
    int port = 0;
    if (cc_parse_int(&port, line, 1, 65535) != 0) {
        return -1;
    }
    server_port = port;
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
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

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct cc_tm tm = {y, mo, d, h, mi, s};
    int64_t t = 0;
    assert_int_equal(cc_time_from_tm(&t, &tm), 0);
    return t;
}

static const char *block_text(const struct cc_article *a, size_t i, size_t *len)
{
    assert_true(i < a->blocks.n);
    const struct cc_text_block *b = &a->blocks.v[i];
    *len = b->end - b->start;
    return a->text.buf + b->start;
}

/* True when some block of a holds needle. */
static bool has_text(const struct cc_article *a, const char *needle)
{
    for (size_t i = 0; i < a->blocks.n; i++) {
        size_t len;
        const char *t = block_text(a, i, &len);
        size_t nl = strlen(needle);
        for (size_t k = 0; k + nl <= len; k++) {
            if (memcmp(t + k, needle, nl) == 0) {
                return true;
            }
        }
    }
    return false;
}

static void html_file_becomes_an_article(void **state)
{
    (void)state;
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, CC_FIXTURES_DIR "/html/dawn_like/page.html", NULL, &err),
                     0);
    assert_int_equal(a->format, CC_ARTICLE_HTML);
    assert_null(a->url);
    assert_string_equal(a->title,
                        "Bilawal offers India a 'historic' partnership against terrorism");
    assert_string_equal(a->date_source, "article:published_time");
    assert_true(a->date == utc(2025, 7, 2, 13, 45, 22));
    assert_string_equal(a->site_name, "DAWN.COM");
    /* the headline is the first block, a level-1 heading */
    assert_true(a->blocks.n > 5);
    assert_int_equal(a->blocks.v[0].kind, CC_BLOCK_HEADING);
    assert_int_equal(a->blocks.v[0].level, 1);
    assert_true(has_text(a, "historic, phenomenal partnership"));
    assert_false(has_text(a, "DawnNewsTV")); /* the caption */
    assert_false(has_text(a, "Reply"));      /* the comments */
    cc_article_free(a);
}

static void url_article_keeps_its_address_and_date(void **state)
{
    (void)state;
    char url[256];
    url_for(url, sizeof(url), "/files/html/wordpress_comments/page.html");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_article_load(&a, url, NULL, &err);
    if (rc) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    assert_string_equal(a->source, url);
    assert_string_equal(a->url, url);
    assert_int_equal(a->format, CC_ARTICLE_HTML);
    assert_string_equal(a->date_source, "article:published_time");
    assert_true(a->date == utc(2025, 7, 2, 9, 30, 0));
    assert_string_equal(a->site_name, "The Frontier Post Daily");
    assert_true(has_text(a, "weaponisation of water"));
    assert_false(has_text(a, "Proudly powered by WordPress"));
    cc_article_free(a);
}

static void redirects_keep_the_final_url(void **state)
{
    (void)state;
    char url[256];
    char final[256];
    url_for(url, sizeof(url), "/redirect/301/redirect/302/files/html/dawn_like/page.html");
    url_for(final, sizeof(final), "/files/html/dawn_like/page.html");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_string_equal(a->source, url);
    assert_string_equal(a->url, final);
    assert_true(has_text(a, "historic, phenomenal partnership"));
    cc_article_free(a);
}

static void not_found_is_a_clear_error(void **state)
{
    (void)state;
    char url[256];
    url_for(url, sizeof(url), "/status/404");
    struct cc_article *a = (struct cc_article *)1;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, NULL, &err), CC_ENET);
    assert_null(a);
    assert_int_equal(err.code, CC_ENET);
    assert_string_equal(err.subject, url);
    assert_non_null(strstr(err.msg, "404"));
}

static void page_over_the_cap_is_refused(void **state)
{
    (void)state;
    char url[256];
    url_for(url, sizeof(url), "/files/html/wordpress_comments/page.html");
    struct cc_article_options opts;
    cc_article_options_init(&opts);
    opts.max_bytes = 8192; /* the page is about 20 KiB */
    struct cc_article *a = (struct cc_article *)1;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, &opts, &err), CC_ETOOBIG);
    assert_null(a);
    assert_string_equal(err.subject, url);
    assert_non_null(strstr(err.msg, "8192-byte cap"));
}

static void charset_from_the_http_header_is_used(void **state)
{
    (void)state;
    char url[256];
    /* windows-1252 bytes, declared only in the Content-Type */
    url_for(url, sizeof(url),
            "/files/html/cp1252_http/page.html?ct=text/html;%20charset=windows-1252");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_true(has_text(a, "Mayor Elena Ru\xC3\xADz said"));
    assert_true(has_text(a, "Marc-Andr\xC3\xA9 Owusu"));
    cc_article_free(a);
    /* the header really is read: the same bytes as ISO-8859-7 are Greek */
    url_for(url, sizeof(url),
            "/files/html/cp1252_http/page.html?ct=text/html;%20charset=iso-8859-7");
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_false(has_text(a, "Ru\xC3\xADz"));
    assert_true(has_text(a, "Ru\xCE\xBDz")); /* 0xED is nu in ISO-8859-7 */
    cc_article_free(a);
}

static void kind_is_told_by_content(void **state)
{
    (void)state;
    char url[256];
    /* a page served as text/plain is still read as HTML */
    url_for(url, sizeof(url), "/files/html/geo_like/page.html?ct=text/plain");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_int_equal(a->format, CC_ARTICLE_HTML);
    assert_string_equal(a->date_source, "meta");
    cc_article_free(a);
    /* plain text stays text, with the URL as its address */
    url_for(url, sizeof(url), "/files/html/geo_like/expected.txt");
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_true(a->format == CC_ARTICLE_TEXT || a->format == CC_ARTICLE_MARKDOWN);
    assert_string_equal(a->url, url);
    assert_null(a->date_source);
    cc_article_free(a);
}

static void date_option_wins_over_the_page(void **state)
{
    (void)state;
    char url[256];
    url_for(url, sizeof(url), "/files/html/dawn_like/page.html");
    struct cc_article_options opts;
    cc_article_options_init(&opts);
    opts.date = utc(2025, 1, 1, 0, 0, 0);
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, url, &opts, &err), 0);
    assert_true(a->date == opts.date);
    assert_string_equal(a->date_source, "option");
    cc_article_free(a);
}

static void own_outlet_comes_from_domain_or_site_name(void **state)
{
    (void)state;
    static const char json[] =
        "{\"outlets\": ["
        "{\"name\": \"Dawn\", \"domains\": [\"dawn.com\"], \"feeds\": []},"
        "{\"name\": \"Frontier Post\", \"aliases\": [\"The Frontier Post Daily\"],"
        " \"domains\": [\"frontierpostdaily.example\"], \"feeds\": []}]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_parse(&reg, json, strlen(json), "test", NULL, &err) != 0) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    /* a saved page: og:site_name "DAWN.COM" names the outlet */
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_load(&a, CC_FIXTURES_DIR "/html/dawn_like/page.html", NULL, &err),
                     0);
    assert_int_equal(cc_article_find_outlet(a, reg, &err), 0);
    assert_non_null(a->outlet);
    assert_string_equal(a->outlet, "Dawn");
    cc_article_free(a);
    /* a fetched page on an unknown host: its site name */
    char url[256];
    url_for(url, sizeof(url), "/files/html/wordpress_comments/page.html");
    assert_int_equal(cc_article_load(&a, url, NULL, &err), 0);
    assert_int_equal(cc_article_find_outlet(a, reg, &err), 0);
    assert_non_null(a->outlet);
    assert_string_equal(a->outlet, "Frontier Post");
    /* the domain of the address wins over the site name */
    cc_free(a->url);
    a->url = cc_strdup("https://www.dawn.com/news/1921612");
    assert_non_null(a->url);
    cc_free(a->outlet);
    a->outlet = NULL;
    assert_int_equal(cc_article_find_outlet(a, reg, &err), 0);
    assert_string_equal(a->outlet, "Dawn");
    cc_article_free(a);
    /* nothing matches: no outlet */
    assert_int_equal(cc_article_load(&a, CC_FIXTURES_DIR "/html/div_soup/page.html", NULL, &err),
                     0);
    assert_int_equal(cc_article_find_outlet(a, reg, &err), 0);
    assert_null(a->outlet);
    cc_article_free(a);
    cc_registry_free(reg);
}

static void links_reach_the_article(void **state)
{
    (void)state;
    static const char page[] =
        "<!DOCTYPE html><html><head><title>Talks</title></head><body><article>"
        "<h1>Talks</h1><p>Pakistan is ready for talks, the minister told "
        "<a href=\"https://www.reuters.com/world/asia/x\">Reuters</a> on Wednesday, "
        "<a href=\"/other\">adding</a> that water must be on the agenda.</p></article></body>"
        "</html>";
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_parse(&a, page, sizeof(page) - 1, "talks.html", NULL, &err), 0);
    assert_int_equal(a->format, CC_ARTICLE_HTML);
    /* a saved page has no base URL: the relative link is not kept */
    assert_int_equal(a->nlinks, 1);
    const struct cc_article_link *l = &a->links[0];
    assert_int_equal(l->end - l->start, 7);
    assert_memory_equal(a->text.buf + l->start, "Reuters", 7);
    assert_string_equal(l->url, "https://www.reuters.com/world/asia/x");
    cc_article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_file_becomes_an_article),
        cmocka_unit_test(url_article_keeps_its_address_and_date),
        cmocka_unit_test(redirects_keep_the_final_url),
        cmocka_unit_test(not_found_is_a_clear_error),
        cmocka_unit_test(page_over_the_cap_is_refused),
        cmocka_unit_test(charset_from_the_http_header_is_used),
        cmocka_unit_test(kind_is_told_by_content),
        cmocka_unit_test(date_option_wins_over_the_page),
        cmocka_unit_test(own_outlet_comes_from_domain_or_site_name),
        cmocka_unit_test(links_reach_the_article),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
