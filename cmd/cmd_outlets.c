#include "core/common.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outlets.h"
#include "core/utf8.h"
#include "fetchers/opml.h"
#include "core/banned.h"

static const char usage_text[] =
    "usage: credcheck outlets [list [--format table|json]]\n"
    "       credcheck outlets show [--format text|json] NAME\n"
    "       credcheck outlets import [-o FILE] FILE.opml\n"
    "\n"
    "Lists, shows or extends the outlet registry (outlets.json). The registry\n"
    "is --config FILE, else $CREDCHECK_CONFIG, else\n"
    "$XDG_CONFIG_HOME/credcheck/outlets.json (~/.config/...), else the installed\n"
    "outlets.json, else the built-in one.\n"
    "\n"
    "  list      one line per outlet: name, aliases, domains, feeds, wire service\n"
    "  show      one outlet in full; NAME may be any alias or domain (\"Reuter's\",\n"
    "            \"arabnews.pk\")\n"
    "  import    merges the feeds of an OPML file (a feed reader's export) into\n"
    "            the registry and writes the result as outlets.json to standard\n"
    "            output or FILE (replaced atomically); feeds join the outlet that\n"
    "            already has them, owns their site's domain, or has their name\n"
    "\n"
    "Exit codes: 0 done; 2 usage or config error (the message names the file and\n"
    "the JSON path, e.g. 'outlets[2].feeds[0]'); 4 out of memory.\n";

static const char list_usage[] =
    "usage: credcheck outlets list [--format table|json]\n"
    "\n"
    "One line per outlet of the registry: name, aliases (count and the first\n"
    "ones; '?' marks an ambiguous alias), domains, number of feeds, wire service.\n"
    "--format json writes the whole registry as outlets.json.\n";

static const char show_usage[] =
    "usage: credcheck outlets show [--format text|json] NAME\n"
    "\n"
    "Shows one outlet in full. NAME is resolved like a citation: the registry\n"
    "name, an alias, a possessive or a domain (\"Reuter's\", \"arabnews.pk\").\n";

static const char import_usage[] =
    "usage: credcheck outlets import [-o FILE] FILE.opml\n"
    "\n"
    "Reads an OPML subscription list and merges its feeds into the registry\n"
    "(--config or the default search order): a feed joins the outlet that already\n"
    "lists it, else the one owning its site's domain, else the one with its name;\n"
    "otherwise it becomes a new outlet. Writes the merged registry as\n"
    "outlets.json to standard output, or to FILE (written to a temporary file\n"
    "and renamed, so FILE is never left half-written). A summary goes to\n"
    "standard error.\n"
    "\n"
    "  -o, --output FILE   write here instead of standard output\n";

static int exit_for_config(int rc)
{
    return rc == CC_ENOMEM ? CC_EXIT_FATAL : CC_EXIT_USAGE;
}

static int open_registry(struct cc_registry **reg, const struct cc_cli *cli)
{
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_registry_open_default(reg, cli->config_path, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        return exit_for_config(rc);
    }
    return CC_EXIT_OK;
}

/* Parses "--format X" / "--format=X" and "-h"/"--help" for list and show;
 * returns -1 to go on, else an exit code. */
static int parse_format(int argc, char **argv, const char *sub, const char *usage,
                        const char *const *formats, size_t nformats, size_t *format)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 0;
    opterr = 0;
    int c;
    *format = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': {
            bool ok = false;
            for (size_t i = 0; i < nformats; i++) {
                if (strcmp(optarg, formats[i]) == 0) {
                    *format = i;
                    ok = true;
                }
            }
            if (!ok) {
                return cc_cmd_usage_error(sub, "invalid --format '%s'", optarg);
            }
            break;
        }
        case 'h':
            fputs(usage, stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error(sub, "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -1;
}

/* ---- list ------------------------------------------------------------------ */

#define COL_NAME 24
#define COL_ALIASES 44
#define COL_DOMAINS 34

/* Appends s cut to width columns ("..." when cut), padded to width. */
static int add_cell(struct cc_buf *b, const char *s, size_t width, bool pad)
{
    size_t len = strlen(s);
    size_t w = cc_utf8_width(s, len);
    int rc = 0;
    if (w > width) {
        size_t used = 0;
        size_t keep = cc_utf8_prefix_for_width(s, len, width - 3, &used);
        rc = cc_buf_add(b, s, keep);
        if (rc == 0) {
            rc = cc_buf_adds(b, "...");
        }
        w = used + 3;
    } else {
        rc = cc_buf_add(b, s, len);
    }
    while (rc == 0 && pad && w < width) {
        rc = cc_buf_addch(b, ' ');
        w++;
    }
    return rc;
}

static int format_list(struct cc_buf *out, const struct cc_registry *reg)
{
    struct cc_buf cell = CC_BUF_INIT;
    size_t nfeeds = 0;
    int rc = cc_buf_addf(out, "%-*s  %-*s  %-*s  %5s  %s\n", COL_NAME, "NAME", COL_ALIASES,
                         "ALIASES", COL_DOMAINS, "DOMAINS", "FEEDS", "WIRE");
    for (size_t i = 0; rc == 0 && i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        nfeeds += o->nfeeds;
        rc = add_cell(out, o->name, COL_NAME, true);
        if (rc == 0) {
            rc = cc_buf_adds(out, "  ");
        }
        cc_buf_reset(&cell);
        if (rc == 0) {
            rc = cc_buf_addf(&cell, "%zu", o->naliases + o->nambiguous);
        }
        for (size_t j = 0; rc == 0 && j < o->naliases + o->nambiguous; j++) {
            bool amb = j >= o->naliases;
            const char *a = amb ? o->ambiguous_aliases[j - o->naliases] : o->aliases[j];
            rc = cc_buf_addf(&cell, "%s%s%s", j ? ", " : ": ", a, amb ? "?" : "");
        }
        if (rc == 0) {
            rc = add_cell(out, cell.buf, COL_ALIASES, true);
        }
        if (rc == 0) {
            rc = cc_buf_adds(out, "  ");
        }
        cc_buf_reset(&cell);
        for (size_t j = 0; rc == 0 && j < o->ndomains; j++) {
            rc = cc_buf_addf(&cell, "%s%s", j ? ", " : "", o->domains[j]);
        }
        if (rc == 0) {
            rc = add_cell(out, o->ndomains ? cell.buf : "-", COL_DOMAINS, true);
        }
        if (rc == 0) {
            rc = cc_buf_addf(out, "  %5zu  %s\n", o->nfeeds, o->wire ? "yes" : "no");
        }
    }
    if (rc == 0) {
        rc = cc_buf_addf(out, "%zu outlets, %zu feeds (registry: %s)\n", cc_registry_count(reg),
                         nfeeds, cc_registry_source(reg));
    }
    cc_buf_release(&cell);
    return rc;
}

static int write_out(const struct cc_buf *b)
{
    if (fwrite(b->buf, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
        fprintf(stderr, "credcheck: outlets: cannot write to standard output: %s\n",
                strerror(errno));
        return CC_EXIT_PARTIAL;
    }
    return CC_EXIT_OK;
}

static int cmd_list(int argc, char **argv, const struct cc_cli *cli)
{
    static const char *const formats[] = {"table", "json"};
    size_t format;
    int ex = parse_format(argc, argv, "outlets list", list_usage, formats, 2, &format);
    if (ex >= 0) {
        return ex;
    }
    if (optind < argc) {
        return cc_cmd_usage_error("outlets list", "unexpected argument '%s'", argv[optind]);
    }
    struct cc_registry *reg = NULL;
    ex = open_registry(&reg, cli);
    if (ex) {
        return ex;
    }
    struct cc_buf out = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    int rc = format == 1 ? cc_registry_write_json(&out, reg, NULL, &err) : format_list(&out, reg);
    if (rc) {
        cc_error_set(&err, rc, "outlets", "%s", cc_status_str(rc));
        cc_cmd_print_error(&err);
        ex = CC_EXIT_FATAL;
    } else {
        ex = write_out(&out);
    }
    cc_buf_release(&out);
    cc_registry_free(reg);
    return ex;
}

/* ---- show ------------------------------------------------------------------ */

static int add_list_line(struct cc_buf *b, const char *label, char *const *v, size_t n)
{
    int rc = cc_buf_addf(b, "%-12s ", label);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = cc_buf_addf(b, "%s%s", i ? ", " : "", v[i]);
    }
    if (rc == 0) {
        rc = cc_buf_adds(b, n ? "\n" : "-\n");
    }
    return rc;
}

static int format_show(struct cc_buf *b, const struct cc_outlet *o,
                       const struct cc_registry_match *m)
{
    int rc = cc_buf_addf(b, "%-12s %s\n", "name:", o->name);
    if (rc == 0) {
        rc = add_list_line(b, "aliases:", o->aliases, o->naliases);
    }
    if (rc == 0) {
        rc = add_list_line(b, "ambiguous:", o->ambiguous_aliases, o->nambiguous);
    }
    if (rc == 0) {
        rc = add_list_line(b, "domains:", o->domains, o->ndomains);
    }
    if (rc == 0) {
        rc = cc_buf_addf(b, "%-12s %zu\n", "feeds:", o->nfeeds);
    }
    for (size_t i = 0; rc == 0 && i < o->nfeeds; i++) {
        rc = cc_buf_addf(b, "  %s%s\n", o->feeds[i].url,
                         o->feeds[i].insecure ? "  (insecure: TLS not verified)" : "");
    }
    if (rc == 0) {
        rc = cc_buf_addf(b, "%-12s %s\n", "wire:", o->wire ? "yes" : "no");
    }
    if (rc == 0) {
        rc = cc_buf_addf(b, "%-12s %g%s\n", "credibility:", o->credibility,
                         o->credibility_set ? "" : " (default)");
    }
    if (rc == 0) {
        rc = cc_buf_addf(b, "%-12s %s\n", "group:", o->group ? o->group : "-");
    }
    if (rc == 0 && o->notes) {
        rc = cc_buf_addf(b, "%-12s %s\n", "notes:", o->notes);
    }
    if (rc == 0 && m) {
        static const char *const kinds[] = {"-", "name", "alias", "domain"};
        const char *kind =
            m->kind >= 0 && (size_t)m->kind < CC_ARRAY_LEN(kinds) ? kinds[m->kind] : "-";
        rc = cc_buf_addf(b, "%-12s %s%s%s\n", "matched:", kind, m->exact ? "" : " (loose)",
                         m->ambiguous ? " (ambiguous: needs context in an article)" : "");
    }
    return rc;
}

static int cmd_show(int argc, char **argv, const struct cc_cli *cli)
{
    static const char *const formats[] = {"text", "json"};
    size_t format;
    int ex = parse_format(argc, argv, "outlets show", show_usage, formats, 2, &format);
    if (ex >= 0) {
        return ex;
    }
    if (optind >= argc) {
        return cc_cmd_usage_error("outlets show", "missing NAME");
    }
    /* Several words are one name: `outlets show Arab News`. */
    struct cc_buf name = CC_BUF_INIT;
    for (int i = optind; i < argc; i++) {
        if ((i > optind && cc_buf_addch(&name, ' ')) || cc_buf_adds(&name, argv[i])) {
            cc_buf_release(&name);
            fprintf(stderr, "credcheck: outlets: out of memory\n");
            return CC_EXIT_FATAL;
        }
    }
    struct cc_registry *reg = NULL;
    ex = open_registry(&reg, cli);
    if (ex) {
        cc_buf_release(&name);
        return ex;
    }
    struct cc_registry_match m;
    memset(&m, 0, sizeof(m));
    const struct cc_outlet *o = cc_registry_find_name(reg, name.buf);
    const struct cc_registry_match *shown = NULL;
    if (!o && cc_registry_match(&m, reg, name.buf, name.len)) {
        o = m.outlet;
        shown = &m;
    }
    if (!o) {
        char quoted[96];
        cc_error_quote(quoted, sizeof(quoted), name.buf, name.len);
        fprintf(stderr,
                "credcheck: outlets: no outlet matches '%s' in %s (see 'credcheck outlets "
                "list')\n",
                quoted, cc_registry_source(reg));
        cc_buf_release(&name);
        cc_registry_free(reg);
        return CC_EXIT_USAGE;
    }
    struct cc_buf out = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    int rc = format == 1 ? cc_outlet_write_json(&out, o, &err) : format_show(&out, o, shown);
    if (rc) {
        cc_error_set(&err, rc, "outlets", "%s", cc_status_str(rc));
        cc_cmd_print_error(&err);
        ex = CC_EXIT_FATAL;
    } else {
        ex = write_out(&out);
    }
    cc_buf_release(&out);
    cc_buf_release(&name);
    cc_registry_free(reg);
    return ex;
}

/* ---- import ----------------------------------------------------------------- */

/* Absolute folder of path (for relative feed paths in the output). */
static int dir_of(struct cc_buf *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    int rc = 0;
    if (path[0] != '/') {
        char cwd[4096];
        if (!getcwd(cwd, sizeof(cwd))) {
            return CC_EIO;
        }
        rc = cc_buf_adds(out, cwd);
        if (rc == 0 && slash) {
            rc = cc_buf_addch(out, '/');
        }
    }
    if (rc == 0 && slash) {
        size_t n = (size_t)(slash - path);
        rc = cc_buf_add(out, path, n == 0 ? 1 : n);
    }
    return rc;
}

/* Writes data to path through a temporary file in the same folder, fsync
 * and rename, so readers see the old file or the new one, never a part. */
static int write_atomic(const char *path, const struct cc_buf *data)
{
    struct cc_buf tmp = CC_BUF_INIT;
    int fd = -1;
    int rc = cc_buf_addf(&tmp, "%s.tmp.XXXXXX", path);
    if (rc) {
        goto out;
    }
    fd = mkstemp(tmp.buf);
    if (fd < 0) {
        rc = CC_EIO;
        goto out;
    }
    size_t off = 0;
    while (off < data->len) {
        ssize_t n = write(fd, data->buf + off, data->len - off);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = CC_EIO;
            goto out;
        }
        off += (size_t)n;
    }
    /* mkstemp makes the file 0600; a registry is not secret. */
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        rc = CC_EIO;
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = CC_EIO;
        goto out;
    }
    fd = -1;
    if (rename(tmp.buf, path) != 0) {
        rc = CC_EIO;
        goto out;
    }
out:
    if (rc) {
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        if (tmp.len > 0) {
            unlink(tmp.buf);
        }
        errno = saved;
    }
    cc_buf_release(&tmp);
    return rc;
}

static int cmd_import(int argc, char **argv, const struct cc_cli *cli)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(import_usage, stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error("outlets import", "option '%s' needs a value",
                                      argv[optind - 1]);
        default:
            return cc_cmd_usage_error("outlets import", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        return cc_cmd_usage_error("outlets import", "missing FILE.opml");
    }
    if (optind + 1 < argc) {
        return cc_cmd_usage_error("outlets import", "unexpected argument '%s'", argv[optind + 1]);
    }
    const char *opml_path = argv[optind];
    struct cc_registry *reg = NULL;
    struct cc_opml *opml = NULL;
    struct cc_buf out = CC_BUF_INIT;
    struct cc_buf dir = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    int ex = open_registry(&reg, cli);
    if (ex) {
        goto out;
    }
    int rc = cc_opml_load(&opml, opml_path, &err);
    if (rc) {
        cc_cmd_print_error(&err);
        ex = exit_for_config(rc);
        goto out;
    }
    struct cc_opml_stats st;
    rc = cc_opml_merge(reg, opml, &st, &err);
    if (rc == 0) {
        rc = dir_of(&dir, output ? output : "./x");
    }
    if (rc == 0) {
        rc = cc_registry_write_json(&out, reg, dir.buf, &err);
    }
    if (rc) {
        cc_error_set(&err, rc, opml_path, "%s", cc_status_str(rc));
        cc_cmd_print_error(&err);
        ex = rc == CC_ENOMEM ? CC_EXIT_FATAL : CC_EXIT_PARTIAL;
        goto out;
    }
    if (output) {
        if (write_atomic(output, &out) != 0) {
            fprintf(stderr, "credcheck: %s: cannot write: %s\n", output, strerror(errno));
            ex = CC_EXIT_PARTIAL;
            goto out;
        }
    } else {
        ex = write_out(&out);
        if (ex) {
            goto out;
        }
    }
    fprintf(stderr,
            "credcheck: %s: %zu feeds read: %zu new outlets, %zu merged into existing ones, "
            "%zu skipped; %zu outlets written to %s\n",
            opml_path, cc_opml_count(opml) + cc_opml_skipped(opml), st.added, st.merged,
            st.skipped + cc_opml_skipped(opml), cc_registry_count(reg),
            output ? output : "standard output");
out:
    cc_buf_release(&out);
    cc_buf_release(&dir);
    cc_opml_free(opml);
    cc_registry_free(reg);
    return ex;
}

int cmd_outlets(int argc, char **argv, const struct cc_cli *cli)
{
    if (argc < 2) {
        return cmd_list(1, argv, cli);
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fputs(usage_text, stdout);
        return CC_EXIT_OK;
    }
    if (strcmp(sub, "list") == 0) {
        return cmd_list(argc - 1, argv + 1, cli);
    }
    if (strcmp(sub, "show") == 0) {
        return cmd_show(argc - 1, argv + 1, cli);
    }
    if (strcmp(sub, "import") == 0) {
        return cmd_import(argc - 1, argv + 1, cli);
    }
    if (sub[0] == '-') {
        /* `outlets --format json` is `outlets list --format json`. */
        if (strncmp(sub, "--format", 8) == 0) {
            return cmd_list(argc, argv, cli);
        }
        return cc_cmd_usage_error("outlets", "unknown option '%s'", sub);
    }
    return cc_cmd_usage_error("outlets", "unknown action '%s' (list, show or import)", sub);
}
