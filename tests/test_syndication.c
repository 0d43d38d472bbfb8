#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "core/outlets.h"
#include "core/syndication.h"

static const char wire_story[] =
    "ISLAMABAD (Reuters) - Pakistan is ready for talks with India but is not desperate for "
    "them, Foreign Minister Ishaq Dar said on Wednesday, adding that any dialogue must cover "
    "water, trade and terrorism.";

static int setup(void **state)
{
    static const char json[] =
        "{\"outlets\": ["
        "{\"name\": \"Reuters\", \"aliases\": [\"Reuter's\"], \"domains\": [\"reuters.com\"],"
        " \"feeds\": [], \"wire\": true, \"credibility\": 0.9},"
        "{\"name\": \"Associated Press\", \"aliases\": [\"AP\"], \"domains\": [\"apnews.com\"],"
        " \"feeds\": [], \"wire\": true},"
        "{\"name\": \"Business Recorder\", \"aliases\": [], \"domains\": [\"brecorder.com\"],"
        " \"feeds\": []}"
        "]}";
    struct cc_registry *reg = NULL;
    if (cc_registry_parse(&reg, json, sizeof(json) - 1, "test", NULL, NULL) != 0) {
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

static void near_duplicates_found(void **state)
{
    (void)state;
    /* the same story with a different dateline punctuation and one word changed */
    const char *copy = "ISLAMABAD: Pakistan is ready for talks with India but is not desperate for "
                       "them, Foreign Minister Ishaq Dar said on Wednesday, adding that any "
                       "dialogue must cover water, trade and terrorism. - Reuters";
    assert_true(cc_synd_near_duplicate(wire_story, strlen(wire_story), copy, strlen(copy)));
    const char *other = "India said on Wednesday it would not hold talks with Pakistan until "
                        "cross-border terrorism ends, rejecting the offer made in Islamabad.";
    assert_false(cc_synd_near_duplicate(wire_story, strlen(wire_story), other, strlen(other)));
    /* short texts: the same words (case and punctuation aside) */
    assert_true(cc_synd_near_duplicate("Gold extends decline!", 21, "gold extends decline", 20));
    assert_false(cc_synd_near_duplicate("Gold extends decline", 20, "Gold ends decline", 17));
    assert_false(cc_synd_near_duplicate("", 0, "", 0));
}

static void simhash_is_stable_and_counts_shingles(void **state)
{
    (void)state;
    size_t n = 0;
    uint64_t a = cc_synd_simhash(wire_story, strlen(wire_story), &n);
    assert_int_equal(n, 30); /* 32 words, 30 three-word shingles */
    assert_true(a == cc_synd_simhash(wire_story, strlen(wire_story), NULL));
    size_t m = 7;
    (void)cc_synd_simhash("two words", 9, &m);
    assert_int_equal(m, 0);
}

static void wire_credits(void **state)
{
    const struct cc_registry *reg = *state;
    static const struct {
        const char *text;
        const char *wire; /* NULL: no credit */
    } rows[] = {
        {"ISLAMABAD (Reuters) - Pakistan said", "Reuters"},
        {"Pakistan said on Monday. (Reuters)", "Reuters"},
        {"Pakistan said on Monday.\n\xe2\x80\x94 Reuters", "Reuters"},
        {"Pakistan said on Monday. - AP", "Associated Press"},
        {"Reuters contributed to this report.", "Reuters"},
        {"Reuters reported on Monday that Pakistan", "Reuters"},
        {"the story came via Reuters", "Reuters"},
        {"Reutersville mayor said", NULL},
        {"a Reuters poll of economists", NULL},
        {"the AP Stylebook says", NULL},
        {"Business Recorder reported", NULL}, /* not a wire */
        {"", NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        const struct cc_outlet *o = cc_synd_wire_credit(reg, rows[i].text, strlen(rows[i].text));
        if (rows[i].wire == NULL ? o != NULL : (o == NULL || strcmp(o->name, rows[i].wire) != 0)) {
            fail_msg("row %zu '%s': got %s", i, rows[i].text, o ? o->name : "none");
        }
    }
}

static void group_wire_and_copy_into_one_source(void **state)
{
    const struct cc_registry *reg = *state;
    const struct cc_outlet *reuters = cc_registry_find_name(reg, "Reuters");
    const char *copy = "ISLAMABAD: Pakistan is ready for talks with India but is not desperate "
                       "for them, Dar said. - Reuters";
    const char *indep = "Dar tells parliament Pakistan wants talks on water and trade";
    struct cc_synd_item items[] = {
        {"Business Recorder", false, copy, strlen(copy), 2000, 1990, reuters, NULL},
        {"Reuters", true, wire_story, strlen(wire_story), 1000, 900, reuters, NULL},
        {"Dawn", false, indep, strlen(indep), 500, 400, NULL, NULL},
    };
    size_t group[3], origin[3];
    const char *oo[3], *reason[3];
    struct cc_synd_groups g = {group, origin, oo, reason, 0};
    assert_int_equal(cc_synd_group(&g, items, 3, NULL), 0);
    assert_int_equal(g.ngroups, 2);
    assert_int_equal(group[0], group[1]);
    assert_true(group[2] != group[0]);
    size_t w = group[0];
    assert_string_equal(oo[w], "Reuters");
    assert_int_equal(origin[w], 1);
    assert_string_equal(reason[w], "wire credit");
    assert_string_equal(oo[group[2]], "Dawn");
    assert_string_equal(reason[group[2]], "independent");
}

static void copies_of_an_absent_wire_credit_the_wire(void **state)
{
    const struct cc_registry *reg = *state;
    const struct cc_outlet *ap = cc_registry_find_name(reg, "Associated Press");
    const char *a = "Storm hits coast, thousands without power. - AP";
    const char *b = "Power cut for thousands as storm hits the coast (AP)";
    struct cc_synd_item items[] = {
        {"Outlet A", false, a, strlen(a), 100, CC_TIME_NONE, ap, NULL},
        {"Outlet B", false, b, strlen(b), 200, CC_TIME_NONE, ap, NULL},
    };
    size_t group[2], origin[2];
    const char *oo[2], *reason[2];
    struct cc_synd_groups g = {group, origin, oo, reason, 0};
    assert_int_equal(cc_synd_group(&g, items, 2, NULL), 0);
    assert_int_equal(g.ngroups, 1);
    assert_string_equal(oo[0], "Associated Press");
    assert_true(origin[0] == SIZE_MAX);
}

static void near_duplicates_credit_the_earliest(void **state)
{
    (void)state;
    const char *a = "Pakistan is ready for talks with India but is not desperate for them, "
                    "the foreign minister said";
    const char *b = "Pakistan is ready for talks with India but is not desperate for them, "
                    "the foreign minister said.";
    struct cc_synd_item items[] = {
        {"Late", false, a, strlen(a), 300, CC_TIME_NONE, NULL, NULL},
        {"Early", false, b, strlen(b), 100, CC_TIME_NONE, NULL, NULL},
    };
    size_t group[2], origin[2];
    const char *oo[2], *reason[2];
    struct cc_synd_groups g = {group, origin, oo, reason, 0};
    assert_int_equal(cc_synd_group(&g, items, 2, NULL), 0);
    assert_int_equal(g.ngroups, 1);
    assert_string_equal(oo[0], "Early");
    assert_int_equal(origin[0], 1);
    assert_string_equal(reason[0], "near-duplicate");
    /* nothing to group */
    assert_int_equal(cc_synd_group(&g, items, 0, NULL), 0);
    assert_int_equal(g.ngroups, 0);
}

static void one_media_group_is_one_source(void **state)
{
    (void)state;
    const char *a = "Ceasefire takes effect along the Line of Control";
    const char *b = "Guns fall silent as truce begins, residents return home";
    const char *c = "India and Pakistan agree to stop firing from Saturday";
    struct cc_synd_item items[] = {
        {"Geo News", false, a, strlen(a), 100, CC_TIME_NONE, NULL, "Jang Group"},
        {"The News International", false, b, strlen(b), 50, CC_TIME_NONE, NULL, "Jang Group"},
        {"Reuters", true, c, strlen(c), 10, CC_TIME_NONE, NULL, NULL},
    };
    size_t group[3], origin[3];
    const char *oo[3], *reason[3];
    struct cc_synd_groups g = {group, origin, oo, reason, 0};
    assert_int_equal(cc_synd_group(&g, items, 3, NULL), 0);
    assert_int_equal(g.ngroups, 2);
    assert_int_equal(group[0], group[1]);
    assert_string_equal(oo[group[0]], "The News International"); /* seen first */
    assert_string_equal(reason[group[0]], "same media group");
    assert_string_equal(reason[group[2]], "independent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(near_duplicates_found),
        cmocka_unit_test(simhash_is_stable_and_counts_shingles),
        cmocka_unit_test(wire_credits),
        cmocka_unit_test(group_wire_and_copy_into_one_source),
        cmocka_unit_test(copies_of_an_absent_wire_credit_the_wire),
        cmocka_unit_test(near_duplicates_credit_the_earliest),
        cmocka_unit_test(one_media_group_is_one_source),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
