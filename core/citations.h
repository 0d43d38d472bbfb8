/*
 * citations.h: the sources an article's sentences cite, resolved to outlets.
 *
 * Owns: finding citations in a sentence, in every form sloppy news prose
 * uses: bracketed lists of names and domains with "and", commas and trailing
 * prose ("(TheNews.com.pk, Arabnews.pk and Geo TV all offer coverage)",
 * "* [Arabnews.pk]"), datelines ("ISLAMABAD (Reuters) -"), "according to X",
 * "X reported", "X said in a report", "X's report", "as reported by X",
 * "told X", misspelled possessives ("Reuter’s reported"), bare domains and
 * URLs, and links; resolving each to a registry outlet (cc_registry_match);
 * keeping unknown sources and placeholders ("(Sources 1)") as unresolved
 * citations. A person or an official ("according to Dar", "according to
 * officials"), a non-source bracket ("(such as ...)") or an acronym that is
 * not an outlet (RAW, ISI, CENTCOM) is not a citation. Also: deciding that
 * a sentence only attributes, and the sentence text without its citations
 * (what the matcher should compare).
 * Does not: decide which claims a citation covers (core/claims), split
 * sentences. Calls: core primitives, core/outlets.
 */
#ifndef CC_CORE_CITATIONS_H
#define CC_CORE_CITATIONS_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/outlets.h"

enum cc_citation_kind {
    CC_CITATION_BRACKET = 1,     /* "(Reuters)", "(The Week, Deccan Herald)", "[Arabnews.pk]" */
    CC_CITATION_DATELINE = 2,    /* "ISLAMABAD (Reuters) -" */
    CC_CITATION_ACCORDING = 3,   /* "according to X" */
    CC_CITATION_REPORTED = 4,    /* "X reported", "X's report", "as reported by X", "told X" */
    CC_CITATION_DOMAIN = 5,      /* a bare domain or URL in prose */
    CC_CITATION_LINK = 6,        /* a hyperlink of the article to an outlet */
    CC_CITATION_PLACEHOLDER = 7, /* "(Sources 1)": a citation that points at nothing */
};

struct cc_citation {
    size_t start;        /* the source as written ("Reuter’s", "Arabnews.pk"): byte offsets */
    size_t end;          /* into the text given to cc_citations_find */
    size_t phrase_start; /* the whole attribution, left out of the match text: */
    size_t phrase_end;   /* ", according to Reuters", "(The Week, Deccan Herald)" */
    const struct cc_outlet *outlet; /* borrowed from the registry; NULL: unresolved */
    int kind;                       /* enum cc_citation_kind */
    bool ambiguous; /* resolved through an ambiguous alias ("Dawn", "The Week") that the
                     * context (a source bracket, a reporting verb) made plausible */
};

struct cc_citation_list {
    struct cc_citation *v; /* owned */
    size_t n;
    size_t alloc;
};

#define CC_CITATION_LIST_INIT                                                                      \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Frees the storage and re-initialises. Accepts NULL. */
void cc_citation_list_release(struct cc_citation_list *l);

/* Appends the citations of the sentence text[start..end), in text order.
 * reg may be NULL (nothing resolves; domains and placeholders are still
 * found). Brackets are matched with a depth limit; unbalanced ones are
 * skipped, never fatal. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_citations_find(struct cc_citation_list *out, const struct cc_registry *reg,
                                   const char *text, size_t start, size_t end,
                                   struct cc_error *err);

/* Appends a CC_CITATION_LINK citation when url belongs to an outlet of reg
 * (anchor text text[start..end)); unresolved links are not citations.
 * *added (may be NULL) says whether one was added. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_citations_add_link(struct cc_citation_list *out, const struct cc_registry *reg,
                                       size_t start, size_t end, const char *url, bool *added,
                                       struct cc_error *err);

/* True when the sentence text[start..end) does nothing but attribute: it has
 * citations, and with their phrases removed only filler words are left
 * ("Reuter’s reported this development.", "Additionally, this has also been
 * reported on economictimes.indiatimes.com for coverage."). cites are the
 * citations of that sentence. */
bool cc_citations_only(const char *text, size_t start, size_t end, const struct cc_citation *cites,
                       size_t ncites);

/* Appends the sentence text[start..end) with the citation phrases of cites
 * removed and the punctuation around them tidied ("X happened, according
 * to Reuters." -> "X happened."): what the matcher compares, so an outlet's
 * name never counts as evidence. Errors: CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_citations_strip(struct cc_buf *out, const char *text, size_t start, size_t end,
                                    const struct cc_citation *cites, size_t ncites);

/* A short name of a kind: "bracket", "dateline", "according", "reported",
 * "domain", "link", "placeholder". */
const char *cc_citation_kind_name(int kind);

#endif
