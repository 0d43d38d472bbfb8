/*
 * feed.h: the normalised feed and item values, and the feed parser.
 *
 * Owns: reading RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 bytes
 * into struct cc_feed (plain text fields, valid NFC UTF-8, UTC times), and
 * writing a feed as the `parse` JSON of DESIGN.md.
 * Does not: fetch anything (fetchers/http does), store anything (core/store).
 * Calls: core primitives, fetchers/charset (bytes to UTF-8), fetchers/date,
 * fetchers/html (markup to text), libxml2 (SAX2, no network, no external
 * entities, no entity expansion beyond the predefined and HTML ones) and
 * jansson, privately. feed_int.h is shared by feed*.c only.
 */
#ifndef CC_FETCHERS_FEED_H
#define CC_FETCHERS_FEED_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

/* One entry of a feed. Every char * is owned by the item (NULL = absent)
 * and holds plain text: tags stripped, entities decoded, whitespace
 * collapsed, valid UTF-8 in NFC. */
struct cc_item {
    char *id; /* guid, atom:id, rdf:about, JSON Feed id */
    char *title;
    char *link; /* absolute when a base was known */
    char *summary;
    char *content;
    char *author;
    int64_t published;    /* UTC seconds; the publication date, else the update date
                           * (dc:date, Atom updated); CC_TIME_NONE when neither parses */
    int64_t updated;      /* UTC seconds; CC_TIME_NONE when absent */
    bool id_is_permalink; /* RSS guid without isPermaLink="false" */
    char **categories;    /* owned array of owned strings */
    size_t ncategories;
};

struct cc_feed {
    char *title;           /* owned, NULL = absent */
    char *link;            /* owned, NULL = absent */
    const char *format;    /* static: "rss2.0", "rss1.0", "rss0.9x", "atom1.0",
                            * "atom0.3", "jsonfeed"; NULL for a document
                            * without any element (an empty feed) */
    struct cc_item *items; /* owned array */
    size_t nitems;
    size_t items_alloc;
    char **warnings; /* owned; one-line messages, e.g. recovered XML errors */
    size_t nwarnings;
    size_t warnings_dropped; /* warnings past the cap (parser-internal count) */
    size_t nstreamed;        /* items handed to cc_feed_options.on_item */
    bool malformed;          /* the bytes were not well-formed; read in recovery mode */
};

/* Called for each item as soon as it is complete, in document order (see
 * cc_feed_options.on_item). item is borrowed for the call. Return 0 to go
 * on, or a negative CC_E* code to stop parsing with that code. */
typedef int (*cc_feed_item_fn)(const struct cc_item *item, void *payload);

struct cc_feed_options {
    const char *base_url;     /* URL the bytes came from (relative links), or NULL */
    const char *http_charset; /* charset from the HTTP Content-Type, or NULL */
    const char *subject;      /* file or URL named in errors and warnings */
    size_t max_items;         /* 0: default cap (CC_FEED_MAX_ITEMS) */
    /* Streaming: when set, each finished item goes to on_item and is then
     * freed, not kept in feed->items (feed->nitems stays 0; nstreamed
     * counts them), so memory stays flat for big feeds. An Atom entry
     * inherits the feed's author only if the author came before it. */
    cc_feed_item_fn on_item;
    void *payload;
};

#define CC_FEED_MAX_ITEMS 100000
/* Distinct categories kept per item; more are dropped (real feeds carry a
 * few dozen; an item with a million made the duplicate check quadratic). */
#define CC_FEED_MAX_CATEGORIES 1000
/* cc_feed_load reads at most this many bytes (a local file; HTTP bodies are
 * capped by fetchers/http). */
#define CC_FEED_MAX_FILE ((size_t)256 * 1024 * 1024)

/* Parses a feed from memory. On success *out is a new feed the caller frees
 * with cc_feed_free. Errors: CC_EPARSE (not a feed, or unreadable even in
 * recovery mode; also entity-expansion attacks), CC_ETOOBIG, CC_ENOMEM.
 * opts may be NULL. */
CC_NODISCARD int cc_feed_parse(struct cc_feed **out, const char *data, size_t len,
                               const struct cc_feed_options *opts, struct cc_error *err);

/* Reads a feed file (path) and parses it; relative links resolve against
 * opts->base_url when given. Errors as cc_feed_parse plus CC_EIO. */
CC_NODISCARD int cc_feed_load(struct cc_feed **out, const char *path,
                              const struct cc_feed_options *opts, struct cc_error *err);

/* Frees a feed and everything it owns. Accepts NULL. */
void cc_feed_free(struct cc_feed *feed);

/* Releases what an item owns (the struct itself is not freed). */
void cc_item_release(struct cc_item *item);

/* Appends the `parse` JSON of DESIGN.md (plus "warnings" when there are
 * any) to out. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed_write_json(struct cc_buf *out, const struct cc_feed *feed,
                                    struct cc_error *err);

/* Writes the same JSON to f. Errors: CC_EIO (write failed), CC_ENOMEM. */
CC_NODISCARD int cc_feed_write_json_file(FILE *f, const struct cc_feed *feed, struct cc_error *err);

/* Parses data (as cc_feed_parse; opts->on_item must be NULL) and writes
 * the `parse` JSON to f while parsing, item by item: memory stays flat and
 * each item is written while it is hot. The keys come in the order
 * "items", "feed", "warnings" (the feed's title may follow its items).
 * *malformed_out (may be NULL) tells whether the XML was read in recovery
 * mode. Errors: as cc_feed_parse, plus CC_EIO (write failed); on error
 * part of the JSON may have been written. */
CC_NODISCARD int cc_feed_parse_write_json(FILE *f, const char *data, size_t len,
                                          const struct cc_feed_options *opts, bool *malformed_out,
                                          struct cc_error *err);

/* The same for a file (as cc_feed_load). */
CC_NODISCARD int cc_feed_load_write_json(FILE *f, const char *path,
                                         const struct cc_feed_options *opts, bool *malformed_out,
                                         struct cc_error *err);

/* Resolves the reference ref against base (RFC 3986 section 5.2, with the
 * leniency of browsers: backslashes are not special, surrounding space is
 * trimmed, "http:foo" keeps its scheme) and appends the result to out. A
 * NULL or empty base, or an absolute ref, appends ref as it is (trimmed).
 * Errors: CC_ENOMEM. */
CC_NODISCARD int cc_feed_resolve_url(struct cc_buf *out, const char *base, const char *ref,
                                     size_t reflen);

#endif
