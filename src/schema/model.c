/* The schema model's objects: creating, copying and freeing tables, columns, indexes and foreign
 * keys, and finding them by name the way the server compares names (tables and databases as
 * lower_case_table_names says, columns and indexes case-insensitively). Lookups are linear: a
 * schema has hundreds of tables, not millions, and the analyzer looks up per statement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"

char *schema_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *schema_strdup(const char *s)
{
    return s ? schema_strndup(s, strlen(s)) : NULL;
}

bool schema_set_str(char **dst, const char *src)
{
    char *c = NULL;
    if (src && !(c = schema_strdup(src)))
        return false;
    free(*dst);
    *dst = c;
    return true;
}

struct schema *schema_new(const struct sql_target *target)
{
    struct schema *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->impl = calloc(1, sizeof *s->impl);
    if (!s->impl) {
        free(s);
        return NULL;
    }
    s->target = target ? *target : sql_target_default();
    s->impl->target_known = target != NULL;
    return s;
}

const char *schema_intern_file(struct schema *s, const char *name)
{
    struct schema_impl *im = s->impl;
    for (size_t i = 0; i < im->nfiles; i++)
        if (strcmp(im->files[i], name) == 0)
            return im->files[i];
    char **n = realloc(im->files, (im->nfiles + 1) * sizeof *n);
    if (!n)
        return NULL;
    im->files = n;
    if (!(n[im->nfiles] = schema_strdup(name)))
        return NULL;
    return n[im->nfiles++];
}

void schema_column_clear(struct schema_column *c)
{
    free(c->name);
    free(c->type);
    free(c->type_text);
    free(c->charset);
    free(c->collation);
    free(c->default_value);
    free(c->on_update);
    free(c->generation_expr);
    free(c->comment);
    memset(c, 0, sizeof *c);
}

void schema_index_clear(struct schema_index *ix)
{
    for (size_t i = 0; i < ix->nparts; i++) {
        free(ix->parts[i].column);
        free(ix->parts[i].expr);
    }
    free(ix->parts);
    free(ix->name);
    free(ix->comment);
    memset(ix, 0, sizeof *ix);
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void schema_fk_clear(struct schema_foreign_key *fk)
{
    free(fk->name);
    free_strv(fk->columns, fk->ncolumns);
    free(fk->ref_db);
    free(fk->ref_table);
    free_strv(fk->ref_columns, fk->nref_columns);
    free(fk->on_delete);
    free(fk->on_update);
    memset(fk, 0, sizeof *fk);
}

void schema_table_free(struct schema_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncolumns; i++)
        schema_column_clear(&t->columns[i]);
    for (size_t i = 0; i < t->nindexes; i++)
        schema_index_clear(&t->indexes[i]);
    for (size_t i = 0; i < t->nfks; i++)
        schema_fk_clear(&t->fks[i]);
    free(t->columns);
    free(t->indexes);
    free(t->fks);
    free(t->db);
    free(t->name);
    free(t->engine);
    free(t->row_format);
    free(t->charset);
    free(t->collation);
    free(t->comment);
    free(t);
}

/* Copies a string member: 0 when the copy failed for want of memory. An int, so that callers
 * combine them with `&`: every member is then copied or NULL, never left pointing at the
 * original, and the half-made copy can be freed. */
static int dup_into(char **dst, const char *src)
{
    *dst = NULL;
    return !src || (*dst = schema_strdup(src)) != NULL;
}

bool schema_column_copy(struct schema_column *d, const struct schema_column *c)
{
    *d = *c;
    bool ok = (dup_into(&d->name, c->name) & dup_into(&d->type, c->type) &
              dup_into(&d->type_text, c->type_text) & dup_into(&d->charset, c->charset) &
              dup_into(&d->collation, c->collation) &
              dup_into(&d->default_value, c->default_value) &
              dup_into(&d->on_update, c->on_update) &
              dup_into(&d->generation_expr, c->generation_expr) &
              dup_into(&d->comment, c->comment)) != 0;
    if (!ok)
        schema_column_clear(d);
    return ok;
}

bool schema_index_copy(struct schema_index *d, const struct schema_index *ix)
{
    *d = *ix;
    d->parts = NULL;
    d->nparts = 0;
    bool ok = (dup_into(&d->name, ix->name) & dup_into(&d->comment, ix->comment)) != 0;
    if (ok && ix->nparts) {
        d->parts = calloc(ix->nparts, sizeof *d->parts);
        ok = d->parts != NULL;
        for (size_t i = 0; ok && i < ix->nparts; i++) {
            d->parts[i] = ix->parts[i];
            d->nparts = i + 1;
            ok = (dup_into(&d->parts[i].column, ix->parts[i].column) &
                  dup_into(&d->parts[i].expr, ix->parts[i].expr)) != 0;
        }
    }
    if (!ok)
        schema_index_clear(d);
    return ok;
}

static bool copy_strv(char ***dst, char **src, size_t n)
{
    *dst = NULL;
    if (!n)
        return true;
    if (!(*dst = calloc(n, sizeof **dst)))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!dup_into(&(*dst)[i], src[i]))
            return false;
    return true;
}

static bool fk_copy(struct schema_foreign_key *d, const struct schema_foreign_key *f)
{
    *d = *f;
    bool ok = (dup_into(&d->name, f->name) & dup_into(&d->ref_db, f->ref_db) &
               dup_into(&d->ref_table, f->ref_table) & dup_into(&d->on_delete, f->on_delete) &
               dup_into(&d->on_update, f->on_update)) != 0;
    ok = copy_strv(&d->columns, f->columns, f->ncolumns) && ok;
    ok = copy_strv(&d->ref_columns, f->ref_columns, f->nref_columns) && ok;
    if (!ok) /* a partly copied vector holds NULLs after the failure: free_strv copes */
        schema_fk_clear(d);
    return ok;
}

static bool table_copy_members(struct schema_table *d, const struct schema_table *t)
{
    bool ok = (dup_into(&d->db, t->db) & dup_into(&d->name, t->name) &
               dup_into(&d->engine, t->engine) & dup_into(&d->row_format, t->row_format) &
               dup_into(&d->charset, t->charset) & dup_into(&d->collation, t->collation) &
               dup_into(&d->comment, t->comment)) != 0;
    if (!ok)
        return false;
    if ((t->ncolumns && !(d->columns = calloc(t->ncolumns, sizeof *d->columns))) ||
        (t->nindexes && !(d->indexes = calloc(t->nindexes, sizeof *d->indexes))) ||
        (t->nfks && !(d->fks = calloc(t->nfks, sizeof *d->fks))))
        return false;
    for (; d->ncolumns < t->ncolumns; d->ncolumns++)
        if (!schema_column_copy(&d->columns[d->ncolumns], &t->columns[d->ncolumns]))
            return false;
    for (; d->nindexes < t->nindexes; d->nindexes++)
        if (!schema_index_copy(&d->indexes[d->nindexes], &t->indexes[d->nindexes]))
            return false;
    for (; d->nfks < t->nfks; d->nfks++)
        if (!fk_copy(&d->fks[d->nfks], &t->fks[d->nfks]))
            return false;
    return true;
}

struct schema_table *schema_table_clone(const struct schema_table *t)
{
    struct schema_table *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    *d = *t;
    d->db = d->name = d->engine = d->row_format = d->charset = d->collation = d->comment = NULL;
    d->columns = NULL;
    d->indexes = NULL;
    d->fks = NULL;
    d->ncolumns = d->nindexes = d->nfks = 0;
    if (!table_copy_members(d, t)) {
        schema_table_free(d);
        return NULL;
    }
    return d;
}

static void free_objects(struct schema *s)
{
    for (size_t i = 0; i < s->nobjects; i++) {
        free(s->objects[i].db);
        free(s->objects[i].name);
    }
    free(s->objects);
    for (size_t i = 0; i < s->ndatabases; i++) {
        free(s->databases[i].name);
        free(s->databases[i].charset);
        free(s->databases[i].collation);
    }
    free(s->databases);
}

void schema_free(struct schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ntables; i++)
        schema_table_free(s->tables[i]);
    free(s->tables);
    free_objects(s);
    free(s->current_db);
    if (s->impl) {
        free_strv(s->impl->files, s->impl->nfiles);
        free(s->impl);
    }
    free(s);
}

/* --- names ---------------------------------------------------------------------------------- */

bool schema_name_eq(const struct schema *s, const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return s->lower_case_table_names ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

static bool name_eq_n(const struct schema *s, const char *a, const char *b, size_t n)
{
    if (strlen(a) != n)
        return false;
    return s->lower_case_table_names ? strncasecmp(a, b, n) == 0 : strncmp(a, b, n) == 0;
}

static bool ci_eq_n(const char *a, const char *b, size_t n)
{
    return a && strlen(a) == n && strncasecmp(a, b, n) == 0;
}

long schema_table_pos(const struct schema *s, const char *db, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++) {
        const struct schema_table *t = s->tables[i];
        if (schema_name_eq(s, t->name, name) && schema_name_eq(s, t->db, db))
            return (long)i;
    }
    return -1;
}

bool schema_add_table(struct schema *s, struct schema_table *t)
{
    struct schema_table **n = realloc(s->tables, (s->ntables + 1) * sizeof *n);
    if (!n) {
        schema_table_free(t);
        return false;
    }
    s->tables = n;
    n[s->ntables++] = t;
    return true;
}

void schema_remove_table(struct schema *s, size_t pos)
{
    schema_table_free(s->tables[pos]);
    memmove(&s->tables[pos], &s->tables[pos + 1], (s->ntables - pos - 1) * sizeof *s->tables);
    s->ntables--;
}

struct schema_database *schema_find_database(const struct schema *s, const char *name)
{
    for (size_t i = 0; i < s->ndatabases; i++)
        if (schema_name_eq(s, s->databases[i].name, name))
            return &s->databases[i];
    return NULL;
}

bool schema_add_object(struct schema *s, enum schema_object_kind kind, const char *db,
                       const char *name, struct schema_loc loc)
{
    schema_remove_object(s, kind, db, name);
    struct schema_object *n = realloc(s->objects, (s->nobjects + 1) * sizeof *n);
    if (!n)
        return false;
    s->objects = n;
    struct schema_object *o = &n[s->nobjects];
    *o = (struct schema_object){.kind = kind, .loc = loc};
    if (!dup_into(&o->db, db) || !dup_into(&o->name, name)) {
        free(o->db);
        return false;
    }
    s->nobjects++;
    return true;
}

bool schema_remove_object(struct schema *s, enum schema_object_kind kind, const char *db,
                          const char *name)
{
    for (size_t i = 0; i < s->nobjects; i++) {
        struct schema_object *o = &s->objects[i];
        if (o->kind != kind || !schema_name_eq(s, o->name, name) || !schema_name_eq(s, o->db, db))
            continue;
        free(o->db);
        free(o->name);
        memmove(o, o + 1, (s->nobjects - i - 1) * sizeof *o);
        s->nobjects--;
        return true;
    }
    return false;
}

long schema_column_pos(const struct schema_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcasecmp(t->columns[i].name, name) == 0)
            return (long)i;
    return -1;
}

long schema_index_pos(const struct schema_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (strcasecmp(t->indexes[i].name, name) == 0)
            return (long)i;
    return -1;
}

long schema_fk_pos(const struct schema_table *t, const char *name)
{
    for (size_t i = 0; i < t->nfks; i++)
        if (t->fks[i].name && strcasecmp(t->fks[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* After a table is renamed, foreign keys that reference it follow, and its own generated
 * constraint names (old_ibfk_N) become new_ibfk_N, as InnoDB renames them. */
bool schema_table_renamed(struct schema *s, struct schema_table *t, const char *odb,
                              const char *oname)
{
    for (size_t i = 0; i < s->ntables; i++) {
        struct schema_table *r = s->tables[i];
        for (size_t j = 0; j < r->nfks; j++) {
            struct schema_foreign_key *fk = &r->fks[j];
            const char *rdb = fk->ref_db ? fk->ref_db : r->db;
            if (!schema_name_eq(s, fk->ref_table, oname) || !schema_name_eq(s, rdb, odb))
                continue;
            if (!schema_set_str(&fk->ref_table, t->name))
                return false;
            bool same = schema_name_eq(s, t->db, r->db);
            if (!schema_set_str(&fk->ref_db, same ? NULL : t->db))
                return false;
        }
    }
    size_t ol = strlen(oname);
    for (size_t j = 0; j < t->nfks; j++) {
        char *n = t->fks[j].name;
        if (!n || strncmp(n, oname, ol) != 0 || strncmp(n + ol, "_ibfk_", 6) != 0)
            continue;
        size_t len = strlen(t->name) + strlen(n + ol) + 1;
        char *nn = malloc(len);
        if (!nn)
            return false;
        snprintf(nn, len, "%s%s", t->name, n + ol);
        free(n);
        t->fks[j].name = nn;
    }
    return true;
}

/* --- public lookups -------------------------------------------------------------------------- */

/* The one table named `name` in any database; NULL when none or several. */
static struct schema_table *unique_by_name(const struct schema *s, const char *name, size_t n)
{
    struct schema_table *found = NULL;
    for (size_t i = 0; i < s->ntables; i++) {
        if (!name_eq_n(s, s->tables[i]->name, name, n))
            continue;
        if (found)
            return NULL;
        found = s->tables[i];
    }
    return found;
}

struct schema_table *schema_find_table(const struct schema *s, const char *db, size_t db_len,
                                       const char *name, size_t name_len,
                                       const char *default_db)
{
    const char *want = db;
    size_t want_len = db_len;
    if (!db && default_db) {
        want = default_db;
        want_len = strlen(default_db);
    }
    struct schema_table *nodb = NULL;
    for (size_t i = 0; i < s->ntables; i++) {
        struct schema_table *t = s->tables[i];
        if (!name_eq_n(s, t->name, name, name_len))
            continue;
        if (want && t->db && name_eq_n(s, t->db, want, want_len))
            return t;
        if (!t->db && !nodb)
            nodb = t; /* the dump never said its database: it may be the one meant */
    }
    if (nodb)
        return nodb;
    return db ? NULL : unique_by_name(s, name, name_len);
}

struct schema_column *schema_find_column(const struct schema_table *t, const char *name,
                                         size_t len)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (ci_eq_n(t->columns[i].name, name, len))
            return &t->columns[i];
    return NULL;
}

struct schema_index *schema_find_index(const struct schema_table *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (ci_eq_n(t->indexes[i].name, name, len))
            return &t->indexes[i];
    return NULL;
}

const struct schema_object *schema_find_object(const struct schema *s, const char *db,
                                               const char *name, size_t len)
{
    for (size_t i = 0; i < s->nobjects; i++) {
        const struct schema_object *o = &s->objects[i];
        if (name_eq_n(s, o->name, name, len) && (!db || !o->db || schema_name_eq(s, o->db, db)))
            return o;
    }
    return NULL;
}
