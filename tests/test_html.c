#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/html.h"

struct text_case {
    const char *in;
    const char *expected;
    unsigned flags;
};

static void check_cases(const struct text_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct cc_buf out = CC_BUF_INIT;
        int rc = cc_html_to_text(&out, cases[i].in, strlen(cases[i].in), cases[i].flags);
        if (rc != 0) {
            fail_msg("case %zu: rc %d", i, rc);
        }
        if (strcmp(out.buf, cases[i].expected) != 0) {
            fail_msg("case %zu: input '%s'\n  expected '%s'\n  got      '%s'", i, cases[i].in,
                     cases[i].expected, out.buf);
        }
        assert_true(out.len == 0 || cc_utf8_is_valid(out.buf, out.len));
        cc_buf_release(&out);
    }
}

static void tags_are_stripped_and_blocks_separate_words(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"<p>Hello <b>bold</b> world</p>", "Hello bold world", 0},
        {"one<br>two<br/>three", "one two three", 0},
        {"<p>para</p><p>graph</p>", "para graph", 0},
        {"in<b>line</b>", "inline", 0},
        {"<li>a</li><li>b</li>", "a b", 0},
        {"cell<td>cell", "cell cell", 0},
        {"<img src=\"x.png\" alt=\"a > b\">caption", "caption", 0},
        {"<a href='x' title=\"q'uote\">link</a>", "link", 0},
        {"<div notRealAttribute=\"value\"onload=\"x();\"foo=\"bar\">ok</div>", "ok", 0},
        {"<A HREF=\"x\">Upper</A>", "Upper", 0},
        {"x < y and y > z", "x < y and y > z", 0},
        {"a <3 b", "a <3 b", 0},
        {"unfinished <a href=\"http://exa", "unfinished", 0},
        {"</>empty end", "empty end", 0},
        {"", "", 0},
        {"   ", "", 0},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void script_style_comments_and_declarations_are_dropped(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"safe<script type=\"text/javascript\">location.href='x';</script> description",
         "safe description", 0},
        {"safe<SCRIPT>if (a < b) { x(); }</SCRIPT >text", "safetext", 0},
        {"safe<style>p { color: red }</style>text", "safetext", 0},
        {"safe<applet code=\"foo.class\"></applet> description", "safe description", 0},
        {"safe<script>never closed", "safe", 0},
        {"safe<script/>text", "safetext", 0},
        {"a<!-- comment -->b", "ab", 0},
        {"a<!-- <script> -->b", "ab", 0},
        /* a comment that never closes with --> ends at the first > */
        {"sa<!-- -- nonwhitespace >fe<script>alert(1);</script>", "safe", 0},
        {"<!DOCTYPE html><html><head><title>T</title></head><body>B</body></html>", "T B", 0},
        {"a<?php echo 1; ?>b", "ab", 0},
        {"<![CDATA[wrapped <b>twice</b>]]>", "wrapped twice", 0},
        {"<![CDATA[<script></script>]]&gt;", "<![CDATA[]]>", 0},
        {"literal ]]> stays", "literal ]]> stays", 0},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void character_references_are_decoded(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"&amp; &lt; &gt; &quot; &apos;", "& < > \" '", 0},
        {"caf&eacute; &copy; &euro; &hellip;", "caf\xC3\xA9 \xC2\xA9 \xE2\x82\xAC \xE2\x80\xA6", 0},
        {"&#38; &#x26; &#X26; &#039;", "& & & '", 0},
        {"&#8217;s &rsquo;s", "\xE2\x80\x99s \xE2\x80\x99s", 0},
        /* HTML5 names beyond HTML 4, and two-code-point ones */
        {"&NotEqualTilde; &bigstar;", "\xE2\x89\x82\xCC\xB8 \xE2\x98\x85", 0},
        /* windows-1252 reading of C1 numeric references */
        {"&#147;q&#148; &#150;", "\xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x93", 0},
        /* legacy names without ';' */
        {"&copy2024 &ampx",
         "\xC2\xA9"
         "2024 &x",
         0},
        /* unknown or broken references stay literal */
        {"&bogus; & &# &#x; AT&T", "&bogus; & &# &#x; AT&T", 0},
        {"&#0; &#x110000; &#xD800;", "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD", 0},
        /* a decoded '<' is text, not a tag */
        {"&lt;b&gt;not bold&lt;/b&gt;", "<b>not bold</b>", 0},
        {"&nbsp;padded&nbsp;&nbsp;text&#160;", "padded text", 0},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void double_escaped_references_need_the_flag(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"Don&amp;#039;t", "Don&#039;t", 0},
        {"Don&amp;#039;t", "Don't", CC_HTML_DOUBLE_ESCAPED},
        {"&amp;quot;q&amp;quot;", "\"q\"", CC_HTML_DOUBLE_ESCAPED},
        {"&amp;amp;", "&", CC_HTML_DOUBLE_ESCAPED},
        {"fish &amp; chips", "fish & chips", CC_HTML_DOUBLE_ESCAPED},
        {"&amp;bogus;", "&bogus;", CC_HTML_DOUBLE_ESCAPED},
        {"&amp;copy", "&copy", CC_HTML_DOUBLE_ESCAPED},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void whitespace_collapses_and_text_is_nfc(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"  a \t\n b\r\n  c  ", "a b c", 0},
        {"a\xC2\xA0\xC2\xA0"
         "b\xE2\x80\x83"
         "c\xE3\x80\x80",
         "a b c", 0},
        /* e + combining acute -> precomposed */
        {"cafe\xCC\x81", "caf\xC3\xA9", 0},
        {"  keep  ends ", " keep ends ", CC_HTML_NO_TRIM},
        /* spaces where runs meet markup, line breaks and entities */
        {"a  b   c", "a b c", 0},
        {"x <p> y", "x y", 0},
        {"<p> y </p> <p>  z</p>", "y z", 0},
        {"a \n b", "a b", 0},
        {"a &amp;  b", "a & b", 0},
        {"long enough text  with a double space past eight bytes",
         "long enough text with a double space past eight bytes", 0},
        {"abcdefg  hijklmnop", "abcdefg hijklmnop", 0},
        {"abcdefgh  ijklmnop", "abcdefgh ijklmnop", 0},
        {"<b> x</b> ", " x ", CC_HTML_NO_TRIM},
        /* control characters are spaces, NUL too */
        {"a\x01"
         "b\x7F"
         "c",
         "a b c", 0},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_html_to_text(&out, "a\0b", 3, 0), 0);
    assert_string_equal(out.buf, "a b");
    cc_buf_release(&out);
}

static void nfc_quick_check_never_skips_needed_work(void **state)
{
    (void)state;
    /* Each of these is not NFC; the quick check must send it to utf8proc. */
    static const struct text_case cases[] = {
        /* combining mark after a base letter */
        {"re\xCC\x81sume\xCC\x81", "r\xC3\xA9sum\xC3\xA9", CC_HTML_PLAIN},
        /* singletons: ANGSTROM SIGN -> A with ring, OHM SIGN -> omega */
        {"\xE2\x84\xAB \xE2\x84\xA6", "\xC3\x85 \xCE\xA9", CC_HTML_PLAIN},
        /* Hangul L + V jamo compose to a syllable */
        {"\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80", CC_HTML_PLAIN},
        /* a composition exclusion stays decomposed: DEVANAGARI QA */
        {"\xE0\xA5\x98", "\xE0\xA4\x95\xE0\xA4\xBC", CC_HTML_PLAIN},
        /* a starter that composes with what precedes it (Tamil AU length) */
        {"\xE0\xAF\x86\xE0\xAF\x97", "\xE0\xAF\x8C", CC_HTML_PLAIN},
        /* already NFC: untouched, fast path */
        {"\xE2\x80\x9C\xC3\xA9\xE6\x97\xA5\xEA\xB0\x80\xE2\x80\x9D",
         "\xE2\x80\x9C\xC3\xA9\xE6\x97\xA5\xEA\xB0\x80\xE2\x80\x9D", CC_HTML_PLAIN},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void plain_mode_keeps_markup_and_references(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"a <b>literal</b> &amp; text", "a <b>literal</b> &amp; text", CC_HTML_PLAIN},
        {"  spaced \n out  ", "spaced out", CC_HTML_PLAIN},
        {"cafe\xCC\x81", "caf\xC3\xA9", CC_HTML_PLAIN},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void invalid_utf8_is_repaired(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        {"bad \xFF byte", "bad \xEF\xBF\xBD byte", 0},
        {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD", 0},
        {"over\xC0\xAFlong", "over\xEF\xBF\xBD\xEF\xBF\xBDlong", 0},
    };
    check_cases(cases, CC_ARRAY_LEN(cases));
}

static void appends_after_existing_content(void **state)
{
    (void)state;
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&out, "prefix:"), 0);
    const char *in = "  <p>x\xC2\xA0y</p> ";
    assert_int_equal(cc_html_to_text(&out, in, strlen(in), 0), 0);
    assert_string_equal(out.buf, "prefix:x y");
    cc_buf_release(&out);
}

static void decode_entities_keeps_everything_else(void **state)
{
    (void)state;
    struct cc_buf out = CC_BUF_INIT;
    const char *in = "<b>&amp;</b>  &eacute;\n&bogus;";
    assert_int_equal(cc_html_decode_entities(&out, in, strlen(in), 0), 0);
    assert_string_equal(out.buf, "<b>&</b>  \xC3\xA9\n&bogus;");
    cc_buf_release(&out);
}

static void entity_lookup(void **state)
{
    (void)state;
    int32_t cp[2];
    assert_int_equal(cc_html_entity_find(cp, "nbsp", 4), 1);
    assert_int_equal(cp[0], 0xA0);
    assert_int_equal(cc_html_entity_find(cp, "NotEqualTilde", 13), 2);
    assert_int_equal(cp[0], 0x2242);
    assert_int_equal(cp[1], 0x338);
    assert_int_equal(cc_html_entity_find(cp, "NBSP", 4), 0); /* names are case-sensitive */
    assert_int_equal(cc_html_entity_find(cp, "nbsp;", 5), 0);
    assert_int_equal(cc_html_entity_find(cp, "klingon", 7), 0);
    assert_int_equal(cc_html_entity_find(cp, "", 0), 0);
}

static void looks_like_html_follows_feed_readers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool expected;
    } cases[] = {
        {"plain title", false},    {"Fish &amp; Chips", true}, {"Don&#039;t", true},
        {"<b>bold</b>", true},     {"<b>no close tag", false}, {"a < b", false},
        {"<foo>x</foo>", false},   /* not an HTML element */
        {"&bigstar; star", false}, /* HTML5 only, not HTML 4 */
        {"AT&T", false},           {"x <br> y </p>", true},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cases); i++) {
        bool got = cc_html_looks_like_html(cases[i].in, strlen(cases[i].in));
        if (got != cases[i].expected) {
            fail_msg("case %zu ('%s'): expected %d", i, cases[i].in, cases[i].expected);
        }
    }
}

static void out_of_memory_is_reported(void **state)
{
    (void)state;
    const char *in = "<p>caf&eacute; cafe\xCC\x81 \xC2\xA0 text that needs several allocations</p>";
    for (size_t n = 1;; n++) {
        struct cc_buf out = CC_BUF_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_html_to_text(&out, in, strlen(in), 0);
        cc_alloc_fail_after(0);
        cc_buf_release(&out);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_true(n < 100);
    }
}

static void cap_is_reported(void **state)
{
    (void)state;
    struct cc_buf out;
    cc_buf_init(&out, 8);
    assert_int_equal(cc_html_to_text(&out, "<p>more than eight</p>", 22, 0), CC_ETOOBIG);
    cc_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_are_stripped_and_blocks_separate_words),
        cmocka_unit_test(script_style_comments_and_declarations_are_dropped),
        cmocka_unit_test(character_references_are_decoded),
        cmocka_unit_test(double_escaped_references_need_the_flag),
        cmocka_unit_test(whitespace_collapses_and_text_is_nfc),
        cmocka_unit_test(nfc_quick_check_never_skips_needed_work),
        cmocka_unit_test(plain_mode_keeps_markup_and_references),
        cmocka_unit_test(invalid_utf8_is_repaired),
        cmocka_unit_test(appends_after_existing_content),
        cmocka_unit_test(decode_entities_keeps_everything_else),
        cmocka_unit_test(entity_lookup),
        cmocka_unit_test(looks_like_html_follows_feed_readers),
        cmocka_unit_test(out_of_memory_is_reported),
        cmocka_unit_test(cap_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
