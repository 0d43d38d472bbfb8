/*
 * sentences.h: block segmentation and sentence splitting for news prose.
 *
 * Owns: cutting plain text into blocks (paragraphs, headings, list items;
 * "one paragraph per line" and hard-wrapped text both understood) and
 * splitting a block into sentences that survive news prose: abbreviations
 * and titles (U.S., Gen., Jan., No. 3, Inc.), initials, decimals, domains,
 * ellipses, quotations spanning sentences, parenthetical citations after the
 * full stop ("... lives. (Reuters)" stays with its sentence), short lead-ins
 * ("Yikes! ..."). Offsets are bytes into the caller's text; nothing is copied.
 * Does not: decide what a sentence is worth (core/claims) or find citations
 * (core/citations). Calls: core primitives only (alloc, error, utf8).
 */
#ifndef CC_CORE_SENTENCES_H
#define CC_CORE_SENTENCES_H

#include "core/common.h"
#include "core/error.h"

enum cc_block_kind {
    CC_BLOCK_PARAGRAPH = 0,
    CC_BLOCK_HEADING = 1,   /* a title or subheading: never split, never a claim */
    CC_BLOCK_LIST_ITEM = 2, /* a bulleted or numbered line; start is after the marker */
};

/* A block of an article's text: [start, end) bytes, no surrounding space.
 * Inside a block a newline is a soft line break (plain space). */
struct cc_text_block {
    size_t start;
    size_t end;
    int kind;  /* enum cc_block_kind */
    int level; /* heading level 1-6; 0 otherwise */
};

struct cc_block_list {
    struct cc_text_block *v; /* owned */
    size_t n;
    size_t alloc;
};

#define CC_BLOCK_LIST_INIT                                                                         \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

enum cc_sentence_flags {
    CC_SENTENCE_HEADING = 1u << 0,      /* from a heading block */
    CC_SENTENCE_LIST_ITEM = 1u << 1,    /* from a list item block */
    CC_SENTENCE_QUESTION = 1u << 2,     /* ends in '?' */
    CC_SENTENCE_EXCLAMATION = 1u << 3,  /* ends in '!' */
    CC_SENTENCE_UNTERMINATED = 1u << 4, /* ends without . ! ? or an ellipsis */
};

struct cc_sentence {
    size_t start;   /* byte offset into the text */
    size_t end;     /* exclusive; text[start..end) has no surrounding space */
    size_t block;   /* index of the block it belongs to */
    unsigned flags; /* enum cc_sentence_flags */
};

struct cc_sentence_list {
    struct cc_sentence *v; /* owned */
    size_t n;
    size_t alloc;
};

#define CC_SENTENCE_LIST_INIT                                                                      \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Frees the storage and re-initialises. Accept NULL. */
void cc_block_list_release(struct cc_block_list *l);
void cc_sentence_list_release(struct cc_sentence_list *l);

/* Appends a block; 0 or CC_ENOMEM. */
CC_NODISCARD int cc_block_list_add(struct cc_block_list *l, size_t start, size_t end, int kind,
                                   int level);

/* Cuts plain text into blocks, appended to out. Blank lines always separate
 * blocks. When the text is hard-wrapped (every line short), single newlines
 * are soft breaks, except after a short line without end punctuation (a
 * heading) and before a list marker. Otherwise each line is a block of its
 * own, unless it continues the line before it (that line has no end
 * punctuation and this one starts with a lowercase letter or an opening
 * bracket: "came into effect on May 10\n(en.wikipedia.org)."). A one-line
 * block that is short, starts with a capital or digit and has no end
 * punctuation is a heading ("Reception in New Delhi and Washington").
 * Errors: CC_ENOMEM. */
CC_NODISCARD int cc_sentences_segment(struct cc_block_list *out, const char *text, size_t len,
                                      struct cc_error *err);

/* Appends the sentences of one block text[b->start..b->end) with block index
 * block_index. A heading block is one sentence. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_sentences_split_block(struct cc_sentence_list *out, const char *text,
                                          const struct cc_text_block *b, size_t block_index,
                                          struct cc_error *err);

/* Splits every block of blocks[0..nblocks) in order. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_sentences_split(struct cc_sentence_list *out, const char *text,
                                    const struct cc_text_block *blocks, size_t nblocks,
                                    struct cc_error *err);

/* cc_sentences_segment then cc_sentences_split over text[0..len): the one
 * call for any text (feed items, tests). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_sentences_split_text(struct cc_sentence_list *out, const char *text, size_t len,
                                         struct cc_error *err);

/* True when text[0..len) reads like a heading line: at most 14 words and 120
 * bytes, starts with a capital letter or digit, and does not end in
 * sentence punctuation, a comma, colon or closing bracket. */
bool cc_sentences_is_heading_like(const char *text, size_t len);

#endif
