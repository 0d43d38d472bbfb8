#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outlets.h"
#include "fetchers/opml.h"

static const char *fixtures(void)
{
    const char *d = getenv("CC_FIXTURES_DIR");
    return d && d[0] ? d : CC_FIXTURES_DIR;
}

static struct cc_opml *load_ok(const char *name)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/opml/%s", fixtures(), name);
    struct cc_opml *opml = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_opml_load(&opml, path, &err)) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    return opml;
}

static void expect_error(const char *name, int code, const char *msg)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/opml/%s", fixtures(), name);
    struct cc_opml *opml = (struct cc_opml *)1;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_opml_load(&opml, path, &err);
    if (rc != code || !strstr(err.msg, msg) || strcmp(err.subject, path) != 0) {
        fail_msg("%s: rc %d subject '%s' msg '%s'; want %d '%s'", name, rc, err.subject, err.msg,
                 code, msg);
    }
    assert_null(opml);
}

struct outline_row {
    const char *name;
    const char *domain; /* NULL: none */
    const char *feed;
};

static void nested_categories_become_outlets(void **state)
{
    (void)state;
    struct cc_opml *opml = load_ok("readers.opml");
    static const struct outline_row rows[] = {
        {"Dawn - Home", "dawn.com", "https://www.dawn.com/feeds/home"},
        {"Dawn - Business", "dawn.com", "https://www.dawn.com/feeds/business-finance"},
        {"The Express Tribune", "tribune.com.pk", "https://tribune.com.pk/feed/latest"},
        {"Business Recorder Markets", "brecorder.com", "https://www.brecorder.com/feeds/markets"},
        {"Express Tribune Business", "tribune.com.pk", "https://tribune.com.pk/feed/business"},
        {"BBC News - Asia", "bbc.co.uk", "https://feeds.bbci.co.uk/news/world/asia/rss.xml"},
        /* An aggregator host is never taken as the outlet's domain. */
        {"Reuters via Google News", NULL,
         "https://news.google.com/rss/search?q=when:24h+allinurl:reuters.com&ceid=US:en&hl=en-US"
         "&gl=US"},
        /* title wins over text; the numeric entity is decoded. */
        {"Al Jazeera \u2013 All", "aljazeera.com", "https://www.aljazeera.com/xml/rss/all.xml"},
        {"Times of India - World", "timesofindia.indiatimes.com",
         "https://timesofindia.indiatimes.com/rssfeeds/296589292.cms"},
        /* No title or text: the host names it. */
        {"thehindu.com", "thehindu.com",
         "https://www.thehindu.com/news/national/feeder/default.rss"},
        {"***", NULL, "https://feeds.feedburner.com/example-stars"},
    };
    assert_int_equal(cc_opml_count(opml), CC_ARRAY_LEN(rows));
    assert_int_equal(cc_opml_skipped(opml), 1); /* the ftp:// outline */
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        const struct cc_outlet *o = cc_opml_get(opml, i);
        if (strcmp(o->name, rows[i].name) != 0) {
            fail_msg("row %zu: name '%s', want '%s'", i, o->name, rows[i].name);
        }
        assert_int_equal(o->nfeeds, 1);
        assert_string_equal(o->feeds[0].url, rows[i].feed);
        if (rows[i].domain) {
            assert_int_equal(o->ndomains, 1);
            assert_string_equal(o->domains[0], rows[i].domain);
        } else {
            assert_int_equal(o->ndomains, 0);
        }
    }
    cc_opml_free(opml);
}

static void merge_into_builtin_registry(void **state)
{
    (void)state;
    struct cc_opml *opml = load_ok("readers.opml");
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    size_t before = cc_registry_count(reg);
    size_t dawn_feeds = cc_registry_find_name(reg, "Dawn")->nfeeds;
    size_t reuters_feeds = cc_registry_find_name(reg, "Reuters")->nfeeds;
    struct cc_opml_stats st;
    FILE *log = tmpfile();
    assert_non_null(log);
    cc_log_set_stream(log);
    assert_int_equal(cc_opml_merge(reg, opml, &st, &err), 0);
    cc_log_set_stream(NULL);
    char line[512] = "";
    rewind(log);
    assert_non_null(fgets(line, sizeof(line), log));
    fclose(log);
    assert_non_null(strstr(line, "https://feeds.feedburner.com/example-stars: outline '***' "
                                 "skipped: "));
    assert_non_null(strstr(line, "has no letters or digits"));
    assert_int_equal(st.added, 2); /* Express Tribune, thehindu.com */
    assert_int_equal(st.merged, 8);
    assert_int_equal(st.skipped, 1); /* "***": no letters or digits */
    assert_int_equal(cc_registry_count(reg), before + 2);

    const struct cc_outlet *dawn = cc_registry_find_name(reg, "Dawn");
    assert_int_equal(dawn->nfeeds, dawn_feeds + 1); /* home was already there */
    assert_string_equal(dawn->feeds[dawn->nfeeds - 1].url,
                        "https://www.dawn.com/feeds/business-finance");
    /* The Google News outline is Reuters' own substitute feed: merged, not doubled. */
    assert_int_equal(cc_registry_find_name(reg, "Reuters")->nfeeds, reuters_feeds);
    const struct cc_outlet *et = cc_registry_find_name(reg, "The Express Tribune");
    assert_non_null(et);
    assert_int_equal(et->nfeeds, 2);
    assert_ptr_equal(cc_registry_resolve(reg, "tribune.com.pk", 14), et);

    /* The result writes out as a registry that loads again. */
    struct cc_buf out = CC_BUF_INIT;
    struct cc_registry *back = NULL;
    assert_int_equal(cc_registry_write_json(&out, reg, NULL, &err), 0);
    if (cc_registry_parse(&back, out.buf, out.len, "merged", NULL, &err)) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    assert_int_equal(cc_registry_count(back), cc_registry_count(reg));
    cc_registry_free(back);
    cc_buf_release(&out);
    cc_registry_free(reg);
    cc_opml_free(opml);
}

static void opml1_lowercase_attributes_and_duplicates(void **state)
{
    (void)state;
    struct cc_opml *opml = load_ok("opml1_flat.opml");
    assert_int_equal(cc_opml_count(opml), 4);
    assert_string_equal(cc_opml_get(opml, 0)->name, "Caf\u00e9 Society Weekly");
    assert_string_equal(cc_opml_get(opml, 0)->domains[0], "cafe.example.net");
    assert_string_equal(cc_opml_get(opml, 2)->domains[0], "localherald.example.org");

    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_new(&reg, "new", NULL, &err), 0);
    struct cc_opml_stats st;
    assert_int_equal(cc_opml_merge(reg, opml, &st, &err), 0);
    assert_int_equal(st.added, 3);
    assert_int_equal(st.merged, 1); /* the second Café feed, same domain */
    assert_int_equal(cc_registry_count(reg), 3);
    assert_int_equal(cc_registry_get(reg, 0)->nfeeds, 2);
    cc_registry_free(reg);
    cc_opml_free(opml);
}

static void bad_input_is_refused_with_reason(void **state)
{
    (void)state;
    expect_error("malformed.opml", CC_EPARSE, "not well-formed XML");
    expect_error("entities.opml", CC_EPARSE, "OPML declaring entities in a DTD is refused");
    expect_error("entity_bomb.opml", CC_EPARSE, "");
    expect_error("not_opml.xml", CC_EPARSE, "not OPML: the root element is <rss>");
    expect_error("no-such-file.opml", CC_EIO, "cannot open");
}

static void deep_nesting_is_capped(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&b, "<opml version=\"2.0\"><body>"), 0);
    for (size_t i = 0; i < CC_OPML_MAX_DEPTH + 5; i++) {
        assert_int_equal(cc_buf_addf(&b, "<outline text=\"c%zu\">", i), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "<outline text=\"f\" xmlUrl=\"https://x.example/rss\"/>"), 0);
    for (size_t i = 0; i < CC_OPML_MAX_DEPTH + 5; i++) {
        assert_int_equal(cc_buf_adds(&b, "</outline>"), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "</body></opml>"), 0);
    struct cc_opml *opml = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_opml_parse(&opml, b.buf, b.len, "deep", &err), CC_EPARSE);
    assert_non_null(strstr(err.msg, "nested deeper than"));
    assert_string_equal(err.subject, "deep");

    /* Just under the cap is fine. */
    cc_buf_reset(&b);
    cc_error_clear(&err);
    assert_int_equal(cc_buf_adds(&b, "<opml><body>"), 0);
    for (size_t i = 0; i < CC_OPML_MAX_DEPTH - 1; i++) {
        assert_int_equal(cc_buf_adds(&b, "<outline text=\"c\">"), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "<outline text=\"f\" xmlUrl=\"https://x.example/rss\"/>"), 0);
    for (size_t i = 0; i < CC_OPML_MAX_DEPTH - 1; i++) {
        assert_int_equal(cc_buf_adds(&b, "</outline>"), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "</body></opml>"), 0);
    assert_int_equal(cc_opml_parse(&opml, b.buf, b.len, "ok", &err), 0);
    assert_int_equal(cc_opml_count(opml), 1);
    cc_opml_free(opml);
    cc_buf_release(&b);

    assert_int_equal(cc_opml_parse(&opml, "x", CC_OPML_MAX_BYTES + 1u, "big", &err), CC_ETOOBIG);
}

static void out_of_memory_fails_cleanly(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof(path), "%s/opml/readers.opml", fixtures());
    for (size_t n = 1;; n++) {
        struct cc_opml *opml = (struct cc_opml *)1;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_opml_load(&opml, path, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_int_equal(cc_opml_count(opml), 11);
            cc_opml_free(opml);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_null(opml);
        assert_true(n < 10000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_categories_become_outlets),
        cmocka_unit_test(merge_into_builtin_registry),
        cmocka_unit_test(opml1_lowercase_attributes_and_duplicates),
        cmocka_unit_test(bad_input_is_refused_with_reason),
        cmocka_unit_test(deep_nesting_is_capped),
        cmocka_unit_test(out_of_memory_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
