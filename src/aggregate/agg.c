/* The class table (see agg.h): an open-addressing hash of classes keyed by the group-by value
 * (XXH3-64, linear probing), the table's attribute list, and the class-level building blocks that the
 * event path (agg_add.c), merging (agg_merge.c) and saved digests (agg_save.c, agg_load.c) share. */
#include "aggregate/agg_int.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "fingerprint/fingerprint.h"

static void global_reset(struct agg_table *t)
{
    memset(&t->global, 0, sizeof t->global);
    t->global.is_global = true;
    t->global.pub.key = (char *)"";
    t->global.pub.ts_min = t->global.pub.ts_max = EVENT_TS_UNKNOWN;
    t->global.pub.worst.order_value = INT64_MIN;
}

struct agg_table *agg_new(const struct agg_options *o)
{
    struct agg_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    const char *order = o && o->order_attr ? o->order_attr : "Query_time";
    t->order_attr = strdup(order);
    t->keep_minutes = o && o->keep_minutes;
    t->nslots = 64;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->order_attr || !t->slots) {
        agg_free(t);
        return NULL;
    }
    t->order_id = t->qt_id = t->bytes_id = UINT32_MAX;
    global_reset(t);
    return t;
}

void agg_free(struct agg_table *t)
{
    if (!t)
        return;
    for (uint64_t i = 0; i < t->nslots; i++)
        if (t->slots[i])
            agg_class_release(t, t->slots[i]);
    agg_class_clear(t, &t->global);
    for (uint32_t i = 0; i < t->nattrs; i++)
        free(t->attrs[i].name);
    free(t->attrs);
    for (uint32_t i = 0; i < t->nfiles; i++)
        free(t->files[i]);
    free(t->files);
    free(t->slots);
    free(t->map);
    free(t->vals);
    free(t->seen);
    free(t->attr_pos);
    free(t->order_attr);
    free(t);
}

/* ---- attributes --------------------------------------------------------------------------------- */

static uint32_t attr_find_n(const struct agg_table *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < t->nattrs; i++)
        if (strlen(t->attrs[i].name) == len && memcmp(t->attrs[i].name, name, len) == 0)
            return i;
    return UINT32_MAX;
}

static int attrs_grow(struct agg_table *t)
{
    uint32_t cap = t->capattrs ? t->capattrs * 2 : 32;
    struct agg_attr_def *a = realloc(t->attrs, cap * sizeof *a);
    if (!a)
        return -1;
    t->attrs = a;
    struct agg_value *v = realloc(t->vals, cap * sizeof *v);
    if (!v)
        return -1;
    t->vals = v;
    uint64_t *seen = realloc(t->seen, cap * sizeof *seen);
    if (!seen)
        return -1;
    memset(seen + t->capattrs, 0, (cap - t->capattrs) * sizeof *seen);
    t->seen = seen;
    uint32_t *pos = realloc(t->attr_pos, cap * sizeof *pos);
    if (!pos)
        return -1;
    memset(pos + t->capattrs, 0, (cap - t->capattrs) * sizeof *pos);
    t->attr_pos = pos;
    t->capattrs = cap;
    return 0;
}

uint32_t agg_attr_intern(struct agg_table *t, const char *name, size_t len, enum attr_kind kind)
{
    uint32_t id = attr_find_n(t, name, len);
    if (id != UINT32_MAX)
        return id;
    if (t->nattrs == t->capattrs && attrs_grow(t) < 0)
        return UINT32_MAX;
    char *copy = sv_dup(sv_make(name, len));
    if (!copy)
        return UINT32_MAX;
    id = t->nattrs++;
    /* MariaDB writes these two in milliseconds; every other time of every log is in seconds. */
    bool millis = strcmp(copy, "Pages_read_time") == 0 || strcmp(copy, "Engine_time") == 0;
    t->attrs[id] = (struct agg_attr_def){copy, kind, millis};
    if (strcmp(copy, t->order_attr) == 0)
        t->order_id = id;
    if (strcmp(copy, "Query_time") == 0)
        t->qt_id = id;
    if (strcmp(copy, "bytes") == 0)
        t->bytes_id = id;
    return id;
}

int agg_file_intern(struct agg_table *t, const char *name)
{
    for (uint32_t i = 0; i < t->nfiles; i++)
        if (strcmp(t->files[i], name) == 0)
            return (int)i;
    if (t->nfiles == t->capfiles) {
        uint32_t cap = t->capfiles ? t->capfiles * 2 : 4;
        char **f = realloc(t->files, cap * sizeof *f);
        if (!f)
            return -1;
        t->files = f;
        t->capfiles = cap;
    }
    if (!(t->files[t->nfiles] = strdup(name)))
        return -1;
    return (int)t->nfiles++;
}

const char *agg_file_name(const struct agg_table *t, int idx)
{
    return idx >= 0 && (uint32_t)idx < t->nfiles ? t->files[idx] : NULL;
}

uint32_t agg_attr_count(const struct agg_table *t) { return t->nattrs; }

const char *agg_attr_name(const struct agg_table *t, uint32_t id)
{
    return id < t->nattrs ? t->attrs[id].name : NULL;
}

enum attr_kind agg_attr_kind(const struct agg_table *t, uint32_t id)
{
    return id < t->nattrs ? t->attrs[id].kind : ATTR_IDENT;
}

uint32_t agg_attr_find(const struct agg_table *t, const char *name)
{
    return attr_find_n(t, name, strlen(name));
}

/* ---- classes ------------------------------------------------------------------------------------ */

uint64_t agg_key_hash(struct sv key) { return XXH3_64bits(key.p ? key.p : "", key.n); }

static struct agg_class_priv **slot_of(const struct agg_table *t, struct sv key, uint64_t hash)
{
    uint64_t mask = t->nslots - 1;
    for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
        struct agg_class_priv *cp = t->slots[i];
        if (!cp || (cp->pub.hash == hash && cp->pub.key_len == key.n &&
                    (key.n == 0 || memcmp(cp->pub.key, key.p, key.n) == 0)))
            return &t->slots[i];
    }
}

static int slots_grow(struct agg_table *t)
{
    struct agg_table old = *t;
    t->nslots *= 2;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots) {
        *t = old;
        return -1;
    }
    for (uint64_t i = 0; i < old.nslots; i++)
        if (old.slots[i])
            *slot_of(t, sv_make(old.slots[i]->pub.key, old.slots[i]->pub.key_len),
                     old.slots[i]->pub.hash) = old.slots[i];
    free(old.slots);
    return 0;
}

static struct agg_class_priv *class_new(struct sv key, uint64_t hash)
{
    struct agg_class_priv *cp = calloc(1, sizeof *cp + key.n + 1);
    if (!cp)
        return NULL;
    cp->pub.key = (char *)(cp + 1);
    if (key.n)
        memcpy(cp->pub.key, key.p, key.n);
    cp->pub.key_len = (uint32_t)key.n;
    cp->pub.hash = hash;
    cp->pub.ts_min = cp->pub.ts_max = EVENT_TS_UNKNOWN;
    cp->pub.worst.order_value = INT64_MIN;
    fp_query_id(key, cp->pub.query_id);
    return cp;
}

struct agg_class_priv *agg_class_get(struct agg_table *t, struct sv key, uint64_t hash, bool *created)
{
    *created = false;
    if (key.n > UINT32_MAX)
        key.n = UINT32_MAX;
    struct agg_class_priv **s = slot_of(t, key, hash);
    if (*s)
        return *s;
    if ((t->nclasses + 1) * 4 > t->nslots * 3) {
        if (slots_grow(t) < 0)
            return NULL;
        s = slot_of(t, key, hash);
    }
    *s = class_new(key, hash);
    if (!*s)
        return NULL;
    t->nclasses++;
    *created = true;
    return *s;
}

struct agg_class_priv *agg_class_insert(struct agg_table *t, struct agg_class_priv *cp)
{
    struct sv key = sv_make(cp->pub.key, cp->pub.key_len);
    struct agg_class_priv **s = slot_of(t, key, cp->pub.hash);
    if (*s)
        return *s;
    if ((t->nclasses + 1) * 4 > t->nslots * 3) {
        if (slots_grow(t) < 0)
            return NULL;
        s = slot_of(t, key, cp->pub.hash);
    }
    *s = cp;
    t->nclasses++;
    return cp;
}

void agg_class_clear(const struct agg_table *t, struct agg_class_priv *cp)
{
    struct agg_class *c = &cp->pub;
    for (uint32_t i = 0; i < c->nattrs; i++) {
        /* Which union member is in use is the table's kind of the attribute. */
        struct class_attr *a = &c->attrs[i];
        enum attr_kind k = agg_attr_kind(t, a->id);
        if (k == ATTR_NUM)
            stats_free(&a->u.num);
        else if (k == ATTR_STR)
            strdist_free(&a->u.str);
    }
    free(c->attrs);
    strdist_free(&c->db);
    strdist_free(&c->user);
    strdist_free(&c->host);
    strdist_free(&c->tags);
    if (!c->worst.query_borrowed)
        free(c->worst.query);
    free(c->worst.db);
    free(c->worst.explain);
    free(cp->fp_own);
    free(c->minutes);
}

void agg_class_release(const struct agg_table *t, struct agg_class_priv *cp)
{
    agg_class_clear(t, cp);
    free(cp);
}

uint64_t agg_class_count(const struct agg_table *t) { return t->nclasses; }
/* The totals are the sum of the classes, made when first asked for rather than kept per event: that
 * halves the work of every event, and merging exact class statistics gives exactly the same numbers
 * (string distributions aside, which only classes report). */
const struct agg_class *agg_global(const struct agg_table *ct)
{
    struct agg_table *t = (struct agg_table *)ct; /* a cache: the value the caller sees is const */
    if (!t->global_dirty)
        return &t->global.pub;
    agg_class_clear(t, &t->global);
    global_reset(t);
    uint32_t *map = malloc((t->nattrs ? t->nattrs : 1) * sizeof *map);
    if (map) {
        for (uint32_t i = 0; i < t->nattrs; i++)
            map[i] = i;
        for (uint64_t i = 0; i < t->nslots; i++)
            if (t->slots[i])
                agg_class_merge(&t->global, t, t->slots[i], map, NULL);
        free(map);
        t->global_dirty = false;
    }
    return &t->global.pub;
}

double *agg_total_sums(const struct agg_table *t)
{
    uint32_t n = t->nattrs ? t->nattrs : 1;
    struct fixsum *sum = calloc(n, sizeof *sum);
    double *out = calloc(n, sizeof *out);
    if (!sum || !out) {
        free(sum);
        free(out);
        return NULL;
    }
    if (!t->global_dirty) { /* made already, or given (a regrouped table's totals are not its
                               classes' sum) */
        const struct agg_class *g = &t->global.pub;
        for (uint32_t i = 0; i < g->nattrs; i++)
            if (t->attrs[g->attrs[i].id].kind == ATTR_NUM)
                sum[g->attrs[i].id] = g->attrs[i].u.num.sum;
    } else {
        for (uint64_t i = 0; i < t->nslots; i++) {
            const struct agg_class *c = t->slots[i] ? &t->slots[i]->pub : NULL;
            for (uint32_t k = 0; c && k < c->nattrs; k++)
                if (t->attrs[c->attrs[k].id].kind == ATTR_NUM)
                    fixsum_merge(&sum[c->attrs[k].id], &c->attrs[k].u.num.sum);
        }
    }
    for (uint32_t i = 0; i < t->nattrs; i++)
        out[i] = fixsum_to_double(&sum[i]);
    free(sum);
    return out;
}

void agg_foreach_sample(struct agg_table *t, void (*fn)(struct agg_sample *, void *), void *ctx)
{
    for (uint64_t i = 0; i < t->nslots; i++)
        if (t->slots[i])
            fn(&t->slots[i]->pub.worst, ctx);
}

const struct agg_class **agg_classes(const struct agg_table *t, uint64_t *n)
{
    const struct agg_class **all = malloc((t->nclasses ? t->nclasses : 1) * sizeof *all);
    *n = 0;
    if (!all)
        return NULL;
    for (uint64_t i = 0; i < t->nslots; i++)
        if (t->slots[i])
            all[(*n)++] = &t->slots[i]->pub;
    return all;
}
