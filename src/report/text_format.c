/* pt-query-digest's formatting helpers (Transformers::micro_t, shorten, percentage_of,
 * QueryReportFormatter::make_label, sort_attribs, format_time_range, chart_distro's bucket map),
 * reproduced quirks and all: the report is compared line for line with pt's expected outputs. */
#include "report/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/timeconv.h"

void rfmt_perl_num(double v, char *out, size_t outlen)
{
    if (v == 0)
        v = 0; /* Perl prints -0.0 as "0" */
    snprintf(out, outlen, "%.15g", v);
}

/* Perl's %d of a double: truncation toward zero, saturated. */
static long long perl_int(double v)
{
    if (v != v)
        return 0;
    if (v >= 9.2e18)
        return INT64_MAX;
    if (v <= -9.2e18)
        return INT64_MIN;
    return (long long)v;
}

void rfmt_micro_t(double t, char *out, size_t outlen)
{
    char s[400];
    if (t < 0 || t != t)
        t = 0;
    rfmt_perl_num(t, s, sizeof s);
    if (strchr(s, 'e'))
        snprintf(s, sizeof s, "%.17f", t);
    /* pt truncates after six decimals so that 0.9999997 does not round up to 1. */
    char *dot = strchr(s, '.');
    if (dot && strlen(dot + 1) > 6)
        dot[7] = '\0';
    t = strtod(s, NULL);
    if (t > 0 && t <= 0.000999) {
        rfmt_perl_num(t * 1000000, s, sizeof s);
        snprintf(out, outlen, "%sus", s);
    } else if (t >= 0.001 && t <= 0.999999) {
        snprintf(out, outlen, "%.0fms", t * 1000);
    } else if (t >= 1) {
        snprintf(out, outlen, "%.0fs", t);
    } else {
        snprintf(out, outlen, "0");
    }
}

void rfmt_shorten(double v, double divisor, char *out, size_t outlen)
{
    static const char *const units[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    int n = 0;
    while (v >= divisor && n < 8) {
        v /= divisor;
        n++;
    }
    char s[400];
    rfmt_perl_num(v, s, sizeof s);
    /* Perl decides by how the number prints: "0.5" gets two decimals, "129" none. */
    if (strchr(s, '.') || n)
        snprintf(out, outlen, "%.2f%s", v, units[n]);
    else
        snprintf(out, outlen, "%lld", perl_int(v));
}

long long rfmt_percent(double is, double of)
{
    if (of == 0)
        of = 1;
    return perl_int(is * 100 / of);
}

bool rfmt_is_time_attr(const char *name)
{
    size_t n = strlen(name);
    return strstr(name, "time") || (n >= 4 && strcmp(name + n - 4, "wait") == 0);
}

static const struct {
    const char *from, *to;
} label_map[] = {
    {"user", "Users"},           {"db", "Databases"},          {"Query time", "Exec time"},
    {"host", "Hosts"},           {"Error no", "Errors"},       {"bytes", "Query size"},
    {"Tmp disk tables", "Tmp disk tbl"}, {"Tmp table sizes", "Tmp tbl size"},
};

void rfmt_label(const char *attr, char *out, size_t outlen)
{
    char v[RFMT_LABEL_WIDTH * 8 + 1];
    snprintf(v, sizeof v, "%s", attr);
    for (char *p = v; *p; p++)
        if (*p == '_')
            *p = ' ';
    char *s = v;
    if (strncmp(s, "InnoDB", 6) == 0) {
        if (strncmp(s, "InnoDB ", 7) == 0)
            s += 7;
        if (strcmp(s, "trx id") == 0) {
            snprintf(out, outlen, "InnoDB trxID");
            return;
        }
        if (strlen(s) > RFMT_LABEL_WIDTH)
            s[RFMT_LABEL_WIDTH] = '\0';
    }
    for (size_t i = 0; i < sizeof label_map / sizeof label_map[0]; i++) {
        if (strcmp(s, label_map[i].from) == 0) {
            snprintf(out, outlen, "%s", label_map[i].to);
            return;
        }
    }
    snprintf(out, outlen, "%.*s", RFMT_LABEL_WIDTH, s);
}

void rfmt_ts(int64_t us, char *out, size_t outlen)
{
    char s[64];
    timeconv_format_report(us, s, sizeof s);
    int64_t frac = us % 1000000;
    if (frac < 0)
        frac += 1000000;
    if (frac)
        snprintf(out, outlen, "%.40s.%06lld", s, (long long)frac); /* s is ~19 characters */
    else
        snprintf(out, outlen, "%s", s);
}

void rfmt_time_range(int64_t min_us, int64_t max_us, char *out, size_t outlen)
{
    char a[64], b[64];
    rfmt_ts(min_us, a, sizeof a);
    rfmt_ts(max_us, b, sizeof b);
    if (strcmp(a, b) == 0) {
        snprintf(out, outlen, "all events occurred at %s", a);
        return;
    }
    const char *sp_a = strchr(a, ' '), *sp_b = strchr(b, ' ');
    if (sp_a && sp_b && sp_a - a == sp_b - b && memcmp(a, b, (size_t)(sp_a - a)) == 0)
        snprintf(out, outlen, "%s to %s", a, sp_b + 1);
    else
        snprintf(out, outlen, "%s to %s", a, b);
}

double rfmt_span_seconds(int64_t min_us, int64_t max_us)
{
    if (min_us == EVENT_TS_UNKNOWN || max_us == EVENT_TS_UNKNOWN || max_us <= min_us)
        return 0;
    return (double)(max_us - min_us) / 1e6;
}

/* pt's default --ignore-attributes plus its hidden attributes, and our identity-only ones. */
static const char *const hidden_attrs[] = {
    "arg",    "cmd",   "insert_id", "ip",  "port",      "Thread_id",   "timestamp", "exptime",
    "flags",  "key",   "res",       "val", "server_id", "offset",      "end_log_pos", "Xid",
    "fingerprint", "pos_in_log", "ts",
    "Schema", /* folded into the event's db by the parser; pt shows it only as Databases */
};

bool rfmt_attr_hidden(const char *name)
{
    for (size_t i = 0; i < sizeof hidden_attrs / sizeof hidden_attrs[0]; i++)
        if (strcmp(name, hidden_attrs[i]) == 0)
            return true;
    return false;
}

static const char *const num_order[] = {
    "Query_time",    "Exec_orig_time", "Transmit_time", "Lock_time",  "Rows_sent",
    "Rows_examined", "Rows_affected",  "Rows_read",     "Bytes_sent", "Merge_passes",
    "Tmp_tables",    "Tmp_disk_tables", "Tmp_table_sizes", "bytes",
};

static int num_rank(const char *name)
{
    int n = (int)(sizeof num_order / sizeof num_order[0]);
    for (int i = 0; i < n; i++)
        if (strcmp(name, num_order[i]) == 0)
            return i;
    return n;
}

/* qsort has no context argument in C11, so the names travel with the ids. */
struct named_attr {
    uint32_t id;
    const char *name;
};

static int cmp_num(const void *pa, const void *pb)
{
    const struct named_attr *a = pa, *b = pb;
    int ra = num_rank(a->name), rb = num_rank(b->name);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int cmp_uc(const void *pa, const void *pb)
{
    const struct named_attr *a = pa, *b = pb;
    int c = strcasecmp(a->name, b->name);
    return c ? c : strcmp(a->name, b->name);
}

static uint32_t *sorted_ids(struct named_attr *v, uint32_t n,
                            int (*cmp)(const void *, const void *))
{
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return NULL;
    if (n)
        qsort(v, n, sizeof *v, cmp);
    for (uint32_t i = 0; i < n; i++)
        ids[i] = v[i].id;
    return ids;
}

int rfmt_sort_attrs(const struct agg_table *t, struct rfmt_attrs *a)
{
    memset(a, 0, sizeof *a);
    uint32_t n = agg_attr_count(t);
    struct named_attr *v[4];
    uint32_t cnt[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; k++)
        v[k] = malloc((n ? n : 1) * sizeof *v[k]);
    int rc = -1;
    if (!v[0] || !v[1] || !v[2] || !v[3])
        goto out;
    for (uint32_t id = 0; id < n; id++) {
        const char *name = agg_attr_name(t, id);
        if (!name || rfmt_attr_hidden(name))
            continue;
        int k;
        switch (agg_attr_kind(t, id)) {
        case ATTR_NUM: k = strncmp(name, "InnoDB_", 7) == 0 ? 1 : 0; break;
        case ATTR_BOOL: k = 2; break;
        case ATTR_STR: k = 3; break;
        default: continue; /* ATTR_IDENT: unique per event, nothing to report */
        }
        v[k][cnt[k]++] = (struct named_attr){id, name};
    }
    a->num = sorted_ids(v[0], a->nnum = cnt[0], cmp_num);
    a->innodb = sorted_ids(v[1], a->ninnodb = cnt[1], cmp_uc);
    a->boolean = sorted_ids(v[2], a->nboolean = cnt[2], cmp_uc);
    a->string = sorted_ids(v[3], a->nstring = cnt[3], cmp_uc);
    if (a->num && a->innodb && a->boolean && a->string)
        rc = 0;
    else
        rfmt_attrs_free(a);
out:
    for (int k = 0; k < 4; k++)
        free(v[k]);
    return rc;
}

void rfmt_attrs_free(struct rfmt_attrs *a)
{
    free(a->num);
    free(a->innodb);
    free(a->boolean);
    free(a->string);
    memset(a, 0, sizeof *a);
}

bool rfmt_order_value(const struct agg_table *t, const struct agg_class *c,
                      const struct report_options *o, double *out)
{
    const char *attr = o->order_attr ? o->order_attr : "Query_time";
    uint32_t id = agg_attr_find(t, attr);
    if (id == UINT32_MAX && o->order_agg == REPORT_CNT && c->cnt) {
        /* No event has the attribute (a general log has no Query_time): ATTR:cnt counts the
         * events, as pt-query-digest's default Query_time:cnt for general logs. */
        *out = (double)c->cnt;
        return true;
    }
    const struct class_attr *ca = id == UINT32_MAX ? NULL : agg_class_attr(c, id);
    if (!ca || ca->cnt == 0)
        return false;
    if (o->order_agg == REPORT_CNT) {
        *out = (double)ca->cnt;
        return true;
    }
    if (agg_attr_kind(t, id) != ATTR_NUM || ca->u.num.cnt == 0)
        return false;
    const struct num_stats *st = &ca->u.num;
    switch (o->order_agg) {
    case REPORT_MAX: *out = (double)st->max / STATS_SCALE; break;
    case REPORT_MIN: *out = (double)st->min / STATS_SCALE; break;
    case REPORT_AVG: *out = fixsum_to_double(&st->sum) / (double)st->cnt; break;
    default: *out = fixsum_to_double(&st->sum); break;
    }
    return true;
}
