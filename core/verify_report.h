/*
 * verify_report.h: writing verify results as CSV, JSON and a terminal table.
 *
 * Owns: the CSV columns of DESIGN.md (RFC 4180 through core/csv, formula
 * cells neutralised), the JSON document (every claim with its evidence,
 * feature values, sources and citation checks, and the run's parameters)
 * and a plain table. (The reports issue moves these into core/report_*.c
 * and adds HTML.)
 * Does not: verify anything or write files (cmd/ chooses the stream).
 * Calls: core/verify (the result struct), core/csv, core/matcher (feature
 * names), jansson privately, core primitives.
 */
#ifndef CC_CORE_VERIFY_REPORT_H
#define CC_CORE_VERIFY_REPORT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/verify.h"

/* The CSV header row's columns, in order (DESIGN.md). */
extern const char *const cc_verify_report_csv_columns[16];

/* Appends the header row (when header) and one row per claim of each
 * result. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_verify_report_write_csv(struct cc_buf *out,
                                            const struct cc_verify_result *const *rs, size_t n,
                                            bool header, struct cc_error *err);

/* Appends {"articles": [...]} (one object per result). Errors: CC_ENOMEM. */
CC_NODISCARD int cc_verify_report_write_json(struct cc_buf *out,
                                             const struct cc_verify_result *const *rs, size_t n,
                                             struct cc_error *err);

/* Appends a table: per article a header line, then one line per claim
 * (index, verdict, score, outlets, evidence title), cut at width columns
 * (0: 100); color adds ANSI colours per verdict. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_verify_report_write_table(struct cc_buf *out,
                                              const struct cc_verify_result *const *rs, size_t n,
                                              size_t width, bool color, struct cc_error *err);

#endif
