/* The statement analyzer: what one MySQL statement does, as a small typed tree of facts (tables,
 * predicates, ordering, grouping, limits, columns read, what defeats an index), allocated in an
 * arena. The rule engine, the index advisor and `slowdex sql` read it; docs/sql-analysis.md is its
 * specification (field meanings, JSON and text forms).
 *
 * Names are views: into the statement text when they were written without quotes, else into the
 * arena. The analysis is valid while both the text and the arena live. */
#ifndef SLOWDEX_SQL_ANALYSIS_H
#define SLOWDEX_SQL_ANALYSIS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/target.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/sv.h"

struct schema;
struct schema_table;
struct cJSON;

enum sql_stmt_kind { SQL_STMT_SELECT, SQL_STMT_INSERT, SQL_STMT_REPLACE, SQL_STMT_UPDATE,
                     SQL_STMT_DELETE, SQL_STMT_OTHER };

/* Where a query block sits in the statement. */
enum sql_block_ctx { SQL_CTX_TOP, SQL_CTX_FROM, SQL_CTX_WHERE, SQL_CTX_SELECT, SQL_CTX_HAVING,
                     SQL_CTX_UNION, SQL_CTX_CTE, SQL_CTX_SET, SQL_CTX_VALUES };

enum sql_join_kind { SQL_JOIN_FROM, SQL_JOIN_COMMA, SQL_JOIN_INNER, SQL_JOIN_LEFT, SQL_JOIN_RIGHT,
                     SQL_JOIN_CROSS, SQL_JOIN_STRAIGHT, SQL_JOIN_NATURAL };

enum sql_db_from { SQL_DB_QUALIFIER, SQL_DB_DEFAULT, SQL_DB_NONE };

enum sql_pred_kind { SQL_PRED_EQ, SQL_PRED_RANGE, SQL_PRED_JOIN };

/* What a column is compared with. */
enum sql_value_kind { SQL_VAL_CONST, SQL_VAL_PARAM, SQL_VAL_COLUMN, SQL_VAL_SUBQUERY, SQL_VAL_EXPR,
                      SQL_VAL_NULL };

enum sql_defeat_kind { SQL_DEFEAT_FUNCTION, SQL_DEFEAT_ARITHMETIC, SQL_DEFEAT_LEADING_WILDCARD,
                       SQL_DEFEAT_NEGATION, SQL_DEFEAT_NOT_IN, SQL_DEFEAT_OR_COLUMNS,
                       SQL_DEFEAT_TYPE_CONVERSION, SQL_DEFEAT_COLLATION_CONVERSION };

enum sql_limit_kind { SQL_LIMIT_NONE, SQL_LIMIT_NUMBER, SQL_LIMIT_PARAM };

#define SQL_NO_REF (-1) /* "no table reference" / "no block" in the int fields below */

struct sql_block {
    int id;
    int parent; /* SQL_NO_REF for block 0 */
    enum sql_block_ctx ctx;
    bool where, distinct, star, count_star, for_update, lock_in_share_mode;
    /* Beyond the spec's JSON fields, for the rules: */
    bool order_rand;       /* ORDER BY RAND() */
    bool has_order;        /* an ORDER BY clause (also a union's, on block 0) */
    bool has_group;
    bool with_rollup;
    bool cartesian;        /* two or more tables not all connected by join predicates */
    bool no_column_list;   /* INSERT/REPLACE … VALUES or … SELECT without a column list */
    bool on_duplicate;     /* INSERT … ON DUPLICATE KEY UPDATE */
    bool union_all;        /* this block was joined to the previous one by UNION ALL */
    enum sql_limit_kind limit_kind, offset_kind;
    uint64_t limit, offset;
};

enum sql_hint_kind { SQL_HINT_USE, SQL_HINT_IGNORE, SQL_HINT_FORCE };

struct sql_hint {
    enum sql_hint_kind kind;
    const char *scope; /* "", "join", "order by", "group by" */
    struct sv *indexes;
    size_t nindexes;
};

struct sql_table_ref {
    int ref;
    int block;
    uint32_t pos;          /* where the reference starts (a derived table: its `(`) */
    struct sv db;          /* empty when unknown */
    enum sql_db_from db_from;
    struct sv name;        /* table name; a CTE's name; empty for a derived table */
    struct sv alias;       /* empty when none */
    bool derived;          /* derived table, CTE reference or JSON_TABLE */
    int derived_block;     /* the block that defines it, or SQL_NO_REF */
    enum sql_join_kind join;
    bool write;
    struct sql_hint *hints;
    size_t nhints;
    const struct schema_table *schema; /* NULL when no schema or not in it */
};

struct sql_predicate {
    int block;
    enum sql_pred_kind kind;
    const char *op;      /* "=", "<=>", "in", "is null", "<", "<=", ">", ">=", "between", "like" */
    int table;           /* ref; SQL_NO_REF only when the column is unresolved */
    struct sv column;
    uint32_t pos;        /* of the column reference */
    enum sql_value_kind value;
    int other_table;     /* join: the other side */
    struct sv other_column;
};

/* A GROUP BY or ORDER BY item. */
struct sql_order_item {
    int block;
    int table;           /* SQL_NO_REF for an expression or an unresolved column */
    struct sv column;    /* empty for an expression */
    const char *expr;    /* NULL for a column; the leading function name upper-cased, or "expr" */
    bool desc;
    uint32_t pos;
};

struct sql_column_read {
    int table;
    struct sv column;
    uint32_t pos;        /* first use */
};

struct sql_defeat {
    enum sql_defeat_kind kind;
    int table;           /* SQL_NO_REF when the column is unresolved */
    struct sv column;
    uint32_t pos;
    const char *detail;  /* NULL when the kind has none */
};

struct sql_unresolved {
    int block;
    struct sv qualifier; /* empty when unqualified */
    struct sv column;
    uint32_t pos;
};

struct sql_analysis {
    enum sql_stmt_kind kind;
    bool from_fingerprint;
    bool complete;
    uint32_t first_line;  /* 1-based line of the first token within the text (after comments) */
    uint32_t problem_pos;
    const char *problem;  /* NULL when complete */
    struct sql_block *blocks;
    size_t nblocks;
    struct sql_table_ref *tables;
    size_t ntables;
    struct sql_predicate *preds;
    size_t npreds;
    struct sql_order_item *group_by;
    size_t ngroup_by;
    struct sql_order_item *order_by;
    size_t norder_by;
    struct sql_column_read *columns;
    size_t ncolumns;
    struct sql_defeat *defeats;
    size_t ndefeats;
    struct sql_unresolved *unresolved;
    size_t nunresolved;
};

struct sql_analyze_opts {
    const char *default_db;        /* the session's database (`use`, Schema:); NULL when none */
    unsigned sql_modes;            /* SQL_MODE_* of sql/lexer.h */
    struct sql_target target;      /* decides which version comments run */
    int lower_case_table_names;    /* 0: table names compared exactly; 1, 2: folded */
    const struct schema *schema;   /* NULL when none: columns resolved by qualifier or scope */
    bool from_fingerprint;         /* the text is a fingerprint (literals are ?, names mangled) */
};

/* Default options: no db, no modes, the default target, lower_case_table_names 0, no schema. */
struct sql_analyze_opts sql_analyze_opts_default(void);

/* Analyses text[0..len) (one statement, no terminator). The result and everything it points to
 * are allocated in `a`; a statement that is not understood still gives a result (complete=false).
 * Returns false only when memory runs out. */
bool sql_analyze(const char *text, size_t len, const struct sql_analyze_opts *opts, struct arena *a,
                 struct sql_analysis **out);

/* The JSON object of docs/sql-analysis.md; `ordinal` and `line` say where the statement was in its
 * input. NULL when out of memory. */
struct cJSON *sql_analysis_to_json(const struct sql_analysis *an, unsigned ordinal, unsigned line);

/* The lists of that object, to build only some of them (a rule engine reading few of them need
 * not pay for the rest). The scalar members are always there. */
enum {
    SQLJ_BLOCKS = 1 << 0,
    SQLJ_TABLES = 1 << 1,
    SQLJ_PREDICATES = 1 << 2,
    SQLJ_GROUP_BY = 1 << 3,
    SQLJ_ORDER_BY = 1 << 4,
    SQLJ_COLUMNS = 1 << 5,
    SQLJ_DEFEATS = 1 << 6,
    SQLJ_UNRESOLVED = 1 << 7,
    SQLJ_ALL = (1 << 8) - 1
};
/* The SQLJ_ bit of a member name: 0 for a scalar member, SQLJ_ALL for a name it does not know. */
unsigned sql_analysis_json_part(const char *member);
/* sql_analysis_to_json built with j (util/jtree.h: malloc'd, or in an arena), with only the lists
 * in parts (SQLJ_ bits); the others are left out. */
struct jtree;
struct cJSON *sql_analysis_to_jtree(const struct jtree *j, const struct sql_analysis *an,
                                    unsigned ordinal, unsigned line, unsigned parts);

/* Appends the text form of docs/sql-analysis.md to out. Returns 0, or -1 when out of memory. */
int sql_analysis_print_text(const struct sql_analysis *an, unsigned ordinal, unsigned line,
                            struct buf *out);

/* The label the text form gives a reference: its alias, else its name, else ?derivedN; with
 * `#REF` appended when another reference of the statement has the same label. Writes it into
 * buf (NUL-ended, cut at size-1); returns its length before cutting. */
size_t sql_ref_label(const struct sql_analysis *an, int ref, char *buf, size_t size);

/* Names for the enums, as the JSON and text forms spell them. */
const char *sql_stmt_kind_name(enum sql_stmt_kind k);
const char *sql_block_ctx_name(enum sql_block_ctx c);
const char *sql_join_kind_name(enum sql_join_kind j);
const char *sql_value_kind_name(enum sql_value_kind v);
const char *sql_defeat_kind_name(enum sql_defeat_kind d);

#endif
