/*
 * html.h: markup in a string (a feed's description, a snippet) to plain
 * text.
 *
 * Owns: dropping script/style/applet contents, tags, comments, doctypes
 * and processing instructions; turning block-level tags into a space;
 * decoding numeric and all HTML5 named character references (optionally
 * twice, for feeds that escape "&amp;#039;"); collapsing whitespace
 * (Unicode spaces included); repairing bad UTF-8 and normalising to NFC.
 * Single pass, no allocation beyond the output buffer; safe on any bytes.
 * Does not: build a DOM, extract an article's main text, keep links.
 * Calls: core/buf, core/utf8.
 */
#ifndef CC_FETCHERS_HTML_H
#define CC_FETCHERS_HTML_H

#include "core/common.h"
#include "core/buf.h"

enum cc_html_flags {
    /* The input is plain text: no tags, no entities; only whitespace is
     * collapsed, bad UTF-8 repaired and the text normalised. */
    CC_HTML_PLAIN = 1u << 0,
    /* "&amp;" followed by a character reference ("&amp;#039;",
     * "&amp;quot;") decodes both levels: feeds often escape twice. */
    CC_HTML_DOUBLE_ESCAPED = 1u << 1,
    /* Keep leading and trailing space (the caller joins pieces). */
    CC_HTML_NO_TRIM = 1u << 2,
};

/* Appends the plain text of s[0..len) to out: valid UTF-8 in NFC with no
 * NUL bytes, every run of whitespace one ' ', trimmed (unless
 * CC_HTML_NO_TRIM). An empty result appends nothing. flags: enum
 * cc_html_flags. Errors: CC_ENOMEM, CC_ETOOBIG (out's cap); on failure out
 * may hold part of the text. */
CC_NODISCARD int cc_html_to_text(struct cc_buf *out, const char *s, size_t len, unsigned flags);

/* Appends s with character references decoded and nothing else changed
 * (no tag stripping, no whitespace collapsing); bad UTF-8 is repaired.
 * Errors: CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_html_decode_entities(struct cc_buf *out, const char *s, size_t len,
                                         unsigned flags);

/* Looks up an HTML5 named character reference (name without '&' and ';',
 * case-sensitive). Returns how many code points it stands for (1 or 2, in
 * cp[0], cp[1]) or 0 when the name is unknown. */
size_t cc_html_entity_find(int32_t cp[2], const char *name, size_t len);

/* True when plain text "looks like" escaped HTML, the way feed readers
 * guess for RSS titles: it has a close tag or a character reference, every
 * tag is an ordinary HTML element and every named reference is an HTML 4
 * entity. */
bool cc_html_looks_like_html(const char *s, size_t len);

#endif
