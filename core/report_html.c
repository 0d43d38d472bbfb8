#include "core/common.h"

#include <stdarg.h>

#include "core/alloc.h"
#include "core/num.h"
#include "core/report_html.h"
#include "core/report_table.h"
#include "core/utf8.h"
#include "core/banned.h"

/* Claim text shown in a grid row is cut to about this many columns. */
#define GRID_CLAIM_WIDTH 90

/* The page's style sheet, in pieces (C compilers need only support 4095-byte
 * literals). Verdict colours are the Okabe-Ito palette
 * (distinguishable with the common colour-vision deficiencies), darkened
 * for text contrast; every verdict also has its own icon, label and
 * underline style, so nothing depends on colour alone. */
static const char *const page_css[] = {
    ":root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f6f5f1;--card:#fff;"
    "--ok:#00704f;--ok-bg:#d7f0e6;--one:#8a5300;--one-bg:#fbecc9;"
    "--unk:#3d4a5c;--unk-bg:#e6eaf0;--bad:#a63d00;--bad-bg:#fadccb;"
    "--nc:#6e7781;--nc-bg:transparent;--copy:#0060a0;--copy-bg:#d8ebf8}\n"
    "*{box-sizing:border-box}\n"
    "html{background:var(--bg);color:var(--ink)}\n"
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:1120px;margin:0 auto;padding:24px 20px 48px}\n"
    ".masthead{background:#1f2328;color:#f6f5f1;padding:10px 20px;font-size:13px;"
    "letter-spacing:.04em}\n"
    ".masthead b{letter-spacing:.08em;text-transform:uppercase;margin-right:.6em}\n"
    ".masthead a{color:#f6f5f1}\n"
    "h1{font:700 30px/1.2 Georgia,\"Iowan Old Style\",\"DejaVu Serif\",serif;margin:8px 0 6px}\n"
    "h2{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);"
    "margin:0 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}\n"
    "h3{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);"
    "margin:14px 0 6px}\n"
    ".report{margin-bottom:56px}\n"
    ".meta{color:var(--muted);margin:0 0 14px}\n"
    ".meta span+span:before{content:\"\\2002\\00b7\\2002\"}\n"
    ".panel{background:var(--card);border:1px solid var(--line);border-radius:8px;"
    "padding:18px 20px;margin:18px 0}\n"
    ".tally{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 10px;padding:0;list-style:none}\n"
    ".chip{display:inline-flex;align-items:center;gap:6px;border-radius:999px;"
    "padding:3px 12px 3px 4px;font-weight:600;font-size:14px;border:1px solid transparent}\n"
    ".ic{display:inline-flex;align-items:center;justify-content:center;width:22px;height:22px;"
    "border-radius:50%;font-weight:700;font-size:13px;color:#fff;flex:none}\n"
    ".v-corroborated .ic{background:var(--ok)}.v-single-source .ic{background:var(--one)}"
    ".v-uncorroborated .ic{background:var(--unk)}.v-contradicted .ic{background:var(--bad)}"
    ".v-not-checkable .ic{background:#fff;color:var(--nc);border:1px dashed var(--nc)}\n"
    ".chip.v-corroborated{background:var(--ok-bg);color:var(--ok)}"
    ".chip.v-single-source{background:var(--one-bg);color:var(--one)}"
    ".chip.v-uncorroborated{background:var(--unk-bg);color:var(--unk)}"
    ".chip.v-contradicted{background:var(--bad-bg);color:var(--bad)}"
    ".chip.v-not-checkable{background:#fff;color:var(--nc);border-color:var(--line)}\n"
    ".legend{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:6px 20px;"
    "font-size:13px;color:var(--muted);margin:0;padding:0;list-style:none}\n"
    ".legend li{display:flex;gap:8px;align-items:flex-start}\n"
    ".legend .chip{font-size:12px;white-space:nowrap}\n"
    ".legend .cell{flex:none}\n"
    ".prose{font:18px/1.7 Georgia,\"Iowan Old Style\",\"DejaVu Serif\",serif;max-width:44em}\n"
    ".prose p{margin:0 0 .8em}\n",
    "mark.hl{color:inherit;border-radius:3px;padding:1px 2px;text-decoration-line:underline;"
    "text-decoration-thickness:2px;text-underline-offset:4px}\n"
    "mark.hl a{color:inherit;text-decoration:none}\n"
    "mark.v-corroborated{background:var(--ok-bg);text-decoration-color:var(--ok);"
    "text-decoration-style:solid}\n"
    "mark.v-single-source{background:var(--one-bg);text-decoration-color:var(--one);"
    "text-decoration-style:dashed}\n"
    "mark.v-uncorroborated{background:var(--unk-bg);text-decoration-color:var(--unk);"
    "text-decoration-style:dotted}\n"
    "mark.v-contradicted{background:var(--bad-bg);text-decoration-color:var(--bad);"
    "text-decoration-style:wavy}\n"
    "mark.hl sup{font:700 11px/1 system-ui,sans-serif;margin-left:3px;vertical-align:super}\n"
    ".plain{color:#3d444d}\n"
    ".gridwrap{overflow-x:auto}\n"
    "table{border-collapse:collapse}\n"
    "table.grid{font-size:13px}\n"
    ".grid th,.grid td{border-bottom:1px solid var(--line);padding:5px 6px}\n"
    ".grid thead th{vertical-align:bottom;font-weight:600;color:var(--muted);white-space:nowrap}\n"
    ".grid thead th.o{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;"
    "max-height:160px;padding:6px 4px}\n"
    ".grid tbody th{text-align:left;font-weight:400;min-width:260px;max-width:460px}\n"
    ".grid tbody th a{color:inherit;text-decoration:none}\n"
    ".grid tbody th .ic{width:18px;height:18px;font-size:11px;margin-right:6px;"
    "vertical-align:-3px}\n"
    ".grid td{text-align:center;min-width:34px}\n"
    ".cell{display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;"
    "border-radius:5px;font-weight:700;font-size:13px}\n"
    ".c-confirmed{background:var(--ok);color:#fff}\n"
    ".c-reports{background:var(--ok-bg);color:var(--ok);border:1px solid var(--ok)}\n"
    ".c-copy{background:var(--copy-bg);color:var(--copy);border:1px dashed var(--copy)}\n"
    ".c-conflict{background:var(--bad);color:#fff}\n"
    ".c-missing{background:#fff;color:var(--bad);border:2px solid var(--bad)}\n"
    ".c-silent{color:#b8bfc6}\n"
    ".claims{display:grid;gap:14px}\n"
    ".claim{background:var(--card);border:1px solid var(--line);border-left:6px solid;"
    "border-radius:8px;padding:14px 18px}\n"
    ".claim.v-corroborated{border-left-color:var(--ok)}"
    ".claim.v-single-source{border-left-color:var(--one);border-left-style:dashed}"
    ".claim.v-uncorroborated{border-left-color:var(--unk);border-left-style:dotted}"
    ".claim.v-contradicted{border-left-color:var(--bad);border-left-style:double}\n"
    ".claim:target{box-shadow:0 0 0 3px #0060a055}\n"
    ".claimhead{display:flex;flex-wrap:wrap;align-items:center;gap:10px 16px}\n"
    ".claimhead .n{font-weight:700;color:var(--muted)}\n"
    ".meter{display:inline-block;width:90px;height:8px;border-radius:4px;background:var(--line);"
    "overflow:hidden;vertical-align:middle;margin-right:6px}\n"
    ".meter>span{display:block;height:100%;background:var(--ink)}\n",
    ".score{font-variant-numeric:tabular-nums;color:var(--muted)}\n"
    ".src{color:var(--muted)}\n"
    ".claimtext{font:17px/1.55 Georgia,\"Iowan Old Style\",\"DejaVu Serif\",serif;margin:10px 0 "
    "4px}\n"
    ".alert{background:var(--bad-bg);color:var(--bad);border-radius:6px;padding:6px 10px;"
    "font-weight:600;margin:8px 0}\n"
    ".checks{list-style:none;margin:0;padding:0}\n"
    ".checks li{margin:3px 0}\n"
    ".checks .why{color:var(--muted)}\n"
    "table.ev{width:100%;font-size:14px}\n"
    ".ev th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;"
    "border-bottom:1px solid var(--line);padding:4px 8px 4px 0}\n"
    ".ev td{border-bottom:1px solid #eef1f4;padding:5px 8px 5px 0;vertical-align:top}\n"
    ".ev td.num,.ev td.when{white-space:nowrap;font-variant-numeric:tabular-nums;"
    "color:var(--muted)}\n"
    ".ev .role{font-size:12px;color:var(--muted)}\n"
    "a{color:#0b5cad}\n"
    "details summary{cursor:pointer;color:var(--muted);font-size:13px;margin-top:6px}\n"
    "dl.params{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0;"
    "font-size:14px}\n"
    "dl.params dt{color:var(--muted)}\n"
    "dl.params dd{margin:0;overflow-wrap:anywhere}\n"
    ".warn{color:var(--bad)}\n"
    "footer{color:var(--muted);font-size:12px;text-align:center;padding:20px}\n"
    "@media print{html{background:#fff}.masthead{display:none}.panel,.claim{break-inside:avoid}}\n",
};

struct page {
    struct cc_buf *out;
    struct cc_buf tmp; /* scratch for repaired text */
    int rc;
};

static void raw(struct page *p, const char *s)
{
    if (p->rc == 0) {
        p->rc = cc_buf_adds(p->out, s);
    }
}

static void rawn(struct page *p, const char *s, size_t n)
{
    if (p->rc == 0) {
        p->rc = cc_buf_add(p->out, s, n);
    }
}

static void rawf(struct page *p, const char *fmt, ...) CC_PRINTF(2, 3);

static void rawf(struct page *p, const char *fmt, ...)
{
    char s[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s, sizeof(s), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(s)) {
        /* Only short fixed formats come here; a cut one is a bug. */
        if (p->rc == 0) {
            p->rc = CC_ERR;
        }
        return;
    }
    rawn(p, s, (size_t)n);
}

/* Appends text escaped for HTML text and attribute values: & < > " ' as
 * entities, invalid UTF-8 repaired, control characters (which HTML
 * forbids) as spaces. At most max_width columns when max_width > 0 (cut
 * with an ellipsis). */
static void esc_cut(struct page *p, const char *s, size_t max_width)
{
    if (!s || p->rc != 0) {
        return;
    }
    size_t len = strlen(s);
    const char *t = s;
    if (!cc_utf8_is_valid(s, len)) {
        cc_buf_reset(&p->tmp);
        p->rc = cc_utf8_repair(&p->tmp, s, len, NULL);
        if (p->rc != 0) {
            return;
        }
        t = p->tmp.buf;
        len = p->tmp.len;
    }
    bool cut = false;
    if (max_width > 0 && cc_utf8_width(t, len) > max_width) {
        len = cc_utf8_prefix_for_width(t, len, max_width - 1, NULL);
        while (len > 0 && t[len - 1] == ' ') {
            len--;
        }
        cut = true;
    }
    size_t start = 0;
    for (size_t i = 0; i < len && p->rc == 0; i++) {
        unsigned char c = (unsigned char)t[i];
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                rep = " ";
            }
            break;
        }
        if (rep) {
            rawn(p, t + start, i - start);
            raw(p, rep);
            start = i + 1;
        }
    }
    rawn(p, t + start, len - start);
    if (cut) {
        raw(p, "\xe2\x80\xa6");
    }
}

static void esc(struct page *p, const char *s)
{
    esc_cut(p, s, 0);
}

static bool is_web(const char *s)
{
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

/* "2025-04-22 14:05 UTC", or the date alone at midnight. */
static void when(struct page *p, int64_t t)
{
    if (t == CC_TIME_NONE) {
        raw(p, "\xe2\x80\x94"); /* em dash: no date */
        return;
    }
    struct cc_tm tm;
    cc_time_to_tm(&tm, t);
    char date[32];
    cc_date_format(date, t);
    if (tm.hour == 0 && tm.min == 0 && tm.sec == 0) {
        raw(p, date);
    } else {
        rawf(p, "%s %02d:%02d UTC", date, tm.hour, tm.min);
    }
}

/* A score for display: in [0,1]; NaN and -0.0 (which would print "-0.00")
 * as 0. */
static double shown_score(double s)
{
    return s > 0 ? (s < 1 ? s : 1.0) : 0.0;
}

static void icon(struct page *p, enum cc_verdict v)
{
    raw(p, "<span class=\"ic\" aria-hidden=\"true\">");
    raw(p, cc_report_verdict_icon(v));
    raw(p, "</span>");
}

/* A verdict label for people: "Single source" for "single-source". */
static const char *verdict_label(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "Corroborated";
    case CC_VERDICT_SINGLE_SOURCE:
        return "Single source";
    case CC_VERDICT_UNCORROBORATED:
        return "Uncorroborated";
    case CC_VERDICT_CONTRADICTED:
        return "Contradicted";
    case CC_VERDICT_NOT_CHECKABLE:
        return "Not checkable";
    }
    return "Unknown";
}

static const char *verdict_meaning(enum cc_verdict v)
{
    switch (v) {
    case CC_VERDICT_CORROBORATED:
        return "two or more independent outlets report it";
    case CC_VERDICT_SINGLE_SOURCE:
        return "exactly one independent outlet reports it";
    case CC_VERDICT_UNCORROBORATED:
        return "checkable, but no outlet in the store reports it";
    case CC_VERDICT_CONTRADICTED:
        return "an outlet reports a conflicting number, date or fact";
    case CC_VERDICT_NOT_CHECKABLE:
        return "no factual content to check";
    }
    return "";
}

static void chip(struct page *p, enum cc_verdict v, const char *text)
{
    raw(p, "<span class=\"chip v-");
    raw(p, cc_verdict_name(v));
    raw(p, "\">");
    icon(p, v);
    esc(p, text);
    raw(p, "</span>");
}

static bool in_list(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++) {
        if (names[i] && strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- the coverage grid ---------------------------------------------------- */

struct grid_outlet {
    const char *name; /* borrowed from the result */
    size_t reports;   /* claims it reports (copies included) */
    size_t cited;     /* claims that cite it */
};

struct grid {
    struct grid_outlet *v;
    size_t n;
    size_t alloc;
};

static int grid_note(struct grid *g, const char *name, bool reports, bool cited)
{
    if (!name) {
        return 0;
    }
    for (size_t i = 0; i < g->n; i++) {
        if (strcmp(g->v[i].name, name) == 0) {
            g->v[i].reports += reports;
            g->v[i].cited += cited;
            return 0;
        }
    }
    int rc = cc_array_grow((void **)&g->v, &g->alloc, g->n + 1, sizeof(*g->v));
    if (rc != 0) {
        return rc;
    }
    g->v[g->n].name = name;
    g->v[g->n].reports = reports;
    g->v[g->n].cited = cited;
    g->n++;
    return 0;
}

/* Most-reporting outlets first, then the most cited, then by name. */
static int grid_cmp(const void *a, const void *b)
{
    const struct grid_outlet *x = a;
    const struct grid_outlet *y = b;
    if (x->reports != y->reports) {
        return x->reports > y->reports ? -1 : 1;
    }
    if (x->cited != y->cited) {
        return x->cited > y->cited ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

static int grid_build(struct grid *g, const struct cc_verify_result *r)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->nclaims; i++) {
        const struct cc_claim_result *c = &r->claims[i];
        if (!c->checkworthy) {
            continue;
        }
        for (size_t k = 0; rc == 0 && k < c->nreporting; k++) {
            rc = grid_note(g, c->reporting_outlets[k], true, false);
        }
        for (size_t k = 0; rc == 0 && k < c->ncited; k++) {
            rc = grid_note(g, c->cited_outlets[k], false, true);
        }
        for (size_t k = 0; rc == 0 && k < c->nevidence; k++) {
            if (c->evidence[k].contradiction) {
                rc = grid_note(g, c->evidence[k].outlet, false, false);
            }
        }
    }
    if (rc == 0 && g->n > 1) {
        cc_sort(g->v, g->n, sizeof(*g->v), grid_cmp);
    }
    return rc;
}

static const struct cc_evidence *evidence_of(const struct cc_claim_result *c, const char *outlet,
                                             bool contradiction)
{
    for (size_t k = 0; k < c->nevidence; k++) {
        const struct cc_evidence *e = &c->evidence[k];
        if (e->outlet && strcmp(e->outlet, outlet) == 0 &&
            (contradiction ? e->contradiction != NULL : e->passes)) {
            return e;
        }
    }
    return NULL;
}

static const struct cc_citation_check *citation_of(const struct cc_claim_result *c,
                                                   const char *outlet)
{
    for (size_t k = 0; k < c->ncitations; k++) {
        if (c->citations[k].outlet && strcmp(c->citations[k].outlet, outlet) == 0) {
            return &c->citations[k];
        }
    }
    return NULL;
}

/* The origin outlet a reporting outlet's item is a copy of, or NULL. */
static const char *copy_origin(const struct cc_claim_result *c, const char *outlet)
{
    for (size_t s = 0; s < c->nsources; s++) {
        const struct cc_source *src = &c->sources[s];
        for (size_t k = 0; k < src->ncopies; k++) {
            size_t e = src->copies[k];
            if (e < c->nevidence && c->evidence[e].outlet &&
                strcmp(c->evidence[e].outlet, outlet) == 0) {
                return src->outlet;
            }
        }
    }
    return NULL;
}

static void grid_cell(struct page *p, const struct cc_claim_result *c, const char *outlet)
{
    bool cited = in_list(c->cited_outlets, c->ncited, outlet);
    bool confirmed = in_list(c->cited_confirmed, c->nconfirmed, outlet);
    bool reports = in_list(c->reporting_outlets, c->nreporting, outlet);
    bool independent = in_list(c->corroborating_outlets, c->ncorroborating, outlet);
    const struct cc_evidence *conflict = evidence_of(c, outlet, true);
    const struct cc_evidence *ev = evidence_of(c, outlet, false);
    raw(p, "<td>");
    if (conflict) {
        raw(p, "<span class=\"cell c-conflict\" title=\"");
        esc(p, outlet);
        raw(p, " reports something conflicting: ");
        esc(p, conflict->contradiction);
        raw(p, "\">\xe2\x89\xa0</span>");
    } else if (cited && confirmed) {
        raw(p, "<span class=\"cell c-confirmed\" title=\"cited, and ");
        esc(p, outlet);
        raw(p, " did report it");
        if (ev && ev->title) {
            raw(p, ": ");
            esc(p, ev->title);
        }
        raw(p, "\">\xe2\x9c\x94</span>");
    } else if (cited) {
        const struct cc_citation_check *ck = citation_of(c, outlet);
        raw(p, "<span class=\"cell c-missing\" title=\"cited, but not found in ");
        esc(p, outlet);
        if (ck) {
            raw(p, " (");
            esc(p, cc_cite_status_name(ck->status));
            if (ck->reason) {
                raw(p, ": ");
                esc(p, ck->reason);
            }
            raw(p, ")");
        }
        raw(p, "\">\xe2\x9c\x98</span>");
    } else if (reports && !independent) {
        const char *origin = copy_origin(c, outlet);
        raw(p, "<span class=\"cell c-copy\" title=\"");
        esc(p, outlet);
        raw(p, " carries a syndicated copy");
        if (origin) {
            raw(p, " of ");
            esc(p, origin);
        }
        raw(p, "\">\xe2\x86\xbb</span>");
    } else if (reports) {
        raw(p, "<span class=\"cell c-reports\" title=\"");
        esc(p, outlet);
        raw(p, " reports it");
        if (ev && ev->title) {
            raw(p, ": ");
            esc(p, ev->title);
        }
        raw(p, "\">\xe2\x97\x8f</span>");
    } else {
        raw(p, "<span class=\"cell c-silent\" title=\"");
        esc(p, outlet);
        raw(p, ": nothing matching\">\xc2\xb7</span>");
    }
    raw(p, "</td>");
}

static void grid_section(struct page *p, const struct cc_verify_result *r, const char *aid)
{
    struct grid g = {NULL, 0, 0};
    int rc = grid_build(&g, r);
    if (rc != 0) {
        p->rc = rc;
        cc_free(g.v);
        return;
    }
    raw(p, "<section class=\"panel\"><h2>Who reported what</h2>");
    if (g.n == 0) {
        raw(p, "<p class=\"meta\">No outlet reports any claim, and the article cites none.</p>");
    } else {
        raw(p, "<div class=\"gridwrap\"><table class=\"grid\"><thead><tr><th>Claim</th>");
        for (size_t o = 0; o < g.n; o++) {
            raw(p, "<th class=\"o\" scope=\"col\">");
            esc(p, g.v[o].name);
            raw(p, "</th>");
        }
        raw(p, "</tr></thead><tbody>");
        for (size_t i = 0; i < r->nclaims; i++) {
            const struct cc_claim_result *c = &r->claims[i];
            if (!c->checkworthy) {
                continue;
            }
            raw(p, "<tr class=\"v-");
            raw(p, cc_verdict_name(c->verdict));
            rawf(p, "\"><th scope=\"row\"><a href=\"#%s-c%zu\">", aid, c->index);
            icon(p, c->verdict);
            rawf(p, "<b>%zu</b> ", c->index);
            esc_cut(p, c->text, GRID_CLAIM_WIDTH);
            raw(p, "</a></th>");
            for (size_t o = 0; o < g.n; o++) {
                grid_cell(p, c, g.v[o].name);
            }
            raw(p, "</tr>");
        }
        raw(p, "</tbody></table></div>");
    }
    raw(p, "</section>");
    cc_free(g.v);
}

/* ---- claims ---------------------------------------------------------------- */

static void link_or_text(struct page *p, const char *url, const char *text)
{
    if (is_web(url)) {
        raw(p, "<a href=\"");
        esc(p, url);
        raw(p, "\" rel=\"noopener noreferrer\">");
        esc(p, text);
        raw(p, "</a>");
    } else {
        esc(p, text);
    }
}

static void evidence_row(struct page *p, const struct cc_claim_result *c,
                         const struct cc_evidence *e)
{
    raw(p, "<tr><td><b>");
    esc(p, e->outlet);
    raw(p, "</b>");
    if (e->passes) {
        if (e->copy) {
            const char *origin = e->source < c->nsources ? c->sources[e->source].outlet : NULL;
            raw(p, "<br><span class=\"role\">\xe2\x86\xbb copy");
            if (origin) {
                raw(p, " of ");
                esc(p, origin);
            }
            raw(p, "</span>");
        } else {
            raw(p, "<br><span class=\"role\">independent source</span>");
        }
    }
    raw(p, "</td><td>");
    link_or_text(p, e->url, e->title ? e->title : (e->url ? e->url : "(untitled item)"));
    if (e->contradiction) {
        raw(p, "<div class=\"alert\">\xe2\x89\xa0 ");
        esc(p, e->contradiction);
        raw(p, "</div>");
    }
    raw(p, "</td><td class=\"when\">");
    when(p, e->published);
    rawf(p, "</td><td class=\"num\">%.2f</td></tr>", shown_score(e->score));
}

static void evidence_table_head(struct page *p)
{
    raw(p, "<table class=\"ev\"><thead><tr><th>Outlet</th><th>Item</th><th>Published</th>"
           "<th>Score</th></tr></thead><tbody>");
}

static void claim_card(struct page *p, const struct cc_claim_result *c, const char *aid)
{
    rawf(p, "<section class=\"claim v-%s\" id=\"%s-c%zu\">", cc_verdict_name(c->verdict), aid,
         c->index);
    raw(p, "<div class=\"claimhead\">");
    rawf(p, "<span class=\"n\">Claim %zu</span>", c->index);
    chip(p, c->verdict, verdict_label(c->verdict));
    double s = shown_score(c->score);
    rawf(p,
         "<span class=\"score\"><span class=\"meter\" role=\"img\" aria-label=\"score %.2f\">"
         "<span style=\"width:%d%%\"></span></span>score %.2f</span>",
         s, (int)(s * 100 + 0.5), s);
    rawf(p, "<span class=\"src\">%zu independent source%s</span>", c->n_outlets,
         c->n_outlets == 1 ? "" : "s");
    raw(p, "</div><p class=\"claimtext\">");
    esc(p, c->text);
    raw(p, "</p>");
    if (c->contradiction) {
        raw(p, "<div class=\"alert\">\xe2\x89\xa0 Conflict: ");
        esc(p, c->contradiction);
        raw(p, "</div>");
    }
    if (c->nsources > 0) {
        raw(p, "<h3>Independent sources</h3><ul class=\"checks\">");
        for (size_t i = 0; i < c->nsources; i++) {
            const struct cc_source *src = &c->sources[i];
            raw(p, "<li>\xe2\x97\x8f <b>");
            esc(p, src->outlet);
            raw(p, "</b>");
            if (src->reason && strcmp(src->reason, "independent") != 0) {
                raw(p, " <span class=\"why\">(");
                esc(p, src->reason);
                raw(p, ")</span>");
            }
            if (src->ncopies > 0) {
                raw(p, " <span class=\"why\">\xe2\x80\x94 also carried by ");
                for (size_t k = 0; k < src->ncopies; k++) {
                    size_t e = src->copies[k];
                    if (k > 0) {
                        raw(p, ", ");
                    }
                    esc(p, e < c->nevidence ? c->evidence[e].outlet : "?");
                }
                raw(p, " (counted once)</span>");
            }
            raw(p, "</li>");
        }
        raw(p, "</ul>");
    }
    if (c->ncitations > 0) {
        raw(p, "<h3>What the article cites</h3><ul class=\"checks\">");
        for (size_t i = 0; i < c->ncitations; i++) {
            const struct cc_citation_check *ck = &c->citations[i];
            bool ok = ck->status == CC_CITE_CONFIRMED;
            raw(p, ok ? "<li><span class=\"cell c-confirmed\">\xe2\x9c\x94</span> "
                      : "<li><span class=\"cell c-missing\">\xe2\x9c\x98</span> ");
            raw(p, "<b>");
            esc(p, ck->outlet ? ck->outlet : ck->text);
            raw(p, "</b>");
            if (ck->outlet && ck->text && strcmp(ck->outlet, ck->text) != 0) {
                raw(p, " <span class=\"why\">(as \xe2\x80\x9c");
                esc(p, ck->text);
                raw(p, "\xe2\x80\x9d)</span>");
            }
            raw(p, ok ? " \xe2\x80\x94 confirmed" : " \xe2\x80\x94 cited but not found: ");
            if (!ok) {
                esc(p, cc_cite_status_name(ck->status));
            }
            if (ck->reason) {
                raw(p, " <span class=\"why\">(");
                esc(p, ck->reason);
                raw(p, ")</span>");
            }
            raw(p, "</li>");
        }
        raw(p, "</ul>");
    }
    size_t passing = 0;
    for (size_t i = 0; i < c->nevidence; i++) {
        passing += c->evidence[i].passes;
    }
    if (passing > 0) {
        raw(p, "<h3>Evidence</h3>");
        evidence_table_head(p);
        for (size_t i = 0; i < c->nevidence; i++) {
            if (c->evidence[i].passes) {
                evidence_row(p, c, &c->evidence[i]);
            }
        }
        raw(p, "</tbody></table>");
    }
    if (passing < c->nevidence) {
        rawf(p, "<details><summary>%zu closest item%s below the threshold</summary>",
             c->nevidence - passing, c->nevidence - passing == 1 ? "" : "s");
        evidence_table_head(p);
        for (size_t i = 0; i < c->nevidence; i++) {
            if (!c->evidence[i].passes) {
                evidence_row(p, c, &c->evidence[i]);
            }
        }
        raw(p, "</tbody></table></details>");
    }
    if (c->nevidence == 0) {
        rawf(p, "<p class=\"meta\">No stored item came close (%zu candidates scored).</p>",
             c->candidates);
    }
    raw(p, "</section>");
}

/* ---- the article ------------------------------------------------------------ */

static void article_text(struct page *p, const struct cc_verify_result *r, const char *aid)
{
    raw(p, "<section class=\"panel\"><h2>The article, claim by claim</h2><div class=\"prose\">");
    for (size_t i = 0; i < r->nclaims; i++) {
        const struct cc_claim_result *c = &r->claims[i];
        raw(p, "<p>");
        if (c->checkworthy && c->index > 0) {
            rawf(p, "<mark class=\"hl v-%s\" title=\"Claim %zu: ", cc_verdict_name(c->verdict),
                 c->index);
            raw(p, verdict_label(c->verdict));
            rawf(p, ", score %.2f\"><a href=\"#%s-c%zu\">", shown_score(c->score), aid, c->index);
            esc(p, c->text);
            rawf(p, "</a><sup>%s&#8239;%zu</sup></mark>", cc_report_verdict_icon(c->verdict),
                 c->index);
        } else {
            raw(p, "<span class=\"plain\">");
            esc(p, c->text);
            raw(p, "</span>");
        }
        raw(p, "</p>");
    }
    raw(p, "</div></section>");
}

static void tally(struct page *p, const struct cc_verify_result *r)
{
    size_t counts[CC_VERDICT_NOT_CHECKABLE + 1] = {0};
    for (size_t i = 0; i < r->nclaims; i++) {
        if ((size_t)r->claims[i].verdict < CC_ARRAY_LEN(counts)) {
            counts[r->claims[i].verdict]++;
        }
    }
    raw(p, "<ul class=\"tally\">");
    for (size_t v = 0; v < CC_ARRAY_LEN(counts); v++) {
        char text[64];
        snprintf(text, sizeof(text), "%zu %s", counts[v], cc_verdict_name((enum cc_verdict)v));
        raw(p, "<li>");
        chip(p, (enum cc_verdict)v, text);
        raw(p, "</li>");
    }
    raw(p, "</ul>");
}

static void param(struct page *p, const char *name, const char *value)
{
    raw(p, "<dt>");
    esc(p, name);
    raw(p, "</dt><dd>");
    esc(p, value ? value : "\xe2\x80\x94");
    raw(p, "</dd>");
}

static void params(struct page *p, const struct cc_verify_result *r,
                   const struct cc_report_run *run)
{
    char s[160];
    raw(p, "<section class=\"panel\"><h2>How this was checked</h2><dl class=\"params\">");
    param(p, "Article", r->article);
    raw(p, "<dt>Date used</dt><dd>");
    when(p, r->date);
    if (r->date_source) {
        raw(p, " (from ");
        esc(p, r->date_source);
        raw(p, ")");
    }
    raw(p, "</dd>");
    char from[32];
    char to[32];
    cc_date_format(from, r->window_from);
    cc_date_format(to, r->window_to);
    snprintf(s, sizeof(s), "\xc2\xb1%d days: items of %s to %s", r->window_days,
             r->window_from == CC_TIME_NONE ? "?" : from, r->window_to == CC_TIME_NONE ? "?" : to);
    param(p, "Time window", s);
    snprintf(s, sizeof(s), "at most %zu per claim", r->max_candidates);
    param(p, "Candidates", s);
    param(p, "Model", r->model);
    snprintf(s, sizeof(s), "%.2f (an outlet reports a claim when its best item scores this)",
             r->threshold);
    param(p, "Outlet threshold", s);
    if (run->fetched >= 0) {
        param(p, "Feeds",
              run->fetched ? "refreshed before checking" : "not refreshed (--no-fetch)");
    }
    if (run->config) {
        param(p, "Outlet registry", run->config);
    }
    if (run->store) {
        param(p, "Store", run->store);
    }
    if (run->generated_at != CC_TIME_NONE) {
        raw(p, "<dt>Checked</dt><dd>");
        when(p, run->generated_at);
        raw(p, "</dd>");
    }
    snprintf(s, sizeof(s), "%lld ms", (long long)r->elapsed_ms);
    param(p, "Time taken", s);
    param(p, "Version", "credcheck " CC_VERSION);
    for (size_t i = 0; i < r->nwarnings; i++) {
        raw(p, "<dt class=\"warn\">Warning</dt><dd class=\"warn\">");
        esc(p, r->warnings[i]);
        raw(p, "</dd>");
    }
    raw(p, "</dl></section>");
}

static void legend(struct page *p)
{
    static const enum cc_verdict order[] = {
        CC_VERDICT_CORROBORATED, CC_VERDICT_SINGLE_SOURCE, CC_VERDICT_UNCORROBORATED,
        CC_VERDICT_CONTRADICTED, CC_VERDICT_NOT_CHECKABLE,
    };
    raw(p, "<section class=\"panel\"><h2>How to read this page</h2><ul class=\"legend\">");
    for (size_t i = 0; i < CC_ARRAY_LEN(order); i++) {
        raw(p, "<li>");
        chip(p, order[i], verdict_label(order[i]));
        raw(p, "<span>");
        raw(p, verdict_meaning(order[i]));
        raw(p, "</span></li>");
    }
    raw(p, "<li><span class=\"cell c-confirmed\">\xe2\x9c\x94</span><span>cited by the article, "
           "and the outlet did report it</span></li>"
           "<li><span class=\"cell c-reports\">\xe2\x97\x8f</span><span>not cited, but the "
           "outlet reports it (corroborating)</span></li>"
           "<li><span class=\"cell c-copy\">\xe2\x86\xbb</span><span>a syndicated copy of "
           "another outlet's story: counted once</span></li>"
           "<li><span class=\"cell c-missing\">\xe2\x9c\x98</span><span>cited by the article, "
           "but not found in that outlet's feeds</span></li>"
           "<li><span class=\"cell c-conflict\">\xe2\x89\xa0</span><span>the outlet reports a "
           "conflicting number, date or fact</span></li>"
           "<li><span class=\"cell c-silent\">\xc2\xb7</span><span>silent: nothing matching "
           "from that outlet</span></li>");
    raw(p, "</ul></section>");
}

/* Appends the numbers of the claims whose citations of outlet (or, when
 * unresolved, whose citation text) have the given confirmed-ness. */
static bool cited_claims(struct page *p, const struct cc_verify_result *r, const char *name,
                         bool resolved, bool first)
{
    size_t last = 0;
    for (size_t i = 0; i < r->nclaims; i++) {
        const struct cc_claim_result *c = &r->claims[i];
        for (size_t k = 0; k < c->ncitations; k++) {
            const struct cc_citation_check *ck = &c->citations[k];
            const char *who = resolved ? ck->outlet : ck->text;
            if (ck->status == CC_CITE_CONFIRMED || (ck->outlet != NULL) != resolved || !who ||
                strcmp(who, name) != 0 || c->index == last) {
                continue;
            }
            rawf(p, first ? " (claim %zu" : ", %zu", c->index);
            first = false;
            last = c->index;
        }
    }
    return first;
}

/* "Citations: 3 of 8 confirmed; not found: The Week (claims 5, 6); names
 * no outlet: Sources 1 (claim 2)." over all claims, each outlet once. */
static void citation_tally(struct page *p, const struct cc_verify_result *r)
{
    size_t total = 0;
    size_t confirmed = 0;
    size_t unresolved = 0;
    for (size_t i = 0; i < r->nclaims; i++) {
        for (size_t k = 0; k < r->claims[i].ncitations; k++) {
            const struct cc_citation_check *ck = &r->claims[i].citations[k];
            total++;
            confirmed += ck->status == CC_CITE_CONFIRMED;
            unresolved += ck->outlet == NULL;
        }
    }
    if (total == 0) {
        raw(p, "<p class=\"meta\">The article cites no outlet for its claims.</p>");
        return;
    }
    rawf(p,
         "<p class=\"meta\">Citations: <b>%zu of %zu</b> confirmed in the cited outlet's "
         "feeds",
         confirmed, total);
    for (int pass = 0; pass < 2; pass++) {
        bool resolved = pass == 0;
        if (resolved ? total - confirmed - unresolved == 0 : unresolved == 0) {
            continue;
        }
        raw(p, resolved ? "; not found: " : "; names no outlet: ");
        size_t shown = 0;
        for (size_t i = 0; i < r->nclaims; i++) {
            const struct cc_claim_result *c = &r->claims[i];
            for (size_t k = 0; k < c->ncitations; k++) {
                const struct cc_citation_check *ck = &c->citations[k];
                const char *who = resolved ? ck->outlet : ck->text;
                if (ck->status == CC_CITE_CONFIRMED || (ck->outlet != NULL) != resolved || !who) {
                    continue;
                }
                /* Each name once: skip it when an earlier citation had it. */
                bool earlier = false;
                for (size_t i2 = 0; i2 <= i && !earlier; i2++) {
                    const struct cc_claim_result *c2 = &r->claims[i2];
                    size_t kmax = i2 == i ? k : c2->ncitations;
                    for (size_t k2 = 0; k2 < kmax && !earlier; k2++) {
                        const struct cc_citation_check *o = &c2->citations[k2];
                        const char *w2 = resolved ? o->outlet : o->text;
                        earlier = o->status != CC_CITE_CONFIRMED &&
                                  (o->outlet != NULL) == resolved && w2 && strcmp(w2, who) == 0;
                    }
                }
                if (earlier) {
                    continue;
                }
                raw(p, shown++ > 0 ? ", " : "");
                esc(p, who);
                if (!cited_claims(p, r, who, resolved, true)) {
                    raw(p, ")");
                }
            }
        }
    }
    raw(p, ".</p>");
}

static void article_report(struct page *p, const struct cc_verify_result *r, size_t index,
                           const struct cc_report_run *run)
{
    char aid[32];
    snprintf(aid, sizeof(aid), "a%zu", index + 1);
    rawf(p, "<article class=\"report\" id=\"%s\"><header>", aid);
    raw(p, "<h1>");
    esc(p, r->title ? r->title : r->article);
    raw(p, "</h1><p class=\"meta\">");
    if (r->article_outlet) {
        raw(p, "<span>");
        esc(p, r->article_outlet);
        raw(p, "</span>");
    }
    if (r->date != CC_TIME_NONE) {
        raw(p, "<span>");
        when(p, r->date);
        if (r->date_source) {
            raw(p, " (date from ");
            esc(p, r->date_source);
            raw(p, ")");
        }
        raw(p, "</span>");
    }
    if (r->title) {
        raw(p, "<span>");
        link_or_text(p, r->article, r->article);
        raw(p, "</span>");
    }
    raw(p, "</p>");
    tally(p, r);
    citation_tally(p, r);
    raw(p, "</header>");

    article_text(p, r, aid);
    if (index == 0) {
        legend(p);
    }
    grid_section(p, r, aid);
    raw(p, "<section class=\"panel\"><h2>Claims and evidence</h2><div class=\"claims\">");
    size_t shown = 0;
    for (size_t i = 0; i < r->nclaims; i++) {
        if (r->claims[i].checkworthy) {
            claim_card(p, &r->claims[i], aid);
            shown++;
        }
    }
    if (shown == 0) {
        raw(p, "<p class=\"meta\">The article has no check-worthy claims.</p>");
    }
    raw(p, "</div></section>");
    params(p, r, run);
    raw(p, "</article>");
}

int cc_report_html_add(struct cc_buf *out, const struct cc_verify_result *const *results, size_t n,
                       const struct cc_report_run *run)
{
    struct cc_report_run none;
    if (!run) {
        cc_report_run_init(&none);
        run = &none;
    }
    struct page pg = {out, CC_BUF_INIT, 0};
    struct page *p = &pg;
    size_t mark = out->len;
    raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"credcheck " CC_VERSION "\">\n<title>");
    if (n == 1) {
        esc(p, results[0]->title ? results[0]->title : results[0]->article);
        raw(p, " \xe2\x80\x94 ");
    }
    raw(p, "credcheck report</title>\n<style>\n");
    for (size_t i = 0; i < CC_ARRAY_LEN(page_css); i++) {
        raw(p, page_css[i]);
    }
    raw(p, "</style>\n</head>\n<body>\n<div class=\"masthead\"><b>credcheck</b>"
           "claims checked against what news outlets published</div>\n<main>\n");
    if (n > 1) {
        raw(p, "<nav class=\"panel\"><h2>Articles</h2><ol>");
        for (size_t i = 0; i < n; i++) {
            rawf(p, "<li><a href=\"#a%zu\">", i + 1);
            esc(p, results[i]->title ? results[i]->title : results[i]->article);
            raw(p, "</a></li>");
        }
        raw(p, "</ol></nav>\n");
    }
    for (size_t i = 0; i < n; i++) {
        raw(p, "\n");
        article_report(p, results[i], i, run);
    }
    raw(p, "\n</main>\n<footer>Generated by credcheck " CC_VERSION);
    if (run->generated_at != CC_TIME_NONE) {
        raw(p, " on ");
        when(p, run->generated_at);
    }
    raw(p, ". Scores are in [0, 1]; verdicts follow the rules in the README.</footer>\n"
           "</body>\n</html>\n");
    int rc = pg.rc;
    cc_buf_release(&pg.tmp);
    if (rc != 0) {
        cc_buf_truncate(out, mark);
    }
    return rc;
}
