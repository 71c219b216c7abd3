/* Vertical (\G) output: `*** 1. row ***` then `name: value` lines with the names right-aligned. Rows
 * 2, 3… of one result belong to the same plan. A row whose only field is EXPLAIN (or ANALYZE)
 * holds a TREE or JSON document that runs on over the following lines; so does a field of any name
 * whose value opens one (`@v1: {` after EXPLAIN ... INTO @v1), with or without the row marker. */
#include <ctype.h>
#include <string.h>

#include "explain/explain_int.h"

#define VERT_MAX_FIELDS 32

/* "*************************** 2. row ***************************" -> 2; 0 when not a marker. */
static long row_marker(struct sv s)
{
    s = sv_trim(s);
    size_t i = 0;
    while (i < s.n && s.p[i] == '*')
        i++;
    if (i < 3)
        return 0;
    while (i < s.n && s.p[i] == ' ')
        i++;
    long v = 0;
    size_t d = i;
    while (i < s.n && isdigit((unsigned char)s.p[i]) && v < 1000000)
        v = v * 10 + (s.p[i++] - '0');
    if (i == d || s.n - i < 5 || memcmp(s.p + i, ". row", 5) != 0)
        return 0;
    return v;
}

static bool rows_in_set(struct sv s)
{
    s = sv_trim(s);
    size_t i = 0;
    while (i < s.n && isdigit((unsigned char)s.p[i]))
        i++;
    struct sv rest = sv_make(s.p + i, s.n - i);
    return i > 0 && (sv_starts_with(rest, " rows in set") || sv_starts_with(rest, " row in set"));
}

/* "  select_type: SIMPLE" -> name and value; false when the line is not a field. */
static bool field(struct sv s, struct sv *name, struct sv *val)
{
    size_t i = 0;
    while (i < s.n && s.p[i] == ' ')
        i++;
    size_t start = i;
    while (i < s.n && (isalnum((unsigned char)s.p[i]) || s.p[i] == '_'))
        i++;
    if (i == start || i >= s.n || s.p[i] != ':')
        return false;
    *name = sv_make(s.p + start, i - start);
    i++;
    if (i < s.n && s.p[i] == ' ')
        i++;
    *val = sv_make(s.p + i, s.n - i);
    return true;
}

static unsigned vertical_document(struct ex_ctx *c, const struct ex_line *l, unsigned n,
                                  unsigned i, struct sv first)
{
    struct buf doc = {0};
    unsigned j = i + 1;
    bool fail = buf_append_sv(&doc, first) < 0 || buf_append_char(&doc, '\n') < 0;
    for (; j < n && !row_marker(l[j].s) && !rows_in_set(l[j].s); j++)
        fail |= buf_append_sv(&doc, l[j].s) < 0 || buf_append_char(&doc, '\n') < 0;
    if (fail)
        c->oom = true;
    else
        ex_parse_document(c, buf_sv(&doc), l[i].no);
    buf_free(&doc);
    return j;
}

size_t ex_labelled_value(struct sv s)
{
    size_t i = 0;
    while (i < s.n && s.p[i] == ' ')
        i++;
    size_t start = i;
    while (i < s.n && s.p[i] != ' ' && s.p[i] != ':' && s.p[i] != '"' && s.p[i] != '{')
        i++;
    if (i == start || i + 1 >= s.n || s.p[i] != ':' || s.p[i + 1] != ' ')
        return 0;
    struct sv v = sv_trim(sv_make(s.p + i + 1, s.n - i - 1));
    if (!(v.n && v.p[0] == '{') && !sv_starts_with(v, "->"))
        return 0;
    return (size_t)(v.p - s.p);
}

unsigned ex_read_vertical(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i)
{
    struct sv names[VERT_MAX_FIELDS], vals[VERT_MAX_FIELDS], name, val;
    struct explain_plan *p = NULL;
    unsigned j = i;
    while (j < n && row_marker(l[j].s)) {
        unsigned row_line = l[j].no, k = 0;
        j++;
        size_t at = j < n ? ex_labelled_value(l[j].s) : 0;
        if (at > 0) {
            j = vertical_document(c, l, n, j, sv_make(l[j].s.p + at, l[j].s.n - at));
            p = NULL;
            continue;
        }
        if (j < n && field(l[j].s, &name, &val) &&
            (sv_ieq_cstr(name, "EXPLAIN") || sv_ieq_cstr(name, "ANALYZE"))) {
            j = vertical_document(c, l, n, j, val);
            p = NULL;
            continue;
        }
        for (; j < n && k < VERT_MAX_FIELDS && field(l[j].s, &names[k], &vals[k]); j++)
            k++;
        if (!ex_trad_header(names, k)) {
            if (k > 0)
                diag_add(c->d, c->file, row_line, "\\G row is not an EXPLAIN row");
            continue;
        }
        if (!p || row_marker(l[j - k - 1].s) == 1) {
            if (p)
                ex_plan_drop_if_empty(c, p);
            if (!(p = ex_plan_new(c, EXPLAIN_FORM_VERTICAL, row_line)))
                return n;
        }
        ex_trad_row(c, p, names, vals, k, row_line);
        while (j < n && sv_trim(l[j].s).n == 0 && j + 1 < n && row_marker(l[j + 1].s))
            j++;
    }
    return j > i ? j : i + 1;
}
