/*
 * cmd.h: what main.c hands to each subcommand, and the helpers every
 * cmd_<sub>.c shares (exit codes, error printing, option parsing glue).
 *
 * cmd/ parses arguments, calls down into core/ and fetchers/, and maps
 * status codes to exit codes. It holds no logic of its own.
 */
#ifndef CC_CMD_CMD_H
#define CC_CMD_CMD_H

#include "core/common.h"
#include "core/error.h"

/* Exit codes (DESIGN.md). */
enum {
    CC_EXIT_OK = 0,
    CC_EXIT_USAGE = 2,   /* usage or config error */
    CC_EXIT_PARTIAL = 3, /* done, but some feeds or articles failed */
    CC_EXIT_FATAL = 4,   /* store unusable, out of memory */
};

enum cc_color_mode {
    CC_COLOR_AUTO = 0,
    CC_COLOR_ALWAYS,
    CC_COLOR_NEVER,
};

/* Global options, parsed by main.c before the subcommand. */
struct cc_cli {
    const char *config_path; /* --config, or NULL: default search order */
    const char *store_path;  /* --store, or NULL: default path */
    int log_level;           /* from -q / -v */
    bool progress;           /* false with --no-progress */
    int color;               /* enum cc_color_mode */
};

typedef int (*cc_cmd_fn)(int argc, char **argv, const struct cc_cli *cli);

/* Subcommands: argv[0] is the subcommand name. Each returns an exit code. */
int cmd_parse(int argc, char **argv, const struct cc_cli *cli);
int cmd_fetch(int argc, char **argv, const struct cc_cli *cli);
int cmd_claims(int argc, char **argv, const struct cc_cli *cli);
int cmd_verify(int argc, char **argv, const struct cc_cli *cli);
int cmd_batch(int argc, char **argv, const struct cc_cli *cli);
int cmd_outlets(int argc, char **argv, const struct cc_cli *cli);
int cmd_store(int argc, char **argv, const struct cc_cli *cli);
int cmd_score_pairs(int argc, char **argv, const struct cc_cli *cli);

/* Prints "credcheck: SUBJECT: MESSAGE" for err on stderr. */
void cc_cmd_print_error(const struct cc_error *err);
/* Prints "credcheck: MESSAGE" and a hint to use --help; returns CC_EXIT_USAGE. */
int cc_cmd_usage_error(const char *cmd, const char *fmt, ...) CC_PRINTF(2, 3);
/* Maps a status code to an exit code: config/usage problems (CC_EINVAL,
 * CC_EPARSE on config) -> 2, CC_ESTORE/CC_ENOMEM -> 4, others -> 3. */
int cc_cmd_exit_for(int status);
/* True when colour should be used on stream f (honours NO_COLOR, --color and
 * whether f is a terminal). */
bool cc_cmd_use_color(const struct cc_cli *cli, FILE *f);

#endif
