/*
 * text.h: the matching text pipeline shared by claims and feed items.
 *
 * Owns: turning one text (valid NFC UTF-8) into its content terms: UTF-8
 * aware tokens, Unicode case folding, the stop-word list, Snowball English
 * stems (libstemmer), numbers normalised to their value ("26" and
 * "twenty-six" -> "#26"; "1.5bn" and "1,500 million" -> "#1500000000"),
 * dates normalised to month and day ("April 22", "22 April", "22/4/2025" ->
 * "@04-22", resolved to a day against a reference time), names (acronyms and
 * capitalised words of prose that is not Title Case) and quoted phrases; and
 * the removal of an ", according to X." attribution tail.
 * Does not: weigh terms (core/matcher owns IDF and features), split
 * sentences (core/sentences) or find citations (core/citations).
 * Calls: core primitives (alloc, buf, error, num, utf8) and libstemmer,
 * privately.
 */
#ifndef CC_CORE_TEXT_H
#define CC_CORE_TEXT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

/* Texts longer than this are analysed up to here only (a feed item's body
 * beyond it adds nothing to matching and would cost time). */
#define CC_TEXT_MAX_BYTES (64 * 1024)

enum cc_term_flags {
    CC_TERM_NUMBER = 1u << 0, /* "#<value>"; value holds it */
    CC_TERM_DATE = 1u << 1,   /* "@MM-DD"; day holds the resolved day */
    CC_TERM_NAME = 1u << 2,   /* an acronym or a capitalised word inside prose */
    CC_TERM_QUOTED = 1u << 3, /* inside a quoted phrase (quote says which) */
};

struct cc_term {
    size_t off; /* the normalised term is text->arena.buf + off, NUL-terminated */
    size_t len;
    size_t start; /* its surface form: input bytes [start, end) */
    size_t end;
    unsigned flags; /* enum cc_term_flags */
    unsigned quote; /* 1-based quoted phrase, 0 outside quotes */
    double value;   /* CC_TERM_NUMBER: the value; else 0 */
    int64_t day;    /* CC_TERM_DATE: UTC seconds of the day (CC_TIME_NONE: no reference) */
};

/* The content terms of a text in order (stop words removed). */
struct cc_text {
    struct cc_term *terms; /* owned */
    size_t n;
    size_t alloc;
    struct cc_buf arena; /* owned: the terms' strings */
    size_t nquotes;      /* quoted phrases seen (numbered from 1) */
    bool title_case;     /* most words capitalised: names come from acronyms only */
};

#define CC_TEXT_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0, CC_BUF_INIT, 0, false                                                          \
    }

void cc_text_init(struct cc_text *t);
/* Frees the terms and re-initialises. Accepts NULL. */
void cc_text_release(struct cc_text *t);
/* The i-th term's string (borrowed until the text is changed or released). */
const char *cc_text_term(const struct cc_text *t, size_t i);

/* The analyser: a Snowball stemmer plus scratch space. Not thread-safe; use
 * one per thread. */
struct cc_text_analyzer;

/* Errors: CC_ENOMEM, CC_ERR (libstemmer has no English stemmer). */
CC_NODISCARD int cc_text_analyzer_new(struct cc_text_analyzer **out, struct cc_error *err);
void cc_text_analyzer_free(struct cc_text_analyzer *a);

/* Analyses s[0..len) (at most CC_TEXT_MAX_BYTES of it) into out, which is
 * reset first. ref_time (UTC seconds, or CC_TIME_NONE) resolves dates
 * without a year: the year that puts the date nearest before ref_time + 62
 * days. Invalid UTF-8 bytes are treated as separators. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_text_analyze(struct cc_text *out, struct cc_text_analyzer *a, const char *s,
                                 size_t len, int64_t ref_time, struct cc_error *err);

/* Appends the Snowball English stem of a case-folded word to out. Errors:
 * CC_ENOMEM. */
CC_NODISCARD int cc_text_stem(struct cc_buf *out, struct cc_text_analyzer *a, const char *word,
                              size_t len);

/* True when the case-folded word is a stop word (Snowball's English list
 * plus the reporting words "said", "says", "say", "also", "new"). */
bool cc_text_is_stop_word(const char *word, size_t len);

/* Length of s without an attribution tail ", according to X." / " according
 * to X" at its end; *source and *source_len (may be NULL) get X. Returns len
 * when there is no such tail. */
size_t cc_text_strip_attribution(const char *s, size_t len, const char **source,
                                 size_t *source_len);

/* Writes the canonical number term of v ("#26", "#1.5", "#-3") into out
 * (32 bytes). */
void cc_text_number_term(char out[32], double v);

#endif
