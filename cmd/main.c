#include "core/common.h"

#include <getopt.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "cmd/cmd.h"
#include "core/log.h"
#include "core/banned.h"

struct subcommand {
    const char *name;
    cc_cmd_fn fn;
    const char *summary;
};

static const struct subcommand subcommands[] = {
    {"parse", cmd_parse, "print a feed (file or URL) as normalised JSON"},
    {"fetch", cmd_fetch, "fetch the outlets' feeds into the store"},
    {"claims", cmd_claims, "list an article's sentences, claims and citations"},
    {"verify", cmd_verify, "check an article's claims against the stored feeds"},
    {"batch", cmd_batch, "the nightly job: fetch, then verify a folder of articles"},
    {"outlets", cmd_outlets, "list, show or import the outlet registry"},
    {"store", cmd_store, "show store statistics or prune old items"},
    {"score-pairs", cmd_score_pairs, "score claim/item pairs from a TSV file (tuning aid)"},
};

static void print_help(FILE *f)
{
    fprintf(f, "usage: credcheck [--config FILE] [--store PATH] [-q|-v] [--no-progress]\n"
               "                 [--color=auto|always|never] COMMAND [ARGS]\n"
               "\n"
               "Cross-checks the claims of a news article against what news outlets\n"
               "published in their RSS/Atom/JSON feeds.\n"
               "\n"
               "Commands:\n");
    for (size_t i = 0; i < CC_ARRAY_LEN(subcommands); i++) {
        fprintf(f, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
    }
    fprintf(f, "\n"
               "Global options:\n"
               "  --config FILE   outlet registry (default: $CREDCHECK_CONFIG, else\n"
               "                  $XDG_CONFIG_HOME/credcheck/outlets.json, else built-in)\n"
               "  --store PATH    SQLite store (default: $XDG_DATA_HOME/credcheck/store.db)\n"
               "  -q, --quiet     errors only\n"
               "  -v, --verbose   more messages (twice: debug)\n"
               "  --no-progress   no progress bar\n"
               "  --color=WHEN    auto (default), always or never; NO_COLOR is honoured\n"
               "  -h, --help      this help; 'credcheck COMMAND --help' for a command\n"
               "  --version       print the version\n"
               "\n"
               "Exit codes: 0 done; 2 usage or config error; 3 done, but some feeds or\n"
               "articles failed; 4 fatal (store unusable, out of memory).\n");
}

int main(int argc, char **argv)
{
    struct cc_cli cli = {NULL, NULL, CC_LOG_WARN, true, CC_COLOR_AUTO};
    enum { OPT_CONFIG = 256, OPT_STORE, OPT_NO_PROGRESS, OPT_COLOR, OPT_VERSION };
    static const struct option opts[] = {
        {"config", required_argument, NULL, OPT_CONFIG},
        {"store", required_argument, NULL, OPT_STORE},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };

    opterr = 0;
    int c;
    /* '+': stop at the first non-option, the subcommand. */
    while ((c = getopt_long(argc, argv, "+:qvh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_CONFIG:
            cli.config_path = optarg;
            break;
        case OPT_STORE:
            cli.store_path = optarg;
            break;
        case 'q':
            cli.log_level = CC_LOG_ERROR;
            break;
        case 'v':
            cli.log_level = cli.log_level < CC_LOG_INFO ? CC_LOG_INFO : CC_LOG_DEBUG;
            break;
        case OPT_NO_PROGRESS:
            cli.progress = false;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0) {
                cli.color = CC_COLOR_AUTO;
            } else if (strcmp(optarg, "always") == 0) {
                cli.color = CC_COLOR_ALWAYS;
            } else if (strcmp(optarg, "never") == 0) {
                cli.color = CC_COLOR_NEVER;
            } else {
                return cc_cmd_usage_error(NULL, "invalid --color value '%s'", optarg);
            }
            break;
        case 'h':
            print_help(stdout);
            return CC_EXIT_OK;
        case OPT_VERSION:
            printf("credcheck %s\n", CC_VERSION);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error(NULL, "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return CC_EXIT_USAGE;
    }
    const char *name = argv[optind];
    const struct subcommand *sub = NULL;
    for (size_t i = 0; i < CC_ARRAY_LEN(subcommands); i++) {
        if (strcmp(subcommands[i].name, name) == 0) {
            sub = &subcommands[i];
        }
    }
    if (!sub) {
        return cc_cmd_usage_error(NULL, "unknown command '%s'", name);
    }
    cc_log_set_level(cli.log_level);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "credcheck: cannot initialise libcurl\n");
        return CC_EXIT_FATAL;
    }
    /* Before any thread (batch verifies on several): libxml2 asks to be
     * initialised once by the program when threads use it. */
    xmlInitParser();
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    /* Subcommands parse their own options from a fresh getopt state
     * (glibc: optind = 0 re-initialises it). */
    optind = 0;
    int rc = sub->fn(sub_argc, sub_argv, &cli);
    curl_global_cleanup();
    return rc;
}
