/*
 * charset.h: character-encoding detection and conversion to UTF-8.
 *
 * Owns: charset label normalisation (WHATWG-style aliases, so "latin1" and
 * "iso-8859-1" mean windows-1252), sniffing (byte order marks, the XML
 * declaration, UTF-16/32 byte patterns, an HTML <meta> charset) and decoding
 * any supported charset into valid UTF-8. "Claims UTF-8 but has invalid
 * bytes" is repaired by reading each invalid run as windows-1252.
 * Does not: parse XML or HTML, normalise to NFC (core/utf8 does).
 * Calls: core primitives and glibc iconv, privately.
 */
#ifndef CC_FETCHERS_CHARSET_H
#define CC_FETCHERS_CHARSET_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

/* Canonical names returned by this module (static strings; compare with
 * strcmp). Other canonical names: "ISO-8859-2".."ISO-8859-16",
 * "windows-1250".."windows-1258", "KOI8-R", "KOI8-U", "IBM866",
 * "macintosh", "x-mac-cyrillic", "windows-874", "GBK", "gb18030", "Big5",
 * "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR". */
#define CC_CHARSET_UTF8 "UTF-8"
#define CC_CHARSET_UTF16LE "UTF-16LE"
#define CC_CHARSET_UTF16BE "UTF-16BE"
#define CC_CHARSET_UTF32LE "UTF-32LE"
#define CC_CHARSET_UTF32BE "UTF-32BE"
#define CC_CHARSET_CP1252 "windows-1252"

/* What the detection in cc_charset_decode looks at when no charset is given
 * (a byte order mark is always honoured first). */
enum cc_charset_flags {
    CC_CHARSET_SNIFF_XML = 1u << 0,  /* <?xml encoding="..."?>, UTF-16/32 patterns */
    CC_CHARSET_SNIFF_HTML = 1u << 1, /* <meta charset> in the first 4 KiB */
};

/* Where the charset used for decoding came from. */
enum cc_charset_source {
    CC_CHARSET_FROM_DEFAULT = 0, /* nothing declared: UTF-8 */
    CC_CHARSET_FROM_BOM,
    CC_CHARSET_FROM_CALLER, /* the charset argument (an HTTP header) */
    CC_CHARSET_FROM_XML,    /* the XML declaration or a UTF-16/32 pattern */
    CC_CHARSET_FROM_META,   /* an HTML <meta> */
};

/* What cc_charset_decode did; all fields are filled on success. */
struct cc_charset_info {
    const char *charset; /* canonical name used (static string) */
    int source;          /* enum cc_charset_source */
    size_t bom_len;      /* bytes of byte order mark skipped */
    size_t repaired;     /* invalid sequences repaired (cp1252 or U+FFFD) */
    bool unknown_label;  /* the declared label was not understood: UTF-8 used */
};

/* The canonical name of a charset label (ASCII case and surrounding space
 * ignored), or NULL when the label is unknown. Cannot fail. */
const char *cc_charset_canonical(const char *label, size_t len);

/* The encoding announced by a byte order mark at the start of bytes
 * (CC_CHARSET_UTF8, _UTF16LE/BE, _UTF32LE/BE) and its length in *bom_len,
 * or NULL (and *bom_len = 0) when there is none. */
const char *cc_charset_sniff_bom(const char *bytes, size_t len, size_t *bom_len);

/* The canonical encoding an XML document announces: UTF-16/32 byte
 * patterns of "<?" without a BOM, else the encoding pseudo-attribute of the
 * XML declaration. NULL when nothing is declared. *raw_label (may be NULL)
 * borrows the declared label from bytes when there is one, even unknown
 * ones, with *raw_len its length. */
const char *cc_charset_sniff_xml(const char *bytes, size_t len, const char **raw_label,
                                 size_t *raw_len);

/* The canonical charset of an HTML <meta charset> or <meta http-equiv
 * content="...; charset=..."> in the first 4 KiB, or NULL. A declared
 * UTF-16 means UTF-8 (WHATWG: the meta was read as ASCII, so it lies). */
const char *cc_charset_sniff_html(const char *bytes, size_t len);

/* Decodes bytes into valid UTF-8 (no NUL bytes) appended to out. The
 * charset is, in order: a byte order mark (which is skipped), the charset
 * argument (a label, e.g. from HTTP; NULL = none), what flags allow to
 * sniff, else UTF-8. UTF-8 input with invalid bytes has each invalid run
 * read as windows-1252; other charsets turn undecodable bytes into U+FFFD;
 * NUL bytes become U+FFFD. An unknown label is tried with iconv as it is,
 * then falls back to UTF-8. info may be NULL. Errors: CC_ENOMEM,
 * CC_ETOOBIG (out's cap); out is unchanged in length semantics on failure
 * only up to what was appended (the caller resets it). */
CC_NODISCARD int cc_charset_decode(struct cc_buf *out, struct cc_charset_info *info,
                                   const char *bytes, size_t len, const char *charset,
                                   unsigned flags, struct cc_error *err);

/* cc_charset_decode with XML and HTML sniffing and no info: the one-call
 * "any bytes to UTF-8". charset NULL = detect. */
CC_NODISCARD int cc_charset_to_utf8(struct cc_buf *out, const char *bytes, size_t len,
                                    const char *charset, struct cc_error *err);

/* True when the canonical charset is windows-1252 or a superset of ASCII in
 * which bytes < 0x80 mean ASCII (all supported ones except UTF-16/32 and
 * ISO-2022-JP). */
bool cc_charset_is_ascii_compatible(const char *canonical);

#endif
