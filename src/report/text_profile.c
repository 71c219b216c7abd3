/* The "# Profile" table of the text report, laid out by the same column-sizing rules as
 * pt-query-digest's ReportFormatter (74-column budget, auto-width columns, fixed 35-column Query ID
 * and 5-column V/M as in pt ≥ 3.5.5), so that its rows match pt's byte for byte. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint/fingerprint.h"
#include "report/text_int.h"

#define PCOLS 7

struct pcol {
    const char *name;
    bool right;       /* right-justified */
    int width;        /* fixed width, 0 = auto */
    int pct;          /* share of the line width */
    int min_val, max_val, print_width;
};

struct ptable {
    struct pcol cols[PCOLS];
    char **cells;     /* nrows * PCOLS, owned */
    size_t nrows, caprows;
};

static void ptable_init(struct ptable *p)
{
    static const struct pcol cols[PCOLS] = {
        {"Rank", true, 0, 0, 0, 0, 0},         {"Query ID", false, 35, 0, 0, 0, 0},
        {"Response time", true, 0, 0, 0, 0, 0}, {"Calls", true, 0, 0, 0, 0, 0},
        {"R/Call", true, 0, 0, 0, 0, 0},        {"V/M", true, 5, 0, 0, 0, 0},
        {"Item", false, 0, 0, 0, 0, 0},
    };
    memset(p, 0, sizeof *p);
    memcpy(p->cols, cols, sizeof cols);
    int used = 0, nauto = 0;
    for (int i = 0; i < PCOLS; i++) {
        struct pcol *c = &p->cols[i];
        if (c->width) {
            c->pct = (c->width * 100 + RFMT_LINE_LENGTH - 1) / RFMT_LINE_LENGTH; /* ceil */
            used += c->pct;
        } else {
            nauto++;
        }
    }
    for (int i = 0; i < PCOLS; i++)
        if (!p->cols[i].width)
            p->cols[i].pct = (100 - used) / nauto;
}

/* Adds a row; values are trimmed and newlines become spaces, as ReportFormatter does. */
static int ptable_add(struct ptable *p, char *const vals[PCOLS])
{
    if (p->nrows == p->caprows) {
        size_t cap = p->caprows ? p->caprows * 2 : 16;
        char **cells = realloc(p->cells, cap * PCOLS * sizeof *cells);
        if (!cells)
            return -1;
        p->cells = cells;
        p->caprows = cap;
    }
    char **row = &p->cells[p->nrows * PCOLS];
    for (int i = 0; i < PCOLS; i++) {
        const char *v = vals[i] ? vals[i] : "";
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
            v++;
        size_t n = strlen(v);
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
            n--;
        row[i] = sv_dup(sv_make(v, n));
        if (!row[i]) {
            for (int j = 0; j < i; j++)
                free(row[j]);
            return -1;
        }
        for (char *q = row[i]; *q; q++)
            if (*q == '\n')
                *q = ' ';
        struct pcol *c = &p->cols[i];
        int w = (int)n;
        c->min_val = c->min_val && c->min_val < w ? c->min_val : w;
        c->max_val = c->max_val > w ? c->max_val : w;
    }
    p->nrows++;
    return 0;
}

static void ptable_widths(struct ptable *p)
{
    int extra = 0;
    for (int i = 0; i < PCOLS; i++) {
        struct pcol *c = &p->cols[i];
        c->print_width = RFMT_LINE_LENGTH * c->pct / 100;
        if (c->width)
            continue;
        if (c->min_val && c->print_width < c->min_val) {
            c->print_width = c->min_val;
        } else if (c->max_val && c->print_width > c->max_val) {
            extra += c->print_width - c->max_val;
            c->print_width = c->max_val;
        }
    }
    /* ReportFormatter hands out the reclaimed space one round per character, each round widening
     * every auto column still narrower than its widest value or its name. */
    while (extra-- > 0) {
        for (int i = 0; i < PCOLS; i++) {
            struct pcol *c = &p->cols[i];
            if (!c->width && (c->print_width < c->max_val ||
                              c->print_width < (int)strlen(c->name)))
                c->print_width++;
        }
    }
}

/* One formatted line; the Item column (last, left-justified) has no width and is never cut. */
static void ptable_line(struct buf *b, const struct ptable *p, const char *const vals[PCOLS],
                        bool header, bool truncate_cells)
{
    buf_reset(b);
    buf_append_cstr(b, "# ");
    for (int i = 0; i < PCOLS; i++) {
        const struct pcol *c = &p->cols[i];
        const char *v = vals[i];
        int pw = c->print_width, len = (int)strlen(v);
        if (i)
            buf_append_char(b, ' ');
        if (truncate_cells && i < PCOLS - 1 && len > pw) {
            buf_printf(b, "%.*s...", pw > 3 ? pw - 3 : 0, v);
            continue;
        }
        if (i == PCOLS - 1)
            buf_append_cstr(b, v);
        else if (c->right && !header)
            buf_printf(b, "%*s", pw, v);
        else
            buf_printf(b, "%-*s", pw, v);
    }
}

static void ptable_write(struct rtext *x, struct ptable *p)
{
    ptable_widths(p);
    struct buf *b = &x->line;
    const char *names[PCOLS];
    for (int i = 0; i < PCOLS; i++)
        names[i] = p->cols[i].name;
    fputs("# Profile\n", x->out);
    ptable_line(b, p, names, true, false);
    while (b->n && b->p[b->n - 1] == ' ')
        b->n--;
    if (b->n > RFMT_LINE_LENGTH)
        b->n = RFMT_LINE_LENGTH; /* pt cuts the header and rule at 74 columns, spaces kept */
    fwrite(b->p, 1, b->n, x->out);
    fputc('\n', x->out);
    char rules[PCOLS][128];
    const char *rv[PCOLS];
    for (int i = 0; i < PCOLS; i++) {
        int w = p->cols[i].print_width < 127 ? p->cols[i].print_width : 127;
        memset(rules[i], '=', (size_t)w);
        rules[i][w] = '\0';
        rv[i] = rules[i];
    }
    ptable_line(b, p, rv, false, false);
    fwrite(b->p, 1, b->n > RFMT_LINE_LENGTH ? RFMT_LINE_LENGTH : b->n, x->out);
    fputc('\n', x->out);
    for (size_t r = 0; r < p->nrows; r++) {
        ptable_line(b, p, (const char *const *)&p->cells[r * PCOLS], false, true);
        fwrite(b->p, 1, b->n, x->out);
        fputc('\n', x->out);
    }
}

static void ptable_free(struct ptable *p)
{
    for (size_t i = 0; i < p->nrows * PCOLS; i++)
        free(p->cells[i]);
    free(p->cells);
}

/* Σ and count of Query_time in a class. */
static void class_r(const struct rtext *x, const struct agg_class *c, double *r, uint64_t *cnt)
{
    const struct class_attr *a = x->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, x->qt_id);
    bool num = a && agg_attr_kind(x->t, x->qt_id) == ATTR_NUM;
    *r = num ? fixsum_to_double(&a->u.num.sum) : 0;
    *cnt = num ? a->u.num.cnt : x->qt_id == UINT32_MAX ? c->cnt : 0;
}

/* No event of the digest has Query_time (a general log): the time columns say "-", not 0. */
static void untimed_cells(const struct rtext *x, char *rt, size_t nrt, char *rc, size_t nrc)
{
    if (x->qt_id != UINT32_MAX)
        return;
    snprintf(rt, nrt, "-");
    snprintf(rc, nrc, "-");
}

static int profile_row(struct rtext *x, struct ptable *p, const struct agg_class *c, uint64_t rank,
                       double total_r)
{
    double r;
    uint64_t cnt;
    class_r(x, c, &r, &cnt);
    char rk[24], id[40], rt[64], calls[24], rc[40], vm[40];
    snprintf(rk, sizeof rk, "%llu", (unsigned long long)rank);
    snprintf(id, sizeof id, "0x%s", x->by_fingerprint ? c->query_id : "");
    snprintf(rt, sizeof rt, "%10.4f %4.1f%%", r, r / (total_r != 0 ? total_r : 1) * 100);
    snprintf(calls, sizeof calls, "%llu", (unsigned long long)cnt);
    snprintf(rc, sizeof rc, "%8.4f", cnt ? r / (double)cnt : 0);
    snprintf(vm, sizeof vm, "%4.2f", rtext_vm(x, c));
    untimed_cells(x, rt, sizeof rt, rc, sizeof rc);
    if (x->qt_id == UINT32_MAX)
        snprintf(vm, sizeof vm, "-");
    struct buf *item = &x->scratch;
    buf_reset(item);
    if (x->by_fingerprint) {
        if (fp_distill(x->distiller, sv_make(c->worst.query ? c->worst.query : "",
                                             c->worst.query_len), item) < 0)
            return -1;
    } else if (buf_append(item, c->key, c->key_len) < 0) {
        return -1;
    }
    char *vals[PCOLS] = {rk, id, rt, calls, rc, vm, item->p ? item->p : ""};
    return ptable_add(p, vals);
}

static int misc_row(struct rtext *x, struct ptable *p, const struct report_selection *sel,
                    double total_r)
{
    double r = 0;
    uint64_t cnt = 0;
    for (uint64_t i = sel->nshown; i < sel->nclasses; i++) {
        double cr;
        uint64_t cc;
        class_r(x, sel->ranked[i], &cr, &cc);
        r += cr;
        cnt += cc;
    }
    char rt[64], calls[24], rc[40], items[40];
    snprintf(rt, sizeof rt, "%10.4f %4.1f%%", r, r / (total_r != 0 ? total_r : 1) * 100);
    snprintf(calls, sizeof calls, "%llu", (unsigned long long)cnt);
    snprintf(rc, sizeof rc, "%8.4f", cnt ? r / (double)cnt : 0);
    untimed_cells(x, rt, sizeof rt, rc, sizeof rc);
    snprintf(items, sizeof items, "<%llu ITEMS>",
             (unsigned long long)(sel->nclasses - sel->nshown));
    char *vals[PCOLS] = {"MISC", "0xMISC", rt, calls, rc, x->qt_id == UINT32_MAX ? "-" : "0.0",
                         items};
    return ptable_add(p, vals);
}

void rtext_profile(struct rtext *x, const struct report_selection *sel)
{
    double total_r;
    uint64_t total_cnt;
    class_r(x, x->global, &total_r, &total_cnt);
    struct ptable p;
    ptable_init(&p);
    int rc = 0;
    for (uint64_t i = 0; i < sel->nshown && rc == 0; i++)
        rc = profile_row(x, &p, sel->ranked[i], i + 1, total_r);
    if (rc == 0 && sel->nshown < sel->nclasses)
        rc = misc_row(x, &p, sel, total_r);
    if (rc == 0) {
        fputc('\n', x->out);
        ptable_write(x, &p);
    } else {
        x->err = 1;
    }
    ptable_free(&p);
}
