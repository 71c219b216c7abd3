/* The plan rules over one EXPLAIN plan: every `plan_table` rule of the catalog over each table
 * access, with the fact tree {plan, plan_table, statement, query, server, schema}. plan_table is
 * the access's JSON (docs/explain.md) plus what the statement and the schema tell about that
 * table: its real name behind an alias, the columns the WHERE, JOIN, ORDER BY and GROUP BY use,
 * the chosen key's columns and how many of them key_len covers. `slowdex explain` runs it over the
 * pasted plans, `slowdex digest` over the MariaDB `# explain:` block of each class's sample. */
#ifndef SLOWDEX_PLAN_FINDINGS_H
#define SLOWDEX_PLAN_FINDINGS_H
#include <stddef.h>

#include <cjson/cJSON.h>

#include "explain/plan.h"
#include "facts/facts.h"
#include "rules/engine.h"

/* What every plan of a run shares. The caller owns all of it. */
struct plan_findings_ctx {
    const struct rule_catalog *cat;
    const struct sql_target *target; /* which rules apply (NULL: all) */
    const cJSON *server;             /* the `server` root, put in each tree by reference */
    const struct facts_schema *fs;   /* NULL: no schema known */
    struct facts_ctx *fx;            /* analyses the plan's statement (schema, modes, target) */
    struct expr_eval *ev;
};

/* What the caller knows of a plan beyond the plan itself. */
struct plan_findings_about {
    const char *query;    /* the statement; NULL: the plan's own (the paste's query), if any */
    size_t query_len;
    const char *db;       /* its default database; NULL when unknown */
    const char *query_id; /* subject of the findings in a digest (a class); NULL otherwise */
    const char *file;     /* plan.file; NULL: none. Not part of the subject: a paste's path says
                             nothing about the plan, and a digest's class is its subject */
    bool lines;           /* the subject names the access's line (a paste; not a digest class) */
    unsigned index;       /* plan.index, 1-based */
};

/* Evaluates the enabled plan_table rules over every access of p (the subject: the access's table,
 * by its real name when the statement tells it, else as the plan names it) (a plan without accesses once, as
 * a whole, with an empty plan_table). Findings are appended to out in access order; ends, when not
 * NULL, has room for p->nacc + 1 entries and receives out->n after each access (ends[p->nacc]:
 * after the plan-level subject, which only a plan without accesses has). Returns 0, or -1 when
 * out of memory. */
int plan_findings_eval(struct plan_findings_ctx *c, const struct explain_plan *p,
                       const struct plan_findings_about *ab, struct finding_list *out,
                       size_t *ends);

/* The plan_table object of access x: explain_access_to_json plus, when query (the `query` root,
 * docs/sql-analysis.md) is given, table_name, where_columns, join_columns, order_by_columns and
 * group_by_columns, and when the schema knows the table and x's key, key_columns and (from
 * key_len, when the form gave no used_key_parts) key_parts_used. db is the default database.
 * NULL when out of memory. */
cJSON *plan_findings_table_json(const struct explain_access *x, const cJSON *query,
                                const struct schema *s, const char *db);

#endif
