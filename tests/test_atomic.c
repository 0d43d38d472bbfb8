/* Tests for core/atomic: whole-file replacement, append, stale temporaries. */
#include "core/common.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/banned.h"

static char tmpdir[256];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/cc_test_atomic_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int drop_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
                char p[512];
                snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
                unlink(p);
            }
        }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

/* The whole file, NUL-terminated (tests only: small files). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    struct cc_buf b = CC_BUF_INIT;
    char chunk[512];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        assert_int_equal(cc_buf_add(&b, chunk, n), 0);
    }
    fclose(f);
    return cc_buf_detach(&b, NULL);
}

/* Entries of tmpdir other than . and .. */
static size_t count_entries(void)
{
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static void write_creates_then_replaces(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "report.csv");
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write(path, "first\n", 6, &err), 0);
    char *s = slurp(path);
    assert_string_equal(s, "first\n");
    cc_free(s);
    assert_int_equal(cc_atomic_write(path, "second", 6, &err), 0);
    s = slurp(path);
    assert_string_equal(s, "second");
    cc_free(s);
    assert_int_equal(count_entries(), 1); /* no temporary file left */
}

static void write_without_folder_sync_still_replaces(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "later.json");
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write_with(path, "{}", 2, CC_ATOMIC_NO_DIR_SYNC, &err), 0);
    assert_int_equal(cc_atomic_write_with(path, "[]", 2, CC_ATOMIC_NO_DIR_SYNC, &err), 0);
    char *s = slurp(path);
    assert_string_equal(s, "[]");
    cc_free(s);
    assert_int_equal(count_entries(), 1);
}

static void new_file_gets_umask_mode_and_old_mode_is_kept(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "mode.txt");
    mode_t old = umask(027);
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write(path, "x", 1, &err), 0);
    umask(old);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(chmod(path, 0604), 0);
    assert_int_equal(cc_atomic_write(path, "y", 1, &err), 0);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0604);
}

static void abort_keeps_the_old_file(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "keep.json");
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write(path, "old", 3, &err), 0);
    struct cc_atomic_file af;
    assert_int_equal(cc_atomic_open(&af, path, &err), 0);
    assert_int_equal(fputs("half a rep", af.f) >= 0, 1);
    /* While open, the final name still holds the old version. */
    char *s = slurp(path);
    assert_string_equal(s, "old");
    cc_free(s);
    assert_int_equal(count_entries(), 2);
    cc_atomic_abort(&af);
    s = slurp(path);
    assert_string_equal(s, "old");
    cc_free(s);
    assert_int_equal(count_entries(), 1);
    assert_null(af.tmp);
    assert_null(af.f);
}

static void missing_folder_is_an_error_naming_the_file(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "no/such/dir/out.csv");
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write(path, "x", 1, &err), CC_EIO);
    assert_string_equal(err.subject, path);
    assert_non_null(strstr(err.msg, "cannot open its folder"));
    struct cc_error err2 = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_write("", "x", 1, &err2), CC_EINVAL);
}

static void append_writes_head_once(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "day.csv");
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_append(path, "h\r\n", 3, "a\r\n", 3, &err), 0);
    assert_int_equal(cc_atomic_append(path, "h\r\n", 3, "b\r\n", 3, &err), 0);
    assert_int_equal(cc_atomic_append(path, "h\r\n", 3, "", 0, &err), 0);
    char *s = slurp(path);
    assert_string_equal(s, "h\r\na\r\nb\r\n");
    cc_free(s);
    assert_int_equal(count_entries(), 1);
}

static void stale_temporaries_are_removed(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), CC_ATOMIC_TMP_PREFIX "abc123");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    path_of(path, sizeof(path), CC_ATOMIC_TMP_PREFIX "dir");
    assert_int_equal(mkdir(path, 0700), 0);
    path_of(path, sizeof(path), "keep.txt");
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    size_t removed = 99;
    struct cc_error err = CC_ERROR_INIT;
    assert_int_equal(cc_atomic_remove_stale(tmpdir, &removed, &err), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(count_entries(), 2); /* keep.txt and the folder */
    path_of(path, sizeof(path), CC_ATOMIC_TMP_PREFIX "dir");
    rmdir(path);
    assert_int_equal(cc_atomic_remove_stale("/nonexistent/cc", &removed, &err), CC_EIO);
    assert_string_equal(err.subject, "/nonexistent/cc");
}

static void oom_leaves_nothing_behind(void **state)
{
    (void)state;
    char path[512];
    path_of(path, sizeof(path), "oom.txt");
    for (size_t n = 1;; n++) {
        struct cc_error err = CC_ERROR_INIT;
        cc_alloc_fail_after(n);
        int rc = cc_atomic_append(path, "h", 1, "data", 4, &err);
        cc_alloc_fail_after(0);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, CC_ENOMEM);
        assert_int_equal(count_entries(), 0);
        assert_true(n < 50);
    }
    char *s = slurp(path);
    assert_string_equal(s, "hdata");
    cc_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(write_creates_then_replaces, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(write_without_folder_sync_still_replaces, make_tmpdir,
                                        drop_tmpdir),
        cmocka_unit_test_setup_teardown(new_file_gets_umask_mode_and_old_mode_is_kept, make_tmpdir,
                                        drop_tmpdir),
        cmocka_unit_test_setup_teardown(abort_keeps_the_old_file, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(missing_folder_is_an_error_naming_the_file, make_tmpdir,
                                        drop_tmpdir),
        cmocka_unit_test_setup_teardown(append_writes_head_once, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(stale_temporaries_are_removed, make_tmpdir, drop_tmpdir),
        cmocka_unit_test_setup_teardown(oom_leaves_nothing_behind, make_tmpdir, drop_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
