#include "core/common.h"

#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/article.h"
#include "core/buf.h"
#include "core/claims.h"
#include "core/log.h"
#include "core/outlets.h"
#include "core/banned.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: credcheck claims ARTICLE [--format table|json] [--date YYYY-MM-DD]\n"
               "                        [--max-size BYTES]\n"
               "\n"
               "Splits an article into sentences, marks the check-worthy claims and lists\n"
               "the outlets each one cites, resolved against the outlet registry.\n"
               "\n"
               "ARTICLE is a path, '-' for standard input, or an http(s) URL. Plain text,\n"
               "Markdown and HTML are told apart by their content.\n"
               "\n"
               "Options:\n"
               "  --format FMT      table (default) or json\n"
               "  --date DATE       the article's date (YYYY-MM-DD); resolves dates without a\n"
               "                    year and weekdays; wins over a date the page states\n"
               "  --max-size BYTES  refuse larger articles (default 4194304, 4 MiB)\n"
               "  -h, --help        this help\n"
               "\n"
               "Citation scope: a citation in a sentence (or a bracket right after it)\n"
               "covers that sentence; a sentence that only attributes (\"Reuter's reported\n"
               "this development.\") covers the claims before it in its paragraph.\n");
}

static size_t terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) {
        return ws.ws_col;
    }
    return 0;
}

int cmd_claims(int argc, char **argv, const struct cc_cli *cli)
{
    enum { OPT_FORMAT = 256, OPT_DATE, OPT_MAX_SIZE };
    static const struct option opts[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"date", required_argument, NULL, OPT_DATE},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    struct cc_article_options aopts;
    cc_article_options_init(&aopts);
    struct cc_error err = CC_ERROR_INIT;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (strcmp(optarg, "json") == 0) {
                json = true;
            } else if (strcmp(optarg, "table") == 0) {
                json = false;
            } else {
                return cc_cmd_usage_error("claims", "unknown format '%s' (table or json)", optarg);
            }
            break;
        case OPT_DATE:
            if (cc_article_parse_date(&aopts.date, optarg, &err) != 0) {
                return cc_cmd_usage_error("claims", "%s", err.msg);
            }
            break;
        case OPT_MAX_SIZE: {
            char *end = NULL;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (errno || !end || *end || v == 0 || optarg[0] == '-') {
                return cc_cmd_usage_error("claims", "invalid --max-size '%s'", optarg);
            }
            aopts.max_bytes = (size_t)v;
            break;
        }
        case 'h':
            usage(stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error("claims", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("claims", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc) {
        return cc_cmd_usage_error("claims",
                                  optind >= argc ? "no ARTICLE given" : "one ARTICLE at a time");
    }
    const char *source = argv[optind];

    struct cc_registry *reg = NULL;
    struct cc_article *a = NULL;
    struct cc_claims *cl = NULL;
    struct cc_buf out = CC_BUF_INIT;
    int exit_code = CC_EXIT_OK;
    int rc = cc_registry_open_default(&reg, cli->config_path, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        exit_code = rc == CC_ENOMEM ? CC_EXIT_FATAL : CC_EXIT_USAGE;
        goto out;
    }
    rc = cc_article_load(&a, source, &aopts, &err);
    if (rc == 0) {
        rc = cc_article_find_outlet(a, reg, &err);
    }
    if (rc == 0) {
        if (a->repaired > 0) {
            cc_log_warn("%s: %zu invalid byte sequences repaired", source, a->repaired);
        }
        if (a->date == CC_TIME_NONE) {
            cc_log_info("%s: no date (give --date YYYY-MM-DD to resolve dates without a year)",
                        source);
        }
        rc = cc_claims_analyse(&cl, a, reg, &err);
    }
    if (rc == 0) {
        rc = json ? cc_claims_write_json_file(stdout, cl, a, &err)
                  : cc_claims_write_table(&out, cl, a, terminal_width(),
                                          cc_cmd_use_color(cli, stdout), &err);
    }
    if (rc == 0 && !json && fwrite(out.buf, 1, out.len, stdout) != out.len) {
        rc = cc_error_set(&err, CC_EIO, NULL, "cannot write the report: %s", strerror(errno));
    }
    if (rc == 0 && fflush(stdout) != 0) {
        rc = cc_error_set(&err, CC_EIO, NULL, "cannot write the report: %s", strerror(errno));
    }
    if (rc) {
        cc_error_subject(&err, rc == CC_EIO ? "claims" : source);
        cc_cmd_print_error(&err);
        exit_code = cc_cmd_exit_for(rc);
        goto out;
    }
out:
    cc_buf_release(&out);
    cc_claims_free(cl);
    cc_article_free(a);
    cc_registry_free(reg);
    return exit_code;
}
