#include "core/common.h"

#include <getopt.h>

#include "cmd/cmd.h"
#include "core/log.h"
#include "fetchers/feed.h"
#include "fetchers/http.h"
#include "core/banned.h"

static void print_usage(FILE *f)
{
    fprintf(
        f,
        "usage: credcheck parse [--base URL] [--charset NAME] [--max-items N] FEED_FILE|URL\n"
        "\n"
        "Reads one RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 feed (a file,\n"
        "'-' for standard input, or an http(s) URL) and prints it as JSON:\n"
        "  {\"feed\": {\"title\", \"link\", \"format\"},\n"
        "   \"items\": [{\"id\", \"title\", \"link\", \"published\", \"summary\", \"content\",\n"
        "              \"author\", \"updated\", \"categories\"}],\n"
        "   \"warnings\": [...]}   (only when the feed was not well-formed, etc.)\n"
        "Absent values are null; text is plain (tags stripped, entities decoded);\n"
        "times are UTC (YYYY-MM-DDTHH:MM:SSZ).\n"
        "\n"
        "Options:\n"
        "  --base URL       resolve relative links against URL (default: the feed's\n"
        "                   URL when fetched, none for a file)\n"
        "  --charset NAME   the bytes' character encoding, as an HTTP header would\n"
        "                   give it (default: byte order mark, XML declaration, UTF-8)\n"
        "  --max-items N    keep at most N items (default %d)\n"
        "  -h, --help       this help\n",
        CC_FEED_MAX_ITEMS);
}

static bool is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static int read_stdin(struct cc_buf *out, struct cc_error *err)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
        if (cc_buf_add(out, chunk, n) != 0) {
            return cc_error_set(err, CC_ETOOBIG, "-", "input is too big (limit %zu bytes)",
                                CC_FEED_MAX_FILE);
        }
    }
    if (ferror(stdin)) {
        return cc_error_set(err, CC_EIO, "-", "cannot read standard input");
    }
    return 0;
}

static int fetch_and_write(const char *url, struct cc_feed_options *o, bool *malformed,
                           struct cc_error *err)
{
    struct cc_http_response resp;
    cc_http_response_init(&resp);
    struct cc_http_request req = {url, NULL, NULL, CC_HTTP_ACCEPT_FEEDS, false, NULL};
    int rc = cc_http_get(&resp, &req, NULL, err);
    if (rc == 0 && resp.status == 304) {
        rc = cc_error_set(err, CC_ENET, url, "HTTP 304 without a conditional request");
    }
    if (rc == 0) {
        /* Relative links resolve against where the feed really came from
         * (after redirects); the HTTP charset outranks the document's. */
        if (!o->base_url) {
            o->base_url = resp.final_url ? resp.final_url : url;
        }
        if (!o->http_charset) {
            o->http_charset = resp.charset;
        }
        rc = cc_feed_parse_write_json(stdout, resp.body.buf, resp.body.len, o, malformed, err);
    }
    cc_http_response_release(&resp);
    return rc;
}

int cmd_parse(int argc, char **argv, const struct cc_cli *cli)
{
    (void)cli;
    enum { OPT_BASE = 256, OPT_CHARSET, OPT_MAX_ITEMS };
    static const struct option opts[] = {
        {"base", required_argument, NULL, OPT_BASE},
        {"charset", required_argument, NULL, OPT_CHARSET},
        {"max-items", required_argument, NULL, OPT_MAX_ITEMS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct cc_feed_options fo = {NULL, NULL, NULL, 0, NULL, NULL};
    const char *base = NULL;
    const char *charset = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_BASE:
            base = optarg;
            break;
        case OPT_CHARSET:
            charset = optarg;
            break;
        case OPT_MAX_ITEMS: {
            char *end = NULL;
            errno = 0;
            unsigned long long n = strtoull(optarg, &end, 10);
            if (errno || !end || *end || optarg[0] == '-' || n == 0 || n > CC_FEED_MAX_ITEMS) {
                return cc_cmd_usage_error("parse", "--max-items needs a number from 1 to %d",
                                          CC_FEED_MAX_ITEMS);
            }
            fo.max_items = (size_t)n;
            break;
        }
        case 'h':
            print_usage(stdout);
            return CC_EXIT_OK;
        case ':':
            return cc_cmd_usage_error("parse", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cc_cmd_usage_error("parse", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1) {
        return cc_cmd_usage_error("parse", optind >= argc ? "missing FEED_FILE or URL"
                                                          : "too many arguments");
    }
    const char *src = argv[optind];
    fo.base_url = base;
    fo.http_charset = charset;
    fo.subject = src;

    struct cc_error err = CC_ERROR_INIT;
    bool malformed = false;
    int rc;
    if (is_url(src)) {
        rc = fetch_and_write(src, &fo, &malformed, &err);
    } else if (strcmp(src, "-") == 0) {
        struct cc_buf in;
        cc_buf_init(&in, CC_FEED_MAX_FILE);
        rc = read_stdin(&in, &err);
        if (rc == 0) {
            rc = cc_feed_parse_write_json(stdout, in.buf, in.len, &fo, &malformed, &err);
        }
        cc_buf_release(&in);
    } else {
        rc = cc_feed_load_write_json(stdout, src, &fo, &malformed, &err);
    }
    if (rc == 0 && malformed) {
        cc_log_info("%s: not well-formed; read in recovery mode (see \"warnings\")", src);
    }
    if (rc) {
        cc_error_subject(&err, src);
        cc_cmd_print_error(&err);
        return cc_cmd_exit_for(rc);
    }
    return CC_EXIT_OK;
}
