/*
 * report.h: what every report of verify results shares, and one entry point
 * that writes any format.
 *
 * Owns: the report formats and their names, the run parameters a report
 * shows (struct cc_report_run), the terminal table's options, and
 * cc_report_add, which calls the writer of one format: core/report_csv,
 * core/report_json, core/report_table or core/report_html. Writing to a
 * file atomically (`-o`) is core/atomic's.
 * Does not: verify, open files, or decide the default format (cmd/ does:
 * table on a terminal, CSV otherwise).
 * Calls: core/report_*, core/verify (types), core/buf, core/error.
 */
#ifndef CC_CORE_REPORT_H
#define CC_CORE_REPORT_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/verify.h"

enum cc_report_format {
    CC_REPORT_CSV = 0,
    CC_REPORT_JSON,
    CC_REPORT_TABLE,
    CC_REPORT_HTML,
};

/* Parses "csv", "json", "table" or "html". Errors: CC_EINVAL. */
CC_NODISCARD int cc_report_format_parse(enum cc_report_format *out, const char *name);
/* "csv", "json", "table", "html" (static). */
const char *cc_report_format_name(enum cc_report_format f);

/* What the run was asked to do, shown by the JSON and HTML reports. Every
 * field may be absent (NULL, CC_TIME_NONE, -1). All pointers are borrowed. */
struct cc_report_run {
    const char *command;  /* "verify" or "batch" */
    const char *config;   /* the registry in use (path, or "built-in") */
    const char *store;    /* the store's path */
    int fetched;          /* 1: feeds refreshed first, 0: --no-fetch, -1: not known */
    int64_t generated_at; /* the run's time */
    int64_t date_option;  /* --date, or CC_TIME_NONE */
    int window_option;    /* --window, or -1 */
    bool compact;         /* JSON without line breaks or spaces (batch's files) */
};

/* Empty run: every field absent. Cannot fail. */
void cc_report_run_init(struct cc_report_run *run);

/* Options of the terminal table (core/report_table). */
struct cc_report_table_options {
    size_t width; /* terminal columns; 0: CC_REPORT_TABLE_DEFAULT_WIDTH; below the
                   * minimum: CC_REPORT_TABLE_MIN_WIDTH */
    bool color;   /* ANSI SGR colours */
};

/* Appends the report of results[0..n) in format f. CSV gets its header row
 * when csv_header is true. run and table may be NULL (absent parameters;
 * 80 columns without colour). On failure out is left as it was. Errors:
 * CC_ENOMEM, CC_ETOOBIG (buffer cap), CC_EINVAL (unknown format). */
CC_NODISCARD int cc_report_add(struct cc_buf *out, enum cc_report_format f,
                               const struct cc_verify_result *const *results, size_t n,
                               const struct cc_report_run *run, bool csv_header,
                               const struct cc_report_table_options *table, struct cc_error *err);

#endif
