#include "core/common.h"

#include <utf8proc.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/utf8.h"
#include "core/banned.h"

size_t cc_utf8_decode(int32_t *cp, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    *cp = -1;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    int32_t v;
    int32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 1;
    }
    if (len < n) {
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        return 1;
    }
    *cp = v;
    return n;
}

size_t cc_utf8_encode_to(char out[4], int32_t cp)
{
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = (int32_t)CC_UTF8_REPLACEMENT;
    }
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int cc_utf8_encode(struct cc_buf *out, int32_t cp)
{
    char tmp[4];
    size_t n = cc_utf8_encode_to(tmp, cp);
    return cc_buf_add(out, tmp, n);
}

bool cc_utf8_is_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c != 0 && c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        if (cp <= 0) {
            return false;
        }
        i += n;
    }
    return true;
}

int cc_utf8_repair(struct cc_buf *out, const char *s, size_t len, size_t *repaired)
{
    size_t bad = 0;
    size_t i = 0;
    size_t run = 0; /* start of the current run of valid bytes */
    int rc = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c != 0 && c < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        if (cp > 0) {
            i += n;
            continue;
        }
        rc = cc_buf_add(out, s + run, i - run);
        if (rc == 0) {
            rc = cc_buf_add(out, "\xEF\xBF\xBD", 3);
        }
        if (rc) {
            return rc;
        }
        bad++;
        i++;
        run = i;
    }
    rc = cc_buf_add(out, s + run, len - run);
    if (repaired) {
        *repaired = bad;
    }
    return rc;
}

/* windows-1252 bytes 0x80-0x9F; 0 marks the five undefined ones, which are
 * mapped to the C1 control of the same value as Latin-1 would. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

int cc_utf8_from_cp1252(struct cc_buf *out, const char *s, size_t len)
{
    int rc = cc_buf_grow(out, len + len / 2);
    for (size_t i = 0; rc == 0 && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            rc = c ? cc_buf_addch(out, (char)c) : cc_utf8_encode(out, (int32_t)CC_UTF8_REPLACEMENT);
        } else if (c < 0xA0) {
            uint16_t m = cp1252_high[c - 0x80];
            rc = cc_utf8_encode(out, m ? m : c);
        } else {
            rc = cc_utf8_encode(out, c);
        }
    }
    return rc;
}

static int map_utf8proc(struct cc_buf *out, const char *s, size_t len, utf8proc_option_t opts)
{
    if (len == 0) {
        return 0;
    }
    /* utf8proc_map wants a ssize_t length and NUL-free input. */
    if (len > (size_t)INT32_MAX) {
        return CC_ETOOBIG;
    }
    utf8proc_uint8_t *res = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &res,
                                      opts);
    if (n < 0) {
        free(res);
        if (n == UTF8PROC_ERROR_NOMEM) {
            return CC_ENOMEM;
        }
        /* Invalid input: fall back to the repaired text as it is. */
        return cc_utf8_repair(out, s, len, NULL);
    }
    int rc = cc_buf_add(out, res, (size_t)n);
    free(res); /* allocated by utf8proc with malloc */
    return rc;
}

/* ASCII fast path: already NFC. */
static bool is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return false;
        }
    }
    return true;
}

int cc_utf8_nfc(struct cc_buf *out, const char *s, size_t len)
{
    if (is_ascii(s, len)) {
        return cc_buf_add(out, s, len);
    }
    return map_utf8proc(out, s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

int cc_utf8_casefold(struct cc_buf *out, const char *s, size_t len)
{
    if (is_ascii(s, len)) {
        int rc = cc_buf_grow(out, len);
        for (size_t i = 0; rc == 0 && i < len; i++) {
            char c = s[i];
            out->buf[out->len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        if (rc == 0) {
            out->buf[out->len] = '\0';
        }
        return rc;
    }
    return map_utf8proc(out, s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

/* The replacement for a typographic code point, or NULL to keep it. */
static const char *typo_fold(int32_t cp)
{
    switch (cp) {
    case 0x2018: /* left single quote */
    case 0x2019: /* right single quote */
    case 0x201A: /* low single quote */
    case 0x201B:
    case 0x2032: /* prime */
    case 0x02BC: /* modifier apostrophe */
    case 0x00B4: /* acute accent used as apostrophe */
    case 0x0060:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        return "-";
    case 0x2026:
        return "...";
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero width space */
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
        return "";
    case 0x00A0:
    case 0x2000:
    case 0x2001:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return " ";
    default:
        return NULL;
    }
}

int cc_utf8_fold_typography(struct cc_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    size_t run = 0;
    int rc = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && c != '`') {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        const char *rep = cp >= 0 ? typo_fold(cp) : NULL;
        if (rep) {
            rc = cc_buf_add(out, s + run, i - run);
            if (rc == 0) {
                rc = cc_buf_adds(out, rep);
            }
            if (rc) {
                return rc;
            }
            run = i + n;
        }
        i += n;
    }
    return cc_buf_add(out, s + run, len - run);
}

static int cp_width(int32_t cp)
{
    if (cp < 0) {
        return 1;
    }
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

size_t cc_utf8_width(const char *s, size_t len)
{
    size_t w = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        w += (size_t)cp_width(cp);
        i += n;
    }
    return w;
}

size_t cc_utf8_prefix_for_width(const char *s, size_t len, size_t width, size_t *used)
{
    size_t w = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        size_t cw = (size_t)cp_width(cp);
        if (w + cw > width) {
            break;
        }
        w += cw;
        i += n;
    }
    if (used) {
        *used = w;
    }
    return i;
}

bool cc_utf8_is_letter(int32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC;
}

bool cc_utf8_is_digit(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= '0' && cp <= '9';
    }
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool cc_utf8_is_upper(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z';
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool cc_utf8_is_space(int32_t cp)
{
    if (cp < 0x80) {
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
           cp == 0x85;
}

int32_t cc_utf8_tolower(int32_t cp)
{
    if (cp < 0x80) {
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    }
    if (cp < 0 || cp > 0x10FFFF) {
        return cp;
    }
    return utf8proc_tolower(cp);
}
