/*
 * readable.h: the main text and metadata of a web page (HTML to article).
 *
 * Owns: decoding page bytes (HTTP charset, BOM, <meta> charset, else UTF-8
 * with windows-1252 repair, through fetchers/charset), parsing them with
 * libxml2's HTML parser (recovering, no network), picking the article's main
 * text in the manner of Readability (paragraph text density, link density,
 * class/id hints, semantic tags, sibling merging, JSON-LD articleBody as a
 * fallback) and dropping page furniture, and reading the page's metadata:
 * headline, publication date and where it came from, site name, canonical URL.
 * Does not: fetch (fetchers/http does), look outlets up (core/article does),
 * split sentences. Calls: core primitives, fetchers/charset, fetchers/date,
 * libxml2 and jansson, privately.
 */
#ifndef CC_FETCHERS_READABLE_H
#define CC_FETCHERS_READABLE_H

#include "core/common.h"
#include "core/error.h"

/* Pages larger than this are refused (CC_ETOOBIG); callers cap earlier. */
#define CC_READABLE_MAX_INPUT ((size_t)64 * 1024 * 1024)

enum cc_readable_block_kind {
    CC_READABLE_HEADING = 1,
    CC_READABLE_PARAGRAPH = 2,
    CC_READABLE_LIST_ITEM = 3, /* the text of an <li> */
};

/* A hyperlink inside a block: text[start..end) is its anchor text. */
struct cc_readable_link {
    size_t start; /* byte offsets into the block's text */
    size_t end;
    char *url;    /* owned: absolute http(s) URL (relative ones resolved) */
};

/* One block of the main text, in page order. */
struct cc_readable_block {
    int kind;   /* enum cc_readable_block_kind */
    int level;  /* heading level 1-6 (the headline is 1); 0 for a paragraph */
    char *text; /* owned: plain text, entities decoded, whitespace collapsed, NFC */
    size_t len; /* bytes of text */
    struct cc_readable_link *links; /* owned; links of paragraphs and list items */
    size_t nlinks;
};

/* Where the publication date came from, in the order they are tried. */
enum cc_readable_date_source {
    CC_READABLE_DATE_NONE = 0,
    CC_READABLE_DATE_META_PUBLISHED, /* <meta property="article:published_time"> and variants */
    CC_READABLE_DATE_JSONLD,         /* JSON-LD datePublished (@graph, arrays, nesting) */
    CC_READABLE_DATE_TIME,           /* itemprop=datePublished, or <time datetime> in the article */
    CC_READABLE_DATE_META_OTHER,     /* Dublin Core and other meta names (dc.date, pubdate...) */
    CC_READABLE_DATE_URL,            /* /2025/07/02/, /2025-07-02/, 20250702 in the URL path */
};

struct cc_readable {
    char *title;                      /* owned: the headline, site name cut off; NULL if none */
    struct cc_readable_block *blocks; /* owned: the headline (when known) first, as a level-1
                                       * heading, then subheadings and paragraphs */
    size_t nblocks;
    int64_t published;                /* UTC seconds; CC_TIME_NONE when no date was found */
    int date_source;                  /* enum cc_readable_date_source */
    char *date_detail;                /* owned: the meta name, JSON-LD key or element that
                                       * gave the date ("dc.date.issued"); NULL when none */
    char *site_name;                  /* owned: og:site_name, else JSON-LD publisher name,
                                       * else application-name; NULL when none */
    char *canonical_url;              /* owned: <link rel=canonical> or og:url; NULL if none */
    char *lang;                       /* owned: <html lang>; NULL when absent */
    const char *charset;              /* static canonical name used to decode the bytes */
    size_t repaired;                  /* invalid byte sequences repaired while decoding */
    bool from_jsonld_body;            /* the text came from JSON-LD articleBody */
    size_t text_len;                  /* bytes of paragraph and list text (no headings) */
};

struct cc_readable_options {
    const char *url;          /* address of the page (date in the path), or NULL */
    const char *http_charset; /* charset of the HTTP Content-Type, or NULL */
    const char *subject;      /* file or URL named in errors; NULL: "page" */
};

/* Extracts the article of an HTML page from bytes[0..len) (any encoding).
 * On success *out is a new value the caller frees with cc_readable_free; a
 * page without article text gives nblocks == 0 (or only the headline), not
 * an error. opts may be NULL. Errors: CC_ETOOBIG (len over
 * CC_READABLE_MAX_INPUT), CC_EPARSE (libxml2 could not build a document),
 * CC_ENOMEM. */
CC_NODISCARD int cc_readable_parse(struct cc_readable **out, const char *bytes, size_t len,
                                   const struct cc_readable_options *opts,
                                   struct cc_error *err);

/* Frees r and everything it owns. Accepts NULL. */
void cc_readable_free(struct cc_readable *r);

/* A short static name for a date source: "article:published_time",
 * "json-ld", "time", "meta", "url", or "none". */
const char *cc_readable_date_source_name(int source);

/* True when bytes look like an HTML document rather than plain text or
 * Markdown: after an optional BOM and whitespace, a doctype, <html>, <head>,
 * <body>, a comment, or (in the first 1 KiB) common block tags. Cannot fail. */
bool cc_readable_is_html(const char *bytes, size_t len);

#endif
