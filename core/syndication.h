/*
 * syndication.h: which pieces of evidence are the same story republished.
 *
 * Owns: the near-duplicate test (word 3-shingles of the case-folded text:
 * a 64-bit SimHash within CC_SYND_MAX_HAMMING bits, or one text's shingles
 * mostly contained in the other's, which also catches a wire story carried
 * with a paragraph added or a dateline changed; texts too short to shingle
 * must have the same words), wire credits and datelines ("(Reuters)", "ISLAMABAD (Reuters) -",
 * "— AP", "Reuters contributed", "Reuters reported", "via AFP") naming a wire
 * outlet of the registry, and grouping evidence into independent sources,
 * each credited to its origin: the wire, else the earliest first-seen item.
 * Does not: decide whether an item matches a claim (core/matcher).
 * Calls: core primitives (alloc, utf8), core/outlets (wire names, aliases).
 */
#ifndef CC_CORE_SYNDICATION_H
#define CC_CORE_SYNDICATION_H

#include "core/common.h"
#include "core/error.h"
#include "core/outlets.h"

/* Two texts are near-duplicates when their SimHashes differ in at most this
 * many of 64 bits (about 95% shingle overlap; Manku et al. 2007 use 3 for
 * web pages). */
#define CC_SYND_MAX_HAMMING 3
/* Texts with fewer word 3-shingles than this are compared token by token. */
#define CC_SYND_MIN_SHINGLES 4
/* Or: this share of the smaller text's shingles is in the other text (a copy
 * with a changed dateline or an added paragraph; two reports of one event
 * written independently share far fewer: tests/test_syndication.c). */
#define CC_SYND_MIN_CONTAINMENT 0.7

/* What the near-duplicate test needs of one text (its SimHash, shingle set
 * and word sequence), computed once and compared many times. */
struct cc_synd_fingerprint;

/* Fingerprints text[0..len). On success *out is new; the caller frees it
 * with cc_synd_fingerprint_free. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_synd_fingerprint_new(struct cc_synd_fingerprint **out, const char *text,
                                         size_t len, struct cc_error *err);
/* Accepts NULL. */
void cc_synd_fingerprint_free(struct cc_synd_fingerprint *fp);
/* Heap bytes a fingerprint holds (for cache budgets); 0 for NULL. */
size_t cc_synd_fingerprint_bytes(const struct cc_synd_fingerprint *fp);

/* SimHash of the text's word 3-shingles (words case-folded, punctuation
 * dropped). *nshingles (may be NULL) gets the shingle count. */
uint64_t cc_synd_simhash(const char *text, size_t len, size_t *nshingles);

/* True when a and b are the same text up to small edits: SimHash within
 * CC_SYND_MAX_HAMMING bits or shingle containment >= CC_SYND_MIN_CONTAINMENT,
 * or for short texts the same folded words. */
bool cc_synd_near_duplicate(const char *a, size_t alen, const char *b, size_t blen);

/* The wire outlet of reg credited in text ("(Reuters)", "Reuters
 * contributed", "— AP", ...), or NULL. Borrowed from reg. */
const struct cc_outlet *cc_synd_wire_credit(const struct cc_registry *reg, const char *text,
                                            size_t len);

/* One piece of evidence to group. */
struct cc_synd_item {
    const char *outlet; /* registry name (borrowed) */
    bool outlet_is_wire;
    const char *text; /* title + summary + content (borrowed) */
    size_t len;
    int64_t first_seen;
    int64_t published;              /* CC_TIME_NONE when unknown */
    const struct cc_outlet *credit; /* wire credited in the text, or NULL */
    const char *group;              /* the outlet's media group (borrowed), or NULL */
};

/* Grouping result: group[i] for every item; origin_item[g] the item of the
 * origin (SIZE_MAX when the origin is a credited wire without its own item);
 * origin_outlet[g] the outlet credited; reason[g] "independent",
 * "wire credit", "near-duplicate" or "same media group". Arrays owned by the
 * caller, sized n. */
struct cc_synd_groups {
    size_t *group;
    size_t *origin_item;
    const char **origin_outlet;
    const char **reason;
    size_t ngroups;
};

/* Groups items into independent sources. Arrays in out must each hold n
 * entries. Items of one outlet, or of outlets of one media group (registry
 * "group": Geo News and The News), always share a source. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_synd_group(struct cc_synd_groups *out, const struct cc_synd_item *items,
                               size_t n, struct cc_error *err);
/* The same, with the items' fingerprints given: fps[i] (borrowed) is the
 * fingerprint of items[i].text, or NULL to compute it here. fps may be
 * NULL (all computed). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_synd_group_fp(struct cc_synd_groups *out, const struct cc_synd_item *items,
                                  const struct cc_synd_fingerprint *const *fps, size_t n,
                                  struct cc_error *err);

#endif
