/*
 * store_fts_ablation: what the FTS5 index costs per item, and how that cost
 * moves with the tokenizer, the detail level and the transaction size.
 * Raw SQLite (no credcheck code): an items table like the store's with a
 * hashed identity index, an external-content FTS5 table and an insert
 * trigger; N rows of generated title (8-14 words) + summary (30-50 words),
 * committed every PER rows, with the index kept in step either by an
 * AFTER INSERT trigger or by a second top-level INSERT (what core/store
 * does). Prints rows/s per configuration, wall and CPU, and the CPU ratio
 * to the same run without FTS. Built with -DCC_BENCH=ON
 * (bench/store.sh); never part of ctest.
 */
#include "core/common.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/clock.h"

#define VOCAB 20000

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Dull;
}

static char words[VOCAB][24];

static void sentence(char *b, size_t cap, int lo, int hi)
{
    int n = lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        double u = (double)(rnd() % 1000000) / 1e6;
        const char *w = words[(size_t)((double)VOCAB * u * u * u)];
        size_t k = strlen(w);
        if (len + k + 3 >= cap) {
            break;
        }
        if (i > 0) {
            b[len++] = ' ';
        }
        memcpy(b + len, w, k);
        len += k;
    }
    b[len++] = '.';
    b[len] = '\0';
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

struct result {
    double wall_rate;
    double cpu_rate;
};

static int run(struct result *out, const char *dir, const char *tokenize, const char *detail,
               bool trigger, int per, int n)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/ablation.db", dir);
    const char *suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[600];
        snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
        unlink(p);
    }
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        return -1;
    }
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
             " PRAGMA cache_size = -32768;"
             " CREATE TABLE items (id INTEGER PRIMARY KEY, outlet_id INT, ikey_hash INT,"
             " title TEXT, summary TEXT, content TEXT);"
             " CREATE INDEX items_ikey ON items(outlet_id, ikey_hash);");
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK && tokenize) {
        snprintf(sql, sizeof(sql),
                 "CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content,"
                 " content='items', content_rowid='id', tokenize='%s', detail=%s);"
                 "%s",
                 tokenize, detail,
                 trigger ? " CREATE TRIGGER ai AFTER INSERT ON items BEGIN INSERT INTO"
                           " items_fts(rowid, title, summary, content)"
                           " VALUES (new.id, new.title, new.summary, new.content); END;"
                         : "");
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    sqlite3_stmt *s = NULL;
    sqlite3_stmt *fts = NULL;
    if (rc == SQLITE_OK && tokenize && !trigger) {
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO items_fts (rowid, title, summary, content)"
                                " VALUES (?1, ?2, ?3, NULL)",
                                -1, &fts, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO items (outlet_id, ikey_hash, title, summary)"
                                " VALUES (1, ?1, ?2, ?3)",
                                -1, &s, NULL);
    }
    if (rc != SQLITE_OK) {
        fprintf(stderr, "store_fts_ablation: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    static char title[512];
    static char summary[2048];
    int64_t wall = 0;
    double cpu = 0;
    for (int i = 0; i < n; i += per) {
        int64_t t0 = cc_clock_mono_ms();
        double c0 = cpu_seconds();
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        for (int j = 0; j < per && i + j < n; j++) {
            sentence(title, sizeof(title), 8, 14);
            sentence(summary, sizeof(summary), 30, 50);
            sqlite3_bind_int64(s, 1, (sqlite3_int64)(rnd() >> 1));
            sqlite3_bind_text(s, 2, title, (int)strlen(title), SQLITE_STATIC);
            sqlite3_bind_text(s, 3, summary, (int)strlen(summary), SQLITE_STATIC);
            if (sqlite3_step(s) != SQLITE_DONE) {
                fprintf(stderr, "store_fts_ablation: %s\n", sqlite3_errmsg(db));
                return -1;
            }
            sqlite3_reset(s);
            if (fts) {
                sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(db));
                sqlite3_bind_text(fts, 2, title, (int)strlen(title), SQLITE_STATIC);
                sqlite3_bind_text(fts, 3, summary, (int)strlen(summary), SQLITE_STATIC);
                if (sqlite3_step(fts) != SQLITE_DONE) {
                    fprintf(stderr, "store_fts_ablation: %s\n", sqlite3_errmsg(db));
                    return -1;
                }
                sqlite3_reset(fts);
            }
        }
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        wall += cc_clock_mono_ms() - t0;
        cpu += cpu_seconds() - c0;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(fts);
    sqlite3_close(db);
    out->wall_rate = (double)n * 1000.0 / (double)CC_MAX(wall, 1);
    out->cpu_rate = (double)n / (cpu > 0 ? cpu : 1e-3);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NULL;
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 100000;
    if (!dir || n <= 0) {
        fprintf(stderr, "usage: store_fts_ablation DIR [ROWS]\n");
        return 2;
    }
    static const char *const syl[] = {"ka",   "ra", "chi",  "pa",  "kis", "tan",  "lo",  "re",
                                      "min",  "is", "ter",  "gov", "ern", "ment", "el",  "ec",
                                      "tion", "po", "lice", "mar", "ket", "oil",  "pri", "ce"};
    for (size_t i = 0; i < VOCAB; i++) {
        int parts = 2 + (int)(rnd() % 3);
        size_t len = 0;
        for (int p = 0; p < parts; p++) {
            const char *x = syl[rnd() % CC_ARRAY_LEN(syl)];
            size_t k = strlen(x);
            memcpy(words[i] + len, x, k); /* at most 4 x 4 bytes: fits in 24 */
            len += k;
        }
        words[i][len] = '\0';
    }
    static const char porter[] = "porter unicode61 remove_diacritics 2";
    static const struct {
        const char *tokenize;
        const char *detail;
        bool trigger;
        int per;
    } cfg[] = {
        {NULL, "full", false, 50},
        {porter, "full", true, 50},
        {porter, "full", false, 50},
        {"unicode61 remove_diacritics 2", "full", false, 50},
        {"ascii", "full", false, 50},
        {porter, "column", false, 50},
        {"unicode61 remove_diacritics 2", "none", false, 50},
        {NULL, "full", false, 1000000},
        {porter, "full", true, 1000000},
        {porter, "full", false, 1000000},
        {"ascii", "none", false, 1000000},
    };
    double base_cpu = 0;
    printf("%-38s %-7s %-8s %-8s %10s %10s %8s\n", "tokenizer", "detail", "kept_by", "per_txn",
           "rows/s", "rows/cpu-s", "vs_nofts");
    for (size_t i = 0; i < CC_ARRAY_LEN(cfg); i++) {
        struct result r;
        rng = 0x1234567ull; /* same rows for every configuration */
        if (run(&r, dir, cfg[i].tokenize, cfg[i].detail, cfg[i].trigger, cfg[i].per, n) < 0) {
            return 1;
        }
        if (!cfg[i].tokenize && cfg[i].per == 50) {
            base_cpu = r.cpu_rate;
        }
        char per[16];
        snprintf(per, sizeof(per), cfg[i].per >= n ? "all" : "%d", cfg[i].per);
        const char *kept = !cfg[i].tokenize ? "-" : cfg[i].trigger ? "trigger" : "insert";
        printf("%-38s %-7s %-8s %-8s %10.0f %10.0f %8.2f\n",
               cfg[i].tokenize ? cfg[i].tokenize : "(no FTS)", cfg[i].detail, kept, per,
               r.wall_rate, r.cpu_rate, base_cpu > 0 ? r.cpu_rate / base_cpu : 0);
    }
    return 0;
}
