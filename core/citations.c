#include "core/common.h"

#include <pthread.h>

#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: 16-byte scan in cc_citations_strip */
#endif

#include "core/alloc.h"
#include "core/buf.h"
#include "core/citations.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/utf8.h"
#include "core/wordset.h"
#include "core/banned.h"

/* ASCII first: cc_utf8_* are calls into another file. */
static bool digit_cp(int32_t cp)
{
    return cp < 0x80 ? (cp >= '0' && cp <= '9') : cc_utf8_is_digit(cp);
}

static bool upper_cp(int32_t cp)
{
    return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : cc_utf8_is_upper(cp);
}

/*
 * How citations are found (tests/test_citations.c has a row per form):
 *
 * 1. Brackets. Every top-level ( ) or [ ] group that closes within
 *    BRACKET_MAX bytes is cut into items at commas, semicolons and the
 *    words "and"/"or", after a leading cue ("via", "Source:"). An item is a
 *    citation when it resolves in the registry as a whole, or when its
 *    first words do and the rest is lowercase prose ("Geo TV all offer
 *    coverage"); when it is a placeholder ("Sources 1"), a domain, or a
 *    capitalised name with a news word in it ("The Hindu Times"), it is an
 *    unresolved citation. A group with no citation item is prose ("(such
 *    as Indus Waters Treaty dispute )") and yields nothing.
 * 2. Cues. "according to X", "reported by X", "told X", "X reported",
 *    "X's report", "- X" at the end. X is the run of capitalised words (or
 *    a domain) next to the cue, tried longest first. After "according to"
 *    an unknown source that looks like one (a domain, a news word) is kept
 *    unresolved; a person or an official is not a citation. Around the
 *    other cues only registry outlets count, because people report and say
 *    things too.
 * 3. Domains and URLs anywhere: resolved ones are citations; unresolved
 *    ones only after "on", "at", "via", "see" or with www./a path.
 * An ambiguous alias ("Dawn", "The Week", "AP") counts inside a source
 * bracket or after a reporting cue, but never after "said" or "told"
 * (people called Dawn say things) nor as a prefix followed by prose,
 * unless an unambiguous source sits in the same bracket.
 */

#define BRACKET_MAX 400   /* a source bracket closes within this many bytes */
#define BRACKET_DEPTH 8   /* nesting followed when matching brackets */
#define ITEM_MAX_WORDS 10 /* longer bracket items are prose */
#define NAME_MAX_WORDS 6  /* a source name has at most 6 words */
#define KEYWORD_MAX 24

/* ---- small helpers --------------------------------------------------------------- */

static inline size_t dec(const char *s, size_t i, size_t end, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n = cc_utf8_decode(cp, s + i, end - i);
    return n ? n : 1;
}

static bool is_word_cp_nonascii(int32_t cp)
{
    return cp >= 0x80 && (cc_utf8_is_letter(cp) || digit_cp(cp));
}

/* Inline for ASCII: the word splitter asks this of every byte. */
static inline bool is_word_cp(int32_t cp)
{
    if ((uint32_t)cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return is_word_cp_nonascii(cp);
}

static bool is_apos(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool ieq(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    if (n != l) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if (c != w[i]) {
            return false;
        }
    }
    return true;
}

/* Is s[0..len) (ASCII case ignored) in the set? */
static bool in_words(struct cc_wordset *ws, const char *s, size_t len)
{
    char key[24];
    if (len == 0 || len >= sizeof(key)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((unsigned char)c >= 0x80) {
            return false;
        }
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return cc_wordset_has(ws, key, len);
}

#define IN_WORDS(list, s, n) in_words(&list##_set, (s), (n))

/* ---- words ---------------------------------------------------------------------------- */

enum {
    W_CAP = 1u << 0,   /* starts with a capital letter (or digit: "9News") */
    W_LOWER = 1u << 1, /* starts with a lowercase letter */
    W_DOT = 1u << 2,   /* has an inner dot: "Arabnews.pk", "U.S" */
    W_POSS = 1u << 3,  /* ends in 's or s' */
    W_SPACE = 1u << 4, /* only white space (or " & ") between it and the word before */
    W_DIGIT = 1u << 5,
};

struct word {
    size_t s;
    size_t e;
    unsigned f;
};

#define LOCAL_WORDS 96 /* words of a sentence kept on the stack before allocating */

struct words {
    struct word *v; /* local or owned (when v != local) */
    size_t n;
    size_t alloc;
    struct word local[LOCAL_WORDS];
};

static int split_words(struct words *w, const char *t, size_t a, size_t b)
{
    size_t i = a;
    size_t prev_end = a;
    w->n = 0;
    while (i < b) {
        int32_t cp;
        size_t n = dec(t, i, b, &cp);
        if (!is_word_cp(cp)) {
            i += n;
            continue;
        }
        struct word x = {i, i, 0};
        if (upper_cp(cp) || digit_cp(cp)) {
            x.f |= W_CAP;
        } else {
            x.f |= W_LOWER;
        }
        size_t j = i;
        while (j < b) {
            /* ASCII letters and digits first, as the code below takes them. */
            unsigned char ch = (unsigned char)t[j];
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
                j++;
                continue;
            }
            if (ch >= '0' && ch <= '9') {
                x.f |= W_DIGIT;
                j++;
                continue;
            }
            int32_t c1;
            size_t n1 = dec(t, j, b, &c1);
            if (is_word_cp(c1)) {
                if (digit_cp(c1)) {
                    x.f |= W_DIGIT;
                }
                j += n1;
                continue;
            }
            if (j + n1 < b) {
                int32_t nx;
                dec(t, j + n1, b, &nx);
                if (is_word_cp(nx) && (c1 == '.' || c1 == '-' || is_apos(c1) || c1 == '&' ||
                                       c1 == 0x2011 || c1 == 0x00AD)) {
                    if (c1 == '.') {
                        x.f |= W_DOT;
                    }
                    j += n1;
                    continue;
                }
            }
            break;
        }
        x.e = j;
        /* Possessive: "Reuter’s" (an apostrophe before the final s). */
        if (x.e - x.s >= 3 && (t[x.e - 1] == 's' || t[x.e - 1] == 'S')) {
            size_t q = x.e - 2;
            while (q > x.s && ((unsigned char)t[q] & 0xC0) == 0x80) {
                q--;
            }
            int32_t ap;
            dec(t, q, x.e, &ap);
            if (is_apos(ap)) {
                x.f |= W_POSS;
            }
        }
        if (x.e < b) {
            int32_t ap;
            size_t an = dec(t, x.e, b, &ap);
            int32_t nx = ' ';
            if (x.e + an < b) {
                dec(t, x.e + an, b, &nx);
            }
            if (is_apos(ap) && !is_word_cp(nx) && (t[x.e - 1] == 's' || t[x.e - 1] == 'S')) {
                x.f |= W_POSS;
            }
        }
        /* Only spaces (or an ampersand) since the previous word? */
        bool space = w->n > 0;
        for (size_t k = prev_end; space && k < x.s; k++) {
            unsigned char c = (unsigned char)t[k];
            if (c == ' ' || c == '\t' || c == '&') {
                continue;
            }
            if (c == 0xC2 && k + 1 < x.s && (unsigned char)t[k + 1] == 0xA0) {
                k++;
                continue;
            }
            space = false;
        }
        if (space) {
            x.f |= W_SPACE;
        }
        if (w->n == w->alloc) {
            if (w->v == w->local) {
                struct word *h = cc_malloc(2 * LOCAL_WORDS * sizeof(*h));
                if (!h) {
                    return CC_ENOMEM;
                }
                memcpy(h, w->local, w->n * sizeof(*h));
                w->v = h;
                w->alloc = 2 * LOCAL_WORDS;
            } else {
                int rc = cc_array_grow((void **)&w->v, &w->alloc, w->n + 1, sizeof(*w->v));
                if (rc) {
                    return rc;
                }
            }
        }
        w->v[w->n++] = x;
        prev_end = x.e;
        i = x.e;
    }
    return 0;
}

static bool word_is(const char *t, const struct word *w, const char *lower)
{
    return ieq(t + w->s, w->e - w->s, lower);
}

/* ---- domains -------------------------------------------------------------------- */

/* clang-format off */
static const char *const tlds[] = {
    "ae", "af", "ai", "au", "bd", "biz", "br", "ca", "ch", "cn", "co", "com", "de", "edu", "es",
    "eu", "fr", "gov", "in", "info", "int", "io", "it", "jp", "lk", "me", "net", "news", "ng",
    "np", "nz", "org", "pk", "qa", "ru", "sa", "sg", "tv", "uk", "us", "za", "ly", "fm", "am",
    "online", "press", "media", "today", "world",
};
/* clang-format on */

/* Is text[a..b) a host name (labels of letters/digits/hyphens, at least
 * two, the last a known top-level domain)? */
static bool is_hostname(const char *t, size_t a, size_t b)
{
    size_t labels = 0;
    size_t ls = a;
    size_t last_s = a;
    for (size_t i = a; i <= b; i++) {
        if (i == b || t[i] == '.') {
            if (i == ls) {
                return false;
            }
            labels++;
            last_s = ls;
            ls = i + 1;
            continue;
        }
        char c = t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-')) {
            return false;
        }
    }
    if (labels < 2) {
        return false;
    }
    char tld[16];
    size_t n = b - last_s;
    if (n < 2 || n >= sizeof(tld)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = t[last_s + i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return false;
        }
        tld[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    tld[n] = '\0';
    for (size_t i = 0; i < CC_ARRAY_LEN(tlds); i++) {
        if (strcmp(tld, tlds[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* A domain-like word: "Arabnews.pk", "TheNews.com.pk", "economictimes.indiatimes.com". */
static bool word_is_domain(const char *t, const struct word *w)
{
    return (w->f & W_DOT) && is_hostname(t, w->s, w->e);
}

/* ---- the list -------------------------------------------------------------------- */

void cc_citation_list_release(struct cc_citation_list *l)
{
    if (!l) {
        return;
    }
    cc_free(l->v);
    l->v = NULL;
    l->n = 0;
    l->alloc = 0;
}

const char *cc_citation_kind_name(int kind)
{
    switch (kind) {
    case CC_CITATION_BRACKET:
        return "bracket";
    case CC_CITATION_DATELINE:
        return "dateline";
    case CC_CITATION_ACCORDING:
        return "according";
    case CC_CITATION_REPORTED:
        return "reported";
    case CC_CITATION_DOMAIN:
        return "domain";
    case CC_CITATION_LINK:
        return "link";
    case CC_CITATION_PLACEHOLDER:
        return "placeholder";
    default:
        return "unknown";
    }
}

struct finder {
    struct cc_citation_list *out;
    size_t first; /* citations of this sentence start here in out */
    const struct cc_registry *reg;
    const char *t;
    size_t a;
    size_t b;
    struct words w;
};

static bool overlaps(const struct finder *f, size_t s, size_t e)
{
    for (size_t i = f->first; i < f->out->n; i++) {
        const struct cc_citation *c = &f->out->v[i];
        if (s < c->end && c->start < e) {
            return true;
        }
    }
    return false;
}

static int add(struct finder *f, size_t s, size_t e, size_t ps, size_t pe,
               const struct cc_outlet *o, int kind, bool ambiguous)
{
    struct cc_citation_list *l = f->out;
    if (l->n == l->alloc) {
        int rc = cc_array_grow((void **)&l->v, &l->alloc, l->n + 1, sizeof(*l->v));
        if (rc) {
            return rc;
        }
    }
    struct cc_citation *c = &l->v[l->n++];
    c->start = s;
    c->end = e;
    c->phrase_start = ps;
    c->phrase_end = pe;
    c->outlet = o;
    c->kind = kind;
    c->ambiguous = ambiguous;
    return 0;
}

static bool match(const struct finder *f, size_t s, size_t e, struct cc_registry_match *m)
{
    if (!f->reg || e <= s) {
        memset(m, 0, sizeof(*m));
        return false;
    }
    return cc_registry_match(m, f->reg, f->t + s, e - s);
}

/* Words that make an unknown capitalised name look like a news source. */
/* clang-format off */
static const char *const news_words[] = {
    "agency", "bulletin", "channel", "chronicle", "courier", "daily", "dispatch", "express",
    "gazette", "guardian", "herald", "journal", "media", "mirror", "monitor", "news", "newspaper",
    "observer", "online", "post", "press", "radio", "reporter", "review", "sentinel", "star",
    "telegraph", "times", "today", "tribune", "tv", "weekly", "wire", "world",
};
/* clang-format on */
CC_WORDSET_DEFINE(news_words_set, news_words, 128);

/* Does the run of words [i, j) look like the name of a news source? */
static bool newsy_name(const struct finder *f, size_t i, size_t j)
{
    if (j <= i || j - i > NAME_MAX_WORDS) {
        return false;
    }
    bool kw = false;
    for (size_t k = i; k < j; k++) {
        const struct word *w = &f->w.v[k];
        if (!(w->f & W_CAP) && !word_is(f->t, w, "the") && !word_is(f->t, w, "of")) {
            return false;
        }
        if (IN_WORDS(news_words, f->t + w->s, w->e - w->s)) {
            kw = true;
        }
    }
    return kw;
}

/* "Sources 1", "Source", "sources: 3" */
static bool is_placeholder(const char *t, size_t a, size_t b)
{
    while (a < b && (t[a] == ' ' || t[a] == '\t')) {
        a++;
    }
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '.')) {
        b--;
    }
    size_t i = a;
    while (i < b && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))) {
        i++;
    }
    if (!(ieq(t + a, i - a, "source") || ieq(t + a, i - a, "sources") ||
          ieq(t + a, i - a, "citation") || ieq(t + a, i - a, "citations") ||
          ieq(t + a, i - a, "ref") || ieq(t + a, i - a, "reference"))) {
        return false;
    }
    while (i < b && (t[i] == ' ' || t[i] == ':' || t[i] == '#')) {
        i++;
    }
    size_t d = i;
    while (i < b && ((t[i] >= '0' && t[i] <= '9') || t[i] == ',' || t[i] == ' ')) {
        i++;
    }
    (void)d;
    return i == b;
}

/* ---- 1. brackets ----------------------------------------------------------------- */

static size_t match_close(const char *t, size_t o, size_t b)
{
    int depth = 0;
    size_t lim = CC_MIN(b, o + BRACKET_MAX);
    for (size_t i = o; i < lim; i++) {
        char c = t[i];
        if (c == '(' || c == '[') {
            depth++;
            if (depth > BRACKET_DEPTH) {
                return 0;
            }
        } else if (c == ')' || c == ']') {
            depth--;
            if (depth == 0) {
                return i;
            }
            if (depth < 0) {
                return 0;
            }
        }
    }
    return 0;
}

/* clang-format off */
static const char *const bracket_cues[] = {
    "according to", "as reported by", "courtesy of", "reported by", "courtesy", "credit:",
    "sources:", "source:", "photo:", "via", "see", "per", "from", "h/t", "cf.", "by",
};
/* clang-format on */

struct item_result {
    size_t s, e; /* the source span */
    const struct cc_outlet *o;
    bool ambiguous;
    bool prefix; /* matched as the first words of a longer item */
    int kind;    /* 0: not a citation */
};

/* Evaluates one bracket item text[a..b). */
static void bracket_item(struct finder *f, size_t a, size_t b, struct item_result *r)
{
    const char *t = f->t;
    memset(r, 0, sizeof(*r));
    while (a < b && (t[a] == ' ' || t[a] == '\t' || t[a] == '\n' || t[a] == '*' || t[a] == '(' ||
                     t[a] == '[')) {
        a++;
    }
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '.' || t[b - 1] == '\n' ||
                     t[b - 1] == ')' || t[b - 1] == ']')) {
        b--;
    }
    if (a >= b) {
        return;
    }
    if (is_placeholder(t, a, b)) {
        r->s = a;
        r->e = b;
        r->kind = CC_CITATION_PLACEHOLDER;
        return;
    }
    /* Words of the item (indices into f->w). */
    size_t i0 = 0;
    while (i0 < f->w.n && f->w.v[i0].s < a) {
        i0++;
    }
    size_t i1 = i0;
    while (i1 < f->w.n && f->w.v[i1].e <= b) {
        i1++;
    }
    size_t nw = i1 - i0;
    if (nw == 0) {
        return;
    }
    struct cc_registry_match m;
    if (nw <= ITEM_MAX_WORDS && match(f, a, b, &m)) {
        r->s = a;
        r->e = b;
        r->o = m.outlet;
        r->ambiguous = m.ambiguous;
        r->kind = CC_CITATION_BRACKET;
        return;
    }
    /* First words a source, the rest lowercase prose. "The News.com.pk and"
     * splits a domain at a space: try the words glued too (the registry
     * ignores spaces in domains). */
    size_t maxw = CC_MIN(nw - 1, (size_t)NAME_MAX_WORDS);
    for (size_t k = maxw; k >= 1; k--) {
        const struct word *next = &f->w.v[i0 + k];
        if (!(next->f & W_LOWER)) {
            continue;
        }
        size_t e = f->w.v[i0 + k - 1].e;
        if (match(f, a, e, &m)) {
            r->s = a;
            r->e = e;
            r->o = m.outlet;
            r->ambiguous = m.ambiguous;
            r->prefix = true;
            r->kind = CC_CITATION_BRACKET;
            return;
        }
    }
    /* Unknown: a domain, or a name with a news word. */
    for (size_t k = i0; k < i1 && k < i0 + 2; k++) {
        if (word_is_domain(t, &f->w.v[k])) {
            r->s = f->w.v[k].s;
            r->e = f->w.v[k].e;
            r->kind = CC_CITATION_BRACKET;
            return;
        }
    }
    if (newsy_name(f, i0, i1)) {
        r->s = a;
        r->e = b;
        r->kind = CC_CITATION_BRACKET;
    }
}

/* Is the bracket at o a dateline's ("ISLAMABAD (Reuters) -", "NEW DELHI,
 * June 3 (Reuters) —")? */
static bool dateline_at(const char *t, size_t a, size_t o, size_t c, size_t b)
{
    size_t i = c + 1;
    while (i < b && t[i] == ' ') {
        i++;
    }
    bool dash = (i < b && t[i] == '-') || (i + 2 < b && (memcmp(t + i, "\xe2\x80\x94", 3) == 0 ||
                                                         memcmp(t + i, "\xe2\x80\x93", 3) == 0));
    if (!dash || o == a) {
        return false;
    }
    /* Before the bracket: capitals (a place), maybe ", Month Day". */
    size_t caps = 0;
    for (size_t k = a; k < o; k++) {
        if (t[k] >= 'A' && t[k] <= 'Z') {
            caps++;
        } else if (t[k] >= 'a' && t[k] <= 'z') {
            /* "June 3" after the comma is fine */
            const char *comma = memchr(t + a, ',', o - a);
            if (!comma || (size_t)(comma - t) > k) {
                return false;
            }
        }
    }
    return caps >= 2;
}

static int find_brackets(struct finder *f)
{
    const char *t = f->t;
    size_t i = f->a;
    while (i < f->b) {
        char ch = t[i];
        if (ch != '(' && ch != '[') {
            i++;
            continue;
        }
        size_t c = match_close(t, i, f->b);
        if (c == 0) {
            i++;
            continue;
        }
        size_t cs = i + 1;
        size_t ce = c;
        /* A leading cue: "via Reuters", "Source: Dawn". */
        while (cs < ce && t[cs] == ' ') {
            cs++;
        }
        for (size_t k = 0; k < CC_ARRAY_LEN(bracket_cues); k++) {
            size_t l = strlen(bracket_cues[k]);
            if (ce - cs > l && ieq(t + cs, l, bracket_cues[k]) &&
                (t[cs + l] == ' ' || bracket_cues[k][l - 1] == ':')) {
                cs += l;
                break;
            }
        }
        struct item_result items[16];
        size_t nitems = 0;
        bool has_firm = false;
        size_t s = cs;
        size_t k = cs;
        while (k <= ce && nitems < CC_ARRAY_LEN(items)) {
            bool cut = k == ce || t[k] == ',' || t[k] == ';' || t[k] == '|';
            size_t skip = 1;
            if (!cut && (t[k] == ' ') && k + 5 <= ce &&
                (ieq(t + k, 5, " and ") || (k + 4 <= ce && ieq(t + k, 4, " or ")))) {
                cut = true;
                skip = ieq(t + k, 5, " and ") ? 5 : 4;
            }
            if (cut) {
                struct item_result *r = &items[nitems];
                bracket_item(f, s, k, r);
                if (r->kind) {
                    if (r->o && !r->ambiguous) {
                        has_firm = true;
                    }
                    nitems++;
                }
                s = k + skip;
                k += skip;
                continue;
            }
            k++;
        }
        bool dateline = dateline_at(t, f->a, i, c, f->b);
        for (size_t n = 0; n < nitems; n++) {
            struct item_result *r = &items[n];
            if (r->o && r->ambiguous && r->prefix && !has_firm) {
                continue;
            }
            int kind = r->kind;
            if (dateline && kind == CC_CITATION_BRACKET) {
                kind = CC_CITATION_DATELINE;
            }
            if (overlaps(f, r->s, r->e)) {
                continue;
            }
            int rc = add(f, r->s, r->e, i, c + 1, r->o, kind, r->o && r->ambiguous);
            if (rc) {
                return rc;
            }
        }
        i = c + 1;
    }
    return 0;
}

/* ---- 2. cues --------------------------------------------------------------------- */

/* The run of name words starting at word i (capitalised words, domains,
 * "of"/"the"/"&"-joined), at most NAME_MAX_WORDS; returns its end index. */
static size_t name_run_forward(const struct finder *f, size_t i)
{
    size_t j = i;
    while (j < f->w.n && j - i < NAME_MAX_WORDS) {
        const struct word *w = &f->w.v[j];
        if (j > i && !(w->f & W_SPACE)) {
            break;
        }
        if (w->f & W_CAP || word_is_domain(f->t, w)) {
            j++;
            if (w->f & W_POSS) {
                break;
            }
            continue;
        }
        /* "Times of India", "The Economic Times" */
        if (j > i && j + 1 < f->w.n && (word_is(f->t, w, "of") || word_is(f->t, w, "de")) &&
            (f->w.v[j + 1].f & W_CAP) && (f->w.v[j + 1].f & W_SPACE)) {
            j += 2;
            continue;
        }
        break;
    }
    return j;
}

/* Extends a source that ends in a host name over its URL path
 * ("www.geo.tv/latest/608689"). */
static size_t url_end(const struct finder *f, size_t e)
{
    const char *t = f->t;
    if (e >= f->b || t[e] != '/') {
        return e;
    }
    size_t i = e;
    while (i < f->b && t[i] != ' ' && t[i] != '\n' && t[i] != ')' && t[i] != ']' && t[i] != '"' &&
           (unsigned char)t[i] < 0x80) {
        i++;
    }
    while (i > e && (t[i - 1] == '.' || t[i - 1] == ',' || t[i - 1] == ';')) {
        i--;
    }
    return i;
}

/* Resolves the longest prefix of words [i, j) (i fixed). */
static bool resolve_forward(const struct finder *f, size_t i, size_t j, size_t *end,
                            struct cc_registry_match *m)
{
    for (size_t k = j; k > i; k--) {
        if (match(f, f->w.v[i].s, f->w.v[k - 1].e, m)) {
            *end = k;
            return true;
        }
    }
    return false;
}

/* Resolves the longest suffix of words [i, j) (j fixed). */
static bool resolve_backward(const struct finder *f, size_t i, size_t j, size_t *start,
                             struct cc_registry_match *m)
{
    for (size_t k = i; k < j; k++) {
        if (match(f, f->w.v[k].s, f->w.v[j - 1].e, m)) {
            *start = k;
            return true;
        }
    }
    return false;
}

/* clang-format off */
static const char *const according_nouns[] = {
    "analysis", "article", "count", "data", "estimates", "figures", "poll", "report", "reports",
    "statement", "story", "study", "survey", "tally",
};
/* clang-format on */
CC_WORDSET_DEFINE(according_nouns_set, according_nouns, 32);

/* clang-format off */
static const char *const linking_words[] = {
    "by", "carried", "from", "in", "of", "on", "published",
};
/* clang-format on */
CC_WORDSET_DEFINE(linking_words_set, linking_words, 16);

/* Extends a phrase start back over ", " before it. */
static size_t phrase_back(const struct finder *f, size_t s)
{
    size_t p = s;
    while (p > f->a && (f->t[p - 1] == ' ' || f->t[p - 1] == '\t')) {
        p--;
    }
    if (p > f->a && (f->t[p - 1] == ',' || f->t[p - 1] == ';')) {
        return p - 1;
    }
    return s;
}

static int according_to(struct finder *f, size_t i)
{
    const char *t = f->t;
    size_t j = i + 2;
    if (j >= f->w.n) {
        return 0;
    }
    if (word_is(t, &f->w.v[j], "a") || word_is(t, &f->w.v[j], "an")) {
        j++;
    }
    if (j < f->w.n && IN_WORDS(according_nouns, t + f->w.v[j].s, f->w.v[j].e - f->w.v[j].s)) {
        j++;
        if (j < f->w.n && IN_WORDS(linking_words, t + f->w.v[j].s, f->w.v[j].e - f->w.v[j].s)) {
            j++;
        }
    }
    if (j >= f->w.n) {
        return 0;
    }
    size_t x0 = j;
    if (word_is(t, &f->w.v[j], "the") && j + 1 < f->w.n && (f->w.v[j + 1].f & W_CAP)) {
        x0 = j; /* the registry drops a leading "the" */
        j++;
    }
    const struct word *first = &f->w.v[j];
    if (!(first->f & W_CAP) && !word_is_domain(t, first)) {
        return 0; /* "according to officials", "according to the data" */
    }
    size_t x1 = name_run_forward(f, j);
    size_t pe = f->w.v[x1 - 1].e;
    struct cc_registry_match m;
    size_t end;
    size_t ps = phrase_back(f, f->w.v[i].s);
    /* "according to Reuters' report" */
    if (x1 < f->w.n && (f->w.v[x1].f & W_SPACE) &&
        IN_WORDS(according_nouns, t + f->w.v[x1].s, f->w.v[x1].e - f->w.v[x1].s)) {
        pe = f->w.v[x1].e;
    }
    if (ps == f->w.v[i].s && pe < f->b && t[pe] == ',') {
        pe++; /* "According to Reuters, ..." */
    }
    if (resolve_forward(f, x0, x1, &end, &m)) {
        size_t s = f->w.v[x0].s;
        size_t e = url_end(f, f->w.v[end - 1].e);
        if (overlaps(f, s, e)) {
            return 0;
        }
        return add(f, s, e, ps, CC_MAX(pe, e), m.outlet, CC_CITATION_ACCORDING, m.ambiguous);
    }
    size_t s = f->w.v[j].s;
    size_t e = f->w.v[x1 - 1].e;
    if (overlaps(f, s, e)) {
        return 0;
    }
    if (is_placeholder(t, s, e)) {
        return add(f, s, e, ps, pe, NULL, CC_CITATION_PLACEHOLDER, false);
    }
    for (size_t k = j; k < x1; k++) {
        if (word_is_domain(t, &f->w.v[k])) {
            return add(f, f->w.v[k].s, f->w.v[k].e, ps, pe, NULL, CC_CITATION_ACCORDING, false);
        }
    }
    if (newsy_name(f, x0, x1)) {
        return add(f, f->w.v[x0].s, e, ps, pe, NULL, CC_CITATION_ACCORDING, false);
    }
    return 0; /* a person or an official: not a source */
}

/* Verbs after a source as subject ("Reuters reported"). said/says/told
 * only count for unambiguous outlets. */
/* clang-format off */
static const char *const subject_verbs[] = {
    "added", "aired", "broke", "carried", "cited", "claimed", "confirmed", "learned", "learnt",
    "noted", "posted", "published", "quoted", "quotes", "reported", "reporting", "reports",
    "revealed", "said", "says", "stated", "tweeted", "writes", "wrote",
};
/* clang-format on */
CC_WORDSET_DEFINE(subject_verbs_set, subject_verbs, 64);

/* clang-format off */
static const char *const weak_verbs[] = {
    "added", "claimed", "confirmed", "noted", "posted", "said", "says", "stated", "tweeted",
};
/* clang-format on */
CC_WORDSET_DEFINE(weak_verbs_set, weak_verbs, 32);

/* clang-format off */
static const char *const aux_words[] = {
    "agency", "also", "channel", "daily", "earlier", "exclusively", "first", "had", "has", "have",
    "later", "newspaper", "originally", "portal", "previously", "separately", "then", "too",
    "was", "website",
};
/* clang-format on */
CC_WORDSET_DEFINE(aux_words_set, aux_words, 64);

/* clang-format off */
static const char *const report_nouns[] = {
    "analysis", "article", "coverage", "dispatch", "report", "reporting", "reports", "story",
};
/* clang-format on */
CC_WORDSET_DEFINE(report_nouns_set, report_nouns, 16);

static int subject_form(struct finder *f, size_t i)
{
    const char *t = f->t;
    const struct word *cue = &f->w.v[i];
    size_t clen = cue->e - cue->s;
    bool verb = IN_WORDS(subject_verbs, t + cue->s, clen);
    bool noun = IN_WORDS(report_nouns, t + cue->s, clen);
    if ((!verb && !noun) || i == 0 || !(cue->f & W_SPACE)) {
        return 0;
    }
    size_t j = i; /* the run ends before word j */
    if (verb) {
        while (j > 0 && (f->w.v[j].f & W_SPACE) &&
               IN_WORDS(aux_words, t + f->w.v[j - 1].s, f->w.v[j - 1].e - f->w.v[j - 1].s) &&
               !(f->w.v[j - 1].f & W_CAP)) {
            j--;
        }
        if (j == 0 || !(f->w.v[j].f & W_SPACE)) {
            return 0;
        }
    } else if (!(f->w.v[i - 1].f & W_POSS)) {
        return 0; /* "X's report" needs the possessive */
    }
    /* The run of name words ending at j. */
    size_t r = j;
    while (r > 0 && j - r < NAME_MAX_WORDS) {
        const struct word *w = &f->w.v[r - 1];
        bool name = (w->f & W_CAP) || word_is_domain(t, w);
        if (!name) {
            break;
        }
        if (r < j && (w->f & W_POSS)) {
            break;
        }
        r--;
        if (!(w->f & W_SPACE)) {
            break;
        }
    }
    if (r == j) {
        return 0;
    }
    struct cc_registry_match m;
    size_t s_idx;
    if (!resolve_backward(f, r, j, &s_idx, &m)) {
        /* An unknown lowercase domain ("thehindu.com reported"); a
         * capitalised one is more often a company ("Amazon.com reported"). */
        size_t k = j - 1;
        if (word_is_domain(t, &f->w.v[k]) && (f->w.v[k].f & W_LOWER) &&
            !overlaps(f, f->w.v[k].s, f->w.v[k].e)) {
            return add(f, f->w.v[k].s, f->w.v[k].e, f->w.v[k].s, cue->e, NULL, CC_CITATION_REPORTED,
                       false);
        }
        return 0;
    }
    if (m.ambiguous && (IN_WORDS(weak_verbs, t + cue->s, clen))) {
        return 0; /* "Dawn said": could be anyone called Dawn */
    }
    size_t s = f->w.v[s_idx].s;
    size_t e = f->w.v[j - 1].e;
    /* A sentence-initial common word resolving by accident is unlikely: the
     * registry only knows outlets. */
    if (overlaps(f, s, e)) {
        return 0;
    }
    size_t pe = cue->e;
    if (i + 1 < f->w.n && word_is(t, &f->w.v[i + 1], "that") && (f->w.v[i + 1].f & W_SPACE)) {
        pe = f->w.v[i + 1].e;
    }
    return add(f, s, e, s, pe, m.outlet, CC_CITATION_REPORTED, m.ambiguous);
}

struct object_cue {
    const char *w1;
    const char *w2; /* NULL: one word */
    bool weak;      /* people: ambiguous aliases do not count */
};

static const struct object_cue object_cues[] = {
    {"reported", "by", false},  {"published", "by", false}, {"carried", "by", false},
    {"quoted", "by", false},    {"cited", "by", false},     {"report", "by", false},
    {"reports", "by", false},   {"report", "in", false},    {"reports", "in", false},
    {"published", "in", false}, {"reported", "in", false},  {"writing", "in", false},
    {"wrote", "in", false},     {"reported", "on", false},  {"published", "on", false},
    {"appeared", "in", false},  {"appeared", "on", false},  {"aired", "on", false},
    {"broadcast", "on", false}, {"told", NULL, true},       {"interview", "with", true},
    {"speaking", "to", true},   {"spoke", "to", true},      {"talking", "to", true},
    {"via", NULL, false},
};

/* The first words of object_cues, sorted: most words are none of them. */
/* clang-format off */
static const char *const object_cue_heads[] = {
    "aired", "appeared", "broadcast", "carried", "cited", "interview", "published", "quoted",
    "report", "reported", "reports", "speaking", "spoke", "talking", "told", "via", "writing",
    "wrote",
};
/* clang-format on */
CC_WORDSET_DEFINE(object_cue_heads_set, object_cue_heads, 64);

static int object_form(struct finder *f, size_t i)
{
    const char *t = f->t;
    if (!IN_WORDS(object_cue_heads, t + f->w.v[i].s, f->w.v[i].e - f->w.v[i].s)) {
        return 0;
    }
    for (size_t k = 0; k < CC_ARRAY_LEN(object_cues); k++) {
        const struct object_cue *oc = &object_cues[k];
        if (!word_is(t, &f->w.v[i], oc->w1)) {
            continue;
        }
        size_t j = i + 1;
        if (oc->w2) {
            if (j >= f->w.n || !word_is(t, &f->w.v[j], oc->w2) || !(f->w.v[j].f & W_SPACE)) {
                continue;
            }
            j++;
        }
        if (j >= f->w.n || !(f->w.v[j].f & W_SPACE)) {
            continue;
        }
        size_t x0 = j;
        if (word_is(t, &f->w.v[j], "the") && j + 1 < f->w.n && (f->w.v[j + 1].f & W_CAP)) {
            j++;
        }
        const struct word *first = &f->w.v[j];
        if (!(first->f & W_CAP) && !word_is_domain(t, first)) {
            continue;
        }
        size_t x1 = name_run_forward(f, j);
        struct cc_registry_match m;
        size_t end;
        size_t ps = f->w.v[i].s;
        if (word_is(t, &f->w.v[i], "reported") || word_is(t, &f->w.v[i], "published")) {
            /* "as reported by X" */
            if (i > 0 && word_is(t, &f->w.v[i - 1], "as")) {
                ps = phrase_back(f, f->w.v[i - 1].s);
            }
        }
        if (resolve_forward(f, x0, x1, &end, &m)) {
            if (m.ambiguous && oc->weak) {
                continue;
            }
            size_t s = f->w.v[x0].s;
            size_t e = url_end(f, f->w.v[end - 1].e);
            if (overlaps(f, s, e)) {
                return 0;
            }
            return add(f, s, e, ps, e, m.outlet, CC_CITATION_REPORTED, m.ambiguous);
        }
        if (word_is_domain(t, first) && !overlaps(f, first->s, first->e)) {
            size_t e = url_end(f, first->e);
            return add(f, first->s, e, ps, e, NULL, CC_CITATION_REPORTED, false);
        }
    }
    return 0;
}

/* "... the ceasefire held. — Reuters" / "- AP" at the end of the sentence. */
static int credit_line(struct finder *f)
{
    const char *t = f->t;
    if (f->w.n == 0) {
        return 0;
    }
    size_t last = f->w.n;
    size_t first = last;
    while (first > 0 && last - first < 3 && (f->w.v[first - 1].f & W_CAP)) {
        first--;
        if (!(f->w.v[first].f & W_SPACE)) {
            break;
        }
    }
    if (first == last) {
        return 0;
    }
    size_t s = f->w.v[first].s;
    size_t p = s;
    while (p > f->a && t[p - 1] == ' ') {
        p--;
    }
    bool dash = (p > f->a && t[p - 1] == '-') ||
                (p >= f->a + 3 && (memcmp(t + p - 3, "\xe2\x80\x94", 3) == 0 ||
                                   memcmp(t + p - 3, "\xe2\x80\x93", 3) == 0));
    if (!dash) {
        return 0;
    }
    size_t e = f->w.v[last - 1].e;
    struct cc_registry_match m;
    if (!match(f, s, e, &m) || overlaps(f, s, e)) {
        return 0;
    }
    size_t ps = p - 1;
    while (ps > f->a && ((unsigned char)t[ps] & 0xC0) == 0x80) {
        ps--;
    }
    return add(f, s, e, ps, f->b, m.outlet, CC_CITATION_REPORTED, m.ambiguous);
}

/* Every word that can start a cue of object_form or subject_form. */
/* clang-format off */
static const char *const cue_words[] = {
    "added", "aired", "analysis", "appeared", "article", "broadcast", "broke", "carried", "cited",
    "claimed", "confirmed", "coverage", "dispatch", "interview", "learned", "learnt", "noted",
    "posted", "published", "quoted", "quotes", "report", "reported", "reporting", "reports",
    "revealed", "said", "says", "speaking", "spoke", "stated", "story", "talking", "told",
    "tweeted", "via", "writes", "writing", "wrote",
};
/* clang-format on */
CC_WORDSET_DEFINE(cue_words_set, cue_words, 128);

/* Lengths of the cue words by first letter (bit n: some cue word of n
 * letters starts with that letter), built once: most words of a sentence
 * ("the", "and", names) are ruled out without the key copy and the hash
 * look-up of IN_WORDS (bench/claims.sh: may_cite asks for every word of
 * every sentence). */
static uint16_t cue_lengths[26];
static pthread_once_t cue_lengths_once = PTHREAD_ONCE_INIT;

static void cue_lengths_init(void)
{
    for (size_t i = 0; i < CC_ARRAY_LEN(cue_words); i++) {
        size_t n = strlen(cue_words[i]);
        unsigned char c = (unsigned char)cue_words[i][0];
        if (c >= 'a' && c <= 'z' && n < 16) {
            cue_lengths[c - 'a'] |= (uint16_t)(1u << n);
        }
    }
}

/* Could s[0..n) (ASCII letters, any case) be a cue word? False means no;
 * true means ask IN_WORDS. */
static bool cue_maybe(const char *s, size_t n)
{
    unsigned char c = (unsigned char)(s[0] | 0x20);
    if (n >= 16 || c < 'a' || c > 'z') {
        return true;
    }
    pthread_once(&cue_lengths_once, cue_lengths_init);
    return (cue_lengths[c - 'a'] >> n) & 1u;
}

static int find_cues(struct finder *f)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < f->w.n; i++) {
        const struct word *w = &f->w.v[i];
        if (word_is(f->t, w, "according") && i + 1 < f->w.n &&
            word_is(f->t, &f->w.v[i + 1], "to")) {
            rc = according_to(f, i);
            continue;
        }
        size_t wl = w->e - w->s;
        if (wl < 3 || wl > 11 || !cue_maybe(f->t + w->s, wl) ||
            !IN_WORDS(cue_words, f->t + w->s, wl)) {
            continue; /* most words are no cue at all */
        }
        rc = object_form(f, i);
        if (rc == 0 && (w->f & W_LOWER)) {
            rc = subject_form(f, i);
        }
    }
    if (rc == 0) {
        rc = credit_line(f);
    }
    return rc;
}

/* ---- 3. domains and URLs -------------------------------------------------------- */

/* clang-format off */
static const char *const domain_cues[] = {
    "at", "from", "in", "on", "see", "via", "visit",
};
/* clang-format on */
CC_WORDSET_DEFINE(domain_cues_set, domain_cues, 16);

static int find_domains(struct finder *f)
{
    const char *t = f->t;
    size_t i = f->a;
    while (i < f->b) {
        char c = t[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool boundary =
            i == f->a ||
            !((t[i - 1] >= 'a' && t[i - 1] <= 'z') || (t[i - 1] >= 'A' && t[i - 1] <= 'Z') ||
              (t[i - 1] >= '0' && t[i - 1] <= '9') || t[i - 1] == '.' || t[i - 1] == '-' ||
              t[i - 1] == '@' || t[i - 1] == '/' || (unsigned char)t[i - 1] >= 0x80);
        if (!alnum || !boundary) {
            i++;
            continue;
        }
        size_t s = i;
        bool scheme = false;
        if (f->b - i > 8 && (ieq(t + i, 7, "http://") || ieq(t + i, 8, "https://"))) {
            i += t[i + 4] == ':' ? 7 : 8;
            scheme = true;
        }
        size_t hs = i;
        while (i < f->b &&
               ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
                (t[i] >= '0' && t[i] <= '9') || t[i] == '-' ||
                (t[i] == '.' && i + 1 < f->b &&
                 ((t[i + 1] >= 'a' && t[i + 1] <= 'z') || (t[i + 1] >= 'A' && t[i + 1] <= 'Z') ||
                  (t[i + 1] >= '0' && t[i + 1] <= '9'))))) {
            i++;
        }
        size_t he = i;
        if (!is_hostname(t, hs, he)) {
            if (i == s) {
                i++;
            }
            continue;
        }
        bool path = false;
        if (i < f->b && t[i] == '/') {
            path = i + 1 < f->b && t[i + 1] != ' ';
            while (i < f->b && t[i] != ' ' && t[i] != '\n' && t[i] != ')' && t[i] != ']' &&
                   t[i] != '"' && (unsigned char)t[i] < 0x80) {
                i++;
            }
            while (i > he && (t[i - 1] == '.' || t[i - 1] == ',' || t[i - 1] == ';')) {
                i--;
            }
        }
        size_t e = i;
        if (overlaps(f, s, e)) {
            continue;
        }
        struct cc_registry_match m;
        int rc = 0;
        if (match(f, s, e, &m)) {
            rc = add(f, s, e, s, e, m.outlet, CC_CITATION_DOMAIN, false);
        } else {
            bool www = he - hs > 4 && ieq(t + hs, 4, "www.");
            bool cue = false;
            size_t p = s;
            while (p > f->a && t[p - 1] == ' ') {
                p--;
            }
            size_t q = p;
            while (q > f->a &&
                   ((t[q - 1] >= 'a' && t[q - 1] <= 'z') || (t[q - 1] >= 'A' && t[q - 1] <= 'Z'))) {
                q--;
            }
            cue = q < p && p < s && IN_WORDS(domain_cues, t + q, p - q);
            if (www || scheme || path || cue) {
                rc = add(f, s, e, s, e, NULL, CC_CITATION_DOMAIN, false);
            }
        }
        if (rc) {
            return rc;
        }
    }
    return 0;
}

/* ---- API ---------------------------------------------------------------------------- */

static int cmp_start(const void *x, const void *y)
{
    const struct cc_citation *a = x;
    const struct cc_citation *b = y;
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    return 0;
}

/* Can text[a..b) hold a citation at all? Brackets, a dotted word (a domain),
 * a dash (a credit line) or a cue word are needed; most sentences of a long
 * article have none, and this scan is much cheaper than the finder. */
static bool may_cite(const char *t, size_t a, size_t b)
{
    size_t i = a;
    bool first = true;
    while (i < b) {
        unsigned char c = (unsigned char)t[i];
        if (c == '(' || c == '[') {
            return true;
        }
        /* A dash between spaces: " - AP", " \u2014 Reuters" (not hyphens). */
        if ((c == '-' && i > a && t[i - 1] == ' ') ||
            (c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
             ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94))) {
            return true;
        }
        if (c == '.' && i + 1 < b && i > a &&
            ((t[i + 1] >= 'a' && t[i + 1] <= 'z') || (t[i + 1] >= 'A' && t[i + 1] <= 'Z'))) {
            return true;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            size_t s = i;
            while (i < b && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))) {
                i++;
            }
            size_t n = i - s;
            /* Cue words are lowercase, except the first word ("Writing in
             * Dawn, ...", "According to ..."). */
            if (n >= 3 && n <= 11 && ((c >= 'a' && c <= 'z') || first) &&
                ((cue_maybe(t + s, n) && IN_WORDS(cue_words, t + s, n)) ||
                 (n == 9 && ieq(t + s, n, "according")))) {
                return true;
            }
            first = false;
            continue;
        }
        i++;
    }
    return false;
}

int cc_citations_find(struct cc_citation_list *out, const struct cc_registry *reg, const char *text,
                      size_t start, size_t end, struct cc_error *err)
{
    if (!may_cite(text, start, end)) {
        return 0;
    }
    /* Field by field: the word array on the stack is written before it
     * is read, and clearing its 2 KiB per sentence showed in profiles. */
    struct finder f;
    f.out = out;
    f.first = out->n;
    f.reg = reg;
    f.t = text;
    f.a = start;
    f.b = end;
    f.w.v = f.w.local;
    f.w.n = 0;
    f.w.alloc = LOCAL_WORDS;
    int rc = split_words(&f.w, text, start, end);
    if (rc == 0) {
        rc = find_brackets(&f);
    }
    if (rc == 0) {
        rc = find_cues(&f);
    }
    if (rc == 0) {
        rc = find_domains(&f);
    }
    if (f.w.v != f.w.local) {
        cc_free(f.w.v);
    }
    if (rc) {
        out->n = f.first;
        return cc_error_set(err, rc, NULL, "out of memory finding citations");
    }
    if (out->n - f.first > 1) {
        cc_sort(out->v + f.first, out->n - f.first, sizeof(*out->v), cmp_start);
    }
    return 0;
}

int cc_citations_add_link(struct cc_citation_list *out, const struct cc_registry *reg, size_t start,
                          size_t end, const char *url, bool *added, struct cc_error *err)
{
    if (added) {
        *added = false;
    }
    if (!reg || !url) {
        return 0;
    }
    const struct cc_outlet *o = cc_registry_find_domain(reg, url);
    if (!o) {
        return 0;
    }
    for (size_t i = 0; i < out->n; i++) {
        if (out->v[i].outlet == o && out->v[i].start < end && start < out->v[i].end) {
            return 0; /* "[Reuters](https://reuters.com/...)": already cited by name */
        }
    }
    struct finder f;
    memset(&f, 0, sizeof(f));
    f.out = out;
    f.first = out->n;
    if (add(&f, start, end, start, start, o, CC_CITATION_LINK, false)) {
        return cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
    }
    if (added) {
        *added = true;
    }
    return 0;
}

/* Words a sentence that only attributes may hold besides its citations. */
/* clang-format off */
static const char *const filler_words[] = {
    "a", "about", "according", "additionally", "again", "all", "also", "an", "and", "are",
    "article", "as", "at", "been", "besides", "both", "by", "carried", "cited", "claim", "claims",
    "confirmed", "coverage", "covered", "covering", "covers", "details", "development",
    "developments", "each", "earlier", "event", "example", "first", "for", "further",
    "furthermore", "had", "has", "have", "here", "in", "information", "is", "it", "its",
    "likewise", "matter", "more", "moreover", "news", "of", "offer", "offers", "on", "original",
    "per", "piece", "published", "report", "reported", "reporting", "reports", "said", "same",
    "says", "see", "similarly", "so", "source", "sources", "stories", "story", "that", "the",
    "their", "them", "there", "these", "they", "this", "those", "to", "too", "update", "updates",
    "was", "were", "which", "with", "wrote",
};
/* clang-format on */
CC_WORDSET_DEFINE(filler_words_set, filler_words, 256);

bool cc_citations_only(const char *text, size_t start, size_t end, const struct cc_citation *cites,
                       size_t ncites)
{
    if (ncites == 0) {
        return false;
    }
    size_t i = start;
    while (i < end) {
        /* Inside a citation phrase or source span? */
        bool skip = false;
        for (size_t k = 0; k < ncites; k++) {
            const struct cc_citation *c = &cites[k];
            if ((i >= c->phrase_start && i < c->phrase_end) || (i >= c->start && i < c->end)) {
                i = CC_MAX(c->phrase_end, c->end);
                skip = true;
                break;
            }
        }
        if (skip) {
            continue;
        }
        int32_t cp;
        size_t n = dec(text, i, end, &cp);
        if (!is_word_cp(cp)) {
            i += n;
            continue;
        }
        size_t s = i;
        while (i < end) {
            int32_t c1;
            size_t n1 = dec(text, i, end, &c1);
            if (!is_word_cp(c1) &&
                !(is_apos(c1) && i + n1 < end && is_word_cp((unsigned char)text[i + n1]))) {
                break;
            }
            i += n1;
        }
        if (!IN_WORDS(filler_words, text + s, i - s)) {
            return false;
        }
    }
    return true;
}

int cc_citations_strip(struct cc_buf *out, const char *text, size_t start, size_t end,
                       const struct cc_citation *cites, size_t ncites)
{
    size_t base = out->len;
    if (ncites == 0) {
        /* No citation: the sentence with line breaks as spaces. */
        int rc = cc_buf_add(out, text + start, end - start);
        for (size_t k = base; rc == 0 && k < out->len; k++) {
#ifdef __SSE2__
            /* Sixteen bytes without a line break or tab at a time. */
            while (out->len - k >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(out->buf + k));
                __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
                if (_mm_movemask_epi8(hit)) {
                    break;
                }
                k += 16;
            }
            if (k >= out->len) {
                break;
            }
#endif
            if (out->buf[k] == '\n' || out->buf[k] == '\t') {
                out->buf[k] = ' ';
            }
        }
        return rc;
    }
    size_t i = start;
    int rc = 0;
    int depth = 0;    /* open brackets written so far: stray closers are dropped */
    bool cut = false; /* a phrase was cut since the last word character */
    size_t next = 0;  /* i < next: i is in no phrase (the nearest starts at next) */
    while (i < end && rc == 0) {
        if (i >= next) {
            bool skip = false;
            size_t nearest = end;
            for (size_t k = 0; k < ncites; k++) {
                const struct cc_citation *c = &cites[k];
                if (c->phrase_end > c->phrase_start && i >= c->phrase_start && i < c->phrase_end) {
                    i = c->phrase_end;
                    skip = true;
                    cut = true;
                    break;
                }
                if (c->phrase_end > c->phrase_start && c->phrase_start > i &&
                    c->phrase_start < nearest) {
                    nearest = c->phrase_start;
                }
            }
            if (skip) {
                continue;
            }
            next = nearest;
        }
        char ch = text[i];
        if ((ch == ' ' || ch == '\n' || ch == '\t') &&
            (out->len == base || out->buf[out->len - 1] == ' ')) {
            i++;
            continue;
        }
        if (ch == '(' || ch == '[') {
            depth++;
        } else if (ch == ')' || ch == ']') {
            if (depth == 0) {
                i++;
                continue;
            }
            depth--;
        }
        /* A bullet left behind by "* [Arabnews.pk]". */
        if (ch == '*' && (out->len == base || out->buf[out->len - 1] == ' ') &&
            (i + 1 >= end || text[i + 1] == ' ' || text[i + 1] == '.')) {
            i++;
            continue;
        }
        /* "cooperation. ." -> "cooperation." */
        if ((ch == '.' || ch == ',') && cut && out->len > base) {
            size_t q = out->len;
            while (q > base && out->buf[q - 1] == ' ') {
                q--;
            }
            if (q > base &&
                (out->buf[q - 1] == '.' || out->buf[q - 1] == '!' || out->buf[q - 1] == '?')) {
                i++;
                continue;
            }
        }
        if ((ch == '.' || ch == ',' || ch == ';' || ch == '!' || ch == '?' || ch == ')') &&
            out->len > base && out->buf[out->len - 1] == ' ') {
            out->len--; /* "plots ." -> "plots." */
            out->buf[out->len] = '\0';
        }
        if ((ch == '.' || ch == ',') && out->len > base &&
            (out->buf[out->len - 1] == ',' || out->buf[out->len - 1] == ';')) {
            out->len--; /* "lives, ." -> "lives." */
            out->buf[out->len] = '\0';
        }
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
            cut = false;
        }
        rc = cc_buf_putc(out, ch == '\n' || ch == '\t' ? ' ' : ch);
        i++;
    }
    while (rc == 0 && out->len > base &&
           (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == ',')) {
        out->len--;
        out->buf[out->len] = '\0';
    }
    return rc;
}
