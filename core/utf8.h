/*
 * utf8.h: UTF-8 decoding, validation and repair, Unicode normalisation,
 * case folding, display width, and legacy single-byte conversion.
 *
 * The decoder rejects overlong forms, surrogates and code points above
 * U+10FFFF. Repair turns each bad byte into U+FFFD. Normalisation and
 * folding use utf8proc; nothing depends on the locale. Offsets are bytes
 * and a code point is never split. Layer 0: libc and utf8proc only.
 */
#ifndef CC_CORE_UTF8_H
#define CC_CORE_UTF8_H

#include "core/common.h"
#include "core/buf.h"

#define CC_UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point at s[0..len). Returns its length in bytes (1-4)
 * and sets *cp; on an invalid sequence returns 1 and sets *cp = -1.
 * len must be > 0. */
size_t cc_utf8_decode(int32_t *cp, const char *s, size_t len);
/* Appends the UTF-8 form of cp (invalid cp: U+FFFD). 0 or CC_ENOMEM/ETOOBIG. */
CC_NODISCARD int cc_utf8_encode(struct cc_buf *out, int32_t cp);
/* Writes the UTF-8 form of cp into out (4 bytes room); returns its length. */
size_t cc_utf8_encode_to(char out[4], int32_t cp);
/* True when s[0..len) is valid UTF-8 with no NUL bytes. */
bool cc_utf8_is_valid(const char *s, size_t len);
/* Appends s with each invalid byte (and NUL) replaced by U+FFFD; *repaired
 * (may be NULL) counts the replacements. 0 or CC_ENOMEM/ETOOBIG. */
CC_NODISCARD int cc_utf8_repair(struct cc_buf *out, const char *s, size_t len, size_t *repaired);
/* Appends the bytes of a windows-1252 (superset of Latin-1 printable range)
 * string converted to UTF-8. */
CC_NODISCARD int cc_utf8_from_cp1252(struct cc_buf *out, const char *s, size_t len);
/* Appends s (valid UTF-8) normalised to NFC. */
CC_NODISCARD int cc_utf8_nfc(struct cc_buf *out, const char *s, size_t len);
/* Appends s (valid UTF-8) case-folded (full Unicode case folding, NFC). */
CC_NODISCARD int cc_utf8_casefold(struct cc_buf *out, const char *s, size_t len);
/* Appends s with the typographic variants folded for matching: curly
 * quotes and primes to ' and ", dashes to -, ellipsis to "...", soft
 * hyphens and zero-width characters removed, NBSP and other spaces to ' '.
 * The original text is kept by the caller for display. */
CC_NODISCARD int cc_utf8_fold_typography(struct cc_buf *out, const char *s, size_t len);
/* Terminal display width of s (East Asian wide = 2, combining = 0). */
size_t cc_utf8_width(const char *s, size_t len);
/* Number of bytes of s that fit in width columns (never splits a code
 * point); *used (may be NULL) gets the width of that prefix. */
size_t cc_utf8_prefix_for_width(const char *s, size_t len, size_t width, size_t *used);
/* Unicode category helpers for tokenisers. */
bool cc_utf8_is_letter(int32_t cp);
bool cc_utf8_is_digit(int32_t cp);
bool cc_utf8_is_upper(int32_t cp);
bool cc_utf8_is_space(int32_t cp);
/* Simple lowercase mapping of one code point. */
int32_t cc_utf8_tolower(int32_t cp);

#endif
