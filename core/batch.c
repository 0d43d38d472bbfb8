#include "core/common.h"

#include <dirent.h>
#include <pthread.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/article.h"
#include "core/atomic.h"
#include "core/batch.h"
#include "core/csv.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/num.h"
#include "core/report_csv.h"
#include "core/report_json.h"
#include "core/utf8.h"
#include "core/banned.h"

/* A report file name longer than this (bytes, before the suffix) is cut and
 * given a hash suffix: file systems allow 255 bytes per name. */
#define OUTPUT_NAME_MAX 200
/* Bytes of a .url file: one URL and a line end. */
#define URL_FILE_MAX 8192

/* ---- the lock ------------------------------------------------------------ */

struct cc_batch_lock {
    int fd;
};

/* mkdir -p of the folder part of path (when dir_of) or of path itself. */
static int make_dirs(const char *path, bool dir_of)
{
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_buf_adds(&b, path);
    if (rc != 0) {
        return rc;
    }
    if (dir_of) {
        char *slash = strrchr(b.buf, '/');
        if (!slash) {
            cc_buf_release(&b);
            return 0;
        }
        cc_buf_truncate(&b, (size_t)(slash - b.buf));
    }
    for (size_t i = 1; i <= b.len && rc == 0; i++) {
        if (i == b.len || b.buf[i] == '/') {
            char saved = b.buf[i];
            b.buf[i] = '\0';
            if (mkdir(b.buf, 0777) != 0 && errno != EEXIST) {
                rc = CC_EIO;
            }
            b.buf[i] = saved;
        }
    }
    cc_buf_release(&b);
    return rc;
}

int cc_batch_lock_take(struct cc_batch_lock **out, const char *store_path, struct cc_error *err)
{
    *out = NULL;
    struct cc_buf path = CC_BUF_INIT;
    struct cc_batch_lock *lock = NULL;
    int fd = -1;
    int rc = cc_buf_addf(&path, "%s.lock", store_path);
    if (rc != 0) {
        return cc_error_set(err, CC_ENOMEM, store_path, "out of memory");
    }
    if (make_dirs(path.buf, true) != 0) {
        rc = cc_error_set(err, CC_EIO, path.buf, "cannot create its folder: %s", strerror(errno));
        goto out;
    }
    fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = cc_error_set(err, CC_EIO, path.buf, "cannot open the lock file: %s", strerror(errno));
        goto out;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            rc = cc_error_set(err, CC_EIO, path.buf, "cannot lock: %s", strerror(errno));
            goto out;
        }
        /* The holder writes its PID right after locking; an empty file
         * means it is between the two. */
        char pid[32] = {0};
        ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
        int64_t holder = 0;
        size_t len = n > 0 ? (size_t)n : 0;
        while (len > 0 && (pid[len - 1] == '\n' || pid[len - 1] == ' ')) {
            len--;
        }
        if (len > 0 && cc_parse_int64(&holder, pid, len, 1, INT32_MAX) == 0) {
            rc = cc_error_set(err, CC_ELOCKED, path.buf,
                              "another batch run holds the lock (pid %lld)", (long long)holder);
        } else {
            rc = cc_error_set(err, CC_ELOCKED, path.buf,
                              "another batch run holds the lock (pid not written yet)");
        }
        goto out;
    }
    char pid[32];
    int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        rc = cc_error_set(err, CC_EIO, path.buf, "cannot write the lock file: %s", strerror(errno));
        goto out;
    }
    lock = cc_malloc(sizeof(*lock));
    if (!lock) {
        rc = cc_error_set(err, CC_ENOMEM, path.buf, "out of memory");
        goto out;
    }
    lock->fd = fd;
    fd = -1; /* now owned by the lock */
    *out = lock;
out:
    if (fd >= 0) {
        close(fd);
    }
    cc_buf_release(&path);
    return rc;
}

void cc_batch_lock_release(struct cc_batch_lock *lock)
{
    if (!lock) {
        return;
    }
    /* The PID stays in the file: the next holder overwrites it, and a
     * reader only trusts it while the lock is held. */
    flock(lock->fd, LOCK_UN);
    close(lock->fd);
    cc_free(lock);
}

/* ---- names ---------------------------------------------------------------- */

static const char *const event_names[] = {"fetched", "verified", "failed",
                                          "skipped", "csv",      "marked"};

const char *cc_batch_event_name(enum cc_batch_event ev)
{
    return (size_t)ev < CC_ARRAY_LEN(event_names) ? event_names[ev] : "?";
}

static bool plain_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == ' ';
}

int cc_batch_output_name(struct cc_buf *out, const char *name, size_t len, const char *suffix)
{
    size_t mark = out->len;
    int rc = 0;
    size_t i = 0;
    while (i < len && rc == 0) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x80) {
            if (plain_byte(c)) {
                rc = cc_buf_addch(out, (char)c);
            } else {
                rc = cc_buf_addf(out, "%%%02X", c);
            }
            i++;
            continue;
        }
        int32_t cp;
        size_t n = cc_utf8_decode(&cp, name + i, len - i);
        if (cp >= 0xa0) {
            rc = cc_buf_add(out, name + i, n);
        } else {
            /* Invalid UTF-8 or a C1 control: each byte escaped. */
            for (size_t k = 0; k < n && rc == 0; k++) {
                rc = cc_buf_addf(out, "%%%02X", (unsigned char)name[i + k]);
            }
        }
        i += n;
    }
    if (rc == 0 && out->len - mark > OUTPUT_NAME_MAX) {
        /* Cut on a code point boundary, then a hash of the whole name keeps
         * distinct long names distinct. */
        size_t cut = mark + OUTPUT_NAME_MAX;
        while (cut > mark && ((unsigned char)out->buf[cut] & 0xc0) == 0x80) {
            cut--;
        }
        cc_buf_truncate(out, cut);
        char hex[CC_SHA256_HEX_LEN + 1];
        cc_hash_sha256_hex(hex, name, len);
        rc = cc_buf_addf(out, "~%.16s", hex);
    }
    if (rc == 0 && suffix) {
        rc = cc_buf_adds(out, suffix);
    }
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}

/* ---- scanning the input folder ----------------------------------------------- */

enum article_kind {
    KIND_NONE = 0,
    KIND_TEXT, /* .txt .md .markdown: the loader tells text from Markdown */
    KIND_HTML, /* .html .htm */
    KIND_URL,  /* .url: one http(s) URL */
};

static bool ends_with_ci(const char *s, size_t len, const char *ext)
{
    size_t n = strlen(ext);
    if (len <= n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[len - n + i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != ext[i]) {
            return false;
        }
    }
    return true;
}

static enum article_kind kind_of(const char *name, size_t len)
{
    if (ends_with_ci(name, len, ".txt") || ends_with_ci(name, len, ".md") ||
        ends_with_ci(name, len, ".markdown")) {
        return KIND_TEXT;
    }
    if (ends_with_ci(name, len, ".html") || ends_with_ci(name, len, ".htm")) {
        return KIND_HTML;
    }
    if (ends_with_ci(name, len, ".url")) {
        return KIND_URL;
    }
    return KIND_NONE;
}

struct entry {
    char *name; /* owned: the bytes of the file name */
    enum article_kind kind;
};

struct entries {
    struct entry *v;
    size_t n;
    size_t alloc;
};

static void entries_release(struct entries *e)
{
    for (size_t i = 0; i < e->n; i++) {
        cc_free(e->v[i].name);
    }
    cc_free(e->v);
    e->v = NULL;
    e->n = 0;
    e->alloc = 0;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Shown in logs: the name with odd bytes escaped (one line, valid UTF-8). */
static void loggable(char *out, size_t outlen, const char *name)
{
    struct cc_buf b = CC_BUF_INIT;
    if (cc_batch_output_name(&b, name, strlen(name), NULL) == 0) {
        snprintf(out, outlen, "%s", b.buf);
    } else {
        snprintf(out, outlen, "?");
    }
    cc_buf_release(&b);
}

/* What lstat and stat said about one name of the folder. */
struct seen {
    char *name;      /* owned */
    struct stat lst; /* the entry itself */
    struct stat st;  /* what it leads to (a symlink's target); st_mode 0 when dangling */
};

static int seen_cmp_inode(const struct seen *a, const struct stat *b)
{
    return a->lst.st_dev == b->st_dev && a->lst.st_ino == b->st_ino;
}

/* Lists the article files of in, sorted by name. Symbolic links are never
 * followed: one to a file of the folder is that file again (checked once,
 * under its own name); one leading anywhere else is skipped with a
 * warning, so a link cannot make the job read, and publish, a file from
 * outside the queue. */
static int scan(struct entries *out, size_t *ignored, const char *in, struct cc_error *err)
{
    DIR *d = opendir(in);
    if (!d) {
        return cc_error_set(err, CC_EIO, in, "cannot read the folder: %s", strerror(errno));
    }
    struct cc_buf path = CC_BUF_INIT;
    struct seen *v = NULL;
    size_t n = 0;
    size_t alloc = 0;
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue; /* hidden files, editors' temporaries, "." and ".." */
        }
        cc_buf_reset(&path);
        rc = cc_buf_addf(&path, "%s/%s", in, de->d_name);
        rc = rc ? rc : cc_array_grow((void **)&v, &alloc, n + 1, sizeof(*v));
        if (rc != 0) {
            break;
        }
        struct seen *e = &v[n];
        memset(e, 0, sizeof(*e));
        if (lstat(path.buf, &e->lst) != 0) {
            continue; /* gone since readdir */
        }
        e->st = e->lst;
        if (S_ISLNK(e->lst.st_mode) && stat(path.buf, &e->st) != 0) {
            e->st.st_mode = 0;
        }
        e->name = cc_strdup(de->d_name);
        rc = e->name ? 0 : CC_ENOMEM;
        n += rc == 0;
    }
    closedir(d);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct seen *e = &v[i];
        char shown[256];
        loggable(shown, sizeof(shown), e->name);
        enum article_kind kind = kind_of(e->name, strlen(e->name));
        if (S_ISLNK(e->lst.st_mode)) {
            bool alias = false;
            for (size_t k = 0; S_ISREG(e->st.st_mode) && !alias && k < n; k++) {
                alias = !S_ISLNK(v[k].lst.st_mode) && seen_cmp_inode(&v[k], &e->st);
            }
            if (alias) {
                cc_log_info("%s/%s: link to a file of the folder: checked under that name", in,
                            shown);
            } else {
                cc_log_warn("%s/%s: symbolic link leads out of the input folder (or nowhere): "
                            "skipped",
                            in, shown);
            }
            (*ignored)++;
            continue;
        }
        if (S_ISDIR(e->lst.st_mode)) {
            cc_log_info("%s/%s: folder not descended", in, shown);
            (*ignored)++;
            continue;
        }
        if (kind == KIND_NONE) {
            cc_log_debug("%s/%s: not an article file (.txt .md .html .htm .url): ignored", in,
                         shown);
            (*ignored)++;
            continue;
        }
        if (!S_ISREG(e->lst.st_mode)) {
            cc_log_warn("%s/%s: not a regular file: skipped", in, shown);
            (*ignored)++;
            continue;
        }
        rc = cc_array_grow((void **)&out->v, &out->alloc, out->n + 1, sizeof(*out->v));
        if (rc == 0) {
            out->v[out->n].name = v[i].name;
            out->v[out->n].kind = kind;
            v[i].name = NULL; /* now owned by out */
            out->n++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        cc_free(v[i].name);
    }
    cc_free(v);
    cc_buf_release(&path);
    if (rc != 0) {
        return cc_error_set(err, rc, in, "%s", cc_status_str(rc));
    }
    if (out->n > 1) {
        cc_sort(out->v, out->n, sizeof(*out->v), entry_cmp);
    }
    return 0;
}

/* Appends the absolute form of path (from the working folder when
 * relative) with "." and ".." segments and repeated slashes resolved
 * lexically: the store's key for the input folder. */
static int absolute_path(struct cc_buf *out, const char *path)
{
    struct cc_buf raw = CC_BUF_INIT;
    int rc = 0;
    if (path[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd))) {
            return CC_EIO;
        }
        rc = cc_buf_addf(&raw, "%s/", cwd);
    }
    rc = rc ? rc : cc_buf_adds(&raw, path);
    size_t mark = out->len;
    const char *p = raw.buf;
    while (rc == 0 && *p) {
        while (*p == '/') {
            p++;
        }
        const char *q = p;
        while (*q && *q != '/') {
            q++;
        }
        size_t len = (size_t)(q - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            size_t len_now = out->len;
            while (len_now > mark && out->buf[len_now - 1] != '/') {
                len_now--;
            }
            cc_buf_truncate(out, len_now > mark ? len_now - 1 : mark);
        } else {
            rc = cc_buf_addch(out, '/');
            rc = rc ? rc : cc_buf_add(out, p, len);
        }
        p = q;
    }
    if (rc == 0 && out->len == mark) {
        rc = cc_buf_addch(out, '/');
    }
    cc_buf_release(&raw);
    return rc;
}

/* Reads a regular file with a cap. Returns 0, CC_EIO or CC_ETOOBIG with a
 * reason in err (subject: the display name). */
static int read_article(struct cc_buf *out, const char *path, const char *shown, size_t cap,
                        struct cc_error *err)
{
    /* O_NONBLOCK: a FIFO swapped in since the scan must not hang the run. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return cc_error_set(err, CC_EIO, shown, "cannot open: %s", strerror(errno));
    }
    int rc = 0;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = cc_error_set(err, CC_EIO, shown, "not a regular file");
        goto out;
    }
    if ((uint64_t)sb.st_size > (uint64_t)cap) {
        rc = cc_error_set(err, CC_ETOOBIG, shown,
                          "article is larger than the %zu-byte cap (%lld bytes)", cap,
                          (long long)sb.st_size);
        goto out;
    }
    cc_buf_init(out, cap);
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            rc = cc_error_set(err, CC_EIO, shown, "cannot read: %s", strerror(errno));
            goto out;
        }
        if (n == 0) {
            break;
        }
        rc = cc_buf_add(out, chunk, (size_t)n);
        if (rc == CC_ETOOBIG) {
            rc = cc_error_set(err, CC_ETOOBIG, shown, "article is larger than the %zu-byte cap",
                              cap);
            goto out;
        }
        if (rc != 0) {
            rc = cc_error_set(err, rc, shown, "out of memory");
            goto out;
        }
    }
out:
    close(fd);
    return rc;
}

/* The one http(s) URL of a .url file, trimmed, into url. */
static int parse_url_file(struct cc_buf *url, const struct cc_buf *bytes, const char *shown,
                          struct cc_error *err)
{
    const char *p = bytes->buf;
    size_t len = bytes->len;
    /* Windows Internet Shortcut files hold "URL=..." in an [InternetShortcut]
     * section; plain files hold the URL alone. */
    const char *key = memchr(p, '\0', len) ? NULL : strstr(p, "URL=");
    if (key && (key == p || key[-1] == '\n')) {
        len -= (size_t)(key + 4 - p);
        p = key + 4;
        const char *nl = memchr(p, '\n', len);
        if (nl) {
            len = (size_t)(nl - p);
        }
    }
    while (len > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n')) {
        p++;
        len--;
    }
    while (len > 0 &&
           (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\n')) {
        len--;
    }
    bool web =
        (len > 7 && strncmp(p, "http://", 7) == 0) || (len > 8 && strncmp(p, "https://", 8) == 0);
    for (size_t i = 0; web && i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c <= ' ' || c == 0x7f) {
            web = false; /* a second line, a space: not one URL */
        }
    }
    if (!web) {
        return cc_error_set(err, CC_EPARSE, shown, "a .url file must hold one http(s) URL");
    }
    int rc = cc_buf_add(url, p, len);
    return rc ? cc_error_set(err, rc, shown, "out of memory") : 0;
}

/* ---- the run --------------------------------------------------------------------- */

/* Articles verified since the last commit. */
struct pending {
    char *key; /* owned: the store's key */
    char hash[65];
    char *cell; /* owned: the article cell as the CSV writes it */
};

struct run {
    struct cc_store *st;
    const struct cc_batch_options *opts;
    struct cc_batch_summary *sum;
    struct cc_buf csv_path;
    struct cc_buf rows; /* rows of the pending articles */
    struct pending *pend;
    size_t npend;
    size_t pend_alloc;
    size_t done;
    size_t total;
};

static void event(struct run *r, enum cc_batch_event ev, const char *article)
{
    if (r->opts->event) {
        r->opts->event(ev, article, r->done, r->total, r->opts->event_payload);
    }
}

static void pending_clear(struct run *r)
{
    for (size_t i = 0; i < r->npend; i++) {
        cc_free(r->pend[i].key);
        cc_free(r->pend[i].cell);
    }
    r->npend = 0;
    cc_buf_reset(&r->rows);
}

struct filter {
    struct cc_buf *out;
    const struct pending *pend;
    size_t npend;
    size_t records;
    int rc;
};

/* Keeps a record of the old CSV unless it belongs to an article being
 * written again (its first cell is one of the pending cells). The header
 * (record 0) is always kept. */
static int keep_record(const char *rec, size_t rec_len, const char *first, size_t first_len,
                       void *payload)
{
    struct filter *f = payload;
    bool drop = false;
    for (size_t i = 0; f->records > 0 && !drop && i < f->npend; i++) {
        drop =
            strlen(f->pend[i].cell) == first_len && memcmp(f->pend[i].cell, first, first_len) == 0;
    }
    f->records++;
    if (!drop) {
        f->rc = cc_buf_add(f->out, rec, rec_len);
        /* A last record without its line end (cut by hand) gets one, so
         * the rows after it start on their own line. */
        if (f->rc == 0 && rec_len > 0 && rec[rec_len - 1] != '\n') {
            f->rc = cc_buf_adds(f->out, "\r\n");
        }
    }
    return f->rc;
}

/* The durable commit of the pending articles: the day's CSV rewritten with
 * their rows, then the store marks. */
static int commit(struct run *r, struct cc_error *err)
{
    if (r->npend == 0) {
        return 0;
    }
    struct cc_buf old = CC_BUF_INIT;
    struct cc_buf doc = CC_BUF_INIT;
    int rc = 0;
    FILE *f = fopen(r->csv_path.buf, "rb");
    if (!f && errno != ENOENT) {
        rc = cc_error_set(err, CC_EIO, r->csv_path.buf, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (f) {
        char chunk[65536];
        size_t n;
        while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
            rc = cc_buf_add(&old, chunk, n);
        }
        bool bad = ferror(f);
        fclose(f);
        if (rc != 0) {
            rc = cc_error_set(err, rc, r->csv_path.buf, "out of memory");
            goto out;
        }
        if (bad) {
            rc = cc_error_set(err, CC_EIO, r->csv_path.buf, "cannot read");
            goto out;
        }
    }
    if (old.len == 0) {
        rc = cc_report_csv_add_header(&doc);
    } else {
        struct filter flt = {&doc, r->pend, r->npend, 0, 0};
        rc = cc_report_csv_scan(old.buf, old.len, keep_record, &flt);
    }
    rc = rc ? rc : cc_buf_add(&doc, r->rows.buf, r->rows.len);
    if (rc != 0) {
        rc = cc_error_set(err, rc, r->csv_path.buf, "out of memory");
        goto out;
    }
    rc = cc_atomic_write(r->csv_path.buf, doc.buf, doc.len, err);
    if (rc != 0) {
        goto out;
    }
    event(r, CC_BATCH_EV_CSV, NULL);
    for (size_t i = 0; i < r->npend; i++) {
        rc = cc_store_article_set(r->st, r->pend[i].key, r->pend[i].hash, r->sum->started_at, "ok",
                                  err);
        if (rc != 0) {
            goto out;
        }
        event(r, CC_BATCH_EV_MARKED, r->pend[i].cell);
    }
    pending_clear(r);
out:
    cc_buf_release(&old);
    cc_buf_release(&doc);
    return rc;
}

static int add_failure(struct cc_batch_summary *s, const char *shown, const struct cc_error *e)
{
    struct cc_batch_failure *v = cc_realloc(s->failures, (s->failed + 1) * sizeof(*v));
    if (!v) {
        return CC_ENOMEM;
    }
    s->failures = v;
    v[s->failed].name = cc_strdup(shown);
    v[s->failed].reason = cc_strdup(e->msg[0] ? e->msg : cc_status_str(e->code));
    if (!v[s->failed].name || !v[s->failed].reason) {
        cc_free(v[s->failed].name);
        cc_free(v[s->failed].reason);
        return CC_ENOMEM;
    }
    s->failed++;
    return 0;
}

/* True for errors that end the whole run rather than one article. */
static bool fatal(int rc)
{
    return rc == CC_ESTORE || rc == CC_ELOCKED || rc == CC_ENOMEM;
}

/* ---- one article: read, verify, report ------------------------------------------------------ */

enum job_state {
    JOB_SKIP,   /* unchanged since its last verification */
    JOB_FAILED, /* could not be read or verified: aerr says why */
    JOB_VERIFY, /* to verify; after the work, verified (rows, cell) unless failed */
};

/* One article of a group, from its file to its report rows. The main thread
 * prepares it (read, hash, the store's last verification), any worker
 * verifies it and writes its JSON report, and the main thread finishes it
 * in the folder's order (rows, counts, events), so a run's output does not
 * depend on how many workers it had. */
struct job {
    const struct entry *e;
    enum job_state state;
    struct cc_buf bytes;    /* the file (a .url file's bytes) */
    struct cc_buf url;      /* a .url file's URL */
    struct cc_buf shown;    /* display name */
    struct cc_buf key;      /* the store's key */
    struct cc_buf out_path; /* its JSON report */
    struct cc_buf rows;     /* its CSV rows */
    struct cc_buf cell;     /* its first CSV cell */
    char hash[CC_SHA256_HEX_LEN + 1];
    size_t claims;
    size_t verdicts[CC_VERDICT_NOT_CHECKABLE + 1];
    struct cc_error aerr; /* the article's own failure (JOB_FAILED) */
    int rc;               /* an error that ends the run (err says it) */
    struct cc_error err;
    bool verified; /* the work is done (JOB_VERIFY), or there is none */
};

/* An empty job: its buffers as CC_BUF_INIT makes them (.buf never NULL),
 * errors clear. */
static void job_init(struct job *j)
{
    memset(j, 0, sizeof(*j));
    struct cc_buf *bufs[] = {&j->bytes,    &j->url,  &j->shown, &j->key,
                             &j->out_path, &j->rows, &j->cell};
    for (size_t i = 0; i < CC_ARRAY_LEN(bufs); i++) {
        cc_buf_init(bufs[i], 0);
    }
}

static void job_release(struct job *j)
{
    cc_buf_release(&j->bytes);
    cc_buf_release(&j->url);
    cc_buf_release(&j->shown);
    cc_buf_release(&j->key);
    cc_buf_release(&j->out_path);
    cc_buf_release(&j->rows);
    cc_buf_release(&j->cell);
}

/* Reads the article into j (job_init'ed) and decides what becomes of it:
 * skipped (unchanged), failed (unreadable) or to verify. Returns non-zero
 * only for errors that end the run. Main thread (uses the run's store). */
static int job_prepare(struct job *j, struct run *r, const char *in, const char *in_abs,
                       const struct entry *e, struct cc_error *err)
{
    struct cc_buf path = CC_BUF_INIT;
    struct cc_store_article prev = {0};
    size_t nlen = strlen(e->name);
    j->e = e;
    j->state = JOB_FAILED;
    int rc = cc_buf_addf(&path, "%s/%s", in, e->name);
    rc = rc ? rc : cc_utf8_repair(&j->shown, e->name, nlen, NULL);
    rc = rc ? rc : cc_buf_addf(&j->key, "%s/", in_abs);
    rc = rc ? rc : cc_batch_output_name(&j->key, e->name, nlen, NULL);
    rc = rc ? rc : cc_buf_addf(&j->out_path, "%s/", r->opts->out_dir);
    rc = rc ? rc : cc_batch_output_name(&j->out_path, e->name, nlen, ".json");
    if (rc != 0) {
        rc = cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    size_t cap = r->opts->max_article_bytes ? r->opts->max_article_bytes : CC_ARTICLE_MAX_BYTES;
    int arc = read_article(&j->bytes, path.buf, j->shown.buf,
                           e->kind == KIND_URL ? URL_FILE_MAX : cap, &j->aerr);
    if (arc == 0 && e->kind == KIND_URL) {
        arc = parse_url_file(&j->url, &j->bytes, j->shown.buf, &j->aerr);
    }
    if (arc != 0) {
        if (fatal(arc)) {
            rc = cc_error_set(err, arc, j->shown.buf, "%s", j->aerr.msg);
        }
        goto out;
    }
    cc_hash_sha256_hex(j->hash, j->bytes.buf, j->bytes.len);
    rc = cc_store_article_find(&prev, r->st, j->key.buf, err);
    if (rc == CC_ENOTFOUND) {
        cc_error_clear(err);
        rc = 0;
    } else if (rc != 0) {
        goto out;
    } else if (strcmp(prev.content_hash, j->hash) == 0 && prev.last_verified != CC_TIME_NONE &&
               prev.last_status && strcmp(prev.last_status, "ok") == 0) {
        j->state = JOB_SKIP;
        goto out;
    }
    j->state = JOB_VERIFY;
out:
    cc_store_article_release(&prev);
    cc_buf_release(&path);
    return rc;
}

/* Verifies a JOB_VERIFY article with v and writes its JSON report (built
 * in json, the worker's scratch); keeps its CSV rows for the group's
 * commit. Any thread (touches only the job, v, json and the run's
 * read-only settings). */
static void job_work(struct job *j, const struct run *r, struct cc_verify *v, struct cc_buf *json)
{
    struct cc_verify_result *res = NULL;
    int arc;
    cc_buf_reset(json);
    if (j->e->kind == KIND_URL) {
        arc = cc_verify_article(&res, v, j->url.buf, &j->aerr);
    } else {
        arc = cc_verify_text(&res, v, j->shown.buf, j->bytes.buf, j->bytes.len,
                             j->e->kind == KIND_HTML, &j->aerr);
    }
    if (arc != 0) {
        if (fatal(arc)) {
            j->rc = cc_error_set(&j->err, arc, j->aerr.subject, "%s", j->aerr.msg);
        } else {
            j->state = JOB_FAILED;
        }
        goto out;
    }
    struct cc_report_run run;
    cc_report_run_init(&run);
    run.command = "batch";
    run.config = r->opts->config;
    run.store = cc_store_path(r->st);
    run.fetched = r->opts->fetch;
    run.generated_at = r->sum->started_at;
    run.compact = true;
    const struct cc_verify_result *one[] = {res};
    int rc = cc_report_json_add(json, one, 1, &run, &j->err);
    /* The folder's fsync comes with the day's CSV at the group's commit,
     * before any mark: one folder sync per group instead of per article. */
    rc = rc ? rc
            : cc_atomic_write_with(j->out_path.buf, json->buf, json->len, CC_ATOMIC_NO_DIR_SYNC,
                                   &j->err);
    if (rc != 0) {
        j->rc = rc;
        goto out;
    }
    rc = cc_report_csv_add(&j->rows, res);
    rc = rc ? rc : cc_csv_add_cell(&j->cell, res->article, strlen(res->article), 0);
    if (rc != 0) {
        j->rc = cc_error_set(&j->err, rc, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < res->nclaims; i++) {
        j->claims++;
        if ((size_t)res->claims[i].verdict < CC_ARRAY_LEN(j->verdicts)) {
            j->verdicts[res->claims[i].verdict]++;
        }
    }
out:
    cc_verify_result_free(res);
}

/* Counts the job in the run, in the folder's order: a verified article's
 * rows join the pending group. Returns non-zero only for errors that end
 * the run. Main thread. */
static int job_finish(struct job *j, struct run *r, struct cc_error *err)
{
    if (j->rc != 0) {
        *err = j->err;
        return j->rc;
    }
    if (j->state == JOB_SKIP) {
        r->sum->skipped++;
        r->done++;
        event(r, CC_BATCH_EV_SKIPPED, j->shown.buf);
        return 0;
    }
    if (j->state == JOB_FAILED) {
        /* Logged here, counted in the summary; the run goes on. */
        const struct cc_error *ae = &j->aerr;
        if (ae->subject[0] && strcmp(ae->subject, j->shown.buf) != 0) {
            cc_log_warn("%s: %s: %s", j->shown.buf, ae->subject, ae->msg); /* a .url's page */
        } else {
            cc_log_warn("%s: %s", j->shown.buf, ae->msg);
        }
        int rc = add_failure(r->sum, j->shown.buf, ae);
        if (rc != 0) {
            return cc_error_set(err, rc, NULL, "out of memory");
        }
        r->done++;
        event(r, CC_BATCH_EV_FAILED, j->shown.buf);
        return 0;
    }
    size_t mark = r->rows.len;
    int rc = cc_buf_add(&r->rows, j->rows.buf, j->rows.len);
    rc = rc ? rc : cc_array_grow((void **)&r->pend, &r->pend_alloc, r->npend + 1, sizeof(*r->pend));
    if (rc != 0) {
        cc_buf_truncate(&r->rows, mark);
        return cc_error_set(err, rc, NULL, "out of memory");
    }
    struct pending *p = &r->pend[r->npend];
    memcpy(p->hash, j->hash, sizeof(p->hash));
    p->key = cc_buf_detach(&j->key, NULL);
    p->cell = cc_buf_detach(&j->cell, NULL);
    if (!p->key || !p->cell) {
        cc_free(p->key);
        cc_free(p->cell);
        cc_buf_truncate(&r->rows, mark);
        return cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
    }
    r->npend++;
    r->sum->claims += j->claims;
    for (size_t i = 0; i < CC_ARRAY_LEN(j->verdicts); i++) {
        r->sum->verdicts[i] += j->verdicts[i];
    }
    r->sum->checked++;
    r->done++;
    event(r, CC_BATCH_EV_VERIFIED, j->shown.buf);
    return 0;
}

/* ---- verifying on several cores ------------------------------------------------------------ */

/* The main thread reads the articles in order (job_prepare) into a ring of
 * jobs, hands the ones to verify to the workers in chunks of consecutive
 * articles, and finishes the jobs in order as they complete (job_finish,
 * commit), while the workers go on with the next chunks. Articles are in
 * date order, so a chunk's articles share their days: a worker analyses
 * those days' items once for the whole chunk (its verifier caches them).
 * Each worker has its own verifier and its own read-only connection to the
 * store; results do not depend on which worker verified what. */
struct worker {
    pthread_t th;
    struct cc_store *st; /* owned: read-only */
    struct cc_verify *v; /* owned */
    struct cc_buf json;  /* scratch: the JSON report being written (kept: a
                          * report can be megabytes, and new pages cost) */
    struct pool *pool;
};

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a chunk was handed out, or quit */
    pthread_cond_t done; /* a job was verified */
    const struct run *r;
    struct job *ring; /* jobs [head, tail) in folder order, at [i % cap] */
    size_t cap;
    size_t head, tail;
    size_t *todo;     /* ring positions of the jobs to verify, in order, at [i % cap] */
    size_t todo_tail; /* jobs to verify queued so far */
    size_t handed;    /* of them, handed to the workers (whole chunks) */
    size_t taken;     /* of them, taken by a worker */
    size_t chunk;
    bool last; /* every article has been read */
    bool quit;
    size_t n; /* workers started */
    struct worker w[CC_BATCH_MAX_WORKERS];
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->pool;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->taken == p->handed) {
            pthread_cond_wait(&p->work, &p->mu);
        }
        if (p->quit) {
            break;
        }
        /* A chunk of consecutive articles; once the folder is read, the
         * rest is shared out so that all workers end together. */
        size_t take = p->chunk;
        if (p->last) {
            size_t share = (p->handed - p->taken + p->n - 1) / p->n;
            take = share < take ? share : take;
        }
        size_t from = p->taken;
        size_t to = from + take < p->handed ? from + take : p->handed;
        p->taken = to;
        for (size_t t = from; t < to && !p->quit; t++) {
            struct job *j = &p->ring[p->todo[t % p->cap] % p->cap];
            pthread_mutex_unlock(&p->mu);
            job_work(j, p->r, w->v, &w->json);
            pthread_mutex_lock(&p->mu);
            j->verified = true;
            pthread_cond_broadcast(&p->done);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Workers a run uses: opts->workers, else the CPUs online, at most
 * CC_BATCH_DEFAULT_WORKERS_MAX (each holds an item cache); never more than
 * CC_BATCH_MAX_WORKERS. */
static size_t workers_wanted(const struct cc_batch_options *opts)
{
    size_t n = opts->workers;
    if (n == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus > 0 ? (size_t)cpus : 1;
        n = n > CC_BATCH_DEFAULT_WORKERS_MAX ? CC_BATCH_DEFAULT_WORKERS_MAX : n;
    }
    return n < 1 ? 1 : n > CC_BATCH_MAX_WORKERS ? CC_BATCH_MAX_WORKERS : n;
}

/* Starts up to `want` workers, each with a read-only connection to the
 * run's store and a verifier. A worker that cannot be set up is left out
 * (logged): fewer cores, same results. Errors (none started): CC_ESTORE,
 * CC_ENOMEM, with err set. */
static int pool_start(struct pool *p, const struct run *r, const struct cc_registry *reg,
                      const struct cc_verify_options *vo, size_t want, struct cc_error *err)
{
    struct cc_store_options so = {0};
    so.read_only = true;
    so.mmap_bytes = CC_BATCH_STORE_MMAP;
    p->r = r;
    int rc = 0;
    while (p->n < want) {
        struct worker *w = &p->w[p->n];
        struct cc_error werr = CC_ERROR_INIT;
        w->pool = p;
        rc = cc_store_open_with(&w->st, cc_store_path(r->st), &so, &werr);
        rc = rc ? rc : cc_verify_new(&w->v, w->st, reg, vo, &werr);
        if (rc == 0 && pthread_create(&w->th, NULL, worker_main, w) != 0) {
            rc = cc_error_set(&werr, CC_ENOMEM, NULL, "cannot start a thread");
        }
        if (rc != 0) {
            cc_verify_free(w->v);
            cc_store_close(w->st);
            w->v = NULL;
            w->st = NULL;
            if (p->n == 0) {
                *err = werr;
                return rc;
            }
            cc_log_info("batch: verifying on %zu core(s): %s", p->n, werr.msg);
            return 0;
        }
        p->n++;
    }
    return 0;
}

/* Stops the workers (a chunk being verified is abandoned after its current
 * article) and frees their verifiers and connections. */
static void pool_stop(struct pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (size_t k = 0; k < p->n; k++) { /* the first n are running */
        pthread_join(p->w[k].th, NULL);
        cc_verify_free(p->w[k].v);
        cc_store_close(p->w[k].st);
    }
    p->n = 0;
}

/* Hands the queued jobs to verify to the workers: whole chunks only,
 * unless `all`. Holds mu. */
static void pool_hand_out(struct pool *p, bool all)
{
    size_t ready = all ? p->todo_tail : p->todo_tail - (p->todo_tail - p->handed) % p->chunk;
    if (ready > p->handed) {
        p->handed = ready;
        pthread_cond_broadcast(&p->work);
    }
}

/* Verifies the articles of ents (in that order) that are new or changed:
 * reads ahead, verifies on the workers, finishes and commits in order. */
static int verify_all(struct run *r, const struct entries *ents, const char *in, const char *in_abs,
                      const struct cc_registry *reg, const struct cc_verify_options *vo,
                      struct cc_error *err)
{
    const struct cc_batch_options *opts = r->opts;
    size_t every = opts->commit_every ? opts->commit_every : CC_BATCH_COMMIT_EVERY;
    size_t want = workers_wanted(opts);
    struct pool p;
    memset(&p, 0, sizeof(p));
    for (size_t k = 0; k < CC_BATCH_MAX_WORKERS; k++) {
        cc_buf_init(&p.w[k].json, 0);
    }
    p.chunk = opts->chunk ? opts->chunk : CC_BATCH_CHUNK;
    /* Read ahead: two chunks per worker beyond the one being finished. */
    p.cap = p.chunk * (2 * want + 2);
    p.ring = cc_calloc(p.cap, sizeof(*p.ring));
    p.todo = cc_calloc(p.cap, sizeof(*p.todo));
    int rc = 0;
    bool sync = false; /* mu, work and done are initialised */
    if (!p.ring || !p.todo) {
        rc = cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (pthread_mutex_init(&p.mu, NULL) != 0) {
        rc = cc_error_set(err, CC_ENOMEM, NULL, "cannot start the workers");
        goto out;
    }
    if (pthread_cond_init(&p.work, NULL) != 0) {
        pthread_mutex_destroy(&p.mu);
        rc = cc_error_set(err, CC_ENOMEM, NULL, "cannot start the workers");
        goto out;
    }
    if (pthread_cond_init(&p.done, NULL) != 0) {
        pthread_cond_destroy(&p.work);
        pthread_mutex_destroy(&p.mu);
        rc = cc_error_set(err, CC_ENOMEM, NULL, "cannot start the workers");
        goto out;
    }
    sync = true;
    size_t next = 0; /* the next entry to read */
    while (rc == 0 && (next < ents->n || p.head < p.tail)) {
        pthread_mutex_lock(&p.mu);
        bool ready = p.head < p.tail && p.ring[p.head % p.cap].verified;
        pthread_mutex_unlock(&p.mu);
        if (!ready && next < ents->n && p.tail - p.head < p.cap) {
            /* Read ahead while the oldest job is not done. */
            struct job *j = &p.ring[p.tail % p.cap];
            job_init(j);
            rc = job_prepare(j, r, in, in_abs, &ents->v[next], err);
            next++;
            if (rc == 0 && j->state == JOB_VERIFY && p.n == 0) {
                /* The first article to verify starts the workers: a run
                 * with nothing new never loads the matcher's tables. */
                rc = pool_start(&p, r, reg, vo, want, err);
            }
            if (rc != 0) {
                job_release(j);
                break;
            }
            if (j->state != JOB_VERIFY) {
                cc_buf_release(&j->bytes);
            }
            pthread_mutex_lock(&p.mu);
            if (j->state == JOB_VERIFY) {
                p.todo[p.todo_tail % p.cap] = p.tail;
                p.todo_tail++;
            } else {
                j->verified = true; /* nothing to wait for */
            }
            p.tail++;
            p.last = next == ents->n;
            pool_hand_out(&p, p.last || p.tail - p.head == p.cap);
            pthread_mutex_unlock(&p.mu);
            continue;
        }
        /* Finish the oldest job once it is verified. */
        struct job *j = &p.ring[p.head % p.cap];
        pthread_mutex_lock(&p.mu);
        while (!j->verified) {
            pool_hand_out(&p, true); /* nothing more comes before it is done */
            pthread_cond_wait(&p.done, &p.mu);
        }
        pthread_mutex_unlock(&p.mu);
        rc = job_finish(j, r, err);
        if (rc == 0 && r->npend >= every) {
            rc = commit(r, err);
        }
        job_release(j);
        p.head++;
    }
out:
    if (sync) {
        pool_stop(&p);
        pthread_cond_destroy(&p.done);
        pthread_cond_destroy(&p.work);
        pthread_mutex_destroy(&p.mu);
    }
    for (size_t k = 0; k < CC_BATCH_MAX_WORKERS; k++) {
        cc_buf_release(&p.w[k].json);
    }
    while (p.ring && p.head < p.tail) {
        job_release(&p.ring[p.head % p.cap]);
        p.head++;
    }
    cc_free(p.ring);
    cc_free(p.todo);
    return rc;
}

/* ---- the order of verification ----------------------------------------------------------- */

/* Where an article goes in the order of verification. */
struct order_key {
    int64_t day;  /* the day its time window is centred on */
    size_t index; /* its place in name order */
};

static int order_cmp(const void *a, const void *b)
{
    const struct order_key *x = a, *y = b;
    if (x->day != y->day) {
        return x->day < y->day ? -1 : 1;
    }
    return (x->index > y->index) - (x->index < y->index);
}

/* The sort key of one article: INT64_MIN when it is unchanged since its
 * last verification (skipped at once), the UTC day of its date (as
 * cc_verify_text would take it: the page's, else the run's time) when it
 * is to be verified, INT64_MAX when it cannot be read now or is a .url
 * (its date is known only once fetched). Only a hint: every article is
 * read, checked and verified again in its turn. */
static int64_t order_day(struct run *r, const char *in, const char *in_abs, const struct entry *e,
                         int64_t now)
{
    int64_t day = INT64_MAX;
    struct cc_buf path = CC_BUF_INIT, shown = CC_BUF_INIT, key = CC_BUF_INIT, bytes = CC_BUF_INIT;
    struct cc_store_article prev = {0};
    struct cc_error aerr = CC_ERROR_INIT;
    struct cc_article *a = NULL;
    size_t nlen = strlen(e->name);
    if (e->kind == KIND_URL) {
        return day;
    }
    int rc = cc_buf_addf(&path, "%s/%s", in, e->name);
    rc = rc ? rc : cc_utf8_repair(&shown, e->name, nlen, NULL);
    rc = rc ? rc : cc_buf_addf(&key, "%s/", in_abs);
    rc = rc ? rc : cc_batch_output_name(&key, e->name, nlen, NULL);
    size_t cap = r->opts->max_article_bytes ? r->opts->max_article_bytes : CC_ARTICLE_MAX_BYTES;
    rc = rc ? rc : read_article(&bytes, path.buf, shown.buf, cap, &aerr);
    if (rc != 0) {
        goto out;
    }
    char hash[CC_SHA256_HEX_LEN + 1];
    cc_hash_sha256_hex(hash, bytes.buf, bytes.len);
    if (cc_store_article_find(&prev, r->st, key.buf, &aerr) == 0 &&
        strcmp(prev.content_hash, hash) == 0 && prev.last_verified != CC_TIME_NONE &&
        prev.last_status && strcmp(prev.last_status, "ok") == 0) {
        day = INT64_MIN;
        goto out;
    }
    struct cc_article_options ao;
    cc_article_options_init(&ao);
    ao.date = r->opts->verify_opts.date;
    ao.format = e->kind == KIND_HTML ? CC_ARTICLE_HTML : CC_ARTICLE_DETECT;
    if (cc_article_parse(&a, bytes.buf, bytes.len, shown.buf, &ao, &aerr) != 0) {
        goto out;
    }
    int64_t t = a->date != CC_TIME_NONE ? a->date : now;
    day = t == CC_TIME_NONE ? INT64_MAX - 1 : t - ((t % 86400) + 86400) % 86400;
out:
    cc_article_free(a);
    cc_store_article_release(&prev);
    cc_buf_release(&path);
    cc_buf_release(&shown);
    cc_buf_release(&key);
    cc_buf_release(&bytes);
    return day;
}

/* Puts the articles in the order they are verified: by the day of their
 * date, then by name. Articles of the same days share their time windows,
 * whose items the verifier then reads and analyses once for all of them
 * instead of once per article (a batch in name order jumps between days:
 * docs/BENCHMARKS.md, "batch"). The day's CSV lists them in this order. */
static int order_by_day(struct entries *ents, struct run *r, const char *in, const char *in_abs,
                        int64_t now)
{
    if (r->opts->verify_opts.date != CC_TIME_NONE || ents->n < 2) {
        return 0; /* one date for all: name order */
    }
    struct order_key *k = cc_malloc(ents->n * sizeof(*k));
    struct entry *v = cc_malloc(ents->n * sizeof(*v));
    if (!k || !v) {
        cc_free(k);
        cc_free(v);
        return CC_ENOMEM;
    }
    for (size_t i = 0; i < ents->n; i++) {
        k[i].day = order_day(r, in, in_abs, &ents->v[i], now);
        k[i].index = i;
    }
    cc_sort(k, ents->n, sizeof(*k), order_cmp);
    for (size_t i = 0; i < ents->n; i++) {
        v[i] = ents->v[k[i].index];
    }
    memcpy(ents->v, v, ents->n * sizeof(*v));
    cc_free(k);
    cc_free(v);
    return 0;
}

void cc_batch_options_init(struct cc_batch_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->fetch = true;
    cc_fetch_options_init(&opts->fetch_opts);
    opts->verify_opts.date = CC_TIME_NONE;
    opts->verify_opts.window_days = -1;
    opts->verify_opts.max_candidates = 0;
    opts->verify_opts.now = CC_TIME_NONE;
}

static int fetch_feeds(struct run *r, const struct cc_registry *reg, const char *day,
                       struct cc_error *err)
{
    struct cc_fetch_options fo = r->opts->fetch_opts;
    fo.clock = r->opts->clock;
    struct cc_fetch_report rep = {0};
    struct cc_buf rows = CC_BUF_INIT;
    struct cc_buf head = CC_BUF_INIT;
    struct cc_buf path = CC_BUF_INIT;
    int rc = cc_fetch_run(&rep, r->st, reg, &fo, err);
    if (rc != 0) {
        goto out;
    }
    r->sum->fetched = true;
    r->sum->feeds_ok = rep.totals.ok + rep.totals.not_modified;
    r->sum->feeds_failed = rep.totals.failed;
    r->sum->feeds_skipped = rep.totals.skipped;
    rc = cc_report_csv_add_fetch(&rows, &rep, false);
    rc = rc ? rc
            : cc_csv_add_row(&head, cc_report_fetch_csv_columns, CC_REPORT_FETCH_CSV_NCOLUMNS, 0);
    rc = rc ? rc : cc_buf_addf(&path, "%s/feeds-%s.csv", r->opts->out_dir, day);
    if (rc != 0) {
        rc = cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    /* Appended: a day with two runs keeps both runs' feed rows. */
    rc = cc_atomic_append(path.buf, head.buf, head.len, rows.buf, rows.len, err);
    if (rc == 0) {
        r->sum->feeds_path = cc_buf_detach(&path, NULL);
        rc = r->sum->feeds_path ? 0 : cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
    }
out:
    cc_fetch_report_release(&rep);
    cc_buf_release(&rows);
    cc_buf_release(&head);
    cc_buf_release(&path);
    return rc;
}

int cc_batch_run(struct cc_batch_summary *out, struct cc_store *st, const struct cc_registry *reg,
                 const struct cc_batch_options *opts, struct cc_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!opts || !opts->in_dir || !opts->out_dir) {
        return cc_error_set(err, CC_EINVAL, NULL, "batch needs an input and an output folder");
    }
    int64_t t0 = cc_clock_mono_ms();
    out->started_at = cc_clock_now(opts->clock);
    struct run r = {st, opts, out, CC_BUF_INIT, CC_BUF_INIT, NULL, 0, 0, 0, 0};
    struct entries ents = {NULL, 0, 0};
    int64_t run_id = 0;
    struct cc_buf in_abs = CC_BUF_INIT;
    char day[32];
    cc_date_format(day, out->started_at);
    int rc = 0;

    struct stat sb;
    if (stat(opts->in_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        rc = cc_error_set(err, CC_EIO, opts->in_dir, "not a folder");
        goto out;
    }
    rc = absolute_path(&in_abs, opts->in_dir);
    if (rc != 0) {
        rc = cc_error_set(err, rc, opts->in_dir, "cannot find the input folder's path");
        goto out;
    }
    if (make_dirs(opts->out_dir, false) != 0) {
        rc = cc_error_set(err, CC_EIO, opts->out_dir, "cannot create the output folder: %s",
                          strerror(errno));
        goto out;
    }
    size_t stale = 0;
    rc = cc_atomic_remove_stale(opts->out_dir, &stale, err);
    if (rc != 0) {
        goto out;
    }
    if (stale > 0) {
        cc_log_info("%s: removed %zu temporary file(s) of an interrupted run", opts->out_dir,
                    stale);
    }
    rc = cc_store_run_begin(&run_id, st, "batch", out->started_at, err);
    if (rc != 0) {
        goto out;
    }
    if (opts->fetch) {
        rc = fetch_feeds(&r, reg, day, err);
        if (rc != 0) {
            goto out;
        }
        event(&r, CC_BATCH_EV_FETCHED, NULL);
    }
    rc = scan(&ents, &out->ignored, opts->in_dir, err);
    if (rc != 0) {
        goto out;
    }
    out->articles = ents.n;
    r.total = ents.n;
    rc = order_by_day(&ents, &r, opts->in_dir, in_abs.buf, out->started_at);
    if (rc != 0) {
        rc = cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    rc = cc_buf_addf(&r.csv_path, "%s/%s.csv", opts->out_dir, day);
    if (rc != 0) {
        rc = cc_error_set(err, rc, NULL, "out of memory");
        goto out;
    }
    struct cc_verify_options vo = opts->verify_opts;
    vo.now = out->started_at;
    rc = verify_all(&r, &ents, opts->in_dir, in_abs.buf, reg, &vo, err);
    if (rc == 0) {
        rc = commit(&r, err);
    }
    if (rc == 0 && out->checked > 0) {
        out->csv_path = cc_buf_detach(&r.csv_path, NULL);
        rc = out->csv_path ? 0 : cc_error_set(err, CC_ENOMEM, NULL, "out of memory");
    }
out:
    out->elapsed_ms = cc_clock_mono_ms() - t0;
    if (run_id > 0) {
        struct cc_store_run_counts counts = {0};
        counts.feeds_ok = (int64_t)out->feeds_ok;
        counts.feeds_failed = (int64_t)out->feeds_failed;
        counts.feeds_skipped = (int64_t)out->feeds_skipped;
        counts.articles = (int64_t)out->checked;
        counts.articles_failed = (int64_t)out->failed;
        counts.claims = (int64_t)out->claims;
        const char *status = rc != 0                                      ? "failed"
                             : (out->failed > 0 || out->feeds_failed > 0) ? "partial"
                                                                          : "ok";
        struct cc_error ferr = CC_ERROR_INIT;
        int frc = cc_store_run_finish(st, run_id, status, &counts, NULL, cc_clock_now(opts->clock),
                                      &ferr);
        if (rc == 0 && frc != 0) {
            rc = frc;
            cc_error_set(err, ferr.code, ferr.subject, "%s", ferr.msg);
        }
    }
    entries_release(&ents);
    pending_clear(&r);
    cc_free(r.pend);
    cc_buf_release(&r.rows);
    cc_buf_release(&r.csv_path);
    cc_buf_release(&in_abs);
    return rc;
}

void cc_batch_summary_release(struct cc_batch_summary *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->failed; i++) {
        cc_free(s->failures[i].name);
        cc_free(s->failures[i].reason);
    }
    cc_free(s->failures);
    cc_free(s->csv_path);
    cc_free(s->feeds_path);
    memset(s, 0, sizeof(*s));
}

int cc_batch_summary_format(struct cc_buf *out, const struct cc_batch_summary *s)
{
    size_t mark = out->len;
    int rc = cc_buf_addf(out, "batch: %zu article%s checked, %zu skipped, %zu failed; %zu claim%s",
                         s->checked, s->checked == 1 ? "" : "s", s->skipped, s->failed, s->claims,
                         s->claims == 1 ? "" : "s");
    const char *sep = ": ";
    for (size_t v = 0; rc == 0 && v < CC_ARRAY_LEN(s->verdicts); v++) {
        rc = cc_buf_addf(out, "%s%zu %s", sep, s->verdicts[v], cc_verdict_name((enum cc_verdict)v));
        sep = ", ";
    }
    if (rc == 0 && s->fetched) {
        rc = cc_buf_addf(out, "; feeds: %zu ok, %zu failed", s->feeds_ok, s->feeds_failed);
        if (rc == 0 && s->feeds_skipped > 0) {
            rc = cc_buf_addf(out, ", %zu skipped", s->feeds_skipped);
        }
    } else if (rc == 0) {
        rc = cc_buf_adds(out, "; feeds: not fetched");
    }
    rc = rc ? rc : cc_buf_addf(out, "; %.1f s", (double)s->elapsed_ms / 1000.0);
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}
