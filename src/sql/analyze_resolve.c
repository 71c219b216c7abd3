/* Scope resolution for the analyzer: ties each column reference to one table reference, or
 * leaves it unresolved. A qualifier names a reference by its label (alias, else name) in the
 * block or, for a correlated reference, an enclosing one. An unqualified name belongs to the one
 * table that has it: known exactly from the schema or from a derived table's select list; without
 * that knowledge only when one table is left that could have it. ORDER BY, GROUP BY and HAVING
 * first look among the select list's aliases, as the server does. */
#include <stdio.h>
#include <string.h>

#include "schema/schema.h"
#include "sql/analyze_int.h"

#define NOT_FOUND (-1)
#define AMBIGUOUS (-2)

struct sv sqlx_ref_label(const struct sql_table_ref *t)
{
    return t->alias.n ? t->alias : t->derived_block >= 0 && !t->name.n ? SV_NULL : t->name;
}

size_t sql_ref_label(const struct sql_analysis *an, int ref, char *buf, size_t size)
{
    if (ref < 0 || (size_t)ref >= an->ntables || size == 0) {
        if (size)
            buf[0] = '\0';
        return 0;
    }
    const struct sql_table_ref *t = &an->tables[ref];
    struct sv label = t->alias.n ? t->alias : t->name;
    char tmp[32];
    if (!label.n) {
        snprintf(tmp, sizeof tmp, "?derived%d", t->derived_block);
        label = sv_cstr(tmp);
    }
    bool shared = false;
    for (size_t r = 0; r < an->ntables && !shared; r++) {
        const struct sql_table_ref *u = &an->tables[r];
        struct sv other = u->alias.n ? u->alias : u->name;
        shared = (int)r != ref && other.n && sv_eq(other, label);
    }
    int n = shared ? snprintf(buf, size, "%.*s#%d", (int)label.n, label.p, ref)
                   : snprintf(buf, size, "%.*s", (int)label.n, label.p);
    return n < 0 ? 0 : (size_t)n;
}

/* A select item's alias as a name (an alias may be written as a string). */
static struct sv alias_name(struct sqlx *x, const struct sqlx_clause *c)
{
    if (c->alias.n >= 2 && (c->alias.p[0] == '\'' || (c->alias.p[0] == '"' &&
                                                      !(x->o->sql_modes & SQL_MODE_ANSI_QUOTES))))
        return sv_make(c->alias.p + 1, c->alias.n - 2);
    return sqlx_ident(x, c->alias);
}

/* 1: the reference has the column, 0: it has not, -1: nobody knows (no schema for it). */
static int has_column(const struct sql_table_ref *t, struct sv col)
{
    if (t->schema)
        return schema_find_column(t->schema, col.p, col.n) ? 1 : 0;
    return -1;
}

static int find_qualified(struct sqlx *x, int block, struct sv qual, struct sv db)
{
    int found = NOT_FOUND;
    for (size_t r = 0; r < x->an->ntables; r++) {
        const struct sql_table_ref *t = &x->an->tables[r];
        if (t->block != block)
            continue;
        bool match = db.n ? (!t->alias.n && sqlx_name_eq(x, t->name, qual) &&
                             sqlx_name_eq(x, t->db, db))
                          : sqlx_name_eq(x, sqlx_ref_label(t), qual);
        if (match)
            found = found == NOT_FOUND ? (int)r : AMBIGUOUS;
    }
    return found;
}

/* Without a schema: the only table of the block, else unresolved. With one: the one table that
 * has the column; none (all known) sends the search outward; a table the schema does not know
 * might have it, so that is unresolved — unless it is the block's only table: then nothing is
 * known either way, and the column is taken as it is without a schema (else a schema that lacks
 * the table, such as lint's from the files' own DDL, would lose every predicate on it). */
static int find_unqualified(struct sqlx *x, int block, struct sv col)
{
    int yes = NOT_FOUND, only = NOT_FOUND, nyes = 0, nunknown = 0, nrefs = 0;
    for (size_t r = 0; r < x->an->ntables; r++) {
        const struct sql_table_ref *t = &x->an->tables[r];
        if (t->block != block)
            continue;
        nrefs++;
        only = (int)r;
        int h = x->o->schema ? has_column(t, col) : -1;
        if (h > 0) {
            yes = (int)r;
            nyes++;
        } else if (h < 0) {
            nunknown++;
        }
    }
    if (!x->o->schema)
        return nrefs == 1 ? only : AMBIGUOUS;
    if (nrefs == 1 && nunknown == 1)
        return only;
    if (nunknown > 0 || nyes > 1)
        return AMBIGUOUS;
    return nyes == 1 ? yes : NOT_FOUND;
}

/* Walks out from `block` through the scopes a reference there can see. */
static int lookup(struct sqlx *x, int block, const struct sqlx_node *n)
{
    bool skip = false;
    struct sv qual = sqlx_ident(x, n->qual), db = sqlx_ident(x, n->qual2);
    struct sv col = sqlx_ident(x, n->name);
    for (int depth = 0; block >= 0 && depth <= SQLX_MAX_DEPTH * 4; depth++) {
        if (!skip) {
            int r = n->qual.n ? find_qualified(x, block, qual, db)
                              : find_unqualified(x, block, col);
            if (r != NOT_FOUND)
                return r;
        }
        const struct sql_block *b = &x->an->blocks[block];
        /* A union's other selects, a CTE and a derived table do not see the block they sit in. */
        skip = b->ctx == SQL_CTX_UNION || b->ctx == SQL_CTX_CTE || b->ctx == SQL_CTX_VALUES ||
               (b->ctx == SQL_CTX_FROM && !x->bs[block].lateral);
        block = b->parent;
    }
    return NOT_FOUND;
}

static const struct sqlx_clause *find_alias(struct sqlx *x, int block, struct sv col)
{
    for (const struct sqlx_clause *c = x->bs[block].first; c; c = c->next) {
        if (c->kind == SQLX_C_SELECT && c->alias.n && sqlx_col_eq(alias_name(x, c), col))
            return c;
    }
    return NULL;
}

/* One tree (n and its kids; n's own siblings are not part of it). */
static void resolve_node(struct sqlx *x, int block, struct sqlx_node *n, bool aliases)
{
    if (n->kind == SQLX_N_COLUMN) {
        if (aliases && !n->qual.n)
            n->alias = find_alias(x, block, sqlx_ident(x, n->name));
        if (!n->alias) {
            int r = lookup(x, block, n);
            n->table = r >= 0 ? r : SQL_NO_REF;
        }
    }
    for (struct sqlx_node *k = n->kid; k; k = k->next)
        resolve_node(x, block, k, aliases);
}

void sqlx_resolve(struct sqlx *x)
{
    for (size_t b = 0; b < x->an->nblocks; b++)
        for (struct sqlx_clause *c = x->bs[b].first; c; c = c->next) {
            if (!c->expr)
                continue;
            bool aliases = c->kind == SQLX_C_GROUP || c->kind == SQLX_C_ORDER ||
                           c->kind == SQLX_C_HAVING;
            if (c->kind == SQLX_C_USING)
                c->expr->table = SQL_NO_REF; /* it names both sides: the facts pass picks them */
            else
                resolve_node(x, (int)b, c->expr, aliases);
        }
}
