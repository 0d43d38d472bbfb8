#include "core/common.h"

#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte scan of json_str */
#endif

#include "core/alloc.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/citations.h"
#include "core/claims.h"
#include "core/error.h"
#include "core/num.h"
#include "core/sentences.h"
#include "core/textfeat.h"
#include "core/utf8.h"
#include "core/wordset.h"
#include "core/banned.h"

/*
 * Check-worthiness: does the sentence state something an outlet could have
 * reported? The weights are set by hand, not fitted: there is no labelled
 * check-worthiness data for this genre in the repository (the dev benchmark
 * labels corroboration, not worthiness), and a small transparent sum is
 * easy to explain to an editor and to adjust. They were chosen so that on
 * the example article every factual sentence clears the threshold and the
 * rhetoric ("And these ideas could change everything for India too!"),
 * the opinion ("New Delhi must respond ... possibly ...") and the fragment
 * ("As part of this new plan ...") do not (tests/test_claims.c,
 * docs/claims.md).
 *
 *   score = BASE
 *         + W_ENTITY x min(distinct named entities, MAX_ENTITIES)
 *         + W_NUMBER (a number: "26 lives")      + W_DATE (a date: "April 22")
 *         + W_REPORTING (said, reported, announced, killed, ...)
 *         + W_QUOTE (a quoted phrase)
 *         + W_ATTRIBUTED (it cites a source: reported as fact)
 *         - W_QUESTION (ends in '?')             - W_EXCLAMATION (ends in '!')
 *         - W_OPINION x min(hedges and opinion words, MAX_OPINION)
 *         - W_FRAGMENT (under 4 words, or a prepositional phrase without a verb)
 *   clamped to [0, 1]; check-worthy from CC_CLAIMS_THRESHOLD (0.5).
 * Words inside citations do not count: "(The Week, Deccan Herald)" adds no
 * entity.
 */
#define BASE 0.35
#define W_ENTITY 0.15
#define MAX_ENTITIES 2
#define W_NUMBER 0.15
#define W_DATE 0.10
#define W_REPORTING 0.10
#define W_QUOTE 0.05
#define W_ATTRIBUTED 0.15
#define W_QUESTION 0.35
#define W_EXCLAMATION 0.30
#define W_OPINION 0.10
#define MAX_OPINION 3
#define W_FRAGMENT 0.30
#define FRAGMENT_WORDS 4

#define KEY_MAX 24
#define TABLE_WIDTH 100
#define TABLE_INDENT 30

/* Sorted lowercase ASCII. */

enum {
    SW_REPORTING = 1u << 0,       /* said, reported, announced, killed, ... */
    SW_OPINION = 1u << 1,         /* could, must, perhaps, everything, ... */
    SW_AUX = 1u << 2,             /* is, was, has, will, could: a finite verb */
    SW_FRAGMENT_OPENER = 1u << 3, /* as, such, including: opens a verbless fragment */
};

/* The words the score looks at, and what each says (score_flags in step). */
/* clang-format off */
static const char *const score_words[] = {
    "absolutely", "accused", "acknowledged", "added", "admitted", "against", "agreed", "amazing",
    "amid", "among", "announced", "are", "argued", "arrested", "as", "asserted", "awesome", "be",
    "because", "been", "being", "believe", "blamed", "called", "can", "charged", "cited",
    "claimed", "clearly", "confirmed", "could", "declared", "denied", "did", "died",
    "disgraceful", "do", "does", "emphasised", "emphasized", "estimated", "everything", "feel",
    "for", "fortunately", "from", "had", "has", "have", "hopefully", "including", "incredible",
    "is", "killed", "launched", "like", "may", "maybe", "met", "might", "must", "noted",
    "nothing", "obviously", "ought", "perhaps", "pledged", "possibly", "praised", "probably",
    "proposed", "really", "rejected", "released", "reported", "revealed", "said", "says", "seems",
    "shall", "shocking", "should", "signed", "simply", "stated", "such", "suggested", "surely",
    "terrible", "think", "told", "truly", "undoubtedly", "unfortunately", "unlike", "urged",
    "voted", "vowed", "warned", "was", "were", "while", "will", "with", "without", "won",
    "wonderful", "would",
};
/* clang-format on */
static const unsigned score_flags[] = {
    SW_OPINION,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_OPINION,
    SW_FRAGMENT_OPENER,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_AUX,
    SW_REPORTING,
    SW_REPORTING,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_OPINION,
    SW_AUX,
    SW_FRAGMENT_OPENER,
    SW_AUX,
    SW_AUX,
    SW_OPINION,
    SW_REPORTING,
    SW_REPORTING,
    SW_AUX,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION | SW_AUX,
    SW_REPORTING,
    SW_REPORTING,
    SW_AUX,
    SW_REPORTING,
    SW_OPINION,
    SW_AUX,
    SW_AUX,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_OPINION,
    SW_OPINION,
    SW_FRAGMENT_OPENER,
    SW_OPINION,
    SW_FRAGMENT_OPENER,
    SW_AUX,
    SW_AUX,
    SW_AUX,
    SW_OPINION,
    SW_FRAGMENT_OPENER,
    SW_OPINION,
    SW_AUX,
    SW_REPORTING,
    SW_REPORTING,
    SW_FRAGMENT_OPENER,
    SW_AUX,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION | SW_AUX,
    SW_OPINION | SW_AUX,
    SW_REPORTING,
    SW_OPINION,
    SW_OPINION,
    SW_OPINION,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_OPINION,
    SW_AUX,
    SW_OPINION,
    SW_OPINION | SW_AUX,
    SW_REPORTING,
    SW_OPINION,
    SW_REPORTING,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_OPINION,
    SW_OPINION,
    SW_OPINION,
    SW_REPORTING,
    SW_OPINION,
    SW_OPINION,
    SW_OPINION,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_REPORTING,
    SW_AUX,
    SW_AUX,
    SW_FRAGMENT_OPENER,
    SW_AUX,
    SW_FRAGMENT_OPENER,
    SW_FRAGMENT_OPENER,
    SW_REPORTING,
    SW_OPINION,
    SW_AUX,
};
CC_WORDSET_DEFINE(score_words_set, score_words, 256);

const char *cc_claim_kind_name(int kind)
{
    switch (kind) {
    case CC_CLAIM_KIND_CLAIM:
        return "claim";
    case CC_CLAIM_KIND_HEADING:
        return "heading";
    case CC_CLAIM_KIND_CITATION:
        return "citation";
    default:
        return "not-checkable";
    }
}

static bool in_citation(const struct cc_citation *cites, size_t n, size_t s, size_t e)
{
    for (size_t i = 0; i < n; i++) {
        const struct cc_citation *c = &cites[i];
        if ((s < c->phrase_end && c->phrase_start < e) || (s < c->end && c->start < e)) {
            return true;
        }
    }
    return false;
}

/* Byte classes of the score's word scan (a table: this runs for every
 * byte of every sentence): SC_WORD continues a word (ASCII letter or
 * digit, '-', '\''), SC_HIGH is non-ASCII (continues one, and makes it
 * unlisted), SC_START starts one (letter, digit, non-ASCII). */
enum { SC_WORD = 1, SC_HIGH = 2, SC_START = 4 };
/* clang-format off */
static const unsigned char score_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0,
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
};
/* clang-format on */

double cc_claims_score(const char *text, size_t start, size_t end, unsigned flags,
                       const struct cc_textfeat *f, const struct cc_citation *cites, size_t ncites)
{
    /* Distinct entities outside citations (features were filtered already
     * by cc_claims_analyse, but callers may pass raw ones). */
    size_t ents = 0;
    for (size_t i = 0; i < f->nentities && ents < MAX_ENTITIES; i++) {
        const struct cc_entity *e = &f->entities[i];
        if (in_citation(cites, ncites, e->start, e->end)) {
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < i; k++) {
            if (strcmp(f->entities[k].norm, e->norm) == 0) {
                dup = true;
            }
        }
        if (!dup) {
            ents++;
        }
    }
    bool number = false;
    for (size_t i = 0; i < f->nnumbers; i++) {
        number = number || !in_citation(cites, ncites, f->numbers[i].start, f->numbers[i].end);
    }
    bool date = false;
    for (size_t i = 0; i < f->ndates; i++) {
        date = date || !in_citation(cites, ncites, f->dates[i].start, f->dates[i].end);
    }
    /* Words. */
    size_t words = 0;
    size_t opinion = 0;
    bool reporting = false;
    bool verb = false;
    bool comma = false;
    bool prep_first = false;
    size_t i = start;
    while (i < end) {
        unsigned char c = (unsigned char)text[i];
        bool letter = (score_class[c] & SC_START) != 0;
        if (c == ',' || c == ';') {
            comma = true;
        }
        if (!letter) {
            i++;
            continue;
        }
        size_t s = i;
        bool ascii = true;
        while (i < end) {
            unsigned char k = score_class[(unsigned char)text[i]];
            if (k & SC_WORD) {
                i++;
            } else if (k & SC_HIGH) {
                ascii = false;
                i++;
            } else {
                break;
            }
        }
        if (ncites > 0 && in_citation(cites, ncites, s, i)) {
            continue;
        }
        words++;
        size_t n = i - s;
        /* No listed word is non-ASCII, that short or long, or a name. */
        if (!ascii || n < 2 || n > 13 || (words > 1 && text[s] >= 'A' && text[s] <= 'Z')) {
            continue;
        }
        char key[KEY_MAX];
        for (size_t k = 0; k < n; k++) {
            char d = text[s + k];
            key[k] = (char)(d >= 'A' && d <= 'Z' ? d + 32 : d);
        }
        key[n] = '\0';
        bool ed = n > 4 && key[n - 2] == 'e' && key[n - 1] == 'd';
        int w = cc_wordset_find(&score_words_set, key, n);
        unsigned fl = w >= 0 ? score_flags[w] : 0;
        if (words == 1 && (fl & SW_FRAGMENT_OPENER)) {
            prep_first = true;
        }
        if (fl & SW_REPORTING) {
            reporting = true;
        }
        if (fl & SW_OPINION) {
            opinion++;
        }
        if (ed || (fl & (SW_REPORTING | SW_AUX))) {
            verb = true;
        }
    }
    bool fragment = words < FRAGMENT_WORDS || (prep_first && !verb && !comma);
    double score = BASE + W_ENTITY * (double)ents;
    if (number) {
        score += W_NUMBER;
    }
    if (date) {
        score += W_DATE;
    }
    if (reporting) {
        score += W_REPORTING;
    }
    if (f->nquotes > 0) {
        score += W_QUOTE;
    }
    if (ncites > 0) {
        score += W_ATTRIBUTED;
    }
    if (flags & CC_SENTENCE_QUESTION) {
        score -= W_QUESTION;
    }
    if (flags & CC_SENTENCE_EXCLAMATION) {
        score -= W_EXCLAMATION;
    }
    score -= W_OPINION * (double)CC_MIN(opinion, (size_t)MAX_OPINION);
    if (fragment) {
        score -= W_FRAGMENT;
    }
    if (score < 0) {
        score = 0;
    }
    if (score > 1) {
        score = 1;
    }
    /* Two decimals, so JSON, tables and the threshold agree. */
    return (double)(int64_t)(score * 100 + 0.5) / 100;
}

/* ---- analysis ----------------------------------------------------------------------- */

void cc_claims_free(struct cc_claims *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        cc_free(c->v[i].cover);
    }
    cc_textfeat_release(&c->store);
    cc_free(c->v);
    cc_free(c->cites);
    cc_free(c);
}

/* Where a sentence's features and match text sit in the shared store
 * while it grows (pointers are set once it stops moving). */
struct placement {
    size_t ent, num, date, quote; /* first index in each array */
    size_t text;                  /* offset of the match text in store->strings */
};

static int grow_append(void **arr, size_t *n, size_t *alloc, const void *src, size_t k, size_t size)
{
    if (k == 0) {
        return 0;
    }
    if (cc_array_grow(arr, alloc, *n + k, size)) {
        return CC_ENOMEM;
    }
    memcpy((char *)*arr + *n * size, src, k * size);
    *n += k;
    return 0;
}

/* Appends the features of src (a scratch value reused for every sentence)
 * to the store; entity norms become offsets into store->strings. */
static int store_feat(struct cc_textfeat *st, struct placement *pl, const struct cc_textfeat *src)
{
    size_t base = st->strings.len;
    pl->ent = st->nentities;
    pl->num = st->nnumbers;
    pl->date = st->ndates;
    pl->quote = st->nquotes;
    if (src->nentities && cc_buf_add(&st->strings, src->strings.buf, src->strings.len)) {
        return CC_ENOMEM;
    }
    if (grow_append((void **)&st->entities, &st->nentities, &st->entities_alloc, src->entities,
                    src->nentities, sizeof(*src->entities)) ||
        grow_append((void **)&st->numbers, &st->nnumbers, &st->numbers_alloc, src->numbers,
                    src->nnumbers, sizeof(*src->numbers)) ||
        grow_append((void **)&st->dates, &st->ndates, &st->dates_alloc, src->dates, src->ndates,
                    sizeof(*src->dates)) ||
        grow_append((void **)&st->quotes, &st->nquotes, &st->quotes_alloc, src->quotes,
                    src->nquotes, sizeof(*src->quotes))) {
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < src->nentities; i++) {
        size_t off = base + (size_t)(src->entities[i].norm - src->strings.buf);
        st->entities[pl->ent + i].norm = (const char *)(uintptr_t)off;
    }
    return 0;
}

/* Points every sentence's feat and match text into the finished store. */
static void place_all(struct cc_claims *all, const struct placement *pl)
{
    struct cc_textfeat *st = &all->store;
    for (size_t i = 0; i < st->nentities; i++) {
        st->entities[i].norm = st->strings.buf + (uintptr_t)st->entities[i].norm;
    }
    for (size_t i = 0; i < all->n; i++) {
        struct cc_textfeat *f = &all->v[i].feat;
        f->entities = f->nentities ? st->entities + pl[i].ent : NULL;
        f->numbers = f->nnumbers ? st->numbers + pl[i].num : NULL;
        f->dates = f->ndates ? st->dates + pl[i].date : NULL;
        f->quotes = f->nquotes ? st->quotes + pl[i].quote : NULL;
        all->v[i].match_text = st->strings.buf + pl[i].text;
    }
}

/* Drops the features that lie inside citations and moves spans from the
 * sentence to the article text. */
static void place_features(struct cc_textfeat *f, size_t base, const struct cc_citation *cites,
                           size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < f->nentities; i++) {
        struct cc_entity e = f->entities[i];
        e.start += base;
        e.end += base;
        if (!in_citation(cites, n, e.start, e.end)) {
            f->entities[k++] = e;
        }
    }
    f->nentities = k;
    k = 0;
    for (size_t i = 0; i < f->nnumbers; i++) {
        struct cc_number x = f->numbers[i];
        x.start += base;
        x.end += base;
        if (!in_citation(cites, n, x.start, x.end)) {
            f->numbers[k++] = x;
        }
    }
    f->nnumbers = k;
    k = 0;
    for (size_t i = 0; i < f->ndates; i++) {
        struct cc_date x = f->dates[i];
        x.start += base;
        x.end += base;
        if (!in_citation(cites, n, x.start, x.end)) {
            f->dates[k++] = x;
        }
    }
    f->ndates = k;
    k = 0;
    for (size_t i = 0; i < f->nquotes; i++) {
        struct cc_quote x = f->quotes[i];
        x.start += base;
        x.end += base;
        if (!in_citation(cites, n, x.start, x.end)) {
            f->quotes[k++] = x;
        }
    }
    f->nquotes = k;
}

static int add_cover(struct cc_claims *all, struct cc_claim *c, size_t cite, int scope)
{
    const struct cc_outlet *o = all->cites[cite].outlet;
    for (size_t i = 0; i < c->ncover; i++) {
        if (c->cover[i].cite == cite || (o && all->cites[c->cover[i].cite].outlet == o)) {
            return 0;
        }
    }
    size_t alloc = c->ncover;
    if (cc_array_grow((void **)&c->cover, &alloc, c->ncover + 1, sizeof(*c->cover))) {
        return CC_ENOMEM;
    }
    c->cover[c->ncover].cite = cite;
    c->cover[c->ncover].scope = scope;
    c->ncover++;
    return 0;
}

/* Applies the scope rule of claims.h. */
static int attach_citations(struct cc_claims *all)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < all->n; i++) {
        struct cc_claim *c = &all->v[i];
        for (size_t k = 0; rc == 0 && k < c->ncites; k++) {
            rc = add_cover(all, c, c->cite_first + k, CC_COVER_SENTENCE);
        }
    }
    size_t i = 0;
    while (rc == 0 && i < all->n) {
        size_t block = all->v[i].block;
        size_t e = i;
        while (e < all->n && all->v[e].block == block) {
            e++;
        }
        size_t pending = i; /* claims from here on are not covered by a citation sentence yet */
        for (size_t k = i; rc == 0 && k < e; k++) {
            struct cc_claim *cs = &all->v[k];
            if (cs->kind != CC_CLAIM_KIND_CITATION) {
                continue;
            }
            size_t from = pending;
            size_t to = k;
            bool any = false;
            for (size_t j = from; j < to; j++) {
                any = any || all->v[j].kind == CC_CLAIM_KIND_CLAIM;
            }
            if (!any && k == i && i > 0 && all->v[i - 1].kind != CC_CLAIM_KIND_HEADING) {
                /* First in its paragraph: the paragraph before it. */
                size_t pb = all->v[i - 1].block;
                from = i;
                while (from > 0 && all->v[from - 1].block == pb &&
                       all->v[from - 1].kind != CC_CLAIM_KIND_CITATION) {
                    from--;
                }
            }
            for (size_t j = from; rc == 0 && j < to; j++) {
                if (all->v[j].kind != CC_CLAIM_KIND_CLAIM) {
                    continue;
                }
                for (size_t m = 0; rc == 0 && m < cs->ncites; m++) {
                    rc = add_cover(all, &all->v[j], cs->cite_first + m, CC_COVER_PARAGRAPH);
                }
            }
            pending = k + 1;
        }
        i = e;
    }
    return rc;
}

int cc_claims_analyse(struct cc_claims **out, const struct cc_article *a,
                      const struct cc_registry *reg, struct cc_error *err)
{
    *out = NULL;
    struct cc_sentence_list sl = CC_SENTENCE_LIST_INIT;
    struct cc_citation_list cl = CC_CITATION_LIST_INIT;
    struct cc_textfeat scratch = CC_TEXTFEAT_INIT;
    struct placement *pl = NULL;
    struct cc_claims *all = cc_calloc(1, sizeof(*all));
    int rc = 0;
    if (!all) {
        rc = CC_ENOMEM;
        goto out;
    }
    cc_buf_init(&all->store.strings, 0);
    const char *text = a->text.buf;
    rc = cc_sentences_split(&sl, text, a->blocks.v, a->blocks.n, err);
    if (rc) {
        goto out;
    }
    if (sl.n > 0) {
        all->v = cc_calloc(sl.n, sizeof(*all->v));
        pl = cc_calloc(sl.n, sizeof(*pl));
        if (!all->v || !pl) {
            rc = CC_ENOMEM;
            goto out;
        }
        /* Match texts are about the text's size: one allocation. */
        rc = cc_buf_grow(&all->store.strings, a->text.len + a->text.len / 2 + sl.n);
        if (rc) {
            goto out;
        }
    }
    size_t link = 0;
    for (size_t i = 0; i < sl.n; i++) {
        const struct cc_sentence *s = &sl.v[i];
        struct cc_claim *c = &all->v[i];
        all->n = i + 1;
        c->start = s->start;
        c->end = s->end;
        c->block = s->block;
        c->flags = s->flags;
        cc_buf_init(&c->feat.strings, 0); /* stays empty: norms live in the store */
        c->cite_first = cl.n;
        rc = cc_citations_find(&cl, reg, text, s->start, s->end, err);
        if (rc) {
            goto out;
        }
        while (link < a->nlinks && a->links[link].end <= s->start) {
            link++;
        }
        for (size_t l = link; l < a->nlinks && a->links[l].start < s->end; l++) {
            rc = cc_citations_add_link(&cl, reg, a->links[l].start, a->links[l].end,
                                       a->links[l].url, NULL, err);
            if (rc) {
                goto out;
            }
        }
        c->ncites = cl.n - c->cite_first;
        const struct cc_citation *own = cl.v ? cl.v + c->cite_first : NULL;
        rc = cc_textfeat_extract(&scratch, text + s->start, s->end - s->start, a->date, err);
        if (rc) {
            goto out;
        }
        place_features(&scratch, s->start, own, c->ncites);
        rc = store_feat(&all->store, &pl[i], &scratch);
        if (rc) {
            goto out;
        }
        c->feat.nentities = scratch.nentities;
        c->feat.nnumbers = scratch.nnumbers;
        c->feat.ndates = scratch.ndates;
        c->feat.nquotes = scratch.nquotes;
        pl[i].text = all->store.strings.len;
        rc = cc_citations_strip(&all->store.strings, text, s->start, s->end, own, c->ncites);
        if (rc == 0) {
            rc = cc_buf_addch(&all->store.strings, '\0');
        }
        if (rc) {
            goto out;
        }
        c->score = cc_claims_score(text, s->start, s->end, s->flags, &scratch, own, c->ncites);
        if (s->flags & CC_SENTENCE_HEADING) {
            c->kind = CC_CLAIM_KIND_HEADING;
            c->score = 0;
        } else if (cc_citations_only(text, s->start, s->end, own, c->ncites)) {
            c->kind = CC_CLAIM_KIND_CITATION;
        } else if (c->score >= CC_CLAIMS_THRESHOLD) {
            c->kind = CC_CLAIM_KIND_CLAIM;
            c->checkworthy = true;
            c->claim_index = ++all->nclaims;
        } else {
            c->kind = CC_CLAIM_KIND_NOT_CHECKABLE;
        }
    }
    place_all(all, pl);
    all->cites = cl.v;
    all->ncites = cl.n;
    cl.v = NULL;
    cl.n = 0; /* now owned by all */
    rc = attach_citations(all);
out:
    cc_sentence_list_release(&sl);
    cc_citation_list_release(&cl);
    cc_textfeat_release(&scratch);
    cc_free(pl);
    if (rc) {
        cc_claims_free(all);
        if (!cc_error_is_set(err)) {
            cc_error_set(err, rc, a->source, "out of memory analysing claims");
        }
        cc_error_subject(err, a->source);
        return rc;
    }
    *out = all;
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------------ */

/* Bytes JSON strings escape: controls, '"', '\\' and DEL. */
static bool json_escaped(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c == 0x7F;
}

#define JSON_ONES 0x0101010101010101ull
#define JSON_HIGHS 0x8080808080808080ull

/* Has the word a zero byte? (exact: the classic test) */
static bool word_has_zero(uint64_t w)
{
    return ((w - JSON_ONES) & ~w & JSON_HIGHS) != 0;
}

/* Could any byte of w need escaping? Exact as a yes or no (the tests
 * cannot fire when no byte matches); which byte it is, the byte loop
 * finds. */
static bool json_word_escaped(uint64_t w)
{
    uint64_t below_space = (w - 0x20 * JSON_ONES) & ~w & JSON_HIGHS;
    return below_space != 0 || word_has_zero(w ^ ('"' * JSON_ONES)) ||
           word_has_zero(w ^ ('\\' * JSON_ONES)) || word_has_zero(w ^ (0x7F * JSON_ONES));
}

static int json_str(struct cc_buf *b, const char *s, size_t n)
{
    int rc = cc_buf_putc(b, '"');
    size_t run = 0;
    size_t i = 0;
    while (rc == 0 && i < n) {
        /* The common case first: a run that needs no escaping, eight
         * bytes at a time (a word with no byte below 0x20, no '"', '\\'
         * or DEL), then byte by byte. */
#ifdef __SSE2__
        while (n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i k1f = _mm_set1_epi8(0x1F);
            __m128i hit = _mm_cmpeq_epi8(_mm_max_epu8(v, k1f), k1f);
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            if (_mm_movemask_epi8(hit)) {
                break;
            }
            i += 16;
        }
#endif
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            if (json_word_escaped(w)) {
                break;
            }
            i += 8;
        }
        while (i < n && !json_escaped((unsigned char)s[i])) {
            i++;
        }
        if (i == n) {
            break;
        }
        unsigned char c = (unsigned char)s[i];
        rc = cc_buf_put(b, s + run, i - run);
        i++;
        run = i;
        if (rc) {
            break;
        }
        switch (c) {
        case '"':
            rc = cc_buf_put(b, "\\\"", sizeof("\\\"") - 1);
            break;
        case '\\':
            rc = cc_buf_put(b, "\\\\", sizeof("\\\\") - 1);
            break;
        case '\n':
            rc = cc_buf_put(b, "\\n", sizeof("\\n") - 1);
            break;
        case '\t':
            rc = cc_buf_put(b, "\\t", sizeof("\\t") - 1);
            break;
        case '\r':
            rc = cc_buf_put(b, "\\r", sizeof("\\r") - 1);
            break;
        default:
            rc = cc_buf_addf(b, "\\u%04x", c);
            break;
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, s + run, n - run);
    }
    if (rc == 0) {
        rc = cc_buf_putc(b, '"');
    }
    return rc;
}

/* Decimal digits of v (no printf: this runs once per sentence). */
static int add_uint(struct cc_buf *b, size_t v)
{
    char d[24];
    size_t n = 0;
    do {
        d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < sizeof(d));
    return cc_buf_add(b, d + sizeof(d) - n, n);
}

/* A score in [0,1] with two decimals ("0.75"). */
static int add_score(struct cc_buf *b, double score)
{
    int64_t cents = (int64_t)(score * 100 + 0.5);
    if (cents < 0) {
        cents = 0;
    }
    if (cents > 100) {
        cents = 100;
    }
    char s[4] = {(char)('0' + cents / 100), '.', (char)('0' + cents / 10 % 10),
                 (char)('0' + cents % 10)};
    return cc_buf_add(b, s, 4);
}

static int json_strz(struct cc_buf *b, const char *s)
{
    if (!s) {
        return cc_buf_put(b, "null", sizeof("null") - 1);
    }
    return json_str(b, s, strlen(s));
}

static int json_citation(struct cc_buf *b, const char *text, const struct cc_citation *c, int scope)
{
    int rc = cc_buf_put(b, "{\"text\": ", sizeof("{\"text\": ") - 1);
    if (rc == 0) {
        rc = json_str(b, text + c->start, c->end - c->start);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"outlet\": ", sizeof(", \"outlet\": ") - 1);
    }
    if (rc == 0) {
        rc = json_strz(b, c->outlet ? c->outlet->name : NULL);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, c->outlet ? ", \"resolved\": true, \"kind\": \""
                                      : ", \"resolved\": false, \"kind\": \"");
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, cc_citation_kind_name(c->kind));
    }
    if (rc == 0) {
        rc = cc_buf_putc(b, '"');
    }
    if (rc == 0 && scope) {
        rc = cc_buf_adds(b, scope == CC_COVER_SENTENCE ? ", \"scope\": \"sentence\""
                                                       : ", \"scope\": \"paragraph\"");
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"phrase\": ", sizeof(", \"phrase\": ") - 1);
    }
    if (rc == 0) {
        rc = json_str(b, text + c->phrase_start, c->phrase_end - c->phrase_start);
    }
    if (rc == 0) {
        rc = cc_buf_putc(b, '}');
    }
    return rc;
}

static int json_sentence(struct cc_buf *b, const struct cc_claims *all, const struct cc_claim *c,
                         size_t index, const char *text)
{
    int rc = cc_buf_put(b, "    {\"index\": ", sizeof("    {\"index\": ") - 1);
    if (rc == 0) {
        rc = add_uint(b, index);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"kind\": \"", sizeof(", \"kind\": \"") - 1);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, cc_claim_kind_name(c->kind));
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "\", \"claim_index\": ", sizeof("\", \"claim_index\": ") - 1);
    }
    if (rc == 0) {
        rc = c->claim_index ? add_uint(b, c->claim_index) : cc_buf_put(b, "null", sizeof("null") - 1);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"text\": ", sizeof(", \"text\": ") - 1);
    }
    if (rc == 0) {
        rc = json_str(b, text + c->start, c->end - c->start);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"match_text\": ", sizeof(", \"match_text\": ") - 1);
    }
    if (rc == 0) {
        rc = json_strz(b, c->match_text);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"checkworthiness\": ", sizeof(", \"checkworthiness\": ") - 1);
    }
    if (rc == 0) {
        rc = add_score(b, c->score);
    }
    if (rc == 0) {
        rc = cc_buf_put(b, ", \"entities\": [", sizeof(", \"entities\": [") - 1);
    }
    /* Entities: distinct by their folded form, as first written. */
    size_t shown = 0;
    for (size_t i = 0; rc == 0 && i < c->feat.nentities; i++) {
        const struct cc_entity *e = &c->feat.entities[i];
        bool dup = false;
        for (size_t k = 0; k < i; k++) {
            dup = dup || strcmp(c->feat.entities[k].norm, e->norm) == 0;
        }
        if (dup) {
            continue;
        }
        if (shown++) {
            rc = cc_buf_put(b, ", ", sizeof(", ") - 1);
        }
        if (rc == 0) {
            rc = json_str(b, text + e->start, e->end - e->start);
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "], \"numbers\": [", sizeof("], \"numbers\": [") - 1);
    }
    for (size_t i = 0; rc == 0 && i < c->feat.nnumbers; i++) {
        char num[64];
        cc_textfeat_number_format(num, &c->feat.numbers[i]);
        rc = cc_buf_adds(b, i ? ", " : "");
        if (rc == 0) {
            rc = json_strz(b, num);
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "], \"dates\": [", sizeof("], \"dates\": [") - 1);
    }
    shown = 0;
    for (size_t i = 0; rc == 0 && i < c->feat.ndates; i++) {
        const struct cc_date *d = &c->feat.dates[i];
        if (d->flags & (CC_DATE_NO_DAY | CC_DATE_NO_MONTH)) {
            continue; /* the shape allows days only; the API keeps all */
        }
        char ds[16];
        cc_textfeat_date_format(ds, d);
        rc = cc_buf_adds(b, shown++ ? ", " : "");
        if (rc == 0) {
            rc = json_strz(b, ds);
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "], \"quotes\": [", sizeof("], \"quotes\": [") - 1);
    }
    for (size_t i = 0; rc == 0 && i < c->feat.nquotes; i++) {
        rc = cc_buf_adds(b, i ? ", " : "");
        if (rc == 0) {
            rc = json_str(b, text + c->feat.quotes[i].start,
                          c->feat.quotes[i].end - c->feat.quotes[i].start);
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "],\n     \"citations\": [", sizeof("],\n     \"citations\": [") - 1);
    }
    /* A citation sentence lists its own; every other sentence what covers it. */
    if (c->kind == CC_CLAIM_KIND_CITATION || c->ncover == 0) {
        for (size_t i = 0; rc == 0 && i < c->ncites; i++) {
            rc = cc_buf_adds(b, i ? ", " : "");
            if (rc == 0) {
                rc = json_citation(b, text, &all->cites[c->cite_first + i], CC_COVER_SENTENCE);
            }
        }
    } else {
        for (size_t i = 0; rc == 0 && i < c->ncover; i++) {
            rc = cc_buf_adds(b, i ? ", " : "");
            if (rc == 0) {
                rc = json_citation(b, text, &all->cites[c->cover[i].cite], c->cover[i].scope);
            }
        }
    }
    if (rc == 0) {
        rc = cc_buf_put(b, "]}", sizeof("]}") - 1);
    }
    return rc;
}

#define JSON_FLUSH (64 * 1024) /* streamed output is written in pieces of this size */

/* Writes b to f (when f) once it holds at least min bytes, then empties it. */
static int flush_to(struct cc_buf *b, FILE *f, size_t min)
{
    if (!f || b->len < min) {
        return 0;
    }
    if (fwrite(b->buf, 1, b->len, f) != b->len) {
        return CC_EIO;
    }
    cc_buf_reset(b);
    return 0;
}

/* The document into b, or through b into f when f is not NULL. */
static int json_doc(struct cc_buf *b, FILE *f, const struct cc_claims *c,
                    const struct cc_article *a)
{
    char date[32];
    int rc = 0;
    if (!f) {
        /* About five times the text (text, match text, features,
         * citations): grow once instead of copying while growing. */
        rc = cc_buf_grow(b, a->text.len * 6 + 4096);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, "{\"article\": ");
    }
    if (rc == 0) {
        rc = json_strz(b, a->source);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ",\n \"title\": ");
    }
    if (rc == 0) {
        rc = json_strz(b, a->title);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ",\n \"url\": ");
    }
    if (rc == 0) {
        rc = json_strz(b, a->url);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ",\n \"date\": ");
    }
    if (rc == 0) {
        if (a->date == CC_TIME_NONE) {
            rc = cc_buf_adds(b, "null");
        } else {
            cc_date_format(date, a->date);
            rc = json_strz(b, date);
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ",\n \"date_source\": ");
    }
    if (rc == 0) {
        rc = json_strz(b, a->date == CC_TIME_NONE ? NULL : a->date_source);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ",\n \"outlet\": ");
    }
    if (rc == 0) {
        rc = json_strz(b, a->outlet);
    }
    if (rc == 0) {
        rc = cc_buf_addf(b,
                         ",\n \"format\": \"%s\",\n \"threshold\": %.2f,\n \"claims\": %zu,"
                         "\n \"sentences\": [\n",
                         cc_article_format_name(a->format), CC_CLAIMS_THRESHOLD, c->nclaims);
    }
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        rc = json_sentence(b, c, &c->v[i], i + 1, a->text.buf);
        if (rc == 0) {
            rc = cc_buf_adds(b, i + 1 < c->n ? ",\n" : "\n");
        }
        if (rc == 0) {
            rc = flush_to(b, f, JSON_FLUSH);
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, "]}\n");
    }
    if (rc == 0) {
        rc = flush_to(b, f, 0);
    }
    return rc;
}

int cc_claims_write_json(struct cc_buf *b, const struct cc_claims *c, const struct cc_article *a,
                         struct cc_error *err)
{
    int rc = json_doc(b, NULL, c, a);
    if (rc) {
        return cc_error_set(err, rc, a->source, "out of memory writing JSON");
    }
    return 0;
}

int cc_claims_write_json_file(FILE *f, const struct cc_claims *c, const struct cc_article *a,
                              struct cc_error *err)
{
    struct cc_buf b = CC_BUF_INIT;
    int rc = json_doc(&b, f, c, a);
    cc_buf_release(&b);
    if (rc == CC_EIO) {
        return cc_error_set(err, rc, NULL, "cannot write the report: %s", strerror(errno));
    }
    if (rc) {
        return cc_error_set(err, rc, a->source, "out of memory writing JSON");
    }
    return 0;
}

/* ---- table ---------------------------------------------------------------------------- */

/* Appends s[0..n) wrapped at width columns, continuation lines indented. */
static int wrap(struct cc_buf *b, const char *s, size_t n, size_t col, size_t indent, size_t width)
{
    int rc = 0;
    size_t room = width > col ? width - col : 20;
    size_t i = 0;
    while (rc == 0 && i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\n')) {
            i++;
        }
        if (i >= n) {
            break;
        }
        size_t used;
        size_t take = cc_utf8_prefix_for_width(s + i, n - i, room, &used);
        if (take < n - i) {
            size_t k = take;
            while (k > 0 && s[i + k] != ' ' && s[i + k] != '\n') {
                k--;
            }
            if (k > 0) {
                take = k;
            } else if (take == 0) {
                take = 1;
                while (i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80) {
                    take++;
                }
            }
        }
        for (size_t k = 0; rc == 0 && k < take; k++) {
            rc = cc_buf_addch(b, s[i + k] == '\n' ? ' ' : s[i + k]);
        }
        i += take;
        if (rc == 0 && i < n) {
            rc = cc_buf_addf(b, "\n%*s", (int)indent, "");
            room = width > indent ? width - indent : 20;
        }
    }
    return rc;
}

static int table_list(struct cc_buf *b, const char *label, const struct cc_buf *items, size_t width)
{
    if (items->len == 0) {
        return 0;
    }
    int rc = cc_buf_addf(b, "%*s%s: ", TABLE_INDENT, "", label);
    if (rc == 0) {
        rc = wrap(b, items->buf, items->len, TABLE_INDENT + strlen(label) + 2, TABLE_INDENT + 2,
                  width);
    }
    if (rc == 0) {
        rc = cc_buf_addch(b, '\n');
    }
    return rc;
}

static int table_sentence(struct cc_buf *b, const struct cc_claims *all, const struct cc_claim *c,
                          size_t index, const char *text, size_t width, bool color)
{
    const char *on = "";
    const char *off = color ? "\033[0m" : "";
    if (color) {
        switch (c->kind) {
        case CC_CLAIM_KIND_CLAIM:
            on = "\033[32m";
            break;
        case CC_CLAIM_KIND_HEADING:
            on = "\033[1m";
            break;
        case CC_CLAIM_KIND_CITATION:
            on = "\033[36m";
            break;
        default:
            on = "\033[2m";
            break;
        }
    }
    char claim[24] = "";
    if (c->claim_index) {
        snprintf(claim, sizeof(claim), "#%zu", c->claim_index);
    }
    int rc = cc_buf_addf(b, "%4zu %s%-13s%s %-5s %.2f ", index, on, cc_claim_kind_name(c->kind),
                         off, claim, c->score);
    if (rc == 0) {
        rc = wrap(b, text + c->start, c->end - c->start, TABLE_INDENT, TABLE_INDENT, width);
    }
    if (rc == 0) {
        rc = cc_buf_addch(b, '\n');
    }
    struct cc_buf items = CC_BUF_INIT;
    for (size_t i = 0; rc == 0 && i < c->feat.nentities; i++) {
        const struct cc_entity *e = &c->feat.entities[i];
        bool dup = false;
        for (size_t k = 0; k < i; k++) {
            dup = dup || strcmp(c->feat.entities[k].norm, e->norm) == 0;
        }
        if (!dup) {
            rc = cc_buf_adds(&items, items.len ? "; " : "");
            if (rc == 0) {
                rc = cc_buf_add(&items, text + e->start, e->end - e->start);
            }
        }
    }
    if (rc == 0) {
        rc = table_list(b, "entities", &items, width);
    }
    cc_buf_reset(&items);
    for (size_t i = 0; rc == 0 && i < c->feat.nnumbers; i++) {
        char num[64];
        cc_textfeat_number_format(num, &c->feat.numbers[i]);
        rc = cc_buf_addf(&items, "%s%s", items.len ? "; " : "", num);
    }
    for (size_t i = 0; rc == 0 && i < c->feat.ndates; i++) {
        char ds[16];
        cc_textfeat_date_format(ds, &c->feat.dates[i]);
        rc = cc_buf_addf(&items, "%s%s", items.len ? "; " : "", ds);
    }
    if (rc == 0) {
        rc = table_list(b, "facts", &items, width);
    }
    cc_buf_reset(&items);
    bool own_only = c->kind == CC_CLAIM_KIND_CITATION || c->ncover == 0;
    size_t n = own_only ? c->ncites : c->ncover;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t ci = own_only ? c->cite_first + i : c->cover[i].cite;
        const struct cc_citation *ct = &all->cites[ci];
        rc = cc_buf_adds(&items, items.len ? "; " : "");
        if (rc == 0) {
            rc = cc_buf_addf(
                &items, "%s <- \"%.*s\"%s", ct->outlet ? ct->outlet->name : "(unresolved)",
                (int)(ct->end - ct->start), text + ct->start,
                (!own_only && c->cover[i].scope == CC_COVER_PARAGRAPH) ? " (paragraph)" : "");
        }
    }
    if (rc == 0) {
        rc = table_list(b, "cites", &items, width);
    }
    cc_buf_release(&items);
    return rc;
}

int cc_claims_write_table(struct cc_buf *b, const struct cc_claims *c, const struct cc_article *a,
                          size_t width, bool color, struct cc_error *err)
{
    if (width == 0) {
        width = TABLE_WIDTH;
    }
    int rc = cc_buf_addf(b, "article  %s (%s, %zu bytes", a->source,
                         cc_article_format_name(a->format), a->bytes);
    if (rc == 0 && a->repaired) {
        rc = cc_buf_addf(b, ", %zu invalid bytes repaired", a->repaired);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, ")\n");
    }
    if (rc == 0 && a->title) {
        rc = cc_buf_addf(b, "title    %s\n", a->title);
    }
    if (rc == 0) {
        if (a->date == CC_TIME_NONE) {
            rc = cc_buf_adds(b, "date     none (give --date YYYY-MM-DD)\n");
        } else {
            char d[32];
            cc_date_format(d, a->date);
            rc = cc_buf_addf(b, "date     %s (from %s)\n", d,
                             a->date_source ? a->date_source : "unknown");
        }
    }
    if (rc == 0 && a->outlet) {
        rc = cc_buf_addf(b, "outlet   %s\n", a->outlet);
    }
    size_t resolved = 0;
    for (size_t i = 0; i < c->ncites; i++) {
        resolved += c->cites[i].outlet ? 1 : 0;
    }
    if (rc == 0) {
        rc = cc_buf_addf(b,
                         "%zu sentences, %zu claims (check-worthy from %.2f), %zu citations "
                         "(%zu resolved)\n\n",
                         c->n, c->nclaims, CC_CLAIMS_THRESHOLD, c->ncites, resolved);
    }
    if (rc == 0) {
        rc = cc_buf_addf(b, "%4s %-13s %-5s %-4s %s\n", "#", "kind", "claim", "score", "text");
    }
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        rc = table_sentence(b, c, &c->v[i], i + 1, a->text.buf, width, color);
    }
    if (rc) {
        return cc_error_set(err, rc, a->source, "out of memory writing the table");
    }
    return 0;
}
