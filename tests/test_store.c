#include "core/common.h"

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/outlets.h"
#include "core/store.h"
#include "fetchers/feed.h"

#define T0 1700000000 /* 2023-11-14, a fixed "now" */
#define DAY 86400

#define FEED_A "https://a.example/rss"
#define FEED_A2 "https://a.example/world.rss"
#define FEED_B "https://b.example/feed"

struct fx {
    char dir[256];
    char path[320];
    struct cc_store *st;
    struct cc_registry *reg;
};

static const char registry_json[] =
    "{\"outlets\": ["
    " {\"name\": \"Alpha News\", \"domains\": [\"a.example\"],"
    "  \"feeds\": [\"" FEED_A "\", \"" FEED_A2 "\"]},"
    " {\"name\": \"Beta Wire\", \"domains\": [\"b.example\"], \"wire\": true,"
    "  \"feeds\": [\"" FEED_B "\"]}]}";

static void remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                    continue;
                }
                char child[512];
                snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
                remove_tree(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static struct cc_registry *parse_registry(const char *json)
{
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_parse(&reg, json, strlen(json), "test.json", NULL, &err) != 0) {
        fail_msg("registry: %s: %s", err.subject, err.msg);
    }
    return reg;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/cc_store_XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    /* A folder that does not exist yet: open must create it. */
    snprintf(f->path, sizeof(f->path), "%s/data/credcheck/store.db", f->dir);
    f->reg = parse_registry(registry_json);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    cc_store_close(f->st);
    cc_registry_free(f->reg);
    remove_tree(f->dir);
    free(f);
    return 0;
}

/* Opens the fixture's store and syncs the registry into it. */
static struct cc_store *open_synced(struct fx *f)
{
    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_open(&f->st, f->path, &err) != 0) {
        fail_msg("open: %s: %s", err.subject, err.msg);
    }
    if (cc_store_sync_registry(f->st, f->reg, T0, &err) != 0) {
        fail_msg("sync: %s: %s", err.subject, err.msg);
    }
    return f->st;
}

/* A synced store, closed again, and a plain SQLite connection to its file
 * (for what another program could do to it); the caller closes it. */
static sqlite3 *synced_raw(struct fx *f)
{
    open_synced(f);
    cc_store_close(f->st);
    f->st = NULL;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    return db;
}

static struct cc_item item(const char *id, const char *title, const char *link, const char *summary,
                           int64_t published)
{
    struct cc_item it;
    memset(&it, 0, sizeof(it));
    it.id = (char *)id;
    it.title = (char *)title;
    it.link = (char *)link;
    it.summary = (char *)summary;
    it.published = published;
    it.updated = CC_TIME_NONE;
    return it;
}

static struct cc_feed feed_of(struct cc_item *items, size_t n)
{
    struct cc_feed fd;
    memset(&fd, 0, sizeof(fd));
    fd.title = "Test feed";
    fd.format = "rss2.0";
    fd.items = items;
    fd.nitems = n;
    return fd;
}

static struct cc_store_save_counts save(struct cc_store *st, const char *url, struct cc_item *items,
                                        size_t n, int64_t when)
{
    struct cc_feed fd = feed_of(items, n);
    struct cc_store_fetch fe = {url, 200, NULL, NULL, NULL, when, CC_TIME_NONE, &fd, NULL};
    struct cc_store_save_counts c;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_record_fetch(st, &fe, &c, &err) != 0) {
        fail_msg("record_fetch %s: %s: %s", url, err.subject, err.msg);
    }
    return c;
}

static void assert_counts(struct cc_store_save_counts c, size_t n, size_t u, size_t same,
                          size_t skipped)
{
    if (c.new_items != n || c.updated_items != u || c.unchanged_items != same ||
        c.skipped_items != skipped) {
        fail_msg("counts new %zu updated %zu unchanged %zu skipped %zu, want %zu %zu %zu %zu",
                 c.new_items, c.updated_items, c.unchanged_items, c.skipped_items, n, u, same,
                 skipped);
    }
}

static int64_t count_items(struct cc_store *st)
{
    struct cc_store_stats s;
    assert_int_equal(cc_store_stats_get(&s, st, NULL), 0);
    return s.items;
}

struct hits {
    int64_t rowids[16];
    char titles[16][128];
    size_t n;
};

static int collect(const struct cc_store_item *it, void *payload)
{
    struct hits *h = payload;
    if (h->n < 16) {
        h->rowids[h->n] = it->rowid;
        snprintf(h->titles[h->n], sizeof(h->titles[0]), "%s", it->title ? it->title : "");
    }
    h->n++; /* counts every hit; the first 16 are kept */
    return 0;
}

static size_t search_n(struct cc_store *st, const char *match)
{
    struct cc_store_query q = {match, CC_TIME_NONE, CC_TIME_NONE, 0, NULL, 0, 0, 0};
    struct hits h = {{0}, {{0}}, 0};
    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_search(st, &q, collect, &h, &err) != 0) {
        fail_msg("search '%s': %s", match, err.msg);
    }
    return h.n;
}

static void assert_integrity_ok(struct cc_store *st)
{
    struct cc_buf report = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_integrity_check(st, &report, &err) != 0) {
        fail_msg("integrity: %s (%s)", err.msg, report.buf);
    }
    assert_string_equal(report.buf, "ok\nfts: ok\n");
    cc_buf_release(&report);
}

/* ---- opening ---------------------------------------------------------------- */

static void open_creates_folders_schema_and_empty_stats(void **state)
{
    struct fx *f = *state;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open(&f->st, f->path, &err), 0);
    assert_int_equal(cc_store_schema_version(f->st), CC_STORE_SCHEMA_VERSION);
    assert_string_equal(cc_store_path(f->st), f->path);
    struct stat sb;
    assert_int_equal(stat(f->path, &sb), 0);
    struct cc_store_stats s;
    assert_int_equal(cc_store_stats_get(&s, f->st, &err), 0);
    assert_int_equal(s.items, 0);
    assert_int_equal(s.outlets, 0);
    assert_true(s.oldest_item == CC_TIME_NONE);
    assert_true(s.db_bytes > 0);
    assert_int_equal(s.schema_version, CC_STORE_SCHEMA_VERSION);
    assert_integrity_ok(f->st);
    cc_store_close(f->st);
    f->st = NULL;
    /* Reopening an up-to-date store is a no-op. */
    assert_int_equal(cc_store_open(&f->st, f->path, &err), 0);
    assert_int_equal(cc_store_schema_version(f->st), CC_STORE_SCHEMA_VERSION);
}

static void store_runs_in_wal_mode_with_foreign_keys(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = synced_raw(f);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    /* The FTS table uses the documented tokenizer. */
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT sql FROM sqlite_schema WHERE name = 'items_fts'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_non_null(
        strstr((const char *)sqlite3_column_text(s, 0), "porter unicode61 remove_diacritics 2"));
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void default_path_follows_xdg_then_home(void **state)
{
    (void)state;
    char *old_xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    struct cc_buf b = CC_BUF_INIT;
    struct cc_error err = CC_ERROR_INIT;

    setenv("XDG_DATA_HOME", "/x/data", 1);
    setenv("HOME", "/home/u", 1);
    assert_int_equal(cc_store_default_path(&b, &err), 0);
    assert_string_equal(b.buf, "/x/data/credcheck/store.db");
    cc_buf_reset(&b);
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    assert_int_equal(cc_store_default_path(&b, &err), 0);
    assert_string_equal(b.buf, "/home/u/.local/share/credcheck/store.db");
    cc_buf_reset(&b);
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_int_equal(cc_store_default_path(&b, &err), CC_EINVAL);
    assert_non_null(strstr(err.msg, "--store"));

    if (old_xdg) {
        setenv("XDG_DATA_HOME", old_xdg, 1);
    }
    if (old_home) {
        setenv("HOME", old_home, 1);
    }
    free(old_xdg);
    free(old_home);
    cc_buf_release(&b);
}

static void unwritable_path_is_a_clear_store_error(void **state)
{
    struct fx *f = *state;
    char file[400];
    snprintf(file, sizeof(file), "%s/plainfile", f->dir);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    char path[512];
    snprintf(path, sizeof(path), "%s/sub/store.db", file);
    struct cc_error err = CC_ERROR_INIT;
    struct cc_store *st = (struct cc_store *)&err; /* must become NULL */
    assert_int_equal(cc_store_open(&st, path, &err), CC_ESTORE);
    assert_null(st);
    assert_int_equal(err.code, CC_ESTORE);
    assert_string_equal(err.subject, path);
    assert_non_null(strstr(err.msg, "cannot create folder"));
    assert_non_null(strstr(err.msg, "Not a directory"));

    /* A folder where the file should be. */
    cc_error_clear(&err);
    assert_int_equal(cc_store_open(&st, f->dir, &err), CC_ESTORE);
    assert_string_equal(err.subject, f->dir);
    assert_non_null(strstr(err.msg, "cannot open the store"));

    cc_error_clear(&err);
    assert_int_equal(cc_store_open(&st, "", &err), CC_EINVAL);
}

static void corrupt_file_is_a_clear_store_error(void **state)
{
    struct fx *f = *state;
    char path[400];
    snprintf(path, sizeof(path), "%s/garbage.db", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++) {
        fputs("this is not an SQLite database, just text. ", fp);
    }
    fclose(fp);
    struct cc_error err = CC_ERROR_INIT;
    struct cc_store *st = NULL;
    assert_int_equal(cc_store_open(&st, path, &err), CC_ESTORE);
    assert_null(st);
    assert_string_equal(err.subject, path);
    assert_non_null(strstr(err.msg, "file is not a database"));
}

static void foreign_sqlite_database_is_refused(void **state)
{
    struct fx *f = *state;
    char path[400];
    snprintf(path, sizeof(path), "%s/other.db", f->dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct cc_error err = CC_ERROR_INIT;
    struct cc_store *st = NULL;
    assert_int_equal(cc_store_open(&st, path, &err), CC_ESTORE);
    assert_non_null(strstr(err.msg, "not a credcheck store"));
}

static void newer_schema_is_refused(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = synced_raw(f);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open(&f->st, f->path, &err), CC_ESTORE);
    assert_non_null(strstr(err.msg, "schema version 99 is newer"));
}

static void busy_store_gives_elocked(void **state)
{
    struct fx *f = *state;
    /* Another connection holds the write lock. */
    sqlite3 *db = synced_raw(f);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    struct cc_store_options opts = {50, false, 0};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open_with(&f->st, f->path, &opts, &err), 0);
    struct cc_store_failure fl = {FEED_A, 500, "HTTP 500", T0, CC_TIME_NONE, NULL};
    assert_int_equal(cc_store_record_failure(f->st, &fl, NULL, &err), CC_ELOCKED);
    assert_string_equal(err.subject, f->path);
    assert_non_null(strstr(err.msg, "busy"));
    /* Reading still works under WAL. */
    struct cc_store_feed_state fs;
    cc_error_clear(&err);
    assert_int_equal(cc_store_feed_state_find(&fs, f->st, FEED_A, &err), 0);
    cc_store_feed_state_release(&fs);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(cc_store_record_failure(f->st, &fl, NULL, &err), 0);
}

static void read_only_open_reads_and_refuses_writes(void **state)
{
    struct fx *f = *state;
    open_synced(f);
    struct cc_item it[] = {item("g1", "Read only title", NULL, "s", T0)};
    save(f->st, FEED_A, it, 1, T0);
    cc_store_close(f->st);
    f->st = NULL;
    struct cc_store_options opts = {0, true, 0};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open_with(&f->st, f->path, &opts, &err), 0);
    assert_int_equal(count_items(f->st), 1);
    struct cc_store_failure fl = {FEED_A, 500, "HTTP 500", T0, CC_TIME_NONE, NULL};
    assert_int_equal(cc_store_record_failure(f->st, &fl, NULL, &err), CC_ESTORE);
    assert_non_null(strstr(err.msg, "readonly"));
}

/* ---- identity and dedupe ------------------------------------------------------------ */

static void dedupe_by_guid_even_when_link_changes(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("urn:a:1", "Title one", "https://a.example/1", "Sum", T0)};
    assert_counts(save(st, FEED_A, a, 1, T0), 1, 0, 0, 0);
    struct cc_item b[] = {item("urn:a:1", "Title one", "https://a.example/moved", "Sum", T0)};
    assert_counts(save(st, FEED_A, b, 1, T0 + 60), 0, 0, 1, 0);
    assert_int_equal(count_items(st), 1);
    /* A different guid with the same link is another item. */
    struct cc_item c[] = {item("urn:a:2", "Title one", "https://a.example/moved", "Sum", T0)};
    assert_counts(save(st, FEED_A, c, 1, T0 + 120), 1, 0, 0, 0);
    assert_int_equal(count_items(st), 2);
}

static void permalink_guid_ignores_tracking_parameters(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("https://a.example/story?utm_source=rss", "T", NULL, "S", T0)};
    struct cc_item b[] = {item("https://A.example/story#x", "T", NULL, "S", T0)};
    assert_counts(save(st, FEED_A, a, 1, T0), 1, 0, 0, 0);
    assert_counts(save(st, FEED_A, b, 1, T0 + 1), 0, 0, 1, 0);
}

static void no_guid_dedupes_by_canonical_link(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item(NULL, "Quake hits coast", "https://www.A.example/news/quake?utm_source=rss&id=9",
             "First summary", T0),
    };
    assert_counts(save(st, FEED_A, a, 1, T0), 1, 0, 0, 0);
    struct cc_item b[] = {
        item(NULL, "Quake hits coast",
             "https://www.a.example:443/news/quake?id=9&at_medium=RSS#top", "First summary", T0),
    };
    assert_counts(save(st, FEED_A, b, 1, T0 + 60), 0, 0, 1, 0);
    /* The same canonical link with edited text is an update, not a new item. */
    struct cc_item c[] = {
        item(NULL, "Quake hits coast, 12 dead", "https://www.a.example/news/quake?id=9&fbclid=z",
             "Second summary", T0),
    };
    assert_counts(save(st, FEED_A, c, 1, T0 + 120), 0, 1, 0, 0);
    /* A different query parameter that is not tracking is another item. */
    struct cc_item d[] = {item(NULL, "Quake hits coast", "https://www.a.example/news/quake?id=10",
                               "First summary", T0)};
    assert_counts(save(st, FEED_A, d, 1, T0 + 180), 1, 0, 0, 0);
    assert_int_equal(count_items(st), 2);

    struct cc_buf key = CC_BUF_INIT;
    assert_int_equal(cc_store_item_identity(&key, &b[0]), 0);
    assert_string_equal(key.buf, "l:https://www.a.example/news/quake?id=9");
    cc_buf_release(&key);
}

static void neither_guid_nor_link_dedupes_by_title_and_summary(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item(NULL, "Budget passed", NULL, "The assembly passed the budget.", T0),
        item(NULL, "Budget passed", NULL, "A different summary.", T0),
        item(NULL, NULL, NULL, NULL, T0), /* nothing to identify it by */
        item("   ", "", "not a url", "  ", T0),
    };
    assert_counts(save(st, FEED_A, a, 4, T0), 2, 0, 0, 2);
    /* Whitespace differences do not make a new item. */
    struct cc_item b[] = {
        item(NULL, "  Budget   passed ", NULL, "The assembly\tpassed the budget.", T0),
    };
    assert_counts(save(st, FEED_A, b, 1, T0 + 1), 0, 0, 1, 0);
    assert_int_equal(count_items(st), 2);

    struct cc_buf key = CC_BUF_INIT;
    assert_int_equal(cc_store_item_identity(&key, &a[0]), 0);
    assert_int_equal(key.len, 2 + 64);
    assert_memory_equal(key.buf, "h:", 2);
    char hex[65];
    const char *text = "Budget passed\nThe assembly passed the budget.";
    cc_hash_sha256_hex(hex, text, strlen(text));
    assert_string_equal(key.buf + 2, hex);
    cc_buf_reset(&key);
    assert_int_equal(cc_store_item_identity(&key, &a[2]), CC_ENOTFOUND);
    cc_buf_release(&key);
}

static void identity_is_per_outlet_shared_by_its_feeds(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("same-guid", "T", NULL, "S", T0)};
    assert_counts(save(st, FEED_A, a, 1, T0), 1, 0, 0, 0);
    /* The same outlet's second feed carries the same story: stored once. */
    assert_counts(save(st, FEED_A2, a, 1, T0 + 1), 0, 0, 1, 0);
    /* Another outlet with the same guid is its own item. */
    assert_counts(save(st, FEED_B, a, 1, T0 + 2), 1, 0, 0, 0);
    assert_int_equal(count_items(st), 2);
}

static void update_in_place_keeps_first_seen_and_rehashes(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("g", "Old title", "https://a.example/g", "Old summary", T0 - 3600)};
    a[0].content = "Body one";
    a[0].author = "Ann";
    assert_counts(save(st, FEED_A, a, 1, T0), 1, 0, 0, 0);

    struct cc_store_query q = {"\"old\"", CC_TIME_NONE, CC_TIME_NONE, 0, NULL, 0, 0, 0};
    struct hits h = {{0}, {{0}}, 0};
    assert_int_equal(cc_store_search(st, &q, collect, &h, NULL), 0);
    assert_int_equal(h.n, 1);
    int64_t rowid = h.rowids[0];

    struct cc_store_item it;
    assert_int_equal(cc_store_item_find(&it, st, rowid, NULL), 0);
    char want[65];
    cc_store_content_hash(want, "Old title", "Old summary", "Body one");
    assert_string_equal(it.content_hash, want);
    assert_int_equal(it.first_seen, T0);
    assert_int_equal(it.last_seen, T0);
    assert_int_equal(it.published, T0 - 3600);
    assert_int_equal(it.item_time, T0 - 3600);
    assert_string_equal(it.outlet, "Alpha News");
    assert_string_equal(it.feed_url, FEED_A);
    assert_string_equal(it.guid, "g");
    assert_string_equal(it.author, "Ann");
    char old_hash[65];
    memcpy(old_hash, it.content_hash, sizeof(old_hash));
    cc_store_item_release(&it);

    struct cc_item b[] = {item("g", "New title", "https://a.example/g", "New summary", T0 - 3600)};
    b[0].content = "Body two";
    assert_counts(save(st, FEED_A, b, 1, T0 + DAY), 0, 1, 0, 0);
    assert_int_equal(cc_store_item_find(&it, st, rowid, NULL), 0);
    assert_int_equal(it.first_seen, T0);
    assert_int_equal(it.last_seen, T0 + DAY);
    assert_string_equal(it.title, "New title");
    assert_string_equal(it.content, "Body two");
    cc_store_content_hash(want, "New title", "New summary", "Body two");
    assert_string_equal(it.content_hash, want);
    assert_string_not_equal(it.content_hash, old_hash);
    cc_store_item_release(&it);

    /* Seen again unchanged: only last_seen moves. */
    assert_counts(save(st, FEED_A, b, 1, T0 + 2 * DAY), 0, 0, 1, 0);
    assert_int_equal(cc_store_item_find(&it, st, rowid, NULL), 0);
    assert_int_equal(it.first_seen, T0);
    assert_int_equal(it.last_seen, T0 + 2 * DAY);
    assert_string_equal(it.content_hash, want);
    cc_store_item_release(&it);
    assert_int_equal(count_items(st), 1);

    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_item_find(&it, st, 9999, &err), CC_ENOTFOUND);
}

static void content_hash_is_reproducible_from_text(void **state)
{
    (void)state;
    char a[65];
    char b[65];
    char c[65];
    cc_store_content_hash(a, "Title", "Sum  mary", NULL);
    cc_store_content_hash(b, " Title\n", "Sum mary", "");
    cc_store_content_hash(c, "Title", "Summary", NULL);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    char want[65];
    cc_hash_sha256_hex(want, "Title\nSum mary\n", 15);
    assert_string_equal(a, want);
}

/* ---- FTS in step ------------------------------------------------------------------- */

static void fts_follows_insert_update_and_prune(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item("1", "Floods in Karachi", NULL, "Heavy monsoon rains", T0 - 40 * DAY),
        item("2", "Cricket final", NULL, "Pakistan beat India", T0),
    };
    save(st, FEED_A, a, 2, T0 - 40 * DAY);
    assert_int_equal(search_n(st, "karachi"), 1);
    assert_int_equal(search_n(st, "monsoon"), 1);
    assert_int_equal(search_n(st, "flood"), 1);  /* porter: floods -> flood */
    assert_int_equal(search_n(st, "FLOODS"), 1); /* case-folded */

    struct cc_item b[] = {
        item("1", "Floods in Lahore", NULL, "Heavy monsoon rains", T0 - 40 * DAY)};
    save(st, FEED_A, b, 1, T0 - 39 * DAY);
    assert_int_equal(search_n(st, "karachi"), 0);
    assert_int_equal(search_n(st, "lahore"), 1);
    assert_integrity_ok(st);

    /* Diacritics are folded. */
    struct cc_item c[] = {item("3", "Café owners protest", NULL, "Zürich", T0)};
    save(st, FEED_A, c, 1, T0);
    assert_int_equal(search_n(st, "cafe"), 1);
    assert_int_equal(search_n(st, "zurich"), 1);

    int64_t removed = -1;
    assert_int_equal(cc_store_prune(st, T0 - 30 * DAY, &removed, NULL), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(search_n(st, "lahore"), 0);
    assert_int_equal(search_n(st, "monsoon"), 0);
    assert_int_equal(search_n(st, "cricket"), 1);
    assert_int_equal(count_items(st), 2);
    assert_integrity_ok(st);
}

static void prune_keeps_items_a_feed_still_carries(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item("old-gone", "Old gone", NULL, "x", T0 - 100 * DAY),
        item("old-carried", "Old carried", NULL, "x", T0 - 100 * DAY),
        item("new", "New", NULL, "x", T0),
    };
    save(st, FEED_A, a, 3, T0 - 100 * DAY);
    save(st, FEED_A, &a[1], 2, T0);
    int64_t removed = 0;
    assert_int_equal(cc_store_prune(st, T0 - 30 * DAY, &removed, NULL), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(search_n(st, "gone"), 0);
    assert_int_equal(search_n(st, "carried"), 1);
    /* Nothing older left: a second prune removes nothing. */
    assert_int_equal(cc_store_prune(st, T0 - 30 * DAY, &removed, NULL), 0);
    assert_int_equal(removed, 0);
}

static void search_window_outlet_limit_and_order(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item("a1", "Election results announced", NULL, "The commission said", T0 - 5 * DAY),
        item("a2", "Weather today", NULL, "Election mentioned once in passing", T0),
        item("a3", "Election election election", NULL, "election", T0 + 5 * DAY),
    };
    save(st, FEED_A, a, 3, T0);
    struct cc_item b[] = {item("b1", "Election day", NULL, "Voters queue", T0)};
    save(st, FEED_B, b, 1, T0);

    struct cc_store_query q = {"election", T0 - DAY, T0 + DAY, 0, NULL, 0, 0, 0};
    struct hits h = {{0}, {{0}}, 0};
    assert_int_equal(cc_store_search(st, &q, collect, &h, NULL), 0);
    assert_int_equal(h.n, 2); /* a2 and b1 in the window */
    /* Title weight: "Election day" (title) ranks above the summary mention. */
    assert_string_equal(h.titles[0], "Election day");

    q.outlet = "alpha news"; /* case-insensitive registry name */
    memset(&h, 0, sizeof(h));
    assert_int_equal(cc_store_search(st, &q, collect, &h, NULL), 0);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.titles[0], "Weather today");

    struct cc_store_query all = {"election", CC_TIME_NONE, CC_TIME_NONE, 2, NULL, 0, 0, 0};
    struct cc_store_item_list list = CC_STORE_ITEM_LIST_INIT;
    assert_int_equal(cc_store_search_list(&list, st, &all, NULL), 0);
    assert_int_equal(list.n, 2);
    assert_true(list.items[0].score >= list.items[1].score);
    assert_true(list.items[0].score > 0);
    assert_string_equal(list.items[0].title, "Election election election");
    cc_store_item_list_release(&list);
    assert_null(list.items);

    struct cc_error err = CC_ERROR_INIT;
    struct cc_store_query bad = {"AND OR (", CC_TIME_NONE, CC_TIME_NONE, 0, NULL, 0, 0, 0};
    assert_int_equal(cc_store_search(st, &bad, collect, &h, &err), CC_EINVAL);
    assert_non_null(strstr(err.msg, "bad full-text query"));
    struct cc_store_query empty = {"", CC_TIME_NONE, CC_TIME_NONE, 0, NULL, 0, 0, 0};
    assert_int_equal(cc_store_search(st, &empty, collect, &h, NULL), CC_EINVAL);
}

static size_t search_window_n(struct cc_store *st, const char *match, int64_t from, int64_t to)
{
    struct cc_store_query q = {match, from, to, 0, NULL, 0, 0, 0};
    struct hits h = {{0}, {{0}}, 0};
    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_search(st, &q, collect, &h, &err) != 0) {
        fail_msg("search '%s': %s", match, err.msg);
    }
    return h.n;
}

static void window_search_follows_items_whose_time_moves(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    /* Saved in an order unrelated to their dates, one before 1970. */
    struct cc_item a[] = {
        item("late", "Tanker seized", NULL, "x", T0 + 30 * DAY),
        item("early", "Tanker seized", NULL, "x", T0 - 30 * DAY),
        item("undated", "Tanker seized", NULL, "x", CC_TIME_NONE),
        item("old", "Tanker seized", NULL, "x", -3 * DAY - 5),
    };
    save(st, FEED_A, a, 4, T0);
    assert_int_equal(search_window_n(st, "tanker", T0 - 31 * DAY, T0 - 29 * DAY), 1);
    assert_int_equal(search_window_n(st, "tanker", T0 - DAY, T0 + DAY),
                     1); /* undated: first seen */
    assert_int_equal(search_window_n(st, "tanker", T0 + 29 * DAY, CC_TIME_NONE), 1);
    assert_int_equal(search_window_n(st, "tanker", CC_TIME_NONE, T0), 3);
    assert_int_equal(search_window_n(st, "tanker", -4 * DAY, -3 * DAY), 1);
    assert_int_equal(search_window_n(st, "tanker", T0 + 100 * DAY, T0 + 101 * DAY), 0);
    /* Newer items on the same days, then "early" moves 90 days on: the
     * window of its new date finds it, its old window no longer does. */
    struct cc_item b[] = {item("other", "Tanker freed", NULL, "y", T0 - 30 * DAY)};
    save(st, FEED_B, b, 1, T0 + DAY);
    struct cc_item c[] = {item("early", "Tanker seized", NULL, "x", T0 + 60 * DAY)};
    assert_counts(save(st, FEED_A, c, 1, T0 + 2 * DAY), 0, 0, 1, 0);
    assert_int_equal(search_window_n(st, "seized", T0 + 59 * DAY, T0 + 61 * DAY), 1);
    assert_int_equal(search_window_n(st, "seized", T0 - 31 * DAY, T0 - 29 * DAY), 0);
    assert_int_equal(search_window_n(st, "tanker", T0 - 31 * DAY, T0 - 29 * DAY), 1);
    assert_integrity_ok(st);
}

static int stop_after_one(const struct cc_store_item *it, void *payload)
{
    (void)it;
    (*(int *)payload)++;
    return 1;
}

static void search_callback_can_stop(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("1", "Storm", NULL, "", T0),
                          item("2", "Storm warning", NULL, "", T0)};
    save(st, FEED_A, a, 2, T0);
    struct cc_store_query q = {"storm", CC_TIME_NONE, CC_TIME_NONE, 0, NULL, 0, 0, 0};
    int calls = 0;
    assert_int_equal(cc_store_search(st, &q, stop_after_one, &calls, NULL), 0);
    assert_int_equal(calls, 1);
}

static void fts_query_quotes_user_words(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("1", "Reuter's said NEAR the AND gate", NULL, "", T0)};
    save(st, FEED_A, a, 1, T0);
    const char *words[] = {"NEAR", "", "AND", "said\"x"};
    struct cc_buf q = CC_BUF_INIT;
    assert_int_equal(cc_store_fts_query(&q, words, 4, true), 0);
    assert_string_equal(q.buf, "\"NEAR\" OR \"AND\" OR \"said\"\"x\"");
    assert_int_equal(search_n(st, q.buf), 1);
    cc_buf_reset(&q);
    const char *all[] = {"reuter", "gate"};
    assert_int_equal(cc_store_fts_query(&q, all, 2, false), 0);
    assert_string_equal(q.buf, "\"reuter\" AND \"gate\"");
    assert_int_equal(search_n(st, q.buf), 1);
    cc_buf_release(&q);
}

/* ---- feed state ---------------------------------------------------------------------- */

static void feed_state_validators_redirects_and_backoff(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_store_feed_state fs;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, &err), 0);
    assert_string_equal(fs.outlet, "Alpha News");
    assert_string_equal(fs.url, FEED_A);
    assert_null(fs.etag);
    assert_null(fs.last_status);
    assert_true(fs.next_fetch_at == CC_TIME_NONE);
    assert_true(fs.active);
    cc_store_feed_state_release(&fs);
    assert_int_equal(cc_store_feed_state_find(&fs, st, "https://nope/", &err), CC_ENOTFOUND);
    assert_string_equal(err.subject, "https://nope/");

    struct cc_item it[] = {item("1", "T", NULL, "S", T0)};
    struct cc_feed fd = feed_of(it, 1);
    struct cc_store_fetch ok = {
        FEED_A,   200, "\"v1\"", "Tue, 14 Nov 2023 00:00:00 GMT", "https://a.example/new-rss", T0,
        T0 + 900, &fd, NULL};
    assert_int_equal(cc_store_record_fetch(st, &ok, NULL, NULL), 0);
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
    assert_string_equal(fs.etag, "\"v1\"");
    assert_string_equal(fs.last_modified, "Tue, 14 Nov 2023 00:00:00 GMT");
    assert_string_equal(fs.redirect_url, "https://a.example/new-rss");
    assert_string_equal(fs.last_status, "ok");
    assert_int_equal(fs.last_http_status, 200);
    assert_int_equal(fs.next_fetch_at, T0 + 900);
    assert_int_equal(fs.last_ok_at, T0);
    cc_store_feed_state_release(&fs);

    /* 304 without validators keeps them; redirect NULL keeps it. */
    struct cc_store_fetch nm = {FEED_A, 304, NULL, NULL, NULL, T0 + 1000, CC_TIME_NONE, NULL, NULL};
    struct cc_store_save_counts c;
    assert_int_equal(cc_store_record_fetch(st, &nm, &c, NULL), 0);
    assert_counts(c, 0, 0, 0, 0);
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
    assert_string_equal(fs.last_status, "not-modified");
    assert_int_equal(fs.last_http_status, 304);
    assert_string_equal(fs.etag, "\"v1\"");
    assert_string_equal(fs.redirect_url, "https://a.example/new-rss");
    assert_true(fs.next_fetch_at == CC_TIME_NONE);
    cc_store_feed_state_release(&fs);

    /* Failures: exponential backoff, then Retry-After wins. */
    int64_t next = 0;
    struct cc_store_failure fl = {FEED_A, 0, "timed out after 30 s", T0 + 2000, CC_TIME_NONE, NULL};
    assert_int_equal(cc_store_record_failure(st, &fl, &next, NULL), 0);
    assert_int_equal(next, T0 + 2000 + CC_STORE_BACKOFF_BASE);
    assert_int_equal(cc_store_record_failure(st, &fl, &next, NULL), 0);
    assert_int_equal(next, T0 + 2000 + 2 * CC_STORE_BACKOFF_BASE);
    struct cc_store_failure fl429 = {FEED_A, 429, "HTTP 429", T0 + 3000, T0 + 3120, NULL};
    assert_int_equal(cc_store_record_failure(st, &fl429, &next, NULL), 0);
    assert_int_equal(next, T0 + 3120);
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
    assert_string_equal(fs.last_status, "failed");
    assert_string_equal(fs.last_error, "HTTP 429");
    assert_int_equal(fs.last_http_status, 429);
    assert_int_equal(fs.consecutive_failures, 3);
    assert_int_equal(fs.next_fetch_at, T0 + 3120);
    assert_int_equal(fs.last_fetched_at, T0 + 3000);
    assert_int_equal(fs.last_ok_at, T0 + 1000);
    assert_string_equal(fs.etag, "\"v1\"");
    cc_store_feed_state_release(&fs);

    /* 200 without validators clears them; success resets failures. */
    struct cc_store_fetch ok2 = {FEED_A, 200, NULL, NULL, NULL, T0 + 4000, CC_TIME_NONE, &fd, NULL};
    assert_int_equal(cc_store_record_fetch(st, &ok2, NULL, NULL), 0);
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
    assert_null(fs.etag);
    assert_null(fs.last_modified);
    assert_null(fs.last_error);
    assert_int_equal(fs.consecutive_failures, 0);
    cc_store_feed_state_release(&fs);

    struct cc_store_failure unknown = {"https://nope/", 0, "x", T0, CC_TIME_NONE, NULL};
    assert_int_equal(cc_store_record_failure(st, &unknown, NULL, &err), CC_ENOTFOUND);

    assert_int_equal(cc_store_backoff_seconds(1), CC_STORE_BACKOFF_BASE);
    assert_int_equal(cc_store_backoff_seconds(3), 4 * CC_STORE_BACKOFF_BASE);
    assert_int_equal(cc_store_backoff_seconds(60), CC_STORE_BACKOFF_MAX);
}

static void resync_deactivates_removed_outlets_and_moves_feeds(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_store_stats s;
    assert_int_equal(cc_store_stats_get(&s, st, NULL), 0);
    assert_int_equal(s.outlets, 2);
    assert_int_equal(s.feeds, 3);
    struct cc_item it[] = {item("1", "Kept item", NULL, "S", T0)};
    save(st, FEED_B, it, 1, T0);

    struct cc_registry *reg2 = parse_registry(
        "{\"outlets\": [{\"name\": \"Alpha News\", \"feeds\": [\"" FEED_A "\", \"" FEED_B "\"]}]}");
    assert_int_equal(cc_store_sync_registry(st, reg2, T0 + 1, NULL), 0);
    cc_registry_free(reg2);
    assert_int_equal(cc_store_stats_get(&s, st, NULL), 0);
    assert_int_equal(s.outlets, 1);
    assert_int_equal(s.feeds, 2);
    assert_int_equal(s.items, 1); /* items of a removed outlet stay */
    struct cc_store_feed_state fs;
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_B, NULL), 0);
    assert_string_equal(fs.outlet, "Alpha News");
    cc_store_feed_state_release(&fs);
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A2, NULL), 0);
    assert_false(fs.active);
    cc_store_feed_state_release(&fs);
}

/* Several feeds in one transaction: each feed's counts, and the items are
 * stored and searchable as if saved one by one. */
static void group_of_fetches_saves_every_feed(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("a1", "Monsoon floods Karachi", NULL, "Rain", T0),
                          item("a2", "Budget vote delayed", NULL, "Parliament", T0)};
    struct cc_item a2[] = {item("w1", "Summit in Geneva", NULL, "Talks", T0 - DAY)};
    struct cc_item b[] = {item("b1", "Monsoon reaches Lahore", NULL, "Rain", T0),
                          item("a1", "Same guid, other outlet", NULL, "Kept apart", T0),
                          item(NULL, NULL, NULL, NULL, T0)};
    struct cc_feed fa = feed_of(a, 2);
    struct cc_feed fa2 = feed_of(a2, 1);
    struct cc_feed fb = feed_of(b, 3);
    struct cc_store_fetch fe[] = {
        {FEED_A, 200, "\"e1\"", NULL, NULL, T0, CC_TIME_NONE, &fa, NULL},
        {FEED_A2, 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fa2, NULL},
        {FEED_B, 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fb, NULL},
    };
    struct cc_store_fetch_result res[3];
    assert_int_equal(cc_store_record_fetches(st, fe, 3, res), 0);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(res[i].rc, 0);
        assert_false(cc_error_is_set(&res[i].err));
    }
    assert_counts(res[0].counts, 2, 0, 0, 0);
    assert_counts(res[1].counts, 1, 0, 0, 0);
    assert_counts(res[2].counts, 2, 0, 0, 1);
    assert_int_equal(count_items(st), 5);
    assert_int_equal(search_n(st, "monsoon"), 2);
    struct cc_store_feed_state fs;
    assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
    assert_string_equal(fs.last_status, "ok");
    assert_string_equal(fs.etag, "\"e1\"");
    cc_store_feed_state_release(&fs);

    /* The same group again: everything is known and unchanged. */
    assert_int_equal(cc_store_record_fetches(st, fe, 3, res), 0);
    assert_counts(res[0].counts, 0, 0, 2, 0);
    assert_counts(res[2].counts, 0, 0, 2, 1);
    assert_int_equal(count_items(st), 5);
    assert_integrity_ok(st);
}

/* One bad fetch in a group fails alone: the others are saved (each then
 * in its own transaction), the bad one writes nothing and says why. */
static void group_with_a_failing_fetch_saves_the_others(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {item("a1", "Monsoon floods Karachi", NULL, "Rain", T0)};
    struct cc_item x[] = {item("x1", "Nobody stores this", NULL, "Lost", T0)};
    struct cc_item b[] = {item("b1", "Monsoon reaches Lahore", NULL, "Rain", T0)};
    struct cc_feed fa = feed_of(a, 1);
    struct cc_feed fx = feed_of(x, 1);
    struct cc_feed fb = feed_of(b, 1);
    struct cc_store_fetch fe[] = {
        {FEED_A, 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fa, NULL},
        {"https://unknown.example/", 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fx, NULL},
        {FEED_B, 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fb, NULL},
    };
    struct cc_store_fetch_result res[3];
    assert_int_equal(cc_store_record_fetches(st, fe, 3, res), CC_ENOTFOUND);
    assert_int_equal(res[0].rc, 0);
    assert_counts(res[0].counts, 1, 0, 0, 0);
    assert_int_equal(res[1].rc, CC_ENOTFOUND);
    assert_string_equal(res[1].err.subject, "https://unknown.example/");
    assert_int_equal(res[2].rc, 0);
    assert_counts(res[2].counts, 1, 0, 0, 0);
    assert_int_equal(count_items(st), 2);
    assert_int_equal(search_n(st, "nobody"), 0);
    assert_int_equal(search_n(st, "monsoon"), 2);
    assert_integrity_ok(st);
}

static void failed_save_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item it[] = {item("1", "A", NULL, "S", T0), item("2", "B", NULL, "S", T0),
                           item(NULL, "C", "https://a.example/c?utm_source=x", "S", T0)};
    struct cc_feed fd = feed_of(it, 3);
    struct cc_store_fetch fe = {
        "https://unknown.example/", 200, NULL, NULL, NULL, T0, CC_TIME_NONE, &fd, NULL};
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_record_fetch(st, &fe, NULL, &err), CC_ENOTFOUND);
    assert_string_equal(err.subject, "https://unknown.example/");
    assert_int_equal(count_items(st), 0);

    /* Out of memory part-way through a feed: all or nothing. */
    fe.url = FEED_A;
    for (size_t n = 1;; n++) {
        struct cc_store_save_counts c;
        cc_error_clear(&err);
        cc_alloc_fail_after(n);
        int rc = cc_store_record_fetch(st, &fe, &c, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            assert_counts(c, 3, 0, 0, 0);
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(count_items(st), 0);
        struct cc_store_feed_state fs;
        assert_int_equal(cc_store_feed_state_find(&fs, st, FEED_A, NULL), 0);
        assert_null(fs.last_status);
        cc_store_feed_state_release(&fs);
    }
    assert_int_equal(count_items(st), 3);
}

/* ---- runs, stats, coverage, articles --------------------------------------------------- */

static void run_rows_record_counts(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    int64_t id = 0;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_run_begin(&id, st, "fetch", T0, &err), 0);
    assert_true(id > 0);
    struct cc_store_run r;
    assert_int_equal(cc_store_run_find(&r, st, id, NULL, NULL), 0);
    assert_string_equal(r.kind, "fetch");
    assert_string_equal(r.status, "running");
    assert_true(r.ended_at == CC_TIME_NONE);
    cc_store_run_release(&r);

    struct cc_store_run_counts c = {5, 3, 1, 2, 40, 4, 100, 0, 0, 0};
    assert_int_equal(cc_store_run_finish(st, id, "partial", &c, "2 feeds failed", T0 + 30, &err),
                     0);
    int64_t id2 = 0;
    assert_int_equal(cc_store_run_begin(&id2, st, "batch", T0 + 60, &err), 0);

    assert_int_equal(cc_store_run_find(&r, st, 0, "fetch", NULL), 0);
    assert_int_equal(r.id, id);
    assert_string_equal(r.status, "partial");
    assert_string_equal(r.note, "2 feeds failed");
    assert_int_equal(r.ended_at, T0 + 30);
    assert_int_equal(r.counts.feeds_ok, 5);
    assert_int_equal(r.counts.feeds_not_modified, 3);
    assert_int_equal(r.counts.feeds_skipped, 1);
    assert_int_equal(r.counts.feeds_failed, 2);
    assert_int_equal(r.counts.items_new, 40);
    assert_int_equal(r.counts.items_updated, 4);
    assert_int_equal(r.counts.items_unchanged, 100);
    cc_store_run_release(&r);
    assert_int_equal(cc_store_run_find(&r, st, 0, NULL, NULL), 0);
    assert_int_equal(r.id, id2);
    assert_string_equal(r.kind, "batch");
    cc_store_run_release(&r);

    assert_int_equal(cc_store_run_begin(&id, st, "dance", T0, &err), CC_EINVAL);
    assert_int_equal(cc_store_run_finish(st, 424242, "ok", NULL, NULL, T0, &err), CC_ENOTFOUND);
    assert_int_equal(cc_store_run_find(&r, st, 0, "verify", &err), CC_ENOTFOUND);

    struct cc_store_stats s;
    assert_int_equal(cc_store_stats_get(&s, st, NULL), 0);
    assert_int_equal(s.runs, 2);
}

static void stats_count_and_span_items(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item("1", "A", NULL, "S", T0 - 10 * DAY),
        item("2", "B", NULL, "S", CC_TIME_NONE), /* no date: first seen counts */
        item("3", "C", NULL, "S", T0 + DAY),
    };
    save(st, FEED_A, a, 3, T0);
    struct cc_store_stats s;
    assert_int_equal(cc_store_stats_get(&s, st, NULL), 0);
    assert_int_equal(s.items, 3);
    assert_int_equal(s.outlets, 2);
    assert_int_equal(s.feeds, 3);
    assert_int_equal(s.oldest_item, T0 - 10 * DAY);
    assert_int_equal(s.newest_item, T0 + DAY);
    assert_true(s.db_bytes > 4096);
}

static void coverage_per_outlet(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_item a[] = {
        item("1", "A", NULL, "S", T0 - 10 * DAY),
        item("2", "B", NULL, "S", T0 - DAY),
        item("3", "C", NULL, "S", T0),
    };
    save(st, FEED_A, a, 3, T0);
    struct cc_store_coverage c;
    assert_int_equal(cc_store_outlet_coverage(&c, st, "Alpha News", T0 - 2 * DAY, T0, NULL), 0);
    assert_int_equal(c.items_total, 3);
    assert_int_equal(c.items_in_window, 2);
    assert_int_equal(c.oldest_item, T0 - 10 * DAY);
    assert_int_equal(c.newest_item, T0);
    assert_int_equal(c.first_stored, T0);
    assert_int_equal(c.feeds, 2);
    assert_int_equal(c.feeds_ok, 1);
    assert_int_equal(c.last_ok_at, T0);

    assert_int_equal(
        cc_store_outlet_coverage(&c, st, "Beta Wire", CC_TIME_NONE, CC_TIME_NONE, NULL), 0);
    assert_int_equal(c.items_total, 0);
    assert_true(c.oldest_item == CC_TIME_NONE);
    assert_true(c.last_ok_at == CC_TIME_NONE);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_outlet_coverage(&c, st, "Nobody", CC_TIME_NONE, CC_TIME_NONE, &err),
                     CC_ENOTFOUND);
    assert_string_equal(err.subject, "Nobody");
}

static void article_state_round_trip(void **state)
{
    struct fx *f = *state;
    struct cc_store *st = open_synced(f);
    struct cc_store_article a;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_article_find(&a, st, "in/a.md", &err), CC_ENOTFOUND);
    char h1[65];
    char h2[65];
    cc_hash_sha256_hex(h1, "v1", 2);
    cc_hash_sha256_hex(h2, "v2", 2);
    assert_int_equal(cc_store_article_set(st, "in/a.md", h1, T0, "ok", NULL), 0);
    assert_int_equal(cc_store_article_find(&a, st, "in/a.md", NULL), 0);
    assert_string_equal(a.key, "in/a.md");
    assert_string_equal(a.content_hash, h1);
    assert_int_equal(a.first_seen, T0);
    assert_int_equal(a.last_verified, T0);
    assert_string_equal(a.last_status, "ok");
    cc_store_article_release(&a);
    assert_int_equal(cc_store_article_set(st, "in/a.md", h2, T0 + DAY, NULL, NULL), 0);
    assert_int_equal(cc_store_article_find(&a, st, "in/a.md", NULL), 0);
    assert_string_equal(a.content_hash, h2);
    assert_int_equal(a.first_seen, T0);
    assert_int_equal(a.last_verified, T0 + DAY);
    assert_null(a.last_status);
    cc_store_article_release(&a);
    assert_int_equal(cc_store_article_set(st, "", h1, T0, NULL, &err), CC_EINVAL);
}

/* ---- migrations ------------------------------------------------------------------------- */

/* Schema version 1 exactly as credcheck 0.1 wrote it, typed out again here
 * so that a change to the migration code cannot silently change the test. */
static const char v1_schema[] =
    "CREATE TABLE outlets (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE UNIQUE,"
    " wire INTEGER NOT NULL DEFAULT 0, credibility REAL, active INTEGER NOT NULL DEFAULT 1,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE feeds (id INTEGER PRIMARY KEY,"
    " outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,"
    " url TEXT NOT NULL UNIQUE, redirect_url TEXT, active INTEGER NOT NULL DEFAULT 1,"
    " title TEXT, format TEXT, etag TEXT, last_modified TEXT, last_status TEXT,"
    " last_http_status INTEGER, last_error TEXT, last_warning TEXT,"
    " consecutive_failures INTEGER NOT NULL DEFAULT 0, next_fetch_at INTEGER,"
    " last_fetched_at INTEGER, last_ok_at INTEGER, created_at INTEGER NOT NULL);"
    "CREATE INDEX feeds_outlet ON feeds(outlet_id);"
    "CREATE TABLE items (id INTEGER PRIMARY KEY,"
    " outlet_id INTEGER NOT NULL REFERENCES outlets(id) ON DELETE CASCADE,"
    " feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    " ikey_hash INTEGER NOT NULL, item_time INTEGER NOT NULL, published INTEGER,"
    " updated INTEGER, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    " changed_at INTEGER NOT NULL, content_hash TEXT NOT NULL, ikey TEXT NOT NULL, guid TEXT,"
    " canonical_link TEXT, link TEXT, author TEXT, title TEXT, summary TEXT, content TEXT);"
    "CREATE INDEX items_ikey ON items(outlet_id, ikey_hash);"
    "CREATE INDEX items_outlet_time ON items(outlet_id, item_time);"

    "CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content, content='items',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TABLE runs (id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('fetch', 'verify', 'batch')), status TEXT NOT NULL,"
    " started_at INTEGER NOT NULL, ended_at INTEGER, feeds_ok INTEGER NOT NULL DEFAULT 0,"
    " feeds_not_modified INTEGER NOT NULL DEFAULT 0, feeds_skipped INTEGER NOT NULL DEFAULT 0,"
    " feeds_failed INTEGER NOT NULL DEFAULT 0, items_new INTEGER NOT NULL DEFAULT 0,"
    " items_updated INTEGER NOT NULL DEFAULT 0, items_unchanged INTEGER NOT NULL DEFAULT 0,"
    " articles INTEGER NOT NULL DEFAULT 0, articles_failed INTEGER NOT NULL DEFAULT 0,"
    " claims INTEGER NOT NULL DEFAULT 0, note TEXT);"
    "PRAGMA application_id = 1128483667;"
    "INSERT INTO outlets VALUES (1, 'Alpha News', 0, 0.5, 1, 1600000000, 1600000000);"
    "INSERT INTO feeds (id, outlet_id, url, etag, created_at)"
    " VALUES (1, 1, '" FEED_A "', '\"old-etag\"', 1600000000);"
    "INSERT INTO items (outlet_id, feed_id, ikey, ikey_hash, guid, title, summary, item_time,"
    " first_seen, last_seen, changed_at, content_hash)"
    " VALUES (1, 1, 'g:legacy', 0, 'legacy', 'Legacy monsoon story', 'Kept across upgrades',"
    " 1600000000, 1600000000, 1600000000, 1600000000, 'x');"
    "INSERT INTO items_fts (rowid, title, summary, content)"
    " SELECT id, title, summary, content FROM items;"

    "INSERT INTO runs (kind, status, started_at) VALUES ('fetch', 'ok', 1600000000);"
    "PRAGMA user_version = 1;";

/* The FTS5 'automerge' setting stored in the index's config table (-1 when
 * it was never set, FTS5's default of 4 then applies). */
static int fts_automerge(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT v FROM items_fts_config WHERE k = 'automerge'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

static void migrates_a_version_1_store(void **state)
{
    struct fx *f = *state;
    char dir[400];
    snprintf(dir, sizeof(dir), "%s/data", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(dir, sizeof(dir), "%s/data/credcheck", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, v1_schema, NULL, NULL, &msg) != SQLITE_OK) {
        fail_msg("v1 schema: %s", msg);
    }
    sqlite3_close(db);

    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_open(&f->st, f->path, &err) != 0) {
        fail_msg("open v1: %s", err.msg);
    }
    assert_int_equal(cc_store_schema_version(f->st), 4);
    /* Old data is intact and searchable, also within a time window (the
     * version-3 day index was filled from the items); new tables work. */
    assert_int_equal(count_items(f->st), 1);
    assert_int_equal(search_n(f->st, "monsoon"), 1);
    assert_int_equal(search_window_n(f->st, "monsoon", 1600000000 - DAY, 1600000000), 1);
    assert_int_equal(search_window_n(f->st, "monsoon", 1600000000 + 1, CC_TIME_NONE), 0);
    struct cc_store_feed_state fs;
    assert_int_equal(cc_store_feed_state_find(&fs, f->st, FEED_A, NULL), 0);
    assert_string_equal(fs.etag, "\"old-etag\"");
    cc_store_feed_state_release(&fs);
    assert_int_equal(cc_store_article_set(f->st, "a.md", "h", T0, NULL, &err), 0);
    struct cc_store_run r;
    assert_int_equal(cc_store_run_find(&r, f->st, 0, NULL, NULL), 0);
    assert_int_equal(r.started_at, 1600000000);
    cc_store_run_release(&r);
    assert_integrity_ok(f->st);
    cc_store_close(f->st);
    f->st = NULL;

    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 4);
    sqlite3_finalize(s);
    /* Version 4: FTS5 merges 16 segments at a time. */
    assert_int_equal(fts_automerge(db), 16);
    sqlite3_close(db);
}

static void new_store_merges_fts_segments_16_at_a_time(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = synced_raw(f);
    assert_int_equal(fts_automerge(db), 16);
    sqlite3_close(db);
}

static void integrity_check_notices_an_index_out_of_step(void **state)
{
    struct fx *f = *state;
    /* Another program added an item behind the index's back. */
    sqlite3 *db = synced_raw(f);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO items (outlet_id, feed_id, ikey, ikey_hash, title,"
                                  " item_time, first_seen, last_seen, changed_at, content_hash)"
                                  " VALUES (1, 1, 'g:x', 0, 'Unindexed', 1, 1, 1, 1, 'h')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open(&f->st, f->path, &err), 0);
    struct cc_buf report = CC_BUF_INIT;
    assert_int_equal(cc_store_integrity_check(f->st, &report, &err), CC_ESTORE);
    assert_string_equal(err.subject, f->path);
    assert_non_null(strstr(err.msg, "full-text index out of step: 0 indexed rows for 1 items"));
    assert_non_null(strstr(report.buf, "fts: 0 indexed rows for 1 items"));
    cc_buf_release(&report);
}

static void integrity_check_notices_an_unmarked_day(void **state)
{
    struct fx *f = *state;
    sqlite3 *db = synced_raw(f);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO items (outlet_id, feed_id, ikey, ikey_hash, title,"
                                  " item_time, first_seen, last_seen, changed_at, content_hash)"
                                  " VALUES (1, 1, 'g:x', 0, 'No day', 1, 1, 1, 1, 'h');"
                                  "INSERT INTO items_fts (rowid, title) VALUES (1, 'No day');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_store_open(&f->st, f->path, &err), 0);
    assert_int_equal(cc_store_integrity_check(f->st, NULL, &err), CC_ESTORE);
    assert_non_null(strstr(err.msg, "1 items outside their day's rowid range"));
}

/* ---- crash safety ----------------------------------------------------------------------- */

#define KILL_ITEMS_PER_FEED 50
#define KILL_AFTER_COMMITS 20

/* The child saves feed after feed (each a transaction of 50 new items) and
 * reports each commit on the pipe until it is killed. */
static void writer_child(const char *path, int wfd)
{
    struct cc_store *st = NULL;
    struct cc_registry *reg = parse_registry(registry_json);
    if (cc_store_open(&st, path, NULL) != 0 || cc_store_sync_registry(st, reg, T0, NULL) != 0) {
        _exit(3);
    }
    int64_t run = 0;
    if (cc_store_run_begin(&run, st, "fetch", T0, NULL) != 0) {
        _exit(3);
    }
    static char ids[KILL_ITEMS_PER_FEED][32];
    static char titles[KILL_ITEMS_PER_FEED][96];
    struct cc_item items[KILL_ITEMS_PER_FEED];
    static const char *feeds[] = {FEED_A, FEED_A2, FEED_B};
    for (unsigned round = 0;; round++) {
        for (size_t i = 0; i < KILL_ITEMS_PER_FEED; i++) {
            snprintf(ids[i], sizeof(ids[i]), "r%u-i%zu", round, i);
            snprintf(titles[i], sizeof(titles[i]), "Round %u story %zu about the harbour strike",
                     round, i);
            items[i] = item(ids[i], titles[i], NULL,
                            "Dock workers walked out on Monday over pay and conditions, "
                            "halting cargo at the port for the third day running.",
                            T0 + round);
        }
        struct cc_feed fd = feed_of(items, KILL_ITEMS_PER_FEED);
        struct cc_store_fetch fe = {feeds[round % 3], 200,          NULL, NULL, NULL,
                                    T0 + round,       CC_TIME_NONE, &fd,  NULL};
        if (cc_store_record_fetch(st, &fe, NULL, NULL) != 0) {
            _exit(4);
        }
        char b = 'c';
        if (write(wfd, &b, 1) != 1) {
            _exit(5);
        }
    }
}

static void sigkill_mid_run_leaves_store_consistent(void **state)
{
    struct fx *f = *state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        writer_child(f->path, fds[1]);
        _exit(0);
    }
    close(fds[1]);
    char b;
    for (int i = 0; i < KILL_AFTER_COMMITS; i++) {
        assert_int_equal(read(fds[0], &b, 1), 1);
    }
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    close(fds[0]);

    struct cc_error err = CC_ERROR_INIT;
    if (cc_store_open(&f->st, f->path, &err) != 0) {
        fail_msg("reopen after SIGKILL: %s", err.msg);
    }
    assert_integrity_ok(f->st);
    int64_t n = count_items(f->st);
    /* Whole feeds only: every committed transaction, none in part. */
    assert_true(n >= KILL_AFTER_COMMITS * KILL_ITEMS_PER_FEED);
    assert_int_equal(n % KILL_ITEMS_PER_FEED, 0);
    assert_int_equal((int64_t)search_n(f->st, "harbour"), CC_MIN(n, 100));
    /* The killed run stays "running" with no end time. */
    struct cc_store_run r;
    assert_int_equal(cc_store_run_find(&r, f->st, 0, "fetch", NULL), 0);
    assert_string_equal(r.status, "running");
    assert_true(r.ended_at == CC_TIME_NONE);
    cc_store_run_release(&r);
    /* The next run completes. */
    assert_int_equal(cc_store_sync_registry(f->st, f->reg, T0 + DAY, NULL), 0);
    struct cc_item more[] = {item("after-kill", "After the kill", NULL, "S", T0 + DAY)};
    assert_counts(save(f->st, FEED_A, more, 1, T0 + DAY), 1, 0, 0, 0);
    assert_int_equal(count_items(f->st), n + 1);
    assert_integrity_ok(f->st);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(open_creates_folders_schema_and_empty_stats),
        T(store_runs_in_wal_mode_with_foreign_keys),
        T(default_path_follows_xdg_then_home),
        T(unwritable_path_is_a_clear_store_error),
        T(corrupt_file_is_a_clear_store_error),
        T(foreign_sqlite_database_is_refused),
        T(newer_schema_is_refused),
        T(busy_store_gives_elocked),
        T(read_only_open_reads_and_refuses_writes),
        T(dedupe_by_guid_even_when_link_changes),
        T(permalink_guid_ignores_tracking_parameters),
        T(no_guid_dedupes_by_canonical_link),
        T(neither_guid_nor_link_dedupes_by_title_and_summary),
        T(identity_is_per_outlet_shared_by_its_feeds),
        T(update_in_place_keeps_first_seen_and_rehashes),
        T(content_hash_is_reproducible_from_text),
        T(fts_follows_insert_update_and_prune),
        T(prune_keeps_items_a_feed_still_carries),
        T(search_window_outlet_limit_and_order),
        T(search_callback_can_stop),
        T(fts_query_quotes_user_words),
        T(feed_state_validators_redirects_and_backoff),
        T(resync_deactivates_removed_outlets_and_moves_feeds),
        T(failed_save_writes_nothing),
        T(run_rows_record_counts),
        T(stats_count_and_span_items),
        T(coverage_per_outlet),
        T(article_state_round_trip),
        T(migrates_a_version_1_store),
        T(new_store_merges_fts_segments_16_at_a_time),
        T(group_of_fetches_saves_every_feed),
        T(group_with_a_failing_fetch_saves_the_others),
        T(integrity_check_notices_an_index_out_of_step),
        T(integrity_check_notices_an_unmarked_day),
        T(window_search_follows_items_whose_time_moves),
        T(sigkill_mid_run_leaves_store_consistent),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
