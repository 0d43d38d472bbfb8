#include "core/common.h"

#include <math.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/num.h"
#include "core/textfeat.h"
#include "core/utf8.h"
#include "core/wordset.h"
#include "core/banned.h"

/* ASCII first: cc_utf8_* are calls into another file. */
static inline bool digit_cp(int32_t cp)
{
    return cp < 0x80 ? (cp >= '0' && cp <= '9') : cc_utf8_is_digit(cp);
}

static inline bool upper_cp(int32_t cp)
{
    return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : cc_utf8_is_upper(cp);
}

/*
 * One pass cuts the text into word tokens (letters and digits, with inner
 * apostrophes, hyphens, dots and digit groups kept: "Bhutto-Zardari",
 * "U.S", "arabnews.pk", "10,000", "22/4/2025") and notes what lies between
 * two tokens (spaces only, a sentence end, other punctuation). Dates are
 * read first and claim their tokens, then numbers, then names and acronyms
 * from the capitalisation of the remaining tokens, then quoted phrases
 * from the raw text. Word lists are looked up through core/wordset; "common"
 * words are the ones that are capitalised only because they open a
 * sentence or a Title Case headline.
 */

#define MAX_NAME_TOKENS 8   /* longer capitalised runs are cut */
#define QUOTE_MAX_BYTES 400 /* a quoted phrase closes within this many bytes */
#define SQUOTE_MAX_WORDS 12 /* single-quoted phrases are short titles or terms */
#define KEY_MAX 32          /* word-list keys are shorter */
#define TITLE_MIN_CAPS 4    /* a segment is Title Case with 4+ capitalised words ... */
#define TITLE_LOWER_RATIO 4 /* ... and at most one lowercase word per 4 capitalised */
#define CAPS_MIN_WORDS 3    /* an ALL CAPS segment has 3+ words, 70% of them in capitals */
#define NUMBER_AGREE_REL 0.005

/* ---- word lists (lowercase ASCII; core/wordset makes lookups O(1)) -------- */

/* clang-format off */
static const char *const common_words[] = {
    "a", "able", "about", "above", "according", "accordingly", "accuse", "accused", "across",
    "add", "added", "additionally", "after", "afterward", "afterwards", "again", "against", "ago",
    "agree", "agreed", "ahead", "air", "all", "allow", "allowed", "almost", "alone", "along",
    "already", "also", "although", "altogether", "always", "am", "amid", "among", "an",
    "analysis", "and", "announce", "announced", "another", "any", "anyhow", "anyone", "anything",
    "anyway", "apparently", "appear", "appeared", "are", "area", "arguably", "around", "art",
    "as", "ask", "asked", "at", "away", "back", "bad", "ban", "banned", "basically", "be",
    "because", "become", "been", "before", "began", "begin", "behind", "being", "believe",
    "below", "beside", "besides", "best", "better", "between", "beyond", "big", "blame", "blamed",
    "body", "book", "both", "bought", "break", "breaking", "bring", "brought", "build", "built",
    "business", "but", "buy", "by", "call", "called", "came", "can", "cannot", "car", "carry",
    "case", "catch", "cause", "certain", "certainly", "change", "changed", "child", "choose",
    "city", "claim", "claimed", "clear", "clearly", "close", "come", "community", "company",
    "confirm", "confirmed", "consequently", "consider", "considered", "continue", "could",
    "country", "cover", "coverage", "create", "currently", "cut", "day", "days", "decide",
    "decided", "denied", "deny", "develop", "development", "developments", "did", "die", "died",
    "different", "do", "does", "doing", "done", "door", "down", "draw", "drop", "dropped",
    "during", "each", "earlier", "early", "eat", "economic", "editorial", "education", "either",
    "else", "end", "enough", "even", "eventually", "ever", "every", "everyone", "everything",
    "except", "exclusive", "expect", "expected", "explain", "eye", "face", "fact", "fall",
    "family", "father", "federal", "feel", "fell", "felt", "few", "finally", "find", "first",
    "firstly", "follow", "followed", "for", "force", "former", "fortunately", "found", "frankly",
    "free", "friend", "from", "full", "further", "game", "gave", "generally", "get", "girl",
    "give", "given", "go", "gone", "good", "got", "government", "great", "grew", "group", "grow",
    "guy", "had", "hand", "happen", "happened", "hard", "has", "have", "having", "he", "head",
    "health", "hear", "heard", "hence", "her", "here", "hers", "herself", "high", "him",
    "himself", "his", "history", "hit", "home", "hope", "hopefully", "hour", "house", "how",
    "however", "human", "i", "idea", "ideally", "if", "important", "importantly", "in", "include",
    "included", "including", "increase", "indeed", "information", "initially", "inside",
    "instead", "interestingly", "international", "into", "involve", "ironically", "is", "issue",
    "it", "its", "itself", "job", "jump", "jumped", "just", "keep", "kept", "kid", "kill",
    "killed", "kind", "knew", "know", "known", "large", "last", "lastly", "late", "later",
    "launch", "launched", "law", "lead", "learn", "least", "leave", "led", "left", "less",
    "level", "life", "like", "likely", "likewise", "line", "listen", "live", "local", "lose",
    "lost", "lot", "love", "low", "luckily", "made", "mainly", "major", "make", "man", "many",
    "may", "maybe", "me", "meanwhile", "meet", "member", "met", "might", "military", "mine",
    "minute", "moment", "money", "month", "more", "moreover", "morning", "most", "mostly",
    "mother", "move", "much", "must", "my", "myself", "name", "national", "naturally", "near",
    "nearly", "need", "neither", "never", "nevertheless", "new", "news", "next", "night", "no",
    "nobody", "none", "nor", "not", "notably", "nothing", "now", "number", "obviously", "of",
    "off", "offer", "offered", "office", "official", "officially", "officials", "often", "on",
    "once", "one", "only", "onto", "open", "opened", "opinion", "or", "originally", "other",
    "others", "otherwise", "our", "ours", "out", "over", "overall", "own", "paid", "parent",
    "part", "particularly", "party", "pass", "pay", "people", "per", "perhaps", "person", "photo",
    "photos", "pics", "place", "plan", "planned", "play", "please", "plunge", "plunged", "point",
    "political", "possible", "possibly", "power", "praise", "praised", "president", "presumably",
    "previously", "primarily", "probably", "problem", "produce", "program", "provide", "provided",
    "public", "pull", "question", "quite", "raise", "raised", "rather", "reach", "read", "real",
    "realize", "reason", "reasonably", "receive", "recently", "reduce", "reject", "rejected",
    "remain", "remained", "remember", "report", "reported", "reportedly", "reports", "require",
    "research", "result", "return", "reveal", "revealed", "right", "rise", "room", "rose", "run",
    "said", "same", "saw", "say", "says", "school", "second", "see", "seem", "seemed", "seen",
    "sell", "send", "sent", "separately", "seriously", "serve", "service", "set", "several",
    "shall", "she", "should", "show", "showed", "shown", "side", "similarly", "simply", "since",
    "sit", "slip", "slipped", "small", "so", "soar", "soared", "social", "sold", "some",
    "someone", "something", "sometimes", "soon", "source", "sources", "speak", "speaking",
    "special", "specifically", "spend", "spoke", "stand", "start", "started", "state", "stay",
    "still", "stood", "stop", "story", "strong", "student", "study", "subsequently", "such",
    "sue", "sued", "suggest", "suggested", "support", "sure", "surge", "surged", "surprisingly",
    "system", "take", "taken", "talk", "teacher", "team", "tell", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "therefore", "these", "they", "thing",
    "think", "third", "this", "those", "though", "thought", "through", "throughout", "thus",
    "time", "to", "today", "together", "told", "tomorrow", "too", "took", "toward", "towards",
    "traditionally", "tried", "true", "try", "typically", "ultimately", "under", "understand",
    "unfortunately", "unless", "until", "up", "update", "updated", "upon", "urge", "urged", "us",
    "use", "used", "usually", "very", "via", "video", "wait", "walk", "want", "war", "warn",
    "warned", "was", "watch", "water", "way", "we", "week", "well", "went", "were", "what",
    "whatever", "when", "whenever", "where", "whether", "which", "while", "who", "whoever",
    "whole", "whom", "whose", "why", "will", "win", "with", "within", "without", "woman", "won",
    "word", "work", "worked", "world", "would", "write", "wrote", "year", "years", "yes",
    "yesterday", "yet", "you", "young", "your", "yours", "yourself",
};
/* clang-format on */
CC_WORDSET_DEFINE(common_words_set, common_words, 2048);

/* clang-format off */
static const char *const function_words[] = {
    "a", "about", "after", "again", "all", "already", "also", "although", "an", "and", "another",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "both", "but", "by",
    "can", "could", "did", "do", "does", "during", "each", "either", "even", "every", "for",
    "from", "had", "has", "have", "he", "her", "here", "his", "how", "however", "i", "if", "in",
    "indeed", "instead", "into", "is", "it", "its", "just", "many", "may", "meanwhile", "might",
    "more", "moreover", "most", "much", "must", "my", "neither", "no", "nor", "not", "now", "of",
    "on", "one", "only", "onto", "or", "other", "our", "over", "shall", "she", "should", "since",
    "so", "some", "still", "such", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "though", "thus", "to", "under", "unless", "until", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "would", "yet", "you", "your",
};
/* clang-format on */
CC_WORDSET_DEFINE(function_words_set, function_words, 256);

/* Words after which "of" continues a name ("Bank of England"). */
/* clang-format off */
static const char *const head_words[] = {
    "academy", "agency", "army", "assembly", "association", "authority", "bank", "bay", "board",
    "bureau", "cape", "center", "centre", "chamber", "church", "city", "college", "commission",
    "committee", "company", "corporation", "council", "court", "cup", "department", "duke",
    "federation", "force", "forces", "fund", "government", "gulf", "hospital", "house",
    "institute", "isle", "kingdom", "lake", "league", "ministry", "mount", "museum", "navy",
    "office", "organisation", "organization", "party", "port", "prince", "princess", "province",
    "queen", "republic", "school", "sea", "society", "states", "statue", "times", "treaty",
    "union", "university",
};
/* clang-format on */
CC_WORDSET_DEFINE(head_words_set, head_words, 128);

/* Role words: not part of a person's name ("Foreign Minister Ishaq Dar"). */
/* clang-format off */
static const char *const role_words[] = {
    "adm", "ambassador", "capt", "ceo", "chairman", "chairwoman", "chief", "col", "commander",
    "defence", "defense", "deputy", "director", "dr", "envoy", "finance", "foreign", "gen",
    "general", "gov", "governor", "interior", "lt", "maj", "minister", "mr", "mrs", "ms",
    "premier", "president", "prime", "prof", "rep", "secretary", "sen", "senator", "sgt",
    "spokesman", "spokesperson", "spokeswoman", "st", "vp",
};
/* clang-format on */
CC_WORDSET_DEFINE(role_words_set, role_words, 128);

/* Common words that open names, kept in Title Case headlines ("New Delhi"). */
/* clang-format off */
static const char *const name_openers[] = {
    "central", "east", "federal", "general", "grand", "great", "high", "international",
    "national", "new", "north", "royal", "south", "supreme", "united", "west",
};
/* clang-format on */
CC_WORDSET_DEFINE(name_openers_set, name_openers, 32);

/* Lowercase particles inside names ("Osama bin Laden", "Vincent van Gogh"). */
/* clang-format off */
static const char *const particles[] = {
    "al", "bin", "bint", "da", "de", "del", "der", "di", "dos", "du", "el", "ibn", "la", "le",
    "van", "von",
};
/* clang-format on */
CC_WORDSET_DEFINE(particles_set, particles, 32);

/* clang-format off */
static const char *const approx_words[] = {
    "about", "almost", "approx", "approximately", "around", "estimated", "nearly", "roughly",
    "some",
};
/* clang-format on */
CC_WORDSET_DEFINE(approx_words_set, approx_words, 32);

/* clang-format off */
static const char *const at_least_words[] = {
    "above", "exceeding", "over",
};
/* clang-format on */
CC_WORDSET_DEFINE(at_least_words_set, at_least_words, 16);

/* Adjectives skipped when looking for a number's unit ("five new species"). */
/* clang-format off */
static const char *const unit_skip[] = {
    "additional", "extra", "foreign", "former", "further", "key", "local", "major", "more", "new",
    "other", "senior", "separate", "small", "top", "young",
};
/* clang-format on */
CC_WORDSET_DEFINE(unit_skip_set, unit_skip, 32);

/* clang-format off */
static const char *const year_context[] = {
    "after", "and", "around", "before", "between", "by", "during", "early", "from", "in", "late",
    "mid", "of", "season", "since", "through", "till", "to", "until", "year",
};
/* clang-format on */
CC_WORDSET_DEFINE(year_context_set, year_context, 64);

/* clang-format off */
static const char *const year_followers[] = {
    "and", "as", "had", "has", "is", "marked", "saw", "to", "was", "when", "will",
};
/* clang-format on */
CC_WORDSET_DEFINE(year_followers_set, year_followers, 32);

/* clang-format off */
static const char *const month_context[] = {
    "beginning", "by", "during", "early", "end", "from", "in", "last", "late", "mid", "next",
    "of", "since", "start", "this", "through", "throughout", "till", "until",
};
/* clang-format on */
CC_WORDSET_DEFINE(month_context_set, month_context, 64);

#define IN_LIST(list, key) cc_wordset_has(&list##_set, (key), strlen(key))

/* Lowercase ASCII copy of s[0..n) into key; false when it does not fit or
 * holds anything but ASCII letters, digits, '\'' and '-'. */
static bool make_key(char key[KEY_MAX], const char *s, size_t n)
{
    if (n == 0 || n >= KEY_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c == '-' ||
                     c == '.')) {
            return false;
        }
        key[i] = (char)c;
    }
    key[n] = '\0';
    return true;
}

/* Is the word (any case) a common word, allowing simple inflections
 * ("Issues", "Speaking", "Recently", "Building")? */
static bool is_common(const char *s, size_t n)
{
    char key[KEY_MAX];
    if (!make_key(key, s, n)) {
        return false;
    }
    if (IN_LIST(common_words, key)) {
        return true;
    }
    size_t l = n;
    static const struct {
        const char *suf;
        const char *add;
    } infl[] = {{"ing", ""}, {"ing", "e"}, {"ed", ""},   {"ed", "e"}, {"es", ""},
                {"s", ""},   {"ly", ""},   {"ies", "y"}, {"ied", "y"}};
    for (size_t i = 0; i < CC_ARRAY_LEN(infl); i++) {
        size_t sl = strlen(infl[i].suf);
        size_t al = strlen(infl[i].add);
        if (l > sl + 2 && memcmp(key + l - sl, infl[i].suf, sl) == 0) {
            char k2[KEY_MAX];
            memcpy(k2, key, l - sl);
            memcpy(k2 + l - sl, infl[i].add, al);
            k2[l - sl + al] = '\0';
            if (IN_LIST(common_words, k2)) {
                return true;
            }
        }
    }
    return false;
}

static bool key_in(struct cc_wordset *ws, const char *s, size_t len)
{
    char key[KEY_MAX];
    return make_key(key, s, len) && cc_wordset_has(ws, key, len);
}

#define KEY_IN(list, s, n) key_in(&list##_set, (s), (n))

/* ---- code points ----------------------------------------------------------- */

static inline size_t dec(const char *s, size_t i, size_t end, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n = cc_utf8_decode(cp, s + i, end - i);
    return n;
}

static bool is_ignorable(int32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

static bool is_apos(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static bool is_word_cp_nonascii(int32_t cp)
{
    return cp >= 0x80 && (cc_utf8_is_letter(cp) || cc_utf8_is_digit(cp));
}

/* Inline for ASCII: tokenize asks this of every byte of every sentence. */
static inline bool is_word_cp(int32_t cp)
{
    if ((uint32_t)cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    return is_word_cp_nonascii(cp);
}

static bool is_digit_ascii(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- tokens ------------------------------------------------------------------ */

enum {
    TK_ALPHA = 1u << 0, /* has a letter */
    TK_DIGIT = 1u << 1, /* has a digit */
    TK_LEAD_DIGIT = 1u << 2,
    TK_CAP = 1u << 3,        /* first letter uppercase */
    TK_ALLCAPS = 1u << 4,    /* two or more letters, all uppercase */
    TK_LOWER = 1u << 5,      /* first character a lowercase letter */
    TK_POSS = 1u << 6,       /* possessive 's or s' removed from core */
    TK_SENT = 1u << 7,       /* first token of a sentence */
    TK_BREAK = 1u << 8,      /* punctuation before it: names do not run across */
    TK_AMP = 1u << 9,        /* only '&' and spaces before it */
    TK_DOTTED = 1u << 10,    /* "U.S": single letters joined by dots */
    TK_USED = 1u << 11,      /* claimed by a date or number */
    TK_HYPHEN = 1u << 12,    /* contains a hyphen */
    TK_DOT_AFTER = 1u << 13, /* a '.' follows right after it */
    TK_NONASCII = 1u << 14,
};

struct tok {
    size_t start;
    size_t end;      /* whole token */
    size_t core_end; /* without a possessive */
    size_t gap;      /* end of the previous token */
    unsigned f;
    unsigned seg; /* sentence segment number */
};

#define LOCAL_TOKENS 128 /* tokens (and segments) kept on the stack before allocating */

struct ctx {
    const char *s;
    size_t len;
    struct tok *t; /* local_t or owned */
    size_t n;
    size_t alloc;
    bool *title_seg; /* per segment: Title Case or ALL CAPS (capitals say nothing) */
    bool *caps_seg;  /* per segment: ALL CAPS */
    struct tok local_t[LOCAL_TOKENS];
    bool local_title[LOCAL_TOKENS];
    bool local_caps[LOCAL_TOKENS];
    unsigned nseg;
    int64_t ref; /* reference date, UTC seconds or CC_TIME_NONE */
    struct cc_textfeat *out;
};

static bool tok_is(const struct ctx *c, size_t k, const char *lower)
{
    const struct tok *t = &c->t[k];
    size_t n = t->core_end - t->start;
    char key[KEY_MAX];
    return ((t->f & TK_POSS) == 0) && n == strlen(lower) && make_key(key, c->s + t->start, n) &&
           strcmp(key, lower) == 0;
}

static size_t tok_len(const struct tok *t)
{
    return t->core_end - t->start;
}

/* Is the title-abbreviation-like token before a '.' one that does not end a
 * sentence ("Gen.", "U.S.", "B.")? */
static bool dot_is_abbrev(const struct ctx *c, const struct tok *t)
{
    size_t n = t->core_end - t->start;
    const char *p = c->s + t->start;
    if (t->f & TK_DOTTED) {
        return true;
    }
    if (n == 1 && p[0] >= 'A' && p[0] <= 'Z') {
        return true;
    }
    return KEY_IN(role_words, p, n) ||
           (n <= 4 && (t->f & TK_CAP) && !(t->f & TK_ALLCAPS) && (KEY_IN(role_words, p, n)));
}

static int push_tok(struct ctx *c, struct tok *t)
{
    if (c->n == c->alloc) {
        if (c->t == c->local_t) {
            struct tok *h = cc_malloc(2 * LOCAL_TOKENS * sizeof(*h));
            if (!h) {
                return CC_ENOMEM;
            }
            memcpy(h, c->local_t, c->n * sizeof(*h));
            c->t = h;
            c->alloc = 2 * LOCAL_TOKENS;
        } else {
            int rc = cc_array_grow((void **)&c->t, &c->alloc, c->n + 1, sizeof(*c->t));
            if (rc) {
                return rc;
            }
        }
    }
    c->t[c->n++] = *t;
    return 0;
}

/* Classifies the gap text[a..b) before a token. */
static void gap_flags(struct ctx *c, struct tok *t, size_t a, size_t b)
{
    const char *s = c->s;
    bool first = c->n == 0;
    bool terminal = false;
    bool brk = false;
    bool amp = false;
    size_t newlines = 0;
    for (size_t i = a; i < b;) {
        int32_t cp;
        size_t n = dec(s, i, b, &cp);
        if (n == 0) {
            n = 1;
        }
        if (cp == ' ' || cp == '\t' || cp == '\r' || (cp >= 0x80 && cc_utf8_is_space(cp)) ||
            is_ignorable(cp)) {
            /* space */
        } else if (cp == '\n') {
            newlines++;
            terminal = true;
            brk = true;
        } else if (cp == '&') {
            amp = true;
        } else if (cp == '.') {
            /* A dot right after an abbreviation or initial is not an end. */
            if (!(i == a && !first && dot_is_abbrev(c, &c->t[c->n - 1]))) {
                terminal = true;
            }
            brk = true;
        } else if (cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == 0x2026 || cp == '"' ||
                   cp == 0x201C || cp == 0x2018 || cp == '(' || cp == '[' || cp == '|' ||
                   cp == 0x2022 || cp == '*' || cp == '>' || cp == '#') {
            terminal = terminal || cp != ')';
            brk = true;
        } else {
            brk = true;
        }
        i += n;
    }
    if (newlines >= 2) {
        brk = true;
    }
    if (first || terminal) {
        t->f |= TK_SENT;
    }
    if (brk) {
        t->f |= TK_BREAK;
    } else if (amp) {
        t->f |= TK_AMP;
    }
    if (first) {
        t->f |= TK_BREAK;
    }
}

static int tokenize(struct ctx *c)
{
    const char *s = c->s;
    size_t len = c->len;
    size_t prev_end = 0;
    unsigned seg = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = dec(s, i, len, &cp);
        if (!is_word_cp(cp)) {
            i += n;
            continue;
        }
        struct tok t;
        memset(&t, 0, sizeof(t));
        t.start = i;
        bool first_letter_seen = false;
        size_t letters = 0;
        size_t uppers = 0;
        size_t single_letter_groups = 0;
        size_t groups = 0;
        size_t group_len = 0;
        bool dotted_ok = true;
        size_t j = i;
        bool digits_only = true;
        while (j < len) {
            /* ASCII letters and digits first, as the general code below
             * would take them. */
            unsigned char b = (unsigned char)s[j];
            if (b >= 'a' && b <= 'z') {
                t.f |= TK_ALPHA;
                digits_only = false;
                if (!first_letter_seen) {
                    first_letter_seen = true;
                    if (j == i) {
                        t.f |= TK_LOWER;
                    }
                }
                /* The rest of a lowercase run changes nothing but the
                 * counts: taken in one tight loop (perf only). */
                size_t k = j + 1;
                while (k < len && (unsigned char)s[k] >= 'a' && (unsigned char)s[k] <= 'z') {
                    k++;
                }
                letters += k - j;
                group_len += k - j;
                j = k;
                continue;
            }
            if (b >= 'A' && b <= 'Z') {
                t.f |= TK_ALPHA;
                digits_only = false;
                letters++;
                uppers++;
                if (!first_letter_seen) {
                    first_letter_seen = true;
                    t.f |= TK_CAP;
                }
                group_len++;
                j++;
                continue;
            }
            if (b >= '0' && b <= '9') {
                t.f |= TK_DIGIT;
                if (j == i) {
                    t.f |= TK_LEAD_DIGIT;
                }
                dotted_ok = false;
                group_len++;
                j++;
                continue;
            }
            int32_t c1;
            size_t n1 = dec(s, j, len, &c1);
            if (is_word_cp(c1)) {
                if (c1 >= 0x80) {
                    t.f |= TK_NONASCII;
                }
                if (digit_cp(c1)) {
                    t.f |= TK_DIGIT;
                    if (j == i) {
                        t.f |= TK_LEAD_DIGIT;
                    }
                    dotted_ok = false;
                } else {
                    t.f |= TK_ALPHA;
                    digits_only = false;
                    letters++;
                    bool up = upper_cp(c1);
                    if (up) {
                        uppers++;
                    }
                    if (!first_letter_seen) {
                        first_letter_seen = true;
                        if (up) {
                            t.f |= TK_CAP;
                        } else if (j == i) {
                            t.f |= TK_LOWER;
                        }
                    }
                }
                group_len++;
                j += n1;
                continue;
            }
            if (j + n1 >= len) {
                break;
            }
            int32_t nx;
            size_t nn = dec(s, j + n1, len, &nx);
            (void)nn;
            if (is_ignorable(c1) && is_word_cp(nx)) {
                j += n1;
                continue;
            }
            if (is_apos(c1) && is_word_cp(nx) && !digit_cp(nx)) {
                j += n1;
                dotted_ok = false;
                continue;
            }
            if (is_hyphen(c1) && is_word_cp(nx)) {
                t.f |= TK_HYPHEN;
                dotted_ok = false;
                j += n1;
                continue;
            }
            if (c1 == '.' && is_word_cp(nx)) {
                groups++;
                if (group_len == 1) {
                    single_letter_groups++;
                }
                group_len = 0;
                j += n1;
                continue;
            }
            if (c1 == ',' && digits_only && is_digit_ascii((char)nx) && j + 3 < len &&
                is_digit_ascii(s[j + 2]) && is_digit_ascii(s[j + 3]) &&
                (j + 4 >= len || !is_digit_ascii(s[j + 4]))) {
                j += n1;
                continue;
            }
            if (c1 == '/' && digits_only && is_digit_ascii((char)nx)) {
                j += n1;
                continue;
            }
            if (c1 == '&' && upper_cp(nx) && j > i && s[j - 1] >= 'A' && s[j - 1] <= 'Z') {
                j += n1;
                continue;
            }
            break;
        }
        t.end = j;
        t.core_end = j;
        if (groups > 0 && dotted_ok && group_len == 1 && single_letter_groups == groups &&
            letters == groups + 1) {
            t.f |= TK_DOTTED;
        }
        if (letters >= 2 && uppers == letters) {
            t.f |= TK_ALLCAPS;
        }
        /* Possessives: "Pakistan's", "Reuter’s", "Reuters'". */
        size_t n_core = t.end - t.start;
        if (n_core >= 3) {
            const char *e = s + t.end;
            if (e[-1] == 's' || e[-1] == 'S') {
                int32_t ap;
                size_t p = t.end - 2;
                while (p > t.start && ((unsigned char)s[p] & 0xC0) == 0x80) {
                    p--;
                }
                dec(s, p, t.end, &ap);
                if (is_apos(ap) && p > t.start) {
                    t.core_end = p;
                    t.f |= TK_POSS;
                }
            }
        }
        if (t.end < len && (t.f & TK_POSS) == 0) {
            int32_t ap;
            size_t an = dec(s, t.end, len, &ap);
            int32_t nx = 0;
            if (t.end + an < len) {
                dec(s, t.end + an, len, &nx);
            }
            if (is_apos(ap) && (s[t.end - 1] == 's' || s[t.end - 1] == 'S') && !is_word_cp(nx)) {
                t.f |= TK_POSS;
                t.end += an;
            }
        }
        if ((t.f & TK_POSS) && letters >= 3) {
            /* "PPP's": capitals are judged without the possessive. */
            size_t cl = 0;
            size_t cu = 0;
            for (size_t q = t.start; q < t.core_end;) {
                int32_t c2;
                size_t n2 = dec(s, q, t.core_end, &c2);
                if (n2 == 0) {
                    n2 = 1;
                }
                if (c2 >= 0 && cc_utf8_is_letter(c2)) {
                    cl++;
                    cu += upper_cp(c2) ? 1 : 0;
                }
                q += n2;
            }
            if (cl >= 2 && cu == cl) {
                t.f |= TK_ALLCAPS;
            }
        }
        if (t.end < len && s[t.end] == '.') {
            t.f |= TK_DOT_AFTER;
        }
        gap_flags(c, &t, prev_end, t.start);
        if ((t.f & TK_SENT) && c->n > 0) {
            seg++;
        }
        t.gap = prev_end;
        t.seg = seg;
        int rc = push_tok(c, &t);
        if (rc) {
            return rc;
        }
        prev_end = t.end;
        i = t.end;
    }
    c->nseg = seg + 1;
    return 0;
}

/* Marks segments where capitals carry no signal: Title Case headlines
 * ("Celebrities Are Starting To Use Tinder") and ALL CAPS lines. */
static int classify_segments(struct ctx *c)
{
    if (c->nseg <= LOCAL_TOKENS) {
        c->title_seg = c->local_title;
        c->caps_seg = c->local_caps;
        memset(c->local_title, 0, c->nseg * sizeof(bool));
        memset(c->local_caps, 0, c->nseg * sizeof(bool));
    } else {
        c->title_seg = cc_calloc(c->nseg, sizeof(*c->title_seg));
        c->caps_seg = cc_calloc(c->nseg, sizeof(*c->caps_seg));
        if (!c->title_seg || !c->caps_seg) {
            return CC_ENOMEM;
        }
    }
    size_t k = 0;
    while (k < c->n) {
        unsigned seg = c->t[k].seg;
        size_t caps = 0;
        size_t lower = 0;
        size_t allcaps = 0;
        size_t words = 0;
        size_t e = k;
        for (; e < c->n && c->t[e].seg == seg; e++) {
            const struct tok *t = &c->t[e];
            if (!(t->f & TK_ALPHA) || (t->f & TK_LEAD_DIGIT)) {
                continue;
            }
            words++;
            size_t l = tok_len(t);
            if (t->f & TK_ALLCAPS) {
                allcaps++;
            } else if ((t->f & TK_CAP) && l >= 3) {
                caps++;
            } else if ((t->f & TK_LOWER) && l >= 3) {
                lower++;
            }
        }
        if (words >= CAPS_MIN_WORDS && allcaps * 10 >= words * 7) {
            c->caps_seg[seg] = true;
            c->title_seg[seg] = true;
        } else if (caps >= TITLE_MIN_CAPS && lower * TITLE_LOWER_RATIO <= caps) {
            c->title_seg[seg] = true;
        }
        k = e;
    }
    return 0;
}

/* Only white space and characters of allowed between tokens k-1 and k. */
static bool gap_only(const struct ctx *c, size_t k, const char *allowed)
{
    const struct tok *t = &c->t[k];
    for (size_t i = t->gap; i < t->start; i++) {
        char ch = c->s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            continue;
        }
        if ((unsigned char)ch == 0xC2 && i + 1 < t->start && (unsigned char)c->s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        if (!strchr(allowed, ch) || ch == '\0') {
            return false;
        }
    }
    return true;
}

/* ---- output helpers ---------------------------------------------------------- */

static int add_date(struct ctx *c, size_t start, size_t end, int y, int m, int d, unsigned fl)
{
    struct cc_textfeat *o = c->out;
    if (o->ndates == o->dates_alloc) {
        int rc =
            cc_array_grow((void **)&o->dates, &o->dates_alloc, o->ndates + 1, sizeof(*o->dates));
        if (rc) {
            return rc;
        }
    }
    struct cc_date *x = &o->dates[o->ndates++];
    x->start = start;
    x->end = end;
    x->year = y;
    x->month = m;
    x->day = d;
    x->flags = fl;
    return 0;
}

static int add_number(struct ctx *c, size_t start, size_t end, double v, const char *unit,
                      size_t unit_len, unsigned fl)
{
    struct cc_textfeat *o = c->out;
    if (o->nnumbers == o->numbers_alloc) {
        int rc = cc_array_grow((void **)&o->numbers, &o->numbers_alloc, o->nnumbers + 1,
                               sizeof(*o->numbers));
        if (rc) {
            return rc;
        }
    }
    struct cc_number *x = &o->numbers[o->nnumbers++];
    x->start = start;
    x->end = end;
    x->value = v;
    x->flags = fl;
    if (unit_len >= sizeof(x->unit)) {
        unit_len = 0;
    }
    memcpy(x->unit, unit, unit_len);
    x->unit[unit_len] = '\0';
    return 0;
}

/* Appends the folded form of text[a..b) to strings: typography folded,
 * lowercased, white space collapsed, dots dropped for acronyms. */
static int add_entity(struct ctx *c, size_t a, size_t b, int kind)
{
    struct cc_textfeat *o = c->out;
    size_t off = o->strings.len;
    int rc = cc_buf_grow(&o->strings, b - a + 1);
    bool space = false;
    for (size_t i = a; rc == 0 && i < b;) {
        unsigned char ch = (unsigned char)c->s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z')) {
            /* ASCII letters and digits: the common case, written directly. */
            if (space && o->strings.len > off) {
                rc = cc_buf_putc(&o->strings, ' ');
            }
            space = false;
            if (rc == 0) {
                rc = cc_buf_putc(&o->strings, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
            }
            i++;
            continue;
        }
        int32_t cp;
        size_t n = dec(c->s, i, b, &cp);
        i += n;
        if (cp < 0 || is_ignorable(cp)) {
            continue;
        }
        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cc_utf8_is_space(cp)) {
            space = true;
            continue;
        }
        if (space && o->strings.len > off) {
            rc = cc_buf_putc(&o->strings, ' ');
        }
        space = false;
        if (rc) {
            break;
        }
        if (cp == '.' && kind == CC_ENTITY_ACRONYM) {
            continue;
        }
        if (is_apos(cp) || cp == 0x2018) {
            cp = '\'';
        } else if (is_hyphen(cp) || cp == 0x2012 || cp == 0x2013 || cp == 0x2014) {
            cp = '-';
        }
        rc = cc_utf8_encode(&o->strings, cc_utf8_tolower(cp));
    }
    if (rc == 0) {
        rc = cc_buf_putc(&o->strings, '\0');
    }
    if (rc) {
        return rc;
    }
    if (o->nentities == o->entities_alloc) {
        rc = cc_array_grow((void **)&o->entities, &o->entities_alloc, o->nentities + 1,
                           sizeof(*o->entities));
        if (rc) {
            return rc;
        }
    }
    struct cc_entity *e = &o->entities[o->nentities++];
    e->start = a;
    e->end = b;
    /* Offsets for now: the buffer may still move. Fixed up at the end. */
    e->norm = (const char *)(uintptr_t)off;
    e->norm_len = o->strings.len - off - 1;
    e->kind = kind;
    return 0;
}

/* ---- dates -------------------------------------------------------------------- */

/* Month names, then abbreviations (index 12 on); month_numbers in step. */
/* clang-format off */
static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
};
/* clang-format on */
static const int month_numbers[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                    1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12};
CC_WORDSET_DEFINE(month_names_set, month_names, 64);

/* clang-format off */
static const char *const weekdays[] = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};
/* clang-format on */

static int month_of_text(const char *p, size_t n, bool *abbrev)
{
    char key[KEY_MAX];
    if (n < 3 || n > 9 || !make_key(key, p, n)) {
        return 0;
    }
    int i = cc_wordset_find(&month_names_set, key, n);
    if (i < 0) {
        return 0;
    }
    *abbrev = i >= 12;
    return month_numbers[i];
}

static int month_of(const struct ctx *c, size_t k, bool *abbrev)
{
    const struct tok *t = &c->t[k];
    if (!(t->f & TK_CAP) || (t->f & (TK_DIGIT | TK_POSS | TK_USED | TK_HYPHEN))) {
        return 0;
    }
    return month_of_text(c->s + t->start, tok_len(t), abbrev);
}

/* "22", "22nd", "1st": a day of the month. */
static bool day_of(const struct ctx *c, size_t k, int *day)
{
    const struct tok *t = &c->t[k];
    if (!(t->f & TK_LEAD_DIGIT) || (t->f & (TK_USED | TK_POSS | TK_HYPHEN))) {
        return false;
    }
    const char *p = c->s + t->start;
    size_t n = tok_len(t);
    size_t d = 0;
    while (d < n && is_digit_ascii(p[d])) {
        d++;
    }
    if (d == 0 || d > 2) {
        return false;
    }
    if (d < n) {
        char key[KEY_MAX];
        if (!make_key(key, p + d, n - d) || !(strcmp(key, "st") == 0 || strcmp(key, "nd") == 0 ||
                                              strcmp(key, "rd") == 0 || strcmp(key, "th") == 0)) {
            return false;
        }
    }
    int v = 0;
    for (size_t i = 0; i < d; i++) {
        v = v * 10 + (p[i] - '0');
    }
    if (v < 1 || v > 31) {
        return false;
    }
    *day = v;
    return true;
}

static bool year_of(const struct ctx *c, size_t k, int *year)
{
    const struct tok *t = &c->t[k];
    if (tok_len(t) != 4 || (t->f & (TK_ALPHA | TK_USED | TK_POSS)) || t->end != t->core_end) {
        return false;
    }
    const char *p = c->s + t->start;
    int v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (!is_digit_ascii(p[i])) {
            return false;
        }
        v = v * 10 + (p[i] - '0');
    }
    if (v < 1000 || v > 2999) {
        return false;
    }
    *year = v;
    return true;
}

#define FUTURE_DAYS 60 /* a date without a year is at most 60 days after the reference */

static bool ref_days(const struct ctx *c, int64_t *days, struct cc_tm *tm)
{
    if (c->ref == CC_TIME_NONE) {
        return false;
    }
    cc_time_to_tm(tm, c->ref);
    *days = cc_days_from_civil(tm->year, tm->mon, tm->mday);
    return true;
}

/* Completes a date without a year from the reference date (the year that
 * puts it at most FUTURE_DAYS after and less than a year before it). */
static int add_date_noyear(struct ctx *c, size_t start, size_t end, int m, int d, unsigned fl)
{
    struct cc_tm tm;
    int64_t refd;
    if (!ref_days(c, &refd, &tm)) {
        if (d > 0 && d > cc_days_in_month(2000, m)) {
            return 0;
        }
        return add_date(c, start, end, 0, m, d, fl | CC_DATE_YEAR_UNKNOWN);
    }
    int64_t y = tm.year;
    int dd = d ? d : 1;
    int64_t days = cc_days_from_civil(y, m, CC_MIN(dd, cc_days_in_month(y, m)));
    if (days > refd + FUTURE_DAYS) {
        y--;
    } else if (days <= refd + FUTURE_DAYS - 366) {
        y++;
    }
    if (d > cc_days_in_month(y, m) || y < 1 || y > 9999) {
        return 0;
    }
    return add_date(c, start, end, (int)y, m, d, fl | CC_DATE_YEAR_INFERRED);
}

static int add_date_days(struct ctx *c, size_t start, size_t end, int64_t days)
{
    struct cc_tm tm;
    cc_time_to_tm(&tm, days * 86400);
    if (tm.year < 1 || tm.year > 9999) {
        return 0;
    }
    return add_date(c, start, end, (int)tm.year, tm.mon, tm.mday, CC_DATE_RELATIVE);
}

/* "22/4/2025", "22-04-2025", "2025-04-22", "4.22.25"? (d/m first unless the
 * second part cannot be a month). */
static int numeric_date(struct ctx *c, size_t k, bool *found)
{
    struct tok *t = &c->t[k];
    const char *p = c->s + t->start;
    size_t n = tok_len(t);
    int part[3] = {0, 0, 0};
    size_t plen[3] = {0, 0, 0};
    int np = 0;
    char sep = 0;
    *found = false;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (is_digit_ascii(ch)) {
            if (plen[np] >= 4) {
                return 0;
            }
            part[np] = part[np] * 10 + (ch - '0');
            plen[np]++;
        } else if ((ch == '/' || ch == '-' || ch == '.') && plen[np] > 0 && np < 2) {
            if (sep && ch != sep) {
                return 0;
            }
            sep = ch;
            np++;
        } else {
            return 0;
        }
    }
    if (np != 2 || plen[2] == 0) {
        return 0;
    }
    int y;
    int m;
    int d;
    if (plen[0] == 4) {
        y = part[0];
        m = part[1];
        d = part[2];
    } else if (plen[2] == 4 || plen[2] == 2) {
        y = plen[2] == 2 ? (part[2] < 70 ? 2000 + part[2] : 1900 + part[2]) : part[2];
        d = part[0];
        m = part[1];
        if (m > 12 && d <= 12) {
            /* US order: 4/22/2025. */
            m = part[0];
            d = part[1];
        }
        if (sep == '.' && plen[2] == 2) {
            return 0; /* "1.5.25" is more likely a version number */
        }
    } else {
        return 0;
    }
    if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > cc_days_in_month(y, m)) {
        return 0;
    }
    *found = true;
    t->f |= TK_USED;
    return add_date(c, t->start, t->core_end, y, m, d, 0);
}

static int find_dates(struct ctx *c)
{
    struct cc_tm tm;
    int64_t refd = 0;
    bool have_ref = ref_days(c, &refd, &tm);
    for (size_t k = 0; k < c->n; k++) {
        struct tok *t = &c->t[k];
        if (t->f & TK_USED) {
            continue;
        }
        int rc = 0;
        if ((t->f & TK_LEAD_DIGIT) && !(t->f & TK_ALPHA)) {
            bool found;
            rc = numeric_date(c, k, &found);
            if (rc || found) {
                if (rc) {
                    return rc;
                }
                continue;
            }
        }
        bool abbrev = false;
        int m = month_of(c, k, &abbrev);
        if (m) {
            int day;
            int year;
            /* Month Day[,] [Year] */
            if (k + 1 < c->n && gap_only(c, k + 1, abbrev ? "." : "") && day_of(c, k + 1, &day)) {
                size_t end = c->t[k + 1].core_end;
                c->t[k + 1].f |= TK_USED;
                t->f |= TK_USED;
                if (k + 2 < c->n && gap_only(c, k + 2, ",") && year_of(c, k + 2, &year)) {
                    c->t[k + 2].f |= TK_USED;
                    if (day <= cc_days_in_month(year, m)) {
                        rc = add_date(c, t->start, c->t[k + 2].core_end, year, m, day, 0);
                    }
                } else {
                    rc = add_date_noyear(c, t->start, end, m, day, 0);
                }
            } else if (k > 0 && !(c->t[k - 1].f & TK_USED) && gap_only(c, k, "") &&
                       day_of(c, k - 1, &day)) {
                /* Day Month [Year] */
                size_t start = c->t[k - 1].start;
                c->t[k - 1].f |= TK_USED;
                t->f |= TK_USED;
                if (k + 1 < c->n && gap_only(c, k + 1, abbrev ? ".," : ",") &&
                    year_of(c, k + 1, &year)) {
                    c->t[k + 1].f |= TK_USED;
                    if (day <= cc_days_in_month(year, m)) {
                        rc = add_date(c, start, c->t[k + 1].core_end, year, m, day, 0);
                    }
                } else {
                    rc = add_date_noyear(c, start, t->core_end, m, day, 0);
                }
            } else if (k > 1 && tok_is(c, k - 1, "of") && gap_only(c, k, "") &&
                       gap_only(c, k - 1, "") && !(c->t[k - 2].f & TK_USED) &&
                       day_of(c, k - 2, &day)) {
                /* Day of Month [Year] */
                size_t start = c->t[k - 2].start;
                c->t[k - 2].f |= TK_USED;
                t->f |= TK_USED;
                if (k + 1 < c->n && gap_only(c, k + 1, ",") && year_of(c, k + 1, &year)) {
                    c->t[k + 1].f |= TK_USED;
                    if (day <= cc_days_in_month(year, m)) {
                        rc = add_date(c, start, c->t[k + 1].core_end, year, m, day, 0);
                    }
                } else {
                    rc = add_date_noyear(c, start, t->core_end, m, day, 0);
                }
            } else if (k + 1 < c->n && gap_only(c, k + 1, abbrev ? ".," : ",") &&
                       year_of(c, k + 1, &year)) {
                /* Month Year */
                c->t[k + 1].f |= TK_USED;
                t->f |= TK_USED;
                rc = add_date(c, t->start, c->t[k + 1].core_end, year, m, 0, CC_DATE_NO_DAY);
            } else if (!abbrev && k > 0 && gap_only(c, k, "") &&
                       KEY_IN(month_context, c->s + c->t[k - 1].start, tok_len(&c->t[k - 1]))) {
                /* "in April", "since May": capitalised after a time word */
                t->f |= TK_USED;
                rc = add_date_noyear(c, t->start, t->core_end, m, 0, CC_DATE_NO_DAY);
            }
            if (rc) {
                return rc;
            }
            continue;
        }
        if ((t->f & TK_HYPHEN) && (t->f & TK_ALPHA) && !(t->f & TK_DIGIT)) {
            /* "mid-April", "early-May", "late-June" */
            const char *p = c->s + t->start;
            size_t n = tok_len(t);
            const char *h = memchr(p, '-', n);
            if (h && ((size_t)(h - p) == 3 || (size_t)(h - p) == 4 || (size_t)(h - p) == 5)) {
                char key[KEY_MAX];
                bool ab;
                int mm = month_of_text(h + 1, n - (size_t)(h - p) - 1, &ab);
                if (mm && !ab && make_key(key, p, (size_t)(h - p)) &&
                    (strcmp(key, "mid") == 0 || strcmp(key, "early") == 0 ||
                     strcmp(key, "late") == 0)) {
                    t->f |= TK_USED;
                    rc = add_date_noyear(c, t->start, t->core_end, mm, 0, CC_DATE_NO_DAY);
                    if (rc) {
                        return rc;
                    }
                    continue;
                }
            }
        }
        if (!have_ref || (t->f & (TK_DIGIT | TK_HYPHEN))) {
            continue;
        }
        char key[KEY_MAX];
        if (!make_key(key, c->s + t->start, tok_len(t))) {
            continue;
        }
        int64_t days = INT64_MIN;
        if (strcmp(key, "today") == 0 || strcmp(key, "tonight") == 0) {
            days = refd;
        } else if (strcmp(key, "yesterday") == 0) {
            days = refd - 1;
        } else if (strcmp(key, "tomorrow") == 0) {
            days = refd + 1;
        } else if (t->f & TK_CAP) {
            for (int w = 0; w < 7; w++) {
                if (strcmp(key, weekdays[w]) == 0) {
                    int refwd = (int)(((refd % 7) + 7 + 4) % 7);
                    bool next = k > 0 && tok_is(c, k - 1, "next") && gap_only(c, k, "");
                    bool last = k > 0 && tok_is(c, k - 1, "last") && gap_only(c, k, "");
                    if (next) {
                        int fwd = (w - refwd + 7) % 7;
                        days = refd + (fwd ? fwd : 7);
                    } else {
                        int back = (refwd - w + 7) % 7;
                        if (last && back == 0) {
                            back = 7;
                        }
                        days = refd - back;
                    }
                }
            }
        }
        if (days != INT64_MIN) {
            t->f |= TK_USED;
            rc = add_date_days(c, t->start, t->core_end, days);
            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}

/* A four-digit year on its own ("in 2019", "2024 was the deadliest"). */
static int find_years(struct ctx *c)
{
    for (size_t k = 0; k < c->n; k++) {
        int y;
        if (!year_of(c, k, &y) || y < 1900 || y > 2100) {
            continue;
        }
        const struct tok *t = &c->t[k];
        bool ctx = false;
        if (k > 0 && gap_only(c, k, "")) {
            const struct tok *p = &c->t[k - 1];
            ctx = KEY_IN(year_context, c->s + p->start, tok_len(p));
        }
        if (!ctx) {
            /* Followed by punctuation, the end, or a verb-like word. */
            if (k + 1 >= c->n || !gap_only(c, k + 1, "")) {
                ctx = t->end >= c->len || c->s[t->end] != '%';
            } else {
                const struct tok *nx = &c->t[k + 1];
                ctx = KEY_IN(year_followers, c->s + nx->start, tok_len(nx));
            }
        }
        if (ctx && (k == 0 || c->s[t->start - 1] != '$')) {
            c->t[k].f |= TK_USED;
            int rc = add_date(c, t->start, t->core_end, y, 0, 0, CC_DATE_NO_MONTH);
            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}

/* ---- numbers ------------------------------------------------------------------ */

/* clang-format off */
static const char *const scale_names[] = {
    "billion", "bln", "bn", "crore", "crores", "lakh", "lakhs", "million", "mln", "mn",
    "thousand", "thousands", "tn", "trillion", "trn",
};
/* clang-format on */
static const double scale_values[] = {1e9, 1e9, 1e9, 1e7, 1e7,  1e5,  1e5, 1e6,
                                      1e6, 1e6, 1e3, 0,   1e12, 1e12, 1e12};
CC_WORDSET_DEFINE(scale_names_set, scale_names, 32);

static double scale_of(const char *key)
{
    int i = cc_wordset_find(&scale_names_set, key, strlen(key));
    return i >= 0 ? scale_values[i] : 0;
}

/* clang-format off */
static const char *const number_names[] = {
    "eight", "eighteen", "eighty", "eleven", "fifteen", "fifty", "five", "forty", "four",
    "fourteen", "nine", "nineteen", "ninety", "one", "seven", "seventeen", "seventy", "six",
    "sixteen", "sixty", "ten", "thirteen", "thirty", "three", "twelve", "twenty", "two", "zero",
};
/* clang-format on */
static const int number_values[] = {8, 18, 80, 11, 15, 50, 5,  40, 4,  14, 9,  19, 90, 1,
                                    7, 17, 70, 6,  16, 60, 10, 13, 30, 3,  12, 20, 2,  0};
CC_WORDSET_DEFINE(number_names_set, number_names, 64);

static int small_number(const char *key)
{
    int i = cc_wordset_find(&number_names_set, key, strlen(key));
    return i >= 0 ? number_values[i] : -1;
}

struct wordnum {
    double total;
    double cur;
    bool scaled; /* a hundred/thousand/million... was seen */
    bool any;
};

/* Feeds one number word; false when it is not one. */
static bool wordnum_feed(struct wordnum *w, const char *key)
{
    int v = small_number(key);
    if (v >= 0) {
        w->cur += v;
        w->any = true;
        return true;
    }
    if (strcmp(key, "hundred") == 0) {
        w->cur = (w->cur > 0 ? w->cur : 1) * 100;
        w->scaled = true;
        w->any = true;
        return true;
    }
    if (strcmp(key, "dozen") == 0) {
        w->cur = (w->cur > 0 ? w->cur : 1) * 12;
        w->any = true;
        return true;
    }
    double sc = scale_of(key);
    if (sc > 0 && strlen(key) > 3) {
        w->total += (w->cur > 0 ? w->cur : 1) * sc;
        w->cur = 0;
        w->scaled = true;
        w->any = true;
        return true;
    }
    return false;
}

static bool is_unit_candidate(const struct ctx *c, size_t k)
{
    const struct tok *t = &c->t[k];
    if (!(t->f & TK_ALPHA) || (t->f & (TK_DIGIT | TK_USED | TK_NONASCII))) {
        return false;
    }
    if (!((t->f & TK_LOWER) || ((t->f & TK_CAP) && c->title_seg[t->seg]))) {
        return false;
    }
    size_t n = tok_len(t);
    return n < CC_NUMBER_UNIT_MAX && !KEY_IN(function_words, c->s + t->start, n);
}

/* Reads what follows a number ending at token k (glued '%', scale words,
 * percent and currency words, a unit noun); updates *v, unit, *end. Returns
 * the index of the last token consumed. */
static size_t number_tail(struct ctx *c, size_t k, double *v, char unit[CC_NUMBER_UNIT_MAX],
                          unsigned *fl, size_t *end, bool allow_scale)
{
    const char *s = c->s;
    size_t last = k;
    if (*end < c->len && s[*end] == '%') {
        (*end)++;
        snprintf(unit, CC_NUMBER_UNIT_MAX, "%%");
        *fl |= CC_NUMBER_PERCENT;
        return last;
    }
    char key[KEY_MAX];
    size_t j = k + 1;
    if (allow_scale && j < c->n && gap_only(c, j, "") &&
        make_key(key, s + c->t[j].start, tok_len(&c->t[j]))) {
        double sc = scale_of(key);
        if (sc > 0) {
            *v *= sc;
            *end = c->t[j].core_end;
            c->t[j].f |= TK_USED;
            last = j;
            j++;
        }
    }
    if (j >= c->n || !gap_only(c, j, "") || !make_key(key, s + c->t[j].start, tok_len(&c->t[j]))) {
        return last;
    }
    static const struct {
        const char *word;
        const char *unit;
        unsigned flag;
    } words[] = {
        {"percent", "%", CC_NUMBER_PERCENT},     {"pct", "%", CC_NUMBER_PERCENT},
        {"percentage", "%", CC_NUMBER_PERCENT},  {"dollars", "USD", CC_NUMBER_CURRENCY},
        {"dollar", "USD", CC_NUMBER_CURRENCY},   {"euros", "EUR", CC_NUMBER_CURRENCY},
        {"euro", "EUR", CC_NUMBER_CURRENCY},     {"pounds", "GBP", CC_NUMBER_CURRENCY},
        {"rupees", "rupee", CC_NUMBER_CURRENCY}, {"rupee", "rupee", CC_NUMBER_CURRENCY},
        {"yuan", "CNY", CC_NUMBER_CURRENCY},     {"yen", "JPY", CC_NUMBER_CURRENCY},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(words); i++) {
        if (strcmp(key, words[i].word) == 0) {
            if (!(*fl & CC_NUMBER_CURRENCY) || words[i].flag == CC_NUMBER_PERCENT) {
                snprintf(unit, CC_NUMBER_UNIT_MAX, "%s", words[i].unit);
                *fl |= words[i].flag;
            }
            *end = c->t[j].core_end;
            c->t[j].f |= TK_USED;
            last = j;
            /* "per cent", "percentage points" */
            if (j + 1 < c->n && gap_only(c, j + 1, "") &&
                (tok_is(c, j + 1, "points") || (strcmp(key, "per") == 0))) {
                *end = c->t[j + 1].core_end;
                last = j + 1;
            }
            return last;
        }
    }
    if (strcmp(key, "per") == 0 && j + 1 < c->n && tok_is(c, j + 1, "cent") &&
        gap_only(c, j + 1, "")) {
        snprintf(unit, CC_NUMBER_UNIT_MAX, "%%");
        *fl |= CC_NUMBER_PERCENT;
        *end = c->t[j + 1].core_end;
        return j + 1;
    }
    if (*fl & CC_NUMBER_CURRENCY) {
        return last;
    }
    if (!is_unit_candidate(c, j)) {
        return last;
    }
    size_t u = j;
    if (KEY_IN(unit_skip, s + c->t[j].start, tok_len(&c->t[j])) && j + 1 < c->n &&
        gap_only(c, j + 1, "") && is_unit_candidate(c, j + 1)) {
        u = j + 1;
    }
    size_t n = tok_len(&c->t[u]);
    if (make_key(key, s + c->t[u].start, n) && !strchr(key, '.')) {
        snprintf(unit, CC_NUMBER_UNIT_MAX, "%.23s", key);
        *end = c->t[u].core_end;
        if (c->title_seg[c->t[u].seg]) {
            c->t[u].f |= TK_USED;
        }
        last = u;
    }
    return last;
}

/* Currency written before the number token k ("$", "US$", "Rs", "PKR"). */
static void currency_before(struct ctx *c, size_t k, char unit[CC_NUMBER_UNIT_MAX], unsigned *fl,
                            size_t *start)
{
    const char *s = c->s;
    const struct tok *t = &c->t[k];
    size_t a = t->start;
    struct {
        const char *sym;
        const char *code;
    } syms[] = {
        {"$", "USD"},        {"\xe2\x82\xac", "EUR"}, {"\xc2\xa3", "GBP"}, {"\xe2\x82\xb9", "INR"},
        {"\xc2\xa5", "JPY"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(syms); i++) {
        size_t l = strlen(syms[i].sym);
        if (a >= t->gap + l && memcmp(s + a - l, syms[i].sym, l) == 0) {
            snprintf(unit, CC_NUMBER_UNIT_MAX, "%s", syms[i].code);
            *fl |= CC_NUMBER_CURRENCY;
            *start = a - l;
            /* "US$": the "US" token right before the '$'. */
            if (k > 0 && c->t[k - 1].end == a - l && l == 1) {
                const struct tok *p = &c->t[k - 1];
                size_t pl = tok_len(p);
                const char *pp = s + p->start;
                if (pl == 2 && memcmp(pp, "US", 2) == 0) {
                    *start = p->start;
                    c->t[k - 1].f |= TK_USED;
                } else if ((pl == 1 || pl == 2) && (p->f & TK_ALLCAPS || pl == 1)) {
                    static const char *const dollars[][2] = {
                        {"A", "AUD"}, {"C", "CAD"}, {"HK", "HKD"}, {"NZ", "NZD"}, {"S", "SGD"}};
                    for (size_t d = 0; d < CC_ARRAY_LEN(dollars); d++) {
                        if (strlen(dollars[d][0]) == pl && memcmp(pp, dollars[d][0], pl) == 0) {
                            snprintf(unit, CC_NUMBER_UNIT_MAX, "%s", dollars[d][1]);
                            *start = p->start;
                            c->t[k - 1].f |= TK_USED;
                        }
                    }
                }
            }
            return;
        }
    }
    if (k == 0 || !gap_only(c, k, ".")) {
        return;
    }
    const struct tok *p = &c->t[k - 1];
    size_t pl = tok_len(p);
    const char *pp = s + p->start;
    /* clang-format off */
static const char *const codes[] = {
    "USD", "EUR", "GBP", "INR", "PKR", "AED", "SAR", "CNY", "JPY", "AUD", "CAD", "CHF", "BDT",
    "LKR",
};
    /* clang-format on */
    if (pl == 2 && (memcmp(pp, "Rs", 2) == 0 || memcmp(pp, "RS", 2) == 0)) {
        snprintf(unit, CC_NUMBER_UNIT_MAX, "rupee");
        *fl |= CC_NUMBER_CURRENCY;
        *start = p->start;
        c->t[k - 1].f |= TK_USED;
        return;
    }
    if (pl == 3 && gap_only(c, k, "")) {
        for (size_t i = 0; i < CC_ARRAY_LEN(codes); i++) {
            if (memcmp(pp, codes[i], 3) == 0) {
                snprintf(unit, CC_NUMBER_UNIT_MAX, "%s", codes[i]);
                *fl |= CC_NUMBER_CURRENCY;
                *start = p->start;
                c->t[k - 1].f |= TK_USED;
                return;
            }
        }
    }
}

/* "about", "nearly", "at least", "more than", "over" before token k. */
static unsigned qualifier_before(const struct ctx *c, size_t k, size_t start)
{
    if (k == 0 || c->t[k - 1].end > start || !gap_only(c, k, "$")) {
        if (k == 0) {
            return 0;
        }
    }
    size_t p = k - 1;
    while (p > 0 && c->t[p].end > start) {
        p--;
    }
    if (c->t[p].end > start) {
        return 0;
    }
    const struct tok *t = &c->t[p];
    const char *s = c->s + t->start;
    size_t n = tok_len(t);
    if (KEY_IN(approx_words, s, n)) {
        return CC_NUMBER_APPROX;
    }
    if (KEY_IN(at_least_words, s, n)) {
        return CC_NUMBER_AT_LEAST;
    }
    if (p > 0 &&
        ((tok_is(c, p, "least") && tok_is(c, p - 1, "at")) ||
         (tok_is(c, p, "than") && (tok_is(c, p - 1, "more") || tok_is(c, p - 1, "over"))))) {
        return CC_NUMBER_AT_LEAST;
    }
    if (p > 0 && tok_is(c, p, "to") && tok_is(c, p - 1, "up")) {
        return CC_NUMBER_APPROX;
    }
    return 0;
}

static int digit_number(struct ctx *c, size_t k, size_t *next)
{
    struct tok *t = &c->t[k];
    const char *s = c->s;
    const char *p = s + t->start;
    size_t n = tok_len(t);
    *next = k + 1;
    /* Times: "8:19AM", "10:30". */
    if ((t->end + 1 < c->len && s[t->end] == ':' && is_digit_ascii(s[t->end + 1])) ||
        (t->start > 0 && s[t->start - 1] == ':' && t->start >= 2 &&
         is_digit_ascii(s[t->start - 2]))) {
        return 0;
    }
    /* Glued to a word before it ("F-16", "COVID-19", "MH370"). */
    if (t->start > 0 && (s[t->start - 1] == '-' || s[t->start - 1] == '/') && t->start >= 2 &&
        is_word_cp((unsigned char)s[t->start - 2])) {
        return 0;
    }
    char num[48];
    size_t used = 0;
    size_t nl = 0;
    bool dot = false;
    while (used < n && nl + 1 < sizeof(num)) {
        char ch = p[used];
        if (is_digit_ascii(ch)) {
            num[nl++] = ch;
        } else if (ch == ',' && !dot && used + 3 < n + 1 && used + 3 <= n &&
                   is_digit_ascii(p[used + 1])) {
            /* thousands separator, already validated by the tokenizer */
        } else if (ch == '.' && !dot && used + 1 < n && is_digit_ascii(p[used + 1])) {
            dot = true;
            num[nl++] = ch;
        } else {
            break;
        }
        used++;
    }
    num[nl] = '\0';
    double v;
    if (nl == 0 || cc_parse_double(&v, num, nl) != 0) {
        return 0;
    }
    char unit[CC_NUMBER_UNIT_MAX] = "";
    unsigned fl = 0;
    size_t start = t->start;
    currency_before(c, k, unit, &fl, &start);
    size_t end = t->core_end;
    if (used < n) {
        const char *rest = p + used;
        size_t rl = n - used;
        char key[KEY_MAX];
        if (rest[0] == '-' || (unsigned char)rest[0] == 0xE2) {
            /* "12-day", "17-Year-Old", "24-28": the value, maybe a unit word. */
            size_t h = 1;
            if ((unsigned char)rest[0] == 0xE2) {
                h = 3;
            }
            size_t w = h;
            while (w < rl &&
                   ((rest[w] >= 'a' && rest[w] <= 'z') || (rest[w] >= 'A' && rest[w] <= 'Z'))) {
                w++;
            }
            if (w > h && w - h < CC_NUMBER_UNIT_MAX && make_key(key, rest + h, w - h)) {
                snprintf(unit, CC_NUMBER_UNIT_MAX, "%.23s", key);
            } else if (!(h < rl && is_digit_ascii(rest[h]))) {
                return 0;
            }
            t->f |= TK_USED;
            return add_number(c, start, end, v, unit, strlen(unit),
                              fl | qualifier_before(c, k, start));
        }
        if (!make_key(key, rest, rl)) {
            return 0;
        }
        double sc = 0;
        if (strcmp(key, "bn") == 0 || strcmp(key, "bln") == 0 || strcmp(key, "billion") == 0) {
            sc = 1e9;
        } else if (strcmp(key, "mn") == 0 || strcmp(key, "mln") == 0 ||
                   strcmp(key, "million") == 0) {
            sc = 1e6;
        } else if (strcmp(key, "tn") == 0 || strcmp(key, "trn") == 0 ||
                   strcmp(key, "trillion") == 0) {
            sc = 1e12;
        } else if (strcmp(key, "k") == 0) {
            sc = 1e3;
        } else if ((strcmp(key, "m") == 0) && (fl & CC_NUMBER_CURRENCY)) {
            sc = 1e6;
        } else if ((strcmp(key, "b") == 0) && (fl & CC_NUMBER_CURRENCY)) {
            sc = 1e9;
        } else if (strcmp(key, "cr") == 0 || strcmp(key, "crore") == 0) {
            sc = 1e7;
        } else if (strcmp(key, "lakh") == 0) {
            sc = 1e5;
        } else if (strcmp(key, "pc") == 0) {
            snprintf(unit, CC_NUMBER_UNIT_MAX, "%%");
            fl |= CC_NUMBER_PERCENT;
            sc = 1;
        }
        if (sc == 0) {
            return 0; /* ordinals, decades, model numbers: "2nd", "1980s", "5C" */
        }
        v *= sc;
    }
    t->f |= TK_USED;
    size_t last = number_tail(c, k, &v, unit, &fl, &end, used == n);
    *next = last + 1;
    return add_number(c, start, end, v, unit, strlen(unit), fl | qualifier_before(c, k, start));
}

static int word_number(struct ctx *c, size_t k, size_t *next)
{
    const char *s = c->s;
    struct wordnum w = {0, 0, false, false};
    size_t e = k;
    size_t last = k;
    *next = k + 1;
    for (; e < c->n && e - k < 12; e++) {
        const struct tok *t = &c->t[e];
        if (e > k && !gap_only(c, e, "")) {
            break;
        }
        if ((t->f & (TK_DIGIT | TK_USED | TK_POSS)) || !(t->f & TK_ALPHA)) {
            break;
        }
        const char *p = s + t->start;
        size_t n = tok_len(t);
        char key[KEY_MAX];
        if (!make_key(key, p, n)) {
            break;
        }
        if (e == k && strcmp(key, "a") == 0) {
            continue;
        }
        if (e > k && strcmp(key, "and") == 0 && w.any && e + 1 < c->n) {
            continue;
        }
        /* "twenty-six" */
        bool ok = true;
        struct wordnum save = w;
        char *part = key;
        while (ok && part) {
            char *h = strchr(part, '-');
            if (h) {
                *h = '\0';
            }
            ok = wordnum_feed(&w, part);
            part = h ? h + 1 : NULL;
        }
        if (!ok) {
            w = save;
            break;
        }
        last = e;
    }
    if (!w.any) {
        return 0;
    }
    double v = w.total + w.cur;
    if (!w.scaled && v <= 1) {
        return 0;
    }
    for (size_t i = k; i <= last; i++) {
        c->t[i].f |= TK_USED;
    }
    size_t first = k;
    if (tok_is(c, k, "a")) {
        first = k;
    }
    char unit[CC_NUMBER_UNIT_MAX] = "";
    unsigned fl = CC_NUMBER_WORDS;
    size_t end = c->t[last].core_end;
    size_t l2 = number_tail(c, last, &v, unit, &fl, &end, false);
    *next = l2 + 1;
    return add_number(c, c->t[first].start, end, v, unit, strlen(unit),
                      fl | qualifier_before(c, k, c->t[first].start));
}

/* Words that can start a spelled-out number ("a" only before a scale). */
/* clang-format off */
static const char *const number_starts[] = {
    "a", "billion", "crore", "crores", "dozen", "eight", "eighteen", "eighty", "eleven",
    "fifteen", "fifty", "five", "forty", "four", "fourteen", "hundred", "lakh", "lakhs",
    "million", "nine", "nineteen", "ninety", "one", "seven", "seventeen", "seventy", "six",
    "sixteen", "sixty", "ten", "thirteen", "thirty", "thousand", "three", "trillion", "twelve",
    "twenty", "two", "zero",
};
/* clang-format on */
CC_WORDSET_DEFINE(number_starts_set, number_starts, 128);

/* Can a word starting with p[0] be a number word (one, twenty, hundred,
 * million, lakh, crore, dozen, a)? A cheap filter before the lookups. */
static bool maybe_number_word(const char *p)
{
    char c = p[0];
    if (c >= 'A' && c <= 'Z') {
        c = (char)(c + 32);
    }
    return c == 'a' || c == 'b' || c == 'c' || c == 'd' || c == 'e' || c == 'f' || c == 'h' ||
           c == 'l' || c == 'm' || c == 'n' || c == 'o' || c == 's' || c == 't' || c == 'z';
}

static int find_numbers(struct ctx *c)
{
    size_t k = 0;
    while (k < c->n) {
        struct tok *t = &c->t[k];
        size_t next = k + 1;
        int rc = 0;
        if (t->f & TK_USED) {
            k++;
            continue;
        }
        if (t->f & TK_LEAD_DIGIT) {
            rc = digit_number(c, k, &next);
        } else if ((t->f & TK_ALPHA) && !(t->f & TK_DIGIT) && tok_len(t) <= 20 &&
                   maybe_number_word(c->s + t->start) &&
                   (!(t->f & TK_CAP) || (t->f & TK_SENT) || c->title_seg[t->seg])) {
            char key[KEY_MAX];
            const char *p = c->s + t->start;
            size_t n = tok_len(t);
            if (make_key(key, p, n)) {
                char *h = strchr(key, '-');
                if (h) {
                    *h = '\0';
                }
                if (cc_wordset_has(&number_starts_set, key, strlen(key))) {
                    rc = word_number(c, k, &next);
                }
            }
        }
        if (rc) {
            return rc;
        }
        k = next > k ? next : k + 1;
    }
    return 0;
}

/* ---- names and acronyms -------------------------------------------------------- */

static bool is_role(const struct ctx *c, const struct tok *t)
{
    size_t n = tok_len(t);
    return n >= 2 && n <= 12 && KEY_IN(role_words, c->s + t->start, n);
}

/* Can token k continue a name whose last token is k-1? */
static bool name_joined(const struct ctx *c, size_t k)
{
    const struct tok *t = &c->t[k];
    if (t->f & TK_AMP) {
        return true;
    }
    if (!(t->f & TK_BREAK)) {
        return true;
    }
    /* "Steven B. Miller": an initial and its dot. */
    const struct tok *p = &c->t[k - 1];
    return tok_len(p) == 1 && (p->f & TK_CAP) && gap_only(c, k, ".");
}

static size_t cap_prefix_end(const struct ctx *c, const struct tok *t);

static bool name_token(const struct ctx *c, size_t k)
{
    const struct tok *t = &c->t[k];
    if (!(t->f & TK_CAP) || !(t->f & TK_ALPHA) || (t->f & (TK_USED | TK_LEAD_DIGIT))) {
        return false;
    }
    if ((t->f & TK_ALLCAPS) || (t->f & TK_DOTTED)) {
        return false;
    }
    if (is_role(c, t) || ((t->f & TK_HYPHEN) && cap_prefix_end(c, t) != 0)) {
        return false;
    }
    const char *p = c->s + t->start;
    size_t n = tok_len(t);
    if (c->title_seg[t->seg] &&
        (KEY_IN(function_words, p, n) || (is_common(p, n) && !KEY_IN(name_openers, p, n)))) {
        return false;
    }
    return true;
}

/* A short acronym inside a name ("Geo TV", "BBC News"). */
static bool name_acronym(const struct ctx *c, size_t k)
{
    const struct tok *t = &c->t[k];
    return (t->f & TK_ALLCAPS) && !(t->f & (TK_DOTTED | TK_USED | TK_DIGIT | TK_HYPHEN)) &&
           tok_len(t) <= 5 && !c->caps_seg[t->seg] && !is_role(c, t);
}

/* End of the capitalised part of a hyphenated token: "US-brokered" gives
 * the end of "US", "Pakistan-based" that of "Pakistan"; 0 when every part
 * is capitalised ("Bhutto-Zardari"). */
static size_t cap_prefix_end(const struct ctx *c, const struct tok *t)
{
    const char *s = c->s;
    for (size_t i = t->start; i + 1 < t->core_end; i++) {
        if (s[i] == '-' && s[i + 1] >= 'a' && s[i + 1] <= 'z') {
            return i;
        }
    }
    return 0;
}

/* Abstract-noun endings: a lone sentence-initial "Coordination" or
 * "Agreement" is a common word, not a name. */
static bool noun_like(const char *p, size_t n)
{
    /* clang-format off */
static const char *const suffixes[] = {
    "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ings",
};
    /* clang-format on */
    for (size_t i = 0; i < CC_ARRAY_LEN(suffixes); i++) {
        size_t l = strlen(suffixes[i]);
        if (n > l + 2 && memcmp(p + n - l, suffixes[i], l) == 0) {
            return true;
        }
    }
    return false;
}

static int emit_name(struct ctx *c, size_t a, size_t b)
{
    /* A sentence-initial first word: drop it when it is a function word, or
     * when it stands alone and is a common word ("Speaking", "Recently"). */
    const struct tok *f = &c->t[a];
    if (f->f & TK_SENT) {
        const char *p = c->s + f->start;
        size_t n = tok_len(f);
        if (KEY_IN(function_words, p, n) || (a == b && (is_common(p, n) || noun_like(p, n)))) {
            a++;
        }
    }
    /* Trailing particles never end a name. */
    while (b >= a && b < c->n && !(c->t[b].f & TK_CAP)) {
        if (b == 0) {
            return 0;
        }
        b--;
    }
    if (a > b) {
        return 0;
    }
    return add_entity(c, c->t[a].start, c->t[b].core_end, CC_ENTITY_NAME);
}

static int find_entities(struct ctx *c)
{
    size_t k = 0;
    while (k < c->n) {
        const struct tok *t = &c->t[k];
        if ((t->f & TK_USED) || !(t->f & TK_ALPHA) || (t->f & TK_LEAD_DIGIT)) {
            k++;
            continue;
        }
        size_t n = tok_len(t);
        const char *p = c->s + t->start;
        if ((t->f & TK_HYPHEN) && (t->f & TK_CAP)) {
            size_t pe = cap_prefix_end(c, t);
            if (pe > t->start) {
                size_t l2 = pe - t->start;
                bool caps = l2 >= 2;
                for (size_t q = t->start; q < pe; q++) {
                    caps = caps && p[q - t->start] >= 'A' && p[q - t->start] <= 'Z';
                }
                bool skip = (t->f & TK_SENT) && !caps && is_common(p, l2);
                if (!skip) {
                    int rc = add_entity(c, t->start, pe, caps ? CC_ENTITY_ACRONYM : CC_ENTITY_NAME);
                    if (rc) {
                        return rc;
                    }
                }
                k++;
                continue;
            }
        }
        bool acronym_name = name_acronym(c, k) && k + 1 < c->n && name_joined(c, k + 1) &&
                            !(t->f & TK_POSS) && name_token(c, k + 1);
        if (((t->f & TK_ALLCAPS) || (t->f & TK_DOTTED)) && !acronym_name) {
            bool keep = true;
            if (c->caps_seg[t->seg]) {
                keep = n <= 4 && !is_common(p, n) && !KEY_IN(function_words, p, n);
            }
            if (keep && !is_role(c, t)) {
                int rc = add_entity(c, t->start, t->core_end, CC_ENTITY_ACRONYM);
                if (rc) {
                    return rc;
                }
            }
            k++;
            continue;
        }
        if (!acronym_name && !name_token(c, k)) {
            k++;
            continue;
        }
        size_t a = k;
        size_t b = k;
        size_t e = k + 1;
        while (e < c->n && e - a < MAX_NAME_TOKENS && !(c->t[b].f & TK_POSS)) {
            if (!name_joined(c, e)) {
                break;
            }
            if (name_token(c, e) || (name_acronym(c, e) && cap_prefix_end(c, &c->t[e]) == 0)) {
                b = e;
                e++;
                continue;
            }
            /* Particles and "of" after a head word, when a name follows. */
            const struct tok *x = &c->t[e];
            if (e + 1 < c->n && (x->f & TK_LOWER) && !(x->f & TK_BREAK) && name_joined(c, e + 1) &&
                name_token(c, e + 1)) {
                const char *xp = c->s + x->start;
                size_t xn = tok_len(x);
                bool of = xn == 2 && memcmp(xp, "of", 2) == 0 &&
                          KEY_IN(head_words, c->s + c->t[b].start, tok_len(&c->t[b]));
                if (of || KEY_IN(particles, xp, xn)) {
                    b = e + 1;
                    e += 2;
                    continue;
                }
            }
            break;
        }
        int rc = emit_name(c, a, b);
        if (rc) {
            return rc;
        }
        k = b + 1;
    }
    return 0;
}

/* ---- quoted phrases ----------------------------------------------------------- */

static int add_quote(struct ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
    while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t')) {
        a++;
    }
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == ',' || s[b - 1] == '.' || s[b - 1] == '\n')) {
        b--;
    }
    bool letter = false;
    for (size_t i = a; i < b && !letter;) {
        int32_t cp;
        size_t n = dec(s, i, b, &cp);
        letter = cp >= 0 && cc_utf8_is_letter(cp);
        i += n ? n : 1;
    }
    if (!letter) {
        return 0;
    }
    struct cc_textfeat *o = c->out;
    if (o->nquotes == o->quotes_alloc) {
        int rc = cc_array_grow((void **)&o->quotes, &o->quotes_alloc, o->nquotes + 1,
                               sizeof(*o->quotes));
        if (rc) {
            return rc;
        }
    }
    o->quotes[o->nquotes].start = a;
    o->quotes[o->nquotes].end = b;
    o->nquotes++;
    return 0;
}

static bool space_or_open(int32_t cp)
{
    return cp == ' ' || cp == '\n' || cp == '\t' || cp == '(' || cp == '[' || cp == '-' ||
           cp == 0x2014 || cp == 0x2013 || cp == ':' || cp == ',' || cp == '\r' || cp == 0x00A0;
}

#define QUOTE_ONES 0x0101010101010101ull
#define QUOTE_HIGHS 0x8080808080808080ull

/* Does the word hold byte b? (the exact zero-byte test on w ^ b...b) */
static bool word_has_byte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (QUOTE_ONES * b);
    return ((x - QUOTE_ONES) & ~x & QUOTE_HIGHS) != 0;
}

static int find_quotes(struct ctx *c)
{
    const char *s = c->s;
    size_t len = c->len;
    size_t i = 0;
    int32_t prev = ' ';
    while (i < len) {
        /* The common case: ASCII where no quote can open, skipped eight
         * bytes at a time, then byte by byte; prev is the last byte. */
        size_t i0 = i;
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            if ((w & QUOTE_HIGHS) != 0 || word_has_byte(w, '"') || word_has_byte(w, '\'')) {
                break;
            }
            i += 8;
        }
        while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '"' && s[i] != '\'') {
            i++;
        }
        if (i > i0) {
            prev = (unsigned char)s[i - 1];
        }
        if (i >= len) {
            break;
        }
        int32_t cp;
        size_t n = dec(s, i, len, &cp);
        if (n == 0) {
            n = 1;
        }
        bool dq =
            cp == 0x201C || cp == 0x201E || cp == 0x00AB || (cp == '"' && space_or_open(prev));
        bool sq = cp == 0x2018 || (cp == '\'' && space_or_open(prev));
        if (!dq && !sq) {
            prev = cp;
            i += n;
            continue;
        }
        size_t open_end = i + n;
        size_t limit = CC_MIN(len, i + QUOTE_MAX_BYTES);
        size_t j = open_end;
        size_t close = 0;
        size_t words = 0;
        int32_t last = ' ';
        while (j < limit) {
            int32_t c2;
            size_t n2 = dec(s, j, len, &c2);
            if (n2 == 0) {
                n2 = 1;
            }
            if (c2 == '\n' && j + 1 < len && s[j + 1] == '\n') {
                break;
            }
            if (dq && (c2 == 0x201D || c2 == 0x00BB || c2 == '"')) {
                close = j;
                break;
            }
            if (dq && c2 == 0x201C) {
                break;
            }
            if (sq && (c2 == 0x2019 || c2 == '\'')) {
                int32_t nx = ' ';
                if (j + n2 < len) {
                    dec(s, j + n2, len, &nx);
                }
                /* An apostrophe inside a word ("don't", "Pakistan’s") is not the close. */
                if (!is_word_cp(nx) && last != ' ') {
                    close = j;
                    break;
                }
            }
            if (c2 == ' ') {
                words++;
                if (sq && words >= SQUOTE_MAX_WORDS) {
                    break;
                }
            }
            last = c2;
            j += n2;
        }
        if (close) {
            int rc = add_quote(c, open_end, close);
            if (rc) {
                return rc;
            }
            int32_t cc;
            i = close + dec(s, close, len, &cc);
            prev = cc;
            continue;
        }
        prev = cp;
        i += n;
    }
    return 0;
}

/* ---- API ------------------------------------------------------------------------ */

static void reset(struct cc_textfeat *f)
{
    f->nentities = 0;
    f->nnumbers = 0;
    f->ndates = 0;
    f->nquotes = 0;
    cc_buf_reset(&f->strings);
}

int cc_textfeat_extract(struct cc_textfeat *out, const char *text, size_t len, int64_t ref_date,
                        struct cc_error *err)
{
    struct ctx c;
    memset(&c, 0, offsetof(struct ctx, local_t));
    c.t = c.local_t;
    c.alloc = LOCAL_TOKENS;
    c.s = text;
    c.len = len;
    c.ref = ref_date;
    c.out = out;
    reset(out);
    int rc = tokenize(&c);
    if (rc == 0) {
        rc = classify_segments(&c);
    }
    if (rc == 0) {
        rc = find_dates(&c);
    }
    if (rc == 0) {
        rc = find_years(&c);
    }
    if (rc == 0) {
        rc = find_numbers(&c);
    }
    if (rc == 0) {
        rc = find_entities(&c);
    }
    if (rc == 0) {
        rc = find_quotes(&c);
    }
    if (c.t != c.local_t) {
        cc_free(c.t);
    }
    if (c.title_seg != c.local_title) {
        cc_free(c.title_seg);
        cc_free(c.caps_seg);
    }
    if (rc) {
        reset(out);
        return cc_error_set(err, rc, NULL, "out of memory extracting text features");
    }
    for (size_t i = 0; i < out->nentities; i++) {
        out->entities[i].norm = out->strings.buf + (uintptr_t)out->entities[i].norm;
    }
    return 0;
}

void cc_textfeat_release(struct cc_textfeat *f)
{
    if (!f) {
        return;
    }
    cc_free(f->entities);
    cc_free(f->numbers);
    cc_free(f->dates);
    cc_free(f->quotes);
    cc_buf_release(&f->strings);
    memset(f, 0, sizeof(*f));
    cc_buf_init(&f->strings, 0);
}

/* Writes v (0 <= v < 10^width) as width decimal digits; returns the end. */
static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

size_t cc_textfeat_date_format(char out[16], const struct cc_date *d)
{
    /* Without printf for the usual ranges: claims and reports format every
     * date of every sentence (bench/claims.sh). */
    if (d->year >= 0 && d->year <= 9999 && d->month >= 0 && d->month <= 99 && d->day >= 0 &&
        d->day <= 99) {
        char *p = out;
        if (d->flags & CC_DATE_NO_MONTH) {
            p = put_digits(p, d->year, 4);
        } else if (d->flags & CC_DATE_NO_DAY) {
            if (d->year) {
                p = put_digits(p, d->year, 4);
                *p++ = '-';
            } else {
                *p++ = '-';
                *p++ = '-';
            }
            p = put_digits(p, d->month, 2);
        } else {
            if (d->year) {
                p = put_digits(p, d->year, 4);
                *p++ = '-';
            } else {
                *p++ = '-';
                *p++ = '-';
            }
            p = put_digits(p, d->month, 2);
            *p++ = '-';
            p = put_digits(p, d->day, 2);
        }
        *p = '\0';
        return (size_t)(p - out);
    }
    int n;
    if (d->flags & CC_DATE_NO_MONTH) {
        n = snprintf(out, 16, "%04d", d->year);
    } else if (d->flags & CC_DATE_NO_DAY) {
        n = d->year ? snprintf(out, 16, "%04d-%02d", d->year, d->month)
                    : snprintf(out, 16, "--%02d", d->month);
    } else if (d->year == 0) {
        n = snprintf(out, 16, "--%02d-%02d", d->month, d->day);
    } else {
        n = snprintf(out, 16, "%04d-%02d-%02d", d->year, d->month, d->day);
    }
    if (n < 0 || n >= 16) {
        out[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

/* Numbers below this are written digit by digit when whole: %.15g prints
 * such a value as its plain digits too. */
#define NUMBER_FAST_MAX 1e15

size_t cc_textfeat_number_format(char out[64], const struct cc_number *x)
{
    size_t ulen = strlen(x->unit);
    double v = x->value;
    if (v > -NUMBER_FAST_MAX && v < NUMBER_FAST_MAX && (double)(int64_t)v == v &&
        (v != 0 || !signbit(v)) && ulen + 24 < 64) {
        char d[24];
        size_t nd = 0;
        uint64_t u = v < 0 ? (uint64_t)(-(int64_t)v) : (uint64_t)(int64_t)v;
        do {
            d[sizeof(d) - 1 - nd++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        char *p = out;
        if (v < 0) {
            *p++ = '-';
        }
        memcpy(p, d + sizeof(d) - nd, nd);
        p += nd;
        if (ulen == 1 && x->unit[0] == '%') {
            *p++ = '%';
        } else if (ulen > 0) {
            *p++ = ' ';
            memcpy(p, x->unit, ulen);
            p += ulen;
        }
        *p = '\0';
        return (size_t)(p - out);
    }
    int n;
    if (x->unit[0] == '\0') {
        n = snprintf(out, 64, "%.15g", x->value);
    } else if (strcmp(x->unit, "%") == 0) {
        n = snprintf(out, 64, "%.15g%%", x->value);
    } else {
        n = snprintf(out, 64, "%.15g %s", x->value, x->unit);
    }
    if (n < 0 || n >= 64) {
        out[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

int64_t cc_textfeat_date_days(const struct cc_date *d)
{
    if (d->year == 0 || d->month == 0 || d->day == 0) {
        return INT64_MIN;
    }
    return cc_days_from_civil(d->year, d->month, d->day);
}

bool cc_textfeat_numbers_agree(const struct cc_number *a, const struct cc_number *b)
{
    if (a->unit[0] && b->unit[0] && strcmp(a->unit, b->unit) != 0) {
        return false;
    }
    double x = a->value;
    double y = b->value;
    if (x == y) {
        return true;
    }
    double m = CC_MAX(x < 0 ? -x : x, y < 0 ? -y : y);
    double d = x - y;
    if (d < 0) {
        d = -d;
    }
    return d <= m * NUMBER_AGREE_REL;
}

int cc_textfeat_fold(struct cc_buf *out, const char *text, size_t len)
{
    struct cc_buf a = CC_BUF_INIT;
    struct cc_buf b = CC_BUF_INIT;
    int rc = 0;
    const char *p = text;
    size_t n = len;
    if (!cc_utf8_is_valid(text, len)) {
        rc = cc_utf8_repair(&a, text, len, NULL);
        p = a.buf;
        n = a.len;
    }
    if (rc == 0) {
        rc = cc_utf8_fold_typography(&b, p, n);
    }
    if (rc == 0) {
        rc = cc_utf8_casefold(out, b.buf, b.len);
    }
    cc_buf_release(&a);
    cc_buf_release(&b);
    return rc;
}
