/*
 * csv.h: RFC 4180 CSV rows, safe to open in a spreadsheet.
 *
 * Owns: quoting cells (a cell holding a comma, a double quote, CR or LF is
 * quoted, quotes doubled) and formula neutralisation (DESIGN.md: a cell that
 * starts with '=', '+', '-', '@', tab or CR gets a leading '\''), rows ended
 * by CRLF as RFC 4180 says (or LF on request), written into a cc_buf or a
 * FILE. Does not: know any report's columns (the report modules and cmd/
 * choose them) or read CSV. Layer 0: calls only core/buf and core/error.
 */
#ifndef CC_CORE_CSV_H
#define CC_CORE_CSV_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

enum cc_csv_flags {
    CC_CSV_RAW = 1u << 0, /* no formula neutralisation (trusted numeric cells) */
    CC_CSV_LF = 1u << 1,  /* end rows with "\n" instead of "\r\n" */
};

/* True when the cell would get a leading '\'' (starts with = + - @ tab CR). */
bool cc_csv_is_formula(const char *s, size_t len);

/* Appends one cell (s[0..len), may hold anything; NULL = empty), neutralised
 * unless CC_CSV_RAW, quoted when needed. Errors: CC_ENOMEM, CC_ETOOBIG
 * (the buffer's cap). */
CC_NODISCARD int cc_csv_add_cell(struct cc_buf *out, const char *s, size_t len, unsigned flags);

/* Appends a row: the cells (NUL-terminated; NULL = empty) separated by
 * commas, then the line end. Errors as cc_csv_add_cell; on failure the
 * buffer is left as it was. */
CC_NODISCARD int cc_csv_add_row(struct cc_buf *out, const char *const *cells, size_t n,
                                unsigned flags);

/* Writes a row to f. Errors: CC_ENOMEM, CC_EIO (write failed; subject
 * "standard output" when f is stdout, else NULL). */
CC_NODISCARD int cc_csv_write_row(FILE *f, const char *const *cells, size_t n, unsigned flags,
                                  struct cc_error *err);

#endif
