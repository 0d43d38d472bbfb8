#include "core/common.h"

#include "cmd/cmd.h"
#include "core/banned.h"

/* Placeholder until the issue that builds this command lands. */
int cmd_fetch(int argc, char **argv, const struct cc_cli *cli)
{
    (void)cli;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: credcheck fetch ...\n");
        return CC_EXIT_OK;
    }
    if (argc > 1 && argv[1][0] == '-') {
        return cc_cmd_usage_error("fetch", "unknown option '%s'", argv[1]);
    }
    fprintf(stderr, "credcheck: fetch: not built yet\n");
    return CC_EXIT_FATAL;
}
