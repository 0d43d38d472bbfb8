#include "core/common.h"

#include "core/alloc.h"
#include "core/buf.h"
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

static uint64_t simhash_words(const struct words *w, size_t *nshingles)
{
    int acc[64] = {0};
    size_t ns = 0;
    for (size_t i = 0; i + 3 <= w->n; i++) {
        uint64_t h = shingle_hash(w, i);
        for (int b = 0; b < 64; b++) {
            acc[b] += (h >> b) & 1 ? 1 : -1;
        }
        ns++;
    }
    uint64_t out = 0;
    for (int b = 0; b < 64; b++) {
        if (acc[b] > 0) {
            out |= 1ull << b;
        }
    }
    if (nshingles) {
        *nshingles = ns;
    }
    return out;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorted unique shingle hashes of w into out (room for w->n); returns count. */
static size_t shingle_set(uint64_t *out, const struct words *w)
{
    size_t n = 0;
    for (size_t i = 0; i + 3 <= w->n; i++) {
        out[n++] = shingle_hash(w, i);
    }
    if (n == 0) {
        return 0;
    }
    qsort(out, n, sizeof(*out), cmp_u64);
    size_t u = 1;
    for (size_t i = 1; i < n; i++) {
        if (out[i] != out[u - 1]) {
            out[u++] = out[i];
        }
    }
    return u;
}

static double containment(const struct words *a, const struct words *b)
{
    uint64_t *sa = cc_malloc((a->n + 1) * sizeof(*sa));
    uint64_t *sb = cc_malloc((b->n + 1) * sizeof(*sb));
    double c = 0;
    if (sa && sb) {
        size_t na = shingle_set(sa, a), nb = shingle_set(sb, b);
        size_t i = 0, j = 0, both = 0;
        while (i < na && j < nb) {
            if (sa[i] < sb[j]) {
                i++;
            } else if (sa[i] > sb[j]) {
                j++;
            } else {
                both++;
                i++;
                j++;
            }
        }
        size_t small = CC_MIN(na, nb);
        c = small ? (double)both / (double)small : 0;
    }
    cc_free(sa);
    cc_free(sb);
    return c;
}

uint64_t cc_synd_simhash(const char *text, size_t len, size_t *nshingles)
{
    struct words *w = cc_calloc(1, sizeof(*w));
    if (!w) {
        if (nshingles) {
            *nshingles = 0;
        }
        return 0;
    }
    cc_buf_init(&w->fold, 0);
    split_words(w, text, len);
    uint64_t h = simhash_words(w, nshingles);
    cc_buf_release(&w->fold);
    cc_free(w);
    return h;
}

static int popcount64(uint64_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* What the near-duplicate test needs of one text, computed once. */
struct fingerprint {
    uint64_t simhash;
    uint64_t *shingles; /* sorted unique */
    size_t nshingles;   /* unique shingles */
    size_t nraw;        /* shingles before dedupe (the SimHash count) */
    uint64_t words;     /* hash of the folded word sequence (short texts) */
    size_t nwords;
};

static int fingerprint_make(struct fingerprint *fp, const char *text, size_t len)
{
    memset(fp, 0, sizeof(*fp));
    struct words *w = cc_calloc(1, sizeof(*w));
    if (!w) {
        return CC_ENOMEM;
    }
    cc_buf_init(&w->fold, 0);
    split_words(w, text, len);
    fp->simhash = simhash_words(w, &fp->nraw);
    fp->shingles = cc_malloc((w->n + 1) * sizeof(*fp->shingles));
    int rc = 0;
    if (!fp->shingles) {
        rc = CC_ENOMEM;
    } else {
        fp->nshingles = shingle_set(fp->shingles, w);
    }
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < w->n; i++) {
        h = fnv_update(h, w->p[i], w->len[i]);
        h = fnv_update(h, " ", 1);
    }
    fp->words = h;
    fp->nwords = w->n;
    cc_buf_release(&w->fold);
    cc_free(w);
    return rc;
}

static bool fingerprints_match(const struct fingerprint *a, const struct fingerprint *b)
{
    if (a->nraw >= CC_SYND_MIN_SHINGLES && b->nraw >= CC_SYND_MIN_SHINGLES) {
        if (popcount64(a->simhash ^ b->simhash) <= CC_SYND_MAX_HAMMING) {
            return true;
        }
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
        size_t small = CC_MIN(a->nshingles, b->nshingles);
        return small > 0 && (double)both / (double)small >= CC_SYND_MIN_CONTAINMENT;
    }
    return a->nwords > 0 && a->nwords == b->nwords && a->words == b->words;
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
    size_t na = 0, nb = 0;
    uint64_t ha = simhash_words(wa, &na);
    uint64_t hb = simhash_words(wb, &nb);
    if (na >= CC_SYND_MIN_SHINGLES && nb >= CC_SYND_MIN_SHINGLES) {
        dup = popcount64(ha ^ hb) <= CC_SYND_MAX_HAMMING ||
              containment(wa, wb) >= CC_SYND_MIN_CONTAINMENT;
    } else if (wa->n == wb->n && wa->n > 0) {
        dup = true;
        for (size_t i = 0; i < wa->n && dup; i++) {
            dup = wa->len[i] == wb->len[i] && memcmp(wa->p[i], wb->p[i], wa->len[i]) == 0;
        }
    }
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

int cc_synd_group(struct cc_synd_groups *out, const struct cc_synd_item *items, size_t n,
                  struct cc_error *err)
{
    out->ngroups = 0;
    if (n == 0) {
        return 0;
    }
    size_t *parent = cc_malloc(n * sizeof(*parent));
    bool *credit_link = cc_calloc(n, sizeof(*credit_link));
    if (!parent || !credit_link) {
        cc_free(parent);
        cc_free(credit_link);
        return cc_error_set(err, CC_ENOMEM, "syndication", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        parent[i] = i;
    }
    struct fingerprint *fp = cc_calloc(n, sizeof(*fp));
    int frc = fp ? 0 : CC_ENOMEM;
    for (size_t i = 0; i < n && frc == 0; i++) {
        frc = fingerprint_make(&fp[i], items[i].text, items[i].len);
    }
    bool *same_group = cc_calloc(n, sizeof(*same_group));
    if (!same_group) {
        frc = CC_ENOMEM;
    }
    for (size_t i = 0; i < n && frc == 0; i++) {
        for (size_t j = i + 1; j < n; j++) {
            bool group =
                items[i].group && items[j].group && strcmp(items[i].group, items[j].group) == 0;
            if (group) {
                same_group[i] = same_group[j] = true;
            }
            if (group || strcmp(items[i].outlet, items[j].outlet) == 0 ||
                fingerprints_match(&fp[i], &fp[j])) {
                unite(parent, i, j);
            }
        }
    }
    for (size_t i = 0; fp && i < n; i++) {
        cc_free(fp[i].shingles);
    }
    cc_free(fp);
    if (frc < 0) {
        cc_free(parent);
        cc_free(credit_link);
        cc_free(same_group);
        return cc_error_set(err, CC_ENOMEM, "syndication", "out of memory");
    }
    /* wire credits: a copy joins the wire's own item, or the other copies of it */
    for (size_t i = 0; i < n; i++) {
        const struct cc_outlet *w = items[i].credit;
        if (!w || strcmp(w->name, items[i].outlet) == 0) {
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            if (j != i && (strcmp(items[j].outlet, w->name) == 0 || items[j].credit == w)) {
                unite(parent, i, j);
                credit_link[i] = true;
            }
        }
        credit_link[i] = true;
    }
    /* number the groups by their first item */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = find_root(parent, i);
        if (r == i) {
            out->group[i] = ng++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        out->group[i] = out->group[find_root(parent, i)];
    }
    for (size_t g = 0; g < ng; g++) {
        size_t best = SIZE_MAX, wire = SIZE_MAX, members = 0;
        const struct cc_outlet *credited = NULL;
        bool any_credit = false, any_group = false;
        for (size_t i = 0; i < n; i++) {
            if (out->group[i] != g) {
                continue;
            }
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
            size_t own = SIZE_MAX;
            for (size_t i = 0; i < n; i++) {
                if (out->group[i] == g && strcmp(items[i].outlet, credited->name) == 0) {
                    own = i;
                }
            }
            out->origin_item[g] = own;
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
    cc_free(parent);
    cc_free(credit_link);
    cc_free(same_group);
    return 0;
}
