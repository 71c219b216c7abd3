/* The plan model: one EXPLAIN, whatever form it was pasted in (boxed table, mysql -B batch, \G
 * vertical, FORMAT=JSON of MySQL v1/v2 or MariaDB, FORMAT=TREE / EXPLAIN ANALYZE, MariaDB's slow-log
 * `# explain:` block), reduced to its table accesses in join order. Forms carry different facts, so
 * every access says which facts its form gave (`known`); a fact a form lacked is not guessed.
 * Everything a plan points to lives in the arena it was parsed into. docs/explain.md describes the
 * JSON form of this model, which is what plan rules read. */
#ifndef SLOWDEX_EXPLAIN_PLAN_H
#define SLOWDEX_EXPLAIN_PLAN_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/sv.h"

enum explain_form {
    EXPLAIN_FORM_TABLE,        /* the mysql client's boxed table */
    EXPLAIN_FORM_BATCH,        /* tab-separated (mysql -B, mysqltest results) */
    EXPLAIN_FORM_VERTICAL,     /* \G */
    EXPLAIN_FORM_JSON_V1,      /* MySQL 5.6-8.x FORMAT=JSON, query_block */
    EXPLAIN_FORM_JSON_V2,      /* MySQL 8.3+ FORMAT=JSON version 2, access paths */
    EXPLAIN_FORM_JSON_MARIADB, /* MariaDB EXPLAIN/ANALYZE FORMAT=JSON */
    EXPLAIN_FORM_TREE,         /* MySQL FORMAT=TREE and EXPLAIN ANALYZE */
    EXPLAIN_FORM_SLOWLOG,      /* MariaDB slow log `# explain:` lines */
    EXPLAIN_FORM_COUNT
};

/* Facts of one table access; bit (1u << fact) of explain_access.known says the form gave it. */
enum explain_fact {
    EXF_SELECT_ID,
    EXF_SELECT_TYPE,
    EXF_TABLE,
    EXF_PARTITIONS,
    EXF_ACCESS_TYPE,
    EXF_POSSIBLE_KEYS,
    EXF_KEY,
    EXF_KEY_LEN,
    EXF_USED_KEY_PARTS,
    EXF_REF,
    EXF_ROWS,
    EXF_FILTERED,
    EXF_ACTUAL_ROWS,     /* rows per loop: MariaDB r_rows, MySQL actual rows= / actual_rows */
    EXF_ACTUAL_LOOPS,    /* MariaDB r_loops, MySQL loops= / actual_loops */
    EXF_ACTUAL_FILTERED, /* MariaDB r_filtered */
    EXF_ACTUAL_TIME,     /* MySQL first/last row ms, averaged per loop */
    EXF_ACTUAL_TOTAL_MS, /* MariaDB r_total_time_ms, or MySQL last row ms x loops */
    EXF_COST,            /* the access's own cost: TREE/JSON v2 total cost, MariaDB cost */
    EXF_V1_COSTS,        /* MySQL JSON v1 read_cost, eval_cost, prefix_cost */
    EXF_EXTRA,
    EXF_DEPENDENT,
    EXF_CONDITION,
    EXF_INDEX_CONDITION,
    EXF_COUNT
};

/* Extra flags, one bit each: bit (1ull << flag) of explain_access.extra. */
enum explain_extra {
    EXX_USING_WHERE,
    EXX_USING_INDEX,
    EXX_USING_INDEX_CONDITION,
    EXX_USING_FILESORT,
    EXX_USING_TEMPORARY,
    EXX_USING_JOIN_BUFFER, /* which one: explain_access.join_buffer */
    EXX_RANGE_CHECKED,
    EXX_IMPOSSIBLE_WHERE,
    EXX_IMPOSSIBLE_HAVING,
    EXX_SELECT_TABLES_OPTIMIZED_AWAY,
    EXX_NO_TABLES_USED,
    EXX_NO_MATCHING_ROW_IN_CONST,
    EXX_CONST_ROW_NOT_FOUND,
    EXX_NO_MATCHING_MIN_MAX,
    EXX_ZERO_LIMIT,
    EXX_LOOSESCAN,
    EXX_FIRSTMATCH,
    EXX_START_TEMPORARY,
    EXX_END_TEMPORARY,
    EXX_USING_MRR,
    EXX_USING_INDEX_FOR_GROUP_BY,
    EXX_USING_INDEX_FOR_SKIP_SCAN,
    EXX_USING_INDEX_MERGE, /* Using union/sort_union/intersect(...) */
    EXX_NOT_EXISTS,
    EXX_DISTINCT,
    EXX_FULL_SCAN_ON_NULL_KEY,
    EXX_OTHER, /* an Extra item none of the above names; see extra_text */
    EXX_COUNT
};

struct explain_access {
    unsigned line;     /* input line this access was read from (1-based) */
    int depth;         /* display nesting: 0 for the outer block, +1 per subquery / derived level */
    uint32_t known;    /* bits of enum explain_fact */
    uint64_t extra;    /* bits of enum explain_extra (meaningful when EXF_EXTRA is known) */
    long select_id;    /* EXPLAIN's id; 0 when NULL (UNION RESULT) */
    const char *select_type;
    const char *table;      /* as the plan prints it: the alias when there is one, <derived2> … */
    const char *partitions; /* comma list, NULL for NULL */
    const char *access_type; /* ALL index range ref eq_ref const system index_merge … (MySQL names) */
    const char **possible_keys;
    unsigned npossible_keys;
    const char *key;     /* NULL: no key (when EXF_KEY is known) */
    const char *key_len; /* string: index_merge gives "4,4" */
    const char **used_key_parts;
    unsigned nused_key_parts;
    const char *ref;
    double rows, filtered;
    double actual_rows, actual_loops, actual_filtered;
    double actual_first_ms, actual_last_ms, actual_total_ms;
    double cost, read_cost, eval_cost, prefix_cost;
    int dependent; /* 1 when executed per outer row (DEPENDENT SUBQUERY, "dependent": true) */
    const char *join_buffer;     /* "BNL", "BKA" or "hash join" when EXX_USING_JOIN_BUFFER */
    const char *index_merge;     /* "sort_union(a,b)" … when EXX_USING_INDEX_MERGE, as Extra says */
    const char *extra_text;      /* the Extra column as given, or the flags named for other forms */
    const char *condition;       /* attached condition / Filter, when the form prints it */
    const char *index_condition; /* pushed index condition */
    const char *operation;       /* TREE / JSON v2 line describing the access, verbatim */
};

/* The server a plan came from, as far as its form tells: MariaDB-only forms and keys (ANALYZE's
 * r_rows columns, r_loops, block-nl-join, expression_cache, the slow log's # explain:) and
 * MySQL-only ones (TREE, JSON v2, cost_info). */
enum explain_server { EXPLAIN_SERVER_UNKNOWN, EXPLAIN_SERVER_MYSQL, EXPLAIN_SERVER_MARIADB };

struct explain_plan {
    enum explain_form form;
    enum explain_server server;
    unsigned line;         /* first line of the plan in the input */
    const char *query;     /* the statement pasted above it, NULL when none */
    const char *message;   /* a plan-level message ("No tables used", "Impossible WHERE"…) */
    int analyzed;          /* ANALYZE / EXPLAIN ANALYZE: actual figures present */
    struct explain_access *acc;
    unsigned nacc;
};

struct explain_set {
    struct explain_plan *plans;
    unsigned nplans;
};

/* Reads every plan in text (any form, several plans, prompts and noise allowed). Problems are
 * recorded in d as `file:line: reason`; whatever could be read is kept. Returns -1 only when out of
 * memory. */
int explain_parse(const char *text, size_t len, const char *file, struct arena *a,
                  struct explain_set *out, struct diag *d);

/* Parses the raw `# explain: ` block of a MariaDB slow-log event (struct agg_sample.explain, prefixes
 * included) into one plan. *out is NULL when the block held no plan. -1 only when out of memory. */
int explain_parse_slowlog_block(struct sv block, const char *file, unsigned first_line,
                                struct arena *a, struct explain_plan **out, struct diag *d);

/* The model as JSON (docs/explain.md): one plan object, `plan` of the fact trees; NULL when out of
 * memory. index is the plan's 1-based position, file where it came from. */
struct cJSON;
struct cJSON *explain_plan_to_json(const struct explain_plan *p, unsigned index, const char *file);
/* One table access, `plan_table` of the fact trees. */
struct cJSON *explain_access_to_json(const struct explain_access *x);
/* The readable form: one line per access, indented by depth. -1 when out of memory. */
struct buf;
int explain_plan_print_text(const struct explain_plan *p, unsigned index, const char *file,
                            struct buf *out);
/* One access's line (without indentation or newline) as the text form prints it. */
int explain_access_print_text(const struct explain_access *x, struct buf *out);

/* Names for output and docs. */
const char *explain_form_name(enum explain_form f);
/* "mysql", "mariadb"; NULL when unknown. */
const char *explain_server_name(enum explain_server s);
const char *explain_fact_name(enum explain_fact f);
const char *explain_extra_name(enum explain_extra x);

#endif
