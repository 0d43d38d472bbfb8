/*
 * report_csv.h: the CSV reports: one row per claim of a verify result
 * (DESIGN.md "Report columns"), and the feed-health rows of a fetch (the
 * columns of `credcheck fetch --format csv`, reused by batch).
 *
 * Owns: the column lists and how each value is written (lists joined with
 * ";", booleans "true"/"false", scores with 3 decimals, times as
 * YYYY-MM-DDTHH:MM:SSZ, absent values as empty cells). Quoting and formula
 * neutralisation are core/csv's. Rows end with CRLF (RFC 4180).
 * Does not: open files (callers write the buffer, e.g. via core/atomic).
 * Calls: core/csv, core/buf, core/num, core/verify (names), core/fetch (types).
 */
#ifndef CC_CORE_REPORT_CSV_H
#define CC_CORE_REPORT_CSV_H

#include "core/common.h"
#include "core/buf.h"
#include "core/fetch.h"
#include "core/verify.h"

#define CC_REPORT_CSV_NCOLUMNS 16
/* article, claim_index, claim, checkworthy, cited_outlets, cited_confirmed,
 * reporting_outlets, corroborating_outlets, n_outlets, score, verdict,
 * evidence_outlet, evidence_title, evidence_url, evidence_published,
 * contradiction (static). */
extern const char *const cc_report_csv_columns[CC_REPORT_CSV_NCOLUMNS];

#define CC_REPORT_FETCH_CSV_NCOLUMNS 9
/* outlet, feed_url, status, http_status, new_items, updated_items, bytes,
 * elapsed_ms, error (static). */
extern const char *const cc_report_fetch_csv_columns[CC_REPORT_FETCH_CSV_NCOLUMNS];

/* Appends the header row. Errors: CC_ENOMEM, CC_ETOOBIG (buffer cap). */
CC_NODISCARD int cc_report_csv_add_header(struct cc_buf *out);

/* Appends one row per claim of r (r->claims in order). The evidence_*
 * columns describe the claim's best evidence (r->claims[i].best), empty
 * when it has none. On failure out is left as it was. Errors: CC_ENOMEM,
 * CC_ETOOBIG. */
CC_NODISCARD int cc_report_csv_add(struct cc_buf *out, const struct cc_verify_result *r);

/* Appends the feed-health rows of a fetch run (header first when header is
 * true). On failure out is left as it was. Errors: CC_ENOMEM, CC_ETOOBIG. */
CC_NODISCARD int cc_report_csv_add_fetch(struct cc_buf *out, const struct cc_fetch_report *rep,
                                         bool header);

/* Calls cb once per record of a CSV document data[0..len) (RFC 4180:
 * quoted fields may hold commas, quotes and line breaks), with the record's
 * bytes including its line end and its first field exactly as written
 * (quotes included; compare it with cc_csv_add_cell's output). Both are
 * borrowed for the call. A final record without a line end is
 * passed too. Return non-zero from cb to stop (that value is returned).
 * Used to rewrite a day's report without an article's older rows. */
typedef int (*cc_report_csv_record_fn)(const char *rec, size_t rec_len, const char *first,
                                       size_t first_len, void *payload);
CC_NODISCARD int cc_report_csv_scan(const char *data, size_t len, cc_report_csv_record_fn cb,
                                    void *payload);

#endif
