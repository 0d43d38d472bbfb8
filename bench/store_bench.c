/*
 * store_bench: insert-rate, size and search-latency figures for core/store.
 *
 * Builds a registry of OUTLETS outlets with ITEMS / PER_FEED feeds, then
 * saves every feed once (one transaction per feed, or K feeds per
 * transaction with --feeds-per-txn K, the FTS5 index kept in step by
 * core/store) with generated items of realistic length: a 8-14 word title
 * (~70 bytes), a 30-50 word summary (~280 bytes), a link with tracking
 * parameters, an author, and a 200-300 word content on one item in ten.
 * As in a store filled by a year of nightly fetches, feed f is fetched at
 * FETCH_TIME(f), spread over SPREAD_DAYS in feed order, and its items were
 * published up to two days before that (--random-dates: any time in the
 * year, all fetched at T0, the worst case for windowed searches).
 * Then it saves a tenth of the feeds again unchanged, and runs full-text
 * searches with a 7-day window. Built only with -DCC_BENCH=ON (bench/store.sh);
 * never part of ctest. Prints "key value" lines.
 */
#include "core/common.h"

#include <stdarg.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/store.h"
#include "fetchers/feed.h"

#define VOCAB 20000
#define T0 1700000000
#define SPREAD_DAYS 365

static bool random_dates;
static size_t total_feeds = 1;

/* When feed f is fetched: spread over the year in feed order. */
static int64_t fetch_time(size_t f)
{
    if (random_dates) {
        return T0;
    }
    return T0 - (int64_t)SPREAD_DAYS * 86400 +
           (int64_t)((double)f / (double)total_feeds * (double)SPREAD_DAYS * 86400.0);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    /* xorshift64*: deterministic, so runs compare like with like. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static char *words[VOCAB];

static void make_vocab(void)
{
    static const char *const syl[] = {
        "ka",  "ra",  "chi",  "pa", "kis", "tan",   "lo", "re",   "min", "is",  "ter",
        "gov", "ern", "ment", "el", "ec",  "tion",  "po", "lice", "mar", "ket", "oil",
        "pri", "ce",  "flo",  "od", "cri", "ck",    "et", "sum",  "mit", "de",  "al",
        "ban", "k",   "tra",  "de", "war", "peace", "vo", "te"};
    for (size_t i = 0; i < VOCAB; i++) {
        char w[32];
        size_t n = 0;
        int parts = 2 + (int)(rnd() % 3);
        for (int p = 0; p < parts; p++) {
            const char *s = syl[rnd() % CC_ARRAY_LEN(syl)];
            size_t l = strlen(s);
            if (n + l < sizeof(w)) {
                memcpy(w + n, s, l);
                n += l;
            }
        }
        w[n] = '\0';
        words[i] = cc_strdup(w);
    }
}

/* Zipf-like pick: small indexes (common words) far more often. */
static const char *word(void)
{
    double u = (double)(rnd() % 1000000) / 1000000.0;
    size_t i = (size_t)((double)VOCAB * u * u * u);
    return words[i < VOCAB ? i : VOCAB - 1];
}

static char *sentence(int min_words, int max_words)
{
    struct cc_buf b = CC_BUF_INIT;
    int n = min_words + (int)(rnd() % (uint64_t)(max_words - min_words + 1));
    for (int i = 0; i < n; i++) {
        if ((i > 0 && cc_buf_addch(&b, ' ') < 0) || cc_buf_adds(&b, word()) < 0) {
            abort();
        }
    }
    if (cc_buf_addch(&b, '.') < 0) {
        abort();
    }
    return cc_buf_detach(&b, NULL);
}

static char *printf_dup(const char *fmt, ...) CC_PRINTF(1, 2);
static char *printf_dup(const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    return cc_strdup(tmp);
}

static void fill_feed(struct cc_feed *fd, size_t feed_no, size_t per_feed)
{
    for (size_t i = 0; i < per_feed; i++) {
        struct cc_item *it = &fd->items[i];
        memset(it, 0, sizeof(*it));
        size_t n = feed_no * per_feed + i;
        it->id = printf_dup("https://news%zu.example/story/%zu", feed_no % 200, n);
        it->link = printf_dup("https://news%zu.example/story/%zu?utm_source=rss&at_medium=RSS",
                              feed_no % 200, n);
        it->title = sentence(8, 14);
        it->summary = sentence(30, 50);
        it->content = n % 10 == 0 ? sentence(200, 300) : NULL;
        it->author = printf_dup("%s %s", word(), word());
        it->published = random_dates ? T0 - (int64_t)(rnd() % (SPREAD_DAYS * 86400))
                                     : fetch_time(feed_no) - (int64_t)(rnd() % (2 * 86400));
        it->updated = CC_TIME_NONE;
    }
    fd->nitems = per_feed;
}

static void clear_feed(struct cc_feed *fd)
{
    for (size_t i = 0; i < fd->nitems; i++) {
        struct cc_item *it = &fd->items[i];
        cc_free(it->id);
        cc_free(it->link);
        cc_free(it->title);
        cc_free(it->summary);
        cc_free(it->content);
        cc_free(it->author);
    }
    fd->nitems = 0;
}

static int search_cb(const struct cc_store_item *it, void *payload)
{
    (void)it;
    (*(size_t *)payload)++;
    return 0;
}

/* CPU seconds used so far (user + system): on a shared machine the rate
 * per CPU-second is the figure that compares across runs. */
static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    size_t nitems = 1000000;
    size_t per_feed = 50;
    size_t noutlets = 200;
    size_t group = 1; /* feeds per transaction (cc_store_record_fetches) */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--random-dates") == 0) {
            random_dates = true;
            continue;
        }
        if (i + 1 >= argc) {
            break;
        }
        if (strcmp(argv[i], "--store") == 0) {
            path = argv[i + 1];
        } else if (strcmp(argv[i], "--items") == 0) {
            nitems = (size_t)strtoull(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--per-feed") == 0) {
            per_feed = (size_t)strtoull(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--outlets") == 0) {
            noutlets = (size_t)strtoull(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--feeds-per-txn") == 0) {
            group = (size_t)strtoull(argv[i + 1], NULL, 10);
        }
        i++;
    }
    if (!path || per_feed == 0 || noutlets == 0 || group == 0) {
        fprintf(stderr, "usage: store_bench --store PATH [--items N] [--per-feed N] "
                        "[--outlets N] [--feeds-per-txn K] [--random-dates]\n");
        return 2;
    }
    size_t nfeeds = (nitems + per_feed - 1) / per_feed;
    total_feeds = nfeeds;
    make_vocab();
    uint64_t items_seed = rng_state;

    /* The registry: noutlets outlets sharing the feeds round-robin. */
    struct cc_buf json = CC_BUF_INIT;
    int rc = cc_buf_adds(&json, "{\"outlets\": [");
    for (size_t o = 0; rc == 0 && o < noutlets; o++) {
        rc = cc_buf_addf(&json, "%s{\"name\": \"Outlet %zu\", \"feeds\": [", o ? "," : "", o);
        bool first = true;
        for (size_t f = o; rc == 0 && f < nfeeds; f += noutlets) {
            rc = cc_buf_addf(&json, "%s\"https://news%zu.example/feed/%zu.xml\"", first ? "" : ",",
                             o, f);
            first = false;
        }
        if (rc == 0) {
            rc = cc_buf_adds(&json, "]}");
        }
    }
    if (rc == 0) {
        rc = cc_buf_adds(&json, "]}");
    }
    struct cc_error err = CC_ERROR_INIT;
    struct cc_registry *reg = NULL;
    struct cc_store *st = NULL;
    if (rc < 0 || cc_registry_parse(&reg, json.buf, json.len, "bench", NULL, &err) != 0 ||
        cc_store_open(&st, path, &err) != 0 || cc_store_sync_registry(st, reg, T0, &err) != 0) {
        fprintf(stderr, "store_bench: %s: %s\n", err.subject, err.msg);
        return 1;
    }
    cc_buf_release(&json);

    /* group feeds, saved together (K = 1: one transaction per feed, the
     * issue's definition; K > 1: what the fetch worker does with several
     * parsed feeds waiting, cc_store_record_fetches). */
    struct cc_feed *fds = cc_calloc(group, sizeof(*fds));
    struct cc_store_fetch *fes = cc_calloc(group, sizeof(*fes));
    struct cc_store_fetch_result *res = cc_calloc(group, sizeof(*res));
    char(*urls)[128] = cc_calloc(group, sizeof(*urls));
    for (size_t g = 0; g < group; g++) {
        fds[g].format = "rss2.0";
        fds[g].items = cc_calloc(per_feed, sizeof(*fds[g].items));
    }
    struct cc_feed *fd = &fds[0];
    char *url = urls[0];
    int64_t save_ms = 0;
    double save_cpu = 0;
    size_t saved = 0;
    int64_t wall0 = cc_clock_mono_ms();
    for (size_t f0 = 0; f0 < nfeeds; f0 += group) {
        size_t k = CC_MIN(group, nfeeds - f0);
        for (size_t g = 0; g < k; g++) {
            size_t f = f0 + g;
            fill_feed(&fds[g], f, CC_MIN(per_feed, nitems - f * per_feed));
            snprintf(urls[g], sizeof(urls[g]), "https://news%zu.example/feed/%zu.xml", f % noutlets,
                     f);
            struct cc_store_fetch fe = {urls[g],       200,          "\"etag\"", NULL, NULL,
                                        fetch_time(f), CC_TIME_NONE, &fds[g],    NULL};
            fes[g] = fe;
        }
        int64_t t = cc_clock_mono_ms();
        double c0 = cpu_seconds();
        if (cc_store_record_fetches(st, fes, k, res) != 0) {
            for (size_t g = 0; g < k; g++) {
                if (res[g].rc != 0) {
                    fprintf(stderr, "store_bench: %s: %s\n", res[g].err.subject, res[g].err.msg);
                }
            }
            return 1;
        }
        save_ms += cc_clock_mono_ms() - t;
        save_cpu += cpu_seconds() - c0;
        for (size_t g = 0; g < k; g++) {
            saved += res[g].counts.new_items;
            clear_feed(&fds[g]);
        }
    }
    int64_t wall_ms = cc_clock_mono_ms() - wall0;
    printf("items %zu\n", saved);
    printf("feeds %zu\n", nfeeds);
    printf("feeds_per_transaction %zu\n", group);
    printf("insert_seconds %.2f\n", (double)save_ms / 1000.0);
    printf("insert_items_per_s %.0f\n", (double)saved * 1000.0 / (double)CC_MAX(save_ms, 1));
    printf("insert_cpu_seconds %.2f\n", save_cpu);
    printf("insert_items_per_cpu_s %.0f\n", (double)saved / (save_cpu > 0 ? save_cpu : 1e-3));
    printf("wall_seconds_incl_generation %.2f\n", (double)wall_ms / 1000.0);

    /* Re-save a tenth of the feeds with identical items: the steady state
     * of a nightly fetch where most items are already stored. */
    rng_state = items_seed; /* the same draws give the same items */
    size_t resave_feeds = CC_MAX(nfeeds / 10, (size_t)1);
    int64_t resave_ms = 0;
    size_t unchanged = 0;
    size_t changed = 0;
    for (size_t f = 0; f < resave_feeds; f++) {
        fill_feed(fd, f, CC_MIN(per_feed, nitems - f * per_feed));
        snprintf(url, sizeof(urls[0]), "https://news%zu.example/feed/%zu.xml", f % noutlets, f);
        struct cc_store_fetch fe = {url,          200, "\"etag\"", NULL, NULL, fetch_time(f) + 3600,
                                    CC_TIME_NONE, fd,  NULL};
        struct cc_store_save_counts c;
        int64_t t = cc_clock_mono_ms();
        if (cc_store_record_fetch(st, &fe, &c, &err) != 0) {
            fprintf(stderr, "store_bench: %s: %s\n", err.subject, err.msg);
            return 1;
        }
        resave_ms += cc_clock_mono_ms() - t;
        unchanged += c.unchanged_items;
        changed += c.updated_items + c.new_items;
        clear_feed(fd);
    }
    printf("resave_items %zu\n", unchanged + changed);
    printf("resave_items_per_s %.0f\n",
           (double)(unchanged + changed) * 1000.0 / (double)CC_MAX(resave_ms, 1));

    /* Searches: three common-ish words OR'd, 7-day window, top 50. */
    size_t nq = 200;
    size_t hits = 0;
    int64_t q0 = cc_clock_mono_ms();
    double qc0 = cpu_seconds();
    for (size_t i = 0; i < nq; i++) {
        char match[256];
        snprintf(match, sizeof(match), "\"%s\" OR \"%s\" OR \"%s\"", words[rnd() % 2000],
                 words[rnd() % 2000], words[rnd() % 2000]);
        int64_t center = T0 - (int64_t)(rnd() % (SPREAD_DAYS * 86400));
        struct cc_store_query q = {match, center - 7 * 86400, center, 50, NULL, 0, 0, 0};
        if (cc_store_search(st, &q, search_cb, &hits, &err) != 0) {
            fprintf(stderr, "store_bench: search: %s\n", err.msg);
            return 1;
        }
    }
    int64_t q_ms = cc_clock_mono_ms() - q0;
    double q_cpu = cpu_seconds() - qc0;
    printf("search_queries %zu\n", nq);
    printf("search_ms_per_query %.2f\n", (double)q_ms / (double)nq);
    printf("search_cpu_ms_per_query %.2f\n", q_cpu * 1000.0 / (double)nq);
    printf("search_hits_per_query %.1f\n", (double)hits / (double)nq);

    struct cc_store_stats s;
    if (cc_store_stats_get(&s, st, &err) != 0) {
        fprintf(stderr, "store_bench: %s\n", err.msg);
        return 1;
    }
    cc_store_close(st);
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    int64_t db_bytes = file_size(path) + file_size(wal);
    printf("db_bytes %lld\n", (long long)db_bytes);
    printf("db_bytes_per_item %.0f\n", (double)db_bytes / (double)CC_MAX(saved, (size_t)1));
    for (size_t g = 0; g < group; g++) {
        cc_free(fds[g].items);
    }
    cc_free(fds);
    cc_free(fes);
    cc_free(res);
    cc_free(urls);
    cc_registry_free(reg);
    for (size_t i = 0; i < VOCAB; i++) {
        cc_free(words[i]);
    }
    return 0;
}
