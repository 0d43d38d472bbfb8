/*
 * report_tool: writes a report of one of the hand-built samples
 * (tests/report_sample.h) to standard output, for the tests that check a
 * report with outside tools (python3's csv and json modules, headless
 * Chromium).
 *
 *   cc_report_tool csv|json|table|html story|tricky [WIDTH [color]]
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/num.h"
#include "core/report.h"
#include "tests/report_sample.h"
#include "core/banned.h"

int main(int argc, char **argv)
{
    enum cc_report_format f;
    if (argc < 3 || cc_report_format_parse(&f, argv[1]) != 0) {
        fprintf(stderr, "usage: cc_report_tool csv|json|table|html story|tricky [WIDTH [color]]\n");
        return 2;
    }
    const struct cc_verify_result *r = NULL;
    if (strcmp(argv[2], "story") == 0) {
        r = sample_story();
    } else if (strcmp(argv[2], "tricky") == 0) {
        r = sample_tricky();
    } else {
        fprintf(stderr, "cc_report_tool: unknown sample '%s'\n", argv[2]);
        return 2;
    }
    struct cc_report_table_options table = {0, false};
    int64_t width = 0;
    if (argc > 3 && cc_parse_int64(&width, argv[3], strlen(argv[3]), 0, 100000) != 0) {
        fprintf(stderr, "cc_report_tool: bad width '%s'\n", argv[3]);
        return 2;
    }
    table.width = (size_t)width;
    table.color = argc > 4 && strcmp(argv[4], "color") == 0;
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.command = "verify";
    run.config = "fixtures/outlets.json";
    run.store = "/tmp/credcheck-sample/store.db";
    run.fetched = 0;
    run.generated_at = r->date + 86400 + 3600;
    struct cc_buf out = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    const struct cc_verify_result *results[] = {r};
    if (cc_report_add(&out, f, results, 1, &run, true, &table, &err) != 0) {
        fprintf(stderr, "cc_report_tool: %s\n", err.msg);
        cc_buf_release(&out);
        return 1;
    }
    fwrite(out.buf, 1, out.len, stdout);
    cc_buf_release(&out);
    return fflush(stdout) == 0 ? 0 : 1;
}
