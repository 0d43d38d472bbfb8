/*
 * scoring.h: a claim's verdict and score from its evidence (docs/scoring.md).
 *
 * Owns: the verdict rules of DESIGN.md (corroborated: two or more
 * independent sources; single-source; uncorroborated; contradicted: a
 * source reports a conflicting number or date in the same context;
 * not-checkable: no factual content and nothing reports it) and the claim
 * score in [0,1], which combines the matcher's evidence probability (it
 * already weighs evidence strength and the number of outlets) with the
 * credibility priors of the independent sources.
 * Does not: find evidence (core/matcher) or sources (core/syndication).
 * Calls: nothing but libm.
 */
#ifndef CC_CORE_SCORING_H
#define CC_CORE_SCORING_H

#include "core/common.h"

/* How far the sources' mean credibility prior moves the score: score =
 * p ^ (1 - CC_SCORING_CREDIBILITY_WEIGHT * (mean prior - 0.5)). A policy
 * choice, not fitted (the public dev data has no priors); at the default
 * prior 0.5 the score is the matcher's probability unchanged, so the dev
 * figures of docs/BENCHMARKS.md hold. See docs/scoring.md. */
#define CC_SCORING_CREDIBILITY_WEIGHT 1.0

/* The facts scoring needs about one claim. */
struct cc_scoring_input {
    double evidence_p;       /* matcher claim-level probability in [0,1] */
    size_t sources;          /* independent sources (syndicated copies collapsed) */
    double mean_credibility; /* mean prior of those sources; 0.5 when none */
    bool checkworthy;        /* the claims module's check-worthiness decision */
    size_t conflicting;      /* sources whose evidence states a conflicting number/date */
    size_t agreeing;         /* sources whose evidence states the claim's number/date */
};

/* The verdict (enum cc_verdict of core/verify.h, as int) and score. */
int cc_scoring_verdict(const struct cc_scoring_input *in);
double cc_scoring_score(const struct cc_scoring_input *in);

#endif
