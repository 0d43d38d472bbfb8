/*
 * report_json.h: the JSON report of verify results (a streaming writer).
 *
 * Owns: the report's schema: run parameters; per article its metadata
 * (title, URL, outlet, date and where the date came from, time window,
 * model) and per claim the CSV's values plus the citation checks (status
 * and reason), every evidence item (outlet, URL, title, published and
 * first-seen times, content hash, score, the feature values behind it) and
 * the independent sources with their syndicated copies. Documented in
 * README.md "JSON report".
 * Does not: open files or decide anything about the claims.
 * Calls: core/report (run parameters), core/verify (types, names),
 * core/matcher (feature names), core/buf, core/num, core/utf8. Its bytes
 * are what jansson's json_dump_callback(JSON_INDENT(2) | JSON_PRESERVE_ORDER
 * | JSON_REAL_PRECISION(6)) wrote for the same tree (tests/test_report_json.c
 * keeps that writer as an oracle).
 */
#ifndef CC_CORE_REPORT_JSON_H
#define CC_CORE_REPORT_JSON_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/report.h"
#include "core/verify.h"

/* Schema version written as "schema"; bump on incompatible changes. */
#define CC_REPORT_JSON_SCHEMA 1

/* Appends the JSON report of results[0..n) (run may be NULL), indented,
 * ending with a newline. On failure out is left as it was. Errors:
 * CC_ENOMEM, CC_ETOOBIG (buffer cap). */
CC_NODISCARD int cc_report_json_add(struct cc_buf *out,
                                    const struct cc_verify_result *const *results, size_t n,
                                    const struct cc_report_run *run, struct cc_error *err);

#endif
