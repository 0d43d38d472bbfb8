#include "core/common.h"

#include <getopt.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/num.h"
#include "core/store.h"
#include "core/banned.h"

#define SECONDS_PER_DAY 86400
/* 100 years: far beyond any feed archive, small enough that the cutoff
 * arithmetic cannot overflow. */
#define MAX_PRUNE_DAYS 36500

static const char store_usage[] =
    "usage: credcheck store [stats]\n"
    "       credcheck store prune --older-than DAYS\n"
    "       credcheck store check\n"
    "\n"
    "Shows or maintains the SQLite store of fetched feed items (--store PATH,\n"
    "default $XDG_DATA_HOME/credcheck/store.db).\n"
    "\n"
    "Actions:\n"
    "  stats        outlets, feeds, items, runs, size, oldest and newest item (default)\n"
    "  prune        delete items published (or, without a date, first seen) more than\n"
    "               DAYS days ago that no feed has carried since then; the full-text\n"
    "               index follows\n"
    "  check        run SQLite's integrity check and the full-text index check\n"
    "\n"
    "Options:\n"
    "  --older-than DAYS   (prune) age limit in whole days, 0 to 36500\n"
    "  -h, --help          this help\n";

static int open_store(struct cc_store **out, const struct cc_cli *cli)
{
    struct cc_buf path = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    int rc =
        cli->store_path ? cc_buf_adds(&path, cli->store_path) : cc_store_default_path(&path, &err);
    if (rc < 0 && !cc_error_is_set(&err)) {
        cc_error_set(&err, rc, "store", "out of memory");
    }
    if (rc == 0) {
        rc = cc_store_open(out, path.buf, &err);
    }
    cc_buf_release(&path);
    if (rc < 0) {
        cc_cmd_print_error(&err);
        return rc == CC_EINVAL ? CC_EXIT_USAGE : CC_EXIT_FATAL;
    }
    return CC_EXIT_OK;
}

static void format_size(char *out, size_t outlen, int64_t bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)bytes;
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < CC_ARRAY_LEN(units)) {
        v /= 1024.0;
        u++;
    }
    if (u == 0) {
        snprintf(out, outlen, "%lld B", (long long)bytes);
    } else {
        snprintf(out, outlen, "%.1f %s (%lld bytes)", v, units[u], (long long)bytes);
    }
}

static void format_time(char out[32], int64_t t)
{
    if (t == CC_TIME_NONE) {
        snprintf(out, 32, "-");
    } else {
        cc_time_format(out, t);
    }
}

static int do_stats(const struct cc_cli *cli)
{
    struct cc_store *st = NULL;
    int code = open_store(&st, cli);
    if (code != CC_EXIT_OK) {
        return code;
    }
    struct cc_store_stats s;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_store_stats_get(&s, st, &err);
    if (rc < 0) {
        cc_cmd_print_error(&err);
        cc_store_close(st);
        return CC_EXIT_FATAL;
    }
    char size[64];
    char oldest[32];
    char newest[32];
    format_size(size, sizeof(size), s.db_bytes);
    format_time(oldest, s.oldest_item);
    format_time(newest, s.newest_item);
    printf("%-12s %s\n", "store", cc_store_path(st));
    printf("%-12s %d\n", "schema", s.schema_version);
    printf("%-12s %lld\n", "outlets", (long long)s.outlets);
    printf("%-12s %lld\n", "feeds", (long long)s.feeds);
    printf("%-12s %lld\n", "items", (long long)s.items);
    printf("%-12s %lld\n", "runs", (long long)s.runs);
    printf("%-12s %lld\n", "articles", (long long)s.articles);
    printf("%-12s %s\n", "size", size);
    printf("%-12s %s\n", "oldest item", oldest);
    printf("%-12s %s\n", "newest item", newest);
    cc_store_close(st);
    return CC_EXIT_OK;
}

static int do_prune(int argc, char **argv, const struct cc_cli *cli)
{
    enum { OPT_OLDER = 256 };
    static const struct option opts[] = {
        {"older-than", required_argument, NULL, OPT_OLDER},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *older = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_OLDER:
            older = optarg;
            break;
        case 'h':
            fputs(store_usage, stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error("store", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("store", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return cc_cmd_usage_error("store", "unexpected argument '%s'", argv[optind]);
    }
    if (!older) {
        return cc_cmd_usage_error("store", "prune needs --older-than DAYS");
    }
    int days = 0;
    if (cc_parse_int(&days, older, 0, MAX_PRUNE_DAYS) < 0) {
        return cc_cmd_usage_error("store", "--older-than: '%s' is not a number of days (0-%d)",
                                  older, MAX_PRUNE_DAYS);
    }
    struct cc_store *st = NULL;
    int code = open_store(&st, cli);
    if (code != CC_EXIT_OK) {
        return code;
    }
    int64_t cutoff = cc_clock_now(NULL) - (int64_t)days * SECONDS_PER_DAY;
    int64_t removed = 0;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_store_prune(st, cutoff, &removed, &err);
    cc_store_close(st);
    if (rc < 0) {
        cc_cmd_print_error(&err);
        return rc == CC_ELOCKED ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
    }
    char when[32];
    cc_time_format(when, cutoff);
    printf("pruned %lld items older than %d days (before %s)\n", (long long)removed, days, when);
    return CC_EXIT_OK;
}

static int do_check(const struct cc_cli *cli)
{
    struct cc_store *st = NULL;
    int code = open_store(&st, cli);
    if (code != CC_EXIT_OK) {
        return code;
    }
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_store_integrity_check(st, NULL, &err);
    cc_store_close(st);
    if (rc < 0) {
        cc_cmd_print_error(&err);
        return rc == CC_ELOCKED ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
    }
    printf("ok\n");
    return CC_EXIT_OK;
}

int cmd_store(int argc, char **argv, const struct cc_cli *cli)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    /* '+': stop at the action; its own options are parsed after it. */
    while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(store_usage, stdout);
            return CC_EXIT_OK;
        default:
            return cc_cmd_usage_error("store", "unknown option '%s'", argv[optind - 1]);
        }
    }
    const char *action = optind < argc ? argv[optind] : "stats";
    int sub_argc = optind < argc ? argc - optind : 0;
    char **sub_argv = argv + optind;
    if (strcmp(action, "prune") == 0) {
        return do_prune(sub_argc, sub_argv, cli);
    }
    if (strcmp(action, "stats") != 0 && strcmp(action, "check") != 0) {
        return cc_cmd_usage_error("store", "unknown action '%s'", action);
    }
    /* stats and check take no options but --help. */
    for (int i = 1; i < sub_argc; i++) {
        if (strcmp(sub_argv[i], "--help") == 0 || strcmp(sub_argv[i], "-h") == 0) {
            fputs(store_usage, stdout);
            return CC_EXIT_OK;
        }
        return cc_cmd_usage_error("store", "unexpected argument '%s'", sub_argv[i]);
    }
    return strcmp(action, "stats") == 0 ? do_stats(cli) : do_check(cli);
}
