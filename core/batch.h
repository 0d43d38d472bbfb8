/*
 * batch.h: the nightly job behind `credcheck batch` (layer 2).
 *
 * Owns: the run lock (flock on "STORE.lock" beside the store, holding the
 * holder's PID); one run: refresh every feed (core/fetch) unless told not
 * to, then verify every article file of the input folder that is new or
 * changed since its last verification (SHA-256 of its bytes, kept in the
 * store's articles table) and skip the rest; the outputs in the output
 * folder, each written atomically (core/atomic): OUT/YYYY-MM-DD.csv (the
 * day's claims), OUT/NAME.json per article, OUT/feeds-YYYY-MM-DD.csv (the
 * fetch's feed-health rows); the summary.
 *
 * The input folder (README.md "batch"): files ending .txt, .md, .markdown,
 * .html or .htm are articles; a .url file holds one http(s) URL, verified as
 * that page. Names starting with '.' are ignored; subfolders are not
 * descended; symbolic links are not followed: one to a file of the folder
 * is that file again (checked once, under its own name), one leading out
 * of the folder (or nowhere) is skipped with a warning; FIFOs, sockets and
 * devices are skipped with a warning. Names with any bytes are
 * handled: report files get the name with bytes outside letters, digits,
 * ". _ - space" and valid UTF-8 written as %XX ('%' itself too).
 *
 * Crash safety: articles are committed in groups: their JSON files are
 * written first, then the day's CSV is rewritten with their rows (a new file
 * renamed over the old, holding the old rows minus any earlier rows of the
 * same articles, plus the new; its folder fsync also makes the JSON renames
 * durable), and only then are the articles marked verified in the store. A run killed at any point
 * leaves complete files under every final name; the next run re-verifies whatever was not marked
 * and replaces those articles' rows, so the day's CSV ends up as an
 * uninterrupted run would have left it. A day's CSV holds each article's
 * latest verification of that day (UTC).
 *
 * Threads: the articles to verify are verified by worker threads
 * (cc_batch_options.workers), each with its own read-only store connection
 * and verifier, in runs of CC_BATCH_CHUNK consecutive articles; the calling
 * thread reads the files, finishes them in folder order and commits, so
 * the outputs, events and commits are the same for any number of workers.
 * The event callback runs on the calling thread.
 *
 * Does not: print (cmd/ prints the summary; failures of single articles
 * are logged as warnings and counted), parse options.
 * Calls: core/fetch, core/verify, core/store, core/report_csv,
 * core/report_json, core/atomic, core/hash, core/article (size cap), core
 * primitives.
 */
#ifndef CC_CORE_BATCH_H
#define CC_CORE_BATCH_H

#include "core/common.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/fetch.h"
#include "core/outlets.h"
#include "core/store.h"
#include "core/verify.h"

/* Articles verified between two durable commits (JSON, CSV, store marks):
 * small enough that a killed run redoes little, large enough that
 * rewriting the day's CSV stays cheap (bench/batch.sh). */
#define CC_BATCH_COMMIT_EVERY 25
/* A batch run's store connections read the file through a memory map of up
 * to this many bytes (cc_store_options.mmap_bytes): the verifiers read the
 * items of every window they check, and a map spares a copy per page read
 * (7% of a run's time on bench/batch.sh) and one page cache per
 * connection; the pages read count in the run's resident memory. */
#define CC_BATCH_STORE_MMAP ((int64_t)1 << 30)
/* Articles to verify are handed to the worker threads in runs of this many
 * consecutive ones (date order: they share their days' items). */
#define CC_BATCH_CHUNK 100
/* At most this many articles are verified at once (threads), and by
 * default no more than the CPUs online or CC_BATCH_DEFAULT_WORKERS_MAX
 * (each worker caches up to 256 MB of analysed items). */
#define CC_BATCH_DEFAULT_WORKERS_MAX 8
#define CC_BATCH_MAX_WORKERS 16

/* ---- the lock ------------------------------------------------------------ */

struct cc_batch_lock;

/* Takes the batch lock of the store at store_path: flock(LOCK_EX|LOCK_NB)
 * on store_path + ".lock" (created, with its folder, when missing), then
 * writes this process's PID into it. On success *out is the held lock;
 * release it with cc_batch_lock_release (or let the process end: the
 * kernel drops it). Errors name the lock file: CC_ELOCKED ("another batch
 * run holds the lock (pid 1234)"), CC_EIO, CC_ENOMEM. */
CC_NODISCARD int cc_batch_lock_take(struct cc_batch_lock **out, const char *store_path,
                                    struct cc_error *err);
/* Unlocks and closes. Accepts NULL. */
void cc_batch_lock_release(struct cc_batch_lock *lock);

/* ---- a run ------------------------------------------------------------------- */

/* Checkpoints of a run, in order, for progress and for tests that kill the
 * process at a given point. */
enum cc_batch_event {
    CC_BATCH_EV_FETCHED = 0, /* feeds fetched, feeds CSV written (article: NULL) */
    CC_BATCH_EV_VERIFIED,    /* an article verified and its JSON file written */
    CC_BATCH_EV_FAILED,      /* an article could not be read or verified */
    CC_BATCH_EV_SKIPPED,     /* an article unchanged since its last verification */
    CC_BATCH_EV_CSV,         /* the day's CSV renamed with a group's rows (article: NULL) */
    CC_BATCH_EV_MARKED,      /* an article marked verified in the store */
};

/* "fetched", "verified", "failed", "skipped", "csv", "marked". */
const char *cc_batch_event_name(enum cc_batch_event ev);

/* Called at each checkpoint; article is the article's display name
 * (borrowed for the call) or NULL; done/total count the articles. */
typedef void (*cc_batch_event_fn)(enum cc_batch_event ev, const char *article, size_t done,
                                  size_t total, void *payload);

struct cc_batch_options {
    const char *in_dir;                   /* borrowed: the folder of articles */
    const char *out_dir;                  /* borrowed: the report folder (created when missing) */
    bool fetch;                           /* refresh the feeds first */
    struct cc_fetch_options fetch_opts;   /* when fetch (clock is set from .clock) */
    struct cc_verify_options verify_opts; /* .now is set from .clock */
    size_t max_article_bytes;             /* 0: CC_ARTICLE_MAX_BYTES */
    size_t commit_every;                  /* 0: CC_BATCH_COMMIT_EVERY */
    size_t workers;                       /* articles verified at once, 0: the CPUs online (at most
                                           * CC_BATCH_MAX_WORKERS); the reports do not depend on it */
    size_t chunk;                         /* 0: CC_BATCH_CHUNK */
    const struct cc_clock *clock;         /* NULL: the system clock */
    const char *config;                   /* borrowed: the registry's name for the JSON reports */
    cc_batch_event_fn event;              /* may be NULL */
    void *event_payload;
};

/* Defaults: fetch, default fetch and verify options, system clock. */
void cc_batch_options_init(struct cc_batch_options *opts);

/* One article that failed. */
struct cc_batch_failure {
    char *name;   /* owned: display name */
    char *reason; /* owned: one line */
};

struct cc_batch_summary {
    size_t articles; /* article files found */
    size_t checked;  /* verified in this run */
    size_t skipped;  /* unchanged since their last verification */
    size_t failed;   /* could not be read or verified */
    size_t ignored;  /* entries that are not articles (other names, folders, links out) */
    size_t claims;   /* rows written (sentences of the checked articles) */
    size_t verdicts[CC_VERDICT_NOT_CHECKABLE + 1]; /* rows by verdict */
    bool fetched;                                  /* feeds were refreshed */
    size_t feeds_ok;                               /* ok or not-modified */
    size_t feeds_failed;
    size_t feeds_skipped;              /* backing off */
    struct cc_batch_failure *failures; /* owned, failed of them */
    char *csv_path;                    /* owned: the day's CSV (NULL when no article was checked) */
    char *feeds_path;                  /* owned: the feeds CSV (NULL without fetch) */
    int64_t started_at;
    int64_t elapsed_ms;
};

/* Runs the job with st (open) and reg (both borrowed); the caller holds the
 * lock. Fills *out (release with cc_batch_summary_release, also on
 * failure). Returns 0 when the run went through, even when some articles
 * or feeds failed (see out->failed, out->feeds_failed). Errors: CC_EINVAL
 * (no in_dir/out_dir), CC_EIO (the input folder cannot be read, the output
 * folder cannot be created or written), CC_ESTORE / CC_ELOCKED (the store
 * became unusable; the run stops), CC_ENOMEM. */
CC_NODISCARD int cc_batch_run(struct cc_batch_summary *out, struct cc_store *st,
                              const struct cc_registry *reg, const struct cc_batch_options *opts,
                              struct cc_error *err);

/* Frees and zeroes. Accepts NULL. */
void cc_batch_summary_release(struct cc_batch_summary *s);

/* Appends the one-line summary (no newline): "batch: 3 articles checked, 1
 * skipped, 1 failed; 42 claims: 5 corroborated, ...; feeds: 10 ok, 1
 * failed; 2.4 s". Errors: CC_ENOMEM. */
CC_NODISCARD int cc_batch_summary_format(struct cc_buf *out, const struct cc_batch_summary *s);

/* Appends the report file name for an article file name: bytes outside
 * ASCII letters and digits, ". _ - space" and valid UTF-8 of U+00A0 and
 * up as %XX, '%' too; names too long for a file system get a hash suffix.
 * suffix (".json") is appended. Errors: CC_ENOMEM. */
CC_NODISCARD int cc_batch_output_name(struct cc_buf *out, const char *name, size_t len,
                                      const char *suffix);

#endif
