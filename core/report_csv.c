#include "core/common.h"

#include "core/csv.h"
#include "core/num.h"
#include "core/report_csv.h"
#include "core/banned.h"

const char *const cc_report_csv_columns[CC_REPORT_CSV_NCOLUMNS] = {
    "article",
    "claim_index",
    "claim",
    "checkworthy",
    "cited_outlets",
    "cited_confirmed",
    "reporting_outlets",
    "corroborating_outlets",
    "n_outlets",
    "score",
    "verdict",
    "evidence_outlet",
    "evidence_title",
    "evidence_url",
    "evidence_published",
    "contradiction",
};

const char *const cc_report_fetch_csv_columns[CC_REPORT_FETCH_CSV_NCOLUMNS] = {
    "outlet",        "feed_url", "status",     "http_status", "new_items",
    "updated_items", "bytes",    "elapsed_ms", "error",
};

int cc_report_csv_add_header(struct cc_buf *out)
{
    return cc_csv_add_row(out, cc_report_csv_columns, CC_REPORT_CSV_NCOLUMNS, 0);
}

/* Appends names joined with ";" to b (reset first); "" when n == 0. */
static int join(struct cc_buf *b, char *const *names, size_t n)
{
    cc_buf_reset(b);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0) {
            rc = cc_buf_addch(b, ';');
        }
        if (rc == 0 && names[i]) {
            rc = cc_buf_adds(b, names[i]);
        }
    }
    return rc;
}

/* The lists of one row, kept between rows to reuse their storage. */
struct row_bufs {
    struct cc_buf cited;
    struct cc_buf confirmed;
    struct cc_buf reporting;
    struct cc_buf corroborating;
};

static int add_claim(struct cc_buf *out, struct row_bufs *rb, const struct cc_verify_result *r,
                     const struct cc_claim_result *c)
{
    char index[24] = "";
    char n_outlets[24];
    char score[32];
    char published[32] = "";
    /* A not-checkable sentence is a row but not a claim: no claim number
     * (claims count from 1, so 0 would look like one). */
    if (c->index > 0) {
        snprintf(index, sizeof(index), "%zu", c->index);
    }
    snprintf(n_outlets, sizeof(n_outlets), "%zu", c->n_outlets);
    /* Scores are in [0,1]; clamp so a stray NaN, overshoot or -0.0 (which
     * prints "-0.000", a cell the formula guard would then prefix with a
     * quote) never produces a cell a reader cannot parse. */
    double s = c->score;
    if (!(s > 0.0)) {
        s = 0.0;
    } else if (s > 1.0) {
        s = 1.0;
    }
    snprintf(score, sizeof(score), "%.3f", s);
    const struct cc_evidence *ev = NULL;
    if (c->best >= 0 && (size_t)c->best < c->nevidence) {
        ev = &c->evidence[c->best];
        if (ev->published != CC_TIME_NONE) {
            cc_time_format(published, ev->published);
        }
    }
    int rc = join(&rb->cited, c->cited_outlets, c->ncited);
    rc = rc ? rc : join(&rb->confirmed, c->cited_confirmed, c->nconfirmed);
    rc = rc ? rc : join(&rb->reporting, c->reporting_outlets, c->nreporting);
    rc = rc ? rc : join(&rb->corroborating, c->corroborating_outlets, c->ncorroborating);
    if (rc != 0) {
        return rc;
    }
    const char *cells[CC_REPORT_CSV_NCOLUMNS] = {
        r->article,
        index,
        c->text,
        c->checkworthy ? "true" : "false",
        rb->cited.buf,
        rb->confirmed.buf,
        rb->reporting.buf,
        rb->corroborating.buf,
        n_outlets,
        score,
        cc_verdict_name(c->verdict),
        ev ? ev->outlet : NULL,
        ev ? ev->title : NULL,
        ev ? ev->url : NULL,
        published,
        c->contradiction,
    };
    return cc_csv_add_row(out, cells, CC_REPORT_CSV_NCOLUMNS, 0);
}

int cc_report_csv_add(struct cc_buf *out, const struct cc_verify_result *r)
{
    struct row_bufs rb = {CC_BUF_INIT, CC_BUF_INIT, CC_BUF_INIT, CC_BUF_INIT};
    size_t mark = out->len;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->nclaims; i++) {
        rc = add_claim(out, &rb, r, &r->claims[i]);
    }
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    cc_buf_release(&rb.cited);
    cc_buf_release(&rb.confirmed);
    cc_buf_release(&rb.reporting);
    cc_buf_release(&rb.corroborating);
    return rc;
}

int cc_report_csv_add_fetch(struct cc_buf *out, const struct cc_fetch_report *rep, bool header)
{
    size_t mark = out->len;
    int rc = 0;
    if (header) {
        rc = cc_csv_add_row(out, cc_report_fetch_csv_columns, CC_REPORT_FETCH_CSV_NCOLUMNS, 0);
    }
    for (size_t i = 0; rc == 0 && i < rep->n; i++) {
        const struct cc_fetch_result *f = &rep->results[i];
        char http[16];
        char nnew[24];
        char nupd[24];
        char bytes[24];
        char ms[24];
        snprintf(http, sizeof(http), "%d", f->http_status);
        snprintf(nnew, sizeof(nnew), "%zu", f->new_items);
        snprintf(nupd, sizeof(nupd), "%zu", f->updated_items);
        snprintf(bytes, sizeof(bytes), "%llu", (unsigned long long)f->bytes);
        snprintf(ms, sizeof(ms), "%lld", (long long)f->elapsed_ms);
        const char *cells[CC_REPORT_FETCH_CSV_NCOLUMNS] = {
            f->outlet, f->feed_url, cc_fetch_status_name(f->status), http, nnew, nupd, bytes,
            ms,        f->error,
        };
        rc = cc_csv_add_row(out, cells, CC_REPORT_FETCH_CSV_NCOLUMNS, 0);
    }
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}

int cc_report_csv_scan(const char *data, size_t len, cc_report_csv_record_fn cb, void *payload)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        size_t first_end = SIZE_MAX;
        bool quoted = false;
        bool at_field_start = true;
        for (; i < len; i++) {
            char ch = data[i];
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < len && data[i + 1] == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
                continue;
            }
            if (at_field_start && ch == '"') {
                quoted = true;
                at_field_start = false;
                continue;
            }
            at_field_start = false;
            if (ch == ',' || ch == '\n' || ch == '\r') {
                if (first_end == SIZE_MAX) {
                    first_end = i;
                }
                if (ch == ',') {
                    at_field_start = true;
                }
                if (ch == '\n') {
                    i++;
                    break;
                }
            }
        }
        if (first_end == SIZE_MAX) {
            first_end = i;
        }
        int rc = cb(data + start, i - start, data + start, first_end - start, payload);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}
