#include "core/common.h"

#include <getopt.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/matcher.h"
#include "core/banned.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: credcheck score-pairs FILE.tsv\n"
               "\n"
               "A tuning aid: reads claim<TAB>item lines (a header line is allowed, a third\n"
               "column such as a label is ignored; FILE may be '-') and prints, per pair,\n"
               "the matcher's pair probability and 1 when it passes the model's outlet\n"
               "threshold, else 0: score<TAB>0|1. The texts of the file are the IDF\n"
               "background; pairs carry no dates.\n");
}

static bool is_number(const char *s)
{
    char *end = NULL;
    if (!*s) {
        return false;
    }
    (void)strtod(s, &end);
    return end && *end == '\0';
}

int cmd_score_pairs(int argc, char **argv, const struct cc_cli *cli)
{
    (void)cli;
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return CC_EXIT_OK;
        }
        return cc_cmd_usage_error("score-pairs", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind + 1 != argc) {
        return cc_cmd_usage_error("score-pairs",
                                  optind >= argc ? "no FILE given" : "one FILE at a time");
    }
    const char *path = argv[optind];
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "credcheck: %s: cannot open: %s\n", path, strerror(errno));
        return CC_EXIT_USAGE;
    }
    struct cc_buf data = CC_BUF_INIT;
    char chunk[65536];
    size_t got;
    int exit_code = CC_EXIT_OK;
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (cc_buf_add(&data, chunk, got) < 0) {
            fprintf(stderr, "credcheck: %s: out of memory\n", path);
            exit_code = CC_EXIT_FATAL;
            break;
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    const char **claims = NULL, **items = NULL;
    double *scores = NULL;
    size_t n = 0, alloc = 0, lineno = 0;
    char *p = data.buf;
    while (exit_code == CC_EXIT_OK && p < data.buf + data.len) {
        char *eol = memchr(p, '\n', (size_t)(data.buf + data.len - p));
        char *next = eol ? eol + 1 : data.buf + data.len;
        if (eol) {
            *eol = '\0';
            if (eol > p && eol[-1] == '\r') {
                eol[-1] = '\0';
            }
        }
        lineno++;
        char *line = p;
        p = next;
        if (!*line) {
            continue;
        }
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "credcheck: %s:%zu: no TAB between claim and item\n", path, lineno);
            exit_code = CC_EXIT_USAGE;
            break;
        }
        *tab = '\0';
        char *item = tab + 1;
        char *third = strchr(item, '\t');
        if (third) {
            *third++ = '\0';
        }
        /* a header: "claim<TAB>item..." or a non-numeric third column on line 1 */
        if (lineno == 1 && (strcmp(line, "claim") == 0 || strcmp(line, "text_a") == 0 ||
                            (third && !is_number(third)))) {
            continue;
        }
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 256;
            const char **c2 = realloc(claims, na * sizeof(*c2));
            if (c2) {
                claims = c2;
            }
            const char **i2 = c2 ? realloc(items, na * sizeof(*i2)) : NULL;
            if (i2) {
                items = i2;
            }
            if (!c2 || !i2) {
                fprintf(stderr, "credcheck: %s: out of memory\n", path);
                exit_code = CC_EXIT_FATAL;
                break;
            }
            alloc = na;
        }
        claims[n] = line;
        items[n] = item;
        n++;
    }
    if (exit_code == CC_EXIT_OK) {
        struct cc_model model;
        struct cc_error err = CC_ERROR_INIT;
        scores = calloc(n ? n : 1, sizeof(*scores));
        int rc = scores ? cc_model_builtin(&model, &err) : CC_ENOMEM;
        if (rc == 0) {
            rc = cc_matcher_score_texts(scores, &model, claims, items, n, &err);
        }
        if (rc) {
            if (!scores) {
                fprintf(stderr, "credcheck: %s: out of memory\n", path);
            } else {
                cc_cmd_print_error(&err);
            }
            exit_code = cc_cmd_exit_for(rc);
        } else {
            for (size_t i = 0; i < n; i++) {
                printf("%.5f\t%d\n", scores[i], scores[i] >= model.outlet_threshold ? 1 : 0);
            }
            if (fflush(stdout) != 0) {
                exit_code = CC_EXIT_PARTIAL;
            }
        }
    }
    free(scores);
    free(claims);
    free(items);
    cc_buf_release(&data);
    return exit_code;
}
