/*
 * verify.h: the `verify` pipeline (layer 2) and its transparent result.
 *
 * Owns: turning one article into a struct cc_verify_result: load the article
 * (core/article), split claims and resolve citations (core/claims,
 * core/citations), retrieve candidate items per claim from the store's
 * full-text index inside the time window, score them (core/matcher, with
 * story expansion), keep the best evidence per outlet, collapse syndicated
 * copies into independent sources (core/syndication), check every citation
 * (confirmed, or not found with a reason) and give each claim a score and a
 * verdict (core/scoring).
 * Does not: fetch feeds (the caller runs core/fetch first unless --no-fetch),
 * print, or format reports (core/report*).
 * Calls: core/article, core/claims, core/citations, core/outlets,
 * core/store, core/text, core/matcher, core/syndication, core/scoring,
 * core primitives.
 *
 * Everything in a result is owned by it; cc_verify_result_free frees it.
 * Times are int64_t UTC seconds (CC_TIME_NONE = none).
 */
#ifndef CC_CORE_VERIFY_H
#define CC_CORE_VERIFY_H

#include "core/common.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/store.h"

/* Default half-width of the time window, in days, around the article's date
 * (and around each date a claim mentions): news of an event appears the same
 * day or the next; on the dev set every reporting outlet has its item within
 * one day and wider windows cost AUC and F1 (docs/BENCHMARKS.md, "quality").
 * An article recapping older events without dates needs a wider --window. */
#define CC_VERIFY_DEFAULT_WINDOW_DAYS 1
/* Default cap on candidate items retrieved per claim from the full-text index. */
#define CC_VERIFY_DEFAULT_MAX_CANDIDATES 200
/* A cited outlet's item still confirms a citation when published up to this
 * long after the article's date (issue 6: "or within a day after"). */
#define CC_VERIFY_CITE_GRACE (86400)

enum cc_verdict {
    CC_VERDICT_CORROBORATED = 0, /* two or more independent sources */
    CC_VERDICT_SINGLE_SOURCE,    /* exactly one independent source */
    CC_VERDICT_UNCORROBORATED,   /* checkable, no outlet reports it */
    CC_VERDICT_CONTRADICTED,     /* an outlet reports a conflicting number/date/fact */
    CC_VERDICT_NOT_CHECKABLE,    /* no factual content (not check-worthy) */
};

/* "corroborated", "single-source", ... (static). */
const char *cc_verdict_name(enum cc_verdict v);

enum cc_cite_status {
    CC_CITE_CONFIRMED = 0, /* the cited outlet has a matching item by date + grace */
    CC_CITE_NO_FEED,       /* the outlet has no feed (e.g. Wikipedia) */
    CC_CITE_COVERAGE_GAP,  /* its stored items do not reach back to the claim's date */
    CC_CITE_NOT_MATCHED,   /* items exist for the window, none matches */
    CC_CITE_TOO_LATE,      /* its only matching items were published after date + grace */
    CC_CITE_UNRESOLVED,    /* the citation names no registry outlet ("(Sources 1)") */
};

/* "confirmed", "no-feed", "coverage-gap", "not-matched", "too-late",
 * "unresolved" (static). */
const char *cc_cite_status_name(enum cc_cite_status s);

/* Number of feature values per evidence item (core/matcher.h names them:
 * cc_matcher_feature_name). */
#define CC_VERIFY_MAX_FEATURES 24

/* One outlet's best matching item for a claim. */
struct cc_evidence {
    int64_t item_id;   /* store rowid */
    char *outlet;      /* registry name */
    char *title;       /* NULL when none */
    char *url;         /* item link, NULL when none */
    int64_t published; /* CC_TIME_NONE when the feed gave none */
    int64_t first_seen;
    char content_hash[65]; /* hex SHA-256 (cc_store_content_hash) of the item */
    double score;          /* matcher probability in [0,1] */
    bool passes;           /* score >= the matcher's outlet threshold */
    bool direct;           /* matched the claim's own words (not only via expansion) */
    size_t source;         /* index into the claim's sources[] (passing evidence only) */
    bool copy;             /* a syndicated copy of that source's origin item */
    char *contradiction;   /* NULL, or e.g. "number: 28 vs 26 (lives)" */
    double features[CC_VERIFY_MAX_FEATURES]; /* cc_matcher_feature_name(i) names them */
    size_t nfeatures;
};

/* One independent source: an origin outlet and the copies collapsed onto it. */
struct cc_source {
    char *outlet;   /* the origin (the wire, or the earliest first-seen) */
    size_t origin;  /* index into evidence[] of the origin's item; SIZE_MAX when
                     * the origin is a credited wire with no matching item */
    size_t *copies; /* indices into evidence[] of the syndicated copies */
    size_t ncopies;
    const char *reason; /* static: "independent", "wire credit", "near-duplicate",
                         * "same media group" */
    double credibility; /* the outlet's prior */
};

/* The check of one citation attached to a claim. */
struct cc_citation_check {
    char *text;   /* as written in the article */
    char *outlet; /* resolved registry name, NULL when unresolved */
    enum cc_cite_status status;
    char *reason;     /* one line for a reader ("no feed: Wikipedia is not a news feed") */
    int64_t evidence; /* index into evidence[] confirming it, -1 when none */
};

struct cc_claim_result {
    size_t index;     /* claim number from 1 in article order (0: not a claim) */
    size_t sentence;  /* sentence number from 1 */
    char *text;       /* the claim as written (display) */
    char *match_text; /* the text matched (attribution tail removed) */
    bool checkworthy;
    double checkworthiness; /* in [0,1] */
    char **cited_outlets;   /* resolved cited outlets, registry names, no duplicates */
    size_t ncited;
    char **cited_confirmed; /* subset of cited_outlets with status CONFIRMED */
    size_t nconfirmed;
    char **reporting_outlets; /* every outlet with a passing item (copies included) */
    size_t nreporting;
    char **corroborating_outlets; /* independent sources (origins), = sources[].outlet */
    size_t ncorroborating;
    size_t n_outlets; /* == ncorroborating */
    double score;     /* in [0,1], core/scoring */
    enum cc_verdict verdict;
    int64_t best;                 /* index into evidence[] of the best evidence, -1 when none */
    char *contradiction;          /* summary when verdict is contradicted, else NULL */
    struct cc_evidence *evidence; /* best item per outlet, score descending; passing first */
    size_t nevidence;
    struct cc_source *sources;
    size_t nsources;
    struct cc_citation_check *citations;
    size_t ncitations;
    size_t candidates; /* candidate items scored for this claim */
};

struct cc_verify_result {
    char *article;        /* path or URL as given */
    char *title;          /* extracted title, NULL when none */
    char *article_outlet; /* the article's own outlet, NULL when unknown */
    int64_t date;         /* the date used (UTC seconds) */
    char *date_source;    /* static-like owned copy: "--date", "article:published_time",
                           * "json-ld", ..., "run time" */
    int window_days;
    int64_t window_from; /* the article window actually searched */
    int64_t window_to;
    size_t max_candidates;
    double threshold;               /* outlet threshold of the model */
    char *model;                    /* model id, e.g. "match-2014dev-v1" */
    struct cc_claim_result *claims; /* every sentence that is a claim or not-checkable */
    size_t nclaims;
    size_t nsentences;
    char **warnings; /* one-line warnings (no date found, ...) */
    size_t nwarnings;
    int64_t elapsed_ms;
};

struct cc_verify_options {
    int64_t date;          /* --date (UTC seconds of the day), CC_TIME_NONE: from the page */
    int window_days;       /* < 0: CC_VERIFY_DEFAULT_WINDOW_DAYS */
    size_t max_candidates; /* 0: CC_VERIFY_DEFAULT_MAX_CANDIDATES */
    int64_t now;           /* the run's time (no date found: window around it) */
};

struct cc_verify;

/* A verifier over an open store and registry (both borrowed; they must
 * outlive it). It caches tokenised items and term statistics between
 * articles of one run. opts may be NULL (defaults). Errors: CC_ENOMEM,
 * CC_EINVAL (bad option). */
CC_NODISCARD int cc_verify_new(struct cc_verify **out, struct cc_store *st,
                               const struct cc_registry *reg, const struct cc_verify_options *opts,
                               struct cc_error *err);
void cc_verify_free(struct cc_verify *v);

/* Verifies one article (path, "-" for standard input, or http(s) URL). On
 * success *out is a new result the caller frees with cc_verify_result_free.
 * Errors name the article: CC_EIO, CC_EPARSE, CC_ETOOBIG, CC_ENET (URL),
 * CC_ESTORE, CC_ENOMEM. */
CC_NODISCARD int cc_verify_article(struct cc_verify_result **out, struct cc_verify *v,
                                   const char *article, struct cc_error *err);

/* Verifies article text already in memory (tests, batch). name is what the
 * result calls the article; is_html selects the HTML loader. */
CC_NODISCARD int cc_verify_text(struct cc_verify_result **out, struct cc_verify *v,
                                const char *name, const char *text, size_t len, bool is_html,
                                struct cc_error *err);

void cc_verify_result_free(struct cc_verify_result *r);

/* Writes the matcher's raw features of every claim verified from now on as
 * JSON lines to f (borrowed; bench/fit_model.py reads them); NULL stops. */
void cc_verify_set_dump(struct cc_verify *v, FILE *f);

#endif
