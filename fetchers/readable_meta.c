/*
 * readable_meta.c: a page's metadata: publication date (and where it came
 * from), headline candidates, site name, canonical URL, language, and the
 * JSON-LD articleBody kept for the extraction fallback.
 *
 * The date sources are tried in a fixed order (readable.h): the Open Graph
 * article:published_time family, JSON-LD datePublished, itemprop or <time>
 * inside the article, Dublin Core and other meta names, the URL path. A
 * candidate that does not parse is skipped, so a broken meta value does not
 * hide a good JSON-LD date.
 */
#include "core/common.h"

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "fetchers/readable_int.h"
#include "core/banned.h"

/* Meta tags kept for lookup; a page has a few hundred at most. */
#define META_MAX 1024
/* A JSON-LD block larger than this is not parsed (real ones are < 1 MiB). */
#define JSONLD_MAX_BYTES ((size_t)8 * 1024 * 1024)
/* Organisations remembered from JSON-LD to resolve a publisher's @id. */
#define ORGS_MAX 16

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y) {
            return false;
        }
    }
    return *a == *b;
}

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)name[0] &&
           strcmp((const char *)n->name, name) == 0;
}

const char *cc_readable__attr(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE) {
        return NULL;
    }
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && ascii_ieq((const char *)a->name, name)) {
            const xmlNode *c = a->children;
            if (!c) {
                return "";
            }
            if (c->type == XML_TEXT_NODE && c->content && !c->next) {
                return (const char *)c->content;
            }
            return c->content ? (const char *)c->content : "";
        }
    }
    return NULL;
}

xmlNode *cc_readable__next(xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->type == XML_ELEMENT_NODE && n->children) {
        return n->children;
    }
    if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
        return descend ? n->children : NULL;
    }
    while (n && n != root) {
        if (n->next) {
            return n->next;
        }
        n = n->parent;
    }
    return NULL;
}

static bool is_space_at(const unsigned char *s, size_t len, size_t i, size_t *w)
{
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        *w = 1;
        return true;
    }
    /* U+00A0 NBSP, U+2000..U+200A, U+202F, U+205F, U+3000, U+FEFF */
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) {
        *w = 2;
        return true;
    }
    if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x80 &&
        ((s[i + 2] >= 0x80 && s[i + 2] <= 0x8A) || s[i + 2] == 0xAF)) {
        *w = 3;
        return true;
    }
    if (c == 0xE2 && i + 2 < len && s[i + 1] == 0x81 && s[i + 2] == 0x9F) {
        *w = 3;
        return true;
    }
    if (c == 0xE3 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x80) {
        *w = 3;
        return true;
    }
    if (c == 0xEF && i + 2 < len && s[i + 1] == 0xBB && s[i + 2] == 0xBF) {
        *w = 3;
        return true;
    }
    return false;
}

int cc_readable__collapse(struct cc_buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    bool pending = false;
    size_t start_len = out->len;
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && u[run] > ' ' && u[run] < 0x80) {
            run++;
        }
        if (run > i) {
            if (pending && out->len > start_len) {
                if (cc_buf_addch(out, ' ')) {
                    return CC_ENOMEM;
                }
            }
            pending = false;
            if (cc_buf_add(out, s + i, run - i)) {
                return CC_ENOMEM;
            }
            i = run;
            continue;
        }
        size_t w;
        if (is_space_at(u, len, i, &w)) {
            pending = true;
            i += w;
            continue;
        }
        if (u[i] < ' ') {
            pending = true;
            i++;
            continue;
        }
        if (pending && out->len > start_len) {
            if (cc_buf_addch(out, ' ')) {
                return CC_ENOMEM;
            }
        }
        pending = false;
        if (cc_buf_addch(out, (char)u[i])) {
            return CC_ENOMEM;
        }
        i++;
    }
    return 0;
}

int cc_readable__node_text(struct cc_buf *out, const xmlNode *n)
{
    struct cc_buf raw = CC_BUF_INIT;
    int rc = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        return n->content ? cc_readable__collapse(out, (const char *)n->content,
                                                  strlen((const char *)n->content))
                          : 0;
    }
    for (xmlNode *c = cc_readable__next((xmlNode *)n, n, true); c;) {
        bool descend = true;
        if (c->type == XML_ELEMENT_NODE &&
            (name_is(c, "script") || name_is(c, "style") || name_is(c, "noscript") ||
             name_is(c, "template"))) {
            descend = false;
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                   c->content) {
            rc = cc_buf_adds(&raw, (const char *)c->content);
        } else if (name_is(c, "br") || name_is(c, "p") || name_is(c, "div") ||
                   name_is(c, "li")) {
            rc = cc_buf_addch(&raw, ' ');
        }
        if (rc) {
            goto out;
        }
        c = cc_readable__next(c, n, descend);
    }
    rc = cc_readable__collapse(out, raw.buf, raw.len);
out:
    cc_buf_release(&raw);
    return rc;
}

void cc_readable__hints_release(struct cc_readable__hints *h)
{
    if (!h) {
        return;
    }
    cc_free(h->og_title);
    cc_free(h->jsonld_headline);
    cc_free(h->doc_title);
    cc_free(h->h1);
    cc_free(h->jsonld_body);
    memset(h, 0, sizeof(*h));
}

struct meta_entry {
    const char *key;   /* borrowed from the tree */
    const char *value; /* borrowed from the tree */
};

struct org {
    const char *id;   /* borrowed from the JSON value */
    const char *name; /* borrowed */
    bool news;        /* NewsMediaOrganization */
};

struct ld_state {
    json_t *article;      /* borrowed: the first article-like object */
    const char *any_date; /* borrowed: datePublished of any object, first seen */
    struct org orgs[ORGS_MAX];
    size_t norgs;
};

struct meta_state {
    struct meta_entry *metas;
    size_t nmetas;
    size_t metas_alloc;
    /* The first of each kind, borrowed from the tree. */
    const char *itemprop_date;
    const char *pubdate_time;
    const char *article_time;
    const char *canonical;
    const xmlNode *title_node;
    const xmlNode *h1_any;
    const xmlNode *h1_article;
    /* From JSON-LD, owned copies. */
    char *ld_date;
    char *ld_headline;
    char *ld_body;
    char *ld_publisher;
};

static const char *meta_get(const struct meta_state *st, const char *key)
{
    for (size_t i = 0; i < st->nmetas; i++) {
        if (ascii_ieq(st->metas[i].key, key) && st->metas[i].value[0]) {
            return st->metas[i].value;
        }
    }
    return NULL;
}

static int meta_add(struct meta_state *st, const char *key, const char *value)
{
    if (!key || !value || st->nmetas >= META_MAX) {
        return 0;
    }
    if (cc_array_grow((void **)&st->metas, &st->metas_alloc, st->nmetas + 1,
                      sizeof(*st->metas))) {
        return CC_ENOMEM;
    }
    st->metas[st->nmetas].key = key;
    st->metas[st->nmetas].value = value;
    st->nmetas++;
    return 0;
}

/* True when the schema.org type t ("NewsArticle", "schema:BlogPosting",
 * "http://schema.org/Article") names an article. */
static bool type_is_article(const char *t)
{
    static const char *const kinds[] = {
        "Article",          "NewsArticle",           "BlogPosting",
        "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
        "SocialMediaPosting", "Report",               "ScholarlyArticle",
        "TechArticle",      "SatiricalArticle",      "AskPublicNewsArticle",
        "DiscussionForumPosting",
    };
    const char *s = strrchr(t, '/');
    const char *c = strrchr(t, ':');
    if (c && (!s || c > s)) {
        s = c;
    }
    s = s ? s + 1 : t;
    for (size_t i = 0; i < CC_ARRAY_LEN(kinds); i++) {
        if (strcmp(s, kinds[i]) == 0) {
            return true;
        }
    }
    return false;
}

static bool type_has(const json_t *obj, bool (*pred)(const char *))
{
    const json_t *t = json_object_get(obj, "@type");
    if (json_is_string(t)) {
        return pred(json_string_value(t));
    }
    if (json_is_array(t)) {
        size_t i;
        const json_t *v;
        json_array_foreach(t, i, v)
        {
            if (json_is_string(v) && pred(json_string_value(v))) {
                return true;
            }
        }
    }
    return false;
}

static bool type_is_org(const char *t)
{
    return strstr(t, "Organization") != NULL || strstr(t, "Organisation") != NULL ||
           strcmp(t, "Corporation") == 0 || strcmp(t, "NewsMediaOrganization") == 0;
}

static bool type_is_news_org(const char *t)
{
    return strstr(t, "NewsMediaOrganization") != NULL;
}

static void ld_visit(struct ld_state *st, json_t *v, int depth)
{
    if (depth > CC_READABLE__JSON_MAX_DEPTH) {
        return;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            ld_visit(st, e, depth + 1);
        }
        return;
    }
    if (!json_is_object(v)) {
        return;
    }
    if (!st->article && type_has(v, type_is_article)) {
        st->article = v;
    }
    const json_t *dp = json_object_get(v, "datePublished");
    if (!st->any_date && json_is_string(dp)) {
        st->any_date = json_string_value(dp);
    }
    const json_t *name = json_object_get(v, "name");
    if (st->norgs < ORGS_MAX && json_is_string(name) && type_has(v, type_is_org)) {
        const json_t *id = json_object_get(v, "@id");
        st->orgs[st->norgs].id = json_is_string(id) ? json_string_value(id) : NULL;
        st->orgs[st->norgs].name = json_string_value(name);
        st->orgs[st->norgs].news = type_has(v, type_is_news_org);
        st->norgs++;
    }
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        if (json_is_object(val) || json_is_array(val)) {
            ld_visit(st, val, depth + 1);
        }
    }
}

static const char *ld_publisher_name(const struct ld_state *st)
{
    const json_t *pub = st->article ? json_object_get(st->article, "publisher") : NULL;
    if (json_is_array(pub)) {
        pub = json_array_get(pub, 0);
    }
    if (json_is_object(pub)) {
        const json_t *name = json_object_get(pub, "name");
        if (json_is_string(name) && json_string_value(name)[0]) {
            return json_string_value(name);
        }
        const json_t *id = json_object_get(pub, "@id");
        if (json_is_string(id)) {
            for (size_t i = 0; i < st->norgs; i++) {
                if (st->orgs[i].id && strcmp(st->orgs[i].id, json_string_value(id)) == 0) {
                    return st->orgs[i].name;
                }
            }
        }
    } else if (json_is_string(pub) && json_string_value(pub)[0]) {
        return json_string_value(pub);
    }
    for (size_t i = 0; i < st->norgs; i++) {
        if (st->orgs[i].news) {
            return st->orgs[i].name;
        }
    }
    return NULL;
}

/* Copies a JSON string member as collapsed text (tags in it are dropped:
 * some sites put HTML in articleBody). NULL when absent. */
static int ld_copy_text(char **out, const json_t *obj, const char *key, bool keep_lines)
{
    *out = NULL;
    const json_t *v = json_object_get(obj, key);
    if (json_is_array(v)) {
        v = json_array_get(v, 0);
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        return 0;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    struct cc_buf plain = CC_BUF_INIT;
    struct cc_buf res = CC_BUF_INIT;
    int rc = 0;
    bool in_tag = false;
    for (size_t i = 0; i < len && rc == 0; i++) {
        char c = s[i];
        if (c == '<' && i + 1 < len &&
            (s[i + 1] == '/' || s[i + 1] == '!' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
             (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
            in_tag = true;
            /* a closing block tag is a paragraph break */
            if (keep_lines && i + 2 < len && (s[i + 1] == 'p' || s[i + 2] == 'p')) {
                rc = cc_buf_addch(&plain, '\n');
            }
            continue;
        }
        if (in_tag) {
            if (c == '>') {
                in_tag = false;
            }
            continue;
        }
        rc = cc_buf_addch(&plain, c);
    }
    if (rc) {
        goto out;
    }
    if (keep_lines) {
        /* collapse each line, keep the line breaks */
        size_t st = 0;
        for (size_t i = 0; i <= plain.len && rc == 0; i++) {
            if (i == plain.len || plain.buf[i] == '\n') {
                size_t before = res.len;
                rc = cc_readable__collapse(&res, plain.buf + st, i - st);
                if (rc == 0 && res.len > before) {
                    rc = cc_buf_addch(&res, '\n');
                }
                st = i + 1;
            }
        }
    } else {
        rc = cc_readable__collapse(&res, plain.buf, plain.len);
    }
    if (rc == 0 && res.len > 0) {
        *out = cc_buf_detach(&res, NULL);
        if (!*out) {
            rc = CC_ENOMEM;
        }
    }
out:
    cc_buf_release(&plain);
    cc_buf_release(&res);
    return rc;
}

static int dup_into(char **dst, const char *src)
{
    if (*dst || !src || !src[0]) {
        return 0;
    }
    *dst = cc_strdup(src);
    return *dst ? 0 : CC_ENOMEM;
}

/* Parses one <script type="application/ld+json"> body. Bad JSON is skipped:
 * many pages carry a broken block next to a good one. */
static int read_jsonld(struct meta_state *ms, const xmlNode *script)
{
    struct cc_buf text = CC_BUF_INIT;
    int rc = 0;
    json_t *root = NULL;
    for (const xmlNode *c = script->children; c && rc == 0; c = c->next) {
        if (c->content) {
            rc = cc_buf_adds(&text, (const char *)c->content);
        }
        if (text.len > JSONLD_MAX_BYTES) {
            goto out;
        }
    }
    if (rc) {
        goto out;
    }
    /* Control characters inside strings are invalid JSON but common (raw
     * newlines in articleBody); as blanks they keep the rest readable. */
    for (size_t i = 0; i < text.len; i++) {
        if ((unsigned char)text.buf[i] < 0x20) {
            text.buf[i] = ' ';
        }
    }
    const char *p = text.buf;
    size_t len = text.len;
    while (len > 0 && *p != '{' && *p != '[') {
        p++;
        len--;
    }
    while (len > 0 && p[len - 1] != '}' && p[len - 1] != ']') {
        len--;
    }
    if (len == 0) {
        goto out;
    }
    json_error_t jerr;
    root = json_loadb(p, len, JSON_DISABLE_EOF_CHECK, &jerr);
    if (!root) {
        goto out;
    }
    struct ld_state st;
    memset(&st, 0, sizeof(st));
    ld_visit(&st, root, 0);
    if (st.article) {
        const json_t *dp = json_object_get(st.article, "datePublished");
        if (!json_is_string(dp)) {
            dp = json_object_get(st.article, "dateCreated");
        }
        if (json_is_string(dp)) {
            rc = dup_into(&ms->ld_date, json_string_value(dp));
        }
        if (rc == 0 && !ms->ld_headline) {
            rc = ld_copy_text(&ms->ld_headline, st.article, "headline", false);
            if (rc == 0 && !ms->ld_headline) {
                rc = ld_copy_text(&ms->ld_headline, st.article, "name", false);
            }
        }
        if (rc == 0 && !ms->ld_body) {
            rc = ld_copy_text(&ms->ld_body, st.article, "articleBody", true);
        }
    }
    if (rc == 0 && st.any_date) {
        rc = dup_into(&ms->ld_date, st.any_date);
    }
    if (rc == 0) {
        rc = dup_into(&ms->ld_publisher, ld_publisher_name(&st));
    }
out:
    json_decref(root);
    cc_buf_release(&text);
    return rc;
}

static bool inside_article(const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
        if (name_is(p, "article") || name_is(p, "main")) {
            return true;
        }
        const char *ip = cc_readable__attr(p, "itemprop");
        if (ip && strstr(ip, "articleBody")) {
            return true;
        }
        if (name_is(p, "aside") || name_is(p, "nav") || name_is(p, "footer")) {
            return false;
        }
    }
    return false;
}

static int collect(struct meta_state *ms, xmlDoc *doc, struct cc_readable *r)
{
    int rc = 0;
    xmlNode *root = (xmlNode *)doc;
    for (xmlNode *n = cc_readable__next(root, root, true); n && rc == 0;) {
        bool descend = true;
        if (n->type != XML_ELEMENT_NODE) {
            n = cc_readable__next(n, root, false);
            continue;
        }
        const char *nm = (const char *)n->name;
        if (strcmp(nm, "script") == 0) {
            const char *type = cc_readable__attr(n, "type");
            if (type && strstr(type, "ld+json")) {
                rc = read_jsonld(ms, n);
            }
            descend = false;
        } else if (strcmp(nm, "style") == 0 || strcmp(nm, "svg") == 0 ||
                   strcmp(nm, "template") == 0) {
            descend = false;
        } else if (strcmp(nm, "meta") == 0) {
            const char *content = cc_readable__attr(n, "content");
            if (content) {
                rc = meta_add(ms, cc_readable__attr(n, "property"), content);
                if (rc == 0) {
                    rc = meta_add(ms, cc_readable__attr(n, "name"), content);
                }
                if (rc == 0) {
                    rc = meta_add(ms, cc_readable__attr(n, "itemprop"), content);
                }
                if (rc == 0) {
                    rc = meta_add(ms, cc_readable__attr(n, "http-equiv"), content);
                }
            }
        } else if (strcmp(nm, "title") == 0) {
            if (!ms->title_node) {
                ms->title_node = n;
            }
            descend = false;
        } else if (strcmp(nm, "link") == 0) {
            const char *rel = cc_readable__attr(n, "rel");
            const char *href = cc_readable__attr(n, "href");
            if (rel && href && ascii_ieq(rel, "canonical") && !ms->canonical) {
                ms->canonical = href;
            }
        } else if (strcmp(nm, "html") == 0) {
            const char *lang = cc_readable__attr(n, "lang");
            if (lang && lang[0] && !r->lang) {
                r->lang = cc_strdup(lang);
                if (!r->lang) {
                    rc = CC_ENOMEM;
                }
            }
        } else if (strcmp(nm, "h1") == 0) {
            if (!ms->h1_any) {
                ms->h1_any = n;
            }
            if (!ms->h1_article && inside_article(n)) {
                ms->h1_article = n;
            }
        }
        const char *ip = cc_readable__attr(n, "itemprop");
        if (ip && strstr(ip, "datePublished") && !ms->itemprop_date && strcmp(nm, "meta") != 0) {
            const char *v = cc_readable__attr(n, "datetime");
            if (!v) {
                v = cc_readable__attr(n, "content");
            }
            ms->itemprop_date = v;
        }
        if (strcmp(nm, "time") == 0) {
            const char *dt = cc_readable__attr(n, "datetime");
            if (dt && dt[0]) {
                if (!ms->pubdate_time && cc_readable__attr(n, "pubdate")) {
                    ms->pubdate_time = dt;
                }
                if (!ms->article_time && inside_article(n)) {
                    ms->article_time = dt;
                }
            }
        }
        n = cc_readable__next(n, root, descend);
    }
    return rc;
}

struct date_try {
    int source;
    const char *detail;
    const char *value;
};

/* Meta names of the first source, in order. */
static const char *const published_metas[] = {
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published",      "published_time",            "og:article:published",
};

/* Dublin Core and other common meta names (the fourth source), in order. */
static const char *const other_date_metas[] = {
    "dc.date.issued",     "dcterms.issued",      "dc.date",
    "dcterms.date",       "dcterms.created",     "dc.date.created",
    "dc.created",         "date",                "pubdate",
    "publishdate",        "publish-date",        "publish_date",
    "published-date",     "published_date",      "publication_date",
    "publication-date",   "sailthru.date",       "parsely-pub-date",
    "article.published",  "article_date_original", "original-publish-date",
    "datepublished",      "date_published",      "cxenseparse:recs:publishtime",
    "og:pubdate",         "displaydate",         "release_date",
    "citation_publication_date", "citation_date", "article:publicationdate",
    "publicationdate",
};

static int set_date(struct cc_readable *r, const struct date_try *t, int64_t when)
{
    r->published = when;
    r->date_source = t->source;
    r->date_detail = cc_strdup(t->detail);
    return r->date_detail ? 0 : CC_ENOMEM;
}

static int pick_date(struct cc_readable *r, const struct meta_state *ms, const char *url)
{
    int64_t when;
    for (size_t i = 0; i < CC_ARRAY_LEN(published_metas); i++) {
        const char *v = meta_get(ms, published_metas[i]);
        if (v && cc_readable__parse_date(&when, v, strlen(v)) == 0) {
            struct date_try t = {CC_READABLE_DATE_META_PUBLISHED, published_metas[i], v};
            return set_date(r, &t, when);
        }
    }
    if (ms->ld_date && cc_readable__parse_date(&when, ms->ld_date, strlen(ms->ld_date)) == 0) {
        struct date_try t = {CC_READABLE_DATE_JSONLD, "datePublished", ms->ld_date};
        return set_date(r, &t, when);
    }
    const char *ip_meta = meta_get(ms, "datePublished");
    struct date_try times[] = {
        {CC_READABLE_DATE_TIME, "itemprop=datePublished", ms->itemprop_date},
        {CC_READABLE_DATE_TIME, "itemprop=datePublished", ip_meta},
        {CC_READABLE_DATE_TIME, "time[pubdate]", ms->pubdate_time},
        {CC_READABLE_DATE_TIME, "time[datetime]", ms->article_time},
    };
    for (size_t i = 0; i < CC_ARRAY_LEN(times); i++) {
        const char *v = times[i].value;
        if (v && cc_readable__parse_date(&when, v, strlen(v)) == 0) {
            return set_date(r, &times[i], when);
        }
    }
    for (size_t i = 0; i < CC_ARRAY_LEN(other_date_metas); i++) {
        const char *v = meta_get(ms, other_date_metas[i]);
        if (v && cc_readable__parse_date(&when, v, strlen(v)) == 0) {
            struct date_try t = {CC_READABLE_DATE_META_OTHER, other_date_metas[i], v};
            return set_date(r, &t, when);
        }
    }
    const char *urls[] = {url, r->canonical_url};
    for (size_t i = 0; i < CC_ARRAY_LEN(urls); i++) {
        if (urls[i] && cc_readable__url_date(&when, urls[i]) == 0) {
            struct date_try t = {CC_READABLE_DATE_URL, i == 0 ? "url" : "canonical url", urls[i]};
            return set_date(r, &t, when);
        }
    }
    return 0;
}

static int text_of(char **out, const xmlNode *n)
{
    *out = NULL;
    if (!n) {
        return 0;
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_readable__node_text(&b, n);
    if (rc == 0 && b.len > 0) {
        *out = cc_buf_detach(&b, NULL);
        rc = *out ? 0 : CC_ENOMEM;
    }
    cc_buf_release(&b);
    return rc;
}

static int copy_collapsed(char **out, const char *s)
{
    *out = NULL;
    if (!s) {
        return 0;
    }
    struct cc_buf b = CC_BUF_INIT;
    int rc = cc_readable__collapse(&b, s, strlen(s));
    if (rc == 0 && b.len > 0) {
        *out = cc_buf_detach(&b, NULL);
        rc = *out ? 0 : CC_ENOMEM;
    }
    cc_buf_release(&b);
    return rc;
}

static bool is_abs_http(const char *u)
{
    return u && (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

int cc_readable__meta_read(struct cc_readable *r, struct cc_readable__hints *h, xmlDoc *doc,
                           struct cc_error *err)
{
    struct meta_state ms;
    memset(&ms, 0, sizeof(ms));
    int rc = collect(&ms, doc, r);
    if (rc) {
        goto out;
    }
    const char *canon = ms.canonical;
    if (!is_abs_http(canon)) {
        canon = meta_get(&ms, "og:url");
    }
    if (is_abs_http(canon)) {
        rc = copy_collapsed(&r->canonical_url, canon);
    }
    const char *site = meta_get(&ms, "og:site_name");
    if (rc == 0) {
        rc = copy_collapsed(&r->site_name, site ? site : ms.ld_publisher);
    }
    if (rc == 0 && !r->site_name) {
        rc = copy_collapsed(&r->site_name, meta_get(&ms, "application-name"));
    }
    const char *ogt = meta_get(&ms, "og:title");
    if (!ogt) {
        ogt = meta_get(&ms, "twitter:title");
    }
    if (rc == 0) {
        rc = copy_collapsed(&h->og_title, ogt);
    }
    if (rc == 0) {
        rc = text_of(&h->doc_title, ms.title_node);
    }
    if (rc == 0) {
        rc = text_of(&h->h1, ms.h1_article ? ms.h1_article : ms.h1_any);
    }
    if (rc == 0) {
        h->jsonld_headline = ms.ld_headline;
        ms.ld_headline = NULL; /* now owned by the hints */
        h->jsonld_body = ms.ld_body;
        ms.ld_body = NULL; /* now owned by the hints */
        rc = pick_date(r, &ms, h->url);
    }
out:
    cc_free(ms.metas);
    cc_free(ms.ld_date);
    cc_free(ms.ld_headline);
    cc_free(ms.ld_body);
    cc_free(ms.ld_publisher);
    if (rc) {
        return cc_error_set(err, rc, NULL, "out of memory reading page metadata");
    }
    return 0;
}

/* ------------------------------------------------------------------ title */

static size_t count_words(const char *s, size_t len)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in) {
            n++;
        }
        in = !sp;
    }
    return n;
}

/* Lowercase ASCII letters and digits of s, for loose comparisons. */
static void squash(struct cc_buf *out, const char *s, size_t len, int *rc)
{
    for (size_t i = 0; i < len && *rc == 0; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80) {
            *rc = cc_buf_addch(out, c);
        }
    }
}

static bool loose_eq(const char *a, size_t alen, const char *b, size_t blen, int *rc)
{
    struct cc_buf x = CC_BUF_INIT;
    struct cc_buf y = CC_BUF_INIT;
    squash(&x, a, alen, rc);
    squash(&y, b, blen, rc);
    bool eq = *rc == 0 && x.len > 0 && x.len == y.len && memcmp(x.buf, y.buf, x.len) == 0;
    cc_buf_release(&x);
    cc_buf_release(&y);
    return eq;
}

/* Separators between a headline and a site name in <title> and og:title. */
static const char *const title_seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                         " :: ", " \xC2\xBB ", " \xC2\xB7 ", " / ",
                                         " \xE2\x80\xA2 ", " || "};

/* Cuts a site name off t: "Headline | Site", "Site | Headline". */
static char *clean_title(const char *t, const char *site, int *rc)
{
    size_t len = strlen(t);
    const char *best = NULL;
    size_t best_sep = 0;
    size_t best_len = 0;
    /* the last separator: "A - B | Site" keeps "A - B" */
    for (size_t s = 0; s < CC_ARRAY_LEN(title_seps); s++) {
        size_t sl = strlen(title_seps[s]);
        for (const char *p = strstr(t, title_seps[s]); p; p = strstr(p + 1, title_seps[s])) {
            if (!best || p > best) {
                best = p;
                best_sep = sl;
            }
        }
    }
    const char *start = t;
    size_t out_len = len;
    if (best) {
        const char *head = t;
        size_t head_len = (size_t)(best - t);
        const char *tail = best + best_sep;
        size_t tail_len = len - head_len - best_sep;
        bool tail_is_site = site && loose_eq(tail, tail_len, site, strlen(site), rc);
        bool head_is_site = site && loose_eq(head, head_len, site, strlen(site), rc);
        if (head_is_site && !tail_is_site) {
            start = tail;
            out_len = tail_len;
        } else if (tail_is_site || count_words(tail, tail_len) <= 4) {
            if (count_words(head, head_len) >= 3 || tail_is_site) {
                out_len = head_len;
            }
        } else if (count_words(head, head_len) <= 3 && count_words(tail, tail_len) >= 4) {
            start = tail;
            out_len = tail_len;
        }
        best_len = out_len;
    }
    (void)best_len;
    char *res = cc_strndup(start, out_len);
    if (!res) {
        *rc = CC_ENOMEM;
    }
    return res;
}

/* True when the headline h and the cleaned title t are the same text give
 * or take a kicker or a site name: one contains the other and the shorter
 * is at least 60% of the longer. */
static bool same_headline(const char *h, const char *t, int *rc)
{
    struct cc_buf x = CC_BUF_INIT;
    struct cc_buf y = CC_BUF_INIT;
    squash(&x, h, strlen(h), rc);
    squash(&y, t, strlen(t), rc);
    bool same = false;
    if (*rc == 0 && x.len >= 10 && y.len >= 10) {
        const struct cc_buf *big = x.len >= y.len ? &x : &y;
        const struct cc_buf *small = x.len >= y.len ? &y : &x;
        same = small->len * 10 >= big->len * 6 && strstr(big->buf, small->buf) != NULL;
    }
    cc_buf_release(&x);
    cc_buf_release(&y);
    return same;
}

char *cc_readable__pick_title(const struct cc_readable__hints *h, const char *site_name, int *rc)
{
    *rc = 0;
    /* An <h1> that <title>, og:title or the JSON-LD headline repeats is the
     * headline as the reader sees it; otherwise the metadata wins over an
     * <h1> that may be the site's logo. */
    const char *meta[] = {h->og_title, h->jsonld_headline, h->doc_title};
    if (h->h1 && count_words(h->h1, strlen(h->h1)) >= 2) {
        for (size_t i = 0; i < CC_ARRAY_LEN(meta) && *rc == 0; i++) {
            if (!meta[i]) {
                continue;
            }
            char *cleaned = clean_title(meta[i], site_name, rc);
            bool same = cleaned && same_headline(h->h1, cleaned, rc);
            cc_free(cleaned);
            if (same && *rc == 0) {
                char *t = cc_strdup(h->h1);
                if (!t) {
                    *rc = CC_ENOMEM;
                }
                return t;
            }
        }
    }
    if (*rc) {
        return NULL;
    }
    if (h->jsonld_headline) {
        return clean_title(h->jsonld_headline, site_name, rc);
    }
    if (h->og_title) {
        return clean_title(h->og_title, site_name, rc);
    }
    if (h->doc_title) {
        return clean_title(h->doc_title, site_name, rc);
    }
    if (h->h1) {
        char *t = cc_strdup(h->h1);
        if (!t) {
            *rc = CC_ENOMEM;
        }
        return t;
    }
    return NULL;
}
