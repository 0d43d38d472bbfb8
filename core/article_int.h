/*
 * article_int.h: what the article loader's .c files share (article.c and
 * article_html.c). Not for other modules.
 *
 * The HTML path (article_html.c, issue 5) builds the article through the
 * helpers below, so every article has the same invariants: text is valid
 * NFC UTF-8, blocks are separated by one blank line, block and link offsets
 * point into text.
 */
#ifndef CC_CORE_ARTICLE_INT_H
#define CC_CORE_ARTICLE_INT_H

#include "core/article.h"

/* Appends a block (kind and level as in struct cc_text_block) holding
 * text[0..len): invalid UTF-8 repaired, NFC, control characters and runs of
 * white space made single spaces, trimmed. An empty result adds nothing.
 * *start_out (may be NULL) gets the block's offset in a->text, so links
 * inside it can be recorded. Errors: CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_article__add_block(struct cc_article *a, int kind, int level, const char *text,
                                       size_t len, size_t *start_out, struct cc_error *err);

/* Records a link: the anchor a->text[start..end) points at url[0..len)
 * (copied). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_article__add_link(struct cc_article *a, size_t start, size_t end,
                                      const char *url, size_t len, struct cc_error *err);

/* Replaces *field with a copy of s[0..len) (NULL s: sets NULL). Errors:
 * CC_ENOMEM. */
CC_NODISCARD int cc_article__set_string(char **field, const char *s, size_t len,
                                        struct cc_error *err);

/* Fills a from an HTML page (implemented in article_html.c, issue 5): title,
 * blocks (headline as a level-1 heading, subheadings, paragraphs), links,
 * date and date_source, url, site_name, outlet; a->source, a->bytes and
 * a->format are already set. http_charset is the Content-Type charset or
 * NULL. The caller applies the --date option afterwards. Errors: CC_EPARSE,
 * CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_article__parse_html(struct cc_article *a, const char *bytes, size_t len,
                                        const char *http_charset, struct cc_error *err);

/* [issue 5, helper html] Fetches an http(s) article with fetchers/http
 * (timeouts, redirect rules, opts->max_bytes as the body cap) and reads it
 * as HTML (by media type or content) or as text; a->url is the final URL,
 * a->source the URL as given; --date (opts->date) is applied. Implemented in
 * article_html.c; cc_article_load calls it for http:// and https://.
 * Errors (subject: the URL): CC_ENET ("HTTP 404", connection, timeout, too
 * many redirects), CC_ETOOBIG ("article is larger than the N-byte cap"),
 * CC_EINVAL (a redirect to another scheme), CC_EPARSE, CC_ENOMEM. */
CC_NODISCARD int cc_article__load_url(struct cc_article **out, const char *url,
                                      const struct cc_article_options *opts, struct cc_error *err);

/* Loads an http(s) article (implemented in article_html.c, issue 5): fetched
 * with fetchers/http within the article cap, read as HTML or text by its
 * content, the final URL kept in a->url, the --date option applied.
 * cc_article_load calls it for "http://" and "https://" sources. Errors:
 * CC_ENET, CC_ETOOBIG, CC_EPARSE, CC_ENOMEM (subject: the URL). */
CC_NODISCARD int cc_article__load_url(struct cc_article **out, const char *url,
                                      const struct cc_article_options *opts, struct cc_error *err);

#endif
