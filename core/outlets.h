/*
 * outlets.h: the outlet registry (outlets.json, DESIGN.md).
 *
 * Owns: loading and validating a registry (jansson, privately), the
 * built-in default registry (a data file compiled in), the default search
 * order for the config, and resolving a name, alias or domain as written in
 * an article ("Reuter's", "Arabnews.pk", "www.geo.tv/latest/1") to an outlet.
 * Does not: fetch feeds or touch the store.
 * Calls: core primitives (error, alloc, buf, utf8), jansson.
 */
#ifndef CC_CORE_OUTLETS_H
#define CC_CORE_OUTLETS_H

#include "core/common.h"
#include "core/error.h"

struct cc_feed_ref {
    char *url;     /* owned: http(s) URL, or file:// URL / absolute path of a file the
                    * config names (relative paths are resolved against the config's folder) */
    bool insecure; /* TLS certificate checks off for this feed (registry says so) */
};

struct cc_outlet {
    char *name;              /* owned, unique in the registry */
    char **aliases;          /* owned */
    size_t naliases;
    char **domains;          /* owned, lowercase, no "www." */
    size_t ndomains;
    struct cc_feed_ref *feeds; /* owned; nfeeds == 0: a non-feed reference (Wikipedia) */
    size_t nfeeds;
    bool wire;               /* a wire service (Reuters, AP): its copies are syndication */
    double credibility;      /* prior in [0,1]; CC_OUTLET_DEFAULT_CREDIBILITY when unset */
};

#define CC_OUTLET_DEFAULT_CREDIBILITY 0.5

struct cc_registry;

/* Loads the registry at path. Errors name the file, the JSON path and the
 * reason ("outlets[3].feeds[0]: unknown key 'urls'"). Errors: CC_EIO,
 * CC_EPARSE (bad JSON, wrong types, unknown keys, duplicates). */
CC_NODISCARD int cc_registry_load(struct cc_registry **out, const char *path,
                                  struct cc_error *err);

/* Parses registry JSON from memory; base_dir resolves relative feed paths
 * (NULL: the current directory); subject names it in errors. */
CC_NODISCARD int cc_registry_parse(struct cc_registry **out, const char *json, size_t len,
                                   const char *subject, const char *base_dir,
                                   struct cc_error *err);

/* The default search order of DESIGN.md: explicit_path if not NULL, else
 * $CREDCHECK_CONFIG, else $XDG_CONFIG_HOME/credcheck/outlets.json (or
 * ~/.config/...), else the installed default registry, else the compiled-in
 * one. Errors as cc_registry_load for a file that exists but is bad. */
CC_NODISCARD int cc_registry_open_default(struct cc_registry **out, const char *explicit_path,
                                          struct cc_error *err);

/* The built-in default registry (real outlets and feed URLs). */
CC_NODISCARD int cc_registry_builtin(struct cc_registry **out, struct cc_error *err);

void cc_registry_free(struct cc_registry *reg);

/* Where the registry came from: a path or "built-in". Borrowed. */
const char *cc_registry_source(const struct cc_registry *reg);
size_t cc_registry_count(const struct cc_registry *reg);
/* Borrowed until the registry is freed; i < count. */
const struct cc_outlet *cc_registry_get(const struct cc_registry *reg, size_t i);

/* Finds an outlet by its exact registry name (case-insensitive); NULL if none. */
const struct cc_outlet *cc_registry_find_name(const struct cc_registry *reg, const char *name);

/* Resolves a source as written in text (name, alias, possessive, domain with
 * or without www/scheme/path, bracketed) to an outlet: case- and
 * punctuation-insensitive, Unicode-folded. NULL when nothing matches. */
const struct cc_outlet *cc_registry_resolve(const struct cc_registry *reg, const char *text,
                                            size_t len);

/* Resolves a URL's host (or a bare domain) to the outlet owning it, by the
 * longest matching registered domain suffix. NULL when none. */
const struct cc_outlet *cc_registry_find_domain(const struct cc_registry *reg, const char *url);

#endif
