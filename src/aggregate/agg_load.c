/* agg_load: reads a saved digest (docs/saved-digest.md) with cJSON, one line at a time, into a fresh
 * table, validating every field (types, ranges, ordering, the class count announced by the header), and
 * only when the whole file is good merges it into the caller's table — so a corrupt or truncated file
 * changes nothing and yields one `path:line: reason` message. */
#include "aggregate/agg_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXACT_DOUBLE 9007199254740992.0 /* 2^53: integers above it do not survive a double */
#define SECTIONS_MAX 16 /* sections of other modules a header may declare (agg.h) */

/* A section the header declares: its lines follow the classes, in the header's order. */
struct section {
    uint64_t lines;
    bool ours;      /* the caller's agg_load_section reads it; others are skipped */
};

struct loader {
    const char *path;
    uint64_t line;
    char *err;
    size_t errlen;
    struct agg_table *tmp;
    uint32_t nattrs; /* attributes declared by the header, in file order = tmp's ids */
    int *fmap;       /* the header's file indexes -> tmp's (equal names share one) */
    uint32_t nfmap;
    const struct agg_load_section *sec; /* NULL: the caller reads no section */
    struct section sections[SECTIONS_MAX];
    int nsections;
    bool have_ours;  /* the file holds the caller's section */
};

__attribute__((format(printf, 2, 3))) static int fail(struct loader *L, const char *fmt, ...)
{
    if (!L->err || L->errlen == 0)
        return -1;
    int k = snprintf(L->err, L->errlen, "%s:%llu: ", L->path, (unsigned long long)L->line);
    if (k >= 0 && (size_t)k < L->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(L->err + k, L->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

bool agg_load_u64(const cJSON *j, uint64_t max, uint64_t *out)
{
    if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble) || j->valuedouble < 0 ||
        j->valuedouble > MAX_EXACT_DOUBLE || j->valuedouble != floor(j->valuedouble) ||
        j->valuedouble > (double)max)
        return false;
    *out = (uint64_t)j->valuedouble;
    return true;
}

bool agg_load_i64(const cJSON *j, int64_t *out)
{
    if (!cJSON_IsNumber(j) || !(fabs(j->valuedouble) <= MAX_EXACT_DOUBLE) ||
        j->valuedouble != floor(j->valuedouble))
        return false;
    *out = (int64_t)j->valuedouble;
    return true;
}

static int get_u64(struct loader *L, const cJSON *o, const char *name, uint64_t max, uint64_t *out)
{
    if (!agg_load_u64(cJSON_GetObjectItemCaseSensitive(o, name), max, out))
        return fail(L, "\"%s\" is missing or not an integer in range", name);
    return 0;
}

/* A decimal integer written as a string (64-bit positions do not fit a double). */
static int get_u64_text(struct loader *L, const cJSON *o, const char *name, uint64_t *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
    const char *s = cJSON_IsString(j) ? j->valuestring : NULL;
    uint64_t v = 0;
    if (!s || !*s || strlen(s) > 20)
        return fail(L, "\"%s\" is missing or not a decimal string", name);
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            return fail(L, "\"%s\" is not a 64-bit decimal string", name);
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static int get_ts(struct loader *L, const cJSON *o, const char *name, int64_t *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsNull(j)) {
        *out = EVENT_TS_UNKNOWN;
        return 0;
    }
    if (!agg_load_i64(j, out))
        return fail(L, "\"%s\" is missing or not a time in microseconds", name);
    return 0;
}

/* A string member, or NULL (with an error unless null_ok and the member is null). */
static const char *get_str(struct loader *L, const cJSON *o, const char *name, bool null_ok)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsString(j))
        return j->valuestring;
    if (!(null_ok && cJSON_IsNull(j)))
        fail(L, "\"%s\" is missing or not a string", name);
    return NULL;
}

static bool text_fixsum(const char *s, struct fixsum *out)
{
    return s && fixsum_parse(sv_cstr(s), out);
}

static bool text_fixed(const char *s, int64_t *out)
{
    struct fixsum f;
    if (!text_fixsum(s, &f) || f.units > INT64_MAX / STATS_SCALE || f.units < INT64_MIN / STATS_SCALE)
        return false;
    return !__builtin_add_overflow(f.units * STATS_SCALE, f.micros, out);
}

static int get_fixed(struct loader *L, const cJSON *o, const char *name, int64_t *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(j) || !text_fixed(j->valuestring, out))
        return fail(L, "\"%s\" is missing or not a fixed-point decimal", name);
    return 0;
}


static int load_dist(struct loader *L, const cJSON *o, const char *name, struct strdist *d)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, name);
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(j, "values");
    if (!cJSON_IsObject(j) || !cJSON_IsArray(vals))
        return fail(L, "\"%s\" is not a distribution", name);
    if (cJSON_GetArraySize(vals) > STRDIST_MAX)
        return fail(L, "\"%s\" has more than %d values", name, STRDIST_MAX);
    const cJSON *v;
    cJSON_ArrayForEach(v, vals)
    {
        const cJSON *s = cJSON_GetArrayItem(v, 0);
        uint64_t cnt;
        if (cJSON_GetArraySize(v) != 2 || !cJSON_IsString(s) ||
            !agg_load_u64(cJSON_GetArrayItem(v, 1), UINT64_MAX, &cnt) || cnt == 0)
            return fail(L, "\"%s\" has a value that is not [\"text\", count > 0]", name);
        uint32_t before = d->n;
        if (strdist_add(d, sv_cstr(s->valuestring), cnt) < 0)
            return fail(L, "out of memory");
        if (d->n == before)
            return fail(L, "\"%s\" lists \"%s\" twice", name, s->valuestring);
    }
    return get_u64(L, j, "other", UINT64_MAX, &d->other);
}

static int load_buckets(struct loader *L, const cJSON *arr, struct num_stats *st)
{
    int n = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr) || n > STATS_NBUCKETS)
        return fail(L, "\"buckets\" is not an array of at most %d buckets", STATS_NBUCKETS);
    if (n == 0)
        return 0;
    struct stats_bucket *bk = &st->b.one;
    if (n > 1) { /* a lone bucket stays inline, as stats_add keeps it */
        if (!(bk = calloc((size_t)n, sizeof *bk)))
            return fail(L, "out of memory");
        st->b.heap = bk;
        st->capbuckets = (uint16_t)n;
    }
    uint64_t total = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, arr)
    {
        uint64_t idx, cnt;
        if (cJSON_GetArraySize(b) != 2 || !agg_load_u64(cJSON_GetArrayItem(b, 0), STATS_NBUCKETS - 1, &idx) ||
            !agg_load_u64(cJSON_GetArrayItem(b, 1), (UINT64_C(1) << 48) - 1, &cnt) || cnt == 0)
            return fail(L, "a bucket is not [index 0..999, count > 0]");
        if (st->nbuckets && bk[st->nbuckets - 1].idx >= idx)
            return fail(L, "buckets are not in increasing order");
        struct stats_bucket *sb = &bk[st->nbuckets++];
        sb->idx = (uint16_t)idx;
        sb->cnt_hi = (uint16_t)(cnt >> 32);
        sb->cnt_lo = (uint32_t)cnt;
        total += cnt;
    }
    if (total > st->cnt)
        return fail(L, "buckets hold more values than the attribute's count");
    return 0;
}

static int load_num(struct loader *L, const cJSON *a, struct num_stats *st, uint64_t cnt)
{
    st->cnt = cnt;
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(a, "sum");
    if (!cJSON_IsString(sum) || !text_fixsum(sum->valuestring, &st->sum))
        return fail(L, "\"sum\" is missing or not a fixed-point decimal");
    if (get_fixed(L, a, "min", &st->min) < 0 || get_fixed(L, a, "max", &st->max) < 0)
        return -1;
    if (st->min > st->max)
        return fail(L, "\"min\" is greater than \"max\"");
    return load_buckets(L, cJSON_GetObjectItemCaseSensitive(a, "buckets"), st);
}

static int load_attr(struct loader *L, const cJSON *a, struct agg_class *c, uint32_t *last_id)
{
    uint64_t id = 0, cnt = 0;
    if (!cJSON_IsObject(a) || get_u64(L, a, "id", UINT32_MAX, &id) < 0 ||
        get_u64(L, a, "cnt", c->cnt, &cnt) < 0)
        return -1;
    if (id >= L->nattrs || (*last_id != UINT32_MAX && id <= *last_id) || cnt == 0)
        return fail(L, "attribute %llu is unknown, out of order or has no events",
                    (unsigned long long)id);
    *last_id = (uint32_t)id;
    struct class_attr *ca = agg_class_attr_get(c, (uint32_t)id);
    if (!ca)
        return fail(L, "out of memory");
    ca->cnt = cnt;
    switch (agg_attr_kind(L->tmp, (uint32_t)id)) {
    case ATTR_NUM:
        return load_num(L, a, &ca->u.num, cnt);
    case ATTR_BOOL:
        return get_u64(L, a, "yes", cnt, &ca->u.yes);
    case ATTR_STR:
        if (load_dist(L, a, "dist", &ca->u.str) < 0)
            return -1;
        return strdist_total(&ca->u.str) == cnt ? 0 : fail(L, "a string attribute's counts do not add up");
    case ATTR_IDENT:
        return 0;
    }
    return 0;
}

static int load_sample(struct loader *L, const cJSON *j, struct agg_class_priv *cp, const char *fp)
{
    struct agg_sample s = {0};
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(j, "order_value");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(j, "file");
    const char *query = get_str(L, j, "query", false), *db = NULL, *explain = NULL;
    if (!query || !(db = get_str(L, j, "db", false)))
        return -1;
    explain = get_str(L, j, "explain", true);
    if (!explain && !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "explain")))
        return -1;
    if (!fp)
        return fail(L, "a class with a sample needs a fingerprint");
    if (get_ts(L, j, "ts", &s.ts_us) < 0 || get_u64_text(L, j, "offset", &s.offset) < 0 ||
        get_u64_text(L, j, "line", &s.line) < 0 || get_u64_text(L, j, "seq", &s.seq) < 0)
        return -1;
    if (cJSON_IsNull(ov))
        s.order_value = INT64_MIN;
    else if (!cJSON_IsString(ov) || !text_fixed(ov->valuestring, &s.order_value))
        return fail(L, "\"order_value\" is not null or a fixed-point decimal");
    if (!cJSON_IsNumber(file) || !(file->valuedouble >= -1 && file->valuedouble <= 1e9) ||
        file->valuedouble != floor(file->valuedouble))
        return fail(L, "\"file\" is not a file index");
    s.file_idx = (int)file->valuedouble;
    s.file_idx = s.file_idx >= 0 && (uint32_t)s.file_idx < L->nfmap ? L->fmap[s.file_idx] : -1;
    struct sv ex = explain ? sv_cstr(explain) : SV_NULL;
    if (agg_sample_set(cp, &s, sv_cstr(query), sv_cstr(db), ex, sv_cstr(fp), false) < 0)
        return fail(L, "out of memory");
    return 0;
}

static int load_minutes(struct loader *L, const cJSON *arr, struct agg_class *c)
{
    if (!cJSON_IsArray(arr))
        return fail(L, "\"minutes\" is not an array");
    const cJSON *m;
    cJSON_ArrayForEach(m, arr)
    {
        uint64_t minute, cnt;
        int64_t qt;
        const cJSON *q = cJSON_GetArrayItem(m, 2);
        if (cJSON_GetArraySize(m) != 3 || !agg_load_u64(cJSON_GetArrayItem(m, 0), UINT32_MAX, &minute) ||
            !agg_load_u64(cJSON_GetArrayItem(m, 1), UINT32_MAX, &cnt) || cnt == 0 ||
            !cJSON_IsString(q) || !text_fixed(q->valuestring, &qt))
            return fail(L, "a minute is not [minute, count > 0, \"query time\"]");
        if (c->nminutes && c->minutes[c->nminutes - 1].minute >= minute)
            return fail(L, "minutes are not in increasing order");
        if (agg_minute_add(c, (uint32_t)minute, (uint32_t)cnt, qt) < 0)
            return fail(L, "out of memory");
    }
    return 0;
}

static int load_class(struct loader *L, const cJSON *o, struct agg_class_priv *cp, bool global)
{
    struct agg_class *c = &cp->pub;
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(o, "attrs");
    const cJSON *sample = cJSON_GetObjectItemCaseSensitive(o, "sample");
    const char *qid = get_str(L, o, "query_id", false), *fp = NULL;
    if (!qid)
        return -1;
    fp = get_str(L, o, "fingerprint", true);
    if (!fp && !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "fingerprint")))
        return -1;
    if (strlen(qid) != (global ? 0 : 32) || strspn(qid, "0123456789ABCDEF") != strlen(qid))
        return fail(L, "\"query_id\" is not 32 upper-case hex digits");
    memcpy(c->query_id, qid, strlen(qid) + 1);
    if (get_u64(L, o, "cnt", UINT64_MAX, &c->cnt) < 0 || get_ts(L, o, "ts_min", &c->ts_min) < 0 ||
        get_ts(L, o, "ts_max", &c->ts_max) < 0)
        return -1;
    if ((c->ts_min == EVENT_TS_UNKNOWN) != (c->ts_max == EVENT_TS_UNKNOWN) || c->ts_min > c->ts_max)
        return fail(L, "\"ts_min\" and \"ts_max\" do not form a time range");
    if (!cJSON_IsArray(attrs))
        return fail(L, "\"attrs\" is not an array");
    uint32_t last = UINT32_MAX;
    const cJSON *a;
    cJSON_ArrayForEach(a, attrs)
    if (load_attr(L, a, c, &last) < 0)
        return -1;
    if (load_dist(L, o, "db", &c->db) < 0 || load_dist(L, o, "user", &c->user) < 0 ||
        load_dist(L, o, "host", &c->host) < 0 || load_dist(L, o, "tags", &c->tags) < 0)
        return -1;
    if (!cJSON_IsNull(sample) && (global || !cJSON_IsObject(sample)))
        return fail(L, "\"sample\" must be %s", global ? "null for the global class" : "an object or null");
    if (cJSON_IsObject(sample) && load_sample(L, sample, cp, fp) < 0)
        return -1;
    return load_minutes(L, cJSON_GetObjectItemCaseSensitive(o, "minutes"), c);
}

static const char *const kind_names[] = {"num", "bool", "str", "ident"};

static int load_attr_list(struct loader *L, const cJSON *arr)
{
    if (!cJSON_IsArray(arr))
        return fail(L, "\"attrs\" is not an array");
    const cJSON *a;
    cJSON_ArrayForEach(a, arr)
    {
        const cJSON *name = cJSON_GetArrayItem(a, 0), *kind = cJSON_GetArrayItem(a, 1);
        if (cJSON_GetArraySize(a) != 2 || !cJSON_IsString(name) || !cJSON_IsString(kind) ||
            !*name->valuestring)
            return fail(L, "an attribute is not [\"name\", \"kind\"]");
        int k = 0;
        while (k < 4 && strcmp(kind->valuestring, kind_names[k]) != 0)
            k++;
        if (k == 4)
            return fail(L, "attribute %s has an unknown kind \"%s\"", name->valuestring, kind->valuestring);
        if (agg_attr_find(L->tmp, name->valuestring) != UINT32_MAX)
            return fail(L, "attribute %s is listed twice", name->valuestring);
        if (agg_attr_intern(L->tmp, name->valuestring, strlen(name->valuestring), (enum attr_kind)k) ==
            UINT32_MAX)
            return fail(L, "out of memory");
        L->nattrs++;
    }
    return 0;
}

/* A reason from a section's reader, as this loader's file:line message. */
static int section_fail(struct loader *L, const char *why)
{
    return fail(L, "%s", why);
}

/* "sections":{"name":{"lines":N,…},…} (version 2): how many lines each adds after the classes. */
static int load_sections(struct loader *L, const cJSON *secs)
{
    if (!secs)
        return 0;
    if (!cJSON_IsObject(secs))
        return fail(L, "\"sections\" is not an object");
    const cJSON *o;
    cJSON_ArrayForEach(o, secs)
    {
        if (L->nsections == SECTIONS_MAX)
            return fail(L, "more than %d sections", SECTIONS_MAX);
        struct section *s = &L->sections[L->nsections++];
        if (!cJSON_IsObject(o))
            return fail(L, "section \"%.60s\" is not an object", o->string);
        if (get_u64(L, o, "lines", UINT64_MAX, &s->lines) < 0)
            return -1;
        s->ours = L->sec && strcmp(o->string, L->sec->name) == 0;
        if (!s->ours)
            continue;
        if (L->have_ours)
            return fail(L, "section \"%.60s\" appears twice", o->string);
        L->have_ours = true;
        char why[256] = "";
        if (L->sec->header(L->sec->ctx, o, L->nfmap, why, sizeof why) < 0)
            return section_fail(L, why);
    }
    return 0;
}

static int load_header(struct loader *L, const cJSON *h, uint64_t *nclasses)
{
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(h, "slowdex_digest");
    if (!cJSON_IsNumber(ver) || (ver->valuedouble != 1 && ver->valuedouble != 2))
        return fail(L, "unsupported saved digest version (this slowdex reads versions 1 and 2)");
    if (!get_str(L, h, "order_attr", false))
        return -1;
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(h, "files"), *f;
    if (!cJSON_IsArray(files))
        return fail(L, "\"files\" is not an array");
    cJSON_ArrayForEach(f, files)
    {
        if (!cJSON_IsString(f) && !cJSON_IsNull(f))
            return fail(L, "\"files\" holds something that is not a name");
        /* The samples' file indexes are this list's; merging translates them by name. */
        int *m = realloc(L->fmap, (L->nfmap + 1) * sizeof *m);
        if (!m)
            return fail(L, "out of memory");
        L->fmap = m;
        if ((m[L->nfmap++] = agg_file_intern(L->tmp, cJSON_IsString(f) ? f->valuestring : "-")) < 0)
            return fail(L, "out of memory");
    }
    if (load_attr_list(L, cJSON_GetObjectItemCaseSensitive(h, "attrs")) < 0 ||
        get_u64(L, h, "classes", UINT64_MAX, nclasses) < 0)
        return -1;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(h, "global");
    if (!cJSON_IsObject(g))
        return fail(L, "\"global\" is not an object");
    if (load_class(L, g, &L->tmp->global, true) < 0)
        return -1;
    /* Version 1 has no sections; a "sections" member there is some other writer's: not ours. */
    return ver->valuedouble == 2 ? load_sections(L, cJSON_GetObjectItemCaseSensitive(h, "sections")) : 0;
}

/* Line k (0-based) after the classes: to its section's reader, or skipped when not ours. */
static int load_section_line(struct loader *L, uint64_t k, const cJSON *o)
{
    int i = 0;
    while (i < L->nsections && k >= L->sections[i].lines)
        k -= L->sections[i++].lines;
    if (i == L->nsections)
        return fail(L, "more lines than the header announces");
    if (!cJSON_IsObject(o))
        return fail(L, "a section line is not a JSON object");
    if (!L->sections[i].ours)
        return 0;
    char why[256] = "";
    return L->sec->line(L->sec->ctx, o, why, sizeof why) < 0 ? section_fail(L, why) : 0;
}

static uint64_t section_lines(const struct loader *L)
{
    uint64_t n = 0;
    for (int i = 0; i < L->nsections; i++)
        n = L->sections[i].lines > UINT64_MAX - n ? UINT64_MAX : n + L->sections[i].lines;
    return n;
}

static int load_class_line(struct loader *L, const cJSON *o)
{
    const char *key = get_str(L, o, "key", false);
    if (!cJSON_IsObject(o) || !key)
        return key ? fail(L, "a class line is not a JSON object") : -1;
    struct sv k = sv_cstr(key);
    bool created;
    struct agg_class_priv *cp = agg_class_get(L->tmp, k, agg_key_hash(k), &created);
    if (!cp)
        return fail(L, "out of memory");
    if (!created)
        return fail(L, "class \"%.60s\" appears twice", key);
    return load_class(L, o, cp, false);
}

/* Parses every line of data into L->tmp. */
static int load_lines(struct loader *L, const char *data, size_t n)
{
    uint64_t nclasses = 0, seen = 0;
    size_t pos = 0;
    while (pos < n) {
        const char *nl = memchr(data + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (data + pos)) : n - pos;
        L->line++;
        if (!nl)
            return fail(L, "truncated: the last line has no newline");
        cJSON *j = cJSON_ParseWithLength(data + pos, len);
        if (!j)
            return fail(L, "not a JSON object (corrupt or truncated)");
        int rc;
        if (L->line == 1)
            rc = cJSON_IsObject(j) ? load_header(L, j, &nclasses) : fail(L, "no digest header");
        else if (++seen > nclasses)
            rc = L->nsections ? load_section_line(L, seen - nclasses - 1, j)
                              : fail(L, "more classes than the header announces");
        else
            rc = load_class_line(L, j);
        cJSON_Delete(j);
        if (rc < 0)
            return -1;
        pos += len + 1;
    }
    if (L->line == 0)
        return fail(L, "empty file");
    if (seen < nclasses)
        return fail(L, "truncated: %llu of %llu classes", (unsigned long long)seen,
                    (unsigned long long)nclasses);
    if (seen - nclasses != section_lines(L))
        return fail(L, "truncated: %llu of %llu section lines", (unsigned long long)(seen - nclasses),
                    (unsigned long long)section_lines(L));
    return 0;
}

/* The file is good and its classes are in t: the caller's section takes its part, with the
 * header's file indexes translated to t's. */
static int commit_section(struct loader *L, struct agg_table *t)
{
    if (!L->have_ours)
        return 0;
    int *tmap = malloc((L->nfmap ? L->nfmap : 1) * sizeof *tmap);
    int rc = tmap ? 0 : -1;
    for (uint32_t i = 0; rc == 0 && i < L->nfmap; i++)
        if ((tmap[i] = agg_file_intern(t, agg_file_name(L->tmp, L->fmap[i]))) < 0)
            rc = -1;
    if (rc == 0)
        rc = L->sec->commit(L->sec->ctx, tmap, L->nfmap);
    free(tmap);
    return rc;
}

int agg_load(struct agg_table *t, const char *path, const char *data, size_t n, char *errbuf,
             size_t errlen)
{
    return agg_load_ex(t, path, data, n, NULL, errbuf, errlen);
}

int agg_load_ex(struct agg_table *t, const char *path, const char *data, size_t n,
                const struct agg_load_section *sec, char *errbuf, size_t errlen)
{
    struct loader L = {.path = path ? path : "(digest)", .err = errbuf, .errlen = errlen, .sec = sec};
    if (n < strlen(AGG_SAVE_MAGIC) || memcmp(data, AGG_SAVE_MAGIC, strlen(AGG_SAVE_MAGIC)) != 0) {
        L.line = 1;
        return fail(&L, "not a saved slowdex digest");
    }
    struct agg_options o = {.order_attr = t->order_attr, .keep_minutes = t->keep_minutes};
    L.tmp = agg_new(&o);
    if (!L.tmp)
        return fail(&L, "out of memory");
    int rc = load_lines(&L, data, n);
    if (rc == 0 && (agg_merge(t, L.tmp) < 0 || commit_section(&L, t) < 0))
        rc = fail(&L, "out of memory");
    agg_free(L.tmp);
    free(L.fmap);
    return rc;
}
