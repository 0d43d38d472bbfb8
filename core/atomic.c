#include "core/common.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/atomic.h"
#include "core/banned.h"

/* Size of the copy buffer of cc_atomic_append. */
#define ATOMIC_COPY_CHUNK 65536

/* Appends the folder part of path ("." when it has none) to out. */
static int add_dir(struct cc_buf *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return cc_buf_adds(out, ".");
    }
    if (slash == path) {
        return cc_buf_adds(out, "/");
    }
    return cc_buf_add(out, path, (size_t)(slash - path));
}

static void release(struct cc_atomic_file *af)
{
    if (af->f) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp) {
        unlink(af->tmp);
        cc_free(af->tmp);
        af->tmp = NULL;
    }
    cc_free(af->path);
    af->path = NULL;
    if (af->dir_fd >= 0) {
        close(af->dir_fd);
        af->dir_fd = -1;
    }
}

/* The mode a new file gets: the target's when it exists, else 0666 & ~umask
 * (mkstemp itself creates 0600). */
static mode_t target_mode(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        return sb.st_mode & 07777;
    }
    mode_t mask = umask(022);
    umask(mask);
    return (mode_t)(0666 & ~mask);
}

int cc_atomic_open(struct cc_atomic_file *af, const char *path, struct cc_error *err)
{
    return cc_atomic_open_with(af, path, 0, err);
}

int cc_atomic_open_with(struct cc_atomic_file *af, const char *path, unsigned flags,
                        struct cc_error *err)
{
    struct cc_buf tmp = CC_BUF_INIT;
    int fd = -1;
    int rc = 0;
    af->path = NULL;
    af->tmp = NULL;
    af->f = NULL;
    af->dir_fd = -1;
    af->flags = flags;
    if (!path || !path[0]) {
        return cc_error_set(err, CC_EINVAL, NULL, "empty output file name");
    }
    af->path = cc_strdup(path);
    rc = af->path ? add_dir(&tmp, path) : CC_ENOMEM;
    rc = rc ? rc : cc_buf_addf(&tmp, "/%sXXXXXX", CC_ATOMIC_TMP_PREFIX);
    if (rc != 0) {
        rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
        goto fail;
    }
    size_t dir_len = tmp.len - strlen("/" CC_ATOMIC_TMP_PREFIX "XXXXXX");
    tmp.buf[dir_len] = '\0';
    af->dir_fd = open(tmp.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    tmp.buf[dir_len] = '/';
    if (af->dir_fd < 0) {
        rc = cc_error_set(err, CC_EIO, path, "cannot open its folder: %s", strerror(errno));
        goto fail;
    }
    fd = mkstemp(tmp.buf);
    if (fd < 0) {
        rc = cc_error_set(err, CC_EIO, path, "cannot create a temporary file in its folder: %s",
                          strerror(errno));
        goto fail;
    }
    af->tmp = cc_strdup(tmp.buf);
    if (!af->tmp) {
        unlink(tmp.buf);
        rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
        goto fail;
    }
    cc_buf_release(&tmp);
    if (fchmod(fd, target_mode(path)) != 0) {
        rc = cc_error_set(err, CC_EIO, path, "cannot set the mode of a temporary file: %s",
                          strerror(errno));
        goto fail;
    }
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        rc = cc_error_set(err, CC_EIO, path, "cannot open a temporary file: %s", strerror(errno));
        goto fail;
    }
    return 0;
fail:
    if (fd >= 0 && !af->f) {
        close(fd);
    }
    release(af);
    cc_buf_release(&tmp);
    return rc;
}

int cc_atomic_commit(struct cc_atomic_file *af, struct cc_error *err)
{
    int rc = 0;
    if (!af->f || !af->tmp) {
        release(af);
        return cc_error_set(err, CC_EINVAL, NULL, "file is not open");
    }
    if (fflush(af->f) != 0 || ferror(af->f)) {
        rc = cc_error_set(err, CC_EIO, af->path, "cannot write: %s", strerror(errno));
        goto out;
    }
    if (fsync(fileno(af->f)) != 0) {
        rc = cc_error_set(err, CC_EIO, af->path, "cannot sync: %s", strerror(errno));
        goto out;
    }
    int cerr = fclose(af->f);
    af->f = NULL;
    if (cerr != 0) {
        rc = cc_error_set(err, CC_EIO, af->path, "cannot write: %s", strerror(errno));
        goto out;
    }
    if (rename(af->tmp, af->path) != 0) {
        rc = cc_error_set(err, CC_EIO, af->path, "cannot rename the temporary file: %s",
                          strerror(errno));
        goto out;
    }
    cc_free(af->tmp);
    af->tmp = NULL;
    /* fsync of the folder makes the rename durable (ext4, xfs: a rename is
     * only on disk once the directory is); some file systems refuse it on
     * a folder (EINVAL), and the rename has happened anyway. */
    if (!(af->flags & CC_ATOMIC_NO_DIR_SYNC) && fsync(af->dir_fd) != 0 && errno != EINVAL) {
        rc = cc_error_set(err, CC_EIO, af->path, "cannot sync its folder: %s", strerror(errno));
    }
out:
    release(af);
    return rc;
}

void cc_atomic_abort(struct cc_atomic_file *af)
{
    if (af) {
        release(af);
    }
}

int cc_atomic_write(const char *path, const void *data, size_t len, struct cc_error *err)
{
    return cc_atomic_write_with(path, data, len, 0, err);
}

int cc_atomic_write_with(const char *path, const void *data, size_t len, unsigned flags,
                         struct cc_error *err)
{
    struct cc_atomic_file af;
    int rc = cc_atomic_open_with(&af, path, flags, err);
    if (rc != 0) {
        return rc;
    }
    if (len > 0 && fwrite(data, 1, len, af.f) != len) {
        rc = cc_error_set(err, CC_EIO, path, "cannot write: %s", strerror(errno));
        cc_atomic_abort(&af);
        return rc;
    }
    return cc_atomic_commit(&af, err);
}

int cc_atomic_append(const char *path, const void *head, size_t head_len, const void *data,
                     size_t len, struct cc_error *err)
{
    struct cc_atomic_file af;
    char *chunk = NULL;
    FILE *old = NULL;
    int rc = cc_atomic_open(&af, path, err);
    if (rc != 0) {
        return rc;
    }
    size_t copied = 0;
    old = fopen(path, "rb");
    if (!old && errno != ENOENT) {
        rc = cc_error_set(err, CC_EIO, path, "cannot read: %s", strerror(errno));
        goto fail;
    }
    if (old) {
        chunk = cc_malloc(ATOMIC_COPY_CHUNK);
        if (!chunk) {
            rc = cc_error_set(err, CC_ENOMEM, path, "out of memory");
            goto fail;
        }
        size_t n = 0;
        while ((n = fread(chunk, 1, ATOMIC_COPY_CHUNK, old)) > 0) {
            if (fwrite(chunk, 1, n, af.f) != n) {
                rc = cc_error_set(err, CC_EIO, path, "cannot write: %s", strerror(errno));
                goto fail;
            }
            copied += n;
        }
        if (ferror(old)) {
            rc = cc_error_set(err, CC_EIO, path, "cannot read: %s", strerror(errno));
            goto fail;
        }
    }
    if (copied == 0 && head_len > 0 && fwrite(head, 1, head_len, af.f) != head_len) {
        rc = cc_error_set(err, CC_EIO, path, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (len > 0 && fwrite(data, 1, len, af.f) != len) {
        rc = cc_error_set(err, CC_EIO, path, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (old) {
        fclose(old);
    }
    cc_free(chunk);
    return cc_atomic_commit(&af, err);
fail:
    if (old) {
        fclose(old);
    }
    cc_free(chunk);
    cc_atomic_abort(&af);
    return rc;
}

int cc_atomic_remove_stale(const char *dir, size_t *removed, struct cc_error *err)
{
    size_t n = 0;
    if (removed) {
        *removed = 0;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        return cc_error_set(err, CC_EIO, dir, "cannot open folder: %s", strerror(errno));
    }
    DIR *d = fdopendir(dfd);
    if (!d) {
        int e = errno;
        close(dfd);
        return cc_error_set(err, CC_EIO, dir, "cannot read folder: %s", strerror(e));
    }
    size_t plen = strlen(CC_ATOMIC_TMP_PREFIX);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, CC_ATOMIC_TMP_PREFIX, plen) != 0) {
            continue;
        }
        struct stat sb;
        if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode)) {
            continue;
        }
        if (unlinkat(dfd, de->d_name, 0) == 0) {
            n++;
        }
    }
    closedir(d);
    if (removed) {
        *removed = n;
    }
    return 0;
}
