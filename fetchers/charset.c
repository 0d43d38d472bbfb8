#include "core/common.h"

#include <iconv.h>

#ifdef __SSE2__
#include <emmintrin.h> /* x86-64 baseline: the 16-byte ASCII skip */
#endif

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"
#include "fetchers/charset.h"
#include "core/banned.h"

/* Labels as in the WHATWG Encoding Standard (section 4.2), plus UTF-32 and
 * a few glibc spellings seen in feeds. Kept sorted by label for bsearch. */
struct label {
    const char *label;
    const char *name;
};

static const struct label labels[] = {
    {"866", "IBM866"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"arabic", "ISO-8859-6"},
    {"ascii", "windows-1252"},
    {"asmo-708", "ISO-8859-6"},
    {"big5", "Big5"},
    {"big5-hkscs", "Big5"},
    {"chinese", "GBK"},
    {"cn-big5", "Big5"},
    {"cp1250", "windows-1250"},
    {"cp1251", "windows-1251"},
    {"cp1252", "windows-1252"},
    {"cp1253", "windows-1253"},
    {"cp1254", "windows-1254"},
    {"cp1255", "windows-1255"},
    {"cp1256", "windows-1256"},
    {"cp1257", "windows-1257"},
    {"cp1258", "windows-1258"},
    {"cp819", "windows-1252"},
    {"cp866", "IBM866"},
    {"cp932", "Shift_JIS"},
    {"cp936", "GBK"},
    {"cp949", "EUC-KR"},
    {"csbig5", "Big5"},
    {"cseuckr", "EUC-KR"},
    {"cseucpkdfmtjapanese", "EUC-JP"},
    {"csgb2312", "GBK"},
    {"csibm866", "IBM866"},
    {"csiso2022jp", "ISO-2022-JP"},
    {"csiso58gb231280", "GBK"},
    {"csiso88596e", "ISO-8859-6"},
    {"csiso88596i", "ISO-8859-6"},
    {"csiso88598e", "ISO-8859-8"},
    {"csiso88598i", "ISO-8859-8"},
    {"csisolatin1", "windows-1252"},
    {"csisolatin2", "ISO-8859-2"},
    {"csisolatin3", "ISO-8859-3"},
    {"csisolatin4", "ISO-8859-4"},
    {"csisolatin5", "windows-1254"},
    {"csisolatin6", "ISO-8859-10"},
    {"csisolatin9", "ISO-8859-15"},
    {"csisolatinarabic", "ISO-8859-6"},
    {"csisolatincyrillic", "ISO-8859-5"},
    {"csisolatingreek", "ISO-8859-7"},
    {"csisolatinhebrew", "ISO-8859-8"},
    {"cskoi8r", "KOI8-R"},
    {"csksc56011987", "EUC-KR"},
    {"csmacintosh", "macintosh"},
    {"csshiftjis", "Shift_JIS"},
    {"csunicode", "UTF-16LE"},
    {"cyrillic", "ISO-8859-5"},
    {"dos-874", "windows-874"},
    {"ecma-114", "ISO-8859-6"},
    {"ecma-118", "ISO-8859-7"},
    {"elot_928", "ISO-8859-7"},
    {"euc-jp", "EUC-JP"},
    {"euc-kr", "EUC-KR"},
    {"gb18030", "gb18030"},
    {"gb2312", "GBK"},
    {"gb_2312", "GBK"},
    {"gb_2312-80", "GBK"},
    {"gbk", "GBK"},
    {"greek", "ISO-8859-7"},
    {"greek8", "ISO-8859-7"},
    {"hebrew", "ISO-8859-8"},
    {"ibm819", "windows-1252"},
    {"ibm866", "IBM866"},
    {"iso-10646-ucs-2", "UTF-16LE"},
    {"iso-10646-ucs-4", "UTF-32LE"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"iso-8859-1", "windows-1252"},
    {"iso-8859-10", "ISO-8859-10"},
    {"iso-8859-11", "windows-874"},
    {"iso-8859-13", "ISO-8859-13"},
    {"iso-8859-14", "ISO-8859-14"},
    {"iso-8859-15", "ISO-8859-15"},
    {"iso-8859-16", "ISO-8859-16"},
    {"iso-8859-2", "ISO-8859-2"},
    {"iso-8859-3", "ISO-8859-3"},
    {"iso-8859-4", "ISO-8859-4"},
    {"iso-8859-5", "ISO-8859-5"},
    {"iso-8859-6", "ISO-8859-6"},
    {"iso-8859-6-e", "ISO-8859-6"},
    {"iso-8859-6-i", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"},
    {"iso-8859-8", "ISO-8859-8"},
    {"iso-8859-8-e", "ISO-8859-8"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"iso-8859-9", "windows-1254"},
    {"iso-ir-100", "windows-1252"},
    {"iso-ir-101", "ISO-8859-2"},
    {"iso-ir-109", "ISO-8859-3"},
    {"iso-ir-110", "ISO-8859-4"},
    {"iso-ir-126", "ISO-8859-7"},
    {"iso-ir-127", "ISO-8859-6"},
    {"iso-ir-138", "ISO-8859-8"},
    {"iso-ir-144", "ISO-8859-5"},
    {"iso-ir-148", "windows-1254"},
    {"iso-ir-149", "EUC-KR"},
    {"iso-ir-157", "ISO-8859-10"},
    {"iso-ir-58", "GBK"},
    {"iso8859-1", "windows-1252"},
    {"iso8859-10", "ISO-8859-10"},
    {"iso8859-11", "windows-874"},
    {"iso8859-13", "ISO-8859-13"},
    {"iso8859-14", "ISO-8859-14"},
    {"iso8859-15", "ISO-8859-15"},
    {"iso8859-2", "ISO-8859-2"},
    {"iso8859-3", "ISO-8859-3"},
    {"iso8859-4", "ISO-8859-4"},
    {"iso8859-5", "ISO-8859-5"},
    {"iso8859-6", "ISO-8859-6"},
    {"iso8859-7", "ISO-8859-7"},
    {"iso8859-8", "ISO-8859-8"},
    {"iso8859-9", "windows-1254"},
    {"iso88591", "windows-1252"},
    {"iso885910", "ISO-8859-10"},
    {"iso885911", "windows-874"},
    {"iso885913", "ISO-8859-13"},
    {"iso885914", "ISO-8859-14"},
    {"iso885915", "ISO-8859-15"},
    {"iso88592", "ISO-8859-2"},
    {"iso88593", "ISO-8859-3"},
    {"iso88594", "ISO-8859-4"},
    {"iso88595", "ISO-8859-5"},
    {"iso88596", "ISO-8859-6"},
    {"iso88597", "ISO-8859-7"},
    {"iso88598", "ISO-8859-8"},
    {"iso88599", "windows-1254"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-15", "ISO-8859-15"},
    {"iso_8859-1:1987", "windows-1252"},
    {"iso_8859-2", "ISO-8859-2"},
    {"iso_8859-2:1987", "ISO-8859-2"},
    {"iso_8859-3", "ISO-8859-3"},
    {"iso_8859-3:1988", "ISO-8859-3"},
    {"iso_8859-4", "ISO-8859-4"},
    {"iso_8859-4:1988", "ISO-8859-4"},
    {"iso_8859-5", "ISO-8859-5"},
    {"iso_8859-5:1988", "ISO-8859-5"},
    {"iso_8859-6", "ISO-8859-6"},
    {"iso_8859-6:1987", "ISO-8859-6"},
    {"iso_8859-7", "ISO-8859-7"},
    {"iso_8859-7:1987", "ISO-8859-7"},
    {"iso_8859-8", "ISO-8859-8"},
    {"iso_8859-8:1988", "ISO-8859-8"},
    {"iso_8859-9", "windows-1254"},
    {"iso_8859-9:1989", "windows-1254"},
    {"koi", "KOI8-R"},
    {"koi8", "KOI8-R"},
    {"koi8-r", "KOI8-R"},
    {"koi8-ru", "KOI8-U"},
    {"koi8-u", "KOI8-U"},
    {"koi8_r", "KOI8-R"},
    {"korean", "EUC-KR"},
    {"ks_c_5601-1987", "EUC-KR"},
    {"ks_c_5601-1989", "EUC-KR"},
    {"ksc5601", "EUC-KR"},
    {"ksc_5601", "EUC-KR"},
    {"l1", "windows-1252"},
    {"l2", "ISO-8859-2"},
    {"l3", "ISO-8859-3"},
    {"l4", "ISO-8859-4"},
    {"l5", "windows-1254"},
    {"l6", "ISO-8859-10"},
    {"l9", "ISO-8859-15"},
    {"latin1", "windows-1252"},
    {"latin2", "ISO-8859-2"},
    {"latin3", "ISO-8859-3"},
    {"latin4", "ISO-8859-4"},
    {"latin5", "windows-1254"},
    {"latin6", "ISO-8859-10"},
    {"logical", "ISO-8859-8"},
    {"mac", "macintosh"},
    {"macintosh", "macintosh"},
    {"ms932", "Shift_JIS"},
    {"ms936", "GBK"},
    {"ms_kanji", "Shift_JIS"},
    {"shift-jis", "Shift_JIS"},
    {"shift_jis", "Shift_JIS"},
    {"sjis", "Shift_JIS"},
    {"sun_eu_greek", "ISO-8859-7"},
    {"tis-620", "windows-874"},
    {"ucs-2", "UTF-16LE"},
    {"ucs-4", "UTF-32LE"},
    {"unicode", "UTF-16LE"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"},
    {"unicodefeff", "UTF-16LE"},
    {"unicodefffe", "UTF-16BE"},
    {"us-ascii", "windows-1252"},
    {"utf-16", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-32", "UTF-32LE"},
    {"utf-32be", "UTF-32BE"},
    {"utf-32le", "UTF-32LE"},
    {"utf-8", "UTF-8"},
    {"utf16", "UTF-16LE"},
    {"utf32", "UTF-32LE"},
    {"utf8", "UTF-8"},
    {"visual", "ISO-8859-8"},
    {"windows-1250", "windows-1250"},
    {"windows-1251", "windows-1251"},
    {"windows-1252", "windows-1252"},
    {"windows-1253", "windows-1253"},
    {"windows-1254", "windows-1254"},
    {"windows-1255", "windows-1255"},
    {"windows-1256", "windows-1256"},
    {"windows-1257", "windows-1257"},
    {"windows-1258", "windows-1258"},
    {"windows-31j", "Shift_JIS"},
    {"windows-874", "windows-874"},
    {"windows-949", "EUC-KR"},
    {"x-cp1250", "windows-1250"},
    {"x-cp1251", "windows-1251"},
    {"x-cp1252", "windows-1252"},
    {"x-cp1253", "windows-1253"},
    {"x-cp1254", "windows-1254"},
    {"x-cp1255", "windows-1255"},
    {"x-cp1256", "windows-1256"},
    {"x-cp1257", "windows-1257"},
    {"x-cp1258", "windows-1258"},
    {"x-euc-jp", "EUC-JP"},
    {"x-gbk", "GBK"},
    {"x-mac-cyrillic", "x-mac-cyrillic"},
    {"x-mac-roman", "macintosh"},
    {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"x-sjis", "Shift_JIS"},
    {"x-unicode20utf8", "UTF-8"},
    {"x-user-defined", "windows-1252"},
    {"x-x-big5", "Big5"},
};

/* Canonical name -> glibc iconv name, where they differ. WHATWG decoders
 * are supersets of the legacy standards (EUC-KR is really CP949, Big5 is
 * Big5-HKSCS, Shift_JIS is CP932, GBK decodes as GB18030), so use the
 * glibc converters that match those supersets. */
static const struct label iconv_names[] = {
    {"Big5", "BIG5-HKSCS"},     {"EUC-KR", "CP949"},      {"GBK", "GB18030"},
    {"IBM866", "CP866"},        {"Shift_JIS", "CP932"},   {"gb18030", "GB18030"},
    {"macintosh", "MACINTOSH"}, {"windows-874", "CP874"}, {"x-mac-cyrillic", "MAC-CYRILLIC"},
};

#define LABEL_MAX 64
/* How far into a document the XML declaration and an HTML meta are looked
 * for (WHATWG's prescan reads 1024 bytes; real pages put a long <head>
 * before the meta, so allow more). */
#define SNIFF_XML_MAX 512
#define SNIFF_HTML_MAX 4096

static int label_cmp(const void *key, const void *elem)
{
    const struct label *l = elem;
    return strcmp(key, l->label);
}

static bool is_ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

const char *cc_charset_canonical(const char *label, size_t len)
{
    if (!label) {
        return NULL;
    }
    while (len > 0 && is_ascii_space((unsigned char)label[0])) {
        label++;
        len--;
    }
    while (len > 0 && is_ascii_space((unsigned char)label[len - 1])) {
        len--;
    }
    if (len == 0 || len >= LABEL_MAX) {
        return NULL;
    }
    char key[LABEL_MAX];
    for (size_t i = 0; i < len; i++) {
        key[i] = (char)ascii_lower((unsigned char)label[i]);
    }
    key[len] = '\0';
    const struct label *l =
        bsearch(key, labels, CC_ARRAY_LEN(labels), sizeof(labels[0]), label_cmp);
    return l ? l->name : NULL;
}

const char *cc_charset_sniff_bom(const char *bytes, size_t len, size_t *bom_len)
{
    const unsigned char *u = (const unsigned char *)bytes;
    *bom_len = 0;
    /* UTF-32LE's BOM starts with UTF-16LE's, so test it first. */
    if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
        *bom_len = 4;
        return CC_CHARSET_UTF32LE;
    }
    if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
        *bom_len = 4;
        return CC_CHARSET_UTF32BE;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *bom_len = 3;
        return CC_CHARSET_UTF8;
    }
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        *bom_len = 2;
        return CC_CHARSET_UTF16LE;
    }
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        *bom_len = 2;
        return CC_CHARSET_UTF16BE;
    }
    return NULL;
}

/* Finds the value of the encoding pseudo-attribute in an ASCII-compatible
 * XML declaration at the start of s. */
static bool xml_decl_encoding(const char *s, size_t len, const char **val, size_t *vlen)
{
    if (len < 6 || memcmp(s, "<?xml", 5) != 0 || !is_ascii_space((unsigned char)s[5])) {
        return false;
    }
    size_t end = 5;
    size_t lim = CC_MIN(len, (size_t)SNIFF_XML_MAX);
    while (end + 1 < lim && !(s[end] == '?' && s[end + 1] == '>')) {
        end++;
    }
    for (size_t i = 5; i + 8 <= end; i++) {
        if (memcmp(s + i, "encoding", 8) != 0 || !is_ascii_space((unsigned char)s[i - 1])) {
            continue;
        }
        size_t j = i + 8;
        while (j < end && is_ascii_space((unsigned char)s[j])) {
            j++;
        }
        if (j >= end || s[j] != '=') {
            continue;
        }
        j++;
        while (j < end && is_ascii_space((unsigned char)s[j])) {
            j++;
        }
        if (j >= end || (s[j] != '"' && s[j] != '\'')) {
            continue;
        }
        char q = s[j++];
        size_t k = j;
        while (k < end && s[k] != q) {
            k++;
        }
        if (k >= end) {
            return false;
        }
        *val = s + j;
        *vlen = k - j;
        return true;
    }
    return false;
}

const char *cc_charset_sniff_xml(const char *bytes, size_t len, const char **raw_label,
                                 size_t *raw_len)
{
    const unsigned char *u = (const unsigned char *)bytes;
    if (raw_label) {
        *raw_label = NULL;
        *raw_len = 0;
    }
    /* XML 1.0 appendix F: "<?" or "<" in the wider encodings. */
    if (len >= 4) {
        if (u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<') {
            return CC_CHARSET_UTF32BE;
        }
        if (u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0) {
            return CC_CHARSET_UTF32LE;
        }
        if (u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0) {
            return CC_CHARSET_UTF16BE;
        }
        if (u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) {
            return CC_CHARSET_UTF16LE;
        }
    }
    const char *val = NULL;
    size_t vlen = 0;
    if (!xml_decl_encoding(bytes, len, &val, &vlen)) {
        return NULL;
    }
    if (raw_label) {
        *raw_label = val;
        *raw_len = vlen;
    }
    const char *c = cc_charset_canonical(val, vlen);
    /* A declaration readable as ASCII cannot be in UTF-16/32 (and without a
     * BOM or pattern the bytes are not): the label lies; WHATWG reads such
     * documents as UTF-8. */
    if (c && !cc_charset_is_ascii_compatible(c) && strcmp(c, "ISO-2022-JP") != 0) {
        return CC_CHARSET_UTF8;
    }
    return c;
}

static bool ascii_ieq(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len < n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)s[i]) != (unsigned char)lit[i]) {
            return false;
        }
    }
    return true;
}

const char *cc_charset_sniff_html(const char *bytes, size_t len)
{
    size_t lim = CC_MIN(len, (size_t)SNIFF_HTML_MAX);
    for (size_t i = 0; i + 5 < lim; i++) {
        if (bytes[i] != '<' || !ascii_ieq(bytes + i + 1, lim - i - 1, "meta")) {
            continue;
        }
        size_t end = i + 5;
        while (end < lim && bytes[end] != '>') {
            end++;
        }
        for (size_t j = i + 5; j + 7 <= end; j++) {
            if (!ascii_ieq(bytes + j, end - j, "charset")) {
                continue;
            }
            size_t k = j + 7;
            while (k < end && is_ascii_space((unsigned char)bytes[k])) {
                k++;
            }
            if (k >= end || bytes[k] != '=') {
                continue;
            }
            k++;
            while (k < end && (is_ascii_space((unsigned char)bytes[k]) || bytes[k] == '"' ||
                               bytes[k] == '\'')) {
                k++;
            }
            size_t v = k;
            while (k < end && !is_ascii_space((unsigned char)bytes[k]) && bytes[k] != '"' &&
                   bytes[k] != '\'' && bytes[k] != ';' && bytes[k] != '/') {
                k++;
            }
            const char *c = cc_charset_canonical(bytes + v, k - v);
            if (c && !cc_charset_is_ascii_compatible(c)) {
                c = CC_CHARSET_UTF8;
            }
            if (c) {
                return c;
            }
        }
        i = end;
    }
    return NULL;
}

bool cc_charset_is_ascii_compatible(const char *canonical)
{
    if (!canonical) {
        return false;
    }
    return strncmp(canonical, "UTF-16", 6) != 0 && strncmp(canonical, "UTF-32", 6) != 0 &&
           strcmp(canonical, "ISO-2022-JP") != 0;
}

/* UTF-8 with each invalid run read as windows-1252 ("claims UTF-8 but has
 * Latin-1 bytes", the most common real-world mislabel). NUL -> U+FFFD. */
static int decode_utf8(struct cc_buf *out, const char *s, size_t len, size_t *repaired)
{
    size_t i = 0;
    size_t run = 0;
    int rc = cc_buf_grow(out, len);
    while (rc == 0 && i < len) {
        /* Sixteen, then eight ASCII bytes at a time (no high bit, no
         * zero byte): most pages and articles are mostly ASCII. */
#ifdef __SSE2__
        while (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            if (_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()))) {
                break;
            }
            i += 16;
        }
#endif
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
            if ((w & 0x8080808080808080ull) != 0 || zero != 0) {
                break;
            }
            i += 8;
        }
        if (i >= len) {
            break;
        }
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
        size_t bad = i;
        while (i < len) {
            c = (unsigned char)s[i];
            if (c != 0 && c < 0x80) {
                break;
            }
            cc_utf8_decode(&cp, s + i, len - i);
            if (cp > 0) {
                break;
            }
            i++;
        }
        if (rc == 0) {
            rc = cc_utf8_from_cp1252(out, s + bad, i - bad);
        }
        (*repaired)++;
        run = i;
    }
    if (rc == 0) {
        rc = cc_buf_add(out, s + run, i - run);
    }
    return rc;
}

/* Unit size of an encoding, for skipping an undecodable sequence. */
static size_t unit_size(const char *canonical)
{
    if (strncmp(canonical, "UTF-16", 6) == 0) {
        return 2;
    }
    if (strncmp(canonical, "UTF-32", 6) == 0) {
        return 4;
    }
    return 1;
}

/* Appends the iconv output in [start, end) with NULs as U+FFFD. */
static int add_converted(struct cc_buf *out, const char *p, size_t n)
{
    const char *nul = memchr(p, '\0', n);
    if (!nul) {
        return cc_buf_add(out, p, n);
    }
    for (size_t i = 0; i < n; i++) {
        int rc = p[i] ? cc_buf_addch(out, p[i]) : cc_utf8_encode(out, CC_UTF8_REPLACEMENT);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

#define ICONV_CHUNK 16384

static int decode_iconv(struct cc_buf *out, iconv_t cd, const char *canonical, const char *s,
                        size_t len, size_t *repaired)
{
    char chunk[ICONV_CHUNK];
    char *in = (char *)s; /* iconv's prototype is not const-correct */
    size_t inleft = len;
    size_t unit = unit_size(canonical);
    int rc = 0;
    while (rc == 0 && inleft > 0) {
        char *o = chunk;
        size_t oleft = sizeof(chunk);
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int e = errno;
        rc = add_converted(out, chunk, (size_t)(o - chunk));
        if (rc || r != (size_t)-1) {
            continue;
        }
        if (e == E2BIG) {
            continue;
        }
        /* EILSEQ (undecodable) or EINVAL (truncated at the end): one
         * replacement character per bad unit, then resynchronise. */
        rc = cc_utf8_encode(out, CC_UTF8_REPLACEMENT);
        (*repaired)++;
        size_t skip = CC_MIN(unit, inleft);
        in += skip;
        inleft -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    if (rc == 0) {
        /* Flush a stateful encoding (ISO-2022-JP) back to its initial shift. */
        char *o = chunk;
        size_t oleft = sizeof(chunk);
        if (iconv(cd, NULL, NULL, &o, &oleft) != (size_t)-1) {
            rc = add_converted(out, chunk, (size_t)(o - chunk));
        }
    }
    return rc;
}

static const char *iconv_name(const char *canonical)
{
    for (size_t i = 0; i < CC_ARRAY_LEN(iconv_names); i++) {
        if (strcmp(iconv_names[i].label, canonical) == 0) {
            return iconv_names[i].name;
        }
    }
    return canonical;
}

/* A label safe to hand to iconv_open as it is (glibc names are short and
 * use letters, digits and -_.:). */
static bool raw_label_ok(const char *label, size_t len, char out[LABEL_MAX])
{
    if (len == 0 || len >= LABEL_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)label[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) {
            return false;
        }
        out[i] = (char)c;
    }
    out[len] = '\0';
    /* "//TRANSLIT" and friends are not labels; neither is anything that
     * would convert to a non-Unicode target. */
    return true;
}

static int decode_with(struct cc_buf *out, struct cc_charset_info *info, const char *canonical,
                       const char *raw, size_t rawlen, const char *s, size_t len,
                       struct cc_error *err)
{
    int rc;
    if (canonical && strcmp(canonical, CC_CHARSET_UTF8) == 0) {
        rc = decode_utf8(out, s, len, &info->repaired);
    } else if (canonical && strcmp(canonical, CC_CHARSET_CP1252) == 0) {
        rc = cc_utf8_from_cp1252(out, s, len);
    } else {
        char name[LABEL_MAX];
        iconv_t cd = (iconv_t)-1;
        if (canonical) {
            cd = iconv_open("UTF-8", iconv_name(canonical));
        } else if (raw_label_ok(raw, rawlen, name)) {
            cd = iconv_open("UTF-8", name);
        }
        if (cd == (iconv_t)-1) {
            info->unknown_label = true;
            info->charset = CC_CHARSET_UTF8;
            rc = decode_utf8(out, s, len, &info->repaired);
        } else {
            info->charset = canonical ? canonical : "x-iconv";
            rc = decode_iconv(out, cd, canonical ? canonical : "x-iconv", s, len, &info->repaired);
            iconv_close(cd);
        }
    }
    if (rc == CC_ENOMEM) {
        return cc_error_set(err, CC_ENOMEM, NULL, "out of memory decoding %s text", info->charset);
    }
    if (rc) {
        return cc_error_set(err, rc, NULL, "decoded text is too big");
    }
    return 0;
}

int cc_charset_decode(struct cc_buf *out, struct cc_charset_info *info, const char *bytes,
                      size_t len, const char *charset, unsigned flags, struct cc_error *err)
{
    struct cc_charset_info local;
    if (!info) {
        info = &local;
    }
    memset(info, 0, sizeof(*info));
    info->charset = CC_CHARSET_UTF8;
    info->source = CC_CHARSET_FROM_DEFAULT;

    size_t bom = 0;
    const char *canonical = cc_charset_sniff_bom(bytes, len, &bom);
    const char *raw = NULL;
    size_t rawlen = 0;
    if (canonical) {
        info->source = CC_CHARSET_FROM_BOM;
        info->bom_len = bom;
    } else if (charset && charset[0]) {
        raw = charset;
        rawlen = strlen(charset);
        canonical = cc_charset_canonical(raw, rawlen);
        info->source = CC_CHARSET_FROM_CALLER;
        /* A label for a wide encoding, but the bytes say otherwise (e.g.
         * "utf-16" from HTTP without a BOM): trust the byte pattern. */
        if ((flags & CC_CHARSET_SNIFF_XML) && canonical &&
            !cc_charset_is_ascii_compatible(canonical)) {
            const char *pat = cc_charset_sniff_xml(bytes, len, NULL, NULL);
            if (pat && !cc_charset_is_ascii_compatible(pat)) {
                canonical = pat;
            }
        }
    } else {
        if (flags & CC_CHARSET_SNIFF_XML) {
            canonical = cc_charset_sniff_xml(bytes, len, &raw, &rawlen);
            if (canonical || raw) {
                info->source = CC_CHARSET_FROM_XML;
            }
        }
        if (!canonical && !raw && (flags & CC_CHARSET_SNIFF_HTML)) {
            canonical = cc_charset_sniff_html(bytes, len);
            if (canonical) {
                info->source = CC_CHARSET_FROM_META;
            }
        }
        if (!canonical && !raw) {
            canonical = CC_CHARSET_UTF8;
        }
    }
    if (canonical) {
        info->charset = canonical;
    }
    return decode_with(out, info, canonical, raw, rawlen, bytes + bom, len - bom, err);
}

int cc_charset_to_utf8(struct cc_buf *out, const char *bytes, size_t len, const char *charset,
                       struct cc_error *err)
{
    return cc_charset_decode(out, NULL, bytes, len, charset,
                             CC_CHARSET_SNIFF_XML | CC_CHARSET_SNIFF_HTML, err);
}
