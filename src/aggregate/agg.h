/* Aggregation: one entry per query class (or per db/user/host with --group-by), holding everything
 * the reports and later analyses need — counts, per-attribute statistics, string distributions,
 * comment tags, the worst sample, per-minute activity. Memory grows with the number of classes, never
 * with the number of events. Tables of different threads, and saved digests, merge exactly. */
#ifndef SLOWDEX_AGG_H
#define SLOWDEX_AGG_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aggregate/stats.h"
#include "aggregate/strdist.h"
#include "events/attrs.h"
#include "events/event.h"
#include "util/sv.h"

/* How an attribute is aggregated. Decided by its name when known — IDENT: Start, End, InnoDB_trx_id,
 * Thread_id, Id, timestamp, insert_id, last_insert_id, Statement_id, Xid, pos_in_log, end_log_pos,
 * server_id; STR: Schema, Log_slow_rate_type, Log_slow_rate_limit, Last_errno, Error_no, Errno and
 * names ending in _crc — else by its first non-empty value: a number is NUM, Yes/No is BOOL, anything
 * else STR. A later value that does not fit the kind ("" or "abc" for a NUM, "maybe" for a BOOL, ""
 * for any kind) counts as missing for that event. A name repeated within one event counts once (the
 * first value). The kind is the table's, for every class. */
enum attr_kind {
    ATTR_NUM,    /* numbers: num_stats */
    ATTR_BOOL,   /* Yes/No: yes count out of cnt */
    ATTR_STR,    /* strings: strdist */
    ATTR_IDENT,  /* unique to each event (Start, End, InnoDB_trx_id, Thread_id…): only counted */
};

struct class_attr {
    uint32_t id;          /* index into the table's attribute list (agg_attr_name) */
    uint64_t cnt;         /* events of the class that had it */
    union {
        struct num_stats num;
        uint64_t yes;     /* ATTR_BOOL */
        struct strdist str;
    } u;
};

/* The worst event of a class: the greatest --order-by value, ties to the latest. */
struct agg_sample {
    char *query;          /* the full statement: owned, or borrowed (below); not NUL-terminated
                             when borrowed, so always read it with query_len */
    size_t query_len;
    bool query_borrowed;  /* query points into a mapped input that outlives the table (see
                             event.stable), so samples cost no copy */
    char *db;             /* owned, may be "" */
    char *explain;        /* MariaDB `# explain:` block, owned, NULL when none */
    int64_t ts_us;
    int64_t order_value;  /* fixed-point value of the --order-by attribute */
    int file_idx;
    uint64_t offset;      /* byte offset of the event in its input */
    uint64_t line;
    uint64_t seq;         /* global event order, for ties */
};

/* Activity of a class in one minute, for charts. */
struct agg_minute {
    uint32_t minute;      /* minutes since the Unix epoch */
    uint32_t cnt;
    int64_t query_time;   /* fixed-point sum of Query_time */
};

struct agg_class {
    char *key;            /* the group-by value: the fingerprint, or a db/user/host */
    uint32_t key_len;
    uint64_t hash;
    char query_id[33];    /* MD5 of the fingerprint (group by fingerprint), else of the key */
    char *fingerprint;    /* fingerprint of the worst sample (== key when grouping by fingerprint) */
    uint64_t cnt;
    int64_t ts_min, ts_max;        /* EVENT_TS_UNKNOWN when no event had a time */
    struct class_attr *attrs;      /* sorted by id */
    uint32_t nattrs, capattrs;
    struct strdist db, user, host; /* the event's db (skipped when empty: unknown), user and host
                                      (counted even when "" as pt does; skipped when the view is NULL) */
    struct strdist tags;           /* comment tags (fp_comment_tag) */
    struct agg_sample worst;
    struct agg_minute *minutes;    /* sorted by minute */
    uint32_t nminutes, capminutes;
};

struct agg_table;

struct agg_options {
    const char *order_attr;   /* the attribute whose max picks the worst sample; "Query_time" */
    bool keep_minutes;        /* keep per-minute activity (for --save) */
};

struct agg_table *agg_new(const struct agg_options *o);
void agg_free(struct agg_table *t);

/* Adds one event to the class named by key. fingerprint is the event's fingerprint (used when the
 * class is created and when the event becomes its worst sample); tags are the comment tags of the
 * statement. names is the parser's attribute table, used to translate the event's attribute ids.
 * seq orders events globally (ties of the worst sample go to the greater seq).
 * Returns 0, or -1 when out of memory. */
int agg_add(struct agg_table *t, const struct attr_names *names, const struct event *ev,
            struct sv key, struct sv fingerprint, const struct sv *tags, int ntags, uint64_t seq);
/* The inputs a table's samples come from: file_idx of a sample indexes this list. A run registers
 * its inputs in order in every table it makes (so file_idx is the input's index); merging and loading
 * saved digests translate indexes by name. Returns the index, or -1 when out of memory. */
int agg_file_intern(struct agg_table *t, const char *name);
/* The name of file idx, or NULL when out of range. */
const char *agg_file_name(const struct agg_table *t, int idx);

/* The hash of a class key, as the table uses it (callers that partition classes use it too). */
uint64_t agg_key_hash(struct sv key);
/* Adds every class and the global totals of src into dst, exactly (attribute ids are matched by
 * name; see strdist.h for the one inexact case, a class with more than STRDIST_MAX distinct values of
 * a string). src is left unchanged. An attribute whose kind differs between the tables keeps dst's
 * kind, and src's values for it are left out. */
int agg_merge(struct agg_table *dst, const struct agg_table *src);

/* Moves every class of src into dst: a class dst lacks changes hands without a copy, one both
 * have is merged. src is left with no classes (free it after). The result equals agg_merge's; for
 * the disjoint partitions of a parallel run it costs no second copy of the classes in memory.
 * Returns 0, or -1 when out of memory (dst then holds part of src; both stay valid to free). */
int agg_absorb(struct agg_table *dst, struct agg_table *src);

/* Regrouping: folds every class of src into the classes of dst named by keys(class) — one class
 * can join several groups (a join counts for each of its tables). dst must be new (no classes);
 * its totals are src's, each event once, not the sum of its groups. keys writes at most `max`
 * views (valid until its next call) and returns how many, or -1 when out of memory. */
#define AGG_REGROUP_MAX_KEYS 64
typedef int (*agg_keys_fn)(const struct agg_class *c, void *ctx, struct sv *keys, int max);
int agg_regroup(struct agg_table *dst, const struct agg_table *src, agg_keys_fn keys, void *ctx);

/* The whole log as one class: totals over every event. Made on first use and kept (a cache in
 * the table: not to be called while another thread reads the table's totals). */
const struct agg_class *agg_global(const struct agg_table *t);
/* The sum of each numeric attribute over every event (agg_attr_count of them, 0 for the others),
 * exactly agg_global's sums, without filling its cache: what readers on other threads use while
 * agg_global runs. Malloc'd; NULL when out of memory. */
double *agg_total_sums(const struct agg_table *t);
uint64_t agg_class_count(const struct agg_table *t);
/* All classes in an array the caller frees (not the classes). */
const struct agg_class **agg_classes(const struct agg_table *t, uint64_t *n);

/* Calls fn with every class's worst sample, which it may change (a parallel run learns the true line
 * numbers of its chunks only at the end). */
void agg_foreach_sample(struct agg_table *t, void (*fn)(struct agg_sample *, void *), void *ctx);

uint32_t agg_attr_count(const struct agg_table *t);
const char *agg_attr_name(const struct agg_table *t, uint32_t id);
enum attr_kind agg_attr_kind(const struct agg_table *t, uint32_t id);
uint32_t agg_attr_find(const struct agg_table *t, const char *name);
/* The class's entry for attribute id, or NULL when none of its events had it. */
const struct class_attr *agg_class_attr(const struct agg_class *c, uint32_t id);

/* Saved digests (--save): a versioned, line-oriented JSON file that keeps everything above,
 * including full samples and per-minute activity, so that digests from many servers merge exactly.
 * The format is docs/saved-digest.md. A loaded sample's file_idx indexes the files of the digest it
 * came from. agg_load merges only a file that is valid throughout; otherwise t is left unchanged. */
#define AGG_SAVE_MAGIC "{\"slowdex_digest\":"
int agg_save(const struct agg_table *t, FILE *out);
/* Loads a saved digest into t (merging with what t holds). errbuf gets a one-line reason. */
int agg_load(struct agg_table *t, const char *path, const char *data, size_t n, char *errbuf,
             size_t errlen);

/* A part of a saved digest that another module owns (the N+1 patterns: analyze/nplus1_save.h), so
 * that this module knows nothing of it: a member of the header's "sections" object, {"lines":N,…},
 * and N lines after the classes. Readers skip the sections they do not know. */
struct buf;
struct cJSON;
struct agg_save_section {
    const char *name;
    uint64_t nlines;
    void *ctx;
    /* Appends the section object's members after "lines", each starting with a comma. */
    int (*put_header)(void *ctx, struct buf *b);
    /* Appends line i (0 ≤ i < nlines) without its newline. */
    int (*put_line)(void *ctx, uint64_t i, struct buf *b);
};
struct agg_load_section {
    const char *name;
    void *ctx;
    /* The section object of the header (nfiles: how many names its "files" list holds), and each
     * of its lines. They return 0, or -1 with a reason (no file:line: the loader adds it) in err. */
    int (*header)(void *ctx, const struct cJSON *o, uint32_t nfiles, char *err, size_t errlen);
    int (*line)(void *ctx, const struct cJSON *o, char *err, size_t errlen);
    /* Called once the whole file is good and its classes are in t: fmap[i] is the index in t of
     * the header's file i. Returns 0, or -1 when out of memory. Not called for a file without the
     * section (version 1, or a writer that had none). */
    int (*commit)(void *ctx, const int *fmap, uint32_t nfiles);
};
/* agg_save and agg_load with one section (NULL: none). */
int agg_save_ex(const struct agg_table *t, FILE *out, const struct agg_save_section *s);
int agg_load_ex(struct agg_table *t, const char *path, const char *data, size_t n,
                const struct agg_load_section *s, char *errbuf, size_t errlen);
/* A JSON string as saved digests write one: every byte kept, quotes, backslashes and control
 * bytes escaped. Returns 0, or -1 when out of memory. */
int agg_save_put_str(struct buf *b, const char *s, size_t n);
/* Numbers as saved digests read them: an integer a double holds exactly (at most 2^53), not
 * negative and at most max (agg_load_u64), or of either sign (agg_load_i64); false otherwise. */
bool agg_load_u64(const struct cJSON *j, uint64_t max, uint64_t *out);
bool agg_load_i64(const struct cJSON *j, int64_t *out);

#endif
