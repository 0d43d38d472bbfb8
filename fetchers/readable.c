/*
 * readable.c: decoding, parsing and main-text extraction.
 *
 * The extraction follows the idea of Mozilla Readability (arc90): drop what
 * is never text (scripts, forms, hidden and furniture elements), score each
 * paragraph by its length and commas, credit the score to its ancestors
 * with a decay, penalise link-heavy containers, take the best container and
 * those of its siblings that score close to it, then clean that content
 * again (link lists, share bars, captions) before turning it into blocks.
 * When the result is short the pass is retried with fewer rules, and the
 * JSON-LD articleBody replaces a result that is clearly incomplete.
 */
#include "core/common.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: text_stats' 16-byte blocks */
#endif

#include "core/alloc.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "fetchers/charset.h"
#include "fetchers/readable_int.h"
#include "core/banned.h"

/* Pass flags: the first pass uses all, later ones drop them in turn. */
enum pass_flags {
    PASS_STRIP_UNLIKELY = 1u << 0,
    PASS_WEIGHT_CLASSES = 1u << 1,
    PASS_CLEAN_CONDITIONALLY = 1u << 2,
};

/* Readability's numbers (Readability.js 0.5, DEFAULT_CHAR_THRESHOLD and
 * friends): a result under CHAR_THRESHOLD characters triggers a retry; a
 * paragraph under MIN_PARAGRAPH characters is not scored; the score of a
 * paragraph goes to at most ANCESTOR_LEVELS ancestors. */
#define CHAR_THRESHOLD 500
/* The first, strictest pass is trusted from this many characters on: a
 * short article is better served by it than by a later pass that takes
 * the furniture it had dropped. */
#define STRICT_ACCEPT 150
#define MIN_PARAGRAPH 25
#define ANCESTOR_LEVELS 5
#define TOP_CANDIDATES 5
#define MIN_ALTERNATIVES 3
#define CLASS_WEIGHT 25
#define SHARE_MAX_CHARS 500
/* Hash links ("#section") count this much towards link density. */
#define HASH_LINK_WEIGHT 0.3
/* The JSON-LD articleBody (check_against_body): a body under this many
 * shingles is a summary and checks nothing. */
#define JSONLD_BODY_MIN_SHINGLES 40
/* Under this share of the articleBody's shingles found in the extraction,
 * the extraction took the wrong text (or none) and the body replaces it. */
#define JSONLD_BODY_MIN_RECALL 0.5
/* From this share on, the body is complete and agrees with the page, so a
 * paragraph of JSONLD_FOREIGN_MIN_SHINGLES or more shingles that shares
 * none with it is dropped. */
#define JSONLD_BODY_TRUST_RECALL 0.9
/* A body whose headline differs from the page's replaces an extraction
 * only when that has less than this share of its length. */
#define JSONLD_BODY_EMPTY_RATIO 0.25
#define JSONLD_FOREIGN_MIN_SHINGLES 5
/* An element with fewer characters (and no paragraphs) is not saved from
 * the unlikely list by a rescue word in its name. */
#define SHORT_ELEMENT 80
/* Links kept per block (a link farm paragraph keeps its first ones). */
#define MAX_LINKS_PER_BLOCK 64
/* Hostile pages nest elements thousands deep (HTML_PARSE_HUGE lets them
 * parse): ancestor scans stop after ANCESTOR_SCAN levels, and a subtree
 * count stops after STATS_BUDGET nodes, its element then being treated as
 * big (kept), so the work stays near linear. */
#define ANCESTOR_SCAN 64
#define STATS_BUDGET 4096
/* class/id strings are only looked at up to this many bytes. */
#define MATCH_MAX 512

struct rinfo {
    double score;
    double link_len;   /* characters inside links (hash links weighted) */
    uint32_t text_len; /* characters of text, whitespace runs counted once */
    uint32_t commas;
    bool candidate;
    bool data_table;
};

/* A link's raw span in the block being built. */
struct raw_link {
    size_t start;
    size_t end;
    const xmlNode *anchor; /* the <a> element */
};

struct block_acc {
    struct raw_link *links; /* owned */
    size_t nlinks;
    size_t links_alloc;
    const char *base_url; /* borrowed: resolves relative hrefs; may be NULL */
    struct cc_buf text;   /* raw text of the block being built */
    size_t link_chars;    /* of which inside links */
    const xmlNode *owner; /* the block element the text belongs to */
    int heading;          /* 1-6 when owner is a heading */
};

struct result {
    struct cc_readable_block *blocks;
    size_t nblocks;
    size_t alloc;
    size_t text_len; /* bytes of paragraph text */
};

struct pass {
    xmlDoc *doc;
    xmlNode *root; /* <body>, or the root element */
    unsigned flags;
    const char *title; /* borrowed: the headline, for duplicate headings */
    struct rinfo *infos;
    size_t ninfos;
    xmlNode **score_nodes;
    size_t nscore;
    size_t score_alloc;
    uint32_t page_p_text; /* characters in the page's <p> elements */
    bool page_p_done;     /* page_p_text is counted */
    xmlNode **selected;   /* the content: top candidate and siblings, in order */
    size_t nselected;
    size_t selected_alloc;
};

/* ---------------------------------------------------------------- helpers */

static bool tag_is(const xmlNode *n, const char *name)
{
    /* the first byte settles most comparisons without a call */
    return n && n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

static int heading_level(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE) {
        return 0;
    }
    const char *s = (const char *)n->name;
    if (s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0') {
        return s[1] - '0';
    }
    return 0;
}

static struct rinfo *info(const xmlNode *n)
{
    return (struct rinfo *)n->_private;
}

static bool is_ws_text(const xmlNode *n)
{
    if (n->type != XML_TEXT_NODE) {
        return false;
    }
    for (const unsigned char *s = (const unsigned char *)n->content; s && *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f') {
            return false;
        }
    }
    return true;
}

/* Removes n from the tree and frees it; returns the next node to visit. */
static xmlNode *remove_node(xmlNode *n, const xmlNode *root)
{
    xmlNode *next = cc_readable__next(n, root, false);
    xmlUnlinkNode(n);
    xmlFreeNode(n);
    return next;
}

static bool has_ancestor(const xmlNode *n, const char *tag, int max_depth)
{
    int d = 0;
    for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (max_depth > 0 && ++d > max_depth) {
            return false;
        }
        if (tag_is(p, tag)) {
            return true;
        }
    }
    return false;
}

/* Lowercased "class id" into buf (cut at MATCH_MAX). */
static size_t match_string2(const char *cls, const char *id, char *buf, size_t cap)
{
    const char *parts[2] = {cls, id};
    size_t len = 0;
    for (size_t k = 0; k < 2; k++) {
        if (!parts[k]) {
            continue;
        }
        if (len > 0 && len + 1 < cap) {
            buf[len++] = ' ';
        }
        for (const char *s = parts[k]; *s && len + 1 < cap; s++) {
            char c = *s;
            buf[len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
    }
    buf[len] = '\0';
    return len;
}

static size_t match_string(const xmlNode *n, char *buf, size_t cap)
{
    return match_string2(cc_readable__attr(n, "class"), cc_readable__attr(n, "id"), buf, cap);
}

enum kw_mode {
    KW_SUB = 0, /* anywhere in the string */
    KW_TOK = 1, /* bounded by non-alphanumerics */
};

struct keyword {
    const char *word;
    int mode;
};

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static unsigned bigram(unsigned char a, unsigned char b)
{
    return ((unsigned)a * 31u + (unsigned)b) & 1023u;
}

static bool has_keyword(const char *s, size_t len, const struct keyword *kws, size_t count)
{
    if (len == 0) {
        return false;
    }
    /* The bigrams of s filter the keywords before any strstr: class strings
     * are short and the lists long (this runs for every element). */
    uint64_t seen[16] = {0};
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned g = bigram((unsigned char)s[i], (unsigned char)s[i + 1]);
        seen[g >> 6] |= 1ull << (g & 63);
    }
    for (size_t k = 0; k < count; k++) {
        const char *w = kws[k].word;
        unsigned g = bigram((unsigned char)w[0], (unsigned char)w[1]);
        if (!(seen[g >> 6] & (1ull << (g & 63)))) {
            continue;
        }
        size_t wl = strlen(w);
        for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
            if (kws[k].mode == KW_SUB) {
                return true;
            }
            bool left = p == s || !is_alnum(p[-1]);
            bool right = p[wl] == '\0' || !is_alnum(p[wl]);
            if (left && right) {
                return true;
            }
        }
    }
    return false;
}

/* Containers that are never the article (Readability's unlikelyCandidates,
 * plus the widgets of today's news sites). */
static const struct keyword unlikely_kw[] = {
    {"-ad-", KW_SUB},          {"ai2html", KW_SUB},
    {"banner", KW_SUB},        {"breadcrumb", KW_SUB},
    {"combx", KW_SUB},         {"comment", KW_SUB},
    {"community", KW_SUB},     {"cover-wrap", KW_SUB},
    {"disqus", KW_SUB},        {"extra", KW_SUB},
    {"footer", KW_SUB},        {"gdpr", KW_SUB},
    {"header", KW_SUB},        {"legends", KW_SUB},
    {"menu", KW_SUB},          {"related", KW_SUB},
    {"remark", KW_SUB},        {"replies", KW_SUB},
    {"rss", KW_TOK},           {"shoutbox", KW_SUB},
    {"sidebar", KW_SUB},       {"skyscraper", KW_SUB},
    {"social", KW_SUB},        {"sponsor", KW_SUB},
    {"supplemental", KW_SUB},  {"ad-break", KW_SUB},
    {"agegate", KW_SUB},       {"pagination", KW_SUB},
    {"pager", KW_SUB},         {"popup", KW_SUB},
    {"yom-remote", KW_SUB},    {"newsletter", KW_SUB},
    {"cookie", KW_SUB},        {"consent", KW_SUB},
    {"share", KW_SUB},         {"sharing", KW_SUB},
    {"outbrain", KW_SUB},      {"taboola", KW_SUB},
    {"recommend", KW_SUB},     {"trending", KW_SUB},
    {"most-read", KW_SUB},     {"mostread", KW_SUB},
    {"most-popular", KW_SUB},  {"more-stories", KW_SUB},
    {"signup", KW_SUB},        {"sign-up", KW_SUB},
    {"subscribe", KW_TOK},     {"subscription", KW_SUB},
    {"promo", KW_SUB},         {"advert", KW_SUB},
    {"ads", KW_TOK},           {"ad", KW_TOK},
    {"modal", KW_SUB},         {"toolbar", KW_SUB},
    {"tags", KW_TOK},          {"tag-list", KW_SUB},
    {"caption", KW_SUB},       {"credit", KW_TOK},
    {"sr-only", KW_SUB},       {"visually-hidden", KW_SUB},
    {"screen-reader", KW_SUB}, {"skip", KW_TOK},
    {"timestamp", KW_SUB},     {"dateline", KW_SUB},
    {"date", KW_TOK},          {"byline", KW_SUB},
    {"author", KW_TOK},        {"nav", KW_TOK},
    {"navbar", KW_SUB},        {"navigation", KW_SUB},
    {"masthead", KW_SUB},      {"print", KW_TOK},
    {"login", KW_SUB},         {"widget", KW_SUB},
    {"dfp", KW_TOK},           {"teaser-list", KW_SUB},
    {"paywall", KW_SUB},       {"regwall", KW_SUB},
    {"kicker", KW_SUB},        {"eyebrow", KW_SUB},
    {"overline", KW_SUB},      {"ticker", KW_SUB},
    {"breaking-news", KW_SUB}, {"badge", KW_TOK},
    {"updated", KW_TOK},       {"published", KW_TOK},
    {"time", KW_TOK},          {"meta", KW_TOK},
};

/* Decks and standfirsts (a summary above the text, not part of it); only
 * for elements that are not headings ("subhead" also names subheadings). */
static const struct keyword dek_kw[] = {
    {"dek", KW_TOK},          {"standfirst", KW_SUB}, {"subheadline", KW_SUB},
    {"sub-headline", KW_SUB}, {"subhead", KW_SUB},    {"subtitle", KW_SUB},
};

/* Unlikely words that no rescue word or size saves: what they name is never
 * the article, however long it is (a comment thread can outgrow the story). */
static const struct keyword hard_kw[] = {
    {"comment", KW_SUB},  {"disqus", KW_SUB},   {"newsletter", KW_SUB}, {"cookie", KW_SUB},
    {"consent", KW_SUB},  {"gdpr", KW_SUB},     {"outbrain", KW_SUB},   {"taboola", KW_SUB},
    {"paywall", KW_SUB},  {"regwall", KW_SUB},  {"recommend", KW_SUB},  {"most-read", KW_SUB},
    {"mostread", KW_SUB}, {"trending", KW_SUB}, {"breadcrumb", KW_SUB}, {"replies", KW_SUB},
};

/* Words that save a container from the unlikely list. */
static const struct keyword maybe_kw[] = {
    {"and", KW_TOK},     {"article", KW_SUB}, {"body", KW_SUB},    {"column", KW_SUB},
    {"content", KW_SUB}, {"main", KW_SUB},    {"mathjax", KW_SUB}, {"shadow", KW_SUB},
};

static const struct keyword positive_kw[] = {
    {"article", KW_SUB},    {"body", KW_SUB},    {"content", KW_SUB}, {"entry", KW_SUB},
    {"hentry", KW_SUB},     {"h-entry", KW_SUB}, {"main", KW_SUB},    {"page", KW_SUB},
    {"pagination", KW_SUB}, {"post", KW_SUB},    {"text", KW_SUB},    {"blog", KW_SUB},
    {"story", KW_SUB},
};

static const struct keyword negative_kw[] = {
    {"-ad-", KW_SUB},       {"hidden", KW_SUB},       {"hid", KW_TOK},       {"banner", KW_SUB},
    {"combx", KW_SUB},      {"comment", KW_SUB},      {"com-", KW_SUB},      {"contact", KW_SUB},
    {"footer", KW_SUB},     {"gdpr", KW_SUB},         {"masthead", KW_SUB},  {"media", KW_SUB},
    {"meta", KW_TOK},       {"outbrain", KW_SUB},     {"promo", KW_SUB},     {"related", KW_SUB},
    {"scroll", KW_SUB},     {"share", KW_SUB},        {"shoutbox", KW_SUB},  {"sidebar", KW_SUB},
    {"skyscraper", KW_SUB}, {"sponsor", KW_SUB},      {"shopping", KW_SUB},  {"tags", KW_TOK},
    {"widget", KW_SUB},     {"newsletter", KW_SUB},   {"subscribe", KW_SUB}, {"cookie", KW_SUB},
    {"byline", KW_SUB},     {"author", KW_SUB},       {"caption", KW_SUB},   {"breadcrumb", KW_SUB},
    {"recommend", KW_SUB},  {"trending", KW_SUB},     {"popular", KW_SUB},   {"taboola", KW_SUB},
    {"social", KW_SUB},     {"nav", KW_TOK},          {"menu", KW_SUB},      {"advert", KW_SUB},
    {"signup", KW_SUB},     {"more-stories", KW_SUB}, {"teaser", KW_SUB},
};

static const struct keyword byline_kw[] = {
    {"byline", KW_SUB},    {"author", KW_SUB},   {"dateline", KW_SUB},
    {"writtenby", KW_SUB}, {"p-author", KW_SUB}, {"contributor", KW_SUB},
};

static const struct keyword share_kw[] = {
    {"share", KW_TOK},
    {"sharedaddy", KW_SUB},
    {"sharing", KW_SUB},
    {"social", KW_SUB},
};

/* What the extraction needs to know about a tag name (one sorted table,
 * searched by bisection: tag tests run for every node). */
enum tag_flags {
    TF_JUNK = 1u << 0,      /* never holds article text: dropped with its subtree */
    TF_DIV_BLOCK = 1u << 1, /* a block for the div-to-paragraph rule (DIV_TO_P_ELEMS) */
    TF_PHRASING = 1u << 2,  /* phrasing content (Readability's PHRASING_ELEMS) */
    TF_BLOCK = 1u << 3,     /* starts a new text block when emitting */
};

struct tag_def {
    const char *name;
    unsigned flags;
};

static const struct tag_def tag_defs[] = {
    {"abbr", TF_PHRASING},
    {"address", TF_BLOCK},
    {"article", TF_DIV_BLOCK | TF_BLOCK},
    {"aside", TF_JUNK},
    {"audio", TF_JUNK | TF_PHRASING},
    {"b", TF_PHRASING},
    {"bdo", TF_PHRASING},
    {"big", TF_PHRASING},
    {"blockquote", TF_DIV_BLOCK | TF_BLOCK},
    {"body", TF_BLOCK},
    {"br", TF_PHRASING},
    {"button", TF_JUNK | TF_PHRASING},
    {"canvas", TF_JUNK},
    {"caption", TF_BLOCK},
    {"center", TF_BLOCK},
    {"cite", TF_PHRASING},
    {"code", TF_PHRASING},
    {"data", TF_PHRASING},
    {"datalist", TF_PHRASING},
    {"dd", TF_BLOCK},
    {"details", TF_BLOCK},
    {"dfn", TF_PHRASING},
    {"dialog", TF_JUNK},
    {"div", TF_DIV_BLOCK | TF_BLOCK},
    {"dl", TF_DIV_BLOCK | TF_BLOCK},
    {"dt", TF_BLOCK},
    {"em", TF_PHRASING},
    {"embed", TF_JUNK | TF_PHRASING},
    {"fieldset", TF_BLOCK},
    {"figcaption", TF_JUNK},
    {"figure", TF_DIV_BLOCK | TF_BLOCK},
    {"font", TF_PHRASING},
    {"footer", TF_JUNK},
    {"h1", TF_DIV_BLOCK | TF_BLOCK},
    {"h2", TF_DIV_BLOCK | TF_BLOCK},
    {"h3", TF_DIV_BLOCK | TF_BLOCK},
    {"h4", TF_DIV_BLOCK | TF_BLOCK},
    {"h5", TF_DIV_BLOCK | TF_BLOCK},
    {"h6", TF_DIV_BLOCK | TF_BLOCK},
    {"head", TF_JUNK},
    {"header", TF_DIV_BLOCK | TF_BLOCK},
    {"hr", TF_BLOCK},
    {"html", TF_BLOCK},
    {"i", TF_PHRASING},
    {"iframe", TF_JUNK},
    {"img", TF_DIV_BLOCK | TF_PHRASING},
    {"input", TF_JUNK | TF_PHRASING},
    {"kbd", TF_PHRASING},
    {"label", TF_JUNK | TF_PHRASING},
    {"li", TF_BLOCK},
    {"link", TF_JUNK},
    {"main", TF_BLOCK},
    {"map", TF_JUNK},
    {"mark", TF_PHRASING},
    {"math", TF_JUNK | TF_PHRASING},
    {"menu", TF_JUNK},
    {"meta", TF_JUNK},
    {"meter", TF_PHRASING},
    {"nav", TF_JUNK},
    {"noscript", TF_JUNK | TF_PHRASING},
    {"object", TF_JUNK | TF_PHRASING},
    {"ol", TF_DIV_BLOCK | TF_BLOCK},
    {"output", TF_PHRASING},
    {"p", TF_DIV_BLOCK | TF_BLOCK},
    {"picture", TF_JUNK},
    {"pre", TF_DIV_BLOCK | TF_BLOCK},
    {"progress", TF_PHRASING},
    {"q", TF_PHRASING},
    {"ruby", TF_PHRASING},
    {"s", TF_PHRASING},
    {"samp", TF_PHRASING},
    {"script", TF_JUNK | TF_PHRASING},
    {"section", TF_DIV_BLOCK | TF_BLOCK},
    {"select", TF_JUNK | TF_PHRASING},
    {"small", TF_PHRASING},
    {"source", TF_JUNK},
    {"span", TF_PHRASING},
    {"strike", TF_PHRASING},
    {"strong", TF_PHRASING},
    {"style", TF_JUNK},
    {"sub", TF_PHRASING},
    {"summary", TF_BLOCK},
    {"sup", TF_PHRASING},
    {"svg", TF_JUNK},
    {"table", TF_DIV_BLOCK | TF_BLOCK},
    {"tbody", TF_BLOCK},
    {"td", TF_BLOCK},
    {"template", TF_JUNK},
    {"textarea", TF_JUNK | TF_PHRASING},
    {"th", TF_BLOCK},
    {"thead", TF_BLOCK},
    {"time", TF_PHRASING},
    {"title", TF_JUNK},
    {"tr", TF_BLOCK},
    {"track", TF_JUNK},
    {"tt", TF_PHRASING},
    {"u", TF_PHRASING},
    {"ul", TF_DIV_BLOCK | TF_BLOCK},
    {"var", TF_PHRASING},
    {"video", TF_JUNK},
    {"wbr", TF_PHRASING},
};

static unsigned tag_flags(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) {
        return 0;
    }
    const char *name = (const char *)n->name;
    size_t lo = 0;
    size_t hi = CC_ARRAY_LEN(tag_defs);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = (unsigned char)name[0] - (unsigned char)tag_defs[mid].name[0];
        if (c == 0) {
            c = strcmp(name, tag_defs[mid].name);
        }
        if (c == 0) {
            return tag_defs[mid].flags;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return 0;
}

static const char *const unlikely_roles[] = {
    "menu",        "menubar", "complementary", "navigation",  "alert",
    "alertdialog", "dialog",  "banner",        "contentinfo", "search",
};

static bool str_in(const char *s, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(s, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

static bool is_phrasing(const xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        return true;
    }
    if (n->type != XML_ELEMENT_NODE) {
        return true; /* comments and the like go along with their neighbours */
    }
    if (tag_flags(n) & TF_PHRASING) {
        return true;
    }
    if ((tag_is(n, "a") || tag_is(n, "del") || tag_is(n, "ins")) && depth < 8) {
        for (const xmlNode *c = n->children; c; c = c->next) {
            if (!is_phrasing(c, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

static bool has_block_descendant(xmlNode *n)
{
    for (xmlNode *c = cc_readable__next(n, n, true); c; c = cc_readable__next(c, n, true)) {
        if (tag_flags(c) & TF_DIV_BLOCK) {
            return true;
        }
    }
    return false;
}

/* Characters of text, with each whitespace run counted as one and a
 * trailing run not counted; commas (Latin, Arabic, CJK) counted apart. */
#ifdef __SSE2__
/* Bits set in a 16-bit mask (SWAR: without -mpopcnt the builtin is a
 * libgcc call that cost more than the byte loop it replaces). */
static uint32_t popcount16(unsigned x)
{
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}
#endif

static void text_stats(const char *s, uint32_t *len, uint32_t *commas)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t n = 0;
    uint32_t c = 0;
    bool ws = false;
#ifdef __SSE2__
    /* Blocks of sixteen ASCII bytes counted from bit masks, the same
     * counts as the byte loop below (which takes the rest and any block
     * with a non-ASCII byte): every non-space byte is one character, and
     * a run of white space one more when text follows it. */
    const unsigned char *end = u + strlen(s);
    while (end - u >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
        if (_mm_movemask_epi8(v)) {
            for (const unsigned char *stop = u + 16; u < stop; u++) {
                unsigned char b = *u;
                if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
                    ws = true;
                    continue;
                }
                if ((b & 0xC0) == 0x80) {
                    continue;
                }
                if (ws) {
                    n++;
                    ws = false;
                }
                n++;
                if (b == 0xD8 && u[1] == 0x8C) {
                    c++; /* U+060C Arabic comma */
                } else if (b == 0xEF && u[1] == 0xBC && u[2] == 0x8C) {
                    c++; /* U+FF0C fullwidth comma */
                } else if (b == ',') {
                    c++;
                }
            }
            continue;
        }
        __m128i sp = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\f')));
        unsigned w = (unsigned)_mm_movemask_epi8(sp);
        unsigned t = ~w & 0xFFFFu;
        unsigned after_ws = ((w << 1) | (ws ? 1u : 0u)) & t;
        n += popcount16(t) + popcount16(after_ws);
        c += popcount16((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
        ws = (w >> 15) & 1u;
        u += 16;
    }
#endif
    for (; *u; u++) {
        unsigned char b = *u;
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
            ws = true;
            continue;
        }
        if ((b & 0xC0) == 0x80) {
            continue; /* continuation byte: one character per code point */
        }
        if (ws) {
            n++;
            ws = false;
        }
        n++;
        if (b == ',') {
            c++;
        } else if (b == 0xD8 && u[1] == 0x8C) {
            c++; /* U+060C Arabic comma */
        } else if (b == 0xEF && u[1] == 0xBC && u[2] == 0x8C) {
            c++; /* U+FF0C fullwidth comma */
        }
    }
    *len += n;
    *commas += c;
}

/* Text length of a subtree, computed afresh. */
struct sub_stats {
    uint32_t text_len;
    uint32_t commas;
    double link_len;
    uint32_t heading_len;
    uint32_t list_text_len;
    size_t p, img, li, input, embed, lists;
    bool truncated; /* more than STATS_BUDGET nodes: the counts are partial */
};

static bool is_hash_link(const xmlNode *a)
{
    const char *href = cc_readable__attr(a, "href");
    return href && href[0] == '#';
}

/* One walk that keeps count of the links, headings and lists it is in, so
 * no text node looks up its ancestors. */
static void subtree_stats(xmlNode *root, struct sub_stats *st)
{
    memset(st, 0, sizeof(*st));
    size_t budget = STATS_BUDGET;
    int in_a = tag_is(root, "a") ? 1 : 0;
    bool hash = in_a && is_hash_link(root);
    int in_h = heading_level(root) ? 1 : 0;
    int in_list = 0;
    xmlNode *n = root->type == XML_ELEMENT_NODE ? root->children : NULL;
    while (n) {
        if (--budget == 0) {
            st->truncated = true;
            break;
        }
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            uint32_t len = 0;
            uint32_t commas = 0;
            text_stats((const char *)n->content, &len, &commas);
            st->text_len += len;
            st->commas += commas;
            if (in_a) {
                st->link_len += hash ? len * HASH_LINK_WEIGHT : len;
            }
            if (in_h) {
                st->heading_len += len;
            }
            if (in_list) {
                st->list_text_len += len;
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            if (tag_is(n, "p")) {
                st->p++;
            } else if (tag_is(n, "img")) {
                st->img++;
            } else if (tag_is(n, "li")) {
                st->li++;
            } else if (tag_is(n, "input")) {
                st->input++;
            } else if (tag_is(n, "object") || tag_is(n, "embed") || tag_is(n, "iframe") ||
                       tag_is(n, "video")) {
                st->embed++;
            }
            if (n->children) {
                if (tag_is(n, "a")) {
                    if (in_a == 0) {
                        hash = is_hash_link(n);
                    }
                    in_a++;
                }
                if (heading_level(n)) {
                    in_h++;
                }
                if (tag_is(n, "ul") || tag_is(n, "ol")) {
                    in_list++;
                }
                n = n->children;
                continue;
            }
        }
        while (n && !n->next) {
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            /* leaving n */
            if (tag_is(n, "a")) {
                in_a--;
            }
            if (heading_level(n)) {
                in_h--;
            }
            if (tag_is(n, "ul") || tag_is(n, "ol")) {
                in_list--;
            }
        }
        if (n) {
            n = n->next;
        }
    }
}

static double link_density(const struct rinfo *ri)
{
    return ri->text_len ? ri->link_len / ri->text_len : 0.0;
}

/* ---------------------------------------------------------------- parsing */

struct parse_diag {
    size_t errors;
};

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    (void)e;
    struct parse_diag *d = ctx;
    d->errors++;
}

/* ---------------------------------------------------- raw-text bodies
 *
 * A third of a news page's bytes are inline <script> and <style> bodies
 * (bench/extract.sh's fixtures: 34%), and libxml2 reads them a code point
 * at a time into text nodes that prepare() then drops unread. So they are
 * cut from the decoded page before it is parsed, leaving the elements
 * empty: the tree is the same but for those text nodes. JSON-LD bodies
 * stay (readable_meta.c reads them). The scan follows libxml2 2.9's HTML
 * tokenizer where it matters (comments, quoted attribute values, tag
 * names, and in recovery mode a body ends at the first "</NAME" in any
 * case) and cuts nothing where it is unsure: an unterminated comment, tag
 * or body, or a body holding a NUL byte (where libxml2 stops the body
 * itself) is left as it is. */

static bool html_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':' || c == '.' || c == '-';
}

static bool ascii_ieq(const char *s, const char *lower, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        }
        if (c != (unsigned char)lower[i]) {
            return false;
        }
    }
    return true;
}

/* End (just past '>') of the start tag whose name ends at s + i, or 0 when
 * it does not close; *self_closing is set for "/>". Quoted attribute
 * values may hold '>'. */
static size_t start_tag_end(const char *s, size_t len, size_t i, bool *self_closing)
{
    *self_closing = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '>') {
            *self_closing = i > 0 && s[i - 1] == '/';
            return i + 1;
        }
        if (c == '"' || c == '\'') {
            const char *q = memchr(s + i + 1, c, len - i - 1);
            if (!q) {
                return 0;
            }
            i = (size_t)(q - s) + 1;
            continue;
        }
        i++;
    }
    return 0;
}

/* Does s[0..n) hold the NUL-terminated needle? */
static bool mem_has(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0) {
            return true;
        }
    }
    return false;
}

/* Start of the first "</NAME" (any case) at or after i, or len. */
static size_t raw_body_end(const char *s, size_t len, size_t i, const char *name, size_t nlen)
{
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt) {
            return len;
        }
        size_t k = (size_t)(lt - s);
        if (k + 2 + nlen <= len && s[k + 1] == '/' && ascii_ieq(s + k + 2, name, nlen)) {
            return k;
        }
        i = k + 1;
    }
    return len;
}

/* Removes the bodies of <script> (but JSON-LD) and <style> from b in
 * place. Cannot fail. */
static void strip_raw_bodies(struct cc_buf *b)
{
    char *s = b->buf;
    size_t len = b->len;
    size_t i = 0;
    size_t o = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        size_t k = lt ? (size_t)(lt - s) : len;
        memmove(s + o, s + i, k - i);
        o += k - i;
        i = k;
        if (i >= len) {
            break;
        }
        size_t keep_to = i + 1; /* copied as is up to here when nothing is cut */
        if (i + 4 <= len && memcmp(s + i, "<!--", 4) == 0) {
            size_t e = i + 4;
            bool closed = false;
            while (e + 3 <= len) {
                const char *d = memchr(s + e, '-', len - e);
                if (!d) {
                    break;
                }
                e = (size_t)(d - s);
                if (e + 3 <= len && s[e + 1] == '-' && s[e + 2] == '>') {
                    closed = true;
                    e += 3;
                    break;
                }
                e++;
            }
            if (!closed) {
                break; /* unterminated comment: leave the rest alone */
            }
            keep_to = e;
        } else if (i + 1 < len &&
                   ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
            size_t ne = i + 1;
            while (ne < len && html_name_char((unsigned char)s[ne])) {
                ne++;
            }
            bool self_closing = false;
            size_t te = start_tag_end(s, len, ne, &self_closing);
            if (te == 0) {
                break; /* unterminated tag: leave the rest alone */
            }
            keep_to = te;
            size_t nlen = ne - i - 1;
            bool script = nlen == 6 && ascii_ieq(s + i + 1, "script", 6);
            bool style = nlen == 5 && ascii_ieq(s + i + 1, "style", 5);
            const char *raw = script ? "script" : style ? "style" : NULL;
            /* Any mention of ld+json in the tag keeps the body (the meta
             * reader wants type="application/ld+json"). */
            bool jsonld = script && mem_has(s + ne, te - ne, "ld+json");
            if (raw && !self_closing && !jsonld) {
                size_t be = raw_body_end(s, len, te, raw, nlen);
                if (be < len && !memchr(s + te, '\0', be - te)) {
                    memmove(s + o, s + i, te - i);
                    o += te - i;
                    i = be; /* the body is dropped; "</script" follows */
                    continue;
                }
            }
        }
        memmove(s + o, s + i, keep_to - i);
        o += keep_to - i;
        i = keep_to;
    }
    if (i < len) {
        memmove(s + o, s + i, len - i);
        o += len - i;
    }
    cc_buf_truncate(b, o);
}

static xmlDoc *parse_html(const char *utf8, size_t len, const char *url)
{
    struct parse_diag diag = {0};
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        return NULL;
    }
    /* libxml2 reports HTML errors through the thread's structured handler
     * (the HTML SAX handler has no serror slot); catch them, then restore. */
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&diag, on_xml_error);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
    xmlDoc *doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, url, "UTF-8", opts);
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    htmlFreeParserCtxt(ctxt);
    return doc;
}

static xmlNode *find_body(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        return NULL;
    }
    for (xmlNode *c = root->children; c; c = c->next) {
        if (tag_is(c, "body")) {
            return c;
        }
    }
    return root;
}

/* ------------------------------------------------------------- preparing */

/* The attributes prepare() looks at, read in one pass over the list. */
struct elem_attrs {
    const char *cls;
    const char *id;
    const char *role;
    const char *rel;
    const char *itemprop;
    const char *style;
    const char *aria_hidden;
    bool hidden;
};

static const char *attr_value(const xmlAttr *a)
{
    const xmlNode *c = a->children;
    return c && c->content ? (const char *)c->content : "";
}

static void gather_attrs(const xmlNode *n, struct elem_attrs *ea)
{
    memset(ea, 0, sizeof(*ea));
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (!name) {
            continue;
        }
        /* the HTML parser lowercases attribute names */
        switch (name[0]) {
        case 'c':
            if (strcmp(name, "class") == 0) {
                ea->cls = attr_value(a);
            }
            break;
        case 'i':
            if (strcmp(name, "id") == 0) {
                ea->id = attr_value(a);
            } else if (strcmp(name, "itemprop") == 0) {
                ea->itemprop = attr_value(a);
            }
            break;
        case 'r':
            if (strcmp(name, "role") == 0) {
                ea->role = attr_value(a);
            } else if (strcmp(name, "rel") == 0) {
                ea->rel = attr_value(a);
            }
            break;
        case 's':
            if (strcmp(name, "style") == 0) {
                ea->style = attr_value(a);
            }
            break;
        case 'h':
            if (strcmp(name, "hidden") == 0) {
                ea->hidden = true;
            }
            break;
        case 'a':
            if (strcmp(name, "aria-hidden") == 0) {
                ea->aria_hidden = attr_value(a);
            }
            break;
        default:
            break;
        }
    }
}

static bool is_hidden(const struct elem_attrs *ea)
{
    if (ea->hidden) {
        return true;
    }
    const char *aria = ea->aria_hidden;
    if (aria && strcmp(aria, "true") == 0) {
        const char *cls = ea->cls;
        if (!cls || !strstr(cls, "fallback-image")) {
            return true;
        }
    }
    const char *style = ea->style;
    if (style) {
        char buf[128];
        size_t k = 0;
        for (const char *s = style; *s && k + 1 < sizeof(buf); s++) {
            if (*s != ' ' && *s != '\t') {
                buf[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
            }
        }
        buf[k] = '\0';
        if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden")) {
            return true;
        }
    }
    return false;
}

static bool is_without_content(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (!tag_is(c, "br") && !tag_is(c, "hr")) {
                return false;
            }
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                   !is_ws_text(c)) {
            return false;
        }
    }
    return true;
}

static int text_of_node(struct cc_buf *b, const xmlNode *n)
{
    cc_buf_reset(b);
    return cc_readable__node_text(b, n);
}

/* Lowercase letters and digits only, for loose text comparison. */
static void squash_into(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if (is_alnum(c) || (unsigned char)c >= 0x80) {
            out[k++] = c;
        }
    }
    out[k] = '\0';
}

static bool similar_to_title(const char *text, const char *title)
{
    if (!title || !text) {
        return false;
    }
    char a[512];
    char b[512];
    squash_into(a, sizeof(a), text);
    squash_into(b, sizeof(b), title);
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (la < 8 || lb < 8) {
        return la > 0 && strcmp(a, b) == 0;
    }
    /* the heading is the title, or the title with or without a kicker */
    return strcmp(a, b) == 0 || (la >= lb * 3 / 4 && strstr(a, b)) ||
           (lb >= la && la * 4 >= lb * 3 && strstr(b, a));
}

/* Readability's _replaceBrs: "text<br><br>text" becomes paragraphs. */
static int replace_brs(xmlNode *root)
{
    for (xmlNode *n = cc_readable__next(root, root, true); n;) {
        if (!tag_is(n, "br")) {
            n = cc_readable__next(n, root, true);
            continue;
        }
        bool replaced = false;
        xmlNode *next = n->next;
        while (next) {
            while (next && is_ws_text(next)) {
                next = next->next;
            }
            if (!next || !tag_is(next, "br")) {
                break;
            }
            replaced = true;
            xmlNode *after = next->next;
            xmlUnlinkNode(next);
            xmlFreeNode(next);
            next = after;
        }
        if (!replaced) {
            n = cc_readable__next(n, root, true);
            continue;
        }
        xmlNode *p = xmlNewDocNode(n->doc, NULL, BAD_CAST "p", NULL);
        if (!p) {
            return CC_ENOMEM;
        }
        xmlNode *parent = n->parent;
        xmlReplaceNode(n, p);
        xmlFreeNode(n);
        next = p->next;
        while (next) {
            if (tag_is(next, "br")) {
                xmlNode *q = next->next;
                while (q && is_ws_text(q)) {
                    q = q->next;
                }
                if (q && tag_is(q, "br")) {
                    break;
                }
            }
            if (!is_phrasing(next, 0)) {
                break;
            }
            xmlNode *sib = next->next;
            xmlUnlinkNode(next);
            if (!xmlAddChild(p, next)) {
                xmlFreeNode(next);
            }
            next = sib;
        }
        while (p->last && is_ws_text(p->last)) {
            xmlNode *l = p->last;
            xmlUnlinkNode(l);
            xmlFreeNode(l);
        }
        if (tag_is(parent, "p")) {
            xmlNodeSetName(parent, BAD_CAST "div");
        }
        n = cc_readable__next(p, root, true);
    }
    return 0;
}

static int push_score(struct pass *p, xmlNode *n)
{
    if (cc_array_grow((void **)&p->score_nodes, &p->score_alloc, p->nscore + 1,
                      sizeof(*p->score_nodes))) {
        return CC_ENOMEM;
    }
    p->score_nodes[p->nscore++] = n;
    return 0;
}

/* Wraps runs of phrasing children of div into <p> elements. */
static int wrap_phrasing(xmlNode *div)
{
    xmlNode *p = NULL;
    for (xmlNode *c = div->children; c;) {
        xmlNode *next = c->next;
        if (is_phrasing(c, 0)) {
            if (p) {
                xmlUnlinkNode(c);
                if (!xmlAddChild(p, c)) {
                    xmlFreeNode(c);
                }
            } else if (!is_ws_text(c) && c->type != XML_COMMENT_NODE) {
                p = xmlNewDocNode(div->doc, NULL, BAD_CAST "p", NULL);
                if (!p) {
                    return CC_ENOMEM;
                }
                xmlReplaceNode(c, p);
                if (!xmlAddChild(p, c)) {
                    xmlFreeNode(c);
                }
            }
        } else if (p) {
            while (p->last && is_ws_text(p->last)) {
                xmlNode *l = p->last;
                xmlUnlinkNode(l);
                xmlFreeNode(l);
            }
            p = NULL;
        }
        c = next;
    }
    return 0;
}

static xmlNode *single_p_child(xmlNode *div)
{
    xmlNode *only = NULL;
    for (xmlNode *c = div->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (only || !tag_is(c, "p")) {
                return NULL;
            }
            only = c;
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                   !is_ws_text(c)) {
            return NULL;
        }
    }
    return only;
}

/* A <header> is page or article furniture (logo, kicker, headline, byline)
 * unless it holds real paragraphs. */
static bool header_has_text(xmlNode *n)
{
    struct sub_stats st;
    subtree_stats(n, &st);
    return st.p >= 2 && st.text_len >= 400;
}

/* A wrapper holding half of the page's paragraph text is never dropped
 * for its name ("js-ad-unit", "sidebar-layout"); counted when first needed. */
static void count_page_p_text(struct pass *p)
{
    xmlNode *root = p->root;
    for (xmlNode *n = root; n; n = cc_readable__next(n, root, !tag_is(n, "p"))) {
        if (tag_is(n, "p")) {
            struct sub_stats st;
            subtree_stats(n, &st);
            p->page_p_text += st.text_len;
        }
    }
    p->page_p_done = true;
}

static int prepare(struct pass *p)
{
    char match[MATCH_MAX];
    struct cc_buf text = CC_BUF_INIT;
    int rc = replace_brs(p->root);
    xmlNode *root = p->root;
    for (xmlNode *n = cc_readable__next(root, root, true); n && rc == 0;) {
        if (n->type != XML_ELEMENT_NODE) {
            if (n->type == XML_COMMENT_NODE) {
                n = remove_node(n, root);
            } else {
                n = cc_readable__next(n, root, false);
            }
            continue;
        }
        if (tag_flags(n) & TF_JUNK) {
            n = remove_node(n, root);
            continue;
        }
        struct elem_attrs ea;
        gather_attrs(n, &ea);
        if (is_hidden(&ea)) {
            n = remove_node(n, root);
            continue;
        }
        const char *role = ea.role;
        if (role && str_in(role, unlikely_roles, CC_ARRAY_LEN(unlikely_roles))) {
            n = remove_node(n, root);
            continue;
        }
        size_t mlen = match_string2(ea.cls, ea.id, match, sizeof(match));
        if (tag_is(n, "header") && !header_has_text(n)) {
            n = remove_node(n, root);
            continue;
        }
        /* bylines: short elements named so, or rel=author / itemprop=author */
        const char *rel = ea.rel;
        const char *ip = ea.itemprop;
        if ((rel && strcmp(rel, "author") == 0) || (ip && strstr(ip, "author")) ||
            has_keyword(match, mlen, byline_kw, CC_ARRAY_LEN(byline_kw))) {
            struct sub_stats st;
            subtree_stats(n, &st);
            if (!st.truncated && st.text_len < 100 && !(ip && strstr(ip, "articleBody"))) {
                n = remove_node(n, root);
                continue;
            }
        }
        int hl = heading_level(n);
        if (hl == 1 || hl == 2) {
            rc = text_of_node(&text, n);
            if (rc) {
                break;
            }
            if (similar_to_title(text.buf, p->title)) {
                n = remove_node(n, root);
                continue;
            }
        }
        if ((p->flags & PASS_STRIP_UNLIKELY) && !tag_is(n, "body") && !tag_is(n, "a") &&
            !tag_is(n, "article") && !tag_is(n, "main") && !(ip && strstr(ip, "articleBody")) &&
            (has_keyword(match, mlen, unlikely_kw, CC_ARRAY_LEN(unlikely_kw)) ||
             (!hl && has_keyword(match, mlen, dek_kw, CC_ARRAY_LEN(dek_kw)))) &&
            !has_ancestor(n, "table", ANCESTOR_SCAN) && !has_ancestor(n, "code", ANCESTOR_SCAN)) {
            /* The rescue words ("article-comments-and-content") save
             * containers; a short element ("article-meta", "post-share")
             * is furniture whatever else its name says. */
            bool hard = has_keyword(match, mlen, hard_kw, CC_ARRAY_LEN(hard_kw)) &&
                        !strstr(match, "commentary");
            bool rescued = false;
            if (!hard) {
                if (!p->page_p_done) {
                    count_page_p_text(p);
                }
                struct sub_stats st;
                subtree_stats(n, &st);
                rescued = st.truncated ||
                          (has_keyword(match, mlen, maybe_kw, CC_ARRAY_LEN(maybe_kw)) &&
                           (st.p > 0 || st.text_len >= SHORT_ELEMENT)) ||
                          (p->page_p_text > 0 && st.text_len * 2 >= p->page_p_text);
            }
            if (!rescued) {
                n = remove_node(n, root);
                continue;
            }
        }
        if ((tag_is(n, "div") || tag_is(n, "section") || tag_is(n, "header") || hl) &&
            is_without_content(n)) {
            n = remove_node(n, root);
            continue;
        }
        if (tag_is(n, "p") || tag_is(n, "td") || tag_is(n, "pre") || tag_is(n, "section") ||
            (hl >= 2)) {
            rc = push_score(p, n);
        } else if (tag_is(n, "div")) {
            rc = wrap_phrasing(n);
            if (rc) {
                break;
            }
            xmlNode *only = single_p_child(n);
            struct sub_stats st;
            if (only) {
                subtree_stats(n, &st);
            }
            if (only && (st.text_len == 0 || st.link_len / st.text_len < 0.25)) {
                xmlUnlinkNode(only);
                xmlReplaceNode(n, only);
                xmlFreeNode(n);
                n = only;
                rc = push_score(p, n);
            } else if (!has_block_descendant(n)) {
                xmlNodeSetName(n, BAD_CAST "p");
                rc = push_score(p, n);
            }
        }
        n = cc_readable__next(n, root, true);
    }
    cc_buf_release(&text);
    return rc;
}

/* ---------------------------------------------------------------- scoring */

static int index_tree(struct pass *p)
{
    size_t count = 0;
    for (xmlNode *n = p->root; n; n = cc_readable__next(n, p->root, true)) {
        if (n->type == XML_ELEMENT_NODE) {
            count++;
        }
    }
    /* ancestors of root (html) get infos too: they can be candidates */
    size_t up = 0;
    for (xmlNode *a = p->root->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        up++;
    }
    p->infos = cc_calloc(count + up + 1, sizeof(*p->infos));
    if (!p->infos) {
        return CC_ENOMEM;
    }
    xmlNode **order = cc_calloc(count + 1, sizeof(*order));
    if (!order) {
        return CC_ENOMEM;
    }
    size_t k = 0;
    for (xmlNode *n = p->root; n; n = cc_readable__next(n, p->root, true)) {
        if (n->type == XML_ELEMENT_NODE) {
            n->_private = &p->infos[k];
            order[k++] = n;
        }
    }
    for (xmlNode *a = p->root->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        a->_private = &p->infos[k++];
    }
    p->ninfos = k;
    /* children come after their parent in pre-order: sum backwards */
    for (size_t i = count; i-- > 0;) {
        xmlNode *n = order[i];
        struct rinfo *ri = info(n);
        for (xmlNode *c = n->children; c; c = c->next) {
            if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
                text_stats((const char *)c->content, &ri->text_len, &ri->commas);
            } else if (c->type == XML_ELEMENT_NODE) {
                const struct rinfo *ci = info(c);
                ri->text_len += ci->text_len;
                ri->commas += ci->commas;
                ri->link_len += ci->link_len;
            }
        }
        if (tag_is(n, "a")) {
            const char *href = cc_readable__attr(n, "href");
            ri->link_len =
                (href && href[0] == '#') ? ri->text_len * HASH_LINK_WEIGHT : ri->text_len;
        }
    }
    cc_free(order);
    return 0;
}

static int class_weight(const struct pass *p, const xmlNode *n)
{
    if (!(p->flags & PASS_WEIGHT_CLASSES)) {
        return 0;
    }
    int w = 0;
    const char *attrs[2] = {cc_readable__attr(n, "class"), cc_readable__attr(n, "id")};
    for (size_t k = 0; k < 2; k++) {
        if (!attrs[k] || !attrs[k][0]) {
            continue;
        }
        char buf[MATCH_MAX];
        size_t len = 0;
        for (const char *s = attrs[k]; *s && len + 1 < sizeof(buf); s++) {
            buf[len++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        }
        buf[len] = '\0';
        if (has_keyword(buf, len, negative_kw, CC_ARRAY_LEN(negative_kw))) {
            w -= CLASS_WEIGHT;
        }
        if (has_keyword(buf, len, positive_kw, CC_ARRAY_LEN(positive_kw))) {
            w += CLASS_WEIGHT;
        }
    }
    /* Semantic markup is a stronger hint than any class name. */
    const char *ip = cc_readable__attr(n, "itemprop");
    if (ip && strstr(ip, "articleBody")) {
        w += CLASS_WEIGHT;
    }
    if (tag_is(n, "article") || tag_is(n, "main")) {
        w += CLASS_WEIGHT / 2;
    }
    return w;
}

static void init_candidate(const struct pass *p, xmlNode *n)
{
    struct rinfo *ri = info(n);
    ri->candidate = true;
    double s = 0;
    const char *t = (const char *)n->name;
    if (strcmp(t, "div") == 0) {
        s = 5;
    } else if (strcmp(t, "pre") == 0 || strcmp(t, "td") == 0 || strcmp(t, "blockquote") == 0) {
        s = 3;
    } else if (strcmp(t, "address") == 0 || strcmp(t, "ol") == 0 || strcmp(t, "ul") == 0 ||
               strcmp(t, "dl") == 0 || strcmp(t, "dd") == 0 || strcmp(t, "dt") == 0 ||
               strcmp(t, "li") == 0 || strcmp(t, "form") == 0) {
        s = -3;
    } else if (heading_level(n) || strcmp(t, "th") == 0) {
        s = -5;
    }
    ri->score = s + class_weight(p, n);
}

static bool is_candidate_host(const xmlNode *n)
{
    /* Readability skips ancestors without an element parent (<html>). */
    return n && n->type == XML_ELEMENT_NODE && n->parent && n->parent->type == XML_ELEMENT_NODE &&
           n->_private;
}

static bool is_ancestor(const xmlNode *anc, const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p; p = p->parent) {
        if (p == anc) {
            return true;
        }
    }
    return false;
}

static int add_selected(struct pass *p, xmlNode *n)
{
    if (cc_array_grow((void **)&p->selected, &p->selected_alloc, p->nselected + 1,
                      sizeof(*p->selected))) {
        return CC_ENOMEM;
    }
    p->selected[p->nselected++] = n;
    return 0;
}

static bool ends_sentence_soon(const char *s)
{
    /* Readability: a short paragraph that has ". " or ends in "." */
    const char *dot = strchr(s, '.');
    while (dot) {
        if (dot[1] == ' ' || dot[1] == '\0') {
            return true;
        }
        dot = strchr(dot + 1, '.');
    }
    return false;
}

static int score_and_select(struct pass *p)
{
    xmlNode *top[TOP_CANDIDATES] = {NULL};
    for (size_t i = 0; i < p->nscore; i++) {
        xmlNode *el = p->score_nodes[i];
        if (!el->parent || el->parent->type != XML_ELEMENT_NODE || !el->_private) {
            continue;
        }
        const struct rinfo *ei = info(el);
        if (ei->text_len < MIN_PARAGRAPH) {
            continue;
        }
        double cs = 1.0 + (ei->commas + 1) + CC_MIN(ei->text_len / 100, 3u);
        int level = 0;
        for (xmlNode *a = el->parent; a && level < ANCESTOR_LEVELS; a = a->parent, level++) {
            if (!is_candidate_host(a)) {
                break;
            }
            struct rinfo *ai = info(a);
            if (!ai->candidate) {
                init_candidate(p, a);
            }
            double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
            ai->score += cs / div;
        }
    }
    /* Scale by link density; keep the best few. */
    for (xmlNode *n = p->root->parent ? p->root->parent : p->root; n;
         n = cc_readable__next(n, p->root->parent ? p->root->parent : p->root, true)) {
        if (n->type != XML_ELEMENT_NODE || !n->_private || !info(n)->candidate) {
            continue;
        }
        struct rinfo *ri = info(n);
        ri->score *= 1.0 - link_density(ri);
        for (size_t t = 0; t < TOP_CANDIDATES; t++) {
            if (!top[t] || ri->score > info(top[t])->score) {
                memmove(&top[t + 1], &top[t], (TOP_CANDIDATES - t - 1) * sizeof(top[0]));
                top[t] = n;
                break;
            }
        }
    }
    xmlNode *best = top[0];
    if (!best || tag_is(best, "body") || tag_is(best, "html")) {
        return add_selected(p, p->root);
    }
    /* Several near-equal candidates under one ancestor: take the ancestor. */
    double top_score = info(best)->score;
    xmlNode *alts[TOP_CANDIDATES];
    size_t nalts = 0;
    for (size_t t = 1; t < TOP_CANDIDATES && top[t]; t++) {
        if (top_score > 0 && info(top[t])->score / top_score >= 0.75) {
            alts[nalts++] = top[t];
        }
    }
    if (nalts >= MIN_ALTERNATIVES) {
        for (xmlNode *a = best->parent; a && a != p->root && a->type == XML_ELEMENT_NODE;
             a = a->parent) {
            size_t lists = 0;
            for (size_t k = 0; k < nalts; k++) {
                if (is_ancestor(a, alts[k])) {
                    lists++;
                }
            }
            if (lists >= MIN_ALTERNATIVES) {
                best = a;
                break;
            }
        }
    }
    if (!info(best)->candidate) {
        init_candidate(p, best);
    }
    /* Climb while the parent scores better (the content is split over
     * siblings that the parent gathers). */
    double last = info(best)->score;
    double threshold = last / 3.0;
    for (xmlNode *a = best->parent; a && a != p->root && a->type == XML_ELEMENT_NODE;
         a = a->parent) {
        struct rinfo *ai = info(a);
        if (!ai || !ai->candidate) {
            continue;
        }
        if (ai->score < threshold) {
            break;
        }
        if (ai->score > last) {
            best = a;
            break;
        }
        last = ai->score;
    }
    /* A wrapper with a single child is the same content. */
    while (best->parent && best->parent != p->root && best->parent->type == XML_ELEMENT_NODE) {
        size_t elems = 0;
        for (xmlNode *c = best->parent->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE) {
                elems++;
            }
        }
        if (elems != 1) {
            break;
        }
        best = best->parent;
    }
    if (!info(best)->candidate) {
        init_candidate(p, best);
    }
    top_score = info(best)->score;
    double sib_threshold = CC_MAX(10.0, top_score * 0.2);
    xmlNode *parent = best->parent;
    if (!parent || parent->type != XML_ELEMENT_NODE) {
        return add_selected(p, best);
    }
    const char *best_class = cc_readable__attr(best, "class");
    struct cc_buf text = CC_BUF_INIT;
    int rc = 0;
    for (xmlNode *s = parent->children; s && rc == 0; s = s->next) {
        if (s->type != XML_ELEMENT_NODE) {
            continue;
        }
        bool append = s == best;
        if (!append) {
            double bonus = 0;
            const char *sc = cc_readable__attr(s, "class");
            if (sc && best_class && sc[0] && strcmp(sc, best_class) == 0) {
                bonus = top_score * 0.2;
            }
            const struct rinfo *si = info(s);
            if (si && si->candidate && si->score + bonus >= sib_threshold) {
                append = true;
            } else if (tag_is(s, "p") && si) {
                double ld = link_density(si);
                if (si->text_len > 80 && ld < 0.25) {
                    append = true;
                } else if (si->text_len < 80 && si->text_len > 0 && ld == 0) {
                    rc = text_of_node(&text, s);
                    append = rc == 0 && ends_sentence_soon(text.buf);
                }
            }
        }
        if (append && rc == 0) {
            rc = add_selected(p, s);
        }
    }
    cc_buf_release(&text);
    return rc;
}

/* --------------------------------------------------------------- cleaning */

static bool is_data_table(xmlNode *t)
{
    const char *role = cc_readable__attr(t, "role");
    if (role && strcmp(role, "presentation") == 0) {
        return false;
    }
    const char *dt = cc_readable__attr(t, "datatable");
    if (dt && strcmp(dt, "0") == 0) {
        return false;
    }
    if (cc_readable__attr(t, "summary")) {
        return true;
    }
    size_t rows = 0;
    size_t cols = 0;
    for (xmlNode *n = cc_readable__next(t, t, true); n; n = cc_readable__next(n, t, true)) {
        if (tag_is(n, "caption") || tag_is(n, "thead") || tag_is(n, "tfoot") ||
            tag_is(n, "colgroup") || tag_is(n, "th")) {
            return true;
        }
        if (tag_is(n, "table")) {
            return false;
        }
        if (tag_is(n, "tr")) {
            rows++;
            size_t c = 0;
            for (xmlNode *d = n->children; d; d = d->next) {
                if (tag_is(d, "td")) {
                    c++;
                }
            }
            cols = CC_MAX(cols, c);
        }
    }
    return rows >= 10 || cols > 4 || rows * cols > 10;
}

static bool in_data_table(const xmlNode *n)
{
    int d = 0;
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE && d < ANCESTOR_SCAN;
         a = a->parent, d++) {
        if (tag_is(a, "table") && a->_private && info(a)->data_table) {
            return true;
        }
    }
    return false;
}

static bool should_remove(const struct pass *p, xmlNode *n)
{
    const char *tag = (const char *)n->name;
    bool is_table = strcmp(tag, "table") == 0;
    if (is_table && n->_private && info(n)->data_table) {
        return false;
    }
    if (in_data_table(n) || has_ancestor(n, "code", ANCESTOR_SCAN)) {
        return false;
    }
    int weight = class_weight(p, n);
    if (weight < 0) {
        return true;
    }
    struct sub_stats st;
    subtree_stats(n, &st);
    if (st.truncated || st.commas >= 10) {
        return false;
    }
    bool is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
    if (!is_list && st.text_len > 0 && (double)st.list_text_len / st.text_len > 0.9) {
        is_list = true;
    }
    double ld = st.text_len ? st.link_len / st.text_len : 0.0;
    double heading_density = st.text_len ? (double)st.heading_len / st.text_len : 0.0;
    bool in_figure = has_ancestor(n, "figure", ANCESTOR_SCAN);
    size_t li = st.li > 100 ? st.li - 100 : 0;
    bool remove = (st.img > 1 && (double)st.p / st.img < 0.5 && !in_figure) ||
                  (!is_list && li > st.p) || (st.input > st.p / 3) ||
                  (!is_list && heading_density < 0.9 && st.text_len < MIN_PARAGRAPH &&
                   (st.img == 0 || st.img > 2) && !in_figure) ||
                  (!is_list && weight < CLASS_WEIGHT && ld > 0.2) ||
                  (weight >= CLASS_WEIGHT && ld > 0.5) || (st.embed == 1 && st.text_len < 75) ||
                  st.embed > 1;
    /* A list whose items are all links is a link list (related stories). */
    if (is_list && ld > 0.5) {
        remove = true;
    }
    return remove;
}

static int clean_conditionally(struct pass *p, xmlNode *root, const char *tag)
{
    /* collect, then go backwards so inner elements are judged first */
    xmlNode **list = NULL;
    size_t n = 0;
    size_t alloc = 0;
    for (xmlNode *c = cc_readable__next(root, root, true); c;
         c = cc_readable__next(c, root, true)) {
        if (tag_is(c, tag)) {
            if (cc_array_grow((void **)&list, &alloc, n + 1, sizeof(*list))) {
                cc_free(list);
                return CC_ENOMEM;
            }
            list[n++] = c;
        }
    }
    for (size_t i = n; i-- > 0;) {
        xmlNode *c = list[i];
        if (!c->parent) {
            continue;
        }
        if (should_remove(p, c)) {
            /* nested ones in the list are now freed: blank them */
            for (size_t k = i + 1; k < n; k++) {
                if (list[k] && is_ancestor(c, list[k])) {
                    list[k] = NULL;
                }
            }
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            list[i] = NULL;
        }
    }
    cc_free(list);
    return 0;
}

static void remove_matching(xmlNode *root, bool (*pred)(xmlNode *, const struct pass *),
                            const struct pass *p)
{
    for (xmlNode *n = cc_readable__next(root, root, true); n;) {
        if (n->type == XML_ELEMENT_NODE && pred(n, p)) {
            n = remove_node(n, root);
        } else {
            n = cc_readable__next(n, root, true);
        }
    }
}

static bool is_share_widget(xmlNode *n, const struct pass *p)
{
    (void)p;
    char match[MATCH_MAX];
    size_t len = match_string(n, match, sizeof(match));
    if (!has_keyword(match, len, share_kw, CC_ARRAY_LEN(share_kw))) {
        return false;
    }
    struct sub_stats st;
    subtree_stats(n, &st);
    return !st.truncated && st.text_len < SHARE_MAX_CHARS;
}

static bool is_bad_header(xmlNode *n, const struct pass *p)
{
    int hl = heading_level(n);
    return (hl == 1 || hl == 2) && class_weight(p, n) < 0;
}

static bool is_always_junk(xmlNode *n, const struct pass *p)
{
    (void)p;
    return (tag_flags(n) & TF_JUNK) || tag_is(n, "fieldset");
}

static int clean_content(struct pass *p)
{
    for (size_t i = 0; i < p->nselected; i++) {
        xmlNode *root = p->selected[i];
        for (xmlNode *n = root; n; n = cc_readable__next(n, root, true)) {
            if (tag_is(n, "table") && n->_private) {
                info(n)->data_table = is_data_table(n);
            }
        }
        remove_matching(root, is_always_junk, p);
        remove_matching(root, is_share_widget, p);
        remove_matching(root, is_bad_header, p);
        if (p->flags & PASS_CLEAN_CONDITIONALLY) {
            static const char *const tags[] = {"form", "table", "ul", "ol", "div", "section"};
            for (size_t t = 0; t < CC_ARRAY_LEN(tags); t++) {
                int rc = clean_conditionally(p, root, tags[t]);
                if (rc) {
                    return rc;
                }
            }
        }
    }
    return 0;
}

/* ----------------------------------------------------------------- blocks */

static bool is_block(const xmlNode *n)
{
    return (tag_flags(n) & TF_BLOCK) != 0;
}

static int result_add(struct result *res, int kind, int level, const char *text, size_t len)
{
    if (cc_array_grow((void **)&res->blocks, &res->alloc, res->nblocks + 1, sizeof(*res->blocks))) {
        return CC_ENOMEM;
    }
    char *copy = cc_strndup(text, len);
    if (!copy) {
        return CC_ENOMEM;
    }
    struct cc_readable_block *b = &res->blocks[res->nblocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->level = level;
    b->text = copy;
    b->len = len;
    if (kind != CC_READABLE_HEADING) {
        res->text_len += len;
    }
    return 0;
}

static void block_release(struct cc_readable_block *b)
{
    cc_free(b->text);
    b->text = NULL;
    for (size_t i = 0; i < b->nlinks; i++) {
        cc_free(b->links[i].url);
    }
    cc_free(b->links);
    b->links = NULL;
    b->nlinks = 0;
}

static void result_release(struct result *res)
{
    for (size_t i = 0; i < res->nblocks; i++) {
        block_release(&res->blocks[i]);
    }
    cc_free(res->blocks);
    memset(res, 0, sizeof(*res));
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char c = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        if (c != *prefix) {
            return false;
        }
    }
    return true;
}

/* Short paragraphs that are page furniture, not article text. */
static const char *const furniture_prefixes[] = {
    "advertisement", "sponsored",    "story continues", "continue reading", "scroll to continue",
    "read more",     "also read",    "related:",        "related stories",  "related articles",
    "recommended",   "more from",    "share this",      "share on",         "follow us",
    "sign up",       "subscribe",    "click here",      "watch:",           "listen to",
    "loading",       "skip to",      "image caption",   "image source",     "media caption",
    "photo:",        "photograph:",  "getty images",    "copyright",        "all rights reserved",
    "\xC2\xA9",      "read also",    "see also",        "don't miss",       "must read",
    "trending",      "download the", "get the latest",  "join our",         "for more ",
};

/* Headings of page modules rather than of the article's sections. */
static const char *const furniture_headings[] = {
    "related",       "recommended",  "more from",      "more on",      "most read",
    "most popular",  "you may also", "you might also", "also read",    "read more",
    "trending",      "latest news",  "latest stories", "more stories", "read next",
    "share this",    "comments",     "leave a reply",  "key events",   "topics",
    "tags",          "top stories",  "editor's picks", "don't miss",   "popular now",
    "advertisement",
};

static bool is_furniture_heading(const char *text, size_t len)
{
    if (len >= 48) {
        return false;
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(furniture_headings); i++) {
        if (starts_with_ci(text, furniture_headings[i])) {
            return true;
        }
    }
    return false;
}

/* "13:00 PKT", "9:41 am", "5 minutes ago": live-blog and teaser stamps. */
static bool is_clock_stamp(const char *text, size_t len)
{
    if (len >= 30) {
        return false;
    }
    if (len > 4 && memcmp(text + len - 4, " ago", 4) == 0) {
        return true;
    }
    if (text[0] < '0' || text[0] > '9' || !memchr(text, ':', len)) {
        return false;
    }
    size_t letters = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            letters++;
        }
    }
    return letters <= 4;
}

static bool is_furniture(const char *text, size_t len, double ld)
{
    if (len == 0 || is_clock_stamp(text, len)) {
        return true;
    }
    if (len < 150) {
        for (size_t i = 0; i < CC_ARRAY_LEN(furniture_prefixes); i++) {
            if (starts_with_ci(text, furniture_prefixes[i])) {
                /* "Read more: <link>" and bare labels; a real sentence that
                 * happens to start so ("Subscribers said ...") is longer and
                 * carries no links */
                if (ld >= 0.3 || len < 60) {
                    return true;
                }
            }
        }
    }
    /* a block that is only a link (a headline of another story) */
    if (ld >= 0.85 && len < 200) {
        char last = text[len - 1];
        if (last != '.' && last != '!' && last != '?' && last != '"') {
            return true;
        }
    }
    /* "By Jane Doe", "By Staff Reporter | Islamabad" */
    if (len < 80 && starts_with_ci(text, "by ")) {
        size_t words = 1;
        for (size_t i = 0; i < len; i++) {
            if (text[i] == ' ') {
                words++;
            }
        }
        char last = text[len - 1];
        if (words <= 8 && last != '.' && last != '!' && last != '?') {
            return true;
        }
    }
    /* a lone date or time stamp: "Published July 2, 2025" */
    if (len < 60) {
        const char *t = text;
        size_t tl = len;
        static const char *const stamps[] = {"published", "updated", "posted", "last updated"};
        for (size_t i = 0; i < CC_ARRAY_LEN(stamps); i++) {
            if (starts_with_ci(t, stamps[i])) {
                size_t sl = strlen(stamps[i]);
                t += sl;
                tl -= sl;
                while (tl > 0 && (*t == ':' || *t == ' ' || *t == 'o' || *t == 'n')) {
                    t++;
                    tl--;
                }
                break;
            }
        }
        int64_t when;
        if (cc_readable__parse_date(&when, t, tl) == 0) {
            return true;
        }
    }
    return false;
}

/* Extends the span of the same anchor or starts a new one. */
static int note_link(struct block_acc *acc, const xmlNode *anchor, size_t start, size_t end)
{
    if (acc->nlinks > 0 && acc->links[acc->nlinks - 1].anchor == anchor) {
        acc->links[acc->nlinks - 1].end = end;
        return 0;
    }
    if (acc->nlinks >= MAX_LINKS_PER_BLOCK) {
        return 0;
    }
    if (cc_array_grow((void **)&acc->links, &acc->links_alloc, acc->nlinks + 1,
                      sizeof(*acc->links))) {
        return CC_ENOMEM;
    }
    acc->links[acc->nlinks].start = start;
    acc->links[acc->nlinks].end = end;
    acc->links[acc->nlinks].anchor = anchor;
    acc->nlinks++;
    return 0;
}

/* The absolute http(s) URL of an anchor, or NULL (a hash, mailto: or
 * javascript: link, or one that does not resolve). Caller frees. */
static char *link_url(const xmlNode *anchor, const char *base, int *rc)
{
    const char *href = cc_readable__attr(anchor, "href");
    if (!href || !href[0] || href[0] == '#') {
        return NULL;
    }
    xmlChar *abs = xmlBuildURI(BAD_CAST href, BAD_CAST(base ? base : ""));
    const char *u = abs ? (const char *)abs : href;
    char *res = NULL;
    if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0) {
        struct cc_buf b = CC_BUF_INIT;
        *rc = cc_readable__collapse(&b, u, strlen(u));
        if (*rc == 0 && b.len > 0 && !memchr(b.buf, ' ', b.len)) {
            res = cc_buf_detach(&b, NULL);
            if (!res) {
                *rc = CC_ENOMEM;
            }
        }
        cc_buf_release(&b);
    }
    if (abs) {
        xmlFree(abs);
    }
    return res;
}

/* Collapses like cc_readable__collapse and maps the raw offsets pos[0..n)
 * (ascending) to offsets in the collapsed text: a start lands on the next
 * character kept, an end after the last one kept before it. */
static int collapse_mapped(struct cc_buf *out, const char *s, size_t len, size_t *pos, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    bool pending = false;
    size_t k = 0;
    for (size_t i = 0; i <= len; i++) {
        while (k < n && pos[k] <= i) {
            pos[k++] = out->len;
        }
        if (i == len) {
            break;
        }
        bool space = u[i] == ' ' || u[i] == '\t' || u[i] == '\n' || u[i] == '\r' || u[i] == '\f' ||
                     u[i] == '\v' || u[i] < ' ';
        if (u[i] == 0xC2 && i + 1 < len && u[i + 1] == 0xA0) {
            pending = true;
            i++;
            continue;
        }
        if (space) {
            pending = true;
            continue;
        }
        if (pending && out->len > 0 && cc_buf_addch(out, ' ')) {
            return CC_ENOMEM;
        }
        pending = false;
        if (cc_buf_addch(out, (char)u[i])) {
            return CC_ENOMEM;
        }
    }
    while (k < n) {
        pos[k++] = out->len;
    }
    return 0;
}

/* Turns the raw link spans of acc into links of block b (whose text is the
 * collapse of acc->text); links are dropped when the text changed length in
 * normalisation (offsets unknown) or have no anchor text left. */
static int block_links(struct cc_readable_block *b, const struct block_acc *acc)
{
    if (acc->nlinks == 0) {
        return 0;
    }
    size_t n = acc->nlinks * 2;
    size_t *pos = cc_calloc(n, sizeof(*pos));
    struct cc_buf again = CC_BUF_INIT;
    int rc = 0;
    if (!pos) {
        return CC_ENOMEM;
    }
    /* spans are in order and disjoint, so the offsets are ascending */
    for (size_t i = 0; i < acc->nlinks; i++) {
        pos[2 * i] = acc->links[i].start;
        pos[2 * i + 1] = acc->links[i].end;
    }
    rc = collapse_mapped(&again, acc->text.buf, acc->text.len, pos, n);
    if (rc || again.len != b->len || memcmp(again.buf, b->text, b->len) != 0) {
        goto out;
    }
    b->links = cc_calloc(acc->nlinks, sizeof(*b->links));
    if (!b->links) {
        rc = CC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < acc->nlinks && rc == 0; i++) {
        size_t st = pos[2 * i];
        size_t en = pos[2 * i + 1];
        while (st < en && b->text[st] == ' ') {
            st++;
        }
        if (st >= en) {
            continue;
        }
        char *url = link_url(acc->links[i].anchor, acc->base_url, &rc);
        if (!url) {
            continue;
        }
        struct cc_readable_link *l = &b->links[b->nlinks++];
        l->start = st;
        l->end = en;
        l->url = url;
    }
out:
    cc_buf_release(&again);
    cc_free(pos);
    return rc;
}

static int flush_block(struct block_acc *acc, struct result *res)
{
    int rc = 0;
    struct cc_buf clean = CC_BUF_INIT;
    struct cc_buf nfc = CC_BUF_INIT;
    if (acc->text.len == 0) {
        goto out;
    }
    rc = cc_readable__collapse(&clean, acc->text.buf, acc->text.len);
    if (rc || clean.len == 0) {
        goto out;
    }
    if (!cc_utf8_is_valid(clean.buf, clean.len)) {
        struct cc_buf fixed = CC_BUF_INIT;
        rc = cc_utf8_repair(&fixed, clean.buf, clean.len, NULL);
        cc_buf_release(&clean);
        clean = fixed;
        if (rc) {
            goto out;
        }
    }
    rc = cc_utf8_nfc(&nfc, clean.buf, clean.len);
    if (rc) {
        goto out;
    }
    double ld = acc->text.len ? (double)acc->link_chars / (double)acc->text.len : 0.0;
    if (acc->heading) {
        if (ld < 0.5 && !is_furniture_heading(nfc.buf, nfc.len)) {
            rc = result_add(res, CC_READABLE_HEADING, acc->heading < 2 ? 2 : acc->heading, nfc.buf,
                            nfc.len);
        }
    } else if (!is_furniture(nfc.buf, nfc.len, ld)) {
        int kind = tag_is(acc->owner, "li") ? CC_READABLE_LIST_ITEM : CC_READABLE_PARAGRAPH;
        rc = result_add(res, kind, 0, nfc.buf, nfc.len);
        if (rc == 0) {
            rc = block_links(&res->blocks[res->nblocks - 1], acc);
        }
    }
out:
    cc_buf_release(&clean);
    cc_buf_release(&nfc);
    cc_buf_reset(&acc->text);
    acc->nlinks = 0;
    acc->link_chars = 0;
    acc->owner = NULL;
    acc->heading = 0;
    return rc;
}

static int emit(struct result *res, xmlNode *root, const char *base_url)
{
    struct block_acc acc;
    memset(&acc, 0, sizeof(acc));
    cc_buf_init(&acc.text, 0);
    acc.base_url = base_url;
    int rc = 0;
    for (xmlNode *n = root; n && rc == 0; n = cc_readable__next(n, root, true)) {
        if (n->type == XML_ELEMENT_NODE) {
            if (tag_is(n, "br") || tag_is(n, "hr")) {
                rc = flush_block(&acc, res);
            }
            continue;
        }
        if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) {
            continue;
        }
        /* the nearest block ancestor owns the text; a link on the way counts */
        const xmlNode *owner = NULL;
        bool in_link = false;
        const xmlNode *anchor = NULL;
        int heading = 0;
        int up = 0;
        for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE && up < ANCESTOR_SCAN;
             a = a->parent, up++) {
            if (tag_is(a, "a")) {
                in_link = true;
                anchor = anchor ? anchor : a;
            }
            if (is_block(a)) {
                owner = a;
                heading = heading_level(a);
                break;
            }
            if (!heading && heading_level(a)) {
                heading = heading_level(a);
            }
        }
        if (owner != acc.owner) {
            rc = flush_block(&acc, res);
            if (rc) {
                break;
            }
            acc.owner = owner;
            acc.heading = heading;
        }
        size_t before = acc.text.len;
        rc = cc_buf_adds(&acc.text, (const char *)n->content);
        if (rc == 0 && in_link) {
            acc.link_chars += acc.text.len - before;
            rc = note_link(&acc, anchor, before, acc.text.len);
        }
    }
    if (rc == 0) {
        rc = flush_block(&acc, res);
    }
    cc_buf_release(&acc.text);
    cc_free(acc.links);
    return rc;
}

/* Drops headings that head nothing (a heading followed by a heading of the
 * same or a higher rank, or by the end). */
static void prune_headings(struct result *res)
{
    size_t w = 0;
    for (size_t i = 0; i < res->nblocks; i++) {
        struct cc_readable_block *b = &res->blocks[i];
        if (b->kind == CC_READABLE_HEADING) {
            size_t j = i + 1;
            bool keep = j < res->nblocks && (res->blocks[j].kind != CC_READABLE_HEADING ||
                                             res->blocks[j].level > b->level);
            if (!keep) {
                block_release(b);
                continue;
            }
        }
        res->blocks[w++] = *b;
    }
    res->nblocks = w;
    /* consecutive duplicates (a dek repeated in a hidden-for-print copy) */
    w = 0;
    for (size_t i = 0; i < res->nblocks; i++) {
        struct cc_readable_block *b = &res->blocks[i];
        if (w > 0 && res->blocks[w - 1].len == b->len &&
            memcmp(res->blocks[w - 1].text, b->text, b->len) == 0) {
            if (b->kind != CC_READABLE_HEADING) {
                res->text_len -= b->len;
            }
            block_release(b);
            continue;
        }
        res->blocks[w++] = *b;
    }
    res->nblocks = w;
}

static void pass_release(struct pass *p)
{
    cc_free(p->infos);
    cc_free(p->score_nodes);
    cc_free(p->selected);
    if (p->doc) {
        xmlFreeDoc(p->doc);
    }
    memset(p, 0, sizeof(*p));
}

/* One extraction attempt over doc (taken, also on failure), or over a
 * fresh parse of the page when doc is NULL. */
static int run_pass(struct result *res, xmlDoc *doc, const struct cc_buf *utf8, const char *url,
                    const char *title, unsigned flags)
{
    struct pass p;
    memset(&p, 0, sizeof(p));
    p.flags = flags;
    p.title = title;
    int rc = 0;
    p.doc = doc ? doc : parse_html(utf8->buf, utf8->len, url);
    if (!p.doc) {
        rc = CC_EPARSE;
        goto out;
    }
    p.root = find_body(p.doc);
    if (!p.root) {
        goto out;
    }
    rc = prepare(&p);
    if (rc == 0) {
        rc = index_tree(&p);
    }
    if (rc == 0) {
        rc = score_and_select(&p);
    }
    if (rc == 0) {
        rc = clean_content(&p);
    }
    for (size_t i = 0; rc == 0 && i < p.nselected; i++) {
        rc = emit(res, p.selected[i], url);
    }
    if (rc == 0) {
        prune_headings(res);
    }
out:
    pass_release(&p);
    return rc;
}

/* Splits the JSON-LD articleBody (lines kept by the metadata reader) into
 * paragraphs. */
static int result_from_body(struct result *res, const char *body)
{
    const char *s = body;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len > 0) {
            struct cc_buf nfc = CC_BUF_INIT;
            int rc = cc_utf8_is_valid(s, len) ? cc_utf8_nfc(&nfc, s, len)
                                              : cc_utf8_repair(&nfc, s, len, NULL);
            if (rc == 0) {
                rc = result_add(res, CC_READABLE_PARAGRAPH, 0, nfc.buf, nfc.len);
            }
            cc_buf_release(&nfc);
            if (rc) {
                return rc;
            }
        }
        s += len;
        if (*s == '\n') {
            s++;
        }
    }
    return 0;
}

/* Takes doc (the first parse, used by the first pass). */
/* ------------------------------------------------- JSON-LD articleBody */

/* Word 4-shingles, hashed (FNV-1a over lowercased ASCII letters and digits
 * and all non-ASCII bytes), as in the extraction benchmarks' F1. */
struct shingles {
    uint64_t *v;
    size_t n;
    size_t alloc;
};

static int shingles_add_text(struct shingles *sh, const char *s, size_t len)
{
    uint64_t words[4] = {0};
    size_t nwords = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && !is_alnum((char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i])) &&
               (unsigned char)s[i] < 0x80) {
            i++;
        }
        if (i >= len) {
            break;
        }
        uint64_t h = 1469598103934665603ull;
        while (i < len) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') {
                c = (char)(c + 32);
            }
            if (!is_alnum(c) && (unsigned char)c < 0x80) {
                break;
            }
            h = (h ^ (unsigned char)c) * 1099511628211ull;
            i++;
        }
        words[nwords % 4] = h;
        nwords++;
        if (nwords >= 4) {
            uint64_t x = 0;
            for (size_t k = 0; k < 4; k++) {
                x = (x ^ words[(nwords + k) % 4]) * 1099511628211ull + k;
            }
            if (cc_array_grow((void **)&sh->v, &sh->alloc, sh->n + 1, sizeof(*sh->v))) {
                return CC_ENOMEM;
            }
            sh->v[sh->n++] = x;
        }
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a;
    uint64_t y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool shingles_has(const struct shingles *sh, uint64_t x)
{
    return sh->n > 0 && bsearch(&x, sh->v, sh->n, sizeof(*sh->v), cmp_u64) != NULL;
}

/* The publisher's own articleBody checks the extraction. When it is long
 * and the extraction covers little of it (a wrong container, a
 * client-rendered shell), the body replaces the extraction; when the
 * extraction covers nearly all of it, paragraphs that share nothing with it
 * are furniture the rules missed (promos, teasers) and go. */
static int check_against_body(struct result *best, const char *body, bool same_story,
                              bool *replaced)
{
    struct shingles bs = {NULL, 0, 0};
    struct shingles ours = {NULL, 0, 0};
    size_t body_len = strlen(body);
    int rc = shingles_add_text(&bs, body, body_len);
    for (size_t i = 0; rc == 0 && i < best->nblocks; i++) {
        rc = shingles_add_text(&ours, best->blocks[i].text, best->blocks[i].len);
    }
    if (rc) {
        goto out;
    }
    if (bs.n < JSONLD_BODY_MIN_SHINGLES) {
        goto out; /* a summary, not a body */
    }
    cc_sort(bs.v, bs.n, sizeof(*bs.v), cmp_u64);
    if (ours.n > 0) {
        cc_sort(ours.v, ours.n, sizeof(*ours.v), cmp_u64);
    }
    size_t covered = 0;
    for (size_t i = 0; i < bs.n; i++) {
        if (shingles_has(&ours, bs.v[i])) {
            covered++;
        }
    }
    double recall = (double)covered / (double)bs.n;
    /* A body whose headline is another story's (a JSON-LD block about a
     * recommended article) replaces nothing unless the page gave nothing. */
    if (recall < JSONLD_BODY_MIN_RECALL &&
        (same_story || (double)best->text_len < JSONLD_BODY_EMPTY_RATIO * (double)body_len)) {
        result_release(best);
        rc = result_from_body(best, body);
        *replaced = rc == 0;
        goto out;
    }
    if (recall < JSONLD_BODY_TRUST_RECALL) {
        goto out;
    }
    /* Each block: it shares text with the body, it has enough words to
     * tell and shares none (foreign), or it is too short to tell. */
    enum { B_SHORT = 0, B_MATCH, B_FOREIGN };
    int *st = cc_calloc(best->nblocks + 1, sizeof(*st));
    if (!st) {
        rc = CC_ENOMEM;
        goto out;
    }
    size_t last_match = SIZE_MAX;
    for (size_t i = 0; i < best->nblocks; i++) {
        struct cc_readable_block *b = &best->blocks[i];
        struct shingles one = {NULL, 0, 0};
        rc = shingles_add_text(&one, b->text, b->len);
        if (rc) {
            cc_free(one.v);
            cc_free(st);
            goto out;
        }
        size_t hit = 0;
        for (size_t k = 0; k < one.n; k++) {
            hit += shingles_has(&bs, one.v[k]);
        }
        st[i] = hit > 0 ? B_MATCH : one.n >= JSONLD_FOREIGN_MIN_SHINGLES ? B_FOREIGN : B_SHORT;
        if (st[i] == B_MATCH) {
            last_match = i;
        }
        cc_free(one.v);
    }
    /* Foreign paragraphs go; so does everything after the last block the
     * body knows (a discussion, a sign-off module), and short blocks
     * (names, labels) between foreign ones. */
    size_t w = 0;
    int prev = B_FOREIGN; /* the last non-short status seen */
    for (size_t i = 0; i < best->nblocks; i++) {
        struct cc_readable_block *b = &best->blocks[i];
        bool drop = false;
        if (last_match == SIZE_MAX || i > last_match) {
            drop = true;
        } else if (st[i] == B_FOREIGN) {
            drop = b->kind == CC_READABLE_PARAGRAPH;
        } else if (st[i] == B_SHORT && prev == B_FOREIGN && i > 0) {
            size_t j = i + 1;
            while (j < best->nblocks && st[j] == B_SHORT) {
                j++;
            }
            drop = j >= best->nblocks || st[j] == B_FOREIGN;
        }
        if (st[i] != B_SHORT) {
            prev = st[i];
        }
        if (drop) {
            if (b->kind != CC_READABLE_HEADING) {
                best->text_len -= b->len;
            }
            block_release(b);
            continue;
        }
        best->blocks[w++] = *b;
    }
    best->nblocks = w;
    cc_free(st);
out:
    cc_free(bs.v);
    cc_free(ours.v);
    return rc;
}

static int extract(struct cc_readable *r, xmlDoc *doc, const struct cc_buf *utf8, const char *url,
                   const struct cc_readable__hints *h)
{
    static const unsigned passes[] = {
        PASS_STRIP_UNLIKELY | PASS_WEIGHT_CLASSES | PASS_CLEAN_CONDITIONALLY,
        PASS_WEIGHT_CLASSES | PASS_CLEAN_CONDITIONALLY,
        PASS_CLEAN_CONDITIONALLY,
        0,
    };
    struct result best = {0};
    int rc = 0;
    for (size_t i = 0; i < CC_ARRAY_LEN(passes); i++) {
        struct result cur = {0};
        rc = run_pass(&cur, doc, utf8, url ? url : r->canonical_url, r->title, passes[i]);
        doc = NULL; /* now owned by the pass */
        if (rc) {
            result_release(&cur);
            goto out;
        }
        if (cur.text_len > best.text_len || best.nblocks == 0) {
            result_release(&best);
            best = cur;
        } else {
            result_release(&cur);
        }
        if (best.text_len >= CHAR_THRESHOLD || (i == 0 && best.text_len >= STRICT_ACCEPT)) {
            break;
        }
    }
    if (h->jsonld_body) {
        bool same_story = !h->jsonld_headline || !r->title ||
                          similar_to_title(h->jsonld_headline, r->title) ||
                          similar_to_title(r->title, h->jsonld_headline);
        rc = check_against_body(&best, h->jsonld_body, same_story, &r->from_jsonld_body);
        if (rc) {
            goto out;
        }
    }
    /* the headline first, then the text */
    size_t extra = r->title ? 1 : 0;
    r->blocks = cc_calloc(best.nblocks + extra, sizeof(*r->blocks));
    if (!r->blocks && best.nblocks + extra > 0) {
        rc = CC_ENOMEM;
        goto out;
    }
    if (r->title) {
        r->blocks[0].kind = CC_READABLE_HEADING;
        r->blocks[0].level = 1;
        r->blocks[0].text = cc_strdup(r->title);
        if (!r->blocks[0].text) {
            rc = CC_ENOMEM;
            goto out;
        }
        r->blocks[0].len = strlen(r->title);
        r->nblocks = 1;
    }
    for (size_t i = 0; i < best.nblocks; i++) {
        /* a heading that repeats the headline (kept by a later pass) */
        if (i == 0 && r->title && best.blocks[0].kind == CC_READABLE_HEADING &&
            similar_to_title(best.blocks[0].text, r->title)) {
            continue;
        }
        r->blocks[r->nblocks++] = best.blocks[i];
        memset(&best.blocks[i], 0, sizeof(best.blocks[i])); /* now owned by r */
    }
    r->text_len = best.text_len;
out:
    if (doc) {
        xmlFreeDoc(doc);
    }
    result_release(&best);
    return rc;
}

/* ------------------------------------------------------------------ API */

int cc_readable_parse(struct cc_readable **out, const char *bytes, size_t len,
                      const struct cc_readable_options *opts, struct cc_error *err)
{
    *out = NULL;
    const char *subject = opts && opts->subject ? opts->subject : "page";
    const char *url = opts ? opts->url : NULL;
    if (len > CC_READABLE_MAX_INPUT) {
        return cc_error_set(err, CC_ETOOBIG, subject, "page is larger than %zu bytes",
                            (size_t)CC_READABLE_MAX_INPUT);
    }
    struct cc_readable *r = cc_calloc(1, sizeof(*r));
    struct cc_buf utf8 = CC_BUF_INIT;
    struct cc_readable__hints hints;
    memset(&hints, 0, sizeof(hints));
    hints.url = url;
    xmlDoc *doc = NULL;
    int rc = 0;
    if (!r) {
        rc = cc_error_set(err, CC_ENOMEM, subject, "out of memory");
        goto out;
    }
    r->published = CC_TIME_NONE;
    struct cc_charset_info ci;
    rc = cc_charset_decode(&utf8, &ci, bytes, len, opts ? opts->http_charset : NULL,
                           CC_CHARSET_SNIFF_HTML, err);
    if (rc) {
        cc_error_subject(err, subject);
        goto out;
    }
    r->charset = ci.charset;
    r->repaired = ci.repaired;
    strip_raw_bodies(&utf8);
    doc = parse_html(utf8.buf, utf8.len, url);
    if (!doc) {
        rc = cc_error_set(err, CC_EPARSE, subject, "cannot parse the page as HTML");
        goto out;
    }
    rc = cc_readable__meta_read(r, &hints, doc, err);
    if (rc) {
        cc_error_subject(err, subject);
        goto out;
    }
    r->title = cc_readable__pick_title(&hints, r->site_name, &rc);
    if (rc == 0) {
        rc = extract(r, doc, &utf8, url, &hints);
        doc = NULL; /* freed by extract */
    }
    if (rc) {
        rc = cc_error_set(err, rc, subject, "%s",
                          rc == CC_ENOMEM ? "out of memory extracting the article"
                                          : "cannot parse the page as HTML");
        goto out;
    }
    *out = r;
    r = NULL; /* now owned by the caller */
out:
    if (doc) {
        xmlFreeDoc(doc);
    }
    cc_readable__hints_release(&hints);
    cc_buf_release(&utf8);
    cc_readable_free(r);
    return rc;
}

void cc_readable_free(struct cc_readable *r)
{
    if (!r) {
        return;
    }
    for (size_t i = 0; i < r->nblocks; i++) {
        block_release(&r->blocks[i]);
    }
    cc_free(r->blocks);
    cc_free(r->title);
    cc_free(r->date_detail);
    cc_free(r->site_name);
    cc_free(r->canonical_url);
    cc_free(r->lang);
    cc_free(r);
}

const char *cc_readable_date_source_name(int source)
{
    switch (source) {
    case CC_READABLE_DATE_META_PUBLISHED:
        return "article:published_time";
    case CC_READABLE_DATE_JSONLD:
        return "json-ld";
    case CC_READABLE_DATE_TIME:
        return "time";
    case CC_READABLE_DATE_META_OTHER:
        return "meta";
    case CC_READABLE_DATE_URL:
        return "url";
    default:
        return "none";
    }
}

bool cc_readable_is_html(const char *bytes, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB &&
        (unsigned char)bytes[2] == 0xBF) {
        i = 3;
    }
    while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' ||
                       bytes[i] == '\r' || bytes[i] == '\f')) {
        i++;
    }
    static const char *const starts[] = {"<!doctype html", "<html", "<head",  "<body",
                                         "<!--",           "<meta", "<title", "<?xml"};
    for (size_t k = 0; k < CC_ARRAY_LEN(starts); k++) {
        size_t sl = strlen(starts[k]);
        if (len - i >= sl) {
            size_t j = 0;
            while (j < sl) {
                char c = bytes[i + j];
                c = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
                if (c != starts[k][j]) {
                    break;
                }
                j++;
            }
            if (j == sl) {
                if (k == 7) {
                    /* XHTML: an XML declaration followed by html */
                    size_t win = CC_MIN(len, (size_t)1024);
                    for (size_t q = i; q + 5 <= win; q++) {
                        if (bytes[q] == '<' &&
                            (bytes[q + 1] == 'h' || bytes[q + 1] == 'H' || bytes[q + 1] == '!')) {
                            return true;
                        }
                    }
                    return false;
                }
                return true;
            }
        }
    }
    /* Markup without a document frame: several block tags early on. */
    static const char *const tags[] = {"<p>", "<p ", "</p>",    "<div",  "<br",   "<article",
                                       "<h1", "<h2", "<a href", "<span", "<table"};
    size_t win = CC_MIN(len, (size_t)1024);
    size_t hits = 0;
    for (size_t k = 0; k < CC_ARRAY_LEN(tags); k++) {
        size_t tl = strlen(tags[k]);
        for (size_t q = 0; q + tl <= win; q++) {
            if (bytes[q] == '<' && strncmp(bytes + q, tags[k], tl) == 0) {
                hits++;
                break;
            }
        }
    }
    return hits >= 2;
}
