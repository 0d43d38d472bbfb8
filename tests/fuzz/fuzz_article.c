/*
 * fuzz_article.c: article loading (text, Markdown, HTML by content),
 * sentence splitting, citation extraction and the claims analysis with
 * its JSON and table writers.
 *
 * Invariants checked beyond "no crash, no leak": the article text is valid
 * UTF-8; every block, sentence, citation and feature span lies inside the
 * text and in order; claims are numbered 1..n; scores are in [0,1].
 */
#include "core/common.h"

#include "core/article.h"
#include "core/buf.h"
#include "core/claims.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/utf8.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cc_registry *builtin;

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!builtin) {
        struct cc_error e = CC_ERROR_INIT;
        check(cc_registry_builtin(&builtin, &e) == 0);
    }
    struct cc_article_options o;
    cc_article_options_init(&o);
    o.max_bytes = 1 << 20;
    o.date = 1751414400; /* 2025-07-02 */
    /* The first byte picks the name: plain, Markdown or HTML by content. */
    const char *name = size > 0 && (data[0] & 1) ? "fuzz.md" : "fuzz.txt";
    struct cc_article *a = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_article_parse(&a, (const char *)data, size, name, &o, &err) != 0) {
        check(a == NULL && err.code != 0);
        return 0;
    }
    const char *t = a->text.buf;
    size_t len = a->text.len;
    check(cc_utf8_is_valid(t, len));
    for (size_t i = 0; i < a->blocks.n; i++) {
        check(a->blocks.v[i].start < a->blocks.v[i].end && a->blocks.v[i].end <= len);
        check(i == 0 || a->blocks.v[i].start >= a->blocks.v[i - 1].end);
    }
    struct cc_claims *c = NULL;
    if (cc_claims_analyse(&c, a, builtin, &err) == 0) {
        size_t next = 1;
        for (size_t i = 0; i < c->n; i++) {
            const struct cc_claim *s = &c->v[i];
            check(s->start < s->end && s->end <= len);
            check(i == 0 || s->start >= c->v[i - 1].end);
            check(s->score >= 0 && s->score <= 1);
            if (s->kind == CC_CLAIM_KIND_CLAIM) {
                check(s->claim_index == next++);
            }
            for (size_t k = 0; k < s->feat.nentities; k++) {
                check(s->feat.entities[k].start >= s->start && s->feat.entities[k].end <= s->end);
            }
            for (size_t k = 0; k < s->ncover; k++) {
                check(s->cover[k].cite < c->ncites);
            }
        }
        for (size_t i = 0; i < c->ncites; i++) {
            check(c->cites[i].start < c->cites[i].end && c->cites[i].end <= len);
            check(c->cites[i].phrase_end <= len);
        }
        struct cc_buf out = CC_BUF_INIT;
        check(cc_claims_write_json(&out, c, a, &err) == 0);
        check(cc_utf8_is_valid(out.buf, out.len));
        cc_buf_reset(&out);
        check(cc_claims_write_table(&out, c, a, 60, true, &err) == 0);
        cc_buf_release(&out);
        cc_claims_free(c);
    }
    cc_article_free(a);
    return 0;
}
