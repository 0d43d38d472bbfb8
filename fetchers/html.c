#include "core/common.h"

#include <pthread.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte scans below */
#endif

#include "core/buf.h"
#include "core/utf8.h"
#include "fetchers/html.h"
#include "core/banned.h"

struct entity {
    const char *name;
    uint32_t cp1;
    uint32_t cp2;
    unsigned flags;
};

#define ENTITY_LEGACY 1u /* may be written without ';' */
#define ENTITY_HTML4 2u  /* one of the 252 HTML 4 entities */

static const struct entity entities[] = {
#include "fetchers/html_entities.inc"
};

/* The longest entity name is 31 bytes ("CounterClockwiseContourIntegral");
 * anything longer cannot match. Legacy (no ';') names are at most 6. */
#define ENTITY_NAME_MAX 32
#define LEGACY_NAME_MAX 6
/* Tag names we compare against are short; longer ones are just "a tag". */
#define TAG_NAME_MAX 16

/* Elements whose content is not text. */
static const char *const raw_tags[] = {"applet", "script", "style"};

/* Elements whose start and end tags separate words (block-level and
 * replaced elements; README of the conformance suite: p div br li h1-h6
 * tr td img ...), as a switch on the first letter: this runs for every
 * tag of every description, and a few compares beat a binary search.
 * TAG_IS: a memcmp of constant size compiles to a load and a compare,
 * where strcmp was a call (bench/parse.sh). */
#define TAG_IS(lit) (n == sizeof(lit) - 1 && memcmp(name, lit, sizeof(lit) - 1) == 0)

static bool is_block_tag(const char *name, size_t n)
{
    switch (name[0]) {
    case 'a':
        return TAG_IS("address") || TAG_IS("applet") || TAG_IS("area") || TAG_IS("article") ||
               TAG_IS("aside") || TAG_IS("audio");
    case 'b':
        return TAG_IS("blockquote") || TAG_IS("body") || TAG_IS("br") || TAG_IS("button");
    case 'c':
        return TAG_IS("canvas") || TAG_IS("caption") || TAG_IS("center") || TAG_IS("col") ||
               TAG_IS("colgroup");
    case 'd':
        return TAG_IS("dd") || TAG_IS("details") || TAG_IS("dialog") || TAG_IS("dir") ||
               TAG_IS("div") || TAG_IS("dl") || TAG_IS("dt");
    case 'e':
        return TAG_IS("embed");
    case 'f':
        return TAG_IS("fieldset") || TAG_IS("figcaption") || TAG_IS("figure") || TAG_IS("footer") ||
               TAG_IS("form") || TAG_IS("frame") || TAG_IS("frameset");
    case 'h':
        return TAG_IS("h1") || TAG_IS("h2") || TAG_IS("h3") || TAG_IS("h4") || TAG_IS("h5") ||
               TAG_IS("h6") || TAG_IS("head") || TAG_IS("header") || TAG_IS("hgroup") ||
               TAG_IS("hr") || TAG_IS("html");
    case 'i':
        return TAG_IS("iframe") || TAG_IS("img") || TAG_IS("input");
    case 'l':
        return TAG_IS("legend") || TAG_IS("li") || TAG_IS("link");
    case 'm':
        return TAG_IS("main") || TAG_IS("menu") || TAG_IS("meta");
    case 'n':
        return TAG_IS("nav") || TAG_IS("noscript");
    case 'o':
        return TAG_IS("object") || TAG_IS("ol") || TAG_IS("optgroup") || TAG_IS("option");
    case 'p':
        return TAG_IS("p") || TAG_IS("param") || TAG_IS("picture") || TAG_IS("pre");
    case 's':
        return TAG_IS("section") || TAG_IS("select") || TAG_IS("source") || TAG_IS("summary");
    case 't':
        return TAG_IS("table") || TAG_IS("tbody") || TAG_IS("td") || TAG_IS("textarea") ||
               TAG_IS("tfoot") || TAG_IS("th") || TAG_IS("thead") || TAG_IS("title") ||
               TAG_IS("tr") || TAG_IS("track");
    case 'u':
        return TAG_IS("ul");
    case 'v':
        return TAG_IS("video");
    default:
        return false;
    }
}

#undef TAG_IS

/* feedparser's _HTMLSanitizer.acceptable_elements: the tags a title may
 * contain and still "look like HTML". Sorted for bsearch. */
static const char *const acceptable_tags[] = {
    "a",          "abbr",
    "acronym",    "address",
    "area",       "article",
    "aside",      "audio",
    "b",          "big",
    "blockquote", "br",
    "button",     "canvas",
    "caption",    "center",
    "cite",       "code",
    "col",        "colgroup",
    "command",    "datagrid",
    "datalist",   "dd",
    "del",        "details",
    "dfn",        "dialog",
    "dir",        "div",
    "dl",         "dt",
    "em",         "event-source",
    "fieldset",   "figcaption",
    "figure",     "font",
    "footer",     "form",
    "h1",         "h2",
    "h3",         "h4",
    "h5",         "h6",
    "header",     "hr",
    "i",          "img",
    "input",      "ins",
    "kbd",        "keygen",
    "label",      "legend",
    "li",         "m",
    "map",        "menu",
    "meter",      "multicol",
    "nav",        "nextid",
    "noscript",   "ol",
    "optgroup",   "option",
    "output",     "p",
    "pre",        "progress",
    "q",          "s",
    "samp",       "section",
    "select",     "small",
    "sound",      "source",
    "spacer",     "span",
    "strike",     "strong",
    "sub",        "sup",
    "table",      "tbody",
    "td",         "textarea",
    "tfoot",      "th",
    "thead",      "time",
    "tr",         "tt",
    "u",          "ul",
    "var",        "video",
};

/* HTML5 "numeric character reference end state": C1 controls are read as
 * windows-1252. */
static const uint16_t c1_map[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178,
};

static int cmp_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static bool in_set(const char *name, const char *const *set, size_t n)
{
    return bsearch(name, set, n, sizeof(set[0]), cmp_str) != NULL;
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static int hex_value(unsigned char c, bool hex)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (hex && c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (hex && c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

struct entity_key {
    const char *name;
    size_t len;
};

static int cmp_entity(const void *key, const void *elem)
{
    const struct entity_key *k = key;
    const struct entity *e = elem;
    /* strncmp stops at the table name's NUL (the key has none), so no
     * strlen per comparison. */
    int c = strncmp(k->name, e->name, k->len);
    if (c != 0) {
        return c;
    }
    return e->name[k->len] == '\0' ? 0 : -1;
}

static const struct entity *entity_lookup(const char *name, size_t len)
{
    /* cmp_entity relies on the key holding no NUL (strncmp would stop
     * there and the table name be read past its end: found by
     * fuzz_html_text through cc_html_entity_find). */
    if (len == 0 || len >= ENTITY_NAME_MAX || memchr(name, '\0', len)) {
        return NULL;
    }
    struct entity_key k = {name, len};
    return bsearch(&k, entities, CC_ARRAY_LEN(entities), sizeof(entities[0]), cmp_entity);
}

size_t cc_html_entity_find(int32_t cp[2], const char *name, size_t len)
{
    const struct entity *e = entity_lookup(name, len);
    if (!e) {
        return 0;
    }
    cp[0] = (int32_t)e->cp1;
    cp[1] = (int32_t)e->cp2;
    return e->cp2 ? 2 : 1;
}

/* Byte classes for the main loop: 0 ordinary ASCII, 1 whitespace or
 * control, 2 '<', 3 '&', 4 non-ASCII, 5 ']' (the end of a CDATA marker),
 * 6 ' '. */
enum { BC_TEXT, BC_SPACE, BC_LT, BC_AMP, BC_HIGH, BC_BRACKET, BC_BLANK };
static const unsigned char byte_classes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    6, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* The output side: pending-space logic and the bookkeeping for the final
 * Unicode pass. */
struct emitter {
    struct cc_buf *out;
    size_t start;  /* out->len when the call began */
    bool pending;  /* a space is due before the next text */
    bool nonascii; /* some appended byte is >= 0x80 */
    unsigned flags;
    int rc;
    int cdata_open; /* CDATA markers skipped whose "]]>" is still to come */
    bool doubled;   /* a run held "  ": collapse_spaces has work to do */
};

static void emit(struct emitter *em, const char *p, size_t n)
{
    if (em->rc || n == 0) {
        return;
    }
    /* One space where runs meet: the pending one (markup or a line break
     * between them) or the runs' own, never two; none at the start unless
     * the caller keeps the ends. */
    bool at_start = em->out->len == em->start;
    bool out_space =
        at_start ? !(em->flags & CC_HTML_NO_TRIM) : em->out->buf[em->out->len - 1] == ' ';
    if (em->pending) {
        em->pending = false;
        if (!out_space && p[0] != ' ') {
            em->rc = cc_buf_put(em->out, " ", 1);
            if (em->rc) {
                return;
            }
            out_space = true;
        }
    }
    if (out_space && p[0] == ' ') {
        p++;
        n--;
    }
    em->rc = cc_buf_put(em->out, p, n);
}

static void emit_cp(struct emitter *em, int32_t cp)
{
    if (cp < 0x20 || cp == 0x7F) {
        em->pending = true;
        return;
    }
    if (cp == ' ') {
        em->pending = true;
        return;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = (int32_t)CC_UTF8_REPLACEMENT;
    }
    char tmp[4];
    size_t n = cc_utf8_encode_to(tmp, cp);
    if (cp >= 0x80) {
        em->nonascii = true;
    }
    emit(em, tmp, n);
}

/* Parses the body of a character reference, s[j..] being what follows
 * the '&'. On success emits it and returns the index after it; returns 0
 * when there is no reference there (the '&' is literal). *was_amp tells
 * whether it decoded to '&'. */
static size_t decode_body(struct emitter *em, const char *s, size_t len, size_t j, bool *was_amp)
{
    *was_amp = false;
    if (j < len && s[j] == '#') {
        j++;
        bool hex = false;
        if (j < len && (s[j] == 'x' || s[j] == 'X')) {
            hex = true;
            j++;
        }
        size_t digits = j;
        uint32_t v = 0;
        bool overflow = false;
        while (j < len) {
            int d = hex_value((unsigned char)s[j], hex);
            if (d < 0) {
                break;
            }
            v = v * (hex ? 16 : 10) + (uint32_t)d;
            if (v > 0x10FFFF) {
                overflow = true;
                v = 0x110000;
            }
            j++;
        }
        if (j == digits) {
            return 0;
        }
        if (j < len && s[j] == ';') {
            j++;
        }
        int32_t cp = (int32_t)v;
        if (overflow || cp == 0) {
            cp = (int32_t)CC_UTF8_REPLACEMENT;
        } else if (cp >= 0x80 && cp <= 0x9F) {
            cp = c1_map[cp - 0x80];
        }
        *was_amp = cp == '&';
        emit_cp(em, cp);
        return j;
    }
    size_t n = 0;
    while (j + n < len && n < ENTITY_NAME_MAX && is_alnum((unsigned char)s[j + n])) {
        n++;
    }
    if (n == 0) {
        return 0;
    }
    const struct entity *e = NULL;
    size_t used = n;
    if (j + n < len && s[j + n] == ';') {
        /* The five XML names (most of what escaped HTML holds) skip the
         * table search. */
        int32_t quick = 0;
        if (n == 3 && memcmp(s + j, "amp", 3) == 0) {
            quick = '&';
        } else if (n == 2 && s[j + 1] == 't' && (s[j] == 'l' || s[j] == 'g')) {
            quick = s[j] == 'l' ? '<' : '>';
        } else if (n == 4 && memcmp(s + j, "quot", 4) == 0) {
            quick = '"';
        } else if (n == 4 && memcmp(s + j, "apos", 4) == 0) {
            quick = '\'';
        }
        if (quick) {
            *was_amp = quick == '&';
            emit_cp(em, quick);
            return j + n + 1;
        }
        e = entity_lookup(s + j, n);
    }
    if (e) {
        used = n + 1;
    } else {
        /* HTML5: the Latin-1 legacy names also work without ';', and the
         * longest one that prefixes the run wins ("&copy2024"). */
        for (size_t k = CC_MIN(n, (size_t)LEGACY_NAME_MAX); k >= 2 && !e; k--) {
            const struct entity *c = entity_lookup(s + j, k);
            if (c && (c->flags & ENTITY_LEGACY)) {
                e = c;
                used = k;
            }
        }
    }
    if (!e) {
        return 0;
    }
    *was_amp = e->cp1 == '&';
    emit_cp(em, (int32_t)e->cp1);
    if (e->cp2) {
        emit_cp(em, (int32_t)e->cp2);
    }
    return j + used;
}

/* After "&amp;" (CC_HTML_DOUBLE_ESCAPED): true when s[i..] is a complete
 * reference ending in ';', so "&amp;#039;" and "&amp;quot;" decode fully
 * but "&amp;co" stays. */
static bool complete_ref_at(const char *s, size_t len, size_t i)
{
    size_t j = i;
    if (j < len && s[j] == '#') {
        j++;
        bool hex = j < len && (s[j] == 'x' || s[j] == 'X');
        if (hex) {
            j++;
        }
        size_t d = j;
        while (j < len && j - d < 8 && hex_value((unsigned char)s[j], hex) >= 0) {
            j++;
        }
        return j > d && j < len && s[j] == ';';
    }
    while (j < len && j - i < ENTITY_NAME_MAX && is_alnum((unsigned char)s[j])) {
        j++;
    }
    return j > i && j < len && s[j] == ';' && entity_lookup(s + i, j - i);
}

/* Reads a tag name at s[i..] into name (lowercased, cut to TAG_NAME_MAX-1;
 * *cut set when longer); returns the index after it. */
static size_t read_tag_name(const char *s, size_t len, size_t i, char name[TAG_NAME_MAX], bool *cut,
                            size_t *name_len)
{
    size_t n = 0;
    *cut = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) || c == '/' || c == '>' || c == '<' || c == 0) {
            break;
        }
        if (n < TAG_NAME_MAX - 1) {
            name[n++] = (char)lower(c);
        } else {
            *cut = true;
        }
        i++;
    }
    name[n] = '\0';
    *name_len = n;
    return i;
}

/* Skips the attributes of a tag from s[i] to just after its '>'. Quoted
 * attribute values may hold '>'. When the tag never closes, returns len
 * (the rest is an unfinished tag: dropped, as browsers do). */
static size_t skip_attributes(const char *s, size_t len, size_t i)
{
    size_t start = i;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '>') {
            return i + 1;
        }
        if (c == '=') {
            i++;
            while (i < len && is_space((unsigned char)s[i])) {
                i++;
            }
            if (i < len && (s[i] == '"' || s[i] == '\'')) {
                const char *q = memchr(s + i + 1, s[i], len - i - 1);
                if (!q) {
                    /* An unclosed quote: fall back to the first '>'. */
                    const char *gt = memchr(s + start, '>', len - start);
                    return gt ? (size_t)(gt - s) + 1 : len;
                }
                i = (size_t)(q - s) + 1;
            }
            continue;
        }
        i++;
    }
    return len;
}

/* Finds the end of a raw-text element (script, style) that starts at
 * s[i]: the index after "</name ...>", or len. */
static size_t skip_raw_text(const char *s, size_t len, size_t i, const char *name)
{
    size_t nlen = strlen(name);
    while (i + 2 + nlen <= len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt) {
            return len;
        }
        i = (size_t)(lt - s);
        if (i + 2 + nlen <= len && s[i + 1] == '/') {
            bool match = true;
            for (size_t k = 0; k < nlen && match; k++) {
                match = lower((unsigned char)s[i + 2 + k]) == (unsigned char)name[k];
            }
            size_t after = i + 2 + nlen;
            if (match && (after == len || is_space((unsigned char)s[after]) || s[after] == '>' ||
                          s[after] == '/')) {
                const char *gt = memchr(s + after, '>', len - after);
                return gt ? (size_t)(gt - s) + 1 : len;
            }
        }
        i++;
    }
    return len;
}

static size_t find_seq(const char *s, size_t len, size_t i, const char *seq)
{
    size_t n = strlen(seq);
    while (i + n <= len) {
        const char *p = memchr(s + i, seq[0], len - i);
        if (!p) {
            return len;
        }
        i = (size_t)(p - s);
        if (i + n <= len && memcmp(s + i, seq, n) == 0) {
            return i;
        }
        i++;
    }
    return len;
}

/* Handles markup starting at s[i] == '<'. Returns the index after it, or
 * i when the '<' is literal text. */
static size_t handle_markup(struct emitter *em, const char *s, size_t len, size_t i)
{
    if (i + 1 >= len) {
        return i;
    }
    unsigned char c = (unsigned char)s[i + 1];
    if (is_alpha(c)) {
        char name[TAG_NAME_MAX];
        bool cut;
        size_t nlen;
        size_t j = read_tag_name(s, len, i + 1, name, &cut, &nlen);
        size_t end = skip_attributes(s, len, j);
        if (!cut && (name[0] == 's' || name[0] == 'a') &&
            in_set(name, raw_tags, CC_ARRAY_LEN(raw_tags))) {
            bool self_closing = end >= 2 && end <= len && s[end - 1] == '>' && s[end - 2] == '/';
            if (!self_closing) {
                end = skip_raw_text(s, len, end, name);
            }
        } else if (!cut && is_block_tag(name, nlen)) {
            em->pending = true;
        }
        return end;
    }
    if (c == '/') {
        if (i + 2 < len && is_alpha((unsigned char)s[i + 2])) {
            char name[TAG_NAME_MAX];
            bool cut;
            size_t nlen;
            size_t j = read_tag_name(s, len, i + 2, name, &cut, &nlen);
            const char *gt = memchr(s + j, '>', len - j);
            if (!cut && is_block_tag(name, nlen)) {
                em->pending = true;
            }
            return gt ? (size_t)(gt - s) + 1 : len;
        }
        if (i + 2 < len && s[i + 2] == '>') {
            return i + 3;
        }
        return i;
    }
    if (c == '!') {
        if (len - i >= 4 && s[i + 2] == '-' && s[i + 3] == '-') {
            /* A comment ends at "-->"; one that never does ends at the
             * first '>' (feed readers' SGML-style reading, so that a
             * stray "<!-- x >" does not swallow the rest). */
            size_t e = find_seq(s, len, i + 4, "-->");
            if (e < len) {
                return e + 3;
            }
            const char *gt = memchr(s + i + 4, '>', len - i - 4);
            return gt ? (size_t)(gt - s) + 1 : len;
        }
        if (len - i >= 9 && memcmp(s + i + 2, "[CDATA[", 7) == 0) {
            /* A CDATA section inside escaped HTML (a feed that wrapped its
             * text twice): drop the markers, keep the content. Without an
             * end marker it is literal text. */
            size_t e = find_seq(s, len, i + 9, "]]>");
            if (e < len) {
                em->cdata_open++;
                return i + 9;
            }
            return i;
        }
        if (len - i >= 3 && s[i + 2] == ']') {
            return i;
        }
        /* "<!DOCTYPE ...>"; without a '>' it is text ("<!DOCTYPE" in a
         * description about HTML). */
        const char *gt = memchr(s + i + 2, '>', len - i - 2);
        return gt ? (size_t)(gt - s) + 1 : i;
    }
    if (c == '?') {
        const char *gt = memchr(s + i + 2, '>', len - i - 2);
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    return i;
}

/* NFC quick check. Normalising every field with utf8proc costs more than
 * parsing the XML (bench/parse.sh), and almost all text is already NFC. A
 * code point is "unsafe" when NFC could change text containing it: a
 * non-zero combining class, a character that composes with what precedes
 * it (the later parts of canonical decompositions, Hangul V/T jamo), or one
 * that NFC replaces (singletons, composition exclusions). Text without
 * unsafe code points is NFC as it is (UAX #15, "quick check"). The table
 * covers planes 0-2; anything above is treated as unsafe. */
#define NFC_TABLE_LIMIT 0x30000
static unsigned char nfc_unsafe[NFC_TABLE_LIMIT / 8];
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;

static void nfc_mark(int32_t cp)
{
    if (cp >= 0 && cp < NFC_TABLE_LIMIT) {
        nfc_unsafe[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    }
}

/* Ranges the table build skips (start, end inclusive): ideographs (CJK
 * Unified Ideographs and their extensions A-F in planes 0 and 2), Hangul
 * syllables (decomposed by rule, NFC as they are), surrogates and the
 * private use area. None has a combining class or a canonical
 * decomposition, or ever will (Unicode's stability policy; new ideographs
 * get neither), and they are over half of planes 0-2: the build ran once
 * per process and cost more than parsing a small feed (bench/parse.sh). */
static const int32_t nfc_skip[][2] = {
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xD800, 0xF8FF}, {0x20000, 0x2F7FF},
};

static void nfc_table_init(void)
{
    size_t skip = 0;
    for (int32_t cp = 0; cp < NFC_TABLE_LIMIT; cp++) {
        if (skip < CC_ARRAY_LEN(nfc_skip) && cp == nfc_skip[skip][0]) {
            cp = nfc_skip[skip][1];
            skip++;
            continue;
        }
        const utf8proc_property_t *pr = utf8proc_get_property(cp);
        if (pr->combining_class != 0) {
            nfc_mark(cp);
            continue;
        }
        if (pr->decomp_seqindex == UINT16_MAX || pr->decomp_type != 0) {
            continue; /* no canonical decomposition */
        }
        utf8proc_int32_t d[16];
        int boundclass = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, (utf8proc_ssize_t)CC_ARRAY_LEN(d),
                                                     UTF8PROC_DECOMPOSE, &boundclass);
        if (n <= 0 || n > (utf8proc_ssize_t)CC_ARRAY_LEN(d)) {
            nfc_mark(cp);
            continue;
        }
        for (utf8proc_ssize_t k = 1; k < n; k++) {
            nfc_mark(d[k]);
        }
        utf8proc_ssize_t m = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (m != 1 || d[0] != cp) {
            nfc_mark(cp);
        }
    }
    for (int32_t cp = 0x1161; cp <= 0x1175; cp++) {
        nfc_mark(cp);
    }
    for (int32_t cp = 0x11A8; cp <= 0x11C2; cp++) {
        nfc_mark(cp);
    }
}

/* The Unicode part of the job, only for text with non-ASCII bytes:
 * repair, collapse Unicode spaces, NFC. Rewrites out[start..]. */

/* Length of the Unicode space (other than U+0020) encoded at s[i], or 0:
 * U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000. Matched on bytes, so the scan costs nothing for other text. */
static size_t unicode_space_at(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    if (c == 0xC2) {
        return (i + 1 < len && (s[i + 1] == 0x85 || s[i + 1] == 0xA0)) ? 2 : 0;
    }
    if (i + 2 >= len) {
        return 0;
    }
    unsigned char d = s[i + 1];
    unsigned char e = s[i + 2];
    if (c == 0xE1) {
        return (d == 0x9A && e == 0x80) ? 3 : 0;
    }
    if (c == 0xE2) {
        if (d == 0x80 && (e <= 0x8A || e == 0xA8 || e == 0xA9 || e == 0xAF)) {
            return 3;
        }
        return (d == 0x81 && e == 0x9F) ? 3 : 0;
    }
    if (c == 0xE3) {
        return (d == 0x80 && e == 0x80) ? 3 : 0;
    }
    return 0;
}

/* The Unicode part of the job, only for text with non-ASCII bytes:
 * repair, collapse Unicode spaces, NFC. Rewrites out[start..]. */
/* The table must have been built (pthread_once) by the caller. */
static bool nfc_unsafe_cp(int32_t cp)
{
    return cp >= NFC_TABLE_LIMIT || (nfc_unsafe[cp >> 3] & (1u << (cp & 7)));
}

/* One pass over text with non-ASCII bytes: false when it is not valid
 * UTF-8 (or holds NUL); else tells whether it holds a Unicode space and
 * whether it may not be NFC. */
static bool scan_unicode(const char *s, size_t len, bool *space, bool *maybe_not_nfc)
{
    const unsigned char *u = (const unsigned char *)s;
    *space = false;
    *maybe_not_nfc = false;
    bool table = false;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        if (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            if (!(_mm_movemask_epi8(v) |
                  _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())))) {
                i += 16;
                continue;
            }
        }
#endif
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            uint64_t zero = (w - UINT64_C(0x0101010101010101)) & ~w;
            if (!((w | zero) & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        if (u[i] < 0x80) {
            if (u[i] == 0) {
                return false;
            }
            i++;
            continue;
        }
        int32_t cp;
        size_t n;
        if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            /* two-byte sequences (Latin, Greek, Cyrillic ...) inline */
            cp = ((int32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
            n = 2;
        } else {
            n = cc_utf8_decode(&cp, s + i, len - i);
            if (cp < 0) {
                return false;
            }
        }
        if (!*space &&
            (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
             cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000)) {
            *space = true;
        }
        /* Below U+0300 nothing is NFC-unsafe; nor is U+2002-U+20CF
         * (dashes, quotes, bullets, ellipsis, currency signs: the usual
         * non-ASCII of English text): no table for them, so most feeds
         * never build it (it costs about a millisecond). U+2000 and
         * U+2001 are singletons; U+20D0 starts the combining marks for
         * symbols. */
        if (!*maybe_not_nfc && cp >= 0x300 && (cp < 0x2002 || cp >= 0x20D0)) {
            if (!table) {
                pthread_once(&nfc_once, nfc_table_init);
                table = true;
            }
            *maybe_not_nfc = nfc_unsafe_cp(cp);
        }
        i += n;
    }
    return true;
}

/* The Unicode part of the job, only for text with non-ASCII bytes:
 * repair, collapse Unicode spaces, NFC. Rewrites out[start..]. */
static int finish_unicode(struct cc_buf *out, size_t start, unsigned flags)
{
    const char *s = out->buf + start;
    size_t len = out->len - start;
    struct cc_buf a = CC_BUF_INIT;
    struct cc_buf b = CC_BUF_INIT;
    int rc = 0;
    bool has_space;
    bool needs_nfc;
    if (!scan_unicode(s, len, &has_space, &needs_nfc)) {
        rc = cc_utf8_repair(&a, s, len, NULL);
        if (rc) {
            goto out;
        }
        s = a.buf;
        len = a.len;
        scan_unicode(s, len, &has_space, &needs_nfc);
    }
    const unsigned char *u = (const unsigned char *)s;
    if (has_space) {
        /* Each Unicode space joins the spaces around it into one ' '. */
        rc = cc_buf_grow(&b, len);
        size_t i = 0;
        size_t run = 0;
        while (rc == 0 && i < len) {
            size_t n = u[i] >= 0xC2 ? unicode_space_at(u, len, i) : 0;
            if (n == 0) {
                i++;
                continue;
            }
            size_t end = i;
            while (end > run && s[end - 1] == ' ') {
                end--;
            }
            rc = cc_buf_put(&b, s + run, end - run);
            i += n;
            while (i < len && (s[i] == ' ' || (u[i] >= 0xC2 && unicode_space_at(u, len, i)))) {
                i += s[i] == ' ' ? 1 : unicode_space_at(u, len, i);
            }
            bool keep =
                (b.len > 0 || (flags & CC_HTML_NO_TRIM)) && (i < len || (flags & CC_HTML_NO_TRIM));
            if (rc == 0 && keep) {
                rc = cc_buf_put(&b, " ", 1);
            }
            run = i;
        }
        if (rc == 0) {
            rc = cc_buf_put(&b, s + run, len - run);
        }
        if (rc) {
            goto out;
        }
        cc_buf_release(&a);
        a = b;
        cc_buf_init(&b, 0);
        s = a.buf;
        len = a.len;
    }
    if (needs_nfc) {
        rc = cc_utf8_nfc(&b, s, len);
        if (rc) {
            goto out;
        }
        s = b.buf;
        len = b.len;
    }
    if (s != out->buf + start) {
        cc_buf_truncate(out, start);
        rc = cc_buf_add(out, s, len);
    }
out:
    cc_buf_release(&a);
    cc_buf_release(&b);
    return rc;
}

/* Decodes the reference at s[i] == '&' (and, with
 * CC_HTML_DOUBLE_ESCAPED, a second level behind "&amp;"). Returns the
 * index after what was consumed, or i when the '&' is literal. */
static size_t handle_ref(struct emitter *em, const char *s, size_t len, size_t i)
{
    bool was_amp;
    size_t k = decode_body(em, s, len, i + 1, &was_amp);
    if (k == 0) {
        return i;
    }
    if (was_amp && (em->flags & CC_HTML_DOUBLE_ESCAPED) && complete_ref_at(s, len, k) &&
        em->rc == 0) {
        /* Take back the '&' just written and decode the inner reference. */
        cc_buf_truncate(em->out, em->out->len - 1);
        size_t k2 = decode_body(em, s, len, k, &was_amp);
        if (k2 == 0) {
            emit(em, "&", 1);
        } else {
            k = k2;
        }
    }
    return k;
}

/* 0x80 in each byte of w that is zero, exactly (no borrow from the byte
 * below, unlike the shorter haszero trick). */
static uint64_t zero_bytes(uint64_t w)
{
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    return ~(((w & low7) + low7) | w | low7);
}

/* Nonzero when the eight bytes of w hold a byte the main loop must look at:
 * a control character, DEL, and (unless plain) '<', '&' or ']'. Exact in
 * the "none" direction (the usual haszero trick: a borrow only follows a
 * real match), which is all the fast path needs. */
static uint64_t swar_special(uint64_t w, bool plain)
{
    const uint64_t ones = UINT64_C(0x0101010101010101);
    const uint64_t high = UINT64_C(0x8080808080808080);
    uint64_t hit = (w - ones * 0x20) & ~w;
    uint64_t x = w ^ (ones * 0x7F);
    hit |= (x - ones) & ~x;
    if (!plain) {
        x = w ^ (ones * '<');
        hit |= (x - ones) & ~x;
        x = w ^ (ones * '&');
        hit |= (x - ones) & ~x;
        x = w ^ (ones * ']');
        hit |= (x - ones) & ~x;
    }
    return hit & high;
}

/* Collapses runs of ' ' in out[start..] to one and drops a leading one
 * (runs copied as they are may hold "  "). */
static void collapse_spaces(struct cc_buf *out, size_t start, unsigned flags)
{
    char *p = out->buf + start;
    size_t n = out->len - start;
    size_t w = 0;
    for (size_t r = 0; r < n; r++) {
        if (p[r] == ' ' && ((w == 0 && !(flags & CC_HTML_NO_TRIM)) || (w > 0 && p[w - 1] == ' '))) {
            continue;
        }
        p[w++] = p[r];
    }
    cc_buf_truncate(out, start + w);
}

static int run(struct cc_buf *out, const char *s, size_t len, unsigned flags)
{
    struct emitter em = {out, out->len, false, false, flags, 0, 0, false};
    bool plain = (flags & CC_HTML_PLAIN) != 0;
    const unsigned char *u = (const unsigned char *)s;
    /* The text is rarely longer than its source; one allocation up front
     * keeps the appends below cheap. */
    em.rc = cc_buf_grow(out, len + 8);
    size_t i = 0;
    uint64_t acc = 0; /* OR of the bytes copied: bit 7 set = non-ASCII */
    while (i < len && em.rc == 0) {
        size_t j = i;
        unsigned char cls = BC_TEXT;
        bool found = false;
        bool prev_space = false; /* the byte before j is a space */
        while (!found && j < len) {
#ifdef __SSE2__
            /* Sixteen ordinary bytes at a time, the same tests as the
             * eight-byte loop below (which takes over at the first word
             * holding a byte to look at). */
            while (len - j >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + j));
                __m128i k1f = _mm_set1_epi8(0x1F);
                __m128i hit = _mm_cmpeq_epi8(_mm_max_epu8(v, k1f), k1f);
                hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
                if (!plain) {
                    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
                    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
                    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(']')));
                }
                if (_mm_movemask_epi8(hit)) {
                    break;
                }
                unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
                if ((sp & (sp >> 1)) || (prev_space && (sp & 1u))) {
                    em.doubled = true;
                }
                prev_space = (sp >> 15) != 0;
                if (_mm_movemask_epi8(v)) {
                    acc |= 0x80;
                }
                j += 16;
            }
#endif
            /* Eight ordinary bytes at a time: most text has a tag or a
             * line break every few dozen bytes, spaces are ordinary (but
             * two in a row are noted for collapse_spaces). */
            while (len - j >= 8) {
                uint64_t w;
                memcpy(&w, u + j, sizeof(w));
                if (swar_special(w, plain)) {
                    break;
                }
                uint64_t sp = zero_bytes(w ^ (UINT64_C(0x0101010101010101) * ' '));
                if ((sp & (sp >> 8)) || (prev_space && (sp & 0x80))) {
                    em.doubled = true;
                }
                prev_space = (sp >> 63) != 0;
                acc |= w;
                j += 8;
            }
            size_t stop = CC_MIN(len, j + 8);
            while (j < stop) {
                unsigned char c = u[j];
                cls = byte_classes[c];
                if (cls == BC_TEXT || cls == BC_HIGH || cls == BC_BLANK) {
                    if (cls == BC_BLANK) {
                        em.doubled = em.doubled || prev_space;
                        prev_space = true;
                    } else {
                        prev_space = false;
                    }
                    acc |= c;
                    j++;
                    continue;
                }
                prev_space = false;
                if (plain && cls != BC_SPACE) {
                    j++;
                    continue;
                }
                if (cls == BC_BRACKET &&
                    !(em.cdata_open > 0 && len - j >= 3 && s[j + 1] == ']' && s[j + 2] == '>')) {
                    /* a ']' that does not close a CDATA marker we skipped */
                    j++;
                    continue;
                }
                found = true;
                break;
            }
        }
        if (acc & UINT64_C(0x8080808080808080)) {
            em.nonascii = true;
        }
        emit(&em, s + i, j - i);
        if (j >= len) {
            break;
        }
        i = j;
        size_t k;
        switch (cls) {
        case BC_SPACE:
            em.pending = true;
            i++;
            break;
        case BC_LT:
            k = handle_markup(&em, s, len, i);
            if (k == i) {
                emit(&em, "<", 1);
                k = i + 1;
            }
            i = k;
            break;
        case BC_AMP:
            k = handle_ref(&em, s, len, i);
            if (k == i) {
                emit(&em, "&", 1);
                k = i + 1;
            }
            i = k;
            break;
        default: /* BC_BRACKET */
            em.cdata_open--;
            i += 3;
            break;
        }
    }
    if (em.rc == 0 && em.pending && (flags & CC_HTML_NO_TRIM) &&
        (out->len == em.start || out->buf[out->len - 1] != ' ')) {
        em.rc = cc_buf_addch(out, ' ');
    }
    if (em.rc == 0 && em.doubled) {
        collapse_spaces(out, em.start, flags);
    }
    if (em.rc == 0 && !(flags & CC_HTML_NO_TRIM)) {
        /* A run may end in the single space that preceded markup. */
        size_t end = out->len;
        while (end > em.start && out->buf[end - 1] == ' ') {
            end--;
        }
        cc_buf_truncate(out, end);
    }
    if (em.rc == 0 && em.nonascii) {
        em.rc = finish_unicode(out, em.start, flags);
    }
    return em.rc;
}

int cc_html_to_text(struct cc_buf *out, const char *s, size_t len, unsigned flags)
{
    return run(out, s, len, flags);
}

int cc_html_decode_entities(struct cc_buf *out, const char *s, size_t len, unsigned flags)
{
    struct cc_buf tmp = CC_BUF_INIT;
    struct emitter em = {&tmp, 0, false, false, flags | CC_HTML_NO_TRIM, 0, 0, false};
    size_t i = 0;
    while (em.rc == 0 && i < len) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t j = amp ? (size_t)(amp - s) : len;
        em.rc = cc_buf_add(&tmp, s + i, j - i);
        if (em.rc || j >= len) {
            break;
        }
        size_t k = handle_ref(&em, s, len, j);
        if (k == j) {
            emit(&em, "&", 1);
            k = j + 1;
        }
        if (em.pending && em.rc == 0) {
            /* A reference to a space or a control character. */
            em.rc = cc_buf_addch(&tmp, ' ');
            em.pending = false;
        }
        i = k;
    }
    int rc = em.rc;
    if (rc == 0) {
        size_t start = out->len;
        rc = cc_utf8_repair(out, tmp.buf, tmp.len, NULL);
        if (rc) {
            cc_buf_truncate(out, start);
        }
    }
    cc_buf_release(&tmp);
    return rc;
}

bool cc_html_looks_like_html(const char *s, size_t len)
{
    bool has_close_or_ref = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<') {
            size_t j = i + 1;
            bool closing = j < len && s[j] == '/';
            if (closing) {
                j++;
            }
            size_t n = 0;
            char name[TAG_NAME_MAX];
            bool too_long = false;
            while (j < len &&
                   (is_alnum((unsigned char)s[j]) || s[j] == '_' || (unsigned char)s[j] >= 0x80)) {
                if (n < TAG_NAME_MAX - 1) {
                    name[n++] = (char)lower((unsigned char)s[j]);
                } else {
                    too_long = true;
                }
                j++;
            }
            name[n] = '\0';
            if (n == 0) {
                continue;
            }
            if (too_long || !in_set(name, acceptable_tags, CC_ARRAY_LEN(acceptable_tags))) {
                return false;
            }
            if (closing && j < len && s[j] == '>') {
                has_close_or_ref = true;
            }
        } else if (c == '&') {
            size_t j = i + 1;
            bool numeric = j < len && s[j] == '#';
            if (numeric) {
                j++;
            }
            size_t st = j;
            while (j < len && (is_alnum((unsigned char)s[j]) || s[j] == '_')) {
                j++;
            }
            if (j == st || j >= len || s[j] != ';') {
                continue;
            }
            has_close_or_ref = true;
            if (!numeric) {
                const struct entity *e = entity_lookup(s + st, j - st);
                if (!e || !(e->flags & ENTITY_HTML4)) {
                    return false;
                }
            }
        }
    }
    return has_close_or_ref;
}
