/*
 * opml.h: OPML subscription lists (the format feed readers export) read as
 * outlets, and merged into an outlet registry.
 *
 * Owns: parsing OPML 1.0/2.0 (libxml2, privately: no network, no DTD
 * loading, no entity substitution, depth and size caps) into one outlet per
 * feed outline (nested category outlines are walked), and merging those
 * into a registry (cc_registry_merge: by domain, then by name).
 * Does not: fetch the feeds, write files (cmd/cmd_outlets.c does).
 * Calls: core primitives, core/outlets, core/url, libxml2.
 */
#ifndef CC_FETCHERS_OPML_H
#define CC_FETCHERS_OPML_H

#include "core/common.h"
#include "core/error.h"
#include "core/outlets.h"

#define CC_OPML_MAX_BYTES (16u * 1024u * 1024u) /* file or buffer size */
#define CC_OPML_MAX_DEPTH 32u                   /* outline nesting */
#define CC_OPML_MAX_OUTLINES 100000u            /* feed outlines */

struct cc_opml;

/* Parses OPML from memory. Every outline with an xmlUrl becomes an outlet:
 * name from its title (else text, else the feed's host), one feed (the
 * xmlUrl; http and https only, others are skipped and counted), domain from
 * the htmlUrl host, else the xmlUrl host unless that is an aggregator
 * (news.google.com, feedburner, ...). On success *out is new; the caller
 * frees it with cc_opml_free. Errors: CC_EPARSE (not well-formed, not OPML,
 * a DTD declaring entities, nesting over the cap), CC_ETOOBIG, CC_ENOMEM;
 * subject names the input in err. */
CC_NODISCARD int cc_opml_parse(struct cc_opml **out, const char *data, size_t len,
                               const char *subject, struct cc_error *err);

/* Reads path and parses it. Errors as cc_opml_parse plus CC_EIO. */
CC_NODISCARD int cc_opml_load(struct cc_opml **out, const char *path, struct cc_error *err);

void cc_opml_free(struct cc_opml *opml);

/* Feed outlines read, as outlets; borrowed until the list is freed. */
size_t cc_opml_count(const struct cc_opml *opml);
const struct cc_outlet *cc_opml_get(const struct cc_opml *opml, size_t i);
/* Feed outlines skipped (a non-http(s) xmlUrl, or no usable URL). */
size_t cc_opml_skipped(const struct cc_opml *opml);

struct cc_opml_stats {
    size_t added;   /* new outlets appended to the registry */
    size_t merged;  /* outlines merged into an existing outlet */
    size_t skipped; /* outlines that clash with another outlet (a warning each) */
};

/* Merges every outlet of opml into reg (cc_registry_merge); an outline that
 * clashes with another outlet (say, its name is another outlet's alias) is
 * skipped with a logged warning. Errors: CC_ENOMEM (reg may then hold the
 * outlines merged so far). */
CC_NODISCARD int cc_opml_merge(struct cc_registry *reg, const struct cc_opml *opml,
                               struct cc_opml_stats *stats, struct cc_error *err);

#endif
