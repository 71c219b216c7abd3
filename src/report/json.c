/* The JSON report: everything the text report shows, as numbers programs can read, in the
 * versioned schema of docs/json-schema.md. Written as a stream (no document tree): a digest with a
 * million classes costs no more memory than the aggregate itself. Strings may hold arbitrary bytes
 * from the log; the escaper always produces valid JSON (invalid UTF-8 bytes become \u00XX). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/digest_findings.h"
#include "analyze/nplus1_facts.h"
#include "fingerprint/fingerprint.h"
#include "report/findings.h"
#include "report/format.h"
#include "report/report.h"
#include "util/timeconv.h"

#ifndef SLOWDEX_VERSION
#define SLOWDEX_VERSION "0"
#endif
#define JSON_SCHEMA_VERSION 1

struct jw {
    FILE *out;
    const struct agg_table *t;
    const struct report_options *o;
    const struct report_input_file *files;
    int nfiles;
    const struct agg_class *global;
    struct rfmt_attrs attrs;
    uint32_t qt_id;
    bool comma;       /* a value was written at this level: the next one needs a comma */
    struct buf scratch;
    struct fp_distiller *distiller;
    int err;
};

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes are not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static void j_strn(struct jw *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    FILE *f = w->out;
    fputc('"', f);
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len = utf8_len(p + i, n - i);
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\r') {
            fputs("\\r", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else if (c < 0x20 || c == 0x7F || len == 0) {
            fprintf(f, "\\u%04x", c); /* control characters, and bytes that are not UTF-8 */
            len = 1;
        } else {
            fwrite(p + i, 1, len, f);
        }
        i += len ? len : 1;
    }
    fputc('"', f);
}

static void j_str(struct jw *w, const char *s) { j_strn(w, s, s ? strlen(s) : 0); }

static void j_sep(struct jw *w)
{
    if (w->comma)
        fputc(',', w->out);
    w->comma = true;
}

static void j_key(struct jw *w, const char *k)
{
    j_sep(w);
    j_str(w, k);
    fputc(':', w->out);
    w->comma = false;
}

static void j_open(struct jw *w, const char *key, char c)
{
    if (key)
        j_key(w, key);
    else
        j_sep(w);
    fputc(c, w->out);
    w->comma = false;
}

static void j_close(struct jw *w, char c)
{
    fputc(c, w->out);
    w->comma = true;
}

static void j_kstr(struct jw *w, const char *k, const char *v)
{
    j_key(w, k);
    if (v)
        j_str(w, v);
    else
        fputs("null", w->out);
    w->comma = true;
}

static void j_ku64(struct jw *w, const char *k, uint64_t v)
{
    j_key(w, k);
    fprintf(w->out, "%llu", (unsigned long long)v);
    w->comma = true;
}

/* Doubles: six decimals, the precision of the logs; never NaN or Infinity, which JSON lacks. */
static void j_kdbl(struct jw *w, const char *k, double v)
{
    j_key(w, k);
    if (!isfinite(v))
        v = 0;
    char s[64];
    snprintf(s, sizeof s, "%.6f", v);
    fputs(strcmp(s, "-0.000000") == 0 ? "0.000000" : s, w->out);
    w->comma = true;
}

static void j_kraw(struct jw *w, const char *k, const char *raw)
{
    j_key(w, k);
    fputs(raw, w->out);
    w->comma = true;
}

static void j_kts(struct jw *w, const char *k, int64_t us)
{
    if (us == EVENT_TS_UNKNOWN) {
        j_kstr(w, k, NULL);
        return;
    }
    char s[48];
    timeconv_format_iso(us, s, sizeof s);
    j_kstr(w, k, s);
}

static void j_files(struct jw *w)
{
    j_open(w, "files", '[');
    for (int i = 0; i < w->nfiles; i++) {
        const struct report_input_file *f = &w->files[i];
        j_open(w, NULL, '{');
        j_kstr(w, "name", f->name ? f->name : "-");
        j_ku64(w, "size", f->size);
        j_ku64(w, "events", f->events);
        j_ku64(w, "bad_lines", f->bad_lines);
        j_kstr(w, "error", f->failed ? (f->error ? f->error : "error") : NULL);
        j_close(w, '}');
    }
    j_close(w, ']');
}

static void j_diagnostics(struct jw *w)
{
    const struct report_options *o = w->o;
    j_open(w, "diagnostics", '{');
    j_ku64(w, "total", o->diagnostics_total);
    j_open(w, "first", '[');
    for (int i = 0; o->diagnostics && i < o->ndiagnostics; i++) {
        j_sep(w);
        j_str(w, o->diagnostics[i]);
    }
    j_close(w, ']');
    j_close(w, '}');
}

/* metrics: {ATTR: {sum, min, max, avg, median, pct_95, pct_99, stddev[, pct]}} for numbers;
 * booleans: {ATTR: {yes, cnt, pct}}. pct = share of the global sum (classes only). */
static void j_num_attr(struct jw *w, const struct agg_class *c, uint32_t id, bool with_pct)
{
    const struct class_attr *a = agg_class_attr(c, id);
    if (!a || a->u.num.cnt == 0)
        return;
    const struct num_stats *st = &a->u.num;
    struct num_metrics m;
    stats_metrics(st, &m);
    char s[64];
    j_open(w, agg_attr_name(w->t, id), '{');
    j_ku64(w, "cnt", st->cnt);
    fixsum_format(&st->sum, s, sizeof s);
    j_kraw(w, "sum", s);
    fixed_format(st->min, s, sizeof s);
    j_kraw(w, "min", s);
    fixed_format(st->max, s, sizeof s);
    j_kraw(w, "max", s);
    j_kdbl(w, "avg", fixsum_to_double(&st->sum) / (double)st->cnt);
    j_kdbl(w, "median", m.median);
    j_kdbl(w, "pct_95", m.pct95);
    j_kdbl(w, "pct_99", m.pct99);
    j_kdbl(w, "stddev", m.stddev);
    if (with_pct) {
        const struct class_attr *g = agg_class_attr(w->global, id);
        double gs = g ? fixsum_to_double(&g->u.num.sum) : 0;
        j_kdbl(w, "pct", gs != 0 ? fixsum_to_double(&st->sum) / gs : 0);
    }
    j_close(w, '}');
}

static void j_metrics(struct jw *w, const struct agg_class *c, bool with_pct)
{
    j_open(w, "metrics", '{');
    for (uint32_t i = 0; i < w->attrs.nnum; i++)
        j_num_attr(w, c, w->attrs.num[i], with_pct);
    for (uint32_t i = 0; i < w->attrs.ninnodb; i++)
        j_num_attr(w, c, w->attrs.innodb[i], with_pct);
    j_close(w, '}');
    j_open(w, "booleans", '{');
    for (uint32_t i = 0; i < w->attrs.nboolean; i++) {
        const struct class_attr *a = agg_class_attr(c, w->attrs.boolean[i]);
        if (!a || a->cnt == 0)
            continue;
        j_open(w, agg_attr_name(w->t, w->attrs.boolean[i]), '{');
        j_ku64(w, "yes", a->u.yes);
        j_ku64(w, "cnt", a->cnt);
        j_kdbl(w, "pct", (double)a->u.yes / (double)a->cnt);
        j_close(w, '}');
    }
    j_close(w, '}');
}

static double span_qps(uint64_t cnt, int64_t min, int64_t max)
{
    double span = rfmt_span_seconds(min, max);
    return span > 0 ? (double)cnt / span : 0;
}

static void j_global(struct jw *w)
{
    const struct agg_class *g = w->global;
    j_open(w, "global", '{');
    j_ku64(w, "count", g->cnt);
    j_ku64(w, "unique", agg_class_count(w->t));
    j_kts(w, "ts_min", g->ts_min);
    j_kts(w, "ts_max", g->ts_max);
    j_kdbl(w, "qps", span_qps(g->cnt, g->ts_min, g->ts_max));
    const struct class_attr *qt = w->qt_id == UINT32_MAX ? NULL : agg_class_attr(g, w->qt_id);
    double span = rfmt_span_seconds(g->ts_min, g->ts_max);
    /* No Query_time at all (a general log): unknown, not an idle server. */
    if (!qt || qt->cnt == 0)
        j_kraw(w, "concurrency", "null");
    else
        j_kdbl(w, "concurrency", span > 0 ? fixsum_to_double(&qt->u.num.sum) / span : 0);
    j_metrics(w, g, false);
    j_close(w, '}');
}

/* [{value, count}…] sorted by count then value; a final {"other": N} for values not kept. */
static void j_strdist(struct jw *w, const char *key, const struct strdist *d)
{
    struct strdist_item *v = malloc((d->n ? d->n : 1) * sizeof *v);
    if (!v) {
        w->err = 1;
        return;
    }
    if (d->n) {
        memcpy(v, d->items, d->n * sizeof *v);
        qsort(v, d->n, sizeof *v, strdist_item_cmp);
    }
    j_open(w, key, '[');
    for (uint32_t i = 0; i < d->n; i++) {
        j_open(w, NULL, '{');
        j_key(w, "value");
        j_strn(w, strdist_value(&v[i]), v[i].len);
        w->comma = true;
        j_ku64(w, "count", v[i].cnt);
        j_close(w, '}');
    }
    if (d->other) {
        j_open(w, NULL, '{');
        j_ku64(w, "other", d->other);
        j_close(w, '}');
    }
    j_close(w, ']');
    free(v);
}

static void j_strings(struct jw *w, const struct agg_class *c)
{
    j_open(w, "strings", '{');
    j_strdist(w, "db", &c->db);
    j_strdist(w, "user", &c->user);
    j_strdist(w, "host", &c->host);
    j_strdist(w, "tags", &c->tags);
    for (uint32_t i = 0; i < w->attrs.nstring; i++) {
        const struct class_attr *a = agg_class_attr(c, w->attrs.string[i]);
        if (a && a->cnt)
            j_strdist(w, agg_attr_name(w->t, w->attrs.string[i]), &a->u.str);
    }
    j_close(w, '}');
}

static void j_histogram(struct jw *w, const struct agg_class *c)
{
    j_open(w, "histogram", '{');
    const struct class_attr *a = w->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, w->qt_id);
    if (a && agg_attr_kind(w->t, w->qt_id) == ATTR_NUM && a->u.num.cnt) {
        uint64_t d[8];
        stats_histogram(&a->u.num, d);
        j_open(w, "Query_time", '[');
        for (int i = 0; i < 8; i++) {
            j_sep(w);
            fprintf(w->out, "%llu", (unsigned long long)d[i]);
        }
        j_close(w, ']');
    }
    j_close(w, '}');
}

static void j_sample(struct jw *w, const struct agg_class *c)
{
    const struct agg_sample *s = &c->worst;
    j_open(w, "sample", '{');
    j_key(w, "query");
    if (w->o->redact) {
        buf_reset(&w->scratch);
        if (report_redact(s->query, s->query_len, &w->scratch) < 0)
            w->err = 1;
        j_strn(w, w->scratch.p, w->scratch.n);
    } else {
        j_strn(w, s->query, s->query ? s->query_len : 0);
    }
    w->comma = true;
    j_kstr(w, "db", s->db ? s->db : "");
    j_kts(w, "ts", s->ts_us);
    j_kstr(w, "file", agg_file_name(w->t, s->file_idx));
    j_ku64(w, "byte_offset", s->offset);
    j_ku64(w, "line", s->line);
    j_kstr(w, "explain", w->o->redact ? NULL : s->explain);
    j_close(w, '}');
}

/* A cJSON value written compactly under key k (NULL in an array). */
static void j_kjson(struct jw *w, const char *k, cJSON *v)
{
    char *text = v ? cJSON_PrintUnformatted(v) : NULL;
    if (!text) {
        w->err = 1;
        return;
    }
    if (k)
        j_key(w, k);
    else
        j_sep(w);
    fputs(text, w->out);
    w->comma = true;
    cJSON_free(text);
}

/* The findings list.v[first .. first+n) as an array under key k. */
static void j_findings(struct jw *w, const char *k, size_t first, size_t n)
{
    const struct digest_findings *df = w->o->findings;
    j_open(w, k, '[');
    for (size_t i = first; i < first + n && !w->err; i++) {
        cJSON *f = finding_to_json(&df->list.v[i]);
        j_kjson(w, NULL, f);
        cJSON_Delete(f);
    }
    j_close(w, ']');
}

static void j_class_findings(struct jw *w, const struct agg_class *c)
{
    if (!w->o->findings)
        return;
    size_t first = 0, n = digest_findings_of(w->o->findings, c, &first);
    j_findings(w, "findings", first, n);
}

/* Each example statement of the N+1 patterns with its literals replaced by ? (--redact). */
static int redact_examples(cJSON *np)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(np, "patterns"))
    {
        cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(p, "examples"))
        {
            struct buf b = {0};
            int rc = cJSON_IsString(e) ? report_redact(e->valuestring, strlen(e->valuestring), &b)
                                       : 0;
            char *v = rc == 0 && b.p ? cJSON_SetValuestring(e, b.p) : NULL;
            buf_free(&b);
            if (rc < 0 || (cJSON_IsString(e) && !v))
                return -1;
        }
    }
    return 0;
}

/* The N+1 patterns, as the NP1 rules' facts have them without the analyses (docs/json-schema.md);
 * absent when detection was off. */
static void j_nplus1(struct jw *w)
{
    if (!w->o->nplus1)
        return;
    cJSON *np = np1_facts_json(w->o->nplus1, w->t, NULL);
    if (np && w->o->redact && redact_examples(np) < 0) {
        cJSON_Delete(np);
        np = NULL;
    }
    j_kjson(w, "nplus1", np);
    cJSON_Delete(np);
}

/* After the classes: the summary of every finding, and those on tables and indexes. */
static void j_findings_summary(struct jw *w)
{
    const struct digest_findings *df = w->o->findings;
    if (!df)
        return;
    j_open(w, "findings", '{');
    cJSON *sum = findings_json_summary(&df->list, df->suppressed);
    j_kjson(w, "summary", sum);
    cJSON_Delete(sum);
    j_ku64(w, "classes_checked", df->classes);
    j_findings(w, "other", df->nclass_findings, df->list.n - df->nclass_findings);
    j_close(w, '}');
}

static void j_class(struct jw *w, const struct agg_class *c, uint64_t rank)
{
    j_open(w, NULL, '{');
    j_ku64(w, "rank", rank);
    j_kstr(w, "query_id", c->query_id);
    j_kstr(w, "fingerprint", c->fingerprint ? c->fingerprint : "");
    buf_reset(&w->scratch);
    if (fp_distill(w->distiller, sv_make(c->worst.query ? c->worst.query : "", c->worst.query_len),
                   &w->scratch) < 0)
        w->err = 1;
    j_key(w, "distill");
    j_strn(w, w->scratch.p, w->scratch.n);
    w->comma = true;
    j_kstr(w, "group_by", w->o->group_by ? w->o->group_by : "fingerprint");
    j_key(w, "key");
    j_strn(w, c->key, c->key_len);
    w->comma = true;
    j_ku64(w, "count", c->cnt);
    const struct class_attr *qt = w->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, w->qt_id);
    const struct class_attr *gqt =
        w->qt_id == UINT32_MAX ? NULL : agg_class_attr(w->global, w->qt_id);
    double gsum = gqt ? fixsum_to_double(&gqt->u.num.sum) : 0;
    if (!qt || qt->cnt == 0) /* the class's statements have no Query_time (a general log) */
        j_kraw(w, "time_share", "null");
    else
        j_kdbl(w, "time_share", gsum != 0 ? fixsum_to_double(&qt->u.num.sum) / gsum : 0);
    j_kts(w, "ts_min", c->ts_min);
    j_kts(w, "ts_max", c->ts_max);
    j_kdbl(w, "qps", span_qps(c->cnt, c->ts_min, c->ts_max));
    j_metrics(w, c, true);
    j_strings(w, c);
    j_histogram(w, c);
    j_sample(w, c);
    j_class_findings(w, c);
    j_close(w, '}');
    fputc('\n', w->out);
}

static void j_misc(struct jw *w, const struct report_selection *sel)
{
    uint64_t classes = sel->nclasses - sel->nshown, cnt = 0, timed = 0;
    struct fixsum qt = {0, 0};
    for (uint64_t i = sel->nshown; i < sel->nclasses; i++) {
        const struct agg_class *c = sel->ranked[i];
        cnt += c->cnt;
        const struct class_attr *a = w->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, w->qt_id);
        if (a && agg_attr_kind(w->t, w->qt_id) == ATTR_NUM) {
            fixsum_merge(&qt, &a->u.num.sum);
            timed += a->cnt;
        }
    }
    char s[64] = "null"; /* classes there, none with a Query_time: unknown (a general log) */
    if (timed || !classes)
        fixsum_format(&qt, s, sizeof s);
    j_open(w, "misc", '{');
    j_ku64(w, "classes", classes);
    j_ku64(w, "count", cnt);
    j_kraw(w, "Query_time_sum", s);
    j_close(w, '}');
}

int report_json(FILE *out, const struct agg_table *t, const struct report_selection *sel,
                const struct report_input_file *files, int nfiles, const struct report_options *o)
{
    struct jw w = {.out = out, .t = t, .o = o, .files = files, .nfiles = nfiles};
    w.global = agg_global(t);
    w.qt_id = agg_attr_find(t, "Query_time");
    if (!(w.distiller = fp_distiller_new()) || rfmt_sort_attrs(t, &w.attrs) < 0) {
        fp_distiller_free(w.distiller);
        return -1;
    }
    j_open(&w, NULL, '{');
    j_kstr(&w, "tool", "slowdex");
    j_kstr(&w, "version", SLOWDEX_VERSION);
    j_ku64(&w, "schema_version", JSON_SCHEMA_VERSION);
    j_kstr(&w, "kind", "digest");
    j_kstr(&w, "target", o->target);
    j_files(&w);
    j_diagnostics(&w);
    j_global(&w);
    fputc('\n', out);
    j_open(&w, "classes", '[');
    fputc('\n', out);
    for (uint64_t i = 0; i < sel->nshown && !w.err; i++)
        j_class(&w, sel->ranked[i], i + 1);
    j_close(&w, ']');
    j_misc(&w, sel);
    j_nplus1(&w);
    j_findings_summary(&w);
    j_close(&w, '}');
    fputc('\n', out);
    rfmt_attrs_free(&w.attrs);
    buf_free(&w.scratch);
    fp_distiller_free(w.distiller);
    if (w.err || fflush(out) != 0 || ferror(out))
        return -1;
    return 0;
}
