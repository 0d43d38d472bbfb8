#include "core/common.h"

#include <stdarg.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/banned.h"

void cc_cmd_print_error(const struct cc_error *err)
{
    char line[CC_ERROR_SUBJECT_MAX + CC_ERROR_MSG_MAX + 8];
    cc_error_format(line, sizeof(line), err);
    fprintf(stderr, "credcheck: %s\n", line);
}

int cc_cmd_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0) {
        msg[0] = '\0';
    }
    if (cmd) {
        fprintf(stderr, "credcheck: %s: %s (see 'credcheck %s --help')\n", cmd, msg, cmd);
    } else {
        fprintf(stderr, "credcheck: %s (see 'credcheck --help')\n", msg);
    }
    return CC_EXIT_USAGE;
}

int cc_cmd_exit_for(int status)
{
    switch (status) {
    case CC_OK:
        return CC_EXIT_OK;
    case CC_EINVAL:
        return CC_EXIT_USAGE;
    case CC_ESTORE:
    case CC_ENOMEM:
        return CC_EXIT_FATAL;
    default:
        return CC_EXIT_PARTIAL;
    }
}

bool cc_cmd_use_color(const struct cc_cli *cli, FILE *f)
{
    if (cli->color == CC_COLOR_ALWAYS) {
        return true;
    }
    if (cli->color == CC_COLOR_NEVER) {
        return false;
    }
    const char *no = getenv("NO_COLOR");
    if (no && no[0]) {
        return false;
    }
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0) {
        return false;
    }
    return isatty(fileno(f)) == 1;
}
