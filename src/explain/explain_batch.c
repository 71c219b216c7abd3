/* Tab-separated EXPLAIN (mysql -B, mysqltest results) and MariaDB's slow-log `# explain:` lines,
 * which are the same rows behind a prefix. Values are unescaped as the client escapes them (\n, \t,
 * \\). Copies of the slow log whose tabs became spaces are split at white space, taking the
 * multi-word select types (DEPENDENT SUBQUERY, UNION RESULT…) and the Extra column whole. */
#include <string.h>

#include "explain/explain_int.h"

#define BATCH_MAX_COLS 32
#define SLOWLOG_PREFIX "# explain: "

static unsigned split_tabs(struct sv s, struct sv *f)
{
    unsigned k = 0;
    size_t start = 0;
    for (size_t i = 0; i <= s.n && k < BATCH_MAX_COLS; i++)
        if (i == s.n || s.p[i] == '\t') {
            f[k++] = sv_make(s.p + start, i - start);
            start = i + 1;
        }
    return k;
}

static unsigned split_words(struct sv s, struct sv *w, unsigned max)
{
    unsigned k = 0;
    size_t i = 0;
    while (i < s.n && k < max) {
        while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'))
            i++;
        size_t start = i;
        while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t')
            i++;
        if (i > start)
            w[k++] = sv_make(s.p + start, i - start);
    }
    return k;
}

/* Joins words a..b (inclusive) back into one view of the line. */
static struct sv span(const struct sv *w, unsigned a, unsigned b)
{
    return sv_make(w[a].p, (size_t)(w[b].p + w[b].n - w[a].p));
}

/* Values of a row whose tabs became spaces, by the header's names. */
static unsigned split_spaced(struct sv s, const struct sv *names, unsigned ncols, struct sv *v)
{
    struct sv w[BATCH_MAX_COLS * 4];
    unsigned nw = split_words(s, w, BATCH_MAX_COLS * 4), k = 0, j = 0;
    for (; j < ncols && k < nw; j++) {
        unsigned end = k;
        if (sv_ieq_cstr(names[j], "Extra") && j + 1 == ncols)
            end = nw - 1;
        else if (sv_ieq_cstr(names[j], "select_type") && k + 1 < nw &&
                 (sv_eq_cstr(w[k], "DEPENDENT") || sv_eq_cstr(w[k], "UNCACHEABLE") ||
                  (sv_eq_cstr(w[k], "UNION") && sv_eq_cstr(w[k + 1], "RESULT"))))
            end = k + 1;
        v[j] = span(w, k, end);
        k = end + 1;
    }
    return k == nw ? j : 0;
}

static struct sv body(struct sv s, enum explain_form form)
{
    if (form == EXPLAIN_FORM_SLOWLOG && sv_starts_with(s, SLOWLOG_PREFIX))
        return sv_make(s.p + strlen(SLOWLOG_PREFIX), s.n - strlen(SLOWLOG_PREFIX));
    return s;
}

static void batch_row(struct ex_ctx *c, struct explain_plan *p, const struct sv *names,
                      unsigned ncols, struct sv s, unsigned line, bool spaced)
{
    struct sv v[BATCH_MAX_COLS];
    struct buf un[BATCH_MAX_COLS];
    unsigned k = spaced ? split_spaced(s, names, ncols, v) : split_tabs(s, v);
    if (k != ncols) {
        diag_add(c->d, c->file, line, "EXPLAIN row has %u fields, the header %u", k, ncols);
        return;
    }
    memset(un, 0, sizeof un);
    for (unsigned j = 0; j < ncols; j++) {
        if (!memchr(v[j].p, '\\', v[j].n))
            continue;
        if (ex_unescape(v[j], &un[j]) < 0)
            c->oom = true;
        else
            v[j] = buf_sv(&un[j]);
    }
    if (!c->oom)
        ex_trad_row(c, p, names, v, ncols, line);
    for (unsigned j = 0; j < ncols; j++)
        buf_free(&un[j]);
}

static bool is_row(struct sv s, enum explain_form form)
{
    if (form == EXPLAIN_FORM_SLOWLOG)
        return sv_starts_with(s, SLOWLOG_PREFIX);
    return memchr(s.p, '\t', s.n) != NULL;
}

unsigned ex_read_batch(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i,
                       enum explain_form form)
{
    struct sv names[BATCH_MAX_COLS], h = body(l[i].s, form);
    bool spaced = !memchr(h.p, '\t', h.n);
    unsigned ncols = spaced ? split_words(h, names, BATCH_MAX_COLS) : split_tabs(h, names);
    struct explain_plan *p = ex_plan_new(c, form, l[i].no);
    if (!p)
        return n;
    unsigned j = i + 1;
    for (; j < n && is_row(l[j].s, form) && !c->oom; j++) {
        struct sv s = body(l[j].s, form);
        if (form == EXPLAIN_FORM_SLOWLOG && sv_starts_with(s, "id"))
            break; /* the header of the next plan */
        batch_row(c, p, names, ncols, s, l[j].no, spaced);
    }
    if (p->nacc == 0 && !c->oom)
        diag_add(c->d, c->file, l[i].no, "EXPLAIN header without rows");
    ex_plan_drop_if_empty(c, p);
    return j;
}
