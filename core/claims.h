/*
 * claims.h: an article's sentences as claims, with their features and the
 * citations that cover them.
 *
 * Owns: giving each sentence a kind (claim, heading, not-checkable,
 * citation), a check-worthiness score in [0,1] and the claim number;
 * extracting its entities, numbers, dates and quotes (core/textfeat, the
 * parts inside citations left out); attaching citations by the scope rule
 * below; the match text (the sentence without its citations); writing the
 * result as JSON or a terminal table (`credcheck claims`).
 *
 * Scope rule: a citation inside a sentence (also one on its own line after
 * it, or a bracket after its full stop) covers that sentence. A sentence
 * that only attributes ("Reuter’s reported this development.") has kind
 * citation and covers every claim before it in its paragraph, back to the
 * previous such sentence; when none precedes it in the paragraph, it covers
 * the claims of the paragraph before (unless a heading is between).
 *
 * Does not: load articles, split sentences, find citations, match or score
 * evidence. Calls: core/article, core/sentences, core/citations,
 * core/textfeat, core/outlets, core primitives.
 */
#ifndef CC_CORE_CLAIMS_H
#define CC_CORE_CLAIMS_H

#include "core/common.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/citations.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/textfeat.h"

/* Check-worthy from this score up (weights in claims.c, docs/claims.md). */
#define CC_CLAIMS_THRESHOLD 0.5

enum cc_claim_kind {
    CC_CLAIM_KIND_CLAIM = 1,         /* check-worthy: numbered, goes to the matcher */
    CC_CLAIM_KIND_HEADING = 2,       /* a heading block: never a claim */
    CC_CLAIM_KIND_NOT_CHECKABLE = 3, /* scored under the threshold */
    CC_CLAIM_KIND_CITATION = 4,      /* only attributes: "Reuter’s reported this development." */
};

enum cc_cover_scope {
    CC_COVER_SENTENCE = 1,  /* the citation is in the sentence itself */
    CC_COVER_PARAGRAPH = 2, /* it comes from a citation sentence after it */
};

struct cc_cover {
    size_t cite; /* index into cc_claims.cites */
    int scope;   /* enum cc_cover_scope */
};

/* One sentence of the article (every sentence, whatever its kind). All
 * offsets are bytes into the article's text. */
struct cc_claim {
    size_t start;
    size_t end;
    size_t block;            /* index of its block in the article */
    unsigned flags;          /* enum cc_sentence_flags */
    int kind;                /* enum cc_claim_kind */
    size_t claim_index;      /* 1-based over the claims in article order; 0 if not a claim */
    double score;            /* check-worthiness in [0,1] */
    bool checkworthy;        /* kind == CC_CLAIM_KIND_CLAIM */
    struct cc_textfeat feat; /* borrowed from the cc_claims' shared storage (never release
                              * it); spans are offsets into the article text; features inside
                              * citations are left out */
    size_t cite_first;       /* its own citations: cites[cite_first .. cite_first + ncites) */
    size_t ncites;
    struct cc_cover *cover; /* owned: the citations covering it, own ones first */
    size_t ncover;
    const char *match_text; /* borrowed from the cc_claims: the sentence without its
                             * citation phrases, line breaks as spaces (what the matcher
                             * compares) */
};

/* The analysis of one article. */
struct cc_claims {
    struct cc_claim *v; /* owned, one per sentence in text order */
    size_t n;
    struct cc_citation *cites; /* owned, every citation in text order; outlets borrowed
                                * from the registry given to cc_claims_analyse */
    size_t ncites;
    size_t nclaims;           /* sentences of kind CC_CLAIM_KIND_CLAIM */
    struct cc_textfeat store; /* owned storage the sentences' feat and match_text borrow
                               * (one allocation per array, not per sentence) */
};

/* Splits a's blocks into sentences and analyses them. reg resolves
 * citations (NULL: none resolves) and must outlive the result. On success
 * *out is new; the caller frees it with cc_claims_free. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_claims_analyse(struct cc_claims **out, const struct cc_article *a,
                                   const struct cc_registry *reg, struct cc_error *err);

/* Accepts NULL. */
void cc_claims_free(struct cc_claims *c);

/* Check-worthiness of the sentence text[start..end) with features f and its
 * own citations (their words do not count): see claims.c for the features
 * and weights. flags are its enum cc_sentence_flags. Cannot fail. */
double cc_claims_score(const char *text, size_t start, size_t end, unsigned flags,
                       const struct cc_textfeat *f, const struct cc_citation *cites, size_t ncites);

/* "claim", "heading", "not-checkable", "citation". */
const char *cc_claim_kind_name(int kind);

/* Appends the `credcheck claims --format json` document (issue 4's shape
 * plus title, url, date_source, outlet, format, threshold, match_text,
 * quotes and citation details). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_claims_write_json(struct cc_buf *out, const struct cc_claims *c,
                                      const struct cc_article *a, struct cc_error *err);

/* Writes the same document to f as it is built (a long article's JSON is
 * about five times its text; this keeps only 64 KiB of it in memory).
 * Errors: CC_EIO (the write failed), CC_ENOMEM. */
CC_NODISCARD int cc_claims_write_json_file(FILE *f, const struct cc_claims *c,
                                           const struct cc_article *a, struct cc_error *err);

/* Appends a human-readable table, lines cut at width columns (0: 100).
 * Errors: CC_ENOMEM. */
CC_NODISCARD int cc_claims_write_table(struct cc_buf *out, const struct cc_claims *c,
                                       const struct cc_article *a, size_t width, bool color,
                                       struct cc_error *err);

#endif
