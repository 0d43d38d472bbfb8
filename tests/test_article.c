#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/sentences.h"
#include "core/utf8.h"

static void fixture(char *out, size_t n, const char *name)
{
    const char *dir = getenv("CC_FIXTURES_DIR");
    if (!dir) {
        dir = CC_FIXTURES_DIR;
    }
    int w = snprintf(out, n, "%s/articles/%s", dir, name);
    assert_true(w > 0 && (size_t)w < n);
}

/* Invariants every article keeps: valid NFC text, blocks in order inside
 * it, separated by a blank line, links inside the text. */
static void assert_sane_article(const struct cc_article *a)
{
    assert_non_null(a->source);
    assert_true(cc_utf8_is_valid(a->text.buf, a->text.len));
    assert_int_equal(strlen(a->text.buf), a->text.len);
    struct cc_buf nfc = CC_BUF_INIT;
    assert_int_equal(cc_utf8_nfc(&nfc, a->text.buf, a->text.len), 0);
    assert_int_equal(nfc.len, a->text.len);
    assert_memory_equal(nfc.buf, a->text.buf, a->text.len);
    cc_buf_release(&nfc);
    for (size_t i = 0; i < a->blocks.n; i++) {
        const struct cc_text_block *b = &a->blocks.v[i];
        assert_true(b->start < b->end && b->end <= a->text.len);
        if (i > 0) {
            assert_true(b->start > a->blocks.v[i - 1].end);
        }
    }
    for (size_t i = 0; i < a->nlinks; i++) {
        assert_true(a->links[i].start < a->links[i].end && a->links[i].end <= a->text.len);
        assert_non_null(a->links[i].url);
    }
    if (a->date == CC_TIME_NONE) {
        assert_null(a->date_source);
    } else {
        assert_non_null(a->date_source);
    }
}

static const char *block_text(const struct cc_article *a, size_t i, size_t *len)
{
    *len = a->blocks.v[i].end - a->blocks.v[i].start;
    return a->text.buf + a->blocks.v[i].start;
}

#define ASSERT_BLOCK(a, i, kind_, str)                                                             \
    do {                                                                                           \
        size_t len_;                                                                               \
        const char *t_ = block_text((a), (i), &len_);                                              \
        if ((a)->blocks.v[(i)].kind != (kind_) || len_ != strlen(str) ||                           \
            memcmp(t_, (str), len_) != 0) {                                                        \
            fail_msg("block %zu: kind %d '%.*s', want kind %d '%s'", (size_t)(i),                  \
                     (a)->blocks.v[(i)].kind, (int)len_, t_, (kind_), (str));                      \
        }                                                                                          \
    } while (0)

static void example_article_is_plain_text_with_two_headings(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof(path), "example_article.txt");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, path, NULL, &err), 0);
    assert_sane_article(a);
    assert_int_equal(a->format, CC_ARTICLE_TEXT);
    assert_string_equal(a->source, path);
    assert_null(a->title);
    assert_null(a->url);
    assert_true(a->date == CC_TIME_NONE);
    assert_int_equal(a->bytes, 3772);
    assert_int_equal(a->repaired, 0);
    /* One block per line, "May 10\n(en.wikipedia.org)." continued. */
    assert_int_equal(a->blocks.n, 14);
    size_t headings = 0;
    for (size_t i = 0; i < a->blocks.n; i++) {
        headings += a->blocks.v[i].kind == CC_BLOCK_HEADING;
    }
    assert_int_equal(headings, 2);
    ASSERT_BLOCK(a, 6, CC_BLOCK_HEADING, "Reception in New Delhi and Washington");
    ASSERT_BLOCK(a, 11, CC_BLOCK_HEADING, "Trust Building Remains an Issue");
    size_t len;
    const char *t = block_text(a, 4, &len);
    assert_true(len > 26);
    assert_memory_equal(t + len - 26, "May 10\n(en.wikipedia.org).", 26);
    /* The display text keeps the curly quotes. */
    assert_non_null(strstr(a->text.buf, "Reuter\xe2\x80\x99s reported"));
    cc_article_free(a);
}

static void markdown_becomes_plain_blocks(void **state)
{
    (void)state;
    const char *md = "# Title with *emphasis*\n"
                     "\n"
                     "First paragraph with **bold**, `code`, snake_case and a\n"
                     "[link](https://www.dawn.com/news/1 \"t\") plus <https://geo.tv/x>.\n"
                     "\n"
                     "* item one\n"
                     "* item two [Arabnews.pk]\n"
                     "  continued\n"
                     "\n"
                     "> quoted text\n"
                     "\n"
                     "Setext heading\n"
                     "==============\n"
                     "\n"
                     "![img](http://x/y.png) After image. 2 * 3 = 6\n"
                     "\n"
                     "```\n"
                     "code is dropped\n"
                     "```\n"
                     "[ref]: https://example.org\n";
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_parse(&a, md, strlen(md), "notes.md", NULL, NULL), 0);
    assert_sane_article(a);
    assert_int_equal(a->format, CC_ARTICLE_MARKDOWN);
    assert_string_equal(a->title, "Title with emphasis");
    assert_int_equal(a->blocks.n, 7);
    ASSERT_BLOCK(a, 0, CC_BLOCK_HEADING, "Title with emphasis");
    assert_int_equal(a->blocks.v[0].level, 1);
    ASSERT_BLOCK(a, 1, CC_BLOCK_PARAGRAPH,
                 "First paragraph with bold, code, snake_case and a link plus https://geo.tv/x.");
    ASSERT_BLOCK(a, 2, CC_BLOCK_LIST_ITEM, "item one");
    ASSERT_BLOCK(a, 3, CC_BLOCK_LIST_ITEM, "item two [Arabnews.pk] continued");
    ASSERT_BLOCK(a, 4, CC_BLOCK_PARAGRAPH, "quoted text");
    ASSERT_BLOCK(a, 5, CC_BLOCK_HEADING, "Setext heading");
    ASSERT_BLOCK(a, 6, CC_BLOCK_PARAGRAPH, "After image. 2 * 3 = 6");
    assert_int_equal(a->nlinks, 2);
    assert_string_equal(a->links[0].url, "https://www.dawn.com/news/1");
    assert_memory_equal(a->text.buf + a->links[0].start, "link", 4);
    assert_int_equal(a->links[0].end - a->links[0].start, 4);
    assert_string_equal(a->links[1].url, "https://geo.tv/x");
    cc_article_free(a);
}

static void markdown_is_recognised_by_content(void **state)
{
    (void)state;
    const char *md = "## Heading\n\nText with a [link](https://reuters.com/a).\n";
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_parse(&a, md, strlen(md), "article.txt", NULL, NULL), 0);
    assert_int_equal(a->format, CC_ARTICLE_MARKDOWN);
    cc_article_free(a);
    /* The example article's "* [Arabnews.pk]" is not Markdown. */
    const char *txt = "A claim. * [Arabnews.pk].\nAnother line (Reuters).\n";
    assert_int_equal(cc_article_parse(&a, txt, strlen(txt), "-", NULL, NULL), 0);
    assert_int_equal(a->format, CC_ARTICLE_TEXT);
    assert_int_equal(a->nlinks, 0);
    assert_non_null(strstr(a->text.buf, "* [Arabnews.pk]."));
    cc_article_free(a);
}

static void html_is_recognised_by_content_not_name(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof(path), "html_named_txt.txt");
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, path, NULL, &err), 0);
    assert_sane_article(a);
    assert_int_equal(a->format, CC_ARTICLE_HTML);
    assert_non_null(strstr(a->text.buf, "came into effect on May 10, according to Reuters."));
    assert_null(strstr(a->text.buf, "Copyright"));
    assert_int_equal(a->date, 1746950400); /* 2025-05-11T08:00:00Z */
    assert_string_equal(a->date_source, "article:published_time");
    cc_article_free(a);

    /* --date wins over the page's own date. */
    struct cc_article_options o;
    cc_article_options_init(&o);
    assert_int_equal(cc_article_parse_date(&o.date, "2025-06-01", NULL), 0);
    assert_int_equal(cc_article_load(&a, path, &o, &err), 0);
    assert_int_equal(a->date, 1748736000);
    assert_string_equal(a->date_source, "option");
    cc_article_free(a);
}

static void invalid_utf8_is_repaired_not_fatal(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof(path), "cp1252_bytes.txt");
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_load(&a, path, NULL, NULL), 0);
    assert_sane_article(a);
    assert_int_equal(a->repaired, 2);
    /* windows-1252 bytes read as such; CRLF made LF. */
    assert_non_null(strstr(a->text.buf, "Caf\xc3\xa9 owners"));
    assert_non_null(strstr(a->text.buf, "May \xe2\x80\x93 the"));
    assert_null(strchr(a->text.buf, '\r'));
    assert_int_equal(a->blocks.n, 2);
    cc_article_free(a);

    const char *bad = "Bad \xff\xfe bytes and a NUL \0 inside.";
    assert_int_equal(cc_article_parse(&a, bad, 31, "-", NULL, NULL), 0);
    assert_sane_article(a);
    assert_true(a->repaired >= 2);
    cc_article_free(a);
}

static void byte_order_marks_and_nfc(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof(path), "utf16_bom.txt");
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_load(&a, path, NULL, NULL), 0);
    assert_sane_article(a);
    assert_non_null(strstr(a->text.buf, "Bilawal Bhutto\xe2\x80\x91Zardari met officials"));
    cc_article_free(a);

    /* UTF-8 BOM dropped; "e" + combining acute composed. */
    const char *t = "\xef\xbb\xbf"
                    "Cafe\xcc\x81 prices rose.";
    assert_int_equal(cc_article_parse(&a, t, strlen(t), "-", NULL, NULL), 0);
    assert_string_equal(a->text.buf, "Caf\xc3\xa9 prices rose.");
    cc_article_free(a);
}

static void size_cap_is_a_clear_error(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof(path), "example_article.txt");
    struct cc_article_options o;
    cc_article_options_init(&o);
    o.max_bytes = 1000;
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, path, &o, &err), CC_ETOOBIG);
    assert_null(a);
    assert_int_equal(err.code, CC_ETOOBIG);
    assert_string_equal(err.subject, path);
    assert_non_null(strstr(err.msg, "larger than the 1000-byte cap"));

    cc_error_clear(&err);
    assert_int_equal(cc_article_parse(&a, "abc", 3, "x.txt", &o, &err), 0);
    cc_article_free(a);
    /* The default cap is 4 MiB. */
    assert_int_equal(CC_ARTICLE_MAX_BYTES, 4194304);
}

static void missing_files_name_the_path(void **state)
{
    (void)state;
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_article_load(&a, "/nonexistent/article.txt", NULL, &err), CC_EIO);
    assert_null(a);
    assert_string_equal(err.subject, "/nonexistent/article.txt");
    assert_non_null(strstr(err.msg, "cannot open"));
    cc_error_clear(&err);
    assert_int_equal(cc_article_load(&a, "/", NULL, &err), CC_EIO);
    assert_non_null(strstr(err.msg, "cannot read"));
}

static void dates_from_the_option_only(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t want; /* INT64_MIN: invalid */
    } rows[] = {
        {"2025-07-02", 1751414400}, {"2025-07-02T12:30:00Z", 1751459400},
        {"1970-01-01", 0},          {"2025-02-29", INT64_MIN},
        {"2025-13-01", INT64_MIN},  {"2025-7-2", INT64_MIN},
        {"yesterday", INT64_MIN},   {"", INT64_MIN},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t t = 0;
        struct cc_error err = CC_ERROR_INIT;
        int rc = cc_article_parse_date(&t, rows[i].in, &err);
        if (rows[i].want == INT64_MIN) {
            assert_int_equal(rc, CC_EINVAL);
            assert_non_null(strstr(err.msg, "want YYYY-MM-DD"));
        } else if (rc != 0 || t != rows[i].want) {
            fail_msg("row %zu: rc %d t %lld", i, rc, (long long)t);
        }
    }
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_parse(&a, "Text.", 5, "-", NULL, NULL), 0);
    assert_true(a->date == CC_TIME_NONE);
    assert_null(a->date_source);
    cc_article_free(a);
}

static void empty_and_blank_articles(void **state)
{
    (void)state;
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_parse(&a, "", 0, "-", NULL, NULL), 0);
    assert_int_equal(a->blocks.n, 0);
    assert_int_equal(a->text.len, 0);
    cc_article_free(a);
    assert_int_equal(cc_article_parse(&a, " \n\n\t\n", 5, "-", NULL, NULL), 0);
    assert_int_equal(a->blocks.n, 0);
    cc_article_free(a);
    cc_article_free(NULL);
}

static void out_of_memory_leaves_nothing(void **state)
{
    (void)state;
    const char *md = "# T\n\nPara with [a link](https://dawn.com/x) and **b**.\n\n* item\n";
    for (size_t n = 1;; n++) {
        struct cc_article *a = NULL;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_article_parse(&a, md, strlen(md), "x.md", NULL, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_int_equal(a->blocks.n, 3);
            cc_article_free(a);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_null(a);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_true(n < 200);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(example_article_is_plain_text_with_two_headings),
        cmocka_unit_test(markdown_becomes_plain_blocks),
        cmocka_unit_test(markdown_is_recognised_by_content),
        cmocka_unit_test(html_is_recognised_by_content_not_name),
        cmocka_unit_test(invalid_utf8_is_repaired_not_fatal),
        cmocka_unit_test(byte_order_marks_and_nfc),
        cmocka_unit_test(size_cap_is_a_clear_error),
        cmocka_unit_test(missing_files_name_the_path),
        cmocka_unit_test(dates_from_the_option_only),
        cmocka_unit_test(empty_and_blank_articles),
        cmocka_unit_test(out_of_memory_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
