#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/citations.h"
#include "core/outlets.h"

static int setup(void **state)
{
    struct cc_registry *reg = NULL;
    if (cc_registry_builtin(&reg, NULL) != 0) {
        return -1;
    }
    *state = reg;
    return 0;
}

static int teardown(void **state)
{
    cc_registry_free(*state);
    return 0;
}

/* "Outlet<-as written/kind|..." ("?" for unresolved) for a whole sentence. */
static void describe(struct cc_buf *out, const struct cc_registry *reg, const char *text)
{
    struct cc_citation_list l = CC_CITATION_LIST_INIT;
    size_t len = strlen(text);
    assert_int_equal(cc_citations_find(&l, reg, text, 0, len, NULL), 0);
    for (size_t i = 0; i < l.n; i++) {
        const struct cc_citation *c = &l.v[i];
        assert_true(c->start < c->end && c->end <= len);
        assert_true(c->phrase_start <= c->phrase_end && c->phrase_end <= len);
        if (i > 0) {
            assert_true(c->start >= l.v[i - 1].start);
        }
        assert_int_equal(cc_buf_addf(out, "%s%s<-%.*s/%s", i ? "|" : "",
                                     c->outlet ? c->outlet->name : "?", (int)(c->end - c->start),
                                     text + c->start, cc_citation_kind_name(c->kind)),
                         0);
    }
    cc_citation_list_release(&l);
}

struct row {
    const char *in;
    const char *want;
};

static void run_rows(const struct cc_registry *reg, const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct cc_buf got = CC_BUF_INIT;
        describe(&got, reg, rows[i].in);
        if (strcmp(got.buf, rows[i].want) != 0) {
            fail_msg("row %zu: %s\n  got:  %s\n  want: %s", i, rows[i].in, got.buf, rows[i].want);
        }
        cc_buf_release(&got);
    }
}

/* Every citation form of the example article (story_facts.md section C). */
static void example_article_forms(void **state)
{
    static const struct row rows[] = {
        {"Reuter\xe2\x80\x99s reported this development.", "Reuters<-Reuter\xe2\x80\x99s/reported"},
        {"Reuter's reported this development.", "Reuters<-Reuter's/reported"},
        {"He urged India to combat transnational extremist plots (The Week, Deccan Herald)",
         "The Week<-The Week/bracket|Deccan Herald<-Deccan Herald/bracket"},
        {"A partnership similar to their collaboration with Washington (TheNews.com.pk, "
         "Arabnews.pk and Geo TV all offer coverage).",
         "The News International<-TheNews.com.pk/bracket|Arab News Pakistan<-Arabnews.pk/bracket|"
         "Geo News<-Geo TV/bracket"},
        {"Interest in Islamabad\xe2\x80\x99s security cooperation (The News.com.pk and ArabNews.pk "
         "for example).",
         "The News International<-The News.com.pk/bracket|Arab News Pakistan<-ArabNews.pk/bracket"},
        {"A US-brokered ceasefire agreement came into effect on May 10\n(en.wikipedia.org).",
         "Wikipedia<-en.wikipedia.org/bracket"},
        {"Additionally, this has also been reported on economictimes.indiatimes.com for coverage.",
         "Economic Times<-economictimes.indiatimes.com/reported"},
        {"South Asia could reap similar advantages through cooperation. * [Arabnews.pk].",
         "Arab News Pakistan<-Arabnews.pk/bracket"},
        {"As well as in neighboring India. (Sources 1) (Sources 1)).",
         "?<-Sources 1/placeholder|?<-Sources 1/placeholder"},
        {"Water sharing squabbles (such as Indus Waters Treaty dispute ) continue.", ""},
        {"Intelligence coordination between India\xe2\x80\x99s RAW and Pakistan\xe2\x80\x99s ISI.",
         ""},
        {"U.S. officials including CENTCOM chief Gen. Michael Kurilla have praised Pakistan.", ""},
        {"Global players such as the United States, EU, and SCO observers remain wary.", ""},
        {"He pointed to effective ties with U.S. and NATO allies.", ""},
    };
    run_rows(*state, rows, CC_ARRAY_LEN(rows));
}

static void news_prose_forms(void **state)
{
    static const struct row rows[] = {
        {"ISLAMABAD (Reuters) - Pakistan is ready but not desperate for talks.",
         "Reuters<-Reuters/dateline"},
        {"NEW DELHI, June 3 (Reuters) \xe2\x80\x94 India rejected the offer.",
         "Reuters<-Reuters/dateline"},
        {"The toll rose to 26, according to Reuters.", "Reuters<-Reuters/according"},
        {"According to a Reuters report, the toll rose to 26.", "Reuters<-Reuters/according"},
        {"According to the BBC, the toll rose.", "BBC<-the BBC/according"},
        {"The toll rose, according to Al Jazeera\xe2\x80\x99s tally.",
         "Al Jazeera<-Al Jazeera\xe2\x80\x99s/according"},
        {"The toll rose, according to nytimes.com.", "?<-nytimes.com/according"},
        {"The toll rose, according to The Hindu Times.", "?<-The Hindu Times/according"},
        {"The toll rose, according to Sources 2.", "?<-Sources 2/placeholder"},
        {"Dawn reported that the talks stalled.", "Dawn<-Dawn/reported"},
        {"Reuters said the talks stalled.", "Reuters<-Reuters/reported"},
        {"Geo News said in a report that the talks stalled.", "Geo News<-Geo News/reported"},
        {"Al Jazeera's report said 26 people died.", "Al Jazeera<-Al Jazeera's/reported"},
        {"The BBC reported on Tuesday that talks resumed.", "BBC<-The BBC/reported"},
        {"The talks stalled, as reported by Business Recorder.",
         "Business Recorder<-Business Recorder/reported"},
        {"Bilawal told Geo News that he was ready.", "Geo News<-Geo News/reported"},
        {"Writing in Dawn, the analyst argued for talks.", "Dawn<-Dawn/reported"},
        {"The report came via Reuters late on Monday.", "Reuters<-Reuters/reported"},
        {"It was reported by the Times of India and others.",
         "Times of India<-the Times of India/reported"},
        {"\xe2\x80\x9cReuters reported it first,\xe2\x80\x9d he said.",
         "Reuters<-Reuters/reported"},
        {"Pakistan is ready for talks \xe2\x80\x94 Reuters", "Reuters<-Reuters/reported"},
        {"\xe2\x80\x94 AP", "Associated Press<-AP/reported"},
        {"The toll rose to 26 (AP).", "Associated Press<-AP/bracket"},
        {"(Source: Dawn) The talks stalled.", "Dawn<-Dawn/bracket"},
        {"The talks stalled (via Al Jazeera).", "Al Jazeera<-Al Jazeera/bracket"},
        {"Nested ((Reuters)) and [[BBC News]].", "Reuters<-Reuters/bracket|BBC<-BBC News/bracket"},
        {"The claim appeared on www.geo.tv/latest/608689 yesterday.",
         "Geo News<-www.geo.tv/latest/608689/reported"},
        {"See https://www.dawn.com/news/1921612 for details.",
         "Dawn<-https://www.dawn.com/news/1921612/domain"},
        {"Visit nytimes.com for more.", "?<-nytimes.com/domain"},
        {"The story (nytimes.com) says otherwise.", "?<-nytimes.com/bracket"},
        {"The figures were echoed (The Hindu Times, Dawn).",
         "?<-The Hindu Times/bracket|Dawn<-Dawn/bracket"},
    };
    run_rows(*state, rows, CC_ARRAY_LEN(rows));
}

/* People, officials, companies and prose are not sources. */
static void things_that_are_not_citations(void **state)
{
    static const struct row rows[] = {
        {"The toll rose to 26, according to officials.", ""},
        {"The toll rose to 26, according to Dar.", ""},
        {"According to the data, the toll rose.", ""},
        {"Dawn said the talks stalled.", ""},
        {"The minister told Dawn that talks would resume.", ""},
        {"U.S. officials told reporters the toll was 26.", ""},
        {"Amazon.com reported higher sales.", ""},
        {"The talks stalled (Dawn raid in Karachi).", ""},
        {"The tickers (ESRX) and (NASDAQ:ECYT) fell.", ""},
        {"Prices rose (by 5 percent) in March.", ""},
        {"Unbalanced (Reuters and more text that never closes.", ""},
        {"Closing only) here, Reuters and Dawn mentioned without a cue.", ""},
        {"The email press@dawn.com bounced and 3.00 is a number, U.S. an abbreviation.", ""},
        {"Pakistan's RAW reported nothing unusual.", ""},
        {"", ""},
    };
    run_rows(*state, rows, CC_ARRAY_LEN(rows));
}

static void unresolved_without_a_registry(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"It happened (Reuters, nytimes.com).", "?<-nytimes.com/bracket"},
        {"It happened (Sources 1).", "?<-Sources 1/placeholder"},
        {"It happened, according to Reuters.", ""},
    };
    run_rows(NULL, rows, CC_ARRAY_LEN(rows));
}

static void offsets_inside_a_longer_text(void **state)
{
    const char *text = "First sentence. The toll rose, according to Reuters. Last one.";
    size_t a = strlen("First sentence. ");
    size_t b = a + strlen("The toll rose, according to Reuters.");
    struct cc_citation_list l = CC_CITATION_LIST_INIT;
    assert_int_equal(cc_citations_find(&l, *state, text, a, b, NULL), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].start, b - strlen("Reuters."));
    assert_int_equal(l.v[0].phrase_start, a + strlen("The toll rose"));
    assert_int_equal(l.v[0].phrase_end, b - 1);
    assert_string_equal(l.v[0].outlet->name, "Reuters");
    assert_false(l.v[0].ambiguous);
    cc_citation_list_release(&l);
}

static void citation_only_sentences(void **state)
{
    static const struct {
        const char *in;
        bool only;
    } rows[] = {
        {"Reuter\xe2\x80\x99s reported this development.", true},
        {"Additionally, this has also been reported on economictimes.indiatimes.com for coverage.",
         true},
        {"Dawn and Geo News also carried the story.", false}, /* no cue: no citation at all */
        {"This was also reported by Dawn.", true},
        {"(Reuters)", true},
        {"The toll rose to 26, according to Reuters.", false},
        {"Reuters reported that 26 people died.", false},
        {"Nothing is cited here.", false},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_citation_list l = CC_CITATION_LIST_INIT;
        const char *t = rows[i].in;
        assert_int_equal(cc_citations_find(&l, *state, t, 0, strlen(t), NULL), 0);
        if (cc_citations_only(t, 0, strlen(t), l.v, l.n) != rows[i].only) {
            fail_msg("row %zu: %s (%zu citations)", i, t, l.n);
        }
        cc_citation_list_release(&l);
    }
}

static void match_text_leaves_the_citations_out(void **state)
{
    static const struct row rows[] = {
        {"Fitbit recall affects 1M units, according to Los Angeles Times.",
         "Fitbit recall affects 1M units."},
        {"The toll rose to 26, according to Reuters.", "The toll rose to 26."},
        {"According to Reuters, the toll rose to 26.", "the toll rose to 26."},
        {"He urged India to combat plots (The Week, Deccan Herald)",
         "He urged India to combat plots"},
        {"In neighboring India. (Sources 1) (Sources 1)).", "In neighboring India."},
        {"South Asia could gain through cooperation. * [Arabnews.pk].",
         "South Asia could gain through cooperation."},
        {"Reuters reported that 26 people died.", "26 people died."},
        {"A ceasefire came into effect on May 10\n(en.wikipedia.org).",
         "A ceasefire came into effect on May 10."},
        {"No citation here... at all.", "No citation here... at all."},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_citation_list l = CC_CITATION_LIST_INIT;
        struct cc_buf out = CC_BUF_INIT;
        const char *t = rows[i].in;
        assert_int_equal(cc_citations_find(&l, *state, t, 0, strlen(t), NULL), 0);
        assert_int_equal(cc_citations_strip(&out, t, 0, strlen(t), l.v, l.n), 0);
        if (strcmp(out.buf, rows[i].want) != 0) {
            fail_msg("row %zu: got '%s', want '%s'", i, out.buf, rows[i].want);
        }
        cc_buf_release(&out);
        cc_citation_list_release(&l);
    }
}

static void links_resolve_by_domain(void **state)
{
    const char *t = "Read it here.";
    struct cc_citation_list l = CC_CITATION_LIST_INIT;
    bool added = false;
    assert_int_equal(
        cc_citations_add_link(&l, *state, 8, 12, "https://www.aljazeera.com/news/1", &added, NULL),
        0);
    assert_true(added);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].kind, CC_CITATION_LINK);
    assert_string_equal(l.v[0].outlet->name, "Al Jazeera");
    assert_memory_equal(t + l.v[0].start, "here", 4);
    /* Unknown sites are not citations; the same outlet over the same words
     * is not cited twice. */
    assert_int_equal(cc_citations_add_link(&l, *state, 0, 4, "https://example.org/x", &added, NULL),
                     0);
    assert_false(added);
    assert_int_equal(
        cc_citations_add_link(&l, *state, 8, 12, "https://aljazeera.com/y", &added, NULL), 0);
    assert_false(added);
    assert_int_equal(l.n, 1);
    cc_citation_list_release(&l);
}

/* Brackets in every arrangement: never a crash, never a span outside the
 * sentence, never text swallowed past an unbalanced bracket. */
static void hostile_brackets(void **state)
{
    static const char alphabet[] = "()[] R.a,";
    char buf[64];
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(round % 60) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        buf[n] = '\0';
        struct cc_buf got = CC_BUF_INIT;
        describe(&got, *state, buf);
        cc_buf_release(&got);
    }
    /* Deep nesting over the limit. */
    struct cc_buf deep = CC_BUF_INIT;
    for (int i = 0; i < 200; i++) {
        assert_int_equal(cc_buf_addch(&deep, '('), 0);
    }
    assert_int_equal(cc_buf_adds(&deep, "Reuters"), 0);
    for (int i = 0; i < 200; i++) {
        assert_int_equal(cc_buf_addch(&deep, ')'), 0);
    }
    struct cc_buf got = CC_BUF_INIT;
    describe(&got, *state, deep.buf);
    /* The innermost eight levels still read as a source bracket. */
    assert_string_equal(got.buf, "Reuters<-Reuters/bracket");
    cc_buf_release(&got);
    cc_buf_release(&deep);
}

static void out_of_memory_is_clean(void **state)
{
    const char *t = "Pakistan is ready (TheNews.com.pk, Arabnews.pk and Geo TV), according to "
                    "Reuters, as reported by Dawn on www.geo.tv/latest/1.";
    for (size_t n = 1;; n++) {
        struct cc_citation_list l = CC_CITATION_LIST_INIT;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_citations_find(&l, *state, t, 0, strlen(t), &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            /* The registry answers "no match" when it cannot allocate, so
             * the count is checked on a clean run below. */
            cc_citation_list_release(&l);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_int_equal(l.n, 0);
        cc_citation_list_release(&l);
        assert_true(n < 500);
    }
    struct cc_citation_list l = CC_CITATION_LIST_INIT;
    assert_int_equal(cc_citations_find(&l, *state, t, 0, strlen(t), NULL), 0);
    assert_int_equal(l.n, 6);
    cc_citation_list_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(example_article_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(news_prose_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(things_that_are_not_citations, setup, teardown),
        cmocka_unit_test(unresolved_without_a_registry),
        cmocka_unit_test_setup_teardown(offsets_inside_a_longer_text, setup, teardown),
        cmocka_unit_test_setup_teardown(citation_only_sentences, setup, teardown),
        cmocka_unit_test_setup_teardown(match_text_leaves_the_citations_out, setup, teardown),
        cmocka_unit_test_setup_teardown(links_resolve_by_domain, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_brackets, setup, teardown),
        cmocka_unit_test_setup_teardown(out_of_memory_is_clean, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
