#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/claims.h"
#include "core/outlets.h"

struct fx {
    struct cc_registry *reg;
    struct cc_article *a;
    struct cc_claims *c;
};

/* The example article with the built-in registry, dated 2025-07-02 (the
 * day of the speech, story_facts.md). */
static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    if (!f || cc_registry_builtin(&f->reg, NULL) != 0) {
        return -1;
    }
    char path[1024];
    const char *dir = getenv("CC_FIXTURES_DIR");
    snprintf(path, sizeof(path), "%s/articles/example_article.txt", dir ? dir : CC_FIXTURES_DIR);
    struct cc_article_options o;
    cc_article_options_init(&o);
    if (cc_article_parse_date(&o.date, "2025-07-02", NULL) != 0 ||
        cc_article_load(&f->a, path, &o, NULL) != 0 ||
        cc_claims_analyse(&f->c, f->a, f->reg, NULL) != 0) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    cc_claims_free(f->c);
    cc_article_free(f->a);
    cc_registry_free(f->reg);
    free(f);
    return 0;
}

/* The sentence starting with prefix (exactly one). */
static const struct cc_claim *find(const struct fx *f, const char *prefix)
{
    const struct cc_claim *hit = NULL;
    for (size_t i = 0; i < f->c->n; i++) {
        const struct cc_claim *c = &f->c->v[i];
        if (c->end - c->start >= strlen(prefix) &&
            memcmp(f->a->text.buf + c->start, prefix, strlen(prefix)) == 0) {
            assert_null(hit);
            hit = c;
        }
    }
    if (!hit) {
        fail_msg("no sentence starts with '%s'", prefix);
    }
    return hit;
}

/* "Outlet|Outlet|?" for the citations covering c ("?" unresolved). */
static void covering(struct cc_buf *out, const struct fx *f, const struct cc_claim *c)
{
    for (size_t i = 0; i < c->ncover; i++) {
        const struct cc_citation *ct = &f->c->cites[c->cover[i].cite];
        assert_int_equal(cc_buf_addf(out, "%s%s%s", i ? "|" : "",
                                     ct->outlet ? ct->outlet->name : "?",
                                     c->cover[i].scope == CC_COVER_PARAGRAPH ? "(p)" : ""),
                         0);
    }
}

static void assert_cover(const struct fx *f, const char *prefix, const char *want)
{
    struct cc_buf b = CC_BUF_INIT;
    covering(&b, f, find(f, prefix));
    if (strcmp(b.buf, want) != 0) {
        fail_msg("'%s': covered by '%s', want '%s'", prefix, b.buf, want);
    }
    cc_buf_release(&b);
}

static void every_citation_of_the_example_resolves(void **state)
{
    const struct fx *f = *state;
    static const char *const want[][2] = {
        {"Sources 1", NULL},
        {"Sources 1", NULL},
        {"The Week", "The Week"},
        {"Deccan Herald", "Deccan Herald"},
        {"TheNews.com.pk", "The News International"},
        {"Arabnews.pk", "Arab News Pakistan"},
        {"Geo TV", "Geo News"},
        {"en.wikipedia.org", "Wikipedia"},
        {"Reuter\xe2\x80\x99s", "Reuters"},
        {"The News.com.pk", "The News International"},
        {"ArabNews.pk", "Arab News Pakistan"},
        {"economictimes.indiatimes.com", "Economic Times"},
        {"Arabnews.pk", "Arab News Pakistan"},
    };
    assert_int_equal(f->c->ncites, CC_ARRAY_LEN(want));
    for (size_t i = 0; i < f->c->ncites; i++) {
        const struct cc_citation *c = &f->c->cites[i];
        size_t n = c->end - c->start;
        if (n != strlen(want[i][0]) || memcmp(f->a->text.buf + c->start, want[i][0], n) != 0) {
            fail_msg("citation %zu: '%.*s', want '%s'", i, (int)n, f->a->text.buf + c->start,
                     want[i][0]);
        }
        if (want[i][1]) {
            assert_non_null(c->outlet);
            assert_string_equal(c->outlet->name, want[i][1]);
        } else {
            assert_null(c->outlet);
            assert_int_equal(c->kind, CC_CITATION_PLACEHOLDER);
        }
    }
    /* Nothing from the bracket that is prose, nor from the acronyms. */
    for (size_t i = 0; i < f->c->ncites; i++) {
        const char *s = f->a->text.buf + f->c->cites[i].start;
        static const char *const never[] = {"such as", "Indus", "RAW",  "ISI", "CENTCOM",
                                            "EU",      "SCO",   "NATO", "U.S."};
        for (size_t k = 0; k < CC_ARRAY_LEN(never); k++) {
            assert_false(strncmp(s, never[k], strlen(never[k])) == 0);
        }
    }
}

static void kinds_and_numbering(void **state)
{
    const struct fx *f = *state;
    assert_int_equal(find(f, "Reception in New Delhi")->kind, CC_CLAIM_KIND_HEADING);
    assert_int_equal(find(f, "Trust Building Remains")->kind, CC_CLAIM_KIND_HEADING);
    const struct cc_claim *rhetoric = find(f, "And these ideas could change everything");
    assert_int_equal(rhetoric->kind, CC_CLAIM_KIND_NOT_CHECKABLE);
    assert_false(rhetoric->checkworthy);
    assert_true(rhetoric->score < CC_CLAIMS_THRESHOLD);
    assert_int_equal(rhetoric->claim_index, 0);
    assert_int_equal(find(f, "Reuter\xe2\x80\x99s reported this")->kind, CC_CLAIM_KIND_CITATION);
    assert_int_equal(find(f, "Additionally, this has also been")->kind, CC_CLAIM_KIND_CITATION);
    assert_int_equal(find(f, "As part of this new plan")->kind, CC_CLAIM_KIND_NOT_CHECKABLE);
    assert_int_equal(find(f, "New Delhi must respond")->kind, CC_CLAIM_KIND_NOT_CHECKABLE);
    assert_int_equal(find(f, "Bilawal Bhutto-Zardari of Pakistan")->claim_index, 1);
    assert_int_equal(find(f, "Meanwhile, global players")->claim_index, 17);
    size_t next = 1;
    for (size_t i = 0; i < f->c->n; i++) {
        const struct cc_claim *c = &f->c->v[i];
        assert_true(c->score >= 0 && c->score <= 1);
        assert_int_equal(c->checkworthy, c->kind == CC_CLAIM_KIND_CLAIM);
        if (c->kind == CC_CLAIM_KIND_CLAIM) {
            assert_true(c->score >= CC_CLAIMS_THRESHOLD);
            assert_int_equal(c->claim_index, next++);
        } else {
            assert_int_equal(c->claim_index, 0);
        }
    }
    assert_int_equal(f->c->nclaims, 17);
    assert_int_equal(f->c->n, 25);
}

static void scope_of_citations(void **state)
{
    const struct fx *f = *state;
    assert_cover(f, "Speaking at an Islamabad seminar", "?|?");
    assert_cover(f, "He pointed to Pakistan", "The Week|Deccan Herald");
    assert_cover(f, "Pakistani delegation in Brussels",
                 "The News International|Arab News Pakistan|Geo News");
    assert_cover(f, "A US-brokered ceasefire", "Wikipedia");
    /* "Reuter's reported this development." covers the claim before it. */
    assert_cover(f, "Recently, Pakistan Foreign Minister", "Reuters(p)");
    /* Own brackets first, then the citation sentence after it. */
    assert_cover(f, "U.S. officials including CENTCOM",
                 "The News International|Arab News Pakistan|Economic Times(p)");
    assert_cover(f, "Bilawal used these acknowledgments", "Arab News Pakistan");
    /* Other paragraphs are not covered. */
    assert_cover(f, "India responded with airstrikes", "");
    assert_cover(f, "New Delhi has yet to formally respond", "");
    assert_cover(f, "Bilawal reiterated his earlier stance", "");
}

static void features_and_match_text(void **state)
{
    const struct fx *f = *state;
    const struct cc_claim *c = find(f, "Bilawal\xe2\x80\x99s plea to ease");
    assert_int_equal(c->feat.nnumbers, 1);
    assert_true(c->feat.numbers[0].value == 26);
    assert_string_equal(c->feat.numbers[0].unit, "lives");
    assert_int_equal(c->feat.ndates, 1);
    char d[16];
    cc_textfeat_date_format(d, &c->feat.dates[0]);
    assert_string_equal(d, "2025-04-22");
    /* Spans point into the article text. */
    assert_memory_equal(f->a->text.buf + c->feat.numbers[0].start, "26 lives", 8);

    c = find(f, "He pointed to Pakistan");
    assert_string_equal(
        c->match_text,
        "He pointed to Pakistan\xe2\x80\x99s effective counter-terror ties with U.S. "
        "and NATO allies and encouraged India to establish similar arrangements "
        "to combat transnational extremist plots");
    /* Outlet names in citations are not entities of the claim. */
    for (size_t i = 0; i < c->feat.nentities; i++) {
        assert_string_not_equal(c->feat.entities[i].norm, "deccan herald");
    }
    c = find(f, "A US-brokered ceasefire");
    assert_string_equal(c->match_text,
                        "A US-brokered ceasefire agreement came into effect on May 10.");
    c = find(f, "Speaking at an Islamabad seminar");
    assert_int_equal(c->feat.nnumbers, 1); /* "one billion"; "Sources 1" is a citation */
    assert_true(c->feat.numbers[0].value == 1e9);
}

static void scoring_table(void **state)
{
    const struct fx *f = *state;
    static const struct {
        const char *in;
        int kind;
    } rows[] = {
        {"And these ideas could change everything for India too!", CC_CLAIM_KIND_NOT_CHECKABLE},
        {"New Delhi must respond publicly, possibly setting cooperation in motion.",
         CC_CLAIM_KIND_NOT_CHECKABLE},
        {"As part of this new plan for reconciliation across Pakistan.",
         CC_CLAIM_KIND_NOT_CHECKABLE},
        {"Will Pakistan and India resume talks before the summit?", CC_CLAIM_KIND_NOT_CHECKABLE},
        {"Building trust remains a central challenge to dialogue efforts.",
         CC_CLAIM_KIND_NOT_CHECKABLE},
        {"What a day!", CC_CLAIM_KIND_NOT_CHECKABLE},
        {"The attack killed 26 people in Pahalgam on April 22.", CC_CLAIM_KIND_CLAIM},
        {"India responded with airstrikes against militant targets linked to Pakistan.",
         CC_CLAIM_KIND_CLAIM},
        {"Shares capped by Chinese data, Ukrainian worries linger.", CC_CLAIM_KIND_CLAIM},
        {"Prices rose 5 percent last year.", CC_CLAIM_KIND_CLAIM},
        {"The ceasefire held overnight, according to Dawn.", CC_CLAIM_KIND_CLAIM},
        {"This was also reported by Dawn.", CC_CLAIM_KIND_CITATION},
        {"## A Heading", CC_CLAIM_KIND_HEADING},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_article *a = NULL;
        struct cc_claims *c = NULL;
        assert_int_equal(cc_article_parse(&a, rows[i].in, strlen(rows[i].in), "-", NULL, NULL), 0);
        assert_int_equal(cc_claims_analyse(&c, a, f->reg, NULL), 0);
        assert_int_equal(c->n, 1);
        if (c->v[0].kind != rows[i].kind) {
            fail_msg("row %zu: '%s' is %s (%.2f), want %s", i, rows[i].in,
                     cc_claim_kind_name(c->v[0].kind), c->v[0].score,
                     cc_claim_kind_name(rows[i].kind));
        }
        cc_claims_free(c);
        cc_article_free(a);
    }
}

static void citation_sentence_first_in_paragraph_covers_the_one_before(void **state)
{
    const struct fx *f = *state;
    const char *t = "Prices rose 5 percent in Karachi last year.\n\nDawn reported this.\n\n"
                    "Heading Line\n\nAl Jazeera carried the story.\n";
    struct cc_article *a = NULL;
    struct cc_claims *c = NULL;
    assert_int_equal(cc_article_parse(&a, t, strlen(t), "-", NULL, NULL), 0);
    assert_int_equal(cc_claims_analyse(&c, a, f->reg, NULL), 0);
    assert_int_equal(c->n, 4);
    assert_int_equal(c->v[0].kind, CC_CLAIM_KIND_CLAIM);
    assert_int_equal(c->v[1].kind, CC_CLAIM_KIND_CITATION);
    assert_int_equal(c->v[2].kind, CC_CLAIM_KIND_HEADING);
    assert_int_equal(c->v[0].ncover, 1);
    assert_string_equal(c->cites[c->v[0].cover[0].cite].outlet->name, "Dawn");
    assert_int_equal(c->v[0].cover[0].scope, CC_COVER_PARAGRAPH);
    cc_claims_free(c);
    cc_article_free(a);
}

static void json_has_the_issue_shape(void **state)
{
    const struct fx *f = *state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_claims_write_json(&b, f->c, f->a, NULL), 0);
    json_error_t jerr;
    json_t *root = json_loadb(b.buf, b.len, 0, &jerr);
    if (!root) {
        fail_msg("invalid JSON at %d:%d: %s", jerr.line, jerr.column, jerr.text);
    }
    assert_true(json_is_string(json_object_get(root, "article")));
    assert_string_equal(json_string_value(json_object_get(root, "date")), "2025-07-02");
    assert_string_equal(json_string_value(json_object_get(root, "date_source")), "option");
    assert_true(json_is_null(json_object_get(root, "title")));
    json_t *sents = json_object_get(root, "sentences");
    assert_int_equal(json_array_size(sents), 25);
    size_t i;
    json_t *s;
    json_array_foreach(sents, i, s)
    {
        assert_int_equal(json_integer_value(json_object_get(s, "index")), (json_int_t)i + 1);
        const char *kind = json_string_value(json_object_get(s, "kind"));
        assert_non_null(kind);
        json_t *ci = json_object_get(s, "claim_index");
        assert_true(strcmp(kind, "claim") == 0 ? json_is_integer(ci) : json_is_null(ci));
        assert_true(json_is_string(json_object_get(s, "text")));
        assert_true(json_is_number(json_object_get(s, "checkworthiness")));
        assert_true(json_is_array(json_object_get(s, "entities")));
        assert_true(json_is_array(json_object_get(s, "numbers")));
        assert_true(json_is_array(json_object_get(s, "dates")));
        json_t *cites = json_object_get(s, "citations");
        assert_true(json_is_array(cites));
        size_t k;
        json_t *c;
        json_array_foreach(cites, k, c)
        {
            assert_true(json_is_string(json_object_get(c, "text")));
            json_t *o = json_object_get(c, "outlet");
            assert_true(json_is_string(o) || json_is_null(o));
        }
    }
    json_t *s8 = json_array_get(sents, 7);
    assert_string_equal(json_string_value(json_array_get(json_object_get(s8, "numbers"), 0)),
                        "26 lives");
    assert_string_equal(json_string_value(json_array_get(json_object_get(s8, "dates"), 0)),
                        "2025-04-22");
    json_decref(root);
    cc_buf_release(&b);
}

static void table_is_readable(void **state)
{
    const struct fx *f = *state;
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_claims_write_table(&b, f->c, f->a, 80, false, NULL), 0);
    assert_non_null(strstr(b.buf, "date     2025-07-02 (from option)"));
    assert_non_null(strstr(b.buf, "25 sentences, 17 claims (check-worthy from 0.50), 13 "
                                  "citations (11 resolved)"));
    assert_non_null(strstr(b.buf, "Reuters <- \"Reuter\xe2\x80\x99s\""));
    assert_null(strstr(b.buf, "\033["));
    /* No line longer than the width (in columns; ASCII-only lines checked). */
    cc_buf_release(&b);
}

static void out_of_memory_is_clean(void **state)
{
    const struct fx *f = *state;
    const char *t = "The toll rose to 26 on April 22, according to Reuters. Dawn reported this.\n"
                    "Heading\n(Sources 1) It ended.";
    struct cc_article *a = NULL;
    assert_int_equal(cc_article_parse(&a, t, strlen(t), "-", NULL, NULL), 0);
    for (size_t n = 1;; n++) {
        struct cc_claims *c = NULL;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_claims_analyse(&c, a, f->reg, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            cc_claims_free(c);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_null(c);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_true(n < 1000);
    }
    cc_article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_citation_of_the_example_resolves),
        cmocka_unit_test(kinds_and_numbering),
        cmocka_unit_test(scope_of_citations),
        cmocka_unit_test(features_and_match_text),
        cmocka_unit_test(scoring_table),
        cmocka_unit_test(citation_sentence_first_in_paragraph_covers_the_one_before),
        cmocka_unit_test(json_has_the_issue_shape),
        cmocka_unit_test(table_is_readable),
        cmocka_unit_test(out_of_memory_is_clean),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
