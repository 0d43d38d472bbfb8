#include "core/common.h"

#include <getopt.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/fetch.h"
#include "core/log.h"
#include "core/num.h"
#include "core/outlets.h"
#include "core/store.h"
#include "core/utf8.h"
#include "core/banned.h"

/* Most --outlet options accepted. */
#define FETCH_MAX_OUTLETS 256
/* Display widths of the table's outlet and feed columns. */
#define OUTLET_WIDTH 20
#define FEED_WIDTH 56
#define PROGRESS_WIDTH 30

static const char usage_text[] =
    "usage: credcheck fetch [--outlet NAME]... [--jobs N] [--force] [--format table|csv]\n"
    "\n"
    "Fetches the feeds of the configured outlets into the store (conditional GET,\n"
    "at most --per-host connections per host, backoff and Retry-After per feed) and\n"
    "prints one status row per feed and a summary line.\n"
    "\n"
    "Options:\n"
    "  --outlet NAME            only this outlet (repeatable; registry name)\n"
    "  --jobs N                 transfers at once (default 32)\n"
    "  --per-host N             connections per host at once (default 2)\n"
    "  --force                  also fetch feeds that are backing off\n"
    "  --format table|csv       output format (default table); csv columns:\n"
    "                           outlet,feed_url,status,http_status,new_items,\n"
    "                           updated_items,bytes,elapsed_ms,error\n"
    "  --timeout SECONDS        whole transfer, redirects included (default 60)\n"
    "  --connect-timeout SECONDS  per connection (default 10)\n"
    "  --low-speed-limit BYTES  abort a transfer slower than this ... (default 100)\n"
    "  --low-speed-time SECONDS ... for this long (default 20)\n"
    "  --max-body BYTES         cap on a feed body after decompression (default 16 MiB)\n"
    "  -h, --help               this help\n"
    "\n"
    "Status is ok, not-modified (304), skipped (backing off; --force fetches it)\n"
    "or failed. Exit 0 when no feed failed, 3 when some did.\n";

struct fetch_args {
    const char *outlets[FETCH_MAX_OUTLETS];
    size_t noutlets;
    bool csv;
};

static int parse_seconds_ms(long *out, const char *opt, const char *s)
{
    double v = 0;
    if (cc_parse_double(&v, s, strlen(s)) != 0 || v <= 0 || v > 86400) {
        return cc_cmd_usage_error("fetch", "%s wants seconds in (0, 86400], not '%s'", opt, s);
    }
    *out = (long)(v * 1000.0 + 0.5);
    if (*out < 1) {
        *out = 1;
    }
    return 0;
}

static int parse_count(int64_t *out, const char *opt, const char *s, int64_t max)
{
    if (cc_parse_int64(out, s, strlen(s), 1, max) != 0) {
        return cc_cmd_usage_error("fetch", "%s wants a number from 1 to %lld, not '%s'", opt,
                                  (long long)max, s);
    }
    return 0;
}

static int parse_args(struct fetch_args *a, struct cc_fetch_options *fo, int argc, char **argv)
{
    enum {
        OPT_OUTLET = 256,
        OPT_JOBS,
        OPT_PER_HOST,
        OPT_FORCE,
        OPT_FORMAT,
        OPT_TIMEOUT,
        OPT_CONNECT_TIMEOUT,
        OPT_LOW_SPEED_LIMIT,
        OPT_LOW_SPEED_TIME,
        OPT_MAX_BODY,
    };
    static const struct option opts[] = {
        {"outlet", required_argument, NULL, OPT_OUTLET},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"per-host", required_argument, NULL, OPT_PER_HOST},
        {"force", no_argument, NULL, OPT_FORCE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"low-speed-limit", required_argument, NULL, OPT_LOW_SPEED_LIMIT},
        {"low-speed-time", required_argument, NULL, OPT_LOW_SPEED_TIME},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int64_t n = 0;
        int rc = 0;
        switch (c) {
        case OPT_OUTLET:
            if (a->noutlets == FETCH_MAX_OUTLETS) {
                return cc_cmd_usage_error("fetch", "more than %d --outlet options",
                                          FETCH_MAX_OUTLETS);
            }
            a->outlets[a->noutlets++] = optarg;
            break;
        case OPT_JOBS:
            rc = parse_count(&n, "--jobs", optarg, 1024);
            fo->http.jobs = (size_t)n;
            break;
        case OPT_PER_HOST:
            rc = parse_count(&n, "--per-host", optarg, 64);
            fo->http.per_host = (size_t)n;
            break;
        case OPT_FORCE:
            fo->force = true;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") == 0) {
                a->csv = true;
            } else if (strcmp(optarg, "table") == 0) {
                a->csv = false;
            } else {
                return cc_cmd_usage_error("fetch", "unknown format '%s' (table or csv)", optarg);
            }
            break;
        case OPT_TIMEOUT:
            rc = parse_seconds_ms(&fo->http.timeout_ms, "--timeout", optarg);
            break;
        case OPT_CONNECT_TIMEOUT:
            rc = parse_seconds_ms(&fo->http.connect_timeout_ms, "--connect-timeout", optarg);
            break;
        case OPT_LOW_SPEED_LIMIT:
            rc = parse_count(&n, "--low-speed-limit", optarg, INT32_MAX);
            fo->http.low_speed_limit = (long)n;
            break;
        case OPT_LOW_SPEED_TIME:
            rc = parse_count(&n, "--low-speed-time", optarg, 86400);
            fo->http.low_speed_time = (long)n;
            break;
        case OPT_MAX_BODY:
            rc = parse_count(&n, "--max-body", optarg, (int64_t)1 << 32);
            fo->http.max_body = (size_t)n;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        case ':':
            return cc_cmd_usage_error("fetch", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("fetch", "unknown option '%s'", argv[optind - 1]);
        }
        if (rc != 0) {
            return rc;
        }
    }
    if (optind < argc) {
        return cc_cmd_usage_error("fetch", "unexpected argument '%s'", argv[optind]);
    }
    return 0;
}

/* The progress bar: one line on stderr, redrawn in place. */
static void draw_progress(size_t done, size_t total, const struct cc_fetch_result *r, void *payload)
{
    (void)r;
    (void)payload;
    size_t fill = total ? done * PROGRESS_WIDTH / total : PROGRESS_WIDTH;
    char bar[PROGRESS_WIDTH + 1];
    for (size_t i = 0; i < PROGRESS_WIDTH; i++) {
        bar[i] = i < fill ? '#' : '.';
    }
    bar[PROGRESS_WIDTH] = '\0';
    fprintf(stderr, "\rfetching [%s] %zu/%zu feeds", bar, done, total);
    fflush(stderr);
}

static void clear_progress(void)
{
    fprintf(stderr, "\r%*s\r", PROGRESS_WIDTH + 40, "");
    fflush(stderr);
}

/* Appends s cut to width columns ("..." when cut), padded to width. */
static int add_column(struct cc_buf *b, const char *s, size_t width)
{
    size_t len = strlen(s);
    size_t used = 0;
    size_t keep = cc_utf8_prefix_for_width(s, len, width, &used);
    int rc = 0;
    if (keep < len && width > 3) {
        keep = cc_utf8_prefix_for_width(s, len, width - 3, &used);
        rc = cc_buf_add(b, s, keep);
        rc = rc ? rc : cc_buf_adds(b, "...");
        used += 3;
    } else {
        rc = cc_buf_add(b, s, keep);
    }
    for (; rc == 0 && used < width; used++) {
        rc = cc_buf_addch(b, ' ');
    }
    return rc;
}

/* Replaces control characters (a hostile server's text in an error) so one
 * result stays one line. */
static void one_line(char *s)
{
    for (; s && *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            *s = ' ';
        }
    }
}

static int print_table(const struct cc_fetch_report *rep)
{
    struct cc_buf b = CC_BUF_INIT;
    int rc = add_column(&b, "OUTLET", OUTLET_WIDTH);
    rc = rc ? rc : cc_buf_adds(&b, " ");
    rc = rc ? rc : add_column(&b, "FEED", FEED_WIDTH);
    rc = rc ? rc
            : cc_buf_addf(&b, " %-12s %4s %5s %5s %10s %7s  %s\n", "STATUS", "HTTP", "NEW", "UPD",
                          "BYTES", "MS", "ERROR");
    for (size_t i = 0; rc == 0 && i < rep->n; i++) {
        const struct cc_fetch_result *r = &rep->results[i];
        char http[16];
        if (r->http_status > 0) {
            snprintf(http, sizeof(http), "%d", r->http_status);
        } else {
            snprintf(http, sizeof(http), "-");
        }
        rc = add_column(&b, r->outlet, OUTLET_WIDTH);
        rc = rc ? rc : cc_buf_adds(&b, " ");
        rc = rc ? rc : add_column(&b, r->feed_url, FEED_WIDTH);
        size_t mark = b.len;
        rc = rc ? rc
                : cc_buf_addf(&b, " %-12s %4s %5zu %5zu %10llu %7lld  %s\n",
                              cc_fetch_status_name(r->status), http, r->new_items, r->updated_items,
                              (unsigned long long)r->bytes, (long long)r->elapsed_ms,
                              r->error ? r->error : "");
        if (rc == 0) {
            one_line(b.buf + mark + 1);
            b.buf[b.len - 1] = '\n';
        }
    }
    if (rc == 0) {
        fwrite(b.buf, 1, b.len, stdout);
    }
    cc_buf_release(&b);
    return rc;
}

static int print_csv(const struct cc_fetch_report *rep)
{
    static const char *const header[] = {"outlet",      "feed_url",   "status",
                                         "http_status", "new_items",  "updated_items",
                                         "bytes",       "elapsed_ms", "error"};
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_csv_add_row(&b, header, CC_ARRAY_LEN(header), 0);
    for (size_t i = 0; rc == 0 && i < rep->n; i++) {
        const struct cc_fetch_result *r = &rep->results[i];
        char http[16];
        char nnew[24];
        char nupd[24];
        char bytes[24];
        char ms[24];
        snprintf(http, sizeof(http), "%d", r->http_status);
        snprintf(nnew, sizeof(nnew), "%zu", r->new_items);
        snprintf(nupd, sizeof(nupd), "%zu", r->updated_items);
        snprintf(bytes, sizeof(bytes), "%llu", (unsigned long long)r->bytes);
        snprintf(ms, sizeof(ms), "%lld", (long long)r->elapsed_ms);
        const char *cells[] = {r->outlet, r->feed_url, cc_fetch_status_name(r->status),
                               http,      nnew,        nupd,
                               bytes,     ms,          r->error};
        rc = cc_csv_add_row(&b, cells, CC_ARRAY_LEN(cells), 0);
    }
    if (rc == 0) {
        fwrite(b.buf, 1, b.len, stdout);
    }
    cc_buf_release(&b);
    return rc;
}

static void print_summary(FILE *f, const struct cc_fetch_report *rep)
{
    const struct cc_fetch_totals *t = &rep->totals;
    fprintf(f,
            "%zu feeds: %zu ok, %zu not-modified, %zu skipped, %zu failed; "
            "%zu new items, %zu updated; %llu bytes in %.1f s\n",
            rep->n, t->ok, t->not_modified, t->skipped, t->failed, t->new_items, t->updated_items,
            (unsigned long long)t->bytes, (double)rep->elapsed_ms / 1000.0);
}

int cmd_fetch(int argc, char **argv, const struct cc_cli *cli)
{
    struct fetch_args args = {{0}, 0, false};
    struct cc_fetch_options fo;
    cc_fetch_options_init(&fo);
    int prc = parse_args(&args, &fo, argc, argv);
    if (prc != 0) {
        return prc < 0 ? CC_EXIT_OK : prc;
    }
    fo.outlets = args.outlets;
    fo.noutlets = args.noutlets;

    struct cc_error err = CC_ERROR_INIT;
    struct cc_registry *reg = NULL;
    struct cc_store *st = NULL;
    struct cc_buf store_path = CC_BUF_INIT;
    struct cc_fetch_report rep = {0};
    bool bar = false;
    int exit_code = CC_EXIT_OK;

    int rc = cc_registry_open_default(&reg, cli->config_path, &err);
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = CC_EXIT_USAGE;
        goto out;
    }
    if (cli->store_path) {
        rc = cc_buf_adds(&store_path, cli->store_path);
    } else {
        rc = cc_store_default_path(&store_path, &err);
    }
    if (rc == 0) {
        rc = cc_store_open(&st, store_path.buf, &err);
    }
    if (rc != 0) {
        cc_error_set(&err, rc, NULL, "%s", cc_status_str(rc));
        cc_cmd_print_error(&err);
        exit_code = rc == CC_ELOCKED ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
        goto out;
    }
    bar = cli->progress && isatty(STDERR_FILENO) == 1;
    if (bar) {
        fo.progress = draw_progress;
    }
    rc = cc_fetch_run(&rep, st, reg, &fo, &err);
    if (bar) {
        clear_progress();
    }
    if (rc != 0 && rep.n == 0) {
        cc_cmd_print_error(&err);
        exit_code = cc_cmd_exit_for(rc);
        goto out;
    }
    int wrc = args.csv ? print_csv(&rep) : print_table(&rep);
    if (args.csv) {
        if (cli->log_level > CC_LOG_QUIET) {
            print_summary(stderr, &rep);
        }
    } else {
        print_summary(stdout, &rep);
    }
    if (fflush(stdout) != 0 || wrc != 0) {
        fprintf(stderr, "credcheck: standard output: cannot write the report\n");
        exit_code = CC_EXIT_FATAL;
        goto out;
    }
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = cc_cmd_exit_for(rc);
        goto out;
    }
    exit_code = rep.totals.failed > 0 ? CC_EXIT_PARTIAL : CC_EXIT_OK;
out:
    cc_fetch_report_release(&rep);
    cc_store_close(st);
    cc_registry_free(reg);
    cc_buf_release(&store_path);
    return exit_code;
}
