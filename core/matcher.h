/*
 * matcher.h: does an item report the same fact as a claim, and how strongly.
 *
 * Owns: the model (data/model.json, compiled in; weights fitted by
 * bench/fit_model.py on the public dev data), the term lexicon and the
 * background term statistics (IDF), match documents (a struct cc_text turned
 * into sorted term ids), the pair features, the pair score, story expansion
 * (items strongly matched become extra queries for the other candidates),
 * the best evidence per outlet and the claim-level corroboration features
 * and probability.
 * Does not: read the store (core/verify hands it candidates), collapse
 * syndicated copies (core/syndication), decide verdicts (core/scoring).
 * Calls: core primitives, core/text, jansson (the model file) privately.
 */
#ifndef CC_CORE_MATCHER_H
#define CC_CORE_MATCHER_H

#include "core/common.h"
#include "core/error.h"
#include "core/text.h"

/* Pair features of (claim, item); names in cc_matcher_feature_name. */
enum cc_pair_feature {
    CC_PF_COV_CLAIM = 0, /* IDF-weighted share of the claim's terms the item has */
    CC_PF_COV_ITEM,      /* IDF-weighted share of the item's terms the claim has */
    CC_PF_COSINE,        /* cosine of the log-tf * IDF vectors */
    CC_PF_RARE,          /* IDF of the rarest shared term / IDF of the claim's rarest term */
    CC_PF_BIGRAM,        /* share of the claim's adjacent term pairs found in the item */
    CC_PF_NAMES,         /* share of the claim's names (acronyms, proper names) in the item */
    CC_PF_NUM_AGREE,     /* numbers both state (at most 2) */
    CC_PF_NUM_CONFLICT,  /* both state numbers, none in common (0/1) */
    CC_PF_DATE_AGREE,    /* a date both state (0/1) */
    CC_PF_DATE_CONFLICT, /* both state dates, none in common (0/1) */
    CC_PF_QUOTE,         /* best share of a quoted phrase's terms found in the item */
    CC_PF_TITLE,         /* IDF-weighted share of the claim's terms in the item's title */
    CC_PF_DAYS,          /* whole UTC days between the item and the nearest anchor day (capped) */
    CC_PF_SHARED,        /* shared distinct terms / the claim's distinct terms (bounded, so
                          * a long sentence is not favoured for its length) */
    CC_PF_COUNT
};

/* Story-expansion features of a candidate. */
enum cc_exp_feature {
    CC_XF_PAIR_LOGIT = 0, /* logit of the direct pair probability */
    CC_XF_MAX,            /* max over seeds of seed probability * cosine(seed, item) */
    CC_XF_SUM,            /* the same summed over seeds (capped at 3) */
    CC_XF_SEEDS,          /* log(1 + number of seeds) */
    CC_XF_COUNT
};

/* Claim-level features (is the claim reported at all). */
enum cc_claim_feature {
    CC_CF_DIRECT1 = 0, /* best direct pair probability over outlets */
    CC_CF_DIRECT2,     /* second best (another outlet) */
    CC_CF_DIRECT3,     /* third best */
    CC_CF_LOG_N,       /* log(1 + outlets passing the threshold after expansion) */
    CC_CF_BEST,        /* best final (expanded) probability */
    CC_CF_UNION_COV,   /* IDF share of the claim covered by the top 5 direct items together */
    CC_CF_BEST_COV,    /* IDF share of the claim covered by the best direct item */
    CC_CF_COHERENCE,   /* mean cosine between the top 5 direct items (story coherence) */
    CC_CF_TERMS,       /* log(1 + the claim's distinct terms): how specific it is */
    CC_CF_IDF_MASS,    /* sum of the claim terms' IDF / 10 */
    CC_CF_CANDIDATES,  /* log(1 + candidates): how much the window says about its words */
    CC_CF_DIRECT_N,    /* log(1 + outlets whose best direct probability passes) */
    CC_CF_SUM,         /* sum over outlets of the best final probability / 10 */
    CC_CF_BEST_DAYS,   /* CC_PF_DAYS of the best direct item (how recent the best evidence is) */
    CC_CF_MEAN_DAYS,   /* CC_PF_DAYS of the top 5 direct items (one per outlet), weighted by
                        * their direct probabilities */
    CC_CF_ALL_COV,     /* IDF share of the claim found in some candidate (any of them) */
    CC_CF_MISS_IDF,    /* highest IDF of a claim term no candidate has / 10 (0: none) */
    CC_CF_MISS_SHARE,  /* share of the claim's terms that no candidate has (bounded, so a
                        * long sentence is not penalised for its length) */
    CC_CF_COUNT
};

#define CC_MATCHER_NFEATURES (CC_PF_COUNT + CC_XF_COUNT)

/* "cov_claim", "cov_item", ... for i < CC_MATCHER_NFEATURES (pair features
 * first, then expansion features); "claim:..." names via cc_matcher_claim_feature_name. */
const char *cc_matcher_feature_name(size_t i);
const char *cc_matcher_claim_feature_name(size_t i);

/* ---- the model ------------------------------------------------------------------------ */

struct cc_model {
    char id[64];                        /* "match-v1 2025-..." */
    double pair_w[CC_PF_COUNT], pair_b; /* logistic regression */
    double exp_w[CC_XF_COUNT], exp_b;
    double claim_w[CC_CF_COUNT], claim_b;
    double outlet_threshold; /* an outlet reports the claim when its best >= this */
    double seed_threshold;   /* a direct match this strong becomes a seed */
    size_t max_seeds;
    double min_similarity;  /* item-item cosine below this is 0 */
    double max_days;        /* CC_PF_DAYS cap */
    double fit_window_days; /* the --window of the fitting data (days) */
    size_t idf_sample;      /* background items for IDF */
};

/* Parses a model file (the JSON of data/model.json). Errors name subject:
 * CC_EPARSE (bad JSON, missing or misnamed weights), CC_ENOMEM. */
CC_NODISCARD int cc_model_parse(struct cc_model *out, const char *json, size_t len,
                                const char *subject, struct cc_error *err);
/* The model compiled in from data/model.json. Errors as cc_model_parse. */
CC_NODISCARD int cc_model_builtin(struct cc_model *out, struct cc_error *err);

/* ---- documents -------------------------------------------------------------------------- */

enum cc_doc_term_flags {
    CC_DT_NAME = 1u << 0,
    CC_DT_NUMBER = 1u << 1,
    CC_DT_DATE = 1u << 2,
};

/* A text ready for matching. Arrays are owned. */
struct cc_match_doc {
    uint32_t *ids;  /* sorted unique term ids */
    uint16_t *tf;   /* their counts */
    uint8_t *flags; /* enum cc_doc_term_flags per unique term */
    size_t n;
    uint32_t *seq; /* term ids in text order */
    size_t nseq;
    size_t ntitle;       /* the first ntitle entries of seq come from the title */
    uint32_t *title_ids; /* sorted unique ids of the title's terms */
    size_t ntitle_ids;
    uint64_t *bigrams; /* sorted unique adjacent pairs (id << 32 | next id) */
    size_t nbigrams;
    uint32_t *quotes; /* claim only: per quoted phrase, its terms, 0-separated list */
    size_t nquotes_len;
    int64_t time;       /* item: published, else first seen; claim: CC_TIME_NONE */
    int64_t anchors[8]; /* claim: anchor days (article date, dates it mentions) */
    size_t nanchors;
    double day_scale; /* claim: CC_PF_DAYS = whole days * day_scale (0 taken as 1): the
                       * model's fit window over the window searched, so the recency
                       * prior stretches with a wider --window */
};

#define CC_MATCH_DOC_INIT                                                                          \
    {                                                                                              \
        NULL, NULL, NULL, 0, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, CC_TIME_NONE, {0}, 0, 1.0      \
    }

void cc_match_doc_release(struct cc_match_doc *d);

struct cc_matcher;

/* A matcher over a model (copied). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_matcher_new(struct cc_matcher **out, const struct cc_model *model,
                                struct cc_error *err);
void cc_matcher_free(struct cc_matcher *m);
/* The model in use (borrowed). */
const struct cc_model *cc_matcher_model(const struct cc_matcher *m);

/* Builds a match document from an analysed text; title_end is the byte
 * offset where the title ends in the analysed input (0: no title part).
 * Terms are interned in the matcher's lexicon. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_matcher_doc(struct cc_match_doc *out, struct cc_matcher *m,
                                const struct cc_text *t, size_t title_end, int64_t time,
                                struct cc_error *err);

/* Background statistics (IDF): forget all, then add documents (a sample of
 * the items in the time window). idf(t) = ln((N + 1) / (df + 0.5)). */
void cc_matcher_background_reset(struct cc_matcher *m);
CC_NODISCARD int cc_matcher_background_add(struct cc_matcher *m, const struct cc_match_doc *d,
                                           struct cc_error *err);
double cc_matcher_idf(const struct cc_matcher *m, uint32_t id);
/* The string of a term id (borrowed until the matcher is freed). */
const char *cc_matcher_term(const struct cc_matcher *m, uint32_t id);

/* Fills f[CC_PF_COUNT] for (claim, item). */
void cc_matcher_pair_features(double *f, const struct cc_matcher *m,
                              const struct cc_match_doc *claim, const struct cc_match_doc *item);
/* The direct pair probability from pair features. */
double cc_matcher_pair_score(const struct cc_matcher *m, const double *f);
/* The Euclidean norm of a document's log-tf * IDF vector. */
double cc_matcher_doc_norm(const struct cc_matcher *m, const struct cc_match_doc *d);
/* The cosine of two documents with their norms precomputed (0 when either is 0). */
double cc_matcher_cosine_normed(const struct cc_matcher *m, const struct cc_match_doc *a, double na,
                                const struct cc_match_doc *b, double nb);
/* The cosine of two documents' log-tf * IDF vectors. */
double cc_matcher_cosine(const struct cc_matcher *m, const struct cc_match_doc *a,
                         const struct cc_match_doc *b);

/* ---- matching a claim against its candidates ------------------------------------------------ */

struct cc_match_candidate {
    const struct cc_match_doc *doc; /* borrowed */
    int outlet;                     /* caller's outlet index (>= 0) */
};

/* Per candidate: everything behind its score. */
struct cc_match_scored {
    double f[CC_MATCHER_NFEATURES]; /* pair features then expansion features */
    double direct;                  /* pair probability */
    double score;                   /* final probability (with story expansion) */
    bool seed;
};

struct cc_match_result {
    struct cc_match_scored *c; /* owned, one per candidate, same order */
    size_t n;
    size_t alloc;
    double claim_f[CC_CF_COUNT];
    double claim_p; /* probability that some outlet reports the claim */
    size_t nseeds;
    size_t npassing; /* outlets whose best final score passes */
};

#define CC_MATCH_RESULT_INIT                                                                       \
    {                                                                                              \
        NULL, 0, 0, {0}, 0, 0, 0                                                                   \
    }

void cc_match_result_release(struct cc_match_result *r);

/* Scores every candidate (direct features, seeds, expansion), and the
 * claim-level features and probability. Outlets are the candidates'
 * outlet indices; the best per outlet is the candidate with the highest
 * final score. out is reset first. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_matcher_match(struct cc_match_result *out, const struct cc_matcher *m,
                                  const struct cc_match_doc *claim,
                                  const struct cc_match_candidate *cands, size_t n,
                                  struct cc_error *err);

/* ---- free-standing pairs (credcheck score-pairs) ------------------------------------------ */

/* Scores n (claim, item) text pairs with the direct pair model: the texts
 * of all pairs are the background (IDF), there are no dates (days = 0) and
 * an ", according to X" tail of a claim is ignored. out[i] gets pair i's
 * probability. Errors: CC_ENOMEM, CC_ERR (no stemmer). */
CC_NODISCARD int cc_matcher_score_texts(double *out, const struct cc_model *model,
                                        const char *const *claims, const char *const *items,
                                        size_t n, struct cc_error *err);

#endif
