/* Fact trees: the one place where slowdex turns its models (a statement and its analysis, a schema
 * table or index, a class of the digest, the whole log) into the cJSON objects the rules read.
 * Every analyzer that evaluates rules (digest, lint, later the plan and N+1 analyzers) builds its
 * trees here, so a rule sees the same `statement.…`, `table.…` or `class.…` wherever it runs.
 * docs/facts.md lists every root and field. Builders return NULL (or -1) only when memory runs
 * out; bad input gives partial facts, never a failure. */
#ifndef SLOWDEX_FACTS_H
#define SLOWDEX_FACTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "aggregate/agg.h"
#include "fingerprint/fingerprint.h"
#include "util/jtree.h"
#include "schema/schema.h"
#include "sql/analysis.h"
#include "util/arena.h"

struct facts_class_want;

/* Reusable state for building statement facts: the analyzer's options (schema, target, modes),
 * an arena for one analysis at a time and the fingerprint buffers. */
struct facts_ctx {
    struct sql_analyze_opts ao;
    struct arena arena;   /* the statement analysis of the last facts_add_statement */
    struct arena scratch; /* the tree of the last facts_class_tree_scratch */
    struct fp_state fp;
};

/* ao is copied (its schema must outlive the context); NULL: sql_analyze_opts_default(). */
void facts_ctx_init(struct facts_ctx *x, const struct sql_analyze_opts *ao);
void facts_ctx_free(struct facts_ctx *x);

/* One statement and where it came from. */
struct facts_stmt {
    const char *text;
    size_t len;
    const char *db;          /* the default database it ran in; NULL or "" when unknown */
    const char *file;        /* NULL when not from a file */
    uint64_t line;           /* 1-based line where text starts; 0 when unknown */
    unsigned ordinal;        /* its number in its input (the analysis's `statement`) */
    const char *fingerprint; /* NULL: computed here */
    const char *query_id;    /* the fingerprint's Query ID; NULL: computed here */
};

/* Adds the roots `statement` (text, fingerprint, query_id, db, file, and the line of the first
 * keyword: st->line plus the lines of comments before it) and `query` (the
 * analysis of docs/sql-analysis.md, made with the context's options and st->db as the default
 * database) to tree. When an is not NULL it receives the analysis, valid until the next call with
 * this context. Returns 0, or -1 when out of memory. */
int facts_add_statement(struct facts_ctx *x, cJSON *tree, const struct facts_stmt *st,
                        const struct sql_analysis **an);
/* The same built with j (util/jtree.h), with only the lists of `query` in parts (SQLJ_ bits). On
 * failure tree may hold part of the roots: its caller frees it. */
int facts_jt_add_statement(struct facts_ctx *x, const struct jtree *j, cJSON *tree,
                           const struct facts_stmt *st, const struct sql_analysis **an,
                           unsigned parts);
/* A new fact tree for a statement subject: {statement, query, server}. NULL when out of memory. */
cJSON *facts_statement_tree(struct facts_ctx *x, const struct facts_stmt *st,
                            const struct sql_analysis **an);

/* The `server` root for a target: {target, flavor, version, guessed}. */
cJSON *facts_server_json(const struct sql_target *t);

/* Table and index facts. The schema's JSON (schema_to_json) is built once and each table's
 * object taken from it, so that the table facts are exactly docs/schema.md's table object plus
 * the derived facts of docs/facts.md. */
struct facts_schema {
    const struct schema *s;
    cJSON *json;         /* schema_to_json(s) */
    cJSON **table_json;  /* table_json[i] is the object of s->tables[i] inside json */
};

/* Returns 0, or -1 when out of memory. */
int facts_schema_init(struct facts_schema *fs, const struct schema *s);
void facts_schema_free(struct facts_schema *fs);
/* The `table` object of s->tables[i]: the schema JSON's table plus derived facts. */
cJSON *facts_table_json(const struct facts_schema *fs, size_t i);
/* A fact tree for a table subject: {table, server, schema} (schema by reference: fs must outlive
 * the tree). */
cJSON *facts_table_tree(const struct facts_schema *fs, size_t i);
/* Adds the `schema` root (fs->json, shared by reference: fs must outlive tree) to a statement,
 * class or index tree, so that rules can look up the tables a query names; nothing when fs is
 * NULL (no schema known). Returns 0, or -1 when out of memory. */
int facts_add_schema(cJSON *tree, const struct facts_schema *fs);
/* Adds the roots of an index subject to tree: `index` (index j of t) and `table` (t's object from
 * facts_table_json, shared by reference: it must outlive tree). The caller adds `server` if it
 * wants it. Returns 0, or -1 when out of memory. */
int facts_add_index(cJSON *tree, const struct schema_table *t, size_t j, const cJSON *table);

/* Byte width of one column as an index record stores it at most (fixed types exactly, strings
 * their declared maximum in the charset's widest character plus length bytes); -1 when unknown
 * (TEXT, BLOB, JSON, spatial, or a type slowdex does not know). */
int64_t facts_column_width(const struct schema_column *c);
/* The width of an index part on c: a prefix of N characters counts N of them, else the column. */
int64_t facts_part_width(const struct schema_column *c, int64_t prefix);
/* Whether a column looks like it holds a UUID: CHAR/VARCHAR(32 or 36), BINARY/VARBINARY(16), the
 * MariaDB UUID type. */
bool facts_column_uuid_like(const struct schema_column *c);

/* Adds member k: the time us as ISO 8601 UTC ("2024-05-10T17:45:09.123456Z"), or null when it is
 * EVENT_TS_UNKNOWN. False when out of memory. */
bool facts_add_time(cJSON *o, const char *k, int64_t us);
/* The same built with j. */
bool facts_jt_add_time(const struct jtree *j, cJSON *o, const char *k, int64_t us);

/* The `class` object of c (docs/facts.md): query_id, fingerprint, count, times, qps, per numeric
 * attribute {cnt,sum,min,max,avg,median,pct_95,pct_99,stddev,share}, per Yes/No attribute
 * {yes,cnt,pct}, the sample's place. t is the table c belongs to (its global holds the sums the
 * shares are of). */
cJSON *facts_class_json(const struct agg_table *t, const struct agg_class *c);
/* The same with only what want asks for (NULL: everything): left-out attributes and statistics
 * are absent, which a rule that does not read them cannot tell. */
cJSON *facts_class_json_want(const struct agg_table *t, const struct agg_class *c,
                             const struct facts_class_want *want);
/* A fact tree for a class subject: {class, statement, query} — the statement facts are those of
 * the class's worst sample, analysed in its database with the context's options. */
cJSON *facts_class_tree(struct facts_ctx *x, const struct agg_table *t, const struct agg_class *c);
/* The same with only what want asks for (NULL: everything) and the roots every subject shares,
 * `server` and `schema` (fs NULL: none), by reference; built in the context's scratch arena: the
 * tree is valid until the next call and must not be freed (a digest builds one per class). */
cJSON *facts_class_tree_scratch(struct facts_ctx *x, const struct agg_table *t,
                                const struct agg_class *c, const struct facts_class_want *want,
                                const cJSON *server, const struct facts_schema *fs);

/* Asks the processor to bring what facts_class_tree_scratch reads of class c into its cache ahead
 * of c's turn: a digest's classes are spread over a heap far bigger than the cache, and building
 * their facts one after another waits on memory as much as it computes. Step 0 fetches the class,
 * step 1 what it points to (attributes, sample, fingerprint), step 2 the buckets of its statistics:
 * each step reads what the one before brought, so the caller issues them for classes nearer and
 * nearer to their turn. Changes nothing but timing. */
void facts_class_prefetch(const struct agg_table *t, const struct agg_class *c, int step);

/* Which class facts to build, when not all: a digest evaluates the class rules over every class,
 * and most attributes, and most members of the others, are read by no rule. */
struct facts_class_want {
    bool all;          /* everything (a rule reads the `class` root as a whole) */
    bool statement;    /* the `statement` and `query` roots of the worst sample */
    unsigned query;    /* the lists of `query` that are read (SQLJ_ bits of sql/analysis.h) */
    uint32_t fixed;    /* the members every class has that are read: bit i for the i-th of
                          query_id, fingerprint, count, ts_min, ts_max, qps, time_share, sample */
    uint16_t *attr;    /* per attribute id, the members read: bit i for the i-th member of a
                          numeric attribute (cnt, sum, min, max, avg, median, pct_95, pct_99,
                          stddev, share) or of a Yes/No one (yes, cnt, pct); 0: none */
    uint32_t nattr;
    /* Not a choice but an input: the digest's sum of each attribute (agg_total_sums), for
     * `share` and `time_share` (facts_class_want_totals); NULL: read from agg_global, whose cache
     * must then be filled already when several threads build facts. */
    const double *total_sum;
};
/* Whether what w asks for reads the digest's totals (a `share` or `time_share`). */
bool facts_class_want_totals(const struct facts_class_want *w);
/* A want that builds nothing yet (attr sized for t's attributes); -1 when out of memory. */
int facts_class_want_init(struct facts_class_want *w, const struct agg_table *t);
void facts_class_want_free(struct facts_class_want *w);
/* Adds a path a rule reads under `query` (fields as expr_visit_paths gives them; n = 0: all). */
void facts_class_want_query(struct facts_class_want *w, const char *const *fields, size_t n);
/* Adds a path a rule reads under `class` (fields as expr_visit_paths gives them; n = 0: all). */
void facts_class_want_path(struct facts_class_want *w, const struct agg_table *t,
                           const char *const *fields, size_t n);

/* What the digest knows of its inputs beyond the aggregates. */
struct facts_digest_info {
    unsigned files;
    uint64_t bad_lines;      /* parse problems */
};
/* The `digest` object: whole-log facts (events, classes, time span, qps, whether the log was
 * sampled with Log_slow_rate_limit and at what rate). info may be NULL. */
cJSON *facts_digest_json(const struct agg_table *t, const struct facts_digest_info *info);

#endif
