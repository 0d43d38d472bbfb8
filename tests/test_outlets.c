#include "core/common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outlets.h"

/* ---- helpers ---------------------------------------------------------------- */

static char tmpdir[256];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/cc_outlets_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int drop_tmpdir(void **state)
{
    (void)state;
    remove_tree(tmpdir);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void mkdirs(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
    assert_int_equal(system(cmd), 0);
}

/* Invariants of a loaded registry: names resolve to themselves, domains
 * are lowercase without www., every alias resolves to its outlet. */
static void assert_sane_registry(const struct cc_registry *reg)
{
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        assert_non_null(o->name);
        assert_ptr_equal(cc_registry_find_name(reg, o->name), o);
        assert_ptr_equal(cc_registry_resolve(reg, o->name, strlen(o->name)), o);
        for (size_t j = 0; j < o->naliases; j++) {
            assert_ptr_equal(cc_registry_resolve(reg, o->aliases[j], strlen(o->aliases[j])), o);
        }
        for (size_t j = 0; j < o->nambiguous; j++) {
            struct cc_registry_match m;
            assert_true(cc_registry_match(&m, reg, o->ambiguous_aliases[j],
                                          strlen(o->ambiguous_aliases[j])));
            assert_ptr_equal(m.outlet, o);
            assert_true(m.ambiguous);
        }
        for (size_t j = 0; j < o->ndomains; j++) {
            const char *d = o->domains[j];
            assert_true(strncmp(d, "www.", 4) != 0);
            for (const char *p = d; *p; p++) {
                assert_false(*p >= 'A' && *p <= 'Z');
            }
            assert_ptr_equal(cc_registry_find_domain(reg, d), o);
        }
        for (size_t j = 0; j < o->nfeeds; j++) {
            assert_non_null(o->feeds[j].url);
            assert_non_null(o->feeds[j].as_written);
        }
        assert_true(o->credibility >= 0.0 && o->credibility <= 1.0);
    }
}

/* ---- loading errors ------------------------------------------------------------ */

struct error_case {
    const char *json;
    int code;
    const char *msg; /* substring of the message (path and reason) */
};

static const struct error_case error_cases[] = {
    /* 0 */ {"{\"outlets\": [", CC_EPARSE, "line 1, column 13: invalid JSON"},
    {"[]", CC_EPARSE, "expected an object {\"outlets\": [...]}, got an array"},
    {"{\"outlet\": []}", CC_EPARSE, "unknown top-level key 'outlet'"},
    {"{}", CC_EPARSE, "missing key 'outlets'"},
    {"{\"outlets\": {}}", CC_EPARSE, "outlets: expected an array, got an object"},
    /* 5 */
    {"{\"outlets\": [\"Reuters\"]}", CC_EPARSE, "outlets[0]: expected an object, got a string"},
    {"{\"outlets\": [{\"name\": \"A\"}, {\"name\": \"B\", \"urls\": []}]}", CC_EPARSE,
     "outlets[1]: unknown key 'urls'"},
    {"{\"outlets\": [{\"name\": 3}]}", CC_EPARSE,
     "outlets[0].name: expected a string, got a number"},
    {"{\"outlets\": [{\"aliases\": [\"x\"]}]}", CC_EPARSE, "outlets[0]: missing key 'name'"},
    {"{\"outlets\": [{\"name\": \"  \"}]}", CC_EPARSE, "outlets[0].name: empty string"},
    /* 10 */
    {"{\"outlets\": [{\"name\": \"A\", \"aliases\": \"B\"}]}", CC_EPARSE,
     "outlets[0].aliases: expected an array of strings, got a string"},
    {"{\"outlets\": [{\"name\": \"A\", \"aliases\": [\"B\", null]}]}", CC_EPARSE,
     "outlets[0].aliases[1]: expected a string, got null"},
    {"{\"outlets\": [{\"name\": \"A\", \"wire\": \"yes\"}]}", CC_EPARSE,
     "outlets[0].wire: expected true or false, got a string"},
    {"{\"outlets\": [{\"name\": \"A\", \"credibility\": 1.5}]}", CC_EPARSE,
     "outlets[0].credibility: 1.5 is outside 0..1"},
    {"{\"outlets\": [{\"name\": \"A\", \"credibility\": \"high\"}]}", CC_EPARSE,
     "outlets[0].credibility: expected a number from 0 to 1, got a string"},
    /* 15 */
    {"{\"outlets\": [{\"name\": \"Dawn\"}, {\"name\": \"DAWN\"}]}", CC_EPARSE,
     "outlets[1].name: duplicate outlet name 'DAWN' (also outlets[0])"},
    {"{\"outlets\": [{\"name\": \"A\", \"aliases\": [\"ET\"]}, {\"name\": \"B\", \"aliases\": "
     "[\"X\", \"E.T.\"]}]}",
     CC_EPARSE, "outlets[1].aliases[1]: 'E.T.' is already an alias of outlet 'A' (outlets[0])"},
    {"{\"outlets\": [{\"name\": \"Geo\"}, {\"name\": \"B\", \"ambiguous_aliases\": [\"GEO\"]}]}",
     CC_EPARSE, "outlets[1].ambiguous_aliases[0]: 'GEO' is already the name of outlet 'Geo'"},
    {"{\"outlets\": [{\"name\": \"A\", \"aliases\": [\"Bee\"]}, {\"name\": \"bee\"}]}", CC_EPARSE,
     "outlets[1].name: 'bee' is already an alias of outlet 'A'"},
    {"{\"outlets\": [{\"name\": \"A\", \"domains\": [\"a.com\"]}, {\"name\": \"B\", \"domains\": "
     "[\"WWW.A.COM\"]}]}",
     CC_EPARSE, "outlets[1].domains[0]: 'a.com' is already a domain of outlet 'A'"},
    /* 20 */
    {"{\"outlets\": [{\"name\": \"A\", \"domains\": [\"https://a.com/x\"]}]}", CC_EPARSE,
     "outlets[0].domains[0]: 'https://a.com/x' is not a host name"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [{\"urls\": \"https://a.com/rss\"}]}]}",
     CC_EPARSE, "outlets[0].feeds[0]: unknown key 'urls'"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [{\"url\": \"https://a.com/rss\", "
     "\"insecure\": 1}]}]}",
     CC_EPARSE, "outlets[0].feeds[0].insecure: expected true or false, got a number"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [{\"insecure\": true}]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: missing key 'url'"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"ftp://a.com/rss\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: feed 'ftp://a.com/rss' has unsupported scheme 'ftp'"},
    /* 25 */
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"https://a.com/1\"]}, {\"name\": \"B\", "
     "\"feeds\": [\"https://b.com/1\", \"no/such/feed.xml\"]}]}",
     CC_EPARSE,
     "outlets[1].feeds[1]: feed 'no/such/feed.xml' is neither an http(s) or file:// URL nor a "
     "readable file"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"https:///rss\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: feed URL 'https:///rss' has no host"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"https://a.com/1\", \"https://a.com/1\"]}]}",
     CC_EPARSE, "outlets[0].feeds[1]: duplicate feed 'https://a.com/1'"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"https://a.com/1\"]}, {\"name\": \"B\", "
     "\"feeds\": [\"https://a.com/1\"]}]}",
     CC_EPARSE, "outlets[1].feeds[0]: feed 'https://a.com/1' is already a feed of outlet 'A'"},
    {"{\"outlets\": [{\"name\": \"A\", \"name\": \"B\"}]}", CC_EPARSE, "duplicate object key"},
    /* 30 */
    {"{\"outlets\": [{\"name\": \"A\\u0007\"}]}", CC_EPARSE,
     "outlets[0].name: control character in string"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [42]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: expected a URL, a path or an object"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"file://relative/x.xml\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: file URL 'file://relative/x.xml' must be file:///ABSOLUTE/PATH"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"file:///no/such/file.xml\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: file URL 'file:///no/such/file.xml' is not a readable file"},
    {"{\"outlets\": [{\"name\": \"!!!\"}]}", CC_EPARSE,
     "outlets[0].name: '!!!' has no letters or digits"},
    /* 35 */
    {"{\"outlets\": [{\"name\": \"A\", \"group\": []}]}", CC_EPARSE,
     "outlets[0].group: expected a string, got an array"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": \"https://a.com/rss\"}]}", CC_EPARSE,
     "outlets[0].feeds: expected an array, got a string"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"http://:8080/rss\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: feed URL 'http://:8080/rss' has no host"},
    {"{\"outlets\": [{\"name\": \"A\", \"feeds\": [\"http://user@/rss\"]}]}", CC_EPARSE,
     "outlets[0].feeds[0]: feed URL 'http://user@/rss' has no host"},
};

static void each_error_names_file_path_and_reason(void **state)
{
    (void)state;
    for (size_t i = 0; i < CC_ARRAY_LEN(error_cases); i++) {
        const struct error_case *c = &error_cases[i];
        struct cc_registry *reg = (struct cc_registry *)1;
        struct cc_error err = CC_ERROR_INIT;
        int rc =
            cc_registry_parse(&reg, c->json, strlen(c->json), "conf/outlets.json", tmpdir, &err);
        if (rc != c->code || !strstr(err.msg, c->msg) ||
            strcmp(err.subject, "conf/outlets.json") != 0) {
            fail_msg("case %zu: rc %d, subject '%s', msg '%s'; want %d, '%s'", i, rc, err.subject,
                     err.msg, c->code, c->msg);
        }
        assert_null(reg);
        assert_int_equal(err.code, c->code);
    }
}

/* Generated configs (the match benchmark's template) carry "" aliases:
 * they are skipped with a warning, and the outlet keeps its other ones. */
static void empty_aliases_are_skipped(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [{\"name\": \"CBS Local\", \"aliases\": [\"\", "
                       "\"CBS Local Boston\"], \"domains\": [\" \"]}]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    FILE *devnull = fopen("/dev/null", "w");
    cc_log_set_stream(devnull);
    assert_int_equal(cc_registry_parse(&reg, json, strlen(json), "gen.json", NULL, &err), 0);
    cc_log_set_stream(NULL);
    fclose(devnull);
    const struct cc_outlet *o = cc_registry_get(reg, 0);
    assert_int_equal(o->naliases, 1);
    assert_string_equal(o->aliases[0], "CBS Local Boston");
    assert_int_equal(o->ndomains, 0);
    assert_ptr_equal(cc_registry_resolve(reg, "CBS Local Boston", 16), o);
    cc_registry_free(reg);
}

/* The host check reads the URL as the fetcher does: a userinfo part is not
 * the host (an OPML import wrote such a URL that the loader then refused;
 * found by fuzz_opml). */
static void feed_url_with_userinfo_loads(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [{\"name\": \"A\", \"feeds\": "
                       "[\"http://:pw@feeds.example.net/rss\"]}]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_parse(&reg, json, strlen(json), "o.json", NULL, &err), 0);
    const struct cc_outlet *o = cc_registry_get(reg, 0);
    assert_int_equal(o->nfeeds, 1);
    assert_string_equal(o->feeds[0].url, "http://:pw@feeds.example.net/rss");
    cc_registry_free(reg);
}

static void json_syntax_error_has_line_and_column(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [\n  {\"name\": \"A\",}\n]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_parse(&reg, json, strlen(json), "x.json", NULL, &err), CC_EPARSE);
    assert_int_equal(err.line, 2);
    assert_true(err.column > 0);
    assert_non_null(strstr(err.msg, "line 2, column"));
}

static void caps_refuse_huge_input(void **state)
{
    (void)state;
    struct cc_error err = CC_ERROR_INIT;
    struct cc_registry *reg = NULL;

    /* A string over the cap. */
    struct cc_buf b = CC_BUF_INIT;
    assert_int_equal(cc_buf_adds(&b, "{\"outlets\": [{\"name\": \""), 0);
    for (size_t i = 0; i < CC_REGISTRY_MAX_NAME + 1; i++) {
        assert_int_equal(cc_buf_addch(&b, 'x'), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "\"}]}"), 0);
    assert_int_equal(cc_registry_parse(&reg, b.buf, b.len, "big.json", NULL, &err), CC_ETOOBIG);
    assert_non_null(
        strstr(err.msg, "outlets[0].name: string of 257 bytes is over the 256-byte cap"));
    assert_null(reg);

    /* Too many aliases. */
    cc_error_clear(&err);
    cc_buf_reset(&b);
    assert_int_equal(cc_buf_adds(&b, "{\"outlets\": [{\"name\": \"A\", \"aliases\": ["), 0);
    for (size_t i = 0; i < CC_REGISTRY_MAX_LIST + 1; i++) {
        assert_int_equal(cc_buf_addf(&b, "%s\"a%zu\"", i ? "," : "", i), 0);
    }
    assert_int_equal(cc_buf_adds(&b, "]}]}"), 0);
    assert_int_equal(cc_registry_parse(&reg, b.buf, b.len, "many.json", NULL, &err), CC_ETOOBIG);
    assert_non_null(strstr(err.msg, "outlets[0].aliases: 1001 entries, over the cap of 1000"));

    /* A file over the size cap is refused before parsing: a 100 MB string
     * never reaches the JSON parser. */
    cc_error_clear(&err);
    char path[300];
    snprintf(path, sizeof(path), "%s/huge.json", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"outlets\": [{\"name\": \"", f);
    static char chunk[65536];
    memset(chunk, 'y', sizeof(chunk));
    for (size_t n = 0; n <= CC_REGISTRY_MAX_FILE / sizeof(chunk); n++) {
        assert_int_equal(fwrite(chunk, 1, sizeof(chunk), f), sizeof(chunk));
    }
    fputs("\"}]}", f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(cc_registry_load(&reg, path, &err), CC_ETOOBIG);
    assert_string_equal(err.subject, path);
    assert_non_null(strstr(err.msg, "over the"));
    assert_null(reg);

    /* parse() checks the length too. */
    cc_error_clear(&err);
    assert_int_equal(cc_registry_parse(&reg, "{}", CC_REGISTRY_MAX_FILE + 1u, "mem", NULL, &err),
                     CC_ETOOBIG);
    cc_buf_release(&b);
}

static void missing_file_is_io_error(void **state)
{
    (void)state;
    struct cc_registry *reg = (struct cc_registry *)1;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_load(&reg, "/no/such/outlets.json", &err), CC_EIO);
    assert_null(reg);
    assert_string_equal(err.subject, "/no/such/outlets.json");
    assert_non_null(strstr(err.msg, "cannot open"));

    cc_error_clear(&err);
    assert_int_equal(cc_registry_load(&reg, tmpdir, &err), CC_EIO);
    assert_non_null(strstr(err.msg, "is a directory"));
}

/* ---- feeds -------------------------------------------------------------------- */

static void feeds_resolve_against_config_folder(void **state)
{
    (void)state;
    char dir[300];
    char path[400];
    char feed[400];
    snprintf(dir, sizeof(dir), "%s/conf", tmpdir);
    mkdirs(dir);
    snprintf(feed, sizeof(feed), "%s/conf/feeds", tmpdir);
    mkdirs(feed);
    snprintf(feed, sizeof(feed), "%s/conf/feeds/a.xml", tmpdir);
    write_file(feed, "<rss/>");
    char json[2000];
    snprintf(json, sizeof(json),
             "{\"outlets\": [{\"name\": \"Local\", \"feeds\": [\"feeds/a.xml\", "
             "{\"url\": \"https://example.org/rss\", \"insecure\": true}, "
             "\"file://%s\", \"HTTP://Example.org/Other\"]}]}",
             feed);
    snprintf(path, sizeof(path), "%s/conf/outlets.json", tmpdir);
    write_file(path, json);

    /* Load from another working directory: the config folder counts. */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir("/"), 0);
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    int rc = cc_registry_load(&reg, path, &err);
    assert_int_equal(chdir(cwd), 0);
    if (rc) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    assert_string_equal(cc_registry_source(reg), path);
    assert_string_equal(cc_registry_base_dir(reg), dir);
    const struct cc_outlet *o = cc_registry_get(reg, 0);
    assert_int_equal(o->nfeeds, 4);
    assert_string_equal(o->feeds[0].url, feed);
    assert_string_equal(o->feeds[0].as_written, "feeds/a.xml");
    assert_false(o->feeds[0].insecure);
    assert_string_equal(o->feeds[1].url, "https://example.org/rss");
    assert_true(o->feeds[1].insecure);
    assert_non_null(strstr(o->feeds[2].url, "file:///"));
    assert_string_equal(o->feeds[3].url, "HTTP://Example.org/Other");
    assert_false(o->credibility_set);
    assert_true(o->credibility == CC_OUTLET_DEFAULT_CREDIBILITY);
    assert_sane_registry(reg);

    /* Written back next to the config: the relative path stays relative;
     * written elsewhere: absolute. */
    struct cc_buf out = CC_BUF_INIT;
    assert_int_equal(cc_registry_write_json(&out, reg, dir, &err), 0);
    assert_non_null(strstr(out.buf, "\"feeds\": [\"feeds/a.xml\""));
    assert_non_null(strstr(out.buf, "{\"url\": \"https://example.org/rss\", \"insecure\": true}"));
    cc_buf_reset(&out);
    assert_int_equal(cc_registry_write_json(&out, reg, "/elsewhere", &err), 0);
    assert_null(strstr(out.buf, "\"feeds/a.xml\""));
    assert_non_null(strstr(out.buf, feed));
    cc_buf_release(&out);

    /* A relative config path gets an absolute base folder too. */
    cc_registry_free(reg);
    reg = NULL;
    assert_int_equal(chdir(tmpdir), 0);
    rc = cc_registry_load(&reg, "conf/outlets.json", &err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, 0);
    assert_string_equal(cc_registry_base_dir(reg), dir);
    assert_string_equal(cc_registry_get(reg, 0)->feeds[0].url, feed);
    cc_registry_free(reg);
}

/* ---- resolution ---------------------------------------------------------------- */

struct resolve_case {
    const char *text;
    const char *outlet; /* NULL: no match */
    int kind;
    bool ambiguous;
    bool exact;
};

#define N CC_REGISTRY_MATCH_NAME
#define A CC_REGISTRY_MATCH_ALIAS
#define D CC_REGISTRY_MATCH_DOMAIN
#define X CC_REGISTRY_MATCH_NONE

static const struct resolve_case resolve_cases[] = {
    /* Reuters: outlets.md section 2 and the example article. */
    {"Reuters", "Reuters", N, false, true},
    {"Reuter's", "Reuters", N, false, true},
    {"Reuter\u2019s", "Reuters", N, false, true},
    {"Reuters'", "Reuters", N, false, true},
    {"Reuters\u2019", "Reuters", N, false, true},
    {"REUTERS", "Reuters", N, false, true},
    {"Reuters reported", "Reuters", N, false, false},
    {"Reuter\u2019s reported", "Reuters", N, false, false},
    {"(Reuters)", "Reuters", N, false, true},
    {"reuters.com", "Reuters", D, false, true},
    {"www.reuters.com", "Reuters", D, false, true},
    {"https://www.reuters.com/world/asia-pacific/", "Reuters", D, false, false},
    {"Thomson Reuters", "Reuters", A, false, true},
    /* Geo */
    {"Geo TV", "Geo News", A, false, true},
    {"GeoTV", "Geo News", A, false, true},
    {"Geo News", "Geo News", N, false, true},
    {"Geo", "Geo News", A, true, true},
    {"GEO", "Geo News", A, true, true},
    {"geo.tv", "Geo News", D, false, true},
    {"Geo.tv", "Geo News", D, false, true},
    {"www.geo.tv", "Geo News", D, false, true},
    {"https://www.geo.tv/latest/608689-kurilla", "Geo News", D, false, false},
    {"Geo Pakistan", "Geo News", A, false, true},
    /* Arab News: .pk is the Pakistan edition, .com the Saudi one. */
    {"Arab News", "Arab News", N, false, true},
    {"ArabNews", "Arab News", N, false, true},
    {"Arabnews", "Arab News", N, false, true},
    {"arabnews.com", "Arab News", D, false, true},
    {"Arabnews.pk", "Arab News Pakistan", D, false, true},
    {"ArabNews.pk", "Arab News Pakistan", D, false, true},
    {"arabnews.pk", "Arab News Pakistan", D, false, true},
    {"* [Arabnews.pk]", "Arab News Pakistan", D, false, true},
    {"[Arabnews.pk].", "Arab News Pakistan", D, false, true},
    {"https://www.arabnews.pk/node/2604466/pakistan", "Arab News Pakistan", D, false, false},
    {"Arab News PK", "Arab News Pakistan", A, false, true},
    {"Arab News Pakistan", "Arab News Pakistan", N, false, true},
    /* The News */
    {"The News", "The News International", A, true, true},
    {"TheNews", "The News International", A, true, true},
    {"The News International", "The News International", N, false, true},
    {"TheNews.com.pk", "The News International", D, false, true},
    {"thenews.com.pk", "The News International", D, false, true},
    {"The News.com.pk", "The News International", D, false, true},
    {"(TheNews.com.pk", "The News International", D, false, true},
    {"The News (Pakistan)", "The News International", A, false, true},
    /* Economic Times and Times of India share indiatimes.com. */
    {"Economic Times", "Economic Times", N, false, true},
    {"The Economic Times", "Economic Times", A, false, true},
    {"ET", "Economic Times", A, true, true},
    {"ET Online", "Economic Times", A, false, true},
    {"economictimes.com", "Economic Times", D, false, true},
    {"economictimes.indiatimes.com", "Economic Times", D, false, true},
    {"https://economictimes.indiatimes.com/news/india/x/articleshow/1.cms", "Economic Times", D,
     false, false},
    {"m.economictimes.com", "Economic Times", D, false, false},
    {"indiatimes", NULL, X, false, false},
    {"indiatimes.com", NULL, X, false, false},
    {"Times of India", "Times of India", N, false, true},
    {"The Times of India", "Times of India", A, false, true},
    {"TOI", "Times of India", A, true, true},
    {"timesofindia.indiatimes.com", "Times of India", D, false, true},
    /* Hindustan Times, The Week, Deccan Herald */
    {"Hindustan Times", "Hindustan Times", N, false, true},
    {"HT", "Hindustan Times", A, true, true},
    {"hindustantimes.com", "Hindustan Times", D, false, true},
    {"The Week", "The Week", N, true, true},
    {"TheWeek", "The Week", N, true, true},
    {"theweek.in", "The Week", D, false, true},
    {"theweek.com", NULL, X, false, false},
    {"Deccan Herald", "Deccan Herald", N, false, true},
    {"Deccan Herald)", "Deccan Herald", N, false, true},
    {"DH", "Deccan Herald", A, true, true},
    {"deccanherald.com", "Deccan Herald", D, false, true},
    /* Dawn */
    {"Dawn", "Dawn", N, true, true},
    {"DAWN", "Dawn", N, true, true},
    {"Dawn News", "Dawn", A, false, true},
    {"Dawn.com", "Dawn", D, false, true},
    {"the Dawn newspaper", "Dawn", A, false, true},
    {"The Dawn", "Dawn", A, false, true},
    {"Dawn's", "Dawn", N, true, false},
    /* Al Jazeera, BBC, AP, Business Recorder, Wikipedia */
    {"Al Jazeera", "Al Jazeera", N, false, true},
    {"Al-Jazeera", "Al Jazeera", N, false, true},
    {"AlJazeera", "Al Jazeera", N, false, true},
    {"Aljazeera", "Al Jazeera", N, false, true},
    {"AJE", "Al Jazeera", A, false, true},
    {"aljazeera.com", "Al Jazeera", D, false, true},
    {"BBC", "BBC", N, false, true},
    {"BBC News", "BBC", A, false, true},
    {"the BBC", "BBC", N, false, false},
    {"bbc.co.uk", "BBC", D, false, true},
    {"bbc.com", "BBC", D, false, true},
    {"feeds.bbci.co.uk", "BBC", D, false, false},
    {"BBC Urdu", "BBC", A, false, true},
    {"AP", "Associated Press", A, true, true},
    {"(AP)", "Associated Press", A, true, true},
    {"the AP", "Associated Press", A, true, false},
    {"Associated Press", "Associated Press", N, false, true},
    {"The Associated Press", "Associated Press", A, false, true},
    {"apnews.com", "Associated Press", D, false, true},
    {"Business Recorder", "Business Recorder", N, false, true},
    {"brecorder.com", "Business Recorder", D, false, true},
    {"Wikipedia", "Wikipedia", N, false, true},
    {"en.wikipedia.org", "Wikipedia", D, false, false},
    {"(en.wikipedia.org)", "Wikipedia", D, false, false},
    {"(en.wikipedia.org).", "Wikipedia", D, false, false},
    {"https://en.wikipedia.org/wiki/2025_India%E2%80%93Pakistan_conflict", "Wikipedia", D, false,
     false},
    {"wiki", "Wikipedia", A, true, true},
    /* Not outlets. */
    {"Sources 1", NULL, X, false, false},
    {"(Sources 1))", NULL, X, false, false},
    {"U.S. and NATO allies", NULL, X, false, false},
    {"news", NULL, X, false, false},
    {"the", NULL, X, false, false},
    {"", NULL, X, false, false},
    {"...", NULL, X, false, false},
    {"example.com", NULL, X, false, false},
    {"Bilawal Bhutto-Zardari", NULL, X, false, false},
};

static void resolves_every_alias_form(void **state)
{
    (void)state;
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    assert_true(CC_ARRAY_LEN(resolve_cases) >= 40);
    for (size_t i = 0; i < CC_ARRAY_LEN(resolve_cases); i++) {
        const struct resolve_case *c = &resolve_cases[i];
        struct cc_registry_match m;
        bool ok = cc_registry_match(&m, reg, c->text, strlen(c->text));
        const char *got = m.outlet ? m.outlet->name : NULL;
        bool same =
            (got == NULL && c->outlet == NULL) || (got && c->outlet && strcmp(got, c->outlet) == 0);
        if (!same || ok != (c->outlet != NULL) || m.kind != c->kind ||
            m.ambiguous != c->ambiguous || m.exact != c->exact) {
            fail_msg("case %zu '%s': got %s kind %d ambiguous %d exact %d; want %s kind %d "
                     "ambiguous %d exact %d",
                     i, c->text, got ? got : "(none)", m.kind, m.ambiguous, m.exact,
                     c->outlet ? c->outlet : "(none)", c->kind, c->ambiguous, c->exact);
        }
        assert_ptr_equal(cc_registry_resolve(reg, c->text, strlen(c->text)), m.outlet);
    }
    cc_registry_free(reg);
}

static void resolution_folds_unicode_case(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [{\"name\": \"Süddeutsche Zeitung\", \"aliases\": "
                       "[\"SZ\"]}, {\"name\": \"Ελευθεροτυπία\"}]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_parse(&reg, json, strlen(json), "u.json", NULL, &err), 0);
    const char *forms[] = {"SÜDDEUTSCHE ZEITUNG", "süddeutsche-zeitung",
                           "Süddeutsche\u00a0Zeitung"};
    for (size_t i = 0; i < CC_ARRAY_LEN(forms); i++) {
        const struct cc_outlet *o = cc_registry_resolve(reg, forms[i], strlen(forms[i]));
        assert_non_null(o);
        assert_string_equal(o->name, "Süddeutsche Zeitung");
    }
    const char *greek = "ΕΛΕΥΘΕΡΟΤΥΠΊΑ";
    const struct cc_outlet *o = cc_registry_resolve(reg, greek, strlen(greek));
    assert_non_null(o);
    assert_string_equal(o->name, "Ελευθεροτυπία");
    assert_ptr_equal(cc_registry_find_name(reg, "ελευθεροτυπία"), o);
    /* Invalid UTF-8 never matches by accident and never crashes. */
    assert_null(cc_registry_resolve(reg, "S\xff\xfe", 3));
    /* Over the query cap: refused. */
    static char big[CC_REGISTRY_MAX_QUERY + 2];
    memset(big, 'a', sizeof(big) - 1);
    assert_null(cc_registry_resolve(reg, big, sizeof(big) - 1));
    cc_registry_free(reg);
}

static void match_prefix_finds_longest_name_in_prose(void **state)
{
    (void)state;
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    struct {
        const char *text;
        const char *outlet;
        const char *matched;
    } rows[] = {
        {"Reuter\u2019s reported this development.", "Reuters", "Reuter\u2019s reported"},
        {"The Week, Deccan Herald)", "The Week", "The Week"},
        {"Deccan Herald)", "Deccan Herald", "Deccan Herald"},
        {"TheNews.com.pk, Arabnews.pk and Geo TV all offer coverage)", "The News International",
         "TheNews.com.pk"},
        {"Geo TV all offer coverage).", "Geo News", "Geo TV"},
        {"  Arab News Pakistan reported on Saturday", "Arab News Pakistan",
         "Arab News Pakistan reported"},
        {"economictimes.indiatimes.com for coverage.", "Economic Times",
         "economictimes.indiatimes.com"},
        {"Sources 1) (Sources 1)).", NULL, NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        struct cc_registry_match m;
        size_t n = 99;
        bool ok = cc_registry_match_prefix(&m, &n, reg, rows[i].text, strlen(rows[i].text));
        if (!rows[i].outlet) {
            assert_false(ok);
            assert_int_equal(n, 0);
            continue;
        }
        if (!ok) {
            fail_msg("row %zu: no match in '%s'", i, rows[i].text);
        }
        assert_string_equal(m.outlet->name, rows[i].outlet);
        const char *start = rows[i].text;
        while (*start == ' ') {
            start++;
        }
        char got[200];
        size_t glen = n - (size_t)(start - rows[i].text);
        snprintf(got, sizeof(got), "%.*s", (int)glen, start);
        if (strcmp(got, rows[i].matched) != 0) {
            fail_msg("row %zu: matched '%s', want '%s'", i, got, rows[i].matched);
        }
    }
    cc_registry_free(reg);
}

static void find_domain_uses_longest_suffix(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [{\"name\": \"Times\", \"domains\": [\"times.example\"]},"
                       "{\"name\": \"Econ\", \"domains\": [\"econ.times.example\"]}]}";
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_parse(&reg, json, strlen(json), "d.json", NULL, &err), 0);
    struct {
        const char *url;
        const char *outlet;
    } rows[] = {
        {"https://econ.times.example/a", "Econ"},
        {"http://user@m.econ.times.example:8080/a?b#c", "Econ"},
        {"https://www.times.example/", "Times"},
        {"times.example", "Times"},
        {"news.times.example", "Times"},
        {"HTTPS://ECON.TIMES.EXAMPLE", "Econ"},
        {"https://othertimes.example/", NULL},
        {"https://example/", NULL},
        {"not a url", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(rows); i++) {
        const struct cc_outlet *o = cc_registry_find_domain(reg, rows[i].url);
        if (!rows[i].outlet) {
            if (o) {
                fail_msg("row %zu '%s': got %s, want none", i, rows[i].url, o->name);
            }
            continue;
        }
        if (!o || strcmp(o->name, rows[i].outlet) != 0) {
            fail_msg("row %zu '%s': got %s, want %s", i, rows[i].url, o ? o->name : "(none)",
                     rows[i].outlet);
        }
    }
    cc_registry_free(reg);
}

/* ---- the built-in registry ---------------------------------------------------------- */

static void builtin_registry_has_the_real_outlets(void **state)
{
    (void)state;
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    assert_string_equal(cc_registry_source(reg), "built-in");
    assert_sane_registry(reg);
    const char *names[] = {"Reuters",
                           "Geo News",
                           "Arab News",
                           "Arab News Pakistan",
                           "The News International",
                           "Economic Times",
                           "Times of India",
                           "Hindustan Times",
                           "The Week",
                           "Deccan Herald",
                           "Dawn",
                           "Al Jazeera",
                           "BBC",
                           "Business Recorder",
                           "Associated Press",
                           "Wikipedia"};
    for (size_t i = 0; i < CC_ARRAY_LEN(names); i++) {
        const struct cc_outlet *o = cc_registry_find_name(reg, names[i]);
        if (!o) {
            fail_msg("built-in registry lacks '%s'", names[i]);
        }
        bool no_feeds = strcmp(names[i], "Wikipedia") == 0;
        assert_int_equal(o->nfeeds == 0, no_feeds);
        for (size_t j = 0; j < o->nfeeds; j++) {
            assert_true(strncmp(o->feeds[j].url, "https://", 8) == 0);
            assert_false(o->feeds[j].insecure);
        }
    }
    const struct cc_outlet *r = cc_registry_find_name(reg, "reuters");
    assert_true(r->wire);
    /* Reuters' own feeds are dead: the Google News substitute is used. */
    assert_non_null(strstr(r->feeds[0].url, "news.google.com/rss/search"));
    assert_non_null(strstr(r->feeds[0].url, "reuters.com"));
    assert_true(cc_registry_find_name(reg, "Associated Press")->wire);
    assert_false(cc_registry_find_name(reg, "Dawn")->wire);
    /* The two Arab News editions have separate feeds. */
    const struct cc_outlet *an = cc_registry_find_name(reg, "Arab News");
    const struct cc_outlet *anpk = cc_registry_find_name(reg, "Arab News Pakistan");
    assert_string_equal(an->feeds[0].url, "https://www.arabnews.com/rss.xml");
    assert_string_equal(anpk->feeds[0].url, "https://www.arabnews.pk/rss.xml");
    /* Same media group: not independent of each other. */
    assert_string_equal(cc_registry_find_name(reg, "Geo News")->group,
                        cc_registry_find_name(reg, "The News International")->group);
    cc_registry_free(reg);
}

static void write_json_round_trips(void **state)
{
    (void)state;
    struct cc_registry *reg = NULL;
    struct cc_registry *back = NULL;
    struct cc_error err = CC_ERROR_INIT;
    struct cc_buf out = CC_BUF_INIT;
    struct cc_buf again = CC_BUF_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    assert_int_equal(cc_registry_write_json(&out, reg, NULL, &err), 0);
    if (cc_registry_parse(&back, out.buf, out.len, "written", NULL, &err)) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    assert_int_equal(cc_registry_count(back), cc_registry_count(reg));
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *a = cc_registry_get(reg, i);
        const struct cc_outlet *b = cc_registry_get(back, i);
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->naliases, b->naliases);
        assert_int_equal(a->nambiguous, b->nambiguous);
        assert_int_equal(a->ndomains, b->ndomains);
        assert_int_equal(a->nfeeds, b->nfeeds);
        assert_int_equal(a->wire, b->wire);
        assert_true(a->credibility == b->credibility);
        assert_int_equal(a->credibility_set, b->credibility_set);
    }
    assert_int_equal(cc_registry_write_json(&again, back, NULL, &err), 0);
    assert_string_equal(out.buf, again.buf);

    cc_buf_reset(&out);
    assert_int_equal(cc_outlet_write_json(&out, cc_registry_find_name(reg, "Reuters"), &err), 0);
    assert_non_null(strstr(out.buf, "\"name\": \"Reuters\""));
    assert_non_null(strstr(out.buf, "\"wire\": true"));
    assert_non_null(strstr(out.buf, "\"credibility\": 0.8"));
    assert_non_null(strstr(out.buf, "\"insecure\": false"));
    cc_buf_release(&out);
    cc_buf_release(&again);
    cc_registry_free(reg);
    cc_registry_free(back);
}

static void merge_adds_to_existing_or_appends(void **state)
{
    (void)state;
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_builtin(&reg, &err), 0);
    size_t before = cc_registry_count(reg);

    /* By domain (a subdomain of a registered one). */
    char *d1[] = {"feeds.bbci.co.uk"};
    struct cc_feed_ref f1[] = {{"https://feeds.bbci.co.uk/news/asia/rss.xml", false, NULL}};
    struct cc_outlet o1 = {
        "BBC News - Asia", NULL, 0, NULL, 0, d1, 1, f1, 1, false, 0.5, false, NULL, NULL};
    bool merged = false;
    assert_int_equal(cc_registry_merge(reg, &o1, &merged, &err), 0);
    assert_true(merged);
    const struct cc_outlet *bbc = cc_registry_find_name(reg, "BBC");
    assert_string_equal(bbc->feeds[bbc->nfeeds - 1].url,
                        "https://feeds.bbci.co.uk/news/asia/rss.xml");
    assert_null(cc_registry_resolve(reg, "BBC News - Asia", 15));

    /* By feed URL: an outline for a feed already listed merges into its owner. */
    struct cc_feed_ref f0[] = {{"https://www.arabnews.pk/rss.xml", false, NULL}};
    char *a0[] = {"ANPK"};
    struct cc_outlet o0 = {"Some Title", a0, 1,     NULL, 0,     NULL, 0,
                           f0,           1,  false, 0.5,  false, NULL, NULL};
    assert_int_equal(cc_registry_merge(reg, &o0, &merged, &err), 0);
    assert_true(merged);
    assert_ptr_equal(cc_registry_resolve(reg, "ANPK", 4),
                     cc_registry_find_name(reg, "Arab News Pakistan"));
    assert_int_equal(cc_registry_find_name(reg, "Arab News Pakistan")->nfeeds, 1);

    /* By name, with a new domain; an already listed feed is not repeated. */
    char *d2[] = {"dawnnews.tv"};
    struct cc_feed_ref f2[] = {{"https://www.dawn.com/feeds/home", false, NULL},
                               {"https://www.dawnnews.tv/feeds/latest", false, NULL}};
    struct cc_outlet o2 = {"DAWN", NULL, 0, NULL, 0, d2, 1, f2, 2, false, 0.5, false, NULL, NULL};
    assert_int_equal(cc_registry_merge(reg, &o2, &merged, &err), 0);
    assert_true(merged);
    const struct cc_outlet *dawn = cc_registry_find_name(reg, "Dawn");
    assert_int_equal(dawn->nfeeds, 4);
    assert_ptr_equal(cc_registry_find_domain(reg, "https://www.dawnnews.tv/x"), dawn);

    /* Unknown: appended. */
    char *d3[] = {"tribune.com.pk"};
    struct cc_feed_ref f3[] = {{"https://tribune.com.pk/feed/latest", false, NULL}};
    struct cc_outlet o3 = {
        "The Express Tribune", NULL, 0, NULL, 0, d3, 1, f3, 1, false, 0.5, false, NULL, NULL};
    assert_int_equal(cc_registry_merge(reg, &o3, &merged, &err), 0);
    assert_false(merged);
    assert_int_equal(cc_registry_count(reg), before + 1);
    assert_non_null(cc_registry_resolve(reg, "tribune.com.pk", 14));
    assert_sane_registry(reg);

    /* A feed another outlet owns makes a new outlet fail, registry unchanged. */
    struct cc_feed_ref f4[] = {{"https://tribune.com.pk/feed/latest", false, NULL}};
    struct cc_outlet o4 = {"Someone Else", NULL, 0,     NULL, 0,   NULL, 0, f4, 1,
                           false,          0.5,  false, NULL, NULL};
    assert_int_equal(cc_registry_add(reg, &o4, &err), CC_EPARSE);
    assert_non_null(strstr(err.msg, "is already a feed of outlet 'The Express Tribune'"));
    assert_int_equal(cc_registry_count(reg), before + 1);
    assert_null(cc_registry_resolve(reg, "Someone Else", 12));
    cc_registry_free(reg);
}

static void fixture_registry_points_at_fixture_feeds(void **state)
{
    (void)state;
    const char *fx = getenv("CC_FIXTURES_DIR");
    char path[600];
    snprintf(path, sizeof(path), "%s/outlets.json", fx && fx[0] ? fx : CC_FIXTURES_DIR);
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_load(&reg, path, &err)) {
        fail_msg("%s: %s", err.subject, err.msg);
    }
    assert_sane_registry(reg);
    size_t feeds = 0;
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        for (size_t j = 0; j < o->nfeeds; j++) {
            /* Relative in the file, absolute and readable once loaded. */
            assert_true(strncmp(o->feeds[j].as_written, "feeds/", 6) == 0);
            assert_true(o->feeds[j].url[0] == '/');
            assert_int_equal(access(o->feeds[j].url, R_OK), 0);
            feeds++;
        }
    }
    assert_int_equal(feeds, 11);
    /* Every citation form of the example article resolves as the answer key
     * in fixtures/feeds/README.md expects. */
    struct {
        const char *text;
        const char *outlet;
    } cites[] = {
        {"The Week", "The Week"},
        {"Deccan Herald", "Deccan Herald"},
        {"TheNews.com.pk", "The News International"},
        {"Arabnews.pk", "Arab News Pakistan"},
        {"Geo TV", "Geo News"},
        {"(en.wikipedia.org)", "Wikipedia"},
        {"Reuter\u2019s", "Reuters"},
        {"The News.com.pk", "The News International"},
        {"ArabNews.pk", "Arab News Pakistan"},
        {"economictimes.indiatimes.com", "Economic Times"},
        {"* [Arabnews.pk]", "Arab News Pakistan"},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(cites); i++) {
        const struct cc_outlet *o = cc_registry_resolve(reg, cites[i].text, strlen(cites[i].text));
        if (!o || strcmp(o->name, cites[i].outlet) != 0) {
            fail_msg("'%s' resolved to %s, want %s", cites[i].text, o ? o->name : "(none)",
                     cites[i].outlet);
        }
    }
    assert_int_equal(cc_registry_find_name(reg, "Wikipedia")->nfeeds, 0);
    assert_null(cc_registry_resolve(reg, "Sources 1", 9));
    cc_registry_free(reg);
}

/* ---- default search order ------------------------------------------------------------- */

static void write_registry(const char *path, const char *name)
{
    char json[300];
    snprintf(json, sizeof(json), "{\"outlets\": [{\"name\": \"%s\"}]}", name);
    write_file(path, json);
}

static void expect_source(const char *explicit_path, const char *want_name)
{
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_open_default(&reg, explicit_path, &err)) {
        fail_msg("open_default: %s: %s", err.subject, err.msg);
    }
    const struct cc_outlet *o = cc_registry_get(reg, 0);
    if (strcmp(want_name, "built-in") == 0) {
        assert_string_equal(cc_registry_source(reg), "built-in");
    } else {
        assert_int_equal(cc_registry_count(reg), 1);
        assert_string_equal(o->name, want_name);
    }
    cc_registry_free(reg);
}

static void default_search_order_follows_env(void **state)
{
    (void)state;
    char home[300], xdg[300], data[300], p[400], explicit_path[400], envcfg[400];
    snprintf(home, sizeof(home), "%s/home", tmpdir);
    snprintf(xdg, sizeof(xdg), "%s/xdg", tmpdir);
    snprintf(data, sizeof(data), "%s/share", tmpdir);
    mkdirs(home);
    mkdirs(data);
    unsetenv("CREDCHECK_CONFIG");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", home, 1);
    setenv("CREDCHECK_DATADIR", data, 1);

    /* Nothing anywhere: the compiled-in registry. */
    expect_source(NULL, "built-in");

    /* The installed data file. */
    snprintf(p, sizeof(p), "%s/outlets.json", data);
    write_registry(p, "FromDatadir");
    expect_source(NULL, "FromDatadir");

    /* ~/.config/credcheck/outlets.json beats it. */
    snprintf(p, sizeof(p), "%s/.config/credcheck", home);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/.config/credcheck/outlets.json", home);
    write_registry(p, "FromHome");
    expect_source(NULL, "FromHome");

    /* $XDG_CONFIG_HOME replaces ~/.config: without a file there, the data
     * file is next. A relative XDG_CONFIG_HOME is ignored. */
    setenv("XDG_CONFIG_HOME", xdg, 1);
    expect_source(NULL, "FromDatadir");
    snprintf(p, sizeof(p), "%s/credcheck", xdg);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/credcheck/outlets.json", xdg);
    write_registry(p, "FromXdg");
    expect_source(NULL, "FromXdg");
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    expect_source(NULL, "FromHome");
    setenv("XDG_CONFIG_HOME", xdg, 1);

    /* $CREDCHECK_CONFIG beats the search path; empty counts as unset. */
    snprintf(envcfg, sizeof(envcfg), "%s/env.json", tmpdir);
    write_registry(envcfg, "FromEnv");
    setenv("CREDCHECK_CONFIG", envcfg, 1);
    expect_source(NULL, "FromEnv");
    setenv("CREDCHECK_CONFIG", "", 1);
    expect_source(NULL, "FromXdg");
    setenv("CREDCHECK_CONFIG", envcfg, 1);

    /* --config beats everything. */
    snprintf(explicit_path, sizeof(explicit_path), "%s/explicit.json", tmpdir);
    write_registry(explicit_path, "FromFlag");
    expect_source(explicit_path, "FromFlag");

    /* A missing explicit or $CREDCHECK_CONFIG file is an error, not a fallback. */
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_registry_open_default(&reg, "/no/such.json", &err), CC_EIO);
    assert_string_equal(err.subject, "/no/such.json");
    cc_error_clear(&err);
    setenv("CREDCHECK_CONFIG", "/no/env.json", 1);
    assert_int_equal(cc_registry_open_default(&reg, NULL, &err), CC_EIO);
    assert_string_equal(err.subject, "/no/env.json");
    unsetenv("CREDCHECK_CONFIG");

    /* A bad file found on the search path is reported, not skipped. */
    cc_error_clear(&err);
    write_file(p, "{\"outlets\": [{\"name\": \"X\", \"bogus\": 1}]}");
    assert_int_equal(cc_registry_open_default(&reg, NULL, &err), CC_EPARSE);
    assert_string_equal(err.subject, p);
    assert_non_null(strstr(err.msg, "outlets[0]: unknown key 'bogus'"));
    assert_null(reg);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("CREDCHECK_DATADIR");
}

/* ---- out of memory -------------------------------------------------------------------- */

static void out_of_memory_fails_cleanly(void **state)
{
    (void)state;
    const char *json = "{\"outlets\": [{\"name\": \"Reuters\", \"aliases\": [\"Reuter's\"], "
                       "\"ambiguous_aliases\": [\"R\"], \"domains\": [\"reuters.com\"], "
                       "\"feeds\": [\"https://a.example/rss\", {\"url\": "
                       "\"https://b.example/rss\", \"insecure\": true}], \"wire\": true, "
                       "\"credibility\": 0.9, \"group\": \"G\", \"notes\": \"n\"},"
                       "{\"name\": \"Dawn\", \"domains\": [\"dawn.com\"]}]}";
    for (size_t n = 1;; n++) {
        struct cc_registry *reg = (struct cc_registry *)1;
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_registry_parse(&reg, json, strlen(json), "oom.json", "/tmp", &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_int_equal(cc_registry_count(reg), 2);
            /* Resolution and writing under OOM too. */
            for (size_t m = 1;; m++) {
                struct cc_buf out = CC_BUF_INIT;
                cc_alloc_fail_after(m);
                int wrc = cc_registry_write_json(&out, reg, NULL, NULL);
                cc_alloc_fail_after(0);
                cc_buf_release(&out);
                if (wrc == 0) {
                    break;
                }
                assert_int_equal(wrc, CC_ENOMEM);
            }
            cc_registry_free(reg);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_null(reg);
        assert_int_equal(err.code, CC_ENOMEM);
        assert_true(n < 10000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_error_names_file_path_and_reason, make_tmpdir,
                                        drop_tmpdir),
        cmocka_unit_test(json_syntax_error_has_line_and_column),
        cmocka_unit_test(empty_aliases_are_skipped),
        cmocka_unit_test(feed_url_with_userinfo_loads),
        cmocka_unit_test_setup_teardown(caps_refuse_huge_input, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(missing_file_is_io_error, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(feeds_resolve_against_config_folder, make_tmpdir,
                                        drop_tmpdir),
        cmocka_unit_test(resolves_every_alias_form),
        cmocka_unit_test(resolution_folds_unicode_case),
        cmocka_unit_test(match_prefix_finds_longest_name_in_prose),
        cmocka_unit_test(find_domain_uses_longest_suffix),
        cmocka_unit_test(builtin_registry_has_the_real_outlets),
        cmocka_unit_test(write_json_round_trips),
        cmocka_unit_test(merge_adds_to_existing_or_appends),
        cmocka_unit_test(fixture_registry_points_at_fixture_feeds),
        cmocka_unit_test_setup_teardown(default_search_order_follows_env, make_tmpdir, drop_tmpdir),
        cmocka_unit_test(out_of_memory_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
