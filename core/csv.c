#include "core/common.h"

#include "core/csv.h"
#include "core/banned.h"

bool cc_csv_is_formula(const char *s, size_t len)
{
    if (!s || len == 0) {
        return false;
    }
    char c = s[0];
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static bool needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            return true;
        }
    }
    return false;
}

static int add_cell(struct cc_buf *out, const char *s, size_t len, unsigned flags)
{
    if (!s) {
        return 0;
    }
    bool neutralise = !(flags & CC_CSV_RAW) && cc_csv_is_formula(s, len);
    bool quote = needs_quotes(s, len);
    int rc = 0;
    if (quote) {
        rc = cc_buf_addch(out, '"');
    }
    if (rc == 0 && neutralise) {
        rc = cc_buf_addch(out, '\'');
    }
    size_t start = 0;
    for (size_t i = 0; rc == 0 && quote && i < len; i++) {
        if (s[i] == '"') {
            /* Copy through the quote, then double it. */
            rc = cc_buf_add(out, s + start, i + 1 - start);
            rc = rc ? rc : cc_buf_addch(out, '"');
            start = i + 1;
        }
    }
    if (rc == 0) {
        rc = cc_buf_add(out, s + start, len - start);
    }
    if (rc == 0 && quote) {
        rc = cc_buf_addch(out, '"');
    }
    return rc;
}

int cc_csv_add_cell(struct cc_buf *out, const char *s, size_t len, unsigned flags)
{
    size_t mark = out->len;
    int rc = add_cell(out, s, len, flags);
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}

int cc_csv_add_row(struct cc_buf *out, const char *const *cells, size_t n, unsigned flags)
{
    size_t mark = out->len;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0) {
            rc = cc_buf_addch(out, ',');
        }
        if (rc == 0 && cells[i]) {
            rc = add_cell(out, cells[i], strlen(cells[i]), flags);
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(out, (flags & CC_CSV_LF) ? "\n" : "\r\n");
    }
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}

int cc_csv_write_row(FILE *f, const char *const *cells, size_t n, unsigned flags,
                     struct cc_error *err)
{
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_csv_add_row(&b, cells, n, flags);
    if (rc != 0) {
        cc_buf_release(&b);
        return cc_error_set(err, rc, NULL, "out of memory");
    }
    if (fwrite(b.buf, 1, b.len, f) != b.len) {
        rc = cc_error_set(err, CC_EIO, f == stdout ? "standard output" : NULL, "cannot write: %s",
                          strerror(errno));
    }
    cc_buf_release(&b);
    return rc;
}
