/*
 * atomic.h: writing a file so that its final name only ever holds a complete
 * version (the `-o FILE` of reports, and everything `batch` writes).
 *
 * Owns: a temporary file beside the target (".credcheck-tmp-XXXXXX" in the
 * same folder, so the rename never crosses file systems), fsync of the data,
 * rename(2) over the target, and fsync of the folder so the rename itself is
 * durable. A process killed at any point leaves either the old file or the
 * new one under the final name, plus at worst a stray temporary file (batch
 * removes its own on the next run, cc_atomic_remove_stale).
 * Does not: lock (two writers of one name: the last rename wins) or format.
 * Layer 0: calls only core/alloc, core/buf and core/error.
 */
#ifndef CC_CORE_ATOMIC_H
#define CC_CORE_ATOMIC_H

#include "core/common.h"
#include "core/buf.h"
#include "core/error.h"

/* Prefix of every temporary file name. */
#define CC_ATOMIC_TMP_PREFIX ".credcheck-tmp-"

enum cc_atomic_flags {
    /* Skip the folder's fsync after the rename: the caller syncs the folder
     * later (one fsync for many files, e.g. batch's reports before the CSV
     * whose own commit syncs the folder). The rename is then not yet
     * durable against power loss, though every reader sees old or new. */
    CC_ATOMIC_NO_DIR_SYNC = 1u << 0,
};

/* One file being written. Storage is the caller's (cc_atomic_init is not
 * needed: cc_atomic_open fills it). */
struct cc_atomic_file {
    char *path;     /* owned: the final name */
    char *tmp;      /* owned: the temporary file's name; NULL once committed or aborted */
    FILE *f;        /* the temporary file, open for writing; NULL when closed */
    int dir_fd;     /* the folder, opened up front so the final fsync needs no memory; -1 */
    unsigned flags; /* enum cc_atomic_flags */
};

/* Creates the temporary file for path (mode: the target's when it exists,
 * else 0666 minus the umask). Write to af->f, then cc_atomic_commit or
 * cc_atomic_abort. Errors name path: CC_EIO (folder missing, not writable),
 * CC_ENOMEM. On failure nothing is left behind and af needs no abort. */
CC_NODISCARD int cc_atomic_open(struct cc_atomic_file *af, const char *path, struct cc_error *err);

/* Same with flags (enum cc_atomic_flags). */
CC_NODISCARD int cc_atomic_open_with(struct cc_atomic_file *af, const char *path, unsigned flags,
                                     struct cc_error *err);

/* Flushes and fsyncs the temporary file, renames it over the final name and
 * fsyncs the folder. Releases af in every case (on failure the temporary
 * file is removed and the final name is untouched). Errors name the final
 * path: CC_EIO (a write error surfaced at flush: disk full, ...). */
CC_NODISCARD int cc_atomic_commit(struct cc_atomic_file *af, struct cc_error *err);

/* Closes and removes the temporary file; the final name is untouched.
 * Accepts an af that was never opened successfully if it is zeroed. */
void cc_atomic_abort(struct cc_atomic_file *af);

/* Writes data[0..len) to path atomically (open, write, commit). Errors as
 * cc_atomic_open / cc_atomic_commit. */
CC_NODISCARD int cc_atomic_write(const char *path, const void *data, size_t len,
                                 struct cc_error *err);

/* Same with flags (enum cc_atomic_flags). */
CC_NODISCARD int cc_atomic_write_with(const char *path, const void *data, size_t len,
                                      unsigned flags, struct cc_error *err);

/* Writes a new version of path holding its current contents (nothing when it
 * does not exist) followed by data[0..len), atomically: readers see the old
 * file or the whole new one. head[0..head_len) is written first instead of
 * the old contents when path does not exist or is empty (a CSV header).
 * Errors as cc_atomic_write, and CC_EIO when the old file cannot be read. */
CC_NODISCARD int cc_atomic_append(const char *path, const void *head, size_t head_len,
                                  const void *data, size_t len, struct cc_error *err);

/* Removes the temporary files CC_ATOMIC_TMP_PREFIX* that a killed writer
 * left in folder dir (only regular files; call it only while no other
 * process writes there, e.g. under batch's lock). *removed (may be NULL)
 * gets the count. Errors: CC_EIO (cannot read the folder). */
CC_NODISCARD int cc_atomic_remove_stale(const char *dir, size_t *removed, struct cc_error *err);

#endif
