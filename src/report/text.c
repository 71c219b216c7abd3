/* The text report, shaped like pt-query-digest 3.5's default report: the header (files, overall
 * statistics), the profile table, then one block per reported class (text_class.c). Numbers are
 * formatted exactly as pt formats them so that reports can be compared with pt's line for line. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "fingerprint/fingerprint.h"
#include "report/text_int.h"

/* pt's default --expected-range: outside it every block says why it is included. */
#define EXPECTED_MIN 5
#define EXPECTED_MAX 10

void rtext_emit(struct rtext *x, struct buf *b)
{
    size_t n = b->n;
    while (n && (b->p[n - 1] == ' ' || b->p[n - 1] == '\t' || b->p[n - 1] == '\n'))
        n--;
    if (n)
        fwrite(b->p, 1, n, x->out);
    fputc('\n', x->out);
    buf_reset(b);
}

void rtext_printf(struct rtext *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_reset(&x->line);
    if (buf_vprintf(&x->line, fmt, ap) < 0)
        x->err = 1;
    va_end(ap);
    rtext_emit(x, &x->line);
}

void rtext_num_row(struct rtext *x, const char *label, const char *pct, char vals[7][32])
{
    rtext_printf(x, "# %-12s %3s %7s %7s %7s %7s %7s %7s %7s", label, pct, vals[0], vals[1],
                 vals[2], vals[3], vals[4], vals[5], vals[6]);
}

void rtext_num_values(const char *attr, const struct num_stats *st, char vals[7][32])
{
    struct num_metrics m;
    stats_metrics(st, &m);
    double v[7] = {m.sum, m.min, m.max, st->cnt ? m.sum / (double)st->cnt : 0,
                   m.pct95, m.stddev, m.median};
    bool is_time = rfmt_is_time_attr(attr);
    for (int i = 0; i < 7; i++) {
        if (is_time)
            rfmt_micro_t(v[i], vals[i], 32);
        else
            rfmt_shorten(v[i], 1024, vals[i], 32);
    }
}

uint64_t rtext_order_cnt(const struct rtext *x, const struct agg_class *c)
{
    const struct class_attr *a = x->order_id == UINT32_MAX ? NULL : agg_class_attr(c, x->order_id);
    return a ? a->cnt : c->cnt;
}

double rtext_vm(const struct rtext *x, const struct agg_class *c)
{
    const struct class_attr *a = x->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, x->qt_id);
    if (!a || agg_attr_kind(x->t, x->qt_id) != ATTR_NUM || a->u.num.cnt == 0)
        return 0;
    struct num_metrics m;
    stats_metrics(&a->u.num, &m);
    double avg = m.sum / (double)a->u.num.cnt;
    return m.stddev * m.stddev / (avg != 0 ? avg : 1);
}

static void header_facts(struct rtext *x)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        char u[32], s[32], rss[32];
        rfmt_micro_t((double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, u, sizeof u);
        rfmt_micro_t((double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, s, sizeof s);
        rfmt_shorten((double)ru.ru_maxrss * 1024, 1024, rss, sizeof rss);
        rtext_printf(x, "# %s user time, %s system time, %s max rss", u, s, rss);
    }
    char date[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) && strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm))
        rtext_printf(x, "# Current date: %s", date);
    char host[256];
    if (gethostname(host, sizeof host) == 0) {
        host[sizeof host - 1] = '\0';
        rtext_printf(x, "# Hostname: %s", host);
    }
}

static void header_files(struct rtext *x, const struct report_input_file *files, int nfiles)
{
    if (nfiles <= 0)
        return;
    struct buf *b = &x->line;
    buf_reset(b);
    buf_append_cstr(b, "# Files: ");
    for (int i = 0; i < nfiles; i++)
        buf_printf(b, "%s%s", i ? ", " : "", files[i].name ? files[i].name : "-");
    rtext_emit(x, b);
    bool detail = nfiles > 1;
    for (int i = 0; i < nfiles; i++)
        detail = detail || files[i].failed || files[i].bad_lines;
    for (int i = 0; detail && i < nfiles; i++) {
        const struct report_input_file *f = &files[i];
        char size[32];
        rfmt_shorten((double)f->size, 1024, size, sizeof size);
        buf_printf(b, "#   %s: %llu events, %s bytes", f->name ? f->name : "-",
                   (unsigned long long)f->events, size);
        if (f->bad_lines)
            buf_printf(b, ", %llu bad lines", (unsigned long long)f->bad_lines);
        if (f->failed)
            buf_printf(b, ", not read: %s", f->error ? f->error : "error");
        rtext_emit(x, b);
    }
}

static void overall_line(struct rtext *x)
{
    const struct agg_class *g = x->global;
    uint64_t cnt = rtext_order_cnt(x, g);
    double qps = 0, conc = 0, span = rfmt_span_seconds(g->ts_min, g->ts_max);
    const struct class_attr *a = x->order_id == UINT32_MAX ? NULL : agg_class_attr(g, x->order_id);
    bool timed = a && a->cnt && agg_attr_kind(x->t, x->order_id) == ATTR_NUM;
    if (cnt && span > 0) {
        qps = (double)cnt / span;
        if (timed)
            conc = fixsum_to_double(&a->u.num.sum) / span;
    }
    char c[32], u[32], q[32], k[32];
    rfmt_shorten((double)cnt, 1000, c, sizeof c);
    rfmt_shorten((double)agg_class_count(x->t), 1000, u, sizeof u);
    rfmt_shorten(qps, 1000, q, sizeof q);
    rfmt_shorten(conc, 1000, k, sizeof k);
    struct buf *b = &x->line;
    buf_reset(b);
    /* A general log has no times: no concurrency rather than a fake 0x. */
    buf_printf(b, "# Overall: %s total, %s unique, %s QPS, %s%s ", c, u, q, timed ? k : "",
               timed ? "x concurrency" : "concurrency unknown");
    while (b->n < RFMT_LINE_LENGTH)
        buf_append_char(b, '_');
    rtext_emit(x, b);
    if (g->ts_min != EVENT_TS_UNKNOWN) {
        char r[160];
        rfmt_time_range(g->ts_min, g->ts_max, r, sizeof r);
        rtext_printf(x, "# Time range: %s", r);
    }
}

static void global_num_rows(struct rtext *x, const uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct class_attr *a = agg_class_attr(x->global, ids[i]);
        if (!a || a->u.num.cnt == 0)
            continue;
        const char *name = agg_attr_name(x->t, ids[i]);
        char label[64], vals[7][32];
        rfmt_label(name, label, sizeof label);
        rtext_num_values(name, &a->u.num, vals);
        rtext_num_row(x, label, "", vals);
    }
}

static void global_bool_rows(struct rtext *x)
{
    bool any = false;
    for (uint32_t i = 0; i < x->attrs.nboolean; i++) {
        const struct class_attr *a = agg_class_attr(x->global, x->attrs.boolean[i]);
        if (!a || a->u.yes == 0)
            continue;
        if (!any)
            rtext_printf(x, "# Boolean:");
        any = true;
        char label[64];
        rfmt_label(agg_attr_name(x->t, x->attrs.boolean[i]), label, sizeof label);
        rtext_printf(x, "# %-12s %3lld%% yes, %3lld%% no", label,
                     rfmt_percent((double)a->u.yes, (double)a->cnt),
                     rfmt_percent((double)(a->cnt - a->u.yes), (double)a->cnt));
    }
}

static void overall_section(struct rtext *x)
{
    overall_line(x);
    rtext_printf(x, "# %-12s %3s %7s %7s %7s %7s %7s %7s %7s", "Attribute", "", "total", "min",
                 "max", "avg", "95%", "stddev", "median");
    rtext_printf(x, "# %-12s %3s %7s %7s %7s %7s %7s %7s %7s", "============", "", "=======",
                 "=======", "=======", "=======", "=======", "=======", "=======");
    global_num_rows(x, x->attrs.num, x->attrs.nnum);
    bool innodb = false;
    for (uint32_t i = 0; i < x->attrs.ninnodb; i++)
        innodb = innodb || agg_class_attr(x->global, x->attrs.innodb[i]);
    if (innodb)
        rtext_printf(x, "# InnoDB:");
    global_num_rows(x, x->attrs.innodb, x->attrs.ninnodb);
    global_bool_rows(x);
}

static void diagnostics_section(struct rtext *x)
{
    const struct report_options *o = x->o;
    if (!o->diagnostics_total)
        return;
    fputc('\n', x->out);
    rtext_printf(x, "# Parse errors: %llu", (unsigned long long)o->diagnostics_total);
    for (int i = 0; i < o->ndiagnostics && o->diagnostics; i++)
        rtext_printf(x, "#   %s", o->diagnostics[i]);
    if ((uint64_t)o->ndiagnostics < o->diagnostics_total)
        rtext_printf(x, "#   ... %llu more",
                     (unsigned long long)(o->diagnostics_total - (uint64_t)o->ndiagnostics));
}

static int rtext_init(struct rtext *x, FILE *out, const struct agg_table *t,
                      const struct report_selection *sel, const struct report_options *o)
{
    memset(x, 0, sizeof *x);
    x->out = out;
    x->t = t;
    x->o = o;
    x->global = agg_global(t);
    x->order_attr = o->order_attr ? o->order_attr : "Query_time";
    x->order_id = agg_attr_find(t, x->order_attr);
    x->qt_id = agg_attr_find(t, "Query_time");
    x->by_fingerprint = !o->group_by || strcmp(o->group_by, "fingerprint") == 0;
    x->explain_why = sel->nshown < EXPECTED_MIN || sel->nshown > EXPECTED_MAX;
    if (!(x->distiller = fp_distiller_new()))
        return -1;
    return rfmt_sort_attrs(t, &x->attrs);
}

int report_text(FILE *out, const struct agg_table *t, const struct report_selection *sel,
                const struct report_input_file *files, int nfiles, const struct report_options *o)
{
    struct rtext x;
    if (rtext_init(&x, out, t, sel, o) < 0)
        return -1;
    fputc('\n', out);
    if (o->show_rusage)
        header_facts(&x);
    header_files(&x, files, nfiles);
    if (x.global->cnt == 0) {
        rtext_printf(&x, "# No events processed.");
        diagnostics_section(&x);
    } else {
        overall_section(&x);
        diagnostics_section(&x);
        rtext_profile(&x, sel);
        rtext_findings_summary(&x);
        if (!x.by_fingerprint && sel->nshown) {
            fputc('\n', out);
            static const char rule[] =
                "# ########################################################################";
            rtext_printf(&x, "%s", rule);
            rtext_printf(&x, "# Report grouped by %s", o->group_by);
            rtext_printf(&x, "%s", rule);
        }
        for (uint64_t i = 0; i < sel->nshown && !x.err; i++) {
            fputc('\n', out);
            rtext_class_block(&x, sel->ranked[i], i + 1);
        }
    }
    rfmt_attrs_free(&x.attrs);
    buf_free(&x.line);
    buf_free(&x.scratch);
    fp_distiller_free(x.distiller);
    if (x.err || fflush(out) != 0 || ferror(out))
        return -1;
    return 0;
}
