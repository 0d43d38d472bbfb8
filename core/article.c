#include "core/common.h"

#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: 16-byte scans in decode_text */
#endif

#include "core/alloc.h"
#include "core/article.h"
#include "core/article_int.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/num.h"
#include "core/sentences.h"
#include "core/utf8.h"
#include "fetchers/charset.h"
#include "fetchers/readable.h"
#include "core/banned.h"

#define READ_CHUNK 65536
#define MD_SNIFF_BYTES 65536 /* Markdown signals are counted in the first 64 KiB */
#define MD_SIGNALS 2         /* this many signals make a text Markdown */
#define MD_INLINE_DEPTH 4    /* links inside links inside ... are cut here */
#define MD_TAG_MAX 200       /* an inline HTML tag closes within this many bytes */

void cc_article_options_init(struct cc_article_options *opts)
{
    opts->max_bytes = CC_ARTICLE_MAX_BYTES;
    opts->date = CC_TIME_NONE;
    opts->format = CC_ARTICLE_DETECT;
}

const char *cc_article_format_name(int format)
{
    switch (format) {
    case CC_ARTICLE_MARKDOWN:
        return "markdown";
    case CC_ARTICLE_HTML:
        return "html";
    default:
        return "text";
    }
}

void cc_article_free(struct cc_article *a)
{
    if (!a) {
        return;
    }
    cc_free(a->source);
    cc_free(a->url);
    cc_free(a->title);
    cc_buf_release(&a->text);
    cc_block_list_release(&a->blocks);
    for (size_t i = 0; i < a->nlinks; i++) {
        cc_free(a->links[i].url);
    }
    cc_free(a->links);
    cc_free(a->date_source);
    cc_free(a->outlet);
    cc_free(a->site_name);
    cc_free(a);
}

int cc_article_parse_date(int64_t *out, const char *text, struct cc_error *err)
{
    struct cc_tm tm = {0, 0, 0, 0, 0, 0};
    size_t n = strlen(text);
    int64_t y = 0;
    int m = 0;
    int d = 0;
    bool ok = (n == 10 || n == 20) && text[4] == '-' && text[7] == '-' &&
              cc_parse_int64(&y, text, 4, 1, 9999) == 0;
    if (ok) {
        int64_t v;
        ok = cc_parse_int64(&v, text + 5, 2, 1, 12) == 0;
        m = (int)v;
        ok = ok && cc_parse_int64(&v, text + 8, 2, 1, 31) == 0;
        d = (int)v;
    }
    if (ok && n == 20) {
        int64_t hh;
        int64_t mm;
        int64_t ss;
        ok = text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z' &&
             cc_parse_int64(&hh, text + 11, 2, 0, 23) == 0 &&
             cc_parse_int64(&mm, text + 14, 2, 0, 59) == 0 &&
             cc_parse_int64(&ss, text + 17, 2, 0, 59) == 0;
        if (ok) {
            tm.hour = (int)hh;
            tm.min = (int)mm;
            tm.sec = (int)ss;
        }
    }
    if (ok) {
        ok = d <= cc_days_in_month(y, m);
    }
    tm.year = y;
    tm.mon = m;
    tm.mday = d;
    if (!ok || cc_time_from_tm(out, &tm) != 0) {
        char q[96];
        cc_error_quote(q, sizeof(q), text, n);
        return cc_error_set(err, CC_EINVAL, NULL, "invalid date '%s' (want YYYY-MM-DD)", q);
    }
    return 0;
}

/* ---- shared building helpers -------------------------------------------------- */

int cc_article__set_string(char **field, const char *s, size_t len, struct cc_error *err)
{
    char *copy = NULL;
    if (s) {
        copy = cc_strndup(s, len);
        if (!copy) {
            return cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
        }
    }
    cc_free(*field);
    *field = copy;
    return 0;
}

int cc_article__add_link(struct cc_article *a, size_t start, size_t end, const char *url,
                         size_t len, struct cc_error *err)
{
    if (a->nlinks == a->links_alloc) {
        if (cc_array_grow((void **)&a->links, &a->links_alloc, a->nlinks + 1, sizeof(*a->links))) {
            return cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
        }
    }
    char *copy = cc_strndup(url, len);
    if (!copy) {
        return cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
    }
    a->links[a->nlinks].start = start;
    a->links[a->nlinks].end = end;
    a->links[a->nlinks].url = copy;
    a->nlinks++;
    return 0;
}

/* Starts a block: a blank line after the previous one. Returns its offset. */
static int begin_block(struct cc_article *a, size_t *start)
{
    int rc = 0;
    if (a->text.len > 0) {
        rc = cc_buf_add(&a->text, "\n\n", 2);
    }
    *start = a->text.len;
    return rc;
}

/* Ends a block begun at start: trims it and records it, or takes back the
 * separator when it came out empty (links inside it are dropped too). */
static int end_block(struct cc_article *a, size_t start, int kind, int level)
{
    while (a->text.len > start &&
           (a->text.buf[a->text.len - 1] == ' ' || a->text.buf[a->text.len - 1] == '\n')) {
        a->text.len--;
    }
    a->text.buf[a->text.len] = '\0';
    if (a->text.len == start) {
        size_t back = start >= 2 ? start - 2 : 0;
        cc_buf_truncate(&a->text, back);
        while (a->nlinks > 0 && a->links[a->nlinks - 1].start >= back) {
            a->nlinks--;
            cc_free(a->links[a->nlinks].url);
        }
        return 0;
    }
    return cc_block_list_add(&a->blocks, start, a->text.len, kind, level);
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends s[0..len) (valid UTF-8) with controls and white-space runs made
 * single spaces, no space at the very start of the block (start). */
static int add_collapsed(struct cc_buf *out, size_t start, const char *s, size_t len)
{
    int rc = cc_buf_grow(out, len);
    for (size_t i = 0; rc == 0 && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool sp = is_space_byte((char)c) || c < 0x20 || c == 0x7F;
        if (!sp && c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            /* NBSP stays in the display text; it is folded when matching. */
            sp = false;
        }
        if (sp) {
            if (out->len > start && out->buf[out->len - 1] != ' ') {
                out->buf[out->len++] = ' ';
            }
            continue;
        }
        out->buf[out->len++] = (char)c;
    }
    if (rc == 0) {
        out->buf[out->len] = '\0';
    }
    return rc;
}

int cc_article__add_block(struct cc_article *a, int kind, int level, const char *text, size_t len,
                          size_t *start_out, struct cc_error *err)
{
    struct cc_buf rep = CC_BUF_INIT;
    struct cc_buf nfc = CC_BUF_INIT;
    const char *p = text;
    size_t n = len;
    int rc = 0;
    if (!cc_utf8_is_valid(text, len)) {
        rc = cc_utf8_repair(&rep, text, len, NULL);
        p = rep.buf;
        n = rep.len;
    }
    if (rc == 0) {
        rc = cc_utf8_nfc(&nfc, p, n);
    }
    size_t start = 0;
    if (rc == 0) {
        rc = begin_block(a, &start);
    }
    if (rc == 0) {
        rc = add_collapsed(&a->text, start, nfc.buf, nfc.len);
    }
    if (rc == 0) {
        rc = end_block(a, start, kind, level);
    }
    cc_buf_release(&rep);
    cc_buf_release(&nfc);
    if (start_out) {
        *start_out = start;
    }
    if (rc) {
        return cc_error_set(err, rc, a->source,
                            rc == CC_ETOOBIG ? "article text is too large" : "out of memory");
    }
    return 0;
}

/* ---- format detection ---------------------------------------------------------- */

static bool ascii_prefix_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if (c != prefix[i]) {
            return false;
        }
    }
    return true;
}

static bool has_ext(const char *name, const char *ext)
{
    if (!name) {
        return false;
    }
    size_t n = strlen(name);
    size_t e = strlen(ext);
    return n > e && ascii_prefix_ci(name + n - e, e, ext);
}

static bool is_md_name(const char *name)
{
    return has_ext(name, ".md") || has_ext(name, ".markdown") || has_ext(name, ".mdown") ||
           has_ext(name, ".mkd");
}

/* Counts Markdown signals: ATX headings, inline links, fences, reference
 * definitions, setext underlines, strong emphasis. */
static bool sniff_markdown(const char *s, size_t len)
{
    size_t lim = CC_MIN(len, MD_SNIFF_BYTES);
    int signals = 0;
    size_t i = 0;
    while (i < lim && signals < MD_SIGNALS) {
        size_t e = i;
        while (e < lim && s[e] != '\n') {
            e++;
        }
        size_t a = i;
        while (a < e && (s[a] == ' ' || s[a] == '\t')) {
            a++;
        }
        if (a < e && s[a] == '#') {
            size_t h = a;
            while (h < e && s[h] == '#') {
                h++;
            }
            if (h - a <= 6 && h < e && s[h] == ' ') {
                signals += 2;
            }
        } else if (e - a >= 3 && (memcmp(s + a, "```", 3) == 0 || memcmp(s + a, "===", 3) == 0)) {
            signals += memcmp(s + a, "```", 3) == 0 ? 2 : 1;
        } else if (a < e && s[a] == '[') {
            const char *c = memchr(s + a, ']', e - a);
            if (c && (size_t)(c - s) + 2 < e && c[1] == ':' && c[2] == ' ') {
                signals += 2;
            }
        }
        for (size_t j = a; j + 3 < e; j++) {
            if (s[j] == ']' && s[j + 1] == '(' &&
                (ascii_prefix_ci(s + j + 2, e - j - 2, "http") || s[j + 2] == '/')) {
                signals += 2;
            } else if (s[j] == '*' && s[j + 1] == '*' && s[j + 2] != ' ' && s[j + 2] != '*') {
                const char *c = memchr(s + j + 2, '*', e - j - 2);
                if (c && (size_t)(c - s) + 1 < e && c[1] == '*' && c[-1] != ' ') {
                    signals += 1;
                    j = (size_t)(c - s) + 1;
                }
            }
        }
        i = e + 1;
    }
    return signals >= MD_SIGNALS;
}

/* ---- decoding -------------------------------------------------------------------- */

/* True when NFC cannot change s: every code point is below U+0300 or a
 * common punctuation mark (curly quotes, dashes, ellipsis, euro and rupee
 * signs), none of which composes or has a canonical decomposition. Most
 * English news text passes and skips the utf8proc pass. */
static bool nfc_stable(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        if (len - i >= 16 &&
            !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)))) {
            i += 16;
            continue;
        }
#endif
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        bool ok = (cp >= 0 && cp < 0x300) || (cp >= 0x2010 && cp <= 0x2027) ||
                  (cp >= 0x2030 && cp <= 0x205E) || cp == 0x20AC || cp == 0x20B9 || cp == 0x2122 ||
                  cp == 0xFFFD;
        if (!ok) {
            return false;
        }
        i += n;
    }
    return true;
}

/* Decodes bytes into clean text: UTF-8 (invalid bytes repaired), CRLF and
 * CR made LF, other control characters made spaces, NFC. */
static int decode_text(struct cc_article *a, struct cc_buf *out, const char *bytes, size_t len,
                       struct cc_error *err)
{
    struct cc_buf dec = CC_BUF_INIT;
    struct cc_charset_info info;
    int rc = cc_charset_decode(&dec, &info, bytes, len, NULL, 0, err);
    if (rc) {
        goto out;
    }
    a->repaired = info.repaired;
    /* In place: the text only shrinks. */
    size_t w = 0;
    for (size_t i = 0; i < dec.len; i++) {
#ifdef __SSE2__
        /* Sixteen bytes without a control character or DEL are kept as
         * they are (moved down when a CR was dropped before them). */
        while (dec.len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(dec.buf + i));
            __m128i k1f = _mm_set1_epi8(0x1F);
            __m128i hit = _mm_cmpeq_epi8(_mm_max_epu8(v, k1f), k1f);
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            if (_mm_movemask_epi8(hit)) {
                break;
            }
            if (w != i) {
                _mm_storeu_si128((__m128i *)(void *)(dec.buf + w), v);
            }
            i += 16;
            w += 16;
        }
        if (i >= dec.len) {
            break;
        }
#endif
        unsigned char c = (unsigned char)dec.buf[i];
        if (c == '\r') {
            if (i + 1 < dec.len && dec.buf[i + 1] == '\n') {
                continue;
            }
            c = '\n';
        } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            c = ' ';
        }
        dec.buf[w++] = (char)c;
    }
    cc_buf_truncate(&dec, w);
    if (nfc_stable(dec.buf, dec.len) && out->len == 0) {
        cc_buf_release(out);
        *out = dec;
        cc_buf_init(&dec, 0);
    } else {
        rc = cc_utf8_nfc(out, dec.buf, dec.len);
    }
out:
    cc_buf_release(&dec);
    if (rc) {
        return cc_error_set(err, rc, a->source,
                            rc == CC_ETOOBIG ? "article text is too large" : "out of memory");
    }
    return 0;
}

/* ---- Markdown --------------------------------------------------------------------- */

static bool is_ascii_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static bool is_alnum_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* The index of the bracket closing the one at s[o] (same kind), or len. */
static size_t match_bracket(const char *s, size_t o, size_t len, char open, char close)
{
    int depth = 0;
    for (size_t i = o; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            i++;
            continue;
        }
        if (s[i] == open) {
            depth++;
        } else if (s[i] == close) {
            depth--;
            if (depth == 0) {
                return i;
            }
        }
    }
    return len;
}

static int emit(struct cc_article *a, size_t block, const char *s, size_t n)
{
    return add_collapsed(&a->text, block, s, n);
}

/* Appends the inline Markdown s[0..len) as plain text: emphasis, code and
 * escapes reduced to their text, links to their text (recorded in links[]),
 * images dropped, "[Arabnews.pk]" without a target kept as written. */
static int md_inline(struct cc_article *a, size_t block, const char *s, size_t len, int depth,
                     struct cc_error *err)
{
    size_t i = 0;
    size_t run = 0; /* start of pending literal text */
    int rc = 0;
#define FLUSH()                                                                                    \
    do {                                                                                           \
        if (i > run) {                                                                             \
            rc = emit(a, block, s + run, i - run);                                                 \
            if (rc) {                                                                              \
                goto out;                                                                          \
            }                                                                                      \
        }                                                                                          \
    } while (0)
    while (i < len) {
        char c = s[i];
        if (c == '\\' && i + 1 < len && is_ascii_punct(s[i + 1])) {
            FLUSH();
            run = i + 1;
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t n = 0;
            while (i + n < len && s[i + n] == '`') {
                n++;
            }
            size_t j = i + n;
            size_t close = 0;
            while (j < len) {
                if (s[j] == '`') {
                    size_t m = 0;
                    while (j + m < len && s[j + m] == '`') {
                        m++;
                    }
                    if (m == n) {
                        close = j;
                        break;
                    }
                    j += m;
                } else {
                    j++;
                }
            }
            if (close) {
                FLUSH();
                rc = emit(a, block, s + i + n, close - i - n);
                if (rc) {
                    goto out;
                }
                i = close + n;
                run = i;
                continue;
            }
            i += n;
            continue;
        }
        if ((c == '[' || (c == '!' && i + 1 < len && s[i + 1] == '[')) && depth < MD_INLINE_DEPTH) {
            bool image = c == '!';
            size_t o = image ? i + 1 : i;
            size_t cl = match_bracket(s, o, len, '[', ']');
            if (cl < len && cl + 1 < len && s[cl + 1] == '(') {
                size_t pe = match_bracket(s, cl + 1, len, '(', ')');
                if (pe < len) {
                    FLUSH();
                    if (!image) {
                        size_t start = a->text.len;
                        rc = md_inline(a, block, s + o + 1, cl - o - 1, depth + 1, err);
                        if (rc) {
                            return rc;
                        }
                        size_t us = cl + 2;
                        while (us < pe && s[us] == ' ') {
                            us++;
                        }
                        size_t ue = us;
                        if (ue < pe && s[ue] == '<') {
                            us++;
                            while (ue < pe && s[ue] != '>') {
                                ue++;
                            }
                        } else {
                            while (ue < pe && s[ue] != ' ') {
                                ue++;
                            }
                        }
                        if (ue > us && a->text.len > start) {
                            rc = cc_article__add_link(a, start, a->text.len, s + us, ue - us, err);
                            if (rc) {
                                return rc;
                            }
                        }
                    }
                    i = pe + 1;
                    run = i;
                    continue;
                }
            }
            if (cl < len && cl + 1 < len && s[cl + 1] == '[') {
                size_t re = match_bracket(s, cl + 1, len, '[', ']');
                if (re < len) {
                    FLUSH();
                    if (!image) {
                        rc = md_inline(a, block, s + o + 1, cl - o - 1, depth + 1, err);
                        if (rc) {
                            return rc;
                        }
                    }
                    i = re + 1;
                    run = i;
                    continue;
                }
            }
            i = o + 1;
            continue;
        }
        if (c == '<' && i + 1 < len) {
            size_t lim = CC_MIN(len, i + MD_TAG_MAX);
            size_t j = i + 1;
            while (j < lim && s[j] != '>' && s[j] != '<' && s[j] != '\n') {
                j++;
            }
            if (j < lim && s[j] == '>') {
                bool autolink = ascii_prefix_ci(s + i + 1, j - i - 1, "http://") ||
                                ascii_prefix_ci(s + i + 1, j - i - 1, "https://");
                bool tag = (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
                           (s[i + 1] >= 'A' && s[i + 1] <= 'Z') || s[i + 1] == '/';
                if (autolink) {
                    FLUSH();
                    size_t start = a->text.len;
                    rc = emit(a, block, s + i + 1, j - i - 1);
                    if (rc == 0) {
                        rc = cc_article__add_link(a, start, a->text.len, s + i + 1, j - i - 1, err);
                        if (rc) {
                            return rc;
                        }
                    }
                    if (rc) {
                        goto out;
                    }
                    i = j + 1;
                    run = i;
                    continue;
                }
                if (tag && !memchr(s + i + 1, ' ', 1)) {
                    FLUSH();
                    rc = emit(a, block, " ", 1);
                    if (rc) {
                        goto out;
                    }
                    i = j + 1;
                    run = i;
                    continue;
                }
            }
        }
        if (c == '*' || c == '_' || c == '~') {
            size_t n = 0;
            while (i + n < len && s[i + n] == c && n < 3) {
                n++;
            }
            char prev = i > 0 ? s[i - 1] : ' ';
            char next = i + n < len ? s[i + n] : ' ';
            bool prev_sp = is_space_byte(prev);
            bool next_sp = is_space_byte(next);
            bool delim = !(prev_sp && next_sp) &&
                         ((!next_sp && (prev_sp || is_ascii_punct(prev) || i == 0)) ||
                          (!prev_sp && (next_sp || is_ascii_punct(next) || i + n == len)));
            if (c == '_' && is_alnum_byte(prev) && is_alnum_byte(next)) {
                delim = false; /* snake_case */
            }
            if (c == '*' && is_alnum_byte(prev) && is_alnum_byte(next)) {
                delim = true;
            }
            if (c == '~' && n != 2) {
                delim = false;
            }
            if (delim) {
                FLUSH();
                i += n;
                run = i;
                continue;
            }
            i += n;
            continue;
        }
        i++;
    }
    FLUSH();
out:
#undef FLUSH
    if (rc) {
        return cc_error_set(err, rc, a->source,
                            rc == CC_ETOOBIG ? "article text is too large" : "out of memory");
    }
    return 0;
}

struct md_line {
    const char *p; /* content after the indent */
    size_t len;
    size_t indent;
};

static bool md_is_rule(const struct md_line *l, char *ch)
{
    if (l->len < 3 || !(l->p[0] == '-' || l->p[0] == '*' || l->p[0] == '_' || l->p[0] == '=')) {
        return false;
    }
    size_t n = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (l->p[i] == l->p[0]) {
            n++;
        } else if (l->p[i] != ' ' && l->p[i] != '\t') {
            return false;
        }
    }
    *ch = l->p[0];
    return n >= 3;
}

/* A list marker at the start of the line: its length with the space. */
static size_t md_list_marker(const struct md_line *l)
{
    const char *p = l->p;
    size_t n = l->len;
    if (n >= 2 && (p[0] == '*' || p[0] == '-' || p[0] == '+') && (p[1] == ' ' || p[1] == '\t')) {
        return 2;
    }
    size_t d = 0;
    while (d < n && d < 9 && p[d] >= '0' && p[d] <= '9') {
        d++;
    }
    if (d > 0 && d + 1 < n && (p[d] == '.' || p[d] == ')') &&
        (p[d + 1] == ' ' || p[d + 1] == '\t')) {
        return d + 2;
    }
    return 0;
}

/* Converts the Markdown document s[0..len) into a's blocks. */
static int md_convert(struct cc_article *a, const char *s, size_t len, struct cc_error *err)
{
    bool in_fence = false;
    bool open = false; /* a paragraph or list item is being built */
    int kind = CC_BLOCK_PARAGRAPH;
    size_t start = 0; /* its block offset */
    bool quote = false;
    int rc = 0;
    size_t i = 0;
    while (i <= len && rc == 0) {
        size_t e = i;
        while (e < len && s[e] != '\n') {
            e++;
        }
        struct md_line l;
        size_t a0 = i;
        size_t indent = 0;
        while (a0 < e && (s[a0] == ' ' || s[a0] == '\t')) {
            indent += s[a0] == '\t' ? 4 : 1;
            a0++;
        }
        size_t b0 = e;
        while (b0 > a0 && (s[b0 - 1] == ' ' || s[b0 - 1] == '\t')) {
            b0--;
        }
        l.p = s + a0;
        l.len = b0 - a0;
        l.indent = indent;
        i = e + 1;
        char rule = 0;
        if (l.len >= 3 && (memcmp(l.p, "```", 3) == 0 || memcmp(l.p, "~~~", 3) == 0)) {
            if (open) {
                rc = end_block(a, start, kind, 0);
                open = false;
            }
            in_fence = !in_fence;
            continue;
        }
        if (in_fence) {
            continue;
        }
        if (l.len == 0) {
            if (open) {
                rc = end_block(a, start, kind, 0);
                open = false;
            }
            continue;
        }
        if (l.p[0] == '#') {
            size_t h = 0;
            while (h < l.len && l.p[h] == '#') {
                h++;
            }
            if (h <= 6 && (h == l.len || l.p[h] == ' ' || l.p[h] == '\t')) {
                if (open) {
                    rc = end_block(a, start, kind, 0);
                    open = false;
                }
                size_t cs = h;
                size_t ce = l.len;
                while (ce > cs && (l.p[ce - 1] == '#' || l.p[ce - 1] == ' ')) {
                    ce--;
                }
                size_t hs = 0;
                if (rc == 0) {
                    rc = begin_block(a, &hs);
                }
                if (rc == 0 && ce > cs) {
                    rc = md_inline(a, hs, l.p + cs, ce - cs, 0, err);
                }
                if (rc == 0) {
                    rc = end_block(a, hs, CC_BLOCK_HEADING, (int)h);
                }
                continue;
            }
        }
        if (md_is_rule(&l, &rule)) {
            if (open && kind == CC_BLOCK_PARAGRAPH && !quote && (rule == '=' || rule == '-')) {
                /* Setext heading: the paragraph above is its text. */
                rc = end_block(a, start, CC_BLOCK_HEADING, rule == '=' ? 1 : 2);
                open = false;
                continue;
            }
            if (open) {
                rc = end_block(a, start, kind, 0);
                open = false;
            }
            continue;
        }
        if (l.p[0] == '[' && indent < 4) {
            const char *c = memchr(l.p, ']', l.len);
            if (c && (size_t)(c - l.p) + 1 < l.len && c[1] == ':') {
                /* A reference definition: not text. */
                if (open) {
                    rc = end_block(a, start, kind, 0);
                    open = false;
                }
                continue;
            }
        }
        bool is_quote = l.p[0] == '>';
        if (is_quote) {
            size_t q = 1;
            while (q < l.len && (l.p[q] == ' ' || l.p[q] == '>')) {
                q++;
            }
            l.p += q;
            l.len -= q;
            if (open && !quote) {
                rc = end_block(a, start, kind, 0);
                open = false;
            }
            if (l.len == 0) {
                continue;
            }
        } else if (quote && open) {
            rc = end_block(a, start, kind, 0);
            open = false;
        }
        size_t marker = is_quote ? 0 : md_list_marker(&l);
        if (rc) {
            break;
        }
        if (marker) {
            if (open) {
                rc = end_block(a, start, kind, 0);
                open = false;
            }
            l.p += marker;
            l.len -= marker;
            while (l.len > 0 && (l.p[0] == ' ' || l.p[0] == '\t')) {
                l.p++;
                l.len--;
            }
            kind = CC_BLOCK_LIST_ITEM;
        } else if (!open) {
            kind = CC_BLOCK_PARAGRAPH;
        }
        if (rc) {
            break;
        }
        if (!open) {
            rc = begin_block(a, &start);
            open = true;
            quote = is_quote;
        } else if (rc == 0 && a->text.len > start && a->text.buf[a->text.len - 1] != ' ') {
            rc = cc_buf_addch(&a->text, ' ');
        }
        if (rc == 0) {
            rc = md_inline(a, start, l.p, l.len, 0, err);
        }
    }
    if (rc == 0 && open) {
        rc = end_block(a, start, kind, 0);
    }
    if (rc) {
        if (!cc_error_is_set(err)) {
            cc_error_set(err, rc, a->source, "out of memory");
        }
        return rc;
    }
    return 0;
}

/* ---- entry points ------------------------------------------------------------------ */

static int finish(struct cc_article *a, const struct cc_article_options *opts, struct cc_error *err)
{
    if (opts->date != CC_TIME_NONE) {
        a->date = opts->date;
        int rc = cc_article__set_string(&a->date_source, "option", 6, err);
        if (rc) {
            return rc;
        }
    } else if (a->date == CC_TIME_NONE) {
        cc_free(a->date_source);
        a->date_source = NULL;
    }
    if (!a->title && a->blocks.n > 0 && a->blocks.v[0].kind == CC_BLOCK_HEADING) {
        const struct cc_text_block *b = &a->blocks.v[0];
        return cc_article__set_string(&a->title, a->text.buf + b->start, b->end - b->start, err);
    }
    return 0;
}

int cc_article_parse(struct cc_article **out, const char *bytes, size_t len, const char *name,
                     const struct cc_article_options *opts_in, struct cc_error *err)
{
    struct cc_article_options defaults;
    cc_article_options_init(&defaults);
    const struct cc_article_options *opts = opts_in ? opts_in : &defaults;
    size_t cap = opts->max_bytes ? opts->max_bytes : CC_ARTICLE_MAX_BYTES;
    const char *subject = name ? name : "article";
    *out = NULL;
    if (len > cap) {
        return cc_error_set(err, CC_ETOOBIG, subject,
                            "article is larger than the %zu-byte cap (%zu MiB)", cap,
                            cap / (1024 * 1024));
    }
    struct cc_article *a = cc_calloc(1, sizeof(*a));
    struct cc_buf text = CC_BUF_INIT;
    int rc = 0;
    if (!a) {
        return cc_error_set(err, CC_ENOMEM, subject, "out of memory");
    }
    cc_buf_init(&a->text, 0);
    a->date = CC_TIME_NONE;
    a->bytes = len;
    a->source = cc_strdup(subject);
    if (!a->source) {
        rc = cc_error_set(err, CC_ENOMEM, subject, "out of memory");
        goto fail;
    }
    int format = opts->format;
    if (format == CC_ARTICLE_DETECT) {
        if (cc_readable_is_html(bytes, len)) {
            format = CC_ARTICLE_HTML;
        } else if (is_md_name(name)) {
            format = CC_ARTICLE_MARKDOWN;
        }
    }
    if (format == CC_ARTICLE_HTML) {
        a->format = CC_ARTICLE_HTML;
        rc = cc_article__parse_html(a, bytes, len, NULL, err);
        if (rc) {
            cc_error_subject(err, subject);
            goto fail;
        }
    } else {
        rc = decode_text(a, &text, bytes, len, err);
        if (rc) {
            goto fail;
        }
        if (format == CC_ARTICLE_DETECT) {
            format = sniff_markdown(text.buf, text.len) ? CC_ARTICLE_MARKDOWN : CC_ARTICLE_TEXT;
        }
        a->format = format;
        if (format == CC_ARTICLE_MARKDOWN) {
            rc = md_convert(a, text.buf, text.len, err);
        } else {
            cc_buf_release(&a->text);
            a->text = text;
            cc_buf_init(&text, 0);
            rc = cc_sentences_segment(&a->blocks, a->text.buf, a->text.len, err);
            if (rc) {
                cc_error_subject(err, subject);
            }
        }
        if (rc) {
            goto fail;
        }
    }
    rc = finish(a, opts, err);
    if (rc) {
        goto fail;
    }
    cc_buf_release(&text);
    *out = a;
    return 0;
fail:
    cc_buf_release(&text);
    cc_article_free(a);
    return rc;
}

/* Reads all of f into b (capped at cap bytes: CC_ETOOBIG beyond). */
static int read_all(struct cc_buf *b, FILE *f, size_t cap, const char *subject,
                    struct cc_error *err)
{
    for (;;) {
        int rc = cc_buf_grow(b, READ_CHUNK);
        if (rc) {
            return cc_error_set(err, CC_ENOMEM, subject, "out of memory");
        }
        size_t room = b->alloc - b->len - 1;
        size_t n = fread(b->buf + b->len, 1, room, f);
        b->len += n;
        b->buf[b->len] = '\0';
        if (b->len > cap) {
            return cc_error_set(err, CC_ETOOBIG, subject,
                                "article is larger than the %zu-byte cap (%zu MiB)", cap,
                                cap / (1024 * 1024));
        }
        if (n < room) {
            if (ferror(f)) {
                return cc_error_set(err, CC_EIO, subject, "cannot read: %s", strerror(errno));
            }
            return 0;
        }
    }
}

int cc_article_load(struct cc_article **out, const char *source,
                    const struct cc_article_options *opts_in, struct cc_error *err)
{
    struct cc_article_options defaults;
    cc_article_options_init(&defaults);
    const struct cc_article_options *opts = opts_in ? opts_in : &defaults;
    size_t cap = opts->max_bytes ? opts->max_bytes : CC_ARTICLE_MAX_BYTES;
    *out = NULL;
    if (ascii_prefix_ci(source, strlen(source), "http://") ||
        ascii_prefix_ci(source, strlen(source), "https://")) {
        return cc_article__load_url(out, source, opts, err);
    }
    bool is_stdin = strcmp(source, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(source, "rb");
    if (!f) {
        return cc_error_set(err, CC_EIO, source, "cannot open: %s", strerror(errno));
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = read_all(&b, f, cap, source, err);
    if (!is_stdin) {
        fclose(f);
    }
    if (rc == 0) {
        rc = cc_article_parse(out, b.buf, b.len, source, opts, err);
    }
    cc_buf_release(&b);
    return rc;
}
