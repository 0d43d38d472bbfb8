/*
 * report_table.h: the terminal table of verify results (the default format
 * on a terminal).
 *
 * Owns: the layout: a header per article (title, outlet, date, window,
 * verdict counts), then per claim one row with its number, verdict (an icon
 * and a word, so it reads without colour), score, number of independent
 * sources and the claim, wrapped to the terminal width by display width
 * (wide and combining characters), followed by indented lines for the
 * outlets, the citations and the best evidence. Optional ANSI colour.
 * Control characters of any text (a hostile feed title) are replaced, so
 * the table cannot move the cursor or change the terminal.
 * Does not: find the terminal width or decide on colour (cmd/ does: ioctl
 * TIOCGWINSZ, $COLUMNS, NO_COLOR, --color, isatty).
 * Calls: core/verify (types, names), core/buf, core/num, core/utf8.
 */
#ifndef CC_CORE_REPORT_TABLE_H
#define CC_CORE_REPORT_TABLE_H

#include "core/common.h"
#include "core/buf.h"
#include "core/report.h"
#include "core/verify.h"

/* Narrowest and default table widths, in terminal columns. */
#define CC_REPORT_TABLE_MIN_WIDTH 40
#define CC_REPORT_TABLE_DEFAULT_WIDTH 80

/* Appends the table of results[0..n) (opts may be NULL: 80 columns, no
 * colour). Every line fits in the width. On failure out is left as it was.
 * Errors: CC_ENOMEM, CC_ETOOBIG (buffer cap). */
CC_NODISCARD int cc_report_table_add(struct cc_buf *out,
                                     const struct cc_verify_result *const *results, size_t n,
                                     const struct cc_report_table_options *opts);

/* The icon of a verdict: "✔" corroborated, "1" single-source, "?" uncorroborated,
 * "✘" contradicted, "-" not-checkable (static UTF-8, one column each). */
const char *cc_report_verdict_icon(enum cc_verdict v);

#endif
