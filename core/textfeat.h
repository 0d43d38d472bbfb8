/*
 * textfeat.h: the facts a sentence states, extracted from any UTF-8 text.
 *
 * Owns: finding named entities (multi-word capitalised names, hyphenated
 * names, acronyms; not sentence-initial common words), numbers with units
 * and normalised values ("26 lives", "$1.5bn" = 1.5e9 USD, "1,500 million",
 * "twenty-six", "5 pct"), dates resolved against a reference date ("April
 * 22", "22 April 2025", "22/4/2025", "Tuesday" -> YYYY-MM-DD, "--MM-DD" when
 * the year is unknown) and quoted phrases (straight and curly quotes).
 * Works on a claim and on a feed item alike, so the matcher compares like
 * with like. Does not: split sentences, find citations, compare features
 * (core/matcher). Calls: core primitives only (alloc, buf, error, num, utf8).
 */
#ifndef CC_CORE_TEXTFEAT_H
#define CC_CORE_TEXTFEAT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

enum cc_entity_kind {
    CC_ENTITY_NAME = 1,    /* capitalised words: "Bilawal Bhutto-Zardari", "New Delhi" */
    CC_ENTITY_ACRONYM = 2, /* "CENTCOM", "U.S." (norm "us"), "ISI" */
};

struct cc_entity {
    size_t start; /* bytes into the text, as written (possessive 's excluded) */
    size_t end;
    const char *norm; /* borrowed from the cc_textfeat: typography-folded, case-folded,
                       * spaces collapsed, acronym dots dropped: "bhutto-zardari", "us" */
    size_t norm_len;
    int kind; /* enum cc_entity_kind */
};

enum cc_number_flags {
    CC_NUMBER_CURRENCY = 1u << 0, /* unit is a currency code ("USD") or "rupee" */
    CC_NUMBER_PERCENT = 1u << 1,  /* unit is "%" */
    CC_NUMBER_WORDS = 1u << 2,    /* spelled out: "twenty-six", "one billion" */
    CC_NUMBER_APPROX = 1u << 3,   /* "about", "around", "nearly", "some" before it */
    CC_NUMBER_AT_LEAST = 1u << 4, /* "at least", "more than", "over" before it */
};

#define CC_NUMBER_UNIT_MAX 24

struct cc_number {
    size_t start; /* bytes into the text, the whole expression ("$1.5bn", "26 lives") */
    size_t end;
    double value;                  /* normalised: 1.5e9 for "$1.5bn" and "1,500 million" */
    char unit[CC_NUMBER_UNIT_MAX]; /* "USD", "%", "lives" (case-folded), "" when none */
    unsigned flags;                /* enum cc_number_flags */
};

enum cc_date_flags {
    CC_DATE_YEAR_UNKNOWN = 1u << 0,  /* no year written and no reference date: year is 0 */
    CC_DATE_YEAR_INFERRED = 1u << 1, /* year taken from the reference date */
    CC_DATE_NO_DAY = 1u << 2,        /* month precision: "April 2025", "in March" */
    CC_DATE_NO_MONTH = 1u << 3,      /* a year only: "in 2019" (month and day are 0) */
    CC_DATE_RELATIVE = 1u << 4,      /* "Tuesday", "yesterday": resolved from the reference */
};

struct cc_date {
    size_t start; /* bytes into the text */
    size_t end;
    int year;       /* 0 when unknown */
    int month;      /* 1-12, 0 with CC_DATE_NO_MONTH */
    int day;        /* 1-31, 0 with CC_DATE_NO_DAY or CC_DATE_NO_MONTH */
    unsigned flags; /* enum cc_date_flags */
};

struct cc_quote {
    size_t start; /* the quoted words, quote marks and edge punctuation excluded */
    size_t end;
};

/* All features of one text. Spans are byte offsets into the text given to
 * cc_textfeat_extract, which the caller keeps. Reuse one value across calls
 * (its storage is kept); release it at the end. */
struct cc_textfeat {
    struct cc_entity *entities; /* owned */
    size_t nentities;
    size_t entities_alloc;
    struct cc_number *numbers; /* owned */
    size_t nnumbers;
    size_t numbers_alloc;
    struct cc_date *dates; /* owned */
    size_t ndates;
    size_t dates_alloc;
    struct cc_quote *quotes; /* owned */
    size_t nquotes;
    size_t quotes_alloc;
    struct cc_buf strings; /* owned storage of the entity norms */
};

#define CC_TEXTFEAT_INIT                                                                           \
    {                                                                                              \
        NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, CC_BUF_INIT                                \
    }

/* Extracts the features of text[0..len) into out (emptied first, storage
 * reused). ref_date (UTC seconds, or CC_TIME_NONE) resolves dates without a
 * year and weekdays. Any bytes are accepted; invalid UTF-8 is skipped over.
 * On failure out is left empty. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_textfeat_extract(struct cc_textfeat *out, const char *text, size_t len,
                                     int64_t ref_date, struct cc_error *err);

/* Frees the storage. Accepts NULL. */
void cc_textfeat_release(struct cc_textfeat *f);

/* Writes "YYYY-MM-DD", "--MM-DD" (year unknown), "YYYY-MM" (no day) or
 * "YYYY" (year only) with a NUL; returns its length. */
size_t cc_textfeat_date_format(char out[16], const struct cc_date *d);

/* Writes the normalised number: "26 lives", "1500000000 USD", "5%"
 * (shortest round-trip form of the value, %.15g); returns its length. */
size_t cc_textfeat_number_format(char out[64], const struct cc_number *n);

/* Days since 1970-01-01 of a date with year, month and day; INT64_MIN when
 * any of them is unknown. */
int64_t cc_textfeat_date_days(const struct cc_date *d);

/* True when two numbers state the same quantity: units equal (or one of
 * them has none) and values within 0.5% of each other (rounding: "1.5bn"
 * vs "1,504 million"). */
bool cc_textfeat_numbers_agree(const struct cc_number *a, const struct cc_number *b);

/* Appends text[0..len) folded for comparison: typography folded (curly
 * quotes, dashes, soft hyphens, NBSP), case-folded, NFC. Invalid UTF-8 is
 * repaired. Errors: CC_ENOMEM, CC_ETOOBIG (out's cap). */
CC_NODISCARD int cc_textfeat_fold(struct cc_buf *out, const char *text, size_t len);

#endif
