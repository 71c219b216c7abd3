/* Internals of the aggregation table shared by agg.c (table, attributes, merge), agg_add.c (the per
 * event path), agg_save.c and agg_load.c. Nothing outside src/aggregate includes this. */
#ifndef SLOWDEX_AGG_INT_H
#define SLOWDEX_AGG_INT_H
#include "aggregate/agg.h"

/* A class as the table owns it: the public part first (callers get &pub), then the capacities of
 * the buffers the worst sample reuses, so that a new worst sample reallocates only to grow. The key
 * is stored in the same allocation, right after this struct. */
struct agg_class_priv {
    struct agg_class pub;
    char *fp_own;            /* fingerprint buffer when the fingerprint differs from the key */
    bool is_global;          /* the table's totals: no sample */
    uint32_t fp_cap, query_cap, db_cap, explain_cap;
};

struct agg_attr_def {
    char *name;
    enum attr_kind kind;
    bool millis;  /* logged in milliseconds (MariaDB's Engine_time): kept in seconds like every time */
};

/* One attribute of the event being added, resolved to the table's id and parsed once for both the
 * class and the global totals. */
struct agg_value {
    uint32_t id;
    enum attr_kind kind;
    int64_t num;   /* ATTR_NUM */
    bool yes;      /* ATTR_BOOL */
    struct sv str; /* ATTR_STR */
};

struct agg_table {
    char *order_attr;
    bool keep_minutes;
    struct agg_attr_def *attrs;
    uint32_t nattrs, capattrs;
    uint32_t order_id, qt_id;      /* ids of the order-by attribute and Query_time, or UINT32_MAX */
    uint32_t bytes_id;             /* id of `bytes`, the statement length, or UINT32_MAX */
    struct agg_class_priv **slots; /* open addressing, linear probing; NULL = empty */
    uint64_t nslots, nclasses;
    char **files;                  /* input names the samples' file_idx index (agg_file_intern) */
    uint32_t nfiles, capfiles;
    struct agg_class_priv global;  /* the sum of every class, rebuilt when asked after a change */
    bool global_dirty;
    /* The parser's attribute ids -> ours, for the one attr_names table last passed to agg_add. */
    const struct attr_names *map_names;
    uint32_t *map, nmap;
    /* Per event scratch: resolved values, and the stamp of the last event that had each attribute
     * (a name repeated within one event counts once: the first value wins). */
    struct agg_value *vals;
    uint64_t *seen;
    uint32_t *attr_pos;            /* by id: where the attribute was in the last class that had it */
    uint64_t stamp;
};

/* Returns the id of name, creating it with kind when new (an existing attribute keeps its kind);
 * UINT32_MAX when out of memory. */
uint32_t agg_attr_intern(struct agg_table *t, const char *name, size_t len, enum attr_kind kind);
/* The class named key, created (empty, with its Query ID) when new; NULL when out of memory. */
struct agg_class_priv *agg_class_get(struct agg_table *t, struct sv key, uint64_t hash, bool *created);
/* The class's entry for attribute id, inserted (zeroed) when missing; NULL when out of memory. */
struct class_attr *agg_class_attr_get(struct agg_class *c, uint32_t id);
/* Replaces the class's worst sample (and fingerprint) by s; fp is its fingerprint. The query is
 * borrowed when `borrow` (it outlives the table), else copied; db, explain and fp are copied. */
int agg_sample_set(struct agg_class_priv *cp, const struct agg_sample *s, struct sv query, struct sv db,
                   struct sv explain, struct sv fp, bool borrow);
/* Adds one minute of activity, keeping the array sorted. */
int agg_minute_add(struct agg_class *c, uint32_t minute, uint32_t cnt, int64_t query_time);
/* Frees a class's members (not the class itself); t says which kind each attribute is. */
void agg_class_clear(const struct agg_table *t, struct agg_class_priv *cp);
/* Folds src, a class of table st, into dst; map translates st's attribute ids to dst's table's
 * (UINT32_MAX: leave that attribute out). */
int agg_class_merge(struct agg_class_priv *dst, const struct agg_table *st,
                    const struct agg_class_priv *src, const uint32_t *map, const int *fmap);
void agg_class_release(const struct agg_table *t, struct agg_class_priv *cp);
/* Puts cp into t's hash table, unless t has a class of that key already: returns that class then
 * (and cp is not taken), else cp; NULL when out of memory. */
struct agg_class_priv *agg_class_insert(struct agg_table *t, struct agg_class_priv *cp);

#endif
