#include "core/common.h"

#include <math.h>

#include "core/scoring.h"
#include "core/verify.h"

#include "core/banned.h"

int cc_scoring_verdict(const struct cc_scoring_input *in)
{
    /* a conflict counts only when no more sources agree than disagree: an
     * early toll of 28 next to several reports of 26 is a near-miss, not a
     * contradiction */
    if (in->conflicting > 0 && in->conflicting >= in->agreeing) {
        return CC_VERDICT_CONTRADICTED;
    }
    if (in->sources >= 2) {
        return CC_VERDICT_CORROBORATED;
    }
    if (in->sources == 1) {
        return CC_VERDICT_SINGLE_SOURCE;
    }
    return in->checkworthy ? CC_VERDICT_UNCORROBORATED : CC_VERDICT_NOT_CHECKABLE;
}

double cc_scoring_score(const struct cc_scoring_input *in)
{
    double p = in->evidence_p;
    if (!(p >= 0)) {
        p = 0;
    }
    if (p > 1) {
        p = 1;
    }
    double c = in->sources > 0 ? in->mean_credibility : 0.5;
    if (!(c >= 0 && c <= 1)) {
        c = 0.5;
    }
    double e = 1.0 - CC_SCORING_CREDIBILITY_WEIGHT * (c - 0.5);
    /* a contradiction is the verdict's business: the score measures how far
     * independent outlets report the event at all */
    return pow(p, e);
}
