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

/* The report, written as each article is verified (a run over many
 * articles would otherwise hold every result: gigabytes for a few dozen
 * articles against a large store). To standard output, or to -o FILE
 * through a temporary file renamed when complete. HTML (one page for all
 * articles) keeps the results until the end. */
struct report_out {
    FILE *f;
    struct cc_atomic_file af;
    bool atomic;
    enum cc_report_format format;
    const struct cc_report_run *run;
    const struct cc_report_table_options *table;
    size_t n;           /* articles written */
    struct cc_buf buf;  /* scratch */
    struct cc_buf head; /* JSON: the document before its articles ("...\"articles\": ") */
    struct cc_verify_result **keep; /* HTML: the results, written at the end */
    size_t nkeep;
};

/* JSON: the articles array of the document of n articles is the n
 * one-article documents' arrays joined (jansson's indented layout: "[",
 * then each element on its own lines, ",\n" between them, "\n  ]"). */
#define JSON_OPEN "[\n"
#define JSON_CLOSE "\n  ]\n}\n"

static int out_write(struct report_out *o, const char *p, size_t len)
{
    return len == 0 || fwrite(p, 1, len, o->f) == len ? 0 : CC_EIO;
}

/* The run's document with no article is the JSON head plus "[]\n}\n". */
static int out_json_head(struct report_out *o, struct cc_error *err)
{
    int rc = cc_report_add(&o->head, CC_REPORT_JSON, NULL, 0, o->run, false, NULL, err);
    static const char empty[] = "[]\n}\n";
    if (rc == 0 && (o->head.len < sizeof(empty) - 1 ||
                    memcmp(o->head.buf + o->head.len - (sizeof(empty) - 1), empty,
                           sizeof(empty) - 1) != 0)) {
        rc = cc_error_set(err, CC_ERR, "verify", "unexpected JSON report layout");
    }
    if (rc == 0) {
        cc_buf_truncate(&o->head, o->head.len - (sizeof(empty) - 1));
    }
    return rc;
}

/* Writes one article's part of the report. Takes r. */
static int out_article(struct report_out *o, struct cc_verify_result *r, struct cc_error *err)
{
    const struct cc_verify_result *one[] = {r};
    int rc = 0;
    cc_buf_reset(&o->buf);
    switch (o->format) {
    case CC_REPORT_HTML:
        if (o->nkeep % 16 == 0) {
            struct cc_verify_result **k = realloc(o->keep, (o->nkeep + 16) * sizeof(*k));
            if (!k) {
                cc_verify_result_free(r);
                return cc_error_set(err, CC_ENOMEM, "verify", "out of memory");
            }
            o->keep = k;
        }
        o->keep[o->nkeep++] = r;
        o->n++;
        return 0;
    case CC_REPORT_JSON: {
        rc = cc_report_add(&o->buf, CC_REPORT_JSON, one, 1, o->run, false, NULL, err);
        size_t hl = o->head.len, ol = strlen(JSON_OPEN), cl = strlen(JSON_CLOSE);
        if (rc == 0 && (o->buf.len < hl + ol + cl || memcmp(o->buf.buf, o->head.buf, hl) != 0 ||
                        memcmp(o->buf.buf + hl, JSON_OPEN, ol) != 0 ||
                        memcmp(o->buf.buf + o->buf.len - cl, JSON_CLOSE, cl) != 0)) {
            rc = cc_error_set(err, CC_ERR, "verify", "unexpected JSON report layout");
        }
        if (rc == 0) {
            const char *sep = o->n == 0 ? "" : ",\n";
            const char *p = o->buf.buf + (o->n == 0 ? 0 : hl + ol);
            size_t len = o->buf.len - cl - (size_t)(p - o->buf.buf);
            rc = out_write(o, sep, strlen(sep));
            rc = rc ? rc : out_write(o, p, len);
            if (rc) {
                rc = cc_error_set(err, rc, "verify", "cannot write the report: %s",
                                  strerror(errno));
            }
        }
        break;
    }
    case CC_REPORT_TABLE:
    case CC_REPORT_CSV:
        if (o->format == CC_REPORT_TABLE && o->n > 0) {
            rc = cc_buf_addch(&o->buf, '\n');
        }
        rc = rc ? rc
                : cc_report_add(&o->buf, o->format, one, 1, o->run, o->n == 0, o->table, err);
        if (rc == 0 && out_write(o, o->buf.buf, o->buf.len) != 0) {
            rc = cc_error_set(err, CC_EIO, "verify", "cannot write the report: %s",
                              strerror(errno));
        }
        break;
    }
    cc_verify_result_free(r);
    o->n += rc == 0;
    return rc;
}

/* Writes what closes the report. */
static int out_finish(struct report_out *o, struct cc_error *err)
{
    int rc = 0;
    cc_buf_reset(&o->buf);
    if (o->format == CC_REPORT_HTML) {
        rc = cc_report_add(&o->buf, CC_REPORT_HTML,
                           (const struct cc_verify_result *const *)o->keep, o->nkeep, o->run,
                           false, o->table, err);
    } else if (o->format == CC_REPORT_JSON) {
        rc = o->n == 0 ? cc_buf_add(&o->buf, o->head.buf, o->head.len) : 0;
        rc = rc ? rc : cc_buf_adds(&o->buf, o->n == 0 ? "[]\n}\n" : JSON_CLOSE);
    } else if (o->format == CC_REPORT_CSV && o->n == 0) {
        rc = cc_report_add(&o->buf, CC_REPORT_CSV, NULL, 0, o->run, true, o->table, err);
    }
    if (rc == 0 && out_write(o, o->buf.buf, o->buf.len) != 0) {
        rc = cc_error_set(err, CC_EIO, "verify", "cannot write the report: %s", strerror(errno));
    }
    return rc;
}

static void out_release(struct report_out *o)
{
    for (size_t i = 0; i < o->nkeep; i++) {
        cc_verify_result_free(o->keep[i]);
    }
    free(o->keep);
    cc_buf_release(&o->buf);
    cc_buf_release(&o->head);
}

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
    struct cc_buf path = CC_BUF_INIT;
    struct report_out ro;
    memset(&ro, 0, sizeof(ro));
    cc_buf_init(&ro.buf, 0);
    cc_buf_init(&ro.head, 0);
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
    ro.format = format;
    ro.run = &run;
    ro.table = &table;
    ro.f = stdout;
    if (output) {
        struct cc_error werr = CC_ERROR_INIT;
        if (cc_atomic_open(&ro.af, output, &werr) != 0) {
            cc_cmd_print_error(&werr);
            exit_code = CC_EXIT_PARTIAL;
            goto out;
        }
        ro.atomic = true;
        ro.f = ro.af.f;
    }
    if (format == CC_REPORT_JSON && out_json_head(&ro, &err) != 0) {
        cc_cmd_print_error(&err);
        exit_code = CC_EXIT_FATAL;
        goto out;
    }
    bool fatal = false;
    for (int i = optind; i < argc; i++) {
        struct cc_error aerr = CC_ERROR_INIT;
        struct cc_verify_result *r = NULL;
        rc = cc_verify_article(&r, ver, argv[i], &aerr);
        if (rc) {
            cc_cmd_print_error(&aerr);
            if (rc == CC_ENOMEM || rc == CC_ESTORE) {
                exit_code = CC_EXIT_FATAL;
                fatal = true;
                break;
            }
            exit_code = CC_EXIT_PARTIAL;
            continue;
        }
        for (size_t w = 0; w < r->nwarnings; w++) {
            cc_log_warn("%s: %s", argv[i], r->warnings[w]);
        }
        rc = out_article(&ro, r, &err);
        if (rc) {
            cc_cmd_print_error(&err);
            exit_code = rc == CC_EIO ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
            fatal = true;
            break;
        }
    }
    /* -o: a run stopped by a fatal error leaves the old file; on standard
     * output the report written so far is closed (JSON stays valid) */
    if (fatal && ro.atomic) {
        goto out;
    }
    rc = out_finish(&ro, &err);
    if (rc == 0 && !ro.atomic && fflush(stdout) != 0) {
        rc = cc_error_set(&err, CC_EIO, "verify", "cannot write the report: %s", strerror(errno));
    }
    if (rc) {
        cc_cmd_print_error(&err);
        if (!fatal) {
            exit_code = rc == CC_EIO ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
        }
        goto out;
    }
    if (ro.atomic) {
        ro.atomic = false;
        struct cc_error werr = CC_ERROR_INIT;
        if (cc_atomic_commit(&ro.af, &werr) != 0) {
            cc_cmd_print_error(&werr);
            exit_code = CC_EXIT_PARTIAL;
        }
    }
out:
    if (ro.atomic) {
        cc_atomic_abort(&ro.af);
    }
    out_release(&ro);
    if (dump) {
        fclose(dump);
    }
    cc_buf_release(&path);
    cc_verify_free(ver);
    cc_store_close(st);
    cc_registry_free(reg);
    return exit_code;
}
