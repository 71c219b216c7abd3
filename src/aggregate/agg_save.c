/* agg_save: writes a table as a saved digest (docs/saved-digest.md): a header line with the format
 * version, the attribute list, the input files, the global class and the sections other modules
 * keep, then one JSON object per class per line, then the sections' lines. Fixed-point values are
 * written as exact decimal text and 64-bit positions as strings, so that loading gives back the very
 * same table. */
#include "aggregate/agg_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static const char *const kind_names[] = {"num", "bool", "str", "ident"};

/* JSON string: quotes, backslashes and control bytes escaped; other bytes as they are. */
int agg_save_put_str(struct buf *b, const char *s, size_t n)
{
    int rc = buf_append_char(b, '"');
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            rc = buf_printf(b, "\\%c", c);
        else if (c == '\n')
            rc = buf_append(b, "\\n", 2);
        else if (c == '\t')
            rc = buf_append(b, "\\t", 2);
        else if (c < 0x20 || c == 0x7f)
            rc = buf_printf(b, "\\u%04x", c);
        else
            rc = buf_append_char(b, (char)c);
    }
    return rc | buf_append_char(b, '"');
}

static int put_str(struct buf *b, const char *s, size_t n)
{
    return agg_save_put_str(b, s, n);
}

static int put_cstr_or_null(struct buf *b, const char *s)
{
    return s ? put_str(b, s, strlen(s)) : buf_append_cstr(b, "null");
}

static int put_ts(struct buf *b, int64_t ts)
{
    if (ts == EVENT_TS_UNKNOWN)
        return buf_append_cstr(b, "null");
    return buf_printf(b, "%" PRId64, ts);
}

static int item_ptr_cmp(const void *a, const void *b)
{
    return strdist_item_cmp(*(const struct strdist_item *const *)a,
                            *(const struct strdist_item *const *)b);
}

/* "values":[["v",n],…],"other":N — in display order, so equal tables give equal files. */
static int put_dist(struct buf *b, const struct strdist *d)
{
    const struct strdist_item **order = malloc((d->n ? d->n : 1) * sizeof *order);
    if (!order)
        return -1;
    for (uint32_t i = 0; i < d->n; i++)
        order[i] = &d->items[i];
    qsort(order, d->n, sizeof *order, item_ptr_cmp);
    int rc = buf_append_cstr(b, "{\"values\":[");
    for (uint32_t i = 0; i < d->n; i++) {
        rc |= buf_append_cstr(b, i ? ",[" : "[");
        rc |= put_str(b, strdist_value(order[i]), order[i]->len);
        rc |= buf_printf(b, ",%" PRIu64 "]", order[i]->cnt);
    }
    free(order);
    return rc | buf_printf(b, "],\"other\":%" PRIu64 "}", d->other);
}

static int put_num(struct buf *b, const struct num_stats *st)
{
    char sum[48], min[48], max[48];
    fixsum_format(&st->sum, sum, sizeof sum);
    fixed_format(st->min, min, sizeof min);
    fixed_format(st->max, max, sizeof max);
    int rc = buf_printf(b, ",\"sum\":\"%s\",\"min\":\"%s\",\"max\":\"%s\",\"buckets\":[", sum, min, max);
    for (uint32_t i = 0; i < st->nbuckets; i++)
        rc |= buf_printf(b, "%s[%u,%" PRIu64 "]", i ? "," : "", stats_buckets(st)[i].idx,
                         stats_bucket_count(&stats_buckets(st)[i]));
    return rc | buf_append_char(b, ']');
}

static int put_attrs(struct buf *b, const struct agg_table *t, const struct agg_class *c)
{
    int rc = buf_append_cstr(b, "\"attrs\":[");
    for (uint32_t i = 0; i < c->nattrs; i++) {
        const struct class_attr *a = &c->attrs[i];
        rc |= buf_printf(b, "%s{\"id\":%u,\"cnt\":%" PRIu64, i ? "," : "", a->id, a->cnt);
        switch (agg_attr_kind(t, a->id)) {
        case ATTR_NUM:
            rc |= put_num(b, &a->u.num);
            break;
        case ATTR_BOOL:
            rc |= buf_printf(b, ",\"yes\":%" PRIu64, a->u.yes);
            break;
        case ATTR_STR:
            rc |= buf_append_cstr(b, ",\"dist\":");
            rc |= put_dist(b, &a->u.str);
            break;
        case ATTR_IDENT:
            break;
        }
        rc |= buf_append_char(b, '}');
    }
    return rc | buf_append_char(b, ']');
}

static int put_sample(struct buf *b, const struct agg_sample *w)
{
    if (!w->query)
        return buf_append_cstr(b, "null");
    int rc = buf_append_cstr(b, "{\"query\":");
    rc |= put_str(b, w->query, w->query_len);
    rc |= buf_append_cstr(b, ",\"db\":");
    rc |= put_cstr_or_null(b, w->db);
    rc |= buf_append_cstr(b, ",\"explain\":");
    rc |= put_cstr_or_null(b, w->explain);
    rc |= buf_append_cstr(b, ",\"ts\":");
    rc |= put_ts(b, w->ts_us);
    if (w->order_value == INT64_MIN) {
        rc |= buf_append_cstr(b, ",\"order_value\":null");
    } else {
        char v[48];
        fixed_format(w->order_value, v, sizeof v);
        rc |= buf_printf(b, ",\"order_value\":\"%s\"", v);
    }
    return rc | buf_printf(b, ",\"file\":%d,\"offset\":\"%" PRIu64 "\",\"line\":\"%" PRIu64
                              "\",\"seq\":\"%" PRIu64 "\"}",
                           w->file_idx, w->offset, w->line, w->seq);
}

static int put_minutes(struct buf *b, const struct agg_class *c)
{
    int rc = buf_append_cstr(b, ",\"minutes\":[");
    for (uint32_t i = 0; i < c->nminutes; i++) {
        char qt[48];
        fixed_format(c->minutes[i].query_time, qt, sizeof qt);
        rc |= buf_printf(b, "%s[%u,%u,\"%s\"]", i ? "," : "", c->minutes[i].minute,
                         c->minutes[i].cnt, qt);
    }
    return rc | buf_append_char(b, ']');
}

static int put_class(struct buf *b, const struct agg_table *t, const struct agg_class *c)
{
    int rc = buf_append_cstr(b, "{\"key\":");
    rc |= put_str(b, c->key, c->key_len);
    rc |= buf_printf(b, ",\"query_id\":\"%s\",\"fingerprint\":", c->query_id);
    rc |= put_cstr_or_null(b, c->fingerprint);
    rc |= buf_printf(b, ",\"cnt\":%" PRIu64 ",\"ts_min\":", c->cnt);
    rc |= put_ts(b, c->ts_min);
    rc |= buf_append_cstr(b, ",\"ts_max\":");
    rc |= put_ts(b, c->ts_max);
    rc |= buf_append_char(b, ',');
    rc |= put_attrs(b, t, c);
    const struct strdist *dists[4] = {&c->db, &c->user, &c->host, &c->tags};
    const char *names[4] = {"db", "user", "host", "tags"};
    for (int i = 0; i < 4; i++) {
        rc |= buf_printf(b, ",\"%s\":", names[i]);
        rc |= put_dist(b, dists[i]);
    }
    rc |= buf_append_cstr(b, ",\"sample\":");
    rc |= put_sample(b, &c->worst);
    rc |= put_minutes(b, c);
    return rc | buf_append_cstr(b, "}\n");
}

/* ,"sections":{"name":{"lines":N,…}}: what another module keeps (agg.h). */
static int put_sections(struct buf *b, const struct agg_save_section *s)
{
    int rc = buf_append_cstr(b, ",\"sections\":{");
    if (s) {
        rc |= put_str(b, s->name, strlen(s->name));
        rc |= buf_printf(b, ":{\"lines\":%" PRIu64, s->nlines);
        if (rc == 0 && s->put_header(s->ctx, b) < 0)
            rc = -1;
        rc |= buf_append_char(b, '}');
    }
    return rc | buf_append_char(b, '}');
}

static int put_header(struct buf *b, const struct agg_table *t, const struct agg_save_section *s)
{
    int rc = buf_append_cstr(b, AGG_SAVE_MAGIC "2,\"order_attr\":");
    rc |= put_str(b, t->order_attr, strlen(t->order_attr));
    rc |= buf_printf(b, ",\"keep_minutes\":%s,\"attrs\":[", t->keep_minutes ? "true" : "false");
    for (uint32_t i = 0; i < t->nattrs; i++) {
        rc |= buf_append_cstr(b, i ? ",[" : "[");
        rc |= put_str(b, t->attrs[i].name, strlen(t->attrs[i].name));
        rc |= buf_printf(b, ",\"%s\"]", kind_names[t->attrs[i].kind]);
    }
    rc |= buf_append_cstr(b, "],\"files\":[");
    for (uint32_t i = 0; i < t->nfiles; i++) {
        if (i)
            rc |= buf_append_char(b, ',');
        rc |= put_cstr_or_null(b, t->files[i]);
    }
    rc |= buf_printf(b, "],\"classes\":%" PRIu64 ",\"global\":", t->nclasses);
    rc |= put_class(b, t, agg_global(t));
    b->n--; /* the global class ends the header line: drop its newline to close the object */
    rc |= put_sections(b, s);
    return rc | buf_append_cstr(b, "}\n");
}

static int flush_line(struct buf *b, FILE *out)
{
    int rc = fwrite(b->p, 1, b->n, out) == b->n ? 0 : -1;
    buf_reset(b);
    return rc;
}

int agg_save(const struct agg_table *t, FILE *out)
{
    return agg_save_ex(t, out, NULL);
}

int agg_save_ex(const struct agg_table *t, FILE *out, const struct agg_save_section *s)
{
    struct buf b = {0};
    int rc = put_header(&b, t, s);
    if (rc == 0)
        rc = flush_line(&b, out);
    for (uint64_t i = 0; i < t->nslots && rc == 0; i++) {
        if (!t->slots[i])
            continue;
        rc = put_class(&b, t, &t->slots[i]->pub);
        if (rc == 0)
            rc = flush_line(&b, out);
    }
    for (uint64_t i = 0; s && i < s->nlines && rc == 0; i++) {
        rc = s->put_line(s->ctx, i, &b) | buf_append_char(&b, '\n');
        if (rc == 0)
            rc = flush_line(&b, out);
    }
    buf_free(&b);
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = -1;
    return rc ? -1 : 0;
}
