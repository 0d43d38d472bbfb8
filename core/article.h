/*
 * article.h: the text under check, loaded from a file, standard input or
 * (issue 5) an http(s) URL.
 *
 * Owns: reading with a size cap, decoding (BOM, UTF-16, invalid UTF-8
 * repaired, never fatal), NFC, telling plain text, Markdown and HTML apart
 * by content (and name), turning Markdown into plain blocks (headings,
 * paragraphs, list items; emphasis and links reduced to their text, link
 * URLs kept in links[]), and the article's date and where it came from.
 * The display text keeps curly quotes and dashes; matching code folds them
 * per span (core/textfeat cc_textfeat_fold), so offsets stay in one text.
 * HTML pages and http(s) URLs go through core/article_html.c (issue 5).
 * Does not: split sentences (core/sentences) or pick a page's main text
 * (fetchers/readable). Calls: core primitives, core/sentences (block
 * segmentation), core/outlets, fetchers/charset, fetchers/readable,
 * fetchers/http.
 */
#ifndef CC_CORE_ARTICLE_H
#define CC_CORE_ARTICLE_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/sentences.h"

struct cc_registry;

#define CC_ARTICLE_MAX_BYTES ((size_t)4 * 1024 * 1024) /* default input cap */

enum cc_article_format {
    CC_ARTICLE_DETECT = 0, /* options only: decide from the content and the name */
    CC_ARTICLE_TEXT = 1,
    CC_ARTICLE_MARKDOWN = 2,
    CC_ARTICLE_HTML = 3,
};

/* A hyperlink of the article: the anchor text text[start..end) points at url. */
struct cc_article_link {
    size_t start;
    size_t end;
    char *url; /* owned, as written */
};

/* A loaded article: a transparent value; every pointer is owned by it. */
struct cc_article {
    char *source;       /* as given: the path, "-" for standard input, or the URL */
    char *url;          /* final address of a web article; NULL for files */
    char *title;        /* headline; NULL when the article has none */
    struct cc_buf text; /* display text: valid UTF-8, NFC, blocks separated by blank lines */
    struct cc_block_list blocks;   /* headings, paragraphs and list items; offsets into text */
    struct cc_article_link *links; /* Markdown/HTML links, in text order */
    size_t nlinks;
    size_t links_alloc;
    int64_t date;      /* UTC seconds; CC_TIME_NONE when the article has no known date */
    char *date_source; /* "option" (--date), "article:published_time", "json-ld", ...;
                        * NULL when date is CC_TIME_NONE */
    char *outlet;      /* name of the article's own outlet (issue 5); NULL when unknown */
    char *site_name;   /* the site as it names itself (og:site_name); NULL when unknown */
    int format;        /* enum cc_article_format: what the content was read as */
    size_t bytes;      /* size of the input in bytes */
    size_t repaired;   /* invalid byte sequences repaired while decoding */
};

struct cc_article_options {
    size_t max_bytes; /* input cap in bytes; 0: CC_ARTICLE_MAX_BYTES */
    int64_t date;     /* the --date option (UTC seconds), CC_TIME_NONE: none; wins
                       * over any date the article states */
    int format;       /* enum cc_article_format; CC_ARTICLE_DETECT by default */
};

/* Defaults: 4 MiB cap, no date, detect the format. Cannot fail. */
void cc_article_options_init(struct cc_article_options *opts);

/* Loads source: "-" reads standard input, "http://" and "https://" are
 * fetched (cc_article__load_url), anything else is a path. The content, not
 * the name, decides HTML; a ".md" name or Markdown syntax decides Markdown.
 * opts may be NULL (defaults). On success *out is a new article the caller
 * frees with cc_article_free. Errors name the source: CC_EIO (cannot open
 * or read), CC_ETOOBIG (over the cap: "article is larger than the
 * 4194304-byte cap (4 MiB)"), CC_EPARSE (an HTML page with no readable
 * text), CC_ENET (a URL could not be fetched), CC_ENOMEM. */
CC_NODISCARD int cc_article_load(struct cc_article **out, const char *source,
                                 const struct cc_article_options *opts, struct cc_error *err);

/* Parses an article from bytes[0..len) (any encoding); name is its source
 * as shown in reports and errors (a path's extension helps detect the
 * format). Errors as cc_article_load, without CC_EIO. */
CC_NODISCARD int cc_article_parse(struct cc_article **out, const char *bytes, size_t len,
                                  const char *name, const struct cc_article_options *opts,
                                  struct cc_error *err);

/* Frees the article and everything it owns. Accepts NULL. */
void cc_article_free(struct cc_article *a);

/* [issue 5, helper html] Sets a->outlet to the registry outlet the article
 * itself belongs to: the owner of a->url's domain, else the outlet that
 * a->site_name (og:site_name, JSON-LD publisher) resolves to; leaves it NULL
 * when none matches. Implemented in article_html.c. Errors: CC_ENOMEM. */
struct cc_registry;
CC_NODISCARD int cc_article_find_outlet(struct cc_article *a, const struct cc_registry *reg,
                                        struct cc_error *err);

/* Sets a->outlet to the registry outlet the article itself belongs to: the
 * one owning its URL's domain, else the one its site name resolves to
 * (implemented in article_html.c, issue 5). Leaves it NULL when none
 * matches. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_article_find_outlet(struct cc_article *a, const struct cc_registry *reg,
                                        struct cc_error *err);

/* "text", "markdown" or "html". */
const char *cc_article_format_name(int format);

/* Parses a --date value, "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ",
 * into UTC seconds. Errors: CC_EINVAL ("invalid date 'x' (want YYYY-MM-DD)"). */
CC_NODISCARD int cc_article_parse_date(int64_t *out, const char *text, struct cc_error *err);

#endif
