/*
 * text.c: tokens, folding, stop words, stems, numbers, dates, names and
 * quoted phrases for matching (see text.h).
 *
 * Two passes: a scanner cuts the input into raw word tokens and records
 * what the matcher needs around them (capitalisation, sentence starts,
 * quote nesting, a currency sign, the one separator before a token so that
 * "22/4/2025" and "twenty-six" can be read back); a second pass turns
 * them into terms, reading numbers, number words and dates across tokens.
 */
#include "core/common.h"

#include <libstemmer.h>
#include <math.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/text.h"
#include "core/utf8.h"
#include "core/wordset.h"

#include "core/banned.h"

/* ---- stop words -------------------------------------------------------------------- */

/* Snowball's English stop list (snowballstem.org english/stop.txt), with
 * straight apostrophes, plus reporting words that carry no fact in news
 * ("said", "says", "say", "also", "new") and the possessive leftovers "s"
 * and "t". Sorted for bsearch. */
static const char *const stop_words[] = {
    "a",       "about",      "above",     "after",     "again",    "against",  "all",
    "also",    "am",         "an",        "and",       "any",      "are",      "aren't",
    "as",      "at",         "be",        "because",   "been",     "before",   "being",
    "below",   "between",    "both",      "but",       "by",       "can't",    "cannot",
    "could",   "couldn't",   "did",       "didn't",    "do",       "does",     "doesn't",
    "doing",   "don't",      "down",      "during",    "each",     "few",      "for",
    "from",    "further",    "had",       "hadn't",    "has",      "hasn't",   "have",
    "haven't", "having",     "he",        "he'd",      "he'll",    "he's",     "her",
    "here",    "here's",     "hers",      "herself",   "him",      "himself",  "his",
    "how",     "how's",      "i",         "i'd",       "i'll",     "i'm",      "i've",
    "if",      "in",         "into",      "is",        "isn't",    "it",       "it's",
    "its",     "itself",     "let's",     "me",        "more",     "most",     "mustn't",
    "my",      "myself",     "new",       "no",        "nor",      "not",      "of",
    "off",     "on",         "once",      "only",      "or",       "other",    "ought",
    "our",     "ours",       "ourselves", "out",       "over",     "own",      "s",
    "said",    "same",       "say",       "says",      "shan't",   "she",      "she'd",
    "she'll",  "she's",      "should",    "shouldn't", "so",       "some",     "such",
    "t",       "than",       "that",      "that's",    "the",      "their",    "theirs",
    "them",    "themselves", "then",      "there",     "there's",  "these",    "they",
    "they'd",  "they'll",    "they're",   "they've",   "this",     "those",    "through",
    "to",      "too",        "under",     "until",     "up",       "very",     "was",
    "wasn't",  "we",         "we'd",      "we'll",     "we're",    "we've",    "were",
    "weren't", "what",       "what's",    "when",      "when's",   "where",    "where's",
    "which",   "while",      "who",       "who's",     "whom",     "why",      "why's",
    "will",    "with",       "won't",     "would",     "wouldn't", "you",      "you'd",
    "you'll",  "you're",     "you've",    "your",      "yours",    "yourself", "yourselves",
};

CC_WORDSET_DEFINE(stop_set, stop_words, 512);

/* A word of the analyser (never holds a NUL byte). */
static bool is_stop(const char *word, size_t len)
{
    /* no stop word is 16 bytes or longer */
    return len > 0 && len < 16 && cc_wordset_has(&stop_set, word, len);
}

bool cc_text_is_stop_word(const char *word, size_t len)
{
    return !memchr(word, '\0', len) && is_stop(word, len);
}

/* ---- the text value ----------------------------------------------------------------- */

void cc_text_init(struct cc_text *t)
{
    struct cc_text init = CC_TEXT_INIT;
    *t = init;
}

void cc_text_release(struct cc_text *t)
{
    if (!t) {
        return;
    }
    cc_free(t->terms);
    cc_buf_release(&t->arena);
    cc_text_init(t);
}

const char *cc_text_term(const struct cc_text *t, size_t i)
{
    return t->arena.buf + t->terms[i].off;
}

/* ---- the analyser -------------------------------------------------------------------- */

struct rawtok {
    size_t start, end; /* input bytes */
    size_t foff, flen; /* case-folded form in a->fold */
    char sep;          /* the single non-space character between the previous token and
                        * this one ('/', '-', ','), ' ' for plain space, 0 otherwise */
    bool cap;          /* first letter upper case */
    bool allcaps;      /* two or more letters, all upper case */
    bool alpha;        /* has a letter */
    bool digit_start;  /* starts with a digit */
    bool sent_start;   /* first word of a sentence (or after ':' / a heading break) */
    bool currency;     /* preceded by $, £, €, ¥ or Rs */
    bool dotted;       /* dotted acronym: U.S., R.R. */
    unsigned quote;    /* 1-based quoted phrase, 0 outside */
    unsigned letters;
};

/* The stem cache: a word part (folded, apostrophes removed) -> its stem, or
 * "stop word". News text repeats its words, and the stemmer is a pure
 * function, so each distinct part is looked up and stemmed once. */
#define STEM_CACHE_SLOTS (1u << 16) /* a power of two; at most half used */
#define STEM_CACHE_BYTES (4u << 20) /* key and stem bytes before a reset */
#define STEM_STOP UINT32_MAX        /* stem_len of a stop word */

struct stem_slot {
    uint32_t hash;
    uint32_t key_off, key_len; /* in a->stems; key_len 0: empty slot */
    uint32_t stem_off, stem_len;
};

struct cc_text_analyzer {
    struct sb_stemmer *stemmer;
    struct rawtok *raw;
    size_t nraw, rawalloc;
    struct cc_buf fold;    /* case-folded raw tokens, NUL-separated */
    struct cc_buf scratch; /* one word being normalised */
    struct stem_slot *stem_slots; /* STEM_CACHE_SLOTS, or NULL: no cache */
    size_t nstems;
    struct cc_buf stems; /* the cache's keys and stems */
};

int cc_text_analyzer_new(struct cc_text_analyzer **out, struct cc_error *err)
{
    *out = NULL;
    struct cc_text_analyzer *a = cc_calloc(1, sizeof(*a));
    if (!a) {
        return cc_error_set(err, CC_ENOMEM, "text", "out of memory");
    }
    a->stemmer = sb_stemmer_new("english", NULL);
    if (!a->stemmer) {
        cc_free(a);
        return cc_error_set(err, CC_ERR, "libstemmer", "no English Snowball stemmer");
    }
    cc_buf_init(&a->fold, 0);
    cc_buf_init(&a->scratch, 0);
    cc_buf_init(&a->stems, 0);
    /* without it (no memory) words are stemmed each time */
    a->stem_slots = cc_calloc(STEM_CACHE_SLOTS, sizeof(*a->stem_slots));
    *out = a;
    return 0;
}

void cc_text_analyzer_free(struct cc_text_analyzer *a)
{
    if (!a) {
        return;
    }
    sb_stemmer_delete(a->stemmer);
    cc_free(a->raw);
    cc_buf_release(&a->fold);
    cc_buf_release(&a->scratch);
    cc_buf_release(&a->stems);
    cc_free(a->stem_slots);
    cc_free(a);
}

int cc_text_stem(struct cc_buf *out, struct cc_text_analyzer *a, const char *word, size_t len)
{
    if (len > INT_MAX) {
        len = INT_MAX;
    }
    const sb_symbol *s = sb_stemmer_stem(a->stemmer, (const sb_symbol *)word, (int)len);
    if (!s) {
        return CC_ENOMEM;
    }
    return cc_buf_add(out, s, (size_t)sb_stemmer_length(a->stemmer));
}

/* ---- scanning -------------------------------------------------------------------------- */

/* cc_utf8_is_* with the ASCII cases inline (cp may be -1: invalid). */
static inline bool is_letter(int32_t cp)
{
    return cp < 0x80 ? (uint32_t)((cp | 0x20) - 'a') < 26u : cc_utf8_is_letter(cp);
}

static inline bool is_digit(int32_t cp)
{
    return cp < 0x80 ? (uint32_t)(cp - '0') < 10u : cc_utf8_is_digit(cp);
}

static inline bool is_upper(int32_t cp)
{
    return cp < 0x80 ? (uint32_t)(cp - 'A') < 26u : cc_utf8_is_upper(cp);
}

static inline bool is_space(int32_t cp)
{
    return cp < 0x80 ? cp == ' ' || (uint32_t)(cp - '\t') <= (uint32_t)('\r' - '\t')
                     : cc_utf8_is_space(cp);
}

static bool is_word_cp(int32_t cp)
{
    return cp >= 0 && (is_letter(cp) || is_digit(cp));
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int32_t peek(const char *s, size_t len, size_t i, size_t *n)
{
    if (i >= len) {
        *n = 0;
        return -1;
    }
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    int32_t cp;
    *n = cc_utf8_decode(&cp, s + i, len - i);
    return cp;
}

static bool ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Scans one word token starting at s[i] (a letter or digit). Returns its end. */
static size_t scan_word(const char *s, size_t len, size_t i)
{
    size_t n;
    int32_t prev = -1;
    while (i < len) {
        int32_t cp = peek(s, len, i, &n);
        if (is_word_cp(cp)) {
            prev = cp;
            i += n;
            continue;
        }
        size_t n2;
        int32_t next = peek(s, len, i + n, &n2);
        if (is_apostrophe(cp) && next >= 0 && is_letter(next) && prev >= 0 &&
            is_letter(prev)) {
            i += n; /* Mother's, O'Mara, don't */
            continue;
        }
        if (cp == '.' && is_word_cp(next) && is_word_cp(prev)) {
            i += n; /* U.S, 8.6, arabnews.pk */
            continue;
        }
        if (cp == ',' && prev >= 0 && is_digit(prev) && i + 3 < len + 1 && i + 4 <= len &&
            ascii_digit(s[i + 1]) && ascii_digit(s[i + 2]) && ascii_digit(s[i + 3]) &&
            (i + 4 == len || !ascii_digit(s[i + 4]))) {
            i += 1; /* 12,664 */
            continue;
        }
        break;
    }
    return i;
}

static bool dotted_acronym(const char *w, size_t len)
{
    /* u.s / u.s.a / r.r: single letters separated by dots */
    if (len < 3) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        bool letter_pos = (i % 2) == 0;
        if (letter_pos && !((w[i] >= 'a' && w[i] <= 'z'))) {
            return false;
        }
        if (!letter_pos && w[i] != '.') {
            return false;
        }
    }
    return (len % 2) == 1;
}

static CC_NODISCARD int add_fold(struct cc_text_analyzer *a, struct rawtok *t, const char *s)
{
    t->foff = a->fold.len;
    bool ascii = true;
    for (size_t i = t->start; i < t->end; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            ascii = false;
            break;
        }
    }
    int rc;
    if (ascii) {
        rc = cc_buf_grow(&a->fold, t->end - t->start + 1);
        if (rc < 0) {
            return rc;
        }
        for (size_t i = t->start; i < t->end; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') {
                c = (char)(c - 'A' + 'a');
            }
            a->fold.buf[a->fold.len++] = c;
        }
        a->fold.buf[a->fold.len] = '\0';
    } else {
        /* Unicode case folding; curly apostrophes become straight ones. */
        cc_buf_reset(&a->scratch);
        rc = cc_utf8_casefold(&a->scratch, s + t->start, t->end - t->start);
        if (rc < 0) {
            return rc;
        }
        for (size_t i = 0; i < a->scratch.len; i++) {
            if (i + 2 < a->scratch.len && (unsigned char)a->scratch.buf[i] == 0xE2 &&
                (unsigned char)a->scratch.buf[i + 1] == 0x80 &&
                (unsigned char)a->scratch.buf[i + 2] == 0x99) {
                rc = cc_buf_addch(&a->fold, '\'');
                i += 2;
            } else {
                rc = cc_buf_addch(&a->fold, a->scratch.buf[i]);
            }
            if (rc < 0) {
                return rc;
            }
        }
    }
    t->flen = a->fold.len - t->foff;
    return cc_buf_addch(&a->fold, '\0');
}

/* Cuts the input into raw tokens (a->raw). */
static int scan(struct cc_text_analyzer *a, const char *s, size_t len)
{
    a->nraw = 0;
    cc_buf_reset(&a->fold);
    bool sent_start = true;
    bool dq_open = false, sq_open = false;
    unsigned dq_id = 0, sq_id = 0, nquotes = 0;
    bool currency = false;
    char sep = 0;
    int nsep = 0; /* non-space characters since the last token */
    size_t i = 0;
    int32_t prev_cp = ' ';
    while (i < len) {
        size_t n;
        int32_t cp = peek(s, len, i, &n);
        if (is_word_cp(cp)) {
            size_t end = scan_word(s, len, i);
            if (a->nraw == a->rawalloc) {
                int rc =
                    cc_array_grow((void **)&a->raw, &a->rawalloc, a->nraw + 1, sizeof(*a->raw));
                if (rc < 0) {
                    return rc;
                }
            }
            struct rawtok *t = &a->raw[a->nraw];
            memset(t, 0, sizeof(*t));
            t->start = i;
            t->end = end;
            t->sep = nsep == 0 ? ' ' : (nsep == 1 ? sep : 0);
            t->sent_start = sent_start;
            t->currency = currency;
            t->quote = sq_open ? sq_id : (dq_open ? dq_id : 0);
            unsigned upper = 0, letters = 0;
            size_t j = i;
            while (j < end) {
                size_t m;
                int32_t c = peek(s, len, j, &m);
                if (c >= 0 && is_letter(c)) {
                    letters++;
                    if (is_upper(c)) {
                        upper++;
                    }
                    if (letters == 1) {
                        t->cap = is_upper(c);
                    }
                }
                j += m ? m : 1;
            }
            t->letters = letters;
            t->alpha = letters > 0;
            t->allcaps = letters >= 2 && upper == letters;
            t->digit_start = ascii_digit(s[i]);
            int rc = add_fold(a, t, s);
            if (rc < 0) {
                return rc;
            }
            t->dotted = dotted_acronym(a->fold.buf + t->foff, t->flen);
            a->nraw++;
            sent_start = false;
            currency = false;
            nsep = 0;
            sep = 0;
            prev_cp = 'a';
            i = end;
            /* "U.S." and "Jan." end in a dot that does not end the sentence */
            if (i < len && s[i] == '.' &&
                (t->dotted || (t->letters <= 4 && t->cap && i + 1 < len && s[i + 1] == ' ' &&
                               i + 2 < len && s[i + 2] >= 'a' && s[i + 2] <= 'z'))) {
                i++;
            }
            continue;
        }
        if (cp < 0 || is_space(cp)) {
            if (cp >= 0 && (cp == '\n')) {
                sent_start = true;
            }
            prev_cp = ' ';
            i += n ? n : 1;
            continue;
        }
        nsep++;
        sep = cp < 0x80 ? (char)cp : 0;
        size_t n2;
        int32_t next = peek(s, len, i + n, &n2);
        bool next_word = next >= 0 && is_word_cp(next);
        bool prev_space = prev_cp == ' ' || prev_cp == '(' || prev_cp == '[' || prev_cp == '-';
        switch (cp) {
        case '.':
        case '!':
        case '?':
        case ':':
        case ';':
            sent_start = true;
            break;
        case '$':
        case 0x00A3: /* pound */
        case 0x20AC: /* euro */
        case 0x00A5: /* yen */
        case 0x20B9: /* rupee */
            currency = true;
            break;
        case '"':
            if (dq_open) {
                dq_open = false;
            } else {
                dq_open = true;
                dq_id = ++nquotes;
            }
            break;
        case 0x201C: /* left double */
            dq_open = true;
            dq_id = ++nquotes;
            break;
        case 0x201D: /* right double */
            dq_open = false;
            break;
        case '\'':
        case 0x2018:
        case 0x2019:
            if (!sq_open && prev_space && next_word && cp != 0x2019) {
                sq_open = true;
                sq_id = ++nquotes;
            } else if (sq_open && !next_word) {
                sq_open = false;
            }
            break;
        default:
            break;
        }
        prev_cp = cp < 0 ? ' ' : cp;
        i += n ? n : 1;
    }
    return (int)nquotes;
}

/* ---- numbers and dates ------------------------------------------------------------------ */

/* Number words and multipliers: the words (for a wordset) and, at the same
 * index, their values. */
static const char *const number_words[] = {
    "eight",     "eighteen", "eighty",  "eleven", "fifteen",  "fifty",    "five",
    "forty",     "four",     "fourteen", "nine",  "nineteen", "ninety",   "one",
    "seven",     "seventeen", "seventy", "six",   "sixteen",  "sixty",    "ten",
    "thirteen",  "thirty",   "three",   "twelve", "twenty",   "two",      "zero",
};
static const double number_values[] = {
    8, 18, 80, 11, 15, 50, 5, 40, 4, 14, 9, 19, 90, 1, 7, 17, 70, 6, 16, 60, 10, 13, 30, 3, 12, 20,
    2, 0,
};
CC_WORDSET_DEFINE(number_set, number_words, 64);

static const char *const multiplier_words[] = {
    "b", "bn", "billion", "crore", "k", "lakh", "m", "million", "mln", "mn", "thousand", "tn",
    "trillion",
};
static const double multiplier_values[] = {
    1e9, 1e9, 1e9, 1e7, 1e3, 1e5, 1e6, 1e6, 1e6, 1e6, 1e3, 1e12, 1e12,
};
CC_WORDSET_DEFINE(multiplier_set, multiplier_words, 32);

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};
static const size_t month_lens[] = {7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8};

/* The value of word w[0..len) (a word of the analyser: no NUL byte) in a
 * set of words/values, or -1. */
static double lookup(struct cc_wordset *set, const double *values, const char *w, size_t len)
{
    if (len == 0 || len > 16) {
        return -1;
    }
    int i = cc_wordset_find(set, w, len);
    return i < 0 ? -1 : values[i];
}

static double number_word(const char *w, size_t len)
{
    /* every number word has 3 to 9 letters and starts with one of these */
    if (len < 3 || len > 9 || !strchr("efnostz", w[0])) {
        return -1;
    }
    return lookup(&number_set, number_values, w, len);
}

static double multiplier_word(const char *w, size_t len)
{
    /* single letters only as suffixes ("100k"), not as separate words */
    if (len < 2) {
        return -1;
    }
    return lookup(&multiplier_set, multiplier_values, w, len);
}

static int month_of(const char *w, size_t len)
{
    for (int m = 0; m < 12; m++) {
        size_t ml = month_lens[m];
        if (len == ml && memcmp(w, months[m], len) == 0) {
            return m + 1;
        }
        /* Jan, Feb, Sept ... (not "mar"/"may" prefixes of other words: 3+ letters) */
        if (len >= 3 && len < ml && memcmp(w, months[m], len) == 0 &&
            (len == 3 || (m == 8 && len == 4))) {
            return m + 1;
        }
    }
    return 0;
}

/* Parses a folded numeric token "12,664", "1.5bn", "100k", "3rd", "1990s".
 * Returns true and *v when it is a number. */
static bool parse_numeric(const char *w, size_t len, double *v)
{
    char digits[64];
    size_t nd = 0, i = 0;
    bool dot = false;
    while (i < len && (ascii_digit(w[i]) || w[i] == ',' || (w[i] == '.' && !dot))) {
        if (w[i] == '.') {
            dot = true;
        }
        if (w[i] != ',') {
            if (nd + 1 >= sizeof(digits)) {
                return false;
            }
            digits[nd++] = w[i];
        }
        i++;
    }
    if (nd == 0 || digits[nd - 1] == '.') {
        return false;
    }
    double x;
    if (cc_parse_double(&x, digits, nd) < 0) {
        return false;
    }
    const char *suf = w + i;
    size_t sl = len - i;
    if (sl > 0) {
        double m = lookup(&multiplier_set, multiplier_values, suf, sl);
        if (m > 0) {
            x *= m;
        } else if (!((sl == 2 && (memcmp(suf, "st", 2) == 0 || memcmp(suf, "nd", 2) == 0 ||
                                  memcmp(suf, "rd", 2) == 0 || memcmp(suf, "th", 2) == 0 ||
                                  memcmp(suf, "pc", 2) == 0 || memcmp(suf, "am", 2) == 0 ||
                                  memcmp(suf, "pm", 2) == 0)) ||
                     (sl == 1 && suf[0] == 's') || (sl == 3 && memcmp(suf, "pct", 3) == 0))) {
            return false;
        }
    }
    *v = x;
    return true;
}

void cc_text_number_term(char out[32], double v)
{
    if (fabs(v) < 1e15 && fabs(v - round(v)) < 1e-9) {
        snprintf(out, 32, "#%lld", (long long)llround(v));
    } else {
        snprintf(out, 32, "#%.6g", v);
    }
}

/* ---- the second pass ---------------------------------------------------------------------- */

struct builder {
    struct cc_text *t;
    struct cc_text_analyzer *a;
    const char *s;
};

static const char *fw(const struct cc_text_analyzer *a, size_t k)
{
    return a->fold.buf + a->raw[k].foff;
}

static CC_NODISCARD int emit(struct builder *b, const char *term, size_t len, size_t k0, size_t k1,
                             unsigned flags, double value, int64_t day)
{
    struct cc_text *t = b->t;
    if (t->n == t->alloc) {
        int rc = cc_array_grow((void **)&t->terms, &t->alloc, t->n + 1, sizeof(*t->terms));
        if (rc < 0) {
            return rc;
        }
    }
    struct cc_term *x = &t->terms[t->n];
    x->off = t->arena.len;
    x->len = len;
    /* the term and its NUL, with one room check */
    int rc = cc_buf_grow(&t->arena, len + 1);
    if (rc < 0) {
        return rc;
    }
    memcpy(t->arena.buf + t->arena.len, term, len);
    t->arena.len += len;
    t->arena.buf[t->arena.len++] = '\0';
    t->arena.buf[t->arena.len] = '\0';
    x->start = b->a->raw[k0].start;
    x->end = b->a->raw[k1].end;
    x->quote = b->a->raw[k0].quote;
    x->flags = flags | (x->quote ? CC_TERM_QUOTED : 0u);
    x->value = value;
    x->day = day;
    t->n++;
    return 0;
}

static int64_t resolve_day(int64_t year, int mon, int mday, int64_t ref)
{
    if (mday < 1 || mday > cc_days_in_month(year > 0 ? year : 2000, mon)) {
        return INT64_MIN + 1; /* invalid */
    }
    if (year > 0) {
        return cc_days_from_civil(year, mon, mday) * 86400;
    }
    if (ref == CC_TIME_NONE) {
        return CC_TIME_NONE;
    }
    struct cc_tm tm;
    cc_time_to_tm(&tm, ref);
    int64_t y = tm.year;
    if (mday > cc_days_in_month(y, mon)) {
        y--; /* Feb 29 */
    }
    int64_t t = cc_days_from_civil(y, mon, mday) * 86400;
    /* a date without a year is the nearest one before ref + 62 days */
    if (t > ref + 62 * 86400) {
        y--;
        if (mday > cc_days_in_month(y, mon)) {
            return INT64_MIN + 1;
        }
        t = cc_days_from_civil(y, mon, mday) * 86400;
    }
    return t;
}

static bool small_int(const struct cc_text_analyzer *a, size_t k, int lo, int hi, int *out)
{
    const struct rawtok *r = &a->raw[k];
    const char *w = fw(a, k);
    size_t n = 0;
    while (n < r->flen && ascii_digit(w[n])) {
        n++;
    }
    if (n == 0 || n > 4) {
        return false;
    }
    /* allow an ordinal suffix */
    if (n != r->flen &&
        !(r->flen - n == 2 && (memcmp(w + n, "st", 2) == 0 || memcmp(w + n, "nd", 2) == 0 ||
                               memcmp(w + n, "rd", 2) == 0 || memcmp(w + n, "th", 2) == 0))) {
        return false;
    }
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (w[i] - '0');
    }
    if (v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

static bool is_year(const struct cc_text_analyzer *a, size_t k, int *y)
{
    return a->raw[k].flen == 4 && small_int(a, k, 1800, 2200, y);
}

/* Tries a date at raw token k; on success emits it and returns the number of
 * tokens used, else 0 (negative on error). */
static int try_date(struct builder *b, size_t k, int64_t ref)
{
    struct cc_text_analyzer *a = b->a;
    size_t n = a->nraw;
    int mon = 0, mday = 0, year = 0;
    size_t used = 0;
    const struct rawtok *r = &a->raw[k];
    int m = (r->alpha && r->cap && !r->digit_start) ? month_of(fw(a, k), r->flen) : 0;
    if (m && k + 1 < n && small_int(a, k + 1, 1, 31, &mday)) {
        mon = m; /* April 22[, 2025] */
        used = 2;
        if (k + 2 < n && is_year(a, k + 2, &year) &&
            (a->raw[k + 2].sep == ',' || a->raw[k + 2].sep == ' ')) {
            used = 3;
        }
    } else if (small_int(a, k, 1, 31, &mday) && k + 1 < n && a->raw[k + 1].cap &&
               (m = month_of(fw(a, k + 1), a->raw[k + 1].flen)) != 0 && a->raw[k + 1].sep == ' ') {
        mon = m; /* 22 April[ 2025] */
        used = 2;
        if (k + 2 < n && is_year(a, k + 2, &year) && a->raw[k + 2].sep == ' ') {
            used = 3;
        }
    } else if (k + 2 < n && a->raw[k + 1].sep == '/' && a->raw[k + 2].sep == '/') {
        int x, y;
        if (small_int(a, k, 1, 31, &x) && small_int(a, k + 1, 1, 31, &y) &&
            (is_year(a, k + 2, &year) || small_int(a, k + 2, 0, 99, &year))) {
            if (a->raw[k + 2].flen == 2) {
                year += 2000;
            }
            /* day first when it must be (22/4); else month first (US: 3/12/14) */
            if (x > 12) {
                mday = x;
                mon = y;
            } else {
                mon = x;
                mday = y;
            }
            used = 3;
        }
    } else if (k + 2 < n && a->raw[k + 1].sep == '-' && a->raw[k + 2].sep == '-' &&
               is_year(a, k, &year)) {
        if (small_int(a, k + 1, 1, 12, &mon) && small_int(a, k + 2, 1, 31, &mday)) {
            used = 3; /* 2025-04-22 */
        }
    }
    if (!used || mon < 1 || mon > 12) {
        return 0;
    }
    int64_t day = resolve_day(year, mon, mday, ref);
    if (day == INT64_MIN + 1) {
        return 0;
    }
    char term[16];
    snprintf(term, sizeof(term), "@%02d-%02d", mon, mday);
    int rc = emit(b, term, strlen(term), k, k + used - 1, CC_TERM_DATE, 0, day);
    return rc < 0 ? rc : (int)used;
}

/* Number words: "twenty-six", "one hundred", "two million". Returns tokens
 * used (0: not a number). */
static size_t number_words_at(const struct cc_text_analyzer *a, size_t k, double *out)
{
    size_t n = a->nraw;
    const struct rawtok *r = &a->raw[k];
    double v = number_word(fw(a, k), r->flen);
    if (v < 0) {
        return 0;
    }
    size_t used = 1;
    if (v >= 20 && k + 1 < n && (a->raw[k + 1].sep == '-' || a->raw[k + 1].sep == ' ')) {
        double u = number_word(fw(a, k + 1), a->raw[k + 1].flen);
        if (u >= 1 && u <= 9) {
            v += u;
            used++;
        }
    }
    bool scaled = false;
    if (k + used < n && a->raw[k + used].flen == 7 && memcmp(fw(a, k + used), "hundred", 7) == 0) {
        v *= 100;
        used++;
        scaled = true;
    }
    if (k + used < n) {
        double m = multiplier_word(fw(a, k + used), a->raw[k + used].flen);
        if (m > 0) {
            v *= m;
            used++;
            scaled = true;
        }
    }
    /* a lone "one" is a pronoun or an article far more often than a count */
    if (used == 1 && v == 1 && !scaled) {
        return 0;
    }
    *out = v;
    return used;
}

static uint32_t part_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* The stem of the word part in a->scratch (NULL: a stop word), through the
 * stem cache: *stem is borrowed until the next call. The part is stemmed
 * after its bytes in a->scratch when it is not cached. */
static CC_NODISCARD int part_stem(const char **stem, size_t *stem_len, struct cc_text_analyzer *a)
{
    const char *w = a->scratch.buf;
    size_t len = a->scratch.len;
    *stem = NULL;
    *stem_len = 0;
    struct stem_slot *slot = NULL;
    uint32_t h = 0;
    if (a->stem_slots && len <= 64) {
        h = part_hash(w, len);
        size_t mask = STEM_CACHE_SLOTS - 1;
        size_t i = h & mask;
        while (a->stem_slots[i].key_len) {
            struct stem_slot *x = &a->stem_slots[i];
            if (x->hash == h && x->key_len == len && memcmp(a->stems.buf + x->key_off, w, len) == 0) {
                if (x->stem_len != STEM_STOP) {
                    *stem = a->stems.buf + x->stem_off;
                    *stem_len = x->stem_len;
                }
                return 0;
            }
            i = (i + 1) & mask;
        }
        slot = &a->stem_slots[i];
    }
    bool stop = is_stop(w, len);
    size_t mark = len;
    if (!stop) {
        int rc = cc_text_stem(&a->scratch, a, w, mark);
        if (rc < 0) {
            return rc;
        }
        *stem = a->scratch.buf + mark;
        *stem_len = a->scratch.len - mark;
    }
    if (!slot) {
        return 0;
    }
    if (a->nstems + 1 > STEM_CACHE_SLOTS / 2 ||
        a->stems.len + len + *stem_len > STEM_CACHE_BYTES) {
        /* full: start again (the words of the texts now being read refill it) */
        memset(a->stem_slots, 0, STEM_CACHE_SLOTS * sizeof(*a->stem_slots));
        a->nstems = 0;
        cc_buf_reset(&a->stems);
        size_t i = h & (STEM_CACHE_SLOTS - 1);
        while (a->stem_slots[i].key_len) {
            i = (i + 1) & (STEM_CACHE_SLOTS - 1);
        }
        slot = &a->stem_slots[i];
    }
    size_t key_off = a->stems.len;
    /* a->scratch holds the part, then its stem */
    if (cc_buf_add(&a->stems, a->scratch.buf, stop ? len : a->scratch.len) < 0) {
        return 0; /* not cached; the stem in a->scratch stands */
    }
    slot->hash = h;
    slot->key_off = (uint32_t)key_off;
    slot->key_len = (uint32_t)len;
    slot->stem_off = (uint32_t)(key_off + len);
    slot->stem_len = stop ? STEM_STOP : (uint32_t)*stem_len;
    a->nstems++;
    return 0;
}

static CC_NODISCARD int emit_word(struct builder *b, size_t k, bool title_case, bool caps_text)
{
    struct cc_text_analyzer *a = b->a;
    const struct rawtok *r = &a->raw[k];
    const char *w = fw(a, k);
    size_t wl = r->flen;
    unsigned flags = 0;
    if (r->dotted) {
        /* U.S. -> "us": an acronym, never a stop word */
        char tmp[32];
        size_t tl = 0;
        for (size_t i = 0; i < wl && tl + 1 < sizeof(tmp); i++) {
            if (w[i] != '.') {
                tmp[tl++] = w[i];
            }
        }
        return emit(b, tmp, tl, k, k, CC_TERM_NAME, 0, 0);
    }
    if (is_stop(w, wl)) {
        return 0;
    }
    if ((r->allcaps && r->letters <= 6 && !caps_text) ||
        (r->cap && !r->sent_start && !title_case && !r->allcaps)) {
        flags |= CC_TERM_NAME;
    }
    /* Parts: "arabnews.pk" -> arabnews, pk; possessive 's dropped; other
     * apostrophes removed (O'Mara -> omara). */
    size_t i = 0;
    while (i < wl) {
        size_t j = i;
        while (j < wl && w[j] != '.') {
            j++;
        }
        size_t pl = j - i;
        const char *p = w + i;
        if (pl >= 2 && p[pl - 2] == '\'' && p[pl - 1] == 's') {
            pl -= 2;
        }
        cc_buf_reset(&a->scratch);
        int grc = cc_buf_grow(&a->scratch, pl);
        if (grc < 0) {
            return grc;
        }
        for (size_t x = 0; x < pl; x++) {
            if (p[x] != '\'') {
                a->scratch.buf[a->scratch.len++] = p[x];
            }
        }
        a->scratch.buf[a->scratch.len] = '\0';
        if (a->scratch.len > 0) {
            const char *stem;
            size_t stem_len;
            int rc = part_stem(&stem, &stem_len, a);
            if (rc == 0 && stem) {
                rc = emit(b, stem, stem_len, k, k, flags, 0, 0);
            }
            if (rc < 0) {
                return rc;
            }
        }
        i = j + 1;
    }
    return 0;
}

int cc_text_analyze(struct cc_text *out, struct cc_text_analyzer *a, const char *s, size_t len,
                    int64_t ref_time, struct cc_error *err)
{
    out->n = 0;
    out->nquotes = 0;
    out->title_case = false;
    cc_buf_reset(&out->arena);
    if (len > CC_TEXT_MAX_BYTES) {
        len = CC_TEXT_MAX_BYTES;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) {
            len--; /* never split a code point */
        }
    }
    int nq = scan(a, s, len);
    if (nq < 0) {
        return cc_error_set(err, nq, "text", "out of memory");
    }
    out->nquotes = (size_t)nq;
    /* Title Case / ALL CAPS: capitalisation then says nothing about names */
    size_t words = 0, caps = 0, allcaps = 0;
    for (size_t k = 0; k < a->nraw; k++) {
        const struct rawtok *r = &a->raw[k];
        if (!r->alpha || r->digit_start || r->letters < 2) {
            continue;
        }
        words++;
        if (r->allcaps) {
            allcaps++;
        }
        if (r->cap && !r->sent_start) {
            caps++;
        }
    }
    size_t inner = words;
    for (size_t k = 0; k < a->nraw; k++) {
        if (a->raw[k].sent_start && a->raw[k].alpha && a->raw[k].letters >= 2) {
            inner--;
        }
    }
    bool caps_text = words >= 3 && allcaps * 10 >= words * 6;
    out->title_case = caps_text || (inner >= 3 && caps * 10 >= inner * 6);

    struct builder b = {out, a, s};
    size_t k = 0;
    while (k < a->nraw) {
        const struct rawtok *r = &a->raw[k];
        int used = try_date(&b, k, ref_time);
        if (used < 0) {
            return cc_error_set(err, used, "text", "out of memory");
        }
        if (used > 0) {
            k += (size_t)used;
            continue;
        }
        double v;
        int rc = 0;
        if (r->digit_start && parse_numeric(fw(a, k), r->flen, &v)) {
            size_t u = 1;
            if (k + 1 < a->nraw) {
                double m = multiplier_word(fw(a, k + 1), a->raw[k + 1].flen);
                if (m > 0) {
                    v *= m;
                    u = 2;
                }
            }
            char term[32];
            cc_text_number_term(term, v);
            rc = emit(&b, term, strlen(term), k, k + u - 1, CC_TERM_NUMBER, v, 0);
            k += u;
        } else if (r->alpha && (used = (int)number_words_at(a, k, &v)) > 0) {
            char term[32];
            cc_text_number_term(term, v);
            rc = emit(&b, term, strlen(term), k, k + (size_t)used - 1, CC_TERM_NUMBER, v, 0);
            k += (size_t)used;
        } else {
            rc = emit_word(&b, k, out->title_case, caps_text);
            k++;
        }
        if (rc < 0) {
            return cc_error_set(err, rc, "text", "out of memory");
        }
    }
    return 0;
}

/* ---- attribution tail ---------------------------------------------------------------------- */

size_t cc_text_strip_attribution(const char *s, size_t len, const char **source, size_t *source_len)
{
    static const char key[] = "according to ";
    size_t kl = sizeof(key) - 1;
    size_t end = len;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '.' || s[end - 1] == '\n')) {
        end--;
    }
    /* the last "according to " whose tail holds no sentence end */
    for (size_t i = end >= kl ? end - kl + 1 : 0; i-- > 0;) {
        bool match = true;
        for (size_t j = 0; j < kl; j++) {
            char c = s[i + j];
            if (c >= 'A' && c <= 'Z') {
                c = (char)(c - 'A' + 'a');
            }
            if (c != key[j]) {
                match = false;
                break;
            }
        }
        if (!match) {
            continue;
        }
        if (i > 0 && s[i - 1] != ' ') {
            continue;
        }
        for (size_t j = i + kl; j < end; j++) {
            if ((s[j] == '.' && j + 1 < end && s[j + 1] == ' ') || s[j] == '!' || s[j] == '?') {
                return len;
            }
        }
        size_t body = i;
        while (body > 0 && (s[body - 1] == ' ' || s[body - 1] == ',')) {
            body--;
        }
        if (body == 0) {
            return len;
        }
        if (source) {
            *source = s + i + kl;
        }
        if (source_len) {
            *source_len = end - (i + kl);
        }
        return body;
    }
    return len;
}
