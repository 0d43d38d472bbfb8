/*
 * outlets.h: the outlet registry (outlets.json, DESIGN.md).
 *
 * Owns: loading and validating a registry (jansson, privately), the
 * built-in default registry (a data file compiled in), the default search
 * order for the config, and resolving a name, alias or domain as written in
 * an article ("Reuter's", "Arabnews.pk", "www.geo.tv/latest/1") to an outlet;
 * also adding/merging outlets and writing a registry back as outlets.json.
 * Does not: fetch feeds or touch the store; decide from context whether an
 * ambiguous alias ("ET", "The News") is meant (core/citations does).
 * Calls: core primitives (error, alloc, buf, utf8), jansson.
 *
 * File format (docs: README.md "Outlets and configuration"):
 *   {"outlets": [{"name": "...", "aliases": [...], "ambiguous_aliases": [...],
 *                 "domains": [...], "feeds": ["URL-or-path", {"url": "...",
 *                 "insecure": true}], "wire": bool, "credibility": 0..1,
 *                 "group": "...", "notes": "..."}]}
 * Only "name" is required. Unknown keys are errors.
 */
#ifndef CC_CORE_OUTLETS_H
#define CC_CORE_OUTLETS_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

struct cc_feed_ref {
    char *url;        /* owned: http(s) URL, or file:// URL / absolute path of a file the
                       * config names (relative paths are resolved against the config's folder) */
    bool insecure;    /* TLS certificate checks off for this feed (registry says so) */
    char *as_written; /* owned: the entry as the config wrote it (a relative path stays
                       * relative); equals url for URLs. Used when writing the registry back. */
};

struct cc_outlet {
    char *name;     /* owned, unique in the registry (NFC) */
    char **aliases; /* owned; resolve to this outlet without caveat */
    size_t naliases;
    char **ambiguous_aliases; /* owned; also resolve to this outlet, but are short or shared
                               * names ("ET", "The News", "Dawn") whose match needs context:
                               * cc_registry_match sets .ambiguous. May repeat the name,
                               * which then marks the name itself as ambiguous. */
    size_t nambiguous;
    char **domains; /* owned, lowercase, no "www." */
    size_t ndomains;
    struct cc_feed_ref *feeds; /* owned; nfeeds == 0: a non-feed reference (Wikipedia) */
    size_t nfeeds;
    bool wire;            /* a wire service (Reuters, AP): its copies are syndication */
    double credibility;   /* prior in [0,1]; CC_OUTLET_DEFAULT_CREDIBILITY when unset */
    bool credibility_set; /* the registry gave "credibility" explicitly */
    char *group;          /* owned or NULL: media group; outlets of one group (Geo News and
                           * The News: Jang Group) are not independent of each other */
    char *notes;          /* owned or NULL: free text shown by `outlets show` */
};

#define CC_OUTLET_DEFAULT_CREDIBILITY 0.5

/* Size caps: a registry over them is refused with CC_ETOOBIG, not processed. */
#define CC_REGISTRY_MAX_FILE (8u * 1024u * 1024u) /* bytes of outlets.json */
#define CC_REGISTRY_MAX_OUTLETS 100000u
#define CC_REGISTRY_MAX_LIST 1000u  /* aliases, domains or feeds of one outlet */
#define CC_REGISTRY_MAX_NAME 256u   /* bytes of a name, alias, domain or group */
#define CC_REGISTRY_MAX_URL 4096u   /* bytes of a feed URL or path, or of notes */
#define CC_REGISTRY_MAX_QUERY 1024u /* longer text never resolves */
#define CC_REGISTRY_MAX_WORDS 8u    /* words cc_registry_match_prefix tries */

struct cc_registry;

/* Loads the registry at path. Errors name the file (subject) and the JSON
 * path and the reason (msg "outlets[3].feeds[0]: unknown key 'urls'"); JSON
 * syntax errors carry line and column. Errors: CC_EIO (cannot read),
 * CC_EPARSE (bad JSON, wrong types, unknown keys, duplicates, bad feeds),
 * CC_ETOOBIG (a cap above), CC_ENOMEM. */
CC_NODISCARD int cc_registry_load(struct cc_registry **out, const char *path, struct cc_error *err);

/* Parses registry JSON from memory; base_dir resolves relative feed paths
 * (NULL: the current directory); subject names it in errors and becomes
 * cc_registry_source. Errors as cc_registry_load, without CC_EIO. */
CC_NODISCARD int cc_registry_parse(struct cc_registry **out, const char *json, size_t len,
                                   const char *subject, const char *base_dir, struct cc_error *err);

/* The default search order of DESIGN.md: explicit_path if not NULL, else
 * $CREDCHECK_CONFIG (when set and not empty), else
 * $XDG_CONFIG_HOME/credcheck/outlets.json (XDG_CONFIG_HOME unset, empty or
 * relative: ~/.config/credcheck/outlets.json) when that file exists, else
 * DATADIR/outlets.json when it exists (DATADIR: $CREDCHECK_DATADIR, else the
 * install folder CC_DATADIR), else the compiled-in registry. An explicit
 * path or $CREDCHECK_CONFIG that cannot be read is an error (CC_EIO); a
 * file found on the search path that is bad is an error as in
 * cc_registry_load. */
CC_NODISCARD int cc_registry_open_default(struct cc_registry **out, const char *explicit_path,
                                          struct cc_error *err);

/* The built-in default registry (real outlets and feed URLs), compiled in
 * from data/outlets.json. Source "built-in". Errors: CC_ENOMEM. */
CC_NODISCARD int cc_registry_builtin(struct cc_registry **out, struct cc_error *err);

/* An empty registry (for building one up with cc_registry_add). source and
 * base_dir are copied (NULL: "(new)" / the current directory). */
CC_NODISCARD int cc_registry_new(struct cc_registry **out, const char *source, const char *base_dir,
                                 struct cc_error *err);

void cc_registry_free(struct cc_registry *reg);

/* Where the registry came from: a path or "built-in". Borrowed. */
const char *cc_registry_source(const struct cc_registry *reg);
/* The absolute folder relative feed paths were resolved against. Borrowed. */
const char *cc_registry_base_dir(const struct cc_registry *reg);
size_t cc_registry_count(const struct cc_registry *reg);
/* Borrowed until the registry is freed or changed; i < count. */
const struct cc_outlet *cc_registry_get(const struct cc_registry *reg, size_t i);

/* Finds an outlet by its exact registry name (case-insensitive, Unicode
 * folded); NULL if none. */
const struct cc_outlet *cc_registry_find_name(const struct cc_registry *reg, const char *name);

/* Resolves a source as written in text (name, alias, possessive, domain with
 * or without www/scheme/path, bracketed) to an outlet: case- and
 * punctuation-insensitive, Unicode-folded. NULL when nothing matches.
 * Same as cc_registry_match(...).outlet; ambiguous aliases resolve too. */
const struct cc_outlet *cc_registry_resolve(const struct cc_registry *reg, const char *text,
                                            size_t len);

enum cc_registry_match_kind {
    CC_REGISTRY_MATCH_NONE = 0,
    CC_REGISTRY_MATCH_NAME,   /* the outlet's registry name */
    CC_REGISTRY_MATCH_ALIAS,  /* one of its aliases or ambiguous aliases */
    CC_REGISTRY_MATCH_DOMAIN, /* a registered domain, or a host under one */
};

struct cc_registry_match {
    const struct cc_outlet *outlet; /* borrowed; NULL when nothing matched */
    int kind;                       /* enum cc_registry_match_kind */
    bool ambiguous;                 /* matched through an ambiguous alias ("ET", "AP", "The News",
                                     * "Dawn"): a short or shared word; the caller should check context */
    bool exact; /* the text is the name/alias/domain up to case, Unicode folding,
                 * spacing, punctuation and brackets; false when a possessive
                 * ("Dawn's"), a leading "the" or a trailing reporting word
                 * ("reported") had to be removed, or a domain matched as a
                 * subdomain or with a URL path */
};

/* Resolves text as cc_registry_resolve and says how it matched. Returns
 * true when an outlet matched (out->outlet != NULL). Resolution rules:
 * - text that contains a '.' is first tried as a host or URL (scheme, www.,
 *   path, brackets and spaces ignored: "* [Arabnews.pk]", "The News.com.pk",
 *   "https://www.geo.tv/latest/1"); the longest registered domain suffix
 *   wins ("en.wikipedia.org" -> wikipedia.org);
 * - otherwise (or when no domain matched) the words are compared with all
 *   spacing and punctuation removed ("GeoTV" = "Geo TV", "ArabNews" = "Arab
 *   News", "Reuter's" = "Reuters"), then with a possessive "'s" dropped,
 *   then without a leading "the", then without trailing reporting words
 *   ("reported", "said", "report", "newspaper", ...). */
bool cc_registry_match(struct cc_registry_match *out, const struct cc_registry *reg,
                       const char *text, size_t len);

/* Finds the longest run of at most CC_REGISTRY_MAX_WORDS words at the start of
 * text[0..len) (leading spaces and brackets skipped) that matches; *matched_len
 * gets the byte length from text to the end of the matched words. Returns
 * false (and *matched_len 0) when no prefix matches. For scanning prose:
 * "Reuter's reported this development" -> Reuters, up to "Reuter's reported". */
bool cc_registry_match_prefix(struct cc_registry_match *out, size_t *matched_len,
                              const struct cc_registry *reg, const char *text, size_t len);

/* Resolves a URL's host (or a bare domain) to the outlet owning it, by the
 * longest matching registered domain suffix. NULL when none. */
const struct cc_outlet *cc_registry_find_domain(const struct cc_registry *reg, const char *url);

/* Validates outlet (as loaded from JSON: names, feeds already resolved) and
 * appends a deep copy to reg. Errors: CC_EPARSE (duplicate name, alias or
 * domain of another outlet; empty name), CC_ETOOBIG, CC_ENOMEM; reg is
 * unchanged on failure. */
CC_NODISCARD int cc_registry_add(struct cc_registry *reg, const struct cc_outlet *outlet,
                                 struct cc_error *err);

/* Merges outlet into reg: into the existing outlet that already lists one of
 * its feeds (same URL), else the one owning one of its domains (longest
 * suffix), else the one whose name or alias has the same key as its name,
 * else appended as a new outlet. Merging adds the feeds (by URL), domains and
 * aliases the existing outlet lacks, unless another outlet already owns
 * them; the merged outlet's own name is not added (from OPML it is a feed
 * title such as "Dawn - Business").
 * *merged_out (may be NULL) says whether it merged into an existing outlet.
 * Errors as cc_registry_add. */
CC_NODISCARD int cc_registry_merge(struct cc_registry *reg, const struct cc_outlet *outlet,
                                   bool *merged_out, struct cc_error *err);

/* Appends reg as outlets.json (one outlet per block, keys in file order,
 * unset fields left out). Local feeds are written as the config wrote them
 * when out_dir equals the registry's base folder, else as absolute paths
 * (out_dir NULL: always absolute). Errors: CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_registry_write_json(struct cc_buf *out, const struct cc_registry *reg,
                                        const char *out_dir, struct cc_error *err);

/* Appends one outlet as a JSON object (the same keys as the file, all of them,
 * feeds as objects {"url", "insecure"}), for `outlets show --format json`. */
CC_NODISCARD int cc_outlet_write_json(struct cc_buf *out, const struct cc_outlet *outlet,
                                      struct cc_error *err);

#endif
