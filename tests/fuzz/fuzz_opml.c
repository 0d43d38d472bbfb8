/*
 * fuzz_opml.c: OPML parsing (cc_opml_parse) and merging into a registry.
 *
 * Invariants beyond "no crash, no leak": every outline read has a name and
 * one http(s) feed; merging into an empty registry yields a registry that
 * writes back to JSON that loads again with the same outlets.
 */
#include "core/common.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"
#include "core/outlets.h"
#include "fetchers/opml.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
    if (!ok) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_log_set_level(CC_LOG_ERROR); /* merge warnings are expected here */
    struct cc_opml *opml = NULL;
    struct cc_error err = CC_ERROR_INIT;
    if (cc_opml_parse(&opml, (const char *)data, size, "fuzz.opml", &err) != 0) {
        check(opml == NULL && err.code != 0);
        return 0;
    }
    for (size_t i = 0; i < cc_opml_count(opml); i++) {
        const struct cc_outlet *o = cc_opml_get(opml, i);
        check(o->name && o->name[0] && o->nfeeds == 1);
    }
    struct cc_registry *reg = NULL;
    check(cc_registry_new(&reg, "fuzz", "/nonexistent-cc-fuzz", &err) == 0);
    struct cc_opml_stats st;
    check(cc_opml_merge(reg, opml, &st, &err) == 0);
    check(st.added + st.merged + st.skipped == cc_opml_count(opml));
    struct cc_buf out = CC_BUF_INIT;
    check(cc_registry_write_json(&out, reg, NULL, &err) == 0);
    struct cc_registry *back = NULL;
    check(cc_registry_parse(&back, out.buf, out.len, "written", "/nonexistent-cc-fuzz", &err) == 0);
    check(cc_registry_count(back) == cc_registry_count(reg));
    cc_registry_free(back);
    cc_buf_release(&out);
    cc_registry_free(reg);
    cc_opml_free(opml);
    return 0;
}
