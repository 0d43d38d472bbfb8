/*
 * feed_int.h: what feed.c, feed_xml.c and feed_json.c share, and nobody
 * else includes.
 *
 * feed.c owns the feed and item values (allocation, warnings, text
 * cleaning, author names, URL resolution, JSON output) and dispatches to
 * the XML (libxml2 SAX2) and JSON Feed (jansson) readers.
 */
#ifndef CC_FETCHERS_FEED_INT_H
#define CC_FETCHERS_FEED_INT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "fetchers/feed.h"

/* Warnings kept per feed; more are counted in one last line. */
#define CC_FEED_MAX_WARNINGS 20

/* Adds a one-line warning (cut to about 200 bytes). After
 * CC_FEED_MAX_WARNINGS the rest are only counted. 0 or CC_ENOMEM. */
CC_NODISCARD int cc_feed__warn(struct cc_feed *feed, const char *fmt, ...) CC_PRINTF(2, 3);

/* Finishes the warning list (the "N more" line). 0 or CC_ENOMEM. */
CC_NODISCARD int cc_feed__warn_finish(struct cc_feed *feed);

/* Appends an empty item (published/updated CC_TIME_NONE) and returns its
 * index in *index. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed__add_item(struct cc_feed *feed, size_t *index);

/* The item at feed->items[index] (the last one) is complete: with
 * opts->on_item it is handed over and freed (and feed->nitems drops back),
 * else it stays. Returns on_item's code or 0. */
CC_NODISCARD int cc_feed__item_done(struct cc_feed *feed, const struct cc_feed_options *opts,
                                    size_t index);

/* Items seen so far (kept or streamed), for the item cap. */
size_t cc_feed__item_count(const struct cc_feed *feed);

/* Replaces *field with the plain text of s[0..len) (cc_html_to_text with
 * flags); an empty result sets NULL. scratch is reused between calls
 * (its content is replaced; s must not point into it). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed__set_text(char **field, struct cc_buf *scratch, const char *s, size_t len,
                                   unsigned flags);

/* The display name in an author string: "me@x.org (Name)" and
 * "Name <me@x.org>" give "Name"; a bare address stays as it is. Appends to
 * out. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed__author_name(struct cc_buf *out, const char *s, size_t len);

/* Decodes base64 (whitespace ignored, lenient on padding) appended to out.
 * Errors: CC_EINVAL (not base64), CC_ENOMEM. */
CC_NODISCARD int cc_feed__base64(struct cc_buf *out, const char *s, size_t len);

/* Adds a copy of s to the item's categories (cleaned as plain text in
 * scratch, which s must not point into; empty ones and exact duplicates
 * are skipped). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed__add_category(struct cc_item *item, struct cc_buf *scratch, const char *s,
                                       size_t len);

/* Readers: fill feed (already allocated, empty) from data, which is valid
 * UTF-8 for the JSON reader and raw bytes for the XML one. */
CC_NODISCARD int cc_feed__parse_xml(struct cc_feed *feed, const char *data, size_t len,
                                    const struct cc_feed_options *opts, struct cc_error *err);
CC_NODISCARD int cc_feed__parse_json(struct cc_feed *feed, const char *data, size_t len,
                                     const struct cc_feed_options *opts, struct cc_error *err);

#endif
