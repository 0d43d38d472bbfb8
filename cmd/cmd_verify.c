#include "core/common.h"

#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/article.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/fetch.h"
#include "core/log.h"
#include "core/num.h"
#include "core/outlets.h"
#include "core/report.h"
#include "core/store.h"
#include "core/verify.h"
#include "core/banned.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: credcheck verify ARTICLE... [--format csv|json|table|html] [-o FILE]\n"
            "                        [--no-fetch] [--date YYYY-MM-DD] [--window DAYS]\n"
            "                        [--max-candidates N]\n"
            "\n"
            "Checks every claim of each article against what the configured outlets\n"
            "published: which outlets report it (reporting_outlets), how many independent\n"
            "sources that makes once syndicated copies are collapsed (n_outlets), whether\n"
            "the outlets the article cites really reported it (cited_confirmed), a score\n"
            "in [0,1] and a verdict: corroborated, single-source, uncorroborated,\n"
            "contradicted or not-checkable.\n"
            "\n"
            "ARTICLE is a path, '-' for standard input, or an http(s) URL.\n"
            "\n"
            "Options:\n"
            "  --format FMT          csv, json, table or html (default: table on a terminal,\n"
            "                        else csv)\n"
            "  -o, --output FILE     write the report to FILE (atomically: a temporary file\n"
            "                        in the same folder, renamed when complete)\n"
            "  --no-fetch            do not refresh the feeds first; use the store as it is\n"
            "  --date DATE           the article's date (YYYY-MM-DD); wins over the page's\n"
            "  --window DAYS         candidates within DAYS days of the article's date and of\n"
            "                        each date a claim mentions (default %d)\n"
            "  --max-candidates N    items scored per claim (default %d)\n"
            "  --dump-features FILE  tuning aid: write every claim's candidate features as\n"
            "                        JSON lines to FILE (read by bench/fit_model.py)\n"
            "  -h, --help            this help\n",
            CC_VERIFY_DEFAULT_WINDOW_DAYS, CC_VERIFY_DEFAULT_MAX_CANDIDATES);
}

/* Columns of the terminal: the window size of standard output, else
 * $COLUMNS, else 0 (the table's default). */
static size_t terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
        return ws.ws_col;
    }
    const char *cols = getenv("COLUMNS");
    int n = 0;
    if (cols && cc_parse_int(&n, cols, 1, 10000) == 0) {
        return (size_t)n;
    }
    return 0;
}

static int parse_count(long *out, const char *s, long lo, long hi)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || end == s || v < lo || v > hi) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Writes out to path through a temporary file and a rename, so a reader
 * never sees half a report. */

int cmd_verify(int argc, char **argv, const struct cc_cli *cli)
{
    enum { OPT_FORMAT = 256, OPT_DATE, OPT_WINDOW, OPT_NO_FETCH, OPT_MAXC, OPT_DUMP };
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"date", required_argument, NULL, OPT_DATE},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"no-fetch", no_argument, NULL, OPT_NO_FETCH},
        {"max-candidates", required_argument, NULL, OPT_MAXC},
        {"dump-features", required_argument, NULL, OPT_DUMP},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cc_error err = CC_ERROR_INIT;
    struct cc_verify_options vo = {CC_TIME_NONE, -1, 0, CC_TIME_NONE};
    enum cc_report_format format = CC_REPORT_CSV;
    bool format_set = false;
    const char *output = NULL, *dump_path = NULL;
    bool no_fetch = false;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        long v;
        switch (c) {
        case OPT_FORMAT:
            if (cc_report_format_parse(&format, optarg) != 0) {
                return cc_cmd_usage_error("verify",
                                          "unknown format '%s' (csv, json, table or html)", optarg);
            }
            format_set = true;
            break;
        case 'o':
            output = optarg;
            break;
        case OPT_DATE:
            if (cc_article_parse_date(&vo.date, optarg, &err) != 0) {
                return cc_cmd_usage_error("verify", "%s", err.msg);
            }
            break;
        case OPT_WINDOW:
            if (parse_count(&v, optarg, 0, 3650) != 0) {
                return cc_cmd_usage_error("verify", "invalid --window '%s' (0 to 3650 days)",
                                          optarg);
            }
            vo.window_days = (int)v;
            break;
        case OPT_MAXC:
            if (parse_count(&v, optarg, 1, 100000) != 0) {
                return cc_cmd_usage_error("verify", "invalid --max-candidates '%s'", optarg);
            }
            vo.max_candidates = (size_t)v;
            break;
        case OPT_NO_FETCH:
            no_fetch = true;
            break;
        case OPT_DUMP:
            dump_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error("verify", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("verify", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        return cc_cmd_usage_error("verify", "no ARTICLE given");
    }
    if (!format_set) {
        format = (!output && isatty(STDOUT_FILENO)) ? CC_REPORT_TABLE : CC_REPORT_CSV;
    }
    vo.now = cc_clock_now(NULL);

    int exit_code = CC_EXIT_OK;
    struct cc_registry *reg = NULL;
    struct cc_store *st = NULL;
    struct cc_verify *ver = NULL;
    struct cc_buf path = CC_BUF_INIT, out = CC_BUF_INIT;
    struct cc_verify_result **rs = NULL;
    size_t nrs = 0;
    FILE *dump = NULL;
    int rc = cc_registry_open_default(&reg, cli->config_path, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        exit_code = rc == CC_ENOMEM ? CC_EXIT_FATAL : CC_EXIT_USAGE;
        goto out;
    }
    rc = cli->store_path ? cc_buf_adds(&path, cli->store_path) : cc_store_default_path(&path, &err);
    if (rc == 0) {
        rc = cc_store_open(&st, path.buf, &err);
    }
    if (rc) {
        cc_cmd_print_error(&err);
        exit_code = rc == CC_EINVAL ? CC_EXIT_USAGE : CC_EXIT_FATAL;
        goto out;
    }
    if (!no_fetch) {
        struct cc_fetch_options fo;
        cc_fetch_options_init(&fo);
        struct cc_fetch_report fr = {0};
        rc = cc_fetch_run(&fr, st, reg, &fo, &err);
        if (rc) {
            cc_fetch_report_release(&fr);
            cc_cmd_print_error(&err);
            exit_code = cc_cmd_exit_for(rc);
            goto out;
        }
        cc_log_info("fetch: %zu feeds ok, %zu not modified, %zu skipped, %zu failed, %zu new items",
                    fr.totals.ok, fr.totals.not_modified, fr.totals.skipped, fr.totals.failed,
                    fr.totals.new_items);
        if (fr.totals.failed > 0) {
            for (size_t i = 0; i < fr.n; i++) {
                if (fr.results[i].status == CC_FETCH_FAILED) {
                    cc_log_warn("%s: %s", fr.results[i].feed_url,
                                fr.results[i].error ? fr.results[i].error : "failed");
                }
            }
            exit_code = CC_EXIT_PARTIAL;
        }
        cc_fetch_report_release(&fr);
    }
    rc = cc_verify_new(&ver, st, reg, &vo, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        exit_code = cc_cmd_exit_for(rc);
        goto out;
    }
    if (dump_path) {
        dump = fopen(dump_path, "w");
        if (!dump) {
            fprintf(stderr, "credcheck: %s: cannot write: %s\n", dump_path, strerror(errno));
            exit_code = CC_EXIT_USAGE;
            goto out;
        }
        cc_verify_set_dump(ver, dump);
    }
    rs = calloc((size_t)(argc - optind), sizeof(*rs));
    if (!rs) {
        fprintf(stderr, "credcheck: verify: out of memory\n");
        exit_code = CC_EXIT_FATAL;
        goto out;
    }
    for (int i = optind; i < argc; i++) {
        struct cc_error aerr = CC_ERROR_INIT;
        struct cc_verify_result *r = NULL;
        rc = cc_verify_article(&r, ver, argv[i], &aerr);
        if (rc) {
            cc_cmd_print_error(&aerr);
            if (rc == CC_ENOMEM || rc == CC_ESTORE) {
                exit_code = CC_EXIT_FATAL;
                goto out;
            }
            exit_code = CC_EXIT_PARTIAL;
            continue;
        }
        for (size_t w = 0; w < r->nwarnings; w++) {
            cc_log_warn("%s: %s", argv[i], r->warnings[w]);
        }
        rs[nrs++] = r;
    }
    const struct cc_verify_result *const *crs = (const struct cc_verify_result *const *)rs;
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.command = "verify";
    run.config = cc_registry_source(reg);
    run.store = path.buf;
    run.fetched = !no_fetch;
    run.generated_at = vo.now;
    run.date_option = vo.date;
    run.window_option = vo.window_days;
    struct cc_report_table_options table = {terminal_width(),
                                            !output && cc_cmd_use_color(cli, stdout)};
    rc = cc_report_add(&out, format, crs, nrs, &run, true, &table, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        exit_code = CC_EXIT_FATAL;
        goto out;
    }
    if (output) {
        struct cc_error werr = CC_ERROR_INIT;
        if (cc_atomic_write(output, out.buf, out.len, &werr) != 0) {
            cc_cmd_print_error(&werr);
            exit_code = CC_EXIT_PARTIAL;
        }
    } else if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fprintf(stderr, "credcheck: verify: cannot write the report: %s\n", strerror(errno));
        exit_code = CC_EXIT_PARTIAL;
    }
out:
    if (dump) {
        fclose(dump);
    }
    for (size_t i = 0; i < nrs; i++) {
        cc_verify_result_free(rs[i]);
    }
    free(rs);
    cc_buf_release(&out);
    cc_buf_release(&path);
    cc_verify_free(ver);
    cc_store_close(st);
    cc_registry_free(reg);
    return exit_code;
}
