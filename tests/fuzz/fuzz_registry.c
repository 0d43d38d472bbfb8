/*
 * fuzz_registry.c: outlets.json loading (cc_registry_parse) and resolution.
 *
 * Invariants checked beyond "no crash, no leak": a registry that loads
 * writes back (cc_registry_write_json) to JSON that loads again with the
 * same outlets; every outlet's name resolves to itself; the input used as
 * a citation query against the built-in registry never crashes.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/outlets.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cc_registry *builtin;

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!builtin) {
        struct cc_error e = CC_ERROR_INIT;
        check(cc_registry_builtin(&builtin, &e) == 0);
    }
    const char *text = (const char *)data;

    /* The input as text written in an article. */
    struct cc_registry_match m;
    size_t used = 0;
    (void)cc_registry_match(&m, builtin, text, size);
    (void)cc_registry_match_prefix(&m, &used, builtin, text, size);
    check(used <= size);

    /* The input as a registry; relative feed paths point nowhere. */
    struct cc_registry *reg = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_registry_parse(&reg, text, size, "fuzz.json", "/nonexistent-cc-fuzz", &err) != 0) {
        check(reg == NULL && err.code != 0 && err.msg[0] != '\0');
        return 0;
    }
    for (size_t i = 0; i < cc_registry_count(reg); i++) {
        const struct cc_outlet *o = cc_registry_get(reg, i);
        check(cc_registry_find_name(reg, o->name) == o);
        check(cc_registry_resolve(reg, o->name, strlen(o->name)) == o);
        for (size_t j = 0; j < o->ndomains; j++) {
            check(cc_registry_find_domain(reg, o->domains[j]) == o);
        }
    }
    struct cc_buf out = CC_BUF_INIT;
    check(cc_registry_write_json(&out, reg, NULL, &err) == 0);
    struct cc_registry *back = NULL;
    check(cc_registry_parse(&back, out.buf, out.len, "written", "/nonexistent-cc-fuzz", &err) == 0);
    check(cc_registry_count(back) == cc_registry_count(reg));
    cc_registry_free(back);
    cc_buf_release(&out);
    cc_registry_free(reg);
    return 0;
}
