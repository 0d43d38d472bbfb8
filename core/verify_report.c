#include "core/common.h"

#include <jansson.h>

#include "core/alloc.h"
#include "core/csv.h"
#include "core/matcher.h"
#include "core/num.h"
#include "core/verify_report.h"
#include "core/utf8.h"

#include "core/banned.h"

const char *const cc_verify_report_csv_columns[16] = {
    "article",
    "claim_index",
    "claim",
    "checkworthy",
    "cited_outlets",
    "cited_confirmed",
    "reporting_outlets",
    "corroborating_outlets",
    "n_outlets",
    "score",
    "verdict",
    "evidence_outlet",
    "evidence_title",
    "evidence_url",
    "evidence_published",
    "contradiction",
};

static int join(struct cc_buf *b, char *const *v, size_t n)
{
    cc_buf_reset(b);
    for (size_t i = 0; i < n; i++) {
        int rc = cc_buf_addf(b, "%s%s", i ? ";" : "", v[i]);
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static void time_iso(char out[32], int64_t t)
{
    if (t == CC_TIME_NONE) {
        out[0] = '\0';
    } else {
        cc_time_format(out, t);
    }
}

int cc_verify_report_write_csv(struct cc_buf *out, const struct cc_verify_result *const *rs,
                               size_t n, bool header, struct cc_error *err)
{
    int rc = 0;
    struct cc_buf cited = CC_BUF_INIT, conf = CC_BUF_INIT, rep = CC_BUF_INIT, cor = CC_BUF_INIT;
    if (header) {
        rc = cc_csv_add_row(out, cc_verify_report_csv_columns, 16, 0);
    }
    for (size_t a = 0; a < n && rc == 0; a++) {
        const struct cc_verify_result *r = rs[a];
        for (size_t i = 0; i < r->nclaims && rc == 0; i++) {
            const struct cc_claim_result *c = &r->claims[i];
            char idx[32] = "", nout[32], score[32], pub[32] = "";
            if (c->index > 0) {
                snprintf(idx, sizeof(idx), "%zu", c->index);
            }
            snprintf(nout, sizeof(nout), "%zu", c->n_outlets);
            snprintf(score, sizeof(score), "%.6f", c->score);
            const struct cc_evidence *best = c->best >= 0 ? &c->evidence[c->best] : NULL;
            if (best) {
                time_iso(pub, best->published);
            }
            if ((rc = join(&cited, c->cited_outlets, c->ncited)) < 0 ||
                (rc = join(&conf, c->cited_confirmed, c->nconfirmed)) < 0 ||
                (rc = join(&rep, c->reporting_outlets, c->nreporting)) < 0 ||
                (rc = join(&cor, c->corroborating_outlets, c->ncorroborating)) < 0) {
                break;
            }
            const char *cells[16] = {
                r->article,
                idx,
                c->text,
                c->checkworthy ? "true" : "false",
                cited.buf,
                conf.buf,
                rep.buf,
                cor.buf,
                nout,
                score,
                cc_verdict_name(c->verdict),
                best ? best->outlet : "",
                best && best->title ? best->title : "",
                best && best->url ? best->url : "",
                pub,
                c->contradiction ? c->contradiction : "",
            };
            rc = cc_csv_add_row(out, cells, 16, 0);
        }
    }
    cc_buf_release(&cited);
    cc_buf_release(&conf);
    cc_buf_release(&rep);
    cc_buf_release(&cor);
    return rc < 0 ? cc_error_set(err, rc, "report", "out of memory") : 0;
}

/* ---- JSON --------------------------------------------------------------------------------------
 */

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jtime(int64_t t)
{
    if (t == CC_TIME_NONE) {
        return json_null();
    }
    char b[32];
    cc_time_format(b, t);
    return json_string(b);
}

static json_t *jstrv(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_array_append_new(a, json_string(v[i]));
    }
    return a;
}

static json_t *evidence_json(const struct cc_evidence *e)
{
    json_t *o = json_object();
    json_t *f = json_object();
    if (!o || !f) {
        json_decref(o);
        json_decref(f);
        return NULL;
    }
    for (size_t k = 0; k < e->nfeatures; k++) {
        json_object_set_new(f, cc_matcher_feature_name(k), json_real(e->features[k]));
    }
    json_object_set_new(o, "outlet", jstr(e->outlet));
    json_object_set_new(o, "title", jstr(e->title));
    json_object_set_new(o, "url", jstr(e->url));
    json_object_set_new(o, "published", jtime(e->published));
    json_object_set_new(o, "first_seen", jtime(e->first_seen));
    json_object_set_new(o, "content_hash", json_string(e->content_hash));
    json_object_set_new(o, "item_id", json_integer(e->item_id));
    json_object_set_new(o, "score", json_real(e->score));
    json_object_set_new(o, "passes", json_boolean(e->passes));
    json_object_set_new(o, "direct", json_boolean(e->direct));
    json_object_set_new(o, "copy", json_boolean(e->passes && e->copy));
    json_object_set_new(o, "contradiction", jstr(e->contradiction));
    json_object_set_new(o, "features", f);
    return o;
}

static json_t *claim_json(const struct cc_claim_result *c)
{
    json_t *o = json_object();
    json_t *ev = json_array();
    json_t *src = json_array();
    json_t *cit = json_array();
    if (!o || !ev || !src || !cit) {
        json_decref(o);
        json_decref(ev);
        json_decref(src);
        json_decref(cit);
        return NULL;
    }
    json_object_set_new(o, "claim_index",
                        c->index ? json_integer((json_int_t)c->index) : json_null());
    json_object_set_new(o, "sentence", json_integer((json_int_t)c->sentence));
    json_object_set_new(o, "claim", jstr(c->text));
    json_object_set_new(o, "match_text", jstr(c->match_text));
    json_object_set_new(o, "checkworthy", json_boolean(c->checkworthy));
    json_object_set_new(o, "checkworthiness", json_real(c->checkworthiness));
    json_object_set_new(o, "cited_outlets", jstrv(c->cited_outlets, c->ncited));
    json_object_set_new(o, "cited_confirmed", jstrv(c->cited_confirmed, c->nconfirmed));
    json_object_set_new(o, "reporting_outlets", jstrv(c->reporting_outlets, c->nreporting));
    json_object_set_new(o, "corroborating_outlets",
                        jstrv(c->corroborating_outlets, c->ncorroborating));
    json_object_set_new(o, "n_outlets", json_integer((json_int_t)c->n_outlets));
    json_object_set_new(o, "score", json_real(c->score));
    json_object_set_new(o, "verdict", json_string(cc_verdict_name(c->verdict)));
    json_object_set_new(o, "contradiction", jstr(c->contradiction));
    json_object_set_new(o, "candidates", json_integer((json_int_t)c->candidates));
    for (size_t i = 0; i < c->nevidence; i++) {
        json_array_append_new(ev, evidence_json(&c->evidence[i]));
    }
    for (size_t s = 0; s < c->nsources; s++) {
        const struct cc_source *x = &c->sources[s];
        json_t *so = json_object();
        json_t *copies = json_array();
        for (size_t k = 0; k < x->ncopies; k++) {
            const struct cc_evidence *e = &c->evidence[x->copies[k]];
            json_t *cp = json_object();
            json_object_set_new(cp, "outlet", jstr(e->outlet));
            json_object_set_new(cp, "title", jstr(e->title));
            json_object_set_new(cp, "url", jstr(e->url));
            json_array_append_new(copies, cp);
        }
        json_object_set_new(so, "outlet", jstr(x->outlet));
        json_object_set_new(so, "reason", jstr(x->reason));
        json_object_set_new(so, "credibility", json_real(x->credibility));
        json_object_set_new(so, "origin_url",
                            x->origin < c->nevidence ? jstr(c->evidence[x->origin].url)
                                                     : json_null());
        json_object_set_new(so, "copies", copies);
        json_array_append_new(src, so);
    }
    for (size_t i = 0; i < c->ncitations; i++) {
        const struct cc_citation_check *x = &c->citations[i];
        json_t *co = json_object();
        json_object_set_new(co, "text", jstr(x->text));
        json_object_set_new(co, "outlet", jstr(x->outlet));
        json_object_set_new(co, "status", json_string(cc_cite_status_name(x->status)));
        json_object_set_new(co, "reason", jstr(x->reason));
        json_object_set_new(co, "evidence_url",
                            x->evidence >= 0 ? jstr(c->evidence[x->evidence].url) : json_null());
        json_array_append_new(cit, co);
    }
    json_object_set_new(o, "sources", src);
    json_object_set_new(o, "citations", cit);
    json_object_set_new(o, "evidence", ev);
    return o;
}

int cc_verify_report_write_json(struct cc_buf *out, const struct cc_verify_result *const *rs,
                                size_t n, struct cc_error *err)
{
    json_t *root = json_object();
    json_t *arts = json_array();
    if (!root || !arts) {
        json_decref(root);
        json_decref(arts);
        return cc_error_set(err, CC_ENOMEM, "report", "out of memory");
    }
    json_object_set_new(root, "articles", arts);
    for (size_t a = 0; a < n; a++) {
        const struct cc_verify_result *r = rs[a];
        json_t *o = json_object();
        json_t *claims = json_array();
        json_t *params = json_object();
        if (!o || !claims || !params) {
            json_decref(o);
            json_decref(claims);
            json_decref(params);
            json_decref(root);
            return cc_error_set(err, CC_ENOMEM, "report", "out of memory");
        }
        json_object_set_new(o, "article", jstr(r->article));
        json_object_set_new(o, "title", jstr(r->title));
        json_object_set_new(o, "outlet", jstr(r->article_outlet));
        json_object_set_new(o, "date", jtime(r->date));
        json_object_set_new(o, "date_source", jstr(r->date_source));
        json_object_set_new(params, "window_days", json_integer(r->window_days));
        json_object_set_new(params, "window_from", jtime(r->window_from));
        json_object_set_new(params, "window_to", jtime(r->window_to));
        json_object_set_new(params, "max_candidates", json_integer((json_int_t)r->max_candidates));
        json_object_set_new(params, "outlet_threshold", json_real(r->threshold));
        json_object_set_new(params, "model", jstr(r->model));
        json_object_set_new(o, "parameters", params);
        json_object_set_new(o, "warnings", jstrv(r->warnings, r->nwarnings));
        for (size_t i = 0; i < r->nclaims; i++) {
            json_array_append_new(claims, claim_json(&r->claims[i]));
        }
        json_object_set_new(o, "claims", claims);
        json_array_append_new(arts, o);
    }
    char *s = json_dumps(root, JSON_INDENT(1) | JSON_ENSURE_ASCII * 0);
    json_decref(root);
    if (!s) {
        return cc_error_set(err, CC_ENOMEM, "report", "out of memory");
    }
    int rc = cc_buf_adds(out, s);
    if (rc == 0) {
        rc = cc_buf_addch(out, '\n');
    }
    free(s); /* allocated by jansson */
    return rc < 0 ? cc_error_set(err, rc, "report", "out of memory") : 0;
}

/* ---- table --------------------------------------------------------------------------------------
 */

static const char *verdict_color(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "\x1b[32m";
    case CC_VERDICT_SINGLE_SOURCE:
        return "\x1b[33m";
    case CC_VERDICT_UNCORROBORATED:
        return "\x1b[31m";
    case CC_VERDICT_CONTRADICTED:
        return "\x1b[1;31m";
    case CC_VERDICT_NOT_CHECKABLE:
        return "\x1b[2m";
    }
    return "";
}

static int add_cut(struct cc_buf *out, const char *s, size_t width)
{
    size_t used = 0;
    size_t n = cc_utf8_prefix_for_width(s, strlen(s), width, &used);
    int rc = cc_buf_add(out, s, n);
    if (rc == 0 && n < strlen(s)) {
        rc = cc_buf_adds(out, "...");
    }
    return rc;
}

int cc_verify_report_write_table(struct cc_buf *out, const struct cc_verify_result *const *rs,
                                 size_t n, size_t width, bool color, struct cc_error *err)
{
    if (width == 0) {
        width = 100;
    }
    int rc = 0;
    struct cc_buf line = CC_BUF_INIT;
    for (size_t a = 0; a < n && rc == 0; a++) {
        const struct cc_verify_result *r = rs[a];
        char d[32];
        cc_date_format(d, r->date);
        rc = cc_buf_addf(out, "%s  (%s, %s; window +-%d days)\n", r->article, d,
                         r->date_source ? r->date_source : "?", r->window_days);
        for (size_t i = 0; i < r->nclaims && rc == 0; i++) {
            const struct cc_claim_result *c = &r->claims[i];
            const struct cc_evidence *best = c->best >= 0 ? &c->evidence[c->best] : NULL;
            cc_buf_reset(&line);
            rc = cc_buf_addf(&line, "%3s %-15s %.2f %2zu  ", "", cc_verdict_name(c->verdict),
                             c->score, c->n_outlets);
            if (c->index > 0 && rc == 0) {
                char idx[32];
                snprintf(idx, sizeof(idx), "%3zu", c->index % 1000);
                memcpy(line.buf, idx, 3);
            }
            if (rc == 0) {
                rc = cc_buf_adds(&line, c->text);
            }
            if (rc == 0) {
                if (color) {
                    rc = cc_buf_adds(out, verdict_color(c->verdict));
                }
                if (rc == 0) {
                    rc = add_cut(out, line.buf, width > 3 ? width - 3 : width);
                }
                if (rc == 0 && color) {
                    rc = cc_buf_adds(out, "\x1b[0m");
                }
                if (rc == 0) {
                    rc = cc_buf_addch(out, '\n');
                }
            }
            if (rc == 0 && best) {
                cc_buf_reset(&line);
                rc = cc_buf_addf(&line, "      %s: %s", best->outlet,
                                 best->title ? best->title : "(untitled)");
                if (rc == 0 && c->nreporting > 1) {
                    rc = cc_buf_addf(&line, " (+%zu more)", c->nreporting - 1);
                }
                if (rc == 0) {
                    rc = add_cut(out, line.buf, width > 3 ? width - 3 : width);
                }
                if (rc == 0) {
                    rc = cc_buf_addch(out, '\n');
                }
            }
            for (size_t k = 0; k < c->ncitations && rc == 0; k++) {
                const struct cc_citation_check *x = &c->citations[k];
                if (x->status == CC_CITE_CONFIRMED) {
                    continue;
                }
                cc_buf_reset(&line);
                rc = cc_buf_addf(&line, "      cited but not found (%s): %s",
                                 cc_cite_status_name(x->status), x->reason ? x->reason : "");
                if (rc == 0) {
                    rc = add_cut(out, line.buf, width > 3 ? width - 3 : width);
                }
                if (rc == 0) {
                    rc = cc_buf_addch(out, '\n');
                }
            }
        }
    }
    cc_buf_release(&line);
    return rc < 0 ? cc_error_set(err, rc, "report", "out of memory") : 0;
}
