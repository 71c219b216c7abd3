/* Entry points: finds the plans in a paste by itself. Lines are classified one at a time — a box
 * border, a \G row marker, a JSON document, TREE lines, a tab-separated EXPLAIN header, MariaDB's
 * `# explain:` lines — and the matching reader consumes what belongs to it. The statement above a
 * plan (after a prompt, or starting with EXPLAIN/ANALYZE/SELECT…) is kept as the plan's query;
 * everything else (`N rows in set`, Warnings, fences, comments) is passed over. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>

#include "explain/explain_int.h"
#include "rules/jpos.h"

/* Copies text with C comments outside strings blanked (end_markers_in_json), newlines kept. */
static int strip_comments(const char *p, size_t n, struct buf *out)
{
    bool str = false;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (str) {
            if (ch == '\\' && i + 1 < n) {
                if (buf_append(out, p + i, 2) < 0)
                    return -1;
                i++;
                continue;
            }
            str = ch != '"';
        } else if (ch == '"') {
            str = true;
        } else if (ch == '/' && i + 1 < n && p[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < n && !(p[j] == '*' && p[j + 1] == '/'))
                j++;
            for (size_t k = i; k < j + 2 && k < n; k++)
                if (buf_append_char(out, p[k] == '\n' ? '\n' : ' ') < 0)
                    return -1;
            i = j + 1;
            continue;
        }
        if (buf_append_char(out, ch) < 0)
            return -1;
    }
    return 0;
}

static unsigned line_at(const char *p, const char *at, unsigned first_line)
{
    unsigned l = first_line;
    for (; p < at; p++)
        l += *p == '\n';
    return l;
}

unsigned ex_json_line(const struct ex_ctx *c, const struct ex_json_doc *doc,
                      const cJSON *member)
{
    size_t off;
    unsigned line, col;
    if (c->flat_line)
        return c->flat_line;
    if (!member || !jpos_find(doc->text, doc->len, doc->root, member, true, &off))
        return doc->first_line;
    jpos_line_col(doc->text, doc->len, off, &line, &col);
    return doc->first_line + line - 1;
}

void ex_parse_json(struct ex_ctx *c, const char *text, size_t len, unsigned first_line)
{
    struct buf b = {0};
    if (strip_comments(text, len, &b) < 0 || buf_append_char(&b, '\0') < 0) {
        c->oom = true;
        buf_free(&b);
        return;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(b.p, b.n - 1, &end, 0);
    if (!root) {
        unsigned at = end && end >= b.p ? line_at(b.p, end, first_line) : first_line;
        diag_add(c->d, c->file, at, "invalid or truncated JSON plan");
    } else if (cJSON_GetObjectItemCaseSensitive(root, "query_block")) {
        ex_parse_json_v1(c, &(struct ex_json_doc){root, b.p, b.n - 1, first_line});
    } else if (cJSON_GetObjectItemCaseSensitive(root, "query_plan") ||
               cJSON_GetObjectItemCaseSensitive(root, "operation")) {
        ex_parse_json_v2(c, &(struct ex_json_doc){root, b.p, b.n - 1, first_line});
    } else {
        diag_add(c->d, c->file, first_line, "JSON document is not an EXPLAIN plan");
    }
    cJSON_Delete(root);
    buf_free(&b);
}

void ex_parse_document(struct ex_ctx *c, struct sv text, unsigned first_line)
{
    struct sv t = sv_trim(text);
    if (t.n && t.p[0] == '{') {
        ex_parse_json(c, t.p, t.n, first_line + line_at(text.p, t.p, 0));
        return;
    }
    if (!sv_starts_with(t, "->")) {
        if (t.n)
            diag_add(c->d, c->file, first_line, "EXPLAIN value is neither TREE nor JSON");
        return;
    }
    struct ex_line *l;
    unsigned n;
    if (ex_split_lines(c, text, first_line, &l, &n) == 0)
        ex_parse_tree(c, l, n);
}

static bool starts_word(struct sv t, const char *w)
{
    size_t k = strlen(w);
    return sv_istarts_with(t, w) && (t.n == k || !isalnum((unsigned char)t.p[k]));
}

static bool statement_start(struct sv t)
{
    static const char *const words[] = {"EXPLAIN", "ANALYZE", "SELECT", "WITH", "UPDATE",
                                        "DELETE",  "INSERT",  "REPLACE", "DESCRIBE", "DESC"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (starts_word(t, words[i]))
            return !(t.n > strlen(words[i]) && t.p[strlen(words[i])] == ':');
    return false;
}

static bool statement_end(struct sv t)
{
    return (t.n && t.p[t.n - 1] == ';') || sv_eq_cstr(t, "\\G") ||
           (t.n >= 2 && (memcmp(t.p + t.n - 2, "\\G", 2) == 0 ||
                         memcmp(t.p + t.n - 2, "\\g", 2) == 0));
}

/* The statement without EXPLAIN/ANALYZE [FORMAT=…] [ANALYZE] and its terminator. */
static void keep_query(struct ex_ctx *c, struct buf *q)
{
    struct sv s = sv_trim(buf_sv(q));
    while (s.n && (s.p[s.n - 1] == ';' || s.p[s.n - 1] == 'G' || s.p[s.n - 1] == 'g')) {
        if (s.p[s.n - 1] != ';' && !(s.n >= 2 && s.p[s.n - 2] == '\\'))
            break;
        s.n -= s.p[s.n - 1] == ';' ? 1 : 2;
        s = sv_trim(s);
    }
    for (int round = 0; round < 4; round++) {
        const char *w[] = {"EXPLAIN", "ANALYZE", "EXTENDED", "PARTITIONS"};
        bool cut = false;
        for (size_t k = 0; k < 4 && !cut; k++)
            if (starts_word(s, w[k])) {
                s = sv_trim(sv_make(s.p + strlen(w[k]), s.n - strlen(w[k])));
                cut = true;
            }
        if (!cut && sv_istarts_with(s, "FORMAT")) {
            size_t i = 6;
            while (i < s.n && !isspace((unsigned char)s.p[i]))
                i++;
            s = sv_trim(sv_make(s.p + i, s.n - i));
            cut = true;
        }
        if (!cut)
            break;
    }
    c->pending_query = s.n ? ex_strdup(c, s) : NULL;
}

/* Lines of a JSON document: from i (its first line from byte skip) until the braces balance. */
static unsigned json_extent(const struct ex_line *l, unsigned n, unsigned i, size_t skip,
                            bool *closed)
{
    int depth = 0;
    bool str = false, esc = false;
    for (unsigned j = i; j < n; j++) {
        struct sv s = l[j].s;
        for (size_t k = j == i ? skip : 0; k < s.n; k++) {
            char ch = s.p[k];
            if (str) {
                str = esc || ch != '"';
                esc = !esc && ch == '\\';
            } else if (ch == '"')
                str = true;
            else if (ch == '{' || ch == '[')
                depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0) {
                *closed = true;
                return j + 1;
            }
        }
    }
    *closed = false;
    return n;
}

/* A document given as lines[i..j) (the first from byte skip, after a `\G` label), or as one line
 * with \n escapes, is joined and parsed. */
static void document_lines(struct ex_ctx *c, const struct ex_line *l, unsigned i, unsigned j,
                           size_t skip)
{
    struct buf doc = {0}, un = {0};
    bool fail = false;
    for (unsigned k = i; k < j; k++) {
        struct sv s = k == i ? sv_make(l[k].s.p + skip, l[k].s.n - skip) : l[k].s;
        fail |= buf_append_sv(&doc, s) < 0 || buf_append_char(&doc, '\n') < 0;
    }
    struct sv d = buf_sv(&doc);
    bool flat = !fail && j == i + 1 && strstr(doc.p, "\\n");
    if (flat) {
        fail = ex_unescape(d, &un) < 0; /* mysql -B: one line, \n escaped */
        d = buf_sv(&un);
    }
    /* the escaped newlines are no input lines: every access is on the one line */
    c->flat_line = flat ? l[i].no : 0;
    if (fail)
        c->oom = true;
    else
        ex_parse_document(c, d, l[i].no);
    c->flat_line = 0;
    buf_free(&doc);
    buf_free(&un);
}

static bool tab_header(struct sv s)
{
    struct sv f[32];
    unsigned k = 0;
    size_t start = 0;
    if (!memchr(s.p, '\t', s.n))
        return false;
    for (size_t i = 0; i <= s.n && k < 32; i++)
        if (i == s.n || s.p[i] == '\t') {
            f[k++] = sv_make(s.p + start, i - start);
            start = i + 1;
        }
    return ex_trad_header(f, k);
}

/* Lines of a TREE: `->` lines and the metric lines a paste split off them. */
static unsigned tree_extent(const struct ex_line *l, unsigned n, unsigned i)
{
    unsigned j = i + 1;
    while (j < n) {
        struct sv t = sv_trim(l[j].s);
        if (!sv_starts_with(t, "->") && !sv_starts_with(t, "(actual") &&
            !sv_starts_with(t, "(cost=") && !sv_starts_with(t, "(never executed)"))
            break;
        j++;
    }
    return j;
}

struct scan {
    struct buf query;
    bool in_query;
};

/* One line outside any plan: the statement above a plan, or noise. Returns the next line. */
static unsigned statement_line(struct ex_ctx *c, struct scan *sc, struct sv t, bool prompt,
                               unsigned i)
{
    size_t dashes = 0;
    while (dashes < t.n && t.p[dashes] == '-')
        dashes++;
    if (sc->in_query && !prompt && t.n >= 4 && dashes == t.n) {
        /* mysql -v / -vv frames the statement it echoes with dashes, without its terminator */
        sc->in_query = false;
        keep_query(c, &sc->query);
        return i + 1;
    }
    if (!sc->in_query && !(prompt && t.n) && !statement_start(t))
        return i + 1;
    if (sc->in_query && sv_starts_with(t, "->"))
        t = sv_trim(sv_make(t.p + 2, t.n - 2)); /* the client's continuation prompt */
    if (!sc->in_query)
        buf_reset(&sc->query);
    sc->in_query = true;
    if ((sc->query.n && buf_append_char(&sc->query, ' ') < 0) ||
        buf_append_sv(&sc->query, t) < 0) {
        c->oom = true;
        return i + 1;
    }
    if (statement_end(t)) {
        sc->in_query = false;
        keep_query(c, &sc->query);
    }
    return i + 1;
}

static unsigned one_line(struct ex_ctx *c, struct scan *sc, const struct ex_line *l, unsigned n,
                         unsigned i)
{
    bool prompt;
    struct sv s = ex_strip_prompt(l[i].s, &prompt), t = sv_trim(s);
    bool cont = sc->in_query && sv_starts_with(t, "->") && !sv_starts_with(s, "->");
    if (!prompt && !cont) {
        if (t.n && t.p[0] == '+' && t.n > 2 && t.p[1] == '-')
            return sc->in_query = false, ex_read_boxed(c, l, n, i);
        if (sv_starts_with(t, "***"))
            return sc->in_query = false, ex_read_vertical(c, l, n, i);
        if (sv_starts_with(l[i].s, "# explain: "))
            return sc->in_query = false, ex_read_batch(c, l, n, i, EXPLAIN_FORM_SLOWLOG);
        if (tab_header(l[i].s))
            return sc->in_query = false, ex_read_batch(c, l, n, i, EXPLAIN_FORM_BATCH);
        size_t skip = ex_labelled_value(l[i].s);
        struct sv v = sv_trim(sv_make(l[i].s.p + skip, l[i].s.n - skip));
        if (v.n && v.p[0] == '{') {
            bool closed;
            unsigned j = json_extent(l, n, i, skip, &closed);
            if (!closed)
                diag_add(c->d, c->file, l[i].no, "JSON plan is not closed (truncated?)");
            sc->in_query = false;
            document_lines(c, l, i, j, skip);
            return j;
        }
        if (sv_starts_with(v, "->")) {
            unsigned j = tree_extent(l, n, i);
            sc->in_query = false;
            document_lines(c, l, i, j, skip);
            return j;
        }
        if (sv_ieq_cstr(t, "EXPLAIN") || sv_ieq_cstr(t, "ANALYZE"))
            return i + 1; /* the one-column header of mysqltest / mysql -B */
    }
    return statement_line(c, sc, t, prompt, i);
}

int explain_parse(const char *text, size_t len, const char *file, struct arena *a,
                  struct explain_set *out, struct diag *d)
{
    struct ex_ctx c = {.a = a, .d = d, .file = file ? file : "-", .set = out};
    struct ex_line *l;
    unsigned n;
    struct scan sc = {0};
    memset(out, 0, sizeof *out);
    if (ex_split_lines(&c, sv_make(text ? text : "", text ? len : 0), 1, &l, &n) < 0)
        return -1;
    for (unsigned i = 0; i < n && !c.oom;) {
        unsigned next = one_line(&c, &sc, l, n, i);
        i = next > i ? next : i + 1;
    }
    buf_free(&sc.query);
    if (!c.oom && out->nplans == 0 && n > 0)
        diag_add(d, c.file, 0, "no EXPLAIN output found");
    return c.oom ? -1 : 0;
}

int explain_parse_slowlog_block(struct sv block, const char *file, unsigned first_line,
                                struct arena *a, struct explain_plan **out, struct diag *d)
{
    struct explain_set set = {0};
    struct ex_ctx c = {.a = a, .d = d, .file = file ? file : "-", .set = &set};
    struct ex_line *l;
    unsigned n;
    *out = NULL;
    if (ex_split_lines(&c, block, first_line ? first_line : 1, &l, &n) < 0)
        return -1;
    for (unsigned i = 0; i < n && !c.oom && set.nplans == 0; i++)
        if (sv_starts_with(l[i].s, "# explain: "))
            ex_read_batch(&c, l, n, i, EXPLAIN_FORM_SLOWLOG);
    if (set.nplans > 0)
        *out = &set.plans[0];
    return c.oom ? -1 : 0;
}
