#include "core/common.h"

#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte skip of split_block */
#endif

#include "core/alloc.h"
#include "core/error.h"
#include "core/sentences.h"
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
 * How the splitter decides (the tests in tests/test_sentences.c hold one row
 * per rule, and the dev benchmark's 955 ", according to X." claims split
 * exactly; see docs/BENCHMARKS.md "claims"):
 *
 * - A candidate boundary is a run of . ! ? or an ellipsis, then closing
 *   quotes/brackets, then white space. No white space after it ("U.S.-led",
 *   "arabnews.pk", "1.5") is never a boundary.
 * - A '.' before a lowercase word is not a boundary. After a title (Mr, Gen,
 *   Lt) it never is. After an abbreviation that may also end a sentence
 *   (Inc., Jan., Calif., U.S., initials) it is one only when the next word
 *   is a typical sentence opener (The, He, In, ...) or an opening quote.
 *   "No." and the like before a digit never end a sentence.
 * - An ellipsis ends a sentence only when glued to the word before it and
 *   followed by an opener ("horse... And pursue peace" stays whole).
 * - '!' and '?' before a lowercase word are not boundaries (Yahoo! Inc.,
 *   "Jeopardy! champ"); inside single quotes ('Jeopardy!' Hero) only an
 *   opener after the quote makes one.
 * - A double-quoted passage that closes within QUOTE_SPAN bytes, and a
 *   bracket that closes within BRACKET_SPAN bytes, are never split inside:
 *   quotations spanning several sentences stay with their attribution.
 *   Unbalanced quotes and brackets are simply ignored (never swallow text).
 * - Afterwards, short bracket groups that open a sentence go back to the
 *   sentence before ("... 26 lives. (Reuters)"), and a short exclamation or
 *   question (at most LEADIN_MAX_WORDS words: "Yikes!", "Still uninsured?")
 *   is a lead-in joined to the sentence after it.
 */

#define QUOTE_SPAN 600       /* bytes a protected quotation may span */
#define BRACKET_SPAN 300     /* bytes a protected bracket may span */
#define BRACKET_DEPTH 16     /* nesting followed when matching brackets */
#define LOOKAHEAD_FACTOR 64  /* look-ahead budget per block: 64 x its length */
#define ATTACH_MAX_BYTES 160 /* a bracket group attached backwards, at most */
#define ATTACH_MAX_WORDS 8
#define LEADIN_MAX_WORDS 5
#define HEADING_MAX_WORDS 14
#define HEADING_MAX_BYTES 120
#define WRAP_MAX_LINE 110 /* hard-wrapped text has lines at most this long */
#define WRAP_SHORT_NUM 6  /* in wrapped text a line under 6/10 of the width ends a block */
#define WRAP_SHORT_DEN 10

/* ---- code points -------------------------------------------------------- */

static size_t dec(const char *s, size_t i, size_t end, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n = cc_utf8_decode(cp, s + i, end - i);
    if (*cp < 0) {
        *cp = (int32_t)CC_UTF8_REPLACEMENT;
    }
    return n;
}

/* Start of the code point before i (i > floor). */
static size_t prev_start(const char *s, size_t floor, size_t i)
{
    size_t j = i - 1;
    while (j > floor && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4) {
        j--;
    }
    return j;
}

static bool is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           (cp >= 0x80 && cc_utf8_is_space(cp));
}

static bool is_dquote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F ||
           cp == 0x00AB || cp == 0x00BB;
}

static bool is_squote(int32_t cp)
{
    return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B ||
           cp == 0x2039 || cp == 0x203A;
}

static bool is_open_bracket(int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '{';
}

static bool is_close_bracket(int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '}';
}

static bool is_terminal(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203C || cp == 0x2047 ||
           cp == 0x2048 || cp == 0x2049;
}

/* Bytes cc_sentences_split_block must look at: every non-ASCII byte (curly
 * quotes, ellipses), '"', the opening brackets and the ASCII terminals. */
static bool split_stop(unsigned char c)
{
    return c >= 0x80 || c == '"' || c == '(' || c == '[' || c == '{' || c == '.' || c == '!' ||
           c == '?';
}

static bool is_lower_cp(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'a' && cp <= 'z';
    }
    return cc_utf8_is_letter(cp) && !upper_cp(cp) && cc_utf8_tolower(cp) == cp && cp != 0xFFFD;
}

static bool is_upper_cp(int32_t cp)
{
    return upper_cp(cp);
}

static bool is_alnum_cp(int32_t cp)
{
    return cc_utf8_is_letter(cp) || digit_cp(cp);
}

/* ---- word lists ------------------------------------------------------------ */

/* Titles before a name: a '.' after them never ends a sentence. */
/* clang-format off */
static const char *const titles[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt",
    "Cmdr", "Cdr", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Gov", "Sen", "Sens", "Rep", "Reps", "Rev",
    "Fr", "Hon", "Pres", "Supt", "Insp", "Det", "Amb", "Atty", "Mt", "Ft", "Sr", "Sra", "Srta",
    "Ven", "Cllr", "Cmdt", "Gens", "Lieut", "Sec", "Secy", "Sgts", "Spc", "Gov's", "Hwy", "e.g",
    "i.e", "E.g", "I.e", "viz", "Viz", "Dr's", "Bros'", "Mx", "Msgr",
};
/* clang-format on */
CC_WORDSET_DEFINE(titles_set, titles, 128);

/* Before a digit a '.' after these never ends a sentence ("No. 3"). */
/* clang-format off */
static const char *const number_prefixes[] = {
    "No", "no", "Nos", "nos", "Vol", "vol", "Art", "art", "Fig", "fig", "p", "pp", "Ch", "ch",
    "Para", "para", "Op", "op", "Pt", "pt", "Ref", "ref", "Tel", "tel", "Rs", "Nr", "nr", "Sec",
    "sec", "Ex", "ex", "Rm", "rm", "Ward", "Ps", "Sch", "Cl",
};
/* clang-format on */
CC_WORDSET_DEFINE(number_prefixes_set, number_prefixes, 128);

/* Abbreviations that may also end a sentence: the '.' is a boundary only
 * when an opener follows. Months, weekdays (not "Sun": the newspaper),
 * US states as newspapers write them, company suffixes. */
/* clang-format off */
static const char *const ambiguous_abbrevs[] = {
    "Inc", "Ltd", "Corp", "Co", "Cos", "Bros", "Jr", "Plc", "plc", "Assn", "Dept", "Govt", "Intl",
    "Natl", "Univ", "Ave", "St", "Blvd", "Rd", "Sq", "Pl", "Ln", "etc", "vs", "v", "cf", "al",
    "approx", "est", "admin", "govt", "dept", "misc", "ca", "c", "incl", "excl", "min", "max",
    "mins", "hrs", "yrs", "mos", "wk", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri",
    "Sat", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
    "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev",
    "Okla", "Ore", "Oreg", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wisc", "Wyo",
    "Mex", "Jos", "Dist", "Cty", "Twp", "Mfg", "Hosp", "Inst", "Dep", "Ph", "Esq", "Pte", "Pvt",
    "Bhd", "Mln", "mln", "bln", "Nos", "Gov", "gov", "Mgt", "Mgmt", "Div", "Cmte", "Comm", "Av",
    "inc", "ltd", "corp", "co", "bros", "Vs", "VS", "Ft", "Hts", "Mtn", "Pk", "Ste",
};
/* clang-format on */
CC_WORDSET_DEFINE(ambiguous_abbrevs_set, ambiguous_abbrevs, 512);

/* Words that typically open a sentence (compared case-insensitively; the
 * word must start with a capital). */
/* clang-format off */
static const char *const openers[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "here", "his", "her", "its", "their", "our", "my", "your", "but", "and",
    "or", "so", "yet", "however", "meanwhile", "also", "in", "on", "at", "for", "with", "after",
    "before", "when", "while", "if", "as", "although", "though", "one", "some", "many", "most",
    "several", "all", "both", "each", "other", "another", "no", "not", "now", "then", "today",
    "yesterday", "earlier", "later", "last", "next", "still", "even", "such", "what", "why",
    "how", "who", "where", "which", "mr", "mrs", "ms", "dr", "under", "since", "during",
    "despite", "according", "from", "by", "it's", "that's", "there's", "he's", "she's", "we're",
    "they're", "i'm", "officials", "police", "nor", "thus", "instead", "besides", "moreover",
    "furthermore", "indeed", "only", "once", "because", "unlike", "like", "until", "among",
    "about", "more", "few", "mr.", "every", "any", "none", "neither", "either", "whether",
};
/* clang-format on */
CC_WORDSET_DEFINE(openers_set, openers, 256);

static bool is_opener_word(const char *w, size_t len)
{
    char key[16];
    if (len == 0 || len >= sizeof(key) || !(w[0] >= 'A' && w[0] <= 'Z')) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return cc_wordset_has(&openers_set, key, len);
}

/* ---- block scanning helpers ----------------------------------------------- */

/* The closing position of a double quote opened at o (the byte of the
 * opener), or 0 when it does not close within QUOTE_SPAN bytes. */
static size_t find_quote_close(const char *s, size_t o, size_t end, size_t *budget)
{
    int32_t cp;
    size_t i = o + dec(s, o, end, &cp);
    size_t limit = CC_MIN(end, o + QUOTE_SPAN);
    while (i < limit) {
        if (*budget == 0) {
            return 0;
        }
        (*budget)--;
        size_t n = dec(s, i, end, &cp);
        if (cp == '"' || cp == 0x201D || cp == 0x00BB) {
            return i;
        }
        if (cp == 0x201C && i > o) {
            /* A new opening quote first: the first one never closed. */
            return 0;
        }
        i += n;
    }
    return 0;
}

static size_t find_bracket_close(const char *s, size_t o, size_t end, size_t *budget)
{
    int depth = 0;
    size_t limit = CC_MIN(end, o + BRACKET_SPAN);
    for (size_t i = o; i < limit; i++) {
        if (*budget == 0) {
            return 0;
        }
        (*budget)--;
        char c = s[i];
        if (c == '(' || c == '[' || c == '{') {
            depth++;
            if (depth > BRACKET_DEPTH) {
                return 0;
            }
        } else if (c == ')' || c == ']' || c == '}') {
            depth--;
            if (depth == 0) {
                return i;
            }
        }
    }
    return 0;
}

/* Is the straight quote at i in an opening position (start, after space,
 * an opening bracket or a dash)? */
static bool straight_quote_opens(const char *s, size_t floor, size_t i, size_t end)
{
    if (i + 1 >= end) {
        return false;
    }
    int32_t next;
    dec(s, i + 1, end, &next);
    if (is_space_cp(next)) {
        return false;
    }
    if (i == floor) {
        return true;
    }
    int32_t prev;
    dec(s, prev_start(s, floor, i), end, &prev);
    return is_space_cp(prev) || is_open_bracket(prev) || prev == '-' || prev == 0x2014 ||
           prev == 0x2013 || prev == ':';
}

/* The word ending at the terminal at t (exclusive), after the last dash or
 * slash: "Jan.-Feb" gives "Feb". *ws gets its start. */
static size_t word_before(const char *s, size_t floor, size_t t, size_t *ws)
{
    size_t i = t;
    while (i > floor) {
        size_t p = prev_start(s, floor, i);
        int32_t cp;
        dec(s, p, t, &cp);
        if (is_space_cp(cp) || is_open_bracket(cp) || is_dquote(cp) || cp == 0x2018 || cp == '-' ||
            cp == '/' || cp == 0x2013 || cp == 0x2014) {
            break;
        }
        /* A straight apostrophe opening the word ('Mr) is a quote. */
        if (cp == '\'' && (p == floor || is_space_cp((unsigned char)s[p - 1]))) {
            break;
        }
        i = p;
    }
    *ws = i;
    return t - i;
}

enum wclass {
    W_PLAIN = 0,
    W_TITLE,     /* never ends a sentence */
    W_AMBIGUOUS, /* ends one only before an opener */
    W_INITIAL,   /* a single capital letter */
    W_DOTTED,    /* U.S, a.k.a, R.R: letter groups of 1-2 with dots */
};

static int classify_word(const char *w, size_t len, bool *number_prefix)
{
    *number_prefix = len > 0 && cc_wordset_has(&number_prefixes_set, w, len);
    if (len == 0 || len > 24) {
        return W_PLAIN;
    }
    if (cc_wordset_has(&titles_set, w, len)) {
        return W_TITLE;
    }
    if (len == 1 && w[0] >= 'A' && w[0] <= 'Z') {
        return W_INITIAL;
    }
    if (cc_wordset_has(&ambiguous_abbrevs_set, w, len)) {
        return W_AMBIGUOUS;
    }
    /* Dotted: only ASCII letters and dots, a dot inside, groups of <= 2. */
    bool dot = false;
    size_t group = 0;
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        if (c == '.') {
            if (group == 0) {
                return W_PLAIN;
            }
            dot = true;
            group = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            group++;
            if (group > 2) {
                return W_PLAIN;
            }
        } else {
            return W_PLAIN;
        }
    }
    if (dot) {
        return W_DOTTED;
    }
    return W_PLAIN;
}

/* What follows a candidate boundary. */
struct next_tok {
    size_t pos;  /* first byte of the next token; == end at the end */
    int32_t cp;  /* its first code point (0 at the end) */
    bool lower;  /* starts with a lowercase letter (not iPhone-style) */
    bool opener; /* an opener word, or an opening quote */
    bool digit;
    bool initial; /* "A." style initial */
    bool bracket; /* '(' or '[' */
};

static void look_next(struct next_tok *nt, const char *s, size_t i, size_t end)
{
    memset(nt, 0, sizeof(*nt));
    while (i < end) {
        int32_t cp;
        size_t n = dec(s, i, end, &cp);
        if (!is_space_cp(cp)) {
            break;
        }
        i += n;
    }
    nt->pos = i;
    if (i >= end) {
        return;
    }
    int32_t cp;
    size_t n = dec(s, i, end, &cp);
    nt->cp = cp;
    if (is_lower_cp(cp)) {
        /* iPhone, eBay: a lowercase letter then a capital is a name;
         * e-cigarettes, x-ray: a letter and a hyphen may open a sentence. */
        int32_t cp2 = 0;
        if (i + n < end) {
            dec(s, i + n, end, &cp2);
        }
        nt->lower = !is_upper_cp(cp2) && cp2 != '-';
        return;
    }
    if (digit_cp(cp)) {
        nt->digit = true;
        return;
    }
    if (is_open_bracket(cp)) {
        nt->bracket = true;
        return;
    }
    if (is_dquote(cp) || cp == 0x2018 || cp == '\'') {
        /* An opening quote opens a sentence when a capital follows it. */
        int32_t cp2 = 0;
        if (i + n < end) {
            dec(s, i + n, end, &cp2);
        }
        nt->opener = is_upper_cp(cp2) || digit_cp(cp2);
        return;
    }
    if (cp < 0x80 && cp >= 'A' && cp <= 'Z') {
        size_t j = i;
        while (j < end && (((unsigned char)s[j] >= 'A' && (unsigned char)s[j] <= 'Z') ||
                           ((unsigned char)s[j] >= 'a' && (unsigned char)s[j] <= 'z') ||
                           (s[j] == '\'' && j + 1 < end && s[j + 1] >= 'a' && s[j + 1] <= 'z'))) {
            j++;
        }
        /* "A. Bank", not "U.S.": a lone capital, a dot, then space. */
        if (j - i == 1 && j + 1 < end && s[j] == '.' && (s[j + 1] == ' ' || s[j + 1] == '\n')) {
            nt->initial = true;
        }
        nt->opener = is_opener_word(s + i, j - i);
    }
}

/* ---- splitting one block ------------------------------------------------- */

static int push_sentence(struct cc_sentence_list *out, const char *s, size_t a, size_t b,
                         size_t block, unsigned flags)
{
    while (a < b) {
        int32_t cp;
        size_t n = dec(s, a, b, &cp);
        if (!is_space_cp(cp)) {
            break;
        }
        a += n;
    }
    while (b > a) {
        size_t p = prev_start(s, a, b);
        int32_t cp;
        dec(s, p, b, &cp);
        if (!is_space_cp(cp)) {
            break;
        }
        b = p;
    }
    if (a >= b) {
        return 0;
    }
    if (out->n == out->alloc) {
        int rc = cc_array_grow((void **)&out->v, &out->alloc, out->n + 1, sizeof(*out->v));
        if (rc) {
            return rc;
        }
    }
    out->v[out->n].start = a;
    out->v[out->n].end = b;
    out->v[out->n].block = block;
    out->v[out->n].flags = flags;
    out->n++;
    return 0;
}

/* End-punctuation flags of text[a..b). */
static unsigned end_flags(const char *s, size_t a, size_t b)
{
    while (b > a) {
        size_t p = prev_start(s, a, b);
        int32_t cp;
        dec(s, p, b, &cp);
        if (is_close_bracket(cp) || is_dquote(cp) || is_squote(cp) || cp == '*' || cp == '_') {
            b = p;
            continue;
        }
        if (cp == '?') {
            return CC_SENTENCE_QUESTION;
        }
        if (cp == '!') {
            return CC_SENTENCE_EXCLAMATION;
        }
        if (is_terminal(cp)) {
            return 0;
        }
        return CC_SENTENCE_UNTERMINATED;
    }
    return CC_SENTENCE_UNTERMINATED;
}

static size_t count_words(const char *s, size_t a, size_t b)
{
    size_t words = 0;
    bool in = false;
    bool has_alnum = false;
    size_t i = a;
    while (i < b) {
        int32_t cp;
        size_t n = dec(s, i, b, &cp);
        if (is_space_cp(cp)) {
            if (in && has_alnum) {
                words++;
            }
            in = false;
            has_alnum = false;
        } else {
            in = true;
            if (is_alnum_cp(cp)) {
                has_alnum = true;
            }
        }
        i += n;
    }
    if (in && has_alnum) {
        words++;
    }
    return words;
}

/* Decides whether the terminal run [t, run_end) followed by closers up to
 * cl_end is a sentence boundary. */
static bool is_boundary(const char *s, size_t floor, size_t t, size_t run_end, size_t cl_end,
                        bool single_quote_closer, size_t end, struct next_tok *nt)
{
    if (cl_end >= end) {
        nt->pos = end;
        return true;
    }
    int32_t after;
    dec(s, cl_end, end, &after);
    if (!is_space_cp(after)) {
        return false;
    }
    look_next(nt, s, cl_end, end);
    if (nt->pos >= end) {
        return true;
    }
    bool has_bang = false;
    size_t dots = 0;
    bool ellipsis = false;
    for (size_t i = t; i < run_end;) {
        int32_t cp;
        i += dec(s, i, run_end, &cp);
        if (cp == '!' || cp == '?' || cp == 0x203C || cp == 0x2047 || cp == 0x2048 ||
            cp == 0x2049) {
            has_bang = true;
        } else if (cp == '.') {
            dots++;
        } else if (cp == 0x2026) {
            ellipsis = true;
        }
    }
    if (dots >= 3) {
        ellipsis = true;
    }
    /* "reviews…." and "Ninja ….": an ellipsis closed by a full stop (a cut
     * headline) ends the sentence like a full stop after a plain word. */
    if ((ellipsis && dots >= 1 && dots != 3) || dots >= 4) {
        return !nt->lower;
    }
    if (has_bang) {
        if (nt->lower) {
            return false;
        }
        if (single_quote_closer) {
            return nt->opener;
        }
        return true;
    }
    if (ellipsis) {
        if (nt->lower) {
            return false;
        }
        bool glued = t > floor;
        if (glued) {
            int32_t prev;
            dec(s, prev_start(s, floor, t), end, &prev);
            glued = !is_space_cp(prev);
        }
        return glued && nt->opener;
    }
    /* A full stop. */
    if (nt->lower) {
        return false;
    }
    size_t ws;
    size_t wl = word_before(s, floor, t, &ws);
    bool number_prefix;
    int wc = classify_word(s + ws, wl, &number_prefix);
    if (nt->digit && number_prefix) {
        return false;
    }
    switch (wc) {
    case W_TITLE:
        return false;
    case W_INITIAL:
        if (nt->initial) {
            return false;
        }
        return nt->opener;
    case W_AMBIGUOUS:
    case W_DOTTED:
        if (nt->initial || nt->digit || nt->bracket) {
            return false;
        }
        return nt->opener;
    default:
        break;
    }
    /* "Jos. A. Bank": an initial after a capitalised word continues a name. */
    if (nt->initial && wl > 0 && wl <= 4 && s[ws] >= 'A' && s[ws] <= 'Z') {
        return false;
    }
    return true;
}

/* Moves short bracket groups that open sentence k back to sentence k-1 and
 * drops k when nothing else is left. Returns true when k was removed. */
static bool attach_brackets(struct cc_sentence_list *out, size_t k, const char *s)
{
    struct cc_sentence *cur = &out->v[k];
    struct cc_sentence *prev = &out->v[k - 1];
    size_t i = cur->start;
    size_t end = cur->end;
    /* A bullet before the bracket ("* [Arabnews.pk]"). */
    if (i + 1 < end && (s[i] == '*' || s[i] == '-' || s[i] == '+') && s[i + 1] == ' ') {
        i += 2;
        while (i < end && s[i] == ' ') {
            i++;
        }
    } else if (i + 3 < end && memcmp(s + i, "\xe2\x80\xa2", 3) == 0) {
        i += 3;
        while (i < end && s[i] == ' ') {
            i++;
        }
    }
    size_t groups_end = 0;
    size_t lead = i;
    while (i < end && (s[i] == '(' || s[i] == '[')) {
        size_t budget = ATTACH_MAX_BYTES * 2;
        size_t close = find_bracket_close(s, i, end, &budget);
        if (close == 0 || close - i > ATTACH_MAX_BYTES ||
            count_words(s, i, close) > ATTACH_MAX_WORDS) {
            break;
        }
        /* Not a sentence in brackets ("(In 2019 talks failed.)"): no
         * ". " inside and no terminal before the close when it holds three
         * words or more. */
        bool sentence = false;
        size_t words = count_words(s, i, close);
        for (size_t j = i + 1; j < close; j++) {
            if ((s[j] == '.' || s[j] == '!' || s[j] == '?') &&
                ((j + 1 == close && words >= 3) || s[j + 1] == ' ')) {
                sentence = true;
            }
        }
        if (sentence) {
            break;
        }
        i = close + 1;
        groups_end = i;
        while (i < end && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) {
            i++;
        }
    }
    if (groups_end == 0) {
        return false;
    }
    /* "bigger! [PHOTO], according to ...": the text goes on after the
     * brackets, so the boundary before them was wrong. */
    int32_t after = 0;
    if (i < end) {
        dec(s, i, end, &after);
    }
    bool merge_all = after == ',' || after == ';' || after == ':' || is_lower_cp(after);
    /* Stray closers and end punctuation after the groups go with them. */
    size_t j = groups_end;
    while (j < end && (s[j] == ')' || s[j] == ']' || s[j] == '.' || s[j] == '!' || s[j] == '?' ||
                       s[j] == ' ' || s[j] == ',' || s[j] == ';')) {
        j++;
    }
    if (j >= end || merge_all) {
        prev->end = end;
        prev->flags = (prev->flags & (CC_SENTENCE_HEADING | CC_SENTENCE_LIST_ITEM)) |
                      end_flags(s, prev->start, prev->end);
        memmove(&out->v[k], &out->v[k + 1], (out->n - k - 1) * sizeof(*out->v));
        out->n--;
        return true;
    }
    /* Only "(Reuters) Text ..." splits off a group; "[Video] Text" is a
     * label of the sentence it opens. */
    if (s[lead] != '(') {
        return false;
    }
    prev->end = groups_end;
    size_t ns = groups_end;
    while (ns < end && (s[ns] == ' ' || s[ns] == '\n' || s[ns] == '\t')) {
        ns++;
    }
    cur->start = ns;
    return false;
}

static void post_process(struct cc_sentence_list *out, size_t first, const char *s)
{
    for (size_t k = first + 1; k < out->n;) {
        if (!attach_brackets(out, k, s)) {
            k++;
        }
    }
    /* Lead-ins: "Yikes! Researchers discover ..." */
    for (size_t k = first; k + 1 < out->n;) {
        struct cc_sentence *cur = &out->v[k];
        if ((cur->flags & (CC_SENTENCE_QUESTION | CC_SENTENCE_EXCLAMATION)) &&
            !(cur->flags & CC_SENTENCE_HEADING) &&
            count_words(s, cur->start, cur->end) <= LEADIN_MAX_WORDS) {
            cur->end = out->v[k + 1].end;
            cur->flags = out->v[k + 1].flags;
            memmove(&out->v[k + 1], &out->v[k + 2], (out->n - k - 2) * sizeof(*out->v));
            out->n--;
            continue;
        }
        k++;
    }
}

int cc_sentences_split_block(struct cc_sentence_list *out, const char *s,
                             const struct cc_text_block *b, size_t block_index,
                             struct cc_error *err)
{
    size_t start = b->start;
    size_t end = b->end;
    unsigned base = 0;
    if (b->kind == CC_BLOCK_HEADING) {
        int rc = push_sentence(out, s, start, end, block_index, CC_SENTENCE_HEADING);
        if (rc) {
            return cc_error_set(err, rc, NULL, "out of memory splitting sentences");
        }
        return 0;
    }
    if (b->kind == CC_BLOCK_LIST_ITEM) {
        base = CC_SENTENCE_LIST_ITEM;
    }
    size_t first = out->n;
    size_t budget = (end - start + 1) * LOOKAHEAD_FACTOR;
    size_t sent = start;
    size_t prot_end = 0; /* inside a protected region while i < prot_end */
    bool prot = false;
    size_t i = start;
    while (i < end) {
        /* Most bytes are ASCII that neither opens a protected region nor
         * ends a sentence: skip them without decoding. Skipping changes
         * nothing below: for such a byte the protected-region check only
         * clears prot past prot_end, which the next byte examined does too. */
#ifdef __SSE2__
        /* Sixteen at a time first: bytes that are all ASCII and none of
         * the stops above (a signed compare catches the non-ASCII ones). */
        while (i < end && end - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i hit = _mm_cmplt_epi8(v, _mm_setzero_si128());
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('(')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('[')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('!')));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('?')));
            if (_mm_movemask_epi8(hit)) {
                break;
            }
            i += 16;
        }
#endif
        while (i < end && !split_stop((unsigned char)s[i])) {
            i++;
        }
        if (i >= end) {
            break;
        }
        int32_t cp;
        size_t n = dec(s, i, end, &cp);
        if (!prot || i > prot_end) {
            prot = false;
            size_t close = 0;
            if (cp == 0x201C || cp == 0x201E || cp == 0x00AB ||
                (cp == '"' && straight_quote_opens(s, start, i, end))) {
                close = find_quote_close(s, i, end, &budget);
            } else if (is_open_bracket(cp)) {
                close = find_bracket_close(s, i, end, &budget);
            }
            if (close) {
                prot = true;
                prot_end = close;
            }
        }
        if (!is_terminal(cp)) {
            i += n;
            continue;
        }
        size_t t = i;
        size_t run_end = i;
        while (run_end < end) {
            int32_t c2;
            size_t n2 = dec(s, run_end, end, &c2);
            if (!is_terminal(c2)) {
                break;
            }
            run_end += n2;
        }
        size_t cl_end = run_end;
        bool squote = false;
        while (cl_end < end) {
            int32_t c2;
            size_t n2 = dec(s, cl_end, end, &c2);
            if (is_squote(c2)) {
                squote = true;
            } else if (!(is_dquote(c2) || is_close_bracket(c2) || c2 == '*' || c2 == '_')) {
                break;
            }
            cl_end += n2;
        }
        if (prot && cl_end <= prot_end) {
            i = run_end;
            continue;
        }
        struct next_tok nt;
        if (is_boundary(s, start, t, run_end, cl_end, squote, end, &nt)) {
            int rc =
                push_sentence(out, s, sent, cl_end, block_index, base | end_flags(s, sent, cl_end));
            if (rc) {
                return cc_error_set(err, rc, NULL, "out of memory splitting sentences");
            }
            sent = nt.pos;
            i = nt.pos;
            prot = false;
            continue;
        }
        i = run_end;
    }
    if (sent < end) {
        int rc = push_sentence(out, s, sent, end, block_index, base | end_flags(s, sent, end));
        if (rc) {
            return cc_error_set(err, rc, NULL, "out of memory splitting sentences");
        }
    }
    post_process(out, first, s);
    return 0;
}

int cc_sentences_split(struct cc_sentence_list *out, const char *text,
                       const struct cc_text_block *blocks, size_t nblocks, struct cc_error *err)
{
    for (size_t i = 0; i < nblocks; i++) {
        int rc = cc_sentences_split_block(out, text, &blocks[i], i, err);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

/* ---- segmentation ---------------------------------------------------------- */

void cc_block_list_release(struct cc_block_list *l)
{
    if (!l) {
        return;
    }
    cc_free(l->v);
    l->v = NULL;
    l->n = 0;
    l->alloc = 0;
}

void cc_sentence_list_release(struct cc_sentence_list *l)
{
    if (!l) {
        return;
    }
    cc_free(l->v);
    l->v = NULL;
    l->n = 0;
    l->alloc = 0;
}

int cc_block_list_add(struct cc_block_list *l, size_t start, size_t end, int kind, int level)
{
    if (l->n == l->alloc) {
        int rc = cc_array_grow((void **)&l->v, &l->alloc, l->n + 1, sizeof(*l->v));
        if (rc) {
            return rc;
        }
    }
    l->v[l->n].start = start;
    l->v[l->n].end = end;
    l->v[l->n].kind = kind;
    l->v[l->n].level = level;
    l->n++;
    return 0;
}

struct line {
    size_t start; /* first non-space byte */
    size_t end;   /* after the last non-space byte */
    size_t raw;   /* start of the line */
};

static bool ends_terminal(const char *s, size_t a, size_t b)
{
    while (b > a) {
        size_t p = prev_start(s, a, b);
        int32_t cp;
        dec(s, p, b, &cp);
        if (is_dquote(cp) || is_squote(cp) || is_close_bracket(cp) || cp == '*' || cp == '_') {
            b = p;
            continue;
        }
        return is_terminal(cp);
    }
    return false;
}

bool cc_sentences_is_heading_like(const char *s, size_t len)
{
    size_t a = 0;
    size_t b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\t')) {
        a++;
    }
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) {
        b--;
    }
    if (a >= b || b - a > HEADING_MAX_BYTES) {
        return false;
    }
    if (count_words(s, a, b) > HEADING_MAX_WORDS) {
        return false;
    }
    int32_t first;
    size_t fn = dec(s, a, b, &first);
    if (is_dquote(first) || is_squote(first)) {
        if (a + fn >= b) {
            return false;
        }
        dec(s, a + fn, b, &first);
    }
    if (!(is_upper_cp(first) || digit_cp(first))) {
        return false;
    }
    int32_t last;
    dec(s, prev_start(s, a, b), b, &last);
    if (is_terminal(last) || last == ',' || last == ';' || last == ':' || is_close_bracket(last) ||
        last == '-' || last == 0x2013 || last == 0x2014) {
        return false;
    }
    if (ends_terminal(s, a, b)) {
        return false;
    }
    return true;
}

/* Length of a list marker at s[a..b) ("* ", "- ", "• ", "12. ", "3) "), 0 if none. */
static size_t list_marker(const char *s, size_t a, size_t b)
{
    if (a + 1 < b && (s[a] == '*' || s[a] == '-' || s[a] == '+') &&
        (s[a + 1] == ' ' || s[a + 1] == '\t')) {
        return 2;
    }
    if (a + 3 < b &&
        (memcmp(s + a, "\xe2\x80\xa2", 3) == 0 || memcmp(s + a, "\xe2\x80\x93", 3) == 0) &&
        s[a + 3] == ' ') {
        return 4;
    }
    if (a + 2 < b && memcmp(s + a, "\xc2\xb7", 2) == 0 && s[a + 2] == ' ') {
        return 3;
    }
    size_t i = a;
    while (i < b && i - a < 3 && s[i] >= '0' && s[i] <= '9') {
        i++;
    }
    if (i > a && i - a <= 2 && i + 1 < b && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
        return i - a + 2;
    }
    return 0;
}

static size_t skip_marker_space(const char *s, size_t a, size_t b)
{
    while (a < b && (s[a] == ' ' || s[a] == '\t')) {
        a++;
    }
    return a;
}

/* Does the line start like a continuation of an unfinished line? */
static bool continues(const char *s, const struct line *l)
{
    int32_t cp;
    dec(s, l->start, l->end, &cp);
    return is_lower_cp(cp) || is_open_bracket(cp) || cp == ',' || cp == ';' || cp == ')' ||
           cp == ']' || cp == '.' || cp == ':';
}

static int emit_block(struct cc_block_list *out, const char *s, size_t a, size_t b, bool one_line)
{
    size_t m = list_marker(s, a, b);
    if (m) {
        size_t st = skip_marker_space(s, a + m, b);
        if (st >= b) {
            return 0;
        }
        return cc_block_list_add(out, st, b, CC_BLOCK_LIST_ITEM, 0);
    }
    if (b - a > 1 && s[a] == '#') {
        size_t h = a;
        while (h < b && s[h] == '#' && h - a < 6) {
            h++;
        }
        if (h < b && s[h] == ' ') {
            size_t st = skip_marker_space(s, h, b);
            size_t en = b;
            while (en > st && (s[en - 1] == '#' || s[en - 1] == ' ')) {
                en--;
            }
            if (st < en) {
                return cc_block_list_add(out, st, en, CC_BLOCK_HEADING, (int)(h - a));
            }
            return 0;
        }
    }
    if (one_line && cc_sentences_is_heading_like(s + a, b - a)) {
        return cc_block_list_add(out, a, b, CC_BLOCK_HEADING, 2);
    }
    return cc_block_list_add(out, a, b, CC_BLOCK_PARAGRAPH, 0);
}

int cc_sentences_segment(struct cc_block_list *out, const char *s, size_t len, struct cc_error *err)
{
    struct line *lines = NULL;
    size_t nlines = 0;
    size_t alloc = 0;
    int rc = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        size_t a = i;
        size_t b = e;
        while (a < b &&
               (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f' || s[a] == '\v')) {
            a++;
        }
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' ||
                         s[b - 1] == '\f' || s[b - 1] == '\v')) {
            b--;
        }
        if (nlines == alloc) {
            rc = cc_array_grow((void **)&lines, &alloc, nlines + 1, sizeof(*lines));
            if (rc) {
                goto out;
            }
        }
        lines[nlines].start = a;
        lines[nlines].end = b;
        lines[nlines].raw = i;
        nlines++;
        i = e + 1;
    }
    /* Hard-wrapped? Look at the lines followed by another non-blank line. */
    size_t inner = 0;
    size_t inner_short = 0;
    size_t width = 0;
    for (size_t k = 0; k + 1 < nlines; k++) {
        if (lines[k].start == lines[k].end || lines[k + 1].start == lines[k + 1].end) {
            continue;
        }
        size_t l = lines[k].end - lines[k].start;
        inner++;
        if (l <= WRAP_MAX_LINE) {
            inner_short++;
            width = CC_MAX(width, l);
        }
    }
    bool wrapped = inner >= 2 && inner_short * 10 >= inner * 9;

    size_t bstart = 0;
    bool open = false;
    bool multi = false;
    bool heading_open = false; /* the open block was started as a heading line */
    for (size_t k = 0; k < nlines; k++) {
        const struct line *l = &lines[k];
        bool blank = l->start == l->end;
        if (blank) {
            if (open) {
                rc = emit_block(out, s, bstart, lines[k - 1].end, !multi);
                if (rc) {
                    goto out;
                }
                open = false;
            }
            continue;
        }
        if (!open) {
            bstart = l->start;
            open = true;
            multi = false;
            heading_open = false;
            continue;
        }
        const struct line *p = &lines[k - 1];
        bool join;
        bool heading_next = false;
        if (list_marker(s, l->start, l->end) || (l->end - l->start > 1 && s[l->start] == '#')) {
            join = false;
        } else if (list_marker(s, bstart, p->end) && !wrapped) {
            join = !ends_terminal(s, p->start, p->end) && continues(s, l);
        } else if (wrapped) {
            /* A short line ends its paragraph; a heading line after a
             * finished sentence stands alone, and so does the line after it. */
            size_t plen = p->end - p->start;
            bool short_line = plen * WRAP_SHORT_DEN < width * WRAP_SHORT_NUM;
            if (short_line) {
                join = false;
            } else if (ends_terminal(s, p->start, p->end) &&
                       cc_sentences_is_heading_like(s + l->start, l->end - l->start)) {
                join = false;
                heading_next = true;
            } else if (heading_open && bstart == p->start && !continues(s, l)) {
                join = false;
            } else {
                join = true;
            }
        } else {
            join = !ends_terminal(s, p->start, p->end) && continues(s, l);
        }
        if (join) {
            multi = true;
            continue;
        }
        rc = emit_block(out, s, bstart, p->end, !multi);
        if (rc) {
            goto out;
        }
        bstart = l->start;
        multi = false;
        heading_open = heading_next;
    }
    if (open) {
        rc = emit_block(out, s, bstart, lines[nlines - 1].end, !multi);
    }
out:
    cc_free(lines);
    if (rc) {
        return cc_error_set(err, rc, NULL, "out of memory segmenting text");
    }
    return 0;
}

int cc_sentences_split_text(struct cc_sentence_list *out, const char *text, size_t len,
                            struct cc_error *err)
{
    struct cc_block_list blocks = CC_BLOCK_LIST_INIT;
    int rc = cc_sentences_segment(&blocks, text, len, err);
    if (rc == 0) {
        rc = cc_sentences_split(out, text, blocks.v, blocks.n, err);
    }
    cc_block_list_release(&blocks);
    return rc;
}
