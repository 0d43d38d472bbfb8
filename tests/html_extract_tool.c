/*
 * html_extract_tool.c: a small driver over fetchers/readable for the
 * fixture suite (tests/html/check_fixtures.py) and bench/extract.sh.
 *
 *   cc_html_extract [--url URL] [--charset CS] [--text] FILE
 *       prints the extraction as JSON (or the blocks as text with --text)
 *   cc_html_extract --bench MB FILE...
 *       extracts the files round-robin until MB megabytes were processed and
 *       prints pages, MiB, wall and CPU seconds, and pages/s and MiB/s by
 *       both clocks (CPU time is the steadier figure on a shared machine)
 */
#include "core/common.h"

#include <jansson.h>
#include <time.h>

#include "core/buf.h"
#include "core/num.h"
#include "fetchers/readable.h"
#include "core/banned.h"

static int read_file(struct cc_buf *out, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cc_html_extract: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (cc_buf_add(out, chunk, n)) {
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

static double now_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench(double mb, int nfiles, char **files)
{
    struct cc_buf *pages = calloc((size_t)nfiles, sizeof(*pages));
    if (!pages) {
        return 1;
    }
    for (int i = 0; i < nfiles; i++) {
        cc_buf_init(&pages[i], 0);
        if (read_file(&pages[i], files[i])) {
            return 1;
        }
    }
    double target = mb * 1024.0 * 1024.0;
    double bytes = 0;
    size_t count = 0;
    double t0 = now_s(CLOCK_MONOTONIC);
    double c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    while (bytes < target) {
        for (int i = 0; i < nfiles && bytes < target; i++) {
            struct cc_readable *r = NULL;
            struct cc_error err = CC_ERROR_INIT;
            if (cc_readable_parse(&r, pages[i].buf, pages[i].len, NULL, &err)) {
                fprintf(stderr, "cc_html_extract: %s: %s\n", files[i], err.msg);
                return 1;
            }
            cc_readable_free(r);
            bytes += (double)pages[i].len;
            count++;
        }
    }
    double secs = now_s(CLOCK_MONOTONIC) - t0;
    double cpu = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    double mib = bytes / (1024.0 * 1024.0);
    printf("pages %zu MiB %.1f wall_s %.3f cpu_s %.3f pages_per_s %.0f mb_per_s %.1f "
           "cpu_pages_per_s %.0f cpu_mb_per_s %.1f\n",
           count, mib, secs, cpu, count / secs, mib / secs, count / cpu, mib / cpu);
    for (int i = 0; i < nfiles; i++) {
        cc_buf_release(&pages[i]);
    }
    free(pages);
    return 0;
}

int main(int argc, char **argv)
{
    const char *url = NULL;
    const char *charset = NULL;
    bool text = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--url") == 0 && i + 1 < argc) {
            url = argv[++i];
        } else if (strcmp(argv[i], "--charset") == 0 && i + 1 < argc) {
            charset = argv[++i];
        } else if (strcmp(argv[i], "--text") == 0) {
            text = true;
        } else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc) {
            double mb;
            const char *v = argv[++i];
            if (cc_parse_double(&mb, v, strlen(v)) || mb <= 0) {
                fprintf(stderr, "cc_html_extract: bad --bench value\n");
                return 2;
            }
            return bench(mb, argc - i - 1, argv + i + 1);
        } else {
            fprintf(stderr, "usage: cc_html_extract [--url URL] [--charset CS] [--text] FILE\n");
            return 2;
        }
    }
    if (i + 1 != argc) {
        fprintf(stderr, "usage: cc_html_extract [--url URL] [--charset CS] [--text] FILE\n");
        return 2;
    }
    struct cc_buf page = CC_BUF_INIT;
    if (read_file(&page, argv[i])) {
        return 1;
    }
    struct cc_readable_options opts = {url, charset, argv[i]};
    struct cc_readable *r = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_readable_parse(&r, page.buf, page.len, &opts, &err)) {
        char msg[1024];
        cc_error_format(msg, sizeof(msg), &err);
        fprintf(stderr, "cc_html_extract: %s\n", msg);
        cc_buf_release(&page);
        return 1;
    }
    if (text) {
        for (size_t b = 0; b < r->nblocks; b++) {
            printf("%s%s\n\n", r->blocks[b].kind == CC_READABLE_HEADING ? "# " : "",
                   r->blocks[b].text);
        }
    } else {
        json_t *o = json_object();
        json_t *blocks = json_array();
        for (size_t b = 0; b < r->nblocks; b++) {
            json_t *bo = json_object();
            int k = r->blocks[b].kind;
            json_object_set_new(bo, "kind",
                                json_string(k == CC_READABLE_HEADING     ? "heading"
                                            : k == CC_READABLE_LIST_ITEM ? "list_item"
                                                                         : "paragraph"));
            json_object_set_new(bo, "level", json_integer(r->blocks[b].level));
            json_object_set_new(bo, "text", json_string(r->blocks[b].text));
            if (r->blocks[b].nlinks > 0) {
                json_t *links = json_array();
                for (size_t li = 0; li < r->blocks[b].nlinks; li++) {
                    const struct cc_readable_link *l = &r->blocks[b].links[li];
                    json_t *lo = json_object();
                    json_object_set_new(lo, "anchor", json_stringn(r->blocks[b].text + l->start,
                                                                   l->end - l->start));
                    json_object_set_new(lo, "url", json_string(l->url));
                    json_array_append_new(links, lo);
                }
                json_object_set_new(bo, "links", links);
            }
            json_array_append_new(blocks, bo);
        }
        char date[32] = "";
        if (r->published != CC_TIME_NONE) {
            cc_time_format(date, r->published);
        }
        json_object_set_new(o, "title", r->title ? json_string(r->title) : json_null());
        json_object_set_new(o, "date", date[0] ? json_string(date) : json_null());
        json_object_set_new(o, "date_source",
                            json_string(cc_readable_date_source_name(r->date_source)));
        json_object_set_new(o, "date_detail",
                            r->date_detail ? json_string(r->date_detail) : json_null());
        json_object_set_new(o, "site_name", r->site_name ? json_string(r->site_name) : json_null());
        json_object_set_new(o, "canonical_url",
                            r->canonical_url ? json_string(r->canonical_url) : json_null());
        json_object_set_new(o, "charset", json_string(r->charset ? r->charset : ""));
        json_object_set_new(o, "from_jsonld_body", json_boolean(r->from_jsonld_body));
        json_object_set_new(o, "blocks", blocks);
        char *s = json_dumps(o, JSON_INDENT(1));
        printf("%s\n", s);
        free(s);
        json_decref(o);
    }
    cc_readable_free(r);
    cc_buf_release(&page);
    return 0;
}
