/*
 * standalone.c: replays fuzz inputs without libFuzzer (STYLE.md section 11).
 *
 * Linked with one tests/fuzz/fuzz_<target>.c when CC_FUZZ is off: every
 * argument is a file or a folder of files (fixtures/fuzz/<target>/, the
 * crash inputs kept as regression cases and the seeds), each fed once to
 * LLVMFuzzerTestOneInput. A crash or a sanitizer report fails the ctest.
 * A missing folder is a skip (exit 77): the target has no corpus yet.
 */
#include "core/common.h"

#include <dirent.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Corpus files are small; anything bigger is cut (libFuzzer's -max_len). */
#define REPLAY_MAX ((size_t)4 * 1024 * 1024)

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "standalone: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = malloc(REPLAY_MAX);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf, 1, REPLAY_MAX, f);
    fclose(f);
    /* An exact-size copy, so ASan sees reads past the input's end. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

int main(int argc, char **argv)
{
    size_t done = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "standalone: %s: no such corpus; skipped\n", argv[i]);
            return 77;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (replay_file(argv[i]) != 0) {
                return 1;
            }
            done++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            fprintf(stderr, "standalone: %s: cannot open: %s\n", argv[i], strerror(errno));
            return 1;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') {
                continue;
            }
            char path[4096];
            int len = snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
            if (len < 0 || (size_t)len >= sizeof(path)) {
                continue;
            }
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (replay_file(path) != 0) {
                    closedir(d);
                    return 1;
                }
                done++;
            }
        }
        closedir(d);
    }
    printf("standalone: replayed %zu inputs\n", done);
    return 0;
}
