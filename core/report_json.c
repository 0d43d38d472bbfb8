#include "core/common.h"

#include <math.h>

#include "core/matcher.h"
#include "core/num.h"
#include "core/report_json.h"
#include "core/utf8.h"
#include "core/banned.h"

/* Scores and feature values are written with this many decimals: enough to
 * reproduce a verdict, short enough to read. */
#define JSON_DECIMALS 1e4

/* Deepest nesting the report has is 8 (root, articles, article, claims,
 * claim, evidence, item, features). */
#define JW_MAX_DEPTH 16

/* Streaming writer. The bytes are those jansson's json_dump_callback wrote
 * for the same tree with JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(6), which the report used to build: two-space
 * indentation, ": " after keys, "," at line ends, "[]" and "{}" when empty,
 * strings escaped as jansson does by default (", \ and control characters;
 * '/' and non-ASCII kept), reals as "%.6g" with ".0" added when neither '.'
 * nor 'e' is there and the exponent's '+' and leading zeros dropped. With
 * compact (run->compact: batch's files, half the bytes), JSON_COMPACT's
 * layout instead: no line breaks or indentation, "," and ":" alone. The
 * first failure sticks; later calls do nothing. */
struct jw {
    struct cc_buf *out;
    int rc;
    int depth;
    bool compact; /* no line breaks, no spaces: "," and ":" alone */
    bool first[JW_MAX_DEPTH + 1];
};

static void jw_raw(struct jw *w, const char *p, size_t n)
{
    if (w->rc == 0) {
        w->rc = cc_buf_add(w->out, p, n);
    }
}

/* "\n" and the indentation of depth; with a leading "," when comma. */
static void jw_newline(struct jw *w, int depth, bool comma)
{
    static const char lead[] = ",\n                                  ";
    size_t n = 1 + (size_t)depth * 2;
    if (w->compact) {
        if (comma) {
            jw_raw(w, ",", 1);
        }
        return;
    }
    if (comma) {
        jw_raw(w, lead, n + 1);
    } else {
        jw_raw(w, lead + 1, n);
    }
}

/* Before a key of an object or a value of an array. */
static void jw_next(struct jw *w)
{
    bool first = w->first[w->depth];
    w->first[w->depth] = false;
    jw_newline(w, w->depth, !first);
}

static void jw_open(struct jw *w, char c)
{
    jw_raw(w, &c, 1);
    if (w->depth >= JW_MAX_DEPTH) {
        w->rc = w->rc ? w->rc : CC_ENOMEM;
        return;
    }
    w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
    if (w->depth <= 0) {
        w->rc = w->rc ? w->rc : CC_ENOMEM;
        return;
    }
    if (!w->first[w->depth]) {
        jw_newline(w, w->depth - 1, false);
    }
    w->depth--;
    jw_raw(w, &c, 1);
}

/* s[0..len) is valid UTF-8. */
static void jw_strn(struct jw *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    jw_raw(w, "\"", 1);
    size_t i = 0;
    while (i < len && w->rc == 0) {
        size_t j = i;
        while (j < len) {
            unsigned char c = (unsigned char)s[j];
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            j++;
        }
        if (j > i) {
            jw_raw(w, s + i, j - i);
        }
        if (j == len) {
            break;
        }
        unsigned char c = (unsigned char)s[j];
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '\\':
            esc[1] = '\\';
            break;
        case '"':
            esc[1] = '"';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];
            n = 6;
            break;
        }
        jw_raw(w, esc, n);
        i = j + 1;
    }
    jw_raw(w, "\"", 1);
}

static void jw_null(struct jw *w)
{
    jw_raw(w, "null", 4);
}

static void jw_bool(struct jw *w, bool v)
{
    if (v) {
        jw_raw(w, "true", 4);
    } else {
        jw_raw(w, "false", 5);
    }
}

static void jw_int(struct jw *w, int64_t v)
{
    char s[24];
    char *p = s + sizeof(s);
    /* Magnitude as unsigned, so INT64_MIN works. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        *--p = '-';
    }
    jw_raw(w, p, (size_t)(s + sizeof(s) - p));
}

/* A finite double as jansson's jsonp_dtostr with precision 6. */
static void jw_double(struct jw *w, double d)
{
    char s[48];
    int n = snprintf(s, sizeof(s) - 3, "%.6g", d);
    if (n < 0 || (size_t)n >= sizeof(s) - 3) {
        w->rc = w->rc ? w->rc : CC_ENOMEM;
        return;
    }
    size_t len = (size_t)n;
    /* A locale's decimal comma (jansson turns it into '.'). */
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',') {
            s[i] = '.';
        }
    }
    char *e = memchr(s, 'e', len);
    if (!e && !memchr(s, '.', len)) {
        s[len++] = '.';
        s[len++] = '0';
    }
    if (e) {
        char *start = e + 1;
        char *end = start + 1;
        if (*start == '-') {
            start++;
        }
        while (end < s + len && *end == '0') {
            end++;
        }
        if (end != start) {
            memmove(start, end, (size_t)(s + len - end));
            len -= (size_t)(end - start);
        }
    }
    jw_raw(w, s, len);
}

/* k / 10^4 as "%.6g" prints it for |k| < 10^6, and ".0" when it is whole
 * (jw_double's bytes for that value): "0.0", "-0.5", "12.3456", "3.0". */
static void jw_fixed4(struct jw *w, int64_t k)
{
    char s[16];
    char *p = s + sizeof(s);
    uint64_t u = k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k;
    uint64_t ip = u / 10000, fp = u % 10000;
    int digits = 4;
    while (digits > 0 && fp % 10 == 0) {
        fp /= 10;
        digits--;
    }
    if (digits == 0) {
        *--p = '0';
    }
    for (int i = 0; i < digits; i++) {
        *--p = (char)('0' + fp % 10);
        fp /= 10;
    }
    *--p = '.';
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (k < 0) {
        *--p = '-';
    }
    jw_raw(w, p, (size_t)(s + sizeof(s) - p));
}

static void jw_key(struct jw *w, const char *k)
{
    jw_next(w);
    jw_strn(w, k, strlen(k));
    jw_raw(w, ": ", w->compact ? 1 : 2);
}

/* ---- values as the report writes them ---------------------------------- */

static void jstr(struct jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    size_t len = strlen(s);
    if (cc_utf8_is_valid(s, len)) {
        jw_strn(w, s, len);
        return;
    }
    /* Results hold normalised text; an odd byte (a file name) is repaired
     * rather than failing the whole report. */
    struct cc_buf b = CC_BUF_INIT;
    if (cc_utf8_repair(&b, s, len, NULL) == 0) {
        jw_strn(w, b.buf, b.len);
    } else {
        w->rc = w->rc ? w->rc : CC_ENOMEM;
    }
    cc_buf_release(&b);
}

static void jtime(struct jw *w, int64_t t)
{
    if (t == CC_TIME_NONE) {
        jw_null(w);
        return;
    }
    char s[32];
    cc_time_format(s, t);
    jw_strn(w, s, strlen(s));
}

static void jreal(struct jw *w, double d)
{
    if (!isfinite(d)) {
        jw_null(w);
        return;
    }
    double r = round(d * JSON_DECIMALS) / JSON_DECIMALS;
    /* + 0.0 turns -0.0 (and values rounding to it) into 0.0: "-0.0" reads
     * as a sign where there is none. */
    r = r + 0.0;
    if (!isfinite(r)) {
        /* d * 1e4 overflowed: jansson refused such a real. */
        w->rc = w->rc ? w->rc : CC_ENOMEM;
        return;
    }
    double k = round(d * JSON_DECIMALS);
    if (fabs(k) < 1e6) {
        /* |r| < 100 with at most four decimals has at most six significant
         * digits, so "%.6g" prints r's decimal digits exactly, in plain
         * notation (its exponent is at least -4): written here without
         * printf, which was a tenth of a batch run's time. */
        jw_fixed4(w, (int64_t)k);
        return;
    }
    jw_double(w, r);
}

static void jsize(struct jw *w, size_t n)
{
    jw_int(w, n > (size_t)INT64_MAX ? INT64_MAX : (int64_t)n);
}

/* Index into an array, or null when negative. */
static void jindex(struct jw *w, int64_t i)
{
    if (i < 0) {
        jw_null(w);
    } else {
        jw_int(w, i);
    }
}

static void jlist(struct jw *w, char *const *names, size_t n)
{
    jw_open(w, '[');
    for (size_t i = 0; i < n; i++) {
        jw_next(w);
        jstr(w, names[i]);
    }
    jw_close(w, ']');
}

/* ---- the report --------------------------------------------------------- */

static void run_object(struct jw *w, const struct cc_report_run *run)
{
    jw_open(w, '{');
    jw_key(w, "command");
    jstr(w, run->command);
    jw_key(w, "generated_at");
    jtime(w, run->generated_at);
    jw_key(w, "config");
    jstr(w, run->config);
    jw_key(w, "store");
    jstr(w, run->store);
    jw_key(w, "fetched");
    if (run->fetched < 0) {
        jw_null(w);
    } else {
        jw_bool(w, run->fetched);
    }
    jw_key(w, "date_option");
    jtime(w, run->date_option);
    jw_key(w, "window_option");
    if (run->window_option < 0) {
        jw_null(w);
    } else {
        jw_int(w, run->window_option);
    }
    jw_close(w, '}');
}

static void features_object(struct jw *w, const struct cc_evidence *e)
{
    jw_open(w, '{');
    size_t n = CC_MIN(e->nfeatures, (size_t)CC_VERIFY_MAX_FEATURES);
    for (size_t i = 0; i < n; i++) {
        char fallback[24];
        const char *name = fallback;
        if (i < CC_MATCHER_NFEATURES) {
            name = cc_matcher_feature_name(i);
        } else {
            snprintf(fallback, sizeof(fallback), "f%zu", i);
        }
        jw_key(w, name);
        jreal(w, e->features[i]);
    }
    jw_close(w, '}');
}

static void evidence_object(struct jw *w, const struct cc_evidence *e)
{
    jw_open(w, '{');
    jw_key(w, "outlet");
    jstr(w, e->outlet);
    jw_key(w, "title");
    jstr(w, e->title);
    jw_key(w, "url");
    jstr(w, e->url);
    jw_key(w, "published");
    jtime(w, e->published);
    jw_key(w, "first_seen");
    jtime(w, e->first_seen);
    jw_key(w, "content_hash");
    jstr(w, e->content_hash[0] ? e->content_hash : NULL);
    jw_key(w, "item_id");
    jw_int(w, (int64_t)e->item_id);
    jw_key(w, "score");
    jreal(w, e->score);
    jw_key(w, "passes");
    jw_bool(w, e->passes);
    jw_key(w, "direct");
    jw_bool(w, e->direct);
    jw_key(w, "source");
    if (e->passes) {
        jsize(w, e->source);
    } else {
        jw_null(w);
    }
    jw_key(w, "copy");
    jw_bool(w, e->copy);
    jw_key(w, "contradiction");
    jstr(w, e->contradiction);
    jw_key(w, "features");
    features_object(w, e);
    jw_close(w, '}');
}

static void source_object(struct jw *w, const struct cc_claim_result *c, const struct cc_source *s)
{
    jw_open(w, '{');
    jw_key(w, "outlet");
    jstr(w, s->outlet);
    jw_key(w, "reason");
    jstr(w, s->reason);
    jw_key(w, "credibility");
    jreal(w, s->credibility);
    /* SIZE_MAX: a credited wire with no matching item of its own. */
    jw_key(w, "origin");
    if (s->origin < c->nevidence) {
        jsize(w, s->origin);
    } else {
        jw_null(w);
    }
    jw_key(w, "copies");
    jw_open(w, '[');
    for (size_t i = 0; i < s->ncopies; i++) {
        size_t k = s->copies[i];
        jw_next(w);
        jw_open(w, '{');
        jw_key(w, "evidence");
        jsize(w, k);
        jw_key(w, "outlet");
        jstr(w, k < c->nevidence ? c->evidence[k].outlet : NULL);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

static void citation_object(struct jw *w, const struct cc_citation_check *ck)
{
    jw_open(w, '{');
    jw_key(w, "text");
    jstr(w, ck->text);
    jw_key(w, "outlet");
    jstr(w, ck->outlet);
    jw_key(w, "status");
    jstr(w, cc_cite_status_name(ck->status));
    jw_key(w, "reason");
    jstr(w, ck->reason);
    jw_key(w, "evidence");
    jindex(w, ck->evidence);
    jw_close(w, '}');
}

static void claim_object(struct jw *w, const struct cc_claim_result *c)
{
    const struct cc_evidence *best = NULL;
    if (c->best >= 0 && (size_t)c->best < c->nevidence) {
        best = &c->evidence[c->best];
    }
    jw_open(w, '{');
    jw_key(w, "claim_index");
    jsize(w, c->index);
    jw_key(w, "sentence");
    jsize(w, c->sentence);
    jw_key(w, "claim");
    jstr(w, c->text);
    jw_key(w, "match_text");
    jstr(w, c->match_text);
    jw_key(w, "checkworthy");
    jw_bool(w, c->checkworthy);
    jw_key(w, "checkworthiness");
    jreal(w, c->checkworthiness);
    jw_key(w, "cited_outlets");
    jlist(w, c->cited_outlets, c->ncited);
    jw_key(w, "cited_confirmed");
    jlist(w, c->cited_confirmed, c->nconfirmed);
    jw_key(w, "reporting_outlets");
    jlist(w, c->reporting_outlets, c->nreporting);
    jw_key(w, "corroborating_outlets");
    jlist(w, c->corroborating_outlets, c->ncorroborating);
    jw_key(w, "n_outlets");
    jsize(w, c->n_outlets);
    jw_key(w, "score");
    jreal(w, c->score);
    jw_key(w, "verdict");
    jstr(w, cc_verdict_name(c->verdict));
    jw_key(w, "best_evidence");
    if (best) {
        jindex(w, c->best);
    } else {
        jw_null(w);
    }
    jw_key(w, "evidence_outlet");
    jstr(w, best ? best->outlet : NULL);
    jw_key(w, "evidence_title");
    jstr(w, best ? best->title : NULL);
    jw_key(w, "evidence_url");
    jstr(w, best ? best->url : NULL);
    jw_key(w, "evidence_published");
    if (best) {
        jtime(w, best->published);
    } else {
        jw_null(w);
    }
    jw_key(w, "contradiction");
    jstr(w, c->contradiction);
    jw_key(w, "candidates");
    jsize(w, c->candidates);
    jw_key(w, "citations");
    jw_open(w, '[');
    for (size_t i = 0; i < c->ncitations; i++) {
        jw_next(w);
        citation_object(w, &c->citations[i]);
    }
    jw_close(w, ']');
    jw_key(w, "evidence");
    jw_open(w, '[');
    for (size_t i = 0; i < c->nevidence; i++) {
        jw_next(w);
        evidence_object(w, &c->evidence[i]);
    }
    jw_close(w, ']');
    jw_key(w, "sources");
    jw_open(w, '[');
    for (size_t i = 0; i < c->nsources; i++) {
        jw_next(w);
        source_object(w, c, &c->sources[i]);
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

static bool is_web(const char *s)
{
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

static void article_object(struct jw *w, const struct cc_verify_result *r)
{
    jw_open(w, '{');
    jw_key(w, "article");
    jstr(w, r->article);
    jw_key(w, "url");
    jstr(w, is_web(r->article) ? r->article : NULL);
    jw_key(w, "title");
    jstr(w, r->title);
    jw_key(w, "outlet");
    jstr(w, r->article_outlet);
    jw_key(w, "date");
    jtime(w, r->date);
    jw_key(w, "date_source");
    jstr(w, r->date_source);
    jw_key(w, "window");
    jw_open(w, '{');
    jw_key(w, "days");
    jw_int(w, r->window_days);
    jw_key(w, "from");
    jtime(w, r->window_from);
    jw_key(w, "to");
    jtime(w, r->window_to);
    jw_close(w, '}');
    jw_key(w, "max_candidates");
    jsize(w, r->max_candidates);
    jw_key(w, "threshold");
    jreal(w, r->threshold);
    jw_key(w, "model");
    jstr(w, r->model);
    jw_key(w, "sentences");
    jsize(w, r->nsentences);
    jw_key(w, "elapsed_ms");
    jw_int(w, (int64_t)r->elapsed_ms);
    jw_key(w, "warnings");
    jlist(w, r->warnings, r->nwarnings);
    size_t counts[CC_VERDICT_NOT_CHECKABLE + 1] = {0};
    for (size_t i = 0; i < r->nclaims; i++) {
        if ((size_t)r->claims[i].verdict < CC_ARRAY_LEN(counts)) {
            counts[r->claims[i].verdict]++;
        }
    }
    jw_key(w, "verdicts");
    jw_open(w, '{');
    for (size_t v = 0; v < CC_ARRAY_LEN(counts); v++) {
        jw_key(w, cc_verdict_name((enum cc_verdict)v));
        jsize(w, counts[v]);
    }
    jw_close(w, '}');
    jw_key(w, "claims");
    jw_open(w, '[');
    for (size_t i = 0; i < r->nclaims; i++) {
        jw_next(w);
        claim_object(w, &r->claims[i]);
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

int cc_report_json_add(struct cc_buf *out, const struct cc_verify_result *const *results, size_t n,
                       const struct cc_report_run *run, struct cc_error *err)
{
    struct cc_report_run none;
    if (!run) {
        cc_report_run_init(&none);
        run = &none;
    }
    size_t mark = out->len;
    struct jw w = {.out = out, .rc = 0, .depth = 0, .compact = run->compact};
    jw_open(&w, '{');
    jw_key(&w, "credcheck");
    jstr(&w, CC_VERSION);
    jw_key(&w, "schema");
    jw_int(&w, CC_REPORT_JSON_SCHEMA);
    jw_key(&w, "run");
    run_object(&w, run);
    jw_key(&w, "articles");
    jw_open(&w, '[');
    for (size_t i = 0; i < n; i++) {
        jw_next(&w);
        article_object(&w, results[i]);
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_raw(&w, "\n", 1);
    int rc = w.rc;
    if (rc != 0) {
        cc_buf_truncate(out, mark);
        return cc_error_set(err, rc, NULL, "%s", cc_status_str(rc));
    }
    return 0;
}
