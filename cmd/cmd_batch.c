#include "core/common.h"

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/batch.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/num.h"
#include "core/outlets.h"
#include "core/store.h"
#include "core/banned.h"

#define PROGRESS_WIDTH 30

static const char usage_text[] =
    "usage: credcheck batch --in DIR --out DIR [--no-fetch] [--workers N]\n"
    "\n"
    "The nightly job. Takes a lock beside the store (a second run at the same\n"
    "time exits 3 at once, naming the first one's PID), fetches every outlet's\n"
    "feeds, then verifies each article file in --in that is new or changed since\n"
    "its last check (by content hash) and skips the rest. Writes, each file\n"
    "atomically:\n"
    "  OUT/YYYY-MM-DD.csv        the day's claims (UTC date), one row per claim,\n"
    "                            the columns of 'verify --format csv'; a second run\n"
    "                            the same day adds its rows (an article checked\n"
    "                            again replaces its earlier rows of that day)\n"
    "  OUT/NAME.json             the full JSON report of each article checked\n"
    "                            (compact, on one line: 'jq . FILE' indents it)\n"
    "  OUT/feeds-YYYY-MM-DD.csv  the fetch's feed health, as 'fetch --format csv'\n"
    "and prints one summary line.\n"
    "\n"
    "Article files: .txt, .md, .markdown, .html, .htm, and .url (one http(s) URL,\n"
    "checked as that page). Hidden names and other files are ignored, subfolders\n"
    "are not descended, and symbolic links leading out of --in are skipped with a\n"
    "warning.\n"
    "\n"
    "Options:\n"
    "  --in DIR      folder of articles to check\n"
    "  --out DIR     folder for the reports (created when missing)\n"
    "  --no-fetch    do not refresh the feeds; check against the store as it is\n"
    "  --workers N   articles verified at once, 1-16 (default: the number of\n"
    "                CPUs, at most 8); the reports are the same for any N\n"
    "  -h, --help    this help\n"
    "\n"
    "Exit status: 0 done; 2 usage or config error; 3 some articles or feeds failed\n"
    "(the summary says how many, the log which), or another batch run holds the\n"
    "lock; 4 fatal (store unusable, out of memory).\n";

struct batch_args {
    const char *in;
    const char *out;
    bool no_fetch;
    size_t workers; /* 0: default */
};

static int parse_args(struct batch_args *a, int argc, char **argv)
{
    enum { OPT_IN = 256, OPT_OUT, OPT_NO_FETCH, OPT_WORKERS };
    static const struct option opts[] = {
        {"in", required_argument, NULL, OPT_IN},
        {"out", required_argument, NULL, OPT_OUT},
        {"no-fetch", no_argument, NULL, OPT_NO_FETCH},
        {"workers", required_argument, NULL, OPT_WORKERS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_IN:
            a->in = optarg;
            break;
        case OPT_OUT:
            a->out = optarg;
            break;
        case OPT_NO_FETCH:
            a->no_fetch = true;
            break;
        case OPT_WORKERS: {
            int64_t n = 0;
            if (cc_parse_int64(&n, optarg, strlen(optarg), 1, CC_BATCH_MAX_WORKERS) != 0) {
                return cc_cmd_usage_error("batch",
                                          "--workers wants a number from 1 to %d, not '%s'",
                                          CC_BATCH_MAX_WORKERS, optarg);
            }
            a->workers = (size_t)n;
            break;
        }
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        case ':':
            return cc_cmd_usage_error("batch", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("batch", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return cc_cmd_usage_error("batch", "unexpected argument '%s'", argv[optind]);
    }
    if (!a->in || !a->out) {
        return cc_cmd_usage_error("batch", "--in and --out are required");
    }
    struct stat sb;
    if (stat(a->in, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        return cc_cmd_usage_error("batch", "--in '%s' is not a folder", a->in);
    }
    return 0;
}

/*
 * Test hook (tests/batch/test_batch.py; not for users): CC_BATCH_TEST_HOOK=
 * "EVENT:N:ACTION" acts at the N-th checkpoint EVENT ("locked" or a
 * cc_batch_event_name). ACTION "kill" sends this process SIGKILL, so tests
 * can stop a run at an exact point; "wait=PATH" blocks until PATH (a FIFO)
 * is opened for writing, so a test can hold a run while it starts another.
 * CC_BATCH_TEST_COMMIT_EVERY=N commits every N articles instead of
 * CC_BATCH_COMMIT_EVERY, so small test folders span several commits, and
 * CC_BATCH_TEST_CHUNK=N hands the workers N articles at a time instead of
 * CC_BATCH_CHUNK, so they span several chunks and the read-ahead wraps.
 */
struct hook {
    char event[32];
    int64_t n;
    int64_t seen;
    const char *action;
};

static bool hook_parse(struct hook *h)
{
    const char *spec = getenv("CC_BATCH_TEST_HOOK");
    if (!spec || !spec[0]) {
        return false;
    }
    const char *c1 = strchr(spec, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || (size_t)(c1 - spec) >= sizeof(h->event) ||
        cc_parse_int64(&h->n, c1 + 1, (size_t)(c2 - c1 - 1), 1, INT32_MAX) != 0) {
        fprintf(stderr, "credcheck: CC_BATCH_TEST_HOOK: want EVENT:N:ACTION\n");
        return false;
    }
    memcpy(h->event, spec, (size_t)(c1 - spec));
    h->event[c1 - spec] = '\0';
    h->seen = 0;
    h->action = c2 + 1;
    return true;
}

static void hook_fire(struct hook *h, const char *event)
{
    if (!h->action || strcmp(h->event, event) != 0 || ++h->seen != h->n) {
        return;
    }
    if (strcmp(h->action, "kill") == 0) {
        raise(SIGKILL);
    } else if (strncmp(h->action, "wait=", 5) == 0) {
        int fd = open(h->action + 5, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            char ch;
            while (read(fd, &ch, 1) > 0) {
            }
            close(fd);
        }
    }
}

/* A count from a test variable (see above), 0 (the default) when unset or
 * not a number from 1 to 1,000,000. */
static size_t test_count(const char *name)
{
    const char *s = getenv(name);
    int64_t n = 0;
    if (!s || cc_parse_int64(&n, s, strlen(s), 1, 1000000) != 0) {
        return 0;
    }
    return (size_t)n;
}

struct progress {
    struct hook hook;
    bool bar;
    bool drawn;
};

static void on_event(enum cc_batch_event ev, const char *article, size_t done, size_t total,
                     void *payload)
{
    struct progress *p = payload;
    if (p->bar &&
        (ev == CC_BATCH_EV_VERIFIED || ev == CC_BATCH_EV_SKIPPED || ev == CC_BATCH_EV_FAILED)) {
        size_t fill = total ? done * PROGRESS_WIDTH / total : PROGRESS_WIDTH;
        char bar[PROGRESS_WIDTH + 1];
        for (size_t i = 0; i < PROGRESS_WIDTH; i++) {
            bar[i] = i < fill ? '#' : '.';
        }
        bar[PROGRESS_WIDTH] = '\0';
        fprintf(stderr, "\rchecking [%s] %zu/%zu articles", bar, done, total);
        fflush(stderr);
        p->drawn = true;
    }
    if (ev == CC_BATCH_EV_VERIFIED && article) {
        cc_log_info("%s: verified", article);
    }
    hook_fire(&p->hook, cc_batch_event_name(ev));
}

int cmd_batch(int argc, char **argv, const struct cc_cli *cli)
{
    struct batch_args args = {NULL, NULL, false, 0};
    int prc = parse_args(&args, argc, argv);
    if (prc != 0) {
        return prc < 0 ? CC_EXIT_OK : prc;
    }
    struct cc_error err = CC_ERROR_INIT;
    struct cc_registry *reg = NULL;
    struct cc_store *st = NULL;
    struct cc_batch_lock *lock = NULL;
    struct cc_buf store_path = CC_BUF_INIT;
    struct cc_buf line = CC_BUF_INIT;
    struct cc_batch_summary sum = {0};
    struct progress prog = {{{0}, 0, 0, NULL}, false, false};
    int exit_code = CC_EXIT_OK;

    hook_parse(&prog.hook);
    int rc = cc_registry_open_default(&reg, cli->config_path, &err);
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = CC_EXIT_USAGE;
        goto out;
    }
    rc = cli->store_path ? cc_buf_adds(&store_path, cli->store_path)
                         : cc_store_default_path(&store_path, &err);
    if (rc != 0) {
        cc_error_set(&err, rc, NULL, "cannot find a place for the store: %s", cc_status_str(rc));
        cc_cmd_print_error(&err);
        exit_code = rc == CC_EINVAL ? CC_EXIT_USAGE : CC_EXIT_FATAL;
        goto out;
    }
    rc = cc_batch_lock_take(&lock, store_path.buf, &err);
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = rc == CC_ELOCKED ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
        goto out;
    }
    hook_fire(&prog.hook, "locked");
    struct cc_store_options so = {0};
    so.mmap_bytes = CC_BATCH_STORE_MMAP;
    rc = cc_store_open_with(&st, store_path.buf, &so, &err);
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = rc == CC_ELOCKED ? CC_EXIT_PARTIAL : CC_EXIT_FATAL;
        goto out;
    }
    struct cc_batch_options bo;
    cc_batch_options_init(&bo);
    bo.in_dir = args.in;
    bo.out_dir = args.out;
    bo.fetch = !args.no_fetch;
    bo.workers = args.workers;
    bo.config = cc_registry_source(reg);
    bo.commit_every = test_count("CC_BATCH_TEST_COMMIT_EVERY");
    bo.chunk = test_count("CC_BATCH_TEST_CHUNK");
    bo.event = on_event;
    bo.event_payload = &prog;
    prog.bar = cli->progress && isatty(STDERR_FILENO) == 1;
    rc = cc_batch_run(&sum, st, reg, &bo, &err);
    if (prog.drawn) {
        fprintf(stderr, "\r%*s\r", PROGRESS_WIDTH + 40, "");
    }
    if (rc != 0) {
        cc_cmd_print_error(&err);
        exit_code = cc_cmd_exit_for(rc);
        if (exit_code == CC_EXIT_OK || exit_code == CC_EXIT_USAGE) {
            exit_code = CC_EXIT_PARTIAL;
        }
    }
    if (cc_batch_summary_format(&line, &sum) == 0) {
        printf("%s\n", line.buf);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "credcheck: standard output: cannot write the summary\n");
        exit_code = CC_EXIT_FATAL;
    }
    if (exit_code == CC_EXIT_OK && (sum.failed > 0 || sum.feeds_failed > 0)) {
        exit_code = CC_EXIT_PARTIAL;
    }
out:
    cc_batch_summary_release(&sum);
    cc_store_close(st);
    cc_batch_lock_release(lock);
    cc_registry_free(reg);
    cc_buf_release(&store_path);
    cc_buf_release(&line);
    return exit_code;
}
