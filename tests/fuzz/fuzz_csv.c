/*
 * fuzz_csv.c: the CSV writers round trip (core/csv, core/report_csv).
 *
 * The input is cut into cells; they are written as rows with
 * cc_csv_add_cell (binary cells, NUL included) and cc_csv_add_row, and as a
 * verify report (cc_report_csv_add: the cells become the article name, the
 * claim, outlet lists, the evidence and the contradiction) and a fetch
 * report (cc_report_csv_add_fetch). A small strict RFC 4180 reader below
 * reads the bytes back.
 *
 * Invariants: the output parses as RFC 4180 (quoted fields only where
 * needed, doubled quotes, the right line ends) into exactly the rows and
 * cells written, each equal to its input modulo formula neutralisation (a
 * cell starting with = + - @ tab CR comes back with a leading '\'');
 * unless CC_CSV_RAW, no cell read back starts with a formula character;
 * cc_report_csv_scan sees the same records and first fields.
 *
 * Layout: byte 0 picks flags and the verdict; with 17 bytes or more, bytes
 * 1-8 are the evidence date (int64_t) and 9-16 the score (double), raw, so
 * the limits of time_t and NaN get tried. The rest is split at 0xFF bytes.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/num.h"
#include "core/report_csv.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CELLS 48

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

struct cell {
    const char *p;
    size_t len;
};

/* ---- a strict RFC 4180 reader ------------------------------------------- */

struct field {
    char *p; /* malloc'd, NUL-terminated (may hold NULs) */
    size_t len;
};

struct record {
    struct field *v;
    size_t n;
};

struct table {
    struct record *v;
    size_t n;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    check(q != NULL);
    return q;
}

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t j = 0; j < t->v[i].n; j++) {
            free(t->v[i].v[j].p);
        }
        free(t->v[i].v);
    }
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

/* Reads s[0..len) into t; traps on anything RFC 4180 does not allow: a
 * quote inside an unquoted field, text after a closing quote, an
 * unterminated quoted field, a line end other than eol, a last record
 * without its line end. */
static void read_csv(struct table *t, const char *s, size_t len, const char *eol)
{
    size_t eol_len = strlen(eol);
    size_t i = 0;
    while (i < len) {
        struct record r = {NULL, 0};
        for (;;) {
            struct field f = {xrealloc(NULL, len - i + 1), 0};
            if (s[i] == '"') {
                i++;
                for (;;) {
                    check(i < len); /* unterminated quoted field */
                    if (s[i] == '"') {
                        if (i + 1 < len && s[i + 1] == '"') {
                            f.p[f.len++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    f.p[f.len++] = s[i++];
                }
            } else {
                while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                    check(s[i] != '"');
                    f.p[f.len++] = s[i++];
                }
            }
            f.p[f.len] = '\0';
            r.v = xrealloc(r.v, (r.n + 1) * sizeof(*r.v));
            r.v[r.n++] = f;
            check(i < len); /* every record ends with its line end */
            if (s[i] == ',') {
                i++;
                continue;
            }
            check(len - i >= eol_len && memcmp(s + i, eol, eol_len) == 0);
            i += eol_len;
            break;
        }
        t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
        t->v[t->n++] = r;
    }
}

/* The cell as it must read back: itself, or '\'' + itself when neutralised. */
static void check_cell(const struct field *f, const char *p, size_t len, unsigned flags)
{
    if (!p) {
        p = "";
        len = 0;
    }
    bool neutral = !(flags & CC_CSV_RAW) && cc_csv_is_formula(p, len);
    if (neutral) {
        check(f->len == len + 1 && f->p[0] == '\'' && memcmp(f->p + 1, p, len) == 0);
    } else {
        check(f->len == len && memcmp(f->p, p, len) == 0);
    }
    if (!(flags & CC_CSV_RAW)) {
        check(!cc_csv_is_formula(f->p, f->len));
    }
}

static void check_str(const struct field *f, const char *s)
{
    check_cell(f, s, s ? strlen(s) : 0, 0);
}

/* ---- cc_report_csv_scan ------------------------------------------------- */

struct scan_state {
    size_t n;
    const struct cc_buf *firsts; /* expected first fields as written, '\0'-separated */
    size_t at;
};

static int on_record(const char *rec, size_t rec_len, const char *first, size_t first_len,
                     void *payload)
{
    struct scan_state *st = payload;
    check(rec_len > 0 && first >= rec && first + first_len <= rec + rec_len);
    check(st->at + first_len < st->firsts->len + 1);
    check(memcmp(st->firsts->buf + st->at, first, first_len) == 0);
    check(st->firsts->buf[st->at + first_len] == '\0');
    st->at += first_len + 1;
    st->n++;
    return 0;
}

/* ---- the three writers -------------------------------------------------- */

static void rows_round_trip(const struct cell *cells, size_t n, unsigned flags)
{
    const char *eol = (flags & CC_CSV_LF) ? "\n" : "\r\n";
    struct cc_buf out = CC_BUF_INIT;
    /* Row 1: cell by cell, binary. */
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            check(cc_buf_addch(&out, ',') == 0);
        }
        check(cc_csv_add_cell(&out, cells[i].p, cells[i].len, flags) == 0);
    }
    check(cc_buf_adds(&out, eol) == 0);
    /* Row 2: the same cells as C strings (cut at their first NUL). */
    const char *strs[MAX_CELLS];
    char *owned[MAX_CELLS];
    for (size_t i = 0; i < n; i++) {
        owned[i] = xrealloc(NULL, cells[i].len + 1);
        memcpy(owned[i], cells[i].p, cells[i].len);
        owned[i][cells[i].len] = '\0';
        strs[i] = owned[i];
    }
    check(cc_csv_add_row(&out, strs, n, flags) == 0);

    struct table t = {NULL, 0};
    read_csv(&t, out.buf, out.len, eol);
    check(t.n == 2 && t.v[0].n == n && t.v[1].n == n);
    for (size_t i = 0; i < n; i++) {
        check_cell(&t.v[0].v[i], cells[i].p, cells[i].len, flags);
        check_cell(&t.v[1].v[i], strs[i], strlen(strs[i]), flags);
    }
    table_free(&t);
    for (size_t i = 0; i < n; i++) {
        free(owned[i]);
    }
    cc_buf_release(&out);
}

static char *cstr(const struct cell *c)
{
    char *s = xrealloc(NULL, c->len + 1);
    memcpy(s, c->p, c->len);
    s[c->len] = '\0';
    return s;
}

/* Joined as report_csv joins lists. */
static void join(struct cc_buf *b, char *const *v, size_t n)
{
    cc_buf_reset(b);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            check(cc_buf_addch(b, ';') == 0);
        }
        check(cc_buf_adds(b, v[i]) == 0);
    }
}

static void verify_round_trip(char **s, size_t n, unsigned sel, int64_t published, double score)
{
    /* Cells are taken in turn (wrapping); n >= 1. */
    size_t k = 0;
#define NEXT() (s[(k++) % n])
    struct cc_evidence ev;
    memset(&ev, 0, sizeof(ev));
    ev.outlet = NEXT();
    ev.title = (sel & 0x10) ? NULL : NEXT();
    ev.url = NEXT();
    ev.published = (sel & 0x20) ? CC_TIME_NONE : published;
    char *lists[4][3];
    size_t nl[4];
    for (size_t l = 0; l < 4; l++) {
        nl[l] = (sel + l) % 4;
        for (size_t j = 0; j < nl[l] && j < 3; j++) {
            lists[l][j] = NEXT();
        }
        if (nl[l] > 3) {
            nl[l] = 3;
        }
    }
    struct cc_claim_result claims[2];
    memset(claims, 0, sizeof(claims));
    for (size_t c = 0; c < 2; c++) {
        struct cc_claim_result *cr = &claims[c];
        cr->index = c == 0 ? (size_t)sel : SIZE_MAX - sel;
        cr->text = NEXT();
        cr->checkworthy = (sel >> c) & 1;
        cr->cited_outlets = lists[0];
        cr->ncited = nl[0];
        cr->cited_confirmed = lists[1];
        cr->nconfirmed = nl[1];
        cr->reporting_outlets = lists[2];
        cr->nreporting = nl[2];
        cr->corroborating_outlets = lists[3];
        cr->ncorroborating = nl[3];
        cr->n_outlets = nl[3];
        cr->score = c == 0 ? score : -score;
        cr->verdict = (enum cc_verdict)((sel + c) % 5);
        cr->evidence = &ev;
        cr->nevidence = 1;
        cr->best = c == 0 ? 0 : -1;
        cr->contradiction = (sel & 0x40) ? NULL : NEXT();
    }
    struct cc_verify_result r;
    memset(&r, 0, sizeof(r));
    r.article = NEXT();
    r.claims = claims;
    r.nclaims = 2;
#undef NEXT

    struct cc_buf out = CC_BUF_INIT;
    check(cc_report_csv_add_header(&out) == 0);
    check(cc_report_csv_add(&out, &r) == 0);
    struct table t = {NULL, 0};
    read_csv(&t, out.buf, out.len, "\r\n");
    check(t.n == 3);
    for (size_t i = 0; i < t.n; i++) {
        check(t.v[i].n == CC_REPORT_CSV_NCOLUMNS);
    }
    for (size_t j = 0; j < CC_REPORT_CSV_NCOLUMNS; j++) {
        check_str(&t.v[0].v[j], cc_report_csv_columns[j]);
    }
    struct cc_buf joined = CC_BUF_INIT;
    for (size_t c = 0; c < 2; c++) {
        const struct cc_claim_result *cr = &claims[c];
        const struct field *f = t.v[c + 1].v;
        char num[32];
        check_str(&f[0], r.article);
        /* claim_index is empty for a sentence that is not a claim (index 0). */
        num[0] = '\0';
        if (cr->index > 0) {
            snprintf(num, sizeof(num), "%zu", cr->index);
        }
        check_str(&f[1], num);
        check_str(&f[2], cr->text);
        check_str(&f[3], cr->checkworthy ? "true" : "false");
        for (size_t l = 0; l < 4; l++) {
            join(&joined, lists[l], nl[l]);
            check_str(&f[4 + l], joined.buf);
        }
        snprintf(num, sizeof(num), "%zu", cr->n_outlets);
        check_str(&f[8], num);
        /* The score cell is a number in [0,1] with 3 decimals. */
        double got = -1;
        check(f[9].len == 5 && cc_parse_double(&got, f[9].p, f[9].len) == 0);
        check(got >= 0 && got <= 1);
        check_str(&f[10], cc_verdict_name(cr->verdict));
        const struct cc_evidence *e = cr->best >= 0 ? &ev : NULL;
        check_str(&f[11], e ? e->outlet : NULL);
        check_str(&f[12], e ? e->title : NULL);
        check_str(&f[13], e ? e->url : NULL);
        char when[32] = "";
        if (e && e->published != CC_TIME_NONE) {
            cc_time_format(when, e->published);
        }
        check_str(&f[14], when);
        check_str(&f[15], cr->contradiction);
    }
    cc_buf_release(&joined);

    /* The scanner batch uses to rewrite a day's report agrees. */
    struct cc_buf firsts = CC_BUF_INIT;
    const char *names[] = {"article", r.article, r.article};
    for (size_t i = 0; i < 3; i++) {
        check(cc_csv_add_cell(&firsts, names[i], strlen(names[i]), 0) == 0);
        check(cc_buf_addch(&firsts, '\0') == 0);
    }
    struct scan_state st = {0, &firsts, 0};
    check(cc_report_csv_scan(out.buf, out.len, on_record, &st) == 0);
    check(st.n == 3);
    cc_buf_release(&firsts);
    table_free(&t);
    cc_buf_release(&out);
}

static void fetch_round_trip(char **s, size_t n, unsigned sel)
{
    struct cc_fetch_result res;
    memset(&res, 0, sizeof(res));
    res.outlet = s[0];
    res.feed_url = s[1 % n];
    res.error = (sel & 1) ? NULL : s[2 % n];
    res.status = (enum cc_fetch_status)(sel % 4);
    res.http_status = (int)sel - 128;
    res.bytes = UINT64_MAX - sel;
    res.elapsed_ms = INT64_MIN + sel;
    struct cc_fetch_report rep;
    memset(&rep, 0, sizeof(rep));
    rep.results = &res;
    rep.n = 1;
    struct cc_buf out = CC_BUF_INIT;
    check(cc_report_csv_add_fetch(&out, &rep, true) == 0);
    struct table t = {NULL, 0};
    read_csv(&t, out.buf, out.len, "\r\n");
    check(t.n == 2 && t.v[0].n == CC_REPORT_FETCH_CSV_NCOLUMNS &&
          t.v[1].n == CC_REPORT_FETCH_CSV_NCOLUMNS);
    const struct field *f = t.v[1].v;
    check_str(&f[0], res.outlet);
    check_str(&f[1], res.feed_url);
    check_str(&f[2], cc_fetch_status_name(res.status));
    check_str(&f[8], res.error);
    table_free(&t);
    cc_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    unsigned sel = data[0];
    int64_t published = 1751414400;
    double score = 0.5;
    size_t off = 1;
    if (size >= 17) {
        memcpy(&published, data + 1, sizeof(published));
        memcpy(&score, data + 9, sizeof(score));
        off = 17;
    }
    struct cell cells[MAX_CELLS];
    size_t n = 0;
    size_t start = off;
    for (size_t i = off; i <= size && n < MAX_CELLS; i++) {
        if (i == size || data[i] == 0xFF) {
            cells[n].p = (const char *)data + start;
            cells[n].len = i - start;
            n++;
            start = i + 1;
        }
    }
    rows_round_trip(cells, n, sel & (CC_CSV_RAW | CC_CSV_LF));

    char *strs[MAX_CELLS];
    for (size_t i = 0; i < n; i++) {
        strs[i] = cstr(&cells[i]);
    }
    verify_round_trip(strs, n, sel, published, score);
    fetch_round_trip(strs, n, sel);
    for (size_t i = 0; i < n; i++) {
        free(strs[i]);
    }
    return 0;
}
