/*
 * readable_int.h: what fetchers/readable*.c share (not for other modules).
 *
 * readable.c parses and extracts the main text; readable_meta.c reads the
 * page's metadata (meta tags, JSON-LD, <time>, the URL) and picks the
 * headline; readable_date.c parses the date strings found there.
 */
#ifndef CC_FETCHERS_READABLE_INT_H
#define CC_FETCHERS_READABLE_INT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "fetchers/readable.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* JSON-LD nesting followed at most (jansson's own limit is higher). */
#define CC_READABLE__JSON_MAX_DEPTH 32

/* What the metadata pass found besides what it stores in struct cc_readable. */
struct cc_readable__hints {
    char *og_title;        /* og:title / twitter:title; owned, NULL if absent */
    char *jsonld_headline; /* JSON-LD headline of the article object */
    char *doc_title;       /* <title> */
    char *h1;              /* text of the first <h1> (one inside <article>/<main> wins) */
    char *jsonld_body;     /* JSON-LD articleBody (plain text), for the fallback */
    const char *url;       /* borrowed: the page address given by the caller, or NULL */
};

void cc_readable__hints_release(struct cc_readable__hints *h);

/* Reads metadata from doc into r (published, date_source, date_detail,
 * site_name, canonical_url, lang) and h. Does not change doc. Errors:
 * CC_ENOMEM. */
CC_NODISCARD int cc_readable__meta_read(struct cc_readable *r, struct cc_readable__hints *h,
                                        xmlDoc *doc, struct cc_error *err);

/* The headline from the hints (og:title, JSON-LD headline, <h1>, <title>),
 * with a " | Site" part cut off; a new string (cc_free) or NULL when there is
 * none. Sets *rc to CC_ENOMEM on failure (and returns NULL). */
char *cc_readable__pick_title(const struct cc_readable__hints *h, const char *site_name, int *rc);

/* Appends the text of the subtree at n (text nodes only, scripts and styles
 * skipped), whitespace collapsed to single spaces, trimmed. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_readable__node_text(struct cc_buf *out, const xmlNode *n);

/* The value of attribute name on element n, borrowed from the tree, or NULL. */
const char *cc_readable__attr(const xmlNode *n, const char *name);

/* Next node in document order under root (pre-order); descend = false skips
 * n's children. NULL at the end. */
xmlNode *cc_readable__next(xmlNode *n, const xmlNode *root, bool descend);

/* Parses a date as found in page metadata (ISO 8601 and its common
 * variants, RFC 822, "July 2, 2025", "2 July 2025") into UTC seconds.
 * 0 or CC_EINVAL. */
CC_NODISCARD int cc_readable__parse_date(int64_t *out, const char *s, size_t len);

/* Finds a date in the path of url (/2025/07/02/, /2025-07-02, 20250702);
 * 0 or CC_ENOTFOUND. */
CC_NODISCARD int cc_readable__url_date(int64_t *out, const char *url);

/* Appends s[0..len) with whitespace runs (NBSP included) collapsed to one
 * space and trimmed. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_readable__collapse(struct cc_buf *out, const char *s, size_t len);

#endif
