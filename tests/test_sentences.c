#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sentences.h"

/* Joins the sentences of text with " | " (and "#" before a heading, "*"
 * before a list item) so a table row states the exact split. */
static void split_joined(struct cc_buf *out, const char *text)
{
    struct cc_sentence_list l = CC_SENTENCE_LIST_INIT;
    assert_int_equal(cc_sentences_split_text(&l, text, strlen(text), NULL), 0);
    for (size_t i = 0; i < l.n; i++) {
        const struct cc_sentence *s = &l.v[i];
        assert_true(s->start < s->end);
        assert_true(s->end <= strlen(text));
        if (i > 0) {
            assert_int_equal(cc_buf_adds(out, " | "), 0);
            assert_true(s->start >= l.v[i - 1].end);
        }
        if (s->flags & CC_SENTENCE_HEADING) {
            assert_int_equal(cc_buf_adds(out, "#"), 0);
        }
        if (s->flags & CC_SENTENCE_LIST_ITEM) {
            assert_int_equal(cc_buf_adds(out, "*"), 0);
        }
        assert_int_equal(cc_buf_add(out, text + s->start, s->end - s->start), 0);
    }
    cc_sentence_list_release(&l);
}

struct row {
    const char *in;
    const char *want;
};

static void run_rows(const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct cc_buf got = CC_BUF_INIT;
        split_joined(&got, rows[i].in);
        if (strcmp(got.buf, rows[i].want) != 0) {
            fail_msg("row %zu:\n  in:   %s\n  got:  %s\n  want: %s", i, rows[i].in, got.buf,
                     rows[i].want);
        }
        cc_buf_release(&got);
    }
}

static void abbreviations_and_titles(void **state)
{
    (void)state;
    static const struct row rows[] = {
        /* 0 */ {"Mr. Smith arrived. He sat down.", "Mr. Smith arrived. | He sat down."},
        {"Dr. Jane Roe and Prof. Lee spoke.", "Dr. Jane Roe and Prof. Lee spoke."},
        {"CENTCOM chief Gen. Michael Kurilla praised Pakistan. Officials agreed.",
         "CENTCOM chief Gen. Michael Kurilla praised Pakistan. | Officials agreed."},
        {"Lt. Col. Ahmed said the drill ended.", "Lt. Col. Ahmed said the drill ended."},
        {"U.S. officials met. They left.", "U.S. officials met. | They left."},
        /* 5 */
        {"Talks began in the U.S. The mood was calm.",
         "Talks began in the U.S. | The mood was calm."},
        {"U.S. Stocks Decline on China Growth Concern.",
         "U.S. Stocks Decline on China Growth Concern."},
        {"Some states, e.g. Punjab, objected. Others did not.",
         "Some states, e.g. Punjab, objected. | Others did not."},
        {"The treaty, i.e. the 1960 accord, is suspended.",
         "The treaty, i.e. the 1960 accord, is suspended."},
        {"Apple Inc. said profits rose. Shares fell.",
         "Apple Inc. said profits rose. | Shares fell."},
        /* 10 */
        {"He works for Acme Ltd. The firm is small.",
         "He works for Acme Ltd. | The firm is small."},
        {"Waiting For Apple Inc. (AAPL) To Go Higher Doesn't Help.",
         "Waiting For Apple Inc. (AAPL) To Go Higher Doesn't Help."},
        {"Herbalife Ltd. (HLF) news: the myth.", "Herbalife Ltd. (HLF) news: the myth."},
        {"Rooney Mara joins the Warner Bros.' Peter Pan film.",
         "Rooney Mara joins the Warner Bros.' Peter Pan film."},
        {"The vote is on Jan. 22 in Lahore.", "The vote is on Jan. 22 in Lahore."},
        /* 15 */
        {"China's Jan.-Feb. Industrial Output Up 8.6 Pct.",
         "China's Jan.-Feb. Industrial Output Up 8.6 Pct."},
        {"Carson Daly Expecting Baby No. 3. Fans cheered.",
         "Carson Daly Expecting Baby No. 3. | Fans cheered."},
        {"Mass. mom saves kids by throwing herself in front of car.",
         "Mass. mom saves kids by throwing herself in front of car."},
        {"Egg Hatches in Pa. Bald Eagle Nest. Crowds watch.",
         "Egg Hatches in Pa. Bald Eagle Nest. | Crowds watch."},
        {"Traditional food for St. Patrick's Day. It was fun.",
         "Traditional food for St. Patrick's Day. | It was fun."},
        /* 20 */ {"Mt. Gox updates its website.", "Mt. Gox updates its website."},
        {"Google Chromecast Vs. Apple TV: which is better?",
         "Google Chromecast Vs. Apple TV: which is better?"},
        {"Obama admin. 'failure' in listing.", "Obama admin. 'failure' in listing."},
        {"Relay for Life overnight Fri. at the stadium.",
         "Relay for Life overnight Fri. at the stadium."},
        {"It opened at 9 a.m. The queue was long.", "It opened at 9 a.m. | The queue was long."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void initials_and_names(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"J. R. R. Tolkien wrote it. Readers loved it.",
         "J. R. R. Tolkien wrote it. | Readers loved it."},
        {"George R.R. Martin says a movie was discussed.",
         "George R.R. Martin says a movie was discussed."},
        {"VP Steven B. Miller Sells 12664 Shares (ESRX), according to Hollywood Life.",
         "VP Steven B. Miller Sells 12664 Shares (ESRX), according to Hollywood Life."},
        {"Nanuqsaurus Hoglundi: Alaska's 'Pigmy' T. Rex. Scientists named it.",
         "Nanuqsaurus Hoglundi: Alaska's 'Pigmy' T. Rex. | Scientists named it."},
        {"Good for Louis C.K., bad for Jos. A. Bank.",
         "Good for Louis C.K., bad for Jos. A. Bank."},
        /* 5 */ {"They chose Plan B. The rest failed.", "They chose Plan B. | The rest failed."},
        {"NFL seeks $16.6 million from M.I.A. for the gesture.",
         "NFL seeks $16.6 million from M.I.A. for the gesture."},
        {"A.G. Schneiderman Announces Agreement.", "A.G. Schneiderman Announces Agreement."},
        {"Skydiver dies after collision in S. Calif.",
         "Skydiver dies after collision in S. Calif."},
        {"Musk Invests in Secretive A.I. Firm. Critics worry.",
         "Musk Invests in Secretive A.I. Firm. | Critics worry."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void numbers_and_domains(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Growth was 1.5 percent. Inflation hit 3.00.",
         "Growth was 1.5 percent. | Inflation hit 3.00."},
        {"The deal is worth $1.5bn. It closes soon.",
         "The deal is worth $1.5bn. | It closes soon."},
        {"About 10,000 people marched. Police watched.",
         "About 10,000 people marched. | Police watched."},
        {"It was reported on economictimes.indiatimes.com for coverage. Others followed.",
         "It was reported on economictimes.indiatimes.com for coverage. | Others followed."},
        {"Read more at arabnews.pk. The site is free.",
         "Read more at arabnews.pk. | The site is free."},
        /* 5 */
        {"See https://www.geo.tv/latest/608689-kurilla for the story.",
         "See https://www.geo.tv/latest/608689-kurilla for the story."},
        {"Herbalife news: Shattering The Myth 3.0. Investors react.",
         "Herbalife news: Shattering The Myth 3.0. | Investors react."},
        {"Spotify Premium Discounted to $4.99/Month for U.S. Students.",
         "Spotify Premium Discounted to $4.99/Month for U.S. Students."},
        {"The attack claimed 26 lives. 2025 was a bad year.",
         "The attack claimed 26 lives. | 2025 was a bad year."},
        {"Email press@dawn.com. Replies are slow.", "Email press@dawn.com. | Replies are slow."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void ellipses_and_exclamations(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Airbnb might get $10bn price tag ... despite its legal woes.",
         "Airbnb might get $10bn price tag ... despite its legal woes."},
        {"He paused\xe2\x80\xa6 Then he left.", "He paused\xe2\x80\xa6 | Then he left."},
        {"O'Neal -- Under Investigation ... Allegedly Punched Man.",
         "O'Neal -- Under Investigation ... Allegedly Punched Man."},
        {"The best site for news\xe2\x80\xa6. GM sued by families.",
         "The best site for news\xe2\x80\xa6. | GM sued by families."},
        {"Jeopardy! champ Arthur Chu unseated after 12-day run.",
         "Jeopardy! champ Arthur Chu unseated after 12-day run."},
        /* 5 */
        {"Chelsea Handler to Leave E! at End of Year.",
         "Chelsea Handler to Leave E! at End of Year."},
        {"'Jeopardy!' Hero-Villain Arthur Chu Struggles Early; Could He Come Back?",
         "'Jeopardy!' Hero-Villain Arthur Chu Struggles Early; Could He Come Back?"},
        {"Yikes! Researchers discover five new species of spiders.",
         "Yikes! Researchers discover five new species of spiders."},
        {"How old is sonar? Fossilized whale skull puts it at 32 million years.",
         "How old is sonar? Fossilized whale skull puts it at 32 million years."},
        {"Is the treaty still in force after the April attack? India says it is not.",
         "Is the treaty still in force after the April attack? | India says it is not."},
        /* 10 */
        {"And these ideas could change everything for India too! Critics disagree.",
         "And these ideas could change everything for India too! | Critics disagree."},
        {"Lohan's list got bigger! [PHOTO], according to Fashion Times.",
         "Lohan's list got bigger! [PHOTO], according to Fashion Times."},
        {"Wow!! Really?! The vote passed by 26 to 4 after a long debate in parliament.",
         "Wow!! Really?! The vote passed by 26 to 4 after a long debate in parliament."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void quotations(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"\xe2\x80\x9cWe want peace. We want trade,\xe2\x80\x9d he said. Talks resume Monday.",
         "\xe2\x80\x9cWe want peace. We want trade,\xe2\x80\x9d he said. | Talks resume Monday."},
        {"\"Stop!\" he shouted. The crowd froze.", "\"Stop!\" he shouted. | The crowd froze."},
        {"He said: \"It is over.\" Then he left.", "He said: \"It is over.\" | Then he left."},
        {"\xe2\x80\x9cTo achieve peace, leaders need only to come down from their high "
         "horse\xe2\x80\xa6 And pursue peace,\xe2\x80\x9d Bilawal asserted.",
         "\xe2\x80\x9cTo achieve peace, leaders need only to come down from their high "
         "horse\xe2\x80\xa6 And pursue peace,\xe2\x80\x9d Bilawal asserted."},
        {"A seminar titled \xe2\x80\x9cPakistan: A Bulwark Against Terrorism,\xe2\x80\x9d "
         "was held. It ended late.",
         "A seminar titled \xe2\x80\x9cPakistan: A Bulwark Against Terrorism,\xe2\x80\x9d "
         "was held. | It ended late."},
        /* 5 */
        {"He wrote \"never. Ever. The end and more and more. Then again. Stop.",
         "He wrote \"never. | Ever. | The end and more and more. | Then again. | Stop."},
        {"'Mr. Peabody & Sherman' tops box office with $21.2 million.",
         "'Mr. Peabody & Sherman' tops box office with $21.2 million."},
        {"More Bazinga! 'The Big Bang Theory' Renewed, according to Entertainmentwise.",
         "More Bazinga! 'The Big Bang Theory' Renewed, according to Entertainmentwise."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void citations_after_the_full_stop(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"The attack claimed 26 lives. (Reuters)", "The attack claimed 26 lives. (Reuters)"},
        {"The attack claimed 26 lives. (Reuters) India blamed Pakistan.",
         "The attack claimed 26 lives. (Reuters) | India blamed Pakistan."},
        {"It was India. (Sources 1) (Sources 1)).", "It was India. (Sources 1) (Sources 1))."},
        {"South Asia could gain through cooperation. * [Arabnews.pk].",
         "South Asia could gain through cooperation. * [Arabnews.pk]."},
        {"Prices rose. (In 2019 the talks collapsed entirely.) Nobody expected it.",
         "Prices rose. | (In 2019 the talks collapsed entirely.) | Nobody expected it."},
        /* 5 */
        {"[Video] 'Live Another Day' Trailer. No Going Back.",
         "[Video] 'Live Another Day' Trailer. | No Going Back."},
        {"Water squabbles (such as Indus Waters Treaty dispute ) continue. Talks stall.",
         "Water squabbles (such as Indus Waters Treaty dispute ) continue. | Talks stall."},
        {"ISLAMABAD (Reuters) - Pakistan is ready. It is not desperate.",
         "ISLAMABAD (Reuters) - Pakistan is ready. | It is not desperate."},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void unbalanced_brackets_never_swallow(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"It began (and never ended. The rest follows. Done.",
         "It began (and never ended. | The rest follows. | Done."},
        {"Closing only) here. Next one.", "Closing only) here. | Next one."},
        {"Nested ((a) b) c. Next.", "Nested ((a) b) c. | Next."},
        {"Quote \xe2\x80\x9copens but never closes. Second sentence. Third.",
         "Quote \xe2\x80\x9copens but never closes. | Second sentence. | Third."},
        {"))) (((", "))) ((("},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void headings_lines_and_lists(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"India responded with airstrikes.\nReception in New Delhi and Washington\nNew Delhi has "
         "yet to respond.",
         "India responded with airstrikes. | #Reception in New Delhi and Washington | New Delhi "
         "has yet to respond."},
        {"A ceasefire came into effect on May 10\n(en.wikipedia.org).\nNext paragraph here.",
         "A ceasefire came into effect on May 10\n(en.wikipedia.org). | Next paragraph here."},
        {"He urged similar arrangements to combat plots (The Week, Deccan Herald)\nPakistani "
         "delegation in Brussels suggested a partnership.",
         "He urged similar arrangements to combat plots (The Week, Deccan Herald) | Pakistani "
         "delegation in Brussels suggested a partnership."},
        {"# The Title\n\nFirst paragraph. Second sentence.",
         "#The Title | First paragraph. | Second sentence."},
        {"Points:\n* Reuters reported the toll.\n* Dawn disagreed.\n- A third item",
         "Points: | *Reuters reported the toll. | *Dawn disagreed. | *A third item"},
        /* 5 */
        {"1. First step done.\n2. Second step done.", "*First step done. | *Second step done."},
        {"This paragraph is hard wrapped at a narrow width so that\nits lines continue on the "
         "next line without any\nend punctuation until the very end of it.\n\nTrust Building "
         "Remains an Issue\n\nAnother wrapped paragraph that goes on and on\nacross two lines "
         "here.",
         "This paragraph is hard wrapped at a narrow width so that\nits lines continue on the "
         "next line without any\nend punctuation until the very end of it. | #Trust Building "
         "Remains an Issue | Another wrapped paragraph that goes on and on\nacross two lines "
         "here."},
        {"A wrapped text with a heading line right above its paragraph.\nShort Heading "
         "Here\nThe paragraph text continues for a while on this line and\nends on this one.",
         "A wrapped text with a heading line right above its paragraph. | #Short Heading Here "
         "| The paragraph text continues for a while on this line and\nends on this one."},
        {"Line one without a stop\r\nLine Two Is A Heading\r\n\r\nLast line.",
         "#Line one without a stop | #Line Two Is A Heading | Last line."},
        {"", ""},
        /* 10 */ {"   \n\n  \n", ""},
        {"no end punctuation at all, just words", "no end punctuation at all, just words"},
    };
    run_rows(rows, CC_ARRAY_LEN(rows));
}

static void flags_mark_questions_and_unterminated(void **state)
{
    (void)state;
    const char *text = "Is it true? Yes! It is. Unfinished (The Week)";
    struct cc_sentence_list l = CC_SENTENCE_LIST_INIT;
    assert_int_equal(cc_sentences_split_text(&l, text, strlen(text), NULL), 0);
    /* "Is it true? Yes!" is one lead-in run joined to "It is." */
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].flags, 0);
    assert_int_equal(l.v[1].flags, CC_SENTENCE_UNTERMINATED);
    assert_int_equal(l.v[1].start, strlen("Is it true? Yes! It is. "));
    cc_sentence_list_release(&l);

    text = "Will Pakistan and India resume the talks before the summit next year?";
    assert_int_equal(cc_sentences_split_text(&l, text, strlen(text), NULL), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].flags, CC_SENTENCE_QUESTION);
    cc_sentence_list_release(&l);
}

static void blocks_carry_kind_and_offsets(void **state)
{
    (void)state;
    const char *text = "## Sub heading ##\n\n- item one\n- item two\n\nBody text.\n";
    struct cc_block_list b = CC_BLOCK_LIST_INIT;
    assert_int_equal(cc_sentences_segment(&b, text, strlen(text), NULL), 0);
    assert_int_equal(b.n, 4);
    assert_int_equal(b.v[0].kind, CC_BLOCK_HEADING);
    assert_int_equal(b.v[0].level, 2);
    assert_memory_equal(text + b.v[0].start, "Sub heading", b.v[0].end - b.v[0].start);
    assert_int_equal(b.v[1].kind, CC_BLOCK_LIST_ITEM);
    assert_memory_equal(text + b.v[1].start, "item one", b.v[1].end - b.v[1].start);
    assert_int_equal(b.v[2].kind, CC_BLOCK_LIST_ITEM);
    assert_int_equal(b.v[3].kind, CC_BLOCK_PARAGRAPH);
    cc_block_list_release(&b);
}

static void heading_like_rules(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool want;
    } rows[] = {
        {"Reception in New Delhi and Washington", true},
        {"Trust Building Remains an Issue", true},
        {"May 10", true},
        {"a lowercase line", false},
        {"Ends with a stop.", false},
        {"Ends with a citation (Reuters)", false},
        {"Comma at the end,", false},
        {"One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen",
         false},
        {"\xe2\x80\x9cQuoted Heading\xe2\x80\x9d", true},
        {"", false},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        if (cc_sentences_is_heading_like(rows[i].in, strlen(rows[i].in)) != rows[i].want) {
            fail_msg("row %zu: '%s'", i, rows[i].in);
        }
    }
}

static void out_of_memory_is_reported(void **state)
{
    (void)state;
    const char *text = "One. Two. Three.\n\nFour. Five.";
    for (size_t n = 1;; n++) {
        struct cc_sentence_list l = CC_SENTENCE_LIST_INIT;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_sentences_split_text(&l, text, strlen(text), &err);
        cc_alloc_fail_after(0);
        cc_sentence_list_release(&l);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_true(n < 100);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abbreviations_and_titles),
        cmocka_unit_test(initials_and_names),
        cmocka_unit_test(numbers_and_domains),
        cmocka_unit_test(ellipses_and_exclamations),
        cmocka_unit_test(quotations),
        cmocka_unit_test(citations_after_the_full_stop),
        cmocka_unit_test(unbalanced_brackets_never_swallow),
        cmocka_unit_test(headings_lines_and_lists),
        cmocka_unit_test(flags_mark_questions_and_unterminated),
        cmocka_unit_test(blocks_carry_kind_and_offsets),
        cmocka_unit_test(heading_like_rules),
        cmocka_unit_test(out_of_memory_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
