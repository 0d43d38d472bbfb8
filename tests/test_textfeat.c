#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/num.h"
#include "core/textfeat.h"

/* One row: the text, the reference date (NULL: none) and what must come
 * out, each list joined with '|': entity norms (acronyms marked '^'),
 * formatted numbers, formatted dates, quoted phrases. */
struct row {
    const char *in;
    const char *ref;
    const char *entities;
    const char *numbers;
    const char *dates;
    const char *quotes;
};

static const struct row rows[] = {
    {"Bilawal Bhutto-Zardari of Pakistan Peoples Party today extended an olive branch.",
     "2025-07-02", "bilawal bhutto-zardari|pakistan peoples party", "", "2025-07-02", ""},
    {"Speaking at an Islamabad seminar, he called on India to act.", NULL, "islamabad|india", "",
     "", ""},
    {"Recently, Pakistan Foreign Minister Ishaq Dar made statements.", NULL, "pakistan|ishaq dar",
     "", "", ""},
    {"U.S. officials including CENTCOM chief Gen. Michael Kurilla praised Pakistan.", NULL,
     "^us|^centcom|michael kurilla|pakistan", "", "", ""},
    {"Coordination between India\xe2\x80\x99s RAW and Pakistan\xe2\x80\x99s ISI.", NULL,
     "india|^raw|pakistan|^isi", "", "", ""},
    {"A US-brokered ceasefire came into effect.", NULL, "^us", "", "", ""},
    {"TheNews.com.pk, Arabnews.pk and Geo TV all offer coverage.", NULL,
     "thenews.com.pk|arabnews.pk|geo tv", "", "", ""},
    {"The United States, EU, and SCO observers remain wary.", NULL, "united states|^eu|^sco", "",
     "", ""},
    {"Issues over Kashmir and the Indus Waters Treaty dispute continue.", NULL,
     "kashmir|indus waters treaty", "", "", ""},
    {"Building trust remains a central challenge.", NULL, "", "", "", ""},
    {"Reception in New Delhi and Washington", NULL, "new delhi|washington", "", "", ""},
    {"Steven B. Miller sold shares of the Bank of England.", NULL,
     "steven b. miller|bank of england", "", "", ""},
    {"J. R. R. Tolkien met Osama bin Laden.", NULL, "j. r. r. tolkien|osama bin laden", "", "", ""},
    {"Headlines & Global News reported it, as did AT&T.", NULL, "headlines & global news|^at&t", "",
     "", ""},
    {"Celebrities Are Starting To Use Tinder.", NULL, "celebrities|tinder", "", "", ""},
    {"FTC OPENS INVESTIGATION INTO HERBALIFE \xe2\x80\x94 SHARES PLUNGE.", NULL, "^ftc", "", "",
     ""},
    {"The PPP\xe2\x80\x99s plan and Reuters\xe2\x80\x99 report.", NULL, "ppp|reuters", "", "", ""},
    {"Bhu\xc2\xadtto met the BBC News team.", NULL, "bhutto|bbc news", "", "", ""},
    {"The attack claimed 26 lives.", NULL, "", "26 lives", "", ""},
    {"The deal is worth $1.5bn, up from US$900m.", NULL, "", "1500000000 USD|900000000 USD", "",
     ""},
    {"About 1,500 million people and one billion South Asians.", NULL, "south asians",
     "1500000000 people|1000000000", "", ""},
    {"Twenty-six people died; twenty six were hurt; a dozen fled.", NULL, "",
     "26 people|26|12 fled", "", ""},
    {"Growth of 5 pct, 3.5 per cent, 7% and 2 percentage points.", NULL, "growth", "5%|3.5%|7%|2%",
     "", ""},
    {"Rs 20 billion and INR 20 Lakhs and \xe2\x82\xb9"
     "500 crore.",
     NULL, "", "20000000000 rupee|2000000 INR|5000000000 INR", "", ""},
    {"It costs 3.00 and 10,000 or 1.5 million.", NULL, "", "3|10000|1500000", "", ""},
    {"A 12-day run by a 17-Year-Old and a 2-1 win.", NULL, "", "12 day|17 year|2", "", ""},
    {"at least 27 people, more than 3,000 homes, nearly 50 deaths, over 100 cars.", NULL, "",
     "27 people|3000 homes|50 deaths|100 cars", "", ""},
    {"At 8:19AM the MH370, F-16 and COVID-19 and the 1980s and the 2nd time.", NULL,
     "^mh370|f-16|^covid-19", "", "", ""},
    {"Five new species of spiders and one of them.", NULL, "", "5 species", "", ""},
    {"The April 22 attack; May 10 ceasefire.", "2025-07-02", "", "", "2025-04-22|2025-05-10", ""},
    {"The April 22 attack; May 10 ceasefire.", NULL, "", "", "--04-22|--05-10", ""},
    {"On 22 April 2025, 22/4/2025, 2025-04-22 and April 22, 2025.", NULL, "", "",
     "2025-04-22|2025-04-22|2025-04-22|2025-04-22", ""},
    {"On 4/22/2025 and 31.12.2024 and 1.5.25.", NULL, "", "", "2025-04-22|2024-12-31", ""},
    {"Jan. 22 and the 3rd of June 2024 and 14 June.", "2025-07-02", "", "",
     "2025-01-22|2024-06-03|2025-06-14", ""},
    {"Talks on Tuesday; next Tuesday; last Wednesday.", "2025-07-02", "", "",
     "2025-07-01|2025-07-08|2025-06-25", ""},
    {"He left yesterday and returns tomorrow, not today.", "2025-07-02", "", "",
     "2025-07-01|2025-07-03|2025-07-02", ""},
    {"He left yesterday.", NULL, "", "", "", ""},
    {"In 2019 talks failed. 2024 was the deadliest year.", NULL, "", "", "2019|2024", ""},
    {"In April 2025 and mid-May and early June, in March; since May.", "2025-07-02", "", "",
     "2025-04|2025-05|2025-06|2025-03|2025-05", ""},
    {"A date in December seen in January.", "2025-01-10", "", "", "2024-12|2025-01", ""},
    {"A date of December 30 seen on January 10.", "2025-01-10", "", "", "2024-12-30|2025-01-10",
     ""},
    {"February 29 is no date in 2025, 29 February 2024 is.", "2025-03-01", "", "",
     "2024-02-29|2025", ""},
    {"She called it \xe2\x80\x9chistoric and phenomenal partnership\xe2\x80\x9d at a seminar.",
     NULL, "", "", "", "historic and phenomenal partnership"},
    {"Eight 'Veronica Mars' TV show references and Reuters' report don't count.", NULL,
     "veronica mars|^tv|reuters", "8", "", "Veronica Mars"},
    {"He said \"we want peace,\" then \"trade.\"", NULL, "", "", "", "we want peace|trade"},
    {"A \xe2\x80\x98phenomenal partner\xe2\x80\x99 in Pakistan\xe2\x80\x99s view.", NULL,
     "pakistan", "", "", "phenomenal partner"},
    {"An \"unclosed quote runs on.", NULL, "", "", "", ""},
    {"", NULL, "", "", "", ""},
    {"\xff\xfe broken \xc3 bytes 12 men", NULL, "", "12 men", "", ""},
};

static int64_t ref_of(const char *ymd)
{
    if (!ymd) {
        return CC_TIME_NONE;
    }
    struct cc_tm tm = {0, 0, 0, 0, 0, 0};
    int y = 0;
    assert_int_equal(sscanf(ymd, "%d-%d-%d", &y, &tm.mon, &tm.mday), 3);
    tm.year = y;
    int64_t t;
    assert_int_equal(cc_time_from_tm(&t, &tm), 0);
    return t;
}

static void join_features(const struct cc_textfeat *f, const char *text, struct cc_buf *e,
                          struct cc_buf *n, struct cc_buf *d, struct cc_buf *q)
{
    for (size_t i = 0; i < f->nentities; i++) {
        const struct cc_entity *x = &f->entities[i];
        assert_true(x->start < x->end && x->end <= strlen(text));
        assert_int_equal(strlen(x->norm), x->norm_len);
        assert_int_equal(cc_buf_adds(e, i ? "|" : ""), 0);
        assert_int_equal(cc_buf_adds(e, x->kind == CC_ENTITY_ACRONYM ? "^" : ""), 0);
        assert_int_equal(cc_buf_adds(e, x->norm), 0);
    }
    for (size_t i = 0; i < f->nnumbers; i++) {
        char o[64];
        assert_true(f->numbers[i].start < f->numbers[i].end);
        assert_true(cc_textfeat_number_format(o, &f->numbers[i]) > 0);
        assert_int_equal(cc_buf_adds(n, i ? "|" : ""), 0);
        assert_int_equal(cc_buf_adds(n, o), 0);
    }
    for (size_t i = 0; i < f->ndates; i++) {
        char o[16];
        assert_true(f->dates[i].start < f->dates[i].end);
        assert_true(cc_textfeat_date_format(o, &f->dates[i]) > 0);
        assert_int_equal(cc_buf_adds(d, i ? "|" : ""), 0);
        assert_int_equal(cc_buf_adds(d, o), 0);
    }
    for (size_t i = 0; i < f->nquotes; i++) {
        assert_int_equal(cc_buf_adds(q, i ? "|" : ""), 0);
        assert_int_equal(
            cc_buf_add(q, text + f->quotes[i].start, f->quotes[i].end - f->quotes[i].start), 0);
    }
}

static void table_of_texts(void **state)
{
    (void)state;
    /* One value reused across rows, as the matcher does. */
    struct cc_textfeat f = CC_TEXTFEAT_INIT;
    for (size_t r = 0; r < CC_ARRAY_LEN(rows); r++) {
        struct cc_buf e = CC_BUF_INIT;
        struct cc_buf n = CC_BUF_INIT;
        struct cc_buf d = CC_BUF_INIT;
        struct cc_buf q = CC_BUF_INIT;
        const char *t = rows[r].in;
        assert_int_equal(cc_textfeat_extract(&f, t, strlen(t), ref_of(rows[r].ref), NULL), 0);
        join_features(&f, t, &e, &n, &d, &q);
        if (strcmp(e.buf, rows[r].entities) != 0 || strcmp(n.buf, rows[r].numbers) != 0 ||
            strcmp(d.buf, rows[r].dates) != 0 || strcmp(q.buf, rows[r].quotes) != 0) {
            fail_msg("row %zu: %s\n  entities %s (want %s)\n  numbers %s (want %s)\n"
                     "  dates %s (want %s)\n  quotes %s (want %s)",
                     r, t, e.buf, rows[r].entities, n.buf, rows[r].numbers, d.buf, rows[r].dates,
                     q.buf, rows[r].quotes);
        }
        cc_buf_release(&e);
        cc_buf_release(&n);
        cc_buf_release(&d);
        cc_buf_release(&q);
    }
    cc_textfeat_release(&f);
    assert_int_equal(f.nentities, 0);
}

static void spans_point_at_the_text_as_written(void **state)
{
    (void)state;
    const char *t =
        "Reuter\xe2\x80\x99s said US$1.5bn went to Pakistan\xe2\x80\x99s ISI on May 10.";
    struct cc_textfeat f = CC_TEXTFEAT_INIT;
    assert_int_equal(cc_textfeat_extract(&f, t, strlen(t), CC_TIME_NONE, NULL), 0);
    assert_int_equal(f.nentities, 3);
    assert_memory_equal(t + f.entities[0].start, "Reuter", 6);
    assert_int_equal(f.entities[0].end - f.entities[0].start, 6);
    assert_string_equal(f.entities[1].norm, "pakistan");
    assert_int_equal(f.nnumbers, 1);
    assert_int_equal(f.numbers[0].end - f.numbers[0].start, strlen("US$1.5bn"));
    assert_memory_equal(t + f.numbers[0].start, "US$1.5bn", 8);
    assert_true(f.numbers[0].value == 1.5e9);
    assert_string_equal(f.numbers[0].unit, "USD");
    assert_int_equal(f.numbers[0].flags, CC_NUMBER_CURRENCY);
    assert_int_equal(f.ndates, 1);
    assert_memory_equal(t + f.dates[0].start, "May 10", 6);
    assert_int_equal(f.dates[0].year, 0);
    assert_int_equal(f.dates[0].flags, CC_DATE_YEAR_UNKNOWN);
    assert_true(cc_textfeat_date_days(&f.dates[0]) == INT64_MIN);
    cc_textfeat_release(&f);
}

static void qualifiers_are_flagged(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        unsigned flags;
    } rows2[] = {
        {"at least 27 people", CC_NUMBER_AT_LEAST},
        {"more than 3,000 homes", CC_NUMBER_AT_LEAST},
        {"over 100 cars", CC_NUMBER_AT_LEAST},
        {"nearly 50 deaths", CC_NUMBER_APPROX},
        {"about $2bn", CC_NUMBER_APPROX | CC_NUMBER_CURRENCY},
        {"up to 40 percent", CC_NUMBER_APPROX | CC_NUMBER_PERCENT},
        {"over one billion people", CC_NUMBER_AT_LEAST | CC_NUMBER_WORDS},
        {"26 lives", 0},
    };
    struct cc_textfeat f = CC_TEXTFEAT_INIT;
    for (size_t i = 0; i < CC_ARRAY_LEN(rows2); i++) {
        const char *t = rows2[i].in;
        assert_int_equal(cc_textfeat_extract(&f, t, strlen(t), CC_TIME_NONE, NULL), 0);
        if (f.nnumbers != 1 || f.numbers[0].flags != rows2[i].flags) {
            fail_msg("row %zu: %s: %zu numbers, flags %u", i, t, f.nnumbers,
                     f.nnumbers ? f.numbers[0].flags : 0u);
        }
    }
    cc_textfeat_release(&f);
}

static void numbers_agree_across_wordings(void **state)
{
    (void)state;
    const char *a = "$1.5bn";
    const char *b = "1,500 million dollars";
    const char *c = "1.2 billion dollars";
    const char *d = "26 lives";
    const char *e = "twenty-six";
    const char *g = "26 percent";
    struct cc_textfeat fa = CC_TEXTFEAT_INIT;
    struct cc_textfeat fb = CC_TEXTFEAT_INIT;
    assert_int_equal(cc_textfeat_extract(&fa, a, strlen(a), CC_TIME_NONE, NULL), 0);
    assert_int_equal(cc_textfeat_extract(&fb, b, strlen(b), CC_TIME_NONE, NULL), 0);
    assert_true(cc_textfeat_numbers_agree(&fa.numbers[0], &fb.numbers[0]));
    assert_int_equal(cc_textfeat_extract(&fb, c, strlen(c), CC_TIME_NONE, NULL), 0);
    assert_false(cc_textfeat_numbers_agree(&fa.numbers[0], &fb.numbers[0]));
    assert_int_equal(cc_textfeat_extract(&fa, d, strlen(d), CC_TIME_NONE, NULL), 0);
    assert_int_equal(cc_textfeat_extract(&fb, e, strlen(e), CC_TIME_NONE, NULL), 0);
    assert_true(cc_textfeat_numbers_agree(&fa.numbers[0], &fb.numbers[0]));
    assert_int_equal(cc_textfeat_extract(&fb, g, strlen(g), CC_TIME_NONE, NULL), 0);
    assert_false(cc_textfeat_numbers_agree(&fa.numbers[0], &fb.numbers[0]));
    cc_textfeat_release(&fa);
    cc_textfeat_release(&fb);
}

static void same_day_in_every_format(void **state)
{
    (void)state;
    static const char *const forms[] = {"April 22",   "22 April",       "22/4/2025",
                                        "2025-04-22", "April 22, 2025", "22nd of April",
                                        "Apr. 22",    "Tuesday"};
    int64_t ref = ref_of("2025-04-23");
    int64_t want = cc_days_from_civil(2025, 4, 22);
    struct cc_textfeat f = CC_TEXTFEAT_INIT;
    for (size_t i = 0; i < CC_ARRAY_LEN(forms); i++) {
        assert_int_equal(cc_textfeat_extract(&f, forms[i], strlen(forms[i]), ref, NULL), 0);
        if (f.ndates != 1 || cc_textfeat_date_days(&f.dates[0]) != want) {
            fail_msg("form %zu '%s': %zu dates", i, forms[i], f.ndates);
        }
    }
    cc_textfeat_release(&f);
}

static void fold_for_matching(void **state)
{
    (void)state;
    struct cc_buf b = CC_BUF_INIT;
    const char *in = "Reuter\xe2\x80\x99s \xe2\x80\x9c"
                     "Bhu\xc2\xadtto\xe2\x80\x9d"
                     "\xc2\xa0\xe2\x80\x94 CAF\xc3\x89";
    assert_int_equal(cc_textfeat_fold(&b, in, strlen(in)), 0);
    assert_string_equal(b.buf, "reuter's \"bhutto\" - caf\xc3\xa9");
    cc_buf_reset(&b);
    assert_int_equal(cc_textfeat_fold(&b,
                                      "A\xff"
                                      "B",
                                      3),
                     0);
    assert_string_equal(b.buf, "a\xef\xbf\xbd"
                               "b");
    cc_buf_release(&b);
}

static void out_of_memory_leaves_it_empty(void **state)
{
    (void)state;
    const char *t = "Bilawal Bhutto-Zardari said 26 lives were lost on April 22 in \"Pahalgam\".";
    for (size_t n = 1;; n++) {
        struct cc_textfeat f = CC_TEXTFEAT_INIT;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_textfeat_extract(&f, t, strlen(t), CC_TIME_NONE, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_int_equal(f.nentities, 2);
            cc_textfeat_release(&f);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_int_equal(f.nentities + f.nnumbers + f.ndates + f.nquotes, 0);
        cc_textfeat_release(&f);
        assert_true(n < 200);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_of_texts),
        cmocka_unit_test(spans_point_at_the_text_as_written),
        cmocka_unit_test(qualifiers_are_flagged),
        cmocka_unit_test(numbers_agree_across_wordings),
        cmocka_unit_test(same_day_in_every_format),
        cmocka_unit_test(fold_for_matching),
        cmocka_unit_test(out_of_memory_leaves_it_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
