/*
 * outlets.c: the outlet registry: loading outlets.json, the key index and
 * resolution of names, aliases and domains as written in articles.
 */
#include "core/common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/num.h"
#include "core/outlets.h"
#include "core/url.h"
#include "core/utf8.h"
#include "core/banned.h"

#ifndef CC_DATADIR
#define CC_DATADIR "/usr/local/share/credcheck"
#endif

/* Generated at build time from data/outlets.json (cmake/embed_file.cmake). */
extern const unsigned char cc_outlets_builtin_json[];
extern const size_t cc_outlets_builtin_json_len;

#define BUILTIN_SOURCE "built-in"

/* Index entries. Name/alias keys are folded letters and digits only, domain
 * keys always hold a '.', feed keys start with FEED_KEY_PREFIX: the three
 * kinds can never collide, so one table serves all. */
#define KIND_FEED 0xFF
#define FEED_KEY_PREFIX ' '

struct key_entry {
    char *key;          /* owned; NULL marks an empty slot */
    size_t outlet;      /* index into the registry's outlets */
    unsigned char kind; /* CC_REGISTRY_MATCH_NAME/ALIAS/DOMAIN or KIND_FEED */
    bool ambiguous;
};

struct cc_registry {
    char *source;   /* owned */
    char *base_dir; /* owned, absolute */
    struct cc_outlet *outlets;
    char **folded_names; /* owned; casefolded names, parallel to outlets */
    size_t n, alloc;
    struct key_entry *table; /* open addressing, size a power of two */
    size_t table_size, table_used;
};

/* ---- small helpers ------------------------------------------------------- */

static bool is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool ascii_prefix_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower(s[i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static void free_strv(char **v, size_t n)
{
    if (!v) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cc_free(v[i]);
    }
    cc_free(v);
}

static void outlet_release(struct cc_outlet *o)
{
    if (!o) {
        return;
    }
    cc_free(o->name);
    free_strv(o->aliases, o->naliases);
    free_strv(o->ambiguous_aliases, o->nambiguous);
    free_strv(o->domains, o->ndomains);
    for (size_t i = 0; o->feeds && i < o->nfeeds; i++) {
        cc_free(o->feeds[i].url);
        cc_free(o->feeds[i].as_written);
    }
    cc_free(o->feeds);
    cc_free(o->group);
    cc_free(o->notes);
    memset(o, 0, sizeof(*o));
    o->credibility = CC_OUTLET_DEFAULT_CREDIBILITY;
}

static void outlet_init(struct cc_outlet *o)
{
    memset(o, 0, sizeof(*o));
    o->credibility = CC_OUTLET_DEFAULT_CREDIBILITY;
}

static int strv_copy(char ***out, char *const *src, size_t n)
{
    *out = NULL;
    if (n == 0) {
        return 0;
    }
    char **v = cc_calloc(n, sizeof(*v));
    if (!v) {
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = cc_strdup(src[i]);
        if (!v[i]) {
            free_strv(v, n);
            return CC_ENOMEM;
        }
    }
    *out = v;
    return 0;
}

/* Deep copy of src into *dst (initialised by this call). */
static int outlet_copy(struct cc_outlet *dst, const struct cc_outlet *src)
{
    outlet_init(dst);
    dst->wire = src->wire;
    dst->credibility = src->credibility;
    dst->credibility_set = src->credibility_set;
    int rc = CC_ENOMEM;
    dst->name = cc_strdup(src->name);
    if (!dst->name) {
        goto out;
    }
    if (src->group && !(dst->group = cc_strdup(src->group))) {
        goto out;
    }
    if (src->notes && !(dst->notes = cc_strdup(src->notes))) {
        goto out;
    }
    if (strv_copy(&dst->aliases, src->aliases, src->naliases)) {
        goto out;
    }
    dst->naliases = src->naliases;
    if (strv_copy(&dst->ambiguous_aliases, src->ambiguous_aliases, src->nambiguous)) {
        goto out;
    }
    dst->nambiguous = src->nambiguous;
    if (strv_copy(&dst->domains, src->domains, src->ndomains)) {
        goto out;
    }
    dst->ndomains = src->ndomains;
    if (src->nfeeds) {
        dst->feeds = cc_calloc(src->nfeeds, sizeof(*dst->feeds));
        if (!dst->feeds) {
            goto out;
        }
        dst->nfeeds = src->nfeeds;
        for (size_t i = 0; i < src->nfeeds; i++) {
            const struct cc_feed_ref *f = &src->feeds[i];
            dst->feeds[i].insecure = f->insecure;
            dst->feeds[i].url = cc_strdup(f->url);
            dst->feeds[i].as_written = cc_strdup(f->as_written ? f->as_written : f->url);
            if (!dst->feeds[i].url || !dst->feeds[i].as_written) {
                goto out;
            }
        }
    }
    rc = 0;
out:
    if (rc) {
        outlet_release(dst);
    }
    return rc;
}

/* ---- text folding and keys ------------------------------------------------ */

/* Appends s folded for matching: invalid bytes repaired, typography folded
 * (curly apostrophes to '), Unicode case folding (NFC). */
static int fold_text(struct cc_buf *out, const char *s, size_t len)
{
    struct cc_buf a = CC_BUF_INIT;
    struct cc_buf b = CC_BUF_INIT;
    int rc = 0;
    if (!cc_utf8_is_valid(s, len)) {
        rc = cc_utf8_repair(&a, s, len, NULL);
        if (rc) {
            goto out;
        }
        s = a.buf;
        len = a.len;
    }
    rc = cc_utf8_fold_typography(&b, s, len);
    if (rc == 0) {
        rc = cc_utf8_casefold(out, b.buf, b.len);
    }
out:
    cc_buf_release(&a);
    cc_buf_release(&b);
    return rc;
}

/* Appends the letters and digits of folded text f[0..len) (the name key). */
static int alnum_only(struct cc_buf *out, const char *f, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, f + i, len - i);
        if (cp >= 0 && (cc_utf8_is_letter(cp) || cc_utf8_is_digit(cp))) {
            int rc = cc_buf_add(out, f + i, n);
            if (rc) {
                return rc;
            }
        }
        i += n;
    }
    return 0;
}

/* The name key of a name or alias: folded, letters and digits only. */
static int name_key(struct cc_buf *out, const char *s, size_t len)
{
    struct cc_buf f = CC_BUF_INIT;
    int rc = fold_text(&f, s, len);
    if (rc == 0) {
        rc = alnum_only(out, f.buf, f.len);
    }
    cc_buf_release(&f);
    return rc;
}

/* Host grammar for domains: labels of [a-z0-9-] (and UTF-8 bytes, for IDN
 * written in Unicode), at least two labels, an alphabetic top label of two
 * or more characters. */
static bool is_host(const char *h, size_t len)
{
    if (len == 0 || len > 253 || h[0] == '.' || h[len - 1] == '.') {
        return false;
    }
    size_t label = 0;
    size_t dots = 0;
    size_t last_start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c == '.') {
            if (label == 0) {
                return false;
            }
            dots++;
            label = 0;
            last_start = i + 1;
            continue;
        }
        if (!(is_ascii_alnum(c) || c == '-' || c == '_' || c >= 0x80)) {
            return false;
        }
        if (++label > 63) {
            return false;
        }
    }
    if (dots == 0 || len - last_start < 2) {
        return false;
    }
    for (size_t i = last_start; i < len; i++) {
        unsigned char c = (unsigned char)h[i];
        if (!((c >= 'a' && c <= 'z') || c >= 0x80)) {
            return false;
        }
    }
    return true;
}

/* Extracts the host from lowercase text t[0..len): scheme, userinfo, port,
 * path, query and fragment dropped, a leading "www." too. *pathful says
 * whether a non-trivial path, query or fragment followed. Appends the host
 * to out; false when t is no host. */
static bool extract_host(struct cc_buf *out, const char *t, size_t len, bool *pathful)
{
    *pathful = false;
    /* scheme */
    size_t i = 0;
    while (i < len &&
           (is_ascii_alnum((unsigned char)t[i]) || t[i] == '+' || t[i] == '-' || t[i] == '.')) {
        i++;
    }
    if (i > 0 && i + 3 <= len && memcmp(t + i, "://", 3) == 0) {
        t += i + 3;
        len -= i + 3;
    } else if (len >= 2 && t[0] == '/' && t[1] == '/') {
        t += 2;
        len -= 2;
    }
    size_t end = 0;
    while (end < len && t[end] != '/' && t[end] != '?' && t[end] != '#' && t[end] != '\\') {
        end++;
    }
    for (size_t k = end; k < len; k++) {
        if (t[k] != '/') {
            *pathful = true;
        }
    }
    const char *h = t;
    size_t hl = end;
    for (size_t k = hl; k > 0; k--) {
        if (h[k - 1] == '@') {
            h += k;
            hl -= k;
            break;
        }
    }
    for (size_t k = 0; k < hl; k++) {
        if (h[k] == ':') {
            hl = k;
            break;
        }
    }
    while (hl > 0 && h[hl - 1] == '.') {
        hl--;
    }
    if (hl > 4 && memcmp(h, "www.", 4) == 0) {
        h += 4;
        hl -= 4;
    }
    if (!is_host(h, hl)) {
        return false;
    }
    return cc_buf_add(out, h, hl) == 0;
}

/* ---- the key table ---------------------------------------------------------- */

static struct key_entry *table_find(const struct cc_registry *reg, const char *key, size_t len)
{
    if (reg->table_size == 0) {
        return NULL;
    }
    size_t mask = reg->table_size - 1;
    size_t i = (size_t)hash_key(key, len) & mask;
    while (reg->table[i].key) {
        const char *k = reg->table[i].key;
        if (strlen(k) == len && memcmp(k, key, len) == 0) {
            return &reg->table[i];
        }
        i = (i + 1) & mask;
    }
    return NULL;
}

static void table_put(struct key_entry *table, size_t size, struct key_entry e)
{
    size_t mask = size - 1;
    size_t i = (size_t)hash_key(e.key, strlen(e.key)) & mask;
    while (table[i].key) {
        i = (i + 1) & mask;
    }
    table[i] = e;
}

/* Makes room for extra more keys (load factor at most 1/2). */
static int table_reserve(struct cc_registry *reg, size_t extra)
{
    size_t need = reg->table_used + extra;
    if (need <= reg->table_size / 2) {
        return 0;
    }
    size_t size = reg->table_size ? reg->table_size : 64;
    while (size / 2 < need) {
        if (size > SIZE_MAX / 4 / sizeof(struct key_entry)) {
            return CC_ENOMEM;
        }
        size *= 2;
    }
    struct key_entry *t = cc_calloc(size, sizeof(*t));
    if (!t) {
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < reg->table_size; i++) {
        if (reg->table[i].key) {
            table_put(t, size, reg->table[i]);
        }
    }
    cc_free(reg->table);
    reg->table = t;
    reg->table_size = size;
    return 0;
}

/* ---- registry lifetime ---------------------------------------------------------- */

static char *current_dir(void)
{
    char tmp[4096];
    if (getcwd(tmp, sizeof(tmp))) {
        return cc_strdup(tmp);
    }
    return cc_strdup(".");
}

int cc_registry_new(struct cc_registry **out, const char *source, const char *base_dir,
                    struct cc_error *err)
{
    *out = NULL;
    struct cc_registry *reg = cc_calloc(1, sizeof(*reg));
    if (!reg) {
        return cc_error_set(err, CC_ENOMEM, source, "out of memory");
    }
    reg->source = cc_strdup(source ? source : "(new)");
    reg->base_dir = base_dir ? cc_strdup(base_dir) : current_dir();
    if (!reg->source || !reg->base_dir) {
        cc_registry_free(reg);
        return cc_error_set(err, CC_ENOMEM, source, "out of memory");
    }
    *out = reg;
    return 0;
}

void cc_registry_free(struct cc_registry *reg)
{
    if (!reg) {
        return;
    }
    for (size_t i = 0; i < reg->n; i++) {
        outlet_release(&reg->outlets[i]);
        cc_free(reg->folded_names[i]);
    }
    cc_free(reg->outlets);
    cc_free(reg->folded_names);
    for (size_t i = 0; i < reg->table_size; i++) {
        cc_free(reg->table[i].key);
    }
    cc_free(reg->table);
    cc_free(reg->source);
    cc_free(reg->base_dir);
    cc_free(reg);
}

const char *cc_registry_source(const struct cc_registry *reg)
{
    return reg->source;
}

const char *cc_registry_base_dir(const struct cc_registry *reg)
{
    return reg->base_dir;
}

size_t cc_registry_count(const struct cc_registry *reg)
{
    return reg->n;
}

const struct cc_outlet *cc_registry_get(const struct cc_registry *reg, size_t i)
{
    return i < reg->n ? &reg->outlets[i] : NULL;
}

/* ---- adding outlets ----------------------------------------------------------------- */

struct pending_key {
    char *key; /* owned until inserted */
    unsigned char kind;
    bool ambiguous;
    const char *what;  /* "name", "aliases", "ambiguous_aliases", "domains", "feeds" */
    size_t index;      /* position in that list */
    const char *shown; /* the entry as written (borrowed) */
};

struct pending {
    struct pending_key *v;
    size_t n, alloc;
};

static void pending_release(struct pending *p)
{
    for (size_t i = 0; i < p->n; i++) {
        cc_free(p->v[i].key);
    }
    cc_free(p->v);
    p->v = NULL;
    p->n = p->alloc = 0;
}

static const char *kind_word(unsigned char kind)
{
    switch (kind) {
    case CC_REGISTRY_MATCH_NAME:
        return "the name";
    case CC_REGISTRY_MATCH_ALIAS:
        return "an alias";
    case CC_REGISTRY_MATCH_DOMAIN:
        return "a domain";
    default:
        return "a feed";
    }
}

/* Queues key (takes it, also on failure) unless this outlet already queued
 * it; a clash with another outlet is an error. */
static int pending_add(struct pending *p, const struct cc_registry *reg, char *key,
                       unsigned char kind, bool ambiguous, const char *what, size_t index,
                       const char *shown, const char *path_prefix, struct cc_error *err)
{
    size_t len = strlen(key);
    char quoted[96];
    cc_error_quote(quoted, sizeof(quoted), shown, strlen(shown));
    const struct key_entry *e = table_find(reg, key, len);
    if (e) {
        const char *other = reg->outlets[e->outlet].name;
        cc_free(key);
        if (kind == CC_REGISTRY_MATCH_NAME && e->kind == CC_REGISTRY_MATCH_NAME) {
            return cc_error_set(err, CC_EPARSE, reg->source,
                                "%s.name: duplicate outlet name '%s' (also outlets[%zu])",
                                path_prefix, quoted, e->outlet);
        }
        if (kind == KIND_FEED) {
            return cc_error_set(err, CC_EPARSE, reg->source,
                                "%s.feeds[%zu]: feed '%s' is already a feed of outlet '%s'",
                                path_prefix, index, quoted, other);
        }
        char where[64];
        if (kind == CC_REGISTRY_MATCH_NAME) {
            snprintf(where, sizeof(where), "%s.name", path_prefix);
        } else {
            snprintf(where, sizeof(where), "%s.%s[%zu]", path_prefix, what, index);
        }
        return cc_error_set(err, CC_EPARSE, reg->source,
                            "%s: '%s' is already %s of outlet '%s' (outlets[%zu])", where, quoted,
                            kind_word(e->kind), other, e->outlet);
    }
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->v[i].key, key) == 0) {
            /* The same outlet names it twice ("ArabNews", "Arabnews"): one key;
             * listing it as ambiguous marks it so. A feed twice is a mistake. */
            cc_free(key);
            if (kind == KIND_FEED) {
                return cc_error_set(err, CC_EPARSE, reg->source,
                                    "%s.feeds[%zu]: duplicate feed '%s'", path_prefix, index,
                                    quoted);
            }
            if (ambiguous) {
                p->v[i].ambiguous = true;
            }
            return 0;
        }
    }
    if (p->n == p->alloc) {
        void *v = p->v;
        if (cc_array_grow(&v, &p->alloc, p->n + 1, sizeof(*p->v))) {
            cc_free(key);
            return cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
        }
        p->v = v;
    }
    p->v[p->n++] = (struct pending_key){key, kind, ambiguous, what, index, shown};
    return 0;
}

static int queue_name_key(struct pending *p, const struct cc_registry *reg, const char *s,
                          unsigned char kind, bool ambiguous, const char *what, size_t index,
                          const char *path_prefix, struct cc_error *err)
{
    struct cc_buf k = CC_BUF_INIT;
    if (name_key(&k, s, strlen(s))) {
        cc_buf_release(&k);
        return cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
    }
    if (k.len == 0) {
        char quoted[96];
        cc_error_quote(quoted, sizeof(quoted), s, strlen(s));
        cc_buf_release(&k);
        if (kind == CC_REGISTRY_MATCH_NAME) {
            return cc_error_set(err, CC_EPARSE, reg->source,
                                "%s.name: '%s' has no letters or digits", path_prefix, quoted);
        }
        return cc_error_set(err, CC_EPARSE, reg->source,
                            "%s.%s[%zu]: '%s' has no letters or digits", path_prefix, what, index,
                            quoted);
    }
    char *key = cc_buf_detach(&k, NULL);
    if (!key) {
        return cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
    }
    return pending_add(p, reg, key, kind, ambiguous, what, index, s, path_prefix, err);
}

/* Appends o to reg, taking it (also on failure: it is released then). */
static int add_outlet_take(struct cc_registry *reg, struct cc_outlet *o, struct cc_error *err)
{
    struct pending p = {NULL, 0, 0};
    char *folded = NULL;
    char prefix[48];
    int rc = 0;
    snprintf(prefix, sizeof(prefix), "outlets[%zu]", reg->n);
    if (reg->n >= CC_REGISTRY_MAX_OUTLETS) {
        rc = cc_error_set(err, CC_ETOOBIG, reg->source, "%s: more than %u outlets", prefix,
                          CC_REGISTRY_MAX_OUTLETS);
        goto out;
    }
    if (!o->name || !o->name[0]) {
        rc = cc_error_set(err, CC_EPARSE, reg->source, "%s.name: empty outlet name", prefix);
        goto out;
    }
    rc = queue_name_key(&p, reg, o->name, CC_REGISTRY_MATCH_NAME, false, "name", 0, prefix, err);
    for (size_t i = 0; rc == 0 && i < o->naliases; i++) {
        rc = queue_name_key(&p, reg, o->aliases[i], CC_REGISTRY_MATCH_ALIAS, false, "aliases", i,
                            prefix, err);
    }
    for (size_t i = 0; rc == 0 && i < o->nambiguous; i++) {
        rc = queue_name_key(&p, reg, o->ambiguous_aliases[i], CC_REGISTRY_MATCH_ALIAS, true,
                            "ambiguous_aliases", i, prefix, err);
    }
    for (size_t i = 0; rc == 0 && i < o->ndomains; i++) {
        if (!is_host(o->domains[i], strlen(o->domains[i]))) {
            char quoted[96];
            cc_error_quote(quoted, sizeof(quoted), o->domains[i], strlen(o->domains[i]));
            rc = cc_error_set(err, CC_EPARSE, reg->source,
                              "%s.domains[%zu]: '%s' is not a lowercase host name", prefix, i,
                              quoted);
            break;
        }
        char *key = cc_strdup(o->domains[i]);
        if (!key) {
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            break;
        }
        rc = pending_add(&p, reg, key, CC_REGISTRY_MATCH_DOMAIN, false, "domains", i, o->domains[i],
                         prefix, err);
    }
    for (size_t i = 0; rc == 0 && i < o->nfeeds; i++) {
        struct cc_buf k = CC_BUF_INIT;
        if (cc_buf_addch(&k, FEED_KEY_PREFIX) || cc_buf_adds(&k, o->feeds[i].url)) {
            cc_buf_release(&k);
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            break;
        }
        char *key = cc_buf_detach(&k, NULL);
        if (!key) {
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            break;
        }
        rc = pending_add(&p, reg, key, KIND_FEED, false, "feeds", i, o->feeds[i].url, prefix, err);
    }
    if (rc) {
        goto out;
    }
    /* The name itself listed as ambiguous ("Dawn") marks the name key. */
    {
        struct cc_buf f = CC_BUF_INIT;
        if (fold_text(&f, o->name, strlen(o->name))) {
            cc_buf_release(&f);
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            goto out;
        }
        folded = cc_buf_detach(&f, NULL);
        if (!folded) {
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            goto out;
        }
    }
    if (reg->n == reg->alloc) {
        size_t alloc = reg->alloc;
        void *v = reg->outlets;
        if (cc_array_grow(&v, &alloc, reg->n + 1, sizeof(*reg->outlets))) {
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            goto out;
        }
        reg->outlets = v;
        size_t alloc2 = reg->alloc;
        void *w = reg->folded_names;
        if (cc_array_grow(&w, &alloc2, reg->n + 1, sizeof(*reg->folded_names))) {
            rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
            goto out;
        }
        reg->folded_names = w;
        reg->alloc = CC_MIN(alloc, alloc2);
    }
    if (table_reserve(reg, p.n)) {
        rc = cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
        goto out;
    }
    /* Nothing fails from here on. */
    for (size_t i = 0; i < p.n; i++) {
        struct key_entry e = {p.v[i].key, reg->n, p.v[i].kind, p.v[i].ambiguous};
        table_put(reg->table, reg->table_size, e);
        reg->table_used++;
        p.v[i].key = NULL; /* now owned by the table */
    }
    reg->outlets[reg->n] = *o;
    outlet_init(o); /* now owned by the registry */
    reg->folded_names[reg->n] = folded;
    folded = NULL;
    reg->n++;
out:
    pending_release(&p);
    cc_free(folded);
    outlet_release(o);
    return rc;
}

int cc_registry_add(struct cc_registry *reg, const struct cc_outlet *outlet, struct cc_error *err)
{
    struct cc_outlet copy;
    if (!outlet->name) {
        return cc_error_set(err, CC_EPARSE, reg->source, "outlets[%zu].name: missing", reg->n);
    }
    if (outlet_copy(&copy, outlet)) {
        return cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
    }
    return add_outlet_take(reg, &copy, err);
}

/* ---- JSON loading ------------------------------------------------------------------ */

struct load_ctx {
    const char *subject;
    const char *base_dir;
};

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static int wrong_type(const struct load_ctx *c, const char *path, const char *want, const json_t *v,
                      struct cc_error *err)
{
    return cc_error_set(err, CC_EPARSE, c->subject, "%s: expected %s, got %s", path, want,
                        json_type_name(v));
}

/* Copies a JSON string: at most max bytes, no control characters, NFC,
 * surrounding spaces trimmed, not empty. */
static int get_text(char **out, const struct load_ctx *c, const json_t *v, const char *path,
                    size_t max, struct cc_error *err)
{
    *out = NULL;
    if (!json_is_string(v)) {
        return wrong_type(c, path, "a string", v, err);
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len > max) {
        return cc_error_set(err, CC_ETOOBIG, c->subject,
                            "%s: string of %zu bytes is over the %zu-byte cap", path, len, max);
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7F) {
            return cc_error_set(err, CC_EPARSE, c->subject, "%s: control character in string",
                                path);
        }
    }
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ') {
        len--;
    }
    if (len == 0) {
        return cc_error_set(err, CC_EPARSE, c->subject, "%s: empty string", path);
    }
    struct cc_buf b = CC_BUF_INIT;
    if (cc_utf8_nfc(&b, s, len)) {
        cc_buf_release(&b);
        return cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
    }
    *out = cc_buf_detach(&b, NULL);
    if (!*out) {
        return cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
    }
    return 0;
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != ' ' && s[i] != '\t') {
            return false;
        }
    }
    return true;
}

static int get_text_list(char ***out, size_t *n_out, const struct load_ctx *c, const json_t *v,
                         const char *path, struct cc_error *err)
{
    *out = NULL;
    *n_out = 0;
    if (!json_is_array(v)) {
        return wrong_type(c, path, "an array of strings", v, err);
    }
    size_t n = json_array_size(v);
    if (n > CC_REGISTRY_MAX_LIST) {
        return cc_error_set(err, CC_ETOOBIG, c->subject, "%s: %zu entries, over the cap of %u",
                            path, n, CC_REGISTRY_MAX_LIST);
    }
    if (n == 0) {
        return 0;
    }
    char **list = cc_calloc(n, sizeof(*list));
    if (!list) {
        return cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        char ipath[160];
        snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
        const json_t *item = json_array_get(v, i);
        /* An empty alias or domain names nothing: generated configs carry
         * them (a publisher with no alias), so skip it with a warning
         * rather than refusing the whole registry. */
        if (json_is_string(item) && is_blank(json_string_value(item), json_string_length(item))) {
            cc_log_warn("%s: %s: empty string ignored", c->subject, ipath);
            continue;
        }
        int rc = get_text(&list[kept], c, item, ipath, CC_REGISTRY_MAX_NAME, err);
        if (rc) {
            free_strv(list, n);
            return rc;
        }
        kept++;
    }
    if (kept == 0) {
        cc_free(list);
        return 0;
    }
    *out = list;
    *n_out = kept;
    return 0;
}

/* Normalises a domain entry in place: lowercase, "www." dropped; it must be
 * a bare host. */
static int check_domain(char *d, const struct load_ctx *c, const char *path, struct cc_error *err)
{
    size_t len = strlen(d);
    for (size_t i = 0; i < len; i++) {
        d[i] = ascii_lower(d[i]);
    }
    while (len > 0 && d[len - 1] == '.') {
        d[--len] = '\0';
    }
    if (len > 4 && memcmp(d, "www.", 4) == 0) {
        memmove(d, d + 4, len - 4 + 1);
        len -= 4;
    }
    if (!is_host(d, len)) {
        char quoted[96];
        cc_error_quote(quoted, sizeof(quoted), d, len);
        return cc_error_set(err, CC_EPARSE, c->subject,
                            "%s: '%s' is not a host name like 'example.com' (no scheme, no "
                            "path)",
                            path, quoted);
    }
    return 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    ch = ascii_lower(ch);
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    return -1;
}

/* True when path names a readable regular file; else *why is set. */
static bool readable_file(const char *path, const char **why)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *why = strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = "not a regular file";
        return false;
    }
    if (access(path, R_OK) != 0) {
        *why = strerror(errno);
        return false;
    }
    return true;
}

/* Resolves one feed entry s: an http(s) URL (kept), a file:// URL of a
 * readable file (kept), or a path of a readable file (made absolute against
 * the config's folder). */
static int resolve_feed(struct cc_feed_ref *f, const struct load_ctx *c, const char *s,
                        const char *path, struct cc_error *err)
{
    size_t len = strlen(s);
    char quoted[96];
    cc_error_quote(quoted, sizeof(quoted), s, len);
    struct cc_buf b = CC_BUF_INIT;
    const char *why = NULL;
    int rc = 0;
    size_t i = 0;
    while (i < len &&
           (is_ascii_alnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
        i++;
    }
    bool has_scheme =
        i > 0 && i + 3 <= len && memcmp(s + i, "://", 3) == 0 && !(s[0] >= '0' && s[0] <= '9');
    for (size_t k = 0; k < len; k++) {
        if (s[k] == ' ' || s[k] == '\t') {
            if (has_scheme) {
                return cc_error_set(err, CC_EPARSE, c->subject, "%s: space in feed URL '%s'", path,
                                    quoted);
            }
        }
    }
    if (has_scheme && (ascii_prefix_ci(s, len, "http://") || ascii_prefix_ci(s, len, "https://"))) {
        /* The host as the fetcher and the OPML import read it (a
         * userinfo part such as "http://:x@host/" is not the host). */
        struct cc_buf host = CC_BUF_INIT;
        int hrc = cc_url_host(&host, s, len, NULL);
        cc_buf_release(&host);
        if (hrc == CC_ENOMEM) {
            return cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
        }
        if (hrc != 0) {
            return cc_error_set(err, CC_EPARSE, c->subject, "%s: feed URL '%s' has no host", path,
                                quoted);
        }
        rc = cc_buf_add(&b, s, len);
    } else if (has_scheme && ascii_prefix_ci(s, len, "file://")) {
        const char *p = s + 7;
        if (ascii_prefix_ci(p, strlen(p), "localhost/")) {
            p += 9;
        }
        if (*p != '/') {
            return cc_error_set(err, CC_EPARSE, c->subject,
                                "%s: file URL '%s' must be file:///ABSOLUTE/PATH", path, quoted);
        }
        for (; *p && *p != '?' && *p != '#' && rc == 0; p++) {
            if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
                rc = cc_buf_addch(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
                p += 2;
            } else {
                rc = cc_buf_addch(&b, *p);
            }
        }
        if (rc == 0 && !readable_file(b.buf, &why)) {
            rc = cc_error_set(err, CC_EPARSE, c->subject,
                              "%s: file URL '%s' is not a readable file: %s", path, quoted, why);
            goto out;
        }
        cc_buf_reset(&b);
        if (rc == 0) {
            rc = cc_buf_add(&b, s, len);
        }
    } else if (has_scheme) {
        rc = cc_error_set(err, CC_EPARSE, c->subject,
                          "%s: feed '%s' has unsupported scheme '%.*s' (use http, https, "
                          "file:// or a path)",
                          path, quoted, (int)CC_MIN(i, (size_t)16), s);
        goto out;
    } else {
        if (s[0] != '/') {
            const char *base = c->base_dir ? c->base_dir : ".";
            rc = cc_buf_adds(&b, base);
            if (rc == 0 && b.len > 0 && b.buf[b.len - 1] != '/') {
                rc = cc_buf_addch(&b, '/');
            }
        }
        if (rc == 0) {
            rc = cc_buf_add(&b, s, len);
        }
        if (rc == 0 && !readable_file(b.buf, &why)) {
            char rq[96];
            cc_error_quote(rq, sizeof(rq), b.buf, b.len);
            rc = cc_error_set(err, CC_EPARSE, c->subject,
                              "%s: feed '%s' is neither an http(s) or file:// URL nor a "
                              "readable file ('%s': %s)",
                              path, quoted, rq, why);
            goto out;
        }
    }
    if (rc) {
        rc = cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
        goto out;
    }
    f->url = cc_buf_detach(&b, NULL);
    f->as_written = cc_strdup(s);
    if (!f->url || !f->as_written) {
        rc = cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
    }
out:
    cc_buf_release(&b);
    return rc;
}

static int parse_feed(struct cc_feed_ref *f, const struct load_ctx *c, const json_t *v,
                      const char *path, struct cc_error *err)
{
    char *s = NULL;
    int rc = 0;
    if (json_is_string(v)) {
        rc = get_text(&s, c, v, path, CC_REGISTRY_MAX_URL, err);
    } else if (json_is_object(v)) {
        const char *key;
        json_t *val;
        const json_t *url = NULL;
        json_object_foreach((json_t *)v, key, val)
        {
            char kpath[200];
            snprintf(kpath, sizeof(kpath), "%s.%s", path, key);
            if (strcmp(key, "url") == 0) {
                url = val;
            } else if (strcmp(key, "insecure") == 0) {
                if (!json_is_boolean(val)) {
                    return wrong_type(c, kpath, "true or false", val, err);
                }
                f->insecure = json_is_true(val);
            } else {
                char quoted[96];
                cc_error_quote(quoted, sizeof(quoted), key, strlen(key));
                return cc_error_set(err, CC_EPARSE, c->subject,
                                    "%s: unknown key '%s' (a feed object has 'url' and "
                                    "'insecure')",
                                    path, quoted);
            }
        }
        if (!url) {
            return cc_error_set(err, CC_EPARSE, c->subject, "%s: missing key 'url'", path);
        }
        char upath[200];
        snprintf(upath, sizeof(upath), "%s.url", path);
        rc = get_text(&s, c, url, upath, CC_REGISTRY_MAX_URL, err);
    } else {
        return wrong_type(c, path, "a URL, a path or an object {\"url\": ...}", v, err);
    }
    if (rc == 0) {
        rc = resolve_feed(f, c, s, path, err);
    }
    cc_free(s);
    return rc;
}

static int parse_outlet(struct cc_outlet *o, const struct load_ctx *c, const json_t *obj,
                        size_t idx, struct cc_error *err)
{
    char path[48];
    snprintf(path, sizeof(path), "outlets[%zu]", idx);
    if (!json_is_object(obj)) {
        return wrong_type(c, path, "an object", obj, err);
    }
    const char *key;
    json_t *v;
    int rc = 0;
    json_object_foreach((json_t *)obj, key, v)
    {
        char kpath[160];
        snprintf(kpath, sizeof(kpath), "%s.%s", path, key);
        if (strcmp(key, "name") == 0) {
            rc = get_text(&o->name, c, v, kpath, CC_REGISTRY_MAX_NAME, err);
        } else if (strcmp(key, "aliases") == 0) {
            rc = get_text_list(&o->aliases, &o->naliases, c, v, kpath, err);
        } else if (strcmp(key, "ambiguous_aliases") == 0) {
            rc = get_text_list(&o->ambiguous_aliases, &o->nambiguous, c, v, kpath, err);
        } else if (strcmp(key, "domains") == 0) {
            rc = get_text_list(&o->domains, &o->ndomains, c, v, kpath, err);
            for (size_t i = 0; rc == 0 && i < o->ndomains; i++) {
                char dpath[180];
                snprintf(dpath, sizeof(dpath), "%s[%zu]", kpath, i);
                rc = check_domain(o->domains[i], c, dpath, err);
            }
        } else if (strcmp(key, "feeds") == 0) {
            if (!json_is_array(v)) {
                rc = wrong_type(c, kpath, "an array", v, err);
                break;
            }
            size_t n = json_array_size(v);
            if (n > CC_REGISTRY_MAX_LIST) {
                rc =
                    cc_error_set(err, CC_ETOOBIG, c->subject, "%s: %zu entries, over the cap of %u",
                                 kpath, n, CC_REGISTRY_MAX_LIST);
                break;
            }
            if (n > 0) {
                o->feeds = cc_calloc(n, sizeof(*o->feeds));
                if (!o->feeds) {
                    rc = cc_error_set(err, CC_ENOMEM, c->subject, "out of memory");
                    break;
                }
            }
            for (size_t i = 0; rc == 0 && i < n; i++) {
                char fpath[180];
                snprintf(fpath, sizeof(fpath), "%s[%zu]", kpath, i);
                o->nfeeds = i + 1;
                rc = parse_feed(&o->feeds[i], c, json_array_get(v, i), fpath, err);
            }
        } else if (strcmp(key, "wire") == 0) {
            if (!json_is_boolean(v)) {
                rc = wrong_type(c, kpath, "true or false", v, err);
            } else {
                o->wire = json_is_true(v);
            }
        } else if (strcmp(key, "credibility") == 0) {
            if (!json_is_number(v)) {
                rc = wrong_type(c, kpath, "a number from 0 to 1", v, err);
            } else {
                double d = json_number_value(v);
                if (!(d >= 0.0 && d <= 1.0)) {
                    rc = cc_error_set(err, CC_EPARSE, c->subject, "%s: %g is outside 0..1", kpath,
                                      d);
                } else {
                    o->credibility = d;
                    o->credibility_set = true;
                }
            }
        } else if (strcmp(key, "group") == 0) {
            rc = get_text(&o->group, c, v, kpath, CC_REGISTRY_MAX_NAME, err);
        } else if (strcmp(key, "notes") == 0) {
            rc = get_text(&o->notes, c, v, kpath, CC_REGISTRY_MAX_URL, err);
        } else {
            char quoted[96];
            cc_error_quote(quoted, sizeof(quoted), key, strlen(key));
            rc = cc_error_set(err, CC_EPARSE, c->subject,
                              "%s: unknown key '%s' (known: name, aliases, ambiguous_aliases, "
                              "domains, feeds, wire, credibility, group, notes)",
                              path, quoted);
        }
        if (rc) {
            break;
        }
    }
    if (rc == 0 && !o->name) {
        rc = cc_error_set(err, CC_EPARSE, c->subject, "%s: missing key 'name'", path);
    }
    return rc;
}

static char *abs_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct cc_buf b = CC_BUF_INIT;
    int rc = 0;
    if (path[0] != '/') {
        char *cwd = current_dir();
        if (!cwd) {
            return NULL;
        }
        rc = cc_buf_adds(&b, cwd);
        cc_free(cwd);
        if (rc == 0 && slash) {
            rc = cc_buf_addch(&b, '/');
        }
    }
    if (rc == 0 && slash) {
        size_t n = (size_t)(slash - path);
        rc = cc_buf_add(&b, path, n == 0 && path[0] == '/' ? 1 : n);
    }
    if (rc) {
        cc_buf_release(&b);
        return NULL;
    }
    return cc_buf_detach(&b, NULL);
}

int cc_registry_parse(struct cc_registry **out, const char *json, size_t len, const char *subject,
                      const char *base_dir, struct cc_error *err)
{
    *out = NULL;
    if (!subject) {
        subject = "(registry)";
    }
    if (len > CC_REGISTRY_MAX_FILE) {
        return cc_error_set(err, CC_ETOOBIG, subject,
                            "registry of %zu bytes is over the %u-byte cap", len,
                            CC_REGISTRY_MAX_FILE);
    }
    struct cc_registry *reg = NULL;
    json_t *root = NULL;
    struct load_ctx c = {subject, NULL};
    json_error_t jerr;
    int rc = cc_registry_new(&reg, subject, base_dir, err);
    if (rc) {
        goto out;
    }
    c.base_dir = reg->base_dir;
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        rc = cc_error_set_at(err, CC_EPARSE, subject, jerr.line, jerr.column,
                             "line %d, column %d: invalid JSON: %s", jerr.line, jerr.column,
                             jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = cc_error_set(err, CC_EPARSE, subject,
                          "expected an object {\"outlets\": [...]}, got %s", json_type_name(root));
        goto out;
    }
    const char *key;
    json_t *v;
    const json_t *outlets = NULL;
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "outlets") == 0) {
            outlets = v;
        } else {
            char quoted[96];
            cc_error_quote(quoted, sizeof(quoted), key, strlen(key));
            rc = cc_error_set(err, CC_EPARSE, subject,
                              "unknown top-level key '%s' (only "
                              "'outlets')",
                              quoted);
            goto out;
        }
    }
    if (!outlets) {
        rc = cc_error_set(err, CC_EPARSE, subject, "missing key 'outlets'");
        goto out;
    }
    if (!json_is_array(outlets)) {
        rc = wrong_type(&c, "outlets", "an array", outlets, err);
        goto out;
    }
    size_t n = json_array_size(outlets);
    if (n > CC_REGISTRY_MAX_OUTLETS) {
        rc = cc_error_set(err, CC_ETOOBIG, subject, "outlets: %zu outlets, over the cap of %u", n,
                          CC_REGISTRY_MAX_OUTLETS);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct cc_outlet o;
        outlet_init(&o);
        rc = parse_outlet(&o, &c, json_array_get(outlets, i), i, err);
        if (rc) {
            outlet_release(&o);
            goto out;
        }
        rc = add_outlet_take(reg, &o, err);
        if (rc) {
            goto out;
        }
    }
out:
    json_decref(root);
    if (rc) {
        cc_registry_free(reg);
        return rc;
    }
    *out = reg;
    return 0;
}

static int read_file(struct cc_buf *out, const char *path, struct cc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return cc_error_set(err, CC_EIO, path, "cannot open: %s", strerror(errno));
    }
    cc_buf_init(out, CC_REGISTRY_MAX_FILE);
    char chunk[65536];
    int rc = 0;
    for (;;) {
        size_t n = fread(chunk, 1, sizeof(chunk), f);
        if (n > 0) {
            rc = cc_buf_add(out, chunk, n);
            if (rc == CC_ETOOBIG) {
                rc = cc_error_set(err, CC_ETOOBIG, path, "registry is over the %u-byte cap",
                                  CC_REGISTRY_MAX_FILE);
                break;
            }
            if (rc) {
                rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
                break;
            }
        }
        if (n < sizeof(chunk)) {
            if (ferror(f)) {
                rc = cc_error_set(err, CC_EIO, path, "cannot read: %s", strerror(errno));
            }
            break;
        }
    }
    fclose(f);
    if (rc) {
        cc_buf_release(out);
    }
    return rc;
}

int cc_registry_load(struct cc_registry **out, const char *path, struct cc_error *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        return cc_error_set(err, CC_EIO, path, "is a directory, not a registry file");
    }
    struct cc_buf data = CC_BUF_INIT;
    int rc = read_file(&data, path, err);
    if (rc) {
        return rc;
    }
    char *dir = abs_dir_of(path);
    if (!dir) {
        cc_buf_release(&data);
        return cc_error_set(err, CC_ENOMEM, path, "out of memory");
    }
    rc = cc_registry_parse(out, data.buf, data.len, path, dir, err);
    cc_free(dir);
    cc_buf_release(&data);
    return rc;
}

int cc_registry_builtin(struct cc_registry **out, struct cc_error *err)
{
    return cc_registry_parse(out, (const char *)cc_outlets_builtin_json,
                             cc_outlets_builtin_json_len, BUILTIN_SOURCE, NULL, err);
}

/* Loads dir/rel when it exists: 1 = not there, 0 = loaded, < 0 = error. */
static int try_load(struct cc_registry **out, const char *dir, const char *rel,
                    struct cc_error *err)
{
    struct cc_buf p = CC_BUF_INIT;
    if (cc_buf_adds(&p, dir) || cc_buf_addch(&p, '/') || cc_buf_adds(&p, rel)) {
        cc_buf_release(&p);
        return cc_error_set(err, CC_ENOMEM, dir, "out of memory");
    }
    struct stat st;
    int rc = 1;
    if (stat(p.buf, &st) == 0) {
        rc = cc_registry_load(out, p.buf, err);
    }
    cc_buf_release(&p);
    return rc;
}

int cc_registry_open_default(struct cc_registry **out, const char *explicit_path,
                             struct cc_error *err)
{
    *out = NULL;
    if (explicit_path) {
        return cc_registry_load(out, explicit_path, err);
    }
    const char *env = getenv("CREDCHECK_CONFIG");
    if (env && env[0]) {
        return cc_registry_load(out, env, err);
    }
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int rc = 1;
    /* XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/') {
        rc = try_load(out, xdg, "credcheck/outlets.json", err);
    } else if (home && home[0]) {
        rc = try_load(out, home, ".config/credcheck/outlets.json", err);
    }
    if (rc <= 0) {
        return rc;
    }
    const char *datadir = getenv("CREDCHECK_DATADIR");
    if (!datadir || !datadir[0]) {
        datadir = CC_DATADIR;
    }
    rc = try_load(out, datadir, "outlets.json", err);
    if (rc <= 0) {
        return rc;
    }
    return cc_registry_builtin(out, err);
}

/* ---- resolution -------------------------------------------------------------------- */

const struct cc_outlet *cc_registry_find_name(const struct cc_registry *reg, const char *name)
{
    struct cc_buf f = CC_BUF_INIT;
    const struct cc_outlet *found = NULL;
    if (fold_text(&f, name, strlen(name)) == 0) {
        for (size_t i = 0; i < reg->n; i++) {
            if (strcmp(reg->folded_names[i], f.buf) == 0) {
                found = &reg->outlets[i];
                break;
            }
        }
    }
    cc_buf_release(&f);
    return found;
}

/* Longest registered suffix of host h (already lowercase, no www.). */
static const struct key_entry *domain_lookup(const struct cc_registry *reg, const char *h,
                                             size_t len, bool *exact)
{
    *exact = true;
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || h[i - 1] == '.') {
            const char *s = h + i;
            size_t sl = len - i;
            if (!memchr(s, '.', sl)) {
                break;
            }
            const struct key_entry *e = table_find(reg, s, sl);
            if (e && e->kind == CC_REGISTRY_MATCH_DOMAIN) {
                return e;
            }
            *exact = false;
        }
    }
    return NULL;
}

const struct cc_outlet *cc_registry_find_domain(const struct cc_registry *reg, const char *url)
{
    size_t len = strlen(url);
    if (len == 0 || len > CC_REGISTRY_MAX_URL) {
        return NULL;
    }
    struct cc_buf low = CC_BUF_INIT;
    struct cc_buf host = CC_BUF_INIT;
    const struct cc_outlet *found = NULL;
    bool pathful;
    bool exact;
    if (cc_buf_add(&low, url, len) == 0) {
        for (size_t i = 0; i < low.len; i++) {
            low.buf[i] = ascii_lower(low.buf[i]);
        }
        cc_buf_trim(&low);
        if (extract_host(&host, low.buf, low.len, &pathful)) {
            const struct key_entry *e = domain_lookup(reg, host.buf, host.len, &exact);
            if (e) {
                found = &reg->outlets[e->outlet];
            }
        }
    }
    cc_buf_release(&low);
    cc_buf_release(&host);
    return found;
}

struct token {
    size_t off, len;
};

#define MAX_TOKENS 64

/* Words that follow an outlet name in prose ("Reuters reported"), removed
 * from the end when the whole text does not match. */
static const char *const trailing_words[] = {
    "reported",  "reports", "report", "reporting", "reporter", "said",   "says",
    "quoted",    "wrote",   "writes", "added",     "noted",    "stated", "claimed",
    "newspaper", "paper",   "daily",  "website",   "site",     "story",  "article",
    "coverage",  "agency",  "cited",  "citing",
};

static bool token_is(const char *f, const struct token *t, const char *word)
{
    size_t n = strlen(word);
    return t->len == n && memcmp(f + t->off, word, n) == 0;
}

static bool is_trailing_word(const char *f, const struct token *t)
{
    for (size_t i = 0; i < CC_ARRAY_LEN(trailing_words); i++) {
        if (token_is(f, t, trailing_words[i])) {
            return true;
        }
    }
    return false;
}

/* Splits folded text into words of letters, digits and inner apostrophes. */
static size_t tokenize(struct token *tok, size_t max, const char *f, size_t len)
{
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t w = cc_utf8_decode(&cp, f + i, len - i);
        bool word = cp >= 0 && (cc_utf8_is_letter(cp) || cc_utf8_is_digit(cp));
        if (!word) {
            i += w;
            continue;
        }
        size_t start = i;
        size_t end = i;
        while (i < len) {
            w = cc_utf8_decode(&cp, f + i, len - i);
            if (cp >= 0 && (cc_utf8_is_letter(cp) || cc_utf8_is_digit(cp))) {
                i += w;
                end = i;
            } else if (cp == '\'') {
                i += w;
            } else {
                break;
            }
        }
        if (n == max) {
            return max + 1;
        }
        /* Keep a possessive "'s" or a final apostrophe inside the token. */
        if (end < len && f[end] == '\'') {
            end++;
        }
        tok[n].off = start;
        tok[n].len = end - start;
        n++;
    }
    return n;
}

/* Builds the key of tokens [a, b); drop_possessive removes a final "'s". */
static int key_of(struct cc_buf *k, const char *f, const struct token *tok, size_t a, size_t b,
                  bool drop_possessive)
{
    cc_buf_reset(k);
    for (size_t t = a; t < b; t++) {
        size_t len = tok[t].len;
        const char *s = f + tok[t].off;
        if (t + 1 == b && drop_possessive) {
            if (len >= 2 && s[len - 2] == '\'' && s[len - 1] == 's') {
                len -= 2;
            }
        }
        for (size_t i = 0; i < len; i++) {
            if (s[i] != '\'') {
                int rc = cc_buf_addch(k, s[i]);
                if (rc) {
                    return rc;
                }
            }
        }
    }
    return 0;
}

static bool has_possessive(const char *f, const struct token *t)
{
    return t->len >= 3 && f[t->off + t->len - 2] == '\'' && f[t->off + t->len - 1] == 's';
}

static void fill_match(struct cc_registry_match *out, const struct cc_registry *reg,
                       const struct key_entry *e, bool exact)
{
    out->outlet = &reg->outlets[e->outlet];
    out->kind = e->kind;
    out->ambiguous = e->ambiguous;
    out->exact = exact;
}

/* Tries f (folded) as a host or URL, spaces removed. */
static bool match_domain(struct cc_registry_match *out, const struct cc_registry *reg,
                         const char *f, size_t len)
{
    struct cc_buf t = CC_BUF_INIT;
    struct cc_buf host = CC_BUF_INIT;
    bool ok = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)f[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (cc_buf_addch(&t, (char)c)) {
            goto out;
        }
    }
    /* Brackets, bullets and sentence punctuation around a domain. */
    size_t a = 0;
    size_t b = t.len;
    while (a < b && (unsigned char)t.buf[a] < 0x80 && !is_ascii_alnum((unsigned char)t.buf[a])) {
        a++;
    }
    while (b > a && (unsigned char)t.buf[b - 1] < 0x80 &&
           !is_ascii_alnum((unsigned char)t.buf[b - 1]) && t.buf[b - 1] != '/') {
        b--;
    }
    bool pathful;
    if (!extract_host(&host, t.buf + a, b - a, &pathful)) {
        goto out;
    }
    bool exact;
    const struct key_entry *e = domain_lookup(reg, host.buf, host.len, &exact);
    if (e) {
        fill_match(out, reg, e, exact && !pathful);
        ok = true;
    }
out:
    cc_buf_release(&t);
    cc_buf_release(&host);
    return ok;
}

static bool match_words(struct cc_registry_match *out, const struct cc_registry *reg, const char *f,
                        size_t len)
{
    struct token tok[MAX_TOKENS];
    size_t n = tokenize(tok, MAX_TOKENS, f, len);
    if (n == 0 || n > MAX_TOKENS) {
        return false;
    }
    struct cc_buf k = CC_BUF_INIT;
    bool ok = false;
    size_t starts[2] = {0, 0};
    size_t nstarts = 1;
    if (n > 1 && token_is(f, &tok[0], "the")) {
        starts[nstarts++] = 1;
    }
    /* At most three trailing words dropped: "Reuters news agency reported". */
    for (size_t drop = 0; drop <= 3 && !ok; drop++) {
        if (drop > 0 && (n - drop + 1 < 2 || !is_trailing_word(f, &tok[n - drop]))) {
            break;
        }
        size_t end = n - drop;
        for (size_t si = 0; si < nstarts && !ok; si++) {
            size_t a = starts[si];
            if (a >= end) {
                continue;
            }
            for (int mode = 0; mode < 2 && !ok; mode++) {
                if (mode == 1 && !has_possessive(f, &tok[end - 1])) {
                    continue;
                }
                if (key_of(&k, f, tok, a, end, mode == 1) || k.len == 0) {
                    continue;
                }
                const struct key_entry *e = table_find(reg, k.buf, k.len);
                if (e && e->kind != KIND_FEED && e->kind != CC_REGISTRY_MATCH_DOMAIN) {
                    fill_match(out, reg, e, drop == 0 && a == 0 && mode == 0);
                    ok = true;
                }
            }
        }
    }
    cc_buf_release(&k);
    return ok;
}

bool cc_registry_match(struct cc_registry_match *out, const struct cc_registry *reg,
                       const char *text, size_t len)
{
    memset(out, 0, sizeof(*out));
    if (!text || len == 0 || len > CC_REGISTRY_MAX_QUERY || reg->n == 0) {
        return false;
    }
    struct cc_buf f = CC_BUF_INIT;
    bool ok = false;
    if (fold_text(&f, text, len) == 0) {
        if (memchr(f.buf, '.', f.len)) {
            ok = match_domain(out, reg, f.buf, f.len);
        }
        if (!ok) {
            ok = match_words(out, reg, f.buf, f.len);
        }
    }
    cc_buf_release(&f);
    if (!ok) {
        memset(out, 0, sizeof(*out));
    }
    return ok;
}

const struct cc_outlet *cc_registry_resolve(const struct cc_registry *reg, const char *text,
                                            size_t len)
{
    struct cc_registry_match m;
    cc_registry_match(&m, reg, text, len);
    return m.outlet;
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool cc_registry_match_prefix(struct cc_registry_match *out, size_t *matched_len,
                              const struct cc_registry *reg, const char *text, size_t len)
{
    memset(out, 0, sizeof(*out));
    *matched_len = 0;
    size_t ends[CC_REGISTRY_MAX_WORDS];
    size_t nw = 0;
    size_t i = 0;
    while (i < len && is_space_byte(text[i])) {
        i++;
    }
    size_t start = i;
    while (i < len && nw < CC_REGISTRY_MAX_WORDS && i - start <= CC_REGISTRY_MAX_QUERY) {
        while (i < len && !is_space_byte(text[i])) {
            i++;
        }
        ends[nw++] = i;
        while (i < len && is_space_byte(text[i])) {
            i++;
        }
    }
    for (size_t w = nw; w > 0; w--) {
        size_t end = ends[w - 1];
        if (cc_registry_match(out, reg, text + start, end - start)) {
            /* Leave out closing brackets and punctuation after the name. */
            while (end > start && (unsigned char)text[end - 1] < 0x80 &&
                   !is_ascii_alnum((unsigned char)text[end - 1]) && text[end - 1] != '\'') {
                end--;
            }
            *matched_len = end;
            return true;
        }
    }
    memset(out, 0, sizeof(*out));
    return false;
}

/* ---- merging ---------------------------------------------------------------------- */

static int strv_push(char ***v, size_t *n, const char *s)
{
    char *copy = cc_strdup(s);
    if (!copy) {
        return CC_ENOMEM;
    }
    size_t alloc = *n;
    void *p = *v;
    if (cc_array_grow(&p, &alloc, *n + 1, sizeof(**v))) {
        cc_free(copy);
        return CC_ENOMEM;
    }
    *v = p;
    (*v)[(*n)++] = copy;
    return 0;
}

static bool key_taken(const struct cc_registry *reg, const char *s, bool as_name)
{
    struct cc_buf k = CC_BUF_INIT;
    bool taken = true;
    int rc = as_name ? name_key(&k, s, strlen(s)) : cc_buf_adds(&k, s);
    if (rc == 0 && k.len > 0) {
        taken = table_find(reg, k.buf, k.len) != NULL;
    }
    cc_buf_release(&k);
    return taken;
}

static bool feed_taken(const struct cc_registry *reg, const char *url)
{
    struct cc_buf k = CC_BUF_INIT;
    bool taken = true;
    if (cc_buf_addch(&k, FEED_KEY_PREFIX) == 0 && cc_buf_adds(&k, url) == 0) {
        taken = table_find(reg, k.buf, k.len) != NULL;
    }
    cc_buf_release(&k);
    return taken;
}

int cc_registry_merge(struct cc_registry *reg, const struct cc_outlet *outlet, bool *merged_out,
                      struct cc_error *err)
{
    if (merged_out) {
        *merged_out = false;
    }
    const struct key_entry *target = NULL;
    bool exact;
    for (size_t i = 0; !target && i < outlet->nfeeds; i++) {
        struct cc_buf k = CC_BUF_INIT;
        if (cc_buf_addch(&k, FEED_KEY_PREFIX) == 0 && cc_buf_adds(&k, outlet->feeds[i].url) == 0) {
            target = table_find(reg, k.buf, k.len);
        }
        cc_buf_release(&k);
    }
    for (size_t i = 0; !target && i < outlet->ndomains; i++) {
        target = domain_lookup(reg, outlet->domains[i], strlen(outlet->domains[i]), &exact);
    }
    if (!target && outlet->name) {
        struct cc_buf k = CC_BUF_INIT;
        if (name_key(&k, outlet->name, strlen(outlet->name)) == 0 && k.len > 0) {
            const struct key_entry *e = table_find(reg, k.buf, k.len);
            if (e && (e->kind == CC_REGISTRY_MATCH_NAME || e->kind == CC_REGISTRY_MATCH_ALIAS)) {
                target = e;
            }
        }
        cc_buf_release(&k);
    }
    if (!target) {
        return cc_registry_add(reg, outlet, err);
    }
    size_t ti = target->outlet;
    /* Collect what the target lacks in `add`, queue the new keys, reserve
     * everything, then splice the additions onto the target. */
    struct cc_outlet add;
    outlet_init(&add);
    int rc = 0;
    add.name = cc_strdup(reg->outlets[ti].name);
    if (!add.name) {
        rc = CC_ENOMEM;
        goto out;
    }
    /* The name of what is merged is not made an alias: from OPML it is a
     * feed title ("Dawn - Business"), not a name the outlet goes by. */
    for (size_t i = 0; rc == 0 && i < outlet->naliases; i++) {
        if (!key_taken(reg, outlet->aliases[i], true)) {
            rc = strv_push(&add.aliases, &add.naliases, outlet->aliases[i]);
        }
    }
    for (size_t i = 0; rc == 0 && i < outlet->ndomains; i++) {
        const struct key_entry *e =
            domain_lookup(reg, outlet->domains[i], strlen(outlet->domains[i]), &exact);
        if (!e && is_host(outlet->domains[i], strlen(outlet->domains[i]))) {
            rc = strv_push(&add.domains, &add.ndomains, outlet->domains[i]);
        }
    }
    for (size_t i = 0; rc == 0 && i < outlet->nfeeds; i++) {
        if (!feed_taken(reg, outlet->feeds[i].url)) {
            size_t alloc = add.nfeeds;
            void *p = add.feeds;
            if (cc_array_grow(&p, &alloc, add.nfeeds + 1, sizeof(*add.feeds))) {
                rc = CC_ENOMEM;
                break;
            }
            add.feeds = p;
            struct cc_feed_ref *f = &add.feeds[add.nfeeds];
            memset(f, 0, sizeof(*f));
            add.nfeeds++;
            f->insecure = outlet->feeds[i].insecure;
            f->url = cc_strdup(outlet->feeds[i].url);
            f->as_written = cc_strdup(outlet->feeds[i].as_written ? outlet->feeds[i].as_written
                                                                  : outlet->feeds[i].url);
            if (!f->url || !f->as_written) {
                rc = CC_ENOMEM;
            }
        }
    }
    if (rc) {
        goto out;
    }
    {
        struct cc_outlet *t = &reg->outlets[ti];
        struct pending p = {NULL, 0, 0};
        char prefix[48];
        snprintf(prefix, sizeof(prefix), "outlets[%zu]", ti);
        for (size_t i = 0; rc == 0 && i < add.naliases; i++) {
            rc = queue_name_key(&p, reg, add.aliases[i], CC_REGISTRY_MATCH_ALIAS, false, "aliases",
                                t->naliases + i, prefix, err);
        }
        for (size_t i = 0; rc == 0 && i < add.ndomains; i++) {
            char *key = cc_strdup(add.domains[i]);
            rc = key ? pending_add(&p, reg, key, CC_REGISTRY_MATCH_DOMAIN, false, "domains",
                                   t->ndomains + i, add.domains[i], prefix, err)
                     : CC_ENOMEM;
        }
        for (size_t i = 0; rc == 0 && i < add.nfeeds; i++) {
            struct cc_buf k = CC_BUF_INIT;
            if (cc_buf_addch(&k, FEED_KEY_PREFIX) || cc_buf_adds(&k, add.feeds[i].url)) {
                cc_buf_release(&k);
                rc = CC_ENOMEM;
                break;
            }
            char *key = cc_buf_detach(&k, NULL);
            rc = key ? pending_add(&p, reg, key, KIND_FEED, false, "feeds", t->nfeeds + i,
                                   add.feeds[i].url, prefix, err)
                     : CC_ENOMEM;
        }
        size_t na = t->naliases + add.naliases;
        size_t nd = t->ndomains + add.ndomains;
        size_t nf = t->nfeeds + add.nfeeds;
        if (rc == 0 &&
            (na > CC_REGISTRY_MAX_LIST || nd > CC_REGISTRY_MAX_LIST || nf > CC_REGISTRY_MAX_LIST)) {
            rc = cc_error_set(err, CC_ETOOBIG, reg->source,
                              "%s: merging would pass the cap of %u entries", prefix,
                              CC_REGISTRY_MAX_LIST);
        }
        char **aliases = NULL;
        char **domains = NULL;
        struct cc_feed_ref *feeds = NULL;
        if (rc == 0 && add.naliases) {
            aliases = cc_calloc(na, sizeof(*aliases));
            rc = aliases ? 0 : CC_ENOMEM;
        }
        if (rc == 0 && add.ndomains) {
            domains = cc_calloc(nd, sizeof(*domains));
            rc = domains ? 0 : CC_ENOMEM;
        }
        if (rc == 0 && add.nfeeds) {
            feeds = cc_calloc(nf, sizeof(*feeds));
            rc = feeds ? 0 : CC_ENOMEM;
        }
        if (rc == 0 && table_reserve(reg, p.n)) {
            rc = CC_ENOMEM;
        }
        if (rc) {
            cc_free(aliases);
            cc_free(domains);
            cc_free(feeds);
            pending_release(&p);
            goto out;
        }
        /* Nothing fails from here on. */
        for (size_t i = 0; i < p.n; i++) {
            struct key_entry e = {p.v[i].key, ti, p.v[i].kind, p.v[i].ambiguous};
            table_put(reg->table, reg->table_size, e);
            reg->table_used++;
            p.v[i].key = NULL; /* now owned by the table */
        }
        pending_release(&p);
        if (aliases) {
            if (t->naliases) {
                memcpy(aliases, t->aliases, t->naliases * sizeof(*aliases));
            }
            memcpy(aliases + t->naliases, add.aliases, add.naliases * sizeof(*aliases));
            cc_free(t->aliases);
            t->aliases = aliases;
            t->naliases = na;
            add.naliases = 0; /* the strings now belong to t */
        }
        if (domains) {
            if (t->ndomains) {
                memcpy(domains, t->domains, t->ndomains * sizeof(*domains));
            }
            memcpy(domains + t->ndomains, add.domains, add.ndomains * sizeof(*domains));
            cc_free(t->domains);
            t->domains = domains;
            t->ndomains = nd;
            add.ndomains = 0;
        }
        if (feeds) {
            if (t->nfeeds) {
                memcpy(feeds, t->feeds, t->nfeeds * sizeof(*feeds));
            }
            memcpy(feeds + t->nfeeds, add.feeds, add.nfeeds * sizeof(*feeds));
            cc_free(t->feeds);
            t->feeds = feeds;
            t->nfeeds = nf;
            add.nfeeds = 0;
        }
        if (merged_out) {
            *merged_out = true;
        }
    }
out:
    outlet_release(&add);
    if (rc == CC_ENOMEM) {
        return cc_error_set(err, CC_ENOMEM, reg->source, "out of memory");
    }
    return rc;
}

/* ---- writing ------------------------------------------------------------------------ */

static int put_json_str(struct cc_buf *b, const char *s)
{
    int rc = cc_buf_addch(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; rc == 0 && *p; p++) {
        if (*p == '"' || *p == '\\') {
            rc = cc_buf_addch(b, '\\');
            if (rc == 0) {
                rc = cc_buf_addch(b, (char)*p);
            }
        } else if (*p < 0x20 || *p == 0x7F) {
            rc = cc_buf_addf(b, "\\u%04x", *p);
        } else {
            rc = cc_buf_addch(b, (char)*p);
        }
    }
    if (rc == 0) {
        rc = cc_buf_addch(b, '"');
    }
    return rc;
}

static int put_str_list(struct cc_buf *b, char *const *v, size_t n)
{
    int rc = cc_buf_addch(b, '[');
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0) {
            rc = cc_buf_adds(b, ", ");
        }
        if (rc == 0) {
            rc = put_json_str(b, v[i]);
        }
    }
    if (rc == 0) {
        rc = cc_buf_addch(b, ']');
    }
    return rc;
}

/* The shortest decimal form of d that reads back as d. */
static int put_double(struct cc_buf *b, double d)
{
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        int n = snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        double back;
        if (n > 0 && (size_t)n < sizeof(tmp) && cc_parse_double(&back, tmp, (size_t)n) == 0 &&
            back == d) {
            break;
        }
    }
    return cc_buf_adds(b, tmp);
}

static bool same_dir(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    while (la > 1 && a[la - 1] == '/') {
        la--;
    }
    while (lb > 1 && b[lb - 1] == '/') {
        lb--;
    }
    return la == lb && memcmp(a, b, la) == 0;
}

static int put_feed(struct cc_buf *b, const struct cc_feed_ref *f, const char *shown, bool full)
{
    int rc = 0;
    if (f->insecure || full) {
        rc = cc_buf_adds(b, "{\"url\": ");
        if (rc == 0) {
            rc = put_json_str(b, shown);
        }
        if (rc == 0) {
            rc = cc_buf_addf(b, ", \"insecure\": %s}", f->insecure ? "true" : "false");
        }
    } else {
        rc = put_json_str(b, shown);
    }
    return rc;
}

int cc_registry_write_json(struct cc_buf *out, const struct cc_registry *reg, const char *out_dir,
                           struct cc_error *err)
{
    bool relative_ok = out_dir && same_dir(out_dir, reg->base_dir);
    int rc = cc_buf_adds(out, "{\"outlets\": [\n");
    for (size_t i = 0; rc == 0 && i < reg->n; i++) {
        const struct cc_outlet *o = &reg->outlets[i];
        rc = cc_buf_adds(out, "  {\"name\": ");
        if (rc == 0) {
            rc = put_json_str(out, o->name);
        }
        if (rc == 0 && o->naliases) {
            rc = cc_buf_adds(out, ",\n   \"aliases\": ");
            if (rc == 0) {
                rc = put_str_list(out, o->aliases, o->naliases);
            }
        }
        if (rc == 0 && o->nambiguous) {
            rc = cc_buf_adds(out, ",\n   \"ambiguous_aliases\": ");
            if (rc == 0) {
                rc = put_str_list(out, o->ambiguous_aliases, o->nambiguous);
            }
        }
        if (rc == 0 && o->ndomains) {
            rc = cc_buf_adds(out, ",\n   \"domains\": ");
            if (rc == 0) {
                rc = put_str_list(out, o->domains, o->ndomains);
            }
        }
        if (rc == 0 && o->nfeeds) {
            rc = cc_buf_adds(out, ",\n   \"feeds\": [");
            for (size_t j = 0; rc == 0 && j < o->nfeeds; j++) {
                const struct cc_feed_ref *f = &o->feeds[j];
                const char *shown = relative_ok && f->as_written ? f->as_written : f->url;
                rc = cc_buf_adds(out, j ? ",\n             " : "");
                if (rc == 0) {
                    rc = put_feed(out, f, shown, false);
                }
            }
            if (rc == 0) {
                rc = cc_buf_addch(out, ']');
            }
        }
        if (rc == 0 && o->wire) {
            rc = cc_buf_adds(out, ",\n   \"wire\": true");
        }
        if (rc == 0 && o->credibility_set) {
            rc = cc_buf_adds(out, ",\n   \"credibility\": ");
            if (rc == 0) {
                rc = put_double(out, o->credibility);
            }
        }
        if (rc == 0 && o->group) {
            rc = cc_buf_adds(out, ",\n   \"group\": ");
            if (rc == 0) {
                rc = put_json_str(out, o->group);
            }
        }
        if (rc == 0 && o->notes) {
            rc = cc_buf_adds(out, ",\n   \"notes\": ");
            if (rc == 0) {
                rc = put_json_str(out, o->notes);
            }
        }
        if (rc == 0) {
            rc = cc_buf_adds(out, i + 1 < reg->n ? "},\n" : "}\n");
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, "]}\n");
    }
    if (rc) {
        return cc_error_set(err, rc, reg->source, "%s", cc_status_str(rc));
    }
    return 0;
}

int cc_outlet_write_json(struct cc_buf *out, const struct cc_outlet *o, struct cc_error *err)
{
    int rc = cc_buf_adds(out, "{\n  \"name\": ");
    if (rc == 0) {
        rc = put_json_str(out, o->name);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"aliases\": ");
    }
    if (rc == 0) {
        rc = put_str_list(out, o->aliases, o->naliases);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"ambiguous_aliases\": ");
    }
    if (rc == 0) {
        rc = put_str_list(out, o->ambiguous_aliases, o->nambiguous);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"domains\": ");
    }
    if (rc == 0) {
        rc = put_str_list(out, o->domains, o->ndomains);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"feeds\": [");
    }
    for (size_t j = 0; rc == 0 && j < o->nfeeds; j++) {
        rc = cc_buf_adds(out, j ? ",\n    " : "\n    ");
        if (rc == 0) {
            rc = put_feed(out, &o->feeds[j], o->feeds[j].url, true);
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, o->nfeeds ? "\n  ]" : "]");
    }
    if (rc == 0) {
        rc =
            cc_buf_addf(out, ",\n  \"wire\": %s,\n  \"credibility\": ", o->wire ? "true" : "false");
    }
    if (rc == 0) {
        rc = put_double(out, o->credibility);
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"group\": ");
    }
    if (rc == 0) {
        rc = o->group ? put_json_str(out, o->group) : cc_buf_adds(out, "null");
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, ",\n  \"notes\": ");
    }
    if (rc == 0) {
        rc = o->notes ? put_json_str(out, o->notes) : cc_buf_adds(out, "null");
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, "\n}\n");
    }
    if (rc) {
        return cc_error_set(err, rc, o->name, "%s", cc_status_str(rc));
    }
    return 0;
}
