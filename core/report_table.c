#include "core/common.h"

#include "core/num.h"
#include "core/report_table.h"
#include "core/utf8.h"
#include "core/banned.h"

/* Column widths of the row's fixed part: "  #  VERDICT  SCORE SRC  ". */
#define COL_INDEX 3
#define COL_VERDICT 16 /* "? uncorroborated" */
#define COL_SCORE 5
#define COL_SOURCES 3
#define ROW_PREFIX (2 + COL_INDEX + 2 + COL_VERDICT + 1 + COL_SCORE + 1 + COL_SOURCES + 2)
/* Below this many columns for the claim, the claim goes under the row. */
#define MIN_TEXT_COLUMN 24
#define STACKED_INDENT 5

#define SGR_RESET "\x1b[0m"
#define SGR_BOLD "\x1b[1m"
#define SGR_DIM "\x1b[2m"
#define SGR_RED "\x1b[1;31m"

const char *cc_report_verdict_icon(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "\xe2\x9c\x94"; /* U+2714 heavy check mark */
    case CC_VERDICT_SINGLE_SOURCE:
        return "1";
    case CC_VERDICT_UNCORROBORATED:
        return "?";
    case CC_VERDICT_CONTRADICTED:
        return "\xe2\x9c\x98"; /* U+2718 heavy ballot x */
    case CC_VERDICT_NOT_CHECKABLE:
        return "-";
    }
    return "?";
}

static const char *verdict_sgr(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "\x1b[32m";
    case CC_VERDICT_SINGLE_SOURCE:
        return "\x1b[33m";
    case CC_VERDICT_UNCORROBORATED:
        return "\x1b[1m";
    case CC_VERDICT_CONTRADICTED:
        return SGR_RED;
    case CC_VERDICT_NOT_CHECKABLE:
        return SGR_DIM;
    }
    return "";
}

struct table {
    struct cc_buf *out;
    size_t width;
    bool color;
    struct cc_buf text;  /* scratch: a sanitised one-line text */
    struct cc_buf lines; /* scratch: wrapped lines, each ended by '\n' */
    int rc;
};

static void add(struct table *t, const char *s, size_t len)
{
    if (t->rc == 0) {
        t->rc = cc_buf_add(t->out, s, len);
    }
}

static void adds(struct table *t, const char *s)
{
    add(t, s, strlen(s));
}

static void sgr(struct table *t, const char *code)
{
    if (t->color) {
        adds(t, code);
    }
}

static void spaces(struct table *t, size_t n)
{
    for (size_t i = 0; i < n && t->rc == 0; i++) {
        t->rc = cc_buf_addch(t->out, ' ');
    }
}

/* Appends s to t->text as one line: C0/C1 controls and DEL (escape
 * sequences from a feed) become spaces, runs of spaces collapse, invalid
 * UTF-8 is repaired. */
static void add_clean(struct table *t, const char *s)
{
    if (!s || t->rc != 0) {
        return;
    }
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len && t->rc == 0) {
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, s + i, len - i);
        bool space = cp >= 0 &&
                     (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cc_utf8_is_space(cp));
        /* Bidi embeddings, overrides and isolates could reorder the
         * rest of the line on a terminal: dropped. */
        bool drop = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
        if (drop) {
            /* nothing */
        } else if (cp < 0) {
            /* An invalid byte: shown as U+FFFD. */
            t->rc = cc_utf8_encode(&t->text, (int32_t)CC_UTF8_REPLACEMENT);
        } else if (space) {
            if (t->text.len > 0 && t->text.buf[t->text.len - 1] != ' ') {
                t->rc = cc_buf_addch(&t->text, ' ');
            }
        } else {
            t->rc = cc_buf_add(&t->text, s + i, n);
        }
        i += n;
    }
}

/* Wraps t->text into t->lines, each at most width columns: greedy by
 * words, a word wider than the line is cut between code points. */
static void wrap(struct table *t, size_t width)
{
    cc_buf_reset(&t->lines);
    const char *s = t->text.buf;
    size_t len = t->text.len;
    size_t used = 0; /* width of the current line */
    size_t i = 0;
    while (i < len && t->rc == 0) {
        while (i < len && s[i] == ' ') {
            i++;
        }
        size_t w = i;
        while (w < len && s[w] != ' ') {
            w++;
        }
        if (w == i) {
            break;
        }
        size_t ww = cc_utf8_width(s + i, w - i);
        if (used > 0 && used + 1 + ww <= width) {
            t->rc = cc_buf_addch(&t->lines, ' ');
            t->rc = t->rc ? t->rc : cc_buf_add(&t->lines, s + i, w - i);
            used += 1 + ww;
            i = w;
            continue;
        }
        if (used > 0) {
            t->rc = cc_buf_addch(&t->lines, '\n');
            used = 0;
        }
        while (t->rc == 0 && ww > width) {
            size_t part_w = 0;
            size_t part = cc_utf8_prefix_for_width(s + i, w - i, width, &part_w);
            if (part == 0) {
                /* A character wider than the whole column (width 1, a wide
                 * character): take it anyway rather than loop. */
                int32_t cp;
                part = cc_utf8_decode(&cp, s + i, w - i);
            }
            t->rc = cc_buf_add(&t->lines, s + i, part);
            t->rc = t->rc ? t->rc : cc_buf_addch(&t->lines, '\n');
            i += part;
            ww = cc_utf8_width(s + i, w - i);
        }
        if (t->rc == 0 && i < w) {
            t->rc = cc_buf_add(&t->lines, s + i, w - i);
            used = ww;
        }
        i = w;
    }
    if (t->rc == 0 && (t->lines.len == 0 || t->lines.buf[t->lines.len - 1] != '\n')) {
        t->rc = cc_buf_addch(&t->lines, '\n');
    }
}

/* Writes t->text wrapped to width, every line after the first (or every
 * line, when first_indented) indented by indent columns. label_len bytes at
 * the start are shown dim (a "cited:" label). Returns nothing; errors stick
 * in t->rc. */
static void emit_wrapped(struct table *t, size_t indent, size_t width, bool first_indented,
                         size_t label_len, const char *line_sgr)
{
    wrap(t, width);
    const char *p = t->lines.buf;
    const char *end = p + t->lines.len;
    bool first = true;
    while (p < end && t->rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)(nl - p);
        if (!first || first_indented) {
            spaces(t, indent);
        }
        if (line_sgr) {
            sgr(t, line_sgr);
        }
        if (first && label_len > 0 && label_len <= n) {
            if (!line_sgr) {
                sgr(t, SGR_DIM);
            }
            add(t, p, label_len);
            if (!line_sgr) {
                sgr(t, SGR_RESET);
            }
            add(t, p + label_len, n - label_len);
        } else {
            add(t, p, n);
        }
        if (line_sgr) {
            sgr(t, SGR_RESET);
        }
        adds(t, "\n");
        first = false;
        p = nl + 1;
    }
}

static void text_reset(struct table *t)
{
    cc_buf_reset(&t->text);
}

static void text_addf_time(struct table *t, int64_t when, bool with_time)
{
    char s[32];
    if (with_time) {
        cc_time_format(s, when);
    } else {
        cc_date_format(s, when);
    }
    add_clean(t, s);
}

static void text_list(struct table *t, char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            add_clean(t, ", ");
        }
        add_clean(t, names[i]);
    }
}

static bool in_list(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++) {
        if (names[i] && strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static void article_header(struct table *t, const struct cc_verify_result *r)
{
    text_reset(t);
    add_clean(t, r->title ? r->title : r->article);
    sgr(t, SGR_BOLD);
    emit_wrapped(t, 0, t->width, false, 0, NULL);
    sgr(t, SGR_RESET);

    text_reset(t);
    if (r->title) {
        add_clean(t, r->article);
        add_clean(t, " | ");
    }
    if (r->article_outlet) {
        add_clean(t, r->article_outlet);
        add_clean(t, " | ");
    }
    if (r->date != CC_TIME_NONE) {
        text_addf_time(t, r->date, false);
        if (r->date_source) {
            add_clean(t, " (");
            add_clean(t, r->date_source);
            add_clean(t, ")");
        }
        add_clean(t, " | ");
    }
    char window[64];
    snprintf(window, sizeof(window), "window +/-%d days", r->window_days);
    add_clean(t, window);
    emit_wrapped(t, 2, t->width - 2, true, 0, NULL);

    size_t counts[CC_VERDICT_NOT_CHECKABLE + 1] = {0};
    size_t nclaims = 0;
    size_t unchecked = 0;
    for (size_t i = 0; i < r->nclaims; i++) {
        if (!r->claims[i].checkworthy) {
            unchecked++;
        } else if ((size_t)r->claims[i].verdict < CC_ARRAY_LEN(counts)) {
            counts[r->claims[i].verdict]++;
            nclaims++;
        }
    }
    text_reset(t);
    char part[96];
    snprintf(part, sizeof(part), "%zu claim%s", nclaims, nclaims == 1 ? "" : "s");
    add_clean(t, part);
    const char *sep = ": ";
    for (size_t v = 0; v < CC_ARRAY_LEN(counts); v++) {
        if (counts[v] == 0) {
            continue;
        }
        snprintf(part, sizeof(part), "%s%zu %s", sep, counts[v],
                 cc_verdict_name((enum cc_verdict)v));
        add_clean(t, part);
        sep = ", ";
    }
    if (unchecked > 0) {
        snprintf(part, sizeof(part), "; %zu sentence%s not checkable (not listed)", unchecked,
                 unchecked == 1 ? "" : "s");
        add_clean(t, part);
    }
    emit_wrapped(t, 2, t->width - 2, true, 0, NULL);
    for (size_t i = 0; i < r->nwarnings; i++) {
        text_reset(t);
        add_clean(t, "warning: ");
        add_clean(t, r->warnings[i]);
        emit_wrapped(t, 2, t->width - 2, true, 8, NULL);
    }
    adds(t, "\n");
}

/* The fixed part of a claim's first line: index, verdict, score, sources. */
static void row_prefix(struct table *t, const struct cc_claim_result *c)
{
    char index[24];
    char score[16];
    char sources[24];
    snprintf(index, sizeof(index), "%*zu", COL_INDEX, c->index);
    if (strlen(index) > COL_INDEX) {
        snprintf(index, sizeof(index), "%s", "###");
    }
    /* "> 0": NaN and -0.0 (which would print "-0.00") show as 0.00. */
    double sc = c->score > 0 ? (c->score < 1 ? c->score : 1.0) : 0.0;
    snprintf(score, sizeof(score), "%*.2f", COL_SCORE, sc);
    snprintf(sources, sizeof(sources), "%*zu", COL_SOURCES, c->n_outlets);
    spaces(t, 2);
    adds(t, c->index > 0 ? index : "  -");
    spaces(t, 2);
    const char *name = cc_verdict_name(c->verdict);
    sgr(t, verdict_sgr(c->verdict));
    adds(t, cc_report_verdict_icon(c->verdict));
    adds(t, " ");
    adds(t, name);
    sgr(t, SGR_RESET);
    size_t vw = 2 + strlen(name);
    spaces(t, vw < COL_VERDICT ? COL_VERDICT - vw : 0);
    spaces(t, 1);
    adds(t, score);
    spaces(t, 1);
    adds(t, sources);
    spaces(t, 2);
}

static void claim_details(struct table *t, const struct cc_claim_result *c, size_t indent,
                          size_t width)
{
    if (c->nreporting > 0) {
        text_reset(t);
        add_clean(t, "outlets: ");
        text_list(t, c->corroborating_outlets, c->ncorroborating);
        size_t copies = 0;
        for (size_t i = 0; i < c->nreporting; i++) {
            if (!in_list(c->corroborating_outlets, c->ncorroborating, c->reporting_outlets[i])) {
                add_clean(t, copies == 0 ? " (copies: " : ", ");
                add_clean(t, c->reporting_outlets[i]);
                copies++;
            }
        }
        if (copies > 0) {
            add_clean(t, ")");
        }
        emit_wrapped(t, indent, width, true, strlen("outlets:"), NULL);
    }
    if (c->ncitations > 0) {
        text_reset(t);
        add_clean(t, "cited: ");
        for (size_t i = 0; i < c->ncitations; i++) {
            const struct cc_citation_check *ck = &c->citations[i];
            if (i > 0) {
                add_clean(t, "; ");
            }
            add_clean(t, ck->outlet ? ck->outlet : ck->text);
            add_clean(t, ck->status == CC_CITE_CONFIRMED ? " \xe2\x9c\x94 " : " \xe2\x9c\x98 ");
            add_clean(t, cc_cite_status_name(ck->status));
        }
        emit_wrapped(t, indent, width, true, strlen("cited:"), NULL);
    }
    if (c->best >= 0 && (size_t)c->best < c->nevidence) {
        const struct cc_evidence *e = &c->evidence[c->best];
        text_reset(t);
        add_clean(t, "evidence: \"");
        add_clean(t, e->title ? e->title : (e->url ? e->url : "(untitled)"));
        add_clean(t, "\" (");
        add_clean(t, e->outlet);
        if (e->published != CC_TIME_NONE) {
            add_clean(t, ", ");
            text_addf_time(t, e->published, false);
        }
        add_clean(t, ")");
        emit_wrapped(t, indent, width, true, strlen("evidence:"), NULL);
    }
    if (c->contradiction) {
        text_reset(t);
        add_clean(t, "contradiction: ");
        add_clean(t, c->contradiction);
        emit_wrapped(t, indent, width, true, 0, SGR_RED);
    }
}

static void claim_row(struct table *t, const struct cc_claim_result *c)
{
    row_prefix(t, c);
    size_t text_width = t->width > ROW_PREFIX ? t->width - ROW_PREFIX : 0;
    size_t indent = ROW_PREFIX;
    if (text_width < MIN_TEXT_COLUMN) {
        /* Narrow terminal: the claim goes under its row. */
        adds(t, "\n");
        indent = STACKED_INDENT;
        text_width = t->width - STACKED_INDENT;
        text_reset(t);
        add_clean(t, c->text);
        emit_wrapped(t, indent, text_width, true, 0, NULL);
    } else {
        text_reset(t);
        add_clean(t, c->text);
        emit_wrapped(t, indent, text_width, false, 0, NULL);
    }
    claim_details(t, c, indent, text_width);
}

int cc_report_table_add(struct cc_buf *out, const struct cc_verify_result *const *results, size_t n,
                        const struct cc_report_table_options *opts)
{
    struct table t = {out, CC_REPORT_TABLE_DEFAULT_WIDTH, false, CC_BUF_INIT, CC_BUF_INIT, 0};
    if (opts) {
        t.width = opts->width == 0 ? CC_REPORT_TABLE_DEFAULT_WIDTH : opts->width;
        t.color = opts->color;
    }
    if (t.width < CC_REPORT_TABLE_MIN_WIDTH) {
        t.width = CC_REPORT_TABLE_MIN_WIDTH;
    }
    size_t mark = out->len;
    for (size_t a = 0; a < n && t.rc == 0; a++) {
        const struct cc_verify_result *r = results[a];
        if (a > 0) {
            adds(&t, "\n");
        }
        article_header(&t, r);
        sgr(&t, SGR_BOLD);
        char head[128];
        snprintf(head, sizeof(head), "  %*s  %-*s %*s %*s  %s", COL_INDEX, "#", COL_VERDICT,
                 "VERDICT", COL_SCORE, "SCORE", COL_SOURCES, "SRC", "CLAIM");
        adds(&t, head);
        sgr(&t, SGR_RESET);
        adds(&t, "\n");
        for (size_t i = 0; i < r->nclaims && t.rc == 0; i++) {
            /* Sentences with nothing to check are counted in the header,
             * not listed: the table is about claims. */
            if (r->claims[i].checkworthy) {
                claim_row(&t, &r->claims[i]);
            }
        }
    }
    int rc = t.rc;
    cc_buf_release(&t.text);
    cc_buf_release(&t.lines);
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}
