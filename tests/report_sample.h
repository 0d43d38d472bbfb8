/*
 * report_sample.h: hand-built verify results for the report tests (the
 * cmocka tests of core/report_* and tests/report_tool.c), so the writers
 * are tested on exact, known values without the matcher.
 *
 * sample_story(): the example article's story, every verdict, citation
 * status, a syndicated copy and a contradiction (the HTML screenshot test).
 * sample_tricky(): text that breaks naive writers: commas, quotes, line
 * breaks, leading = + - @ tab CR, non-ASCII, markup, control characters.
 * The values are static; never pass them to cc_verify_result_free.
 */
#ifndef CC_TESTS_REPORT_SAMPLE_H
#define CC_TESTS_REPORT_SAMPLE_H

#include "core/common.h"
#include "core/verify.h"

/* 2025-01-01 is day 20089 since 1970; SAMPLE_T(m, d, h) for 2025 dates. */
#define SAMPLE_T(doy, h) (((int64_t)20089 + (doy)-1) * 86400 + (int64_t)(h)*3600)
/* Days of the year 2025 used below. */
#define DOY_APR22 112
#define DOY_JUN04 155
#define DOY_JUN10 161
#define DOY_JUN14 165
#define DOY_JUL02 183

/* ---- sample_story --------------------------------------------------------- */

static char *story_c1_cited[] = {"The Week", "Deccan Herald"};
static struct cc_citation_check story_c1_cites[] = {
    {"The Week", "The Week", CC_CITE_NOT_MATCHED, "items exist for the window, none matches", -1},
    {"Deccan Herald", "Deccan Herald", CC_CITE_COVERAGE_GAP,
     "stored items start on 2025-06-20, after the claim's date", -1},
};
static struct cc_evidence story_c1_ev[] = {
    {901,
     "Arab News Pakistan",
     "Bilawal says Pakistan could forge 'phenomenal' counter-terror "
     "partnership with India",
     "https://www.arabnews.pk/node/2604466/pakistan",
     SAMPLE_T(DOY_JUN14, 9),
     SAMPLE_T(DOY_JUN14, 10),
     "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
     0.41,
     false,
     true,
     0,
     false,
     NULL,
     {0.35, 0.22, 0.5},
     3},
};

static char *story_c2_cited[] = {"The News", "Arab News Pakistan", "Geo News"};
static char *story_c2_confirmed[] = {"Arab News Pakistan"};
static char *story_c2_reporting[] = {"Arab News Pakistan", "Dawn"};
static char *story_c2_corro[] = {"Arab News Pakistan", "Dawn"};
static struct cc_citation_check story_c2_cites[] = {
    {"TheNews.com.pk", "The News", CC_CITE_NOT_MATCHED, "items exist for the window, none matches",
     -1},
    {"Arabnews.pk", "Arab News Pakistan", CC_CITE_CONFIRMED, NULL, 0},
    {"Geo TV", "Geo News", CC_CITE_NOT_MATCHED, "items exist for the window, none matches", -1},
};
static struct cc_evidence story_c2_ev[] = {
    {902,
     "Arab News Pakistan",
     "Pakistan delegation in Brussels offers India anti-terror "
     "partnership like US ties",
     "https://www.arabnews.pk/node/2604678/pakistan",
     SAMPLE_T(DOY_JUN14, 15),
     SAMPLE_T(DOY_JUN14, 16),
     "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
     0.88,
     true,
     true,
     0,
     false,
     NULL,
     {0.81, 0.64, 1.0},
     3},
    {903,
     "Dawn",
     "Bilawal in Brussels: counter-terror cooperation with India possible",
     "https://www.dawn.com/news/1917001",
     SAMPLE_T(DOY_JUN14, 18),
     SAMPLE_T(DOY_JUN14, 19),
     "1111111111111111111111111111111111111111111111111111111111111111",
     0.74,
     true,
     true,
     1,
     false,
     NULL,
     {0.7, 0.5, 1.0},
     3},
};
static size_t story_no_copies[] = {0};
static struct cc_source story_c2_src[] = {
    {"Arab News Pakistan", 0, story_no_copies, 0, "independent", 0.7},
    {"Dawn", 1, story_no_copies, 0, "independent", 0.8},
};

static char *story_c3_reporting[] = {"Dawn", "Geo News", "The News", "Reuters"};
static char *story_c3_corro[] = {"Dawn", "Geo News", "The News", "Reuters"};
static struct cc_evidence story_c3_ev[] = {
    {910,
     "Reuters",
     "Gunmen kill 26 tourists in Indian Kashmir, deadliest attack in years",
     "https://news.google.com/rss/articles/CBMi-reuters-pahalgam",
     SAMPLE_T(DOY_APR22, 14),
     SAMPLE_T(DOY_APR22, 15),
     "2222222222222222222222222222222222222222222222222222222222222222",
     0.93,
     true,
     true,
     0,
     false,
     NULL,
     {0.9, 0.8, 1.0},
     3},
    {911,
     "Dawn",
     "26 killed as gunmen open fire on tourists in occupied Kashmir's Pahalgam",
     "https://www.dawn.com/news/1905001",
     SAMPLE_T(DOY_APR22, 16),
     SAMPLE_T(DOY_APR22, 17),
     "3333333333333333333333333333333333333333333333333333333333333333",
     0.9,
     true,
     true,
     1,
     false,
     NULL,
     {0.88, 0.7, 1.0},
     3},
    {912,
     "Geo News",
     "Pahalgam attack death toll rises to 26",
     "https://www.geo.tv/latest/600001",
     SAMPLE_T(DOY_APR22, 19),
     SAMPLE_T(DOY_APR22, 20),
     "4444444444444444444444444444444444444444444444444444444444444444",
     0.86,
     true,
     true,
     2,
     false,
     NULL,
     {0.8, 0.7, 1.0},
     3},
    {913,
     "The News",
     "India blames Pakistan-linked militants for Pahalgam killings",
     "https://www.thenews.com.pk/latest/1300001",
     SAMPLE_T(DOY_APR22, 22),
     SAMPLE_T(DOY_APR22, 23),
     "5555555555555555555555555555555555555555555555555555555555555555",
     0.71,
     true,
     true,
     3,
     false,
     NULL,
     {0.6, 0.5, 1.0},
     3},
};
static struct cc_source story_c3_src[] = {
    {"Reuters", 0, story_no_copies, 0, "independent", 0.9},
    {"Dawn", 1, story_no_copies, 0, "independent", 0.8},
    {"Geo News", 2, story_no_copies, 0, "independent", 0.6},
    {"The News", 3, story_no_copies, 0, "independent", 0.6},
};

static char *story_c4_reporting[] = {"Hindustan Times"};
static char *story_c4_corro[] = {"Hindustan Times"};
static struct cc_evidence story_c4_ev[] = {
    {920,
     "Hindustan Times",
     "Early toll: 28 dead in Pahalgam terror attack",
     "https://www.hindustantimes.com/india-news/pahalgam-28",
     SAMPLE_T(DOY_APR22, 13),
     SAMPLE_T(DOY_APR22, 14),
     "6666666666666666666666666666666666666666666666666666666666666666",
     0.67,
     true,
     true,
     0,
     false,
     "number: 28 vs 26 (lives)",
     {0.7, 0.6, 0.0},
     3},
};
static struct cc_source story_c4_src[] = {
    {"Hindustan Times", 0, story_no_copies, 0, "independent", 0.6},
};

static char *story_c5_cited[] = {"Reuters"};
static char *story_c5_confirmed[] = {"Reuters"};
static char *story_c5_reporting[] = {"Reuters", "Business Recorder"};
static char *story_c5_corro[] = {"Reuters"};
static struct cc_citation_check story_c5_cites[] = {
    {"Reuter\xe2\x80\x99s", "Reuters", CC_CITE_CONFIRMED, NULL, 0},
};
static size_t story_c5_copies[] = {1};
static struct cc_evidence story_c5_ev[] = {
    {930,
     "Reuters",
     "Pakistan 'ready but not desperate' for talks with India, FM Dar says",
     "https://news.google.com/rss/articles/CBMi-reuters-dar",
     SAMPLE_T(DOY_JUN04, 11),
     SAMPLE_T(DOY_JUN04, 12),
     "7777777777777777777777777777777777777777777777777777777777777777",
     0.91,
     true,
     true,
     0,
     false,
     NULL,
     {0.9, 0.85, 1.0},
     3},
    {931,
     "Business Recorder",
     "Pakistan ready but not desperate for talks with India: Dar",
     "https://www.brecorder.com/news/40365001",
     SAMPLE_T(DOY_JUN04, 13),
     SAMPLE_T(DOY_JUN04, 14),
     "8888888888888888888888888888888888888888888888888888888888888888",
     0.89,
     true,
     true,
     0,
     true,
     NULL,
     {0.88, 0.84, 1.0},
     3},
};
static struct cc_source story_c5_src[] = {
    {"Reuters", 0, story_c5_copies, 1, "wire credit", 0.9},
};

static char *story_c6_cited[] = {"The News", "Arab News Pakistan"};
static char *story_c6_reporting[] = {"Geo News", "Arab News Pakistan"};
static char *story_c6_corro[] = {"Geo News", "Arab News Pakistan"};
static char *story_c6_confirmed[] = {"Arab News Pakistan"};
static struct cc_citation_check story_c6_cites[] = {
    {"The News.com.pk", "The News", CC_CITE_NOT_MATCHED, "items exist for the window, none matches",
     -1},
    {"ArabNews.pk", "Arab News Pakistan", CC_CITE_CONFIRMED, NULL, 1},
};
static struct cc_evidence story_c6_ev[] = {
    {940,
     "Geo News",
     "CENTCOM chief calls Pakistan 'phenomenal partner' in counter-terrorism",
     "https://www.geo.tv/latest/608689",
     SAMPLE_T(DOY_JUN10, 21),
     SAMPLE_T(DOY_JUN10, 22),
     "9999999999999999999999999999999999999999999999999999999999999999",
     0.84,
     true,
     true,
     0,
     false,
     NULL,
     {0.8, 0.7, 1.0},
     3},
    {941,
     "Arab News Pakistan",
     "Bilawal recalls Kurilla's 'phenomenal partner' remark in Brussels",
     "https://www.arabnews.pk/node/2604466/pakistan",
     SAMPLE_T(DOY_JUN14, 9),
     SAMPLE_T(DOY_JUN14, 10),
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     0.62,
     true,
     false,
     1,
     false,
     NULL,
     {0.55, 0.4, 0.0},
     3},
};
static struct cc_source story_c6_src[] = {
    {"Geo News", 0, story_no_copies, 0, "independent", 0.6},
    {"Arab News Pakistan", 1, story_no_copies, 0, "independent", 0.7},
};

static struct cc_claim_result story_claims[] = {
    {0,
     1,
     "Bilawal Bhutto-Zardari of Pakistan Peoples Party today extended an olive branch.",
     "Bilawal Bhutto-Zardari of Pakistan Peoples Party today extended an olive branch.",
     false,
     0.31,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     0.0,
     CC_VERDICT_NOT_CHECKABLE,
     -1,
     NULL,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0},
    {1,
     2,
     "He pointed to Pakistan\xe2\x80\x99s effective counter-terror ties with U.S. and NATO allies "
     "(The Week, Deccan Herald)",
     "He pointed to Pakistan's effective counter-terror ties with U.S. and NATO allies",
     true,
     0.82,
     story_c1_cited,
     2,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     0.12,
     CC_VERDICT_UNCORROBORATED,
     0,
     NULL,
     story_c1_ev,
     1,
     NULL,
     0,
     story_c1_cites,
     2,
     143},
    {2,
     3,
     "Pakistani delegation in Brussels suggested earlier this month that Islamabad and New Delhi "
     "can form a powerful anti-terror partnership (TheNews.com.pk, Arabnews.pk and Geo TV all "
     "offer coverage).",
     "Pakistani delegation in Brussels suggested that Islamabad and New Delhi can form a powerful "
     "anti-terror partnership",
     true,
     0.9,
     story_c2_cited,
     3,
     story_c2_confirmed,
     1,
     story_c2_reporting,
     2,
     story_c2_corro,
     2,
     2,
     0.81,
     CC_VERDICT_CORROBORATED,
     0,
     NULL,
     story_c2_ev,
     2,
     story_c2_src,
     2,
     story_c2_cites,
     3,
     188},
    {3,
     4,
     "Bilawal\xe2\x80\x99s plea comes after the April 22 Pahalgam terrorist attack that claimed "
     "26 lives, which India blamed on militants affiliated with Pakistan.",
     "the April 22 Pahalgam terrorist attack that claimed 26 lives",
     true,
     0.95,
     NULL,
     0,
     NULL,
     0,
     story_c3_reporting,
     4,
     story_c3_corro,
     4,
     4,
     0.94,
     CC_VERDICT_CORROBORATED,
     0,
     NULL,
     story_c3_ev,
     4,
     story_c3_src,
     4,
     NULL,
     0,
     200},
    {4,
     5,
     "Early reports put the toll at 26 dead.",
     "Early reports put the toll at 26 dead.",
     true,
     0.7,
     NULL,
     0,
     NULL,
     0,
     story_c4_reporting,
     1,
     story_c4_corro,
     1,
     1,
     0.22,
     CC_VERDICT_CONTRADICTED,
     0,
     "number: 28 vs 26 (lives)",
     story_c4_ev,
     1,
     story_c4_src,
     1,
     NULL,
     0,
     120},
    {5,
     6,
     "Recently, Pakistan Foreign Minister Ishaq Dar made statements suggesting his nation was "
     "ready but not desperate for talks. Reuter\xe2\x80\x99s reported this development.",
     "Pakistan Foreign Minister Ishaq Dar said his nation was ready but not desperate for talks",
     true,
     0.88,
     story_c5_cited,
     1,
     story_c5_confirmed,
     1,
     story_c5_reporting,
     2,
     story_c5_corro,
     1,
     1,
     0.66,
     CC_VERDICT_SINGLE_SOURCE,
     0,
     NULL,
     story_c5_ev,
     2,
     story_c5_src,
     1,
     story_c5_cites,
     1,
     161},
    {6,
     7,
     "U.S. officials including CENTCOM chief Gen. Michael Kurilla have repeatedly praised "
     "Pakistan as an outstanding partner in counter-terrorism (The News.com.pk and ArabNews.pk "
     "for example).",
     "CENTCOM chief Gen. Michael Kurilla praised Pakistan as an outstanding partner in "
     "counter-terrorism",
     true,
     0.86,
     story_c6_cited,
     2,
     story_c6_confirmed,
     1,
     story_c6_reporting,
     2,
     story_c6_corro,
     2,
     2,
     0.72,
     CC_VERDICT_CORROBORATED,
     0,
     NULL,
     story_c6_ev,
     2,
     story_c6_src,
     2,
     story_c6_cites,
     2,
     175},
};

static char *story_warnings[] = {"1 citation names no registry outlet: '(Sources 1)'"};

static struct cc_verify_result story_result = {
    "fixtures/articles/example_article.txt",
    "Bilawal offers India a \xe2\x80\x9chistoric and phenomenal partnership\xe2\x80\x9d against "
    "terror",
    NULL,
    SAMPLE_T(DOY_JUL02, 0),
    "--date",
    3,
    SAMPLE_T(DOY_JUL02, 0) - 3 * 86400,
    SAMPLE_T(DOY_JUL02, 0) + 3 * 86400,
    200,
    0.5,
    "match-sample-v1",
    story_claims,
    CC_ARRAY_LEN(story_claims),
    12,
    story_warnings,
    1,
    87,
};

CC_UNUSED static const struct cc_verify_result *sample_story(void)
{
    return &story_result;
}

/* ---- sample_tricky -------------------------------------------------------- */

static char *tricky_cited[] = {"Outlet, with comma", "=Evil \"Outlet\""};
static char *tricky_confirmed[] = {"Outlet, with comma"};
static char *tricky_reporting[] = {"Outlet, with comma", "Caf\xc3\xa9 T\xc3\xa4gliche",
                                   "\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0\xe8\x81\x9e"};
static char *tricky_corro[] = {"Outlet, with comma", "\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0\xe8"
                                                     "\x81\x9e"};
static struct cc_citation_check tricky_cites[] = {
    {"Outlet, with comma", "Outlet, with comma", CC_CITE_CONFIRMED, NULL, 0},
    {"=Evil", "=Evil \"Outlet\"", CC_CITE_NO_FEED, "no feed: <script>alert(1)</script>", -1},
};
static size_t tricky_copies[] = {2};
static struct cc_evidence tricky_ev[] = {
    {1,
     "Outlet, with comma",
     "Title, with \"quotes\"\nand a line break",
     "https://example.com/a?b=1,2&c=\"3\"",
     SAMPLE_T(DOY_APR22, 9),
     SAMPLE_T(DOY_APR22, 10),
     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
     0.75,
     true,
     true,
     0,
     false,
     NULL,
     {0.5, 0.25},
     2},
    {2,
     "\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0\xe8\x81\x9e",
     "@SUM(A1) \xe2\x80\x94 <b>bold</b>",
     "javascript:alert(1)",
     CC_TIME_NONE,
     SAMPLE_T(DOY_APR22, 11),
     "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
     0.6,
     true,
     true,
     1,
     false,
     NULL,
     {0.4, 0.2},
     2},
    {3,
     "Caf\xc3\xa9 T\xc3\xa4gliche",
     "-minus first",
     "http://example.org/copy",
     SAMPLE_T(DOY_APR22, 12),
     SAMPLE_T(DOY_APR22, 13),
     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
     0.58,
     true,
     true,
     1,
     true,
     NULL,
     {0.3, 0.1},
     2},
};
static struct cc_source tricky_src[] = {
    {"Outlet, with comma", 0, story_no_copies, 0, "independent", 0.5},
    {"\xe6\x9d\xb1\xe4\xba\xac\xe6\x96\xb0\xe8\x81\x9e", 1, tricky_copies, 1, "near-duplicate",
     0.5},
};

/* A check-worthy claim with no evidence and no citation: index = sentence
 * = i, the text as written and as matched. */
#define TRICKY_CLAIM(i, as_written, matched)                                                       \
    {                                                                                              \
        .index = (i), .sentence = (i), .text = (as_written), .match_text = (matched),              \
        .checkworthy = true, .checkworthiness = 0.6, .verdict = CC_VERDICT_UNCORROBORATED,         \
        .best = -1                                                                                 \
    }

static struct cc_claim_result tricky_claims[] = {
    {1,
     1,
     "Hello, \"world\"\nsecond line",
     "Hello, world second line",
     true,
     0.9,
     tricky_cited,
     2,
     tricky_confirmed,
     1,
     tricky_reporting,
     3,
     tricky_corro,
     2,
     2,
     0.8125,
     CC_VERDICT_CORROBORATED,
     0,
     NULL,
     tricky_ev,
     3,
     tricky_src,
     2,
     tricky_cites,
     2,
     10},
    TRICKY_CLAIM(2, "=1+2", "=1+2"),
    TRICKY_CLAIM(3, "+44 20 7946 0958", "+44 20 7946 0958"),
    {4,
     4,
     "-5 degrees",
     "-5 degrees",
     true,
     0.6,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     0.0,
     CC_VERDICT_UNCORROBORATED,
     -1,
     "-5 vs 5",
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0},
    TRICKY_CLAIM(5, "@everyone look", "@everyone look"),
    TRICKY_CLAIM(6, "\tTabbed start", "Tabbed start"),
    TRICKY_CLAIM(7, "\rCR start", "CR start"),
    {8,
     8,
     "\xc3\x9cn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac "
     "\xf0\x9f\x98\x80 \xe2\x80\x9cquoted\xe2\x80\x9d",
     "Unicode",
     true,
     0.6,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0,
     0.0,
     CC_VERDICT_UNCORROBORATED,
     -1,
     NULL,
     NULL,
     0,
     NULL,
     0,
     NULL,
     0,
     0},
    TRICKY_CLAIM(9, "<script>alert('x')</script> & \x1b[31mred\x1b[0m", "script"),
};

static struct cc_verify_result tricky_result = {
    "dir/=odd, \"name\".txt",
    NULL,
    NULL,
    SAMPLE_T(DOY_APR22, 0),
    "article:published_time",
    3,
    SAMPLE_T(DOY_APR22, 0) - 3 * 86400,
    SAMPLE_T(DOY_APR22, 0) + 3 * 86400,
    200,
    0.5,
    "match-sample-v1",
    tricky_claims,
    CC_ARRAY_LEN(tricky_claims),
    9,
    NULL,
    0,
    5,
};

CC_UNUSED static const struct cc_verify_result *sample_tricky(void)
{
    return &tricky_result;
}

#endif
