#include "core/common.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/isort.h"
#include "core/syndication.h"
#include "core/utf8.h"

#include "core/banned.h"

/* Folded words of a text: ASCII letters lower-cased, other bytes of
 * multibyte characters kept, everything else a separator. */
struct words {
    const char *p[512]; /* start of each word in the folded buffer */
    size_t len[512];
    size_t n;
    struct cc_buf fold;
};

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static void split_words(struct words *w, const char *text, size_t len)
{
    w->n = 0;
    cc_buf_reset(&w->fold);
    if (cc_utf8_is_valid(text, len) && cc_utf8_casefold(&w->fold, text, len) == 0) {
        text = w->fold.buf;
        len = w->fold.len;
    }
    size_t i = 0;
    while (i < len && w->n < CC_ARRAY_LEN(w->p)) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (!word_byte(c)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len) {
            unsigned char d = (unsigned char)text[j];
            if (d >= 'A' && d <= 'Z') {
                d = (unsigned char)(d - 'A' + 'a');
            }
            if (!word_byte(d)) {
                break;
            }
            j++;
        }
        w->p[w->n] = text + i;
        w->len[w->n] = j - i;
        w->n++;
        i = j;
    }
}

static uint64_t fnv_update(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t shingle_hash(const struct words *w, size_t i)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < 3; k++) {
        h = fnv_update(h, w->p[i + k], w->len[i + k]);
        h = fnv_update(h, " ", 1);
    }
    /* final avalanche (splitmix64) so near shingles spread over all bits */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

/* SimHash of precomputed shingle hashes: bit b is set when more shingles
 * have it set than not. */
static uint64_t simhash_of(const uint64_t *h, size_t n)
{
    /* ones[b]: the shingles with bit b set, counted eight bits per step:
     * byte lane j of lanes[k] counts bit 8j + k, emptied into ones[] before
     * a lane can pass 255 */
    size_t ones[64] = {0};
    size_t i = 0;
    while (i < n) {
        uint64_t lanes[8] = {0};
        size_t end = CC_MIN(n, i + 255);
        for (; i < end; i++) {
            uint64_t x = h[i];
            for (int k = 0; k < 8; k++) {
                lanes[k] += (x >> k) & 0x0101010101010101ull;
            }
        }
        for (int k = 0; k < 8; k++) {
            for (int j = 0; j < 8; j++) {
                ones[8 * j + k] += (size_t)((lanes[k] >> (8 * j)) & 0xFF);
            }
        }
    }
    /* bit b is set when more shingles have it set than not */
    uint64_t out = 0;
    for (int b = 0; b < 64; b++) {
        if (2 * ones[b] > n) {
            out |= 1ull << b;
        }
    }
    return out;
}

/* Sorts h[0..n) and drops repeats; returns the unique count. */
static size_t sort_unique(uint64_t *h, size_t n)
{
    if (n == 0) {
        return 0;
    }
    cc_sort_u64(h, n);
    size_t u = 1;
    for (size_t i = 1; i < n; i++) {
        if (h[i] != h[u - 1]) {
            h[u++] = h[i];
        }
    }
    return u;
}

/* What the near-duplicate test needs of one text, computed once. */
#define SKETCH_BUCKETS 64 /* shingles counted by their hash's top 6 bits */

struct cc_synd_fingerprint {
    uint64_t simhash;
    uint64_t *shingles; /* sorted unique */
    size_t nshingles;   /* unique shingles */
    size_t nraw;        /* shingles before dedupe (the SimHash count) */
    uint64_t words;     /* hash of the folded word sequence (short texts) */
    size_t nwords;
    /* unique shingles per bucket: two sets share at most the sum over the
     * buckets of the smaller count (valid when sketched: no count over 255) */
    uint8_t sketch[SKETCH_BUCKETS];
    bool sketched;
    size_t need; /* the fewest shared shingles passing containment against a
                  * set no smaller than this one (contain_need) */
};

/* The least count c with (double)c / small >= CC_SYND_MIN_CONTAINMENT (the
 * comparison fingerprints_match_count makes). */
static size_t contain_need(size_t small)
{
    size_t need = (size_t)(CC_SYND_MIN_CONTAINMENT * (double)small);
    while (need > 0 && (double)(need - 1) / (double)small >= CC_SYND_MIN_CONTAINMENT) {
        need--;
    }
    while ((double)need / (double)small < CC_SYND_MIN_CONTAINMENT) {
        need++;
    }
    return need;
}

/* Fills fp from w: every shingle is hashed once, for the SimHash and the
 * set alike. */
static int fingerprint_fill(struct cc_synd_fingerprint *fp, const struct words *w)
{
    memset(fp, 0, sizeof(*fp));
    size_t ns = w->n >= 3 ? w->n - 2 : 0;
    fp->shingles = cc_malloc((ns ? ns : 1) * sizeof(*fp->shingles));
    if (!fp->shingles) {
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < ns; i++) {
        fp->shingles[i] = shingle_hash(w, i);
    }
    fp->nraw = ns;
    fp->simhash = simhash_of(fp->shingles, ns);
    fp->nshingles = sort_unique(fp->shingles, ns);
    fp->need = fp->nshingles ? contain_need(fp->nshingles) : 0;
    fp->sketched = true;
    for (size_t i = 0; i < fp->nshingles; i++) {
        uint8_t *c = &fp->sketch[fp->shingles[i] >> 58];
        if (*c == 255) {
            fp->sketched = false;
        } else {
            (*c)++;
        }
    }
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < w->n; i++) {
        h = fnv_update(h, w->p[i], w->len[i]);
        h = fnv_update(h, " ", 1);
    }
    fp->words = h;
    fp->nwords = w->n;
    return 0;
}

static void fingerprint_release(struct cc_synd_fingerprint *fp)
{
    cc_free(fp->shingles);
    fp->shingles = NULL;
}

static int fingerprint_make(struct cc_synd_fingerprint *fp, const char *text, size_t len)
{
    memset(fp, 0, sizeof(*fp));
    /* split_words sets what it reads: no need to clear 8 KB of pointers */
    struct words *w = cc_malloc(sizeof(*w));
    if (!w) {
        return CC_ENOMEM;
    }
    w->n = 0;
    cc_buf_init(&w->fold, 0);
    split_words(w, text, len);
    int rc = fingerprint_fill(fp, w);
    cc_buf_release(&w->fold);
    cc_free(w);
    return rc;
}

int cc_synd_fingerprint_new(struct cc_synd_fingerprint **out, const char *text, size_t len,
                            struct cc_error *err)
{
    *out = NULL;
    struct cc_synd_fingerprint *fp = cc_calloc(1, sizeof(*fp));
    if (!fp || fingerprint_make(fp, text, len) < 0) {
        cc_free(fp);
        return cc_error_set(err, CC_ENOMEM, "syndication", "out of memory");
    }
    *out = fp;
    return 0;
}

void cc_synd_fingerprint_free(struct cc_synd_fingerprint *fp)
{
    if (!fp) {
        return;
    }
    fingerprint_release(fp);
    cc_free(fp);
}

size_t cc_synd_fingerprint_bytes(const struct cc_synd_fingerprint *fp)
{
    return fp ? sizeof(*fp) + (fp->nraw ? fp->nraw : 1) * sizeof(*fp->shingles) : 0;
}

uint64_t cc_synd_simhash(const char *text, size_t len, size_t *nshingles)
{
    struct cc_synd_fingerprint fp;
    if (fingerprint_make(&fp, text, len) < 0) {
        fingerprint_release(&fp);
        if (nshingles) {
            *nshingles = 0;
        }
        return 0;
    }
    if (nshingles) {
        *nshingles = fp.nraw;
    }
    fingerprint_release(&fp);
    return fp.simhash;
}

/* Bits set in x (SWAR: a constant dozen operations, not one per bit). */
static int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* The near-duplicate test of two fingerprints whose texts share `both`
 * unique shingles. */
static bool fingerprints_match_count(const struct cc_synd_fingerprint *a,
                                     const struct cc_synd_fingerprint *b, size_t both)
{
    if (a->nraw >= CC_SYND_MIN_SHINGLES && b->nraw >= CC_SYND_MIN_SHINGLES) {
        if (popcount64(a->simhash ^ b->simhash) <= CC_SYND_MAX_HAMMING) {
            return true;
        }
        size_t small = CC_MIN(a->nshingles, b->nshingles);
        return small > 0 && (double)both / (double)small >= CC_SYND_MIN_CONTAINMENT;
    }
    return a->nwords > 0 && a->nwords == b->nwords && a->words == b->words;
}

/* Unique shingles both sorted sets hold. */
static size_t common_shingles(const struct cc_synd_fingerprint *a,
                              const struct cc_synd_fingerprint *b)
{
    size_t i = 0, j = 0, both = 0;
    while (i < a->nshingles && j < b->nshingles) {
        if (a->shingles[i] < b->shingles[j]) {
            i++;
        } else if (a->shingles[i] > b->shingles[j]) {
            j++;
        } else {
            both++;
            i++;
            j++;
        }
    }
    return both;
}

bool cc_synd_near_duplicate(const char *a, size_t alen, const char *b, size_t blen)
{
    struct words *wa = cc_calloc(1, sizeof(*wa));
    struct words *wb = cc_calloc(1, sizeof(*wb));
    bool dup = false;
    if (!wa || !wb) {
        goto out;
    }
    cc_buf_init(&wa->fold, 0);
    cc_buf_init(&wb->fold, 0);
    split_words(wa, a, alen);
    split_words(wb, b, blen);
    struct cc_synd_fingerprint fa, fb;
    int ra = fingerprint_fill(&fa, wa);
    int rb = fingerprint_fill(&fb, wb);
    if (ra == 0 && rb == 0) {
        if (fa.nraw >= CC_SYND_MIN_SHINGLES && fb.nraw >= CC_SYND_MIN_SHINGLES) {
            dup = fingerprints_match_count(&fa, &fb, common_shingles(&fa, &fb));
        } else if (wa->n == wb->n && wa->n > 0) {
            dup = true;
            for (size_t i = 0; i < wa->n && dup; i++) {
                dup = wa->len[i] == wb->len[i] && memcmp(wa->p[i], wb->p[i], wa->len[i]) == 0;
            }
        }
    }
    fingerprint_release(&fa);
    fingerprint_release(&fb);
out:
    if (wa) {
        cc_buf_release(&wa->fold);
    }
    if (wb) {
        cc_buf_release(&wb->fold);
    }
    cc_free(wa);
    cc_free(wb);
    return dup;
}

/* ---- wire credits --------------------------------------------------------------------------- */

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool iprefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (n > len) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (lower(s[i]) != lower(p[i])) {
            return false;
        }
    }
    return true;
}

/* True when the name at text[i..i+n) is used as a credit. */
static bool credit_context(const char *text, size_t len, size_t i, size_t n)
{
    size_t e = i + n;
    /* (Reuters) and datelines "ISLAMABAD (Reuters) -" */
    if (i > 0 && text[i - 1] == '(' && e < len && text[e] == ')') {
        return true;
    }
    const char *after = text + e;
    size_t alen = len - e;
    if (iprefix(after, alen, " contributed") || iprefix(after, alen, " reported") ||
        iprefix(after, alen, " said in a report") || iprefix(after, alen, "'s reporting")) {
        return true;
    }
    /* "via Reuters", "(c) Reuters", "Copyright Reuters" */
    static const char *const before[] = {"via ", "(c) ", "copyright ", "\xc2\xa9 "};
    for (size_t k = 0; k < CC_ARRAY_LEN(before); k++) {
        size_t bl = strlen(before[k]);
        if (i >= bl && iprefix(text + i - bl, bl, before[k])) {
            return true;
        }
    }
    /* a credit line: "— AP", "- AFP" at the end or before a line break */
    static const char *const dashes[] = {"\xe2\x80\x94 ", "\xe2\x80\x93 ", "- ", "-- "};
    for (size_t k = 0; k < CC_ARRAY_LEN(dashes); k++) {
        size_t dl = strlen(dashes[k]);
        if (i >= dl && memcmp(text + i - dl, dashes[k], dl) == 0) {
            size_t j = e;
            while (j < len && (text[j] == '.' || text[j] == ' ')) {
                j++;
            }
            if (j >= len || text[j] == '\n') {
                return true;
            }
        }
    }
    /* "Reuters -" opening a body, after the dateline */
    if ((i == 0 || text[i - 1] == '\n') &&
        (iprefix(after, alen, " - ") || iprefix(after, alen, " \xe2\x80\x94 "))) {
        return true;
    }
    return false;
}

static bool find_credit(const char *text, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (n < 2 || n > len) {
        return false;
    }
    for (size_t i = 0; i + n <= len; i++) {
        if (!iprefix(text + i, len - i, name)) {
            continue;
        }
        if ((i > 0 && ascii_alnum(text[i - 1])) || (i + n < len && ascii_alnum(text[i + n]))) {
            continue;
        }
        if (credit_context(text, len, i, n)) {
            return true;
        }
    }
    return false;
}

const struct cc_outlet *cc_synd_wire_credit(const struct cc_registry *reg, const char *text,
                                            size_t len)
{
    if (!reg || !text) {
        return NULL;
    }
    size_t n = cc_registry_count(reg);
    for (size_t k = 0; k < n; k++) {
        const struct cc_outlet *o = cc_registry_get(reg, k);
        if (!o->wire) {
            continue;
        }
        if (find_credit(text, len, o->name)) {
            return o;
        }
        for (size_t a = 0; a < o->naliases; a++) {
            if (find_credit(text, len, o->aliases[a])) {
                return o;
            }
        }
    }
    return NULL;
}

/* ---- grouping -----------------------------------------------------------------------------------
 */

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void unite(size_t *parent, size_t a, size_t b)
{
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a != b) {
        parent[a < b ? b : a] = a < b ? a : b;
    }
}

/* Earlier first-seen wins; ties by publication time, then outlet name. */
static bool earlier(const struct cc_synd_item *x, const struct cc_synd_item *y)
{
    if (x->first_seen != y->first_seen) {
        return x->first_seen < y->first_seen;
    }
    if (x->published != y->published) {
        if (x->published == CC_TIME_NONE) {
            return false;
        }
        if (y->published == CC_TIME_NONE) {
            return true;
        }
        return x->published < y->published;
    }
    return strcmp(x->outlet, y->outlet) < 0;
}

struct named {
    const char *s;
    size_t i;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Unites the items whose name (outlet, or media group when groups) is
 * equal; with groups, flags every item sharing its group with another.
 * Sorting by name costs n log n comparisons instead of one per pair. */
static void unite_by_name(size_t *parent, bool *flag, const struct cc_synd_item *items, size_t n,
                          struct named *tmp, bool groups)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = groups ? items[i].group : items[i].outlet;
        if (s) {
            tmp[k].s = s;
            tmp[k].i = i;
            k++;
        }
    }
    cc_sort(tmp, k, sizeof(*tmp), cmp_named);
    for (size_t a = 1; a < k; a++) {
        if (strcmp(tmp[a - 1].s, tmp[a].s) == 0) {
            unite(parent, tmp[a - 1].i, tmp[a].i);
            if (flag) {
                flag[tmp[a - 1].i] = flag[tmp[a].i] = true;
            }
        }
    }
}

/* True when the sorted unique shingle sets of a and b (both shingled, their
 * SimHashes too far apart) share at least CC_SYND_MIN_CONTAINMENT of the
 * smaller set: the test of fingerprints_match_count. The sketches bound the
 * count from above, which settles most pairs (reports of one event share
 * far fewer shingles than copies); the rest are counted by a merge that
 * stops once the shingles left cannot reach the share. */
static bool contained(const struct cc_synd_fingerprint *a, const struct cc_synd_fingerprint *b)
{
    size_t small = CC_MIN(a->nshingles, b->nshingles);
    if (small == 0) {
        return false;
    }
    /* the least count passing the test: the smaller set's */
    size_t need = a->nshingles <= b->nshingles ? a->need : b->need;
    if (a->sketched && b->sketched) {
        unsigned bound = 0;
        for (size_t k = 0; k < SKETCH_BUCKETS; k++) {
            bound += CC_MIN(a->sketch[k], b->sketch[k]);
        }
        if (bound < need) {
            return false;
        }
    }
    const uint64_t *x = a->shingles, *y = b->shingles;
    size_t na = a->nshingles, nb = b->nshingles, i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (both + CC_MIN(na - i, nb - j) < need) {
            return false;
        }
        if (x[i] < y[j]) {
            i++;
        } else if (x[i] > y[j]) {
            j++;
        } else {
            both++;
            i++;
            j++;
        }
    }
    return both >= need;
}

/* Unites the near-duplicates among items (by fingerprint): every pair is
 * tested as fingerprints_match_count does (SimHash distance, then shingle
 * containment, or the word sequence for short texts), except that a pair
 * already in one source needs no edge: the sources are those of testing
 * every pair. */
static int unite_near_duplicates(size_t *parent, const struct cc_synd_fingerprint *const *fp,
                                 size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct cc_synd_fingerprint *a = fp[i];
        bool shingled = a->nraw >= CC_SYND_MIN_SHINGLES;
        for (size_t j = 0; j < i; j++) {
            const struct cc_synd_fingerprint *b = fp[j];
            bool dup;
            if (shingled && b->nraw >= CC_SYND_MIN_SHINGLES) {
                dup = popcount64(a->simhash ^ b->simhash) <= CC_SYND_MAX_HAMMING ||
                      (find_root(parent, i) != find_root(parent, j) && contained(a, b));
            } else {
                dup = a->nwords > 0 && a->nwords == b->nwords && a->words == b->words;
            }
            if (dup) {
                unite(parent, i, j);
            }
        }
    }
    return 0;
}

int cc_synd_group(struct cc_synd_groups *out, const struct cc_synd_item *items, size_t n,
                  struct cc_error *err)
{
    return cc_synd_group_fp(out, items, NULL, n, err);
}

int cc_synd_group_fp(struct cc_synd_groups *out, const struct cc_synd_item *items,
                     const struct cc_synd_fingerprint *const *fps, size_t n, struct cc_error *err)
{
    out->ngroups = 0;
    if (n == 0) {
        return 0;
    }
    int rc = 0;
    size_t *parent = cc_malloc(n * sizeof(*parent));
    bool *credit_link = cc_calloc(n, sizeof(*credit_link));
    bool *same_group = cc_calloc(n, sizeof(*same_group));
    struct named *tmp = cc_malloc(n * sizeof(*tmp));
    const struct cc_synd_fingerprint **fp = cc_calloc(n, sizeof(*fp));
    struct cc_synd_fingerprint *own = cc_calloc(n, sizeof(*own)); /* computed here */
    size_t *next = cc_malloc(n * sizeof(*next));                  /* member lists */
    size_t *head = cc_malloc(n * sizeof(*head));
    size_t *tail = cc_malloc(n * sizeof(*tail));
    if (!parent || !credit_link || !same_group || !tmp || !fp || !own || !next || !head || !tail) {
        rc = CC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        parent[i] = i;
        fp[i] = fps ? fps[i] : NULL;
        if (!fp[i]) {
            rc = fingerprint_make(&own[i], items[i].text, items[i].len);
            if (rc < 0) {
                goto out;
            }
            fp[i] = &own[i];
        }
    }
    /* items of one outlet, or of one media group, always share a source */
    unite_by_name(parent, NULL, items, n, tmp, false);
    unite_by_name(parent, same_group, items, n, tmp, true);
    rc = unite_near_duplicates(parent, fp, n);
    if (rc < 0) {
        goto out;
    }
    /* wire credits: a copy joins the wire's own item, or the other copies of it */
    for (size_t i = 0; i < n; i++) {
        const struct cc_outlet *w = items[i].credit;
        if (!w || strcmp(w->name, items[i].outlet) == 0) {
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            if (j != i && (items[j].credit == w || strcmp(items[j].outlet, w->name) == 0)) {
                unite(parent, i, j);
                credit_link[i] = true;
            }
        }
        credit_link[i] = true;
    }
    /* number the groups by their first item; members listed in item order */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = find_root(parent, i);
        if (r == i) {
            out->group[i] = ng;
            head[ng] = tail[ng] = SIZE_MAX;
            ng++;
        }
        size_t g = out->group[r];
        out->group[i] = g;
        next[i] = SIZE_MAX;
        if (head[g] == SIZE_MAX) {
            head[g] = i;
        } else {
            next[tail[g]] = i;
        }
        tail[g] = i;
    }
    for (size_t g = 0; g < ng; g++) {
        size_t best = SIZE_MAX, wire = SIZE_MAX, members = 0;
        const struct cc_outlet *credited = NULL;
        bool any_credit = false, any_group = false;
        for (size_t i = head[g]; i != SIZE_MAX; i = next[i]) {
            members++;
            any_credit = any_credit || credit_link[i];
            any_group = any_group || same_group[i];
            if (items[i].credit && strcmp(items[i].credit->name, items[i].outlet) != 0) {
                credited = items[i].credit;
            }
            if (best == SIZE_MAX || earlier(&items[i], &items[best])) {
                best = i;
            }
            if (items[i].outlet_is_wire && (wire == SIZE_MAX || earlier(&items[i], &items[wire]))) {
                wire = i;
            }
        }
        if (credited) {
            /* the credited wire is the origin, with its own item when it has one */
            size_t own_item = SIZE_MAX;
            for (size_t i = head[g]; i != SIZE_MAX; i = next[i]) {
                if (strcmp(items[i].outlet, credited->name) == 0) {
                    own_item = i;
                }
            }
            out->origin_item[g] = own_item;
            out->origin_outlet[g] = credited->name;
        } else if (wire != SIZE_MAX) {
            out->origin_item[g] = wire;
            out->origin_outlet[g] = items[wire].outlet;
        } else {
            out->origin_item[g] = best;
            out->origin_outlet[g] = items[best].outlet;
        }
        out->reason[g] = members == 1 && !credited ? "independent"
                         : any_credit              ? "wire credit"
                         : any_group               ? "same media group"
                                                   : "near-duplicate";
    }
    out->ngroups = ng;
out:
    for (size_t i = 0; own && i < n; i++) {
        fingerprint_release(&own[i]);
    }
    cc_free(own);
    cc_free(fp);
    cc_free(parent);
    cc_free(credit_link);
    cc_free(same_group);
    cc_free(tmp);
    cc_free(next);
    cc_free(head);
    cc_free(tail);
    return rc < 0 ? cc_error_set(err, CC_ENOMEM, "syndication", "out of memory") : 0;
}
