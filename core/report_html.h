/*
 * report_html.h: the HTML report: one self-contained page (inline CSS, no
 * scripts, no external assets) an editor reads at a glance.
 *
 * Owns: the page: per article a header (title, outlet, date and its source,
 * verdict counts), the article's sentences with each claim highlighted by
 * verdict (colour plus an icon, a label and an underline style, so it reads
 * for colour-blind readers and in black and white), a claims x outlets
 * coverage grid (cited and confirmed / reports it / syndicated copy /
 * contradicts / cited but not found / silent), per claim its sources,
 * citation checks and evidence links with dates and scores, and the run's
 * parameters; a legend. Every text is escaped; links are http(s) only.
 * Does not: open files or decide anything about the claims.
 * Calls: core/report (run parameters), core/verify (types, names),
 * core/report_table (verdict icons), core/buf, core/num, core/utf8.
 */
#ifndef CC_CORE_REPORT_HTML_H
#define CC_CORE_REPORT_HTML_H

#include "core/common.h"
#include "core/buf.h"
#include "core/report.h"
#include "core/verify.h"

/* Appends the page for results[0..n) (run may be NULL). On failure out is
 * left as it was. Errors: CC_ENOMEM, CC_ETOOBIG (buffer cap). */
CC_NODISCARD int cc_report_html_add(struct cc_buf *out,
                                    const struct cc_verify_result *const *results, size_t n,
                                    const struct cc_report_run *run);

#endif
