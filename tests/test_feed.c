#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/num.h"
#include "core/utf8.h"
#include "fetchers/feed.h"

/* Fixtures: fixtures/feeds/parse/<case>/input.xml|json (shared with the
 * data-driven parse_<case> ctests, which check the whole JSON). */
static const char *fixture(const char *name)
{
    static char path[1024];
    const char *dir = getenv("CC_FIXTURES_DIR");
    if (!dir || !dir[0]) {
        dir = CC_FIXTURES_DIR;
    }
    const char *ext = strncmp(name, "jsonfeed", 8) == 0 ? "json" : "xml";
    snprintf(path, sizeof(path), "%s/feeds/parse/%s/input.%s", dir, name, ext);
    return path;
}

static void assert_sane_feed(const struct cc_feed *f)
{
    assert_true(f->nitems <= f->items_alloc || f->nitems == 0);
    for (size_t i = 0; i < f->nitems; i++) {
        const struct cc_item *it = &f->items[i];
        const char *fields[] = {it->id, it->title, it->link, it->summary, it->content, it->author};
        for (size_t k = 0; k < CC_ARRAY_LEN(fields); k++) {
            if (fields[k]) {
                assert_true(fields[k][0] != '\0');
                assert_true(cc_utf8_is_valid(fields[k], strlen(fields[k])));
                assert_true(fields[k][0] != ' ');
                assert_true(fields[k][strlen(fields[k]) - 1] != ' ');
            }
        }
    }
}

static struct cc_feed *load(const char *name, const struct cc_feed_options *opts)
{
    struct cc_feed *f = NULL;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_feed_load(&f, fixture(name), opts, &err);
    if (rc != 0) {
        fail_msg("%s: %s", name, err.msg);
    }
    assert_sane_feed(f);
    return f;
}

static void assert_time(int64_t t, const char *iso)
{
    char s[32];
    cc_time_format(s, t);
    assert_string_equal(s, iso);
}

static void rss2_items_fields_and_precedence(void **state)
{
    (void)state;
    struct cc_feed *f = load("rss2_basic", NULL);
    assert_string_equal(f->format, "rss2.0");
    assert_string_equal(f->title, "Dawn & Dusk News"); /* not the image's title */
    assert_string_equal(f->link, "https://www.example.com/");
    assert_false(f->malformed);
    assert_int_equal(f->nwarnings, 0);
    assert_int_equal(f->nitems, 3);

    const struct cc_item *a = &f->items[0];
    assert_string_equal(a->id, "story-1");
    assert_false(a->id_is_permalink);
    assert_string_equal(a->title, "Budget 2024: PM\xE2\x80\x99s \"bold\" plan");
    assert_string_equal(a->link, "https://www.example.com/news/1");
    assert_time(a->published, "2024-06-04T04:30:00Z");
    assert_string_equal(a->author, "Amir Wasim");
    assert_string_equal(a->summary, "The federal budget & the IMF\xE2\x80\xA6 Second paragraph.");
    assert_string_equal(a->content, "Full text of the story. It continues here.");
    assert_int_equal(a->ncategories, 2);
    assert_string_equal(a->categories[0], "Pakistan");
    assert_string_equal(a->categories[1], "Budget");

    const struct cc_item *b = &f->items[1];
    assert_true(b->id_is_permalink);
    /* rss2_item_without_link_uses_permalink_guid */
    assert_string_equal(b->link, "https://www.example.com/news/2");
    assert_string_equal(b->author, "Jane Editor"); /* "mail (Name)" */
    assert_time(b->published, "2024-06-05T15:00:00Z");
    assert_string_equal(b->summary, "Escaped markup and a double-escaped & sign, it's fine.");
    assert_null(b->content);

    const struct cc_item *c = &f->items[2];
    assert_null(c->id);
    assert_time(c->updated, "2024-06-06T02:45:00Z");
    assert_time(c->published, "2024-06-06T02:45:00Z");   /* falls back to dc:date */
    assert_string_equal(c->author, "first@example.com"); /* first creator wins */
    cc_feed_free(f);
}

static void rss1_rss090_and_rss091(void **state)
{
    (void)state;
    struct cc_feed *f = load("rss1_rdf", NULL);
    assert_string_equal(f->format, "rss1.0");
    assert_string_equal(f->title, "RDF Site");
    assert_int_equal(f->nitems, 1);
    assert_string_equal(f->items[0].id, "http://example.net/a"); /* rdf:about */
    assert_string_equal(f->items[0].summary, "Plain escaped text");
    assert_string_equal(f->items[0].author, "Mark");
    assert_string_equal(f->items[0].categories[0], "testing");
    cc_feed_free(f);

    f = load("rss090_rdf", NULL);
    assert_string_equal(f->format, "rss0.9x"); /* RDF with Netscape's namespace */
    assert_string_equal(f->title, "Mozilla Dot Org");
    assert_int_equal(f->nitems, 2);
    assert_string_equal(f->items[1].link, "http://www.mozilla.org/bugs/");
    cc_feed_free(f);

    f = load("rss091_entities", NULL);
    assert_string_equal(f->format, "rss0.9x");
    assert_string_equal(f->title, "Caf\xC3\xA9 Society");
    /* HTML entities undeclared in XML, NBSP collapsed, Latin-1 bytes */
    assert_string_equal(f->items[0].title, "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                                           "e recipe \xC2\xA9 2004");
    assert_string_equal(f->items[0].summary,
                        /* &lang; is U+2329, which NFC turns into U+3008 */
                        "Latin-1 byte: \xC3\xA9t\xC3\xA9 and \xE3\x80\x88"
                        "angle\xE3\x80\x89");
    cc_feed_free(f);
}

static void atom10_alternate_link_and_xml_base(void **state)
{
    (void)state;
    struct cc_feed *f = load("atom10_links_base", NULL);
    assert_string_equal(f->format, "atom1.0");
    assert_string_equal(f->title, "Atom blog");
    assert_string_equal(f->link, "http://example.com/blog/index.html");
    assert_int_equal(f->nitems, 3);
    const struct cc_item *a = &f->items[0];
    /* the text/html alternate, not the PDF alternate or the enclosure */
    assert_string_equal(a->link, "http://example.com/blog/posts/one.html");
    assert_string_equal(a->summary, "Summary with a link");
    assert_string_equal(a->content, "XHTML content &amp; more"); /* script dropped */
    assert_string_equal(a->author, "Entry Author");
    assert_time(a->published, "2005-07-31T12:29:29Z");
    assert_time(a->updated, "2005-08-01T14:00:00Z");
    assert_string_equal(a->categories[0], "atom");
    const struct cc_item *b = &f->items[1];
    assert_string_equal(b->title, "Plain <b> stays"); /* type="text" */
    assert_string_equal(b->link, "http://example.com/other/two.html");
    assert_string_equal(b->author, "Feed Author"); /* inherited (RFC 4287) */
    assert_string_equal(b->summary, "Text content with <tags> kept");
    const struct cc_item *c = &f->items[2];
    assert_string_equal(c->title, "Id as link"); /* not the source's title */
    assert_string_equal(c->link, "http://example.com/ids/3");
    cc_feed_free(f);
}

static void atom03_modes(void **state)
{
    (void)state;
    struct cc_feed *f = load("atom03_modes", NULL);
    assert_string_equal(f->format, "atom0.3");
    assert_string_equal(f->title, "Atom 0.3 feed");
    assert_string_equal(f->items[0].content, "escaped & html");
    assert_string_equal(f->items[0].summary, "plain summary");
    assert_time(f->items[0].published, "2004-01-01T19:48:21Z");
    assert_string_equal(f->items[1].content, "decoded base64");
    assert_null(f->items[1].link); /* a tag: id is no link */
    cc_feed_free(f);
}

static void json_feed_versions(void **state)
{
    (void)state;
    struct cc_feed *f = load("jsonfeed11", NULL);
    assert_string_equal(f->format, "jsonfeed");
    assert_string_equal(f->link, "https://example.org/");
    assert_int_equal(f->nitems, 2);
    const struct cc_item *a = &f->items[0];
    assert_string_equal(a->link, "https://example.org/posts/2"); /* against feed_url */
    assert_string_equal(a->content, "Hello, world & \xC3\xA9t\xC3\xA9.");
    assert_string_equal(a->author, "Item Writer");
    assert_time(a->published, "2024-05-01T08:00:00Z");
    assert_int_equal(a->ncategories, 2); /* duplicate tag dropped */
    assert_string_equal(f->items[1].link, "https://elsewhere.example/story");
    assert_string_equal(f->items[1].author, "Feed Writer");
    assert_int_equal(f->nwarnings, 2);
    assert_non_null(strstr(f->warnings[0], "cannot parse date 'not a date'"));
    assert_non_null(strstr(f->warnings[1], "items[2] is not an object"));
    cc_feed_free(f);

    f = load("jsonfeed10", NULL);
    assert_string_equal(f->items[0].id, "42"); /* numeric id */
    assert_string_equal(f->items[0].author, "Old Author");
    cc_feed_free(f);
}

static void encodings_become_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *title;
        const char *item_title;
    } cases[] = {
        {"enc_latin1_declared",
         "Fran\xC3\xA7"
         "ais",
         "\xC3\x89t\xC3\xA9 \xC3\xA0 Paris"},
        {"enc_utf16le_bom", "UTF-16 \xE6\x97\xA5\xE6\x9C\xAC",
         "\xE6\x9D\xB1\xE4\xBA\xAC \xE2\x80\x94 news"},
        {"enc_utf32be_nobom", "UTF-16 \xE6\x97\xA5\xE6\x9C\xAC",
         "\xE6\x9D\xB1\xE4\xBA\xAC \xE2\x80\x94 news"},
        {"enc_euckr", "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\x89\xB4\xEC\x8A\xA4",
         "\xEC\x84\x9C\xEC\x9A\xB8 \xEC\x86\x8C\xEC\x8B\x9D"},
        {"enc_cp1252_in_utf8", "Mixed",
         "Valid \xC3\xA9 then cp1252 \xE2\x80\x9Cquotes\xE2\x80\x9D and \xC3\xA9"},
        {"enc_doubled_utf8", "Mojibake", "caf\xC3\xA9 ol\xC3\xA9"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        struct cc_feed *f = load(cases[i].name, NULL);
        if (strcmp(f->title, cases[i].title) != 0 ||
            strcmp(f->items[0].title, cases[i].item_title) != 0) {
            fail_msg("case %zu (%s): '%s' / '%s'", i, cases[i].name, f->title, f->items[0].title);
        }
        cc_feed_free(f);
    }
    struct cc_feed *f = load("enc_cp1252_in_utf8", NULL);
    assert_int_equal(f->nwarnings, 1);
    assert_string_equal(f->warnings[0], "3 runs of bytes that are not UTF-8 read as windows-1252");
    cc_feed_free(f);
}

static void options_base_url_and_http_charset(void **state)
{
    (void)state;
    const char *xml = "<rss version=\"2.0\"><channel><title>\xCC\xE8\xF0</title>"
                      "<link>/</link><item><link>a/b.html</link></item></channel></rss>";
    struct cc_feed_options o = {
        "https://example.com/x/feed.xml", "windows-1251", "t", 0, NULL, NULL};
    struct cc_feed *f = NULL;
    assert_int_equal(cc_feed_parse(&f, xml, strlen(xml), &o, NULL), 0);
    assert_string_equal(f->title, "\xD0\x9C\xD0\xB8\xD1\x80");
    assert_string_equal(f->link, "https://example.com/");
    assert_string_equal(f->items[0].link, "https://example.com/x/a/b.html");
    cc_feed_free(f);
}

static void malformed_xml_is_recovered_and_flagged(void **state)
{
    (void)state;
    struct cc_feed *f = load("malformed_recovered", NULL);
    assert_true(f->malformed);
    assert_int_equal(f->nitems, 2);
    assert_string_equal(f->title, "Broken & proud");
    assert_string_equal(f->items[0].title, "AT&T buys Q&A site");
    assert_string_equal(f->items[0].link, "http://example.com/1?a=1&b=2");
    assert_string_equal(f->items[0].author, "Undeclared Prefix");
    assert_string_equal(f->items[1].title, "Second &bogus; item");
    assert_true(f->nwarnings >= 5);
    assert_non_null(strstr(f->warnings[f->nwarnings - 1], "Extra content at the end"));
    cc_feed_free(f);

    f = load("malformed_truncated", NULL);
    assert_int_equal(f->nitems, 2);
    assert_string_equal(f->items[1].title, "Cut off in the mid");
    cc_feed_free(f);
}

static void check_error(const char *name, int code, const char *msg)
{
    struct cc_feed *f = (struct cc_feed *)1;
    struct cc_error err = CC_ERROR_INIT;
    const char *path = fixture(name);
    char subject[1024];
    snprintf(subject, sizeof(subject), "%s", path);
    assert_int_equal(cc_feed_load(&f, path, NULL, &err), code);
    assert_null(f);
    assert_int_equal(err.code, code);
    assert_string_equal(err.subject, subject);
    if (!strstr(err.msg, msg)) {
        fail_msg("%s: message '%s' lacks '%s'", name, err.msg, msg);
    }
}

static void attacks_and_non_feeds_are_rejected(void **state)
{
    (void)state;
    check_error("attack_billion_laughs", CC_EPARSE, "entity expansion is not allowed");
    check_error("attack_quadratic", CC_EPARSE, "entity expansion passes");
    check_error("attack_deep", CC_EPARSE, "nested more than 256 deep");
    check_error("not_a_feed", CC_EPARSE, "not a feed");
    check_error("no_such_case", CC_EIO, "cannot open");

    /* an external entity is never fetched: the reference stays literal */
    struct cc_feed *f = load("attack_external_entity", NULL);
    assert_string_equal(f->items[0].title, "before &xxe; after");
    cc_feed_free(f);
    /* a plain-text internal entity is fine */
    f = load("declared_entity_ok", NULL);
    assert_string_equal(f->title, "Credcheck \xE2\x84\xA2 feed");
    cc_feed_free(f);
}

static void json_errors_carry_position(void **state)
{
    (void)state;
    struct cc_feed *f = NULL;
    struct cc_error err = CC_ERROR_INIT;
    struct cc_feed_options o = {NULL, NULL, "feed.json", 0, NULL, NULL};
    const char *bad = "{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [}";
    assert_int_equal(cc_feed_parse(&f, bad, strlen(bad), &o, &err), CC_EPARSE);
    assert_null(f);
    assert_string_equal(err.subject, "feed.json");
    assert_int_equal(err.line, 2);
    assert_true(err.column > 0);
    cc_error_clear(&err);
    const char *notfeed = "{\"hello\": 1}";
    assert_int_equal(cc_feed_parse(&f, notfeed, strlen(notfeed), &o, &err), CC_EPARSE);
    assert_non_null(strstr(err.msg, "not a JSON Feed"));
}

struct seen {
    size_t n;
    char titles[4][64];
    int stop_at;
};

static int on_item(const struct cc_item *item, void *payload)
{
    struct seen *s = payload;
    if (s->n < 4) {
        snprintf(s->titles[s->n], sizeof(s->titles[0]), "%s", item->title ? item->title : "");
    }
    s->n++;
    return (int)s->n == s->stop_at ? CC_EIO : 0;
}

static void streaming_hands_over_items_in_order(void **state)
{
    (void)state;
    struct seen s = {0, {{0}}, 0};
    struct cc_feed_options o = {NULL, NULL, NULL, 0, on_item, &s};
    struct cc_feed *f = load("rss2_basic", &o);
    assert_int_equal(s.n, 3);
    assert_int_equal(f->nitems, 0);
    assert_int_equal(f->nstreamed, 3);
    assert_string_equal(s.titles[2], "Dates fall back to dc:date");
    assert_string_equal(f->title, "Dawn & Dusk News");
    cc_feed_free(f);

    struct seen stop = {0, {{0}}, 2};
    o.payload = &stop;
    struct cc_error err = CC_ERROR_INIT;
    f = NULL;
    assert_int_equal(cc_feed_load(&f, fixture("rss2_basic"), &o, &err), CC_EIO);
    assert_null(f);
    assert_int_equal(stop.n, 2);
}

static void item_cap_is_warned(void **state)
{
    (void)state;
    struct cc_feed_options o = {NULL, NULL, NULL, 2, NULL, NULL};
    struct cc_feed *f = load("rss2_basic", &o);
    assert_int_equal(f->nitems, 2);
    assert_true(f->nwarnings >= 1);
    assert_non_null(strstr(f->warnings[0], "more than 2 items"));
    cc_feed_free(f);
}

static void json_output_is_valid_and_complete(void **state)
{
    (void)state;
    struct cc_feed *f = load("malformed_recovered", NULL);
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_feed_write_json(&out, f, NULL), 0);
    json_error_t jerr;
    json_t *j = json_loadb(out.buf, out.len, 0, &jerr);
    if (!j) {
        fail_msg("not JSON: %s", jerr.text);
    }
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    const char *keys[] = {"id", "title", "link", "published", "summary", "content", "author"};
    for (size_t i = 0; i < CC_ARRAY_LEN(keys); i++) {
        assert_non_null(json_object_get(json_array_get(items, 1), keys[i])); /* null, not absent */
    }
    assert_true(json_is_null(json_object_get(json_array_get(items, 1), "published")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "title")),
                        "AT&T buys Q&A site");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "feed"), "title")),
                        "Broken & proud");
    assert_int_equal(json_array_size(json_object_get(j, "warnings")), f->nwarnings);
    json_decref(j);
    cc_buf_release(&out);
    cc_feed_free(f);

    /* control characters and quotes are escaped */
    struct cc_feed feed;
    memset(&feed, 0, sizeof(feed));
    struct cc_item it;
    memset(&it, 0, sizeof(it));
    it.published = CC_TIME_NONE;
    it.updated = INT64_C(1072865695);
    it.title = (char *)"q\"b\\s\x01 \xE2\x80\x94";
    feed.items = &it;
    feed.nitems = 1;
    assert_int_equal(cc_feed_write_json(&out, &feed, NULL), 0);
    assert_non_null(strstr(out.buf, "\"title\":\"q\\\"b\\\\s\\u0001 \xE2\x80\x94\""));
    assert_non_null(strstr(out.buf, "\"updated\":\"2003-12-31T10:14:55Z\""));
    cc_buf_release(&out);
}

static void resolve_url_follows_rfc3986(void **state)
{
    (void)state;
    /* RFC 3986 section 5.4 examples, base "http://a/b/c/d;p?q" */
    static const struct {
        const char *ref;
        const char *expected;
    } cases[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {";x", "http://a/b/c/;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"  g  ", "http://a/b/c/g"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        struct cc_buf out = CC_BUF_INIT;
        assert_int_equal(
            cc_feed_resolve_url(&out, "http://a/b/c/d;p?q", cases[i].ref, strlen(cases[i].ref)), 0);
        if (strcmp(out.buf, cases[i].expected) != 0) {
            fail_msg("case %zu ('%s'): got '%s', expected '%s'", i, cases[i].ref, out.buf,
                     cases[i].expected);
        }
        cc_buf_release(&out);
    }
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_feed_resolve_url(&out, NULL, " rel/x ", 7), 0);
    assert_string_equal(out.buf, "rel/x");
    cc_buf_release(&out);
}

static void out_of_memory_fails_cleanly(void **state)
{
    (void)state;
    const char *names[] = {"rss2_basic", "atom10_links_base", "jsonfeed11", "malformed_recovered"};
    for (size_t k = 0; k < CC_ARRAY_LEN(names); k++) {
        for (size_t n = 1;; n++) {
            struct cc_feed *f = NULL;
            struct cc_error err = CC_ERROR_INIT;
            cc_alloc_fail_after(n);
            int rc = cc_feed_load(&f, fixture(names[k]), NULL, &err);
            struct cc_buf out = CC_BUF_INIT;
            if (rc == 0) {
                rc = cc_feed_write_json(&out, f, &err);
            }
            cc_alloc_fail_after(0);
            cc_buf_release(&out);
            cc_feed_free(f);
            if (rc == 0) {
                break;
            }
            if (rc != CC_ENOMEM) {
                fail_msg("%s, allocation %zu: rc %d (%s)", names[k], n, rc, err.msg);
            }
            assert_int_equal(err.code, CC_ENOMEM);
            assert_true(n < 5000);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rss2_items_fields_and_precedence),
        cmocka_unit_test(rss1_rss090_and_rss091),
        cmocka_unit_test(atom10_alternate_link_and_xml_base),
        cmocka_unit_test(atom03_modes),
        cmocka_unit_test(json_feed_versions),
        cmocka_unit_test(encodings_become_utf8),
        cmocka_unit_test(options_base_url_and_http_charset),
        cmocka_unit_test(malformed_xml_is_recovered_and_flagged),
        cmocka_unit_test(attacks_and_non_feeds_are_rejected),
        cmocka_unit_test(json_errors_carry_position),
        cmocka_unit_test(streaming_hands_over_items_in_order),
        cmocka_unit_test(item_cap_is_warned),
        cmocka_unit_test(json_output_is_valid_and_complete),
        cmocka_unit_test(resolve_url_follows_rfc3986),
        cmocka_unit_test(out_of_memory_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
