/*
 * test_readable.c: fetchers/readable: date strings and URL dates, HTML
 * sniffing, the date sources in their order, headline cleaning, encodings,
 * furniture removal, errors, hostile input and allocation failures.
 * The page-level quality suite is tests/html/check_fixtures.py.
 */
#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/num.h"
#include "fetchers/readable.h"
#include "fetchers/readable_int.h"
#include "core/banned.h"

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct cc_tm tm = {y, mo, d, h, mi, s};
    int64_t t = 0;
    assert_int_equal(cc_time_from_tm(&t, &tm), 0);
    return t;
}

static struct cc_readable *parse_ok(const char *page, const char *url, const char *charset)
{
    struct cc_readable_options opts = {url, charset, "test.html"};
    struct cc_readable *r = NULL;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_readable_parse(&r, page, strlen(page), &opts, &err);
    if (rc) {
        print_error("unexpected error: %s: %s\n", err.subject, err.msg);
    }
    assert_int_equal(rc, 0);
    assert_non_null(r);
    return r;
}

/* The paragraphs joined by "|", headings as "#text". */
static void join_blocks(struct cc_buf *out, const struct cc_readable *r)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        if (i > 0) {
            assert_int_equal(cc_buf_addch(out, '|'), 0);
        }
        if (r->blocks[i].kind == CC_READABLE_HEADING) {
            assert_int_equal(cc_buf_addch(out, '#'), 0);
        }
        assert_int_equal(cc_buf_adds(out, r->blocks[i].text), 0);
        assert_int_equal(strlen(r->blocks[i].text), r->blocks[i].len);
    }
}

static void date_strings_parse_to_utc(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int y, mo, d, h, mi, s;
    } rows[] = {
        {"2025-07-02T18:45:22+05:00", 2025, 7, 2, 13, 45, 22},
        {"2025-07-02T18:45:22+0500", 2025, 7, 2, 13, 45, 22},
        {"2025-07-02T09:30:00Z", 2025, 7, 2, 9, 30, 0},
        {"2025-07-02T09:30:00.123Z", 2025, 7, 2, 9, 30, 0},
        {"2025-07-02 09:30:00", 2025, 7, 2, 9, 30, 0},
        {"2025-07-02T09:30", 2025, 7, 2, 9, 30, 0},
        {"2025-07-02", 2025, 7, 2, 0, 0, 0},
        {"2025/07/02", 2025, 7, 2, 0, 0, 0},
        {"20250702", 2025, 7, 2, 0, 0, 0},
        {"  2025-06-10T22:40:00-04:00 ", 2025, 6, 11, 2, 40, 0},
        {"Wed, 02 Jul 2025 10:15:00 GMT", 2025, 7, 2, 10, 15, 0},
        {"Wed, 02 Jul 2025 10:15:00 +0530", 2025, 7, 2, 4, 45, 0},
        {"July 2, 2025", 2025, 7, 2, 0, 0, 0},
        {"July 2, 2025 10:15 PM", 2025, 7, 2, 22, 15, 0},
        {"Jun 2, 2025, 13:00 IST", 2025, 6, 2, 7, 30, 0},
        {"2 July 2025", 2025, 7, 2, 0, 0, 0},
        {"14 June 2025 12:00 PKT", 2025, 6, 14, 7, 0, 0},
        {"Sept 3rd, 2024", 2024, 9, 3, 0, 0, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t t = 0;
        int rc = cc_readable__parse_date(&t, rows[i].in, strlen(rows[i].in));
        if (rc != 0 ||
            t != utc(rows[i].y, rows[i].mo, rows[i].d, rows[i].h, rows[i].mi, rows[i].s)) {
            fail_msg("row %zu '%s': rc %d", i, rows[i].in, rc);
        }
    }
}

static void bad_date_strings_are_rejected(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "", "yesterday", "2025-13-01", "2025-02-30", "1850-01-01", "July 2025", "12:30",
        "2025-07-02T25:00:00Z", "not a date at all, really", "99999999",
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t t;
        if (cc_readable__parse_date(&t, rows[i], strlen(rows[i])) != CC_EINVAL) {
            fail_msg("row %zu '%s' parsed", i, rows[i]);
        }
    }
}

static void url_paths_give_dates(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        int y, mo, d; /* y == 0: no date */
    } rows[] = {
        {"https://www.pakistantoday.example/2025/07/02/bilawal-offers/", 2025, 7, 2},
        {"https://news.example/world/2025-07-02/story.html", 2025, 7, 2},
        {"https://news.example/story-20250702.html", 2025, 7, 2},
        {"https://news.example/2025/7/2/story", 2025, 7, 2},
        {"https://www.dawn.example/news/1921612", 0, 0, 0},
        {"https://news.example/articleshow/121534567.cms", 0, 0, 0},
        {"https://news.example/2025/13/45/story", 0, 0, 0},
        {"https://news.example/story?date=2025-07-02", 0, 0, 0},
        {"https://20250702.example/story", 0, 0, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        int64_t t = 0;
        int rc = cc_readable__url_date(&t, rows[i].url);
        if (rows[i].y == 0) {
            if (rc != CC_ENOTFOUND) {
                fail_msg("row %zu '%s': found a date", i, rows[i].url);
            }
        } else if (rc != 0 || t != utc(rows[i].y, rows[i].mo, rows[i].d, 0, 0, 0)) {
            fail_msg("row %zu '%s': rc %d", i, rows[i].url, rc);
        }
    }
}

static void html_is_told_from_text(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool html;
    } rows[] = {
        {"<!DOCTYPE html><html><body>x</body></html>", true},
        {"\xEF\xBB\xBF  <!doctype HTML>\n<title>x</title>", true},
        {"<html lang=\"en\">", true},
        {"<!-- saved page -->\n<p>x</p>", true},
        {"<div class=\"a\"><p>One.</p><p>Two.</p></div>", true},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">", true},
        {"# Heading\n\nPlain **Markdown** text with a <br> only.", false},
        {"Islamabad, July 2: Bilawal said <sic> things.", false},
        {"", false},
        {"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>", false},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        if (cc_readable_is_html(rows[i].in, strlen(rows[i].in)) != rows[i].html) {
            fail_msg("row %zu: '%s'", i, rows[i].in);
        }
    }
}

#define BODY_P                                                                                  \
    "<p>The council approved the budget on Tuesday after a long debate, with nine votes in "     \
    "favour and four against, the clerk said.</p>"

/* Each row adds one more date source; the earliest in the order wins. */
static void date_sources_follow_the_documented_order(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        const char *body;
        const char *url;
        int source;
        const char *detail;
        int y, mo, d, h, mi;
    } rows[] = {
        {"<meta property=\"article:published_time\" content=\"2025-07-02T10:00:00Z\">"
         "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"2025-07-01T10:00:00Z\"}</script>",
         "<time datetime=\"2025-06-30\">x</time>", "https://x.example/2025/06/29/a",
         CC_READABLE_DATE_META_PUBLISHED, "article:published_time", 2025, 7, 2, 10, 0},
        {"<meta property=\"article:published_time\" content=\"garbage\">"
         "<script type=\"application/ld+json\">[{\"@graph\":[{\"@type\":\"WebSite\"},"
         "{\"@type\":[\"NewsArticle\"],\"datePublished\":\"2025-07-01T10:00:00+02:00\"}]}]"
         "</script>",
         "", NULL, CC_READABLE_DATE_JSONLD, "datePublished", 2025, 7, 1, 8, 0},
        {"<script type=\"application/ld+json\">{broken</script>",
         "<article><span itemprop=\"datePublished\" content=\"2025-06-30T05:00:00Z\"></span>"
         "<time datetime=\"2025-06-01\">x</time></article>",
         NULL, CC_READABLE_DATE_TIME, "itemprop=datePublished", 2025, 6, 30, 5, 0},
        {"", "<aside><time datetime=\"2025-01-01\">old</time></aside>"
             "<article><time datetime=\"2025-06-29T01:02:00Z\">x</time></article>",
         NULL, CC_READABLE_DATE_TIME, "time[datetime]", 2025, 6, 29, 1, 2},
        {"<meta name=\"DC.date.issued\" content=\"2025-06-28\"><meta name=\"date\" "
         "content=\"2025-06-01\">",
         "<aside><time datetime=\"2025-01-01\">old</time></aside>", NULL,
         CC_READABLE_DATE_META_OTHER, "dc.date.issued", 2025, 6, 28, 0, 0},
        {"<meta name=\"sailthru.date\" content=\"Fri, 27 Jun 2025 14:00:00 +0000\">", "", NULL,
         CC_READABLE_DATE_META_OTHER, "sailthru.date", 2025, 6, 27, 14, 0},
        {"", "", "https://x.example/news/2025/06/26/story", CC_READABLE_DATE_URL, "url", 2025, 6,
         26, 0, 0},
        {"<link rel=\"canonical\" href=\"https://x.example/2025-06-25/story\">", "", NULL,
         CC_READABLE_DATE_URL, "canonical url", 2025, 6, 25, 0, 0},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_buf page = CC_BUF_INIT;
        assert_int_equal(cc_buf_addf(&page, "<html><head><title>T</title>%s</head><body>%s" BODY_P
                                            "</body></html>",
                                     rows[i].head, rows[i].body),
                         0);
        struct cc_readable *r = parse_ok(page.buf, rows[i].url, NULL);
        if (r->date_source != rows[i].source || !r->date_detail ||
            strcmp(r->date_detail, rows[i].detail) != 0 ||
            r->published != utc(rows[i].y, rows[i].mo, rows[i].d, rows[i].h, rows[i].mi, 0)) {
            fail_msg("row %zu: source %d (%s) detail %s", i, r->date_source,
                     cc_readable_date_source_name(r->date_source),
                     r->date_detail ? r->date_detail : "(null)");
        }
        cc_readable_free(r);
        cc_buf_release(&page);
    }
}

static void page_without_date_says_none(void **state)
{
    (void)state;
    struct cc_readable *r = parse_ok("<html><body>" BODY_P "</body></html>", NULL, NULL);
    assert_int_equal(r->date_source, CC_READABLE_DATE_NONE);
    assert_true(r->published == CC_TIME_NONE);
    assert_null(r->date_detail);
    assert_string_equal(cc_readable_date_source_name(r->date_source), "none");
    cc_readable_free(r);
}

static void headline_loses_the_site_name(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        const char *body;
        const char *title;
        const char *site;
    } rows[] = {
        {"<title>Bilawal offers India a partnership | Dawn News</title>", "", "Bilawal offers India a partnership", NULL},
        {"<title>Geo News - Kurilla praises Pakistan as partner in fight</title>"
         "<meta property=\"og:site_name\" content=\"Geo News\">",
         "", "Kurilla praises Pakistan as partner in fight", "Geo News"},
        {"<title>Dar says Pakistan ready for talks \xE2\x80\x94 The Express Tribune</title>", "",
         "Dar says Pakistan ready for talks", NULL},
        {"<title>Home | Site</title><meta property=\"og:title\" content=\"Rail line opens\">",
         "<h1>Rail line opens</h1>", "Rail line opens", NULL},
        {"<title>Logo</title><meta property=\"og:title\" content=\"Rates held at 11 percent - "
         "Business Ledger\">",
         "<h1>Business Ledger</h1>", "Rates held at 11 percent", NULL},
        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
         "\"Floods cut off villages\",\"publisher\":{\"name\":\"Valley Times\"}}</script>",
         "", "Floods cut off villages", "Valley Times"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_buf page = CC_BUF_INIT;
        assert_int_equal(cc_buf_addf(&page, "<html><head>%s</head><body>%s" BODY_P "</body></html>",
                                     rows[i].head, rows[i].body),
                         0);
        struct cc_readable *r = parse_ok(page.buf, NULL, NULL);
        if (!r->title || strcmp(r->title, rows[i].title) != 0) {
            fail_msg("row %zu: title '%s'", i, r->title ? r->title : "(null)");
        }
        assert_true(r->nblocks >= 1);
        assert_int_equal(r->blocks[0].kind, CC_READABLE_HEADING);
        assert_int_equal(r->blocks[0].level, 1);
        assert_string_equal(r->blocks[0].text, rows[i].title);
        if (rows[i].site) {
            assert_non_null(r->site_name);
            assert_string_equal(r->site_name, rows[i].site);
        }
        cc_readable_free(r);
        cc_buf_release(&page);
    }
}

static void furniture_is_dropped_and_blocks_kept(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>Budget approved | Gazette</title>"
        "<meta property=\"og:site_name\" content=\"Gazette\"></head><body>"
        "<nav><a href=\"/\">Home</a><a href=\"/news\">News</a></nav>"
        "<div class=\"cookie-banner\"><p>We use cookies to improve your experience, to "
        "personalise content and ads, and to analyse our traffic with our partners.</p></div>"
        "<article><h1>Budget approved</h1><div class=\"byline\">By Jane Doe</div>"
        "<p>The city council on Tuesday approved a budget of 4.2 billion dollars, with the "
        "largest rise in transit spending in two decades, officials said.</p>"
        "<figure><img src=\"a.jpg\"><figcaption>The council chamber on Tuesday.</figcaption>"
        "</figure>"
        "<h2>Buses and &amp; trains</h2>"
        "<p>The plan sets aside 610 million dollars for buses, light rail and street repairs, "
        "up from 455 million dollars this year, the finance director said.</p>"
        "<p>Read more: <a href=\"/x\">Council delays vote on housing plan</a></p>"
        "<p>Advertisement</p>"
        "<p>Mayor Elena Ruiz said the investment would shorten commutes in neighbourhoods "
        "that had waited years for service. Opponents wanted tax cuts instead.</p>"
        "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a></div>"
        "<h2>Related stories</h2><ul><li><a href=\"/a\">Council delays vote on housing plan</a>"
        "</li><li><a href=\"/b\">Library hours extended at weekends</a></li></ul>"
        "</article><div id=\"comments\"><p>What a waste of money, they should fix the roads "
        "first and stop building trains nobody will ever use in this city.</p></div>"
        "<footer><p>Copyright 2025 Gazette. All rights reserved.</p></footer></body></html>";
    struct cc_readable *r = parse_ok(page, NULL, NULL);
    struct cc_buf all = CC_BUF_INIT;
    join_blocks(&all, r);
    assert_string_equal(
        all.buf,
        "#Budget approved|The city council on Tuesday approved a budget of 4.2 billion dollars, "
        "with the largest rise in transit spending in two decades, officials said.|#Buses and & "
        "trains|The plan sets aside 610 million dollars for buses, light rail and street "
        "repairs, up from 455 million dollars this year, the finance director said.|Mayor Elena "
        "Ruiz said the investment would shorten commutes in neighbourhoods that had waited years "
        "for service. Opponents wanted tax cuts instead.");
    assert_int_equal(r->blocks[2].level, 2);
    assert_string_equal(r->site_name, "Gazette");
    cc_buf_release(&all);
    cc_readable_free(r);
}

static void text_is_collapsed_decoded_and_nfc(void **state)
{
    (void)state;
    /* "e" + combining acute must come out as U+00E9; NBSP and runs of
     * white space collapse; entities are decoded. */
    const char *page = "<html><body><article><p>  Caf&eacute;   owners\n\tin   Zu\xCC\x88rich "
                       "and Cafe\xCC\x81 staff&nbsp;&nbsp;said &ldquo;no&rdquo; &amp; left, "
                       "the union said on Monday in a statement.</p></article></body></html>";
    struct cc_readable *r = parse_ok(page, NULL, NULL);
    assert_int_equal(r->nblocks, 1);
    assert_string_equal(r->blocks[0].text,
                        "Caf\xC3\xA9 owners in Z\xC3\xBCrich and Caf\xC3\xA9 staff said "
                        "\xE2\x80\x9Cno\xE2\x80\x9D & left, the union said on Monday in a "
                        "statement.");
    cc_readable_free(r);
}

static void encodings_http_meta_bom_and_repair(void **state)
{
    (void)state;
    /* windows-1252 bytes: 0x93/0x94 curly quotes, 0xE9 e-acute */
    const char *cp = "<html><body><p>The caf\xE9 owner said \x93no\x94 to the plan on "
                     "Monday, the union confirmed.</p></body></html>";
    const char *want = "The caf\xC3\xA9 owner said \xE2\x80\x9Cno\xE2\x80\x9D to the plan on "
                       "Monday, the union confirmed.";
    struct cc_readable *r = parse_ok(cp, NULL, "windows-1252");
    assert_string_equal(r->blocks[r->nblocks - 1].text, want);
    assert_string_equal(r->charset, "windows-1252");
    cc_readable_free(r);

    struct cc_buf meta = CC_BUF_INIT;
    assert_int_equal(cc_buf_addf(&meta, "<meta charset=\"windows-1252\">%s", cp), 0);
    r = parse_ok(meta.buf, NULL, NULL);
    assert_string_equal(r->blocks[r->nblocks - 1].text, want);
    cc_readable_free(r);
    cc_buf_release(&meta);

    /* no declaration: UTF-8, invalid bytes read as windows-1252 */
    r = parse_ok(cp, NULL, NULL);
    assert_string_equal(r->blocks[r->nblocks - 1].text, want);
    assert_string_equal(r->charset, "UTF-8");
    assert_true(r->repaired > 0);
    cc_readable_free(r);

    /* a UTF-8 BOM wins over a lying meta */
    struct cc_buf bom = CC_BUF_INIT;
    assert_int_equal(cc_buf_addf(&bom, "\xEF\xBB\xBF<meta charset=\"iso-8859-1\"><p>The "
                                       "caf\xC3\xA9 owner said no to the plan on Monday, the "
                                       "union confirmed.</p>"),
                     0);
    r = parse_ok(bom.buf, NULL, NULL);
    assert_string_equal(r->blocks[r->nblocks - 1].text,
                        "The caf\xC3\xA9 owner said no to the plan on Monday, the union "
                        "confirmed.");
    cc_readable_free(r);
    cc_buf_release(&bom);
}

static void jsonld_body_replaces_an_empty_shell(void **state)
{
    (void)state;
    const char *page =
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
        "\"headline\":\"Spinners win series\",\"articleBody\":\"The home side's spinners took "
        "nine wickets on the final day to complete a 112-run victory.\\nSet 301 to win, the "
        "visitors were bowled out for 188 shortly after tea on the fifth day.\\n\\nThe final "
        "match starts next Thursday in the southern city, the board said.\"}</script></head>"
        "<body><div id=\"root\">Loading...</div></body></html>";
    struct cc_readable *r = parse_ok(page, NULL, NULL);
    assert_true(r->from_jsonld_body);
    assert_int_equal(r->nblocks, 4);
    assert_string_equal(r->blocks[0].text, "Spinners win series");
    assert_string_equal(r->blocks[3].text,
                        "The final match starts next Thursday in the southern city, the board "
                        "said.");
    cc_readable_free(r);
}

static void links_keep_their_anchor_offsets(void **state)
{
    (void)state;
    const char *page =
        "<html><body><article><p>  The  minister told   <a href=\"https://www.reuters.com/world/"
        "x\">Reuters</a> on Monday, as <a href=\"/news/1921612\"><b>Dawn</b>  reported</a>, that "
        "talks would <a href=\"#more\">resume</a> soon; <a href=\"mailto:desk@x.example\">write "
        "to us</a> and <a href=\"javascript:void(0)\">share</a> this caf\xC3\xA9 "
        "<a href=\"https://example.com/a b\">story</a>.</p></article></body></html>";
    struct cc_readable *r = parse_ok(page, "https://www.dawn.com/news/2000", NULL);
    assert_int_equal(r->nblocks, 1);
    const struct cc_readable_block *b = &r->blocks[0];
    assert_string_equal(b->text, "The minister told Reuters on Monday, as Dawn reported, that "
                                 "talks would resume soon; write to us and share this "
                                 "caf\xC3\xA9 story.");
    assert_int_equal(b->nlinks, 2);
    assert_int_equal(b->links[0].end - b->links[0].start, 7);
    assert_memory_equal(b->text + b->links[0].start, "Reuters", 7);
    assert_string_equal(b->links[0].url, "https://www.reuters.com/world/x");
    assert_memory_equal(b->text + b->links[1].start, "Dawn reported", 13);
    assert_int_equal(b->links[1].end - b->links[1].start, 13);
    assert_string_equal(b->links[1].url, "https://www.dawn.com/news/1921612");
    cc_readable_free(r);
}

static void hostile_input_does_not_crash(void **state)
{
    (void)state;
    /* empty, binary, unclosed tags, very deep nesting, huge attribute */
    struct cc_readable *r = parse_ok("", NULL, NULL);
    assert_int_equal(r->nblocks, 0);
    cc_readable_free(r);
    static const char bin[] = "\x00\x01\xff\xfe<\x00p>\x80\x81";
    struct cc_readable_options opts = {NULL, NULL, "bin"};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_readable_parse(&r, bin, sizeof(bin) - 1, &opts, &err), 0);
    cc_readable_free(r);
    r = parse_ok("<p><b><i><p><div><table><td><p>unclosed <a href='x", NULL, NULL);
    cc_readable_free(r);
    struct cc_buf deep = CC_BUF_INIT;
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(cc_buf_adds(&deep, "<div class=\"x\">"), 0);
    }
    assert_int_equal(cc_buf_adds(&deep, BODY_P), 0);
    r = parse_ok(deep.buf, NULL, NULL);
    /* deeper than libxml2's default limit of 256: still read to the end */
    assert_true(r->nblocks >= 1);
    assert_non_null(strstr(r->blocks[r->nblocks - 1].text, "nine votes in favour"));
    cc_readable_free(r);
    /* unlikely-but-rescued names nested deep, each with text: near-linear */
    cc_buf_reset(&deep);
    for (int i = 0; i < 5000; i++) {
        assert_int_equal(cc_buf_addf(&deep, "<div class=\"menu-content\">text %d ", i), 0);
    }
    r = parse_ok(deep.buf, NULL, NULL);
    cc_readable_free(r);
    cc_buf_reset(&deep);
    assert_int_equal(cc_buf_adds(&deep, "<p class=\""), 0);
    for (int i = 0; i < 100000; i++) {
        assert_int_equal(cc_buf_adds(&deep, "comment share "), 0);
    }
    assert_int_equal(cc_buf_adds(&deep, "\">x</p>" BODY_P), 0);
    r = parse_ok(deep.buf, NULL, NULL);
    cc_readable_free(r);
    cc_buf_release(&deep);
}

static void oversized_page_is_refused(void **state)
{
    (void)state;
    struct cc_readable *r = (struct cc_readable *)1;
    struct cc_error err = CC_ERROR_INIT;
    struct cc_readable_options opts = {NULL, NULL, "big.html"};
    /* the size is checked before a byte is read */
    assert_int_equal(cc_readable_parse(&r, "", CC_READABLE_MAX_INPUT + 1, &opts, &err),
                     CC_ETOOBIG);
    assert_null(r);
    assert_int_equal(err.code, CC_ETOOBIG);
    assert_string_equal(err.subject, "big.html");
    assert_non_null(strstr(err.msg, "larger than"));
}

static void allocation_failures_return_enomem(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>Budget approved | Gazette</title>"
        "<meta property=\"article:published_time\" content=\"2025-07-02T10:00:00Z\">"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"B\","
        "\"articleBody\":\"x\",\"publisher\":{\"name\":\"Gazette\"}}</script></head><body>"
        "<article><h1>Budget approved</h1>" BODY_P BODY_P "<ul><li>a</li></ul>"
        "<p>Read more: <a href=\"/\">x</a></p></article></body></html>";
    for (size_t n = 1; n < 10000; n++) {
        struct cc_readable *r = NULL;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_readable_parse(&r, page, strlen(page), NULL, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_non_null(r);
            assert_int_equal(r->date_source, CC_READABLE_DATE_META_PUBLISHED);
            cc_readable_free(r);
            return;
        }
        if (rc != CC_ENOMEM) {
            fail_msg("allocation %zu: rc %d (%s)", n, rc, err.msg);
        }
        assert_null(r);
        assert_int_equal(err.code, CC_ENOMEM);
    }
    fail_msg("never succeeded");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_strings_parse_to_utc),
        cmocka_unit_test(bad_date_strings_are_rejected),
        cmocka_unit_test(url_paths_give_dates),
        cmocka_unit_test(html_is_told_from_text),
        cmocka_unit_test(date_sources_follow_the_documented_order),
        cmocka_unit_test(page_without_date_says_none),
        cmocka_unit_test(headline_loses_the_site_name),
        cmocka_unit_test(furniture_is_dropped_and_blocks_kept),
        cmocka_unit_test(text_is_collapsed_decoded_and_nfc),
        cmocka_unit_test(encodings_http_meta_bom_and_repair),
        cmocka_unit_test(jsonld_body_replaces_an_empty_shell),
        cmocka_unit_test(links_keep_their_anchor_offsets),
        cmocka_unit_test(hostile_input_does_not_crash),
        cmocka_unit_test(oversized_page_is_refused),
        cmocka_unit_test(allocation_failures_return_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
