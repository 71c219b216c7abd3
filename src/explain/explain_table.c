/* The mysql client's boxed table: `+---+` border, header, border, rows, border. Columns are cut at
 * the border's `+` positions (values may hold `|`); a row that does not line up (wide characters)
 * is split at ` | ` instead. A one-column EXPLAIN/ANALYZE table holds a TREE or JSON document
 * whose lines are printed raw between `| ` and ` |`. */
#include <string.h>

#include "explain/explain_int.h"

#define BOX_MAX_COLS 32

static bool is_border(struct sv s)
{
    s = sv_trim(s);
    if (s.n < 3 || s.p[0] != '+' || s.p[s.n - 1] != '+')
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != '+' && s.p[i] != '-')
            return false;
    return true;
}

/* Cuts a row into cells between the '+' positions of the border. */
static unsigned cut_cells(struct sv row, const size_t *pos, unsigned npos, struct sv *cells)
{
    unsigned k = 0;
    bool aligned = row.n == pos[npos - 1] + 1;
    for (unsigned j = 0; aligned && j < npos; j++)
        aligned = row.p[pos[j]] == '|';
    if (aligned) {
        for (unsigned j = 0; j + 1 < npos; j++)
            cells[k++] = sv_make(row.p + pos[j] + 1, pos[j + 1] - pos[j] - 1);
        return k;
    }
    row = sv_trim(row);
    if (row.n < 2 || row.p[0] != '|' || row.p[row.n - 1] != '|')
        return 0;
    size_t start = 1;
    for (size_t i = 1; i < row.n && k < BOX_MAX_COLS; i++)
        if (row.p[i] == '|' && (i + 1 == row.n || row.p[i - 1] == ' ')) {
            cells[k++] = sv_make(row.p + start, i - start);
            start = i + 1;
        }
    return k;
}

/* A one-column table holding a TREE or JSON document. */
static unsigned boxed_document(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i)
{
    struct buf doc = {0};
    unsigned first = i < n ? l[i].no : 0, j = i;
    bool fail = false;
    for (; j < n && !is_border(l[j].s); j++) {
        struct sv s = l[j].s;
        if (j == i && sv_starts_with(s, "| "))
            s = sv_make(s.p + 2, s.n - 2);
        bool last = j + 1 == n || is_border(l[j + 1].s);
        if (last && s.n && s.p[s.n - 1] == '|')
            s = sv_make(s.p, s.n - 1);
        if (last)
            while (s.n && s.p[s.n - 1] == ' ')
                s.n--;
        fail |= buf_append_sv(&doc, s) < 0 || buf_append_char(&doc, '\n') < 0;
    }
    if (fail)
        c->oom = true;
    else if (j == n)
        diag_add(c->d, c->file, first, "table of one plan is not closed by a border (truncated?)");
    if (!fail)
        ex_parse_document(c, buf_sv(&doc), first);
    buf_free(&doc);
    return j < n ? j + 1 : j;
}

unsigned ex_read_boxed(struct ex_ctx *c, const struct ex_line *l, unsigned n, unsigned i)
{
    size_t pos[BOX_MAX_COLS + 1];
    unsigned npos = 0;
    struct sv border = l[i].s, names[BOX_MAX_COLS], cells[BOX_MAX_COLS];
    for (size_t k = 0; k < border.n && npos <= BOX_MAX_COLS; k++)
        if (border.p[k] == '+')
            pos[npos++] = k;
    if (npos < 2 || npos > BOX_MAX_COLS || i + 2 >= n || !is_border(l[i + 2].s)) {
        diag_add(c->d, c->file, l[i].no, "a table border without a header and second border");
        return i + 1;
    }
    unsigned ncols = cut_cells(l[i + 1].s, pos, npos, names);
    if (ncols == 1 && (sv_ieq_cstr(sv_trim(names[0]), "EXPLAIN") ||
                       sv_ieq_cstr(sv_trim(names[0]), "ANALYZE")))
        return boxed_document(c, l, n, i + 3);
    if (!ex_trad_header(names, ncols)) {
        /* some other result set (SHOW WARNINGS…): skip it whole */
        unsigned j = i + 3;
        while (j < n && !is_border(l[j].s))
            j++;
        return j < n ? j + 1 : j;
    }
    struct explain_plan *p = ex_plan_new(c, EXPLAIN_FORM_TABLE, l[i].no);
    if (!p)
        return n;
    unsigned j = i + 3;
    for (; j < n && !is_border(l[j].s) && !c->oom; j++) {
        unsigned k = cut_cells(l[j].s, pos, npos, cells);
        if (k != ncols) {
            diag_add(c->d, c->file, l[j].no, "table row has %u cells, the header %u", k, ncols);
            if (k == 0)
                break;
            continue;
        }
        ex_trad_row(c, p, names, cells, ncols, l[j].no);
    }
    if (j == n)
        diag_add(c->d, c->file, l[i].no, "table is not closed by a border (truncated?)");
    ex_plan_drop_if_empty(c, p);
    return j < n && is_border(l[j].s) ? j + 1 : j;
}
